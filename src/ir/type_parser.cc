// Type-string parsing: recursive descent over string_views with offsets kept
// for locations, bounded by kMaxTypeDepth so no input can exhaust the stack.
#include "ir/type_parser.h"

#include <fmt/format.h>

#include <array>

namespace seam::ir {
namespace {

constexpr std::array<std::pair<std::string_view, Primitive>, 16> kPrimitives = {{
    {"i8", Primitive::kI8},         {"i16", Primitive::kI16},   {"i32", Primitive::kI32},
    {"i64", Primitive::kI64},       {"u8", Primitive::kU8},     {"u16", Primitive::kU16},
    {"u32", Primitive::kU32},       {"u64", Primitive::kU64},   {"f32", Primitive::kF32},
    {"f64", Primitive::kF64},       {"bool", Primitive::kBool}, {"string", Primitive::kString},
    {"bytes", Primitive::kBytes},   {"handle", Primitive::kHandle},
    {"&str", Primitive::kBorrowedStr}, {"&[u8]", Primitive::kBorrowedBytes},
}};

// Long type strings are shortened in messages.
std::string Shorten(std::string_view text) {
  if (text.size() <= 60) return std::string(text);
  return std::string(text.substr(0, 57)) + "...";
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

class Parser {
 public:
  Parser(std::string_view full, const OffsetLoc& loc_at, Diagnostics& diags)
      : full_(full), loc_at_(loc_at), diags_(diags) {}

  // Parses full_[begin, end).
  std::optional<TypeRef> Parse(size_t begin, size_t end, int depth) {
    while (begin < end && IsSpace(full_[begin])) ++begin;
    while (end > begin && IsSpace(full_[end - 1])) --end;
    SourceLoc loc = loc_at_(begin);
    if (depth > kMaxTypeDepth) {
      diags_.Error(loc, "InvalidTypeRef",
                   fmt::format("type nests deeper than {} levels", kMaxTypeDepth));
      return std::nullopt;
    }
    std::string_view text = full_.substr(begin, end - begin);
    if (text.empty()) {
      diags_.Error(loc, "InvalidTypeRef", "empty type reference");
      return std::nullopt;
    }
    TypeRef t;
    t.loc = loc;
    if (text.front() == '[' && text.back() == ']') {
      return Wrap(TypeKind::kList, std::move(t), Parse(begin + 1, end - 1, depth + 1));
    }
    if (text.front() == '{' && text.back() == '}') {
      // Split at the first ':' outside nested brackets.
      int nesting = 0;
      size_t colon = std::string_view::npos;
      for (size_t i = begin + 1; i + 1 < end; ++i) {
        char c = full_[i];
        if (c == '[' || c == '{' || c == '<') ++nesting;
        if (c == ']' || c == '}' || c == '>') --nesting;
        if (c == ':' && nesting == 0) {
          colon = i;
          break;
        }
      }
      if (colon == std::string_view::npos) {
        diags_.Error(loc, "InvalidTypeRef",
                     fmt::format("map type '{}' is missing the ':' between key and value type",
                                 Shorten(text)));
        return std::nullopt;
      }
      auto key = Parse(begin + 1, colon, depth + 1);
      if (!key) return std::nullopt;
      auto value = Parse(colon + 1, end - 1, depth + 1);
      if (!value) return std::nullopt;
      t.kind = TypeKind::kMap;
      t.args.push_back(std::move(*key));
      t.args.push_back(std::move(*value));
      return t;
    }
    if (text.back() == '?') {
      return Wrap(TypeKind::kOptional, std::move(t), Parse(begin, end - 1, depth + 1));
    }
    if (text.starts_with("handle<") && text.back() == '>') {
      size_t inner = begin + 7;
      size_t inner_end = end - 1;
      while (inner < inner_end && IsSpace(full_[inner])) ++inner;
      while (inner_end > inner && IsSpace(full_[inner_end - 1])) --inner_end;
      std::string_view name = full_.substr(inner, inner_end - inner);
      if (!CheckName(name, loc_at_(inner))) return std::nullopt;
      t.kind = TypeKind::kTypedHandle;
      t.name = std::string(name);
      return t;
    }
    if (text.starts_with("iter<") && text.back() == '>') {
      return Wrap(TypeKind::kIterator, std::move(t), Parse(begin + 5, end - 1, depth + 1));
    }
    for (const auto& [spelling, primitive] : kPrimitives) {
      if (text == spelling) {
        t.kind = TypeKind::kPrimitive;
        t.primitive = primitive;
        return t;
      }
    }
    if (!CheckName(text, loc)) return std::nullopt;
    t.kind = TypeKind::kNamed;
    t.name = std::string(text);
    return t;
  }

 private:
  static std::optional<TypeRef> Wrap(TypeKind kind, TypeRef t, std::optional<TypeRef> inner) {
    if (!inner) return std::nullopt;
    t.kind = kind;
    t.args.push_back(std::move(*inner));
    return t;
  }

  // A type name is an identifier, optionally qualified with module names (a.b.Name).
  bool CheckName(std::string_view name, SourceLoc loc) {
    bool ok = !name.empty() && name.front() != '.' && name.back() != '.' &&
              name.find("..") == std::string_view::npos;
    for (char c : name) ok = ok && IsNameChar(c);
    if (!ok) {
      if (name.empty()) {
        diags_.Error(loc, "InvalidTypeRef", "empty type name in 'handle<>'");
      } else {
        diags_.Error(loc, "InvalidTypeRef",
                     fmt::format("malformed type reference '{}'; expected a primitive, a declared "
                                 "type name, T?, [T], {{K:V}}, iter<T> or handle<T>",
                                 Shorten(name)));
      }
    }
    return ok;
  }

  std::string_view full_;
  const OffsetLoc& loc_at_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<TypeRef> ParseTypeRef(std::string_view text, const OffsetLoc& loc_at,
                                    Diagnostics& diags) {
  return Parser(text, loc_at, diags).Parse(0, text.size(), 0);
}

}  // namespace seam::ir
