// The Dart backend: one library over dart:ffi rendering the ABI model.
//
// Records and rich enums are Dart values (final fields, ==, hashCode),
// converted at the boundary: read through their getters and destroyed when
// returned, created and destroyed around a call when passed. Interfaces are
// objects owning a native pointer, released by dispose() or a
// NativeFinalizer. Every conversion of a type is one generated helper
// (`_r_<key>` reads an owned value and frees it, `_w_<key>` writes a value
// for one call into an _Arena), made once per type on first use.
#include "gen/dart/dart_backend.h"

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
#include "gen/dart/dart_runtime.h"
#include "gen/flat_names.h"
#include "gen/line_wrap.h"
#include "gen/native/native_sources.h"
#include "gen/native/prebuilt.h"

namespace seam::gen {
namespace {

using abi::Carrier;
using ir::DeclKind;
using ir::Primitive;
using ir::TypeKind;
using ir::TypeRef;

// Words that cannot name a member or parameter, and the members every
// generated class has (Object's, and ours: value, fromValue, tag, dispose).
const std::set<std::string, std::less<>>& DartReserved() {
  static const std::set<std::string, std::less<>> kWords = {
      "assert", "break", "case", "catch", "class", "const", "continue", "default", "do", "else", "enum",
      "extends", "false", "final", "finally", "for", "if", "in", "is", "new", "null", "rethrow", "return",
      "super", "switch", "this", "throw", "true", "try", "var", "void", "while", "with", "await", "yield",
      "hashCode", "toString", "runtimeType", "noSuchMethod",
      // Types the generated code names inside classes and functions.
      "int", "double", "bool", "num", "dynamic", "late", "required", "Function",
      // Top-level names of the imported libraries that the generated code
      // uses unqualified: a member, parameter or function spelled the same
      // would hide them.
      "identical", "override", "pragma", "sizeOf", "nullptr", "utf8", "stderr"};
  return kWords;
}
// Extra names taken in a kind of generated class.
const std::set<std::string, std::less<>> kEnumTaken = {"values", "index", "value", "fromValue", "name"};
const std::set<std::string, std::less<>> kVariantTaken = {"tag"};
const std::set<std::string, std::less<>> kInterfaceTaken = {"dispose", "isDisposed"};

// Public type names the generated library itself declares.
const std::set<std::string, std::less<>>& LibraryTypes() {
  static const std::set<std::string, std::less<>> kNames = {
      "NativeException", "Handle", "CancellationToken", "Box", "Object", "String", "List", "Map", "Iterable", "Iterator", "Future",
      "Stream", "StreamController", "StreamSubscription", "Uint8List", "Pointer", "Never", "Null", "Type",
      "Function", "Record", "Error",
      "Exception", "Enum", "Symbol", "Duration", "Set", "Comparable", "Completer", "int", "double",
      "bool", "num", "Struct", "Allocator", "Finalizable", "NativeFinalizer", "DynamicLibrary", "Platform",
      "Size", "Bool", "Void", "Float", "Double", "Int8", "Int16", "Int32", "Int64", "Uint8", "Uint16",
      "Uint32", "Uint64", "NativeFunction", "NativeCallable", "Opaque", "NativeLibrary", "NativeType",
      "NativeFinalizerFunction", "ArgumentError", "StateError", "UnsupportedError", "Deprecated"};
  return kNames;
}

std::string Upper(std::string_view s) {
  std::string u = abi::UpperCamel(s);
  return u.empty() ? "Unnamed" : u;
}

std::string Lower(std::string_view s) {
  std::string u = Upper(s);
  u[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(u[0])));
  return u;
}

// A member or parameter name: lowerCamel, suffixed with '_' when reserved.
std::string Member(std::string_view s, const std::set<std::string, std::less<>>* taken = nullptr) {
  std::string m = Lower(s);
  if (DartReserved().count(m) || (taken && taken->count(m))) m += "_";
  return m;
}

std::string DartString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '$': out += "\\$"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "'";
}

// Writes the doc comment, if any; returns whether it wrote one.
bool WriteDartDoc(CodeWriter& w, const std::optional<std::string>& doc) {
  if (!doc) return false;
  std::string text = *doc;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  text = text.substr(start);
  if (text.empty()) return false;
  size_t pos = 0;
  while (true) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    w.Line(line.empty() ? "///" : "/// " + line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return true;
}

void WriteDeprecated(CodeWriter& w, const std::optional<std::string>& deprecated) {
  if (deprecated) w.Line("@Deprecated(" + DartString(*deprecated) + ")");
}

// generators.dart.native_assets: the package also builds its C++ producer
// with a build hook and loads it as a code asset.
bool NativeAssets(const ir::Api& api) {
  const ir::Value* v = SettingValue(api, "dart", "native_assets");
  return v && v->kind == ir::Value::Kind::kBool && v->bool_value;
}

// The hook's code for generators.dart.prebuilt: the digests and a function
// that bundles the target's prebuilt library (after checking it) and reports
// whether it did. Empty without prebuilt libraries.
std::string HookPrebuilt(const ir::Api& api, const std::string& pkg, const std::string& lib,
                         const std::vector<PrebuiltLibrary>& prebuilt) {
  if (prebuilt.empty()) return "";
  CodeWriter w('@');
  w.Emit(R"dart(

    // The prebuilt libraries of generators.dart.prebuilt in @idl@, by platform:
    // prebuilt/<platform>/<library file> and its SHA-256.
    const _prebuilt = <String, String>{
      @digests@
    };

    // Bundles the target's prebuilt library, if the package has one, after
    // checking its SHA-256; false if the library is to be built.
    Future<bool> _bundlePrebuilt(BuildInput input, BuildOutputBuilder output) async {
      final code = input.config.code;
      final os = code.targetOS;
      final arch = code.targetArchitecture;
      final osName = os == OS.android ? 'android' : os == OS.iOS ? 'ios' : os == OS.linux ? 'linux'
          : os == OS.macOS ? 'macos' : os == OS.windows ? 'windows' : '$os';
      final archName = arch == Architecture.arm ? 'arm' : arch == Architecture.arm64 ? 'arm64'
          : arch == Architecture.ia32 ? 'ia32' : arch == Architecture.x64 ? 'x64'
          : arch == Architecture.riscv64 ? 'riscv64' : '$arch';
      final simulator = os == OS.iOS && code.iOS.targetSdk == IOSSdk.iPhoneSimulator;
      final platform = '$osName-$archName${simulator ? '-simulator' : ''}';
      final expected = _prebuilt[platform];
      if (expected == null) return false;
      final path = 'prebuilt/$platform/${os.dylibFileName('@lib@')}';
      final file = input.packageRoot.resolve(path);
      if (!File.fromUri(file).existsSync()) {
        throw StateError('@pkg@: $path is missing; generators.dart.prebuilt lists it');
      }
      final actual = sha256.convert(await File.fromUri(file).readAsBytes()).toString();
      if (actual != expected) {
        throw StateError('@pkg@: $path has SHA-256 $actual, not $expected as generators.dart.prebuilt says; '
            'it is not the library this package was released with');
      }
      output.assets.code.add(CodeAsset(
        package: input.packageName,
        name: '@pkg@.dart',
        linkMode: DynamicLoadingBundled(),
        file: file,
      ));
      output.dependencies.add(file);
      return true;
    }
  )dart",
         {{"idl", IdlBasename(api)},
          {"pkg", pkg},
          {"lib", lib},
          {"digests", CodeWriter::Callback([&] {
             for (const PrebuiltLibrary& l : prebuilt) w.Line(fmt::format("'{}': '{}',", l.platform, l.sha256));
           })}});
  return w.Take();
}

// The hook's lines that use HookPrebuilt's function, and its import.
CodeWriter::Vars HookPrebuiltVars(CodeWriter& w, const ir::Api& api, const std::string& pkg, const std::string& lib,
                                  const std::vector<PrebuiltLibrary>& prebuilt) {
  bool any = !prebuilt.empty();
  return {{"prebuilt_import", any ? "import 'package:crypto/crypto.dart';\n" : ""},
          {"prebuilt_use", CodeWriter::Callback([&w, any] {
             if (!any) return;
             w.Line("// A prebuilt library for the target is bundled instead of building one.");
             w.Line("if (await _bundlePrebuilt(input, output)) return;");
           })},
          {"prebuilt_code", any ? "\n\n" + HookPrebuilt(api, pkg, lib, prebuilt) : ""}};
}

// hook/build.dart: builds lib<lib> from src/ with the target's C++ toolchain
// (package:native_toolchain_c) as the code asset package:<pkg>/<pkg>.dart.
std::string BuildHook(const ir::Api& api, const std::string& pkg, const std::string& lib,
                      const NativeSources& native, const std::vector<PrebuiltLibrary>& prebuilt) {
  std::string sources;
  for (const std::string& f : native.sources) sources += "'src/" + f + "', ";
  CodeWriter w('@');
  w.Emit(R"dart(
    // Generated by seam @version@ from @idl@. DO NOT EDIT.
    //
    // Builds lib@lib@ from src/ with the target's C++ toolchain whenever a Dart or
    // Flutter app that depends on this package builds, and bundles it as the code
    // asset package:@pkg@/@pkg@.dart, which lib/@pkg@.dart loads. Your
    // implementation is src/@lib@_impl.cc; until it exists the stub is built.
    import 'dart:io';

    import 'package:code_assets/code_assets.dart';
    @prebuilt_import@import 'package:hooks/hooks.dart';
    import 'package:native_toolchain_c/native_toolchain_c.dart';

    void main(List<String> args) async {
      await build(args, (input, output) async {
        if (!input.config.buildCodeAssets) return;
        @prebuilt_use@
        final os = input.config.code.targetOS;
        final elf = os == OS.linux || os == OS.android;
        final apple = os == OS.macOS || os == OS.iOS;
        final impl = input.packageRoot.resolve('src/@lib@_impl.cc');
        final implementation = File.fromUri(impl).existsSync() ? 'src/@lib@_impl.cc' : 'src/@stub@';
        // Export exactly the C ABI: hidden visibility, and a version script for
        // the C++ standard library's template instantiations.
        final exports = File.fromUri(input.outputDirectory.resolve('@lib@.exports'))
          ..writeAsStringSync('{ global: @patterns@ local: *; };\n');
        await CBuilder.library(
          name: '@lib@',
          assetName: '@pkg@.dart',
          language: Language.cpp,
          std: 'c++20',
          sources: [@sources@implementation],
          includes: ['src'],
          defines: {'@P@_BUILD': '1'},
          cppLinkStdLib: os == OS.android ? 'c++_static' : null,
          libraries: [if (os == OS.linux) 'pthread'],
          flags: [
            if (os != OS.windows) ...['-fvisibility=hidden', '-fvisibility-inlines-hidden'],
            if (elf) '-Wl,--version-script=${exports.path}',
            if (os == OS.android) '-Wl,-z,max-page-size=16384',
            if (apple) ...'@apple@'.split(' '),
          ],
        ).run(input: input, output: output);
      });
    }@prebuilt_code@
  )dart",
         [&] {
           CodeWriter::Vars vars = HookPrebuiltVars(w, api, pkg, lib, prebuilt);
           vars.merge(CodeWriter::Vars{{"version", SEAM_VERSION},
          {"idl", IdlBasename(api)},
          {"pkg", pkg},
          {"lib", lib},
          {"stub", native.stub},
          {"sources", sources},
          {"P", MacroPrefix(native.prefix)},
          {"patterns", native.prefix == "weaveffi" ? "weaveffi_*;" : "weaveffi_*; " + native.prefix + "_*;"},
          {"apple", AppleExportFlags(native.prefix, "-Wl,")}});
           return vars;
         }());
  return w.Take();
}

// generators.dart.producer: rust — the native-assets package builds its
// library from the Rust producer (rust/) with cargo instead of the C++ one.
bool RustAssets(const ir::Api& api) {
  const ir::Value* v = SettingValue(api, "dart", "producer");
  return NativeAssets(api) && v && v->text == "rust";
}

