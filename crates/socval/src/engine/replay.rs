//! Where a draw's valuation takes an item's yearly amounts instead of working them out: from the
//! central valuation of the run (`replay`), or from an earlier item of the same valuation with
//! the same inputs (`reuse`, through `central::Scratch`). Each amount (net of its optimism-bias
//! haircut) is still added to the running totals in turn, so no sum moves.

use super::central::{YearsKey, same, same_opt};
use super::value::{Ctx, Item};
use crate::error::Result;
use rust_decimal::Decimal;

impl Ctx<'_> {
    /// Adds an item's yearly amounts as an earlier item of this valuation worked them out from the
    /// same inputs (`key`); false where none did.
    pub(super) fn reuse(&mut self, it: &Item<'_>, key: &YearsKey) -> Result<bool> {
        let Some(range) = self.scratch.seen(key) else {
            return Ok(false);
        };
        for k in range {
            let (amount, bias) = self.scratch.amounts[k];
            self.accumulate_year(it.place, (it.section, it.row.cashable), amount, bias)?;
        }
        Ok(true)
    }

    /// Adds an item's yearly amounts as the central valuation worked them out, where the draw
    /// left everything they depend on as it was (net value, drop-off, years, haircut,
    /// discounting); false where it did not.
    pub(super) fn replay(
        &mut self,
        it: &Item<'_>,
        net: Decimal,
        (start, slot): (u32, usize),
        haircut: Option<Decimal>,
    ) -> Result<bool> {
        let rates = self.rates;
        let Some(c) = rates.central.get(slot).and_then(Option::as_ref) else {
            return Ok(false);
        };
        if !(same(c.net, net)
            && same(c.drop_off, it.drop_off)
            && c.duration == it.adj.duration
            && c.start == start
            && same_opt(c.haircut, haircut)
            && rates.central_discounting(&self.disc))
        {
            return Ok(false);
        }
        for &(amount, bias) in &c.amounts {
            self.accumulate_year(it.place, (it.section, it.row.cashable), amount, bias)?;
        }
        Ok(true)
    }
}
