//! The working: every line with its proxy, source, price year and adjustments, adding up to
//! the totals shown.

use socval::{Section, Valuation};
use yew::prelude::*;

use super::Shared;

use crate::format::{money, percent};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub valuation: Shared<Valuation>,
}

// The core's labels and section titles are ASCII words: `to_ascii_lowercase` gives what
// `to_lowercase` would, without Unicode's case tables (about 10 KB gzip of the first load).
fn adjustments(l: &socval::Line) -> String {
    let mut parts = Vec::new();
    for a in socval::adjust::Adjustment::ALL {
        if let Some(v) = l.adjustment(a).filter(|v| !v.is_zero()) {
            parts.push(format!("{} {} %", a.label().to_ascii_lowercase(), percent(v)));
        }
    }
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

#[function_component(Working)]
pub fn working(p: &Props) -> Html {
    let v = &p.valuation;
    let sections = [
        (Section::SocialValue, v.display.social_value),
        (Section::FiscalSavings, v.display.fiscal_savings),
        (Section::ProgrammeCost, v.display.programme_cost),
    ];
    html! {
        <section class="working" aria-label="The working">
            <h2>{ "The working" }</h2>
            <p class="hint">{ "Each line is one year of one item, valued by the core. Rounded lines add up to the totals shown; exact amounts are kept at full precision and rounded only where printed." }</p>
            { for sections.iter().map(|(section, total)| {
                let lines: Vec<&socval::Line> = v.section_lines(*section).collect();
                html! {
                    <details open={*section != Section::ProgrammeCost} id={format!("working-{}", section_key(*section))} data-testid={format!("working-{}", section_key(*section))}>
                        <summary>{ format!("{}: {} ({} lines)", section.title(), money(*total), lines.len()) }</summary>
                        // Focusable, so that a keyboard can scroll a table wider than the screen.
                        <div class="table-wrap" tabindex="0" role="region" aria-label={format!("Working of {}", section.title())}>
                        <table>
                            <thead><tr>
                                <th scope="col">{ "#" }</th><th scope="col">{ "Item" }</th><th scope="col">{ "Proxy and source" }</th>
                                <th scope="col">{ "Price year" }</th><th scope="col">{ "Year" }</th><th scope="col">{ "Adjustments" }</th>
                                <th scope="col">{ "Working" }</th><th scope="col" class="num">{ "Amount" }</th>
                            </tr></thead>
                            <tbody>
                                { for lines.iter().map(|l| html! {
                                    <tr>
                                        <td>{ l.n }</td>
                                        <td>{ &l.label }</td>
                                        <td class="source">
                                            { match (&l.table, &l.row) { (Some(t), Some(r)) => format!("{t} · {r}"), _ => String::new() } }
                                            if let Some(a) = &l.agency { <br/>{ format!("Agency: {}{}", socval::agency_name(a), if l.cashable == Some(true) { " (cashable)" } else { "" }) } }
                                            if let Some(s) = &l.source { <br/><span class="cite">{ s }</span> }
                                            if let Some(u) = &l.url { <br/><a href={u.clone()} rel="noreferrer noopener" target="_blank">{ "source" }</a> }
                                            if let Some(e) = l.evidence { <br/><em>{ format!("evidence: {e}{}", l.confidence.map(|c| format!(", grade {c}")).unwrap_or_default()) }</em> }
                                        </td>
                                        <td>{ l.price_year }</td>
                                        <td>{ l.year }</td>
                                        <td>{ adjustments(l) }</td>
                                        <td class="formula">{ &l.working }</td>
                                        <td class="num">{ money(l.rounded) }</td>
                                    </tr>
                                }) }
                            </tbody>
                            <tfoot><tr><th scope="row" colspan="7">{ format!("Total {}", section.title().to_ascii_lowercase()) }</th>
                                <td class="num" data-testid={format!("working-{}-total", section_key(*section))}>{ money(*total) }</td></tr></tfoot>
                        </table>
                        </div>
                    </details>
                }
            }) }
            <p class="tables">{ "Tables: " }{ v.tables.iter().map(|t| format!("{}@{} (sha256 {}…)", t.id, t.version, &t.sha256[..t.sha256.len().min(12)])).collect::<Vec<_>>().join("; ") }</p>
        </section>
    }
}

fn section_key(s: Section) -> &'static str {
    match s {
        Section::SocialValue => "social-value",
        Section::FiscalSavings => "fiscal-savings",
        Section::ProgrammeCost => "programme-cost",
    }
}

#[cfg(test)]
mod tests {
    use socval::Section;
    use socval::adjust::Adjustment;

    /// `to_ascii_lowercase` above lowercases these as `to_lowercase` would only while they are ASCII.
    #[test]
    fn the_lowercased_labels_are_ascii() {
        for a in Adjustment::ALL {
            assert!(a.label().is_ascii(), "{}", a.label());
        }
        for s in [Section::SocialValue, Section::FiscalSavings, Section::ProgrammeCost] {
            assert!(s.title().is_ascii(), "{}", s.title());
        }
    }
}
