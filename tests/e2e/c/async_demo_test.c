/* C consumer of the async-demo example: async launchers with record, list
   and scalar results completed from producer threads, async combined with
   typed errors, exactly-once completion (including a producer that drops
   its completion), borrowed result buffers and adopted result objects. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "weaveffi.h"
#include "check.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls;
  int32_t code;
  char message[128];
  int64_t ids[8];
  char values[8][32];
  bool success[8];
  size_t len;
  int32_t number;
} Call;

static void InitCall(Call* c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
}

static void FreeCall(Call* c) {
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->cv);
}

/* Copies the borrowed error inside the callback; NULL means success. */
static void Record(Call* c, const weaveffi_error* err) {
  c->calls++;
  c->code = err ? err->code : 0;
  if (err && err->message) strncpy(c->message, err->message, sizeof c->message - 1);
}

static void Signal(Call* c) {
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

/* Adopts the result record: copies what it needs and destroys it. */
static void Take(Call* c, size_t i, weaveffi_tasks_TaskResult* r) {
  c->ids[i] = weaveffi_tasks_TaskResult_get_id(r);
  const char* value = weaveffi_tasks_TaskResult_get_value(r);
  strncpy(c->values[i], value, sizeof c->values[i] - 1);
  weaveffi_free_string(value);
  c->success[i] = weaveffi_tasks_TaskResult_get_success(r);
  weaveffi_tasks_TaskResult_destroy(r);
}

static void OnTask(void* context, weaveffi_error* err, weaveffi_tasks_TaskResult* result) {
  Call* c = (Call*)context;
  pthread_mutex_lock(&c->mu);
  Record(c, err);
  if (result != NULL) {
    c->len = 1;
    Take(c, 0, result);
  }
  Signal(c);
}

static void OnBatch(void* context, weaveffi_error* err, weaveffi_tasks_TaskResult** result, size_t len) {
  Call* c = (Call*)context;
  pthread_mutex_lock(&c->mu);
  Record(c, err);
  c->len = len;
  /* Elements are adopted; the array itself stays the producer's. */
  for (size_t i = 0; i < len && i < 8; ++i) Take(c, i, result[i]);
  Signal(c);
}

static void OnCount(void* context, weaveffi_error* err, int32_t result) {
  Call* c = (Call*)context;
  pthread_mutex_lock(&c->mu);
  Record(c, err);
  c->number = result;
  Signal(c);
}

/* Waits up to 10 s for the first completion. */
static void Wait(Call* c) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&c->mu);
  while (c->calls == 0) {
    if (pthread_cond_timedwait(&c->cv, &c->mu, &deadline) != 0) break;
  }
  pthread_mutex_unlock(&c->mu);
}

static void SleepMs(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

/* Waits until every async body has finished (bounded). */
static int64_t Settle(void) {
  weaveffi_error err = {0, NULL};
  int64_t active = 0;
  for (int i = 0; i < 1000; ++i) {
    active = weaveffi_tasks_active_callbacks(&err);
    if (active == 0) break;
    SleepMs(5);
  }
  return active;
}

int main(void) {
  weaveffi_error err = {0, NULL};

  /* A record result, adopted by the consumer. */
  Call one;
  InitCall(&one);
  weaveffi_tasks_run_task_async("alpha", OnTask, &one);
  Wait(&one);
  CHECK(one.calls == 1 && one.code == 0 && one.len == 1);
  CHECK(one.ids[0] == 1);
  CHECK_STR(one.values[0], "done: alpha");
  CHECK(one.success[0]);

  /* A typed error through the completion; no result. */
  Call bad;
  InitCall(&bad);
  weaveffi_tasks_run_task_async("", OnTask, &bad);
  Wait(&bad);
  CHECK(bad.calls == 1 && bad.code == weaveffi_tasks_TaskError_InvalidName && bad.len == 0);
  CHECK_STR(bad.message, "task name must not be empty");

  /* Argument errors are delivered through the callback too. */
  Call null_name;
  InitCall(&null_name);
  weaveffi_tasks_run_task_async(NULL, OnTask, &null_name);
  Wait(&null_name);
  CHECK(null_name.calls == 1 && null_name.code == 1 && null_name.len == 0);

  /* A producer that drops its completion still completes the call, once. */
  Call dropped;
  InitCall(&dropped);
  weaveffi_tasks_run_task_async("drop", OnTask, &dropped);
  Wait(&dropped);
  CHECK(dropped.calls == 1 && dropped.code == -1 && dropped.len == 0);
  CHECK_STR(dropped.message, "async operation was dropped without completing");

  /* A list result: the input list is borrowed for the launch only. */
  Call batch;
  InitCall(&batch);
  {
    char a[8] = "one", b[8] = "two", c[8] = "three";
    const char* names[] = {a, b, c};
    weaveffi_tasks_run_batch_async(names, 3, OnBatch, &batch);
    strcpy(a, "XXX"); /* the producer copied its input before returning */
  }
  Wait(&batch);
  CHECK(batch.calls == 1 && batch.code == 0 && batch.len == 3);
  CHECK_STR(batch.values[0], "done: one");
  CHECK_STR(batch.values[2], "done: three");
  CHECK(batch.ids[1] == batch.ids[0] + 1);

  Call empty_batch;
  InitCall(&empty_batch);
  weaveffi_tasks_run_batch_async(NULL, 0, OnBatch, &empty_batch);
  Wait(&empty_batch);
  CHECK(empty_batch.calls == 1 && empty_batch.code == 0 && empty_batch.len == 0);

  /* A scalar result computed on many producer threads. */
  Call many;
  InitCall(&many);
  weaveffi_tasks_run_n_tasks_async(16, OnCount, &many);
  Wait(&many);
  CHECK(many.calls == 1 && many.code == 0 && many.number == 16);

  Call negative;
  InitCall(&negative);
  weaveffi_tasks_run_n_tasks_async(-1, OnCount, &negative);
  Wait(&negative);
  CHECK(negative.calls == 1 && negative.code == -1 && negative.number == 0);
  CHECK_STR(negative.message, "n must not be negative");

  /* A held task completes only when cancel_task releases it. */
  Call held;
  InitCall(&held);
  weaveffi_tasks_run_task_async("hold me", OnTask, &held);
  int64_t held_id = 1 + 1 + 3 + 16; /* ids are handed out in launch order */
  bool released = false;
  for (int i = 0; i < 30000 && !released; ++i) {
    released = weaveffi_tasks_cancel_task(held_id, &err);
    if (!released) SleepMs(2);
  }
  CHECK(released && err.code == 0);
  Wait(&held);
  CHECK(held.calls == 1 && held.code == 0 && held.ids[0] == held_id);
  CHECK_STR(held.values[0], "cancelled");
  CHECK(!held.success[0]);
  CHECK(weaveffi_tasks_cancel_task(held_id, &err) == false);
  CHECK(weaveffi_tasks_cancel_task(12345, &err) == false);

  /* Every body has finished, and no call completed twice. */
  CHECK(Settle() == 0);
  SleepMs(20);
  CHECK(one.calls == 1 && bad.calls == 1 && null_name.calls == 1 && dropped.calls == 1);
  CHECK(batch.calls == 1 && empty_batch.calls == 1 && many.calls == 1 && negative.calls == 1);
  CHECK(held.calls == 1);

  Call* all[] = {&one, &bad, &null_name, &dropped, &batch, &empty_batch, &many, &negative, &held};
  for (size_t i = 0; i < sizeof all / sizeof *all; ++i) FreeCall(all[i]);
  weaveffi_error_clear(&err);
  return Finish();
}
