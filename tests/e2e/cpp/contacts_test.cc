// C++ consumer of the contacts example: an interface as a move-only owner,
// records as values (optional fields, enums), lists of records, records as
// arguments, typed errors with the producer's messages.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <utility>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace ct = contacts::contacts;

static_assert(!std::is_copy_constructible_v<ct::ContactBook>, "interfaces own their object");
static_assert(std::is_nothrow_move_constructible_v<ct::ContactBook>);

TEST(Contacts, AddGetList) {
  ct::ContactBook book = ct::ContactBook::new_();
  EXPECT_EQ(book.count(), 0);
  ct::Contact ada = book.add("Ada", "Lovelace", std::string("ada@example.org"), ct::ContactType::Work);
  EXPECT_EQ(ada.id, 1);
  EXPECT_EQ(ada.first_name, "Ada");
  EXPECT_EQ(ada.email, std::optional<std::string>("ada@example.org"));
  EXPECT_EQ(ada.contact_type, ct::ContactType::Work);
  ct::Contact alan = book.add("Alan", "Turing", std::nullopt, ct::ContactType::Personal);
  EXPECT_EQ(alan.id, 2);
  EXPECT_EQ(alan.email, std::nullopt);
  EXPECT_EQ(book.get(1), ada);
  EXPECT_NE(book.get(2), ada);
  std::vector<ct::Contact> all = book.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], ada);
  EXPECT_EQ(all[1], alan);
  EXPECT_TRUE(book.remove(1));
  EXPECT_FALSE(book.remove(1));
  EXPECT_EQ(book.count(), 1);
}

TEST(Contacts, TypedErrors) {
  ct::ContactBook book = ct::ContactBook::new_();
  try {
    book.add("", "Nobody", std::nullopt, ct::ContactType::Other);
    FAIL() << "nothing was thrown";
  } catch (const ct::ContactsError::InvalidName& e) {
    EXPECT_EQ(e.code(), 1);
    EXPECT_STREQ(e.what(), "name must not be empty");
  }
  try {
    book.get(99);
    FAIL() << "nothing was thrown";
  } catch (const ct::ContactsError::NotFound& e) {
    EXPECT_STREQ(e.what(), "no contact with id 99");
  }
  // Invalid UTF-8 and an out-of-range enum are argument errors (code 1 is
  // also InvalidName in this domain, so the domain class is thrown).
  EXPECT_THROW(book.add("\xff\xfe", "X", std::nullopt, ct::ContactType::Other), ct::ContactsError);
  EXPECT_THROW(book.add("A", "B", std::nullopt, static_cast<ct::ContactType>(7)), contacts::Error);
  EXPECT_EQ(book.count(), 0);
}

TEST(Contacts, MovedFromObjectsFailCleanly) {
  ct::ContactBook book = ct::ContactBook::new_();
  book.add("Grace", "Hopper", std::nullopt, ct::ContactType::Work);
  ct::ContactBook other = std::move(book);
  EXPECT_FALSE(static_cast<bool>(book));  // NOLINT(bugprone-use-after-move): checked on purpose
  EXPECT_THROW(book.count(), contacts::Error);
  EXPECT_EQ(other.count(), 1);
  other.reset();
  EXPECT_FALSE(static_cast<bool>(other));
  other.reset();  // idempotent
  ct::ContactBook third = ct::ContactBook::new_();
  third = ct::ContactBook::new_();  // the first one is destroyed
  EXPECT_EQ(third.count(), 0);
}
