// The three readers: values, document order and locations of every node.
#include <gtest/gtest.h>

#include <tuple>

#include "test_util.h"

namespace seam {
namespace {

using testing::RunFrontEnd;

const DocNode* At(const DocNode* n, std::string_view key) {
  const DocEntry* e = n->Find(key);
  return e == nullptr ? nullptr : e->value;
}

TEST(YamlReader, ScalarsFollowTheCoreSchema) {
  auto run = RunFrontEnd(
      "a: 12\nb: -0x10\nc: 1.5\nd: true\ne: ~\nf: \"12\"\ng: 0.5.0\nh: 99999999999999999999\n"
      "i: 18446744073709551615\nj: .inf\nk: yes\n");
  const DocNode* root = run->doc.root();
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(At(root, "a")->kind, NodeKind::kInt);
  EXPECT_EQ(At(root, "a")->int_value, 12);
  EXPECT_EQ(At(root, "b")->kind, NodeKind::kString);  // signs are not allowed on hex in YAML 1.2
  EXPECT_EQ(At(root, "c")->kind, NodeKind::kFloat);
  EXPECT_EQ(At(root, "d")->bool_value, true);
  EXPECT_EQ(At(root, "e")->kind, NodeKind::kNull);
  EXPECT_EQ(At(root, "f")->kind, NodeKind::kString);
  EXPECT_EQ(At(root, "g")->kind, NodeKind::kString);
  EXPECT_TRUE(At(root, "h")->int_overflow);
  EXPECT_TRUE(At(root, "i")->big_unsigned);
  EXPECT_EQ(At(root, "i")->uint_value, UINT64_MAX);
  EXPECT_EQ(At(root, "j")->kind, NodeKind::kFloat);
  EXPECT_EQ(At(root, "k")->kind, NodeKind::kString);
  EXPECT_TRUE(At(root, "k")->plain);
}

TEST(YamlReader, LocationsOfKeysAndValues) {
  auto run = RunFrontEnd("version: \"0.5.0\"\nmodules:\n  - name: m\n    functions: []\n");
  const DocNode* root = run->doc.root();
  const DocEntry* modules = root->Find("modules");
  EXPECT_EQ(modules->key_loc, (SourceLoc{1, 2, 1}));
  const DocNode* m = modules->value->items[0];
  EXPECT_EQ(m->Find("name")->key_loc, (SourceLoc{1, 3, 5}));
  EXPECT_EQ(At(m, "name")->loc, (SourceLoc{1, 3, 11}));
  EXPECT_EQ(At(root, "version")->content_loc, (SourceLoc{1, 1, 11}));
  ASSERT_TRUE(run->api);
  EXPECT_EQ(run->api->modules[0].loc, (SourceLoc{1, 3, 11}));
}

TEST(YamlReader, DuplicateKeysAndExtraDocumentsAreErrors) {
  auto dup = RunFrontEnd("version: \"0.5.0\"\nversion: \"0.5.0\"\nmodules: []\n");
  EXPECT_EQ(dup->Codes(), std::vector<std::string>{"DuplicateKey@2:1"});
  auto two = RunFrontEnd("version: \"0.5.0\"\nmodules: []\n---\nother: 1\n");
  EXPECT_EQ(two->Codes(), std::vector<std::string>{"MultipleDocuments@4:1"});
}

TEST(YamlReader, AliasesShareNodesAndBombsAreStopped) {
  auto ok = RunFrontEnd(
      "version: \"0.5.0\"\nmodules:\n  - name: m\n    structs:\n      - name: A\n        fields: "
      "&f [{ name: x, type: i32 }]\n      - name: B\n        fields: *f\n");
  EXPECT_FALSE(ok->diags->has_errors()) << ok->Text();
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]\n";
  }
  auto run = RunFrontEnd(bomb);
  ASSERT_EQ(run->diags->error_count(), 1u);
  EXPECT_EQ(run->Sorted()[0].code, "AliasExpansionTooLarge");
}

