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

use crate::engine::RecordFacts;
use crate::error::{Error, Location, Place, Result};
use crate::scenario::{MAX_FAMILIES, RecordsFormat, Scenario};
use crate::tables::{AgeBand, Region, Registry};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;

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
/// let r = socval::Records::from_csv_str("families.csv", csv).unwrap();
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

/// How a records text is read: its delimiter and the headers mapped to socval's names.
#[derive(Debug, Clone, Default, PartialEq)]
struct Format {
    delimiter: u8,
    /// Whether the delimiter is the scenario's (else found from the header line).
    given: bool,
    columns: BTreeMap<String, String>,
    /// The encoding the start of the file looks like when it is not UTF-8.
    encoding: Option<&'static str>,
}

impl Format {
    /// The format a scenario's `[records]` gives (checked with the scenario), the delimiter found
    /// from `head` (the start of the file) where it names none.
    fn of(f: Option<&RecordsFormat>, head: &[u8]) -> Self {
        let given = f.and_then(|f| f.delimiter_byte().ok().flatten());
        Format {
            delimiter: given.unwrap_or_else(|| detect_delimiter(head)),
            given: given.is_some(),
            columns: f.map(|f| f.columns.clone()).unwrap_or_default(),
            encoding: encoding_of(head),
        }
    }

    /// socval's name for a header: the mapped name, else `family_id`, `members` or `region`
    /// written another way (`Family ID`, `family-id`), else the header itself.
    fn name(&self, header: &str) -> String {
        if let Some(n) = self.columns.get(header) {
            return n.clone();
        }
        let norm: String = header
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match norm.as_str() {
            "family_id" | "members" | "region" => norm,
            _ => header.to_string(),
        }
    }
}

/// The encoding the start of a file looks like, when it is not UTF-8: UTF-16 (a byte-order mark,
/// or NUL bytes), else a single-byte encoding such as Latin-1 or Windows-1252 (Excel's "CSV").
fn encoding_of(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || head.iter().take(4096).any(|&b| b == 0) {
        return Some("UTF-16");
    }
    match std::str::from_utf8(head) {
        // An error at the very end may be a character cut by the 64 KiB window.
        Err(e) if e.error_len().is_some() => Some("Latin-1 or Windows-1252"),
        _ => None,
    }
}

/// How to save a file as UTF-8, for an error about its encoding.
const SAVE_AS_UTF8: &str = "save it as CSV UTF-8 (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\")";

/// A delimiter in words.
fn delimiter_words(d: u8) -> &'static str {
    match d {
        b',' => "\",\" (comma)",
        b';' => "\";\" (semicolon)",
        b'\t' => "a tab",
        b'|' => "\"|\" (bar)",
        _ => "another character",
    }
}

