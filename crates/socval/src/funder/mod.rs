//! The funder report: one or two printable pages a fundraiser can attach to a bid and a
//! commissioner can check, built from a valuation (and, where the scenario has ranges, an
//! uncertainty analysis), followed by the working as an appendix.
//!
//! The core builds the report as data ([`FunderReport`]) and writes it as one self-contained HTML
//! document ([`FunderReport::to_html`]: no script, no external file, print styles for A4), which
//! the CLI (`socval report`) and the page write alike. Every figure in it is a figure of the
//! valuation, rounded once, so it equals the CLI's and the page's to the penny.
//!
//! ```
//! use socval::{Registry, evaluate, funder_report, template};
//! let s = template("step-together").unwrap().scenario().unwrap();
//! let v = evaluate(&s, None, Registry::embedded()).unwrap();
//! let r = funder_report(&s, &v, None, Registry::embedded(), "26 November 2026");
//! assert_eq!(r.headline[0].label, "Social value");
//! let html = r.to_html();
//! assert!(html.contains("Step Together") && html.contains("Appendix: the working"));
//! ```

use crate::adjust::{Adjustment, ItemRef, Origin, in_force, item_label};
use crate::scenario::Scenario;
use crate::tables::Registry;
use crate::uncertainty::Analysis;
use crate::valuation::{TableUse, Valuation, format_break_even, format_gbp, format_ratio};
use rust_decimal::Decimal;
use serde::Serialize;

mod html;

/// A headline figure: its total and per-family figure, each rounded once, with the Monte Carlo's
/// 5th–95th percentile band where the scenario has ranges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// What it is (`Social value`).
    pub label: String,
    /// The total, to the penny.
    pub total: Decimal,
    /// Per family, to the penny.
    pub per_family: Decimal,
    /// P5 and P95 of the total, where an analysis was run.
    pub band: Option<(Decimal, Decimal)>,
    /// P5 and P95 per family, where an analysis was run.
    pub band_per_family: Option<(Decimal, Decimal)>,
}

/// One row of the assumptions table: an item, its value and where the value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssumptionRow {
    /// The item's label.
    pub item: String,
    /// Social value or fiscal savings.
    pub kind: String,
    /// The value per unit, as the table gives it (`£1,560.00 per person-year (2019 prices)`).
    pub value: String,
    /// Its source (publisher, title, locator), and address.
    pub source: String,
    /// Evidence status and confidence grade (`assumption, grade 3`).
    pub evidence: String,
    /// The adjustments in force and where each comes from.
    pub adjustments: String,
    /// The scenario's own evidence note for the item.
    pub note: String,
    /// Its present value in the valuation, to the penny.
    pub amount: Decimal,
}

/// One line of the working, for the appendix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkingLine {
    /// Line number, as in the working.
    pub n: usize,
    /// Social value, fiscal savings, programme cost or optimism bias.
    pub section: String,
    /// Item and year.
    pub label: String,
    /// The arithmetic.
    pub working: String,
    /// The line's amount, to the penny (the lines add up to the totals).
    pub amount: Decimal,
}

