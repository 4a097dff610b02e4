#!/usr/bin/env python3
"""What a wasm module's data section holds, by origin (BENCHMARKS.md, issue 26 round 3): the
compiled tables' string literals by field (from the core's generated `embedded.rs` in its build's
OUT_DIR), the templates' JSON (the `scenario-*.json` beside it) and TOML, the string literals of
any Rust files given (e.g. `crates/socval/src/glossary.rs`), panic-location paths (runs ending
`.rs`), and the rest. Each string counts once, where it is first found, longest first.

    python3 tests/e2e/wasm-data.py WASM target/wasm/wasm32-unknown-unknown/wasm-release/build/socval-*/out/embedded.rs \
        crates/socval/src/glossary.rs

Run from the repository's root. Python 3, no packages. `DUMP=file` writes the bytes left over.
"""
import re, sys, collections, zlib, os

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7F) << s; s += 7
        if x < 0x80: return r, i

def data_section(path):
    b = open(path, 'rb').read()
    i = 8; segs = []
    while i < len(b):
        sid = b[i]; i += 1
        size, i = leb(b, i)
        end = i + size
        if sid == 11:
            n, j = leb(b, i)
            for _ in range(n):
                flag, j = leb(b, j)
                if flag == 0:
                    assert b[j] == 0x41; off, j = leb(b, j + 1)  # i32.const (signed, but small positive)
                    assert b[j] == 0x0B; j += 1
                elif flag == 2:
                    _, j = leb(b, j); assert b[j] == 0x41; off, j = leb(b, j + 1); j += 1
                else:
                    off = None
                ln, j = leb(b, j)
                segs.append((off, b[j:j + ln])); j += ln
            return segs, size
        i = end
    return segs, 0

def rust_strings(text):
    """(field, value) of each string literal in Rust source: field = the `name:` before it, else ''."""
    out = []
    for m in re.finditer(r'(?:(\w+):\s*(?:Some\()?)?"((?:[^"\\]|\\.)*)"', text, re.S):
        field, lit = m.group(1) or '', m.group(2)
        val = re.sub(r'\\(n|t|"|\\|u\{[0-9a-fA-F]+\})', lambda x: {'n':'\n','t':'\t','"':'"','\\':'\\'}.get(x.group(1), None) or chr(int(x.group(1)[2:-1],16)), lit).encode()
        out.append((field, val))
    return out

def main():
    wasm, emb = sys.argv[1], sys.argv[2]
    segs, secsize = data_section(wasm)
    blob = b''.join(s for _, s in segs)
    mask = bytearray(len(blob))
    total = len(blob)
    parts = collections.OrderedDict()
    def claim(cat, needle):
        if len(needle) < 4: return
        k = blob.find(needle)
        while k >= 0:
            if not any(mask[k:k+len(needle)]):
                for q in range(k, k+len(needle)): mask[q] = 1
                parts.setdefault(cat, [0, b''])
                parts[cat][0] += len(needle); parts[cat][1] += needle
                return
            k = blob.find(needle, k + 1)
    # templates JSON and texts
    d = os.path.dirname(emb)
    for f in sorted(os.listdir(d)):
        if f.endswith('.json'):
            claim('templates: JSON', open(os.path.join(d, f), 'rb').read())
    for f in ('step-together', 'securing-change'):
        p = f'crates/socval/scenarios/{f}.toml'
        if os.path.exists(p): claim('templates: TOML text', open(p, 'rb').read())
    # baked table strings by field, longest first
    lits = rust_strings(open(emb, encoding='utf-8').read())
    groups = {
        'tables: sources (publisher, title, url, url_note, licence)': {'publisher','url','url_note','licence'},
        'tables: rows: note, derivation, locator, formula, basis': {'note','derivation','locator','formula','basis'},
        'tables: header (title, description, changelog)': {'description','changelog',''},
        'tables: rows: label, unit, agency, ids': {'label','unit','agency','id','source','exclusive_group','version','path','sha256'},
    }
    def grp(field, val):
        if field == 'title': return 'tables: titles (table and source)'
        for g, fs in groups.items():
            if field in fs: return g
        return 'tables: other (' + field + ')'
    for field, val in sorted(lits, key=lambda x: -len(x[1])):
        claim(grp(field, val), val)
    # sources given on the command line: glossary etc.
    for src in sys.argv[3:]:
        name = os.path.relpath(src)
        for field, val in sorted(rust_strings(open(src, encoding='utf-8').read()), key=lambda x: -len(x[1])):
            claim('source: ' + name, val)
    # panic paths: runs of printable bytes containing .rs
    for m in re.finditer(rb'[\x20-\x7e]{4,}', blob):
        s = m.group(0)
        for pm in re.finditer(rb'(/[\w./@+-]+|[\w./-]+)\.rs', s):
            a, b_ = m.start() + pm.start(), m.start() + pm.end()
            if not any(mask[a:b_]):
                for q in range(a, b_): mask[q] = 1
                cat = 'panic paths: ~/.cargo registry' if b'.cargo' in pm.group(0) else ('panic paths: rust std (/rustc/...)' if b'rustc' in pm.group(0) or pm.group(0).startswith(b'library/') else 'panic paths: workspace')
                parts.setdefault(cat, [0, b'']); parts[cat][0] += b_ - a; parts[cat][1] += pm.group(0)
    rest_bin = bytearray()
    for k in range(total):
        if mask[k]: continue
        rest_bin.append(blob[k])
    printable = sum(len(m.group(0)) for m in re.finditer(rb'[\x20-\x7e\n]{6,}', bytes(b if not mk else 0 for b, mk in zip(blob, mask))))
    print(f'data section: {secsize:,} B, {len(segs)} segments, {total:,} B of bytes, gzip -9 of them {len(zlib.compress(blob, 9)):,} B')
    print('| origin | raw | gzip -9 alone |')
    print('|---|---|---|')
    for cat, (n, bs) in sorted(parts.items(), key=lambda x: -x[1][0]):
        print(f'| {cat} | {n:,} | {len(zlib.compress(bs, 9)):,} |')
    rb_ = bytes(rest_bin)
    print(f'| the rest (other strings {printable:,} B in runs of 6+ printable; binary: pointers, decimals, tables) | {len(rb_):,} | {len(zlib.compress(rb_, 9)):,} |')
    if os.environ.get('DUMP'):
        open(os.environ['DUMP'], 'wb').write(bytes(b if not mk else 0 for b, mk in zip(blob, mask)))
main()
