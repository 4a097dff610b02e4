//! Bar charts drawn as SVG by the page: present value by item and by year.

use socval::{Decimal, Section, Valuation};
use yew::prelude::*;

use super::Shared;

use crate::format::money;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub valuation: Shared<Valuation>,
}

fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

struct Bar {
    label: String,
    value: Decimal,
    class: &'static str,
}

fn bars(title: &str, id: &str, bars: &[Bar]) -> Html {
    let max = bars.iter().map(|b| to_f64(b.value).abs()).fold(0.0, f64::max);
    let row_h = 26.0;
    let label_w = 230.0;
    let width = 640.0;
    let plot_w = width - label_w - 110.0;
    let height = row_h * bars.len().max(1) as f64 + 8.0;
    html! {
        <figure class="chart" data-testid={id.to_string()}>
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 {width} {height}")} role="img" aria-label={title.to_string()} preserveAspectRatio="xMinYMin meet">
                { for bars.iter().enumerate().map(|(i, b)| {
                    let y = 4.0 + i as f64 * row_h;
                    let w = if max > 0.0 { to_f64(b.value).abs() / max * plot_w } else { 0.0 };
                    let label: String = if b.label.chars().count() > 34 { b.label.chars().take(33).chain(['…']).collect() } else { b.label.clone() };
                    html! {
                        <g>
                            <title>{ format!("{}: {}", b.label, money(b.value)) }</title>
                            <text x={(label_w - 6.0).to_string()} y={(y + 16.0).to_string()} text-anchor="end" class="bar-label">{ label }</text>
                            <rect x={label_w.to_string()} y={(y + 3.0).to_string()} width={format!("{w:.1}")} height={(row_h - 8.0).to_string()} class={b.class} />
                            <text x={format!("{:.1}", label_w + w + 4.0)} y={(y + 16.0).to_string()} class="bar-value">{ money(b.value) }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

#[function_component(Charts)]
pub fn charts(p: &Props) -> Html {
    let v = &p.valuation;
    let items: Vec<Bar> = v
        .items
        .iter()
        .filter(|i| i.section != Section::ProgrammeCost)
        .map(|i| Bar {
            label: i.label.clone(),
            value: i.rounded,
            class: if i.section == Section::SocialValue {
                "bar social"
            } else {
                "bar fiscal"
            },
        })
        .collect();
    let mut years = Vec::new();
    // Each year's figures as the core rounded them (they add up to the totals); year 0 holds
    // only up-front costs, which this chart does not show.
    for y in v.by_year.iter().filter(|y| y.year > 0) {
        years.push(Bar {
            label: format!("Year {}: social value", y.year),
            value: y.rounded.social_value,
            class: "bar social",
        });
        years.push(Bar {
            label: format!("Year {}: fiscal savings", y.year),
            value: y.rounded.fiscal_savings,
            class: "bar fiscal",
        });
    }
    html! {
        <section class="charts" aria-label="Charts">
            if !items.is_empty() { { bars("Present value by outcome and avoided cost", "chart-items", &items) } }
            if !years.is_empty() { { bars("Present value by year", "chart-years", &years) } }
        </section>
    }
}
