//! `cargo xtask bench`: the core's criterion benchmark and the page's measurements; with `--api`,
//! the JS API's `evaluate` in Node beside the same function run natively, in one run.

use std::process::Command;

use crate::api::{build_wasm_api, wasm_api_node_dir};
use crate::npm::{build_npm_package, npm_dir};
use crate::page::build_page;
use crate::setup::{ensure_npm_packages, ensure_wasm_bindgen, ensure_wasm_target, setup};
use crate::tools::*;

pub fn bench_cmd(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "--api") {
        return api_bench(args.iter().any(|a| a == "--npm"));
    }
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

/// `--api`: the JS API's Node build (`target/wasm/socval-wasm-node`, the wasm-api profile, as
/// the Node tests use it; `--npm`: the npm package's, after wasm-opt -Oz, as published) and a
/// native release build of the same function, `socval_wasm::evaluate_json`, each valuing the
/// shipped templates: the milliseconds a call of each, wall and CPU, printed one after the other
/// (issue 26: aim, a JS call within 1.5× the native one).
fn api_bench(npm: bool) -> Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    build_wasm_api()?;
    let node_dir = if npm {
        ensure_npm_packages()?;
        build_npm_package()?;
        npm_dir().join("node")
    } else {
        wasm_api_node_dir()
    };
    run(
        "cargo build --release -p socval-wasm --example api_calls",
        cargo().args(["build", "--release", "-p", "socval-wasm", "--example", "api_calls"]),
    )?;
    for t in ["step-together", "securing-change"] {
        step(&format!("evaluate({t}): native, then Node"));
        run(
            "native",
            Command::new(root().join("target/release/examples/api_calls")).arg(t),
        )?;
        run(
            "node",
            Command::new("node")
                .arg(root().join("crates/socval-wasm/js/bench-calls.js"))
                .arg(&node_dir)
                .arg(t),
        )?;
    }
    Ok(())
}
