//! The PDF text layer: PDF bytes → one `PageText` per page (text, content
//! key, whether the page draws images, or else shapes), and the values of
//! its form fields (`acroform`).
//!
//! Parsing is lopdf's, glyph decoding pdf-extract's; the words are ours.
//! pdf-extract's own text output puts spaces inside words wherever a producer
//! placed glyphs one by one (`missförhå llan`), so `WordDevice` implements
//! `OutputDev` and joins glyphs into words and lines from their positions and
//! advance widths, in content-stream order, as `pdftotext -raw` does: a space
//! where the gap along the baseline exceeds `SPACE_GAP_EM`, a new line where
//! the baseline moves.
//!
//! Before output, `fix_cid_widths` rewrites the `c_first c_last w` runs of
//! every CID font's `/W` array into the `c [w …]` form: pdf-extract 0.12.1
//! misreads the range form (width from the wrong slot, range dropped), so
//! those glyphs fell back to `/DW`, which is 0 in Chromium's bold subsets, and
//! every such glyph opened a gap.
//!
//! This code may panic inside pdf-extract on malformed input; callers run it
//! behind `catch_unwind` and a time bound (see `pdf_worker`).

use pdf_extract::{Dictionary, Document, MediaBox, Object, OutputDev, OutputError, Transform};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::IngestError;

/// A gap along the baseline wider than this (in em of the glyph's size)
/// separates words.
pub const SPACE_GAP_EM: f64 = 0.15;
/// A baseline shift larger than this (in em) starts a new line.
const NEW_LINE_EM: f64 = 0.4;
/// A jump back along the same baseline larger than this (in em) starts a new
/// line (a cell to the left drawn later).
const BACKWARD_EM: f64 = 1.0;
/// The longest `c_first c_last` range rewritten; longer ones are dropped.
const MAX_WIDTH_RANGE: i64 = 65_536;

/// One page of the text layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageText {
    /// The page's text, lines joined with `\n`.
    pub text: String,
    /// SHA-256 (hex) of what the page draws: content streams and the bytes
    /// of its image XObjects. Keys the OCR cache without rasterizing.
    pub key: String,
    /// The page draws at least one image XObject.
    pub has_images: bool,
    /// A page with neither text nor images still paints something (paths,
    /// shadings, XObjects: `pdf_paint`), such as text drawn as curves.
    /// Only looked at on such pages; false on every other.
    #[serde(default)]
    pub draws: bool,
}

/// What the parser read of a PDF: its pages' text layers and its form.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TextLayer {
    pub pages: Vec<PageText>,
    pub form: super::acroform::Form,
}

/// Parse a PDF and read every page's text layer and its form fields.
pub fn read_pages(bytes: &[u8]) -> Result<TextLayer, IngestError> {
    let mut doc = load(bytes)?;
    fix_cid_widths(&mut doc);
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(IngestError::PdfParse(
            "the page tree holds no pages (missing, empty or cyclic /Pages)".into(),
        ));
    }
    let mut out = Vec::with_capacity(pages.len());
    for (&no, &id) in &pages {
        let mut dev = WordDevice::default();
        pdf_extract::output_doc_page(&doc, &mut dev, no)
            .map_err(|e| IngestError::PdfParse(format!("page {no}: {e}")))?;
        let (key, has_images) = page_key(&doc, id);
        let text = dev.finish();
        let draws = !has_images
            && text.trim().is_empty()
            && doc
                .get_page_content(id)
                .is_ok_and(|c| super::pdf_paint::paints(&c));
        out.push(PageText {
            text,
            key,
            has_images,
            draws,
        });
    }
    Ok(TextLayer {
        pages: out,
        form: super::acroform::read_form(&doc),
    })
}

/// Load and, when encrypted with an empty user password, decrypt.
fn load(bytes: &[u8]) -> Result<Document, IngestError> {
    let mut doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(pdf_extract::Error::Decryption(_)) => return Err(IngestError::Encrypted),
        Err(e) => return Err(IngestError::PdfParse(e.to_string())),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(IngestError::Encrypted);
    }
    if doc.is_encrypted() {
        return Err(IngestError::Encrypted);
    }
    Ok(doc)
}

