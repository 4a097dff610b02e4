//! Developer commands for socval, run as `cargo xtask <command>`:
//!
//! - `serve`: install what the page needs, build it (release, wasm-opt) into `dist/`, serve
//!   `dist/` on <http://127.0.0.1:8080>.
//! - `test`: install what the tests need, then run every test: the workspace's native tests,
//!   the page build, the Node test of `socval-wasm`, the end-to-end tests in Chromium.
//! - `bench`: the core's criterion benchmark and the page's measurements.
//! - `build`: only build the page into `dist/` (no serving).
//! - `dist`: the page as a folder and a zip for any static host (`target/dist/`), with a hosting
//!   note, and a release build of the CLI.
//! - `msrv`: install the toolchain of the workspace's `rust-version` (rustup) and run the
//!   publishable crates' tests with it, so that the claimed minimum is a tested one.
//! - `package`: `cargo package` socval and socval-cli, then use the packed `socval` as a user
//!   would: its own tests, its example, and a scratch project that depends on it.
//!
//! Everything a fresh Debian machine lacks is installed here, idempotently: the wasm target,
//! the wasm-bindgen CLI at the exact version in `Cargo.lock`, Debian's Chromium and a font,
//! and the npm packages of `tests/e2e` (Playwright's core, binaryen's wasm-opt and terser).

mod serve;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The target dir of every wasm build, so that a wasm build never waits on the native
/// builds' lock of `target/`.
const WASM_TARGET_DIR: &str = "target/wasm";
/// Where the packed crates are built and tested (`xtask package`); removed after use.
const PACKED_TARGET_DIR: &str = "target/packed";
const WASM_TRIPLE: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
const CHROMIUM: &str = "/usr/bin/chromium";
/// Firefox ESR, driven by puppeteer-core over WebDriver BiDi (the page's Firefox test).
const FIREFOX: &str = "/usr/bin/firefox-esr";
/// The page's static files, copied from `web/` into `dist/` beside the generated ones
/// (`index.html` is generated too: the page's first screen rendered into `web/index.html`).
const PAGE_FILES: &[&str] = &["boot.js", "main.js", "style.css", "analysis-worker.js", "workbook.js"];
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
        "package" => package_cmd(),
        "dist" => dist_cmd(),
        "msrv" => msrv_cmd(),
        "setup" => setup(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\
                 \n  serve [--port N]  install, build the page into dist/, serve it on http://127.0.0.1:8080\
                 \n  test              install, then run every test (native, wasm API in Node, page in Chromium)\
                 \n  bench             the core's benchmark and the page's size and timings\
                 \n  build             build the page into dist/\
                 \n  api               build socval-wasm for Node and for the web, with TypeScript declarations\
                 \n  dist              the page as a folder and a zip for any static host, and a release CLI\
                 \n  msrv              test the publishable crates with the workspace's rust-version toolchain\
                 \n  package           package socval, socval-xlsx and socval-cli as for crates.io, test the packed socval\
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
                && dir.join("node_modules/.bin/terser").exists()
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

/// wasm-opt's size passes, then its functions sorted by name: a generic's copies and a crate's
/// functions come together, within gzip's 32 KB window, so the same code is smaller compressed
/// (the page's wasm 357.6 -> 350.7 KB gzip, same bytes raw give or take 6; BENCHMARKS.md, issue 11).
/// The names are wasm-bindgen's (the name section), which wasm-opt drops from its output.
fn wasm_opt(file: &Path) -> Result<()> {
    let bin = e2e_dir().join("node_modules/.bin/wasm-opt");
    let tmp = file.with_extension("opt.wasm");
    run(
        "wasm-opt -Oz --reorder-functions-by-name",
        Command::new(bin)
            .args(["-Oz", "--reorder-functions-by-name"])
            .arg(file)
            .arg("-o")
            .arg(&tmp),
    )?;
    fs::rename(&tmp, file).map_err(|e| format!("moving {}: {e}", tmp.display()))
}

/// Every JavaScript file under `dir` (wasm-bindgen's loaders and snippets, the page's own
/// modules) minified in place by terser, as ES modules (their exports keep their names): the
/// first load is about 2 KB gzip smaller (BENCHMARKS.md, issue 11).
fn minify_js(dir: &Path) -> Result<()> {
    let files = files_under(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "js"));
    let bin = e2e_dir().join("node_modules/.bin/terser");
    for file in files {
        run(
            &format!("terser {}", file.strip_prefix(dir).unwrap_or(&file).display()),
            Command::new(&bin)
                .arg(&file)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&file),
        )?;
    }
    Ok(())
}

