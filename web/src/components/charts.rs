//! Bar charts drawn as SVG by the page: present value by item and by year.

use socval::{Decimal, Section, Valuation};
use yew::prelude::*;

use super::Shared;
use super::chart::chart;

use crate::format::money;
use crate::view::{self, Label, cut, scale};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub valuation: Shared<Valuation>,
}

struct Bar {
    label: String,
    value: Decimal,
    class: &'static str,
}

/// A chart of bars from 0, each as long as its value's share of the largest (tenths of a unit).
fn bars(title: &str, id: &str, bars: &[Bar]) -> view::Chart {
    let max = bars.iter().map(|b| b.value.abs()).max().unwrap_or_default();
    let (row_h, label_w, width) = (260, 2300, 6400);
    let plot_w = width - label_w - 1100;
    let height = row_h * bars.len().max(1) as i64 + 80;
    view::Chart {
        id: id.to_string(),
        caption: title.to_string(),
        aria: title.to_string(),
        width,
        height,
        axis: None,
        bars: bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let y = 40 + i as i64 * row_h;
                let w = scale(b.value.abs(), max, plot_w);
                view::Bar {
                    title: format!("{}: {}", b.label, money(b.value)),
                    class: b.class.to_string(),
                    rect: [label_w, y + 30, w, row_h - 80],
                    label: Some(Label {
                        x: label_w - 60,
                        y: y + 160,
                        text: cut(&b.label, 34),
                    }),
                    value: Some(Label {
                        x: label_w + w + 40,
                        y: y + 160,
                        text: money(b.value),
                    }),
                }
            })
            .collect(),
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
            if !items.is_empty() { { chart(&bars("Present value by outcome and avoided cost", "chart-items", &items)) } }
            if !years.is_empty() { { chart(&bars("Present value by year", "chart-years", &years)) } }
        </section>
    }
}
