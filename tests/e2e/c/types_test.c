/* C consumer of the types example: optionals of every kind (absent, present,
   present-but-empty), maps, lists of optional records, borrowed inputs,
   mutable parameters edited in place, handles and typed handles, iterators
   of records and of optional records, async results of every shape
   (borrowed buffers, adopted objects), cancellation, and a listener with rich
   arguments fired from another thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "weaveffi.h"
#include "check.h"

static weaveffi_error err = {0, NULL};

static void ExpectOk(int line) {
  if (err.code != 0) {
    fprintf(stderr, "line %d: unexpected error %d: %s\n", line, err.code, err.message ? err.message : "");
    ++g_failed;
    weaveffi_error_clear(&err);
  }
}
#define OK() ExpectOk(__LINE__)

static void ExpectError(int32_t code, const char* message, int line) {
  if (err.code != code || (message && (!err.message || strcmp(err.message, message) != 0))) {
    fprintf(stderr, "line %d: expected error %d '%s', got %d '%s'\n", line, code, message ? message : "", err.code,
            err.message ? err.message : "(null)");
    ++g_failed;
  } else {
    ++g_passed;
  }
  weaveffi_error_clear(&err);
}
#define ERR(code, message) ExpectError(code, message, __LINE__)

static weaveffi_types_Point* NewPoint(double x, double y) {
  weaveffi_types_Point* p = weaveffi_types_Point_create(x, y, &err);
  OK();
  return p;
}

static bool IsPoint(const weaveffi_types_Point* p, double x, double y) {
  return p != NULL && weaveffi_types_Point_get_x(p) == x && weaveffi_types_Point_get_y(p) == y;
}

/* ---- async plumbing: one completion record per call ---- */

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int calls;
  int32_t code;
  char message[96];
  char text[160];
  uint8_t bytes[64];
  size_t len;
  int64_t number;
  bool present;
  void* object;
} Done;

static void Start(Done* d) {
  memset(d, 0, sizeof *d);
  pthread_mutex_init(&d->mu, NULL);
  pthread_cond_init(&d->cv, NULL);
}

static void Finish1(Done* d) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 10;
  pthread_mutex_lock(&d->mu);
  while (d->calls == 0 && pthread_cond_timedwait(&d->cv, &d->mu, &deadline) == 0) {
  }
  pthread_mutex_unlock(&d->mu);
}

static void Release(Done* d) {
  pthread_mutex_destroy(&d->mu);
  pthread_cond_destroy(&d->cv);
}

static Done* Enter(void* context, const weaveffi_error* e) {
  Done* d = (Done*)context;
  pthread_mutex_lock(&d->mu);
  d->calls++;
  d->code = e ? e->code : 0;
  if (e && e->message) strncpy(d->message, e->message, sizeof d->message - 1);
  return d;
}

static void Leave(Done* d) {
  pthread_cond_broadcast(&d->cv);
  pthread_mutex_unlock(&d->mu);
}

static void OnText(void* c, weaveffi_error* e, const char* result) {
  Done* d = Enter(c, e);
  if (result) strncpy(d->text, result, sizeof d->text - 1); /* borrowed: copy, never free */
  Leave(d);
}
static void OnBytes(void* c, weaveffi_error* e, const uint8_t* result, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  if (result && len <= sizeof d->bytes) memcpy(d->bytes, result, len);
  Leave(d);
}
static void OnOpt(void* c, weaveffi_error* e, int32_t* result) {
  Done* d = Enter(c, e);
  d->present = result != NULL;
  if (result) d->number = *result;
  Leave(d);
}
static void OnPoint(void* c, weaveffi_error* e, weaveffi_types_Point* result) {
  Done* d = Enter(c, e);
  d->object = result; /* adopted */
  Leave(d);
}
static void OnValue(void* c, weaveffi_error* e, weaveffi_types_Value* result) {
  Done* d = Enter(c, e);
  d->object = result;
  Leave(d);
}
static void OnMap(void* c, weaveffi_error* e, const char** keys, int32_t* values, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  for (size_t i = 0; i < len; ++i) {
    char item[32];
    snprintf(item, sizeof item, "%s=%d;", keys[i], values[i]);
    strncat(d->text, item, sizeof d->text - strlen(d->text) - 1);
  }
  Leave(d);
}
static void OnPoints(void* c, weaveffi_error* e, weaveffi_types_Point** result, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  for (size_t i = 0; i < len; ++i) {
    d->number += (int64_t)weaveffi_types_Point_get_x(result[i]);
    weaveffi_types_Point_destroy(result[i]); /* elements adopted, array borrowed */
  }
  Leave(d);
}
static void OnCounter(void* c, weaveffi_error* e, weaveffi_types_Counter* result) {
  Done* d = Enter(c, e);
  d->object = result;
  Leave(d);
}
static void OnLevel(void* c, weaveffi_error* e, weaveffi_types_Level result) {
  Done* d = Enter(c, e);
  d->number = result;
  Leave(d);
}
static void OnVoid(void* c, weaveffi_error* e) { Leave(Enter(c, e)); }
static void OnStrings(void* c, weaveffi_error* e, const char** result, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  for (size_t i = 0; i < len; ++i) strncat(d->text, result[i], sizeof d->text - strlen(d->text) - 1);
  Leave(d);
}
static void OnI64(void* c, weaveffi_error* e, int64_t result) {
  Done* d = Enter(c, e);
  d->number = result;
  Leave(d);
}
static void OnI32(void* c, weaveffi_error* e, int32_t result) {
  Done* d = Enter(c, e);
  d->number = result;
  Leave(d);
}

/* ---- listener ---- */

