//! lexsarah turns Swedish lex Sarah case documents (reports, investigations,
//! decisions, IVO notifications, board memos) into structured, checkable
//! records.
//!
//! The pipeline, one stage per module, typed values flowing one way:
//!
//! ```text
//! ingest   paths → Entry → Document (pages of raw text: text dumps, PDF, OCR)
//! clean    Document → Vec<Line> (NFC, markup, checkbox tokens, headers, hyphens)
//! segment  &[Line] → Vec<CaseSpan> (cases and their sections; the registry
//!          grammar that tells cases apart is passed in by the caller)
//! extract  CaseSpan → Fields (dates, checkboxes, diarienummer, people, outcome;
//!          each extractor returns its values with their evidence, composed once)
//! validate Fields → Vec<Flag> (one rule, one function, one code)
//! output   CaseRecord, FileRow → cases.jsonl, cases.csv, flags.csv, files.csv
//!          (and a SQLite archive); redact masks identifiers before any output
//! ```
//!
//! Below them: `model` (typed values), `vocab` (the language), `plural`
//! (numbers and the words that agree with them, in every message),
//! `error`, `exit`; above them `pipeline`, then the commands (`cli`, `check`,
//! `stats`, sharing `args`). No module imports another in a circle
//! (`tests/architecture.rs`).
//!
//! `pipeline::process_one` runs one file through every stage and never
//! panics on input; `pipeline::run_batch` runs many files in parallel with
//! deterministic output order.

pub mod args;
pub mod check;
pub mod clean;
pub mod cli;
pub mod confidence;
pub mod corrections;
pub mod error;
pub mod exit;
pub mod extract;
pub mod ingest;
pub mod interrupt;
pub mod memo;
pub mod merge;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plural;
pub mod redact;
pub mod segment;
pub mod shard;
pub mod stats;
pub mod validate;
pub mod vocab;

/// Version of the extraction and validation rules: the package version and
/// a fingerprint of the sources of every stage that makes records or flags
/// (`build.rs`), so it changes whenever what they produce can change and an
/// older `check --state` is never reused.
pub const RULES_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "+rules.",
    env!("LEXSARAH_RULES_HASH")
);
