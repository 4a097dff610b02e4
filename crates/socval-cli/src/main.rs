//! `socval`: value a programme's scenario from the command line.
//!
//! A thin face over the `socval` crate: it reads files, calls the core and prints. Every error
//! names the file, line or row and field, and exits non-zero with nothing on standard output.
//!
//! `args.rs` is the command line's grammar, `input.rs` reads what it names, `commands.rs` has one
//! function a command; this file only dispatches and turns the outcome into an exit code.

mod args;
mod claim;
mod commands;
mod input;
mod report;
mod uncertainty;

use clap::Parser;
use std::process::ExitCode;

use args::{Cli, Command};
use commands::Ctx;
use input::{Failure, RecordsOpts, registry};

/// Runs the command: what standard output gets, or the failure with its exit code.
fn run(cli: Cli) -> Result<Vec<u8>, Failure> {
    let cx = Ctx {
        reg: registry(&cli.tables, cli.input_format)?,
        input: cli.input_format,
        strict: cli.strict,
        opts: RecordsOpts::of(cli.delimiter, &cli.columns)?,
        evidence: cli.evidence,
    };
    let text = match cli.command {
        Command::Evaluate {
            scenario,
            records,
            use_tables,
            format,
            bom,
        } => return commands::evaluate(&cx, &scenario, records.as_deref(), &use_tables, format, bom),
        Command::Validate { scenario, records } => commands::validate(&cx, &scenario, records.as_deref())?,
        Command::Tables { format } => commands::tables(&cx, format),
        Command::Show { table, format } => commands::show(&cx, &table, format)?,
        Command::Diff {
            scenario,
            to,
            from,
            format,
        } => commands::diff(&cx, &scenario, &to, from.as_deref(), format)?,
        Command::Compare { a, b, format } => commands::compare_scenarios(&cx, &a, &b, format)?,
        Command::Schema { which } => commands::schema(which),
        Command::Uncertainty {
            scenario,
            records,
            draws,
            seed,
            format,
        } => commands::analyse(&cx, &scenario, records.as_deref(), draws, seed, format)?,
        Command::Claim {
            scenario,
            social,
            fiscal,
            combined,
            per_family,
            records,
            format,
        } => commands::claim(
            &cx,
            &scenario,
            (social, fiscal, combined),
            per_family,
            records.as_deref(),
            format,
        )?,
        Command::Report {
            scenario,
            records,
            date,
            no_uncertainty,
        } => commands::funder_report(&cx, &scenario, records.as_deref(), date, no_uncertainty)?,
        Command::Templates => commands::templates(),
        Command::Init { template, output } => commands::init(&template, output.as_deref())?,
        Command::RecordsTemplate { scenario } => commands::records_template(&cx, &scenario)?,
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man()?,
    };
    Ok(text.into_bytes())
}

/// Exit codes: 0 success; 1 bad input (the message names the file, line or row, and field);
/// 2 bad arguments (clap's); 3 standard output could not be written (closed or full; a broken
/// pipe, as in `socval … | head`, exits quietly with 0 after what was read); 4 standard error could
/// not be written; 5 `--strict` and the scenario has warnings. `EXIT_CODES` shows them in `--help`.
fn main() -> ExitCode {
    use std::io::{ErrorKind, Write};
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(&out).and_then(|_| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // The reader has what it wanted (`| head`): not an error.
                Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    // Say so on standard error if it can be written; never panic.
                    let _ = writeln!(std::io::stderr(), "error: writing the output: {e}");
                    ExitCode::from(3)
                }
            }
        }
        Err(Failure(msg, code)) => {
            // eprintln! panics when standard error cannot be written: write it ourselves.
            let mut stderr = std::io::stderr().lock();
            if writeln!(stderr, "{msg}").and_then(|_| stderr.flush()).is_err() {
                return ExitCode::from(4);
            }
            ExitCode::from(code)
        }
    }
}
