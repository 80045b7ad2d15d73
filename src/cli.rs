//! The command line (clap derive) and the `extract` command's driver.
//!
//! Options are validated first, compiled objects built once, then the batch
//! runs. Exit codes are named in `ExitCode` and documented in README.md.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::args::{InputArgs, progress_bar};
use crate::error::RunError;
use crate::ingest;
use crate::ingest::pdf::OcrMode;
use crate::output::{CsvDialect, Writers};
use crate::pipeline::{self, Totals};

/// Exit codes of `lexsarah extract`.
/// The exit codes of `extract`, `stats` and `text` (see `crate::exit`).
pub mod exit {
    use crate::exit::Exit;
    /// Every input was read (skipped non-documents do not count as failures).
    pub const OK: i32 = Exit::Ok.code();
    /// Some inputs could not be read (error or needs_ocr rows in files.csv).
    pub const SOME_FAILED: i32 = Exit::SomeFailed.code();
    /// Bad usage, or the output could not be written.
    pub const USAGE_OR_OUTPUT: i32 = Exit::UsageOrOutput.code();
}

#[derive(Debug, Parser)]
#[command(
    name = "lexsarah",
    version,
    about = "Turn Swedish lex Sarah case documents into structured, checkable records.",
    long_about = None,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents and write cases.jsonl, cases.csv, flags.csv and files.csv.
    #[command(after_help = EXTRACT_EXAMPLES)]
    Extract(ExtractArgs),
    /// Check documents for inconsistencies: summary, report.json, report.html.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(crate::check::CheckArgs),
    /// Charts and numbers for statistics: cases per month, classification
    /// and area, median lead times, flags per rule (HTML page and CSV).
    #[command(after_help = STATS_EXAMPLES)]
    Stats(crate::stats::StatsArgs),
    /// Internal: parse one PDF's text layer and print its pages as JSON
    /// (`-` reads stdin). Run by `extract` to isolate the PDF parser.
    #[command(name = "__pdf-worker", hide = true)]
    PdfWorker { file: PathBuf },
    /// Print the clean text of one document with line numbers, as the
    /// extractor reads it (what flags' line numbers point at).
    Text(TextArgs),
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The document to show.
    pub file: PathBuf,
    /// When to OCR PDF pages.
    #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
    pub ocr: OcrMode,
}

/// Run `text`: print numbered clean lines with their page and section.
pub fn run_text(args: &TextArgs) -> Result<bool, RunError> {
    use std::io::Write;
    let input = InputArgs {
        paths: vec![args.file.clone()],
        jobs: None,
        ocr: args.ocr,
        ocr_cache: None,
        wait: false,
        ocr_page_timeout: crate::ingest::pdf::OCR_PAGE_TIMEOUT_SECS,
    };
    input.check_paths()?;
    let opts = input.read_options();
    let Some(entry) = ingest::discover(&input.paths).into_iter().next() else {
        return Err(RunError::Usage(format!(
            "{}: not a file",
            args.file.display()
        )));
    };
    let (bytes, _) = match pipeline::load(&entry) {
        Ok(x) => x,
        Err(o) => {
            eprintln!("lexsarah: {}: {}", o.row.path, o.row.message);
            return Ok(false);
        }
    };
    let doc = match ingest::read_document(&entry, &bytes, &opts) {
        Ok((doc, _)) => doc,
        Err((stage, e)) => {
            eprintln!(
                "lexsarah: {}: {stage}: {}",
                entry.path.display(),
                e.full_message()
            );
            return Ok(false);
        }
    };
    let lines = crate::clean::clean(&doc);
    let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
    let mut out = std::io::stdout().lock();
    for (i, l) in lines.iter().enumerate() {
        let case = spans.iter().position(|c| (c.start..c.end).contains(&i));
        let sec = case
            .and_then(|c| {
                spans[c]
                    .sections
                    .iter()
                    .find(|s| (s.start..s.end).contains(&i))
            })
            .map_or("-", |s| s.kind.as_str());
        let case = case.map_or("-".to_string(), |c| format!("#{}", c + 1));
        if writeln!(
            out,
            "{:>5} p{} {case:>3} {sec:<16} {}",
            l.no, l.page, l.text
        )
        .is_err()
        {
            break; // a closed pipe (| head) ends the listing quietly
        }
    }
    Ok(true)
}

