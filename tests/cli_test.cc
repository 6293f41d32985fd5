// The seam binary: exit codes, --version, --help on every subcommand, JSON
// output, unknown targets.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result Seam(const std::string& args) {
  fs::path dir = fs::temp_directory_path() / ("seam_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string cmd = std::string(SEAM_BINARY) + " " + args + " >" + (dir / "out").string() + " 2>" +
                    (dir / "err").string();
  int status = std::system(cmd.c_str());
  Result r{WEXITSTATUS(status), Slurp(dir / "out"), Slurp(dir / "err")};
  fs::remove_all(dir);
  return r;
}

const std::string kExamples = std::string(SEAM_SOURCE_DIR) + "/examples";

// An IDL written to a temporary file, and the directory it generates into;
// both are removed when the test ends, also when an assertion stops it.
struct TempIdl {
  TempIdl(const std::string& stem, const std::string& text)
      : idl(fs::temp_directory_path() / ("seam_" + stem + "_" + std::to_string(::getpid()) + ".yml")),
        out(fs::temp_directory_path() / ("seam_" + stem + "_out_" + std::to_string(::getpid()))) {
    std::ofstream(idl) << text;
  }
  ~TempIdl() {
    fs::remove(idl);
    fs::remove_all(out);
  }
  TempIdl(const TempIdl&) = delete;
  TempIdl& operator=(const TempIdl&) = delete;
  // `seam generate` of the file into `out` for the comma-separated targets.
  Result Generate(const std::string& targets) const {
    return Seam("generate " + idl.string() + " -o " + out.string() + " -t " + targets);
  }

  fs::path idl, out;
};

TEST(Cli, Version) {
  Result r = Seam("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "seam 0.1.0\n");
}

TEST(Cli, HelpOnEverySubcommand) {
  for (const char* args : {"--help", "validate --help", "generate --help", "new --help", "link-check --help"}) {
    Result r = Seam(args);
    EXPECT_EQ(r.code, 0) << args;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << args << r.out;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(Seam("").code, 2);
  EXPECT_EQ(Seam("frobnicate").code, 2);
  EXPECT_EQ(Seam("validate").code, 2);
  EXPECT_EQ(Seam("validate x.yml --format xml").code, 2);
  EXPECT_EQ(Seam("generate " + kExamples + "/calculator/calculator.yml -o /tmp/x").code, 2);
  // An empty output directory would silently mean the current one.
  Result empty_out = Seam("generate " + kExamples + "/calculator/calculator.yml -o '' -t c");
  EXPECT_EQ(empty_out.code, 2);
  EXPECT_NE(empty_out.err.find("--out: must not be empty"), std::string::npos) << empty_out.err;
  EXPECT_EQ(Seam("new demo -o ''").code, 2);
  Result r = Seam("generate " + kExamples + "/calculator/calculator.yml -o /tmp/x -t nope");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown target 'nope'; known targets:"), std::string::npos) << r.err;
}

TEST(Cli, ValidateOkAndErrors) {
  Result ok = Seam("validate " + kExamples + "/calculator/calculator.yml");
  EXPECT_EQ(ok.code, 0);
  EXPECT_NE(ok.out.find(": ok (1 modules, 4 functions"), std::string::npos) << ok.out;
  EXPECT_EQ(ok.err, "");
  Result bad = Seam("validate " + kExamples + "/broken/typo.yml");
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("typo.yml:8:30: error: unknown type 'i3' (did you mean 'i32'?) [UnknownTypeRef]"),
            std::string::npos)
      << bad.err;
  Result legacy = Seam("validate " + kExamples + "/legacy/contacts_v040.yml");
  EXPECT_EQ(legacy.code, 0);
  EXPECT_NE(legacy.err.find("[LegacySchemaVersion]"), std::string::npos);
  Result missing = Seam("validate /nonexistent/file.yml");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos);
  Result ext = Seam("validate README.md");
  EXPECT_EQ(ext.code, 1);
  EXPECT_NE(ext.err.find("accepted extensions are .yml, .yaml, .json and .toml"), std::string::npos);
}

