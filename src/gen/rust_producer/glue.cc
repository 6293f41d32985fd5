// The extern "C" glue of the Rust producer: one definition per symbol of the
// model, converting C arguments to Rust values, calling the author's code
// inside catch_unwind, and converting results back with the ownership of
// reference §4.
#include <fmt/format.h>

#include <set>

#include "abi/contract.h"
#include "abi/symbols.h"
#include "gen/c_family.h"
#include "gen/cpp_producer/cpp_types.h"
#include "gen/rust_producer/parts.h"

namespace seam::gen::rust {
namespace {

using abi::Carrier;
using ir::TypeKind;

// handle<E> of a C-style enum: C spells it `E*`, which the glue sees as
// `*mut i32` rather than the `*mut c_void` of other handles, so values cast.
bool IsEnumHandle(const ir::TypeRef& t) {
  const ir::TypeRef& s = abi::StripOptional(t);
  return s.kind == TypeKind::kTypedHandle && s.decl.kind == ir::DeclKind::kEnum;
}
std::string Cast(const ir::TypeRef& t) { return IsEnumHandle(t) ? " as _" : ""; }

bool IsInterface(const ir::TypeRef& t) {
  return t.kind == TypeKind::kNamed && t.decl.kind == ir::DeclKind::kInterface;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) s += sep;
    s += parts[i];
  }
  return s;
}

// Rust values made from a Rust value for a C call: statements, the C
// arguments, and the statements releasing what the callee only borrows.
struct Temps {
  std::vector<std::string> lets, args, releases;
};

