//! From lines to a valuation: headline figures computed exactly and rounded once, and every
//! breakdown (lines, items, agencies, years) rounded so that it adds up to its rounded total.

use super::method::method_changes;
use super::places::{Located, checked};
use super::value::Ctx;
use super::working;
use crate::arith;
use crate::discount::Discounting;
use crate::error::{Place, Result};
use crate::method_version::METHOD_VERSION;
use crate::scenario::Scenario;
use crate::tables::ProxyTable;
use crate::valuation::{
    AgencyTotal, Figures, ItemTotal, Line, LineKind, Section, TableUse, Valuation, YearAmounts, YearTotal, allocate_to,
    to_penny, to_ratio,
};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

impl Ctx<'_> {
    /// Adds an amount to its section's running total (and, for a cashable saving, to the
    /// cashable total): the totals are these sums, with or without the working.
    pub(super) fn accumulate(
        &mut self,
        place: &dyn Located,
        section: Section,
        cashable: Option<bool>,
        amount: Decimal,
    ) -> Result<()> {
        let mut add = |i: usize| -> Result<()> {
            self.acc[i] = checked(place, "total", arith::add(self.acc[i], amount))?;
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

    /// Adds one year's amount of an item, net of its optimism-bias haircut, to the running totals
    /// (one term, as `amount × (1 − h)` is: added one after the other, a large haircut cancelled
    /// digits the total had rounded away, and more families could lower it in its last digit).
    pub(super) fn accumulate_year(
        &mut self,
        place: &dyn Located,
        (section, cashable): (Section, Option<bool>),
        amount: Decimal,
        bias: Option<Decimal>,
    ) -> Result<()> {
        let term = match bias {
            Some(b) => checked(place, "optimism bias", arith::add(amount, b))?,
            None => amount,
        };
        self.accumulate(place, section, cashable, term)
    }
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

#[cfg(feature = "uncertainty")]
/// A Monte Carlo draw's five totals (social value, fiscal savings, programme cost, the two net
/// present values) from the running sums, with [`figures_of`]'s errors in its order: the combined
/// total and the net present values are the figures that can overflow (a per-family figure is a
/// division by at least one family, and ratios and break-evens are `None` where they cannot be
/// computed). The place is written only for an error.
pub(crate) fn draw(cx: &Ctx<'_>) -> Result<[Decimal; 5]> {
    let [social, fiscal, _, cost] = cx.acc;
    let need = |what: &str, v: Option<Decimal>| match v {
        Some(x) => Ok(x),
        None => checked(&Place::top(cx.file, ""), what, None),
    };
    let combined = if cx.scenario.combined_total {
        Some(need("combined total", social.checked_add(fiscal))?)
    } else {
        None
    };
    let npv_social = need("net present value", social.checked_sub(cost))?;
    let npv_fiscal = need("net present value", fiscal.checked_sub(cost))?;
    if let Some(c) = combined {
        need("net present value", c.checked_sub(cost))?;
    }
    Ok([social, fiscal, cost, npv_social, npv_fiscal])
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

/// A valuation's figures with no working (the totals-only path's result, and the base the full
/// path fills in).
fn lean(scenario: &Scenario, families: u32, from_records: bool, totals: Figures) -> Valuation {
    Valuation {
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
        levels: Vec::new(),
        evidence: Default::default(),
        min_evidence: scenario.min_evidence,
        left_out: Vec::new(),
    }
}

/// The sections, in the order the working and the totals list them.
const SECTIONS: [Section; 3] = [Section::SocialValue, Section::FiscalSavings, Section::ProgrammeCost];

/// Rounds a section's amounts to add up to its displayed figure (the cashable ones, among fiscal
/// savings, to the displayed cashable savings).
fn allocate_section(display: &Figures, section: Section, amounts: &[Decimal], cashable: &[bool]) -> Vec<Decimal> {
    let target = match section {
        Section::SocialValue => display.social_value,
        Section::FiscalSavings => display.fiscal_savings,
        Section::ProgrammeCost => display.programme_cost,
    };
    let cash_target = (section == Section::FiscalSavings).then_some(display.cashable_savings);
    allocate_split(amounts, cashable, target, cash_target)
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

pub(crate) fn finish(cx: Ctx<'_>, families: u32, from_records: bool) -> Result<Valuation> {
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
        left_out,
        ..
    } = cx;
    let place = Place::top(file, "");
    // One path for the totals: the running sums, with or without the working. The lines add up to
    // them exactly (they hold the same amounts, summed in the same order, a year's line and its
    // optimism-bias line together).
    let totals = figures_of(&place, scenario, families, acc[0], acc[1], acc[2], acc[3])?;
    if !working {
        // The uncertainty analysis needs the exact totals only.
        return Ok(lean(scenario, families, from_records, totals));
    }
    for (i, l) in lines.iter_mut().enumerate() {
        l.n = i + 1;
    }
    let display = display_of(&totals);

    // The working's lines: rounded to add up to each rounded total (and the cashable ones to the
    // rounded cashable savings); each line's text ends with its own penny figure.
    for section in SECTIONS {
        let idx: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].section == section).collect();
        let amounts: Vec<Decimal> = idx.iter().map(|&i| lines[i].amount).collect();
        let cash: Vec<bool> = idx.iter().map(|&i| lines[i].cashable == Some(true)).collect();
        for (&i, r) in idx.iter().zip(allocate_section(&display, section, &amounts, &cash)) {
            let l = &mut lines[i];
            l.rounded = r;
            working::line_total(&mut l.working, l.amount, r);
        }
    }

    // By item.
    let items = by_item(&place, &lines, &display)?;

    // By agency: the cashable and the other parts are rounded separately, so that both the
    // agencies' totals and their cashable column add up.
    let by_agency = by_agency(&place, &lines, &display)?;
    // By year.
    let (by_year, undiscounted) = by_year(&place, &lines, &display)?;

    warnings.extend(method_changes(scenario, &disc, &totals, &lines, families));
    // The evidence behind each figure, and what a minimum evidence status left out.
    let evidence = crate::evidence::split(&place, &lines, &display)?;
    if let Some(min) = scenario.min_evidence {
        warnings.push(crate::evidence::left_out_note(min, &left_out));
    }
    Ok(Valuation {
        scenario: scenario.name.clone(),
        engine: format!("socval {}", env!("CARGO_PKG_VERSION")),
        tables: tables_used(wellbeing, unit_costs, deflators, gdp_per_head),
        display,
        fiscal_savings_undiscounted: undiscounted,
        by_agency,
        by_year,
        items,
        lines,
        warnings,
        levels: scenario
            .chosen_levels()
            .into_iter()
            .map(|l| format!("{}/{}", crate::levels::LEVELS_VERSION, l.id))
            .collect(),
        evidence,
        left_out,
        ..lean(scenario, families, from_records, totals)
    })
}

/// The figures by item, each section's rounded to add up to its displayed figure (and the
/// cashable items to the displayed cashable savings); each age band and region counts its people
/// or events once.
fn by_item(place: &Place, lines: &[Line], display: &Figures) -> Result<Vec<ItemTotal>> {
    let mut items: Vec<ItemTotal> = Vec::new();
    let mut item_cash: Vec<bool> = Vec::new();
    let mut counted: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for l in lines {
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
        it.amount = checked(place, "item total", it.amount.checked_add(l.amount))?;
        // Each age band and region of an item counts its people or events once.
        if l.kind != LineKind::OptimismBias && counted.insert((&l.item, &l.age_band, &l.region)) {
            it.quantity = checked(place, "item quantity", it.quantity.checked_add(l.quantity))?;
        }
    }
    for section in SECTIONS {
        let idx: Vec<usize> = (0..items.len()).filter(|&i| items[i].section == section).collect();
        let amounts: Vec<Decimal> = idx.iter().map(|&i| items[i].amount).collect();
        let cash: Vec<bool> = idx.iter().map(|&i| item_cash[i]).collect();
        for (&i, r) in idx.iter().zip(allocate_section(display, section, &amounts, &cash)) {
            items[i].rounded = r;
        }
    }
    Ok(items)
}

/// The fiscal savings by agency: the cashable and the other parts rounded separately, so that
/// both the agencies' totals and their cashable column add up to the displayed figures.
fn by_agency(place: &Place, lines: &[Line], display: &Figures) -> Result<Vec<AgencyTotal>> {
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
        e.amount = checked(place, "total by agency", e.amount.checked_add(l.amount))?;
        if l.cashable == Some(true) {
            e.cashable = checked(place, "total by agency", e.cashable.checked_add(l.amount))?;
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
    Ok(by_agency)
}

/// The figures by year, each column rounded to add up to its displayed figure, and the exact
/// undiscounted fiscal savings.
fn by_year(place: &Place, lines: &[Line], display: &Figures) -> Result<(Vec<YearTotal>, Decimal)> {
    let mut years: BTreeMap<u32, YearTotal> = BTreeMap::new();
    let mut undiscounted = Decimal::ZERO;
    for l in lines {
        let e = years.entry(l.year).or_insert(YearTotal {
            year: l.year,
            social_value: Decimal::ZERO,
            fiscal_savings: Decimal::ZERO,
            fiscal_savings_undiscounted: Decimal::ZERO,
            programme_cost: Decimal::ZERO,
            rounded: YearAmounts::default(),
        });
        let add = |a: Decimal, b: Decimal| checked(place, "total by year", a.checked_add(b));
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
    Ok((by_year, undiscounted))
}

/// The tables a valuation used, each with its role (and an overlay's base table after it).
fn tables_used(
    wellbeing: &ProxyTable,
    unit_costs: &ProxyTable,
    deflators: &ProxyTable,
    gdp_per_head: Option<&ProxyTable>,
) -> Vec<TableUse> {
    [
        ("wellbeing", Some(wellbeing)),
        ("unit_costs", Some(unit_costs)),
        ("deflators", Some(deflators)),
        ("gdp_per_head", gdp_per_head),
    ]
    .into_iter()
    .filter_map(|(role, t)| t.map(|t| (role, t)))
    .flat_map(|(role, t)| {
        let base = t.overlay.as_ref().map(|o| {
            let (id, version) = o.base.split_once('@').unwrap_or((o.base.as_str(), ""));
            TableUse {
                role: format!("{role} (base of {})", t.reference()),
                id: id.into(),
                version: version.into(),
                sha256: o.base_sha256.clone(),
                overlays: None,
                base_of: Some(t.reference()),
            }
        });
        std::iter::once(TableUse {
            role: role.into(),
            id: t.id.clone(),
            version: t.version.clone(),
            sha256: t.sha256.clone(),
            overlays: t.overlay.as_ref().map(|o| o.base.clone()),
            base_of: None,
        })
        .chain(base)
    })
    .collect()
}
