//! The evidence behind every total: golden figures of the split on a small hand-worked scenario,
//! the rule for a named deadweight level of weaker status, measured lines, a minimum evidence
//! status and what it leaves out, and bad input.
//!
//! The test tables are format 2 (every row states its status), so that the figures do not move
//! when the shipped tables change.

use socval::evidence::{EvidencePart, evidence_words};
use socval::tables::EvidenceStatus;
use socval::{Decimal, Registry, Scenario, Section, Valuation, evaluate};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const WB: &str = include_str!("fixtures/evidence-wellbeing.toml");

const UC: &str = include_str!("fixtures/evidence-unit-costs.toml");

const DEFL: &str = include_str!("fixtures/evidence-deflator.toml");

fn registry() -> Registry {
    let mut r = Registry::default();
    r.add_toml("wb.toml", WB).unwrap();
    r.add_toml("uc.toml", UC).unwrap();
    r.add_toml("defl.toml", DEFL).unwrap();
    r
}

/// One person or one event on each row, year 1, price year 2020 (no rebasing), discounted at
/// 3.5 % (SROI: year 1 discounted), no adjustments, a combined total.
const HAND: &str = include_str!("fixtures/evidence.toml");

fn value(text: &str) -> Valuation {
    let s = Scenario::from_toml_str("evidence.toml", text).unwrap();
    evaluate(&s, None, &registry()).unwrap()
}

/// The displayed parts, strongest first (primary, secondary, derived, assumption).
fn shown(parts: &[EvidencePart]) -> Vec<Decimal> {
    assert_eq!(
        parts.iter().map(|p| p.status).collect::<Vec<_>>(),
        EvidenceStatus::ALL.to_vec()
    );
    parts.iter().map(|p| p.rounded).collect()
}

fn exact(parts: &[EvidencePart]) -> Decimal {
    parts.iter().map(|p| p.amount).sum()
}

