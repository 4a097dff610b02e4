//! `cargo xtask build`: the page built into `dist/` (the wasm modules, wasm-opt, terser, the
//! first screen rendered into `index.html`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::dist::copy_tree;
use crate::setup::setup;
use crate::stamp::{cached, fingerprint, npm_version};
use crate::tools::*;

/// The page's static files, copied from `web/` into `dist/` beside the generated ones
/// (`index.html` is generated too: the page's first screen rendered into `web/index.html`).
pub const PAGE_FILES: &[&str] = &[
    "boot.js",
    "main.js",
    "swap.js",
    "style.css",
    "analysis-worker.js",
    "workbook.js",
    "claim.js",
];

/// The profile a wasm build uses (`name`: a package, or its module's file name): the JS API's
/// module is built for speed (`wasm-api`, opt-level 3: a Node call of `evaluate` 2.5× faster than
/// at "z", and the module no larger; BENCHMARKS.md, issue 26), the page's modules for size.
fn profile_for(name: &str) -> &'static str {
    if name == "socval-wasm" || name == "socval_wasm" {
        WASM_API_PROFILE
    } else {
        WASM_PROFILE
    }
}

pub fn wasm_out(name: &str) -> PathBuf {
    root()
        .join(WASM_TARGET_DIR)
        .join(WASM_TRIPLE)
        .join(profile_for(name))
        .join(format!("{name}.wasm"))
}

pub fn cargo_wasm_build(package: &str, kind: &str) -> Result<()> {
    cargo_wasm_build_with(package, kind, &[])
}

/// [`cargo_wasm_build`] with more arguments (`--features`).
fn cargo_wasm_build_with(package: &str, kind: &str, more: &[&str]) -> Result<()> {
    run(
        &format!("cargo build -p {package} {} (wasm)", more.join(" ")),
        cargo()
            .args([
                "build",
                "-p",
                package,
                kind,
                "--target",
                WASM_TRIPLE,
                "--profile",
                profile_for(package),
            ])
            .args(more)
            .env("CARGO_TARGET_DIR", root().join(WASM_TARGET_DIR)),
    )
}

/// The page's first module (`web`'s `first` feature: the calculator without the panels, records
/// or the scenario reader, which a new visitor's page starts on; BENCHMARKS.md, issue 26 round 5):
/// built as `socval-web.wasm` like the full one, so kept under this name before the full build.
fn first_module_build() -> Result<PathBuf> {
    cargo_wasm_build_with("socval-web", "--bin=socval-web", &["--features", "first"])?;
    let (built, kept) = (wasm_out("socval-web"), wasm_out("socval-web-first"));
    fs::copy(&built, &kept).map_err(|e| format!("copying {} to {}: {e}", built.display(), kept.display()))?;
    Ok(kept)
}

/// The tables' evidence text beside the page, which the live page fetches (`web/src/app.rs`'s
/// `on_load` names it too).
const TABLES_TEXT: &str = "tables-text.json";

/// wasm-opt's size passes, then its functions sorted by name: a generic's copies and a crate's
/// functions come together, within gzip's 32 KB window, so the same code is smaller compressed
/// (the page's wasm 357.6 -> 350.7 KB gzip, same bytes raw give or take 6; BENCHMARKS.md, issue 11).
/// The names are wasm-bindgen's (the name section), which wasm-opt drops from its output.
pub const WASM_OPT_FLAGS: &[&str] = &["-Oz", "--reorder-functions-by-name"];

pub fn wasm_opt(file: &Path) -> Result<()> {
    let bin = e2e_dir().join("node_modules/.bin/wasm-opt");
    let tmp = file.with_extension("opt.wasm");
    run(
        &format!("wasm-opt {}", WASM_OPT_FLAGS.join(" ")),
        Command::new(bin).args(WASM_OPT_FLAGS).arg(file).arg("-o").arg(&tmp),
    )?;
    fs::rename(&tmp, file).map_err(|e| format!("moving {}: {e}", tmp.display()))
}

/// Every JavaScript file under `dir` (wasm-bindgen's loaders and snippets, the page's own
/// modules) minified in place by terser, as ES modules (their exports keep their names): the
/// first load is about 2 KB gzip smaller (BENCHMARKS.md, issue 11).
/// Drops the comments of a stylesheet (they document web/style.css; in the first load they cost
/// about 0.5 KB gzip). A comment never holds `*/`, and the page's CSS has none inside a string.
fn strip_css_comments(file: &Path) -> Result<()> {
    let css = fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    let mut out = String::with_capacity(css.len());
    let mut rest = css.as_str();
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    fs::write(file, out).map_err(|e| format!("writing {}: {e}", file.display()))
}

/// A file whose bytes terser has seen before (same terser) is given its kept output, from
/// `target/page/terser/` (issue 25: a build with nothing changed runs no terser).
pub fn minify_js(dir: &Path) -> Result<()> {
    let files = files_under(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "js"));
    let bin = e2e_dir().join("node_modules/.bin/terser");
    let terser = npm_version("terser");
    for file in files {
        let text = fs::read(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
        let rel = file.strip_prefix(dir).unwrap_or(&file).display().to_string();
        let key = format!("terser {terser} --module --compress --mangle\n{}\n", fingerprint(&text));
        let kept = cached(
            &format!("terser/{}", fingerprint(&text)),
            &format!("terser {rel}"),
            &key,
            &["min.js"],
            |out| {
                let min = out.join("min.js");
                fs::copy(&file, &min).map_err(|e| format!("copying {rel}: {e}"))?;
                run(
                    &format!("terser {rel}"),
                    Command::new(&bin)
                        .arg(&min)
                        .args(["--module", "--compress", "--mangle", "--output"])
                        .arg(&min),
                )
            },
        )?;
        fs::copy(kept.join("min.js"), &file).map_err(|e| format!("copying {rel}: {e}"))?;
    }
    Ok(())
}

