//! The command line (clap derive) and the `extract` command's driver.
//!
//! Options are validated first, compiled objects built once, then the batch
//! runs. Exit codes are named in `ExitCode` and documented in README.md.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use crate::args::InputArgs;
use crate::error::RunError;
use crate::ingest;
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
    /// Join the output folders of N shard runs (`extract --shard I/N`,
    /// `check --shard I/N --report`) into what one run over all the inputs
    /// writes, byte for byte.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(crate::merge::MergeArgs),
    /// Internal: parse one PDF's text layer and print its pages as JSON
    /// (`-` reads stdin). Run by `extract` to isolate the PDF parser.
    #[command(name = "__pdf-worker", hide = true)]
    PdfWorker { file: PathBuf },
    /// Print the clean text of documents with line numbers, as the
    /// extractor reads them (what flags' line numbers point at).
    Text(TextArgs),
    /// Print a shell completion script on stdout, e.g.
    /// `lexsarah completions bash > /etc/bash_completion.d/lexsarah`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout, e.g. `lexsarah man | man -l -`;
    /// with a command's name, that command's page (lexsarah-extract(1) …).
    Man {
        /// A command (extract, check, stats, text …); none: lexsarah(1).
        command: Option<String>,
    },
}

/// The command line as a person sees it: without the hidden commands
/// (the PDF worker), which completions and man pages must not offer.
fn public_command() -> clap::Command {
    let full = <Cli as clap::CommandFactory>::command();
    let subs: Vec<clap::Command> = full
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .cloned()
        .collect();
    let mut cmd = clap::Command::new("lexsarah")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .subcommands(subs);
    if let Some(about) = full.get_about() {
        cmd = cmd.about(about.clone());
    }
    cmd
}

/// Write the completion script for `shell` (clap_complete); built in
/// memory first, so a reader that has gone (`| head`) is no panic.
pub fn write_completions(shell: clap_complete::Shell, out: &mut impl std::io::Write) {
    let mut cmd = public_command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "lexsarah", &mut script);
    let _ = out.write_all(&script);
}

/// Write the man page of lexsarah or of one of its commands (clap_mangen).
pub fn write_man(command: Option<&str>, out: &mut impl std::io::Write) -> Result<(), RunError> {
    let mut cmd = public_command();
    cmd.build();
    let page = match command {
        None => cmd,
        Some(name) => {
            let Some(sub) = cmd
                .get_subcommands()
                .find(|c| c.get_name() == name && !c.is_hide_set())
            else {
                let names: Vec<&str> = cmd
                    .get_subcommands()
                    .filter(|c| !c.is_hide_set())
                    .map(|c| c.get_name())
                    .collect();
                return Err(RunError::Usage(format!(
                    "man: no command {name:?}; expected one of {}",
                    names.join(", ")
                )));
            };
            // clap names are static; the one page printed lives as long
            // as the process.
            let full: &'static str = Box::leak(format!("lexsarah-{name}").into_boxed_str());
            sub.clone().name(full).bin_name(full)
        }
    };
    match clap_mangen::Man::new(page).render(out) {
        Ok(()) => Ok(()),
        // A reader that has gone (`| head`) is no error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(RunError::Output {
            path: "standard output".into(),
            source,
        }),
    }
}

