//! `cargo xtask bench`: the core's criterion benchmark and the page's measurements; with `--api`,
//! the JS API's `evaluate` in Node beside the same function run natively, in one run; with
//! `--big`, only the two scenarios at the documented limit (`target/bench-big/`, see [`big`]).

use std::fmt::Write as _;
use std::fs;
use std::process::Command;

use crate::api::{build_wasm_api, wasm_api_node_dir};
use crate::npm::{build_npm_package, npm_dir};
use crate::page::build_page;
use crate::setup::{ensure_npm_packages, ensure_wasm_bindgen, ensure_wasm_target, setup};
use crate::tools::*;

pub fn bench_cmd(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "--big") {
        return big();
    }
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

/// The wellbeing rows of `wellbeing-open@3.0.0` the big scenarios' items take in turn.
const BIG_ROWS: [&str; 9] = [
    "employment",
    "loneliness-moderate-to-mild",
    "volunteering",
    "relief-depression-anxiety",
    "high-confidence",
    "rely-on-family",
    "secure-housing",
    "improved-parenting",
    "member-of-social-group",
];

/// `--big`: writes `target/bench-big/big-all.toml` and `big-few.toml`, two scenarios at the
/// documented limit (20,000 item-years: 200 outcomes of 100 years each, the rows of
/// [`BIG_ROWS`] in turn, 2 people each, 1,000 families, drop-off 0.1, deadweight 0.2,
/// attribution 0.25, 3.5 %, 2020 prices, one £2m cost; 10,000 draws, seed 5). `big-all`
/// ranges the defaults' deadweight (PERT), attribution (triangular) and drop-off (uniform) and
/// keeps the table ranges, so that every draw moves every item; `big-few` ranges one item each
/// (`x0`'s deadweight, `x1`'s attribution, `x2`'s drop-off) without the table ranges. Time
/// them with `socval uncertainty target/bench-big/big-all.toml --format json` (BENCHMARKS.md,
/// issue 26).
fn big() -> Result<()> {
    let dir = root().join("target/bench-big");
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let all = [
        ("defaults.deadweight", "0.1", "0.3", "pert"),
        ("defaults.attribution", "0.1", "0.5", "triangular"),
        ("defaults.drop_off", "0.05", "0.2", "uniform"),
    ];
    let few = [
        ("outcomes.x0.deadweight", "0.1", "0.3", "pert"),
        ("outcomes.x1.attribution", "0.1", "0.5", "triangular"),
        ("outcomes.x2.drop_off", "0.05", "0.2", "uniform"),
    ];
    for (name, ranges, table_ranges) in [("big-all", all, true), ("big-few", few, false)] {
        let path = dir.join(format!("{name}.toml"));
        fs::write(&path, big_scenario(name, &ranges, table_ranges)).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// One big scenario's TOML: the items of [`big`], then `ranges` (target, low, high,
/// distribution).
fn big_scenario(name: &str, ranges: &[(&str, &str, &str, &str)], table_ranges: bool) -> String {
    let mut s = format!(
        "name = \"{name}\"\nfamilies = 1000\nprice_year = 2020\ndiscount_rate = \"0.035\"\n\n\
         [tables]\nwellbeing = \"wellbeing-open@3.0.0\"\nunit_costs = \"unit-costs-open@3.0.0\"\n\
         deflators = \"gdp-deflator@1.0.0\"\ngdp_per_head = \"real-gdp-per-head@1.1.0\"\n\n\
         [defaults]\ndeadweight = \"0.2\"\nattribution = \"0.25\"\ndrop_off = \"0.1\"\nduration = 100\n\n\
         [[costs]]\nlabel = \"Delivery\"\namount = \"2000000\"\n\n\
         [uncertainty]\nseed = 5\ndraws = 10000\ntable_ranges = {table_ranges}\n"
    );
    for (target, low, high, distribution) in ranges {
        let _ = write!(
            s,
            "\n[[ranges]]\ntarget = \"{target}\"\nlow = \"{low}\"\nhigh = \"{high}\"\n\
             distribution = \"{distribution}\"\n"
        );
    }
    for i in 0..200 {
        let proxy = BIG_ROWS[i % BIG_ROWS.len()];
        let _ = write!(
            s,
            "\n[[outcomes]]\nid = \"x{i}\"\nproxy = \"{proxy}\"\npeople = \"2\"\n"
        );
    }
    s
}
