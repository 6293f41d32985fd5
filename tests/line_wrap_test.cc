// The line-wrapping pass of the Dart and Python renderers (gen/line_wrap.h).
#include "gen/line_wrap.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace seam::gen {
namespace {

std::string Dart(const std::string& text, size_t width = 40) { return WrapLines(text, WrapLanguage::kDart, width); }
std::string Py(const std::string& text, size_t width = 40) { return WrapLines(text, WrapLanguage::kPython, width); }

size_t Longest(const std::string& text) {
  std::istringstream in(text);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) n = std::max(n, line.size());
  return n;
}

TEST(LineWrap, ShortLinesAreKept) {
  std::string text = "void main() {\n  print('hi');\n}\n";
  EXPECT_EQ(Dart(text), text);
  EXPECT_EQ(Py("def f() -> None:\n    pass\n"), "def f() -> None:\n    pass\n");
}

TEST(LineWrap, ArgumentListsGoOneItemPerLineWithATrailingComma) {
  EXPECT_EQ(Dart("  total.add(compute(alpha, beta, gamma, delta));\n"),
            "  total.add(\n    compute(alpha, beta, gamma, delta),\n  );\n");
  // A value that fits on a line of its own goes there first.
  EXPECT_EQ(Dart("  final total = compute(alpha, beta, gamma);\n"), "  final total =\n      compute(alpha, beta, gamma);\n");
  EXPECT_EQ(Py("    total = compute(alpha, beta, gamma_delta)\n"),
            "    total = compute(\n        alpha,\n        beta,\n        gamma_delta,\n    )\n");
}

TEST(LineWrap, DartNamedParametersCloseTheList) {
  EXPECT_EQ(Dart("bool put(String key, List<int> v, {int? ttl}) {\n"),
            "bool put(\n  String key,\n  List<int> v, {\n  int? ttl,\n}) {\n");
  EXPECT_EQ(Dart("void open({int? first, int? second, int? third}) {\n"),
            "void open({\n  int? first,\n  int? second,\n  int? third,\n}) {\n");
}

TEST(LineWrap, DartTypeArgumentsTakeNoTrailingComma) {
  EXPECT_EQ(Dart("final f = lib.lookup<Int64 Function(Int32), int Function(int)>('f');\n", 50),
            "final f = lib.lookup<\n  Int64 Function(Int32),\n  int Function(int)\n>('f');\n");
}

TEST(LineWrap, DartConditionsAndChainsSplitAtTheirOperators) {
  EXPECT_EQ(Dart("  if (first.isNotEmpty && second.isNotEmpty) {\n"),
            "  if (first.isNotEmpty &&\n      second.isNotEmpty) {\n");
  EXPECT_EQ(Dart("final x = condition ? someValue : otherValue;\n", 30),
            "final x = condition\n    ? someValue\n    : otherValue;\n");
  // Headers that take no trailing comma are never split at their commas.
  std::string c = "  } catch (errorValue, stackTraceValue) {\n";
  EXPECT_EQ(Dart(c, 20), c);
}

TEST(LineWrap, DartOneLineBlocksGetAStatementPerLine) {
  EXPECT_EQ(Dart("for (var i = 0; i < n; i++) { p[i] = v[i]; q[i] = 0; }\n"),
            "for (var i = 0; i < n; i++) {\n  p[i] = v[i];\n  q[i] = 0;\n}\n");
}

TEST(LineWrap, StringsSplitIntoAdjacentLiteralsOutsideInterpolations) {
  std::string out = Dart("  throw StateError('the library ${name} is missing a symbol it needs');\n");
  EXPECT_EQ(out,
            "  throw StateError(\n    'the library ${name} is missing a '\n    'symbol it needs',\n  );\n");
  // Brackets and commas inside strings are text.
  std::string s = "  log('a, (b), [c], {d}, e, f, g, h, i, j');\n";
  EXPECT_EQ(Longest(Dart(s, 30)), 30U) << Dart(s, 30);
  EXPECT_NE(Dart(s, 30).find("(b), [c], {d}"), std::string::npos);
  // Python: only where the line continues (inside brackets), and `f` only
  // on the parts with a placeholder.
  EXPECT_EQ(Py("raise ValueError(f\"{name}: a string passed to it contains a NUL\")\n"),
            "raise ValueError(\n    f\"{name}: a string passed to it \"\n    \"contains a NUL\",\n)\n");
}

