//! Testing a claim: for each key assumption alone (the others as the scenario has them), the value
//! it would need for a figure to reach a claimed amount ("£103k per family"), beside the value in
//! force and where that value comes from.
//!
//! The figure is a total or a per-family figure of social value, fiscal savings or the two
//! combined, in the scenario's price year (present value), as [`crate::evaluate`] computes it.
//! Each assumption is solved on its own by bracketing the claim between the ends of the values the
//! rest of the scenario allows it (a share 0–100 %, people up to the cohort, a count or a proxy
//! from 0 up, widened as the break-even search is) and narrowing the bracket by false position
//! (Illinois) until the figure at the value is the claim to within a millionth of a penny; the
//! value is kept at full precision, so that the scenario valued with it shows the claimed figure to
//! the penny. A duration is a whole number of years: it is the first number of years at which the
//! figure reaches the claim. Where no allowed value reaches the claim, the answer says so, with the
//! allowed value that comes closest and, for an assumption the figure is proportional to (counts,
//! rates, people, shares deducted, proxies), the value the claim would need outside what is
//! allowed ("a deadweight of −150 %").

use super::targets::{Cx, Field, Target, Unit, targets};
use super::{Assumption, Prepared};
use crate::adjust::{Adjustment, ItemRef, in_force};
use crate::error::{Error, Location, Place, Result};
use crate::records::Records;
use crate::scenario::{Distribution, Scenario};
use crate::tables::{AgeBand, Region, Registry, TableKind};
use crate::valuation::{Figures, format_gbp, to_penny};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which figure a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimFigure {
    /// Social value (wellbeing).
    SocialValue,
    /// Fiscal savings (public costs avoided).
    FiscalSavings,
    /// Social value and fiscal savings together (whether or not the scenario asks for a combined
    /// total: the claim does).
    Combined,
}

impl ClaimFigure {
    /// The figure in words (`social value`).
    pub fn words(self) -> &'static str {
        match self {
            ClaimFigure::SocialValue => "social value",
            ClaimFigure::FiscalSavings => "fiscal savings",
            ClaimFigure::Combined => "social value and fiscal savings combined",
        }
    }
}

/// A claimed figure to test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Which figure.
    pub figure: ClaimFigure,
    /// The amount claimed, £ (present value, in the scenario's price year); compared to the penny.
    pub amount: Decimal,
    /// Whether the amount is per family (else the programme's total).
    #[serde(default)]
    pub per_family: bool,
}

impl Claim {
    /// The claim in words: `£103,000.00 per family of social value`.
    pub fn words(&self) -> String {
        format!(
            "{}{} of {}",
            format_gbp(to_penny(self.amount)),
            if self.per_family { " per family" } else { "" },
            self.figure.words()
        )
    }

    fn of(&self, f: &Figures) -> Decimal {
        let combined = |t: Option<Decimal>, a: Decimal, b: Decimal| t.unwrap_or(a + b);
        match (self.figure, self.per_family) {
            (ClaimFigure::SocialValue, false) => f.social_value,
            (ClaimFigure::SocialValue, true) => f.social_value_per_family,
            (ClaimFigure::FiscalSavings, false) => f.fiscal_savings,
            (ClaimFigure::FiscalSavings, true) => f.fiscal_savings_per_family,
            (ClaimFigure::Combined, false) => combined(f.combined, f.social_value, f.fiscal_savings),
            (ClaimFigure::Combined, true) => combined(
                f.combined_per_family,
                f.social_value_per_family,
                f.fiscal_savings_per_family,
            ),
        }
    }
}

/// What one assumption would need to be for the figure to reach the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NeedKind {
    /// The figure reaches the claim at `value`, an allowed value (full precision): the scenario
    /// valued with it shows the claimed figure to the penny where `exact` (a whole number of years,
    /// the first to reach the claim, may pass it).
    At {
        /// The value.
        value: Decimal,
        /// Whether the figure at `value`, to the penny, is the claim.
        exact: bool,
    },
    /// No allowed value reaches the claim. `limit` is the allowed value that comes closest, and
    /// `needed`, for an assumption the figure is proportional to, the value the claim would need
    /// outside what is allowed.
    Unreachable {
        /// The allowed value that comes closest to the claim.
        limit: Decimal,
        /// The figure (exact) with the assumption at `limit`.
        figure_at_limit: Decimal,
        /// The value outside the allowed ones that would reach the claim, where it can be said.
        needed: Option<Decimal>,
    },
}

