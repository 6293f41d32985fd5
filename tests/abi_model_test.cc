// The C lowering as a table: IDL parameter/return types -> C prototypes, per
// reference §3.4-3.15; plus the CodeWriter contract.
#include <gtest/gtest.h>

#include "abi/model.h"
#include "base/code_writer.h"
#include "base/diagnostics.h"
#include "gen/c/c_backend.h"
#include "gen/c_family.h"
#include "test_util.h"

namespace seam {
namespace {

std::string HeaderFor(const std::string& functions, const std::string& extra = "") {
  std::string idl = "version: \"0.5.0\"\nmodules:\n  - name: m\n" + extra + "    functions:\n" + functions;
  auto run = testing::RunFrontEnd(idl);
  EXPECT_FALSE(run->diags->has_errors()) << run->Text();
  if (run->diags->has_errors()) return "";
  return gen::RenderCHeader(abi::BuildModel(*run->api));
}

const char* kTypes = R"(    structs:
      - name: S
        fields: [{ name: v, type: i32 }]
    enums:
      - name: E
        variants: [{ name: A, value: 0 }]
)";

struct Case {
  const char* param_type;  // empty: no parameter
  const char* return_type; // empty: no return
  const char* prototype;
};

class LoweringTest : public ::testing::TestWithParam<Case> {};

TEST_P(LoweringTest, Prototype) {
  const Case& c = GetParam();
  std::string fn = "      - name: f\n        params: [";
  if (*c.param_type) fn += std::string("{ name: p, type: \"") + c.param_type + "\" }";
  fn += "]\n";
  if (*c.return_type) fn += std::string("        return: \"") + c.return_type + "\"\n";
  std::string header = HeaderFor(fn, kTypes);
  EXPECT_NE(header.find(std::string("WEAVEFFI_API ") + c.prototype + ";"), std::string::npos)
      << "expected: " << c.prototype << "\nin:\n" << header;
}

INSTANTIATE_TEST_SUITE_P(
    Table, LoweringTest,
    ::testing::Values(
        Case{"i32", "i64", "int64_t weaveffi_m_f(int32_t p, weaveffi_error* out_err)"},
        Case{"string", "string", "const char* weaveffi_m_f(const char* p, weaveffi_error* out_err)"},
        Case{"&str", "", "void weaveffi_m_f(const char* p, weaveffi_error* out_err)"},
        Case{"bytes", "bytes",
             "const uint8_t* weaveffi_m_f(const uint8_t* p_ptr, size_t p_len, size_t* out_len, weaveffi_error* out_err)"},
        Case{"handle", "handle", "weaveffi_handle_t weaveffi_m_f(weaveffi_handle_t p, weaveffi_error* out_err)"},
        Case{"handle<S>", "handle<E>", "weaveffi_m_E* weaveffi_m_f(weaveffi_m_S* p, weaveffi_error* out_err)"},
        Case{"S", "S", "weaveffi_m_S* weaveffi_m_f(const weaveffi_m_S* p, weaveffi_error* out_err)"},
        Case{"E", "E", "weaveffi_m_E weaveffi_m_f(weaveffi_m_E p, weaveffi_error* out_err)"},
        Case{"i32?", "i32?", "int32_t* weaveffi_m_f(const int32_t* p, weaveffi_error* out_err)"},
        Case{"string?", "S?", "weaveffi_m_S* weaveffi_m_f(const char* p, weaveffi_error* out_err)"},
        Case{"[string]", "[string]",
             "const char** weaveffi_m_f(const char* const* p, size_t p_len, size_t* out_len, weaveffi_error* out_err)"},
        Case{"[S]", "[S]",
             "weaveffi_m_S** weaveffi_m_f(weaveffi_m_S* const* p, size_t p_len, size_t* out_len, weaveffi_error* out_err)"},
        Case{"[S?]", "", "void weaveffi_m_f(const weaveffi_m_S** p, size_t p_len, weaveffi_error* out_err)"},
        Case{"[i32]", "[E]",
             "weaveffi_m_E* weaveffi_m_f(const int32_t* p, size_t p_len, size_t* out_len, weaveffi_error* out_err)"},
        Case{"{string:i32}", "{string:i32}",
             "void weaveffi_m_f(const char* const* p_keys, const int32_t* p_values, size_t p_len, const char*** "
             "out_keys, int32_t** out_values, size_t* out_len, weaveffi_error* out_err)"},
        Case{"", "iter<string>", "weaveffi_m_FIterator* weaveffi_m_f(weaveffi_error* out_err)"}));

TEST(LoweringTest, IteratorProtocol) {
  std::string h = HeaderFor("      - { name: get_HTTP, params: [], return: \"iter<S>\" }\n", kTypes);
  EXPECT_NE(h.find("typedef struct weaveffi_m_GetHttpIterator weaveffi_m_GetHttpIterator;"), std::string::npos);
  EXPECT_NE(h.find("int32_t weaveffi_m_GetHttpIterator_next(weaveffi_m_GetHttpIterator* iter, weaveffi_m_S** "
                   "out_item, weaveffi_error* out_err);"),
            std::string::npos);
  EXPECT_NE(h.find("void weaveffi_m_GetHttpIterator_destroy(weaveffi_m_GetHttpIterator* iter);"), std::string::npos);
}

TEST(LoweringTest, AsyncCancellable) {
  std::string h = HeaderFor(
      "      - { name: run, async: true, cancellable: true, params: [{ name: xs, type: \"[S]\" }], return: \"[S]\" }\n",
      kTypes);
  EXPECT_NE(h.find("typedef void (*weaveffi_m_run_callback)(void* context, weaveffi_error* err, weaveffi_m_S** "
                   "result, size_t result_len);"),
            std::string::npos)
      << h;
  EXPECT_NE(h.find("void weaveffi_m_run_async(weaveffi_m_S* const* xs, size_t xs_len, weaveffi_cancel_token* "
                   "cancel_token, weaveffi_m_run_callback callback, void* context);"),
            std::string::npos);
}

TEST(LoweringTest, MutableDropsConstAndKeywordsAreEscaped) {
  std::string h = HeaderFor(
      "      - name: f\n        params:\n          - { name: class, type: string, mutable: true }\n"
      "          - { name: default, type: \"[S]\", mutable: true }\n",
      kTypes);
  EXPECT_NE(h.find("void weaveffi_m_f(char* class_, weaveffi_m_S** default_, size_t default__len, weaveffi_error* "
                   "out_err);"),
            std::string::npos)
      << h;
}

// seam's packed results: layouts by C's rule, and which results get a twin.
TEST(PackingTest, LayoutsFollowCsRule) {
  auto run = testing::RunFrontEnd(R"(version: "0.5.0"
modules:
  - name: m
    structs:
      - name: P
        fields: [{ name: flag, type: bool }, { name: x, type: f64 }]
      - name: R
        fields:
          - { name: a, type: u8 }
          - { name: s, type: string }
          - { name: o, type: "i16?" }
          - { name: p, type: P }
          - { name: op, type: "P??" }
          - { name: kids, type: "[R]" }
          - { name: m, type: "{string:i64}" }
          - { name: e, type: E }
      - name: WithObject
        fields: [{ name: c, type: "handle<P>" }]
      - name: HoldsObject
        fields: [{ name: w, type: "[WithObject]" }]
    enums:
      - name: E
        variants: [{ name: A, value: 0 }]
    interfaces:
      - name: C
        methods: [{ name: get, return: "[R]" }]
    functions:
      - { name: rows, return: "[R]" }
      - { name: one, return: "P?" }
      - { name: ints, return: "[i32]" }
      - { name: objects, return: "[WithObject]" }
      - { name: later, async: true, return: "[R]" }
)");
  ASSERT_FALSE(run->diags->has_errors()) << run->Text();
  abi::Model model = abi::BuildModel(*run->api);
  const abi::Packing& packing = *model.packing;
  const abi::PackedRecord* p = packing.Record({ir::DeclKind::kStruct, 0, 0});
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->offsets, (std::vector<uint32_t>{0, 8}));
  EXPECT_EQ(p->layout.size, 16u);
  EXPECT_EQ(p->layout.align, 8u);
  const abi::PackedRecord* r = packing.Record({ir::DeclKind::kStruct, 0, 1});
  ASSERT_NE(r, nullptr);
  // u8 @0, string (u32,u32) @4, i16? (flag, value @+2) @12, P @16, P? (flag,
  // P @+8, T?? read as T?) @32, [R] @56, {string:i64} @64, E @72; size 80.
  EXPECT_EQ(r->offsets, (std::vector<uint32_t>{0, 4, 12, 16, 32, 56, 64, 72}));
  EXPECT_EQ(r->layout.size, 80u);
  EXPECT_EQ(packing.Record({ir::DeclKind::kStruct, 0, 2}), nullptr) << "a typed handle cannot be packed";
  EXPECT_EQ(packing.Record({ir::DeclKind::kStruct, 0, 3}), nullptr) << "nor a list of such records";
  const abi::ModuleModel& mm = model.modules[0];
  ASSERT_EQ(mm.functions.size(), 5u);
  EXPECT_EQ(mm.functions[0].packed.Signature(), "uint8_t* weaveffi_m_rows_packed(size_t* out_len, weaveffi_error* out_err)");
  EXPECT_EQ(mm.functions[1].packed.symbol, "weaveffi_m_one_packed");
  EXPECT_TRUE(mm.functions[2].packed.symbol.empty()) << "no record in the result: nothing to win";
  EXPECT_TRUE(mm.functions[3].packed.symbol.empty());
  EXPECT_TRUE(mm.functions[4].packed.symbol.empty()) << "async results keep their callback";
  ASSERT_EQ(mm.interfaces[0].methods.size(), 1u);
  EXPECT_EQ(mm.interfaces[0].methods[0].packed.Signature(),
            "uint8_t* weaveffi_m_C_get_packed(const weaveffi_m_C* self, size_t* out_len, weaveffi_error* out_err)");
}

