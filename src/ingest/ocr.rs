//! OCR of PDF pages: (PDF, page numbers, page content keys) → cleaned page
//! texts and notes.
//!
//! A page is looked up in the OCR cache first (`ocr_cache`, keyed on the
//! page's PDF content, so no rasterizer is needed for a hit). Missing pages
//! are rasterized with `pdftoppm -r 300 -gray` (a binary PGM) one at a time
//! and recognized by an `OcrEngine` (Tesseract `-l swe --psm 3` with TSV
//! word boxes; a second reading with `--psm 6` only where the first left a
//! share of the page's ink unread (`ocr_coverage`), kept when it reads more
//! of it; single-threaded (`OMP_THREAD_LIMIT=1`), pages in parallel on the
//! caller's rayon pool). Tesseract runs in this process through its C API
//! where the library can be loaded (`ocr_capi`: one model load per worker,
//! stopped at the page deadline), else as one `tesseract` child per reading,
//! killed at the deadline; temp files removed. The checkboxes beside their labels are then
//! read from the page image (`ocr_boxes`): the words Tesseract made of them
//! leave the text, and no glyph is written in their place; each box
//! reaches extract only as a value (`PageSignals::marks`, from
//! `page_marks`). That text and the box decisions (`PageOcr`) are what is
//! cached; `ocr_clean` repairs the text after.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use rayon::prelude::*;

use serde::{Deserialize, Serialize};

use super::child::{self, ChildError};
use super::ocr_boxes::{self, BoxDecision};
use super::ocr_cache::OcrCache;
use super::ocr_capi;
use super::ocr_clean;
use super::ocr_coverage::InkMap;
use super::ocr_words::{self, Word};
use super::pdf::PdfOptions;
use super::pgm;
use super::selection_marks::MarkState;
use crate::error::IngestError;

/// Rasterizing resolution.
pub const DPI: u32 = 300;
/// Tesseract page segmentation modes: the first reading, then the one tried
/// when the first left ink unread. Chosen by measurement (BENCHMARKS.md): 3
/// (automatic layout) reads the ordinary scans best, but on poor 150 dpi
/// scans it silently drops whole boxed paragraphs, which 6 (one uniform
/// block) keeps; 6 in turn drops the area column of the report form, so it
/// is never the first.
pub const PSMS: &[u8] = &[3, 6];
/// The share of a page's inked cells a reading may leave unread before the
/// next one is tried. On the development scans ordinary pages leave at most
/// 8 %, pages where psm 3 dropped regions 17 % or more.
pub const SECOND_PASS_UNREAD: f32 = 0.12;
/// Above this share of unread ink the page's reading is called junk in a
/// warning (the worst page of the development scans after both passes: 0.67).
pub const JUNK_UNREAD: f32 = 0.5;
/// How much less unread ink a later reading must leave to be kept.
pub const SECOND_PASS_GAIN: f32 = 0.02;
/// What to tell a user whose machine lacks the OCR tools.
pub const INSTALL_HINT: &str =
    "install with: apt-get install -y tesseract-ocr tesseract-ocr-swe poppler-utils";

/// What OCR made of one page: its text (without the words Tesseract made
/// of the boxes found, and no glyph for them; not yet cleaned) and the
/// reading of each checkbox label's box.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageOcr {
    pub text: String,
    pub boxes: Vec<BoxDecision>,
    /// Words read with a confidence below `model::LOW_WORD_CONF`
    /// (lower-cased, as read) and that confidence; empty in cache entries
    /// written before it was kept.
    #[serde(default)]
    pub doubtful: Vec<(String, f32)>,
    /// Recognition passes run on the page (1, or 2 when the first left ink
    /// unread); 0 in entries written before it was kept.
    #[serde(default)]
    pub passes: u8,
    /// The share of the page's ink the kept reading left unread.
    #[serde(default)]
    pub unread: f32,
    /// Degrees the page image was turned clockwise before the kept reading
    /// (0, or 90, 180, 270 for a page scanned turned).
    #[serde(default)]
    pub turned: u16,
    /// The page image (upright) at `THUMB_DPI`, for the review page's
    /// crops; never cached (a cache hit has none, and the crop is then
    /// rasterised from the PDF).
    #[serde(skip)]
    pub thumb: Option<std::sync::Arc<pgm::GrayImage>>,
}

