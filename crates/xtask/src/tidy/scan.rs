//! Reading Rust source as text for the tidy tests: comments and strings blanked, functions and
//! their lengths, `use` paths, a crate's import graph between files and its cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;

use super::{read, relative};
use crate::tools::root;

/// The text with every comment, string and character literal blanked (newlines kept), so that
/// braces, keywords and paths can be found by looking.
pub fn blank(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank_to = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
            blank_to(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let (mut depth, mut j) = (0, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank_to(&mut out, i, j);
            i = j;
        } else if (rest.starts_with(b"r#") || rest.starts_with(b"r\"") || rest.starts_with(b"br"))
            && (i == 0 || !ident(b[i - 1]))
            && raw_string_len(rest).is_some()
        {
            let len = raw_string_len(rest).unwrap_or(1);
            blank_to(&mut out, i, i + len);
            i += len;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank_to(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{..}'), else a lifetime.
            let len = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let ch = std::str::from_utf8(&rest[1..rest.len().min(6)])
                    .ok()
                    .or_else(|| std::str::from_utf8(&rest[1..rest.len().min(5)]).ok())
                    .and_then(|s| s.chars().next());
                ch.and_then(|c| (rest.get(1 + c.len_utf8()) == Some(&b'\'')).then_some(2 + c.len_utf8()))
            };
            if let Some(len) = len {
                blank_to(&mut out, i, i + len);
                i += len;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The length of a raw string literal at the start of `s` (`r"…"`, `r#"…"#`, `br"…"`).
pub fn raw_string_len(s: &[u8]) -> Option<usize> {
    let start = if s.starts_with(b"br") { 2 } else { 1 };
    let hashes = s[start..].iter().take_while(|&&c| c == b'#').count();
    if s.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let body = start + hashes + 1;
    let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
    (body..s.len())
        .find(|&j| s[j..].starts_with(&close))
        .map(|j| j + close.len())
}

/// The text without its `#[cfg(test)]` modules (blanked text in, blanked text out).
pub fn without_test_modules(blanked: &str) -> String {
    let mut out = blanked.to_string();
    let mut from = 0;
    while let Some(p) = out[from..].find("#[cfg(test)]") {
        let at = from + p;
        let after = out[at + 12..].trim_start();
        if after.starts_with("mod ")
            && let Some(open) = out[at..].find('{')
        {
            let (mut depth, mut end) = (0i32, out.len());
            for (k, c) in out[at + open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = at + open + k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let blanked: String = out[at..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            out.replace_range(at..end, &blanked);
            from = end;
        } else {
            from = at + 12;
        }
    }
    out
}

/// A function found in a file: its name, first line (1-based) and length in lines.
pub struct Function {
    pub name: String,
    pub line: usize,
    pub len: usize,
}

/// The functions (with a body) of a blanked text.
pub fn functions(blanked: &str) -> Vec<Function> {
    let lines: Vec<&str> = blanked.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(fn_at) = words.iter().position(|w| *w == "fn") else {
            continue;
        };
        let qualifiers = [
            "pub",
            "pub(crate)",
            "pub(super)",
            "const",
            "async",
            "unsafe",
            "extern",
            "default",
        ];
        // `pub(in some::path)` is one qualifier written as two words.
        let before = words[..fn_at].join(" ");
        let before = match before.find("pub(in ") {
            Some(k) => match before[k..].find(')') {
                Some(e) => format!("{}pub(crate){}", &before[..k], &before[k + e + 1..]),
                None => before,
            },
            None => before,
        };
        if !before.split_whitespace().all(|w| qualifiers.contains(&w)) {
            continue;
        }
        let Some(name) = words.get(fn_at + 1) else { continue };
        let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let (mut depth, mut started) = (0i32, false);
        let mut end = None;
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            for c in l.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => depth -= 1,
                    ';' if !started && depth == 0 => break 'scan,
                    _ => {}
                }
                if started && depth == 0 {
                    end = Some(j);
                    break 'scan;
                }
            }
        }
        if let Some(end) = end {
            out.push(Function {
                name,
                line: i + 1,
                len: end - i + 1,
            });
        }
    }
    out
}

/// The module path of a file under a crate's source folder (`engine/value.rs` → `engine::value`).
pub fn module_of(rel: &str, root_file: &str) -> Vec<String> {
    let trimmed = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts
        .last()
        .is_some_and(|l| l == "mod" || (parts.len() == 1 && format!("{l}.rs") == root_file))
    {
        parts.pop();
    }
    parts
}

/// The import graph of a crate's files: for each file (relative to `src`), the files it takes
/// names from through `crate::`, `super::` and `self::` paths (its `#[cfg(test)]` modules left out).
pub fn import_graph(src: &str, root_file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = root().join(src);
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p: PathBuf = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(relative(&dir, &p));
            }
        }
    }
    let by_module: BTreeMap<Vec<String>, String> = files.iter().map(|f| (module_of(f, root_file), f.clone())).collect();
    let code: BTreeMap<String, String> = files
        .iter()
        .map(|f| (f.clone(), without_test_modules(&blank(&read(&format!("{src}/{f}"))))))
        .collect();
    // Each module's re-exports: name → the absolute path it stands for.
    let mut reexports: BTreeMap<(Vec<String>, String), Vec<String>> = BTreeMap::new();
    for f in &files {
        let module = module_of(f, root_file);
        for path in use_paths(&code[f], &module, true) {
            if let Some(name) = path.last() {
                let mut abs = path.clone();
                if abs.first().is_some_and(|s| s != "crate") {
                    // A path relative to the module (`pub use value::Thing` in a mod.rs).
                    abs = module.iter().cloned().chain(abs).collect();
                } else {
                    abs.remove(0);
                }
                reexports.insert((module.clone(), name.clone()), abs);
            }
        }
    }
    let resolve = |path: &[String]| -> Option<String> {
        let mut path = path.to_vec();
        for _ in 0..8 {
            let (k, file) = (0..=path.len())
                .rev()
                .find_map(|k| by_module.get(&path[..k]).map(|f| (k, f.clone())))?;
            let next = path
                .get(k)
                .and_then(|name| reexports.get(&(path[..k].to_vec(), name.clone())));
            match next {
                Some(target) if *target != path[..=k] => {
                    path = target.iter().cloned().chain(path[k + 1..].iter().cloned()).collect();
                }
                _ => return Some(file),
            }
        }
        None
    };
    let mut graph = BTreeMap::new();
    for f in &files {
        let module = module_of(f, root_file);
        let mut edges = BTreeSet::new();
        for path in use_paths(&code[f], &module, false) {
            if let Some(target) = resolve(&path)
                && target != *f
                && target != root_file
            {
                edges.insert(target);
            }
        }
        graph.insert(f.clone(), edges);
    }
    graph
}

