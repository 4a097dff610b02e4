//! Typed errors. Every error names where the problem is: the file, the line or row, and the field.

use serde::Serialize;

/// Where in an input a problem was found: the input, a location in it, and the field.
///
/// Faces render a place their own way (the CLI as text, the page beside the field at fault, the
/// JS API as data); none needs to parse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The input's name, as given by the caller (a path, `"<embedded>"`, `"scenario"`).
    pub file: String,
    /// Where within it.
    pub location: Location,
    /// The field or column; empty when the whole row or entry is meant.
    pub field: String,
}

/// Which list of a scenario an item is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemList {
    /// `[[outcomes]]`.
    Outcomes,
    /// `[[avoided]]`.
    Avoided,
    /// `[[measured]]`.
    Measured,
}

/// A location within an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// The whole input, or one of its top-level fields.
    Whole,
    /// A line (and column) of a text: a TOML or JSON file, or a line of a records CSV.
    Line {
        /// 1-based line.
        line: usize,
        /// 1-based column, where known.
        column: Option<usize>,
    },
    /// A top-level table of a scenario (`tables`, `optimism_bias`, `uncertainty`).
    Section {
        /// Its key.
        name: String,
    },
    /// A scenario item.
    Item {
        /// Outcomes or avoided costs.
        list: ItemList,
        /// 0-based position.
        index: usize,
        /// Its id.
        id: String,
    },
    /// A programme cost.
    Cost {
        /// 0-based position.
        index: usize,
        /// Its label.
        label: String,
    },
    /// A range of the uncertainty analysis.
    Range {
        /// 0-based position in `[[ranges]]`.
        index: usize,
        /// Its target, where it names the range better than its position.
        target: Option<String>,
    },
    /// A row of a proxy table.
    Row {
        /// 0-based position in `[[rows]]`.
        index: usize,
        /// Its id.
        id: String,
        /// Line of its `[[rows]]` header, where the text is known.
        line: Option<usize>,
    },
    /// A year of a deflator or GDP-per-head series.
    Year {
        /// 0-based position in `[[years]]`.
        index: usize,
        /// The year.
        year: i32,
        /// Line of its `[[years]]` header, where the text is known.
        line: Option<usize>,
    },
    /// The range a table gives a proxy, as the uncertainty analysis uses it.
    TableRange {
        /// The proxy's target path (`wellbeing.<row>`).
        target: String,
    },
    /// The break-even search on an assumption.
    BreakEven {
        /// The assumption's target path.
        target: String,
    },
    /// A value of JSON serialized from data (a JavaScript object given to the JS API), whose
    /// lines are nobody's: the path to it.
    Path {
        /// `outcomes[2].deadweight`, `families`.
        path: String,
    },
    /// A source of a table.
    Source {
        /// 0-based position in `[[sources]]`.
        index: usize,
        /// Its id.
        id: String,
    },
}

impl Location {
    /// A line of a text.
    pub fn line(line: usize) -> Self {
        Location::Line { line, column: None }
    }

    /// A top-level table of a scenario.
    pub fn section(name: impl Into<String>) -> Self {
        Location::Section { name: name.into() }
    }

    /// `outcomes[index]`.
    pub fn outcome(index: usize, id: impl Into<String>) -> Self {
        Location::Item {
            list: ItemList::Outcomes,
            index,
            id: id.into(),
        }
    }

    /// `avoided[index]`.
    pub fn avoided(index: usize, id: impl Into<String>) -> Self {
        Location::Item {
            list: ItemList::Avoided,
            index,
            id: id.into(),
        }
    }

    /// `costs[index]`.
    pub fn cost(index: usize, label: impl Into<String>) -> Self {
        Location::Cost {
            index,
            label: label.into(),
        }
    }

    /// `ranges[index]`, named by its target where given.
    pub fn range(index: usize, target: Option<String>) -> Self {
        Location::Range { index, target }
    }

