//! The page's uncertainty analysis, as a second WebAssembly module: the page's first load
//! carries none of the tornado, Monte Carlo or break-even code. `web/analysis-worker.js` loads
//! this module in a Web Worker (from the same origin, when the person asks for the analysis),
//! so a long run never blocks the page and Cancel simply ends the worker.
//!
//! Every figure is the core's (`socval::uncertainty`, on the scenario and records the page
//! sends); this crate only lays them out as `view` data (charts, cells in the core's money
//! format) for the page to draw.

#[path = "../../src/view.rs"]
pub mod view;

use socval::money::format_gbp as money;
use socval::records::Records;
use socval::uncertainty::{self, MonteCarloRun, RangeTarget, Total, Unit};
use socval::{Decimal, Registry, Scenario};
use wasm_bindgen::prelude::*;

use view::{Bar, Chart, Label, Mark, Report, XAxis, lines, scale, wrap};

/// Draws per step, and how often progress is reported (ms).
const CHUNK: u32 = 50;
const PROGRESS_MS: f64 = 12.0;

/// Runs the analysis of `scenario_json` (with the page's records, if any) and sends each part
/// to `report` as a [`Report`] in [`view::encode`]'s form (a `Uint8Array`) as soon as it is ready: the tornado and break-even
/// values, then progress, then the Monte Carlo band.
#[wasm_bindgen]
pub fn analyse(scenario_json: &str, records_csv: Option<String>, report: &js_sys::Function) {
    run(scenario_json, records_csv.as_deref(), js_sys::Date::now, &mut |r| {
        let bytes = js_sys::Uint8Array::from(view::encode(r).as_slice());
        let _ = report.call1(&JsValue::NULL, &bytes);
    });
}

/// [`analyse`] without the browser: `now` gives milliseconds, `send` takes each report.
pub fn run(scenario_json: &str, records_csv: Option<&str>, now: fn() -> f64, send: &mut dyn FnMut(&Report)) {
    let fail = |e: socval::Error| Report::MonteCarlo(Err(e.to_string()));
    let scenario = match Scenario::from_json_str("scenario", scenario_json) {
        Ok(s) => s,
        Err(e) => return send(&fail(e)),
    };
    let records = match records_csv
        .map(|t| Records::read("records", t, socval::records::PAGE_MAX_RECORD_ROWS, &scenario))
        .transpose()
    {
        Ok(r) => r,
        Err(e) => return send(&fail(e)),
    };
    let (s, records, reg) = (&scenario, records.as_ref(), Registry::embedded());
    send(&Report::Sensitivity {
        tornado: uncertainty::tornado(s, records, reg)
            .map(|ts| ts.iter().map(tornado_chart).collect())
            .map_err(|e| e.to_string()),
        break_even: uncertainty::break_even(s, records, reg)
            .map(|b| view::BreakEvens {
                text: b.text.clone(),
                values: b.values.iter().map(|v| v.text.clone()).collect(),
            })
            .map_err(|e| e.to_string()),
    });
    let mut mc = match MonteCarloRun::new(s, records, reg) {
        Ok(r) => r,
        Err(e) => return send(&fail(e)),
    };
    let draws = mc.draws();
    send(&Report::Progress { done: 0, draws });
    let mut last = now();
    while !mc.done() {
        if let Err(e) = mc.step(CHUNK) {
            return send(&fail(e));
        }
        if now() - last >= PROGRESS_MS {
            send(&Report::Progress {
                done: mc.done_draws(),
                draws,
            });
            last = now();
        }
    }
    send(&Report::MonteCarlo(
        mc.result().map(|m| monte_carlo(&m)).map_err(|e| e.to_string()),
    ));
}

