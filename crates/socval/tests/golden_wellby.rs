//! Golden figures of WELLBY uprating and measured wellbeing, worked by hand, to the penny (the
//! other hand-worked cases are in `golden.rs`).

mod golden_common;

use golden_common::{WB, d, exact, test_registry};
use socval::records::Records;
use socval::{Registry, Scenario, Section, evaluate};

/// WELLBY uprating as HM Treasury does it: value × deflator ratio × (real GDP per head ratio)^1.3.
/// Cross-check from SOURCES.md: with HM Treasury's October 2024 calendar-year deflator (2019 =
/// 84.1420, 2023 = 100) and ONS IHXW (2019 = 33,443, 2023 = 33,257),
///   £13,000 × 100/84.142 × (33,257/33,443)^1.3
///   = £13,000 × 1.1884671151149247 × 0.9927758270889033 = £15,338.4585 → £15,338.46
/// (the 2023 WELLBY quoted by public SROI tools). The same row unflagged moves by the deflator
/// alone: £1,000 × 13 people × 100/84.142 = £15,450.07. A year outside the series is refused.
#[test]
fn wellby_uprating_by_real_gdp_per_head() {
    let defl = r#"
id = "t-defl-cy"
version = "1"
kind = "deflator"
title = "HMT deflator, calendar years (October 2024), two years"
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2024
url = "https://example.org"
licence = "test"
[[years]]
year = 2019
index = "84.1420"
source = "s"
[[years]]
year = 2023
index = "100"
source = "s"
[[years]]
year = 2024
index = "102"
source = "s"
"#;
    let wb = WB
        .replace("id = \"t-wb\"", "id = \"t-wby\"")
        .replace("value = \"10000.00\"", "value = \"13000.00\"\nwellby_uprating = true");
    let mut reg = test_registry();
    reg.add_toml("defl.toml", defl).unwrap();
    reg.add_toml("wb.toml", &wb).unwrap();
    let text = r#"
name = "One WELLBY"
families = 13
price_year = 2023
discount_rate = "0"
[tables]
wellbeing = "t-wby@1"
unit_costs = "t-uc@1"
deflators = "t-defl-cy@1"
gdp_per_head = "real-gdp-per-head@1.0.0"
[[outcomes]]
id = "wellby"
proxy = "conf"
people = "1"
[[outcomes]]
id = "plain"
proxy = "group"
people = "13"
"#;
    let s = Scenario::from_toml_str("wellby.toml", text).unwrap();
    let mut full = Registry::embedded().clone();
    for t in reg.tables() {
        full.add(&format!("{}.toml", t.id), t.clone()).unwrap();
    }
    let v = evaluate(&s, None, &full).unwrap();
    let item = |id: &str| v.items.iter().find(|i| i.item == id).unwrap().clone();
    assert_eq!(socval::money::to_penny(item("wellby").amount), d("15338.46"));
    let line = v.lines.iter().find(|l| l.item == "wellby").unwrap();
    assert!(
        line.working.contains("GDP per head uprating 0.992776"),
        "{}",
        line.working
    );
    // The unflagged row (£1,000 × 13 people) moves by the deflator alone.
    assert_eq!(socval::money::to_penny(item("plain").amount), d("15450.07"));
    assert!(
        v.tables
            .iter()
            .any(|t| t.role == "gdp_per_head" && t.id == "real-gdp-per-head")
    );
    // Without a series, or for a year the series does not cover, a clear error.
    let mut no_series = s.clone();
    no_series.tables.gdp_per_head = None;
    let e = evaluate(&no_series, None, &full).unwrap_err();
    assert!(e.to_string().contains("tables.gdp_per_head"), "{e}");
    let mut late = s.clone();
    late.price_year = 2024;
    let e = evaluate(&late, None, &full).unwrap_err();
    assert!(
        e.to_string()
            .contains("real-gdp-per-head@1.0.0 covers 2015–2023, not 2024"),
        "{e}"
    );
    assert_eq!(e.place().field, "price_year");
}

