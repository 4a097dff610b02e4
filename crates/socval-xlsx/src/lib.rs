//! A socval [`Valuation`] as an xlsx workbook, built in memory (no file system, so it also runs in
//! the browser): sheets `summary`, `lines`, `by year`, `by agency` and `sources`.
//!
//! Every figure is the core's: the workbook rounds and sums nothing itself. Where a figure is the
//! sum or product of other cells, the cell holds the formula a checker can follow *and* the
//! figure the core computed, stored as the formula's result, so a viewer that does not recalculate
//! shows the same figure as the JSON output:
//!
//! - `summary`: the headline totals are `SUMIF`s of the lines' rounded amounts by section (they
//!   add up to the total, by the core's largest-remainder allocation); per-family figures, ratios
//!   and net present values are the core's (each is its exact figure rounded once, so it is not a
//!   formula of rounded cells).
//! - `lines`: `gross = unit_value × rebase × uprating × quantity` and, for value lines,
//!   `amount = gross × (1 − deadweight) × (1 − attribution) × (1 − displacement) ×
//!   persistence × discount_factor` (the exact amount, the present value); `rounded` is the
//!   line's share of the rounded total.
//!
//! Column headers (lines, by year, by agency, sources) are snake_case, the names the CSV and the
//! JSON output give the same figures.
//! - `by year` and `by agency`: the rounded parts and a total row of `SUM`s.
//!
//! Money cells are numbers to the penny with a `£#,##0.00` format; the exact decimals stay in the
//! JSON output.

mod lines;
mod tables;
pub use lines::lines_csv;
#[cfg(feature = "uncertainty")]
pub use tables::analysis_table;
pub use tables::{Cell, Table, comparison_table, table_rows, tables_table, templates_table};

use rust_xlsxwriter::utility::{column_number_to_name, row_col_to_cell};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};
use socval::{Decimal, Line, LineKind, Section, Valuation};

/// A workbook that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the workbook could not be written: {0}")]
pub struct Error(String);

