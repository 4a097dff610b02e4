//! The result of a valuation and its working.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::discount::Discounting;
// Kept at their old paths while code written against them is merged (the money module is their
// home now); remove once nothing names `valuation::` for them.
#[allow(unused_imports)]
pub use crate::money::{
    FACTOR_PLACES, allocate_pennies, allocate_to, format_break_even, format_gbp, format_ratio, to_factor, to_penny,
    to_ratio,
};
use crate::scenario::DiscountConvention;

/// Which total a line belongs to. Social value and fiscal savings are never silently added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Wellbeing value to the families.
    SocialValue,
    /// Public costs avoided.
    FiscalSavings,
    /// The programme's cost.
    ProgrammeCost,
}

impl Section {
    /// Human name.
    pub fn title(self) -> &'static str {
        match self {
            Section::SocialValue => "Social value",
            Section::FiscalSavings => "Fiscal savings",
            Section::ProgrammeCost => "Programme cost",
        }
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LineKind {
    /// One year of one item's value (for one age band and region).
    Value,
    /// The optimism-bias haircut on one item (negative).
    OptimismBias,
    /// One programme cost.
    Cost,
}

impl LineKind {
    /// The kind's name in data output (`value`, `optimism-bias`, `cost`), as in the JSON.
    pub fn key(self) -> &'static str {
        match self {
            LineKind::Value => "value",
            LineKind::OptimismBias => "optimism-bias",
            LineKind::Cost => "cost",
        }
    }
}

/// One line of the working. A section's lines add up exactly to its total (`amount`: summed in
/// order, each year's line and the optimism-bias line under it added together first, as the
/// running total adds them), and their `rounded` amounts add up exactly to the rounded total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Line {
    /// 1-based line number.
    pub n: usize,
    /// Total it belongs to.
    pub section: Section,
    /// What it is.
    pub kind: LineKind,
    /// Scenario item id (or `cost-<n>` for costs).
    pub item: String,
    /// Label.
    pub label: String,
    /// Table `id@version` the proxy comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Row id in that table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    /// Source: publisher, title, year, locator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Source URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// True where the proxy rests on an assumption.
    pub assumption: bool,
    /// The proxy's evidence status (`primary`, `secondary`, `derived`, `assumption`); none for a
    /// programme cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<crate::tables::EvidenceStatus>,
    /// The proxy's confidence grade (1 high … 3 low), which the optimism-bias haircut follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// The evidence status the line counts under in the evidence split ([`Valuation::evidence`]):
    /// its row's status, or the status of a named deadweight level it takes, where that is weaker;
    /// none for a programme cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rests_on: Option<crate::tables::EvidenceStatus>,
    /// Age band the value applies to.
    pub age_band: String,
    /// Region the value applies to.
    pub region: String,
    /// Agency bearing an avoided cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Whether an avoided cost is cashable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cashable: Option<bool>,
    /// Price year of the unit value.
    pub price_year: i32,
    /// Unit value as in the table (or the cost amount).
    pub unit_value: Decimal,
    /// Rebasing factor: deflator index of the scenario's price year ÷ index of the price year.
    pub rebase: Decimal,
    /// HM Treasury's WELLBY uprating beyond the deflator, (real GDP per head growth)^1.3, for rows
    /// that ask for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uprating: Option<Decimal>,
    /// People or events.
    pub quantity: Decimal,
    /// unit value × rebase × uprating × quantity.
    pub gross: Decimal,
    /// Deadweight deducted.
    pub deadweight: Decimal,
    /// Attribution deducted.
    pub attribution: Decimal,
    /// Displacement deducted.
    pub displacement: Decimal,
    /// Drop-off per year.
    pub drop_off: Decimal,
    /// Appraisal year (1 = the first year of benefits; 0 = a cost paid up front).
    pub year: u32,
    /// (1 − drop-off)^(years since the first).
    pub persistence: Decimal,
    /// The rate or schedule the line is discounted on (`flat 3.5%`, `Green Book health schedule …`).
    pub discounting: String,
    /// 1 ÷ Π (1 + r(i)) over the year's periods (1 for an undiscounted year).
    pub discount_factor: Decimal,
    /// The year's value before discounting.
    pub undiscounted: Decimal,
    /// Present value, exact (at Decimal's full precision).
    pub amount: Decimal,
    /// Present value to the penny; the rounding residue is allocated by largest remainder.
    pub rounded: Decimal,
    /// The arithmetic in words.
    pub working: String,
}