/// Build the page into `dist/`: the Yew crate `socval-web` for wasm (size profile),
/// wasm-bindgen's web loader, wasm-opt, and the static files of `web/`; and the second module
/// the page fetches only when the uncertainty analysis is asked for (`web/analysis`, run in a
/// Web Worker by `analysis-worker.js`), and the third, fetched only when the workbook is asked
/// for (`web/workbook`, loaded by `workbook.js`).
fn build_page() -> Result<()> {
    step("building the page into dist/");
    cargo_wasm_build("socval-web", "--bin=socval-web")?;
    cargo_wasm_build("socval-web-analysis", "--lib")?;
    cargo_wasm_build("socval-web-workbook", "--lib")?;
    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("clearing dist/: {e}"))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("creating dist/: {e}"))?;
    // The page and its two on-demand modules: (cargo artifact, output name).
    for (artifact, out_name) in [
        ("socval-web", "socval_web"),
        ("socval_web_analysis", "socval_analysis"),
        ("socval_web_workbook", "socval_workbook"),
    ] {
        run(
            &format!("wasm-bindgen --target web ({out_name})"),
            Command::new("wasm-bindgen")
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    out_name,
                    "--out-dir",
                ])
                .arg(&dist)
                .arg(wasm_out(artifact)),
        )?;
        wasm_opt(&dist.join(format!("{out_name}_bg.wasm")))?;
    }
    for file in PAGE_FILES {
        let from = root().join("web").join(file);
        fs::copy(&from, dist.join(file)).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    minify_js(&dist)?;
    // The first screen, the first template valued on the embedded tables, rendered by the page's
    // own components natively: the first figures come with the document (BENCHMARKS.md, issue 11).
    let index = run_capture(
        "cargo run -p socval-web (the first screen rendered into index.html)",
        cargo().args(["run", "-q", "-p", "socval-web"]).current_dir(root()),
    )?;
    fs::write(dist.join("index.html"), index).map_err(|e| format!("writing dist/index.html: {e}"))?;
    let size = |f: &str| fs::metadata(dist.join(f)).map(|m| m.len()).unwrap_or(0);
    println!(
        "--> dist/ ready: socval_web_bg.wasm {} bytes (on demand: socval_analysis_bg.wasm {} bytes, socval_workbook_bg.wasm {} bytes)",
        size("socval_web_bg.wasm"),
        size("socval_analysis_bg.wasm"),
        size("socval_workbook_bg.wasm")
    );
    Ok(())
}

/// Directory of the Node build of `socval-wasm` (with its TypeScript declarations).
fn wasm_api_node_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-wasm-node")
}

/// The trap guard of the JS API (`crates/socval-wasm/js/guard.js`), one source written as two
/// module formats: every call guarded, so that a trap of the module throws an `Error` and the next
/// call gets a fresh instance (wasm-bindgen's `__wbg_reset_state`).
fn guard_source() -> Result<String> {
    let file = root().join("crates/socval-wasm/js/guard.js");
    fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))
}

/// Writes `socval.js` (CommonJS, the guarded Node package over `socval_wasm.js` from
/// `--target nodejs --experimental-reset-state-function`) and its declarations into `dir`.
fn write_node_guard(dir: &Path) -> Result<()> {
    let text = format!(
        "'use strict';\n{}\nmodule.exports = guard(require('./socval_wasm.js'));\n",
        guard_source()?
    );
    fs::write(dir.join("socval.js"), text).map_err(|e| format!("writing socval.js: {e}"))?;
    let dts = root().join("crates/socval-wasm/js/socval.d.ts");
    fs::copy(&dts, dir.join("socval.d.ts")).map_err(|e| format!("copying {}: {e}", dts.display()))?;
    Ok(())
}

