//! The core's other results as tables — the tables loaded, one table's rows, a comparison, an
//! uncertainty analysis, the shipped templates — written as CSV or as a one-sheet workbook.
//!
//! A [`Table`] only lays out figures the core gave: it rounds and sums nothing (money is already
//! to the penny where the core rounds it; other numbers are written exactly as the core holds
//! them). Column names are snake_case, the JSON output's names for the same values.

use crate::{Error, Formats, header, num, write_text};
use rust_xlsxwriter::{Format, Workbook};
#[cfg(feature = "uncertainty")]
use socval::uncertainty::{Analysis, BreakEvenKind, Total};
use socval::{Decimal, Template, compare::Comparison, tables::ProxyTable, tables::TableInfo};

/// One cell of a result table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (neutralised in CSV where a spreadsheet would run it as a formula).
    Text(String),
    /// Pounds, as the core gives them (to the penny where it rounds them).
    Money(Decimal),
    /// Another number, exactly as the core holds it.
    Number(Decimal),
    /// A whole number.
    Whole(u64),
    /// True or false.
    Bool(bool),
    /// Nothing.
    Empty,
}

/// A result as one table: its sheet's name, its snake_case column names and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The workbook sheet's name.
    pub name: &'static str,
    /// Column names, snake_case.
    pub columns: Vec<&'static str>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: Option<impl Into<String>>) -> Cell {
    s.map_or(Cell::Empty, text)
}

impl Table {
    /// The table as CSV: a header line of its column names, then one line a row.
    pub fn to_csv(&self) -> Result<String, Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.columns)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => socval::csv_text(s).into_owned(),
                Cell::Money(d) | Cell::Number(d) => d.to_string(),
                Cell::Whole(n) => n.to_string(),
                Cell::Bool(b) => b.to_string(),
                Cell::Empty => String::new(),
            }))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::from(csv::Error::from(e.into_error())))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The table as the bytes of an xlsx workbook of one sheet (bold, frozen header; money as
    /// `£#,##0.00`). The same table gives the same bytes (the creation time is fixed).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut wb = Workbook::new();
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
        wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let f = Formats::new();
        let ws = wb.add_worksheet();
        ws.set_name(self.name)?;
        header(ws, &f, &self.columns)?;
        let exact = Format::new().set_num_format("General");
        for (i, row) in self.rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        write_text(ws, r, c, s)?;
                    }
                    Cell::Money(d) => {
                        ws.write_number_with_format(r, c, num(*d), &f.money)?;
                    }
                    Cell::Number(d) => {
                        ws.write_number_with_format(r, c, num(*d), &exact)?;
                    }
                    Cell::Whole(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        Ok(wb.save_to_buffer()?)
    }
}

/// The tables loaded (`socval tables`): one row a table version.
pub fn tables_table(list: &[TableInfo]) -> Table {
    Table {
        name: "tables",
        columns: vec![
            "id",
            "version",
            "kind",
            "rows",
            "embedded",
            "sha256",
            "title",
            "changelog",
        ],
        rows: list
            .iter()
            .map(|t| {
                vec![
                    text(&t.id),
                    text(&t.version),
                    text(t.kind.to_string()),
                    Cell::Whole(t.rows as u64),
                    Cell::Bool(t.embedded),
                    text(&t.sha256),
                    text(&t.title),
                    opt_text(t.changelog.last()),
                ]
            })
            .collect(),
    }
}

