//! Golden tests: run the pipeline over every file under `samples/` (sorted)
//! and compare with `expected/<path under samples>.json`, one pretty-printed
//! JSON per sample: its files.csv row and its case records. All differences
//! are gathered and reported together.
//!
//! `LEXSARAH_BLESS=1` rewrites the expected files (review the diff by hand:
//! a changed expected file is a claim that the new output is right);
//! `LEXSARAH_GOLDEN=substring` runs only the samples whose path contains it.

use std::path::{Path, PathBuf};

use lexsarah::ingest::{self, ReadOptions};
use lexsarah::pipeline;

fn expected_path(rel: &str) -> PathBuf {
    Path::new("expected").join(format!("{rel}.json"))
}

/// The first lines where two texts differ, for the failure report.
fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (
            w.get(i).copied().unwrap_or("<none>"),
            g.get(i).copied().unwrap_or("<none>"),
        );
        if a != b {
            out.push_str(&format!(
                "    line {}:\n      expected: {a}\n      got:      {b}\n",
                i + 1
            ));
            shown += 1;
            if shown == 8 {
                out.push_str("    …\n");
                break;
            }
        }
    }
    out
}

#[test]
fn samples_match_expected() {
    let bless = std::env::var_os("LEXSARAH_BLESS").is_some();
    let filter = std::env::var("LEXSARAH_GOLDEN").unwrap_or_default();
    let entries = ingest::discover(&[PathBuf::from("samples")]);
    let opts = ReadOptions::for_tests();
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in entries.iter().filter(|e| e.rel.contains(&filter)) {
        if matches!(entry.kind, ingest::EntryKind::Skipped(_)) {
            continue;
        }
        let outcome = pipeline::process_one(entry, &opts);
        let got = serde_json::to_string_pretty(&serde_json::json!({
            "file": outcome.row,
            "cases": outcome.records,
        }))
        .expect("records serialize")
            + "\n";
        let path = expected_path(&entry.rel);
        checked += 1;
        if bless {
            std::fs::create_dir_all(path.parent().expect("expected/ has a parent")).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{}:\n{}", entry.rel, diff(&want, &got))),
            Err(e) => failures.push(format!(
                "{}: no expected file {} ({e})",
                entry.rel,
                path.display()
            )),
        }
    }
    assert!(checked > 0, "no samples found under samples/");
    assert!(
        failures.is_empty(),
        "{} of {checked} samples differ from expected/ (LEXSARAH_BLESS=1 rewrites):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