TEST(Cli, ValidateJson) {
  Result ok = Seam("validate --format json " + kExamples + "/calculator/calculator.yml");
  EXPECT_EQ(ok.code, 0);
  auto j = nlohmann::json::parse(ok.out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_EQ(j["functions"], 4);
  Result bad = Seam("validate --format json " + kExamples + "/broken/typo.yml");
  EXPECT_EQ(bad.code, 1);
  auto b = nlohmann::json::parse(bad.out);
  EXPECT_EQ(b["ok"], false);
  ASSERT_EQ(b["errors"].size(), 1u);
  EXPECT_EQ(b["errors"][0]["code"], "UnknownTypeRef");
  EXPECT_EQ(b["errors"][0]["line"], 8);
  EXPECT_EQ(b["errors"][0]["column"], 30);
  EXPECT_EQ(b["warnings"][0]["code"], "UnknownKey");
}

TEST(Cli, GenerateReportsWhatATargetCannotExpress) {
  TempIdl idl("mutable", R"(version: "0.5.0"
modules:
  - name: m
    functions:
      - name: edit
        params:
          - { name: tally, type: "{string:i32}", mutable: true }
          - { name: ok, type: bytes, mutable: true }
      - name: later
        async: true
        params:
          - { name: data, type: bytes, mutable: true }
)");
  Result r = idl.Generate("cpp-producer");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(".yml:7:50: error: cpp-producer cannot generate mutable parameter 'tally' of 'm.edit'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(":12:40: error: cpp-producer cannot generate mutable parameter 'data' of async 'm.later'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("'ok'"), std::string::npos) << r.err;
  // The Flutter plugin carries the same producer: each problem is reported once.
  r = idl.Generate("cpp-producer,flutter-plugin");
  EXPECT_EQ(r.code, 1);
  std::string tally = "error: cpp-producer cannot generate mutable parameter 'tally'";
  ASSERT_NE(r.err.find(tally), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(tally), r.err.rfind(tally)) << r.err;
  EXPECT_NE(r.err.find("2 errors generated"), std::string::npos) << r.err;
  EXPECT_NE(idl.Generate("flutter-plugin").err.find(tally), std::string::npos);
  // The C header has no such limits.
  EXPECT_EQ(idl.Generate("c").code, 0);
}

TEST(Cli, TargetAllSelectsEveryTargetOnce) {
  Result r = Seam("generate " + kExamples + "/calculator/calculator.yml -o /out --dry-run -t all,c");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/out/c/weaveffi.h\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/out/cpp-producer/"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/out/dart/pubspec.yaml\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("/out/c/weaveffi.h"), r.out.rfind("/out/c/weaveffi.h")) << "c listed twice:\n" << r.out;
}

TEST(Cli, RegenerationLeavesUnchangedFilesAlone) {
  fs::path out = fs::temp_directory_path() / ("seam_regen_" + std::to_string(::getpid()));
  fs::remove_all(out);
  std::string cmd =
      "generate " + kExamples + "/calculator/calculator.yml -o " + out.string() + " -t c,python";
  ASSERT_EQ(Seam(cmd).code, 0);
  fs::path header = out / "c" / "weaveffi.h";
  fs::path module = out / "python" / "calculator" / "__init__.py";
  ASSERT_TRUE(fs::exists(header));
  ASSERT_TRUE(fs::exists(module));
  std::string expected_module = Slurp(module);
  // Backdate both files, then break one: a regeneration must rewrite only that one.
  auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(header, old_time);
  fs::last_write_time(module, old_time);
  std::ofstream(module, std::ios::app) << "# edited by hand\n";
  ASSERT_EQ(Seam(cmd).code, 0);
  EXPECT_EQ(fs::last_write_time(header), old_time) << "an identical file was rewritten";
  EXPECT_NE(fs::last_write_time(module), old_time) << "a changed file was not rewritten";
  EXPECT_EQ(Slurp(module), expected_module);
  fs::remove_all(out);
}


TEST(Cli, InputsThatAreNotPlainFilesAndUnwritableOutputsSayWhy) {
  fs::path dir = fs::temp_directory_path() / ("seam_files_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "folder.yml");
  Result folder = Seam("validate " + (dir / "folder.yml").string());
  EXPECT_EQ(folder.code, 1);
  EXPECT_NE(folder.err.find("folder.yml: error: this is a directory, not a file [UnreadableFile]"),
            std::string::npos)
      << folder.err;
  // A file over the limit is refused without reading it (this one is sparse).
  std::ofstream(dir / "huge.yml").close();
  fs::resize_file(dir / "huge.yml", (64u << 20) + 1);
  Result huge = Seam("validate " + (dir / "huge.yml").string());
  EXPECT_EQ(huge.code, 1);
  EXPECT_NE(huge.err.find("huge.yml: error: the file is larger than 64 MiB [FileTooLarge]"),
            std::string::npos)
      << huge.err;
  // A pipe has no size; it is read to its end.
  fs::path fifo = dir / "piped.yml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string writer =
      "timeout 20 sh -c 'cat " + kExamples + "/calculator/calculator.yml > " + fifo.string() + "' &";
  ASSERT_EQ(std::system(writer.c_str()), 0);
  Result piped = Seam("validate " + fifo.string());
  EXPECT_EQ(piped.code, 0) << piped.err;
  EXPECT_NE(piped.out.find("piped.yml: ok (1 modules, 4 functions"), std::string::npos) << piped.out;
  // Output under a path that is a file: the message gives the system's reason.
  std::ofstream(dir / "plain").close();
  Result blocked =
      Seam("generate " + kExamples + "/calculator/calculator.yml -o " + (dir / "plain").string() + " -t c");
  EXPECT_EQ(blocked.code, 1);
  EXPECT_NE(blocked.err.find("seam: error: cannot write '" + (dir / "plain" / "c" / "weaveffi.h").string() +
                             "': Not a directory"),
            std::string::npos)
      << blocked.err;
  Result starter = Seam("new demo -o " + (dir / "plain" / "demo").string());
  EXPECT_EQ(starter.code, 1);
  EXPECT_NE(starter.err.find("seam: error: cannot write '" + (dir / "plain" / "demo" / "demo.yml").string() +
                             "': Not a directory"),
            std::string::npos)
      << starter.err;
  fs::remove_all(dir);
}
TEST(Cli, NewCreatesAStarterProjectAndRefusesBadNamesAndExistingDirectories) {
  fs::path dir = fs::temp_directory_path() / ("seam_new_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  for (const char* bad : {"Hello", "9lives", "class", "int", "fn", "struct", "stat", "weaveffi_x", "a-b"}) {
    Result r = Seam(std::string("new ") + bad + " -o " + (dir / "x").string());
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_NE(r.err.find("cannot name a project"), std::string::npos) << bad << r.err;
    EXPECT_FALSE(fs::exists(dir / "x")) << bad;
  }
  EXPECT_EQ(Seam("new ok --producer go -o " + (dir / "x").string()).code, 2);
  Result r = Seam("new sound_fx --producer rust -o " + (dir / "p").string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"sound_fx.yml", "producer/sound_fx_impl.rs", "test/sound_fx_test.dart", "tool/test.sh",
                        "README.md", "pubspec.yaml", ".gitignore"}) {
    EXPECT_TRUE(fs::exists(dir / "p" / f)) << f;
  }
  EXPECT_NE(fs::status(dir / "p/tool/test.sh").permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_NE(Slurp(dir / "p/test/sound_fx_test.dart").find("on SoundFxErrorEmptyName catch"), std::string::npos);
  // The IDL it writes is valid as written.
  EXPECT_EQ(Seam("validate " + (dir / "p/sound_fx.yml").string()).code, 0);
  // An existing directory is never touched.
  r = Seam("new sound_fx -o " + (dir / "p").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_NE(Slurp(dir / "p/producer/sound_fx_impl.rs").find("pub mod sound_fx"), std::string::npos);
  // --flutter: the plugin is generated in place, the implementation inside it.
  r = Seam("new sound_fx --producer rust --flutter -o " + (dir / "f").string());
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"sound_fx.yml", "flutter-plugin/rust/src/implementation.rs", "flutter-plugin/rust/Cargo.toml",
                        "flutter-plugin/pubspec.yaml", "flutter-plugin/lib/sound_fx.dart",
                        "flutter-plugin/ios/sound_fx.podspec", "test/sound_fx_test.dart", "tool/test.sh", "README.md"}) {
    EXPECT_TRUE(fs::exists(dir / "f" / f)) << f;
  }
  EXPECT_FALSE(fs::exists(dir / "f/producer"));
  EXPECT_NE(Slurp(dir / "f/sound_fx.yml").find("flutter-plugin:\n    producer: rust\n"), std::string::npos);
  EXPECT_NE(Slurp(dir / "f/flutter-plugin/rust/src/implementation.rs").find("pub mod sound_fx"), std::string::npos);
  r = Seam("new sound_fx --flutter -o " + (dir / "g").string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "g/flutter-plugin/src/sound_fx_impl.cc"));
  EXPECT_TRUE(fs::exists(dir / "g/flutter-plugin/ios/sound_fx/Package.swift"));
  fs::remove_all(dir);
}

