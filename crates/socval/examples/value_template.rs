//! Value a shipped scenario and print its headline figures and the first lines of its working.
//!
//! ```sh
//! cargo run -p socval --example value_template            # step-together
//! cargo run -p socval --example value_template securing-change
//! ```
use socval::money::format_gbp;
use socval::{Registry, Section, evaluate, template, templates};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let id = std::env::args().nth(1).unwrap_or_else(|| "step-together".into());
    let Some(template) = template(&id) else {
        let ids: Vec<&str> = templates().iter().map(|t| t.id).collect();
        return Err(format!("no shipped scenario {id:?}; shipped: {}", ids.join(", ")).into());
    };
    let scenario = template.scenario()?;
    let v = evaluate(&scenario, None, Registry::embedded())?;
    println!("{} ({} families, {} prices)", v.scenario, v.families, v.price_year);
    println!("social value    {}", format_gbp(v.display.social_value));
    println!("fiscal savings  {}", format_gbp(v.display.fiscal_savings));
    println!("programme cost  {}", format_gbp(v.display.programme_cost));
    for table in &v.tables {
        println!("table {}@{} (sha256 {})", table.id, table.version, &table.sha256[..12]);
    }
    println!("fiscal savings, line by line:");
    for line in v.section_lines(Section::FiscalSavings) {
        println!("  {:>14}  {}", format_gbp(line.rounded), line.label);
    }
    Ok(())
}