TEST(LineWrap, PythonComprehensionsAndLambdasKeepTheirCommas) {
  std::string out = Py("        return {key(x): y for x, y in zip(first_list, second_list)}\n");
  EXPECT_NE(out.find("for x, y in zip("), std::string::npos) << out;
  EXPECT_NE(out.find("            first_list,\n"), std::string::npos) << out;
  std::string lam = "    apply(lambda a, b: a + b, first, second)\n";
  EXPECT_EQ(Py(lam, 20), lam);
}

TEST(LineWrap, CommentsReflowButDirectivesStay) {
  EXPECT_EQ(Dart("  /// One two three four five six seven eight nine ten.\n", 30),
            "  /// One two three four five\n  /// six seven eight nine\n  /// ten.\n");
  std::string ignore = "// ignore_for_file: camel_case_types, non_constant_identifier_names\n";
  EXPECT_EQ(Dart(ignore), ignore);
  std::string pragma = "from setuptools import setup, Distribution  # type: ignore[import-untyped]\n";
  EXPECT_EQ(Py(pragma), pragma);
  // A trailing comment moves above its line.
  EXPECT_EQ(Dart("  return open('a/long/path/to/a/library'); // why\n"),
            "  // why\n  return open(\n    'a/long/path/to/a/library',\n  );\n");
  // Text in a fenced block is left as written.
  std::string fenced = "/// ```\n/// final value = someFunction(first, second, third);\n/// ```\n";
  EXPECT_EQ(Dart(fenced), fenced);
}

TEST(LineWrap, PythonDocstringsReflowAsProse) {
  EXPECT_EQ(Py("    \"\"\"Summary.\n\n    One two three four five six seven eight nine.\n    \"\"\"\n"),
            "    \"\"\"Summary.\n\n    One two three four five six seven\n    eight nine.\n    \"\"\"\n");
}

TEST(LineWrap, WrappingIsIdempotent) {
  std::string text =
      "final _f = _lib.lookupFunction<Void Function(Pointer<Void>, Pointer<Uint8>, Size), "
      "void Function(Pointer<Void>, Pointer<Uint8>, int)>('weaveffi_kv_Store_put', isLeaf: true);\n"
      "  bool operator ==(Object other) => identical(this, other) || other is Bag && _eq(a, other.a);\n";
  std::string once = Dart(text, 80);
  EXPECT_EQ(Dart(once, 80), once);
  EXPECT_LE(Longest(once), 80U) << once;
}

TEST(LineWrap, LinesItCannotReadAreKept) {
  std::string unterminated = "  final s = 'never closed, (a, b, c) and more text here';x';\n";
  EXPECT_NO_THROW(Dart(unterminated, 10));
  std::string triple = "  final s = '''a, b, c, d, e, f, g, h, i, j, k''';\n";
  EXPECT_EQ(Dart(triple, 10), triple);
  EXPECT_EQ(Dart(""), "");
  EXPECT_EQ(Dart("no newline at the end, a long line (a, b)", 10).back(), ')');
}

// ListLines lays a list out as WrapLines would when it splits that pair, so
// that the renderers can skip the wrapper's work without changing the output.
TEST(LineWrap, ListLinesMatchWhatTheWrapperDoes) {
  std::vector<std::string> items = {"Int32 Function(Int32, Pointer<Void>)", "int Function(int, Pointer<Void>)"};
  std::string head = "final _f_some_long_symbol = _lib.lookupFunction<", tail = ">('some_long_symbol');";
  std::string one = head + items[0] + ", " + items[1] + tail;
  std::string laid = ListLines(head, items, tail, 80, 2, false);
  EXPECT_EQ(laid.find('\n') != std::string::npos, one.size() > 80);
  EXPECT_EQ(WrapLines(laid, WrapLanguage::kDart, 80), WrapLines(one, WrapLanguage::kDart, 80));
  std::vector<std::string> args = {"\"weaveffi_m_function_name\"", "ctypes.c_int32", "[ctypes.c_int32, _PErr]"};
  std::string phead = "_f_weaveffi_m_function_name: Final[Callable[..., int]] = _bind(";
  std::string pone = phead + args[0] + ", " + args[1] + ", " + args[2] + ")";
  std::string plaid = ListLines(phead, args, ")", 88, 4, true);
  EXPECT_EQ(plaid, phead + "\n    " + args[0] + ",\n    " + args[1] + ",\n    " + args[2] + ",\n)");
  EXPECT_EQ(WrapLines(plaid, WrapLanguage::kPython, 88), WrapLines(pone, WrapLanguage::kPython, 88));
  EXPECT_EQ(ListLines("f(", {"a", "b"}, ")", 88, 4, true), "f(a, b)") << "fits: one line";
}

}  // namespace
}  // namespace seam::gen
