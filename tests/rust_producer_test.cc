// The Rust producer's names (snake_case, UpperCamelCase, keyword escaping,
// uniqueness) and what it refuses; the generated crates themselves are built
// and run by tests/e2e (rust_scaffolds.sh and the SEAM_PRODUCER=rust suites).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "gen/rust_producer/rust_names.h"
#include "gen/rust_producer/rust_producer.h"
#include "test_util.h"

namespace seam {
namespace {

std::map<std::string, std::string> Generate(const std::string& modules, Diagnostics** diags_out = nullptr,
                                            std::unique_ptr<testing::Run>* keep = nullptr) {
  auto run = testing::RunFrontEnd("version: \"0.5.0\"\nmodules:\n" + modules);
  EXPECT_FALSE(run->diags->has_errors()) << run->Text();
  std::map<std::string, std::string> files;
  if (run->diags->has_errors()) return files;
  for (const gen::OutputFile& f : gen::RustProducerBackend().Generate(*run->api, *run->diags)) {
    files[f.path] = f.contents;
  }
  if (diags_out) *diags_out = run->diags.get();
  if (keep) *keep = std::move(run);
  return files;
}

TEST(RustNamesTest, SnakeCase) {
  EXPECT_EQ(gen::rust::SnakeCase("getHTTPValue"), "get_http_value");
  EXPECT_EQ(gen::rust::SnakeCase("PascalCase"), "pascal_case");
  EXPECT_EQ(gen::rust::SnakeCase("UPPER"), "upper");
  EXPECT_EQ(gen::rust::SnakeCase("mixed_Case"), "mixed_case");
  EXPECT_EQ(gen::rust::SnakeCase("a1"), "a1");
  EXPECT_EQ(gen::rust::SnakeCase("_x"), "_x");
  EXPECT_EQ(gen::rust::SnakeCase("__y"), "__y");
  EXPECT_EQ(gen::rust::SnakeCase("len_"), "len");
  EXPECT_EQ(gen::rust::SnakeCase("http2Error"), "http2_error");
}

TEST(RustNamesTest, ReservedWords) {
  for (const char* w : {"type", "self", "Self", "crate", "super", "fn", "match", "async", "try", "gen", "seam",
                        "std", "String", "Option", "Result", "Vec"}) {
    EXPECT_TRUE(gen::rust::IsRustReserved(w)) << w;
  }
  for (const char* w : {"value", "list", "print", "class", "None_", "Point"}) {
    EXPECT_FALSE(gen::rust::IsRustReserved(w)) << w;
  }
}

TEST(RustProducerTest, FilesOfTheCrate) {
  auto files = Generate(R"(  - name: calc
    functions:
      - { name: add, params: [{ name: a, type: i32 }, { name: b, type: i32 }], return: i32 }
)");
  for (const char* f : {"Cargo.toml", "README.md", "include/weaveffi.h", "src/lib.rs", "src/api.rs", "src/glue.rs",
                        "src/implementation.rs", "src/seam.rs"}) {
    EXPECT_EQ(files.count(f), 1u) << f;
  }
  EXPECT_NE(files["Cargo.toml"].find("crate-type = [\"cdylib\", \"staticlib\", \"rlib\"]"), std::string::npos);
  EXPECT_NE(files["src/glue.rs"].find("pub unsafe extern \"C\" fn weaveffi_calc_add(p_a: i32, p_b: i32, "
                                      "p_out_err: *mut seam::RawError) -> i32"),
            std::string::npos)
      << files["src/glue.rs"];
  EXPECT_NE(files["src/implementation.rs"].find("pub fn add(a: i32, b: i32) -> seam::Result<i32>"),
            std::string::npos);
  EXPECT_NE(files["src/implementation.rs"].find("seam::Error::not_implemented(\"calc.add\")"), std::string::npos);
}

TEST(RustProducerTest, AwkwardNamesAreEscapedAndUnique) {
  auto files = Generate(R"(  - name: seam
    structs:
      - name: self
        fields:
          - { name: where, type: i32 }
          - { name: camelCase, type: i32 }
          - { name: camel_case, type: i32 }
      - name: String
        fields: [{ name: x, type: i32 }]
    enums:
      - name: Kind
        variants: [{ name: Self, value: 0 }, { name: Box, value: 1 }]
    functions:
      - { name: move, params: [{ name: done, type: i32 }], async: true }
      - { name: getValue, params: [{ name: in, type: self }] }
)");
  const std::string& api = files["src/api.rs"];
  EXPECT_NE(api.find("pub mod seam_ {"), std::string::npos) << api;
  EXPECT_NE(api.find("pub struct Self_ {"), std::string::npos) << api;
  EXPECT_NE(api.find("pub where_: i32,"), std::string::npos) << api;
  EXPECT_NE(api.find("pub camel_case: i32,"), std::string::npos) << api;
  EXPECT_NE(api.find("pub camel_case_: i32,"), std::string::npos) << api;
  EXPECT_NE(api.find("pub struct String_ {"), std::string::npos) << api;
  EXPECT_NE(api.find("Self_ = 0,"), std::string::npos) << api;
  EXPECT_NE(api.find("Box_ = 1,"), std::string::npos) << api;
  const std::string& impl = files["src/implementation.rs"];
  EXPECT_NE(impl.find("pub fn move_(done: i32, done_: seam::Completion<()>) -> seam::Result<()>"), std::string::npos)
      << impl;
  EXPECT_NE(impl.find("pub fn get_value(in_: &Self_) -> seam::Result<()>"), std::string::npos) << impl;
}


// The glue calls methods on an Arc<dyn Trait>, whose own methods (Clone,
// Any, Into...) would be called instead of an interface method spelled alike.
TEST(RustProducerTest, MethodsSpelledLikeArcsTakeAnUnderscore) {
  auto files = Generate(R"(  - name: m
    interfaces:
      - name: Obj
        methods:
          - { name: clone, params: [], return: i32 }
          - { name: type_id, params: [], return: string }
          - { name: into, params: [] }
          - { name: max, params: [], return: i32 }
)");
  const std::string& api = files["src/api.rs"];
  EXPECT_NE(api.find("fn clone_(&self) -> seam::Result<i32>;"), std::string::npos) << api;
  EXPECT_NE(api.find("fn type_id_(&self) -> seam::Result<String>;"), std::string::npos) << api;
  EXPECT_NE(api.find("fn into_(&self) -> seam::Result<()>;"), std::string::npos) << api;
  // Ord's max is not a method of Arc<dyn Obj>, which is not Ord.
  EXPECT_NE(api.find("fn max(&self) -> seam::Result<i32>;"), std::string::npos) << api;
  EXPECT_NE(files["src/glue.rs"].find("obj.clone_()"), std::string::npos);
}

// Conversions that can fail are bound to locals before the call or literal
// that takes them (rustc is quadratic in the `?`s of one expression), and
// parameters that share a C name (the string `operator` and the bytes
// `operator_` both spell operator_) get locals of their own.
TEST(RustProducerTest, FallibleConversionsBindToLocalsOfTheirOwn) {
  auto files = Generate(R"(  - name: m
    structs:
      - name: Pair
        fields: [{ name: text, type: string }, { name: count, type: i32 }]
    functions:
      - name: put
        params: [{ name: operator, type: string }, { name: operator_, type: bytes }, { name: n, type: i32 }]
        return: i32
)");
  const std::string& glue = files["src/glue.rs"];
  EXPECT_NE(glue.find("let a_operator_ = seam::str_in(p_operator_, \"operator\")?.to_owned();"),
            std::string::npos)
      << glue;
  EXPECT_NE(glue.find("let a_operator__ = seam::bytes_in(p_operator__ptr, p_operator__len, \"operator_\")?.to_vec();"),
            std::string::npos)
      << glue;
  EXPECT_NE(glue.find("let value = crate::implementation::m::put(a_operator_, a_operator__, p_n)?;"),
            std::string::npos)
      << glue;
  EXPECT_NE(glue.find("let f_text = seam::str_in(p_text, \"text\")?.to_owned();"), std::string::npos) << glue;
  EXPECT_NE(glue.find("text: f_text,\n"), std::string::npos) << glue;
  EXPECT_NE(glue.find("count: p_count,\n"), std::string::npos) << glue;
}
TEST(RustProducerTest, RefusesWhatRustCannotExpress) {
  auto run = testing::RunFrontEnd(R"(version: "0.5.0"
modules:
  - name: m
    enums:
      - name: E
        variants: [{ name: A, value: 0 }]
    structs:
      - name: Node
        fields:
          - { name: next, type: "Node?" }
          - { name: kids, type: "[Node]" }
    functions:
      - { name: f, params: [{ name: xs, type: "[E?]" }] }
      - { name: g, params: [{ name: xs, type: "[string]", mutable: true }] }
)");
  ASSERT_FALSE(run->diags->has_errors()) << run->Text();
  EXPECT_TRUE(gen::RustProducerBackend().Generate(*run->api, *run->diags).empty());
  std::vector<std::string> codes;
  for (const Diagnostic& d : run->Sorted()) codes.push_back(d.code + "@" + std::to_string(d.loc.line));
  EXPECT_EQ(codes, (std::vector<std::string>{"RustRecursiveValueType@8", "RustProducerUnsupported@13",
                                             "RustProducerUnsupported@14"}))
      << run->Text();
}

}  // namespace
}  // namespace seam