/// One assumption's answer to a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Need {
    /// Assumption target (`avoided.proceedings.counterfactual_rate`, `unit_costs.<row>`).
    pub target: String,
    /// Label.
    pub label: String,
    /// Unit of its values.
    pub unit: Unit,
    /// The value in force.
    pub central: Decimal,
    /// Where the value in force comes from (`set for this item`, `unit-costs-open@2.0.0 row
    /// care-proceedings-court, UK Parliament 2025`).
    pub source: String,
    /// Smallest allowed value.
    pub min: Decimal,
    /// Largest allowed value (none: no limit).
    pub max: Option<Decimal>,
    /// What the search found.
    pub kind: NeedKind,
    /// In words.
    pub text: String,
}

impl Need {
    /// The allowed value that reaches the claim, if there is one.
    pub fn value(&self) -> Option<Decimal> {
        match self.kind {
            NeedKind::At { value, .. } => Some(value),
            NeedKind::Unreachable { .. } => None,
        }
    }
}

/// The answer to a claim: the figure in force and, for each key assumption that moves the figure,
/// what it would need to be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimTest {
    /// The claim.
    pub claim: Claim,
    /// The claimed figure in force (exact).
    pub figure: Decimal,
    /// The claimed figure in force, to the penny.
    pub figure_shown: Decimal,
    /// In words: the claim set against the figure in force.
    pub text: String,
    /// One per assumption that moves the figure: those an allowed value of which reaches the
    /// claim, then the others, each in the order [`super::targets`] lists them.
    pub needs: Vec<Need>,
}

/// Tests a claimed figure against a scenario: the figure in force, and for each key assumption
/// alone (an outcome's people or share, an avoided item's count or counterfactual rate, units per
/// event, the adjustments, defaults and discount rates, each proxy the scenario uses) the value it
/// would need for the figure to reach the claim, or that no allowed value does.
///
/// ```
/// use socval::{Registry, evaluate, template};
/// use socval::uncertainty::{Claim, ClaimFigure, claim};
/// let s = template("step-together").unwrap().scenario().unwrap();
/// let c = Claim { figure: ClaimFigure::FiscalSavings, amount: "1000000".parse().unwrap(), per_family: false };
/// let t = claim(&s, None, Registry::embedded(), &c).unwrap();
/// assert!(!t.needs.is_empty());
/// ```
pub fn claim(scenario: &Scenario, records: Option<&Records>, registry: &Registry, c: &Claim) -> Result<ClaimTest> {
    claim_named("scenario", scenario, records, registry, c)
}

/// As [`claim`], naming the scenario's file in errors.
pub fn claim_named(
    file: &str,
    scenario: &Scenario,
    records: Option<&Records>,
    registry: &Registry,
    c: &Claim,
) -> Result<ClaimTest> {
    if c.amount <= Decimal::ZERO {
        return Err(Error::invalid(
            Place::top("claim", "amount"),
            format!(
                "a claimed figure is an amount of pounds above £0, not {}",
                c.amount.normalize()
            ),
        ));
    }
    let mut s = scenario.clone();
    if c.figure == ClaimFigure::Combined {
        s.combined_total = true;
    }
    let p = Prepared::new(file, &s, records, registry)?;
    let figure = c.of(&p.value_at(&[])?);
    let target = to_penny(c.amount);
    let cx = Cx {
        file,
        scenario: &p.scenario,
        registry,
        records: records.is_some(),
    };
    let mut needs = Vec::new();
    for info in targets(&p.scenario, records, registry) {
        let path = info.target;
        if path.starts_with("costs.") || path.ends_with(".observed_rate") {
            continue;
        }
        let location = Location::BreakEven { target: path.clone() };
        let Ok(res) = cx.resolve_path(&path, &|| Place::new(file, location.clone(), "")) else {
            continue;
        };
        let central = res.central;
        let a = Assumption::new(
            path,
            res,
            (central, central),
            Distribution::Fixed,
            "key",
            String::new(),
            Place::new(file, location, ""),
        );
        if let Some(n) = solve(&p, &a, c, target)? {
            needs.push(n);
        }
    }
    // The assumptions whose allowed values reach the claim first, each group in listing order.
    crate::sort::sort_stable_by(&mut needs, |x: &Need, y: &Need| {
        x.value().is_none().cmp(&y.value().is_none())
    });
    let per = if c.per_family { " per family" } else { "" };
    Ok(ClaimTest {
        text: format!(
            "A claim of {} (present value, {} prices), against {}{per} in force",
            c.words(),
            p.scenario.price_year,
            format_gbp(to_penny(figure))
        ),
        claim: c.clone(),
        figure,
        figure_shown: to_penny(figure),
        needs,
    })
}

