//! `socval`: value a programme's scenario from the command line.
//!
//! A thin face over the `socval` crate: it reads files, calls the core and prints. Every error
//! names the file, line or row and field, and exits non-zero with nothing on standard output.

mod report;
mod uncertainty;

use clap::{Parser, Subcommand, ValueEnum};
use socval::{Records, Registry, Scenario, compare, evaluate_named, with_table};
use std::process::ExitCode;

/// The exit codes, shown at the end of `--help` (and in the README).
const EXIT_CODES: &str = "\
Files: a scenario or table file is TOML or JSON, recognised by its extension (.toml, .json), else by
its content, or as --input-format says; `-` reads standard input.

Exit codes:
  0  success
  1  bad input: the message names the file, the line or item, and the field
  2  bad arguments
  3  standard output could not be written (a closed pipe, as in `socval ... | head`, is not an error)
  4  standard error could not be written
  5  --strict, and the scenario has warnings (printed on standard error)";

#[derive(Parser)]
#[command(
    name = "socval",
    version,
    about = "Social value and avoided public costs of family-support programmes, with the working",
    after_help = EXIT_CODES
)]
struct Cli {
    /// Extra table files (TOML or JSON) to load beside the embedded ones, e.g. a licensed value list.
    #[arg(long = "tables", global = true, value_name = "FILE")]
    tables: Vec<String>,
    /// Read scenario and table files as this format, whatever their name or content.
    #[arg(long = "input-format", global = true, value_enum, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Fail (exit code 5, nothing on standard output) when the scenario has warnings.
    #[arg(long, global = true)]
    strict: bool,
    /// Delimiter of the records CSV: `,`, `;`, `|` or `\t` (default: the scenario's `[records]`,
    /// else found from the header line).
    #[arg(long, global = true, value_name = "CHAR")]
    delimiter: Option<String>,
    /// Read a records header as one of socval's columns, e.g. `--column "Case ref=family_id"`;
    /// may repeat (adds to the scenario's `[records] columns`).
    #[arg(long = "column", global = true, value_name = "HEADER=NAME")]
    columns: Vec<String>,
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
    /// An xlsx workbook (summary, lines, by year, by agency, sources), to redirect to a file.
    Xlsx,
}

/// The format of an input file.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InputFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
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
        /// Start CSV output with a byte-order mark, so that Excel reads it as UTF-8 (`£`, not `Â£`).
        #[arg(long)]
        bom: bool,
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
    /// Print the JSON Schema of the scenario or table format, or of a valuation (the output).
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
    /// List the shipped scenarios: `@id`, the file and the scenario's name, one per line.
    Templates,
    /// Write a starter scenario: a shipped template's TOML, with its comments, to edit.
    Init {
        /// The shipped scenario to start from (see `socval templates`).
        #[arg(long, value_name = "NAME")]
        template: String,
        /// Where to write it (refused if the file exists); standard output if absent or `-`.
        output: Option<String>,
    },
    /// Write the per-family records CSV a scenario needs: the header and one example row.
    RecordsTemplate {
        /// Scenario file or `@<template>`.
        scenario: String,
    },
    /// Print a shell completion script (e.g. `socval completions bash > /etc/bash_completion.d/socval`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `socval man | man -l -`).
    Man,
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
    /// A valuation, as `evaluate --format json` writes it.
    Valuation,
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
/// The records options given on the command line (`--delimiter`, `--column`).
#[derive(Default)]
struct RecordsOpts {
    delimiter: Option<String>,
    columns: Vec<(String, String)>,
}

