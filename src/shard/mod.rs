//! Shards: one of N independent processes over the same inputs
//! (`--shard I/N` on `extract` and `check`), for a cluster scheduler's job
//! array.
//!
//! Input: the walk of the inputs (`ingest::walk`, every entry in its
//! order). Output: the entries of this shard, and what `lexsarah merge`
//! needs to put the shards' outputs back together (`manifest`).
//!
//! The partition: a file belongs to shard `I` of `N` (numbered from 1)
//! when the first 8 bytes of the SHA-256 of its `rel`, read as a
//! big-endian number, are `I - 1` modulo `N`. `rel` is the path relative to
//! the input root it was found under, as the case ids write it (with
//! several roots: under their common folder), so the partition is the same
//! on every machine and in every run over the same inputs, whatever the
//! mount point; N processes given the same inputs cover every file exactly
//! once. Every shard still walks all the inputs (names only), so that each
//! can say where its files stand in the one walk a single run makes, and
//! that all of them saw the same walk.

pub mod manifest;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::FileOutcome;
use crate::ingest::Entry;

/// Which shard this process is: `index` of `count`, `index` from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

/// At most this many shards (a bound against a typo such as `1/10000000000`).
pub const MAX_SHARDS: u32 = 1_000_000;

impl std::str::FromStr for ShardSpec {
    type Err = String;

    /// Grammar: `I/N`, two decimal integers with `1 <= I <= N <= MAX_SHARDS`.
    fn from_str(s: &str) -> Result<ShardSpec, String> {
        let bad = |why: &str| format!("'{s}' is not a shard I/N: {why}");
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| bad("expected two numbers joined by '/', e.g. 3/8"))?;
        let num = |t: &str, what: &str| {
            t.trim()
                .parse::<u32>()
                .map_err(|_| bad(&format!("{what} '{t}' is not a whole number")))
        };
        let (index, count) = (num(i, "I")?, num(n, "N")?);
        if count == 0 || count > MAX_SHARDS {
            return Err(bad(&format!("N must be from 1 to {MAX_SHARDS}")));
        }
        if index == 0 {
            return Err(bad(
                "shards are numbered from 1 to N (for a 0-based index such as Kubernetes' JOB_COMPLETION_INDEX, add 1)",
            ));
        }
        if index > count {
            return Err(bad(&format!("I must be from 1 to N ({count})")));
        }
        Ok(ShardSpec { index, count })
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl serde::Serialize for ShardSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ShardSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ShardSpec, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl ShardSpec {
    /// Whether the file at `rel` belongs to this shard.
    pub fn holds(&self, rel: &str) -> bool {
        shard_of(rel, self.count) == self.index
    }

    /// Whether the case `id` (`rel#n`) is one of this shard's files'.
    pub fn holds_case(&self, id: &str) -> bool {
        let rel = id.rsplit_once('#').map_or(id, |(rel, _)| rel);
        self.holds(rel)
    }
}

/// The shard (1 to `count`) that the file at `rel` belongs to.
pub fn shard_of(rel: &str, count: u32) -> u32 {
    let digest = Sha256::digest(rel.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(count.max(1))) as u32 + 1
}

/// `--shard I/N`, flattened into the commands that take it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ShardArgs {
    /// Read only shard I of N of the input files (1 <= I <= N), chosen by a
    /// hash of each file's path under its input root, the same on every
    /// machine: N processes with the same inputs and I = 1 … N read every
    /// file once. Each writes its own output folder; `lexsarah merge`
    /// joins them into what one run writes.
    #[arg(long, value_name = "I/N", value_parser = parse_spec)]
    pub shard: Option<ShardSpec>,
}

fn parse_spec(s: &str) -> Result<ShardSpec, String> {
    s.parse()
}

/// One shard's view of the walk: every entry is counted and its path
/// digested (all shards see the same walk), the shard's own are kept with
/// their place in it, and each of its files' outcome is logged for the
/// manifest.
#[derive(Debug)]
pub struct Partition {
    pub spec: ShardSpec,
    walk: Sha256,
    entries: u64,
    /// Places in the walk of the entries admitted and not yet logged.
    pending: VecDeque<u64>,
    /// Per file of the shard, in walk order: its place in the walk and
    /// the counts its outcome added to each output.
    pub files: Vec<manifest::FileCounts>,
}

