//! The facts of records for a scenario, gathered row by row ([`gather`]): people per outcome, age
//! band and region, events per avoided item, people measured and points gained, with every
//! per-family check (exclusive groups, unknown members).

use super::cells::{parts, split_at_byte, trim};
use super::rows::{Row, Rows};
use crate::engine::RecordFacts;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::Scenario;
use crate::tables::{AgeBand, ProxyTable, Region, Registry};
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

const BANDS: [AgeBand; 4] = [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50];
const REGIONS: [Region; 3] = [Region::All, Region::London, Region::OutsideLondon];

/// An outcome's wellbeing rows by `[band][region]`: `None`, no row; `Some(None)`, a row in no
/// exclusive group; `Some(Some(g))`, a row of group `g`.
type RowsOf = [[Option<Option<usize>>; 3]; 4];

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
    let (cols, ignored) = item_columns(rows, scenario);
    let mut g = Gather::new(file, scenario, wellbeing, rows.names.clone(), cols);
    let n = rows.each(dedupe, |row| g.row(row))?;
    let mut warnings = column_warnings(rows, &ignored);
    warnings.append(&mut g.left_out_warnings);
    if g.left_out_people > crate::engine::LEFT_OUT_LISTED as u64 {
        warnings.push(format!(
            "{file}: {} people measured were also claimed for proxy outcomes: all their proxy claims are left out ({} more than listed above)",
            g.left_out_people,
            g.left_out_people - crate::engine::LEFT_OUT_LISTED as u64
        ));
    }
    measured_warnings(rows, scenario, &mut warnings);
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
    let people = g
        .counts
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
        events: g.events,
        measured: g.measured,
        left_out: g.left_out,
        warnings,
    })
}

/// Each item column of the records, with which item of the scenario it is; and the columns that
/// are no item of it (a worker's name, a postcode: left out of the valuation, with a warning).
fn item_columns<R>(rows: &Rows<'_, R>, scenario: &Scenario) -> (Vec<(usize, Col)>, Vec<String>) {
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
            ignored.push(c.to_string());
            continue;
        };
        cols.push((ci, kind));
    }
    (cols, ignored)
}

/// The warning naming the columns left out, if any.
fn column_warnings<R>(rows: &Rows<'_, R>, ignored: &[String]) -> Vec<String> {
    let file = rows.file;
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
    warnings
}

/// A warning for each measured item with no `_before` or no `_after` column.
fn measured_warnings<R>(rows: &Rows<'_, R>, scenario: &Scenario, warnings: &mut Vec<String>) {
    let file = rows.file;
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
}

/// What is gathered row by row: the counts, and the per-row buffers (reused).
struct Gather<'a> {
    file: &'a str,
    scenario: &'a Scenario,
    wellbeing: &'a ProxyTable,
    names: Vec<String>,
    cols: Vec<(usize, Col)>,
    group_names: Vec<&'a str>,
    rows_of: Vec<RowsOf>,
    counts: Vec<[[u64; 3]; 4]>,
    events: Vec<Decimal>,
    measured: Vec<(Decimal, Decimal)>,
    /// Per row: (outcome, member) claims in cell order; (member, group, outcome) claimed;
    /// (measured item, member, before, after).
    claims: Vec<(usize, usize)>,
    grouped: Vec<(usize, usize, usize)>,
    scores: Vec<(usize, usize, Decimal, Decimal)>,
    left_out: Vec<(Vec<String>, u64)>,
    left_out_warnings: Vec<String>,
    left_out_people: u64,
}

impl<'a> Gather<'a> {
    fn new(
        file: &'a str,
        scenario: &'a Scenario,
        wellbeing: &'a ProxyTable,
        names: Vec<String>,
        cols: Vec<(usize, Col)>,
    ) -> Self {
        // Each outcome's row by age band and region, looked up once: its exclusive group, if any.
        let mut group_names: Vec<&str> = Vec::new();
        let mut rows_of: Vec<RowsOf> = Vec::with_capacity(scenario.outcomes.len());
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
        Gather {
            file,
            scenario,
            wellbeing,
            names,
            cols,
            group_names,
            rows_of,
            counts: vec![[[0; 3]; 4]; scenario.outcomes.len()],
            events: vec![Decimal::ZERO; scenario.avoided.len()],
            measured: vec![(Decimal::ZERO, Decimal::ZERO); scenario.measured.len()],
            claims: Vec::new(),
            grouped: Vec::new(),
            scores: Vec::new(),
            left_out: vec![(Vec::new(), 0); scenario.measured.len()],
            left_out_warnings: Vec::new(),
            left_out_people: 0,
        }
    }

