//! The library's modules import each other in one direction only: no
//! circles (issue 12). Read from the sources: every `crate::module` path in
//! a module's files is an edge from that module to the one named; test code
//! (a `#[cfg(test)] mod tests` block at a file's end, `tests.rs` and
//! `*_tests.rs` files) may use the stages after it as fixtures and is left
//! out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

/// Top-level module → the modules its library code imports, with a file
/// that does, for the message.
fn edges(src: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let path_re = Regex::new(r"crate::([a-z_][a-z0-9_]*)").unwrap();
    let group_re = Regex::new(r"crate::\{([^}]*)\}").unwrap();
    let first_re = Regex::new(r"(?:^|[,{\s])([a-z_][a-z0-9_]*)").unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy();
        if !name.ends_with(".rs") || name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "main" || top == "lib" || top == "bin" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let library = without_test_modules(&text);
        let library = library.as_str();
        let mut named: Vec<String> = path_re
            .captures_iter(library)
            .map(|c| c[1].to_string())
            .collect();
        for g in group_re.captures_iter(library) {
            for part in g[1].split(',') {
                if let Some(c) = first_re.captures(part) {
                    named.push(c[1].to_string());
                }
            }
        }
        let to = out.entry(top.clone()).or_default();
        for m in named {
            if m != top && m != "self" {
                to.entry(m).or_insert_with(|| rel.display().to_string());
            }
        }
    }
    out
}

/// `text` without its inline test modules: a `#[cfg(test)]` line before
/// `mod NAME {` (or `pub(crate) mod`) up to the `}` that closes it, the
/// first line after it that is `}` alone (rustfmt indents everything
/// inside a top-level module).
fn without_test_modules(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let opens_test_module = line.trim() == "#[cfg(test)]"
            && lines.peek().is_some_and(|next| {
                let n = next.trim_start_matches("pub(crate) ");
                n.starts_with("mod ") && n.trim_end().ends_with('{')
            });
        if opens_test_module {
            for inner in lines.by_ref() {
                if inner == "}" {
                    break;
                }
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A circle through `from`, if there is one: the modules in order.
fn circle(g: &BTreeMap<String, BTreeMap<String, String>>, from: &str) -> Option<Vec<String>> {
    // Depth-first search for a path from `from` back to itself.
    let mut stack: Vec<(String, Vec<String>)> = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in g.get(&node).into_iter().flat_map(|m| m.keys()) {
            if next == from {
                let mut p = path.clone();
                p.push(next.clone());
                return Some(p);
            }
            if seen.insert(next.clone()) {
                let mut p = path.clone();
                p.push(next.clone());
                stack.push((next.clone(), p));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_another_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = edges(&src);
    // The reader sees the stages (a check that it reads anything at all).
    for (from, to) in [
        ("pipeline", "extract"),
        ("extract", "vocab"),
        ("cli", "pipeline"),
    ] {
        assert!(
            g.get(from).is_some_and(|m| m.contains_key(to)),
            "expected an import {from} -> {to}; the source reader is broken"
        );
    }
    let mut circles = Vec::new();
    for m in g.keys() {
        if let Some(c) = circle(&g, m) {
            let shown: Vec<String> = c
                .windows(2)
                .map(|w| format!("{} -> {} ({})", w[0], w[1], g[&w[0]][&w[1]]))
                .collect();
            circles.push(shown.join(", "));
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn test_modules_are_left_out_and_the_code_after_them_kept() {
    let text = "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n    fn f() {\n    }\n}\nuse crate::c;\n";
    assert_eq!(without_test_modules(text), "use crate::a;\nuse crate::c;\n");
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeMap<String, String>>, a: &str, b: &str| {
        g.entry(a.into())
            .or_default()
            .insert(b.into(), "f.rs".into());
    };
    edge(&mut g, "a", "b");
    edge(&mut g, "b", "c");
    assert_eq!(circle(&g, "a"), None);
    edge(&mut g, "c", "a");
    assert_eq!(circle(&g, "a").unwrap(), ["a", "b", "c", "a"]);
}
