//! One function a command: each reads what it needs through [`Ctx`], calls the core and returns
//! what standard output gets (or the failure `main` turns into an exit code).

use socval::compare::compare;
use socval::records::Records;
use socval::{Registry, Scenario, evaluate_named};

use crate::args::{Cli, Format, InputFormat, ReportFormat, SchemaKind, TableFormat};
use crate::input::{
    Failure, Output, RecordsOpts, Refused, load_scenario, read_records, shipped, strict_check, swap, warn, write_new,
};
use crate::{report, uncertainty};

/// What every command shares: the tables (embedded and `--tables`), the input format, `--strict`
/// and the records options.
pub(crate) struct Ctx {
    pub(crate) reg: Registry,
    pub(crate) input: Option<InputFormat>,
    pub(crate) strict: bool,
    pub(crate) opts: RecordsOpts,
    /// `--evidence`: replaces the scenario's minimum evidence status.
    pub(crate) evidence: Option<socval::tables::EvidenceStatus>,
    /// The output goes to a terminal (standard output, no `-o FILE`): no binary format there.
    pub(crate) terminal: bool,
}

impl Ctx {
    /// A scenario file or `@template`, with the name errors give it.
    fn load(&self, arg: &str) -> Result<(String, Scenario), Failure> {
        Ok(self.load_typed(arg)?)
    }

    /// As [`Ctx::load`], the core's error kept typed.
    fn load_typed(&self, arg: &str) -> Result<(String, Scenario), Refused> {
        load_scenario(arg, self.input).map(|(f, mut s)| {
            // `--evidence` replaces the scenario's minimum evidence status.
            if self.evidence.is_some() {
                s.min_evidence = self.evidence;
            }
            (f, s)
        })
    }

    /// The records CSV at `path`, if one is given, read against the scenario.
    fn records(&self, path: Option<&str>, file: &str, s: &Scenario) -> Result<Option<Records>, Failure> {
        Ok(self.records_typed(path, file, s)?)
    }

    /// As [`Ctx::records`], the core's error kept typed.
    fn records_typed(&self, path: Option<&str>, file: &str, s: &Scenario) -> Result<Option<Records>, Refused> {
        path.map(|p| read_records(p, file, s, &self.reg, &self.opts))
            .transpose()
    }

    /// A binary format is refused on a terminal (exit code 2): it goes to a file.
    fn binary(&self, bytes: Result<Vec<u8>, socval_xlsx::Error>) -> Result<Vec<u8>, Failure> {
        if self.terminal {
            return Err(Failure(
                "error: --format xlsx writes a binary file: give -o FILE, or redirect standard output to a file (> result.xlsx)".into(),
                2,
            ));
        }
        bytes.map_err(|e| Failure(format!("error: {e}"), 1))
    }

    /// A result as text, JSON, its table as CSV or its table as a one-sheet workbook.
    fn tabular<T: serde::Serialize>(
        &self,
        format: TableFormat,
        result: &T,
        text: impl FnOnce() -> String,
        table: impl FnOnce() -> socval_xlsx::Table,
    ) -> Result<Vec<u8>, Failure> {
        Ok(match format {
            TableFormat::Text => text().into_bytes(),
            TableFormat::Json => (serde_json::to_string_pretty(result).unwrap_or_default() + "\n").into_bytes(),
            TableFormat::Csv => table()
                .to_csv()
                .map_err(|e| Failure(format!("error: {e}"), 1))?
                .into_bytes(),
            TableFormat::Xlsx => self.binary(table().to_xlsx())?,
        })
    }
}