/// Resolution of the page copies kept for the review page's crops.
pub const THUMB_DPI: u32 = 70;

/// Turns a page image into text.
pub trait OcrEngine: Sync {
    /// Names the engine and its settings; part of the cache key, so a change
    /// of settings does not reuse old results.
    fn id(&self) -> String;
    /// Check the engine can run here (installed, language data present).
    fn available(&self) -> Result<(), IngestError>;
    /// Read the page image (binary PGM at `DPI`).
    fn recognize(&self, image: &Path) -> Result<PageOcr, IngestError>;
}

/// Tesseract: in this process (`ocr_capi`) or the `tesseract` program.
#[derive(Debug, Clone)]
pub struct Tesseract {
    pub lang: String,
    /// Page segmentation modes: the first reading, then the ones tried in
    /// turn while the kept reading leaves more than `SECOND_PASS_UNREAD` of
    /// the ink unread.
    pub psms: Vec<u8>,
    pub timeout: Duration,
}

impl Tesseract {
    pub fn new(timeout: Duration) -> Self {
        Tesseract {
            lang: "swe".into(),
            psms: PSMS.to_vec(),
            timeout,
        }
    }

    /// The word lines of one reading of `img` (whose file is `path`), or
    /// of its `region`, with mode `psm`: by the engine in this process when
    /// it can run here (`ocr_capi`), else by the `tesseract` program.
    /// Tesseract is told the resolution (`--dpi`): a PGM carries none, and
    /// its guess reads these pages worse.
    fn read(
        &self,
        img: &pgm::GrayImage,
        path: &Path,
        psm: u8,
        region: Option<ocr_words::Rect>,
    ) -> Result<Vec<Vec<Word>>, IngestError> {
        let words = match ocr_capi::with_engine(&self.lang, |e| {
            e.read(img, psm, DPI, region, self.timeout)
        }) {
            Ok(tsv) => ocr_words::parse_tsv(&tsv?),
            Err(_) => self.run_psm(img, path, psm, region)?,
        };
        Ok(ocr_words::lines(&words))
    }

    /// One reading by the `tesseract` program (a region is cut out to a
    /// file of its own, and its words moved back to page pixels).
    fn run_psm(
        &self,
        img: &pgm::GrayImage,
        path: &Path,
        psm: u8,
        region: Option<ocr_words::Rect>,
    ) -> Result<Vec<Word>, IngestError> {
        let (file, (dx, dy)) = match region {
            Some(r) => {
                let (crop, at) = img.crop(r);
                let file = path.with_file_name("region.pgm");
                std::fs::write(&file, crop.to_pgm())?;
                (file, at)
            }
            None => (path.to_path_buf(), (0, 0)),
        };
        let mut cmd = Command::new("tesseract");
        cmd.arg(&file).arg("-").args([
            "-l",
            &self.lang,
            "--psm",
            &psm.to_string(),
            "--dpi",
            &DPI.to_string(),
            "tsv",
        ]);
        cmd.env("OMP_THREAD_LIMIT", "1");
        let out = run_tool(cmd, "tesseract", self.timeout)?;
        let mut words = ocr_words::parse_tsv(&String::from_utf8_lossy(&out));
        for w in &mut words {
            w.rect.x += dx;
            w.rect.y += dy;
        }
        Ok(words)
    }
}

impl Tesseract {
    /// How far to turn the page image clockwise to make it upright, when
    /// Tesseract's orientation detection (`--psm 0`, the `osd` data) is sure
    /// it is turned; `None` when it is upright, unsure, or cannot tell.
    fn orientation(&self, image: &Path) -> Option<u16> {
        let mut cmd = Command::new("tesseract");
        cmd.arg(image)
            .arg("-")
            .args(["--psm", "0", "-l", "osd", "--dpi", &DPI.to_string()]);
        cmd.env("OMP_THREAD_LIMIT", "1");
        let out = run_tool(cmd, "tesseract", self.timeout).ok()?;
        parse_osd(&String::from_utf8_lossy(&out))
    }
}