/// One table's rows with their sources (`socval show`); a deflator series, its years.
pub fn table_rows(t: &ProxyTable) -> Table {
    if t.rows.is_empty() {
        return Table {
            name: "years",
            columns: vec!["year", "index", "source"],
            rows: t
                .years
                .iter()
                .map(|y| {
                    vec![
                        Cell::Whole(u64::try_from(y.year).unwrap_or(0)),
                        Cell::Number(y.index),
                        text(&y.source),
                    ]
                })
                .collect(),
        };
    }
    let columns = vec![
        "id",
        "age_band",
        "region",
        "label",
        "value",
        "low",
        "high",
        "unit",
        "price_year",
        "agency",
        "cashable",
        "evidence",
        "confidence",
        "assumption",
        "source",
        "locator",
        "url",
        "derivation",
    ];
    let rows = t
        .rows
        .iter()
        .map(|r| {
            let source = t.source(&r.source);
            vec![
                text(&r.id),
                text(r.age_band.as_str()),
                text(r.region.as_str()),
                text(&r.label),
                Cell::Money(r.value),
                r.low.map_or(Cell::Empty, Cell::Money),
                r.high.map_or(Cell::Empty, Cell::Money),
                text(&r.unit),
                Cell::Whole(u64::try_from(t.row_price_year(r)).unwrap_or(0)),
                opt_text(r.agency.as_deref()),
                r.cashable.map_or(Cell::Empty, Cell::Bool),
                text(r.evidence().as_str()),
                r.confidence.map_or(Cell::Empty, |c| Cell::Whole(u64::from(c))),
                Cell::Bool(r.is_assumption()),
                opt_text(source.map(|s| format!("{}, {} ({})", s.publisher, s.title, s.year))),
                text(&r.locator),
                opt_text(source.map(|s| s.address())),
                text(&r.derivation),
            ]
        })
        .collect();
    Table {
        name: "rows",
        columns,
        rows,
    }
}

/// A comparison (`socval compare`, `socval diff`): the headline figures, then each item's.
pub fn comparison_table(c: &Comparison) -> Table {
    let row = |part: &str, d: &socval::compare::Difference| {
        let cell = |x: Decimal| match d.measure {
            socval::compare::Measure::Money => Cell::Money(x),
            socval::compare::Measure::Ratio => Cell::Number(x),
        };
        vec![
            text(part),
            text(&d.name),
            text(&d.label),
            text(match d.measure {
                socval::compare::Measure::Money => "money",
                socval::compare::Measure::Ratio => "ratio",
            }),
            cell(d.a),
            cell(d.b),
            cell(d.change),
            cell(d.exact_change),
            Cell::Bool(d.moved),
        ]
    };
    Table {
        name: "comparison",
        columns: vec![
            "part",
            "name",
            "label",
            "measure",
            "a",
            "b",
            "change",
            "exact_change",
            "moved",
        ],
        rows: c
            .totals
            .iter()
            .map(|d| row("total", d))
            .chain(c.items.iter().map(|d| row("item", d)))
            .collect(),
    }
}

#[cfg(feature = "uncertainty")]
fn total_key(t: Total) -> &'static str {
    match t {
        Total::SocialValue => "social_value",
        Total::FiscalSavings => "fiscal_savings",
    }
}

