//! socval without its default features (`cargo test -p socval --no-default-features`, a step of
//! `cargo xtask test`): no JSON Schemas and no uncertainty analysis, yet a shipped scenario is
//! valued on the embedded tables to the same figures (`golden_seeds.rs` pins them with their
//! working), and each embedded table's hash is the hash of its file.

use socval::{Decimal, Registry, evaluate, tables::content_hash, template};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_shipped_scenario_is_valued_on_the_embedded_tables() {
    let s = template("step-together").unwrap().scenario().unwrap();
    let v = evaluate(&s, None, Registry::embedded()).unwrap();
    assert_eq!(v.display.fiscal_savings, d("249576.73"));
    assert_eq!(v.display.cashable_savings, d("231628.30"));
    assert_eq!(v.display.social_value, d("86956.89"));
    assert_eq!(v.totals.fiscal_savings, d("249576.73339786304329840066568"));
    // The valuation records the tables it used, each with its hash.
    assert!(!v.tables.is_empty());
    let listed = Registry::embedded().list();
    for t in &v.tables {
        let info = listed.iter().find(|i| i.id == t.id && i.version == t.version);
        assert_eq!(info.map(|i| &i.sha256), Some(&t.sha256), "{}@{}", t.id, t.version);
        assert_eq!(t.sha256.len(), 64);
    }
}

#[test]
fn each_embedded_table_has_the_hash_of_its_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("proxies");
    let listed = Registry::embedded().list();
    assert!(listed.len() >= 10, "{}", listed.len());
    for t in &listed {
        let file = root.join(&t.id).join(format!("{}.toml", t.version));
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(t.sha256, content_hash(&text), "{}", file.display());
        assert_eq!(t.sha256.len(), 64);
    }
}