    /// Whether the whole input is meant.
    pub fn is_whole(&self) -> bool {
        *self == Location::Whole
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = |f: &mut std::fmt::Formatter<'_>, l: &Option<usize>| match l {
            Some(l) => write!(f, "line {l}, "),
            None => Ok(()),
        };
        match self {
            Location::Whole => Ok(()),
            Location::Line { line, column: None } => write!(f, "line {line}"),
            Location::Line { line, column: Some(c) } => write!(f, "line {line}, column {c}"),
            Location::Section { name } => f.write_str(name),
            Location::Item { list, index, id } => write!(
                f,
                "{}[{index}] (id {id:?})",
                match list {
                    ItemList::Outcomes => "outcomes",
                    ItemList::Avoided => "avoided",
                    ItemList::Measured => "measured",
                }
            ),
            Location::Cost { index, label } => write!(f, "costs[{index}] ({label:?})"),
            Location::Range { index, target: None } => write!(f, "ranges[{index}]"),
            Location::Range { index, target: Some(t) } => write!(f, "ranges[{index}] ({t})"),
            Location::Row { index, id, line: l } => {
                line(f, l)?;
                write!(f, "rows[{index}] (id {id:?})")
            }
            Location::Year { index, year, line: l } => {
                line(f, l)?;
                write!(f, "years[{index}] (year {year})")
            }
            Location::Source { index, id } => write!(f, "sources[{index}] (id {id:?})"),
            Location::Path { path } => f.write_str(path),
            Location::TableRange { target } => write!(f, "table range of {target}"),
            Location::BreakEven { target } => write!(f, "break-even of {target}"),
        }
    }
}

impl Place {
    /// A place in `file` at `location`, field `field`.
    pub fn new(file: impl Into<String>, location: Location, field: impl Into<String>) -> Self {
        Place {
            file: file.into(),
            location,
            field: field.into(),
        }
    }

    /// A top-level field of `file` (`price_year`), or the whole input when `field` is empty.
    pub fn top(file: impl Into<String>, field: impl Into<String>) -> Self {
        Place::new(file, Location::Whole, field)
    }

    /// The same place with another field.
    pub fn with_field(&self, field: impl Into<String>) -> Self {
        Place::new(self.file.clone(), self.location.clone(), field)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.location.is_whole() {
            write!(f, ": {}", self.location)?;
        }
        // A path ends with its field (`outcomes[2].deadweight`).
        if !self.field.is_empty() && !matches!(self.location, Location::Path { .. }) {
            write!(f, ": field `{}`", self.field)?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in socval. No function of the core panics on bad input;
/// it returns one of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Error {
    /// The input is not well-formed TOML, JSON or CSV, or a field has the wrong type.
    #[error("{place}: {message}")]
    Syntax {
        /// Where.
        place: Box<Place>,
        /// What the parser said.
        message: String,
    },
    /// A field is well-formed but its value is not allowed (out of range, missing, inconsistent).
    #[error("{place}: {message}")]
    Invalid {
        /// Where.
        place: Box<Place>,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A reference to a table, row or item that does not exist.
    #[error("{place}: {message}")]
    Unknown {
        /// Where the reference is.
        place: Box<Place>,
        /// What was not found, and what exists.
        message: String,
    },
    /// A table claims the id and version of another table but its content differs.
    #[error(
        "{place}: table {table} has sha256 {actual} but {expected} is the hash of that version; a table version never changes: give a changed table a new version"
    )]
    HashMismatch {
        /// Where.
        place: Box<Place>,
        /// `id@version`.
        table: String,
        /// The hash recorded for that version.
        expected: String,
        /// The hash of the content given.
        actual: String,
    },
    /// A figure is too large to compute exactly.
    #[error("{place}: arithmetic overflow: {message}")]
    Overflow {
        /// The item and field whose figure overflowed.
        place: Box<Place>,
        /// What was being computed.
        message: String,
    },
    /// A long run was stopped by its caller (a progress callback answered `false`); nothing is
    /// wrong with the input.
    #[error("{place}: {message}")]
    Stopped {
        /// The analysis stopped.
        place: Box<Place>,
        /// How far it had gone.
        message: String,
    },
}

impl Error {
    /// The place the error names.
    pub fn place(&self) -> &Place {
        match self {
            Error::Syntax { place, .. }
            | Error::Invalid { place, .. }
            | Error::Unknown { place, .. }
            | Error::HashMismatch { place, .. }
            | Error::Overflow { place, .. }
            | Error::Stopped { place, .. } => place.as_ref(),
        }
    }