/// An uncertainty analysis (`socval uncertainty`; with the `uncertainty` feature) in long form, one figure a row: each
/// assumption's range, each tornado bar, each Monte Carlo percentile and statistic, each
/// break-even value (with the core's statement). The histograms are in the JSON output.
#[cfg(feature = "uncertainty")]
pub fn analysis_table(a: &Analysis) -> Table {
    let mut rows = Vec::new();
    let mut add =
        |section: &str, figure: &str, target: &str, label: &str, statistic: String, value: Cell, words: &str| {
            rows.push(vec![
                text(section),
                text(figure),
                text(target),
                text(label),
                Cell::Text(statistic),
                value,
                text(words),
            ]);
        };
    for x in &a.assumptions {
        for (stat, v) in [("low", x.low), ("central", x.central), ("high", x.high)] {
            add(
                "assumption",
                "",
                &x.target,
                &x.label,
                stat.into(),
                Cell::Number(v),
                &x.note,
            );
        }
    }
    for t in &a.tornado {
        let figure = total_key(t.total);
        add("tornado", figure, "", "", "base".into(), Cell::Money(t.base), "");
        for b in &t.bars {
            for (stat, v) in [("at_low", b.at_low), ("at_high", b.at_high), ("swing", b.swing)] {
                add("tornado", figure, &b.target, &b.label, stat.into(), Cell::Money(v), "");
            }
        }
    }
    let mc = &a.monte_carlo;
    add(
        "monte_carlo",
        "",
        "",
        "",
        "draws".into(),
        Cell::Whole(u64::from(mc.draws)),
        "",
    );
    add("monte_carlo", "", "", "", "seed".into(), Cell::Whole(mc.seed), "");
    for sp in &mc.spreads {
        for (p, v) in &sp.percentiles {
            let stat = format!("p{}", socval::money::percent_text(*p));
            add("monte_carlo", &sp.name, "", "", stat, Cell::Money(*v), "");
        }
        for (stat, v) in [("mean", sp.mean), ("min", sp.min), ("max", sp.max)] {
            add("monte_carlo", &sp.name, "", "", stat.into(), Cell::Money(v), "");
        }
    }
    for (figure, p) in [
        ("social_value", mc.p_social_exceeds_cost),
        ("fiscal_savings", mc.p_fiscal_exceeds_cost),
    ] {
        let value = p.map_or(Cell::Empty, Cell::Number);
        add("monte_carlo", figure, "", "", "p_exceeds_cost".into(), value, "");
    }
    let be = &a.break_even;
    add(
        "break_even",
        "",
        "",
        "",
        "programme_cost".into(),
        Cell::Money(be.programme_cost),
        &be.text,
    );
    for b in &be.values {
        let value = match b.kind {
            BreakEvenKind::At { value, .. } => Cell::Number(value),
            _ => Cell::Empty,
        };
        add(
            "break_even",
            total_key(b.total),
            &b.target,
            &b.label,
            "value".into(),
            value,
            &b.text,
        );
    }
    Table {
        name: "uncertainty",
        columns: vec!["section", "figure", "target", "label", "statistic", "value", "text"],
        rows,
    }
}

/// The shipped templates (`socval templates`): id (as `init --template` takes it; `@id` names
/// the scenario elsewhere), file and name.
pub fn templates_table(list: &[Template]) -> Table {
    Table {
        name: "templates",
        columns: vec!["id", "file", "name"],
        rows: list
            .iter()
            .map(|t| vec![text(t.id), text(format!("scenarios/{}", t.file)), text(t.name)])
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Cell, Table, comparison_table};

    /// Text a spreadsheet would run is neutralised in the CSV, figures are written as the core
    /// holds them, and the same table gives the same workbook bytes.
    #[test]
    fn csv_cells_and_stable_workbook() {
        let t = Table {
            name: "t",
            columns: vec!["label", "amount", "n", "yes", "none"],
            rows: vec![vec![
                Cell::Text("=HYPERLINK(1)".into()),
                Cell::Money("1234.50".parse().unwrap()),
                Cell::Whole(7),
                Cell::Bool(true),
                Cell::Empty,
            ]],
        };
        assert_eq!(
            t.to_csv().unwrap(),
            "label,amount,n,yes,none\n'=HYPERLINK(1),1234.50,7,true,\n"
        );
        let a = t.to_xlsx().unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, t.to_xlsx().unwrap());
    }

    /// A comparison's rows: the headline figures first, then the items, each with its change.
    #[test]
    fn a_comparison_is_totals_then_items() {
        let reg = socval::Registry::embedded();
        let a = socval::template("step-together").unwrap().scenario().unwrap();
        let b = socval::template("securing-change").unwrap().scenario().unwrap();
        let c = socval::compare::compare(
            &socval::evaluate(&a, None, reg).unwrap(),
            &socval::evaluate(&b, None, reg).unwrap(),
        );
        let t = comparison_table(&c);
        assert_eq!(t.rows.len(), c.totals.len() + c.items.len());
        assert_eq!(t.rows[0][1], Cell::Text("social_value".into()));
        assert_eq!(t.rows[0][4], Cell::Money("86956.89".parse().unwrap()));
        assert_eq!(t.rows[0][6], Cell::Money("-43171.86".parse().unwrap()));
        assert_eq!(t.rows[c.totals.len()][0], Cell::Text("item".into()));
    }
}