/// `socval claim`: for each key assumption alone, the value that reaches a claimed figure.
#[allow(clippy::too_many_arguments)]
pub(crate) fn claim(
    cx: &Ctx,
    scenario: &str,
    (social, fiscal, combined): (Option<String>, Option<String>, Option<String>),
    per_family: bool,
    records: Option<&str>,
    format: ReportFormat,
) -> Result<String, Failure> {
    use socval::uncertainty::{Claim, ClaimFigure};
    let (figure, flag, amount) = match (social, fiscal, combined) {
        (Some(a), None, None) => (ClaimFigure::SocialValue, "--social", a),
        (None, Some(a), None) => (ClaimFigure::FiscalSavings, "--fiscal", a),
        (None, None, Some(a)) => (ClaimFigure::Combined, "--combined", a),
        _ => return Err(Failure("error: give one of --social, --fiscal or --combined".into(), 2)),
    };
    let amount = crate::claim::amount(&amount).map_err(|m| Failure(format!("error: {flag} {amount}: {m}"), 2))?;
    let (file, s) = cx.load(scenario)?;
    let recs = cx.records(records, &file, &s)?;
    // Check the scenario itself first, so errors name its file.
    let v = evaluate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    strict_check(cx.strict, &file, &v.warnings)?;
    let c = Claim {
        figure,
        amount,
        per_family,
    };
    let t = socval::uncertainty::claim_named(&file, &s, recs.as_ref(), &cx.reg, &c)?;
    warn(&file, &v.warnings);
    Ok(if format == ReportFormat::Json {
        serde_json::to_string_pretty(&t).unwrap_or_default() + "\n"
    } else {
        crate::claim::text(&t)
    })
}

/// `socval evaluate`: the valuation as text, JSON, the working's CSV, or an xlsx workbook.
pub(crate) fn evaluate(
    cx: &Ctx,
    scenario: &str,
    records: Option<&str>,
    use_tables: &[String],
    format: Format,
    bom: bool,
) -> Result<Vec<u8>, Failure> {
    if bom && format != Format::Csv {
        return Err(Failure("error: --bom applies to --format csv only".into(), 2));
    }
    let (file, mut s) = cx.load(scenario)?;
    for r in use_tables {
        s = swap(&file, &s, r, &cx.reg)?;
    }
    let recs = cx.records(records, &file, &s)?;
    let v = evaluate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    strict_check(cx.strict, &file, &v.warnings)?;
    if matches!(format, Format::Csv | Format::Xlsx) {
        // The CSV has no place for them (the workbook lists them, but in a file).
        warn(&file, &v.warnings);
    }
    if format == Format::Xlsx {
        return cx.binary(socval_xlsx::workbook(&v, &socval::identity::scenario_sha256(&s)));
    }
    Ok(match format {
        Format::Text => report::text(&v, &s, &cx.reg),
        Format::Json => v.to_json() + "\n",
        Format::Xlsx => String::new(),
        Format::Csv => {
            let csv = socval_xlsx::lines_csv(&v, &socval::identity::scenario_sha256(&s))
                .map_err(|e| Failure(format!("error: {e}"), 1))?;
            if bom { format!("\u{feff}{csv}") } else { csv }
        }
    }
    .into_bytes())
}

/// `socval validate`: values the scenario and checks its ranges and settings; prints the verdict
/// (as JSON, also when the scenario is refused: the verdict is the output, with the exit code).
pub(crate) fn validate(
    cx: &Ctx,
    scenario: &str,
    records: Option<&str>,
    format: ReportFormat,
) -> Result<Output, Failure> {
    let shown = if scenario == "-" { "<stdin>" } else { scenario };
    let checked = checked(cx, scenario, records);
    if format == ReportFormat::Text {
        let (file, lines, ranges, warnings) = checked.map_err(Failure::from)?;
        // Warnings are diagnostics: standard error, so standard output stays the verdict.
        warn(&file, &warnings);
        return Ok(format!("{file}: valid ({lines} lines of working, {ranges} ranges)\n").into());
    }
    let (verdict, code) = match checked {
        Ok((file, lines, ranges, warnings)) => {
            warn(&file, &warnings);
            let v = serde_json::json!({
                "file": file, "valid": true, "lines": lines, "ranges": ranges, "warnings": warnings,
            });
            (v, 0)
        }
        Err(refused) => {
            let error = match &refused {
                Refused::Input(e) => serde_json::to_value(e).unwrap_or_default(),
                Refused::Cli(_) => serde_json::Value::Null,
            };
            let Failure(message, code) = refused.into();
            // The message on standard error too, as for every failure.
            let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{message}\n").as_bytes());
            let v = serde_json::json!({
                "file": shown, "valid": false, "exit_code": code, "message": message, "error": error,
            });
            (v, code)
        }
    };
    Ok(Output {
        bytes: (serde_json::to_string_pretty(&verdict).unwrap_or_default() + "\n").into_bytes(),
        code,
    })
}

