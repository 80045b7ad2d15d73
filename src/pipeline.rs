//! The pipeline: one file through every stage (`process_one`), and many files
//! in parallel with deterministic output (`run_batch`).
//!
//! `process_one` never panics on input: a panic anywhere in a document's
//! stages is caught here, at the per-document boundary, and becomes an error
//! row naming the file. `run_batch` processes entries in order-preserving
//! parallel chunks (rayon) and hands results to one sink on the calling
//! thread, so memory stays bounded by the chunk and output order is the input
//! order whatever the thread count.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::{DocError, IngestError, Stage};
use crate::extract::{self, CaseView};
use crate::ingest::{self, Entry, EntryKind, ReadOptions};
use crate::model::{FileRow, FileStatus, Format};
use crate::output::record::{self, FileInfo};
use crate::{clean, segment, validate};

pub use crate::error::{FileOutcome, panic_message};

/// Entries processed in parallel before their results are written.
const CHUNK: usize = 64;

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Run one entry through every stage.
pub fn process_one(entry: &Entry, opts: &ReadOptions) -> FileOutcome {
    match load(entry) {
        Ok((bytes, sha)) => process_loaded(entry, &bytes, sha, opts),
        Err(outcome) => *outcome,
    }
}

fn bare_row(entry: &Entry, status: FileStatus, message: String) -> FileRow {
    FileRow {
        path: crate::ingest::path_text(&entry.path),
        sha256: None,
        format: None,
        pages: None,
        cases: 0,
        status,
        message,
    }
}

/// The outcome of a file that failed: its row, its message rendered from
/// the typed error.
fn failed(entry: &Entry, error: DocError) -> FileOutcome {
    FileOutcome {
        source: entry.path.clone(),
        row: bare_row(entry, error.status(), error.row_message()),
        records: vec![],
        crops: vec![],
        error: Some(std::sync::Arc::new(error)),
    }
}

/// Read a document entry's bytes and hash them; any other entry, or one
/// that cannot be read, is already its final outcome.
pub fn load(entry: &Entry) -> Result<(Vec<u8>, String), Box<FileOutcome>> {
    match &entry.kind {
        EntryKind::Skipped(why) => {
            return Err(Box::new(FileOutcome {
                source: entry.path.clone(),
                row: bare_row(entry, FileStatus::Skipped, why.clone()),
                records: vec![],
                crops: vec![],
                error: None,
            }));
        }
        EntryKind::Broken(why) => {
            let e = DocError::new(&entry.path, Stage::Walk, IngestError::Walk(why.clone()));
            return Err(Box::new(failed(entry, e)));
        }
        EntryKind::TextDump | EntryKind::Pdf => {}
    }
    match ingest::read_bytes(&entry.path) {
        Ok(bytes) => {
            let sha = sha256_hex(&bytes);
            Ok((bytes, sha))
        }
        Err(e) => Err(Box::new(failed(
            entry,
            DocError::new(&entry.path, Stage::Read, e),
        ))),
    }
}

/// Run loaded bytes through every stage; a panic becomes an error row.
pub fn process_loaded(entry: &Entry, bytes: &[u8], sha: String, opts: &ReadOptions) -> FileOutcome {
    let path = crate::ingest::path_text(&entry.path);
    let result = catch_unwind(AssertUnwindSafe(|| {
        process_bytes(entry, &path, &sha, bytes, opts)
    }));
    let mut outcome = match result {
        Ok(Ok(o)) => o,
        Ok(Err((stage, e))) => failed(entry, DocError::new(&entry.path, stage, e)),
        Err(panic) => {
            let kind = IngestError::Panic(panic_message(&panic));
            failed(entry, DocError::new(&entry.path, Stage::Extract, kind))
        }
    };
    outcome.row.sha256 = Some(sha);
    outcome
}

