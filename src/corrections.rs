//! Corrections that stick: `--corrections FILE`, a CSV of values a person
//! has checked, applied to every run's records.
//!
//! Grammar of the file: a header row `case_id,sha256,field,value,note`
//! (in that order; RFC 4180, or `;` as Excel writes it), then one row per
//! correction. `case_id` is a record's `id`, `sha256` the content hash of
//! its file when the value was checked, `field` one of `FIELDS`, `value`
//! the right value in the form `cases.jsonl` writes it (ISO dates, an
//! observed range `a/b`, areas joined with `|`, `SoL`/`LSS`, the
//! classification codes, `true`/`false`; empty for null), `note` who and
//! why (free text).
//!
//! A correction replaces the extracted value before the rules run, so flags
//! are recomputed on the corrected case; the field's provenance says it was
//! corrected and by which note, and its confidence is 1. A correction whose
//! file has changed since (another sha256) is not applied and is reported.
//! An unknown field or a value of the wrong form stops the run before any
//! work; a case id that no input of the run gives is reported at the end
//! as an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jiff::civil::Date;

use crate::error::RunError;
use crate::extract::{Fields, Mention, Role};
use crate::model::{Evidence, Line};

/// The fields a correction may set.
pub const FIELDS: &[&str] = crate::confidence::FIELDS;

/// A corrected value, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Date(Date),
    Range(Date, Option<Date>),
    Areas(Vec<crate::model::Area>),
    Law(crate::model::Law),
    Class(crate::model::Classification),
    Bool(bool),
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// Line of the file (1 is the header).
    pub line: usize,
    pub case_id: String,
    pub sha256: String,
    pub field: &'static str,
    pub raw: String,
    pub value: Value,
    pub note: String,
}

/// What became of a correction in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Unseen,
    Applied,
    Stale,
}

/// The corrections of one file, by case id.
#[derive(Debug)]
pub struct Corrections {
    pub path: PathBuf,
    by_case: HashMap<String, Vec<Correction>>,
    fates: Mutex<HashMap<usize, Fate>>,
}

const HEADER: [&str; 5] = ["case_id", "sha256", "field", "value", "note"];

impl Corrections {
    /// Read and check the whole file; any bad row is an error naming it.
    pub fn load(path: &Path) -> Result<Corrections, RunError> {
        let bytes = std::fs::read(path).map_err(|e| {
            RunError::Usage(format!("{}: cannot read corrections: {e}", path.display()))
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        let first = text.lines().next().unwrap_or("");
        let delimiter = if first.contains(';') && !first.contains(',') {
            b';'
        } else {
            b','
        };
        let bad =
            |line: usize, why: String| RunError::Usage(format!("{}:{line}: {why}", path.display()));
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = rdr.records();
        match rows.next() {
            Some(Ok(h)) if h.iter().map(str::trim).eq(HEADER) => {}
            _ => {
                return Err(bad(1, format!("the header must be {}", HEADER.join(","))));
            }
        }
        let mut by_case: HashMap<String, Vec<Correction>> = HashMap::new();
        for (i, row) in rows.enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| bad(line, format!("not CSV: {e}")))?;
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if row.len() != HEADER.len() {
                return Err(bad(line, format!("{} cells, expected 5", row.len())));
            }
            let cell = |k: usize| row[k].trim().to_string();
            let field = FIELDS
                .iter()
                .copied()
                .find(|f| *f == cell(2))
                .ok_or_else(|| {
                    bad(
                        line,
                        format!(
                            "unknown field '{}' (one of: {})",
                            cell(2),
                            FIELDS.join(", ")
                        ),
                    )
                })?;
            let raw = cell(3);
            let value = parse_value(field, &raw).map_err(|why| bad(line, why))?;
            if cell(0).is_empty() || cell(1).is_empty() {
                return Err(bad(line, "case_id and sha256 are required".into()));
            }
            let c = Correction {
                line,
                case_id: cell(0),
                sha256: cell(1).to_lowercase(),
                field,
                raw,
                value,
                note: cell(4),
            };
            let list = by_case.entry(c.case_id.clone()).or_default();
            if list.iter().any(|o| o.field == c.field) {
                return Err(bad(
                    line,
                    format!("a second correction of {} for {}", c.field, c.case_id),
                ));
            }
            list.push(c);
        }
        let fates = by_case
            .values()
            .flatten()
            .map(|c| (c.line, Fate::Unseen))
            .collect();
        Ok(Corrections {
            path: path.to_path_buf(),
            by_case,
            fates: Mutex::new(fates),
        })
    }

