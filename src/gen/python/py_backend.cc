// The Python backend: one module over ctypes rendering the ABI model.
//
// Records and rich enums are dataclasses converted at the boundary: read
// through their getters (and destroyed when owned), created for one call
// and destroyed afterwards (an _Arena). Interfaces own a native pointer,
// released by close() or a finalizer. Every conversion of a type is one
// generated helper per ownership mode, made on first use:
//   _r_<key>  reads owned slots and frees them (sync returns, getters);
//   _a_<key>  reads an async result: buffers are borrowed, objects adopted;
//   _b_<key>  reads borrowed slots (listener arguments);
//   _w_<key>  writes a value into slots for one call.
// Async completions and listener events are converted inside the native
// callback, while their data is valid, so only WeaveFFI's plain symbols are
// needed: the package works with libraries built by WeaveFFI too.
#include "gen/python/py_backend.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "abi/contract.h"
#include "abi/model.h"
#include "abi/symbols.h"
#include "base/code_writer.h"
#include "base/diagnostics.h"
#include "gen/c_family.h"
#include "gen/flat_names.h"
#include "gen/line_wrap.h"
#include "gen/python/py_runtime.h"

namespace seam::gen {
namespace {

using abi::Carrier;
using ir::DeclKind;
using ir::Primitive;
using ir::TypeKind;
using ir::TypeRef;

// Keywords and builtins: a generated identifier never shadows them.
const std::set<std::string, std::less<>>& PyReserved() {
  static const std::set<std::string, std::less<>> kWords = {
      // keywords
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
      // builtins and modules the generated code uses
      "abs", "all", "any", "bool", "bytearray", "bytes", "callable", "dict", "enumerate", "float", "getattr",
      "hasattr", "hash", "hex", "id", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max",
      "memoryview", "min", "next", "object", "print", "property", "range", "repr", "reversed", "set",
      "setattr", "slice", "sorted", "staticmethod", "classmethod", "str", "sum", "super", "tuple", "type",
      "vars", "zip", "self", "cls", "Exception", "BaseException", "ValueError", "TypeError", "RuntimeError",
      "StopIteration", "NotImplemented", "Ellipsis", "ctypes", "os", "sys", "threading", "weakref", "asyncio",
      "enum", "itertools", "struct", "warnings", "dataclass", "field", "annotations", "cast"};
  return kWords;
}

// Standard-library modules (Python 3.11's sys.stdlib_module_names): a
// package must not shadow one.
const std::set<std::string, std::less<>>& StdlibModules() {
  static const std::set<std::string, std::less<>> kNames = {
      "abc", "aifc", "antigravity", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore", "atexit",
      "audioop", "base64", "bdb", "binascii", "bisect", "builtins", "bz2", "cProfile", "calendar", "cgi",
      "cgitb", "chunk", "cmath", "cmd", "code", "codecs", "codeop", "collections", "colorsys", "compileall",
      "concurrent", "configparser", "contextlib", "contextvars", "copy", "copyreg", "crypt", "csv", "ctypes",
      "curses", "dataclasses", "datetime", "dbm", "decimal", "difflib", "dis", "distutils", "doctest", "email",
      "encodings", "ensurepip", "enum", "errno", "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch",
      "fractions", "ftplib", "functools", "gc", "genericpath", "getopt", "getpass", "gettext", "glob",
      "graphlib", "grp", "gzip", "hashlib", "heapq", "hmac", "html", "http", "idlelib", "imaplib", "imghdr",
      "imp", "importlib", "inspect", "io", "ipaddress", "itertools", "json", "keyword", "lib2to3", "linecache",
      "locale", "logging", "lzma", "mailbox", "mailcap", "marshal", "math", "mimetypes", "mmap",
      "modulefinder", "msilib", "msvcrt", "multiprocessing", "netrc", "nis", "nntplib", "nt", "ntpath",
      "nturl2path", "numbers", "opcode", "operator", "optparse", "os", "ossaudiodev", "pathlib", "pdb",
      "pickle", "pickletools", "pipes", "pkgutil", "platform", "plistlib", "poplib", "posix", "posixpath",
      "pprint", "profile", "pstats", "pty", "pwd", "py_compile", "pyclbr", "pydoc", "pydoc_data", "pyexpat",
      "queue", "quopri", "random", "re", "readline", "reprlib", "resource", "rlcompleter", "runpy", "sched",
      "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal", "site", "smtpd", "smtplib",
      "sndhdr", "socket", "socketserver", "spwd", "sqlite3", "sre_compile", "sre_constants", "sre_parse",
      "ssl", "stat", "statistics", "string", "stringprep", "struct", "subprocess", "sunau", "symtable", "sys",
      "sysconfig", "syslog", "tabnanny", "tarfile", "telnetlib", "tempfile", "termios", "textwrap", "this",
      "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace", "traceback",
      "tracemalloc", "tty", "turtle", "turtledemo", "types", "typing", "unicodedata", "unittest", "urllib",
      "uu", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "winreg", "winsound", "wsgiref",
      "xdrlib", "xml", "xmlrpc", "zipapp", "zipfile", "zipimport", "zlib", "zoneinfo"};
  return kNames;
}

// Public names the package itself declares, and the builtins and typing names
// its code uses.
const std::set<std::string, std::less<>>& LibraryTypes() {
  static const std::set<std::string, std::less<>> kNames = {
      "NativeError", "Handle", "Box", "Subscription", "CancellationToken", "Buffer", "Any", "Callable",
      "ClassVar", "Dict", "List", "Final", "Generic", "Iterator", "Mapping", "NoReturn", "Sequence", "TypeAlias", "TypeVar",
      "Union", "T", "IntEnum", "Exception", "BaseException", "ValueError", "TypeError", "RuntimeError",
      "StopIteration", "MemoryError", "ImportError", "Ellipsis", "NotImplemented", "True", "False", "None",
      "AttributeError", "OSError", "RuntimeWarning", "DeprecationWarning"};
  return kNames;
}

std::string Upper(std::string_view s) {
  std::string u = abi::UpperCamel(s);
  return u.empty() ? "Unnamed" : u;
}

// A user identifier: kept as written, unless it starts with '_' (private in
// Python, and mangled in classes: prefixed with 'u') or is a keyword or
// builtin (suffixed with '_').
std::string Id(std::string_view name, const std::set<std::string, std::less<>>* taken = nullptr) {
  std::string s(name);
  if (!s.empty() && s[0] == '_') s = "u" + s;
  if (PyReserved().count(s) || (taken && taken->count(s))) s += "_";
  return s;
}

// Keywords, and the names generated annotations use: a class attribute
// (field or method) spelled like one would hide it from later annotations.
bool IsMemberReserved(std::string_view s) {
  static const std::set<std::string, std::less<>> kNames = {
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "int", "float",
      "bool", "str", "bytes", "bytearray", "memoryview", "tuple", "type", "object", "staticmethod",
      "classmethod", "property", "field", "dataclass", "cast", "self", "cls", "Any", "Callable", "ClassVar",
      "Dict", "Final", "Iterator", "List", "Mapping", "Sequence", "Union", "Handle", "Box"};
  return kNames.count(s) > 0;
}

// "DivByZero" -> "DIV_BY_ZERO", "http2_error" -> "HTTP2_ERROR".
std::string UpperSnake(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool up = std::isupper(static_cast<unsigned char>(c));
    if (up && i > 0 && !out.empty() && out.back() != '_') {
      char prev = s[i - 1];
      bool next_lower = i + 1 < s.size() && std::islower(static_cast<unsigned char>(s[i + 1]));
      if (std::islower(static_cast<unsigned char>(prev)) || std::isdigit(static_cast<unsigned char>(prev)) ||
          (std::isupper(static_cast<unsigned char>(prev)) && next_lower)) {
        out += '_';
      }
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "V" + out;
  return out;
}

std::string PyString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Writes a docstring at the current indent; returns whether it wrote one.
bool WriteDocstring(CodeWriter& w, const std::optional<std::string>& doc) {
  if (!doc) return false;
  std::string text = *doc;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  text = text.substr(start);
  if (text.empty()) return false;
  std::string esc;
  for (char c : text) {
    if (c == '\\') {
      esc += "\\\\";
    } else if (c == '"' && !esc.empty() && esc.back() == '"') {
      esc += "\\\"";  // never three quotes in a row
    } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) {
      esc += ' ';
    } else {
      esc += c;
    }
  }
  std::vector<std::string> lines;
  size_t pos = 0;
  while (true) {
    size_t nl = esc.find('\n', pos);
    std::string line = esc.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    lines.push_back(line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  // A quote right before the closing ones would end the string early.
  if (!lines.back().empty() && lines.back().back() == '"') lines.back().back() = '\\', lines.back() += '"';
  if (lines.size() == 1) {
    w.Line("\"\"\"" + lines[0] + "\"\"\"");
    return true;
  }
  w.Line("\"\"\"" + lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) w.Line(lines[i]);
  w.Line("\"\"\"");
  return true;
}

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const std::string& x : v) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

std::string Sanitize(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  }
  return s;
}

// How owned a value read from native slots is.
enum class Mode { kOwned, kAsync, kBorrowed };
const char* ModePrefix(Mode m) { return m == Mode::kOwned ? "_r_" : m == Mode::kAsync ? "_a_" : "_b_"; }

class PyRenderer {
 public:
  PyRenderer(const Input& in, Diagnostics& diags)
      : in_(in), api_(in.api()), diags_(diags), model_(in.model()), low_(api_) {}

  std::string Package() const { return PythonPackageName(api_); }

