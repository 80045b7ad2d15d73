//! The review list: `review.csv` has one row per field below the cut or
//! named by an error flag; `review.html` shows the same rows grouped by
//! file, with a crop of the page image for a scanned page, and renders in
//! headless Chromium (installed by `.ci/run`).

use std::path::Path;
use std::process::Command;

use base64::Engine;

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The width and height of a PNG, from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

#[test]
fn review_page_has_a_row_per_review_row_and_crops_of_scans() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // A scan (its OCR text from the shipped cache) and its text-layer twin.
    for name in [
        "amn-2019-0289-mailutskick.scan.pdf",
        "amn-2019-0289-mailutskick.text.pdf",
    ] {
        std::fs::copy(Path::new("samples/pdf").join(name), input.join(name)).unwrap();
    }
    std::fs::create_dir(input.join("ocr-cache")).unwrap();
    for e in std::fs::read_dir("samples/ocr-cache").unwrap().flatten() {
        std::fs::copy(e.path(), input.join("ocr-cache").join(e.file_name())).unwrap();
    }
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .arg("extract")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let csv = std::fs::read_to_string(out.join("review.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 4, "{csv}");
    // Every row is below the cut or named by an error flag (whose reason
    // it quotes).
    for r in &rows {
        let c: f64 = r[6].parse().unwrap();
        assert!(c < 0.9 || r[7].contains("flagga"), "{r:?}");
    }
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert_eq!(html.matches("<tr class=\"review").count(), rows.len());
    for r in &rows {
        assert!(html.contains(&r[4]) && html.contains(&r[0]), "{r:?}");
    }
    if !have("pdftoppm", "-v") {
        crate::tools::not_run("review::the page crops of review.html", "pdftoppm");
        return;
    }
    let scan_rows = rows
        .iter()
        .filter(|r| r[1].ends_with(".scan.pdf") && !r[2].is_empty())
        .count();
    let crops: Vec<Vec<u8>> = html
        .split("src=\"data:image/png;base64,")
        .skip(1)
        .map(|s| {
            base64::engine::general_purpose::STANDARD
                .decode(&s[..s.find('"').unwrap()])
                .unwrap()
        })
        .collect();
    assert_eq!(crops.len(), scan_rows, "one crop per row of a scanned page");
    for png in &crops {
        let (w, h) = png_size(png).expect("a PNG");
        assert!(w > 400 && h > 50 && h < w, "{w} x {h}");
    }
    for tr in html.split("<tr class=\"review").skip(1) {
        let tr = &tr[..tr.find("</tr>").unwrap()];
        if tr.contains(".text.pdf#") {
            assert!(!tr.contains("<img"), "a text-layer page gets no crop: {tr}");
        }
    }
    // Rendered by headless Chromium: the DOM after load has every row, and
    // a screenshot is taken.
    if !have("chromium", "--version") {
        crate::tools::not_run("review::the browser check of review.html", "chromium");
        return;
    }
    let url = format!("file://{}", out.join("review.html").display());
    let dom = Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom"])
        .arg(&url)
        .output()
        .unwrap();
    assert!(dom.status.success(), "{dom:?}");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(dom.matches("<tr class=\"review").count(), rows.len());
    assert_eq!(dom.matches("<img class=\"crop\"").count(), scan_rows);
    let shot = dir.path().join("review.png");
    let o = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1400,1800",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(png_size(&png), Some((1400, 1800)));
}
