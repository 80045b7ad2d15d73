//! The options every command that reads documents shares (`extract`,
//! `check`, `stats`), and their progress bar: below the commands, so that
//! none of them imports another for these.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::error::RunError;
use crate::ingest::pdf::{OcrMode, PdfOptions};
use crate::ingest::{self, ReadOptions};

/// Options shared by the commands that read documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders to read (folders are walked recursively).
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Worker threads (default: the number of cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// When to OCR PDF pages.
    #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
    pub ocr: OcrMode,
    /// Folder for cached OCR text, keyed by page content hash.
    #[arg(long, value_name = "DIR")]
    pub ocr_cache: Option<PathBuf>,
    /// When another run is writing the same output folder or state file,
    /// wait for it to finish instead of failing at once.
    #[arg(long)]
    pub wait: bool,
    /// Deadline for each OCR tool run on one page (pdftoppm, each
    /// tesseract pass), in seconds; the tool and every process it started
    /// are stopped when it passes, and the file gets an error row.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::ingest::pdf::OCR_PAGE_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub ocr_page_timeout: u64,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            pdf: PdfOptions {
                ocr: self.ocr,
                ocr_cache: self.ocr_cache.clone(),
                // Parse PDFs in a child process of this binary (`__pdf-worker`).
                worker: std::env::current_exe().ok(),
                ocr_page_timeout: std::time::Duration::from_secs(self.ocr_page_timeout),
                ..PdfOptions::default()
            },
            corrections: None,
        }
    }

    /// Build the thread pool for `--jobs`.
    pub fn pool(&self) -> Result<rayon::ThreadPool, RunError> {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(j) = self.jobs {
            if j == 0 {
                return Err(RunError::Usage("--jobs must be at least 1".into()));
            }
            b = b.num_threads(j);
        }
        b.build()
            .map_err(|e| RunError::Usage(format!("cannot start worker threads: {e}")))
    }

    /// Check that every named input exists before any work starts.
    pub fn check_paths(&self) -> Result<(), RunError> {
        for p in &self.paths {
            if let Err(source) = std::fs::symlink_metadata(p) {
                return Err(RunError::Input {
                    path: p.clone(),
                    source,
                });
            }
        }
        Ok(())
    }
}

/// A progress bar on stderr when it is a terminal, otherwise nothing.
/// The inputs are counted for it in a walk of their own (cheap: names and
/// types only), so the run itself never holds the list of inputs.
pub fn progress_bar(roots: &[PathBuf], quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(ingest::walk(roots).count() as u64);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files {elapsed_precise} ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    pb
}