fn process_bytes(
    entry: &Entry,
    path: &str,
    sha: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<FileOutcome, (Stage, IngestError)> {
    let (doc, notes) = ingest::read_document(entry, bytes, opts)?;
    let lines = clean::clean(&doc);
    let spans = segment::segment(&lines, crate::extract::diarienummer::canonical);
    let mut page_lines: Vec<(u32, u32)> = Vec::new();
    for l in &lines {
        let p = l.page as usize;
        if page_lines.len() < p {
            page_lines.resize(p, (l.no, l.no));
        }
        page_lines[p - 1].1 = l.no;
    }
    let info = FileInfo {
        rel: &entry.rel,
        path,
        sha256: sha,
        format: doc.format,
        pages: doc.pages.len() as u32,
        signals: &doc.signals,
        page_lines: &page_lines,
    };
    let marks = extract::marks_on_lines(&doc.signals, &lines);
    let mut records = Vec::with_capacity(spans.len());
    let mut correction_notes = Vec::new();
    for (n, span) in spans.iter().enumerate() {
        let mut fields = extract::extract_marked(&lines, span, &marks);
        if let Some(c) = &opts.corrections {
            let id = record::case_id(&entry.rel, n + 1);
            let case_lines = &lines[span.start..span.end.max(span.start)];
            correction_notes.extend(c.apply(&id, sha, case_lines, &mut fields));
        }
        let view = CaseView {
            lines: &lines,
            span,
            marks: &marks,
        };
        let flags = validate::validate(&view, &fields);
        let first = lines.get(span.start).map_or(0, |l| l.no);
        let last = lines
            .get(span.end.saturating_sub(1))
            .map_or(first, |l| l.no);
        records.push(record::build(&info, n + 1, first, last, fields, flags));
    }
    let blank = doc.pages.iter().all(|p| p.trim().is_empty());
    let mut message = if blank {
        "empty: the file holds no text".to_string()
    } else if records.is_empty() {
        "no lex Sarah case found (no report, investigation, decision, IVO notification or board memo heading)".to_string()
    } else {
        String::new()
    };
    let crops = match opts.crops_below {
        Some(below) => crate::output::review::crops(&records, &doc.signals, below),
        None => Vec::new(),
    };
    for n in notes.into_iter().chain(correction_notes) {
        if !message.is_empty() {
            message.push_str("; ");
        }
        message.push_str(&n);
    }
    Ok(FileOutcome {
        source: entry.path.clone(),
        row: FileRow {
            path: path.to_string(),
            sha256: Some(sha.to_string()),
            format: Some(doc.format),
            pages: Some(doc.pages.len() as u32),
            cases: records.len() as u32,
            status: FileStatus::Ok,
            message,
        },
        records,
        crops,
        error: None,
    })
}

/// Totals of a run, for the summary line and the exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub documents_read: usize,
    pub cases: usize,
    pub flags: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    /// Flags per rule code (only codes that fired).
    pub rules: std::collections::BTreeMap<&'static str, usize>,
    pub failed: usize,
    pub needs_ocr: usize,
    pub skipped: usize,
    /// Corrections (`--corrections`) naming a case no input gave.
    pub unknown_corrections: usize,
    /// The rows of the files that could not be read (`error`, `needs_ocr`).
    pub failed_files: Vec<FileRow>,
}

impl Totals {
    pub fn add(&mut self, o: &FileOutcome) {
        self.files += 1;
        match o.row.status {
            FileStatus::Ok => self.documents_read += 1,
            FileStatus::Error => self.failed += 1,
            FileStatus::NeedsOcr => self.needs_ocr += 1,
            FileStatus::Skipped => self.skipped += 1,
        }
        if matches!(o.row.status, FileStatus::Error | FileStatus::NeedsOcr) {
            self.failed_files.push(o.row.clone());
        }
        self.cases += o.records.len();
        for r in &o.records {
            self.flags += r.flags.len();
            for f in &r.flags {
                match f.severity {
                    crate::model::Severity::Error => self.errors += 1,
                    crate::model::Severity::Warning => self.warnings += 1,
                    crate::model::Severity::Info => self.info += 1,
                }
                *self.rules.entry(f.code.as_str()).or_default() += 1;
            }
        }
    }
}

/// Process `entries` in parallel and hand each outcome, in input order, to
/// `sink` on this thread. `progress` is called on the worker thread as
/// each entry is done (before its chunk is handed on), so a bar moves
/// file by file.
pub fn run_batch<E>(
    entries: impl IntoIterator<Item = Entry>,
    opts: &ReadOptions,
    mut sink: impl FnMut(FileOutcome) -> Result<(), E>,
    progress: impl Fn() + Sync,
) -> Result<(), E> {
    in_order(entries, |e| process_one(e, opts), |_, o| sink(o), progress)
}

