//! The shipped scenarios (`scenarios/*.toml`), compiled in as templates.

use crate::error::Result;
use crate::scenario::Scenario;
use crate::tables;

/// A shipped scenario, usable as a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    /// Id (the file name without `.toml`).
    pub id: &'static str,
    /// File name under `scenarios/`.
    pub file: &'static str,
    /// The scenario's `name`, as [`Template::scenario`] reads it (for a list of the templates,
    /// without reading each).
    pub name: &'static str,
    /// The scenario as JSON (compiled from the TOML at build time).
    pub json: &'static str,
    index: usize,
}

impl Template {
    /// Parses the template.
    #[cfg(not(feature = "baked-templates"))]
    pub fn scenario(&self) -> Result<Scenario> {
        Scenario::from_json_str(&format!("scenarios/{}", self.file), self.json)
    }

    /// Makes the template from the Rust code generated from its JSON (`templates_baked.rs`, the
    /// `baked-templates` feature): the same value, without reading text.
    #[cfg(feature = "baked-templates")]
    pub fn scenario(&self) -> Result<Scenario> {
        crate::templates_baked::scenario(self.index).ok_or_else(|| {
            crate::Error::invalid(
                crate::Place::top(format!("scenarios/{}", self.file), ""),
                "not a shipped template",
            )
        })
    }

    /// The TOML text, as shipped under `scenarios/` (with its comments).
    pub fn text(&self) -> &'static str {
        tables::embedded::TEMPLATE_TEXTS.get(self.index).copied().unwrap_or("")
    }
}

/// The shipped scenarios (`scenarios/*.toml`).
pub fn templates() -> Vec<Template> {
    tables::embedded::TEMPLATES
        .iter()
        .enumerate()
        .map(|(index, (file, name, json))| Template {
            id: file.trim_end_matches(".toml"),
            file,
            name,
            json,
            index,
        })
        .collect()
}

/// The shipped scenario with this id (its file name without `.toml`), if there is one.
///
/// ```
/// let t = socval::template("step-together").unwrap();
/// assert_eq!(t.file, "step-together.toml");
/// assert_eq!(t.name, t.scenario().unwrap().name);
/// assert!(socval::template("no-such-programme").is_none());
/// ```
pub fn template(id: &str) -> Option<Template> {
    templates().into_iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    /// The name baked at build time is the one the scenario reader gives, for every template.
    #[test]
    fn each_template_name_is_its_scenarios_name() {
        let all = super::templates();
        assert!(all.len() >= 2, "the seeds' two programmes are shipped");
        for t in all {
            assert!(!t.name.is_empty(), "{}", t.id);
            assert_eq!(t.name, t.scenario().unwrap().name, "{}", t.id);
        }
    }

    /// Each template made by the generated code (`baked-templates`) is the one its JSON gives:
    /// equal, and written to the same JSON (each decimal's digits and scale).
    #[test]
    fn each_baked_template_is_its_json() {
        for (i, t) in super::templates().into_iter().enumerate() {
            let read = crate::Scenario::from_json_str(t.file, t.json).unwrap();
            let baked = crate::templates_baked::scenario(i).expect("baked");
            assert_eq!(baked, read, "{}", t.id);
            assert_eq!(baked.to_json(), read.to_json(), "{}", t.id);
        }
        assert!(crate::templates_baked::scenario(super::templates().len()).is_none());
    }
}
