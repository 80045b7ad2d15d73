//! The shard manifest: what a shard run records beside its outputs so that
//! `lexsarah merge` can put N shards' outputs together into exactly what
//! one run over all the inputs writes, and can refuse shards that do not
//! belong together.
//!
//! Written last, atomically, after the outputs are in place:
//! `OUT/extract-shard.json` by `extract --shard I/N -o OUT` and
//! `REPORT/check-shard.json` by `check --shard I/N --report REPORT`. One
//! JSON object (`Manifest`):
//!
//! - `rules_version`, `format` (`lexsarah-shard/1`), `command`, `shard`
//!   (`"I/N"`);
//! - `inputs`: how many paths were given and a SHA-256 of them (their
//!   bytes, in order), how many entries the walk of them met and a SHA-256
//!   of those entries' paths in walk order (every shard walks all the
//!   inputs, so all must agree); under `--redact` both digests are keyed
//!   with the redaction key (HMAC), as a path may hold a name;
//! - `settings`: each option that changes what is written (CSV dialect,
//!   review cut, OCR mode, redaction key fingerprint, corrections file
//!   digest), as text;
//! - `outputs`: each output file's size and SHA-256, so a folder changed
//!   since (or a run killed between renaming its outputs into place) is
//!   refused rather than merged;
//! - `files`: per file of the shard, in walk order, `[place in the walk,
//!   cases, flags, review rows, failed (1/0)]`: the sort key that puts the
//!   shards' rows back in the single run's order, and how many rows of
//!   each output are that file's;
//! - for `extract`, `totals` (the counts of the summary line); for
//!   `check`, `run`: when it started (`started_unix`, and as the report
//!   shows it), the inputs as the report shows them, whether the state
//!   remembered anything, and the flags new and resolved against this
//!   shard's state (case id, code, lines).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::ShardSpec;
use crate::error::{MergeError, RunError};

/// The manifest of an `extract --shard` output folder.
pub const EXTRACT: &str = "extract-shard.json";
/// The manifest of a `check --shard` report folder.
pub const CHECK: &str = "check-shard.json";
/// The manifest's format; another is refused.
pub const FORMAT: &str = "lexsarah-shard/1";

/// A flag as `check` tells it from another across runs: case id, code,
/// lines.
pub type FlagKey = (String, String, Vec<u32>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub rules_version: String,
    pub format: String,
    pub command: String,
    pub shard: ShardSpec,
    pub inputs: Inputs,
    pub settings: BTreeMap<String, String>,
    pub outputs: BTreeMap<String, FileDigest>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Counts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<CheckRun>,
    pub files: Vec<FileCounts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub paths: usize,
    pub paths_sha256: String,
    pub entries: u64,
    pub walk_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    pub bytes: u64,
    pub sha256: String,
}

/// One file of a shard: its place in the walk and its rows in each output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, u64, u64, u64, u8)", into = "(u64, u64, u64, u64, u8)")]
pub struct FileCounts {
    pub place: u64,
    pub cases: u64,
    pub flags: u64,
    pub review: u64,
    pub failed: bool,
}

impl From<(u64, u64, u64, u64, u8)> for FileCounts {
    fn from((place, cases, flags, review, failed): (u64, u64, u64, u64, u8)) -> FileCounts {
        FileCounts {
            place,
            cases,
            flags,
            review,
            failed: failed != 0,
        }
    }
}

impl From<FileCounts> for (u64, u64, u64, u64, u8) {
    fn from(f: FileCounts) -> Self {
        (f.place, f.cases, f.flags, f.review, u8::from(f.failed))
    }
}

/// The counts of an `extract` run's summary (`pipeline::Totals` without
/// the failed rows, which are in files.csv).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub files: usize,
    pub documents_read: usize,
    pub failed: usize,
    pub needs_ocr: usize,
    pub skipped: usize,
    pub cases: usize,
    pub flags: usize,
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub unknown_corrections: usize,
    pub rules: BTreeMap<String, usize>,
}

impl Counts {
    pub fn of(t: &crate::pipeline::Totals) -> Counts {
        Counts {
            files: t.files,
            documents_read: t.documents_read,
            failed: t.failed,
            needs_ocr: t.needs_ocr,
            skipped: t.skipped,
            cases: t.cases,
            flags: t.flags,
            errors: t.errors,
            warnings: t.warnings,
            info: t.info,
            unknown_corrections: t.unknown_corrections,
            rules: t.rules.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        }
    }

    /// Add these counts to `t` (rule codes this build does not know are
    /// left out of the per-rule counts).
    pub fn add_to(&self, t: &mut crate::pipeline::Totals) {
        t.files += self.files;
        t.documents_read += self.documents_read;
        t.failed += self.failed;
        t.needs_ocr += self.needs_ocr;
        t.skipped += self.skipped;
        t.cases += self.cases;
        t.flags += self.flags;
        t.errors += self.errors;
        t.warnings += self.warnings;
        t.info += self.info;
        t.unknown_corrections += self.unknown_corrections;
        for (code, n) in &self.rules {
            if let Some(c) = crate::validate::CODES.iter().find(|c| **c == code.as_str()) {
                *t.rules.entry(c).or_default() += n;
            }
        }
    }
}

