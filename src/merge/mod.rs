//! `lexsarah merge OUT_1 … OUT_N -o OUT`: the outputs of N shard runs
//! (`extract --shard I/N`, `check --shard I/N --report`) put together into
//! exactly what one run over all the inputs writes, byte for byte.
//!
//! Input: shard folders, each with its manifest (`shard::manifest`).
//! Output: the merged folder. The shards are checked first: all N of one
//! run, each once, from the same inputs, walk, rules and settings, each
//! folder as its manifest says (sizes and SHA-256 of its outputs, checked
//! as they are read); any of these failing is an error naming the
//! folders, and nothing is written.
//!
//! A single run writes its files in walk order and its rows file by file;
//! every shard records each of its files' place in that walk and how many
//! rows of each output are that file's. Merging is so a k-way interleave
//! by place: each output's rows are copied as they stand in the shards'
//! files (never parsed and written again), file by file in walk order.
//! What is not a copy is computed as the single run computes it: the
//! review page's head (its counts) and its limit of crops per page
//! (`review_html::PageBuilder`), and the check report's totals, new and
//! resolved flags (`report`), rendered by the report's own code, with the
//! earliest shard's start time as the run's.

mod report;
mod tables;

use std::path::{Path, PathBuf};

use crate::error::{MergeError, RunError};
use crate::shard::ShardSpec;
use crate::shard::manifest::{self, FileCounts, Manifest};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard folders, in any order: the output folders of `extract
    /// --shard I/N -o DIR` or the report folders of `check --shard I/N
    /// --report DIR` (a folder may be both), all N shards of one run.
    #[arg(required = true, value_name = "SHARD_DIRS")]
    pub shards: Vec<PathBuf>,
    /// The merged folder (created if missing): what one run over all the
    /// inputs writes there.
    #[arg(short, long, value_name = "OUT")]
    pub out: PathBuf,
    /// Lowest severity that fails a merged check report (exit 1 for
    /// warnings, 2 for errors), as `check --fail-on`.
    #[arg(long, value_enum, default_value_t = crate::check::FailOn::Warning)]
    pub fail_on: crate::check::FailOn,
    /// When a shard run is still writing one of the folders, or another
    /// run the output folder, wait for it instead of failing at once.
    #[arg(long)]
    pub wait: bool,
    /// No summary at the end.
    #[arg(short, long)]
    pub quiet: bool,
}

/// What was merged: the totals of the `extract` shards, the report of the
/// `check` shards.
#[derive(Debug)]
pub struct MergeOutcome {
    pub extract: Option<crate::pipeline::Totals>,
    pub check: Option<crate::check::Report>,
}

/// One command's shards, checked and sorted by shard number, with the
/// plan: every file of the walk, in walk order, with the shard that has it.
#[derive(Debug)]
pub struct Shards {
    pub dirs: Vec<PathBuf>,
    pub manifests: Vec<Manifest>,
    pub plan: Vec<(usize, FileCounts)>,
}

pub fn run_merge(args: &MergeArgs) -> Result<MergeOutcome, RunError> {
    let (extract, check) = load(&args.shards)?;
    std::fs::create_dir_all(&args.out).map_err(|source| RunError::Output {
        path: args.out.clone(),
        source,
    })?;
    refuse_own_output(&args.out, &args.shards)?;
    let lock = crate::output::lock::lock_path(&args.out, true);
    let _lock = crate::output::lock::RunLock::acquire(&lock, &args.out, args.wait)?;
    // No shard run may be writing its folder while it is read.
    let mut _idle = Vec::new();
    for dir in &args.shards {
        _idle.extend(crate::output::lock::RunLock::shared(
            &crate::output::lock::lock_path(dir, true),
            dir,
            args.wait,
        )?);
    }
    crate::output::atomic::remove_stale_temporaries(&args.out);
    let totals = match &extract {
        Some(s) => Some(tables::merge(s, &args.out)?),
        None => None,
    };
    let report = match &check {
        Some(s) => Some(report::merge(s, &args.out)?),
        None => None,
    };
    Ok(MergeOutcome {
        extract: totals,
        check: report,
    })
}

/// The merged output must not be one of the folders it is made from.
fn refuse_own_output(out: &Path, shards: &[PathBuf]) -> Result<(), RunError> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let o = canon(out);
    if shards.iter().any(|s| canon(s) == o) {
        return Err(MergeError::OutputIsShard {
            out: out.to_path_buf(),
        }
        .into());
    }
    Ok(())
}

