//! The funder report written as one self-contained, printable HTML document
//! ([`FunderReport::to_html`]): no script, no external file, print styles for A4.

use super::FunderReport;
use crate::money::format_gbp;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "@page{size:A4;margin:12mm}body{font:8.8pt/1.3 system-ui,sans-serif;color:#111;max-width:186mm;margin:auto}h1{font-size:14pt;margin:0}h2{font-size:10pt;margin:.7em 0 .2em;border-bottom:1px solid #999}p{margin:.3em 0}table{border-collapse:collapse;width:100%;margin:.25em 0}th,td{border:1px solid #bbb;padding:1px 4px;vertical-align:top;text-align:left}td.n{text-align:right;white-space:nowrap}.meta{color:#333}.small{font-size:7pt}table.a{table-layout:fixed}table.a col.i{width:22%}table.a col.v{width:36%}table.a col.e{width:17%}table.a col.d{width:15%}table.a col.m{width:10%}ul{margin:.2em 0;padding-left:1.3em}.appendix{break-before:page}";

impl FunderReport {
    /// The evidence behind each figure: a small table of the parts by status, then what a minimum
    /// evidence status left out.
    fn evidence_html(&self, o: &mut String) {
        if self.evidence.iter().all(|r| r.total.is_zero()) && self.minimum_evidence.is_none() {
            return;
        }
        o.push_str("<table class=\"small ev\"><caption style=\"text-align:left\">The evidence behind each figure: the part resting on rows of each evidence status</caption><thead><tr><th scope=\"col\">Figure</th>");
        for s in crate::tables::EvidenceStatus::ALL {
            let _ = write!(o, "<th scope=\"col\">{}</th>", esc(s.as_str()));
        }
        o.push_str("</tr></thead><tbody>");
        for r in self.evidence.iter().filter(|r| !r.total.is_zero()) {
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{} ({})</th>",
                esc(&r.label),
                format_gbp(r.total)
            );
            for (_, amount) in &r.parts {
                let _ = write!(o, "<td class=\"n\">{}</td>", format_gbp(*amount));
            }
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>");
        if let Some(m) = &self.minimum_evidence {
            let _ = write!(o, "<p class=\"small\">{}</p>", esc(m));
        }
    }

    /// The report as one self-contained, printable HTML document (no script, no external file):
    /// the one or two pages a funder reads, then the working as an appendix starting on a new page.
    pub fn to_html(&self) -> String {
        let mut o = String::with_capacity(16 * 1024);
        let _ = write!(
            o,
            "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{} — social value report</title><style>{STYLE}</style></head><body><main>",
            esc(&self.programme)
        );
        let _ = write!(
            o,
            "<h1>{}</h1><p class=\"meta\">Social value and public costs avoided · {} · {} families · £ at {} prices · produced with socval</p>",
            esc(&self.programme),
            esc(&self.date),
            self.families,
            self.price_year
        );
        if !self.description.is_empty() {
            o.push_str("<h2>The programme</h2>");
            blocks(&mut o, &self.description);
        }
        self.headline_html(&mut o);
        // (The evidence split of each headline figure goes here, under its table.)
        if let Some(n) = &self.rounding_note {
            let _ = write!(o, "<p class=\"small\">{}</p>", esc(n));
        }
        self.evidence_html(&mut o);
        if !self.per_pound.is_empty() || !self.break_even.is_empty() {
            o.push_str("<table><tbody>");
            for (k, v) in self.per_pound.iter().chain(&self.break_even) {
                let _ = write!(o, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(k), esc(v));
            }
            o.push_str("</tbody></table>");
        }
        if let Some(u) = &self.uncertainty {
            let _ = write!(o, "<p class=\"small\">{}</p>", esc(u));
        }
        // The probabilities, and the break-even statements while they are few; more go to the
        // appendix, with a pointer here.
        let (probabilities, statements) = (&self.probabilities, &self.break_even_statements);
        let statements_here = statements.len() <= MAX_BREAK_EVEN_HERE;
        if !probabilities.is_empty() || !statements.is_empty() {
            o.push_str("<ul class=\"small\">");
            for t in probabilities
                .iter()
                .chain(statements.iter().filter(|_| statements_here))
            {
                let _ = write!(o, "<li>{}</li>", esc(t));
            }
            if !statements_here {
                o.push_str("<li>The break-even values (what each assumption would have to be for a figure to equal the cost) are in the appendix.</li>");
            }
            o.push_str("</ul>");
        }
        o.push_str("<h2>How the figures are worked out</h2>");
        for p in &self.method {
            let _ = write!(o, "<p>{}</p>", esc(p));
        }
        let assumptions_here = self.assumptions.len() <= MAX_ASSUMPTIONS_HERE;
        if assumptions_here {
            self.assumptions_table(&mut o);
        } else {
            let _ = write!(
                o,
                "<h2>Assumptions</h2><p>The value, source, evidence and adjustments of each of the {} items are in the appendix.</p>",
                self.assumptions.len()
            );
        }
        if !self.levels.is_empty() {
            o.push_str("<p class=\"small\">Named levels chosen:</p><ul class=\"small\">");
            for l in &self.levels {
                let _ = write!(o, "<li>{}</li>", esc(l));
            }
            o.push_str("</ul>");
        }
        self.notes_html(&mut o);
        o.push_str("<section class=\"appendix\"><h2>Appendix: the working</h2><p class=\"small\">Each line is one item in one year; the lines add up to the figures above.</p><table class=\"small\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Line</th><th scope=\"col\">Working</th><th scope=\"col\">Amount</th></tr></thead><tbody>");
        for l in &self.working {
            let _ = write!(
                o,
                "<tr><td class=\"n\">{}</td><td>{}: {}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                l.n,
                esc(&l.section),
                esc(&l.label),
                esc(&l.working),
                format_gbp(l.amount)
            );
        }
        o.push_str("</tbody></table>");
        if !assumptions_here {
            self.assumptions_table(&mut o);
        }
        if !statements_here {
            o.push_str("<h2>Break-even values</h2><ul class=\"small\">");
            for t in statements {
                let _ = write!(o, "<li>{}</li>", esc(t));
            }
            o.push_str("</ul>");
        }
        if !self.sources.is_empty() {
            o.push_str("<h2>Sources, in full</h2><ul class=\"small\">");
            for src in &self.sources {
                let _ = write!(o, "<li>{}</li>", esc(src));
            }
            o.push_str("</ul>");
        }
        o.push_str("</section></main></body></html>\n");
        o
    }