    pub(crate) fn invalid(place: Place, message: impl Into<String>) -> Self {
        Error::Invalid {
            place: Box::new(place),
            message: message.into(),
        }
    }

    pub(crate) fn unknown(place: Place, message: impl Into<String>) -> Self {
        Error::Unknown {
            place: Box::new(place),
            message: message.into(),
        }
    }

    pub(crate) fn overflow(place: Place, message: impl Into<String>) -> Self {
        Error::Overflow {
            place: Box::new(place),
            message: message.into(),
        }
    }

    /// Wraps a TOML error, turning its byte span into a line number and naming the key: the
    /// field whose value is wrong is the last key of `path` (serde_path_to_error's path to it).
    pub(crate) fn from_toml(file: &str, text: &str, e: &toml::de::Error, path: Option<&Path>) -> Self {
        let message = e.message().trim().to_string();
        let mut field = named_in_message(&message).unwrap_or_default();
        let mut line = e.span().map(|s| line_of(text, s.start));
        if let Some(span) = e.span() {
            let at_table = text.get(span.start..).is_some_and(|t| t.starts_with(['[', '{']));
            if field.is_empty() && at_table {
                // A field of a flattened table (an item's adjustments): serde reports it at the
                // table's header, past where the path can follow; find the key holding the value
                // the message quotes within that table.
                if let Some(value) = quoted_value_in(&message)
                    && let Some((l, key)) = toml_key_with_value(text, span.clone(), &value)
                {
                    line = Some(l);
                    field = key;
                }
            } else if field.is_empty() && path.is_some() {
                field = last_key(path);
            } else if field.is_empty() {
                // A syntax error, met before any field was read: the key its line sets.
                field = toml_key_at(text, span.start);
            } else if message.starts_with("unknown field") {
                // serde reports an unknown key at its table's header: name the key's own line.
                line = toml_key_line(text, span, &field).or(line);
            }
        }
        if line.is_none() && message.contains("recursion") {
            // The parser's nesting limit gives no place: the line nested deepest (the most
            // dots, brackets and braces) is where it was met.
            line = text
                .lines()
                .enumerate()
                .max_by_key(|(_, l)| l.bytes().filter(|b| matches!(b, b'.' | b'[' | b'{')).count())
                .map(|(i, _)| i + 1);
        }
        let location = line.map_or(Location::Whole, Location::line);
        Error::Syntax {
            place: Box::new(Place::new(file, location, field)),
            message: if message.contains("recursion") {
                format!(
                    "{}: the keys, tables or arrays on this line are nested too deeply; nest less",
                    in_words(&message)
                )
            } else {
                in_words(&message)
            },
        }
    }

