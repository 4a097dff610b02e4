//! Issue 13, the CLI in a pipeline, end to end as a user runs it: `--input-format`, `--strict`,
//! exit codes in `--help`, `init`, `records-template`, completions and the manual page.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../socval/tests/fixtures")
}

fn socval() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_socval"));
    c.current_dir(fixtures());
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A scratch folder of this test process.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socval-pipeline-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn input_format_overrides_name_and_content() {
    let toml = std::fs::read_to_string(fixtures().join("basic.toml")).unwrap();
    // A TOML scenario in a file named .json is read as TOML when told so.
    let path = scratch().join("really-toml.json");
    std::fs::write(&path, &toml).unwrap();
    let p = path.to_str().unwrap();
    let out = socval().args(["evaluate", p, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "read as JSON by its name, it is refused");
    let v: Value = serde_json::from_str(&stdout(socval().args([
        "evaluate",
        p,
        "--input-format",
        "toml",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["scenario"], "Basic fixture");
    // And standard input read as JSON when told so: TOML there is a JSON syntax error.
    let err = socval()
        .args(["validate", "-", "--input-format", "json"])
        .write_stdin(toml)
        .assert()
        .failure()
        .code(1);
    let msg = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(msg.contains("<stdin>"), "{msg}");
    // An unknown input format is a bad argument.
    socval()
        .args(["validate", "basic.toml", "--input-format", "yaml"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn strict_fails_on_warnings_and_only_then() {
    // A scenario saved under method 1 is told which changes moved its figures: a warning.
    let old = std::fs::read_to_string(fixtures().join("basic.toml"))
        .unwrap()
        .replacen("method = 2\n", "", 1);
    for cmd in [
        vec!["validate", "-"],
        vec!["evaluate", "-", "--format", "csv"],
        vec!["uncertainty", "-", "--draws", "10"],
        vec!["report", "-", "--no-uncertainty"],
    ] {
        // Without --strict: success, the warning on standard error.
        let out = socval().args(&cmd).write_stdin(old.clone()).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("warning: <stdin>"),
            "{cmd:?}"
        );
        // With it: exit code 5, nothing on standard output, the warnings and the reason on stderr.
        let out = socval()
            .args(&cmd)
            .arg("--strict")
            .write_stdin(old.clone())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{cmd:?}");
        assert!(out.stdout.is_empty(), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("warning: <stdin>: ") && err.contains("--strict"), "{err}");
    }
    // A scenario without warnings passes under --strict.
    socval()
        .args(["--strict", "validate", "@securing-change"])
        .assert()
        .success();
}

#[test]
fn help_lists_the_exit_codes() {
    let help = stdout(socval().arg("--help"));
    for line in [
        "Exit codes:",
        "0  success",
        "1  bad input",
        "2  bad arguments",
        "3  standard output",
        "4  standard error",
        "5  --strict",
    ] {
        assert!(help.contains(line), "{line:?} not in --help");
    }
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md")).unwrap();
    assert!(readme.contains("5 `--strict`"), "the README lists exit code 5");
}

#[test]
fn init_writes_a_template_and_never_overwrites() {
    let text = stdout(socval().args(["init", "--template", "step-together"]));
    assert!(text.contains("name = "), "{text}");
    // The starter scenario values to the shipped template's figures.
    let v: Value = serde_json::from_str(&stdout(
        socval()
            .args(["evaluate", "-", "--format", "json"])
            .write_stdin(text.clone()),
    ))
    .unwrap();
    assert_eq!(v["display"]["fiscal_savings"], "249576.73");
    assert_eq!(v["display"]["social_value"], "86956.89");
    // To a path; a second time the file exists and is left alone.
    let path = scratch().join("my-scenario.toml");
    let _ = std::fs::remove_file(&path);
    let p = path.to_str().unwrap();
    socval()
        .args(["init", "--template", "step-together", p])
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    std::fs::write(&path, "mine").unwrap();
    let out = socval()
        .args(["init", "--template", "securing-change", p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    // An unknown template names the shipped ones.
    let out = socval().args(["init", "--template", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("step-together") && err.contains("securing-change"),
        "{err}"
    );
}

#[test]
fn records_template_is_read_back_by_evaluate() {
    let csv = stdout(socval().args(["records-template", "basic.toml"]));
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("family_id,members,region,"), "{header}");
    assert_eq!(lines.count(), 1, "one example row");
    let path = scratch().join("records.csv");
    std::fs::write(&path, &csv).unwrap();
    let v: Value = serde_json::from_str(&stdout(socval().args([
        "evaluate",
        "basic.toml",
        "--records",
        path.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v["families"], 1);
    assert_eq!(v["from_records"], true);
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    let bash = stdout(socval().args(["completions", "bash"]));
    for word in ["records-template", "--input-format", "--strict", "uncertainty"] {
        assert!(bash.contains(word), "{word} not in the bash completions");
    }
    let zsh = stdout(socval().args(["completions", "zsh"]));
    assert!(zsh.contains("#compdef socval"));
    let man = stdout(socval().arg("man"));
    assert!(
        man.starts_with(".ie") || man.contains(".TH socval"),
        "{}",
        &man[..80.min(man.len())]
    );
    assert!(
        man.contains("records\\-template") && man.contains("Exit codes"),
        "the man page lists commands and exit codes"
    );
}

/// CSV for a spreadsheet: an optional BOM, money to the penny, rates to 6 places, and the
/// scenario's name and hash and each line's table hash, so that runs of two scenarios stack.
#[test]
fn csv_has_bom_bounded_precision_and_stacking_columns() {
    let plain = stdout(socval().args(["evaluate", "@step-together", "--format", "csv"]));
    assert!(!plain.starts_with('\u{feff}'));
    let bom = stdout(socval().args(["evaluate", "@step-together", "--format", "csv", "--bom"]));
    assert_eq!(bom.strip_prefix('\u{feff}'), Some(plain.as_str()));
    // --bom with another format is a bad argument.
    socval()
        .args(["evaluate", "@step-together", "--format", "json", "--bom"])
        .assert()
        .failure()
        .code(2);

    let json: Value = serde_json::from_str(&stdout(socval().args([
        "evaluate",
        "@step-together",
        "--format",
        "json",
    ])))
    .unwrap();
    let tables = stdout(socval().args(["tables", "--format", "json"]));
    let tables: Value = serde_json::from_str(&tables).unwrap();
    let hash_of = |reference: &str| {
        tables
            .as_array()
            .unwrap()
            .iter()
            .find(|t| format!("{}@{}", t["id"].as_str().unwrap(), t["version"].as_str().unwrap()) == reference)
            .map(|t| t["sha256"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut stacked = plain.clone();
    let other = stdout(socval().args(["evaluate", "@securing-change", "--format", "csv"]));
    stacked.push_str(other.split_once('\n').unwrap().1);
    let mut r = csv::Reader::from_reader(stacked.as_bytes());
    let h = r.headers().unwrap().clone();
    let col = |name: &str| {
        h.iter()
            .position(|x| x == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let names: std::collections::BTreeSet<&str> = rows.iter().map(|x| &x[col("scenario")]).collect();
    assert_eq!(names.len(), 2, "two scenarios stacked: {names:?}");
    let hashes: std::collections::BTreeSet<&str> = rows.iter().map(|x| &x[col("scenario_sha256")]).collect();
    assert_eq!(hashes.len(), 2);
    assert!(hashes.iter().all(|x| x.len() == 64));
    let n = json["lines"].as_array().unwrap().len();
    let mut fiscal_pennies = rust_decimal::Decimal::ZERO;
    for (row, line) in rows.iter().take(n).zip(json["lines"].as_array().unwrap()) {
        assert_eq!(&row[col("scenario")], json["scenario"].as_str().unwrap());
        // Each line's table hash is the hash `socval tables` lists for it.
        if let Some(t) = line["table"].as_str() {
            assert_eq!(row[col("table_sha256")], hash_of(t));
        }
        for money in ["unit_value", "gross", "undiscounted", "amount", "rounded"] {
            let places = row[col(money)].split_once('.').map_or(0, |(_, d)| d.len());
            assert!(places <= 2, "{money} = {} has {places} places", &row[col(money)]);
        }
        for factor in ["rebase", "quantity", "deadweight", "persistence", "discount_factor"] {
            let places = row[col(factor)].split_once('.').map_or(0, |(_, d)| d.len());
            assert!(places <= 6, "{factor} = {} has {places} places", &row[col(factor)]);
        }
        if line["section"] == "fiscal-savings" {
            fiscal_pennies += row[col("rounded")].parse::<rust_decimal::Decimal>().unwrap();
        }
    }
    // The rounded column still adds up to the headline figure.
    assert_eq!(fiscal_pennies.to_string(), "249576.73");
}

/// `--column` and `--delimiter` without a records file to read are refused (they would be
/// ignored without a word); with `records-template` they shape the template.
#[test]
fn records_options_need_records() {
    for args in [
        vec!["evaluate", "@step-together", "--column", "Case ref=family_id"],
        vec!["validate", "@step-together", "--delimiter", ";"],
        vec![
            "compare",
            "@step-together",
            "@securing-change",
            "--column",
            "a=family_id",
        ],
    ] {
        let out = socval().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("give --records FILE"),
            "{args:?}"
        );
    }
    let out = socval()
        .args([
            "records-template",
            "@step-together",
            "--delimiter",
            ";",
            "--column",
            "Case ref=family_id",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Case ref;members;region;"));
}

/// `records-template` follows the scenario's `[records]` delimiter and mapping, and its output
/// is accepted by its own scenario.
#[test]
fn records_template_is_read_by_its_own_scenario() {
    let dir = std::env::temp_dir().join(format!("socval-rt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("export.toml");
    let text = std::fs::read_to_string(fixtures().join("records.toml")).unwrap()
        + "\n[records]\ndelimiter = \";\"\ncolumns = { \"Case ref\" = \"family_id\", \"Confident?\" = \"confidence\" }\n";
    std::fs::write(&scenario, text).unwrap();
    let template = stdout(socval().args([
        "--tables",
        "licensed-wellbeing.toml",
        "records-template",
        scenario.to_str().unwrap(),
    ]));
    assert!(
        template.starts_with("Case ref;members;region;Confident?;"),
        "{template}"
    );
    let records = dir.join("records.csv");
    std::fs::write(&records, &template).unwrap();
    socval()
        .args([
            "--tables",
            "licensed-wellbeing.toml",
            "--strict",
            "evaluate",
            scenario.to_str().unwrap(),
            "--records",
            records.to_str().unwrap(),
        ])
        .assert()
        .code(5); // the template's one family against the scenario's 5: a warning, and only that
    let out = socval()
        .args([
            "--tables",
            "licensed-wellbeing.toml",
            "evaluate",
            scenario.to_str().unwrap(),
            "--records",
            records.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["warnings"],
        serde_json::json!(["families taken from the records: 1 (the scenario says 5)"])
    );
    assert_ne!(v["display"]["social_value"], "0.00");
}

/// Nothing written is never success: `--help` into a full device and `evaluate` with standard
/// output closed exit 3.
#[test]
#[cfg(target_os = "linux")]
fn output_that_cannot_be_written_fails() {
    let bin = env!("CARGO_BIN_EXE_socval");
    for script in [
        format!("{bin} --help > /dev/full"),
        format!("{bin} evaluate @step-together > /dev/full"),
        format!("{bin} evaluate @step-together >&-"),
        format!("{bin} --version >&-"),
    ] {
        let out = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(3),
            "{script}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("error: writing the output"),
            "{script}"
        );
    }
    // Redirected to /dev/null, or read in part by `head`, is success.
    for script in [
        format!("{bin} evaluate @step-together > /dev/null"),
        format!("{bin} --help | head -1 > /dev/null"),
    ] {
        let out = std::process::Command::new("sh").args(["-c", &script]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{script}");
    }
}

/// Records from a pipe (`<(zcat f.gz)`) are streamed like a file (no "Illegal seek"), duplicate
/// ids found by reading back what passed; a named pipe without a writer is said to be waiting.
#[test]
#[cfg(target_os = "linux")]
fn records_from_a_pipe_are_streamed() {
    let bin = env!("CARGO_BIN_EXE_socval");
    let f = fixtures();
    let f = f.to_str().unwrap();
    let run = |script: String| {
        std::process::Command::new("bash")
            .args(["-c", &script])
            .current_dir(fixtures())
            .output()
            .unwrap()
    };
    let file = run(format!(
        "{bin} --tables licensed-wellbeing.toml evaluate records.toml --records families.csv --format json"
    ));
    let piped = run(format!(
        "{bin} --tables licensed-wellbeing.toml evaluate records.toml --records <(cat {f}/families.csv) --format json"
    ));
    assert!(piped.status.success(), "{}", String::from_utf8_lossy(&piped.stderr));
    assert_eq!(piped.stdout, file.stdout);
    // A repeated id (F04's row holds F01 again, on line 5), found by reading back the pipe.
    let dup = run(format!(
        "{bin} --tables licensed-wellbeing.toml evaluate records.toml --records <(sed 's/^F04,/F01,/' {f}/families.csv)"
    ));
    assert_eq!(dup.status.code(), Some(1));
    let err = String::from_utf8_lossy(&dup.stderr);
    assert!(
        err.contains("line 5") && err.contains("\"F01\" is used by an earlier row"),
        "{err}"
    );
    // A named pipe whose writer starts late: the wait is said, then the records are read.
    let fifo = std::env::temp_dir().join(format!("socval-fifo-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let fifo = fifo.to_str().unwrap();
    let late = run(format!(
        "(sleep 1; cat {f}/families.csv > {fifo}) & {bin} --tables licensed-wellbeing.toml evaluate records.toml --records {fifo} --format json; wait"
    ));
    let _ = std::fs::remove_file(fifo);
    assert!(late.status.success(), "{}", String::from_utf8_lossy(&late.stderr));
    assert!(String::from_utf8_lossy(&late.stderr).contains("waiting for a writer on the named pipe"));
    assert_eq!(late.stdout, file.stdout);
}

/// Standard input is read once: two inputs given as `-` are refused, saying so.
#[test]
fn standard_input_is_not_read_twice() {
    for args in [vec!["compare", "-", "-"], vec!["evaluate", "-", "--records", "-"]] {
        let out = socval().args(&args).write_stdin("name = \"x\"\n").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("standard input can be read only once"));
    }
}

/// A JSON scenario with a byte-order mark is read as TOML with one is; a TOML nesting limit names
/// its line.
#[test]
fn a_json_bom_is_accepted_and_nesting_limits_name_the_line() {
    let text = stdout(socval().args(["validate", "@step-together"]));
    assert!(text.contains("valid"));
    let json = socval::template("step-together").unwrap().scenario().unwrap().to_json();
    let with_bom = format!("\u{feff}{json}");
    let out = socval()
        .args(["validate", "-", "--input-format", "json"])
        .write_stdin(with_bom)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let deep = format!("name = \"x\"\nfamilies = 1\n{}b = 1\n", "a.".repeat(300));
    let out = socval().args(["validate", "-"]).write_stdin(deep).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3") && err.contains("nested too deeply"), "{err}");
}
