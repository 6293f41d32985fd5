//! The events library: send_message stores a message and notifies listeners
//! synchronously; get_messages iterates over a snapshot of what was sent;
//! storm fires events from several threads at once.

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

    pub fn storm(threads: i32, per_thread: i32, done: seam::Completion<i32>) -> seam::Result<()> {
        // Negative counts send nothing.
        let (n, each) = (threads.max(0), per_thread.max(0));
        std::thread::spawn(move || {
            let senders: Vec<_> = (0..n)
                .map(|t| {
                    std::thread::spawn(move || {
                        for i in 0..each {
                            emit_message_listener(&format!("t{t}:{i}"));
                        }
                    })
                })
                .collect();
            for s in senders {
                let _ = s.join();
            }
            done.complete(n * each);
        });
        Ok(())
    }

    pub fn listener_count() -> seam::Result<i32> {
        Ok(i32::try_from(message_listener_subscriber_count()).unwrap_or(i32::MAX))
    }
}