/// WELLBY uprating on the shipped rows (wellbeing-open@3.0.0, flagged; real-gdp-per-head@1.1.0),
/// worked by hand for one person in employment (£5,980, 2019 prices), no adjustments, no
/// discounting, at three price years (gdp-deflator@1.0.0: 2019 80.8738, 2020 85.1002, 2022 91.2996,
/// 2024 100; ONS IHXW 2019 33,443, 2020 29,852, 2022 33,497, 2024 33,223.743):
/// - 2020: £5,980 × 85.1002/80.8738 × (29,852/33,443)^1.3
///   = £5,980 × 1.0522591989 × exp(1.3 × ln 0.8926232694) = £5,980 × 1.0522591989 × 0.8627176145
///   = £5,428.6592247591 → £5,428.66 (deflator alone, as wellbeing-open@2.0.0 moves it: £6,292.51)
/// - 2022: £5,980 × 1.1289144321 × (33,497/33,443)^1.3 = £5,980 × 1.1289144321 × 1.0020996022
///   = £6,765.0825259530 → £6,765.08 (deflator alone £6,750.91)
/// - 2024: £5,980 × 100/80.8738 × (33,223.743/33,443)^1.3 = £5,980 × 1.2364943900 × 0.9914854122
///   = £7,331.2775764932 → £7,331.28 (deflator alone £7,394.24)
///
/// A year the series does not cover is refused naming the file and field (the scenario's price
/// year) or the item and row (a row's own price year).
#[test]
fn wellby_uprating_of_shipped_rows_worked_by_hand() {
    let text = |year: u32, wellbeing: &str, series: &str| {
        format!(
            r#"name = "One job"
families = 1
method = 2
price_year = {year}
discount_rate = "0"
[tables]
wellbeing = "{wellbeing}"
unit_costs = "unit-costs-open@3.0.0"
deflators = "gdp-deflator@1.0.0"
gdp_per_head = "{series}"
[[outcomes]]
id = "job"
proxy = "employment"
people = "1"
"#
        )
    };
    let reg = Registry::embedded();
    let value = |year: u32, wellbeing: &str| {
        let s = Scenario::from_toml_str("job.toml", &text(year, wellbeing, "real-gdp-per-head@1.1.0")).unwrap();
        evaluate(&s, None, reg).unwrap()
    };
    for (year, uprated, deflator_only) in [
        (2020, "5428.66", "6292.51"),
        (2022, "6765.08", "6750.91"),
        (2024, "7331.28", "7394.24"),
    ] {
        let v = value(year, "wellbeing-open@3.0.0");
        assert_eq!(v.display.social_value, d(uprated), "{year}");
        let line = &v.lines[0];
        assert!(line.uprating.is_some(), "{year}");
        assert!(line.working.contains("GDP per head uprating"), "{}", line.working);
        let old = value(year, "wellbeing-open@2.0.0");
        assert_eq!(old.display.social_value, d(deflator_only), "{year}");
        assert!(old.lines[0].uprating.is_none());
    }
    let exact = value(2020, "wellbeing-open@3.0.0").totals.social_value;
    assert!((exact - d("5428.6592247591")).abs() < d("0.0000001"), "{exact}");

    // The scenario's price year outside the series: refused, naming the file, the field and the row.
    let s = Scenario::from_toml_str(
        "job.toml",
        &text(2024, "wellbeing-open@3.0.0", "real-gdp-per-head@1.0.0"),
    )
    .unwrap();
    let e = socval::evaluate_named("job.toml", &s, None, reg).unwrap_err();
    assert_eq!(e.place().file, "job.toml");
    assert_eq!(e.place().field, "price_year");
    assert!(
        e.to_string().contains(
            "employment uprates by real GDP per head, but real-gdp-per-head@1.0.0 covers 2015–2023, not 2024"
        ),
        "{e}"
    );
    // A flagged row whose own price year the series does not cover: refused at the item naming the row.
    let own = r#"
id = "t-wb-2014"
version = "1"
kind = "wellbeing"
title = "A WELLBY row in 2014 prices"
price_year = 2014
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url = "https://example.org"
licence = "test"
[[rows]]
id = "old-wellby"
label = "Old"
value = "1000.00"
unit = "person-year"
source = "s"
wellby_uprating = true
"#;
    let mut reg = Registry::embedded().clone();
    reg.add_toml("old.toml", own).unwrap();
    let s = Scenario::from_toml_str(
        "job.toml",
        &text(2022, "t-wb-2014@1", "real-gdp-per-head@1.1.0")
            .replace("proxy = \"employment\"", "proxy = \"old-wellby\""),
    )
    .unwrap();
    let e = socval::evaluate_named("job.toml", &s, None, &reg).unwrap_err();
    assert_eq!(e.place().file, "job.toml");
    assert_eq!(e.place().field, "proxy");
    assert!(
        e.place().location.to_string().contains("outcomes[0]"),
        "{}",
        e.place().location
    );
    assert!(
        e.to_string().contains(
            "old-wellby uprates by real GDP per head, but real-gdp-per-head@1.1.0 covers 2015–2024, not 2014"
        ),
        "{e}"
    );
}

