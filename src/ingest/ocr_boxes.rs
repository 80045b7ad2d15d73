//! Checkboxes of an OCR page: (word lines from Tesseract's TSV, the page
//! image) → a `BoxDecision` per checkbox label, and the lines with `☒`/`☐`
//! put right after each decided label, so the extractor binds them as it
//! binds a text layer's glyphs.
//!
//! Labels looked for: the report form's eight areas of activity, each at the
//! start of its line with its box to the right (`Jobbtorg ☒`), and the
//! investigation's `SoL LSS` pair, whose boxes stand under the labels (or
//! after them). A word Tesseract made of a box (`CI`, `Od`, `(|`) is dropped
//! when a decided box covers it. An undecided box, or a label with no box
//! found, gets no glyph: the extractor then reads that label as undecided.

use serde::{Deserialize, Serialize};

use super::ocr_words::{Rect, Word};
use super::pgm::GrayImage;
use super::selection_marks::{self, MarkState, Side};

/// The reading of one checkbox label's box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxDecision {
    /// The label as printed (`Jobbtorg`, `SoL`).
    pub label: String,
    /// `None`: no box was found beside the label.
    pub state: Option<MarkState>,
    /// 0 to 1; 0 when undecided or not found.
    pub confidence: f32,
    /// Interior darkness of the box, 0 paper to 1 ink.
    pub ink: Option<f32>,
    /// The box, in page pixels at the OCR resolution.
    pub rect: Option<Rect>,
    pub label_rect: Rect,
    /// Why the box was left undecided (or not found), for files.csv.
    #[serde(default)]
    pub reason: Option<String>,
}

impl BoxDecision {
    /// The glyph to put after the label, if the box was decided.
    pub fn glyph(&self) -> Option<&'static str> {
        match self.state {
            Some(MarkState::Ticked) => Some("☒"),
            Some(MarkState::Empty) => Some("☐"),
            _ => None,
        }
    }
}

/// The report form's area labels: as printed, and their words as matched
/// (lower case, letters only; a run of words may be read as one).
const AREAS: &[(&str, &[&str])] = &[
    ("Äldreomsorg", &["äldreomsorg"]),
    ("Funktionsnedsättning", &["funktionsnedsättning"]),
    ("Socialpsykiatri", &["socialpsykiatri"]),
    ("Vuxen/ Missbruk", &["vuxen", "missbruk"]),
    ("Barn och ungdom", &["barn", "och", "ungdom"]),
    ("Ekonomiskt bistånd", &["ekonomiskt", "bistånd"]),
    ("Jobbtorg", &["jobbtorg"]),
    (
        "Kvinnojoursverksamhet, härbärgen m.fl.",
        &["kvinnojoursverksamhet", "härbärgen", "mfl"],
    ),
];

/// A label found on the page.
#[derive(Debug, Clone)]
struct Found {
    label: &'static str,
    line: usize,
    /// Index of the label's last word in its line.
    last: usize,
    rect: Rect,
    sides: &'static [Side],
}

/// Read every checkbox label's box, and put the glyphs into `lines`.
pub fn read_boxes(lines: &mut [Vec<Word>], img: &GrayImage) -> Vec<BoxDecision> {
    let mut found = area_labels(lines);
    found.extend(sol_lss_labels(lines));
    let decisions: Vec<BoxDecision> = found.iter().map(|f| decide(img, f)).collect();
    put_glyphs(lines, &found, &decisions);
    decisions
}

fn decide(img: &GrayImage, f: &Found) -> BoxDecision {
    let mark = f
        .sides
        .iter()
        .filter_map(|&s| selection_marks::find_mark(img, f.rect, s))
        .max_by(|a, b| a.outline.total_cmp(&b.outline));
    BoxDecision {
        label: f.label.to_string(),
        state: mark.map(|m| m.state),
        confidence: mark.map_or(0.0, |m| m.confidence),
        ink: mark.map(|m| m.ink),
        rect: mark.map(|m| m.rect),
        label_rect: f.rect,
        reason: None,
    }
}