TEST(CodeWriterTest, SubstitutesAndIndents) {
  CodeWriter w;
  w.Emit(R"(
    int $name$() {
      $body$
    }
  )", {{"name", std::string("f")}, {"body", CodeWriter::Callback([&] { w.Line("return 1;"); })}});
  EXPECT_EQ(w.str(), "int f() {\n  return 1;\n}\n");
}

TEST(CTypeShapeTest, BaseWordAndPointerLevels) {
  struct Case {
    const char* c;
    const char* base;
    int stars;
  };
  for (const Case& k : {Case{"int32_t", "int32_t", 0}, Case{"const char*", "char", 1},
                        Case{"const uint8_t* const*", "uint8_t", 2}, Case{"weaveffi_error*", "weaveffi_error", 1},
                        Case{"void", "void", 0}, Case{"  size_t  *  * ", "size_t", 2}, Case{"const", "", 0},
                        Case{"", "", 0}, Case{"p_S**", "p_S", 2}}) {
    gen::CTypeShape shape = gen::ShapeOfCType(k.c);
    EXPECT_EQ(shape.base, k.base) << k.c;
    EXPECT_EQ(shape.stars, k.stars) << k.c;
  }
}

TEST(CodeWriterTest, TakeIsStrAndLeavesTheWriterEmpty) {
  CodeWriter w;
  w.Line("a   ");
  w.Blank();
  w.Line("  b");
  w.Blank();
  w.Blank();
  std::string text = w.str();
  EXPECT_EQ(text, "a\n\n  b\n");
  EXPECT_EQ(w.Take(), text);
  EXPECT_EQ(w.str(), "");
  w.Line("c");
  EXPECT_EQ(w.Take(), "c\n");
  CodeWriter blank;
  blank.Line("");
  EXPECT_EQ(blank.str(), "");
  EXPECT_EQ(blank.Take(), "");
}

TEST(CodeWriterTest, LineFIsLineOfTheFormattedText) {
  // Indented, trailing whitespace dropped, a blank result is an empty line,
  // and a value with newlines continues at the same indent, as with Line.
  CodeWriter w;
  auto indent = w.Indent();
  w.LineF("int {}({}) {{  ", "f", "int x");
  w.LineF("{}", "  ");
  w.LineF("{}{}", "a\n", "b \n\nc");
  w.LineF("{:>4}", 42);
  EXPECT_EQ(w.str(), "  int f(int x) {\n\n  a\n  b\n\n  c\n    42\n");
  CodeWriter lines;
  auto same = lines.Indent();
  lines.Line("int f(int x) {  ");
  lines.Line("  ");
  lines.Line("a\nb \n\nc");
  lines.Line("  42");
  EXPECT_EQ(lines.str(), w.str());
}

TEST(CodeWriterTest, MissingVariableIsAnInternalError) {
  CodeWriter w;
  EXPECT_THROW(w.Emit("$nope$"), InternalError);
  EXPECT_THROW(w.Emit("$open"), InternalError);
}

}  // namespace
}  // namespace seam
