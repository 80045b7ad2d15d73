//! PDFs: bytes → a `Document` of page texts (text layer, or OCR for pages
//! whose text layer is missing or not language), plus notes for files.csv.
//!
//! Steps: check the header; parse the text layer and the form fields in
//! isolation (`pdf_worker`: child process or guarded thread,
//! time-bounded); judge each page's text (`judge_page`); OCR the pages that
//! need it (`ocr`), cached by page content: those with a text layer that is
//! not readable text, and those without one that draw an image or shapes
//! (text as curves); a page that paints nothing stays blank. The values of
//! a fillable form's fields go ahead of page 1's text (`acroform`).
//! `Format::PdfOcr` when any page was OCRed.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;

use super::acroform;
use super::ocr::{self, OcrPage};
use super::pdf_text::{PageText, TextLayer};
use super::pdf_worker;
use super::poppler;
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
    let parsed = match &opts.worker {
        Some(exe) => pdf_worker::in_child(exe, bytes, opts.parse_timeout),
        None => pdf_worker::in_thread(bytes, opts.parse_timeout),
    };
    let mut notes = Vec::new();
    let TextLayer { pages, form } = match parsed {
        Ok(layer) => layer,
        // What the parser rejects, poppler may rebuild or decrypt.
        Err(e) if poppler::worth_retrying(&e) => {
            let disk = ocr::PdfOnDisk::new(path, bytes).map_err(|e| (Stage::Pdf, e))?;
            match poppler::read_pages(disk.path(), bytes, opts.parse_timeout) {
                Ok(pages) => {
                    notes.push(format!(
                        "the PDF parser failed ({e}); read with poppler's pdftotext instead"
                    ));
                    TextLayer {
                        pages,
                        form: acroform::Form::default(),
                    }
                }
                Err(why) => {
                    return Err((
                        Stage::Pdf,
                        IngestError::Unreadable {
                            parser: e.to_string(),
                            fallback: why,
                        },
                    ));
                }
            }
        }
        Err(e) => return Err((Stage::Pdf, e)),
    };
    let form_lines = acroform::lines(&form);
    let (wanted, decisions) = pages_to_ocr(&pages, opts.ocr);
    if !wanted.is_empty() || pages.iter().any(|p| judge_page(p).is_err()) {
        notes.push(decision_runs(&decisions));
    }
    let mut texts: Vec<String> = pages.iter().map(|p| p.text.clone()).collect();
    let mut doc = Document {
        signals: Vec::new(),
        format: Format::Pdf,
        pages: Vec::new(),
        decisions,
    };
    if wanted.is_empty() {
        doc.pages = with_form(texts, &form_lines);
        notes.extend(acroform::notes(&form));
        return Ok((doc, notes));
    }
    if opts.ocr == OcrMode::Never {
        let content = pages.iter().filter(|p| has_content(p)).count();
        if wanted.len() == content && form_lines.is_empty() {
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
            crate::plural::agree(wanted.len(), "has", "have"),
            crate::plural::agree(wanted.len(), "was", "were"),
        ));
        for &i in &wanted {
            texts[i].clear();
        }
        doc.pages = with_form(texts, &form_lines);
        notes.extend(acroform::notes(&form));
        return Ok((doc, notes));
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
    notes.extend(acroform::notes(&form));
    if !form_lines.is_empty() {
        // The form's lines and a blank go ahead of page 1's text (which
        // they replace when it is empty): its marks move down with it.
        if let (Some(s), Some(first)) = (signals.first_mut(), texts.first()) {
            let shift = form_lines.len() as u32 + 1;
            if first.is_empty() {
                s.marks.clear();
            }
            s.marks.iter_mut().for_each(|m| m.line += shift);
        }
    }
    doc.signals = signals;
    doc.format = Format::PdfOcr;
    doc.pages = with_form(texts, &form_lines);
    Ok((doc, notes))
}

/// The page texts with the form's lines ahead of page 1's text, a blank
/// line between.
fn with_form(mut texts: Vec<String>, form: &[String]) -> Vec<String> {
    if form.is_empty() {
        return texts;
    }
    let block = form.join("\n");
    match texts.first_mut() {
        Some(first) if first.is_empty() => *first = block,
        Some(first) => *first = format!("{block}\n\n{first}"),
        None => texts.push(block),
    }
    texts
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

/// Indices of the pages to OCR under `mode`, and every page's decision
/// with its reason.
fn pages_to_ocr(pages: &[PageText], mode: OcrMode) -> (Vec<usize>, Vec<String>) {
    let mut wanted = Vec::new();
    let mut said: Vec<String> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        let verdict = judge_page(p);
        let ocr = match mode {
            OcrMode::Always => true,
            OcrMode::Auto | OcrMode::Never => verdict.is_err() && has_content(p),
        };
        if ocr {
            wanted.push(i);
        }
        // Shapes with neither text nor images: text drawn as curves, perhaps.
        let why = |why: &str| {
            if p.draws && !p.has_images && p.text.trim().is_empty() {
                format!("{why}; it draws shapes only")
            } else {
                why.to_string()
            }
        };
        said.push(match (&verdict, ocr) {
            (Ok(()), false) => "text layer".to_string(),
            (Ok(()), true) => "OCR (--ocr always)".to_string(),
            (Err(w), true) if mode == OcrMode::Never => {
                format!("not OCRed, --ocr never ({})", why(w))
            }
            (Err(w), true) => format!("OCR ({})", why(w)),
            (Err(w), false) => format!("nothing to read ({w})"),
        });
    }
    (wanted, said)
}

