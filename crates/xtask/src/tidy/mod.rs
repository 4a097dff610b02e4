//! The repository's rules, checked as ordinary tests (`cargo test -p xtask`; `cargo xtask test`
//! runs them with the workspace's native tests), in the manner of rust-analyzer's `tidy.rs`:
//!
//! - every Rust source file of the workspace's crates and of `web/` is named in ARCHITECTURE.md
//!   (by its path, or by a folder the map describes as a whole);
//! - no face (the CLI, the JS API, the xlsx crate, the page) rounds or sums a figure: no
//!   `round_dp`, `round()`, `checked_add` or sum of `Decimal`s outside the core;
//! - no file passes 700 lines, and a function over 120 lines has a `// Long: <reason>` comment
//!   above it;
//! - no import cycle between the files of the core or of the page (`use crate::…`, `super::…` and
//!   `crate::…` paths, the root's and `mod.rs` files' re-exports followed to where a name lives);
//! - the code map's table of the core lists its files in layers (a file takes names only from
//!   files above it);
//! - each public name of the core at one path (no `pub use` re-exports a name a crate user can
//!   already reach in a public module).
//!
//! Where today's code still breaks a rule, the lists below say so, each entry with the size it
//! has now: a ratchet. An entry may only shrink; a test fails when a listed file grows, and when
//! an entry is no longer needed (remove it then).
//!
//! The scanning is textual (comments and strings blanked, `#[cfg(test)]` modules left out of the
//! import graph), which is enough for this code base's formatting (`cargo fmt`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::tools::root;

mod scan;

use scan::{absolute, blank, cycles, expand_use, functions, import_graph, without_test_modules};

/// Longest a Rust source file may be.
const MAX_FILE_LINES: usize = 700;
/// Longest a function may be without a `// Long: <reason>` comment above it.
const MAX_FN_LINES: usize = 120;

/// Files over `MAX_FILE_LINES` today, with their length now (they may only shrink).
const LONG_FILES: &[(&str, usize)] = &[];

/// Functions over `MAX_FN_LINES` today without a reason written above them: (file, function,
/// its length now). Empty since issue 23: a new entry is a step back (split the function, or write
/// why above it).
const LONG_FUNCTIONS: &[(&str, &str, usize)] = &[];

/// Places a face rounds or sums today: (file, the pattern, how many times).
const FACE_ARITHMETIC: &[(&str, &str, usize)] = &[];

/// Places a face rounds a number that is not a figure, for good: (file, pattern, count, why).
const NOT_A_FIGURE: &[(&str, &str, usize, &str)] = &[
    (
        "web/src/view.rs",
        "round_dp",
        1,
        "a bar's length in whole pixels, drawn from the figures' ratio",
    ),
    (
        "crates/socval-cli/src/input.rs",
        "checked_add",
        1,
        "a byte offset in a spooled pipe (`checked_add_signed` on a u64 position), not money",
    ),
    (
        "crates/socval-wasm/src/arena.rs",
        "checked_add",
        2,
        "addresses in the allocator's region (a block's end), not money",
    ),
];

/// Import edges that close a cycle today: each goes up the layers the code map describes (from a
/// lower file to one that should build on it). Without them the graph must have no cycle; each
/// must still exist (remove it when it goes).
const CYCLE_EDGES: &[(&str, &str)] = &[];

/// The folders whose files are faces (they present figures the core computed).
const FACES: &[&str] = &[
    "crates/socval-cli/src",
    "crates/socval-wasm/src",
    "crates/socval-xlsx/src",
    "web/src",
    "web/analysis/src",
    "web/workbook/src",
];

/// The crates checked for import cycles: (source folder, root file).
const CYCLE_CHECKED: &[(&str, &str)] = &[("crates/socval/src", "lib.rs"), ("web/src", "main.rs")];

/// Every Rust source file of the workspace's crates and of `web/`, relative to the root, with
/// `/` separators, sorted.
fn rust_files() -> Vec<String> {
    let root = root();
    let mut out = Vec::new();
    let mut dirs = vec![root.join("crates"), root.join("web")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "target" | "node_modules" | "proxies" | "scenarios" | "fixtures"
                ) && !name.starts_with('.')
                {
                    dirs.push(path);
                }
            } else if name.ends_with(".rs") {
                out.push(relative(&root, &path));
            }
        }
    }
    out.sort();
    out
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