impl Line {
    /// The share an adjustment took off this line (none for duration, which is the line's
    /// number of years rather than a share of it).
    pub fn adjustment(&self, a: crate::adjust::Adjustment) -> Option<Decimal> {
        match a {
            crate::adjust::Adjustment::Deadweight => Some(self.deadweight),
            crate::adjust::Adjustment::Attribution => Some(self.attribution),
            crate::adjust::Adjustment::Displacement => Some(self.displacement),
            crate::adjust::Adjustment::DropOff => Some(self.drop_off),
            crate::adjust::Adjustment::Duration => None,
        }
    }
}

/// Headline figures (present values, £ in the scenario's price year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Figures {
    /// Social value (wellbeing).
    pub social_value: Decimal,
    /// Fiscal savings (avoided public costs).
    pub fiscal_savings: Decimal,
    /// The part of fiscal savings that is cashable.
    pub cashable_savings: Decimal,
    /// Programme cost.
    pub programme_cost: Decimal,
    /// Social value + fiscal savings, only where the scenario asks for a combined total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combined: Option<Decimal>,
    /// Social value per family.
    pub social_value_per_family: Decimal,
    /// Fiscal savings per family.
    pub fiscal_savings_per_family: Decimal,
    /// Programme cost per family.
    pub cost_per_family: Decimal,
    /// Combined per family, where asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combined_per_family: Option<Decimal>,
    /// Social value ÷ programme cost (none when the cost is zero).
    pub sroi_social: Option<Decimal>,
    /// Fiscal savings ÷ programme cost.
    pub sroi_fiscal: Option<Decimal>,
    /// Combined ÷ programme cost, where asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sroi_combined: Option<Decimal>,
    /// Social value − programme cost.
    pub npv_social: Decimal,
    /// Fiscal savings − programme cost.
    pub npv_fiscal: Decimal,
    /// Combined − programme cost, where asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npv_combined: Option<Decimal>,
    /// Families achieving these per-family results needed for social value to cover the cost
    /// (none when there is no cost or no value).
    pub break_even_families_social: Option<Decimal>,
    /// Families achieving these per-family results needed for fiscal savings to cover the cost.
    pub break_even_families_fiscal: Option<Decimal>,
}

/// The name of an agency, as faces print it, from the id a unit-cost row gives
/// (`local-authority` → "Local authority"). The agencies of socval's tables have names of their
/// own; any other id (a user's table may name its own) is printed as written, its hyphens as
/// spaces and its first letter a capital; no id (a line no agency bears) is "No agency". Faces
/// print this and never an id.
///
/// ```
/// assert_eq!(socval::agency_name("legal-aid"), "Legal Aid Agency");
/// assert_eq!(socval::agency_name("youth-offending-team"), "Youth offending team");
/// ```
pub fn agency_name(id: &str) -> String {
    match id {
        "local-authority" => "Local authority".into(),
        "courts" => "HM Courts & Tribunals Service".into(),
        "legal-aid" => "Legal Aid Agency".into(),
        "cafcass" => "Cafcass".into(),
        "nhs" => "NHS".into(),
        "" => "No agency".into(),
        // ASCII case only: `char::to_uppercase` would bring Unicode's case tables (about 14 KB)
        // into every face that prints an agency, the page's first load included.
        other => other
            .char_indices()
            .map(|(i, c)| match c {
                '-' => ' ',
                c if i == 0 => c.to_ascii_uppercase(),
                c => c,
            })
            .collect(),
    }
}

