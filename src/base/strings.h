// String helpers shared by every stage: edit distance and "did you mean".
#ifndef SEAM_BASE_STRINGS_H_
#define SEAM_BASE_STRINGS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seam {

// Optimal-string-alignment distance: insertions, deletions, substitutions and
// transpositions of neighbours each cost 1. EditDistance("retrun", "return") == 1.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a plausible
// typo (distance at most 1 for short words, 2 from 5 characters, 3 from 9;
// case differences count as close). Ties go to a candidate that extends the
// word, then to the earlier candidate.
[[nodiscard]] std::optional<std::string> ClosestMatch(std::string_view word,
                                                      const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" when there is no close candidate.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Whether `s` is an ASCII identifier: letters, digits and '_', not starting
// with a digit, not empty.
bool IsCIdentifier(std::string_view s);

// Joins with ", " and quotes each item: 'a', 'b', 'c'.
std::string QuotedList(const std::vector<std::string>& items);

}  // namespace seam

#endif  // SEAM_BASE_STRINGS_H_