/// The delimiter of a header line: `,` if it has one; else `;`, a tab or `|`, whichever it has
/// (outside quotes); else `,`.
fn detect_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n' || b == b'\r').next().unwrap_or(&[]);
    let mut quoted = false;
    let mut seen = [false; 4];
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => seen[0] = true,
            b';' if !quoted => seen[1] = true,
            b'\t' if !quoted => seen[2] = true,
            b'|' if !quoted => seen[3] = true,
            _ => {}
        }
    }
    [b',', b';', b'\t', b'|']
        .into_iter()
        .zip(seen)
        .find_map(|(d, s)| s.then_some(d))
        .unwrap_or(b',')
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
    /// let e = socval::Records::from_csv_str_at_most("f.csv", csv, 2).unwrap_err();
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
    /// let mut f = socval::RecordsFormat::default();
    /// f.delimiter = Some(";".into());
    /// f.columns.insert("Case ref".into(), "family_id".into());
    /// s.records = Some(f);
    /// let csv = format!("Case ref;members;{id}\nF1;mother:25-49;mother\n");
    /// let r = socval::Records::read("export.csv", &csv, 100, &s).unwrap();
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
    /// use socval::RecordsFormat;
    /// let csv = "Case ref;Worker;confidence\nF1;Ann;yes\n;;\n";
    /// let mut f = RecordsFormat::default();
    /// f.columns.insert("Case ref".into(), "family_id".into());
    /// let r = socval::Records::from_csv_str_with("export.csv", csv, 100, Some(&f)).unwrap();
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

    /// Reads a records CSV from `reader` as a stream, against `scenario`: every check of
    /// [`Records::from_csv_str`] and of valuing it, row by row, keeping only the counts the
    /// valuation needs. The result values `scenario` (or a scenario with the same items, tables'
    /// wellbeing version, region and families); another scenario is refused.
    ///
    /// The reader is read once from its start, and again only to confirm a duplicate family id
    /// (hence `Seek`). Memory: the duplicate-id check (8 to 10 bytes a family), one row, and the
    /// counts.
    ///
    /// ```
    /// use socval::{evaluate, Records, Registry, Scenario};
    /// let s = socval::template("step-together").unwrap().scenario().unwrap();
    /// let id = &s.outcomes[0].id;
    /// let csv = format!("family_id,members,{id}\nF1,mother:25-49,mother\nF2,mother:under-25,\n");
    /// let reg = Registry::embedded();
    /// let streamed = Records::stream("f.csv", std::io::Cursor::new(csv.as_bytes()), &s, reg).unwrap();
    /// let text = Records::from_csv_str("f.csv", &csv).unwrap();
    /// assert_eq!(streamed.families.len(), 2);
    /// assert_eq!(evaluate(&s, Some(&streamed), reg).unwrap(), evaluate(&s, Some(&text), reg).unwrap());
    /// ```
    pub fn stream<R: Read + Seek>(file: &str, reader: R, scenario: &Scenario, registry: &Registry) -> Result<Self> {
        Self::stream_named("scenario", file, reader, scenario, registry)
    }

    /// As [`Records::stream`], naming the scenario's file in errors. The scenario is checked
    /// first (as [`crate::evaluate_named`] checks it before it reads any records), so an error in
    /// the scenario is reported as such rather than through the records.
    pub fn stream_named<R: Read + Seek>(
        scenario_file: &str,
        file: &str,
        reader: R,
        scenario: &Scenario,
        registry: &Registry,
    ) -> Result<Self> {
        crate::engine::setup(scenario_file, scenario, registry)?;
        let mut reader = reader;
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

/// A reader that counts what it passes on, once per byte however often the CSV reader seeks
/// back: quotes (an unterminated quote is refused; the CSV reader takes one at the end as closed),
/// line breaks (`\n`, `\r\n` and a lone `\r` alike) and the length of the current row (a row
/// longer than [`MAX_RECORD_LINE`] is refused, whether it is one long line or a quoted cell
/// spread over many). It also keeps the offsets of the line breaks not yet passed, so that the
/// line of a row is known from its byte offset (the CSV reader's own line count is wrong for
/// `\r\n` and `\r` files).
struct Counted<R> {
    inner: R,
    /// Offset of the next byte `inner` gives.
    at: u64,
    /// Bytes before this offset have been counted.
    seen: u64,
    quotes: u64,
    /// Inside a quoted cell (after an odd number of quotes).
    in_quote: bool,
    /// Line of the quote that opened the cell still open (or the last one opened).
    open_quote_line: usize,
    /// Line breaks counted (in `[0, seen)`).
    breaks: usize,
    /// Offset just after the last `\r` (a `\n` there ends the same line).
    cr_end: u64,
    /// Offset and line where the current row began.
    row_start: u64,
    row_line: usize,
    too_long: Option<usize>,
    /// Line lookup: offsets of line breaks not yet passed by [`Counted::line_at`], the breaks
    /// passed, the offset tracked up to, and the lookup's own `\r` (it restarts after a seek).
    marks: std::collections::VecDeque<(u64, bool)>,
    passed: usize,
    /// The last break passed (offset, whether a `\r`).
    last_passed: Option<(u64, bool)>,
    tracked: u64,
    mark_cr_end: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Self {
        Counted {
            inner,
            at: 0,
            seen: 0,
            quotes: 0,
            in_quote: false,
            open_quote_line: 0,
            breaks: 0,
            cr_end: u64::MAX,
            row_start: 0,
            row_line: 1,
            too_long: None,
            marks: std::collections::VecDeque::new(),
            passed: 0,
            last_passed: None,
            tracked: 0,
            mark_cr_end: u64::MAX,
        }
    }

    /// The 1-based line of the byte at `offset` (offsets asked in increasing order, from the
    /// bytes read so far).
    fn line_at(&mut self, offset: u64) -> usize {
        while self.marks.front().is_some_and(|&(m, _)| m < offset) {
            self.last_passed = self.marks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// Whether the byte just before `offset` is a `\r` (after [`Counted::line_at`] of `offset`).
    fn cr_before(&self, offset: u64) -> bool {
        offset > 0 && self.last_passed == Some((offset - 1, true))
    }

    /// Restarts the line lookup at `offset`, whose line is `line` and which follows a `\r` or not
    /// (before the reader seeks there).
    fn restart_lines(&mut self, offset: u64, line: usize, cr_before: bool) {
        self.marks.clear();
        self.passed = line.saturating_sub(1);
        self.tracked = offset;
        self.mark_cr_end = if cr_before { offset } else { u64::MAX };
    }

    /// Counts quotes, line breaks and row lengths in `new`, the bytes at `start` not seen before.
    fn count(&mut self, new: &[u8], start: u64) -> std::io::Result<()> {
        let end = start + new.len() as u64;
        for i in memchr::memchr3_iter(b'"', b'\r', b'\n', new) {
            let abs = start + i as u64;
            match new[i] {
                b'"' => {
                    self.quotes += 1;
                    self.in_quote = !self.in_quote;
                    if self.in_quote {
                        self.open_quote_line = self.breaks + 1;
                    }
                }
                b => {
                    if b == b'\n' && abs == self.cr_end {
                        // The `\n` of a `\r\n`: its line was counted at the `\r`.
                        if !self.in_quote {
                            self.row_start = abs + 1;
                        }
                        continue;
                    }
                    if b == b'\r' {
                        self.cr_end = abs + 1;
                    }
                    self.breaks += 1;
                    if !self.in_quote {
                        if abs - self.row_start > MAX_RECORD_LINE as u64 {
                            self.too_long = Some(self.row_line);
                            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "row too long"));
                        }
                        self.row_start = abs + 1;
                        self.row_line = self.breaks + 1;
                    }
                }
            }
        }
        if end - self.row_start > MAX_RECORD_LINE as u64 {
            self.too_long = Some(self.row_line);
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "row too long"));
        }
        Ok(())
    }

    /// Keeps the offsets of the line breaks in `bytes`, at `start`, for [`Counted::line_at`].
    fn mark(&mut self, bytes: &[u8], start: u64) {
        for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            let abs = start + i as u64;
            if bytes[i] == b'\n' && abs == self.mark_cr_end {
                continue;
            }
            let cr = bytes[i] == b'\r';
            if cr {
                self.mark_cr_end = abs + 1;
            }
            self.marks.push_back((abs, cr));
        }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let end = self.at + n as u64;
        if end > self.tracked && self.at <= self.tracked {
            let skip = (self.tracked - self.at) as usize;
            let at = self.tracked;
            self.mark(&buf[skip.min(n)..n], at);
            self.tracked = end;
        }
        if end > self.seen {
            let skip = self.seen.saturating_sub(self.at) as usize;
            let start = self.seen.max(self.at);
            self.count(&buf[skip.min(n)..n], start)?;
            self.seen = end;
        }
        self.at = end;
        Ok(n)
    }
}

