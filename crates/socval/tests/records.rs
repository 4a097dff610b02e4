//! Records read as a stream (`Records::stream`) against records checked as text
//! (`Records::from_csv_str`): the same valuation to the last line of working, the same located
//! errors, and the per-family checks over large inputs.

use socval::records::Records;
use socval::{Error, Location, Registry, Scenario, evaluate, evaluate_named};
use std::io::Cursor;

fn fixture(f: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::read_to_string(dir.join(f)).unwrap()
}

fn registry() -> Registry {
    let mut reg = Registry::embedded().clone();
    reg.add_toml("licensed-wellbeing.toml", &fixture("licensed-wellbeing.toml"))
        .unwrap();
    reg
}

fn stream(csv: &str, s: &Scenario, reg: &Registry) -> socval::Result<Records> {
    Records::stream("families.csv", Cursor::new(csv.as_bytes()), s, reg)
}

/// The error of valuing `csv` both ways: it must be the same error, at the same place.
fn both_fail(csv: &str, s: &Scenario, reg: &Registry) -> Error {
    let streamed = stream(csv, s, reg).unwrap_err();
    let text =
        Records::from_csv_str("families.csv", csv).and_then(|r| evaluate_named("records.toml", s, Some(&r), reg));
    assert_eq!(Some(&streamed), text.as_ref().err(), "same error both ways");
    streamed
}

fn line_and_field(e: &Error) -> (usize, String) {
    let p = e.place();
    match &p.location {
        Location::Line { line, .. } => (*line, p.field.clone()),
        other => panic!("not a line: {other:?}"),
    }
}

#[test]
fn streamed_records_give_the_same_valuation_as_text_records() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let csv = fixture("families.csv");
    let streamed = stream(&csv, &s, &reg).unwrap();
    let text = Records::from_csv_str("families.csv", &csv).unwrap();
    assert_eq!(streamed.families.len(), text.families.len());
    assert_eq!(streamed.columns, text.columns);
    let a = evaluate(&s, Some(&streamed), &reg).unwrap();
    let b = evaluate(&s, Some(&text), &reg).unwrap();
    assert_eq!(a, b);
    assert!(!a.lines.is_empty());
    assert!(a.totals.social_value > socval::Decimal::ZERO);
    // And the uncertainty analysis, which gathers the facts once.
    let mut su = s.clone();
    su.uncertainty = Some(socval::scenario::Settings {
        draws: Some(50),
        ..Default::default()
    });
    assert_eq!(
        socval::uncertainty::analyse(&su, Some(&streamed), &reg).unwrap(),
        socval::uncertainty::analyse(&su, Some(&text), &reg).unwrap()
    );
}

#[test]
fn streamed_records_are_for_their_scenario_only() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let streamed = stream(&fixture("families.csv"), &s, &reg).unwrap();
    let mut other = s.clone();
    other.outcomes.pop();
    let e = evaluate(&other, Some(&streamed), &reg).unwrap_err();
    assert!(e.to_string().contains("read them again"), "{e}");
}

#[test]
fn errors_keep_their_line_and_column_when_streamed() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let csv = fixture("families.csv");
    // An unknown member on line 3.
    let bad = csv.replacen("F02,mother:under-25,,yes,", "F02,mother:under-25,,dad,", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (3, "confidence".to_string()));
    assert!(
        e.to_string().contains("\"dad\" is not a member of family \"F02\""),
        "{e}"
    );
    // A bad count on line 5.
    let bad = csv.replacen("outside-london,mother,,2", "outside-london,mother,,two", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (5, "proceedings".to_string()));
    // A duplicate family id on line 5.
    let bad = csv.replacen("F04,", "F01,", 1);
    let e = both_fail(&bad, &s, &reg);
    assert_eq!(line_and_field(&e), (5, "family_id".to_string()));
    assert!(
        e.to_string()
            .contains("family id \"F01\" is used by an earlier row too"),
        "{e}"
    );
    // An unterminated quote at the end.
    let e = stream(&format!("{csv}F99,\"mother"), &s, &reg).unwrap_err();
    assert!(matches!(e, Error::Syntax { .. }), "{e}");
}

