/* C consumer of the calculator example: values, typed errors, ownership. */
#include "weaveffi.h"
#include "check.h"

int main(void) {
  weaveffi_error err = {0, NULL};

  CHECK(weaveffi_calculator_add(2, 3, &err) == 5);
  CHECK(err.code == 0 && err.message == NULL);
  CHECK(weaveffi_calculator_mul(-4, 6, &err) == -24);
  CHECK(weaveffi_calculator_div(17, 5, &err) == 3);
  CHECK(err.code == 0);

  /* A typed error: the domain code and its message; the result is the zero sentinel. */
  CHECK(weaveffi_calculator_div(1, 0, &err) == 0);
  CHECK(err.code == weaveffi_calculator_CalcError_DivisionByZero);
  CHECK_STR(err.message, "division by zero");
  weaveffi_error_clear(&err);
  CHECK(err.code == 0 && err.message == NULL);
  weaveffi_error_clear(&err); /* idempotent */

  /* A later success clears a stale error left in the struct. */
  CHECK(weaveffi_calculator_div(1, 0, &err) == 0);
  CHECK(weaveffi_calculator_add(1, 1, &err) == 2);
  CHECK(err.code == 0 && err.message == NULL);

  /* Strings: the caller owns the result. */
  const char* s = weaveffi_calculator_echo("héllo, wörld", &err);
  CHECK_STR(s, "héllo, wörld");
  weaveffi_free_string(s);
  s = weaveffi_calculator_echo("", &err);
  CHECK_STR(s, "");
  weaveffi_free_string(s);

  /* Bad input: NULL and invalid UTF-8 are code 1 with the parameter named. */
  CHECK(weaveffi_calculator_echo(NULL, &err) == NULL);
  CHECK(err.code == 1);
  CHECK_STR(err.message, "s is null or invalid");
  weaveffi_error_clear(&err);
  CHECK(weaveffi_calculator_echo("\xff\xfe", &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  /* A NULL error pointer is tolerated. */
  CHECK(weaveffi_calculator_add(20, 22, NULL) == 42);
  CHECK(weaveffi_calculator_div(1, 0, NULL) == 0);

  weaveffi_free_string(NULL);
  weaveffi_free_bytes(NULL, 0);
  return Finish();
}
