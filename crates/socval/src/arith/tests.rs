//! `arith::mul` and `arith::add` against `rust_decimal`'s own `checked_mul` and `checked_add`,
//! compared by `serialize()` bytes (mantissa, scale and sign) and `None`: edge tables, proptest
//! strategies weighted to the edges, engine-like operands, and (ignored, run in release) ten
//! million seeded random pairs.

use super::{add, cmp, div, mul};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// 2^96 − 1, the largest mantissa.
const MAX_M: u128 = (1 << 96) - 1;

/// The Decimal with mantissa `m` (reduced below 2^96), scale (reduced to 0..=28) and sign,
/// a negative zero included.
fn dec(m: u128, scale: u32, negative: bool) -> Decimal {
    let m = m & MAX_M;
    let mut d = Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, false, scale % 29);
    d.set_sign_negative(negative);
    d
}

/// Fails unless `mul(a, b)` is `a.checked_mul(b)` and `add(a, b)` is `a.checked_add(b)`, to the
/// byte, and `cmp(a, b)` is `a.cmp(&b)`.
fn same(a: Decimal, b: Decimal) {
    assert_eq!(cmp(&a, &b), a.cmp(&b), "{a:?} cmp {b:?}");
    let want = a.checked_mul(b).map(|d| d.serialize());
    let got = mul(a, b).map(|d| d.serialize());
    assert_eq!(
        got,
        want,
        "{a:?} * {b:?}: got {:?}, want {:?}",
        mul(a, b),
        a.checked_mul(b)
    );
    let want = a.checked_add(b).map(|d| d.serialize());
    let got = add(a, b).map(|d| d.serialize());
    assert_eq!(
        got,
        want,
        "{a:?} + {b:?}: got {:?}, want {:?}",
        add(a, b),
        a.checked_add(b)
    );
}

/// Mantissas at the edges: small, powers of two and ten and their neighbours, fives (ties), the
/// largest.
fn edge_mantissas() -> Vec<u128> {
    let mut out = vec![0, 1, 2, 3, 5, 7, 9, 10, 11, 15, 25, 49, 50, 51, 99, 125, 999_999_999];
    for k in [31u32, 32, 33, 47, 48, 63, 64, 65, 80, 95] {
        out.extend([(1u128 << k) - 1, 1 << k, (1 << k) + 1]);
    }
    for k in [9u32, 10, 14, 18, 19, 20, 27, 28] {
        let p = 10u128.pow(k);
        out.extend([p - 1, p, p + 1, p / 2, 5 * p / 2]);
    }
    out.extend([5u128.pow(20), 5u128.pow(40), 3u128.pow(60), 7u128.pow(34)]);
    out.extend([MAX_M, MAX_M - 1, MAX_M / 2, MAX_M / 10, MAX_M / 3, 281_474_976_710_656]);
    out
}

#[test]
fn arith_matches_on_every_pair_of_edge_values() {
    let ms = edge_mantissas();
    let scales = [0u32, 1, 2, 9, 14, 19, 27, 28];
    let values: Vec<Decimal> = ms
        .iter()
        .flat_map(|&m| scales.iter().map(move |&s| (m, s)))
        .flat_map(|(m, s)| [dec(m, s, false), dec(m, s, true)])
        .collect();
    for &a in &values {
        for &b in values.iter().step_by(3) {
            same(a, b);
        }
    }
}

/// × 1 and × −1 (and 1 ×, −1 ×), at scale 0 and written 1.0, against every edge value: `mul`'s
/// shortcut for a positive 1 at scale 0 gives what `checked_mul` gives.
#[test]
fn arith_mul_by_one_is_rust_decimals() {
    let ones = [Decimal::ONE, -Decimal::ONE, dec(10, 1, false), dec(1, 0, true)];
    for m in edge_mantissas() {
        for s in [0u32, 1, 9, 27, 28] {
            for v in [dec(m, s, false), dec(m, s, true)] {
                for one in ones {
                    same(v, one);
                    same(one, v);
                }
            }
        }
    }
}