/// True when a `// Long: <reason>` comment stands in the block of comments and attributes right
/// above line `line` (1-based) of `src`.
fn has_long_reason(src: &str, line: usize) -> bool {
    let lines: Vec<&str> = src.lines().take(line - 1).collect();
    lines
        .into_iter()
        .rev()
        .map(str::trim)
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l.starts_with("// Long:"))
}

/// The paths ARCHITECTURE.md names: files (`….rs`) and folders (`…/`), each as a full path from the
/// root. A path in backticks counts in full, and also relative to the folder the section's
/// heading names (the last backticked folder of the nearest heading above it) or to a folder that
/// folder is in.
fn mapped_paths() -> BTreeSet<String> {
    let map = read("ARCHITECTURE.md");
    let mut out = BTreeSet::new();
    let mut folder = String::new();
    for line in map.lines() {
        let spans: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        if line.starts_with('#') {
            folder = spans
                .iter()
                .rev()
                .find(|s| s.ends_with('/'))
                .map_or(String::new(), |s| s.to_string());
            continue;
        }
        for span in spans {
            for word in span.split([' ', ',', '(', ')']) {
                if word.ends_with(".rs") || word.ends_with('/') {
                    out.insert(word.to_string());
                    // Relative to the section's folder, or to a folder it is in (so that
                    // `engine/mod.rs` may be written under `crates/socval/src/engine/`).
                    let mut base = folder.as_str();
                    while !base.is_empty() {
                        out.insert(format!("{base}{word}"));
                        base = base[..base.len() - 1].rfind('/').map_or("", |i| &base[..=i]);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_source_file_is_in_the_map() {
    let mapped = mapped_paths();
    let missing: Vec<String> = rust_files()
        .into_iter()
        .filter(|f| {
            !mapped.contains(f)
                && !mapped
                    .iter()
                    .any(|m| m.ends_with('/') && m.len() > 1 && f.starts_with(m.as_str()))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name these files (name each in its folder's section, in \
         backticks, or name the folder as a whole where one sentence describes them all):\n  {}",
        missing.join("\n  ")
    );
}

/// How many times a face's (blanked, test modules left out) text rounds or sums, by pattern.
fn face_arithmetic(code: &str) -> BTreeMap<&'static str, usize> {
    let mut found = BTreeMap::new();
    for (pattern, label) in [
        ("round_dp", "round_dp"),
        (".round()", ".round()"),
        ("checked_add", "checked_add"),
        ("checked_sum", "checked_add"),
    ] {
        let n = code.matches(pattern).count();
        if n > 0 {
            *found.entry(label).or_insert(0) += n;
        }
    }
    let sums = code
        .lines()
        .filter(|l| l.contains("Decimal") && (l.contains(".sum()") || l.contains(".sum::<")))
        .count();
    if sums > 0 {
        found.insert("sum of Decimals", sums);
    }
    found
}

#[test]
fn faces_do_not_round_or_sum_figures() {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in rust_files() {
        if !FACES.iter().any(|f| file.starts_with(&format!("{f}/"))) {
            continue;
        }
        let code = without_test_modules(&blank(&read(&file)));
        for (pattern, n) in face_arithmetic(&code) {
            let allowed = FACE_ARITHMETIC
                .iter()
                .find(|(f, p, _)| *f == file && *p == pattern)
                .map(|e| e.2)
                .or_else(|| {
                    NOT_A_FIGURE
                        .iter()
                        .find(|(f, p, _, _)| *f == file && *p == pattern)
                        .map(|e| e.2)
                });
            seen.insert((file.clone(), pattern));
            match allowed {
                Some(a) if n <= a => {
                    if n < a {
                        problems.push(format!("{file}: {pattern} {n} times, listed as {a}: lower the list"));
                    }
                }
                _ => problems.push(format!(
                    "{file}: {pattern} {n} times: a face presents the core's rounded figures \
                     (socval's money module), it does not round or add them itself"
                )),
            }
        }
    }
    for (f, p, _) in FACE_ARITHMETIC {
        if !seen.contains(&(f.to_string(), *p)) {
            problems.push(format!("{f}: no {p} any more: remove it from FACE_ARITHMETIC"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn files_and_functions_are_short() {
    let mut problems = Vec::new();
    let mut long_files = BTreeSet::new();
    let mut long_fns = BTreeSet::new();
    for file in rust_files() {
        let src = read(&file);
        let lines = src.lines().count();
        if lines > MAX_FILE_LINES {
            long_files.insert(file.clone());
            match LONG_FILES.iter().find(|(f, _)| *f == file) {
                Some((_, n)) if lines <= *n => {}
                Some((_, n)) => problems.push(format!(
                    "{file}: {lines} lines, over {MAX_FILE_LINES} and longer than its {n} in LONG_FILES: split it"
                )),
                None => problems.push(format!("{file}: {lines} lines, over {MAX_FILE_LINES}: split it")),
            }
        }
        for f in functions(&blank(&src)) {
            if f.len <= MAX_FN_LINES || has_long_reason(&src, f.line) {
                continue;
            }
            long_fns.insert((file.clone(), f.name.clone()));
            match LONG_FUNCTIONS.iter().find(|(p, n, _)| *p == file && *n == f.name) {
                Some((_, _, n)) if f.len <= *n => {}
                _ => problems.push(format!(
                    "{file}:{}: fn {} is {} lines, over {MAX_FN_LINES}: split it, or write why above it \
                     (`// Long: <reason>`)",
                    f.line, f.name, f.len
                )),
            }
        }
    }
    for (f, _) in LONG_FILES {
        if !long_files.contains(*f) {
            problems.push(format!(
                "{f} is no longer over {MAX_FILE_LINES} lines: remove it from LONG_FILES"
            ));
        }
    }
    for (f, n, _) in LONG_FUNCTIONS {
        if !long_fns.contains(&(f.to_string(), n.to_string())) {
            problems.push(format!(
                "{f}: fn {n} is short now (or gone): remove it from LONG_FUNCTIONS"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_import_cycles() {
    let mut problems = Vec::new();
    for (src, root_file) in CYCLE_CHECKED {
        let mut graph = import_graph(src, root_file);
        for (from, to) in CYCLE_EDGES {
            let Some(rel_from) = from.strip_prefix(&format!("{src}/")) else {
                continue;
            };
            let rel_to = to.strip_prefix(&format!("{src}/")).unwrap_or(to);
            let removed = graph.get_mut(rel_from).is_some_and(|e| e.remove(rel_to));
            if !removed {
                problems.push(format!("{from} no longer takes from {to}: remove it from CYCLE_EDGES"));
            }
        }
        for cycle in cycles(&graph) {
            let edges: Vec<String> = cycle
                .iter()
                .flat_map(|v| {
                    graph[v]
                        .iter()
                        .filter(|w| cycle.contains(w))
                        .map(move |w| format!("{v} -> {w}"))
                })
                .collect();
            problems.push(format!(
                "an import cycle in {src} between {}:\n    {}",
                cycle.join(", "),
                edges.join("\n    ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The core's files in the order the code map's table of `crates/socval/src/` lists them: its
/// layers, bottom first.
fn core_layers() -> Vec<String> {
    let mut out = Vec::new();
    let mut in_table = false;
    for line in read("ARCHITECTURE.md").lines() {
        if line.starts_with('#') {
            in_table = line.contains("`crates/socval/src/`");
        } else if in_table && let Some(row) = line.strip_prefix("| `") {
            out.extend(row.split('`').next().map(str::to_string));
        }
    }
    out
}

/// The code map's table of the core is its layers: a file takes names only from files above it
/// in the table (or from folders the table leaves to their own sections, as `tables/`).
#[test]
fn the_core_map_lists_its_layers_in_order() {
    let layers = core_layers();
    assert!(
        layers.len() > 10,
        "ARCHITECTURE.md's table of crates/socval/src/ not found"
    );
    let graph = import_graph("crates/socval/src", "lib.rs");
    let mut problems = Vec::new();
    for (i, from) in layers.iter().enumerate() {
        for to in graph.get(from).into_iter().flatten() {
            if layers.iter().position(|l| l == to).is_some_and(|j| j > i) {
                problems.push(format!(
                    "crates/socval/src/{from} takes names from {to}, which ARCHITECTURE.md's table lists \
                     below it: move the row (or the code) so that each file is above the files using it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The core's file for a module path (`None` when it has none).
fn core_module_file(module: &[String]) -> Option<String> {
    let src = "crates/socval/src";
    if module.is_empty() {
        return Some(format!("{src}/lib.rs"));
    }
    let path = module.join("/");
    [format!("{src}/{path}.rs"), format!("{src}/{path}/mod.rs")]
        .into_iter()
        .find(|f| root().join(f).is_file())
}

/// The `pub use` items (not `pub(crate)`) of a blanked text, their braces expanded, each as its
/// segments as written.
fn public_reexports(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("pub use ") {
        let line_start = code[..i].rfind('\n').map_or(0, |n| n + 1);
        if !code[line_start..i].trim().is_empty() {
            continue;
        }
        let Some(end) = code[i..].find(';') else { continue };
        for path in expand_use(&code[i + 8..i + end]) {
            out.push(path.split("::").map(str::to_string).collect());
        }
    }
    out
}

/// Each public name of the core has one path. The modules a crate user reaches are the root and
/// each `pub mod` of a module they reach; a `pub use` in one of them may re-export only a name
/// whose own module a user cannot reach (a `pub(crate)` or private module), else the name would
/// stand at two paths (as `socval::records::Records` and `socval::records::Records` did).
#[test]
fn each_public_name_has_one_path() {
    let mut reachable: Vec<Vec<String>> = vec![Vec::new()];
    let mut problems = Vec::new();
    let mut i = 0;
    while i < reachable.len() {
        let module = reachable[i].clone();
        i += 1;
        let Some(file) = core_module_file(&module) else {
            continue;
        };
        let code = without_test_modules(&blank(&read(&file)));
        for line in code.lines() {
            if let Some(name) = line.trim().strip_prefix("pub mod ") {
                let name = name.trim_end_matches([';', ' ', '{']);
                reachable.push(module.iter().cloned().chain([name.to_string()]).collect());
            }
        }
    }
    for module in &reachable {
        let Some(file) = core_module_file(module) else { continue };
        let code = without_test_modules(&blank(&read(&file)));
        for path in public_reexports(&code) {
            let abs = match absolute(&path, module) {
                Some(abs) => abs,
                None => {
                    // Relative to the module, when it names a module of the crate (else it is
                    // another crate's, as `rust_decimal::Decimal`).
                    let first: Vec<String> = module.iter().chain(&path[..1]).cloned().collect();
                    if core_module_file(&first).is_none() {
                        continue;
                    }
                    module.iter().chain(&path).cloned().collect()
                }
            };
            // A module re-exported whole (`pub use format::*`) stands for its names: they are
            // reachable twice if the module itself is.
            let (name, owner) = if core_module_file(&abs).is_some() {
                (abs.last().expect("a path has a name"), &abs[..])
            } else {
                abs.split_last().expect("a path has a name")
            };
            if reachable.contains(&owner.to_vec()) {
                let here = std::iter::once("socval")
                    .chain(module.iter().map(String::as_str))
                    .collect::<Vec<_>>();
                let there = std::iter::once("socval")
                    .chain(owner.iter().map(String::as_str))
                    .collect::<Vec<_>>();
                problems.push(format!(
                    "{file}: `{name}` is re-exported at {} but a user already reaches it at {}: keep one path",
                    here.join("::"),
                    there.join("::")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_sees_what_it_should() {
    let src = "fn a() {\n    let s = \"{\"; // }\n    let c = '{';\n    let r = r#\"}\"#;\n}\nfn b<'x>(x: &'x str) -> &'x str { x }\n";
    let f = functions(&blank(src));
    assert_eq!(
        f.iter().map(|f| (f.name.as_str(), f.line, f.len)).collect::<Vec<_>>(),
        [("a", 1, 5), ("b", 6, 1)]
    );
    assert_eq!(
        expand_use("crate::a::{b,c::{d,e},self}"),
        ["crate::a::b", "crate::a::c::d", "crate::a::c::e", "crate::a"]
    );
    assert_eq!(expand_use("a::{Measure, b as c, d}"), ["a::Measure", "a::b", "a::d"]);
    let module = vec!["engine".to_string(), "value".to_string()];
    assert_eq!(
        absolute(&["super".into(), "Setup".into()], &module),
        Some(vec!["engine".to_string(), "Setup".to_string()])
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
        .iter()
        .map(|(a, b)| (a.to_string(), BTreeSet::from([b.to_string()])))
        .collect();
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
    let code = without_test_modules(&blank("fn x() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"));
    assert!(!code.contains("super"));
    assert_eq!(
        face_arithmetic("let t: Decimal = xs.iter().sum();\nx.round_dp(2)").len(),
        2
    );
}
