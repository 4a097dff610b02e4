//! The facts of records for a scenario, gathered row by row ([`gather`]): people per outcome, age
//! band and region, events per avoided item, people measured and points gained, with every
//! per-family check (exclusive groups, unknown members).

use super::rows::{Rows, field};
use crate::engine::RecordFacts;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::Scenario;
use crate::tables::{AgeBand, Region, Registry};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{Read, Seek};

/// What an item column is, for a scenario.
#[derive(Clone, Copy)]
enum Col {
    Outcome(usize),
    Avoided(usize),
    Measured(usize, bool),
}

/// The facts of records for a scenario, gathered row by row.
pub(super) fn gather<R: Read + Seek>(
    rows: &mut Rows<'_, R>,
    dedupe: bool,
    scenario: &Scenario,
    registry: &Registry,
) -> Result<RecordFacts> {
    let file = rows.file;
    let wellbeing = registry.get(&scenario.tables.wellbeing).ok_or_else(|| {
        Error::unknown(
            Place::top(file, "tables.wellbeing"),
            format!(
                "no table {:?} is loaded: name a shipped table (socval tables lists them) or load your own",
                scenario.tables.wellbeing
            ),
        )
    })?;
    // Each item column: which item it is.
    let measured_col = |c: &str| -> Option<(usize, bool)> {
        scenario.measured.iter().enumerate().find_map(|(i, m)| {
            if c.strip_suffix("_before") == Some(m.id.as_str()) {
                Some((i, true))
            } else if c.strip_suffix("_after") == Some(m.id.as_str()) {
                Some((i, false))
            } else {
                None
            }
        })
    };
    let rows_names = rows.names.clone();
    let mut ignored: Vec<String> = Vec::new();
    let mut cols: Vec<(usize, Col)> = Vec::with_capacity(rows.item_cols.len());
    for &ci in &rows.item_cols {
        let c = rows.names[ci].as_str();
        let kind = if let Some(i) = scenario.outcomes.iter().position(|o| o.id == c) {
            Col::Outcome(i)
        } else if let Some(i) = scenario.avoided.iter().position(|a| a.id == c) {
            Col::Avoided(i)
        } else if let Some((i, before)) = measured_col(c) {
            Col::Measured(i, before)
        } else {
            // A column that is no item of the scenario (a worker's name, a postcode): left out of
            // the valuation, with a warning naming it.
            ignored.push(c.to_string());
            continue;
        };
        cols.push((ci, kind));
    }
    // Each outcome's row by age band and region, looked up once: its exclusive group, if any.
    const BANDS: [AgeBand; 4] = [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50];
    const REGIONS: [Region; 3] = [Region::All, Region::London, Region::OutsideLondon];
    let band_ix = |b: AgeBand| BANDS.iter().position(|&x| x == b).unwrap_or(0);
    let region_ix = |r: Region| REGIONS.iter().position(|&x| x == r).unwrap_or(0);
    let mut group_names: Vec<&str> = Vec::new();
    // [outcome][band][region] → None: no row; Some(None): no group; Some(Some(g)).
    let mut rows_of: Vec<[[Option<Option<usize>>; 3]; 4]> = Vec::with_capacity(scenario.outcomes.len());
    for o in &scenario.outcomes {
        let mut t = [[None; 3]; 4];
        for (bi, &b) in BANDS.iter().enumerate() {
            for (ri, &r) in REGIONS.iter().enumerate() {
                t[bi][ri] = wellbeing.lookup(&o.proxy, b, r).map(|row| {
                    row.exclusive_group
                        .as_deref()
                        .map(|g| match group_names.iter().position(|&x| x == g) {
                            Some(i) => i,
                            None => {
                                group_names.push(g);
                                group_names.len() - 1
                            }
                        })
                });
            }
        }
        rows_of.push(t);
    }

    let mut counts: Vec<[[u64; 3]; 4]> = vec![[[0; 3]; 4]; scenario.outcomes.len()];
    let mut events: Vec<Decimal> = vec![Decimal::ZERO; scenario.avoided.len()];
    let mut measured: Vec<(Decimal, Decimal)> = vec![(Decimal::ZERO, Decimal::ZERO); scenario.measured.len()];
    // Per row, reused: (outcome, member) claims in cell order; (member, group, outcome) claimed;
    // (measured item, member, before, after).
    let mut claims: Vec<(usize, usize)> = Vec::new();
    let mut grouped: Vec<(usize, usize, usize)> = Vec::new();
    let mut scores: Vec<(usize, usize, Decimal, Decimal)> = Vec::new();
    let mut left_out: Vec<(Vec<String>, u64)> = vec![(Vec::new(), 0); scenario.measured.len()];
    let mut left_out_warnings: Vec<String> = Vec::new();
    let mut left_out_people: u64 = 0;
    let n = rows.each(dedupe, |row| {
        let loc = || Location::line(row.line);
        claims.clear();
        grouped.clear();
        scores.clear();
        for &(ci, kind) in &cols {
            let cell = field(row.record, ci);
            let place = || Place::new(file, loc(), rows_names[ci].as_str());
            match kind {
                Col::Measured(mi, before) => {
                    let m = &scenario.measured[mi];
                    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        // `member=score`, or a bare score for a family of one.
                        let (member, score) = match part.split_once('=') {
                            Some((n, v)) => (n.trim(), v.trim()),
                            None if row.members.len() == 1 => (row.member(0), part),
                            None => {
                                return Err(Error::invalid(
                                    place(),
                                    format!(
                                        "{part:?}: name the member whose score it is, e.g. {}={part}",
                                        row.member(0)
                                    ),
                                ));
                            }
                        };
                        let Some(mx) = row.position(member) else {
                            return Err(Error::unknown(
                                place(),
                                format!(
                                    "{member:?} is not a member of family {:?} (members: {})",
                                    row.id,
                                    row.names()
                                ),
                            ));
                        };
                        let v: Decimal = parse_count(score).map_err(|why| {
                            Error::invalid(
                                place(),
                                why.unwrap_or_else(|| format!("{score:?} is not a score: write a number on the measure's scale, e.g. 6.5")),
                            )
                        })?;
                        if v < m.scale[0] || v > m.scale[1] {
                            return Err(Error::invalid(
                                place(),
                                format!("{v} is outside the measure's scale {}–{}", m.scale[0], m.scale[1]),
                            ));
                        }
                        match scores.iter_mut().find(|e| e.0 == mi && e.1 == mx) {
                            Some(e) if (if before { e.2 } else { e.3 }) != Decimal::MIN => {
                                return Err(Error::invalid(
                                    place(),
                                    format!(
                                        "{member:?} is listed twice in this cell: give each member's score once (e.g. {member}={score})"
                                    ),
                                ));
                            }
                            Some(e) if before => e.2 = v,
                            Some(e) => e.3 = v,
                            // Before and after are paired below: a missing one is refused there.
                            None if before => scores.push((mi, mx, v, Decimal::MIN)),
                            None => scores.push((mi, mx, Decimal::MIN, v)),
                        }
                    }
                }
                Col::Outcome(oi) => {
                    let keyword = is_keyword(cell);
                    if keyword.is_some()
                        && let Some(m) = (0..row.members.len()).find(|&i| row.member(i).eq_ignore_ascii_case(cell))
                    {
                        let name = row.member(m);
                        return Err(Error::invalid(
                            place(),
                            format!(
                                "{cell:?} is both a keyword (1/yes/y/true: the first member; 0/no/n/false: nobody) and the name of member {name:?} of family {:?}: rename the member (e.g. \"{name}-1\") so the cell means one thing",
                                row.id
                            ),
                        ));
                    }
                    match keyword {
                        Some(false) => {}
                        Some(true) => claims.push((oi, 0)),
                        None => {
                            let from = claims.len();
                            for name in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                                let Some(i) = row.position(name) else {
                                    return Err(Error::unknown(
                                        place(),
                                        format!(
                                            "{name:?} is not a member of family {:?} (members: {})",
                                            row.id,
                                            row.names()
                                        ),
                                    ));
                                };
                                if claims[from..].iter().any(|&(_, m)| m == i) {
                                    return Err(Error::invalid(place(), format!("{name:?} is listed twice in this cell: list each member once")));
                                }
                                claims.push((oi, i));
                            }
                        }
                    }
                }
                Col::Avoided(ai) => {
                    let n = if cell.is_empty() {
                        Decimal::ZERO
                    } else {
                        parse_count(cell).map_err(|why| {
                            Error::invalid(
                                place(),
                                why.unwrap_or_else(|| format!("{cell:?} is not a number of events: write a whole or decimal number, e.g. 1, or leave it empty for none")),
                            )
                        })?
                    };
                    if n < Decimal::ZERO {
                        return Err(Error::invalid(place(), "a count must not be negative: write 0 or leave the cell empty for none"));
                    }
                    if n > Decimal::from(1000) {
                        return Err(Error::invalid(
                            place(),
                            "more than 1000 events for one family is not plausible: check the column holds a count of events, not a cost or a date",
                        ));
                    }
                    if !n.is_zero() {
                        events[ai] += n;
                    }
                }
            }
        }
        // Each member measured has both scores (checked in the order of the items' ids).
        if let Some(&(mi, mx, b, _)) = scores
            .iter()
            .filter(|e| e.2 == Decimal::MIN || e.3 == Decimal::MIN)
            .min_by(|x, y| scenario.measured[x.0].id.cmp(&scenario.measured[y.0].id))
        {
            let id = &scenario.measured[mi].id;
            let (missing, col) = if b == Decimal::MIN {
                ("before", format!("{id}_before"))
            } else {
                ("after", format!("{id}_after"))
            };
            return Err(Error::invalid(
                Place::new(file, loc(), col),
                format!(
                    "member {:?} of family {:?} has a score {} but none {missing}: give both, or neither",
                    row.member(mx),
                    row.id,
                    if missing == "before" { "after" } else { "before" }
                ),
            ));
        }
        // A person measured: the measured change covers all of that person's wellbeing, so the
        // person's proxy claims are left out (and listed); a proxy for another member counts.
        if !scores.is_empty() && !claims.is_empty() {
            for (mx, mi) in scores
                .iter()
                .map(|e| (e.1, e.0))
                .filter(|&(mx, _)| claims.iter().any(|&(_, w)| w == mx))
                .collect::<Vec<_>>()
            {
                let mut outcomes: Vec<&str> = claims
                    .iter()
                    .filter(|&&(_, w)| w == mx)
                    .map(|&(oi, _)| scenario.outcomes[oi].id.as_str())
                    .collect();
                if outcomes.is_empty() {
                    // Listed already under another measured item of this person.
                    continue;
                }
                outcomes.sort_unstable();
                claims.retain(|&(_, w)| w != mx);
                let (listed, count) = &mut left_out[mi];
                *count += 1;
                left_out_people += 1;
                let who = format!("family {:?}, {:?}: {}", row.id, row.member(mx), outcomes.join(", "));
                if listed.len() < crate::engine::LEFT_OUT_LISTED {
                    listed.push(who);
                }
                if left_out_warnings.len() < crate::engine::LEFT_OUT_LISTED {
                    left_out_warnings.push(format!(
                        "{file}: line {}: member {:?} of family {:?} is measured in {:?} and also claimed for {}: a measured change covers all of that person's wellbeing, so those proxy claims are left out (the working lists them)",
                        row.line,
                        row.member(mx),
                        row.id,
                        scenario.measured[mi].id,
                        outcomes.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        // Outcomes in the scenario's order, person by person: exclusive groups.
        sort_claims(&mut claims);
        let region = row.region.unwrap_or(scenario.region);
        let ri = region_ix(region);
        for &(oi, m) in claims.iter() {
            let o = &scenario.outcomes[oi];
            let band = row.members[m].2;
            let bi = band_ix(band);
            let Some(group) = rows_of[oi][bi][ri] else {
                return Err(Error::unknown(
                    Place::new(file, loc(), o.id.clone()),
                    format!(
                        "{} has no value of {:?} for age band {} in region {}",
                        wellbeing.reference(),
                        o.proxy,
                        band.as_str(),
                        region.as_str()
                    ),
                ));
            };
            if let Some(g) = group {
                if let Some(&(_, _, other)) = grouped.iter().find(|e| e.0 == m && e.1 == g) {
                    return Err(Error::invalid(
                        Place::new(file, loc(), o.id.clone()),
                        format!(
                            "{:?} of family {:?} is claimed for both {:?} and {:?}, which are in exclusive group {:?}: claim one",
                            row.member(m),
                            row.id,
                            scenario.outcomes[other].id,
                            o.id,
                            group_names[g]
                        ),
                    ));
                }
                grouped.push((m, g, oi));
            }
            counts[oi][bi][ri] += 1;
        }
        // Measured changes, person by person: a person measured has no proxy outcome too.
        for (mi, m) in scenario.measured.iter().enumerate() {
            for &(_, _, before, after) in scores.iter().filter(|e| e.0 == mi) {
                let place = || Place::new(file, loc(), format!("{}_after", m.id));
                let change = m
                    .change_between(before, after)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction change is too large"))?;
                let (n, points) = &mut measured[mi];
                *n += Decimal::ONE;
                *points = points
                    .checked_add(change)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction points are too large"))?;
            }
        }
        Ok(())
    })?;

    let mut warnings: Vec<String> = Vec::new();
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|c| format!("{c:?}")).collect();
        warnings.push(format!(
            "{file}: {}: left out (map a header to an item with [records] columns, or --column)",
            if ignored.len() == 1 {
                format!("column {} is not an item of the scenario", list[0])
            } else {
                format!("columns {} are not items of the scenario", list.join(", "))
            }
        ));
    }
    warnings.append(&mut left_out_warnings);
    if left_out_people > crate::engine::LEFT_OUT_LISTED as u64 {
        warnings.push(format!(
            "{file}: {left_out_people} people measured were also claimed for proxy outcomes: all their proxy claims are left out ({} more than listed above)",
            left_out_people - crate::engine::LEFT_OUT_LISTED as u64
        ));
    }
    for m in &scenario.measured {
        let has = |suffix: &str| {
            rows.item_cols
                .iter()
                .any(|&c| rows.names[c].strip_suffix(suffix) == Some(m.id.as_str()))
        };
        let missing: Vec<String> = ["_before", "_after"]
            .into_iter()
            .filter(|s| !has(s))
            .map(|s| format!("{}{s}", m.id))
            .collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "measured item {:?} has no column {} in {file}: nobody is counted as measured (add each person's scores as member=score, e.g. mother=6)",
                m.id,
                missing.join(" or ")
            ));
        }
    }
    let families = u32::try_from(n).unwrap_or(u32::MAX);
    if families != scenario.families {
        warnings.push(format!(
            "families taken from the records: {} (the scenario says {})",
            families, scenario.families
        ));
    }
    for col in scenario
        .outcomes
        .iter()
        .map(|o| &o.id)
        .chain(scenario.avoided.iter().map(|a| &a.id))
    {
        if !rows.item_cols.iter().any(|&c| &rows.names[c] == col) {
            warnings.push(format!("item {col:?} has no column in {file}: counted as none"));
        }
    }
    let people = counts
        .iter()
        .map(|t| {
            let mut m = BTreeMap::new();
            for (bi, &b) in BANDS.iter().enumerate() {
                for (ri, &r) in REGIONS.iter().enumerate() {
                    if t[bi][ri] > 0 {
                        m.insert((b, r), Decimal::from(t[bi][ri]));
                    }
                }
            }
            m
        })
        .collect();
    Ok(RecordFacts {
        families,
        people,
        events,
        measured,
        left_out,
        warnings,
    })
}

