//! The scenario's own checks ([`Scenario::check`]): ranges and consistency that need no tables
//! (ids, shares in 0–1, counts not negative, years and durations in range).

use super::{MAX_COSTS, MAX_DURATION, MAX_FAMILIES, MAX_ITEM_YEARS, MAX_ITEMS, MAX_RANGES, Scenario};
use crate::error::{Error, Location, Place, Result};
use crate::tables::valid_id;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

fn check_share(place: impl FnOnce() -> Place, v: Option<Decimal>) -> Result<()> {
    if let Some(v) = v
        && (v < Decimal::ZERO || v > Decimal::ONE)
    {
        return Err(Error::invalid(place(), format!("{v} is outside 0–1 (0–100 %)")));
    }
    Ok(())
}

/// What is wrong with an item id, in words, if anything.
fn id_problem(id: &str) -> Option<String> {
    if valid_id(id) {
        return None;
    }
    let n = id.chars().count();
    Some(if id.is_empty() {
        "an item needs an id (lowercase letters, digits, '-' or '_'), e.g. id = \"confidence\"".into()
    } else if n > 80 {
        format!("the id is {n} characters long: at most 80")
    } else {
        format!("{id:?} has characters an id may not have: use lowercase letters, digits, '-' or '_'")
    })
}

impl Scenario {
    /// Checks ranges and consistency that need no tables: ids, shares in 0–1, counts not negative,
    /// years and durations in range. [`crate::evaluate`] checks the rest against the tables.
    pub fn check(&self, file: &str) -> Result<()> {
        self.check_settings(file)?;
        self.check_sizes(file)?;
        self.check_costs(file)?;
        // Item ids are unique across outcomes, avoided costs and measured changes.
        let mut ids = BTreeSet::new();
        self.check_outcomes(file, &mut ids)?;
        self.check_avoided(file, &mut ids)?;
        self.check_measured(file, &mut ids)?;
        self.check_records_format(file)
    }

    /// The top-level settings: name, families, people per family, price year, rates, method,
    /// optimism bias, tables and defaults.
    fn check_settings(&self, file: &str) -> Result<()> {
        let top = |f: &str| Place::top(file, f);
        if self.name.trim().is_empty() {
            return Err(Error::invalid(
                top("name"),
                "missing: add a name for the programme, e.g. name = \"Parenting support 2024\"",
            ));
        }
        if self.families == 0 || self.families > MAX_FAMILIES {
            return Err(Error::invalid(
                top("families"),
                format!("families must be 1 to {MAX_FAMILIES}"),
            ));
        }
        if let Some(p) = self.people_per_family
            && (p <= Decimal::ZERO || p > Decimal::from(100))
        {
            return Err(Error::invalid(
                top("people_per_family"),
                "people per family must be above 0 and at most 100",
            ));
        }
        if !(crate::tables::MIN_YEAR..=crate::tables::MAX_YEAR).contains(&self.price_year) {
            return Err(Error::invalid(
                top("price_year"),
                format!(
                    "price year {} is outside {}–{}: give the year the figures are to be shown in, e.g. price_year = 2024",
                    self.price_year,
                    crate::tables::MIN_YEAR,
                    crate::tables::MAX_YEAR
                ),
            ));
        }
        for (f, r) in [
            ("discount_rate", self.discount_rate),
            ("wellbeing_discount_rate", self.wellbeing_discount_rate),
        ] {
            if let Some(r) = r
                && (r < Decimal::ZERO || r > Decimal::ONE)
            {
                return Err(Error::invalid(top(f), format!("{r} is outside 0–1 (0–100 %)")));
            }
        }
        if let Some(m) = self.method
            && (m == 0 || m > crate::method_version::METHOD_VERSION)
        {
            return Err(Error::invalid(
                top("method"),
                format!(
                    "method {m} is not one this socval knows (1 to {}): the file was made by a newer socval",
                    crate::method_version::METHOD_VERSION
                ),
            ));
        }
        for (grade, h) in &self.optimism_bias {
            if !["1", "2", "3"].contains(&grade.as_str()) {
                return Err(Error::invalid(
                    Place::new(file, Location::section("optimism_bias"), grade.clone()),
                    "grades are \"1\", \"2\" and \"3\"",
                ));
            }
            check_share(
                || Place::new(file, Location::section("optimism_bias"), grade.clone()),
                Some(*h),
            )?;
        }
        for (f, r) in [
            ("tables.wellbeing", &self.tables.wellbeing),
            ("tables.unit_costs", &self.tables.unit_costs),
            ("tables.deflators", &self.tables.deflators),
        ] {
            if r.split_once('@').is_none_or(|(a, b)| a.is_empty() || b.is_empty()) {
                return Err(Error::invalid(top(f), format!("{r:?} must be written id@version")));
            }
        }
        if let Some(r) = &self.tables.gdp_per_head
            && r.split_once('@').is_none_or(|(a, b)| a.is_empty() || b.is_empty())
        {
            return Err(Error::invalid(
                top("tables.gdp_per_head"),
                format!("{r:?} must be written id@version"),
            ));
        }
        self.defaults.check(file, &|| Location::section("defaults"))?;
        Ok(())
    }

