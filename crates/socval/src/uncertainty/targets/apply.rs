//! Writing a drawn value into a scenario (or into the proxy overrides).

use super::*;

/// Writes a value into a scenario (or into the proxy overrides), for every item of the assumption.
pub(in crate::uncertainty) fn apply(
    scenario: &mut Scenario,
    overrides: &mut Overrides,
    a: &Assumption,
    v: Decimal,
) -> Result<()> {
    for t in &a.targets {
        apply_one(scenario, overrides, a, t, v)?;
    }
    Ok(())
}

fn apply_one(
    scenario: &mut Scenario,
    overrides: &mut Overrides,
    a: &Assumption,
    target: &Target,
    v: Decimal,
) -> Result<()> {
    let set_adj = |adj: &mut Adjustments, f: Field, v: Decimal| {
        if let Some(a) = f.adjustment() {
            a.set(adj, Some(v));
        }
    };
    match target {
        Target::DiscountRate => scenario.discount_rate = Some(v),
        Target::WellbeingDiscountRate => scenario.wellbeing_discount_rate = Some(v),
        Target::Default(f) => set_adj(&mut scenario.defaults, *f, v),
        Target::Cost(i) => scenario.costs[*i].amount = v,
        Target::Outcome(i, f) => {
            let o = &mut scenario.outcomes[*i];
            match f {
                Field::People => o.people = Some(v),
                Field::Rate => o.rate = Some(v),
                f => set_adj(&mut o.adjustments, *f, v),
            }
        }
        Target::Avoided(i, f) => {
            let x = &mut scenario.avoided[*i];
            match f {
                Field::Count => x.count = Some(v),
                Field::UnitsPerEvent => x.units_per_event = Some(v),
                Field::CounterfactualRate => x.counterfactual_rate = Some(v),
                Field::ObservedRate => x.observed_rate = Some(v.min(x.counterfactual_rate.unwrap_or(v))),
                f => set_adj(&mut x.adjustments, *f, v),
            }
        }
        Target::Proxy(kind, row) => {
            // The central value of a proxy range is never zero (such ranges are refused). Rows
            // other than the central one take their value × drawn ÷ central: refused here where
            // that ratio is too large (it cannot be where the central value is at least 1).
            if crate::arith::cmp(&a.central.abs(), &Decimal::ONE).is_lt() && v.checked_div(a.central).is_none() {
                return Err(Error::overflow(
                    a.place(),
                    format!(
                        "{} ÷ the proxy's value {} is too large",
                        v.normalize(),
                        a.central.normalize()
                    ),
                ));
            }
            overrides.set(*kind, row, v, a.central);
        }
    }
    Ok(())
}
