//! Faster `Decimal` multiplication and addition for the engine's hot loops, giving exactly what
//! `rust_decimal` gives. [`mul`] and [`add`] return the same `Decimal` as `a.checked_mul(b)` and
//! `a.checked_add(b)` — the same mantissa, scale and sign (so `1.0` against `1.00` and `-0`), and
//! the same `None` — for every input (`arith/tests.rs` checks them against `rust_decimal`
//! itself). Natively a product is a 192-bit integer in three `u64`s, and reducing a product or a
//! sum to 96 bits divides by constant powers of ten through precomputed reciprocals (two
//! multiplications a 64-bit word) instead of `rust_decimal`'s hardware division a 32-bit word;
//! the results are `rust_decimal`'s (half to even on the whole dropped part, its scale clamp at
//! 28, its overflow rules, its shortcuts' zeros and scales). [`div`] is `checked_div` itself (a
//! faster identical division is not done; BENCHMARKS.md, issue 26 round 3, says what it takes).
//!
//! On `wasm32` all three are thin wrappers over `checked_*`, so the page's module does not grow.

use rust_decimal::Decimal;

/// `a.checked_div(b)`: the engine's divisions go through here so a faster identical division
/// can replace it in one place.
#[inline]
pub(crate) fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// `a.checked_add(b)`, exactly (thin wrapper on `wasm32`).
#[cfg(target_arch = "wasm32")]
#[inline]
pub(crate) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
}

/// `a.checked_add(b)`, exactly, without hardware division.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub(crate) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
    native::add(a, b)
}

/// `a.checked_mul(b)`, exactly (thin wrapper on `wasm32`).
#[cfg(target_arch = "wasm32")]
#[inline]
pub(crate) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `a.checked_mul(b)`, exactly, without hardware division.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
pub(crate) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    native::mul(a, b)
}