TEST(Cli, CppSettingsThatWouldNotCompileAreLocatedErrors) {
  const std::string head =
      "version: \"0.5.0\"\npackage: { name: audio, version: \"1.0\" }\nmodules:\n  - name: m\n    functions:\n"
      "      - { name: f, params: [], return: i32 }\ngenerators:\n";
  struct Case {
    std::string settings, targets, expected;
  };
  for (const Case& c : std::vector<Case>{
           {"  cpp: { namespace: \"i32?\" }\n", "cpp",
            ":8:21: error: generators.cpp.namespace 'i32?' is not a C++ namespace name: 'i32?' is not an "
            "identifier"},
           {"  cpp: { namespace: \"acme::class\" }\n", "cpp",
            "'class' is a C++ keyword or a name the C and C++ libraries use"},
           {"  cpp: { namespace: \"::acme\" }\n", "cpp", "it has an empty part"},
           {"  cpp: { namespace: \"_Acme\" }\n", "cpp", "'_Acme' is reserved to the C++ implementation"},
           {"  cpp-producer: { namespace: \"acme audio\" }\n", "cpp-producer,flutter-plugin",
            ":8:30: error: generators.cpp-producer.namespace 'acme audio' is not a C++ namespace name"},
           {"  cpp: { header_name: \"../up.hpp\" }\n", "cpp",
            ":8:23: error: generators.cpp.header_name '../up.hpp' is not a plain file name"},
           {"  cpp: { standard: 14 }\n", "cpp",
            ":8:20: error: generators.cpp.standard '14': seam's C++ bindings need C++17 or later"},
           {"  cpp: { standard: \"c++21\" }\n", "cpp", "generators.cpp.standard 'c++21' is not a C++ standard"},
           {"  flutter-plugin: { producer: go }\n", "flutter-plugin",
            ":8:31: error: producer 'go' is not one seam builds a plugin from: use cpp (the default) or rust"},
           {"  dart: { native_assets: true, producer: swift }\n", "dart",
            ":8:42: error: producer 'swift' is not one the Dart package's hook builds: use cpp (the default) or rust"},
       }) {
    TempIdl t("cpp_settings", head + c.settings);
    Result r = t.Generate(c.targets);
    EXPECT_EQ(r.code, 1) << c.settings;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.settings << r.err;
    EXPECT_NE(r.err.find("1 error generated."), std::string::npos) << r.err;  // once, also for two targets
    EXPECT_FALSE(fs::exists(t.out)) << c.settings;
  }
  // What they allow compiles (the C++ end-to-end suites build the defaults).
  for (const char* settings : {"  cpp: { namespace: \"acme::audio\", header_name: \"audio++.hpp\", standard: "
                               "\"c++20\" }\n  cpp-producer: { namespace: \"acme::engine\" }\n"}) {
    TempIdl t("cpp_settings_ok", head + settings);
    Result r = t.Generate("cpp,cpp-producer");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(Slurp(t.out / "cpp" / "audio++.hpp").find("namespace acme::audio {"), std::string::npos);
    EXPECT_NE(Slurp(t.out / "cpp-producer" / "include" / "audio.hpp").find("namespace acme::engine::m {"),
              std::string::npos);
  }
}

