// C++ consumer of the kvstore example: an interface with a static factory
// that can fail, records with bytes, optionals, lists and maps, iter<T>
// methods, a cancellable async method, a deprecated method, a listener fired
// by other calls, and a nested module taking the interface as an argument.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace kv = kvstore::kv;

namespace {

std::vector<std::uint8_t> Bytes(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

TEST(Kvstore, PutGetEntries) {
  kv::Store store = kv::Store::open("mem://a");
  EXPECT_TRUE(store.put("alpha", Bytes("one"), kv::EntryKind::Persistent, std::nullopt));
  EXPECT_TRUE(store.put("beta", {}, kv::EntryKind::Volatile, 3600));
  std::optional<kv::Entry> a = store.get("alpha");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->key, "alpha");
  EXPECT_EQ(a->value, Bytes("one"));
  EXPECT_EQ(a->expires_at, std::nullopt);
  EXPECT_EQ(a->metadata, (std::map<std::string, std::string>{{"kind", "1"}}));
  std::optional<kv::Entry> b = store.get("beta");
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->value.empty());
  ASSERT_TRUE(b->expires_at.has_value());
  EXPECT_EQ(*b->expires_at, b->created_at + 3600);
  EXPECT_EQ(store.count(), 2);
  std::vector<std::string> keys;
  for (const std::string& k : store.list_keys(std::nullopt)) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"alpha", "beta"}));
  std::vector<std::string> with_a;
  for (const std::string& k : store.list_keys(std::string("al"))) with_a.push_back(k);
  EXPECT_EQ(with_a, std::vector<std::string>{"alpha"});
  kv::stats::Stats st = kv::stats::get_stats(store);
  EXPECT_EQ(st.total_entries, 2);
  EXPECT_EQ(st.total_bytes, 3);
  EXPECT_GT(kv::Store::default_capacity(), 0);
}

TEST(Kvstore, TypedErrors) {
  try {
    kv::Store::open("");
    FAIL() << "nothing was thrown";
  } catch (const kv::KvError::IoError& e) {
    EXPECT_EQ(e.code(), 1004);
    EXPECT_STREQ(e.what(), "cannot open a store at an empty path");
  }
  kv::Store store = kv::Store::open("mem://b?capacity=1");
  store.put("only", Bytes("x"), kv::EntryKind::Volatile, std::nullopt);
  EXPECT_THROW(store.put("more", Bytes("y"), kv::EntryKind::Volatile, std::nullopt), kv::KvError::StoreFull);
  EXPECT_THROW(store.get("missing"), kv::KvError::KeyNotFound);
  EXPECT_THROW(store.put("neg", {}, kv::EntryKind::Volatile, -1), kv::KvError::Expired);
}

TEST(Kvstore, ListenerAndAsyncCompaction) {
  kv::Store store = kv::Store::open("mem://c");
  std::mutex mu;
  std::vector<std::string> evicted;
  kvstore::Subscription events = kv::register_eviction_listener([&](std::string key) {
    std::lock_guard<std::mutex> lock(mu);
    evicted.push_back(std::move(key));
  });
  store.put("gone", Bytes("1234"), kv::EntryKind::Volatile, 0);  // expires at once
  store.put("kept", Bytes("5"), kv::EntryKind::Volatile, std::nullopt);
  EXPECT_TRUE(store.delete_("kept"));
  EXPECT_FALSE(store.delete_("kept"));
  EXPECT_EQ(store.compact().get(), 4);  // from the producer's thread
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_EQ(evicted, (std::vector<std::string>{"kept", "gone"}));
  }
  kvstore::CancelToken token = kvstore::CancelToken::create();
  token.cancel();
  EXPECT_TRUE(token.is_cancelled());
  try {
    store.compact(token).get();
    FAIL() << "nothing was thrown";
  } catch (const kv::KvError::IoError& e) {
    EXPECT_STREQ(e.what(), "compaction cancelled");
  }
  std::promise<std::int64_t> got;
  store.compact([&](std::future<std::int64_t> r) { got.set_value(r.get()); });
  EXPECT_EQ(got.get_future().get(), 0);
  events.cancel();
  store.put("x", {}, kv::EntryKind::Volatile, std::nullopt);
  store.delete_("x");
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(evicted.size(), 2u);
}
