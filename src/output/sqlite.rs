//! The SQLite archive (`extract --sqlite FILE`): files, cases, their date
//! mentions and flags, for the archivist who imports the whole archive once
//! and queries it afterwards.
//!
//! Input: `FileOutcome`s, one at a time, in input order. Output: rows in the
//! database file. Each file is imported in one transaction: its row is
//! upserted by path; when its content (sha256) changed its old cases go
//! (with their date mentions and flags, by cascade) and the new ones come
//! in; when it is unchanged its cases are updated in place, keyed on the
//! content hash and the case number. Importing the same files again so
//! leaves the row counts as they were. The journal is a write-ahead log, so
//! a crash mid-import leaves every file either fully old or fully new.
//! The schema is `SCHEMA`, documented in README.md.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::FileOutcome;
use crate::error::RunError;
use crate::model::{CaseRecord, FileRow};

/// Schema version, kept in `meta`; a database of another version is refused.
/// Version 2 lets a file be `missing` (gone from its root since an
/// earlier import); version 3 keys a file by its absolute, normalised path
/// (`path`) and keeps the path as given in `given_path`. Archives of
/// versions 1 and 2 are migrated when opened.
pub const SCHEMA_VERSION: &str = "3";

/// The columns of `files`, written once for the schema and the migration
/// from versions 1 and 2.
macro_rules! files_columns {
    () => {
        "
  id            INTEGER PRIMARY KEY,
  path          TEXT NOT NULL UNIQUE,
  given_path    TEXT NOT NULL,
  sha256        TEXT,
  format        TEXT,
  pages         INTEGER,
  cases         INTEGER NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'error', 'skipped', 'needs_ocr', 'missing')),
  message       TEXT NOT NULL,
  rules_version TEXT NOT NULL,
  imported_at   TEXT NOT NULL
"
    };
}

/// The schema. Every statement is idempotent, so opening an existing
/// archive is safe.
pub const SCHEMA: &str = concat!(
    "
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (",
    files_columns!(),
    ");
CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256);
CREATE TABLE IF NOT EXISTS cases (
  id                    INTEGER PRIMARY KEY,
  file_id               INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  sha256                TEXT NOT NULL,
  case_no               INTEGER NOT NULL,
  case_id               TEXT NOT NULL,
  line_start            INTEGER NOT NULL,
  line_end              INTEGER NOT NULL,
  sections              TEXT NOT NULL,
  diarienummer          TEXT,
  board                 TEXT,
  unit                  TEXT,
  reporter_name         TEXT,
  reporter_title        TEXT,
  investigator_name     TEXT,
  decision_maker_name   TEXT,
  areas                 TEXT NOT NULL,
  observed_date         TEXT,
  reported              TEXT,
  received              TEXT,
  investigation_started TEXT,
  decided               TEXT,
  ivo_notified          TEXT,
  sol_lss               TEXT,
  classification        TEXT,
  reported_to_ivo       INTEGER,
  record                TEXT NOT NULL,
  UNIQUE (file_id, sha256, case_no)
);
CREATE INDEX IF NOT EXISTS cases_diarienummer ON cases (diarienummer);
CREATE INDEX IF NOT EXISTS cases_observed_date ON cases (observed_date);
CREATE INDEX IF NOT EXISTS cases_received ON cases (received);
CREATE INDEX IF NOT EXISTS cases_decided ON cases (decided);
CREATE INDEX IF NOT EXISTS cases_sha256 ON cases (sha256, case_no);
CREATE TABLE IF NOT EXISTS case_areas (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  area    TEXT NOT NULL,
  PRIMARY KEY (case_id, area)
);
CREATE TABLE IF NOT EXISTS date_mentions (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  n             INTEGER NOT NULL,
  raw           TEXT NOT NULL,
  date          TEXT,
  end_date      TEXT,
  line          INTEGER NOT NULL,
  role          TEXT,
  section       TEXT,
  year_inferred INTEGER NOT NULL,
  ambiguous     INTEGER NOT NULL,
  unparsed      INTEGER NOT NULL,
  UNIQUE (case_id, n)
);
CREATE INDEX IF NOT EXISTS date_mentions_date ON date_mentions (date);
CREATE TABLE IF NOT EXISTS flags (
  id       INTEGER PRIMARY KEY,
  case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  n        INTEGER NOT NULL,
  code     TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  message  TEXT NOT NULL,
  lines    TEXT NOT NULL,
  evidence TEXT NOT NULL,
  UNIQUE (case_id, n)
);
CREATE INDEX IF NOT EXISTS flags_code ON flags (code);
CREATE TABLE IF NOT EXISTS review (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  confidence REAL NOT NULL,
  reasons    TEXT NOT NULL,
  page       INTEGER,
  line       INTEGER,
  evidence   TEXT NOT NULL,
  UNIQUE (case_id, field)
);
CREATE INDEX IF NOT EXISTS review_confidence ON review (confidence);
",
);

