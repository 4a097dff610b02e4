//! Reading what the command line names: scenarios (files or `@template`), tables, records (as a
//! stream), with their size limits; the failure type and its exit code; warnings and `--strict`.

use socval::records::Records;
use socval::{Registry, Scenario, with_table};

use crate::args::InputFormat;

/// A failure: the message to print and the exit code.
pub(crate) struct Failure(pub(crate) String, pub(crate) u8);

impl From<socval::Error> for Failure {
    fn from(e: socval::Error) -> Self {
        Failure(format!("error: {e}"), 1)
    }
}

/// Why an input was refused, kept typed for `validate --format json`: the core's error (with
/// its place), or the command line's own failure.
pub(crate) enum Refused {
    /// The core's error.
    Input(socval::Error),
    /// A failure of the command line's own (a file that cannot be read, a bad option).
    Cli(Failure),
}

impl From<socval::Error> for Refused {
    fn from(e: socval::Error) -> Self {
        Refused::Input(e)
    }
}

impl From<Failure> for Refused {
    fn from(f: Failure) -> Self {
        Refused::Cli(f)
    }
}

impl From<Refused> for Failure {
    fn from(r: Refused) -> Self {
        match r {
            Refused::Input(e) => e.into(),
            Refused::Cli(f) => f,
        }
    }
}

/// What a command writes (to standard output, or to `-o FILE`) and the exit code after it: 0,
/// except for a verdict that is itself the output (`validate --format json` of a bad scenario).
pub(crate) struct Output {
    pub(crate) bytes: Vec<u8>,
    pub(crate) code: u8,
}

impl From<Vec<u8>> for Output {
    fn from(bytes: Vec<u8>) -> Self {
        Output { bytes, code: 0 }
    }
}

impl From<String> for Output {
    fn from(text: String) -> Self {
        text.into_bytes().into()
    }
}

/// Largest scenario or table file the CLI reads (a scenario at the core's item limits is well
/// under 1 MiB).
pub(crate) const MAX_FILE: u64 = 16 * 1024 * 1024;
/// Largest records CSV the CLI reads from standard input (which it must hold in memory to read
/// again; a file on disk is streamed, bounded by the core's row and line limits instead:
/// `socval::records::MAX_RECORD_ROWS`, `socval::records::MAX_RECORD_LINE`).
pub(crate) const MAX_RECORDS_STDIN: u64 = 1024 * 1024 * 1024;

/// The records options given on the command line (`--delimiter`, `--column`).
#[derive(Default)]
pub(crate) struct RecordsOpts {
    delimiter: Option<String>,
    columns: Vec<(String, String)>,
}