impl From<::csv::Error> for Error {
    fn from(e: ::csv::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<XlsxError> for Error {
    fn from(e: XlsxError) -> Self {
        Error(e.to_string())
    }
}

/// Sheet names, in order.
pub const SHEETS: [&str; 5] = ["summary", "lines", "by year", "by agency", "sources"];

/// A decimal as a spreadsheet number (an f64: a spreadsheet has no other number).
fn num(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// The text Excel stores as a numeric formula's result.
fn result(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Writes text as a string cell, exactly as it is: a string cell of an xlsx is stored as text and
/// never evaluated, whatever it starts with, so it needs no apostrophe (the CSV, which a
/// spreadsheet parses, is neutralised: `socval::csv_text`). Numbers and the workbook's own
/// formulas are written by other calls.
///
/// A text longer than an Excel cell holds (32,767 characters) is refused, naming the sheet, the
/// cell and its column (and, on the lines sheet, the line's item).
fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: impl AsRef<str>) -> Result<&mut Worksheet, Error> {
    const MAX_CELL: usize = 32_767;
    let text = text.as_ref();
    let n = text.chars().count();
    if n > MAX_CELL {
        let sheet = ws.name();
        let column = if sheet == SHEETS[1] {
            format!(" ({})", LINE_COLUMNS.get(col as usize).copied().unwrap_or(""))
        } else {
            String::new()
        };
        return Err(Error(format!(
            "the workbook cannot hold the text of sheet {sheet:?}, cell {}{column}: it is {n} characters long, and an Excel cell holds at most {MAX_CELL}; shorten it in the scenario (or use --format json or csv, which have no such limit)",
            row_col_to_cell(row, col)
        )));
    }
    Ok(ws.write_string(row, col, text)?)
}

struct Formats {
    bold: Format,
    money: Format,
    money_bold: Format,
    factor: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format("£#,##0.00"),
            money_bold: Format::new().set_num_format("£#,##0.00").set_bold(),
            factor: Format::new().set_num_format("0.######"),
        }
    }
}

/// Writes a header row in bold and freezes it.
fn header(ws: &mut Worksheet, f: &Formats, names: &[&str]) -> Result<(), Error> {
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, &f.bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The lines sheet's columns: the CSV's names (`lines_csv`) and the JSON's (`Line`'s fields) for
/// the same figures, snake_case (`amount` is the line's exact present value; `uprating`, not in
/// the CSV, is the JSON's).
const LINE_COLUMNS: [&str; 25] = [
    "n",
    "section",
    "kind",
    "item",
    "label",
    "table",
    "row",
    "agency",
    "cashable",
    "year",
    "price_year",
    "unit_value",
    "rebase",
    "uprating",
    "quantity",
    "gross",
    "deadweight",
    "attribution",
    "displacement",
    "persistence",
    "discount_factor",
    "amount",
    "rounded",
    "discounting",
    "working",
];

fn col(name: &str) -> u16 {
    LINE_COLUMNS.iter().position(|c| *c == name).unwrap_or(0) as u16
}

fn write_line(ws: &mut Worksheet, f: &Formats, r: u32, l: &Line) -> Result<(), Error> {
    write_line_cells(ws, f, r, l).map_err(|Error(e)| Error(format!("line {} (item {:?}): {e}", l.n, l.item)))
}

fn write_line_cells(ws: &mut Worksheet, f: &Formats, r: u32, l: &Line) -> Result<(), Error> {
    let cell = |name: &str| row_col_to_cell(r, col(name));
    ws.write_number(r, col("n"), l.n as f64)?;
    write_text(ws, r, col("section"), section_key(l.section))?;
    write_text(ws, r, col("kind"), l.kind.key())?;
    write_text(ws, r, col("item"), &l.item)?;
    write_text(ws, r, col("label"), &l.label)?;
    write_text(ws, r, col("table"), l.table.as_deref().unwrap_or(""))?;
    write_text(ws, r, col("row"), l.row.as_deref().unwrap_or(""))?;
    write_text(ws, r, col("agency"), l.agency.as_deref().unwrap_or(""))?;
    if let Some(c) = l.cashable {
        ws.write_boolean(r, col("cashable"), c)?;
    }
    ws.write_number(r, col("year"), f64::from(l.year))?;
    ws.write_number(r, col("price_year"), f64::from(l.price_year))?;
    ws.write_number_with_format(r, col("unit_value"), num(l.unit_value), &f.money)?;
    ws.write_number_with_format(r, col("rebase"), num(l.rebase), &f.factor)?;
    let uprating = l.uprating.unwrap_or(Decimal::ONE);
    ws.write_number_with_format(r, col("uprating"), num(uprating), &f.factor)?;
    ws.write_number_with_format(r, col("quantity"), num(l.quantity), &f.factor)?;
    let gross = Formula::new(format!(
        "={}*{}*{}*{}",
        cell("unit_value"),
        cell("rebase"),
        cell("uprating"),
        cell("quantity")
    ))
    .set_result(result(l.gross));
    ws.write_formula_with_format(r, col("gross"), gross, &f.money)?;
    ws.write_number_with_format(r, col("deadweight"), num(l.deadweight), &f.factor)?;
    ws.write_number_with_format(r, col("attribution"), num(l.attribution), &f.factor)?;
    ws.write_number_with_format(r, col("displacement"), num(l.displacement), &f.factor)?;
    ws.write_number_with_format(r, col("persistence"), num(l.persistence), &f.factor)?;
    ws.write_number_with_format(r, col("discount_factor"), num(l.discount_factor), &f.factor)?;
    if l.kind == LineKind::Value {
        let pv = Formula::new(format!(
            "={}*(1-{})*(1-{})*(1-{})*{}*{}",
            cell("gross"),
            cell("deadweight"),
            cell("attribution"),
            cell("displacement"),
            cell("persistence"),
            cell("discount_factor")
        ))
        .set_result(result(l.amount));
        ws.write_formula_with_format(r, col("amount"), pv, &f.money)?;
    } else {
        // An optimism-bias or cost line: its working says how it was made.
        ws.write_number_with_format(r, col("amount"), num(l.amount), &f.money)?;
    }
    ws.write_number_with_format(r, col("rounded"), num(l.rounded), &f.money)?;
    write_text(ws, r, col("discounting"), &l.discounting)?;
    write_text(ws, r, col("working"), &l.working)?;
    Ok(())
}

/// The evidence behind each figure on the summary sheet, from row `r`: a header of the statuses,
/// then one row a figure with the core's rounded parts and a `SUM` of them whose stored result is
/// the figure (the parts add up to it); then what a minimum evidence status left out. Returns the
/// next free row.
fn evidence_block(ws: &mut Worksheet, f: &Formats, mut r: u32, v: &Valuation) -> Result<u32, Error> {
    ws.write_string_with_format(r, 0, "evidence behind each figure", &f.bold)?;
    for (c, s) in socval::tables::EvidenceStatus::ALL.iter().enumerate() {
        ws.write_string_with_format(r, c as u16 + 1, s.as_str(), &f.bold)?;
    }
    ws.write_string_with_format(r, 5, "total (sum of the parts)", &f.bold)?;
    r += 1;
    let d = &v.display;
    let totals = [d.social_value, d.fiscal_savings, d.cashable_savings]
        .into_iter()
        .chain(d.combined);
    for ((label, parts), total) in v.evidence.figures().into_iter().zip(totals) {
        write_text(ws, r, 0, format!("{} by evidence", label.to_ascii_lowercase()))?;
        for (c, p) in parts.iter().enumerate() {
            ws.write_number_with_format(r, c as u16 + 1, num(p.rounded), &f.money)?;
        }
        let sum = Formula::new(format!("=SUM(B{n}:E{n})", n = r + 1)).set_result(result(total));
        ws.write_formula_with_format(r, 5, sum, &f.money_bold)?;
        r += 1;
    }
    if let Some(min) = v.min_evidence {
        write_text(ws, r, 0, socval::evidence::left_out_note(min, &v.left_out))?;
        r += 1;
    }
    Ok(r)
}

fn section_key(s: Section) -> &'static str {
    match s {
        Section::SocialValue => "social-value",
        Section::FiscalSavings => "fiscal-savings",
        Section::ProgrammeCost => "programme-cost",
    }
}

