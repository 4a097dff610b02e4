//! The npm package `socval`, written by `cargo xtask api` (and the test command) into
//! `target/wasm/socval-npm`, ready for `npm pack` / `npm publish`.
//!
//! One WebAssembly file, `browser/socval_wasm_bg.wasm` (wasm-opt -Oz), serves every entry:
//!
//! - `node/`: CommonJS for Node: wasm-bindgen's `--target nodejs` glue (`socval_wasm.cjs`, which
//!   reads `../browser/socval_wasm_bg.wasm`), the trap guard over it (`socval.cjs`), and the typed
//!   API as CommonJS (`index.cjs`) and as an ES module over it (`index.mjs`: one instance whether
//!   a program imports or requires).
//! - `browser/`: ES modules for browsers and bundlers over wasm-bindgen's `--target web` glue:
//!   `api.js` (the typed API and `init(wasm)`, which loads the module from a URL, a `Response`,
//!   bytes or a compiled module: the `socval/init` entry) and `index.js` (the default entry: it
//!   awaits `init(new URL('./socval_wasm_bg.wasm', import.meta.url))`, the asset pattern webpack 5,
//!   Vite (and Rollup with an asset plugin) copy, and says what to do when a bundler left the file
//!   behind).
//! - `index.d.mts` and `index.d.cts`: the declarations (`crates/socval-wasm/js/index.d.ts`) for
//!   ES modules and for CommonJS, each its own file, so that TypeScript (and attw) see the format
//!   each entry really has; `package.json` with `exports` per condition, `type`, `sideEffects`.
//!
//! Both wasm-bindgen targets emit the same wasm; the build checks it before keeping one copy.
//! (`--target bundler` is not used: it has no reset function, so a trap would leave the module
//! dead.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::api::{guard_source, node_guard_source};
use crate::page::{wasm_opt, wasm_out};
use crate::tools::*;

/// The npm package `socval`, ready for `npm pack` / `npm publish`.
pub fn npm_dir() -> PathBuf {
    root().join(WASM_TARGET_DIR).join("socval-npm")
}

/// The names the typed API exports (crates/socval-wasm/js/api-core.js), besides `init` and
/// `isSocvalError`.
pub const NPM_EXPORTS: [&str; 11] = [
    "evaluate",
    "uncertainty",
    "validate",
    "listTables",
    "show",
    "diff",
    "compare",
    "schema",
    "templates",
    "version",
    "claim",
];

/// The one WebAssembly file of the package, relative to its root.
pub const NPM_WASM: &str = "browser/socval_wasm_bg.wasm";

/// Writes the npm package into `target/wasm/socval-npm` (after `build_wasm_api`, which builds the
/// wasm): see the module's comment for its layout.
pub fn build_npm_package() -> Result<()> {
    step("writing the npm package (target/wasm/socval-npm)");
    let out = npm_dir();
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    bindgen("nodejs", &out.join("node"))?;
    bindgen("web", &out.join("browser"))?;
    let node_wasm = out.join("node/socval_wasm_bg.wasm");
    let read_bytes = |p: &Path| fs::read(p).map_err(|e| format!("reading {}: {e}", p.display()));
    if read_bytes(&node_wasm)? != read_bytes(&out.join(NPM_WASM))? {
        return Err(
            "wasm-bindgen's nodejs and web targets wrote different wasm files: the package \
                    cannot share one"
                .into(),
        );
    }
    fs::remove_file(&node_wasm).map_err(|e| format!("removing {}: {e}", node_wasm.display()))?;
    wasm_opt(&out.join(NPM_WASM))?;
    // wasm-bindgen's own declarations of the raw string functions: the package declares its
    // typed API instead (index.d.mts, index.d.cts).
    for generated in ["socval_wasm.d.ts", "socval_wasm_bg.wasm.d.ts"] {
        for dir in ["node", "browser"] {
            let _ = fs::remove_file(out.join(dir).join(generated));
        }
    }
    let core = read_js("api-core.js")?;
    write_node(&out, &core)?;
    write_browser(&out, &core)?;
    write_types(&out)?;
    write(&out, "README.md", &read_js("README.md")?)?;
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        fs::copy(root().join(licence), out.join(licence)).map_err(|e| format!("copying {licence}: {e}"))?;
    }
    write(&out, "package.json", &package_json(&workspace_version()?))?;
    let size = fs::metadata(out.join(NPM_WASM)).map(|m| m.len()).unwrap_or(0);
    println!("--> npm package: one wasm, {NPM_WASM}, {size} bytes");
    Ok(())
}

