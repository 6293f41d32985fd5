//! The events library: send_message stores a message and notifies listeners
//! synchronously; get_messages iterates over a snapshot of what was sent.

pub mod events {
    use crate::api::events::*;
    use crate::seam;
    use std::sync::Mutex;

    static MESSAGES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    pub fn send_message(text: String) -> seam::Result<()> {
        MESSAGES.lock().unwrap_or_else(|e| e.into_inner()).push(text.clone());
        emit_message_listener(&text);
        Ok(())
    }

    pub fn get_messages() -> seam::Result<Box<dyn Iterator<Item = String> + Send>> {
        let snapshot = MESSAGES.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Ok(Box::new(snapshot.into_iter()))
    }
}