/// The turn Tesseract's orientation report asks for (`Rotate: 180`), when
/// its `Orientation confidence` is at least `MIN_OSD_CONFIDENCE`.
pub fn parse_osd(report: &str) -> Option<u16> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<f32>().ok())
    };
    let rotate = field("Rotate:")? as u16;
    let confidence = field("Orientation confidence:")?;
    (matches!(rotate, 90 | 180 | 270) && confidence >= MIN_OSD_CONFIDENCE).then_some(rotate)
}

/// Below this the orientation report is a guess (an upright page of text
/// scores 5 to 25; a blank or picture page near 0).
pub const MIN_OSD_CONFIDENCE: f32 = 2.0;

impl OcrEngine for Tesseract {
    fn id(&self) -> String {
        let psms: Vec<String> = self.psms.iter().map(u8::to_string).collect();
        format!(
            "tesseract-5/{}/psm{}-if-unread+osd/{}dpi-gray/tsv+boxes2",
            self.lang,
            psms.join("+"),
            DPI
        )
    }

    fn available(&self) -> Result<(), IngestError> {
        static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
        let lang = self.lang.clone();
        CHECK
            .get_or_init(|| tools_present(&lang))
            .clone()
            .map_err(|why| IngestError::NeedsOcr(format!("{why}; {INSTALL_HINT}")))
    }

    fn recognize(&self, image: &Path) -> Result<PageOcr, IngestError> {
        let mut img = pgm::parse(&std::fs::read(image)?)?;
        let mut ink = InkMap::new(&img);
        let mut page = image.to_path_buf();
        let mut best: Option<(f32, Vec<Vec<Word>>)> = None;
        let mut passes = 0u8;
        let mut turned = 0u16;
        for (k, &psm) in self.psms.iter().enumerate() {
            if !wants_another_pass(best.as_ref().map(|b| b.0)) {
                break;
            }
            // A first reading this poor may be of a page turned on the
            // glass: Tesseract's orientation detection says how far to turn
            // it, and the first mode reads it again upright.
            if k == 1
                && best.as_ref().is_some_and(|b| looks_turned(&b.1))
                && let Some(deg) = self.orientation(&page)
            {
                let upright = img.rotated_cw(deg);
                let path = image.with_file_name("page-upright.pgm");
                std::fs::write(&path, upright.to_pgm())?;
                let upright_ink = InkMap::new(&upright);
                let lines = self.read(&upright, &path, self.psms[0], None)?;
                passes += 1;
                let unread = upright_ink.coverage(lines.iter().flatten()).unread_share();
                if reads_more(best.as_ref().map(|b| b.0), unread) {
                    (img, ink, page, turned) = (upright, upright_ink, path, deg);
                    best = Some((unread, lines));
                }
                if !wants_another_pass(best.as_ref().map(|b| b.0)) {
                    break;
                }
            }
            let lines = self.read(&img, &page, psm, None)?;
            passes += 1;
            let unread = ink.coverage(lines.iter().flatten()).unread_share();
            if reads_more(best.as_ref().map(|b| b.0), unread) {
                best = Some((unread, lines));
            }
        }
        let (unread, mut lines) = best.unwrap_or_default();
        let boxes = ocr_boxes::read_boxes(&mut lines, &img);
        Ok(PageOcr {
            text: ocr_words::render(&lines),
            boxes,
            doubtful: doubtful_words(&lines),
            passes,
            unread,
            turned,
            thumb: Some(std::sync::Arc::new(img.downscaled(THUMB_DPI, DPI))),
        })
    }
}

/// The words of a reading Tesseract was unsure of (confidence 0 to
/// `LOW_WORD_CONF`; -1 marks a row that is no word), lower-cased, trimmed
/// of punctuation, each once with its lowest confidence.
fn doubtful_words(lines: &[Vec<Word>]) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = Vec::new();
    for w in lines.iter().flatten() {
        if !(0.0..crate::model::LOW_WORD_CONF).contains(&w.conf) {
            continue;
        }
        let t = w
            .text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if t.is_empty() {
            continue;
        }
        match out.iter_mut().find(|(x, _)| *x == t) {
            Some(e) => e.1 = e.1.min(w.conf),
            None => out.push((t, w.conf)),
        }
    }
    out
}

