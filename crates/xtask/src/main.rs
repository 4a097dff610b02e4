//! Developer commands for socval, run as `cargo xtask <command>`:
//!
//! - `serve`: install what the page needs, build it (release, wasm-opt) into `dist/`, serve
//!   `dist/` on <http://127.0.0.1:8080>.
//! - `test`: install what the tests need, then run every test: the workspace's native tests,
//!   the page build, the Node test of `socval-wasm`, the end-to-end tests in Chromium.
//! - `bench`: the core's criterion benchmark and the page's measurements (`--big`: only write the
//!   two scenarios at the documented limit, `target/bench-big/`, for the Monte Carlo's timing).
//! - `build`: only build the page into `dist/` (no serving).
//! - `dist`: the page as a folder and a zip for any static host (`target/dist/`), with a hosting
//!   note, and a release build of the CLI.
//! - `msrv`: install the toolchain of the workspace's `rust-version` (rustup) and run the
//!   publishable crates' tests with it, so that the claimed minimum is a tested one.
//! - `package`: `cargo package` socval and socval-cli, then use the packed `socval` as a user
//!   would: its own tests, its example, and a scratch project that depends on it.
//!
//! Everything a fresh Debian machine lacks is installed here, idempotently: the wasm target,
//! the wasm-bindgen CLI at the exact version in `Cargo.lock`, Debian's Chromium and a font,
//! and the npm packages of `tests/e2e` (Playwright's core, binaryen's wasm-opt and terser).
//!
//! One file a command (`serve.rs`, `test.rs`, `page.rs` for `build`, `api.rs`, `package.rs`,
//! `dist.rs`, `msrv.rs`, `bench.rs`, `setup.rs`), what they share in `tools.rs`, the page
//! build's reuse of unchanged outputs in `stamp.rs`; this file only dispatches. `tidy.rs` is a
//! test of the repository's rules (`cargo test -p xtask`).

mod api;
mod bench;
mod dist;
mod msrv;
mod npm;
mod package;
mod page;
mod serve;
mod setup;
mod stamp;
mod test;
#[cfg(test)]
mod tidy;
mod tools;

use std::env;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let outcome = match cmd {
        "serve" => serve::serve_cmd(rest),
        "test" => test::test_cmd(rest),
        "bench" => bench::bench_cmd(rest),
        "build" => page::build_cmd(),
        "api" => api::api_cmd(),
        "package" => package::package_cmd(),
        "dist" => dist::dist_cmd(),
        "msrv" => msrv::msrv_cmd(),
        "setup" => setup::setup(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\
                 \n  serve [--port N]  install, build the page into dist/, serve it on http://127.0.0.1:8080\
                 \n  test              install, then run every test (native, wasm API in Node, page in Chromium)\
                 \n  bench             the core's benchmark and the page's size and timings\
                 \n  bench --big       only write the two scenarios at the limit into target/bench-big/\
                 \n  build             build the page into dist/\
                 \n  api               build socval-wasm for Node and for the web, with TypeScript declarations\
                 \n  dist              the page as a folder and a zip for any static host, and a release CLI\
                 \n  msrv              test the publishable crates with the workspace's rust-version toolchain\
                 \n  package           package socval, socval-xlsx and socval-cli as for crates.io, test the packed socval\
                 \n  setup             only install what the other commands need"
            );
            return if cmd == "help" || cmd == "--help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask {cmd}: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}