/// Writes `guard.mjs` (an ES module exporting `guard` and `FUNCTIONS`, for the `--target web`
/// glue) into `dir`.
fn write_web_guard(dir: &Path) -> Result<()> {
    let text = format!("{}\nexport {{ FUNCTIONS, guard }};\n", guard_source()?);
    fs::write(dir.join("guard.mjs"), text).map_err(|e| format!("writing guard.mjs: {e}"))
}

/// Build `socval-wasm` for Node (used by its Node test), keeping the `.d.ts`, with its guarding
/// wrapper `socval.js` beside the generated `socval_wasm.js`.
fn build_wasm_api() -> Result<()> {
    step("building socval-wasm for Node");
    cargo_wasm_build("socval-wasm", "--lib")?;
    let out = wasm_api_node_dir();
    run(
        "wasm-bindgen --target nodejs",
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "nodejs",
                "--experimental-reset-state-function",
                "--out-name",
                "socval_wasm",
                "--out-dir",
            ])
            .arg(&out)
            .arg(wasm_out("socval_wasm")),
    )?;
    write_node_guard(&out)
}

/// The browser build of `socval-wasm` (`--target web`, with the reset-state function the guard
/// uses), unoptimised, for the Node test of `guard.mjs`.
fn build_wasm_web_test() -> Result<()> {
    web_api_build(&root().join(WASM_TARGET_DIR).join("socval-wasm-web-test"), false)
}

/// `socval-wasm` for browsers into `out`: wasm-bindgen's `--target web` glue with the reset-state
/// function the guard uses, `guard.mjs` beside it, and (`optimise`) wasm-opt -Oz.
fn web_api_build(out: &Path, optimise: bool) -> Result<()> {
    run(
        "wasm-bindgen --target web (socval-wasm)",
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--experimental-reset-state-function",
                "--out-name",
                "socval_wasm",
                "--out-dir",
            ])
            .arg(out)
            .arg(wasm_out("socval_wasm")),
    )?;
    if optimise {
        wasm_opt(&out.join("socval_wasm_bg.wasm"))?;
    }
    write_web_guard(out)
}

/// Build `socval-wasm` for other JavaScript: `target/wasm/socval-wasm-node` (CommonJS for
/// Node, with the guarding wrapper `socval.js`) and `target/wasm/socval-wasm-web` (an ES module
/// for browsers), each with its `.d.ts`.
fn api_cmd() -> Result<()> {
    setup()?;
    build_wasm_api()?;
    build_npm_package()?;
    let out = root().join(WASM_TARGET_DIR).join("socval-wasm-web");
    web_api_build(&out, true)?;
    println!(
        "--> {}, {} and the npm package {}",
        wasm_api_node_dir().display(),
        out.display(),
        npm_dir().display()
    );
    Ok(())
}

/// The npm package `socval`, ready for `npm pack` / `npm publish`.
fn npm_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-npm")
}

/// The names the typed API exports (crates/socval-wasm/js/api-core.js).
const NPM_EXPORTS: &str =
    "evaluate, uncertainty, validate, listTables, show, diff, compare, schema, templates, version";

