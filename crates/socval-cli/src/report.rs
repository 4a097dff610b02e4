//! Text and CSV renderings of the core's results.

use socval::compare::Comparison;
use socval::money::format_gbp;
use socval::tables::{ProxyTable, TableInfo};
use socval::{Decimal, Scenario, Section, Valuation};
use std::fmt::Write as _;

/// A ratio as £ per £1, from the exact ratio rounded once to 2 places (half away from zero).
fn ratio(r: Option<Decimal>) -> String {
    socval::money::format_ratio_or_na(r)
}

/// The readable report: totals, per family, ratios, agencies, years, the working and its sources.
pub fn text(v: &Valuation, s: &Scenario, reg: &socval::Registry) -> String {
    let mut o = String::new();
    heading(&mut o, v, reg);
    headline(&mut o, v);
    evidence(&mut o, v);
    by_agency(&mut o, v);
    by_year(&mut o, v);
    assumptions(&mut o, s, reg);
    working(&mut o, v);
    closing(&mut o, v, s);
    o
}

/// The scenario, its families, prices and convention, its discounting and its tables.
fn heading(o: &mut String, v: &Valuation, reg: &socval::Registry) {
    let _ = writeln!(o, "{}", v.scenario);
    let _ = writeln!(
        o,
        "{} families{}, £ at {} prices, {} convention; method {}",
        v.families,
        if v.from_records {
            " (from per-family records)"
        } else {
            ""
        },
        v.price_year,
        match v.discount_convention {
            socval::scenario::DiscountConvention::Sroi => "SROI: year 1 discounted",
            socval::scenario::DiscountConvention::GreenBook => "Green Book: year 1 undiscounted",
        },
        v.method
    );
    let _ = writeln!(
        o,
        "Discounting: wellbeing {}; fiscal savings and costs {}; costs in year 0 are paid up front",
        v.discounting.wellbeing.name(),
        v.discounting.standard.name()
    );
    let _ = writeln!(o, "Tables:");
    for t in &v.tables {
        let _ = writeln!(o, "  {:<11} {}@{}  sha256 {}", t.role, t.id, t.version, t.sha256);
    }
    // A table of one's own that overlays another: which rows are whose.
    for t in &v.tables {
        if let Some(note) = reg
            .get(&format!("{}@{}", t.id, t.version))
            .and_then(|t| t.overlay_note())
        {
            let _ = writeln!(o, "  ({note})");
        }
    }
}

/// The headline figures, total and per family, the ratios, net present values and break-even.
fn headline(o: &mut String, v: &Valuation) {
    let d = &v.display;
    let _ = writeln!(o, "\n{:<28}{:>18}{:>18}", "", "total (PV)", "per family");
    let _ = writeln!(
        o,
        "{:<28}{:>18}{:>18}",
        "Social value",
        format_gbp(d.social_value),
        format_gbp(d.social_value_per_family)
    );
    let _ = writeln!(
        o,
        "{:<28}{:>18}{:>18}",
        "Fiscal savings",
        format_gbp(d.fiscal_savings),
        format_gbp(d.fiscal_savings_per_family)
    );
    let _ = writeln!(o, "{:<28}{:>18}", "  of which cashable", format_gbp(d.cashable_savings));
    let _ = writeln!(
        o,
        "{:<28}{:>18}{:>18}",
        "Programme cost",
        format_gbp(d.programme_cost),
        format_gbp(d.cost_per_family)
    );
    if let (Some(c), Some(pf)) = (d.combined, d.combined_per_family) {
        let _ = writeln!(
            o,
            "{:<28}{:>18}{:>18}",
            "Combined (as the scenario asks)",
            format_gbp(c),
            format_gbp(pf)
        );
    }
    let t = &v.totals;
    let _ = writeln!(o);
    let _ = writeln!(o, "Social value ratio          {}", ratio(t.sroi_social));
    let _ = writeln!(o, "Fiscal savings ratio        {}", ratio(t.sroi_fiscal));
    if d.combined.is_some() {
        let _ = writeln!(o, "Combined ratio              {}", ratio(t.sroi_combined));
    }
    let _ = writeln!(o, "NPV, social value           {}", format_gbp(d.npv_social));
    let _ = writeln!(o, "NPV, fiscal savings         {}", format_gbp(d.npv_fiscal));
    if let Some(n) = d.npv_combined {
        let _ = writeln!(o, "NPV, combined               {}", format_gbp(n));
    }
    if let Some(note) = v.rounding_note() {
        let _ = writeln!(o, "{note}");
    }
    let be = |b: Option<Decimal>| socval::money::format_break_even(b, t.programme_cost);
    let _ = writeln!(o, "Break-even, social value    {}", be(d.break_even_families_social));
    let _ = writeln!(o, "Break-even, fiscal savings  {}", be(d.break_even_families_fiscal));
}

