//! How a records text is read: its format (the scenario's delimiter, else the one its header line
//! has; the headers mapped to socval's names), and the encoding its start looks like when it is
//! not UTF-8, for errors that say how to save it.

use crate::scenario::RecordsFormat;
use std::collections::BTreeMap;

/// How a records text is read: its delimiter and the headers mapped to socval's names.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Format {
    pub(super) delimiter: u8,
    /// Whether the delimiter is the scenario's (else found from the header line).
    pub(super) given: bool,
    pub(super) columns: BTreeMap<String, String>,
    /// The encoding the start of the file looks like when it is not UTF-8.
    pub(super) encoding: Option<&'static str>,
}

impl Format {
    /// The format a scenario's `[records]` gives (checked with the scenario), the delimiter found
    /// from `head` (the start of the file) where it names none.
    pub(super) fn of(f: Option<&RecordsFormat>, head: &[u8]) -> Self {
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
pub(super) const SAVE_AS_UTF8: &str = "save it as CSV UTF-8 (in Excel: Save As, \"CSV UTF-8 (Comma delimited)\")";

/// How to save `file`, whose start looks like `encoding` (as `encoding_of` names it), as UTF-8,
/// or convert it with `iconv`, for an error about its encoding. Nothing is converted for the reader.
pub(super) fn save_as_utf8(file: &str, encoding: &str) -> String {
    let from = if encoding == "UTF-16" { "UTF-16" } else { "WINDOWS-1252" };
    format!("{SAVE_AS_UTF8}, or convert it: `iconv -f {from} -t UTF-8 {file} > utf8.csv`")
}

/// The refusal of a UTF-16 `file`, with how to save or convert it.
pub(super) fn utf16_refused(file: &str) -> String {
    format!(
        "the file is UTF-16 text, which socval does not read: {}",
        save_as_utf8(file, "UTF-16")
    )
}

/// A delimiter in words.
pub(super) fn delimiter_words(d: u8) -> &'static str {
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