/// The funder report, as data. Build it with [`funder_report`]; write it with
/// [`FunderReport::to_html`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunderReport {
    /// Programme (the scenario's name).
    pub programme: String,
    /// The date printed on it (given by the caller: the core has no clock).
    pub date: String,
    /// Families in the cohort.
    pub families: u32,
    /// Price year of every figure.
    pub price_year: i32,
    /// Social value, fiscal savings, programme cost and, where asked for, the combined figure.
    pub headline: Vec<Headline>,
    /// Each figure per £1 spent, with its band where an analysis was run (`£1.31 per £1`).
    pub per_pound: Vec<(String, String)>,
    /// Break-even numbers of families.
    pub break_even: Vec<(String, String)>,
    /// The method in plain English.
    pub method: Vec<String>,
    /// Each item's value, source, evidence and adjustments.
    pub assumptions: Vec<AssumptionRow>,
    /// The programme's description, where the scenario has one.
    pub description: String,
    /// The scenario's own notes (why its figure differs from a published one, its caveats), as
    /// far as they may be shown beside these figures ([`crate::notes_in_force`]); empty when it
    /// has none or they are left out.
    pub caveats: String,
    /// Where a shipped template's notes are left out (the scenario changed since), the line that
    /// says so in their place.
    pub caveats_left_out: Option<String>,
    /// Where an analysis was run and there is a programme cost: the probability that each
    /// figure exceeds it.
    pub probabilities: Vec<String>,
    /// Where an analysis was run and there is a programme cost: the break-even statements (what
    /// they are set against, then what each assumption would have to be for a figure to equal
    /// the cost), in the core's words.
    pub break_even_statements: Vec<String>,
    /// Tables used, with their hashes.
    pub tables: Vec<TableUse>,
    /// Named adjustment levels chosen, with their citations.
    pub levels: Vec<String>,
    /// What the figures do not claim.
    pub not_claimed: Vec<String>,
    /// How the bands were found, where an analysis was run.
    pub uncertainty: Option<String>,
    /// Warnings of the valuation a reader should know.
    pub warnings: Vec<String>,
    /// The working, line by line.
    pub working: Vec<WorkingLine>,
    /// Each source the working cites, in full (citation, locator and address), once.
    pub sources: Vec<String>,
    /// The rounding note, where two printed figures miss by a penny.
    pub rounding_note: Option<String>,
    /// The evidence behind each headline figure (the valuation's split, to the penny).
    pub evidence: Vec<EvidenceRow>,
    /// What a minimum evidence status valued and left out, where the valuation had one.
    pub minimum_evidence: Option<String>,
}

/// One headline figure split by the evidence status of the rows behind it, as the report prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceRow {
    /// The figure (`Social value`).
    pub label: String,
    /// The figure, to the penny.
    pub total: Decimal,
    /// Its parts to the penny, strongest status first (they add up to `total`).
    pub parts: Vec<(crate::tables::EvidenceStatus, Decimal)>,
    /// The parts in words (`of which £47,702.15 rests on assumed values`).
    pub words: Option<String>,
}

/// The evidence rows of a valuation: each split figure with its displayed total and parts.
fn evidence_rows(valuation: &Valuation) -> Vec<EvidenceRow> {
    let d = &valuation.display;
    let totals = [d.social_value, d.fiscal_savings, d.cashable_savings]
        .into_iter()
        .chain(d.combined);
    valuation
        .evidence
        .figures()
        .into_iter()
        .zip(totals)
        .map(|((label, parts), total)| EvidenceRow {
            label: label.to_string(),
            total,
            parts: parts.iter().map(|p| (p.status, p.rounded)).collect(),
            words: crate::evidence::evidence_words(parts),
        })
        .collect()
}

fn band(analysis: Option<&Analysis>, name: &str) -> Option<(Decimal, Decimal)> {
    let spread = analysis?.monte_carlo.spreads.iter().find(|s| s.name == name)?;
    let at = |p: Decimal| spread.percentiles.iter().find(|(q, _)| *q == p).map(|(_, v)| *v);
    Some((at(Decimal::new(5, 2))?, at(Decimal::new(95, 2))?))
}

