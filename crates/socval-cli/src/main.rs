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
mod encoding;
mod input;
mod report;
mod uncertainty;

use clap::Parser;
use std::process::ExitCode;

use args::{Cli, Command};
use commands::Ctx;
use input::{Failure, Output, RecordsOpts, registry};

/// Runs the command: what the output gets (with its exit code), or the failure with its exit code.
fn run(mut cli: Cli) -> Result<Output, Failure> {
    stdin_when_piped(&mut cli.command)?;
    refuse_unused_records_options(&cli)?;
    let cx = Ctx {
        reg: registry(&cli.tables, cli.input_format)?,
        input: cli.input_format,
        strict: cli.strict,
        opts: RecordsOpts::of(cli.delimiter, &cli.columns)?,
        evidence: cli.evidence,
        terminal: cli.output.as_deref().is_none_or(|o| o == "-")
            && std::io::IsTerminal::is_terminal(&std::io::stdout()),
    };
    // Every scenario argument is given by now (`-` where it was left out).
    let sc = |s: Option<String>| s.unwrap_or_else(|| "-".into());
    let text = match cli.command {
        Command::Evaluate {
            scenario,
            records,
            use_tables,
            format,
            bom,
        } => {
            return commands::evaluate(&cx, &sc(scenario), records.as_deref(), &use_tables, format, bom)
                .map(Output::from);
        }
        Command::Validate {
            scenario,
            records,
            format,
        } => return commands::validate(&cx, &sc(scenario), records.as_deref(), format),
        Command::Tables { format } => return commands::tables(&cx, format).map(Output::from),
        Command::Show { table, format } => return commands::show(&cx, &table, format).map(Output::from),
        Command::Diff {
            scenario,
            to,
            from,
            format,
        } => return commands::diff(&cx, &sc(scenario), &to, from.as_deref(), format).map(Output::from),
        Command::Compare { a, b, format } => return commands::compare_scenarios(&cx, &a, &b, format).map(Output::from),
        Command::Schema { which } => commands::schema(which),
        Command::Uncertainty {
            scenario,
            records,
            draws,
            seed,
            format,
        } => {
            return commands::analyse(&cx, &sc(scenario), records.as_deref(), draws, seed, format).map(Output::from);
        }
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
            &sc(scenario),
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
        } => commands::funder_report(&cx, &sc(scenario), records.as_deref(), date, no_uncertainty)?,
        Command::Templates { format } => return commands::templates(&cx, format).map(Output::from),
        Command::Init { template, file } => commands::init(&template, init_file(file, cli.output)?.as_deref())?,
        Command::RecordsTemplate { scenario } => commands::records_template(&cx, &sc(scenario))?,
        Command::Completions { shell } => commands::completions(shell),
        Command::Man { dir } => commands::man(dir.as_deref(), cli.output.is_some())?,
    };
    Ok(Output::from(text))
}

/// `init`'s file: its own argument or `-o FILE` (one of them).
fn init_file(file: Option<String>, output: Option<String>) -> Result<Option<String>, Failure> {
    match (file, output) {
        (Some(_), Some(_)) => Err(Failure(
            "error: init: give the file once, as its argument or as -o FILE".into(),
            2,
        )),
        (file, output) => Ok(file.or(output)),
    }
}

/// A command given no scenario reads standard input when it is a pipe (`cat s.toml | socval
/// evaluate`), as `-` does; at a terminal it is a usage error, rather than a wait for typing.
fn stdin_when_piped(command: &mut Command) -> Result<(), Failure> {
    let (Command::Evaluate { scenario, .. }
    | Command::Validate { scenario, .. }
    | Command::Diff { scenario, .. }
    | Command::Uncertainty { scenario, .. }
    | Command::Claim { scenario, .. }
    | Command::Report { scenario, .. }
    | Command::RecordsTemplate { scenario }) = command
    else {
        return Ok(());
    };
    if scenario.is_none() {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            return Err(Failure(
                "error: give a scenario: a file, `@<template>` (see `socval templates`), or `-`; or pipe one in (`cat my.toml | socval evaluate`)".into(),
                2,
            ));
        }
        *scenario = Some("-".into());
    }
    Ok(())
}

