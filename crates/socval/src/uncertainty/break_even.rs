//! Break-even values: the value of one assumption at which a total just covers the programme cost.

use super::targets::{Cx, Field, Target, Unit};
use super::{Assumption, Prepared, Total};
use crate::error::{Error, Location, Place, Result};
use crate::records::Records;
use crate::scenario::{Distribution, Scenario};
use crate::tables::Registry;
use crate::valuation::format_gbp;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// Where a total covers the programme cost, as one assumption moves over its domain (the others
/// central). "Covers" means the total is at least the cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakEvenKind {
    /// The total covers the cost when the assumption is at least `value` (`rising`: the total
    /// rises with it) or at most `value` (it falls).
    At {
        /// The break-even value, on the covering side of the final bracket.
        value: Decimal,
        /// Whether the total rises with the assumption.
        rising: bool,
    },
    /// The total covers the cost at every value of the assumption's domain.
    Always,
    /// The total covers the cost at no value of the assumption's domain.
    Never,
    /// The domain has no upper limit and the break-even lies beyond `limit`, the end of the
    /// search: rising, the total does not cover the cost up to it; falling, it covers it up to it.
    Beyond {
        /// The largest value searched.
        limit: Decimal,
        /// Whether the total rises with the assumption.
        rising: bool,
    },
}

/// The break-even of one assumption for one total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    /// Assumption target.
    pub target: String,
    /// Label.
    pub label: String,
    /// Which total.
    pub total: Total,
    /// Unit of the assumption's values.
    pub unit: Unit,
    /// The assumption's central value.
    pub central: Decimal,
    /// What the search found.
    pub kind: BreakEvenKind,
    /// Width of the final bisection bracket (0 where the value is exact or a whole number of years).
    pub tolerance: Decimal,
    /// For an avoided item's count or rates at break-even: families per event avoided ("one in
    /// every N families"), rounded down so that the statement stays true.
    pub families_per_event: Option<Decimal>,
    /// In words, naming the assumption, with shares as percentages.
    pub text: String,
}