    /// The limits on the number of items, costs and ranges, and on the items' years.
    fn check_sizes(&self, file: &str) -> Result<()> {
        let top = |f: &str| Place::top(file, f);
        let items = self.outcomes.len() + self.avoided.len() + self.measured.len();
        if items > MAX_ITEMS {
            return Err(Error::invalid(
                top(if self.outcomes.len() > self.avoided.len() {
                    "outcomes"
                } else {
                    "avoided"
                }),
                format!("{items} items (outcomes and avoided costs): at most {MAX_ITEMS} are allowed"),
            ));
        }
        if self.costs.len() > MAX_COSTS {
            return Err(Error::invalid(
                top("costs"),
                format!("{} costs: at most {MAX_COSTS} are allowed", self.costs.len()),
            ));
        }
        if self.ranges.len() > MAX_RANGES {
            return Err(Error::invalid(
                top("ranges"),
                format!("{} ranges: at most {MAX_RANGES} are allowed", self.ranges.len()),
            ));
        }
        let default_years = self.defaults.duration.unwrap_or(1);
        let item_years: u32 = self
            .outcomes
            .iter()
            .map(|o| &o.adjustments)
            .chain(self.avoided.iter().map(|a| &a.adjustments))
            .chain(self.measured.iter().map(|m| &m.adjustments))
            .map(|a| a.duration.unwrap_or(default_years).min(MAX_DURATION))
            .sum();
        if item_years > MAX_ITEM_YEARS {
            return Err(Error::invalid(
                top("outcomes"),
                format!(
                    "the items' durations add up to {item_years} item-years: at most {MAX_ITEM_YEARS} are allowed (fewer items, or shorter durations)"
                ),
            ));
        }
        Ok(())
    }

    /// The programme costs: amounts not negative, years in range.
    fn check_costs(&self, file: &str) -> Result<()> {
        for (i, c) in self.costs.iter().enumerate() {
            let loc = || Location::cost(i, c.label.clone());
            if c.amount < Decimal::ZERO {
                return Err(Error::invalid(
                    Place::new(file, loc(), "amount"),
                    "a cost must not be negative",
                ));
            }
            if c.year.is_some_and(|y| y > MAX_DURATION) {
                return Err(Error::invalid(
                    Place::new(file, loc(), "year"),
                    format!("year must be 0 (paid up front) to {MAX_DURATION}"),
                ));
            }
        }
        Ok(())
    }