/// A large synthetic file: `n` families, ids `F0000000`…, every other family with one event.
fn synthetic(n: u32) -> String {
    let mut csv = String::from("family_id,members,proceedings\n");
    for i in 0..n {
        csv.push_str(&format!("F{i:07},mother:25-49,{}\n", i % 2));
    }
    csv
}

fn aggregate_scenario() -> Scenario {
    Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap()
}

#[test]
fn duplicate_ids_are_found_in_a_large_file_and_none_are_invented() {
    let reg = registry();
    let s = aggregate_scenario();
    let n = 100_000;
    let csv = synthetic(n);
    let r = stream(&csv, &s, &reg).unwrap();
    assert_eq!(r.families.len(), n as usize);
    let v = evaluate(&s, Some(&r), &reg).unwrap();
    assert_eq!(v.families, n);
    // The first family's id again, as the last row: found, on its line (header + n + 1).
    let dup = format!("{csv}F0000000,mother:25-49,0\n");
    let e = stream(&dup, &s, &reg).unwrap_err();
    assert_eq!(line_and_field(&e), (n as usize + 2, "family_id".to_string()));
    let e = Records::from_csv_str("families.csv", &dup).unwrap_err();
    assert_eq!(line_and_field(&e), (n as usize + 2, "family_id".to_string()));
}

#[test]
fn a_line_beyond_the_limit_is_refused_before_it_fills_memory() {
    let reg = registry();
    let s = aggregate_scenario();
    let long = format!(
        "family_id,members,proceedings\nF1,{},0\n",
        "m".repeat(socval::records::MAX_RECORD_LINE + 10)
    );
    let e = stream(&long, &s, &reg).unwrap_err();
    assert_eq!(line_and_field(&e).0, 2);
    assert!(e.to_string().contains("longer than"), "{e}");
}

/// Issue 13: records from a real case-management export: `;` found from the header, a `Family ID`
/// header, a mapped header, an extra column left out with a warning, blank trailing rows skipped;
/// the figures equal those of the tidy file.
#[test]
fn an_export_with_its_own_headers_and_delimiter_values_like_the_tidy_file() {
    let reg = Registry::embedded();
    let mut s = socval::template("step-together").unwrap().scenario().unwrap();
    let id = s.outcomes[0].id.clone();
    let tidy = format!("family_id,members,{id}\nF1,mother:25-49,mother\nF2,mother:under-25,\n");
    let export = "Family ID;Members;Worker;Postcode;Outcome A\nF1;mother:25-49;Ann;L1 1AA;mother\nF2;mother:under-25;Bo;L2 2BB;\n;;;;\n;;;;\n".to_string();
    s.records = Some(socval::scenario::RecordsFormat {
        delimiter: None,
        columns: [("Outcome A".to_string(), id.clone())].into_iter().collect(),
    });
    assert!(s.check("s.toml").is_ok());
    let a = socval::evaluate(&s, Some(&Records::from_csv_str("tidy.csv", &tidy).unwrap()), reg).unwrap();
    let read = Records::from_csv_str_with("export.csv", &export, 1000, s.records.as_ref()).unwrap();
    assert_eq!(read.families.len(), 2);
    let b = socval::evaluate(&s, Some(&read), reg).unwrap();
    assert_eq!(a.totals, b.totals);
    assert!(
        b.warnings
            .iter()
            .any(|w| w.contains("\"Worker\", \"Postcode\" are not items")),
        "{:?}",
        b.warnings
    );
    // Streamed, as the CLI reads it, with the scenario's [records] section.
    let streamed = Records::stream("export.csv", std::io::Cursor::new(export.as_bytes()), &s, reg).unwrap();
    assert_eq!(socval::evaluate(&s, Some(&streamed), reg).unwrap().totals, a.totals);
    // A delimiter socval does not read, and a mapping to no column, are refused by name.
    s.records.as_mut().unwrap().delimiter = Some("#".into());
    let e = s.check("s.toml").unwrap_err();
    assert_eq!(e.place().field, "delimiter");
    s.records = Some(socval::scenario::RecordsFormat {
        delimiter: Some(";".into()),
        columns: [("Outcome A".to_string(), "nothing".to_string())].into_iter().collect(),
    });
    let e = s.check("s.toml").unwrap_err();
    assert_eq!(e.place().field, "columns.Outcome A");
    assert!(
        e.to_string().contains("family_id, members, region or an item's id"),
        "{e}"
    );
}

