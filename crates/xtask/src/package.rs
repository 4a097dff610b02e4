//! `cargo xtask package`: the publishable crates packed as for crates.io and used as a user would.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::*;

/// Where the packed crates are built and tested (`xtask package`); removed after use.
pub const PACKED_TARGET_DIR: &str = "target/packed";

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
pub fn package_cmd() -> Result<()> {
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

pub fn use_packed_crates(scratch: &Path, version: &str) -> Result<()> {
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
    println!("{} {}", socval::money::format_gbp(back.display.fiscal_savings), socval::money::format_gbp(back.display.social_value));
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