class GlueWriter {
 public:
  explicit GlueWriter(const Context& ctx) : c_(ctx), w_('$', 4) {
    const abi::Model& model = c_.model;
    for (const abi::ModuleModel& mm : model.modules) {
      for (const abi::EnumModel& e : mm.enums) enum_types_.insert(e.c_type);
      if (mm.error_domain) enum_types_.insert(mm.error_domain->c_type);
      for (const abi::CallbackModel& cb : mm.callbacks) callback_types_.insert(cb.c_type);
      auto asyncs = [&](const std::vector<abi::CallableModel>& cs) {
        for (const abi::CallableModel& c : cs) {
          if (c.shape == abi::CallableShape::kAsync) callback_types_.insert(c.callback_type);
        }
      };
      asyncs(mm.functions);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        asyncs(i.constructors);
        asyncs(i.statics);
        asyncs(i.methods);
      }
    }
  }

  std::string Render() {
    WriteRustPrelude(w_, c_.api);
    w_.Emit(R"rs(
      //! The extern "C" glue: exports every symbol of include/$header$ and forwards
      //! to the declarations of `api` and `implementation`. Nothing here needs
      //! editing. Every entry point catches panics: they reach callers as code -2.
      #![allow(non_snake_case, non_camel_case_types, non_upper_case_globals, deprecated, unused_unsafe)]
      #![allow(clippy::missing_safety_doc, clippy::unit_arg, clippy::let_unit_value, clippy::useless_conversion)]
      #![allow(clippy::redundant_closure, clippy::needless_borrow, clippy::clone_on_copy)]

      use crate::seam;
      use ::std::ffi::{c_char, c_void};

    )rs", {{"header", c_.c_header}});
    Aliases();
    Conversions();
    Builders();
    Runtime();
    for (const abi::ModuleModel& mm : c_.model.modules) Module(mm);
    return w_.Take();
  }

 private:
  const ir::Module& Mod(const abi::ModuleModel& mm) const { return *mm.decl; }
  std::string Q(const ir::TypeRef& t) const { return c_.names.Decl(t.decl, ir::kNoModule); }
  std::string Elem(const ir::TypeRef& t) const { return c_.names.Type(t, Pos::kOwned, ir::kNoModule); }
  std::string Lit(std::string_view s) const { return RustString(s); }
  static std::string P(const std::string& c_name) { return "p_" + c_name; }

  // ---- C types ----

  std::string CType(std::string_view c) const {
    std::string_view base;
    bool base_const = false, pending_const = false;
    std::vector<bool> pointee_const;
    size_t i = 0;
    while (i < c.size()) {
      if (c[i] == ' ') {
        ++i;
      } else if (c[i] == '*') {
        pointee_const.push_back(pointee_const.empty() ? base_const || pending_const : pending_const);
        pending_const = false;
        ++i;
      } else {
        size_t end = c.find_first_of(" *", i);
        if (end == std::string_view::npos) end = c.size();
        std::string_view t = c.substr(i, end - i);
        if (t == "const") {
          (base.empty() ? base_const : pending_const) = true;
        } else {
          base = t;
        }
        i = end;
      }
    }
    std::string r = BaseType(base);
    if (r.empty()) return "";  // void
    for (bool pc : pointee_const) r.insert(0, pc ? "*const " : "*mut ");
    return r;
  }

  std::string BaseType(std::string_view b) const {
    static const std::map<std::string, std::string, std::less<>> kPrims = {
        {"int8_t", "i8"},   {"int16_t", "i16"}, {"int32_t", "i32"}, {"int64_t", "i64"}, {"uint8_t", "u8"},
        {"uint16_t", "u16"}, {"uint32_t", "u32"}, {"uint64_t", "u64"}, {"float", "f32"}, {"double", "f64"},
        {"bool", "bool"},   {"size_t", "usize"}, {"char", "c_char"}};
    if (auto it = kPrims.find(b); it != kPrims.end()) return it->second;
    const abi::Lowering& low = c_.lowering;
    if (b == "void") return "c_void";  // only ever a pointee
    if (b == "weaveffi_error" || b == low.ErrorType()) return "seam::RawError";
    if (b == "weaveffi_cancel_token" || b == low.CancelTokenType()) return "seam::CancelFlag";
    if (b == "weaveffi_handle_t" || b == low.HandleType()) return "u64";
    if (enum_types_.count(b)) return "i32";
    if (callback_types_.count(b)) return std::string(b);
    return "c_void";  // an opaque object
  }

  // The Rust parameter list of a C prototype, and its return type suffix.
  std::string RustParams(const std::vector<abi::CParam>& params) const {
    std::vector<std::string> out;
    for (const abi::CParam& p : params) out.push_back(P(p.name) + ": " + ParamType(p.type));
    return Join(out);
  }
  std::string ParamType(const std::string& c) const {
    std::string t = CType(c);
    return t.empty() ? "*mut c_void" : t;
  }
  std::string RetSuffix(const std::string& c) const {
    if (c == "void") return "";
    return " -> " + CType(c);
  }

  void Open(const abi::CFunction& f) {
    w_.Line("#[no_mangle]");
    w_.LineF("pub unsafe extern \"C\" fn {}({}){} {{", f.symbol, RustParams(f.params), RetSuffix(f.ret));
  }

  void ZeroOuts(const std::vector<abi::CParam>& params) {
    for (const abi::CParam& p : params) {
      if (p.name == "out_len" || p.name == "out_keys" || p.name == "out_values" || p.name == "out_item") {
        w_.LineF("seam::zero_out({});", P(p.name));
      }
    }
  }

  // ---- aliases, conversions, builders ----

  void Aliases() {
    for (const abi::ModuleModel& mm : c_.model.modules) {
      for (const abi::CallbackModel& cb : mm.callbacks) {
        std::vector<std::string> types;
        for (const abi::CParam& p : cb.params) types.push_back(ParamType(p.type));
        w_.LineF("pub type {} = Option<unsafe extern \"C\" fn({})>;", cb.c_type, Join(types));
      }
      auto callables = [&](const std::vector<abi::CallableModel>& cs) {
        for (const abi::CallableModel& c : cs) {
          if (c.shape == abi::CallableShape::kAsync) {
            std::vector<std::string> types;
            for (const abi::CParam& p : c.callback_params) types.push_back(ParamType(p.type));
            w_.LineF("pub type {} = Option<unsafe extern \"C\" fn({})>;", c.callback_type, Join(types));
          } else if (c.shape == abi::CallableShape::kIterator) {
            w_.LineF("type {} = {};", c.iter_type, Elem(*c.fn->ret));
          }
        }
      };
      callables(mm.functions);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        callables(i.constructors);
        callables(i.statics);
        callables(i.methods);
      }
    }
    w_.Blank();
  }

  void Conversions() {
    for (const abi::ModuleModel& mm : c_.model.modules) {
      const ir::Module& m = Mod(mm);
      for (const ir::Struct& s : m.structs) {
        w_.LineF("crate::seam_object_ffi!({});", c_.names.Decl({ir::DeclKind::kStruct, mm.index, static_cast<uint32_t>(&s - m.structs.data())}, ir::kNoModule));
      }
      for (uint32_t si = 0; si < m.structs.size(); ++si) {
        const abi::PackedRecord* r = c_.model.packing->Record({ir::DeclKind::kStruct, mm.index, si});
        if (r == nullptr) continue;
        const ir::Struct& s = m.structs[si];
        w_.LineF("impl seam::Pack for {} {{", c_.names.Decl({ir::DeclKind::kStruct, mm.index, si}, ir::kNoModule));
        w_.LineF("    const SIZE: usize = {};", r->layout.size);
        w_.LineF("    const ALIGN: usize = {};", r->layout.align);
        w_.LineF("    fn pack(&self, {}w: &mut seam::PackWriter, {}at: usize) {{", s.fields.empty() ? "_" : "",
                 s.fields.empty() ? "_" : "");
        for (size_t fi = 0; fi < s.fields.size(); ++fi) {
          uint32_t off = r->offsets[fi];
          w_.LineF("        seam::Pack::pack(&self.{}, w, at{});", c_.names.Of(&s.fields[fi]),
                   off == 0 ? std::string() : " + " + std::to_string(off));
        }
        w_.Line("    }");
        w_.Line("}");
      }
      for (size_t ei = 0; ei < m.enums.size(); ++ei) {
        const ir::Enum& e = m.enums[ei];
        std::string q = c_.names.Decl({e.rich() ? ir::DeclKind::kRichEnum : ir::DeclKind::kEnum, mm.index,
                                       static_cast<uint32_t>(ei)},
                                      ir::kNoModule);
        if (e.rich()) {
          w_.LineF("crate::seam_object_ffi!({});", q);
          continue;
        }
        w_.Emit(R"rs(
          impl seam::Ffi for $q$ {
              type C = i32;
              unsafe fn lift(c: i32, what: &str) -> seam::Result<Self> {
                  $q$::from_value(c).ok_or_else(|| seam::invalid_enum(what, c))
              }
              fn lower(self) -> i32 {
                  self as i32
              }
              unsafe fn release(_c: i32) {}
          }
          impl seam::Pack for $q$ {
              const SIZE: usize = 4;
              const ALIGN: usize = 4;
              fn pack(&self, w: &mut seam::PackWriter, at: usize) {
                  w.put(at, &(*self as i32).to_ne_bytes());
              }
          }
        )rs", {{"q", q}});
      }
    }
    w_.Blank();
  }

  void Builders() {
    for (const abi::ModuleModel& mm : c_.model.modules) {
      for (const abi::StructModel& s : mm.structs) {
        if (s.builder_type.empty()) continue;
        w_.Line("#[derive(Default)]");
        w_.LineF("struct {} {{", s.builder_type);
        {
          auto in = w_.Indent();
          for (size_t i = 0; i < s.decl->fields.size(); ++i) {
            w_.LineF("f{}: Option<{}>,", i, Elem(s.decl->fields[i].type));
          }
          w_.Line("// The first setter failure, reported by build.");
          w_.Line("error: String,");
        }
        w_.Line("}");
        w_.Blank();
      }
    }
  }

  // The runtime functions under the library's own names, the seam additions,
  // and the WeaveFFI names (see RuntimeCompat).
  void Runtime() {
    const std::string& r = c_.model.runtime_prefix;
    const std::string& text = c_.contract;
    w_.Emit(R"rs(
      // The runtime functions (reference §3.16) under this library's own names,
      // so that any number of libraries link into one program.

      /// Frees the message and zeroes the struct; NULL-safe and idempotent.
      ///
      /// # Safety
      /// `err` is null or a valid `weaveffi_error`.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_error_clear(err: *mut seam::RawError) {
          seam::error_clear(err)
      }

      /// Frees a string this library returned.
      ///
      /// # Safety
      /// `ptr` is null or a string of this library, freed once.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_free_string(ptr: *const c_char) {
          seam::free_string(ptr)
      }

      /// Frees any buffer this library returned: bytes, arrays and boxed optionals.
      ///
      /// # Safety
      /// `ptr` is null or a buffer of this library, freed once.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_free_bytes(ptr: *mut u8, len: usize) {
          seam::free_bytes(ptr, len)
      }

      /// A new cancellation token, owned by the caller.
      #[no_mangle]
      pub extern "C" fn $r$_cancel_token_create() -> *mut seam::CancelFlag {
          seam::cancel_token_create()
      }

      /// Requests cancellation; thread-safe, NULL-safe.
      ///
      /// # Safety
      /// `token` is null or a live token of this library.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_cancel_token_cancel(token: *mut seam::CancelFlag) {
          seam::cancel_token_cancel(token)
      }

      /// Whether cancellation was requested; NULL reads as false.
      ///
      /// # Safety
      /// `token` is null or a live token of this library.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_cancel_token_is_cancelled(token: *const seam::CancelFlag) -> bool {
          seam::cancel_token_is_cancelled(token)
      }

      /// Frees a token.
      ///
      /// # Safety
      /// `token` is null or a token of this library, destroyed once.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_cancel_token_destroy(token: *mut seam::CancelFlag) {
          seam::cancel_token_destroy(token)
      }

      #[no_mangle]
      pub extern "C" fn $r$_alloc(size: u32) -> *mut u8 {
          seam::alloc_raw(size as usize) as *mut u8
      }

      /// # Safety
      /// `ptr` is null or came from the library's `alloc`, freed once.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_dealloc(ptr: *mut u8, _size: u32) {
          seam::free_raw(ptr as *const c_void)
      }

      /// seam's additive leak probe: objects and buffers handed out and not yet
      /// released (records, interfaces, iterators, builders, strings, buffers,
      /// arrays, boxes, error messages).
      #[no_mangle]
      pub extern "C" fn $r$_seam_live_allocations() -> i64 {
          seam::LIVE.load(::std::sync::atomic::Ordering::Relaxed)
      }

      /// Frees a buffer this library returned, like its free_bytes but with the
      /// one argument a finalizer receives (Dart's asTypedList).
      ///
      /// # Safety
      /// `ptr` is null or a buffer of this library, freed once.
      #[no_mangle]
      pub unsafe extern "C" fn $r$_seam_release_bytes(ptr: *mut c_void) {
          seam::free_raw(ptr)
      }

      /// What this library was built from: one hash per declaration. seam's
      /// bindings compare it with their own when they load the library.
      #[no_mangle]
      pub extern "C" fn $sym$() -> *const c_char {
          $text$.as_ptr()
      }

    )rs", {{"r", r}, {"sym", abi::ContractSymbol(c_.model)}, {"text", "c" + Lit(text)}});
    RuntimeCompat();
  }

  // The WeaveFFI names of the runtime functions, which consumers written for
  // WeaveFFI call. Where build.rs sets seam_weak_names (x86-64 and AArch64,
  // ELF and Mach-O) they are weak trampolines to the library's own, so that
  // any number of libraries can define them (rustc has no weak definitions:
  // they are global_asm!, and build.rs exports them from the cdylib).
  // Elsewhere they are plain definitions, which a static link of two such
  // libraries would define twice (Windows DLLs do not interpose, so a
  // dynamic link is unaffected).
  void RuntimeCompat() {
    struct Forward {
      const char* name;
      const char* params;
      const char* ret;
      const char* args;
    };
    static constexpr Forward kForwards[] = {
        {"error_clear", "err: *mut seam::RawError", "", "err"},
        {"free_string", "ptr: *const c_char", "", "ptr"},
        {"free_bytes", "ptr: *mut u8, len: usize", "", "ptr, len"},
        {"cancel_token_create", "", " -> *mut seam::CancelFlag", ""},
        {"cancel_token_cancel", "token: *mut seam::CancelFlag", "", "token"},
        {"cancel_token_is_cancelled", "token: *const seam::CancelFlag", " -> bool", "token"},
        {"cancel_token_destroy", "token: *mut seam::CancelFlag", "", "token"},
        {"alloc", "size: u32", " -> *mut u8", "size"},
        {"dealloc", "ptr: *mut u8, size: u32", "", "ptr, size"},
    };
    const std::string& r = c_.model.runtime_prefix;
    auto compat = abi::CompatRuntimeNames(c_.model.prefix);
    w_.Line("// The runtime functions by their WeaveFFI names (weaveffi_*), for consumers");
    w_.Line("// written for WeaveFFI: weak where the target allows (see build.rs), so that");
    w_.Line("// any number of libraries can define them.");
    struct Asm {
      const char* cfg;
      const char* jump;
      bool macho;
    };
    static constexpr Asm kAsm[] = {
        {"all(seam_weak_names, target_arch = \"x86_64\", not(target_vendor = \"apple\"))", "jmp {}@PLT", false},
        {"all(seam_weak_names, target_arch = \"aarch64\", not(target_vendor = \"apple\"))", "b {}", false},
        {"all(seam_weak_names, target_arch = \"x86_64\", target_vendor = \"apple\")", "jmp _{}", true},
        {"all(seam_weak_names, target_arch = \"aarch64\", target_vendor = \"apple\")", "b _{}", true},
    };
    for (const Asm& a : kAsm) {
      w_.LineF("#[cfg({})]", a.cfg);
      w_.Line("::std::arch::global_asm!(");
      {
        auto in = w_.Indent();
        w_.Line(a.macho ? "\".text\"," : "\".pushsection .text.weaveffi_names,\\\"ax\\\",%progbits\",");
        for (const auto& [name, fn] : compat) {
          std::string target = r + "_" + fn;
          if (a.macho) {
            w_.LineF("\".globl _{0}\", \".weak_definition _{0}\", \"_{0}:\",", name);
          } else {
            w_.LineF("\".weak {0}\", \".type {0}, %function\", \"{0}:\",", name);
          }
          w_.LineF("\"{}\",", fmt::format(fmt::runtime(a.jump), target));
          if (!a.macho) w_.LineF("\".size {0}, . - {0}\",", name);
        }
        if (!a.macho) w_.Line("\".popsection\",");
      }
      w_.Line(");");
    }
    w_.Blank();
    w_.Line("#[cfg(not(seam_weak_names))]");
    w_.Line("mod weaveffi_names {");
    {
      auto in = w_.Indent();
      w_.Line("use super::*;");
      for (const auto& [name, fn] : compat) {
        for (const Forward& f : kForwards) {
          if (fn != f.name) continue;
          w_.Blank();
          w_.Line("/// # Safety");
          w_.LineF("/// As `{}_{}`.", r, fn);
          w_.Line("#[no_mangle]");
          w_.LineF("pub unsafe extern \"C\" fn {}({}){} {{", name, f.params, f.ret);
          w_.LineF("    {}_{}({})", r, fn, f.args);
          w_.Line("}");
        }
      }
    }
    w_.Line("}");
    w_.Blank();
  }

  // ---- conversions of values ----

  // C slots named from `n` ("p_x", "p_x_len", ...) -> a Rust expression that
  // may use `?`. `owned`: the value must not borrow the C arguments (fields,
  // async parameters).
  std::string In(const ir::TypeRef& t, const std::string& n, const std::string& what, bool owned, bool is_mutable) {
    if (is_mutable && !owned) {
      switch (cpp::MutableViewOf(t)) {
        case cpp::MutableView::kChars: return fmt::format("seam::mut_str_in({}, {})?", n, what);
        case cpp::MutableView::kBytes: return fmt::format("seam::mut_slice_in({}_ptr, {}_len, {})?", n, n, what);
        case cpp::MutableView::kArray: return fmt::format("seam::mut_slice_in({}, {}_len, {})?", n, n, what);
        case cpp::MutableView::kObject: return fmt::format("seam::obj_in_mut::<{}>({}, {})?", Q(t), n, what);
        default: break;
      }
    }
    switch (t.kind) {
      case TypeKind::kOptional: {
        const ir::TypeRef& inner = abi::StripOptional(t);
        if (IsInterface(inner)) {
          if (owned) {
            return fmt::format("<Option<::std::sync::Arc<dyn {}>> as seam::Ffi>::lift({} as *mut c_void, {})?",
                               Q(inner), n, what);
          }
          return fmt::format("seam::obj_in_opt::<::std::sync::Arc<dyn {}>>({}).map(|o| &**o)", Q(inner), n);
        }
        if (!abi::IsPointerKind(inner)) return fmt::format("seam::opt_in::<{}>({}, {})?", Elem(inner), n, what);
        Carrier k = abi::CarrierOf(inner);
        std::string test = k == Carrier::kBytes ? n + "_ptr" : k == Carrier::kMap ? n + "_keys" : n;
        return fmt::format("if {}.is_null() {{ None }} else {{ Some({}) }}", test, In(inner, n, what, owned, false));
      }
      case TypeKind::kList:
        return fmt::format("seam::list_in::<{}>({} as *const _, {}_len, {})?", Elem(t.args[0]), n, n, what);
      case TypeKind::kMap:
        return fmt::format("seam::{}::<{}, {}>({}_keys as *const _, {}_values as *const _, {}_len, {})?",
                           Names::IsPairMap(t) ? "pairs_in" : "map_in", Elem(t.args[0]), Elem(t.args[1]), n, n, n,
                           what);
      case TypeKind::kTypedHandle:
        return fmt::format("<{} as seam::Ffi>::lift({}{}, {})?", Elem(t), n, IsEnumHandle(t) ? " as *mut c_void" : "",
                           what);
      case TypeKind::kIterator:
        throw InternalError("iterator parameter in the Rust producer");
      default:
        break;
    }
    switch (abi::CarrierOf(t)) {
      case Carrier::kScalar:
      case Carrier::kHandle:
        return n;
      case Carrier::kString:
        return fmt::format("seam::str_in({}, {})?{}", n, what,
                           !owned && t.primitive == ir::Primitive::kBorrowedStr ? "" : ".to_owned()");
      case Carrier::kBytes:
        return fmt::format("seam::bytes_in({}_ptr, {}_len, {})?{}", n, n, what,
                           !owned && t.primitive == ir::Primitive::kBorrowedBytes ? "" : ".to_vec()");
      case Carrier::kObject:
        return fmt::format("seam::obj_in::<{}>({}, {})?{}", Q(t), n, what, owned ? ".clone()" : "");
      case Carrier::kInterface:
        if (owned) return fmt::format("seam::obj_in::<::std::sync::Arc<dyn {}>>({}, {})?.clone()", Q(t), n, what);
        return fmt::format("&**seam::obj_in::<::std::sync::Arc<dyn {}>>({}, {})?", Q(t), n, what);
      default:  // enum
        return fmt::format("<{} as seam::Ffi>::lift({}, {})?", Q(t), n, what);
    }
  }

  // A conversion from In() as a seam::Result expression.
  static std::string AsResult(const std::string& in) {
    size_t q = in.find('?');
    if (q == std::string::npos) return "Ok(" + in + ")";
    if (q == in.size() - 1) return in.substr(0, q);
    return "seam::attempt(|| Ok(" + in + "))";
  }

  // Bindings::Bind: `expr`, or when it can fail (it holds a `?`) the local
  // `local`, bound to it by a statement added to `lets`. Calls and record literals take their
  // fallible conversions from locals: rustc's MIR building is quadratic in
  // the `?`s of one call or literal (each early return drops every operand
  // before it), and a record of a few hundred fields took minutes and
  // gigabytes to compile.
  // Two parameters may share a C name, their slots apart (a string `x_` and
  // bytes `x` both spell x_); a repeated local takes '_' until it is new.
  struct Bindings {
    std::vector<std::string> lets;
    std::set<std::string, std::less<>> locals;

    std::string Bind(std::string local, const std::string& expr) {
      if (expr.find('?') == std::string::npos) return expr;
      while (!locals.insert(local).second) local += '_';
      lets.push_back("let " + local + " = " + expr + ";");
      return local;
    }
  };

  // A Rust value -> an owned C value, for types without out-parameters.
  std::string ValueOut(const ir::TypeRef& t, const std::string& e) {
    if (t.kind == TypeKind::kOptional && !abi::IsPointerKind(abi::StripOptional(t))) {
      return fmt::format("seam::box_out({})", e);
    }
    return fmt::format("seam::Ffi::lower({}){}", e, Cast(t));
  }

  static bool HasOuts(const ir::TypeRef& t) {
    Carrier k = abi::CarrierOf(abi::StripOptional(t));
    return k == Carrier::kBytes || k == Carrier::kList || k == Carrier::kMap;
  }

  // An expression for the C result of the Rust value `e` (sync returns and
  // getters; out-parameters already zeroed).
  std::string ReturnOut(const ir::TypeRef& t, const std::string& e) {
    if (!HasOuts(t)) return ValueOut(t, e);
    bool optional = t.kind == TypeKind::kOptional;
    const ir::TypeRef& inner = abi::StripOptional(t);
    std::string v = optional ? "v" : e;
    std::string present = optional ? "true" : "false";
    std::string out, none;
    switch (abi::CarrierOf(inner)) {
      case Carrier::kBytes:
        out = fmt::format("seam::bytes_out(&{}, p_out_len, {})", v, present);
        none = "::std::ptr::null()";
        break;
      case Carrier::kList:
        out = fmt::format("seam::list_out({}, p_out_len, {}){}", v, present, Cast(inner.args[0]));
        none = "::std::ptr::null_mut()";
        break;
      default:
        out = fmt::format("seam::map_out({}, p_out_keys, p_out_values, p_out_len, {})", v, present);
        none = "()";
        break;
    }
    if (!optional) return out;
    if (none == "()") return fmt::format("if let Some(v) = {} {{ {} }}", e, out);
    return fmt::format("match {} {{ Some(v) => {}, None => {} }}", e, out, none);
  }

  // The C arguments of an async result `e` (an owned Rust value). Buffers are
  // released after the callback unless `owned` (the callee keeps them);
  // objects are always adopted by the callee.
  Temps AsyncTemps(const ir::TypeRef& t, const std::string& e, bool owned) {
    Temps out;
    auto release = [&](std::string s) {
      if (!owned) out.releases.push_back(std::move(s));
    };
    switch (t.kind) {
      case TypeKind::kList:
        out.lets.push_back("let mut c_len = 0usize;");
        out.lets.push_back(fmt::format("let c_result = seam::list_out({}, &mut c_len, false);", e));
        out.args = {"c_result" + Cast(t.args[0]), "c_len"};
        release(fmt::format("seam::free_array::<{}>(c_result, c_len, true);", Elem(t.args[0])));
        return out;
      case TypeKind::kMap:
        out.lets.push_back("let (mut c_keys, mut c_values, mut c_len) = (::std::ptr::null_mut(), ::std::ptr::null_mut(), 0usize);");
        out.lets.push_back(fmt::format("seam::map_out({}, &mut c_keys, &mut c_values, &mut c_len, false);", e));
        out.args = {"c_keys", "c_values", "c_len"};
        release(fmt::format("seam::free_array::<{}>(c_keys, c_len, false);", Elem(t.args[0])));
        release(fmt::format("seam::free_array::<{}>(c_values, c_len, false);", Elem(t.args[1])));
        return out;
      default:
        break;
    }
    if (t.kind == TypeKind::kPrimitive && abi::CarrierOf(t) == Carrier::kBytes) {
      out.lets.push_back("let mut c_len = 0usize;");
      out.lets.push_back(fmt::format("let c_result = seam::bytes_out(&{}, &mut c_len, false);", e));
      out.args = {"c_result", "c_len"};
      release("seam::free_raw(c_result as *const c_void);");
      return out;
    }
    if (t.kind == TypeKind::kOptional && !abi::IsPointerKind(abi::StripOptional(t))) {
      out.lets.push_back(fmt::format("let c_result = seam::box_out({});", e));
      out.args = {"c_result"};
      release("seam::free_raw(c_result as *const c_void);");
      return out;
    }
    out.lets.push_back(fmt::format("let c_result = seam::Ffi::lower({});", e));
    out.args = {"c_result" + Cast(t)};
    Carrier k = abi::CarrierOf(t);
    if (k != Carrier::kScalar && k != Carrier::kEnum && k != Carrier::kHandle && t.kind != TypeKind::kTypedHandle) {
      release(fmt::format("seam::release_borrowed::<{}>(c_result);", Elem(t)));
    }
    return out;
  }

  // The C arguments of a listener event parameter `e` (spelled as Pos::kEmit).
  // Borrowed: built once for every plain subscriber and released after the
  // event; owned: built per owned subscriber, who frees them.
  Temps EmitTemps(const ir::TypeRef& t, const std::string& e, const std::string& base, bool owned) {
    Temps out;
    auto release = [&](std::string s) {
      if (!owned) out.releases.push_back(std::move(s));
    };
    std::string c = "c_" + base;
    switch (t.kind) {
      case TypeKind::kOptional: {
        const ir::TypeRef& inner = abi::StripOptional(t);
        if (!abi::IsPointerKind(inner)) {
          if (owned) {
            out.lets.push_back(fmt::format("let {} = seam::box_out({});", c, e));
          } else {
            out.lets.push_back(fmt::format("let {}_value = {}.map(seam::Ffi::lower);", c, e));
            out.lets.push_back(fmt::format("let {} = {}_value.as_ref().map_or(::std::ptr::null(), |v| v as *const _);", c, c));
          }
          out.args = {c};
          return out;
        }
        switch (abi::CarrierOf(inner)) {
          case Carrier::kString:
            out.lets.push_back(fmt::format("let {} = {}.map_or(::std::ptr::null(), seam::str_out);", c, e));
            out.args = {c};
            release(fmt::format("seam::free_raw({} as *const c_void);", c));
            return out;
          case Carrier::kBytes:
            if (owned) {
              out.lets.push_back(fmt::format("let mut {}_len = 0usize;", c));
              out.lets.push_back(fmt::format(
                  "let {} = {}.map_or(::std::ptr::null(), |b| seam::bytes_out(b, &mut {}_len, true));", c, e, c));
            } else {
              out.lets.push_back(fmt::format("let {} = {}.map_or(::std::ptr::null(), |b| b.as_ptr());", c, e));
              out.lets.push_back(fmt::format("let {}_len = {}.map_or(0, |b| b.len());", c, e));
            }
            out.args = {c, c + "_len"};
            return out;
          case Carrier::kObject:
            out.lets.push_back(fmt::format("let {} = {}.map_or(::std::ptr::null_mut(), |v| seam::obj_out(v.clone()));", c, e));
            out.args = {c};
            release(fmt::format("seam::obj_free::<{}>({});", Q(inner), c));
            return out;
          default:  // typed handle
            out.lets.push_back(fmt::format("let {} = seam::Ffi::lower({});", c, e));
            out.args = {c + Cast(t)};
            return out;
        }
      }
      case TypeKind::kList:
        out.lets.push_back(fmt::format("let mut {}_len = 0usize;", c));
        out.lets.push_back(fmt::format("let {} = seam::list_out({}.to_vec(), &mut {}_len, false);", c, e, c));
        out.args = {c, c + "_len"};
        release(fmt::format("seam::free_array::<{}>({}, {}_len, false);", Elem(t.args[0]), c, c));
        return out;
      case TypeKind::kMap:
        out.lets.push_back(fmt::format(
            "let (mut {0}_keys, mut {0}_values, mut {0}_len) = (::std::ptr::null_mut(), ::std::ptr::null_mut(), 0usize);", c));
        out.lets.push_back(fmt::format(
            "seam::map_out({}.iter().map(|(k, v)| (k.clone(), v.clone())), &mut {}_keys, &mut {}_values, &mut {}_len, false);",
            e, c, c, c));
        out.args = {c + "_keys", c + "_values", c + "_len"};
        release(fmt::format("seam::free_array::<{}>({}_keys, {}_len, false);", Elem(t.args[0]), c, c));
        release(fmt::format("seam::free_array::<{}>({}_values, {}_len, false);", Elem(t.args[1]), c, c));
        return out;
      default:
        break;
    }
    switch (abi::CarrierOf(t)) {
      case Carrier::kString:
        out.lets.push_back(fmt::format("let {} = seam::str_out({});", c, e));
        out.args = {c};
        release(fmt::format("seam::free_raw({} as *const c_void);", c));
        return out;
      case Carrier::kBytes:
        if (owned) {
          out.lets.push_back(fmt::format("let mut {}_len = 0usize;", c));
          out.lets.push_back(fmt::format("let {} = seam::bytes_out({}, &mut {}_len, false);", c, e, c));
        } else {
          out.lets.push_back(fmt::format("let {} = {}.as_ptr();", c, e));
          out.lets.push_back(fmt::format("let {}_len = {}.len();", c, e));
        }
        out.args = {c, c + "_len"};
        return out;
      case Carrier::kObject:
        out.lets.push_back(fmt::format("let {} = seam::obj_out({}.clone());", c, e));
        out.args = {c};
        release(fmt::format("seam::obj_free::<{}>({});", Q(t), c));
        return out;
      default:  // scalars, enums, handles, typed handles
        out.args = {fmt::format("seam::Ffi::lower({}){}", e, Cast(t))};
        return out;
    }
  }

  // ---- symbols ----

  // The arguments of the call to the implementation, and the statements
  // that bind their fallible conversions (see Bind), to run before it.
  struct CallArgs {
    std::vector<std::string> lets;
    std::string list;
  };
  CallArgs Args(const ir::Function& f, bool owned) {
    Bindings b;
    std::vector<std::string> args, names = abi::CParamNames(f.params);
    for (size_t i = 0; i < f.params.size(); ++i) {
      const ir::Param& p = f.params[i];
      args.push_back(b.Bind("a_" + names[i], In(p.type, P(names[i]), Lit(p.name), owned, p.is_mutable)));
    }
    return {std::move(b.lets), Join(args)};
  }

  std::string Callee(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    const std::string& name = c_.names.Of(c.fn);
    std::string impl = "crate::implementation::" + c_.names.ModPath(ModuleIndex(m));
    switch (c.role) {
      case abi::CallableRole::kFunction: return impl + "::" + name;
      case abi::CallableRole::kMethod: return "obj." + name;
      default: return impl + "::" + c_.names.ImplModule(*iface) + "::" + name;
    }
  }

  uint32_t ModuleIndex(const ir::Module& m) const { return static_cast<uint32_t>(&m - c_.api.modules.data()); }

  std::string SelfLine(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    if (c.role != abi::CallableRole::kMethod) return "";
    return fmt::format("let obj = seam::obj_in::<::std::sync::Arc<dyn {}>>(p_self, \"self\")?;",
                       c_.names.Decl({ir::DeclKind::kInterface, ModuleIndex(m),
                                      static_cast<uint32_t>(iface - m.interfaces.data())},
                                     ir::kNoModule));
  }

  std::string Display(const ir::Module& m, const ir::Interface* iface, const ir::Function& f) {
    return m.DottedPath() + "." + (iface ? iface->name + "." : "") + f.name;
  }

  void Callable(const ir::Module& m, const ir::Interface* iface, const abi::CallableModel& c) {
    const ir::Function& f = *c.fn;
    CallArgs args = Args(f, c.shape == abi::CallableShape::kAsync);
    std::string call = Callee(m, iface, c) + "(" + args.list;
    // The statements before the call: the receiver, then the arguments.
    std::vector<std::string> prelude;
    if (std::string self = SelfLine(m, iface, c); !self.empty()) prelude.push_back(self);
    prelude.insert(prelude.end(), args.lets.begin(), args.lets.end());
    auto prepare = [&] {
      for (const std::string& l : prelude) w_.Line(l);
    };
    switch (c.shape) {
      case abi::CallableShape::kSync: {
        Open(c.entry);
        {
          auto in = w_.Indent();
          ZeroOuts(c.entry.params);
          w_.Line("seam::guard(p_out_err, || {");
          {
            auto in2 = w_.Indent();
            prepare();
            if (c.role == abi::CallableRole::kConstructor) {
              w_.Line("let value = " + call + ")?;");
              w_.Line("Ok(seam::Ffi::lower(value))");
            } else if (!f.ret) {
              w_.Line(call + ")");
            } else if (cpp::ReturnsBytes(f)) {
              w_.Line("let value = " + call + ")?;");
              w_.Line("Ok(seam::bytes_result(value, p_out_len))");
            } else {
              w_.Line("let value = " + call + ")?;");
              w_.Line("Ok(" + ReturnOut(*f.ret, "value") + ")");
            }
          }
          w_.Line("})");
        }
        w_.Line("}");
        if (!c.packed.symbol.empty()) {
          // seam's packed twin: the same call, the result as one buffer.
          w_.Blank();
          w_.Line("/// Like " + c.entry.symbol + ", but the result comes back packed (see seam.rs).");
          Open(c.packed);
          w_.Line("    seam::zero_out(p_out_len);");
          w_.Line("    seam::guard(p_out_err, || {");
          {
            auto in2 = w_.Indent(2);
            prepare();
            w_.Line("let value = " + call + ")?;");
            w_.Line("Ok(seam::pack_out(&value, p_out_len))");
          }
          w_.Line("    })");
          w_.Line("}");
        }
        break;
      }
      case abi::CallableShape::kIterator: {
        Open(c.entry);
        {
          auto in = w_.Indent();
          w_.Line("seam::guard(p_out_err, || {");
          {
            auto in2 = w_.Indent();
            prepare();
            w_.LineF("let it: {} = {})?;", c.iter_type, call);
            w_.Line("Ok(seam::obj_out(it))");
          }
          w_.Line("})");
        }
        w_.Line("}");
        w_.Blank();
        Open(c.iter_next);
        {
          auto in = w_.Indent();
          ZeroOuts(c.iter_next.params);
          w_.Emit(R"rs(
            seam::guard(p_out_err, || {
                let it = seam::obj_in_mut::<$it$>(p_iter, "iter")?;
                if p_out_item.is_null() {
                    return Err(seam::Error::new(1, "out_item is null"));
                }
                match it.next() {
                    None => Ok(0),
                    Some(item) => {
                        *p_out_item = $out$;
                        Ok(1)
                    }
                }
            })
          )rs", {{"it", c.iter_type}, {"out", ValueOut(f.ret->args[0], "item")}});
        }
        w_.Line("}");
        w_.Blank();
        Open(c.iter_destroy);
        w_.LineF("    seam::obj_free::<{}>(p_iter)", c.iter_type);
        w_.Line("}");
        break;
      }
      case abi::CallableShape::kAsync:
        AsyncLauncher(c, call, prelude, false, c.entry);
        w_.Line("}");
        w_.Blank();
        {
          abi::CFunction owned = c.entry;
          owned.symbol += "_owned";
          w_.Line("/// Like " + c.entry.symbol + ", but the callback owns its results and error.");
          AsyncLauncher(c, call, prelude, true, owned);
          w_.Line("}");
        }
        break;
    }
    w_.Blank();
  }

  // `entry` is the launcher (or its `_owned` twin, when `owned`: the callee
  // then owns the results and the error struct).
  // `prelude`: the statements before the call (the receiver, the arguments).
  void AsyncLauncher(const abi::CallableModel& c, const std::string& call, const std::vector<std::string>& prelude,
                     bool owned, const abi::CFunction& entry) {
    const ir::Function& f = *c.fn;
    std::string r = f.ret ? Elem(*f.ret) : "()";
    Open(entry);
    auto in = w_.Indent();
    std::vector<std::string> zeros = {"context", "err"};
    for (size_t i = 2; i < c.callback_params.size(); ++i) zeros.push_back("seam::Zero::zero()");
    w_.Line("let context = seam::SendPtr::new(p_context);");
    w_.LineF("let deliver = move |result: seam::Result<{}>| {{", r);
    {
      auto in2 = w_.Indent();
      w_.Line("let Some(callback) = p_callback else { return };");
      w_.Line("let context = context.get();");
      w_.Line("match result {");
      {
        auto in3 = w_.Indent();
        if (!f.ret) {
          w_.Line("Ok(()) => callback(context, ::std::ptr::null_mut()),");
        } else {
          Temps t = AsyncTemps(*f.ret, "value", owned);
          w_.Line("Ok(value) => {");
          {
            auto in4 = w_.Indent();
            for (const std::string& l : t.lets) w_.Line(l);
            w_.LineF("callback(context, ::std::ptr::null_mut(), {});", Join(t.args));
            for (const std::string& rl : t.releases) w_.Line(rl);
          }
          w_.Line("}");
        }
        w_.LineF("Err(error) => seam::fail_with(&error, {}, |err| callback({})),", owned ? "true" : "false",
                            Join(zeros));
      }
      w_.Line("}");
    }
    w_.Line("};");
    std::string done = "done";
    w_.LineF("seam::run_async({}, deliver, |{}| {{", f.cancellable ? "p_cancel_token" : "::std::ptr::null()",
                        done);
    {
      auto in2 = w_.Indent();
      for (const std::string& l : prelude) w_.Line(l);
      w_.Line(call + (f.params.empty() ? "" : ", ") + done + ")");
    }
    w_.Line("});");
  }

  void Struct(const ir::Module& m, const abi::StructModel& s) {
    const ir::Struct& d = *s.decl;
    uint32_t mi = ModuleIndex(m);
    std::string q = c_.names.Decl({ir::DeclKind::kStruct, mi, static_cast<uint32_t>(&d - m.structs.data())}, ir::kNoModule);
    std::vector<std::string> fields, names = abi::CParamNames(d.fields);
    Bindings b;
    for (size_t i = 0; i < d.fields.size(); ++i) {
      const ir::Field& f = d.fields[i];
      fields.push_back(c_.names.Of(&f) + ": " + b.Bind("f_" + names[i], In(f.type, P(names[i]), Lit(f.name), true, false)));
    }
    Open(s.create);
    {
      auto in = w_.Indent();
      w_.Line("seam::guard(p_out_err, || {");
      {
        auto in2 = w_.Indent();
        for (const std::string& l : b.lets) w_.Line(l);
        Literal("let value = ", q, fields, ";");
        w_.Line("Ok(seam::obj_out(value))");
      }
      w_.Line("})");
    }
    w_.Line("}");
    w_.Blank();
    Open(s.destroy);
    w_.LineF("    seam::obj_free::<{}>(p_ptr)", q);
    w_.Line("}");
    w_.Blank();
    for (size_t i = 0; i < d.fields.size(); ++i) {
      const ir::Field& f = d.fields[i];
      Open(s.getters[i]);
      {
        auto in = w_.Indent();
        ZeroOuts(s.getters[i].params);
        w_.Line("seam::quiet(|| {");
        w_.LineF("    let v = seam::obj_in::<{}>(p_ptr, \"ptr\")?;", q);
        w_.LineF("    Ok({})", ReturnOut(f.type, "v." + c_.names.Of(&f) + ".clone()"));
        w_.Line("})");
      }
      w_.Line("}");
      w_.Blank();
    }
    if (!s.builder_type.empty()) Builder(s, q);
  }

  void Builder(const abi::StructModel& s, const std::string& q) {
    const ir::Struct& d = *s.decl;
    const std::string& b = s.builder_type;
    Open(s.builder_new);
    w_.LineF("    seam::obj_out({}::default())", b);
    w_.Line("}");
    w_.Blank();
    for (size_t i = 0; i < d.fields.size(); ++i) {
      const ir::Field& f = d.fields[i];
      Open(s.builder_setters[i]);
      w_.Emit(R"rs(
            seam::ignore_panics(|| {
                let Ok(b) = seam::obj_in_mut::<$b$>(p_builder, "builder") else { return };
                let value: seam::Result<$t$> = $in$;
                match value {
                    Ok(v) => b.f$i$ = Some(v),
                    Err(e) => {
                        if b.error.is_empty() {
                            b.error = format!("{}: {}", $what$, e.message());
                        }
                    }
                }
            })
        }

      )rs", {{"b", b}, {"t", Elem(f.type)}, {"in", AsResult(In(f.type, P(abi::BuilderSetterParamName(f)), Lit(f.name), true, false))},
             {"i", std::to_string(i)}, {"what", Lit(d.name + "." + f.name)}});
    }
    Open(s.builder_build);
    {
      auto in = w_.Indent();
      w_.Line("seam::guard(p_out_err, || {");
      {
        auto in2 = w_.Indent();
        w_.LineF("let b = seam::obj_in::<{}>(p_builder, \"builder\")?;", b);
        w_.Line("if !b.error.is_empty() {");
        w_.Line("    return Err(seam::Error::new(1, b.error.clone()));");
        w_.Line("}");
        bool has_defaults = false;
        for (const ir::Field& f : d.fields) has_defaults = has_defaults || f.default_value.has_value();
        // Unset fields with an IDL default take the record's default value.
        if (has_defaults) w_.LineF("let defaults = {}::default();", q);
        std::vector<std::string> values;
        Bindings required_fields;
        for (size_t i = 0; i < d.fields.size(); ++i) {
          const ir::Field& f = d.fields[i];
          std::string name = c_.names.Of(&f);
          if (f.type.kind == TypeKind::kOptional) {
            values.push_back(fmt::format("{}: b.f{}.clone().flatten()", name, i));
          } else if (f.default_value) {
            values.push_back(fmt::format("{}: b.f{}.clone().unwrap_or(defaults.{})", name, i, name));
          } else {
            std::string required = fmt::format("b.f{}.clone().ok_or_else(|| seam::Error::other({}))?", i,
                                               Lit(d.name + "." + f.name + " is required"));
            values.push_back(name + ": " + required_fields.Bind(fmt::format("f{}", i), required));
          }
        }
        for (const std::string& l : required_fields.lets) w_.Line(l);
        Literal("let value = ", q, values, ";");
        w_.Line("Ok(seam::obj_out(value))");
      }
      w_.Line("})");
    }
    w_.Line("}");
    w_.Blank();
    Open(s.builder_destroy);
    w_.LineF("    seam::obj_free::<{}>(p_builder)", b);
    w_.Line("}");
    w_.Blank();
  }

  // `return_prefix value { field, ... }suffix` with one field per line.
  // A unit variant (`unit`) has no braces; a struct without fields has `{}`.
  void Literal(const std::string& prefix, const std::string& type, const std::vector<std::string>& fields,
               const std::string& suffix, bool unit = false) {
    if (fields.empty()) {
      w_.Line(prefix + type + (unit ? "" : " {}") + suffix);
      return;
    }
    w_.Line(prefix + type + " {");
    for (const std::string& f : fields) w_.Line("    " + f + ",");
    w_.Line("}" + suffix);
  }

  // `Q::V { .. }` or `Q::V` for a pattern over a rich enum's variant.
  std::string Pattern(const std::string& q, const ir::EnumVariant& v, const std::string& fields) {
    std::string p = q + "::" + c_.names.Of(&v);
    if (v.fields.empty()) return p;
    return p + " { " + fields + " }";
  }

  void RichEnum(const ir::Module& m, const abi::RichEnumModel& r) {
    const ir::Enum& e = *r.decl;
    std::string q = c_.names.Decl({ir::DeclKind::kRichEnum, ModuleIndex(m), static_cast<uint32_t>(&e - m.enums.data())},
                                  ir::kNoModule);
    Open(r.tag);
    {
      auto in = w_.Indent();
      w_.Line("seam::quiet(|| {");
      w_.LineF("    Ok(match seam::obj_in::<{}>(p_self, \"self\")? {{", q);
      for (const ir::EnumVariant& v : e.variants) {
        w_.LineF("        {} => {},", Pattern(q, v, ".."), v.value);
      }
      w_.Line("    })");
      w_.Line("})");
    }
    w_.Line("}");
    w_.Blank();
    for (size_t vi = 0; vi < e.variants.size(); ++vi) {
      const ir::EnumVariant& v = e.variants[vi];
      const abi::VariantModel& vm = r.variants[vi];
      std::vector<std::string> fields, names = abi::CParamNames(v.fields);
      Bindings b;
      for (size_t i = 0; i < v.fields.size(); ++i) {
        const ir::Field& f = v.fields[i];
        fields.push_back(c_.names.Of(&f) + ": " + b.Bind("f_" + names[i], In(f.type, P(names[i]), Lit(f.name), true, false)));
      }
      Open(vm.ctor);
      {
        auto in = w_.Indent();
        w_.Line("seam::guard(p_out_err, || {");
        {
          auto in2 = w_.Indent();
          for (const std::string& l : b.lets) w_.Line(l);
          Literal("let value = ", q + "::" + c_.names.Of(&v), fields, ";", /*unit=*/true);
          w_.Line("Ok(seam::obj_out(value))");
        }
        w_.Line("})");
      }
      w_.Line("}");
      w_.Blank();
      for (size_t fi = 0; fi < v.fields.size(); ++fi) {
        const ir::Field& f = v.fields[fi];
        Open(vm.getters[fi]);
        {
          auto in = w_.Indent();
          ZeroOuts(vm.getters[fi].params);
          w_.Line("seam::quiet(|| {");
          w_.LineF("    match seam::obj_in::<{}>(p_self, \"self\")? {{", q);
          w_.LineF("        {} => Ok({}),", Pattern(q, v, c_.names.Of(&f) + ": field, .."),
                              ReturnOut(f.type, "field.clone()"));
          if (e.variants.size() > 1) w_.Line("        _ => Ok(seam::Zero::zero()),");
          w_.Line("    }");
          w_.Line("})");
        }
        w_.Line("}");
        w_.Blank();
      }
    }
    Open(r.destroy);
    w_.LineF("    seam::obj_free::<{}>(p_self)", q);
    w_.Line("}");
    w_.Blank();
  }

  void Interface(const ir::Module& m, const abi::InterfaceModel& i) {
    for (const abi::CallableModel& c : i.constructors) Callable(m, i.decl, c);
    for (const abi::CallableModel& c : i.statics) Callable(m, i.decl, c);
    for (const abi::CallableModel& c : i.methods) Callable(m, i.decl, c);
    Open(i.destroy);
    w_.LineF("    seam::obj_free::<::std::sync::Arc<dyn {}>>(p_self)",
                        c_.names.Decl({ir::DeclKind::kInterface, ModuleIndex(m),
                                       static_cast<uint32_t>(i.decl - m.interfaces.data())},
                                      ir::kNoModule));
    w_.Line("}");
    w_.Blank();
  }

  void Listener(const abi::ModuleModel& mm, const abi::ListenerModel& l) {
    const abi::CallbackModel& cb = mm.callbacks[l.callback];
    std::string reg = "LISTENERS_" + l.reg.symbol;
    w_.LineF("static {}: seam::Listeners<{}> = seam::Listeners::new();", reg, cb.c_type);
    w_.Blank();
    // The emitter the api's emit_ function forwards to.
    std::vector<std::string> params;
    Temps borrowed, owned;
    for (const ir::Param& p : cb.decl->params) {
      std::string n = c_.names.Of(&p);
      params.push_back(n + ": " + c_.names.Type(p.type, Pos::kEmit, ir::kNoModule));
      Temps one = EmitTemps(p.type, n, n, false), mine = EmitTemps(p.type, n, "o_" + n, true);
      // Mutable callback parameters drop const in C; events stay read-only.
      auto arg = [&](const std::string& a) {
        return p.is_mutable && !a.ends_with("_len") ? a + " as _" : a;
      };
      for (auto& s : one.lets) borrowed.lets.push_back(s);
      for (auto& s : one.args) borrowed.args.push_back(arg(s));
      for (auto& s : one.releases) borrowed.releases.push_back(s);
      for (auto& s : mine.lets) owned.lets.push_back(s);
      for (auto& s : mine.args) owned.args.push_back(arg(s));
    }
    borrowed.args.push_back("ctx__");
    owned.args.push_back("ctx__");
    w_.LineF("pub(crate) fn emit_{}({}) {{", l.reg.symbol, Join(params));
    {
      auto in = w_.Indent();
      w_.Line("unsafe {");
      {
        auto in2 = w_.Indent();
        for (const std::string& s : borrowed.lets) w_.Line(s);
        w_.LineF("{}.emit(|cb__, ctx__, owned__| {{", reg);
        {
          auto in3 = w_.Indent();
          w_.Line("let Some(cb__) = cb__ else { return };");
          w_.Line("if !owned__ {");
          w_.LineF("    cb__({});", Join(borrowed.args));
          w_.Line("    return;");
          w_.Line("}");
          w_.Line("// An owned subscriber gets its own copies and frees them.");
          for (const std::string& s : owned.lets) w_.Line(s);
          w_.LineF("cb__({});", Join(owned.args));
        }
        w_.Line("});");
        for (const std::string& s : borrowed.releases) w_.Line(s);
      }
      w_.Line("}");
    }
    w_.Line("}");
    w_.Blank();
    w_.LineF("pub(crate) fn count_{}() -> usize {{", l.reg.symbol);
    w_.LineF("    {}.len()", reg);
    w_.Line("}");
    w_.Blank();
    Open(l.reg);
    w_.LineF("    if p_callback.is_none() {{ return 0; }}");
    w_.LineF("    seam::quiet(|| Ok({}.register(p_callback, p_context, false)))", reg);
    w_.Line("}");
    w_.Blank();
    Open(l.unreg);
    w_.LineF("    seam::quiet(|| Ok({}.unregister(p_id)));", reg);
    w_.Line("}");
    w_.Blank();
    w_.Line("/// seam's additive registration: the subscriber owns every argument it");
    w_.Line("/// receives (strings, buffers, arrays and objects) and frees it. The");
    w_.Line("/// matching unregister returns how many events the subscriber was sent.");
    w_.Line("#[no_mangle]");
    w_.LineF("pub unsafe extern \"C\" fn {}_owned(p_callback: {}, p_context: *mut c_void) -> u64 {{",
                        l.reg.symbol, cb.c_type);
    w_.LineF("    if p_callback.is_none() {{ return 0; }}");
    w_.LineF("    seam::quiet(|| Ok({}.register(p_callback, p_context, true)))", reg);
    w_.Line("}");
    w_.Blank();
    w_.Line("#[no_mangle]");
    w_.LineF("pub unsafe extern \"C\" fn {}_owned(p_id: u64) -> u64 {{", l.unreg.symbol);
    w_.LineF("    seam::quiet(|| Ok({}.unregister(p_id)))", reg);
    w_.Line("}");
    w_.Blank();
  }

  void Module(const abi::ModuleModel& mm) {
    const ir::Module& m = Mod(mm);
    w_.Line("// ---- Module: " + m.DottedPath() + " ----");
    w_.Blank();
    for (const abi::RichEnumModel& r : mm.rich_enums) RichEnum(m, r);
    for (const abi::StructModel& s : mm.structs) Struct(m, s);
    for (const abi::InterfaceModel& i : mm.interfaces) Interface(m, i);
    for (const abi::ListenerModel& l : mm.listeners) Listener(mm, l);
    for (const abi::CallableModel& c : mm.functions) Callable(m, nullptr, c);
  }

  const Context& c_;
  CodeWriter w_;
  std::set<std::string, std::less<>> enum_types_, callback_types_;
};

}  // namespace

std::string RenderGlue(const Context& ctx) { return GlueWriter(ctx).Render(); }

}  // namespace seam::gen::rust