/// `--delimiter` and `--column` say how to read a records file: on a command that reads none they
/// would be ignored without a word, so they are refused (exit code 2); and standard input can be
/// read once, so `-` for two inputs is refused.
fn refuse_unused_records_options(cli: &Cli) -> Result<(), Failure> {
    let reads_records = match &cli.command {
        Command::Evaluate { records, .. }
        | Command::Validate { records, .. }
        | Command::Uncertainty { records, .. }
        | Command::Claim { records, .. }
        | Command::Report { records, .. } => records.is_some(),
        Command::RecordsTemplate { .. } => true,
        _ => false,
    };
    // Standard input can be read once: two inputs given as `-` would read it twice.
    let stdin_inputs = cli.tables.iter().filter(|t| *t == "-").count()
        + match &cli.command {
            Command::Evaluate { scenario, records, .. }
            | Command::Validate { scenario, records, .. }
            | Command::Uncertainty { scenario, records, .. }
            | Command::Claim { scenario, records, .. }
            | Command::Report { scenario, records, .. } => {
                usize::from(scenario.as_deref() == Some("-")) + usize::from(records.as_deref() == Some("-"))
            }
            Command::Compare { a, b, .. } => usize::from(a == "-") + usize::from(b == "-"),
            Command::Diff { scenario, .. } | Command::RecordsTemplate { scenario } => {
                usize::from(scenario.as_deref() == Some("-"))
            }
            _ => 0,
        };
    if stdin_inputs > 1 {
        return Err(Failure(
            "error: `-` (standard input) is given for more than one input, and standard input can be read only once: give files for all but one".into(),
            2,
        ));
    }
    if !reads_records && (cli.delimiter.is_some() || !cli.columns.is_empty()) {
        let which = if cli.delimiter.is_some() {
            "--delimiter"
        } else {
            "--column"
        };
        return Err(Failure(
            format!(
                "error: {which} says how to read a records file, and this command reads none: give --records FILE, or leave {which} out"
            ),
            2,
        ));
    }
    Ok(())
}

/// Exit codes: 0 success; 1 bad input (the message names the file, line or row, and field);
/// 2 bad arguments (clap's); 3 the output (standard output, or `-o FILE`) could not be written (closed or full; a broken
/// pipe, as in `socval … | head`, exits quietly with 0 after what was read); 4 standard error could
/// not be written; 5 `--strict` and the scenario has warnings. `EXIT_CODES` shows them in `--help`.
fn main() -> ExitCode {
    use std::io::{ErrorKind, Write};
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(e),
    };
    // `-o FILE`: the output goes there (`init` and `man --dir` write their own files).
    let to = match &cli.command {
        Command::Init { .. } | Command::Man { dir: Some(_) } => None,
        _ => cli.output.clone().filter(|o| o != "-"),
    };
    match run(cli) {
        Ok(Output { bytes, code }) => {
            let written = match &to {
                Some(path) => {
                    std::fs::write(path, &bytes).map_err(|e| std::io::Error::new(e.kind(), format!("{path}: {e}")))
                }
                None => write_stdout(&bytes),
            };
            let done = ExitCode::from(code);
            match written {
                Ok(()) => done,
                // The reader has what it wanted (`| head`): not an error.
                Err(e) if e.kind() == ErrorKind::BrokenPipe => done,
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

/// `--help`, `--version` or a usage error, as clap found it. Help and version text is the output,
/// and failing to write it is failing (clap's own printing ignores a full or closed standard
/// output); a usage error is clap's message on standard error, exit code 2.
fn usage(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as Clap;
    use std::io::{ErrorKind, Write};
    if matches!(e.kind(), Clap::DisplayHelp | Clap::DisplayVersion) {
        let text = e.render().to_string();
        return match write_stdout(text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: writing the output: {e}");
                ExitCode::from(3)
            }
        };
    }
    let code = u8::try_from(e.exit_code()).unwrap_or(2);
    let mut stderr = std::io::stderr().lock();
    if write!(stderr, "{}", e.render()).and_then(|_| stderr.flush()).is_err() {
        return ExitCode::from(4);
    }
    ExitCode::from(code)
}

/// Whether standard output was closed when the process started (`socval … >&-`). The standard
/// library's start-up puts /dev/null in place of a closed standard output, where every write
/// succeeds, so it is recorded before that, by a function the loader runs before start-up
/// (Linux: `.init_array`), from /proc/self/fd.
#[cfg(target_os = "linux")]
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static RECORD_STDOUT: extern "C" fn() = {
    extern "C" fn record() {
        // Only where /proc is there to ask: a missing /proc says nothing about the descriptor.
        let closed =
            std::fs::symlink_metadata("/proc/self/fd").is_ok() && std::fs::symlink_metadata("/proc/self/fd/1").is_err();
        STDOUT_CLOSED.store(closed, std::sync::atomic::Ordering::Relaxed);
    }
    record
};

/// Writes `bytes` to standard output. A closed standard output (`>&-`) or a full one
/// (`> /dev/full`) is an error, so that nothing written never passes for success.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if bytes.is_empty() {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(std::io::Error::other("standard output is closed"));
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let stdout = std::io::stdout();
        let fd = stdout.as_fd().try_clone_to_owned()?;
        let mut f = std::fs::File::from(fd);
        f.write_all(bytes)?;
        f.flush()
    }
    #[cfg(not(unix))]
    {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        stdout.flush()
    }
}
