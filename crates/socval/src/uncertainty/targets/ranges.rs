//! Checking a scenario's ranges and settings: every bad range at once, each with its row.

use super::*;

/// Checks the `[uncertainty]` settings.
fn check_settings(file: &str, s: &Settings) -> Result<()> {
    let place = |f: &str| Place::new(file, Location::section("uncertainty"), f);
    if let Some(d) = s.draws
        && (d == 0 || d > MAX_DRAWS)
    {
        return Err(Error::invalid(
            place("draws"),
            format!("draws must be 1 to {MAX_DRAWS}"),
        ));
    }
    if let Some(b) = s.bins
        && (b == 0 || b > MAX_BINS)
    {
        return Err(Error::invalid(place("bins"), format!("bins must be 1 to {MAX_BINS}")));
    }
    if let Some(ps) = &s.percentiles {
        if ps.is_empty() || ps.len() > 99 {
            return Err(Error::invalid(place("percentiles"), "give 1 to 99 percentiles"));
        }
        for p in ps {
            if *p < Decimal::ZERO || *p > Decimal::ONE {
                return Err(Error::invalid(
                    place("percentiles"),
                    format!("{p} is not a probability in 0–1"),
                ));
            }
        }
    }
    Ok(())
}

/// Every range of the scenario, each checked on its own and against the earlier ones (two ranges
/// that move one assumption are refused, whichever comes first), then the tables' ranges of the
/// proxies the scenario uses. Returns the assumptions and every error, in order.
fn collect(cx: &Cx<'_>) -> (Vec<Assumption>, Vec<RangeError>) {
    let mut out: Vec<Assumption> = Vec::new();
    let mut errors = Vec::new();
    let settings = cx.scenario.uncertainty.clone().unwrap_or_default();
    if let Err(e) = check_settings(cx.file, &settings) {
        errors.push(RangeError {
            index: None,
            field: e.place().field.clone(),
            error: e,
        });
    }
    for (i, r) in cx.scenario.ranges.iter().enumerate() {
        let a =
            cx.range(i, r).and_then(
                |a| match out.iter().find(|b| b.targets.iter().any(|t| a.targets.contains(t))) {
                    Some(b) => {
                        let shared: Vec<&String> = a.applies_to.iter().filter(|p| b.applies_to.contains(p)).collect();
                        Err(Error::invalid(
                            Place::new(cx.file, Location::range(i, None), "target"),
                            format!(
                                "{} and {} ({}) both put a range on {}: one assumption takes one range",
                                r.target,
                                b.target,
                                b.place.location,
                                shared.first().map(|s| s.as_str()).unwrap_or(b.target.as_str())
                            ),
                        ))
                    }
                    None => Ok(a),
                },
            );
        match a {
            Ok(a) => out.push(a),
            Err(e) => errors.push(RangeError {
                index: Some(i),
                field: e.place().field.clone(),
                error: e,
            }),
        }
    }
    if settings.table_ranges.unwrap_or(true) {
        table_ranges(cx, &settings, &mut out, &mut errors);
    }
    (out, errors)
}

