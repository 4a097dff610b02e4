//! Reading a records file's bytes: a reader that counts quotes, line breaks and row lengths as
//! it passes bytes on (and knows the line of any offset read), and the rows, the header line's
//! first, parsed with `csv-core` (the `csv` crate's own parser) into one buffer of a row's bytes
//! and one of its cells' ends.

use super::MAX_RECORD_LINE;
use std::io::{Read, Seek, SeekFrom};

/// A reader that counts what it passes on, once per byte however often the CSV reader seeks
/// back: quotes (an unterminated quote is refused; the CSV reader takes one at the end as closed),
/// line breaks (`\n`, `\r\n` and a lone `\r` alike) and the length of the current row (a row
/// longer than [`MAX_RECORD_LINE`] is refused, whether it is one long line or a quoted cell
/// spread over many). It also keeps the offsets of the line breaks not yet passed, so that the
/// line of a row is known from its byte offset (the CSV reader's own line count is wrong for
/// `\r\n` and `\r` files).
pub(super) struct Counted<R> {
    inner: R,
    /// Offset of the next byte `inner` gives.
    at: u64,
    /// Bytes before this offset have been counted.
    seen: u64,
    pub(super) quotes: u64,
    /// Inside a quoted cell (after an odd number of quotes).
    pub(super) in_quote: bool,
    /// Line of the quote that opened the cell still open (or the last one opened).
    pub(super) open_quote_line: usize,
    /// Line breaks counted (in `[0, seen)`).
    breaks: usize,
    /// Offset just after the last `\r` (a `\n` there ends the same line).
    cr_end: u64,
    /// Offset and line where the current row began.
    row_start: u64,
    row_line: usize,
    pub(super) too_long: Option<usize>,
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
    pub(super) fn new(inner: R) -> Self {
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
    pub(super) fn line_at(&mut self, offset: u64) -> usize {
        while self.marks.front().is_some_and(|&(m, _)| m < offset) {
            self.last_passed = self.marks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }

    /// Whether the byte just before `offset` is a `\r` (after [`Counted::line_at`] of `offset`).
    pub(super) fn cr_before(&self, offset: u64) -> bool {
        offset > 0 && self.last_passed == Some((offset - 1, true))
    }

    /// Restarts the line lookup at `offset`, whose line is `line` and which follows a `\r` or not
    /// (before the reader seeks there).
    pub(super) fn restart_lines(&mut self, offset: u64, line: usize, cr_before: bool) {
        self.marks.clear();
        self.passed = line.saturating_sub(1);
        self.tracked = offset;
        self.mark_cr_end = if cr_before { offset } else { u64::MAX };
    }

    /// Counts quotes, line breaks and row lengths in `new`, the bytes at `start` not seen before;
    /// `mark`: also keeps the offsets of the line breaks for [`Counted::line_at`] (as
    /// [`Counted::mark`] would, in the same pass: the usual case, bytes read for the first time).
    fn count(&mut self, new: &[u8], start: u64, mark: bool) -> std::io::Result<()> {
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
                    if mark {
                        self.marks.push_back((abs, b == b'\r'));
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
        if end > self.seen && self.seen == self.tracked && self.at <= self.seen && self.cr_end == self.mark_cr_end {
            // Bytes new to both the counts and the line lookup (the usual read): one pass.
            let skip = (self.seen - self.at) as usize;
            let start = self.seen;
            self.tracked = end;
            self.count(&buf[skip.min(n)..n], start, true)?;
            self.mark_cr_end = self.cr_end;
            self.seen = end;
            self.at = end;
            return Ok(n);
        }
        if end > self.tracked && self.at <= self.tracked {
            let skip = (self.tracked - self.at) as usize;
            let at = self.tracked;
            self.mark(&buf[skip.min(n)..n], at);
            self.tracked = end;
        }
        if end > self.seen {
            let skip = self.seen.saturating_sub(self.at) as usize;
            let start = self.seen.max(self.at);
            self.count(&buf[skip.min(n)..n], start, false)?;
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

/// The rows of a records file, parsed with `csv-core` directly, configured as the `csv` reader
/// that read them before (the same parser, so the same cells: quotes, `""`, `\n`, `\r\n` or `\r`
/// line ends, empty lines skipped): the row's bytes in one buffer, its cells' ends in another, its
/// start offset counted as the `csv` reader counts it.
pub(super) struct RowParser {
    core: csv_core::Reader,
    input: Vec<u8>,
    /// Bytes `input[at..len]` are read and not yet parsed.
    at: usize,
    len: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Offset of the next byte the parser takes.
    pos: u64,
}

/// One row parsed: its start offset, and how many bytes and cells [`RowParser`] holds of it.
pub(super) struct Parsed {
    pub(super) start: u64,
    pub(super) bytes: usize,
    pub(super) cells: usize,
}

impl RowParser {
    /// A parser of rows cut by `delimiter`, from the start of a file (a BOM there is dropped, as
    /// the `csv` reader drops it).
    pub(super) fn new(delimiter: u8) -> Self {
        RowParser {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            input: vec![0u8; 64 * 1024],
            at: 0,
            len: 0,
            out: vec![0u8; 1024],
            ends: vec![0usize; 16],
            pos: 0,
        }
    }

    /// A parser of rows cut by `delimiter`, from `counted` at offset `pos` (where the header
    /// line ends), which it seeks to.
    pub(super) fn at<R: Read + Seek>(counted: &mut Counted<R>, pos: u64, delimiter: u8) -> std::io::Result<Self> {
        let mut parser = RowParser::new(delimiter);
        // A new parser strips a BOM from the start of its first input; the parser that read the
        // header line would not strip one from the first row: a line break given first (an empty
        // line, skipped) makes this one the same.
        let _ = parser.core.read_record(b"\n", &mut parser.out, &mut parser.ends);
        counted.seek(SeekFrom::Start(pos))?;
        parser.pos = pos;
        Ok(parser)
    }

    /// Offset of the next byte the parser takes (after [`RowParser::next`], the end of its row).
    pub(super) fn offset(&self) -> u64 {
        self.pos
    }

    /// The next row (`None` at the end of the file), read from `counted`.
    #[inline]
    pub(super) fn next<R: Read>(&mut self, counted: &mut Counted<R>) -> std::io::Result<Option<Parsed>> {
        let start = self.pos;
        let (mut nbytes, mut ncells) = (0, 0);
        loop {
            if self.at == self.len {
                // An empty input tells the parser the file has ended.
                self.at = 0;
                self.len = counted.read(&mut self.input)?;
            }
            let (res, nin, nout, nend) = self.core.read_record(
                &self.input[self.at..self.len],
                &mut self.out[nbytes..],
                &mut self.ends[ncells..],
            );
            self.at += nin;
            self.pos += nin as u64;
            nbytes += nout;
            ncells += nend;
            match res {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => {
                    return Ok(Some(Parsed {
                        start,
                        bytes: nbytes,
                        cells: ncells,
                    }));
                }
                csv_core::ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// The bytes and cells' ends of the row [`RowParser::next`] gave.
    pub(super) fn row(&self, p: &Parsed) -> (&[u8], &[usize]) {
        (
            self.out.get(..p.bytes).unwrap_or(&[]),
            self.ends.get(..p.cells).unwrap_or(&[]),
        )
    }
}
