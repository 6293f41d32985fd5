// Helpers shared by the C and C++ renderers: doc comments, string literals,
// file preludes.
#ifndef SEAM_GEN_C_FAMILY_H_
#define SEAM_GEN_C_FAMILY_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/code_writer.h"
#include "ir/ir.h"

namespace seam::gen {

// Writes `/** text */`, or a `/** ... */` block for multi-line text. The text
// is trimmed; nothing is written for an empty or absent doc. A "*/" inside the
// text is broken up so it cannot end the comment early.
void WriteDocComment(CodeWriter& w, const std::optional<std::string>& doc);

// A C/C++ string literal (with quotes) for arbitrary UTF-8 text.
std::string CStringLiteral(std::string_view text);

// The IDL's file name without directories ("weaveffi.yml" when unknown).
std::string IdlBasename(const ir::Api& api);

// The three-line `//` prelude every generated C/C++ file starts with.
void WritePrelude(CodeWriter& w, const ir::Api& api);

// An identifier upper-cased, for macro and CMake names ("weaveffi" -> "WEAVEFFI").
std::string MacroPrefix(std::string_view prefix);

}  // namespace seam::gen

#endif  // SEAM_GEN_C_FAMILY_H_