TEST(Cli, StripModulePrefixFalsePrefixesFreeAndListenerFunctions) {
  const std::string idl =
      "version: \"0.5.0\"\npackage: { name: mix, version: \"1.0\" }\nmodules:\n  - name: audio\n"
      "    callbacks:\n      - { name: OnLevel, params: [ { name: level, type: f32 } ] }\n"
      "    listeners:\n      - { name: level, event_callback: OnLevel }\n"
      "    functions:\n      - { name: set_gain, params: [ { name: gain, type: f32 } ] }\n"
      "    modules:\n      - name: stats\n        functions:\n          - { name: peak, return: f32 }\n";
  struct Case {
    std::string generators;
    bool dart_stripped, python_stripped;
  };
  for (const Case& c : std::vector<Case>{
           {"", true, true},
           {"generators:\n  dart: { strip_module_prefix: false }\n", false, true},
           {"generators:\n  python: { strip_module_prefix: false }\n", true, false},
           // WeaveFFI copies the global setting over every target's.
           {"generators:\n  global: { strip_module_prefix: false }\n  dart: { strip_module_prefix: true }\n",
            false, false},
           {"generators:\n  weaveffi: { strip_module_prefix: false }\n", false, false},
       }) {
    TempIdl t("strip", idl + c.generators);
    Result r = t.Generate("dart,python");
    ASSERT_EQ(r.code, 0) << c.generators << r.err;
    std::string dart = Slurp(t.out / "dart" / "lib" / "mix.dart");
    std::string py = Slurp(t.out / "python" / "mix" / "__init__.py");
    for (const auto& [stripped, unstripped] : std::vector<std::pair<std::string, std::string>>{
             {"void setGain(", "void audioSetGain("},
             {"double peak(", "double audioStatsPeak("},
             {"int registerLevel(", "int audioRegisterLevel("},
             {"void unregisterLevel(", "void audioUnregisterLevel("}}) {
      EXPECT_NE(dart.find(c.dart_stripped ? stripped : unstripped), std::string::npos) << c.generators << stripped;
      EXPECT_EQ(dart.find(c.dart_stripped ? unstripped : stripped), std::string::npos) << c.generators << stripped;
    }
    for (const auto& [stripped, unstripped] : std::vector<std::pair<std::string, std::string>>{
             {"def set_gain(", "def audio_set_gain("},
             {"def peak(", "def audio_stats_peak("},
             {"def register_level(", "def audio_register_level("}}) {
      EXPECT_NE(py.find(c.python_stripped ? stripped : unstripped), std::string::npos) << c.generators << stripped;
      EXPECT_EQ(py.find(c.python_stripped ? unstripped : stripped), std::string::npos) << c.generators << stripped;
    }
  }
}

TEST(Cli, FlutterPluginNames) {
  fs::path dir = fs::temp_directory_path() / ("seam_plugin_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  // The plugin, its package and its library share one name, lowercased from the package's.
  std::string idl = write("My-Lib.yml", "version: \"0.5.0\"\nmodules:\n  - name: m\n    functions:\n"
                                        "      - { name: f, params: [], return: i32 }\n");
  Result r = Seam("generate " + idl + " -o " + (dir / "out").string() + " -t flutter-plugin --dry-run");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/flutter-plugin/lib/my_lib.dart\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/flutter-plugin/ios/my_lib.podspec\n"), std::string::npos) << r.out;
  // A configured name that pub would refuse is a located error.
  idl = write("bad.yml", "version: \"0.5.0\"\nmodules:\n  - name: m\n    functions:\n"
                         "      - { name: f, params: [], return: i32 }\n"
                         "generators:\n  flutter-plugin:\n    plugin_name: MyPlugin\n");
  r = Seam("generate " + idl + " -o " + (dir / "out").string() + " -t flutter-plugin");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.yml:8:18: error: plugin_name 'MyPlugin' is not a valid Flutter plugin name"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  // generators.dart.native_assets is a boolean; anything else is a located error.
  idl = write("assets.yml", "version: \"0.5.0\"\nmodules:\n  - name: m\n    functions:\n"
                            "      - { name: f, params: [], return: i32 }\n"
                            "generators:\n  dart:\n    native_assets: \"yes\"\n");
  r = Seam("generate " + idl + " -o " + (dir / "out").string() + " -t dart");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("assets.yml:8:20: error: 'generators.dart.native_assets' must be true or false, "
                       "found a string [WrongType]"),
            std::string::npos)
      << r.err;
  fs::remove_all(dir);
}

