//! `cargo xtask test`: every test, in order, with a summary of the steps that failed.

use std::process::Command;
use std::time::Instant;

use crate::api::{build_wasm_api, build_wasm_web_test, wasm_api_node_dir};
use crate::dist::page_dist;
use crate::npm::{build_npm_package, npm_dir};
use crate::package::package_cmd;
use crate::page::build_page;
use crate::setup::{schema_python, setup};
use crate::tools::*;

pub fn node_test(name: &str, files: &[&str]) -> Result<()> {
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files)
        .current_dir(e2e_dir())
        .env("SOCVAL_ROOT", root())
        .env("SOCVAL_DIST", dist_dir())
        .env("SOCVAL_WASM_NODE", wasm_api_node_dir())
        .env("SOCVAL_NPM", npm_dir())
        .env("SOCVAL_CLI", root().join("target/debug/socval"))
        .env("CHROMIUM", CHROMIUM);
    run(name, &mut cmd)
}

/// The steps run so far: a line each for the summary, and the names of those that failed.
#[derive(Default)]
struct Steps {
    results: Vec<String>,
    failed: Vec<String>,
}

impl Steps {
    /// Records a step's outcome; true when it passed.
    fn record(&mut self, name: &str, r: Result<()>) -> bool {
        match &r {
            Ok(()) => self.results.push(format!("  ok    {name}")),
            Err(e) => {
                self.results.push(format!("  FAIL  {name}: {e}"));
                self.failed.push(name.to_string());
            }
        }
        r.is_ok()
    }
}

/// `cargo xtask test`: every step below, in order; a failed step does not stop the others
/// (only those that need what it builds), and the summary lists each.
pub fn test_cmd(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        return Err(format!("unknown argument {a}"));
    }
    let started = Instant::now();
    setup()?;
    let mut steps = Steps::default();
    let cli_ok = rust_steps(&mut steps);
    js_api_steps(&mut steps, cli_ok);
    page_steps(&mut steps, cli_ok);
    summary(steps, started)
}

/// Format, lints, docs, the native tests (the tidy test among them: `tidy.rs`), the CLI binary
/// and the packaged crates; true when the CLI built.
fn rust_steps(steps: &mut Steps) -> bool {
    let mut record = |name: &str, r: Result<()>| steps.record(name, r);
    step("cargo fmt --check");
    record(
        "format (cargo fmt --all --check)",
        run("cargo fmt --check", cargo().args(["fmt", "--all", "--check"])),
    );
    step("cargo clippy (warnings denied)");
    record(
        "lints (cargo clippy --workspace --all-targets -D warnings)",
        run(
            "cargo clippy",
            cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
        ),
    );
    step("cargo doc (warnings denied)");
    record(
        "docs (cargo doc --workspace --no-deps, warnings denied)",
        run(
            "cargo doc",
            cargo()
                .args(["doc", "--workspace", "--no-deps"])
                .env("RUSTDOCFLAGS", "-D warnings"),
        ),
    );
    step("cargo test --workspace (native)");
    record(
        "native tests (cargo test --workspace)",
        run("cargo test --workspace", cargo().args(["test", "--workspace"])),
    );
    // The CLI binary the Node and e2e tests compare against.
    let cli_ok = record(
        "build the CLI (target/debug/socval)",
        run("cargo build -p socval-cli", cargo().args(["build", "-p", "socval-cli"])),
    );
    if cli_ok {
        schema_steps(&mut record);
    }
    // socval without its default features (no JSON Schemas, no uncertainty analysis): it still
    // values a shipped scenario on the embedded tables and records their hashes (no_default.rs).
    step("socval without its default features");
    record(
        "socval --no-default-features (cargo test -p socval --no-default-features)",
        run(
            "cargo test -p socval --no-default-features",
            cargo().args(["test", "-p", "socval", "--no-default-features"]),
        ),
    );
    // The workbook builder is shared with the page: the page's build below compiles it for the
    // browser (the workbook module, web/workbook), so no separate wasm step is needed.
    step("the packaged crates (cargo package, the packed crate's tests, a scratch project)");
    record("packaged socval and socval-cli", package_cmd());
    cli_ok
}