typedef struct {
  pthread_mutex_t mu;
  int count;
  int bad;
  pthread_t last_thread;
} Samples;

static void OnSample(int32_t seq, const weaveffi_types_Point* point, const uint8_t* data, size_t data_len,
                     const char* const* keys, const char* const* values, size_t tags_len,
                     const weaveffi_types_Level* level, const weaveffi_types_Value* value, const char* note,
                     void* context) {
  Samples* s = (Samples*)context;
  int bad = 0;
  if (!IsPoint(point, seq, -seq)) bad++;
  if (data_len != 3 || data[0] != (uint8_t)seq || data[2] != 2) bad++;
  if (tags_len != 2 || strcmp(keys[0], "seq") != 0 || strcmp(values[1], "worker") != 0) bad++;
  if ((seq % 2 == 0) != (level != NULL && *level == weaveffi_types_Level_High)) bad++;
  if ((seq % 2 == 1) != (note != NULL && strcmp(note, "odd") == 0)) bad++;
  int32_t tag = weaveffi_types_Value_tag(value);
  if (tag != (seq % 3 == 0 ? weaveffi_types_Value_Number : seq % 3 == 1 ? weaveffi_types_Value_Text
                                                                          : weaveffi_types_Value_Pair)) {
    bad++;
  }
  if (tag == weaveffi_types_Value_Pair) {
    weaveffi_types_Point* b = weaveffi_types_Value_Pair_get_b(value);
    if (b != NULL) bad++;
  }
  pthread_mutex_lock(&s->mu);
  s->count++;
  s->bad += bad;
  s->last_thread = pthread_self();
  pthread_mutex_unlock(&s->mu);
}

static void TestOptionals(void) {
  int32_t i = -7;
  int32_t* oi = weaveffi_types_echo_opt_i32(&i, &err);
  CHECK(oi != NULL && *oi == -7);
  weaveffi_free_bytes((uint8_t*)oi, sizeof *oi);
  CHECK(weaveffi_types_echo_opt_i32(NULL, &err) == NULL);
  bool f = false;
  bool* ob = weaveffi_types_echo_opt_bool(&f, &err);
  CHECK(ob != NULL && *ob == false);
  weaveffi_free_bytes((uint8_t*)ob, sizeof *ob);
  double x = 0.25;
  double* od = weaveffi_types_echo_opt_f64(&x, &err);
  CHECK(od != NULL && *od == 0.25);
  weaveffi_free_bytes((uint8_t*)od, sizeof *od);
  CHECK(weaveffi_types_echo_opt_f64(NULL, &err) == NULL);

  const char* s = weaveffi_types_echo_opt_string("h\xc3\xa9llo", &err);
  CHECK_STR(s, "h\xc3\xa9llo");
  weaveffi_free_string(s);
  s = weaveffi_types_echo_opt_string("", &err);
  CHECK_STR(s, "");
  weaveffi_free_string(s);
  CHECK(weaveffi_types_echo_opt_string(NULL, &err) == NULL);
  OK();

  /* bytes?: absent is NULL; present-but-empty is non-NULL with length 0. */
  size_t len = 99;
  const uint8_t raw[3] = {0, 255, 7};
  const uint8_t* b = weaveffi_types_echo_opt_bytes(raw, 3, &len, &err);
  CHECK(b != NULL && len == 3 && memcmp(b, raw, 3) == 0);
  weaveffi_free_bytes((uint8_t*)b, len);
  b = weaveffi_types_echo_opt_bytes(raw, 0, &len, &err);
  CHECK(b != NULL && len == 0);
  weaveffi_free_bytes((uint8_t*)b, len);
  b = weaveffi_types_echo_opt_bytes(NULL, 0, &len, &err);
  CHECK(b == NULL && len == 0);

  weaveffi_types_Point* p = NewPoint(1, 2);
  weaveffi_types_Point* q = weaveffi_types_echo_opt_point(p, &err);
  CHECK(IsPoint(q, 1, 2) && q != p);
  weaveffi_types_Point_destroy(q);
  CHECK(weaveffi_types_echo_opt_point(NULL, &err) == NULL);
  weaveffi_types_Point_destroy(p);

  weaveffi_types_Level lv = weaveffi_types_Level_Low;
  weaveffi_types_Level* ol = weaveffi_types_echo_opt_level(&lv, &err);
  CHECK(ol != NULL && *ol == weaveffi_types_Level_Low);
  weaveffi_free_bytes((uint8_t*)ol, sizeof *ol);
  CHECK(weaveffi_types_echo_opt_level(NULL, &err) == NULL);
  lv = (weaveffi_types_Level)4;
  CHECK(weaveffi_types_echo_opt_level(&lv, &err) == NULL);
  ERR(1, NULL);

  weaveffi_types_Value* v = weaveffi_types_Value_Text_new("t", &err);
  weaveffi_types_Value* w = weaveffi_types_echo_opt_value(v, &err);
  CHECK(weaveffi_types_Value_tag(w) == weaveffi_types_Value_Text);
  weaveffi_types_Value_destroy(w);
  weaveffi_types_Value_destroy(v);
  CHECK(weaveffi_types_echo_opt_value(NULL, &err) == NULL);

  int32_t nums[3] = {1, -2, 3};
  int32_t* ol2 = weaveffi_types_echo_opt_list(nums, 3, &len, &err);
  CHECK(ol2 != NULL && len == 3 && ol2[1] == -2);
  weaveffi_free_bytes((uint8_t*)ol2, len * sizeof *ol2);
  ol2 = weaveffi_types_echo_opt_list(nums, 0, &len, &err);
  CHECK(ol2 != NULL && len == 0);
  weaveffi_free_bytes((uint8_t*)ol2, 0);
  CHECK(weaveffi_types_echo_opt_list(NULL, 0, &len, &err) == NULL && len == 0);

  const char* keys[2] = {"a", "b"};
  int64_t vals[2] = {10, 20};
  const char** ok = NULL;
  int64_t* ov = NULL;
  weaveffi_types_echo_opt_map(keys, vals, 2, &ok, &ov, &len, &err);
  CHECK(len == 2 && ok != NULL && ov != NULL && strcmp(ok[1], "b") == 0 && ov[1] == 20);
  for (size_t k = 0; k < len; ++k) weaveffi_free_string(ok[k]);
  weaveffi_free_bytes((uint8_t*)ok, len * sizeof *ok);
  weaveffi_free_bytes((uint8_t*)ov, len * sizeof *ov);
  weaveffi_types_echo_opt_map(keys, vals, 0, &ok, &ov, &len, &err);
  CHECK(len == 0 && ok != NULL && ov != NULL); /* present and empty */
  weaveffi_free_bytes((uint8_t*)ok, 0);
  weaveffi_free_bytes((uint8_t*)ov, 0);
  weaveffi_types_echo_opt_map(NULL, NULL, 0, &ok, &ov, &len, &err);
  CHECK(len == 0 && ok == NULL && ov == NULL); /* absent */
  OK();

  weaveffi_types_Counter* counter = weaveffi_types_Counter_new(3, &err);
  weaveffi_types_Counter_next(counter, &err);
  int64_t* last = weaveffi_types_echo_opt_counter(counter, &err);
  CHECK(last != NULL && *last == 4);
  weaveffi_free_bytes((uint8_t*)last, sizeof *last);
  CHECK(weaveffi_types_echo_opt_counter(NULL, &err) == NULL);
  weaveffi_types_Counter_destroy(counter);
  OK();
}