  std::vector<OutputFile> Render() {
    if (!Check()) return {};
    AssignNames();
    Prepare();
    std::string pkg = Package();
    std::string lib = LibraryName(api_, "python");
    for (const abi::ModuleModel& mm : model_.modules) EnumsOf(mm);
    for (const abi::ModuleModel& mm : model_.modules) Module(mm);

    CodeWriter out('$', 4);
    std::string title = "Python bindings for the `" + lib + "` native library";
    if (api_.package && api_.package->description) title += ".\n\n" + *api_.package->description;
    title += fmt::format("\n\nGenerated by seam {} from {}. DO NOT EDIT: changes will be overwritten.", SEAM_VERSION,
                         IdlBasename(api_));
    WriteDocstring(out, title);
    out.Line("# mypy: disable-error-code=\"unused-ignore\"");
    out.Line("from __future__ import annotations");
    out.Blank();
    for (const char* m :
         {"asyncio", "ctypes", "enum", "itertools", "os", "struct", "sys", "threading", "warnings", "weakref"}) {
      out.Line(std::string("import ") + m);
    }
    out.Line("from dataclasses import dataclass, field");
    out.Line("from typing import (");
    for (const char* name : {"Any", "Callable", "ClassVar", "Dict", "Final", "Generic", "Iterator", "List",
                             "Mapping", "NoReturn", "Sequence", "TypeAlias", "TypeVar", "Union", "cast"}) {
      out.LineF("    {},", name);
    }
    out.Line(")");
    out.Blank();
    std::vector<std::string> all = {"NativeError", "Handle", "Box", "Buffer", "Subscription", "CancellationToken"};
    for (const std::string& n : public_) all.push_back(n);
    out.Line("__all__ = [");
    for (const std::string& n : all) out.Line("    " + PyString(n) + ",");
    out.Line("]");
    out.Emit(python::kRuntime, {{"pkg", pkg},
                                {"lib", lib},
                                {"env", MacroPrefix(lib) + "_LIBRARY"},
                                {"idl", IdlBasename(api_)},
                                {"contract", abi::ContractSymbol(model_)},
                                {"rt", model_.runtime_prefix}});
    std::string text = out.Take() + "\n\n# ---- The contract ----\n\n" + Contract() +
                       "\n\n# ---- Native functions ----\n\n" + bindings_.Take() +
                       "\n\n# ---- The API ----\n\n" + enums_.Take() + "\n\n" + api_out_.Take() +
                       "\n\n# ---- Conversions ----\n\n" + helpers_.Take();
    // Exactly two blank lines between top-level blocks, one newline at the end.
    std::vector<OutputFile> files;
    files.push_back({pkg + "/__init__.py", WrapLines(Tidy(text), WrapLanguage::kPython, kPythonWidth)});
    files.push_back({pkg + "/py.typed", ""});
    files.push_back({"pyproject.toml", Pyproject(pkg)});
    files.push_back({"setup.py", SetupPy(pkg)});
    files.push_back({"README.md", Readme(pkg, lib)});
    return files;
  }

 private:
  // ---- what the C ABI cannot carry ----
  bool Check() {
    bool ok = true;
    auto element = [&](const TypeRef& e) {
      if (e.kind == TypeKind::kOptional && abi::CarrierOf(abi::StripOptional(e)) == Carrier::kEnum) {
        diags_.Error(e.loc, "PythonUnsupported",
                     "the python target cannot express a list of optional enums: the C ABI passes enum "
                     "elements by value, so an absent element has no representation; use a list of a record "
                     "with an optional field");
        ok = false;
      }
    };
    std::function<void(const TypeRef&)> type = [&](const TypeRef& t) {
      if (t.kind == TypeKind::kList || t.kind == TypeKind::kIterator) element(t.args[0]);
      for (const TypeRef& a : t.args) type(a);
    };
    auto fn = [&](const ir::Function& f) {
      for (const ir::Param& p : f.params) type(p.type);
      if (f.ret) type(*f.ret);
    };
    for (const ir::Module& m : api_.modules) {
      for (const ir::Function& f : m.functions) fn(f);
      for (const ir::Interface& i : m.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const ir::Function& f : *list) fn(f);
        }
      }
      for (const ir::Struct& s : m.structs) {
        for (const ir::Field& f : s.fields) type(f.type);
      }
      for (const ir::Enum& e : m.enums) {
        for (const ir::EnumVariant& v : e.variants) {
          for (const ir::Field& f : v.fields) type(f.type);
        }
      }
      for (const ir::Callback& c : m.callbacks) {
        for (const ir::Param& p : c.params) type(p.type);
      }
    }
    return ok;
  }

  static std::string Tidy(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    const std::string_view all = text;
    int blanks = 0;
    size_t pos = 0;
    while (pos < all.size()) {
      size_t nl = all.find('\n', pos);
      std::string_view line = all.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
      pos = nl == std::string_view::npos ? all.size() : nl + 1;
      if (line.empty()) {
        ++blanks;
        continue;
      }
      if (!out.empty()) {
        bool top = line[0] != ' ' && line[0] != ')' && line[0] != ']';
        int want = blanks == 0 ? 0 : (top && !line.starts_with("#") ? 2 : std::min(blanks, 2));
        if (top && blanks > 0 && line.starts_with("# ----")) want = 2;
        out.append(static_cast<size_t>(want), '\n');
      }
      blanks = 0;
      out += line;
      out += '\n';
    }
    return out;
  }

