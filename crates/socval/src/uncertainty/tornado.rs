//! One-at-a-time sensitivity: each assumption at its low and at its high, the others central.

use super::{Bar, Prepared, Tornado, Total};
use crate::error::{Error, Result};
use crate::records::Records;
use crate::scenario::Scenario;
use crate::tables::Registry;
use crate::valuation::to_penny;

/// One-at-a-time sensitivity: each assumption at its low and at its high, the others central.
pub fn tornado(scenario: &Scenario, records: Option<&Records>, registry: &Registry) -> Result<Vec<Tornado>> {
    tornado_of(&Prepared::new("scenario", scenario, records, registry)?)
}

pub(super) fn tornado_of(p: &Prepared<'_>) -> Result<Vec<Tornado>> {
    let base = p.value_at(&[])?;
    let mut ends = Vec::new();
    for a in &p.list {
        let lo = p.value_at(&[(a, a.low)])?;
        let hi = p.value_at(&[(a, a.high)])?;
        ends.push((a, lo, hi));
    }
    let mut out = Vec::new();
    for total in [Total::SocialValue, Total::FiscalSavings] {
        let mut bars = Vec::new();
        for (a, lo, hi) in &ends {
            let (l, h) = (to_penny(total.of(lo)), to_penny(total.of(hi)));
            let swing = h
                .checked_sub(l)
                .map(|d| d.abs())
                .ok_or_else(|| Error::overflow(a.place(), "the swing of the total is too large"))?;
            bars.push(Bar {
                target: a.target.clone(),
                label: a.label.clone(),
                low: a.low,
                high: a.high,
                at_low: l,
                at_high: h,
                swing,
            });
        }
        bars.sort_by(|x, y| y.swing.cmp(&x.swing).then(x.target.cmp(&y.target)));
        out.push(Tornado {
            total,
            base: to_penny(total.of(&base)),
            bars,
        });
    }
    Ok(out)
}