static void TestContainers(void) {
  size_t len = 0;
  weaveffi_types_Level levels[3] = {weaveffi_types_Level_High, weaveffi_types_Level_Low, weaveffi_types_Level_Mid};
  weaveffi_types_Level* lv = weaveffi_types_echo_levels(levels, 3, &len, &err);
  CHECK(len == 3 && lv[0] == weaveffi_types_Level_High && lv[1] == weaveffi_types_Level_Low);
  weaveffi_free_bytes((uint8_t*)lv, len * sizeof *lv);
  levels[1] = (weaveffi_types_Level)6;
  CHECK(weaveffi_types_echo_levels(levels, 3, &len, &err) == NULL);
  ERR(1, "v[1] is not a valid value: 6");

  /* [Point?]: NULL slots are absent elements. */
  weaveffi_types_Point* a = NewPoint(1, 1);
  weaveffi_types_Point* c = NewPoint(3, 3);
  const weaveffi_types_Point* in[3] = {a, NULL, c};
  weaveffi_types_Point** out = weaveffi_types_echo_points(in, 3, &len, &err);
  CHECK(len == 3 && IsPoint(out[0], 1, 1) && out[1] == NULL && IsPoint(out[2], 3, 3));
  for (size_t i = 0; i < len; ++i) weaveffi_types_Point_destroy(out[i]);
  weaveffi_free_bytes((uint8_t*)out, len * sizeof *out);

  weaveffi_types_Value* vals[2];
  vals[0] = weaveffi_types_Value_Pair_new(a, NULL, &err);
  const uint8_t blob[2] = {9, 8};
  const char* tags[1] = {"x"};
  vals[1] = weaveffi_types_Value_Blob_new(blob, 2, tags, 1, &err);
  OK();
  weaveffi_types_Value** vout = weaveffi_types_echo_values(vals, 2, &len, &err);
  CHECK(len == 2 && weaveffi_types_Value_tag(vout[0]) == weaveffi_types_Value_Pair);
  weaveffi_types_Point* pa = weaveffi_types_Value_Pair_get_a(vout[0]);
  CHECK(IsPoint(pa, 1, 1));
  weaveffi_types_Point_destroy(pa);
  CHECK(weaveffi_types_Value_Pair_get_b(vout[0]) == NULL);
  size_t blen = 0;
  const uint8_t* bd = weaveffi_types_Value_Blob_get_data(vout[1], &blen);
  CHECK(blen == 2 && bd[1] == 8);
  weaveffi_free_bytes((uint8_t*)bd, blen);
  const char** bt = weaveffi_types_Value_Blob_get_tags(vout[1], &blen);
  CHECK(blen == 1 && strcmp(bt[0], "x") == 0);
  weaveffi_free_string(bt[0]);
  weaveffi_free_bytes((uint8_t*)bt, blen * sizeof *bt);
  for (size_t i = 0; i < len; ++i) weaveffi_types_Value_destroy(vout[i]);
  weaveffi_free_bytes((uint8_t*)vout, len * sizeof *vout);
  weaveffi_types_Value_destroy(vals[0]);
  weaveffi_types_Value_destroy(vals[1]);

  const char* mk[3] = {"z", "a", "m"};
  double mv[3] = {1.5, -2.5, 0};
  const char** ok = NULL;
  double* ov = NULL;
  weaveffi_types_echo_map(mk, mv, 3, &ok, &ov, &len, &err);
  CHECK(len == 3 && strcmp(ok[0], "a") == 0 && ov[0] == -2.5 && strcmp(ok[2], "z") == 0);
  for (size_t i = 0; i < len; ++i) weaveffi_free_string(ok[i]);
  weaveffi_free_bytes((uint8_t*)ok, len * sizeof *ok);
  weaveffi_free_bytes((uint8_t*)ov, len * sizeof *ov);
  weaveffi_types_echo_map(NULL, NULL, 0, &ok, &ov, &len, &err);
  CHECK(len == 0 && ok == NULL && ov == NULL);
  weaveffi_types_echo_map(mk, NULL, 3, &ok, &ov, &len, &err);
  ERR(1, NULL);

  int64_t ik[2] = {7, -1};
  const char* iv[2] = {"seven", "minus one"};
  int64_t* nk = NULL;
  const char** nv = NULL;
  weaveffi_types_echo_names(ik, iv, 2, &nk, &nv, &len, &err);
  CHECK(len == 2 && nk[0] == -1 && strcmp(nv[0], "minus one") == 0);
  for (size_t i = 0; i < len; ++i) weaveffi_free_string(nv[i]);
  weaveffi_free_bytes((uint8_t*)nk, len * sizeof *nk);
  weaveffi_free_bytes((uint8_t*)nv, len * sizeof *nv);

  /* A builder record with every optional and container field. */
  weaveffi_types_BagBuilder* bb = weaveffi_types_Bag_Builder_new();
  weaveffi_types_Bag_Builder_set_label(bb, "full");
  int32_t seven = 7;
  weaveffi_types_Bag_Builder_set_opt_int(bb, &seven);
  weaveffi_types_Bag_Builder_set_opt_text(bb, "text");
  weaveffi_types_Bag_Builder_set_opt_data(bb, blob, 0); /* present, empty */
  weaveffi_types_Bag_Builder_set_opt_point(bb, c);
  weaveffi_types_Bag_Builder_set_opt_level(bb, NULL);
  weaveffi_types_Bag_Builder_set_opt_list(bb, NULL, 0);
  weaveffi_types_Bag_Builder_set_opt_map(bb, mk, (const int64_t*)ik, 2);
  weaveffi_types_Bag_Builder_set_points(bb, in, 3);
  weaveffi_types_Bag_Builder_set_levels(bb, levels, 1);
  weaveffi_types_Bag_Builder_set_by_id(bb, ik, iv, 2);
  weaveffi_types_Value* num = weaveffi_types_Value_Number_new(42, &err);
  weaveffi_types_Bag_Builder_set_value(bb, num);
  weaveffi_types_Value_destroy(num); /* the setter copied it */
  weaveffi_types_Bag_Builder_set_h(bb, 0xFFFFFFFFFFFFull);
  weaveffi_types_Bag* bag = weaveffi_types_Bag_Builder_build(bb, &err);
  OK();
  weaveffi_types_Bag_Builder_destroy(bb);
  weaveffi_types_Bag* copy = weaveffi_types_echo_bag(bag, &err);
  OK();
  weaveffi_types_Bag_destroy(bag);

  const char* label = weaveffi_types_Bag_get_label(copy);
  CHECK_STR(label, "full");
  weaveffi_free_string(label);
  int32_t* gi = weaveffi_types_Bag_get_opt_int(copy);
  CHECK(gi != NULL && *gi == 7);
  weaveffi_free_bytes((uint8_t*)gi, sizeof *gi);
  const uint8_t* gd = weaveffi_types_Bag_get_opt_data(copy, &len);
  CHECK(gd != NULL && len == 0);
  weaveffi_free_bytes((uint8_t*)gd, len);
  weaveffi_types_Point* gp = weaveffi_types_Bag_get_opt_point(copy);
  CHECK(IsPoint(gp, 3, 3));
  weaveffi_types_Point_destroy(gp);
  CHECK(weaveffi_types_Bag_get_opt_level(copy) == NULL);
  CHECK(weaveffi_types_Bag_get_opt_list(copy, &len) == NULL && len == 0);
  const char** gk = NULL;
  int64_t* gv = NULL;
  weaveffi_types_Bag_get_opt_map(copy, &gk, &gv, &len);
  CHECK(len == 2 && gv[0] == -1); /* "a" -> -1, "z" -> 7 */
  for (size_t i = 0; i < len; ++i) weaveffi_free_string(gk[i]);
  weaveffi_free_bytes((uint8_t*)gk, len * sizeof *gk);
  weaveffi_free_bytes((uint8_t*)gv, len * sizeof *gv);
  weaveffi_types_Point** gps = weaveffi_types_Bag_get_points(copy, &len);
  CHECK(len == 3 && gps[1] == NULL && IsPoint(gps[2], 3, 3));
  for (size_t i = 0; i < len; ++i) weaveffi_types_Point_destroy(gps[i]);
  weaveffi_free_bytes((uint8_t*)gps, len * sizeof *gps);
  weaveffi_types_Value* gval = weaveffi_types_Bag_get_value(copy);
  CHECK(weaveffi_types_Value_Number_get_n(gval) == 42);
  weaveffi_types_Value_destroy(gval);
  CHECK(weaveffi_types_Bag_get_h(copy) == 0xFFFFFFFFFFFFull);
  weaveffi_types_Bag_destroy(copy);

  /* Defaults: a builder with only the required fields set uses the IDL
     default for label. */
  bb = weaveffi_types_Bag_Builder_new();
  num = weaveffi_types_Value_Nothing_new(&err);
  weaveffi_types_Bag_Builder_set_value(bb, num);
  weaveffi_types_Bag_Builder_set_h(bb, 1);
  weaveffi_types_Bag_Builder_set_points(bb, NULL, 0);
  weaveffi_types_Bag_Builder_set_levels(bb, NULL, 0);
  weaveffi_types_Bag_Builder_set_by_id(bb, NULL, NULL, 0);
  bag = weaveffi_types_Bag_Builder_build(bb, &err);
  OK();
  label = weaveffi_types_Bag_get_label(bag);
  CHECK_STR(label, "bag");
  weaveffi_free_string(label);
  weaveffi_types_Bag_destroy(bag);
  weaveffi_types_Value_destroy(num);
  weaveffi_types_Bag_Builder_destroy(bb);

  weaveffi_types_Point_destroy(a);
  weaveffi_types_Point_destroy(c);
}

