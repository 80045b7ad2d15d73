//! Merging `check` shards: `report.json` and `report.html` as one run
//! over all the inputs writes them.
//!
//! Each shard's report is read (and checked against its manifest); the
//! merged report has the sums of their counts, their failed files and
//! flags in walk order (each file's from its shard), and the flags new and
//! resolved since the last run as one run with all the shards' states
//! together would find them: a flag is new when some shard found it new
//! and no shard remembered it (resolved there), and resolved when some
//! shard remembered it and no shard found it now. The page is rendered by
//! the report's own code, its time the earliest shard's start.

use std::collections::BTreeSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::Shards;
use super::tables::check_digest;
use crate::check::{Report, ReportedFlag, flag_key};
use crate::error::{MergeError, RunError};
use crate::shard::manifest::{CheckRun, FlagKey};

/// Merge the `check` shards into `out`; the merged report.
pub fn merge(s: &Shards, out: &Path) -> Result<Report, RunError> {
    for name in crate::check::REPORT_FILES {
        crate::output::guard::ensure_ours(&out.join(name))?;
    }
    let mut reports = Vec::with_capacity(s.dirs.len());
    let mut runs = Vec::with_capacity(s.dirs.len());
    for (dir, m) in s.dirs.iter().zip(&s.manifests) {
        reports.push(read_report(dir, m)?);
        runs.push(m.run.clone().ok_or_else(|| MergeError::BadManifest {
            path: dir.join(m.name()),
            why: "a check shard's manifest without its run".into(),
        })?);
    }
    let mut report = ordered(s, &mut reports)?;
    changes(&mut report, &runs);
    // The run began when its first shard did.
    let first = runs
        .iter()
        .min_by_key(|r| r.started_unix)
        .expect("there is at least one shard");
    let run = crate::check::html::RunInfo {
        started: first.started.clone(),
        inputs: first.inputs.clone(),
    };
    let json = serde_json::to_vec_pretty(&report).expect("a report always serializes");
    let mut files = Vec::new();
    for (name, bytes) in [
        ("report.json", json),
        (
            "report.html",
            crate::check::html::render(&report, &run).into_bytes(),
        ),
    ] {
        let path = out.join(name);
        let mut f = crate::output::AtomicFile::create(&path)?;
        std::io::Write::write_all(&mut f, &bytes)
            .map_err(|source| RunError::Output { path, source })?;
        files.push(f);
    }
    for f in files {
        f.commit()?;
    }
    crate::shard::manifest::remove_stale(out, crate::shard::manifest::CHECK)?;
    Ok(report)
}

/// A shard's report.json, its report.html checked against the manifest
/// too (the folder is whole).
fn read_report(dir: &Path, m: &crate::shard::manifest::Manifest) -> Result<Report, RunError> {
    let mut report = None;
    for name in crate::check::REPORT_FILES {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|source| RunError::Input {
            path: path.clone(),
            source,
        })?;
        let sha = crate::shard::hex(&Sha256::digest(&bytes));
        check_digest(&path, bytes.len() as u64, &sha, m.outputs.get(*name))?;
        if *name == "report.json" {
            report = Some(serde_json::from_slice::<Report>(&bytes).map_err(|e| {
                MergeError::Changed {
                    path,
                    why: format!("not a report lexsarah wrote: {e}"),
                }
            })?);
        }
    }
    Ok(report.expect("REPORT_FILES names report.json"))
}

