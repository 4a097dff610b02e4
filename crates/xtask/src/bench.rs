//! `cargo xtask bench`: the core's criterion benchmark and the page's measurements.

use std::process::Command;

use crate::page::build_page;
use crate::setup::setup;
use crate::tools::*;

pub fn bench_cmd(args: &[String]) -> Result<()> {
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
