//! Charts and the uncertainty analysis as plain data that one component draws
//! (`components::chart`). The page builds the figures' bar charts itself; the uncertainty
//! analysis runs in a second WebAssembly module (`web/analysis`, fetched from the same origin
//! only when the analysis is asked for, run in a Web Worker) that sends these in [`encode`]'s form. This file
//! is compiled into both, so the two sides cannot disagree on the shape.
//!
//! Coordinates are whole tenths of an SVG unit, computed with `Decimal` and written with integer
//! formatting: neither module carries float parsing or formatting for its charts.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use socval::Decimal;

/// How a [`Report`] or an [`OwnTable`] crosses from the analysis module to the page: postcard's
/// compact binary form of the same serde shape. Both modules compile this file, so writer and
/// reader agree; reading it takes the page far less code than reading JSON (issue 11 in
/// BENCHMARKS.md: the first load is about 10.7 KB gzip smaller).
// The analysis module writes; the page only reads (its tests write).
#[allow(dead_code)]
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    postcard::to_allocvec(value).unwrap_or_default()
}

/// Reads what [`encode`] wrote; an error says what could not be read.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|e| e.to_string())
}

/// A horizontal bar chart (or histogram) drawn as SVG.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Its test id (`chart-items`, `tornado-social`, `histogram-social_value`).
    pub id: String,
    pub caption: String,
    /// The chart's accessible name.
    pub aria: String,
    /// The SVG's size in tenths of a unit.
    pub width: i64,
    pub height: i64,
    /// A vertical line (the base of a tornado), at this x.
    pub axis: Option<i64>,
    pub bars: Vec<Bar>,
    /// The key: each bar class shown and what it means.
    #[serde(default)]
    pub legend: Vec<(String, String)>,
    /// Labelled vertical lines across the plot (P5, P95, the programme cost).
    #[serde(default)]
    pub marks: Vec<Mark>,
    /// The horizontal axis: a line under the plot from `x0` to `x1`, with labels at their x.
    #[serde(default)]
    pub x_axis: Option<XAxis>,
}

/// A labelled vertical line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub x: i64,
    pub class: String,
    pub text: String,
}

/// A horizontal axis under the plot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct XAxis {
    pub x0: i64,
    pub x1: i64,
    /// Each tick's x and label.
    pub ticks: Vec<(i64, String)>,
    /// What the axis measures.
    pub title: String,
}

/// One bar: its rectangle, the text of its tooltip, and optional texts beside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub title: String,
    /// The CSS class of the rectangle (`bar social`, `bar fiscal`, `bar swing`).
    pub class: String,
    /// x, y, width, height.
    pub rect: [i64; 4],
    /// A label right-aligned at (x, y).
    pub label: Option<Label>,
    /// A value left-aligned at (x, y).
    pub value: Option<Label>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub x: i64,
    pub y: i64,
    pub text: String,
}

/// The tornado charts and break-even values (sent first), then progress, then the Monte Carlo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Report {
    Sensitivity {
        /// One chart per total; a chart without bars is a sentence (its caption).
        tornado: Result<Vec<Chart>, String>,
        break_even: Result<BreakEvens, String>,
    },
    Progress {
        done: u32,
        draws: u32,
    },
    MonteCarlo(Result<MonteCarlo, String>),
}

/// A table of the user's own (a licensed list) as the analysis module read it, and the scenario
/// valued with it beside the figures on the open tables: the core's comparison (as rows), or why the
/// scenario could not be valued with the table (e.g. a row it lacks).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnTable {
    /// `id@version`.
    pub reference: String,
    pub title: String,
    pub comparison: Result<FigureTable, String>,
}

/// Two valuations' figures side by side, as the page shows them: the core's comparison
/// (`socval::compare`) with each figure in the core's format (money to the penny, ratios as the
/// core rounded them). Sent by the analysis module as data, so the page needs no reader of the
/// core's comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureTable {
    /// What is compared with what (`scenario [tables] → scenario [tables]`).
    pub caption: String,
    pub rows: Vec<FigureRow>,
    /// Whether a penny was moved on some row so that each side's items add up to its total.
    pub moved: bool,
}

