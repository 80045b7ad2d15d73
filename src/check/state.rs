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
    pub fn load(path: &Path, version: &str) -> (State, Option<String>) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (State::default(), None),
            Err(e) => {
                return (
                    State::default(),
                    Some(format!(
                        "state file {} cannot be read ({e}); checking everything",
                        path.display()
                    )),
                );
            }
        };
        match serde_json::from_slice::<State>(&bytes) {
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
            Err(e) => (
                State::default(),
                Some(format!(
                    "state file {} is corrupt ({e}); rebuilding it",
                    path.display()
                )),
            ),
        }
    }

    /// Write the state atomically under `version` (see `State::load`).
    pub fn save(&self, path: &Path, version: &str) -> Result<(), RunError> {
        let mut s = self.clone();
        s.rules_version = version.to_string();
        let json = serde_json::to_vec(&s).expect("a state always serializes");
        write_atomic(path, &json)
    }
}