/// The workbook of a valuation, as the bytes of an xlsx file. `scenario_sha256` is the
/// scenario's hash ([`socval::identity::scenario_sha256`]), shown on the summary sheet. The same valuation
/// gives the same bytes (the workbook's creation time is fixed at 1980-01-01, the zip epoch, rather
/// than read from a clock).
pub fn workbook(v: &Valuation, scenario_sha256: &str) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&v.scenario)
            .set_comment("Written by socval; every figure is the socval engine's")
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    sheet(&mut wb, SHEETS[0], |ws| summary_sheet(ws, &f, v, scenario_sha256))?;
    sheet(&mut wb, SHEETS[1], |ws| {
        header(ws, &f, &LINE_COLUMNS)?;
        for (i, l) in v.lines.iter().enumerate() {
            write_line(ws, &f, i as u32 + 1, l)?;
        }
        Ok(())
    })?;
    sheet(&mut wb, SHEETS[2], |ws| by_year_sheet(ws, &f, v))?;
    sheet(&mut wb, SHEETS[3], |ws| by_agency_sheet(ws, &f, v))?;
    // Sources: the tables used, then each row of a table the lines use.
    sheet(&mut wb, SHEETS[4], |ws| sources_sheet(ws, &f, v))?;

    Ok(wb.save_to_buffer()?)
}

/// Adds a worksheet named `name` and writes it with `write`.
fn sheet(wb: &mut Workbook, name: &str, write: impl FnOnce(&mut Worksheet) -> Result<(), Error>) -> Result<(), Error> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    write(ws)
}

