//! `cargo xtask setup`: installing what the other commands need (idempotent: each step is
//! skipped when already done).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::tools::*;

/// Firefox ESR, driven by puppeteer-core over WebDriver BiDi (the page's Firefox test).
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

pub fn setup() -> Result<()> {
    ensure_wasm_target()?;
    ensure_components()?;
    ensure_wasm_bindgen()?;
    ensure_chromium()?;
    ensure_npm_packages()?;
    ensure_jsonschema()?;
    Ok(())
}

/// The `jsonschema` package (PyPI) the schema check runs with, pinned.
pub const JSONSCHEMA: &str = "4.26.0";

/// The Python of the virtual environment under `target/` that holds `jsonschema`.
pub fn schema_python() -> std::path::PathBuf {
    root().join("target/schema-venv/bin/python")
}

/// A virtual environment under `target/schema-venv` with `jsonschema` at its pinned version
/// (Debian's python3 and python3-venv first, when Python cannot make one).
pub fn ensure_jsonschema() -> Result<()> {
    let python = schema_python();
    let probe = format!("import jsonschema, importlib.metadata as m; assert m.version('jsonschema') == '{JSONSCHEMA}'");
    let py = python.to_string_lossy().into_owned();
    if output_of(&py, &["-c", &probe]).is_some() {
        return Ok(());
    }
    if output_of("python3", &["-c", "import venv, ensurepip"]).is_none() {
        step("installing Debian's python3 and python3-venv");
        run("apt-get update", &mut apt(&["update"]))?;
        run(
            "apt-get install python3-venv",
            &mut apt(&["install", "-y", "--no-install-recommends", "python3", "python3-venv"]),
        )?;
    }
    step(&format!("installing jsonschema {JSONSCHEMA} into target/schema-venv"));
    let venv = root().join("target/schema-venv");
    run(
        "python3 -m venv",
        Command::new("python3").arg("-m").arg("venv").arg(&venv),
    )?;
    run(
        "pip install jsonschema",
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            &format!("jsonschema=={JSONSCHEMA}"),
        ]),
    )
}

pub fn ensure_wasm_target() -> Result<()> {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == WASM_TRIPLE) {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target");
    run(
        "rustup target add",
        Command::new("rustup").args(["target", "add", WASM_TRIPLE]),
    )
}

/// rustfmt and clippy, for the format and lint gates of `cargo xtask test`.
pub fn ensure_components() -> Result<()> {
    let installed = output_of("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    let missing: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|c| !installed.lines().any(|l| l.trim().starts_with(c)))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!("installing rustup components: {}", missing.join(" ")));
    run(
        "rustup component add",
        Command::new("rustup").args(["component", "add"]).args(&missing),
    )
}

/// The version of the `wasm-bindgen` crate in `Cargo.lock`: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package".into())
}

pub fn ensure_wasm_bindgen() -> Result<()> {
    let want = locked_wasm_bindgen_version()?;
    let have = output_of("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return Ok(());
    }
    step(&format!(
        "installing wasm-bindgen-cli {want} (found: {})",
        if have.is_empty() { "none" } else { &have }
    ));
    // Not --locked: a locked dependency of the CLI is not in the reachable index.
    // --force: cargo's record of installed crates may say it is there when the binary is not.
    run(
        "cargo install wasm-bindgen-cli",
        cargo().args(["install", "--force", "wasm-bindgen-cli", "--version", &want]),
    )
}

pub fn ensure_chromium() -> Result<()> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push("chromium");
    }
    if !Path::new(FONT).exists() {
        missing.push("fonts-dejavu-core");
    }
    if !Path::new(FIREFOX).exists() {
        missing.push("firefox-esr");
    }
    if output_of("node", &["--version"]).is_none() {
        missing.extend(["nodejs", "npm"]);
    }
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!("installing Debian packages: {}", missing.join(" ")));
    run("apt-get update", &mut apt(&["update"]))?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(&missing);
    run("apt-get install", &mut apt(&args))
}

pub fn ensure_npm_packages() -> Result<()> {
    let dir = e2e_dir();
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let fresh = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let up_to_date = match (fresh(&marker), fresh(&lock)) {
        (Some(m), Some(l)) => {
            m >= l
                && dir.join("node_modules/.bin/wasm-opt").exists()
                && dir.join("node_modules/.bin/terser").exists()
                && dir.join("node_modules/playwright-core/package.json").exists()
                && dir.join("node_modules/puppeteer-core/package.json").exists()
                && dir.join("node_modules/ajv-formats/package.json").exists()
        }
        _ => false,
    };
    if up_to_date {
        return Ok(());
    }
    step("installing the npm packages of tests/e2e");
    let sub = if lock.exists() { "ci" } else { "install" };
    run(
        &format!("npm {sub}"),
        Command::new("npm")
            .args([sub, "--no-audit", "--no-fund"])
            .current_dir(&dir),
    )
}

/// Installs a Debian package when `probe` (a file it provides) is missing.
pub fn ensure_debian_package(package: &str, probe: &str) -> Result<()> {
    if Path::new(probe).exists() {
        return Ok(());
    }
    step(&format!("installing the Debian package {package}"));
    run(
        &format!("apt-get install {package}"),
        &mut apt(&["install", "-y", "--no-install-recommends", package]),
    )
}

/// `apt-get` with `args`, non-interactive, through `sudo` unless this runs as root.
fn apt(args: &[&str]) -> Command {
    let sudo = output_of("id", &["-u"]).as_deref() != Some("0");
    let mut c = if sudo {
        Command::new("sudo")
    } else {
        Command::new("apt-get")
    };
    if sudo {
        c.arg("apt-get");
    }
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    c
}