// Every file under `dir`, by path relative to it.
std::map<std::string, std::string> Tree(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = Slurp(e.path());
  }
  return files;
}

// flutter-plugin embeds the dart and cpp-producer renderings when their names
// agree, and renders its own when they do not; either way a target's files do
// not depend on which other targets run beside it.
TEST(Cli, EmbeddingTargetsRenderTheSameAloneOrTogether) {
  fs::path dir = fs::temp_directory_path() / ("seam_embed_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string base = Slurp(kExamples + "/events/events.yml");
  ASSERT_EQ(base.find("\ngenerators:"), std::string::npos);
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"plain", ""},
      {"assets", "generators:\n  dart:\n    native_assets: true\n"},
      {"plugin_name", "generators:\n  flutter-plugin:\n    plugin_name: other_plugin\n"},
      {"package_name", "generators:\n  dart:\n    package_name: pkg_x\n    native_assets: true\n"},
      {"library_name", "generators:\n  cpp-producer:\n    library_name: lib_y\n  dart:\n    native_assets: true\n"},
  };
  for (const auto& [name, settings] : variants) {
    fs::path idl = dir / (name + ".yml");
    std::ofstream(idl) << base << settings;
    fs::path together = dir / (name + "_all"), alone = dir / (name + "_alone");
    ASSERT_EQ(Seam("generate " + idl.string() + " -o " + together.string() + " -t all").code, 0) << name;
    for (const char* target : {"flutter-plugin", "dart", "cpp-producer"}) {
      ASSERT_EQ(Seam("generate " + idl.string() + " -o " + alone.string() + " -t " + target).code, 0) << name;
      std::map<std::string, std::string> one = Tree(alone / target), all = Tree(together / target);
      EXPECT_FALSE(one.empty()) << name << " " << target;
      EXPECT_TRUE(one == all) << name << ": " << target << " differs when rendered with the other targets";
    }
  }
  // The plugin's package takes its own name where the dart target's differs.
  EXPECT_TRUE(fs::exists(dir / "package_name_all/flutter-plugin/lib/events.dart"));
  EXPECT_TRUE(fs::exists(dir / "package_name_all/dart/lib/pkg_x.dart"));
  EXPECT_TRUE(fs::exists(dir / "plugin_name_all/flutter-plugin/lib/other_plugin.dart"));
  fs::remove_all(dir);
}

TEST(Cli, FunctionDocsCarryParameterDocsAndSince) {
  TempIdl idl("docs", R"(version: "0.5.0"
package: { name: docs, version: "1.0.0" }
modules:
  - name: m
    functions:
      - name: scale
        doc: Scales a value.
        since: "1.2"
        params:
          - { name: value, type: f64, doc: what to scale }
          - { name: by, type: f64 }
        return: f64
      - name: plain
        params: []
)");
  Result r = idl.Generate("dart,cpp-producer");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string dart = Slurp(idl.out / "dart/lib/docs.dart");
  EXPECT_NE(dart.find("/// Scales a value.\n///\n/// [value]: what to scale\n///\n/// Since: 1.2\ndouble scale("),
            std::string::npos);
  EXPECT_NE(dart.find("}\n\nvoid plain() {"), std::string::npos) << "an undocumented function gets no comment";
  std::string hpp = Slurp(idl.out / "cpp-producer/include/docs.hpp");
  EXPECT_NE(hpp.find("`value`: what to scale"), std::string::npos);
  EXPECT_NE(hpp.find("Since: 1.2"), std::string::npos);
}

