//! PDFs against the text dumps they were made from: every contract field
//! of every case is compared (source excepted) and the agreement printed per
//! file. Text-layer PDFs must agree on every field; scans on at least 90 %
//! (the hard 150 dpi scan, 004, at least 85 %: its honest figure is printed).
//! Runs on the shipped OCR cache, so tesseract is not needed here.

use lexsarah::ingest::{self, ReadOptions};
use lexsarah::pipeline;
use serde_json::Value;

const FIELDS: &[&str] = &[
    "sections",
    "diarienummer",
    "diarienummer_variants",
    "board",
    "unit",
    "reporter",
    "investigator",
    "decision_maker",
    "areas",
    "area_other",
    "observed",
    "reported",
    "received",
    "investigation_started",
    "decided",
    "ivo_notified",
    "sol_lss",
    "classification",
    "reported_to_ivo",
];

const DOCS: &[(&str, f64)] = &[
    ("amn-2019-0289-mailutskick", 0.90),
    ("amn-2019-0712-0710-ofredande-scannat-dokument", 0.90),
    ("asn-2021-0026-tjansteskrivelse-forlorade-handlingar", 0.90),
    ("skarholmen-2019-286-ivo-anmalan-telefonserver", 0.85),
];

fn records(path: &str) -> Vec<Value> {
    let entries = ingest::discover(&[path.into()]);
    let entry = entries.first().unwrap_or_else(|| panic!("{path} missing"));
    let o = pipeline::process_one(entry, &ReadOptions::default());
    o.records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

/// Flattened contract fields of one record, plus its flag codes.
fn flat(r: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for f in FIELDS {
        match &r[*f] {
            Value::Object(o) => out.extend(o.iter().map(|(k, v)| (format!("{f}.{k}"), v.clone()))),
            v => out.push((f.to_string(), v.clone())),
        }
    }
    let mut codes: Vec<&str> = r["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    codes.sort();
    codes.dedup();
    out.push(("flags".into(), serde_json::json!(codes)));
    out
}

fn agreement(text: &[Value], pdf: &[Value]) -> (usize, usize, Vec<String>) {
    let (mut total, mut agree, mut diffs) = (0, 0, Vec::new());
    for (i, t) in text.iter().enumerate() {
        let p = pdf.get(i).map(flat).unwrap_or_default();
        for (k, v) in flat(t) {
            total += 1;
            match p.iter().find(|(pk, _)| *pk == k) {
                Some((_, pv)) if *pv == v => agree += 1,
                Some((_, pv)) => diffs.push(format!("case {}: {k}: {v} → {pv}", i + 1)),
                None => diffs.push(format!("case {}: {k}: {v} → (no case)", i + 1)),
            }
        }
    }
    (agree, total, diffs)
}

/// Compare each document's PDF of `kind` with its text dump; minimum share
/// of agreeing fields from `min`.
fn check(kind: &str, min: impl Fn(f64) -> f64) {
    let mut failures = Vec::new();
    for (base, scan_min) in DOCS {
        let text = records(&format!("samples/text/{base}.txt"));
        let pdf = records(&format!("samples/pdf/{base}.{kind}.pdf"));
        let (agree, total, diffs) = agreement(&text, &pdf);
        let share = agree as f64 / total as f64;
        println!(
            "{base}.{kind}.pdf: {agree}/{total} contract fields agree ({:.1} %)",
            share * 100.0
        );
        for d in &diffs {
            println!("    {d}");
        }
        let min = min(*scan_min);
        if pdf.len() != text.len() || share < min {
            failures.push(format!(
                "{base}.{kind}.pdf: {agree}/{total} below {:.0} %",
                min * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn text_layer_pdfs_equal_their_text_dumps() {
    check("text", |_| 1.0);
}

#[test]
fn scanned_pdfs_agree_with_their_text_dumps() {
    check("scan", |scan_min| scan_min);
}
