//! A row's cells read on bytes, with ASCII fast paths: the row's text checked as UTF-8 once (as
//! the CSV reader's own string records check it, field by field when a byte is not ASCII), cells
//! trimmed as `str::trim` trims (ASCII whitespace stripped byte by byte; a cell whose end is not
//! ASCII goes through `str::trim`), lists split on `;` byte by byte, the members cell read, and
//! the fixed-key 64-bit hash of a family id for the duplicate check.

use crate::error::{Error, Location, Place, Result};
use crate::tables::{AgeBand, Region};
use std::hash::BuildHasher;

/// A row's cells: the row's bytes as the CSV parser wrote them, as text (checked UTF-8), and the
/// end of each cell in them (the cells lie end to end).
#[derive(Clone, Copy)]
pub(super) struct Cells<'r> {
    text: &'r str,
    ends: &'r [usize],
}

impl<'r> Cells<'r> {
    /// The row's cells (`bytes`, cut at `ends`), or the index of the first cell that is not
    /// UTF-8 (the cell the CSV reader's string records name: a character cut between two cells
    /// is refused too).
    pub(super) fn of(bytes: &'r [u8], ends: &'r [usize]) -> std::result::Result<Self, usize> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            let mut start = 0;
            for (i, &end) in ends.iter().enumerate() {
                if bytes.get(start..end).is_none_or(|f| std::str::from_utf8(f).is_err()) {
                    return Err(i);
                }
                start = end;
            }
            return Err(0);
        };
        // The row is UTF-8 and its cells lie end to end in it: a cell is UTF-8 when its ends fall
        // on characters, so the first cell that is not ends inside a character (one cut between
        // two cells). Checked at the cells' ends, not byte by byte again.
        if let Some(i) = ends.iter().position(|&end| !text.is_char_boundary(end)) {
            return Err(i);
        }
        Ok(Cells { text, ends })
    }

    /// Cell `i`, trimmed (as `str::trim` trims); empty past the row's end.
    #[inline(always)]
    pub(super) fn get(&self, i: usize) -> &'r str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = match i.checked_sub(1) {
            Some(j) => self.ends.get(j).copied().unwrap_or(0),
            None => 0,
        };
        self.text.get(start..end).map_or("", trim)
    }

    /// Whether every cell is empty once trimmed.
    pub(super) fn all_empty(&self) -> bool {
        (0..self.ends.len()).all(|i| self.get(i).is_empty())
    }
}

/// `s` trimmed of whitespace as `str::trim` trims it: the ASCII whitespace `str::trim` strips
/// (space, tab, line feed, vertical tab, form feed, carriage return) byte by byte, and, where what
/// is left starts or ends with a byte that is not ASCII, `str::trim` itself (Unicode whitespace).
#[inline]
pub(super) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    // The usual cell: its first and last bytes are printable ASCII, nothing to trim.
    if let (Some(&f), Some(&l)) = (b.first(), b.last())
        && (b'!'..0x80).contains(&f)
        && (b'!'..0x80).contains(&l)
    {
        return s;
    }
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let mut a = 0;
    let mut z = b.len();
    while a < z && space(b[a]) {
        a += 1;
    }
    while z > a && space(b[z - 1]) {
        z -= 1;
    }
    if a < z && (b[a] >= 0x80 || b[z - 1] >= 0x80) {
        return s.trim();
    }
    s.get(a..z).unwrap_or("")
}

/// The parts of a `;`-separated list, each trimmed, empty ones left out (as
/// `s.split(';').map(str::trim).filter(|p| !p.is_empty())`).
pub(super) fn parts(s: &str) -> Parts<'_> {
    Parts { rest: Some(s) }
}

/// The iterator [`parts`] gives (a type of its own, so that its step is inlined where it is used).
pub(super) struct Parts<'s> {
    rest: Option<&'s str>,
}

impl<'s> Iterator for Parts<'s> {
    type Item = &'s str;

    #[inline]
    fn next(&mut self) -> Option<&'s str> {
        loop {
            let r = self.rest?;
            // Cells are short: a plain byte loop beats a vectorised search here.
            let (part, next) = match r.bytes().position(|b| b == b';') {
                Some(i) => (r.get(..i).unwrap_or(""), r.get(i + 1..)),
                None => (r, None),
            };
            self.rest = next;
            let part = trim(part);
            if !part.is_empty() {
                return Some(part);
            }
        }
    }
}

