//! Text-path throughput: the parsers on single lines (dates, diarienummer,
//! weekday, clock time), the stages on the bundled text samples (clean,
//! segment, extract), and the whole text dump path as the CLI runs it on one
//! core (`pipeline/text_dump/one_core`: bytes → decode → clean → segment →
//! extract → validate → record, then JSON). Every benchmark checks its result
//! once before it is timed. Figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexsarah::extract::{self, dates, diarienummer};
use lexsarah::ingest::{Entry, EntryKind, ReadOptions, text};
use lexsarah::model::{Document, Format, Line};
use lexsarah::{clean, pipeline, segment};

/// A long line of Swedish running text with five dates in four shapes (the
/// last two a range, one mention).
const SWEDISH_LONG: &str = "Den 22 november 2019 uppmärksammades att brukaren inte fått sina \
     insatser under helgen; händelsen rapporterades 2019-11-25 av enhetschefen, och en lex \
     Sarah-utredning inleddes 191127 efter att verksamheten gått igenom journalanteckningarna \
     för perioden 17/11 till och med den 24:e november, då även närstående kontaktades.";

/// Swedish running text without a single digit: the common line.
const NO_DIGITS: &str = "Verksamheten har gått igenom rutinerna för överlämning mellan \
     arbetspassen och förtydligat att ansvarig undersköterska ska kontrollera att samtliga \
     insatser är utförda innan passet avslutas, vilket har följts upp på arbetsplatsträffar \
     där personalen fått möjlighet att ställa frågor och lämna synpunkter på förändringarna.";

fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/text");
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [root.clone(), root.join("synthetic")] {
        for e in std::fs::read_dir(&dir).expect("samples/text is readable") {
            let p = e.expect("directory entry").path();
            if p.extension().is_some_and(|x| x == "txt") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("sample readable");
            (p, b)
        })
        .collect()
}

fn lines_of(bytes: &[u8]) -> Vec<Line> {
    let doc = Document {
        signals: Vec::new(),
        decisions: Vec::new(),
        format: Format::Text,
        pages: vec![text::decode(bytes).expect("a sample decodes").text],
    };
    clean::clean(&doc)
}

fn parsers(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract");
    let raws: Vec<String> = dates::find_dates(SWEDISH_LONG)
        .into_iter()
        .map(|h| h.raw)
        .collect();
    assert_eq!(
        raws,
        [
            "22 november 2019",
            "2019-11-25",
            "191127",
            "17/11 till och med den 24:e november"
        ]
    );
    g.throughput(Throughput::Bytes(SWEDISH_LONG.len() as u64));
    g.bench_function("dates/swedish_long", |b| {
        b.iter(|| dates::find_dates(black_box(SWEDISH_LONG)))
    });
    assert!(dates::find_dates(NO_DIGITS).is_empty());
    g.throughput(Throughput::Bytes(NO_DIGITS.len() as u64));
    g.bench_function("dates/no_digits", |b| {
        b.iter(|| dates::find_dates(black_box(NO_DIGITS)))
    });
    let iso = "Rapporten inkom (datum) 2019-11-22\tRapportens diarienummer AMN 2019-0712";
    assert_eq!(dates::find_dates(iso).len(), 1);
    g.throughput(Throughput::Bytes(iso.len() as u64));
    g.bench_function("dates/iso_cell", |b| {
        b.iter(|| dates::find_dates(black_box(iso)))
    });
    let weekday = "Datum 24 oktober\tVeckodag Torsdag\tKlockslag 13.00";
    assert!(dates::find_weekday(weekday).is_some());
    g.throughput(Throughput::Bytes(weekday.len() as u64));
    g.bench_function("dates/weekday", |b| {
        b.iter(|| dates::find_weekday(black_box(weekday)))
    });
    assert_eq!(dates::find_time(weekday).map(|t| (t.1, t.2)), Some((13, 0)));
    g.bench_function("dates/time", |b| {
        b.iter(|| dates::find_time(black_box(weekday)))
    });
    assert_eq!(
        diarienummer::parse(iso).map(|p| p.canonical),
        Some("AMN 2019-0712".to_string())
    );
    g.throughput(Throughput::Bytes(iso.len() as u64));
    g.bench_function("diarienummer", |b| {
        b.iter(|| diarienummer::parse(black_box(iso)))
    });
    assert!(diarienummer::parse(NO_DIGITS).is_none());
    g.throughput(Throughput::Bytes(NO_DIGITS.len() as u64));
    g.bench_function("diarienummer/no_digits", |b| {
        b.iter(|| diarienummer::parse(black_box(NO_DIGITS)))
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let files = samples();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let docs: Vec<Document> = files
        .iter()
        .map(|(_, b)| Document {
            signals: Vec::new(),
            decisions: Vec::new(),
            format: Format::Text,
            pages: vec![text::decode(b).expect("a sample decodes").text],
        })
        .collect();
    let lines: Vec<Vec<Line>> = files.iter().map(|(_, b)| lines_of(b)).collect();
    let spans: Vec<_> = lines
        .iter()
        .map(|l| segment::segment(l, extract::diarienummer::canonical))
        .collect();
    assert!(
        spans.iter().all(|s| !s.is_empty()),
        "every sample holds a case"
    );
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("clean/samples", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| clean::clean(black_box(d)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("segment/samples", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| segment::segment(black_box(l), extract::diarienummer::canonical).len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract/samples", |b| {
        b.iter(|| {
            let mut n = 0;
            for (l, ss) in lines.iter().zip(&spans) {
                for s in ss {
                    n += extract::extract(black_box(l), s).mentions.len();
                }
            }
            n
        })
    });
    g.finish();
}

fn pipeline_one_core(c: &mut Criterion) {
    let files = samples();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let entries: Vec<Entry> = files
        .iter()
        .map(|(p, _)| Entry {
            path: p.clone(),
            rel: p
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned(),
            kind: EntryKind::TextDump,
        })
        .collect();
    let opts = ReadOptions::default();
    let run = || {
        let mut json = Vec::new();
        let mut cases = 0;
        for (e, (_, b)) in entries.iter().zip(&files) {
            let o = pipeline::process_loaded(e, b, pipeline::sha256_hex(b), &opts);
            assert!(
                o.row.message.is_empty() || !o.records.is_empty(),
                "{}",
                o.row.message
            );
            for r in &o.records {
                serde_json::to_writer(&mut json, r).expect("a record serialises");
                cases += 1;
            }
        }
        (cases, json.len())
    };
    let (cases, _) = run();
    assert!(cases >= files.len(), "every sample gives a case");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("text_dump/one_core", |b| b.iter(run));
    g.finish();
}

criterion_group!(benches, parsers, stages, pipeline_one_core);
criterion_main!(benches);