/// The split worked by hand. Each line is its row's value ÷ 1.035:
///   £1,000 ÷ 1.035 = £966.18357487922…   (each of the outcomes p, s, a)
///   £600 ÷ 1.035   = £579.71014492753…   (d, derived, cashable)
///   £300 ÷ 1.035   = £289.85507246376…   (s2, secondary, not cashable)
///   £100 ÷ 1.035   = £96.618357487922…   (a2, assumption, cashable)
///
/// Social value = £3,000 ÷ 1.035 = £2,898.5507246… → £2,898.55. Parts: primary, secondary and
///   assumption £966.1835749… each: floors £966.18 × 3 = £2,898.54, one penny short; the
///   remainders tie, so it goes to the first (primary): £966.19, £0, … → 966.19 / 966.18 / 0 /
///   966.18.
/// Cashable savings = £700 ÷ 1.035 = £676.3285024… → £676.33. Parts: derived £579.7101449
///   (floor 579.71, remainder 0.0001), assumption £96.6183575 (floor 96.61, remainder 0.0084):
///   floors £676.32, one penny short, to the assumption: 0 / 0 / 579.71 / 96.62.
/// Fiscal savings = £1,000 ÷ 1.035 = £966.1835749… → £966.18. The part not cashable (secondary
///   £289.8550725) is allocated to £966.18 − £676.33 = £289.85 (rounded alone it would be
///   £289.86: the penny went to the cashable column); each status's fiscal part is its cashable
///   part plus the rest: 0 / 289.85 / 579.71 / 96.62 (sum £966.18).
/// Combined = £3,864.7342995… → £3,864.73. Parts: primary £966.1835749, secondary £966.1835749 +
///   £289.8550725 = £1,256.0386473, derived £579.7101449, assumption £966.1835749 + £96.6183575 =
///   £1,062.8019324: floors 966.18 + 1,256.03 + 579.71 + 1,062.80 = £3,864.72, one penny short,
///   to the largest remainder (secondary, 0.0086): 966.18 / 1,256.04 / 579.71 / 1,062.80.
#[test]
fn split_worked_by_hand() {
    let v = value(HAND);
    assert_eq!(v.display.social_value, d("2898.55"));
    assert_eq!(v.display.fiscal_savings, d("966.18"));
    assert_eq!(v.display.cashable_savings, d("676.33"));
    assert_eq!(v.display.combined, Some(d("3864.73")));
    let e = &v.evidence;
    assert_eq!(
        shown(&e.social_value),
        vec![d("966.19"), d("966.18"), d("0"), d("966.18")]
    );
    assert_eq!(
        shown(&e.cashable_savings),
        vec![d("0"), d("0"), d("579.71"), d("96.62")]
    );
    assert_eq!(
        shown(&e.fiscal_savings),
        vec![d("0"), d("289.85"), d("579.71"), d("96.62")]
    );
    let combined = e.combined.as_deref().expect("the scenario asks for a combined total");
    assert_eq!(
        shown(combined),
        vec![d("966.18"), d("1256.04"), d("579.71"), d("1062.80")]
    );
    // The exact parts add up to the exact figures.
    assert_eq!(exact(&e.social_value), v.totals.social_value);
    assert_eq!(exact(&e.fiscal_savings), v.totals.fiscal_savings);
    assert_eq!(exact(&e.cashable_savings), v.totals.cashable_savings);
    assert_eq!(exact(combined), v.totals.combined.unwrap());
    // Each line counts under its row's status; the programme cost is not split.
    for l in &v.lines {
        match l.section {
            Section::ProgrammeCost => assert_eq!(l.rests_on, None),
            _ => assert_eq!(l.rests_on, l.evidence, "line {}", l.n),
        }
    }
    // The words every face prints beside the figure.
    assert_eq!(
        evidence_words(&e.social_value).unwrap(),
        "of which £966.19 rests on primary sources, £966.18 on secondary sources and £966.18 on assumed values"
    );
    assert_eq!(
        evidence_words(&e.cashable_savings).unwrap(),
        "of which £579.71 rests on derived values and £96.62 on assumed values"
    );
    assert_eq!(v.min_evidence, None);
    assert!(v.left_out.is_empty());
}

/// A line whose deadweight comes from a named level counts under the weaker of its row's status
/// and the level's. The primary outcome with a 27 % level deadweight: £1,000 × (1 − 0.27) ÷ 1.035
/// = £705.31400966… → £705.31, all of it under the level's status where that is weaker than
/// primary.
#[test]
fn a_weaker_deadweight_level_weakens_the_line() {
    let text = HAND.replacen(
        "proxy = \"p\"\npeople = \"1\"",
        "proxy = \"p\"\npeople = \"1\"\ndeadweight_level = \"hca-2014-health\"",
        1,
    );
    let v = value(&text);
    let level = socval::levels::level("hca-2014-health").unwrap();
    let line = v.lines.iter().find(|l| l.item == "op").unwrap();
    assert_eq!(line.deadweight, level.value);
    let expected = EvidenceStatus::Primary.weaker(level.status);
    assert_eq!(line.rests_on, Some(expected));
    assert_eq!(line.evidence, Some(EvidenceStatus::Primary));
    let part = v.evidence.social_value.iter().find(|p| p.status == expected).unwrap();
    // The part of the level's status holds the line (and the secondary outcome where that is the
    // level's status too).
    let others: Decimal = v
        .lines
        .iter()
        .filter(|l| l.item != "op" && l.rests_on == Some(expected) && l.section == Section::SocialValue)
        .map(|l| l.amount)
        .sum();
    assert_eq!(part.amount, line.amount + others);
    let shown: Decimal = v.evidence.social_value.iter().map(|p| p.rounded).sum();
    assert_eq!(shown, v.display.social_value);
}