impl Command {
    /// The input options of a command that reads a batch.
    pub fn input_mut(&mut self) -> Option<&mut InputArgs> {
        match self {
            Command::Extract(a) => Some(&mut a.input),
            Command::Check(a) => Some(&mut a.input),
            Command::Stats(a) => Some(&mut a.input),
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The documents to show: files and folders (walked recursively, as
    /// `extract` does); with more than one document each is headed by its
    /// path.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub ocr: crate::args::OcrArgs,
    /// Do not print how each page of a PDF was read (text layer or OCR,
    /// and why) on stderr; a file that cannot be read is still named.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Run `text`: print numbered clean lines with their page and section, for
/// every document under the paths, and on stderr (unless `--quiet`) each
/// PDF page's decision and its reason. `Ok(false)` when one could not be
/// read (it is named on stderr and the others are still shown).
pub fn run_text(args: &TextArgs) -> Result<bool, RunError> {
    crate::args::check_paths(&args.paths)?;
    let opts = args.ocr.read_options();
    // A folder's non-documents are passed over; a file named on the command
    // line that is no document is said to be so.
    let named: Vec<std::path::PathBuf> = args.paths.clone();
    let entries: Vec<ingest::Entry> = ingest::walk(&args.paths)
        .filter(|e| !matches!(e.kind, ingest::EntryKind::Skipped(_)) || named.contains(&e.path))
        .collect();
    let headed = entries.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let mut out = std::io::stdout().lock();
    let mut all_read = true;
    for (i, entry) in entries.iter().enumerate() {
        if crate::interrupt::requested().is_some() {
            break;
        }
        let Some(lines) = text_lines(entry, &opts, args.quiet) else {
            all_read = false;
            continue;
        };
        let head = headed.then(|| {
            let sep = if i == 0 { "" } else { "\n" };
            format!("{sep}==> {} <==\n", heading_path(&entry.path))
        });
        if write_text(&mut out, head.as_deref(), &lines).is_err() {
            break; // a closed pipe (| head) ends the listing quietly
        }
    }
    Ok(all_read)
}

/// A path for a heading line: as every output writes it, with control
/// characters (a newline in a file name) shown as escapes, so the heading
/// stays one line.
fn heading_path(path: &std::path::Path) -> String {
    let mut s = String::new();
    for c in ingest::path_text(path).chars() {
        match c {
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => s.push_str(&format!("\\x{:02X}", c as u32)),
            c => s.push(c),
        }
    }
    s
}

/// One entry's clean lines, each with its page, case and section; `None`
/// (the file and why named on stderr) when it cannot be read. Unless
/// `quiet`, how its pages were read goes to stderr first (`lexsarah:
/// a.pdf: pages: 1 text layer; 2 OCR (no text layer)`).
fn text_lines(
    entry: &ingest::Entry,
    opts: &ingest::ReadOptions,
    quiet: bool,
) -> Option<Vec<String>> {
    let (bytes, _) = match pipeline::load(entry) {
        Ok(x) => x,
        Err(o) => {
            eprintln!("{}", crate::args::failed_line(&o.row));
            return None;
        }
    };
    let doc = match ingest::read_document(entry, &bytes, opts) {
        Ok((doc, _)) => doc,
        Err((stage, e)) => {
            eprintln!(
                "lexsarah: {}: {stage}: {}",
                ingest::path_text(&entry.path),
                e.full_message()
            );
            return None;
        }
    };
    if !quiet && !doc.decisions.is_empty() {
        eprintln!(
            "lexsarah: {}: {}",
            heading_path(&entry.path),
            ingest::pdf::decision_runs(&doc.decisions)
        );
    }
    let lines = crate::clean::clean(&doc);
    let spans = crate::segment::segment(&lines, crate::extract::diarienummer::canonical);
    // The boxes read from a scan's page images are no part of its text:
    // each is shown on a row of its own under its label's line.
    let marks = crate::extract::marks_on_lines(&doc.signals, &lines);
    let mut shown = Vec::with_capacity(lines.len() + marks.len());
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
        shown.push(format!(
            "{:>5} p{} {case:>3} {sec:<16} {}",
            l.no, l.page, l.text
        ));
        for m in marks.iter().filter(|m| m.idx == i) {
            shown.push(format!(
                "{:>5} p{} {case:>3} {sec:<16} {}",
                "",
                l.page,
                mark_row(&m.mark)
            ));
        }
    }
    Some(shown)
}

/// How `text` shows a box read from a page image, under its label's line:
/// `↳ ☒ box read on the page image: area "Jobbtorg", ticked (margin 0.98,
/// ink 0.41)`. The glyph says the state at a glance (`?` undecided); the
/// row has no line number, as it is no line of the document.
fn mark_row(m: &crate::model::PageMark) -> String {
    use crate::model::{MarkKind, Tick};
    let (glyph, state) = match m.state {
        Tick::Ticked => ('☒', "ticked"),
        Tick::Empty => ('☐', "empty"),
        Tick::Undecided => ('?', "undecided"),
    };
    let kind = match m.kind {
        MarkKind::Area => "area",
        MarkKind::Law => "law",
        MarkKind::Option => "option",
    };
    let ink = m
        .ink
        .map_or_else(String::new, |ink| format!(", ink {ink:.2}"));
    format!(
        "↳ {glyph} box read on the page image: {kind} \"{}\", {state} (margin {:.2}{ink})",
        m.label, m.confidence
    )
}

fn write_text(
    out: &mut impl std::io::Write,
    head: Option<&str>,
    lines: &[String],
) -> std::io::Result<()> {
    if let Some(h) = head {
        out.write_all(h.as_bytes())?;
    }
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()
}

const CHECK_EXAMPLES: &str = "\
Examples:
  lexsarah check samples --report rapport
      Print a summary and write rapport/report.json and rapport/report.html.
  lexsarah check arkiv --state arkiv.state --report rapport --fail-on error
      Nightly: re-parse only changed files; exit 2 only on errors.

Exit codes: 0 clean, 1 warnings only, 2 errors (or inputs that could not be
read), 3 the check could not run (unreadable input root, unwritable report).";

const MERGE_EXAMPLES: &str = "\
Examples:
  for i in 1 2 3; do lexsarah extract arkiv --shard $i/3 -o ut.$i & done; wait
  lexsarah merge ut.1 ut.2 ut.3 -o ut
      Three shards, then the output one run over arkiv writes.
  lexsarah merge rapport.* -o rapport
      The report folders of `check --shard I/N --report rapport.I`.

Exit codes: as the merged run would exit (extract: 0 every input read,
1 some failed; check: 0 clean, 1 warnings, 2 errors; the higher of the
two for folders of both), 3 the shards could not be merged (one missing
or given twice, shards of different inputs or settings, a folder changed
since its shard run, an output that could not be written).";

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
  lexsarah extract arkiv --shard 3/8 -o ut.3 --postgres postgresql://lexsarah@db/arkiv
      Shard 3 of 8 (`lexsarah merge ut.1 … ut.8 -o ut` joins the folders),
      importing into a PostgreSQL archive that all eight write at once.
  LEXSARAH_REDACT_KEY=... lexsarah extract arkiv -o delbart --redact
      Outputs safe to share: identifiers masked, names pseudonymised.

Exit codes: 0 every input read, 1 some inputs failed (see files.csv),
2 bad usage or output could not be written.";

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder (created if missing); optional with --sqlite or
    /// --postgres.
    #[arg(short, long, value_name = "OUT", required_unless_present_any = ["sqlite", "postgres"])]
    pub out: Option<PathBuf>,
    /// Import the records into this SQLite archive (created if missing);
    /// files imported before are updated, not duplicated.
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// Import the records into a PostgreSQL archive instead, the SQLite
    /// archive's tables on a server (made where missing), safe for many
    /// shards at once: postgresql://USER@HOST:PORT/DB (the password from
    /// PGPASSWORD, or in the URL); without TLS.
    #[arg(long, value_name = "URL", conflicts_with = "sqlite")]
    pub postgres: Option<String>,
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
    /// Print the summary as one JSON object on stdout (counts, files that
    /// could not be read, flags by severity and rule).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub redact: crate::redact::RedactArgs,
    #[command(flatten)]
    pub shard: crate::shard::ShardArgs,
}

/// Run `merge`: the merged folder, its summary on stderr (not under
/// `--quiet`: the extract summary line, the check summary), and the exit
/// code the merged run would have.
pub fn merge_command(args: &crate::merge::MergeArgs) -> crate::exit::Exit {
    use crate::exit::Exit;
    let outcome = match crate::merge::run_merge(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("lexsarah: error: {e}");
            return Exit::CouldNotRun;
        }
    };
    let mut exit = Exit::Ok;
    if let Some(t) = &outcome.extract {
        if !args.quiet {
            eprintln!("{}", summary_line(t));
        }
        exit = exit_code(t);
    }
    if let Some(r) = &outcome.check {
        if !args.quiet {
            eprint!("{}", crate::check::summary(r));
        }
        let e = crate::check::exit_code(r, args.fail_on);
        if e.code() > exit.code() {
            exit = e;
        }
    }
    exit
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
            if w.crops {
                opts.crops_below = Some(args.review_below);
            }
            Some(w)
        }
        None => None,
    };
    let mut archive = crate::output::store::Store::open(
        args.sqlite.as_deref(),
        args.postgres.as_deref(),
        args.review_below,
    )?;
    let spec = args.shard.shard;
    // What the shard's manifest records of the settings, as they were
    // when the run began (the corrections file's digest included).
    let settings = spec
        .map(|_| extract_settings(args, redactor.as_ref()))
        .transpose()?;
    // Under --shard every entry of the walk is seen (and digested), and
    // only this shard's go on to be read.
    let partition = spec.map(|s| std::sync::Mutex::new(crate::shard::Partition::new(s)));
    // (A lock only for `pool.install`'s Send bound: walk and sink both run
    // on this thread.)
    fn part(
        p: &std::sync::Mutex<crate::shard::Partition>,
    ) -> std::sync::MutexGuard<'_, crate::shard::Partition> {
        p.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    let pb = crate::args::Progress::of_shard(&args.input.paths, spec, args.input.quiet);
    let mut totals = Totals::default();
    pool.install(|| {
        pipeline::run_batch(
            ingest::walk(&args.input.paths)
                .filter(|e| partition.as_ref().is_none_or(|p| part(p).admit(e))),
            &opts,
            |mut o| {
                if let Some(r) = &redactor {
                    r.outcome(&mut o);
                }
                totals.add(&o);
                pb.name_failed(&o.row);
                let mut review = 0;
                if let Some(w) = &mut writers {
                    w.write_file(&o.row)?;
                    for r in &o.records {
                        review += w.write_case(r, &o.crops)?;
                    }
                }
                if let Some(p) = &partition {
                    part(p).log(&o, review);
                }
                if let Some(a) = &mut archive {
                    a.import(&o, &archive_key(&o.source, redactor.as_ref()))?;
                }
                Ok::<(), RunError>(())
            },
            || pb.inc(),
        )
    })?;
    pb.finish();
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
                "{} read before it; the output folder is as it was, the archive (if any) holds {}",
                crate::plural::count(totals.files, "file", "files"),
                crate::plural::agree(totals.files, "it", "them")
            ),
        });
    }
    if let Some(w) = writers {
        w.commit()?;
    }
    if let Some(c) = &opts.corrections {
        // Under --shard a correction of another shard's case is that
        // shard's to apply.
        let unknown = c.unknown_where(|id| spec.is_none_or(|s| s.holds_case(id)));
        let stale = c.stale();
        for m in stale.iter().chain(&unknown) {
            eprintln!("lexsarah: {m}");
        }
        eprintln!(
            "lexsarah: {}: corrections: {} applied, {} not applied (file changed), {} for no case of this run",
            c.path.display(),
            c.applied(),
            stale.len(),
            unknown.len()
        );
        totals.unknown_corrections = unknown.len();
    }
    if let Some(out) = &args.out {
        match partition {
            Some(p) => extract_manifest(
                args,
                out,
                &part(&p),
                &totals,
                settings.unwrap_or_default(),
                redactor.as_ref(),
            )?
            .write(out)?,
            None => crate::shard::manifest::remove_stale(out, crate::shard::manifest::EXTRACT)?,
        }
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
        let gone = mark_missing(&mut a, &roots, args, redactor.as_ref())?;
        if gone > 0 {
            eprintln!(
                "lexsarah: {} in the archive {} no longer under the inputs: marked missing",
                crate::plural::count(gone, "file", "files"),
                crate::plural::agree(gone, "is", "are")
            );
        }
        a.close()?;
    }
    Ok(totals)
}

