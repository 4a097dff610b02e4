//! Embeds every proxy table under `proxies/` and every scenario under `scenarios/` into the core.
//! Both folders live inside this crate, so `cargo package` ships them; a missing or empty folder
//! stops the build (a core without its tables would value nothing).
//!
//! Each file `proxies/<id>/<version>.toml` becomes one entry of `EMBEDDED`, compiled from TOML to
//! JSON here so that the core needs no TOML parser at run time (the page's wasm stays small); the
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
        "/// Every shipped table file: (path under proxies/, the table as JSON, sha256 of its LF-normalised TOML).\n",
    );
    out.push_str("pub(crate) static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for (i, f) in files.iter().enumerate() {
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
        let hash = table.sha256;
        let json = to_json(f, &text);
        let json_path = out_dir.join(format!("table-{i}.json"));
        std::fs::write(&json_path, json).unwrap();
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?}), {hash:?}),",
            json_path.display().to_string()
        );
    }
    out.push_str("];\n");
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
    out.push_str("/// The shipped scenarios: (file name, the scenario as JSON).\n");
    out.push_str("pub(crate) static TEMPLATES: &[(&str, &str)] = &[\n");
    let mut texts = String::from("/// The shipped scenarios' TOML text, in the order of `TEMPLATES`.\n");
    texts.push_str("pub(crate) static TEMPLATE_TEXTS: &[&str] = &[\n");
    for (i, f) in templates.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&scenarios).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("scenario is UTF-8");
        let json_path = out_dir.join(format!("scenario-{i}.json"));
        std::fs::write(&json_path, to_json(f, &text)).unwrap();
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
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

/// TOML to JSON, value for value (money stays in decimal strings). A file that is not valid TOML
/// stops the build, naming it.
fn to_json(path: &Path, text: &str) -> String {
    let value: toml::Value = match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    serde_json::to_string(&value).expect("TOML values are JSON values")
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