/// Fiscal savings borne by one agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct AgencyTotal {
    /// Agency.
    pub agency: String,
    /// Present value, exact.
    pub amount: Decimal,
    /// To the penny; the agencies' rounded amounts add up to the rounded fiscal savings.
    pub rounded: Decimal,
    /// Cashable part, exact.
    pub cashable: Decimal,
    /// Cashable part to the penny; these add up to the rounded cashable savings.
    pub cashable_rounded: Decimal,
}

/// Figures falling in one appraisal year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct YearTotal {
    /// Year (1 = first).
    pub year: u32,
    /// Social value, present value.
    pub social_value: Decimal,
    /// Fiscal savings, present value.
    pub fiscal_savings: Decimal,
    /// Fiscal savings before discounting.
    pub fiscal_savings_undiscounted: Decimal,
    /// Programme cost, present value.
    pub programme_cost: Decimal,
    /// The same figures to the penny: each column adds up to its rounded total (the undiscounted
    /// column to [`Valuation::fiscal_savings_undiscounted`] rounded).
    pub rounded: YearAmounts,
}

/// A year's figures to the penny.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct YearAmounts {
    /// Social value, present value.
    pub social_value: Decimal,
    /// Fiscal savings, present value.
    pub fiscal_savings: Decimal,
    /// Fiscal savings before discounting.
    pub fiscal_savings_undiscounted: Decimal,
    /// Programme cost, present value.
    pub programme_cost: Decimal,
}

/// One scenario item's total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ItemTotal {
    /// Item id.
    pub item: String,
    /// Label.
    pub label: String,
    /// Section.
    pub section: Section,
    /// People or events.
    pub quantity: Decimal,
    /// Present value, exact.
    pub amount: Decimal,
    /// To the penny; a section's items add up to its rounded total.
    pub rounded: Decimal,
}

/// A table a valuation used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct TableUse {
    /// `wellbeing`, `unit_costs`, `deflators` or `gdp_per_head`; for the base of a table that
    /// overlays another, `unit_costs (base of council-costs@1.0.0)`.
    pub role: String,
    /// Table id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Content hash.
    pub sha256: String,
    /// For a table of one's own that overlays another: the base, `id@version` (listed next, with
    /// its hash); each line's `table` says which of the two its row comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlays: Option<String>,
    /// For the base of an overlay: the overlay, `id@version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_of: Option<String>,
}

/// The result of [`crate::evaluate`]: figures and the working behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Valuation {
    /// Scenario name.
    pub scenario: String,
    /// socval version that computed it.
    pub engine: String,
    /// Families in the cohort.
    pub families: u32,
    /// Whether the facts came from per-family records.
    pub from_records: bool,
    /// Price year of every figure.
    pub price_year: i32,
    /// The method version that produced it ([`crate::METHOD_VERSION`]).
    pub method: u32,
    /// Discount rate as a single figure (see [`crate::Scenario::discount_rate`]).
    pub discount_rate: Decimal,
    /// Discounting convention.
    pub discount_convention: DiscountConvention,
    /// The schedule of each kind of value.
    pub discounting: Discounting,
    /// Tables used, with their hashes.
    pub tables: Vec<TableUse>,
    /// Exact figures: totals are the sums of the lines' `amount`.
    pub totals: Figures,
    /// Each figure of `totals` rounded once: money to the penny (half away from zero), ratios to 4
    /// decimal places. A section's lines, items, years and agencies add up to these.
    pub display: Figures,
    /// Fiscal savings before discounting, exact (the undiscounted column of `by_year` adds up to it
    /// rounded).
    pub fiscal_savings_undiscounted: Decimal,
    /// Fiscal savings by agency.
    pub by_agency: Vec<AgencyTotal>,
    /// Figures by year.
    pub by_year: Vec<YearTotal>,
    /// Totals by scenario item.
    pub items: Vec<ItemTotal>,
    /// The working.
    pub lines: Vec<Line>,
    /// Things a reader should know (assumptions overridden, counts taken from records, ...).
    pub warnings: Vec<String>,
    /// The named, cited adjustment levels the scenario chooses, as
    /// `adjustment-levels@2.0.0/hact-hca-2014-health` (see [`crate::levels::level`] for each one's source).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<String>,
    /// Each headline figure split by the evidence status of the rows behind its lines, exact and
    /// to the penny (see [`mod@crate::evidence`]).
    #[serde(default)]
    pub evidence: EvidenceSplit,
    /// The minimum evidence status the valuation admitted, where the scenario (or a command) asks
    /// for one: rows of weaker status were left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_evidence: Option<crate::tables::EvidenceStatus>,
    /// What the minimum evidence status left out, item by item (and row by row).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// One source the working cites, as [`Valuation::sources`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The source as a line gives it (publisher, title, year, locator).
    pub source: String,
    /// Its URL, where the table records one.
    pub url: Option<String>,
    /// The table `id@version` of the first line citing it.
    pub table: Option<String>,
}

