// Edit distance and suggestions.
#include "base/strings.h"

#include <algorithm>
#include <cctype>

namespace seam {

size_t EditDistance(std::string_view a, std::string_view b) {
  // Rows i-2, i-1 and i of the dynamic-programming table.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {
std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  if (word.size() > 64) return std::nullopt;
  size_t limit = word.size() >= 9 ? 3 : word.size() >= 5 ? 2 : 1;
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  std::string lower = Lower(word);
  for (const std::string& c : candidates) {
    if (c == word) continue;
    size_t d = Lower(c) == lower ? 0 : EditDistance(word, c);
    // On a tie, a candidate that extends the word ("i3" -> "i32") wins.
    bool extends = c.size() > word.size() && std::string_view(c).substr(0, word.size()) == word;
    bool best_extends = best && best->size() > word.size() &&
                        std::string_view(*best).substr(0, word.size()) == word;
    if (d < best_distance || (d == best_distance && extends && !best_extends)) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto match = ClosestMatch(word, candidates);
  return match ? " (did you mean '" + *match + "'?)" : "";
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += "'" + item + "'";
  }
  return out;
}

bool IsCIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace seam
