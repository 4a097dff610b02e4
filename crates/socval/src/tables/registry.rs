//! The registry of loaded tables (`Registry`, at the crate's root): the embedded tables, a
//! user's own, their version order and `latest`.

use super::*;

/// The name the embedded tables' text blob goes by in errors (the page fetches it so).
const TEXT_FILE: &str = "tables-text.json";

/// A set of loaded tables: the embedded defaults plus any the user loaded.
///
/// ```
/// let reg = socval::Registry::embedded();
/// assert!(reg.list().iter().any(|t| t.id == "wellbeing-open"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    tables: BTreeMap<(String, String), (ProxyTable, bool)>,
}

/// The embedded tables with their evidence text attached (`Registry::attach_embedded_text`), in a
/// build without the `table-text` feature.
static WITH_TEXT: OnceLock<Registry> = OnceLock::new();

impl Registry {
    /// The tables compiled into socval (parsed once). Built without the `table-text` feature,
    /// their evidence text (`tables::TableText`) is empty until [`Registry::attach_embedded_text`]
    /// is given it; from then on this is the registry with the text.
    pub fn embedded() -> &'static Registry {
        if let Some(reg) = WITH_TEXT.get() {
            return reg;
        }
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(Registry::baked)
    }

    /// The compiled tables. build.rs validated each TOML file, hashed its source and compiled it
    /// to data (`baked.rs`; a test checks that each equals its file parsed and validated at run
    /// time, hash included).
    fn baked() -> Registry {
        let mut reg = Registry::default();
        for lit in embedded::EMBEDDED {
            let t = lit.table();
            reg.tables.insert((t.id.clone(), t.version.clone()), (t, true));
        }
        reg
    }

    /// Attaches the embedded tables' evidence text, a blob as [`crate::tables::embedded_text`]
    /// gives it, once: [`Registry::embedded`] is the registry with the text from then on. The blob
    /// must give the text of every embedded table, each of its hash, else nothing changes. No
    /// figure depends on it. A build with the `table-text` feature has the text already (the
    /// same blob is accepted and changes nothing).
    pub fn attach_embedded_text(blob: &str) -> Result<()> {
        if WITH_TEXT.get().is_some() {
            return Ok(());
        }
        let mut reg = Registry::baked();
        let n = reg.attach_text(TEXT_FILE, blob)?;
        let all = reg.tables.len();
        if n != all {
            return Err(Error::invalid(
                Place::top(TEXT_FILE, "tables"),
                format!("gives the text of {n} of the {all} embedded tables: it is not this socval's"),
            ));
        }
        let _ = WITH_TEXT.set(reg);
        Ok(())
    }

    /// Attaches the evidence text of a blob ([`crate::tables::text_blob`]'s JSON, read as the file
    /// `file`) to the loaded tables it names, each only to the table of its hash; returns how many
    /// tables it gave text. A field with text keeps it (the blob may only repeat it). A table the
    /// registry lacks or given twice, another hash, another number of fields or a blob that cannot
    /// be read is an error, and then no table changes.
    pub fn attach_text(&mut self, file: &str, blob: &str) -> Result<usize> {
        let place = |field: &str| Place::top(file, field);
        let tables = read_text_blob(blob).map_err(|e| Error::invalid(place("tables"), e))?;
        // Every check first, then the text: a blob is attached whole or not at all.
        for apply in [false, true] {
            for (i, entry) in tables.iter().enumerate() {
                let here = || place(&entry.table);
                let key = entry
                    .table
                    .rsplit_once('@')
                    .map(|(i, v)| (i.to_string(), v.to_string()));
                let Some((table, _)) = key.and_then(|k| self.tables.get_mut(&k)) else {
                    return Err(Error::unknown(here(), "no loaded table has this reference"));
                };
                if table.sha256 != entry.sha256 {
                    return Err(Error::invalid(
                        here(),
                        "the text is of another version of this table (its hash differs)",
                    ));
                }
                if tables[..i].iter().any(|t| t.table == entry.table) {
                    return Err(Error::invalid(here(), "the blob gives this table's text twice"));
                }
                let fields = table.text_fields_mut();
                if fields.len() != entry.text.len() {
                    return Err(Error::invalid(
                        here(),
                        format!(
                            "gives {} text fields where the table has {}",
                            entry.text.len(),
                            fields.len()
                        ),
                    ));
                }
                for (field, text) in fields.into_iter().zip(&entry.text) {
                    if apply {
                        field.clone_from(text);
                    } else if !field.is_empty() && field != text {
                        return Err(Error::invalid(here(), "the table already has other text"));
                    }
                }
            }
        }
        Ok(tables.len())
    }

    /// Adds a table from TOML text, validated like the embedded ones. A table with the id and
    /// version of one already loaded must have the same content hash.
    pub fn add_toml(&mut self, file: &str, text: &str) -> Result<&ProxyTable> {
        let t = ProxyTable::from_toml_str(file, text)?;
        self.add(file, t).map_err(|e| with_toml_row_line(e, text))
    }

    /// Adds a table from JSON text (the fields of the TOML format), validated like the embedded
    /// ones and hashed as its text (see [`Registry::add_toml`]). An error in a row names the line
    /// of the row's `"id"` in the text, as an error in a TOML table names its `[[rows]]` line.
    ///
    /// ```
    /// let mut reg = socval::Registry::embedded().clone();
    /// let text = "{\"id\": \"mine\", \"version\": \"1\", \"kind\": \"wellbeing\", \"title\": \"Mine\",\n\
    ///   \"licence\": \"licensed\", \"price_year\": 2020,\n\
    ///   \"sources\": [{\"id\": \"s\", \"publisher\": \"P\", \"title\": \"T\", \"year\": 2020, \"url\": \"https://example.org\", \"licence\": \"L\"}],\n\
    ///   \"rows\": [\n\
    ///     {\"id\": \"a\", \"label\": \"A\", \"value\": \"-1\", \"unit\": \"person-year\", \"source\": \"s\"}\n\
    ///   ]}";
    /// let e = reg.add_json("mine.json", text).unwrap_err();
    /// assert!(matches!(e.place().location, socval::Location::Row { line: Some(5), .. }));
    /// assert_eq!(e.place().field, "value");
    /// ```
    pub fn add_json(&mut self, file: &str, text: &str) -> Result<&ProxyTable> {
        let t = ProxyTable::from_json_str(file, text).map_err(|e| with_row_line(e, text))?;
        self.add(file, t).map_err(|e| with_row_line(e, text))
    }

    /// Adds an already parsed table (see [`Registry::add_toml`]).
    ///
    /// A table that `overlays` another (a table of one's own holding only the rows it changes) is
    /// placed merged: its own rows, each replacing every variant of the base row with its id or
    /// adding a row, then the base's other rows, with their sources (a base source whose id the
    /// overlay also uses is kept as `<base id@version>/<source id>`) and price years. The base
    /// must be in the registry already, must not itself be an overlay, and must be of the same
    /// kind; a row replacing a base row must value the same unit. [`ProxyTable::row_table`] then
    /// says which table each row comes from, and a valuation lists both tables with their hashes.
    ///
    /// ```
    /// let mut reg = socval::Registry::embedded().clone();
    /// let text = r#"
    /// id = "council-costs"
    /// version = "1.0.0"
    /// kind = "unit-cost"
    /// overlays = "unit-costs-open@2.0.0"
    /// title = "Our council's own costs"
    /// price_year = 2024
    /// licence = "Our own figures"
    /// [[sources]]
    /// id = "finance"
    /// publisher = "Our council"
    /// title = "Finance report"
    /// year = 2025
    /// url_note = "internal report"
    /// licence = "internal"
    /// [[rows]]
    /// id = "care-proceedings-la"
    /// label = "Care proceedings: our social work and legal costs"
    /// value = "30000"
    /// unit = "set of proceedings"
    /// source = "finance"
    /// agency = "local-authority"
    /// cashable = false
    /// recurrence = "one-off"
    /// "#;
    /// let t = reg.add_toml("council.toml", text).unwrap().clone();
    /// let base = socval::Registry::embedded().get("unit-costs-open@2.0.0").unwrap();
    /// assert_eq!(t.rows.len(), base.rows.len());
    /// let own = t.lookup("care-proceedings-la", Default::default(), Default::default()).unwrap();
    /// assert_eq!(t.row_table(own), "council-costs@1.0.0");
    /// let other = t.rows.iter().find(|r| r.id == "foster-care-la").unwrap();
    /// assert_eq!(t.row_table(other), "unit-costs-open@2.0.0");
    /// ```
    pub fn add(&mut self, file: &str, table: ProxyTable) -> Result<&ProxyTable> {
        let key = (table.id.clone(), table.version.clone());
        if let Some((existing, _)) = self.tables.get(&key) {
            if existing.sha256 != table.sha256 {
                return Err(Error::HashMismatch {
                    place: Box::new(Place::top(file, "version")),
                    table: table.reference(),
                    expected: existing.sha256.clone(),
                    actual: table.sha256.clone(),
                });
            }
        } else {
            let table = match table.overlays.clone() {
                Some(base) => self.overlaid(file, table, &base)?,
                None => table,
            };
            self.tables.insert(key.clone(), (table, false));
        }
        Ok(&self.tables[&key].0)
    }

    /// An overlay merged over its base (see [`Registry::add`]).
    fn overlaid(&self, file: &str, mut table: ProxyTable, base_ref: &str) -> Result<ProxyTable> {
        let place = || Place::top(file, "overlays");
        let base = self.get(base_ref).ok_or_else(|| {
            let id = base_ref.split('@').next().unwrap_or("");
            let have: Vec<String> = self.versions(id).iter().map(|t| t.reference()).collect();
            let all: Vec<String> = self
                .tables()
                .filter(|t| t.kind == table.kind)
                .map(|t| t.reference())
                .collect();
            Error::unknown(
                place(),
                if have.is_empty() {
                    format!(
                        "no table {base_ref:?} to overlay (load it before the table that overlays it); {} tables: {}",
                        table.kind,
                        all.join(", ")
                    )
                } else {
                    format!(
                        "no version {base_ref:?} to overlay; versions of {id}: {}",
                        have.join(", ")
                    )
                },
            )
        })?;
        if base.overlay.is_some() {
            return Err(Error::invalid(
                place(),
                format!(
                    "{base_ref} itself overlays {}: overlay that table directly",
                    base.overlays.as_deref().unwrap_or_default()
                ),
            ));
        }
        if base.kind != table.kind {
            return Err(Error::invalid(
                Place::top(file, "kind"),
                format!(
                    "this is a {} table and {base_ref} a {} table: a table overlays one of its own kind",
                    table.kind, base.kind
                ),
            ));
        }
        for (i, r) in table.rows.iter().enumerate() {
            if let Some(b) = base.rows.iter().find(|b| b.id == r.id)
                && b.unit != r.unit
            {
                return Err(Error::invalid(
                    Place::new(
                        file,
                        crate::error::Location::Row {
                            index: i,
                            id: r.id.clone(),
                            line: None,
                        },
                        "unit",
                    ),
                    format!(
                        "unit {:?} is not the unit of row {:?} in {base_ref} ({:?}): a row replacing a base row values the same unit (scenarios count that unit)",
                        r.unit, b.id, b.unit
                    ),
                ));
            }
        }
        let own_price_year = table.price_year.or(base.price_year);
        let mut own: Vec<String> = table.rows.iter().map(|r| r.id.clone()).collect();
        own.sort();
        own.dedup();
        for r in &mut table.rows {
            r.price_year = r.price_year.or(own_price_year);
        }
        let own_sources: std::collections::BTreeSet<String> = table.sources.iter().map(|s| s.id.clone()).collect();
        let rename = |id: &str| -> String {
            if own_sources.contains(id) {
                format!("{base_ref}/{id}")
            } else {
                id.to_string()
            }
        };
        for s in &base.sources {
            let mut s = s.clone();
            s.id = rename(&s.id);
            table.sources.push(s);
        }
        for r in base.rows.iter().filter(|r| own.binary_search(&r.id).is_err()) {
            let mut r = r.clone();
            r.price_year = Some(base.row_price_year(&r));
            r.source = rename(&r.source);
            if let Some(d) = &mut r.derived {
                for s in &mut d.sources {
                    *s = rename(s);
                }
            }
            table.rows.push(r);
        }
        table.price_year = own_price_year;
        table.overlay = Some(Overlay {
            base: base_ref.to_string(),
            base_sha256: base.sha256.clone(),
            own,
        });
        Ok(table)
    }

    /// The table `id@version`.
    pub fn get(&self, reference: &str) -> Option<&ProxyTable> {
        let (id, version) = reference.split_once('@')?;
        self.tables.get(&(id.to_string(), version.to_string())).map(|(t, _)| t)
    }

    /// All versions of the table `id`, oldest first (see [`version_order`]).
    pub fn versions(&self, id: &str) -> Vec<&ProxyTable> {
        let mut v: Vec<&ProxyTable> = self
            .tables
            .iter()
            .filter(|((i, _), _)| i == id)
            .map(|(_, (t, _))| t)
            .collect();
        crate::sort::sort_stable_by(&mut v, |a, b| version_order(&a.version, &b.version));
        v
    }

    /// The newest version of each table of `kind` (see [`version_order`]), as `id@version`, the
    /// table whose id comes first alphabetically when several tables of the kind exist.
    ///
    /// ```
    /// use socval::tables::TableKind;
    /// use socval::Registry;
    /// assert_eq!(Registry::embedded().latest(TableKind::UnitCost).as_deref(), Some("unit-costs-open@3.0.0"));
    /// ```
    pub fn latest(&self, kind: TableKind) -> Option<String> {
        let first_id = self.tables().filter(|t| t.kind == kind).map(|t| t.id.clone()).min()?;
        self.versions(&first_id).last().map(|t| t.reference())
    }

    /// Summaries of every table.
    pub fn list(&self) -> Vec<TableInfo> {
        self.tables.values().map(|(t, e)| t.info(*e)).collect()
    }

    /// Every table.
    pub fn tables(&self) -> impl Iterator<Item = &ProxyTable> {
        self.tables.values().map(|(t, _)| t)
    }
}