/// The funder report of `scenario_json` (with the page's records, if any) as one self-contained
/// HTML document: the core's [`socval::funder::funder_report`], as `socval report` writes it. With
/// `with_analysis` (the page has a current analysis) and ranged assumptions, the report carries
/// the core's P5–P95 bands (the seeded analysis is run again here, so the bands are the CLI's).
#[wasm_bindgen]
pub fn funder_report(
    scenario_json: &str,
    records_csv: Option<String>,
    date: &str,
    with_analysis: bool,
) -> Result<String, JsError> {
    report_html(scenario_json, records_csv.as_deref(), date, with_analysis).map_err(|e| JsError::new(&e))
}

/// [`funder_report`] without the browser.
pub fn report_html(
    scenario_json: &str,
    records_csv: Option<&str>,
    date: &str,
    with_analysis: bool,
) -> Result<String, String> {
    let reg = Registry::embedded();
    let scenario = Scenario::from_json_str("scenario", scenario_json).map_err(|e| e.to_string())?;
    let records = records_csv
        .map(|t| Records::read("records", t, socval::records::PAGE_MAX_RECORD_ROWS, &scenario))
        .transpose()
        .map_err(|e| e.to_string())?;
    let v = socval::evaluate(&scenario, records.as_ref(), reg).map_err(|e| e.to_string())?;
    let ranged = with_analysis
        && !uncertainty::assumptions(&scenario, reg)
            .map_err(|e| e.to_string())?
            .is_empty();
    let analysis = if ranged {
        Some(uncertainty::analyse(&scenario, records.as_ref(), reg).map_err(|e| e.to_string())?)
    } else {
        None
    };
    Ok(socval::funder::funder_report(&scenario, &v, analysis.as_ref(), reg, date).to_html())
}

/// Tests a claimed figure against `scenario_json` (with the page's records, if any): `figure` is
/// `social`, `fiscal` or `combined`, `amount` the claimed pounds as typed (`103000`, `£103,000`),
/// `per_family` whether it is per family. Returns a [`view::ClaimView`] as JSON, which the page's
/// `claim.js` (imported on first use, so the page's wasm carries none of it) writes into the panel:
/// the core's statements ([`socval::uncertainty::claim`]).
#[wasm_bindgen]
pub fn claim_test(
    scenario_json: &str,
    records_csv: Option<String>,
    figure: &str,
    amount: &str,
    per_family: bool,
) -> Result<String, JsError> {
    let t =
        test_claim(scenario_json, records_csv.as_deref(), figure, amount, per_family).map_err(|e| JsError::new(&e))?;
    serde_json::to_string(&t).map_err(|e| JsError::new(&e.to_string()))
}

