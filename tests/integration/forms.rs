//! PDFs built here with lopdf (nothing binary committed): a fillable form
//! whose typed and ticked values reach the record; a page whose text is
//! drawn as curves, OCRed; and `text` saying on stderr how each page was
//! read.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use lexsarah::error::IngestError;
use lexsarah::ingest::pdf::{OcrMode, PdfOptions, read_pdf};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};

fn lexsarah() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lexsarah"))
}

fn opts(ocr: OcrMode) -> PdfOptions {
    PdfOptions {
        ocr,
        worker: Some(PathBuf::from(env!("CARGO_BIN_EXE_lexsarah"))),
        parse_timeout: Duration::from_secs(30),
        shipped_ocr_cache: false,
        ..PdfOptions::default()
    }
}

fn lit(s: &[u8]) -> Object {
    Object::String(s.to_vec(), StringFormat::Literal)
}

/// A document of one page per content stream (A4, Helvetica with the
/// Windows code page, so `\xE4` is ä), and its catalog's id.
fn pages(contents: &[&[u8]]) -> (Document, lopdf::ObjectId) {
    let mut doc = Document::with_version("1.7");
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for content in contents {
        let stream = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        kids.push(Object::Reference(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => stream, "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        })));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    (doc, catalog)
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saves");
    bytes
}

/// The printed lex Sarah report form: labels only, its cells empty.
const REPORT_PAGE: &[u8] = b"BT /F1 12 Tf 72 780 Td (RAPPORT enligt lex Sarah) Tj \
0 -24 Td (Rapporten l\xE4mnas av) Tj 0 -18 Td (Rapport\xF6r) Tj \
0 -30 Td (Verksamhetsomr\xE5de d\xE4r missf\xF6rh\xE5llandet har uppm\xE4rksammats) Tj \
0 -18 Td (\xC4ldreomsorg) Tj 0 -18 Td (Jobbtorg) Tj \
0 -30 Td (Uppgifter om missf\xF6rh\xE5llandet) Tj \
0 -18 Td (En medarbetare skickade ett mail till alla deltagare med synliga adresser.) Tj ET";

/// A checkbox widget at `y` ticked or not (its own field: `/T`, `/V`, `/AS`).
fn checkbox(page: lopdf::ObjectId, name: &[u8], y: i64, ticked: bool) -> Dictionary {
    let state = if ticked { "Yes" } else { "Off" };
    dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Btn", "T" => lit(name),
        "V" => state, "AS" => state, "P" => page,
        "Rect" => vec![300.into(), y.into(), 312.into(), (y + 12).into()],
        "AP" => dictionary! { "N" => dictionary! { "Yes" => Object::Null, "Off" => Object::Null } },
    }
}

/// The report form filled in as a PDF form: the registry number and the
/// reporter typed into text fields, Jobbtorg ticked and Äldreomsorg not.
/// With `form` false, the same page without its fields.
fn filled_report(form: bool) -> Vec<u8> {
    let (mut doc, catalog) = pages(&[REPORT_PAGE]);
    if !form {
        return save(doc);
    }
    let page = *doc.get_pages().get(&1).expect("one page");
    let text = |name: &[u8], value: &[u8], y: i64| {
        dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx", "T" => lit(name), "V" => lit(value),
            "P" => page, "Rect" => vec![200.into(), y.into(), 500.into(), (y + 14).into()],
        }
    };
    let fields = [
        doc.add_object(text(b"Diarienummer", b"AMN-2023-0042", 800)),
        doc.add_object(text(
            b"Rapport\xF6r",
            b"\xC5sa \xD6berg, undersk\xF6terska",
            720,
        )),
        doc.add_object(checkbox(page, b"\xC4ldreomsorg", 672, false)),
        doc.add_object(checkbox(page, b"Jobbtorg", 654, true)),
    ];
    let annots: Vec<Object> = fields.iter().map(|&id| id.into()).collect();
    doc.get_dictionary_mut(page)
        .expect("page")
        .set("Annots", annots.clone());
    doc.get_dictionary_mut(catalog)
        .expect("catalog")
        .set("AcroForm", dictionary! { "Fields" => annots });
    save(doc)
}

/// The form's values come ahead of the page's text, in the forms
/// extraction reads, and the file's note counts them.
#[test]
fn a_fillable_forms_fields_are_read() {
    let bytes = filled_report(true);
    let (doc, notes) = read_pdf(Path::new("form.pdf"), &bytes, &opts(OcrMode::Never))
        .map_err(|(_, e)| e)
        .expect("reads");
    let head: Vec<&str> = doc.pages[0].lines().take(5).collect();
    assert_eq!(
        head,
        [
            "Diarienummer: AMN-2023-0042",
            "Rapportör: Åsa Öberg, undersköterska",
            "Äldreomsorg ☐",
            "Jobbtorg ☒",
            "",
        ]
    );
    assert!(doc.pages[0].contains("RAPPORT enligt lex Sarah"));
    assert_eq!(
        notes,
        ["4 form fields read (AcroForm), put ahead of page 1's text"]
    );
    // Without its fields the page reads as before: no note, no values.
    let (doc, notes) = read_pdf(
        Path::new("form.pdf"),
        &filled_report(false),
        &opts(OcrMode::Never),
    )
    .map_err(|(_, e)| e)
    .expect("reads");
    assert!(notes.is_empty(), "{notes:?}");
    assert!(doc.pages[0].starts_with("RAPPORT enligt lex Sarah"));
}

/// Through `extract`: the typed registry number and reporter and the
/// ticked area are the record's, the boxes exact (no undecided box, no
/// checkbox flag); the same page without its fields has no area.
#[test]
fn a_fillable_form_reaches_the_record() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = |form: bool| -> (serde_json::Value, String) {
        let input = dir.path().join(if form { "ifylld" } else { "tom" });
        std::fs::create_dir_all(&input).unwrap();
        std::fs::write(input.join("rapport.pdf"), filled_report(form)).unwrap();
        let out = input.join("ut");
        let status = lexsarah()
            .args(["extract", "--quiet", "-o"])
            .arg(&out)
            .arg(input.join("rapport.pdf"))
            .status()
            .expect("runs");
        assert!(status.success());
        let cases = std::fs::read_to_string(out.join("cases.jsonl")).unwrap();
        let files = std::fs::read_to_string(out.join("files.csv")).unwrap();
        let first = cases.lines().next().expect("one case");
        (serde_json::from_str(first).unwrap(), files)
    };
    let (case, files) = record(true);
    assert!(files.contains("4 form fields read (AcroForm)"), "{files}");
    assert_eq!(case["areas"], serde_json::json!(["Jobbtorg"]), "{case:#}");
    assert_eq!(case["diarienummer"], "AMN-2023-0042", "{case:#}");
    assert_eq!(case["reporter"]["name"], "Åsa Öberg", "{case:#}");
    assert_eq!(case["reporter"]["title"], "undersköterska", "{case:#}");
    let flags = case["flags"].as_array().unwrap();
    assert!(
        !flags.iter().any(|f| f["code"] == "checkbox_conflict"),
        "{flags:#?}"
    );
    assert_eq!(case["confidence_reasons"]["areas"], serde_json::json!([]));
    assert_eq!(case["provenance"]["areas.Jobbtorg"]["raw"], "Jobbtorg ☒");
    let (bare, _) = record(false);
    assert_eq!(bare["areas"], serde_json::json!([]), "{bare:#}");
}

