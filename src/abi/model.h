// The C ABI model: every C declaration of the contract (types, typedefs,
// prototypes with their slots), computed once from a validated API. The C
// header prints it; producers and consumers render their glue against the same
// symbols and slots, so no backend re-derives a name or an order. Each entity
// keeps a pointer to the IR node it lowers, which outlives the model.
#ifndef SEAM_ABI_MODEL_H_
#define SEAM_ABI_MODEL_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "abi/packed.h"
#include "abi/symbols.h"
#include "ir/ir.h"

namespace seam::abi {

// One C parameter: "type name".
struct CParam {
  std::string type;
  std::string name;
};

// A C prototype.
struct CFunction {
  std::string symbol;
  std::string ret = "void";
  std::vector<CParam> params;
  std::optional<std::string> doc;
  std::optional<std::string> deprecated;

  // "ret symbol(type name, ...)" ("(void)" when there are no parameters).
  [[nodiscard]] std::string Signature() const;
};

// "T name", or "T* name" glued as C writes it.
std::string JoinParam(const CParam& p);
// "T a, U b", or "void" for no parameters: a C parameter list.
std::string ParamList(const std::vector<CParam>& params);

// How a type crosses the boundary, independent of position.
enum class Carrier {
  kScalar,      // integers, floats, bool: by value
  kEnum,        // C-style enum: by value
  kHandle,      // untyped handle: uint64_t by value
  kString,      // NUL-terminated UTF-8
  kBytes,       // pointer + length
  kObject,      // struct or rich enum: opaque pointer
  kInterface,   // opaque pointer to a producer object
  kTypedHandle, // handle<T>: opaque pointer, never freed by wrappers
  kList,
  kMap,
  kIterator,
};
[[nodiscard]] Carrier CarrierOf(const ir::TypeRef& t);
// Optionals of these kinds are spelled as the inner type with NULL = absent;
// optionals of value kinds (scalar, enum, handle) are boxed `T*`.
[[nodiscard]] bool IsPointerKind(const ir::TypeRef& t);
// T?? is T?: strips every optional layer but one.
const ir::TypeRef& CollapseOptional(const ir::TypeRef& t);
// The type under every optional layer (T for T, T? and T??).
const ir::TypeRef& StripOptional(const ir::TypeRef& t);

class Lowering {
 public:
  explicit Lowering(const ir::Api& api);

  const std::string& prefix() const { return prefix_; }
  // "{prefix}_error", "{prefix}_handle_t", "{prefix}_cancel_token".
  const std::string& ErrorType() const { return error_type_; }
  const std::string& HandleType() const { return handle_type_; }
  const std::string& CancelTokenType() const { return cancel_token_type_; }

  // "{prefix}_{owner path}_{Name}" for a resolved declaration.
  std::string DeclTag(const ir::DeclRef& ref) const;
  std::string DeclTag(const ir::Module& owner, std::string_view name) const;
  const std::string& DeclName(const ir::DeclRef& ref) const;

  // C type of a scalar primitive ("int32_t", "double", "bool").
  static const char* ScalarCType(ir::Primitive p);
  // Reference §3.6: the C type of one array element.
  std::string ElementCType(const ir::TypeRef& t) const;
  // Reference §3.4: the slots of a parameter.
  std::vector<CParam> LowerParam(const ir::TypeRef& t, const std::string& name, bool is_mutable) const;
  struct Return {
    std::string type = "void";
    std::vector<CParam> out_params;
  };
  // Reference §3.5: the C return type and trailing out-parameters.
  Return LowerReturn(const ir::TypeRef& t) const;
  // Reference §3.15: result slots of an async completion callback. Optional
  // bytes, lists and maps would keep their length slots here, but validation
  // rejects them as async results (WeaveFFI's ABI drops the length).
  std::vector<CParam> CallbackResultParams(const ir::TypeRef& t) const;

