//! A user's own table (a licensed list) beside the open ones: loading it from JSON, valuing a
//! scenario with it in place of the table it stands for, and the agencies' names.

use socval::compare::compare;
use socval::{Location, Registry, Section, agency_name, evaluate, with_user_table};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn template(id: &str) -> socval::Scenario {
    socval::template(id).unwrap().scenario().unwrap()
}

#[test]
fn a_licensed_table_with_an_id_of_its_own_stands_for_the_table_of_its_kind() {
    let mut reg = Registry::embedded().clone();
    let table = reg
        .add_json("licensed-unit-costs.json", &fixture("licensed-unit-costs.json"))
        .unwrap()
        .clone();
    assert_eq!(table.reference(), "licensed-unit-costs@2025.1");
    let open = template("step-together");
    let licensed = with_user_table(&open, &table).unwrap();
    assert_eq!(licensed.tables.unit_costs, "licensed-unit-costs@2025.1");
    assert_eq!(licensed.tables.wellbeing, open.tables.wellbeing);
    let a = evaluate(&open, None, &reg).unwrap();
    let b = evaluate(&licensed, None, &reg).unwrap();
    let c = compare(&a, &b);
    assert_eq!(
        c.tables_changed,
        vec![(open.tables.unit_costs.clone(), "licensed-unit-costs@2025.1".to_string())]
    );
    // Only the court's cost changed (4,180 → 5,180 a set): only its item moves, and up.
    let moved: Vec<&str> = c
        .items
        .iter()
        .filter(|d| !d.change.is_zero())
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(moved, ["proceedings-court"]);
    let fiscal = c.totals.iter().find(|d| d.name == "fiscal_savings").unwrap();
    assert!(fiscal.change > socval::Decimal::ZERO);
    let social = c.totals.iter().find(|d| d.name == "social_value").unwrap();
    assert!(social.change.is_zero());
    // The same scenario with the open table is unchanged by loading the user's.
    assert_eq!(a.display, evaluate(&open, None, Registry::embedded()).unwrap().display);
    assert!(b.section_lines(Section::FiscalSavings).count() > 0);
}

#[test]
fn a_table_of_the_same_id_replaces_that_table_and_none_fits_where_the_scenario_has_no_such_table() {
    let open = template("step-together");
    let mut same = Registry::embedded().get(&open.tables.unit_costs).unwrap().clone();
    same.version = "9.9.9".into();
    assert_eq!(
        with_user_table(&open, &same).unwrap().tables.unit_costs,
        "unit-costs-open@9.9.9"
    );
    let mut series = Registry::embedded().get(&open.tables.deflators).unwrap().clone();
    series.kind = socval::tables::TableKind::GdpPerHead;
    series.id = "my-gdp".into();
    // The shipped scenarios name a GDP-per-head series (their wellbeing rows are WELLBY-uprated):
    // a user's series replaces it; a scenario without one has none to replace.
    assert_eq!(
        with_user_table(&open, &series).unwrap().tables.gdp_per_head,
        Some(series.reference())
    );
    let mut none = open.clone();
    none.tables.gdp_per_head = None;
    assert!(with_user_table(&none, &series).is_none());
}

#[test]
fn an_item_whose_row_the_users_table_lacks_is_named_not_valued_from_the_open_table() {
    let mut reg = Registry::embedded().clone();
    let mut text = fixture("licensed-unit-costs.json");
    text = text.replace("\"care-proceedings-court\"", "\"court-proceedings\"");
    let table = reg.add_json("mine.json", &text).unwrap().clone();
    let s = with_user_table(&template("step-together"), &table).unwrap();
    let e = evaluate(&s, None, &reg).unwrap_err().to_string();
    assert!(e.contains("proceedings-court"), "{e}");
}

#[test]
fn a_bad_json_table_names_the_file_the_line_of_its_row_and_the_field() {
    let mut reg = Registry::embedded().clone();
    let e = reg
        .add_json("bad.json", &fixture("licensed-unit-costs-bad.json"))
        .unwrap_err();
    let p = e.place();
    assert_eq!(p.file, "bad.json");
    assert_eq!(p.field, "value");
    // The fixture's care-proceedings-court row has its "id" on line 149.
    assert!(matches!(p.location, Location::Row { line: Some(149), .. }), "{e}");
    assert!(e.to_string().starts_with("bad.json: line 149, rows[1]"), "{e}");
    assert!(reg.get("licensed-unit-costs@2025.1").is_none());
    // A table claiming a shipped id and version with other content is refused.
    let shipped = Registry::embedded().get("unit-costs-open@2.0.0").unwrap();
    let claimed = fixture("licensed-unit-costs.json")
        .replace("\"licensed-unit-costs\"", &format!("{:?}", shipped.id))
        .replace("\"2025.1\"", &format!("{:?}", shipped.version));
    assert!(matches!(
        reg.add_json("claimed.json", &claimed),
        Err(socval::Error::HashMismatch { .. })
    ));
}

#[test]
fn every_agency_of_the_shipped_tables_has_a_name_of_its_own() {
    for t in Registry::embedded().tables() {
        for r in &t.rows {
            if let Some(a) = &r.agency {
                let name = agency_name(a);
                assert_ne!(&name, a, "{}: {a}", t.reference());
                assert!(!name.contains('-'), "{name}");
            }
        }
    }
    assert_eq!(agency_name("local-authority"), "Local authority");
    assert_eq!(agency_name("police"), "Police");
    assert_eq!(agency_name(""), "No agency");
}