impl<R: Seek> Seek for Counted<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.at = self.inner.seek(pos)?;
        Ok(self.at)
    }
}

/// One row as read: its line, family id, members (byte ranges of names in the members cell, or
/// the default `parent`) and region.
struct Row<'r> {
    line: usize,
    id: &'r str,
    members_cell: &'r str,
    members: &'r [(usize, usize, AgeBand)],
    region: Option<Region>,
    record: &'r csv::StringRecord,
}

impl Row<'_> {
    fn member(&self, i: usize) -> &str {
        let (a, b, _) = self.members[i];
        &self.members_cell[a..b]
    }

    fn position(&self, name: &str) -> Option<usize> {
        (0..self.members.len()).find(|&i| self.member(i) == name)
    }

    fn names(&self) -> String {
        (0..self.members.len())
            .map(|i| self.member(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rows of a records CSV, checked as they are read.
struct Rows<'f, R> {
    file: &'f str,
    reader: csv::Reader<Counted<R>>,
    names: Vec<String>,
    id_col: usize,
    members_col: Option<usize>,
    region_col: Option<usize>,
    item_cols: Vec<usize>,
    first: csv::Position,
    first_line: usize,
    first_cr: bool,
    max_rows: u32,
    encoding: Option<&'static str>,
}

impl<'f, R: Read + Seek> Rows<'f, R> {
    fn open(file: &'f str, inner: R, format: &Format) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter)
            // Fields are trimmed where they are read (`field`): the reader's own trimming copies
            // every row.
            .trim(csv::Trim::Headers)
            .flexible(false)
            .from_reader(Counted::new(inner));
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(syntax(file, &mut reader, &e, &[], format.encoding)),
        };
        let names: Vec<String> = headers.iter().map(|h| format.name(h)).collect();
        let Some(id_col) = names.iter().position(|h| h == "family_id") else {
            // A header line with an unterminated quote is that error, not a missing column.
            check_quotes(file, &reader, true)?;
            let place = Place::new(file, Location::line(1), "family_id");
            if format.encoding == Some("UTF-16") {
                return Err(Error::invalid(
                    place,
                    format!("the file is UTF-16 text, which socval does not read: {SAVE_AS_UTF8}"),
                ));
            }
            let cells: Vec<String> = headers.iter().take(12).map(|h| format!("{h:?}")).collect();
            let split = format!(
                "the header line, split on {} ({}), has the cells {}{}",
                delimiter_words(format.delimiter),
                if format.given {
                    "the scenario's [records] delimiter"
                } else {
                    "found from the header line"
                },
                cells.join(", "),
                if headers.len() > 12 { ", …" } else { "" }
            );
            // The header line written with another delimiter: say which it looks like.
            let line: Vec<&str> = headers.iter().collect();
            let line = line.join(std::str::from_utf8(&[format.delimiter]).unwrap_or(","));
            let other = [b',', b';', b'\t', b'|'].into_iter().find(|&d| {
                d != format.delimiter
                    && line
                        .split(d as char)
                        .any(|h| format.name(h.trim_matches('"')) == "family_id")
            });
            return Err(Error::invalid(
                place,
                match other {
                    Some(d) => format!(
                        "{split}: it looks separated by {} instead; set delimiter = {:?} in the scenario's [records] (or --delimiter), or save the file with {}",
                        delimiter_words(d),
                        (d as char).to_string(),
                        delimiter_words(format.delimiter)
                    ),
                    None => format!(
                        "missing: the header line needs a family_id column (one row per family), e.g. family_id,members,confidence; {split}"
                    ),
                },
            ));
        };
        for (i, h) in names.iter().enumerate() {
            if h.is_empty() {
                return Err(Error::invalid(
                    Place::new(file, Location::line(1), ""),
                    format!(
                        "column {} has no name in the header line: name it, or remove the empty column",
                        i + 1
                    ),
                ));
            }
            if let Some(j) = names[..i].iter().position(|x| x == h) {
                let how = |k: usize| {
                    let raw = &headers[k];
                    if format.columns.contains_key(raw) {
                        format!("{raw:?} (mapped to {h} by [records] columns)")
                    } else if raw != h.as_str() {
                        format!("{raw:?} (read as {h})")
                    } else {
                        format!("{raw:?}")
                    }
                };
                return Err(Error::invalid(
                    Place::new(file, Location::line(1), h.clone()),
                    if headers[j] == headers[i] {
                        format!(
                            "column {:?} is in the header line twice (columns {} and {}): keep one column per item",
                            h,
                            j + 1,
                            i + 1
                        )
                    } else {
                        format!(
                            "two columns are read as {h}: {} and {}: keep one, or map one of them to another name in [records] columns",
                            how(j),
                            how(i)
                        )
                    },
                ));
            }
        }
        let members_col = names.iter().position(|h| h == "members");
        let region_col = names.iter().position(|h| h == "region");
        let item_cols: Vec<usize> = (0..names.len())
            .filter(|&i| i != id_col && Some(i) != members_col && Some(i) != region_col)
            .collect();
        let first = reader.position().clone();
        let first_line = reader.get_mut().line_at(first.byte());
        let first_cr = reader.get_ref().cr_before(first.byte());
        Ok(Rows {
            file,
            reader,
            names,
            id_col,
            members_col,
            region_col,
            item_cols,
            first,
            first_line,
            first_cr,
            max_rows: MAX_RECORD_ROWS,
            encoding: format.encoding,
        })
    }

    fn columns(&self) -> Vec<String> {
        self.item_cols.iter().map(|&c| self.names[c].clone()).collect()
    }

    /// Reads every row, checking it, and hands it to `f`; returns the number of families.
    /// `dedupe`: check family ids for duplicates.
    fn each(&mut self, dedupe: bool, mut f: impl FnMut(&Row) -> Result<()>) -> Result<usize> {
        let file = self.file;
        let mut rec = csv::StringRecord::new();
        let mut members: Vec<(usize, usize, AgeBand)> = Vec::new();
        // 64-bit hashes of the family ids, checked for repeats once the file is read.
        let mut ids: Vec<u64> = Vec::new();
        let mut n: usize = 0;
        loop {
            match self.reader.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(syntax(file, &mut self.reader, &e, &self.names, self.encoding)),
            }
            // A row with every cell empty (an export's trailing rows) is no family: skip it.
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let line = match rec.position() {
                Some(p) => self.reader.get_mut().line_at(p.byte()),
                None => 0,
            };
            let loc = || Location::line(line);
            if n >= self.max_rows as usize {
                let max = self.max_rows;
                return Err(Error::invalid(
                    Place::new(file, loc(), ""),
                    if max == MAX_RECORD_ROWS {
                        format!("more than {max} families: the most a records file may hold")
                    } else {
                        format!(
                            "more than {max} families: the most a records file may hold here (split it, or use the command line, which reads up to {MAX_RECORD_ROWS})"
                        )
                    },
                ));
            }
            let id = field(&rec, self.id_col);
            if id.is_empty() {
                return Err(Error::invalid(
                    Place::new(file, loc(), "family_id"),
                    "missing: every row needs a family id in the family_id column (a pseudonym, e.g. F12)",
                ));
            }
            if dedupe {
                if ids.len() == ids.capacity() {
                    // Grow by a quarter, not double: at 10 million families the spare room stays small.
                    ids.reserve_exact((ids.len() / 4).max(1024));
                }
                ids.push(hash_id(id));
            }
            members.clear();
            let members_cell = match self.members_col.map(|c| field(&rec, c)).filter(|s| !s.is_empty()) {
                None => {
                    members.push((0, "parent".len(), AgeBand::All));
                    "parent"
                }
                Some(cell) => {
                    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        let (name, age) = match part.split_once(':') {
                            Some((n, a)) => {
                                let band = AgeBand::parse(a).ok_or_else(|| {
                                    Error::invalid(
                                        Place::new(file, loc(), "members"),
                                        format!("age band {a:?} of {n:?} is not one of all, under-25, 25-49, 50-plus"),
                                    )
                                })?;
                                (n.trim(), band)
                            }
                            None => (part, AgeBand::All),
                        };
                        if members.iter().any(|&(a, b, _)| &cell[a..b] == name) {
                            return Err(Error::invalid(
                                Place::new(file, loc(), "members"),
                                format!(
                                    "member {name:?} is listed twice in members: give each member once, or name them apart (e.g. child1;child2)"
                                ),
                            ));
                        }
                        let start = name.as_ptr() as usize - cell.as_ptr() as usize;
                        members.push((start, start + name.len(), age));
                    }
                    if members.is_empty() {
                        return Err(Error::invalid(
                            Place::new(file, loc(), "members"),
                            "no members: list them as name[:age band] separated by ';' (e.g. mother:25-49;baby), or leave the cell empty for one member",
                        ));
                    }
                    cell
                }
            };
            let region = match self.region_col.map(|c| field(&rec, c)).filter(|s| !s.is_empty()) {
                None => None,
                Some(r) => Some(Region::parse(r).ok_or_else(|| {
                    Error::invalid(
                        Place::new(file, loc(), "region"),
                        format!("region {r:?} is not one of all, london, outside-london"),
                    )
                })?),
            };
            f(&Row {
                line,
                id,
                members_cell,
                members: &members,
                region,
                record: &rec,
            })?;
            n += 1;
        }
        check_quotes(file, &self.reader, false)?;
        if n == 0 {
            return Err(Error::invalid(
                Place::top(file, "family_id"),
                "the records file has no families: add one row per family under the header line",
            ));
        }
        if dedupe {
            ids.sort_unstable();
            // Sorted, so each repeated hash once, in order, for a binary search.
            let mut repeated: Vec<u64> = ids.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
            repeated.dedup();
            drop(ids);
            if !repeated.is_empty() {
                self.duplicates(&repeated)?;
            }
        }
        Ok(n)
    }

    /// Reads the rows again, looking only at ids whose hash is repeated: the first row whose id
    /// is exactly an earlier row's is refused. (Different ids with one hash pass.)
    fn duplicates(&mut self, repeated: &[u64]) -> Result<()> {
        let file = self.file;
        let io = |e: csv::Error| Error::Syntax {
            place: Box::new(Place::new(file, Location::Whole, "family_id")),
            message: format!("cannot read the records again to confirm a repeated family id: {e}"),
        };
        self.reader
            .get_mut()
            .restart_lines(self.first.byte(), self.first_line, self.first_cr);
        self.reader.seek(self.first.clone()).map_err(io)?;
        let mut rec = csv::StringRecord::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while self.reader.read_record(&mut rec).map_err(io)? {
            let id = field(&rec, self.id_col);
            if repeated.binary_search(&hash_id(id)).is_ok() && !seen.insert(id.to_string()) {
                let line = match rec.position() {
                    Some(p) => self.reader.get_mut().line_at(p.byte()),
                    None => 0,
                };
                return Err(Error::invalid(
                    Place::new(file, Location::line(line), "family_id"),
                    format!("family id {id:?} is used by an earlier row too: give each family one row and its own id"),
                ));
            }
        }
        Ok(())
    }
}

