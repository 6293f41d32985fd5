// The contract fingerprint (src/abi/contract.h): what changes a declaration's
// hash and what does not.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "abi/contract.h"
#include "abi/model.h"
#include "test_util.h"

namespace seam {
namespace {

// "kind name" -> hash for an IDL body under `modules:`.
std::map<std::string, std::string> Contract(const std::string& modules) {
  auto run = testing::RunFrontEnd("version: \"0.5.0\"\nmodules:\n" + modules);
  EXPECT_FALSE(run->diags->has_errors()) << run->Text();
  std::map<std::string, std::string> out;
  if (run->diags->has_errors()) return out;
  for (const abi::ContractEntry& e : abi::BuildContract(abi::BuildModel(*run->api))) {
    EXPECT_EQ(e.hash.size(), 16u);
    out[e.kind + " " + e.name] = e.hash;
  }
  return out;
}

const char* kBase = R"(  - name: shop
    errors:
      name: ShopError
      codes: [{ name: Empty, code: 1, message: empty }]
    enums:
      - name: Color
        variants: [{ name: Red, value: 0 }, { name: Blue, value: 1 }]
    structs:
      - name: Item
        fields: [{ name: id, type: i64 }, { name: price, type: f64 }]
    interfaces:
      - name: Cart
        methods:
          - { name: add, params: [{ name: item, type: Item }] }
    functions:
      - { name: total, params: [{ name: items, type: "[Item]" }], return: f64 }
      - { name: paint, params: [{ name: c, type: Color }] }
    modules:
      - name: inner
        functions:
          - { name: ping, async: true, return: string }
)";

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(ContractTest, OneEntryPerDeclarationInOrder) {
  auto run = testing::RunFrontEnd(std::string("version: \"0.5.0\"\nmodules:\n") + kBase);
  ASSERT_FALSE(run->diags->has_errors()) << run->Text();
  abi::Model model = abi::BuildModel(*run->api);
  std::string text = abi::ContractText(abi::BuildContract(model));
  std::string names;
  for (size_t start = text.find('\n') + 1; start < text.size();) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    names += line.substr(0, line.rfind(' ')) + "\n";
    start = end + 1;
  }
  EXPECT_EQ(text.substr(0, text.find('\n')), "seam-contract 1");
  EXPECT_EQ(names,
            "errors shop.ShopError\nenum shop.Color\nrecord shop.Item\ninterface shop.Cart\n"
            "method shop.Cart.add\nfunction shop.total\nfunction shop.paint\nfunction shop.inner.ping\n");
  // No package and no file name: the library is "weaveffi", its runtime
  // prefix weaveffi_seam_weaveffi.
  EXPECT_EQ(abi::ContractSymbol(model), "weaveffi_seam_weaveffi_seam_contract");
}

TEST(ContractTest, DocsParameterNamesAndDefaultsDoNotChangeIt) {
  auto base = Contract(kBase);
  std::string edited = Replace(kBase, "name: items", "name: things");
  edited = Replace(edited, "{ name: id, type: i64 }", "{ name: id, type: i64, doc: \"The id.\", default: 3 }");
  edited = Replace(edited, "      - name: Cart\n", "      - name: Cart\n        doc: A cart.\n");
  EXPECT_EQ(Contract(edited), base);
}

TEST(ContractTest, EachChangeTouchesOnlyItsDeclaration) {
  auto base = Contract(kBase);
  struct Change {
    const char* from;
    const char* to;
    const char* changed;
  } changes[] = {
      {"{ name: price, type: f64 }", "{ name: price, type: f32 }", "record shop.Item"},
      {"{ name: price, type: f64 }", "{ name: cost, type: f64 }", "record shop.Item"},
      {"{ name: Blue, value: 1 }", "{ name: Blue, value: 2 }", "enum shop.Color"},
      {"{ name: Empty, code: 1, message: empty }", "{ name: Empty, code: 7, message: empty }", "errors shop.ShopError"},
      {"return: f64 }", "return: f32 }", "function shop.total"},
      {"params: [{ name: item, type: Item }]", "params: [{ name: item, type: \"Item?\" }]", "method shop.Cart.add"},
      {"async: true, return: string", "async: true, return: i32", "function shop.inner.ping"},
  };
  for (const Change& c : changes) {
    auto changed = Contract(Replace(kBase, c.from, c.to));
    ASSERT_EQ(changed.size(), base.size()) << c.from;
    for (const auto& [key, hash] : base) {
      if (key == c.changed) {
        EXPECT_NE(changed.at(key), hash) << c.from << " -> " << c.to;
      } else {
        EXPECT_EQ(changed.at(key), hash) << key << " changed by " << c.from << " -> " << c.to;
      }
    }
  }
}

}  // namespace
}  // namespace seam
