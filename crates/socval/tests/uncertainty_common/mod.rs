//! What the uncertainty tests share (`uncertainty.rs`, `uncertainty_coverage.rs`): a small
//! scenario with ranges on the embedded tables.
#![allow(dead_code)] // each test crate uses some of them

use socval::{Decimal, Scenario};
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// 10 families, high-confidence (£1,560 a person-year at 2019 prices, table range £1,200–£1,920)
/// for 6 people, one avoided court hearing set (£4,180 at 2017 prices), no discounting.
pub const BASE: &str = r#"
name = "Uncertain"
families = 10
price_year = 2019
discount_rate = "0"
[tables]
wellbeing = "wellbeing-open@1.0.0"
unit_costs = "unit-costs-open@1.0.0"
deflators = "gdp-deflator@1.0.0"
[[costs]]
label = "Delivery"
amount = "12000"
[[outcomes]]
id = "conf"
proxy = "high-confidence"
people = "6"
attribution = "0.2"
[[avoided]]
id = "court"
proxy = "care-proceedings-court"
count = "2"
"#;

pub fn scenario(extra: &str) -> Scenario {
    Scenario::from_toml_str("u.toml", &format!("{BASE}\n{extra}")).unwrap()
}
