//! Valuing items: the context of one valuation (tables, discounting, the running totals) and the
//! arithmetic of each item, year by year, and of each programme cost.

use super::places::{CostAt, FieldOf, Located, checked};
use super::working;
use super::{Overrides, keep};
use crate::adjust::{Adjustment, ItemRef, is_net_of_counterfactual, resolve};
use crate::discount::Discounting;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::Scenario;
use crate::tables::{AgeBand, ProxyTable, Region, Registry, Row, TableKind};
use crate::valuation::{Line, LineKind, Section};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};
use std::collections::BTreeMap;

pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a str,
    pub(crate) scenario: &'a Scenario,
    pub(crate) wellbeing: &'a ProxyTable,
    pub(crate) unit_costs: &'a ProxyTable,
    pub(crate) deflators: &'a ProxyTable,
    /// Real GDP per head, where the scenario names a series.
    pub(crate) gdp_per_head: Option<&'a ProxyTable>,
    /// How the scenario discounts.
    pub(crate) disc: Discounting,
    /// Π (1 + r(i)) for n = 0.. periods, for the standard \[0\] and the wellbeing \[1\] schedule.
    pub(crate) growth: [Vec<Decimal>; 2],
    pub(crate) lines: Vec<Line>,
    pub(crate) warnings: Vec<String>,
    /// Whether to write the working's text (the uncertainty analysis skips it).
    pub(crate) working: bool,
    pub(crate) overrides: &'a Overrides,
    /// Without the working: running totals of social value, fiscal savings, cashable savings, cost.
    pub(crate) acc: [Decimal; 4],
    /// Rebasing and uprating factors worked out once per scenario (by price year).
    pub(crate) rates: &'a Rates,
}