/// Whether `a` and `b` are the same bytes. Member names are short: compared as one or two
/// overlapping words, in line, where a call to `memcmp` for each name costs more than the
/// comparison; longer ones as slices.
#[inline]
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], i: usize| s.get(i..i + 8).and_then(|w| w.try_into().ok()).map(u64::from_ne_bytes);
    let w4 = |s: &[u8], i: usize| s.get(i..i + 4).and_then(|w| w.try_into().ok()).map(u32::from_ne_bytes);
    match n {
        0 => true,
        1..4 => a.iter().zip(b).all(|(x, y)| x == y),
        4..8 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        _ => a == b,
    }
}

/// `s` split at the first `sep` (an ASCII byte), as `str::split_once` splits it.
#[inline]
pub(super) fn split_at_byte(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// The age band written `s` (already trimmed), as `AgeBand::parse` reads it.
fn band(s: &str) -> Option<AgeBand> {
    // Matched on the literal words (compared inline, not through a call per band); a test
    // checks them against `AgeBand::parse`.
    match s {
        "all" => Some(AgeBand::All),
        "under-25" => Some(AgeBand::Under25),
        "25-49" => Some(AgeBand::From25To49),
        "50-plus" => Some(AgeBand::From50),
        _ => None,
    }
}

/// The region written `s` (already trimmed), as `Region::parse` reads it.
pub(super) fn region(s: &str) -> Option<Region> {
    match s {
        "all" => Some(Region::All),
        "london" => Some(Region::London),
        "outside-london" => Some(Region::OutsideLondon),
        _ => None,
    }
}

/// The 64-bit hash of a family id for the duplicate check: foldhash with a fixed seed, the same
/// on every run; a repeated hash is re-checked exactly, so a collision costs a second read of the
/// file, never a wrong answer.
pub(super) fn hash_id(id: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed_5ca1_e000_0026).hash_one(id.as_bytes())
}

/// Reads a members cell (`name[:age band]` separated by `;`, or empty for one member `parent`)
/// into `members` (byte ranges of the names in the cell, and their bands); returns the cell the
/// ranges are in.
pub(super) fn read_members<'c>(
    file: &str,
    line: usize,
    cell: Option<&'c str>,
    members: &mut Vec<(usize, usize, AgeBand)>,
) -> Result<&'c str> {
    members.clear();
    let Some(cell) = cell.filter(|s| !s.is_empty()) else {
        members.push((0, "parent".len(), AgeBand::All));
        return Ok("parent");
    };
    let place = || Place::new(file, Location::line(line), "members");
    // One pass over the cell's bytes: each part's end (`;`) and its first `:` found in the same
    // loop, the part then trimmed and split there (as `parts` and `split_at_byte` would).
    let bytes = cell.as_bytes();
    let mut start = 0;
    let mut colon = None;
    let mut at = 0;
    loop {
        match next_sep(bytes, at) {
            Some(i) if bytes.get(i) == Some(&b':') => {
                colon = colon.or(Some(i));
                at = i + 1;
            }
            next => {
                let end = next.unwrap_or(bytes.len());
                member(cell, start, end, colon, members).map_err(|e| Error::invalid(place(), e))?;
                if next.is_none() {
                    break;
                }
                start = end + 1;
                at = start;
                colon = None;
            }
        }
    }
    if members.is_empty() {
        return Err(Error::invalid(
            place(),
            "no members: list them as name[:age band] separated by ';' (e.g. mother:25-49;baby), or leave the cell empty for one member",
        ));
    }
    Ok(cell)
}

/// The index of the first `;` or `:` in `bytes` from `at` on ([`crate::exact::find_either`]).
#[inline(always)]
fn next_sep(bytes: &[u8], at: usize) -> Option<usize> {
    crate::exact::find_either(bytes.get(at..)?, b';', b':').map(|i| at + i)
}