/// A measured change counts under its WELLBY row's status (here derived); with the user's
/// exchange rate between measures it is an assumption. 2 people, 6 → 7 on 0–10, counterfactual
/// 0: 2 points × £100 ÷ 1.035 = £193.23671497… → £193.24.
#[test]
fn measured_lines_count_under_their_wellby_row() {
    let measured = r#"
[[measured]]
id = "ls"
proxy = "wellby"
people = "2"
scale = ["0", "10"]
before = "6"
after = "7"
counterfactual_change = "0"
"#;
    let v = value(&format!("{HAND}{measured}"));
    let line = v.lines.iter().find(|l| l.item == "ls").unwrap();
    assert_eq!(line.rests_on, Some(EvidenceStatus::Derived));
    assert_eq!(line.rounded, d("193.24"));
    assert_eq!(v.evidence.social_value[2].rounded, d("193.24"));
    let with_rate = measured.replace(
        "counterfactual_change = \"0\"",
        "counterfactual_change = \"0\"\nexchange_rate = \"1\"",
    );
    let v = value(&format!("{HAND}{with_rate}"));
    let line = v.lines.iter().find(|l| l.item == "ls").unwrap();
    assert_eq!(line.rests_on, Some(EvidenceStatus::Assumption));
    assert_eq!(v.evidence.social_value[2].rounded, d("0"));
}

/// `min_evidence = "secondary"` values only the primary and secondary rows: social value
/// £2,000 ÷ 1.035 = £1,932.3671497… → £1,932.37; fiscal savings £300 ÷ 1.035 = £289.8550725… →
/// £289.86 (nothing cashable is left); the derived and assumed items are listed as left out, with a
/// note. The exact figures are the full valuation's parts at or above the minimum.
#[test]
fn a_minimum_leaves_out_weaker_rows_and_says_so() {
    let full = value(HAND);
    let text = HAND.replacen(
        "combined_total = true",
        "combined_total = true\nmin_evidence = \"secondary\"",
        1,
    );
    let v = value(&text);
    assert_eq!(v.min_evidence, Some(EvidenceStatus::Secondary));
    assert_eq!(v.display.social_value, d("1932.37"));
    assert_eq!(v.display.fiscal_savings, d("289.86"));
    assert_eq!(v.display.cashable_savings, d("0"));
    assert_eq!(v.display.programme_cost, full.display.programme_cost);
    let kept = |parts: &[EvidencePart]| -> Decimal {
        parts
            .iter()
            .filter(|p| p.status.meets(EvidenceStatus::Secondary))
            .map(|p| p.amount)
            .sum()
    };
    assert_eq!(v.totals.social_value, kept(&full.evidence.social_value));
    assert_eq!(v.totals.fiscal_savings, kept(&full.evidence.fiscal_savings));
    let left: Vec<(&str, EvidenceStatus)> = v.left_out.iter().map(|l| (l.item.as_str(), l.status)).collect();
    assert_eq!(
        left,
        vec![
            ("oa", EvidenceStatus::Assumption),
            ("ad", EvidenceStatus::Derived),
            ("aa", EvidenceStatus::Assumption)
        ]
    );
    assert!(
        v.lines
            .iter()
            .all(|l| l.item != "oa" && l.item != "ad" && l.item != "aa")
    );
    let note = v
        .warnings
        .iter()
        .find(|w| w.starts_with("minimum evidence secondary"))
        .unwrap();
    assert!(note.contains("primary or secondary"), "{note}");
    assert!(note.contains("left out 3"), "{note}");
    assert!(note.contains("oa “Assumed outcome”"), "{note}");
    assert!(note.contains("row d: derived"), "{note}");
    // The totals-only path (the uncertainty analysis) leaves the same items out.
    let s = Scenario::from_toml_str("evidence.toml", &text).unwrap();
    assert_eq!(socval::evaluate_totals(&s, None, &registry()).unwrap(), v.totals);
    // `assumption` admits every row: the figures are the full valuation's, with a note.
    let all = value(&HAND.replacen(
        "combined_total = true",
        "combined_total = true\nmin_evidence = \"assumption\"",
        1,
    ));
    assert_eq!(all.totals, full.totals);
    assert!(all.left_out.is_empty());
    assert!(all.warnings.iter().any(|w| w.ends_with("nothing was left out")));
}

