//! The `uncertainty` report: the core's analysis as text. Every statement (break-even values and
//! what they are set against) is the core's own text; this only lays it out.

use socval::money::format_gbp;
use socval::money::{percent_rounded, percent_text};
use socval::uncertainty::{Analysis, Unit};
use socval::{Decimal, Scenario};
use std::fmt::Write as _;

/// A range end as the reader sees it (shares as percentages, money in pounds).
fn shown(unit: Unit, v: Decimal) -> String {
    match unit {
        Unit::Share | Unit::Rate => format!("{} %", percent_text(v)),
        Unit::Money => format_gbp(v),
        _ => v.normalize().to_string(),
    }
}

/// The uncertainty report: assumptions, tornado, Monte Carlo spread and break-even values.
pub fn text(a: &Analysis, s: &Scenario) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}: how sure is the figure?", s.name);
    let _ = writeln!(o, "\nAssumptions with ranges ({})", a.assumptions.len());
    for x in &a.assumptions {
        let _ = writeln!(
            o,
            "  {:<48} {} / {} / {}  {:?} ({}){}",
            x.target,
            shown(x.unit, x.low),
            shown(x.unit, x.central),
            shown(x.unit, x.high),
            x.distribution,
            x.origin,
            if x.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", x.note)
            }
        );
    }
    for t in &a.tornado {
        let _ = writeln!(o, "\nTornado: {:?} (base {})", t.total, format_gbp(t.base));
        for b in &t.bars {
            let _ = writeln!(
                o,
                "  {:<48} {:>16} .. {:<16} swing {}",
                b.target,
                format_gbp(b.at_low),
                format_gbp(b.at_high),
                format_gbp(b.swing)
            );
        }
    }
    let mc = &a.monte_carlo;
    let _ = writeln!(o, "\nMonte Carlo: {} draws, seed {}", mc.draws, mc.seed);
    for sp in &mc.spreads {
        let ps: Vec<String> = sp
            .percentiles
            .iter()
            .map(|(p, v)| format!("P{} {}", percent_text(*p), format_gbp(*v)))
            .collect();
        let _ = writeln!(o, "  {:<28} {}   mean {}", sp.name, ps.join("  "), format_gbp(sp.mean));
    }
    let pct = |p: Option<Decimal>| {
        p.map_or("n/a (the programme cost is £0.00 in every draw)".to_string(), |p| {
            format!("{}%", percent_rounded(p, 1))
        })
    };
    let _ = writeln!(o, "  P(social value > cost)       {}", pct(mc.p_social_exceeds_cost));
    let _ = writeln!(o, "  P(fiscal savings > cost)     {}", pct(mc.p_fiscal_exceeds_cost));
    for h in &mc.histograms {
        let _ = writeln!(o, "\n  Histogram of {}", h.name);
        let max = h.counts.iter().copied().max().unwrap_or(1).max(1);
        for (i, c) in h.counts.iter().enumerate() {
            let bar = "#".repeat((*c as usize * 40).div_ceil(max as usize));
            let _ = writeln!(
                o,
                "  {:>16} – {:<16} {:>6} {}",
                format_gbp(h.edges[i]),
                format_gbp(h.edges[i + 1]),
                c,
                bar
            );
        }
    }
    let be = &a.break_even;
    let _ = writeln!(o, "\nBreak-even values: {}", be.text);
    for b in &be.values {
        let tolerance = if b.tolerance.is_zero() {
            String::new()
        } else {
            format!(" (bisection to ± {})", b.tolerance.normalize())
        };
        let _ = writeln!(o, "  {:<48} {}{tolerance}", b.target, b.text);
    }
    o
}

/// Progress of a long Monte Carlo run on standard error: `Monte Carlo: 8192 of 10000 draws`,
/// written over itself once the analysis has taken a second, and only when standard error is a
/// terminal (a pipe, a file or a test sees nothing more than before). Standard output is untouched.
pub fn progress() -> impl FnMut(u32, u32) -> bool {
    use std::io::IsTerminal as _;
    let start = std::time::Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let mut shown = false;
    move |done, total| {
        if terminal && (shown || start.elapsed().as_secs() >= 1) {
            shown = true;
            if done >= total {
                // Clear the line: the report follows on standard output.
                eprint!("\r\x1b[2K");
            } else {
                eprint!("\rMonte Carlo: {done} of {total} draws");
            }
        }
        true
    }
}