/// Reads one part of a members cell (`cell[from..to]`, its first `:` at `colon`) into
/// `members`, as `parts` and `split_at_byte` read it: trimmed, left out when empty, else a name
/// and its age band (`all` without one); the message of the error if the band is unknown or the
/// name is already there.
#[inline(always)]
fn member(
    cell: &str,
    from: usize,
    to: usize,
    colon: Option<usize>,
    members: &mut Vec<(usize, usize, AgeBand)>,
) -> std::result::Result<(), String> {
    // The name and the band are trimmed each on its own, as trimming the part first and then
    // each side of its first `:` trims them (whitespace is never a `:`); a part with a `:` is
    // never empty once trimmed.
    let (name, age) = match colon {
        Some(c) => {
            let a = cell.get(c + 1..to).unwrap_or("");
            let Some(band) = band(trim(a)) else {
                return Err(unknown_band(cell.get(from..to).unwrap_or("")));
            };
            (trim(cell.get(from..c).unwrap_or("")), band)
        }
        None => {
            let part = trim(cell.get(from..to).unwrap_or(""));
            if part.is_empty() {
                return Ok(());
            }
            (part, AgeBand::All)
        }
    };
    if members
        .iter()
        .any(|&(a, b, _)| cell.as_bytes().get(a..b).is_some_and(|m| same(m, name.as_bytes())))
    {
        return Err(listed_twice(name));
    }
    let start = name.as_ptr() as usize - cell.as_ptr() as usize;
    members.push((start, start + name.len(), age));
    Ok(())
}

/// The message for a members cell's `part` whose age band is unknown, the band and the name as
/// the part trimmed and split at its first `:` name them (kept out of the reading loop).
#[cold]
#[inline(never)]
fn unknown_band(part: &str) -> String {
    let part = trim(part);
    let (n, a) = split_at_byte(part, b':').unwrap_or((part, ""));
    format!("age band {a:?} of {n:?} is not one of all, under-25, 25-49, 50-plus")
}

/// The message for a member `name` listed twice (kept out of the reading loop).
#[cold]
#[inline(never)]
fn listed_twice(name: &str) -> String {
    format!(
        "member {name:?} is listed twice in members: give each member once, or name them apart (e.g. child1;child2)"
    )
}

#[cfg(test)]
mod tests {
    use super::{Cells, band, parts, read_members, region, same, split_at_byte, trim};
    use crate::tables::{AgeBand, Region};

    /// The members cell as it was read before the one-pass reading: parts, then each split at
    /// its first `:`; the names and bands, or the error's message.
    fn members_by_parts(cell: &str) -> Result<Vec<(String, AgeBand)>, String> {
        let mut out: Vec<(String, AgeBand)> = Vec::new();
        for part in parts(cell) {
            let (name, age) = match split_at_byte(part, b':') {
                Some((n, a)) => match band(trim(a)) {
                    Some(b) => (trim(n), b),
                    None => {
                        return Err(format!(
                            "age band {a:?} of {n:?} is not one of all, under-25, 25-49, 50-plus"
                        ));
                    }
                },
                None => (part, AgeBand::All),
            };
            if out.iter().any(|(m, _)| m == name) {
                return Err(format!(
                    "member {name:?} is listed twice in members: give each member once, or name them apart (e.g. child1;child2)"
                ));
            }
            out.push((name.to_string(), age));
        }
        Ok(out)
    }

    /// The one-pass reading of a members cell (eight bytes at a time) finds the names, bands and
    /// errors that reading it part by part finds: separators at every place in a word, long
    /// names, several colons, empty parts, Unicode whitespace.
    #[test]
    fn members_read_in_one_pass_as_part_by_part() {
        let cells = [
            "mother:25-49;baby:under-25",
            "mother",
            " mother ; baby ",
            "a;b;c;d;e;f;g;h;i;j",
            "grandmother-of-the-baby:50-plus;grandfather-of-the-baby:50-plus",
            "mother:25-49;;baby",
            ";;;mother;;;",
            "mother: 25-49 ;baby :under-25",
            "mother:25-49:x",
            "mother:middle-aged",
            "mother:25-49;mother:50-plus",
            "a-very-long-member-name;a-very-long-member-name",
            "\u{a0}mother\u{a0}:\u{2003}25-49;b\u{e9}b\u{e9}",
            "\u{3000};\u{85}",
            ";",
            " : ",
            ":all",
            "m1;m2;m3;m4;m5;m6;m7:all",
            "12345678;123456789:under-25;1234567:all",
        ];
        for cell in cells {
            let mut members = Vec::new();
            let got = read_members("f.csv", 2, Some(cell), &mut members)
                .map(|c| {
                    members
                        .iter()
                        .map(|&(a, b, age)| (c[a..b].to_string(), age))
                        .collect::<Vec<_>>()
                })
                .map_err(|e| e.to_string());
            match (members_by_parts(cell), got) {
                (Ok(want), Ok(got)) if !want.is_empty() => assert_eq!(got, want, "{cell:?}"),
                (Ok(_), Err(e)) => assert!(e.contains("no members"), "{cell:?}: {e}"),
                (Err(want), Err(e)) => assert!(e.ends_with(&want), "{cell:?}: {e} / {want}"),
                (want, got) => panic!("{cell:?}: {want:?} / {got:?}"),
            }
        }
    }