/// A TOML table's row error with the line of the row: the line of its `[[rows]]` header.
fn with_toml_row_line(mut e: Error, text: &str) -> Error {
    if let Error::Invalid { place, .. } | Error::Unknown { place, .. } = &mut e
        && let crate::error::Location::Row {
            index,
            line: line @ None,
            ..
        } = &mut place.location
    {
        *line = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "[[rows]]")
            .nth(*index)
            .map(|(i, _)| i + 1);
    }
    e
}

/// A JSON table's row error with the line of the row: the line of the row's `"id": "<id>"` after
/// the `"rows"` key (the n-th such line where rows before it share the id).
fn with_row_line(mut e: Error, text: &str) -> Error {
    let place = match &mut e {
        Error::Syntax { place, .. }
        | Error::Invalid { place, .. }
        | Error::Unknown { place, .. }
        | Error::HashMismatch { place, .. }
        | Error::Overflow { place, .. }
        | Error::Stopped { place, .. } => place,
    };
    if let crate::error::Location::Row {
        index,
        id,
        line: line @ None,
    } = &mut place.location
        && let Some(start) = text.find("\"rows\"")
    {
        let quoted = serde_json::to_string(id.as_str()).unwrap_or_default();
        let before = text[..start].matches('\n').count() + 1;
        // Lines with an `"id"` key after `"rows"`: the index-th is the row's, if it has the row's
        // id (one key a line, as JSON is usually written); else the first with the row's id.
        let ids: Vec<(usize, bool)> = text[start..]
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                let k = l.find("\"id\"")?;
                let value = l[k + 4..].trim_start().strip_prefix(':')?.trim_start();
                Some((before + i, value.starts_with(&quoted)))
            })
            .collect();
        *line = match ids.get(*index) {
            Some((l, true)) => Some(*l),
            _ => ids.iter().find(|(_, hit)| *hit).map(|(l, _)| *l),
        };
    }
    e
}