    /// The headline figures' table: each figure's total and per family, with its P5–P95 band
    /// where there is an analysis.
    fn headline_html(&self, o: &mut String) {
        o.push_str("<h2>Headline figures</h2><table><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Total (present value)</th><th scope=\"col\">Per family</th></tr></thead><tbody>");
        for h in &self.headline {
            let b = |x: Option<(Decimal, Decimal)>| {
                x.map(|(lo, hi)| {
                    format!(
                        "<br><span class=\"small\">P5–P95 {} to {}</span>",
                        format_gbp(lo),
                        format_gbp(hi)
                    )
                })
                .unwrap_or_default()
            };
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}{}</td><td class=\"n\">{}{}</td></tr>",
                esc(&h.label),
                format_gbp(h.total),
                b(h.band),
                format_gbp(h.per_family),
                b(h.band_per_family)
            );
        }
        o.push_str("</tbody></table>");
    }

    /// The programme's notes and caveats, what a reader should know, what the figures do not
    /// claim, and the tables used.
    fn notes_html(&self, o: &mut String) {
        if !self.caveats.is_empty() || self.caveats_left_out.is_some() {
            o.push_str("<h2>The programme's own notes and caveats</h2>");
            blocks(o, &self.caveats);
            if let Some(line) = &self.caveats_left_out {
                let _ = write!(o, "<p><em>{}</em></p>", esc(line));
            }
        }
        if !self.warnings.is_empty() {
            o.push_str("<h2>Things a reader should know</h2><ul>");
            for w in &self.warnings {
                let _ = write!(o, "<li>{}</li>", esc(w));
            }
            o.push_str("</ul>");
        }
        o.push_str("<h2>What these figures do not claim</h2><ul>");
        for n in &self.not_claimed {
            let _ = write!(o, "<li>{}</li>", esc(n));
        }
        o.push_str("</ul><h2>Tables used</h2><ul class=\"small\">");
        for t in &self.tables {
            let _ = write!(
                o,
                "<li>{}: {}@{} (sha256 {})</li>",
                esc(&t.role),
                esc(&t.id),
                esc(&t.version),
                esc(&t.sha256)
            );
        }
        o.push_str("</ul>");
    }

    /// The assumptions table: each item's value and source, evidence, adjustments and present value.
    fn assumptions_table(&self, o: &mut String) {
        o.push_str("<h2>Assumptions</h2><table class=\"small a\"><colgroup><col class=\"i\"><col class=\"v\"><col class=\"e\"><col class=\"d\"><col class=\"m\"></colgroup><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Value and source</th><th scope=\"col\">Evidence</th><th scope=\"col\">Adjustments</th><th scope=\"col\">Present value</th></tr></thead><tbody>");
        for a in &self.assumptions {
            let note = if a.note.is_empty() {
                String::new()
            } else {
                format!("<br><em>{}</em>", esc(&a.note))
            };
            let _ = write!(
                o,
                "<tr><th scope=\"row\">{}<br><span class=\"small\">{}</span></th><td>{}<br>{}</td><td>{}{note}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(&a.item),
                esc(&a.kind),
                esc(&a.value),
                esc(&a.source),
                esc(&a.evidence),
                esc(&a.adjustments),
                format_gbp(a.amount)
            );
        }
        o.push_str("</tbody></table>");
    }
}

/// The most assumptions the report's first pages hold; a scenario with more has its assumptions
/// table in the appendix, so that the pages a funder reads stay within two A4 pages. (Six no
/// longer fit: Securing Change's six items, with its notes, evidence split and bands, ran to three
/// pages in Chromium's A4 print, tests/e2e/report.test.mjs.)
const MAX_ASSUMPTIONS_HERE: usize = 5;

/// The most break-even statements the first pages hold; more go to the appendix.
const MAX_BREAK_EVEN_HERE: usize = 4;

/// A note's text as paragraphs and lists ([`crate::notes::note_blocks`]).
fn blocks(o: &mut String, text: &str) {
    for b in crate::notes::note_blocks(text) {
        match b {
            crate::notes::NoteBlock::Paragraph(p) => {
                let _ = write!(o, "<p>{}</p>", esc(&p));
            }
            crate::notes::NoteBlock::List(items) => {
                o.push_str("<ul>");
                for i in items {
                    let _ = write!(o, "<li>{}</li>", esc(&i));
                }
                o.push_str("</ul>");
            }
        }
    }
}
