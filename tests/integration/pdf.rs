//! PDF ingest, end to end: the sample PDFs under `samples/pdf/` against the
//! text dumps they were made from (`samples/text/`), and broken PDFs made in
//! code (nothing binary committed) that must each become an error, never a
//! crash or a hang.
//!
//! The text layer is parsed in a child process of the built binary
//! (`CARGO_BIN_EXE_lexsarah __pdf-worker`), as the CLI does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lexsarah::error::IngestError;
use lexsarah::ingest::pdf::{OcrMode, PdfOptions, read_pdf};
use lexsarah::model::Format;

const TEXT_PDFS: &[&str] = &[
    "amn-2019-0289-mailutskick",
    "amn-2019-0712-0710-ofredande-scannat-dokument",
    "asn-2021-0026-tjansteskrivelse-forlorade-handlingar",
    "skarholmen-2019-286-ivo-anmalan-telefonserver",
];

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn opts(ocr: OcrMode) -> PdfOptions {
    PdfOptions {
        ocr,
        worker: Some(PathBuf::from(env!("CARGO_BIN_EXE_lexsarah"))),
        parse_timeout: Duration::from_secs(30),
        ..PdfOptions::default()
    }
}

fn read(
    path: &Path,
    o: &PdfOptions,
) -> Result<(lexsarah::model::Document, Vec<String>), IngestError> {
    let bytes = std::fs::read(path).expect("sample readable");
    read_pdf(path, &bytes, o).map_err(|(_, e)| e)
}