/// A form whose dictionaries are broken is read as far as it goes, with a
/// note, through the worker process: never a crash.
#[test]
fn a_malformed_form_is_skipped_with_a_note() {
    let (mut doc, catalog) = pages(&[REPORT_PAGE]);
    let good = doc
        .add_object(dictionary! { "FT" => "Tx", "T" => lit(b"Dnr"), "V" => lit(b"AMN-2023-0042") });
    let ring = doc.new_object_id();
    doc.objects.insert(
        ring,
        Object::Dictionary(dictionary! { "T" => lit(b"Ring"), "Kids" => vec![ring.into()] }),
    );
    let fields = vec![
        Object::Integer(4),
        Object::Reference((999, 0)),
        ring.into(),
        Object::Dictionary(dictionary! { "FT" => "Tx", "T" => 12, "V" => lit(b"x") }),
        Object::Dictionary(
            dictionary! { "FT" => "Btn", "T" => lit(b"Box"), "AP" => 7, "Kids" => "x" },
        ),
        good.into(),
    ];
    doc.get_dictionary_mut(catalog)
        .unwrap()
        .set("AcroForm", dictionary! { "Fields" => fields });
    let (read, notes) = read_pdf(Path::new("x.pdf"), &save(doc), &opts(OcrMode::Never))
        .map_err(|(_, e)| e)
        .expect("reads");
    assert!(
        read.pages[0].starts_with("Box ☐\nDnr: AMN-2023-0042\n\nRAPPORT"),
        "{}",
        read.pages[0]
    );
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[1].starts_with("AcroForm: 5 skipped: "), "{notes:?}");
}

