//! The working as CSV: one row a line of the valuation, the same file from the CLI and the page.

use crate::Error;
use socval::{Section, Valuation};

/// The lines of the working as CSV, one row a line: the scenario's name and hash and each line's
/// table hash first (so that runs can be stacked), money to the penny (`amount` is the line's own
/// figure to the penny, `rounded` its share of the rounded total, which adds up), rates and factors
/// to 6 places. The exact figures are in the JSON output. The CLI's `--format csv` and the
/// page's "Download working (.csv)" both write this.
pub fn lines_csv(v: &Valuation, scenario_sha256: &str) -> Result<String, Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "scenario",
        "scenario_sha256",
        "n",
        "section",
        "kind",
        "item",
        "label",
        "table",
        "row",
        "table_sha256",
        "source",
        "url",
        "assumption",
        "evidence",
        "confidence",
        "age_band",
        "region",
        "agency",
        "cashable",
        "price_year",
        "unit_value",
        "rebase",
        "quantity",
        "gross",
        "deadweight",
        "attribution",
        "displacement",
        "drop_off",
        "year",
        "persistence",
        "discounting",
        "discount_factor",
        "undiscounted",
        "amount",
        "rounded",
        "working",
    ])?;
    // Text cells a spreadsheet would run as formulas are neutralised; numbers stay numbers.
    let t = |x: &str| socval::csv_text(x).into_owned();
    // Money to the penny and rates, factors and quantities to socval::money::FACTOR_PLACES, as the core
    // rounds them; the exact figures are in the JSON output.
    let money = |x: socval::Decimal| socval::money::to_penny(x).to_string();
    let factor = |x: socval::Decimal| socval::money::to_factor(x).to_string();
    let table_hash = |table: &Option<String>| {
        table
            .as_ref()
            .and_then(|r| v.tables.iter().find(|u| format!("{}@{}", u.id, u.version) == *r))
            .map(|u| u.sha256.clone())
            .unwrap_or_default()
    };
    let scenario = t(&v.scenario);
    for l in &v.lines {
        let section = match l.section {
            Section::SocialValue => "social-value",
            Section::FiscalSavings => "fiscal-savings",
            Section::ProgrammeCost => "programme-cost",
        };
        let kind = l.kind.key();
        w.write_record([
            scenario.clone(),
            scenario_sha256.to_string(),
            l.n.to_string(),
            section.into(),
            kind.into(),
            t(&l.item),
            t(&l.label),
            t(&l.table.clone().unwrap_or_default()),
            t(&l.row.clone().unwrap_or_default()),
            table_hash(&l.table),
            t(&l.source.clone().unwrap_or_default()),
            t(&l.url.clone().unwrap_or_default()),
            l.assumption.to_string(),
            l.evidence.map(|e| e.as_str().to_string()).unwrap_or_default(),
            l.confidence.map(|c| c.to_string()).unwrap_or_default(),
            l.age_band.clone(),
            l.region.clone(),
            t(&l.agency.clone().unwrap_or_default()),
            l.cashable.map(|c| c.to_string()).unwrap_or_default(),
            l.price_year.to_string(),
            money(l.unit_value),
            factor(l.rebase),
            factor(l.quantity),
            money(l.gross),
            factor(l.deadweight),
            factor(l.attribution),
            factor(l.displacement),
            factor(l.drop_off),
            l.year.to_string(),
            factor(l.persistence),
            t(&l.discounting),
            factor(l.discount_factor),
            money(l.undiscounted),
            money(l.amount),
            l.rounded.to_string(),
            t(&l.working),
        ])?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::from(csv::Error::from(e.into_error())))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
