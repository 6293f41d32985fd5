// The kvstore library: an in-memory store (the path only names it). open("")
// fails with IoError; a path ending in "?capacity=N" limits the store to N
// live entries (default default_capacity()), beyond which put() of a new key
// fails with StoreFull. Entries with a TTL expire after that many seconds (0:
// at once; negative: Expired). get() of a missing key fails with KeyNotFound
// and of an expired one returns nothing. delete() and compact() notify the
// eviction listener per removed key. compact() removes expired entries on a
// worker thread and reports the bytes reclaimed; a cancelled token makes it
// fail with IoError.
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "kvstore.hpp"

namespace kv {
namespace {

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsExpired(const Entry& entry, std::int64_t now) { return entry.expires_at && *entry.expires_at <= now; }

std::int64_t CapacityOf(const std::string& path) {
  static const std::string kMarker = "?capacity=";
  auto at = path.rfind(kMarker);
  if (at == std::string::npos) return Store::default_capacity();
  try {
    return std::stoll(path.substr(at + kMarker.size()));
  } catch (const std::exception&) {
    throw KvError::IoError("bad capacity in path '" + path + "'");
  }
}

class MemoryStore final : public Store {
 public:
  explicit MemoryStore(std::int64_t capacity) : capacity_(capacity) {}

  bool put(std::string key, std::vector<std::uint8_t> value, EntryKind kind,
           std::optional<std::int64_t> ttl_seconds) override {
    if (ttl_seconds && *ttl_seconds < 0) throw KvError::Expired("ttl_seconds must not be negative");
    std::int64_t now = Now();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() && Live(now) >= capacity_) throw KvError::StoreFull();
    Entry entry{next_id_++, key, std::move(value), now, std::nullopt, {}, {}};
    if (ttl_seconds) entry.expires_at = now + *ttl_seconds;
    entry.metadata["kind"] = std::to_string(static_cast<int>(kind));
    entries_[key] = std::move(entry);
    return true;
  }

  std::optional<Entry> get(std::string key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) throw KvError::KeyNotFound("key not found: " + key);
    if (IsExpired(it->second, Now())) return std::nullopt;
    return it->second;
  }

  bool delete_(std::string key) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (entries_.erase(key) == 0) return false;
    }
    emit_eviction_listener(key);  // outside the lock: subscribers may call back
    return true;
  }

  std::unique_ptr<seam::Iterator<std::string>> list_keys(std::optional<std::string> prefix) override {
    std::vector<std::string> keys;
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, entry] : entries_) {
      if (!prefix || key.rfind(*prefix, 0) == 0) keys.push_back(key);
    }
    return std::make_unique<seam::VectorIterator<std::string>>(std::move(keys));
  }

  std::int64_t count() override {
    std::lock_guard<std::mutex> lock(mu_);
    return Live(Now());
  }

  void clear() override {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.clear();
  }

  void compact(seam::Completion<std::int64_t> done) override {
    std::thread([this, done = std::move(done)]() mutable {
      if (done.is_cancelled()) {
        done.fail(KvError::IoError::kCode, "compaction cancelled");
        return;
      }
      std::int64_t reclaimed = 0;
      std::vector<std::string> evicted;
      {
        std::lock_guard<std::mutex> lock(mu_);
        std::int64_t now = Now();
        for (auto it = entries_.begin(); it != entries_.end();) {
          if (IsExpired(it->second, now)) {
            reclaimed += static_cast<std::int64_t>(it->second.value.size());
            evicted.push_back(it->first);
            it = entries_.erase(it);
          } else {
            ++it;
          }
        }
      }
      for (const auto& key : evicted) emit_eviction_listener(key);
      done.complete(reclaimed);
    }).detach();
  }

  bool legacy_put(std::string key, std::vector<std::uint8_t> value) override {
    return put(std::move(key), std::move(value), EntryKind::Volatile, std::nullopt);
  }

  stats::Stats Stats() {
    std::lock_guard<std::mutex> lock(mu_);
    std::int64_t now = Now();
    stats::Stats out;
    for (const auto& [key, entry] : entries_) {
      if (IsExpired(entry, now)) {
        ++out.expired_entries;
      } else {
        ++out.total_entries;
      }
      out.total_bytes += static_cast<std::int64_t>(entry.value.size());
    }
    return out;
  }

 private:
  std::int64_t Live(std::int64_t now) const {
    std::int64_t n = 0;
    for (const auto& [key, entry] : entries_) n += IsExpired(entry, now) ? 0 : 1;
    return n;
  }

  std::mutex mu_;
  std::int64_t capacity_;
  std::int64_t next_id_ = 1;
  std::map<std::string, Entry> entries_;
};

}  // namespace

std::unique_ptr<Store> Store::open(std::string path) {
  if (path.empty()) throw KvError::IoError("cannot open a store at an empty path");
  return std::make_unique<MemoryStore>(CapacityOf(path));
}

std::int64_t Store::default_capacity() { return 1000000; }

namespace stats {

Stats get_stats(Store& store) { return static_cast<MemoryStore&>(store).Stats(); }

}  // namespace stats
}  // namespace kv
