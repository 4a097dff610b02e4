//! Embeds every proxy table under `proxies/` and every scenario under `scenarios/` into the core.
//! Both folders live inside this crate, so `cargo package` ships them; a missing or empty folder
//! stops the build (a core without its tables would value nothing).
//!
//! Each file `proxies/<id>/<version>.toml` becomes one entry of `EMBEDDED`, compiled here from
//! TOML to Rust data (`src/tables/baked.rs`: strings and exact decimals in `static`s), so that the
//! core needs no table parser when it starts (the page's wasm stays small and parses nothing); the
//! content hash is the sha256 of the TOML source with CRLF line ends normalised to LF, so a
//! checkout on any platform reproduces the same hash, and the core checks the table it reads
//! against the hash of the version it claims.
//!
//! Every table is validated here by the core's own table format (`src/tables/format.rs`, compiled
//! into this script with `src/error.rs`), so a shipped table that breaks a rule fails the build,
//! and its hash is computed by the same `content_hash` the core uses.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// The core's error type and table format, compiled into the build script: one set of rules, one
// hash rule.
#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/exact.rs"]
mod exact;
#[allow(dead_code)]
#[path = "src/tables/format.rs"]
mod format;
#[allow(dead_code)]
#[path = "src/tables/text.rs"]
mod text;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let proxies = manifest.join("proxies");
    println!("cargo:rerun-if-changed={}", proxies.display());
    let mut files: Vec<PathBuf> = Vec::new();
    collect(&proxies, &mut files);
    files.sort();
    if files.is_empty() {
        panic!(
            "{}: no table files (<id>/<version>.toml) found: the shipped tables are part of the socval crate",
            proxies.display()
        );
    }
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut out = String::from(
        "use super::baked::*;\nuse super::format::*;\nuse rust_decimal::Decimal;\n\n\
         /// Every shipped table file, compiled to data (`baked.rs`): path under proxies/, sha256 of\n\
         /// its LF-normalised TOML, and its content.\n",
    );
    out.push_str("pub(crate) static EMBEDDED: &[TableLit] = &[\n");
    let mut tables = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).expect("proxy table is UTF-8");
        let rel = f.strip_prefix(&proxies).unwrap().to_string_lossy().replace('\\', "/");
        // The same validation as at run time: a table that breaks a rule stops the build.
        let table = match format::ProxyTable::from_toml_str(&format!("proxies/{rel}"), &text) {
            Ok(t) => t,
            Err(e) => panic!("a shipped table is invalid: {e}"),
        };
        let expected = format!("{}/{}.toml", table.id, table.version);
        if rel != expected {
            panic!("proxies/{rel}: a table file is named <id>/<version>.toml: expected proxies/{expected}");
        }
        out.push_str(&bake::table(&rel, &table));
        out.push_str(",\n");
        tables.push(table);
    }
    out.push_str("];\n");
    // The tables' evidence text on its own (`src/tables/text.rs`): what a build without the
    // `table-text` feature attaches later (the page fetches it as `tables-text.json`).
    std::fs::write(out_dir.join("tables-text.json"), text::text_blob(&tables)).unwrap();
    // The shipped scenarios, as templates.
    let scenarios = manifest.join("scenarios");
    println!("cargo:rerun-if-changed={}", scenarios.display());
    let mut templates: Vec<PathBuf> = Vec::new();
    collect(&scenarios, &mut templates);
    templates.sort();
    if templates.is_empty() {
        panic!(
            "{}: no scenario files (*.toml) found: the shipped scenarios are part of the socval crate",
            scenarios.display()
        );
    }
    out.push_str(
        "/// The shipped scenarios: (file name, the scenario's name, the scenario as JSON, read by the scenario reader).\n",
    );
    out.push_str("pub(crate) static TEMPLATES: &[(&str, &str, &str)] = &[\n");
    let mut texts = String::from("/// The shipped scenarios' TOML text, in the order of `TEMPLATES`.\n");
    texts.push_str("pub(crate) static TEMPLATE_TEXTS: &[&str] = &[\n");
    for (i, f) in templates.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&scenarios).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("scenario is UTF-8");
        let json_path = out_dir.join(format!("scenario-{i}.json"));
        let (json, name) = to_json(f, &text);
        std::fs::write(&json_path, json).unwrap();
        let _ = writeln!(
            out,
            "    ({rel:?}, {name:?}, include_str!({:?})),",
            json_path.display().to_string()
        );
        let _ = writeln!(
            texts,
            "    include_str!({:?}),",
            f.canonicalize().unwrap().display().to_string()
        );
    }
    out.push_str("];\n");
    texts.push_str("];\n");
    out.push_str(&texts);
    let dest = out_dir.join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}

/// TOML to JSON, value for value (money stays in decimal strings), and the scenario's `name`
/// (for a list of the templates without reading each). A file that is not valid TOML, or that
/// has no `name`, stops the build, naming it.
fn to_json(path: &Path, text: &str) -> (String, String) {
    let value: toml::Value = match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    let Some(name) = value.get("name").and_then(toml::Value::as_str) else {
        panic!("{}: a shipped scenario needs a `name`", path.display())
    };
    let name = name.to_string();
    (
        serde_json::to_string(&value).expect("TOML values are JSON values"),
        name,
    )
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => panic!("{}: cannot read the folder: {e}", dir.display()),
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, files);
        } else if p.extension().is_some_and(|x| x == "toml") {
            files.push(p);
        }
    }
}

/// Writes a parsed table as a literal of `src/tables/baked.rs`'s types. Every struct is
/// destructured in full, so a field added to the table format stops this build until it is
/// written out here (and converted in `baked.rs`).
mod bake {
    use super::format::{DeflatorYear, Derivation, ProxyTable, Row, Source, UnitsPerEvent};
    use rust_decimal::Decimal;
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    /// A string literal (Rust's `Debug` of a `str` is a valid literal).
    fn s(v: &str) -> String {
        format!("{v:?}")
    }

