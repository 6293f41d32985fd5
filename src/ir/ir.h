// The IR: plain values in declaration order, every node located. After
// validation every named type reference is resolved to the declaration it
// names (DeclRef), so later stages never look names up again.
#ifndef SEAM_IR_IR_H_
#define SEAM_IR_IR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/source.h"

namespace seam::ir {

enum class Primitive : uint8_t {
  kI8, kI16, kI32, kI64, kU8, kU16, kU32, kU64, kF32, kF64, kBool,
  kString, kBytes, kHandle, kBorrowedStr, kBorrowedBytes,
};

// The IDL spelling of a primitive ("i32", "&str", ...).
const char* PrimitiveName(Primitive p);
// True for the integer, float and bool primitives.
bool IsScalar(Primitive p);

enum class TypeKind : uint8_t { kPrimitive, kNamed, kTypedHandle, kOptional, kList, kMap, kIterator };

enum class DeclKind : uint8_t { kUnresolved, kStruct, kEnum, kRichEnum, kInterface };

// A resolved reference: the declaring module (index into Api::modules) and the
// index in that module's structs, enums or interfaces.
struct DeclRef {
  DeclKind kind = DeclKind::kUnresolved;
  uint32_t module = 0;
  uint32_t index = 0;
  friend bool operator==(const DeclRef&, const DeclRef&) = default;
};

struct TypeRef {
  TypeKind kind = TypeKind::kPrimitive;
  Primitive primitive = Primitive::kI32;  // kPrimitive
  std::string name;                       // kNamed, kTypedHandle: the name as written
  DeclRef decl;                           // kNamed, kTypedHandle: after resolution
  // kOptional, kList, kIterator: one element; kMap: key then value.
  std::vector<TypeRef> args;
  SourceLoc loc;  // the first character of this (sub)type in the source
  // Set by the builder when the type string could not be parsed (already
  // reported); validation skips such types. Never set in a valid API.
  bool invalid = false;
};

// Canonical spelling of a type: i32, string, Name, T?, [T], {K:V}, iter<T>, handle<N>.
std::string Spell(const TypeRef& t);

struct ValueEntry;

// A literal value from the IDL (field defaults), kept with its location.
struct Value {
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kString, kList, kMap, kOther };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  bool big_unsigned = false;  // int above INT64_MAX: see uint_value
  uint64_t uint_value = 0;
  bool int_overflow = false;  // int beyond 64 bits
  double float_value = 0;
  std::string text;  // kString value, or the source spelling of other scalars
  std::vector<Value> items;
  std::vector<ValueEntry> entries;  // kMap, in document order
  SourceLoc loc;
};

struct ValueEntry {
  std::string key;
  Value value;
};

struct Param {
  std::string name;
  SourceLoc loc;
  TypeRef type;
  bool is_mutable = false;
  SourceLoc mutable_loc;
  std::optional<std::string> doc;
};

struct Function {
  std::string name;
  SourceLoc loc;
  std::vector<Param> params;
  std::optional<TypeRef> ret;
  std::optional<std::string> doc;
  bool throws = false;
  bool is_async = false;
  bool cancellable = false;
  SourceLoc throws_loc, async_loc, cancellable_loc;
  std::optional<std::string> deprecated;
  std::optional<std::string> since;
};

struct Field {
  std::string name;
  SourceLoc loc;
  TypeRef type;
  std::optional<std::string> doc;
  std::optional<Value> default_value;
};

struct Struct {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::vector<Field> fields;
  bool builder = false;
  // Some entries were left out because of errors already reported; rules
  // about emptiness stay quiet.
  bool partial = false;
};

struct EnumVariant {
  std::string name;
  SourceLoc loc;
  int32_t value = 0;
  SourceLoc value_loc;
  std::optional<std::string> doc;
  std::vector<Field> fields;
};

struct Enum {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::vector<EnumVariant> variants;
  // A rich (algebraic) enum: some variant carries fields.
  [[nodiscard]] bool rich() const;
  // Some entries were left out because of errors already reported; rules
  // about emptiness stay quiet.
  bool partial = false;
};

struct Interface {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::vector<Function> constructors;
  std::vector<Function> methods;
  std::vector<Function> statics;
  // Some entries were left out because of errors already reported; rules
  // about emptiness stay quiet.
  bool partial = false;
};

struct Callback {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::vector<Param> params;
};

struct Listener {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::string event_callback;
  SourceLoc event_callback_loc;
  uint32_t callback = 0;  // index into the module's callbacks, after validation
};

struct ErrorCode {
  std::string name;
  SourceLoc loc;
  int32_t code = 0;
  SourceLoc code_loc;
  std::string message;
  std::optional<std::string> doc;
};

struct ErrorDomain {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;
  std::vector<ErrorCode> codes;
  // Some entries were left out because of errors already reported; rules
  // about emptiness stay quiet.
  bool partial = false;
};

inline constexpr uint32_t kNoModule = UINT32_MAX;

struct Module {
  std::string name;
  SourceLoc loc;
  std::optional<std::string> doc;  // a seam extension; WeaveFFI ignores module docs
  std::vector<std::string> path;   // names from the root module down to this one
  uint32_t parent = kNoModule;     // index into Api::modules
  std::vector<uint32_t> children;  // indices into Api::modules, declaration order
  std::vector<Function> functions;
  std::vector<Interface> interfaces;
  std::vector<Struct> structs;
  std::vector<Enum> enums;
  std::vector<Callback> callbacks;
  std::vector<Listener> listeners;
  std::optional<ErrorDomain> errors;
  // The module whose error domain `throws` refers to: this one or the nearest
  // ancestor with a domain; kNoModule when none is in scope.
  uint32_t error_scope = kNoModule;

  // "a_b_c": the C path of the module.
  [[nodiscard]] std::string CPath() const;
  // "a.b.c": the dotted path used in messages.
  [[nodiscard]] std::string DottedPath() const;
};

struct Package {
  std::optional<std::string> name, version, description, license, homepage, repository;
  std::vector<std::string> authors;
  SourceLoc loc;
};

// One `generators:` entry: a target's table of settings.
struct GeneratorConfig {
  std::string target;
  SourceLoc loc;
  std::vector<std::pair<std::string, Value>> settings;
  [[nodiscard]] const Value* Find(std::string_view key) const;
};

struct Api {
  std::string version;
  SourceLoc version_loc;
  std::optional<Package> package;
  // Every module in pre-order (parents before children, siblings in order).
  std::vector<Module> modules;
  std::vector<uint32_t> roots;  // top-level modules
  std::vector<GeneratorConfig> generators;
  std::string idl_path;  // the file the API was read from

  // The C symbol prefix: generators.global.c_prefix (or weaveffi.c_prefix),
  // else generators.c.prefix, else "weaveffi".
  [[nodiscard]] std::string CPrefix() const;
  // The library's own name as a lower-case identifier: the package name, else
  // the IDL file's name up to its first dot ("async-demo" -> "async_demo";
  // "weaveffi" when nothing is left).
  [[nodiscard]] std::string LibraryId() const;
  // What the runtime functions this library defines start with
  // ("{runtime prefix}_free_string", "_seam_contract"...): the C prefix when
  // the IDL sets one, else "weaveffi_seam_{LibraryId}". WeaveFFI names them
  // weaveffi_* in every library, so two of its libraries cannot be linked
  // into one program; each seam library's are its own.
  [[nodiscard]] std::string RuntimePrefix() const;
  [[nodiscard]] const GeneratorConfig* Generator(std::string_view target) const;
};

}  // namespace seam::ir

#endif  // SEAM_IR_IR_H_
