//! The options every command that reads documents shares (`extract`,
//! `check`, `stats`; the OCR ones `text` too), and their progress bars:
//! below the commands, so that none of them imports another for these.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use crate::error::RunError;
use crate::ingest::pdf::{OcrMode, PdfOptions};
use crate::ingest::{self, ReadOptions};

/// How PDF pages are OCRed: shared by every command that reads documents
/// (`extract`, `check`, `stats`, `text`).
#[derive(Debug, Args)]
pub struct OcrArgs {
    /// When to OCR PDF pages.
    #[arg(long, value_enum, default_value_t = OcrMode::Auto)]
    pub ocr: OcrMode,
    /// Folder for cached OCR text, keyed by page content hash.
    #[arg(long, value_name = "DIR")]
    pub ocr_cache: Option<PathBuf>,
    /// Deadline for each OCR tool run on one page (pdftoppm, each
    /// tesseract pass), in seconds; the tool and every process it started
    /// are stopped when it passes, and the file gets an error row.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::ingest::pdf::OCR_PAGE_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub ocr_page_timeout: u64,
}

impl OcrArgs {
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
            crops_below: None,
        }
    }
}

/// Options shared by the commands that read documents.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files and folders to read (folders are walked recursively).
    #[arg(required_unless_present = "files_from", value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Read more inputs from FILE, one path a line (`-`: standard input),
    /// e.g. `find arkiv -newer x -name '*.pdf' | lexsarah extract --files-from - -o out`.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// The --files-from list is separated by NUL bytes (`find -print0`),
    /// not by lines.
    #[arg(short = '0', long = "null", requires = "files_from")]
    pub null: bool,
    /// Worker threads (default: the number of cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub ocr: OcrArgs,
    /// When another run is writing the same output folder or state file,
    /// wait for it to finish instead of failing at once.
    #[arg(long)]
    pub wait: bool,
    /// No progress bar and no summary at the end (a file that cannot be
    /// read is still named on stderr, and the exit code still says it).
    #[arg(short, long)]
    pub quiet: bool,
}

impl InputArgs {
    /// Add the paths that `--files-from` lists to the command line's (once,
    /// before any work): one a line (a `\r` before the line end is dropped)
    /// or, with `-0`, one per NUL-terminated record; empty entries are
    /// skipped. Paths are taken as bytes, so any file name works.
    pub fn load_files_from(&mut self) -> Result<(), RunError> {
        let Some(list) = self.files_from.clone() else {
            return Ok(());
        };
        let bytes = if list.as_os_str() == "-" {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b).map(|_| b)
        } else {
            std::fs::read(&list)
        }
        .map_err(|source| RunError::Input {
            path: list.clone(),
            source,
        })?;
        if !self.null && bytes.contains(&0) {
            return Err(RunError::Usage(format!(
                "--files-from {}: the list holds NUL bytes; pass -0 for a NUL-separated list",
                list.display()
            )));
        }
        self.paths.extend(list_paths(&bytes, self.null));
        if self.paths.is_empty() {
            return Err(RunError::Usage(format!(
                "--files-from {}: the list holds no paths",
                list.display()
            )));
        }
        Ok(())
    }

    pub fn read_options(&self) -> ReadOptions {
        self.ocr.read_options()
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
        check_paths(&self.paths)
    }
}

/// Check that every path exists (a dangling link counts) before any work.
pub fn check_paths(paths: &[PathBuf]) -> Result<(), RunError> {
    for p in paths {
        if let Err(source) = std::fs::symlink_metadata(p) {
            return Err(RunError::Input {
                path: p.clone(),
                source,
            });
        }
    }
    Ok(())
}

/// Progress on stderr when it is a terminal (nothing under `--quiet` or
/// when stderr is a file or pipe): a bar of files, drawn from the first
/// moment (before the inputs are counted and before the first file is
/// done) with a rate and an ETA; and while scans are being OCRed, a bar of
/// their pages, since a page takes seconds and files alone would stand
/// still (a 15 s scan would show nothing, then `1/1`).
pub struct Progress {
    multi: indicatif::MultiProgress,
    files: indicatif::ProgressBar,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ticker: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
}

/// How often the bars are drawn and the OCR page count is read.
const TICK: std::time::Duration = std::time::Duration::from_millis(100);

fn bar_style(template: &str) -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
}

impl Progress {
    /// Progress over the entries under `roots`, counted for the bar in a
    /// walk of their own (names and types only) while the bar already
    /// shows, so the run itself never holds the list of inputs.
    pub fn new(roots: &[PathBuf], quiet: bool) -> Progress {
        Progress::of_shard(roots, None, quiet)
    }

    /// Progress over the entries under `roots` that are `shard`'s (all of
    /// them without one).
    pub fn of_shard(
        roots: &[PathBuf],
        shard: Option<crate::shard::ShardSpec>,
        quiet: bool,
    ) -> Progress {
        let p = Progress::start(quiet);
        if !p.files.is_hidden() {
            let n = ingest::walk(roots)
                .filter(|e| shard.is_none_or(|s| s.holds(&e.rel)))
                .count();
            p.files.set_length(n as u64);
        }
        p
    }

