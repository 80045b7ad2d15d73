//! Redaction (`--redact`): what leaves the tool must be safe to share under
//! secrecy (26 kap. OSL).
//!
//! Input: a `FileOutcome` (its file row and case records) straight from the
//! pipeline. Output: the same outcome with personnummer, samordningsnummer,
//! e-mail addresses and phone numbers masked, and the names of people
//! replaced by stable pseudonyms, in every string that is written anywhere
//! (CSV, JSONL, SQLite, check reports and state, flag messages, evidence,
//! provenance). Every command applies it in one place, to each outcome as it
//! leaves the pipeline, before any writer sees it.
//!
//! Dates, diarienummer, content hashes, section kinds, areas and the other
//! fixed vocabulary are left as they are. A pseudonym is
//! `Person-` + the first 10 hex digits of HMAC-SHA256(key, name), the name
//! in lower case with single spaces: the same person gets the same
//! pseudonym in every record and every run with the same key, so counts per
//! person still work; without the key the names cannot be guessed back.

pub mod names;
pub mod patterns;

use std::sync::LazyLock;

use hmac::{Hmac, KeyInit, Mac};
use regex::Regex;
use sha2::Sha256;

use crate::error::FileOutcome;
use crate::error::RunError;
use crate::model::{CaseRecord, FileRow, FlagCode};
use names::NameMasker;

/// The environment variable that holds the key when `--redact-key` is not given.
pub const KEY_ENV: &str = "LEXSARAH_REDACT_KEY";
/// The shortest key accepted: a short key lets names be guessed back by
/// trying every key on a known name.
pub const MIN_KEY_BYTES: usize = 16;

/// The flags whose messages quote names in double quotes.
const NAME_FLAGS: &[FlagCode] = &[FlagCode::NameMismatch, FlagCode::NameVariant];

static QUOTED_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]+)""#).expect("valid regex"));

/// The redaction options shared by the commands that write outputs.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RedactArgs {
    /// Mask personnummer, samordningsnummer, e-mail addresses and phone
    /// numbers, and replace names of people by pseudonyms, in every output.
    #[arg(long)]
    pub redact: bool,
    /// Key for the name pseudonyms, at least 16 bytes (default: the
    /// environment variable LEXSARAH_REDACT_KEY, which keeps it out of
    /// process listings). Keep it secret and keep it the same between runs.
    #[arg(long, value_name = "KEY", requires = "redact")]
    pub redact_key: Option<String>,
}

impl RedactArgs {
    /// The redactor for these options, or None without `--redact`. A
    /// missing or short key is a usage error: there is no default key.
    pub fn redactor(&self) -> Result<Option<Redactor>, RunError> {
        if !self.redact {
            return Ok(None);
        }
        let key = match &self.redact_key {
            Some(k) => k.clone(),
            None => std::env::var(KEY_ENV).unwrap_or_default(),
        };
        if key.is_empty() {
            return Err(RunError::Usage(format!(
                "--redact needs a key for the name pseudonyms: give --redact-key KEY or set {KEY_ENV} (at least {MIN_KEY_BYTES} bytes)"
            )));
        }
        Redactor::new(key.as_bytes()).map(Some)
    }
}

/// Masks identifiers and pseudonymises names with one secret key.
#[derive(Clone)]
pub struct Redactor {
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor { key: <secret> }")
    }
}

