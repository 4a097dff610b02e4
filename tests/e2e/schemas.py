"""The JSON Schemas `socval schema` prints, against the shipped files and what `socval` says.

Writes target/schema-check/: the three schemas, the cases (the shipped scenarios and tables as
JSON, the valuations `socval evaluate --format json` writes for the shipped scenarios, and bad
files of each kind) and manifest.json, each case with the verdict of socval itself (`validate`
for a scenario, loading with `--tables` for a table; a valuation is good when `evaluate` wrote
it). Then checks, with the `jsonschema` package (Draft 2020-12, formats checked), that each
schema is a valid schema and gives every case socval's verdict. `schemas.test.mjs` checks the
same cases with Ajv in strict mode. Run by `cargo xtask test` (which installs jsonschema into a
virtual environment under target/); environment: SOCVAL_ROOT, SOCVAL_CLI.
"""

import copy
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tomllib

import jsonschema

ROOT = pathlib.Path(os.environ["SOCVAL_ROOT"])
CLI = os.environ["SOCVAL_CLI"]
OUT = ROOT / "target" / "schema-check"
KINDS = ["scenario", "table", "valuation"]


def socval(*args):
    """Runs the CLI; its exit code and standard output."""
    p = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
    return p.returncode, p.stdout


def write(name, value):
    path = OUT / "cases" / name
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def scenario_cases():
    """The shipped scenarios, and bad ones made from the first; socval validate's verdicts."""
    cases = []
    shipped = sorted((ROOT / "crates/socval/scenarios").glob("*.toml"))
    assert shipped, "no shipped scenarios"
    first = None
    for f in shipped:
        s = tomllib.loads(f.read_text(encoding="utf-8"))
        first = first or s
        cases.append((f"scenario-{f.stem}.json", s, True))

    def bad(name, change):
        s = copy.deepcopy(first)
        change(s)
        cases.append((f"scenario-bad-{name}.json", s, False))

    bad("families-zero", lambda s: s.update(families=0))
    bad("unknown-field", lambda s: s.update(colour="blue"))
    bad("deadweight-above-one", lambda s: s["outcomes"][0].update(deadweight="1.5"))
    bad("no-name", lambda s: s.pop("name"))
    out = []
    for name, s, expected in cases:
        path = write(name, s)
        code, _ = socval("validate", str(path))
        out.append({"schema": "scenario", "file": name, "expected": expected, "socval": code == 0})
    return out


def table_cases():
    """The shipped tables (socval's verdict on loading the TOML file itself: a table's hash is its
    text's, so its JSON copy would clash with the embedded version), a JSON copy under a new
    version, and bad ones made from the first; socval's verdict on loading each."""
    out = []
    shipped = sorted((ROOT / "proxies").glob("*/*.toml"))
    assert len(shipped) >= 4, shipped
    first = None
    for f in shipped:
        t = tomllib.loads(f.read_text(encoding="utf-8"))
        first = first or t
        name = f"table-{f.parent.name}-{f.stem}.json"
        write(name, t)
        code, _ = socval("--tables", str(f), "tables")
        out.append({"schema": "table", "file": name, "expected": True, "socval": code == 0})

    def case(name, change, expected):
        t = copy.deepcopy(first)
        t["version"] = "0.0.1-schema-check"
        change(t)
        path = write(name, t)
        code, _ = socval("--tables", str(path), "tables")
        out.append({"schema": "table", "file": name, "expected": expected, "socval": code == 0})

    case("table-json-copy.json", lambda t: None, True)
    case("table-bad-unknown-kind.json", lambda t: t.update(kind="nonsense"), False)
    case("table-bad-no-title.json", lambda t: t.pop("title"), False)
    case("table-bad-unknown-field.json", lambda t: t.update(colour="blue"), False)
    return out


def valuation_cases():
    """What `evaluate --format json` writes for each shipped scenario, and broken copies."""
    out = []
    first = None
    for f in sorted((ROOT / "crates/socval/scenarios").glob("*.toml")):
        code, text = socval("evaluate", str(f), "--format", "json")
        assert code == 0, f"evaluate {f} failed"
        v = json.loads(text)
        first = first or v
        name = f"valuation-{f.stem}.json"
        write(name, v)
        out.append({"schema": "valuation", "file": name, "expected": True, "socval": True})
    for name, change in [
        ("no-lines", lambda v: v.pop("lines")),
        ("money-as-a-list", lambda v: v["lines"][0].update(amount=[1])),
    ]:
        v = copy.deepcopy(first)
        change(v)
        write(f"valuation-bad-{name}.json", v)
        out.append({"schema": "valuation", "file": f"valuation-bad-{name}.json", "expected": False, "socval": False})
    return out


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "cases").mkdir(parents=True)
    for kind in KINDS:
        code, text = socval("schema", kind)
        assert code == 0, f"socval schema {kind} failed"
        (OUT / f"{kind}.schema.json").write_text(text, encoding="utf-8")
    manifest = scenario_cases() + table_cases() + valuation_cases()
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    failures = []
    for c in manifest:
        if c["expected"] != c["socval"]:
            failures.append(f"{c['file']}: socval says {'valid' if c['socval'] else 'invalid'}, the case expects otherwise")
    validators = {}
    for kind in KINDS:
        schema = json.loads((OUT / f"{kind}.schema.json").read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        assert cls is jsonschema.Draft202012Validator, f"{kind}: {cls}"
        cls.check_schema(schema)
        validators[kind] = cls(schema, format_checker=cls.FORMAT_CHECKER)
        print(f"jsonschema {jsonschema_version()}: the {kind} schema compiles (Draft 2020-12)")
    for c in manifest:
        data = json.loads((OUT / "cases" / c["file"]).read_text(encoding="utf-8"))
        errors = list(validators[c["schema"]].iter_errors(data))
        ok = not errors
        print(f"  {'valid  ' if ok else 'invalid'} {c['file']} (socval: {'valid' if c['socval'] else 'invalid'})")
        if ok != c["socval"]:
            why = "; ".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:3])
            failures.append(f"{c['file']}: jsonschema says {'valid' if ok else 'invalid'}, socval otherwise {why}")
    kinds = {k: sum(1 for c in manifest if c["schema"] == k) for k in KINDS}
    print(f"{len(manifest)} cases {kinds}, {sum(1 for c in manifest if not c['expected'])} of them bad")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


def jsonschema_version():
    from importlib.metadata import version

    return version("jsonschema")


if __name__ == "__main__":
    main()