const CHECK_EXAMPLES: &str = "\
Examples:
  lexsarah check samples --report rapport
      Print a summary and write rapport/report.json and rapport/report.html.
  lexsarah check arkiv --state arkiv.state --report rapport --fail-on error
      Nightly: re-parse only changed files; exit 2 only on errors.

Exit codes: 0 clean, 1 warnings only, 2 errors (or inputs that could not be
read), 3 the check could not run (unreadable input root, unwritable report).";

const STATS_EXAMPLES: &str = "\
Examples:
  lexsarah stats arkiv --html statistik.html
      One page with a chart per table; the numbers also in statistik.csv.
  lexsarah stats arkiv --csv statistik.csv --csv-dialect excel
      Only the numbers, for Swedish Excel.

Exit codes: 0 every input read, 1 some inputs failed, 2 bad usage or
output could not be written.";

const EXTRACT_EXAMPLES: &str = "\
Examples:
  lexsarah extract samples -o out
      Read every .txt and .pdf under samples/ and write out/cases.jsonl,
      out/cases.csv, out/flags.csv and out/files.csv.
  lexsarah extract arkiv/2019 arkiv/2020/rapport.txt -o out --jobs 2
      Read a folder and a single file with two worker threads.
  lexsarah extract arkiv -o out --csv-dialect excel
      CSV files that Swedish Excel opens directly (semicolons, BOM).
  lexsarah extract arkiv --sqlite arkiv.db
      Import into a SQLite archive; run again to update it in place.
  LEXSARAH_REDACT_KEY=... lexsarah extract arkiv -o delbart --redact
      Outputs safe to share: identifiers masked, names pseudonymised.

Exit codes: 0 every input read, 1 some inputs failed (see files.csv),
2 bad usage or output could not be written.";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (created if missing); optional with --sqlite.
    #[arg(short, long, value_name = "OUT", required_unless_present = "sqlite")]
    pub out: Option<PathBuf>,
    /// Import the records into this SQLite archive (created if missing);
    /// files imported before are updated, not duplicated.
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// CSV dialect.
    #[arg(long, value_enum, default_value_t = CsvDialect::Rfc4180)]
    pub csv_dialect: CsvDialect,
    /// Values checked by hand (CSV: case_id,sha256,field,value,note): each
    /// replaces the extracted value in every output before the rules run;
    /// one whose file has changed since is reported and not applied.
    #[arg(long, value_name = "FILE")]
    pub corrections: Option<PathBuf>,
    /// Fields with a confidence below this go to OUT/review.csv (and the
    /// SQLite table `review`), as do fields an error flag names.
    #[arg(long, value_name = "CONFIDENCE", default_value_t = crate::output::review::DEFAULT_REVIEW_BELOW,
          value_parser = parse_unit_interval)]
    pub review_below: f64,
    /// Never show a progress bar.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub redact: crate::redact::RedactArgs,
}