/// Does a poor first reading look like the page is turned on the glass?
/// Only then is orientation detection (a Tesseract run of its own, about
/// 1 s a page) worth asking. Read upright, even a hard page (150 dpi, grain,
/// washed out) has most of its words confident (93 % of them at
/// confidence 50 or more on the worst development scan); read upside down,
/// an ordinary page has 43 %, Tesseract's junk from mirrored glyph shapes.
/// A reading with no words at all may be of a turned page too.
pub fn looks_turned(lines: &[Vec<Word>]) -> bool {
    let words = lines.iter().flatten().filter(|w| !w.text.trim().is_empty());
    let (n, sure) = words.fold((0usize, 0usize), |(n, s), w| {
        (
            n + 1,
            s + usize::from(w.conf >= super::ocr_coverage::MIN_CONF),
        )
    });
    n == 0 || (sure as f32) < TURNED_BELOW_SURE * n as f32
}

/// The share of confident words below which a reading looks turned.
pub const TURNED_BELOW_SURE: f32 = 0.7;

/// Is another reading of a page worth running, given the unread share of
/// the kept one (`None`: no reading yet)?
pub fn wants_another_pass(kept_unread: Option<f32>) -> bool {
    kept_unread.is_none_or(|u| u > SECOND_PASS_UNREAD)
}

/// Is a reading leaving `unread` of the ink unread better than the kept
/// one? Only when its confident words read clearly more of the ink: never
/// for more words alone (junk read over a picture or noise is not
/// confident).
pub fn reads_more(kept_unread: Option<f32>, unread: f32) -> bool {
    kept_unread.is_none_or(|u| unread + SECOND_PASS_GAIN < u)
}

/// Tesseract with the language (in this process or the program), and
/// `pdftoppm`, can be run.
fn tools_present(lang: &str) -> Result<(), String> {
    if ocr_capi::available(lang).is_err() {
        tesseract_present(lang)?;
    }
    let mut cmd = Command::new("pdftoppm");
    cmd.arg("-v");
    if child::run(cmd, None, Duration::from_secs(20)).is_err() {
        return Err("pdftoppm (poppler-utils) is not installed".into());
    }
    Ok(())
}

/// The `tesseract` program, with the language, can be run.
fn tesseract_present(lang: &str) -> Result<(), String> {
    let mut cmd = Command::new("tesseract");
    cmd.arg("--list-langs");
    let out = match child::run(cmd, None, Duration::from_secs(20)) {
        Ok(o) => o,
        Err(_) => return Err("tesseract is not installed".into()),
    };
    let listed = String::from_utf8_lossy(&out.stdout);
    if !listed.lines().any(|l| l.trim() == lang) {
        return Err(format!("tesseract has no '{lang}' language data"));
    }
    Ok(())
}

/// Run a tool to completion; its stdout, or an `Ocr` error naming it.
fn run_tool(cmd: Command, name: &str, timeout: Duration) -> Result<Vec<u8>, IngestError> {
    match child::run(cmd, None, timeout) {
        Ok(o) if o.status.success() => Ok(o.stdout),
        Ok(o) => Err(IngestError::Ocr(format!(
            "{name} failed ({}): {}",
            child::describe_status(o.status),
            child::stderr_tail(&o.stderr)
        ))),
        Err(ChildError::Timeout(d)) => Err(IngestError::Ocr(format!(
            "{name} was stopped after {} s",
            d.as_secs()
        ))),
        Err(ChildError::Spawn(e)) => Err(IngestError::NeedsOcr(format!(
            "cannot run {name}: {e}; {INSTALL_HINT}"
        ))),
        Err(ChildError::Wait(e)) => Err(IngestError::Ocr(format!("lost {name}: {e}"))),
    }
}