impl Citation {
    /// The source with its URL, or with "no URL recorded".
    pub fn full(&self) -> String {
        match self.url.as_deref() {
            Some(u) if !u.is_empty() => format!("{} — {u}", self.source),
            _ => format!("{} — no URL recorded", self.source),
        }
    }
}

impl Valuation {
    /// The lines of one section.
    pub fn section_lines(&self, section: Section) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.section == section)
    }

    /// Every source the working cites, once each, in the order of first use (social value, then
    /// fiscal savings, then the programme cost, each in line order). A report numbers them from 1;
    /// [`Valuation::citation_of`] gives a line's number.
    ///
    /// ```
    /// use socval::{Registry, evaluate, template};
    /// let s = template("step-together").unwrap().scenario().unwrap();
    /// let v = evaluate(&s, None, Registry::embedded()).unwrap();
    /// let sources = v.sources();
    /// // Built without the `table-text` feature, the tables' sources come with their text
    /// // (`Registry::attach_embedded_text`).
    /// if cfg!(feature = "table-text") {
    ///     assert!(!sources.is_empty());
    ///     let first = v.lines.iter().find(|l| l.source.is_some()).unwrap();
    ///     assert_eq!(v.citation_of(first).map(|i| &sources[i - 1].source), first.source.as_ref());
    /// }
    /// ```
    pub fn sources(&self) -> Vec<Citation> {
        let mut out: Vec<Citation> = Vec::new();
        for l in self.cited_lines() {
            let Some(source) = &l.source else { continue };
            if !out.iter().any(|c| &c.source == source && c.url == l.url) {
                out.push(Citation {
                    source: source.clone(),
                    url: l.url.clone(),
                    table: l.table.clone(),
                });
            }
        }
        out
    }

    /// The 1-based number of the line's source in [`Valuation::sources`]; none for a line
    /// without a source.
    pub fn citation_of(&self, line: &Line) -> Option<usize> {
        let source = line.source.as_ref()?;
        let mut seen: Vec<(&String, &Option<String>)> = Vec::new();
        for l in self.cited_lines() {
            let Some(s) = &l.source else { continue };
            if !seen.iter().any(|(k, u)| *k == s && **u == l.url) {
                seen.push((s, &l.url));
            }
            if s == source && l.url == line.url {
                return seen.iter().position(|(k, u)| *k == s && **u == l.url).map(|i| i + 1);
            }
        }
        None
    }

    fn cited_lines(&self) -> impl Iterator<Item = &Line> {
        [Section::SocialValue, Section::FiscalSavings, Section::ProgrammeCost]
            .into_iter()
            .flat_map(|s| self.section_lines(s))
    }

    /// Where two headline figures printed side by side do not add up to the penny because each is
    /// the exact figure rounded once (social value + fiscal savings against the combined total,
    /// value − cost against an NPV), the sentence a report prints under them.
    pub fn rounding_note(&self) -> Option<&'static str> {
        let d = &self.display;
        let combined = d.combined.is_some_and(|c| d.social_value + d.fiscal_savings != c)
            || d.npv_combined
                .zip(d.combined)
                .is_some_and(|(n, c)| c - d.programme_cost != n);
        let npv =
            d.social_value - d.programme_cost != d.npv_social || d.fiscal_savings - d.programme_cost != d.npv_fiscal;
        (combined || npv).then_some(
            "Figures are rounded independently: each is the exact figure rounded once, so a total may differ by a penny from the sum of the rounded figures beside it.",
        )
    }

    /// The valuation as pretty JSON (money as decimal strings): serde_json's pretty text, each
    /// line's indent written at once (`pretty.rs`).
    pub fn to_json(&self) -> String {
        crate::pretty::to_string_pretty(self)
    }

    /// [`Valuation::to_json`]'s text (UTF-8) written to `writer`.
    pub fn write_json<W: std::io::Write>(&self, writer: W) -> std::io::Result<()> {
        crate::pretty::write_pretty(writer, self)
    }
}

