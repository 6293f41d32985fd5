// The C header renderer. The order of sections follows reference §3.2, so the
// output reads like WeaveFFI's header for the same IDL.
#include "gen/c/c_backend.h"

#include <fmt/format.h>

#include "gen/c_family.h"

namespace seam::gen {
namespace {

constexpr const char* kRuntimeAliases[] = {
    "error", "handle_t", "error_clear", "free_string", "free_bytes", "arena_create",
    "arena_destroy", "arena_register", "cancel_token", "cancel_token_create",
    "cancel_token_cancel", "cancel_token_is_cancelled", "cancel_token_destroy",
};

class HeaderWriter {
 public:
  explicit HeaderWriter(const abi::Model& model)
      : m_(model), p_(model.prefix), P_(MacroPrefix(model.prefix)), w_('$', 4) {}

  std::string Render() {
    WritePrelude(w_, *m_.api);
    w_.Blank();
    Macros();
    Runtime();
    for (const abi::ModuleModel& mm : m_.modules) Enums(mm);
    for (const abi::ModuleModel& mm : m_.modules) Opaques(mm);
    for (const abi::ModuleModel& mm : m_.modules) FunctionPointers(mm);
    w_.Blank();
    for (const abi::ModuleModel& mm : m_.modules) Module(mm);
    w_.Blank();
    w_.Emit(R"c(
      #ifdef __cplusplus
      }
      #endif

      #endif // $P$_H

      // END $p$.h
    )c", {{"P", P_}, {"p", p_}});
    return w_.Take();
  }

 private:
  void Macros() {
    w_.Emit(R"c(
      #ifndef $P$_H
      #define $P$_H

      #include <stdint.h>
      #include <stddef.h>
      #include <stdbool.h>

      #ifndef $P$_API
      #  if defined(_WIN32) || defined(__CYGWIN__)
      #    ifdef $P$_BUILD
      #      define $P$_API __declspec(dllexport)
      #    else
      #      define $P$_API __declspec(dllimport)
      #    endif
      #  elif defined(__EMSCRIPTEN__)
      #    define $P$_API __attribute__((used, visibility("default")))
      #  elif defined(__GNUC__) && (__GNUC__ >= 4)
      #    define $P$_API __attribute__((visibility("default")))
      #  else
      #    define $P$_API
      #  endif
      #endif

      #ifndef $P$_DEPRECATED
      #  if defined(_MSC_VER)
      #    define $P$_DEPRECATED(msg) __declspec(deprecated(msg))
      #  elif defined(__GNUC__) || defined(__clang__)
      #    define $P$_DEPRECATED(msg) __attribute__((deprecated(msg)))
      #  else
      #    define $P$_DEPRECATED(msg)
      #  endif
      #endif

    )c", {{"P", P_}});
    if (p_ != "weaveffi") {
      w_.Line("/* Aliases for weaveffi-abi runtime symbols */");
      for (const char* name : kRuntimeAliases) {
        w_.LineF("#define {}_{} weaveffi_{}", p_, name, name);
      }
      w_.Blank();
    }
  }