impl RecordsOpts {
    pub(crate) fn of(delimiter: Option<String>, columns: &[String]) -> Result<Self, Failure> {
        if let Some(d) = &delimiter {
            socval::scenario::RecordsFormat {
                delimiter: Some(d.clone()),
                ..Default::default()
            }
            .delimiter_byte()
            .map_err(|m| Failure(format!("error: --delimiter: {m}"), 2))?;
        }
        let columns = columns
            .iter()
            .map(|c| {
                c.rsplit_once('=')
                    .map(|(h, n)| (h.trim().to_string(), n.trim().to_string()))
                    .filter(|(h, n)| !h.is_empty() && !n.is_empty())
                    .ok_or_else(|| {
                        Failure(
                            format!("error: --column {c:?}: write HEADER=NAME, e.g. --column \"Case ref=family_id\""),
                            2,
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(RecordsOpts { delimiter, columns })
    }

    /// The scenario with these options added to its `[records]` (checked again, so that a column
    /// mapped to nothing is named).
    pub(crate) fn apply(&self, file: &str, s: &Scenario) -> Result<Option<Scenario>, Failure> {
        if self.delimiter.is_none() && self.columns.is_empty() {
            return Ok(None);
        }
        let mut s = s.clone();
        let f = s.records.get_or_insert_with(Default::default);
        if self.delimiter.is_some() {
            f.delimiter = self.delimiter.clone();
        }
        for (h, n) in &self.columns {
            f.columns.insert(h.clone(), n.clone());
        }
        s.check(file)?;
        Ok(Some(s))
    }
}

/// Reads a records CSV for a scenario as a stream (the file is never held whole in memory; `-`,
/// standard input, is read into memory first, up to `MAX_RECORDS_STDIN`).
pub(crate) fn read_records(
    path: &str,
    scenario_file: &str,
    s: &Scenario,
    reg: &Registry,
    opts: &RecordsOpts,
) -> Result<Records, Refused> {
    let with = opts.apply(scenario_file, s)?;
    let s = with.as_ref().unwrap_or(s);
    if path == "-" {
        let text = read_limited(path, MAX_RECORDS_STDIN)?;
        return Ok(Records::stream_named(
            scenario_file,
            path,
            std::io::Cursor::new(text.as_bytes()),
            s,
            reg,
        )?);
    }
    let cannot = |e: std::io::Error| Failure(format!("error: cannot read {path}: {e}"), 2);
    let file = open_waiting(path).map_err(cannot)?;
    if file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        // Read as it is: the records' row parser reads 64 KiB at a time into a buffer of its own
        // (a buffered reader here would copy every byte once more).
        return Ok(Records::stream_named(scenario_file, path, file, s, reg)?);
    }
    // A pipe (`<(zcat f.gz)`, a named pipe) cannot seek back: it is streamed all the same, each
    // byte kept in a temporary file as it passes, for the reader's second look at repeated ids.
    let spool = Spool::new(file).map_err(cannot)?;
    let reader = std::io::BufReader::with_capacity(256 * 1024, spool);
    Ok(Records::stream_named(scenario_file, path, reader, s, reg)?)
}

/// Opens a file for reading; a named pipe with no writer yet blocks in `open`, so after half a
/// second the wait is said on standard error (nothing is said when the writer is there).
fn open_waiting(path: &str) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo()) {
            let (done, wait) = std::sync::mpsc::channel::<()>();
            let shown = path.to_string();
            let notice = std::thread::spawn(move || {
                if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    wait.recv_timeout(std::time::Duration::from_millis(500))
                {
                    use std::io::Write;
                    let _ = writeln!(
                        std::io::stderr(),
                        "socval: waiting for a writer on the named pipe {shown} (start the program that writes to it, or press Ctrl-C)"
                    );
                }
            });
            let file = std::fs::File::open(path);
            let _ = done.send(());
            let _ = notice.join();
            return file;
        }
    }
    std::fs::File::open(path)
}

/// A pipe read once from its start, with each byte written to a temporary file as it passes (the
/// file is removed at once and lives only while it is open), so that the records reader can seek
/// back within what it has read. Memory: none beyond the buffers.
struct Spool {
    pipe: std::fs::File,
    kept: std::fs::File,
    /// Offset of the next byte read.
    pos: u64,
    /// Bytes kept so far.
    len: u64,
}

impl Spool {
    fn new(pipe: std::fs::File) -> std::io::Result<Self> {
        let path = std::env::temp_dir().join(format!(
            "socval-records-{}-{}.csv",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let kept = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        // Unix keeps an open file after its name is gone: nothing is left behind.
        let _ = std::fs::remove_file(&path);
        Ok(Spool {
            pipe,
            kept,
            pos: 0,
            len: 0,
        })
    }
}

impl std::io::Read for Spool {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::io::{Seek, SeekFrom, Write};
        if self.pos < self.len {
            self.kept.seek(SeekFrom::Start(self.pos))?;
            let want = buf.len().min((self.len - self.pos) as usize);
            let n = self.kept.read(&mut buf[..want])?;
            self.pos += n as u64;
            return Ok(n);
        }
        let n = self.pipe.read(buf)?;
        if n > 0 {
            self.kept.seek(SeekFrom::Start(self.len))?;
            self.kept.write_all(&buf[..n])?;
            self.len += n as u64;
            self.pos = self.len;
        }
        Ok(n)
    }
}

impl std::io::Seek for Spool {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        let to = match pos {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            std::io::SeekFrom::End(_) => None,
        };
        match to {
            Some(p) if p <= self.len => {
                self.pos = p;
                Ok(p)
            }
            _ => Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "a pipe can be read back only within what was read",
            )),
        }
    }
}

pub(crate) fn read(path: &str) -> Result<String, Failure> {
    read_limited(path, MAX_FILE)
}

