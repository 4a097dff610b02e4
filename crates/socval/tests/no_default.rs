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

/// Without the `table-text` feature (the page's live module) each embedded table is its file
/// with its evidence text emptied (`ProxyTable::text_fields_mut`: nothing else is left out), the
/// working cites no source, and the blob of the files' text attaches it, table for table, only
/// whole and of the same hashes; the figures do not move.
#[cfg(not(feature = "table-text"))]
#[test]
fn the_tables_evidence_text_is_attached_from_its_blob() {
    use socval::tables::{ProxyTable, text_blob};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("proxies");
    let bare: Vec<ProxyTable> = Registry::embedded().tables().cloned().collect();
    let files: Vec<ProxyTable> = bare
        .iter()
        .map(|t| {
            let rel = format!("{}/{}.toml", t.id, t.version);
            ProxyTable::from_toml_str(&rel, &std::fs::read_to_string(root.join(&rel)).unwrap()).unwrap()
        })
        .collect();
    let mut texts = 0;
    for (b, f) in bare.iter().zip(&files) {
        let mut emptied = f.clone();
        for field in emptied.text_fields_mut() {
            texts += usize::from(!field.is_empty());
            field.clear();
        }
        assert_eq!(b, &emptied, "{}@{}", f.id, f.version);
    }
    assert!(texts > 500, "{texts} text fields");
    let s = template("step-together").unwrap().scenario().unwrap();
    let before = evaluate(&s, None, Registry::embedded()).unwrap();
    assert!(before.lines.iter().all(|l| l.source.is_none() && l.url.is_none()));

    // Another hash, or some tables only: refused, nothing attached.
    let mut other = files.clone();
    other[0].sha256 = "0".repeat(64);
    let e = Registry::attach_embedded_text(&text_blob(&other)).unwrap_err();
    assert!(e.to_string().contains("another version of this table"), "{e}");
    let e = Registry::attach_embedded_text(&text_blob(&files[1..])).unwrap_err();
    assert!(
        e.to_string()
            .contains(&format!("of {} of the {}", files.len() - 1, files.len())),
        "{e}"
    );
    assert!(Registry::attach_embedded_text("{}").is_err());
    assert_eq!(Registry::embedded().tables().next(), bare.first());

    Registry::attach_embedded_text(&text_blob(&files)).unwrap();
    let with: Vec<&ProxyTable> = Registry::embedded().tables().collect();
    assert_eq!(with, files.iter().collect::<Vec<_>>());
    let after = evaluate(&s, None, Registry::embedded()).unwrap();
    assert_eq!(after.totals, before.totals);
    assert_eq!(after.display, before.display);
    let cited = after.lines.iter().filter(|l| l.source.is_some()).count();
    assert_eq!(cited, after.lines.iter().filter(|l| l.row.is_some()).count());
    assert!(cited > 5, "{cited} lines cite a source");
    // The lines differ in their citation only.
    let mut uncited = after.lines.clone();
    for l in &mut uncited {
        (l.source, l.url) = (None, None);
    }
    assert_eq!(uncited, before.lines);
}
