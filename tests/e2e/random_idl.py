#!/usr/bin/env python3
"""Random valid IDLs for the property test: seeded and reproducible.

    random_idl.py SEED OUT.json [C_PREFIX]
    random_idl.py --many FIRST COUNT DIR     (DIR/r<seed>/r<seed>.json, prefix r<seed>)

Every construct appears in every position the IDL allows it (reference
§2.3): modules (nested), C-style and rich enums, records (with defaults and
builders), error domains, callbacks and listeners, interfaces (constructors,
methods, statics, iterators, async and cancellable methods), free functions
(sync, async, cancellable, throwing, iterators, mutable parameters,
deprecated), with scalars, strings, bytes, borrowed types, handles, typed
handles, optionals, lists and maps. Names are drawn from words that are
keywords or builtins in some target language. Types only refer to
declarations made earlier, so records never contain themselves.
"""
import json
import os
import random
import sys

SCALARS = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "bool"]
# Valid IDL identifiers that are awkward somewhere (C, C++, Dart, Python).
WORDS = [
    "value", "list", "len", "print", "self", "cls", "class", "default", "new", "delete", "in", "is", "not",
    "and", "or", "None", "True", "null", "int", "float", "double", "string", "object", "dict", "map", "set",
    "get", "tag", "name", "values", "index", "code", "message", "close", "dispose", "next", "iter", "data",
    "len_", "ptr", "out", "result", "context", "cancel", "on_event", "register", "case", "switch",
    "namespace", "template", "operator", "this", "var", "final", "const", "static", "lambda", "def", "from",
    "import", "pass", "raise", "with", "yield", "global", "extern", "union", "typedef", "signed", "hash",
    "id", "_x", "__y", "a1", "camelCase", "PascalCase", "UPPER", "mixed_Case", "x", "y", "z", "t", "T",
    # Not reserved by any language, but used by the standard libraries or the
    # generated code (dart:core, dart:ffi, <stdint.h>, Rust's prelude).
    "identical", "override", "pragma", "sizeOf", "nullptr", "utf8", "stderr", "main", "size_t", "int32_t",
    "INT32_MAX", "Pointer", "StateError", "Future", "Vec", "Some", "Ok",
    # Spelled like a target's escape of a word above, to meet it.
    "class_", "new_", "default_", "in_", "is_", "None_", "def_", "this_", "import_", "operator_",
]