static void TestBorrowedAndMutable(void) {
  const char* parts[3] = {"a", "", "c"};
  const char* joined = weaveffi_types_concat(parts, 3, ", ", &err);
  CHECK_STR(joined, "a, , c");
  weaveffi_free_string(joined);
  joined = weaveffi_types_concat(NULL, 0, "-", &err);
  CHECK_STR(joined, "");
  weaveffi_free_string(joined);
  const uint8_t data[4] = {1, 2, 3, 250};
  CHECK(weaveffi_types_checksum(data, 4, &err) == 256);
  CHECK(weaveffi_types_checksum(NULL, 0, &err) == 0);
  OK();

  char text[] = "Hello, w\xc3\xb6rld";
  weaveffi_types_shout(text, &err);
  CHECK_STR(text, "HELLO, W\xc3\xb6RLD");
  weaveffi_types_shout(NULL, &err);
  ERR(1, "text is null or invalid");
  uint8_t buf[3] = {0x00, 0xF0, 0xFF};
  weaveffi_types_invert(buf, 3, &err);
  CHECK(buf[0] == 0xFF && buf[1] == 0x0F && buf[2] == 0x00);
  int32_t values[3] = {1, -2, 1000};
  weaveffi_types_double_all(values, 3, &err);
  CHECK(values[0] == 2 && values[1] == -4 && values[2] == 2000);
  weaveffi_types_double_all(NULL, 0, &err);
  OK();
  weaveffi_types_Point* p = NewPoint(1, 1);
  weaveffi_types_shift(p, 0.5, -1, &err);
  CHECK(IsPoint(p, 1.5, 0));
  weaveffi_types_Point_destroy(p);
  OK();
}

