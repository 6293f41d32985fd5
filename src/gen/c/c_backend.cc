// The C header renderer. The order of sections follows reference §3.2, so the
// output reads like WeaveFFI's header for the same IDL.
#include "gen/c/c_backend.h"

#include <fmt/format.h>

#include "abi/symbols.h"
#include "gen/c_family.h"

namespace seam::gen {
namespace {

// What a custom prefix spells by the shared WeaveFFI names: the runtime's
// types (the same in every library) and the arena helpers, which seam does not
// define (reference §3.2 step 4 aliases the runtime functions as well; seam
// declares them under the library's own names, see Runtime()).
constexpr const char* kSharedAliases[] = {
    "error", "handle_t", "arena_create", "arena_destroy", "arena_register", "cancel_token",
};

class HeaderWriter {
 public:
  explicit HeaderWriter(const abi::Model& model)
      : m_(model),
        p_(model.prefix),
        P_(MacroPrefix(model.prefix)),
        r_(model.runtime_prefix),
        G_(MacroPrefix(model.runtime_prefix) + "_H"),
        w_('$', 4) {}

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

      #endif // $G$

      // END $p$.h
    )c", {{"G", G_}, {"p", p_}});
    return w_.Take();
  }

 private:
  void Macros() {
    w_.Emit(R"c(
      #ifndef $G$
      #define $G$

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
      #  elif (defined(__GNUC__) && (__GNUC__ >= 4)) && defined($P$_BUILD)
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

    )c", {{"P", P_}, {"G", G_}});
    if (p_ != "weaveffi") {
      w_.Line("/* Aliases for weaveffi-abi runtime symbols */");
      for (const char* name : kSharedAliases) {
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
       * $r$_error_clear. Strings returned by the library are freed with
       * $r$_free_string; byte buffers, arrays and boxed optionals with
       * $r$_free_bytes(ptr, byte_length); objects with their `_destroy`.
       */
      typedef uint64_t $p$_handle_t;

      /* Shared by every library on this runtime: defined once per translation
         unit, so the headers of several libraries can be included together. */
      #ifndef WEAVEFFI_ERROR_DEFINED
      #define WEAVEFFI_ERROR_DEFINED
      typedef struct $p$_error { int32_t code; const char* message; } $p$_error;
      #endif

      /*
       * This library's runtime functions. They are its own, so that any number
       * of libraries can be linked into one program, statically or not:
       * strings, buffers, errors and tokens of this library go to these.
       * Define SEAM_WEAVEFFI_RUNTIME_NAMES to call them by their WeaveFFI
       * names instead (weaveffi_*), e.g. against a library WeaveFFI built.
       */
      #ifdef SEAM_WEAVEFFI_RUNTIME_NAMES
      $aliases$
      #endif
      $P$_API void $r$_error_clear($p$_error* err);
      $P$_API void $r$_free_string(const char* ptr);
      $P$_API void $r$_free_bytes(uint8_t* ptr, size_t len);

      /* Linear-memory allocator used by Wasm glue to stage call arguments. Native
         consumers never call these. */
      $P$_API uint8_t* $r$_alloc(uint32_t size);
      $P$_API void $r$_dealloc(uint8_t* ptr, uint32_t size);

      typedef struct $p$_cancel_token $p$_cancel_token;
      $P$_API $p$_cancel_token* $r$_cancel_token_create(void);
      $P$_API void $r$_cancel_token_cancel($p$_cancel_token* token);
      $P$_API bool $r$_cancel_token_is_cancelled(const $p$_cancel_token* token);
      $P$_API void $r$_cancel_token_destroy($p$_cancel_token* token);

      /* seam's additions, which libraries built by WeaveFFI lack: how many
         objects and buffers the library has handed out and not yet had back,
         $r$_free_bytes with the one argument a finalizer gets, and what the
         library was built from (checked by seam's bindings when they load). */
      $P$_API int64_t $r$_seam_live_allocations(void);
      $P$_API void $r$_seam_release_bytes(void* ptr);
      $P$_API const char* $r$_seam_contract(void);

      /*
       * The same functions by their WeaveFFI names, which consumers written for
       * WeaveFFI call. The library defines them weakly: in a program with one
       * library they are that library's; with several, each name resolves to
       * one of them, so such a program calls every library by its own names.
       */
      $compat$

      /*
       * Map convention: Maps are passed as parallel arrays of keys and values.
       * A map parameter {K:V} named "m" expands to:
       *   const K* m_keys, const V* m_values, size_t m_len
       * A map return value expands to out-parameters that receive callee-
       * allocated arrays; the caller passes the address of its own pointers:
       *   K** out_keys, V** out_values, size_t* out_len
       */

    )c", {{"P", P_}, {"p", p_}, {"r", r_},
          {"aliases", CodeWriter::Callback([this] { RuntimeAliases(); })},
          {"compat", CodeWriter::Callback([this] { CompatDeclarations(); })}});
  }

  // SEAM_WEAVEFFI_RUNTIME_NAMES: this library's runtime names spelled as
  // WeaveFFI's, whose libraries define only those.
  void RuntimeAliases() {
    for (const auto& [compat, name] : abi::CompatRuntimeNames(p_)) {
      w_.LineF("#define {}_{} {}", r_, name, compat);
    }
  }

  void CompatDeclarations() {
    const char* kPrototypes[][2] = {
        {"error_clear", "void $(weaveffi_error* err)"},
        {"free_string", "void $(const char* ptr)"},
        {"free_bytes", "void $(uint8_t* ptr, size_t len)"},
        {"cancel_token_create", "weaveffi_cancel_token* $(void)"},
        {"cancel_token_cancel", "void $(weaveffi_cancel_token* token)"},
        {"cancel_token_is_cancelled", "bool $(const weaveffi_cancel_token* token)"},
        {"cancel_token_destroy", "void $(weaveffi_cancel_token* token)"},
        {"alloc", "uint8_t* $(uint32_t size)"},
        {"dealloc", "void $(uint8_t* ptr, uint32_t size)"},
    };
    for (const auto& [compat, name] : abi::CompatRuntimeNames(p_)) {
      for (const auto& [fn, proto] : kPrototypes) {
        if (name != fn) continue;
        std::string decl = proto;
        decl.replace(decl.find('$'), 1, compat);
        w_.LineF("{}_API {};", P_, decl);
      }
    }
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
  std::string p_, P_, r_, G_;
  CodeWriter w_;
};

}  // namespace

std::string RenderCHeader(const abi::Model& model) { return HeaderWriter(model).Render(); }

std::vector<OutputFile> CBackend::Render(const Input& in, Diagnostics& /*diags*/) const {
  return {{in.model().prefix + ".h", in.c_header()}};
}

}  // namespace seam::gen
