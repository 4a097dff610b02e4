//! Issue 25, the command line: every tabular command in CSV and JSON (and xlsx), `validate`'s
//! machine verdict, `-o FILE`, a bare pipe, the encoding hints, the manual pages, examples in
//! `--help` and `init --template`'s completions.

mod cli_common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use cli_common::*;
use serde_json::Value;

/// The CSV's header and its rows, read back with the csv crate.
fn csv_of(args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = ok(args);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The row whose first cells are `key`.
#[track_caller]
fn row<'a>(rows: &'a [Vec<String>], key: &[&str]) -> &'a [String] {
    rows.iter()
        .find(|r| r.iter().zip(key).all(|(a, b)| a == b))
        .unwrap_or_else(|| panic!("no row starting {key:?}"))
}

#[test]
fn show_in_csv_json_and_xlsx() {
    let (header, rows) = csv_of(&["show", "unit-costs-open@3.0.0", "--format", "csv"]);
    assert_eq!(
        header[..9],
        [
            "id",
            "age_band",
            "region",
            "label",
            "value",
            "low",
            "high",
            "unit",
            "price_year"
        ]
    );
    let court = row(&rows, &["care-proceedings-court"]);
    assert_eq!(court[4], "4180.00");
    assert_eq!(court[8], "2017");
    assert_eq!(court[9], "courts");
    assert_eq!(court[11], "primary");
    let v = json(&["show", "unit-costs-open@3.0.0", "--format", "json"]);
    let r = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "care-proceedings-court")
        .unwrap();
    assert_eq!(r["value"], "4180.00");
    assert_eq!(rows.len(), v["rows"].as_array().unwrap().len());
    // A deflator series: its years.
    let (header, rows) = csv_of(&["show", "gdp-deflator@1.0.0", "--format", "csv"]);
    assert_eq!(header, ["year", "index", "source"]);
    assert_eq!(row(&rows, &["2000"])[1], "54.3697");
    // The same table as a one-sheet workbook, written with -o.
    let path = scratch("show.xlsx", "");
    let out = socval()
        .args([
            "show",
            "unit-costs-open@3.0.0",
            "--format",
            "xlsx",
            "-o",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty());
    let bytes = std::fs::read(&path).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["rows"]);
    let sheet = wb.worksheet_range("rows").unwrap();
    assert_eq!(sheet.get_value((0, 0)), Some(&Data::String("id".into())));
    let r = (1..sheet.height() as u32)
        .find(|r| sheet.get_value((*r, 0)) == Some(&Data::String("care-proceedings-court".into())))
        .unwrap();
    assert_eq!(sheet.get_value((r, 4)), Some(&Data::Float(4180.0)));
}

#[test]
fn tables_and_templates_in_csv_and_json() {
    let (header, rows) = csv_of(&["tables", "--format", "csv"]);
    assert_eq!(
        header,
        [
            "id",
            "version",
            "kind",
            "rows",
            "embedded",
            "sha256",
            "title",
            "changelog"
        ]
    );
    let deflator = row(&rows, &["gdp-deflator", "1.0.0"]);
    assert_eq!(deflator[2], "deflator");
    assert_eq!(deflator[3], "25");
    assert_eq!(deflator[4], "true");
    let list = json(&["tables", "--format", "json"]);
    let j = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "gdp-deflator" && t["version"] == "1.0.0")
        .unwrap();
    assert_eq!(deflator[5], j["sha256"].as_str().unwrap());
    assert_eq!(rows.len(), list.as_array().unwrap().len());

    let (header, rows) = csv_of(&["templates", "--format", "csv"]);
    assert_eq!(header, ["id", "file", "name"]);
    assert_eq!(
        row(&rows, &["step-together"]),
        [
            "step-together",
            "scenarios/step-together.toml",
            "Step Together (Venus Charity, Sefton), 2017-2022"
        ]
    );
    let t = json(&["templates", "--format", "json"]);
    assert!(
        t.as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == "securing-change" && t["file"] == "scenarios/securing-change.toml")
    );
}

