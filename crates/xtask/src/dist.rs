//! `cargo xtask dist`: the page as a folder and a zip for any static host, and a release CLI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::page::build_page;
use crate::setup::{ensure_debian_package, setup};
use crate::tools::*;

/// Where `cargo xtask dist` writes.
pub fn release_dir() -> PathBuf {
    root().join("target/dist")
}

/// How to host the page, shipped beside it.
pub const HOSTING_NOTE: &str = "\
socval: hosting the page
========================

This folder is the whole page: static files, no server code, no database, nothing sent anywhere.
Put its contents on any static web host (your own site, GitHub Pages, Netlify, an intranet
server, a shared drive served over HTTP) in the site's root or any sub-folder: every path in it
is relative.

- Any HTTP server will do. WebAssembly needs no secure context: plain http:// works, though
  HTTPS is better for anything public (it stops the files being changed on the way).
- Serving `.wasm` files as `application/wasm` is recommended, not required: it lets the browser
  compile the module while it downloads; with another type the page still starts, a little later,
  and the browser's console says why (most hosts already send it; on Apache add
  `AddType application/wasm .wasm`, on nginx it is in the default mime.types since 1.21).
- Opening index.html straight from the disk (file://) shows the first template's figures and a
  message, not the calculator: browsers refuse the module script and WebAssembly it needs from
  files. To try it locally, run `python3 -m http.server 8000` in this folder and open
  http://localhost:8000/.
- Work is saved only in the visitor's browser (localStorage), and keyed by the page's path: two
  copies of the page on one origin (GitHub Pages project sites, https://NAME.github.io/socval/
  and https://NAME.github.io/socval2/, share one) keep separate saves. Work saved by an older
  version, for the whole origin, moves once to the first copy opened, which says so. A browser
  keeps one storage per origin, though: every page of that origin can read it, and all of them
  share its space (about 5 MB). Put the page on an origin of its own (its own domain or
  sub-domain) when other pages there are not yours to trust. Family records never leave the
  browser.
- The page sets its own Content-Security-Policy in index.html (a meta tag): it loads nothing from
  any other origin. A meta tag cannot say who may frame the page (`frame-ancestors`): where the
  host lets you set headers, send `Content-Security-Policy: frame-ancestors 'none'` (or 'self')
  too, or `X-Frame-Options: DENY`. GitHub Pages sets no such header and lets you set none.
- To update, replace every file: the page's files belong together (same build).
";

/// The page (already built into `dist/`) as `target/dist/socval-page/` and
/// `target/dist/socval-page-<version>.zip`, with `HOSTING.txt`; checks that the zip holds the page.
pub fn page_dist() -> Result<()> {
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
        "socval_first.js",
        "socval_first_bg.wasm",
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
pub fn copy_tree(from: &Path, to: &Path, prefix: &str, names: &mut Vec<String>) -> Result<()> {
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

/// `cargo xtask dist`: the page for any static host and a release build of the CLI.
pub fn dist_cmd() -> Result<()> {
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