// Listener functions sit beside the free functions in one Dart library (and
// one Python module): the free function keeps its name, also when a listener
// is declared before it, and listeners whose names spell the same (`tick`,
// `tick_` and `tick__` all give `registerTick`) take '_' in declaration
// order, never a name another already has.
// What users read stays within the usual widths: every line of the Dart
// and Python packages of every example, WeaveFFI sample and fixture and
// end-to-end IDL is at most 100 columns (dart format's 80 and Black's 88 are
// the aims, exceeded only by single tokens such as long symbol names), and
// no doc comment line is doubled.
TEST(Cli, GeneratedDartAndPythonLinesStayShort) {
  std::vector<fs::path> idls;
  for (const fs::path& dir : {fs::path(kExamples), fs::path(SEAM_SHARED_DIR) / "data",
                              fs::path(SEAM_SOURCE_DIR) / "tests/e2e/idl"}) {
    if (!fs::exists(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.path().extension() == ".yml" && e.path().string().find("/broken/") == std::string::npos) {
        idls.push_back(e.path());
      }
    }
  }
  std::sort(idls.begin(), idls.end());
  ASSERT_GE(idls.size(), 20U);
  fs::path out = fs::temp_directory_path() / ("seam_widths_" + std::to_string(::getpid()));
  size_t files = 0, over_aim = 0, lines = 0;
  for (const fs::path& idl : idls) {
    for (const char* target : {"dart", "python"}) {
      fs::remove_all(out);
      Result r = Seam("generate " + idl.string() + " -o " + out.string() + " -t " + target);
      // Some fixtures use what a target refuses (a located error); examples
      // generate everywhere.
      if (r.code != 0) {
        EXPECT_EQ(idl.string().find(kExamples), std::string::npos) << idl << ": " << r.err;
        continue;
      }
      for (const auto& e : fs::recursive_directory_iterator(out)) {
        std::string ext = e.path().extension().string();
        if (ext != ".dart" && ext != ".py") continue;
        ++files;
        size_t aim = ext == ".dart" ? 80 : 88;
        std::istringstream in(Slurp(e.path()));
        size_t number = 0;
        for (std::string line; std::getline(in, line);) {
          ++number;
          ++lines;
          EXPECT_LE(line.size(), 100U) << e.path() << ":" << number << " (from " << idl << "): " << line;
          if (line.size() > aim) ++over_aim;
          EXPECT_EQ(line.find("/// ///"), std::string::npos) << e.path() << ":" << number;
        }
      }
    }
  }
  fs::remove_all(out);
  EXPECT_GE(files, 2 * idls.size() - 10);
  // The widths are kept almost everywhere.
  EXPECT_LE(over_aim * 200, lines) << over_aim << " of " << lines << " lines exceed 80 (Dart) or 88 (Python)";
}

TEST(Cli, ListenerFunctionsGetNamesOfTheirOwn) {
  TempIdl idl("listen", R"(version: "0.5.0"
package: { name: listen, version: "1.0.0" }
modules:
  - name: a
    callbacks:
      - { name: OnTick, params: [] }
    listeners:
      - { name: tick, event_callback: OnTick }
      - { name: tick_, event_callback: OnTick }
  - name: b
    callbacks:
      - { name: OnTock, params: [{ name: n, type: i32 }] }
    listeners:
      - { name: tick__, event_callback: OnTock }
    functions:
      - { name: register_tick, params: [], return: i32 }
)");
  Result r = idl.Generate("dart,python");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string dart = Slurp(idl.out / "dart/lib/listen.dart");
  std::string py = Slurp(idl.out / "python/listen/__init__.py");
  auto occurrences = [](const std::string& in, const std::string& text) {
    size_t n = 0;
    for (size_t at = in.find(text); at != std::string::npos; at = in.find(text, at + 1)) ++n;
    return n;
  };
  auto count = [&](const std::string& text) { return occurrences(dart, text); };
  auto count_py = [&](const std::string& text) { return occurrences(py, text); };
  EXPECT_EQ(count("\nint registerTick() {"), 1U) << dart;
  EXPECT_EQ(count("\nint registerTick_(void Function() onEvent) {"), 1U) << dart;
  EXPECT_EQ(count("\nint registerTick__(void Function() onEvent) {"), 1U) << dart;
  EXPECT_EQ(count("\nint registerTick___(void Function(int n) onEvent) {"), 1U) << dart;
  EXPECT_EQ(count("\nvoid unregisterTick(int id) {"), 1U) << dart;
  EXPECT_EQ(count("\nvoid unregisterTick_(int id) {"), 1U) << dart;
  EXPECT_EQ(count("\nvoid unregisterTick__(int id) {"), 1U) << dart;
  // Each registration's documentation names its own unregister function.
  EXPECT_EQ(count("Returns the subscription id for [unregisterTick_].\n"
                  "/// [onTick_] offers the same events as a [Stream].\nint registerTick__("),
            1U)
      << dart;
  // So do the Streams: no parameter is a Stream<void>, one its value.
  EXPECT_EQ(count("\nStream<void> get onTick =>\n    _ListenerStream<void>(\n      (add) => registerTick_(() => "
                  "add(null)),\n      unregisterTick,\n    );"),
            1U)
      << dart;
  EXPECT_EQ(count("\nStream<void> get onTick_ =>"), 1U) << dart;
  EXPECT_EQ(count("\nStream<int> get onTick__ =>\n    _ListenerStream<int>(registerTick___, unregisterTick__);"), 1U)
      << dart;
  // Python spells the listeners apart, but the free function keeps its name
  // there too, in whichever module order.
  EXPECT_EQ(count_py("\ndef register_tick() -> int:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef register_tick_(on_event: Callable[[], None]) -> Subscription:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef register_tick__(on_event: Callable[[], None]) -> Subscription:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef register_tick___(on_event: Callable[[int], None]) -> Subscription:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef unregister_tick(sid: int) -> None:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef unregister_tick_(sid: int) -> None:"), 1U) << py;
  EXPECT_EQ(count_py("\ndef unregister_tick__(sid: int) -> None:"), 1U) << py;
  EXPECT_EQ(count_py("Stops the events of a `register_tick___` subscription."), 1U) << py;
}

}  // namespace

