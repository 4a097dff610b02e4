//! Golden figures of the seeds' programmes and the shipped tables, to the penny (the hand-worked
//! cases are in `golden.rs`; the WELLBY and measured wellbeing in `golden_wellby.rs`).

mod golden_common;

use golden_common::{d, lines_sum, shipped};
use socval::compare::compare;
use socval::{Registry, Section, evaluate, template, with_table};

/// Step Together (seed 004) on unit-costs-open@3.0.0 and wellbeing-open@3.0.0, 2022 prices, SROI
/// discounting at 3.5 % (÷ 1.035), deflator gdp-deflator@1.0.0 (2016 76.0754, 2017 77.0388, 2019
/// 80.8738, 2022 91.2996, 2024 100), attribution 25 % on every item (× 0.75), deadweight 20 % on
/// each wellbeing outcome (× 0.8). The golden figures pinned are the displayed (penny) ones; the
/// exact figures below are worked in full precision (the engine kept lines to 10 places when this
/// was written, which moves no penny here).
/// WELLBY uprating (real-gdp-per-head@1.1.0, ONS IHXW 2019 33,443, 2022 33,497):
///   (33,497 / 33,443)^1.3 = 1.0016146877^1.3 = exp(1.3 × 0.0016133855) = exp(0.0020974011)
///   = 1.0020996022; rebase 91.2996 / 80.8738 = 1.1289144321.
/// Fiscal (5 avoided sets = 75 × 0.20 − 10, net of the counterfactual; no LA, Cafcass or pre-birth
/// rows, which rest on pre-2010 figures found in no source):
///   court      5 × £4,180 × 91.2996/77.0388 × 0.75 ÷ 1.035            = £17,948.4341148481
///   legal aid  5 sets × 3 parties × £10,058 × 91.2996/100 × 0.75 ÷ 1.035 = £99,814.2800869565
///   not in care 9 × £33,682.44 × 91.2996/76.0754 × (1 − 0.5) × 0.75 ÷ 1.035 = £131,814.0191960585
///   total £249,576.7333978630 → £249,576.73; per family ÷ 75 = £3,327.69
///   cashable (legal aid + care) £231,628.2992830150 → £231,628.30: floors .28 + .01 leave one
///   penny, to care (.920 of a penny against legal aid's .009): care £131,814.02; court the rest,
///   £249,576.73 − £231,628.30 = £17,948.43
/// Social (rates 0.1 → 7.5 people, 0.25 → 18.75 people):
///   employment  £5,980 × 1.1289144321 × 1.0020996022 × 7.5 × 0.8 × 0.75 ÷ 1.035  = £29,413.4022867522
///   training    £390 × … × 7.5 (same factors)                                   = £1,918.2653665273
///   volunteering £911 × 1.1289144321 × 7.5 × 0.8 × 0.75 ÷ 1.035 (not WELLBY-based: deflator only)
///                                                                               = £4,471.4828158999
///   housing, family £1,300 × 1.1289144321 × 1.0020996022 × 18.75 × 0.8 × 0.75 ÷ 1.035 = £15,985.5447210610 each
///   confidence  £1,560 × … × 18.75                                              = £19,182.6536652732
///   total £86,956.8935765746 → £86,956.89 (on the deflator alone, as 2.0.0 moved it: £86,784.07)
///   items rounded to add up: floors sum to £86,956.87; two pennies to the largest remainders,
///   training (.537) and housing (.447, before family's equal remainder): £1,918.27, £15,985.55
#[test]
fn step_together_golden() {
    let v = shipped("step-together");
    assert_eq!(v.display.fiscal_savings, d("249576.73"));
    assert_eq!(v.display.cashable_savings, d("231628.30"));
    assert_eq!(v.display.social_value, d("86956.89"));
    assert_eq!(v.display.fiscal_savings_per_family, d("3327.69"));
    assert_eq!(v.display.social_value_per_family, d("1159.43"));
    let item = |id: &str| v.items.iter().find(|i| i.item == id).unwrap().rounded;
    assert_eq!(item("proceedings-court"), d("17948.43"));
    assert_eq!(item("proceedings-legal-aid"), d("99814.28"));
    assert_eq!(item("children-not-in-care"), d("131814.02"));
    assert_eq!(item("activity-employment"), d("29413.40"));
    assert_eq!(item("activity-training"), d("1918.27"));
    assert_eq!(item("activity-volunteering"), d("4471.48"));
    assert_eq!(item("life-housing"), d("15985.55"));
    assert_eq!(item("life-family"), d("15985.54"));
    assert_eq!(item("life-confidence"), d("19182.65"));
    // Each exact figure agrees with the hand working to within a millionth of a penny.
    let close = |x: socval::Decimal, y: &str| (x - d(y)).abs() < d("0.00000001");
    assert!(
        close(v.totals.fiscal_savings, "249576.7333978630"),
        "{}",
        v.totals.fiscal_savings
    );
    assert!(
        close(v.totals.social_value, "86956.8935765746"),
        "{}",
        v.totals.social_value
    );
    let legal = v.lines.iter().find(|l| l.item == "proceedings-legal-aid").unwrap();
    assert_eq!(legal.quantity, d("15"));
    assert!(
        legal
            .working
            .contains("× 5 × 3 legally aided parties per set of proceedings"),
        "{}",
        legal.working
    );
    // Uprated WELLBY rows say so; volunteering (not WELLBY-based) moves by the deflator alone.
    let line = |id: &str| v.lines.iter().find(|l| l.item == id).unwrap();
    assert!(
        line("activity-employment")
            .working
            .contains("GDP per head uprating 1.0021")
    );
    assert!(line("activity-volunteering").uprating.is_none());
    assert_eq!(
        lines_sum(&v, Section::FiscalSavings),
        (v.totals.fiscal_savings, v.display.fiscal_savings)
    );
    assert_eq!(
        v.tables
            .iter()
            .map(|t| format!("{}@{}", t.id, t.version))
            .collect::<Vec<_>>(),
        [
            "wellbeing-open@3.0.0",
            "unit-costs-open@3.0.0",
            "gdp-deflator@1.0.0",
            "real-gdp-per-head@1.1.0"
        ]
    );
}

