//! PDFs: bytes → a `Document` of page texts (text layer, or OCR for pages
//! whose text layer is missing or not language), plus notes for files.csv.
//!
//! Steps: check the header; parse the text layer in isolation
//! (`pdf_worker`: child process or guarded thread, time-bounded); judge
//! each page's text (`is_language`); OCR the pages that need it (`ocr`),
//! cached by page content. `Format::PdfOcr` when any page was OCRed.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::ocr::{self, OcrPage};
use super::pdf_text::PageText;
use super::pdf_worker;
use crate::error::{IngestError, Stage};
use crate::model::{Document, Format};

/// When to run OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// OCR pages whose text layer is missing or not language.
    #[default]
    Auto,
    /// OCR every page.
    Always,
    /// Never OCR; scanned pages give `needs_ocr`.
    Never,
}

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub ocr: OcrMode,
    /// Where OCR results are cached by page content hash (read and written).
    pub ocr_cache: Option<PathBuf>,
    /// Also look OCR results up, read-only, in `ocr-cache/` folders in the
    /// PDF's folder and its ancestors (how the samples ship their OCR text).
    pub shipped_ocr_cache: bool,
    /// The lexsarah binary to parse PDFs in (`__pdf-worker`); `None` parses
    /// on a guarded thread of this process.
    pub worker: Option<PathBuf>,
    /// Time allowed for parsing one document's text layer.
    pub parse_timeout: Duration,
    /// Time allowed for rasterizing or recognizing one page.
    pub ocr_page_timeout: Duration,
}

/// The default deadline of one OCR tool run on one page (`--ocr-page-timeout`).
pub const OCR_PAGE_TIMEOUT_SECS: u64 = 180;

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            ocr: OcrMode::Auto,
            ocr_cache: None,
            shipped_ocr_cache: true,
            worker: None,
            parse_timeout: Duration::from_secs(60),
            ocr_page_timeout: Duration::from_secs(OCR_PAGE_TIMEOUT_SECS),
        }
    }
}

/// How far into the file the `%PDF-` header may start.
const HEADER_WINDOW: usize = 1024;

pub fn read_pdf(
    path: &Path,
    bytes: &[u8],
    opts: &PdfOptions,
) -> Result<(Document, Vec<String>), (Stage, IngestError)> {
    check_header(bytes).map_err(|e| (Stage::Pdf, e))?;
    let pages = match &opts.worker {
        Some(exe) => pdf_worker::in_child(exe, bytes, opts.parse_timeout),
        None => pdf_worker::in_thread(bytes, opts.parse_timeout),
    }
    .map_err(|e| (Stage::Pdf, e))?;
    let wanted = pages_to_ocr(&pages, opts.ocr);
    let mut notes = Vec::new();
    let mut texts: Vec<String> = pages.iter().map(|p| p.text.clone()).collect();
    if wanted.is_empty() {
        return Ok((
            Document {
                signals: Vec::new(),
                format: Format::Pdf,
                pages: texts,
            },
            notes,
        ));
    }
    if opts.ocr == OcrMode::Never {
        if wanted.len() == pages.iter().filter(|p| has_content(p)).count() {
            return Err((
                Stage::Ocr,
                IngestError::NeedsOcr(
                    "no page has a usable text layer and OCR is off (--ocr never)".into(),
                ),
            ));
        }
        notes.push(format!(
            "{} {} no usable text layer and {} not OCRed (--ocr never)",
            page_list(&wanted),
            if wanted.len() == 1 { "has" } else { "have" },
            if wanted.len() == 1 { "was" } else { "were" },
        ));
        for &i in &wanted {
            texts[i].clear();
        }
        return Ok((
            Document {
                signals: Vec::new(),
                format: Format::Pdf,
                pages: texts,
            },
            notes,
        ));
    }
    let requests: Vec<OcrPage> = wanted
        .iter()
        .map(|&i| OcrPage {
            number: i as u32 + 1,
            key: pages[i].key.clone(),
        })
        .collect();
    let done = ocr::ocr_pages(path, bytes, &requests, opts).map_err(|e| (Stage::Ocr, e))?;
    let mut signals = vec![crate::model::PageSignals::default(); texts.len()];
    for ((&i, text), s) in wanted.iter().zip(done.texts).zip(done.signals) {
        texts[i] = text;
        signals[i] = s;
    }
    notes.extend(done.notes);
    Ok((
        Document {
            signals,
            format: Format::PdfOcr,
            pages: texts,
        },
        notes,
    ))
}

/// `%PDF-` within the first `HEADER_WINDOW` bytes (readers accept leading junk).
fn check_header(bytes: &[u8]) -> Result<(), IngestError> {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        return Ok(());
    }
    Err(IngestError::NotPdf {
        found: super::sniff::describe(bytes),
    })
}

