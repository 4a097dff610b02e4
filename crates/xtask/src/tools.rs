//! What every command shares: the workspace's folders, running a command as a step, the
//! toolchain's settings.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The target dir of every wasm build, so that a wasm build never waits on the native
/// builds' lock of `target/`.
pub const WASM_TARGET_DIR: &str = "target/wasm";
pub const WASM_TRIPLE: &str = "wasm32-unknown-unknown";
pub const WASM_PROFILE: &str = "wasm-release";
/// The JS API's module (`socval-wasm`): wasm-release at opt-level 3 (Cargo.toml).
pub const WASM_API_PROFILE: &str = "wasm-api";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub type Result<T> = std::result::Result<T, String>;

/// The workspace root (this crate lives in `crates/xtask`). `cargo xtask` (`cargo run`) sets
/// `CARGO_MANIFEST_DIR` when it starts the binary, and that run-time value comes first: the
/// compile-time one is where the binary was built, and a `target/` copied from another checkout
/// (a worktree seeded from another's build) holds a binary cargo finds fresh that would otherwise
/// build and serve that other checkout.
pub fn root() -> PathBuf {
    let manifest = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|d| d.join("src/main.rs").exists() && d.ends_with("crates/xtask"))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .ancestors()
        .nth(2)
        .expect("crates/xtask has a grandparent")
        .to_path_buf()
}

pub fn e2e_dir() -> PathBuf {
    root().join("tests/e2e")
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

pub fn step(name: &str) {
    println!("\n==> {name}");
}

/// Run a command in the workspace root, inheriting stdout/stderr so that test runners'
/// lines appear as they come. Fails with the step's name.
pub fn run(name: &str, cmd: &mut Command) -> Result<()> {
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
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn cargo() -> Command {
    Command::new(env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The files under `dir`, in every folder below it, sorted by path.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
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
pub fn dir_bytes(dir: &Path) -> u64 {
    files_under(dir)
        .unwrap_or_default()
        .iter()
        .map(|f| fs::metadata(f).map_or(0, |m| m.len()))
        .sum()
}

/// The workspace's version (every crate shares it).
pub fn workspace_version() -> Result<String> {
    workspace_setting("version")
}

/// A `key = "value"` setting of the workspace's `Cargo.toml` (the first line that gives it).
pub fn workspace_setting(key: &str) -> Result<String> {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| format!("reading Cargo.toml: {e}"))?;
    let prefix = format!("{key} = \"");
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix(prefix.as_str())
                .map(|v| v.trim_end_matches('"').to_string())
        })
        .ok_or_else(|| format!("Cargo.toml has no workspace {key}"))
}

/// Run a command and return its standard output; fails with the step's name and its stderr.
pub fn run_capture(name: &str, cmd: &mut Command) -> Result<String> {
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