/// Rasterize one page (1-based) to a grey binary PGM at `out`.
pub fn rasterize(pdf: &Path, page: u32, out: &Path, timeout: Duration) -> Result<(), IngestError> {
    if let Some((w, h)) = page_size_pts(pdf, page, timeout) {
        let px = |pts: f64| (pts / 72.0 * f64::from(DPI)).ceil();
        let pixels = px(w) * px(h);
        if pixels > MAX_RASTER_PIXELS {
            return Err(IngestError::Ocr(format!(
                "page {page} is {w:.0} x {h:.0} pt: {:.0} x {:.0} pixels at {DPI} dpi, more than the limit of {} million pixels; not rasterised",
                px(w),
                px(h),
                MAX_RASTER_PIXELS / 1e6
            )));
        }
    }
    let prefix = out.with_extension("");
    let n = page.to_string();
    let mut cmd = Command::new("pdftoppm");
    cmd.args([
        "-r",
        &DPI.to_string(),
        "-gray",
        "-singlefile",
        "-f",
        &n,
        "-l",
        &n,
    ]);
    cmd.arg(pdf).arg(&prefix);
    run_tool(cmd, "pdftoppm", timeout)?;
    if !out.is_file() {
        return Err(IngestError::Ocr(format!(
            "pdftoppm wrote no image for page {page}"
        )));
    }
    Ok(())
}

/// The largest page image rasterised for OCR: 100 million pixels (at 300
/// dpi an A4 page is 8.7 million, A1 70 million, A0 140 million). A page that
/// declares more (a decompression bomb's huge media box) is refused before
/// `pdftoppm` allocates it.
pub const MAX_RASTER_PIXELS: f64 = 100e6;

/// The size of `page` in points, as `pdfinfo` reports it (None when it
/// cannot tell: the rasteriser's memory limit still holds).
fn page_size_pts(pdf: &Path, page: u32, timeout: Duration) -> Option<(f64, f64)> {
    let n = page.to_string();
    let mut cmd = Command::new("pdfinfo");
    cmd.args(["-f", &n, "-l", &n]).arg(pdf);
    let out = child::run(cmd, None, timeout).ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Page") && l.contains(" size:"))?;
    let dims = line.split(" size:").nth(1)?;
    let mut it = dims.split_whitespace();
    let w: f64 = it.next()?.parse().ok()?;
    let _x = it.next()?;
    let h: f64 = it.next()?.parse().ok()?;
    (w.is_finite() && h.is_finite()).then_some((w, h))
}

/// A band of page `page` (1-based) of `pdf` as PNG at `dpi`: from `top` to
/// `bottom`, fractions of the page height (for the review page's crops).
pub fn crop_png(
    pdf: &Path,
    page: u32,
    top: f64,
    bottom: f64,
    dpi: u32,
    timeout: Duration,
) -> Result<Vec<u8>, IngestError> {
    let (w, h) = page_size_pts(pdf, page, timeout)
        .ok_or_else(|| IngestError::Ocr(format!("page {page}: size unknown")))?;
    let px = |pts: f64| (pts / 72.0 * f64::from(dpi)).round().max(1.0);
    if px(w) * px(h) > MAX_RASTER_PIXELS {
        return Err(IngestError::Ocr(format!("page {page}: too large to crop")));
    }
    let (top, bottom) = (top.clamp(0.0, 1.0), bottom.clamp(0.0, 1.0));
    let dir = tempfile::Builder::new()
        .prefix(&format!("{OCR_DIR_PREFIX}{}-", std::process::id()))
        .tempdir()?;
    let out = dir.path().join("crop");
    let n = page.to_string();
    let mut cmd = Command::new("pdftoppm");
    cmd.args([
        "-png",
        "-gray",
        "-singlefile",
        "-r",
        &dpi.to_string(),
        "-f",
        &n,
        "-l",
        &n,
    ])
    .args(["-x", "0", "-y", &(px(h) * top).round().to_string()])
    .args(["-W", &px(w).to_string()])
    .args(["-H", &(px(h) * (bottom - top)).round().max(1.0).to_string()])
    .arg(pdf)
    .arg(&out);
    run_tool(cmd, "pdftoppm", timeout)?;
    Ok(std::fs::read(dir.path().join("crop.png"))?)
}

/// One page to OCR: its number (1-based) and content key.
#[derive(Debug, Clone)]
pub struct OcrPage {
    pub number: u32,
    pub key: String,
}

/// The cleaned texts, in the order asked, and notes for files.csv.
#[derive(Debug, Clone)]
pub struct OcrDone {
    pub texts: Vec<String>,
    pub notes: Vec<String>,
    /// What the reading said of each page's quality, in the order asked.
    pub signals: Vec<crate::model::PageSignals>,
}