/// What a `check` shard's report needs beyond report.json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRun {
    pub started_unix: i64,
    pub started: String,
    pub inputs: Vec<String>,
    pub had_state: bool,
    pub new: Vec<FlagKey>,
    pub resolved: Vec<FlagKey>,
}

impl Manifest {
    /// The manifest's file name for its command.
    pub fn name(&self) -> &'static str {
        if self.command == "check" {
            CHECK
        } else {
            EXTRACT
        }
    }

    /// Write the manifest into `dir`, atomically, after the outputs.
    pub fn write(&self, dir: &Path) -> Result<(), RunError> {
        let path = dir.join(self.name());
        crate::output::guard::ensure_ours(&path)?;
        let mut json = serde_json::to_vec(self).expect("a manifest always serializes");
        json.push(b'\n');
        crate::output::atomic::write_atomic(&path, &json)
    }

    /// The manifest `name` in `dir`, or `None` where there is none.
    pub fn read(dir: &Path, name: &str) -> Result<Option<Manifest>, MergeError> {
        let path = dir.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(MergeError::BadManifest {
                    path,
                    why: format!("cannot be read: {e}"),
                });
            }
        };
        let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| MergeError::BadManifest {
            path: path.clone(),
            why: format!("not the JSON a shard writes: {e}"),
        })?;
        if m.format != FORMAT {
            return Err(MergeError::BadManifest {
                path,
                why: format!("format {:?}, expected {FORMAT:?}", m.format),
            });
        }
        Ok(Some(m))
    }
}

/// Remove the manifest `name` from `dir` if one of ours stands there (an
/// unsharded run, or a merge, writes a folder that is no shard).
pub fn remove_stale(dir: &Path, name: &str) -> Result<(), RunError> {
    let path = dir.join(name);
    if !path.exists() {
        return Ok(());
    }
    crate::output::guard::ensure_ours(&path)?;
    std::fs::remove_file(&path).map_err(|source| RunError::Output { path, source })
}

/// The size and SHA-256 of the file at `path`, read in pieces.
pub fn digest_file(path: &Path) -> Result<FileDigest, RunError> {
    use sha2::Digest;
    use std::io::Read;
    let io = |source| RunError::Input {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok(FileDigest {
        bytes,
        sha256: super::hex(&h.finalize()),
    })
}

/// The digests of the outputs `names` in `dir`.
pub fn digest_outputs(
    dir: &Path,
    names: &[&str],
) -> Result<BTreeMap<String, FileDigest>, RunError> {
    names
        .iter()
        .map(|n| Ok((n.to_string(), digest_file(&dir.join(n))?)))
        .collect()
}

/// The redaction setting as a manifest records it: the key's fingerprint,
/// or `off`.
pub fn redaction_setting(redactor: Option<&crate::redact::Redactor>) -> String {
    redactor.map_or_else(|| "off".into(), |r| format!("key {}", r.fingerprint()))
}

/// The `inputs` record of a shard over `paths` whose walk `partition`
/// saw; under `--redact` the digests are keyed (`key` is the redactor's
/// keyed hash), as a digest of paths could be checked against guesses.
pub fn inputs(
    paths: &[PathBuf],
    partition: &super::Partition,
    key: Option<&dyn Fn(&str) -> String>,
) -> Inputs {
    let keyed = |d: String| key.map_or_else(|| d.clone(), |k| k(&d));
    let (entries, walk) = partition.walk();
    Inputs {
        paths: paths.len(),
        paths_sha256: keyed(super::roots_digest(paths)),
        entries,
        walk_sha256: keyed(walk),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_as_written_and_is_recognised_as_ours() {
        let dir = tempfile::tempdir().unwrap();
        let m = Manifest {
            rules_version: crate::RULES_VERSION.into(),
            format: FORMAT.into(),
            command: "extract".into(),
            shard: ShardSpec { index: 2, count: 3 },
            inputs: Inputs {
                paths: 1,
                paths_sha256: "a".into(),
                entries: 9,
                walk_sha256: "b".into(),
            },
            settings: [("csv_dialect".to_string(), "rfc4180".to_string())].into(),
            outputs: BTreeMap::new(),
            totals: Some(Counts::default()),
            run: None,
            files: vec![FileCounts {
                place: 4,
                cases: 2,
                flags: 3,
                review: 1,
                failed: false,
            }],
        };
        m.write(dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(EXTRACT)).unwrap();
        assert!(text.starts_with("{\"rules_version\":"), "{text}");
        assert!(text.contains("\"shard\":\"2/3\""), "{text}");
        assert!(text.contains("\"files\":[[4,2,3,1,0]]"), "{text}");
        assert_eq!(
            Manifest::read(dir.path(), EXTRACT).unwrap(),
            Some(m.clone())
        );
        // Written again over itself: it is ours.
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path(), CHECK).unwrap(), None);
        std::fs::write(dir.path().join(CHECK), "{\"x\": 1}").unwrap();
        assert!(matches!(
            Manifest::read(dir.path(), CHECK),
            Err(MergeError::BadManifest { .. })
        ));
        remove_stale(dir.path(), EXTRACT).unwrap();
        assert!(!dir.path().join(EXTRACT).exists());
    }
}
