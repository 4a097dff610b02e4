#!/usr/bin/env python3
"""What is in a wasm module, by part of the program: each function body's size in the code section,
named from the module's name section, summed by part (BENCHMARKS.md, issue 26's measurement).

Run it on wasm-bindgen's output *before* wasm-opt (wasm-opt drops the names; wasm-bindgen keeps
them and removes its describe functions, so the sums are what the page ships, give or take what
wasm-opt shrinks):

    wasm-bindgen --target web --no-typescript --out-name w --out-dir /tmp/w \
        target/wasm/wasm32-unknown-unknown/wasm-release/socval-web.wasm
    python3 tests/e2e/wasm-parts.py /tmp/w/w_bg.wasm [REGEX [N]]

Prints the code section's total, the parts below (a function counts in the first part whose
pattern its demangled name matches; generic code is counted where its name puts it), the data
section's size, and with REGEX the N largest functions whose names match it. Python 3, no packages.
"""
import collections
import re
import sys

PARTS = [
    ("the scenario reader (JSON: from_json_str, serde/serde_json deserialisers, exact::de)",
     r"from_json_str|serde_json::de|serde_core::de|Deserialize|exact::de|serde_json::read|serde_json::error"),
    ("the scenario writer (JSON: the autosave, links, files)", r"serde_json::ser|Serialize|serde_core::ser"),
    ("the records reader (socval::records, csv)", r"socval::records|csv"),
    ("the ranges for the analysis (core targets, the page's editor and checks)", r"uncertainty|state::ranges"),
    ("the comparison (core and page)", r"compare"),
    ("the scenario's checks (core)", r"socval::scenario::check"),
    ("the valuation (engine, adjust, money, tables, rust_decimal)", r"socval::|rust_decimal"),
    ("the page's report, files, saves, browser calls", r"components::io|state::(files|saves|report|records)|browser"),
    ("the page's other components and state", r"socval_web"),
    ("Yew", r"yew|implicit_clone"),
    ("wasm-bindgen, js-sys, web-sys", r"wasm_bindgen|js_sys|web_sys|__wbindgen|__wbg"),
    ("std, alloc, core, hashbrown, dlmalloc (shared)", r"."),
]

ESCAPES = [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("$BP$", "*"),
           ("$u7b$", "{"), ("$u7d$", "}"), ("$u27$", "'"), ("$u5b$", "["), ("$u5d$", "]"),
           ("$u3b$", ";"), ("$u21$", "!"), ("$u2b$", "+"), ("$LP$", "("), ("$RP$", ")")]


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def demangle(n):
    """Rust's legacy mangling (`_ZN...E`), enough to read a path; v0 names are left as they are."""
    if not n.startswith("_ZN"):
        return n
    i, parts = 3, []
    while i < len(n) and n[i].isdigit():
        j = i
        while n[j].isdigit():
            j += 1
        length = int(n[i:j])
        parts.append(n[j:j + length])
        i = j + length
    if parts and re.match(r"^h[0-9a-f]{16}$", parts[-1]):
        parts = parts[:-1]
    s = "::".join(parts)
    for a, b in ESCAPES:
        s = s.replace(a, b)
    return s.replace("..", "::")


def read(path):
    data = open(path, "rb").read()
    i, imports, bodies, names, data_size = 8, 0, [], {}, 0
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        j, end = i, i + size
        if sid == 2:  # imports: function imports come first in the function index space
            n, j = leb(data, j)
            for _ in range(n):
                for _ in range(2):
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imports += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                else:
                    j += 2
        elif sid == 10:
            n, j = leb(data, j)
            for _ in range(n):
                length, k = leb(data, j)
                bodies.append(length + k - j)
                j = k + length
        elif sid == 11:
            data_size = size
        elif sid == 0:
            length, j = leb(data, j)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    if sub == 1:
                        n, k = leb(data, j)
                        for _ in range(n):
                            idx, k = leb(data, k)
                            length, k = leb(data, k)
                            names[idx] = data[k:k + length].decode("utf8", "replace")
                            k += length
                    j += sub_size
        i = end
    funcs = [(b, demangle(names.get(imports + k, f"#{k}"))) for k, b in enumerate(bodies)]
    return funcs, data_size


def main():
    funcs, data_size = read(sys.argv[1])
    total = sum(b for b, _ in funcs)
    sums = collections.Counter()
    for b, name in funcs:
        part = next(p for p, pat in PARTS if re.search(pat, name))
        sums[part] += b
    print(f"code section: {total:,} B in {len(funcs)} functions; data section: {data_size:,} B")
    print("| part | code, raw bytes | share |\n|---|---|---|")
    for part, _ in PARTS:
        print(f"| {part} | {sums[part]:,} | {100 * sums[part] / total:.1f} % |")
    if len(sys.argv) > 2:
        pat = re.compile(sys.argv[2])
        hits = sorted(((b, n) for b, n in funcs if pat.search(n)), reverse=True)
        print(f"\n{sum(b for b, _ in hits):,} B in {len(hits)} functions matching {sys.argv[2]!r}")
        for b, n in hits[: int(sys.argv[3]) if len(sys.argv) > 3 else 30]:
            print(f"{b:>8,}  {n[:180]}")


if __name__ == "__main__":
    main()
