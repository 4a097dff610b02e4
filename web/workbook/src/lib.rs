//! The page's Excel workbook, as a third WebAssembly module: the page's first load carries none
//! of the xlsx writer. `web/workbook.js` fetches this module from the same origin the first
//! time the person asks for the workbook, and offers its bytes as a download.
//!
//! The workbook is `socval_xlsx::workbook` of the core's valuation, the very function the CLI's
//! `socval evaluate --format xlsx` calls, on the scenario (and the records the page values with,
//! and any tables of the person's own it holds) that the page sends: the same scenario gives the
//! same bytes on the page and on the command line. This crate holds no rule of the method.

use socval::records::Records;
use socval::tables::ProxyTable;
use socval::{Registry, Scenario};
use wasm_bindgen::prelude::*;

/// The xlsx bytes of the working of `scenario_json` (the page's scenario, as the core writes it),
/// valued with `records_csv` (the per-family records the page values with, if any, from the file
/// `records_file`, which the workbook's warnings name as the CLI's name the file) and on the
/// embedded tables plus `tables` (tables of the person's own, TOML or JSON, as the CLI's
/// `--tables`). A scenario, records or table that cannot be read, or a workbook that cannot be
/// written, is a JavaScript `Error` with the core's message; nothing here panics on input.
#[wasm_bindgen]
pub fn workbook(
    scenario_json: &str,
    records_csv: Option<String>,
    records_file: Option<String>,
    tables: Vec<String>,
) -> Result<Vec<u8>, JsError> {
    let records = records_csv
        .as_deref()
        .map(|csv| (records_file.as_deref().unwrap_or("records"), csv));
    workbook_bytes(scenario_json, records, &tables).map_err(|e| JsError::new(&e))
}

/// The core's valuation of the page's scenario (with its records and tables of the person's own)
/// and the scenario's hash: what the workbook and the CSV are written from.
fn valuation(
    scenario_json: &str,
    records: Option<(&str, &str)>,
    tables: &[String],
) -> Result<(socval::Valuation, String), String> {
    let own;
    let reg = if tables.is_empty() {
        Registry::embedded()
    } else {
        own = registry(tables)?;
        &own
    };
    let scenario = Scenario::from_json_str("scenario", scenario_json).map_err(|e| e.to_string())?;
    let records = records
        .map(|(file, csv)| Records::read(file, csv, socval::records::PAGE_MAX_RECORD_ROWS, &scenario))
        .transpose()
        .map_err(|e| e.to_string())?;
    let v = socval::evaluate(&scenario, records.as_ref(), reg).map_err(|e| e.to_string())?;
    Ok((v, socval::identity::scenario_sha256(&scenario)))
}

/// [`workbook`] without the browser (records as the file's name and text): the bytes, or the
/// message to show.
pub fn workbook_bytes(
    scenario_json: &str,
    records: Option<(&str, &str)>,
    tables: &[String],
) -> Result<Vec<u8>, String> {
    let (v, sha) = valuation(scenario_json, records, tables)?;
    socval_xlsx::workbook(&v, &sha).map_err(|e| e.to_string())
}

/// The working as CSV, one row a line (`socval_xlsx::lines_csv`, the file the CLI's
/// `socval evaluate --format csv` writes), of the same scenario, records and tables as
/// [`workbook`]; a JavaScript `Error` with the core's message where they cannot be read.
#[wasm_bindgen]
pub fn working_csv(
    scenario_json: &str,
    records_csv: Option<String>,
    records_file: Option<String>,
    tables: Vec<String>,
) -> Result<String, JsError> {
    let records = records_csv
        .as_deref()
        .map(|csv| (records_file.as_deref().unwrap_or("records"), csv));
    csv_text(scenario_json, records, &tables).map_err(|e| JsError::new(&e))
}

/// [`working_csv`] without the browser: the CSV text, or the message to show.
pub fn csv_text(scenario_json: &str, records: Option<(&str, &str)>, tables: &[String]) -> Result<String, String> {
    let (v, sha) = valuation(scenario_json, records, tables)?;
    socval_xlsx::lines_csv(&v, &sha).map_err(|e| e.to_string())
}

