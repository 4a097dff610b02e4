//! Export and import a scenario (JSON), download the working as a workbook (xlsx) or CSV, share it as
//! a link, load per-family records (CSV), print. Files are read in the browser; nothing is sent anywhere.

use std::rc::Rc;

use socval::Scenario;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::Shared;

use crate::browser;
use crate::state::{Action, FunderReport, Import, ImportError, Notice, UserTable};

#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    /// The scenario to export or share.
    pub scenario: Shared<Scenario>,
    /// The records file in use (its name) and how many families it has.
    pub records: Option<(AttrValue, usize)>,
    /// The records' CSV text (saved with a named scenario, in this browser only).
    pub records_csv: Option<Shared<String>>,
    /// The names of the scenarios saved in this browser.
    pub saved: Rc<Vec<String>>,
    /// The funder report of the scenario on screen, once asked for.
    pub report: Option<Shared<FunderReport>>,
    /// Whether a finished analysis of this scenario is on screen (the report then has bands).
    pub analysis_current: bool,
    /// The table of the user's own, saved with a named scenario (in this browser only).
    pub user_table: Option<Shared<UserTable>>,
    /// The last file that could not be used (shown beside its control).
    pub import_error: Option<ImportError>,
    pub dispatch: Callback<Action>,
}

/// The funder report: made by the analysis module (fetched from this page's origin on first
/// use) from the scenario and records, opened in a new tab from a blob, and offered as a link and
/// a download. Nothing leaves the browser.
#[function_component(Report)]
fn report(p: &Props) -> Html {
    let ask = |print: bool| {
        let (s, records, with, dispatch) = (
            p.scenario.0.clone(),
            p.records_csv.clone(),
            p.analysis_current,
            p.dispatch.clone(),
        );
        Callback::from(move |_| {
            dispatch.emit(Action::ReportRequested);
            let (d, s) = (dispatch.clone(), s.clone());
            browser::funder_report(&s.to_json(), records.as_ref().map(|r| r.as_str()), with, move |r| {
                if let Ok(html) = &r {
                    browser::open_report(html, print);
                }
                d.emit(Action::ReportReady(s, r));
            });
        })
    };
    let html = p.report.as_ref().and_then(|r| r.html.clone());
    let banded = p.report.as_ref().is_some_and(|r| r.with_analysis);
    let url = use_memo(
        html.as_ref().and_then(|h| h.as_ref().ok()).map(|h| Shared(h.clone())),
        |h| h.as_ref().and_then(|h| browser::report_url(h)),
    );
    let pending = p.report.as_ref().is_some_and(|r| r.html.is_none());
    let name = file_name(&p.scenario.name).replace(".json", "-funder-report.html");
    html! {
        <div class="report">
            <div class="buttons">
                <button type="button" data-testid="funder-report" onclick={ask(false)} disabled={pending}>{ "Funder report" }</button>
                <button type="button" data-testid="print-report" onclick={ask(true)} disabled={pending}>{ "Print a summary" }</button>
            </div>
            <p class="hint">{ if p.analysis_current {
                "The report (one printable document with the working as an appendix) carries the P5–P95 bands of the analysis above. It is made in this browser."
            } else {
                "The report (one printable document with the working as an appendix) has no bands until the uncertainty analysis has been run. It is made in this browser."
            } }</p>
            <p role="status" data-testid="report-status">
                if pending { { "Making the funder report…" } }
                else if let Some(Err(e)) = &html { <span class="error">{ format!("The report could not be made: {e}") }</span> }
                else if let Some(u) = &*url {
                    { if banded { "The report, with the analysis' P5–P95 bands, opens in a new tab. " } else { "The report opens in a new tab. " } }
                    <a href={u.clone()} target="_blank" data-testid="report-open">{ "Open the funder report" }</a>
                    { " · " }
                    <a href={u.clone()} download={name} data-testid="report-download">{ "Download it (.html)" }</a>
                }
            </p>
        </div>
    }
}

