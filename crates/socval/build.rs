//! Embeds every proxy table under `proxies/` into the core, with its sha256.
//!
//! Each file `proxies/<id>/<version>.toml` becomes one entry of `EMBEDDED`; the content hash is
//! taken over the text with CRLF line ends normalised to LF, so a checkout on any platform
//! reproduces the same hash.
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let proxies = manifest.join("../../proxies");
    println!("cargo:rerun-if-changed={}", proxies.display());
    let mut files: Vec<PathBuf> = Vec::new();
    collect(&proxies, &mut files);
    files.sort();
    let mut out =
        String::from("/// Every shipped table file: (path under proxies/, text, sha256 of the LF-normalised text).\n");
    out.push_str("pub(crate) static EMBEDDED: &[(&str, &str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = std::fs::read_to_string(f).expect("proxy table is UTF-8");
        let hash = hex(&Sha256::digest(text.replace("\r\n", "\n").as_bytes()));
        let rel = f.strip_prefix(&proxies).unwrap().to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?}), {hash:?}),",
            f.canonicalize().unwrap().display().to_string()
        );
    }
    out.push_str("];\n");
    // The shipped scenarios, as templates.
    let scenarios = manifest.join("../../scenarios");
    println!("cargo:rerun-if-changed={}", scenarios.display());
    let mut templates: Vec<PathBuf> = Vec::new();
    collect(&scenarios, &mut templates);
    templates.sort();
    out.push_str("/// The shipped scenarios: (file name, text).\n");
    out.push_str("pub(crate) static TEMPLATES: &[(&str, &str)] = &[\n");
    for f in &templates {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&scenarios).unwrap().to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            f.canonicalize().unwrap().display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