/// Fiscal savings by agency, with the cashable part and the total.
fn by_agency(o: &mut String, v: &Valuation) {
    let d = &v.display;
    if !v.by_agency.is_empty() {
        let _ = writeln!(o, "\nFiscal savings by agency (PV)");
        for a in &v.by_agency {
            let _ = writeln!(
                o,
                "  {:<26}{:>18}   cashable {}",
                a.agency,
                format_gbp(a.rounded),
                format_gbp(a.cashable_rounded)
            );
        }
        let _ = writeln!(
            o,
            "  {:<26}{:>18}   cashable {}",
            "Total",
            format_gbp(d.fiscal_savings),
            format_gbp(d.cashable_savings)
        );
    }
}

/// The figures year by year, with the totals.
fn by_year(o: &mut String, v: &Valuation) {
    let d = &v.display;
    if !v.by_year.is_empty() {
        let _ = writeln!(
            o,
            "\nBy year (PV)          social value    fiscal savings    fiscal (undiscounted)    programme cost"
        );
        for y in &v.by_year {
            let r = &y.rounded;
            let _ = writeln!(
                o,
                "  year {:<4}{:>22}{:>18}{:>25}{:>18}",
                y.year,
                format_gbp(r.social_value),
                format_gbp(r.fiscal_savings),
                format_gbp(r.fiscal_savings_undiscounted),
                format_gbp(r.programme_cost)
            );
        }
        let _ = writeln!(
            o,
            "  {:<9}{:>22}{:>18}{:>25}{:>18}",
            "Total",
            format_gbp(d.social_value),
            format_gbp(d.fiscal_savings),
            format_gbp(socval::money::to_penny(v.fiscal_savings_undiscounted)),
            format_gbp(d.programme_cost)
        );
    }
}

/// The working, section by section: each line, its formula and its penny, then the section's total.
fn working(o: &mut String, v: &Valuation) {
    for section in [Section::SocialValue, Section::FiscalSavings, Section::ProgrammeCost] {
        let lines: Vec<_> = v.section_lines(section).collect();
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\nWorking: {}", section.title());
        for l in &lines {
            let src = v.citation_of(l).map(|i| format!(" [{i}]")).unwrap_or_default();
            let proxy = match (&l.table, &l.row) {
                (Some(t), Some(r)) => format!(
                    "{t} / {r} [{}{}{}]",
                    l.evidence.map_or("unstated", |e| e.as_str()),
                    l.confidence.map(|c| format!(", grade {c}")).unwrap_or_default(),
                    match l.rests_on {
                        Some(e) if Some(e) != l.evidence => format!("; counts as {e}, its deadweight level's status"),
                        _ => String::new(),
                    }
                ),
                _ => String::new(),
            };
            let mut who = String::new();
            if l.age_band != "all" {
                who.push_str(&format!(", aged {}", l.age_band));
            }
            if l.region != "all" {
                who.push_str(&format!(", {}", l.region));
            }
            let agency = l
                .agency
                .as_ref()
                .map(|a| format!(", {a}{}", if l.cashable == Some(true) { ", cashable" } else { "" }))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "{:>4}. {} — year {}{}{}: {}{}",
                l.n, l.label, l.year, who, agency, proxy, src
            );
            let _ = writeln!(o, "      {} (price year {})", l.working, l.price_year);
            // The working's own text ends with the line's penny figure (and says so where a penny
            // was moved to make the lines add up).
            let _ = writeln!(o, "      {:>60}", format_gbp(l.rounded));
        }
        let total = match section {
            Section::SocialValue => v.display.social_value,
            Section::FiscalSavings => v.display.fiscal_savings,
            Section::ProgrammeCost => v.display.programme_cost,
        };
        let _ = writeln!(
            o,
            "      {:>60}",
            format!("Total {}: {}", section.title().to_lowercase(), format_gbp(total))
        );
    }
}