// link-check: libraries at the default prefix coexist by their own runtime
// names; what two of them would define in common is a located error, what
// would keep their bindings apart a warning.
TEST(Cli, LinkCheckFindsWhatTwoLibrariesShare) {
  Result ok = Seam("link-check " + kExamples + "/calculator/calculator.yml " + kExamples + "/events/events.yml " +
                   kExamples + "/kvstore/kvstore.yml");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(ok.out, "ok: the 3 libraries can be linked into one program\n");
  EXPECT_EQ(ok.err, "");
  EXPECT_EQ(Seam("link-check " + kExamples + "/calculator/calculator.yml").code, 2);

  const std::string body =
      "modules:\n  - name: geo\n    structs:\n      - name: Point\n        fields:\n"
      "          - { name: x, type: f64 }\n    functions:\n      - { name: area, params: [], return: f64 }\n";
  TempIdl a("link_a", "version: \"0.5.0\"\npackage: { name: shapes_a, version: \"1.0\" }\n" + body);
  TempIdl b("link_b", "version: \"0.5.0\"\npackage: { name: shapes_b, version: \"1.0\" }\n" + body);
  Result clash = Seam("link-check " + a.idl.string() + " " + b.idl.string());
  EXPECT_EQ(clash.code, 1);
  EXPECT_NE(clash.err.find(":10:17: error: function 'area' lowers to C symbol 'weaveffi_geo_area', which function "
                           "'area' of " + a.idl.string() + " also defines: the two libraries cannot be linked into "
                           "one program; give one of them its own generators.c.prefix (or rename one) "
                           "[LibraryCollision]"),
            std::string::npos)
      << clash.err;
  EXPECT_NE(clash.err.find(":6:15: error: struct 'Point' lowers to C symbol 'weaveffi_geo_Point_create', which "
                           "struct 'Point' of " + a.idl.string() + " also defines"),
            std::string::npos)
      << clash.err;
  EXPECT_NE(clash.err.find("weaveffi_geo_Point_get_x"), std::string::npos) << clash.err;

  // The same package name at different prefixes: the symbols differ, the
  // packages do not.
  TempIdl c("link_c", "version: \"0.5.0\"\npackage: { name: shapes_a, version: \"1.0\" }\n" + body +
                          "generators:\n  c: { prefix: other }\n  cpp: { namespace: other }\n");
  Result warn = Seam("link-check " + a.idl.string() + " " + c.idl.string());
  EXPECT_EQ(warn.code, 0) << warn.err;
  EXPECT_NE(warn.err.find(":2:10: warning: the Python packages of this library and of " + a.idl.string() +
                          " are both named 'shapes_a': one process cannot import both"),
            std::string::npos)
      << warn.err;
  EXPECT_NE(warn.err.find("the Dart packages of this library"), std::string::npos) << warn.err;
  EXPECT_EQ(warn.err.find("C++ bindings"), std::string::npos) << warn.err;

  // Default prefix and the same package name: the runtime names collide.
  TempIdl d("link_d", "version: \"0.5.0\"\npackage: { name: shapes_a, version: \"1.0\" }\nmodules:\n  - name: other\n    functions:\n"
                      "      - { name: f, params: [], return: i32 }\n");
  Result same = Seam("link-check " + a.idl.string() + " " + d.idl.string());
  EXPECT_EQ(same.code, 1);
  EXPECT_NE(same.err.find("error: this library's runtime functions are named 'weaveffi_seam_shapes_a_*', as those "
                          "of " + a.idl.string() + " are"),
            std::string::npos)
      << same.err;
  EXPECT_NE(same.err.find("C++ bindings of this library and of " + a.idl.string() + " both use namespace 'shapes_a'"),
            std::string::npos)
      << same.err;
}