impl Redactor {
    pub fn new(key: &[u8]) -> Result<Redactor, RunError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(RunError::Usage(format!(
                "the redaction key is {}; expected at least {MIN_KEY_BYTES}",
                crate::plural::count(key.len(), "byte", "bytes")
            )));
        }
        let mac = Hmac::<Sha256>::new_from_slice(key)
            .map_err(|e| RunError::Usage(format!("unusable redaction key: {e}")))?;
        Ok(Redactor { mac })
    }

    fn hex(&self, label: &str, text: &str, digits: usize) -> String {
        let mut mac = self.mac.clone();
        mac.update(label.as_bytes());
        mac.update(&[0]);
        mac.update(text.as_bytes());
        let bytes = mac.finalize().into_bytes();
        let mut s = String::with_capacity(digits + 1);
        for b in bytes.iter() {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
        }
        s.truncate(digits);
        s
    }

    /// The pseudonym of a person's name.
    pub fn pseudonym(&self, name: &str) -> String {
        let n = name.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("Person-{}", self.hex("name", &n.to_lowercase(), 10))
    }

    /// A stable key for a path that does not show it (for the check state).
    pub fn path_key(&self, path: &str) -> String {
        format!("path-{}", self.hex("path", path, 32))
    }

    /// A file's (or root's) key in the SQLite archive that does not show its
    /// path: each component of the absolute path replaced by a keyed hash,
    /// so the files under a root still share its key as a prefix.
    pub fn archive_key(&self, abs: &str) -> String {
        abs.split('/')
            .map(|c| {
                if c.is_empty() {
                    String::new()
                } else {
                    self.hex("path-component", c, 16)
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A short public fingerprint of the key (not the key), so a state file
    /// made with one key is not reused with another.
    pub fn fingerprint(&self) -> String {
        self.hex("fingerprint", "lexsarah", 8)
    }

    /// Redact one file's outcome in place.
    pub fn outcome(&self, o: &mut FileOutcome) {
        let names = self.masker(&o.records);
        let text = |s: &str| names.mask(&patterns::mask(s));
        redact_row(&mut o.row, &text);
        for r in &mut o.records {
            self.record(r, &text);
        }
    }

    /// The names of a file's people, and the names its name flags quote.
    fn masker(&self, records: &[CaseRecord]) -> NameMasker {
        let mut found: Vec<String> = Vec::new();
        for r in records {
            let people = [
                &r.reporter.name,
                &r.investigator.name,
                &r.decision_maker.name,
            ];
            found.extend(people.into_iter().flatten().cloned());
        }
        for r in records {
            for f in r.flags.iter().filter(|f| NAME_FLAGS.contains(&f.code)) {
                found.extend(
                    QUOTED_RE
                        .captures_iter(&f.message)
                        .map(|c| c[1].to_string()),
                );
            }
        }
        let pairs: Vec<(String, String)> = found
            .into_iter()
            .map(|n| {
                let p = self.pseudonym(&n);
                (n, p)
            })
            .collect();
        NameMasker::new(&pairs)
    }

    fn record(&self, r: &mut CaseRecord, text: &impl Fn(&str) -> String) {
        for name in [
            &mut r.reporter.name,
            &mut r.investigator.name,
            &mut r.decision_maker.name,
        ] {
            *name = name.as_deref().map(|n| self.pseudonym(n));
        }
        mask_whole(&mut r.reporter.phone, patterns::PHONE);
        mask_whole(&mut r.reporter.email, patterns::EMAIL);
        r.id = text(&r.id);
        r.source.path = text(&r.source.path);
        let opts = [
            &mut r.board,
            &mut r.unit,
            &mut r.reporter.title,
            &mut r.reporter.workplace,
            &mut r.investigator.title,
            &mut r.decision_maker.title,
            &mut r.area_other,
            &mut r.observed.raw,
        ];
        for s in opts {
            *s = s.as_deref().map(text);
        }
        for f in &mut r.flags {
            f.message = text(&f.message);
            f.evidence.iter_mut().for_each(|e| *e = text(e));
        }
        // A date stamp is never an identifier, but a personnummer read as a
        // date (its birth date) must not show its full number.
        for d in &mut r.dates {
            d.raw = patterns::mask(&d.raw);
        }
        for ev in r.provenance.values_mut() {
            ev.raw = text(&ev.raw);
        }
        // Reasons quote flag messages and evidence words.
        for reasons in r.confidence_reasons.values_mut() {
            reasons.iter_mut().for_each(|why| *why = text(why));
        }
    }
}

/// A field that is an identifier as a whole is masked whole, whatever its
/// shape (an OCR-damaged phone number is still one).
fn mask_whole(field: &mut Option<String>, mask: &str) {
    if field.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        *field = Some(mask.to_string());
    }
}

fn redact_row(row: &mut FileRow, text: &impl Fn(&str) -> String) {
    row.path = text(&row.path);
    row.message = text(&row.message);
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"test key of 32 bytes, not secret";

    #[test]
    fn pseudonyms_are_stable_and_keyed() {
        let a = Redactor::new(KEY).unwrap();
        let b = Redactor::new(b"another key of at least 16 bytes").unwrap();
        assert_eq!(
            a.pseudonym("Sofia Berglund"),
            a.pseudonym("SOFIA  BERGLUND")
        );
        assert_ne!(
            a.pseudonym("Sofia Berglund"),
            a.pseudonym("Sofia Berglunds")
        );
        assert_ne!(a.pseudonym("Sofia Berglund"), b.pseudonym("Sofia Berglund"));
        assert!(a.pseudonym("x").starts_with("Person-"));
        assert_eq!(a.pseudonym("x").len(), "Person-".len() + 10);
    }

    #[test]
    fn short_or_missing_key_is_refused() {
        assert!(Redactor::new(b"short").is_err());
        let args = RedactArgs {
            redact: true,
            redact_key: Some(String::new()),
        };
        assert!(args.redactor().is_err());
        let off = RedactArgs::default();
        assert!(off.redactor().unwrap().is_none());
    }
}