#[test]
fn diff_and_compare_in_csv_and_json() {
    let diff = [
        "diff",
        "@step-together",
        "--from",
        "unit-costs-open@1.0.0",
        "--to",
        "unit-costs-open@3.0.0",
        "--format",
    ];
    let (header, rows) = csv_of(&[&diff[..], &["csv"]].concat());
    assert_eq!(
        header,
        [
            "part",
            "name",
            "label",
            "measure",
            "a",
            "b",
            "change",
            "exact_change",
            "moved"
        ]
    );
    assert_eq!(
        row(&rows, &["total", "fiscal_savings"]),
        [
            "total",
            "fiscal_savings",
            "Fiscal savings",
            "money",
            "174951.60",
            "249576.73",
            "74625.13",
            "74625.13",
            "false"
        ]
    );
    let v = json(&[&diff[..], &["json"]].concat());
    let f = v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "fiscal_savings")
        .unwrap();
    assert_eq!(
        (f["a"].as_str(), f["b"].as_str()),
        (Some("174951.60"), Some("249576.73"))
    );
    let items = v["items"].as_array().unwrap().len();
    assert_eq!(rows.iter().filter(|r| r[0] == "item").count(), items);

    let (_, rows) = csv_of(&["compare", "@step-together", "@securing-change", "--format", "csv"]);
    let sv = row(&rows, &["total", "social_value"]);
    assert_eq!(sv[4..7], ["86956.89", "43785.03", "-43171.86"]);
    let c = json(&["compare", "@step-together", "@securing-change", "--format", "json"]);
    assert_eq!(c["totals"][0]["change"], "-43171.86");
}