/// A WELLBY row: £13,000 per point of life satisfaction (0–10) per person-year, 2019 prices.
const WELLBY: &str = r#"
id = "t-wellby"
version = "1"
kind = "wellbeing"
title = "Test WELLBY"
price_year = 2019
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url = "https://example.org"
licence = "test"
[[rows]]
id = "wellby"
label = "One WELLBY"
value = "13000.00"
unit = "life-satisfaction-point-person-year"
source = "s"
[[rows]]
id = "conf"
label = "Confidence"
value = "1000.00"
unit = "person-year"
source = "s"
"#;

const MEASURED: &str = r#"
name = "Measured"
families = 20
price_year = 2019
discount_rate = "0"
method = 2
[tables]
wellbeing = "t-wellby@1"
unit_costs = "t-uc@1"
deflators = "t-defl@1"
[[measured]]
id = "ls"
proxy = "wellby"
people = "12"
scale = ["0", "10"]
before = "5.2"
after = "6.4"
counterfactual_change = "0.3"
attribution = "0.25"
duration = 2
drop_off = "0.5"
"#;

fn measured_registry() -> Registry {
    let mut r = test_registry();
    r.add_toml("wellby.toml", WELLBY).unwrap();
    r
}

/// Measured wellbeing (HM Treasury's primary method), worked by hand, no discounting:
///   ΔLS = (6.4 − 5.2 − 0.3) × 11 ÷ 11 levels = 0.9; × WELLBY £13,000 = £11,700 per person-year
///   × 12 people = £140,400 × (1 − 25 % attribution) = £105,300 in year 1;
///   year 2 keeps (1 − 50 %) of it: £52,650; total £157,950.00 (no deadweight: the counterfactual
///   change is already deducted).
/// A 1–7 scale (7 levels): before 4, after 5, no counterfactual change: ΔLS = 1 × 11/7 =
///   1.5714285714…; × £13,000 = £20,428.5714285714285714… for one person, one year → £20,428.57.
/// SWEMWBS with a stated exchange rate of 0.26 LS points a point (the user's assumption): before
///   20, after 24, counterfactual +1: ΔLS = 3 × 0.26 = 0.78; × £13,000 = £10,140.00.
#[test]
fn measured_wellbeing_worked_by_hand() {
    let reg = measured_registry();
    let s = Scenario::from_toml_str("m.toml", MEASURED).unwrap();
    let v = evaluate(&s, None, &reg).unwrap();
    let lines: Vec<_> = v.section_lines(Section::SocialValue).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].amount, d("105300"));
    assert_eq!(lines[1].amount, d("52650"));
    assert_eq!(lines[0].deadweight, d("0"));
    assert!(
        lines[0].working.starts_with(
            "ΔLS (6.4 − 5.2 − 0.3 counterfactual) × 11 ÷ 11 levels = 0.9 per person × 12 people = 10.8 life-satisfaction points; £13,000.00 × rebase 1 × 10.8"
        ),
        "{}",
        lines[0].working
    );
    assert_eq!(v.display.social_value, d("157950.00"));

    let seven = MEASURED
        .replace("people = \"12\"", "people = \"1\"")
        .replace("scale = [\"0\", \"10\"]", "scale = [\"1\", \"7\"]")
        .replace("before = \"5.2\"", "before = \"4\"")
        .replace("after = \"6.4\"", "after = \"5\"")
        .replace("counterfactual_change = \"0.3\"", "counterfactual_change = \"0\"")
        .replace("attribution = \"0.25\"\nduration = 2\ndrop_off = \"0.5\"\n", "");
    let v = evaluate(&Scenario::from_toml_str("m.toml", &seven).unwrap(), None, &reg).unwrap();
    exact(v.totals.social_value, "20428.5714285714285714");
    assert_eq!(v.display.social_value, d("20428.57"));

    let swemwbs = seven
        .replace(
            "scale = [\"1\", \"7\"]",
            "scale = [\"7\", \"35\"]\nexchange_rate = \"0.26\"",
        )
        .replace("before = \"4\"", "before = \"20\"")
        .replace("after = \"5\"", "after = \"24\"")
        .replace("counterfactual_change = \"0\"", "counterfactual_change = \"1\"");
    let v = evaluate(&Scenario::from_toml_str("m.toml", &swemwbs).unwrap(), None, &reg).unwrap();
    assert_eq!(v.display.social_value, d("10140.00"));
    let line = v.section_lines(Section::SocialValue).next().unwrap();
    assert!(line.assumption, "an exchange rate is the user's assumption");
    assert!(
        line.working.contains("the user's exchange rate, an assumption"),
        "{}",
        line.working
    );
}

