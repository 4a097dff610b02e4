//! A scenario's identity for stacking runs: the hash of what it says, whatever its file format.

use crate::scenario::Scenario;
use sha2::{Digest, Sha256};

/// The sha256 (hex) of a scenario's canonical JSON (its fields in a fixed order, decimals as
/// written): the same scenario gives the same hash whether it was read from TOML or JSON, with or
/// without comments; any change to a field changes it. Tabular output carries it beside each
/// table's own hash so that runs can be stacked and told apart.
pub fn scenario_sha256(scenario: &Scenario) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template;

    #[test]
    fn toml_and_json_of_one_scenario_hash_alike_and_a_change_moves_it() {
        let t = template("step-together").unwrap();
        let from_toml = Scenario::from_toml_str("a.toml", t.text()).unwrap();
        let from_json = t.scenario().unwrap();
        assert_eq!(scenario_sha256(&from_toml), scenario_sha256(&from_json));
        assert_eq!(scenario_sha256(&from_toml).len(), 64);
        let mut changed = from_toml.clone();
        changed.families += 1;
        assert_ne!(scenario_sha256(&changed), scenario_sha256(&from_toml));
    }
}
