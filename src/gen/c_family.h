// Helpers shared by the C and C++ renderers: doc comments, string literals,
// file preludes.
#ifndef SEAM_GEN_C_FAMILY_H_
#define SEAM_GEN_C_FAMILY_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/code_writer.h"
#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::gen {

// Writes `/** text */`, or a `/** ... */` block for multi-line text. The text
// is trimmed; nothing is written for an empty or absent doc. A "*/" inside the
// text is broken up so it cannot end the comment early.
void WriteDocComment(CodeWriter& w, const std::optional<std::string>& doc);

// The documentation of a function in one text: its doc, then one paragraph
// per documented parameter (`param(name)` spells the reference, e.g. "[name]"
// in Dart), then "Since: X". Nothing when none of them is given.
std::optional<std::string> FunctionDocText(const ir::Function& f, std::string (*param)(const std::string& name));

// Where a function's trailing run of optional parameters starts (its
// parameter count if the last one is not optional): the consumer bindings
// let callers leave those out (Dart named parameters, Python defaults).
size_t FirstTrailingOptional(const ir::Function& f);

// A C slot type as the ABI model spells it ("const char*", "int32_t* const*"),
// reduced to what the consumer renderers map it by: its last word that is not
// `const` (the base type) and how many pointer levels it has.
struct CTypeShape {
  std::string_view base;
  int stars = 0;
};
CTypeShape ShapeOfCType(std::string_view c);

// A C/C++ string literal (with quotes) for arbitrary UTF-8 text.
std::string CStringLiteral(std::string_view text);

// The IDL's file name without directories ("weaveffi.yml" when unknown).
std::string IdlBasename(const ir::Api& api);

// The three-line `//` prelude every generated C/C++ file starts with.
void WritePrelude(CodeWriter& w, const ir::Api& api);

// An identifier upper-cased, for macro and CMake names ("weaveffi" -> "WEAVEFFI").
std::string MacroPrefix(std::string_view prefix);

// `name` as a lower-case identifier: runs of other characters become one '_'
// ("async-demo" -> "async_demo").
std::string IdentName(std::string_view name);

// A string setting of the IDL's `generators.<target>` table ("" if unset).
std::string Setting(const ir::Api& api, std::string_view target, std::string_view key);

// The value of `generators.<target>.<key>`, or nullptr when it is unset.
const ir::Value* SettingValue(const ir::Api& api, std::string_view target, std::string_view key);

// Checks `generators.<target>.namespace`, when set: a C++ namespace name (`a`
// or `a::b`) whose parts are identifiers, none of them a C++ keyword, a
// reserved identifier or a name the C and C++ libraries use (`std`, `linux`).
// Returns false after reporting one that is not (CppSetting).
bool CheckCppNamespace(const ir::Api& api, std::string_view target, Diagnostics& diags);

// What names a package or library: `generators.<target>.<key>`, else the
// package name, else the IDL file's name up to its first dot. Raw: each
// target makes an identifier of it its own way.
std::string ConfiguredName(const ir::Api& api, std::string_view target, std::string_view key);

// The native library's base name, shared by producers and consumers:
// `generators.<target>.library_name`, else the package name, else the IDL
// file stem, as an identifier ("weaveffi" if nothing is left).
std::string LibraryName(const ir::Api& api, std::string_view target);

// package.version as CMake's project(VERSION) accepts it (up to four numbers),
// else "0.1.0" (no version, or another form such as "1.0.0-beta").
std::string CMakeVersion(const ir::Api& api);

}  // namespace seam::gen

#endif  // SEAM_GEN_C_FAMILY_H_