/// The absolute module paths (without `crate`) a file's code names through `crate::`, `super::`
/// and `self::`; with `reexports_only`, only the paths of its `pub use` / `pub(crate) use` items
/// (relative ones too, as written, `crate` first when absolute).
pub fn use_paths(code: &str, module: &[String], reexports_only: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `use` items, their braces expanded.
    let mut rest = code;
    while let Some(p) = rest.find("use ") {
        let before = &rest[..p];
        let start_ok = before.chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let prefix = before[line_start..].trim();
        let is_pub = prefix.starts_with("pub");
        let Some(end) = rest[p..].find(';') else { break };
        let item = &rest[p + 4..p + end];
        rest = &rest[p + end..];
        if !start_ok || !(prefix.is_empty() || prefix.starts_with("pub")) {
            continue;
        }
        if reexports_only && !is_pub {
            continue;
        }
        for path in expand_use(item) {
            let segments: Vec<String> = path.split("::").map(str::to_string).collect();
            if reexports_only {
                out.push(segments);
            } else if let Some(abs) = absolute(&segments, module) {
                out.push(abs);
            }
        }
    }
    if reexports_only {
        return out;
    }
    // Paths written in place (`crate::levels::level(…)`, `super::Thing`).
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(p) = code[from..].find(start) {
            let at = from + p;
            from = at + start.len();
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<String> = path.trim_end_matches(':').split("::").map(str::to_string).collect();
            if let Some(abs) = absolute(&segments, module) {
                out.push(abs);
            }
        }
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (an `as` rename dropped; `self` in a
/// group is the group's path).
pub fn expand_use(item: &str) -> Vec<String> {
    let item = without_renames(item);
    let item = item.as_str();
    let Some(open) = item.find('{') else {
        return vec![item.trim_end_matches("::*").to_string()];
    };
    let head = item[..open].trim_end_matches("::");
    let inner = &item[open + 1..item.rfind('}').unwrap_or(item.len())];
    let mut parts = Vec::new();
    let (mut depth, mut last) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[last..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand_use)
        .map(|p| {
            if p == "self" {
                head.to_string()
            } else {
                format!("{head}::{p}")
            }
        })
        .collect()
}

/// A `use` item without its renames (`a::{b as c, d}` → `a::{b, d}`), white space dropped.
fn without_renames(item: &str) -> String {
    let mut out = String::new();
    let mut words = item.split_whitespace().peekable();
    while let Some(w) = words.next() {
        if w == "as" {
            // The new name, and whatever punctuation follows it in the same word.
            if let Some(next) = words.next() {
                out.extend(next.chars().skip_while(|c| c.is_alphanumeric() || *c == '_'));
            }
        } else {
            out.push_str(w);
        }
    }
    out
}

/// A path's absolute module path (without `crate`), when it starts with `crate`, `super` or
/// `self`.
pub fn absolute(segments: &[String], module: &[String]) -> Option<Vec<String>> {
    match segments.first().map(String::as_str) {
        Some("crate") => Some(segments[1..].to_vec()),
        Some("self") => Some(module.iter().chain(&segments[1..]).cloned().collect()),
        Some("super") => {
            let ups = segments.iter().take_while(|s| *s == "super").count();
            let base = module.len().checked_sub(ups)?;
            Some(module[..base].iter().chain(&segments[ups..]).cloned().collect())
        }
        _ => None,
    }
}

/// The cycles of a graph: its strongly connected components of more than one file.
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Kosaraju: finishing order on the graph, then components on the reversed graph.
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for start in graph.keys() {
        if seen.contains(start) {
            continue;
        }
        let mut stack = vec![(start.clone(), false)];
        while let Some((v, done)) = stack.pop() {
            if done {
                order.push(v);
                continue;
            }
            if !seen.insert(v.clone()) {
                continue;
            }
            stack.push((v.clone(), true));
            for w in graph.get(&v).into_iter().flatten() {
                if !seen.contains(w) {
                    stack.push((w.clone(), false));
                }
            }
        }
    }
    let mut reversed: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (v, ws) in graph {
        for w in ws {
            reversed.entry(w).or_default().push(v);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.iter().rev() {
        if assigned.contains(v) {
            continue;
        }
        let mut component = Vec::new();
        let mut stack = vec![v];
        assigned.insert(v.clone());
        while let Some(x) = stack.pop() {
            component.push(x.clone());
            for w in reversed.get(x).into_iter().flatten() {
                if assigned.insert((*w).clone()) {
                    stack.push(w);
                }
            }
        }
        if component.len() > 1 {
            component.sort();
            out.push(component);
        }
    }
    out
}
