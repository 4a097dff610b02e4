//! Per-family records (CSV), read as a stream: each row is checked and counted as it is read, and
//! nothing per family is kept (no copy of the rows, no map per family).
//!
//! What a valuation needs from the records is small: people per outcome, age band and region
//! (at most items × 4 × 3 counts), events per avoided item, and per measured item the people
//! measured and the points gained. [`Records::stream`] reads a records CSV from any reader and
//! keeps only that summary; [`Records::from_csv_str`] checks a text and keeps the text, which is
//! read again (in the same streamed way) each time it is valued.
//!
//! Every per-family check stays: the exclusive groups person by person, unknown members,
//! duplicate family ids (a 64-bit hash of each id, 8 bytes a family, sorted once the file is read;
//! a repeated hash is re-checked exactly by reading the file again, so a hash collision never
//! refuses a file, and the first repeated id is reported at its line), with the line
//! and column of each error.

use crate::error::{Error, Location, Place, Result};
use crate::scenario::{MAX_FAMILIES, RecordsFormat, Scenario};
use crate::tables::{Region, Registry};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

mod cells;
mod counted;
mod facts;
mod format;
mod gather;
mod rows;

pub use crate::records_template::records_template;
pub(crate) use facts::{LEFT_OUT_LISTED, RecordFacts};

use format::Format;
use gather::gather;
use rows::{Rows, read_head};

/// A reader that can seek back (for the second look at repeated ids): what
/// [`Records::stream`] reads from, as one type.
trait ReadSeek: Read + Seek {}

impl<T: Read + Seek> ReadSeek for T {}

/// Most families (rows) a records file may hold: room for a national file (about 8 million UK
/// families with dependent children, ONS 2022). Memory while reading is bounded by it: about
/// 8 to 10 bytes a family for the duplicate-id check, nothing else per family.
pub const MAX_RECORD_ROWS: u32 = MAX_FAMILIES;

/// Most families the page reads from a records file: the page keeps the file's text and reads it
/// again whenever it values the scenario, in the browser's memory. The page enforces it (the core
/// accepts up to [`MAX_RECORD_ROWS`]).
pub const PAGE_MAX_RECORD_ROWS: u32 = 200_000;

/// Longest line of a records file, in bytes (a row with every item of a scenario at its limits is
/// well under it): a longer line is refused before it fills memory.
pub const MAX_RECORD_LINE: usize = 1024 * 1024;

/// The number of families in a records file (the rows are not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Families(usize);

impl Families {
    /// Number of families.
    pub fn len(&self) -> usize {
        self.0
    }

    /// Whether there are none (a records file always has at least one).
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

/// Per-family records: one CSV row per family.
///
/// Columns: `family_id` (required), `members` (optional: `name[:age band]` separated by `;`, default
/// one member `parent`), `region` (optional), then one column per scenario item, named by the item's
/// id. An outcome column lists the members who achieved it (`mother;child1`), or `yes`/`1` for the
/// first member, or `no`/`0`/empty for none. An avoided column holds the number of events avoided.
///
/// Two ways in: [`Records::from_csv_str`] checks a text (everything that does not depend on a
/// scenario) and keeps it, to be valued against any scenario; [`Records::stream`] reads a file
/// once, against one scenario, and keeps only what the valuation needs (memory independent of
/// the number of families, but for the duplicate-id check).
///
/// ```
/// let csv = "family_id,members,confidence\nF1,mother:25-49,yes\nF2,mother:under-25,\n";
/// let r = socval::records::Records::from_csv_str("families.csv", csv).unwrap();
/// assert_eq!(r.families.len(), 2);
/// assert_eq!(r.columns, vec!["confidence"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Records {
    /// Name of the input, for errors.
    pub file: String,
    /// Item columns, in order.
    pub columns: Vec<String>,
    /// How many families the file holds.
    pub families: Families,
    #[serde(skip)]
    source: Source,
    #[serde(skip)]
    format: Format,
    #[serde(skip)]
    max_rows: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// The checked text, read again for each valuation.
    Text(Arc<str>),
    /// The facts, gathered for one scenario (the key says which).
    Facts(Arc<(FactsKey, RecordFacts)>),
}