TEST(JsonReader, LocationsPointAtTokens) {
  auto run = RunFrontEnd(
      "{\n  \"version\": \"0.5.0\",\n  \"modules\": [\n    {\"name\": \"m\", \"enums\": [{\"name\": "
      "\"E\", \"variants\": [{\"name\": \"A\", \"value\": 70000000000}]}]}\n  ]\n}\n",
      IdlFormat::kJson);
  EXPECT_EQ(run->Codes(), std::vector<std::string>{"IntegerOutOfRange@4:79"}) << run->Text();
  const DocNode* root = run->doc.root();
  EXPECT_EQ(root->Find("modules")->key_loc, (SourceLoc{1, 3, 3}));
  EXPECT_EQ(At(root, "version")->loc, (SourceLoc{1, 2, 14}));
}

TEST(JsonReader, EscapesDoNotBreakLocations) {
  auto run = RunFrontEnd(
      R"({"version": "0.5.0", "modules": [{"name": "m\"x\\", "functions": [{"name": "f", "return": "[Nope]"}]}]})",
      IdlFormat::kJson);
  auto codes = run->Codes();
  ASSERT_EQ(codes.size(), 2u) << run->Text();
  EXPECT_EQ(codes[0], "InvalidModuleName@1:43");
  EXPECT_EQ(codes[1], "UnknownTypeRef@1:93");
}

TEST(JsonReader, SyntaxErrorsAndDuplicates) {
  auto bad = RunFrontEnd("{\"version\": \"0.5.0\",\n \"modules\": [,]}", IdlFormat::kJson);
  ASSERT_EQ(bad->Codes().size(), 1u);
  EXPECT_EQ(bad->Sorted()[0].code, "SyntaxError");
  EXPECT_EQ(bad->Sorted()[0].loc.line, 2u);
  auto dup = RunFrontEnd("{\"version\": \"0.5.0\", \"modules\": [], \"modules\": []}", IdlFormat::kJson);
  EXPECT_EQ(dup->Codes(), std::vector<std::string>{"DuplicateKey@1:37"});
}

// Large mappings find duplicates through a hash index instead of a scan; the
// error and its note are the same either way.
TEST(Readers, DuplicateKeysInLargeMappings) {
  std::string yaml = "version: \"0.5.0\"\nmodules: []\ngenerators:\n  x:\n";
  std::string json = "{\"version\": \"0.5.0\", \"modules\": [], \"generators\": {\"x\": {\n";
  std::vector<std::string> keys;
  for (int i = 0; i < 40; ++i) keys.push_back("k" + std::to_string(i));
  keys.push_back("k3");   // found while the mapping is small enough to scan
  keys.insert(keys.begin() + 10, "k3");
  keys.push_back("k39");  // found in the index
  keys.push_back("k0");
  for (size_t i = 0; i < keys.size(); ++i) {
    yaml += "    " + keys[i] + ": 1\n";
    json += (i ? ",\n\"" : "\"") + keys[i] + "\": 1";
  }
  json += "}}}";
  for (auto [text, format, first_line, column] :
       {std::tuple{yaml, IdlFormat::kYaml, 5u, 5u}, std::tuple{json, IdlFormat::kJson, 2u, 1u}}) {
    auto run = RunFrontEnd(text, format);
    std::vector<Diagnostic> dups;
    for (const Diagnostic& d : run->Sorted()) {
      if (d.code == "DuplicateKey") dups.push_back(d);
    }
    ASSERT_EQ(dups.size(), 4u) << run->Text();
    // Index in `keys` of each repeat and of the key it repeats.
    std::vector<std::pair<uint32_t, uint32_t>> expected = {{10, 3}, {41, 3}, {42, 40}, {43, 0}};
    for (size_t i = 0; i < dups.size(); ++i) {
      EXPECT_EQ(dups[i].loc.line, first_line + expected[i].first) << run->Text();
      EXPECT_EQ(dups[i].loc.column, column) << run->Text();
      ASSERT_EQ(dups[i].notes.size(), 1u);
      EXPECT_EQ(dups[i].notes[0].loc.line, first_line + expected[i].second) << run->Text();
      EXPECT_EQ(dups[i].notes[0].message, "first defined here");
    }
  }
}

