//! Records read as a stream against one scenario (`Records::stream`, `Records::stream_named`): the
//! engine's setup checks the scenario first, then `crate::records` reads and counts the rows. This
//! entry point is the engine's so that the records module, below it, takes nothing from it.

use crate::error::Result;
use crate::records::Records;
use crate::scenario::Scenario;
use crate::tables::Registry;
use std::io::{Read, Seek};

impl Records {
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
        super::setup(scenario_file, scenario, registry)?;
        Records::stream_checked(file, reader, scenario, registry)
    }
}
