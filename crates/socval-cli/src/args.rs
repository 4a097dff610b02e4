//! The command line's grammar (clap): global options, the commands and their arguments, and
//! the exit codes `--help` shows.

use clap::{Parser, Subcommand, ValueEnum};

/// The exit codes, shown at the end of `--help` (and in the README).
pub(crate) const EXIT_CODES: &str = "\
Files: a scenario or table file is TOML or JSON, recognised by its extension (.toml, .json), else by
its content, or as --input-format says; `-` reads standard input, and so does a command given no
scenario when standard input is a pipe (`cat s.toml | socval evaluate`). Files are read as UTF-8:
a file in another encoding is refused, naming the encoding it looks like and how to convert it.
`-o FILE` writes the output to FILE instead of standard output (nothing is written on failure).
Tables (show, tables, templates, diff, compare, uncertainty) come as text, json, csv or xlsx
(--format); every CSV and sheet header is snake_case, the JSON's name for the same figure.
Manual pages: `socval man --dir DIR` writes socval.1 and socval-<command>.1 for each command.

Exit codes:
  0  success
  1  bad input: the message names the file, the line or item, and the field
  2  bad arguments
  3  standard output (or -o FILE) could not be written (a closed pipe, as in `socval ... | head`,
     is not an error)
  4  standard error could not be written
  5  --strict, and the scenario has warnings (printed on standard error)";

#[derive(Parser)]
#[command(
    name = "socval",
    version,
    about = "Social value and avoided public costs of family-support programmes, with the working",
    after_help = EXIT_CODES
)]
pub(crate) struct Cli {
    /// Extra table files (TOML or JSON) to load beside the embedded ones, e.g. a licensed value list.
    #[arg(long = "tables", global = true, value_name = "FILE")]
    pub(crate) tables: Vec<String>,
    /// Read scenario and table files as this format, whatever their name or content.
    #[arg(long = "input-format", global = true, value_enum, value_name = "FORMAT")]
    pub(crate) input_format: Option<InputFormat>,
    /// Fail (exit code 5, nothing on standard output) when the scenario has warnings.
    #[arg(long, global = true)]
    pub(crate) strict: bool,
    /// Delimiter of the records CSV: `,`, `;`, `|` or `\t` (default: the scenario's `[records]`,
    /// else found from the header line).
    #[arg(long, global = true, value_name = "CHAR")]
    pub(crate) delimiter: Option<String>,
    /// Read a records header as one of socval's columns, e.g. `--column "Case ref=family_id"`;
    /// may repeat (adds to the scenario's `[records] columns`).
    #[arg(long = "column", global = true, value_name = "HEADER=NAME")]
    pub(crate) columns: Vec<String>,
    /// Value only rows of this evidence status or stronger (primary > secondary > derived >
    /// assumption), replacing the scenario's `min_evidence`; what is left out is listed in the
    /// valuation's notes. `--evidence derived` leaves out the assumed values.
    #[arg(long, global = true, value_name = "STATUS", value_parser = evidence_status)]
    pub(crate) evidence: Option<socval::tables::EvidenceStatus>,
    /// Write the output to this file instead of standard output (replaced if it exists; nothing
    /// is written when the command fails); `-` is standard output.
    #[arg(short = 'o', long = "output", global = true, value_name = "FILE")]
    pub(crate) output: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    /// A readable report.
    Text,
    /// One JSON object: totals, per-family figures, ratios and the lines.
    Json,
    /// The lines of the working as CSV.
    Csv,
    /// An xlsx workbook (summary, lines, by year, by agency, sources), to redirect to a file.
    Xlsx,
}

/// The formats of a command that prints a table (one row a table, item, figure or template).
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum TableFormat {
    /// A readable report.
    Text,
    /// JSON: the core's result, whole.
    Json,
    /// The table as CSV, snake_case headers.
    Csv,
    /// The table as a one-sheet xlsx workbook, to redirect to a file or write with -o.
    Xlsx,
}