/// The first line (up to 64 KiB) of a reader, which is then put back at its start.
fn read_head<R: Read + Seek>(reader: &mut R) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0u8; 64 * 1024];
    let mut n = 0;
    while n < head.len() {
        let k = reader.read(&mut head[n..])?;
        if k == 0 || head[n..n + k].contains(&b'\n') {
            n += k;
            break;
        }
        n += k;
    }
    head.truncate(n);
    reader.seek(SeekFrom::Start(0))?;
    Ok(head)
}

/// Field `i` of a row, trimmed (as `str::trim` trims).
fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("").trim()
}

fn hash_id(id: &str) -> u64 {
    // SipHash-1-3 with fixed keys: the same on every platform; a repeated hash is re-checked
    // exactly, so a collision costs a second read of the file, never a wrong answer.
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// A CSV reader's error in words, at its line: a row too long, a quote never closed, a row with
/// another number of cells than the header, text that is not UTF-8 (naming the column and the
/// encoding it looks like).
fn syntax<R: Read>(
    file: &str,
    reader: &mut csv::Reader<Counted<R>>,
    e: &csv::Error,
    names: &[String],
    encoding: Option<&'static str>,
) -> Error {
    let c = reader.get_ref();
    if let Some(l) = c.too_long {
        return Error::invalid(
            Place::new(file, Location::line(l), ""),
            format!(
                "the row starting on this line is longer than {MAX_RECORD_LINE} bytes, the most a records row may take{}",
                if c.in_quote {
                    " (a quoted cell runs on over many lines: check that its quote is closed)"
                } else {
                    ""
                }
            ),
        );
    }
    if c.in_quote && matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
        return Error::Syntax {
            place: Box::new(Place::new(file, Location::line(c.open_quote_line), "")),
            message: "a quote opened on this line is never closed, so the rest of the file reads as one cell: close it, or double it (\"\") inside a quoted field".into(),
        };
    }
    let line = e.position().map_or(0, |p| reader.get_mut().line_at(p.byte()));
    let column = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => Error::Syntax {
            place: Box::new(Place::new(file, Location::line(line), "")),
            message: format!(
                "this row has {len} cells where the header line has {expected_len}: check that the row uses the header's delimiter and that its quotes are closed"
            ),
        },
        csv::ErrorKind::Utf8 { err, .. } => Error::Syntax {
            place: Box::new(Place::new(file, Location::line(line), column(err.field()))),
            message: format!(
                "the text is not UTF-8{}: {SAVE_AS_UTF8}",
                match encoding {
                    Some(enc) => format!(" (the file looks like {enc})"),
                    None => String::new(),
                }
            ),
        },
        _ => Error::Syntax {
            place: Box::new(Place::new(file, Location::line(line), "")),
            message: e.to_string(),
        },
    }
}