/// An evidence status that names no status is refused, naming the file, line and field.
#[test]
fn an_unknown_minimum_is_refused_naming_the_field() {
    let text = HAND.replacen(
        "combined_total = true",
        "combined_total = true\nmin_evidence = \"strong\"",
        1,
    );
    let e = Scenario::from_toml_str("evidence.toml", &text).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("evidence.toml"), "{msg}");
    assert!(msg.contains("min_evidence"), "{msg}");
    assert!(msg.contains("strong"), "{msg}");
    assert!(msg.contains("line 7"), "{msg}");
    let json = r#"{"name": "x", "families": 1, "price_year": 2020, "min_evidence": "best",
        "tables": {"wellbeing": "ev-wb@1", "unit_costs": "ev-uc@1", "deflators": "ev-defl@1"}}"#;
    let msg = Scenario::from_json_str("evidence.json", json).unwrap_err().to_string();
    assert!(msg.contains("min_evidence") && msg.contains("best"), "{msg}");
    assert_eq!(EvidenceStatus::from_name("strong"), None);
    assert!(socval::evidence::unknown_status("strong").contains("primary, secondary, derived or assumption"));
}

/// The shipped scenarios: the displayed parts add up to each displayed figure, in every figure.
#[test]
fn shipped_scenarios_split_to_the_penny() {
    for t in socval::templates() {
        let s = t.scenario().unwrap();
        let v = evaluate(&s, None, Registry::embedded()).unwrap();
        let d = &v.display;
        let sum = |p: &[EvidencePart]| p.iter().map(|p| p.rounded).sum::<Decimal>();
        assert_eq!(sum(&v.evidence.social_value), d.social_value, "{}", t.id);
        assert_eq!(sum(&v.evidence.fiscal_savings), d.fiscal_savings, "{}", t.id);
        assert_eq!(sum(&v.evidence.cashable_savings), d.cashable_savings, "{}", t.id);
        assert_eq!(v.evidence.combined.as_deref().map(sum), d.combined, "{}", t.id);
    }
}

/// The funder report prints the split under the headline figures, and what a minimum left out.
#[test]
fn the_funder_report_shows_the_split() {
    let s = Scenario::from_toml_str("evidence.toml", HAND).unwrap();
    let reg = registry();
    let v = evaluate(&s, None, &reg).unwrap();
    let r = socval::funder::funder_report(&s, &v, None, &reg, "7 December 2026");
    let social = &r.evidence[0];
    assert_eq!(social.label, "Social value");
    assert_eq!(social.total, d("2898.55"));
    assert_eq!(
        social.parts.iter().map(|(_, a)| *a).collect::<Vec<_>>(),
        vec![d("966.19"), d("966.18"), d("0"), d("966.18")]
    );
    assert_eq!(r.evidence.len(), 4, "social, fiscal, cashable and combined");
    let html = r.to_html();
    assert!(html.contains("The evidence behind each figure"));
    assert!(html.contains("<th scope=\"row\">Fiscal savings (£966.18)</th><td class=\"n\">£0.00</td><td class=\"n\">£289.85</td><td class=\"n\">£579.71</td><td class=\"n\">£96.62</td>"), "{html}");
    assert_eq!(r.minimum_evidence, None);
    let text = HAND.replacen(
        "combined_total = true",
        "combined_total = true\nmin_evidence = \"derived\"",
        1,
    );
    let s = Scenario::from_toml_str("evidence.toml", &text).unwrap();
    let v = evaluate(&s, None, &reg).unwrap();
    let r = socval::funder::funder_report(&s, &v, None, &reg, "7 December 2026");
    let note = r.minimum_evidence.as_deref().unwrap();
    assert!(
        note.starts_with("minimum evidence derived") && note.contains("left out 2"),
        "{note}"
    );
    assert!(r.to_html().contains("left out 2"));
}