/// The format of an input file.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum InputFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// The formats of commands that print no table of lines.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    /// A readable report.
    Text,
    /// JSON.
    Json,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Value a scenario (TOML or JSON), optionally from per-family records (CSV).
    #[command(after_help = "Examples:
  socval evaluate @step-together                       a shipped scenario, readable report
  socval evaluate my.toml --format json -o result.json
  socval evaluate my.toml --records families.csv --format csv --bom -o working.csv
  socval evaluate my.toml --format xlsx -o working.xlsx
  cat my.toml | socval evaluate                        the scenario from a pipe")]
    Evaluate {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
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
    #[command(after_help = "Examples:
  socval validate my.toml --records families.csv
  socval validate my.toml --format json                a machine verdict, also when invalid (exit code 1)")]
    Validate {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// Output format: text, or json (`{"valid": …}`, with the error's kind, place and message
        /// when it is not valid).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// List the tables (embedded and loaded) with versions and hashes.
    #[command(after_help = "Examples:
  socval tables --format csv
  socval --tables my-licensed-values.toml tables")]
    Tables {
        /// Output format: text, json, csv or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// Show the rows of one table, with their sources.
    #[command(after_help = "Examples:
  socval show unit-costs-open@3.0.0
  socval show unit-costs-open@3.0.0 --format xlsx -o unit-costs.xlsx")]
    Show {
        /// Table as id@version.
        table: String,
        /// Output format: text, json, csv or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// What changes in a scenario's result between two table versions.
    #[command(after_help = "Examples:
  socval diff @step-together --from unit-costs-open@1.0.0 --to unit-costs-open@3.0.0
  socval diff my.toml --to unit-costs-open@3.0.0 --format csv")]
    Diff {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
        /// The table version to compare against (id@version); the scenario's own version is the base.
        #[arg(long = "to", value_name = "ID@VERSION")]
        to: String,
        /// Base version instead of the scenario's (id@version).
        #[arg(long = "from", value_name = "ID@VERSION")]
        from: Option<String>,
        /// Output format: text, json, csv or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// Compare two scenarios side by side.
    #[command(after_help = "Examples:
  socval compare @step-together my.toml
  socval compare before.toml after.toml --format csv -o changes.csv")]
    Compare {
        /// First scenario.
        a: String,
        /// Second scenario.
        b: String,
        /// Output format: text, json, csv or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// Print the JSON Schema of the scenario or table format, or of a valuation (the output).
    Schema {
        /// Which schema.
        #[arg(value_enum)]
        which: SchemaKind,
    },
    /// How sure is the figure: tornado, Monte Carlo percentiles and break-even values.
    #[command(after_help = "Examples:
  socval uncertainty @securing-change
  socval uncertainty my.toml --draws 50000 --seed 7 --format json -o analysis.json
  socval uncertainty my.toml --format csv")]
    Uncertainty {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// Number of Monte Carlo draws (overrides the scenario's; 1 to 1,000,000).
        #[arg(long)]
        draws: Option<u32>,
        /// Seed of the draws (overrides the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Output format: text, json, csv (one figure a row: ranges, tornado bars, percentiles,
        /// break-even values) or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// Test a claimed figure ("£103k per family"): for each key assumption alone, the value it
    /// would need for the figure to reach the claim, beside the value in force and its source, or
    /// that no allowed value does.
    #[command(
        group(clap::ArgGroup::new("figure").required(true).args(["social", "fiscal", "combined"])),
        after_help = "Examples:
  socval claim @step-together --social 103000 --per-family
  socval claim my.toml --fiscal £1,200,000 --format json"
    )]
    Claim {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
        /// The claimed social value, £ (present value), e.g. `103000` or `£103,000`.
        #[arg(long, value_name = "AMOUNT")]
        social: Option<String>,
        /// The claimed fiscal savings, £ (present value).
        #[arg(long, value_name = "AMOUNT")]
        fiscal: Option<String>,
        /// The claimed social value and fiscal savings combined, £ (present value).
        #[arg(long, value_name = "AMOUNT")]
        combined: Option<String>,
        /// The amount is per family (else the programme's total).
        #[arg(long)]
        per_family: bool,
        /// Per-family records CSV.
        #[arg(long)]
        records: Option<String>,
        /// Output format (text or json).
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Write the funder report: one or two printable pages (headline figures with their P5–P95
    /// bands, method, assumptions with sources, caveats, tables) and the working as an appendix, as
    /// one HTML document to print or save as PDF from a browser.
    #[command(after_help = "Examples:
  socval report @securing-change -o report.html
  socval report my.toml --records families.csv --no-uncertainty > report.html")]
    Report {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
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
    Templates {
        /// Output format: text, json, csv or xlsx.
        #[arg(long, value_enum, default_value = "text")]
        format: TableFormat,
    },
    /// Write a starter scenario: a shipped template's TOML, with its comments, to edit.
    #[command(after_help = "Examples:
  socval init --template step-together my.toml
  socval init --template securing-change -o my.toml")]
    Init {
        /// The shipped scenario to start from (see `socval templates`).
        #[arg(long, value_name = "NAME", value_parser = template_names())]
        template: String,
        /// Where to write it (refused if the file exists; `-o FILE` is the same); standard output
        /// if absent or `-`.
        #[arg(value_name = "FILE")]
        file: Option<String>,
    },
    /// Write the per-family records CSV a scenario needs: the header and one example row.
    RecordsTemplate {
        /// Scenario file, `@<template>` for a shipped scenario (e.g. `@step-together`), or `-`;
        /// standard input when left out and standard input is a pipe.
        scenario: Option<String>,
    },
    /// Print a shell completion script (e.g. `socval completions bash > /etc/bash_completion.d/socval`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `socval man | man -l -`), or write a page for socval and
    /// one for each command into a folder (`socval man --dir DIR`: socval.1, socval-evaluate.1, …).
    #[command(after_help = "Examples:
  socval man | man -l -
  socval man --dir ~/.local/share/man/man1 && man socval-evaluate")]
    Man {
        /// Write socval.1 and a page per command (socval-evaluate.1, …) into this folder (made if
        /// absent; pages there are replaced).
        #[arg(long, value_name = "DIR")]
        dir: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SchemaKind {
    /// Scenario files.
    Scenario,
    /// Proxy table and deflator files.
    Table,
    /// A valuation, as `evaluate --format json` writes it.
    Valuation,
}

/// Reads `--evidence`: an evidence status by its name (a bad name is a usage error, exit code 2).
fn evidence_status(name: &str) -> Result<socval::tables::EvidenceStatus, String> {
    socval::tables::EvidenceStatus::from_name(name).ok_or_else(|| socval::evidence::unknown_status(name))
}

/// The shipped templates' names, for `init --template` (and its shell completions).
fn template_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(socval::templates().iter().map(|t| t.id))
}
