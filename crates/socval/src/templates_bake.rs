//! The shipped templates written as Rust code (`templates_baked.rs`), so that a build with the
//! `baked-templates` feature makes them without reading their JSON (the page's first module goes
//! without the JSON reader). Test-only: `templates_baked_are_current` compares the file with what
//! this writes from the JSON, and writes it with `SOCVAL_BLESS=1`.

use std::collections::BTreeMap;
use std::fmt::Write;

use rust_decimal::Decimal;

use crate::Scenario;
use crate::adjust::Adjustments;
use crate::scenario::{
    AvoidedItem, CostItem, DiscountConvention, Distribution, MeasuredItem, OutcomeItem, RangeSpec, RecordsFormat,
    Settings, TableRefs,
};
use crate::tables::{AgeBand, EvidenceStatus, Region};

/// A value written as a Rust expression that makes it again (with `templates_baked.rs`'s helpers
/// `d` and `s` in scope).
pub(crate) trait Bake {
    fn bake(&self, out: &mut String);
}

impl Bake for String {
    fn bake(&self, out: &mut String) {
        let _ = write!(out, "s({self:?})");
    }
}

impl Bake for bool {
    fn bake(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

macro_rules! bake_int {
    ($($t:ty),*) => {$(
        impl Bake for $t {
            fn bake(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
bake_int!(u32, i32, u64);

/// A decimal by its parts (mantissa and scale exactly as read: `1.50` stays `1.50`).
impl Bake for Decimal {
    fn bake(&self, out: &mut String) {
        let _ = write!(out, "d({}, {})", self.mantissa(), self.scale());
    }
}

impl<T: Bake> Bake for Option<T> {
    fn bake(&self, out: &mut String) {
        match self {
            None => out.push_str("None"),
            Some(v) => {
                out.push_str("Some(");
                v.bake(out);
                out.push(')');
            }
        }
    }
}

impl<T: Bake> Bake for Vec<T> {
    fn bake(&self, out: &mut String) {
        out.push_str("vec![");
        for v in self {
            out.push_str("\n        ");
            v.bake(out);
            out.push(',');
        }
        out.push(']');
    }
}

impl<T: Bake, const N: usize> Bake for [T; N] {
    fn bake(&self, out: &mut String) {
        out.push('[');
        for v in self {
            v.bake(out);
            out.push_str(", ");
        }
        out.push(']');
    }
}

impl<V: Bake> Bake for BTreeMap<String, V> {
    fn bake(&self, out: &mut String) {
        out.push_str("BTreeMap::from([");
        for (k, v) in self {
            out.push('(');
            k.bake(out);
            out.push_str(", ");
            v.bake(out);
            out.push_str("), ");
        }
        out.push_str("])");
    }
}

/// A fieldless enum by its variant's name (its `Debug`).
macro_rules! bake_enum {
    ($($t:ident),*) => {$(
        impl Bake for $t {
            fn bake(&self, out: &mut String) {
                let _ = write!(out, "{}::{self:?}", stringify!($t));
            }
        }
    )*};
}
bake_enum!(AgeBand, Region, EvidenceStatus, DiscountConvention, Distribution);

/// A struct, every field named (a field added to the type and not here does not compile).
macro_rules! bake_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Bake for $t {
            fn bake(&self, out: &mut String) {
                let $t { $($f),* } = self;
                out.push_str(concat!(stringify!($t), " {"));
                $(
                    out.push_str(concat!(" ", stringify!($f), ": "));
                    $f.bake(out);
                    out.push(',');
                )*
                out.push_str(" }");
            }
        }
    )*};
}

bake_struct! {
    Scenario {
        name, description, families, people_per_family, price_year, discount_rate,
        wellbeing_discount_rate, method, discount_convention, region, combined_total,
        optimism_bias, tables, defaults, costs, outcomes, avoided, measured, notes, ranges,
        uncertainty, records, min_evidence,
    }
    TableRefs { wellbeing, unit_costs, deflators, gdp_per_head, sha256 }
    Adjustments { deadweight, attribution, displacement, drop_off, duration, deadweight_level }
    OutcomeItem {
        id, proxy, label, people, rate, age_band, region, start_year, adjustments,
        net_of_counterfactual, deadweight_reason, evidence,
    }
    MeasuredItem {
        id, proxy, label, people, rate, scale, before, after, counterfactual_change,
        exchange_rate, region, start_year, adjustments, evidence,
    }
    AvoidedItem {
        id, proxy, label, count, counterfactual_rate, observed_rate, year, units_per_event,
        adjustments, net_of_counterfactual, deadweight_reason, evidence,
    }
    CostItem { label, amount, year, price_year, source }
    RangeSpec { target, low, high, distribution, note }
    Settings { seed, draws, table_ranges, table_distribution, percentiles, bins }
    RecordsFormat { delimiter, columns }
}

/// `templates_baked.rs` as it should read: one function making each shipped template, from its JSON.
fn baked_file() -> String {
    let mut out = String::from(
        "//! The shipped templates as Rust code: generated by `templates_bake.rs` from their JSON (do not\n\
         //! edit; `SOCVAL_BLESS=1 cargo test -p socval --lib templates_baked` writes it again). Compiled\n\
         //! with the `baked-templates` feature, which makes `Template::scenario` build these.\n\n\
         #![allow(unused_imports, clippy::all)]\n\n\
         use std::collections::BTreeMap;\n\n\
         use rust_decimal::Decimal;\n\n\
         use crate::adjust::Adjustments;\n\
         use crate::scenario::*;\n\
         use crate::tables::{AgeBand, EvidenceStatus, Region};\n\
         use crate::Scenario;\n\n\
         fn d(mantissa: i128, scale: u32) -> Decimal {\n    Decimal::from_i128_with_scale(mantissa, scale)\n}\n\n\
         fn s(text: &str) -> String {\n    text.to_string()\n}\n\n\
         /// The template at `index` of `TEMPLATES` (the files' order), made without reading text.\n\
         pub(crate) fn scenario(index: usize) -> Option<Scenario> {\n    match index {\n",
    );
    for i in 0..crate::templates().len() {
        let _ = writeln!(out, "        {i} => Some(template_{i}()),");
    }
    out.push_str("        _ => None,\n    }\n}\n");
    for (i, t) in crate::templates().iter().enumerate() {
        let scenario = crate::Scenario::from_json_str(t.file, t.json).expect("a shipped template reads");
        let _ = write!(
            out,
            "\n/// `scenarios/{}`.\nfn template_{i}() -> Scenario {{\n    ",
            t.file
        );
        scenario.bake(&mut out);
        out.push_str("\n}\n");
    }
    out
}

/// The baked templates are the JSON ones: the file is what `baked_file` writes from the JSON now,
/// and each baked scenario equals the one read, to the digits of each decimal (its JSON).
#[test]
fn templates_baked_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/templates_baked.rs");
    let want = baked_file();
    if std::env::var_os("SOCVAL_BLESS").is_some() {
        std::fs::write(path, &want).expect("writing templates_baked.rs");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "src/templates_baked.rs is not what the templates' JSON gives: run SOCVAL_BLESS=1 cargo test -p socval --lib templates_baked"
    );
}
