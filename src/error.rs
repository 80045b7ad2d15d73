//! Typed errors. A failure of one document is a `DocError` (path, stage,
//! kind) attached once at the pipeline boundary; the run goes on. Only
//! `RunError` stops a run (nothing to read, output cannot be written).

use std::path::PathBuf;

/// The pipeline stage where a document failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Finding the file under its root (a broken link, a loop, no access).
    Walk,
    Read,
    Decode,
    Pdf,
    Ocr,
    Extract,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Walk => "walk",
            Stage::Read => "read",
            Stage::Decode => "decode",
            Stage::Pdf => "pdf",
            Stage::Ocr => "ocr",
            Stage::Extract => "extract",
        })
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("could not read the file")]
    Io(#[from] std::io::Error),
    #[error("file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    /// `found` says what the bytes are (`binary data (ELF executable)`).
    #[error(
        "{found}, not text: {control} of the first {} {}",
        crate::plural::count(*sampled, "byte", "bytes"),
        crate::plural::agree(*control, "is a control byte", "are control bytes")
    )]
    Binary {
        found: String,
        control: usize,
        sampled: usize,
    },
    /// `found` is a printable summary of the first bytes (see
    /// `ingest::sniff::describe`), never raw escapes.
    #[error("not a PDF: expected the header %PDF- at the start, found {found}")]
    NotPdf { found: String },
    #[error("the PDF is encrypted; decrypt it first (e.g. qpdf --decrypt)")]
    Encrypted,
    #[error("the PDF could not be parsed: {0}")]
    PdfParse(String),
    #[error("the PDF parser crashed: {0}")]
    PdfPanic(String),
    /// Neither the parser nor the poppler fallback could read the PDF.
    #[error("{parser}; poppler could not read it either: {fallback}")]
    Unreadable { parser: String, fallback: String },
    #[error("gave up after {seconds} s")]
    Timeout { seconds: u64 },
    #[error("no text layer and OCR is not available: {0}")]
    NeedsOcr(String),
    #[error("OCR failed: {0}")]
    Ocr(String),
    #[error("the extractor crashed: {0}")]
    Panic(String),
    /// What the folder walk said about an entry it could not follow.
    #[error("{0}")]
    Walk(String),
}

/// A document that failed, with the path and stage it failed in.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {stage}: {kind}")]
pub struct DocError {
    pub path: PathBuf,
    pub stage: Stage,
    #[source]
    pub kind: IngestError,
}

impl DocError {
    pub fn new(path: impl Into<PathBuf>, stage: Stage, kind: IngestError) -> DocError {
        DocError {
            path: path.into(),
            stage,
            kind,
        }
    }

    /// The file table's status for this failure: a scan without OCR is
    /// `needs_ocr`, anything else `error`.
    pub fn status(&self) -> crate::model::FileStatus {
        if matches!(self.kind, IngestError::NeedsOcr(_)) {
            crate::model::FileStatus::NeedsOcr
        } else {
            crate::model::FileStatus::Error
        }
    }

    /// The text of the file table's message: the stage, then the error and
    /// its causes (the path is the row's own column). A walk error is the
    /// walk's own sentence.
    pub fn row_message(&self) -> String {
        match self.stage {
            Stage::Walk => self.kind.full_message(),
            stage => format!("{stage}: {}", self.kind.full_message()),
        }
    }
}

/// Errors that stop a whole run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot write output to {path}: {source}")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write output to {path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("cannot read input {path}: {source}")]
    Input {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    #[error("{path} is not {what}; refusing to overwrite it (nothing was changed)")]
    NotOurs { path: PathBuf, what: &'static str },
    #[error("{0}; the state was not changed")]
    Unsafe(String),
    #[error("interrupted by {}: {done}", crate::interrupt::name(*signal))]
    Interrupted { signal: i32, done: String },
    #[error("{holder} is using {path}; try again when it has finished, or pass --wait")]
    Locked { path: PathBuf, holder: String },
    #[error("cannot write the SQLite archive {path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot write the PostgreSQL archive {target}")]
    Postgres {
        /// The server and database (never the password).
        target: String,
        #[source]
        source: postgres::Error,
    },
    #[error(transparent)]
    Merge(#[from] MergeError),
}

/// Why `lexsarah merge` refused its shard folders; each names the folders.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(
        "{dir}: no shard manifest ({names}): not the output folder of an `extract --shard` run, nor the report folder of a `check --shard` run, that finished"
    )]
    NotAShard { dir: PathBuf, names: String },
    #[error("{path}: not a shard manifest that lexsarah wrote: {why}")]
    BadManifest { path: PathBuf, why: String },
    #[error("{dir} holds {has} but {first} holds {first_has}; merge folders of the same commands")]
    Kinds {
        dir: PathBuf,
        has: String,
        first: PathBuf,
        first_has: String,
    },
    #[error("shard {spec} is given twice: {first} and {second}")]
    Duplicate {
        spec: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{dir} is one of {count} shards but {first} is one of {first_count}")]
    Count {
        dir: PathBuf,
        count: u32,
        first: PathBuf,
        first_count: u32,
    },
    #[error("{missing} missing: the folders given hold {given} of {count}")]
    Missing {
        missing: String,
        given: String,
        count: u32,
    },
    #[error("{dir} is not a shard of the same run as {first}: {what}")]
    Mismatch {
        dir: PathBuf,
        first: PathBuf,
        what: String,
    },
    #[error(
        "{path} is not what its shard manifest says ({why}): the shard run did not finish, or the folder was changed since; run that shard again"
    )]
    Changed { path: PathBuf, why: String },
    #[error("the merge output {out} is one of the shard folders; give another -o")]
    OutputIsShard { out: PathBuf },
}

impl RunError {
    /// The exit of a run stopped by a signal (130, 143), or none.
    pub fn interrupted_exit(&self) -> Option<crate::exit::Exit> {
        match self {
            RunError::Interrupted { signal, .. } => Some(crate::exit::Exit::Signal(*signal)),
            _ => None,
        }
    }
}

impl IngestError {
    /// Full message including sources, for the file table.
    pub fn full_message(&self) -> String {
        let mut msg = self.to_string();
        let mut src = std::error::Error::source(self);
        while let Some(s) = src {
            msg.push_str(": ");
            msg.push_str(&s.to_string());
            src = s.source();
        }
        msg
    }
}

/// The result of processing one input entry.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The file's path as reached from the working directory.
    pub source: std::path::PathBuf,
    pub row: crate::model::FileRow,
    pub records: Vec<crate::model::CaseRecord>,
    /// Crops of the review rows' evidence, cut from the pages' OCR images
    /// (`ReadOptions::crops_below`).
    pub crops: Vec<crate::model::Crop>,
    /// Why the file gave no records, typed (file, stage, kind); the row's
    /// message is its text. Shared, as an I/O error cannot be copied.
    pub error: Option<std::sync::Arc<DocError>>,
}

/// The text a caught panic carries (`panic!` with a literal or a format).
pub fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