    /// Wraps a JSON error with its line and column, naming the key: the field whose value is
    /// wrong is the last key of `path` (serde_path_to_error's path to it). With `by_path` (JSON
    /// serialized from data, a JS object: its lines are nobody's), the place is the path to the
    /// value instead (`outcomes[2].deadweight`).
    pub(crate) fn from_json(file: &str, text: &str, e: &serde_json::Error, path: Option<&Path>, by_path: bool) -> Self {
        let message = e.to_string();
        let message = in_words(message.split(" at line ").next().unwrap_or(&message));
        let (mut line, mut column) = (e.line(), e.column());
        let mut full = path_text(path);
        let mut field = named_in_message(&message).unwrap_or_default();
        let before = text.lines().nth(line.saturating_sub(1)).and_then(|l| {
            let b = l.as_bytes();
            b.get(..column.min(b.len()))
                .and_then(|b| b.iter().rev().find(|c| !c.is_ascii_whitespace()))
        });
        if !field.is_empty() {
            // A missing, unknown or repeated key: the path is its object's.
            full = join_key(&full, &field);
        } else if before == Some(&b'}') {
            // A bad value of a flattened object (an item's adjustments) is reported at the
            // object's end, past where the path can follow: find the key holding the value the
            // message quotes.
            if let Some(value) = quoted_value_in(&message)
                && let Some((l, c, key)) = json_key_with_value(text, line, column, &value)
            {
                (line, column) = (l, c);
                full = join_key(&full, &key);
                field = key;
            }
        } else if path.is_some() {
            field = last_key(path);
        } else {
            // No path (a syntax error, or no `error-paths`): the key before the value on its line.
            field = json_key_before(text, line, column);
        }
        if full.is_empty() {
            full = field.clone();
        }
        let location = if by_path && e.is_data() {
            Location::Path { path: full }
        } else {
            Location::Line {
                line,
                column: Some(column),
            }
        };
        Error::Syntax {
            place: Box::new(Place::new(file, location, field)),
            message,
        }
    }
}

/// Reads a `T` from TOML text; an error names its line and field ([`Error::from_toml`]).
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T> {
    #[cfg(feature = "error-paths")]
    {
        let de = toml::Deserializer::parse(text).map_err(|e| Error::from_toml(file, text, &e, None))?;
        serde_path_to_error::deserialize(de).map_err(|e| Error::from_toml(file, text, e.inner(), Some(e.path())))
    }
    #[cfg(not(feature = "error-paths"))]
    {
        toml::from_str(text).map_err(|e| Error::from_toml(file, text, &e, None))
    }
}

/// Reads a `T` from JSON text; an error names its line, column and field, or with `by_path`
/// (JSON serialized from data) the path to the value ([`Error::from_json`]).
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(file: &str, text: &str, by_path: bool) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    #[cfg(feature = "error-paths")]
    let value: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| Error::from_json(file, text, e.inner(), Some(e.path()), by_path))?;
    #[cfg(not(feature = "error-paths"))]
    let value: T = T::deserialize(&mut de).map_err(|e| Error::from_json(file, text, &e, None, by_path))?;
    de.end().map_err(|e| Error::from_json(file, text, &e, None, by_path))?;
    Ok(value)
}

/// serde_path_to_error's path to a value (the `error-paths` feature: it costs the page's wasm
/// about 40 KB raw, 9.5 KB gzip, so the page goes without).
#[cfg(feature = "error-paths")]
pub(crate) use serde_path_to_error::Path;

/// Without the `error-paths` feature no path is tracked: a field is the key its line sets.
#[cfg(not(feature = "error-paths"))]
pub(crate) enum Path {}

/// The last key of a path (`outcomes[2].rate` → `rate`), or "" when it ends in a list's element
/// or is empty.
#[cfg(feature = "error-paths")]
fn last_key(path: Option<&Path>) -> String {
    match path.and_then(|p| p.iter().next_back()) {
        Some(serde_path_to_error::Segment::Map { key }) => key.clone(),
        _ => String::new(),
    }
}

/// A path as text, `outcomes[2].rate` ("" for the whole input).
#[cfg(feature = "error-paths")]
fn path_text(path: Option<&Path>) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for s in path.into_iter().flat_map(|p| p.iter()) {
        match s {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => out = join_key(&out, key),
            Segment::Unknown => out = join_key(&out, "?"),
        }
    }
    out
}

#[cfg(not(feature = "error-paths"))]
fn last_key(_: Option<&Path>) -> String {
    String::new()
}

#[cfg(not(feature = "error-paths"))]
fn path_text(_: Option<&Path>) -> String {
    String::new()
}

/// `path.key`, or `key` at the top.
pub(crate) fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The key of the TOML line holding byte `offset` (`families = "many"` → `families`), or "".
fn toml_key_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let start = bytes[..end].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let stop = bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| start + i);
    let line = text.get(start..stop).unwrap_or("").trim_start();
    match line.split_once('=') {
        Some((key, _)) if !line.starts_with('[') => {
            let key = key.trim().trim_matches('"');
            let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
            if !key.is_empty() && key.chars().all(bare) {
                key.rsplit('.').next().unwrap_or(key).to_string()
            } else {
                String::new()
            }
        }
        _ => String::new(),
    }
}

