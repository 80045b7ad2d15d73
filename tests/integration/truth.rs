//! Truth tests: hand-written values a correct extractor must produce, in
//! `truth/<path under samples>.json` (one object per case, written from the
//! document, not from the tool's output). Every field listed is compared;
//! `expected_flags` is the set of warning- and error-level flag codes. All
//! differences are gathered and reported together, with an agreement figure
//! per file.

use std::path::{Path, PathBuf};

use lexsarah::ingest::{self, ReadOptions};
use lexsarah::pipeline;
use serde_json::Value;

fn truth_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            truth_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// Compare one case: (fields compared, differences).
fn compare(want: &Value, got: &Value) -> (usize, Vec<String>) {
    let mut n = 0;
    let mut diffs = Vec::new();
    let Some(obj) = want.as_object() else {
        return (0, vec!["truth case is not an object".into()]);
    };
    for (k, w) in obj {
        if k == "expected_flags" {
            let mut codes: Vec<String> = got["flags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|f| f["severity"] != "info")
                .filter_map(|f| f["code"].as_str().map(str::to_string))
                .collect();
            codes.sort();
            codes.dedup();
            let mut want_codes: Vec<String> = w
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect();
            want_codes.sort();
            n += 1;
            if codes != want_codes {
                diffs.push(format!("flags: expected {want_codes:?}, got {codes:?}"));
            }
            continue;
        }
        match (w, &got[k]) {
            (Value::Object(wo), g) => {
                for (sub, wv) in wo {
                    n += 1;
                    if &g[sub] != wv {
                        diffs.push(format!("{k}.{sub}: expected {wv}, got {}", g[sub]));
                    }
                }
            }
            (w, g) => {
                n += 1;
                if w != g {
                    diffs.push(format!("{k}: expected {w}, got {g}"));
                }
            }
        }
    }
    (n, diffs)
}

#[test]
fn extraction_matches_hand_written_truth() {
    let mut files = Vec::new();
    truth_files(Path::new("truth"), &mut files);
    assert!(!files.is_empty(), "no truth files");
    let opts = ReadOptions::for_tests();
    let mut failures = Vec::new();
    for tf in &files {
        let rel = tf
            .strip_prefix("truth")
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".json")
            .to_string();
        let sample = Path::new("samples").join(&rel);
        let want: Value = serde_json::from_str(&std::fs::read_to_string(tf).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", tf.display()));
        let entries = ingest::discover(std::slice::from_ref(&sample));
        let Some(entry) = entries.first() else {
            failures.push(format!("{rel}: sample {} not found", sample.display()));
            continue;
        };
        let outcome = pipeline::process_one(entry, &opts);
        let got: Vec<Value> = outcome
            .records
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect();
        let want = want.as_array().cloned().unwrap_or_default();
        let (mut total, mut agree) = (0, 0);
        let mut diffs = Vec::new();
        if want.len() != got.len() {
            diffs.push(format!("expected {} cases, got {}", want.len(), got.len()));
        }
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            let (n, d) = compare(w, g);
            total += n;
            agree += n - d.len();
            diffs.extend(d.into_iter().map(|d| format!("case {}: {d}", i + 1)));
        }
        println!("{rel}: {agree}/{total} fields agree");
        if !diffs.is_empty() {
            failures.push(format!(
                "{rel} ({agree}/{total} agree):\n  {}",
                diffs.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} files differ from truth/:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
