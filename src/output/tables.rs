//! The CSV tables: column names and the flattening of records into rows
//! (lists joined with `|`, nested objects as `parent_child` columns), and
//! the writer for either dialect (used for every CSV file the tool writes).

use std::borrow::Cow;

use crate::error::RunError;
use crate::model::{CaseRecord, FileRow, Flag};

use super::CsvDialect;

pub const CASE_COLUMNS: &[&str] = &[
    "id",
    "source_path",
    "source_sha256",
    "source_format",
    "source_pages",
    "line_start",
    "line_end",
    "sections",
    "diarienummer",
    "diarienummer_variants",
    "board",
    "unit",
    "reporter_name",
    "reporter_title",
    "reporter_workplace",
    "reporter_phone",
    "reporter_email",
    "investigator_name",
    "investigator_title",
    "decision_maker_name",
    "decision_maker_title",
    "areas",
    "area_other",
    "observed_date",
    "observed_end_date",
    "observed_weekday",
    "observed_time",
    "observed_raw",
    "reported",
    "received",
    "investigation_started",
    "decided",
    "ivo_notified",
    "sol_lss",
    "classification",
    "reported_to_ivo",
    "dates",
    "flags",
];

/// The header of `cases.csv`: the contract columns, then the analyst's.
pub fn case_header() -> Vec<&'static str> {
    let mut h = CASE_COLUMNS.to_vec();
    h.extend(super::analyst::columns());
    h
}

pub const FLAG_COLUMNS: &[&str] = &["case_id", "code", "severity", "message", "lines"];

pub const FILE_COLUMNS: &[&str] = &[
    "path", "sha256", "format", "pages", "cases", "status", "message",
];

/// A CSV table in one dialect. In the Excel dialect a cell that Excel would
/// read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: OWASP's list for CSV injection) is written with a leading `'`,
/// so that Excel shows it as text (the apostrophe with it) and never runs
/// it; the RFC 4180 dialect writes every cell as it is.
pub struct CsvTable<W: std::io::Write> {
    w: csv::Writer<W>,
    inert: bool,
    /// The file written, for the message when a row cannot be.
    path: std::path::PathBuf,
}

impl<W: std::io::Write> CsvTable<W> {
    pub fn write_row<I>(&mut self, row: I) -> Result<(), RunError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        // Field by field, each borrowed (a cell made inert is the one
        // copy); the empty record ends the row.
        let mut written = Ok(());
        for c in row {
            let c = c.as_ref();
            written = if self.inert {
                self.w.write_field(inert_cell(c).as_bytes())
            } else {
                self.w.write_field(c)
            };
            if written.is_err() {
                break;
            }
        }
        written
            .and_then(|()| self.w.write_record(None::<&[u8]>))
            .map_err(|source| RunError::Csv {
                path: self.path.clone(),
                source,
            })
    }

    /// Flush and hand back the file.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// A yes/no value in every CSV the tool writes: `1`, `0`, or empty for
/// unknown (one style for `reported_to_ivo`, the `area_*` columns and
/// review.csv's values; Excel and pandas sum it, SQLite stores the same).
pub fn bool_cell(v: Option<bool>) -> String {
    bool_str(v).to_string()
}

/// A yes/no as the CSV files write it: `1`, `0`, or empty when unknown.
pub fn bool_str(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "1",
        Some(false) => "0",
        None => "",
    }
}

/// `cell` as Excel must see it: text, never a formula.
pub fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A CSV table in `dialect` over `f`: CRLF line ends always; for Excel a
/// semicolon delimiter, a UTF-8 byte order mark before the header and
/// inert cells (`CsvTable`).
pub fn csv_writer<W: std::io::Write>(
    mut f: W,
    dialect: CsvDialect,
    path: &std::path::Path,
) -> Result<CsvTable<W>, RunError> {
    let mut b = csv::WriterBuilder::new();
    b.terminator(csv::Terminator::CRLF);
    if dialect == CsvDialect::Excel {
        b.delimiter(b';');
        f.write_all("\u{feff}".as_bytes())
            .map_err(|source| RunError::Output {
                path: path.to_path_buf(),
                source,
            })?;
    }
    Ok(CsvTable {
        w: b.from_writer(f),
        inert: dialect == CsvDialect::Excel,
        path: path.to_path_buf(),
    })
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// A cell borrowed from the record (an absent value is the empty cell).
fn opt_ref(s: &Option<String>) -> Cell<'_> {
    Cow::Borrowed(s.as_deref().unwrap_or_default())
}

/// One CSV cell: borrowed from the record where it is a value as is.
pub type Cell<'a> = Cow<'a, str>;

/// One row of `cases.csv`, in the order of `case_header()`.
pub fn case_row(r: &CaseRecord) -> Vec<Cell<'_>> {
    let mut row = contract_cells(r);
    row.extend(super::analyst::cells(r).into_iter().map(Cow::Owned));
    row
}

