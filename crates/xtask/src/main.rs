//! Developer commands for socval, run as `cargo xtask <command>`:
//!
//! - `serve`: install what the page needs, build it (release, wasm-opt) into `dist/`, serve
//!   `dist/` on <http://127.0.0.1:8080>.
//! - `test`: install what the tests need, then run every test: the workspace's native tests,
//!   the page build, the Node test of `socval-wasm`, the end-to-end tests in Chromium.
//! - `bench`: the core's criterion benchmark and the page's measurements.
//! - `build`: only build the page into `dist/` (no serving).
//!
//! Everything a fresh Debian machine lacks is installed here, idempotently: the wasm target,
//! the wasm-bindgen CLI at the exact version in `Cargo.lock`, Debian's Chromium and a font,
//! and the npm packages of `tests/e2e` (Playwright's core and binaryen's wasm-opt).

mod serve;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The target dir of every wasm build, so that a wasm build never waits on the native
/// builds' lock of `target/`.
const WASM_TARGET_DIR: &str = "target/wasm";
const WASM_TRIPLE: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Firefox ESR, driven by puppeteer-core over WebDriver BiDi (the page's Firefox test).
const FIREFOX: &str = "/usr/bin/firefox-esr";
/// The page's static files, copied from `web/` into `dist/` beside the generated ones.
const PAGE_FILES: &[&str] = &["index.html", "main.js", "style.css", "analysis-worker.js"];
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let outcome = match cmd {
        "serve" => serve_cmd(rest),
        "test" => test_cmd(rest),
        "bench" => bench_cmd(rest),
        "build" => build_cmd(),
        "api" => api_cmd(),
        "setup" => setup(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\
                 \n  serve [--port N]  install, build the page into dist/, serve it on http://127.0.0.1:8080\
                 \n  test              install, then run every test (native, wasm API in Node, page in Chromium)\
                 \n  bench             the core's benchmark and the page's size and timings\
                 \n  build             build the page into dist/\
                 \n  api               build socval-wasm for Node and for the web, with TypeScript declarations\
                 \n  setup             only install what the other commands need"
            );
            return if cmd == "help" || cmd == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {cmd}: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (this crate lives in `crates/xtask`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/xtask has a grandparent")
        .to_path_buf()
}

fn e2e_dir() -> PathBuf {
    root().join("tests/e2e")
}

fn dist_dir() -> PathBuf {
    root().join("dist")
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Run a command in the workspace root, inheriting stdout/stderr so that test runners'
/// lines appear as they come. Fails with the step's name.
fn run(name: &str, cmd: &mut Command) -> Result<()> {
    let started = Instant::now();
    let status = cmd
        .current_dir(cmd.get_current_dir().map(Path::to_path_buf).unwrap_or_else(root))
        .status()
        .map_err(|e| format!("{name}: could not start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        println!("--> {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("{name}: {status}"))
    }
}

/// Run a command and capture its stdout (trimmed); `None` if it cannot run or fails.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

// ---------------------------------------------------------------------------------------
// Installing what is needed (idempotent: each step is skipped when already done)
// ---------------------------------------------------------------------------------------

fn setup() -> Result<()> {
    ensure_wasm_target()?;
    ensure_components()?;
    ensure_wasm_bindgen()?;
    ensure_chromium()?;
    ensure_npm_packages()?;
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
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
fn ensure_components() -> Result<()> {
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
fn locked_wasm_bindgen_version() -> Result<String> {
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

fn ensure_wasm_bindgen() -> Result<()> {
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

fn ensure_chromium() -> Result<()> {
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
    let sudo = output_of("id", &["-u"]).as_deref() != Some("0");
    let apt = |args: &[&str]| {
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
    };
    run("apt-get update", &mut apt(&["update"]))?;
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(&missing);
    run("apt-get install", &mut apt(&args))
}

fn ensure_npm_packages() -> Result<()> {
    let dir = e2e_dir();
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let fresh = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let up_to_date = match (fresh(&marker), fresh(&lock)) {
        (Some(m), Some(l)) => {
            m >= l
                && dir.join("node_modules/.bin/wasm-opt").exists()
                && dir.join("node_modules/playwright-core/package.json").exists()
                && dir.join("node_modules/puppeteer-core/package.json").exists()
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

// ---------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------

fn wasm_out(name: &str) -> PathBuf {
    root()
        .join(WASM_TARGET_DIR)
        .join(WASM_TRIPLE)
        .join(WASM_PROFILE)
        .join(format!("{name}.wasm"))
}

fn cargo_wasm_build(package: &str, kind: &str) -> Result<()> {
    run(
        &format!("cargo build -p {package} (wasm)"),
        cargo()
            .args([
                "build",
                "-p",
                package,
                kind,
                "--target",
                WASM_TRIPLE,
                "--profile",
                WASM_PROFILE,
            ])
            .env("CARGO_TARGET_DIR", root().join(WASM_TARGET_DIR)),
    )
}

fn wasm_opt(file: &Path) -> Result<()> {
    let bin = e2e_dir().join("node_modules/.bin/wasm-opt");
    let tmp = file.with_extension("opt.wasm");
    run(
        "wasm-opt -Oz",
        Command::new(bin).arg("-Oz").arg(file).arg("-o").arg(&tmp),
    )?;
    fs::rename(&tmp, file).map_err(|e| format!("moving {}: {e}", tmp.display()))
}

/// Build the page into `dist/`: the Yew crate `socval-web` for wasm (size profile),
/// wasm-bindgen's web loader, wasm-opt, and the static files of `web/`; and the second module
/// the page fetches only when the uncertainty analysis is asked for (`web/analysis`, run in a
/// Web Worker by `analysis-worker.js`).
fn build_page() -> Result<()> {
    step("building the page into dist/");
    cargo_wasm_build("socval-web", "--bin=socval-web")?;
    cargo_wasm_build("socval-web-analysis", "--lib")?;
    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("clearing dist/: {e}"))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("creating dist/: {e}"))?;
    run(
        "wasm-bindgen --target web",
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "socval_web",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(wasm_out("socval-web")),
    )?;
    wasm_opt(&dist.join("socval_web_bg.wasm"))?;
    run(
        "wasm-bindgen --target web (analysis module)",
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "socval_analysis",
                "--out-dir",
            ])
            .arg(&dist)
            .arg(wasm_out("socval_web_analysis")),
    )?;
    wasm_opt(&dist.join("socval_analysis_bg.wasm"))?;
    for file in PAGE_FILES {
        let from = root().join("web").join(file);
        fs::copy(&from, dist.join(file)).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    let wasm = fs::metadata(dist.join("socval_web_bg.wasm"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("--> dist/ ready: socval_web_bg.wasm {} bytes", wasm);
    Ok(())
}

/// Directory of the Node build of `socval-wasm` (with its TypeScript declarations).
fn wasm_api_node_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-wasm-node")
}

/// The JS wrapper shipped beside the Node package (`crates/socval-wasm/js`): it guards every
/// call, so that a trap of the module throws an `Error` and the next call gets a fresh instance.
const WASM_API_NODE_WRAPPER: &[&str] = &["socval.js", "socval.d.ts"];

/// Build `socval-wasm` for Node (used by its Node test), keeping the `.d.ts`, with its guarding
/// wrapper `socval.js` beside the generated `socval_wasm.js`.
fn build_wasm_api() -> Result<()> {
    step("building socval-wasm for Node");
    cargo_wasm_build("socval-wasm", "--lib")?;
    let out = wasm_api_node_dir();
    run(
        "wasm-bindgen --target nodejs",
        Command::new("wasm-bindgen")
            .args(["--target", "nodejs", "--out-name", "socval_wasm", "--out-dir"])
            .arg(&out)
            .arg(wasm_out("socval_wasm")),
    )?;
    for file in WASM_API_NODE_WRAPPER {
        let from = root().join("crates/socval-wasm/js").join(file);
        fs::copy(&from, out.join(file)).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    Ok(())
}

/// Build `socval-wasm` for other JavaScript: `target/wasm/socval-wasm-node` (CommonJS for
/// Node, with the guarding wrapper `socval.js`) and `target/wasm/socval-wasm-web` (an ES module
/// for browsers), each with its `.d.ts`.
fn api_cmd() -> Result<()> {
    setup()?;
    build_wasm_api()?;
    let out = root().join(WASM_TARGET_DIR).join("socval-wasm-web");
    run(
        "wasm-bindgen --target web (socval-wasm)",
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--out-name", "socval_wasm", "--out-dir"])
            .arg(&out)
            .arg(wasm_out("socval_wasm")),
    )?;
    wasm_opt(&out.join("socval_wasm_bg.wasm"))?;
    println!("--> {} and {}", wasm_api_node_dir().display(), out.display());
    Ok(())
}

fn build_cmd() -> Result<()> {
    setup()?;
    build_page()
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

fn serve_cmd(args: &[String]) -> Result<()> {
    let mut port = 8080u16;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--port" => port = it.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?,
            "--no-build" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if !args.iter().any(|a| a == "--no-build") {
        setup()?;
        build_page()?;
    }
    serve::serve(&dist_dir(), port)
}

fn node_test(name: &str, files: &[&str]) -> Result<()> {
    let mut cmd = Command::new("node");
    cmd.args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files)
        .current_dir(e2e_dir())
        .env("SOCVAL_ROOT", root())
        .env("SOCVAL_DIST", dist_dir())
        .env("SOCVAL_WASM_NODE", wasm_api_node_dir())
        .env("SOCVAL_CLI", root().join("target/debug/socval"))
        .env("CHROMIUM", CHROMIUM);
    run(name, &mut cmd)
}

fn test_cmd(args: &[String]) -> Result<()> {
    if let Some(a) = args.first() {
        return Err(format!("unknown argument {a}"));
    }
    let started = Instant::now();
    setup()?;
    let mut failed = Vec::new();
    let mut results = Vec::new();
    let mut record = |name: &str, r: Result<()>| {
        match &r {
            Ok(()) => results.push(format!("  ok    {name}")),
            Err(e) => {
                results.push(format!("  FAIL  {name}: {e}"));
                failed.push(name.to_string());
            }
        }
        r.is_ok()
    };

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
    let api_ok = record("build socval-wasm for Node", build_wasm_api());
    if api_ok && cli_ok {
        step("Node test of socval-wasm");
        record(
            "socval-wasm in Node",
            node_test("node --test wasm-api", &["wasm-api.test.mjs"]),
        );
    }
    let page_ok = record("build the page", build_page());
    if page_ok {
        step("the page's first-load size budget (Chromium)");
        record(
            "page size budget (first load under its gzip ceiling; aim 300 KB)",
            node_test("node --test size", &["size.test.mjs"]),
        );
    }
    if page_ok && cli_ok {
        step("end-to-end tests of the page in Chromium");
        record(
            "page in Chromium (Playwright)",
            node_test(
                "node --test page",
                &["page.test.mjs", "controls.test.mjs", "report.test.mjs", "help.test.mjs"],
            ),
        );
        step("end-to-end tests of the page in Firefox");
        record(
            "page in Firefox ESR (puppeteer-core, WebDriver BiDi)",
            node_test("node --test firefox", &["firefox.test.mjs"]),
        );
    }

    println!("\n==> summary ({:.0} s)", started.elapsed().as_secs_f64());
    for r in &results {
        println!("{r}");
    }
    if failed.is_empty() {
        println!("all steps passed");
        Ok(())
    } else {
        Err(format!("{} step(s) failed: {}", failed.len(), failed.join("; ")))
    }
}

fn bench_cmd(args: &[String]) -> Result<()> {
    let page_only = args.iter().any(|a| a == "--page-only");
    setup()?;
    if !page_only {
        step("cargo bench -p socval");
        run("cargo bench -p socval", cargo().args(["bench", "-p", "socval"]))?;
    }
    run("cargo build -p socval-cli", cargo().args(["build", "-p", "socval-cli"]))?;
    build_page()?;
    step("page measurements (Chromium)");
    let mut cmd = Command::new("node");
    cmd.arg("bench.mjs")
        .current_dir(e2e_dir())
        .env("SOCVAL_ROOT", root())
        .env("SOCVAL_DIST", dist_dir())
        .env("CHROMIUM", CHROMIUM);
    run("page measurements", &mut cmd)
}