/// A measured change's own fields are checked: scores on the scale, a counterfactual change
/// stated, no deadweight on top of it, the WELLBY row as its proxy, a scale of whole scores.
#[test]
fn measured_wellbeing_refuses_bad_fields() {
    let reg = measured_registry();
    // A score outside the scale names its field.
    let e = Scenario::from_toml_str("m.toml", &MEASURED.replace("after = \"6.4\"", "after = \"11\"")).unwrap_err();
    assert_eq!(
        (e.place().location.to_string().as_str(), e.place().field.as_str()),
        ("measured[0] (id \"ls\")", "after")
    );
    // No counterfactual stated.
    let e = Scenario::from_toml_str("m.toml", &MEASURED.replace("counterfactual_change = \"0.3\"\n", "")).unwrap_err();
    assert_eq!(e.place().field, "counterfactual_change", "{e}");
    // A deadweight on top of the counterfactual change.
    let e = Scenario::from_toml_str(
        "m.toml",
        &MEASURED.replace("attribution = \"0.25\"", "deadweight = \"0.2\""),
    )
    .unwrap_err();
    assert_eq!(e.place().field, "deadweight");
    // A measured item names the WELLBY row, not an outcome's value.
    let e = evaluate(
        &Scenario::from_toml_str("m.toml", &MEASURED.replace("proxy = \"wellby\"", "proxy = \"conf\"")).unwrap(),
        None,
        &reg,
    )
    .unwrap_err();
    assert_eq!(e.place().field, "proxy", "{e}");
    assert!(
        e.to_string()
            .contains("not the value of one point of life satisfaction"),
        "{e}"
    );
    // A scale runs over whole scores.
    let e = Scenario::from_toml_str(
        "m.toml",
        &MEASURED
            .replace("scale = [\"0\", \"10\"]", "scale = [\"0\", \"0.5\"]")
            .replace("before = \"5.2\"", "before = \"0.1\"")
            .replace("after = \"6.4\"", "after = \"0.4\""),
    )
    .unwrap_err();
    assert_eq!(e.place().field, "scale", "{e}");
    assert!(e.to_string().contains("not a whole number"), "{e}");
}