/// The embedded tables and the person's own, read as the CLI reads `--tables` files.
fn registry(tables: &[String]) -> Result<Registry, String> {
    let mut reg = Registry::embedded().clone();
    for (i, text) in tables.iter().enumerate() {
        let file = format!("table {}", i + 1);
        if text.trim_start().starts_with('{') {
            let t = ProxyTable::from_json_str(&file, text).map_err(|e| e.to_string())?;
            reg.add(&file, t).map_err(|e| e.to_string())?;
        } else {
            reg.add_toml(&file, text).map_err(|e| e.to_string())?;
        }
    }
    Ok(reg)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of a refusal (a workbook made instead fails the test, without its bytes).
    fn refused(r: Result<Vec<u8>, String>) -> String {
        match r {
            Ok(bytes) => panic!("a workbook was made ({} bytes)", bytes.len()),
            Err(e) => e,
        }
    }

    /// The CLI's path: `evaluate_named` of the scenario's file, then `socval_xlsx::workbook`.
    fn cli_workbook(s: &Scenario, records: Option<&Records>, reg: &Registry) -> Vec<u8> {
        let v = socval::evaluate_named("scenario.toml", s, records, reg).unwrap();
        socval_xlsx::workbook(&v, &socval::identity::scenario_sha256(s)).unwrap()
    }

    /// Every shipped scenario gives the CLI's workbook, byte for byte, from the page's JSON.
    #[test]
    fn the_pages_workbook_is_the_clis() {
        for t in socval::templates() {
            let s = t.scenario().unwrap();
            let page = workbook_bytes(&s.to_json(), None, &[]).unwrap();
            assert!(page.starts_with(b"PK"), "{}: an xlsx (zip) file", t.id);
            assert_eq!(page, cli_workbook(&s, None, Registry::embedded()), "{}", t.id);
        }
    }

    /// Every shipped scenario gives the CLI's `--format csv` text from the page's JSON.
    #[test]
    fn the_pages_csv_is_the_clis() {
        for t in socval::templates() {
            let s = t.scenario().unwrap();
            let page = csv_text(&s.to_json(), None, &[]).unwrap();
            let v = socval::evaluate_named("scenario.toml", &s, None, Registry::embedded()).unwrap();
            assert_eq!(
                page,
                socval_xlsx::lines_csv(&v, &socval::identity::scenario_sha256(&s)).unwrap(),
                "{}",
                t.id
            );
            assert!(page.starts_with("scenario,scenario_sha256,n,section,"), "{}", t.id);
            assert_eq!(page.lines().count(), v.lines.len() + 1, "{}: a row a line", t.id);
        }
        let e = csv_text("{", None, &[]).unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }

    /// With the page's records, the workbook is the CLI's with the same records.
    #[test]
    fn values_the_records_it_is_sent() {
        let s = socval::templates()[0].scenario().unwrap();
        let csv = format!("family_id,{}\nF1,yes\nF2,no\nF3,yes\n", s.outcomes[0].id);
        let records = Records::from_csv_str("families.csv", &csv).unwrap();
        let with = workbook_bytes(&s.to_json(), Some(("families.csv", &csv)), &[]).unwrap();
        assert_eq!(with, cli_workbook(&s, Some(&records), Registry::embedded()));
        assert_ne!(with, workbook_bytes(&s.to_json(), None, &[]).unwrap());
    }

    /// A table of the person's own is read as the CLI's `--tables` reads it, and used when the
    /// scenario names it.
    #[test]
    fn reads_the_persons_tables() {
        let mut s = socval::templates()[0].scenario().unwrap();
        let shipped = include_str!("../../../proxies/wellbeing-open/2.0.0.toml");
        let own = shipped.replacen("version = \"2.0.0\"", "version = \"2.0.0-own\"", 1);
        let plain = workbook_bytes(&s.to_json(), None, &[]).unwrap();
        // Held but not used: the same workbook.
        assert_eq!(
            workbook_bytes(&s.to_json(), None, std::slice::from_ref(&own)).unwrap(),
            plain
        );
        s.tables.wellbeing = "wellbeing-open@2.0.0-own".into();
        let mut reg = Registry::embedded().clone();
        reg.add_toml("own.toml", &own).unwrap();
        let with = workbook_bytes(&s.to_json(), None, &[own]).unwrap();
        assert_eq!(with, cli_workbook(&s, None, &reg));
        let bad = refused(workbook_bytes(&s.to_json(), None, &["id = ".into()]));
        assert!(bad.contains("table 1"), "{bad}");
    }

    /// Bad input is a message naming what is wrong, never a panic.
    #[test]
    fn bad_input_is_a_message() {
        let e = refused(workbook_bytes("{", None, &[]));
        assert!(e.contains("scenario"), "{e}");
        let s = socval::templates()[0].scenario().unwrap();
        let csv = format!("family_id,{}\n,yes\n", s.outcomes[0].id);
        let e = refused(workbook_bytes(&s.to_json(), Some(("families.csv", &csv)), &[]));
        assert!(e.contains("families.csv"), "{e}");
    }
}