/// Stroke-drawn capitals (no font, no image: text drawn as curves) in
/// lines of `(word, x, y, height)`.
fn stroke_text(words: &[(&str, f64, f64, f64)]) -> Vec<u8> {
    // Each capital on a grid of 4 wide by 6 high: its strokes as polylines.
    let glyph = |c: char| -> &'static [&'static [(f64, f64)]] {
        match c {
            'L' => &[&[(0., 6.), (0., 0.), (4., 0.)]],
            'E' => &[
                &[(4., 6.), (0., 6.), (0., 0.), (4., 0.)],
                &[(0., 3.), (3., 3.)],
            ],
            'X' => &[&[(0., 0.), (4., 6.)], &[(0., 6.), (4., 0.)]],
            'T' => &[&[(0., 6.), (4., 6.)], &[(2., 6.), (2., 0.)]],
            'I' => &[&[(2., 0.), (2., 6.)]],
            'A' => &[&[(0., 0.), (2., 6.), (4., 0.)], &[(1., 3.), (3., 3.)]],
            'H' => &[
                &[(0., 0.), (0., 6.)],
                &[(4., 0.), (4., 6.)],
                &[(0., 3.), (4., 3.)],
            ],
            _ => &[],
        }
    };
    let mut out = String::from("0 G 1 J 1 j\n");
    for (word, x0, y0, height) in words {
        let unit = height / 6.0;
        out.push_str(&format!("{:.1} w\n", unit * 0.8));
        for (k, c) in word.chars().enumerate() {
            let x = x0 + k as f64 * unit * 6.0;
            for line in glyph(c) {
                for (i, (gx, gy)) in line.iter().enumerate() {
                    let op = if i == 0 { "m" } else { "l" };
                    out.push_str(&format!("{:.1} {:.1} {op} ", x + gx * unit, y0 + gy * unit));
                }
                out.push_str("S\n");
            }
        }
    }
    out.into_bytes()
}

/// A page whose words are drawn as strokes has no text layer and no
/// image, yet paints: it is OCRed, not "ok, empty". A blank page, and one
/// painted only white, are not. Without OCR (`--ocr never`) the drawn page
/// needs OCR: before, the file read as empty.
#[test]
fn a_page_of_drawn_text_needs_ocr_and_a_blank_one_does_not() {
    let drawn = stroke_text(&[("LEX", 72.0, 600.0, 60.0)]);
    let (doc, _) = pages(&[&drawn]);
    let got = read_pdf(Path::new("drawn.pdf"), &save(doc), &opts(OcrMode::Never));
    assert!(
        matches!(got, Err((_, IngestError::NeedsOcr(_)))),
        "{:?}",
        got.map(|d| d.1)
    );
    for blank in [&b""[..], b"1 g 0 0 595 842 re f", b"0 0 m 595 842 l n"] {
        let (doc, _) = pages(&[blank]);
        for mode in [OcrMode::Never, OcrMode::Auto] {
            let (read, notes) = read_pdf(Path::new("blank.pdf"), &save(doc.clone()), &opts(mode))
                .map_err(|(_, e)| e)
                .expect("a blank page reads");
            assert_eq!(read.pages, [""], "{blank:?}");
            assert_eq!(
                notes,
                ["page 1: nothing to read (no text layer)"],
                "{blank:?} {mode:?}"
            );
        }
    }
}

