/* C consumer of the kvstore example: a throwing constructor, bytes and
   optional-scalar parameters, an optional record return, an iterator
   method, a static, a deprecated method, a builder record with bytes, list
   and map fields, a listener, a nested module taking the parent's
   interface, and a cancellable async method, with ownership of everything. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "weaveffi.h"
#include "check.h"

typedef struct {
  int count;
  char last[64];
} Evictions;

static void OnEvict(const char* key, void* context) {
  Evictions* ev = (Evictions*)context;
  ev->count++;
  strncpy(ev->last, key, sizeof ev->last - 1);
}

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls;
  int32_t code;
  char message[64];
  int64_t result;
  pthread_t thread;
} Compaction;

static void OnCompact(void* context, weaveffi_error* err, int64_t result) {
  Compaction* c = (Compaction*)context;
  pthread_mutex_lock(&c->mu);
  c->calls++;
  c->code = err ? err->code : 0;
  if (err && err->message) strncpy(c->message, err->message, sizeof c->message - 1);
  c->result = result;
  c->thread = pthread_self();
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static void Compact(const weaveffi_kv_Store* store, weaveffi_cancel_token* token, Compaction* c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
  weaveffi_kv_Store_compact_async(store, token, OnCompact, c);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&c->mu);
  while (c->calls == 0 && pthread_cond_timedwait(&c->cv, &c->mu, &deadline) == 0) {
  }
  pthread_mutex_unlock(&c->mu);
  /* Give a (wrong) second completion the chance to show up. */
  struct timespec ts = {0, 20 * 1000000L};
  nanosleep(&ts, NULL);
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->cv);
}

static int Keys(const weaveffi_kv_Store* store, const char* prefix, char out[][16]) {
  weaveffi_error err = {0, NULL};
  weaveffi_kv_Store_ListKeysIterator* it = weaveffi_kv_Store_list_keys(store, prefix, &err);
  CHECK(it != NULL && err.code == 0);
  const char* key = NULL;
  int n = 0;
  int32_t step;
  while ((step = weaveffi_kv_Store_ListKeysIterator_next(it, &key, &err)) == 1) {
    strncpy(out[n++], key, 15);
    weaveffi_free_string(key);
  }
  CHECK(step == 0 && err.code == 0);
  weaveffi_kv_Store_ListKeysIterator_destroy(it);
  return n;
}

static bool Put(weaveffi_kv_Store* store, const char* key, const char* value, weaveffi_kv_EntryKind kind,
                const int64_t* ttl, weaveffi_error* err) {
  return weaveffi_kv_Store_put(store, key, (const uint8_t*)value, strlen(value), kind, ttl, err);
}

