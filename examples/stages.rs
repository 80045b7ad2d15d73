//! Time spent per pipeline stage on a folder of text dumps, in process.
//!
//! ```sh
//! cargo run --release --example gencorpus -- /tmp/corpus-c1k 1000 1
//! ITERS=3 cargo run --release --example stages -- /tmp/corpus-c1k
//! COLD=1 ITERS=1 cargo run --release --example stages -- /tmp/corpus-c1k
//! ```
//!
//! `COLD=1`: no untimed first pass, so the one timed pass meets the
//! patterns uncompiled and the per-line memories empty, as a real run does.
//!
//! Every document is cleaned, segmented and extracted one at a time, as
//! `extract --jobs 1` does (so each document's lines are in the cache while
//! its stages run); one pass first, untimed, so that the patterns are
//! compiled before the clock starts. Printed: milliseconds per pass over the
//! folder, per stage and per extractor. Reading, decoding, hashing and
//! writing the outputs are not timed here (the whole command is, in
//! BENCHMARKS.md). It only uses the library's public stages, so the same
//! file builds against older commits for a side-by-side run.

use std::time::{Duration, Instant};

use lexsarah::model::{Document, Format};
use lexsarah::{clean, extract, segment, validate};

const STAGES: [&str; 8] = [
    "clean", "segment", "dnr", "timeline", "checkbox", "people", "outcome", "validate",
];

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: stages FOLDER (ITERS=n passes, default 3)");
        std::process::exit(2);
    };
    let docs: Vec<String> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let iters: u32 = std::env::var("ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut t = [Duration::ZERO; 8];
    let first = if std::env::var_os("COLD").is_some() {
        1
    } else {
        0
    };
    for pass in first..=iters {
        if pass == 1 {
            t = [Duration::ZERO; 8];
        }
        for text in &docs {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Text,
                pages: vec![text.clone()],
            };
            let a = Instant::now();
            let lines = clean::clean(&doc);
            t[0] += a.elapsed();
            let a = Instant::now();
            let spans = segment::segment(&lines, extract::diarienummer::canonical);
            t[1] += a.elapsed();
            for span in &spans {
                let view = extract::CaseView {
                    lines: &lines,
                    span,
                    marks: &[],
                };
                let a = Instant::now();
                let registry = extract::diarienummer::extract(&view);
                t[2] += a.elapsed();
                let a = Instant::now();
                let timeline = extract::timeline::extract(&view, &registry.mentions);
                t[3] += a.elapsed();
                let a = Instant::now();
                let boxes = extract::checkbox::extract(&view);
                t[4] += a.elapsed();
                let a = Instant::now();
                let people = extract::people::extract(&view);
                t[5] += a.elapsed();
                let a = Instant::now();
                let outcome = extract::outcome::extract(&view, &timeline.mentions);
                t[6] += a.elapsed();
                let parts = extract::Parts {
                    registry,
                    timeline,
                    boxes,
                    people,
                    outcome,
                };
                let f = extract::compose(span, parts);
                let a = Instant::now();
                let flags = validate::validate(&view, &f);
                t[7] += a.elapsed();
                std::hint::black_box(flags);
            }
        }
    }
    let per_pass = |d: Duration| d.as_secs_f64() * 1000.0 / f64::from(iters.max(1));
    for (name, d) in STAGES.iter().zip(t) {
        println!("{name:10} {:8.1} ms", per_pass(d));
    }
    println!("{:10} {:8.1} ms", "total", per_pass(t.iter().sum()));
}