/// An unterminated quote (an odd number of quotes in what was read) is refused. `header`: only
/// the header line was read.
fn check_quotes<R: Read>(file: &str, reader: &csv::Reader<Counted<R>>, header: bool) -> Result<()> {
    let c = reader.get_ref();
    if c.quotes % 2 == 1 && (!header || c.open_quote_line <= 1) {
        return Err(Error::Syntax {
            place: Box::new(Place::new(file, Location::line(c.open_quote_line), "")),
            message: "a quote opened on this line is never closed: close it, or double it (\"\") inside a quoted field"
                .into(),
        });
    }
    Ok(())
}

/// What an item column is, for a scenario.
#[derive(Clone, Copy)]
enum Col {
    Outcome(usize),
    Avoided(usize),
    Measured(usize, bool),
}

/// The facts of records for a scenario, gathered row by row.
fn gather<R: Read + Seek>(
    rows: &mut Rows<'_, R>,
    dedupe: bool,
    scenario: &Scenario,
    registry: &Registry,
) -> Result<RecordFacts> {
    let file = rows.file;
    let wellbeing = registry.get(&scenario.tables.wellbeing).ok_or_else(|| {
        Error::unknown(
            Place::top(file, "tables.wellbeing"),
            format!(
                "no table {:?} is loaded: name a shipped table (socval tables lists them) or load your own",
                scenario.tables.wellbeing
            ),
        )
    })?;
    // Each item column: which item it is.
    let measured_col = |c: &str| -> Option<(usize, bool)> {
        scenario.measured.iter().enumerate().find_map(|(i, m)| {
            if c.strip_suffix("_before") == Some(m.id.as_str()) {
                Some((i, true))
            } else if c.strip_suffix("_after") == Some(m.id.as_str()) {
                Some((i, false))
            } else {
                None
            }
        })
    };
    let rows_names = rows.names.clone();
    let mut ignored: Vec<String> = Vec::new();
    let mut cols: Vec<(usize, Col)> = Vec::with_capacity(rows.item_cols.len());
    for &ci in &rows.item_cols {
        let c = rows.names[ci].as_str();
        let kind = if let Some(i) = scenario.outcomes.iter().position(|o| o.id == c) {
            Col::Outcome(i)
        } else if let Some(i) = scenario.avoided.iter().position(|a| a.id == c) {
            Col::Avoided(i)
        } else if let Some((i, before)) = measured_col(c) {
            Col::Measured(i, before)
        } else {
            // A column that is no item of the scenario (a worker's name, a postcode): left out of
            // the valuation, with a warning naming it.
            ignored.push(c.to_string());
            continue;
        };
        cols.push((ci, kind));
    }
    // Each outcome's row by age band and region, looked up once: its exclusive group, if any.
    const BANDS: [AgeBand; 4] = [AgeBand::All, AgeBand::Under25, AgeBand::From25To49, AgeBand::From50];
    const REGIONS: [Region; 3] = [Region::All, Region::London, Region::OutsideLondon];
    let band_ix = |b: AgeBand| BANDS.iter().position(|&x| x == b).unwrap_or(0);
    let region_ix = |r: Region| REGIONS.iter().position(|&x| x == r).unwrap_or(0);
    let mut group_names: Vec<&str> = Vec::new();
    // [outcome][band][region] → None: no row; Some(None): no group; Some(Some(g)).
    let mut rows_of: Vec<[[Option<Option<usize>>; 3]; 4]> = Vec::with_capacity(scenario.outcomes.len());
    for o in &scenario.outcomes {
        let mut t = [[None; 3]; 4];
        for (bi, &b) in BANDS.iter().enumerate() {
            for (ri, &r) in REGIONS.iter().enumerate() {
                t[bi][ri] = wellbeing.lookup(&o.proxy, b, r).map(|row| {
                    row.exclusive_group
                        .as_deref()
                        .map(|g| match group_names.iter().position(|&x| x == g) {
                            Some(i) => i,
                            None => {
                                group_names.push(g);
                                group_names.len() - 1
                            }
                        })
                });
            }
        }
        rows_of.push(t);
    }

    let mut counts: Vec<[[u64; 3]; 4]> = vec![[[0; 3]; 4]; scenario.outcomes.len()];
    let mut events: Vec<Decimal> = vec![Decimal::ZERO; scenario.avoided.len()];
    let mut measured: Vec<(Decimal, Decimal)> = vec![(Decimal::ZERO, Decimal::ZERO); scenario.measured.len()];
    // Per row, reused: (outcome, member) claims in cell order; (member, group, outcome) claimed;
    // (measured item, member, before, after).
    let mut claims: Vec<(usize, usize)> = Vec::new();
    let mut grouped: Vec<(usize, usize, usize)> = Vec::new();
    let mut scores: Vec<(usize, usize, Decimal, Decimal)> = Vec::new();
    let mut left_out: Vec<(Vec<String>, u64)> = vec![(Vec::new(), 0); scenario.measured.len()];
    let mut left_out_warnings: Vec<String> = Vec::new();
    let mut left_out_people: u64 = 0;
    let n = rows.each(dedupe, |row| {
        let loc = || Location::line(row.line);
        claims.clear();
        grouped.clear();
        scores.clear();
        for &(ci, kind) in &cols {
            let cell = field(row.record, ci);
            let place = || Place::new(file, loc(), rows_names[ci].as_str());
            match kind {
                Col::Measured(mi, before) => {
                    let m = &scenario.measured[mi];
                    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        // `member=score`, or a bare score for a family of one.
                        let (member, score) = match part.split_once('=') {
                            Some((n, v)) => (n.trim(), v.trim()),
                            None if row.members.len() == 1 => (row.member(0), part),
                            None => {
                                return Err(Error::invalid(
                                    place(),
                                    format!(
                                        "{part:?}: name the member whose score it is, e.g. {}={part}",
                                        row.member(0)
                                    ),
                                ));
                            }
                        };
                        let Some(mx) = row.position(member) else {
                            return Err(Error::unknown(
                                place(),
                                format!(
                                    "{member:?} is not a member of family {:?} (members: {})",
                                    row.id,
                                    row.names()
                                ),
                            ));
                        };
                        let v: Decimal = parse_count(score).map_err(|why| {
                            Error::invalid(
                                place(),
                                why.unwrap_or_else(|| format!("{score:?} is not a score: write a number on the measure's scale, e.g. 6.5")),
                            )
                        })?;
                        if v < m.scale[0] || v > m.scale[1] {
                            return Err(Error::invalid(
                                place(),
                                format!("{v} is outside the measure's scale {}–{}", m.scale[0], m.scale[1]),
                            ));
                        }
                        match scores.iter_mut().find(|e| e.0 == mi && e.1 == mx) {
                            Some(e) if (if before { e.2 } else { e.3 }) != Decimal::MIN => {
                                return Err(Error::invalid(
                                    place(),
                                    format!(
                                        "{member:?} is listed twice in this cell: give each member's score once (e.g. {member}={score})"
                                    ),
                                ));
                            }
                            Some(e) if before => e.2 = v,
                            Some(e) => e.3 = v,
                            // Before and after are paired below: a missing one is refused there.
                            None if before => scores.push((mi, mx, v, Decimal::MIN)),
                            None => scores.push((mi, mx, Decimal::MIN, v)),
                        }
                    }
                }
                Col::Outcome(oi) => {
                    let keyword = is_keyword(cell);
                    if keyword.is_some()
                        && let Some(m) = (0..row.members.len()).find(|&i| row.member(i).eq_ignore_ascii_case(cell))
                    {
                        let name = row.member(m);
                        return Err(Error::invalid(
                            place(),
                            format!(
                                "{cell:?} is both a keyword (1/yes/y/true: the first member; 0/no/n/false: nobody) and the name of member {name:?} of family {:?}: rename the member (e.g. \"{name}-1\") so the cell means one thing",
                                row.id
                            ),
                        ));
                    }
                    match keyword {
                        Some(false) => {}
                        Some(true) => claims.push((oi, 0)),
                        None => {
                            let from = claims.len();
                            for name in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                                let Some(i) = row.position(name) else {
                                    return Err(Error::unknown(
                                        place(),
                                        format!(
                                            "{name:?} is not a member of family {:?} (members: {})",
                                            row.id,
                                            row.names()
                                        ),
                                    ));
                                };
                                if claims[from..].iter().any(|&(_, m)| m == i) {
                                    return Err(Error::invalid(place(), format!("{name:?} is listed twice in this cell: list each member once")));
                                }
                                claims.push((oi, i));
                            }
                        }
                    }
                }
                Col::Avoided(ai) => {
                    let n = if cell.is_empty() {
                        Decimal::ZERO
                    } else {
                        parse_count(cell).map_err(|why| {
                            Error::invalid(
                                place(),
                                why.unwrap_or_else(|| format!("{cell:?} is not a number of events: write a whole or decimal number, e.g. 1, or leave it empty for none")),
                            )
                        })?
                    };
                    if n < Decimal::ZERO {
                        return Err(Error::invalid(place(), "a count must not be negative: write 0 or leave the cell empty for none"));
                    }
                    if n > Decimal::from(1000) {
                        return Err(Error::invalid(
                            place(),
                            "more than 1000 events for one family is not plausible: check the column holds a count of events, not a cost or a date",
                        ));
                    }
                    if !n.is_zero() {
                        events[ai] += n;
                    }
                }
            }
        }
        // Each member measured has both scores (checked in the order of the items' ids).
        if let Some(&(mi, mx, b, _)) = scores
            .iter()
            .filter(|e| e.2 == Decimal::MIN || e.3 == Decimal::MIN)
            .min_by(|x, y| scenario.measured[x.0].id.cmp(&scenario.measured[y.0].id))
        {
            let id = &scenario.measured[mi].id;
            let (missing, col) = if b == Decimal::MIN {
                ("before", format!("{id}_before"))
            } else {
                ("after", format!("{id}_after"))
            };
            return Err(Error::invalid(
                Place::new(file, loc(), col),
                format!(
                    "member {:?} of family {:?} has a score {} but none {missing}: give both, or neither",
                    row.member(mx),
                    row.id,
                    if missing == "before" { "after" } else { "before" }
                ),
            ));
        }
        // A person measured: the measured change covers all of that person's wellbeing, so the
        // person's proxy claims are left out (and listed); a proxy for another member counts.
        if !scores.is_empty() && !claims.is_empty() {
            for (mx, mi) in scores
                .iter()
                .map(|e| (e.1, e.0))
                .filter(|&(mx, _)| claims.iter().any(|&(_, w)| w == mx))
                .collect::<Vec<_>>()
            {
                let mut outcomes: Vec<&str> = claims
                    .iter()
                    .filter(|&&(_, w)| w == mx)
                    .map(|&(oi, _)| scenario.outcomes[oi].id.as_str())
                    .collect();
                if outcomes.is_empty() {
                    // Listed already under another measured item of this person.
                    continue;
                }
                outcomes.sort_unstable();
                claims.retain(|&(_, w)| w != mx);
                let (listed, count) = &mut left_out[mi];
                *count += 1;
                left_out_people += 1;
                let who = format!("family {:?}, {:?}: {}", row.id, row.member(mx), outcomes.join(", "));
                if listed.len() < crate::engine::LEFT_OUT_LISTED {
                    listed.push(who);
                }
                if left_out_warnings.len() < crate::engine::LEFT_OUT_LISTED {
                    left_out_warnings.push(format!(
                        "{file}: line {}: member {:?} of family {:?} is measured in {:?} and also claimed for {}: a measured change covers all of that person's wellbeing, so those proxy claims are left out (the working lists them)",
                        row.line,
                        row.member(mx),
                        row.id,
                        scenario.measured[mi].id,
                        outcomes.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        // Outcomes in the scenario's order, person by person: exclusive groups.
        sort_claims(&mut claims);
        let region = row.region.unwrap_or(scenario.region);
        let ri = region_ix(region);
        for &(oi, m) in claims.iter() {
            let o = &scenario.outcomes[oi];
            let band = row.members[m].2;
            let bi = band_ix(band);
            let Some(group) = rows_of[oi][bi][ri] else {
                return Err(Error::unknown(
                    Place::new(file, loc(), o.id.clone()),
                    format!(
                        "{} has no value of {:?} for age band {} in region {}",
                        wellbeing.reference(),
                        o.proxy,
                        band.as_str(),
                        region.as_str()
                    ),
                ));
            };
            if let Some(g) = group {
                if let Some(&(_, _, other)) = grouped.iter().find(|e| e.0 == m && e.1 == g) {
                    return Err(Error::invalid(
                        Place::new(file, loc(), o.id.clone()),
                        format!(
                            "{:?} of family {:?} is claimed for both {:?} and {:?}, which are in exclusive group {:?}: claim one",
                            row.member(m),
                            row.id,
                            scenario.outcomes[other].id,
                            o.id,
                            group_names[g]
                        ),
                    ));
                }
                grouped.push((m, g, oi));
            }
            counts[oi][bi][ri] += 1;
        }
        // Measured changes, person by person: a person measured has no proxy outcome too.
        for (mi, m) in scenario.measured.iter().enumerate() {
            for &(_, _, before, after) in scores.iter().filter(|e| e.0 == mi) {
                let place = || Place::new(file, loc(), format!("{}_after", m.id));
                let change = m
                    .change_between(before, after)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction change is too large"))?;
                let (n, points) = &mut measured[mi];
                *n += Decimal::ONE;
                *points = points
                    .checked_add(change)
                    .ok_or_else(|| Error::overflow(place(), "life-satisfaction points are too large"))?;
            }
        }
        Ok(())
    })?;

    let mut warnings: Vec<String> = Vec::new();
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|c| format!("{c:?}")).collect();
        warnings.push(format!(
            "{file}: {}: left out (map a header to an item with [records] columns, or --column)",
            if ignored.len() == 1 {
                format!("column {} is not an item of the scenario", list[0])
            } else {
                format!("columns {} are not items of the scenario", list.join(", "))
            }
        ));
    }
    warnings.append(&mut left_out_warnings);
    if left_out_people > crate::engine::LEFT_OUT_LISTED as u64 {
        warnings.push(format!(
            "{file}: {left_out_people} people measured were also claimed for proxy outcomes: all their proxy claims are left out ({} more than listed above)",
            left_out_people - crate::engine::LEFT_OUT_LISTED as u64
        ));
    }
    for m in &scenario.measured {
        let has = |suffix: &str| {
            rows.item_cols
                .iter()
                .any(|&c| rows.names[c].strip_suffix(suffix) == Some(m.id.as_str()))
        };
        let missing: Vec<String> = ["_before", "_after"]
            .into_iter()
            .filter(|s| !has(s))
            .map(|s| format!("{}{s}", m.id))
            .collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "measured item {:?} has no column {} in {file}: nobody is counted as measured (add each person's scores as member=score, e.g. mother=6)",
                m.id,
                missing.join(" or ")
            ));
        }
    }
    let families = u32::try_from(n).unwrap_or(u32::MAX);
    if families != scenario.families {
        warnings.push(format!(
            "families taken from the records: {} (the scenario says {})",
            families, scenario.families
        ));
    }
    for col in scenario
        .outcomes
        .iter()
        .map(|o| &o.id)
        .chain(scenario.avoided.iter().map(|a| &a.id))
    {
        if !rows.item_cols.iter().any(|&c| &rows.names[c] == col) {
            warnings.push(format!("item {col:?} has no column in {file}: counted as none"));
        }
    }
    let people = counts
        .iter()
        .map(|t| {
            let mut m = BTreeMap::new();
            for (bi, &b) in BANDS.iter().enumerate() {
                for (ri, &r) in REGIONS.iter().enumerate() {
                    if t[bi][ri] > 0 {
                        m.insert((b, r), Decimal::from(t[bi][ri]));
                    }
                }
            }
            m
        })
        .collect();
    Ok(RecordFacts {
        families,
        people,
        events,
        measured,
        left_out,
        warnings,
    })
}