/// What of a scenario the records' facts depend on.
#[derive(Debug, Clone, PartialEq)]
struct FactsKey {
    wellbeing: String,
    region: Region,
    families: u32,
    outcomes: Vec<(String, String)>,
    avoided: Vec<String>,
    measured: Vec<(String, [Decimal; 2], Decimal, Option<Decimal>)>,
}

impl FactsKey {
    fn of(s: &Scenario) -> Self {
        FactsKey {
            wellbeing: s.tables.wellbeing.clone(),
            region: s.region,
            families: s.families,
            outcomes: s.outcomes.iter().map(|o| (o.id.clone(), o.proxy.clone())).collect(),
            avoided: s.avoided.iter().map(|a| a.id.clone()).collect(),
            measured: s
                .measured
                .iter()
                .map(|m| (m.id.clone(), m.scale, m.counterfactual_change, m.exchange_rate))
                .collect(),
        }
    }
}

impl Records {
    /// Parses a records CSV, checking everything that does not depend on a scenario (the header,
    /// family ids and their duplicates, members, regions). Item columns are resolved against a
    /// scenario, and the cells read, by [`crate::evaluate`]. Keeps the text (not the rows).
    pub fn from_csv_str(file: &str, text: &str) -> Result<Self> {
        Self::from_csv_str_at_most(file, text, MAX_RECORD_ROWS)
    }

    /// As [`Records::from_csv_str`], refusing more than `max_rows` families (at most
    /// [`MAX_RECORD_ROWS`]) with a located error: the page reads at most
    /// [`PAGE_MAX_RECORD_ROWS`].
    ///
    /// ```
    /// let csv = "family_id\nF1\nF2\nF3\n";
    /// let e = socval::records::Records::from_csv_str_at_most("f.csv", csv, 2).unwrap_err();
    /// assert!(e.to_string().contains("more than 2 families"));
    /// ```
    pub fn from_csv_str_at_most(file: &str, text: &str, max_rows: u32) -> Result<Self> {
        Self::from_csv_str_with(file, text, max_rows, None)
    }

    /// The one way every face reads a records text for a scenario (the page, its analysis and
    /// workbook modules, the JS API): as the scenario's `[records]` says (its delimiter, its
    /// headers mapped to socval's names), refusing more than `max_rows` families. The CLI's
    /// [`Records::stream_named`] reads a file with the same settings and the same checks, so both
    /// give the same figures for the same file (a property test checks it).
    ///
    /// ```
    /// let mut s = socval::template("step-together").unwrap().scenario().unwrap();
    /// let id = s.outcomes[0].id.clone();
    /// let mut f = socval::scenario::RecordsFormat::default();
    /// f.delimiter = Some(";".into());
    /// f.columns.insert("Case ref".into(), "family_id".into());
    /// s.records = Some(f);
    /// let csv = format!("Case ref;members;{id}\nF1;mother:25-49;mother\n");
    /// let r = socval::records::Records::read("export.csv", &csv, 100, &s).unwrap();
    /// assert_eq!(r.families.len(), 1);
    /// ```
    pub fn read(file: &str, text: &str, max_rows: u32, scenario: &Scenario) -> Result<Self> {
        Self::from_csv_str_with(file, text, max_rows, scenario.records.as_ref())
    }

