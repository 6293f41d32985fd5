// One case per validation rule: the exact set of codes reported (which also
// proves cascades are suppressed), plus resolution of references.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace seam {
namespace {

using testing::RunFrontEnd;

struct RuleCase {
  const char* name;
  const char* modules;  // YAML for the value of `modules:`
  std::vector<std::string> codes;
};

std::vector<std::string> CodesOnly(const testing::Run& run) {
  std::vector<std::string> out;
  for (const Diagnostic& d : run.Sorted()) out.push_back(d.code);
  return out;
}

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, ReportsExactlyTheExpectedCodes) {
  const RuleCase& c = GetParam();
  auto run = RunFrontEnd(std::string("version: \"0.5.0\"\nmodules:\n") + c.modules);
  EXPECT_EQ(CodesOnly(*run), c.codes) << run->Text();
}

const RuleCase kRuleCases[] = {
    {"Valid", "  - { name: m, functions: [{ name: f, params: [{ name: a, type: i32 }], return: i32 }] }\n", {}},
    {"NoModuleName", "  - { name: '' }\n", {"NoModuleName"}},
    {"InvalidModuleName", "  - { name: 9lives }\n", {"InvalidModuleName"}},
    {"ReservedModuleName", "  - { name: match }\n", {"InvalidModuleName"}},
    {"DuplicateModuleName", "  - { name: m }\n  - { name: m }\n", {"DuplicateModuleName"}},
    {"DuplicateFunctionName", "  - { name: m, functions: [{ name: f }, { name: f }] }\n", {"DuplicateFunctionName"}},
    {"InvalidIdentifier", "  - { name: m, functions: [{ name: 'a-b' }] }\n", {"InvalidIdentifier"}},
    {"ReservedKeyword", "  - { name: m, functions: [{ name: fn }] }\n", {"ReservedKeyword"}},
    {"TargetKeywordsAreFine", "  - { name: m, functions: [{ name: class, params: [{ name: default, type: i32 }, { name: None, type: i32 }, { name: in, type: i32 }] }] }\n", {}},
    {"DuplicateParamName", "  - { name: m, functions: [{ name: f, params: [{ name: a, type: i32 }, { name: a, type: i64 }] }] }\n", {"DuplicateParamName"}},
    {"ThrowsWithoutErrorDomain", "  - { name: m, functions: [{ name: f, throws: true }] }\n", {"ThrowsWithoutErrorDomain"}},
    {"ThrowsInheritsDomain", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 1, message: a }] }, modules: [{ name: n, functions: [{ name: f, throws: true }] }] }\n", {}},
    {"EmptyStruct", "  - { name: m, structs: [{ name: S, fields: [] }] }\n", {"EmptyStruct"}},
    {"BuilderStructEmpty", "  - { name: m, structs: [{ name: S, builder: true, fields: [] }] }\n", {"BuilderStructEmpty"}},
    {"DuplicateStructName", "  - { name: m, structs: [{ name: S, fields: [{ name: a, type: i32 }] }, { name: S, fields: [{ name: a, type: i32 }] }] }\n", {"DuplicateStructName"}},
    {"DuplicateStructField", "  - { name: m, structs: [{ name: S, fields: [{ name: a, type: i32 }, { name: a, type: i32 }] }] }\n", {"DuplicateStructField"}},
    {"EmptyEnum", "  - { name: m, enums: [{ name: E, variants: [] }] }\n", {"EmptyEnum"}},
    {"DuplicateEnumName", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }] }, { name: E, variants: [{ name: A, value: 0 }] }] }\n", {"DuplicateEnumName"}},
    {"DuplicateEnumVariant", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }, { name: A, value: 1 }] }] }\n", {"DuplicateEnumVariant"}},
    {"DuplicateEnumValue", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }, { name: B, value: 0 }] }] }\n", {"DuplicateEnumValue"}},
    {"DuplicateEnumVariantField", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0, fields: [{ name: x, type: i32 }, { name: x, type: i32 }] }] }] }\n", {"DuplicateEnumVariantField"}},
    {"DuplicateInterfaceName", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }] }, { name: I, methods: [{ name: a }] }] }\n", {"DuplicateInterfaceName"}},
    {"DuplicateInterfaceMember", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }], statics: [{ name: a }] }] }\n", {"DuplicateInterfaceMember"}},
    {"EmptyInterface", "  - { name: m, interfaces: [{ name: I }] }\n", {"EmptyInterface"}},
    {"ConstructorHasReturn", "  - { name: m, interfaces: [{ name: I, constructors: [{ name: new, return: i32 }] }] }\n", {"ConstructorHasReturn"}},
    {"AsyncConstructor", "  - { name: m, interfaces: [{ name: I, constructors: [{ name: new, async: true }] }] }\n", {"AsyncConstructor"}},
    {"InterfaceAsField", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }] }], structs: [{ name: S, fields: [{ name: i, type: I }] }] }\n", {"InterfaceInInvalidPosition"}},
    {"InterfaceInList", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }] }], functions: [{ name: f, return: '[I]' }] }\n", {"InterfaceInInvalidPosition"}},
    {"InterfaceTypedHandle", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }] }], functions: [{ name: f, return: 'handle<I>' }] }\n", {"InterfaceInInvalidPosition"}},
    {"InterfaceOptionalParamOk", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a }] }], functions: [{ name: f, params: [{ name: i, type: 'I?' }], return: I }] }\n", {}},
    {"UnknownTypeRef", "  - { name: m, functions: [{ name: f, return: Nope }] }\n", {"UnknownTypeRef"}},
    {"UnknownTypeInHandle", "  - { name: m, functions: [{ name: f, return: 'handle<Nope>' }] }\n", {"UnknownTypeRef"}},
    {"QualifiedNameResolves", "  - { name: a, structs: [{ name: T, fields: [{ name: x, type: i32 }] }] }\n  - { name: b, functions: [{ name: f, return: a.T }, { name: g, return: T }] }\n", {}},
    {"QualifiedNameWrongModule", "  - { name: a, structs: [{ name: T, fields: [{ name: x, type: i32 }] }] }\n  - { name: b, functions: [{ name: f, return: b.T }] }\n", {"UnknownTypeRef"}},
    {"InvalidMapKey", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], functions: [{ name: f, return: '{S:i32}' }] }\n", {"InvalidMapKey"}},
    {"EnumMapKeysAccepted", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }] }], functions: [{ name: f, return: '{E:E}' }] }\n", {}},
    {"MapValueStruct", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], functions: [{ name: f, return: '{string:S}' }] }\n", {"UnsupportedElementType"}},
    {"BorrowedReturn", "  - { name: m, functions: [{ name: f, return: '&str' }] }\n", {"BorrowedTypeInInvalidPosition"}},
    {"BorrowedField", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: '&[u8]' }] }] }\n", {"BorrowedTypeInInvalidPosition"}},
    {"BorrowedParamOk", "  - { name: m, functions: [{ name: f, params: [{ name: s, type: '&str' }, { name: b, type: '&[u8]' }, { name: l, type: '[&str]' }] }] }\n", {}},
    {"IteratorParam", "  - { name: m, functions: [{ name: f, params: [{ name: i, type: 'iter<i32>' }] }] }\n", {"IteratorInInvalidPosition"}},
    {"IteratorField", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: 'iter<i32>' }] }] }\n", {"IteratorInInvalidPosition"}},
    {"AsyncIteratorReturn", "  - { name: m, functions: [{ name: f, async: true, return: 'iter<i32>' }] }\n", {"AsyncIteratorReturn"}},
    {"OptionalIterator", "  - { name: m, functions: [{ name: f, return: 'iter<i32>?' }] }\n", {"OptionalIterator"}},
    {"VariantFieldDefaultIgnored", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0, fields: [{ name: x, type: i32, default: 3 }] }] }] }\n", {"VariantFieldDefaultIgnored"}},
    {"NestedOptional", "  - { name: m, functions: [{ name: f, return: 'i32?\?' }] }\n", {"NestedOptional"}},
    {"UnsupportedElementBytes", "  - { name: m, functions: [{ name: f, return: '[bytes]' }] }\n", {"UnsupportedElementType"}},
    {"UnsupportedElementNestedList", "  - { name: m, functions: [{ name: f, params: [{ name: x, type: '[[i32]]' }] }] }\n", {"UnsupportedElementType"}},
    {"UnsupportedElementOptionalScalar", "  - { name: m, functions: [{ name: f, return: '[i32?]' }] }\n", {"UnsupportedElementType"}},
    {"OptionalStructElementOk", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], functions: [{ name: f, return: '[S?]' }, { name: g, return: 'iter<S?>' }] }\n", {}},
    {"UnsupportedAsyncReturn", "  - { name: m, functions: [{ name: f, async: true, return: 'bytes?' }] }\n", {"UnsupportedAsyncReturn"}},
    {"CancellableWithoutAsync", "  - { name: m, functions: [{ name: f, cancellable: true }] }\n", {"CancellableWithoutAsync"}},
    {"DuplicateCallbackName", "  - { name: m, callbacks: [{ name: C, params: [] }, { name: C, params: [] }] }\n", {"DuplicateCallbackName"}},
    {"CallbackUnknownType", "  - { name: m, callbacks: [{ name: C, params: [{ name: x, type: Nope }] }] }\n", {"UnknownTypeRef"}},
    {"CallbackDuplicateParam", "  - { name: m, callbacks: [{ name: C, params: [{ name: x, type: i32 }, { name: x, type: i32 }] }] }\n", {"DuplicateParamName"}},
    {"UnsupportedCallbackParamType", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], callbacks: [{ name: C, params: [{ name: x, type: '[S]' }] }] }\n", {"UnsupportedCallbackParamType"}},
    {"CallbackMissingParams", "  - { name: m, callbacks: [{ name: C }] }\n", {"MissingKey"}},
    {"ListenerCallbackNotFound", "  - { name: m, callbacks: [{ name: OnX, params: [] }], listeners: [{ name: l, event_callback: OnY }] }\n", {"ListenerCallbackNotFound"}},
    {"DuplicateListenerName", "  - { name: m, callbacks: [{ name: C, params: [] }], listeners: [{ name: l, event_callback: C }, { name: l, event_callback: C }] }\n", {"DuplicateListenerName"}},
    {"ErrorDomainMissingName", "  - { name: m, errors: { name: '', codes: [{ name: A, code: 1, message: a }] } }\n", {"ErrorDomainMissingName"}},
    {"EmptyErrorDomain", "  - { name: m, errors: { name: E, codes: [] } }\n", {"EmptyErrorDomain"}},
    {"DuplicateErrorName", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 1, message: a }, { name: A, code: 2, message: b }] } }\n", {"DuplicateErrorName"}},
    {"DuplicateErrorCode", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 1, message: a }, { name: B, code: 1, message: b }] } }\n", {"DuplicateErrorCode"}},
    {"InvalidErrorCodeZero", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 0, message: a }] } }\n", {"InvalidErrorCode"}},
    {"InvalidErrorCodePanic", "  - { name: m, errors: { name: E, codes: [{ name: A, code: -2, message: a }] } }\n", {"InvalidErrorCode"}},
    {"InvalidErrorCodeName", "  - { name: m, errors: { name: E, codes: [{ name: 'not found', code: 1, message: a }] } }\n", {"InvalidIdentifier"}},
    {"NameCollisionWithErrorDomain", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 1, message: a }] }, functions: [{ name: E }] }\n", {"NameCollisionWithErrorDomain"}},
    {"DuplicateTypeNameAcrossModules", "  - { name: a, structs: [{ name: T, fields: [{ name: x, type: i32 }] }] }\n  - { name: b, enums: [{ name: T, variants: [{ name: X, value: 0 }] }] }\n", {"DuplicateTypeName"}},
    {"DomainSharesTypeNamespace", "  - { name: a, structs: [{ name: T, fields: [{ name: x, type: i32 }] }], errors: { name: T, codes: [{ name: A, code: 1, message: a }] } }\n", {"DuplicateTypeName"}},
    {"DuplicateErrorCodeName", "  - { name: a, errors: { name: E1, codes: [{ name: A, code: 1, message: a }] } }\n  - { name: b, errors: { name: E2, codes: [{ name: A, code: 1, message: a }] } }\n", {"DuplicateErrorCodeName"}},
    {"AbiSymbolAsync", "  - { name: m, functions: [{ name: f, async: true }, { name: f_async }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolStructCreate", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], functions: [{ name: S_create }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolPathFlattening", "  - { name: a, functions: [{ name: b_c }], modules: [{ name: b, functions: [{ name: c }] }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolListener", "  - { name: m, callbacks: [{ name: C, params: [] }], listeners: [{ name: x, event_callback: C }], functions: [{ name: register_x }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolOwnedLauncher", "  - { name: m, functions: [{ name: f, async: true }, { name: f_async_owned }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolPackedTwin", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32 }] }], functions: [{ name: f, return: \"[S]\" }, { name: f_packed }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolOwnedListener", "  - { name: m, callbacks: [{ name: C, params: [] }], listeners: [{ name: x, event_callback: C }], functions: [{ name: unregister_x_owned }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolLeakProbe", "  - { name: seam, functions: [{ name: live_allocations }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolBuilderTag", "  - { name: m, structs: [{ name: S, builder: true, fields: [{ name: x, type: i32 }] }, { name: SBuilder, fields: [{ name: x, type: i32 }] }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolIteratorTag", "  - { name: m, structs: [{ name: GetAllIterator, fields: [{ name: x, type: i32 }] }], functions: [{ name: get_all, return: 'iter<i32>' }] }\n", {"AbiSymbolCollision"}},
    {"AbiSymbolRuntime", "  - { name: free, functions: [{ name: string }] }\n", {"AbiSymbolCollision"}},
    {"SlotCollisionOutErr", "  - { name: m, functions: [{ name: f, params: [{ name: out_err, type: i32 }] }] }\n", {"SlotCollision"}},
    {"SlotCollisionLen", "  - { name: m, functions: [{ name: f, params: [{ name: x, type: bytes }, { name: x_len, type: i32 }] }] }\n", {"SlotCollision"}},
    {"SlotCollisionOutLen", "  - { name: m, functions: [{ name: f, params: [{ name: out_len, type: i32 }], return: '[i32]' }] }\n", {"SlotCollision"}},
    {"SlotCollisionSelf", "  - { name: m, interfaces: [{ name: I, methods: [{ name: a, params: [{ name: self, type: i32 }] }] }] }\n", {"SlotCollision"}},
    {"SlotSelfInFreeFunctionOk", "  - { name: m, functions: [{ name: f, params: [{ name: self, type: i32 }] }] }\n", {}},
    {"SlotCollisionContext", "  - { name: m, callbacks: [{ name: C, params: [{ name: context, type: i32 }] }] }\n", {"SlotCollision"}},
    {"SlotCollisionAsync", "  - { name: m, functions: [{ name: f, async: true, cancellable: true, params: [{ name: cancel_token, type: i32 }] }] }\n", {"SlotCollision"}},
    {"SlotCollisionStructField", "  - { name: m, structs: [{ name: S, fields: [{ name: out_err, type: i32 }] }] }\n", {"SlotCollision"}},
    {"InvalidFieldDefaultType", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: i32, default: abc }] }] }\n", {"InvalidFieldDefault"}},
    {"InvalidFieldDefaultRange", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: u8, default: 256 }] }] }\n", {"InvalidFieldDefault"}},
    {"InvalidFieldDefaultNull", "  - { name: m, structs: [{ name: S, fields: [{ name: x, type: string, default: ~ }] }] }\n", {"InvalidFieldDefault"}},
    {"InvalidFieldDefaultEnum", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }] }], structs: [{ name: S, fields: [{ name: x, type: E, default: B }] }] }\n", {"InvalidFieldDefault"}},
    {"ValidFieldDefaults", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 0 }] }], structs: [{ name: S, fields: [{ name: a, type: E, default: A }, { name: b, type: f32, default: 1 }, { name: c, type: 'i64?', default: ~ }, { name: d, type: '[string]', default: [x] }, { name: e, type: u64, default: 18446744073709551615 }, { name: f, type: bool, default: true }] }] }\n", {}},
    {"UnknownKey", "  - { name: m, functions: [{ name: f, retrun: i32 }] }\n", {"UnknownKey"}},
    {"WrongTypeList", "  - { name: m, functions: { name: f } }\n", {"WrongType"}},
    {"WrongTypeBool", "  - { name: m, functions: [{ name: f, async: yes }] }\n", {"WrongType"}},
    {"UnquotedListType", "  - { name: m, functions: [{ name: f, return: [i32] }] }\n", {"WrongType"}},
    {"MissingParamType", "  - { name: m, functions: [{ name: f, params: [{ name: a }] }] }\n", {"MissingKey"}},
    {"MissingCodeMessage", "  - { name: m, errors: { name: E, codes: [{ name: A, code: 1 }] } }\n", {"MissingKey"}},
    {"IntegerOutOfRange", "  - { name: m, enums: [{ name: E, variants: [{ name: A, value: 2147483648 }] }] }\n", {"IntegerOutOfRange"}},
    {"BadTypeNoCascade", "  - { name: m, structs: [{ name: S, fields: [{ name: a, type: '{string}' }] }], functions: [{ name: f, params: [{ name: s, type: S }] }] }\n", {"InvalidTypeRef"}},
};

