//! `review.html`: the review rows (`review::Placed`) on one self-contained
//! page, and the reading of such a page back into its rows, for `lexsarah
//! merge` (which puts several shards' pages together into the page one run
//! writes).
//!
//! The page is the head (`page_head`: the number of rows and of files),
//! then a section per run of rows of one file (its heading, a table, a
//! line per row), then the end. Every piece of text in it is escaped
//! (`html::escape`), so the markup's own `<` never occurs in the text and
//! the markers below find the rows again exactly.

use base64::Engine;

use super::html::escape;
use super::review::Placed;

/// Resolution of the crops (that of the page copies OCR keeps).
const CROP_DPI: u32 = crate::ingest::ocr::THUMB_DPI;

/// At most this many crops on one page (each, unless OCR's page copy gave
/// it, a `pdftoppm` run); the rows after it say so.
pub const MAX_CROPS: usize = 300;

const SECTION_OPEN: &str = "<section class=\"file\">\n<h2>";
const SECTION_TABLE: &str = "</h2>\n<table>\n<tr><th>ärende</th><th>fält</th><th>värde</th><th>konfidens</th><th>skäl</th><th>sida, rad</th><th>underlag</th></tr>\n";
const ROW_OPEN: &str = "<tr class=\"review ";
const ROW_CLOSE: &str = "</tr>\n";
const CELL_CLOSE: &str = "</td></tr>\n";
const SECTION_CLOSE: &str = "</table>\n</section>\n";
const PAGE_CLOSE: &str = "</body>\n</html>\n";
/// How the evidence cell of a row of a scanned page goes on after its
/// text: the crop, or a note saying why there is none.
const CROP_START: &str = "<img class=\"crop\"";
const NO_CROP_START: &str = "<br><small>ingen bild: ";

