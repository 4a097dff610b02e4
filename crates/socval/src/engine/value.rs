//! Valuing items: the context of one valuation (tables, discounting, the running totals) and the
//! arithmetic of each item, year by year, and of each programme cost.

use super::Overrides;
use super::central::{Central, Rates, Scratch, YearsKey, same, same_opt};
use super::places::{FieldOf, Located, checked};
use super::rates::years_covered;
use super::working;
use crate::adjust::{Adjustment, ItemRef, resolve_five};
use crate::arith;
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
    /// Π (1 + r(i)) for n = 0.. periods, for the standard \[0\] and the wellbeing \[1\] schedule
    /// (empty until first needed).
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
    /// What the scenario's minimum evidence status left out (with the working only).
    pub(crate) left_out: Vec<crate::evidence::LeftOut>,
    /// While valuing the central scenario for a run: each item's inputs and amounts, by slot.
    pub(crate) record: Option<Vec<Option<Central>>>,
    /// What the items of one draw's valuation share (see [`Scratch`]).
    pub(crate) scratch: Scratch,
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
        checked(place, "rebasing factor", arith::div(b, a))
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
        let ratio = checked(place, "uprating factor", arith::div(b, a))?;
        // 1.3: the elasticity of marginal utility of income (HM Treasury, Wellbeing Guidance, 2021).
        checked(place, "uprating factor", ratio.checked_powd(Decimal::new(13, 1)))
    }

    /// The divisor that discounts a value of appraisal year `year` (1 for year 0, paid up front).
    pub(super) fn discount(&mut self, place: &dyn Located, wellbeing: bool, year: u32) -> Result<Decimal> {
        let n = self.disc.periods(year) as usize;
        if let Some(g) = self.rates.growth(&self.disc, wellbeing, n) {
            return Ok(g);
        }
        let schedule = self.disc.schedule(wellbeing);
        let g = &mut self.growth[usize::from(wellbeing)];
        if g.is_empty() {
            // Made on first use: a draw that keeps the scenario's rates never needs it.
            g.push(Decimal::ONE);
        }
        while g.len() <= n {
            let i = g.len() as u32;
            let last = *g.last().unwrap_or(&Decimal::ONE);
            let next = checked(
                place,
                "discount factor",
                arith::mul(last, Decimal::ONE + schedule.rate(i)),
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
        (start, slot): (u32, usize),
        per_event: Option<(Decimal, &str)>,
    ) -> Result<()> {
        // Units per avoided event (legal-aid certificates per set of proceedings): the quantity
        // valued is events × units; the working shows both.
        let events = quantity;
        let quantity = match per_event {
            Some((units, _)) => checked(place, "units avoided", arith::mul(events, units))?,
            None => events,
        };
        // The status the item's lines rest on: the row's, or a weaker named deadweight level's.
        let rests_on = adj
            .deadweight_level
            .map_or(row_status(row), |l| row_status(row).weaker(l));
        if let Some(min) = self.scenario.min_evidence
            && !rests_on.meets(min)
        {
            // Below the scenario's minimum evidence: left out, and said so.
            if self.working {
                self.leave_out(section, item_id, label, table, row, rests_on);
            }
            return Ok(());
        }
        let price_year = table.row_price_year(row);
        let rebase = self.rebase(&FieldOf(place, "proxy"), price_year)?;
        let uprating = if row.wellby_uprating {
            Some(self.uprate(place, row, price_year)?)
        } else {
            None
        };
        let unit_value = checked(place, "unit value", self.overrides.value(table.kind, row))?;
        // What a draw leaves as it was in the central valuation is taken from there.
        let central = self.rates.central.get(slot).and_then(Option::as_ref);
        // The gross value is ((unit value × rebasing) × uprating) × quantity, in that order: a
        // draw that leaves the first three as they were takes their product from there too.
        let (priced, gross) = match central {
            Some(c) if same(c.unit_value, unit_value) && same(c.rebase, rebase) && same_opt(c.uprating, uprating) => {
                if same(c.quantity, quantity) {
                    (c.priced, c.gross)
                } else {
                    (c.priced, checked(place, "gross value", arith::mul(c.priced, quantity))?)
                }
            }
            _ => {
                let priced = checked(
                    place,
                    "gross value",
                    arith::mul(unit_value, rebase).and_then(|v| arith::mul(v, uprating.unwrap_or(Decimal::ONE))),
                )?;
                (priced, checked(place, "gross value", arith::mul(priced, quantity))?)
            }
        };
        let adjustments = [adj.deadweight, adj.attribution, adj.displacement];
        let net = match central {
            Some(c) if same(c.gross, gross) && c.adjustments.iter().zip(&adjustments).all(|(a, b)| same(*a, *b)) => {
                c.net
            }
            _ => {
                // 1 − each adjustment: items of a draw share most of them (the defaults).
                let d = self.scratch.complement(adj.deadweight);
                let a = self.scratch.complement(adj.attribution);
                let x = self.scratch.complement(adj.displacement);
                checked(
                    place,
                    "net value",
                    arith::mul(gross, d)
                        .and_then(|v| arith::mul(v, a))
                        .and_then(|v| arith::mul(v, x)),
                )?
            }
        };
        let item = Item {
            place,
            section,
            item_id,
            label,
            table,
            row,
            age,
            region,
            rests_on,
            price_year,
            unit_value,
            rebase,
            uprating,
            events: (events, per_event),
            quantity,
            priced,
            gross,
            adj,
            drop_off: if adj.duration > 1 { adj.drop_off } else { Decimal::ZERO },
        };
        self.item_years(&item, net, (start, slot))
    }

    /// An item's years: each year's present value (and its optimism-bias haircut) added to the
    /// running totals, and with the working, its lines.
    fn item_years(&mut self, it: &Item<'_>, net: Decimal, (start, slot): (u32, usize)) -> Result<()> {
        let (place, row) = (it.place, it.row);
        let wellbeing = it.section == Section::SocialValue;
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
        // A draw's valuation (no working, nothing recorded): an item the central valuation, or an
        // earlier item of this valuation, worked out with the same inputs adds those amounts.
        // (One-year items are not looked up: their one division costs about what a look-up does.)
        let draw = !self.working && self.record.is_none();
        if draw && self.replay(it, net, (start, slot), haircut.map(|x| x.1))? {
            return Ok(());
        }
        let key = (draw && it.adj.duration > 1).then(|| {
            YearsKey::new(
                net,
                it.drop_off,
                haircut.map(|x| x.1),
                (it.adj.duration, start),
                wellbeing,
            )
        });
        if let Some(key) = &key
            && self.reuse(it, key)?
        {
            return Ok(());
        }
        let mut amounts = Vec::new();
        // (1 − drop-off)^i, worked out once per run where the drop-off is the scenario's own, once
        // per valuation where a draw sets it.
        // (The valuation's room is used where it is, by index: moving it costs a copy an item.)
        let rates = self.rates;
        let from = self.scratch.amounts.len();
        let kept = match rates.persistence(it.drop_off) {
            Some(k) => Kept::Run(k),
            None if it.adj.duration > 1 => Kept::Draw(self.scratch.persistence_at(it.drop_off, it.adj.duration)),
            None => Kept::None,
        };
        let mut persistence = Decimal::ONE;
        for i in 0..it.adj.duration {
            let year = start + i;
            if i > 0 {
                let known = match kept {
                    Kept::Run(k) => k.get(i as usize),
                    Kept::Draw(at) => self.scratch.persistence[at].1.get(i as usize),
                    Kept::None => None,
                };
                persistence = match known {
                    Some(&p) => p,
                    None => checked(place, "drop-off", arith::mul(persistence, Decimal::ONE - it.drop_off))?,
                };
            }
            // × 1 and ÷ 1 give the same number, written the same way (but for 0, which they
            // write as 0): skipped.
            let undiscounted = if i == 0 && !net.is_zero() {
                net
            } else {
                checked(place, "yearly value", arith::mul(net, persistence))?
            };
            let growth = self.discount(place, wellbeing, year)?;
            let amount = if same(growth, Decimal::ONE) && !undiscounted.is_zero() {
                undiscounted
            } else {
                checked(place, "present value", arith::div(undiscounted, growth))?
            };
            let bias = match haircut {
                Some((_, h)) => Some((
                    -(checked(place, "optimism bias", arith::mul(amount, h))?),
                    -(checked(place, "optimism bias", arith::mul(undiscounted, h))?),
                )),
                None => None,
            };
            // The totals are these running sums, with or without the working (one arithmetic path).
            self.accumulate_year(place, (it.section, row.cashable), amount, bias.map(|b| b.0))?;
            if self.record.is_some() {
                amounts.push((amount, bias.map(|b| b.0)));
            } else if key.is_some() {
                self.scratch.amounts.push((amount, bias.map(|b| b.0)));
            }
            if !self.working {
                continue;
            }
            let line = self.item_line(it, (i, year), persistence, growth, (undiscounted, amount))?;
            self.push_line(line, haircut.zip(bias), amount);
        }
        if let Some(key) = key {
            self.scratch.keep(key, from);
        }
        if let Some(record) = &mut self.record
            && let Some(at) = record.get_mut(slot)
        {
            *at = Some(Central {
                quantity: it.quantity,
                unit_value: it.unit_value,
                rebase: it.rebase,
                uprating: it.uprating,
                priced: it.priced,
                gross: it.gross,
                adjustments: [it.adj.deadweight, it.adj.attribution, it.adj.displacement],
                net,
                drop_off: it.drop_off,
                duration: it.adj.duration,
                start,
                haircut: haircut.map(|x| x.1),
                amounts,
            });
        }
        Ok(())
    }

    /// One year's line of an item, and its optimism-bias line under it where it has one
    /// (`((grade, haircut), (bias, undiscounted bias))`).
    #[allow(clippy::type_complexity)]
    fn push_line(&mut self, line: Line, bias: Option<((u8, Decimal), (Decimal, Decimal))>, amount: Decimal) {
        if let Some(((grade, h), (b, bu))) = bias {
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

    /// One year's line of an item, with its working (only when the working is written).
    fn item_line(
        &self,
        it: &Item<'_>,
        (i, year): (u32, u32),
        persistence: Decimal,
        growth: Decimal,
        (undiscounted, amount): (Decimal, Decimal),
    ) -> Result<Line> {
        let (table, row, adj) = (it.table, it.row, it.adj);
        let wellbeing = it.section == Section::SocialValue;
        let source = table.source(&row.source);
        let discount_factor = checked(it.place, "discount factor", arith::div(Decimal::ONE, growth))?;
        let working = working::item(
            it.unit_value,
            it.rebase,
            it.uprating,
            it.events,
            [adj.deadweight, adj.attribution, adj.displacement],
            (i, it.drop_off),
            &self.disc.describe(wellbeing, year),
        );
        Ok(Line {
            n: 0,
            section: it.section,
            kind: LineKind::Value,
            item: it.item_id.to_string(),
            label: it.label.to_string(),
            table: Some(table.row_table(row)),
            row: Some(row.id.clone()),
            // A build without the `table-text` feature has no source text until it is attached.
            source: source.filter(|s| !s.publisher.is_empty()).map(|s| {
                let mut t = format!("{}, {} ({})", s.publisher, s.title, s.year);
                if !row.locator.is_empty() {
                    t.push_str(", ");
                    t.push_str(&row.locator);
                }
                t
            }),
            url: source.map(|s| s.url.clone()).filter(|u| !u.is_empty()),
            assumption: row.is_assumption(),
            evidence: Some(row_status(row)),
            confidence: row.confidence,
            rests_on: Some(it.rests_on),
            age_band: it.age.as_str().to_string(),
            region: it.region.as_str().to_string(),
            agency: row.agency.clone(),
            cashable: row.cashable,
            price_year: it.price_year,
            unit_value: it.unit_value,
            rebase: it.rebase,
            uprating: it.uprating,
            quantity: it.quantity,
            gross: it.gross,
            deadweight: adj.deadweight,
            attribution: adj.attribution,
            displacement: adj.displacement,
            drop_off: it.drop_off,
            year,
            persistence,
            discounting: self.disc.schedule(wellbeing).name(),
            discount_factor,
            undiscounted,
            amount,
            rounded: Decimal::ZERO,
            working,
        })
    }

    /// Records an item's row left out by the scenario's minimum evidence status (once).
    #[cold]
    #[inline(never)]
    fn leave_out(
        &mut self,
        section: Section,
        item_id: &str,
        label: &str,
        table: &ProxyTable,
        row: &Row,
        status: crate::tables::EvidenceStatus,
    ) {
        if !self.left_out.iter().any(|l| l.item == item_id && l.row == row.id) {
            self.left_out.push(crate::evidence::LeftOut {
                section,
                item: item_id.to_string(),
                label: label.to_string(),
                table: table.reference(),
                row: row.id.clone(),
                status,
            });
        }
    }
}

/// Where an item's persistence (1 − drop-off)^i comes from: the run's (the scenario's own
/// drop-off), this valuation's room (`Scratch::persistence`, by index), or each year's product.
#[derive(Clone, Copy)]
enum Kept<'r> {
    Run(&'r [Decimal]),
    Draw(usize),
    None,
}

/// What an item's lines share, year by year: where it is, its row, and its factors.
pub(super) struct Item<'x> {
    pub(super) place: &'x dyn Located,
    pub(super) section: Section,
    item_id: &'x str,
    label: &'x str,
    table: &'x ProxyTable,
    pub(super) row: &'x Row,
    age: AgeBand,
    region: Region,
    rests_on: crate::tables::EvidenceStatus,
    price_year: i32,
    unit_value: Decimal,
    rebase: Decimal,
    uprating: Option<Decimal>,
    /// Events, and units per event where the item gives them.
    events: (Decimal, Option<(Decimal, &'x str)>),
    quantity: Decimal,
    /// Unit value × rebasing × uprating (the gross value before the quantity).
    priced: Decimal,
    gross: Decimal,
    pub(super) adj: &'x Resolved,
    /// The drop-off in force (none for a one-year item).
    pub(super) drop_off: Decimal,
}

/// A row's evidence status (an assumption row is an assumption whatever its status says).
fn row_status(row: &Row) -> crate::tables::EvidenceStatus {
    if row.is_assumption() {
        crate::tables::EvidenceStatus::Assumption
    } else {
        row.evidence()
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
    /// The evidence status of the named level the deadweight comes from, where it comes from one.
    pub(crate) deadweight_level: Option<crate::tables::EvidenceStatus>,
}

impl Resolved {
    pub(crate) fn of(scenario: &Scenario, item: ItemRef, row: &Row) -> Self {
        let ([dw, attribution, displacement, drop_off, duration], net) = resolve_five(scenario, item, row);
        Resolved {
            deadweight: dw.value,
            deadweight_level: dw.level.map(|l| l.status),
            attribution: attribution.value,
            displacement: displacement.value,
            drop_off: drop_off.value,
            // A duration is whole years in 1–MAX_DURATION (checked with the scenario).
            duration: whole_years(duration.value),
            net,
        }
    }

    /// A measured change's adjustments (`measured[index]`), each resolved by
    /// [`crate::adjust::resolve_measured`]: net of the counterfactual, so no deadweight.
    pub(crate) fn measured(scenario: &Scenario, index: usize) -> Self {
        let v = |a: Adjustment| crate::adjust::resolve_measured(scenario, index, a).value;
        Resolved {
            deadweight: v(Adjustment::Deadweight),
            attribution: v(Adjustment::Attribution),
            displacement: v(Adjustment::Displacement),
            drop_off: v(Adjustment::DropOff),
            duration: whole_years(v(Adjustment::Duration)),
            net: true,
            deadweight_level: None,
        }
    }
}

/// A duration in whole years, as `to_u32` gives it (1 where it gives none), without its
/// general conversion for the usual case of a whole number at scale 0.
fn whole_years(d: Decimal) -> u32 {
    match u32::try_from(d.mantissa()) {
        Ok(n) if d.scale() == 0 => n,
        _ => d.to_u32().unwrap_or(1),
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