/// Lower-case letters of a word (`Vuxen/` → `vuxen`, `m.fl.` → `mfl`).
fn norm(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Area labels at the start of a line: the longest run of words that
/// spells a prefix of the label, at least its first word.
fn area_labels(lines: &[Vec<Word>]) -> Vec<Found> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        for (label, words) in AREAS {
            if let Some(last) = match_prefix(line, words) {
                let rect = line[..=last]
                    .iter()
                    .fold(line[0].rect, |r, w| r.union(&w.rect));
                out.push(Found {
                    label,
                    line: li,
                    last,
                    rect,
                    sides: &[Side::Right],
                });
                break;
            }
        }
    }
    out
}

/// Index of the last word of `line` that is part of `words` read from the
/// line's start, if the first label word is all there.
fn match_prefix(line: &[Word], words: &[&str]) -> Option<usize> {
    let target: String = words.concat();
    let first = words.first()?;
    let mut acc = String::new();
    let mut last = None;
    for (i, w) in line.iter().enumerate() {
        let letters = norm(&w.text);
        let next = format!("{acc}{letters}");
        if letters.is_empty() || !target.starts_with(&next) {
            break;
        }
        acc = next;
        if acc.len() >= first.len() {
            last = Some(i);
        }
    }
    last
}

/// `SoL` and `LSS` side by side in a line that is no law reference.
fn sol_lss_labels(lines: &[Vec<Word>]) -> Vec<Found> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        if line
            .iter()
            .any(|w| w.text.contains('§') || norm(&w.text) == "kap")
        {
            continue;
        }
        let Some(i) = (1..line.len())
            .find(|&i| norm(&line[i - 1].text) == "sol" && norm(&line[i].text) == "lss")
        else {
            continue;
        };
        for (label, k) in [("SoL", i - 1), ("LSS", i)] {
            let rect = line[k].rect;
            out.push(Found {
                label,
                line: li,
                last: k,
                rect,
                sides: &[Side::Below, Side::Right],
            });
        }
    }
    out
}

