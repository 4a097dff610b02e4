//! `socval`: value a programme's scenario from the command line.
//!
//! A thin face over the `socval` crate: it reads files, calls the core and prints. Every error
//! names the file, line or row and field, and exits non-zero with nothing on standard output.

mod report;
mod uncertainty;

use clap::{Parser, Subcommand, ValueEnum};
use socval::{Records, Registry, Scenario, compare, evaluate_named, with_table};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "socval",
    version,
    about = "Social value and avoided public costs of family-support programmes, with the working"
)]
struct Cli {
    /// Extra table files (TOML or JSON) to load beside the embedded ones, e.g. a licensed value list.
    #[arg(long = "tables", global = true, value_name = "FILE")]
    tables: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// A readable report.
    Text,
    /// One JSON object: totals, per-family figures, ratios and the lines.
    Json,
    /// The lines of the working as CSV.
    Csv,
}

/// The formats of commands that print no table of lines.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// A readable report.
    Text,
    /// JSON.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Value a scenario (TOML or JSON), optionally from per-family records (CSV).
    Evaluate {
        /// Scenario file, or `@<template>` for a shipped scenario (e.g. `@step-together`).
        scenario: String,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// Use this table version instead of the scenario's (id@version); may repeat.
        #[arg(long = "use", value_name = "ID@VERSION")]
        use_tables: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check a scenario (and records) without printing a report: valuing it, and its `[[ranges]]`
    /// and `[uncertainty]` settings as every command of the analysis uses them.
    Validate {
        /// Scenario file or `@<template>`.
        scenario: String,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
    },
    /// List the tables (embedded and loaded) with versions and hashes.
    Tables {
        /// Output format (text or json).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Show the rows of one table, with their sources.
    Show {
        /// Table as id@version.
        table: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// What changes in a scenario's result between two table versions.
    Diff {
        /// Scenario file or `@<template>`.
        scenario: String,
        /// The table version to compare against (id@version); the scenario's own version is the base.
        #[arg(long = "to", value_name = "ID@VERSION")]
        to: String,
        /// Base version instead of the scenario's (id@version).
        #[arg(long = "from", value_name = "ID@VERSION")]
        from: Option<String>,
        /// Output format (text or json).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Compare two scenarios side by side.
    Compare {
        /// First scenario.
        a: String,
        /// Second scenario.
        b: String,
        /// Output format (text or json).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Print the JSON Schema of the scenario or the table format.
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// How sure is the figure: tornado, Monte Carlo percentiles and break-even values.
    Uncertainty {
        /// Scenario file or `@<template>`.
        scenario: String,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// Number of Monte Carlo draws (overrides the scenario's; 1 to 1,000,000).
        #[arg(long)]
        draws: Option<u32>,
        /// Seed of the draws (overrides the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Output format (text or json).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Write the funder report: one or two printable pages (headline figures with their P5–P95
    /// bands, method, assumptions with sources, caveats, tables) and the working as an appendix, as
    /// one HTML document to print or save as PDF from a browser.
    Report {
        /// Scenario file or `@<template>`.
        scenario: String,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// The date printed on the report (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        /// Leave out the uncertainty analysis (no P5–P95 bands).
        #[arg(long)]
        no_uncertainty: bool,
    },
    /// List the shipped scenarios.
    Templates,
}

/// Today's date in UTC, as `26 November 2026` (days since 1970 to a civil date, after Howard
/// Hinnant's algorithm).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{day} {} {year}", MONTHS[(month - 1) as usize])
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// Scenario files.
    Scenario,
    /// Proxy table and deflator files.
    Table,
}

/// A failure: the message to print and the exit code.
struct Failure(String, u8);

impl From<socval::Error> for Failure {
    fn from(e: socval::Error) -> Self {
        Failure(format!("error: {e}"), 1)
    }
}

/// Largest scenario or table file the CLI reads (a scenario at the core's item limits is well
/// under 1 MiB).
const MAX_FILE: u64 = 16 * 1024 * 1024;
/// Largest records CSV the CLI reads from standard input (which it must hold in memory to read
/// again; a file on disk is streamed, bounded by the core's row and line limits instead:
/// `socval::MAX_RECORD_ROWS`, `socval::MAX_RECORD_LINE`).
const MAX_RECORDS_STDIN: u64 = 1024 * 1024 * 1024;

/// Reads a records CSV for a scenario as a stream (the file is never held whole in memory; `-`,
/// standard input, is read into memory first, up to `MAX_RECORDS_STDIN`).
fn read_records(path: &str, scenario_file: &str, s: &Scenario, reg: &Registry) -> Result<Records, Failure> {
    if path == "-" {
        let text = read_limited(path, MAX_RECORDS_STDIN)?;
        return Ok(Records::stream_named(
            scenario_file,
            path,
            std::io::Cursor::new(text.as_bytes()),
            s,
            reg,
        )?);
    }
    let cannot = |e: std::io::Error| Failure(format!("error: cannot read {path}: {e}"), 2);
    let file = std::fs::File::open(path).map_err(cannot)?;
    let reader = std::io::BufReader::with_capacity(256 * 1024, file);
    Ok(Records::stream_named(scenario_file, path, reader, s, reg)?)
}

fn read(path: &str) -> Result<String, Failure> {
    read_limited(path, MAX_FILE)
}

/// Reads a file of at most `limit` bytes (a device such as /dev/zero, or a file too large, is
/// refused when the limit is reached, before memory runs out).
fn read_limited(path: &str, limit: u64) -> Result<String, Failure> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Failure(format!("error: cannot read {path}: {e}"), 2);
    let mut bytes = Vec::new();
    if path == "-" {
        // `-` is standard input, as Unix tools read it.
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    }
    if bytes.len() as u64 > limit {
        return Err(Failure(
            format!(
                "error: {path}: the file is larger than {} MiB, the most socval reads for this kind of file",
                limit / (1024 * 1024)
            ),
            1,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure(
            format!(
                "error: {path}: not UTF-8 text (byte {}): save it as UTF-8",
                e.utf8_error().valid_up_to()
            ),
            1,
        )
    })
}

/// Whether a file is JSON: by its extension, else by its content (a JSON document starts with `{`;
/// a TOML one with a key or a `[table]`), so that a scenario piped on standard input works.
fn is_json(path: &str, text: &str) -> bool {
    path.ends_with(".json")
        || (!path.ends_with(".toml") && text.trim_start_matches('\u{feff}').trim_start().starts_with('{'))
}

fn load_scenario(arg: &str) -> Result<(String, Scenario), Failure> {
    if let Some(id) = arg.strip_prefix('@') {
        let t = socval::templates().into_iter().find(|t| t.id == id).ok_or_else(|| {
            let ids: Vec<&str> = socval::templates().iter().map(|t| t.id).collect();
            Failure(
                format!("error: no shipped scenario {id:?}; shipped: {}", ids.join(", ")),
                2,
            )
        })?;
        return Ok((format!("scenarios/{}", t.file), t.scenario()?));
    }
    let text = read(arg)?;
    let name = if arg == "-" { "<stdin>" } else { arg };
    let s = if is_json(arg, &text) {
        Scenario::from_json_str(name, &text)?
    } else {
        Scenario::from_toml_str(name, &text)?
    };
    Ok((name.to_string(), s))
}

fn registry(files: &[String]) -> Result<Registry, Failure> {
    let mut reg = Registry::embedded().clone();
    for f in files {
        let text = read(f)?;
        if is_json(f, &text) {
            let t = socval::ProxyTable::from_json_str(f, &text)?;
            reg.add(f, t)?;
        } else {
            reg.add_toml(f, &text)?;
        }
    }
    Ok(reg)
}

fn swap(file: &str, s: &Scenario, reference: &str) -> Result<Scenario, Failure> {
    with_table(s, reference).ok_or_else(|| {
        Failure(
            format!(
                "error: {file}: the scenario uses no table with the id of {reference:?} (it uses {}, {}, {})",
                s.tables.wellbeing, s.tables.unit_costs, s.tables.deflators
            ),
            1,
        )
    })
}

fn run(cli: Cli) -> Result<String, Failure> {
    let reg = registry(&cli.tables)?;
    Ok(match cli.command {
        Command::Evaluate {
            scenario,
            records,
            use_tables,
            format,
        } => {
            let (file, mut s) = load_scenario(&scenario)?;
            for r in &use_tables {
                s = swap(&file, &s, r)?;
            }
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            match format {
                Format::Text => report::text(&v, &s, &reg),
                Format::Json => v.to_json() + "\n",
                Format::Csv => report::csv(&v).map_err(|e| Failure(format!("error: {e}"), 1))?,
            }
        }
        Command::Validate { scenario, records } => {
            let (file, s) = load_scenario(&scenario)?;
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            socval::uncertainty::validate_named(&file, &s, recs.as_ref(), &reg)?;
            // Warnings are diagnostics: standard error, so standard output stays the verdict.
            {
                use std::io::Write;
                let mut err = std::io::stderr().lock();
                for w in &v.warnings {
                    let _ = writeln!(err, "warning: {file}: {w}");
                }
            }
            format!(
                "{file}: valid ({} lines of working, {} ranges)\n",
                v.lines.len(),
                s.ranges.len()
            )
        }
        Command::Tables { format } => {
            let list = reg.list();
            if format == ReportFormat::Json {
                serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
            } else {
                report::tables(&list)
            }
        }
        Command::Show { table, format } => {
            let t = reg.get(&table).ok_or_else(|| {
                let all: Vec<String> = reg.tables().map(|t| t.reference()).collect();
                Failure(format!("error: no table {table:?}; tables: {}", all.join(", ")), 1)
            })?;
            if format == ReportFormat::Json {
                serde_json::to_string_pretty(t).unwrap_or_default() + "\n"
            } else {
                report::show(t)
            }
        }
        Command::Diff {
            scenario,
            to,
            from,
            format,
        } => {
            let (file, mut s) = load_scenario(&scenario)?;
            if let Some(f) = &from {
                s = swap(&file, &s, f)?;
            }
            let t = swap(&file, &s, &to)?;
            let a = evaluate_named(&file, &s, None, &reg)?;
            let b = evaluate_named(&file, &t, None, &reg)?;
            let c = compare(&a, &b);
            if format == ReportFormat::Json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                report::comparison(&c)
            }
        }
        Command::Compare { a, b, format } => {
            let (fa, sa) = load_scenario(&a)?;
            let (fb, sb) = load_scenario(&b)?;
            let va = evaluate_named(&fa, &sa, None, &reg)?;
            let vb = evaluate_named(&fb, &sb, None, &reg)?;
            let c = compare(&va, &vb);
            if format == ReportFormat::Json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                report::comparison(&c)
            }
        }
        Command::Schema { which } => {
            let v = match which {
                SchemaKind::Scenario => socval::schema::scenario(),
                SchemaKind::Table => socval::schema::table(),
            };
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Command::Uncertainty {
            scenario,
            records,
            draws,
            seed,
            format,
        } => {
            if let Some(d) = draws
                && !(1..=socval::uncertainty::MAX_DRAWS).contains(&d)
            {
                return Err(Failure(
                    format!(
                        "error: --draws {d}: the number of draws must be 1 to {}",
                        socval::uncertainty::MAX_DRAWS
                    ),
                    2,
                ));
            }
            let (file, mut s) = load_scenario(&scenario)?;
            if draws.is_some() || seed.is_some() {
                let mut u = s.uncertainty.clone().unwrap_or_default();
                u.draws = draws.or(u.draws);
                u.seed = seed.or(u.seed);
                s.uncertainty = Some(u);
            }
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg)?),
                None => None,
            };
            // Check the scenario itself first, so errors name its file.
            evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            let a = socval::uncertainty::analyse_named(&file, &s, recs.as_ref(), &reg)?;
            if format == ReportFormat::Json {
                serde_json::to_string_pretty(&a).unwrap_or_default() + "\n"
            } else {
                uncertainty::text(&a, &s)
            }
        }
        Command::Report {
            scenario,
            records,
            date,
            no_uncertainty,
        } => {
            let (file, s) = load_scenario(&scenario)?;
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            let ranged = !no_uncertainty && !socval::uncertainty::assumptions(&s, &reg)?.is_empty();
            let a = if ranged {
                Some(socval::uncertainty::analyse_named(&file, &s, recs.as_ref(), &reg)?)
            } else {
                None
            };
            socval::funder_report(&s, &v, a.as_ref(), &reg, &date.unwrap_or_else(today)).to_html()
        }
        Command::Templates => socval::templates()
            .iter()
            .map(|t| format!("@{}\tscenarios/{}\n", t.id, t.file))
            .collect(),
    })
}

/// Exit codes: 0 success; 1 bad input (the message names the file, line or row, and field);
/// 2 bad arguments (clap's); 3 standard output could not be written (closed or full; a broken
/// pipe, as in `socval … | head`, exits quietly with 0 after what was read); 4 standard error could
/// not be written.
fn main() -> ExitCode {
    use std::io::{ErrorKind, Write};
    let cli = Cli::parse();
    match run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()) {
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
