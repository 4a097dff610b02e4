//! The method (DESIGN.md "The method"): wellbeing outcomes and avoided costs, adjusted,
//! spread over their duration with drop-off, rebased and discounted; the working as lines.

use crate::adjust::{Adjustment, ItemRef, is_net_of_counterfactual, resolve};
use crate::discount::Discounting;
use crate::error::{Error, Place, Result};
use crate::scenario::{Records, Scenario};
use crate::tables::{AgeBand, ProxyTable, Recurrence, Region, Registry, Row, TableKind};
use crate::valuation::{
    AgencyTotal, Figures, ItemTotal, Line, LineKind, Section, TableUse, Valuation, YearAmounts, YearTotal, allocate_to,
    to_penny, to_ratio,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps, RoundingStrategy};
use std::collections::{BTreeMap, BTreeSet};

/// Decimal places every line amount is kept to, so that sums are exact whatever their order.
pub const LINE_SCALE: u32 = 10;

fn keep(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(LINE_SCALE, RoundingStrategy::MidpointNearestEven)
}

struct Ctx<'a> {
    file: &'a str,
    scenario: &'a Scenario,
    wellbeing: &'a ProxyTable,
    unit_costs: &'a ProxyTable,
    deflators: &'a ProxyTable,
    /// Real GDP per head, where the scenario names a series.
    gdp_per_head: Option<&'a ProxyTable>,
    /// How the scenario discounts.
    disc: Discounting,
    /// Π (1 + r(i)) for n = 0.. periods, for the standard \[0\] and the wellbeing \[1\] schedule.
    growth: [Vec<Decimal>; 2],
    lines: Vec<Line>,
    warnings: Vec<String>,
    /// Whether to write the working's text (the uncertainty analysis skips it).
    working: bool,
    overrides: &'a Overrides,
    /// Without the working: running totals of social value, fiscal savings, cashable savings, cost.
    acc: [Decimal; 4],
}

/// Multipliers on proxy values, by table kind and row id (all variants of the row), used by the
/// uncertainty analysis to draw a proxy from its range without copying the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Overrides {
    pub(crate) factors: BTreeMap<(TableKind, String), Decimal>,
}

impl Overrides {
    fn value(&self, kind: TableKind, row: &Row) -> Decimal {
        if self.factors.is_empty() {
            return row.value;
        }
        match self.factors.get(&(kind, row.id.clone())) {
            Some(f) => keep(row.value * f),
            None => row.value,
        }
    }
}

/// Names a place in the input, built only when an error needs it (the valuation's hot path
/// makes no strings).
pub(crate) trait Located {
    /// The place, with `field` (or the place's own field when `field` is empty).
    fn at(&self, field: &str) -> Place;
}

impl Located for Place {
    fn at(&self, field: &str) -> Place {
        if field.is_empty() {
            self.clone()
        } else {
            Place::new(self.file.clone(), self.location.clone(), field)
        }
    }
}

/// A scenario item (`outcomes[2] (id "confidence")`), named lazily.
pub(crate) struct ItemAt<'a> {
    file: &'a str,
    section: &'static str,
    index: usize,
    id: &'a str,
}

impl Located for ItemAt<'_> {
    fn at(&self, field: &str) -> Place {
        Place::new(
            self.file,
            format!("{}[{}] (id {:?})", self.section, self.index, self.id),
            field,
        )
    }
}

/// A programme cost (`costs[0] ("Delivery")`), named lazily; its field is `amount` unless given.
pub(crate) struct CostAt<'a> {
    file: &'a str,
    index: usize,
    label: &'a str,
}

impl Located for CostAt<'_> {
    fn at(&self, field: &str) -> Place {
        let field = if field.is_empty() { "amount" } else { field };
        Place::new(self.file, format!("costs[{}] ({:?})", self.index, self.label), field)
    }
}

/// A place with its field set.
struct FieldOf<'a>(&'a dyn Located, &'static str);

impl Located for FieldOf<'_> {
    fn at(&self, _field: &str) -> Place {
        self.0.at(self.1)
    }
}

fn checked<L: Located + ?Sized>(place: &L, what: &str, v: Option<Decimal>) -> Result<Decimal> {
    v.ok_or_else(|| Error::overflow(place.at(""), format!("{what} is too large")))
}

use crate::valuation::format_gbp as money;

fn pct(x: Decimal) -> String {
    format!("{}%", (x * Decimal::ONE_HUNDRED).normalize())
}

