//! Output: records and file rows → `cases.jsonl`, `cases.csv`, `flags.csv`,
//! `files.csv` and `review.csv` (the fields to check by hand) in the output
//! folder.
//!
//! Records are streamed to temporary files in the output folder as they come
//! (one writer thread, input order) and renamed into place together at the
//! end, so a killed run leaves the previous outputs intact and never a
//! half-written file where a good one was.

pub mod analyst;
pub mod atomic;
pub mod guard;
pub mod html;
pub mod labels;
pub mod lock;
pub mod postgres;
pub mod record;
pub mod review;
pub mod review_html;
pub mod sqlite;
pub mod store;
pub mod tables;

use std::path::{Path, PathBuf};

use crate::error::RunError;
use crate::model::{CaseRecord, FileRow};

pub use atomic::AtomicFile;

/// CSV dialect for the analyst's tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvDialect {
    /// RFC 4180: comma, UTF-8 without BOM, CRLF line ends.
    #[default]
    Rfc4180,
    /// What Swedish Excel opens correctly: semicolon, UTF-8 with BOM, CRLF.
    Excel,
}

/// The output files, written as records arrive.
/// The files `Writers` writes into the output folder.
pub const OUTPUT_FILES: &[&str] = &[
    "cases.jsonl",
    "cases.csv",
    "flags.csv",
    "files.csv",
    "review.csv",
    "review.html",
];

pub struct Writers {
    jsonl: std::io::BufWriter<AtomicFile>,
    cases: tables::CsvTable<AtomicFile>,
    flags: tables::CsvTable<AtomicFile>,
    files: tables::CsvTable<AtomicFile>,
    review: tables::CsvTable<AtomicFile>,
    /// Fields below this confidence go to `review.csv`.
    pub review_below: f64,
    /// The same rows on `review.html`, written as they come.
    page: review_html::PageBuilder,
    /// Crops of scanned pages in `review.html` (off under `--redact`: an
    /// image cannot be masked).
    pub crops: bool,
    dialect: CsvDialect,
    dir: PathBuf,
}

impl Writers {
    pub fn create(dir: &Path, dialect: CsvDialect) -> Result<Self, RunError> {
        std::fs::create_dir_all(dir).map_err(|source| RunError::Output {
            path: dir.to_path_buf(),
            source,
        })?;
        for name in OUTPUT_FILES {
            guard::ensure_ours(&dir.join(name))?;
        }
        atomic::remove_stale_temporaries(dir);
        let open = |name: &str| AtomicFile::create(&dir.join(name));
        let csv = |name: &str| tables::csv_writer(open(name)?, dialect, &dir.join(name));
        let mut w = Writers {
            jsonl: std::io::BufWriter::with_capacity(1 << 16, open("cases.jsonl")?),
            cases: csv("cases.csv")?,
            flags: csv("flags.csv")?,
            files: csv("files.csv")?,
            review: csv("review.csv")?,
            review_below: review::DEFAULT_REVIEW_BELOW,
            page: review_html::PageBuilder::default(),
            crops: true,
            dialect,
            dir: dir.to_path_buf(),
        };
        w.cases.write_row(tables::case_header())?;
        w.flags.write_row(tables::FLAG_COLUMNS)?;
        w.files.write_row(tables::FILE_COLUMNS)?;
        w.review.write_row(review::REVIEW_COLUMNS)?;
        Ok(w)
    }

    /// Write one record to every output; the number of review rows it
    /// gave. `crops` are its file's review crops cut from the page images
    /// (empty: `review.html` rasterises them from the PDF).
    pub fn write_case(
        &mut self,
        rec: &CaseRecord,
        crops: &[review::Crop],
    ) -> Result<usize, RunError> {
        use std::io::Write;
        let io = |source| RunError::Output {
            path: self.dir.join("cases.jsonl"),
            source,
        };
        serde_json::to_writer(&mut self.jsonl, rec).map_err(|e| io(e.into()))?;
        self.jsonl.write_all(b"\n").map_err(io)?;
        self.cases.write_row(tables::case_row(rec))?;
        for flag in &rec.flags {
            self.flags.write_row(tables::flag_row(rec, flag))?;
        }
        let placed = review::placed(rec, self.review_below);
        let review_rows = placed.len();
        for mut p in placed {
            let mut cells = p.row.cells();
            if self.dialect == CsvDialect::Excel {
                // Swedish Excel reads `0,60` as a number, `0.60` as text.
                cells[review::CONFIDENCE_COLUMN] =
                    cells[review::CONFIDENCE_COLUMN].replace('.', ",");
            }
            self.review.write_row(cells)?;
            if !self.crops {
                p.scan = None;
            } else if let (Some(page), Some(line)) = (p.row.page, p.row.line) {
                p.crop = crops
                    .iter()
                    .find(|c| c.page == page && c.line == line)
                    .map(|c| c.png.clone());
            }
            self.page
                .push_placed(&p)
                .map_err(|source| RunError::Output {
                    path: self.dir.join("review.html"),
                    source,
                })?;
        }
        Ok(review_rows)
    }

    pub fn write_file(&mut self, row: &FileRow) -> Result<(), RunError> {
        self.files.write_row(tables::file_row(row))?;
        Ok(())
    }

    /// Flush everything and rename the files into place.
    pub fn commit(self) -> Result<(), RunError> {
        let dir = self.dir.clone();
        let err = |name: &str| {
            let path = dir.join(name);
            move |source| RunError::Output { path, source }
        };
        let jsonl = self
            .jsonl
            .into_inner()
            .map_err(|e| err("cases.jsonl")(e.into_error()))?;
        let cases = self.cases.into_inner().map_err(err("cases.csv"))?;
        let flags = self.flags.into_inner().map_err(err("flags.csv"))?;
        let files = self.files.into_inner().map_err(err("files.csv"))?;
        let review = self.review.into_inner().map_err(err("review.csv"))?;
        let mut page = std::io::BufWriter::new(AtomicFile::create(&dir.join("review.html"))?);
        self.page
            .finish_into(self.review_below, &mut page)
            .map_err(err("review.html"))?;
        let page = page
            .into_inner()
            .map_err(|e| err("review.html")(e.into_error()))?;
        for f in [jsonl, cases, flags, files, review, page] {
            f.commit()?;
        }
        Ok(())
    }
}

/// One JSON object and a newline on stdout; a reader that has gone is no
/// error of the run.
pub fn print_json(v: &serde_json::Value) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer(&mut out, v);
    let _ = out.write_all(b"\n");
}
