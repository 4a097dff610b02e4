//! `cargo xtask api`: `socval-wasm` for Node and for browsers, and the npm package.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::npm::{build_npm_package, npm_dir};
use crate::page::{cargo_wasm_build, wasm_opt, wasm_out};
use crate::setup::setup;
use crate::tools::*;

/// Directory of the Node build of `socval-wasm` (with its TypeScript declarations).
pub fn wasm_api_node_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-wasm-node")
}

/// The trap guard of the JS API (`crates/socval-wasm/js/guard.js`), one source written as two
/// module formats: every call guarded, so that a trap of the module throws an `Error` and the next
/// call gets a fresh instance (wasm-bindgen's `__wbg_reset_state`).
pub fn guard_source() -> Result<String> {
    let file = root().join("crates/socval-wasm/js/guard.js");
    fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))
}

/// The guarded Node package (CommonJS) over wasm-bindgen's `--target nodejs` glue `glue`
/// (`./socval_wasm.js`): the trap guard over the glue, its `evaluate` crossing as Latin-1 in and
/// UTF-16 out (`crates/socval-wasm/js/node.js`).
pub fn node_guard_source(glue: &str) -> Result<String> {
    let file = root().join("crates/socval-wasm/js/node.js");
    let node = fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    Ok(format!(
        "'use strict';\n{}\n{node}\nmodule.exports = guard(withNodeEvaluate(require('{glue}')));\n",
        guard_source()?
    ))
}

/// Writes `socval.js` (CommonJS, the guarded Node package over `socval_wasm.js` from
/// `--target nodejs --experimental-reset-state-function`) and its declarations into `dir`.
pub fn write_node_guard(dir: &Path) -> Result<()> {
    let text = node_guard_source("./socval_wasm.js")?;
    fs::write(dir.join("socval.js"), text).map_err(|e| format!("writing socval.js: {e}"))?;
    let dts = root().join("crates/socval-wasm/js/socval.d.ts");
    fs::copy(&dts, dir.join("socval.d.ts")).map_err(|e| format!("copying {}: {e}", dts.display()))?;
    Ok(())
}

/// Writes `guard.mjs` (an ES module exporting `guard` and `FUNCTIONS`, for the `--target web`
/// glue) into `dir`.
pub fn write_web_guard(dir: &Path) -> Result<()> {
    let text = format!("{}\nexport {{ FUNCTIONS, guard }};\n", guard_source()?);
    fs::write(dir.join("guard.mjs"), text).map_err(|e| format!("writing guard.mjs: {e}"))
}

/// Build `socval-wasm` for Node (used by its Node test), keeping the `.d.ts`, with its guarding
/// wrapper `socval.js` beside the generated `socval_wasm.js`.
pub fn build_wasm_api() -> Result<()> {
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
pub fn build_wasm_web_test() -> Result<()> {
    web_api_build(&root().join(WASM_TARGET_DIR).join("socval-wasm-web-test"), false)
}

/// `socval-wasm` for browsers into `out`: wasm-bindgen's `--target web` glue with the reset-state
/// function the guard uses, `guard.mjs` beside it, and (`optimise`) wasm-opt -Oz.
pub fn web_api_build(out: &Path, optimise: bool) -> Result<()> {
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
pub fn api_cmd() -> Result<()> {
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