/// OCR `pages` of the PDF at `path` (with content `bytes`) with Tesseract.
pub fn ocr_pages(
    path: &Path,
    bytes: &[u8],
    pages: &[OcrPage],
    opts: &PdfOptions,
) -> Result<OcrDone, IngestError> {
    let engine = Tesseract::new(opts.ocr_page_timeout);
    ocr_pages_with(&engine, path, bytes, pages, opts)
}

/// Pages this process has set out to OCR with the engine (not those read
/// from the cache), and those done, ok or not: what a progress bar counts
/// while a scan is read.
pub static PAGES_PLANNED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
pub static PAGES_DONE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// OCR `pages` with any engine.
pub fn ocr_pages_with(
    engine: &dyn OcrEngine,
    path: &Path,
    bytes: &[u8],
    pages: &[OcrPage],
    opts: &PdfOptions,
) -> Result<OcrDone, IngestError> {
    let cache = OcrCache::for_pdf(path, opts);
    let id = engine.id();
    let mut raw: Vec<Option<PageOcr>> = pages.iter().map(|p| cache.get(&id, &p.key)).collect();
    let from_cache = raw.iter().filter(|r| r.is_some()).count();
    let missing: Vec<usize> = (0..pages.len()).filter(|&i| raw[i].is_none()).collect();
    let mut notes = Vec::new();
    if !missing.is_empty() {
        engine.available()?;
        let source = PdfOnDisk::new(path, bytes)?;
        use std::sync::atomic::Ordering::Relaxed;
        PAGES_PLANNED.fetch_add(missing.len() as u64, Relaxed);
        let results: Vec<Result<PageOcr, IngestError>> = missing
            .par_iter()
            .map(|&i| {
                let r = recognize_page(
                    engine,
                    source.path(),
                    pages[i].number,
                    opts.ocr_page_timeout,
                );
                PAGES_DONE.fetch_add(1, Relaxed);
                r
            })
            .collect();
        for (&i, r) in missing.iter().zip(results) {
            let page = r?;
            if let Err(e) = cache.put(&id, &pages[i].key, &page) {
                // The note is the PDF's; the folder is named, as it is
                // the cache that failed.
                let folder = cache
                    .folder()
                    .map_or_else(String::new, |d| format!(" to {}", super::path_text(d)));
                notes.push(format!("OCR cache not written{folder}: {e}"));
            }
            raw[i] = Some(page);
        }
    }
    let second = raw.iter().flatten().filter(|p| p.passes > 1).count();
    for (p, r) in pages
        .iter()
        .zip(&raw)
        .filter_map(|(p, r)| Some((p, r.as_ref()?)))
    {
        if r.turned != 0 {
            notes.push(format!(
                "page {} was scanned turned; read after turning it {}°",
                p.number, r.turned
            ));
        }
        if r.unread > JUNK_UNREAD {
            notes.push(format!(
                "warning: page {}: OCR read little of the page ({:.0} % of its text-like ink unread); check the scan",
                p.number,
                r.unread * 100.0
            ));
        }
    }
    notes.push(ocr_note(&id, pages.len(), from_cache, second));
    let read: Vec<PageOcr> = raw.into_iter().map(Option::unwrap_or_default).collect();
    notes.extend(box_notes(pages, &read));
    let texts = read.iter().map(|p| ocr_clean::clean(&p.text)).collect();
    let signals = read
        .iter()
        .map(|p| crate::model::PageSignals {
            ocr: true,
            thumb: p.thumb.as_ref().map(|t| t.to_pgm().into()),
            doubtful_words: p.doubtful.clone(),
            marks: page_marks(&p.boxes),
        })
        .collect();
    Ok(OcrDone {
        texts,
        notes,
        signals,
    })
}