    /// An evidence text field (`src/tables/text.rs`): a literal in `t!`, which is the literal
    /// with the `table-text` feature and `""` without it.
    fn text(v: &str) -> String {
        format!("t!({v:?})")
    }

    fn opt<T>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
        match v {
            Some(x) => format!("Some({})", f(x)),
            None => "None".into(),
        }
    }

    /// `Some(Kind::Variant)` / `Kind::Variant` for the format's fieldless enums.
    fn variant(kind: &str, v: &impl Debug) -> String {
        format!("{kind}::{v:?}")
    }

    /// The exact decimal: mantissa and scale as parsed, so `0.250` stays `0.250`.
    fn dec(d: &Decimal) -> String {
        let b = d.serialize();
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let flags = word(0);
        format!(
            "Decimal::from_parts({}, {}, {}, {}, {})",
            word(4),
            word(8),
            word(12),
            flags & 0x8000_0000 != 0,
            (flags >> 16) & 0xff
        )
    }

    fn list<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
        let inner: Vec<String> = items.iter().map(f).collect();
        format!("&[{}]", inner.join(", "))
    }

    fn pairs(m: &BTreeMap<String, Decimal>) -> String {
        let inner: Vec<String> = m.iter().map(|(k, v)| format!("({}, {})", s(k), dec(v))).collect();
        format!("&[{}]", inner.join(", "))
    }

    pub fn table(path: &str, t: &ProxyTable) -> String {
        let ProxyTable {
            id,
            version,
            kind,
            title,
            description,
            format,
            currency,
            price_year,
            base_year,
            licence,
            changelog,
            sources,
            rows,
            years,
            sha256,
            overlays,
            overlay: _,
        } = t;
        assert!(
            overlays.is_none(),
            "{path}: a shipped table is whole: it does not overlay another"
        );
        format!(
            "TableLit {{ path: {}, sha256: {}, id: {}, version: {}, kind: {}, title: {}, description: {}, \
             format: {format:?}, currency: {}, price_year: {price_year:?}, base_year: {base_year:?}, \
             licence: {}, changelog: {}, sources: {}, rows: {}, years: {} }}",
            s(path),
            s(sha256),
            s(id),
            s(version),
            variant("TableKind", kind),
            s(title),
            text(description),
            s(currency),
            text(licence),
            list(changelog, |c| text(c)),
            list(sources, source),
            list(rows, row),
            list(years, year),
        )
    }

    fn source(v: &Source) -> String {
        let Source {
            id,
            publisher,
            title,
            year,
            url,
            url_note,
            licence,
        } = v;
        format!(
            "SourceLit {{ id: {}, publisher: {}, title: {}, year: {year}, url: {}, url_note: {}, licence: {} }}",
            s(id),
            text(publisher),
            text(title),
            text(url),
            opt(url_note, |n| text(n)),
            text(licence)
        )
    }

    fn year(v: &DeflatorYear) -> String {
        let DeflatorYear { year, index, source } = v;
        format!(
            "YearLit {{ year: {year}, index: {}, source: {} }}",
            dec(index),
            s(source)
        )
    }

    fn derivation(v: &Derivation) -> String {
        let Derivation {
            inputs,
            formula,
            low,
            high,
            sources,
        } = v;
        format!(
            "DerivationLit {{ inputs: {}, formula: {}, low: {}, high: {}, sources: {} }}",
            pairs(inputs),
            text(formula),
            opt(low, pairs),
            opt(high, pairs),
            list(sources, |x| s(x))
        )
    }

    fn units(v: &UnitsPerEvent) -> String {
        let UnitsPerEvent {
            value,
            low,
            high,
            label,
            basis,
        } = v;
        format!(
            "UnitsLit {{ value: {}, low: {}, high: {}, label: {}, basis: {} }}",
            dec(value),
            opt(low, dec),
            opt(high, dec),
            s(label),
            text(basis)
        )
    }

    fn row(v: &Row) -> String {
        let Row {
            id,
            label,
            value,
            low,
            high,
            unit,
            price_year,
            source,
            locator,
            derivation: derivation_text,
            assumption,
            status,
            derived,
            confidence,
            exclusive_group,
            default_deadweight,
            net_of_counterfactual,
            age_band,
            region,
            note,
            agency,
            cashable,
            recurrence,
            units_per_event,
            wellby_uprating,
        } = v;
        format!(
            "RowLit {{ id: {}, label: {}, value: {}, low: {}, high: {}, unit: {}, price_year: {price_year:?}, \
             source: {}, locator: {}, derivation: {}, assumption: {assumption}, status: {}, derived: {}, \
             confidence: {confidence:?}, exclusive_group: {}, default_deadweight: {}, \
             net_of_counterfactual: {net_of_counterfactual}, age_band: {}, region: {}, note: {}, agency: {}, \
             cashable: {cashable:?}, recurrence: {}, units_per_event: {}, wellby_uprating: {wellby_uprating} }}",
            s(id),
            s(label),
            dec(value),
            opt(low, dec),
            opt(high, dec),
            s(unit),
            s(source),
            text(locator),
            text(derivation_text),
            opt(status, |x| variant("EvidenceStatus", x)),
            opt(derived, derivation),
            opt(exclusive_group, |x| s(x)),
            opt(default_deadweight, dec),
            variant("AgeBand", age_band),
            variant("Region", region),
            text(note),
            opt(agency, |x| s(x)),
            opt(recurrence, |x| variant("Recurrence", x)),
            opt(units_per_event, units),
        )
    }
}
