/* C consumer of a Rust producer that panics: every panic becomes error code
 * -2 with "producer panicked: <message>", the zero result, and the library
 * keeps working; a panic on a worker thread drops the completion, which
 * still reaches the caller exactly once. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "weaveffi.h"
#include "check.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls;
  int32_t code;
  char message[256];
  int32_t result;
} Outcome;

static void Done(void* context, weaveffi_error* err, int32_t result) {
  Outcome* o = (Outcome*)context;
  pthread_mutex_lock(&o->mu);
  o->calls++;
  o->code = err ? err->code : 0;
  o->message[0] = '\0';
  if (err && err->message) {
    strncpy(o->message, err->message, sizeof o->message - 1);
    o->message[sizeof o->message - 1] = '\0';
  }
  o->result = result;
  pthread_cond_signal(&o->cv);
  pthread_mutex_unlock(&o->mu);
}

static void Wait(Outcome* o) {
  pthread_mutex_lock(&o->mu);
  while (o->calls == 0) pthread_cond_wait(&o->cv, &o->mu);
  pthread_mutex_unlock(&o->mu);
}

static void Init(Outcome* o) {
  memset(o, 0, sizeof *o);
  pthread_mutex_init(&o->mu, NULL);
  pthread_cond_init(&o->cv, NULL);
}

int main(void) {
  weaveffi_error err = {0, NULL};

  /* A sync panic: the zero result, code -2 and the message. */
  CHECK(weaveffi_panics_boom("kaboom", &err) == NULL);
  CHECK(err.code == -2);
  CHECK_STR(err.message, "producer panicked: kaboom");
  weaveffi_error_clear(&err);
  const char* s = weaveffi_panics_boom("", &err); /* the library still works */
  CHECK_STR(s, "fine");
  CHECK(err.code == 0 && err.message == NULL);
  weaveffi_free_string(s);

  CHECK(weaveffi_panics_boom_any(&err) == 0);
  CHECK(err.code == -2);
  CHECK_STR(err.message, "producer panicked: a panic without a message");
  weaveffi_error_clear(&err);

  /* Constructors and methods. */
  CHECK(weaveffi_panics_Gadget_new(true, &err) == NULL);
  CHECK(err.code == -2);
  CHECK_STR(err.message, "producer panicked: no gadget today");
  weaveffi_error_clear(&err);
  weaveffi_panics_Gadget* g = weaveffi_panics_Gadget_new(false, &err);
  CHECK(g != NULL && err.code == 0);
  CHECK(weaveffi_panics_Gadget_boom(g, "method", &err) == 0);
  CHECK(err.code == -2);
  CHECK_STR(err.message, "producer panicked: method");
  weaveffi_error_clear(&err);
  weaveffi_panics_Gadget_destroy(g);

  /* An async function panicking in its body completes once, with -2. */
  Outcome now;
  Init(&now);
  weaveffi_panics_boom_now_async("early", Done, &now);
  Wait(&now);
  CHECK(now.calls == 1 && now.code == -2 && now.result == 0);
  CHECK_STR(now.message, "producer panicked: early");

  /* A worker thread panicking drops the completion: an error, once. */
  Outcome later;
  Init(&later);
  weaveffi_panics_boom_later_async("late", Done, &later);
  Wait(&later);
  CHECK(later.calls == 1 && later.code == -1 && later.result == 0);
  CHECK_STR(later.message, "async operation was dropped without completing");

  /* An iterator panicking in next(): 0 with -2; destroy still works. */
  weaveffi_panics_BoomIterIterator* it = weaveffi_panics_boom_iter(2, &err);
  CHECK(it != NULL);
  int32_t item = 0;
  CHECK(weaveffi_panics_BoomIterIterator_next(it, &item, &err) == 1 && item == 1);
  CHECK(weaveffi_panics_BoomIterIterator_next(it, &item, &err) == 1 && item == 2);
  CHECK(weaveffi_panics_BoomIterIterator_next(it, &item, &err) == 0);
  CHECK(err.code == -2);
  CHECK_STR(err.message, "producer panicked: iterator gave up after 2");
  weaveffi_error_clear(&err);
  weaveffi_panics_BoomIterIterator_destroy(it);

  /* A completion's transient error struct is freed on the producer's thread
     after the callback returns: let the last one finish before Finish()
     checks the leak probe. */
  for (int i = 0; i < 2000 && seam_live_allocations() != 0; ++i) {
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
  return Finish(); /* also checks the leak probe is back at zero */
}
