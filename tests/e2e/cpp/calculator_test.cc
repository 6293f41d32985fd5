// C++ consumer of the calculator example: values, the typed error of a
// domain code, strings in and out.
#include <gtest/gtest.h>

#include <string>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace calc = calculator::calculator;

TEST(Calculator, Arithmetic) {
  EXPECT_EQ(calc::add(2, 3), 5);
  EXPECT_EQ(calc::mul(-4, 6), -24);
  EXPECT_EQ(calc::div(17, 5), 3);
}

TEST(Calculator, DivisionByZeroThrowsItsClass) {
  try {
    calc::div(1, 0);
    FAIL() << "nothing was thrown";
  } catch (const calc::CalcError::DivisionByZero& e) {
    EXPECT_EQ(e.code(), 1);
    EXPECT_EQ(calc::CalcError::DivisionByZero::kCode, 1);
    EXPECT_STREQ(e.what(), "division by zero");
  }
  EXPECT_THROW(calc::div(1, 0), calc::CalcError);
  EXPECT_THROW(calc::div(1, 0), calculator::Error);
}

TEST(Calculator, Strings) {
  EXPECT_EQ(calc::echo("hello"), "hello");
  EXPECT_EQ(calc::echo(""), "");
  EXPECT_EQ(calc::echo("gr\xc3\xbc\xc3\x9f dich \xf0\x9f\x98\x80"), "gr\xc3\xbc\xc3\x9f dich \xf0\x9f\x98\x80");
  std::string big(100000, 'x');
  EXPECT_EQ(calc::echo(big), big);
}

TEST(Calculator, InvalidInputBecomesAnError) {
  try {
    calc::echo("\xff\xfe");
    FAIL() << "nothing was thrown";
  } catch (const calculator::Error& e) {
    EXPECT_EQ(e.code(), 1);
    EXPECT_STREQ(e.what(), "s is null or invalid");
  }
}