/// The document with `boot.js` (minified) written into its head, and the script's hash allowed by
/// its Content-Security-Policy (`script-src 'sha256-…'`, no `'unsafe-inline'`): the module the page
/// starts is preloaded as the head is parsed, not one round trip later once `boot.js` has come
/// (on slow 4G about 0.2 s sooner, so the first module need not be preloaded by a `<link>`, which
/// a shared link's visitor would fetch in vain; issue 26 round 5). The hash is Node's sha256.
fn inline_boot(index: &str, dist: &Path) -> Result<String> {
    let file = dist.join("boot.js");
    let js = fs::read_to_string(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    let js = js.trim_end();
    let tag = "<script src=\"boot.js\"></script>";
    if js.contains("</script") || !index.contains(tag) || !index.contains("script-src 'self'") {
        return Err("index.html: boot.js cannot be written into the document".into());
    }
    let hash = run_capture(
        "sha256 of boot.js (node)",
        Command::new("node").args([
            "-e",
            "process.stdout.write(require('crypto').createHash('sha256').update(process.argv[1]).digest('base64'))",
            js,
        ]),
    )?;
    Ok(index.replacen(tag, &format!("<script>{js}</script>"), 1).replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'sha256-{}'", hash.trim()),
        1,
    ))
}

/// Build the page into `dist/`: the Yew crate `socval-web` for wasm (size profile), twice (the
/// first module a new visitor's page starts on, and the full one that takes over once loaded),
/// wasm-bindgen's web loader, wasm-opt, and the static files of `web/`; and the second module
/// the page fetches only when the uncertainty analysis is asked for (`web/analysis`, run in a
/// Web Worker by `analysis-worker.js`), and the third, fetched only when the workbook is asked
/// for (`web/workbook`, loaded by `workbook.js`).
pub fn build_page() -> Result<()> {
    step("building the page into dist/");
    let first = first_module_build()?;
    cargo_wasm_build("socval-web", "--bin=socval-web")?;
    cargo_wasm_build("socval-web-analysis", "--lib")?;
    cargo_wasm_build("socval-web-workbook", "--lib")?;
    let dist = dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("clearing dist/: {e}"))?;
    }
    fs::create_dir_all(&dist).map_err(|e| format!("creating dist/: {e}"))?;
    // The page's first and full modules and its two on-demand modules: (cargo artifact, output
    // name). wasm-bindgen and wasm-opt (minutes on 2 cores) run only for a module whose wasm
    // changed (issue 25). The first and full modules share their snippets (the same crate's).
    let tools = format!(
        "{} wasm-opt {} {}",
        output_of("wasm-bindgen", &["--version"]).unwrap_or_default(),
        npm_version("binaryen"),
        WASM_OPT_FLAGS.join(" ")
    );
    for (input, out_name) in [
        (first, "socval_first"),
        (wasm_out("socval-web"), "socval_web"),
        (wasm_out("socval_web_analysis"), "socval_analysis"),
        (wasm_out("socval_web_workbook"), "socval_workbook"),
    ] {
        let bytes = fs::read(&input).map_err(|e| format!("reading {}: {e}", input.display()))?;
        let key = format!(
            "{tools}\nwasm-bindgen --target web --no-typescript --out-name {out_name}\n{}\n",
            fingerprint(&bytes)
        );
        let label = format!("wasm-bindgen + wasm-opt ({out_name})");
        let (js, wasm) = (format!("{out_name}.js"), format!("{out_name}_bg.wasm"));
        let out = cached(out_name, &label, &key, &[&js, &wasm], |dir| {
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
                    .arg(dir)
                    .arg(&input),
            )?;
            wasm_opt(&dir.join(&wasm))
        })?;
        copy_tree(&out, &dist, "", &mut Vec::new())?;
    }
    for file in PAGE_FILES {
        let from = root().join("web").join(file);
        fs::copy(&from, dist.join(file)).map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    minify_js(&dist)?;
    strip_css_comments(&dist.join("style.css"))?;
    // The first screen, the first template valued on the embedded tables, rendered by the page's
    // own components natively: the first figures come with the document (BENCHMARKS.md, issue 11).
    let index = run_capture(
        "cargo run -p socval-web (the first screen rendered into index.html)",
        cargo().args(["run", "-q", "-p", "socval-web"]).current_dir(root()),
    )?;
    let index = inline_boot(&index, &dist)?;
    fs::write(dist.join("index.html"), index).map_err(|e| format!("writing dist/index.html: {e}"))?;
    // The tables' evidence text, which the live module is built without and fetches once it
    // answers edits (`socval::tables::embedded_text`, the core's `table-text` feature).
    let text = run_capture(
        "cargo run -p socval-web -- tables-text (the tables' evidence text)",
        cargo()
            .args(["run", "-q", "-p", "socval-web", "--", "tables-text"])
            .current_dir(root()),
    )?;
    fs::write(dist.join(TABLES_TEXT), text).map_err(|e| format!("writing dist/{TABLES_TEXT}: {e}"))?;
    let size = |f: &str| fs::metadata(dist.join(f)).map(|m| m.len()).unwrap_or(0);
    println!(
        "--> dist/ ready: socval_first_bg.wasm {} bytes, socval_web_bg.wasm {} bytes (on demand: socval_analysis_bg.wasm {} bytes, socval_workbook_bg.wasm {} bytes)",
        size("socval_first_bg.wasm"),
        size("socval_web_bg.wasm"),
        size("socval_analysis_bg.wasm"),
        size("socval_workbook_bg.wasm")
    );
    Ok(())
}

pub fn build_cmd() -> Result<()> {
    setup()?;
    build_page()
}