static bool CountsUp(const uint8_t* b, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (b[i] != (uint8_t)i) return false;
  }
  return true;
}

/* Bytes results: small vectors copied, large vectors and adopted buffers
   handed over in place; both free functions release each exactly once. */
static void TestBytesHandOver(void) {
  void (*release)(void*) = seam_release_bytes;
  const size_t sizes[4] = {0, 5, 64 * 1024 - 1, 300000};
  for (int mode = 0; mode < 2; ++mode) {
    for (int i = 0; i < 4; ++i) {
      int64_t live = seam_live_allocations();
      int32_t before = weaveffi_types_adopted_releases(&err);
      size_t len = 99;
      const uint8_t* b = weaveffi_types_make_bytes((int32_t)sizes[i], mode, &len, &err);
      OK();
      CHECK(len == sizes[i] && (len == 0) == (b == NULL) && CountsUp(b, len));
      CHECK(seam_live_allocations() == live + (b != NULL));
      if (i % 2) {
        weaveffi_free_bytes((uint8_t*)b, len);
      } else {
        release((void*)b);
      }
      CHECK(seam_live_allocations() == live);
      /* mode 1 releases right away when empty, otherwise when freed */
      CHECK(weaveffi_types_adopted_releases(&err) == before + mode);
    }
  }
  size_t len = 99;
  CHECK(weaveffi_types_make_bytes(-1, 0, &len, &err) == NULL && len == 0);
  ERR(-1, "size must not be negative");
  release(NULL);
}

static void TestHandles(void) {
  weaveffi_types_Point* p = NewPoint(5, 6);
  weaveffi_types_Point* h = weaveffi_types_store_point(p, &err);
  weaveffi_types_Point_destroy(p); /* the handle does not depend on it */
  CHECK(h != NULL && weaveffi_types_stored_points(&err) == 1);
  weaveffi_types_Point* loaded = weaveffi_types_load_point(h, &err);
  CHECK(IsPoint(loaded, 5, 6));
  weaveffi_types_Point_destroy(loaded);
  CHECK(weaveffi_types_drop_point(h, &err) == true);
  CHECK(weaveffi_types_drop_point(h, &err) == false);
  CHECK(weaveffi_types_load_point(h, &err) == NULL);
  ERR(weaveffi_types_TypesError_Unknown, "unknown handle");
  CHECK(weaveffi_types_stored_points(&err) == 0);

  weaveffi_handle_t s1 = weaveffi_types_open_session("first", &err);
  weaveffi_handle_t s2 = weaveffi_types_open_session("second", &err);
  CHECK(s1 != s2);
  const char* name = weaveffi_types_session_name(s2, &err);
  CHECK_STR(name, "second");
  weaveffi_free_string(name);
  CHECK(weaveffi_types_close_session(s1, &err) && weaveffi_types_close_session(s2, &err));
  CHECK(weaveffi_types_session_name(s1, &err) == NULL);
  OK();
}