    /// Apply the corrections of case `case_id` (of a file with content
    /// `sha256`) to `f`; the notes of those not applied because the file
    /// changed.
    pub fn apply(
        &self,
        case_id: &str,
        sha256: &str,
        lines: &[Line],
        f: &mut Fields,
    ) -> Vec<String> {
        let Some(list) = self.by_case.get(case_id) else {
            return Vec::new();
        };
        let mut notes = Vec::new();
        let mut fates = self.fates.lock().unwrap_or_else(|e| e.into_inner());
        for c in list {
            if c.sha256 != sha256 {
                fates.insert(c.line, Fate::Stale);
                notes.push(format!(
                    "correction of {} for {} ({}:{}) not applied: the file has changed since it was made (sha256 {} then, {} now)",
                    c.field,
                    case_id,
                    self.path.display(),
                    c.line,
                    short(&c.sha256),
                    short(sha256)
                ));
                continue;
            }
            set(f, c, lines);
            fates.insert(c.line, Fate::Applied);
        }
        notes
    }

    /// How many corrections this run applied.
    pub fn applied(&self) -> usize {
        let fates = self.fates.lock().unwrap_or_else(|e| e.into_inner());
        fates.values().filter(|f| **f == Fate::Applied).count()
    }

    /// The corrections not applied because their file changed, as messages.
    pub fn stale(&self) -> Vec<String> {
        self.listed(Fate::Stale, |c| {
            format!(
                "correction of {} for {} not applied: its file has changed since (another sha256)",
                c.field, c.case_id
            )
        })
    }

    /// The corrections whose case no input of the run gave, as messages.
    pub fn unknown(&self) -> Vec<String> {
        self.unknown_where(|_| true)
    }

    /// The corrections whose case no input of the run gave, among those
    /// whose case id `mine` accepts (under `--shard`, the cases of this
    /// shard's files: the others are another shard's to apply).
    pub fn unknown_where(&self, mine: impl Fn(&str) -> bool) -> Vec<String> {
        let fates = self.fates.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<(usize, String)> = self
            .by_case
            .values()
            .flatten()
            .filter(|c| fates.get(&c.line) == Some(&Fate::Unseen) && mine(&c.case_id))
            .map(|c| {
                (
                    c.line,
                    format!(
                        "{}:{}: no case '{}' in this run (correction of {} not applied)",
                        self.path.display(),
                        c.line,
                        c.case_id,
                        c.field
                    ),
                )
            })
            .collect();
        out.sort();
        out.into_iter().map(|(_, m)| m).collect()
    }

    fn listed(&self, fate: Fate, say: impl Fn(&Correction) -> String) -> Vec<String> {
        let fates = self.fates.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<(usize, String)> = self
            .by_case
            .values()
            .flatten()
            .filter(|c| fates.get(&c.line) == Some(&fate))
            .map(|c| {
                (
                    c.line,
                    format!("{}:{}: {}", self.path.display(), c.line, say(c)),
                )
            })
            .collect();
        out.sort();
        out.into_iter().map(|(_, m)| m).collect()
    }
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// Parse `raw` as a value of `field`.
fn parse_value(field: &str, raw: &str) -> Result<Value, String> {
    if raw.is_empty() {
        return Ok(Value::Null);
    }
    let date = |s: &str| {
        s.parse::<Date>()
            .map_err(|_| format!("{field}: '{s}' is not an ISO date (YYYY-MM-DD)"))
    };
    match field {
        "observed" => match raw.split_once('/') {
            Some((a, b)) => Ok(Value::Range(date(a)?, Some(date(b)?))),
            None => Ok(Value::Range(date(raw)?, None)),
        },
        "reported" | "received" | "investigation_started" | "decided" | "ivo_notified" => {
            Ok(Value::Date(date(raw)?))
        }
        "areas" => raw
            .split('|')
            .map(|a| {
                crate::model::Area::from_name(a)
                    .ok_or_else(|| format!("areas: unknown area '{}'", a.trim()))
            })
            .collect::<Result<_, _>>()
            .map(Value::Areas),
        "sol_lss" => crate::model::Law::from_label(raw)
            .map(Value::Law)
            .ok_or_else(|| format!("sol_lss: '{raw}' is neither SoL nor LSS")),
        "classification" => crate::model::Classification::from_code(raw)
            .map(Value::Class)
            .ok_or_else(|| format!("classification: unknown code '{raw}'")),
        // As cases.jsonl writes it, or as the CSV files do.
        "reported_to_ivo" => match raw {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "reported_to_ivo: '{raw}' is neither true (1) nor false (0)"
            )),
        },
        _ => Ok(Value::Text(raw.to_string())),
    }
}