  // ---- names ----
  void AssignNames() {
    names_ = AssignFlatNames(
        api_, [](std::string_view n) { return Upper(n); }, [](std::string_view n) { return Id(n); },
        LibraryTypes(), StripModulePrefix(api_, "python"));
    // Every public module-level name, in declaration order; later duplicates
    // (e.g. a function named like a class) take a '_' suffix.
    for (const std::string& n : LibraryTypes()) taken_.insert(n);
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      const ir::Module& m = api_.modules[mi];
      if (m.errors) {
        std::string d = DomainName(mi);
        Public(d);
        for (const ir::ErrorCode& c : m.errors->codes) Public(d + names_.Member(mi, m.errors->name, c.name));
      }
      for (const ir::Enum& e : m.enums) {
        std::string n = TypeName(mi, e.name);
        Public(n);
        if (e.rich()) {
          Public(n + "Tag");
          for (const ir::EnumVariant& v : e.variants) Public(n + names_.Member(mi, e.name, v.name));
        }
      }
      for (const ir::Struct& s : m.structs) Public(TypeName(mi, s.name));
      for (const ir::Interface& i : m.interfaces) Public(TypeName(mi, i.name));
    }
    // Free functions keep the names they were given; a listener's register
    // and unregister functions come after them (as in Dart), and take the '_'
    // while a function or an earlier listener has the name.
    size_t callables = public_.size();
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      for (const ir::Function& f : api_.modules[mi].functions) {
        fn_names_[{mi, f.name}] = Public(names_.functions.at({mi, f.name}));
      }
    }
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      for (const ir::Listener& l : api_.modules[mi].listeners) {
        const std::string& scope = names_.listener_scope.at({mi, l.name});
        listener_names_[{mi, l.name}] = {Public(Id(scope + "register_" + l.name)),
                                         Public(Id(scope + "unregister_" + l.name))};
      }
    }
    // __all__ lists them module by module, each module's listeners first.
    public_.resize(callables);
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      for (const ir::Listener& l : api_.modules[mi].listeners) {
        const auto& [reg, unreg] = listener_names_.at({mi, l.name});
        public_.push_back(reg);
        public_.push_back(unreg);
      }
      for (const ir::Function& f : api_.modules[mi].functions) public_.push_back(fn_names_.at({mi, f.name}));
    }
  }
  std::string Public(std::string name) {
    if (taken_.count(name) && std::find(public_.begin(), public_.end(), name) == public_.end() &&
        !LibraryTypes().count(name)) {
      return name;  // a type family name registered twice (rich enum tag)
    }
    while (taken_.count(name)) name += "_";
    taken_.insert(name);
    public_.push_back(name);
    return name;
  }

  std::string TypeName(uint32_t module, std::string_view name) const {
    return names_.Type(module, name, Upper(name));
  }
  // A field or method name: as written, escaped like Id() but only for
  // keywords, annotation names, public classes and `taken`.
  std::string Member(std::string_view name, const std::set<std::string, std::less<>>* taken = nullptr) const {
    std::string s(name);
    if (!s.empty() && s[0] == '_') s = "u" + s;
    if (IsMemberReserved(s) || taken_.count(s) || (taken && taken->count(s))) s += "_";
    return s;
  }
  // A parameter name: escaped like Id(), and never a public class name.
  std::string ParamName(std::string_view name) const {
    static const std::set<std::string, std::less<>> kTaken = {"self", "cls", "cancel", "on_event"};
    std::string s = Id(name, &kTaken);
    while (taken_.count(s)) s += "_";
    return s;
  }
  std::string TypeName(const ir::DeclRef& d) const { return TypeName(d.module, low_.DeclName(d)); }
  std::string DomainName(uint32_t module) const {
    const ir::ErrorDomain& e = *api_.modules[module].errors;
    return names_.Domain(module, e.name, Upper(e.name));
  }

  // ---- ctypes types ----
  // The ctypes type of a C slot type. Data pointers are c_void_p (Python
  // ints, bytes and ctypes buffers pass as they are); the error struct and
  // the shared out-slots are typed pointers, so their objects pass directly.
  std::string Ct(const std::string& c, std::string_view slot_name = "") const {
    auto [base, stars] = ShapeOfCType(c);
    if (stars == 0) {
      static const std::map<std::string, std::string, std::less<>> kScalars = {
          {"int8_t", "ctypes.c_int8"},     {"int16_t", "ctypes.c_int16"},   {"int32_t", "ctypes.c_int32"},
          {"int64_t", "ctypes.c_int64"},   {"uint8_t", "ctypes.c_uint8"},   {"uint16_t", "ctypes.c_uint16"},
          {"uint32_t", "ctypes.c_uint32"}, {"uint64_t", "ctypes.c_uint64"}, {"float", "ctypes.c_float"},
          {"double", "ctypes.c_double"},   {"bool", "ctypes.c_bool"},       {"size_t", "ctypes.c_size_t"},
          {"void", "None"}};
      if (auto it = kScalars.find(base); it != kScalars.end()) return it->second;
      if (base == low_.HandleType()) return "ctypes.c_uint64";
      if (enum_types_.count(base)) return "ctypes.c_int32";
      if (callback_types_.count(base)) return fmt::format("_cbt_{}", base);
      throw InternalError("python: unknown C type " + c);
    }
    if (stars == 1 && base == low_.ErrorType()) return "_PErr";
    if (slot_name == "out_len") return "_PSize";
    if (slot_name == "out_keys" || slot_name == "out_values") return "_PPtr";
    return "ctypes.c_void_p";
  }
  // The ctypes type of one array element (reading; strings as pointers).
  std::string ElemCt(const TypeRef& e) const { return Ct(low_.ElementCType(e)); }
  // The ctypes type of a by-value slot of `t` (scalars, enums, handles).
  std::string ValueCt(const TypeRef& t) const { return Ct(low_.ElementCType(t)); }

  // Declares the binding of one C function; returns its Python name.
  // `optional`: one of seam's additive symbols the bindings can do without,
  // None when the library lacks it (one not built by seam).
  std::string Bind(const abi::CFunction& f, bool optional = false) {
    std::string var = "_f_" + f.symbol;
    if (bound_.insert(f.symbol).second) {
      std::vector<std::string> args;
      for (const abi::CParam& p : f.params) args.push_back(Ct(p.type, p.name));
      std::string ret = Ct(f.ret);
      std::string py = ret == "None" ? "None" : PyOfCt(ret);
      // Laid out as the wrapper would (so that it has less to read): it
      // splits the pair with more content, `Callable[...]` or (usually) the
      // binding's arguments.
      std::vector<std::string> items = {PyString(f.symbol), ret, "[" + Join(args) + "]"};
      std::string head = fmt::format("{}: Final[Callable[..., {}]{}] = {}(", var, py, optional ? " | None" : "",
                                     optional ? "_bind_optional" : "_bind");
      if (py.size() + 5 < Join(items).size()) {
        bindings_.Line(ListLines(head, items, ")", kPythonWidth, 4, true));
      } else {
        bindings_.Line(head + Join(items) + ")");
      }
    }
    return var;
  }
  static std::string PyOfCt(const std::string& ct) {
    if (ct == "ctypes.c_void_p") return "int | None";
    if (ct == "ctypes.c_float" || ct == "ctypes.c_double") return "float";
    if (ct == "ctypes.c_bool") return "bool";
    return "int";
  }

  // ---- Python types ----
  std::string PyType(const TypeRef& t) const {
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kF32:
          case Primitive::kF64: return "float";
          case Primitive::kBool: return "bool";
          case Primitive::kString:
          case Primitive::kBorrowedStr: return "str";
          case Primitive::kBytes:
          case Primitive::kBorrowedBytes: return "bytes";
          default: return "int";
        }
      case TypeKind::kNamed: return TypeName(t.decl);
      case TypeKind::kTypedHandle: return "Handle[" + TypeName(t.decl) + "]";
      case TypeKind::kOptional: return PyType(abi::StripOptional(t)) + " | None";
      case TypeKind::kList: return "List[" + PyType(t.args[0]) + "]";
      case TypeKind::kMap: return "Dict[" + PyType(t.args[0]) + ", " + PyType(t.args[1]) + "]";
      case TypeKind::kIterator: return "Iterator[" + PyType(t.args[0]) + "]";
    }
    throw InternalError("unknown type in the python target");
  }
  // Parameter types: any buffer for bytes, sequences and mappings for
  // containers.
  std::string ParamType(const TypeRef& t) const {
    const TypeRef& s = abi::StripOptional(t);
    std::string base;
    if (s.kind == TypeKind::kPrimitive &&
        (s.primitive == Primitive::kBytes || s.primitive == Primitive::kBorrowedBytes)) {
      base = "Buffer";
    } else if (s.kind == TypeKind::kList) {
      base = "Sequence[" + ParamType(s.args[0]) + "]";
    } else if (s.kind == TypeKind::kMap) {
      base = "Mapping[" + ParamType(s.args[0]) + ", " + ParamType(s.args[1]) + "]";
    } else {
      return PyType(t);
    }
    return t.kind == TypeKind::kOptional ? base + " | None" : base;
  }

  static bool MultiSlot(const TypeRef& t) {
    Carrier k = abi::CarrierOf(abi::StripOptional(t));
    return k == Carrier::kBytes || k == Carrier::kList || k == Carrier::kMap;
  }
  static size_t SlotCount(const TypeRef& t) {
    if (!MultiSlot(t)) return 1;
    return abi::CarrierOf(abi::StripOptional(t)) == Carrier::kMap ? 3 : 2;
  }
  static bool IsBoxed(const TypeRef& inner) { return !abi::IsPointerKind(inner); }

  std::string Key(const TypeRef& t) const {
    switch (t.kind) {
      case TypeKind::kPrimitive: return ir::PrimitiveName(t.primitive);
      case TypeKind::kNamed: return low_.DeclTag(t.decl);
      case TypeKind::kTypedHandle: return "h_" + low_.DeclTag(t.decl);
      case TypeKind::kOptional: return "opt_" + Key(abi::StripOptional(t));
      case TypeKind::kList: return "list_" + Key(t.args[0]);
      case TypeKind::kMap: return "map_" + Key(t.args[0]) + "_" + Key(t.args[1]);
      case TypeKind::kIterator: return "iter_" + Key(t.args[0]);
    }
    return "x";
  }

  void Flush(const CodeWriter& w) {
    std::string text = w.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    helpers_.Line(text);
    helpers_.Blank();
  }

  const abi::StructModel& StructOf(const ir::DeclRef& d) const {
    for (const abi::StructModel& s : model_.modules[d.module].structs) {
      if (s.decl == &api_.modules[d.module].structs[d.index]) return s;
    }
    throw InternalError("python: no struct model");
  }
  const abi::RichEnumModel& RichOf(const ir::DeclRef& d) const {
    for (const abi::RichEnumModel& r : model_.modules[d.module].rich_enums) {
      if (r.decl == &api_.modules[d.module].enums[d.index]) return r;
    }
    throw InternalError("python: no rich enum model");
  }
  std::string DestroyOf(const ir::DeclRef& d) {
    return Bind(d.kind == DeclKind::kStruct ? StructOf(d).destroy : RichOf(d).destroy);
  }

  // ---- packed results (abi/packed.h): one buffer, read with struct ----
  const abi::Packing& packing() const { return *model_.packing; }

  // Appends to `fmt` the struct codes of a slot of `t` at `offset` (padding
  // from `cur`, which it advances) and returns the Python expression of the
  // value over the unpacked tuple `v` (from index `idx`, which it advances)
  // and the buffer `b`.
  std::string Flat(const TypeRef& t0, uint32_t offset, std::string& fmt, uint32_t& cur, int& idx) {
    const TypeRef& t = t0.kind == TypeKind::kOptional ? abi::CollapseOptional(t0) : t0;
    if (offset > cur) fmt += std::to_string(offset - cur) + "x";
    cur = offset;
    auto take = [&](const char* code, uint32_t width) {
      fmt += code;
      cur += width;
      return "v[" + std::to_string(idx++) + "]";
    };
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kI8: return take("b", 1);
          case Primitive::kU8: return take("B", 1);
          case Primitive::kBool: return take("?", 1);
          case Primitive::kI16: return take("h", 2);
          case Primitive::kU16: return take("H", 2);
          case Primitive::kI32: return take("i", 4);
          case Primitive::kU32: return take("I", 4);
          case Primitive::kI64: return take("q", 8);
          case Primitive::kU64:
          case Primitive::kHandle: return take("Q", 8);
          case Primitive::kF32: return take("f", 4);
          case Primitive::kF64: return take("d", 8);
          case Primitive::kString:
          case Primitive::kBorrowedStr: {
            std::string at = take("I", 4), n = take("I", 4);
            return "b[" + at + " : " + at + " + " + n + "].decode(\"utf-8\", \"replace\")";
          }
          default: {
            std::string at = take("I", 4), n = take("I", 4);
            return "b[" + at + " : " + at + " + " + n + "]";
          }
        }
      case TypeKind::kNamed: {
        if (t.decl.kind == DeclKind::kEnum) return TypeName(t.decl) + "(" + take("i", 4) + ")";
        const ir::Struct& s = api_.modules[t.decl.module].structs[t.decl.index];
        const abi::PackedRecord* r = packing().Record(t.decl);
        std::vector<std::string> fields;
        for (size_t i = 0; i < s.fields.size(); ++i) {
          fields.push_back(Flat(s.fields[i].type, offset + r->offsets[i], fmt, cur, idx));
        }
        if (offset + r->layout.size > cur) fmt += std::to_string(offset + r->layout.size - cur) + "x";
        cur = offset + r->layout.size;
        return TypeName(t.decl) + "(" + Join(fields) + ")";
      }
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        abi::PackedLayout l = packing().Layout(inner);
        std::string flag = take("B", 1);
        std::string value = Flat(inner, offset + l.align, fmt, cur, idx);
        uint32_t end = offset + packing().Layout(t).size;
        if (end > cur) fmt += std::to_string(end - cur) + "x";
        cur = end;
        return "(" + value + " if " + flag + " else None)";
      }
      case TypeKind::kList:
      case TypeKind::kMap: {
        std::string at = take("I", 4), n = take("I", 4);
        return PkArray(t) + "(b, " + at + ", " + n + ")";
      }
      default: break;
    }
    throw InternalError("a type that cannot be packed reached the Python packed reader");
  }

  // The struct of one slot of `t` (padded to its size) and the expression
  // of its value over `v`.
  std::pair<std::string, std::string> Slot(const TypeRef& t) {
    std::string fmt = "=";
    uint32_t cur = 0;
    int idx = 0;
    std::string expr = Flat(t, 0, fmt, cur, idx);
    uint32_t size = packing().Layout(t).size;
    if (size > cur) fmt += std::to_string(size - cur) + "x";
    return {fmt, expr};
  }
  std::string PkStruct(const std::string& fmt) {
    std::string name = "_S" + std::to_string(structs_.size());
    auto [it, fresh] = structs_.emplace(fmt, name);
    if (fresh) {
      helpers_.LineF("{} = struct.Struct({})", name, PyString(fmt));
      helpers_.Blank();
    }
    return it->second;
  }

  // `_pka_<key>(b, at, n)`: a list's or map's `n` elements at `at`.
  std::string PkArray(const TypeRef& t) {
    std::string name = "_pka_" + Key(t);
    if (!made_.insert(name).second) return name;
    bool map = t.kind == TypeKind::kMap;
    // A map's entries are the record {key, value}.
    std::string fmt = "=", expr, key;
    uint32_t size;
    if (map) {
      uint32_t cur = 0;
      int idx = 0;
      abi::PackedRecord entry = packing().Entry(t);
      key = Flat(t.args[0], 0, fmt, cur, idx);
      expr = Flat(t.args[1], entry.offsets[1], fmt, cur, idx);
      size = entry.layout.size;
      if (size > cur) fmt += std::to_string(size - cur) + "x";
    } else {
      std::tie(fmt, expr) = Slot(t.args[0]);
      size = packing().Layout(t.args[0]).size;
    }
    CodeWriter w('@', 4);
    w.LineF("def {}(b: bytes, at: int, n: int) -> {}:", name, PyType(t));
    const TypeRef& e = t.args[0];
    bool positional = false;  // a record built from its slot's tuple as it is
    if (!map && e.kind == TypeKind::kNamed && e.decl.kind == DeclKind::kStruct) {
      const ir::Struct& s = api_.modules[e.decl.module].structs[e.decl.index];
      positional = !s.fields.empty();
      for (const ir::Field& f : s.fields) {
        positional = positional && f.type.kind == TypeKind::kPrimitive && ir::IsScalar(f.type.primitive);
      }
    }
    if (size == 0) {
      w.LineF("    return [{} for _ in range(n)]", expr);
    } else if (positional) {
      w.LineF("    return list(itertools.starmap({}, {}.iter_unpack(memoryview(b)[at : at + n * {}])))",
              TypeName(e.decl), PkStruct(fmt), size);
    } else if (!map && e.kind == TypeKind::kPrimitive && ir::IsScalar(e.primitive)) {
      w.LineF("    return list(struct.unpack_from(f\"={{n}}{}\", b, at))", fmt.substr(1));
    } else if (map) {
      w.LineF("    return {{{}: {} for v in {}.iter_unpack(memoryview(b)[at : at + n * {}])}}", key, expr,
              PkStruct(fmt), size);
    } else {
      w.LineF("    return [{} for v in {}.iter_unpack(memoryview(b)[at : at + n * {}])]", expr, PkStruct(fmt), size);
    }
    Flush(w);
    return name;
  }

  // `_pk_<key>(b)`: a whole packed result of type `t`.
  std::string PkResult(const TypeRef& t) {
    std::string name = "_pk_" + Key(t);
    if (!made_.insert(name).second) return name;
    auto [fmt, expr] = Slot(t);
    std::string st = PkStruct(fmt);
    CodeWriter w('@', 4);
    w.LineF("def {}(b: bytes) -> {}:", name, PyType(t));
    w.LineF("    v = {}.unpack_from(b, 0)", st);
    w.LineF("    return {}", expr);
    Flush(w);
    return name;
  }

  // ---- readers: native slots -> Python value ----
  std::string Read(const TypeRef& t, const std::vector<std::string>& args, Mode m) {
    const TypeRef& s = t.kind == TypeKind::kOptional ? abi::CollapseOptional(t) : t;
    switch (s.kind) {
      case TypeKind::kPrimitive:
        if (ir::IsScalar(s.primitive) || s.primitive == Primitive::kHandle) return args[0];
        if (s.primitive == Primitive::kString || s.primitive == Primitive::kBorrowedStr) {
          return (m == Mode::kOwned ? "_take_str(" : "_copy_str(") + args[0] + ")";
        }
        return (m == Mode::kOwned ? "_take_bytes(" : "_copy_bytes(") + args[0] + ", " + args[1] + ")";
      case TypeKind::kNamed:
        if (s.decl.kind == DeclKind::kEnum) return TypeName(s.decl) + "(" + args[0] + ")";
        if (s.decl.kind == DeclKind::kInterface) return TypeName(s.decl) + "._own(" + args[0] + ")";
        return ReaderName(s, m) + "(" + args[0] + ")";
      case TypeKind::kTypedHandle:  // no Handle[T](...): that sets an attribute on a frozen instance
        return "cast(\"Handle[" + TypeName(s.decl) + "]\", Handle(" + args[0] + " or 0))";
      default: return ReaderName(s, m) + "(" + Join(args) + ")";
    }
  }

  std::string ReaderName(const TypeRef& t, Mode m) {
    // Records read the same way owned or adopted.
    Mode eff = (t.kind == TypeKind::kNamed && m == Mode::kAsync) ? Mode::kOwned : m;
    std::string name = ModePrefix(eff) + Sanitize(Key(t));
    if (!made_.insert(name).second) return name;
    CodeWriter w('@', 4);
    std::string ret = PyType(t);
    switch (t.kind) {
      case TypeKind::kNamed: {
        std::string read = t.decl.kind == DeclKind::kStruct ? TypeName(t.decl) + "._read(p)"
                                                             : "_read_" + low_.DeclTag(t.decl) + "(p)";
        EnsureRichReader(t);
        w.LineF("def {}(p: int | None) -> {}:", name, ret);
        if (eff == Mode::kBorrowed) {
          w.Line("    return " + read);
        } else if (t.decl.kind == DeclKind::kStruct) {
          // The getters inline: lists of records call this once per element.
          const abi::StructModel& sm = StructOf(t.decl);
          w.Line("    try:");
          {
            auto in = w.Indent(2);
            std::vector<std::string> args = ReadFields(w, sm.decl->fields, sm.getters, "p");
            w.LineF("return {}({})", ret, Join(args));
          }
        } else {
          w.Line("    try:");
          w.Line("        return " + read);
        }
        if (eff != Mode::kBorrowed) {
          w.Line("    finally:");
          w.LineF("        {}(p)", DestroyOf(t.decl));
        }
        break;
      }
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        if (IsBoxed(inner)) {
          std::string ct = ValueCt(inner);
          std::string v = fmt::format("{}(p, {})", m == Mode::kOwned ? "_take_box" : "_copy_box", ct);
          w.LineF("def {}(p: int | None) -> {}:", name, ret);
          if (inner.kind == TypeKind::kNamed) {  // an enum
            w.Line("    v = " + v);
            w.LineF("    return None if v is None else {}", Read(inner, {"v"}, m));
          } else {
            w.LineF("    return cast(\"{}\", {})", ret, v);
          }
        } else if (MultiSlot(inner)) {
          bool map = abi::CarrierOf(inner) == Carrier::kMap;
          if (map) {
            w.LineF("def {}(k: int | None, v: int | None, n: int) -> {}:", name, ret);
            w.LineF("    return None if not k else {}", Read(inner, {"k", "v", "n"}, m));
          } else {
            w.LineF("def {}(p: int | None, n: int) -> {}:", name, ret);
            w.LineF("    return None if not p else {}", Read(inner, {"p", "n"}, m));
          }
        } else {
          w.LineF("def {}(p: int | None) -> {}:", name, ret);
          w.LineF("    return None if not p else {}", Read(inner, {"p"}, m));
        }
        break;
      }
      case TypeKind::kList: {
        const TypeRef& e = t.args[0];
        std::string ct = ElemCt(e);
        w.LineF("def {}(p: int | None, n: int) -> {}:", name, ret);
        w.Line("    if not p:");
        w.Line("        return []");
        std::string items = fmt::format("({} * n).from_address(p)", ct);
        std::string body = Elementwise(e, items, m);
        if (m == Mode::kOwned) {
          w.Line("    try:");
          w.Line("        return " + body);
          w.Line("    finally:");
          w.LineF("        _free_bytes(p, n * ctypes.sizeof({}))", ct);
        } else {
          w.Line("    return " + body);
        }
        break;
      }
      case TypeKind::kMap: {
        std::string kc = ElemCt(t.args[0]), vc = ElemCt(t.args[1]);
        w.LineF("def {}(k: int | None, v: int | None, n: int) -> {}:", name, ret);
        w.Line("    if not k or not v:");
        w.Line("        return {}");
        std::string kx = Read(t.args[0], {"x"}, m), vx = Read(t.args[1], {"y"}, m);
        std::string body = fmt::format("{{{}: {} for x, y in zip(({} * n).from_address(k), ({} * n).from_address(v))}}",
                                       kx, vx, kc, vc);
        if (m == Mode::kOwned) {
          w.Line("    try:");
          w.Line("        return " + body);
          w.Line("    finally:");
          w.LineF("        _free_bytes(k, n * ctypes.sizeof({}))", kc);
          w.LineF("        _free_bytes(v, n * ctypes.sizeof({}))", vc);
        } else {
          w.Line("    return " + body);
        }
        break;
      }
      default:
        throw InternalError("python: reader of " + Key(t));
    }
    Flush(w);
    return name;
  }

  // A list expression converting every element of the ctypes array `items`.
  std::string Elementwise(const TypeRef& e, const std::string& items, Mode m) {
    std::string x = Read(e, {"x"}, m);
    if (x == "x") return items + "[:]";
    return fmt::format("[{} for x in {}]", x, items);
  }

  // The reader of a rich enum: `_read_<tag>(p)` builds the variant's class.
  void EnsureRichReader(const TypeRef& t) {
    if (t.decl.kind != DeclKind::kRichEnum) return;
    std::string name = "_read_" + low_.DeclTag(t.decl);
    if (!made_.insert(name).second) return;
    const abi::RichEnumModel& r = RichOf(t.decl);
    const ir::Enum& e = *r.decl;
    std::string cls = TypeName(t.decl);
    CodeWriter w('@', 4);
    w.LineF("def {}(p: int | None) -> {}:", name, cls);
    w.LineF("    tag = {}(p)", Bind(r.tag));
    for (size_t i = 0; i < e.variants.size(); ++i) {
      const ir::EnumVariant& v = e.variants[i];
      w.LineF("    {} tag == {}:", i == 0 ? "if" : "elif", v.value);
      auto in = w.Indent(2);
      std::vector<std::string> named = ReadFields(w, v.fields, r.variants[i].getters, "p", "v" + std::to_string(i) + "_");
      w.LineF("return {}{}({})", cls, names_.Member(t.decl.module, e.name, v.name), Join(named));
    }
    w.LineF("    raise NativeError(-1, f\"unknown {} variant {{tag}}\")", cls);
    Flush(w);
  }

  // Statements reading every field of `ptr` through its getters; returns the
  // (positional) arguments of the constructor.
  std::vector<std::string> ReadFields(CodeWriter& w, const std::vector<ir::Field>& fields,
                                      const std::vector<abi::CFunction>& getters, const std::string& ptr,
                                      const std::string& prefix = "f") {
    std::vector<std::string> named;
    bool slots = false;
    for (const ir::Field& f : fields) slots = slots || MultiSlot(f.type);
    if (slots) w.Line("_s = _slots");
    for (size_t i = 0; i < fields.size(); ++i) {
      const abi::CFunction& g = getters[i];
      std::string fn = Bind(g);
      const TypeRef& t = fields[i].type;
      std::string f = prefix + std::to_string(i);
      if (!MultiSlot(t)) {
        w.LineF("{} = {}", f, Read(t, {fn + "(" + ptr + ")"}, Mode::kOwned));
      } else if (abi::CarrierOf(abi::StripOptional(t)) == Carrier::kMap) {
        w.LineF("{}({}, _s.keys, _s.values, _s.n)", fn, ptr);
        w.LineF("{} = {}", f, Read(t, {"_s.keys.value", "_s.values.value", "_s.n.value"}, Mode::kOwned));
      } else {
        w.LineF("{}p = {}({}, _s.n)", f, fn, ptr);
        w.LineF("{} = {}", f, Read(t, {f + "p", "_s.n.value"}, Mode::kOwned));
      }
      named.push_back(f);
    }
    return named;
  }

  // ---- writers: Python value -> slots for one call ----
  // Statements go to `pre`; returns the slot expressions.
  std::vector<std::string> Write(const TypeRef& t, const std::string& v, std::vector<std::string>& pre) {
    const TypeRef& s = t.kind == TypeKind::kOptional ? abi::CollapseOptional(t) : t;
    if (MultiSlot(s)) {
      std::string tmp = "_t" + std::to_string(temp_++);
      size_t n = SlotCount(s);
      std::vector<std::string> names;
      for (size_t i = 0; i < n; ++i) names.push_back(tmp + "_" + std::to_string(i));
      pre.push_back(fmt::format("{} = {}", Join(names), WriteMulti(s, v)));
      return names;
    }
    if (s.kind == TypeKind::kPrimitive && (s.primitive == Primitive::kString || s.primitive == Primitive::kBorrowedStr)) {
      // Inline: the hottest argument kind.
      std::string tmp = "_t" + std::to_string(temp_++);
      pre.push_back(fmt::format("{} = {}.encode()", tmp, v));
      pre.push_back(fmt::format("if b\"\\0\" in {}:", tmp));
      pre.push_back("    _nul()");
      return {tmp};
    }
    return {WriteOne(s, v)};
  }
  // A single-slot value: an expression for the argument.
  std::string WriteOne(const TypeRef& s, const std::string& v) {
    switch (s.kind) {
      case TypeKind::kPrimitive:
        if (s.primitive == Primitive::kString || s.primitive == Primitive::kBorrowedStr) return "_enc(" + v + ")";
        return v;
      case TypeKind::kNamed:
        if (s.decl.kind == DeclKind::kEnum) return v;
        if (s.decl.kind == DeclKind::kInterface) return v + "._p()";
        return v + "._write(_a)";
      case TypeKind::kTypedHandle: return v + ".address";
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(s);
        if (IsBoxed(inner)) return fmt::format("None if {} is None else ctypes.byref({}({}))", v, ValueCt(inner), v);
        return fmt::format("None if {} is None else {}", v, WriteOne(inner, v));
      }
      default: throw InternalError("python: single-slot writer of " + Key(s));
    }
  }
  // A multi-slot value: an expression of a tuple of its slots.
  std::string WriteMulti(const TypeRef& s, const std::string& v) {
    if (s.kind == TypeKind::kOptional) {
      const TypeRef& inner = abi::StripOptional(s);
      std::string none = abi::CarrierOf(inner) == Carrier::kMap ? "(None, None, 0)" : "(None, 0)";
      return fmt::format("{} if {} is None else {}", none, v, WriteMulti(inner, v));
    }
    if (s.kind == TypeKind::kPrimitive) return "_buf(" + v + ")";
    return WriterName(s) + "(" + v + ", _a)";
  }
  // An element stored into a ctypes array.
  std::string WriteElem(const TypeRef& e, const std::string& x) {
    const TypeRef& s = abi::StripOptional(e);
    if (e.kind == TypeKind::kOptional) return fmt::format("None if {} is None else {}", x, WriteElem(s, x));
    return WriteOne(s, x);
  }

  std::string WriterName(const TypeRef& t) {
    std::string name = "_w_" + Sanitize(Key(t));
    if (!made_.insert(name).second) return name;
    CodeWriter w('@', 4);
    std::string in = ParamType(t);
    if (t.kind == TypeKind::kList) {
      const TypeRef& e = t.args[0];
      std::string ct = WriteCt(e);
      w.LineF("def {}(v: {}, _a: _Arena) -> tuple[Any, int]:", name, in);
      w.Line("    n = len(v)");
      std::string x = WriteElem(e, "x");
      if (x == "x") {
        w.LineF("    return ({} * n)(*v), n", ct);
      } else {
        w.LineF("    return ({} * n)(*[{} for x in v]), n", ct, x);
      }
    } else if (t.kind == TypeKind::kMap) {
      std::string kc = WriteCt(t.args[0]), vc = WriteCt(t.args[1]);
      w.LineF("def {}(v: {}, _a: _Arena) -> tuple[Any, Any, int]:", name, in);
      w.Line("    n = len(v)");
      w.LineF("    return ({} * n)(*[{} for x in v.keys()]), ({} * n)(*[{} for x in v.values()]), n", kc,
                         WriteElem(t.args[0], "x"), vc, WriteElem(t.args[1], "x"));
    } else {
      throw InternalError("python: writer of " + Key(t));
    }
    Flush(w);
    return name;
  }
  // The ctypes element type written into an array: strings as c_char_p, so
  // the array keeps the encoded bytes alive.
  std::string WriteCt(const TypeRef& e) const {
    const TypeRef& s = abi::StripOptional(e);
    if (s.kind == TypeKind::kPrimitive && (s.primitive == Primitive::kString || s.primitive == Primitive::kBorrowedStr)) {
      return "ctypes.c_char_p";
    }
    return ElemCt(e);
  }

  static bool NeedsArena(const TypeRef& t) {
    const TypeRef& s = abi::StripOptional(t);
    switch (abi::CarrierOf(s)) {
      case Carrier::kObject:
      case Carrier::kList:
      case Carrier::kMap: return true;
      default: return false;
    }
  }

  // A field's attribute name; variant fields also avoid `tag`.
  // Unique among the record's or variant's fields (`len` and `len_` both
  // escape to `len_`): see LocalNames().
  std::string FieldName(const ir::Field& f, bool /*variant*/) const { return local_names_.at(&f); }

  // ---- error domains ----
  std::string DomainVar(uint32_t module) const { return "_domain_" + DomainName(module); }
  // The domain mapping codes of a throwing function to exception classes.
  std::string DomainArg(uint32_t module, const ir::Function& f) const {
    uint32_t scope = api_.modules[module].error_scope;
    if (!f.throws || scope == ir::kNoModule) return "";
    return DomainVar(scope);
  }
  void WriteCheck(CodeWriter& w, const std::string& domain, const std::string& err = "_s.err") {
    w.LineF("if {}.code:", err);
    w.LineF("    _raise({}{})", err, domain.empty() ? "" : ", " + domain);
  }

  // ---- modules ----
  void EnumsOf(const abi::ModuleModel& mm) {
    module_ = mm.index;
    for (const ir::Enum& e : mm.decl->enums) {
      if (e.rich()) {
        WriteEnum(enums_, TypeName(module_, e.name) + "Tag", e,
                  std::optional<std::string>("The variants of `" + TypeName(module_, e.name) + "`."));
      } else {
        WriteEnum(enums_, TypeName(module_, e.name), e, e.doc);
      }
    }
  }

  // Member names of an enum: UPPER_SNAKE, or the IDL names if that collides.
  std::vector<std::string> EnumMembers(const ir::Enum& e) const {
    std::vector<std::string> upper, raw;
    std::set<std::string> seen, raw_seen;
    bool clash = false;
    for (const ir::EnumVariant& v : e.variants) {
      std::string u = UpperSnake(v.name);
      if (PyReserved().count(u)) u += "_";
      clash = clash || !seen.insert(u).second;
      upper.push_back(u);
      // Escaping can make two names one (`len` becomes `len_`, like `len_`).
      static const std::set<std::string, std::less<>> kEnumTaken = {"name", "value", "mro"};
      std::string r = Id(v.name, &kEnumTaken);
      while (!raw_seen.insert(r).second) r += "_";
      raw.push_back(r);
    }
    return clash ? raw : upper;
  }
  std::string EnumMember(const ir::DeclRef& d, std::string_view variant) const {
    const ir::Enum& e = api_.modules[d.module].enums[d.index];
    std::vector<std::string> members = EnumMembers(e);
    for (size_t i = 0; i < e.variants.size(); ++i) {
      if (e.variants[i].name == variant) return TypeName(d) + "." + members[i];
    }
    return "";
  }

  void WriteEnum(CodeWriter& w, const std::string& name, const ir::Enum& e, const std::optional<std::string>& doc) {
    w.LineF("class {}(enum.IntEnum):", name);
    auto in = w.Indent();
    if (!WriteDocstring(w, doc)) WriteDocstring(w, "The `" + e.name + "` enumeration.");
    w.Blank();
    std::vector<std::string> members = EnumMembers(e);
    for (size_t i = 0; i < e.variants.size(); ++i) {
      w.LineF("{} = {}", members[i], e.variants[i].value);
      WriteDocstring(w, e.variants[i].doc);
    }
    w.Blank();
  }

  void Module(const abi::ModuleModel& mm) {
    const ir::Module& m = *mm.decl;
    module_ = mm.index;
    CodeWriter& w = api_out_;
    w.Line("# ---- Module " + m.DottedPath() + " ----");
    w.Blank();
    if (m.errors) Domain(mm);
    size_t rich = 0;
    for (const ir::Enum& e : m.enums) {
      if (e.rich()) RichEnum(mm.rich_enums[rich++], e);
    }
    for (const abi::StructModel& s : mm.structs) Record(s);
    for (const abi::InterfaceModel& i : mm.interfaces) Interface(mm, i);
    for (const abi::ListenerModel& l : mm.listeners) Listener(mm, l);
    for (const abi::CallableModel& c : mm.functions) {
      Callable(mm, c, nullptr, fn_names_.at({mm.index, c.fn->name}));
      w.Blank();
    }
  }

  void Domain(const abi::ModuleModel& mm) {
    const ir::ErrorDomain& e = *mm.decl->errors;
    CodeWriter& w = api_out_;
    std::string base = DomainName(mm.index);
    w.LineF("class {}(NativeError):", base);
    {
      auto in = w.Indent();
      WriteDocstring(w, e.doc ? e.doc
                              : std::optional<std::string>("Errors of the `" + mm.decl->DottedPath() +
                                                           "` module tree, one subclass per code."));
    }
    w.Blank();
    for (const ir::ErrorCode& c : e.codes) {
      std::string cls = base + names_.Member(mm.index, e.name, c.name);
      w.LineF("class {}({}):", cls, base);
      auto in = w.Indent();
      WriteDocstring(w, c.doc ? c.doc : std::optional<std::string>(c.message));
      w.Blank();
      w.LineF("CODE: ClassVar[int] = {}", c.code);
      w.Blank();
      w.LineF("def __init__(self, message: str = {}) -> None:", PyString(c.message));
      w.LineF("    super().__init__({}, message)", c.code);
      w.Blank();
    }
    w.LineF("{}: Final[_Domain] = {{", DomainVar(mm.index));
    for (const ir::ErrorCode& c : e.codes) {
      w.LineF("    {}: {}{},", c.code, base, names_.Member(mm.index, e.name, c.name));
    }
    w.Line("}");
    w.Blank();
  }

  // A field's default as a Python expression ("" when none can be given).
  std::string Default(const ir::Field& f) const {
    if (!f.default_value) return f.type.kind == TypeKind::kOptional ? "None" : "";
    const ir::Value& v = *f.default_value;
    const TypeRef& t = f.type;
    if (t.kind == TypeKind::kOptional) return v.kind == ir::Value::Kind::kNull ? "None" : "";
    if (t.kind == TypeKind::kPrimitive) {
      bool floating = t.primitive == Primitive::kF32 || t.primitive == Primitive::kF64;
      switch (v.kind) {
        case ir::Value::Kind::kBool: return t.primitive == Primitive::kBool ? (v.bool_value ? "True" : "False") : "";
        case ir::Value::Kind::kInt:
          if (t.primitive == Primitive::kString || t.primitive == Primitive::kBool) return "";
          if (floating) return fmt::format("{}.0", v.int_value);
          return v.big_unsigned ? std::to_string(v.uint_value) : std::to_string(v.int_value);
        case ir::Value::Kind::kFloat: {
          if (!floating) return "";
          std::string s = fmt::format("{}", v.float_value);
          if (s == "inf") return "float(\"inf\")";
          if (s == "-inf") return "float(\"-inf\")";
          if (s == "nan") return "float(\"nan\")";
          if (s.find_first_of(".eE") == std::string::npos) s += ".0";
          return s;
        }
        case ir::Value::Kind::kString: return t.primitive == Primitive::kString ? PyString(v.text) : "";
        default: return "";
      }
    }
    if (t.kind == TypeKind::kNamed && t.decl.kind == DeclKind::kEnum && v.kind == ir::Value::Kind::kString) {
      return EnumMember(t.decl, v.text);
    }
    if (t.kind == TypeKind::kList && v.kind == ir::Value::Kind::kList && v.items.empty()) {
      return "field(default_factory=_new_list)";
    }
    if (t.kind == TypeKind::kMap && v.kind == ir::Value::Kind::kMap && v.entries.empty()) {
      return "field(default_factory=_new_dict)";
    }
    return "";
  }

  // The fields of a dataclass, in order (they are positional too). Defaults
  // (IDL defaults, None for optionals) apply to the trailing run of fields
  // that have one; a default before a required field cannot be expressed.
  void DataFields(CodeWriter& w, const std::vector<ir::Field>& fields, bool variant) {
    std::vector<std::string> defaults;
    for (const ir::Field& f : fields) defaults.push_back(Default(f));
    for (size_t i = fields.size(); i-- > 0;) {
      bool later_required = false;
      for (size_t j = i + 1; j < fields.size(); ++j) later_required = later_required || defaults[j].empty();
      if (later_required) defaults[i].clear();
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      const ir::Field& f = fields[i];
      w.LineF("{}: {}{}", FieldName(f, variant), PyType(f.type),
                         defaults[i].empty() ? "" : " = " + defaults[i]);
      WriteDocstring(w, f.doc);
    }
  }

  // `def _write(self, a)`: the native object for one call.
  void WriteMethod(CodeWriter& w, const std::vector<ir::Field>& fields, const abi::CFunction& ctor,
                   const std::string& destroy, bool variant) {
    w.Line("def _write(self, _a: _Arena) -> int:");
    auto in = w.Indent();
    temp_ = 0;
    std::vector<std::string> pre, args;
    for (const ir::Field& f : fields) {
      for (std::string& x : Write(f.type, "self." + FieldName(f, variant), pre)) args.push_back(std::move(x));
    }
    w.Line("_s = _slots");
    for (const std::string& p : pre) w.Line(p);
    args.push_back("_s.err");
    w.LineF("_p = {}({})", Bind(ctor), Join(args));
    WriteCheck(w, "");
    w.LineF("return _a.own({}, _p)", destroy);
  }

  void Record(const abi::StructModel& s) {
    const ir::Struct& d = *s.decl;
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, d.name);
    w.Line("@dataclass(slots=True)");
    w.Line("class " + cls + ":");
    {
      auto in = w.Indent();
      if (!WriteDocstring(w, d.doc)) WriteDocstring(w, "The `" + d.name + "` record.");
      w.Blank();
      DataFields(w, d.fields, false);
      w.Blank();
      w.Line("@staticmethod");
      w.LineF("def _read(p: int | None) -> {}:", cls);
      {
        auto in2 = w.Indent();
        std::vector<std::string> named = ReadFields(w, d.fields, s.getters, "p");
        w.LineF("return {}({})", cls, Join(named));
      }
      w.Blank();
      WriteMethod(w, d.fields, s.create, Bind(s.destroy), false);
    }
    w.Blank();
  }

  void RichEnum(const abi::RichEnumModel& r, const ir::Enum& e) {
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, e.name);
    std::string tag = cls + "Tag";
    std::vector<std::string> members = EnumMembers(e);
    std::vector<std::string> variants;
    for (size_t i = 0; i < e.variants.size(); ++i) {
      const ir::EnumVariant& v = e.variants[i];
      std::string vc = cls + names_.Member(module_, e.name, v.name);
      variants.push_back(vc);
      w.Line("@dataclass(slots=True)");
      w.Line("class " + vc + ":");
      auto in = w.Indent();
      if (!WriteDocstring(w, v.doc)) WriteDocstring(w, "The `" + v.name + "` variant of `" + cls + "`.");
      w.Blank();
      w.LineF("TAG: ClassVar[{}] = {}.{}", tag, tag, members[i]);
      DataFields(w, v.fields, true);
      w.Blank();
      w.Line("@property");
      w.LineF("def tag(self) -> {}:", tag);
      w.Line("    \"\"\"Which variant this is.\"\"\"");
      w.Line("    return self.TAG");
      w.Blank();
      WriteMethod(w, v.fields, r.variants[i].ctor, Bind(r.destroy), true);
      w.Blank();
    }
    w.LineF("{}: TypeAlias = Union[{}]", cls, Join(variants));
    std::string doc = e.doc ? *e.doc + "\n\n" : "";
    doc += "One of: " + Join(variants) + " (match on the classes).";
    WriteDocstring(w, doc);
    w.Blank();
  }

  void Interface(const abi::ModuleModel& mm, const abi::InterfaceModel& im) {
    const ir::Interface& d = *im.decl;
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, d.name);
    w.LineF("class {}(_Owned):", cls);
    auto in = w.Indent();
    std::string doc = d.doc ? *d.doc + "\n\n" : "";
    doc += "Owns a native object: call `close()` or use a `with` block when done (a finalizer releases it "
           "otherwise).";
    WriteDocstring(w, doc);
    w.Blank();
    w.Line("__slots__ = ()");
    w.LineF("_destroy = staticmethod({})", Bind(im.destroy));
    w.Blank();
    const abi::CallableModel* primary = nullptr;
    for (const abi::CallableModel& c : im.constructors) {
      if (c.fn->name == "new" && c.shape == abi::CallableShape::kSync) primary = &c;
    }
    if (primary) {
      Callable(mm, *primary, &im, "__init__");
    } else {
      w.Line("def __init__(self) -> None:");
      w.LineF("    raise TypeError(\"{} objects come from the library, not from {}()\")", cls, cls);
    }
    w.Blank();
    w.Line("@classmethod");
    w.LineF("def _own(cls, p: int | None) -> {}:", cls);
    w.Line("    self = cls.__new__(cls)");
    w.Line("    self._adopt(p)");
    w.Line("    return self");
    for (const abi::CallableModel& c : im.constructors) {
      if (&c == primary) continue;
      w.Blank();
      Callable(mm, c, &im, local_names_.at(c.fn));
    }
    for (const abi::CallableModel& c : im.statics) {
      w.Blank();
      Callable(mm, c, &im, local_names_.at(c.fn));
    }
    for (const abi::CallableModel& c : im.methods) {
      w.Blank();
      Callable(mm, c, &im, local_names_.at(c.fn));
    }
    w.Blank();
  }

  // Reads `args` (the C slots of a callback) into Python values.
  std::vector<std::string> ReadSlots(const std::vector<ir::Param>& params, const std::vector<std::string>& slots,
                                     Mode m) {
    std::vector<std::string> out;
    size_t at = 0;
    for (const ir::Param& p : params) {
      size_t n = SlotCount(p.type);
      out.push_back(Read(p.type, {slots.begin() + static_cast<long>(at), slots.begin() + static_cast<long>(at + n)},
                         m));
      at += n;
    }
    return out;
  }

  // A CFUNCTYPE for a C function-pointer type; returns its Python name.
  std::string CallbackType(const std::string& c_type, const std::vector<abi::CParam>& params) {
    std::string name = "_cbt_" + c_type;
    if (bound_.insert("cb:" + c_type).second) {
      std::vector<std::string> args = {"None"};
      for (const abi::CParam& p : params) args.push_back(Ct(p.type));
      bindings_.LineF("{}: Final = ctypes.CFUNCTYPE({})", name, Join(args));
    }
    return name;
  }

  void Listener(const abi::ModuleModel& mm, const abi::ListenerModel& l) {
    const abi::CallbackModel& cb = mm.callbacks[l.callback];
    CodeWriter& w = api_out_;
    std::string cbt = "_cbt_" + cb.c_type;
    std::string subs = "_subs_" + l.reg.symbol;
    const auto& [reg_name, unreg_name] = listener_names_.at({mm.index, l.decl->name});
    std::vector<std::string> types, slots;
    for (const ir::Param& p : cb.decl->params) types.push_back(PyType(p.type));
    std::vector<std::string> slot_params;
    for (size_t i = 0; i + 1 < cb.params.size(); ++i) {
      slots.push_back("s" + std::to_string(i));
      slot_params.push_back("s" + std::to_string(i) + ": Any");
    }
    slot_params.push_back("ctx: Any");
    helpers_.LineF("{}: Final[dict[int, Any]] = {{}}", subs);
    helpers_.Blank();
    std::string doc = l.decl->doc ? *l.decl->doc + "\n\n" : "";
    doc += "Calls `on_event` for every event, synchronously on whichever thread fires it. The returned "
           "Subscription keeps the registration (and its native callback) alive until it is closed.";
    w.LineF("def {}(on_event: Callable[[{}], None]) -> Subscription:", reg_name, Join(types));
    {
      auto in = w.Indent();
      WriteDocstring(w, doc);
      w.Blank();
      w.LineF("def trampoline({}) -> None:", Join(slot_params));
      w.Line("    s = _slots");
      w.Line("    s.depth += 1");
      w.Line("    try:");
      w.LineF("        on_event({})", Join(ReadSlots(cb.decl->params, slots, Mode::kBorrowed)));
      w.Line("    finally:");
      w.Line("        s.depth -= 1");
      w.Blank();
      w.LineF("native = {}(trampoline)", cbt);
      w.LineF("sid = {}(native, None)", Bind(l.reg));
      w.Line("if not sid:");
      w.LineF("    raise NativeError(-1, {})", PyString(l.decl->name + " could not be registered"));
      w.LineF("{}[sid] = native", subs);
      w.LineF("return Subscription(sid, {})", unreg_name);
    }
    w.Blank();
    w.LineF("def {}(sid: int) -> None:", unreg_name);
    {
      auto in = w.Indent();
      WriteDocstring(w, "Stops the events of a `" + reg_name + "` subscription. Unknown ids are ignored.");
      w.LineF("native = {}.pop(sid, None)", subs);
      w.Line("if native is None:");
      w.Line("    return");
      w.LineF("{}(sid)", Bind(l.unreg));
      w.Line("_retire(native)");
    }
    w.Blank();
  }

  // How a `mutable: true` parameter of a sync call is passed: bytes as a
  // bytearray edited in place, lists of scalars copied back into the list,
  // strings and records through a Box read back after the call.
  enum class Mut { kNone, kBytes, kList, kBoxStr, kBoxObj };
  static Mut MutOf(const ir::Param& p) {
    if (!p.is_mutable) return Mut::kNone;
    const TypeRef& t = p.type;
    if (t.kind == TypeKind::kPrimitive) {
      if (t.primitive == Primitive::kBytes || t.primitive == Primitive::kBorrowedBytes) return Mut::kBytes;
      if (t.primitive == Primitive::kString || t.primitive == Primitive::kBorrowedStr) return Mut::kBoxStr;
      return Mut::kNone;
    }
    if (t.kind == TypeKind::kNamed && (t.decl.kind == DeclKind::kStruct || t.decl.kind == DeclKind::kRichEnum)) {
      return Mut::kBoxObj;
    }
    if (t.kind == TypeKind::kList && t.args[0].kind == TypeKind::kPrimitive && ir::IsScalar(t.args[0].primitive)) {
      return Mut::kList;
    }
    return Mut::kNone;
  }
  std::string SyncParamType(const ir::Param& p) const {
    switch (MutOf(p)) {
      case Mut::kBytes: return "bytearray";
      case Mut::kList: return PyType(p.type);
      case Mut::kBoxStr:
      case Mut::kBoxObj: return "Box[" + PyType(p.type) + "]";
      case Mut::kNone: break;
    }
    return ParamType(p.type);
  }
  std::vector<std::string> MutableArgs(const ir::Param& p, const std::string& n, std::vector<std::string>& pre,
                                       std::vector<std::string>& after) {
    std::string tmp = "_t" + std::to_string(temp_++);
    switch (MutOf(p)) {
      case Mut::kBytes:
        pre.push_back(fmt::format("{0}_0, {0}_1 = _mutable_buf({1})", tmp, n));
        return {tmp + "_0", tmp + "_1"};
      case Mut::kList:
        pre.push_back(fmt::format("{0}_0, {0}_1 = {1}", tmp, WriteMulti(p.type, n)));
        after.push_back(fmt::format("{}[:] = {}_0[:]", n, tmp));
        return {tmp + "_0", tmp + "_1"};
      case Mut::kBoxStr:
        pre.push_back(fmt::format("{} = ctypes.create_string_buffer(_enc({}.value))", tmp, n));
        after.push_back(fmt::format("{}.value = {}.value.decode(\"utf-8\", \"replace\")", n, tmp));
        return {tmp};
      case Mut::kBoxObj: {
        pre.push_back(fmt::format("{} = {}.value._write(_a)", tmp, n));
        TypeRef t = p.type;
        after.push_back(fmt::format("{}.value = {}", n, Read(t, {tmp}, Mode::kBorrowed)));
        return {tmp};
      }
      case Mut::kNone: break;
    }
    return Write(p.type, n, pre);
  }

  // A free function, constructor, static or method. `name` "__init__" is the
  // primary constructor.
  void Callable(const abi::ModuleModel& mm, const abi::CallableModel& c, const abi::InterfaceModel* im,
                const std::string& name) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    std::string cls = im ? TypeName(module_, im->decl->name) : "";
    bool async = c.shape == abi::CallableShape::kAsync;
    std::vector<std::string> params;
    std::vector<std::string> pnames;
    bool method = c.role == abi::CallableRole::kMethod;
    bool ctor = c.role == abi::CallableRole::kConstructor;
    if (method || name == "__init__") params.push_back("self");
    // Trailing optional parameters default to None (pass them by keyword,
    // or leave them out).
    size_t required = FirstTrailingOptional(f);
    for (size_t i = 0; i < f.params.size(); ++i) {
      const ir::Param& p = f.params[i];
      const std::string& n = local_names_.at(&p);
      pnames.push_back(n);
      params.push_back(n + ": " + (async ? ParamType(p.type) : SyncParamType(p)) + (i < required ? "" : " = None"));
    }
    if (async && f.cancellable) params.push_back("cancel: CancellationToken | None = None");
    std::string ret = f.ret ? PyType(*f.ret) : "None";
    if (ctor) ret = cls;
    if (name == "__init__") ret = "None";
    if (c.role == abi::CallableRole::kStatic || (ctor && name != "__init__")) w.Line("@staticmethod");
    w.LineF("{}def {}({}) -> {}:", async ? "async " : "", name, Join(params), ret);
    auto body = w.Indent();
    std::optional<std::string> doc = FunctionDocText(f, [](const std::string& n) { return "`" + n + "`"; });
    if (f.deprecated) doc = (doc ? *doc + "\n\n" : "") + "Deprecated: " + *f.deprecated;
    if (async && f.cancellable) {
      doc = (doc ? *doc + "\n\n" : "") +
            "Cancelling the awaiting task, or `cancel`, asks the library to stop the call.";
    }
    WriteDocstring(w, doc);
    if (f.deprecated) {
      w.LineF("warnings.warn({}, DeprecationWarning, stacklevel=2)",
                         PyString(f.name + " is deprecated: " + *f.deprecated));
    }
    std::string domain = DomainArg(mm.index, f);
    temp_ = 0;
    if (async) {
      AsyncBody(c, pnames, method, domain);
      return;
    }
    bool arena = false;
    for (const ir::Param& p : f.params) arena = arena || NeedsArena(p.type) || MutOf(p) == Mut::kBoxObj;
    std::vector<std::string> pre, args, after;
    if (method) args.push_back("self._p()");
    for (size_t i = 0; i < f.params.size(); ++i) {
      for (std::string& x : MutableArgs(f.params[i], pnames[i], pre, after)) args.push_back(std::move(x));
    }
    const abi::CFunction& entry = c.entry;
    std::vector<std::string> pargs = args;  // the packed twin's, before its length and out_err
    for (const abi::CParam& p : entry.params) {
      if (p.name == "out_len") args.push_back("_s.n");
      if (p.name == "out_keys") args.push_back("_s.keys");
      if (p.name == "out_values") args.push_back("_s.values");
    }
    args.push_back("_s.err");
    w.Line("_s = _slots");
    if (arena) {
      w.Line("_a = _Arena()");
      w.Line("try:");
    }
    {
      auto in = w.Indent(arena ? 1 : 0);
      for (const std::string& p : pre) w.Line(p);
      if (!c.packed.symbol.empty() && !ctor) {
        // seam's packed twin, when the library has it: the result in one buffer.
        pargs.push_back("_s.n");
        pargs.push_back("_s.err");
        w.LineF("_pk = {}", Bind(c.packed, true));
        w.Line("if _pk is not None:");
        auto in2 = w.Indent();
        w.Line("_r = _pk(" + Join(pargs) + ")");
        WriteCheck(w, domain);
        for (const std::string& line : after) w.Line(line);
        w.LineF("return _unpack(_r, _s.n.value, {})", PkResult(*f.ret));
      }
      std::string call = Bind(entry) + "(" + Join(args) + ")";
      bool map_ret = f.ret && MultiSlot(*f.ret) && abi::CarrierOf(abi::StripOptional(*f.ret)) == Carrier::kMap;
      bool value = (f.ret || ctor || c.shape == abi::CallableShape::kIterator) && !map_ret;
      w.Line((value ? "_r = " : "") + call);
      WriteCheck(w, domain);
      for (const std::string& line : after) w.Line(line);
      if (c.shape == abi::CallableShape::kIterator) {
        w.LineF("return _NativeIterator(_r, {}, {})", IterStep(mm, c), Bind(c.iter_destroy));
      } else if (name == "__init__") {
        w.Line("self._adopt(_r)");
      } else if (ctor) {
        w.LineF("return {}._own(_r)", cls);
      } else if (map_ret) {
        w.Line("return " + Read(*f.ret, {"_s.keys.value", "_s.values.value", "_s.n.value"}, Mode::kOwned));
      } else if (f.ret && MultiSlot(*f.ret)) {
        w.Line("return " + Read(*f.ret, {"_r", "_s.n.value"}, Mode::kOwned));
      } else if (f.ret) {
        w.Line("return " + Read(*f.ret, {"_r"}, Mode::kOwned));
      }
    }
    if (arena) {
      w.Line("finally:");
      w.Line("    _a.release()");
    }
  }

  // The step function of an iterator type: one `_next` call.
  std::string IterStep(const abi::ModuleModel& mm, const abi::CallableModel& c) {
    const TypeRef& elem = c.fn->ret->args[0];
    std::string step = "_step_" + c.iter_type;
    if (made_.insert(step).second) {
      std::string item_ct = Ct(c.iter_next.params[1].type.substr(0, c.iter_next.params[1].type.rfind('*')));
      CodeWriter w('@', 4);
      std::string elem_type = PyType(elem);
      if (!elem_type.ends_with(" | None")) elem_type += " | None";
      w.LineF("def {}(it: int) -> tuple[bool, {}]:", step, elem_type);
      w.Line("    s = _slots");
      w.LineF("    item = {}()", item_ct);
      w.LineF("    more = {}(it, ctypes.byref(item), s.err)", Bind(c.iter_next));
      {
        auto in = w.Indent();
        WriteCheck(w, DomainArg(mm.index, *c.fn), "s.err");
      }
      w.Line("    if not more:");
      w.Line("        return False, None");
      w.LineF("    return True, {}", Read(elem, {"item.value"}, Mode::kOwned));
      Flush(w);
    }
    return step;
  }

  // An async call: the completion is converted inside the native callback
  // (buffers borrowed, objects adopted) and handed to the caller's event loop.
  void AsyncBody(const abi::CallableModel& c, const std::vector<std::string>& pnames,
                 bool method, const std::string& domain) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    std::string cbt = CallbackType(c.callback_type, c.callback_params);
    std::string handler = "_on_" + c.entry.symbol, native = "_cb_" + c.entry.symbol;
    if (made_.insert(handler).second) {
      std::vector<std::string> slots, slot_params = {"ctx: Any", "err: Any"};
      for (size_t i = 2; i < c.callback_params.size(); ++i) {
        slots.push_back("s" + std::to_string(i - 2));
        slot_params.push_back(slots.back() + ": Any");
      }
      CodeWriter h('@', 4);
      h.LineF("def {}({}) -> None:", handler, Join(slot_params));
      h.Line("    try:");
      h.Line("        if err and err[0].code:");
      h.LineF("            _finish(ctx, False, _error_of(err[0], {}))", domain.empty() ? "None" : domain);
      h.Line("            return");
      if (f.ret) {
        std::vector<ir::Param> one(1);
        one[0].type = *f.ret;
        h.LineF("        value = {}", ReadSlots(one, slots, Mode::kAsync)[0]);
      } else {
        h.Line("        value = None");
      }
      h.Line("    except BaseException as e:");
      h.Line("        _finish(ctx, False, e)");
      h.Line("        return");
      h.Line("    _finish(ctx, True, value)");
      h.Blank();
      h.LineF("{}: Final = {}({})", native, cbt, handler);
      Flush(h);
    }
    bool arena = false;
    for (const ir::Param& p : f.params) arena = arena || NeedsArena(p.type);
    std::vector<std::string> pre, args;
    if (method) args.push_back("self._p()");
    for (size_t i = 0; i < f.params.size(); ++i) {
      for (std::string& x : Write(f.params[i].type, pnames[i], pre)) args.push_back(std::move(x));
    }
    std::string token = f.cancellable ? "_token" : "None";
    if (f.cancellable) {
      w.Line("_token = cancel if cancel is not None else CancellationToken()");
      args.push_back("_token._ptr");
    }
    // The pending call keeps the receiver (not closed before the completion)
    // and the token alive until the completion arrives.
    w.LineF("_cid, _future = _start({}, {})", method ? "self" : "None", token);
    args.push_back(native);
    args.push_back("_cid");
    if (arena) w.Line("_a = _Arena()");
    w.Line("try:");
    {
      auto in = w.Indent();
      for (const std::string& p : pre) w.Line(p);
      w.LineF("{}({})", Bind(c.entry), Join(args));
    }
    w.Line("except BaseException:");
    w.Line("    _abandon(_cid)");
    w.Line("    raise");
    if (arena) {
      w.Line("finally:");
      w.Line("    _a.release()");
    }
    w.LineF("return cast(\"{}\", await _wait(_future, {}))", CallableRet(c), token);
  }
  std::string CallableRet(const abi::CallableModel& c) const {
    if (c.fn->ret) return PyType(*c.fn->ret);
    return "None";
  }

  // ---- package files ----
  std::string Pyproject(const std::string& pkg) const {
    std::string version = api_.package && api_.package->version ? *api_.package->version : "0.1.0";
    std::string desc = api_.package && api_.package->description ? *api_.package->description
                                                                  : pkg + " bindings generated by seam";
    std::string one_line;
    for (char c : desc) one_line += (c == '\n' || c == '\r') ? ' ' : c;
    CodeWriter w('@', 4);
    w.LineF("# Generated by seam {} from {}", SEAM_VERSION, IdlBasename(api_));
    w.Line("[build-system]");
    w.Line("requires = [\"setuptools>=77\"]");
    w.Line("build-backend = \"setuptools.build_meta\"");
    w.Blank();
    w.Line("[project]");
    w.Line("name = " + PyString(pkg));
    w.Line("version = " + PyString(version));
    w.Line("description = " + PyString(one_line));
    w.Line("requires-python = \">=3.10\"");
    w.Line("dependencies = []");
    if (api_.package && api_.package->license) w.Line("license = " + PyString(*api_.package->license));
    if (api_.package && (api_.package->homepage || api_.package->repository)) {
      w.Blank();
      w.Line("[project.urls]");
      if (api_.package->homepage) w.Line("Homepage = " + PyString(*api_.package->homepage));
      if (api_.package->repository) w.Line("Repository = " + PyString(*api_.package->repository));
    }
    w.Blank();
    w.Line("[tool.setuptools]");
    w.Line("packages = [" + PyString(pkg) + "]");
    w.Blank();
    w.Line("[tool.setuptools.package-data]");
    w.Line(PyString(pkg) + " = [\"py.typed\", \"*.so\", \"*.dylib\", \"*.dll\"]");
    return w.Take();
  }

  // setup.py only tags the wheel: platform-specific (py3-none-<platform>)
  // when a native library is bundled in the package directory, pure otherwise.
  std::string SetupPy(const std::string& pkg) const {
    CodeWriter w('@');
    w.Emit(R"py(
      # Generated by seam @version@ from @idl@
      """Builds the @pkg@ wheel (the metadata is in pyproject.toml).

      A native library copied into @pkg@/ (lib*.so, lib*.dylib, *.dll) is
      bundled; the wheel is then tagged for this platform (py3-none-<platform>:
      ctypes needs no particular Python ABI). Without one the wheel is pure and
      the library is found at run time.
      """

      from pathlib import Path

      # setuptools ships no type information (types-setuptools has it): the
      # ignores keep mypy --strict clean either way.
      from setuptools import Distribution, setup  # type: ignore[import-untyped, unused-ignore]
      from setuptools.command.bdist_wheel import (  # type: ignore[import-untyped, unused-ignore]
          bdist_wheel,
      )


      def _bundles_library() -> bool:
          package = Path(__file__).resolve().parent / @pkg_literal@
          return any(any(package.glob(p)) for p in ("*.so", "*.dylib", "*.dll"))


      class _Distribution(Distribution):  # type: ignore[misc, unused-ignore]
          def has_ext_modules(self) -> bool:
              return _bundles_library()


      class _BdistWheel(bdist_wheel):  # type: ignore[misc, unused-ignore]
          def get_tag(self) -> tuple[str, str, str]:
              python, abi, plat = super().get_tag()
              return ("py3", "none", plat) if _bundles_library() else (python, abi, plat)


      setup(distclass=_Distribution, cmdclass={"bdist_wheel": _BdistWheel})
    )py",
           {{"version", SEAM_VERSION}, {"idl", IdlBasename(api_)}, {"pkg", pkg}, {"pkg_literal", PyString(pkg)}});
    return w.Take();
  }

  std::string Readme(const std::string& pkg, const std::string& lib) const {
    CodeWriter w('@');
    w.Emit(R"md(
      # @pkg@

      Python bindings for the `@lib@` native library, generated by seam from
      `@idl@`: pure Python over `ctypes`, no compiled extension, no
      dependencies, typed (`mypy --strict` clean). Python 3.10 or later.

      ```python
      import @pkg@
      ```

      The library is loaded at import: the file named by `@env@` (then
      `WEAVEFFI_LIBRARY`), else `lib@lib@.so` / `lib@lib@.dylib` / `@lib@.dll` next
      to the package, else from the system's library path.

      - Records are dataclasses; rich enums one dataclass per variant (match
        on the classes); enums `IntEnum`.
      - Interfaces own a native object: `close()` it (idempotent) or use a
        `with` block; a finalizer releases forgotten ones.
      - Errors raise `NativeError`; error domains have one subclass per code.
      - Async functions are coroutines for asyncio; completions arrive on the
        caller's event loop from any native thread. Cancelling the task cancels
        a cancellable call.
      - Listeners return a `Subscription`; the native callback stays alive
        until it is closed. Events run on the thread that fires them.
      - `iter<T>` results are lazy iterators.
      - Buffers (`bytes`, `bytearray`, `memoryview`) are passed without a copy.

      ## A wheel with the library inside

      Copy the built library into the package directory and build a wheel with
      any standard frontend; it is tagged for the platform (`py3-none-linux_x86_64`):

      ```sh
      cp path/to/lib@lib@.so @pkg@/
      python -m build --wheel        # or: pip wheel --no-deps -w dist .
      pip install dist/@pkg@-*.whl
      ```

      Without a library in `@pkg@/` the wheel is pure Python and the library is
      found as described above.
    )md",
           {{"pkg", pkg}, {"lib", lib}, {"idl", IdlBasename(api_)}, {"env", MacroPrefix(lib) + "_LIBRARY"}});
    return w.Take();
  }

  // What these bindings were generated from, checked against the library
  // before anything is bound (src/abi/contract.h).
  std::string Contract() const {
    CodeWriter w('@', 4);
    w.Line("_CONTRACT: Final = (");
    const std::string& text = in_.contract_text();
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start) + 1;
      w.Line("    " + PyString(text.substr(start, end - start)));
      start = end;
    }
    w.Line(")");
    w.Line("_check_contract(_CONTRACT)");
    return w.Take();
  }

  // Names of fields, parameters and interface members, escaped and unique
  // among their siblings.
  void LocalNames() {
    auto unique = [&](const std::vector<std::pair<const void*, std::string>>& names) {
      std::set<std::string> used;
      for (auto [key, name] : names) {
        while (!used.insert(name).second) name += "_";
        local_names_[key] = name;
      }
    };
    static const std::set<std::string, std::less<>> kVariantTaken = {"tag", "TAG"};
    auto fields = [&](const std::vector<ir::Field>& fs, bool variant) {
      std::vector<std::pair<const void*, std::string>> names;
      for (const ir::Field& f : fs) names.emplace_back(&f, Member(f.name, variant ? &kVariantTaken : nullptr));
      unique(names);
    };
    auto params = [&](const ir::Function& f) {
      std::vector<std::pair<const void*, std::string>> names;
      for (const ir::Param& p : f.params) names.emplace_back(&p, ParamName(p.name));
      unique(names);
    };
    static const std::set<std::string, std::less<>> kTaken = {"close", "closed", "_own", "_adopt", "_p", "_destroy"};
    for (const ir::Module& m : api_.modules) {
      for (const ir::Struct& st : m.structs) fields(st.fields, false);
      for (const ir::Enum& e : m.enums) {
        for (const ir::EnumVariant& v : e.variants) fields(v.fields, true);
      }
      for (const ir::Function& f : m.functions) params(f);
      for (const ir::Interface& i : m.interfaces) {
        std::vector<std::pair<const void*, std::string>> members;
        for (const auto* list : {&i.constructors, &i.statics, &i.methods}) {
          for (const ir::Function& f : *list) {
            params(f);
            members.emplace_back(&f, Member(f.name, &kTaken));
          }
        }
        unique(members);
      }
    }
  }

  void Prepare() {
    LocalNames();
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::EnumModel& e : mm.enums) enum_types_.insert(e.c_type);
      if (mm.error_domain) enum_types_.insert(mm.error_domain->c_type);
    }
    std::vector<std::pair<std::string, std::vector<abi::CParam>>> callbacks;
    auto add_callable = [&](const abi::CallableModel& c) {
      if (c.shape == abi::CallableShape::kAsync) callbacks.emplace_back(c.callback_type, c.callback_params);
    };
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::CallbackModel& cb : mm.callbacks) callbacks.emplace_back(cb.c_type, cb.params);
      for (const abi::CallableModel& c : mm.functions) add_callable(c);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const abi::CallableModel& c : *list) add_callable(c);
        }
      }
    }
    for (const auto& [type, params] : callbacks) callback_types_.insert(type);
    for (const auto& [type, params] : callbacks) CallbackType(type, params);
  }

  const Input& in_;
  const ir::Api& api_;
  Diagnostics& diags_;
  const abi::Model& model_;
  abi::Lowering low_;
  uint32_t module_ = 0;
  int temp_ = 0;
  FlatNames names_;
  std::set<std::string> taken_;
  std::map<const void*, std::string> local_names_;  // see LocalNames()
  std::vector<std::string> public_;
  std::map<std::pair<uint32_t, std::string>, std::string> fn_names_;
  std::map<std::pair<uint32_t, std::string>, std::pair<std::string, std::string>> listener_names_;
  std::set<std::string, std::less<>> enum_types_, callback_types_;
  std::set<std::string> bound_, made_;
  std::map<std::string, std::string> structs_;  // packed slot formats -> struct.Struct names
  CodeWriter helpers_{'@', 4}, bindings_{'@', 4}, enums_{'@', 4}, api_out_{'@', 4};
};

}  // namespace

std::string PythonPackageName(const ir::Api& api) {
  std::string id = IdentName(ConfiguredName(api, "python", "package_name"));
  if (id.empty()) return "weaveffi";
  if (std::isdigit(static_cast<unsigned char>(id[0]))) id = "p" + id;
  if (PyReserved().count(id) || StdlibModules().count(id)) id += "_";
  return id;
}

std::vector<OutputFile> PythonBackend::Render(const Input& in, Diagnostics& diags) const {
  PyRenderer r(in, diags);
  return r.Render();
}

}  // namespace seam::gen