/// The three JSON Schemas (`socval schema …`) against the shipped scenarios and tables, the
/// valuations of the shipped scenarios and bad files of each kind: Python's jsonschema
/// (`tests/e2e/schemas.py`, which writes the cases and socval's verdicts into
/// `target/schema-check/`) and Ajv in strict mode (`schemas.test.mjs`) both compile them and agree
/// with socval on every case.
fn schema_steps(record: &mut impl FnMut(&str, Result<()>) -> bool) {
    step("the JSON Schemas in Python's jsonschema and in Ajv (strict)");
    let cases_ok = record(
        "jsonschema compiles the schemas and agrees with socval (tests/e2e/schemas.py)",
        run(
            "python schemas.py",
            Command::new(schema_python())
                .arg("schemas.py")
                .current_dir(e2e_dir())
                .env("SOCVAL_ROOT", root())
                .env("SOCVAL_CLI", root().join("target/debug/socval")),
        ),
    );
    if cases_ok {
        record(
            "Ajv (strict) compiles the schemas and agrees with socval",
            node_test("node --test schemas", &["schemas.test.mjs"]),
        );
    }
}

/// The JS API in Node, its browser build's trap guard, and the npm package in a scratch project.
fn js_api_steps(steps: &mut Steps, cli_ok: bool) {
    let mut record = |name: &str, r: Result<()>| steps.record(name, r);
    let api_ok = record("build socval-wasm for Node", build_wasm_api());
    if api_ok && cli_ok {
        step("Node test of socval-wasm");
        record(
            "socval-wasm in Node",
            node_test("node --test wasm-api", &["wasm-api.test.mjs"]),
        );
        step("socval-wasm's browser build never dies (guard.mjs over --target web)");
        if record("build socval-wasm for browsers (test copy)", build_wasm_web_test()) {
            record(
                "socval-wasm's browser build after a thousand traps",
                node_test("node --test wasm-web-guard", &["wasm-web-guard.test.mjs"]),
            );
        }
        step("the npm package, packed and installed into a scratch project (Node, tsc --strict, its types)");
        let npm_ok = record("write the npm package", build_npm_package());
        if npm_ok {
            record(
                "the npm package in a scratch project",
                node_test("node --test npm-package", &["npm-package.test.mjs"]),
            );
            record(
                "the npm package's declarations against the Rust types (JSON Schemas, outputs)",
                node_test("node --test npm-types", &["npm-types.test.mjs"]),
            );
            step("the npm package bundled by esbuild, Vite, webpack and Rollup, run in Chromium; attw and publint");
            record(
                "the npm package in esbuild, Vite, webpack and Rollup bundles (Chromium), attw, publint",
                node_test("node --test npm-bundlers", &["npm-bundlers.test.mjs"]),
            );
        }
    }
}

/// The page: its build, its first-load size, its static-host bundle, and the end-to-end tests in
/// Chromium and Firefox.
fn page_steps(steps: &mut Steps, cli_ok: bool) {
    let mut record = |name: &str, r: Result<()>| steps.record(name, r);
    let page_ok = record("build the page", build_page());
    if page_ok {
        step("the page's first-load size budget (Chromium)");
        record(
            "page size budget (first load under its gzip ceiling; aim 300 KB)",
            node_test("node --test size", &["size.test.mjs"]),
        );
        record("the page as a folder and a zip (dist)", page_dist());
    }
    if page_ok && cli_ok {
        step("end-to-end tests of the page in Chromium");
        record(
            "page in Chromium (Playwright)",
            node_test(
                "node --test page",
                &[
                    "page.test.mjs",
                    "first.test.mjs",
                    "controls.test.mjs",
                    "report.test.mjs",
                    "help.test.mjs",
                    "table.test.mjs",
                    "workbook.test.mjs",
                    "hosting.test.mjs",
                ],
            ),
        );
        step("end-to-end tests of the page in Firefox");
        record(
            "page in Firefox ESR (puppeteer-core, WebDriver BiDi)",
            node_test("node --test firefox", &["firefox.test.mjs"]),
        );
    }
}

/// Prints each step's outcome and the disk target/ takes; fails when a step failed.
fn summary(steps: Steps, started: Instant) -> Result<()> {
    let Steps { results, failed } = steps;
    println!("\n==> summary ({:.0} s)", started.elapsed().as_secs_f64());
    for r in &results {
        println!("{r}");
    }
    // CI once ran out of disk in the page's build: say how much target/ took, and what is left.
    println!(
        "target/ holds {:.2} GB; {}",
        dir_bytes(&root().join("target")) as f64 / 1e9,
        output_of("df", &["-h", "--output=avail", "."]).map_or_else(
            || "df did not answer".to_string(),
            |o| format!("free on its disk: {}", o.lines().last().unwrap_or("?").trim())
        )
    );
    if failed.is_empty() {
        println!("all steps passed");
        Ok(())
    } else {
        Err(format!("{} step(s) failed: {}", failed.len(), failed.join("; ")))
    }
}