/// The JSON key whose value ends at `line`, `column` (`"families": "ten"` → `families`), or "".
fn json_key_before(text: &str, line: usize, column: usize) -> String {
    let Some(l) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let mut end = column.min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &l[..end];
    let Some(colon) = prefix.rfind(':') else {
        return String::new();
    };
    let before = prefix[..colon].trim_end();
    match before.strip_suffix('"').and_then(|b| b.rfind('"').map(|q| &b[q + 1..])) {
        Some(key) if !key.is_empty() && !key.contains('\\') => key.to_string(),
        _ => String::new(),
    }
}

/// The 1-based line on which the TOML key `key` is set, in the table starting within `span`.
fn toml_key_line(text: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let first = line_of(text, span.start);
    text.lines()
        .enumerate()
        .skip(first - 1)
        .take_while(|(i, l)| *i + 1 == first || !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            let l = l.trim_start();
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix('"').and_then(|l| l.strip_prefix(key)?.strip_prefix('"')));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

/// The value a serde message quotes (`invalid value: string "abc", …` → `abc`).
fn quoted_value_in(message: &str) -> Option<String> {
    let rest = &message[message.find("string \"")? + "string \"".len()..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The line and key of `key = "value"` within the TOML table that starts in `span`.
fn toml_key_with_value(text: &str, span: std::ops::Range<usize>, value: &str) -> Option<(usize, String)> {
    let first = line_of(text, span.start);
    let quoted = format!("\"{value}\"");
    text.lines()
        .enumerate()
        .skip(first - 1)
        .take_while(|(i, l)| *i + 1 == first || !l.trim_start().starts_with('['))
        .find_map(|(i, l)| {
            let (key, v) = l.split_once('=')?;
            (v.trim() == quoted).then(|| (i + 1, key.trim().trim_matches('"').to_string()))
        })
}

/// The last `"key": "value"` before line `line`, column `column` of a JSON text: its line, the
/// column just after the value, and the key.
fn json_key_with_value(text: &str, line: usize, column: usize, value: &str) -> Option<(usize, usize, String)> {
    let upto: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column;
    let head = text.get(..upto.min(text.len()))?;
    let needle = format!("\"{value}\"");
    let mut search_end = head.len();
    while let Some(at) = head[..search_end].rfind(&needle) {
        let before = head[..at].trim_end();
        if let Some(before) = before.strip_suffix(':') {
            let before = before.trim_end().strip_suffix('"')?;
            let key = &before[before.rfind('"')? + 1..];
            let end = at + needle.len();
            let l = line_of(text, end);
            let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            return Some((l, text[line_start..end].chars().count(), key.to_string()));
        }
        search_end = at;
    }
    None
}

/// A parser's message as socval shows it: a quoted value longer than 80 characters is cut short
/// (a megabyte-long value must not make a megabyte-long message). What a wrong value should have
/// been is already in a user's words: the formats' whole numbers and decimals are read by
/// `exact::de`, whose visitors say so (`a whole number, 0 or more`), not by serde's own impls,
/// which name the Rust type (`u32`).
fn in_words(message: &str) -> String {
    shorten_quoted(message.trim())
}

/// Cuts each `"…"` in a message to 80 characters.
fn shorten_quoted(message: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::with_capacity(message.len().min(1024));
    let mut inside = false;
    let mut run = 0usize;
    for c in message.chars() {
        if c == '"' {
            if inside && run > MAX {
                out.push('…');
            }
            inside = !inside;
            run = 0;
            out.push(c);
        } else if inside {
            run += 1;
            if run <= MAX {
                out.push(c);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The key a missing, unknown or repeated field error names: serde passes it to the parser's
/// error only as the text of `serde::de::Error::missing_field` / `unknown_field` /
/// `duplicate_field` (`missing field `x``), and serde_path_to_error's path stops at the object
/// that lacks or has it, so it is read from there (the one place socval reads a parser's words).
fn named_in_message(message: &str) -> Option<String> {
    ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|key| {
            let rest = &message[message.find(key)? + key.len()..];
            Some(rest[..rest.find('`')?].to_string())
        })
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