/// Reads a file of at most `limit` bytes (a device such as /dev/zero, or a file too large, is
/// refused when the limit is reached, before memory runs out).
pub(crate) fn read_limited(path: &str, limit: u64) -> Result<String, Failure> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Failure(format!("error: cannot read {path}: {e}"), 2);
    let mut bytes = Vec::new();
    if path == "-" {
        // `-` is standard input, as Unix tools read it.
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    }
    if bytes.len() as u64 > limit {
        return Err(Failure(
            format!(
                "error: {path}: the file is larger than {} MiB, the most socval reads for this kind of file",
                limit / (1024 * 1024)
            ),
            1,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Failure(crate::encoding::not_utf8(path, e.as_bytes(), at), 1)
    })
}

/// Whether a file is JSON: by its extension, else by its content (a JSON document starts with `{`;
/// a TOML one with a key or a `[table]`), so that a scenario piped on standard input works.
pub(crate) fn is_json(path: &str, text: &str, input: Option<InputFormat>) -> bool {
    if let Some(f) = input {
        return f == InputFormat::Json;
    }
    path.ends_with(".json")
        || (!path.ends_with(".toml") && text.trim_start_matches('\u{feff}').trim_start().starts_with('{'))
}

/// The shipped scenario `id`, or a usage error (exit code 2): `refused`, then the shipped ids.
pub(crate) fn shipped(id: &str, refused: String) -> Result<socval::Template, Failure> {
    socval::template(id).ok_or_else(|| {
        let ids: Vec<&str> = socval::templates().iter().map(|t| t.id).collect();
        Failure(format!("error: {refused}; shipped: {}", ids.join(", ")), 2)
    })
}

/// A scenario file, `-` or `@template`, with the name errors give it.
pub(crate) fn load_scenario(arg: &str, input: Option<InputFormat>) -> Result<(String, Scenario), Refused> {
    if let Some(id) = arg.strip_prefix('@') {
        let t = shipped(id, format!("no shipped scenario {id:?}"))?;
        return Ok((format!("scenarios/{}", t.file), t.scenario()?));
    }
    let text = read(arg)?;
    let name = if arg == "-" { "<stdin>" } else { arg };
    let s = if is_json(arg, &text, input) {
        Scenario::from_json_str(name, &text)?
    } else {
        Scenario::from_toml_str(name, &text)?
    };
    Ok((name.to_string(), s))
}

pub(crate) fn registry(files: &[String], input: Option<InputFormat>) -> Result<Registry, Failure> {
    let mut reg = Registry::embedded().clone();
    for f in files {
        let text = read(f)?;
        if is_json(f, &text, input) {
            reg.add_json(f, &text)?;
        } else {
            reg.add_toml(f, &text)?;
        }
    }
    Ok(reg)
}

pub(crate) fn swap(file: &str, s: &Scenario, reference: &str, reg: &Registry) -> Result<Scenario, Failure> {
    // A loaded table that overlays another stands where the scenario's table of its kind is.
    let overlay = reg.get(reference).filter(|t| t.overlays.is_some());
    with_table(s, reference)
        .or_else(|| overlay.and_then(|t| socval::with_user_table(s, t)))
        .ok_or_else(|| {
            Failure(
                format!(
                    "error: {file}: the scenario uses no table with the id of {reference:?} (it uses {}, {}, {})",
                    s.tables.wellbeing, s.tables.unit_costs, s.tables.deflators
                ),
                1,
            )
        })
}

/// Under `--strict`, a scenario with warnings is a failure (exit code 5); otherwise nothing.
pub(crate) fn strict_check(strict: bool, file: &str, warnings: &[String]) -> Result<(), Failure> {
    if !strict || warnings.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = warnings.iter().map(|w| format!("warning: {file}: {w}")).collect();
    Err(Failure(
        format!(
            "{}\nerror: {file}: {} warning(s), and --strict makes a warning an error",
            list.join("\n"),
            warnings.len()
        ),
        5,
    ))
}

/// Warnings on standard error (diagnostics), so that standard output stays the data.
pub(crate) fn warn(file: &str, warnings: &[String]) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "warning: {file}: {w}");
    }
}

/// Writes `text` to a new file, refusing to replace one that exists.
pub(crate) fn write_new(path: &str, text: &str) -> Result<(), Failure> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure(
                    format!(
                        "error: {path} exists: socval init does not overwrite a file; choose another name or remove it"
                    ),
                    1,
                )
            } else {
                Failure(format!("error: cannot write {path}: {e}"), 1)
            }
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| Failure(format!("error: cannot write {path}: {e}"), 1))
}