// hook/build.dart for the Rust producer: cargo for the hook's target, the
// NDK's clang as the linker on Android, the cdylib as the code asset.
std::string RustBuildHook(const ir::Api& api, const std::string& pkg, const std::string& lib,
                          const std::string& crate, const std::vector<PrebuiltLibrary>& prebuilt) {
  CodeWriter w('@');
  CodeWriter::Vars vars = HookPrebuiltVars(w, api, pkg, lib, prebuilt);
  vars.merge(CodeWriter::Vars{
      {"version", SEAM_VERSION}, {"idl", IdlBasename(api)}, {"pkg", pkg}, {"lib", lib}, {"crate", crate}});
  w.Emit(R"dart(
    // Generated by seam @version@ from @idl@. DO NOT EDIT.
    //
    // Builds lib@lib@ from the Rust crate in rust/ with cargo whenever a Dart or
    // Flutter app that depends on this package builds, and bundles it as the code
    // asset package:@pkg@/@pkg@.dart, which lib/@pkg@.dart loads. Your
    // implementation is rust/src/implementation.rs; until it exists the stub
    // (rust/src/stub.rs) is built. Needs cargo (https://rustup.rs) and the Rust
    // target of the build (the error names the `rustup target add` to run).
    import 'dart:io';

    import 'package:code_assets/code_assets.dart';
    @prebuilt_import@import 'package:hooks/hooks.dart';

    void main(List<String> args) async {
      await build(args, (input, output) async {
        if (!input.config.buildCodeAssets) return;
        @prebuilt_use@
        final code = input.config.code;
        final target = _rustTarget(code);
        final crate = input.packageRoot.resolve('rust/');
        final targetDir = input.outputDirectoryShared.resolve('cargo/');
        final key = target.toUpperCase().replaceAll('-', '_');
        final environment = <String, String>{};
        if (code.targetOS == OS.android) {
          // Linked by the NDK's clang for the app's minimum API, 16 KB pages.
          final compiler = code.cCompiler?.compiler;
          if (compiler == null) {
            throw StateError('@pkg@: building for Android needs the NDK (no C compiler in the hook input)');
          }
          final clangTarget = target == 'armv7-linux-androideabi' ? 'armv7a-linux-androideabi' : target;
          environment['CARGO_TARGET_${key}_LINKER'] = compiler.toFilePath();
          environment['CARGO_TARGET_${key}_RUSTFLAGS'] =
              '-C link-arg=--target=$clangTarget${code.android.targetNdkApi} -C link-arg=-Wl,-z,max-page-size=16384';
        }
        final result = await Process.run(
          'cargo',
          [
            'build',
            '--lib',
            '--release',
            '--target',
            target,
            '--manifest-path',
            crate.resolve('Cargo.toml').toFilePath(),
            '--target-dir',
            targetDir.toFilePath(),
          ],
          environment: environment,
          runInShell: Platform.isWindows,
        );
        if (result.exitCode != 0) {
          final missing = '${result.stderr}'.contains('target may not be installed');
          throw StateError('@pkg@: cargo build for $target failed'
              '${missing ? ' (the Rust target is not installed: run `rustup target add $target`)' : ''}:\n'
              '${result.stderr}');
        }
        output.assets.code.add(CodeAsset(
          package: input.packageName,
          name: '@pkg@.dart',
          linkMode: DynamicLoadingBundled(),
          file: targetDir.resolve('$target/release/${code.targetOS.dylibFileName('@crate@')}'),
        ));
        output.dependencies.addAll([
          crate.resolve('Cargo.toml'),
          crate.resolve('build.rs'),
          for (final f in Directory.fromUri(crate.resolve('src/')).listSync(recursive: true))
            if (f is File && f.path.endsWith('.rs')) f.uri,
        ]);
      });
    }

    // The Rust target triple of the hook's target.
    String _rustTarget(CodeConfig code) {
      final arch = code.targetArchitecture;
      final os = code.targetOS;
      String cpu() {
        if (arch == Architecture.arm64) return 'aarch64';
        if (arch == Architecture.x64) return 'x86_64';
        if (arch == Architecture.ia32) return 'i686';
        if (arch == Architecture.riscv64) return 'riscv64gc';
        throw UnsupportedError('@pkg@: no Rust target is known for $arch on $os');
      }

      if (os == OS.android) return arch == Architecture.arm ? 'armv7-linux-androideabi' : '${cpu()}-linux-android';
      if (os == OS.iOS) {
        final simulator = code.iOS.targetSdk == IOSSdk.iPhoneSimulator;
        if (arch == Architecture.x64) return 'x86_64-apple-ios';
        return simulator ? 'aarch64-apple-ios-sim' : 'aarch64-apple-ios';
      }
      if (os == OS.macOS) return '${cpu()}-apple-darwin';
      if (os == OS.linux) return arch == Architecture.arm ? 'armv7-unknown-linux-gnueabihf' : '${cpu()}-unknown-linux-gnu';
      if (os == OS.windows) return '${cpu()}-pc-windows-msvc';
      throw UnsupportedError('@pkg@: no Rust target is known for $os');
    }@prebuilt_code@
  )dart",
         vars);
  return w.Take();
}

class DartRenderer {
 public:
  // Every construct of a valid API has a Dart form, so rendering reports
  // nothing.
  explicit DartRenderer(const Input& in) : in_(in), api_(in.api()), model_(in.model()), low_(api_) {}

  std::string Package() const { return DartPackageName(api_); }

  std::vector<OutputFile> Render() {
    AssignNames();
    std::string pkg = Package();
    std::string lib = LibraryName(api_, "dart");
    for (const abi::ModuleModel& mm : model_.modules) Module(mm);

    CodeWriter out('@');
    out.LineF("// Generated by seam {} from {}", SEAM_VERSION, IdlBasename(api_));
    out.Line("// DO NOT EDIT. Your changes will be overwritten.");
    out.Line("// ignore_for_file: camel_case_types, non_constant_identifier_names");
    out.Line("// ignore_for_file: unused_element");
    out.Blank();
    out.Line("/// Dart bindings for the `" + lib + "` native library.");
    if (api_.package && api_.package->description) {
      out.Line("///");
      WriteDartDoc(out, *api_.package->description);
    }
    bool assets = NativeAssets(api_);
    // @Native functions without an assetId are the package's code asset's.
    if (assets) out.Line("@DefaultAsset(" + DartString("package:" + pkg + "/" + pkg + ".dart") + ")");
    out.Line("library;");
    out.Blank();
    out.Line("import 'dart:async';");
    out.Line("import 'dart:convert';");
    out.Line("import 'dart:ffi';");
    out.Line("import 'dart:io' show Platform, stderr;");
    out.Line("import 'dart:typed_data';");
    out.Emit(dart::kRuntime,
             {{"pkg", pkg},
              {"lib", lib},
              {"env", MacroPrefix(lib) + "_LIBRARY"},
              {"prefix", model_.prefix},
              {"rt", model_.runtime_prefix},
              {"idl", IdlBasename(api_)},
              {"contract", abi::ContractSymbol(model_)},
              {"open_asset", CodeWriter::Callback([&out, assets] {
                 if (!assets) return;
                 out.Line("final asset = _openAsset(); // built by hook/build.dart");
                 out.Line("if (asset != null) return asset;");
               })}});
    if (assets) {
      out.Emit(dart::kAssetRuntime,
               {{"contract", abi::ContractSymbol(model_)}, {"asset", "package:" + pkg + "/" + pkg + ".dart"}});
    }
    if (!natives_.str().empty()) {
      bindings_.Line("/// The library's functions, resolved in its code asset.");
      bindings_.Line("abstract final class _Natives {");
      std::string members = natives_.Take();
      while (!members.empty() && members.back() == '\n') members.pop_back();
      bindings_.Line(members);
      bindings_.Line("}");
    }
    std::string text = out.Take() + "\n// ---- The contract ----\n\n" + Contract() +
                       "\n// ---- Native functions ----\n\n" + bindings_.Take() +
                       "\n// ---- Conversions ----\n\n" + helpers_.Take() + "\n// ---- The API ----\n\n" +
                       api_out_.Take();
    std::vector<OutputFile> files;
    files.push_back({"lib/" + pkg + ".dart", WrapLines(text, WrapLanguage::kDart, kDartWidth)});
    files.push_back({"pubspec.yaml", Pubspec(pkg, assets)});
    files.push_back({"README.md", Readme(pkg, lib, assets)});
    return files;
  }

