//! A starting point for per-family records: the CSV header a scenario's records need and one
//! example row, which the records reader accepts as it is.

use crate::adjust::{ItemRef, item_row};
use crate::scenario::Scenario;
use crate::tables::Registry;

/// The per-family records CSV for `scenario`: the header (`family_id`, `members`, `region`, one
/// column per outcome and avoided cost named by its id, and `<id>_before` / `<id>_after` per
/// measured-wellbeing item) and one example row: family `F001` of one member `parent` aged 25–49
/// in the scenario's region, who achieved every outcome (only the first of the outcomes of one
/// exclusive group of the scenario's wellbeing table in `registry`: one person cannot be claimed
/// twice in a group), avoided one event of each avoided cost, and scored each measured item's
/// `before` and `after` means (the scale's lowest score where the scenario gives none). Written as
/// the scenario's `[records]` reads records: with its delimiter, and its own headers for the
/// columns it maps, so that its output is accepted by its own scenario.
pub fn records_template(scenario: &Scenario, registry: &Registry) -> String {
    let wellbeing = registry.get(&scenario.tables.wellbeing);
    let mut groups = std::collections::BTreeSet::new();
    let mut header: Vec<String> = vec!["family_id".into(), "members".into(), "region".into()];
    let mut row: Vec<String> = vec!["F001".into(), "parent:25-49".into(), String::new()];
    for (i, o) in scenario.outcomes.iter().enumerate() {
        header.push(o.id.clone());
        let group = wellbeing
            .and_then(|t| item_row(scenario, t, ItemRef::Outcome(i)))
            .and_then(|r| r.exclusive_group.clone());
        let first_of_group = group.is_none_or(|g| groups.insert(g));
        row.push(if first_of_group { "parent" } else { "" }.into());
    }
    for a in &scenario.avoided {
        header.push(a.id.clone());
        row.push("1".into());
    }
    for m in &scenario.measured {
        header.push(format!("{}_before", m.id));
        row.push(m.before.unwrap_or(m.scale[0]).normalize().to_string());
        header.push(format!("{}_after", m.id));
        row.push(m.after.unwrap_or(m.scale[0]).normalize().to_string());
    }
    // As the scenario's `[records]` reads them: its delimiter, and each of socval's names under
    // the header the scenario maps to it (the first, if several).
    let format = scenario.records.as_ref();
    let delimiter = format.and_then(|f| f.delimiter_byte().ok().flatten()).unwrap_or(b',');
    if let Some(f) = format {
        for h in &mut header {
            if let Some((theirs, _)) = f.columns.iter().find(|(_, name)| *name == h) {
                *h = theirs.clone();
            }
        }
    }
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(&header);
    let _ = w.write_record(&row);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::Records;
    use crate::{Registry, evaluate, templates};

    /// The template follows the scenario's `[records]` (delimiter and mapped headers), so its own
    /// scenario reads it back: every delimiter, with and without a mapping.
    #[test]
    fn the_template_is_written_as_its_scenario_reads_records() {
        for d in [";", "\t", "|", ","] {
            let mut s = templates()[0].scenario().unwrap();
            let id = s.outcomes[0].id.clone();
            let f = s.records.get_or_insert_with(Default::default);
            f.delimiter = Some(d.into());
            f.columns.insert("Case ref".into(), "family_id".into());
            f.columns.insert("Outcome; first".into(), id);
            let csv = records_template(&s, Registry::embedded());
            let header = csv.lines().next().unwrap();
            assert!(header.starts_with("Case ref"), "{header}");
            assert!(header.split(d).count() > 3, "{d}: {header}");
            let records = Records::read("records.csv", &csv, 10, &s).unwrap();
            let v = evaluate(&s, Some(&records), Registry::embedded()).unwrap();
            assert_eq!(v.families, 1, "{d}");
            assert!(
                v.warnings.iter().all(|w| !w.contains("has no column")),
                "{d}: {:?}",
                v.warnings
            );
        }
    }

    /// The template of every shipped scenario is read by the records reader and values.
    #[test]
    fn every_template_reads_back_and_values() {
        for t in templates() {
            let s = t.scenario().unwrap();
            let csv = records_template(&s, Registry::embedded());
            let records = Records::from_csv_str("records.csv", &csv).unwrap();
            let v = evaluate(&s, Some(&records), Registry::embedded()).unwrap();
            assert_eq!(v.families, 1, "{}", t.id);
            assert!(v.from_records);
        }
    }
}