static void TestIterators(void) {
  weaveffi_types_PointsBetweenIterator* it = weaveffi_types_points_between(2, 5, &err);
  weaveffi_types_Point* p = NULL;
  int n = 0;
  while (weaveffi_types_PointsBetweenIterator_next(it, &p, &err) == 1) {
    CHECK(IsPoint(p, 2 + n, 2 + n));
    weaveffi_types_Point_destroy(p);
    ++n;
  }
  CHECK(n == 3);
  weaveffi_types_PointsBetweenIterator_destroy(it);
  CHECK(weaveffi_types_points_between(5, 2, &err) == NULL);
  ERR(weaveffi_types_TypesError_Invalid, "empty range: 5..2");

  weaveffi_types_MaybePointsIterator* mit = weaveffi_types_maybe_points(4, &err);
  int present = 0, absent = 0;
  while (weaveffi_types_MaybePointsIterator_next(mit, &p, &err) == 1) {
    if (p) {
      ++present;
      weaveffi_types_Point_destroy(p);
    } else {
      ++absent;
    }
  }
  CHECK(present == 2 && absent == 2);
  weaveffi_types_MaybePointsIterator_destroy(mit);

  CHECK(weaveffi_types_parse_level("mid", &err) == weaveffi_types_Level_Mid);
  weaveffi_types_parse_level("max", &err);
  ERR(weaveffi_types_TypesError_Invalid, "unknown level 'max'");
}

static void TestCounter(void) {
  int64_t live = weaveffi_types_Counter_live(&err);
  weaveffi_types_Counter* c = weaveffi_types_Counter_new(10, &err);
  CHECK(weaveffi_types_Counter_live(&err) == live + 1);
  CHECK(weaveffi_types_Counter_next(c, &err) == 11);
  int64_t adds[3] = {1, 2, 3};
  CHECK(weaveffi_types_Counter_add_all(c, adds, 3, &err) == 17);
  weaveffi_types_Counter* f = weaveffi_types_Counter_fork(c, &err);
  CHECK(weaveffi_types_Counter_live(&err) == live + 2);
  CHECK(weaveffi_types_Counter_next(f, &err) == 18);
  CHECK(weaveffi_types_Counter_next(c, &err) == 18);
  weaveffi_types_Counter_ValuesIterator* it = weaveffi_types_Counter_values(c, &err);
  int64_t v = 0, sum = 0;
  while (weaveffi_types_Counter_ValuesIterator_next(it, &v, &err) == 1) sum += v;
  CHECK(sum == 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18);
  weaveffi_types_Counter_ValuesIterator_destroy(it);

  /* Async method: completes from another thread; cancellation reaches it. */
  Done d;
  Start(&d);
  weaveffi_types_Counter_slow_next_async(c, 1, NULL, OnI64, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 0 && d.number == 19);
  Release(&d);
  weaveffi_cancel_token* token = weaveffi_cancel_token_create();
  Start(&d);
  weaveffi_types_Counter_slow_next_async(c, 10000, token, OnI64, &d);
  weaveffi_cancel_token_cancel(token);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid && d.number == 0);
  CHECK_STR(d.message, "cancelled");
  Release(&d);
  weaveffi_cancel_token_destroy(token);
  Start(&d);
  weaveffi_types_Counter_slow_next_async(c, -5, NULL, OnI64, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid);
  CHECK_STR(d.message, "delay_ms must not be negative");
  Release(&d);

  weaveffi_types_Counter_destroy(f);
  weaveffi_types_Counter_destroy(c);
  CHECK(weaveffi_types_Counter_live(&err) == live);
  OK();
}

