//! Draws a chart the page or the analysis module described (`crate::view::Chart`): one markup
//! for every bar chart, tornado and histogram.

use yew::prelude::*;

use crate::view::{self, tenths};

/// A chart as SVG inside a figure with its caption.
pub fn chart(c: &view::Chart) -> Html {
    html! {
        <figure class="chart" data-testid={c.id.clone()}>
            <figcaption>{ &c.caption }</figcaption>
            <svg viewBox={format!("0 0 {} {}", tenths(c.width), tenths(c.height))} role="img" aria-label={c.aria.clone()} preserveAspectRatio="xMinYMin meet">
                if let Some(x) = c.axis {
                    <line x1={tenths(x)} x2={tenths(x)} y1="0" y2={tenths(c.height)} class="axis" />
                }
                { for c.bars.iter().map(|b| html! {
                    <g>
                        <title>{ &b.title }</title>
                        if let Some(l) = &b.label {
                            <text x={tenths(l.x)} y={tenths(l.y)} text-anchor="end" class="bar-label">{ &l.text }</text>
                        }
                        <rect x={tenths(b.rect[0])} y={tenths(b.rect[1])} width={tenths(b.rect[2])} height={tenths(b.rect[3])} class={b.class.clone()} />
                        if let Some(v) = &b.value {
                            <text x={tenths(v.x)} y={tenths(v.y)} class="bar-value">{ &v.text }</text>
                        }
                    </g>
                }) }
            </svg>
        </figure>
    }
}