/// Rebasing and WELLBY-uprating factors by the price year they rebase from, for one scenario's
/// price year and tables: worked out once (`engine::setup`), not per Monte Carlo draw.
#[derive(Debug, Default)]
pub(crate) struct Rates {
    pub(crate) rebase: Vec<(i32, Decimal)>,
    pub(crate) uprate: Vec<(i32, Decimal)>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn table(
        reg: &'a Registry,
        file: &str,
        field: &str,
        reference: &str,
        kind: TableKind,
        pins: &BTreeMap<String, String>,
    ) -> Result<&'a ProxyTable> {
        let place = Place::new(file, Location::section("tables"), field);
        let t = reg.get(reference).ok_or_else(|| {
            let id = reference.split('@').next().unwrap_or("");
            let have: Vec<String> = reg.versions(id).iter().map(|t| t.reference()).collect();
            let all: Vec<String> = reg.tables().filter(|t| t.kind == kind).map(|t| t.reference()).collect();
            Error::unknown(
                place.clone(),
                if have.is_empty() {
                    format!("no table {reference:?}; {kind} tables available: {}", all.join(", "))
                } else {
                    format!("no version {reference:?}; versions of {id}: {}", have.join(", "))
                },
            )
        })?;
        if t.kind != kind {
            return Err(Error::invalid(
                place,
                format!("{reference} is a {} table, not a {kind} table", t.kind),
            ));
        }
        if let Some(pin) = pins.get(reference)
            && !pin.eq_ignore_ascii_case(&t.sha256)
        {
            return Err(Error::invalid(
                Place::new(file, Location::section("tables.sha256"), reference),
                format!(
                    "the scenario pins {reference} to sha256 {pin}, but the table loaded as {reference} has sha256 {}: it is not the table the scenario was made with; load that table, or change the pin if you mean to use this one",
                    t.sha256
                ),
            ));
        }
        Ok(t)
    }

    pub(crate) fn rebase(&self, place: &dyn Located, from: i32) -> Result<Decimal> {
        let to = self.scenario.price_year;
        if from == to {
            return Ok(Decimal::ONE);
        }
        if let Some(&(_, f)) = self.rates.rebase.iter().find(|(y, _)| *y == from) {
            return Ok(f);
        }
        let years = || years_covered(self.deflators);
        let a = self.deflators.index(from).ok_or_else(|| {
            Error::invalid(
                place.at(""),
                format!(
                    "price year {from} is not in {} (covers {})",
                    self.deflators.reference(),
                    years()
                ),
            )
        })?;
        let b = self.deflators.index(to).ok_or_else(|| {
            Error::invalid(
                Place::top(self.file, "price_year"),
                format!(
                    "price year {to} is not in {} (covers {})",
                    self.deflators.reference(),
                    years()
                ),
            )
        })?;
        checked(place, "rebasing factor", b.checked_div(a))
    }

    /// HM Treasury's uprating of a WELLBY-based value beyond the deflator: (real GDP per head in
    /// the scenario's price year ÷ in the value's price year)^1.3.
    pub(crate) fn uprate(&self, place: &dyn Located, row: &Row, from: i32) -> Result<Decimal> {
        let to = self.scenario.price_year;
        if from == to {
            return Ok(Decimal::ONE);
        }
        let Some(series) = self.gdp_per_head else {
            return Err(Error::invalid(
                place.at("proxy"),
                format!(
                    "{} is uprated as the WELLBY is (GDP deflator × real GDP per head growth^1.3): name a real GDP per head series in tables.gdp_per_head",
                    row.id
                ),
            ));
        };
        if let Some(&(_, f)) = self.rates.uprate.iter().find(|(y, _)| *y == from) {
            return Ok(f);
        }
        let years = || years_covered(series);
        let index = |y: i32, p: Place| {
            series.index(y).ok_or_else(|| {
                Error::invalid(
                    p,
                    format!(
                        "{} uprates by real GDP per head, but {} covers {}, not {y}",
                        row.id,
                        series.reference(),
                        years()
                    ),
                )
            })
        };
        let a = index(from, place.at("proxy"))?;
        let b = index(to, Place::top(self.file, "price_year"))?;
        let ratio = checked(place, "uprating factor", b.checked_div(a))?;
        // 1.3: the elasticity of marginal utility of income (HM Treasury, Wellbeing Guidance, 2021).
        checked(place, "uprating factor", ratio.checked_powd(Decimal::new(13, 1)))
    }

    /// The divisor that discounts a value of appraisal year `year` (1 for year 0, paid up front).
    fn discount(&mut self, place: &dyn Located, wellbeing: bool, year: u32) -> Result<Decimal> {
        let n = self.disc.periods(year) as usize;
        let schedule = self.disc.schedule(wellbeing);
        let g = &mut self.growth[usize::from(wellbeing)];
        while g.len() <= n {
            let i = g.len() as u32;
            let last = *g.last().unwrap_or(&Decimal::ONE);
            let next = checked(
                place,
                "discount factor",
                last.checked_mul(Decimal::ONE + schedule.rate(i)),
            )?;
            g.push(next);
        }
        Ok(g[n])
    }

    /// Checks a resolved deadweight: a second deduction on a net-of-counterfactual effect is refused
    /// unless the item gives a reason (then it is kept, with a warning).
    pub(crate) fn check_deadweight(
        &mut self,
        place: &dyn Located,
        r: &Resolved,
        reason: &Option<String>,
    ) -> Result<()> {
        if r.net && r.deadweight > Decimal::ZERO {
            match reason {
                Some(why) if !why.trim().is_empty() => {
                    if !self.working {
                        // The uncertainty analysis reports no warnings: no text per draw.
                        return Ok(());
                    }
                    self.warnings.push(format!(
                        "{}: deadweight {} deducted from an effect already net of the counterfactual, because: {why}",
                        place.at("").location,
                        working::pct(r.deadweight)
                    ));
                }
                _ => {
                    return Err(Error::invalid(
                        place.at("deadweight"),
                        "this effect already comes from a comparison with a counterfactual, so deadweight is already in it and would be deducted twice; remove it, or give deadweight_reason to override",
                    ));
                }
            }
        }
        Ok(())
    }

    fn accumulate(
        &mut self,
        place: &dyn Located,
        section: Section,
        cashable: Option<bool>,
        amount: Decimal,
    ) -> Result<()> {
        let mut add = |i: usize| -> Result<()> {
            self.acc[i] = checked(place, "total", self.acc[i].checked_add(amount))?;
            Ok(())
        };
        match section {
            Section::SocialValue => add(0),
            Section::FiscalSavings => {
                add(1)?;
                if cashable == Some(true) { add(2) } else { Ok(()) }
            }
            Section::ProgrammeCost => add(3),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn value_item(
        &mut self,
        place: &dyn Located,
        section: Section,
        item_id: &str,
        label: &str,
        table: &ProxyTable,
        row: &Row,
        quantity: Decimal,
        age: AgeBand,
        region: Region,
        adj: &Resolved,
        start: u32,
        per_event: Option<(Decimal, &str)>,
    ) -> Result<()> {
        // Units per avoided event (legal-aid certificates per set of proceedings): the quantity
        // valued is events × units; the working shows both.
        let events = quantity;
        let quantity = match per_event {
            Some((units, _)) => checked(place, "units avoided", events.checked_mul(units))?,
            None => events,
        };
        let (deadweight, attribution, displacement, duration) =
            (adj.deadweight, adj.attribution, adj.displacement, adj.duration);
        let drop_off = if duration > 1 { adj.drop_off } else { Decimal::ZERO };
        let price_year = table.row_price_year(row);
        let rebase = self.rebase(&FieldOf(place, "proxy"), price_year)?;
        let uprating = if row.wellby_uprating {
            Some(self.uprate(place, row, price_year)?)
        } else {
            None
        };
        let unit_value = self.overrides.value(table.kind, row);
        let gross = checked(
            place,
            "gross value",
            unit_value
                .checked_mul(rebase)
                .and_then(|v| v.checked_mul(uprating.unwrap_or(Decimal::ONE)))
                .and_then(|v| v.checked_mul(quantity)),
        )?;
        let net = checked(
            place,
            "net value",
            gross
                .checked_mul(Decimal::ONE - deadweight)
                .and_then(|v| v.checked_mul(Decimal::ONE - attribution))
                .and_then(|v| v.checked_mul(Decimal::ONE - displacement)),
        )?;
        let source = if self.working { table.source(&row.source) } else { None };
        let source_text = source.map(|s| {
            let mut t = format!("{}, {} ({})", s.publisher, s.title, s.year);
            if !row.locator.is_empty() {
                t.push_str(", ");
                t.push_str(&row.locator);
            }
            t
        });
        let wellbeing = section == Section::SocialValue;
        // Optimism bias: a haircut by confidence grade, taken on each year's amount in that year
        // and shown as its own line.
        let haircut = row
            .confidence
            .and_then(|g| {
                // The grade's key ("1" … "3"), without allocating: this runs per Monte Carlo draw.
                let mut buf = [0u8; 3];
                let key = grade_key(g, &mut buf);
                self.scenario.optimism_bias.get(key).map(|h| (g, *h))
            })
            .filter(|(_, h)| !h.is_zero());
        let mut persistence = Decimal::ONE;
        for i in 0..duration {
            let year = start + i;
            if i > 0 {
                persistence = keep(checked(
                    place,
                    "drop-off",
                    persistence.checked_mul(Decimal::ONE - drop_off),
                )?);
            }
            let undiscounted = keep(checked(place, "yearly value", net.checked_mul(persistence))?);
            let growth = self.discount(place, wellbeing, year)?;
            let amount = keep(checked(place, "present value", undiscounted.checked_div(growth))?);
            let bias = match haircut {
                Some((_, h)) => Some((
                    -keep(checked(place, "optimism bias", amount.checked_mul(h))?),
                    -keep(checked(place, "optimism bias", undiscounted.checked_mul(h))?),
                )),
                None => None,
            };
            // The totals are these running sums, with or without the working (one arithmetic path).
            self.accumulate(place, section, row.cashable, amount)?;
            if let Some((b, _)) = bias {
                self.accumulate(place, section, row.cashable, b)?;
            }
            if !self.working {
                continue;
            }
            let discount_factor = checked(place, "discount factor", Decimal::ONE.checked_div(growth))?;
            let working = working::item(
                unit_value,
                rebase,
                uprating,
                (events, per_event),
                [deadweight, attribution, displacement],
                (i, drop_off),
                &self.disc.describe(wellbeing, year),
            );
            let line = Line {
                n: 0,
                section,
                kind: LineKind::Value,
                item: item_id.to_string(),
                label: label.to_string(),
                table: Some(table.reference()),
                row: Some(row.id.clone()),
                source: source_text.clone(),
                url: source.map(|s| s.url.clone()).filter(|u| !u.is_empty()),
                assumption: row.is_assumption(),
                evidence: Some(if row.is_assumption() {
                    crate::tables::EvidenceStatus::Assumption
                } else {
                    row.evidence()
                }),
                confidence: row.confidence,
                age_band: age.as_str().to_string(),
                region: region.as_str().to_string(),
                agency: row.agency.clone(),
                cashable: row.cashable,
                price_year,
                unit_value,
                rebase,
                uprating,
                quantity,
                gross,
                deadweight,
                attribution,
                displacement,
                drop_off,
                year,
                persistence,
                discounting: self.disc.schedule(wellbeing).name(),
                discount_factor,
                undiscounted,
                amount,
                rounded: Decimal::ZERO,
                working,
            };
            if let (Some((grade, h)), Some((b, bu))) = (haircut, bias) {
                let ob = Line {
                    kind: LineKind::OptimismBias,
                    undiscounted: bu,
                    amount: b,
                    working: working::optimism_bias(grade, h, amount),
                    ..line.clone()
                };
                self.lines.push(line);
                self.lines.push(ob);
            } else {
                self.lines.push(line);
            }
        }
        Ok(())
    }

    /// Values the programme costs: each in its year (0 = up front, never discounted), rebased from
    /// its price year.
    pub(crate) fn value_costs(&mut self) -> Result<()> {
        for (ci, c) in self.scenario.costs.iter().enumerate() {
            let place = CostAt {
                file: self.file,
                index: ci,
                label: &c.label,
            };
            let py = c.price_year.unwrap_or(self.scenario.price_year);
            let rebase = self.rebase(&FieldOf(&place, "price_year"), py)?;
            // A cost that gives no year is paid up front (year 0), never discounted.
            let year = c.year.unwrap_or(0);
            let gross = keep(checked(&place, "cost", c.amount.checked_mul(rebase))?);
            let growth = self.discount(&place, false, year)?;
            let amount = keep(checked(&place, "cost", gross.checked_div(growth))?);
            self.accumulate(&place, Section::ProgrammeCost, None, amount)?;
            if !self.working {
                continue;
            }
            let working = working::cost(c.amount, rebase, year, &self.disc.describe(false, year));
            self.lines.push(Line {
                n: 0,
                section: Section::ProgrammeCost,
                kind: LineKind::Cost,
                item: format!("cost-{}", ci + 1),
                label: c.label.clone(),
                table: None,
                row: None,
                source: if c.source.is_empty() {
                    None
                } else {
                    Some(c.source.clone())
                },
                url: None,
                assumption: false,
                evidence: None,
                confidence: None,
                age_band: AgeBand::All.as_str().into(),
                region: self.scenario.region.as_str().into(),
                agency: None,
                cashable: None,
                price_year: py,
                unit_value: c.amount,
                rebase,
                uprating: None,
                quantity: Decimal::ONE,
                gross,
                deadweight: Decimal::ZERO,
                attribution: Decimal::ZERO,
                displacement: Decimal::ZERO,
                drop_off: Decimal::ZERO,
                year,
                persistence: Decimal::ONE,
                discounting: self.disc.standard.name(),
                discount_factor: checked(&place, "discount factor", Decimal::ONE.checked_div(growth))?,
                undiscounted: gross,
                amount,
                rounded: Decimal::ZERO,
                working,
            });
        }
        Ok(())
    }
}

/// An item's adjustments as the engine values it, each resolved by [`crate::adjust::resolve`]
/// (the one resolution shared with the analysis and the faces).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) deadweight: Decimal,
    pub(crate) attribution: Decimal,
    pub(crate) displacement: Decimal,
    pub(crate) drop_off: Decimal,
    pub(crate) duration: u32,
    /// Whether the effect is net of the counterfactual.
    pub(crate) net: bool,
}

