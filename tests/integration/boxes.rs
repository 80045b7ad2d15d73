//! Checkboxes read from scanned page images, end to end with real OCR:
//! the 000 and 001 scans are rasterized and recognized afresh (no cache),
//! and every case must come out with the areas and SoL/LSS its text-layer
//! twin has: `areas == ["Jobbtorg"]`, `sol_lss == "SoL"`, no area falsely
//! ticked. Needs tesseract (with `swe`) and pdftoppm; without them the test
//! says loudly that it was not run, and fails under
//! `LEXSARAH_REQUIRE_TOOLS=1` (as `.ci/run` sets), see `tools.rs`.

use std::process::Command;

use serde_json::Value;

const SCANS: &[(&str, usize)] = &[
    ("amn-2019-0289-mailutskick.scan.pdf", 1),
    ("amn-2019-0712-0710-ofredande-scannat-dokument.scan.pdf", 2),
];

#[test]
fn ticked_boxes_are_read_from_scanned_pages() {
    if !crate::tools::ocr_or_not_run("boxes::ticked_boxes_are_read_from_scanned_pages") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("mkdir");
    for (name, _) in SCANS {
        let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/pdf")
            .join(name);
        std::fs::copy(from, inputs.join(name)).expect("copy: no shipped cache next to the copy");
    }
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .args(["extract", "--quiet", "-o"])
        .arg(&out)
        .arg(&inputs)
        .status()
        .expect("runs");
    let files = std::fs::read_to_string(out.join("files.csv")).expect("files.csv");
    assert!(status.success(), "{files}");
    assert!(files.contains("0 from cache"), "OCR ran afresh: {files}");
    let cases: Vec<Value> = std::fs::read_to_string(out.join("cases.jsonl"))
        .expect("cases.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    for (name, n) in SCANS {
        let mine: Vec<&Value> = cases
            .iter()
            .filter(|c| c.to_string().contains(name))
            .collect();
        assert_eq!(mine.len(), *n, "{name}: cases");
        for c in mine {
            assert_eq!(c["areas"], serde_json::json!(["Jobbtorg"]), "{name}: {c}");
            assert_eq!(c["sol_lss"], "SoL", "{name}: {c}");
        }
    }
}