impl BreakEven {
    /// The break-even value, where there is one in the domain.
    pub fn value(&self) -> Option<Decimal> {
        match self.kind {
            BreakEvenKind::At { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Why the list of break-even values is as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakEvensStatus {
    /// Break-even values of the assumptions that move a total.
    Values,
    /// The scenario has no programme cost: nothing to break even against.
    NoCost,
    /// The scenario's programme costs come to £0.
    ZeroCost,
    /// There is a cost, but no assumption to vary moves either total.
    NothingToVary,
}

/// The break-even values of a scenario, with a statement of what they are set against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEvens {
    /// Why the list is as it is.
    pub status: BreakEvensStatus,
    /// The present value of the programme cost (exact).
    pub programme_cost: Decimal,
    /// In words: what the values are set against, or why there are none ("n/a: ...", "none: ...").
    pub text: String,
    /// One per assumption and total the assumption moves.
    pub values: Vec<BreakEven>,
}

/// Break-even values of each assumption, and of each avoided item's count or counterfactual rate
/// (without records), for each total against the programme cost.
pub fn break_even(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<BreakEvens> {
    break_even_of(&Prepared::new("scenario", scenario, records, registry)?)
}

fn sign(x: Decimal) -> i8 {
    if x.is_zero() {
        0
    } else if x.is_sign_negative() {
        -1
    } else {
        1
    }
}

pub(super) fn break_even_of(p: &Prepared<'_>) -> Result<BreakEvens> {
    let s = &p.scenario;
    let base = p.valued(&[])?;
    let cost = base.totals.programme_cost;
    let mut out = BreakEvens {
        status: BreakEvensStatus::Values,
        programme_cost: cost,
        text: format!("set against a programme cost of {} (present value)", format_gbp(cost)),
        values: Vec::new(),
    };
    if s.costs.is_empty() {
        out.status = BreakEvensStatus::NoCost;
        out.text = "n/a: the scenario has no programme cost to break even against".into();
        return Ok(out);
    }
    if cost.is_zero() {
        out.status = BreakEvensStatus::ZeroCost;
        out.text = "n/a: the programme costs come to £0.00, so any value covers them".into();
        return Ok(out);
    }
    let mut list: Vec<Assumption> = p.list.clone();
    // Every avoided count or counterfactual rate is a key assumption, ranged or not (with records,
    // the counts come from the records and are not varied).
    if p.records.is_none() {
        let cx = Cx {
            file: p.file,
            scenario: s,
            registry: p.registry,
            records: false,
        };
        for a in &s.avoided {
            let field = if a.count.is_some() {
                Field::Count
            } else if a.counterfactual_rate.is_some() && a.observed_rate.is_some() {
                Field::CounterfactualRate
            } else {
                continue;
            };
            let path = format!("avoided.{}.{}", a.id, field.as_str());
            let location = Location::BreakEven { target: path.clone() };
            let Ok(res) = cx.resolve_path(&path, &|| Place::new(p.file, location.clone(), "")) else {
                continue;
            };
            if list.iter().any(|x| x.targets.iter().any(|t| res.targets.contains(t))) {
                continue;
            }
            let c = res.central;
            list.push(Assumption::new(
                path,
                res,
                (c, c),
                Distribution::Fixed,
                "key",
                String::new(),
                Place::new(p.file, location, ""),
            ));
        }
    }
    for total in [Total::SocialValue, Total::FiscalSavings] {
        for a in &list {
            if let Some(b) = search(p, a, total)? {
                out.values.push(b);
            }
        }
    }
    if out.values.is_empty() {
        out.status = BreakEvensStatus::NothingToVary;
        out.text = format!(
            "none: against a programme cost of {}, no assumption with a range{} moves social value or fiscal savings",
            format_gbp(cost),
            if p.records.is_some() {
                ""
            } else {
                " (nor any avoided item's count or rates)"
            }
        );
    }
    Ok(out)
}

/// Rounds a value to its unit's display precision, towards the side where the total covers the
/// cost (up when the total rises with the assumption), so that the statement stays true.
fn safe(unit: Unit, v: Decimal, rising: bool) -> Decimal {
    let dp = match unit {
        Unit::Share | Unit::Rate => 4,
        Unit::Count | Unit::Money => 2,
        Unit::Years => 0,
    };
    let strategy = if rising {
        RoundingStrategy::ToPositiveInfinity
    } else {
        RoundingStrategy::ToNegativeInfinity
    };
    v.round_dp_with_strategy(dp, strategy)
}

fn domain_words(a: &Assumption, hi: Decimal, bounded: bool) -> String {
    if bounded {
        format!("{} to {}", a.unit.show(a.min), a.unit.show(hi))
    } else {
        format!("{} or more", a.unit.show(a.min))
    }
}

fn search(p: &Prepared<'_>, a: &Assumption, total: Total) -> Result<Option<BreakEven>> {
    let place = a.place();
    let npv = |v: Decimal| -> Result<Decimal> {
        let f = p.value_at(&[(a, v)])?;
        total
            .of(&f)
            .checked_sub(f.programme_cost)
            .ok_or_else(|| Error::overflow(place.clone(), "value less cost is too large"))
    };
    let years = a.unit == Unit::Years;
    let share = a.unit.is_percent();
    let mut lo = a.min;
    let bounded = a.max.is_some();
    let hi = match a.max {
        Some(m) => m,
        None => a.central.max(Decimal::ONE).max(lo),
    };
    let mut f_lo = npv(lo)?;
    let (mut hi, mut f_hi) = super::highest_valid(&npv, lo, hi)?;
    if !bounded {
        // Widen upwards until the sign changes.
        let lo_sign = sign(f_lo);
        let zero_at_lo = f_lo.is_zero();
        (hi, f_hi) = super::widen_up(&npv, a.central, (hi, f_hi), &|f| lo_sign == sign(f) && !zero_at_lo)?;
    }
    if f_lo == f_hi {
        // The assumption does not move this total.
        return Ok(None);
    }
    let rising = f_hi > f_lo;
    let covers = |f: Decimal| f >= Decimal::ZERO;
    let mut tolerance = Decimal::ZERO;
    let kind = match (covers(f_lo), covers(f_hi)) {
        (true, true) if bounded || rising => BreakEvenKind::Always,
        (true, true) => BreakEvenKind::Beyond { limit: hi, rising },
        (false, false) if bounded || !rising => BreakEvenKind::Never,
        (false, false) => BreakEvenKind::Beyond { limit: hi, rising },
        _ => {
            let tol = if years {
                Decimal::ONE
            } else if share {
                Decimal::new(1, 9)
            } else {
                (a.central.abs() * Decimal::new(1, 6)).max(Decimal::new(1, 6))
            };
            let mut exact = None;
            let mut iterations = 0;
            while hi - lo > tol && iterations < 200 {
                iterations += 1;
                let half = (hi - lo) / Decimal::TWO;
                let mut mid = super::sampling::keep10(lo + half);
                if years {
                    mid = mid.floor();
                }
                if mid <= lo || mid >= hi {
                    break;
                }
                let f_mid = npv(mid)?;
                if f_mid.is_zero() {
                    exact = Some(mid);
                    break;
                }
                if sign(f_mid) == sign(f_lo) {
                    lo = mid;
                    f_lo = f_mid;
                } else {
                    hi = mid;
                    f_hi = f_mid;
                }
            }
            let _ = (f_lo, f_hi);
            let value = match exact {
                Some(v) => v,
                None => {
                    tolerance = if years { Decimal::ZERO } else { hi - lo };
                    // The end of the bracket where the total covers the cost.
                    if rising { hi } else { lo }
                }
            };
            BreakEvenKind::At { value, rising }
        }
    };
    let families_per_event = families_per_event(&p.scenario, a, kind);
    let text = words(a, total, kind, hi, bounded, families_per_event);
    Ok(Some(BreakEven {
        target: a.target.clone(),
        label: a.label.clone(),
        total,
        unit: a.unit,
        central: a.central,
        kind,
        tolerance,
        families_per_event,
        text,
    }))
}

/// Where a count or rate of an avoided item breaks even, the families per avoided event it means
/// (rounded down to a tenth): "at least one event avoided in every N families".
fn families_per_event(s: &Scenario, a: &Assumption, kind: BreakEvenKind) -> Option<Decimal> {
    let families = Decimal::from(s.families.max(1));
    let floor1 = |x: Decimal| x.round_dp_with_strategy(1, RoundingStrategy::ToNegativeInfinity);
    match (&kind, a.targets.as_slice()) {
        (BreakEvenKind::At { value, .. }, [Target::Avoided(_, Field::Count)]) => {
            families.checked_div(*value).filter(|_| !value.is_zero()).map(floor1)
        }
        (BreakEvenKind::At { value, .. }, [Target::Avoided(i, Field::CounterfactualRate)]) => {
            let per = *value - s.avoided[*i].observed_rate.unwrap_or_default();
            Decimal::ONE
                .checked_div(per)
                .filter(|_| per > Decimal::ZERO)
                .map(floor1)
        }
        (BreakEvenKind::At { value, .. }, [Target::Avoided(i, Field::ObservedRate)]) => {
            let per = s.avoided[*i].counterfactual_rate.unwrap_or_default() - *value;
            Decimal::ONE
                .checked_div(per)
                .filter(|_| per > Decimal::ZERO)
                .map(floor1)
        }
        _ => None,
    }
}

/// The break-even in words, the same in every face.
fn words(
    a: &Assumption,
    total: Total,
    kind: BreakEvenKind,
    hi: Decimal,
    bounded: bool,
    families_per_event: Option<Decimal>,
) -> String {
    let (what, what_not, what_short) = match total {
        Total::SocialValue => (
            "Social value covers",
            "Social value never covers",
            "Social value does not cover",
        ),
        Total::FiscalSavings => (
            "Fiscal savings cover",
            "Fiscal savings never cover",
            "Fiscal savings do not cover",
        ),
    };
    let phrase = &a.phrase;
    match kind {
        BreakEvenKind::At { value, rising } => {
            let shown = a.unit.show(safe(a.unit, value, rising));
            let side = if rising { "at least" } else { "at most" };
            let mut t = format!("{what} the programme cost if {phrase} is {side} {shown}");
            if let Some(n) = families_per_event {
                let unit = a.item_unit.as_deref().unwrap_or("event");
                t.push_str(&format!(
                    ": at least one {unit} avoided in every {} families",
                    n.normalize()
                ));
            }
            t
        }
        BreakEvenKind::Always => format!(
            "{what} the programme cost whatever {phrase} ({})",
            domain_words(a, hi, bounded)
        ),
        BreakEvenKind::Never => format!(
            "{what_not} the programme cost, whatever {phrase} ({})",
            domain_words(a, hi, bounded)
        ),
        BreakEvenKind::Beyond { limit, rising: true } => format!(
            "{what_short} the programme cost while {phrase} is at most {} (the search stops there)",
            a.unit.show(limit)
        ),
        BreakEvenKind::Beyond { limit, rising: false } => format!(
            "{what} the programme cost while {phrase} is at most {} (the search stops there)",
            a.unit.show(limit)
        ),
    }
}
