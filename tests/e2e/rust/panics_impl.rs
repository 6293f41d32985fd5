//! Panics everywhere a Rust producer can panic, to show that none crosses the
//! C ABI: the caller receives code -2, "producer panicked: <message>".

pub mod panics {
    use crate::api::panics::*;
    use crate::seam;
    use std::sync::Arc;

    struct Fragile;

    impl Gadget for Fragile {
        fn boom(&self, msg: String) -> seam::Result<i32> {
            panic!("{msg}");
        }
    }

    pub mod gadget {
        use super::*;

        pub fn new(fail: bool) -> seam::Result<Arc<dyn Gadget>> {
            if fail {
                panic!("no gadget today");
            }
            Ok(Arc::new(Fragile))
        }
    }

    pub fn boom(msg: String) -> seam::Result<String> {
        if msg.is_empty() {
            return Ok("fine".to_string());
        }
        panic!("{msg}");
    }

    pub fn boom_any() -> seam::Result<i32> {
        std::panic::panic_any(42);
    }

    pub fn boom_now(msg: String, done: seam::Completion<i32>) -> seam::Result<()> {
        let _keep = done;
        panic!("{msg}");
    }

    pub fn boom_later(msg: String, done: seam::Completion<i32>) -> seam::Result<()> {
        std::thread::spawn(move || {
            let _keep = done;
            panic!("{msg}");
        });
        Ok(())
    }

    pub fn boom_iter(after: i32) -> seam::Result<Box<dyn Iterator<Item = i32> + Send>> {
        Ok(Box::new((1..).map(move |i| if i > after { panic!("iterator gave up after {after}") } else { i })))
    }
}