/// `Some(true)` for 1/yes/y/true (the first member), `Some(false)` for 0/no/n/false (nobody),
/// in any case.
fn is_keyword(cell: &str) -> Option<bool> {
    let any = |ws: &[&str]| ws.iter().any(|w| w.eq_ignore_ascii_case(cell));
    if any(&["1", "yes", "y", "true"]) {
        Some(true)
    } else if any(&["0", "no", "n", "false"]) {
        Some(false)
    } else {
        None
    }
}

/// A number of events (or a score): a plain whole number read directly, anything else as a
/// decimal, exactly as written. `Err(None)`: not a number; `Err(Some(why))`: a number not read as written (a digit
/// separator, or more digits than a `Decimal` holds).
fn parse_count(cell: &str) -> std::result::Result<Decimal, Option<String>> {
    if !cell.is_empty() && cell.len() <= 9 && cell.bytes().all(|b| b.is_ascii_digit()) {
        let n = cell.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Ok(Decimal::from(n));
    }
    if cell.parse::<Decimal>().is_err() && Decimal::from_scientific(cell).is_err() {
        return Err(None);
    }
    crate::exact::parse_exact(cell).map_err(Some)
}

/// Sorts a family's claims `(outcome, member)` by outcome, stably (members stay in the order
/// their cells list them). A family has few claims: an insertion sort, with no allocation and
/// without one more compiled copy of the standard library's sort in the page; a long list goes
/// through the crate's one shared sort.
fn sort_claims(claims: &mut Vec<(usize, usize)>) {
    if claims.len() > 32 {
        crate::sort::sort_stable_by(claims, |a, b| a.0.cmp(&b.0));
        return;
    }
    for i in 1..claims.len() {
        let mut j = i;
        while j > 0 && claims[j - 1].0 > claims[j].0 {
            claims.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    /// The claims' sort gives the standard stable sort's order, short lists and long.
    #[test]
    fn claims_sort_as_the_standard_stable_sort_does() {
        for n in [0usize, 1, 2, 5, 32, 33, 200] {
            let claims: Vec<(usize, usize)> = (0..n).map(|i| ((i * 7919) % 5, i)).collect();
            let mut want = claims.clone();
            want.sort_by_key(|&(oi, _)| oi);
            let mut got = claims;
            super::sort_claims(&mut got);
            assert_eq!(got, want, "{n} claims");
        }
    }
}