/// `a.cmp(&b)`, exactly: the order of their values (a zero equal to a zero whatever its sign or
/// scale). Natively, two numbers at one scale compare by their signed mantissas, and at two scales
/// by the mantissa of the smaller scale times the power of ten between them where that fits 127
/// bits (it nearly always does); otherwise, and on `wasm32`, `Ord::cmp`.
#[inline]
pub(crate) fn cmp(a: &Decimal, b: &Decimal) -> core::cmp::Ordering {
    #[cfg(not(target_arch = "wasm32"))]
    {
        /// 10^k for k = 0..=28 as i128.
        const POW: [i128; 29] = {
            let mut t = [1i128; 29];
            let mut k = 1;
            while k < 29 {
                t[k] = t[k - 1] * 10;
                k += 1;
            }
            t
        };
        let (sa, sb) = (a.scale() as usize, b.scale() as usize);
        let (ma, mb) = (a.mantissa(), b.mantissa());
        let same_scale = match sa.cmp(&sb) {
            core::cmp::Ordering::Equal => Some((ma, mb)),
            core::cmp::Ordering::Less => POW.get(sb - sa).and_then(|p| ma.checked_mul(*p)).map(|x| (x, mb)),
            core::cmp::Ordering::Greater => POW.get(sa - sb).and_then(|p| mb.checked_mul(*p)).map(|y| (ma, y)),
        };
        if let Some((x, y)) = same_scale {
            return x.cmp(&y);
        }
    }
    a.cmp(b)
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use rust_decimal::Decimal;

    /// The largest scale a `Decimal` holds.
    const MAX_SCALE: u32 = 28;
    /// 2^96: the first mantissa a `Decimal` cannot hold.
    const LIMIT: u128 = 1 << 96;

    /// 10^k for k = 0..=19.
    const POW10: [u64; 20] = {
        let mut t = [1u64; 20];
        let mut k = 1;
        while k < 20 {
            t[k] = t[k - 1] * 10;
            k += 1;
        }
        t
    };

    /// For 10^k (k = 1..=19): the left shift that sets its top bit, and the Möller–Granlund
    /// reciprocal of the shifted divisor, floor((2^128 − 1) / d) − 2^64.
    const RECIP: [(u32, u64); 20] = {
        let mut t = [(0u32, 0u64); 20];
        let mut k = 1;
        while k < 20 {
            let shift = POW10[k].leading_zeros();
            let d = POW10[k] << shift;
            t[k] = (shift, (u128::MAX / d as u128 - (1u128 << 64)) as u64);
            k += 1;
        }
        t
    };

    /// Divides the two-word `(u1, u0)` by the normalised `d` (top bit set) with `u1 < d`, by the
    /// reciprocal `v` (Möller and Granlund, "Improved division by invariant integers", alg. 4).
    #[inline(always)]
    fn div_2by1(u1: u64, u0: u64, d: u64, v: u64) -> (u64, u64) {
        let q = (v as u128 * u1 as u128).wrapping_add(((u1 as u128) << 64) | u0 as u128);
        let mut q1 = ((q >> 64) as u64).wrapping_add(1);
        let q0 = q as u64;
        let mut r = u0.wrapping_sub(q1.wrapping_mul(d));
        // The first adjustment is taken about half the time: done with a mask, not a branch.
        let mask = 0u64.wrapping_sub(u64::from(r > q0));
        q1 = q1.wrapping_add(mask);
        r = r.wrapping_add(mask & d);
        if r >= d {
            q1 += 1;
            r -= d;
        }
        (q1, r)
    }

    /// The 192-bit `n` (little-endian words) divided by 10^k (k = 1..=19): quotient and remainder.
    #[inline(always)]
    fn div_pow10(n: [u64; 3], k: usize) -> ([u64; 3], u64) {
        let (shift, v) = RECIP[k];
        let d = POW10[k] << shift;
        // Shift the dividend by the divisor's shift (into four words), then divide word by word.
        let (top, w) = if shift == 0 {
            (0, n)
        } else {
            let back = 64 - shift;
            (
                n[2] >> back,
                [
                    n[0] << shift,
                    (n[1] << shift) | (n[0] >> back),
                    (n[2] << shift) | (n[1] >> back),
                ],
            )
        };
        // A dividend under 2^128 (most) leaves the top step nothing to do.
        let (q2, r) = if top == 0 && w[2] < d {
            (0, w[2])
        } else {
            div_2by1(top, w[2], d, v)
        };
        let (q1, r) = div_2by1(r, w[1], d, v);
        let (q0, r) = div_2by1(r, w[0], d, v);
        ([q0, q1, q2], r >> shift)
    }

    /// The Decimal with mantissa `m` (below 2^96), sign and scale, keeping a negative zero
    /// (as `rust_decimal`'s general multiplication does).
    #[inline(always)]
    fn build(m: u128, negative: bool, scale: u32) -> Decimal {
        let mut d = Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, false, scale);
        d.set_sign_negative(negative);
        d
    }

    /// The mantissa (unsigned), scale and sign of `d`.
    #[inline(always)]
    fn parts(d: &Decimal) -> (u128, u32, bool) {
        (d.mantissa().unsigned_abs(), d.scale(), d.is_sign_negative())
    }

    /// `a.checked_mul(b)`, reproduced.
    #[inline]
    pub(super) fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
        let (ma, sa, na) = parts(&a);
        let (mb, sb, nb) = parts(&b);
        if ma == 0 || mb == 0 {
            return Some(Decimal::ZERO);
        }
        // × 1 (a positive 1 at scale 0): the other operand as it is written (nonzero here).
        if mb == 1 && sb == 0 && !nb {
            return Some(a);
        }
        if ma == 1 && sa == 0 && !na {
            return Some(b);
        }
        let scale = sa + sb;
        let negative = na ^ nb;
        if ma >> 32 == 0 && mb >> 32 == 0 {
            return Some(mul_small(ma as u64 * mb as u64, negative, scale));
        }
        let (a0, a1) = (ma as u64, (ma >> 64) as u64);
        let (b0, b1) = (mb as u64, (mb >> 64) as u64);
        let low = a0 as u128 * b0 as u128;
        if a1 | b1 == 0 {
            if low < LIMIT && scale <= MAX_SCALE {
                return Some(build(low, negative, scale));
            }
            let (m, scale) = rescale([low as u64, (low >> 64) as u64, 0], scale)?;
            return Some(build(m, negative, scale));
        }
        // a1, b1 < 2^32, so each cross product is below 2^96 and their sum below 2^97.
        let cross = a0 as u128 * b1 as u128 + a1 as u128 * b0 as u128;
        let (lo, carry) = low.overflowing_add(cross << 64);
        let hi = (cross >> 64) as u64 + a1 * b1 + carry as u64;
        if hi == 0 && lo < LIMIT && scale <= MAX_SCALE {
            return Some(build(lo, negative, scale));
        }
        let (m, scale) = rescale([lo as u64, (lo >> 64) as u64, hi], scale)?;
        Some(build(m, negative, scale))
    }

    /// The Decimal with mantissa `m` (below 2^96), sign and scale; a zero is unsigned.
    #[inline(always)]
    fn plain(m: u128, negative: bool, scale: u32) -> Decimal {
        Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, negative, scale)
    }

    /// `a.checked_add(b)`, reproduced (`rust_decimal`'s `add_sub_internal` without subtraction).
    #[inline]
    pub(super) fn add(a: Decimal, b: Decimal) -> Option<Decimal> {
        let (m1, s1, n1) = parts(&a);
        let (m2, s2, n2) = parts(&b);
        let sub = n1 ^ n2;
        // Both mantissas in 32 bits: a zero gives the other operand as it is, and a sum whose
        // aligned operands fit 32 bits is exact.
        if m1 >> 32 == 0 && m2 >> 32 == 0 {
            if m1 == 0 {
                return Some(b);
            }
            if m2 == 0 {
                return Some(a);
            }
            let (l1, l2) = (m1 as u64, m2 as u64);
            let aligned = match s1.cmp(&s2) {
                core::cmp::Ordering::Equal => Some((l1, l2, s1)),
                core::cmp::Ordering::Greater => scale32(l2, s1 - s2).map(|r| (l1, r, s1)),
                core::cmp::Ordering::Less => scale32(l1, s2 - s1).map(|r| (r, l2, s2)),
            };
            if let Some((x, y, scale)) = aligned {
                return Some(signed_sum(x as u128, y as u128, n1, scale, sub));
            }
        }
        // Both in 64 bits and scales at most 19 apart: exact in 128 bits if it fits 96.
        if m1 >> 64 == 0 && m2 >> 64 == 0 && m1 != 0 && m2 != 0 && s1.abs_diff(s2) <= 19 {
            let (x, y, scale) = if s1 > s2 {
                (m1, m2 * POW10[(s1 - s2) as usize] as u128, s1)
            } else {
                (m1 * POW10[(s2 - s1) as usize] as u128, m2, s2)
            };
            let sum = if sub { x.abs_diff(y) } else { x + y };
            if sum < LIMIT {
                return Some(signed_sum(x, y, n1, scale, sub));
            }
        }
        if m1 == 0 {
            return Some(b);
        }
        if m2 == 0 {
            return Some(a);
        }
        if s1 == s2 {
            return aligned_add(m1, m2, n1, s1, sub);
        }
        // The operand of the smaller scale, scaled up to the other's.
        let (l, r, negative, scale, f) = if s2 > s1 {
            (m1, m2, n1, s2, s2 - s1)
        } else {
            (m2, m1, sub ^ n1, s1, s1 - s2)
        };
        let mut big = [l as u64, (l >> 64) as u64, 0];
        let mut f = f as usize;
        while f > 0 {
            let k = f.min(19);
            big = mul_word(big, POW10[k]);
            f -= k;
        }
        if big[2] == 0 && big[1] >> 32 == 0 {
            return aligned_add((big[0] as u128) | ((big[1] as u128) << 64), r, negative, scale, sub);
        }
        // Past 96 bits: the exact sum (the scaled operand is the larger), then rust_decimal's
        // rescale.
        let (r0, r1) = (r as u64, (r >> 64) as u64);
        let x = if sub {
            let (w0, b0) = big[0].overflowing_sub(r0);
            let (w1, b1) = big[1].overflowing_sub(r1);
            let (w1, b2) = w1.overflowing_sub(b0 as u64);
            [w0, w1, big[2] - (b1 | b2) as u64]
        } else {
            let (w0, c0) = big[0].overflowing_add(r0);
            let (w1, c1) = big[1].overflowing_add(r1);
            let (w1, c2) = w1.overflowing_add(c0 as u64);
            [w0, w1, big[2] + (c1 | c2) as u64]
        };
        let (m, scale) = rescale(x, scale)?;
        Some(plain(m, negative, scale))
    }

    /// `num × 10^k` where it fits 32 bits (`rust_decimal`'s `rescale32`).
    #[inline(always)]
    fn scale32(num: u64, k: u32) -> Option<u64> {
        if k > 9 {
            return None;
        }
        Some(num * POW10[k as usize]).filter(|x| x >> 32 == 0)
    }

    /// `x ± y` at `scale`, signed as `x`'s `negative` (flipped where `y` is the larger in a
    /// difference); a zero is unsigned. The sum must fit 96 bits.
    #[inline(always)]
    fn signed_sum(x: u128, y: u128, negative: bool, scale: u32, sub: bool) -> Decimal {
        if !sub {
            plain(x + y, negative, scale)
        } else if x >= y {
            plain(x - y, negative, scale)
        } else {
            plain(y - x, !negative, scale)
        }
    }

    /// `rust_decimal`'s `aligned_add`: a sum past 96 bits loses its last digit (half to even),
    /// or overflows at scale 0.
    #[inline]
    fn aligned_add(x: u128, y: u128, negative: bool, scale: u32, sub: bool) -> Option<Decimal> {
        let sum = x + y;
        if sub || sum < LIMIT {
            return Some(signed_sum(x, y, negative, scale, sub));
        }
        if scale == 0 {
            return None;
        }
        let (q, r) = div_pow10([sum as u64, (sum >> 64) as u64, 0], 1);
        let m = (q[0] as u128) | ((q[1] as u128) << 64);
        // Half to even, without a branch.
        let up = (r > 5) | ((r == 5) & (m & 1 == 1));
        Some(plain(m + u128::from(up), negative, scale - 1))
    }

    /// The 192-bit `n` times `p` (the product must fit 192 bits).
    #[inline(always)]
    fn mul_word(n: [u64; 3], p: u64) -> [u64; 3] {
        let a = n[0] as u128 * p as u128;
        let b = n[1] as u128 * p as u128 + (a >> 64);
        let c = n[2].wrapping_mul(p).wrapping_add((b >> 64) as u64);
        [a as u64, b as u64, c]
    }

    /// `rust_decimal`'s shortcut when both mantissas fit 32 bits: over scale 28 it rounds to
    /// scale 28 (half to even), or to an unsigned zero at scale 0 past 47, and a zero is unsigned.
    #[inline]
    fn mul_small(p: u64, negative: bool, scale: u32) -> Decimal {
        if scale <= MAX_SCALE {
            return Decimal::from_parts(p as u32, (p >> 32) as u32, 0, negative, scale);
        }
        if scale > MAX_SCALE + 19 {
            return Decimal::ZERO;
        }
        let power = POW10[(scale - MAX_SCALE) as usize];
        let mut q = p / power;
        let r = p - q * power;
        let half = power >> 1;
        if r >= half && (r > half || q & 1 == 1) {
            q += 1;
        }
        Decimal::from_parts(q as u32, (q >> 32) as u32, 0, negative, MAX_SCALE)
    }

    /// `rust_decimal`'s `Buf24::rescale`: the nonzero 192-bit `p` at `scale` brought to 96 bits
    /// and scale 28 at most (its mantissa and scale), or `None` on overflow.
    #[inline(never)]
    fn rescale(p: [u64; 3], scale: u32) -> Option<(u128, u32)> {
        let mut scale = scale as i32;
        // rust_decimal's first estimate of the digits to drop, from the bit length.
        let mut target = 0i32;
        let bits = if p[2] != 0 {
            192 - p[2].leading_zeros()
        } else {
            128 - p[1].leading_zeros()
        } as i32;
        if bits > 96 {
            target = (((bits - 97) * 77) >> 8) + 1;
            if target > scale {
                return None;
            }
        }
        target = target.max(scale - MAX_SCALE as i32);
        if target <= 0 {
            // Fits 96 bits at scale 28 or less (a difference that fell back below 2^96).
            return Some(((p[0] as u128) | ((p[1] as u128) << 64), scale as u32));
        }
        scale -= target;
        // Drop `target` digits (at most 29): 10^19 first if more than 19, then the rest.
        let mut k = target as usize;
        let mut n = p;
        let mut sticky = false;
        if k > 19 {
            let (q, r) = div_pow10(n, 19);
            n = q;
            sticky = r != 0;
            k -= 19;
        }
        let (mut q, mut rem) = div_pow10(n, k);
        let mut half = POW10[k] >> 1;
        loop {
            // While the quotient does not fit 96 bits, drop one digit more.
            while q[2] != 0 || q[1] >> 32 != 0 {
                if scale == 0 {
                    return None;
                }
                scale -= 1;
                sticky |= rem != 0;
                (q, rem) = div_pow10(q, 1);
                half = 5;
            }
            // Half to even on everything dropped.
            // (Added without a branch: up or down is a coin toss to the processor.)
            let up = (rem > half) | ((rem == half) & ((q[0] & 1 == 1) | sticky));
            let (w0, c) = q[0].overflowing_add(u64::from(up));
            q[0] = w0;
            q[1] += c as u64;
            if q[1] >> 32 != 0 {
                // Rounded up to 2^96: rust_decimal divides by ten once more, afresh.
                if scale == 0 {
                    return None;
                }
                scale -= 1;
                sticky = false;
                (q, rem) = div_pow10(q, 1);
                half = 5;
                continue;
            }
            break;
        }
        Some(((q[0] as u128) | ((q[1] as u128) << 64), scale as u32))
    }
}

#[cfg(test)]
mod tests;