/// The sources cited, the notes (warnings) and the scenario's own notes.
fn closing(o: &mut String, v: &Valuation, s: &Scenario) {
    let sources = v.sources();
    if !sources.is_empty() {
        let _ = writeln!(o, "\nSources");
        for (i, c) in sources.iter().enumerate() {
            let _ = writeln!(
                o,
                "  [{}] {} (via {})",
                i + 1,
                c.full(),
                c.table.as_deref().unwrap_or_default()
            );
        }
    }
    if !v.warnings.is_empty() {
        let _ = writeln!(o, "\nNotes");
        for w in &v.warnings {
            let _ = writeln!(o, "  - {w}");
        }
    }
    if !s.notes.is_empty() {
        let _ = writeln!(
            o,
            "\nHow this compares with the published figure\n  {}",
            s.notes.trim().replace('\n', "\n  ")
        );
    }
}

/// The evidence behind each headline figure: the core's rounded parts by status (they add up to
/// the figure), its words, and what a minimum evidence status left out.
fn evidence(o: &mut String, v: &Valuation) {
    let statuses = socval::tables::EvidenceStatus::ALL;
    let _ = writeln!(
        o,
        "\nEvidence behind each total (PV), by the status of the rows behind its lines"
    );
    let _ = write!(o, "  {:<26}", "");
    for st in statuses {
        let _ = write!(o, "{:>16}", st.as_str());
    }
    let _ = writeln!(o, "{:>18}", "total");
    let totals = [
        v.display.social_value,
        v.display.fiscal_savings,
        v.display.cashable_savings,
    ]
    .into_iter()
    .chain(v.display.combined);
    for ((name, parts), total) in v.evidence.figures().into_iter().zip(totals) {
        let _ = write!(o, "  {name:<26}");
        for p in parts {
            let _ = write!(o, "{:>16}", format_gbp(p.rounded));
        }
        let _ = writeln!(o, "{:>18}", format_gbp(total));
        if let Some(words) = socval::evidence::evidence_words(parts) {
            let _ = writeln!(o, "    {}, {words}", format_gbp(total));
        }
    }
    if let Some(min) = v.min_evidence {
        let _ = writeln!(o, "  {}", socval::evidence::left_out_note(min, &v.left_out));
    }
}

/// Each item's adjustments in force and where each comes from, as the core resolves them.
fn assumptions(o: &mut String, s: &Scenario, reg: &socval::Registry) {
    use socval::adjust::{Adjustment, ItemRef};
    let items: Vec<ItemRef> = (0..s.outcomes.len())
        .map(ItemRef::Outcome)
        .chain((0..s.avoided.len()).map(ItemRef::Avoided))
        .collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(o, "\nAssumptions in force, and where each comes from");
    let mut chosen: Vec<&'static socval::levels::Level> = Vec::new();
    for item in items {
        let parts: Vec<String> = Adjustment::ALL
            .iter()
            .filter_map(|&a| {
                let f = socval::adjust::in_force(s, reg, item, a).ok()?;
                if let Some(l) = f.level.filter(|l| !chosen.contains(l)) {
                    chosen.push(l);
                }
                Some(f.describe(a))
            })
            .collect();
        let _ = writeln!(
            o,
            "  {:<40} {}",
            socval::adjust::item_label(s, reg, item),
            parts.join(", ")
        );
    }
    if !chosen.is_empty() {
        let _ = writeln!(o, "\nNamed levels chosen ({})", socval::levels::LEVELS_VERSION);
        for l in chosen {
            let _ = writeln!(
                o,
                "  {}\n    range: {}\n    source: {}",
                l.summary(),
                l.range_basis,
                l.citation()
            );
        }
    }
}

