//! The async-demo library. Every async body runs on its own thread and
//! completes from there; active_callbacks() counts bodies still running.
//! Tasks get ids from 1 in launch order. A task whose name starts with
//! "hold" waits until cancel_task(id) releases it and then reports
//! success=false with value "cancelled"; a task named "drop" abandons its
//! completion (the caller still hears back exactly once, with an error).

pub mod tasks {
    use crate::api::tasks::*;
    use crate::seam;
    use std::collections::BTreeSet;
    use std::sync::atomic::{AtomicI32, AtomicI64, Ordering};
    use std::sync::{Condvar, Mutex};

    static ACTIVE: AtomicI64 = AtomicI64::new(0);
    static NEXT_ID: AtomicI64 = AtomicI64::new(1);

    struct Holds {
        held: BTreeSet<i64>,      // ids of "hold" tasks still waiting
        cancelled: BTreeSet<i64>, // ids released by cancel_task
    }

    static HOLDS: Mutex<Holds> = Mutex::new(Holds { held: BTreeSet::new(), cancelled: BTreeSet::new() });
    static RELEASED: Condvar = Condvar::new();

    fn holds() -> std::sync::MutexGuard<'static, Holds> {
        HOLDS.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `body` on a new detached thread, counted by active_callbacks().
    fn spawn(body: impl FnOnce() + Send + 'static) {
        ACTIVE.fetch_add(1, Ordering::SeqCst);
        std::thread::spawn(move || {
            body();
            ACTIVE.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// Runs one named task to its result on the calling thread.
    fn run(name: &str) -> TaskResult {
        let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
        if name.starts_with("hold") {
            let mut guard = holds();
            guard.held.insert(id);
            while !guard.cancelled.contains(&id) {
                guard = RELEASED.wait(guard).unwrap_or_else(|e| e.into_inner());
            }
            guard.cancelled.remove(&id);
            return TaskResult { id, value: "cancelled".to_string(), success: false };
        }
        TaskResult { id, value: format!("done: {name}"), success: true }
    }

    pub fn run_task(name: String, done: seam::Completion<TaskResult>) -> seam::Result<()> {
        if name.is_empty() {
            return Err(TaskError::InvalidName.into());
        }
        if name == "drop" {
            spawn(move || drop(done));
            return Ok(());
        }
        spawn(move || done.complete(run(&name)));
        Ok(())
    }

    pub fn run_batch(names: Vec<String>, done: seam::Completion<Vec<TaskResult>>) -> seam::Result<()> {
        spawn(move || {
            let mut results = Vec::new();
            for name in &names {
                if name.is_empty() {
                    done.fail(TaskError::InvalidName);
                    return;
                }
                results.push(run(name));
            }
            done.complete(results);
        });
        Ok(())
    }

    pub fn cancel_task(id: i64) -> seam::Result<bool> {
        let mut guard = holds();
        if !guard.held.remove(&id) {
            return Ok(false);
        }
        guard.cancelled.insert(id);
        RELEASED.notify_all();
        Ok(true)
    }

    pub fn run_n_tasks(n: i32, done: seam::Completion<i32>) -> seam::Result<()> {
        if n < 0 {
            return Err(seam::Error::other("n must not be negative"));
        }
        spawn(move || {
            let succeeded = AtomicI32::new(0);
            std::thread::scope(|scope| {
                for i in 0..n {
                    let succeeded = &succeeded;
                    scope.spawn(move || {
                        if run(&format!("task {i}")).success {
                            succeeded.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                }
            });
            done.complete(succeeded.load(Ordering::SeqCst));
        });
        Ok(())
    }

    pub fn active_callbacks() -> seam::Result<i64> {
        Ok(ACTIVE.load(Ordering::SeqCst))
    }
}
