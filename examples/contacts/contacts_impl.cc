// The contacts library: an in-memory address book. Ids start at 1 and are
// never reused; names must be non-empty (InvalidName); unknown ids raise
// NotFound from get() and return false from remove().
#include <algorithm>
#include <mutex>

#include "contacts.hpp"

namespace contacts {
namespace {

class MemoryBook final : public ContactBook {
 public:
  Contact add(std::string first_name, std::string last_name, std::optional<std::string> email,
              ContactType contact_type) override {
    if (first_name.empty() || last_name.empty()) throw ContactsError::InvalidName();
    std::lock_guard<std::mutex> lock(mu_);
    Contact contact{next_id_++, std::move(first_name), std::move(last_name), std::move(email), contact_type};
    contacts_.push_back(contact);
    return contact;
  }

  Contact get(std::int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = Find(id);
    if (it == contacts_.end()) throw ContactsError::NotFound("no contact with id " + std::to_string(id));
    return *it;
  }

  std::vector<Contact> list() override {
    std::lock_guard<std::mutex> lock(mu_);
    return contacts_;
  }

  bool remove(std::int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = Find(id);
    if (it == contacts_.end()) return false;
    contacts_.erase(it);
    return true;
  }

  std::int32_t count() override {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<std::int32_t>(contacts_.size());
  }

 private:
  std::vector<Contact>::iterator Find(std::int64_t id) {
    return std::find_if(contacts_.begin(), contacts_.end(), [id](const Contact& c) { return c.id == id; });
  }

  std::mutex mu_;
  std::int64_t next_id_ = 1;
  std::vector<Contact> contacts_;
};

}  // namespace

std::unique_ptr<ContactBook> ContactBook::new_() { return std::make_unique<MemoryBook>(); }

}  // namespace contacts
