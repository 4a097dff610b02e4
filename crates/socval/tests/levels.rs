//! Named, cited adjustment levels (issue 10, "Sourced default adjustments"): the catalogue's
//! figures and derivations, a scenario choosing them (golden figures worked by hand), the working
//! and the uncertainty analysis using their ranges, and every bad use refused with its place.

#![allow(clippy::result_large_err)] // the library's own error type

use socval::adjust::{Adjustment, ItemRef, Origin, in_force};
use socval::levels::{LEVEL_ALIASES, LEVELS_VERSION, level, levels, levels_for};
use socval::tables::EvidenceStatus;
use socval::{Decimal, Error, Registry, Scenario, evaluate};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const SCENARIO: &str = r#"name = "Levels"
families = 10
method = 2
price_year = 2019

[tables]
wellbeing = "wellbeing-open@2.0.0"
unit_costs = "unit-costs-open@2.0.0"
deflators = "gdp-deflator@1.0.0"

[defaults]
deadweight_level = "hact-hca-2014-health"

[[outcomes]]
id = "confidence"
proxy = "high-confidence"
people = "10"

[[outcomes]]
id = "work"
proxy = "employment"
people = "2"
deadweight_level = "hact-hca-2014-employment"
"#;

fn scenario(text: &str) -> Result<Scenario, Error> {
    Scenario::from_toml_str("levels.toml", text)
}

/// The figures as read in HACT's table (column "Year 1"): training and employment 15 %, community
/// and social 19 %, crime prevention 19 %, health 27 %; each secondary, grade 3, with its address,
/// named for whose figure it is (HACT's reading of the HCA guide) and saying the guide was not read.
#[test]
fn the_catalogue_holds_the_figures_read_with_their_sources() {
    let read = [
        ("hact-hca-2014-employment", "0.15"),
        ("hact-hca-2014-community", "0.19"),
        ("hact-hca-2014-crime", "0.19"),
        ("hact-hca-2014-health", "0.27"),
    ];
    assert_eq!(levels().len(), read.len());
    for (id, value) in read {
        let l = level(id).unwrap();
        assert_eq!(l.value, d(value), "{id}");
        assert_eq!(l.adjustment, Adjustment::Deadweight);
        assert_eq!(
            l.status,
            EvidenceStatus::Secondary,
            "{id}: the HCA guide itself was not read"
        );
        assert!((1..=3).contains(&l.confidence));
        assert!(l.source.url.starts_with("https://"), "{id}");
        assert!(!l.source.publisher.is_empty() && !l.source.title.is_empty() && !l.source.locator.is_empty());
        assert!(!l.source.licence.is_empty() && !l.source.origin.is_empty());
        assert!(l.citation().contains(l.source.url));
        assert!(l.id.starts_with("hact-"), "{id}: the id says whose figure it is");
        assert!(l.label.starts_with("HACT's reading of"), "{}", l.label);
        assert!(
            l.source.origin.contains("itself was not read") && l.source.origin.contains("ready reckoner"),
            "{}",
            l.source.origin
        );
    }
    assert_eq!(levels_for(Adjustment::Deadweight).count(), 4);
    assert_eq!(
        levels_for(Adjustment::Displacement).count(),
        0,
        "no cited displacement level exists"
    );
    assert!(LEVELS_VERSION.starts_with("adjustment-levels@"));
}

/// Each level has its own range around its own figure, stated as an assumption: ten points either
/// side (employment 5–25 %, community and crime 9–29 %, health 17–37 %), where 1.0.0 gave all
/// four the spread of the averages (15–27 %).
#[test]
fn each_level_has_its_own_range_around_its_own_figure() {
    let ranges = [
        ("hact-hca-2014-employment", "0.05", "0.25"),
        ("hact-hca-2014-community", "0.09", "0.29"),
        ("hact-hca-2014-crime", "0.09", "0.29"),
        ("hact-hca-2014-health", "0.17", "0.37"),
    ];
    for (id, low, high) in ranges {
        let l = level(id).unwrap();
        assert_eq!((l.low, l.high), (d(low), d(high)), "{id}");
        assert_eq!(l.value - l.low, l.high - l.value, "{id}: centred on its own figure");
        assert!(l.range_basis.starts_with("assumption"), "{}", l.range_basis);
    }
    assert!(
        level("hact-hca-2014-health")
            .unwrap()
            .summary()
            .ends_with("(secondary, grade 3; range 17–37 %)"),
        "{}",
        level("hact-hca-2014-health").unwrap().summary()
    );
}