  void Runtime() {
    w_.Emit(R"c(
      #ifdef __cplusplus
      extern "C" {
      #endif

      /*
       * Runtime. Fallible functions take `$p$_error* out_err` last: zero-initialize
       * it, check `code != 0` after the call, and release the message with
       * $p$_error_clear. Strings returned by the library are freed with
       * $p$_free_string; byte buffers, arrays and boxed optionals with
       * $p$_free_bytes(ptr, byte_length); objects with their `_destroy`.
       */
      typedef uint64_t $p$_handle_t;

      /* Shared by every library on this runtime: defined once per translation
         unit, so the headers of several libraries can be included together. */
      #ifndef WEAVEFFI_ERROR_DEFINED
      #define WEAVEFFI_ERROR_DEFINED
      typedef struct $p$_error { int32_t code; const char* message; } $p$_error;
      #endif

      $P$_API void $p$_error_clear($p$_error* err);
      $P$_API void $p$_free_string(const char* ptr);
      $P$_API void $p$_free_bytes(uint8_t* ptr, size_t len);

      /* Linear-memory allocator used by Wasm glue to stage call arguments. Native
         consumers never call these. */
      $P$_API uint8_t* $p$_alloc(uint32_t size);
      $P$_API void $p$_dealloc(uint8_t* ptr, uint32_t size);

      typedef struct $p$_cancel_token $p$_cancel_token;
      $P$_API $p$_cancel_token* $p$_cancel_token_create(void);
      $P$_API void $p$_cancel_token_cancel($p$_cancel_token* token);
      $P$_API bool $p$_cancel_token_is_cancelled(const $p$_cancel_token* token);
      $P$_API void $p$_cancel_token_destroy($p$_cancel_token* token);

      /*
       * Map convention: Maps are passed as parallel arrays of keys and values.
       * A map parameter {K:V} named "m" expands to:
       *   const K* m_keys, const V* m_values, size_t m_len
       * A map return value expands to out-parameters that receive callee-
       * allocated arrays; the caller passes the address of its own pointers:
       *   K** out_keys, V** out_values, size_t* out_len
       */

    )c", {{"P", P_}, {"p", p_}});
  }

  void Enum(const abi::EnumModel& e) {
    WriteDocComment(w_, e.doc);
    bool docs = false;
    for (const abi::EnumConstant& c : e.constants) docs = docs || (c.doc && !c.doc->empty());
    if (!docs) {
      std::string line = "typedef enum { ";
      for (size_t i = 0; i < e.constants.size(); ++i) {
        if (i) line += ", ";
        line += fmt::format("{} = {}", e.constants[i].name, e.constants[i].value);
      }
      w_.Line(line + " } " + e.c_type + ";");
      return;
    }
    w_.Line("typedef enum {");
    {
      auto indent = w_.Indent();
      for (size_t i = 0; i < e.constants.size(); ++i) {
        WriteDocComment(w_, e.constants[i].doc);
        w_.LineF("{} = {}{}", e.constants[i].name, e.constants[i].value,
                            i + 1 < e.constants.size() ? "," : "");
      }
    }
    w_.Line("} " + e.c_type + ";");
  }

  void Enums(const abi::ModuleModel& mm) {
    for (const abi::EnumModel& e : mm.enums) Enum(e);
    if (mm.error_domain) Enum(*mm.error_domain);
  }

  void Opaque(const std::string& t) { w_.LineF("typedef struct {} {};", t, t); }

  void IteratorOpaques(const std::vector<abi::CallableModel>& cs) {
    for (const abi::CallableModel& c : cs) {
      if (c.shape == abi::CallableShape::kIterator) Opaque(c.iter_type);
    }
  }

  void Opaques(const abi::ModuleModel& mm) {
    for (const abi::RichEnumModel& r : mm.rich_enums) Opaque(r.c_type);
    for (const abi::StructModel& s : mm.structs) {
      Opaque(s.c_type);
      if (!s.builder_type.empty()) Opaque(s.builder_type);
    }
    for (const abi::InterfaceModel& i : mm.interfaces) Opaque(i.c_type);
    IteratorOpaques(mm.functions);
    for (const abi::InterfaceModel& i : mm.interfaces) {
      IteratorOpaques(i.constructors);
      IteratorOpaques(i.methods);
      IteratorOpaques(i.statics);
    }
  }

  void AsyncTypedefs(const std::vector<abi::CallableModel>& cs) {
    for (const abi::CallableModel& c : cs) {
      if (c.shape != abi::CallableShape::kAsync) continue;
      w_.LineF("typedef void (*{})({});", c.callback_type, abi::ParamList(c.callback_params));
    }
  }

  void FunctionPointers(const abi::ModuleModel& mm) {
    for (const abi::CallbackModel& cb : mm.callbacks) {
      WriteDocComment(w_, cb.decl->doc);
      w_.LineF("typedef void (*{})({});", cb.c_type, abi::ParamList(cb.params));
    }
    AsyncTypedefs(mm.functions);
    for (const abi::InterfaceModel& i : mm.interfaces) {
      AsyncTypedefs(i.methods);
      AsyncTypedefs(i.statics);
    }
  }

  void Proto(const abi::CFunction& f, bool with_doc = true) {
    if (with_doc) WriteDocComment(w_, f.doc);
    if (f.deprecated) w_.LineF("{}_DEPRECATED({})", P_, CStringLiteral(*f.deprecated));
    w_.LineF("{}_API {};", P_, f.Signature());
  }

  void Callable(const abi::CallableModel& c) {
    Proto(c.entry);
    if (c.shape == abi::CallableShape::kIterator) {
      Proto(c.iter_next);
      Proto(c.iter_destroy);
    }
  }

  void Module(const abi::ModuleModel& mm) {
    w_.Line("// Module: " + mm.decl->CPath());
    for (const abi::RichEnumModel& r : mm.rich_enums) {
      Proto(r.tag);
      for (const abi::VariantModel& v : r.variants) {
        Proto(v.ctor);
        for (const abi::CFunction& g : v.getters) Proto(g);
      }
      Proto(r.destroy);
      w_.Blank();
    }
    for (const abi::StructModel& s : mm.structs) {
      Proto(s.create);
      Proto(s.destroy);
      for (const abi::CFunction& g : s.getters) Proto(g);
      w_.Blank();
      if (!s.builder_type.empty()) {
        Proto(s.builder_new);
        for (const abi::CFunction& f : s.builder_setters) Proto(f);
        Proto(s.builder_build);
        Proto(s.builder_destroy);
        w_.Blank();
      }
    }
    for (const abi::InterfaceModel& i : mm.interfaces) {
      WriteDocComment(w_, i.decl->doc);
      for (const abi::CallableModel& c : i.constructors) Callable(c);
      for (const abi::CallableModel& c : i.statics) Callable(c);
      for (const abi::CallableModel& c : i.methods) Callable(c);
      Proto(i.destroy);
      w_.Blank();
    }
    for (const abi::ListenerModel& l : mm.listeners) {
      Proto(l.reg);
      Proto(l.unreg);
    }
    for (const abi::CallableModel& c : mm.functions) Callable(c);
    w_.Blank();
  }

  const abi::Model& m_;
  std::string p_, P_;
  CodeWriter w_;
};

}  // namespace

std::string RenderCHeader(const abi::Model& model) { return HeaderWriter(model).Render(); }

std::vector<OutputFile> CBackend::Render(const Input& in, Diagnostics& /*diags*/) const {
  return {{in.model().prefix + ".h", in.c_header()}};
}

}  // namespace seam::gen
