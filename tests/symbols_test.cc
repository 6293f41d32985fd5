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
  };
  for (const auto& c : cases) EXPECT_EQ(UpperCamel(c[0]), c[1]) << c[0];
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

}  // namespace
}  // namespace seam::abi