/// Whether the figure is proportional to (affine in) the assumption, so that a value outside the
/// allowed ones can be said by extending the line through the ends.
fn affine(a: &Assumption) -> bool {
    a.targets.iter().all(|t| match t {
        Target::Proxy(..) => true,
        Target::Outcome(_, f) | Target::Avoided(_, f) | Target::Default(f) => matches!(
            f,
            Field::People
                | Field::Rate
                | Field::Count
                | Field::CounterfactualRate
                | Field::ObservedRate
                | Field::UnitsPerEvent
                | Field::Adjustment(Adjustment::Deadweight | Adjustment::Attribution | Adjustment::Displacement)
        ),
        _ => false,
    })
}

/// A value as the answer shows it: rates of events per family as a number per family, a count of
/// events with its unit and per family.
fn show(a: &Assumption, families: u32, v: Decimal) -> String {
    match a.targets.first() {
        Some(Target::Avoided(_, Field::CounterfactualRate | Field::ObservedRate)) => {
            format!("{} per family", v.round_dp(4).normalize())
        }
        Some(Target::Avoided(_, Field::Count)) => {
            let unit = a.item_unit.as_deref().unwrap_or("event");
            let per = v
                .checked_div(Decimal::from(families.max(1)))
                .map(|x| format!(", {} per family", x.round_dp(4).normalize()))
                .unwrap_or_default();
            format!("{} (unit: {unit}{per})", v.round_dp(2).normalize())
        }
        _ => a.unit.show(v),
    }
}

/// Where the value in force of an assumption comes from, in words.
fn source_of(p: &Prepared<'_>, a: &Assumption) -> String {
    let s = &p.scenario;
    let reg = p.registry;
    let facts = if p.records.is_some() {
        "from the records"
    } else {
        "as the scenario states"
    };
    let Some(t) = a.targets.first() else {
        return String::new();
    };
    let adjustment = |item: ItemRef, f: Field| -> Option<String> {
        let adj: Adjustment = f.adjustment()?;
        in_force(s, reg, item, adj).ok().map(|x| x.words())
    };
    match t {
        Target::Proxy(kind, row) => {
            let reference = if *kind == TableKind::Wellbeing {
                &s.tables.wellbeing
            } else {
                &s.tables.unit_costs
            };
            let Some(table) = reg.get(reference) else {
                return reference.clone();
            };
            let Some(r) = table
                .lookup(row, AgeBand::All, Region::All)
                .or_else(|| table.rows.iter().find(|r| r.id == *row))
            else {
                return reference.clone();
            };
            let src = table
                .source(&r.source)
                .filter(|x| !x.publisher.is_empty())
                .map(|x| format!(", {} {}", x.publisher, x.year))
                .unwrap_or_default();
            format!("{} row {row}{src}", table.row_table(r))
        }
        Target::Outcome(i, f) if f.is_adjustment() => adjustment(ItemRef::Outcome(*i), *f).unwrap_or_default(),
        Target::Avoided(i, f) if f.is_adjustment() => adjustment(ItemRef::Avoided(*i), *f).unwrap_or_default(),
        Target::Avoided(i, Field::UnitsPerEvent) => {
            if s.avoided[*i].units_per_event.is_some() {
                "set for this item".into()
            } else {
                let table = reg.get(&s.tables.unit_costs);
                match table.and_then(|t| {
                    t.lookup(&s.avoided[*i].proxy, AgeBand::All, Region::All)
                        .map(|r| (t, r))
                }) {
                    Some((t, r)) if r.units_per_event.is_some() => format!("{} row {}", t.row_table(r), r.id),
                    _ => "none set: one unit per event".into(),
                }
            }
        }
        Target::Default(_) => "scenario default".into(),
        Target::DiscountRate | Target::WellbeingDiscountRate => "the scenario's rate".into(),
        _ => facts.into(),
    }
}

