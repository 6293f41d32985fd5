// The calculator library in plain C++: seam's generated glue exports it as
// the C ABI of calculator.yml.
#include "calculator.hpp"

namespace calculator {

std::int32_t add(std::int32_t a, std::int32_t b) { return a + b; }

std::int32_t mul(std::int32_t a, std::int32_t b) { return a * b; }

std::int32_t div(std::int32_t a, std::int32_t b) {
  if (b == 0) throw CalcError::DivisionByZero();
  return a / b;
}

std::string echo(std::string s) { return s; }

}  // namespace calculator
