//! `lexsarah check`: the nightly data-quality job.
//!
//! Runs the pipeline over the inputs and reports the flags: a summary on
//! stdout, `report.json` and a self-contained `report.html` in `--report
//! DIR`. With `--state FILE` runs are incremental: each file's sha256 and the
//! rules version are remembered with its flags; an unchanged file is not
//! parsed again but still counted and reported; a new rules version
//! re-checks everything. The state file is written atomically; a corrupt one
//! is reported and rebuilt, never trusted.

pub mod html;
pub mod state;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::args::InputArgs;
use crate::error::RunError;
use crate::ingest::{self, Entry};
use crate::model::{FileRow, FileStatus};
use crate::output::atomic::write_atomic;
use crate::pipeline;
use crate::redact::Redactor;
use state::{FileState, State};

/// Exit codes of `lexsarah check`, as data-quality tools use them.
/// The exit codes of `check` (see `crate::exit`).
pub mod exit {
    use crate::exit::Exit;
    pub const CLEAN: i32 = Exit::Ok.code();
    pub const WARNINGS: i32 = Exit::Warnings.code();
    pub const ERRORS: i32 = Exit::Errors.code();
    pub const COULD_NOT_RUN: i32 = Exit::CouldNotRun.code();
}

/// The lowest severity that makes the exit code non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    #[default]
    Warning,
    Error,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Remember files and flags here; unchanged files are not parsed again.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Write report.json and report.html into this folder.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Lowest severity that fails the run (exit 1 for warnings, 2 for errors).
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Print the summary as one JSON object on stdout instead of text: the
    /// counts, the files that could not be read, flags by severity and rule,
    /// new and resolved flags, and the exit code.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub redact: crate::redact::RedactArgs,
    #[command(flatten)]
    pub shard: crate::shard::ShardArgs,
}

/// One flag as reported, with its case and file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedFlag {
    pub case_id: String,
    pub file: String,
    pub code: String,
    pub severity: String,
    pub message: String,
    pub lines: Vec<u32>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub line: u32,
    pub text: String,
}

/// The report: totals, counts per rule, every flag.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub rules_version: String,
    pub files: usize,
    pub files_parsed: usize,
    pub files_unchanged: usize,
    pub files_failed: Vec<FileRow>,
    pub cases: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub rules: BTreeMap<String, usize>,
    pub new_flags: usize,
    pub resolved_flags: usize,
    pub flags: Vec<ReportedFlag>,
    /// The flags (case, code, lines) new since the state's run; empty
    /// without a state that remembered files (then nothing is marked new).
    #[serde(skip, default)]
    pub new_keys: std::collections::BTreeSet<(String, String, Vec<u32>)>,
}

impl Report {
    /// Whether `f` is new since the last run (see `new_keys`).
    pub fn is_new(&self, f: &ReportedFlag) -> bool {
        !self.new_keys.is_empty() && self.new_keys.contains(&flag_key(f))
    }
}

/// What a check run found, for the summary and exit code.
pub struct CheckOutcome {
    pub report: Report,
    pub summary: String,
}