#[test]
fn arith_mul_keeps_rust_decimals_quirks() {
    // Rounded to nothing in the general path: a negative zero at scale 28.
    let tiny = dec(1 << 40, 28, true);
    let got = mul(tiny, dec(1, 28, false)).unwrap();
    assert_eq!(
        got.serialize(),
        tiny.checked_mul(dec(1, 28, false)).unwrap().serialize()
    );
    assert!(got.is_zero() && got.is_sign_negative() && got.scale() == 28);
    // Both mantissas under 2^32 past scale 47: an unsigned zero at scale 0.
    let z = mul(dec(3, 28, true), dec(4, 20, false)).unwrap();
    assert!(z.is_zero() && !z.is_sign_negative() && z.scale() == 0);
    // A zero operand gives the plain zero, whatever its scale and sign.
    let z = mul(dec(0, 5, true), dec(7, 3, true)).unwrap();
    assert_eq!(z.serialize(), Decimal::ZERO.serialize());
    // Overflow is None, as rust_decimal's.
    assert_eq!(mul(Decimal::MAX, Decimal::TWO), None);
    assert_eq!(Decimal::MAX.checked_mul(Decimal::TWO), None);
    // 1.0 × 1.00 keeps the scale 3.
    assert_eq!(mul(dec(10, 1, false), dec(100, 2, false)).unwrap().to_string(), "1.000");
}

#[test]
fn arith_mul_rounds_ties_to_even_with_and_without_sticky_digits() {
    // 0.5, 1.5 and 2.5 units of 10^-28 round to 0, 2 and 2; 0.5 with a dropped 1 after it, up.
    let tenth = dec(10u128.pow(10), 11, false); // 0.1 with a mantissa over 32 bits
    let unit = |m: u128| mul(dec(m, 28, false), tenth).unwrap().to_string();
    assert_eq!(unit(5), "0.0000000000000000000000000000");
    assert_eq!(unit(15), "0.0000000000000000000000000002");
    assert_eq!(unit(25), "0.0000000000000000000000000002");
    let up = mul(dec(5_000_000_001, 28, false), dec(1, 10, false)).unwrap();
    assert_eq!(up.to_string(), "0.0000000000000000000000000001");
    for m in 0..2000u128 {
        for s in [27u32, 28] {
            same(dec(m * 5, s, false), dec(1 << 35, 28, false));
            same(dec(m * 5 + 1, s, true), dec((1 << 35) + 5, 28, false));
            same(dec(m * 25, s, false), dec(5u128.pow(30), 20, true));
        }
    }
}

#[test]
fn arith_add_keeps_rust_decimals_quirks() {
    // A zero operand gives the other as it is (scale and sign); an exact zero sum is unsigned.
    let z = add(dec(0, 7, true), dec(5, 2, true)).unwrap();
    assert_eq!(z.serialize(), dec(5, 2, true).serialize());
    let z = add(dec(5, 2, true), dec(50, 3, false)).unwrap();
    assert!(z.is_zero() && !z.is_sign_negative() && z.scale() == 3);
    // Past 96 bits at scale 28 the sum loses digits (half to even); at scale 0 it overflows.
    let big = dec(MAX_M, 28, false);
    assert_eq!(
        add(big, big).unwrap().serialize(),
        big.checked_add(big).unwrap().serialize()
    );
    assert_eq!(add(big, big).unwrap().scale(), 27);
    assert_eq!(add(Decimal::MAX, Decimal::ONE), None);
    // 7922816251426433759354395034 × 10 is 2^96 + 4; less 0.5 it falls back under 2^96, exact.
    let l = dec(7_922_816_251_426_433_759_354_395_034, 0, false);
    let got = add(l, dec(5, 1, true)).unwrap();
    assert_eq!(got.to_string(), "7922816251426433759354395033.5");
    same(l, dec(5, 1, true));
    same(dec(5, 1, true), l);
    // A difference falling back under 2^96 after the scaling: exact.
    let d = add(dec(1 << 90, 0, false), dec(1, 28, true)).unwrap();
    assert_eq!(
        d.serialize(),
        dec(1 << 90, 0, false)
            .checked_add(dec(1, 28, true))
            .unwrap()
            .serialize()
    );
}