/// [`claim_test`] without the browser.
pub fn test_claim(
    scenario_json: &str,
    records_csv: Option<&str>,
    figure: &str,
    amount: &str,
    per_family: bool,
) -> Result<view::ClaimView, String> {
    let figure = match figure {
        "social" => uncertainty::ClaimFigure::SocialValue,
        "fiscal" => uncertainty::ClaimFigure::FiscalSavings,
        "combined" => uncertainty::ClaimFigure::Combined,
        other => return Err(format!("{other:?} is not a figure: social, fiscal or combined")),
    };
    // The amount as a person types it: pounds, with or without "£" and thousands separators.
    let typed = amount.trim();
    let plain: String = typed
        .strip_prefix('£')
        .unwrap_or(typed)
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    let amount = plain
        .parse::<Decimal>()
        .ok()
        .filter(|_| !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .ok_or_else(|| format!("{typed:?} is not an amount of pounds: type it as 103000 or £103,000.00"))?;
    let scenario = Scenario::from_json_str("scenario", scenario_json).map_err(|e| e.to_string())?;
    let records = records_csv
        .map(|t| Records::read("records", t, socval::records::PAGE_MAX_RECORD_ROWS, &scenario))
        .transpose()
        .map_err(|e| e.to_string())?;
    let c = uncertainty::Claim {
        figure,
        amount,
        per_family,
    };
    let t = uncertainty::claim(&scenario, records.as_ref(), Registry::embedded(), &c).map_err(|e| e.to_string())?;
    let (mut reached, mut unreached) = (Vec::new(), Vec::new());
    for n in t.needs {
        match n.value() {
            Some(v) => reached.push((n.target, v.to_string(), n.text)),
            None => unreached.push(n.text),
        }
    }
    Ok(view::ClaimView {
        text: t.text,
        reached,
        unreached,
    })
}

/// A table of the user's own (TOML or JSON, in socval's table format: a licensed value list),
/// read and checked by the core in this module, so that the page's first load carries neither the
/// TOML parser nor the table checks and hashing; and `scenario_json` valued with it beside the
/// open tables, as the core places it ([`socval::with_user_table`]). Returns a
/// [`view::OwnTable`] in [`view::encode`]'s form; a table that cannot be read is an error naming the file, line and field.
#[wasm_bindgen]
pub fn own_table(
    scenario_json: &str,
    records_csv: Option<String>,
    file: &str,
    table_text: &str,
) -> Result<Vec<u8>, JsError> {
    let t = with_own_table(scenario_json, records_csv.as_deref(), file, table_text).map_err(|e| JsError::new(&e))?;
    Ok(view::encode(&t))
}

/// [`own_table`] without the browser.
pub fn with_own_table(
    scenario_json: &str,
    records_csv: Option<&str>,
    file: &str,
    table_text: &str,
) -> Result<view::OwnTable, String> {
    let mut reg = Registry::embedded().clone();
    let table = if table_text.trim_start().starts_with('{') {
        reg.add_json(file, table_text)
    } else {
        reg.add_toml(file, table_text)
    }
    .map_err(|e| e.to_string())?
    .clone();
    let comparison = (|| {
        let open = Scenario::from_json_str("scenario", scenario_json).map_err(|e| e.to_string())?;
        let records = records_csv
            .map(|t| Records::read("records", t, socval::records::PAGE_MAX_RECORD_ROWS, &open))
            .transpose()
            .map_err(|e| e.to_string())?;
        let mine = socval::with_user_table(&open, &table).ok_or_else(|| {
            format!(
                "This scenario uses no {} table that {} could stand for.",
                table.kind,
                table.reference()
            )
        })?;
        let a = socval::evaluate(&open, records.as_ref(), &reg).map_err(|e| e.to_string())?;
        let b =
            socval::evaluate(&mine, records.as_ref(), &reg).map_err(|e| format!("With {}: {e}", table.reference()))?;
        Ok(view::FigureTable::of(&socval::compare::compare(&a, &b)))
    })();
    // A table that overlays another says which rows are its own (the core's words).
    let title = match table.overlay_note() {
        Some(note) => format!("{} ({note})", table.title),
        None => table.title.clone(),
    };
    Ok(view::OwnTable {
        reference: table.reference(),
        title,
        comparison,
    })
}

/// A probability as a percentage to 1 place (the core's rounding).
fn percent(p: Decimal) -> String {
    socval::money::percent_rounded(p, 1)
}

fn monte_carlo(mc: &uncertainty::MonteCarlo) -> view::MonteCarlo {
    let mut heads: Vec<String> = mc
        .spreads
        .first()
        .map(|s| {
            s.percentiles
                .iter()
                .map(|(p, _)| format!("P{}", socval::money::percent_text(*p)))
                .collect()
        })
        .unwrap_or_default();
    heads.push("Mean".into());
    let mut note = String::new();
    if let Some(p) = mc.p_social_exceeds_cost {
        note += &format!(
            "Probability that social value exceeds the programme cost: {} %. ",
            percent(p)
        );
    }
    if let Some(p) = mc.p_fiscal_exceeds_cost {
        note += &format!("Probability that fiscal savings exceed it: {} %.", percent(p));
    }
    view::MonteCarlo {
        caption: format!("Monte Carlo: {} draws, seed {}", mc.draws, mc.seed),
        heads,
        rows: mc
            .spreads
            .iter()
            .map(|s| {
                let mut cells: Vec<String> = s.percentiles.iter().map(|(_, v)| money(*v)).collect();
                cells.push(money(s.mean));
                (s.name.replace('_', " "), cells)
            })
            .collect(),
        note,
        histograms: mc.histograms.iter().map(|h| histogram(h, mc)).collect(),
    }
}

/// A histogram of the draws of one total, with an axis in money, its P5 and P95 and the
/// programme cost marked.
fn histogram(h: &uncertainty::Histogram, mc: &uncertainty::MonteCarlo) -> Chart {
    let max = Decimal::from(h.counts.iter().copied().max().unwrap_or(1).max(1));
    let n = h.counts.len().max(1) as i64;
    let (w, ht) = (6000, 1200);
    let name = h.name.replace('_', " ");
    let first = h.edges.first().copied().unwrap_or_default();
    let last = h.edges.last().copied().unwrap_or_default();
    let span = if last > first { last - first } else { Decimal::ONE };
    let at = |v: Decimal| scale(v.clamp(first, last) - first, span, w);
    let spread = |n: &str| mc.spreads.iter().find(|s| s.name == n);
    let mut marks = Vec::new();
    if let Some(s) = spread(&h.name) {
        for (p, v) in &s.percentiles {
            let label = format!("P{}", socval::money::percent_text(*p));
            if label == "P5" || label == "P95" {
                marks.push(Mark {
                    x: at(*v),
                    class: "mark band".into(),
                    text: format!("{label} {}", money(*v)),
                });
            }
        }
    }
    if let Some(c) = spread("programme_cost").filter(|c| c.mean > Decimal::ZERO) {
        // The cost may lie outside the draws' range: the line then stands at the end it is beyond.
        let place = if c.mean < first {
            " (below every draw)"
        } else if c.mean > last {
            " (above every draw)"
        } else {
            ""
        };
        marks.push(Mark {
            x: at(c.mean),
            class: "mark cost".into(),
            text: format!("cost {}{place}", money(c.mean)),
        });
    }
    Chart {
        id: format!("histogram-{}", h.name),
        caption: format!(
            "{name}: distribution of the draws ({} to {})",
            money(first),
            money(last)
        ),
        aria: format!("Histogram of {name}"),
        width: w,
        height: ht + 40,
        axis: None,
        legend: vec![("bar social".into(), format!("Draws of {name}, by range"))],
        marks,
        x_axis: Some(XAxis {
            x0: 0,
            x1: w,
            ticks: vec![
                (0, money(first)),
                (w / 2, money((first + last) / Decimal::TWO)),
                (w, money(last)),
            ],
            title: name.clone(),
        }),
        bars: h
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let x = i as i64 * w / n;
                let bw = (i as i64 + 1) * w / n - x;
                let bh = scale(Decimal::from(*c), max, ht);
                Bar {
                    title: format!(
                        "{} to {}: {} draws",
                        money(h.edges[i]),
                        money(h.edges.get(i + 1).copied().unwrap_or_default()),
                        c
                    ),
                    class: "bar social".into(),
                    rect: [x, ht - bh, (bw - 10).max(5), bh],
                    label: None,
                    value: None,
                }
            })
            .collect(),
    }
}

