//! Draws from a range: ChaCha8 seeded with the scenario's seed, `libm` for the transcendental
//! functions, so that the same seed gives the same draws on every platform, native and wasm.
//!
//! Nothing here may change the sequence of draws: the page and the command line must keep giving
//! identical figures for the same seed.

use super::Assumption;
use crate::scenario::Distribution;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::Rng;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds to the 10 decimal places draws and break-even values are kept to.
pub(super) fn keep10(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(10, RoundingStrategy::MidpointNearestEven)
}

/// A standard normal draw (Box–Muller, libm for cross-platform identical results).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = unit(rng).max(f64::MIN_POSITIVE);
    let u2 = unit(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A uniform draw in [0, 1) from 53 random bits.
fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape ≥ 1 here (PERT shapes are ≥ 1).
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / libm::sqrt(9.0 * d);
    loop {
        let x = normal(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = unit(rng);
        if u < 1.0 - 0.0331 * x * x * x * x
            || libm::log(u.max(f64::MIN_POSITIVE)) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
        {
            return d * v;
        }
    }
}

/// What [`draw`] needs of an assumption, worked out once per run rather than per draw.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    /// Low, central and high as `f64`.
    f: (f64, f64, f64),
    /// Whether the draw is always the central value (a fixed distribution, or low = high).
    fixed: bool,
    /// Low and high × 10^10, where both are whole numbers of `i64` (a scale of at most 10): a
    /// draw at 10 places (mantissa m) is below low exactly when m is below low × 10^10, so it is
    /// clamped by comparing integers, with the same result as `Decimal::clamp`.
    at10: Option<(i64, i64)>,
}

/// One draw of an assumption, within its low and high.
/// `bounds`: the assumption's figures as [`draw`] uses them ([`bounds`]), once per run.
pub(super) fn draw(rng: &mut ChaCha8Rng, a: &Assumption, bounds: &Bounds) -> Decimal {
    if bounds.fixed {
        // Consume the same amount of randomness whatever the range, so that collapsing one
        // assumption does not shift the others' draws.
        let _ = unit(rng);
        return a.central;
    }
    let (lo, c, hi) = bounds.f;
    let span = hi - lo;
    let x = match a.distribution {
        Distribution::Fixed => c,
        Distribution::Uniform => lo + unit(rng) * span,
        Distribution::Triangular => {
            let u = unit(rng);
            let fc = (c - lo) / span;
            if u < fc {
                lo + libm::sqrt(u * span * (c - lo))
            } else {
                hi - libm::sqrt((1.0 - u) * span * (hi - c))
            }
        }
        Distribution::Pert => {
            let alpha = 1.0 + 4.0 * (c - lo) / span;
            let beta = 1.0 + 4.0 * (hi - c) / span;
            let g1 = gamma(rng, alpha);
            let g2 = gamma(rng, beta);
            lo + g1 / (g1 + g2) * span
        }
    };
    // f64 → Decimal at 10 places: an integer conversion (exact, the same on every platform) where
    // the value allows, the general conversion otherwise.
    let scaled = x * 1e10;
    if scaled.is_finite() && scaled.abs() < 9.0e18 {
        // |scaled| < 9e18: the integer fits in 64 bits (the same integer as through i128).
        let m = libm::round(scaled) as i64;
        if let Some((low, high)) = bounds.at10 {
            return if m < low {
                a.low
            } else if m > high {
                a.high
            } else {
                Decimal::new(m, 10)
            };
        }
        return clamp(Decimal::new(m, 10), a);
    }
    clamp(Decimal::from_f64(x).map(keep10).unwrap_or(a.central), a)
}

/// `v` within the assumption's low and high (`Decimal::clamp`, without its panic should low
/// exceed high).
fn clamp(v: Decimal, a: &Assumption) -> Decimal {
    if v < a.low {
        a.low
    } else if v > a.high {
        a.high
    } else {
        v
    }
}

/// An assumption's figures as [`draw`] uses them.
pub(super) fn bounds(a: &Assumption) -> Bounds {
    let at10 = |d: Decimal| -> Option<i64> {
        let up = 10u32.checked_sub(d.scale())?;
        i64::try_from(d.mantissa().checked_mul(10i128.checked_pow(up)?)?).ok()
    };
    Bounds {
        f: (
            a.low.to_f64().unwrap_or(0.0),
            a.central.to_f64().unwrap_or(0.0),
            a.high.to_f64().unwrap_or(0.0),
        ),
        fixed: a.low == a.high || a.distribution == Distribution::Fixed,
        at10: at10(a.low).zip(at10(a.high)).filter(|(l, h)| l <= h),
    }
}

#[cfg(test)]
mod tests {
    use super::{Bounds, bounds, draw};
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::SeedableRng;

    /// Clamping by integers at 10 places gives what `Decimal::clamp` gives: every assumption of
    /// both shipped scenarios, drawn from `f64` bounds widened past its low and high (so that
    /// about half the draws are clamped), through both paths from one seed.
    #[test]
    fn integer_clamp_is_decimal_clamp() {
        let (mut low, mut high) = (0, 0);
        for name in ["step-together", "securing-change"] {
            let s = crate::template(name).unwrap().scenario().unwrap();
            let p = super::super::Prepared::new("scenario", &s, None, crate::Registry::embedded()).unwrap();
            for a in &p.list {
                let fast = bounds(a);
                assert!(fast.at10.is_some(), "{}", a.target);
                let span = fast.f.2 - fast.f.0;
                let wide = Bounds {
                    f: (fast.f.0 - span, fast.f.1, fast.f.2 + span),
                    ..fast
                };
                let slow = Bounds { at10: None, ..wide };
                let (mut r1, mut r2) = (ChaCha8Rng::seed_from_u64(9), ChaCha8Rng::seed_from_u64(9));
                for _ in 0..2_000 {
                    let (x, y) = (draw(&mut r1, a, &wide), draw(&mut r2, a, &slow));
                    assert_eq!(x.serialize(), y.serialize(), "{}", a.target);
                    low += usize::from(x == a.low && !fast.fixed);
                    high += usize::from(x == a.high && !fast.fixed);
                }
            }
        }
        assert!(low > 2_000 && high > 2_000, "clamped {low} low and {high} high");
    }
}