mod faces_agree {
    //! The page's and the JS API's records path (`Records::read`, then `evaluate`) gives the
    //! CLI's figures (`Records::stream_named`) for any records file and any `[records]` settings
    //! of the scenario (delimiter given or found, headers mapped or not), and both give the
    //! figures of the same facts written the plain way (comma, socval's own headers).
    use super::*;
    use proptest::prelude::*;

    const MEMBERS: [&str; 3] = ["mother", "father", "child1"];
    const BANDS: [&str; 3] = ["25-49", "under-25", "50-plus"];

    /// One family: members (name, band) and, per outcome, which members achieved it; events.
    #[derive(Debug, Clone)]
    struct Family {
        members: Vec<(usize, usize)>,
        confidence: Vec<bool>,
        lonely: Vec<bool>,
        events: u8,
    }

    fn family() -> impl Strategy<Value = Family> {
        (
            1usize..=3,
            proptest::collection::vec(0usize..3, 3),
            proptest::collection::vec(any::<bool>(), 3),
            proptest::collection::vec(any::<bool>(), 3),
            0u8..4,
        )
            .prop_map(|(n, bands, confidence, lonely, events)| Family {
                members: (0..n).map(|i| (i, bands[i])).collect(),
                confidence: confidence[..n].to_vec(),
                lonely: lonely[..n].to_vec(),
                events,
            })
    }