/// Securing Change (seeds 000-003) on the 3.0.0 tables, 2020 prices (deflator 85.1002), attribution
/// 25 % on every item (× 0.75), deadweight 20 % on wellbeing outcomes (× 0.8), each ÷ 1.035.
/// WELLBY uprating from 2019 to 2020 (ONS IHXW 33,443 → 29,852):
///   (29,852 / 33,443)^1.3 = 0.8926232694^1.3 = exp(1.3 × −0.1135906578) = exp(−0.1476678552)
///   = 0.8627176145; rebase 85.1002 / 80.8738 = 1.0522591989
///   social: 20 × (£1,300 + £1,560 + £1,300) × 1.0522591989 × 0.8627176145 × 0.8 × 0.75 ÷ 1.035
///     parenting and social networks £13,682.8209823796 each, confidence £16,419.3851788555
///     = £43,785.0271436147 → £43,785.03 (on the deflator alone, as 2.0.0 moved it: £50,752.44)
///   fiscal: 4 sets (20 × (0.20 − 0)), × 0.75 ÷ 1.035:
///     court     4 × £4,180 × 85.1002/77.0388                      = £13,383.7636341048
///     legal aid 4 × 3 parties × £10,058 × 85.1002/100             = £74,429.3749217391
///     babies    20 × 0.10 = 2 child-years × £33,682.44 × 85.1002/76.0754 = £54,606.0535077842
///     total £142,419.1920636281 → £142,419.19; per family £7,120.96
///     cashable £129,035.4284295233 → £129,035.43: floors .37 + .05 leave one penny, to legal aid
///     (.49 of a penny against care's .35): legal aid £74,429.38
///   combined (asked for, labelled) £186,204.2192072428 → £186,204.22; per family ÷ 20 = £9,310.21
///   (seed: £103k per family; see the scenario's notes)
#[test]
fn securing_change_golden() {
    let v = shipped("securing-change");
    assert_eq!(v.display.social_value, d("43785.03"));
    assert_eq!(v.display.fiscal_savings, d("142419.19"));
    assert_eq!(v.display.cashable_savings, d("129035.43"));
    assert_eq!(v.display.combined, Some(d("186204.22")));
    assert_eq!(v.display.combined_per_family, Some(d("9310.21")));
    assert_eq!(v.display.social_value_per_family, d("2189.25"));
    assert_eq!(v.display.fiscal_savings_per_family, d("7120.96"));
    let item = |id: &str| v.items.iter().find(|i| i.item == id).unwrap().rounded;
    assert_eq!(item("parenting"), d("13682.82"));
    assert_eq!(item("self-confidence"), d("16419.39"));
    assert_eq!(item("social-networks"), d("13682.82"));
    assert_eq!(item("proceedings-court"), d("13383.76"));
    assert_eq!(item("proceedings-legal-aid"), d("74429.38"));
    assert_eq!(item("baby-not-in-care"), d("54606.05"));
    let close = |x: socval::Decimal, y: &str| (x - d(y)).abs() < d("0.00000001");
    assert!(
        close(v.totals.social_value, "43785.0271436147"),
        "{}",
        v.totals.social_value
    );
    assert!(
        close(v.totals.fiscal_savings, "142419.1920636281"),
        "{}",
        v.totals.fiscal_savings
    );
    assert_eq!(v.display.sroi_social, None, "no programme cost is published");
}