 private:
  // What these bindings were generated from (src/abi/contract.h).
  std::string Contract() const {
    CodeWriter w('@');
    w.Line("/// What these bindings were generated from: one hash per declaration,");
    w.Line("/// compared with the library's when it is loaded.");
    const std::string& text = in_.contract_text();
    bool first = true;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start) + 1;
      bool last = end >= text.size();
      w.Line((first ? "const _contract = " : "    ") + DartString(text.substr(start, end - start)) + (last ? ";" : ""));
      first = false;
      start = end;
    }
    return w.Take();
  }

  // ---- names ----
  // Public type names: UpperCamel of the IDL name; functions lowerCamel (see
  // gen/flat_names.h for clashes between modules).
  void AssignNames() {
    // A library's top-level `main` must be an entry point's.
    auto function_name = [](std::string_view n) {
      std::string m = Member(n);
      return m == "main" ? m + "_" : m;
    };
    names_ = AssignFlatNames(api_, [](std::string_view n) { return Upper(n); }, function_name, LibraryTypes(),
                             StripModulePrefix(api_, "dart"));
    // Listener functions are top-level, beside the free functions, which keep
    // their names: a register or unregister name already taken, by a free
    // function or by another listener's (listeners `x` and `x_` both spell
    // `registerX`), gets '_' appended, in declaration order.
    std::set<std::string, std::less<>> top_level;
    for (const auto& [key, fn] : names_.functions) top_level.insert(fn);
    for (uint32_t mi = 0; mi < api_.modules.size(); ++mi) {
      for (const ir::Listener& l : api_.modules[mi].listeners) {
        const std::string& scope = names_.listener_scope.at({mi, l.name});
        auto name = [&](const std::string& verb) {
          std::string n = Member(scope + verb + "_" + l.name);
          while (!top_level.insert(n).second) n += "_";
          return n;
        };
        std::string reg = name("register");
        std::string unreg = name("unregister");
        listener_fns_[&l] = {reg, unreg, name("on")};
      }
    }
  }

  std::string TypeName(uint32_t module, std::string_view name) const {
    return names_.Type(module, name, Upper(name));
  }
  std::string TypeName(const ir::DeclRef& d) const { return TypeName(d.module, low_.DeclName(d)); }
  std::string DomainName(uint32_t module) const {
    const ir::ErrorDomain& e = *api_.modules[module].errors;
    return names_.Domain(module, e.name, Upper(e.name));
  }

  // ---- FFI types from C types ----
  struct Ffi {
    std::string native, dart;
  };
  Ffi FfiOf(std::string_view c) const {
    auto [base, stars] = ShapeOfCType(c);
    static const std::map<std::string_view, std::pair<std::string_view, std::string_view>> kScalars = {
        {"int8_t", {"Int8", "int"}},     {"int16_t", {"Int16", "int"}},   {"int32_t", {"Int32", "int"}},
        {"int64_t", {"Int64", "int"}},   {"uint8_t", {"Uint8", "int"}},   {"uint16_t", {"Uint16", "int"}},
        {"uint32_t", {"Uint32", "int"}}, {"uint64_t", {"Uint64", "int"}}, {"float", {"Float", "double"}},
        {"double", {"Double", "double"}}, {"bool", {"Bool", "bool"}},     {"size_t", {"Size", "int"}},
        {"char", {"Uint8", "int"}},      {"void", {"Void", "void"}}};
    Ffi t;
    if (auto it = kScalars.find(base); it != kScalars.end()) {
      t = {std::string(it->second.first), std::string(it->second.second)};
    } else if (base == low_.HandleType()) {
      t = {"Uint64", "int"};
    } else if (base == low_.ErrorType()) {
      t = {"_Error", "_Error"};
    } else if (enum_types_.count(base)) {
      t = {"Int32", "int"};
    } else if (callback_types_.count(base)) {
      t.native = fmt::format("Pointer<NativeFunction<_cb_{}>>", base);
      t.dart = t.native;
    } else {
      t = {"Void", "void"};  // opaque objects, iterators, cancel tokens
    }
    if (stars == 0) return t;
    std::string n;
    n.reserve(t.native.size() + static_cast<size_t>(stars) * 9);
    for (int i = 0; i < stars; ++i) n += "Pointer<";
    n += t.native;
    n.append(static_cast<size_t>(stars), '>');
    return {n, n};
  }

  // Declares the lookup of one C function; returns the Dart variable.
  // `fallback`: for one of seam's `_owned` symbols, the plain symbol to bind
  // instead when the library lacks it (otherwise calls fail, see SeamOnly).
  // The native and Dart types of a C function's parameters and result.
  struct Signature {
    std::vector<std::string> nat, dart;
    Ffi ret;
  };
  Signature SignatureOf(const abi::CFunction& f) const {
    Signature sig;
    for (const abi::CParam& p : f.params) {
      Ffi t = FfiOf(p.type);
      sig.nat.push_back(t.native);
      sig.dart.push_back(t.dart);
    }
    sig.ret = FfiOf(f.ret);
    return sig;
  }
  // `_lib.lookupFunction<...>('symbol')` with `sig`'s types.
  static std::string Lookup(const Signature& sig, const std::string& symbol, bool leaf) {
    return fmt::format("_lib.lookupFunction<{}, {}>{}", NativeFunctionType(sig), DartFunctionType(sig),
                       LookupArgs(symbol, leaf));
  }
  static std::string NativeFunctionType(const Signature& sig) {
    return sig.ret.native + " Function(" + Join(sig.nat) + ")";
  }
  static std::string DartFunctionType(const Signature& sig) { return sig.ret.dart + " Function(" + Join(sig.dart) + ")"; }
  static std::string LookupArgs(const std::string& symbol, bool leaf) {
    return "(" + DartString(symbol) + (leaf ? ", isLeaf: true" : "") + ")";
  }
  // `final var = <lookup>;` laid out as the wrapper would (so that it has
  // less to read): on one line; or the lookup on a line of its own; or split
  // at the pair with more content, the type arguments or (on a tie) the
  // arguments, each one per line. What is still too long the wrapper splits.
  static std::string LookupDeclaration(const std::string& var, const Signature& sig, const std::string& symbol,
                                       bool leaf) {
    std::string head = "final " + var + " =";
    std::string value = Lookup(sig, symbol, leaf);
    if (head.size() + value.size() + 2 <= kDartWidth) return head + " " + value + ";";
    if (head.size() <= kDartWidth && value.size() + 5 <= kDartWidth) return head + "\n    " + value + ";";
    std::string native = NativeFunctionType(sig), dart = DartFunctionType(sig), args = LookupArgs(symbol, leaf);
    if (native.size() + 2 + dart.size() > args.size() - 2) {
      return ListLines(head + " _lib.lookupFunction<", {native, dart}, ">" + args + ";", kDartWidth, 2, false);
    }
    std::vector<std::string> items = {DartString(symbol)};
    if (leaf) items.push_back("isLeaf: true");
    return ListLines(head + " _lib.lookupFunction<" + native + ", " + dart + ">(", items, ");", kDartWidth, 2, true);
  }

  std::string Bind(const abi::CFunction& f, bool leaf = true, const std::string& fallback = "") {
    std::string var = "_f_" + f.symbol;
    if (native_ && natives_by_var_.count(var)) return natives_by_var_.at(var);
    if (bound_.insert(f.symbol).second) {
      Signature sig = SignatureOf(f);
      const std::vector<std::string>& nat = sig.nat;
      const std::vector<std::string>& dart = sig.dart;
      const Ffi& r = sig.ret;
      if (native_) {
        // A code asset's library is always seam's: every symbol is there.
        // Static members of a private class, not private functions: Dart
        // 3.7's compiler crashes on `.address` arguments to a private
        // @Native function.
        std::vector<std::string> params;
        for (size_t i = 0; i < dart.size(); ++i) params.push_back(dart[i] + " p" + std::to_string(i));
        if (!natives_.str().empty()) natives_.Blank();
        natives_.LineF("  @Native<{} Function({})>(symbol: {}{})", r.native, Join(nat), DartString(f.symbol),
                       leaf ? ", isLeaf: true" : "");
        natives_.LineF("  external static {} f_{}({});", r.dart, f.symbol, Join(params));
        return natives_by_var_[var] = "_Natives.f_" + f.symbol;
      }
      std::string has = "_lib.providesSymbol(" + DartString(f.symbol) + ")";
      if (!fallback.empty()) {
        bindings_.Line(ConditionalDeclaration(var, has, Lookup(sig, f.symbol, leaf), Lookup(sig, fallback, leaf)));
      } else if (f.symbol.ends_with("_owned")) {
        bindings_.Line(ConditionalDeclaration(var, has, Lookup(sig, f.symbol, leaf),
                                              "_needsSeam(" + DartString(f.symbol) + ")"));
      } else {
        bindings_.Line(LookupDeclaration(var, sig, f.symbol, leaf));
      }
    }
    return var;
  }
  // `final var = cond ? a : b;` laid out as the wrapper would: on one line;
  // or, when `final var = cond` is too long, the value on lines of its own,
  // `? a` and `: b` on a line each; or else `final var = cond` first.
  static std::string ConditionalDeclaration(const std::string& var, const std::string& cond, const std::string& a,
                                            const std::string& b) {
    std::string head = "final " + var + " = " + cond;
    if (head.size() + a.size() + b.size() + 7 <= kDartWidth) return head + " ? " + a + " : " + b + ";";
    if (head.size() <= kDartWidth) return head + "\n    ? " + a + "\n    : " + b + ";";
    std::string value = "    " + cond + " ? " + a + " : " + b + ";";
    if (value.size() <= kDartWidth) return "final " + var + " =\n" + value;
    return "final " + var + " =\n    " + cond + "\n        ? " + a + "\n        : " + b + ";";
  }
  // The lookup of one of seam's additive symbols that the bindings can do
  // without: null when the library lacks it (one not built by seam).
  std::string BindOptional(const abi::CFunction& f, bool leaf) {
    std::string var = "_f_" + f.symbol;
    if (bound_.insert(f.symbol).second) {
      bindings_.Line(ConditionalDeclaration(var, "_lib.providesSymbol(" + DartString(f.symbol) + ")",
                                            Lookup(SignatureOf(f), f.symbol, leaf), "null"));
    }
    return var;
  }
  std::string BindPointer(const abi::CFunction& f) {
    std::string var = "_p_" + f.symbol;
    if (bound_.insert("&" + f.symbol).second) {
      if (native_) {
        bindings_.LineF("final {} = Native.addressOf<NativeFunction<Void Function(Pointer<Void>)>>({});", var,
                        Bind(f));
      } else {
        bindings_.LineF("final {} = _lib.lookup<NativeFunction<Void Function(Pointer<Void>)>>({});", var,
                        DartString(f.symbol));
      }
    }
    return var;
  }

  // Whether the library exports `symbol` (one of seam's additive ones).
  std::string Owns(const std::string& symbol) {
    std::string var = "_has_" + symbol;
    if (bound_.insert("?" + symbol).second) {
      bindings_.LineF("final {} = _lib.providesSymbol({});", var, DartString(symbol));
    }
    return var;
  }

  // A lookup of one of seam's additive `_owned` symbols: a library that does
  // not export it (one not built by seam) fails with a clear message on use.
  static std::string SeamOnly(const std::string& symbol, const std::string& lookup) {
    if (!symbol.ends_with("_owned")) return lookup;
    return fmt::format("_lib.providesSymbol({0}) ? {1} : _needsSeam({0})", DartString(symbol), lookup);
  }

  static std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string s;
    for (const std::string& x : v) {
      if (!s.empty()) s += sep;
      s += x;
    }
    return s;
  }

  // ---- types ----
  std::string DartType(const TypeRef& t) const {
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kF32:
          case Primitive::kF64: return "double";
          case Primitive::kBool: return "bool";
          case Primitive::kString:
          case Primitive::kBorrowedStr: return "String";
          case Primitive::kBytes:
          case Primitive::kBorrowedBytes: return "Uint8List";
          default: return "int";
        }
      case TypeKind::kNamed: return TypeName(t.decl);
      case TypeKind::kTypedHandle: return "Handle<" + TypeName(t.decl) + ">";
      case TypeKind::kOptional: return DartType(abi::StripOptional(t)) + "?";
      case TypeKind::kList: return "List<" + DartType(t.args[0]) + ">";
      case TypeKind::kMap: return "Map<" + DartType(t.args[0]) + ", " + DartType(t.args[1]) + ">";
      case TypeKind::kIterator: return "Iterable<" + DartType(t.args[0]) + ">";
    }
    throw InternalError("unknown type in the dart target");
  }
  // Parameter types accept any List<int> for bytes.
  std::string ParamType(const TypeRef& t) const {
    const TypeRef& s = abi::StripOptional(t);
    if (s.kind == TypeKind::kPrimitive &&
        (s.primitive == Primitive::kBytes || s.primitive == Primitive::kBorrowedBytes)) {
      return t.kind == TypeKind::kOptional ? "List<int>?" : "List<int>";
    }
    return DartType(t);
  }

  // The native slot type of a single-slot value, or of an array element.
  std::string Native(const TypeRef& t) const {
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kI8: return "Int8";
          case Primitive::kI16: return "Int16";
          case Primitive::kI32: return "Int32";
          case Primitive::kI64: return "Int64";
          case Primitive::kU8: return "Uint8";
          case Primitive::kU16: return "Uint16";
          case Primitive::kU32: return "Uint32";
          case Primitive::kU64:
          case Primitive::kHandle: return "Uint64";
          case Primitive::kF32: return "Float";
          case Primitive::kF64: return "Double";
          case Primitive::kBool: return "Bool";
          case Primitive::kString:
          case Primitive::kBorrowedStr: return "Pointer<Uint8>";
          case Primitive::kBytes:
          case Primitive::kBorrowedBytes: return "Pointer<Uint8>";
        }
        break;
      case TypeKind::kNamed: return t.decl.kind == DeclKind::kEnum ? "Int32" : "Pointer<Void>";
      // `handle<T>` is spelled `T*` in C: an enum's pointer is `int32_t*`.
      case TypeKind::kTypedHandle: return t.decl.kind == DeclKind::kEnum ? "Pointer<Int32>" : "Pointer<Void>";
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        return abi::IsPointerKind(inner) ? Native(inner) : "Pointer<" + Native(inner) + ">";
      }
      case TypeKind::kList: return "Pointer<" + Native(t.args[0]) + ">";
      case TypeKind::kMap: return "Pointer<Void>";
      case TypeKind::kIterator: return "Pointer<Void>";
    }
    throw InternalError("unknown type in the dart target");
  }
  // The Dart-side type of a native slot.
  static std::string SlotDart(const std::string& native) {
    if (native.starts_with("Pointer")) return native;
    if (native == "Float" || native == "Double") return "double";
    if (native == "Bool") return "bool";
    return "int";
  }

  static bool MultiSlot(const TypeRef& t) {
    Carrier k = abi::CarrierOf(abi::StripOptional(t));
    return k == Carrier::kBytes || k == Carrier::kList || k == Carrier::kMap;
  }

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
  static std::string Sanitize(std::string s) {
    for (char& c : s) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
    }
    return s;
  }

  void Flush(const CodeWriter& w) {
    std::string text = w.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    helpers_.Line(text);
    helpers_.Blank();
  }

  // ---- packed results (abi/packed.h): one buffer read with ByteData ----
  const abi::Packing& packing() const { return *model_.packing; }

  static std::string At(const std::string& o, uint32_t offset) {
    return offset == 0 ? o : o + " + " + std::to_string(offset);
  }

  // An expression reading a value of type `t` from ByteData `d` at `o`.
  std::string PkRead(const TypeRef& t0, const std::string& o) {
    const TypeRef& t = t0.kind == TypeKind::kOptional ? abi::CollapseOptional(t0) : t0;
    switch (t.kind) {
      case TypeKind::kPrimitive:
        switch (t.primitive) {
          case Primitive::kI8: return "d.getInt8(" + o + ")";
          case Primitive::kU8: return "d.getUint8(" + o + ")";
          case Primitive::kBool: return "d.getUint8(" + o + ") != 0";
          case Primitive::kI16: return "d.getInt16(" + o + ", Endian.host)";
          case Primitive::kU16: return "d.getUint16(" + o + ", Endian.host)";
          case Primitive::kI32: return "d.getInt32(" + o + ", Endian.host)";
          case Primitive::kU32: return "d.getUint32(" + o + ", Endian.host)";
          case Primitive::kI64: return "d.getInt64(" + o + ", Endian.host)";
          case Primitive::kU64:
          case Primitive::kHandle: return "d.getUint64(" + o + ", Endian.host)";
          case Primitive::kF32: return "d.getFloat32(" + o + ", Endian.host)";
          case Primitive::kF64: return "d.getFloat64(" + o + ", Endian.host)";
          case Primitive::kString:
          case Primitive::kBorrowedStr: return PkHelper("_pkString") + "(d, " + o + ")";
          default: return PkHelper("_pkBytes") + "(d, " + o + ")";
        }
      case TypeKind::kNamed:
        if (t.decl.kind == DeclKind::kEnum) return DartType(t) + ".fromValue(d.getInt32(" + o + ", Endian.host))";
        return PkRecord(t) + "(d, " + o + ")";
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        return "(d.getUint8(" + o + ") == 0 ? null : " + PkRead(inner, At(o, packing().Layout(inner).align)) + ")";
      }
      case TypeKind::kList:
        return fmt::format("{}<{}>(d, {}, {}, {})", PkHelper("_pkList"), DartType(t.args[0]), o,
                           packing().Layout(t.args[0]).size, PkFn(t.args[0]));
      case TypeKind::kMap: {
        abi::PackedRecord entry = packing().Entry(t);
        return fmt::format("{}<{}, {}>(d, {}, {}, {}, {}, {})", PkHelper("_pkMap"), DartType(t.args[0]),
                           DartType(t.args[1]), o, entry.layout.size, entry.offsets[1], PkFn(t.args[0]),
                           PkFn(t.args[1]));
      }
      default: break;
    }
    throw InternalError("a type that cannot be packed reached the Dart packed reader");
  }
  // A `T Function(ByteData, int)`: a record's reader, or a closure.
  std::string PkFn(const TypeRef& t) {
    if (t.kind == TypeKind::kNamed && t.decl.kind == DeclKind::kStruct) return PkRecord(t);
    return "(d, o) => " + PkRead(t, "o");
  }
  // `R _pk_<tag>(ByteData d, int o)` for a packable record.
  std::string PkRecord(const TypeRef& t) {
    std::string name = "_pk_" + Sanitize(Key(t));
    if (!made_.insert(name).second) return name;
    const ir::Struct& s = api_.modules[t.decl.module].structs[t.decl.index];
    const abi::PackedRecord* r = packing().Record(t.decl);
    std::vector<std::string> named;
    for (size_t i = 0; i < s.fields.size(); ++i) {
      named.push_back(Field(s.fields[i]) + ": " + PkRead(s.fields[i].type, At("o", r->offsets[i])));
    }
    CodeWriter w;
    if (s.fields.empty()) {
      w.LineF("{0} {1}(ByteData d, int o) => {0}();", DartType(t), name);
    } else {
      w.LineF("{} {}(ByteData d, int o) => {}({});", DartType(t), name, DartType(t), Join(named));
    }
    Flush(w);
    return name;
  }
  // The runtime's packed readers, each written once when first used.
  std::string PkHelper(const std::string& name) {
    if (!made_.insert(name).second) return name;
    CodeWriter w;
    if (name == "_pkString") {
      w.Line("String _pkString(ByteData d, int o) => utf8.decode(d.buffer.asUint8List(d.offsetInBytes + d.getUint32(o, Endian.host), d.getUint32(o + 4, Endian.host)));");
    } else if (name == "_pkBytes") {
      w.Line("Uint8List _pkBytes(ByteData d, int o) => Uint8List.fromList(d.buffer.asUint8List(d.offsetInBytes + d.getUint32(o, Endian.host), d.getUint32(o + 4, Endian.host)));");
    } else if (name == "_pkList") {
      w.Line("List<T> _pkList<T>(ByteData d, int o, int size, T Function(ByteData, int) read) {");
      w.Line("  final at = d.getUint32(o, Endian.host);");
      w.Line("  return List<T>.generate(d.getUint32(o + 4, Endian.host), (i) => read(d, at + i * size));");
      w.Line("}");
    } else if (name == "_pkMap") {
      w.Line("Map<K, V> _pkMap<K, V>(ByteData d, int o, int size, int valueAt, K Function(ByteData, int) key, V Function(ByteData, int) value) {");
      w.Line("  final at = d.getUint32(o, Endian.host), n = d.getUint32(o + 4, Endian.host);");
      w.Line("  return {for (var i = 0; i < n; i++) key(d, at + i * size): value(d, at + i * size + valueAt)};");
      w.Line("}");
    } else {  // _unpack
      w.Line("/// Reads a packed result (seam's `_packed` symbols), then frees it.");
      w.Line("T _unpack<T>(Pointer<Uint8> p, int n, T Function(ByteData, int) read) {");
      w.Line("  try {");
      w.Line("    return read(ByteData.sublistView(p.asTypedList(n)), 0);");
      w.Line("  } finally {");
      w.Line("    _freeBytes(p, n);");
      w.Line("  }");
      w.Line("}");
    }
    Flush(w);
    return name;
  }

  // ---- readers: owned native slots -> Dart value, freeing the native ----
  // Returns a call expression over `args` (the slot expressions).
  std::string Read(const TypeRef& t, const std::vector<std::string>& args) {
    const TypeRef& s = t.kind == TypeKind::kOptional ? abi::CollapseOptional(t) : t;
    if (s.kind == TypeKind::kPrimitive && ir::IsScalar(s.primitive)) return args[0];
    if (s.kind == TypeKind::kPrimitive && s.primitive == Primitive::kHandle) return args[0];
    return ReaderName(s) + "(" + Join(args) + ")";
  }

  std::string ReaderName(const TypeRef& t) {
    std::string name = "_r_" + Sanitize(Key(t));
    if (!made_.insert(name).second) return name;
    CodeWriter w;
    std::string ret = DartType(t);
    switch (t.kind) {
      case TypeKind::kPrimitive:
        if (t.primitive == Primitive::kString || t.primitive == Primitive::kBorrowedStr) {
          w.LineF("String {}(Pointer<Uint8> p) => _takeUtf8(p);", name);
        } else {  // bytes
          w.LineF("Uint8List {}(Pointer<Uint8> p, int n) => _takeBytes(p, n);", name);
        }
        break;
      case TypeKind::kNamed:
        if (t.decl.kind == DeclKind::kEnum) {
          w.LineF("{0} {1}(int v) => {0}.fromValue(v);", ret, name);
        } else if (t.decl.kind == DeclKind::kInterface) {
          w.LineF("{0} {1}(Pointer<Void> p) => {0}._(p);", ret, name);
        } else {
          w.LineF("{0} {1}(Pointer<Void> p) {{", ret, name);
          w.Line("  try {");
          w.LineF("    return {}._read(p);", ret);
          w.Line("  } finally {");
          w.LineF("    {}(p);", DestroyOf(t.decl));
          w.Line("  }");
          w.Line("}");
        }
        break;
      case TypeKind::kTypedHandle:
        w.LineF("{} {}({} p) => {}(p.address);", ret, name, Native(t), ret);
        break;
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        if (!abi::IsPointerKind(inner)) {
          std::string n = Native(inner);
          std::string v = Read(inner, {"p.value"});
          w.LineF("{} {}(Pointer<{}> p) {{", ret, name, n);
          w.Line("  if (p == nullptr) return null;");
          w.Line("  try {");
          w.LineF("    return {};", v);
          w.Line("  } finally {");
          w.LineF("    _freeBytes(p.cast(), sizeOf<{}>());", n);
          w.Line("  }");
          w.Line("}");
        } else if (MultiSlot(inner)) {
          bool map = abi::CarrierOf(inner) == Carrier::kMap;
          if (map) {
            w.LineF("{} {}(Pointer<Void> k, Pointer<Void> v, int n) => k == nullptr ? null : {};", ret,
                               name, Read(inner, {"k", "v", "n"}));
          } else {
            w.LineF("{} {}({} p, int n) => p == nullptr ? null : {};", ret, name, Native(inner),
                               Read(inner, {"p", "n"}));
          }
        } else {
          w.LineF("{} {}({} p) => p == nullptr ? null : {};", ret, name, Native(inner),
                             Read(inner, {"p"}));
        }
        break;
      }
      case TypeKind::kList: {
        const TypeRef& e = t.args[0];
        std::string n = Native(e);
        w.LineF("{} {}(Pointer<{}> p, int n) {{", ret, name, n);
        w.Line("  if (p == nullptr) return [];");
        w.Line("  try {");
        w.LineF("    return [for (var i = 0; i < n; i++) {}];", Read(e, {"p[i]"}));
        w.Line("  } finally {");
        w.LineF("    _freeBytes(p.cast(), n * sizeOf<{}>());", n);
        w.Line("  }");
        w.Line("}");
        break;
      }
      case TypeKind::kMap: {
        std::string kn = Native(t.args[0]), vn = Native(t.args[1]);
        w.LineF("{} {}(Pointer<Void> k, Pointer<Void> v, int n) {{", ret, name);
        w.Line("  if (k == nullptr) return {};");
        w.LineF("  final keys = k.cast<{}>();", kn);
        w.LineF("  final values = v.cast<{}>();", vn);
        w.Line("  try {");
        w.LineF("    return {{for (var i = 0; i < n; i++) {}: {}}};", Read(t.args[0], {"keys[i]"}),
                           Read(t.args[1], {"values[i]"}));
        w.Line("  } finally {");
        w.LineF("    _freeBytes(k.cast(), n * sizeOf<{}>());", kn);
        w.LineF("    _freeBytes(v.cast(), n * sizeOf<{}>());", vn);
        w.Line("  }");
        w.Line("}");
        break;
      }
      case TypeKind::kIterator:
        throw InternalError("iterator reader");
    }
    Flush(w);
    return name;
  }

  // ---- writers: Dart value -> native slots for one call ----
  // Returns an expression of the slot value, or of a record of slots.
  std::string Write(const TypeRef& t, const std::string& v, const std::string& arena = "a") {
    const TypeRef& s = t.kind == TypeKind::kOptional ? abi::CollapseOptional(t) : t;
    if (s.kind == TypeKind::kPrimitive && (ir::IsScalar(s.primitive) || s.primitive == Primitive::kHandle)) return v;
    if (s.kind == TypeKind::kNamed && s.decl.kind == DeclKind::kEnum) return v + ".value";
    if (s.kind == TypeKind::kNamed && s.decl.kind == DeclKind::kInterface) return v + "._self";
    if (s.kind == TypeKind::kTypedHandle) return Native(s) + ".fromAddress(" + v + ".address)";
    if (s.kind == TypeKind::kOptional && s.args[0].kind == TypeKind::kTypedHandle) {
      return Native(s.args[0]) + ".fromAddress(" + v + "?.address ?? 0)";
    }
    if (s.kind == TypeKind::kOptional && abi::CarrierOf(s.args[0]) == Carrier::kInterface) {
      return "(" + v + "?._self ?? nullptr)";
    }
    return WriterName(s) + "(" + v + ", " + arena + ")";
  }

  std::string WriterName(const TypeRef& t) {
    std::string name = "_w_" + Sanitize(Key(t));
    if (!made_.insert(name).second) return name;
    CodeWriter w;
    std::string in = ParamType(t);
    switch (t.kind) {
      case TypeKind::kPrimitive:
        if (t.primitive == Primitive::kString || t.primitive == Primitive::kBorrowedStr) {
          w.LineF("Pointer<Uint8> {}(String v, _Arena a) => _toUtf8(v, a);", name);
        } else {
          w.LineF("(Pointer<Uint8>, int) {}(List<int> v, _Arena a) => (_toBytes(v, a), v.length);", name);
        }
        break;
      case TypeKind::kNamed:
        w.LineF("Pointer<Void> {}({} v, _Arena a) => v._write(a);", name, in);
        break;
      case TypeKind::kTypedHandle:
        w.LineF("{0} {1}({2} v, _Arena a) => {0}.fromAddress(v.address);", Native(t), name, in);
        break;
      case TypeKind::kOptional: {
        const TypeRef& inner = abi::StripOptional(t);
        if (abi::CarrierOf(inner) == Carrier::kInterface) {
          w.LineF("Pointer<Void> {}({} v, _Arena a) => v == null ? nullptr : v._self;", name, in);
        } else if (!abi::IsPointerKind(inner)) {
          std::string n = Native(inner);
          w.LineF("Pointer<{}> {}({} v, _Arena a) {{", n, name, in);
          w.Line("  if (v == null) return nullptr;");
          w.LineF("  final p = a.allocate<{}>(sizeOf<{}>());", n, n);
          w.LineF("  p.value = {};", Write(inner, "v"));
          w.Line("  return p;");
          w.Line("}");
        } else if (MultiSlot(inner)) {
          bool map = abi::CarrierOf(inner) == Carrier::kMap;
          std::string rec = map ? "(Pointer<Void>, Pointer<Void>, int)" : "(" + Native(inner) + ", int)";
          std::string none = map ? "(nullptr, nullptr, 0)" : "(nullptr, 0)";
          w.LineF("{} {}({} v, _Arena a) => v == null ? {} : {};", rec, name, in, none,
                             Write(inner, "v"));
        } else {
          w.LineF("{} {}({} v, _Arena a) => v == null ? nullptr : {};", Native(inner), name, in,
                             Write(inner, "v"));
        }
        break;
      }
      case TypeKind::kList: {
        const TypeRef& e = t.args[0];
        std::string n = Native(e);
        w.LineF("(Pointer<{}>, int) {}({} v, _Arena a) {{", n, name, in);
        w.LineF("  final p = a.allocate<{}>(v.length * sizeOf<{}>());", n, n);
        w.LineF("  for (var i = 0; i < v.length; i++) {{ p[i] = {}; }}", Write(e, "v[i]"));
        w.Line("  return (p, v.length);");
        w.Line("}");
        break;
      }
      case TypeKind::kMap: {
        std::string kn = Native(t.args[0]), vn = Native(t.args[1]);
        w.LineF("(Pointer<Void>, Pointer<Void>, int) {}({} v, _Arena a) {{", name, in);
        w.LineF("  final k = a.allocate<{}>(v.length * sizeOf<{}>());", kn, kn);
        w.LineF("  final vs = a.allocate<{}>(v.length * sizeOf<{}>());", vn, vn);
        w.Line("  var i = 0;");
        w.Line("  for (final e in v.entries) {");
        w.LineF("    k[i] = {};", Write(t.args[0], "e.key"));
        w.LineF("    vs[i] = {};", Write(t.args[1], "e.value"));
        w.Line("    i++;");
        w.Line("  }");
        w.Line("  return (k.cast(), vs.cast(), v.length);");
        w.Line("}");
        break;
      }
      case TypeKind::kIterator:
        throw InternalError("iterator writer");
    }
    Flush(w);
    return name;
  }

  // Argument expressions for a value's C slots, via temporaries in `pre`.
  std::vector<std::string> Args(const TypeRef& t, const std::string& v, std::vector<std::string>& pre) {
    std::string e = Write(t, v, "a$");
    if (!MultiSlot(t)) return {e};
    std::string tmp = "_" + std::to_string(temp_++);
    pre.push_back("final " + tmp + " = " + e + ";");
    bool map = abi::CarrierOf(abi::StripOptional(t)) == Carrier::kMap;
    if (map) return {tmp + ".$1.cast()", tmp + ".$2.cast()", tmp + ".$3"};
    return {tmp + ".$1", tmp + ".$2"};
  }
  static bool NeedsArena(const TypeRef& t) {
    const TypeRef& s = abi::StripOptional(t);
    if (t.kind == TypeKind::kOptional && !abi::IsPointerKind(s) && abi::CarrierOf(s) != Carrier::kInterface) {
      return true;  // a boxed value
    }
    switch (abi::CarrierOf(s)) {
      case Carrier::kScalar:
      case Carrier::kEnum:
      case Carrier::kHandle:
      case Carrier::kInterface:
      case Carrier::kTypedHandle:
        return false;
      default:
        return true;
    }
  }

  std::string DestroyOf(const ir::DeclRef& d) {
    const abi::ModuleModel& mm = model_.modules[d.module];
    if (d.kind == DeclKind::kStruct) {
      for (const abi::StructModel& s : mm.structs) {
        if (s.decl == &api_.modules[d.module].structs[d.index]) return Bind(s.destroy);
      }
    } else if (d.kind == DeclKind::kRichEnum || d.kind == DeclKind::kEnum) {
      for (const abi::RichEnumModel& r : mm.rich_enums) {
        if (r.decl == &api_.modules[d.module].enums[d.index]) return Bind(r.destroy);
      }
    }
    throw InternalError("no destroy function for a declaration");
  }

  // A field's member name; variant fields also avoid `tag`.
  // Field, parameter and enum member names: lowerCamel, escaped, and unique
  // among their siblings ("tag" and "TAG" become tag_ and tag__).
  std::string Field(const ir::Field& f) const { return local_names_.at(&f); }
  std::string Param(const ir::Param& p) const { return local_names_.at(&p); }
  std::string EnumMember(const ir::EnumVariant& v) const { return local_names_.at(&v); }
  std::string Factory(const ir::EnumVariant& v) const { return local_names_.at(&v.fields); }

  // ---- the domain of a module: its own or the nearest ancestor's ----
  std::string DomainFn(uint32_t module) const {
    uint32_t scope = api_.modules[module].error_scope;
    return scope == ir::kNoModule ? "" : "_domain" + DomainName(scope);
  }
  std::string Check(uint32_t module) const {
    std::string d = DomainFn(module);
    return d.empty() ? "_check(_err);" : "_check(_err, " + d + ");";
  }

  // ---- modules ----
  void Module(const abi::ModuleModel& mm) {
    const ir::Module& m = *mm.decl;
    module_ = mm.index;
    CodeWriter& w = api_out_;
    w.Line("// ---- Module " + m.DottedPath() + " ----");
    w.Blank();
    if (m.errors) Domain(mm);
    size_t rich = 0;
    for (size_t i = 0; i < m.enums.size(); ++i) {
      if (m.enums[i].rich()) {
        RichEnum(mm.rich_enums[rich++], m.enums[i]);
      } else {
        PlainEnum(m.enums[i]);
      }
    }
    for (const abi::StructModel& s : mm.structs) Record(s);
    for (const abi::InterfaceModel& i : mm.interfaces) Interface(mm, i);
    for (const abi::ListenerModel& l : mm.listeners) Listener(mm, l);
    for (const abi::CallableModel& c : mm.functions) {
      Callable(mm, c, nullptr, names_.functions.at({mm.index, c.fn->name}));
    }
  }

  // The native typedef of a C function-pointer type; returns its Dart name.
  std::string CallbackTypedef(const std::string& c_type, const std::vector<abi::CParam>& params) {
    std::string name = "_cb_" + c_type;
    if (bound_.insert("cb:" + c_type).second) {
      std::vector<std::string> nat;
      for (const abi::CParam& p : params) nat.push_back(FfiOf(p.type).native);
      bindings_.LineF("typedef {} = Void Function({});", name, Join(nat));
    }
    return name;
  }

  // Dart expressions for IR values from the owned C slots `slots`, starting at
  // `at` (advanced past the value's slots).
  std::string ReadOwned(const TypeRef& t, const std::vector<std::string>& slots, size_t& at) {
    size_t n = 1;
    Carrier k = abi::CarrierOf(abi::StripOptional(t));
    if (MultiSlot(t)) n = k == Carrier::kMap ? 3 : 2;
    std::vector<std::string> args(slots.begin() + static_cast<long>(at), slots.begin() + static_cast<long>(at + n));
    at += n;
    if (k == Carrier::kMap) {
      args[0] += ".cast()";
      args[1] += ".cast()";
    } else if (k == Carrier::kList) {
      args[0] += ".cast()";
    }
    return Read(t, args);
  }

  void Listener(const abi::ModuleModel& mm, const abi::ListenerModel& l) {
    const abi::CallbackModel& cb = mm.callbacks[l.callback];
    CodeWriter& w = api_out_;
    std::string td = CallbackTypedef(cb.c_type, cb.params);
    std::string subs = "_subs_" + l.reg.symbol;
    std::vector<std::string> params, slot_params, natives;
    for (const ir::Param& p : cb.decl->params) params.push_back(DartType(p.type) + " " + Param(p));
    std::vector<std::string> slots;
    for (size_t i = 0; i + 1 < cb.params.size(); ++i) {
      std::string n = "s" + std::to_string(i) + "$";
      slots.push_back(n);
      slot_params.push_back(FfiOf(cb.params[i].type).dart + " " + n);
    }
    slot_params.push_back("Pointer<Void> ctx$");
    std::string reg = l.reg.symbol + "_owned", unreg = l.unreg.symbol + "_owned";
    bindings_.LineF(
        "final _reg_{} = {};", l.reg.symbol,
        SeamOnly(reg, fmt::format("_lib.lookupFunction<Uint64 Function(Pointer<NativeFunction<{}>>, Pointer<Void>), "
                                  "int Function(Pointer<NativeFunction<{}>>, Pointer<Void>)>({})",
                                  td, td, DartString(reg))));
    bindings_.LineF(
        "final _unreg_{} = {};", l.reg.symbol,
        SeamOnly(unreg, fmt::format("_lib.lookupFunction<Uint64 Function(Uint64), int Function(int)>({})",
                                    DartString(unreg))));
    // One long-lived callable per listener, never closed (closing one while
    // another thread is inside a trampoline hangs Dart 3.7's VM): the
    // context pointer carries the subscription's key; events of a
    // cancelled subscription are read, freed and dropped.
    std::string keys = "_keys_" + l.reg.symbol, callable = "_call_" + l.reg.symbol, handler = "_on_" + l.reg.symbol;
    {
      CodeWriter h;
      h.LineF("final Map<int, (_Subscription, void Function({}))> {} = {{}};", Join(params), subs);
      h.LineF("final Map<int, int> {} = {{}};", keys);
      h.LineF("final {} = NativeCallable<{}>.listener({})..keepIsolateAlive = false;", callable, td, handler);
      h.LineF("void {}({}) {{", handler, Join(slot_params));
      h.LineF("  final entry$ = {}[ctx$.address];", subs);
      h.Line("  try {");
      size_t at = 0;
      std::vector<std::string> vals;
      for (size_t i = 0; i < cb.decl->params.size(); ++i) {
        std::string v = "v" + std::to_string(i) + "$";
        h.LineF("    final {} = {};", v, ReadOwned(cb.decl->params[i].type, slots, at));
        vals.push_back(v);
      }
      h.LineF("    if (entry$ != null && entry$.$1.active) entry$.$2({});", Join(vals));
      h.Line("  } finally {");
      h.Line("    entry$?.$1.arrived();");
      h.Line("  }");
      h.Line("}");
      Flush(h);
    }
    const auto& [fn_name, unreg_name, stream_name] = listener_fns_.at(l.decl);
    // The Stream: one event value per call (a record for several
    // parameters, null for none).
    std::vector<std::string> names, fields;
    for (const ir::Param& p : cb.decl->params) {
      names.push_back(Param(p));
      fields.push_back(DartType(p.type) + " " + Param(p));
    }
    std::string event = fields.empty()      ? "void"
                        : fields.size() == 1 ? DartType(cb.decl->params[0].type)
                                             : "({" + Join(fields) + "})";
    // The register function itself for one parameter, else a closure.
    std::string listen = fn_name;
    if (names.empty()) {
      listen = fmt::format("(add) => {}(() => add(null))", fn_name);
    } else if (names.size() > 1) {
      std::vector<std::string> named;
      for (const std::string& n : names) named.push_back(n + ": " + n);
      listen = fmt::format("(add) => {}(({}) => add(({})))", fn_name, Join(names), Join(named));
    }
    if (WriteDartDoc(w, l.decl->doc)) w.Line("///");
    w.Line("/// The events as a [Stream], in the order the library fired them. Every");
    w.Line("/// `listen` registers a subscription of its own with the library (so any");
    w.Line("/// number of listeners may listen, each from its first event on); a paused");
    w.Line("/// subscription buffers its events; `cancel()` unregisters it from the");
    w.Line("/// library before its future completes.");
    w.LineF("Stream<{}> get {} =>", event, stream_name);
    w.LineF("    _ListenerStream<{}>({}, {});", event, listen, unreg_name);
    w.Blank();
    if (WriteDartDoc(w, l.decl->doc)) w.Line("///");
    w.Line("/// Calls [onEvent] on this isolate's event loop for every event, whichever");
    w.Line("/// native thread fires it. Returns the subscription id for [" + unreg_name + "].");
    w.LineF("/// [{}] offers the same events as a [Stream].", stream_name);
    w.LineF("int {}(void Function({}) onEvent) {{", fn_name, Join(params));
    {
      auto in = w.Indent();
      w.Line("final key$ = _nextCallId();");
      w.Line("// Gone once every event the library sent it has arrived.");
      w.Line("final sub$ = _Subscription(() {");
      w.LineF("  {}.remove(key$);", subs);
      w.LineF("  {}.keepIsolateAlive = {}.isNotEmpty;", callable, subs);
      w.Line("});");
      w.LineF("{}[key$] = (sub$, onEvent);", subs);
      w.LineF("{}.keepIsolateAlive = true;", callable);
      w.LineF("final id = _reg_{}({}.nativeFunction, Pointer<Void>.fromAddress(key$));", l.reg.symbol,
              callable);
      w.Line("if (id == 0) {");
      w.Line("  sub$.expect(0);");
      w.LineF("  throw StateError('{} could not be registered');", l.decl->name);
      w.Line("}");
      w.LineF("{}[id] = key$;", keys);
      w.Line("return id;");
    }
    w.Line("}");
    w.Blank();
    w.LineF("/// Stops the events of a [{}] subscription. Unknown ids are ignored.", fn_name);
    w.LineF("void {}(int id) {{", unreg_name);
    w.LineF("  final key$ = {}.remove(id);", keys);
    w.Line("  if (key$ == null) return;");
    w.LineF("  {}[key$]?.$1.expect(_unreg_{}(id));", subs, l.reg.symbol);
    w.Line("}");
    w.Blank();
  }

  void Domain(const abi::ModuleModel& mm) {
    const ir::ErrorDomain& e = *mm.decl->errors;
    CodeWriter& w = api_out_;
    std::string base = DomainName(mm.index);
    WriteDartDoc(w, e.doc ? e.doc : std::optional<std::string>("Errors of the `" + mm.decl->DottedPath() +
                                                                 "` module tree, one subclass per code."));
    w.LineF("sealed class {} extends NativeException {{", base);
    w.LineF("  const {}(super.code, super.message);", base);
    w.Line("}");
    w.Blank();
    for (const ir::ErrorCode& c : e.codes) {
      WriteDartDoc(w, c.doc ? c.doc : std::optional<std::string>(c.message));
      std::string cls = base + names_.Member(mm.index, e.name, c.name);
      w.LineF("final class {} extends {} {{", cls, base);
      w.LineF("  static const int errorCode = {};", c.code);
      w.LineF("  const {}([String message = {}]) : super({}, message);", cls, DartString(c.message),
                         c.code);
      w.Line("}");
      w.Blank();
    }
    w.LineF("NativeException? _domain{}(int code, String message) => switch (code) {{", base);
    for (const ir::ErrorCode& c : e.codes) {
      w.LineF("      {} => {}{}(message),", c.code, base, names_.Member(mm.index, e.name, c.name));
    }
    w.Line("      _ => null,");
    w.Line("    };");
    w.Blank();
  }

  void EnumBody(CodeWriter& w, const std::string& name, const std::vector<const ir::EnumVariant*>& variants) {
    w.Line("enum " + name + " {");
    for (size_t i = 0; i < variants.size(); ++i) {
      WriteDartDoc(w, variants[i]->doc);
      w.LineF("  {}({}){}", EnumMember(*variants[i]), variants[i]->value,
                         i + 1 == variants.size() ? ";" : ",");
    }
    w.Blank();
    w.Line("  /// The value on the C side.");
    w.Line("  final int value;");
    w.Line("  const " + name + "(this.value);");
    w.Blank();
    w.Line("  /// The constant for a C value; throws ArgumentError for an unknown one.");
    w.Line("  static " + name + " fromValue(int value) => switch (value) {");
    for (const ir::EnumVariant* v : variants) {
      w.LineF("        {} => {},", v->value, EnumMember(*v));
    }
    w.LineF("        _ => throw ArgumentError.value(value, 'value', 'not a {}'),", name);
    w.Line("      };");
    w.Line("}");
    w.Blank();
  }

  void PlainEnum(const ir::Enum& e) {
    WriteDartDoc(api_out_, e.doc);
    std::vector<const ir::EnumVariant*> vs;
    for (const ir::EnumVariant& v : e.variants) vs.push_back(&v);
    EnumBody(api_out_, TypeName(module_, e.name), vs);
  }

  // A field's Dart default (a constant), or "" when it must be passed.
  std::string Default(const ir::Field& f) const {
    if (!f.default_value) return "";
    const ir::Value& v = *f.default_value;
    const TypeRef& t = f.type;
    if (t.kind == TypeKind::kOptional) return v.kind == ir::Value::Kind::kNull ? "null" : "";
    if (t.kind == TypeKind::kPrimitive) {
      bool floating = t.primitive == Primitive::kF32 || t.primitive == Primitive::kF64;
      switch (v.kind) {
        case ir::Value::Kind::kBool: return t.primitive == Primitive::kBool ? (v.bool_value ? "true" : "false") : "";
        case ir::Value::Kind::kInt:
          if (t.primitive == Primitive::kString || t.primitive == Primitive::kBool) return "";
          if (floating) return fmt::format("{}.0", v.int_value);
          return v.big_unsigned ? std::to_string(static_cast<int64_t>(v.uint_value)) : std::to_string(v.int_value);
        case ir::Value::Kind::kFloat: {
          if (!floating) return "";
          std::string s = fmt::format("{}", v.float_value);
          if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
          if (s == "inf") return "double.infinity";
          if (s == "-inf") return "double.negativeInfinity";
          if (s == "nan") return "double.nan";
          return s;
        }
        case ir::Value::Kind::kString:
          return t.primitive == Primitive::kString ? DartString(v.text) : "";
        default: return "";
      }
    }
    if (t.kind == TypeKind::kNamed && t.decl.kind == DeclKind::kEnum && v.kind == ir::Value::Kind::kString) {
      const ir::Enum& e = api_.modules[t.decl.module].enums[t.decl.index];
      for (const ir::EnumVariant& var : e.variants) {
        if (var.name == v.text) return TypeName(t.decl) + "." + EnumMember(var);
      }
    }
    if (t.kind == TypeKind::kList && v.kind == ir::Value::Kind::kList && v.items.empty()) return "const []";
    if (t.kind == TypeKind::kMap && v.kind == ir::Value::Kind::kMap && v.entries.empty()) return "const {}";
    return "";
  }

  // Fields, constructor, ==, hashCode and toString of a value class.
  void ValueMembers(CodeWriter& w, const std::string& cls, const std::vector<ir::Field>& fields,
                    const std::string& ctor_prefix) {
    for (const ir::Field& f : fields) {
      WriteDartDoc(w, f.doc);
      w.LineF("  final {} {};", DartType(f.type), Field(f));
    }
    if (!fields.empty()) w.Blank();
    std::vector<std::string> params;
    for (const ir::Field& f : fields) {
      std::string d = Default(f);
      if (f.type.kind == TypeKind::kOptional) {
        params.push_back("this." + Field(f));
      } else if (!d.empty()) {
        params.push_back("this." + Field(f) + " = " + d);
      } else {
        params.push_back("required this." + Field(f));
      }
    }
    w.LineF("  {}const {}({});", ctor_prefix, cls, params.empty() ? "" : "{" + Join(params) + "}");
    w.Blank();
    std::vector<std::string> eq, hash, str;
    for (const ir::Field& f : fields) {
      std::string n = Field(f);
      eq.push_back("_eq(" + n + ", other." + n + ")");
      hash.push_back("_hash(" + n + ")");
      str.push_back(f.name + ": ${" + n + "}");
    }
    w.Line("  @override");
    w.LineF("  bool operator ==(Object other) => identical(this, other) || other is {}{};", cls,
                       eq.empty() ? "" : " && " + Join(eq, " && "));
    w.Blank();
    w.Line("  @override");
    w.LineF("  int get hashCode => Object.hashAll([{}]);", Join(hash.empty() ? std::vector<std::string>{
                                                                                   DartString(cls)}
                                                                             : hash));
    w.Blank();
    w.Line("  @override");
    w.Line("  String toString() => " + DartString(cls + "(").substr(0, cls.size() + 2) + Join(str) + ")';");
  }

  // The shared out-parameter slots for a function's `out_len`, `out_keys` and
  // `out_values` (read right after the call).
  static std::vector<std::string> OutArgs(const abi::CFunction& f) {
    std::vector<std::string> outs;
    for (const abi::CParam& p : f.params) {
      if (p.name == "out_len") outs.push_back("_outLen");
      if (p.name == "out_keys") outs.push_back("_outKeys.cast()");
      if (p.name == "out_values") outs.push_back("_outValues.cast()");
    }
    return outs;
  }

  // Statements reading every field of `ptr` through the getters into f0..fn.
  void ReadFields(CodeWriter& w, const std::vector<ir::Field>& fields, const std::vector<abi::CFunction>& getters,
                  const std::string& ptr) {
    for (size_t i = 0; i < fields.size(); ++i) {
      const abi::CFunction& g = getters[i];
      std::string fn = Bind(g);
      const TypeRef& t = fields[i].type;
      std::vector<std::string> outs = OutArgs(g);
      std::string call = fn + "(" + ptr + (outs.empty() ? "" : ", " + Join(outs)) + ")";
      std::string f = "f" + std::to_string(i);
      if (!MultiSlot(t)) {
        w.LineF("final {} = {};", f, Read(t, {call}));
      } else if (abi::CarrierOf(abi::StripOptional(t)) == Carrier::kMap) {
        w.Line(call + ";");
        w.LineF("final {} = {};", f, Read(t, {"_outKeys.value", "_outValues.value", "_outLen.value"}));
      } else {
        w.LineF("final {}p = {};", f, call);
        w.LineF("final {} = {};", f, Read(t, {f + "p", "_outLen.value"}));
      }
    }
  }

  // Statements creating the native object of a value from its fields; the
  // object is destroyed when the arena is released.
  void WriteObject(CodeWriter& w, const std::vector<ir::Field>& fields, const abi::CFunction& ctor,
                   const std::string& destroy) {
    temp_ = 0;
    std::vector<std::string> pre, args;
    for (const ir::Field& f : fields) {
      for (std::string& a : Args(f.type, Field(f), pre)) args.push_back(std::move(a));
    }
    args.push_back("_err");
    for (const std::string& p : pre) w.Line(p);
    w.LineF("final r$ = {}({});", Bind(ctor), Join(args));
    w.Line(Check(module_));
    w.LineF("a$.defer(() => {}(r$));", destroy);
    w.Line("return r$;");
  }

  void Record(const abi::StructModel& s) {
    const ir::Struct& d = *s.decl;
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, d.name);
    WriteDartDoc(w, d.doc);
    w.Line("final class " + cls + " {");
    ValueMembers(w, cls, d.fields, "");
    w.Blank();
    w.Line("  static " + cls + " _read(Pointer<Void> p) {");
    {
      auto in = w.Indent(2);
      ReadFields(w, d.fields, s.getters, "p");
      std::vector<std::string> named;
      for (size_t i = 0; i < d.fields.size(); ++i) named.push_back(Field(d.fields[i]) + ": f" + std::to_string(i));
      w.LineF("return {}({});", cls, Join(named));
    }
    w.Line("  }");
    w.Blank();
    w.Line("  Pointer<Void> _write(_Arena a$) {");
    {
      auto in = w.Indent(2);
      WriteObject(w, d.fields, s.create, Bind(s.destroy));
    }
    w.Line("  }");
    w.Line("}");
    w.Blank();
  }

  void RichEnum(const abi::RichEnumModel& r, const ir::Enum& e) {
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, e.name);
    std::string tag = cls + "Tag";
    std::vector<const ir::EnumVariant*> vs;
    for (const ir::EnumVariant& v : e.variants) vs.push_back(&v);
    w.Line("/// The variants of [" + cls + "].");
    EnumBody(w, tag, vs);
    WriteDartDoc(w, e.doc);
    w.Line("sealed class " + cls + " {");
    w.Line("  const " + cls + "();");
    w.Blank();
    w.Line("  /// Which variant this is.");
    w.Line("  " + tag + " get tag;");
    for (const ir::EnumVariant& v : e.variants) {
      w.Blank();
      WriteDartDoc(w, v.doc);
      std::vector<std::string> params;
      for (const ir::Field& f : v.fields) {
        std::string d = Default(f);
        std::string type = DartType(f.type);
        if (f.type.kind == TypeKind::kOptional) {
          params.push_back(type + " " + Field(f));
        } else if (!d.empty()) {
          params.push_back(type + " " + Field(f) + " = " + d);
        } else {
          params.push_back("required " + type + " " + Field(f));
        }
      }
      w.LineF("  const factory {}.{}({}) = {}{};", cls, Factory(v),
                         params.empty() ? "" : "{" + Join(params) + "}", cls,
                         names_.Member(module_, e.name, v.name));
    }
    w.Blank();
    w.Line("  static " + cls + " _read(Pointer<Void> p) {");
    w.LineF("    switch ({}(p)) {{", Bind(r.tag));
    for (size_t i = 0; i < e.variants.size(); ++i) {
      const ir::EnumVariant& v = e.variants[i];
      w.LineF("      case {}:", v.value);
      auto in = w.Indent(4);
      ReadFields(w, v.fields, r.variants[i].getters, "p");
      std::vector<std::string> named;
      for (size_t k = 0; k < v.fields.size(); ++k) named.push_back(Field(v.fields[k]) + ": f" + std::to_string(k));
      w.LineF("return {}{}({});", cls, names_.Member(module_, e.name, v.name), Join(named));
    }
    w.Line("      default:");
    w.LineF("        throw StateError('unknown {} variant');", cls);
    w.Line("    }");
    w.Line("  }");
    w.Blank();
    w.Line("  Pointer<Void> _write(_Arena a$);");
    w.Line("}");
    w.Blank();
    for (size_t i = 0; i < e.variants.size(); ++i) {
      const ir::EnumVariant& v = e.variants[i];
      std::string vc = cls + names_.Member(module_, e.name, v.name);
      WriteDartDoc(w, v.doc);
      w.LineF("final class {} extends {} {{", vc, cls);
      ValueMembers(w, vc, v.fields, "");
      w.Blank();
      w.Line("  @override");
      w.LineF("  {} get tag => {}.{};", tag, tag, EnumMember(v));
      w.Blank();
      w.Line("  @override");
      w.Line("  Pointer<Void> _write(_Arena a$) {");
      {
        auto in = w.Indent(2);
        WriteObject(w, v.fields, r.variants[i].ctor, Bind(r.destroy));
      }
      w.Line("  }");
      w.Line("}");
      w.Blank();
    }
  }

  void Interface(const abi::ModuleModel& mm, const abi::InterfaceModel& im) {
    const ir::Interface& d = *im.decl;
    CodeWriter& w = api_out_;
    std::string cls = TypeName(module_, d.name);
    std::string destroy = Bind(im.destroy);
    std::string destroy_ptr = BindPointer(im.destroy);
    WriteDartDoc(w, d.doc);
    w.Line("///");
    w.Line("/// Owns a native object: call [dispose] when done (a finalizer releases");
    w.Line("/// it otherwise).");
    w.Line("final class " + cls + " implements Finalizable {");
    w.Line("  Pointer<Void> _ptr;");
    w.LineF("  static final _finalizer = NativeFinalizer({}.cast());", destroy_ptr);
    w.Blank();
    w.Line("  " + cls + "._(this._ptr) {");
    w.Line("    _finalizer.attach(this, _ptr, detach: this);");
    w.Line("  }");
    w.Blank();
    w.Line("  Pointer<Void> get _self {");
    w.LineF("    if (_ptr == nullptr) throw StateError('{} was disposed');", cls);
    w.Line("    return _ptr;");
    w.Line("  }");
    w.Blank();
    w.Line("  /// Whether [dispose] was called.");
    w.Line("  bool get isDisposed => _ptr == nullptr;");
    w.Blank();
    w.Line("  /// Releases the native object now. Later calls do nothing.");
    w.Line("  void dispose() {");
    w.Line("    final p = _ptr;");
    w.Line("    if (p == nullptr) return;");
    w.Line("    _ptr = nullptr;");
    w.Line("    _finalizer.detach(this);");
    w.LineF("    {}(p);", destroy);
    w.Line("  }");
    {
      auto in = w.Indent(1);
      for (const abi::CallableModel& c : im.constructors) {
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
    }
    w.Line("}");
    w.Blank();
  }

  // A free function, constructor, static or method.
  void Callable(const abi::ModuleModel& mm, const abi::CallableModel& c, const abi::InterfaceModel* im,
                const std::string& name) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    std::string cls = im ? TypeName(module_, im->decl->name) : "";
    WriteDartDoc(w, FunctionDocText(f, [](const std::string& name) { return "[" + Member(name) + "]"; }));
    WriteDeprecated(w, f.deprecated);
    // Trailing nullable parameters are optional named ones (absent: null),
    // beside the cancellation token of a cancellable async function.
    std::vector<std::string> params, named;
    size_t positional = FirstTrailingOptional(f);
    for (size_t i = 0; i < f.params.size(); ++i) {
      const ir::Param& p = f.params[i];
      (i < positional ? params : named)
          .push_back((c.shape == abi::CallableShape::kAsync ? ParamType(p.type) : SyncParamType(p)) + " " + Param(p));
    }
    if (c.shape == abi::CallableShape::kAsync && f.cancellable) named.push_back("CancellationToken? cancel");
    if (!named.empty()) params.push_back("{" + Join(named) + "}");
    std::string ret;
    std::string head;
    switch (c.role) {
      case abi::CallableRole::kConstructor:
        head = "factory " + cls + (name.empty() ? "" : "." + name);
        break;
      case abi::CallableRole::kStatic:
        ret = f.ret ? DartType(*f.ret) : "void";
        head = "static " + ret + " " + name;
        break;
      default:
        ret = f.ret ? DartType(*f.ret) : "void";
        head = ret + " " + name;
    }
    if (c.shape == abi::CallableShape::kAsync) {
      ret = "Future<" + (f.ret ? DartType(*f.ret) : std::string("void")) + ">";
      head = (c.role == abi::CallableRole::kStatic || c.role == abi::CallableRole::kConstructor ? "static " : "") +
             ret + " " + (c.role == abi::CallableRole::kConstructor ? (name.empty() ? "create" : name) : name);
      w.Line(head + "(" + Join(params) + ") {");
      AsyncBody(mm, c);
      w.Line("}");
      if (!im) w.Blank();
      return;
    }
    w.Line(head + "(" + Join(params) + ") {");
    CallBody(mm, c, cls);
    w.Line("}");
    if (!im) w.Blank();
  }

  // The typed-data class whose `.address` a leaf @Native call may take in
  // place of a copy of a parameter of type `t` ("" if none).
  static std::string InPlaceList(const ir::Param& p) {
    if (MutOf(p) != Mut::kNone) return "";
    const TypeRef& t = p.type;
    if (t.kind == TypeKind::kPrimitive &&
        (t.primitive == Primitive::kBytes || t.primitive == Primitive::kBorrowedBytes)) {
      return "Uint8List";
    }
    if (t.kind != TypeKind::kList || t.args[0].kind != TypeKind::kPrimitive) return "";
    switch (t.args[0].primitive) {
      case Primitive::kI8: return "Int8List";
      case Primitive::kI16: return "Int16List";
      case Primitive::kI32: return "Int32List";
      case Primitive::kI64: return "Int64List";
      case Primitive::kU8: return "Uint8List";
      case Primitive::kU16: return "Uint16List";
      case Primitive::kU32: return "Uint32List";
      case Primitive::kU64: return "Uint64List";
      case Primitive::kF32: return "Float32List";
      case Primitive::kF64: return "Float64List";
      default: return "";
    }
  }

  void CallBody(const abi::ModuleModel& mm, const abi::CallableModel& c, const std::string& cls) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    auto body = w.Indent();
    // Leaf @Native calls take typed lists in place (`.address`, no copy):
    // when every such argument is one, a first copy of the call does that.
    std::vector<std::string> tests;
    if (native_ && leaf_) {
      for (const ir::Param& p : f.params) {
        std::string list = InPlaceList(p);
        if (list.empty()) continue;
        tests.push_back(Param(p) + " is " + list);
        in_place_.insert(&p);
      }
    }
    if (!tests.empty()) {
      w.Line("if (" + Join(tests, " && ") + ") {");
      {
        auto in = w.Indent();
        CallCore(mm, c, cls);
        if (!f.ret && c.role != abi::CallableRole::kConstructor && c.shape != abi::CallableShape::kIterator) {
          w.Line("return;");
        }
      }
      w.Line("}");
      in_place_.clear();
    }
    CallCore(mm, c, cls);
  }

  void CallCore(const abi::ModuleModel& mm, const abi::CallableModel& c, const std::string& cls) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    temp_ = 0;
    bool arena = false;
    for (const ir::Param& p : f.params) arena = arena || (NeedsArena(p.type) && !in_place_.count(&p));
    if (arena) {
      w.Line("final a$ = _Arena();");
      w.Line("try {");
    }
    {
      auto in = w.Indent(arena ? 1 : 0);
      std::vector<std::string> pre, args, after;
      if (c.role == abi::CallableRole::kMethod) args.push_back("_self");
      for (const ir::Param& p : f.params) {
        for (std::string& a : MutableArgs(p, pre, after)) args.push_back(std::move(a));
      }
      const abi::CFunction& entry = c.entry;
      // The packed twin's: the same arguments, then its length and out_err.
      std::vector<std::string> pargs = args;
      // Trailing out-parameters before out_err.
      for (std::string& o : OutArgs(entry)) args.push_back(std::move(o));
      args.push_back("_err");
      for (const std::string& p : pre) w.Line(p);
      if (!c.packed.symbol.empty() && c.role != abi::CallableRole::kConstructor) {
        // seam's packed twin, when the library has it: the result in one
        // buffer. A code asset's library always has it.
        pargs.push_back("_outLen");
        pargs.push_back("_err");
        std::string pcall = "(" + Join(pargs) + ")";
        std::string read = PkHelper("_unpack") + "(r$, _outLen.value, " + PkFn(*f.ret) + ")";
        auto packed = [&](const std::string& fn) {
          w.Line("final r$ = " + fn + pcall + ";");
          w.Line(Check(mm.index));
          for (const std::string& line : after) w.Line(line);
          w.Line("return " + read + ";");
        };
        if (native_) {
          packed(Bind(c.packed, leaf_));
          return FinishArena(arena);
        }
        w.Line("final pk$ = " + BindOptional(c.packed, leaf_) + ";");
        w.Line("if (pk$ != null) {");
        {
          auto in2 = w.Indent();
          packed("pk$");
        }
        w.Line("}");
      }
      std::string call = Bind(entry, leaf_) + "(" + Join(args) + ")";
      if (c.shape == abi::CallableShape::kIterator) {
        w.Line("final r$ = " + call + ";");
        w.Line(Check(mm.index));
        w.LineF("return _NativeIterable({});", Iterator(mm, c));
      } else if (c.role == abi::CallableRole::kConstructor) {
        w.Line("final r$ = " + call + ";");
        w.Line(Check(mm.index));
        w.LineF("return {}._(r$);", cls);
      } else if (!f.ret) {
        w.Line(call + ";");
        w.Line(Check(mm.index));
        for (const std::string& line : after) w.Line(line);
      } else if (!MultiSlot(*f.ret)) {
        w.Line("final r$ = " + call + ";");
        w.Line(Check(mm.index));
        for (const std::string& line : after) w.Line(line);
        w.Line("return " + Read(*f.ret, {"r$"}) + ";");
      } else if (abi::CarrierOf(abi::StripOptional(*f.ret)) == Carrier::kMap) {
        w.Line(call + ";");
        w.Line(Check(mm.index));
        for (const std::string& line : after) w.Line(line);
        w.Line("return " + Read(*f.ret, {"_outKeys.value", "_outValues.value", "_outLen.value"}) + ";");
      } else {
        w.Line("final r$ = " + call + ";");
        w.Line(Check(mm.index));
        for (const std::string& line : after) w.Line(line);
        w.Line("return " + Read(*f.ret, {"r$", "_outLen.value"}) + ";");
      }
    }
    FinishArena(arena);
  }
  void FinishArena(bool arena) {
    if (!arena) return;
    CodeWriter& w = api_out_;
    w.Line("} finally {");
    w.Line("  a$.release();");
    w.Line("}");
  }

  // An async call: one long-lived NativeCallable.listener per function
  // (created on first use, keeping the isolate alive only while calls are
  // pending), calls told apart by the context pointer, which carries an id.
  void AsyncBody(const abi::ModuleModel& mm, const abi::CallableModel& c) {
    const ir::Function& f = *c.fn;
    CodeWriter& w = api_out_;
    auto body = w.Indent();
    temp_ = 0;
    std::string td = CallbackTypedef(c.callback_type, c.callback_params);
    abi::CFunction owned = c.entry;
    owned.symbol += "_owned";
    // With only by-value results, a library without the owned launcher (one
    // not built by seam) still works: the plain launcher's borrowed error is
    // gone by the time Dart runs, so a failure arrives without its details.
    bool by_value = true;
    for (size_t i = 2; i < c.callback_params.size(); ++i) {
      if (FfiOf(c.callback_params[i].type).native.starts_with("Pointer")) by_value = false;
    }
    std::string launcher = Bind(owned, false, by_value ? c.entry.symbol : "");
    std::string result = f.ret ? DartType(*f.ret) : "void";
    std::string key = c.entry.symbol;
    std::string pending = "_pend_" + key, callable = "_call_" + key, handler = "_on_" + key;
    if (made_.insert(handler).second) {
      std::vector<std::string> slots, slot_params = {"Pointer<Void> ctx$", "Pointer<_Error> err$"};
      for (size_t i = 2; i < c.callback_params.size(); ++i) {
        std::string n = "s" + std::to_string(i - 2) + "$";
        slots.push_back(n);
        slot_params.push_back(FfiOf(c.callback_params[i].type).dart + " " + n);
      }
      CodeWriter h;
      h.LineF("final Map<int, _Pending<{}>> {} = {{}};", result, pending);
      h.LineF("final {} = NativeCallable<{}>.listener({})..keepIsolateAlive = false;", callable, td,
                         handler);
      h.LineF("void {}({}) {{", handler, Join(slot_params));
      h.LineF("  final p$ = {}.remove(ctx$.address);", pending);
      h.LineF("  if ({}.isEmpty) {{", pending);
      h.LineF("    {}.keepIsolateAlive = false;", callable);
      h.Line("  }");
      h.Line("  if (err$ != nullptr) {");
      std::string d = DomainFn(mm.index);
      std::string take = fmt::format("_takeError(err$, {})", d.empty() ? "null" : d);
      if (by_value) take = fmt::format("{} ? {} : _lostError()", Owns(owned.symbol), take);
      h.LineF("    final e$ = {};", take);
      h.Line("    p$?.completer.completeError(e$);");
      h.Line("    return;");
      h.Line("  }");
      h.Line("  try {");
      if (f.ret) {
        size_t at = 0;
        h.LineF("    final v$ = {};", ReadOwned(*f.ret, slots, at));
        h.Line("    p$?.completer.complete(v$);");
      } else {
        h.Line("    p$?.completer.complete();");
      }
      h.Line("  } catch (e, s) {");
      h.Line("    p$?.completer.completeError(e, s);");
      h.Line("  }");
      h.Line("}");
      Flush(h);
    }
    w.Line("final a$ = _Arena();");
    w.Line("try {");
    {
      auto in = w.Indent();
      std::vector<std::string> pre, args;
      if (c.role == abi::CallableRole::kMethod) args.push_back("_self");
      for (const ir::Param& p : f.params) {
        for (std::string& a : Args(p.type, Param(p), pre)) args.push_back(std::move(a));
      }
      if (f.cancellable) args.push_back("cancel?._ptr ?? nullptr");
      for (const std::string& p : pre) w.Line(p);
      w.Line("final id$ = _nextCallId();");
      w.LineF("final c$ = Completer<{}>();", result);
      // The pending entry keeps the token (and this object) alive until the
      // completion arrives.
      w.LineF("{}[id$] = _Pending(c$, {});", pending,
                         f.cancellable ? (c.role == abi::CallableRole::kMethod ? "[this, cancel]" : "cancel")
                                       : (c.role == abi::CallableRole::kMethod ? "this" : "null"));
      w.Line(callable + ".keepIsolateAlive = true;");
      args.push_back(callable + ".nativeFunction");
      args.push_back("Pointer<Void>.fromAddress(id$)");
      w.LineF("{}({});", launcher, Join(args));
      w.Line("return c$.future;");
    }
    w.Line("} finally {");
    w.Line("  a$.release();");
    w.Line("}");
  }

  // How a `mutable: true` parameter of a sync call reaches Dart: bytes and
  // lists of scalars are updated in place, strings and records through a
  // Box the caller reads afterwards; other types pass by value.
  enum class Mut { kNone, kBytes, kList, kBox };
  static Mut MutOf(const ir::Param& p) {
    if (!p.is_mutable) return Mut::kNone;
    const TypeRef& t = p.type;
    if (t.kind == TypeKind::kPrimitive) {
      if (t.primitive == Primitive::kBytes || t.primitive == Primitive::kBorrowedBytes) return Mut::kBytes;
      if (t.primitive == Primitive::kString || t.primitive == Primitive::kBorrowedStr) return Mut::kBox;
      return Mut::kNone;
    }
    if (t.kind == TypeKind::kNamed && (t.decl.kind == DeclKind::kStruct || t.decl.kind == DeclKind::kRichEnum)) {
      return Mut::kBox;
    }
    if (t.kind == TypeKind::kList && t.args[0].kind == TypeKind::kPrimitive && ir::IsScalar(t.args[0].primitive)) {
      return Mut::kList;
    }
    return Mut::kNone;
  }
  std::string SyncParamType(const ir::Param& p) const {
    switch (MutOf(p)) {
      case Mut::kBytes: return "Uint8List";
      case Mut::kList: return DartType(p.type);
      case Mut::kBox: return "Box<" + DartType(p.type) + ">";
      case Mut::kNone: break;
    }
    return ParamType(p.type);
  }
  // Arguments of a mutable parameter; `after` gets the copy-back statements.
  std::vector<std::string> MutableArgs(const ir::Param& p, std::vector<std::string>& pre,
                                       std::vector<std::string>& after) {
    std::string n = Param(p);
    if (in_place_.count(&p)) return {n + ".address", n + ".length"};
    std::string tmp = "_" + std::to_string(temp_++);
    switch (MutOf(p)) {
      case Mut::kBytes:
        pre.push_back(fmt::format("final {} = {};", tmp, Write(p.type, n, "a$")));
        after.push_back(fmt::format("{}.setAll(0, {}.$1.asTypedList({}.$2));", n, tmp, tmp));
        return {tmp + ".$1", tmp + ".$2"};
      case Mut::kList:
        pre.push_back(fmt::format("final {} = {};", tmp, Write(p.type, n, "a$")));
        after.push_back(fmt::format("for (var i = 0; i < {}.length; i++) {{ {}[i] = {}.$1[i]; }}", n, n, tmp));
        return {tmp + ".$1", tmp + ".$2"};
      case Mut::kBox:
        pre.push_back(fmt::format("final {} = {};", tmp, Write(p.type, n + ".value", "a$")));
        if (p.type.kind == TypeKind::kPrimitive) {
          after.push_back(fmt::format("{}.value = _readUtf8({});", n, tmp));
        } else {
          after.push_back(fmt::format("{}.value = {}._read({});", n, TypeName(p.type.decl), tmp));
        }
        return {tmp};
      case Mut::kNone: break;
    }
    return Args(p.type, n, pre);
  }

  // A `_NativeIterator(...)` expression over the launcher's result `r`.
  std::string Iterator(const abi::ModuleModel& mm, const abi::CallableModel& c) {
    const TypeRef& elem = c.fn->ret->args[0];
    std::string step = "_step_" + c.iter_type;
    if (made_.insert(step).second) {
      std::string n = Native(elem);
      std::string slot = "_slot_" + c.iter_type;
      CodeWriter w;
      w.LineF("final Pointer<{}> {} = _allocate<{}>(sizeOf<{}>());", n, slot, n, n);
      w.LineF("final {} = NativeFinalizer({}.cast());", "_fin_" + c.iter_type, BindPointer(c.iter_destroy));
      std::string et = DartType(elem);
      if (!et.ends_with("?")) et += "?";
      w.LineF("(bool, {}) {}(Pointer<Void> it) {{", et, step);
      w.LineF("  final more = {}(it, {}, _err);", Bind(c.iter_next, leaf_), slot);
      w.Line("  " + Check(mm.index));
      w.Line("  if (more == 0) return (false, null);");
      w.LineF("  return (true, {});", Read(elem, {slot + ".value"}));
      w.Line("}");
      Flush(w);
    }
    return fmt::format("_NativeIterator<{}>(r$, {}, {}, {})", DartType(elem), step, Bind(c.iter_destroy),
                       "_fin_" + c.iter_type);
  }

  // ---- package files ----
  std::string Pubspec(const std::string& pkg, bool assets) const {
    std::string s = fmt::format("# Generated by seam {} from {}\n", SEAM_VERSION, IdlBasename(api_));
    s += "name: " + pkg + "\n";
    std::string version = api_.package && api_.package->version ? *api_.package->version : "0.1.0";
    s += "version: " + version + "\n";
    std::string desc = api_.package && api_.package->description ? *api_.package->description
                                                                  : pkg + " bindings generated by seam";
    s += "description: " + DartString(desc) + "\n";
    if (api_.package && (api_.package->homepage || api_.package->repository)) {
      s += "homepage: " + *(api_.package->homepage ? api_.package->homepage : api_.package->repository) + "\n";
    }
    if (assets) {
      // Build hooks are stable from Dart 3.10; only hook/build.dart uses these.
      s += "environment:\n  sdk: '>=3.10.0 <4.0.0'\n";
      s += "# The bindings use only dart: libraries; hook/build.dart uses these to build\n";
      s += RustAssets(api_) ? "# the native library from rust/ when an app that depends on this package builds.\n"
                          : "# the native library from src/ when an app that depends on this package builds.\n";
      s += "dependencies:\n  code_assets: ^1.0.0\n";
      // package:crypto checks the prebuilt libraries' SHA-256 (generators.dart.prebuilt).
      if (SettingValue(api_, "dart", "prebuilt")) s += "  crypto: ^3.0.0\n";
      s += "  hooks: ^1.0.0\n";
      if (!RustAssets(api_)) s += "  native_toolchain_c: '>=0.17.0 <1.0.0'\n";
      return s;
    }
    s += "environment:\n  sdk: '>=3.3.0 <4.0.0'\n";
    s += "# No dependencies: the bindings use only dart: libraries.\n";
    return s;
  }

  std::string Readme(const std::string& pkg, const std::string& lib, bool assets) const {
    CodeWriter w('@');
    w.Emit(R"md(
      # @pkg@

      Dart bindings for the `@lib@` native library, generated by seam from
      `@idl@`. They use only `dart:` libraries (no pub dependencies).

      ```dart
      import 'package:@pkg@/@pkg@.dart';
      ```

      The library is loaded on first use: `lib@lib@.so` on Linux and Android,
      `lib@lib@.dylib` (or `@lib@.framework`) on macOS, `@lib@.dll` on Windows, `@lib@.framework` (or the
      process itself) on iOS. Set `@env@` to a path to load another file.

      - Records and rich enums are immutable Dart values (`==`, `hashCode`); pass
        them to functions and get new ones back.
      - Interfaces own a native object: call `dispose()` when done (idempotent);
        a `NativeFinalizer` releases forgotten ones.
      - Errors are thrown as `NativeException`; error domains have one subclass
        per code.
      - `iter<T>` results are lazy, single-pass `Iterable`s.
    )md",
           {{"pkg", pkg}, {"lib", lib}, {"idl", IdlBasename(api_)}, {"env", MacroPrefix(lib) + "_LIBRARY"}});
    if (!assets) return w.Take();
    w.Blank();
    if (RustAssets(api_)) {
      w.Emit(R"md(
        ## The native library, built by a hook

        Generated with `generators.dart.native_assets: true` and `producer: rust`,
        this package also builds `lib@lib@` itself: `hook/build.dart` runs cargo on
        the Rust crate in `rust/` for the target whenever a Dart (3.10+) or
        Flutter app that depends on it builds, and bundles the library as the
        code asset `package:@pkg@/@pkg@.dart`. The bindings find it through that
        asset before trying the names above (`@env@` still overrides both).

        - Implement the API in `rust/src/implementation.rs` against
          `rust/src/api.rs` (start from `rust/src/stub.rs`, which is built until
          your file exists). Regenerating rewrites every file except that one.
        - The hook needs `package:hooks` and `package:code_assets` (in
          `pubspec.yaml`), cargo, and the Rust target of each build (`rustup
          target add aarch64-linux-android` and so on; a missing one fails the
          build with that command). Android links with the NDK's clang and
          aligns for 16 KB pages.
      )md",
             {{"pkg", pkg}, {"lib", lib}, {"env", MacroPrefix(lib) + "_LIBRARY"}});
      return w.Take();
    }
    w.Emit(R"md(
      ## The native library, built by a hook

      Generated with `generators.dart.native_assets: true`, this package also
      builds `lib@lib@` itself: `hook/build.dart` compiles the C++ producer in
      `src/` with the target's toolchain whenever a Dart (3.10+) or Flutter app
      that depends on it builds, and bundles it as the code asset
      `package:@pkg@/@pkg@.dart`. The bindings find it through that asset before
      trying the names above (`@env@` still overrides both).

      - Implement the API in `src/@lib@_impl.cc` against `src/@lib@.hpp` (start
        from `src/@lib@_stub.cc`, which is built until your file exists).
        Regenerating rewrites every file except that one.
      - The hook needs `package:hooks`, `package:code_assets` and
        `package:native_toolchain_c` (in `pubspec.yaml`) and a C++20 compiler
        for each target: clang or GCC on Linux, Xcode on macOS and iOS, the
        Android NDK for Android, MSVC on Windows.
      - Only the C ABI is exported (hidden visibility and a version script or
        exported-symbol list); Android builds link libc++ statically and align
        for 16 KB pages.
    )md",
           {{"pkg", pkg}, {"lib", lib}, {"env", MacroPrefix(lib) + "_LIBRARY"}});
    return w.Take();
  }

  const Input& in_;
  const ir::Api& api_;
  const abi::Model& model_;
  abi::Lowering low_;
  bool leaf_ = true;
  // @Native bindings (a code asset's package) instead of DynamicLibrary
  // lookups.
  bool native_ = false;
  // The parameters the call being written passes in place (CallBody).
  std::set<const ir::Param*> in_place_;
  // @Native mode: the class of the native functions, and each one's name.
  CodeWriter natives_{'@'};
  std::map<std::string, std::string> natives_by_var_;
  bool has_async_ = false;
  std::map<const void*, std::string> local_names_;  // see Field()
  uint32_t module_ = 0;
  int temp_ = 0;
  std::set<std::string, std::less<>> enum_types_, callback_types_;
  // The register and unregister functions and the Stream getter of each
  // listener.
  struct ListenerNames {
    std::string reg, unreg, stream;
  };
  std::map<const ir::Listener*, ListenerNames> listener_fns_;
  std::vector<std::pair<std::string, std::vector<abi::CParam>>> callbacks_;
  std::set<std::string> bound_, made_;
  FlatNames names_;
  CodeWriter helpers_{'@'}, bindings_{'@'}, api_out_{'@'};

 public:
  void Prepare() {
    auto unique = [&](const std::vector<std::pair<const void*, std::string>>& names) {
      std::set<std::string> used;
      for (auto [key, name] : names) {
        while (!used.insert(name).second) name += "_";
        local_names_[key] = name;
      }
    };
    auto fields = [&](const std::vector<ir::Field>& fs, const std::set<std::string, std::less<>>* taken) {
      std::vector<std::pair<const void*, std::string>> names;
      for (const ir::Field& f : fs) names.emplace_back(&f, Member(f.name, taken));
      unique(names);
    };
    // `cancel` names the token argument of cancellable async functions.
    static const std::set<std::string, std::less<>> kCancelTaken = {"cancel"};
    auto params = [&](const std::vector<ir::Param>& ps, bool cancellable) {
      std::vector<std::pair<const void*, std::string>> names;
      for (const ir::Param& p : ps) names.emplace_back(&p, Member(p.name, cancellable ? &kCancelTaken : nullptr));
      unique(names);
    };
    for (const ir::Module& m : api_.modules) {
      for (const ir::Struct& st : m.structs) fields(st.fields, nullptr);
      for (const ir::Enum& e : m.enums) {
        std::vector<std::pair<const void*, std::string>> members, factories;
        for (const ir::EnumVariant& v : e.variants) {
          members.emplace_back(&v, Member(v.name, &kEnumTaken));
          factories.emplace_back(&v.fields, Member(v.name, &kVariantTaken));
          fields(v.fields, &kVariantTaken);
        }
        unique(members);
        unique(factories);
      }
      for (const ir::Callback& cb : m.callbacks) params(cb.params, false);
      auto fn = [&](const ir::Function& f) { params(f.params, f.is_async && f.cancellable); };
      for (const ir::Function& f : m.functions) fn(f);
      for (const ir::Interface& i : m.interfaces) {
        // Named constructors, statics and methods share one namespace in a
        // Dart class (`_x` and `x` both become `x`); `new` is the unnamed
        // constructor.
        std::vector<std::pair<const void*, std::string>> members;
        for (const auto* list : {&i.constructors, &i.statics, &i.methods}) {
          for (const ir::Function& f : *list) {
            fn(f);
            bool unnamed = list == &i.constructors && f.name == "new";
            if (unnamed) {
              local_names_[&f] = "";
            } else {
              members.emplace_back(&f, Member(f.name, &kInterfaceTaken));
            }
          }
        }
        unique(members);
      }
    }
    native_ = NativeAssets(api_);
    for (const ir::Module& m : api_.modules) {
      if (!m.listeners.empty()) leaf_ = false;  // a call may fire a listener trampoline
      auto scan = [&](const ir::Function& f) { has_async_ = has_async_ || f.is_async; };
      for (const ir::Function& f : m.functions) scan(f);
      for (const ir::Interface& i : m.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const ir::Function& f : *list) scan(f);
        }
      }
    }
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::EnumModel& e : mm.enums) enum_types_.insert(e.c_type);
      if (mm.error_domain) enum_types_.insert(mm.error_domain->c_type);
    }
    // Function-pointer typedefs: listener callbacks and async completions.
    auto add_callable = [&](const abi::CallableModel& c) {
      if (c.shape == abi::CallableShape::kAsync) callbacks_.emplace_back(c.callback_type, c.callback_params);
    };
    for (const abi::ModuleModel& mm : model_.modules) {
      for (const abi::CallbackModel& cb : mm.callbacks) callbacks_.emplace_back(cb.c_type, cb.params);
      for (const abi::CallableModel& c : mm.functions) add_callable(c);
      for (const abi::InterfaceModel& i : mm.interfaces) {
        for (const auto* list : {&i.constructors, &i.methods, &i.statics}) {
          for (const abi::CallableModel& c : *list) add_callable(c);
        }
      }
    }
    for (const auto& [type, params] : callbacks_) callback_types_.insert(type);
    for (const auto& [type, params] : callbacks_) CallbackTypedef(type, params);
  }
};