/// The seed's words with the converter's markup taken off: checkbox tags →
/// ☐ ☒, `**`, `<i>`, `*k*` → k, table rules and list dashes dropped.
fn seed_words(text: &str) -> BTreeMap<String, usize> {
    let text = text
        .replace(r#"<input checked="" type="checkbox"/>"#, " ☒ ")
        .replace(r#"<input type="checkbox"/>"#, " ☐ ")
        .replace("**", "")
        .replace("<i>", "")
        .replace("</i>", "");
    let text: String = strip_emphasis(&text);
    bag(text
        .split_whitespace()
        .filter(|t| !t.chars().all(|c| matches!(c, '-' | '|' | ':' | '*' | '+'))))
}

/// `*k*` → `k` (a run between single asterisks with no space inside).
fn strip_emphasis(text: &str) -> String {
    text.split_whitespace()
        .map(|t| {
            let inner = t.trim_start_matches('*');
            if t.starts_with('*') && inner.contains('*') {
                t.replace('*', "")
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn bag<'a>(words: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

/// (recall, precision) of `got` against `want`, as bags of words.
pub fn recall_precision(
    want: &BTreeMap<String, usize>,
    got: &BTreeMap<String, usize>,
) -> (f64, f64) {
    let common: usize = want
        .iter()
        .map(|(w, n)| (*n).min(*got.get(w).unwrap_or(&0)))
        .sum();
    let total_want: usize = want.values().sum();
    let total_got: usize = got.values().sum();
    (
        common as f64 / total_want.max(1) as f64,
        common as f64 / total_got.max(1) as f64,
    )
}

#[test]
fn text_layer_words_match_the_seeds() {
    let mut failures = Vec::new();
    for base in TEXT_PDFS {
        let (doc, _) = read(
            &repo(&format!("samples/pdf/{base}.text.pdf")),
            &opts(OcrMode::Never),
        )
        .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(doc.format, Format::Pdf, "{base}");
        let seed =
            std::fs::read_to_string(repo(&format!("samples/text/{base}.txt"))).expect("seed");
        let want = seed_words(&seed);
        let got = bag(doc.pages.iter().flat_map(|p| p.split_whitespace()));
        let (recall, precision) = recall_precision(&want, &got);
        println!(
            "{base}.text.pdf: {} pages, recall {recall:.4}, precision {precision:.4}",
            doc.pages.len()
        );
        if recall < 0.99 || precision < 0.99 {
            failures.push(format!(
                "{base}: recall {recall:.4}, precision {precision:.4}"
            ));
        }
    }
    assert!(failures.is_empty(), "below 0.99: {failures:#?}");
}

#[test]
fn checkboxes_come_through_the_text_layer() {
    let (doc, _) = read(
        &repo("samples/pdf/amn-2019-0289-mailutskick.text.pdf"),
        &opts(OcrMode::Never),
    )
    .expect("reads");
    let text = doc.pages.join("\n");
    let seed =
        std::fs::read_to_string(repo("samples/text/amn-2019-0289-mailutskick.txt")).expect("seed");
    let ticked = seed
        .matches(r#"<input checked="" type="checkbox"/>"#)
        .count();
    let empty = seed.matches(r#"<input type="checkbox"/>"#).count();
    assert_eq!(text.matches('☒').count(), ticked);
    assert_eq!(text.matches('☐').count(), empty);
}

#[test]
fn scanned_pdfs_without_ocr_need_ocr() {
    let got = read(
        &repo("samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf"),
        &opts(OcrMode::Never),
    );
    assert!(matches!(got, Err(IngestError::NeedsOcr(_))), "{got:?}");
}

/// A minimal PDF from object bodies (object n is `objects[n-1]`), with a
/// correct xref table and `trailer_extra` added to the trailer.
pub(crate) fn build_pdf(objects: &[&str], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

pub(crate) fn stream(content: &str) -> String {
    format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    )
}

/// A one-page PDF that says `Hej` in Helvetica.
pub(crate) fn hello_pdf() -> Vec<u8> {
    let content =
        stream("BT /F1 12 Tf 72 720 Td (Rapporten lamnas av och det var enligt lex Sarah) Tj ET");
    build_pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            &content,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        "",
    )
}

fn read_bytes(
    bytes: &[u8],
    o: &PdfOptions,
) -> Result<(lexsarah::model::Document, Vec<String>), IngestError> {
    read_pdf(Path::new("generated.pdf"), bytes, o).map_err(|(_, e)| e)
}

#[test]
fn a_generated_pdf_reads() {
    let (doc, _) = read_bytes(&hello_pdf(), &opts(OcrMode::Never)).expect("reads");
    assert_eq!(
        doc.pages,
        vec!["Rapporten lamnas av och det var enligt lex Sarah".to_string()]
    );
}

/// A page tree whose node is its own kid and parent.
pub(crate) fn self_parent_pdf() -> Vec<u8> {
    build_pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
        ],
        "",
    )
}

/// A PDF that declares standard encryption.
pub(crate) fn encrypted_pdf() -> Vec<u8> {
    build_pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> /U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
        ],
        "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    )
}

/// A page whose form XObject draws itself (endless recursion).
pub(crate) fn self_drawing_pdf() -> Vec<u8> {
    build_pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 6 0 R >>",
            &stream("/X1 Do"),
            "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources 6 0 R /Length 6 >>\nstream\n/X1 Do\nendstream",
            "<< /XObject << /X1 5 0 R >> >>",
        ],
        "",
    )
}

/// What neither the parser nor the poppler fallback could read (poppler
/// absent: the parser's own error).
fn unreadable(e: &IngestError) -> bool {
    matches!(
        e,
        IngestError::Unreadable { .. } | IngestError::PdfParse(_) | IngestError::PdfPanic(_)
    )
}

#[test]
fn broken_pdfs_are_errors() {
    let good = hello_pdf();
    let sample = std::fs::read(repo(
        "samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.text.pdf",
    ))
    .expect("sample");
    let (self_parent, encrypted, self_drawing_form) =
        (self_parent_pdf(), encrypted_pdf(), self_drawing_pdf());
    type Check = fn(&IngestError) -> bool;
    let cases: Vec<(&str, Vec<u8>, Check)> = vec![
        ("zero bytes", vec![], |e| {
            matches!(e, IngestError::NotPdf { .. })
        }),
        ("text named .pdf", b"Rapporten lamnas av\n".to_vec(), |e| {
            matches!(e, IngestError::NotPdf { .. })
        }),
        // Encrypted with a user password: neither the parser nor poppler
        // can open it, and the message says both were tried.
        ("encrypted", encrypted, |e| {
            e.to_string().contains("encrypted") && e.to_string().contains("poppler")
        }),
        ("truncated", good[..good.len() / 2].to_vec(), unreadable),
        (
            "truncated sample",
            sample[..sample.len() / 3].to_vec(),
            unreadable,
        ),
        ("self-referencing page tree", self_parent, unreadable),
        ("form XObject that draws itself", self_drawing_form, |e| {
            unreadable(e) || matches!(e, IngestError::Timeout { .. })
        }),
    ];
    let mut failures = Vec::new();
    for (name, bytes, ok) in cases {
        let start = Instant::now();
        let got = read_bytes(&bytes, &opts(OcrMode::Never));
        println!(
            "{name}: {:?} in {:?}",
            got.as_ref()
                .map(|d| d.0.pages.len())
                .map_err(|e| e.to_string()),
            start.elapsed()
        );
        match got {
            Err(e) if ok(&e) => {}
            other => failures.push(format!("{name}: {:?}", other.map(|d| d.0.pages))),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn bit_flipped_pdfs_never_crash_or_hang() {
    let sample = std::fs::read(repo(
        "samples/pdf/skarholmen-2019-286-ivo-anmalan-telefonserver.text.pdf",
    ))
    .expect("sample");
    let mut seed: u64 = 0x5eed_1e55_5a4a_0001;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let o = PdfOptions {
        parse_timeout: Duration::from_secs(20),
        ..opts(OcrMode::Never)
    };
    let mut outcomes = BTreeMap::new();
    for _ in 0..12 {
        let mut bytes = sample.clone();
        for _ in 0..40 {
            let at = (next() as usize) % bytes.len();
            bytes[at] ^= 1 << (next() % 8);
        }
        let start = Instant::now();
        let got = read_bytes(&bytes, &o);
        assert!(
            start.elapsed() < Duration::from_secs(25),
            "not bounded in time"
        );
        let kind = match got {
            Ok(_) => "ok".to_string(),
            Err(e) => format!("{e}").split(':').next().unwrap_or("").to_string(),
        };
        *outcomes.entry(kind).or_insert(0) += 1;
    }
    println!("bit-flipped outcomes: {outcomes:?}");
}

#[test]
fn a_parse_past_its_deadline_is_a_timeout() {
    let bytes = std::fs::read(repo(
        "samples/pdf/amn-2019-0712-0710-ofredande-scannat-dokument.text.pdf",
    ))
    .expect("sample");
    for worker in [true, false] {
        let o = PdfOptions {
            parse_timeout: Duration::from_millis(1),
            worker: if worker {
                opts(OcrMode::Never).worker
            } else {
                None
            },
            ..opts(OcrMode::Never)
        };
        let got = read_bytes(&bytes, &o);
        assert!(
            matches!(got, Err(IngestError::Timeout { .. })),
            "worker {worker}: {got:?}"
        );
    }
}

#[test]
fn panics_are_caught_in_process_too() {
    let o = PdfOptions {
        worker: None,
        ..opts(OcrMode::Never)
    };
    let truncated = &hello_pdf()[..200];
    let got = read_bytes(truncated, &o);
    assert!(
        matches!(
            got,
            Err(IngestError::PdfParse(_)
                | IngestError::PdfPanic(_)
                | IngestError::Unreadable { .. })
        ),
        "{got:?}"
    );
}

const SCANS: &[(&str, f64)] = &[
    ("amn-2019-0289-mailutskick", 0.97),
    ("amn-2019-0712-0710-ofredande-scannat-dokument", 0.96),
    ("asn-2021-0026-tjansteskrivelse-forlorade-handlingar", 0.97),
    ("skarholmen-2019-286-ivo-anmalan-telefonserver", 0.85),
];

/// The scans' OCR text comes from the shipped cache (`samples/ocr-cache/`),
/// so this runs without tesseract; its recall against the seeds is printed.
#[test]
fn scans_read_through_the_shipped_ocr_cache() {
    let mut failures = Vec::new();
    for (base, min_recall) in SCANS {
        let (doc, notes) = read(
            &repo(&format!("samples/pdf/{base}.scan.pdf")),
            &opts(OcrMode::Auto),
        )
        .unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(doc.format, Format::PdfOcr, "{base}");
        let pages = doc.pages.len();
        assert!(
            notes
                .iter()
                .any(|n| n.contains(&format!("{pages} pages, {pages} from cache"))),
            "{base}: {notes:?}"
        );
        let seed =
            std::fs::read_to_string(repo(&format!("samples/text/{base}.txt"))).expect("seed");
        let got = bag(doc.pages.iter().flat_map(|p| p.split_whitespace()));
        let (recall, precision) = recall_precision(&seed_words(&seed), &got);
        println!(
            "{base}.scan.pdf: {pages} pages OCR (cached), recall {recall:.4}, precision {precision:.4}"
        );
        if recall < *min_recall {
            failures.push(format!("{base}: recall {recall:.4} < {min_recall}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `lexsarah extract` on a machine without tesseract or pdftoppm (an empty
/// PATH) still reads every scanned sample, from the shipped cache.
#[test]
fn the_cli_reads_scans_without_ocr_tools() {
    let out = tempfile::tempdir().expect("temp dir");
    let empty_path = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PATH", empty_path.path())
        .args(["extract", "samples/pdf", "--quiet", "-o"])
        .arg(out.path())
        .status()
        .expect("runs");
    let files = std::fs::read_to_string(out.path().join("files.csv")).expect("files.csv");
    let scans: Vec<&str> = files.lines().filter(|l| l.contains(".scan.pdf")).collect();
    assert_eq!(scans.len(), SCANS.len(), "{files}");
    for l in scans {
        assert!(l.contains(",pdf+ocr,") && l.contains(",ok,"), "{l}");
    }
    assert!(status.success(), "{files}");
}

/// Without the cache and without the tools, a scan is `needs_ocr` with the
/// install hint.
#[test]
fn missing_ocr_tools_give_needs_ocr() {
    let out = tempfile::tempdir().expect("temp dir");
    let empty_path = tempfile::tempdir().expect("temp dir");
    let pdf = out.path().join("scan.pdf");
    std::fs::copy(
        repo("samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf"),
        &pdf,
    )
    .expect("copy");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lexsarah"))
        .env("PATH", empty_path.path())
        .args(["extract", "--quiet", "-o"])
        .arg(out.path().join("out"))
        .arg(&pdf)
        .status()
        .expect("runs");
    let files = std::fs::read_to_string(out.path().join("out/files.csv")).expect("files.csv");
    assert!(
        files.contains("needs_ocr") && files.contains("apt-get install -y tesseract-ocr"),
        "{files}"
    );
    assert_eq!(status.code(), Some(1));
}

/// A one-page PDF whose text layer says `text` in Helvetica (ASCII only).
fn text_pdf(text: &str) -> Vec<u8> {
    let content = stream(&format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET"));
    build_pdf(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            &content,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ],
        "",
    )
}

fn poppler_installed() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
}

/// The page test asks for readable text, not Swedish: an English text
/// layer is kept as it is, not sent to OCR (OCR is off here, so a wrong
/// verdict would be a `NeedsOcr` error).
#[test]
fn an_english_text_layer_is_kept() {
    let sentence = "The committee approved the proposal on Monday by a two-thirds majority.";
    let (doc, notes) = read_bytes(&text_pdf(sentence), &opts(OcrMode::Never)).expect("reads");
    assert_eq!(doc.format, Format::Pdf);
    assert_eq!(doc.pages, vec![sentence.to_string()]);
    assert!(notes.is_empty(), "{notes:?}");
}

/// A cross-reference table that points nowhere: the parser gives up,
/// poppler rebuilds the table, and the text is read with a note saying so.
#[test]
fn a_broken_cross_reference_table_is_read_through_poppler() {
    if !poppler_installed() {
        crate::tools::not_run("the poppler fallback", "poppler-utils (pdftotext)");
        return;
    }
    let sentence = "Rapporten lamnas av och det var enligt lex Sarah";
    let good = text_pdf(sentence);
    let text = String::from_utf8(good.clone()).unwrap();
    let at = text.rfind("startxref\n").unwrap() + "startxref\n".len();
    let end = at + text[at..].find('\n').unwrap();
    let mut broken = text[..at].to_string();
    broken.push_str("12345");
    broken.push_str(&text[end..]);
    // The table's first offsets are wrong too.
    let broken = broken.replacen("0000000009 00000 n", "0000000999 00000 n", 1);
    // Direct parse fails...
    assert!(
        pdf_extract::Document::load_mem(broken.as_bytes()).is_err(),
        "the parser should reject this file"
    );
    // ...the reader does not.
    let (doc, notes) = read_bytes(broken.as_bytes(), &opts(OcrMode::Never)).expect("reads");
    assert_eq!(doc.pages, vec![sentence.to_string()]);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("read with poppler's pdftotext")),
        "{notes:?}"
    );
}

/// Encrypted with an owner password only (anyone may open it, as many
/// published PDFs are): the text is read.
#[test]
fn an_owner_password_only_pdf_is_read() {
    use pdf_extract::{Document, EncryptionState, EncryptionVersion, Permissions};
    let sentence = "Rapporten lamnas av och det var enligt lex Sarah";
    let mut doc = Document::load_mem(&text_pdf(sentence)).unwrap();
    let id = pdf_extract::Object::String(
        b"lexsarah-test-id".to_vec(),
        pdf_extract::StringFormat::Hexadecimal,
    );
    doc.trailer
        .set("ID", pdf_extract::Object::Array(vec![id.clone(), id]));
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "agare-hemligt",
        user_password: "",
        key_length: 128,
        permissions: Permissions::PRINTABLE,
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert!(
        String::from_utf8_lossy(&bytes).contains("/Encrypt"),
        "the file is encrypted"
    );
    assert!(
        !String::from_utf8_lossy(&bytes).contains("lex Sarah"),
        "its text is not in the clear"
    );
    let (read, _) = read_bytes(&bytes, &opts(OcrMode::Never)).expect("reads");
    assert_eq!(read.pages, vec![sentence.to_string()]);
}

fn tesseract_installed() -> bool {
    std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            let langs = String::from_utf8_lossy(&o.stdout);
            langs.lines().any(|l| l.trim() == "swe") && langs.lines().any(|l| l.trim() == "osd")
        })
}

/// The words of a text, lower-cased, for comparing two readings.
fn word_bag(text: &str) -> BTreeMap<String, usize> {
    let mut bag = BTreeMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2)
    {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// A page scanned upside down (its image turned 180° by the page's
/// /Rotate): the first reading is junk, orientation detection says so, and
/// the page is read again upright, with a note. Real OCR, no cache.
#[test]
fn a_page_turned_upside_down_is_read_after_turning() {
    if !tesseract_installed() || !poppler_installed() {
        crate::tools::not_run(
            "a page turned upside down",
            "tesseract with swe and osd data, and poppler",
        );
        return;
    }
    let sample = repo("samples/pdf/asn-2021-0026-tjansteskrivelse-forlorade-handlingar.scan.pdf");
    // The upright reading of page 1, from the shipped cache.
    let (upright, _) = read(&sample, &opts(OcrMode::Auto)).expect("reads");
    let mut doc = pdf_extract::Document::load(&sample).unwrap();
    doc.delete_pages(&[2]);
    let page = *doc.get_pages().get(&1).unwrap();
    doc.get_dictionary_mut(page)
        .unwrap()
        .set("Rotate", pdf_extract::Object::Integer(180));
    let dir = tempfile::tempdir().unwrap();
    let turned = dir.path().join("turned.pdf");
    doc.save(&turned).unwrap();
    let o = PdfOptions {
        shipped_ocr_cache: false,
        ocr_cache: None,
        ..opts(OcrMode::Auto)
    };
    let (got, notes) = read(&turned, &o).expect("reads");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("read after turning it 180°")),
        "{notes:?}"
    );
    let (want, have) = (word_bag(&upright.pages[0]), word_bag(&got.pages[0]));
    let total: usize = want.values().sum();
    let common: usize = want
        .iter()
        .map(|(w, n)| (*n).min(have.get(w).copied().unwrap_or(0)))
        .sum();
    let recall = common as f64 / total as f64;
    println!("turned page: {common} of {total} words of the upright reading");
    assert!(recall >= 0.9, "recall {recall:.3}: {:?}", got.pages[0]);
}
