// Line wrapping for generated Dart and Python: the renderers write one
// logical line per statement or declaration, and this pass breaks those
// longer than the language's usual width the way its formatter would
// (dart format's tall style, Black's for Python): an argument, parameter,
// type-argument or collection list goes one item per line, with a trailing
// comma where the language allows one; comments and doc comments are
// re-flowed at spaces. Code inside string literals is never touched, and a
// line the pass cannot split safely is left as it is.
#ifndef SEAM_GEN_LINE_WRAP_H_
#define SEAM_GEN_LINE_WRAP_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seam::gen {

enum class WrapLanguage { kDart, kPython };

// dart format's width, and Black's.
inline constexpr std::size_t kDartWidth = 80;
inline constexpr std::size_t kPythonWidth = 88;

// `text` with every line longer than `width` wrapped.
std::string WrapLines(std::string_view text, WrapLanguage lang, std::size_t width);

// A top-level `head` + items + `tail` (a call's arguments, a type-argument
// list) laid out as WrapLines lays it out when it splits that bracket pair:
// one line when it fits in `width`, else `head`, the items one per line
// `step` columns in (each followed by a comma, the last one too when
// `trailing_comma`), then `tail`. The caller knows that this is the pair
// WrapLines would split first (it splits the top-level pair with the most
// content, the later one of equals). Renderers write lines whose shape they know
// this way, so that WrapLines has less to read; an item still too long is
// wrapped by WrapLines as usual.
std::string ListLines(std::string_view head, const std::vector<std::string>& items, std::string_view tail,
                      std::size_t width, std::size_t step, bool trailing_comma);

}  // namespace seam::gen

#endif  // SEAM_GEN_LINE_WRAP_H_