impl Partition {
    pub fn new(spec: ShardSpec) -> Partition {
        Partition {
            spec,
            walk: Sha256::new(),
            entries: 0,
            pending: VecDeque::new(),
            files: Vec::new(),
        }
    }

    /// See the next entry of the walk; whether it is this shard's.
    pub fn admit(&mut self, e: &Entry) -> bool {
        use std::os::unix::ffi::OsStrExt;
        let place = self.entries;
        self.entries += 1;
        self.walk.update(e.path.as_os_str().as_bytes());
        self.walk.update([0]);
        let mine = self.spec.holds(&e.rel);
        if mine {
            self.pending.push_back(place);
        }
        mine
    }

    /// Log the outcome of the next admitted entry (outcomes come in the
    /// order their entries were admitted), with the number of review rows
    /// it gave.
    pub fn log(&mut self, o: &FileOutcome, review: usize) {
        let flags: usize = o.records.iter().map(|r| r.flags.len()).sum();
        self.log_counts(o.records.len(), flags, review, o.row.status);
    }

    /// Log the next admitted entry's counts: its cases, flags and review
    /// rows, and its status.
    pub fn log_counts(
        &mut self,
        cases: usize,
        flags: usize,
        review: usize,
        status: crate::model::FileStatus,
    ) {
        // The outcomes are those of the admitted entries, one each, in
        // order; an outcome without one (which cannot happen) is placed
        // after the walk, where merge reports it.
        let place = self.pending.pop_front().unwrap_or(u64::MAX);
        self.files.push(manifest::FileCounts {
            place,
            cases: cases as u64,
            flags: flags as u64,
            review: review as u64,
            failed: matches!(
                status,
                crate::model::FileStatus::Error | crate::model::FileStatus::NeedsOcr
            ),
        });
    }

