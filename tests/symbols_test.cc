// C ABI naming: heck-compatible UpperCamel and parameter slots.
#include <gtest/gtest.h>

#include "abi/symbols.h"

namespace seam::abi {
namespace {

TEST(Symbols, UpperCamelTable) {
  const char* cases[][2] = {
      {"get_messages", "GetMessages"}, {"get_HTTP", "GetHttp"},  {"list_keys", "ListKeys"},
      {"getHTTPServer", "GetHttpServer"}, {"stream", "Stream"}, {"v2_api", "V2Api"},
      {"__x__y", "XY"},                {"ABC", "Abc"},           {"aB", "AB"},
      {"", ""},                        {"___", ""},              {"x", "X"},
      {"a1b2", "A1b2"},                {"a1B2", "A1B2"},         {"HTTP2Error", "Http2Error"},
      {"IOError", "IoError"},          {"iOS", "IOs"},           {"snake_CASE_name", "SnakeCaseName"},
      {"kebab-case.dotted", "KebabCaseDotted"}, {"9lives", "9lives"}, {"caf\xc3\xa9_au_lait", "CafAuLait"},
  };
  for (const auto& c : cases) EXPECT_EQ(UpperCamel(c[0]), c[1]) << c[0];
}

TEST(Symbols, CFamilyKeywords) {
  for (const char* word : {"int", "class", "_Bool", "NULL", "errno", "std", "seam", "module"}) {
    EXPECT_TRUE(IsCFamilyKeyword(word)) << word;
  }
  for (const char* word : {"", "Int", "int_", "classes", "value", "bool_"}) EXPECT_FALSE(IsCFamilyKeyword(word)) << word;
  EXPECT_EQ(SafeCName("default"), "default_");
  EXPECT_EQ(SafeCName("defaults"), "defaults");
}

TEST(Symbols, ParamSlots) {
  ir::TypeRef bytes;
  bytes.primitive = ir::Primitive::kBytes;
  EXPECT_EQ(ParamSlotNames(bytes, "b"), (std::vector<std::string>{"b_ptr", "b_len"}));
  ir::TypeRef list;
  list.kind = ir::TypeKind::kList;
  list.args.push_back(ir::TypeRef{});
  EXPECT_EQ(ParamSlotNames(list, "xs"), (std::vector<std::string>{"xs", "xs_len"}));
  ir::TypeRef map;
  map.kind = ir::TypeKind::kMap;
  map.args = {ir::TypeRef{}, ir::TypeRef{}};
  EXPECT_EQ(ParamSlotNames(map, "m"), (std::vector<std::string>{"m_keys", "m_values", "m_len"}));
  EXPECT_EQ(ReturnSlotNames(map), (std::vector<std::string>{"out_keys", "out_values", "out_len"}));
  ir::TypeRef opt;
  opt.kind = ir::TypeKind::kOptional;
  opt.args.push_back(bytes);
  EXPECT_EQ(ParamSlotNames(opt, "o"), (std::vector<std::string>{"o_ptr", "o_len"}));
}

TEST(Symbols, CParamNamesEscapeKeywordsWithoutMeetingSiblings) {
  ir::TypeRef i32, bytes;
  bytes.primitive = ir::Primitive::kBytes;
  auto params = [](std::vector<std::pair<std::string, ir::TypeRef>> list) {
    std::vector<ir::Param> out;
    for (auto& [name, type] : list) out.push_back(ir::Param{name, {}, type, false, {}, {}});
    return out;
  };
  // Alone, a keyword takes one '_'; plain names never change.
  EXPECT_EQ(CParamNames(params({{"class", i32}, {"x", i32}})), (std::vector<std::string>{"class_", "x"}));
  // Beside its escaped spelling, in either order, it takes another.
  EXPECT_EQ(CParamNames(params({{"class", i32}, {"class_", i32}})),
            (std::vector<std::string>{"class__", "class_"}));
  EXPECT_EQ(CParamNames(params({{"new_", i32}, {"new", i32}})), (std::vector<std::string>{"new_", "new__"}));
  // Slots count too: bytes `new` escaped once has the slot new__ptr, which a
  // plain parameter already spells; the plain one keeps its name.
  EXPECT_EQ(CParamNames(params({{"new", bytes}, {"new_", i32}, {"new__ptr", i32}})),
            (std::vector<std::string>{"new__", "new_", "new__ptr"}));
}

}  // namespace
}  // namespace seam::abi

namespace seam {
namespace {

// Runtime names are the library's own: the C prefix when set, else derived
// from the package name (or the IDL's file name).
TEST(RuntimePrefixTest, OwnToEachLibrary) {
  ir::Api api;
  api.idl_path = "dir/My-Lib.v2.yml";
  EXPECT_EQ(api.LibraryId(), "my_lib");
  EXPECT_EQ(api.RuntimePrefix(), "weaveffi_seam_my_lib");
  api.package = ir::Package{};
  api.package->name = "async-demo";
  EXPECT_EQ(api.RuntimePrefix(), "weaveffi_seam_async_demo");
  api.package->name = "Ünï";
  EXPECT_EQ(api.LibraryId(), "n");
  api.package->name = "---";
  EXPECT_EQ(api.LibraryId(), "weaveffi");
  ir::GeneratorConfig c;
  c.target = "c";
  ir::Value v;
  v.kind = ir::Value::Kind::kString;
  v.text = "calc";
  c.settings.emplace_back("prefix", v);
  api.generators.push_back(c);
  EXPECT_EQ(api.RuntimePrefix(), "calc");
}

TEST(RuntimePrefixTest, CompatNamesAreWeaveFfisRuntime) {
  auto names = abi::CompatRuntimeNames("weaveffi");
  ASSERT_EQ(names.size(), 9u);
  EXPECT_EQ(names[0], (std::pair<std::string, std::string>{"weaveffi_error_clear", "error_clear"}));
  EXPECT_EQ(names.back().first, "weaveffi_dealloc");
  // WeaveFFI spells the allocator with a custom prefix: nothing to forward.
  EXPECT_EQ(abi::CompatRuntimeNames("calc").size(), 7u);
}

}  // namespace
}  // namespace seam