/// Between unit-cost versions 1.0.0 and 3.0.0, Step Together's figure moves by legal aid only: one
/// party per set at the NAO's £6,000 (2018 prices, deflator 78.7948) → three legally aided parties
/// at the MoJ's £10,058 (2024-25). 1.0.0: 5 × £6,000 × 91.2996/78.7948 × 0.75 ÷ 1.035 =
/// £25,189.1484342048 → £25,189.15; 3.0.0: £99,814.28 (above); +£74,625.13. The other rows it uses (court, foster care) are unchanged.
#[test]
fn table_versions_compare() {
    let t = template("step-together").unwrap();
    let s2 = t.scenario().unwrap();
    let s = with_table(&s2, "unit-costs-open@1.0.0").unwrap();
    let reg = Registry::embedded();
    let c = compare(&evaluate(&s, None, reg).unwrap(), &evaluate(&s2, None, reg).unwrap());
    assert_eq!(
        c.tables_changed,
        vec![("unit-costs-open@1.0.0".to_string(), "unit-costs-open@3.0.0".to_string())]
    );
    // Step Together has no programme cost: its ratios are undefined, not 0, so none is compared.
    assert!(!c.totals.iter().any(|t| t.name.starts_with("sroi")), "{:?}", c.totals);
    let changed: Vec<&str> = c
        .items
        .iter()
        .filter(|i| !i.exact_change.is_zero())
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(changed, ["proceedings-legal-aid"]);
    let legal = c.items.iter().find(|i| i.name == "proceedings-legal-aid").unwrap();
    assert_eq!(
        (legal.a, legal.b, legal.change),
        (d("25189.15"), d("99814.28"), d("74625.13"))
    );
    // Each side's fiscal items add up to its fiscal total.
    let fiscal = c.totals.iter().find(|t| t.name == "fiscal_savings").unwrap();
    assert_eq!(fiscal.b, d("249576.73"));
    let items_b: socval::Decimal = c
        .items
        .iter()
        .filter(|i| i.name.starts_with("proceedings") || i.name == "children-not-in-care")
        .map(|i| i.b)
        .sum();
    assert_eq!(items_b, fiscal.b);
    let items_a: socval::Decimal = c
        .items
        .iter()
        .filter(|i| i.name.starts_with("proceedings") || i.name == "children-not-in-care")
        .map(|i| i.a)
        .sum();
    assert_eq!(items_a, fiscal.a);
}

#[test]
fn embedded_tables_are_valid_and_hashed() {
    let reg = Registry::embedded();
    let list = reg.list();
    // wellbeing-open 1.0.0, 2.0.0 and 3.0.0, unit-costs-open 1.0.0, 1.1.0, 2.0.0 and 3.0.0,
    // gdp-deflator 1.0.0, real-gdp-per-head 1.0.0 and 1.1.0.
    assert_eq!(list.len(), 10);
    for t in &list {
        assert_eq!(t.sha256.len(), 64);
        assert!(t.embedded);
    }
    // Every shipped row has a resolvable source with a URL (or a note saying why none was
    // recorded) and a licence; every row of a format-2 table states its evidence status. (The
    // text is compiled in with the `table-text` feature; `no_default.rs` checks it without.)
    #[cfg(feature = "table-text")]
    for t in reg.tables() {
        for r in &t.rows {
            let s = t.source(&r.source).unwrap();
            assert!(
                s.url.starts_with("https://") || (s.url.is_empty() && s.url_note.is_some()),
                "{} {}",
                t.reference(),
                r.id
            );
            assert!(!s.licence.is_empty());
            if t.format == Some(2) {
                assert!(
                    r.status.is_some() && r.confidence.is_some(),
                    "{} {}",
                    t.reference(),
                    r.id
                );
            }
        }
    }
}

/// The embedded tables are compiled from `proxies/` to Rust data at build time; each keeps the hash of
/// its TOML source, so loading the same file again is accepted and a changed copy is refused.
#[test]
fn embedded_tables_keep_the_hash_of_their_source() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("proxies");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let sub = entry.unwrap().path();
        if !sub.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&sub).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_none_or(|x| x != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap();
            let mut reg = Registry::embedded().clone();
            let t = reg.add_toml("again.toml", &text).unwrap().clone();
            assert!(
                reg.list()
                    .iter()
                    .find(|i| i.id == t.id && i.version == t.version)
                    .unwrap()
                    .embedded
            );
            assert_eq!(t.sha256, socval::tables::content_hash(&text));
            let changed = text.replacen("title = \"", "title = \"Changed: ", 1);
            if changed != text {
                assert!(matches!(
                    reg.add_toml("changed.toml", &changed),
                    Err(socval::Error::HashMismatch { .. })
                ));
            }
            n += 1;
        }
    }
    assert_eq!(n, 10);
}
