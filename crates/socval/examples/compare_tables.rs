//! What changes in a shipped scenario's figures between two versions of a table: the scenario as
//! written, and the same scenario with one table reference swapped.
//!
//! ```sh
//! cargo run -p socval --example compare_tables
//! cargo run -p socval --example compare_tables step-together unit-costs-open@1.0.0
//! ```
use socval::compare::compare;
use socval::money::format_gbp;
use socval::{Registry, evaluate, template, with_table};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args.next().unwrap_or_else(|| "step-together".into());
    let other = args.next().unwrap_or_else(|| "unit-costs-open@1.0.0".into());
    let template = template(&id).ok_or_else(|| format!("no shipped scenario {id:?}"))?;
    let scenario = template.scenario()?;
    let swapped = with_table(&scenario, &other).ok_or_else(|| format!("{id} uses no table with the id of {other}"))?;
    let registry = Registry::embedded();
    let a = evaluate(&scenario, None, registry)?;
    let b = evaluate(&swapped, None, registry)?;
    let c = compare(&a, &b);
    for (from, to) in &c.tables_changed {
        println!("{from} -> {to}");
    }
    for d in &c.totals {
        if d.measure == socval::compare::Measure::Money {
            println!(
                "{:<28} {:>16} {:>16} {:>16}",
                d.label,
                format_gbp(d.a),
                format_gbp(d.b),
                format_gbp(d.change)
            );
        }
    }
    Ok(())
}