/// The summary sheet: the scenario, the headline figures (each section's as a formula over the
/// lines), the evidence behind them, the rounding note and the warnings.
fn summary_sheet(ws: &mut Worksheet, f: &Formats, v: &Valuation, scenario_sha256: &str) -> Result<(), Error> {
    let lines_end = v.lines.len() as u32 + 1;
    let range = |name: &str| {
        let c = column_number_to_name(col(name));
        format!("lines!${c}$2:${c}${lines_end}")
    };

    header(ws, f, &["figure", "value", "how"])?;
    let mut r = 1u32;
    let mut text_row = |ws: &mut Worksheet, label: &str, value: &str| -> Result<(), Error> {
        write_text(ws, r, 0, label)?;
        write_text(ws, r, 1, value)?;
        r += 1;
        Ok(())
    };
    text_row(ws, "scenario", &v.scenario)?;
    text_row(ws, "scenario sha256", scenario_sha256)?;
    text_row(ws, "engine", &v.engine)?;
    text_row(ws, "method version", &v.method.to_string())?;
    text_row(ws, "price year", &v.price_year.to_string())?;
    write_text(ws, r, 0, "families")?;
    ws.write_number(r, 1, f64::from(v.families))?;
    r += 1;
    let d = &v.display;
    let sections = [
        ("social value", Section::SocialValue, d.social_value),
        ("fiscal savings", Section::FiscalSavings, d.fiscal_savings),
        ("programme cost", Section::ProgrammeCost, d.programme_cost),
    ];
    for (label, section, figure) in sections {
        write_text(ws, r, 0, label)?;
        let sum = Formula::new(format!(
            "=SUMIF({},\"{}\",{})",
            range("section"),
            section_key(section),
            range("rounded")
        ))
        .set_result(result(figure));
        ws.write_formula_with_format(r, 1, sum, &f.money_bold)?;
        write_text(ws, r, 2, "sum of the lines' rounded amounts")?;
        r += 1;
    }
    let agencies_end = v.by_agency.len() as u32 + 1;
    write_text(ws, r, 0, "cashable savings")?;
    let cashable =
        Formula::new(format!("=SUM('by agency'!$C$2:$C${agencies_end})")).set_result(result(d.cashable_savings));
    ws.write_formula_with_format(r, 1, cashable, &f.money)?;
    write_text(ws, r, 2, "sum of the agencies' cashable amounts")?;
    r += 1;
    let core = "the exact figure rounded once (socval)";
    let mut money_row = |ws: &mut Worksheet, label: &str, value: Option<Decimal>| -> Result<(), Error> {
        if let Some(x) = value {
            write_text(ws, r, 0, label)?;
            ws.write_number_with_format(r, 1, num(x), &f.money)?;
            write_text(ws, r, 2, core)?;
            r += 1;
        }
        Ok(())
    };
    money_row(ws, "combined (social + fiscal)", d.combined)?;
    money_row(ws, "social value per family", Some(d.social_value_per_family))?;
    money_row(ws, "fiscal savings per family", Some(d.fiscal_savings_per_family))?;
    money_row(ws, "cost per family", Some(d.cost_per_family))?;
    money_row(ws, "combined per family", d.combined_per_family)?;
    money_row(ws, "net present value (social)", Some(d.npv_social))?;
    money_row(ws, "net present value (fiscal)", Some(d.npv_fiscal))?;
    money_row(ws, "net present value (combined)", d.npv_combined)?;
    for (label, ratio) in [
        ("social return per £1 of cost", d.sroi_social),
        ("fiscal return per £1 of cost", d.sroi_fiscal),
        ("combined return per £1 of cost", d.sroi_combined),
    ] {
        if let Some(x) = ratio {
            write_text(ws, r, 0, label)?;
            ws.write_number_with_format(r, 1, num(x), &f.factor)?;
            write_text(ws, r, 2, core)?;
            r += 1;
        }
    }
    r = evidence_block(ws, f, r + 1, v)?;
    if let Some(note) = v.rounding_note() {
        write_text(ws, r + 1, 0, note)?;
    }
    for (i, w) in v.warnings.iter().enumerate() {
        write_text(ws, r + 2 + i as u32, 0, format!("warning: {w}"))?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 20)?;
    Ok(())
}

/// The by-year sheet: each year's rounded figures and a total row of formulas.
fn by_year_sheet(ws: &mut Worksheet, f: &Formats, v: &Valuation) -> Result<(), Error> {
    let d = &v.display;
    header(
        ws,
        f,
        &[
            "year",
            "social_value",
            "fiscal_savings",
            "fiscal_savings_undiscounted",
            "programme_cost",
        ],
    )?;
    for (i, y) in v.by_year.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, f64::from(y.year))?;
        ws.write_number_with_format(r, 1, num(y.rounded.social_value), &f.money)?;
        ws.write_number_with_format(r, 2, num(y.rounded.fiscal_savings), &f.money)?;
        ws.write_number_with_format(r, 3, num(y.rounded.fiscal_savings_undiscounted), &f.money)?;
        ws.write_number_with_format(r, 4, num(y.rounded.programme_cost), &f.money)?;
    }
    let total = v.by_year.len() as u32 + 1;
    ws.write_string_with_format(total, 0, "total", &f.bold)?;
    let totals = [
        d.social_value,
        d.fiscal_savings,
        // The undiscounted series' parts add up to the exact undiscounted total to the penny.
        socval::money::to_penny(v.fiscal_savings_undiscounted),
        d.programme_cost,
    ];
    for (c, t) in totals.into_iter().enumerate() {
        let c = c as u16 + 1;
        let name = column_number_to_name(c);
        let sum = Formula::new(format!("=SUM({name}2:{name}{total})")).set_result(result(t));
        ws.write_formula_with_format(total, c, sum, &f.money_bold)?;
    }
    Ok(())
}