/// Every page's decision as runs of pages with the same one:
/// `pages: 1–7 OCR (no text layer)`, `pages: 1 text layer; 2 OCR (…)`.
pub fn decision_runs(said: &[String]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < said.len() {
        let j = (i..said.len())
            .take_while(|&j| said[j] == said[i])
            .last()
            .unwrap_or(i);
        let pages = if j > i {
            format!("{}–{}", i + 1, j + 1)
        } else {
            (i + 1).to_string()
        };
        runs.push(format!("{pages} {}", said[i]));
        i = j + 1;
    }
    // A one-page file's one decision: "page 1: OCR (no text layer)".
    match said {
        [one] => format!("page 1: {one}"),
        _ => format!("pages: {}", runs.join("; ")),
    }
}

/// A page draws something that could hold text: an image, glyphs, or
/// shapes (text drawn as curves).
fn has_content(p: &PageText) -> bool {
    p.has_images || p.draws || !p.text.trim().is_empty()
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
    // Letters of any script (one capital at most at the start, or all
    // capitals), possibly with an apostrophe or a hyphen inside, possibly
    // followed or preceded by punctuation.
    Regex::new(
        r#"^[(\["'«»„“”‘’]*(?:\p{Lu}?\p{Ll}+(?:['’-]\p{L}+)*|\p{Lu}{2,}(?:-\p{Lu}+)*|\p{Lo}+)[.,:;)\]!?"'«»“”‘’]*$"#,
    )
    .expect("valid regex")
});

/// Fewer non-space characters than this over an image: a scanner's stamp or
/// a page number on a scan, read by OCR rather than trusted.
const MIN_CHARS_OVER_IMAGE: usize = 16;

/// Is this page's text layer readable text, and if not, why? In any
/// language: letters in words, not CID codes, private-use or replacement
/// characters, nor one glyph per line.
pub fn judge_page(p: &PageText) -> Result<(), &'static str> {
    judge_text(&p.text)?;
    let nonspace = p.text.chars().filter(|c| !c.is_whitespace()).count();
    if p.has_images && nonspace < MIN_CHARS_OVER_IMAGE {
        return Err("a few characters over an image");
    }
    Ok(())
}

