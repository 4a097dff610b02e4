//! The funder report (issue 12): built by the core from a valuation, its figures are the
//! valuation's own, rounded once; user text is escaped; bands come from the uncertainty analysis.

use socval::funder::funder_report;
use socval::money::format_gbp;
use socval::{Decimal, Registry, Scenario, evaluate};

fn template(id: &str) -> Scenario {
    socval::template(id).unwrap().scenario().unwrap()
}

/// Securing Change on the shipped tables (golden figures in golden.rs): social value £43,785.03,
/// fiscal savings £142,419.19, combined £186,204.22, £9,310.21 per family.
#[test]
fn the_report_carries_the_valuations_figures_to_the_penny() {
    let reg = Registry::embedded();
    let s = template("securing-change");
    let v = evaluate(&s, None, reg).unwrap();
    let r = funder_report(&s, &v, None, reg, "26 November 2026");
    let d = |x: &str| x.parse::<Decimal>().unwrap();
    assert_eq!(r.headline[0].total, d("43785.03"));
    assert_eq!(r.headline[1].total, d("142419.19"));
    assert_eq!(r.headline[2].label, "Combined (social value + fiscal savings)");
    assert_eq!(r.headline[2].per_family, d("9310.21"));
    assert_eq!(r.headline[0].total, v.display.social_value);
    // Every item appears in the assumptions table, and the present values add up to the totals.
    assert_eq!(r.assumptions.len(), s.outcomes.len() + s.avoided.len());
    let sum: Decimal = r.assumptions.iter().map(|a| a.amount).sum();
    assert_eq!(sum, v.display.social_value + v.display.fiscal_savings);
    // The working appendix adds up too.
    let lines: Decimal = r.working.iter().map(|l| l.amount).sum();
    assert_eq!(
        lines,
        v.display.social_value + v.display.fiscal_savings - v.display.programme_cost
    );
    let html = r.to_html();
    for part in [
        "£43,785.03",
        "£142,419.19",
        "£9,310.21",
        "26 November 2026",
        "What these figures do not claim",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(html.contains(&s.tables.wellbeing) && html.contains(&v.tables[0].sha256));
    assert!(!html.contains("<script"));
}

#[test]
fn bands_come_from_the_monte_carlo() {
    let reg = Registry::embedded();
    let s = template("step-together");
    let v = evaluate(&s, None, reg).unwrap();
    let a = socval::uncertainty::analyse(&s, None, reg).unwrap();
    let r = funder_report(&s, &v, Some(&a), reg, "today");
    let social = a.monte_carlo.spreads.iter().find(|x| x.name == "social_value").unwrap();
    let p = |q: &str| {
        social
            .percentiles
            .iter()
            .find(|(k, _)| *k == q.parse::<Decimal>().unwrap())
            .unwrap()
            .1
    };
    assert_eq!(r.headline[0].band, Some((p("0.05"), p("0.95"))));
    let (lo, hi) = r.headline[0].band.unwrap();
    assert!(lo < r.headline[0].total && r.headline[0].total < hi);
    let html = r.to_html();
    assert!(html.contains(&format!("P5–P95 {} to {}", format_gbp(lo), format_gbp(hi))));
    assert!(r.uncertainty.unwrap().contains(&a.monte_carlo.draws.to_string()));
}

#[test]
fn user_text_is_escaped() {
    let reg = Registry::embedded();
    let mut s = template("securing-change");
    s.name = "<script>alert(1)</script> & co".into();
    s.outcomes[0].evidence = "\"quoted\" <b>bold</b>".into();
    let v = evaluate(&s, None, reg).unwrap();
    let html = funder_report(&s, &v, None, reg, "<i>date</i>").to_html();
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(html.contains("&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(html.contains("&lt;i&gt;date&lt;/i&gt;"));
}

/// The glossary's worked example is the engine's own figure: 10 people × £1,560 (high-confidence,
/// wellbeing-open@2.0.0, 2019 prices) × (1 − 20 %) × (1 − 25 %) ÷ 1.035 = £9,043.48.
#[test]
fn the_worked_example_is_the_engines_figure() {
    let text = r#"name = "Example"
families = 10
method = 2
price_year = 2019
[tables]
wellbeing = "wellbeing-open@2.0.0"
unit_costs = "unit-costs-open@2.0.0"
deflators = "gdp-deflator@1.0.0"
[[outcomes]]
id = "confidence"
proxy = "high-confidence"
people = "10"
deadweight = "0.2"
attribution = "0.25"
"#;
    let s = Scenario::from_toml_str("example.toml", text).unwrap();
    let v = evaluate(&s, None, Registry::embedded()).unwrap();
    let w = socval::glossary::worked_example();
    assert_eq!(w.total, format_gbp(v.display.social_value));
    assert_eq!(w.total, "£9,043.48");
    let g = socval::glossary::glossary();
    for id in [
        "deadweight",
        "attribution",
        "displacement",
        "drop-off",
        "cashable",
        "present-value",
        "wellby",
    ] {
        let t = g.iter().find(|t| t.id == id).unwrap_or_else(|| panic!("{id}"));
        assert!(!t.short.is_empty() && t.long.len() > t.short.len());
    }
}

/// Counts stay fixed when the families change unless they are scaled on purpose; rates follow by
/// themselves. 10 families: confidence claimed by a count of 4 people, group by a rate of 0.5.
/// At 20 families, counts fixed: the rate item doubles, the count item stays; counts scaled: both
/// double, so each per-family figure stays as it was.
#[test]
fn counts_scale_with_families_only_when_asked() {
    let text = r#"name = "Cohort"
families = 10
method = 2
price_year = 2019
[tables]
wellbeing = "wellbeing-open@2.0.0"
unit_costs = "unit-costs-open@2.0.0"
deflators = "gdp-deflator@1.0.0"
[[outcomes]]
id = "confidence"
proxy = "high-confidence"
people = "4"
[[outcomes]]
id = "group"
proxy = "member-of-social-group"
rate = "0.5"
"#;
    let reg = Registry::embedded();
    let s = Scenario::from_toml_str("cohort.toml", text).unwrap();
    assert_eq!(
        socval::cohort::scaling(&s, socval::adjust::ItemRef::Outcome(0)),
        socval::cohort::Scaling::FixedCount
    );
    assert_eq!(
        socval::cohort::scaling(&s, socval::adjust::ItemRef::Outcome(1)),
        socval::cohort::Scaling::WithFamilies
    );
    let item = |v: &socval::Valuation, id: &str| v.items.iter().find(|t| t.item == id).unwrap().amount;
    let base = evaluate(&s, None, reg).unwrap();
    let fixed = evaluate(&socval::cohort::with_families(&s, 20, false).unwrap(), None, reg).unwrap();
    let scaled = evaluate(&socval::cohort::with_families(&s, 20, true).unwrap(), None, reg).unwrap();
    let two = Decimal::TWO;
    assert_eq!(item(&fixed, "confidence"), item(&base, "confidence"));
    assert_eq!(item(&fixed, "group"), item(&base, "group") * two);
    assert_eq!(item(&scaled, "confidence"), item(&base, "confidence") * two);
    assert_eq!(item(&scaled, "group"), item(&base, "group") * two);
    assert_eq!(
        scaled.display.social_value_per_family,
        base.display.social_value_per_family
    );
    assert!(socval::cohort::with_families(&s, 0, true).is_err());
}

/// Issue 24: the programme's description; the notes as paragraphs and lists while the scenario is
/// the template as shipped, left out with a line after an edit (a funder never sees a note's
/// figure beside another in force); whole citations; after an analysis, the probability that
/// value exceeds cost and the break-even statements; a long assumptions table in the appendix.
#[test]
fn notes_description_statements_and_the_appendix() {
    let reg = Registry::embedded();
    let s = template("step-together");
    let v = evaluate(&s, None, reg).unwrap();
    let r = funder_report(&s, &v, None, reg, "today");
    assert_eq!(r.description, s.description.trim());
    assert_eq!(r.caveats, s.notes.trim());
    assert_eq!(r.caveats_left_out, None);
    assert!(r.probabilities.is_empty() && r.break_even_statements.is_empty());
    let html = r.to_html();
    assert!(html.contains("<h2>The programme</h2>"));
    let notes = &html[html.find("own notes and caveats").unwrap()..];
    assert!(notes.contains("<ul><li>"), "the notes' list is a list");
    // No source is cut mid-phrase.
    assert!(r.assumptions.iter().all(|a| !a.source.contains('…')));
    // More items than the first pages hold: the assumptions table is in the appendix.
    assert!(r.assumptions.len() > 6);
    let appendix = html.find("class=\"appendix\"").unwrap();
    assert!(html.find("<th scope=\"col\">Value and source</th>").unwrap() > appendix);

    // After an edit, the template's notes (which state its figures) are left out.
    let mut edited = s.clone();
    edited.families += 5;
    let v2 = evaluate(&edited, None, reg).unwrap();
    let r2 = funder_report(&edited, &v2, None, reg, "today");
    assert!(r2.caveats.is_empty());
    let line = r2.caveats_left_out.clone().unwrap();
    assert!(line.contains("describe the template as shipped"));
    let html2 = r2.to_html();
    assert!(html2.contains(&line) && !html2.contains(&s.notes.lines().next().unwrap()[..40]));

    // With the analysis: the probabilities and the break-even statements, the core's words.
    let mut costed = s.clone();
    costed
        .costs
        .push(socval::scenario::CostItem::new("Delivery", Decimal::new(150_000, 0)));
    let v3 = evaluate(&costed, None, reg).unwrap();
    let a = socval::uncertainty::analyse(&costed, None, reg).unwrap();
    let r3 = funder_report(&costed, &v3, Some(&a), reg, "today");
    let p = a.monte_carlo.p_social_exceeds_cost.unwrap() * Decimal::ONE_HUNDRED;
    assert_eq!(
        r3.probabilities[0],
        format!(
            "Probability that social value exceeds the programme cost: {} % of {} draws.",
            p.round_dp(1).normalize(),
            a.monte_carlo.draws
        )
    );
    for b in &a.break_even.values {
        assert!(r3.break_even_statements.contains(&b.text), "{}", b.text);
    }
    let html3 = r3.to_html();
    assert!(html3.contains("Probability that fiscal savings exceed the programme cost"));
    for b in &a.break_even.values {
        assert!(
            html3.contains(&b.text.replace('\'', "&#39;").replace('"', "&quot;")),
            "{}",
            b.text
        );
    }
}

/// Without a programme cost, the analysis adds no break-even statement (there is no cost to
/// break even; the report says so once, beside the ratios) and no probability.
#[test]
fn no_cost_no_break_even_statements() {
    let reg = Registry::embedded();
    let s = template("step-together");
    assert!(s.costs.is_empty());
    let v = evaluate(&s, None, reg).unwrap();
    let a = socval::uncertainty::analyse(&s, None, reg).unwrap();
    let r = funder_report(&s, &v, Some(&a), reg, "today");
    assert!(r.probabilities.is_empty() && r.break_even_statements.is_empty());
    assert!(r.to_html().contains("not given: the scenario states no programme cost"));
}