// generators.<target>.prebuilt: each platform's digest reaches the build file
// that checks it, and the ABIs it covers are not built from source.
TEST(Cli, PrebuiltLibrariesArePinnedInEveryBuildFile) {
  const std::string head =
      "version: \"0.5.0\"\npackage: { name: audio, version: \"1.0\" }\nmodules:\n  - name: m\n    functions:\n"
      "      - { name: f, params: [], return: i32 }\ngenerators:\n";
  const std::string a(64, 'a'), b = "B" + std::string(63, '0'), c(64, '7');
  TempIdl t("prebuilt", head + "  flutter-plugin:\n    prebuilt:\n      linux-x64: " + a + "\n      android-arm64: \"" +
                            b + "\"\n      windows-arm64: " + c + "\n");
  Result r = t.Generate("flutter-plugin");
  ASSERT_EQ(r.code, 0) << r.err;
  fs::path plugin = t.out / "flutter-plugin";
  EXPECT_NE(Slurp(plugin / "linux/CMakeLists.txt").find("set(audio_prebuilt_x64 \"" + a + "\")"), std::string::npos);
  EXPECT_EQ(Slurp(plugin / "linux/CMakeLists.txt").find(c), std::string::npos);
  EXPECT_NE(Slurp(plugin / "windows/CMakeLists.txt").find("set(audio_prebuilt_arm64 \"" + c + "\")"),
            std::string::npos);
  std::string gradle = Slurp(plugin / "android/build.gradle");
  EXPECT_NE(gradle.find("\"android-arm64\": [\"arm64-v8a\", \"b" + std::string(63, '0') + "\"]"), std::string::npos)
      << gradle;
  EXPECT_NE(gradle.find("abiFilters \"armeabi-v7a\", \"x86\", \"x86_64\""), std::string::npos) << gradle;
  EXPECT_NE(Slurp(plugin / "README.md").find("| `prebuilt/windows-arm64/audio.dll` |"), std::string::npos);

  // The Rust producer's Gradle file builds only the other ABIs with cargo.
  TempIdl rust("prebuilt_rust", head + "  flutter-plugin:\n    producer: rust\n    prebuilt: { android-arm64: " + a +
                                    ", android-arm: " + a + " }\n");
  r = rust.Generate("flutter-plugin");
  ASSERT_EQ(r.code, 0) << r.err;
  gradle = Slurp(rust.out / "flutter-plugin/android/build.gradle");
  EXPECT_NE(gradle.find("rustAbis[\"android-x64\"]"), std::string::npos) << gradle;
  EXPECT_EQ(gradle.find("rustAbis[\"android-arm64\"]"), std::string::npos) << gradle;
  EXPECT_NE(gradle.find("\"android-arm\": [\"armeabi-v7a\", \"" + a + "\"]"), std::string::npos) << gradle;

  // iOS and macOS link static libraries through the podspec's script phase;
  // that platform has no Swift package, the other keeps its own.
  TempIdl apple("prebuilt_apple", head + "  flutter-plugin:\n    prebuilt: { ios-arm64: " + a +
                                      ", ios-arm64-simulator: " + c + ", ios-x64-simulator: " + a + " }\n");
  r = apple.Generate("flutter-plugin");
  ASSERT_EQ(r.code, 0) << r.err;
  fs::path ios = apple.out / "flutter-plugin/ios";
  EXPECT_FALSE(fs::exists(ios / "audio/Package.swift"));
  EXPECT_TRUE(fs::exists(apple.out / "flutter-plugin/macos/audio/Package.swift"));
  std::string script = Slurp(ios / "prebuilt.sh");
  EXPECT_NE(script.find("iphonesimulator/arm64) platform=ios-arm64-simulator expected=" + c + " ;;"), std::string::npos)
      << script;
  EXPECT_NE(script.find("iphoneos/arm64) platform=ios-arm64 expected=" + a + " ;;"), std::string::npos) << script;
  EXPECT_NE(script.find("iphonesimulator/x86_64) platform=ios-x64-simulator"), std::string::npos) << script;
  EXPECT_NE(Slurp(ios / "audio.podspec").find("-force_load ${BUILT_PRODUCTS_DIR}/libaudio_prebuilt.a"),
            std::string::npos);
  EXPECT_NE(Slurp(apple.out / "flutter-plugin/README.md").find("| `prebuilt/ios-arm64/libaudio.a` |"),
            std::string::npos);

  // The Dart package's hook checks them with package:crypto, Apple included.
  TempIdl dart("prebuilt_dart", head + "  dart:\n    native_assets: true\n    prebuilt: { ios-arm64-simulator: " + a +
                                    ", macos-arm64: " + c + " }\n");
  r = dart.Generate("dart");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string hook = Slurp(dart.out / "dart/hook/build.dart");
  EXPECT_NE(hook.find("'ios-arm64-simulator': '" + a + "',"), std::string::npos) << hook;
  EXPECT_NE(hook.find("if (await _bundlePrebuilt(input, output)) return;"), std::string::npos) << hook;
  EXPECT_NE(Slurp(dart.out / "dart/pubspec.yaml").find("\n  crypto: ^3.0.0\n"), std::string::npos);
  EXPECT_NE(Slurp(dart.out / "dart/README.md").find("`prebuilt/macos-arm64/libaudio.dylib`"), std::string::npos);
}

TEST(Cli, PrebuiltSettingErrorsAreLocated) {
  const std::string head =
      "version: \"0.5.0\"\npackage: { name: audio, version: \"1.0\" }\nmodules:\n  - name: m\n    functions:\n"
      "      - { name: f, params: [], return: i32 }\ngenerators:\n";
  const std::string digest(64, 'a');
  struct Case {
    std::string settings, targets, expected;
  };
  for (const Case& c : std::vector<Case>{
           {"  flutter-plugin: { prebuilt: linux }\n", "flutter-plugin",
            ":8:31: error: 'generators.flutter-plugin.prebuilt' must be a mapping of platforms to SHA-256 digests"},
           {"  flutter-plugin: { prebuilt: { linux-x86: " + digest + " } }\n", "flutter-plugin",
            ":8:44: error: generators.flutter-plugin.prebuilt: 'linux-x86' is not a platform; use one of android-arm,"},
           {"  flutter-plugin: { prebuilt: { linux-x64: abc123 } }\n", "flutter-plugin",
            ":8:44: error: generators.flutter-plugin.prebuilt.linux-x64: 'abc123' is not a SHA-256 digest"},
           {"  dart: { native_assets: true, prebuilt: { windows-x64: [1] } }\n", "dart",
            ":8:57: error: generators.dart.prebuilt.windows-x64: a list or mapping is not a SHA-256 digest"},
       }) {
    TempIdl t("prebuilt_errors", head + c.settings);
    Result r = t.Generate(c.targets);
    EXPECT_EQ(r.code, 1) << c.settings;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.settings << r.err;
  }
}
