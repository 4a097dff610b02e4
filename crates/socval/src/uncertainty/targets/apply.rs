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
            // The central value of a proxy range is never zero (such ranges are refused). The row
            // the range is about takes the drawn value; where the table has other variants of
            // the row (age band, region), they take their value × drawn ÷ central, the ratio
            // worked out once here.
            let factor = if a.variants {
                Some(v.checked_div(a.central).ok_or_else(|| {
                    Error::overflow(
                        a.place(),
                        format!(
                            "{} ÷ the proxy's value {} is too large",
                            v.normalize(),
                            a.central.normalize()
                        ),
                    )
                })?)
            } else {
                None
            };
            overrides.set(*kind, row, v, a.central, factor);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::engine::Overrides;
    use crate::tables::{ProxyTable, TableKind};
    use rust_decimal::Decimal;

    /// A drawn proxy value enters the row the range is about (its central value) as drawn, and
    /// each other variant of the row (age band, region) as its value × drawn ÷ central. The test
    /// fixture's `high-confidence` has £10,000.00 for everyone and £9,000.00 under 25; drawn
    /// £12,345.6789012345: everyone's row takes 12,345.6789012345 itself, the under-25 row
    /// 9,000.00 × (12,345.6789012345 ÷ 10,000.00) = 9,000 × 1.23456789012345 = 11,111.11101111105.
    #[test]
    fn a_drawn_proxy_value_is_the_central_rows_value_and_scales_its_variants() {
        let text = include_str!("../../../tests/fixtures/licensed-wellbeing.toml");
        let t = ProxyTable::from_toml_str("licensed-wellbeing.toml", text).unwrap();
        let rows: Vec<_> = t.rows.iter().filter(|r| r.id == "high-confidence").collect();
        let (central, under_25) = (rows[0], rows[1]);
        assert_eq!(
            (central.value, under_25.value),
            (Decimal::new(1_000_000, 2), Decimal::new(900_000, 2))
        );
        let drawn = Decimal::new(123_456_789_012_345, 10);
        let mut o = Overrides::default();
        let factor = drawn.checked_div(central.value);
        o.set(TableKind::Wellbeing, "high-confidence", drawn, central.value, factor);
        assert_eq!(
            o.value(TableKind::Wellbeing, central).map(|d| d.serialize()),
            Some(drawn.serialize())
        );
        assert_eq!(
            o.value(TableKind::Wellbeing, under_25),
            Some(Decimal::new(1_111_111_101_111_105, 11))
        );
        // Without the ratio given beforehand, a variant works it out itself: the same value.
        o.set(TableKind::Wellbeing, "high-confidence", drawn, central.value, None);
        assert_eq!(
            o.value(TableKind::Wellbeing, under_25),
            Some(Decimal::new(1_111_111_101_111_105, 11))
        );
        // A row of another kind, or another id, keeps its own value.
        assert_eq!(o.value(TableKind::UnitCost, central), Some(central.value));
        let other = t.rows.iter().find(|r| r.id != "high-confidence").unwrap();
        assert_eq!(o.value(TableKind::Wellbeing, other), Some(other.value));
    }

    /// A proxy range knows whether its table has other variants of the row, and so whether a draw
    /// works out drawn ÷ central: the fixture's `high-confidence` has four more (age bands,
    /// regions), the open table's `care-proceedings-court` none.
    #[test]
    fn a_proxy_range_knows_whether_its_row_has_variants() {
        let mut reg = crate::Registry::embedded().clone();
        reg.add_toml(
            "licensed-wellbeing.toml",
            include_str!("../../../tests/fixtures/licensed-wellbeing.toml"),
        )
        .unwrap();
        let s = crate::Scenario::from_toml_str(
            "records.toml",
            &format!(
                "{}\n[[ranges]]\ntarget = \"wellbeing.high-confidence\"\nlow = \"9000\"\nhigh = \"11000\"\n[[ranges]]\ntarget = \"unit_costs.care-proceedings-court\"\nlow = \"3000\"\nhigh = \"5000\"\n",
                include_str!("../../../tests/fixtures/records.toml")
            ),
        )
        .unwrap();
        let list = crate::uncertainty::assumptions(&s, &reg).unwrap();
        let variants = |target: &str| list.iter().find(|a| a.target == target).map(|a| a.variants);
        assert_eq!(variants("wellbeing.high-confidence"), Some(true));
        assert_eq!(variants("unit_costs.care-proceedings-court"), Some(false));
    }
}
