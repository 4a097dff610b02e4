//! Checking a table as read: its header, sources, years or rows, and each row's evidence, with
//! errors naming the file, the entry (and its line, when the text is given) and the field. Part of
//! `format.rs` (and so compiled into `build.rs` with it).

use super::*;

impl ProxyTable {
    /// Checks the whole table; `text` (the file as read) lets errors give an entry's line.
    pub(crate) fn validate(&self, file: &str, text: Option<&str>) -> Result<()> {
        let format = self.check_header(file)?;
        let source_ids = self.check_sources(file)?;
        self.check_overlays(file)?;
        match self.kind {
            TableKind::Deflator | TableKind::GdpPerHead => self.check_years(file, text, &source_ids),
            TableKind::Wellbeing | TableKind::UnitCost => self.check_rows(file, text, format, &source_ids),
        }
    }

    /// What an overlay names: a table as `id@version`, and only over a table that holds rows.
    fn check_overlays(&self, file: &str) -> Result<()> {
        let top = |field: &str| Place::top(file, field);
        if let Some(base) = &self.overlays {
            let ok = base.split_once('@').is_some_and(|(i, v)| valid_id(i) && valid_id(v));
            if !ok {
                return Err(Error::invalid(
                    top("overlays"),
                    format!(
                        "overlays {base:?} must name a table as id@version, e.g. overlays = \"unit-costs-open@2.0.0\""
                    ),
                ));
            }
            if matches!(self.kind, TableKind::Deflator | TableKind::GdpPerHead) {
                return Err(Error::invalid(
                    top("overlays"),
                    format!(
                        "a {} table cannot overlay another: only wellbeing and unit-cost tables hold rows to replace",
                        self.kind
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The id, version, licence, currency and format; the format (1 when not given).
    fn check_header(&self, file: &str) -> Result<u32> {
        let top = |field: &str| Place::top(file, field);
        if !valid_id(&self.id) {
            return Err(Error::invalid(
                top("id"),
                format!(
                    "table id {:?} must be lowercase letters, digits, '-', '_' or '.'",
                    self.id
                ),
            ));
        }
        if !valid_id(&self.version) {
            return Err(Error::invalid(
                top("version"),
                format!("version {:?} must be letters, digits, '-' or '.'", self.version),
            ));
        }
        if self.licence.trim().is_empty() {
            return Err(Error::invalid(
                top("licence"),
                "missing: add the terms the table is distributed on, e.g. licence = \"Open Government Licence v3.0\"",
            ));
        }
        if self.currency.trim() != "GBP" {
            return Err(Error::invalid(
                top("currency"),
                format!(
                    "currency {:?} is not GBP: socval reports in £, so a table in another currency is refused rather than reported as pounds; convert its values to GBP first",
                    self.currency
                ),
            ));
        }
        let format = self.format.unwrap_or(1);
        if !(1..=2).contains(&format) {
            return Err(Error::invalid(
                top("format"),
                format!("table format {format} is not known: 1 (the default) or 2"),
            ));
        }
        Ok(format)
    }

    /// The sources: ids unique and well formed, and what each must give; their ids.
    fn check_sources(&self, file: &str) -> Result<BTreeSet<&str>> {
        let at = |loc: &Location, field: &str| Place::new(file, loc.clone(), field);
        let mut source_ids = BTreeSet::new();
        for (i, s) in self.sources.iter().enumerate() {
            let loc = Location::Source {
                index: i,
                id: s.id.clone(),
            };
            if !valid_id(&s.id) {
                return Err(Error::invalid(
                    at(&loc, "id"),
                    "source id must be lowercase letters, digits or '-'",
                ));
            }
            if !source_ids.insert(s.id.as_str()) {
                return Err(Error::invalid(
                    at(&loc, "id"),
                    format!(
                        "source id {:?} is used twice in [[sources]]: give each source its own id",
                        s.id
                    ),
                ));
            }
            for (field, value) in [
                ("publisher", &s.publisher),
                ("title", &s.title),
                ("licence", &s.licence),
            ] {
                if value.trim().is_empty() {
                    return Err(Error::invalid(at(&loc, field), "must not be empty"));
                }
            }
            if s.url.trim().is_empty() && s.url_note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Error::invalid(
                    at(&loc, "url"),
                    "a source gives its url, or url_note saying why none is given (never a guessed address)",
                ));
            }
        }
        Ok(source_ids)
    }

    /// A deflator's or GDP series' years.
    fn check_years(&self, file: &str, text: Option<&str>, source_ids: &BTreeSet<&str>) -> Result<()> {
        let at = |loc: &Location, field: &str| Place::new(file, loc.clone(), field);
        let top = |field: &str| Place::top(file, field);
        if !self.rows.is_empty() {
            return Err(Error::invalid(
                top("rows"),
                format!("a {} table has [[years]], not [[rows]]", self.kind),
            ));
        }
        if self.years.is_empty() {
            return Err(Error::invalid(
                top("years"),
                format!("a {} table needs at least one [[years]] entry", self.kind),
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, y) in self.years.iter().enumerate() {
            let loc = Location::Year {
                index: i,
                year: y.year,
                line: line_of_entry(text, "[[years]]", i),
            };
            if !(MIN_YEAR..=MAX_YEAR).contains(&y.year) {
                return Err(Error::invalid(
                    at(&loc, "year"),
                    format!("year must be between {MIN_YEAR} and {MAX_YEAR}"),
                ));
            }
            if !seen.insert(y.year) {
                return Err(Error::invalid(
                    at(&loc, "year"),
                    format!("year {} is listed twice: give each year once", y.year),
                ));
            }
            if y.index <= Decimal::ZERO {
                return Err(Error::invalid(at(&loc, "index"), "index must be positive"));
            }
            if !source_ids.contains(y.source.as_str()) {
                return Err(Error::unknown(
                    at(&loc, "source"),
                    format!("source {:?} is not in [[sources]]", y.source),
                ));
            }
        }
        Ok(())
    }

    /// A wellbeing or unit-cost table's price year and rows.
    fn check_rows(&self, file: &str, text: Option<&str>, format: u32, source_ids: &BTreeSet<&str>) -> Result<()> {
        let at = |loc: &Location, field: &str| Place::new(file, loc.clone(), field);
        let top = |field: &str| Place::top(file, field);
        if !self.years.is_empty() {
            return Err(Error::invalid(
                top("years"),
                "only a deflator or gdp-per-head table has [[years]]",
            ));
        }
        match self.price_year {
            None if self.overlays.is_some() => {}
            None => {
                return Err(Error::invalid(
                    top("price_year"),
                    "missing: add the year whose prices the values are in, e.g. price_year = 2019",
                ));
            }
            Some(y) if !(MIN_YEAR..=MAX_YEAR).contains(&y) => {
                return Err(Error::invalid(
                    top("price_year"),
                    format!("price year {y} must be between {MIN_YEAR} and {MAX_YEAR}"),
                ));
            }
            _ => {}
        }
        if self.rows.is_empty() {
            return Err(Error::invalid(
                top("rows"),
                "missing: a wellbeing or unit-cost table needs at least one [[rows]] entry",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, r) in self.rows.iter().enumerate() {
            let loc = Location::Row {
                index: i,
                id: r.id.clone(),
                line: line_of_entry(text, "[[rows]]", i),
            };
            let place = |field: &str| at(&loc, field);
            self.check_row(r, format, source_ids, &mut seen, &place)?;
        }
        Ok(())
    }

    /// One row: its id, label, value and range, price year, source, evidence, confidence, default
    /// deadweight and the fields of its kind.
    fn check_row<'t>(
        &self,
        r: &'t Row,
        format: u32,
        source_ids: &BTreeSet<&str>,
        seen: &mut BTreeSet<(&'t str, AgeBand, Region)>,
        place: &dyn Fn(&str) -> Place,
    ) -> Result<()> {
        if !valid_id(&r.id) {
            return Err(Error::invalid(
                place("id"),
                "row id must be lowercase letters, digits or '-'",
            ));
        }
        if !seen.insert((r.id.as_str(), r.age_band, r.region)) {
            return Err(Error::invalid(
                place("id"),
                format!(
                    "row {:?} is given twice for age band {} and region {}: keep one (each id has one row per age band and region)",
                    r.id,
                    r.age_band.as_str(),
                    r.region.as_str()
                ),
            ));
        }
        if r.label.trim().is_empty() {
            return Err(Error::invalid(place("label"), "must not be empty"));
        }
        if r.value < Decimal::ZERO {
            return Err(Error::invalid(place("value"), "a proxy value must not be negative"));
        }
        if let Some(low) = r.low
            && (low < Decimal::ZERO || low > r.value)
        {
            return Err(Error::invalid(
                place("low"),
                format!("low {low} must be between 0 and the value {}", r.value),
            ));
        }
        // The uncertainty analysis draws a proxy as its value times a factor: a range around a
        // value of 0 would be dropped without a word.
        if r.value.is_zero() && r.high.is_some_and(|h| h > Decimal::ZERO) {
            return Err(Error::invalid(
                place("high"),
                "the value is 0, and a range is drawn as the value scaled up or down, so this one could never be used: give the central value (within low and high), or leave low and high out",
            ));
        }
        if let Some(high) = r.high
            && high < r.value
        {
            return Err(Error::invalid(
                place("high"),
                format!("high {high} must not be below the value {}", r.value),
            ));
        }
        if let Some(y) = r.price_year
            && !(MIN_YEAR..=MAX_YEAR).contains(&y)
        {
            return Err(Error::invalid(
                place("price_year"),
                format!("price year {y} must be between {MIN_YEAR} and {MAX_YEAR}"),
            ));
        }
        if !source_ids.contains(r.source.as_str()) {
            return Err(Error::unknown(
                place("source"),
                format!("source {:?} is not in [[sources]]", r.source),
            ));
        }
        check_evidence(r, format, source_ids, place)?;
        if let Some(c) = r.confidence
            && !(1..=3).contains(&c)
        {
            return Err(Error::invalid(
                place("confidence"),
                "confidence grade must be 1, 2 or 3",
            ));
        }
        if let Some(d) = r.default_deadweight
            && !(Decimal::ZERO..=Decimal::ONE).contains(&d)
        {
            return Err(Error::invalid(place("default_deadweight"), "must be between 0 and 1"));
        }
        if r.wellby_uprating && self.kind != TableKind::Wellbeing {
            return Err(Error::invalid(
                place("wellby_uprating"),
                "only a wellbeing value can be uprated as the WELLBY is",
            ));
        }
        self.check_kind_fields(r, place)
    }

    /// The fields of a row's kind: a unit cost's agency, cashable, recurrence and units per event,
    /// which no other kind of table has.
    fn check_kind_fields(&self, r: &Row, place: &dyn Fn(&str) -> Place) -> Result<()> {
        if self.kind == TableKind::UnitCost {
            if r.agency.as_deref().is_none_or(|a| a.trim().is_empty()) {
                return Err(Error::invalid(
                    place("agency"),
                    "missing: a unit cost names the agency that bears it, e.g. agency = \"local-authority\"",
                ));
            }
            if r.cashable.is_none() {
                return Err(Error::invalid(
                    place("cashable"),
                    "missing: say whether avoiding it releases cash, cashable = true or cashable = false",
                ));
            }
            if r.recurrence.is_none() {
                return Err(Error::invalid(
                    place("recurrence"),
                    "missing: say how the cost falls, recurrence = \"one-off\" or recurrence = \"per-year\"",
                ));
            }
            if let Some(u) = &r.units_per_event {
                check_units_per_event(u, &place)?;
            }
        } else if r.agency.is_some() || r.cashable.is_some() || r.recurrence.is_some() || r.units_per_event.is_some() {
            let field = if r.units_per_event.is_some() {
                "units_per_event"
            } else {
                "agency"
            };
            return Err(Error::invalid(
                place(field),
                "agency, cashable, recurrence and units_per_event are fields of unit-cost tables only: remove them from this table",
            ));
        }
        Ok(())
    }
}

/// The line of the `n`-th `[[rows]]` / `[[years]]` header in `text`, for error messages.
fn line_of_entry(text: Option<&str>, header: &str, n: usize) -> Option<usize> {
    text.and_then(|t| {
        let mut count = 0;
        for (i, line) in t.lines().enumerate() {
            if line.trim() == header {
                if count == n {
                    return Some(i + 1);
                }
                count += 1;
            }
        }
        None
    })
}

/// A row's evidence: its status (required in format 2, with a locator and a confidence grade),
/// consistent with `assumption`, and a derivation that recomputes to the row's value.
fn check_evidence(r: &Row, format: u32, source_ids: &BTreeSet<&str>, place: &dyn Fn(&str) -> Place) -> Result<()> {
    if format >= 2 {
        if r.status.is_none() {
            return Err(Error::invalid(
                place("status"),
                "missing: a row of a format-2 table gives its evidence status, status = \"primary\", \"secondary\", \"derived\" or \"assumption\"",
            ));
        }
        if r.locator.trim().is_empty() {
            return Err(Error::invalid(
                place("locator"),
                "missing: say where in the source the figure is, e.g. locator = \"Table 4.2, p. 31\"",
            ));
        }
        if r.confidence.is_none() {
            return Err(Error::invalid(
                place("confidence"),
                "missing: a row of a format-2 table gives its confidence grade, confidence = 1 (high), 2 or 3 (low)",
            ));
        }
    }
    if r.assumption && r.status.is_some_and(|s| s != EvidenceStatus::Assumption) {
        return Err(Error::invalid(
            place("status"),
            format!(
                "status {} contradicts assumption = true: a value resting on an assumption has status assumption",
                r.status.map_or("", |s| s.as_str())
            ),
        ));
    }
    if r.status == Some(EvidenceStatus::Derived) && r.derived.is_none() {
        return Err(Error::invalid(
            place("derived"),
            "a derived value states its inputs and formula in [rows.derived] (e.g. inputs = { weekly = \"646\", weeks = \"52.14\" }, formula = \"weekly * weeks\")",
        ));
    }
    let Some(d) = &r.derived else { return Ok(()) };
    for s in &d.sources {
        if !source_ids.contains(s.as_str()) {
            return Err(Error::unknown(
                place("derived.sources"),
                format!("source {s:?} is not in [[sources]]"),
            ));
        }
    }
    for (field, replace, stated) in [
        ("value", None, Some(r.value)),
        ("low", d.low.as_ref(), r.low),
        ("high", d.high.as_ref(), r.high),
    ] {
        if field != "value" && replace.is_none() {
            continue;
        }
        let Some(stated) = stated else {
            return Err(Error::invalid(
                place(&format!("derived.{field}")),
                format!("[rows.derived] gives inputs for the {field} value, but the row has no {field}"),
            ));
        };
        if let Some(rep) = replace
            && let Some(k) = rep.keys().find(|k| !d.inputs.contains_key(*k))
        {
            return Err(Error::invalid(
                place(&format!("derived.{field}")),
                format!(
                    "{k:?} replaces no input (inputs: {})",
                    d.inputs.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let computed = d
            .compute(replace)
            .map_err(|m| Error::invalid(place("derived.formula"), m))?;
        let shown =
            computed.round_dp_with_strategy(stated.scale(), rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if shown != stated {
            return Err(Error::invalid(
                place(field),
                format!(
                    "{} recomputes to {} (exact {}), not the stated {stated}: correct the {field} or the derivation",
                    d.formula,
                    shown,
                    computed.normalize()
                ),
            ));
        }
    }
    Ok(())
}

fn check_units_per_event(u: &UnitsPerEvent, place: &dyn Fn(&str) -> Place) -> Result<()> {
    if u.value <= Decimal::ZERO {
        return Err(Error::invalid(
            place("units_per_event.value"),
            "units per event must be positive",
        ));
    }
    if let Some(low) = u.low
        && (low <= Decimal::ZERO || low > u.value)
    {
        return Err(Error::invalid(
            place("units_per_event.low"),
            format!("low {low} must be positive and not above the value {}", u.value),
        ));
    }
    if let Some(high) = u.high
        && high < u.value
    {
        return Err(Error::invalid(
            place("units_per_event.high"),
            format!("high {high} must not be below the value {}", u.value),
        ));
    }
    if u.label.trim().is_empty() {
        return Err(Error::invalid(
            place("units_per_event.label"),
            "say what is counted (e.g. \"legally aided parties per set of proceedings\")",
        ));
    }
    Ok(())
}