def upper_camel(name):
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        # Every name, API-wide, so no two C symbols collide; `new` is the
        # constructor's, `tag` the rich enums' discriminant.
        self.used = {"new", "tag"}
        self.iter_types = set()
        self.n = 0

    # Slots the C ABI adds beside parameters (validation rejects them).
    SLOTS = {"self", "context", "callback", "result", "out", "out_err", "cancel_token", "out_len", "out_item"}

    def name(self, upper=False, param=False):
        w = self.r.choice(WORDS)
        while param and w in self.SLOTS:
            w = self.r.choice(WORDS)
        if upper:
            w = w.lstrip("_")
            w = w[:1].upper() + w[1:]
        while w.lower() in self.used or not w or w in ("None", "True") and not upper:
            self.n += 1
            w = f"{w.rstrip('_')}_{self.n}" if not upper else f"{w}{self.n}"
        self.used.add(w.lower())
        return w

    def chance(self, p):
        return self.r.random() < p

    # ---- types by position ----
    def named(self, kinds):
        pool = [n for k in kinds for n in self.decls[k]]
        return self.r.choice(pool) if pool else None

    def slot_element(self, param):
        opts = ["scalar", "string", "handle", "enum", "record", "opt_record", "typed_handle"]
        if param:
            opts.append("str_ref")
        k = self.r.choice(opts)
        if k == "scalar":
            return self.r.choice(SCALARS)
        if k == "string":
            return "string"
        if k == "str_ref":
            return "&str"
        if k == "handle":
            return "handle"
        if k == "enum":
            return self.named(["enum"]) or "i32"
        if k == "record":
            return self.named(["struct", "rich"]) or "string"
        if k == "opt_record":
            n = self.named(["struct", "rich"])
            return n + "?" if n else "i64"
        n = self.named(["struct", "rich", "enum"])
        return f"handle<{n}>" if n else "u8"

    def scalar_element(self, param):
        opts = SCALARS + ["string"] + (["&str"] if param else [])
        return self.r.choice(opts)

    def value_type(self, pos):
        """A type for position pos: P (parameter), R (sync return), AR (async
        return), F (field)."""
        k = self.r.choice(["scalar", "scalar", "string", "bytes", "handle", "typed_handle", "enum", "record",
                           "interface", "optional", "list", "map"])
        if k == "scalar":
            return self.r.choice(SCALARS)
        if k == "string":
            return "&str" if pos == "P" and self.chance(0.3) else "string"
        if k == "bytes":
            return "&[u8]" if pos == "P" and self.chance(0.3) else "bytes"
        if k == "handle":
            return "handle"
        if k == "typed_handle":
            n = self.named(["struct", "rich", "enum"])
            return f"handle<{n}>" if n else "handle"
        if k == "enum":
            return self.named(["enum"]) or "i16"
        if k == "record":
            return self.named(["struct", "rich"]) or "f64"
        if k == "interface":
            if pos == "F":
                return "u32"
            return self.named(["interface"]) or "u64"
        if k == "optional":
            inner = self.r.choice(["scalar", "string", "bytes", "enum", "record", "interface", "list", "map",
                                   "handle", "typed_handle"])
            if inner == "scalar":
                return self.r.choice(SCALARS) + "?"
            if inner == "string":
                return "string?"
            if inner == "handle":
                return "handle?"
            if inner == "typed_handle":
                n = self.named(["struct", "rich", "enum"])
                return f"handle<{n}>?" if n else "handle?"
            if inner in ("bytes", "list", "map") and pos == "AR":
                return "i32?"
            if inner == "bytes":
                return "bytes?"
            if inner == "enum":
                n = self.named(["enum"])
                return n + "?" if n else "bool?"
            if inner == "record":
                n = self.named(["struct", "rich"])
                return n + "?" if n else "string?"
            if inner == "interface":
                n = self.named(["interface"]) if pos in ("P", "R", "AR") else None
                return n + "?" if n else "i8?"
            if inner == "list":
                return f"[{self.slot_element(False)}]?"
            return f"{{{self.scalar_element(False)}:{self.scalar_element(False)}}}?"
        if k == "list":
            return f"[{self.slot_element(pos == 'P')}]"
        return f"{{{self.scalar_element(pos == 'P')}:{self.scalar_element(pos == 'P')}}}"

    def callback_type(self):
        k = self.r.choice(["leaf", "leaf", "optional", "list", "map"])
        leaves = SCALARS + ["string", "&str", "handle", "bytes", "&[u8]"]
        for kind in ("enum", "struct", "rich"):
            leaves += self.decls[kind]
        leaf = self.r.choice(leaves)
        if k == "leaf":
            return leaf
        if k == "optional":
            return self.r.choice(SCALARS + ["string", "bytes"] + self.decls["struct"] + self.decls["enum"]) + "?"
        if k == "list":
            return f"[{self.scalar_element(False)}]"
        return f"{{{self.scalar_element(False)}:{self.scalar_element(False)}}}"

    # ---- declarations ----
    def fields(self, count):
        out = []
        for _ in range(count):
            t = self.value_type("F")
            f = {"name": self.name(), "type": t}
            if self.chance(0.2):
                f["doc"] = "A field's doc with \"quotes\", */ and \\ backslash"
            d = self.default_for(t)
            if d is not None and self.chance(0.5):
                f["default"] = d
            out.append(f)
        return out

    def default_for(self, t):
        if t in ("i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"):
            return self.r.randint(0, 100)
        if t in ("f32", "f64"):
            return self.r.choice([0.5, -2.25, 3])
        if t == "bool":
            return self.chance(0.5)
        if t == "string":
            return self.r.choice(["", "x", "quote \" and ' and \\"])
        if t.endswith("?"):
            return None
        if t in self.decls["enum"]:
            return self.enum_variants[t][0]
        return None

    def params(self, count, async_=False):
        ps = []
        for _ in range(count):
            t = self.value_type("P")
            p = {"name": self.name(param=True), "type": t}
            if not async_ and self.chance(0.25) and (
                    t in ("string", "bytes") or t in self.decls["struct"]
                    or (t.startswith("[") and t[1:-1] in SCALARS and t != "[bool]")):
                p["mutable"] = True
            if self.chance(0.1):
                p["doc"] = "A parameter."
            ps.append(p)
        return ps

    def function(self, in_interface=False, allow_async=True, domain=False):
        f = {"name": self.name(), "params": []}
        shape = self.r.choice(["sync", "sync", "sync", "async", "iter"]) if allow_async else \
            self.r.choice(["sync", "iter"])
        if shape == "async":
            f["async"] = True
            f["params"] = self.params(self.r.randint(0, 3), async_=True)
            if self.chance(0.5):
                f["cancellable"] = True
            if self.chance(0.7):
                f["return"] = self.value_type("AR")
        elif shape == "iter":
            # The iterator type is named from the function's name in
            # UpperCamel, where `__y` and `y` (or `len_` and `len`) meet.
            while upper_camel(f["name"]) in self.iter_types:
                f["name"] = self.name()
            self.iter_types.add(upper_camel(f["name"]))
            f["params"] = self.params(self.r.randint(0, 2))
            f["return"] = f"iter<{self.slot_element(False)}>"
        else:
            f["params"] = self.params(self.r.randint(0, 4))
            if self.chance(0.8):
                f["return"] = self.value_type("R")
        if domain and self.chance(0.5):
            f["throws"] = True
        if self.chance(0.1):
            f["deprecated"] = "use something else"
        if self.chance(0.2):
            f["doc"] = "Does things.\nSecond line."
            f["since"] = "1.2"
        return f

    def module(self, depth, domain_in_scope):
        m = {"name": self.name()}
        if self.chance(0.7):
            cnt = self.r.randint(1, 2)
            m["enums"] = []
            for _ in range(cnt):
                n = self.name(upper=True)
                values = self.r.sample(range(-5, 50), 3)
                vs = [{"name": self.name(upper=True), "value": v} for v in values]
                self.enum_variants[n] = [v["name"] for v in vs]
                m["enums"].append({"name": n, "variants": vs})
                self.decls["enum"].append(n)
        structs = []
        for _ in range(self.r.randint(0, 3)):
            n = self.name(upper=True)
            s = {"name": n, "fields": self.fields(self.r.randint(1, 5))}
            if self.chance(0.2):
                s["builder"] = True
            structs.append(s)
            self.decls["struct"].append(n)
        if structs:
            m["structs"] = structs
        if self.chance(0.6):
            n = self.name(upper=True)
            variants = []
            for i in range(self.r.randint(1, 3)):
                v = {"name": self.name(upper=True), "value": i * 2}
                if self.chance(0.7):
                    v["fields"] = self.fields(self.r.randint(1, 3))
                variants.append(v)
            if not any("fields" in v for v in variants):
                variants[0]["fields"] = self.fields(1)
            m.setdefault("enums", []).append({"name": n, "variants": variants})
            self.decls["rich"].append(n)
        domain = domain_in_scope
        if self.chance(0.5):
            m["errors"] = {"name": self.name(upper=True),
                           "codes": [{"name": self.name(upper=True), "code": 100 + i + 10 * self.n,
                                      "message": f"error {i} \"quoted\""} for i in range(self.r.randint(1, 3))]}
            domain = True
        if self.chance(0.6):
            cbs, ls = [], []
            for _ in range(self.r.randint(1, 2)):
                cb = {"name": self.name(upper=True),
                      "params": [{"name": self.name(param=True), "type": self.callback_type()}
                                 for _ in range(self.r.randint(0, 3))]}
                cbs.append(cb)
                ls.append({"name": self.name(), "event_callback": cb["name"]})
            m["callbacks"] = cbs
            m["listeners"] = ls
        if self.chance(0.6):
            n = self.name(upper=True)
            self.decls["interface"].append(n)
            iface = {"name": n, "constructors": [], "methods": [], "statics": []}
            if self.chance(0.7):
                iface["constructors"].append({"name": "new", "params": self.params(self.r.randint(0, 2))})
            if self.chance(0.4):
                iface["constructors"].append({"name": self.name(), "params": self.params(1)})
            for _ in range(self.r.randint(1, 3)):
                iface["methods"].append(self.function(True, domain=domain))
            if self.chance(0.5):
                iface["statics"].append(self.function(True, allow_async=False, domain=domain))
            iface = {k: v for k, v in iface.items() if v != []}
            m["interfaces"] = [iface]
        m["functions"] = [self.function(domain=domain) for _ in range(self.r.randint(1, 4))]
        if depth < 2 and self.chance(0.3):
            m["modules"] = [self.module(depth + 1, domain)]
        return m

    def api(self, prefix):
        self.decls = {"enum": [], "struct": [], "rich": [], "interface": []}
        self.enum_variants = {}
        modules = [self.module(0, False) for _ in range(self.r.randint(1, 2))]
        api = {"version": "0.5.0", "package": {"name": prefix, "version": "0.1.0"}, "modules": modules}
        if prefix:
            api["generators"] = {"c": {"prefix": prefix}, "cpp-producer": {"namespace": prefix}}
        return api


def write(seed, path, prefix):
    with open(path, "w") as f:
        json.dump(Gen(seed).api(prefix), f, indent=1)
        f.write("\n")


def main():
    if sys.argv[1] == "--many":  # --many FIRST COUNT DIR: DIR/r<seed>/r<seed>.json
        first, count, out = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        for seed in range(first, first + count):
            os.makedirs(os.path.join(out, f"r{seed}"), exist_ok=True)
            write(seed, os.path.join(out, f"r{seed}", f"r{seed}.json"), f"r{seed}")
        return
    seed = int(sys.argv[1])
    write(seed, sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else f"r{seed}")


if __name__ == "__main__":
    main()