/// One figure in both valuations, and the change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub label: String,
    pub a: String,
    pub b: String,
    /// b − a, marked ` *` where a penny was moved.
    pub change: String,
    pub changed: bool,
}

impl FigureTable {
    /// The core's comparison as rows: the headline figures, then each item.
    pub fn of(c: &socval::compare::Comparison) -> Self {
        FigureTable {
            caption: format!("{}  →  {}", c.a, c.b),
            rows: c
                .totals
                .iter()
                .chain(c.items.iter())
                .map(|d| {
                    let f = |x: Decimal| {
                        if d.measure == socval::compare::Measure::Ratio {
                            x.to_string()
                        } else {
                            socval::money::format_gbp(x)
                        }
                    };
                    FigureRow {
                        label: d.label.clone(),
                        a: f(d.a),
                        b: f(d.b),
                        change: format!("{}{}", f(d.change), if d.moved { " *" } else { "" }),
                        changed: !d.change.is_zero(),
                    }
                })
                .collect(),
            moved: c.items.iter().any(|d| d.moved),
        }
    }
}

/// The core's break-even statements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreakEvens {
    pub text: String,
    pub values: Vec<String>,
}

/// The Monte Carlo band as the page shows it (money in the core's format).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonteCarlo {
    pub caption: String,
    /// Column heads after "Figure": P5, P50, ..., Mean.
    pub heads: Vec<String>,
    /// Each figure's name and cells.
    pub rows: Vec<(String, Vec<String>)>,
    /// The probabilities that the totals exceed the cost, in words.
    pub note: String,
    pub histograms: Vec<Chart>,
}

/// Tenths of a unit as SVG text: `1234` → `123.4`, `50` → `5`.
pub fn tenths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    if a.is_multiple_of(10) {
        format!("{sign}{}", a / 10)
    } else {
        format!("{sign}{}.{}", a / 10, a % 10)
    }
}

/// `part ÷ whole × length`, rounded to a whole number (0 when `whole` is 0).
pub fn scale(part: Decimal, whole: Decimal, length: i64) -> i64 {
    part.checked_div(whole)
        .and_then(|r| r.checked_mul(Decimal::from(length)))
        .and_then(|v| i64::try_from(v.round_dp(0).mantissa()).ok())
        .unwrap_or(0)
}

/// A label in full, wrapped at spaces into lines of at most about `n` characters (joined by
/// `\n`; the chart draws each line).
pub fn wrap(label: &str, n: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= n => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

/// How many lines a wrapped label has.
pub fn lines(text: &str) -> i64 {
    text.split('\n').count() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_and_scale() {
        assert_eq!(tenths(1234), "123.4");
        assert_eq!(tenths(50), "5");
        assert_eq!(tenths(0), "0");
        assert_eq!(tenths(-15), "-1.5");
        assert_eq!(scale(Decimal::new(1, 0), Decimal::new(3, 0), 3000), 1000);
        assert_eq!(scale(Decimal::new(2, 0), Decimal::new(3, 0), 10), 7);
        assert_eq!(scale(Decimal::ONE, Decimal::ZERO, 10), 0);
        assert_eq!(
            wrap("Children looked after for a year", 12),
            "Children\nlooked after\nfor a year"
        );
        assert_eq!(wrap("abc", 4), "abc");
        assert_eq!(lines("a\nb"), 2);
    }
}

/// A claimed figure tested by the analysis module (`socval::uncertainty::claim`), as the page
/// shows it: the core's statements, and each reachable assumption's needed value at full precision.
/// Sent as JSON to the page's `claim.js`, which writes it into the panel (the page's wasm reads
/// none of it).
// The analysis module writes it; the page's wasm never builds one.
#[allow(dead_code)]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    /// The claim against the figure in force.
    pub text: String,
    /// The assumptions an allowed value of which reaches the claim: (target, value at full
    /// precision, the core's statement).
    pub reached: Vec<(String, String, String)>,
    /// The core's statements of the assumptions no allowed value of which reaches it.
    pub unreached: Vec<String>,
}