/// Read every folder's manifests and check each command's shards.
fn load(dirs: &[PathBuf]) -> Result<(Option<Shards>, Option<Shards>), MergeError> {
    let mut extract = Vec::new();
    let mut check = Vec::new();
    for dir in dirs {
        let e = Manifest::read(dir, manifest::EXTRACT)?;
        let c = Manifest::read(dir, manifest::CHECK)?;
        if e.is_none() && c.is_none() {
            return Err(MergeError::NotAShard {
                dir: dir.clone(),
                names: format!("{} or {}", manifest::EXTRACT, manifest::CHECK),
            });
        }
        let kinds = |e: bool, c: bool| match (e, c) {
            (true, true) => "extract and check shards",
            (true, false) => "an extract shard",
            _ => "a check shard",
        };
        let first = (!extract.is_empty(), !check.is_empty());
        if (first.0 || first.1) && first != (e.is_some(), c.is_some()) {
            return Err(MergeError::Kinds {
                dir: dir.clone(),
                has: kinds(e.is_some(), c.is_some()).into(),
                first: dirs[0].clone(),
                first_has: kinds(first.0, first.1).into(),
            });
        }
        if let Some(m) = e {
            extract.push((dir.clone(), m));
        }
        if let Some(m) = c {
            check.push((dir.clone(), m));
        }
    }
    let checked =
        |v: Vec<(PathBuf, Manifest)>| (!v.is_empty()).then(|| check_shards(v)).transpose();
    Ok((checked(extract)?, checked(check)?))
}

/// All N shards of one run, each once, from the same inputs and settings;
/// their files together the whole walk, each file once.
fn check_shards(mut shards: Vec<(PathBuf, Manifest)>) -> Result<Shards, MergeError> {
    shards.sort_by_key(|(_, m)| m.shard);
    let (first_dir, first) = shards[0].clone();
    let count = first.shard.count;
    for (dir, m) in &shards {
        if m.shard.count != count {
            return Err(MergeError::Count {
                dir: dir.clone(),
                count: m.shard.count,
                first: first_dir.clone(),
                first_count: count,
            });
        }
        if let Some(what) = differences(&first, m) {
            return Err(MergeError::Mismatch {
                dir: dir.clone(),
                first: first_dir.clone(),
                what,
            });
        }
    }
    for pair in shards.windows(2) {
        if pair[0].1.shard == pair[1].1.shard {
            return Err(MergeError::Duplicate {
                spec: pair[0].1.shard.to_string(),
                first: pair[0].0.clone(),
                second: pair[1].0.clone(),
            });
        }
    }
    let given: Vec<u32> = shards.iter().map(|(_, m)| m.shard.index).collect();
    if given.len() != count as usize {
        let missing: Vec<String> = (1..=count)
            .filter(|i| !given.contains(i))
            .map(|index| ShardSpec { index, count }.to_string())
            .collect();
        return Err(MergeError::Missing {
            missing: format!(
                "{} {}",
                if missing.len() == 1 {
                    "shard"
                } else {
                    "shards"
                },
                shown_list(&missing)
            ),
            given: shown_list(
                &given
                    .iter()
                    .map(|i| format!("{i}/{count}"))
                    .collect::<Vec<_>>(),
            ),
            count,
        });
    }
    let plan = plan(&shards, first.inputs.entries)?;
    let (dirs, manifests) = shards.into_iter().unzip();
    Ok(Shards {
        dirs,
        manifests,
        plan,
    })
}

/// At most ten items, then how many more.
fn shown_list(items: &[String]) -> String {
    let mut s = items
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > 10 {
        s.push_str(&format!(" and {} more", items.len() - 10));
    }
    s
}

/// What differs between two shards' runs (rules, inputs, walk, settings),
/// in words; `None` when they belong together.
fn differences(a: &Manifest, b: &Manifest) -> Option<String> {
    if a.rules_version != b.rules_version {
        return Some(format!(
            "made by rules {}, not {}",
            b.rules_version, a.rules_version
        ));
    }
    if a.inputs.paths != b.inputs.paths || a.inputs.paths_sha256 != b.inputs.paths_sha256 {
        return Some(format!(
            "other input paths ({} given, not the same {} in the same order)",
            b.inputs.paths, a.inputs.paths
        ));
    }
    if a.inputs.entries != b.inputs.entries || a.inputs.walk_sha256 != b.inputs.walk_sha256 {
        return Some(format!(
            "its walk of the inputs met {} entries, other than the {} it met there (the inputs changed between the shard runs)",
            b.inputs.entries, a.inputs.entries
        ));
    }
    for (k, v) in &a.settings {
        let w = b.settings.get(k).map_or("(not set)", String::as_str);
        if w != v {
            return Some(format!("{k} is {w}, not {v}"));
        }
    }
    b.settings
        .keys()
        .find(|k| !a.settings.contains_key(*k))
        .map(|k| format!("it has a setting {k} the other has not"))
}