/// A text cell made safe to open in a spreadsheet (OWASP's CSV-injection rule): text a
/// spreadsheet would evaluate as a formula is prefixed with `'`. A spreadsheet may split a cell
/// on its list separator (`;` in much of Europe, `,`, `|` or a tab), so every part of the text
/// between those that starts with `=`, `+`, `-`, `@` (or their fullwidth forms `＝`, `＋`, `－`,
/// `＠`), a tab or a carriage return gets the `'`, not only the first. Use it for text (labels,
/// sources, working), not for numbers: a negative number written by socval stays a number.
///
/// ```
/// assert_eq!(socval::csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(socval::csv_text("Confidence;=1+2;@SUM(3,4)"), "Confidence;'=1+2;'@SUM(3,4)");
/// assert_eq!(socval::csv_text("＝1+2"), "'＝1+2");
/// assert_eq!(socval::csv_text("Delivery"), "Delivery");
/// ```
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    const STARTS: [char; 10] = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r'];
    let risky = |part: &str| part.starts_with(STARTS);
    let split = |c: char| matches!(c, ',' | ';' | '|' | '\t');
    if !risky(text) && !text.split(split).skip(1).any(risky) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    loop {
        if risky(rest) {
            out.push('\'');
        }
        match rest.find(split) {
            Some(i) => {
                let sep = rest[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..i + sep]);
                rest = &rest[i + sep..];
            }
            None => {
                out.push_str(rest);
                break;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One status's part of a headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct EvidencePart {
    /// The evidence status.
    pub status: crate::tables::EvidenceStatus,
    /// The part, exact: the sum of the lines that rest on this status.
    pub amount: Decimal,
    /// The part to the penny; the parts of a figure add up to the displayed figure.
    pub rounded: Decimal,
}

/// Each headline figure split by the evidence status of the rows behind its lines: one part per
/// status, strongest first (all four, a part with no line being zero).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct EvidenceSplit {
    /// Social value by status.
    pub social_value: Vec<EvidencePart>,
    /// Fiscal savings by status.
    pub fiscal_savings: Vec<EvidencePart>,
    /// Cashable savings by status.
    pub cashable_savings: Vec<EvidencePart>,
    /// The combined total by status, where the scenario asks for a combined total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combined: Option<Vec<EvidencePart>>,
}

impl EvidenceSplit {
    /// The figures that are split, with their names as reports print them and their parts:
    /// social value, fiscal savings, cashable savings and (where asked for) the combined total.
    pub fn figures(&self) -> Vec<(&'static str, &[EvidencePart])> {
        let mut out: Vec<(&'static str, &[EvidencePart])> = vec![
            ("Social value", &self.social_value),
            ("Fiscal savings", &self.fiscal_savings),
            ("Cashable savings", &self.cashable_savings),
        ];
        if let Some(c) = &self.combined {
            out.push(("Combined total", c));
        }
        out
    }
}

/// An item (or one of its rows) a minimum evidence level left out of a valuation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct LeftOut {
    /// Total the item would have counted in.
    pub section: Section,
    /// Scenario item id.
    pub item: String,
    /// Its label.
    pub label: String,
    /// Table `id@version` of its row.
    pub table: String,
    /// Row id.
    pub row: String,
    /// The status the item rests on (its row's, or a weaker named level's it takes deadweight
    /// from).
    pub status: crate::tables::EvidenceStatus,
}
