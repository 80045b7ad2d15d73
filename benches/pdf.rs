//! Text-layer throughput: pages per second of lexsarah's reader (pdf-extract
//! with our word device, in process) against `pdftotext -raw` run as a
//! subprocess on the same files, so the figures form a ratio. Each iteration
//! checks it got every page. Figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexsarah::ingest::pdf_worker;

const FILES: &[&str] = &[
    "amn-2019-0289-mailutskick",
    "amn-2019-0712-0710-ofredande-scannat-dokument",
    "asn-2021-0026-tjansteskrivelse-forlorade-handlingar",
    "skarholmen-2019-286-ivo-anmalan-telefonserver",
];

fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    FILES
        .iter()
        .map(|b| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("samples/pdf/{b}.text.pdf"));
            let bytes = std::fs::read(&p).expect("sample PDF present");
            (p, bytes)
        })
        .collect()
}

/// Pages in all samples, as the text layer reader counts them.
fn page_total(files: &[(PathBuf, Vec<u8>)]) -> usize {
    files
        .iter()
        .map(|(_, b)| pdf_worker::catching(b).expect("sample parses").pages.len())
        .sum()
}

fn text_layer(c: &mut Criterion) {
    let files = samples();
    let pages = page_total(&files);
    let mut g = c.benchmark_group("pdf/text_layer");
    g.throughput(Throughput::Elements(pages as u64));
    g.sample_size(20);
    g.bench_function("lexsarah_in_process", |b| {
        b.iter(|| {
            let n: usize = files
                .iter()
                .map(|(_, bytes)| {
                    pdf_worker::catching(black_box(bytes))
                        .expect("parses")
                        .pages
                        .len()
                })
                .sum();
            assert_eq!(n, pages);
        })
    });
    g.bench_function("pdftotext_raw_subprocess", |b| {
        b.iter(|| {
            let n: usize = files
                .iter()
                .map(|(p, _)| {
                    let out = Command::new("pdftotext")
                        .arg("-raw")
                        .arg(p)
                        .arg("-")
                        .output()
                        .expect("pdftotext runs");
                    assert!(out.status.success());
                    out.stdout.iter().filter(|&&b| b == 0x0c).count()
                })
                .sum();
            assert_eq!(n, pages);
        })
    });
    g.finish();
}

criterion_group!(benches, text_layer);
criterion_main!(benches);