/// Saves the scenario under `n` (with its records and the table of the user's own, in this
/// browser only) and says how it went.
fn save_as(p: &Props, n: &str) {
    let (s, records, table) = (&p.scenario, p.records_csv.as_ref(), p.user_table.as_ref());
    let table_kept = browser::save_named_table(n, table.map(|t| (t.file.as_str(), t.text.as_str())));
    let notice = match browser::save_named(n, &s.to_json(), records.map(|r| r.as_str())) {
        Ok(_) if !table_kept => Notice::error(format!(
            "Saved “{n}” in this browser, but your own table is too large for the browser's storage: load it again when you open it."
        )),
        Ok(true) if table.is_some() => Notice::info(format!(
            "Saved “{n}” in this browser, with your own table{} (they stay in this browser).",
            if records.is_some() {
                " and the family records"
            } else {
                ""
            }
        )),
        Ok(true) if records.is_some() => Notice::info(format!(
            "Saved “{n}” in this browser, with its family records (they stay in this browser)."
        )),
        Ok(true) => Notice::info(format!("Saved “{n}” in this browser.")),
        Ok(false) => Notice::error(format!(
            "Saved “{n}” in this browser, but its family records are too large for the browser's storage: load the records file again when you open it."
        )),
        Err(e) => Notice::error(format!("Could not save “{n}”: {e}.")),
    };
    p.dispatch.emit(Action::SavedList(browser::saved_names()));
    p.dispatch.emit(Action::Notice(Some(notice)));
}

/// `name (2)`, `name (3)`, …: the first not saved in this browser, for keeping both.
fn free_name(name: &str) -> String {
    (2..)
        .map(|i| format!("{name} ({i})"))
        .find(|n| browser::load_named(n).is_none())
        .unwrap_or_else(|| name.to_string())
}

/// Save under a name, open or delete a scenario saved in this browser. Each name is its own
/// storage entry, so two tabs never overwrite each other's saves; the list follows other tabs.
/// A name already saved (from this tab or another: the storage is read at the click) is not
/// overwritten without asking: replace it, keep both (the new one as `name (2)`), or cancel.
fn saved_scenarios(
    p: &Props,
    name: &UseStateHandle<String>,
    pick: &UseStateHandle<String>,
    asking: &UseStateHandle<Option<String>>,
) -> Html {
    let save = {
        let (p, name, asking) = (p.clone(), name.clone(), asking.clone());
        Callback::from(move |_| {
            let n = name.trim().to_string();
            let n = if n.is_empty() { p.scenario.name.clone() } else { n };
            if browser::load_named(&n).is_some() {
                asking.set(Some(n));
            } else {
                asking.set(None);
                save_as(&p, &n);
            }
        })
    };
    let answer = |keep_both: Option<bool>| {
        let (p, asking) = (p.clone(), asking.clone());
        Callback::from(move |_| {
            if let (Some(n), Some(both)) = ((*asking).clone(), keep_both) {
                save_as(&p, &if both { free_name(&n) } else { n });
            }
            asking.set(None);
            browser::focus("save");
        })
    };
    let chosen = || Some((**pick).clone()).filter(|n| !n.is_empty());
    let open = {
        let (dispatch, chosen) = (p.dispatch.clone(), chosen());
        Callback::from(move |_| {
            if let Some(n) = &chosen {
                match browser::load_named(n) {
                    Some((text, records)) => dispatch.emit(Action::OpenSaved {
                        name: n.clone(),
                        text,
                        records,
                        table: browser::load_named_table(n),
                    }),
                    None => dispatch.emit(Action::SavedList(browser::saved_names())),
                }
            }
        })
    };
    let delete = {
        let (dispatch, chosen, pick) = (p.dispatch.clone(), chosen(), pick.clone());
        Callback::from(move |_| {
            if let Some(n) = &chosen {
                browser::delete_named(n);
                pick.set(String::new());
                dispatch.emit(Action::SavedList(browser::saved_names()));
                dispatch.emit(Action::Notice(Some(Notice::info(format!(
                    "Deleted “{n}” from this browser."
                )))));
            }
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let on_pick = {
        let pick = pick.clone();
        Callback::from(move |e: Event| pick.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    html! {
        <div class="saved" data-testid="saved">
            <h3>{ "Saved in this browser" }</h3>
            <div class="buttons">
                <label for="save-name">{ "Name" }</label>
                <input id="save-name" data-testid="save-name" value={(**name).clone()} placeholder={p.scenario.name.clone()} oninput={on_name} />
                <button type="button" id="save" data-testid="save" onclick={save}>{ "Save" }</button>
            </div>
            if let Some(n) = &**asking {
                <div class="ask" role="group" aria-labelledby="save-ask" data-testid="save-ask">
                    <p id="save-ask">{ format!("A scenario called “{n}” is already saved in this browser. Replace it with this one, or keep both (this one as “{}”)?", free_name(n)) }</p>
                    <div class="buttons">
                        <button type="button" id="save-replace" data-testid="save-replace" onclick={answer(Some(false))}>{ "Replace it" }</button>
                        <button type="button" data-testid="save-keep-both" onclick={answer(Some(true))}>{ "Keep both" }</button>
                        <button type="button" data-testid="save-cancel" onclick={answer(None)}>{ "Cancel" }</button>
                    </div>
                </div>
            }
            if !p.saved.is_empty() {
                <div class="buttons">
                    <label for="saved-list">{ "Saved scenarios" }</label>
                    <select id="saved-list" data-testid="saved-list" onchange={on_pick}>
                        <option value="" selected={pick.is_empty()}>{ "choose…" }</option>
                        { for p.saved.iter().map(|n| html! { <option value={n.clone()} selected={**pick == *n}>{ n }</option> }) }
                    </select>
                    <button type="button" data-testid="open-saved" onclick={open} disabled={pick.is_empty()}>{ "Open" }</button>
                    <button type="button" data-testid="delete-saved" onclick={delete} disabled={pick.is_empty()}>{ "Delete" }</button>
                </div>
            }
        </div>
    }
}

/// A file input's change: read the chosen file in the browser, then dispatch what `action` makes
/// of its name and text (or, beside the control, why the browser cannot read it).
pub fn on_file(dispatch: &Callback<Action>, control: Import, action: fn(String, String) -> Action) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some((name, text)) = browser::read_file(&input).await {
                match text {
                    Ok(text) => dispatch.emit(action(name, text)),
                    Err(e) => dispatch.emit(Action::ImportFailed(Some(ImportError {
                        control,
                        text: format!("Could not read {name}: {e}"),
                        field: None,
                    }))),
                }
            }
        });
    })
}