    /// Where cell `ci` of `row` is, for an error.
    fn place(&self, row: &Row, ci: usize) -> Place {
        Place::new(self.file, Location::line(row.line), self.names[ci].as_str())
    }

    /// One family: its cells read and checked, then counted.
    fn row(&mut self, row: &Row) -> Result<()> {
        self.claims.clear();
        self.grouped.clear();
        self.scores.clear();
        for k in 0..self.cols.len() {
            let (ci, kind) = self.cols[k];
            let cell = row.cells.get(ci);
            match kind {
                Col::Measured(mi, before) => self.measured_cell(row, ci, mi, before, cell)?,
                Col::Outcome(oi) => self.outcome_cell(row, ci, oi, cell)?,
                Col::Avoided(ai) => self.avoided_cell(row, ci, ai, cell)?,
            }
        }
        self.check_pairs(row)?;
        // A person measured: the measured change covers all of that person's wellbeing, so the
        // person's proxy claims are left out (and listed); a proxy for another member counts.
        if !self.scores.is_empty() && !self.claims.is_empty() {
            self.leave_out_measured(row);
        }
        self.count_claims(row)?;
        self.add_measured(row)
    }

    /// A measured item's cell: `member=score` parts, or a bare score for a family of one.
    fn measured_cell(&mut self, row: &Row, ci: usize, mi: usize, before: bool, cell: &str) -> Result<()> {
        let scenario = self.scenario;
        let m = &scenario.measured[mi];
        for part in parts(cell) {
            // `member=score`, or a bare score for a family of one.
            let (member, score) = match split_at_byte(part, b'=') {
                Some((n, v)) => (trim(n), trim(v)),
                None if row.members.len() == 1 => (row.member(0), part),
                None => {
                    return Err(Error::invalid(
                        self.place(row, ci),
                        format!(
                            "{part:?}: name the member whose score it is, e.g. {}={part}",
                            row.member(0)
                        ),
                    ));
                }
            };
            let Some(mx) = row.position(member) else {
                return Err(Error::unknown(
                    self.place(row, ci),
                    format!(
                        "{member:?} is not a member of family {:?} (members: {})",
                        row.id,
                        row.names()
                    ),
                ));
            };
            let v: Decimal = parse_count(score).map_err(|why| {
                Error::invalid(
                    self.place(row, ci),
                    why.unwrap_or_else(|| {
                        format!("{score:?} is not a score: write a number on the measure's scale, e.g. 6.5")
                    }),
                )
            })?;
            if v < m.scale[0] || v > m.scale[1] {
                return Err(Error::invalid(
                    self.place(row, ci),
                    format!("{v} is outside the measure's scale {}–{}", m.scale[0], m.scale[1]),
                ));
            }
            match self.scores.iter_mut().find(|e| e.0 == mi && e.1 == mx) {
                Some(e) if (if before { e.2 } else { e.3 }) != Decimal::MIN => {
                    return Err(Error::invalid(
                        Place::new(self.file, Location::line(row.line), self.names[ci].as_str()),
                        format!(
                            "{member:?} is listed twice in this cell: give each member's score once (e.g. {member}={score})"
                        ),
                    ));
                }
                Some(e) if before => e.2 = v,
                Some(e) => e.3 = v,
                // Before and after are paired below: a missing one is refused there.
                None if before => self.scores.push((mi, mx, v, Decimal::MIN)),
                None => self.scores.push((mi, mx, Decimal::MIN, v)),
            }
        }
        Ok(())
    }