fn checked(place: &Place, what: &str, v: Option<Decimal>) -> Result<Decimal> {
    v.ok_or_else(|| Error::overflow(place.clone(), format!("{what} is too large")))
}

/// The claim solved for one assumption; none when the assumption does not move the figure.
fn solve(p: &Prepared<'_>, a: &Assumption, c: &Claim, target: Decimal) -> Result<Option<Need>> {
    let place = a.place();
    let g = |v: Decimal| -> Result<Decimal> { Ok(c.of(&p.value_at(&[(a, v)])?)) };
    let years = a.unit == Unit::Years;
    let lo = a.min;
    let bounded = a.max.is_some();
    let hi = a.max.unwrap_or_else(|| a.central.max(Decimal::ONE).max(lo));
    let g_lo = g(lo)?;
    let (mut hi, mut g_hi) = super::highest_valid(&g, lo, hi)?;
    let between = |x: Decimal, y: Decimal| x.min(y) <= target && target <= x.max(y);
    if !bounded {
        // Only upwards, and only while the claim is above the figure (the figure rises with
        // every unbounded assumption: a count, a proxy).
        (hi, g_hi) = super::widen_up(&g, a.central, (hi, g_hi), &|f| target > f && f > g_lo)?;
    }
    if g_lo == g_hi {
        return Ok(None);
    }
    let source = source_of(p, a);
    let families = p.scenario.families;
    // A proxy's value is per unit of its row ("£47,662.46 per set of proceedings").
    let per_unit = match a.targets.first() {
        Some(Target::Proxy(kind, row)) => {
            let reference = if *kind == TableKind::Wellbeing {
                &p.scenario.tables.wellbeing
            } else {
                &p.scenario.tables.unit_costs
            };
            p.registry
                .get(reference)
                .and_then(|t| t.rows.iter().find(|r| r.id == *row))
                .map(|r| format!(" per {}", r.unit))
                .unwrap_or_default()
        }
        _ => String::new(),
    };
    let show = |a: &Assumption, families: u32, v: Decimal| show(a, families, v) + &per_unit;
    let central_shown = show(a, families, a.central);
    let claim = c.words();
    let phrase = &a.phrase;
    let (kind, text) = if !between(g_lo, g_hi) {
        // The end whose figure is closer to the claim.
        let (limit, at) = if (g_lo - target).abs() <= (g_hi - target).abs() {
            (lo, g_lo)
        } else {
            (hi, g_hi)
        };
        let needed = if affine(a) {
            // The line through the two ends, extended to the claim.
            let slope = checked(&place, "the figure's slope", (hi - lo).checked_div(g_hi - g_lo))?;
            (target - g_lo).checked_mul(slope).and_then(|x| x.checked_add(lo))
        } else {
            None
        };
        let most = if limit == lo { "the least" } else { "the most" };
        let mut t = format!(
            "No allowed value of {phrase} reaches {claim}: at {} ({most} allowed) the figure is {}",
            show(a, families, limit),
            format_gbp(to_penny(at))
        );
        if let Some(n) = needed {
            t.push_str(&format!("; it would need {}", show(a, families, n)));
        }
        t.push_str(&format!(", against {central_shown} in force ({source})"));
        (
            NeedKind::Unreachable {
                limit,
                figure_at_limit: at,
                needed,
            },
            t,
        )
    } else {
        let value = if years {
            whole_years(&g, lo, hi, g_lo, g_hi, target)?
        } else {
            false_position(&g, &place, (lo, g_lo), (hi, g_hi), target, a.central)?
        };
        let at = g(value)?;
        let exact = to_penny(at) == target;
        let t = if exact {
            format!(
                "Reaching {claim} needs {phrase} of {}, against {central_shown} in force ({source})",
                show(a, families, value)
            )
        } else {
            format!(
                "Reaching {claim} needs {phrase} of {} (the figure is then {}), against {central_shown} in force ({source})",
                show(a, families, value),
                format_gbp(to_penny(at))
            )
        };
        (NeedKind::At { value, exact }, t)
    };
    Ok(Some(Need {
        target: a.target.clone(),
        label: a.label.clone(),
        unit: a.unit,
        central: a.central,
        source,
        min: a.min,
        max: a.max,
        kind,
        text,
    }))
}

