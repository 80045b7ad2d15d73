//! OCR cost per page: lexsarah's OCR path against bare Tesseract on the same
//! page images, measured side by side in one run so the figures form ratios.
//!
//! - `ocr/page/lexsarah`: `ocr::ocr_pages` on one page of a scanned sample
//!   with no cache (rasterise with pdftoppm, Tesseract TSV with `--psm 3` and
//!   `--psm 6`, keep the better reading, read the checkboxes from the image,
//!   clean the text);
//! - `ocr/page/bare_same_passes`: the same external work done bare: pdftoppm,
//!   then `tesseract … --psm 3 tsv` and `--psm 6 tsv` — our overhead is the
//!   ratio of the two;
//! - `ocr/page/bare_single_pass`: pdftoppm and one plain `tesseract PAGE - -l
//!   swe` (the README's baseline): the price of the second pass.
//!
//! Every iteration checks it got text. Needs tesseract (swe) and pdftoppm;
//! without them the benchmark says so and measures nothing. One page at a
//! time, `OMP_THREAD_LIMIT=1`, as the pipeline runs it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use lexsarah::ingest::ocr::{self, OcrPage};
use lexsarah::ingest::pdf::PdfOptions;

const SCAN: &str = "samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf";

fn tools_present() -> bool {
    let ok = |c: &str, a: &str| {
        Command::new(c)
            .arg(a)
            .output()
            .is_ok_and(|o| o.status.success() || !o.stdout.is_empty())
    };
    ok("tesseract", "--version") && ok("pdftoppm", "-v")
}

fn run(cmd: &mut Command) -> Vec<u8> {
    let out = cmd
        .env("OMP_THREAD_LIMIT", "1")
        .output()
        .expect("tool runs");
    assert!(out.status.success(), "{cmd:?} failed");
    out.stdout
}

fn bare(dir: &Path, pdf: &Path, psms: &[&str]) -> usize {
    let prefix = dir.join("page");
    run(Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-singlefile", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix));
    let img = dir.join("page.pgm");
    let mut n = 0;
    for psm in psms {
        let mut cmd = Command::new("tesseract");
        cmd.arg(&img).arg("-").args(["-l", "swe"]);
        if !psm.is_empty() {
            cmd.args(["--psm", psm, "--dpi", "300", "tsv"]);
        }
        n += run(&mut cmd).len();
    }
    n
}

fn ocr_page(c: &mut Criterion) {
    if !tools_present() {
        eprintln!("ocr bench: tesseract or pdftoppm missing; nothing measured");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // A copy outside samples/, so the shipped OCR cache is not consulted.
    let pdf = dir.path().join("scan.pdf");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(SCAN), &pdf).expect("sample scan");
    let bytes = std::fs::read(&pdf).expect("read scan");
    let opts = PdfOptions {
        ocr_cache: None,
        shipped_ocr_cache: false,
        ..PdfOptions::default()
    };
    let page = [OcrPage {
        number: 1,
        key: "bench".into(),
    }];
    let mut g = c.benchmark_group("ocr/page");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    g.bench_function("lexsarah", |b| {
        b.iter(|| {
            let done = ocr::ocr_pages(&pdf, &bytes, &page, &opts).expect("OCR runs");
            assert!(done.texts[0].contains("Tjänsteskrivelse"), "page text read");
        })
    });
    g.bench_function("bare_same_passes", |b| {
        b.iter(|| assert!(bare(dir.path(), &pdf, &["3", "6"]) > 1000))
    });
    g.bench_function("bare_single_pass", |b| {
        b.iter(|| assert!(bare(dir.path(), &pdf, &[""]) > 500))
    });
    g.finish();
}

criterion_group!(benches, ocr_page);
criterion_main!(benches);
