// Rust spelling of IDL names and types for the Rust producer: snake_case
// modules, functions, fields and parameters, UpperCamelCase types, variants
// and error codes, keyword escaping, and names made unique where the
// conversion makes two IDL names meet.
#ifndef SEAM_GEN_RUST_PRODUCER_RUST_NAMES_H_
#define SEAM_GEN_RUST_PRODUCER_RUST_NAMES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ir/ir.h"

namespace seam::gen::rust {

// "getHTTPValue" -> "get_http_value", keeping leading underscores.
std::string SnakeCase(std::string_view name);
// True for Rust keywords (strict, reserved and weak ones that cannot name
// items) and the names generated code relies on.
bool IsRustReserved(std::string_view name);

// Where a type appears; decides borrowing in the Rust spelling.
enum class Pos {
  kParam,  // sync parameter: borrowed types are &str, &[u8], &Record, &dyn Trait
  kOwned,  // return, field, element, async parameter: owned
  kEmit,   // listener emit_ parameter: references and slices
};

class Names {
 public:
  explicit Names(const ir::Api& api);

  // The Rust name assigned to an IR node (module, declaration, function,
  // field, parameter, variant, error code, listener).
  const std::string& Of(const void* node) const;
  // The submodule of the implementation holding an interface's constructors
  // and statics.
  const std::string& ImplModule(const ir::Interface& i) const;
  // `emit_<listener>` and `<listener>_subscriber_count`.
  const std::string& Emit(const ir::Listener& l) const;
  const std::string& SubscriberCount(const ir::Listener& l) const;
  // The completion parameter of an async function ("done" unless taken).
  std::string CompletionName(const ir::Function& f) const;

  // "a::b" for module a.b.
  std::string ModPath(uint32_t module) const;
  // The name of a declaration, bare when seen from `from` (its own module),
  // else "crate::api::a::b::Name". `from` = kNoModule always qualifies.
  std::string Decl(const ir::DeclRef& ref, uint32_t from) const;

  // The Rust type of `t` at `pos`, seen from module `from`.
  std::string Type(const ir::TypeRef& t, Pos pos, uint32_t from, bool is_mutable = false) const;
  // The type a sync callable returns inside seam::Result ("()" for none;
  // seam::Bytes for plain bytes, which can reach the caller without a copy).
  std::string Return(const ir::Function& f, uint32_t from) const;
  // The result type R of an async function's seam::Completion<R>.
  std::string AsyncResult(const ir::Function& f, uint32_t from) const;
  // The parameter list of a callable as the author declares it ("a: i32, b:
  // &str"), with the completion last for async functions.
  std::string Params(const ir::Function& f, uint32_t from) const;
  // Maps whose keys are floats are pairs (floats are not Ord in Rust).
  static bool IsPairMap(const ir::TypeRef& map);

  const ir::Api& api() const { return api_; }

 private:
  void Assign(const void* node, std::string name) { names_[node] = std::move(name); }

  const ir::Api& api_;
  std::unordered_map<const void*, std::string> names_;
  std::unordered_map<const void*, std::string> impl_modules_, emits_, counts_;
};

}  // namespace seam::gen::rust

#endif  // SEAM_GEN_RUST_PRODUCER_RUST_NAMES_H_