    /// Progress over `n` entries already known.
    pub fn with_len(n: usize, quiet: bool) -> Progress {
        let p = Progress::start(quiet);
        p.files.set_length(n as u64);
        p
    }

    fn start(quiet: bool) -> Progress {
        use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        if quiet || !std::io::stderr().is_terminal() {
            return Progress {
                multi: indicatif::MultiProgress::with_draw_target(
                    indicatif::ProgressDrawTarget::hidden(),
                ),
                files: indicatif::ProgressBar::hidden(),
                stop,
                ticker: std::sync::Mutex::new(None),
            };
        }
        let multi = indicatif::MultiProgress::new();
        let files = multi.add(indicatif::ProgressBar::new(0));
        files.set_style(bar_style(
            "{spinner} [{bar:30}] {pos}/{len} files  {per_sec}  ETA {eta}  ({elapsed})",
        ));
        files.enable_steady_tick(TICK);
        let (multi2, stop2) = (multi.clone(), stop.clone());
        let (planned0, done0) = (
            ingest::ocr::PAGES_PLANNED.load(Relaxed),
            ingest::ocr::PAGES_DONE.load(Relaxed),
        );
        let ticker = std::thread::spawn(move || {
            let mut pages: Option<indicatif::ProgressBar> = None;
            while !stop2.load(Relaxed) {
                let planned = ingest::ocr::PAGES_PLANNED.load(Relaxed) - planned0;
                let done = ingest::ocr::PAGES_DONE.load(Relaxed) - done0;
                if planned > 0 {
                    let bar = pages.get_or_insert_with(|| {
                        let b = multi2.add(indicatif::ProgressBar::new(planned));
                        b.set_style(bar_style(
                            "  [{bar:30}] {pos}/{len} OCR pages  {per_sec}  ETA {eta}",
                        ));
                        b
                    });
                    bar.set_length(planned);
                    bar.set_position(done.min(planned));
                }
                std::thread::sleep(TICK);
            }
            if let Some(b) = pages {
                b.finish_and_clear();
            }
        });
        Progress {
            multi,
            files,
            stop,
            ticker: std::sync::Mutex::new(Some(ticker)),
        }
    }

    /// One entry done.
    pub fn inc(&self) {
        self.files.inc(1);
    }

    /// Print with the bars out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.multi.suspend(f)
    }

    /// Name a file that could not be read (an `error` or `needs_ocr` row)
    /// on stderr as it is met, the bars out of the way: `lexsarah: PATH:
    /// MESSAGE`, the row's own path and message (so under `--redact` the
    /// masked ones). Said under `--quiet` too, which hides the bars and the
    /// summary, never a failure. Any other row says nothing here.
    pub fn name_failed(&self, row: &crate::model::FileRow) {
        use crate::model::FileStatus;
        if matches!(row.status, FileStatus::Error | FileStatus::NeedsOcr) {
            self.suspend(|| eprintln!("{}", failed_line(row)));
        }
    }

    /// Take the bars off the screen.
    pub fn finish(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        // A poisoned lock only means a ticker panicked: nothing to join.
        if let Some(t) = self.ticker.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
        self.files.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The stderr line naming a file that could not be read.
pub fn failed_line(row: &crate::model::FileRow) -> String {
    format!("lexsarah: {}: {}", row.path, row.message)
}

/// The paths of a `--files-from` list: NUL-separated with `null`, else one
/// a line (`\n` or `\r\n`); empty entries are no paths.
pub fn list_paths(bytes: &[u8], null: bool) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let sep = if null { b'\0' } else { b'\n' };
    bytes
        .split(|b| *b == sep)
        .map(|p| {
            if null {
                p
            } else {
                p.strip_suffix(b"\r").unwrap_or(p)
            }
        })
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(std::ffi::OsStr::from_bytes(p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_paths_table() {
        let p = |v: &[&str]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        let cases: [(&[u8], bool, Vec<PathBuf>); 7] = [
            (b"a.txt\nb/c.pdf\n", false, p(&["a.txt", "b/c.pdf"])),
            (b"a.txt\r\nb.txt", false, p(&["a.txt", "b.txt"])),
            (b"\n\na\n\n", false, p(&["a"])),
            (b"with space.txt\n", false, p(&["with space.txt"])),
            (b"a\nb\0c\0", true, p(&["a\nb", "c"])),
            (b"\0\0x\0", true, p(&["x"])),
            (b"", false, vec![]),
        ];
        for (bytes, null, want) in cases {
            assert_eq!(list_paths(bytes, null), want, "{bytes:?}");
        }
        // A name that is not UTF-8 comes through as its bytes.
        use std::os::unix::ffi::OsStrExt;
        let got = list_paths(b"\xe5.txt\n", false);
        assert_eq!(got[0].as_os_str().as_bytes(), b"\xe5.txt");
    }
}