/// A measured change covers every wellbeing proxy for those measured: with 12 of 20 measured, a
/// proxy outcome may be claimed for at most 8 others; in records, a person measured has any proxy
/// claims left out, with a warning. Bad scores and records are refused.
#[test]
fn measured_wellbeing_excludes_proxies_for_those_measured() {
    let reg = measured_registry();
    let ok = format!("{MEASURED}\n[[outcomes]]\nid = \"c\"\nproxy = \"conf\"\npeople = \"8\"\n");
    evaluate(&Scenario::from_toml_str("m.toml", &ok).unwrap(), None, &reg).unwrap();
    let over = ok.replace("people = \"8\"", "people = \"9\"");
    let e = evaluate(&Scenario::from_toml_str("m.toml", &over).unwrap(), None, &reg).unwrap_err();
    assert_eq!(e.place().field, "people");
    assert!(e.to_string().contains("already covers every wellbeing outcome"), "{e}");
    // In records, person by person: a member measured and also claimed for a proxy outcome is
    // valued by the measured change; that member's proxy claims are left out, with a warning
    // naming family, member and outcomes and a working line listing them. A proxy for another
    // member of the family still counts. Family A: mum 5 → 6 (ΔLS 6 − 5 − 0.3 = 0.7), claimed
    // for c too; dad claimed for c:
    //   ls: 0.7 × £13,000 = £9,100 × (1 − 0.25) = £6,825 in year 1, × 0.5 = £3,412.50 in year 2
    //   c:  dad only, £1,000 × 1 person (no adjustments, one year, no discounting) = £1,000
    //   social value £6,825 + £3,412.50 + £1,000 = £11,237.50 (counting mum's c too: £12,237.50)
    let with_outcome = format!("{MEASURED}\n[[outcomes]]\nid = \"c\"\nproxy = \"conf\"\n");
    let s = Scenario::from_toml_str("m.toml", &with_outcome).unwrap();
    let rec = Records::from_csv_str(
        "r.csv",
        "family_id,members,c,ls_before,ls_after\nA,mum;dad,mum;dad,mum=5,mum=6\n",
    )
    .unwrap();
    let v = evaluate(&s, Some(&rec), &reg).unwrap();
    assert_eq!(v.display.social_value, d("11237.50"));
    assert!(
        v.warnings.iter().any(|w| w
            .contains("line 2: member \"mum\" of family \"A\" is measured in \"ls\" and also claimed for \"c\"")
            && w.contains("left out")),
        "{:?}",
        v.warnings
    );
    let ls = v.lines.iter().find(|l| l.item == "ls").unwrap();
    assert!(
        ls.working
            .contains("left out: the proxy claims of 1 person measured here")
            && ls.working.contains("family \"A\", \"mum\": c"),
        "{}",
        ls.working
    );
    let c: Vec<_> = v.lines.iter().filter(|l| l.item == "c").collect();
    assert_eq!((c.len(), c[0].quantity, c[0].amount), (1, d("1"), d("1000")));
    // A member listed twice in a score cell is refused, naming the cell.
    let rec = Records::from_csv_str(
        "r.csv",
        "family_id,members,ls_before,ls_after\nA,mum,mum=5,mum=6\nB,mother,mother=3;mother=9,mother=6\n",
    )
    .unwrap();
    let e = evaluate(&s, Some(&rec), &reg).unwrap_err();
    assert_eq!(
        (e.place().location.to_string().as_str(), e.place().field.as_str()),
        ("line 3", "ls_before")
    );
    assert!(e.to_string().contains("\"mother\" is listed twice in this cell"), "{e}");
    // Records without the measured columns: nobody is measured, and the scenario is told so.
    let rec = Records::from_csv_str("r.csv", "family_id,members,c\nA,mum,mum\n").unwrap();
    let v = evaluate(&s, Some(&rec), &reg).unwrap();
    assert!(
        v.warnings
            .iter()
            .any(|w| w.contains("measured item \"ls\" has no column ls_before or ls_after in r.csv")),
        "{:?}",
        v.warnings
    );
    // Valued from records, a measured item needs no people, before or after; without records it
    // does, and says so.
    let bare = MEASURED
        .replace("people = \"12\"\n", "")
        .replace("before = \"5.2\"\n", "")
        .replace("after = \"6.4\"\n", "");
    let bare = Scenario::from_toml_str("m.toml", &bare).unwrap();
    let rec = Records::from_csv_str("r.csv", "family_id,members,ls_before,ls_after\nA,mum,5,6\n").unwrap();
    // 0.7 × £13,000 × 0.75 = £6,825 + £3,412.50 = £10,237.50
    assert_eq!(
        evaluate(&bare, Some(&rec), &reg).unwrap().display.social_value,
        d("10237.50")
    );
    let e = evaluate(&bare, None, &reg).unwrap_err();
    assert_eq!(e.place().field, "people", "{e}");
    assert!(e.to_string().contains("per-family records"), "{e}");
    // The proxy outcome for the other member alone is fine, and no warning.
    let rec = Records::from_csv_str(
        "r.csv",
        "family_id,members,c,ls_before,ls_after\nA,mum;dad,dad,mum=5,mum=6\n",
    )
    .unwrap();
    let v = evaluate(&s, Some(&rec), &reg).unwrap();
    assert!(!v.warnings.iter().any(|w| w.contains("left out")), "{:?}", v.warnings);
    // A score without its pair, and a score off the scale, are refused with line and column.
    let rec = Records::from_csv_str("r.csv", "family_id,ls_before,ls_after\nA,5,\n").unwrap();
    let e = evaluate(&Scenario::from_toml_str("m.toml", MEASURED).unwrap(), Some(&rec), &reg).unwrap_err();
    assert_eq!(e.place().field, "ls_after", "{e}");
    let rec = Records::from_csv_str("r.csv", "family_id,ls_before,ls_after\nA,5,12\n").unwrap();
    let e = evaluate(&Scenario::from_toml_str("m.toml", MEASURED).unwrap(), Some(&rec), &reg).unwrap_err();
    assert!(e.to_string().contains("outside the measure's scale"), "{e}");
}