impl<'a> Ctx<'a> {
    fn table(
        reg: &'a Registry,
        file: &str,
        field: &str,
        reference: &str,
        kind: TableKind,
        pins: &BTreeMap<String, String>,
    ) -> Result<&'a ProxyTable> {
        let place = Place::new(file, "tables", field);
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
            return Err(Error::HashMismatch {
                place: Box::new(Place::new(file, "tables", "sha256")),
                table: reference.to_string(),
                expected: pin.clone(),
                actual: t.sha256.clone(),
            });
        }
        Ok(t)
    }

    fn rebase(&self, place: &dyn Located, from: i32) -> Result<Decimal> {
        let to = self.scenario.price_year;
        if from == to {
            return Ok(Decimal::ONE);
        }
        let years = || {
            let ys: Vec<i32> = self.deflators.years.iter().map(|y| y.year).collect();
            format!("{}–{}", ys.iter().min().unwrap_or(&0), ys.iter().max().unwrap_or(&0))
        };
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
                Place::new(self.file, "", "price_year"),
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
    fn uprate(&self, place: &dyn Located, row: &Row, from: i32) -> Result<Decimal> {
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
        let years = || {
            let ys: Vec<i32> = series.years.iter().map(|y| y.year).collect();
            format!("{}–{}", ys.iter().min().unwrap_or(&0), ys.iter().max().unwrap_or(&0))
        };
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
        let b = index(to, Place::new(self.file, "", "price_year"))?;
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
    fn check_deadweight(&mut self, place: &dyn Located, r: &Resolved, reason: &Option<String>) -> Result<()> {
        if r.net && r.deadweight > Decimal::ZERO {
            match reason {
                Some(why) if !why.trim().is_empty() => {
                    self.warnings.push(format!(
                        "{}: deadweight {} deducted from an effect already net of the counterfactual, because: {why}",
                        place.at("").location,
                        pct(r.deadweight)
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
    fn value_item(
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
    ) -> Result<()> {
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
            .and_then(|g| self.scenario.optimism_bias.get(&g.to_string()).map(|h| (g, *h)))
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
            if !self.working {
                self.accumulate(place, section, row.cashable, amount)?;
                if let Some((b, _)) = bias {
                    self.accumulate(place, section, row.cashable, b)?;
                }
                continue;
            }
            let discount_factor = checked(place, "discount factor", Decimal::ONE.checked_div(growth))?;
            let mut working = format!("{} × rebase {}", money(unit_value), rebase.round_dp(6).normalize());
            if let Some(u) = uprating {
                working.push_str(&format!(" × GDP per head uprating {}", u.round_dp(6).normalize()));
            }
            working.push_str(&format!(" × {}", quantity.normalize()));
            for (name, v) in [
                ("deadweight", deadweight),
                ("attribution", attribution),
                ("displacement", displacement),
            ] {
                if !v.is_zero() {
                    working.push_str(&format!(" × (1 − {} {name})", pct(v)));
                }
            }
            if i > 0 && !drop_off.is_zero() {
                working.push_str(&format!(" × (1 − {} drop-off)^{i}", pct(drop_off)));
            }
            let divisor = self.disc.describe(wellbeing, year);
            if !divisor.is_empty() {
                working.push_str(&format!(" ÷ {divisor}"));
            }
            let line = Line {
                n: 0,
                section,
                kind: LineKind::Value,
                item: item_id.to_string(),
                label: label.to_string(),
                table: Some(table.reference()),
                row: Some(row.id.clone()),
                source: source_text.clone(),
                url: source.map(|s| s.url.clone()),
                assumption: row.assumption,
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
                    working: format!(
                        "optimism bias for confidence grade {grade}: −{} × {} (line above, exact {})",
                        pct(h),
                        money(amount),
                        amount.normalize()
                    ),
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
    fn of(scenario: &Scenario, item: ItemRef, row: &Row) -> Self {
        let v = |a: Adjustment| resolve(scenario, item, row, a).value;
        Resolved {
            deadweight: v(Adjustment::Deadweight),
            attribution: v(Adjustment::Attribution),
            displacement: v(Adjustment::Displacement),
            drop_off: v(Adjustment::DropOff),
            // A duration is whole years in 1–MAX_DURATION (checked with the scenario).
            duration: v(Adjustment::Duration).to_u32().unwrap_or(1),
            net: is_net_of_counterfactual(scenario, item, row),
        }
    }
}

/// Values a scenario: the engine's one entry point.
///
/// `records`, when given, supplies the facts (who achieved which outcome, which events were
/// avoided) family by family, instead of the items' `people`, `rate` and `count`. Tables are looked
/// up in `registry` (use [`Registry::embedded`] for the shipped ones).
///
/// ```
/// use socval::{evaluate, Registry, Scenario, Section};
/// let text = r#"
/// name = "Ten parents"
/// families = 10
/// price_year = 2019
/// [tables]
/// wellbeing = "wellbeing-open@1.0.0"
/// unit_costs = "unit-costs-open@1.0.0"
/// deflators = "gdp-deflator@1.0.0"
/// [[costs]]
/// label = "Delivery"
/// amount = "20000"
/// [[outcomes]]
/// id = "confidence"
/// proxy = "high-confidence"
/// people = "6"
/// deadweight = "0.25"
/// "#;
/// let scenario = Scenario::from_toml_str("ten.toml", text).unwrap();
/// let v = evaluate(&scenario, None, Registry::embedded()).unwrap();
/// // The working adds up exactly to the total.
/// let sum: rust_decimal::Decimal = v.section_lines(Section::SocialValue).map(|l| l.amount).sum();
/// assert_eq!(sum, v.totals.social_value);
/// assert!(v.totals.social_value > rust_decimal::Decimal::ZERO);
/// ```
pub fn evaluate(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Valuation> {
    evaluate_named("scenario", scenario, records, registry)
}

/// As [`evaluate`], naming the scenario's file in errors.
pub fn evaluate_named(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
) -> Result<Valuation> {
    evaluate_with(file, scenario, records, registry, &Overrides::default(), true, None)
}

/// The exact headline figures only, without the working: the same method on a faster path (no
/// lines, no text), as the uncertainty analysis uses it. Always equal to
/// `evaluate(..)?.totals` (a property test checks it).
///
/// ```
/// use socval::{evaluate, evaluate_totals, templates, Registry};
/// let s = templates().into_iter().find(|t| t.id == "step-together").unwrap().scenario().unwrap();
/// let reg = Registry::embedded();
/// assert_eq!(evaluate_totals(&s, None, reg).unwrap(), evaluate(&s, None, reg).unwrap().totals);
/// ```
pub fn evaluate_totals(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Figures> {
    evaluate_with(
        "scenario",
        scenario,
        records,
        registry,
        &Overrides::default(),
        false,
        None,
    )
    .map(|v| v.totals)
}

/// The facts of per-family records (people per outcome, age band and region; events per avoided
/// item), checked person by person. They do not depend on the scenario's counts, rates or
/// adjustments, so the uncertainty analysis gathers them once per run.
#[derive(Debug, Clone)]
pub(crate) struct RecordFacts {
    families: u32,
    people: Vec<BTreeMap<(AgeBand, Region), Decimal>>,
    events: Vec<Decimal>,
    warnings: Vec<String>,
}

pub(crate) fn record_facts(scenario: &Scenario, rec: &Records, registry: &Registry) -> Result<RecordFacts> {
    let wellbeing = registry.get(&scenario.tables.wellbeing).ok_or_else(|| {
        Error::unknown(
            Place::new(&rec.file, "", "tables.wellbeing"),
            format!("no table {:?}", scenario.tables.wellbeing),
        )
    })?;
    let mut people: Vec<BTreeMap<(AgeBand, Region), Decimal>> = vec![BTreeMap::new(); scenario.outcomes.len()];
    let mut events: Vec<Decimal> = vec![Decimal::ZERO; scenario.avoided.len()];
    let mut warnings: Vec<String> = Vec::new();
    let fams = rec.resolve(scenario)?;
    let families_count = u32::try_from(fams.len()).unwrap_or(u32::MAX);
    if families_count != scenario.families {
        warnings.push(format!(
            "families taken from the records: {} (the scenario says {})",
            families_count, scenario.families
        ));
    }
    for col in scenario
        .outcomes
        .iter()
        .map(|o| &o.id)
        .chain(scenario.avoided.iter().map(|a| &a.id))
    {
        if !rec.columns.contains(col) {
            warnings.push(format!("item {col:?} has no column in {}: counted as none", rec.file));
        }
    }
    for fam in &fams {
        let region = fam.region.unwrap_or(scenario.region);
        // Exclusive groups, person by person.
        let mut groups: BTreeMap<(usize, String), &str> = BTreeMap::new();
        for (oi, o) in scenario.outcomes.iter().enumerate() {
            let Some(who) = fam.outcomes.get(&o.id) else { continue };
            for &m in who {
                let member = &fam.members[m];
                let row = wellbeing.lookup(&o.proxy, member.age_band, region).ok_or_else(|| {
                    Error::unknown(
                        Place::new(rec.file.clone(), format!("line {}", fam.line), o.id.clone()),
                        format!(
                            "{} has no value of {:?} for age band {} in region {}",
                            wellbeing.reference(),
                            o.proxy,
                            member.age_band.as_str(),
                            region.as_str()
                        ),
                    )
                })?;
                if let Some(g) = &row.exclusive_group
                    && let Some(other) = groups.insert((m, g.clone()), o.id.as_str())
                {
                    return Err(Error::invalid(
                        Place::new(rec.file.clone(), format!("line {}", fam.line), o.id.clone()),
                        format!(
                            "{:?} of family {:?} is claimed for both {other:?} and {:?}, which are in exclusive group {g:?}: claim one",
                            member.name, fam.id, o.id
                        ),
                    ));
                }
                *people[oi].entry((member.age_band, region)).or_default() += Decimal::ONE;
            }
        }
        for (ai, a) in scenario.avoided.iter().enumerate() {
            if let Some(n) = fam.avoided.get(&a.id) {
                events[ai] += *n;
            }
        }
    }

    Ok(RecordFacts {
        families: families_count,
        people,
        events,
        warnings,
    })
}

/// The engine, with proxy overrides and without the working's text when `working` is false.
pub(crate) fn evaluate_with(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    overrides: &Overrides,
    working: bool,
    cached: Option<&RecordFacts>,
) -> Result<Valuation> {
    scenario.check(file)?;
    let pins = &scenario.tables.sha256;
    let wellbeing = Ctx::table(
        registry,
        file,
        "wellbeing",
        &scenario.tables.wellbeing,
        TableKind::Wellbeing,
        pins,
    )?;
    let unit_costs = Ctx::table(
        registry,
        file,
        "unit_costs",
        &scenario.tables.unit_costs,
        TableKind::UnitCost,
        pins,
    )?;
    let deflators = Ctx::table(
        registry,
        file,
        "deflators",
        &scenario.tables.deflators,
        TableKind::Deflator,
        pins,
    )?;
    let gdp_per_head = match &scenario.tables.gdp_per_head {
        Some(r) => Some(Ctx::table(
            registry,
            file,
            "gdp_per_head",
            r,
            TableKind::GdpPerHead,
            pins,
        )?),
        None => None,
    };
    let mut cx = Ctx {
        file,
        scenario,
        wellbeing,
        unit_costs,
        deflators,
        gdp_per_head,
        disc: Discounting::of(scenario),
        growth: [vec![Decimal::ONE], vec![Decimal::ONE]],
        lines: Vec::new(),
        warnings: Vec::new(),
        working,
        overrides,
        acc: [Decimal::ZERO; 4],
    };
    // The scenario's price year must be in the deflator series, even when nothing needs rebasing.
    if deflators.index(scenario.price_year).is_none() {
        // Rebasing from a year the series has names the scenario's missing year.
        let known = deflators.years.first().map_or(scenario.price_year + 1, |y| y.year);
        cx.rebase(&Place::new(file, "", "price_year"), known)?;
    }

    // Resolve rows first, so that errors name the item before any arithmetic.
    for (i, o) in scenario.outcomes.iter().enumerate() {
        if !wellbeing.has_row(&o.proxy) {
            let place = Place::new(file, format!("outcomes[{i}] (id {:?})", o.id), "proxy");
            let ids: BTreeSet<&str> = wellbeing.rows.iter().map(|r| r.id.as_str()).collect();
            return Err(Error::unknown(
                place,
                format!(
                    "no outcome {:?} in {}; outcomes: {}",
                    o.proxy,
                    wellbeing.reference(),
                    ids.into_iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    for (i, a) in scenario.avoided.iter().enumerate() {
        let place = ItemAt {
            file,
            section: "avoided",
            index: i,
            id: &a.id,
        };
        let Some(row) = unit_costs.lookup(&a.proxy, AgeBand::All, Region::All) else {
            let ids: BTreeSet<&str> = unit_costs.rows.iter().map(|r| r.id.as_str()).collect();
            return Err(Error::unknown(
                place.at("proxy"),
                format!(
                    "no unit cost {:?} in {}; unit costs: {}",
                    a.proxy,
                    unit_costs.reference(),
                    ids.into_iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        if row.recurrence == Some(Recurrence::OneOff) && a.adjustments.duration.is_some_and(|d| d > 1) {
            return Err(Error::invalid(
                place.at("duration"),
                format!(
                    "{} is a one-off cost: it falls once, in `year`; duration applies only to per-year costs",
                    a.proxy
                ),
            ));
        }
    }

    // Facts: people per (item, age band, region) and events per avoided item.
    let families_count: u32;
    let mut people: Vec<BTreeMap<(AgeBand, Region), Decimal>> = vec![BTreeMap::new(); scenario.outcomes.len()];
    let mut events: Vec<Decimal> = vec![Decimal::ZERO; scenario.avoided.len()];
    let from_records = records.is_some();
    match records {
        Some(rec) => {
            let owned;
            let facts = match cached {
                Some(f) => f,
                None => {
                    owned = record_facts(scenario, rec, registry)?;
                    &owned
                }
            };
            families_count = facts.families;
            people.clone_from(&facts.people);
            events.clone_from(&facts.events);
            cx.warnings.extend(facts.warnings.iter().cloned());
        }
        None => {
            families_count = scenario.families;
            let cohort_people = Decimal::from(scenario.families) * scenario.people_per_family();
            for (oi, o) in scenario.outcomes.iter().enumerate() {
                let loc = format!("outcomes[{oi}] (id {:?})", o.id);
                let n = match (o.people, o.rate) {
                    (Some(n), _) => n,
                    (None, Some(r)) => r * cohort_people,
                    (None, None) => {
                        return Err(Error::invalid(
                            Place::new(file, loc, "people"),
                            "give people (a count) or rate (a share of the cohort)",
                        ));
                    }
                };
                if n > cohort_people {
                    return Err(Error::invalid(
                        Place::new(file, loc, if o.people.is_some() { "people" } else { "rate" }),
                        format!(
                            "{} people is more than the cohort's {} (families × people per family)",
                            n.normalize(),
                            cohort_people.normalize()
                        ),
                    ));
                }
                people[oi].insert((o.age_band, o.region.unwrap_or(scenario.region)), n);
            }
            // Exclusive groups: items of one group may only be claimed for different people.
            let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (oi, o) in scenario.outcomes.iter().enumerate() {
                let region = o.region.unwrap_or(scenario.region);
                if let Some(g) = wellbeing
                    .lookup(&o.proxy, o.age_band, region)
                    .and_then(|r| r.exclusive_group.clone())
                {
                    by_group.entry(g).or_default().push(oi);
                }
            }
            for (g, items) in by_group {
                if items.len() < 2 {
                    continue;
                }
                let total: Decimal = items
                    .iter()
                    .map(|&i| people[i].values().copied().sum::<Decimal>())
                    .sum();
                let names: Vec<&str> = items.iter().map(|&i| scenario.outcomes[i].id.as_str()).collect();
                let last = *items.last().unwrap_or(&0);
                if total > cohort_people {
                    return Err(Error::invalid(
                        Place::new(
                            file,
                            format!("outcomes[{last}] (id {:?})", scenario.outcomes[last].id),
                            "proxy",
                        ),
                        format!(
                            "{} are in exclusive group {g:?} and together claim {} people of a cohort of {}: some person would be counted twice; claim one outcome per person",
                            names.join(" and "),
                            total.normalize(),
                            cohort_people.normalize()
                        ),
                    ));
                }
                cx.warnings.push(format!(
                    "{} are in exclusive group {g:?}: they are taken to be claimed for different people",
                    names.join(" and ")
                ));
            }
            for (ai, a) in scenario.avoided.iter().enumerate() {
                events[ai] = match (a.count, a.counterfactual_rate, a.observed_rate) {
                    (Some(n), _, _) => n,
                    (None, Some(c), Some(o)) => Decimal::from(scenario.families) * (c - o),
                    _ => {
                        return Err(Error::invalid(
                            Place::new(file, format!("avoided[{ai}] (id {:?})", a.id), "count"),
                            "give count (events avoided) or counterfactual_rate and observed_rate",
                        ));
                    }
                };
            }
        }
    }

    // Wellbeing outcomes.
    for (oi, o) in scenario.outcomes.iter().enumerate() {
        let place = ItemAt {
            file,
            section: "outcomes",
            index: oi,
            id: &o.id,
        };
        for (&(age, region), &n) in &people[oi] {
            if n.is_zero() {
                continue;
            }
            let row = wellbeing.lookup(&o.proxy, age, region).ok_or_else(|| {
                Error::unknown(
                    place.at("age_band"),
                    format!(
                        "{} has no value of {:?} for age band {} in region {}",
                        wellbeing.reference(),
                        o.proxy,
                        age.as_str(),
                        region.as_str()
                    ),
                )
            })?;
            let r = Resolved::of(scenario, ItemRef::Outcome(oi), row);
            cx.check_deadweight(&place, &r, &o.deadweight_reason)?;
            let label = o.label.clone().unwrap_or_else(|| row.label.clone());
            cx.value_item(
                &place,
                Section::SocialValue,
                &o.id,
                &label,
                wellbeing,
                row,
                n,
                age,
                region,
                &r,
                o.start_year.unwrap_or(1),
            )?;
        }
    }
    // Avoided costs.
    for (ai, a) in scenario.avoided.iter().enumerate() {
        let place = ItemAt {
            file,
            section: "avoided",
            index: ai,
            id: &a.id,
        };
        let n = events[ai];
        if n.is_zero() {
            continue;
        }
        let Some(row) = unit_costs.lookup(&a.proxy, AgeBand::All, Region::All) else {
            continue;
        };
        let r = Resolved::of(scenario, ItemRef::Avoided(ai), row);
        cx.check_deadweight(&place, &r, &a.deadweight_reason)?;
        let label = a.label.clone().unwrap_or_else(|| row.label.clone());
        cx.value_item(
            &place,
            Section::FiscalSavings,
            &a.id,
            &label,
            unit_costs,
            row,
            n,
            AgeBand::All,
            Region::All,
            &r,
            a.year.unwrap_or(1),
        )?;
    }
    // Programme costs.
    for (ci, c) in scenario.costs.iter().enumerate() {
        let place = CostAt {
            file,
            index: ci,
            label: &c.label,
        };
        let py = c.price_year.unwrap_or(scenario.price_year);
        let rebase = cx.rebase(&FieldOf(&place, "price_year"), py)?;
        // A cost that gives no year is paid up front (year 0), never discounted.
        let year = c.year.unwrap_or(0);
        let gross = keep(checked(&place, "cost", c.amount.checked_mul(rebase))?);
        let growth = cx.discount(&place, false, year)?;
        let amount = keep(checked(&place, "cost", gross.checked_div(growth))?);
        if !cx.working {
            cx.accumulate(&place, Section::ProgrammeCost, None, amount)?;
            continue;
        }
        let mut working = format!("{} × rebase {}", money(c.amount), rebase.round_dp(6).normalize());
        let divisor = cx.disc.describe(false, year);
        if divisor.is_empty() {
            working.push_str(if year == 0 {
                " (paid up front, year 0: not discounted)"
            } else {
                " (year 1 under the Green Book convention: not discounted)"
            });
        } else {
            working.push_str(&format!(" ÷ {divisor}"));
        }
        cx.lines.push(Line {
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
            age_band: AgeBand::All.as_str().into(),
            region: scenario.region.as_str().into(),
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
            discounting: cx.disc.standard.name(),
            discount_factor: checked(&place, "discount factor", Decimal::ONE.checked_div(growth))?,
            undiscounted: gross,
            amount,
            rounded: Decimal::ZERO,
            working,
        });
    }
    finish(cx, families_count, from_records)
}

fn sum_checked(place: &Place, it: impl Iterator<Item = Decimal>) -> Result<Decimal> {
    let mut s = Decimal::ZERO;
    for x in it {
        s = checked(place, "total", s.checked_add(x))?;
    }
    Ok(s)
}

/// Exact headline figures from exact section totals (see [`Figures`]): each computed from the
/// exact totals, never from rounded parts.
fn figures_of(
    place: &Place,
    scenario: &Scenario,
    families: u32,
    social: Decimal,
    fiscal: Decimal,
    cash: Decimal,
    cost: Decimal,
) -> Result<Figures> {
    let fams = Decimal::from(families.max(1));
    let ratio = |x: Decimal| if cost.is_zero() { None } else { x.checked_div(cost) };
    let break_even = |v: Decimal| {
        if v <= Decimal::ZERO || cost.is_zero() {
            None
        } else {
            cost.checked_mul(fams).and_then(|c| c.checked_div(v)).map(|x| x.ceil())
        }
    };
    let combined = if scenario.combined_total {
        Some(checked(place, "combined total", social.checked_add(fiscal))?)
    } else {
        None
    };
    let per_family = |x: Decimal| checked(place, "per-family figure", x.checked_div(fams));
    let less_cost = |x: Decimal| checked(place, "net present value", x.checked_sub(cost));
    Ok(Figures {
        social_value: social,
        fiscal_savings: fiscal,
        cashable_savings: cash,
        programme_cost: cost,
        combined,
        social_value_per_family: per_family(social)?,
        fiscal_savings_per_family: per_family(fiscal)?,
        cost_per_family: per_family(cost)?,
        combined_per_family: combined.map(per_family).transpose()?,
        sroi_social: ratio(social),
        sroi_fiscal: ratio(fiscal),
        sroi_combined: combined.and_then(ratio),
        npv_social: less_cost(social)?,
        npv_fiscal: less_cost(fiscal)?,
        npv_combined: combined.map(less_cost).transpose()?,
        break_even_families_social: break_even(social),
        break_even_families_fiscal: break_even(fiscal),
    })
}

/// Every figure rounded once: money to the penny, ratios to 4 places.
fn display_of(t: &Figures) -> Figures {
    Figures {
        social_value: to_penny(t.social_value),
        fiscal_savings: to_penny(t.fiscal_savings),
        cashable_savings: to_penny(t.cashable_savings),
        programme_cost: to_penny(t.programme_cost),
        combined: t.combined.map(to_penny),
        social_value_per_family: to_penny(t.social_value_per_family),
        fiscal_savings_per_family: to_penny(t.fiscal_savings_per_family),
        cost_per_family: to_penny(t.cost_per_family),
        combined_per_family: t.combined_per_family.map(to_penny),
        sroi_social: t.sroi_social.map(to_ratio),
        sroi_fiscal: t.sroi_fiscal.map(to_ratio),
        sroi_combined: t.sroi_combined.map(to_ratio),
        npv_social: to_penny(t.npv_social),
        npv_fiscal: to_penny(t.npv_fiscal),
        npv_combined: t.npv_combined.map(to_penny),
        break_even_families_social: t.break_even_families_social,
        break_even_families_fiscal: t.break_even_families_fiscal,
    }
}

fn lean(scenario: &Scenario, families: u32, from_records: bool, acc: [Decimal; 4]) -> Result<Valuation> {
    let place = Place::new("scenario", "", "");
    let totals = figures_of(&place, scenario, families, acc[0], acc[1], acc[2], acc[3])?;
    Ok(Valuation {
        scenario: String::new(),
        engine: String::new(),
        method: METHOD_VERSION,
        families,
        from_records,
        price_year: scenario.price_year,
        discount_rate: scenario.discount_rate(),
        discount_convention: scenario.discount_convention,
        discounting: Discounting::of(scenario),
        tables: Vec::new(),
        display: display_of(&totals),
        totals,
        fiscal_savings_undiscounted: Decimal::ZERO,
        by_agency: Vec::new(),
        by_year: Vec::new(),
        items: Vec::new(),
        lines: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Rounds the amounts of `idx` to add up to `target`, in two groups where a split is given (the
/// cashable ones to `split.1`, the rest to `target − split.1`), so that a cashable column adds up
/// too.
fn allocate_split(
    amounts: &[Decimal],
    cashable: &[bool],
    target: Decimal,
    cash_target: Option<Decimal>,
) -> Vec<Decimal> {
    let Some(ct) = cash_target else {
        return allocate_to(amounts, target);
    };
    let mut out = vec![Decimal::ZERO; amounts.len()];
    for (flag, t) in [(true, ct), (false, target - ct)] {
        let idx: Vec<usize> = (0..amounts.len()).filter(|&i| cashable[i] == flag).collect();
        let part: Vec<Decimal> = idx.iter().map(|&i| amounts[i]).collect();
        for (&i, r) in idx.iter().zip(allocate_to(&part, t)) {
            out[i] = r;
        }
    }
    out
}

fn finish(cx: Ctx<'_>, families: u32, from_records: bool) -> Result<Valuation> {
    let Ctx {
        file,
        scenario,
        wellbeing,
        unit_costs,
        deflators,
        gdp_per_head,
        disc,
        mut lines,
        mut warnings,
        working,
        acc,
        ..
    } = cx;
    let place = Place::new(file, "", "");
    if !working {
        // The uncertainty analysis needs the exact totals only.
        return lean(scenario, families, from_records, acc);
    }
    for (i, l) in lines.iter_mut().enumerate() {
        l.n = i + 1;
    }
    let total = |s: Section, cash_only: bool| {
        sum_checked(
            &place,
            lines
                .iter()
                .filter(|l| l.section == s && (!cash_only || l.cashable == Some(true)))
                .map(|l| l.amount),
        )
    };
    let totals = figures_of(
        &place,
        scenario,
        families,
        total(Section::SocialValue, false)?,
        total(Section::FiscalSavings, false)?,
        total(Section::FiscalSavings, true)?,
        total(Section::ProgrammeCost, false)?,
    )?;
    let display = display_of(&totals);
    let target = |s: Section| match s {
        Section::SocialValue => display.social_value,
        Section::FiscalSavings => display.fiscal_savings,
        Section::ProgrammeCost => display.programme_cost,
    };
    let cash_target = |s: Section| (s == Section::FiscalSavings).then_some(display.cashable_savings);
    let sections = [Section::SocialValue, Section::FiscalSavings, Section::ProgrammeCost];

    // The working's lines: rounded to add up to each rounded total (and the cashable ones to the
    // rounded cashable savings); each line's text ends with its own penny figure.
    for section in sections {
        let idx: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].section == section).collect();
        let amounts: Vec<Decimal> = idx.iter().map(|&i| lines[i].amount).collect();
        let cash: Vec<bool> = idx.iter().map(|&i| lines[i].cashable == Some(true)).collect();
        for (&i, r) in idx
            .iter()
            .zip(allocate_split(&amounts, &cash, target(section), cash_target(section)))
        {
            let l = &mut lines[i];
            l.rounded = r;
            l.working.push_str(&format!(" = {}", money(r)));
            if r != to_penny(l.amount) {
                l.working.push_str(&format!(
                    " (exact {}; a penny moved here so the lines add up to the total)",
                    l.amount.normalize()
                ));
            }
        }
    }

    // By item.
    let mut items: Vec<ItemTotal> = Vec::new();
    let mut item_cash: Vec<bool> = Vec::new();
    let mut counted: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for l in &lines {
        let i = match items.iter().position(|i| i.item == l.item) {
            Some(i) => i,
            None => {
                items.push(ItemTotal {
                    item: l.item.clone(),
                    label: l.label.clone(),
                    section: l.section,
                    quantity: Decimal::ZERO,
                    amount: Decimal::ZERO,
                    rounded: Decimal::ZERO,
                });
                item_cash.push(l.cashable == Some(true));
                items.len() - 1
            }
        };
        let it = &mut items[i];
        it.amount = checked(&place, "item total", it.amount.checked_add(l.amount))?;
        // Each age band and region of an item counts its people or events once.
        if l.kind != LineKind::OptimismBias && counted.insert((&l.item, &l.age_band, &l.region)) {
            it.quantity = checked(&place, "item quantity", it.quantity.checked_add(l.quantity))?;
        }
    }
    for section in sections {
        let idx: Vec<usize> = (0..items.len()).filter(|&i| items[i].section == section).collect();
        let amounts: Vec<Decimal> = idx.iter().map(|&i| items[i].amount).collect();
        let cash: Vec<bool> = idx.iter().map(|&i| item_cash[i]).collect();
        for (&i, r) in idx
            .iter()
            .zip(allocate_split(&amounts, &cash, target(section), cash_target(section)))
        {
            items[i].rounded = r;
        }
    }

    // By agency: the cashable and the other parts are rounded separately, so that both the
    // agencies' totals and their cashable column add up.
    let mut agencies: BTreeMap<String, AgencyTotal> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.section == Section::FiscalSavings) {
        let name = l.agency.clone().unwrap_or_default();
        let e = agencies.entry(name.clone()).or_insert(AgencyTotal {
            agency: name,
            amount: Decimal::ZERO,
            rounded: Decimal::ZERO,
            cashable: Decimal::ZERO,
            cashable_rounded: Decimal::ZERO,
        });
        e.amount = checked(&place, "total by agency", e.amount.checked_add(l.amount))?;
        if l.cashable == Some(true) {
            e.cashable = checked(&place, "total by agency", e.cashable.checked_add(l.amount))?;
        }
    }
    let mut by_agency: Vec<AgencyTotal> = agencies.into_values().collect();
    let cash: Vec<Decimal> = by_agency.iter().map(|a| a.cashable).collect();
    let rest: Vec<Decimal> = by_agency.iter().map(|a| a.amount - a.cashable).collect();
    let cash_r = allocate_to(&cash, display.cashable_savings);
    let rest_r = allocate_to(&rest, display.fiscal_savings - display.cashable_savings);
    for (i, a) in by_agency.iter_mut().enumerate() {
        a.cashable_rounded = cash_r[i];
        a.rounded = cash_r[i] + rest_r[i];
    }

    // By year.
    let mut years: BTreeMap<u32, YearTotal> = BTreeMap::new();
    let mut undiscounted = Decimal::ZERO;
    for l in &lines {
        let e = years.entry(l.year).or_insert(YearTotal {
            year: l.year,
            social_value: Decimal::ZERO,
            fiscal_savings: Decimal::ZERO,
            fiscal_savings_undiscounted: Decimal::ZERO,
            programme_cost: Decimal::ZERO,
            rounded: YearAmounts::default(),
        });
        let add = |a: Decimal, b: Decimal| checked(&place, "total by year", a.checked_add(b));
        match l.section {
            Section::SocialValue => e.social_value = add(e.social_value, l.amount)?,
            Section::FiscalSavings => {
                e.fiscal_savings = add(e.fiscal_savings, l.amount)?;
                e.fiscal_savings_undiscounted = add(e.fiscal_savings_undiscounted, l.undiscounted)?;
                undiscounted = add(undiscounted, l.undiscounted)?;
            }
            Section::ProgrammeCost => e.programme_cost = add(e.programme_cost, l.amount)?,
        }
    }
    let mut by_year: Vec<YearTotal> = years.into_values().collect();
    let column = |f: fn(&YearTotal) -> Decimal, t: Decimal| {
        let xs: Vec<Decimal> = by_year.iter().map(f).collect();
        allocate_to(&xs, t)
    };
    let sv = column(|y| y.social_value, display.social_value);
    let fs = column(|y| y.fiscal_savings, display.fiscal_savings);
    let fu = column(|y| y.fiscal_savings_undiscounted, to_penny(undiscounted));
    let pc = column(|y| y.programme_cost, display.programme_cost);
    for (i, y) in by_year.iter_mut().enumerate() {
        y.rounded = YearAmounts {
            social_value: sv[i],
            fiscal_savings: fs[i],
            fiscal_savings_undiscounted: fu[i],
            programme_cost: pc[i],
        };
    }

    warnings.extend(method_changes(scenario, &disc));
    Ok(Valuation {
        scenario: scenario.name.clone(),
        engine: format!("socval {}", env!("CARGO_PKG_VERSION")),
        method: METHOD_VERSION,
        families,
        from_records,
        price_year: scenario.price_year,
        discount_rate: scenario.discount_rate(),
        discount_convention: scenario.discount_convention,
        discounting: disc,
        tables: [
            ("wellbeing", Some(wellbeing)),
            ("unit_costs", Some(unit_costs)),
            ("deflators", Some(deflators)),
            ("gdp_per_head", gdp_per_head),
        ]
        .into_iter()
        .filter_map(|(role, t)| t.map(|t| (role, t)))
        .map(|(role, t)| TableUse {
            role: role.into(),
            id: t.id.clone(),
            version: t.version.clone(),
            sha256: t.sha256.clone(),
        })
        .collect(),
        totals,
        display,
        fiscal_savings_undiscounted: undiscounted,
        by_agency,
        by_year,
        items,
        lines,
        warnings,
    })
}

/// The version of the method (DESIGN.md "The method") that the engine implements. A valuation
/// records it; a scenario saved under an older one is told which changes move its figures.
///
/// - 1: the first method.
/// - 2: optimism bias taken year by year; programme costs in year 0 (the default) paid up front and
///   never discounted; Green Book discounting on HM Treasury's standard and health schedules;
///   WELLBY uprating by real GDP per head where a table row asks for it.
pub const METHOD_VERSION: u32 = 2;

/// The changes since the scenario's method version that move its figures, as warnings.
fn method_changes(scenario: &Scenario, disc: &Discounting) -> Vec<String> {
    let made = scenario.method.unwrap_or(1);
    if made >= METHOD_VERSION {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut say = |what: String| {
        out.push(format!(
            "this scenario was made under method {made}{} and its figures changed under method {METHOD_VERSION}: {what}; once you have checked them, record method = {METHOD_VERSION} in the scenario (saving it from the page does)",
            if scenario.method.is_none() {
                " (it records no method version)"
            } else {
                ""
            }
        ))
    };
    let undated: Vec<&str> = scenario
        .costs
        .iter()
        .filter(|c| c.year.is_none() && !c.amount.is_zero())
        .map(|c| c.label.as_str())
        .collect();
    if !undated.is_empty() && disc.growth(false, 1).is_some_and(|g| g != Decimal::ONE) {
        say(format!(
            "a cost that gives no year is paid up front (year 0) and not discounted, where it was discounted as year 1: {} (give year = 1 to keep the old figure)",
            undated.join(", ")
        ));
    }
    if scenario.discount_convention == crate::scenario::DiscountConvention::GreenBook {
        let health = scenario.wellbeing_discount_rate.is_none() && !scenario.outcomes.is_empty();
        let long = scenario.discount_rate.is_none()
            && scenario
                .avoided
                .iter()
                .map(|a| a.year.unwrap_or(1) + a.adjustments.duration.or(scenario.defaults.duration).unwrap_or(1))
                .chain(scenario.costs.iter().map(|c| c.year.unwrap_or(0)))
                .any(|y| y > 32);
        if health || long {
            say("Green Book discounting follows HM Treasury's schedules: wellbeing values at the health rate (1.5 % for years 0–30), other values at 3.5 % for years 0–30 and 3.0 % from year 31, where one flat rate served all (set discount_rate and wellbeing_discount_rate to keep flat rates)".into());
        }
    }
    let graded_long = !scenario.optimism_bias.is_empty()
        && scenario
            .outcomes
            .iter()
            .map(|o| &o.adjustments)
            .chain(scenario.avoided.iter().map(|a| &a.adjustments))
            .any(|a| a.duration.or(scenario.defaults.duration).unwrap_or(1) > 1);
    if graded_long {
        say("the optimism-bias haircut is taken on each year's amount in that year, so the by-year figures and undiscounted fiscal savings change (totals do not)".into());
    }
    out
}