    /// The records as text: `delimiter`, the headers as `headers` names them, quoted or not.
    fn csv(families: &[Family], delimiter: char, headers: &[String; 5], quote: bool, crlf: bool) -> String {
        let q = |s: String| if quote { format!("\"{s}\"") } else { s };
        let nl = if crlf { "\r\n" } else { "\n" };
        let d = delimiter.to_string();
        let mut out = headers.iter().cloned().map(q).collect::<Vec<_>>().join(&d) + nl;
        for (i, f) in families.iter().enumerate() {
            let members: Vec<String> = f
                .members
                .iter()
                .map(|&(m, b)| format!("{}:{}", MEMBERS[m], BANDS[b]))
                .collect();
            let who = |c: &[bool]| {
                f.members
                    .iter()
                    .zip(c)
                    .filter(|(_, on)| **on)
                    .map(|(&(m, _), _)| MEMBERS[m])
                    .collect::<Vec<_>>()
                    .join(";")
            };
            let cells = [
                format!("F{i}"),
                members.join(";"),
                who(&f.confidence),
                who(&f.lonely),
                f.events.to_string(),
            ];
            // A `;` inside a cell needs quotes where `;` is the delimiter.
            let cells: Vec<String> = cells
                .into_iter()
                .map(|c| {
                    if quote || (delimiter == ';' && c.contains(';')) {
                        format!("\"{c}\"")
                    } else {
                        c
                    }
                })
                .collect();
            out += &(cells.join(&d) + nl);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn the_pages_records_path_gives_the_clis_figures(
            families in proptest::collection::vec(family(), 1..8),
            delimiter in prop_oneof![Just(','), Just(';'), Just('\t'), Just('|')],
            name_delimiter in any::<bool>(),
            renamed in proptest::collection::vec(any::<bool>(), 5),
            quote in any::<bool>(),
            crlf in any::<bool>(),
        ) {
            let reg = registry();
            let plain = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
            let own = ["family_id", "members", "confidence", "lonely", "proceedings"];
            let theirs = ["Case ref", "Household", "Confident?", "Not lonely", "Court cases"];
            let headers: [String; 5] =
                std::array::from_fn(|i| if renamed[i] { theirs[i] } else { own[i] }.to_string());
            let mut s = plain.clone();
            let mut f = socval::scenario::RecordsFormat::default();
            if name_delimiter {
                f.delimiter = Some(delimiter.to_string());
            }
            for i in 0..5 {
                if renamed[i] {
                    f.columns.insert(theirs[i].into(), own[i].into());
                }
            }
            s.records = Some(f);
            let text = csv(&families, delimiter, &headers, quote, crlf);
            let cli = Records::stream_named("records.toml", "families.csv", Cursor::new(text.as_bytes()), &s, &reg)
                .and_then(|r| evaluate_named("records.toml", &s, Some(&r), &reg));
            let page = Records::read("families.csv", &text, socval::records::PAGE_MAX_RECORD_ROWS, &s)
                .and_then(|r| evaluate_named("records.toml", &s, Some(&r), &reg));
            prop_assert_eq!(&cli, &page, "{}", text);
            // The same facts written the plain way, valued with no settings at all.
            let own: [String; 5] = own.map(String::from);
            let plain_text = csv(&families, ',', &own, false, false);
            let want = Records::from_csv_str("families.csv", &plain_text)
                .and_then(|r| evaluate_named("records.toml", &plain, Some(&r), &reg))
                .unwrap();
            let got = cli.unwrap();
            prop_assert_eq!(&got.totals, &want.totals, "{}", text);
            prop_assert_eq!(&got.display, &want.display);
        }
    }

    /// Records checked for one scenario and valued with another follow the other's settings.
    #[test]
    fn text_records_follow_the_settings_of_the_scenario_they_value() {
        let reg = registry();
        let plain = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
        let text = fixture("families.csv").replace("confidence", "Confident?");
        let r = Records::read("families.csv", &text, 1000, &plain).unwrap();
        let without = evaluate(&plain, Some(&r), &reg).unwrap();
        assert!(
            without.warnings.iter().any(|w| w.contains("\"Confident?\"")),
            "{:?}",
            without.warnings
        );
        let mut mapped = plain.clone();
        mapped
            .records
            .get_or_insert_with(Default::default)
            .columns
            .insert("Confident?".into(), "confidence".into());
        let with = evaluate(&mapped, Some(&r), &reg).unwrap();
        assert!(
            !with.warnings.iter().any(|w| w.contains("Confident?")),
            "no warning asks for the mapping the scenario has: {:?}",
            with.warnings
        );
        let direct = evaluate(
            &plain,
            Some(&Records::from_csv_str("f.csv", &fixture("families.csv")).unwrap()),
            &reg,
        )
        .unwrap();
        assert_eq!(with.totals, direct.totals);
        assert!(with.totals.social_value > without.totals.social_value);
    }
}

/// Line numbers are right for LF, CRLF and CR-only files, in the text and the streamed path,
/// for a row's own error and for a duplicate family id found on the second reading.
#[test]
fn errors_name_the_right_line_for_lf_crlf_and_cr_files() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    for nl in ["\n", "\r\n", "\r"] {
        // A multi-line quoted cell on line 3 counts its lines too (line 4 is its second line).
        let rows = [
            "family_id,members,confidence",
            "F1,mother,mother",
            "F2,\"mother;",
            "father\",father",
            "F3,mother,dad",
        ];
        let csv = rows.join(nl) + nl;
        let e = both_fail(&csv, &s, &reg);
        assert_eq!(line_and_field(&e), (5, "confidence".to_string()), "{nl:?}: {e}");
        let dup = [
            "family_id,members,confidence",
            "F1,mother,mother",
            "F2,mother,",
            "F1,mother,",
        ]
        .join(nl)
            + nl;
        let e = both_fail(&dup, &s, &reg);
        assert_eq!(line_and_field(&e), (4, "family_id".to_string()), "{nl:?}: {e}");
    }
}

