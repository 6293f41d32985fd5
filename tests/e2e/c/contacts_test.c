/* C consumer of the contacts example: an interface with a constructor and
   methods, an optional string as parameter and field, a C-style enum, a
   list-of-struct return, typed errors, and ownership of every return. */
#include <stdlib.h>

#include "weaveffi.h"
#include "check.h"

static void CheckName(const weaveffi_contacts_Contact* c, const char* first, const char* last) {
  const char* s = weaveffi_contacts_Contact_get_first_name(c);
  CHECK_STR(s, first);
  weaveffi_free_string(s);
  s = weaveffi_contacts_Contact_get_last_name(c);
  CHECK_STR(s, last);
  weaveffi_free_string(s);
}

int main(void) {
  weaveffi_error err = {0, NULL};
  weaveffi_contacts_ContactBook* book = weaveffi_contacts_ContactBook_new(&err);
  CHECK(book != NULL && err.code == 0);
  CHECK(weaveffi_contacts_ContactBook_count(book, &err) == 0);

  /* add returns an owned record carrying the assigned id. */
  weaveffi_contacts_Contact* ada = weaveffi_contacts_ContactBook_add(
      book, "Ada", "Lovelace", "ada@example.org", weaveffi_contacts_ContactType_Work, &err);
  CHECK(ada != NULL && err.code == 0);
  CHECK(weaveffi_contacts_Contact_get_id(ada) == 1);
  CheckName(ada, "Ada", "Lovelace");
  const char* email = weaveffi_contacts_Contact_get_email(ada);
  CHECK_STR(email, "ada@example.org");
  weaveffi_free_string(email);
  CHECK(weaveffi_contacts_Contact_get_contact_type(ada) == weaveffi_contacts_ContactType_Work);
  weaveffi_contacts_Contact_destroy(ada);

  /* An absent optional string goes in as NULL and comes out as NULL. */
  weaveffi_contacts_Contact* alan = weaveffi_contacts_ContactBook_add(
      book, "Alan", "Turing", NULL, weaveffi_contacts_ContactType_Personal, &err);
  CHECK(alan != NULL && err.code == 0);
  CHECK(weaveffi_contacts_Contact_get_id(alan) == 2);
  CHECK(weaveffi_contacts_Contact_get_email(alan) == NULL);
  weaveffi_contacts_Contact_destroy(alan);
  CHECK(weaveffi_contacts_ContactBook_count(book, &err) == 2);

  /* Typed errors carry the domain code and message. */
  CHECK(weaveffi_contacts_ContactBook_add(book, "", "Nobody", NULL, weaveffi_contacts_ContactType_Other, &err) == NULL);
  CHECK(err.code == weaveffi_contacts_ContactsError_InvalidName);
  CHECK_STR(err.message, "name must not be empty");
  weaveffi_error_clear(&err);
  CHECK(err.code == 0 && err.message == NULL);
  CHECK(weaveffi_contacts_ContactBook_get(book, 99, &err) == NULL);
  CHECK(err.code == weaveffi_contacts_ContactsError_NotFound);
  CHECK_STR(err.message, "no contact with id 99");
  weaveffi_error_clear(&err);

  /* A failed argument check: NULL for a required string, invalid UTF-8, and
     an out-of-range enum value are code 1 errors, not crashes. */
  CHECK(weaveffi_contacts_ContactBook_add(book, NULL, "X", NULL, weaveffi_contacts_ContactType_Other, &err) == NULL);
  CHECK(err.code == 1 && err.message != NULL);
  weaveffi_error_clear(&err);
  CHECK(weaveffi_contacts_ContactBook_add(book, "\xff\xfe", "X", NULL, weaveffi_contacts_ContactType_Other, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);
  CHECK(weaveffi_contacts_ContactBook_add(book, "A", "B", NULL, (weaveffi_contacts_ContactType)7, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);
  CHECK(weaveffi_contacts_ContactBook_count(NULL, &err) == 0);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);
  CHECK(weaveffi_contacts_ContactBook_count(book, &err) == 2);

  /* get returns a fresh owned copy each time. */
  weaveffi_contacts_Contact* got = weaveffi_contacts_ContactBook_get(book, 2, &err);
  CHECK(got != NULL && err.code == 0);
  CheckName(got, "Alan", "Turing");
  weaveffi_contacts_Contact_destroy(got);

  /* list: owned elements, then the array itself. */
  size_t len = 0;
  weaveffi_contacts_Contact** all = weaveffi_contacts_ContactBook_list(book, &len, &err);
  CHECK(all != NULL && err.code == 0 && len == 2);
  if (all != NULL && len == 2) {
    CheckName(all[0], "Ada", "Lovelace");
    CheckName(all[1], "Alan", "Turing");
    for (size_t i = 0; i < len; ++i) weaveffi_contacts_Contact_destroy(all[i]);
    weaveffi_free_bytes((uint8_t*)all, len * sizeof *all);
  }

  /* Records built on the consumer side round-trip through their getters. */
  weaveffi_contacts_Contact* made = weaveffi_contacts_Contact_create(
      7, "Grace", "Hopper", NULL, weaveffi_contacts_ContactType_Other, &err);
  CHECK(made != NULL && err.code == 0);
  CHECK(weaveffi_contacts_Contact_get_id(made) == 7);
  CHECK(weaveffi_contacts_Contact_get_email(made) == NULL);
  CHECK(weaveffi_contacts_Contact_get_contact_type(made) == weaveffi_contacts_ContactType_Other);
  weaveffi_contacts_Contact_destroy(made);
  weaveffi_contacts_Contact_destroy(NULL);

  /* remove reports whether the id existed; ids are not reused. */
  CHECK(weaveffi_contacts_ContactBook_remove(book, 1, &err) == true);
  CHECK(weaveffi_contacts_ContactBook_remove(book, 1, &err) == false);
  CHECK(err.code == 0);
  CHECK(weaveffi_contacts_ContactBook_count(book, &err) == 1);
  all = weaveffi_contacts_ContactBook_list(book, &len, &err);
  CHECK(len == 1);
  for (size_t i = 0; i < len; ++i) weaveffi_contacts_Contact_destroy(all[i]);
  weaveffi_free_bytes((uint8_t*)all, len * sizeof *all);
  weaveffi_contacts_Contact* next = weaveffi_contacts_ContactBook_add(
      book, "Edsger", "Dijkstra", NULL, weaveffi_contacts_ContactType_Work, &err);
  CHECK(weaveffi_contacts_Contact_get_id(next) == 3);
  weaveffi_contacts_Contact_destroy(next);

  weaveffi_contacts_ContactBook_destroy(book);
  weaveffi_contacts_ContactBook_destroy(NULL);
  return Finish();
}
