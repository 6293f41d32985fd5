// Parser for IDL type strings ("[Contact?]", "{string:i32}", "iter<T>", ...),
// following WeaveFFI's algorithm (reference §2.1) with located errors.
#ifndef SEAM_IR_TYPE_PARSER_H_
#define SEAM_IR_TYPE_PARSER_H_

#include <functional>
#include <optional>
#include <string_view>

#include "base/diagnostics.h"
#include "ir/ir.h"

namespace seam::ir {

// Deepest nesting of brackets, '?' suffixes, iter<> and handle<> in one type.
inline constexpr int kMaxTypeDepth = 64;

// Maps a byte offset into the type string to a source location.
using OffsetLoc = std::function<SourceLoc(size_t)>;

// Parses `text`. Problems are reported to `diags` (code InvalidTypeRef) and
// give nullopt. Named types are left unresolved.
[[nodiscard]] std::optional<TypeRef> ParseTypeRef(std::string_view text, const OffsetLoc& loc_at,
                                                  Diagnostics& diags);

}  // namespace seam::ir

#endif  // SEAM_IR_TYPE_PARSER_H_
