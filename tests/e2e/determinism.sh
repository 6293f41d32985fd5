#!/usr/bin/env bash
# Determinism: every target's output is byte-identical across runs, and does
# not depend on the order of keys in the input (each IDL is also rewritten as
# JSON, under its own file name, with every mapping's keys reversed; list
# order, which is declaration order, is kept). Usage: determinism.sh SEAM_BINARY WORK_DIR IDL...
set -uo pipefail
export LC_ALL=C
seam=$1; work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
fails=0
i=0
for idl in "$@"; do
  stem=$(basename "${idl%.*}")
  i=$((i + 1))
  out="$work/$i-$stem"
  mkdir -p "$out/reversed"
  if ! "$seam" generate "$idl" -o "$out/a" -t all > "$out/a.log" 2>&1 ||
     ! "$seam" generate "$idl" -o "$out/b" -t all > "$out/b.log" 2>&1; then
    echo "FAIL $stem: generate"; cat "$out/a.log"; fails=1; continue
  fi
  if ! diff -r "$out/a" "$out/b" > "$out/runs.diff"; then
    echo "FAIL $stem: two runs differ"; head -20 "$out/runs.diff"; fails=1; continue
  fi
  # The rewritten file keeps the original's name: the name appears in the
  # output (as does the library name taken from the stem), and line wrapping
  # depends on line lengths. JSON is YAML, so a .yml file reads it too.
  rname=$(basename "$idl")
  case $rname in *.toml) rname=${rname%.toml}.json ;; esac
  python3 - "$idl" "$out/reversed/$rname" <<'PY'
import json, re, sys, yaml

class Loader(yaml.SafeLoader):
    """YAML 1.2 booleans only: 'on', 'no', 'yes' stay strings, as in seam."""

Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))

def reverse(v):
    if isinstance(v, dict):
        return {k: reverse(v[k]) for k in reversed(list(v))}
    if isinstance(v, list):
        return [reverse(x) for x in v]
    return v

with open(sys.argv[1]) as f:
    doc = yaml.load(f, Loader=Loader)
with open(sys.argv[2], "w") as f:
    json.dump(reverse(doc), f, indent=1)
PY
  if ! "$seam" generate "$out/reversed/$rname" -o "$out/c" -t all > "$out/c.log" 2>&1; then
    echo "FAIL $stem: generate from reversed keys"; cat "$out/c.log"; fails=1; continue
  fi
  # Only the name of the input file in the prelude may differ.
  name=$(basename "$idl")
  if ! diff -r <(cd "$out/a" && find . -type f | sort) <(cd "$out/c" && find . -type f | sort) > "$out/files.diff"; then
    echo "FAIL $stem: reversed keys give other files"; cat "$out/files.diff"; fails=1; continue
  fi
  while read -r f; do
    if ! diff <(sed "s/$(basename "$rname")/$name/g" "$out/c/$f") "$out/a/$f" > "$out/keys.diff"; then
      echo "FAIL $stem: $f depends on key order"; head -20 "$out/keys.diff"; fails=1
    fi
  done < <(cd "$out/a" && find . -type f | sort)
  [ $fails -eq 0 ] && echo "PASS $stem ($(cd "$out/a" && find . -type f | wc -l) files)"
done
exit $fails
