// `seam link-check FILE...`: whether the libraries of several IDLs can live in
// one program, linked statically or dynamically, with their bindings used
// together.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/load.h"
#include "gen/cpp/cpp_backend.h"
#include "gen/dart/dart_backend.h"
#include "gen/python/py_backend.h"
#include "ir/validate.h"

namespace seam {
namespace {

struct Library {
  std::string file;
  ir::Api api;
  std::vector<ir::CSymbol> symbols;

  // Where the library is named: its package, else its version line.
  [[nodiscard]] SourceLoc Where() const {
    return api.package && api.package->loc.known() ? api.package->loc : api.version_loc;
  }
};

class LinkCheck {
 public:
  LinkCheck(const std::vector<Library>& libs, Diagnostics& diags) : libs_(libs), diags_(diags) {}

  void Run() {
    for (size_t j = 1; j < libs_.size(); ++j) {
      for (size_t i = 0; i < j; ++i) Pair(libs_[i], libs_[j]);
    }
  }

 private:
  void Pair(const Library& a, const Library& b) {
    std::string ra = a.api.RuntimePrefix(), rb = b.api.RuntimePrefix();
    bool same_runtime = ra == rb;
    if (same_runtime) {
      Diagnostic& d = diags_.Error(
          b.Where(), "LibraryCollision",
          fmt::format("this library's runtime functions are named '{}_*', as those of {} are: the two cannot "
                      "be linked into one program; give one of them another package name or its own "
                      "generators.c.prefix",
                      rb, a.file));
      d.notes.push_back({a.Where(), "the other library is named here"});
    }
    // Both lists are sorted: walk them together, twice, so that a
    // declaration whose function and type both collide (a struct and its
    // _create) is reported for the function, the graver of the two.
    std::set<std::pair<SourceLoc, SourceLoc>> reported;
    for (bool linked : {true, false}) {
      auto x = a.symbols.begin(), y = b.symbols.begin();
      while (x != a.symbols.end() && y != b.symbols.end()) {
        if (x->name < y->name) {
          ++x;
        } else if (y->name < x->name) {
          ++y;
        } else {
          bool runtime = !x->loc.known() && !y->loc.known();
          if ((x->linked || y->linked) == linked && !(runtime && same_runtime) &&
              reported.emplace(x->loc, y->loc).second) {
            Clash(a, *x, b, *y);
          }
          ++x;
          ++y;
        }
      }
    }
    Shared(a, b, "C++ bindings", gen::CppNamespace(a.api), gen::CppNamespace(b.api),
           "both use namespace '{}': their headers cannot be included in one translation unit; set "
           "generators.cpp.namespace in one of them");
    Shared(a, b, "Python packages", gen::PythonPackageName(a.api), gen::PythonPackageName(b.api),
           "are both named '{}': one process cannot import both; set generators.python.package_name in one "
           "of them");
    Shared(a, b, "Dart packages", gen::DartPackageName(a.api), gen::DartPackageName(b.api),
           "are both named '{}': one app cannot depend on both; set generators.dart.package_name in one of "
           "them");
  }

  void Clash(const Library& a, const ir::CSymbol& x, const Library& b, const ir::CSymbol& y) {
    SourceLoc at = y.loc.known() ? y.loc : b.Where();
    // Types and enum constants collide in a translation unit, functions in
    // the program.
    bool linked = x.linked || y.linked;
    Diagnostic& d = diags_.Error(
        at, "LibraryCollision",
        fmt::format("{} lowers to C symbol '{}', which {} of {} also {}: {}; give one of them its own "
                    "generators.c.prefix (or rename one)",
                    y.what, y.name, x.what, a.file, linked ? "defines" : "declares",
                    linked ? "the two libraries cannot be linked into one program"
                           : "the two libraries' C headers cannot be included in one translation unit"));
    d.notes.push_back({x.loc.known() ? x.loc : a.Where(), "the other declaration is here"});
  }

  void Shared(const Library& a, const Library& b, const char* what, const std::string& na, const std::string& nb,
              const char* problem) {
    if (na != nb) return;
    Diagnostic& d = diags_.Warning(b.Where(), "LibraryCollision",
                                   fmt::format("the {} of this library and of {} {}", what, a.file,
                                               fmt::format(fmt::runtime(problem), nb)));
    d.notes.push_back({a.Where(), "the other library is named here"});
  }

  const std::vector<Library>& libs_;
  Diagnostics& diags_;
};

}  // namespace

int RunLinkCheck(const LinkCheckOptions& options) {
  SourceManager sources;
  Diagnostics diags(sources);
  std::vector<Library> libs;
  for (const std::string& file : options.files) {
    size_t before = diags.error_count();
    std::optional<ir::Api> api = LoadApi(file, sources, diags);
    if (!api || diags.error_count() != before) continue;
    std::vector<ir::CSymbol> symbols = ir::CSymbols(*api);
    libs.push_back({file, std::move(*api), std::move(symbols)});
  }
  if (!diags.has_errors()) LinkCheck(libs, diags).Run();
  std::cerr << diags.RenderText();
  if (diags.has_errors()) return kExitInputErrors;
  std::cout << fmt::format("ok: the {} libraries can be linked into one program\n", libs.size());
  return kExitOk;
}

}  // namespace seam