/// Writes the npm package `socval` into `target/wasm/socval-npm` (after `build_wasm_api`):
///
/// - `node/`: wasm-bindgen's `--target nodejs` glue, its wasm (wasm-opt -Oz), the guarding
///   wrapper `socval.js`, and the typed API as CommonJS (`index.cjs`) and ESM (`index.mjs`);
/// - `browser/`: for browsers and bundlers, wasm-bindgen's `--target web` glue made with
///   `--experimental-reset-state-function`, its wasm (wasm-opt -Oz), the trap guard `guard.mjs`
///   and the typed API as an ES module (`index.js`) that instantiates the module with top-level
///   `await` from `new URL('./socval_wasm_bg.wasm', import.meta.url)` (the asset pattern webpack 5,
///   Vite, Rollup and esbuild follow) and guards every call, as the Node build does: a trap throws
///   an `Error` and the next call gets a fresh instance. (`--target bundler` is not used: it has
///   no reset function, so a trap would leave the module dead.)
/// - `index.d.ts` (the types of inputs, outputs and errors), `package.json` (`exports` for Node,
///   bundlers and types; `files`), `README.md`, the licences.
fn build_npm_package() -> Result<()> {
    step("writing the npm package (target/wasm/socval-npm)");
    let out = npm_dir();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    let js = root().join("crates/socval-wasm/js");
    let read = |name: &str| fs::read_to_string(js.join(name)).map_err(|e| format!("reading {name}: {e}"));
    let write = |rel: &str, text: &str| {
        let p = out.join(rel);
        fs::write(&p, text).map_err(|e| format!("writing {}: {e}", p.display()))
    };
    for (target, dir) in [("nodejs", "node"), ("web", "browser")] {
        run(
            &format!("wasm-bindgen --target {target} (npm package)"),
            Command::new("wasm-bindgen")
                .args([
                    "--target",
                    target,
                    "--experimental-reset-state-function",
                    "--out-name",
                    "socval_wasm",
                    "--out-dir",
                ])
                .arg(out.join(dir))
                .arg(wasm_out("socval_wasm")),
        )?;
        wasm_opt(&out.join(dir).join("socval_wasm_bg.wasm"))?;
    }
    write_node_guard(&out.join("node"))?;
    write_web_guard(&out.join("browser"))?;
    // The browser files are ES modules: say so to Node and to bundlers that read `type`.
    fs::write(out.join("browser/package.json"), "{ \"type\": \"module\" }\n")
        .map_err(|e| format!("writing browser/package.json: {e}"))?;
    let core = read("api-core.js")?;
    write(
        "node/index.cjs",
        &format!(
            "'use strict';
{core}
const api = makeApi(require('./socval.js'));
module.exports = {{ ...api, isSocvalError }};
"
        ),
    )?;
    write(
        "node/index.mjs",
        &format!(
            "import api from './index.cjs';
export const {{ {NPM_EXPORTS}, isSocvalError }} = api;
export default api;
"
        ),
    )?;
    write(
        "browser/index.js",
        &format!(
            "import init, * as raw from './socval_wasm.js';
import {{ guard }} from './guard.mjs';
await init({{ module_or_path: new URL('./socval_wasm_bg.wasm', import.meta.url) }});
{core}
const api = makeApi(guard(raw));
export const {{ {NPM_EXPORTS} }} = api;
export {{ isSocvalError }};
export default {{ ...api, isSocvalError }};
"
        ),
    )?;
    write("index.d.ts", &read("index.d.ts")?)?;
    write("README.md", &read("README.md")?)?;
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        fs::copy(root().join(licence), out.join(licence)).map_err(|e| format!("copying {licence}: {e}"))?;
    }
    let version = workspace_version()?;
    let package = format!(
        r#"{{
  "name": "socval",
  "version": "{version}",
  "description": "Social value and avoided public costs of family-support programmes, with the working behind every figure (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "keywords": ["social-value", "sroi", "cost-benefit", "wellbeing", "wasm"],
  "main": "./node/index.cjs",
  "module": "./browser/index.js",
  "browser": "./browser/index.js",
  "types": "./index.d.ts",
  "exports": {{
    ".": {{
      "types": "./index.d.ts",
      "node": {{
        "import": "./node/index.mjs",
        "require": "./node/index.cjs"
      }},
      "browser": "./browser/index.js",
      "default": "./browser/index.js"
    }},
    "./package.json": "./package.json"
  }},
  "files": ["index.d.ts", "node/", "browser/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  "engines": {{ "node": ">=18" }}
}}
"#
    );
    write("package.json", &package)?;
    let size = |dir: &str| {
        fs::metadata(out.join(dir).join("socval_wasm_bg.wasm"))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    println!(
        "--> npm package: node wasm {} bytes, browser wasm {} bytes",
        size("node"),
        size("browser")
    );
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
        .env("SOCVAL_NPM", npm_dir())
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
    // The workbook builder is shared with the page: the page's build below compiles it for the
    // browser (the workbook module, web/workbook), so no separate wasm step is needed.
    step("the packaged crates (cargo package, the packed crate's tests, a scratch project)");
    record("packaged socval and socval-cli", package_cmd());
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
        step("the npm package, packed and installed into a scratch project (Node, tsc --strict)");
        let npm_ok = record("write the npm package", build_npm_package());
        if npm_ok {
            record(
                "the npm package in a scratch project",
                node_test("node --test npm-package", &["npm-package.test.mjs"]),
            );
        }
    }
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
                    "controls.test.mjs",
                    "report.test.mjs",
                    "help.test.mjs",
                    "table.test.mjs",
                ],
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

