# Sourced by the end-to-end suites: what a generated C header declares and
# what a library exports, to check that a producer exports its whole header.

# declared_symbols HEADER: the functions HEADER declares (its `<PREFIX>_API`
# prototypes), sorted: the library's own and the runtime's WeaveFFI names
# (weaveffi_free_string...), all of which a library exports.
declared_symbols() {
  grep -oE '^[A-Z0-9_]+_API [^;]*\b([A-Za-z0-9_]+)\(' "$1" | grep -oE '[A-Za-z0-9_]+\($' | tr -d '(' | sort -u
}

# exported_symbols LIB: the dynamic symbols LIB defines, sorted.
exported_symbols() {
  nm -D --defined-only "$1" | awk '{print $3}' | sort -u
}

# missing_exports HEADER LIB: what HEADER declares and LIB does not export,
# one per line; nothing when LIB exports it all.
missing_exports() {
  comm -23 <(declared_symbols "$1") <(exported_symbols "$2")
}