static void TestAsync(void) {
  Done d;
  const char* parts[2] = {"x", "y"};
  const char* tk[2] = {"n", "m"};
  int32_t tv[2] = {1, 2};
  int64_t maybe = 64;
  weaveffi_types_Point* p = NewPoint(3, 4);
  Start(&d);
  uint8_t data[2] = {1, 2};
  weaveffi_types_async_text_async(parts, 2, data, 2, tk, tv, 2, &maybe, p, OnText, &d);
  weaveffi_types_Point_destroy(p); /* inputs were copied by the launcher */
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 0);
  CHECK_STR(d.text, "x+y data=2 m=2 n=1 maybe=64 p=3,4");
  Release(&d);
  Start(&d);
  weaveffi_types_async_text_async(parts, 1, NULL, 0, NULL, NULL, 0, NULL, NULL, OnText, &d);
  Finish1(&d);
  CHECK_STR(d.text, "x data=none maybe=none p=none");
  Release(&d);
  Start(&d);
  weaveffi_types_async_text_async(NULL, 0, NULL, 0, NULL, NULL, 0, NULL, NULL, OnText, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid && d.text[0] == 0);
  CHECK_STR(d.message, "parts must not be empty");
  Release(&d);

  Start(&d);
  weaveffi_types_async_bytes_async(5, OnBytes, &d);
  Finish1(&d);
  CHECK(d.code == 0 && d.len == 5 && d.bytes[4] == 28);
  Release(&d);

  Start(&d);
  int32_t four = 4;
  weaveffi_types_async_opt_async(&four, OnOpt, &d);
  Finish1(&d);
  CHECK(d.present && d.number == 40);
  Release(&d);
  Start(&d);
  weaveffi_types_async_opt_async(NULL, OnOpt, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && !d.present);
  Release(&d);

  Start(&d);
  weaveffi_types_async_point_async(8, OnPoint, &d);
  Finish1(&d);
  CHECK(IsPoint((weaveffi_types_Point*)d.object, 8, 4));
  weaveffi_types_Point_destroy((weaveffi_types_Point*)d.object);
  Release(&d);
  Start(&d);
  weaveffi_types_async_point_async(-1, OnPoint, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.object == NULL);
  Release(&d);

  Start(&d);
  weaveffi_types_async_value_async(19, OnValue, &d);
  Finish1(&d);
  CHECK(weaveffi_types_Value_tag((weaveffi_types_Value*)d.object) == weaveffi_types_Value_Blob);
  size_t len = 0;
  const uint8_t* blob = weaveffi_types_Value_Blob_get_data((weaveffi_types_Value*)d.object, &len);
  CHECK(len == 3 && blob[0] == 0xAB);
  weaveffi_free_bytes((uint8_t*)blob, len);
  weaveffi_types_Value_destroy((weaveffi_types_Value*)d.object);
  Release(&d);

  Start(&d);
  weaveffi_types_async_map_async(3, OnMap, &d);
  Finish1(&d);
  CHECK(d.len == 3);
  CHECK_STR(d.text, "k0=0;k1=1;k2=4;");
  Release(&d);

  Start(&d);
  weaveffi_types_async_points_async(4, OnPoints, &d);
  Finish1(&d);
  CHECK(d.len == 4 && d.number == 0 + 1 + 2 + 3);
  Release(&d);

  Start(&d);
  weaveffi_types_async_counter_async(100, OnCounter, &d);
  Finish1(&d);
  CHECK(d.object != NULL && weaveffi_types_Counter_next((weaveffi_types_Counter*)d.object, &err) == 101);
  weaveffi_types_Counter_destroy((weaveffi_types_Counter*)d.object);
  Release(&d);

  Start(&d);
  weaveffi_types_async_level_async(weaveffi_types_Level_High, OnLevel, &d);
  Finish1(&d);
  CHECK(d.number == weaveffi_types_Level_Low);
  Release(&d);
  Start(&d);
  weaveffi_types_async_level_async((weaveffi_types_Level)99, OnLevel, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 1);
  Release(&d);

  Start(&d);
  weaveffi_types_async_void_async(false, NULL, OnVoid, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 0);
  Release(&d);
  Start(&d);
  weaveffi_types_async_void_async(true, NULL, OnVoid, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid);
  CHECK_STR(d.message, "asked to fail");
  Release(&d);
  weaveffi_cancel_token* token = weaveffi_cancel_token_create();
  weaveffi_cancel_token_cancel(token);
  Start(&d);
  weaveffi_types_async_void_async(false, token, OnVoid, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid);
  CHECK_STR(d.message, "cancelled");
  Release(&d);
  weaveffi_cancel_token_destroy(token);

  Start(&d);
  weaveffi_types_async_fail_async(0, OnStrings, &d);
  Finish1(&d);
  CHECK(d.code == 0 && d.len == 2);
  CHECK_STR(d.text, "ab");
  Release(&d);
  Start(&d);
  weaveffi_types_async_fail_async(-77, OnStrings, &d);
  Finish1(&d);
  CHECK(d.code == -77 && d.len == 0);
  CHECK_STR(d.message, "failed with -77");
  Release(&d);
}

static void TestListener(void) {
  Samples s;
  memset(&s, 0, sizeof s);
  pthread_mutex_init(&s.mu, NULL);
  uint64_t id = weaveffi_types_register_samples(OnSample, &s);
  CHECK(id > 0);
  weaveffi_types_fire_sample_here(0, &err);
  weaveffi_types_fire_sample_here(1, &err);
  CHECK(s.count == 2 && s.bad == 0 && pthread_equal(s.last_thread, pthread_self()));

  Done d;
  Start(&d);
  weaveffi_types_fire_samples_async(30, OnI32, &d);
  Finish1(&d);
  CHECK(d.code == 0 && d.number == 30);
  Release(&d);
  pthread_mutex_lock(&s.mu);
  CHECK(s.count == 32 && s.bad == 0 && !pthread_equal(s.last_thread, pthread_self()));
  pthread_mutex_unlock(&s.mu);

  weaveffi_types_unregister_samples(id);
  weaveffi_types_fire_sample_here(2, &err);
  CHECK(s.count == 32);
  pthread_mutex_destroy(&s.mu);
  OK();
}

/* ---- seam's additive owned-delivery symbols (not in the WeaveFFI header):
   the consumer owns every result, error and listener argument. ---- */

void weaveffi_types_async_text_async_owned(const char* const* parts, size_t parts_len, const uint8_t* data_ptr,
                                           size_t data_len, const char* const* tally_keys,
                                           const int32_t* tally_values, size_t tally_len, const int64_t* maybe,
                                           const weaveffi_types_Point* p, weaveffi_types_async_text_callback callback,
                                           void* context);
void weaveffi_types_async_map_async_owned(int32_t n, weaveffi_types_async_map_callback callback, void* context);
void weaveffi_types_async_opt_async_owned(const int32_t* v, weaveffi_types_async_opt_callback callback,
                                          void* context);
void weaveffi_types_async_fail_async_owned(int32_t code, weaveffi_types_async_fail_callback callback,
                                           void* context);
uint64_t weaveffi_types_register_samples_owned(weaveffi_types_OnSample_fn callback, void* context);
uint64_t weaveffi_types_unregister_samples_owned(uint64_t id);

/* Releases an owned error, as a deferred consumer does. */
static void TakeError(Done* d, weaveffi_error* e) {
  if (!e) return;
  weaveffi_error_clear(e);
  weaveffi_free_bytes((uint8_t*)e, sizeof *e);
  (void)d;
}

