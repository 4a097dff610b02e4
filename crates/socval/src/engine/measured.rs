//! The scenario's measured changes in life satisfaction, valued through the same arithmetic as any
//! outcome: the change on the 0–10 scale times the WELLBY row's value, per person measured.

use super::places::{self, ItemAt, Located};
use super::value::{Ctx, Resolved};
use crate::error::{Error, Location, Place, Result};
use crate::scenario::{MeasuredItem, Scenario};
use crate::tables::{AgeBand, Row};
use crate::valuation::Section;
use rust_decimal::Decimal;

/// Values the scenario's measured changes in life satisfaction: the change on the 0–10 scale times
/// the WELLBY row's value, per person measured, through the same arithmetic as any outcome (no
/// deadweight: the counterfactual change is already deducted).
pub(super) fn value_measured(
    cx: &mut Ctx<'_>,
    measured: &[(Decimal, Decimal)],
    left_out: &[(Vec<String>, u64)],
    from_records: bool,
) -> Result<()> {
    let (file, scenario, wellbeing) = (cx.file, cx.scenario, cx.wellbeing);
    if scenario.measured.is_empty() {
        return Ok(());
    }
    let cohort = Decimal::from(scenario.families) * scenario.people_per_family();
    let mut measured_people = Decimal::ZERO;
    for (mi, m) in scenario.measured.iter().enumerate() {
        let place = ItemAt::new(file, "measured", mi, &m.id);
        let region = m.region.unwrap_or(scenario.region);
        let row = wellbeing.lookup(&m.proxy, AgeBand::All, region).ok_or_else(|| {
            Error::unknown(
                place.at("proxy"),
                format!(
                    "no value {:?} in {} for all ages in region {}: name the table's WELLBY row (£ per point of life satisfaction per person-year)",
                    m.proxy,
                    wellbeing.reference(),
                    region.as_str()
                ),
            )
        })?;
        if !row.is_wellby() {
            return Err(Error::invalid(
                place.at("proxy"),
                format!(
                    "{:?} in {} is an outcome's value (unit {:?}), not the value of one point of life satisfaction: name the table's WELLBY row (unit life-satisfaction-point-person-year), e.g. proxy = \"wellby\"",
                    m.proxy,
                    wellbeing.reference(),
                    row.unit
                ),
            ));
        }
        let (n, points) = measured.get(mi).copied().unwrap_or_default();
        measured_people = places::checked(&place, "people", measured_people.checked_add(n))?;
        // The user's exchange rate makes the value an assumption (copy the row only then).
        let measured_row: std::borrow::Cow<'_, Row> = if m.exchange_rate.is_some() && !row.assumption {
            let mut r = row.clone();
            r.assumption = true;
            std::borrow::Cow::Owned(r)
        } else {
            std::borrow::Cow::Borrowed(row)
        };
        let r = Resolved::measured(scenario, mi);
        if points < Decimal::ZERO && cx.working {
            cx.warnings.push(format!(
                "measured[{mi}] ({}): life satisfaction fell against the counterfactual: its value is a loss",
                m.id
            ));
        }
        // The label is text of the working only: none is written per Monte Carlo draw.
        let label: std::borrow::Cow<'_, str> = match &m.label {
            Some(l) => std::borrow::Cow::Borrowed(l),
            None if cx.working => std::borrow::Cow::Owned(format!("Measured life satisfaction ({})", m.id)),
            None => std::borrow::Cow::Borrowed(""),
        };
        let first = cx.lines.len();
        if !points.is_zero() {
            // The quantity valued is the life-satisfaction points gained (people × change).
            cx.value_item(
                &place,
                Section::SocialValue,
                &m.id,
                &label,
                wellbeing,
                &measured_row,
                points,
                AgeBand::All,
                region,
                &r,
                (
                    m.start_year.unwrap_or(1),
                    scenario.outcomes.len() * 12 + scenario.avoided.len() + mi,
                ),
                None,
            )?;
        }
        if cx.working {
            let prefix = measured_prefix(m, n, points, from_records);
            for l in &mut cx.lines[first..] {
                l.working.insert_str(0, &prefix);
            }
            // The proxy claims left out for the people measured, on the item's first line.
            if let (Some((listed, count)), Some(l)) =
                (left_out.get(mi).filter(|(_, c)| *c > 0), cx.lines.get_mut(first))
            {
                let more = count.saturating_sub(listed.len() as u64);
                l.working.insert_str(prefix.len(), &format!(
                    "left out: the proxy claims of {} {} measured here (a measured change covers all of a person's wellbeing): {}{}; ",
                    count,
                    if *count == 1 { "person" } else { "people" },
                    listed.join("; "),
                    if more > 0 { format!("; and {more} more") } else { String::new() }
                ));
            }
        }
    }
    // A measured change covers every wellbeing proxy for the people measured: proxy outcomes may
    // be claimed only for the others (per-family records check it person by person).
    if from_records {
        return Ok(());
    }
    check_cohort(file, scenario, cohort, measured_people)
}

/// The proxy outcomes of a scenario given in aggregate are claimed only for the people not
/// measured: each outcome's people and those measured within the cohort.
fn check_cohort(file: &str, scenario: &Scenario, cohort: Decimal, measured_people: Decimal) -> Result<()> {
    for (oi, o) in scenario.outcomes.iter().enumerate() {
        let people = o.people.or_else(|| o.rate.map(|r| r * cohort)).unwrap_or_default();
        if people + measured_people > cohort {
            return Err(Error::invalid(
                Place::new(
                    file,
                    Location::outcome(oi, o.id.clone()),
                    if o.people.is_some() { "people" } else { "rate" },
                ),
                format!(
                    "{} people claimed here and {} whose life satisfaction was measured are more than the cohort's {}: a measured change already covers every wellbeing outcome of those measured, so claim proxy outcomes only for others",
                    people.normalize(),
                    measured_people.normalize(),
                    cohort.normalize()
                ),
            ));
        }
    }
    Ok(())
}

/// The start of a measured item's working: its change in life satisfaction (from the people's
/// own scores, or from the scenario's mean scores), the exchange to the WELLBY's points, and the
/// points valued.
fn measured_prefix(m: &MeasuredItem, n: Decimal, points: Decimal, from_records: bool) -> String {
    let how = match m.exchange_rate {
        Some(x) => format!(
            "× {} LS points per point (the user's exchange rate, an assumption)",
            x.normalize()
        ),
        None => format!(
            "× 11 ÷ {} levels",
            m.scale[1]
                .checked_sub(m.scale[0])
                .and_then(|w| w.checked_add(Decimal::ONE))
                .unwrap_or_default()
                .normalize()
        ),
    };
    if from_records {
        format!(
            "ΔLS from {} people's own scores, each (after − before − {} counterfactual) {how}, summed = {} life-satisfaction points; ",
            n.normalize(),
            m.counterfactual_change.normalize(),
            points.round_dp(6).normalize()
        )
    } else {
        format!(
            "ΔLS ({} − {} − {} counterfactual) {how} = {} per person × {} people = {} life-satisfaction points; ",
            m.after.unwrap_or_default().normalize(),
            m.before.unwrap_or_default().normalize(),
            m.counterfactual_change.normalize(),
            m.life_satisfaction_change().unwrap_or_default().round_dp(6).normalize(),
            n.normalize(),
            points.round_dp(6).normalize()
        )
    }
}