/// The boxes decided or left undecided on a page image, as values (those
/// with no box found, and those of cache entries that kept no line, give
/// none).
pub fn page_marks(boxes: &[BoxDecision]) -> Vec<crate::model::PageMark> {
    use crate::model::{PageMark, Tick};
    boxes
        .iter()
        .filter_map(|b| {
            Some(PageMark {
                kind: b.kind?,
                label: b.label.clone(),
                state: match b.state? {
                    MarkState::Ticked => Tick::Ticked,
                    MarkState::Empty => Tick::Empty,
                    MarkState::Undecided => Tick::Undecided,
                },
                ink: b.ink,
                confidence: b.confidence,
                line: b.line?,
            })
        })
        .collect()
}

/// For files.csv: what OCR did over a file's `pages` (`engine` its id):
/// how many came from the cache and how many needed a second pass.
fn ocr_note(engine: &str, pages: usize, from_cache: usize, second: usize) -> String {
    use crate::plural::count;
    let second = if second == 0 {
        "no second pass".to_string()
    } else {
        format!(
            "a second pass on {} (where the first left ink unread)",
            count(second, "page", "pages")
        )
    };
    format!(
        "OCR ({engine}): {}, {from_cache} from cache, {second}",
        count(pages, "page", "pages")
    )
}

/// For files.csv: how many boxes the page images gave, and each box that
/// could not be decided (found, but its ink neither stands out from its
/// row's empty boxes nor matches them), with the reason.
pub fn box_notes(pages: &[OcrPage], read: &[PageOcr]) -> Vec<String> {
    let all = || {
        pages
            .iter()
            .zip(read)
            .flat_map(|(p, r)| r.boxes.iter().map(move |b| (p.number, b)))
    };
    let count = |s: MarkState| all().filter(|(_, b)| b.state == Some(s)).count();
    let (ticked, empty) = (count(MarkState::Ticked), count(MarkState::Empty));
    let undecided: Vec<String> = all()
        .filter(|(_, b)| b.state == Some(MarkState::Undecided))
        .map(|(n, b)| match &b.reason {
            Some(why) => format!("'{}' on page {n} ({why})", b.label),
            None => format!(
                "'{}' on page {n} (ink {:.2})",
                b.label,
                b.ink.unwrap_or(0.0)
            ),
        })
        .collect();
    if ticked + empty + undecided.len() == 0 {
        return Vec::new();
    }
    let mut out = vec![format!(
        "checkboxes read from the page image: {ticked} ticked, {empty} empty, {} undecided",
        undecided.len()
    )];
    if !undecided.is_empty() {
        out.push(format!("checkbox undecided: {}", undecided.join(", ")));
    }
    out
}

/// Page images live in `lexsarah-ocr-PID-…` folders in the temporary
/// directory, removed when the page is read; a run killed by a signal
/// cannot remove its own, so the next run removes those whose process is
/// gone.
const OCR_DIR_PREFIX: &str = "lexsarah-ocr-";

fn sweep_dead_runs_folders() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(rd) = std::fs::read_dir(std::env::temp_dir()) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix(OCR_DIR_PREFIX))
                .and_then(|rest| rest.split('-').next())
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
            if !alive && e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    });
}

fn recognize_page(
    engine: &dyn OcrEngine,
    pdf: &Path,
    page: u32,
    timeout: Duration,
) -> Result<PageOcr, IngestError> {
    sweep_dead_runs_folders();
    let dir = tempfile::Builder::new()
        .prefix(&format!("{OCR_DIR_PREFIX}{}-", std::process::id()))
        .tempdir()?;
    let image = dir.path().join("page.pgm");
    rasterize(pdf, page, &image, timeout)?;
    engine.recognize(&image).map_err(|e| match e {
        IngestError::Ocr(m) => IngestError::Ocr(format!("page {page}: {m}")),
        other => other,
    })
}

/// The PDF as a file for the rasterizer: the original path when it holds
/// these bytes, else a temporary copy (removed on drop).
pub(crate) enum PdfOnDisk {
    Original(PathBuf),
    Copy(tempfile::NamedTempFile),
}

impl PdfOnDisk {
    pub(crate) fn new(path: &Path, bytes: &[u8]) -> Result<Self, IngestError> {
        let same = std::fs::read(path).is_ok_and(|b| b == bytes);
        if same {
            return Ok(PdfOnDisk::Original(path.to_path_buf()));
        }
        use std::io::Write;
        let mut tmp = tempfile::Builder::new()
            .prefix("lexsarah")
            .suffix(".pdf")
            .tempfile()?;
        tmp.write_all(bytes)?;
        tmp.flush()?;
        Ok(PdfOnDisk::Copy(tmp))
    }

