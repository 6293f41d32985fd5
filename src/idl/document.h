// The format-independent document tree the three readers produce: scalars,
// sequences and mappings, each with the location of its first character.
#ifndef SEAM_IDL_DOCUMENT_H_
#define SEAM_IDL_DOCUMENT_H_

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/source.h"

namespace seam {

enum class NodeKind : uint8_t { kNull, kBool, kInt, kFloat, kString, kSeq, kMap, kDateTime };

// Human name of a node kind for messages ("a mapping", "a string", ...).
const char* NodeKindName(NodeKind kind);

struct DocNode;

struct DocEntry {
  std::string key;
  SourceLoc key_loc;
  const DocNode* value = nullptr;
};

struct DocNode {
  NodeKind kind = NodeKind::kNull;
  SourceLoc loc;
  // Scalars: the string value for kString, otherwise the source spelling
  // (e.g. "1.0", "true", "0x10").
  std::string text;
  // True for scalars written without quotes in YAML: such a scalar may stand
  // for a string (`version: 0.5.0`, `name: yes`).
  bool plain = false;
  bool bool_value = false;
  int64_t int_value = 0;
  // kInt above INT64_MAX but within uint64: the value is in uint_value.
  bool big_unsigned = false;
  uint64_t uint_value = 0;
  // kInt whose value fits in neither int64 nor uint64.
  bool int_overflow = false;
  double float_value = 0;
  // Where the characters of `text` begin, and whether they appear in the
  // source exactly as in `text` on one line (no escapes), so that an offset
  // into `text` maps to a column. Used to point inside type strings.
  SourceLoc content_loc;
  bool verbatim = false;
  std::vector<const DocNode*> items;  // kSeq
  std::vector<DocEntry> entries;      // kMap, in document order

  // The entry for `key`, or nullptr.
  [[nodiscard]] const DocEntry* Find(std::string_view key) const;
  // Location of `text[offset]` when verbatim, else the node's location.
  [[nodiscard]] SourceLoc LocAt(size_t offset) const;
};

// Finds the earlier entry of a mapping by key while the mapping is read, for
// duplicate-key errors: a scan while the mapping is small, a hash index once
// it is not. One per mapping being read.
class EntryIndex {
 public:
  // The entry of `map` (the mapping this index serves) whose key is `key`, or nullptr.
  [[nodiscard]] const DocEntry* Find(const DocNode& map, const std::string& key);

 private:
  std::unordered_map<std::string, size_t> index_;
  size_t indexed_ = 0;  // how many of the map's entries index_ holds
};

// Owns the nodes of one parsed file. Nodes never move once created; YAML
// aliases share their anchor's node.
class Document {
 public:
  DocNode& NewNode() { return nodes_.emplace_back(); }
  const DocNode* root() const { return root_; }
  void set_root(const DocNode* root) { root_ = root; }

 private:
  std::deque<DocNode> nodes_;
  const DocNode* root_ = nullptr;
};

// Resource limits every reader enforces, so no input can exhaust memory or stack.
inline constexpr int kMaxNestingDepth = 200;
// Alias expansion may grow a YAML document to at most this many nodes.
inline constexpr size_t kMaxExpandedNodes = 2'000'000;

}  // namespace seam

#endif  // SEAM_IDL_DOCUMENT_H_