impl Resolved {
    pub(crate) fn of(scenario: &Scenario, item: ItemRef, row: &Row) -> Self {
        Resolved::from_values(
            |a| resolve(scenario, item, row, a).value,
            is_net_of_counterfactual(scenario, item, row),
        )
    }

    /// A measured change's adjustments (`measured[index]`), each resolved by
    /// [`crate::adjust::resolve_measured`]: net of the counterfactual, so no deadweight.
    pub(crate) fn measured(scenario: &Scenario, index: usize) -> Self {
        Resolved::from_values(|a| crate::adjust::resolve_measured(scenario, index, a).value, true)
    }

    fn from_values(v: impl Fn(Adjustment) -> Decimal, net: bool) -> Self {
        Resolved {
            deadweight: v(Adjustment::Deadweight),
            attribution: v(Adjustment::Attribution),
            displacement: v(Adjustment::Displacement),
            drop_off: v(Adjustment::DropOff),
            // A duration is whole years in 1–MAX_DURATION (checked with the scenario).
            duration: v(Adjustment::Duration).to_u32().unwrap_or(1),
            net,
        }
    }
}

/// The years a series covers, as runs: `2000–2010 and 2012–2024`, so that a gap is visible.
fn years_covered(series: &ProxyTable) -> String {
    let mut ys: Vec<i32> = series.years.iter().map(|y| y.year).collect();
    crate::sort::sort_stable_by(&mut ys, i32::cmp);
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for y in ys {
        match runs.last_mut() {
            Some((_, end)) if y == *end + 1 => *end = y,
            _ => runs.push((y, y)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "no years".into(),
    }
}

/// A confidence grade as the key of `optimism_bias` (its decimal digits), written into `buf`.
fn grade_key(g: u8, buf: &mut [u8; 3]) -> &str {
    let mut n = g;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + n % 10;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}