/// The checks `validate` makes: the scenario valued, its ranges and settings checked, `--strict`;
/// the scenario's name, its lines of working, its ranges and its warnings.
fn checked(cx: &Ctx, scenario: &str, records: Option<&str>) -> Result<(String, usize, usize, Vec<String>), Refused> {
    let (file, s) = cx.load_typed(scenario)?;
    let recs = cx.records_typed(records, &file, &s)?;
    let v = evaluate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    socval::uncertainty::validate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    strict_check(cx.strict, &file, &v.warnings)?;
    Ok((file, v.lines.len(), s.ranges.len(), v.warnings))
}

/// `socval tables`: the tables loaded, with versions and hashes.
pub(crate) fn tables(cx: &Ctx, format: TableFormat) -> Result<Vec<u8>, Failure> {
    let list = cx.reg.list();
    cx.tabular(
        format,
        &list,
        || report::tables(&list),
        || socval_xlsx::tables_table(&list),
    )
}

/// `socval show`: one table's rows with their sources.
pub(crate) fn show(cx: &Ctx, table: &str, format: TableFormat) -> Result<Vec<u8>, Failure> {
    let t = cx.reg.get(table).ok_or_else(|| {
        let all: Vec<String> = cx.reg.tables().map(|t| t.reference()).collect();
        Failure(format!("error: no table {table:?}; tables: {}", all.join(", ")), 1)
    })?;
    cx.tabular(format, t, || report::show(t), || socval_xlsx::table_rows(t))
}

/// `socval diff`: what changes in a scenario's result between two table versions.
pub(crate) fn diff(
    cx: &Ctx,
    scenario: &str,
    to: &str,
    from: Option<&str>,
    format: TableFormat,
) -> Result<Vec<u8>, Failure> {
    let (file, mut s) = cx.load(scenario)?;
    if let Some(f) = from {
        s = swap(&file, &s, f, &cx.reg)?;
    }
    let t = swap(&file, &s, to, &cx.reg)?;
    compared(cx, (&file, &s), (&file, &t), format)
}

/// `socval compare`: two scenarios side by side.
pub(crate) fn compare_scenarios(cx: &Ctx, a: &str, b: &str, format: TableFormat) -> Result<Vec<u8>, Failure> {
    let (fa, sa) = cx.load(a)?;
    let (fb, sb) = cx.load(b)?;
    compared(cx, (&fa, &sa), (&fb, &sb), format)
}

/// Two scenarios (each with its file's name) valued, checked under `--strict` and compared.
fn compared(
    cx: &Ctx,
    (fa, sa): (&str, &Scenario),
    (fb, sb): (&str, &Scenario),
    format: TableFormat,
) -> Result<Vec<u8>, Failure> {
    let va = evaluate_named(fa, sa, None, &cx.reg)?;
    let vb = evaluate_named(fb, sb, None, &cx.reg)?;
    strict_check(cx.strict, fa, &va.warnings)?;
    strict_check(cx.strict, fb, &vb.warnings)?;
    let c = compare(&va, &vb);
    cx.tabular(
        format,
        &c,
        || report::comparison(&c),
        || socval_xlsx::comparison_table(&c),
    )
}