 private:
  std::string ArrayParam(const ir::TypeRef& elem, bool is_mutable) const;

  const ir::Api& api_;
  std::string prefix_;
  std::string error_type_, handle_type_, cancel_token_type_;
};

// ---- The model ----

enum class CallableRole { kFunction, kConstructor, kMethod, kStatic };

// A free function or interface member.
struct CallableModel {
  const ir::Function* fn = nullptr;
  CallableRole role = CallableRole::kFunction;
  CallableShape shape = CallableShape::kSync;
  // The sync function, the iterator launcher, or the async launcher.
  CFunction entry;
  // kSync with a result that holds records: seam's packed twin (packed.h),
  // `uint8_t* {entry}_packed(params..., size_t* out_len, err*)`. Its symbol
  // is empty when the result cannot be packed.
  CFunction packed;
  // kIterator: the iterator's opaque type and its protocol.
  std::string iter_type;
  CFunction iter_next, iter_destroy;
  // kAsync: the completion typedef and its parameters (context, err, result...).
  std::string callback_type;
  std::vector<CParam> callback_params;
};

struct StructModel {
  const ir::Struct* decl = nullptr;
  std::string c_type;
  CFunction create, destroy;
  std::vector<CFunction> getters;  // one per field, in order
  // builder: true
  std::string builder_type;
  CFunction builder_new, builder_build, builder_destroy;
  std::vector<CFunction> builder_setters;
};

struct EnumConstant {
  std::string name;
  int32_t value = 0;
  std::optional<std::string> doc;
};

struct EnumModel {  // C-style enums, rich-enum tags and error domains
  std::string c_type;
  std::optional<std::string> doc;
  std::vector<EnumConstant> constants;
};

struct VariantModel {
  const ir::EnumVariant* decl = nullptr;
  CFunction ctor;
  std::vector<CFunction> getters;
};

struct RichEnumModel {
  const ir::Enum* decl = nullptr;
  std::string c_type;  // the opaque object; its tag enum is in ModuleModel::enums
  CFunction tag;
  std::vector<VariantModel> variants;
  CFunction destroy;
};

struct InterfaceModel {
  const ir::Interface* decl = nullptr;
  std::string c_type;
  std::vector<CallableModel> constructors, statics, methods;
  CFunction destroy;
};

struct CallbackModel {
  const ir::Callback* decl = nullptr;
  std::string c_type;             // the function-pointer typedef
  std::vector<CParam> params;     // lowered params, then void* context
};

struct ListenerModel {
  const ir::Listener* decl = nullptr;
  uint32_t callback = 0;  // index into ModuleModel::callbacks
  CFunction reg, unreg;
};

struct ModuleModel {
  const ir::Module* decl = nullptr;
  uint32_t index = 0;  // in Api::modules
  // One per IR enum, declaration order: a C-style enum's type, or a rich
  // enum's `_Tag` discriminant enum.
  std::vector<EnumModel> enums;
  std::vector<RichEnumModel> rich_enums;
  std::vector<StructModel> structs;
  std::vector<InterfaceModel> interfaces;
  std::vector<CallbackModel> callbacks;
  std::vector<ListenerModel> listeners;
  std::vector<CallableModel> functions;
  std::optional<EnumModel> error_domain;  // declared in this module
};

struct Model {
  const ir::Api* api = nullptr;
  std::string prefix;
  // What this library's runtime functions start with (ir::Api::RuntimePrefix):
  // "{runtime_prefix}_free_string", "{runtime_prefix}_seam_contract"...
  std::string runtime_prefix;
  std::vector<ModuleModel> modules;  // pre-order, parallel to Api::modules
  // Which types cross packed, and their layouts.
  std::shared_ptr<const Packing> packing;
};

// Lowers a validated API. The API must outlive the model.
Model BuildModel(const ir::Api& api);

}  // namespace seam::abi

#endif  // SEAM_ABI_MODEL_H_