int main(void) {
  weaveffi_error err = {0, NULL};
  CHECK(weaveffi_kv_Store_default_capacity(&err) == 1000000 && err.code == 0);

  /* A throwing constructor. */
  CHECK(weaveffi_kv_Store_open("", &err) == NULL);
  CHECK(err.code == weaveffi_kv_KvError_IoError);
  CHECK_STR(err.message, "cannot open a store at an empty path");
  weaveffi_error_clear(&err);
  weaveffi_kv_Store* store = weaveffi_kv_Store_open("/tmp/kv", &err);
  CHECK(store != NULL && err.code == 0);

  Evictions ev = {0, ""};
  uint64_t sub = weaveffi_kv_register_eviction_listener(OnEvict, &ev);
  CHECK(sub > 0);

  /* put: bytes borrowed for the call; an optional TTL as a boxed pointer. */
  int64_t hour = 3600;
  CHECK(Put(store, "alpha", "one", weaveffi_kv_EntryKind_Volatile, NULL, &err) && err.code == 0);
  CHECK(Put(store, "beta", "two!", weaveffi_kv_EntryKind_Persistent, &hour, &err) && err.code == 0);
  CHECK(weaveffi_kv_Store_put(store, "empty", NULL, 0, weaveffi_kv_EntryKind_Encrypted, NULL, &err));
  CHECK(weaveffi_kv_Store_count(store, &err) == 3);
  int64_t negative = -1;
  CHECK(!Put(store, "gamma", "x", weaveffi_kv_EntryKind_Volatile, &negative, &err));
  CHECK(err.code == weaveffi_kv_KvError_Expired);
  weaveffi_error_clear(&err);
  CHECK(!weaveffi_kv_Store_put(store, "bad", NULL, 3, weaveffi_kv_EntryKind_Volatile, NULL, &err));
  CHECK(err.code == 1); /* NULL buffer with a length */
  weaveffi_error_clear(&err);

  /* get: an owned optional record; a missing key is a typed error. */
  weaveffi_kv_Entry* e = weaveffi_kv_Store_get(store, "beta", &err);
  CHECK(e != NULL && err.code == 0);
  const char* key = weaveffi_kv_Entry_get_key(e);
  CHECK_STR(key, "beta");
  weaveffi_free_string(key);
  size_t vlen = 0;
  const uint8_t* value = weaveffi_kv_Entry_get_value(e, &vlen);
  CHECK(vlen == 4 && value != NULL && memcmp(value, "two!", 4) == 0);
  weaveffi_free_bytes((uint8_t*)value, vlen);
  int64_t* expires = weaveffi_kv_Entry_get_expires_at(e);
  CHECK(expires != NULL && *expires == weaveffi_kv_Entry_get_created_at(e) + 3600);
  weaveffi_free_bytes((uint8_t*)expires, sizeof *expires);
  const char** mkeys = NULL;
  const char** mvalues = NULL;
  size_t mlen = 0;
  weaveffi_kv_Entry_get_metadata(e, &mkeys, &mvalues, &mlen);
  CHECK(mlen == 1);
  if (mlen == 1) {
    CHECK_STR(mkeys[0], "kind");
    CHECK_STR(mvalues[0], "1");
  }
  for (size_t i = 0; i < mlen; ++i) {
    weaveffi_free_string(mkeys[i]);
    weaveffi_free_string(mvalues[i]);
  }
  weaveffi_free_bytes((uint8_t*)mkeys, mlen * sizeof *mkeys);
  weaveffi_free_bytes((uint8_t*)mvalues, mlen * sizeof *mvalues);
  size_t ntags = 99;
  const char** tags = weaveffi_kv_Entry_get_tags(e, &ntags);
  CHECK(ntags == 0 && tags == NULL); /* empty lists are NULL with length 0 */
  weaveffi_kv_Entry_destroy(e);
  e = weaveffi_kv_Store_get(store, "alpha", &err);
  expires = weaveffi_kv_Entry_get_expires_at(e);
  CHECK(expires == NULL);
  weaveffi_kv_Entry_destroy(e);
  e = weaveffi_kv_Store_get(store, "empty", &err);
  value = weaveffi_kv_Entry_get_value(e, &vlen);
  CHECK(value == NULL && vlen == 0);
  weaveffi_kv_Entry_destroy(e);
  CHECK(weaveffi_kv_Store_get(store, "missing", &err) == NULL);
  CHECK(err.code == weaveffi_kv_KvError_KeyNotFound);
  CHECK_STR(err.message, "key not found: missing");
  weaveffi_error_clear(&err);

  /* A deprecated method still works. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  CHECK(weaveffi_kv_Store_legacy_put(store, "legacy", (const uint8_t*)"L", 1, &err) && err.code == 0);
#pragma GCC diagnostic pop

  /* The iterator method, with and without a prefix. */
  char keys[8][16];
  memset(keys, 0, sizeof keys);
  CHECK(Keys(store, NULL, keys) == 4);
  CHECK_STR(keys[0], "alpha");
  CHECK_STR(keys[3], "legacy");
  memset(keys, 0, sizeof keys);
  CHECK(Keys(store, "be", keys) == 1);
  CHECK_STR(keys[0], "beta");
  CHECK(Keys(store, "zzz", keys) == 0);

  /* The nested module takes the parent module's interface. */
  weaveffi_kv_stats_Stats* st = weaveffi_kv_stats_get_stats(store, &err);
  CHECK(st != NULL && err.code == 0);
  CHECK(weaveffi_kv_stats_Stats_get_total_entries(st) == 4);
  CHECK(weaveffi_kv_stats_Stats_get_total_bytes(st) == 3 + 4 + 0 + 1);
  CHECK(weaveffi_kv_stats_Stats_get_expired_entries(st) == 0);
  weaveffi_kv_stats_Stats_destroy(st);
  CHECK(weaveffi_kv_stats_get_stats(NULL, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  /* delete fires the listener synchronously. */
  CHECK(weaveffi_kv_Store_delete(store, "legacy", &err) == true);
  CHECK(ev.count == 1);
  CHECK_STR(ev.last, "legacy");
  CHECK(weaveffi_kv_Store_delete(store, "legacy", &err) == false);
  CHECK(ev.count == 1 && err.code == 0);

  /* Async compact: a TTL-0 entry expires at once; compaction reclaims its
     bytes on a worker thread and evicts it. */
  int64_t zero = 0;
  CHECK(Put(store, "brief", "abc", weaveffi_kv_EntryKind_Volatile, &zero, &err));
  CHECK(weaveffi_kv_Store_count(store, &err) == 3);
  e = weaveffi_kv_Store_get(store, "brief", &err);
  CHECK(e == NULL && err.code == 0); /* expired: nothing, not an error */
  Compaction c;
  Compact(store, NULL, &c);
  CHECK(c.calls == 1 && c.code == 0 && c.result == 3);
  CHECK(!pthread_equal(c.thread, pthread_self()));
  CHECK(ev.count == 2);
  CHECK_STR(ev.last, "brief");

  /* With a live token, compaction runs; with a cancelled one it fails with
     the domain's IoError, still exactly once. */
  weaveffi_cancel_token* token = weaveffi_cancel_token_create();
  CHECK(!weaveffi_cancel_token_is_cancelled(token));
  Compact(store, token, &c);
  CHECK(c.calls == 1 && c.code == 0 && c.result == 0);
  weaveffi_cancel_token_cancel(token);
  CHECK(weaveffi_cancel_token_is_cancelled(token));
  Compact(store, token, &c);
  CHECK(c.calls == 1 && c.code == weaveffi_kv_KvError_IoError && c.result == 0);
  CHECK_STR(c.message, "compaction cancelled");
  weaveffi_cancel_token_destroy(token);
  CHECK(!weaveffi_cancel_token_is_cancelled(NULL));
  weaveffi_cancel_token_cancel(NULL);
  weaveffi_cancel_token_destroy(NULL);
  /* A NULL self completes through the callback with an error. */
  Compact(NULL, NULL, &c);
  CHECK(c.calls == 1 && c.code != 0);

  /* After unregistering, evictions are not delivered. */
  weaveffi_kv_unregister_eviction_listener(sub);
  CHECK(weaveffi_kv_Store_delete(store, "alpha", &err) == true);
  CHECK(ev.count == 2);

  weaveffi_kv_Store_clear(store, &err);
  CHECK(err.code == 0 && weaveffi_kv_Store_count(store, &err) == 0);
  weaveffi_kv_Store_destroy(store);

  /* Capacity: a full store refuses new keys but accepts replacements. */
  store = weaveffi_kv_Store_open("/tmp/small?capacity=1", &err);
  CHECK(store != NULL);
  CHECK(Put(store, "a", "1", weaveffi_kv_EntryKind_Volatile, NULL, &err));
  CHECK(!Put(store, "b", "2", weaveffi_kv_EntryKind_Volatile, NULL, &err));
  CHECK(err.code == weaveffi_kv_KvError_StoreFull);
  CHECK_STR(err.message, "store has reached capacity");
  weaveffi_error_clear(&err);
  CHECK(Put(store, "a", "3", weaveffi_kv_EntryKind_Volatile, NULL, &err) && err.code == 0);
  weaveffi_kv_Store_destroy(store);

  /* Records from the consumer: create with every field kind, and the
     builder (setters copy; build does not consume the builder). */
  const char* tag_list[] = {"red", "blue"};
  const char* meta_keys[] = {"owner"};
  const char* meta_values[] = {"ada"};
  int64_t when = 1700000000;
  e = weaveffi_kv_Entry_create(5, "k", (const uint8_t*)"\0\1\2", 3, 1, &when, tag_list, 2, meta_keys,
                               meta_values, 1, &err);
  CHECK(e != NULL && err.code == 0);
  value = weaveffi_kv_Entry_get_value(e, &vlen);
  CHECK(vlen == 3 && value[0] == 0 && value[2] == 2);
  weaveffi_free_bytes((uint8_t*)value, vlen);
  tags = weaveffi_kv_Entry_get_tags(e, &ntags);
  CHECK(ntags == 2);
  if (ntags == 2) CHECK_STR(tags[1], "blue");
  for (size_t i = 0; i < ntags; ++i) weaveffi_free_string(tags[i]);
  weaveffi_free_bytes((uint8_t*)tags, ntags * sizeof *tags);
  weaveffi_kv_Entry_destroy(e);

  weaveffi_kv_EntryBuilder* b = weaveffi_kv_Entry_Builder_new();
  CHECK(b != NULL);
  weaveffi_kv_Entry_Builder_set_id(b, 9);
  CHECK(weaveffi_kv_Entry_Builder_build(b, &err) == NULL); /* required fields unset */
  CHECK(err.code == -1 && err.message != NULL);
  weaveffi_error_clear(&err);
  char scratch[8] = "key9";
  weaveffi_kv_Entry_Builder_set_key(b, scratch);
  strcpy(scratch, "XXXX");
  weaveffi_kv_Entry_Builder_set_value(b, (const uint8_t*)"v", 1);
  weaveffi_kv_Entry_Builder_set_created_at(b, 2);
  weaveffi_kv_Entry_Builder_set_expires_at(b, NULL);
  weaveffi_kv_Entry_Builder_set_tags(b, tag_list, 1);
  weaveffi_kv_Entry_Builder_set_metadata(b, NULL, NULL, 0);
  weaveffi_kv_Entry* built = weaveffi_kv_Entry_Builder_build(b, &err);
  weaveffi_kv_Entry* again = weaveffi_kv_Entry_Builder_build(b, &err);
  CHECK(built != NULL && again != NULL && built != again && err.code == 0);
  key = weaveffi_kv_Entry_get_key(built);
  CHECK_STR(key, "key9");
  weaveffi_free_string(key);
  CHECK(weaveffi_kv_Entry_get_id(again) == 9);
  CHECK(weaveffi_kv_Entry_get_expires_at(built) == NULL);
  weaveffi_kv_Entry_get_metadata(built, &mkeys, &mvalues, &mlen);
  CHECK(mlen == 0 && mkeys == NULL && mvalues == NULL);
  weaveffi_kv_Entry_destroy(built);
  weaveffi_kv_Entry_destroy(again);
  weaveffi_kv_Entry_Builder_destroy(b);
  weaveffi_kv_Entry_Builder_destroy(NULL);
  return Finish();
}