#[test]
fn uncertainty_in_csv_is_the_json_analysis_row_by_row() {
    let args = [
        "uncertainty",
        "@step-together",
        "--draws",
        "300",
        "--seed",
        "5",
        "--format",
    ];
    let (header, rows) = csv_of(&[&args[..], &["csv"]].concat());
    assert_eq!(
        header,
        ["section", "figure", "target", "label", "statistic", "value", "text"]
    );
    let a = json(&[&args[..], &["json"]].concat());
    // The linked proceedings count's range.
    for (stat, want) in [("low", "1.25"), ("central", "5"), ("high", "8")] {
        let r = rows
            .iter()
            .find(|x| x[0] == "assumption" && x[2] == "avoided.proceedings-*.count" && x[4] == stat)
            .unwrap();
        assert_eq!(r[5], want, "{stat}");
    }
    // The Monte Carlo run and its median, as the JSON has them.
    assert_eq!(row(&rows, &["monte_carlo", "", "", "", "seed"])[5], "5");
    assert_eq!(row(&rows, &["monte_carlo", "", "", "", "draws"])[5], "300");
    let spread = &a["monte_carlo"]["spreads"][0];
    assert_eq!(spread["name"], "social_value");
    let median = spread["percentiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "0.5")
        .unwrap();
    assert_eq!(
        row(&rows, &["monte_carlo", "social_value", "", "", "p50"])[5],
        median[1].as_str().unwrap()
    );
    // The tornado's largest fiscal bar.
    let bar = &a["tornado"][1]["bars"][0];
    assert_eq!(bar["target"], "avoided.proceedings-*.count");
    let swing = rows
        .iter()
        .find(|r| {
            r[0] == "tornado" && r[1] == "fiscal_savings" && r[2] == "avoided.proceedings-*.count" && r[4] == "swing"
        })
        .unwrap();
    assert_eq!(swing[5], bar["swing"].as_str().unwrap());
    // Step Together has no programme cost: no break-even value, and the core's words say why.
    let why = row(&rows, &["break_even", "", "", "", "programme_cost"]);
    assert_eq!(why[6], a["break_even"]["text"].as_str().unwrap());
    assert!(a["break_even"]["values"].as_array().unwrap().is_empty());
    assert!(!rows.iter().any(|r| r[0] == "break_even" && r[4] == "value"));
    // A scenario with a cost: one break-even row a value, with the core's statement.
    let args = ["uncertainty", "basic.toml", "--draws", "50", "--format"];
    let (_, rows) = csv_of(&[&args[..], &["csv"]].concat());
    let a = json(&[&args[..], &["json"]].concat());
    assert_eq!(row(&rows, &["break_even", "", "", "", "programme_cost"])[5], "120000");
    let values = a["break_even"]["values"].as_array().unwrap();
    let csv_values: Vec<_> = rows
        .iter()
        .filter(|r| r[0] == "break_even" && r[4] == "value")
        .collect();
    assert_eq!(csv_values.len(), values.len());
    assert!(!values.is_empty());
    for (r, v) in csv_values.iter().zip(values) {
        assert_eq!(
            (r[2].as_str(), r[6].as_str()),
            (v["target"].as_str().unwrap(), v["text"].as_str().unwrap())
        );
        if v["kind"]["kind"] == "at" {
            assert_eq!(r[5], v["kind"]["value"].as_str().unwrap());
        } else {
            assert_eq!(r[5], "");
        }
    }
}

#[test]
fn validate_gives_a_machine_verdict() {
    let out = socval()
        .args(["validate", "basic.toml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["file"], "basic.toml");
    assert_eq!(v["lines"], 9);
    assert_eq!(v["ranges"], 0);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 1);

    let bad = scratch(
        "verdict-bad.toml",
        &sub(&fixture_text("basic.toml"), "price_year = ", "prices_year = "),
    );
    let out = socval()
        .args(["validate", bad.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a bad scenario still exits 1");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["error"]["place"]["file"], bad.to_str().unwrap());
    assert!(v["error"]["kind"].is_string());
    assert!(v["message"].as_str().unwrap().starts_with("error: "));
    // The message is on standard error too.
    assert!(String::from_utf8_lossy(&out.stderr).contains(bad.to_str().unwrap()));

    // A bad range: the error's place names the range.
    let ranged = scratch(
        "verdict-range.toml",
        &format!(
            "{}\n[[ranges]]\ntarget = \"costs.1.amount\"\nlow = \"10\"\nhigh = \"5\"\n",
            fixture_text("basic.toml")
        ),
    );
    let out = socval()
        .args(["validate", ranged.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"]["place"]["field"], "low");
}

#[test]
fn output_goes_to_a_file_and_nowhere_on_failure() {
    let want = ok(&["evaluate", "basic.toml", "--format", "json"]);
    let path = scratch("out.json", "old");
    let p = path.to_str().unwrap();
    let out = socval()
        .args(["evaluate", "basic.toml", "--format", "json", "-o", p])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want, "replaced by the output");
    // `--output -` is standard output.
    assert_eq!(
        ok(&["evaluate", "basic.toml", "--format", "json", "--output", "-"]),
        want
    );
    // A failing command writes nothing there.
    let missing = scratch("never-written.json", "");
    std::fs::remove_file(&missing).unwrap();
    let err = fails(&["evaluate", "no-such.toml", "-o", missing.to_str().unwrap()]);
    names(&err, &["no-such.toml"]);
    assert!(!missing.exists());
    // A workbook goes to a file with -o even where standard output is not redirected.
    let xlsx = scratch("out.xlsx", "");
    ok(&[
        "evaluate",
        "@step-together",
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    // init takes -o as its file (and refuses to overwrite it).
    let init = scratch("init-o.toml", "");
    std::fs::remove_file(&init).unwrap();
    ok(&["init", "--template", "step-together", "-o", init.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&init).unwrap().contains("name = "));
    fails(&["init", "--template", "step-together", "-o", init.to_str().unwrap()]);
}

#[test]
fn a_bare_pipe_reads_standard_input() {
    let text = fixture_text("basic.toml");
    let piped = socval()
        .args(["evaluate", "--format", "json"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert!(piped.status.success(), "{}", String::from_utf8_lossy(&piped.stderr));
    let piped: Value = serde_json::from_slice(&piped.stdout).unwrap();
    let named = json(&["evaluate", "basic.toml", "--format", "json"]);
    assert_eq!(piped["display"], named["display"]);
    assert_eq!(piped["display"]["programme_cost"], "120000");
    let out = socval().arg("validate").write_stdin(text).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "<stdin>: valid (9 lines of working, 0 ranges)\n"
    );
}

#[test]
fn a_file_in_another_encoding_is_refused_with_how_to_convert_it() {
    // Latin-1 / Windows-1252: `é` as the one byte 0xE9, on line 2.
    let mut latin = b"# scenario\n# caf\xe9\n".to_vec();
    latin.extend_from_slice(fixture_text("basic.toml").as_bytes());
    let path = scratch("latin1.toml", "");
    std::fs::write(&path, &latin).unwrap();
    let p = path.to_str().unwrap();
    let err = fails(&["evaluate", p]);
    names(
        &err,
        &[
            p,
            "line 2, byte 16",
            "Windows-1252",
            "“é”",
            &format!("iconv -f WINDOWS-1252 -t UTF-8 {p} > "),
        ],
    );
    // The same bytes as a table of one's own.
    let err = fails(&["--tables", p, "tables"]);
    names(&err, &[p, "Windows-1252", "iconv"]);
    // UTF-16 with its byte-order mark, as Windows editors save "Unicode".
    let mut utf16 = vec![0xFF, 0xFE];
    for u in fixture_text("basic.toml").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let path = scratch("utf16.toml", "");
    std::fs::write(&path, &utf16).unwrap();
    let p = path.to_str().unwrap();
    let err = fails(&["validate", p]);
    names(
        &err,
        &[
            p,
            "line 1, byte 0",
            "UTF-16",
            "byte-order mark FF FE",
            "iconv -f UTF-16 -t UTF-8",
        ],
    );
    // Nothing is converted silently: once converted, the file reads.
    let converted = scratch(
        "utf16-converted.toml",
        &String::from_utf16(
            &utf16[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
    );
    ok(&["validate", converted.to_str().unwrap()]);
}

/// A records export in Latin-1 or UTF-16 is refused by the core's reader at its line and column,
/// with the encoding it looks like and how to convert it.
#[test]
fn a_records_export_in_another_encoding_says_how_to_convert_it() {
    let latin = b"family_id,members,region,confidence,lonely,proceedings\nF01,m\xe8re:25-49,london,yes,,0\n";
    let path = scratch("latin1-records.csv", "");
    std::fs::write(&path, latin).unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "--tables",
        "licensed-wellbeing.toml",
        "evaluate",
        "records.toml",
        "--records",
    ];
    let err = fails(&[&args[..], &[p]].concat());
    names(
        &err,
        &[
            p,
            "line 2",
            "members",
            "Latin-1 or Windows-1252",
            &format!("iconv -f WINDOWS-1252 -t UTF-8 {p}"),
        ],
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in fixture_text("families.csv").encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let path = scratch("utf16-records.csv", "");
    std::fs::write(&path, &utf16).unwrap();
    let p = path.to_str().unwrap();
    let err = fails(&[&args[..], &[p]].concat());
    names(&err, &[p, "line 1", "UTF-16", &format!("iconv -f UTF-16 -t UTF-8 {p}")]);
}

#[test]
fn man_dir_writes_a_page_per_command_with_its_options() {
    let dir = std::env::temp_dir().join(format!("socval-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = socval().args(["man", "--dir", dir.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let commands = [
        "evaluate",
        "validate",
        "tables",
        "show",
        "diff",
        "compare",
        "schema",
        "uncertainty",
        "claim",
        "report",
        "templates",
        "init",
        "records-template",
        "completions",
        "man",
    ];
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    let mut want: Vec<String> = commands.iter().map(|c| format!("socval-{c}.1")).collect();
    want.push("socval.1".into());
    want.sort();
    assert_eq!(pages, want, "one page a command, and no page for `help`");
    // The top page names each command's page, and each page lists its options and examples.
    let top = std::fs::read_to_string(dir.join("socval.1")).unwrap();
    assert!(top.contains("socval\\-evaluate(1)"), "the top page points to the pages");
    let evaluate = std::fs::read_to_string(dir.join("socval-evaluate.1")).unwrap();
    assert!(evaluate.contains(".TH socval-evaluate"), "{}", &evaluate[..200]);
    names(&evaluate, &["\\-\\-records", "\\-\\-format", "\\-\\-bom", "Examples:"]);
    let uncertainty = std::fs::read_to_string(dir.join("socval-uncertainty.1")).unwrap();
    names(&uncertainty, &["\\-\\-draws", "\\-\\-seed"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_has_examples_and_init_completes_template_names() {
    for command in ["evaluate", "uncertainty", "diff", "validate", "man"] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains("Examples:\n  socval "), "{command}: {help}");
    }
    let bash = ok(&["completions", "bash"]);
    assert!(
        bash.contains("securing-change step-together"),
        "init --template completes the names"
    );
    // An unknown name is refused, naming the shipped ones.
    let out = socval().args(["init", "--template", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    names(
        &String::from_utf8_lossy(&out.stderr),
        &["step-together", "securing-change"],
    );
}
