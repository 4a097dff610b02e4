//! Draws a chart the page or the analysis module described (`crate::view::Chart`): one markup
//! for every bar chart, tornado and histogram — full labels (wrapped), an axis, a key, marks —
//! and offers it as an SVG or PNG file made in the browser.

use yew::prelude::*;

use crate::browser;
use crate::view::{self, tenths};

/// Tenths of a unit under the plot for the axis, and for the key.
const AXIS_H: i64 = 420;
const LEGEND_H: i64 = 260;

/// A text drawn line by line (a wrapped label's lines are joined by `\n`).
fn text(x: i64, y: i64, t: &str, class: &'static str, anchor: &'static str) -> Html {
    html! {
        <text x={tenths(x)} y={tenths(y)} text-anchor={anchor} class={class}>
            { for t.split('\n').enumerate().map(|(i, line)| html! {
                <tspan x={tenths(x)} dy={if i == 0 { "0" } else { "1.1em" }}>{ line }</tspan>
            }) }
        </text>
    }
}

/// A chart as SVG inside a figure with its caption, and its two downloads.
pub fn chart(c: &view::Chart) -> Html {
    let axis_h = if c.x_axis.is_some() { AXIS_H } else { 0 };
    let legend_h = if c.legend.is_empty() { 0 } else { LEGEND_H };
    let height = c.height + axis_h + legend_h;
    let svg_id = format!("{}-svg", c.id);
    let download = |png: bool| {
        let (svg_id, name, w, h) = (svg_id.clone(), c.id.clone(), c.width, height);
        Callback::from(move |_: MouseEvent| browser::download_chart(&svg_id, &name, w, h, png))
    };
    html! {
        <figure class="chart" data-testid={c.id.clone()}>
            <figcaption>{ &c.caption }</figcaption>
            if c.width > 0 {
                <svg id={svg_id.clone()} viewBox={format!("0 0 {} {}", tenths(c.width), tenths(height))} role="img" aria-label={c.aria.clone()} preserveAspectRatio="xMinYMin meet">
                    if let Some(x) = c.axis {
                        <line x1={tenths(x)} x2={tenths(x)} y1="0" y2={tenths(c.height)} class="axis" />
                    }
                    { for c.bars.iter().map(|b| html! {
                        <g>
                            <title>{ &b.title }</title>
                            if let Some(l) = &b.label { { text(l.x, l.y, &l.text, "bar-label", "end") } }
                            <rect x={tenths(b.rect[0])} y={tenths(b.rect[1])} width={tenths(b.rect[2])} height={tenths(b.rect[3])} class={b.class.clone()} />
                            if let Some(v) = &b.value { { text(v.x, v.y, &v.text, "bar-value", "start") } }
                        </g>
                    }) }
                    { for c.marks.iter().enumerate().map(|(i, m)| html! {
                        <g>
                            <line x1={tenths(m.x)} x2={tenths(m.x)} y1="0" y2={tenths(c.height)} class={m.class.clone()} />
                            { text(m.x + 30, 120 + (i as i64 % 3) * 130, &m.text, "mark-label", "start") }
                        </g>
                    }) }
                    if let Some(a) = &c.x_axis {
                        <g class="x-axis">
                            <line x1={tenths(a.x0)} x2={tenths(a.x1)} y1={tenths(c.height)} y2={tenths(c.height)} class="axis" />
                            { for a.ticks.iter().enumerate().map(|(i, (x, t))| {
                                let anchor = if i == 0 && *x == a.x0 { "start" } else if *x == a.x1 { "end" } else { "middle" };
                                html! { <>
                                    <line x1={tenths(*x)} x2={tenths(*x)} y1={tenths(c.height)} y2={tenths(c.height + 60)} class="axis" />
                                    { text(*x, c.height + 190, t, "tick", anchor) }
                                </> }
                            }) }
                            { text((a.x0 + a.x1) / 2, c.height + 360, &a.title, "axis-title", "middle") }
                        </g>
                    }
                    { for c.legend.iter().enumerate().map(|(i, (class, t))| {
                        let x = 40 + i as i64 * 2600;
                        let y = c.height + axis_h + 60;
                        html! { <g class="legend">
                            <rect x={tenths(x)} y={tenths(y)} width="12" height="12" class={class.clone()} />
                            { text(x + 180, y + 110, t, "bar-value", "start") }
                        </g> }
                    }) }
                </svg>
                <div class="chart-downloads">
                    <button type="button" data-testid={format!("{}-svg-download", c.id)} onclick={download(false)}
                        aria-label={format!("Download SVG: {}", c.caption)}>{ "Download SVG" }</button>
                    <button type="button" data-testid={format!("{}-png-download", c.id)} onclick={download(true)}
                        aria-label={format!("Download PNG: {}", c.caption)}>{ "Download PNG" }</button>
                </div>
            }
        </figure>
    }
}