    /// An outcome's cell: the members who achieved it, or a keyword (1/yes/y/true: the first
    /// member; 0/no/n/false or empty: nobody).
    fn outcome_cell(&mut self, row: &Row, ci: usize, oi: usize, cell: &str) -> Result<()> {
        if cell.is_empty() {
            return Ok(());
        }
        let keyword = is_keyword(cell);
        if keyword.is_some()
            && let Some(m) = (0..row.members.len()).find(|&i| row.member(i).eq_ignore_ascii_case(cell))
        {
            let name = row.member(m);
            return Err(Error::invalid(
                self.place(row, ci),
                format!(
                    "{cell:?} is both a keyword (1/yes/y/true: the first member; 0/no/n/false: nobody) and the name of member {name:?} of family {:?}: rename the member (e.g. \"{name}-1\") so the cell means one thing",
                    row.id
                ),
            ));
        }
        match keyword {
            Some(false) => {}
            Some(true) => self.claims.push((oi, 0)),
            None => {
                // The usual cell names one member (it is trimmed and not empty): no list to split.
                if !cell.as_bytes().contains(&b';')
                    && let Some(i) = row.position(cell)
                {
                    self.claims.push((oi, i));
                    return Ok(());
                }
                let from = self.claims.len();
                for name in parts(cell) {
                    let Some(i) = row.position(name) else {
                        return Err(Error::unknown(
                            self.place(row, ci),
                            format!(
                                "{name:?} is not a member of family {:?} (members: {})",
                                row.id,
                                row.names()
                            ),
                        ));
                    };
                    if self.claims[from..].iter().any(|&(_, m)| m == i) {
                        return Err(Error::invalid(
                            self.place(row, ci),
                            format!("{name:?} is listed twice in this cell: list each member once"),
                        ));
                    }
                    self.claims.push((oi, i));
                }
            }
        }
        Ok(())
    }

    /// An avoided item's cell: a number of events (empty for none).
    fn avoided_cell(&mut self, row: &Row, ci: usize, ai: usize, cell: &str) -> Result<()> {
        let n = if cell.is_empty() {
            Decimal::ZERO
        } else if let Some(k) = whole_number(cell) {
            // A plain whole number (the usual cell): checked as an integer, the same checks.
            if k > 1000 {
                return Err(Error::invalid(
                    self.place(row, ci),
                    "more than 1000 events for one family is not plausible: check the column holds a count of events, not a cost or a date",
                ));
            }
            if k != 0 {
                self.events[ai] += Decimal::from(k);
            }
            return Ok(());
        } else {
            parse_count(cell).map_err(|why| {
                Error::invalid(
                    self.place(row, ci),
                    why.unwrap_or_else(|| format!("{cell:?} is not a number of events: write a whole or decimal number, e.g. 1, or leave it empty for none")),
                )
            })?
        };
        if n < Decimal::ZERO {
            return Err(Error::invalid(
                self.place(row, ci),
                "a count must not be negative: write 0 or leave the cell empty for none",
            ));
        }
        if n > Decimal::from(1000) {
            return Err(Error::invalid(
                self.place(row, ci),
                "more than 1000 events for one family is not plausible: check the column holds a count of events, not a cost or a date",
            ));
        }
        if !n.is_zero() {
            self.events[ai] += n;
        }
        Ok(())
    }

    /// Each member measured has both scores (checked in the order of the items' ids).
    fn check_pairs(&self, row: &Row) -> Result<()> {
        let scenario = self.scenario;
        let Some(&(mi, mx, b, _)) = self
            .scores
            .iter()
            .filter(|e| e.2 == Decimal::MIN || e.3 == Decimal::MIN)
            .min_by(|x, y| scenario.measured[x.0].id.cmp(&scenario.measured[y.0].id))
        else {
            return Ok(());
        };
        let id = &scenario.measured[mi].id;
        let (missing, col) = if b == Decimal::MIN {
            ("before", format!("{id}_before"))
        } else {
            ("after", format!("{id}_after"))
        };
        Err(Error::invalid(
            Place::new(self.file, Location::line(row.line), col),
            format!(
                "member {:?} of family {:?} has a score {} but none {missing}: give both, or neither",
                row.member(mx),
                row.id,
                if missing == "before" { "after" } else { "before" }
            ),
        ))
    }

