//! The words of the method in plain English, for the page's help and any report: each term with a
//! one-line explanation (shown beside an input) and a longer one with an example whose figures the
//! core computes itself, so that the help never disagrees with the engine.
//!
//! ```
//! let g = socval::glossary::glossary();
//! let dw = g.iter().find(|t| t.id == "deadweight").unwrap();
//! assert!(dw.short.contains("anyway"));
//! assert!(socval::glossary::worked_example().total == "£9,043.48");
//! ```

use crate::adjust::Adjustment;
use crate::valuation::format_gbp;
use rust_decimal::Decimal;
use serde::Serialize;

/// One term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// Id (`deadweight`), also the anchor a page links to.
    pub id: &'static str,
    /// The term as shown (`Deadweight`).
    pub term: &'static str,
    /// One line, shown beside an input.
    pub short: String,
    /// A paragraph with an example.
    pub long: String,
}

/// The worked example the glossary and the page's help show, computed by the core.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkedExample {
    /// The situation, in words.
    pub situation: String,
    /// Each step: what is done and the running figure.
    pub steps: Vec<(String, String)>,
    /// The result.
    pub total: String,
}

/// The worked example: 10 parents regain their confidence, valued at £1,560 each for one year,
/// with 20 % deadweight, 25 % attribution, no displacement, discounted once at 3.5 %:
/// £15,600 × 0.8 = £12,480; × 0.75 = £9,360; ÷ 1.035 = £9,043.48.
pub fn worked_example() -> WorkedExample {
    let value = Decimal::new(1560, 0);
    let people = Decimal::from(10);
    let dw = Decimal::new(20, 2);
    let at = Decimal::new(25, 2);
    let rate = Decimal::new(35, 3);
    let gross = value * people;
    let after_dw = gross * (Decimal::ONE - dw);
    let after_at = after_dw * (Decimal::ONE - at);
    let pv = after_at / (Decimal::ONE + rate);
    WorkedExample {
        situation: "10 parents regain their self-confidence after the programme. The table values that change at £1,560 a person for a year.".into(),
        steps: vec![
            ("Value × people: £1,560 × 10".into(), format_gbp(gross)),
            ("Less 20 % deadweight (2 in 10 would have regained it anyway)".into(), format_gbp(after_dw)),
            ("Less 25 % attribution (a quarter of the change is due to others)".into(), format_gbp(after_at)),
            ("No displacement (nobody else loses confidence because of it)".into(), format_gbp(after_at)),
            ("Discounted once at 3.5 % to a present value (÷ 1.035)".into(), format_gbp(pv)),
        ],
        total: format_gbp(pv),
    }
}

/// Every term, in the order a reader meets them.
pub fn glossary() -> Vec<Term> {
    let adj = |a: Adjustment, example: &str| Term {
        id: a.term_id(),
        term: a.label(),
        short: a.help().to_string(),
        long: format!("{} {example}", a.help()),
    };
    vec![
        Term {
            id: "social-value",
            term: "Social value",
            short: "A money measure of the change in people's wellbeing. It is not cash: no budget receives it.".into(),
            long: "A money measure of the change in people's wellbeing, from what people's life satisfaction says such a change is worth (HM Treasury's wellbeing guidance). It is not cash and no budget receives it; it is reported apart from fiscal savings.".into(),
        },
        Term {
            id: "fiscal-savings",
            term: "Fiscal savings",
            short: "Public costs avoided, such as care proceedings or a child entering care, valued at published unit costs.".into(),
            long: "Public costs the programme's results suggest were avoided (care proceedings, a child's placement), each valued at a published unit cost and borne by a named agency. They are reported apart from social value.".into(),
        },
        Term {
            id: "cashable",
            term: "Cashable",
            short: "A saving that could release cash from a budget, not only free up staff time or places.".into(),
            long: "A saving is cashable when avoiding the cost could release money from a budget (a placement not bought); it is not cashable when it frees capacity that is used for others (a social worker's time). Only cashable savings can be banked, and only if capacity is actually reduced.".into(),
        },
        adj(Adjustment::Deadweight, "Example: if 2 in 10 parents would have regained their confidence anyway, deadweight is 20 % and 8 in 10 count."),
        adj(Adjustment::Attribution, "Example: if a quarter of the change is due to a health visitor's work, attribution is 25 %."),
        adj(Adjustment::Displacement, "Example: a family rehoused ahead of another on the same list displaces that family's benefit: displacement is the share moved, not created."),
        adj(Adjustment::DropOff, "Example: with 30 % drop-off, an outcome worth £1,000 in year 1 counts £700 in year 2 and £490 in year 3."),
        adj(Adjustment::Duration, "Example: a per-year cost avoided for 3 years counts in years 1, 2 and 3."),
        Term {
            id: "present-value",
            term: "Present value and discounting",
            short: "Money in later years counts for less today: each year's figure is divided by (1 + rate) for every year from now.".into(),
            long: "Money in later years is worth less today, so each year's figure is discounted: divided by 1.035 for each year at HM Treasury's 3.5 % rate (1.5 % for wellbeing under the Green Book). The sum of the discounted figures is the present value. Under the SROI convention (socval's default) the first year is discounted once; under the Green Book convention the first year is year 0 and not discounted.".into(),
        },
        Term {
            id: "wellby",
            term: "WELLBY",
            short: "One point of life satisfaction (0–10) for one person for one year; HM Treasury values it at £13,000 (2019 prices).".into(),
            long: "A wellbeing-adjusted life year: a one-point change in life satisfaction on the 0–10 scale, for one person, for one year. HM Treasury's wellbeing guidance (2021) values it at £13,000 in 2019 prices (£10,000 to £16,000). A programme that measures life satisfaction before and after can be valued with it directly.".into(),
        },
        Term {
            id: "optimism-bias",
            term: "Optimism bias",
            short: "A haircut on values whose evidence is weak, by the value's confidence grade (1 high to 3 low).".into(),
            long: "Appraisals tend to overstate benefits, most where the evidence is weakest. A scenario may take a haircut by each value's confidence grade (1 high, 3 low); it appears as lines of its own in the working.".into(),
        },
        Term {
            id: "evidence-status",
            term: "Evidence status",
            short: "Where a value comes from: primary (read in its source), secondary (read in someone's summary), derived (computed from cited figures) or assumption.".into(),
            long: "Every value in socval's tables says where it comes from: primary (read in the publication that produced it), secondary (read only where someone quotes it), derived (computed from cited figures by a stated formula, which socval recomputes) or assumption (resting on a judgement). A commissioner should challenge assumptions first.".into(),
        },
        Term {
            id: "ratio",
            term: "Per £1 spent",
            short: "The figure divided by the programme's cost: £3.20 per £1 means £3.20 of value for each pound spent.".into(),
            long: "Social value (or fiscal savings) divided by the programme's cost, both as present values. £3.20 per £1 means £3.20 of value for each pound spent; below £1 per £1 the value does not cover the cost.".into(),
        },
        Term {
            id: "break-even",
            term: "Break-even",
            short: "How many families achieving these results it takes for the value to cover the cost.".into(),
            long: "The number of families, each achieving the scenario's per-family results, at which the value equals the programme's cost. A break-even far below the families served is a margin of safety.".into(),
        },
        Term {
            id: "band",
            term: "P5–P95 band",
            short: "The range within which 90 % of the uncertainty analysis's outcomes fall.".into(),
            long: "The uncertainty analysis draws each ranged assumption many times and values the scenario each time. 5 % of the results fall below P5 and 5 % above P95: the band shows how far the figure moves with the assumptions, not a statistical confidence interval.".into(),
        },
    ]
}