/// `Some(true)` for 1/yes/y/true (the first member), `Some(false)` for 0/no/n/false (nobody),
/// in any case.
fn is_keyword(cell: &str) -> Option<bool> {
    let any = |ws: &[&str]| ws.iter().any(|w| w.eq_ignore_ascii_case(cell));
    if any(&["1", "yes", "y", "true"]) {
        Some(true)
    } else if any(&["0", "no", "n", "false"]) {
        Some(false)
    } else {
        None
    }
}

/// A number of events (or a score): a plain whole number read directly, anything else as a
/// decimal, exactly as written. `Err(None)`: not a number; `Err(Some(why))`: a number not read as written (a digit
/// separator, or more digits than a `Decimal` holds).
fn parse_count(cell: &str) -> std::result::Result<Decimal, Option<String>> {
    if !cell.is_empty() && cell.len() <= 9 && cell.bytes().all(|b| b.is_ascii_digit()) {
        let n = cell.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        return Ok(Decimal::from(n));
    }
    if cell.parse::<Decimal>().is_err() && Decimal::from_scientific(cell).is_err() {
        return Err(None);
    }
    crate::exact::parse_exact(cell).map_err(Some)
}

/// Sorts a family's claims `(outcome, member)` by outcome, stably (members stay in the order
/// their cells list them). A family has few claims: an insertion sort, with no allocation and
/// without one more compiled copy of the standard library's sort in the page; a long list goes
/// through the crate's one shared sort.
fn sort_claims(claims: &mut Vec<(usize, usize)>) {
    if claims.len() > 32 {
        crate::sort::sort_stable_by(claims, |a, b| a.0.cmp(&b.0));
        return;
    }
    for i in 1..claims.len() {
        let mut j = i;
        while j > 0 && claims[j - 1].0 > claims[j].0 {
            claims.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    /// The claims' sort gives the standard stable sort's order, short lists and long.
    #[test]
    fn claims_sort_as_the_standard_stable_sort_does() {
        for n in [0usize, 1, 2, 5, 32, 33, 200] {
            let claims: Vec<(usize, usize)> = (0..n).map(|i| ((i * 7919) % 5, i)).collect();
            let mut want = claims.clone();
            want.sort_by_key(|&(oi, _)| oi);
            let mut got = claims;
            super::sort_claims(&mut got);
            assert_eq!(got, want, "{n} claims");
        }
    }
}