INSTANTIATE_TEST_SUITE_P(Rules, RuleTest, ::testing::ValuesIn(kRuleCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Validate, ResolvesReferencesAcrossModules) {
  auto run = RunFrontEnd(
      "version: \"0.5.0\"\nmodules:\n  - name: shared\n    structs: [{ name: Token, fields: [{ name: id, "
      "type: i64 }] }]\n    enums: [{ name: Shape, variants: [{ name: A, value: 0, fields: [{ name: r, "
      "type: f64 }] }] }]\n  - name: app\n    interfaces: [{ name: Store, methods: [{ name: get, "
      "return: Token }] }]\n    functions: [{ name: f, params: [{ name: t, type: '[Token?]' }, { name: "
      "h, type: 'handle<Token>' }, { name: s, type: Shape }], return: Store }]\n");
  ASSERT_FALSE(run->diags->has_errors()) << run->Text();
  const ir::Api& api = *run->api;
  const ir::Function& f = api.modules[1].functions[0];
  EXPECT_EQ(f.params[0].type.args[0].args[0].decl, (ir::DeclRef{ir::DeclKind::kStruct, 0, 0}));
  EXPECT_EQ(f.params[1].type.decl, (ir::DeclRef{ir::DeclKind::kStruct, 0, 0}));
  EXPECT_EQ(f.params[2].type.decl, (ir::DeclRef{ir::DeclKind::kRichEnum, 0, 0}));
  EXPECT_EQ(f.ret->decl, (ir::DeclRef{ir::DeclKind::kInterface, 1, 0}));
}

TEST(Validate, ModulesArePreOrderWithPathsAndScopes) {
  auto run = RunFrontEnd(
      "version: \"0.5.0\"\nmodules:\n  - name: a\n    errors: { name: AErr, codes: [{ name: X, code: 1, "
      "message: x }] }\n    modules:\n      - name: b\n        modules: [{ name: c }]\n  - name: d\n");
  ASSERT_FALSE(run->diags->has_errors()) << run->Text();
  const ir::Api& api = *run->api;
  ASSERT_EQ(api.modules.size(), 4u);
  EXPECT_EQ(api.modules[2].CPath(), "a_b_c");
  EXPECT_EQ(api.modules[2].DottedPath(), "a.b.c");
  EXPECT_EQ(api.modules[2].error_scope, 0u);
  EXPECT_EQ(api.modules[3].error_scope, ir::kNoModule);
  EXPECT_EQ(api.roots, (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(api.modules[1].children, (std::vector<uint32_t>{2}));
}

TEST(Validate, SchemaVersions) {
  auto legacy = RunFrontEnd(
      "version: \"0.4.0\"\nmodules:\n  - name: m\n    errors: { name: E, codes: [{ name: A, code: 1, "
      "message: a }] }\n    functions: [{ name: f }]\n");
  EXPECT_EQ(legacy->Codes(), std::vector<std::string>{"LegacySchemaVersion@1:10"});
  EXPECT_TRUE(legacy->api->modules[0].functions[0].throws);
  auto bad = RunFrontEnd("version: \"1.0\"\nmodules:\n  - name: 'bad name'\n");
  EXPECT_EQ(bad->Codes(), std::vector<std::string>{"UnsupportedSchemaVersion@1:10"});
  EXPECT_NE(bad->Sorted()[0].message.find("supported versions: 0.5.0, 0.4.0"), std::string::npos);
  auto missing = RunFrontEnd("modules: []\n");
  EXPECT_EQ(missing->Codes(), std::vector<std::string>{"MissingKey@1:1"});
}

TEST(Validate, CPrefixFromGenerators) {
  auto run = RunFrontEnd(
      "version: \"0.5.0\"\nmodules: []\ngenerators:\n  c: { prefix: mylib }\n  dartt: {}\n");
  EXPECT_EQ(run->Codes(), std::vector<std::string>{"UnknownKey@5:3"});
  EXPECT_EQ(run->api->CPrefix(), "mylib");
  auto bad = RunFrontEnd("version: \"0.5.0\"\nmodules: []\ngenerators:\n  global: { c_prefix: 'my lib' }\n");
  EXPECT_EQ(bad->Codes(), std::vector<std::string>{"InvalidPrefix@4:23"});
}

}  // namespace
}  // namespace seam