/// Measured wellbeing from per-family records equals the aggregate form for the same facts:
///   family A: mum 5 → 6.5; family B: mum 4 → 5 (counterfactual change 0.3 each, 0–10 scale)
///   records: (6.5 − 5 − 0.3) + (5 − 4 − 0.3) = 1.2 + 0.7 = 1.9 life-satisfaction points
///   aggregate: 2 people, mean 4.5 → 5.75: (5.75 − 4.5 − 0.3) × 2 = 0.95 × 2 = 1.9 points
///   value: 1.9 × £13,000 = £24,700 × (1 − 25 %) = £18,525 in year 1, £9,262.50 in year 2;
///   total £27,787.50.
#[test]
fn measured_wellbeing_records_equal_aggregate() {
    let reg = measured_registry();
    let s = Scenario::from_toml_str("m.toml", MEASURED).unwrap();
    let rec = Records::from_csv_str(
        "r.csv",
        "family_id,members,ls_before,ls_after\nA,mum,5,6.5\nB,mum,mum=4,mum=5\n",
    )
    .unwrap();
    let from_records = evaluate(&s, Some(&rec), &reg).unwrap();
    let aggregate = Scenario::from_toml_str(
        "m.toml",
        &MEASURED
            .replace("people = \"12\"", "people = \"2\"")
            .replace("before = \"5.2\"", "before = \"4.5\"")
            .replace("after = \"6.4\"", "after = \"5.75\""),
    )
    .unwrap();
    let agg = evaluate(&aggregate, None, &reg).unwrap();
    assert_eq!(from_records.totals.social_value, d("27787.50"));
    assert_eq!(agg.totals.social_value, from_records.totals.social_value);
    assert!(
        from_records.lines[0]
            .working
            .starts_with("ΔLS from 2 people's own scores"),
        "{}",
        from_records.lines[0].working
    );
}

/// Measured wellbeing on the shipped tables: `wellbeing-open@2.0.0`'s `wellby` row is HM
/// Treasury's £13,000 (2019 prices). One person measured from 5 to 6 on the ONS 0–10 question with
/// no counterfactual change, one year, no discounting, 2019 prices: 1 × 11/11 × £13,000 = £13,000.00.
#[test]
fn measured_wellbeing_on_the_shipped_wellby() {
    let text = r#"
name = "One point"
families = 1
price_year = 2019
discount_rate = "0"
method = 2
[tables]
wellbeing = "wellbeing-open@2.0.0"
unit_costs = "unit-costs-open@2.0.0"
deflators = "gdp-deflator@1.0.0"
[[measured]]
id = "ls"
proxy = "wellby"
people = "1"
scale = ["0", "10"]
before = "5"
after = "6"
counterfactual_change = "0"
"#;
    let v = evaluate(
        &Scenario::from_toml_str("m.toml", text).unwrap(),
        None,
        Registry::embedded(),
    )
    .unwrap();
    assert_eq!(v.display.social_value, d("13000.00"));
}
