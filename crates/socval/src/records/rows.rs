//! Reading a records CSV row by row: its format (delimiter and column names), a reader that
//! counts quotes and line lengths as it passes bytes on, the rows with their members, and the
//! duplicate-id check. Nothing per family is kept but an 8-byte hash of its id.

use super::{MAX_RECORD_LINE, MAX_RECORD_ROWS};
use crate::error::{Error, Location, Place, Result};
use crate::scenario::RecordsFormat;
use crate::tables::{AgeBand, Region};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};

/// How a records text is read: its delimiter and the headers mapped to socval's names.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Format {
    pub(super) delimiter: u8,
    pub(super) columns: BTreeMap<String, String>,
}

impl Format {
    /// The format a scenario's `[records]` gives (checked with the scenario), the delimiter found
    /// from `head` (the start of the file) where it names none.
    pub(super) fn of(f: Option<&RecordsFormat>, head: &[u8]) -> Self {
        let given = f.and_then(|f| f.delimiter_byte().ok().flatten());
        Format {
            delimiter: given.unwrap_or_else(|| detect_delimiter(head)),
            columns: f.map(|f| f.columns.clone()).unwrap_or_default(),
        }
    }

    /// socval's name for a header: the mapped name, else `family_id`, `members` or `region`
    /// written another way (`Family ID`, `family-id`), else the header itself.
    pub(super) fn name(&self, header: &str) -> String {
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

/// The delimiter of a header line: `,` if it has one; else `;`, a tab or `|`, whichever it has
/// (outside quotes); else `,`.
pub(super) fn detect_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
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

/// A reader that counts what it passes on, once per byte however often the CSV reader seeks
/// back: quotes (an unterminated quote at the end is refused; the CSV reader takes it as closed)
/// and the length of the current line (a line longer than [`MAX_RECORD_LINE`] is refused).
pub(super) struct Counted<R> {
    pub(super) inner: R,
    /// Offset of the next byte `inner` gives.
    pub(super) at: u64,
    /// Bytes before this offset have been counted.
    pub(super) seen: u64,
    pub(super) quotes: u64,
    pub(super) last_quote_line: usize,
    pub(super) newlines: usize,
    pub(super) line_len: usize,
    pub(super) too_long: Option<usize>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let end = self.at + n as u64;
        if end > self.seen {
            let skip = self.seen.saturating_sub(self.at) as usize;
            let new = &buf[skip.min(n)..n];
            let newlines_before = self.newlines;
            if let Some(last) = memchr::memrchr(b'"', new) {
                self.quotes += memchr::memchr_iter(b'"', new).count() as u64;
                self.last_quote_line = newlines_before + memchr::memchr_iter(b'\n', &new[..last]).count() + 1;
            }
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', new) {
                if self.line_len + (nl - start) > MAX_RECORD_LINE {
                    break;
                }
                self.newlines += 1;
                self.line_len = 0;
                start = nl + 1;
            }
            self.line_len += new.len() - start;
            if self.line_len > MAX_RECORD_LINE {
                self.too_long = Some(self.newlines + 1);
                return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "line too long"));
            }
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
pub(super) struct Row<'r> {
    pub(super) line: usize,
    pub(super) id: &'r str,
    pub(super) members_cell: &'r str,
    pub(super) members: &'r [(usize, usize, AgeBand)],
    pub(super) region: Option<Region>,
    pub(super) record: &'r csv::StringRecord,
}

impl Row<'_> {
    pub(super) fn member(&self, i: usize) -> &str {
        let (a, b, _) = self.members[i];
        &self.members_cell[a..b]
    }

    pub(super) fn position(&self, name: &str) -> Option<usize> {
        (0..self.members.len()).find(|&i| self.member(i) == name)
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
    pub(super) reader: csv::Reader<Counted<R>>,
    pub(super) names: Vec<String>,
    pub(super) id_col: usize,
    pub(super) members_col: Option<usize>,
    pub(super) region_col: Option<usize>,
    pub(super) item_cols: Vec<usize>,
    pub(super) first: csv::Position,
    pub(super) max_rows: u32,
}

/// A members cell (`name[:age band]` separated by `;`) read into `members`, as each name's byte
/// range in the cell and its age band; a bad age band, a name given twice or no name is refused.
fn parse_members(file: &str, line: usize, cell: &str, members: &mut Vec<(usize, usize, AgeBand)>) -> Result<()> {
    for part in cell.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, age) = match part.split_once(':') {
            Some((n, a)) => {
                let band = AgeBand::parse(a).ok_or_else(|| {
                    Error::invalid(
                        Place::new(file, Location::line(line), "members"),
                        format!("age band {a:?} of {n:?} is not one of all, under-25, 25-49, 50-plus"),
                    )
                })?;
                (n.trim(), band)
            }
            None => (part, AgeBand::All),
        };
        if members.iter().any(|&(a, b, _)| &cell[a..b] == name) {
            return Err(Error::invalid(
                Place::new(file, Location::line(line), "members"),
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
            Place::new(file, Location::line(line), "members"),
            "no members: list them as name[:age band] separated by ';' (e.g. mother:25-49;baby), or leave the cell empty for one member",
        ));
    }
    Ok(())
}

