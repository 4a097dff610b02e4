//! The JS API's `evaluate` run natively, for comparing with the same call in Node
//! (`cargo xtask bench --api` runs both; `crates/socval-wasm/js/bench-calls.js` is the Node side).
//!
//! `cargo run --release -p socval-wasm --example api_calls -- [TEMPLATE] [CALLS]` values the
//! shipped template (default `step-together`) through `socval_wasm::evaluate_json`, the function
//! the JS `evaluate` calls, `CALLS` times (default 2,000, after 4,000 not counted, as on the Node
//! side, `js/bench-calls.js`), and prints the milliseconds a call (wall time, and CPU time of the
//! process for the counted calls, in nanoseconds where Linux gives them:
//! `crates/socval/benches/common/cpu.rs`).

use std::time::Instant;

#[path = "../../socval/benches/common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let id = args.first().map_or("step-together", String::as_str);
    let calls: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2_000);
    let Some(t) = socval::template(id) else {
        eprintln!("no template {id:?}");
        std::process::exit(2);
    };
    let json = match t.scenario() {
        Ok(s) => s.to_json(),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let call = || socval_wasm::evaluate_json(&json, None).map(|v| v.len());
    let bytes = match call() {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for _ in 0..4_000 {
        std::hint::black_box(call().ok());
    }
    let cpu = cpu_seconds();
    let start = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(call().ok());
    }
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(
        "native evaluate({id}): {:.4} ms a call (wall), {:.4} ms a call (CPU), {calls} calls, {bytes} bytes of JSON",
        wall * 1e3 / f64::from(calls),
        cpu * 1e3 / f64::from(calls)
    );
}