/// Set the corrected value in `f` and say so in its provenance.
fn set(f: &mut Fields, c: &Correction, lines: &[Line]) {
    let prior = f.provenance.get(c.field).cloned();
    if let Some(role) = Role::from_field(c.field) {
        set_date(f, role, &c.value, lines, prior.as_ref());
    }
    let text = |v: &Value| match v {
        Value::Text(s) => Some(s.clone()),
        _ => None,
    };
    match (c.field, &c.value) {
        ("diarienummer", v) => f.diarienummer = text(v),
        ("reporter.name", v) => f.reporter.name = text(v),
        ("reporter.title", v) => f.reporter.title = text(v),
        ("investigator.name", v) => f.investigator.name = text(v),
        ("decision_maker.name", v) => f.decision_maker.name = text(v),
        ("areas", Value::Areas(a)) => f.areas = a.clone(),
        ("areas", Value::Null) => f.areas.clear(),
        ("sol_lss", Value::Law(l)) => f.sol_lss = Some(*l),
        ("sol_lss", Value::Null) => f.sol_lss = None,
        ("classification", Value::Class(k)) => f.classification = Some(*k),
        ("classification", Value::Null) => f.classification = None,
        ("reported_to_ivo", Value::Bool(b)) => f.reported_to_ivo = Some(*b),
        ("reported_to_ivo", Value::Null) => f.reported_to_ivo = None,
        _ => {}
    }
    // The extractor's doubts were of the value the correction replaced.
    f.doubts.remove(c.field);
    let at = prior.as_ref().map_or_else(
        || lines.first().map_or((0, 1), |l| (l.no, l.page)),
        |e| (e.line, e.page),
    );
    f.provenance.insert(
        c.field.to_string(),
        Evidence {
            line: at.0,
            page: at.1,
            raw: prior.map(|e| e.raw).unwrap_or_default(),
            corrected: Some(if c.note.is_empty() {
                format!("{} ({}:{})", c.raw, "corrections", c.line)
            } else {
                format!("{} ({})", c.raw, c.note)
            }),
        },
    );
}

/// A corrected date becomes the only reading of its event: the primary
/// mention takes it (a new one stands in when there was none), the other
/// mentions of the event keep their text and lose the role.
fn set_date(f: &mut Fields, role: Role, v: &Value, lines: &[Line], prior: Option<&Evidence>) {
    let reading = match v {
        Value::Date(d) => Some((*d, None)),
        Value::Range(a, b) => Some((*a, *b)),
        _ => None,
    };
    let primary = f.primary(role).map(|m| (m.line, m.col));
    for m in f.mentions.iter_mut().filter(|m| m.role == Some(role)) {
        if Some((m.line, m.col)) == primary
            && let Some(r) = reading
        {
            m.readings = vec![r];
            m.year_inferred = false;
            m.unparsed = false;
        } else {
            m.role = None;
        }
    }
    if primary.is_none()
        && let Some(r) = reading
    {
        let line = prior
            .and_then(|e| lines.iter().position(|l| l.no == e.line))
            .unwrap_or(0);
        let l = lines.get(line);
        f.mentions.push(Mention {
            raw: format!("{} (rättad)", r.0),
            line: l.map_or(1, |l| l.no),
            page: l.map_or(1, |l| l.page),
            idx: line,
            col: 0,
            readings: vec![r],
            year_inferred: false,
            unparsed: false,
            role: Some(role),
            section: None,
            labelled: true,
            weekday: None,
        });
    }
    if role == Role::Observed {
        f.observed.date = reading.map(|r| r.0.to_string());
        f.observed.end_date = reading.and_then(|r| r.1).map(|d| d.to_string());
        if reading.is_none() {
            f.observed.weekday = None;
            f.observed.time = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_each_field() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let ok = [
            ("decided", "2019-03-04", Value::Date(d("2019-03-04"))),
            (
                "observed",
                "2019-03-01/2019-03-04",
                Value::Range(d("2019-03-01"), Some(d("2019-03-04"))),
            ),
            (
                "observed",
                "2019-03-01",
                Value::Range(d("2019-03-01"), None),
            ),
            (
                "areas",
                "Jobbtorg|äldreomsorg",
                Value::Areas(vec![
                    crate::model::Area::Jobbtorg,
                    crate::model::Area::Aldreomsorg,
                ]),
            ),
            ("sol_lss", "LSS", Value::Law(crate::model::Law::Lss)),
            (
                "classification",
                "missforhallande",
                Value::Class(crate::model::Classification::Missforhallande),
            ),
            ("reported_to_ivo", "false", Value::Bool(false)),
            ("reported_to_ivo", "1", Value::Bool(true)),
            ("reported_to_ivo", "0", Value::Bool(false)),
            (
                "diarienummer",
                "SN 2019/12",
                Value::Text("SN 2019/12".into()),
            ),
            ("decided", "", Value::Null),
        ];
        for (field, raw, want) in ok {
            assert_eq!(parse_value(field, raw), Ok(want), "{field} {raw}");
        }
        for (field, raw) in [
            ("decided", "4 mars 2019"),
            ("observed", "2019-03-01/x"),
            ("areas", "Hemtjänst"),
            ("sol_lss", "HSL"),
            ("classification", "allvarligt"),
            ("reported_to_ivo", "ja"),
        ] {
            assert!(parse_value(field, raw).is_err(), "{field} {raw}");
        }
    }
}