/// The 1.0.0 ids still work: each names the same level (same figure and range), and a scenario
/// saved with one values exactly as with the new id.
#[test]
fn the_old_ids_are_aliases_of_the_new() {
    assert_eq!(LEVEL_ALIASES.len(), levels().len());
    for (old, new) in LEVEL_ALIASES {
        let l = level(old).unwrap_or_else(|| panic!("{old} no longer resolves"));
        assert_eq!(l.id, new);
        assert!(std::ptr::eq(l, level(new).unwrap()));
    }
    let reg = Registry::embedded();
    let old = SCENARIO
        .replace("hact-hca-2014-health", "hca-2014-health")
        .replace("hact-hca-2014-employment", "hca-2014-employment");
    let v_old = evaluate(&scenario(&old).unwrap(), None, reg).unwrap();
    let v_new = evaluate(&scenario(SCENARIO).unwrap(), None, reg).unwrap();
    assert_eq!(v_old.totals, v_new.totals);
    assert_eq!(
        v_old.levels, v_new.levels,
        "the valuation names the level by its new id"
    );
}

/// Worked by hand (wellbeing-open@2.0.0, 2019 prices, SROI convention, year 1 discounted):
/// - confidence, default level health 27 %: £1,560.00 × 10 × (1 − 0.27) = £11,388.00;
///   ÷ 1.035 = £11,002.898550… → £11,002.90
/// - work, own level employment 15 %: £5,980.00 × 2 × (1 − 0.15) = £10,166.00;
///   ÷ 1.035 = £9,822.222222… → £9,822.22
/// - social value: £11,002.898550… + £9,822.222222… = £20,825.120772… → £20,825.12
#[test]
fn a_chosen_level_values_like_its_figure_to_the_penny() {
    let reg = Registry::embedded();
    let s = scenario(SCENARIO).unwrap();
    let v = evaluate(&s, None, reg).unwrap();
    assert_eq!(v.display.social_value, d("20825.12"));
    assert_eq!(v.lines[0].rounded, d("11002.90"));
    assert_eq!(v.lines[1].rounded, d("9822.22"));
    assert_eq!(
        v.levels,
        vec![
            format!("{LEVELS_VERSION}/hact-hca-2014-health"),
            format!("{LEVELS_VERSION}/hact-hca-2014-employment")
        ]
    );
    // The same scenario with the figures typed in gives exactly the same totals.
    let typed = SCENARIO
        .replace("deadweight_level = \"hact-hca-2014-health\"", "deadweight = \"0.27\"")
        .replace(
            "deadweight_level = \"hact-hca-2014-employment\"",
            "deadweight = \"0.15\"",
        );
    let t = evaluate(&scenario(&typed).unwrap(), None, reg).unwrap();
    assert_eq!(t.totals, v.totals);
    assert!(t.levels.is_empty());
}

/// The value in force says which level gives it and where it is set; a figure of one's own stays
/// the scenario's own, with no level.
#[test]
fn the_value_in_force_names_the_level() {
    let reg = Registry::embedded();
    let s = scenario(SCENARIO).unwrap();
    let f = in_force(&s, reg, ItemRef::Outcome(0), Adjustment::Deadweight).unwrap();
    assert_eq!((f.value, f.origin), (d("0.27"), Origin::Default));
    assert_eq!(f.level.map(|l| l.id), Some("hact-hca-2014-health"));
    assert!(
        f.words()
            .contains("HACT's reading of the HCA Additionality Guide (2014), average deadweight, health outcomes"),
        "{}",
        f.words()
    );
    let g = in_force(&s, reg, ItemRef::Outcome(1), Adjustment::Deadweight).unwrap();
    assert_eq!((g.value, g.origin), (d("0.15"), Origin::Item));
    assert_eq!(g.level.map(|l| l.id), Some("hact-hca-2014-employment"));

    // Setting a figure replaces the level; choosing a level clears the figure.
    let mut s2 = s.clone();
    Adjustment::Deadweight.set(&mut s2.outcomes[1].adjustments, Some(d("0.4")));
    let own = in_force(&s2, reg, ItemRef::Outcome(1), Adjustment::Deadweight).unwrap();
    assert_eq!((own.value, own.origin, own.level), (d("0.4"), Origin::Item, None));
    Adjustment::Deadweight.set_level(&mut s2.outcomes[1].adjustments, Some("hact-hca-2014-crime".into()));
    let back = in_force(&s2, reg, ItemRef::Outcome(1), Adjustment::Deadweight).unwrap();
    assert_eq!(back.value, d("0.19"));
    assert!(s2.check("levels.toml").is_ok());
}