/// Real OCR of a page whose words are drawn as strokes: read, and the
/// note says why the page was OCRed.
#[test]
fn a_page_of_drawn_text_is_ocred() {
    if !crate::tools::ocr_or_not_run("a page of text drawn as curves") {
        return;
    }
    let drawn = stroke_text(&[("LEX", 72.0, 640.0, 60.0), ("TALET", 72.0, 520.0, 60.0)]);
    let (doc, _) = pages(&[&drawn]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drawn.pdf");
    std::fs::write(&path, save(doc)).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let (read, notes) = read_pdf(&path, &bytes, &opts(OcrMode::Auto))
        .map_err(|(_, e)| e)
        .expect("reads");
    assert_eq!(
        notes[0], "page 1: OCR (no text layer; it draws shapes only)",
        "{notes:?}"
    );
    let text = read.pages[0].to_uppercase();
    assert!(
        text.contains("LEX") && text.contains("TALET"),
        "{:?}",
        read.pages[0]
    );
}

/// `text` shows the text on stdout and, on stderr, each page's decision
/// and its reason; `-q` keeps stderr quiet.
#[test]
fn text_prints_each_pages_decision_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("två-sidor.pdf");
    let page1 = b"BT /F1 12 Tf 72 720 Td (Rapporten l\xE4mnas av Anna Svensson) Tj ET";
    let (doc, _) = pages(&[page1, b""]);
    std::fs::write(&pdf, save(doc)).unwrap();
    let run = |quiet: bool| {
        let mut cmd = lexsarah();
        cmd.args(["text", "--ocr", "never"]).arg(&pdf);
        if quiet {
            cmd.arg("-q");
        }
        cmd.output().expect("runs")
    };
    let out = run(false);
    assert!(out.status.success());
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        stderr.trim_end(),
        format!(
            "lexsarah: {}: pages: 1 text layer; 2 nothing to read (no text layer)",
            pdf.display()
        )
    );
    assert!(
        stdout.contains("Rapporten lämnas av Anna Svensson"),
        "{stdout}"
    );
    assert!(!stdout.contains("pages:"), "{stdout}");
    let quiet = run(true);
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert_eq!(quiet.stdout, out.stdout);
}

/// A scanned page with a form over it, OCR off: the form's values are
/// read, and the page is said not to have been OCRed (before, the file
/// was refused as needing OCR).
#[test]
fn a_scanned_forms_values_are_read_without_ocr() {
    let (mut doc, catalog) = pages(&[b"q 595 0 0 842 0 0 cm /Im1 Do Q"]);
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0x80],
    ));
    let page = *doc.get_pages().get(&1).expect("one page");
    doc.get_dictionary_mut(page).unwrap().set(
        "Resources",
        dictionary! { "XObject" => dictionary! { "Im1" => image } },
    );
    let dnr = doc
        .add_object(dictionary! { "FT" => "Tx", "T" => lit(b"Dnr"), "V" => lit(b"AMN-2023-0042") });
    doc.get_dictionary_mut(catalog)
        .unwrap()
        .set("AcroForm", dictionary! { "Fields" => vec![dnr.into()] });
    let (read, notes) = read_pdf(Path::new("scan.pdf"), &save(doc), &opts(OcrMode::Never))
        .map_err(|(_, e)| e)
        .expect("reads");
    assert_eq!(read.pages, ["Dnr: AMN-2023-0042"]);
    assert_eq!(
        notes,
        [
            "page 1: not OCRed, --ocr never (no text layer)",
            "page 1 has no usable text layer and was not OCRed (--ocr never)",
            "1 form field read (AcroForm), put ahead of page 1's text",
        ]
    );
}