impl RecordsOpts {
    fn of(delimiter: Option<String>, columns: &[String]) -> Result<Self, Failure> {
        if let Some(d) = &delimiter {
            socval::RecordsFormat {
                delimiter: Some(d.clone()),
                ..Default::default()
            }
            .delimiter_byte()
            .map_err(|m| Failure(format!("error: --delimiter: {m}"), 2))?;
        }
        let columns = columns
            .iter()
            .map(|c| {
                c.rsplit_once('=')
                    .map(|(h, n)| (h.trim().to_string(), n.trim().to_string()))
                    .filter(|(h, n)| !h.is_empty() && !n.is_empty())
                    .ok_or_else(|| {
                        Failure(
                            format!("error: --column {c:?}: write HEADER=NAME, e.g. --column \"Case ref=family_id\""),
                            2,
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(RecordsOpts { delimiter, columns })
    }

    /// The scenario with these options added to its `[records]` (checked again, so that a column
    /// mapped to nothing is named).
    fn apply(&self, file: &str, s: &Scenario) -> Result<Option<Scenario>, Failure> {
        if self.delimiter.is_none() && self.columns.is_empty() {
            return Ok(None);
        }
        let mut s = s.clone();
        let f = s.records.get_or_insert_with(Default::default);
        if self.delimiter.is_some() {
            f.delimiter = self.delimiter.clone();
        }
        for (h, n) in &self.columns {
            f.columns.insert(h.clone(), n.clone());
        }
        s.check(file)?;
        Ok(Some(s))
    }
}

fn read_records(
    path: &str,
    scenario_file: &str,
    s: &Scenario,
    reg: &Registry,
    opts: &RecordsOpts,
) -> Result<Records, Failure> {
    let with = opts.apply(scenario_file, s)?;
    let s = with.as_ref().unwrap_or(s);
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
    let file = open_waiting(path).map_err(cannot)?;
    if file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        let reader = std::io::BufReader::with_capacity(256 * 1024, file);
        return Ok(Records::stream_named(scenario_file, path, reader, s, reg)?);
    }
    // A pipe (`<(zcat f.gz)`, a named pipe) cannot seek back: it is streamed all the same, each
    // byte kept in a temporary file as it passes, for the reader's second look at repeated ids.
    let spool = Spool::new(file).map_err(cannot)?;
    let reader = std::io::BufReader::with_capacity(256 * 1024, spool);
    Ok(Records::stream_named(scenario_file, path, reader, s, reg)?)
}

/// Opens a file for reading; a named pipe with no writer yet blocks in `open`, so after half a
/// second the wait is said on standard error (nothing is said when the writer is there).
fn open_waiting(path: &str) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            let (done, wait) = std::sync::mpsc::channel::<()>();
            let shown = path.to_string();
            let notice = std::thread::spawn(move || {
                if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    wait.recv_timeout(std::time::Duration::from_millis(500))
                {
                    use std::io::Write;
                    let _ = writeln!(
                        std::io::stderr(),
                        "socval: waiting for a writer on the named pipe {shown} (start the program that writes to it, or press Ctrl-C)"
                    );
                }
            });
            let file = std::fs::File::open(path);
            let _ = done.send(());
            let _ = notice.join();
            return file;
        }
    }
    std::fs::File::open(path)
}

/// A pipe read once from its start, with each byte written to a temporary file as it passes (the
/// file is removed at once and lives only while it is open), so that the records reader can seek
/// back within what it has read. Memory: none beyond the buffers.
struct Spool {
    pipe: std::fs::File,
    kept: std::fs::File,
    /// Offset of the next byte read.
    pos: u64,
    /// Bytes kept so far.
    len: u64,
}

impl Spool {
    fn new(pipe: std::fs::File) -> std::io::Result<Self> {
        let path = std::env::temp_dir().join(format!(
            "socval-records-{}-{}.csv",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let kept = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unix keeps an open file after its name is gone: nothing is left behind.
        let _ = std::fs::remove_file(&path);
        Ok(Spool {
            pipe,
            kept,
            pos: 0,
            len: 0,
        })
    }
}

impl std::io::Read for Spool {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::{Seek, SeekFrom, Write};
        if self.pos < self.len {
            self.kept.seek(SeekFrom::Start(self.pos))?;
            let want = buf.len().min((self.len - self.pos) as usize);
            let n = self.kept.read(&mut buf[..want])?;
            self.pos += n as u64;
            return Ok(n);
        }
        let n = self.pipe.read(buf)?;
        if n > 0 {
            self.kept.seek(SeekFrom::Start(self.len))?;
            self.kept.write_all(&buf[..n])?;
            self.len += n as u64;
            self.pos = self.len;
        }
        Ok(n)
    }
}

impl std::io::Seek for Spool {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let to = match pos {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            std::io::SeekFrom::End(_) => None,
        };
        match to {
            Some(p) if p <= self.len => {
                self.pos = p;
                Ok(p)
            }
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "a pipe can be read back only within what was read",
            )),
        }
    }
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
fn is_json(path: &str, text: &str, input: Option<InputFormat>) -> bool {
    if let Some(f) = input {
        return f == InputFormat::Json;
    }
    path.ends_with(".json")
        || (!path.ends_with(".toml") && text.trim_start_matches('\u{feff}').trim_start().starts_with('{'))
}