    pub(crate) fn path(&self) -> &Path {
        match self {
            PdfOnDisk::Original(p) => p,
            PdfOnDisk::Copy(t) => t.path(),
        }
    }
}

#[cfg(test)]
mod raster_tests {
    use super::*;

    #[test]
    fn only_a_reading_of_mostly_unsure_words_looks_turned() {
        let line = |confs: &[f32]| -> Vec<Word> {
            confs
                .iter()
                .map(|&conf| Word {
                    line: (1, 1, 1),
                    rect: ocr_words::Rect {
                        x: 0,
                        y: 0,
                        w: 10,
                        h: 10,
                    },
                    conf,
                    text: "ord".into(),
                })
                .collect()
        };
        let cases: [(&str, Vec<Vec<Word>>, bool); 5] = [
            ("no words", vec![], true),
            ("upright, all sure", vec![line(&[96.0, 91.0, 88.0])], false),
            // 9 of 10 sure: a hard page read upright.
            ("hard page", vec![line(&[90.0; 9]), line(&[30.0])], false),
            // 4 of 10 sure: mirrored glyph shapes.
            (
                "upside down",
                vec![line(&[60.0; 4]), line(&[20.0; 6])],
                true,
            ),
            // Rows of no word (-1) count as unsure.
            ("junk rows", vec![line(&[-1.0, -1.0, 70.0])], true),
        ];
        for (what, lines, want) in cases {
            assert_eq!(looks_turned(&lines), want, "{what}");
        }
    }

    #[test]
    fn the_ocr_note_counts_pages_in_their_number() {
        let cases = [
            (1, 0, 0, "OCR (e): 1 page, 0 from cache, no second pass"),
            (
                1,
                1,
                1,
                "OCR (e): 1 page, 1 from cache, a second pass on 1 page (where the first left ink unread)",
            ),
            (
                7,
                7,
                2,
                "OCR (e): 7 pages, 7 from cache, a second pass on 2 pages (where the first left ink unread)",
            ),
            (
                12,
                12,
                0,
                "OCR (e): 12 pages, 12 from cache, no second pass",
            ),
        ];
        for (pages, cached, second, want) in cases {
            assert_eq!(ocr_note("e", pages, cached, second), want);
        }
    }

    #[test]
    fn orientation_reports_are_read() {
        let report = |rotate: u32, conf: f32| {
            format!(
                "Page number: 0\nOrientation in degrees: {}\nRotate: {rotate}\nOrientation confidence: {conf}\nScript: Latin\nScript confidence: 6.92\n",
                (360 - rotate) % 360
            )
        };
        let cases = [
            (report(0, 21.3), None),
            (report(180, 12.0), Some(180)),
            (report(270, 11.07), Some(270)),
            (report(90, 2.5), Some(90)),
            // Unsure: a guess is not acted on.
            (report(180, 0.4), None),
            ("".to_string(), None),
            ("Rotate: 180\n".to_string(), None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_osd(&text), want, "{text:?}");
        }
    }

    /// A page that declares 200 x 200 inches (a bomb's media box) is refused
    /// before rasterising; an A4 page is not. Needs pdfinfo (poppler).
    #[test]
    fn a_huge_page_is_refused_before_rasterising() {
        if Command::new("pdfinfo").arg("-v").output().is_err() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let page = |w: u32, h: u32| {
            format!(
                "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            )
        };
        let huge = dir.path().join("huge.pdf");
        std::fs::write(&huge, page(14400, 14400)).unwrap();
        let got = rasterize(&huge, 1, &dir.path().join("p.pgm"), Duration::from_secs(20));
        match got {
            Err(IngestError::Ocr(m)) => assert!(m.contains("not rasterised"), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(!dir.path().join("p.pgm").exists());
        let a4 = dir.path().join("a4.pdf");
        std::fs::write(&a4, page(595, 842)).unwrap();
        assert_eq!(
            page_size_pts(&a4, 1, Duration::from_secs(20)),
            Some((595.0, 842.0))
        );
    }
}
