//! The scenario under two table versions, or on the open tables and with a table of the user's
//! own (a licensed list), side by side.

use socval::compare::Comparison;
use socval::scenario::TableRefs;
use socval::tables::TableKind;
use socval::{Registry, Valuation};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Shared;

use super::io::{file_input, import_message, on_file};
use crate::state::{Action, Import, ImportError};
use crate::view::FigureTable;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The tables the scenario uses.
    pub tables: TableRefs,
    /// The pinned figures, and the figures now (given only while some are pinned).
    pub pinned: Option<Shared<Valuation>>,
    pub current: Option<Shared<Valuation>>,
    /// The other table version chosen (`id@version`), and the core's comparison with it.
    pub compare_with: Option<AttrValue>,
    pub comparison: Option<Result<Shared<Comparison>, String>>,
    /// The table of the user's own in use (what to call it), and the core's comparison of the
    /// scenario on the open tables with the scenario valued with it.
    pub user_table: Option<AttrValue>,
    pub user_comparison: Option<Result<Shared<FigureTable>, String>>,
    /// Whether that comparison is of the scenario on screen (else a new one is being made).
    pub user_comparison_current: bool,
    /// A table file being read (its name).
    pub reading: Option<AttrValue>,
    /// The last file that could not be used (shown beside its control when it is a table).
    pub import_error: Option<ImportError>,
    pub dispatch: Callback<Action>,
}

#[function_component(Compare)]
pub fn compare(p: &Props) -> Html {
    let t = &p.tables;
    let used = [&t.wellbeing, &t.unit_costs, &t.deflators];
    // Other versions of the tables the scenario uses.
    let options: Vec<String> = Registry::embedded()
        .list()
        .into_iter()
        .filter(|t| matches!(t.kind, TableKind::Wellbeing | TableKind::UnitCost | TableKind::Deflator))
        .map(|t| format!("{}@{}", t.id, t.version))
        .filter(|r| {
            let id = r.split('@').next().unwrap_or("");
            used.iter().any(|u| u.split('@').next() == Some(id)) && !used.contains(&r)
        })
        .collect();
    let on_change = p.dispatch.reform(|e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        Action::CompareWith(Some(s.value()))
    });
    let load = on_file(&p.dispatch, Import::Table, |name, text| Action::UserTable {
        name,
        text,
    });
    let stop = p.dispatch.reform(|_| Action::ClearUserTable);
    let pin = p.dispatch.reform(|_| Action::Pin);
    let unpin = p.dispatch.reform(|_| Action::Unpin);
    let pinned = match (&p.pinned, &p.current) {
        (Some(a), Some(b)) => Some(socval::compare::compare(a, b)),
        _ => None,
    };
    html! {
        <section class="compare" aria-label="Compare">
            <h2>{ "Compare two scenarios" }</h2>
            <p class="hint">{ "Pin the figures now on screen, then change the inputs, pick another template or import another scenario: both stay side by side." }</p>
            <div class="buttons">
                <button type="button" data-testid="pin" onclick={pin}>{ if p.pinned.is_some() { "Pin the current figures instead" } else { "Pin these figures" } }</button>
                if p.pinned.is_some() { <button type="button" onclick={unpin}>{ "Unpin" }</button> }
            </div>
            if let Some(c) = pinned { { figure_table(&FigureTable::of(&c), "pinned-comparison", "Pinned", "Now") } }
            <h2>{ "Compare with another table version" }</h2>
            if options.is_empty() {
                <p class="hint">{ "The embedded tables have no other version of the tables this scenario uses." }</p>
            } else {
                <label for="compare-with">{ "Value the same scenario with" }</label>
                <select id="compare-with" data-testid="compare-with" onchange={on_change}>
                    <option value="" selected={p.compare_with.is_none()}>{ "(no comparison)" }</option>
                    { for options.iter().map(|r| html! { <option value={r.clone()} selected={p.compare_with.as_deref() == Some(r.as_str())}>{ r }</option> }) }
                </select>
            }
            { match &p.comparison {
                None => html! {},
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                Some(Ok(c)) => figure_table(&FigureTable::of(c), "comparison", "Scenario's tables", "Compared with"),
            } }
            <h2>{ "Compare with a table of your own" }</h2>
            <p class="hint">{ "Load a table in socval's table format, TOML or JSON (for example a licensed value list). It replaces the scenario's table of the same id, or else of the same kind, and the scenario is valued with it beside the figures on the open tables. It stays in this browser: never in a share link, an export or the autosave; saving the scenario by name keeps it with the scenario here." }</p>
            <div class="buttons">
                <label class="file">{ "Load your own table (TOML or JSON)" }
                    { file_input(".toml,.json,application/json", "user-table", load, Import::Table, &p.import_error) }</label>
                if let Some(t) = &p.user_table {
                    <span data-testid="user-table-note">{ format!("Using {t}. ") }
                        <button type="button" data-testid="user-table-clear" onclick={stop}>{ "Stop using it" }</button></span>
                }
                { import_message(Import::Table, &p.import_error) }
            </div>
            <p role="status" class="hint" data-testid="user-table-status">
                if let Some(f) = &p.reading { { format!("Reading {f} in this browser…") } }
                else if p.user_table.is_some() && !p.user_comparison_current { { "Valuing your changes with your table…" } }
            </p>
            { match &p.user_comparison {
                None => html! {},
                Some(Err(e)) => html! { <p class="error" role="alert" data-testid="user-comparison-error">{ e }</p> },
                Some(Ok(c)) => figure_table(c, "user-comparison", "Open tables", "Your table"),
            } }
        </section>
    }
}

/// Two valuations' figures side by side, with the change (the core's comparison as rows).
fn figure_table(t: &FigureTable, id: &str, a: &str, b: &str) -> Html {
    html! {
        <div class="table-wrap" tabindex="0" role="region" aria-label={format!("Comparison: {}", t.caption)}>
        <table data-testid={id.to_string()}>
            <caption>{ &t.caption }</caption>
            <thead><tr><th scope="col">{ "Figure" }</th><th scope="col" class="num">{ a }</th><th scope="col" class="num">{ b }</th><th scope="col" class="num">{ "Change" }</th></tr></thead>
            <tbody>
                { for t.rows.iter().map(|r| html! {
                    <tr class={r.changed.then_some("changed")}><th scope="row">{ &r.label }</th><td class="num">{ &r.a }</td><td class="num">{ &r.b }</td><td class="num">{ &r.change }</td></tr>
                }) }
            </tbody>
            if t.moved {
                <tfoot><tr><td colspan="4" class="hint">{ "* a penny moved so that each side's items add up to its total: the change there may be rounding alone." }</td></tr></tfoot>
            }
        </table>
        </div>
    }
}