/// The shipped scenario `id`, or a usage error (exit code 2): `refused`, then the shipped ids.
fn shipped(id: &str, refused: String) -> Result<socval::Template, Failure> {
    socval::template(id).ok_or_else(|| {
        let ids: Vec<&str> = socval::templates().iter().map(|t| t.id).collect();
        Failure(format!("error: {refused}; shipped: {}", ids.join(", ")), 2)
    })
}

fn load_scenario(arg: &str, input: Option<InputFormat>) -> Result<(String, Scenario), Failure> {
    if let Some(id) = arg.strip_prefix('@') {
        let t = shipped(id, format!("no shipped scenario {id:?}"))?;
        return Ok((format!("scenarios/{}", t.file), t.scenario()?));
    }
    let text = read(arg)?;
    let name = if arg == "-" { "<stdin>" } else { arg };
    let s = if is_json(arg, &text, input) {
        Scenario::from_json_str(name, &text)?
    } else {
        Scenario::from_toml_str(name, &text)?
    };
    Ok((name.to_string(), s))
}

fn registry(files: &[String], input: Option<InputFormat>) -> Result<Registry, Failure> {
    let mut reg = Registry::embedded().clone();
    for f in files {
        let text = read(f)?;
        if is_json(f, &text, input) {
            reg.add_json(f, &text)?;
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

/// Under `--strict`, a scenario with warnings is a failure (exit code 5); otherwise nothing.
fn strict_check(strict: bool, file: &str, warnings: &[String]) -> Result<(), Failure> {
    if !strict || warnings.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = warnings.iter().map(|w| format!("warning: {file}: {w}")).collect();
    Err(Failure(
        format!(
            "{}\nerror: {file}: {} warning(s), and --strict makes a warning an error",
            list.join("\n"),
            warnings.len()
        ),
        5,
    ))
}

/// Warnings on standard error (diagnostics), so that standard output stays the data.
fn warn(file: &str, warnings: &[String]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {file}: {w}");
    }
}

/// Writes `text` to a new file, refusing to replace one that exists.
fn write_new(path: &str, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure(
                    format!(
                        "error: {path} exists: socval init does not overwrite a file; choose another name or remove it"
                    ),
                    1,
                )
            } else {
                Failure(format!("error: cannot write {path}: {e}"), 1)
            }
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| Failure(format!("error: cannot write {path}: {e}"), 1))
}

