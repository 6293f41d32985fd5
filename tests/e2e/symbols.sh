# Sourced by the end-to-end suites: what a generated C header declares and
# what a library exports, to check that a producer exports its whole header.

# declared_symbols HEADER: the functions HEADER declares (its `<PREFIX>_API`
# prototypes), sorted, as a library exports them: the runtime's functions are
# spelled with the header's prefix but linked as weaveffi_*.
declared_symbols() {
  local header=$1 prefix
  prefix=$(basename "$header" .h)
  grep -oE '^[A-Z0-9_]+_API [^;]*\b([A-Za-z0-9_]+)\(' "$header" | grep -oE '[A-Za-z0-9_]+\($' | tr -d '(' |
    sed -E "s/^${prefix}_(error_clear|free_string|free_bytes|cancel_token_create|cancel_token_cancel|cancel_token_is_cancelled|cancel_token_destroy)$/weaveffi_\1/" |
    sort -u
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
