//! The programme costs' arithmetic: each cost in its year, rebased and discounted.

use super::places::{CostAt, FieldOf, checked};
use super::value::Ctx;
use super::working;
use crate::error::Result;
use crate::tables::AgeBand;
use crate::valuation::{Line, LineKind, Section};
use rust_decimal::Decimal;

impl Ctx<'_> {
    /// Values the programme costs: each in its year (0 = up front, never discounted), rebased from
    /// its price year.
    pub(crate) fn value_costs(&mut self) -> Result<()> {
        for (ci, c) in self.scenario.costs.iter().enumerate() {
            let place = CostAt {
                file: self.file,
                index: ci,
                label: &c.label,
            };
            let py = c.price_year.unwrap_or(self.scenario.price_year);
            let rebase = self.rebase(&FieldOf(&place, "price_year"), py)?;
            // A cost that gives no year is paid up front (year 0), never discounted.
            let year = c.year.unwrap_or(0);
            let gross = checked(&place, "cost", c.amount.checked_mul(rebase))?;
            let growth = self.discount(&place, false, year)?;
            let amount = checked(&place, "cost", gross.checked_div(growth))?;
            self.accumulate(&place, Section::ProgrammeCost, None, amount)?;
            if !self.working {
                continue;
            }
            let working = working::cost(c.amount, rebase, year, &self.disc.describe(false, year));
            self.lines.push(Line {
                n: 0,
                section: Section::ProgrammeCost,
                kind: LineKind::Cost,
                item: format!("cost-{}", ci + 1),
                label: c.label.clone(),
                table: None,
                row: None,
                source: if c.source.is_empty() {
                    None
                } else {
                    Some(c.source.clone())
                },
                url: None,
                assumption: false,
                evidence: None,
                confidence: None,
                rests_on: None,
                age_band: AgeBand::All.as_str().into(),
                region: self.scenario.region.as_str().into(),
                agency: None,
                cashable: None,
                price_year: py,
                unit_value: c.amount,
                rebase,
                uprating: None,
                quantity: Decimal::ONE,
                gross,
                deadweight: Decimal::ZERO,
                attribution: Decimal::ZERO,
                displacement: Decimal::ZERO,
                drop_off: Decimal::ZERO,
                year,
                persistence: Decimal::ONE,
                discounting: self.disc.standard.name(),
                discount_factor: checked(&place, "discount factor", Decimal::ONE.checked_div(growth))?,
                undiscounted: gross,
                amount,
                rounded: Decimal::ZERO,
                working,
            });
        }
        Ok(())
    }
}
