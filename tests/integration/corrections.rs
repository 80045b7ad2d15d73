//! Corrections that stick (`--corrections FILE`): applied to every output
//! with the flags recomputed, not applied when the file has changed, and a
//! clear error for an unknown case or field.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SAMPLE: &str = "samples/text/amn-2019-0289-mailutskick.txt";

fn extract(input: &Path, out: &Path, corrections: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lexsarah"));
    cmd.arg("extract")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("--quiet");
    if let Some(c) = corrections {
        cmd.arg("--corrections").arg(c);
    }
    cmd.output().unwrap()
}

fn cases(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("cases.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A folder with the sample, its first extraction, and its case's id and
/// sha256.
fn setup(dir: &Path) -> (PathBuf, String, String) {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(SAMPLE, input.join("rapport.txt")).unwrap();
    let o = extract(&input, &dir.join("first"), None);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let c = &cases(&dir.join("first"))[0];
    (
        input,
        c["id"].as_str().unwrap().to_string(),
        c["source"]["sha256"].as_str().unwrap().to_string(),
    )
}

fn codes(c: &Value) -> Vec<String> {
    c["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// The sample's decision is dated 2011 (a slip for 2019): corrected, the
/// value is the new one in cases.jsonl and cases.csv, its provenance names
/// the note, its confidence is 1, and the chronology flag it caused is gone.
#[test]
fn a_correction_is_applied_and_the_flags_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let (input, id, sha) = setup(dir.path());
    let before = &cases(&dir.path().join("first"))[0];
    assert_eq!(before["decided"], "2011-07-28");
    assert!(codes(before).contains(&"chronology".to_string()));
    let file = dir.path().join("rättelser.csv");
    std::fs::write(
        &file,
        format!(
            "case_id,sha256,field,value,note\n{id},{sha},decided,2019-07-28,\"beslutet, kontrollerat av arkivet 2026-12-02\"\n{id},{sha},sol_lss,SoL,enligt akten\n"
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = extract(&input, &out, Some(&file));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        text(&o.stderr).contains("corrections: 2 applied"),
        "{}",
        text(&o.stderr)
    );
    let c = &cases(&out)[0];
    assert_eq!(c["decided"], "2019-07-28");
    assert_eq!(c["sol_lss"], "SoL");
    let ev = &c["provenance"]["decided"];
    assert!(
        ev["corrected"]
            .as_str()
            .unwrap()
            .contains("kontrollerat av arkivet"),
        "{ev}"
    );
    assert_eq!(c["confidence"]["decided"], 1.0);
    assert!(
        !codes(c).contains(&"chronology".to_string()),
        "{:?}",
        codes(c)
    );
    let csv = std::fs::read_to_string(out.join("cases.csv")).unwrap();
    assert!(
        csv.contains("2019-07-28") && !csv.contains("2011-07-28"),
        "{csv}"
    );
    let review = std::fs::read_to_string(out.join("review.csv")).unwrap();
    assert!(!review.lines().any(|l| l.contains(",decided,")), "{review}");
}

/// The file changed after the correction was made (its sha256 differs):
/// the correction is not applied and the run says so, on stderr and in the
/// file's row of files.csv.
#[test]
fn a_correction_for_a_changed_file_is_reported_and_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (input, id, sha) = setup(dir.path());
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        format!("case_id,sha256,field,value,note\n{id},{sha},decided,2019-07-28,kontroll\n"),
    )
    .unwrap();
    let mut body = std::fs::read(input.join("rapport.txt")).unwrap();
    body.extend_from_slice(b"\nTillagt efter kontrollen.\n");
    std::fs::write(input.join("rapport.txt"), body).unwrap();
    let out = dir.path().join("out");
    let o = extract(&input, &out, Some(&file));
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains("c.csv:2") && err.contains("has changed"),
        "{err}"
    );
    assert_eq!(cases(&out)[0]["decided"], "2011-07-28");
    let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
    assert!(
        files.contains("not applied: the file has changed"),
        "{files}"
    );
}

/// A case id no input of the run gives: the outputs are written, the
/// correction is named on stderr, and the run exits 2.
#[test]
fn a_correction_for_an_unknown_case_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _, sha) = setup(dir.path());
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        format!("case_id,sha256,field,value,note\nannan.txt#3,{sha},decided,2019-07-28,x\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = extract(&input, &out, Some(&file));
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    let err = text(&o.stderr);
    assert!(
        err.contains("c.csv:2") && err.contains("no case 'annan.txt#3'"),
        "{err}"
    );
    assert_eq!(cases(&out).len(), 1);
}

/// An unknown field, or a value of the wrong form, stops the run before any
/// work: exit 2, the file and line named, nothing written.
#[test]
fn a_correction_of_an_unknown_field_or_a_bad_value_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let (input, id, sha) = setup(dir.path());
    for (row, why) in [
        (
            format!("{id},{sha},beslutsdatum,2019-07-28,x"),
            "unknown field 'beslutsdatum'",
        ),
        (
            format!("{id},{sha},decided,28 juli 2019,x"),
            "not an ISO date",
        ),
    ] {
        let file = dir.path().join("c.csv");
        std::fs::write(&file, format!("case_id,sha256,field,value,note\n{row}\n")).unwrap();
        let out = dir.path().join("out-bad");
        let o = extract(&input, &out, Some(&file));
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        let err = text(&o.stderr);
        assert!(err.contains("c.csv:2") && err.contains(why), "{err}");
        assert!(!out.join("cases.jsonl").exists());
    }
}