/// `work` over `items` in parallel, chunk by chunk, each item and its
/// result handed to `sink` on this thread in input order (so what the sink
/// writes or prints comes in the same order whatever the thread count,
/// and as soon as its chunk is done). `progress` is called on the worker
/// thread as each item is done. After SIGINT or SIGTERM no new item is
/// started; the caller sees `interrupt::requested()` and decides what to
/// keep of the items the sink got.
pub fn in_order<I: Send + Sync, T: Send, E>(
    items: impl IntoIterator<Item = I>,
    work: impl Fn(&I) -> T + Sync,
    mut sink: impl FnMut(I, T) -> Result<(), E>,
    progress: impl Fn() + Sync,
) -> Result<(), E> {
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<I> = items.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        let results: Vec<Option<T>> = chunk
            .par_iter()
            .map(|item| {
                let r = crate::interrupt::requested().is_none().then(|| work(item));
                progress();
                r
            })
            .collect();
        for (item, r) in chunk.into_iter().zip(results) {
            if let Some(r) = r {
                sink(item, r)?;
            }
        }
        if crate::interrupt::requested().is_some() {
            return Ok(());
        }
    }
}

/// The format a successfully read entry would have, for error rows.
pub fn expected_format(kind: &EntryKind) -> Option<Format> {
    match kind {
        EntryKind::TextDump => Some(Format::Text),
        EntryKind::Pdf => Some(Format::Pdf),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &std::path::Path, kind: EntryKind) -> Entry {
        Entry {
            path: path.to_path_buf(),
            rel: "x".into(),
            kind,
        }
    }

    /// A failed file keeps its typed error (file, stage, kind); the row's
    /// message is that error's text.
    #[test]
    fn failures_are_typed_errors_with_file_and_stage() {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("b.txt");
        std::fs::write(&binary, [0u8, 1, 2, 3, 0, 0, 7, 8, 0, 0].repeat(50)).unwrap();
        let not_pdf = dir.path().join("n.pdf");
        std::fs::write(&not_pdf, b"hello, not a pdf").unwrap();
        let missing = dir.path().join("gone.txt");
        type Case = (
            Entry,
            Stage,
            fn(&IngestError) -> bool,
            FileStatus,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                entry(&missing, EntryKind::TextDump),
                Stage::Read,
                |k| matches!(k, IngestError::Io(_)),
                FileStatus::Error,
                "read: could not read the file",
            ),
            (
                entry(&binary, EntryKind::TextDump),
                Stage::Decode,
                |k| matches!(k, IngestError::Binary { .. }),
                FileStatus::Error,
                "decode: binary data of an unknown kind, not text",
            ),
            (
                entry(&not_pdf, EntryKind::Pdf),
                Stage::Pdf,
                |k| matches!(k, IngestError::NotPdf { .. }),
                FileStatus::Error,
                "pdf: not a PDF",
            ),
            (
                entry(
                    &dir.path().join("loop"),
                    EntryKind::Broken("symbolic link loop: points back to /a; not followed".into()),
                ),
                Stage::Walk,
                |k| matches!(k, IngestError::Walk(_)),
                FileStatus::Error,
                "symbolic link loop",
            ),
        ];
        for (e, stage, kind, status, message) in cases {
            let o = process_one(&e, &ReadOptions::default());
            let err = o
                .error
                .as_deref()
                .unwrap_or_else(|| panic!("{:?}: no error", e.path));
            assert_eq!(err.path, e.path);
            assert_eq!(err.stage, stage, "{:?}", e.path);
            assert!(kind(&err.kind), "{:?}: {:?}", e.path, err.kind);
            assert_eq!(o.row.status, status, "{:?}", e.path);
            assert!(
                o.row.message.starts_with(message),
                "{:?}: {}",
                e.path,
                o.row.message
            );
            assert_eq!(o.row.message, err.row_message());
            assert!(o.records.is_empty());
        }
        // A skipped entry is no error, and a readable file has none.
        let skipped = process_one(
            &entry(&missing, EntryKind::Skipped("not a document".into())),
            &ReadOptions::default(),
        );
        assert!(skipped.error.is_none());
        assert_eq!(skipped.row.status, FileStatus::Skipped);
        let good = dir.path().join("g.txt");
        std::fs::write(&good, "RAPPORT enligt lex Sarah\nDatum 2019-03-04\n").unwrap();
        let ok = process_one(&entry(&good, EntryKind::TextDump), &ReadOptions::default());
        assert!(ok.error.is_none());
        assert_eq!(ok.row.status, FileStatus::Ok);
    }
}