/// wasm-bindgen's glue for `target` (with the reset function the guard uses) into `dir`.
fn bindgen(target: &str, dir: &Path) -> Result<()> {
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
            .arg(dir)
            .arg(wasm_out("socval_wasm")),
    )
}

fn read_js(name: &str) -> Result<String> {
    let file = root().join("crates/socval-wasm/js").join(name);
    fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))
}

fn write(out: &Path, rel: &str, text: &str) -> Result<()> {
    let p = out.join(rel);
    fs::write(&p, text).map_err(|e| format!("writing {}: {e}", p.display()))
}

/// `node/`: the CommonJS glue renamed `.cjs` (the package is `"type": "module"`) and pointed at
/// the one wasm, the guard over it, and the typed API for `require` and `import`.
fn write_node(out: &Path, core: &str) -> Result<()> {
    let glue_js = out.join("node/socval_wasm.js");
    let glue = fs::read_to_string(&glue_js).map_err(|e| format!("reading {}: {e}", glue_js.display()))?;
    let own = "`${__dirname}/socval_wasm_bg.wasm`";
    if glue.matches(own).count() != 1 {
        return Err(format!(
            "wasm-bindgen's nodejs glue no longer reads its wasm as {own}: update npm.rs"
        ));
    }
    let shared = "require('path').join(__dirname, '..', 'browser', 'socval_wasm_bg.wasm')";
    write(out, "node/socval_wasm.cjs", &glue.replace(own, shared))?;
    fs::remove_file(&glue_js).map_err(|e| format!("removing {}: {e}", glue_js.display()))?;
    write(out, "node/socval.cjs", &node_guard_source("./socval_wasm.cjs")?)?;
    write(
        out,
        "node/index.cjs",
        &format!(
            "'use strict';
{core}
const api = makeApi(require('./socval.cjs'));
/** In Node the module is loaded with the package: `init` has nothing to do. */
async function init() {{}}
module.exports = {{ ...api, init, isSocvalError }};
"
        ),
    )?;
    let names = NPM_EXPORTS.join(", ");
    write(
        out,
        "node/index.mjs",
        &format!(
            "import api from './index.cjs';
export const {{ {names}, init, isSocvalError }} = api;
export default api;
"
        ),
    )
}

/// `browser/`: the trap guard as an ES module, `api.js` (the typed API and `init`) and
/// `index.js` (the default entry, which loads the wasm beside it).
fn write_browser(out: &Path, core: &str) -> Result<()> {
    write(
        out,
        "browser/guard.mjs",
        &format!("{}\nexport {{ FUNCTIONS, guard }};\n", guard_source()?),
    )?;
    let wrappers: String = NPM_EXPORTS
        .iter()
        .map(|n| format!("export function {n}(...args) {{\n  return ready('{n}').{n}(...args);\n}}\n"))
        .collect();
    write(
        out,
        "browser/api.js",
        &format!(
            "// socval for browsers and bundlers: the typed API over wasm-bindgen's --target web glue,
// guarded (a trap throws an Error and the next call gets a fresh instance). `init(wasm)` loads
// the module from a URL, a Response (or its promise), its bytes or a compiled module; the
// package's default entry (index.js) calls it with the file beside this one.
import initWasm, * as raw from './socval_wasm.js';
import {{ guard }} from './guard.mjs';
{core}
let api = null;
/** Loads the WebAssembly module (once: later calls do nothing). */
export async function init(wasm) {{
  if (api !== null) return;
  await initWasm({{ module_or_path: wasm }});
  if (api === null) api = makeApi(guard(raw));
}}
function ready(name) {{
  if (api === null) {{
    throw new Error(`socval ${{name}}: the WebAssembly module is not loaded yet: await init(wasm) first (see the package's README)`);
  }}
  return api;
}}
{wrappers}export {{ isSocvalError }};
"
        ),
    )?;
    let names = NPM_EXPORTS.join(", ");
    write(
        out,
        "browser/index.js",
        &format!(
            "// socval's default entry for browsers and bundlers: loads the wasm beside it, with the
// asset pattern webpack 5 and Vite follow (they copy the file into the build; Rollup does with
// @web/rollup-plugin-import-meta-assets).
import {{ init }} from './api.js';
import * as socval from './api.js';
const wasm = new URL('./socval_wasm_bg.wasm', import.meta.url);
try {{
  await init(wasm);
}} catch (e) {{
  throw new Error(
    `socval: could not load its WebAssembly module from ${{wasm}} (${{e && e.message}}). ` +
      'A bundler that does not copy files named by new URL(..., import.meta.url) (esbuild; Rollup without ' +
      \"an asset plugin) leaves it out of the build: import from 'socval/init' and pass the module to \" +
      \"init() instead, as the package's README shows for each bundler.\",
    {{ cause: e }},
  );
}}
export {{ {names}, init, isSocvalError }} from './api.js';
export default socval;
"
        ),
    )
}