/// Rewrite the `c_first c_last w` runs of every CID font's `/W` array into
/// `c_first [w w …]`, resolving references, so pdf-extract reads them.
pub fn fix_cid_widths(doc: &mut Document) {
    let mut fixes = Vec::new();
    for (&id, obj) in &doc.objects {
        let Ok(dict) = obj.as_dict() else { continue };
        if !is_cid_font(dict) {
            continue;
        }
        let Ok(w) = dict.get(b"W") else { continue };
        let Ok((_, w)) = doc.dereference(w) else {
            continue;
        };
        let Ok(items) = w.as_array() else { continue };
        fixes.push((id, rewrite_widths(doc, items)));
    }
    for (id, widths) in fixes {
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("W", Object::Array(widths));
        }
    }
}

fn is_cid_font(dict: &Dictionary) -> bool {
    matches!(
        dict.get(b"Subtype").and_then(Object::as_name),
        Ok(b"CIDFontType0") | Ok(b"CIDFontType2")
    )
}

/// `/W` grammar: `( c [w1 w2 …] | c_first c_last w )*`. Malformed tails are
/// dropped.
fn rewrite_widths(doc: &Document, items: &[Object]) -> Vec<Object> {
    let resolve =
        |o: &Object| -> Option<Object> { doc.dereference(o).ok().map(|(_, o)| o.clone()) };
    let number = |o: &Object| -> Option<f64> {
        match resolve(o)? {
            Object::Integer(i) => Some(i as f64),
            Object::Real(r) => Some(r as f64),
            _ => None,
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < items.len() {
        let Some(first) = number(&items[i]) else {
            break;
        };
        let first = first as i64;
        match resolve(&items[i + 1]) {
            Some(Object::Array(ws)) => {
                let ws: Vec<Object> = ws
                    .iter()
                    .filter_map(|w| number(w).map(num_object))
                    .collect();
                out.push(Object::Integer(first));
                out.push(Object::Array(ws));
                i += 2;
            }
            Some(_) => {
                let (Some(last), Some(w)) =
                    (number(&items[i + 1]), items.get(i + 2).and_then(number))
                else {
                    break;
                };
                let last = last as i64;
                if last >= first && last - first < MAX_WIDTH_RANGE {
                    let run = (first..=last).map(|_| num_object(w)).collect();
                    out.push(Object::Integer(first));
                    out.push(Object::Array(run));
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

/// A number object from an `f64` (lopdf stores reals as `f32`).
fn num_object(v: f64) -> Object {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v as f32)
    }
}

/// Hash what a page draws: its content streams, then the bytes of each image
/// XObject in its resources (by name, sorted). Needs only lopdf.
fn page_key(doc: &Document, page: pdf_extract::ObjectId) -> (String, bool) {
    let mut h = Sha256::new();
    h.update(b"lexsarah-page-v1\0");
    if let Ok(content) = doc.get_page_content(page) {
        h.update((content.len() as u64).to_le_bytes());
        h.update(&content);
    }
    let mut has_images = false;
    for (name, stream) in page_images(doc, page) {
        has_images = true;
        h.update((name.len() as u64).to_le_bytes());
        h.update(&name);
        h.update((stream.len() as u64).to_le_bytes());
        h.update(stream);
    }
    // A page turned by its /Rotate renders otherwise: part of the key (only
    // when set, so the keys of unturned pages stay as they were).
    let rotate = doc
        .get_dictionary(page)
        .ok()
        .and_then(|d| d.get(b"Rotate").ok())
        .and_then(|r| r.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    if rotate != 0 {
        h.update(format!("rotate {rotate}\0").as_bytes());
    }
    (hex(&h.finalize()), has_images)
}

/// The image XObjects named in a page's (possibly inherited) resources.
fn page_images(doc: &Document, page: pdf_extract::ObjectId) -> Vec<(Vec<u8>, &[u8])> {
    let mut dicts: Vec<&Dictionary> = Vec::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page) {
        dicts.extend(direct);
        dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    }
    let mut images = std::collections::BTreeMap::new();
    for res in dicts {
        let Ok(xobjects) = res.get(b"XObject").and_then(|o| doc.dereference(o)) else {
            continue;
        };
        let Ok(xobjects) = xobjects.1.as_dict() else {
            continue;
        };
        for (name, obj) in xobjects.iter() {
            let Ok((_, Object::Stream(s))) = doc.dereference(obj) else {
                continue;
            };
            let is_image = s
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if is_image {
                images.entry(name.clone()).or_insert(&s.content[..]);
            }
        }
    }
    images.into_iter().collect()
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The last glyph placed: where its advance ends, its baseline, its size.
#[derive(Debug, Clone, Copy)]
struct Pen {
    x_end: f64,
    y: f64,
    em: f64,
}

/// An `OutputDev` that joins glyphs into words and lines by position.
#[derive(Default)]
pub struct WordDevice {
    flip: Option<Transform>,
    lines: Vec<String>,
    line: String,
    pen: Option<Pen>,
}

impl WordDevice {
    /// The page's text: lines trimmed, empty lines dropped, joined by `\n`.
    pub fn finish(mut self) -> String {
        self.break_line();
        self.lines.join("\n")
    }

    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
    }

    fn push_space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }
}

impl OutputDev for WordDevice {
    fn begin_page(
        &mut self,
        _no: u32,
        mb: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = Some(Transform::row_major(1., 0., 0., -1., 0., mb.ury - mb.lly));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.break_line();
        self.pen = None;
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let m = match self.flip {
            Some(flip) => trm.post_transform(&flip),
            None => *trm,
        };
        let (x, y) = (m.m31, m.m32);
        // Length of the text space's unit vectors in device space.
        let sx = m.m11.hypot(m.m12);
        let sy = m.m21.hypot(m.m22);
        let em = (font_size * sy).abs().max(1e-3);
        let advance = (width * font_size + spacing) * sx;
        if let Some(pen) = self.pen {
            // A label in small print above a large value moves the baseline
            // by less than the value's em: measure against the smaller size.
            let small = em.min(pen.em);
            let size = em.max(pen.em);
            if (y - pen.y).abs() > NEW_LINE_EM * small || x < pen.x_end - BACKWARD_EM * size {
                self.break_line();
            } else if x - pen.x_end > SPACE_GAP_EM * size {
                self.push_space();
            }
        }
        if ch.chars().all(char::is_whitespace) {
            if !ch.is_empty() {
                self.push_space();
            }
        } else {
            self.line.push_str(ch);
        }
        self.pen = Some(Pen {
            x_end: x + advance,
            y,
            em,
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_ranges_become_arrays() {
        let doc = Document::with_version("1.5");
        let items = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(722),
        ];
        let got = rewrite_widths(&doc, &items);
        let want = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Array(vec![Object::Integer(722); 3]),
        ];
        assert_eq!(format!("{got:?}"), format!("{want:?}"));
    }

    #[test]
    fn malformed_width_tails_are_dropped() {
        let doc = Document::with_version("1.5");
        let cases: Vec<(Vec<Object>, usize)> = vec![
            (vec![Object::Integer(1)], 0),
            (vec![Object::Integer(1), Object::Integer(2)], 0),
            (
                vec![Object::Integer(5), Object::Integer(1), Object::Integer(9)],
                0,
            ),
            (vec![Object::Name(b"x".to_vec()), Object::Array(vec![])], 0),
            (
                vec![
                    Object::Integer(0),
                    Object::Integer(1_000_000),
                    Object::Integer(9),
                ],
                0,
            ),
        ];
        for (items, len) in cases {
            assert_eq!(rewrite_widths(&doc, &items).len(), len, "{items:?}");
        }
    }
}