/// Run `extract`; returns the totals for the summary and exit code.
pub fn run_extract(args: &ExtractArgs) -> Result<Totals, RunError> {
    // A root that is missing does not stop the others: it gets an error row
    // in the file table (the walk reports it) and the run exits 1.
    if args
        .input
        .paths
        .iter()
        .all(|p| std::fs::symlink_metadata(p).is_err())
    {
        args.input.check_paths()?;
    }
    let redactor = args.redact.redactor()?;
    let pool = args.input.pool()?;
    let mut opts = args.input.read_options();
    // A bad corrections file stops the run before any work.
    if let Some(path) = &args.corrections {
        opts.corrections = Some(std::sync::Arc::new(crate::corrections::Corrections::load(
            path,
        )?));
    }
    // One run at a time per output folder: the lock is taken before the
    // folder's stale temporaries are swept.
    let _lock = match &args.out {
        Some(out) => {
            std::fs::create_dir_all(out).map_err(|source| RunError::Output {
                path: out.clone(),
                source,
            })?;
            let p = crate::output::lock::lock_path(out, true);
            Some(crate::output::lock::RunLock::acquire(
                &p,
                out,
                args.input.wait,
            )?)
        }
        None => None,
    };
    let mut writers = match &args.out {
        Some(out) => {
            let mut w = Writers::create(out, args.csv_dialect)?;
            w.review_below = args.review_below;
            w.crops = redactor.is_none();
            Some(w)
        }
        None => None,
    };
    let mut archive = match &args.sqlite {
        Some(p) => {
            let mut a = crate::output::sqlite::Archive::open(p)?;
            a.review_below = args.review_below;
            Some(a)
        }
        None => None,
    };
    let pb = progress_bar(&args.input.paths, args.quiet);
    let mut totals = Totals::default();
    pool.install(|| {
        pipeline::run_batch(
            ingest::walk(&args.input.paths),
            &opts,
            |mut o| {
                if let Some(r) = &redactor {
                    r.outcome(&mut o);
                }
                totals.add(&o);
                if o.row.status != crate::model::FileStatus::Ok
                    && o.row.status != crate::model::FileStatus::Skipped
                {
                    pb.suspend(|| eprintln!("lexsarah: {}: {}", o.row.path, o.row.message));
                }
                if let Some(w) = &mut writers {
                    w.write_file(&o.row)?;
                    for r in &o.records {
                        w.write_case(r)?;
                    }
                }
                if let Some(a) = &mut archive {
                    a.import(&o, &archive_key(&o.source, redactor.as_ref()))?;
                }
                Ok::<(), RunError>(())
            },
            |done| pb.set_position(done as u64),
        )
    })?;
    pb.finish_and_clear();
    if let Some(signal) = crate::interrupt::requested() {
        // The outputs stay as they were (their temporaries go with the
        // writers); what the archive imported is committed file by file.
        drop(writers);
        if let Some(a) = archive {
            a.close()?;
        }
        return Err(RunError::Interrupted {
            signal,
            done: format!(
                "{} files read before it; the output folder is as it was, the SQLite archive (if any) holds them",
                totals.files
            ),
        });
    }
    if let Some(w) = writers {
        w.commit()?;
    }
    if let Some(c) = &opts.corrections {
        let (stale, unknown) = (c.stale(), c.unknown());
        for m in stale.iter().chain(&unknown) {
            eprintln!("lexsarah: {m}");
        }
        eprintln!(
            "lexsarah: corrections: {} applied, {} not applied (file changed), {} for no case of this run",
            c.applied(),
            stale.len(),
            unknown.len()
        );
        totals.unknown_corrections = unknown.len();
    }
    if let Some(mut a) = archive {
        // Files an earlier import saw under these roots and this one did
        // not are gone: marked `missing`, never left `ok`.
        let roots: Vec<String> = args
            .input
            .paths
            .iter()
            .filter(|p| p.exists())
            .map(|p| archive_key(p, redactor.as_ref()))
            .collect();
        let gone = a.mark_missing(&roots)?;
        if gone > 0 {
            eprintln!(
                "lexsarah: {gone} files in the archive are no longer under the inputs: marked missing"
            );
        }
        a.close()?;
    }
    Ok(totals)
}

/// The one-line summary printed at the end of a run.
/// A number from 0 to 1.
fn parse_unit_interval(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a number from 0 to 1")),
    }
}

/// A file's or root's key in the SQLite archive: its absolute, normalised
/// path, or under `--redact` that path with every component hashed.
fn archive_key(path: &std::path::Path, redactor: Option<&crate::redact::Redactor>) -> String {
    let key = crate::output::sqlite::archive_key(path);
    match redactor {
        None => key,
        Some(r) => r.archive_key(&key),
    }
}

pub fn summary_line(t: &Totals) -> String {
    format!(
        "{} files: {} read, {} failed, {} need OCR, {} skipped; {} cases; {} flags ({} errors, {} warnings)",
        t.files,
        t.documents_read,
        t.failed,
        t.needs_ocr,
        t.skipped,
        t.cases,
        t.flags,
        t.errors,
        t.warnings
    )
}

/// The exit code for a finished extract run.
pub fn exit_code(t: &Totals) -> crate::exit::Exit {
    use crate::exit::Exit;
    if t.unknown_corrections > 0 {
        Exit::UsageOrOutput
    } else if t.failed > 0 || t.needs_ocr > 0 {
        Exit::SomeFailed
    } else {
        Exit::Ok
    }
}
