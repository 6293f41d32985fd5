//! The types library: echoes for every optional and container type, in-place
//! edits of mutable parameters, handle registries, iterators, async results
//! of every shape from worker threads, a listener fired from other threads,
//! and a Counter interface whose live instances are counted.

pub mod types {
    use crate::api::types::*;
    use crate::seam;
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicI32, AtomicI64, Ordering};
    use std::sync::{Arc, Mutex, MutexGuard};
    use std::time::{Duration, Instant};

    static LIVE_COUNTERS: AtomicI64 = AtomicI64::new(0);

    struct SimpleCounter {
        start: i64,
        value: Arc<AtomicI64>,
    }

    impl SimpleCounter {
        fn create(start: i64) -> Arc<dyn Counter> {
            LIVE_COUNTERS.fetch_add(1, Ordering::SeqCst);
            Arc::new(SimpleCounter { start, value: Arc::new(AtomicI64::new(start)) })
        }
    }

    impl Drop for SimpleCounter {
        fn drop(&mut self) {
            LIVE_COUNTERS.fetch_sub(1, Ordering::SeqCst);
        }
    }

    impl Counter for SimpleCounter {
        fn next(&self) -> seam::Result<i64> {
            Ok(self.value.fetch_add(1, Ordering::SeqCst) + 1)
        }

        fn add_all(&self, values: Vec<i64>) -> seam::Result<i64> {
            let sum: i64 = values.iter().sum();
            Ok(self.value.fetch_add(sum, Ordering::SeqCst) + sum)
        }

        fn values(&self) -> seam::Result<Box<dyn Iterator<Item = i64> + Send>> {
            Ok(Box::new(self.start..=self.value.load(Ordering::SeqCst)))
        }

        fn fork(&self) -> seam::Result<Arc<dyn Counter>> {
            Ok(SimpleCounter::create(self.value.load(Ordering::SeqCst)))
        }

        fn slow_next(&self, delay_ms: i32, done: seam::Completion<i64>) -> seam::Result<()> {
            if delay_ms < 0 {
                return Err(TypesError::Invalid.with("delay_ms must not be negative"));
            }
            let value = Arc::clone(&self.value);
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_millis(delay_ms as u64);
                while Instant::now() < deadline {
                    if done.is_cancelled() {
                        done.fail(TypesError::Invalid.with("cancelled"));
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
                done.complete(value.fetch_add(1, Ordering::SeqCst) + 1);
            });
            Ok(())
        }
    }

    /// Constructors and statics of [`Counter`].
    pub mod counter {
        use super::*;

        pub fn new(start: i64) -> seam::Result<Arc<dyn Counter>> {
            Ok(SimpleCounter::create(start))
        }

        pub fn live() -> seam::Result<i64> {
            Ok(LIVE_COUNTERS.load(Ordering::SeqCst))
        }
    }

    struct Registry {
        points: BTreeMap<usize, Box<Point>>, // keyed by address
        sessions: BTreeMap<u64, String>,
        next_session: u64,
    }

    static REGISTRY: Mutex<Registry> =
        Mutex::new(Registry { points: BTreeMap::new(), sessions: BTreeMap::new(), next_session: 1 });

    fn registry() -> MutexGuard<'static, Registry> {
        REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn sample_value(seq: i32) -> Value {
        match seq % 3 {
            0 => Value::Number { n: i64::from(seq) },
            1 => Value::Text { s: format!("sample {seq}") },
            _ => Value::Pair { a: Point { x: 1.0, y: 2.0 }, b: None },
        }
    }

    fn emit(seq: i32) {
        let data = [seq as u8, 1, 2];
        let mut tags = BTreeMap::new();
        tags.insert("seq".to_string(), seq.to_string());
        tags.insert("thread".to_string(), "worker".to_string());
        let level = if seq % 2 == 0 { Some(Level::High) } else { None };
        let note = if seq % 2 == 1 { Some("odd") } else { None };
        let point = Point { x: f64::from(seq), y: -f64::from(seq) };
        emit_samples(seq, &point, &data, &tags, level, &sample_value(seq), note);
    }

    fn later(body: impl FnOnce() + Send + 'static) {
        std::thread::spawn(body);
    }

    pub fn echo_opt_i32(v: Option<i32>) -> seam::Result<Option<i32>> {
        Ok(v)
    }

    pub fn echo_opt_bool(v: Option<bool>) -> seam::Result<Option<bool>> {
        Ok(v)
    }

    pub fn echo_opt_f64(v: Option<f64>) -> seam::Result<Option<f64>> {
        Ok(v)
    }

    pub fn echo_opt_string(v: Option<String>) -> seam::Result<Option<String>> {
        Ok(v)
    }

    pub fn echo_opt_bytes(v: Option<Vec<u8>>) -> seam::Result<Option<Vec<u8>>> {
        Ok(v)
    }

    pub fn echo_opt_point(v: Option<&Point>) -> seam::Result<Option<Point>> {
        Ok(v.cloned())
    }

    pub fn echo_opt_level(v: Option<Level>) -> seam::Result<Option<Level>> {
        Ok(v)
    }

    pub fn echo_opt_value(v: Option<&Value>) -> seam::Result<Option<Value>> {
        Ok(v.cloned())
    }

    pub fn echo_opt_list(v: Option<Vec<i32>>) -> seam::Result<Option<Vec<i32>>> {
        Ok(v)
    }

    pub fn echo_opt_map(v: Option<BTreeMap<String, i64>>) -> seam::Result<Option<BTreeMap<String, i64>>> {
        Ok(v)
    }

    pub fn echo_opt_counter(v: Option<&dyn Counter>) -> seam::Result<Option<i64>> {
        match v {
            None => Ok(None),
            Some(counter) => Ok(counter.values()?.last()),
        }
    }

    pub fn echo_bag(v: &Bag) -> seam::Result<Bag> {
        Ok(v.clone())
    }

    pub fn echo_row(v: &Row) -> seam::Result<Row> {
        Ok(v.clone())
    }

    pub fn echo_rows(v: Vec<Row>) -> seam::Result<Vec<Row>> {
        Ok(v)
    }

    pub fn echo_opt_row(v: Option<&Row>) -> seam::Result<Option<Row>> {
        Ok(v.cloned())
    }

    pub fn echo_levels(v: Vec<Level>) -> seam::Result<Vec<Level>> {
        Ok(v)
    }

    pub fn echo_points(v: Vec<Option<Point>>) -> seam::Result<Vec<Option<Point>>> {
        Ok(v)
    }

    pub fn echo_values(v: Vec<Value>) -> seam::Result<Vec<Value>> {
        Ok(v)
    }

    pub fn echo_map(v: BTreeMap<String, f64>) -> seam::Result<BTreeMap<String, f64>> {
        Ok(v)
    }

    pub fn echo_names(v: BTreeMap<i64, String>) -> seam::Result<BTreeMap<i64, String>> {
        Ok(v)
    }

    pub fn concat(parts: Vec<String>, sep: &str) -> seam::Result<String> {
        Ok(parts.join(sep))
    }

    static ADOPTED_RELEASES: AtomicI32 = AtomicI32::new(0);

    /// A buffer handed over in place; its release is counted.
    struct Counted(Vec<u8>);

    impl AsRef<[u8]> for Counted {
        fn as_ref(&self) -> &[u8] {
            &self.0
        }
    }

    impl Drop for Counted {
        fn drop(&mut self) {
            ADOPTED_RELEASES.fetch_add(1, Ordering::SeqCst);
        }
    }

    pub fn make_bytes(size: i32, mode: i32) -> seam::Result<seam::Bytes> {
        if size < 0 {
            return Err(seam::Error::other("size must not be negative"));
        }
        let v: Vec<u8> = (0..size).map(|i| i as u8).collect();
        if mode == 0 {
            return Ok(v.into());
        }
        Ok(seam::Bytes::from_owner(Counted(v)))
    }

    pub fn adopted_releases() -> seam::Result<i32> {
        Ok(ADOPTED_RELEASES.load(Ordering::SeqCst))
    }

    pub fn checksum(data: &[u8]) -> seam::Result<u32> {
        Ok(data.iter().fold(0u32, |sum, &b| sum.wrapping_add(u32::from(b))))
    }

    pub fn shout(text: &mut [u8]) -> seam::Result<()> {
        text.make_ascii_uppercase();
        Ok(())
    }

    pub fn invert(data: &mut [u8]) -> seam::Result<()> {
        for b in data.iter_mut() {
            *b = !*b;
        }
        Ok(())
    }

    pub fn double_all(values: &mut [i32]) -> seam::Result<()> {
        for v in values.iter_mut() {
            *v = v.wrapping_mul(2);
        }
        Ok(())
    }

    pub fn shift(p: &mut Point, dx: f64, dy: f64) -> seam::Result<()> {
        p.x += dx;
        p.y += dy;
        Ok(())
    }

    pub fn store_point(p: &Point) -> seam::Result<seam::TypedHandle<Point>> {
        let owned = Box::new(p.clone());
        let key = &*owned as *const Point as usize;
        registry().points.insert(key, owned);
        Ok(seam::TypedHandle::from_addr(key))
    }

    pub fn load_point(h: seam::TypedHandle<Point>) -> seam::Result<Point> {
        registry().points.get(&h.addr()).map(|p| (**p).clone()).ok_or_else(|| TypesError::Unknown.into())
    }

    pub fn drop_point(h: seam::TypedHandle<Point>) -> seam::Result<bool> {
        Ok(registry().points.remove(&h.addr()).is_some())
    }

    pub fn open_session(name: String) -> seam::Result<seam::Handle> {
        let mut reg = registry();
        let id = reg.next_session;
        reg.next_session += 1;
        reg.sessions.insert(id, name);
        Ok(id)
    }

    pub fn session_name(h: seam::Handle) -> seam::Result<Option<String>> {
        Ok(registry().sessions.get(&h).cloned())
    }

    pub fn close_session(h: seam::Handle) -> seam::Result<bool> {
        Ok(registry().sessions.remove(&h).is_some())
    }

    pub fn stored_points() -> seam::Result<i64> {
        Ok(registry().points.len() as i64)
    }

    pub fn points_between(from: i32, to: i32) -> seam::Result<Box<dyn Iterator<Item = Point> + Send>> {
        if to < from {
            return Err(TypesError::Invalid.with(format!("empty range: {from}..{to}")));
        }
        // A lazy iterator: each step computes one point.
        Ok(Box::new((from..to).map(|i| Point { x: f64::from(i), y: f64::from(i) })))
    }

    pub fn maybe_points(n: i32) -> seam::Result<Box<dyn Iterator<Item = Option<Point>> + Send>> {
        let points: Vec<Option<Point>> =
            (0..n).map(|i| if i % 2 == 0 { Some(Point { x: f64::from(i), y: 0.0 }) } else { None }).collect();
        Ok(Box::new(points.into_iter()))
    }

    pub fn parse_level(text: &str) -> seam::Result<Level> {
        match text {
            "low" => Ok(Level::Low),
            "mid" => Ok(Level::Mid),
            "high" => Ok(Level::High),
            _ => Err(TypesError::Invalid.with(format!("unknown level '{text}'"))),
        }
    }

    pub fn fire_samples(n: i32, done: seam::Completion<i32>) -> seam::Result<()> {
        if n < 0 {
            return Err(TypesError::Invalid.with("n must not be negative"));
        }
        later(move || {
            for i in 0..n {
                emit(i);
            }
            done.complete(n);
        });
        Ok(())
    }

    pub fn fire_sample_here(seq: i32) -> seam::Result<()> {
        emit(seq);
        Ok(())
    }

    pub fn async_text(
        parts: Vec<String>,
        data: Option<Vec<u8>>,
        tally: BTreeMap<String, i32>,
        maybe: Option<i64>,
        p: Option<Point>,
        done: seam::Completion<String>,
    ) -> seam::Result<()> {
        later(move || {
            if parts.is_empty() {
                done.fail(TypesError::Invalid.with("parts must not be empty"));
                return;
            }
            let mut out = parts.join("+");
            out += &match &data {
                Some(d) => format!(" data={}", d.len()),
                None => " data=none".to_string(),
            };
            for (k, v) in &tally {
                out += &format!(" {k}={v}");
            }
            out += &match maybe {
                Some(m) => format!(" maybe={m}"),
                None => " maybe=none".to_string(),
            };
            out += &match &p {
                Some(p) => format!(" p={},{}", p.x as i32, p.y as i32),
                None => " p=none".to_string(),
            };
            done.complete(out);
        });
        Ok(())
    }

    pub fn async_bytes(n: i32, done: seam::Completion<Vec<u8>>) -> seam::Result<()> {
        later(move || done.complete((0..n.max(0)).map(|i| (i * 7) as u8).collect()));
        Ok(())
    }

    pub fn async_opt(v: Option<i32>, done: seam::Completion<Option<i32>>) -> seam::Result<()> {
        later(move || done.complete(v.map(|v| v.wrapping_mul(10))));
        Ok(())
    }

    pub fn async_point(x: f64, done: seam::Completion<Option<Point>>) -> seam::Result<()> {
        later(move || done.complete(if x < 0.0 { None } else { Some(Point { x, y: x / 2.0 }) }));
        Ok(())
    }

    pub fn async_value(n: i64, done: seam::Completion<Value>) -> seam::Result<()> {
        later(move || {
            done.complete(Value::Blob { data: vec![0xAB; (n % 16).max(0) as usize], tags: vec![format!("n={n}")] })
        });
        Ok(())
    }

    pub fn async_map(n: i32, done: seam::Completion<BTreeMap<String, i32>>) -> seam::Result<()> {
        later(move || done.complete((0..n).map(|i| (format!("k{i}"), i * i)).collect()));
        Ok(())
    }

    pub fn async_points(n: i32, done: seam::Completion<Vec<Point>>) -> seam::Result<()> {
        later(move || done.complete((0..n).map(|i| Point { x: f64::from(i), y: -f64::from(i) }).collect()));
        Ok(())
    }

    pub fn async_counter(start: i64, done: seam::Completion<Arc<dyn Counter>>) -> seam::Result<()> {
        later(move || done.complete(SimpleCounter::create(start)));
        Ok(())
    }

    pub fn async_level(v: Level, done: seam::Completion<Level>) -> seam::Result<()> {
        later(move || done.complete(if v == Level::High { Level::Low } else { Level::High }));
        Ok(())
    }

    pub fn async_void(fail: bool, done: seam::Completion<()>) -> seam::Result<()> {
        later(move || {
            std::thread::sleep(Duration::from_millis(1));
            if done.is_cancelled() {
                done.fail(TypesError::Invalid.with("cancelled"));
            } else if fail {
                done.fail(TypesError::Invalid.with("asked to fail"));
            } else {
                done.complete(());
            }
        });
        Ok(())
    }

    pub fn async_fail(code: i32, done: seam::Completion<Vec<String>>) -> seam::Result<()> {
        later(move || {
            if code == 0 {
                done.complete(vec!["a".to_string(), "b".to_string()]);
            } else {
                done.fail(seam::Error::new(code, format!("failed with {code}")));
            }
        });
        Ok(())
    }
}