/// Every place of the walk once, with its shard and counts, in walk order.
fn plan(
    shards: &[(PathBuf, Manifest)],
    entries: u64,
) -> Result<Vec<(usize, FileCounts)>, MergeError> {
    let mut plan: Vec<(usize, FileCounts)> = Vec::new();
    for (s, (dir, m)) in shards.iter().enumerate() {
        if m.files.windows(2).any(|w| w[0].place >= w[1].place) {
            return Err(MergeError::BadManifest {
                path: dir.join(m.name()),
                why: "its files are not in walk order".into(),
            });
        }
        plan.extend(m.files.iter().map(|f| (s, *f)));
    }
    plan.sort_by_key(|(_, f)| f.place);
    for (i, (s, f)) in plan.iter().enumerate() {
        if f.place != i as u64 || f.place >= entries {
            let (dir, m) = &shards[*s];
            return Err(MergeError::BadManifest {
                path: dir.join(m.name()),
                why: format!(
                    "the shards' files are not the walk's {entries} entries, each once (at entry {i})"
                ),
            });
        }
    }
    if plan.len() as u64 != entries {
        return Err(MergeError::BadManifest {
            path: shards[0].0.join(shards[0].1.name()),
            why: format!(
                "the shards hold {} files, the walk met {entries}",
                plan.len()
            ),
        });
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(index: u32, count: u32, places: &[u64]) -> Manifest {
        Manifest {
            rules_version: "r".into(),
            format: manifest::FORMAT.into(),
            command: "extract".into(),
            shard: ShardSpec { index, count },
            inputs: manifest::Inputs {
                paths: 1,
                paths_sha256: "p".into(),
                entries: 4,
                walk_sha256: "w".into(),
            },
            settings: [("csv_dialect".to_string(), "rfc4180".to_string())].into(),
            outputs: Default::default(),
            totals: None,
            run: None,
            files: places
                .iter()
                .map(|&place| FileCounts {
                    place,
                    cases: 1,
                    flags: 0,
                    review: 0,
                    failed: false,
                })
                .collect(),
        }
    }

    fn dir(i: u32) -> PathBuf {
        PathBuf::from(format!("out{i}"))
    }

    #[test]
    fn shards_that_do_not_belong_together_are_named() {
        let ok = vec![
            (dir(2), manifest(2, 2, &[1, 2])),
            (dir(1), manifest(1, 2, &[0, 3])),
        ];
        let s = check_shards(ok).unwrap();
        assert_eq!(s.dirs, [dir(1), dir(2)]);
        let places: Vec<(usize, u64)> = s.plan.iter().map(|(s, f)| (*s, f.place)).collect();
        assert_eq!(places, [(0, 0), (1, 1), (1, 2), (0, 3)]);

        let msg = |v: Vec<(PathBuf, Manifest)>| check_shards(v).unwrap_err().to_string();
        let m = msg(vec![
            (dir(1), manifest(1, 3, &[0])),
            (dir(3), manifest(3, 3, &[1])),
        ]);
        assert_eq!(m, "shard 2/3 missing: the folders given hold 1/3, 3/3 of 3");
        let m = msg(vec![
            (dir(1), manifest(1, 2, &[0, 3])),
            (dir(9), manifest(1, 2, &[0, 3])),
        ]);
        assert_eq!(m, "shard 1/2 is given twice: out1 and out9");
        let m = msg(vec![
            (dir(1), manifest(1, 2, &[0])),
            (dir(2), manifest(2, 3, &[1])),
        ]);
        assert!(
            m.contains("out2 is one of 3 shards but out1 is one of 2"),
            "{m}"
        );
        let mut other = manifest(2, 2, &[1, 2]);
        other.settings.insert("csv_dialect".into(), "excel".into());
        let m = msg(vec![(dir(1), manifest(1, 2, &[0, 3])), (dir(2), other)]);
        assert!(
            m.contains(
                "out2 is not a shard of the same run as out1: csv_dialect is excel, not rfc4180"
            ),
            "{m}"
        );
        let mut moved = manifest(2, 2, &[1, 2]);
        moved.inputs.entries = 5;
        let m = msg(vec![(dir(1), manifest(1, 2, &[0, 3])), (dir(2), moved)]);
        assert!(
            m.contains("the inputs changed between the shard runs"),
            "{m}"
        );
        let m = msg(vec![
            (dir(1), manifest(1, 2, &[0, 2])),
            (dir(2), manifest(2, 2, &[1, 2])),
        ]);
        assert!(m.contains("each once"), "{m}");
    }
}