/// Without a range of the scenario's own, a chosen level's low and high are drawn; a range the
/// scenario gives for the same assumption wins.
#[test]
fn the_uncertainty_analysis_draws_a_level_from_its_range() {
    let reg = Registry::embedded();
    let s = scenario(SCENARIO).unwrap();
    let list = socval::uncertainty::assumptions(&s, reg).unwrap();
    let dflt = list.iter().find(|a| a.target == "defaults.deadweight").unwrap();
    assert_eq!((dflt.low, dflt.central, dflt.high), (d("0.17"), d("0.27"), d("0.37")));
    assert!(dflt.note.contains("hact-hca-2014-health"), "{}", dflt.note);
    let own = list.iter().find(|a| a.target == "outcomes.work.deadweight").unwrap();
    assert_eq!((own.low, own.central, own.high), (d("0.05"), d("0.15"), d("0.25")));

    let ranged = format!("{SCENARIO}\n[[ranges]]\ntarget = \"defaults.deadweight\"\nlow = \"0.1\"\nhigh = \"0.3\"\n");
    let list = socval::uncertainty::assumptions(&scenario(&ranged).unwrap(), reg).unwrap();
    let mine: Vec<_> = list.iter().filter(|a| a.target == "defaults.deadweight").collect();
    assert_eq!(mine.len(), 1);
    assert_eq!((mine[0].low, mine[0].high), (d("0.1"), d("0.3")));
}

fn refused(text: &str, location: &str, field: &str) -> String {
    let e = scenario(text).expect_err("refused");
    let p = e.place();
    assert_eq!(p.file, "levels.toml");
    assert!(
        p.location.to_string().contains(location),
        "{} not in {}",
        location,
        p.location
    );
    assert_eq!(p.field, field);
    e.to_string()
}

#[test]
fn an_unknown_level_is_refused_naming_the_choices() {
    let text = SCENARIO.replace("hact-hca-2014-employment", "hca-2014-sport");
    let m = refused(&text, "outcomes[1]", "deadweight_level");
    assert!(
        m.contains("hca-2014-sport") && m.contains("hact-hca-2014-health"),
        "{m}"
    );
    assert!(m.contains("adjustment-levels@2.0.0"), "{m}");
    assert!(matches!(scenario(&text).unwrap_err(), Error::Unknown { .. }));
}

#[test]
fn a_level_and_a_figure_together_are_refused() {
    let text = SCENARIO.replace(
        "deadweight_level = \"hact-hca-2014-health\"",
        "deadweight_level = \"hact-hca-2014-health\"\ndeadweight = \"0.2\"",
    );
    let m = refused(&text, "defaults", "deadweight_level");
    assert!(m.contains("not both"), "{m}");
}

#[test]
fn a_level_on_a_measured_change_is_refused() {
    let text = format!(
        "{SCENARIO}\n[[measured]]\nid = \"ls\"\nproxy = \"wellby\"\npeople = \"5\"\nscale = [\"0\", \"10\"]\nbefore = \"5\"\nafter = \"6\"\ncounterfactual_change = \"0\"\ndeadweight_level = \"hact-hca-2014-health\"\n"
    );
    let m = refused(&text, "measured[0]", "deadweight_level");
    assert!(m.contains("counterfactual"), "{m}");
}
