//! The method's version: a leaf, so that the scenario format (which records the version a file
//! was saved under) and the engine (which records it in a valuation) both take it from below.

/// The version of the method (README.md "The method in one screen") that the engine implements. A valuation
/// records it; a scenario saved under an older one is told which changes move its figures.
///
/// - 1: the first method.
/// - 2: optimism bias taken year by year; programme costs in year 0 (the default) paid up front and
///   never discounted; Green Book discounting on HM Treasury's standard and health schedules;
///   WELLBY uprating by real GDP per head where a table row asks for it.
/// - 3: every factor, line and total kept at `Decimal`'s full precision (28 significant digits),
///   where the drop-off factor and each line were kept to 10 decimal places year by year; only a
///   printed figure is rounded. A printed figure moves, by a penny, only where its exact figure
///   lies within about 10⁻¹⁰ of itself of a half penny (a scenario saved under an older method
///   is warned where that may be so). Since 2026-12-07, within method 3: a year's amount and its
///   optimism-bias haircut are added together, then to the running total (they were added one
///   after the other, so that a large haircut could cancel digits the total had already rounded
///   away, and more families could lower a total in its last digit). Only the 28th significant
///   digit of an exact total with optimism bias can move; no shipped scenario has any.
pub const METHOD_VERSION: u32 = 3;