#[test]
fn div_is_rust_decimals() {
    let a = dec(2, 0, false);
    let b = dec(3, 0, false);
    assert_eq!(
        div(a, b).map(|d| d.serialize()),
        a.checked_div(b).map(|d| d.serialize())
    );
    assert_eq!(div(a, Decimal::ZERO), None);
}

/// A mantissa weighted to the edges.
fn mantissa() -> impl Strategy<Value = u128> {
    prop_oneof![
        3 => any::<u128>().prop_map(|m| m & MAX_M),
        3 => (0u32..=96, any::<u128>()).prop_map(|(bits, m)| m & ((1u128 << bits) - 1)),
        1 => 0u128..=20,
        2 => (0u32..=28, -2i64..=2).prop_map(|(k, d)| (10u128.pow(k) as i128 + d as i128).max(0) as u128),
        1 => (0u32..=41, 0u32..=60).prop_map(|(i, j)| 5u128.pow(i).saturating_mul(2u128.pow(j.min(40)))),
        1 => (0u128..=1000).prop_map(|d| MAX_M - d),
        1 => (any::<u64>(), 0u32..=15).prop_map(|(m, k)| ((m % 1_000_000_000_000) as u128 * 10 + 5) * 10u128.pow(k)),
        1 => (any::<u32>(), 0u32..=28).prop_map(|(m, k)| m as u128 * 10u128.pow(k)),
    ]
}

/// A Decimal weighted to the edges: scales 0, 28 and neighbours often.
fn decimal() -> impl Strategy<Value = Decimal> {
    let scale = prop_oneof![2 => 0u32..=28, 1 => Just(0u32), 1 => 26u32..=28, 1 => Just(2u32)];
    (mantissa(), scale, any::<bool>()).prop_map(|(m, s, n)| dec(m, s, n))
}

/// Operands like the engine's: shares 0–1 with 2–28 digits, money with 2 decimals, `0.9^k` at
/// 28 digits, one operand ±1 or a power of ten.
fn engine_like() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (2u32..=28, any::<u128>()).prop_map(|(s, m)| dec(m % (10u128.pow(s) + 1), s, false)),
        (0u128..100_000_000_000_000, any::<bool>()).prop_map(|(m, n)| dec(m, 2, n)),
        (0usize..=60).prop_map(|k| {
            let nine = dec(9, 1, false);
            (0..k).fold(Decimal::ONE, |p, _| p.checked_mul(nine).unwrap_or(p))
        }),
        (0u32..=28, any::<bool>(), any::<bool>()).prop_map(|(k, inv, n)| if inv {
            dec(1, k, n)
        } else {
            dec(10u128.pow(k), 0, n)
        }),
        (0u32..=10, any::<bool>()).prop_map(|(s, n)| dec(10u128.pow(s), s, n)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn arith_matches_on_edge_weighted_pairs(a in decimal(), b in decimal()) {
        same(a, b);
    }

    #[test]
    fn arith_matches_on_engine_like_pairs(a in engine_like(), b in prop_oneof![engine_like(), decimal()]) {
        same(a, b);
        same(b, a);
    }

    #[test]
    fn arith_matches_near_the_largest_result(m in 1u128..=1_000_000, s in 0u32..=2, d in 0u128..=3, n in any::<bool>()) {
        // a × b just under and over Decimal::MAX: b = MAX / a ± a little.
        let a = dec(m, 0, n);
        let b = dec(MAX_M / m + d - 1.min(MAX_M / m), s, false);
        same(a, b);
        let r = dec(1u128 << 48, 0, false);
        same(r, dec((MAX_M >> 48) + d, 0, n));
    }
}