fn tornado_chart(t: &uncertainty::Tornado) -> Chart {
    let (title, key) = match t.total {
        Total::SocialValue => ("Social value", "social"),
        Total::FiscalSavings => ("Fiscal savings", "fiscal"),
    };
    let id = format!("tornado-{key}");
    if t.bars.is_empty() {
        return Chart {
            id,
            caption: format!("{title}: no ranged assumption moves it."),
            aria: String::new(),
            width: 0,
            height: 0,
            axis: None,
            bars: Vec::new(),
            legend: Vec::new(),
            marks: Vec::new(),
            x_axis: None,
        };
    }
    let ends = t.bars.iter().flat_map(|b| [b.at_low, b.at_high]);
    let lo = ends.clone().fold(t.base, Decimal::min);
    let hi = ends.fold(t.base, Decimal::max);
    let span = if hi > lo { hi - lo } else { Decimal::ONE };
    let (label_w, plot_w, line_h) = (2100, 3000, 120);
    let x = |v: Decimal| label_w + scale(v - lo, span, plot_w);
    let labels: Vec<String> = t.bars.iter().map(|b| wrap(&b.label, 28)).collect();
    let rows: Vec<i64> = labels.iter().map(|l| (lines(l) * line_h + 80).max(240)).collect();
    let tops: Vec<i64> = rows
        .iter()
        .scan(40, |y, h| {
            let top = *y;
            *y += h;
            Some(top)
        })
        .collect();
    let height = rows.iter().sum::<i64>() + 120;
    Chart {
        id,
        caption: format!(
            "{title}: what moves it most (each assumption at its low and high, the others central; base {})",
            money(t.base)
        ),
        aria: format!("Tornado chart of {title}"),
        width: 7600,
        height,
        axis: Some(x(t.base)),
        legend: vec![(
            "bar swing".into(),
            "From the assumption at its low to at its high".into(),
        )],
        marks: Vec::new(),
        x_axis: Some(XAxis {
            x0: label_w,
            x1: label_w + plot_w,
            // The base is the vertical line, named in the axis' title: a tick label of its own
            // would overlap an end's label whenever the base lies near that end.
            ticks: vec![(label_w, money(lo)), (label_w + plot_w, money(hi))],
            title: format!("{title} (the vertical line is the base, {})", money(t.base)),
        }),
        bars: t
            .bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let (y, row_h) = (tops[i], rows[i]);
                let mid = y + row_h / 2;
                let unit = RangeTarget::parse(&b.target).map(|t| t.unit()).unwrap_or(Unit::Count);
                let (a, c) = (x(b.at_low), x(b.at_high));
                Bar {
                    title: format!(
                        "{}: low {} gives {}, high {} gives {}",
                        b.label,
                        unit.show(b.low),
                        money(b.at_low),
                        unit.show(b.high),
                        money(b.at_high)
                    ),
                    class: "bar swing".into(),
                    rect: [a.min(c), mid - 80, (a - c).abs().max(10), 160],
                    label: Some(Label {
                        x: label_w - 60,
                        y: mid + 40 - (lines(&labels[i]) - 1) * line_h / 2,
                        text: labels[i].clone(),
                    }),
                    value: Some(Label {
                        x: label_w + plot_w + 100,
                        y: mid + 40,
                        text: format!(
                            "{} – {}",
                            money(b.at_low.min(b.at_high)),
                            money(b.at_low.max(b.at_high))
                        ),
                    }),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report is the core's, with bands only when asked for and there are ranges.
    #[test]
    fn funder_report_is_the_cores() {
        let t = socval::templates().into_iter().next().expect("a shipped template");
        let s = t.scenario().unwrap();
        let reg = Registry::embedded();
        let v = socval::evaluate(&s, None, reg).unwrap();
        let plain = socval::funder::funder_report(&s, &v, None, reg, "2026-11-26").to_html();
        assert_eq!(report_html(&s.to_json(), None, "2026-11-26", false).unwrap(), plain);
        let a = uncertainty::analyse(&s, None, reg).unwrap();
        let banded = socval::funder::funder_report(&s, &v, Some(&a), reg, "2026-11-26").to_html();
        assert_eq!(report_html(&s.to_json(), None, "2026-11-26", true).unwrap(), banded);
        assert!(banded.contains("P5–P95") && !plain.contains("P5–P95 "));
    }

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../crates/socval/tests/fixtures")
                .join(name),
        )
        .unwrap()
    }

    /// A table of the user's own, JSON or TOML: the core's comparison of the scenario on the open
    /// tables with the scenario valued with it; a bad table names its file, line and field.
    #[test]
    fn own_table_is_the_cores_comparison() {
        let s = socval::template("step-together").unwrap().scenario().unwrap();
        let text = fixture("licensed-unit-costs.json");
        let got = with_own_table(&s.to_json(), None, "mine.json", &text).unwrap();
        let mut reg = Registry::embedded().clone();
        let table = reg.add_json("mine.json", &text).unwrap().clone();
        let a = socval::evaluate(&s, None, &reg).unwrap();
        let b = socval::evaluate(&socval::with_user_table(&s, &table).unwrap(), None, &reg).unwrap();
        assert_eq!(got.reference, "licensed-unit-costs@2025.1");
        assert_eq!(
            got.comparison,
            Ok(view::FigureTable::of(&socval::compare::compare(&a, &b)))
        );
        let e = with_own_table(&s.to_json(), None, "bad.json", &fixture("licensed-unit-costs-bad.json")).unwrap_err();
        assert!(
            e.starts_with("bad.json: line 149, rows[1]") && e.contains("`value`"),
            "{e}"
        );
        // TOML, as the command line reads it; a scenario it cannot stand in is said so.
        let toml = with_own_table(&s.to_json(), None, "w.toml", &fixture("licensed-wellbeing.toml")).unwrap();
        assert_eq!(toml.reference, "licensed-values@2024.1");
        assert!(
            toml.comparison.is_err()
                || toml
                    .comparison
                    .as_ref()
                    .is_ok_and(|c| c.caption.contains("licensed-values"))
        );
        let e = with_own_table(&s.to_json(), None, "w.toml", "id = \"x\"\n").unwrap_err();
        assert!(e.starts_with("w.toml"), "{e}");
    }

    /// The analysis module gives the core's Monte Carlo band for the same scenario and seed.
    #[test]
    fn reports_the_cores_figures_in_order() {
        let t = socval::templates().into_iter().next().expect("a shipped template");
        let mut s = t.scenario().unwrap();
        let mut u = s.uncertainty.clone().unwrap_or_default();
        u.draws = Some(300);
        u.seed = Some(7);
        s.uncertainty = Some(u);
        let mut reports = Vec::new();
        run(&s.to_json(), None, || 0.0, &mut |r| reports.push(r.clone()));
        assert!(matches!(
            reports.first(),
            Some(Report::Sensitivity {
                tornado: Ok(_),
                break_even: Ok(_)
            })
        ));
        let Some(Report::MonteCarlo(Ok(mc))) = reports.last() else {
            panic!("{reports:?}")
        };
        let want = uncertainty::monte_carlo(&s, None, Registry::embedded()).unwrap();
        assert_eq!(mc.caption, "Monte Carlo: 300 draws, seed 7");
        let social = want.spreads.iter().find(|x| x.name == "social_value").unwrap();
        let row = mc.rows.iter().find(|r| r.0 == "social value").unwrap();
        assert_eq!(row.1.last(), Some(&money(social.mean)));
        assert_eq!(row.1[0], money(social.percentiles[0].1));
        // Each report reaches the page as it was sent (charts, break-evens, progress, band), and
        // so do failures and a table's answer.
        let failed = [
            Report::MonteCarlo(Err("no draws".into())),
            Report::Sensitivity {
                tornado: Err("a".into()),
                break_even: Err("b".into()),
            },
        ];
        for r in reports.iter().chain(&failed) {
            assert_eq!(view::decode::<Report>(&view::encode(r)).as_ref(), Ok(r), "{r:?}");
        }
        assert!(reports.iter().any(|r| matches!(r, Report::Progress { .. })));
        let table = with_own_table(&s.to_json(), None, "mine.json", &fixture("licensed-unit-costs.json")).unwrap();
        for t in [
            table.clone(),
            view::OwnTable {
                comparison: Err("row x is missing".into()),
                ..table
            },
        ] {
            assert_eq!(view::decode::<view::OwnTable>(&view::encode(&t)), Ok(t));
        }
        // Bytes that are not a report are refused, not misread.
        assert!(view::decode::<Report>(&[0xff, 0xff, 0xff]).is_err());
    }

    /// A claim is the core's answer, its statements in the core's order; a bad amount or figure is
    /// refused in words.
    #[test]
    fn a_claim_is_the_cores() {
        let s = socval::template("step-together").unwrap().scenario().unwrap();
        let t = test_claim(&s.to_json(), None, "social", "£103,000", true).unwrap();
        let c = uncertainty::Claim {
            figure: uncertainty::ClaimFigure::SocialValue,
            amount: Decimal::from(103_000),
            per_family: true,
        };
        let core = uncertainty::claim(&s, None, Registry::embedded(), &c).unwrap();
        assert_eq!(t.text, core.text);
        assert_eq!(t.reached.len() + t.unreached.len(), core.needs.len());
        let first = &core.needs[0];
        assert_eq!(
            t.reached[0],
            (
                first.target.clone(),
                first.value().unwrap().to_string(),
                first.text.clone()
            )
        );
        assert!(
            t.unreached
                .iter()
                .any(|x| x.starts_with("No allowed value of the share"))
        );
        assert_eq!(view::decode::<view::ClaimView>(&view::encode(&t)), Ok(t));
        assert!(
            test_claim(&s.to_json(), None, "social", "103k", true)
                .unwrap_err()
                .contains("103k")
        );
        assert!(test_claim(&s.to_json(), None, "money", "1", true).is_err());
    }

    /// A claim with records reads them as the scenario's `[records]` says (its delimiter, its
    /// headers mapped to socval's names), as the analysis and the workbook do.
    #[test]
    fn a_claims_records_follow_the_scenarios_records_settings() {
        let mut s = socval::template("step-together").unwrap().scenario().unwrap();
        s.ranges.clear();
        let id = s.outcomes[0].id.clone();
        let f = s.records.get_or_insert_with(Default::default);
        f.delimiter = Some("|".into());
        f.columns.insert("Case ref".into(), "family_id".into());
        f.columns.insert("Outcome A".into(), id);
        let csv = "Case ref|members|Outcome A\nF1|mother:25-49|mother\nF2|mother:under-25|\n";
        let t = test_claim(&s.to_json(), Some(csv), "social", "1000", false).unwrap();
        let records = Records::read("records", csv, socval::records::PAGE_MAX_RECORD_ROWS, &s).unwrap();
        let c = uncertainty::Claim {
            figure: uncertainty::ClaimFigure::SocialValue,
            amount: Decimal::from(1000),
            per_family: false,
        };
        let core = uncertainty::claim(&s, Some(&records), Registry::embedded(), &c).unwrap();
        assert_eq!(t.text, core.text);
        assert_eq!(t.reached.len() + t.unreached.len(), core.needs.len());
    }

    /// With per-family records, the module reads the same CSV and gives the core's band.
    #[test]
    fn values_the_records_it_is_sent() {
        let t = socval::templates().into_iter().next().expect("a shipped template");
        let mut s = t.scenario().unwrap();
        s.uncertainty = Some(socval::scenario::Settings {
            draws: Some(200),
            seed: Some(3),
            ..Default::default()
        });
        // With records the facts come from them: ranges on counts and rates are refused.
        s.ranges.clear();
        let csv = format!("family_id,{}\nF1,yes\nF2,no\nF3,yes\n", s.outcomes[0].id);
        let records = Records::from_csv_str("records", &csv).unwrap();
        let want = uncertainty::monte_carlo(&s, Some(&records), Registry::embedded()).unwrap();
        let mut last = None;
        run(&s.to_json(), Some(&csv), || 0.0, &mut |r| last = Some(r.clone()));
        let Some(Report::MonteCarlo(Ok(mc))) = last else {
            panic!("{last:?}")
        };
        let social = want.spreads.iter().find(|x| x.name == "social_value").unwrap();
        let row = mc.rows.iter().find(|r| r.0 == "social value").unwrap();
        assert_eq!(row.1.last(), Some(&money(social.mean)));
    }
}
