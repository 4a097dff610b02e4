//! Reading a records CSV row by row (in the format `format.rs` gives, through `counted.rs`'s
//! counting reader and row parser): the header line, the rows with their members, and the
//! duplicate-id check. Nothing per family is kept but an 8-byte hash of its id.

use super::cells::{Cells, hash_id, read_members, region, same};
use super::counted::{Counted, RowParser};
use super::format::{Format, SAVE_AS_UTF8, delimiter_words, save_as_utf8, utf16_refused};
use super::{MAX_RECORD_LINE, MAX_RECORD_ROWS};
use crate::error::{Error, Location, Place, Result};
use crate::tables::{AgeBand, Region};
use std::collections::BTreeSet;
use std::io::{Read, Seek, SeekFrom};

/// One row as read: its line, family id, members (byte ranges of names in the members cell, or
/// the default `parent`), region and cells.
pub(super) struct Row<'r> {
    pub(super) line: usize,
    pub(super) id: &'r str,
    members_cell: &'r str,
    pub(super) members: &'r [(usize, usize, AgeBand)],
    pub(super) region: Option<Region>,
    pub(super) cells: Cells<'r>,
}

impl Row<'_> {
    pub(super) fn member(&self, i: usize) -> &str {
        let (a, b, _) = self.members[i];
        self.members_cell.get(a..b).unwrap_or("")
    }

    pub(super) fn position(&self, name: &str) -> Option<usize> {
        let cell = self.members_cell.as_bytes();
        self.members
            .iter()
            .position(|&(a, b, _)| cell.get(a..b).is_some_and(|m| same(m, name.as_bytes())))
    }

    pub(super) fn names(&self) -> String {
        (0..self.members.len())
            .map(|i| self.member(i))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The rows of a records CSV, checked as they are read.
pub(super) struct Rows<'f, R> {
    pub(super) file: &'f str,
    counted: Counted<R>,
    /// The parser that read the header line, which goes on to the rows.
    parser: RowParser,
    pub(super) names: Vec<String>,
    id_col: usize,
    members_col: Option<usize>,
    region_col: Option<usize>,
    pub(super) item_cols: Vec<usize>,
    /// Offset of the first row (just after the header line).
    first: u64,
    /// Cells a row has: the header line's.
    width: usize,
    delimiter: u8,
    first_line: usize,
    first_cr: bool,
    pub(super) max_rows: u32,
    encoding: Option<&'static str>,
}

impl<'f, R: Read + Seek> Rows<'f, R> {
    pub(super) fn open(file: &'f str, inner: R, format: &Format) -> Result<Self> {
        let mut counted = Counted::new(inner);
        let mut parser = RowParser::new(format.delimiter);
        let headers = match header(&mut parser, &mut counted) {
            Ok(h) => h,
            Err(fail) => return Err(syntax(file, &mut counted, fail, &[], format.encoding)),
        };
        let names: Vec<String> = headers.iter().map(|h| format.name(h)).collect();
        let Some(id_col) = names.iter().position(|h| h == "family_id") else {
            return Err(no_family_id(file, &counted, &headers, format));
        };
        check_names(file, &headers, &names, format)?;
        let members_col = names.iter().position(|h| h == "members");
        let region_col = names.iter().position(|h| h == "region");
        let item_cols: Vec<usize> = (0..names.len())
            .filter(|&i| i != id_col && Some(i) != members_col && Some(i) != region_col)
            .collect();
        let first = parser.offset();
        let first_line = counted.line_at(first);
        let first_cr = counted.cr_before(first);
        Ok(Rows {
            file,
            counted,
            parser,
            names,
            id_col,
            members_col,
            region_col,
            item_cols,
            first,
            width: headers.len(),
            delimiter: format.delimiter,
            first_line,
            first_cr,
            max_rows: MAX_RECORD_ROWS,
            encoding: format.encoding,
        })
    }

    pub(super) fn columns(&self) -> Vec<String> {
        self.item_cols.iter().map(|&c| self.names[c].clone()).collect()
    }

