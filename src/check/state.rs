//! The incremental state of `check --state FILE`: per file, its row (with
//! sha256), case count and flags, under the rules version that made them.
//! Loaded defensively: a missing file is a first run; a corrupt one or one
//! from another rules version is reported and rebuilt.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ReportedFlag;
use crate::error::RunError;
use crate::model::FileRow;
use crate::output::atomic::write_atomic;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub row: FileRow,
    pub cases: usize,
    pub flags: Vec<ReportedFlag>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    pub rules_version: String,
    pub files: BTreeMap<String, FileState>,
}

impl State {
    /// The remembered state, or an empty one with a note saying why.
    /// `version` is the rules version (with the redaction key's fingerprint
    /// under `--redact`); a state made under another one is not trusted.
    /// A file that is not a state file (a typo naming the SQLite archive, a
    /// report) is an error and is left as it is; a state file of ours that
    /// no longer parses is renamed aside, and the note names the copy.
    pub fn load(path: &Path, version: &str) -> Result<(State, Option<String>), RunError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((State::default(), None));
            }
            Err(source) => {
                return Err(RunError::Input {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            // Empty (a `touch`): nothing in it to lose.
            return Ok((State::default(), None));
        }
        if !looks_like_state(&bytes) {
            return Err(RunError::NotOurs {
                path: path.to_path_buf(),
                what: "a lexsarah state file",
            });
        }
        Ok(match serde_json::from_slice::<State>(&bytes) {
            Ok(s) if s.rules_version == version => (s, None),
            Ok(s) => (
                State::default(),
                Some(format!(
                    "state file {} was made by rules {}, these are {}; checking everything",
                    path.display(),
                    s.rules_version,
                    version
                )),
            ),
            Err(e) => {
                let aside = aside_name(path);
                std::fs::rename(path, &aside).map_err(|source| RunError::Output {
                    path: aside.clone(),
                    source,
                })?;
                (
                    State::default(),
                    Some(format!(
                        "state file {} is corrupt ({e}); kept as {}, rebuilding it",
                        path.display(),
                        aside.display()
                    )),
                )
            }
        })
    }

    /// The documents the state remembers under `root` (a key as
    /// `state_key` writes it).
    pub fn remembers_under(&self, root: &str) -> usize {
        let root = root.trim_end_matches('/');
        let under = format!("{root}/");
        // The keys are sorted: those under the root are one range.
        usize::from(self.files.contains_key(root))
            + self
                .files
                .range::<str, _>((
                    std::ops::Bound::Included(under.as_str()),
                    std::ops::Bound::Unbounded,
                ))
                .take_while(|(k, _)| k.starts_with(&under))
                .count()
    }

    /// Write the state atomically under `version` (see `State::load`).
    pub fn save(&self, path: &Path, version: &str) -> Result<(), RunError> {
        let mut s = self.clone();
        s.rules_version = version.to_string();
        let json = serde_json::to_vec(&s).expect("a state always serializes");
        write_atomic(path, &json)
    }
}

/// Is this a state file of ours? A JSON object with a `rules_version` and
/// `files` (in any order), or, cut short, what this tool writes first
/// (`{"rules_version"`): anything else is somebody else's file.
fn looks_like_state(bytes: &[u8]) -> bool {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
        return v
            .get("rules_version")
            .is_some_and(serde_json::Value::is_string)
            && v.get("files").is_some_and(serde_json::Value::is_object);
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let rest = &bytes[start..];
    rest.starts_with(b"{\"rules_version\"") || rest.starts_with(b"{ \"rules_version\"")
}

/// A free name beside `path` for a corrupt copy: `FILE.corrupt-N`.
fn aside_name(path: &Path) -> std::path::PathBuf {
    let mut n = 1;
    loop {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".corrupt-{n}"));
        let p = std::path::PathBuf::from(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_state_is_read_or_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.state");
        // Missing and empty: a first run.
        assert!(State::load(&p, "v").unwrap().0.files.is_empty());
        std::fs::write(&p, "").unwrap();
        assert!(State::load(&p, "v").unwrap().1.is_none());
        // Somebody else's file: refused, untouched.
        for other in [
            &b"SQLite format 3\0\x10\0"[..],
            b"{\"cases\": 1}",
            b"a,b\r\n",
        ] {
            std::fs::write(&p, other).unwrap();
            assert!(matches!(
                State::load(&p, "v"),
                Err(RunError::NotOurs { .. })
            ));
            assert_eq!(std::fs::read(&p).unwrap(), other);
        }
        // Ours, from other rules: not reused.
        let mut s = State::default();
        s.files.insert(
            "/a/x.txt".into(),
            FileState {
                row: FileRow {
                    path: "/a/x.txt".into(),
                    sha256: Some("00".into()),
                    format: None,
                    pages: None,
                    cases: 0,
                    status: crate::model::FileStatus::Ok,
                    message: String::new(),
                },
                cases: 0,
                flags: Vec::new(),
            },
        );
        s.save(&p, "old").unwrap();
        let (got, note) = State::load(&p, "new").unwrap();
        assert!(got.files.is_empty() && note.unwrap().contains("made by rules old"));
        let (got, _) = State::load(&p, "old").unwrap();
        assert_eq!(got.remembers_under("/a"), 1);
        assert_eq!(got.remembers_under("/a/"), 1);
        assert_eq!(got.remembers_under("/ab"), 0);
        // Ours but cut short: kept aside, named, rebuilt.
        let good = std::fs::read(&p).unwrap();
        std::fs::write(&p, &good[..good.len() / 2]).unwrap();
        let (got, note) = State::load(&p, "old").unwrap();
        let note = note.unwrap();
        assert!(got.files.is_empty());
        assert!(note.contains("n.state.corrupt-1"), "{note}");
        assert_eq!(
            std::fs::read(dir.path().join("n.state.corrupt-1")).unwrap(),
            &good[..good.len() / 2]
        );
        assert!(!p.exists());
    }
}
