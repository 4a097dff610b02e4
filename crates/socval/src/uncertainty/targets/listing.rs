//! What a scenario can carry a range on, with a proposed range for each (for the page's editor).

use super::*;

/// A range to start from: the proxy's table range, else ±50 % around the central value, within
/// the domain.
fn proposed(cx: &Cx<'_>, res: &Resolution) -> (Decimal, Decimal) {
    if let Some(Target::Proxy(kind, row)) = res.targets.first()
        && let Some(r) = cx.proxy_row(*kind, row)
        && let (Some(lo), Some(hi)) = (r.low, r.high)
        && lo <= res.central
        && res.central <= hi
    {
        return (lo, hi);
    }
    let c = res.central;
    let half = Decimal::new(5, 1);
    let (mut low, mut high) = (
        c.checked_mul(half).unwrap_or(c),
        c.checked_mul(Decimal::ONE + half).unwrap_or(c),
    );
    if c.is_zero() {
        high = if res.unit.is_percent() {
            Decimal::new(1, 1)
        } else {
            Decimal::ONE
        };
    }
    if res.unit == Unit::Years {
        low = low.floor();
        high = high.ceil();
    }
    low = low.max(res.min);
    if let Some(m) = res.max {
        high = high.min(m);
    }
    let tidy = |d: Decimal| d.round_dp(6).normalize();
    let (low, high) = (tidy(low), tidy(high));
    (low.min(c), high.max(c))
}

fn info(cx: &Cx<'_>, path: &str, res: Resolution, covered: &[(usize, Vec<String>)]) -> TargetInfo {
    let ranged = covered
        .iter()
        .find(|(_, applies)| res.applies_to.iter().any(|p| applies.contains(p)))
        .map(|(i, _)| *i);
    TargetInfo {
        target: path.to_string(),
        group: res.group.to_string(),
        proposed: proposed(cx, &res),
        label: res.label,
        unit: res.unit,
        min: res.min,
        max: res.max,
        central: res.central,
        applies_to: res.applies_to,
        ranged,
    }
}

/// The items' assumptions each of the scenario's ranges covers (for ranges that resolve).
fn covered(cx: &Cx<'_>) -> Vec<(usize, Vec<String>)> {
    cx.scenario
        .ranges
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            cx.resolve_path(&r.target, &|| Place::top(cx.file, "target"))
                .ok()
                .map(|res| (i, res.applies_to))
        })
        .collect()
}

/// Every target a range can be put on in this scenario, with its unit, domain, label, central
/// value and a proposed range; `ranged` says which of the scenario's ranges already covers it.
/// Targets the analysis would refuse (a rate of an item given as a count, a fact of a records
/// scenario, a duration of a one-off cost, ...) are not listed.
///
/// ```
/// use socval::{template, Registry};
/// use socval::uncertainty::{targets, Unit};
/// let s = template("securing-change").unwrap().scenario().unwrap();
/// let list = targets(&s, None, Registry::embedded());
/// let dr = list.iter().find(|t| t.target == "discount_rate").unwrap();
/// assert_eq!((dr.unit, dr.central), (Unit::Rate, s.discount_rate()));
/// ```
pub fn targets(scenario: &Scenario, records: Option<&crate::records::Records>, registry: &Registry) -> Vec<TargetInfo> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    let mut paths: Vec<String> = Vec::new();
    for o in &scenario.outcomes {
        paths.push(format!("outcomes.{}.people", o.id));
        paths.push(format!("outcomes.{}.rate", o.id));
        paths.extend(
            Adjustment::ALL
                .iter()
                .map(|a| format!("outcomes.{}.{}", o.id, Field::Adjustment(*a).as_str())),
        );
    }
    for a in &scenario.avoided {
        for f in [Field::Count, Field::CounterfactualRate, Field::ObservedRate]
            .into_iter()
            .chain(Adjustment::ALL.map(Field::Adjustment))
        {
            paths.push(format!("avoided.{}.{}", a.id, f.as_str()));
        }
    }
    paths.extend((1..=scenario.costs.len()).map(|n| format!("costs.{n}.amount")));
    paths.extend(Adjustment::ALL.iter().map(|a| format!("defaults.{}", a.key())));
    paths.push("discount_rate".into());
    if !scenario.outcomes.is_empty() {
        paths.push("wellbeing_discount_rate".into());
    }
    for o in &scenario.outcomes {
        paths.push(format!("wellbeing.{}", o.proxy));
    }
    for a in &scenario.avoided {
        paths.push(format!("unit_costs.{}", a.proxy));
    }
    let mut seen = std::collections::BTreeSet::new();
    paths.retain(|p| seen.insert(p.clone()));
    let covered = covered(&cx);
    paths
        .iter()
        .filter_map(|p| {
            let res = cx.resolve_path(p, &|| Place::top(cx.file, "target")).ok()?;
            Some(info(&cx, p, res, &covered))
        })
        .collect()
}

/// One target path (a `*` target included) resolved against a scenario: its label, unit, domain,
/// central value and the items it moves; an error says why the analysis would refuse it.
pub fn describe(
    scenario: &Scenario,
    records: Option<&crate::records::Records>,
    registry: &Registry,
    path: &str,
) -> Result<TargetInfo> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    let res = cx.resolve_path(path, &|| Place::top(cx.file, "target"))?;
    Ok(info(&cx, path, res, &covered(&cx)))
}