    /// The wellbeing outcomes.
    fn check_outcomes<'a>(&'a self, file: &str, ids: &mut BTreeSet<&'a str>) -> Result<()> {
        for (i, o) in self.outcomes.iter().enumerate() {
            let loc = || Location::outcome(i, o.id.clone());
            let p = |f: &str| Place::new(file, loc(), f);
            if let Some(why) = id_problem(&o.id) {
                return Err(Error::invalid(p("id"), why));
            }
            if !ids.insert(o.id.as_str()) {
                return Err(Error::invalid(
                    p("id"),
                    "this id is already used by another item: give each item its own id (a records CSV names its column by it)",
                ));
            }
            match (o.people, o.rate) {
                (Some(_), Some(_)) => return Err(Error::invalid(p("rate"), "give people or rate, not both")),
                (Some(n), None) if n < Decimal::ZERO => {
                    return Err(Error::invalid(p("people"), "a count must not be negative"));
                }
                (None, Some(_)) => check_share(|| p("rate"), o.rate)?,
                _ => {}
            }
            if o.start_year.is_some_and(|y| y == 0 || y > MAX_DURATION) {
                return Err(Error::invalid(
                    p("start_year"),
                    format!("start year must be 1 to {MAX_DURATION}"),
                ));
            }
            o.adjustments.check(file, &loc)?;
        }
        Ok(())
    }

    /// The avoided costs.
    fn check_avoided<'a>(&'a self, file: &str, ids: &mut BTreeSet<&'a str>) -> Result<()> {
        for (i, a) in self.avoided.iter().enumerate() {
            let loc = || Location::avoided(i, a.id.clone());
            let p = |f: &str| Place::new(file, loc(), f);
            if let Some(why) = id_problem(&a.id) {
                return Err(Error::invalid(p("id"), why));
            }
            if !ids.insert(a.id.as_str()) {
                return Err(Error::invalid(
                    p("id"),
                    "this id is already used by another item: give each item its own id (a records CSV names its column by it)",
                ));
            }
            if let Some(n) = a.count {
                if n < Decimal::ZERO {
                    return Err(Error::invalid(p("count"), "a count must not be negative"));
                }
                if a.counterfactual_rate.is_some() || a.observed_rate.is_some() {
                    return Err(Error::invalid(p("count"), "give a count or the two rates, not both"));
                }
            }
            if a.units_per_event
                .is_some_and(|u| u <= Decimal::ZERO || u > Decimal::from(1000))
            {
                return Err(Error::invalid(
                    p("units_per_event"),
                    "units per event must be more than 0 and at most 1,000",
                ));
            }
            check_share(|| p("counterfactual_rate"), a.counterfactual_rate)?;
            check_share(|| p("observed_rate"), a.observed_rate)?;
            match (a.counterfactual_rate, a.observed_rate) {
                (Some(c), Some(o)) if o > c => {
                    return Err(Error::invalid(
                        p("observed_rate"),
                        format!("observed rate {o} exceeds the counterfactual rate {c}: no events were avoided"),
                    ));
                }
                (Some(_), None) => {
                    return Err(Error::invalid(
                        p("observed_rate"),
                        "missing: with a counterfactual rate, add the observed rate (events per family with the programme), e.g. observed_rate = \"0.1\"",
                    ));
                }
                (None, Some(_)) => {
                    return Err(Error::invalid(
                        p("counterfactual_rate"),
                        "missing: with an observed rate, add the counterfactual rate (events per family without the programme), e.g. counterfactual_rate = \"0.25\"",
                    ));
                }
                _ => {}
            }
            if a.year.is_some_and(|y| y == 0 || y > MAX_DURATION) {
                return Err(Error::invalid(p("year"), format!("year must be 1 to {MAX_DURATION}")));
            }
            a.adjustments.check(file, &loc)?;
        }
        Ok(())
    }

    /// The measured changes in life satisfaction.
    fn check_measured<'a>(&'a self, file: &str, ids: &mut BTreeSet<&'a str>) -> Result<()> {
        for (i, m) in self.measured.iter().enumerate() {
            let loc = || Location::Item {
                list: crate::error::ItemList::Measured,
                index: i,
                id: m.id.clone(),
            };
            let p = |f: &str| Place::new(file, loc(), f);
            if let Some(why) = id_problem(&m.id) {
                return Err(Error::invalid(p("id"), why));
            }
            if !ids.insert(m.id.as_str()) {
                return Err(Error::invalid(
                    p("id"),
                    "this id is already used by another item: give each item its own id (a records CSV names its column by it)",
                ));
            }
            // people (or rate), before and after may be left out when the scores come from
            // per-family records: the engine asks for them when it values the scenario without.
            match (m.people, m.rate) {
                (Some(_), Some(_)) => return Err(Error::invalid(p("rate"), "give people or rate, not both")),
                (Some(n), None) if n < Decimal::ZERO => {
                    return Err(Error::invalid(p("people"), "a count must not be negative"));
                }
                (None, Some(_)) => check_share(|| p("rate"), m.rate)?,
                _ => {}
            }
            let [lo, hi] = m.scale;
            for (i, v) in [lo, hi].into_iter().enumerate() {
                if !v.fract().is_zero() {
                    return Err(Error::invalid(
                        p("scale"),
                        format!(
                            "the scale's {} score {v} is not a whole number: a scale runs over whole scores (its levels are counted), e.g. scale = [\"0\", \"10\"]",
                            if i == 0 { "lowest" } else { "highest" }
                        ),
                    ));
                }
            }
            if hi <= lo {
                return Err(Error::invalid(
                    p("scale"),
                    format!("the scale's highest score ({hi}) must be above its lowest ({lo}), e.g. scale = [0, 10]"),
                ));
            }
            for (f, v) in [("before", m.before), ("after", m.after)] {
                let Some(v) = v else { continue };
                if v < lo || v > hi {
                    return Err(Error::invalid(
                        p(f),
                        format!("{v} is outside the measure's scale {lo}–{hi}"),
                    ));
                }
            }
            let Some(width) = hi.checked_sub(lo) else {
                return Err(Error::invalid(p("scale"), "the scale is too wide to compute with"));
            };
            if m.counterfactual_change.abs() > width {
                return Err(Error::invalid(
                    p("counterfactual_change"),
                    format!(
                        "a change of {} is more than the whole scale {lo}–{hi}",
                        m.counterfactual_change
                    ),
                ));
            }
            if m.exchange_rate.is_some_and(|x| x <= Decimal::ZERO) {
                return Err(Error::invalid(
                    p("exchange_rate"),
                    "an exchange rate is life-satisfaction points per point of the measure: above 0",
                ));
            }
            if m.adjustments.deadweight.is_some() || m.adjustments.deadweight_level.is_some() {
                let key = if m.adjustments.deadweight.is_some() {
                    "deadweight"
                } else {
                    "deadweight_level"
                };
                return Err(Error::invalid(
                    p(key),
                    "a measured change already deducts the counterfactual change: deadweight would be deducted twice; remove it",
                ));
            }
            if m.start_year.is_some_and(|y| y == 0 || y > MAX_DURATION) {
                return Err(Error::invalid(
                    p("start_year"),
                    format!("start year must be 1 to {MAX_DURATION}"),
                ));
            }
            m.adjustments.check(file, &loc)?;
        }
        Ok(())
    }

    /// The records' format: its delimiter, and columns mapped to what socval reads.
    fn check_records_format(&self, file: &str) -> Result<()> {
        if let Some(f) = &self.records {
            let at = |field: &str| Place::new(file, Location::section("records"), field);
            f.delimiter_byte().map_err(|m| Error::invalid(at("delimiter"), m))?;
            for (header, name) in &f.columns {
                let known = ["family_id", "members", "region"].contains(&name.as_str())
                    || self.outcomes.iter().any(|o| o.id == *name)
                    || self.avoided.iter().any(|a| a.id == *name)
                    || self
                        .measured
                        .iter()
                        .any(|m| *name == format!("{}_before", m.id) || *name == format!("{}_after", m.id));
                if !known {
                    return Err(Error::unknown(
                        at(&format!("columns.{header}")),
                        format!(
                            "{:?} is not a column socval reads: map a header to family_id, members, region or an item's id",
                            name.chars().take(80).collect::<String>()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}