fn run(cli: Cli) -> Result<Vec<u8>, Failure> {
    let input = cli.input_format;
    let strict = cli.strict;
    // --delimiter and --column say how to read a records file: without one they would be
    // ignored without a word.
    let reads_records = match &cli.command {
        Command::Evaluate { records, .. }
        | Command::Validate { records, .. }
        | Command::Uncertainty { records, .. }
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
            | Command::Report { scenario, records, .. } => {
                usize::from(scenario == "-") + usize::from(records.as_deref() == Some("-"))
            }
            Command::Compare { a, b, .. } => usize::from(a == "-") + usize::from(b == "-"),
            Command::Diff { scenario, .. } | Command::RecordsTemplate { scenario } => usize::from(scenario == "-"),
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
    let opts = RecordsOpts::of(cli.delimiter, &cli.columns)?;
    let reg = registry(&cli.tables, input)?;
    let load_scenario = |arg: &str| load_scenario(arg, input);
    Ok(match cli.command {
        Command::Evaluate {
            scenario,
            records,
            use_tables,
            format,
            bom,
        } => {
            if bom && format != Format::Csv {
                return Err(Failure("error: --bom applies to --format csv only".into(), 2));
            }
            let (file, mut s) = load_scenario(&scenario)?;
            for r in &use_tables {
                s = swap(&file, &s, r)?;
            }
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg, &opts)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            strict_check(strict, &file, &v.warnings)?;
            if matches!(format, Format::Csv | Format::Xlsx) {
                // The CSV has no place for them (the workbook lists them, but in a file).
                warn(&file, &v.warnings);
            }
            if format == Format::Xlsx {
                use std::io::IsTerminal;
                if std::io::stdout().is_terminal() {
                    return Err(Failure(
                        "error: --format xlsx writes a binary file: redirect standard output to a file (> result.xlsx)"
                            .into(),
                        2,
                    ));
                }
                return socval_xlsx::workbook(&v, &socval::scenario_sha256(&s))
                    .map_err(|e| Failure(format!("error: {e}"), 1));
            }
            match format {
                Format::Text => report::text(&v, &s, &reg),
                Format::Json => v.to_json() + "\n",
                Format::Xlsx => String::new(),
                Format::Csv => {
                    let csv = socval_xlsx::lines_csv(&v, &socval::scenario_sha256(&s))
                        .map_err(|e| Failure(format!("error: {e}"), 1))?;
                    if bom { format!("\u{feff}{csv}") } else { csv }
                }
            }
        }
        Command::Validate { scenario, records } => {
            let (file, s) = load_scenario(&scenario)?;
            let recs = match &records {
                Some(p) => Some(read_records(p, &file, &s, &reg, &opts)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            socval::uncertainty::validate_named(&file, &s, recs.as_ref(), &reg)?;
            strict_check(strict, &file, &v.warnings)?;
            // Warnings are diagnostics: standard error, so standard output stays the verdict.
            warn(&file, &v.warnings);
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
            strict_check(strict, &file, &a.warnings)?;
            strict_check(strict, &file, &b.warnings)?;
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
            strict_check(strict, &fa, &va.warnings)?;
            strict_check(strict, &fb, &vb.warnings)?;
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
                SchemaKind::Valuation => socval::schema::valuation(),
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
                Some(p) => Some(read_records(p, &file, &s, &reg, &opts)?),
                None => None,
            };
            // Check the scenario itself first, so errors name its file.
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            strict_check(strict, &file, &v.warnings)?;
            let a = socval::uncertainty::analyse_named(&file, &s, recs.as_ref(), &reg)?;
            warn(&file, &v.warnings);
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
                Some(p) => Some(read_records(p, &file, &s, &reg, &opts)?),
                None => None,
            };
            let v = evaluate_named(&file, &s, recs.as_ref(), &reg)?;
            strict_check(strict, &file, &v.warnings)?;
            // Warnings are diagnostics: standard error (the report shows them too).
            warn(&file, &v.warnings);
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
            .map(|t| format!("@{}\tscenarios/{}\t{}\n", t.id, t.file, t.name))
            .collect(),
        Command::Init { template, output } => {
            let t = shipped(
                &template,
                format!("--template {template:?}: no shipped scenario of that name"),
            )?;
            match output.as_deref() {
                None | Some("-") => t.text().to_string(),
                Some(path) => {
                    write_new(path, t.text())?;
                    use std::io::Write;
                    let _ = writeln!(std::io::stderr(), "wrote {path} from the template {}", t.id);
                    String::new()
                }
            }
        }
        Command::RecordsTemplate { scenario } => {
            let (file, s) = load_scenario(&scenario)?;
            // --delimiter and --column shape the template as they shape the records read.
            let with = opts.apply(&file, &s)?;
            socval::records_template(with.as_ref().unwrap_or(&s), &reg)
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "socval", &mut out);
            String::from_utf8_lossy(&out).into_owned()
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure(format!("error: writing the manual page: {e}"), 3))?;
            String::from_utf8_lossy(&out).into_owned()
        }
    }
    .into_bytes())
}

/// Exit codes: 0 success; 1 bad input (the message names the file, line or row, and field);
/// 2 bad arguments (clap's); 3 standard output could not be written (closed or full; a broken
/// pipe, as in `socval … | head`, exits quietly with 0 after what was read); 4 standard error could
/// not be written; 5 `--strict` and the scenario has warnings. `EXIT_CODES` shows them in `--help`.
fn main() -> ExitCode {
    use std::io::{ErrorKind, Write};
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as Clap;
            if matches!(e.kind(), Clap::DisplayHelp | Clap::DisplayVersion) {
                // --help and --version: their text is the output, and failing to write it is
                // failing (clap's own printing ignores a full or closed standard output).
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
            // A usage error: clap's message on standard error, exit code 2.
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            let mut stderr = std::io::stderr().lock();
            if write!(stderr, "{}", e.render()).and_then(|_| stderr.flush()).is_err() {
                return ExitCode::from(4);
            }
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(out) => {
            match write_stdout(&out) {
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