    /// Reads every row, checking it, and hands it to `f`; returns the number of families.
    /// `dedupe`: check family ids for duplicates.
    ///
    /// The rows are parsed by the parser that read the header line (`csv-core`, the `csv`
    /// crate's parser), into one buffer of the row's bytes and one of its cells' ends.
    pub(super) fn each(&mut self, dedupe: bool, mut f: impl FnMut(&Row) -> Result<()>) -> Result<usize> {
        let file = self.file;
        let width = self.width;
        let parser = &mut self.parser;
        let counted = &mut self.counted;
        let mut members: Vec<(usize, usize, AgeBand)> = Vec::new();
        // 64-bit hashes of the family ids, checked for repeats once the file is read.
        let mut ids: Vec<u64> = Vec::new();
        let mut n: usize = 0;
        loop {
            let parsed = match parser.next(counted) {
                Ok(Some(p)) => p,
                Ok(None) => break,
                Err(e) => return Err(syntax(file, counted, Fail::io(&e), &self.names, self.encoding)),
            };
            // Where the row starts: its line, and where the CSV reader's string records place a
            // row that is not UTF-8.
            let start = parsed.start;
            if parsed.cells != width {
                let fail = Fail::Unequal {
                    at: start,
                    expected: width,
                    len: parsed.cells,
                };
                return Err(syntax(file, counted, fail, &self.names, self.encoding));
            }
            let (bytes, ends) = parser.row(&parsed);
            let cells = match Cells::of(bytes, ends) {
                Ok(c) => c,
                Err(i) => {
                    let line = counted.line_at(start);
                    return Err(not_utf8(file, line, column(&self.names, i), self.encoding));
                }
            };
            // A row with every cell empty (an export's trailing rows) is no family: skip it (a row
            // with a family id is not empty, the usual case, checked first).
            let id = cells.get(self.id_col);
            if id.is_empty() && cells.all_empty() {
                continue;
            }
            let line = counted.line_at(start);
            if n >= self.max_rows as usize {
                return Err(too_many(file, line, self.max_rows));
            }
            if id.is_empty() {
                return Err(Error::invalid(
                    Place::new(file, Location::line(line), "family_id"),
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
            let members_cell = read_members(file, line, self.members_col.map(|c| cells.get(c)), &mut members)?;
            let region = match self.region_col.map(|c| cells.get(c)).filter(|s| !s.is_empty()) {
                None => None,
                Some(r) => Some(region(r).ok_or_else(|| {
                    Error::invalid(
                        Place::new(file, Location::line(line), "region"),
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
                cells,
            })?;
            n += 1;
        }
        check_quotes(file, &self.counted, false)?;
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
        let io = |e: std::io::Error| Error::Syntax {
            place: Box::new(Place::new(file, Location::Whole, "family_id")),
            message: format!("cannot read the records again to confirm a repeated family id: {e}"),
        };
        self.counted.restart_lines(self.first, self.first_line, self.first_cr);
        let mut parser = RowParser::at(&mut self.counted, self.first, self.delimiter).map_err(io)?;
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some(p) = parser.next(&mut self.counted).map_err(io)? {
            let (bytes, ends) = parser.row(&p);
            // Every row was checked as text on the first reading.
            let id = Cells::of(bytes, ends).map_or("", |c| c.get(self.id_col));
            if repeated.binary_search(&hash_id(id)).is_ok() && !seen.insert(id.to_string()) {
                let line = self.counted.line_at(p.start);
                return Err(Error::invalid(
                    Place::new(file, Location::line(line), "family_id"),
                    format!("family id {id:?} is used by an earlier row too: give each family one row and its own id"),
                ));
            }
        }
        Ok(())
    }
}

/// The error for a header line with no `family_id` column: an unterminated quote, a UTF-16 file,
/// a header line that looks written with another delimiter, or the column missing.
fn no_family_id<R>(file: &str, counted: &Counted<R>, headers: &csv::StringRecord, format: &Format) -> Error {
    // A header line with an unterminated quote is that error, not a missing column.
    if let Err(e) = check_quotes(file, counted, true) {
        return e;
    }
    let place = Place::new(file, Location::line(1), "family_id");
    if format.encoding == Some("UTF-16") {
        return Error::invalid(place, utf16_refused(file));
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
    Error::invalid(
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
    )
}

/// Every column has a name, and no two are read as the same name.
fn check_names(file: &str, headers: &csv::StringRecord, names: &[String], format: &Format) -> Result<()> {
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
    Ok(())
}

/// More rows than `max` families.
fn too_many(file: &str, line: usize, max: u32) -> Error {
    Error::invalid(
        Place::new(file, Location::line(line), ""),
        if max == MAX_RECORD_ROWS {
            format!("more than {max} families: the most a records file may hold")
        } else {
            format!(
                "more than {max} families: the most a records file may hold here (split it, or use the command line, which reads up to {MAX_RECORD_ROWS})"
            )
        },
    )
}

/// The first line (up to 64 KiB) of a reader, which is then put back at its start.
pub(super) fn read_head<R: Read + Seek>(reader: &mut R) -> std::io::Result<Vec<u8>> {
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

/// How reading rows failed: a row with another number of cells than the header line (at the
/// row's offset), a header cell that is not UTF-8, or a read error (at an offset, if known).
enum Fail {
    Unequal { at: u64, expected: usize, len: usize },
    Utf8 { at: Option<u64>, field: usize },
    Other { at: Option<u64>, message: String },
}

impl Fail {
    /// A read error, worded as the `csv` reader words it (at no offset, as it gives none).
    fn io(e: &std::io::Error) -> Fail {
        Fail::Other {
            at: None,
            message: e.to_string(),
        }
    }
}

/// A CSV reader's error in words, at its line: a row too long, a quote never closed, a row with
/// another number of cells than the header, text that is not UTF-8 (naming the column and the
/// encoding it looks like).
fn syntax<R>(file: &str, c: &mut Counted<R>, e: Fail, names: &[String], encoding: Option<&'static str>) -> Error {
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
    if c.in_quote && matches!(e, Fail::Unequal { .. }) {
        return Error::Syntax {
            place: Box::new(Place::new(file, Location::line(c.open_quote_line), "")),
            message: "a quote opened on this line is never closed, so the rest of the file reads as one cell: close it, or double it (\"\") inside a quoted field".into(),
        };
    }
    let mut line_at = |at: Option<u64>| at.map_or(0, |at| c.line_at(at));
    match e {
        Fail::Unequal { at, expected, len } => Error::Syntax {
            place: Box::new(Place::new(file, Location::line(line_at(Some(at))), "")),
            message: format!(
                "this row has {len} cells where the header line has {expected}: check that the row uses the header's delimiter and that its quotes are closed"
            ),
        },
        Fail::Utf8 { at, field } => not_utf8(file, line_at(at), column(names, field), encoding),
        Fail::Other { at, message } => Error::Syntax {
            place: Box::new(Place::new(file, Location::line(line_at(at)), "")),
            message,
        },
    }
}

/// The header line, read as the `csv` reader reads a header (its cells as text, each trimmed; an
/// empty file has none): a cell that is not UTF-8 is refused at the line's start.
fn header<R: Read>(parser: &mut RowParser, counted: &mut Counted<R>) -> std::result::Result<csv::StringRecord, Fail> {
    let Some(p) = parser.next(counted).map_err(|e| Fail::io(&e))? else {
        return Ok(csv::StringRecord::new());
    };
    let (bytes, ends) = parser.row(&p);
    let mut record = csv::ByteRecord::with_capacity(bytes.len(), ends.len());
    let mut start = 0;
    for &end in ends {
        record.push_field(bytes.get(start..end).unwrap_or(&[]));
        start = end;
    }
    let mut headers = csv::StringRecord::from_byte_record(record).map_err(|e| Fail::Utf8 {
        at: Some(p.start),
        field: e.utf8_error().field(),
    })?;
    headers.trim();
    Ok(headers)
}

/// The name of column `i`, for an error.
fn column(names: &[String], i: usize) -> String {
    names.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1))
}

/// Text that is not UTF-8, in a cell of `column` on `line` (naming the encoding the file looks like).
fn not_utf8(file: &str, line: usize, column: String, encoding: Option<&'static str>) -> Error {
    Error::Syntax {
        place: Box::new(Place::new(file, Location::line(line), column)),
        message: format!(
            "the text is not UTF-8{}",
            match encoding {
                Some(enc) => format!(" (the file looks like {enc}): {}", save_as_utf8(file, enc)),
                None => format!(": {SAVE_AS_UTF8}"),
            }
        ),
    }
}

/// An unterminated quote (an odd number of quotes in what was read) is refused. `header`: only
/// the header line was read.
fn check_quotes<R>(file: &str, c: &Counted<R>, header: bool) -> Result<()> {
    if c.quotes % 2 == 1 && (!header || c.open_quote_line <= 1) {
        return Err(Error::Syntax {
            place: Box::new(Place::new(file, Location::line(c.open_quote_line), "")),
            message: "a quote opened on this line is never closed: close it, or double it (\"\") inside a quoted field"
                .into(),
        });
    }
    Ok(())
}