/// `index.d.mts` (ES modules: the named exports and the default object) and `index.d.cts`
/// (CommonJS: `module.exports` has the named functions and no `default`), from one source;
/// `wasm.d.mts`, what a bundler's `import wasm from 'socval/socval_wasm_bg.wasm'` gives (esbuild's
/// `file` loader: its URL); `init/package.json`, `socval/init` for resolvers that do not read
/// `exports` (TypeScript's `node10`).
fn write_types(out: &Path) -> Result<()> {
    let dts = read_js("index.d.ts")?;
    write(out, "index.d.cts", &dts)?;
    write(
        out,
        "wasm.d.mts",
        "// `import wasm from 'socval/socval_wasm_bg.wasm'`: the module's URL in the build, as esbuild's
// `--loader:.wasm=file` gives it (`--loader:.wasm=binary` gives its bytes), for `init(wasm)`.
declare const wasm: string;
export default wasm;
",
    )?;
    fs::create_dir_all(out.join("init")).map_err(|e| format!("creating init/: {e}"))?;
    write(
        out,
        "init/package.json",
        "{ \"main\": \"../node/index.cjs\", \"types\": \"../index.d.cts\" }\n",
    )?;
    let members: String = NPM_EXPORTS
        .iter()
        .chain(&["init", "isSocvalError"])
        .map(|n| format!("  {n}: typeof {n};\n"))
        .collect();
    write(
        out,
        "index.d.mts",
        &format!(
            "{dts}
/** The same functions as one object (`import socval from 'socval'`). */
declare const socval: {{
{members}}};
export default socval;
"
        ),
    )
}

/// `package.json`: an entry per condition, each with its own declarations. `exports` maps
/// `socval` and `socval/init` (the same API, with `init` to load the wasm from elsewhere) and
/// `socval/socval_wasm_bg.wasm` (the file itself, for bundlers that load it as an asset). No
/// `browser` field (`exports` says it) and no `repository` or `homepage` until the project has a
/// public address.
fn package_json(version: &str) -> String {
    let node = r#"{
        "import": { "types": "./index.d.mts", "default": "./node/index.mjs" },
        "require": { "types": "./index.d.cts", "default": "./node/index.cjs" }
      }"#;
    format!(
        r#"{{
  "name": "socval",
  "version": "{version}",
  "description": "Social value and avoided public costs of family-support programmes, with the working behind every figure (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "keywords": ["social-value", "sroi", "cost-benefit", "wellbeing", "wasm"],
  "type": "module",
  "main": "./node/index.cjs",
  "types": "./index.d.cts",
  "exports": {{
    ".": {{
      "node": {node},
      "default": {{ "types": "./index.d.mts", "default": "./browser/index.js" }}
    }},
    "./init": {{
      "node": {node},
      "default": {{ "types": "./index.d.mts", "default": "./browser/api.js" }}
    }},
    "./socval_wasm_bg.wasm": {{ "types": "./wasm.d.mts", "default": "./{NPM_WASM}" }},
    "./package.json": "./package.json"
  }},
  "sideEffects": ["./browser/index.js", "./node/*"],
  "files": ["index.d.mts", "index.d.cts", "wasm.d.mts", "init/", "node/", "browser/", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  "engines": {{ "node": ">=18" }}
}}
"#
    )
}