TEST(TomlReader, ArraysOfTablesKeepOrderAndLocations) {
  auto run = RunFrontEnd(
      "version = \"0.5.0\"\n\n[[modules]]\nname = \"m\"\n\n[[modules.functions]]\nname = \"zeta\"\n"
      "return = \"Nope\"\n\n[[modules.functions]]\nname = \"alpha\"\n",
      IdlFormat::kToml);
  EXPECT_EQ(run->Codes(), std::vector<std::string>{"UnknownTypeRef@8:11"}) << run->Text();
  ASSERT_TRUE(run->api);
  ASSERT_EQ(run->api->modules[0].functions.size(), 2u);
  EXPECT_EQ(run->api->modules[0].functions[0].name, "zeta");
  EXPECT_EQ(run->api->modules[0].functions[0].loc, (SourceLoc{1, 7, 8}));
}

TEST(Readers, SameDocumentSameIrInEveryFormat) {
  auto yaml = RunFrontEnd(
      "version: \"0.5.0\"\nmodules:\n  - name: m\n    functions:\n      - name: f\n        params: "
      "[{ name: a, type: \"[i32]\" }]\n        return: \"{string:i32}?\"\n        throws: false\n");
  auto json = RunFrontEnd(
      R"({"version":"0.5.0","modules":[{"name":"m","functions":[{"name":"f","params":[{"name":"a","type":"[i32]"}],"return":"{string:i32}?","throws":false}]}]})",
      IdlFormat::kJson);
  auto toml = RunFrontEnd(
      "version = \"0.5.0\"\n[[modules]]\nname = \"m\"\n[[modules.functions]]\nname = \"f\"\nparams = "
      "[{ name = \"a\", type = \"[i32]\" }]\nreturn = \"{string:i32}?\"\nthrows = false\n",
      IdlFormat::kToml);
  for (auto* run : {yaml.get(), json.get(), toml.get()}) {
    ASSERT_TRUE(run->api) << run->Text();
    EXPECT_FALSE(run->diags->has_errors()) << run->Text();
    const ir::Function& f = run->api->modules[0].functions[0];
    EXPECT_EQ(f.name, "f");
    EXPECT_EQ(ir::Spell(f.params[0].type), "[i32]");
    EXPECT_EQ(ir::Spell(*f.ret), "{string:i32}?");
  }
}

TEST(Readers, CommonChecksRejectBadBytes) {
  for (IdlFormat format : {IdlFormat::kYaml, IdlFormat::kJson, IdlFormat::kToml}) {
    EXPECT_EQ(RunFrontEnd("a\n\xC3(", format)->Codes(), std::vector<std::string>{"InvalidUtf8@2:1"});
    EXPECT_EQ(RunFrontEnd(std::string("ab\0c", 4), format)->Codes(),
              std::vector<std::string>{"ControlCharacter@1:3"});
    EXPECT_EQ(RunFrontEnd(" \n\t\n", format)->Codes(), std::vector<std::string>{"EmptyDocument@1:1"});
  }
}

TEST(Readers, FormatFromExtension) {
  EXPECT_EQ(FormatFromPath("a/b.yml"), IdlFormat::kYaml);
  EXPECT_EQ(FormatFromPath("b.YAML"), IdlFormat::kYaml);
  EXPECT_EQ(FormatFromPath("x.json"), IdlFormat::kJson);
  EXPECT_EQ(FormatFromPath("x.toml"), IdlFormat::kToml);
  EXPECT_EQ(FormatFromPath("x.txt"), std::nullopt);
  EXPECT_EQ(FormatFromPath("dir.yml/file"), std::nullopt);
  EXPECT_EQ(FormatFromPath(".yml"), std::nullopt);
}

}  // namespace
}  // namespace seam