/// Mark the archive's files under `roots` that this import did not see as
/// missing. Under `--shard`, only this shard's files (another shard
/// imports the others); under `--redact` too the archive's paths are
/// keyed hashes whose shard cannot be told, so none is marked.
fn mark_missing(
    a: &mut crate::output::store::Store,
    roots: &[String],
    args: &ExtractArgs,
    redactor: Option<&crate::redact::Redactor>,
) -> Result<usize, RunError> {
    let Some(spec) = args.shard.shard else {
        return a.mark_missing(roots, None);
    };
    if redactor.is_some() {
        eprintln!(
            "lexsarah: --shard with --redact: files gone from the inputs are not marked missing in the archive (their shard cannot be told from a redacted path)"
        );
        return Ok(0);
    }
    let rel = crate::shard::ArchiveRel::new(&args.input.paths);
    let mine = |key: &str| rel.rel(key).is_some_and(|r| spec.holds(&r));
    a.mark_missing(roots, Some(&mine))
}

/// The options of an `extract` run that change what it writes, by name,
/// as a shard's manifest records them (shards of one run must agree).
fn extract_settings(
    args: &ExtractArgs,
    redactor: Option<&crate::redact::Redactor>,
) -> Result<std::collections::BTreeMap<String, String>, RunError> {
    use clap::ValueEnum;
    let name = |v: Option<clap::builder::PossibleValue>| {
        v.map(|v| v.get_name().to_string()).unwrap_or_default()
    };
    let corrections = match &args.corrections {
        Some(p) => pipeline::sha256_hex(&std::fs::read(p).map_err(|source| RunError::Input {
            path: p.clone(),
            source,
        })?),
        None => "none".into(),
    };
    Ok([
        ("csv_dialect", name(args.csv_dialect.to_possible_value())),
        ("review_below", args.review_below.to_string()),
        ("ocr", name(args.input.ocr.ocr.to_possible_value())),
        (
            "redact",
            crate::shard::manifest::redaction_setting(redactor),
        ),
        ("corrections", corrections),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect())
}

/// The manifest of an `extract --shard` output folder (its outputs are in
/// place).
fn extract_manifest(
    args: &ExtractArgs,
    out: &std::path::Path,
    partition: &crate::shard::Partition,
    totals: &Totals,
    settings: std::collections::BTreeMap<String, String>,
    redactor: Option<&crate::redact::Redactor>,
) -> Result<crate::shard::manifest::Manifest, RunError> {
    use crate::shard::manifest;
    let key = redactor.map(|r| move |d: &str| r.path_key(d));
    Ok(manifest::Manifest {
        rules_version: crate::RULES_VERSION.to_string(),
        format: manifest::FORMAT.to_string(),
        command: "extract".to_string(),
        shard: partition.spec,
        inputs: manifest::inputs(
            &args.input.paths,
            partition,
            key.as_ref().map(|k| k as &dyn Fn(&str) -> String),
        ),
        settings,
        outputs: manifest::digest_outputs(out, crate::output::OUTPUT_FILES)?,
        totals: Some(manifest::Counts::of(totals)),
        run: None,
        files: partition.files.clone(),
    })
}

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

/// The one-line summary printed at the end of a run.
pub fn summary_line(t: &Totals) -> String {
    use crate::plural::{agree, count};
    format!(
        "{}: {} read, {} failed, {} {}, {} skipped; {}; {} ({}, {}, {} info)",
        count(t.files, "file", "files"),
        t.documents_read,
        t.failed,
        t.needs_ocr,
        agree(t.needs_ocr, "needs OCR", "need OCR"),
        t.skipped,
        count(t.cases, "case", "cases"),
        count(t.flags, "flag", "flags"),
        count(t.errors, "error", "errors"),
        count(t.warnings, "warning", "warnings"),
        t.info
    )
}

/// The summary of an `extract` run as one JSON object (`--json`): the
/// counts, the files that could not be read and the flags by severity and
/// by rule (every rule, zero included), with the exit code.
pub fn summary_json(t: &Totals, exit: crate::exit::Exit) -> serde_json::Value {
    let mut rules: std::collections::BTreeMap<&str, usize> =
        crate::validate::CODES.iter().map(|c| (*c, 0)).collect();
    rules.extend(t.rules.iter().map(|(k, v)| (*k, *v)));
    serde_json::json!({
        "command": "extract",
        "rules_version": crate::RULES_VERSION,
        "files": t.files,
        "files_read": t.documents_read,
        "files_error": t.failed,
        "files_need_ocr": t.needs_ocr,
        "files_skipped": t.skipped,
        "files_failed": t.failed_files,
        "cases": t.cases,
        "flags": t.flags,
        "by_severity": {"error": t.errors, "warning": t.warnings, "info": t.info},
        "rules": rules,
        "exit_code": exit.code(),
    })
}

/// The end of a batch run (`extract`, `stats`): the summary line on stderr
/// (not under `--quiet`), with `--json` the summary as JSON on stdout, and
/// the exit code.
pub fn finish_batch(
    result: Result<Totals, RunError>,
    quiet: bool,
    json: bool,
) -> crate::exit::Exit {
    match result {
        Ok(totals) => {
            let exit = exit_code(&totals);
            if !quiet {
                eprintln!("{}", summary_line(&totals));
            }
            if json {
                crate::output::print_json(&summary_json(&totals, exit));
            }
            exit
        }
        Err(e) => {
            eprintln!("lexsarah: error: {e}");
            e.interrupted_exit()
                .unwrap_or(crate::exit::Exit::UsageOrOutput)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MarkKind, PageMark, Tick};

    /// A page image's box as `text` shows it: its state's glyph and word,
    /// what it belongs to, its label, margin and ink.
    #[test]
    fn a_mark_row_says_what_the_image_showed() {
        let mark = |kind, label: &str, state, ink, confidence| PageMark {
            kind,
            label: label.into(),
            state,
            ink,
            confidence,
            line: 3,
        };
        let cases = [
            (
                mark(MarkKind::Area, "Jobbtorg", Tick::Ticked, Some(0.412), 0.98),
                "↳ ☒ box read on the page image: area \"Jobbtorg\", ticked (margin 0.98, ink 0.41)",
            ),
            (
                mark(MarkKind::Law, "LSS", Tick::Empty, Some(0.05), 0.9),
                "↳ ☐ box read on the page image: law \"LSS\", empty (margin 0.90, ink 0.05)",
            ),
            (
                mark(
                    MarkKind::Option,
                    "Det rapporterade utgjorde ett missförhållande",
                    Tick::Undecided,
                    None,
                    0.0,
                ),
                "↳ ? box read on the page image: option \"Det rapporterade utgjorde ett missförhållande\", undecided (margin 0.00)",
            ),
        ];
        for (m, want) in cases {
            assert_eq!(mark_row(&m), want);
        }
    }
}