/// Builds the funder report of a valuation. `analysis`, where given (the scenario's uncertainty
/// analysis), adds the P5–P95 bands; `date` is printed as given.
pub fn funder_report(
    scenario: &Scenario,
    valuation: &Valuation,
    analysis: Option<&Analysis>,
    registry: &Registry,
    date: &str,
) -> FunderReport {
    let headline = headline_of(valuation, analysis);

    let per_pound = per_pound_of(valuation, analysis);
    let break_even = break_even_of(valuation);

    let method = method_of(valuation);

    let assumptions = assumptions_of(scenario, valuation, registry);

    let levels = scenario
        .chosen_levels()
        .into_iter()
        .map(|l| format!("{} — {}", l.summary(), l.citation()))
        .collect();
    let not_claimed = vec![
        "Social value is not cash: it is a money measure of changes in people's wellbeing, and no budget receives it.".into(),
        "Fiscal savings are public costs the evidence suggests were avoided; only the part marked cashable could release cash, and only if the service's capacity is actually reduced.".into(),
        "The figures rest on the stated assumptions and sources: where a value is marked an assumption or secondary, it has not been confirmed in a primary source.".into(),
        "The figures are not a measured impact evaluation of this programme unless its own comparison group says so.".into(),
    ];
    let uncertainty = analysis.map(|a| {
        format!(
            "Bands are the 5th and 95th percentiles of {} Monte Carlo draws (seed {}) over {} ranged assumptions.",
            a.monte_carlo.draws,
            a.monte_carlo.seed,
            a.assumptions.len()
        )
    });
    let (mut probabilities, mut break_even_statements) = (Vec::new(), Vec::new());
    if let Some(a) = analysis {
        let mc = &a.monte_carlo;
        for (what, p) in [
            ("social value exceeds", mc.p_social_exceeds_cost),
            ("fiscal savings exceed", mc.p_fiscal_exceeds_cost),
        ] {
            if let Some(p) = p {
                probabilities.push(format!(
                    "Probability that {what} the programme cost: {} % of {} draws.",
                    (p * Decimal::ONE_HUNDRED).round_dp(1).normalize(),
                    mc.draws
                ));
            }
        }
        // Without a cost (or values to set against it) there is nothing to break even: the
        // headline's "per £1" line already says so.
        if !a.break_even.values.is_empty() {
            if !a.break_even.text.is_empty() {
                break_even_statements.push(a.break_even.text.clone());
            }
            break_even_statements.extend(a.break_even.values.iter().map(|b| b.text.clone()));
        }
    }
    let (caveats, caveats_left_out) = match crate::notes_in_force(scenario, valuation.from_records) {
        crate::NotesInForce::None => (String::new(), None),
        crate::NotesInForce::Shown(n) => (n, None),
        crate::NotesInForce::LeftOut(line) => (String::new(), Some(line)),
    };
    let working = valuation
        .lines
        .iter()
        .map(|l| WorkingLine {
            n: l.n,
            section: l.section.title().into(),
            label: l.label.clone(),
            working: l.working.clone(),
            amount: l.rounded,
        })
        .collect();

    FunderReport {
        programme: scenario.name.clone(),
        date: date.to_string(),
        families: valuation.families,
        price_year: valuation.price_year,
        headline,
        per_pound,
        break_even,
        method,
        assumptions,
        description: scenario.description.trim().to_string(),
        caveats,
        caveats_left_out,
        probabilities,
        break_even_statements,
        tables: valuation.tables.clone(),
        levels,
        not_claimed,
        uncertainty,
        warnings: valuation.warnings.clone(),
        working,
        sources: valuation.sources().iter().map(|c| c.full()).collect(),
        rounding_note: valuation.rounding_note().map(str::to_string),
        evidence: evidence_rows(valuation),
        minimum_evidence: valuation
            .min_evidence
            .map(|m| crate::evidence::left_out_note(m, &valuation.left_out)),
    }
}