    /// As [`Records::from_csv_str_at_most`], reading the text as a scenario's `[records]` says
    /// (its delimiter, its headers mapped to socval's names). Extra columns are kept out of the
    /// valuation with a warning; rows with every cell empty are skipped.
    ///
    /// ```
    /// use socval::scenario::RecordsFormat;
    /// let csv = "Case ref;Worker;confidence\nF1;Ann;yes\n;;\n";
    /// let mut f = RecordsFormat::default();
    /// f.columns.insert("Case ref".into(), "family_id".into());
    /// let r = socval::records::Records::from_csv_str_with("export.csv", csv, 100, Some(&f)).unwrap();
    /// assert_eq!(r.families.len(), 1);
    /// assert_eq!(r.columns, vec!["Worker", "confidence"]);
    /// ```
    pub fn from_csv_str_with(file: &str, text: &str, max_rows: u32, format: Option<&RecordsFormat>) -> Result<Self> {
        let format = Format::of(format, &text.as_bytes()[..text.len().min(64 * 1024)]);
        // An unterminated quote is refused by the reader (`check_quotes`), as when streamed.
        let mut rows = Rows::open(file, Cursor::new(text.as_bytes()), &format)?;
        rows.max_rows = max_rows.min(MAX_RECORD_ROWS);
        let n = rows.each(true, |_| Ok(()))?;
        Ok(Records {
            file: file.to_string(),
            columns: rows.columns(),
            families: Families(n),
            source: Source::Text(Arc::from(text)),
            format,
            max_rows: rows.max_rows,
        })
    }

    /// [`Records::stream_named`] once the engine's setup has checked the scenario (the engine
    /// holds that entry point, so that the records are read below it).
    pub(crate) fn stream_checked<R: Read + Seek>(
        file: &str,
        reader: R,
        scenario: &Scenario,
        registry: &Registry,
    ) -> Result<Self> {
        let mut reader = reader;
        Self::stream_from(file, &mut reader, scenario, registry)
    }

    /// [`Records::stream_checked`] for any reader, compiled once here: the reading code is not
    /// generic over the caller's reader, so the CLI, the benches and any other caller run the
    /// same machine code (a call through the reader's table per 64 KiB read).
    fn stream_from(
        file: &str,
        mut reader: &mut dyn ReadSeek,
        scenario: &Scenario,
        registry: &Registry,
    ) -> Result<Self> {
        let head = read_head(&mut reader).map_err(|e| Error::Syntax {
            place: Box::new(Place::new(file, Location::line(1), "")),
            message: format!("cannot read the records: {e}"),
        })?;
        let format = Format::of(scenario.records.as_ref(), &head);
        let mut rows = Rows::open(file, reader, &format)?;
        let facts = gather(&mut rows, true, scenario, registry)?;
        Ok(Records {
            file: file.to_string(),
            columns: rows.columns(),
            families: Families(facts.families as usize),
            source: Source::Facts(Arc::new((FactsKey::of(scenario), facts))),
            format,
            max_rows: MAX_RECORD_ROWS,
        })
    }

    /// The facts of the records for `scenario`: read from the text as the scenario's `[records]`
    /// says (whatever settings the text was first checked with: a text read for one scenario and
    /// valued with another follows the other's settings, and its family ids are checked again
    /// if the settings differ), or the facts gathered by [`Records::stream`] if they were
    /// gathered for this scenario.
    pub(crate) fn facts(&self, scenario: &Scenario, registry: &Registry) -> Result<RecordFacts> {
        match &self.source {
            Source::Text(text) => {
                let format = Format::of(scenario.records.as_ref(), &text.as_bytes()[..text.len().min(64 * 1024)]);
                let dedupe = format != self.format;
                let mut rows = Rows::open(&self.file, Cursor::new(text.as_bytes()), &format)?;
                rows.max_rows = self.max_rows;
                gather(&mut rows, dedupe, scenario, registry)
            }
            Source::Facts(kf) => {
                if kf.0 != FactsKey::of(scenario) {
                    return Err(Error::invalid(
                        Place::top(&self.file, ""),
                        "these records were read for another scenario (other items, wellbeing table, region or number of families): read them again with this scenario",
                    ));
                }
                Ok(kf.1.clone())
            }
        }
    }
}
