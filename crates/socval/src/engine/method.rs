//! What changed between the method's versions, as warnings for a scenario saved under an older one
//! (the version itself is `crate::method_version`).

use crate::discount::Discounting;
use crate::method_version::METHOD_VERSION;
use crate::scenario::Scenario;
use crate::valuation::Section;
use rust_decimal::Decimal;

/// The changes since the scenario's method version that move its figures, as warnings. `totals`,
/// `lines`, `families`: the valuation's exact figures, its working and its families (the change
/// to full precision can move only a printed figure near a half penny).
pub(crate) fn method_changes(
    scenario: &Scenario,
    disc: &Discounting,
    totals: &crate::valuation::Figures,
    lines: &[crate::valuation::Line],
    families: u32,
) -> Vec<String> {
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
    if made < 3 {
        let near = near_half_penny_figures(totals, lines, families);
        if !near.is_empty() {
            say(format!(
                "every figure is kept at full precision where each line was kept to 10 decimal places, and the exact {} lies so near a half penny that its printed penny may have moved",
                near.join(", ")
            ));
        }
    }
    if made >= 2 {
        return out;
    }
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

/// The figures whose exact value lies so near a half penny that keeping each line to 10 places
/// (method 2) may have printed them a penny apart.
fn near_half_penny_figures(
    totals: &crate::valuation::Figures,
    lines: &[crate::valuation::Line],
    families: u32,
) -> Vec<&'static str> {
    // How far keeping each line to 10 places (method 2) could have moved each figure: per
    // line, the drop-off factor's rounding compounded over the item's years (at most `year`
    // roundings of 5 × 10⁻¹¹ on the gross value) and the line's own two roundings, doubled
    // for its optimism-bias line.
    let bound = |section: Section| -> Decimal {
        lines
            .iter()
            .filter(|l| l.section == section && l.kind != crate::valuation::LineKind::OptimismBias)
            .map(|l| {
                (l.gross.abs() * Decimal::new(5, 11))
                    .saturating_mul(Decimal::from(l.year))
                    .saturating_add(Decimal::new(1, 10))
                    .saturating_mul(Decimal::TWO)
            })
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
    };
    let (bs, bf, bc) = (
        bound(Section::SocialValue),
        bound(Section::FiscalSavings),
        bound(Section::ProgrammeCost),
    );
    let fams = Decimal::from(families.max(1));
    let t = totals;
    [
        ("social value", Some(t.social_value), bs),
        ("fiscal savings", Some(t.fiscal_savings), bf),
        ("cashable savings", Some(t.cashable_savings), bf),
        ("programme cost", Some(t.programme_cost), bc),
        ("combined value", t.combined, bs.saturating_add(bf)),
        ("social value per family", Some(t.social_value_per_family), bs / fams),
        (
            "fiscal savings per family",
            Some(t.fiscal_savings_per_family),
            bf / fams,
        ),
        ("cost per family", Some(t.cost_per_family), bc / fams),
        (
            "combined value per family",
            t.combined_per_family,
            bs.saturating_add(bf) / fams,
        ),
        ("net present value (social)", Some(t.npv_social), bs.saturating_add(bc)),
        ("net present value (fiscal)", Some(t.npv_fiscal), bf.saturating_add(bc)),
        (
            "net present value (combined)",
            t.npv_combined,
            bs.saturating_add(bf).saturating_add(bc),
        ),
    ]
    .into_iter()
    .filter_map(|(name, x, b)| x.filter(|&x| near_half_penny(x, b)).map(|_| name))
    .collect()
}

/// Whether a figure lies within `bound` of a half penny (so that keeping each line to 10 places,
/// as method 2 did, may have printed it a penny apart).
fn near_half_penny(x: Decimal, bound: Decimal) -> bool {
    let x = x.abs();
    // The distance to the nearest half penny: x less its whole pennies, less £0.005.
    let off = (x - x.trunc_with_scale(2) - Decimal::new(5, 3)).abs();
    off <= bound
}