fn contract_cells(r: &CaseRecord) -> Vec<Cell<'_>> {
    fn b(s: &str) -> Cell<'_> {
        Cow::Borrowed(s)
    }
    let o = Cow::Owned;
    let code = |s: Option<&'static str>| Cow::Borrowed(s.unwrap_or_default());
    let cell = |v: Option<bool>| Cow::Borrowed(bool_str(v));
    vec![
        b(&r.id),
        b(&r.source.path),
        b(&r.source.sha256),
        b(r.source.format.as_str()),
        o(r.source.pages.to_string()),
        o(r.source.line_start.to_string()),
        o(r.source.line_end.to_string()),
        o(joined(r.sections.iter().map(|s| s.as_str()))),
        opt_ref(&r.diarienummer),
        o(r.diarienummer_variants.join("|")),
        opt_ref(&r.board),
        opt_ref(&r.unit),
        opt_ref(&r.reporter.name),
        opt_ref(&r.reporter.title),
        opt_ref(&r.reporter.workplace),
        opt_ref(&r.reporter.phone),
        opt_ref(&r.reporter.email),
        opt_ref(&r.investigator.name),
        opt_ref(&r.investigator.title),
        opt_ref(&r.decision_maker.name),
        opt_ref(&r.decision_maker.title),
        o(crate::model::join_areas(&r.areas)),
        opt_ref(&r.area_other),
        opt_ref(&r.observed.date),
        opt_ref(&r.observed.end_date),
        opt_ref(&r.observed.weekday),
        opt_ref(&r.observed.time),
        opt_ref(&r.observed.raw),
        opt_ref(&r.reported),
        opt_ref(&r.received),
        opt_ref(&r.investigation_started),
        opt_ref(&r.decided),
        opt_ref(&r.ivo_notified),
        code(r.sol_lss.map(|l| l.as_str())),
        code(r.classification.map(|c| c.as_str())),
        cell(r.reported_to_ivo),
        o(joined(
            r.dates
                .iter()
                .map(|d| d.date.as_deref().unwrap_or(d.raw.as_str())),
        )),
        o(joined(r.flags.iter().map(|f| f.code.as_str()))),
    ]
}

/// Items joined with `|`, as every list cell is.
fn joined<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (k, s) in items.enumerate() {
        if k > 0 {
            out.push('|');
        }
        out.push_str(s);
    }
    out
}

pub fn flag_row<'a>(r: &'a CaseRecord, f: &'a Flag) -> Vec<Cell<'a>> {
    let mut lines = String::new();
    for (k, n) in f.lines.iter().enumerate() {
        use std::fmt::Write;
        if k > 0 {
            lines.push('|');
        }
        let _ = write!(lines, "{n}");
    }
    vec![
        Cow::Borrowed(&r.id),
        Cow::Borrowed(f.code.as_str()),
        Cow::Borrowed(f.severity.as_str()),
        Cow::Borrowed(&f.message),
        Cow::Owned(lines),
    ]
}

pub fn file_row(r: &FileRow) -> Vec<String> {
    vec![
        r.path.clone(),
        opt(&r.sha256),
        r.format.map(|f| f.as_str().to_string()).unwrap_or_default(),
        r.pages.map(|p| p.to_string()).unwrap_or_default(),
        r.cases.to_string(),
        r.status.as_str().to_string(),
        r.message.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_cells_are_never_formulas() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\";\"klick\")",
                "'=HYPERLINK(\"http://x\";\"klick\")",
            ),
            ("+46 8 123", "'+46 8 123"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("AMN 2019-0712", "AMN 2019-0712"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (cell, want) in cases {
            assert_eq!(inert_cell(cell), want, "{cell:?}");
        }
        let row = ["=1+1", "ok"];
        let write = |dialect| {
            let mut t = csv_writer(Vec::new(), dialect, std::path::Path::new("x.csv")).unwrap();
            t.write_row(row).unwrap();
            String::from_utf8(t.into_inner().unwrap()).unwrap()
        };
        assert_eq!(write(CsvDialect::Excel), "\u{feff}'=1+1;ok\r\n");
        assert_eq!(write(CsvDialect::Rfc4180), "=1+1,ok\r\n");
    }

    /// A row that cannot be written is an error naming the file.
    #[test]
    fn a_failed_row_names_its_file() {
        struct Full;
        impl std::io::Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk full"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let path = std::path::Path::new("ut/flags.csv");
        let mut t = csv_writer(Full, CsvDialect::Rfc4180, path).unwrap();
        // Longer than the writer's buffer, so the row reaches the file.
        let long = "x".repeat(1 << 16);
        let e = t.write_row([long.as_str()]).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("cannot write output to ut/flags.csv: ") && msg.contains("disk full"),
            "{msg}"
        );
    }
}
