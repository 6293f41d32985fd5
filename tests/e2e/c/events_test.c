/* C consumer of the events example: listener delivery (synchronous and from
   other threads), unregistering, and the iterator protocol. */
#include <pthread.h>
#include <stdlib.h>

#include "weaveffi.h"
#include "check.h"

typedef struct {
  int count;
  char last[64];
  pthread_mutex_t mu;
} Seen;

static void OnMessage(const char* message, void* context) {
  Seen* seen = (Seen*)context;
  pthread_mutex_lock(&seen->mu);
  seen->count++;
  strncpy(seen->last, message, sizeof seen->last - 1);
  pthread_mutex_unlock(&seen->mu);
}

static void* Sender(void* arg) {
  (void)arg;
  weaveffi_error err = {0, NULL};
  for (int i = 0; i < 50; ++i) weaveffi_events_send_message("from thread", &err);
  weaveffi_error_clear(&err);
  return NULL;
}

int main(void) {
  weaveffi_error err = {0, NULL};
  Seen a = {0, "", PTHREAD_MUTEX_INITIALIZER};
  Seen b = {0, "", PTHREAD_MUTEX_INITIALIZER};

  uint64_t id_a = weaveffi_events_register_message_listener(OnMessage, &a);
  uint64_t id_b = weaveffi_events_register_message_listener(OnMessage, &b);
  CHECK(id_a != 0 && id_b != 0 && id_a != id_b);
  CHECK(weaveffi_events_register_message_listener(NULL, &a) == 0);

  /* Synchronous delivery: both subscribers saw it before send returned. */
  weaveffi_events_send_message("hello", &err);
  CHECK(err.code == 0);
  CHECK(a.count == 1 && b.count == 1);
  CHECK_STR(a.last, "hello");

  /* Delivery from other native threads. */
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, Sender, NULL);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  CHECK(a.count == 201 && b.count == 201);
  CHECK_STR(b.last, "from thread");

  /* After unregistering, a subscriber hears nothing more. */
  weaveffi_events_unregister_message_listener(id_a);
  weaveffi_events_unregister_message_listener(id_a); /* unknown ids are ignored */
  weaveffi_events_send_message("bye", &err);
  CHECK(a.count == 201 && b.count == 202);
  weaveffi_events_unregister_message_listener(id_b);

  /* Iterator: every message in order, then 0, then destroy once. */
  weaveffi_events_GetMessagesIterator* it = weaveffi_events_get_messages(&err);
  CHECK(it != NULL && err.code == 0);
  const char* item = NULL;
  int n = 0;
  while (weaveffi_events_GetMessagesIterator_next(it, &item, &err) == 1) {
    if (n == 0) CHECK_STR(item, "hello");
    if (n == 201) CHECK_STR(item, "bye");
    weaveffi_free_string(item);
    ++n;
  }
  CHECK(err.code == 0);
  CHECK(n == 202);
  CHECK(weaveffi_events_GetMessagesIterator_next(it, &item, &err) == 0);
  weaveffi_events_GetMessagesIterator_destroy(it);

  /* Early stop: destroying a half-consumed iterator releases it. */
  it = weaveffi_events_get_messages(&err);
  CHECK(weaveffi_events_GetMessagesIterator_next(it, &item, &err) == 1);
  weaveffi_free_string(item);
  weaveffi_events_GetMessagesIterator_destroy(it);
  weaveffi_events_GetMessagesIterator_destroy(NULL);

  /* Misuse: a NULL iterator is an error, not a crash. */
  CHECK(weaveffi_events_GetMessagesIterator_next(NULL, &item, &err) == 0);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);
  return Finish();
}