fn flags_of(outcome: &pipeline::FileOutcome) -> Vec<ReportedFlag> {
    let mut out = Vec::new();
    for r in &outcome.records {
        for f in &r.flags {
            out.push(ReportedFlag {
                case_id: r.id.clone(),
                file: r.source.path.clone(),
                code: f.code.to_string(),
                severity: f.severity.as_str().to_string(),
                message: f.message.clone(),
                lines: f.lines.clone(),
                evidence: f
                    .lines
                    .iter()
                    .zip(&f.evidence)
                    .map(|(&line, t)| Evidence {
                        line,
                        text: t.clone(),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// Check one entry: reuse its remembered result when its content is unchanged.
fn check_entry(
    entry: &Entry,
    prev: &State,
    opts: &ingest::ReadOptions,
    redactor: Option<&Redactor>,
) -> (FileState, bool) {
    let key = state_key(entry, redactor);
    match pipeline::load(entry) {
        Err(mut outcome) => {
            if let Some(r) = redactor {
                r.outcome(&mut outcome);
            }
            (
                FileState {
                    row: outcome.row,
                    cases: 0,
                    flags: Vec::new(),
                },
                true,
            )
        }
        Ok((bytes, sha)) => {
            if let Some(old) = prev
                .files
                .get(&key)
                .filter(|o| o.row.sha256.as_deref() == Some(sha.as_str()))
            {
                return (old.clone(), false);
            }
            let mut outcome = pipeline::process_loaded(entry, &bytes, sha, opts);
            if let Some(r) = redactor {
                r.outcome(&mut outcome);
            }
            let flags = flags_of(&outcome);
            (
                FileState {
                    cases: outcome.records.len(),
                    row: outcome.row,
                    flags,
                },
                true,
            )
        }
    }
}

/// When the run started, in seconds since 1970 and as the report shows it
/// (local time): now, or where `SOURCE_DATE_EPOCH` is set (the
/// reproducible-builds convention: seconds since 1970) that moment, so a
/// report can be made again byte for byte.
pub fn run_started() -> (i64, String) {
    let ts = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let shown = ts
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string();
    (ts.as_second(), shown)
}

pub fn run_check(args: &CheckArgs) -> Result<CheckOutcome, RunError> {
    let (started_unix, started) = run_started();
    args.input.check_paths()?;
    let redactor = args.redact.redactor()?;
    let pool = args.input.pool()?;
    let opts = args.input.read_options();
    let version = state_version(redactor.as_ref());
    // Every path written at the end is tried first, so that a wrong one
    // stops the run before its work.
    if let Some(dir) = &args.report {
        std::fs::create_dir_all(dir).map_err(|source| RunError::Output {
            path: dir.clone(),
            source,
        })?;
        for name in ["report.json", "report.html"] {
            crate::output::guard::ensure_ours(&dir.join(name))?;
            crate::output::atomic::check_writable(&dir.join(name))?;
        }
    }
    if let Some(p) = &args.state {
        crate::output::atomic::check_writable(p)?;
    }
    // One run at a time per state file and per report folder.
    let mut _locks = Vec::new();
    if let Some(p) = &args.state {
        let lp = crate::output::lock::lock_path(p, false);
        _locks.push(crate::output::lock::RunLock::acquire(
            &lp,
            p,
            args.input.wait,
        )?);
    }
    if let Some(dir) = &args.report {
        let lp = crate::output::lock::lock_path(dir, true);
        _locks.push(crate::output::lock::RunLock::acquire(
            &lp,
            dir,
            args.input.wait,
        )?);
    }
    // Under the locks: the temporaries a killed run left are swept.
    if let Some(dir) = &args.report {
        for name in ["report.json", "report.html"] {
            crate::output::atomic::remove_stale_temporaries_of(&dir.join(name));
        }
    }
    if let Some(p) = &args.state {
        crate::output::atomic::remove_stale_temporaries_of(p);
    }
    let (prev, note) = match &args.state {
        Some(p) => State::load(p, &version)?,
        None => (State::default(), None),
    };
    if let Some(n) = &note {
        eprintln!("lexsarah: {n}");
    }
    let entries = ingest::discover(&args.input.paths);
    // An input that holds nothing while the state remembers documents under
    // it is an unmounted or emptied archive, not a night with every flag
    // resolved: stop before the state is touched.
    if redactor.is_none() && !prev.files.is_empty() {
        let found: std::collections::BTreeSet<String> =
            entries.iter().map(|e| key_of(&e.path)).collect();
        for root in &args.input.paths {
            let key = key_of(root);
            let remembered = prev.remembers_under(&key);
            let under = format!("{}/", key.trim_end_matches('/'));
            let found = found.contains(&key)
                || found
                    .range(under.clone()..)
                    .next()
                    .is_some_and(|k| k.starts_with(&under));
            if !found && remembered > 0 {
                return Err(RunError::Unsafe(format!(
                    "input {} holds no documents, but the state remembers {} under it (is the archive mounted?)",
                    root.display(),
                    crate::plural::count(remembered, "document", "documents")
                )));
            }
        }
    }
    // Under --shard the whole walk is seen (and digested) and this
    // shard's entries kept.
    let mut partition = args.shard.shard.map(crate::shard::Partition::new);
    let entries: Vec<Entry> = match &mut partition {
        Some(p) => entries.into_iter().filter(|e| p.admit(e)).collect(),
        None => entries,
    };
    let pb = crate::args::Progress::with_len(entries.len(), args.input.quiet);
    // In input order, chunk by chunk (as `extract` does): a file that
    // cannot be read is named on stderr as it is met, whatever the thread
    // count, remembered in the state or not.
    let mut results: Vec<(String, FileState, bool)> = Vec::with_capacity(entries.len());
    pool.install(|| {
        pipeline::in_order(
            entries.iter(),
            |e| check_entry(e, &prev, &opts, redactor.as_ref()),
            |e, (fs, parsed)| {
                pb.name_failed(&fs.row);
                results.push((state_key(e, redactor.as_ref()), fs, parsed));
                Ok::<(), RunError>(())
            },
            || pb.inc(),
        )
    })?;
    pb.finish();
    if let Some(signal) = crate::interrupt::requested() {
        // Keep what was finished: the state gets the files checked before
        // the signal (and keeps what it knew of the others), so the next
        // run goes on from there; the report is not written, as it would
        // count only part of the archive.
        let mut next = prev.clone();
        let done = results.len();
        for (key, fs, _) in results {
            next.files.insert(key, fs);
        }
        let saved = match &args.state {
            Some(p) => {
                next.save(p, &version)?;
                format!("; the state holds them ({})", p.display())
            }
            None => String::new(),
        };
        return Err(RunError::Interrupted {
            signal,
            done: format!(
                "{done} of {} checked{saved}; no report written",
                crate::plural::count(entries.len(), "file", "files")
            ),
        });
    }
    let mut next = State::default();
    for (key, fs, _) in &results {
        next.files.insert(key.clone(), fs.clone());
    }
    let results: Vec<(FileState, bool)> = results
        .into_iter()
        .map(|(_, fs, parsed)| (fs, parsed))
        .collect();
    let report = build_report(&results, &prev);
    if let Some(dir) = &args.report {
        std::fs::create_dir_all(dir).map_err(|source| RunError::Output {
            path: dir.clone(),
            source,
        })?;
        let json = serde_json::to_vec_pretty(&report).expect("a report always serializes");
        write_atomic(&dir.join("report.json"), &json)?;
        let run = html::RunInfo {
            started,
            inputs: shown_inputs(&args.input.paths, redactor.is_some()),
        };
        write_atomic(
            &dir.join("report.html"),
            html::render(&report, &run).as_bytes(),
        )?;
        match &mut partition {
            Some(p) => {
                for (fs, _) in &results {
                    p.log_counts(fs.cases, fs.flags.len(), 0, fs.row.status);
                }
                let (new, resolved) = flag_changes(&report.flags, &prev);
                let shard_run = crate::shard::manifest::CheckRun {
                    started_unix,
                    started: run.started.clone(),
                    inputs: run.inputs.clone(),
                    had_state: !prev.files.is_empty(),
                    new: new.into_iter().collect(),
                    resolved: resolved.into_iter().collect(),
                };
                check_manifest(args, dir, p, shard_run, redactor.as_ref())?.write(dir)?;
            }
            None => crate::shard::manifest::remove_stale(dir, crate::shard::manifest::CHECK)?,
        }
    }
    if let Some(p) = &args.state {
        next.save(p, &version)?;
    }
    let summary = summary(&report);
    Ok(CheckOutcome { report, summary })
}

/// The manifest of a `check --shard` report folder (the report is in
/// place).
fn check_manifest(
    args: &CheckArgs,
    dir: &std::path::Path,
    partition: &crate::shard::Partition,
    run: crate::shard::manifest::CheckRun,
    redactor: Option<&Redactor>,
) -> Result<crate::shard::manifest::Manifest, RunError> {
    use crate::shard::manifest;
    use clap::ValueEnum;
    let key = redactor.map(|r| move |d: &str| r.path_key(d));
    let ocr = args
        .input
        .ocr
        .ocr
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    Ok(manifest::Manifest {
        rules_version: crate::RULES_VERSION.to_string(),
        format: manifest::FORMAT.to_string(),
        command: "check".to_string(),
        shard: partition.spec,
        inputs: manifest::inputs(
            &args.input.paths,
            partition,
            key.as_ref().map(|k| k as &dyn Fn(&str) -> String),
        ),
        settings: [
            ("ocr".to_string(), ocr),
            ("redact".to_string(), manifest::redaction_setting(redactor)),
        ]
        .into(),
        outputs: manifest::digest_outputs(dir, REPORT_FILES)?,
        totals: None,
        run: Some(run),
        files: partition.files.clone(),
    })
}

/// The files a report folder holds.
pub const REPORT_FILES: &[&str] = &["report.json", "report.html"];

/// How many inputs the report names before it says how many more there are.
const SHOWN_INPUTS: usize = 20;

/// The inputs as the report shows them: the paths as given (the first
/// `SHOWN_INPUTS` of a long `--files-from` list, then a count), or under
/// `--redact` only their number, as a path may hold a name.
fn shown_inputs(paths: &[PathBuf], redacted: bool) -> Vec<String> {
    if redacted {
        return vec![format!("{} (sökvägarna dolda av --redact)", paths.len())];
    }
    let mut v: Vec<String> = paths
        .iter()
        .take(SHOWN_INPUTS)
        .map(|p| ingest::path_text(p))
        .collect();
    if paths.len() > SHOWN_INPUTS {
        v.push(format!("… och {} till", paths.len() - SHOWN_INPUTS));
    }
    v
}

/// The version a state file is kept under: the rules version, and with
/// `--redact` the key's fingerprint, so flags remembered unredacted (or
/// under another key) are never reused in a redacted run.
fn state_version(redactor: Option<&Redactor>) -> String {
    match redactor {
        None => crate::RULES_VERSION.to_string(),
        Some(r) => format!("{}+redacted.{}", crate::RULES_VERSION, r.fingerprint()),
    }
}

/// A file's key in the state: its absolute path (so `arkiv`, `./arkiv` and
/// `/abs/arkiv` are one archive), or under `--redact` a keyed hash of it (a
/// path may hold a name or a personnummer).
fn state_key(entry: &Entry, redactor: Option<&Redactor>) -> String {
    let path = key_of(&entry.path);
    match redactor {
        None => path,
        Some(r) => r.path_key(&path),
    }
}

/// `path` made absolute and normalised without touching the file system
/// (`.` components and repeated separators go; a symlink stays itself).
fn key_of(path: &std::path::Path) -> String {
    ingest::path_text(&ingest::absolute(path))
}

pub fn flag_key(f: &ReportedFlag) -> (String, String, Vec<u32>) {
    (f.case_id.clone(), f.code.clone(), f.lines.clone())
}

type FlagKeys = std::collections::BTreeSet<(String, String, Vec<u32>)>;

/// The flags (keys) new since `prev`, and those `prev` remembered that
/// are gone.
fn flag_changes(flags: &[ReportedFlag], prev: &State) -> (FlagKeys, FlagKeys) {
    let old: FlagKeys = prev
        .files
        .values()
        .flat_map(|fs| fs.flags.iter().map(flag_key))
        .collect();
    let now: FlagKeys = flags.iter().map(flag_key).collect();
    (
        now.difference(&old).cloned().collect(),
        old.difference(&now).cloned().collect(),
    )
}

fn build_report(results: &[(FileState, bool)], prev: &State) -> Report {
    let flags: Vec<ReportedFlag> = results
        .iter()
        .flat_map(|(fs, _)| fs.flags.clone())
        .collect();
    let mut rules: BTreeMap<String, usize> = crate::validate::CODES
        .iter()
        .map(|c| (c.to_string(), 0))
        .collect();
    let mut by_severity: BTreeMap<String, usize> = ["error", "warning", "info"]
        .iter()
        .map(|s| (s.to_string(), 0))
        .collect();
    for f in &flags {
        *rules.entry(f.code.clone()).or_default() += 1;
        *by_severity.entry(f.severity.clone()).or_default() += 1;
    }
    let (new, resolved) = flag_changes(&flags, prev);
    let now: FlagKeys = flags.iter().map(flag_key).collect();
    let had_state = !prev.files.is_empty();
    Report {
        rules_version: crate::RULES_VERSION.to_string(),
        files: results.len(),
        files_parsed: results
            .iter()
            .filter(|(fs, parsed)| *parsed && fs.row.status == FileStatus::Ok)
            .count(),
        files_unchanged: results.iter().filter(|(_, parsed)| !parsed).count(),
        files_failed: results
            .iter()
            .filter(|(fs, _)| matches!(fs.row.status, FileStatus::Error | FileStatus::NeedsOcr))
            .map(|(fs, _)| fs.row.clone())
            .collect(),
        cases: results.iter().map(|(fs, _)| fs.cases).sum(),
        by_severity,
        rules,
        new_flags: if had_state { new.len() } else { now.len() },
        resolved_flags: if had_state { resolved.len() } else { 0 },
        new_keys: if had_state { new } else { Default::default() },
        flags,
    }
}

/// The text summary of a report, as `check` prints it.
pub fn summary(r: &Report) -> String {
    use crate::plural::count;
    let mut s = format!(
        "{} ({} parsed, {} unchanged, {} failed); {}; flags: {}, {}, {} info; {} new, {} resolved since the last run\n",
        count(r.files, "file", "files"),
        r.files_parsed,
        r.files_unchanged,
        r.files_failed.len(),
        count(r.cases, "case", "cases"),
        count(r.by_severity["error"], "error", "errors"),
        count(r.by_severity["warning"], "warning", "warnings"),
        r.by_severity["info"],
        r.new_flags,
        r.resolved_flags
    );
    for (code, n) in r.rules.iter().filter(|(_, n)| **n > 0) {
        s.push_str(&format!("  {code}: {n}\n"));
    }
    for f in &r.files_failed {
        s.push_str(&format!(
            "  file {}: {} ({})\n",
            f.path,
            f.status.as_str(),
            f.message
        ));
    }
    s
}

/// The summary as one JSON object (`--json`): `report.json` without the
/// list of flags, with the exit code.
pub fn summary_json(r: &Report, exit: crate::exit::Exit) -> serde_json::Value {
    let mut v = serde_json::to_value(r).expect("a report always serializes");
    if let Some(o) = v.as_object_mut() {
        o.remove("flags");
        o.insert("command".into(), "check".into());
        o.insert("exit_code".into(), exit.code().into());
    }
    v
}

/// The end of a check: the text summary on stdout (not under `--quiet`) or
/// the JSON one (`--json`), and the exit code. A reader that has gone
/// (`check … | head -1`) is not an error of the run: the exit code still
/// says what was found.
pub fn finish(outcome: &CheckOutcome, args: &CheckArgs) -> crate::exit::Exit {
    use std::io::Write;
    let exit = exit_code(&outcome.report, args.fail_on);
    if args.json {
        crate::output::print_json(&summary_json(&outcome.report, exit));
    } else if !args.input.quiet {
        let _ = std::io::stdout()
            .lock()
            .write_all(outcome.summary.as_bytes());
    }
    exit
}

/// The exit code for a finished check.
pub fn exit_code(r: &Report, fail_on: FailOn) -> crate::exit::Exit {
    use crate::exit::Exit;
    let errors = r.by_severity["error"] + r.files_failed.len();
    if errors > 0 {
        Exit::Errors
    } else if r.by_severity["warning"] > 0 && fail_on == FailOn::Warning {
        Exit::Warnings
    } else {
        Exit::Ok
    }
}
