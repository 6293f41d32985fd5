// C++ consumer of the types example: borrowed and mutable parameters (edited
// in place, records read back), typed and untyped handles, iterators of
// records and of optional records (also dropped early), async results of
// every shape, and bytes handed over by the producer without a copy.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace t = types::types;

TEST(Types, BorrowedAndMutable) {
  EXPECT_EQ(t::concat({"a", "", "c"}, ", "), "a, , c");
  EXPECT_EQ(t::checksum({1, 2, 3, 250}), 256u);
  std::string text = "Hello, w\xc3\xb6rld";
  t::shout(text);
  EXPECT_EQ(text, "HELLO, W\xc3\xb6RLD");
  std::vector<std::uint8_t> data = {0x00, 0xF0, 0xFF};
  t::invert(data);
  EXPECT_EQ(data, (std::vector<std::uint8_t>{0xFF, 0x0F, 0x00}));
  std::vector<std::int32_t> values = {1, -2, 1000};
  t::double_all(values);
  EXPECT_EQ(values, (std::vector<std::int32_t>{2, -4, 2000}));
  std::vector<std::int32_t> none;
  t::double_all(none);
  EXPECT_TRUE(none.empty());
  t::Point p{1, 1};
  t::shift(p, 0.5, -1);
  EXPECT_EQ(p, (t::Point{1.5, 0}));
}

// Records that cross in one buffer (seam's packed results): every field
// kind, extreme values, empty and absent parts, non-ASCII text.
TEST(Types, PackedRecordsOfEveryFieldKind) {
  t::Row full;
  full.a_i8 = -128;
  full.a_u8 = 255;
  full.a_i16 = -32768;
  full.a_u16 = 65535;
  full.a_i32 = INT32_MIN;
  full.a_u32 = UINT32_MAX;
  full.a_i64 = INT64_MIN;
  full.a_u64 = UINT64_MAX;
  full.a_f32 = 1.5f;
  full.a_f64 = -0.25;
  full.flag = true;
  full.text = "Gr\xc3\xbc\xc3\x9f" "e";
  full.data = {0, 255, 7};
  full.h = 0xFFFFFFFFFFFFu;
  full.level = t::Level::Low;
  full.opt_level = t::Level::High;
  full.opt_int = -7;
  full.opt_text = "";
  full.opt_data = std::vector<std::uint8_t>{};
  full.at = {1, -1};
  full.opt_at = t::Point{2, 3};
  full.path = {t::Point{4, 5}, std::nullopt, t::Point{6, 7}};
  full.tags = {"", "\xc3\xa4", "b"};
  full.counts = {1, -2, 3};
  full.flags = {true, false, true};
  full.scores = {{"a", -1}, {"zz", std::int64_t{1} << 40}};
  full.names = {{-5, "minus five"}, {9, ""}};
  t::Row sparse;
  sparse.level = t::Level::Mid;
  EXPECT_EQ(t::echo_row(full), full);
  EXPECT_EQ(t::echo_row(sparse), sparse);
  EXPECT_EQ(t::echo_rows({full, sparse, full}), (std::vector<t::Row>{full, sparse, full}));
  EXPECT_TRUE(t::echo_rows({}).empty());
  EXPECT_EQ(t::echo_opt_row(full), full);
  EXPECT_EQ(t::echo_opt_row(std::nullopt), std::nullopt);
  std::vector<t::Row> many(1000, full);
  for (int i = 0; i < 1000; ++i) {
    many[i].a_i32 = i;
    many[i].text = "row " + std::to_string(i);
    many[i].counts = std::vector<std::int32_t>(static_cast<std::size_t>(i % 7), i);
  }
  EXPECT_EQ(t::echo_rows(many), many);
}

TEST(Types, Handles) {
  types::Handle<t::Point> h = t::store_point(t::Point{5, 6});
  EXPECT_TRUE(static_cast<bool>(h));
  EXPECT_EQ(t::stored_points(), 1);
  EXPECT_EQ(t::load_point(h), (t::Point{5, 6}));
  EXPECT_TRUE(t::drop_point(h));
  EXPECT_FALSE(t::drop_point(h));
  EXPECT_THROW(t::load_point(h), t::TypesError::Unknown);
  std::uint64_t s1 = t::open_session("first"), s2 = t::open_session("second");
  EXPECT_NE(s1, s2);
  EXPECT_EQ(t::session_name(s2), std::optional<std::string>("second"));
  EXPECT_TRUE(t::close_session(s1) && t::close_session(s2));
  EXPECT_EQ(t::session_name(s1), std::nullopt);
}

TEST(Types, Iterators) {
  std::vector<t::Point> got;
  for (const t::Point& p : t::points_between(2, 5)) got.push_back(p);
  EXPECT_EQ(got, (std::vector<t::Point>{{2, 2}, {3, 3}, {4, 4}}));
  try {
    t::points_between(5, 2);
    FAIL() << "nothing was thrown";
  } catch (const t::TypesError::Invalid& e) {
    EXPECT_STREQ(e.what(), "empty range: 5..2");
  }
  std::vector<std::optional<t::Point>> maybe;
  for (auto& p : t::maybe_points(4)) maybe.push_back(p);
  EXPECT_EQ(maybe, (std::vector<std::optional<t::Point>>{t::Point{0, 0}, std::nullopt, t::Point{2, 0}, std::nullopt}));
  for (int i = 0; i < 100; ++i) {  // stopping early destroys the native iterator
    int n = 0;
    for (const t::Point& p : t::points_between(0, 1000000)) {
      (void)p;
      if (++n == 2) break;
    }
    EXPECT_EQ(n, 2);
  }
  EXPECT_EQ(t::parse_level("mid"), t::Level::Mid);
  EXPECT_EQ(static_cast<int>(t::Level::Low), -1);
  EXPECT_THROW(t::parse_level("max"), t::TypesError::Invalid);
}