    /// A row is text when every cell is, as the CSV reader's string records check it: a
    /// character cut between two cells names the first of them, though the row's bytes are UTF-8.
    #[test]
    fn a_row_is_checked_cell_by_cell_when_not_ascii() {
        let row = |cells: &[&[u8]]| {
            let mut ends = Vec::new();
            let bytes: Vec<u8> = cells.concat();
            let mut end = 0;
            for c in cells {
                end += c.len();
                ends.push(end);
            }
            (bytes, ends)
        };
        let (ok, ends) = row(&[b"F1", "  Zo\u{eb} ".as_bytes(), b"\xc2\xa0yes\xc2\xa0"]);
        let c = Cells::of(&ok, &ends).expect("UTF-8");
        assert_eq!((c.get(0), c.get(1), c.get(2), c.get(3)), ("F1", "Zo\u{eb}", "yes", ""));
        let (cut, ends) = row(&[b"F1", b"a\xc3", b"\xa9b"]);
        assert!(std::str::from_utf8(&cut).is_ok());
        assert_eq!(Cells::of(&cut, &ends).err(), Some(1));
        let (latin1, ends) = row(&[b"F1", b"", b"caf\xe9"]);
        assert_eq!(Cells::of(&latin1, &ends).err(), Some(2));
        let (empty, ends) = row(&[b"", b" ", b"\t"]);
        assert!(Cells::of(&empty, &ends).expect("UTF-8").all_empty());
    }

    /// The fast trim and split give `str::trim` and `split(';')`'s answers, Unicode whitespace,
    /// vertical tabs and characters beyond ASCII included; age bands and regions are read as
    /// `AgeBand::parse` and `Region::parse` read them.
    #[test]
    fn trim_and_parts_agree_with_the_standard_library() {
        let cases = [
            "",
            " ",
            "a",
            " a ",
            "\u{b}a\u{c}",
            "\u{a0}a\u{a0}",
            "\u{feff}a",
            "é ",
            " é",
            "\u{2003}mother;\u{85}baby ",
            "mother;;baby",
            ";",
            " ; ;",
            "a;b ;  c",
            "\té\u{3000};x",
            "\r\n",
            "all",
            " under-25",
            "25-49 ",
            "50-plus",
            "50-Plus",
            "london",
            "\toutside-london",
            "London",
            "outside london",
            "mother",
            "mothers",
            "motheR",
            "grandmother",
            "grandmothers",
            "grandmother-1",
            "grandmother-2",
            "a-long-name-of-a-member",
            "a-long-name-of-a-membeR",
            "outside-londoN",
        ];
        for s in cases {
            assert_eq!(trim(s), s.trim(), "{s:?}");
            let want: Vec<&str> = s.split(';').map(str::trim).filter(|p| !p.is_empty()).collect();
            assert_eq!(parts(s).collect::<Vec<_>>(), want, "{s:?}");
            assert_eq!(split_at_byte(s, b';'), s.split_once(';'), "{s:?}");
            for t in cases {
                assert_eq!(same(s.as_bytes(), t.as_bytes()), s == t, "{s:?} {t:?}");
            }
            assert_eq!(band(trim(s)), AgeBand::parse(s), "{s:?}");
            assert_eq!(region(trim(s)), Region::parse(s), "{s:?}");
        }
    }
}