/// `socval schema`: the JSON Schema of a format.
pub(crate) fn schema(which: SchemaKind) -> String {
    let v = match which {
        SchemaKind::Scenario => socval::schema::scenario(),
        SchemaKind::Table => socval::schema::table(),
        SchemaKind::Valuation => socval::schema::valuation(),
    };
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// `socval uncertainty`: tornado, Monte Carlo and break-even values.
pub(crate) fn analyse(
    cx: &Ctx,
    scenario: &str,
    records: Option<&str>,
    draws: Option<u32>,
    seed: Option<u64>,
    format: TableFormat,
) -> Result<Vec<u8>, Failure> {
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
    let (file, mut s) = cx.load(scenario)?;
    if draws.is_some() || seed.is_some() {
        let mut u = s.uncertainty.clone().unwrap_or_default();
        u.draws = draws.or(u.draws);
        u.seed = seed.or(u.seed);
        s.uncertainty = Some(u);
    }
    let recs = cx.records(records, &file, &s)?;
    let mut progress = uncertainty::progress();
    // Check the scenario itself first, so errors name its file.
    let v = evaluate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    strict_check(cx.strict, &file, &v.warnings)?;
    let a = socval::uncertainty::analyse_with_progress(&file, &s, recs.as_ref(), &cx.reg, &mut progress)?;
    warn(&file, &v.warnings);
    cx.tabular(
        format,
        &a,
        || uncertainty::text(&a, &s),
        || socval_xlsx::analysis_table(&a),
    )
}

/// `socval report`: the funder report as one HTML document.
pub(crate) fn funder_report(
    cx: &Ctx,
    scenario: &str,
    records: Option<&str>,
    date: Option<String>,
    no_uncertainty: bool,
) -> Result<String, Failure> {
    let (file, s) = cx.load(scenario)?;
    let recs = cx.records(records, &file, &s)?;
    let mut progress = uncertainty::progress();
    let v = evaluate_named(&file, &s, recs.as_ref(), &cx.reg)?;
    strict_check(cx.strict, &file, &v.warnings)?;
    // Warnings are diagnostics: standard error (the report shows them too).
    warn(&file, &v.warnings);
    let ranged = !no_uncertainty && !socval::uncertainty::assumptions(&s, &cx.reg)?.is_empty();
    let a = if ranged {
        Some(socval::uncertainty::analyse_with_progress(
            &file,
            &s,
            recs.as_ref(),
            &cx.reg,
            &mut progress,
        )?)
    } else {
        None
    };
    Ok(socval::funder::funder_report(&s, &v, a.as_ref(), &cx.reg, &date.unwrap_or_else(today)).to_html())
}

/// `socval templates`: the shipped scenarios, one a line (as CSV and JSON, the id without its `@`,
/// as `init --template` takes it; a CSV cell starting `@` would be neutralised).
pub(crate) fn templates(cx: &Ctx, format: TableFormat) -> Result<Vec<u8>, Failure> {
    let list = socval::templates();
    let rows: Vec<serde_json::Value> = list
        .iter()
        .map(|t| serde_json::json!({"id": t.id, "file": format!("scenarios/{}", t.file), "name": t.name}))
        .collect();
    let text = || {
        list.iter()
            .map(|t| format!("@{}\tscenarios/{}\t{}\n", t.id, t.file, t.name))
            .collect()
    };
    cx.tabular(format, &rows, text, || socval_xlsx::templates_table(&list))
}

/// `socval init`: a shipped template's TOML, to standard output or a new file.
pub(crate) fn init(template: &str, output: Option<&str>) -> Result<String, Failure> {
    let t = shipped(
        template,
        format!("--template {template:?}: no shipped scenario of that name"),
    )?;
    Ok(match output {
        None | Some("-") => t.text().to_string(),
        Some(path) => {
            write_new(path, t.text())?;
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "wrote {path} from the template {}", t.id);
            String::new()
        }
    })
}

/// `socval records-template`: the records CSV a scenario needs.
pub(crate) fn records_template(cx: &Ctx, scenario: &str) -> Result<String, Failure> {
    let (file, s) = cx.load(scenario)?;
    // --delimiter and --column shape the template as they shape the records read.
    let with = cx.opts.apply(&file, &s)?;
    Ok(socval::records::records_template(with.as_ref().unwrap_or(&s), &cx.reg))
}

/// `socval completions`: a shell completion script.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "socval", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `socval man`: the manual page (roff); with `--dir`, socval.1 and a page per command written
/// there (clap_mangen's `generate_to`), their names on standard error.
pub(crate) fn man(dir: Option<&str>, output: bool) -> Result<String, Failure> {
    use clap::CommandFactory;
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut out)
            .map_err(|e| Failure(format!("error: writing the manual page: {e}"), 3))?;
        return Ok(String::from_utf8_lossy(&out).into_owned());
    };
    if output {
        return Err(Failure(
            "error: man --dir writes its pages into DIR: leave out -o".into(),
            2,
        ));
    }
    let cannot = |e: std::io::Error| Failure(format!("error: cannot write the manual pages into {dir}: {e}"), 3);
    std::fs::create_dir_all(dir).map_err(cannot)?;
    clap_mangen::generate_to(Cli::command(), dir).map_err(cannot)?;
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "wrote the manual pages into {dir} (socval.1, socval-evaluate.1, …)"
    );
    Ok(String::new())
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
