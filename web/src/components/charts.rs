//! Bar charts drawn as SVG by the page: present value by item, by year and (fiscal savings) by
//! agency.

use socval::{Decimal, Section, Valuation};
use yew::prelude::*;

use super::Shared;
use super::chart::chart;

use crate::format::money;
use crate::view::{self, Label, lines, scale, wrap};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub valuation: Shared<Valuation>,
}

struct Bar {
    label: String,
    value: Decimal,
    class: &'static str,
}

/// A chart of bars from 0, each as long as its value's share of the largest (tenths of a unit),
/// with its full label wrapped beside it, an axis under the bars and a key.
fn bars(title: &str, id: &str, bars: &[Bar]) -> view::Chart {
    let max = bars.iter().map(|b| b.value.abs()).max().unwrap_or_default();
    let (label_w, width, line_h) = (2300, 6400, 130);
    let plot_w = width - label_w - 1100;
    let labels: Vec<String> = bars.iter().map(|b| wrap(&b.label, 30)).collect();
    let rows: Vec<i64> = labels.iter().map(|l| (lines(l) * line_h + 80).max(260)).collect();
    let height = rows.iter().sum::<i64>() + 80;
    let mut y = 40;
    let mut out = Vec::new();
    for ((b, label), row_h) in bars.iter().zip(labels).zip(&rows) {
        let w = scale(b.value.abs(), max, plot_w);
        let mid = y + row_h / 2 + 40;
        out.push(view::Bar {
            title: format!("{}: {}", b.label, money(b.value)),
            class: b.class.to_string(),
            rect: [label_w, mid - 130, w, 180],
            label: Some(Label {
                x: label_w - 60,
                y: mid - (lines(&label) - 1) * line_h / 2,
                text: label,
            }),
            value: Some(Label {
                x: label_w + w + 40,
                y: mid,
                text: money(b.value),
            }),
        });
        y += row_h;
    }
    let mut legend = Vec::new();
    for (class, text) in [
        ("bar social", "Social value (wellbeing)"),
        ("bar fiscal", "Fiscal savings"),
    ] {
        if bars.iter().any(|b| b.class == class) {
            legend.push((class.to_string(), text.to_string()));
        }
    }
    view::Chart {
        id: id.to_string(),
        caption: title.to_string(),
        aria: title.to_string(),
        width,
        height,
        axis: None,
        bars: out,
        legend,
        marks: Vec::new(),
        x_axis: Some(view::XAxis {
            x0: label_w,
            x1: label_w + plot_w,
            ticks: vec![(label_w, money(Decimal::ZERO)), (label_w + plot_w, money(max))],
            title: "Present value".into(),
        }),
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
    // Agencies by the names the core gives them, never their ids.
    let agencies: Vec<Bar> = v
        .by_agency
        .iter()
        .map(|a| Bar {
            label: socval::agency_name(&a.agency),
            value: a.rounded,
            class: "bar fiscal",
        })
        .collect();
    html! {
        <section class="charts" aria-label="Charts">
            if !items.is_empty() { { chart(&bars("Present value by outcome and avoided cost", "chart-items", &items)) } }
            if !years.is_empty() { { chart(&bars("Present value by year", "chart-years", &years)) } }
            if !agencies.is_empty() { { chart(&bars("Fiscal savings by agency (present value)", "chart-agencies", &agencies)) } }
        </section>
    }
}