/// The text-only part of `judge_page`.
pub fn judge_text(text: &str) -> Result<(), &'static str> {
    let nonspace = text.chars().filter(|c| !c.is_whitespace()).count();
    if nonspace == 0 {
        return Err("no text layer");
    }
    let broken = text
        .chars()
        .filter(|&c| {
            c == '\u{fffd}'
                || ('\u{e000}'..='\u{f8ff}').contains(&c)
                || c >= '\u{f0000}'
                || (c.is_control() && !c.is_whitespace())
        })
        .count();
    if broken * 10 >= nonspace {
        return Err(
            "private-use, replacement or control characters (glyph codes without a Unicode map)",
        );
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters * 2 < nonspace {
        return Err("mostly not letters");
    }
    let tokens: Vec<&str> = TOKEN.find_iter(text).map(|m| m.as_str()).collect();
    let wordlike = tokens.iter().filter(|t| WORDLIKE.is_match(t)).count();
    if wordlike * 2 < tokens.len() || wordlike == 0 {
        return Err("not words");
    }
    // Words need vowels in the Latin-script languages an archive holds: a
    // text of consonant runs is glyph codes mapped to the wrong letters.
    let latin_words: Vec<&&str> = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_alphabetic()))
        .collect();
    let voiced = latin_words
        .iter()
        .filter(|t| {
            t.chars()
                .any(|c| "aeiouyåäöéèáàüóíAEIOUYÅÄÖÉÈÁÀÜÓÍ".contains(c))
        })
        .count();
    if !latin_words.is_empty() && voiced * 2 < latin_words.len() {
        return Err("letters without vowels (glyph codes mapped to the wrong letters)");
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let single = lines.iter().filter(|l| l.chars().count() == 1).count();
    if lines.len() >= 8 && single * 10 >= lines.len() * 8 {
        return Err("one glyph per line");
    }
    Ok(())
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
    fn readable_text_is_told_from_junk_in_any_language() {
        let cases = [
            (
                "RAPPORT enligt lex Sarah\nRapporten lämnas av\nNamn Karina\nDatum 190612 onsdag",
                true,
            ),
            (
                "En lex Sarah-rapport har kommit in till stadsdelsförvaltningen gällande en incident.",
                true,
            ),
            // Other languages, and a few words (a cover or signature page).
            (
                "The quick brown fox jumps over the lazy dog, two-thirds of it.",
                true,
            ),
            ("Die Unterlagen wurden am Montag übergeben.", true),
            ("Bilaga 3", true),
            ("Anna Svensson", true),
            ("Sida 2 (2)", false),
            ("", false),
            (
                "\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}",
                false,
            ),
            ("\u{e001}\u{e002}\u{e003} \u{e004}\u{e005} ab", false),
            ("\u{fffd}\u{fffd}\u{fffd} \u{fffd}\u{fffd}", false),
            ("ÿþÃ¤ÃÂ¶ Ã¥Â§Ã Â«Ã¼ Ã±Ã¦ÃÂ¤ Ã¶Â¶ÃÂ©Ã ÂªÂ³", false),
            ("12 34 56 78 90 11 22 33 44 55 66 77 88 99", false),
            ("xqzt brrk pfft grmbl tsk hmm zzz prr kkt", false),
            ("R\na\np\np\no\nr\nt\ne\nn\nl", false),
        ];
        for (text, want) in cases {
            assert_eq!(
                judge_text(text).is_ok(),
                want,
                "{text:?}: {:?}",
                judge_text(text)
            );
        }
    }

    fn page(text: &str, has_images: bool) -> PageText {
        PageText {
            text: text.into(),
            key: String::new(),
            has_images,
            draws: false,
        }
    }

    #[test]
    fn a_few_characters_over_an_image_are_ocred() {
        assert!(judge_page(&page("Anna Svensson", false)).is_ok());
        assert!(judge_page(&page("Scan 0042", true)).is_err());
        let (wanted, said) = pages_to_ocr(
            &[
                page("Rapporten lämnas av Anna Svensson", true),
                page("", true),
                page("Scan 0042", true),
                page("", false),
            ],
            OcrMode::Auto,
        );
        assert_eq!(wanted, vec![1, 2]);
        assert_eq!(
            decision_runs(&said),
            "pages: 1 text layer; 2 OCR (no text layer); 3 OCR (a few characters over an image); 4 nothing to read (no text layer)"
        );
        let (_, said) = pages_to_ocr(&vec![page("", true); 7], OcrMode::Auto);
        assert_eq!(decision_runs(&said), "pages: 1–7 OCR (no text layer)");
        let (_, said) = pages_to_ocr(&[page("", true)], OcrMode::Auto);
        assert_eq!(decision_runs(&said), "page 1: OCR (no text layer)");
    }

    /// A page with neither text nor images that paints shapes (text drawn
    /// as curves) is OCRed; one that paints nothing is not.
    #[test]
    fn a_page_of_shapes_is_ocred_and_a_blank_one_is_not() {
        let shapes = PageText {
            draws: true,
            ..page("", false)
        };
        let cases = [
            (
                OcrMode::Auto,
                vec![0],
                "pages: 1 OCR (no text layer; it draws shapes only); 2 nothing to read (no text layer)",
            ),
            (
                OcrMode::Never,
                vec![0],
                "pages: 1 not OCRed, --ocr never (no text layer; it draws shapes only); 2 nothing to read (no text layer)",
            ),
        ];
        for (mode, want, note) in cases {
            let (wanted, said) = pages_to_ocr(&[shapes.clone(), page("", false)], mode);
            assert_eq!(wanted, want, "{mode:?}");
            assert_eq!(decision_runs(&said), note, "{mode:?}");
        }
    }

    #[test]
    fn form_lines_go_ahead_of_page_one() {
        let form = vec!["Namn: Anna".to_string(), "Jobbtorg ☒".to_string()];
        let cases: [(Vec<&str>, Vec<&str>); 3] = [
            (
                vec!["Rubrik", "Sida 2"],
                vec!["Namn: Anna\nJobbtorg ☒\n\nRubrik", "Sida 2"],
            ),
            (vec!["", "Sida 2"], vec!["Namn: Anna\nJobbtorg ☒", "Sida 2"]),
            (vec![], vec!["Namn: Anna\nJobbtorg ☒"]),
        ];
        for (pages, want) in cases {
            let pages: Vec<String> = pages.into_iter().map(String::from).collect();
            assert_eq!(with_form(pages.clone(), &form), want, "{pages:?}");
            assert_eq!(with_form(pages.clone(), &[]), pages);
        }
    }

    #[test]
    fn page_lists_read_well() {
        assert_eq!(page_list(&[1]), "page 2");
        assert_eq!(page_list(&[0, 2, 4]), "pages 1, 3 and 5");
        assert_eq!(page_list(&[0, 1]), "pages 1 and 2");
        assert_eq!(page_list(&[]), "no pages");
    }
}