/// The shards' reports as one: counts summed, failed files and flags in
/// walk order.
fn ordered(s: &Shards, reports: &mut [Report]) -> Result<Report, RunError> {
    let mut flags: Vec<std::vec::IntoIter<ReportedFlag>> = Vec::new();
    let mut failed = Vec::new();
    let mut merged = Report {
        rules_version: reports[0].rules_version.clone(),
        files: 0,
        files_parsed: 0,
        files_unchanged: 0,
        files_failed: Vec::new(),
        cases: 0,
        by_severity: Default::default(),
        rules: Default::default(),
        new_flags: 0,
        resolved_flags: 0,
        flags: Vec::new(),
        new_keys: Default::default(),
    };
    for r in reports.iter_mut() {
        merged.files += r.files;
        merged.files_parsed += r.files_parsed;
        merged.files_unchanged += r.files_unchanged;
        merged.cases += r.cases;
        for (k, n) in &r.by_severity {
            *merged.by_severity.entry(k.clone()).or_default() += n;
        }
        for (k, n) in &r.rules {
            *merged.rules.entry(k.clone()).or_default() += n;
        }
        flags.push(std::mem::take(&mut r.flags).into_iter());
        failed.push(std::mem::take(&mut r.files_failed).into_iter());
    }
    let short = |shard: usize| MergeError::Changed {
        path: s.dirs[shard].join("report.json"),
        why: "it holds fewer flags or failed files than its manifest counts".into(),
    };
    for (shard, f) in &s.plan {
        for _ in 0..f.flags {
            merged
                .flags
                .push(flags[*shard].next().ok_or_else(|| short(*shard))?);
        }
        if f.failed {
            merged
                .files_failed
                .push(failed[*shard].next().ok_or_else(|| short(*shard))?);
        }
    }
    for (shard, (mut fl, mut fa)) in flags.into_iter().zip(failed).enumerate() {
        if fl.next().is_some() || fa.next().is_some() {
            return Err(MergeError::Changed {
                path: s.dirs[shard].join("report.json"),
                why: "it holds more flags or failed files than its manifest counts".into(),
            }
            .into());
        }
    }
    Ok(merged)
}

/// New and resolved flags as one run with every shard's state would see
/// them (see the module's comment).
fn changes(report: &mut Report, runs: &[CheckRun]) {
    let had_state = runs.iter().any(|r| r.had_state);
    let new_somewhere: BTreeSet<&FlagKey> = runs.iter().flat_map(|r| &r.new).collect();
    let remembered_gone: BTreeSet<&FlagKey> = runs.iter().flat_map(|r| &r.resolved).collect();
    let now: BTreeSet<FlagKey> = report.flags.iter().map(flag_key).collect();
    let new: BTreeSet<FlagKey> = new_somewhere
        .difference(&remembered_gone)
        .map(|k| (*k).clone())
        .collect();
    let resolved = remembered_gone
        .iter()
        .filter(|k| !now.contains(**k))
        .count();
    report.new_flags = if had_state { new.len() } else { now.len() };
    report.resolved_flags = if had_state { resolved } else { 0 };
    report.new_keys = if had_state { new } else { BTreeSet::new() };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(case: &str) -> FlagKey {
        (case.to_string(), "date_mismatch".to_string(), vec![3])
    }

    fn flag(case: &str) -> ReportedFlag {
        ReportedFlag {
            case_id: case.into(),
            file: "f".into(),
            code: "date_mismatch".into(),
            severity: "error".into(),
            message: "m".into(),
            lines: vec![3],
            evidence: vec![],
        }
    }

    fn run(had_state: bool, new: &[&str], resolved: &[&str]) -> CheckRun {
        CheckRun {
            started_unix: 0,
            started: String::new(),
            inputs: vec![],
            had_state,
            new: new.iter().map(|c| key(c)).collect(),
            resolved: resolved.iter().map(|c| key(c)).collect(),
        }
    }

    /// A flag one shard finds new that another remembered (its file moved
    /// between shards) is neither new nor resolved, as in one run.
    #[test]
    fn new_and_resolved_across_shards_are_those_of_one_run() {
        let mut r: Report = serde_json::from_value(serde_json::json!({
            "rules_version": "r", "files": 2, "files_parsed": 2, "files_unchanged": 0,
            "files_failed": [], "cases": 2, "by_severity": {}, "rules": {},
            "new_flags": 0, "resolved_flags": 0, "flags": []
        }))
        .unwrap();
        r.flags = vec![flag("a#1"), flag("b#1"), flag("moved#1")];
        // Shard 1 remembered `moved` and `gone`; shard 2 finds `moved` and `b` new.
        let runs = [
            run(true, &["a#1"], &["moved#1", "gone#1"]),
            run(false, &["b#1", "moved#1"], &[]),
        ];
        changes(&mut r, &runs);
        assert_eq!(r.new_flags, 2);
        assert_eq!(r.resolved_flags, 1);
        assert_eq!(r.new_keys, [key("a#1"), key("b#1")].into());
        // Without any state, every flag counts as new and none is marked.
        let runs = [run(false, &["a#1", "b#1", "moved#1"], &[])];
        changes(&mut r, &runs);
        assert_eq!((r.new_flags, r.resolved_flags, r.new_keys.len()), (3, 0, 0));
    }
}
