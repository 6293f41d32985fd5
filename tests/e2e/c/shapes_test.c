/* C consumer of the shapes example: rich-enum constructors, tags and payload
   getters, rich enums as parameter and owned return, a u64 return from a
   byte list, and getters of the wrong variant. */
#include <stdlib.h>

#include "weaveffi.h"
#include "check.h"

static void CheckDescribe(const weaveffi_shapes_Shape* shape, const char* expected) {
  weaveffi_error err = {0, NULL};
  const char* text = weaveffi_shapes_describe(shape, &err);
  CHECK(err.code == 0);
  CHECK_STR(text, expected);
  weaveffi_free_string(text);
}

int main(void) {
  weaveffi_error err = {0, NULL};
  weaveffi_shapes_Shape* empty = weaveffi_shapes_Shape_Empty_new(&err);
  weaveffi_shapes_Shape* circle = weaveffi_shapes_Shape_Circle_new(2.5, &err);
  weaveffi_shapes_Shape* rect = weaveffi_shapes_Shape_Rectangle_new(3.0f, 4.0f, &err);
  weaveffi_shapes_Shape* label = weaveffi_shapes_Shape_Labeled_new("hex", 6, &err);
  CHECK(empty && circle && rect && label && err.code == 0);

  /* Tags equal the variant constants. */
  CHECK(weaveffi_shapes_Shape_tag(empty) == weaveffi_shapes_Shape_Empty);
  CHECK(weaveffi_shapes_Shape_tag(circle) == weaveffi_shapes_Shape_Circle);
  CHECK(weaveffi_shapes_Shape_tag(rect) == weaveffi_shapes_Shape_Rectangle);
  CHECK(weaveffi_shapes_Shape_tag(label) == weaveffi_shapes_Shape_Labeled);

  /* Payload getters. */
  CHECK(weaveffi_shapes_Shape_Circle_get_radius(circle) == 2.5);
  CHECK(weaveffi_shapes_Shape_Rectangle_get_width(rect) == 3.0f);
  CHECK(weaveffi_shapes_Shape_Rectangle_get_height(rect) == 4.0f);
  const char* text = weaveffi_shapes_Shape_Labeled_get_label(label);
  CHECK_STR(text, "hex");
  weaveffi_free_string(text);
  CHECK(weaveffi_shapes_Shape_Labeled_get_count(label) == 6);

  /* A getter of another variant reads as zero / NULL, never garbage. */
  CHECK(weaveffi_shapes_Shape_Circle_get_radius(rect) == 0.0);
  CHECK(weaveffi_shapes_Shape_Labeled_get_label(circle) == NULL);
  CHECK(weaveffi_shapes_Shape_Labeled_get_count(NULL) == 0);

  CheckDescribe(empty, "empty");
  CheckDescribe(circle, "circle(r=2.5)");
  CheckDescribe(rect, "rectangle(3x4)");
  CheckDescribe(label, "labeled(hex, 6)");
  CHECK(weaveffi_shapes_describe(NULL, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  /* scale returns a new owned shape; the argument is only borrowed. */
  weaveffi_shapes_Shape* big = weaveffi_shapes_scale(circle, 4.0, &err);
  CHECK(big != NULL && big != circle && err.code == 0);
  CHECK(weaveffi_shapes_Shape_tag(big) == weaveffi_shapes_Shape_Circle);
  CHECK(weaveffi_shapes_Shape_Circle_get_radius(big) == 10.0);
  CHECK(weaveffi_shapes_Shape_Circle_get_radius(circle) == 2.5);
  weaveffi_shapes_Shape_destroy(big);
  big = weaveffi_shapes_scale(rect, 0.5, &err);
  CHECK(weaveffi_shapes_Shape_Rectangle_get_width(big) == 1.5f);
  CHECK(weaveffi_shapes_Shape_Rectangle_get_height(big) == 2.0f);
  weaveffi_shapes_Shape_destroy(big);
  big = weaveffi_shapes_scale(label, 3.0, &err);
  CheckDescribe(big, "labeled(hex, 6)");
  weaveffi_shapes_Shape_destroy(big);
  CHECK(weaveffi_shapes_scale(circle, -1.0, &err) == NULL);
  CHECK(err.code == -1);
  CHECK_STR(err.message, "factor must not be negative");
  weaveffi_error_clear(&err);

  /* A byte list summed into a u64. */
  uint8_t bytes[4] = {250, 250, 250, 250};
  CHECK(weaveffi_shapes_sum_bytes(bytes, 4, &err) == 1000 && err.code == 0);
  CHECK(weaveffi_shapes_sum_bytes(NULL, 0, &err) == 0 && err.code == 0);
  uint8_t* many = malloc(100000);
  memset(many, 255, 100000);
  CHECK(weaveffi_shapes_sum_bytes(many, 100000, &err) == 25500000u);
  free(many);

  /* Labels must be valid UTF-8. */
  CHECK(weaveffi_shapes_Shape_Labeled_new("\xc3\x28", 1, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  weaveffi_shapes_Shape_destroy(empty);
  weaveffi_shapes_Shape_destroy(circle);
  weaveffi_shapes_Shape_destroy(rect);
  weaveffi_shapes_Shape_destroy(label);
  weaveffi_shapes_Shape_destroy(NULL);
  return Finish();
}
