// C++ spelling of IDL names and types for the C++ producer: namespaces per
// module, keyword escaping, and the C++ type of an IDL type in each position.
#ifndef SEAM_GEN_CPP_PRODUCER_CPP_TYPES_H_
#define SEAM_GEN_CPP_PRODUCER_CPP_TYPES_H_

#include <set>
#include <string>

#include "abi/model.h"
#include "ir/ir.h"

namespace seam::gen::cpp {

// How a `mutable: true` parameter reaches C++: C passes it by value (no
// effect), or as writable memory the producer edits in place.
enum class MutableView {
  kByValue,  // scalars, enums, handles, interfaces: nothing to write back
  kChars,    // string: std::span<char> over the caller's characters
  kBytes,    // bytes: std::span<std::uint8_t>
  kArray,    // list of scalars: std::span<T>
  kObject,   // record or rich enum: T&
  kNone,     // anything else: not expressible, a generation error
};
MutableView MutableViewOf(const ir::TypeRef& t);

// Whether a sync callable returns plain `bytes` (as seam::Bytes, which can
// reach the caller without a copy).
bool ReturnsBytes(const ir::Function& f);

// Where a type appears; decides ownership in the C++ spelling.
enum class Pos {
  kParam,       // sync parameter: borrowed types are views, records const&
  kAsyncParam,  // async parameter: everything owned (the call outlives the launcher)
  kValue,       // return, field, element of a returned value: owned
  kEmit,        // listener emit_ parameter: views and const&
};

class Names {
 public:
  Names(const ir::Api& api, std::string root_namespace);

  // "a::b" for module a.b (each part keyword-escaped), under the root namespace.
  std::string Namespace(const ir::Module& m) const;
  // "::a::b::Name" for a declaration.
  std::string Qualified(const ir::DeclRef& ref) const;
  std::string Qualified(const ir::Module& m, std::string_view name) const;
  // The C++ type of `t` in position `pos`.
  std::string Type(const ir::TypeRef& t, Pos pos, bool is_mutable = false) const;
  // The element type T of Ffi<T> for list/map elements in position `pos`.
  std::string Element(const ir::TypeRef& t, Pos pos) const;
  // The result type R of seam::Completion<R> ("void" without a return).
  std::string AsyncResult(const ir::Function& f) const;
  // The return type of a sync callable (interfaces as unique_ptr, iterators,
  // seam::Bytes for bytes).
  std::string Return(const ir::Function& f) const;

  const ir::Api& api() const { return api_; }

 private:
  const ir::Api& api_;
  std::string root_;
};

// The parameter list of a callable as the author declares it: each IDL
// parameter, then `seam::Completion<R> done` for async functions. Names are
// left out when `with_names` is false (stubs that ignore their arguments).
// The name of an async function's completion parameter: `done`, unless a
// parameter already has that name.
std::string CompletionName(const ir::Function& f);
std::string ParamList(const Names& names, const ir::Function& f, bool with_names);
// "R name(params)", or "void name(params..., seam::Completion<R> done)".
std::string Signature(const Names& names, const ir::Function& f, const std::string& name, bool with_names);

// An identifier safe in C++: a keyword takes '_' ("class" -> "class_"), more
// while that spells a name the API being rendered uses (see IdlNamesScope).
std::string Id(std::string_view name);
// Id of a member of the class `cls` (an interface's constructor, static or
// method; a record's field): spelled like its class it would declare a
// constructor or hide the class's name, so it takes '_' as Id does.
std::string MemberId(std::string_view cls, std::string_view name);

// While it lives, Id() on this thread avoids the names `api` declares, so an
// escaped keyword never meets a sibling spelled like it (`class` beside
// `class_` becomes `class__`). Every C++ rendering opens one.
class IdlNamesScope {
 public:
  explicit IdlNamesScope(const ir::Api& api);
  ~IdlNamesScope();
  IdlNamesScope(const IdlNamesScope&) = delete;
  IdlNamesScope& operator=(const IdlNamesScope&) = delete;

 private:
  std::set<std::string, std::less<>> names_;
  const std::set<std::string, std::less<>>* previous_;
};

}  // namespace seam::gen::cpp

#endif  // SEAM_GEN_CPP_PRODUCER_CPP_TYPES_H_
