//! Helpers the golden tests share (`golden.rs`, `golden_seeds.rs`, `golden_wellby.rs`): exact
//! decimals, the small hand-worked tables, and a shipped template's valuation.
#![allow(dead_code)] // each test crate uses some of them

use socval::{Registry, Section, Valuation, evaluate, template};
use std::str::FromStr;

pub fn d(s: &str) -> socval::Decimal {
    socval::Decimal::from_str(s).unwrap()
}

/// `got` is the exact figure `want` (given to 16 places, worked with exact fractions): within
/// 10⁻¹⁵, which a figure kept to 10 places misses.
#[track_caller]
pub fn exact(got: socval::Decimal, want: &str) {
    let diff = (got - d(want)).abs();
    assert!(
        diff < d("0.000000000000001"),
        "{got} is not the exact {want} (off by {diff})"
    );
}

pub const WB: &str = r#"
id = "t-wb"
version = "1"
kind = "wellbeing"
title = "Test wellbeing values"
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
id = "conf"
label = "Confidence"
value = "10000.00"
unit = "person-year"
source = "s"
exclusive_group = "mh"
[[rows]]
id = "calm"
label = "Calm"
value = "5000.00"
unit = "person-year"
source = "s"
exclusive_group = "mh"
[[rows]]
id = "group"
label = "Group member"
value = "1000.00"
unit = "person-year"
source = "s"
[[rows]]
id = "group"
label = "Group member (25-49)"
value = "2000.00"
unit = "person-year"
source = "s"
age_band = "25-49"
"#;

pub const UC: &str = r#"
id = "t-uc"
version = "1"
kind = "unit-cost"
title = "Test unit costs"
price_year = 2020
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url = "https://example.org"
licence = "test"
[[rows]]
id = "proc"
label = "Proceedings"
value = "12000.00"
unit = "set"
source = "s"
agency = "la"
cashable = true
recurrence = "one-off"
[[rows]]
id = "care"
label = "Child-year in care"
value = "50000.00"
unit = "child-year"
source = "s"
agency = "la"
cashable = true
recurrence = "per-year"
confidence = 2
[[rows]]
id = "court"
label = "Court"
value = "3000.00"
unit = "set"
source = "s"
agency = "courts"
cashable = false
recurrence = "one-off"
"#;

pub const DEFL: &str = r#"
id = "t-defl"
version = "1"
kind = "deflator"
title = "Test deflator"
licence = "test"
[[sources]]
id = "s"
publisher = "Test"
title = "Test"
year = 2020
url = "https://example.org"
licence = "test"
[[years]]
year = 2019
index = "100"
source = "s"
[[years]]
year = 2020
index = "102.5"
source = "s"
"#;

pub fn test_registry() -> Registry {
    let mut r = Registry::default();
    r.add_toml("wb.toml", WB).unwrap();
    r.add_toml("uc.toml", UC).unwrap();
    r.add_toml("defl.toml", DEFL).unwrap();
    r
}

pub fn shipped(id: &str) -> Valuation {
    let t = template(id).unwrap();
    evaluate(&t.scenario().unwrap(), None, Registry::embedded()).unwrap()
}

pub fn lines_sum(v: &Valuation, s: Section) -> (socval::Decimal, socval::Decimal) {
    (
        v.section_lines(s).map(|l| l.amount).sum(),
        v.section_lines(s).map(|l| l.rounded).sum(),
    )
}