fn file_name(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    format!("{}.json", if slug.is_empty() { "scenario".into() } else { slug })
}

#[function_component(Io)]
pub fn io(p: &Props) -> Html {
    let share = use_state(String::new);
    let save_name = use_state(String::new);
    let pick = use_state(String::new);
    let asking = use_state(|| None::<String>);
    // The question opens with its first answer focused (the keyboard is where the choice is).
    use_effect_with(asking.is_some(), |open| {
        if *open {
            browser::focus("save-replace");
        }
    });
    let export = {
        let (s, dispatch) = (p.scenario.clone(), p.dispatch.clone());
        Callback::from(move |_| {
            if browser::download(&file_name(&s.name), "application/json", &(s.to_json() + "\n")).is_err() {
                dispatch.emit(Action::Notice(Some(Notice::error("The browser refused the download."))));
            }
        })
    };
    // The working as an Excel workbook, made by the workbook module (fetched from this page's
    // origin on first use; socval-xlsx, as `socval evaluate --format xlsx` writes it) from the
    // scenario, with the records only while the page values with them (their file's name and
    // text). `browser::download_workbook` reports in the live region below.
    // The same module writes the working as CSV (`socval evaluate --format csv`).
    let working = |csv: bool| {
        let records = p
            .records
            .as_ref()
            .zip(p.records_csv.as_ref())
            .map(|((file, _), csv)| (file.clone(), csv.clone()));
        let ext = if csv { "-working.csv" } else { "-working.xlsx" };
        let (s, name) = (p.scenario.clone(), file_name(&p.scenario.name).replace(".json", ext));
        Callback::from(move |_| {
            let records = records.as_ref().map(|(file, csv)| (file.as_str(), csv.as_str()));
            browser::download_workbook(&s.to_json(), records, &name, csv);
        })
    };
    let (workbook, working_csv) = (working(false), working(true));
    let import = on_file(&p.dispatch, Import::Scenario, |name, text| Action::Import {
        name,
        text,
    });
    let records = on_file(&p.dispatch, Import::Records, |name, text| Action::Records {
        name,
        text,
    });
    // An import error that names a field the page has is tied to that field's input too.
    use_effect_with(p.import_error.clone(), |e| {
        let field = e
            .as_ref()
            .and_then(|e| e.field.clone().map(|f| (f, e.control.error_id())));
        if let Some((f, id)) = &field {
            browser::describe_input(f, Some(id));
        }
        move || {
            if let Some((f, _)) = field {
                browser::describe_input(&f, None);
            }
        }
    });
    let make_link = {
        let (s, share) = (p.scenario.clone(), share.clone());
        Callback::from(move |_| share.set(browser::share_link(&s.to_json())))
    };
    let clear_records = p.dispatch.reform(|_| Action::ClearRecords);
    html! {
        <section class="io" aria-label="Files, link and print">
            <h2>{ "Save, share, load" }</h2>
            <Report ..p.clone() />
            <div class="buttons">
                <button type="button" data-testid="export" onclick={export}>{ "Export scenario (JSON)" }</button>
                <button type="button" id="xlsx-button" data-testid="export-xlsx" onclick={workbook}>{ "Download workbook (.xlsx)" }</button>
                <button type="button" id="csv-button" data-testid="export-csv" onclick={working_csv}>{ "Download working (.csv)" }</button>
                <span role="status" id="workbook-status" data-testid="workbook-status"></span>
                <label class="file">{ "Import scenario (JSON)" }
                    { file_input(".json,application/json", "import", import, Import::Scenario, &p.import_error) }</label>
                { import_message(Import::Scenario, &p.import_error) }
                <label class="file">{ "Load per-family records (CSV)" }
                    { file_input(".csv,text/csv", "records", records, Import::Records, &p.import_error) }</label>
                { import_message(Import::Records, &p.import_error) }
                if let Some((name, families)) = &p.records {
                    <span class="records-note" data-testid="records-note">{ format!("Using {families} families from {name}. ") }
                        <button type="button" onclick={clear_records}>{ "Stop using records" }</button></span>
                }
            </div>
            if p.records.is_some() {
                <p class="hint" data-testid="records-privacy">{ "Family records stay in this browser: they are not in the exported scenario, the share link or the autosave. The workbook is the working of the figures on screen, so its counts come from them, but no family's row is in it. Whoever opens the link or the file sees the figures from the scenario's own counts and rates, not these records; send the records file separately if they should see the same figures." }</p>
            }
            { saved_scenarios(p, &save_name, &pick, &asking) }
            <p class="hint" data-testid="link-warning">{ "A share link or an exported scenario (JSON) carries the scenario's own counts and rates only, never family records: whoever opens it sees the aggregate figures." }</p>
            <div class="buttons">
                <button type="button" data-testid="share" onclick={make_link}>{ "Make a share link" }</button>
            </div>
            if !share.is_empty() {
                <p><label for="share-link">{ "Link (the scenario travels in the part after #, which browsers never send to a server):" }</label>
                <input id="share-link" data-testid="share-link" readonly=true value={(*share).clone()} /></p>
            }
        </section>
    }
}

/// A file input, marked invalid and described by its message while its last file was refused.
pub fn file_input(
    accept: &'static str,
    test_id: &'static str,
    onchange: Callback<Event>,
    control: Import,
    error: &Option<ImportError>,
) -> Html {
    let bad = error.as_ref().is_some_and(|e| e.control == control);
    html! {
        <input type="file" {accept} data-testid={test_id} {onchange} aria-invalid={bad.then_some("true")}
            aria-describedby={bad.then_some(control.error_id())} />
    }
}

/// The message beside a file control: a polite live region, always present so that a new
/// message is announced, holding why the last file was refused.
pub fn import_message(control: Import, error: &Option<ImportError>) -> Html {
    let id = control.error_id();
    let text = error.as_ref().filter(|e| e.control == control).map(|e| e.text.clone());
    html! {
        <p id={id} data-testid={id} class={classes!("import-error", text.is_some().then_some("error"))} role="status">{ text.unwrap_or_default() }</p>
    }
}
