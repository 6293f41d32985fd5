/* A C consumer of the calculator library: calls it through the generated
   header and prints the results. */
#include <stdio.h>

#include "weaveffi.h"

int main(void) {
  weaveffi_error err = {0, NULL};
  printf("add(2, 3) = %d\n", weaveffi_calculator_add(2, 3, &err));
  printf("mul(6, 7) = %d\n", weaveffi_calculator_mul(6, 7, &err));
  const char* echoed = weaveffi_calculator_echo("hello from C", &err);
  printf("echo(\"hello from C\") = \"%s\"\n", echoed);
  weaveffi_free_string(echoed);
  weaveffi_calculator_div(1, 0, &err);
  printf("div(1, 0) -> error %d: %s\n", err.code, err.message);
  weaveffi_error_clear(&err);
  return 0;
}