TEST(Types, AsyncResultsOfEveryShape) {
  EXPECT_EQ(t::async_text({"a", "b"}, std::vector<std::uint8_t>{1, 2}, {{"x", 1}}, 7, t::Point{3, 4}).get(),
            "a+b data=2 x=1 maybe=7 p=3,4");
  EXPECT_EQ(t::async_text({"a"}, std::nullopt, {}, std::nullopt, std::nullopt).get(),
            "a data=none maybe=none p=none");
  EXPECT_THROW(t::async_text({}, std::nullopt, {}, std::nullopt, std::nullopt).get(), t::TypesError::Invalid);
  std::vector<std::uint8_t> bytes = t::async_bytes(5).get();
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{0, 7, 14, 21, 28}));
  EXPECT_EQ(t::async_opt(4).get(), std::optional<std::int32_t>(40));
  EXPECT_EQ(t::async_opt(std::nullopt).get(), std::nullopt);
  EXPECT_EQ(t::async_point(2).get(), std::optional<t::Point>(t::Point{2, 1}));
  EXPECT_EQ(t::async_point(-1).get(), std::nullopt);
  t::Value v = t::async_value(18).get();
  ASSERT_TRUE(v.is<t::Value::Blob>());
  EXPECT_EQ(v.get_if<t::Value::Blob>()->data, std::vector<std::uint8_t>(2, 0xAB));
  EXPECT_EQ(t::async_map(3).get(), (std::map<std::string, std::int32_t>{{"k0", 0}, {"k1", 1}, {"k2", 4}}));
  EXPECT_EQ(t::async_points(2).get().size(), 2u);
  t::Counter c = t::async_counter(41).get();
  EXPECT_EQ(c.next(), 42);
  EXPECT_EQ(t::async_level(t::Level::High).get(), t::Level::Low);
  t::async_void(false).get();
  types::CancelToken token = types::CancelToken::create();
  token.cancel();
  EXPECT_THROW(t::async_void(false, token).get(), t::TypesError::Invalid);
  EXPECT_THROW(t::async_void(true).get(), t::TypesError::Invalid);
  EXPECT_THROW(t::async_fail(10).get(), t::TypesError);
}

TEST(Types, BytesHandedOver) {
  for (int mode = 0; mode < 2; ++mode) {
    for (int size : {0, 5, 100000}) {
      std::vector<std::uint8_t> b = t::make_bytes(size, mode);
      ASSERT_EQ(b.size(), static_cast<std::size_t>(size));
      bool ok = true;
      for (std::size_t i = 0; i < b.size(); ++i) ok = ok && b[i] == static_cast<std::uint8_t>(i);
      EXPECT_TRUE(ok);
    }
  }
}

TEST(Types, ListenerWithRichArgumentsFromOtherThreads) {
  struct Seen {
    std::int32_t seq;
    t::Point point;
    std::vector<std::uint8_t> data;
    std::map<std::string, std::string> tags;
    std::optional<t::Level> level;
    t::Value value;
    std::optional<std::string> note;
  };
  std::mutex mu;
  std::vector<Seen> seen;
  types::Subscription sub = t::register_samples(
      [&](std::int32_t seq, t::Point point, std::vector<std::uint8_t> data, std::map<std::string, std::string> tags,
          std::optional<t::Level> level, t::Value value, std::optional<std::string> note) {
        std::lock_guard<std::mutex> lock(mu);
        seen.push_back({seq, point, std::move(data), std::move(tags), level, std::move(value), std::move(note)});
      });
  EXPECT_EQ(t::fire_samples(40).get(), 40);  // fired from the producer's thread
  t::fire_sample_here(40);                  // and from this one
  sub.cancel();
  t::fire_sample_here(41);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen.size(), 41u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    const Seen& s = seen[i];
    auto seq = static_cast<std::int32_t>(i);
    EXPECT_EQ(s.seq, seq);
    EXPECT_EQ(s.point, (t::Point{double(seq), -double(seq)}));
    EXPECT_EQ(s.data, (std::vector<std::uint8_t>{static_cast<std::uint8_t>(seq), 1, 2}));
    EXPECT_EQ(s.tags.at("seq"), std::to_string(seq));
    EXPECT_EQ(s.level, seq % 2 == 0 ? std::optional<t::Level>(t::Level::High) : std::nullopt);
    EXPECT_EQ(s.note, seq % 2 == 1 ? std::optional<std::string>("odd") : std::nullopt);
    switch (seq % 3) {
      case 0: EXPECT_EQ(s.value, t::Value(t::Value::Number{seq})); break;
      case 1: EXPECT_EQ(s.value, t::Value(t::Value::Text{"sample " + std::to_string(seq)})); break;
      default: EXPECT_EQ(s.value, t::Value(t::Value::Pair{t::Point{1, 2}, std::nullopt})); break;
    }
  }
}