/// The first whole number of years in `lo..=hi` at which the figure reaches the claim (passes it
/// in the direction the figure moves).
fn whole_years(
    g: &dyn Fn(Decimal) -> Result<Decimal>,
    lo: Decimal,
    hi: Decimal,
    g_lo: Decimal,
    g_hi: Decimal,
    target: Decimal,
) -> Result<Decimal> {
    let rising = g_hi > g_lo;
    let reached = |f: Decimal| if rising { f >= target } else { f <= target };
    if reached(g_lo) {
        return Ok(lo);
    }
    // Invariant: not reached at `a`, reached at `b`.
    let (mut a, mut b) = (lo, hi);
    while b - a > Decimal::ONE {
        let mid = ((a + b) / Decimal::TWO).floor();
        if reached(g(mid)?) {
            b = mid;
        } else {
            a = mid;
        }
    }
    Ok(b)
}

/// A value in the bracket at which the figure is the claim to within a millionth of a penny (or as
/// near as 200 steps come), by false position with the Illinois correction and bisection where a
/// step would leave the bracket.
fn false_position(
    g: &dyn Fn(Decimal) -> Result<Decimal>,
    place: &Place,
    (mut a, ga): (Decimal, Decimal),
    (mut b, gb): (Decimal, Decimal),
    target: Decimal,
    central: Decimal,
) -> Result<Decimal> {
    let close = Decimal::new(1, 8);
    let mut fa = ga - target;
    let mut fb = gb - target;
    if fa.is_zero() {
        return Ok(a);
    }
    if fb.is_zero() {
        return Ok(b);
    }
    // The value in force, where it already gives the claim.
    if a < central && central < b {
        let f = g(central)? - target;
        if f.abs() <= close {
            return Ok(central);
        }
        if (f > Decimal::ZERO) == (fa > Decimal::ZERO) {
            a = central;
            fa = f;
        } else {
            b = central;
            fb = f;
        }
    }
    let mut best = if fa.abs() <= fb.abs() { (a, fa) } else { (b, fb) };
    let mut side = 0i8;
    for _ in 0..200 {
        let denom = fa - fb;
        let mut x = match (b - a).checked_mul(fa).and_then(|n| n.checked_div(denom)) {
            Some(step) => checked(place, "the value", a.checked_add(step))?,
            None => a + (b - a) / Decimal::TWO,
        };
        if x <= a || x >= b {
            x = a + (b - a) / Decimal::TWO;
            if x <= a || x >= b {
                break;
            }
        }
        let fx = g(x)? - target;
        if fx.abs() < best.1.abs() {
            best = (x, fx);
        }
        if fx.abs() <= close {
            return Ok(x);
        }
        if (fx > Decimal::ZERO) == (fa > Decimal::ZERO) {
            a = x;
            fa = fx;
            if side == -1 {
                fb /= Decimal::TWO;
            }
            side = -1;
        } else {
            b = x;
            fb = fx;
            if side == 1 {
                fa /= Decimal::TWO;
            }
            side = 1;
        }
    }
    Ok(best.0)
}