/// The tables' ranges of the proxies the scenario uses, the units per event of its avoided items
/// and its named levels, each unless a range of the scenario already moves that assumption.
fn table_ranges(cx: &Cx<'_>, settings: &Settings, out: &mut Vec<Assumption>, errors: &mut Vec<RangeError>) {
    let s = cx.scenario;
    let proxies = s
        .outcomes
        .iter()
        .map(|o| (TableKind::Wellbeing, &o.proxy))
        .chain(s.avoided.iter().map(|a| (TableKind::UnitCost, &a.proxy)));
    let mut seen: Vec<Target> = Vec::new();
    for (kind, row_id) in proxies {
        let target = Target::Proxy(kind, row_id.clone());
        if seen.contains(&target) || out.iter().any(|a| a.targets.contains(&target)) {
            continue;
        }
        seen.push(target.clone());
        // Ranges on ranged rows only, and never on a proxy worth nothing (nothing to scale).
        let Some(row) = cx.proxy_row(kind, row_id) else {
            continue;
        };
        let (Some(low), Some(high)) = (row.low, row.high) else {
            continue;
        };
        if row.value <= Decimal::ZERO || low > row.value || high < row.value || low < Decimal::ZERO {
            continue;
        }
        let path = RangeTarget::Proxy {
            table: kind,
            row: row_id.clone(),
        }
        .to_string();
        let note = format!(
            "low and high of {} in {}",
            row_id,
            cx.table(kind).map(|t| t.reference()).unwrap_or_default()
        );
        match table_range(cx, &path, (low, high), settings, note) {
            Ok(Some(a)) => out.push(a),
            Ok(None) => {}
            Err(e) => errors.push(RangeError {
                index: None,
                field: e.place().field.clone(),
                error: e,
            }),
        }
    }
    // Units per event (legally aided parties per set of proceedings): the row's low and high,
    // for each avoided item that does not set its own.
    for a in &s.avoided {
        if a.units_per_event.is_some() {
            continue;
        }
        let Some(u) = cx
            .proxy_row(TableKind::UnitCost, &a.proxy)
            .and_then(|r| r.units_per_event.clone())
        else {
            continue;
        };
        let (Some(low), Some(high)) = (u.low, u.high) else {
            continue;
        };
        let path = format!("avoided.{}.units_per_event", a.id);
        if out.iter().any(|x| x.target == path) {
            continue;
        }
        let note = format!(
            "low and high units per event of {} in {}",
            a.proxy,
            cx.table(TableKind::UnitCost).map(|t| t.reference()).unwrap_or_default()
        );
        if let Ok(Some(x)) = table_range(cx, &path, (low, high), settings, note) {
            out.push(x);
        }
    }
    // Named levels (`deadweight_level`): the level's low and high, on the default or the item
    // that chooses it, unless a range of the scenario already moves that assumption.
    let dw = crate::adjust::Adjustment::Deadweight;
    let chosen = dw
        .level(&s.defaults)
        .map(|l| ("defaults.deadweight".to_string(), l))
        .into_iter()
        .chain(s.outcomes.iter().filter_map(|o| {
            dw.level(&o.adjustments)
                .map(|l| (format!("outcomes.{}.deadweight", o.id), l))
        }))
        .chain(s.avoided.iter().filter_map(|a| {
            dw.level(&a.adjustments)
                .map(|l| (format!("avoided.{}.deadweight", a.id), l))
        }));
    for (path, level) in chosen {
        let place = || Place::new(cx.file, Location::TableRange { target: path.clone() }, "");
        let Ok(res) = cx.resolve_path(&path, &place) else {
            continue;
        };
        if out.iter().any(|a| a.targets.iter().any(|t| res.targets.contains(t))) {
            continue;
        }
        let note = format!(
            "low and high of the named level {} in {} ({})",
            level.id,
            crate::levels::LEVELS_VERSION,
            level.range_basis
        );
        if let Ok(Some(x)) = table_range(cx, &path, (level.low, level.high), settings, note) {
            out.push(x);
        }
    }
}

/// The assumption a table's low and high put on `path`, or none when the target does not resolve
/// or its central value lies outside them; an error when drawing the high end could overflow.
fn table_range(
    cx: &Cx<'_>,
    path: &str,
    (low, high): (Decimal, Decimal),
    settings: &Settings,
    note: String,
) -> Result<Option<Assumption>> {
    let location = Location::TableRange {
        target: path.to_string(),
    };
    let Ok(res) = cx.resolve_path(path, &|| Place::new(cx.file, location.clone(), "")) else {
        return Ok(None);
    };
    if low > res.central || high < res.central {
        return Ok(None);
    }
    cx.check_factor(&res, high, &|| Place::new(cx.file, location.clone(), "high"))?;
    Ok(Some(Assumption::new(
        path.to_string(),
        res,
        (low, high),
        settings.table_distribution.unwrap_or_default(),
        "table",
        note,
        Place::new(cx.file, location, ""),
    )))
}

/// The assumptions, or the first error.
pub(in crate::uncertainty) fn assumptions_of(cx: &Cx<'_>) -> Result<Vec<Assumption>> {
    let (list, errors) = collect(cx);
    match errors.into_iter().next() {
        Some(e) => Err(e.error),
        None => Ok(list),
    }
}

/// Checks every range and the `[uncertainty]` settings at once: every refused range with its
/// index, each with the error the analysis would give. Empty when the analysis accepts them all.
pub fn check_ranges(
    scenario: &Scenario,
    records: Option<&crate::records::Records>,
    registry: &Registry,
) -> Vec<RangeError> {
    let cx = Cx {
        file: "scenario",
        scenario,
        registry,
        records: records.is_some(),
    };
    collect(&cx).1
}
