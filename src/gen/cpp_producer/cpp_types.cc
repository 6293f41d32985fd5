// C++ names and types for the C++ producer.
#include "gen/cpp_producer/cpp_types.h"

#include <set>

#include "abi/symbols.h"
#include "base/diagnostics.h"

namespace seam::gen::cpp {

namespace {

thread_local const std::set<std::string, std::less<>>* t_idl_names = nullptr;

void AddFunction(std::set<std::string, std::less<>>& names, const ir::Function& f) {
  names.insert(f.name);
  for (const ir::Param& p : f.params) names.insert(p.name);
}

}  // namespace

std::string Id(std::string_view name) {
  std::string s = abi::SafeCName(name);
  if (s != name && t_idl_names != nullptr) {
    while (t_idl_names->count(s)) s += '_';
  }
  return s;
}

std::string MemberId(std::string_view cls, std::string_view name) {
  std::string s = Id(name);
  if (s != cls) return s;
  s += '_';
  while (t_idl_names != nullptr && t_idl_names->count(s)) s += '_';
  return s;
}

IdlNamesScope::IdlNamesScope(const ir::Api& api) : previous_(t_idl_names) {
  for (const ir::Module& m : api.modules) {
    names_.insert(m.name);
    for (const ir::Function& f : m.functions) AddFunction(names_, f);
    for (const ir::Struct& s : m.structs) {
      names_.insert(s.name);
      for (const ir::Field& f : s.fields) names_.insert(f.name);
    }
    for (const ir::Enum& e : m.enums) {
      names_.insert(e.name);
      for (const ir::EnumVariant& v : e.variants) {
        names_.insert(v.name);
        for (const ir::Field& f : v.fields) names_.insert(f.name);
      }
    }
    for (const ir::Interface& i : m.interfaces) {
      names_.insert(i.name);
      for (const auto* list : {&i.constructors, &i.statics, &i.methods}) {
        for (const ir::Function& f : *list) AddFunction(names_, f);
      }
    }
    for (const ir::Callback& c : m.callbacks) {
      names_.insert(c.name);
      for (const ir::Param& p : c.params) names_.insert(p.name);
    }
    for (const ir::Listener& l : m.listeners) names_.insert(l.name);
    if (m.errors) {
      names_.insert(m.errors->name);
      for (const ir::ErrorCode& c : m.errors->codes) names_.insert(c.name);
    }
  }
  t_idl_names = &names_;
}

IdlNamesScope::~IdlNamesScope() { t_idl_names = previous_; }

Names::Names(const ir::Api& api, std::string root_namespace) : api_(api), root_(std::move(root_namespace)) {}

namespace {

// Names the C and POSIX headers the glue includes declare at global scope
// (functions, and struct tags such as `stat`): a top-level namespace spelled
// like one does not compile.
bool IsLibcGlobal(std::string_view name) {
  static const std::set<std::string_view> kNames = {
      "abort", "abs", "accept", "access", "alarm", "atexit", "atof", "atoi", "atol", "bind", "calloc", "ceil",
      "chdir", "chmod", "chown", "clock", "close", "connect", "cos", "creat", "difftime", "div", "dup", "dup2",
      "environ", "execl", "execv", "execve", "exit", "exp", "fabs", "fclose", "fcntl", "fflush", "fgets",
      "floor", "fopen", "fork", "fprintf", "fread", "free", "fseek", "fstat", "fsync", "ftell", "fwrite",
      "getenv", "getline", "getopt", "getpid", "gets", "index", "isatty", "kill", "labs", "link", "listen",
      "log", "lseek", "malloc", "memchr", "memcmp", "memcpy", "memmove", "memset", "mkdir", "mktime", "nice",
      "open", "optarg", "pause", "perror", "pipe", "poll", "pow", "printf", "putchar", "puts", "qsort", "raise",
      "rand", "random", "read", "realloc", "recv", "remove", "rename", "rewind", "rindex", "rmdir", "round",
      "sbrk", "select", "send", "setenv", "signal", "sin", "sleep", "socket", "sprintf", "sqrt", "srand",
      "stat", "strcat", "strchr", "strcmp", "strcpy", "strdup", "strlen", "strncmp", "strstr", "strtok",
      "sync", "system", "tan", "time", "timezone", "tm", "timespec", "timeval", "truncate", "tzname", "umask",
      "unlink", "usleep", "wait", "write", "y0", "y1", "yn", "j0", "j1", "jn", "gamma", "lgamma", "signgam",
      "daylight", "sigaction", "sigset", "sched_yield", "utime", "ttyname", "tmpfile", "tmpnam", "ungetc"};
  return kNames.count(name) > 0;
}

}  // namespace

std::string Names::Namespace(const ir::Module& m) const {
  std::string ns = root_;
  for (const std::string& part : m.path) {
    std::string id = Id(part);
    if (ns.empty() && IsLibcGlobal(id)) id += "_";
    if (!ns.empty()) ns += "::";
    ns += id;
  }
  return ns;
}

std::string Names::Qualified(const ir::Module& m, std::string_view name) const {
  return "::" + Namespace(m) + "::" + Id(name);
}

std::string Names::Qualified(const ir::DeclRef& ref) const {
  const ir::Module& m = api_.modules.at(ref.module);
  switch (ref.kind) {
    case ir::DeclKind::kStruct: return Qualified(m, m.structs.at(ref.index).name);
    case ir::DeclKind::kEnum:
    case ir::DeclKind::kRichEnum: return Qualified(m, m.enums.at(ref.index).name);
    case ir::DeclKind::kInterface: return Qualified(m, m.interfaces.at(ref.index).name);
    case ir::DeclKind::kUnresolved: break;
  }
  throw InternalError("unresolved declaration in the C++ producer");
}

std::string Names::Element(const ir::TypeRef& t, Pos pos) const {
  // Elements are never references: views stay views only in sync parameters.
  if (t.kind == ir::TypeKind::kOptional) return "std::optional<" + Element(t.args[0], pos) + ">";
  if (t.kind == ir::TypeKind::kNamed && t.decl.kind != ir::DeclKind::kInterface) return Qualified(t.decl);
  Pos p = pos == Pos::kEmit ? Pos::kValue : pos;
  return Type(t, p);
}

std::string Names::Type(const ir::TypeRef& t, Pos pos, bool is_mutable) const {
  using ir::Primitive;
  if (is_mutable && pos == Pos::kParam) {
    switch (MutableViewOf(t)) {
      case MutableView::kChars: return "std::span<char>";
      case MutableView::kBytes: return "std::span<std::uint8_t>";
      case MutableView::kArray: return "std::span<" + Type(t.args[0], Pos::kValue) + ">";
      default: break;
    }
  }
  switch (t.kind) {
    case ir::TypeKind::kPrimitive:
      switch (t.primitive) {
        case Primitive::kI8: return "std::int8_t";
        case Primitive::kI16: return "std::int16_t";
        case Primitive::kI32: return "std::int32_t";
        case Primitive::kI64: return "std::int64_t";
        case Primitive::kU8: return "std::uint8_t";
        case Primitive::kU16: return "std::uint16_t";
        case Primitive::kU32: return "std::uint32_t";
        case Primitive::kU64: return "std::uint64_t";
        case Primitive::kF32: return "float";
        case Primitive::kF64: return "double";
        case Primitive::kBool: return "bool";
        case Primitive::kHandle: return "std::uint64_t";
        case Primitive::kString:
          return pos == Pos::kEmit ? "std::string_view" : "std::string";
        case Primitive::kBorrowedStr:
          return pos == Pos::kParam || pos == Pos::kEmit ? "std::string_view" : "std::string";
        case Primitive::kBytes:
          return pos == Pos::kEmit ? "std::span<const std::uint8_t>" : "std::vector<std::uint8_t>";
        case Primitive::kBorrowedBytes:
          return pos == Pos::kParam || pos == Pos::kEmit ? "std::span<const std::uint8_t>"
                                                         : "std::vector<std::uint8_t>";
      }
      break;
    case ir::TypeKind::kNamed: {
      std::string q = Qualified(t.decl);
      switch (t.decl.kind) {
        case ir::DeclKind::kEnum: return q;
        case ir::DeclKind::kInterface:
          return pos == Pos::kValue ? "std::unique_ptr<" + q + ">" : q + "&";
        default:
          if (pos == Pos::kParam) return is_mutable ? q + "&" : "const " + q + "&";
          if (pos == Pos::kEmit) return "const " + q + "&";
          return q;
      }
    }
    case ir::TypeKind::kTypedHandle:
      return "seam::TypedHandle<" + Qualified(t.decl) + ">";
    case ir::TypeKind::kOptional: {
      const ir::TypeRef& inner = abi::CollapseOptional(t).args[0];
      if (inner.kind == ir::TypeKind::kNamed && inner.decl.kind == ir::DeclKind::kInterface) {
        return pos == Pos::kValue ? "std::unique_ptr<" + Qualified(inner.decl) + ">"
                                  : Qualified(inner.decl) + "*";
      }
      return "std::optional<" + Element(inner, pos) + ">";
    }
    case ir::TypeKind::kList:
      return "std::vector<" + Element(t.args[0], pos) + ">";
    case ir::TypeKind::kMap:
      return "std::map<" + Element(t.args[0], pos) + ", " + Element(t.args[1], pos) + ">";
    case ir::TypeKind::kIterator:
      return "std::unique_ptr<seam::Iterator<" + Element(t.args[0], Pos::kValue) + ">>";
  }
  throw InternalError("unknown type in the C++ producer");
}

MutableView MutableViewOf(const ir::TypeRef& t) {
  using ir::Primitive;
  switch (t.kind) {
    case ir::TypeKind::kPrimitive:
      switch (t.primitive) {
        case Primitive::kString:
        case Primitive::kBorrowedStr: return MutableView::kChars;
        case Primitive::kBytes:
        case Primitive::kBorrowedBytes: return MutableView::kBytes;
        default: return MutableView::kByValue;
      }
    case ir::TypeKind::kNamed:
      return t.decl.kind == ir::DeclKind::kStruct || t.decl.kind == ir::DeclKind::kRichEnum ? MutableView::kObject
                                                                                            : MutableView::kByValue;
    case ir::TypeKind::kTypedHandle:
      return MutableView::kByValue;
    case ir::TypeKind::kList: {
      const ir::TypeRef& e = t.args[0];
      bool arithmetic = e.kind == ir::TypeKind::kPrimitive && e.primitive != Primitive::kString &&
                        e.primitive != Primitive::kBorrowedStr && e.primitive != Primitive::kBytes &&
                        e.primitive != Primitive::kBorrowedBytes;
      return arithmetic ? MutableView::kArray : MutableView::kNone;
    }
    default:
      return MutableView::kNone;
  }
}

std::string Names::AsyncResult(const ir::Function& f) const {
  return f.ret ? Type(*f.ret, Pos::kValue) : "void";
}

bool ReturnsBytes(const ir::Function& f) {
  return !f.is_async && f.ret && f.ret->kind == ir::TypeKind::kPrimitive &&
         (f.ret->primitive == ir::Primitive::kBytes || f.ret->primitive == ir::Primitive::kBorrowedBytes);
}

std::string Names::Return(const ir::Function& f) const {
  if (ReturnsBytes(f)) return "seam::Bytes";
  return AsyncResult(f);
}

}  // namespace seam::gen::cpp

namespace seam::gen::cpp {

std::string CompletionName(const ir::Function& f) {
  std::string name = "done";
  auto taken = [&] {
    for (const ir::Param& p : f.params) {
      if (Id(p.name) == name) return true;
    }
    return false;
  };
  while (taken()) name += "_";
  return name;
}

std::string ParamList(const Names& names, const ir::Function& f, bool with_names) {
  std::string s;
  auto add = [&](const std::string& type, const std::string& name) {
    if (!s.empty()) s += ", ";
    s += type;
    if (with_names) s += " " + name;
  };
  for (const ir::Param& p : f.params) {
    add(names.Type(p.type, f.is_async ? Pos::kAsyncParam : Pos::kParam, p.is_mutable), Id(p.name));
  }
  if (f.is_async) add("seam::Completion<" + names.AsyncResult(f) + ">", CompletionName(f));
  return s;
}

std::string Signature(const Names& names, const ir::Function& f, const std::string& name, bool with_names) {
  std::string ret = f.is_async ? "void" : names.Return(f);
  return ret + " " + name + "(" + ParamList(names, f, with_names) + ")";
}

}  // namespace seam::gen::cpp
