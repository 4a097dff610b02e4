//! `cargo xtask msrv`: the publishable crates' tests on the toolchain `rust-version` names.

use std::process::Command;

use crate::tools::*;

/// `cargo xtask msrv`: the publishable crates' tests on the toolchain `rust-version` names.
pub fn msrv_cmd() -> Result<()> {
    let version = workspace_setting("rust-version")?;
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
