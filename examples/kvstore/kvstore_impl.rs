//! The kvstore library: an in-memory store (the path only names it).
//! open("") fails with IoError; a path ending in "?capacity=N" limits the
//! store to N live entries (default default_capacity()), beyond which put()
//! of a new key fails with StoreFull. Entries with a TTL expire after that
//! many seconds (0: at once; negative: Expired). get() of a missing key fails
//! with KeyNotFound and of an expired one returns nothing. delete() and
//! compact() notify the eviction listener per removed key. compact() removes
//! expired entries on a worker thread and reports the bytes reclaimed; a
//! cancelled token makes it fail with IoError.

pub mod kv {
    use crate::api::kv::stats::Stats;
    use crate::api::kv::*;
    use crate::seam;
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::{SystemTime, UNIX_EPOCH};

    fn now() -> i64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
    }

    fn is_expired(entry: &Entry, now: i64) -> bool {
        entry.expires_at.is_some_and(|at| at <= now)
    }

    fn capacity_of(path: &str) -> seam::Result<i64> {
        const MARKER: &str = "?capacity=";
        match path.rfind(MARKER) {
            None => store::default_capacity(),
            Some(at) => path[at + MARKER.len()..]
                .parse::<i64>()
                .map_err(|_| KvError::IoError.with(format!("bad capacity in path '{path}'"))),
        }
    }

    struct State {
        next_id: i64,
        entries: BTreeMap<String, Entry>,
    }

    impl State {
        fn live(&self, now: i64) -> i64 {
            self.entries.values().filter(|e| !is_expired(e, now)).count() as i64
        }
    }

    pub(crate) struct MemoryStore {
        capacity: i64,
        state: Arc<Mutex<State>>,
    }

    fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
        state.lock().unwrap_or_else(|e| e.into_inner())
    }

    impl MemoryStore {
        pub(crate) fn stats(&self) -> Stats {
            let state = lock(&self.state);
            let now = now();
            let mut out = Stats::default();
            for entry in state.entries.values() {
                if is_expired(entry, now) {
                    out.expired_entries += 1;
                } else {
                    out.total_entries += 1;
                }
                out.total_bytes += entry.value.len() as i64;
            }
            out
        }
    }

    impl Store for MemoryStore {
        fn put(&self, key: String, value: Vec<u8>, kind: EntryKind, ttl_seconds: Option<i64>) -> seam::Result<bool> {
            if ttl_seconds.is_some_and(|t| t < 0) {
                return Err(KvError::Expired.with("ttl_seconds must not be negative"));
            }
            let now = now();
            let mut state = lock(&self.state);
            if !state.entries.contains_key(&key) && state.live(now) >= self.capacity {
                return Err(KvError::StoreFull.into());
            }
            state.next_id += 1;
            let mut metadata = BTreeMap::new();
            metadata.insert("kind".to_string(), kind.value().to_string());
            let entry = Entry {
                id: state.next_id,
                key: key.clone(),
                value,
                created_at: now,
                expires_at: ttl_seconds.map(|t| now + t),
                tags: Vec::new(),
                metadata,
            };
            state.entries.insert(key, entry);
            Ok(true)
        }

        fn get(&self, key: String) -> seam::Result<Option<Entry>> {
            let state = lock(&self.state);
            match state.entries.get(&key) {
                None => Err(KvError::KeyNotFound.with(format!("key not found: {key}"))),
                Some(entry) if is_expired(entry, now()) => Ok(None),
                Some(entry) => Ok(Some(entry.clone())),
            }
        }

        fn delete(&self, key: String) -> seam::Result<bool> {
            if lock(&self.state).entries.remove(&key).is_none() {
                return Ok(false);
            }
            emit_eviction_listener(&key); // outside the lock: subscribers may call back
            Ok(true)
        }

        fn list_keys(&self, prefix: Option<String>) -> seam::Result<Box<dyn Iterator<Item = String> + Send>> {
            let keys: Vec<String> = lock(&self.state)
                .entries
                .keys()
                .filter(|k| prefix.as_ref().is_none_or(|p| k.starts_with(p.as_str())))
                .cloned()
                .collect();
            Ok(Box::new(keys.into_iter()))
        }

        fn count(&self) -> seam::Result<i64> {
            Ok(lock(&self.state).live(now()))
        }

        fn clear(&self) -> seam::Result<()> {
            lock(&self.state).entries.clear();
            Ok(())
        }

        fn compact(&self, done: seam::Completion<i64>) -> seam::Result<()> {
            let state = Arc::clone(&self.state);
            std::thread::spawn(move || {
                if done.is_cancelled() {
                    done.fail(KvError::IoError.with("compaction cancelled"));
                    return;
                }
                let mut reclaimed = 0i64;
                let mut evicted = Vec::new();
                {
                    let mut state = lock(&state);
                    let now = now();
                    state.entries.retain(|key, entry| {
                        if is_expired(entry, now) {
                            reclaimed += entry.value.len() as i64;
                            evicted.push(key.clone());
                            false
                        } else {
                            true
                        }
                    });
                }
                for key in &evicted {
                    emit_eviction_listener(key);
                }
                done.complete(reclaimed);
            });
            Ok(())
        }

        fn legacy_put(&self, key: String, value: Vec<u8>) -> seam::Result<bool> {
            self.put(key, value, EntryKind::Volatile, None)
        }
    }

    /// Constructors and statics of [`Store`].
    pub mod store {
        use super::*;

        pub fn open(path: String) -> seam::Result<Arc<dyn Store>> {
            if path.is_empty() {
                return Err(KvError::IoError.with("cannot open a store at an empty path"));
            }
            let state = State { next_id: 0, entries: BTreeMap::new() };
            Ok(Arc::new(MemoryStore { capacity: capacity_of(&path)?, state: Arc::new(Mutex::new(state)) }))
        }

        pub fn default_capacity() -> seam::Result<i64> {
            Ok(1_000_000)
        }
    }

    pub mod stats {
        use crate::api::kv::stats::*;
        use crate::api::kv::Store;
        use crate::seam;
        use std::any::Any;

        pub fn get_stats(store: &dyn Store) -> seam::Result<Stats> {
            let any: &dyn Any = store;
            any.downcast_ref::<super::MemoryStore>()
                .map(super::MemoryStore::stats)
                .ok_or_else(|| seam::Error::other("not a store of this library"))
        }
    }
}