/// Indices of the pages to OCR under `mode`.
fn pages_to_ocr(pages: &[PageText], mode: OcrMode) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, p)| match mode {
            OcrMode::Always => true,
            OcrMode::Auto | OcrMode::Never => has_content(p) && !is_language(&p.text),
        })
        .map(|(i, _)| i)
        .collect()
}

/// A page draws something that could hold text: an image or glyphs.
fn has_content(p: &PageText) -> bool {
    p.has_images || !p.text.trim().is_empty()
}

/// "pages 2, 3 and 5" (1-based).
fn page_list(idx: &[usize]) -> String {
    let nums: Vec<String> = idx.iter().map(|i| (i + 1).to_string()).collect();
    match nums.as_slice() {
        [one] => format!("page {one}"),
        [init @ .., last] => format!("pages {} and {last}", init.join(", ")),
        [] => "no pages".into(),
    }
}

static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S+").expect("valid regex"));
static WORDLIKE: LazyLock<Regex> = LazyLock::new(|| {
    // Letters (one capital at most at the start), with a vowel, possibly
    // followed by punctuation.
    Regex::new(
        r"^[\p{Lu}\p{Ll}]?\p{Ll}*[aeiouyåäöéAEIOUYÅÄÖÉ]\p{Ll}*[.,:;)!?]*$|^\p{Lu}{2,}[.,:;]*$",
    )
    .expect("valid regex")
});

/// Common Swedish words; any real page of these forms has several.
const SWEDISH: &[&str] = &[
    "och",
    "att",
    "i",
    "på",
    "som",
    "en",
    "ett",
    "det",
    "av",
    "för",
    "med",
    "till",
    "är",
    "om",
    "har",
    "den",
    "inte",
    "de",
    "vid",
    "eller",
    "kan",
    "ska",
    "var",
    "enligt",
    "datum",
    "namn",
    "sarah",
    "lex",
    "kap",
    "sol",
    "lss",
    "sida",
    "beslut",
    "rapport",
    "utredning",
    "har",
    "från",
    "under",
    "efter",
];

/// Minimum non-space characters for a text layer to count.
const MIN_CHARS: usize = 16;

/// Does this text layer read as language? No text, or CID junk, mostly
/// non-letters, or almost no Swedish words, is not.
pub fn is_language(text: &str) -> bool {
    let nonspace = text.chars().filter(|c| !c.is_whitespace()).count();
    if nonspace < MIN_CHARS {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if (letters as f64) < 0.5 * nonspace as f64 {
        return false;
    }
    let tokens: Vec<&str> = TOKEN.find_iter(text).map(|m| m.as_str()).collect();
    let wordlike = tokens.iter().filter(|t| WORDLIKE.is_match(t)).count();
    if (wordlike as f64) < 0.5 * tokens.len() as f64 {
        return false;
    }
    let swedish = tokens
        .iter()
        .filter(|t| {
            let w = t.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            SWEDISH.contains(&w.as_str())
        })
        .count();
    swedish >= 2 || swedish * 40 >= tokens.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_checked() {
        let cases: &[(&[u8], bool)] = &[
            (b"%PDF-1.7\n", true),
            (b"\xef\xbb\xbf%PDF-1.4", true),
            (b"", false),
            (b"Rapporten lamnas av", false),
            (b"PK\x03\x04", false),
        ];
        for (bytes, ok) in cases {
            assert_eq!(check_header(bytes).is_ok(), *ok, "{bytes:?}");
        }
    }

    #[test]
    fn language_is_told_from_junk() {
        let cases = [
            (
                "RAPPORT enligt lex Sarah\nRapporten lämnas av\nNamn Karina\nDatum 190612 onsdag",
                true,
            ),
            (
                "En lex Sarah-rapport har kommit in till stadsdelsförvaltningen gällande en incident.",
                true,
            ),
            ("", false),
            ("Sida 2 (2)", false),
            (
                "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}",
                false,
            ),
            ("ÿþÃ¤ÃÂ¶ Ã¥Â§Ã Â«Ã¼ Ã±Ã¦ÃÂ¤ Ã¶Â¶ÃÂ©Ã ÂªÂ³", false),
            ("12 34 56 78 90 11 22 33 44 55 66 77 88 99", false),
            ("xqzt brrk pfft grmbl tsk hmm zzz prr kkt", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_language(text), want, "{text:?}");
        }
    }

    #[test]
    fn page_lists_read_well() {
        assert_eq!(page_list(&[1]), "page 2");
        assert_eq!(page_list(&[0, 2, 4]), "pages 1, 3 and 5");
    }
}