/// Errors about the file's form say what is wrong where: a delimiter other than the scenario's
/// (with the header as split), an unterminated quote (at its line), two headers read as one
/// column (naming both), text that is not UTF-8 (naming the column and the encoding found).
#[test]
fn errors_about_the_files_form_point_at_the_cause() {
    let reg = registry();
    let mut s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    s.records = Some(socval::scenario::RecordsFormat {
        delimiter: Some(",".into()),
        ..Default::default()
    });
    let e = both_fail("family_id;members;confidence\nF1;mother;mother\n", &s, &reg);
    let m = e.to_string();
    assert!(
        m.contains("split on \",\" (comma) (the scenario's [records] delimiter)")
            && m.contains("\"family_id;members;confidence\"")
            && m.contains("set delimiter = \";\""),
        "{m}"
    );
    // An unterminated quote: its line, and what it did.
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let e = both_fail(
        "family_id,members,confidence\nF1,mother,mother\nF2,\"mother,mother\nF3,mother,mother\n",
        &s,
        &reg,
    );
    assert_eq!(line_and_field(&e).0, 3, "{e}");
    assert!(e.to_string().contains("never closed"), "{e}");
    // Two headers read as family_id: both named, with the mapping.
    let mut mapped = s.clone();
    mapped
        .records
        .get_or_insert_with(Default::default)
        .columns
        .insert("Case ref".into(), "family_id".into());
    let e = stream("Case ref,family_id,confidence\nF1,x,mother\n", &mapped, &reg).unwrap_err();
    assert!(
        e.to_string()
            .contains("\"Case ref\" (mapped to family_id by [records] columns) and \"family_id\""),
        "{e}"
    );
    // Latin-1 (é as one byte 0xE9) in the members column of line 3.
    let latin1 = b"family_id,members,confidence\nF1,mother,mother\nF2,m\xe9re,\n".to_vec();
    let e = Records::stream("families.csv", Cursor::new(latin1), &s, &reg).unwrap_err();
    assert_eq!(line_and_field(&e), (3, "members".to_string()), "{e}");
    assert!(
        e.to_string().contains("Latin-1")
            && e.to_string().contains("save it as CSV UTF-8")
            && e.to_string().contains("iconv -f WINDOWS-1252 -t UTF-8 families.csv"),
        "{e}"
    );
    // UTF-16 (little-endian, with its byte-order mark).
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "family_id,members\nF1,mother\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let e = Records::stream("families.csv", Cursor::new(utf16), &s, &reg).unwrap_err();
    assert!(
        e.to_string().contains("UTF-16")
            && e.to_string().contains("CSV UTF-8")
            && e.to_string().contains("iconv -f UTF-16 -t UTF-8 families.csv"),
        "{e}"
    );
}

/// A quoted cell spread over many short lines is bounded as a line is: a row over
/// `MAX_RECORD_LINE` bytes is refused, at the line it starts, before it fills memory.
#[test]
fn a_quoted_cell_over_many_lines_is_bounded_as_a_line_is() {
    let reg = registry();
    let s = Scenario::from_toml_str("records.toml", &fixture("records.toml")).unwrap();
    let mut csv = String::from("family_id,members,confidence\nF1,mother,mother\nF2,\"");
    while csv.len() < socval::records::MAX_RECORD_LINE + 100 {
        csv.push_str("mother\n");
    }
    csv.push_str("\",\nF3,mother,\n");
    let e = both_fail(&csv, &s, &reg);
    assert_eq!(line_and_field(&e).0, 3, "{e}");
    assert!(e.to_string().contains("longer than"), "{e}");
}

/// What the rows' parser gives past the header line: a BOM at the start of a later line is part
/// of its first cell (only the file's first BOM is dropped), a row longer than the parser's first
/// buffers is read whole, and a repeated id after it is found at its line.
#[test]
fn rows_past_the_header_are_parsed_as_the_csv_reader_parses_them() {
    let r = Records::from_csv_str("f.csv", "family_id\n\u{feff}\nF2\n").unwrap();
    assert_eq!(r.families.len(), 2);
    let r = Records::from_csv_str("f.csv", "\u{feff}family_id\r\n\u{feff}F1\r\nF1\r\n").unwrap();
    assert_eq!(r.families.len(), 2);
    let long = "x".repeat(70_000);
    let wide: String = (0..40).map(|i| format!(",c{i}")).collect();
    let cells: String = (0..40).map(|i| format!(",{i}")).collect();
    let csv = format!("family_id,note{wide}\nF1,\"{long}\"{cells}\nF2,y{cells}\n\nF3,\"a\nb\"{cells}\nF1,z{cells}\n");
    let e = Records::from_csv_str("f.csv", &csv).unwrap_err();
    assert_eq!(line_and_field(&e), (7, "family_id".to_string()));
    assert!(e.to_string().contains("\"F1\" is used by an earlier row"), "{e}");
    let e = Records::from_csv_str("f.csv", &format!("family_id,note{wide}\nF1,y{cells}\nF2,y\n")).unwrap_err();
    assert_eq!(line_and_field(&e).0, 3);
    assert!(
        e.to_string()
            .contains("this row has 2 cells where the header line has 42"),
        "{e}"
    );
}