/// The files under `dir`, in every folder below it, sorted by path.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let entries = fs::read_dir(&d).map_err(|e| format!("listing {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("listing {}: {e}", d.display()))?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Bytes in the files under `dir` (0 if it cannot be listed: this only reports).
fn dir_bytes(dir: &Path) -> u64 {
    files_under(dir)
        .unwrap_or_default()
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum()
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

// ---------------------------------------------------------------------------------------
// Packaging
// ---------------------------------------------------------------------------------------

/// The workspace's version (every crate shares it).
fn workspace_version() -> Result<String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| format!("reading Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("version = \"")
                .map(|v| v.trim_end_matches('"').to_string())
        })
        .ok_or_else(|| "Cargo.toml has no workspace version".into())
}

/// Run a command and return its standard output; fails with the step's name and its stderr.
fn run_capture(name: &str, cmd: &mut Command) -> Result<String> {
    let started = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| format!("{name}: could not start {:?}: {e}", cmd.get_program()))?;
    if !out.status.success() {
        return Err(format!(
            "{name}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    println!("--> {name}: ok ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `cargo package` the publishable crates, then use them as a user would.
///
/// 1. `cargo package -p socval -p socval-xlsx -p socval-cli --no-verify` (the checks below build
///    each package themselves, sharing one target dir, instead of cargo's verification, which
///    would build every dependency again per crate).
/// 2. The `.crate` files unpacked outside the workspace; socval's own tests run there (the
///    tables, scenarios and fixtures must be inside the package for them to pass), and its example.
/// 3. A scratch binary crate depending on the unpacked socval by path, checked for the golden
///    figures of the shipped Step Together scenario, with its output read back as a `Valuation`.
/// 4. The unpacked socval-cli built with its `socval` and `socval-xlsx` dependencies patched to
///    the unpacked packages (none is on crates.io yet: after publishing socval and socval-xlsx,
///    `cargo package -p socval-cli` verifies on its own), and the built `socval` run.
fn package_cmd() -> Result<()> {
    let version = workspace_version()?;
    run(
        "cargo package -p socval -p socval-xlsx -p socval-cli",
        cargo().args([
            "package",
            "-p",
            "socval",
            "-p",
            "socval-xlsx",
            "-p",
            "socval-cli",
            "--allow-dirty",
            "--no-verify",
        ]),
    )?;
    let scratch = env::temp_dir().join(format!("socval-package-test-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(|e| format!("creating {}: {e}", scratch.display()))?;
    let outcome = use_packed_crates(&scratch, &version);
    let _ = fs::remove_dir_all(&scratch);
    // The packed crate's build is a second copy of every dependency (about 1 GB): removed once
    // used, so that a fresh clone's run needs less disk (CI ran out of it once). It is rebuilt
    // on the next run.
    let _ = fs::remove_dir_all(root().join(PACKED_TARGET_DIR));
    outcome
}

fn use_packed_crates(scratch: &Path, version: &str) -> Result<()> {
    for name in ["socval", "socval-xlsx", "socval-cli"] {
        let crate_file = root().join(format!("target/package/{name}-{version}.crate"));
        let size = fs::metadata(&crate_file).map(|m| m.len()).unwrap_or(0);
        println!("--> {} ({size} bytes)", crate_file.display());
        run(
            &format!("unpack {name}'s .crate"),
            Command::new("tar").arg("xzf").arg(&crate_file).arg("-C").arg(scratch),
        )?;
    }
    let unpacked = scratch.join(format!("socval-{version}"));
    for dir in ["proxies", "scenarios", "tests/fixtures", "examples"] {
        let n = fs::read_dir(unpacked.join(dir)).map(|d| d.count()).unwrap_or(0);
        if n == 0 {
            return Err(format!("the packed crate has no {dir}/"));
        }
    }
    // A target dir of its own under the workspace's target/ (removed after this step), built
    // without debug info: the packed crate is the root there, so the workspace's dev profile does
    // not apply.
    let target = root().join(PACKED_TARGET_DIR);
    let cargo = || {
        let mut c = cargo();
        c.env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_DEV_DEBUG", "false");
        c
    };
    let manifest = unpacked.join("Cargo.toml");
    run(
        "cargo test (the packed socval)",
        cargo()
            .arg("test")
            .arg("--manifest-path")
            .arg(&manifest)
            .current_dir(&unpacked),
    )?;
    let golden = ["£249,576.73", "£86,956.89"];
    let example = run_capture(
        "cargo run --example value_template (the packed socval)",
        cargo()
            .args(["run", "--quiet", "--example", "value_template", "--manifest-path"])
            .arg(&manifest)
            .current_dir(&unpacked),
    )?;
    for figure in golden {
        if !example.contains(figure) {
            return Err(format!("the example's output lacks {figure}:\n{example}"));
        }
    }
    // A user's project: a binary crate that depends on the packed socval.
    let project = scratch.join("user-project");
    fs::create_dir_all(project.join("src")).map_err(|e| format!("creating the scratch project: {e}"))?;
    let manifest_text = format!(
        "[package]\nname = \"user-project\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsocval = {{ path = {:?} }}\n",
        unpacked.display().to_string()
    );
    let main_rs = r#"fn main() {
    let t = socval::template("step-together").expect("shipped");
    let v = socval::evaluate(&t.scenario().expect("valid"), None, socval::Registry::embedded()).expect("values");
    let json = v.to_json();
    // The output deserialises back into the same valuation.
    let back: socval::Valuation = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, v);
    println!("{} {}", socval::format_gbp(back.display.fiscal_savings), socval::format_gbp(back.display.social_value));
}
"#;
    let write = |p: PathBuf, text: &str| fs::write(&p, text).map_err(|e| format!("writing {}: {e}", p.display()));
    write(project.join("Cargo.toml"), &(manifest_text + "serde_json = \"1\"\n"))?;
    write(project.join("src/main.rs"), main_rs)?;
    // The packed crate's lock file pins the versions its tests just built with.
    let _ = fs::copy(unpacked.join("Cargo.lock"), project.join("Cargo.lock"));
    let out = run_capture(
        "a scratch project using the packed socval",
        cargo()
            .args(["run", "--quiet", "--manifest-path"])
            .arg(project.join("Cargo.toml"))
            .current_dir(&project),
    )?;
    if out.trim() != golden.join(" ") {
        return Err(format!(
            "the scratch project printed {out:?}, expected {:?}",
            golden.join(" ")
        ));
    }
    println!("--> the packed socval gives {} fiscal, {} social", golden[0], golden[1]);
    // The packed CLI, built against the packed socval and socval-xlsx.
    let cli = scratch.join(format!("socval-cli-{version}"));
    let patch = |name: &str| {
        format!(
            "patch.crates-io.{name}.path={:?}",
            scratch.join(format!("{name}-{version}")).display().to_string()
        )
    };
    run(
        "cargo build (the packed socval-cli)",
        cargo()
            .args(["build", "--quiet", "--manifest-path"])
            .arg(cli.join("Cargo.toml"))
            .args(["--config", &patch("socval"), "--config", &patch("socval-xlsx")])
            .current_dir(&cli),
    )?;
    let json = run_capture(
        "the packed socval-cli evaluates @step-together",
        Command::new(target.join("debug/socval")).args(["evaluate", "@step-together", "--format", "json"]),
    )?;
    if !json.contains("\"fiscal_savings\": \"249576.73\"") {
        return Err("the packed CLI's JSON lacks fiscal_savings 249576.73".into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Distribution
// ---------------------------------------------------------------------------------------

/// Where `cargo xtask dist` writes.
fn release_dir() -> PathBuf {
    root().join("target/dist")
}

/// How to host the page, shipped beside it.
const HOSTING_NOTE: &str = "\
socval: hosting the page
========================

This folder is the whole page: static files, no server code, no database, nothing sent anywhere.
Put its contents on any static web host (your own site, GitHub Pages, Netlify, an intranet
server, a shared drive served over HTTP) in the site's root or any sub-folder: every path in it
is relative.

- The host must serve `.wasm` files as `application/wasm` (most do; on Apache add
  `AddType application/wasm .wasm`, on nginx it is in the default mime.types since 1.21).
- Serve it over HTTPS (or http://localhost): browsers load WebAssembly modules only from
  a secure context or localhost.
- Opening index.html straight from the disk (file://) does not work: browsers refuse modules
  from files. To try it locally: `python3 -m http.server 8080` in this folder, then
  http://127.0.0.1:8080.
- The page sets its own Content-Security-Policy (in index.html): it loads nothing from any other
  origin. Work is saved only in the visitor's browser (localStorage); family records never
  leave it.
- To update, replace every file: the page's files belong together (same build).
";

/// The page (already built into `dist/`) as `target/dist/socval-page/` and
/// `target/dist/socval-page-<version>.zip`, with `HOSTING.txt`; checks that the zip holds the page.
fn page_dist() -> Result<()> {
    let version = workspace_version()?;
    let out = release_dir();
    let folder = out.join("socval-page");
    if folder.exists() {
        fs::remove_dir_all(&folder).map_err(|e| format!("clearing {}: {e}", folder.display()))?;
    }
    fs::create_dir_all(&folder).map_err(|e| format!("creating {}: {e}", folder.display()))?;
    // Every file of dist/, with its folders: wasm-bindgen's `snippets/` (the page's inline
    // JavaScript, which socval_web.js imports) is one.
    let mut names = Vec::new();
    copy_tree(&dist_dir(), &folder, "", &mut names)?;
    fs::write(folder.join("HOSTING.txt"), HOSTING_NOTE).map_err(|e| format!("writing HOSTING.txt: {e}"))?;
    names.push("HOSTING.txt".into());
    for needed in [
        "index.html",
        "boot.js",
        "main.js",
        "socval_web.js",
        "socval_web_bg.wasm",
        "workbook.js",
        "socval_workbook.js",
        "socval_workbook_bg.wasm",
    ] {
        if !names.iter().any(|n| n == needed) {
            return Err(format!("the page has no {needed}"));
        }
    }
    if !names.iter().any(|n| n.starts_with("snippets/")) {
        return Err("the page has no snippets/ (its inline JavaScript)".into());
    }
    let zip = out.join(format!("socval-page-{version}.zip"));
    let _ = fs::remove_file(&zip);
    ensure_debian_package("zip", "/usr/bin/zip")?;
    run(
        "zip the page",
        Command::new("zip")
            .args(["-q", "-X", "-r"])
            .arg(&zip)
            .arg(".")
            .current_dir(&folder),
    )?;
    let listed = run_capture("unzip -l", Command::new("unzip").arg("-Z1").arg(&zip))?;
    for name in &names {
        if !listed.lines().any(|l| l.trim() == name) {
            return Err(format!("{} lacks {name}", zip.display()));
        }
    }
    let size = fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
    println!("--> {} ({size} bytes) and {}/", zip.display(), folder.display());
    Ok(())
}

/// Copies the files under `from` to `to`, keeping folders; pushes each file's path (with `/`,
/// under `prefix`) to `names`.
fn copy_tree(from: &Path, to: &Path, prefix: &str, names: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))? {
        let entry = entry.map_err(|e| format!("reading {}: {e}", from.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let (path, target) = (entry.path(), to.join(&name));
        if path.is_dir() {
            fs::create_dir_all(&target).map_err(|e| format!("creating {}: {e}", target.display()))?;
            copy_tree(&path, &target, &format!("{prefix}{name}/"), names)?;
        } else if path.is_file() {
            fs::copy(&path, &target).map_err(|e| format!("copying {prefix}{name}: {e}"))?;
            names.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// Installs a Debian package when `probe` (a file it provides) is missing.
fn ensure_debian_package(package: &str, probe: &str) -> Result<()> {
    if Path::new(probe).exists() {
        return Ok(());
    }
    step(&format!("installing the Debian package {package}"));
    let sudo = output_of("id", &["-u"]).as_deref() != Some("0");
    let mut install = if sudo {
        Command::new("sudo")
    } else {
        Command::new("apt-get")
    };
    if sudo {
        install.arg("apt-get");
    }
    install
        .args(["install", "-y", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(&format!("apt-get install {package}"), &mut install)
}

/// `cargo xtask dist`: the page for any static host and a release build of the CLI.
fn dist_cmd() -> Result<()> {
    setup()?;
    build_page()?;
    page_dist()?;
    step("release build of the CLI");
    run(
        "cargo build --release -p socval-cli",
        cargo().args(["build", "--release", "-p", "socval-cli"]),
    )?;
    let version = workspace_version()?;
    let triple = output_of("rustc", &["-vV"])
        .and_then(|v| v.lines().find_map(|l| l.strip_prefix("host: ").map(str::to_string)))
        .unwrap_or_else(|| "native".into());
    let exe = if cfg!(windows) { "socval.exe" } else { "socval" };
    let to = release_dir().join(format!(
        "socval-{version}-{triple}{}",
        if cfg!(windows) { ".exe" } else { "" }
    ));
    fs::copy(root().join("target/release").join(exe), &to).map_err(|e| format!("copying the CLI: {e}"))?;
    let check = run_capture("the release CLI runs", Command::new(&to).arg("--version"))?;
    println!("--> {} ({})", to.display(), check.trim());
    Ok(())
}

/// The workspace's `rust-version`.
fn workspace_rust_version() -> Result<String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| format!("reading Cargo.toml: {e}"))?;
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("rust-version = \"")
                .map(|v| v.trim_end_matches('"').to_string())
        })
        .ok_or_else(|| "Cargo.toml has no workspace rust-version".into())
}

/// `cargo xtask msrv`: the publishable crates' tests on the toolchain `rust-version` names.
fn msrv_cmd() -> Result<()> {
    let version = workspace_rust_version()?;
    let toolchain = if version.matches('.').count() == 1 {
        format!("{version}.0")
    } else {
        version.clone()
    };
    let installed = output_of("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !installed.lines().any(|l| l.starts_with(&toolchain)) {
        step(&format!("installing Rust {toolchain} (rustup, minimal profile)"));
        run(
            "rustup toolchain install",
            Command::new("rustup").args(["toolchain", "install", &toolchain, "--profile", "minimal"]),
        )?;
    }
    step(&format!("the publishable crates' tests on Rust {toolchain}"));
    // A target dir of its own: artefacts of another compiler cannot be shared.
    run(
        &format!("cargo +{toolchain} test -p socval -p socval-xlsx -p socval-cli"),
        Command::new("cargo")
            .arg(format!("+{toolchain}"))
            .args(["test", "-p", "socval", "-p", "socval-xlsx", "-p", "socval-cli"])
            .env("CARGO_TARGET_DIR", root().join("target/msrv"))
            .env_remove("RUSTC")
            .env_remove("CARGO"),
    )
}
