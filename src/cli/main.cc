// seam's entry point: argument parsing (CLI11) and dispatch to the
// subcommands, over the backends of gen/registry.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "base/diagnostics.h"
#include "cli/commands.h"
#include "cli/heap.h"
#include "gen/registry.h"

namespace {

std::string TargetHelp(const seam::gen::BackendList& backends) {
  if (backends.empty()) return "Targets to generate, comma-separated (none are available yet)";
  std::string help = "Targets to generate, comma-separated:";
  for (const auto& b : backends) help += fmt::format("\n  {:<15} {}", b->name(), b->description());
  help += fmt::format("\n  {:<15} {}", "all", "every target above");
  return help;
}

// CLI11 accepts `-o ""`, which would mean the current directory by accident.
const CLI::Validator kNotEmpty(
    [](const std::string& value) { return value.empty() ? std::string("must not be empty") : std::string(); },
    "", "NotEmpty");

}  // namespace

int main(int argc, char** argv) {
  seam::TuneHeap();
  seam::gen::BackendList backends = seam::gen::AllBackends();
  CLI::App app{"seam: generate safe, fast bindings for native libraries from a WeaveFFI IDL"};
  app.set_version_flag("--version", std::string("seam ") + SEAM_VERSION);
  app.require_subcommand(1);

  seam::ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand(
      "validate", "Check an IDL file (.yml, .yaml, .json, .toml) and report every problem");
  validate_cmd->add_option("FILE", validate.file, "The IDL file")->required();
  validate_cmd->add_option("--format", validate.format, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  seam::LinkCheckOptions link_check;
  CLI::App* link_check_cmd = app.add_subcommand(
      "link-check",
      "Check that the libraries of several IDL files can be linked into one program and their bindings used "
      "together");
  link_check_cmd->add_option("FILE", link_check.files, "The IDL files (two or more)")->required()->expected(2, -1);

  seam::GenerateOptions generate;
  CLI::App* generate_cmd =
      app.add_subcommand("generate", "Generate code for one or more targets into DIR/<target>/");
  generate_cmd->add_option("FILE", generate.file, "The IDL file")->required();
  generate_cmd->add_option("-o,--out", generate.out_dir, "Output directory")->required()->check(kNotEmpty);
  generate_cmd->add_option("-t,--target", generate.targets, TargetHelp(backends))
      ->required()
      ->delimiter(',');
  generate_cmd->add_flag("--dry-run", generate.dry_run,
                         "Print the files that would be written and write nothing");

  seam::NewOptions new_project;
  CLI::App* new_cmd = app.add_subcommand(
      "new", "Create a starter project: an IDL, a C++ or Rust producer, a Dart test and a script that runs it");
  new_cmd->add_option("NAME", new_project.name, "The project's name (lowercase, digits, underscores)")->required();
  new_cmd->add_option("--producer", new_project.producer, "The language of the library: cpp or rust")
      ->check(CLI::IsMember({"cpp", "rust"}));
  new_cmd->add_option("-o,--out", new_project.dir, "The directory to create (default: ./NAME)")
      ->check(kNotEmpty);
  new_cmd->add_flag("--flutter", new_project.flutter,
                    "Make a Flutter FFI plugin of the library (flutter-plugin/), built for Linux by the project's test");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? seam::kExitOk : seam::kExitUsage;
  }
  try {
    if (*validate_cmd) return seam::RunValidate(validate);
    if (*link_check_cmd) return seam::RunLinkCheck(link_check);
    if (*generate_cmd) return seam::RunGenerate(generate, backends);
    if (*new_cmd) {
      std::error_code ec;
      std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
      if (ec) self = std::filesystem::absolute(argv[0], ec);
      new_project.seam_path = self.string();
      return seam::RunNew(new_project, backends);
    }
  } catch (const std::exception& e) {
    std::cerr << "seam: internal error: " << e.what() << "\n";
    return seam::kExitInternal;
  }
  return seam::kExitUsage;
}
