//! `cargo xtask api`: `socval-wasm` for Node and for browsers, and the npm package.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Writes `socval.js` (CommonJS, the guarded Node package over `socval_wasm.js` from
/// `--target nodejs --experimental-reset-state-function`) and its declarations into `dir`.
pub fn write_node_guard(dir: &Path) -> Result<()> {
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

/// The npm package `socval`, ready for `npm pack` / `npm publish`.
pub fn npm_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-npm")
}

/// The names the typed API exports (crates/socval-wasm/js/api-core.js).
pub const NPM_EXPORTS: &str =
    "evaluate, uncertainty, validate, listTables, show, diff, compare, schema, templates, version, claim";

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
pub fn build_npm_package() -> Result<()> {
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