/// The headline figures: social value and fiscal savings (with their P5–P95 bands where there is
/// an analysis), then the combined figure and the programme cost where there are any.
fn headline_of(valuation: &Valuation, analysis: Option<&Analysis>) -> Vec<Headline> {
    let d = &valuation.display;
    let mut headline = vec![
        Headline {
            label: "Social value".into(),
            total: d.social_value,
            per_family: d.social_value_per_family,
            band: band(analysis, "social_value"),
            band_per_family: band(analysis, "social_value_per_family"),
        },
        Headline {
            label: "Fiscal savings (public costs avoided)".into(),
            total: d.fiscal_savings,
            per_family: d.fiscal_savings_per_family,
            band: band(analysis, "fiscal_savings"),
            band_per_family: band(analysis, "fiscal_savings_per_family"),
        },
    ];
    if let (Some(c), Some(cf)) = (d.combined, d.combined_per_family) {
        headline.push(Headline {
            label: "Combined (social value + fiscal savings)".into(),
            total: c,
            per_family: cf,
            band: None,
            band_per_family: None,
        });
    }
    if !d.programme_cost.is_zero() {
        headline.push(Headline {
            label: "Programme cost".into(),
            total: d.programme_cost,
            per_family: d.cost_per_family,
            band: None,
            band_per_family: None,
        });
    }
    headline
}

/// The returns per £1 spent, each with its P5–P95 band where there is an analysis.
fn per_pound_of(valuation: &Valuation, analysis: Option<&Analysis>) -> Vec<(String, String)> {
    let d = &valuation.display;
    let ratio_band = |name: &str| {
        band(analysis, name)
            .filter(|_| !d.programme_cost.is_zero())
            .and_then(|(lo, hi)| {
                let cost = valuation.totals.programme_cost;
                Some(format!(
                    " (P5–P95 {} to {})",
                    format_ratio(lo.checked_div(cost)?),
                    format_ratio(hi.checked_div(cost)?)
                ))
            })
    };
    let mut per_pound = Vec::new();
    for (label, r, name) in [
        ("Social value per £1 spent", d.sroi_social, "social_value"),
        ("Fiscal savings per £1 spent", d.sroi_fiscal, "fiscal_savings"),
        ("Combined per £1 spent", d.sroi_combined, ""),
    ] {
        if let Some(r) = r {
            per_pound.push((
                label.to_string(),
                format!("{}{}", format_ratio(r), ratio_band(name).unwrap_or_default()),
            ));
        }
    }
    per_pound
}

/// The families needed for each figure to cover the cost, or why there is no such figure.
fn break_even_of(valuation: &Valuation) -> Vec<(String, String)> {
    let d = &valuation.display;
    if d.programme_cost.is_zero() {
        vec![(
            "Per £1 spent".to_string(),
            "not given: the scenario states no programme cost".to_string(),
        )]
    } else {
        vec![
            (
                "Families needed for social value to cover the cost".to_string(),
                format_break_even(d.break_even_families_social, d.programme_cost),
            ),
            (
                "Families needed for fiscal savings to cover the cost".to_string(),
                format_break_even(d.break_even_families_fiscal, d.programme_cost),
            ),
        ]
    }
}

/// How the figures are worked out, in three paragraphs.
fn method_of(valuation: &Valuation) -> Vec<String> {
    let convention = match valuation.discount_convention {
        crate::DiscountConvention::Sroi => "the SROI convention (the first year's value is discounted once)",
        crate::DiscountConvention::GreenBook => {
            "HM Treasury's Green Book convention (the first year is year 0, not discounted)"
        }
    };
    vec![
        format!(
            "Each outcome the programme achieved is valued with a published figure from a named table: wellbeing outcomes at what HM Treasury's wellbeing guidance puts on a change in life satisfaction, public costs avoided at a cited unit cost. Each value is multiplied by the number of people or events ({} families in all), all in {} prices.",
            valuation.families, valuation.price_year
        ),
        "From each value the report deducts what would have happened anyway (deadweight), the share due to others (attribution) and the share that only moves elsewhere (displacement); an outcome lasting several years loses its drop-off each year after the first.".into(),
        format!(
            "Future years are discounted to present values under {convention}. Social value and fiscal savings are separate figures and are never added together unless the scenario asks for a combined figure, which is then labelled. Every figure is the exact figure rounded once, to the penny (method version {}).",
            valuation.method
        ),
    ]
}