/// The head of the page, up to its first section.
pub fn page_head(rows: usize, files: usize, below: f64) -> String {
    let files = crate::plural::count(files, "fil", "filer");
    let below = super::review::decimal_comma(below);
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>lexsarah: att granska</title>\n<style>\n\
         body {{ font-family: sans-serif; margin: 1.5em; color: #222; }}\n\
         table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}\n\
         th, td {{ border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }}\n\
         th {{ background: #eee; }}\n td.conf {{ font-variant-numeric: tabular-nums; }}\n\
         .low {{ background: #fdd; }} .mid {{ background: #ffd; }}\n\
         img.crop {{ display: block; max-width: 600px; border: 1px solid #999; margin-top: 0.3em; }}\n\
         </style>\n</head>\n<body>\n<h1>Fält att granska</h1>\n<p>{rows} fält i {files}: konfidens under {below} eller namngivna av en felflagga.</p>\n"
    )
}

/// The note in place of a crop past `MAX_CROPS`.
fn limit_note() -> String {
    format!("{NO_CROP_START}högst {MAX_CROPS} bilder per sida</small>")
}

/// `review.html`: one self-contained page, the rows in their order, a
/// section per run of rows of one file, each with its evidence text and,
/// for a scanned page, the crop of the page image around the evidence
/// line (a band from a little above to a little below where the line's
/// place among the page's lines puts it; Tesseract's line boxes are not
/// kept, so the band is wide), inline as PNG.
pub fn html(rows: &[Placed], below: f64) -> String {
    let mut page = PageBuilder::default();
    for p in rows {
        page.push_placed(p).expect("rows held in memory");
    }
    page.finish(below)
}

/// Rows held in memory before the page's body goes to a temporary file:
/// a run's page grows with its rows (crops inline), and a batch of many
/// thousand files must not hold them all.
const BODY_IN_MEMORY: usize = 4 << 20;

/// A page put together from its rows, each with its file's heading; the
/// rows are written out as they come (in memory up to `BODY_IN_MEMORY`
/// bytes, then in an anonymous temporary file) and the head, which
/// counts them, is put before them at the end.
#[derive(Debug)]
pub struct PageBuilder {
    body: tempfile::SpooledTempFile,
    rows: usize,
    files: usize,
    heading: Option<String>,
    /// Rows of scanned pages so far (each with a crop up to `MAX_CROPS`).
    crops: usize,
}

impl Default for PageBuilder {
    fn default() -> Self {
        PageBuilder {
            body: tempfile::spooled_tempfile(BODY_IN_MEMORY),
            rows: 0,
            files: 0,
            heading: None,
            crops: 0,
        }
    }
}

impl PageBuilder {
    /// Add a row (its `<tr>` line) under `heading` (escaped): in the
    /// current section when it is that file's, else in a new one.
    pub fn push(&mut self, heading: String, row: &str) -> std::io::Result<()> {
        use std::io::Write;
        if self.heading.as_deref() != Some(heading.as_str()) {
            if self.heading.is_some() {
                self.body.write_all(SECTION_CLOSE.as_bytes())?;
            }
            self.body.write_all(SECTION_OPEN.as_bytes())?;
            self.body.write_all(heading.as_bytes())?;
            self.body.write_all(SECTION_TABLE.as_bytes())?;
            self.heading = Some(heading);
            self.files += 1;
        }
        self.body.write_all(row.as_bytes())?;
        self.rows += 1;
        Ok(())
    }

    /// Add a review row of this run: its line, with the crop of its page
    /// image when it was read from a scan (up to `MAX_CROPS` on the page).
    pub fn push_placed(&mut self, p: &Placed) -> std::io::Result<()> {
        let row = row_html(p, &mut self.crops);
        self.push(escape(&p.row.file), &row)
    }

    /// Add a row read from a page (`page_rows`), counting its crop: past
    /// `MAX_CROPS` on this page, the crop gives way to the note a single
    /// page writes there.
    pub fn push_read(&mut self, heading: &str, row: &str) -> std::io::Result<()> {
        let Some(at) = scan_suffix(row) else {
            return self.push(heading.to_string(), row);
        };
        self.crops += 1;
        if self.crops <= MAX_CROPS {
            return self.push(heading.to_string(), row);
        }
        let row = format!("{}{}{CELL_CLOSE}", &row[..at], limit_note());
        self.push(heading.to_string(), &row)
    }

    /// The whole page, head, rows and end, written to `out`.
    pub fn finish_into(mut self, below: f64, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use std::io::{Seek, Write};
        if self.heading.is_some() {
            self.body.write_all(SECTION_CLOSE.as_bytes())?;
        }
        out.write_all(page_head(self.rows, self.files, below).as_bytes())?;
        self.body.rewind()?;
        std::io::copy(&mut self.body, out)?;
        out.write_all(PAGE_CLOSE.as_bytes())
    }

    /// The whole page as a string (for pages known to be small).
    pub fn finish(self, below: f64) -> String {
        let mut out = Vec::new();
        self.finish_into(below, &mut out).expect("a page in memory");
        String::from_utf8(out).expect("the page is made of strings")
    }
}

/// Where the crop (or the note in its place) of a row of a scanned page
/// starts; `None` for a row of a page that was not scanned.
fn scan_suffix(row: &str) -> Option<usize> {
    let evidence = row.rfind("<td>")?;
    let cell = &row[evidence..];
    [CROP_START, NO_CROP_START]
        .iter()
        .filter_map(|m| cell.find(m))
        .min()
        .map(|i| evidence + i)
}

/// One row's `<tr>` line; `crops` counts the rows of scanned pages so far.
fn row_html(p: &Placed, crops: &mut usize) -> String {
    let r = &p.row;
    let class = if r.confidence < 0.6 { "low" } else { "mid" };
    let place = match (r.page, r.line) {
        (Some(pg), Some(l)) => format!("s. {pg}, rad {l}"),
        _ => String::new(),
    };
    let mut evidence = escape(&r.evidence);
    if let (Some((pdf, at)), Some(page)) = (&p.scan, r.page) {
        *crops += 1;
        if *crops > MAX_CROPS {
            evidence.push_str(&limit_note());
        } else {
            evidence.push_str(&crop(
                p.crop.as_deref(),
                pdf,
                page,
                *at,
                r.line.unwrap_or(0),
            ));
        }
    }
    format!(
        "{ROW_OPEN}{class}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"conf\">{}</td><td>{}</td><td>{}</td><td>{evidence}{CELL_CLOSE}",
        escape(&r.case_id),
        escape(&r.field),
        escape(&r.value),
        super::review::decimal_comma(r.confidence),
        escape(&r.reasons.join("; ")),
        place,
    )
}

/// The crop of `page` of `pdf` around `at` (a fraction of the page's
/// lines), as an inline image, or a note saying why there is none: `cut`
/// when OCR's page copy gave it as the file was read, else rasterised
/// from the PDF.
fn crop(cut: Option<&[u8]>, pdf: &std::path::Path, page: u32, at: f64, line: u32) -> String {
    let (top, bottom) = super::review::band(at);
    let png = match cut {
        Some(png) => Ok(png.to_vec()),
        None => crate::ingest::ocr::crop_png(
            pdf,
            page,
            top,
            bottom,
            CROP_DPI,
            std::time::Duration::from_secs(60),
        ),
    };
    match png {
        Ok(png) => format!(
            "{CROP_START} alt=\"sida {page} runt rad {line}\" src=\"data:image/png;base64,{}\">",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
        Err(e) => format!("{NO_CROP_START}{}</small>", escape(&e.to_string())),
    }
}

/// The rows of a page `html` wrote, in order, each with its section's
/// heading (escaped, as on the page); an error says where the page is not
/// one of ours.
pub fn page_rows(page: &str) -> Result<Vec<(&str, &str)>, String> {
    let start = page
        .find(SECTION_OPEN)
        .or_else(|| page.rfind(PAGE_CLOSE))
        .ok_or("no end of page")?;
    let mut rest = &page[start..];
    let mut rows = Vec::new();
    while let Some(section) = rest.strip_prefix(SECTION_OPEN) {
        let end = section.find("</h2>").ok_or("a heading without its end")?;
        let heading = &section[..end];
        rest = section[end..]
            .strip_prefix(SECTION_TABLE)
            .ok_or_else(|| format!("no table under the heading {heading:?}"))?;
        while rest.starts_with(ROW_OPEN) {
            let end = rest.find(ROW_CLOSE).ok_or("a row without its end")? + ROW_CLOSE.len();
            rows.push((heading, &rest[..end]));
            rest = &rest[end..];
        }
        rest = rest
            .strip_prefix(SECTION_CLOSE)
            .ok_or_else(|| format!("the table under {heading:?} does not end as a table does"))?;
    }
    if rest != PAGE_CLOSE {
        return Err(format!(
            "{} bytes after the last table are not the page's end",
            rest.len()
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::review::ReviewRow;

    fn placed(file: &str, field: &str, evidence: &str, scanned: bool) -> Placed {
        Placed {
            row: ReviewRow {
                case_id: format!("{file}#1"),
                file: file.into(),
                page: Some(1),
                line: Some(3),
                field: field.into(),
                value: "<v & \"w\">".into(),
                confidence: 0.5,
                reasons: vec!["a".into(), "b".into()],
                evidence: evidence.into(),
            },
            // A PDF that is not there: the crop is a note saying why.
            scan: scanned.then(|| (std::path::PathBuf::from("/nonexistent/x.pdf"), 0.5)),
            crop: None,
        }
    }

    /// A page reads back into its rows and headings, and rows put together
    /// again give the same page.
    #[test]
    fn a_page_reads_back_into_the_rows_it_was_made_of() {
        let rows = vec![
            placed("a.txt", "diarienummer", "Dnr <x> </td></tr>", false),
            placed("a.txt", "observed", "2019", false),
            placed("b\n<c>.pdf", "areas", "☒ Äldreomsorg", true),
            placed("a.txt", "decided", "", false),
        ];
        let page = html(&rows, 0.9);
        assert!(page.contains("4 fält i 3 filer"), "{page}");
        let read = page_rows(&page).unwrap();
        assert_eq!(read.len(), 4);
        let headings: Vec<&str> = read.iter().map(|(h, _)| *h).collect();
        assert_eq!(headings, ["a.txt", "a.txt", "b\n&lt;c&gt;.pdf", "a.txt"]);
        assert!(scan_suffix(read[2].1).is_some() && scan_suffix(read[0].1).is_none());
        let mut again = PageBuilder::default();
        for (h, r) in &read {
            again.push_read(h, r).unwrap();
        }
        assert_eq!(again.finish(0.9), page);
        assert_eq!(page_rows(&html(&[], 0.9)).unwrap(), vec![]);
        for bad in ["", "<html>", &page[..page.len() - 3]] {
            assert!(page_rows(bad).is_err(), "{bad:?}");
        }
    }

    /// A page of more rows than memory is to hold goes to a temporary
    /// file as it grows, and comes out whole.
    #[test]
    fn a_large_page_is_spooled_out_of_memory_and_comes_back_whole() {
        let evidence = "x".repeat(10_000);
        let mut page = PageBuilder::default();
        let n = BODY_IN_MEMORY / evidence.len() + 10;
        for i in 0..n {
            page.push_placed(&placed(
                &format!("f{}.txt", i / 7),
                "observed",
                &evidence,
                false,
            ))
            .unwrap();
        }
        assert!(page.body.is_rolled(), "the body left memory");
        let text = page.finish(0.9);
        let rows = page_rows(&text).unwrap();
        assert_eq!(rows.len(), n);
        assert_eq!(rows[n - 1].0, format!("f{}.txt", (n - 1) / 7));
        assert!(text.contains(&format!("{n} fält i {} filer", (n - 1) / 7 + 1)));
    }

    /// Past MAX_CROPS rows of scanned pages, the crop gives way to the
    /// limit note, as a single page has it.
    #[test]
    fn crops_past_the_limit_become_the_note() {
        let rows: Vec<Placed> = (0..MAX_CROPS + 2)
            .map(|i| placed(&format!("s{}.pdf", i / 100), "areas", "x", true))
            .collect();
        let page = html(&rows, 0.9);
        let read = page_rows(&page).unwrap();
        assert!(read[MAX_CROPS].1.contains("högst 300 bilder"));
        assert!(!read[MAX_CROPS - 1].1.contains("högst 300 bilder"));
        // Two halves of the rows, each below the limit alone, put together.
        let (a, b) = rows.split_at(200);
        let mut merged = PageBuilder::default();
        for half in [html(a, 0.9), html(b, 0.9)] {
            for (h, r) in page_rows(&half).unwrap() {
                merged.push_read(h, r).unwrap();
            }
        }
        assert_eq!(merged.finish(0.9), page);
    }
}