/// A small seeded generator (splitmix64), so the long loop needs no dependency.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A random Decimal: mantissa of a random bit length (or engine-like digits), random scale.
    fn decimal(&mut self) -> Decimal {
        let r = self.next();
        let m = (self.next() as u128) | ((self.next() as u128) << 64);
        let (m, s) = match r % 4 {
            0 => (m & MAX_M, ((r >> 8) % 29) as u32),
            1 => (m & ((1u128 << ((r >> 8) % 97)) - 1), ((r >> 16) % 29) as u32),
            2 => {
                let s = 2 + ((r >> 8) % 27) as u32;
                (m % (10u128.pow(s) + 1), s)
            }
            _ => (m % 10u128.pow(1 + ((r >> 8) % 14) as u32), 2),
        };
        dec(m, s, (r >> 32) & 1 == 1)
    }
}

#[test]
#[ignore = "ten million pairs: run in release (`cargo test -p socval --release -- --ignored arith`)"]
fn arith_matches_on_ten_million_seeded_pairs() {
    let mut g = Mix(0x5EED_2026_1207);
    for _ in 0..10_000_000 {
        let (a, b) = (g.decimal(), g.decimal());
        same(a, b);
    }
}

/// ns an operation of `f` over `pairs`, the best of `rounds` (each round about a millisecond, so
/// the best one ran uninterrupted on a shared machine).
fn time_op(pairs: &[(Decimal, Decimal)], rounds: usize, f: impl Fn(Decimal, Decimal) -> Option<Decimal>) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = std::time::Instant::now();
        let mut keep = 0u32;
        for &(a, b) in pairs {
            keep = keep.wrapping_add(std::hint::black_box(f(a, b)).map_or(0, |d| d.scale()));
        }
        std::hint::black_box(keep);
        best = best.min(start.elapsed().as_nanos() as f64 / pairs.len() as f64);
    }
    best
}

/// The engine's item-year arithmetic on operands like its own (a net value at full precision,
/// `0.9^k` persistence, `1.035^k` growth, the running total): ns an operation, `rust_decimal`
/// against `arith`. Run: `cargo test -p socval --release --lib -- --ignored arith_speed --nocapture`.
#[test]
#[ignore = "timing: run in release with --nocapture"]
fn arith_speed_on_engine_operands() {
    let nine = dec(9, 1, false);
    let growth_rate = dec(1035, 3, false);
    let mut muls = Vec::new();
    let mut adds = Vec::new();
    let mut g = Mix(7);
    for item in 0..200u64 {
        // A proxy in its table's prices times a rebasing factor (a ratio of deflators, 28 digits).
        let rebase = dec(u128::from(g.next() % 20_000 + 90_000), 3, false)
            .checked_div(dec(u128::from(g.next() % 20_000 + 90_000), 3, false))
            .unwrap();
        let money = dec(u128::from(g.next() % 10_000_000 + 100), 2, false)
            .checked_mul(rebase)
            .unwrap();
        let net = [
            dec(8, 1, false),
            dec(75, 2, false),
            dec(10 - u128::from(item % 3), 1, false),
        ]
        .iter()
        .fold(money, |v, f| v.checked_mul(*f).unwrap());
        let (mut p, mut growth, mut total) = (Decimal::ONE, Decimal::ONE, Decimal::ZERO);
        for _ in 0..100 {
            let undiscounted = net.checked_mul(p).unwrap();
            let amount = undiscounted.checked_div(growth).unwrap();
            muls.push((net, p));
            muls.push((amount, dec(5, 2, false)));
            adds.push((total, amount));
            total = total.checked_add(amount).unwrap();
            p = p.checked_mul(nine).unwrap();
            growth = growth.checked_mul(growth_rate).unwrap();
        }
    }
    let (rd_mul, my_mul) = (time_op(&muls, 300, |a, b| a.checked_mul(b)), time_op(&muls, 300, mul));
    let (rd_add, my_add) = (time_op(&adds, 300, |a, b| a.checked_add(b)), time_op(&adds, 300, add));
    println!(
        "mul: rust_decimal {rd_mul:.1} ns, arith {my_mul:.1} ns ({:.2}x)",
        rd_mul / my_mul
    );
    println!(
        "add: rust_decimal {rd_add:.1} ns, arith {my_add:.1} ns ({:.2}x)",
        rd_add / my_add
    );
    assert!(my_mul < rd_mul && my_add < rd_add);
}