/// The assumptions table's rows: each outcome, avoided cost and measured change.
fn assumptions_of(scenario: &Scenario, valuation: &Valuation, registry: &Registry) -> Vec<AssumptionRow> {
    let mut assumptions = Vec::new();
    for (i, o) in scenario.outcomes.iter().enumerate() {
        assumptions.push(row_of(
            scenario,
            valuation,
            registry,
            ItemRef::Outcome(i),
            &o.id,
            &o.evidence,
        ));
    }
    for (i, a) in scenario.avoided.iter().enumerate() {
        assumptions.push(row_of(
            scenario,
            valuation,
            registry,
            ItemRef::Avoided(i),
            &a.id,
            &a.evidence,
        ));
    }
    for m in &scenario.measured {
        let amount = valuation
            .items
            .iter()
            .find(|t| t.item == m.id)
            .map(|t| t.rounded)
            .unwrap_or_default();
        assumptions.push(AssumptionRow {
            item: m.label.clone().unwrap_or_else(|| m.id.clone()),
            kind: "Social value (measured life satisfaction)".into(),
            value: format!(
                "{} on a {}–{} scale, counterfactual change {}",
                match (m.before, m.after) {
                    (Some(b), Some(a)) => format!("before {}, after {}", b.normalize(), a.normalize()),
                    _ => "each person's scores from the records".to_string(),
                },
                m.scale[0].normalize(),
                m.scale[1].normalize(),
                m.counterfactual_change.normalize()
            ),
            source: "the programme's own measurement, valued at the WELLBY".into(),
            evidence: "measured by the programme".into(),
            adjustments: "no deadweight (the counterfactual change is deducted)".into(),
            note: m.evidence.clone(),
            amount,
        });
    }
    assumptions
}

fn row_of(
    scenario: &Scenario,
    valuation: &Valuation,
    registry: &Registry,
    item: ItemRef,
    id: &str,
    note: &str,
) -> AssumptionRow {
    let line = valuation.lines.iter().find(|l| l.item == id);
    let amount = valuation
        .items
        .iter()
        .find(|t| t.item == id)
        .map(|t| t.rounded)
        .unwrap_or_default();
    let adjustments = Adjustment::ALL
        .iter()
        .filter_map(|&a| {
            let f = in_force(scenario, registry, item, a).ok()?;
            (f.origin != Origin::Neutral).then(|| f.describe(a))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let adjustments = if adjustments.is_empty() {
        "none".to_string()
    } else {
        adjustments
    };
    AssumptionRow {
        item: item_label(scenario, registry, item),
        kind: match item {
            ItemRef::Outcome(_) => "Social value".into(),
            ItemRef::Avoided(_) => "Fiscal savings".into(),
        },
        value: line
            .map(|l| format!("{} ({} prices)", format_gbp(l.unit_value), l.price_year))
            .unwrap_or_default(),
        source: short_source(scenario, registry, item)
            .or_else(|| line.and_then(|l| l.source.clone()))
            .unwrap_or_default(),
        evidence: line
            .map(|l| {
                let status = l.evidence.map(|e| e.to_string()).unwrap_or_else(|| "not stated".into());
                match l.confidence {
                    Some(c) => format!("{status}, grade {c}"),
                    None => status,
                }
            })
            .unwrap_or_default(),
        adjustments,
        note: note.trim().to_string(),
        amount,
    }
}

/// An item's source: publisher, whole title and year, and the table; the full citation, with its
/// locator and address, is in the appendix.
fn short_source(scenario: &Scenario, registry: &Registry, item: ItemRef) -> Option<String> {
    let reference = match item {
        ItemRef::Outcome(_) => &scenario.tables.wellbeing,
        ItemRef::Avoided(_) => &scenario.tables.unit_costs,
    };
    let table = registry.get(reference)?;
    let row = crate::adjust::item_row(scenario, table, item)?;
    let src = table.source(&row.source)?;
    Some(format!(
        "{}, {} ({}) · {}",
        src.publisher,
        src.title,
        src.year,
        table.row_table(row)
    ))
}
