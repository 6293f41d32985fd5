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

namespace seam::gen {

enum class WrapLanguage { kDart, kPython };

// dart format's width, and Black's.
inline constexpr std::size_t kDartWidth = 80;
inline constexpr std::size_t kPythonWidth = 88;

// `text` with every line longer than `width` wrapped.
std::string WrapLines(std::string_view text, WrapLanguage lang, std::size_t width);

}  // namespace seam::gen

#endif  // SEAM_GEN_LINE_WRAP_H_