    /// The walk as every shard saw it: how many entries, and a digest of
    /// their paths in order.
    pub fn walk(&self) -> (u64, String) {
        (self.entries, hex(&self.walk.clone().finalize()))
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A digest of the input paths as given (their bytes, in order).
pub fn roots_digest(paths: &[PathBuf]) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut h = Sha256::new();
    for p in paths {
        h.update(p.as_os_str().as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

/// The `rel` a file kept in the SQLite or PostgreSQL archive under `key`
/// (its absolute path, `archive_key`) has in a walk of `roots`, so that a
/// shard can tell which archived files are its own (those it must mark
/// `missing` when they are gone). `None` for a key under none of them.
#[derive(Debug, Clone)]
pub struct ArchiveRel {
    roots: Vec<String>,
    base: Option<String>,
}

impl ArchiveRel {
    pub fn new(roots: &[PathBuf]) -> ArchiveRel {
        let key = |p: &Path| crate::ingest::path_text(&crate::ingest::absolute(p));
        ArchiveRel {
            roots: roots.iter().map(|r| key(r)).collect(),
            base: crate::ingest::rel_base(roots).map(|b| crate::ingest::path_text(&b)),
        }
    }

    /// `key`'s `rel`, as `ingest::walk` would give it.
    pub fn rel(&self, key: &str) -> Option<String> {
        let under = |root: &str| -> Option<String> {
            let root = root.trim_end_matches('/');
            if key == root {
                return Some(key.rsplit('/').next().unwrap_or(key).to_string());
            }
            key.strip_prefix(root)?
                .strip_prefix('/')
                .map(str::to_string)
        };
        let root = self.roots.iter().find(|r| under(r).is_some())?;
        match &self.base {
            Some(base) => under(base)
                .filter(|r| !r.is_empty() && key != base.trim_end_matches('/'))
                .or_else(|| under(root)),
            None => under(root),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_bad_ones_say_why() {
        let ok = [
            ("1/1", 1, 1),
            ("3/7", 3, 7),
            ("7/7", 7, 7),
            (" 2 / 4 ", 2, 4),
        ];
        for (s, index, count) in ok {
            assert_eq!(
                s.parse::<ShardSpec>(),
                Ok(ShardSpec { index, count }),
                "{s}"
            );
        }
        let bad = [
            ("0/4", "numbered from 1"),
            ("5/4", "from 1 to N (4)"),
            ("1/0", "N must be from 1"),
            ("3", "joined by '/'"),
            ("a/4", "I 'a' is not a whole number"),
            ("1/-2", "N '-2' is not a whole number"),
            ("1/2000000", "N must be from 1 to 1000000"),
        ];
        for (s, want) in bad {
            let e = s.parse::<ShardSpec>().unwrap_err();
            assert!(e.contains(want), "{s}: {e}");
            assert!(e.contains(&format!("'{s}'")), "{s}: {e}");
        }
        assert_eq!(ShardSpec { index: 3, count: 7 }.to_string(), "3/7");
    }

    /// Every path is in exactly one shard, the same one every time, and
    /// the shards are near even.
    #[test]
    fn every_file_is_in_exactly_one_shard() {
        let rels: Vec<String> = (0..7000)
            .map(|i| format!("arkiv/{}/rapport-{i}.pdf", i % 13))
            .collect();
        for count in [1u32, 3, 7] {
            let mut sizes = vec![0usize; count as usize];
            for rel in &rels {
                let owners: Vec<u32> = (1..=count)
                    .filter(|&index| ShardSpec { index, count }.holds(rel))
                    .collect();
                assert_eq!(owners.len(), 1, "{rel} in {owners:?} of {count}");
                assert_eq!(owners[0], shard_of(rel, count));
                sizes[owners[0] as usize - 1] += 1;
            }
            let even = rels.len() / count as usize;
            for s in sizes {
                assert!(
                    s.abs_diff(even) * 10 < even,
                    "{count} shards: {s} vs {even}"
                );
            }
        }
        // Fixed values: the partition is part of the contract (shards run
        // on different machines and builds must agree).
        assert_eq!(
            shard_of("text/amn-2019-0289-mailutskick.txt", 7),
            shard_of("text/amn-2019-0289-mailutskick.txt", 7)
        );
        let sha = Sha256::digest(b"a.txt");
        let mut first = [0u8; 8];
        first.copy_from_slice(&sha[..8]);
        assert_eq!(
            shard_of("a.txt", 5),
            (u64::from_be_bytes(first) % 5) as u32 + 1
        );
        assert!(
            ShardSpec {
                index: shard_of("x/a.txt", 4),
                count: 4
            }
            .holds_case("x/a.txt#2")
        );
    }

    #[test]
    fn archive_keys_give_the_walks_rel() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("ark/2019");
        std::fs::create_dir_all(&a).unwrap();
        let f = dir.path().join("ark/2020/r.txt");
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(&f, "x").unwrap();
        let key = |p: &Path| crate::ingest::path_text(p);
        let one = ArchiveRel::new(std::slice::from_ref(&a));
        assert_eq!(
            one.rel(&key(&a.join("sub/x.txt"))).as_deref(),
            Some("sub/x.txt")
        );
        assert_eq!(one.rel(&key(&dir.path().join("other/x.txt"))), None);
        let file = ArchiveRel::new(std::slice::from_ref(&f));
        assert_eq!(file.rel(&key(&f)).as_deref(), Some("r.txt"));
        let two = ArchiveRel::new(&[a.clone(), f.clone()]);
        assert_eq!(
            two.rel(&key(&a.join("x.txt"))).as_deref(),
            Some("2019/x.txt")
        );
        assert_eq!(two.rel(&key(&f)).as_deref(), Some("2020/r.txt"));
        // What the walk itself gives.
        std::fs::write(a.join("x.txt"), "y").unwrap();
        let walked: Vec<String> = crate::ingest::walk(&[a.clone(), f.clone()])
            .map(|e| e.rel)
            .collect();
        assert_eq!(walked, ["2019/x.txt", "2020/r.txt"]);
    }
}