static void OnOwnedText(void* c, weaveffi_error* e, const char* result) {
  Done* d = Enter(c, e);
  if (result) strncpy(d->text, result, sizeof d->text - 1);
  weaveffi_free_string(result);
  TakeError(d, e);
  Leave(d);
}
static void OnOwnedMap(void* c, weaveffi_error* e, const char** keys, int32_t* values, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  for (size_t i = 0; i < len; ++i) {
    d->number += values[i];
    weaveffi_free_string(keys[i]);
  }
  weaveffi_free_bytes((uint8_t*)keys, len * sizeof *keys);
  weaveffi_free_bytes((uint8_t*)values, len * sizeof *values);
  TakeError(d, e);
  Leave(d);
}
static void OnOwnedOpt(void* c, weaveffi_error* e, int32_t* result) {
  Done* d = Enter(c, e);
  d->present = result != NULL;
  if (result) d->number = *result;
  weaveffi_free_bytes((uint8_t*)result, sizeof *result);
  TakeError(d, e);
  Leave(d);
}
static void OnOwnedStrings(void* c, weaveffi_error* e, const char** result, size_t len) {
  Done* d = Enter(c, e);
  d->len = len;
  for (size_t i = 0; i < len; ++i) weaveffi_free_string(result[i]);
  weaveffi_free_bytes((uint8_t*)result, len * sizeof *result);
  TakeError(d, e);
  Leave(d);
}

static void OnOwnedSample(int32_t seq, const weaveffi_types_Point* point, const uint8_t* data, size_t data_len,
                          const char* const* keys, const char* const* values, size_t tags_len,
                          const weaveffi_types_Level* level, const weaveffi_types_Value* value, const char* note,
                          void* context) {
  OnSample(seq, point, data, data_len, keys, values, tags_len, level, value, note, context);
  weaveffi_types_Point_destroy((weaveffi_types_Point*)point);
  weaveffi_free_bytes((uint8_t*)data, data_len);
  for (size_t i = 0; i < tags_len; ++i) {
    weaveffi_free_string(keys[i]);
    weaveffi_free_string(values[i]);
  }
  weaveffi_free_bytes((uint8_t*)keys, tags_len * sizeof *keys);
  weaveffi_free_bytes((uint8_t*)values, tags_len * sizeof *values);
  weaveffi_free_bytes((uint8_t*)level, sizeof *level);
  weaveffi_types_Value_destroy((weaveffi_types_Value*)value);
  weaveffi_free_string(note);
}

static void TestOwnedDelivery(void) {
  Done d;
  const char* parts[2] = {"p", "q"};
  Start(&d);
  weaveffi_types_async_text_async_owned(parts, 2, NULL, 0, NULL, NULL, 0, NULL, NULL, OnOwnedText, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 0);
  CHECK_STR(d.text, "p+q data=none maybe=none p=none");
  Release(&d);
  Start(&d);
  weaveffi_types_async_text_async_owned(NULL, 0, NULL, 0, NULL, NULL, 0, NULL, NULL, OnOwnedText, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == weaveffi_types_TypesError_Invalid);
  CHECK_STR(d.message, "parts must not be empty");
  Release(&d);
  Start(&d);
  weaveffi_types_async_text_async_owned(NULL, 1, NULL, 0, NULL, NULL, 0, NULL, NULL, OnOwnedText, &d);
  Finish1(&d);
  CHECK(d.calls == 1 && d.code == 1); /* argument errors are owned too */
  Release(&d);
  Start(&d);
  weaveffi_types_async_map_async_owned(4, OnOwnedMap, &d);
  Finish1(&d);
  CHECK(d.len == 4 && d.number == 0 + 1 + 4 + 9);
  Release(&d);
  Start(&d);
  int32_t three = 3;
  weaveffi_types_async_opt_async_owned(&three, OnOwnedOpt, &d);
  Finish1(&d);
  CHECK(d.present && d.number == 30);
  Release(&d);
  Start(&d);
  weaveffi_types_async_fail_async_owned(0, OnOwnedStrings, &d);
  Finish1(&d);
  CHECK(d.code == 0 && d.len == 2);
  Release(&d);
  Start(&d);
  weaveffi_types_async_fail_async_owned(42, OnOwnedStrings, &d);
  Finish1(&d);
  CHECK(d.code == 42 && d.len == 0);
  CHECK_STR(d.message, "failed with 42");
  Release(&d);

  /* An owned listener subscriber, beside a borrowing one. */
  Samples owned, borrowed;
  memset(&owned, 0, sizeof owned);
  memset(&borrowed, 0, sizeof borrowed);
  pthread_mutex_init(&owned.mu, NULL);
  pthread_mutex_init(&borrowed.mu, NULL);
  uint64_t a = weaveffi_types_register_samples_owned(OnOwnedSample, &owned);
  uint64_t b = weaveffi_types_register_samples(OnSample, &borrowed);
  CHECK(a > 0 && b > 0 && a != b);
  Start(&d);
  weaveffi_types_fire_samples_async(12, OnI32, &d);
  Finish1(&d);
  Release(&d);
  weaveffi_types_fire_sample_here(1, &err);
  CHECK(owned.count == 13 && owned.bad == 0 && borrowed.count == 13 && borrowed.bad == 0);
  CHECK(weaveffi_types_unregister_samples_owned(a) == 13);
  CHECK(weaveffi_types_unregister_samples_owned(a) == 0);
  weaveffi_types_unregister_samples(b);
  weaveffi_types_fire_sample_here(2, &err);
  CHECK(owned.count == 13 && borrowed.count == 13);
  pthread_mutex_destroy(&owned.mu);
  pthread_mutex_destroy(&borrowed.mu);
  OK();
}

int main(void) {
  TestOwnedDelivery();
  TestOptionals();
  TestContainers();
  TestBorrowedAndMutable();
  TestHandles();
  TestBytesHandOver();
  TestIterators();
  TestCounter();
  TestAsync();
  TestListener();
  CHECK(weaveffi_types_Counter_live(&err) == 0);
  /* Let detached producer threads finish their last step. */
  struct timespec ts = {0, 50 * 1000000L};
  nanosleep(&ts, NULL);
  return Finish();
}
