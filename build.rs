//! The rules version: a fingerprint of the sources of every stage that makes
//! a record or a flag (ingest, clean, segment, extract, validate, the
//! vocabulary, the model, redaction), so that `check --state` never reuses
//! flags an older build made. FNV-1a over the files' paths and bytes, in
//! path order: no dependency, and stable across machines.

use std::path::{Path, PathBuf};

const STAGES: &[&str] = &[
    "src/ingest",
    "src/clean",
    "src/segment",
    "src/extract",
    "src/validate",
    "src/redact",
    "src/vocab.rs",
    "src/model.rs",
    "src/pipeline.rs",
];

fn files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if p.extension().is_some_and(|x| x == "rs") {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let mut all = Vec::new();
    for s in STAGES {
        println!("cargo:rerun-if-changed={s}");
        files(Path::new(s), &mut all);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in &all {
        let name = f.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(f).unwrap_or_default();
        for b in name.bytes().chain([0]).chain(bytes).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=LEXSARAH_RULES_HASH={:016x}", h);
}