std::vector<OutputFile> RenderDart(const Input& in, Diagnostics& diags) {
  const ir::Api& api = in.api();
  DartRenderer r(in);
  r.Prepare();
  std::vector<OutputFile> files = r.Render();
  if (const ir::Value* v = SettingValue(api, "dart", "producer"); v && v->text != "cpp" && v->text != "rust") {
    diags.Error(v->loc, "DartProducer",
                fmt::format("producer '{}' is not one the Dart package's hook builds: use cpp (the default) or rust",
                            v->text));
    return {};
  } else if (v && !NativeAssets(api)) {
    diags.Warning(v->loc, "IgnoredSetting",
                  "generators.dart.producer takes effect only with native_assets: true; it is ignored");
  }
  std::vector<PrebuiltLibrary> prebuilt;
  if (const ir::Value* v = SettingValue(api, "dart", "prebuilt"); v && !NativeAssets(api)) {
    diags.Warning(v->loc, "IgnoredSetting",
                  "generators.dart.prebuilt takes effect only with native_assets: true; it is ignored");
  } else if (v) {
    prebuilt = PrebuiltLibraries(api, "dart", LibraryName(api, "dart"), false, diags);
  }
  if (RustAssets(api)) {
    std::string pkg = r.Package();
    std::string lib = LibraryName(api, "dart");
    NativeSources native = RustCrate(WithLibraryName(api, lib), "rust", diags);
    files.insert(files.end(), native.files.begin(), native.files.end());
    std::string hook = RustBuildHook(api, pkg, lib, native.crate, prebuilt);
    files.push_back({"hook/build.dart", WrapLines(hook, WrapLanguage::kDart, kDartWidth)});
  } else if (NativeAssets(api)) {
    std::string pkg = r.Package();
    std::string lib = LibraryName(api, "dart");
    NativeSources native;
    if (LibraryName(api, "cpp-producer") == lib) {
      native = FlatCppProducer(in, diags);  // what the cpp-producer target renders
    } else {
      ir::Api named = WithSetting(api, "cpp-producer", "library_name", lib);
      native = FlatCppProducer(Input(named), diags);
    }
    files.insert(files.end(), native.files.begin(), native.files.end());
    std::string hook = BuildHook(api, pkg, lib, native, prebuilt);
    files.push_back({"hook/build.dart", WrapLines(hook, WrapLanguage::kDart, kDartWidth)});
  }
  for (OutputFile& f : files) {
    if (f.path == "README.md") f.contents += PrebuiltReadme("dart", IdlBasename(api), prebuilt);
  }
  return files;
}

}  // namespace

std::string DartPackageName(const ir::Api& api) {
  std::string id = IdentName(ConfiguredName(api, "dart", "package_name"));
  if (id.empty()) return "weaveffi";
  if (DartReserved().count(id)) id += "_";
  return id;
}

bool IsDartPackageName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char ch : name) {
    if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_')) {
      return false;
    }
  }
  return !DartReserved().count(name);
}

std::vector<OutputFile> DartBackend::Render(const Input& in, Diagnostics& diags) const {
  // The flutter-plugin target embeds these files.
  return in.Shared("dart", diags, [&](Diagnostics& d) { return RenderDart(in, d); });
}

}  // namespace seam::gen