/// An open archive that outcomes are imported into.
pub struct Archive {
    conn: Connection,
    path: PathBuf,
    imported_at: String,
    /// Fields below this confidence get a row in `review`.
    pub review_below: f64,
}

impl Archive {
    /// Open (or create) the archive at `path`: WAL journal, foreign keys on,
    /// the schema in place.
    pub fn open(path: &Path) -> Result<Archive, RunError> {
        let err = |e| sql_error(path, e);
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        let mut archive = Archive {
            conn,
            path: path.to_path_buf(),
            imported_at: jiff::Timestamp::now().to_string(),
            review_below: crate::output::review::DEFAULT_REVIEW_BELOW,
        };
        archive.check_version()?;
        Ok(archive)
    }

    fn check_version(&mut self) -> Result<(), RunError> {
        let err = |e| sql_error(&self.path, e);
        let found: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)?;
        match found {
            None => {
                self.conn
                    .execute(
                        "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)
                         ON CONFLICT (key) DO NOTHING",
                        [SCHEMA_VERSION],
                    )
                    .map_err(err)?;
                Ok(())
            }
            Some(v) if v == SCHEMA_VERSION => Ok(()),
            Some(v) if v == "1" || v == "2" => self.migrate_to_3(),
            Some(v) => Err(RunError::Usage(format!(
                "{}: archive schema version {v}, expected {SCHEMA_VERSION}",
                self.path.display()
            ))),
        }
    }

    /// Versions 1 and 2 to 3: the `files` table again (with `missing`
    /// allowed and a `given_path` column; SQLite cannot change a CHECK in
    /// place), its paths made absolute against the working directory. Two
    /// rows that name one file (`arkiv/x` and `./arkiv/x`) become one: the
    /// latest import's row stays, the older one goes with its cases. All
    /// in one transaction.
    fn migrate_to_3(&mut self) -> Result<(), RunError> {
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
        self.conn
            .execute_batch("PRAGMA foreign_keys = OFF;")
            .map_err(err)?;
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute_batch(concat!(
            "CREATE TABLE files_v3 (",
            files_columns!(),
            ");
             INSERT INTO files_v3 SELECT id, path, path, sha256, format, pages, cases, status, message, rules_version, imported_at FROM files;
             DROP TABLE files;
             ALTER TABLE files_v3 RENAME TO files;
             CREATE INDEX IF NOT EXISTS files_sha256 ON files (sha256);
             UPDATE meta SET value = '3' WHERE key = 'schema_version';"
        ))
        .map_err(err)?;
        let rows: Vec<(i64, String)> = {
            let mut st = tx
                .prepare("SELECT id, path FROM files ORDER BY imported_at DESC, id DESC")
                .map_err(err)?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(err)?
                .collect::<Result<_, _>>()
                .map_err(err)?
        };
        let mut seen = std::collections::HashSet::new();
        for (id, given) in rows {
            let key = archive_key(Path::new(&given));
            if !seen.insert(key.clone()) {
                // Foreign keys are off during the rebuild: no cascade.
                for table in ["case_areas", "date_mentions", "flags"] {
                    tx.execute(
                        &format!(
                            "DELETE FROM {table} WHERE case_id IN (SELECT id FROM cases WHERE file_id = ?1)"
                        ),
                        [id],
                    )
                    .map_err(err)?;
                }
                tx.execute("DELETE FROM cases WHERE file_id = ?1", [id])
                    .map_err(err)?;
                tx.execute("DELETE FROM files WHERE id = ?1", [id])
                    .map_err(err)?;
            } else if key != given {
                tx.execute("UPDATE files SET path = ?1 WHERE id = ?2", params![key, id])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(err)
    }

    /// Files under `roots` (their archive keys) that earlier imports saw
    /// and this one did not: gone from the archive. Their cases stay; the
    /// file row says `missing`, since when, and under which root. Returns
    /// how many were marked.
    ///
    /// With `mine`, only the files whose key it accepts are marked (under
    /// `--shard`, this shard's: the others are other shards' imports).
    pub fn mark_missing(
        &mut self,
        roots: &[String],
        mine: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<usize, RunError> {
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut n = 0;
        for root in roots {
            let root = root.trim_end_matches('/');
            let Some(mine) = mine else {
                n += tx
                    .execute(
                        "UPDATE files SET status = 'missing',
                           message = 'not found under ' || ?1 || ' in the import of ' || ?2
                         WHERE imported_at <> ?2 AND status <> 'missing'
                           AND (path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/')",
                        params![root, self.imported_at],
                    )
                    .map_err(err)?;
                continue;
            };
            let gone: Vec<(i64, String)> = {
                let mut st = tx
                    .prepare(
                        "SELECT id, path FROM files
                         WHERE imported_at <> ?2 AND status <> 'missing'
                           AND (path = ?1 OR substr(path, 1, length(?1) + 1) = ?1 || '/')",
                    )
                    .map_err(err)?;
                st.query_map(params![root, self.imported_at], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(err)?
                .collect::<Result<_, _>>()
                .map_err(err)?
            };
            for (id, _) in gone.iter().filter(|(_, key)| mine(key)) {
                n += tx
                    .execute(
                        "UPDATE files SET status = 'missing',
                           message = 'not found under ' || ?1 || ' in the import of ' || ?2
                         WHERE id = ?3",
                        params![root, self.imported_at, id],
                    )
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(n)
    }

    /// Import one file's outcome in one transaction, the file known by
    /// `key` (its `archive_key`, or under `--redact` a key that does not
    /// show it).
    pub fn import(&mut self, o: &FileOutcome, key: &str) -> Result<(), RunError> {
        let path = self.path.clone();
        let err = |e| sql_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let (file_id, old_sha) = upsert_file(&tx, key, &o.row, &self.imported_at).map_err(err)?;
        if old_sha != o.row.sha256 {
            tx.execute("DELETE FROM cases WHERE file_id = ?1", [file_id])
                .map_err(err)?;
        }
        let sha = o.row.sha256.as_deref().unwrap_or_default();
        for (n, rec) in o.records.iter().enumerate() {
            import_case(&tx, file_id, sha, n as i64 + 1, rec, self.review_below).map_err(err)?;
        }
        // Cases beyond the new count (the rules now find fewer) go too.
        tx.execute(
            "DELETE FROM cases WHERE file_id = ?1 AND case_no > ?2",
            params![file_id, o.records.len() as i64],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    /// Checkpoint the write-ahead log into the database file.
    pub fn close(self) -> Result<(), RunError> {
        let path = self.path.clone();
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(|e| sql_error(&path, e))?;
        self.conn.close().map_err(|(_, e)| sql_error(&path, e))
    }
}

fn sql_error(path: &Path, source: rusqlite::Error) -> RunError {
    RunError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// A file's key in the archive: its path made absolute and normalised
/// without touching the file system (so `arkiv`, `./arkiv` and `/abs/arkiv`
/// are one archive; a symlink stays itself), shown losslessly.
pub fn archive_key(path: &Path) -> String {
    crate::ingest::path_text(&crate::ingest::absolute(path))
}

/// Insert or update the file row by its key; its id and its previous
/// sha256.
fn upsert_file(
    tx: &Transaction,
    key: &str,
    row: &FileRow,
    imported_at: &str,
) -> rusqlite::Result<(i64, Option<String>)> {
    let old: Option<Option<String>> = tx
        .query_row("SELECT sha256 FROM files WHERE path = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    let id = tx.query_row(
        "INSERT INTO files (path, given_path, sha256, format, pages, cases, status, message, rules_version, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (path) DO UPDATE SET given_path = excluded.given_path,
           sha256 = excluded.sha256, format = excluded.format,
           pages = excluded.pages, cases = excluded.cases, status = excluded.status,
           message = excluded.message, rules_version = excluded.rules_version,
           imported_at = excluded.imported_at
         RETURNING id",
        params![
            key,
            row.path,
            row.sha256,
            row.format.map(|f| f.as_str()),
            row.pages,
            row.cases,
            row.status.as_str(),
            row.message,
            crate::RULES_VERSION,
            imported_at
        ],
        |r| r.get(0),
    )?;
    Ok((id, old.flatten()))
}

/// Insert or update one case (keyed on file, content hash and case number)
/// and replace its areas, date mentions and flags.
fn import_case(
    tx: &Transaction,
    file_id: i64,
    sha: &str,
    n: i64,
    r: &CaseRecord,
    review_below: f64,
) -> rusqlite::Result<()> {
    let record = serde_json::to_string(r).expect("a record always serializes");
    let sections: Vec<&str> = r.sections.iter().map(|s| s.as_str()).collect();
    let case_id: i64 = tx.query_row(
        "INSERT INTO cases (file_id, sha256, case_no, case_id, line_start, line_end, sections,
           diarienummer, board, unit, reporter_name, reporter_title, investigator_name,
           decision_maker_name, areas, observed_date, reported, received, investigation_started,
           decided, ivo_notified, sol_lss, classification, reported_to_ivo, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
           ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)
         ON CONFLICT (file_id, sha256, case_no) DO UPDATE SET case_id = excluded.case_id,
           line_start = excluded.line_start, line_end = excluded.line_end,
           sections = excluded.sections, diarienummer = excluded.diarienummer,
           board = excluded.board, unit = excluded.unit, reporter_name = excluded.reporter_name,
           reporter_title = excluded.reporter_title, investigator_name = excluded.investigator_name,
           decision_maker_name = excluded.decision_maker_name, areas = excluded.areas,
           observed_date = excluded.observed_date, reported = excluded.reported,
           received = excluded.received, investigation_started = excluded.investigation_started,
           decided = excluded.decided, ivo_notified = excluded.ivo_notified,
           sol_lss = excluded.sol_lss, classification = excluded.classification,
           reported_to_ivo = excluded.reported_to_ivo, record = excluded.record
         RETURNING id",
        params![
            file_id,
            sha,
            n,
            r.id,
            r.source.line_start,
            r.source.line_end,
            sections.join("|"),
            r.diarienummer,
            r.board,
            r.unit,
            r.reporter.name,
            r.reporter.title,
            r.investigator.name,
            r.decision_maker.name,
            crate::model::join_areas(&r.areas),
            r.observed.date,
            r.reported,
            r.received,
            r.investigation_started,
            r.decided,
            r.ivo_notified,
            r.sol_lss.map(|l| l.as_str()),
            r.classification.map(|c| c.as_str()),
            r.reported_to_ivo,
            record
        ],
        |row| row.get(0),
    )?;
    replace_children(tx, case_id, r, review_below)
}

/// Replace a case's areas, date mentions, flags and review rows (they have
/// no key of their own beyond their place in the case).
fn replace_children(
    tx: &Transaction,
    case_id: i64,
    r: &CaseRecord,
    review_below: f64,
) -> rusqlite::Result<()> {
    for table in ["case_areas", "date_mentions", "flags", "review"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE case_id = ?1"),
            [case_id],
        )?;
    }
    let mut area = tx.prepare_cached("INSERT INTO case_areas (case_id, area) VALUES (?1, ?2)")?;
    for a in &r.areas {
        area.execute(params![case_id, a.name()])?;
    }
    let mut date = tx.prepare_cached(
        "INSERT INTO date_mentions (case_id, n, raw, date, end_date, line, role, section,
           year_inferred, ambiguous, unparsed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, d) in r.dates.iter().enumerate() {
        date.execute(params![
            case_id,
            i as i64 + 1,
            d.raw,
            d.date,
            d.end_date,
            d.line,
            d.role,
            d.section,
            d.year_inferred,
            d.ambiguous,
            d.unparsed
        ])?;
    }
    let mut flag = tx.prepare_cached(
        "INSERT INTO flags (case_id, n, code, severity, message, lines, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, f) in r.flags.iter().enumerate() {
        let lines: Vec<String> = f.lines.iter().map(u32::to_string).collect();
        let evidence = serde_json::to_string(&f.evidence).expect("strings serialize");
        flag.execute(params![
            case_id,
            i as i64 + 1,
            f.code.as_str(),
            f.severity.as_str(),
            f.message,
            lines.join("|"),
            evidence
        ])?;
    }
    let mut review = tx.prepare_cached(
        "INSERT INTO review (case_id, field, value, confidence, reasons, page, line, evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for row in crate::output::review::rows(r, review_below) {
        review.execute(params![
            case_id,
            row.field,
            row.value,
            row.confidence,
            serde_json::to_string(&row.reasons).expect("strings serialize"),
            row.page,
            row.line,
            row.evidence
        ])?;
    }
    Ok(())
}