impl<'f, R: Read + Seek> Rows<'f, R> {
    pub(super) fn open(file: &'f str, inner: R, format: &Format) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter)
            // Fields are trimmed where they are read (`field`): the reader's own trimming copies
            // every row.
            .trim(csv::Trim::Headers)
            .flexible(false)
            .from_reader(Counted {
                inner,
                at: 0,
                seen: 0,
                quotes: 0,
                last_quote_line: 0,
                newlines: 0,
                line_len: 0,
                too_long: None,
            });
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(syntax(file, &reader, 1, &e)),
        };
        let names: Vec<String> = headers.iter().map(|h| format.name(h)).collect();
        let Some(id_col) = names.iter().position(|h| h == "family_id") else {
            // A header line with an unterminated quote is that error, not a missing column.
            check_quotes(file, &reader, true)?;
            return Err(Error::invalid(
                Place::new(file, Location::line(1), "family_id"),
                "missing: the header line needs a family_id column (one row per family), e.g. family_id,members,confidence",
            ));
        };
        let mut seen_cols = BTreeSet::new();
        for h in &names {
            if h.is_empty() {
                return Err(Error::invalid(
                    Place::new(file, Location::line(1), ""),
                    "a column has no name in the header line: name it, or remove the empty column",
                ));
            }
            if !seen_cols.insert(h.as_str()) {
                return Err(Error::invalid(
                    Place::new(file, Location::line(1), h.clone()),
                    "this column name is used twice in the header line: keep one column per item",
                ));
            }
        }
        let members_col = names.iter().position(|h| h == "members");
        let region_col = names.iter().position(|h| h == "region");
        let item_cols: Vec<usize> = (0..names.len())
            .filter(|&i| i != id_col && Some(i) != members_col && Some(i) != region_col)
            .collect();
        let first = reader.position().clone();
        Ok(Rows {
            file,
            reader,
            names,
            id_col,
            members_col,
            region_col,
            item_cols,
            first,
            max_rows: MAX_RECORD_ROWS,
        })
    }

    pub(super) fn columns(&self) -> Vec<String> {
        self.item_cols.iter().map(|&c| self.names[c].clone()).collect()
    }

    /// Reads every row, checking it, and hands it to `f`; returns the number of families.
    /// `dedupe`: check family ids for duplicates.
    pub(super) fn each(&mut self, dedupe: bool, mut f: impl FnMut(&Row) -> Result<()>) -> Result<usize> {
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
                Err(e) => {
                    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                    return Err(syntax(file, &self.reader, line, &e));
                }
            }
            // A row with every cell empty (an export's trailing rows) is no family: skip it.
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
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
                    parse_members(file, line, cell, &mut members)?;
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
    pub(super) fn duplicates(&mut self, repeated: &[u64]) -> Result<()> {
        let file = self.file;
        let io = |e: csv::Error| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::Syntax {
                place: Box::new(Place::new(file, Location::line(line), "family_id")),
                message: e.to_string(),
            }
        };
        self.reader.seek(self.first.clone()).map_err(io)?;
        let mut rec = csv::StringRecord::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while self.reader.read_record(&mut rec).map_err(io)? {
            let id = field(&rec, self.id_col);
            if repeated.binary_search(&hash_id(id)).is_ok() && !seen.insert(id.to_string()) {
                let line = rec.position().map_or(0, |p| p.line() as usize);
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

/// Field `i` of a row, trimmed (as `str::trim` trims).
pub(super) fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("").trim()
}

pub(super) fn hash_id(id: &str) -> u64 {
    // SipHash-1-3 with fixed keys: the same on every platform; a repeated hash is re-checked
    // exactly, so a collision costs a second read of the file, never a wrong answer.
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

pub(super) fn syntax<R: Read>(file: &str, reader: &csv::Reader<Counted<R>>, line: usize, e: &csv::Error) -> Error {
    if let Some(l) = reader.get_ref().too_long {
        return Error::invalid(
            Place::new(file, Location::line(l), ""),
            format!("the line is longer than {MAX_RECORD_LINE} bytes, the most a records row may take"),
        );
    }
    Error::Syntax {
        place: Box::new(Place::new(file, Location::line(line), "")),
        message: e.to_string(),
    }
}

/// An unterminated quote (an odd number of quotes in what was read) is refused. `header`: only
/// the header line was read.
pub(super) fn check_quotes<R: Read>(file: &str, reader: &csv::Reader<Counted<R>>, header: bool) -> Result<()> {
    let c = reader.get_ref();
    if c.quotes % 2 == 1 && (!header || c.last_quote_line <= 1) {
        return Err(Error::Syntax {
            place: Box::new(Place::new(file, Location::line(c.last_quote_line), "")),
            message: "a quote is opened and never closed: close it, or double it (\"\") inside a quoted field".into(),
        });
    }
    Ok(())
}