/// The table listing.
pub fn tables(list: &[TableInfo]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{:<34}{:<11}{:>6}  {:<10}sha256", "table", "kind", "rows", "origin");
    for t in list {
        let _ = writeln!(
            o,
            "{:<34}{:<11}{:>6}  {:<10}{}",
            format!("{}@{}", t.id, t.version),
            t.kind.to_string(),
            t.rows,
            if t.embedded { "embedded" } else { "loaded" },
            t.sha256
        );
        let _ = writeln!(o, "    {}", t.title);
        if let Some(last) = t.changelog.last() {
            let _ = writeln!(o, "    {last}");
        }
    }
    o
}

/// One table's rows and sources.
pub fn show(t: &ProxyTable) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — {} ({})\nsha256 {}\nlicence: {}",
        t.reference(),
        t.title,
        t.kind,
        t.sha256,
        t.licence
    );
    if !t.description.is_empty() {
        let _ = writeln!(o, "{}", t.description);
    }
    for r in &t.rows {
        let _ = writeln!(
            o,
            "\n{} [{} {}] — {}\n  {} per {} at {} prices{}; evidence: {}{}{}",
            r.id,
            r.age_band.as_str(),
            r.region.as_str(),
            r.label,
            format_gbp(r.value),
            r.unit,
            t.row_price_year(r),
            r.agency.as_ref().map(|a| format!("; borne by {a}")).unwrap_or_default(),
            r.evidence(),
            r.confidence.map(|c| format!(", grade {c}")).unwrap_or_default(),
            if r.is_assumption() { "; ASSUMPTION" } else { "" }
        );
        if let Some(u) = &r.units_per_event {
            let range = match (u.low, u.high) {
                (Some(l), Some(h)) => format!(" ({l}–{h})"),
                _ => String::new(),
            };
            let _ = writeln!(o, "  × {}{range} {} per avoided event", u.value, u.label);
        }
        if !r.derivation.is_empty() {
            let _ = writeln!(o, "  derivation: {}", r.derivation);
        }
        if let Some(d) = &r.derived {
            let inputs: Vec<String> = d.inputs.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            let _ = writeln!(o, "  derived: {} with {}", d.formula, inputs.join(", "));
        }
        if let Some(s) = t.source(&r.source) {
            let _ = writeln!(
                o,
                "  source: {}, {} ({}), {} — {}",
                s.publisher,
                s.title,
                s.year,
                r.locator,
                s.address()
            );
        }
    }
    for y in &t.years {
        let _ = writeln!(o, "  {}  {}", y.year, y.index);
    }
    o
}

/// A side-by-side comparison.
pub fn comparison(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "A: {}\nB: {}", c.a, c.b);
    for (a, b) in &c.tables_changed {
        let _ = writeln!(o, "table changed: {a} → {b}");
    }
    let _ = writeln!(o, "\n{:<34}{:>18}{:>18}{:>18}", "", "A", "B", "B − A");
    for d in c.totals.iter().chain(c.items.iter()) {
        let ratio = d.measure == socval::compare::Measure::Ratio;
        // Ratios as the valuation rounded them once (4 places); money to the penny.
        let f = |x: Decimal| if ratio { x.to_string() } else { format_gbp(x) };
        let mark = if d.moved { " *" } else { "" };
        let _ = writeln!(
            o,
            "{:<34}{:>18}{:>18}{:>18}{mark}",
            d.label,
            f(d.a),
            f(d.b),
            f(d.change)
        );
    }
    if c.items.iter().any(|d| d.moved) {
        let _ = writeln!(
            o,
            "* a penny moved so that the items add up to their total; the exact change is in the JSON output (exact_change)"
        );
    }
    o
}