/// The by-agency sheet: each agency's fiscal and cashable savings and a total row of formulas.
fn by_agency_sheet(ws: &mut Worksheet, f: &Formats, v: &Valuation) -> Result<(), Error> {
    let d = &v.display;
    header(ws, f, &["agency", "fiscal_savings", "cashable"])?;
    for (i, a) in v.by_agency.iter().enumerate() {
        let r = i as u32 + 1;
        write_text(ws, r, 0, &a.agency)?;
        ws.write_number_with_format(r, 1, num(a.rounded), &f.money)?;
        ws.write_number_with_format(r, 2, num(a.cashable_rounded), &f.money)?;
    }
    let total = v.by_agency.len() as u32 + 1;
    ws.write_string_with_format(total, 0, "total", &f.bold)?;
    for (c, t) in [(1u16, d.fiscal_savings), (2, d.cashable_savings)] {
        let name = column_number_to_name(c);
        let sum = Formula::new(format!("=SUM({name}2:{name}{total})")).set_result(result(t));
        ws.write_formula_with_format(total, c, sum, &f.money_bold)?;
    }
    ws.set_column_width(0, 30)?;
    Ok(())
}

/// The sources sheet: the tables used, then each row of a table the lines use.
fn sources_sheet(ws: &mut Worksheet, f: &Formats, v: &Valuation) -> Result<(), Error> {
    header(ws, f, &["role", "table", "version", "sha256"])?;
    for (i, t) in v.tables.iter().enumerate() {
        let r = i as u32 + 1;
        write_text(ws, r, 0, &t.role)?;
        write_text(ws, r, 1, &t.id)?;
        write_text(ws, r, 2, &t.version)?;
        write_text(ws, r, 3, &t.sha256)?;
    }
    let mut r = v.tables.len() as u32 + 2;
    for (c, n) in ["table", "row", "evidence", "confidence", "source", "url"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *n, &f.bold)?;
    }
    let mut seen = std::collections::BTreeSet::new();
    for l in &v.lines {
        let (Some(table), Some(row)) = (&l.table, &l.row) else {
            continue;
        };
        if !seen.insert((table.clone(), row.clone())) {
            continue;
        }
        r += 1;
        write_text(ws, r, 0, table)?;
        write_text(ws, r, 1, row)?;
        write_text(ws, r, 2, l.evidence.map(|e| e.as_str()).unwrap_or(""))?;
        if let Some(c) = l.confidence {
            ws.write_number(r, 3, f64::from(c))?;
        }
        write_text(ws, r, 4, l.source.as_deref().unwrap_or(""))?;
        write_text(ws, r, 5, l.url.as_deref().unwrap_or(""))?;
    }
    ws.set_column_width(0, 24)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Text longer than an Excel cell holds is refused naming the sheet, the cell, its column
    /// and the line's item, not with the writer's bare limit.
    #[test]
    fn an_overlong_cell_names_its_place() {
        let s = socval::template("step-together").unwrap().scenario().unwrap();
        let mut v = socval::evaluate(&s, None, socval::Registry::embedded()).unwrap();
        v.lines[2].working = "x".repeat(40_000);
        let e = super::workbook(&v, "").unwrap_err().to_string();
        let item = &v.lines[2].item;
        assert!(e.contains(&format!("line 3 (item {item:?})")), "{e}");
        assert!(e.contains("sheet \"lines\", cell Y4 (working)"), "{e}");
        assert!(e.contains("40000 characters") && e.contains("32767"), "{e}");
    }
}
