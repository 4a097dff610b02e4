//! `exact.rs`'s tests: the byte search, the JSON number scan's places and paths, and bare
//! numbers refused with their place.

use super::*;

/// The eight-bytes-at-a-time search finds what memchr finds, for the two pairs it is used with:
/// each place of either byte, with a later one or none, among bytes one bit or a borrow away
/// from them, in texts of every length around the eight-byte step.
#[test]
fn find_either_is_memchr2() {
    let others = b"#!][9<\xa2\xdc\x00\xffa";
    for (a, b) in [(b'"', b'\\'), (b';', b':')] {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| others[i % others.len()]).collect();
            assert_eq!(find_either(&bytes, a, b), None);
            for (at, found) in (0..len).flat_map(|at| [(at, a), (at, b)]) {
                let mut v = bytes.clone();
                v[at] = found;
                if let Some(after) = v.get_mut(at + 3) {
                    *after = a;
                }
                assert_eq!(find_either(&v, a, b), memchr::memchr2(a, b, &v), "{v:?}");
                assert_eq!(find_either(&v, a, b), Some(at));
            }
        }
    }
}

/// The numbers of a JSON text with their lines, columns (in characters) and paths: escaped
/// and control-character keys, arrays, keys after a comma, and a scan that stops early.
#[test]
fn json_numbers_have_their_places_and_paths() {
    let text = "{\"a\": [1, {\"b\\\"c\": -2}],\n \"é\": {\"x\": \"3\", \"y\": 4e5}, \"z\": [[0], 7]}";
    let got: Vec<(usize, usize, String, String)> = json_numbers(text)
        .iter()
        .map(|n| (n.line, n.column, n.path_text(), n.raw.clone()))
        .collect();
    let want = [
        (1, 8, "a[0]", "1"),
        (1, 20, "a[1].b\"c", "-2"),
        (2, 23, "é.y", "4e5"),
        (2, 36, "z[0][0]", "0"),
        (2, 40, "z[1]", "7"),
    ];
    let want: Vec<(usize, usize, String, String)> = want
        .iter()
        .map(|&(l, c, p, r)| (l, c, p.to_string(), r.to_string()))
        .collect();
    assert_eq!(got, want);
    let mut seen = 0;
    let n = first_json_number(text, |n| {
        seen += 1;
        n.raw.contains('e')
    })
    .expect("found");
    assert_eq!((seen, n.line, n.column, n.key()), (3, 2, 23, "y"));
    assert_eq!(first_json_number(text, |n| n.raw == "8"), None);
    let key_of = |text: &str| first_json_number(text, |_| true).map(|n| n.key().to_string());
    assert_eq!(key_of("{\"k\\u0041\": 1}").as_deref(), Some("kA"));
    // Not a JSON string (a raw control character): no key, as the parser refuses it anyway.
    assert_eq!(key_of("{\"k\u{1}\": 1}").as_deref(), Some(""));
}

#[test]
fn bare_floats_are_refused_with_their_place() {
    let e = check_toml("s.toml", "name = \"x\"\n[defaults]\ndeadweight = 0.25\n").unwrap_err();
    assert_eq!(e.place().location, Location::line(3));
    assert_eq!(e.place().field, "deadweight");
    assert!(e.to_string().contains("deadweight = \"0.25\""), "{e}");
    assert!(check_toml("s.toml", "families = 40\nrate = \"0.25\"\n").is_ok());
    let e = check_json(
        "s.json",
        "{\n  \"name\": \"a:b\",\n  \"rate\": 12345678901234567.89\n}",
        false,
    )
    .unwrap_err();
    assert_eq!(
        e.place().location,
        Location::Line {
            line: 3,
            column: Some(11)
        }
    );
    assert_eq!(e.place().field, "rate");
    assert!(e.to_string().contains("\"rate\": \"12345678901234567.89\""), "{e}");
    let e = check_json("s.json", "{\"amount\": 123456789012345678901}", false).unwrap_err();
    assert_eq!(e.place().field, "amount");
    assert!(check_json("s.json", "{\"families\": 40, \"note\": \"1.5 \\\" 2.5\"}", false).is_ok());
    // Serialized from data: the path, with each list element's index.
    let text = r#"{"outcomes":[{"id":"a","rate":"0.5"},{"id":"b"},{"id":"c","deadweight":0.25}]}"#;
    let e = check_json("scenario", text, true).unwrap_err();
    assert_eq!(
        e.place().location,
        Location::Path {
            path: "outcomes[2].deadweight".into()
        }
    );
    assert_eq!(e.place().field, "deadweight");
    assert_eq!(
        e.to_string(),
        "scenario: outcomes[2].deadweight: 0.25 is a bare number, which would be read through a binary float and could change; write it as a quoted string so it is used exactly: \"deadweight\": \"0.25\""
    );
}
