// Reading an IDL file: the format is chosen by extension (YAML, JSON or TOML)
// and the result is a Document whose every node is located.
#ifndef SEAM_IDL_READER_H_
#define SEAM_IDL_READER_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/diagnostics.h"
#include "idl/document.h"

namespace seam {

enum class IdlFormat { kYaml, kJson, kToml };

// The format for a file name's extension, or nullopt when it has none we accept.
[[nodiscard]] std::optional<IdlFormat> FormatFromPath(std::string_view path);

// Parses `text` (already registered as `file_id`). Syntax errors are reported to
// `diags` at their location; returns false when no usable document was read.
[[nodiscard]] bool ParseDocument(IdlFormat format, const SourceFile& file, uint32_t file_id,
                                 Document& doc, Diagnostics& diags);

// Per-format parsers, called by ParseDocument after common checks (UTF-8, control
// characters, byte-order mark).
[[nodiscard]] bool ParseYaml(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
                             Diagnostics& diags);
[[nodiscard]] bool ParseJson(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
                             Diagnostics& diags);
[[nodiscard]] bool ParseToml(const SourceFile& file, uint32_t file_id, size_t start, Document& doc,
                             Diagnostics& diags);

// Reads `path` from disk and parses it. Reports a missing or unsupported
// extension, an unreadable file and syntax errors.
[[nodiscard]] bool ReadIdlFile(const std::string& path, SourceManager& sources, Document& doc,
                               Diagnostics& diags);

// Stores the unsigned integer spelled by `digits` (in `base`, sign given
// separately) into node: int_value, or big_unsigned/uint_value, or int_overflow.
void SetIntValue(std::string_view digits, int base, bool negative, DocNode& node);

// Fills content_loc and verbatim for a scalar whose characters start at byte
// `content_offset` of `file`.
void SetScalarContent(const SourceFile& file, uint32_t file_id, size_t content_offset,
                      DocNode& node);

// Where a syntax error found at byte `offset` is shown. An error at the end
// of the text (a collection or string left open) goes just after the last
// character that is not white space, so that it shows the line where the text
// stops instead of an empty line past it.
[[nodiscard]] SourceLoc SyntaxErrorLoc(const SourceFile& file, uint32_t file_id, size_t offset);

}  // namespace seam

#endif  // SEAM_IDL_READER_H_