/// Insert the decided glyphs after their labels, then drop the words
/// Tesseract made of those boxes.
fn put_glyphs(lines: &mut [Vec<Word>], found: &[Found], decisions: &[BoxDecision]) {
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse((found[k].line, found[k].last)));
    for k in order {
        let (f, d) = (&found[k], &decisions[k]);
        let (Some(glyph), Some(rect)) = (d.glyph(), d.rect) else {
            continue;
        };
        let key = lines[f.line][f.last].line;
        let word = Word {
            line: key,
            rect,
            conf: 100.0 * d.confidence,
            text: glyph.into(),
        };
        lines[f.line].insert(f.last + 1, word);
    }
    let boxes: Vec<Rect> = decisions
        .iter()
        .filter(|d| d.glyph().is_some())
        .filter_map(|d| d.rect)
        .collect();
    for line in lines.iter_mut() {
        line.retain(|w| {
            w.text == "☒"
                || w.text == "☐"
                || !boxes
                    .iter()
                    .any(|b| 10 * b.overlap(&w.rect) >= 3 * w.rect.area().max(1))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::ocr_words::{lines, parse_tsv, render};
    use super::*;

    /// A TSV line of words: (text, x) at row `y`, line key `n`.
    fn tsv(rows: &[(u32, i32, &[(&str, i32)])]) -> String {
        let mut out = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        for (n, y, words) in rows {
            for (i, (t, x)) in words.iter().enumerate() {
                let w = 18 * t.chars().count() as i32;
                out.push_str(&format!(
                    "5\t1\t1\t1\t{n}\t{i}\t{x}\t{y}\t{w}\t40\t95\t{t}\n"
                ));
            }
        }
        out
    }

    fn square(img: &mut GrayImage, x: i32, y: i32, ticked: bool) {
        for i in 0..36 {
            for t in 0..3 {
                for (px, py) in [
                    (x + i, y + t),
                    (x + i, y + 35 - t),
                    (x + t, y + i),
                    (x + 35 - t, y + i),
                ] {
                    img.set(px, py, 20);
                }
            }
            if ticked && (6..30).contains(&i) {
                for d in 0..3 {
                    img.set(x + i + d - 1, y + i, 20);
                    img.set(x + 35 - i + d - 1, y + i, 20);
                }
            }
        }
    }

    /// Label words are drawn as strokes so the page has ink to measure.
    fn ink_words(img: &mut GrayImage, words: &[Word]) {
        for w in words {
            for x in (w.rect.x..w.rect.right()).step_by(8) {
                for y in w.rect.y + 5..w.rect.bottom() - 5 {
                    for d in 0..3 {
                        img.set(x + d, y, 20);
                    }
                }
            }
        }
    }

    #[test]
    fn glyphs_go_after_labels_and_box_words_go() {
        let t = tsv(&[
            (1, 100, &[("Äldreomsorg", 100), ("CI", 320)]),
            (2, 200, &[("Jobbtorg", 100)]),
            (
                3,
                300,
                &[("Enhet", 100), ("Jobbtorg", 220), ("Stockholm", 380)],
            ),
            (4, 400, &[("Datum", 100), ("SoL", 400), ("LSS", 500)]),
            (5, 470, &[("190628", 100), ("Od", 500)]),
        ]);
        let words = parse_tsv(&t);
        let mut img = GrayImage::filled(800, 600, 230);
        ink_words(&mut img, &words[..1]);
        ink_words(&mut img, &words[2..10]); // not `CI` and `Od`: those are the boxes
        square(&mut img, 318, 102, false);
        square(&mut img, 256, 202, true);
        square(&mut img, 402, 452, true);
        square(&mut img, 502, 452, false);
        let mut ls = lines(&words);
        let d = read_boxes(&mut ls, &img);
        let states: Vec<(&str, Option<MarkState>)> =
            d.iter().map(|d| (d.label.as_str(), d.state)).collect();
        use MarkState::*;
        assert_eq!(
            states,
            [
                ("Äldreomsorg", Some(Empty)),
                ("Jobbtorg", Some(Ticked)),
                ("SoL", Some(Ticked)),
                ("LSS", Some(Empty))
            ]
        );
        assert_eq!(
            render(&ls),
            "Äldreomsorg ☐\nJobbtorg ☒\nEnhet Jobbtorg Stockholm\nDatum SoL ☒ LSS ☐\n190628\n"
        );
    }

    #[test]
    fn labels_match_across_words_and_law_references_are_skipped() {
        let t = tsv(&[
            (1, 100, &[("Vuxen/Missbruk", 100)]),
            (
                2,
                200,
                &[
                    ("Kvinnojoursverksamhet,", 100),
                    ("härbärgen", 520),
                    ("m.fl.", 700),
                ],
            ),
            (3, 300, &[("Barn", 100), ("och", 200), ("vuxna", 300)]),
            (5, 500, &[("Jobbtorg", 100), ("0", 260)]),
            (
                4,
                400,
                &[("14", 100), ("kap", 150), ("SoL", 250), ("LSS", 320)],
            ),
        ]);
        let ls = lines(&parse_tsv(&t));
        let found: Vec<(&str, usize)> =
            area_labels(&ls).iter().map(|f| (f.label, f.last)).collect();
        assert_eq!(
            found,
            [
                ("Vuxen/ Missbruk", 0),
                ("Kvinnojoursverksamhet, härbärgen m.fl.", 2),
                ("Barn och ungdom", 1),
                ("Jobbtorg", 0)
            ]
        );
        assert!(sol_lss_labels(&ls).is_empty());
    }
}