    /// Leaves out (and lists) the proxy claims of each person measured.
    fn leave_out_measured(&mut self, row: &Row) {
        let file = self.file;
        let scenario = self.scenario;
        for (mx, mi) in self
            .scores
            .iter()
            .map(|e| (e.1, e.0))
            .filter(|&(mx, _)| self.claims.iter().any(|&(_, w)| w == mx))
            .collect::<Vec<_>>()
        {
            let mut outcomes: Vec<&str> = self
                .claims
                .iter()
                .filter(|&&(_, w)| w == mx)
                .map(|&(oi, _)| scenario.outcomes[oi].id.as_str())
                .collect();
            if outcomes.is_empty() {
                // Listed already under another measured item of this person.
                continue;
            }
            outcomes.sort_unstable();
            self.claims.retain(|&(_, w)| w != mx);
            let (listed, count) = &mut self.left_out[mi];
            *count += 1;
            self.left_out_people += 1;
            let who = format!("family {:?}, {:?}: {}", row.id, row.member(mx), outcomes.join(", "));
            if listed.len() < crate::engine::LEFT_OUT_LISTED {
                listed.push(who);
            }
            if self.left_out_warnings.len() < crate::engine::LEFT_OUT_LISTED {
                self.left_out_warnings.push(format!(
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

    /// Counts the family's claims, in the scenario's order of outcomes, person by person,
    /// refusing two outcomes of one exclusive group for one person.
    fn count_claims(&mut self, row: &Row) -> Result<()> {
        let scenario = self.scenario;
        sort_claims(&mut self.claims);
        let region = row.region.unwrap_or(scenario.region);
        let ri = REGIONS.iter().position(|&x| x == region).unwrap_or(0);
        for &(oi, m) in self.claims.iter() {
            let o = &scenario.outcomes[oi];
            let band = row.members[m].2;
            let bi = BANDS.iter().position(|&x| x == band).unwrap_or(0);
            let Some(group) = self.rows_of[oi][bi][ri] else {
                return Err(Error::unknown(
                    Place::new(self.file, Location::line(row.line), o.id.clone()),
                    format!(
                        "{} has no value of {:?} for age band {} in region {}",
                        self.wellbeing.reference(),
                        o.proxy,
                        band.as_str(),
                        region.as_str()
                    ),
                ));
            };
            if let Some(g) = group {
                if let Some(&(_, _, other)) = self.grouped.iter().find(|e| e.0 == m && e.1 == g) {
                    return Err(Error::invalid(
                        Place::new(self.file, Location::line(row.line), o.id.clone()),
                        format!(
                            "{:?} of family {:?} is claimed for both {:?} and {:?}, which are in exclusive group {:?}: claim one",
                            row.member(m),
                            row.id,
                            scenario.outcomes[other].id,
                            o.id,
                            self.group_names[g]
                        ),
                    ));
                }
                self.grouped.push((m, g, oi));
            }
            self.counts[oi][bi][ri] += 1;
        }
        Ok(())
    }

    /// Measured changes, person by person: a person measured has no proxy outcome too.
    fn add_measured(&mut self, row: &Row) -> Result<()> {
        for (mi, m) in self.scenario.measured.iter().enumerate() {
            for &(_, _, before, after) in self.scores.iter().filter(|e| e.0 == mi) {
                let place = || Place::new(self.file, Location::line(row.line), format!("{}_after", m.id));
                let change = m
                    .change_between(before, after)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction change is too large"))?;
                let (n, points) = &mut self.measured[mi];
                *n += Decimal::ONE;
                *points = points
                    .checked_add(change)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction points are too large"))?;
            }
        }
        Ok(())
    }
}

/// `Some(true)` for 1/yes/y/true (the first member), `Some(false)` for 0/no/n/false (nobody),
/// in any case.
fn is_keyword(cell: &str) -> Option<bool> {
    // By length first: each length has at most one or two words to compare.
    let is = |w: &str| w.eq_ignore_ascii_case(cell);
    match cell.len() {
        1 if is("1") || is("y") => Some(true),
        1 if is("0") || is("n") => Some(false),
        2 if is("no") => Some(false),
        3 if is("yes") => Some(true),
        4 if is("true") => Some(true),
        5 if is("false") => Some(false),
        _ => None,
    }
}

/// A number of events (or a score): a plain whole number read directly, anything else as a
/// decimal, exactly as written. `Err(None)`: not a number; `Err(Some(why))`: a number not read as written (a digit
/// separator, or more digits than a `Decimal` holds).
fn parse_count(cell: &str) -> std::result::Result<Decimal, Option<String>> {
    if let Some(n) = whole_number(cell) {
        return Ok(Decimal::from(n));
    }
    if cell.parse::<Decimal>().is_err() && Decimal::from_scientific(cell).is_err() {
        return Err(None);
    }
    crate::exact::parse_exact(cell).map_err(Some)
}

/// A plain whole number of at most 9 digits, read directly.
fn whole_number(cell: &str) -> Option<u64> {
    if !cell.is_empty() && cell.len() <= 9 && cell.bytes().all(|b| b.is_ascii_digit()) {
        return Some(cell.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')));
    }
    None
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
