//! Checkboxes of an OCR page: (word lines from Tesseract's TSV, the page
//! image) → a `BoxDecision` per checkbox label (which label, what the image
//! showed, its ink and margin, the label's line in the page's text), and
//! the lines without the words Tesseract made of the boxes. No glyph is
//! written into the text: extract reads these boxes only as values
//! (`model::PageMark`, made of the decisions by `ocr::page_marks`), so what
//! the text of a scan says is only what Tesseract read on it.
//!
//! Labels looked for: the report form's eight areas of activity, each at the
//! start of its line with its box before it (`☒ Äldreomsorg`) or after it
//! (`Jobbtorg ☒`); the investigation's `SoL LSS` pair, laid out `SoL ☒ LSS
//! ☐`, `SoL LSS ☒ ☐` (both boxes after `LSS`, in order) or with the boxes
//! under the labels; and the "Förslag till beslut" options, a box before
//! each `Det rapporterade utgjorde …` line. What Tesseract makes of a box
//! is allowed for: a short word before the label (`C`, `O`, `0`, `CO`), a
//! box glued onto a label (`LSSE`, `SSE`, `SoLLSS`), a long label misread
//! by a letter or two (`Funktionsnedsänning`).
//!
//! The boxes of one list (the areas of one form, a SoL/LSS pair, the
//! options of one proposal) are decided together (`selection_marks::
//! decide_row`): a ticked box is one that stands out from its neighbours.
//! The words Tesseract made of the boxes found are dropped (`O`, `[]`,
//! `CI`), decided or not. An undecided box, or a label with no box found,
//! keeps its reason: the extractor then reads that label as undecided.
//! Nothing is decided from a file name or a known page.

use serde::{Deserialize, Serialize};

use super::ocr_words::{Rect, Word};
use super::pgm::GrayImage;
use super::selection_marks::{self, Mark, MarkState, Side};

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
    /// What the label belongs to; `None` in cache entries written before
    /// it was kept.
    #[serde(default)]
    pub kind: Option<crate::model::MarkKind>,
    /// Index (from 0) of the label's line in the page's rendered text;
    /// `None` in cache entries written before it was kept.
    #[serde(default)]
    pub line: Option<u32>,
}

/// What a label's box belongs to; the boxes of one list are decided together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The report form's area list (box before or after each label).
    Area,
    /// The `SoL LSS` pair.
    Law,
    /// A "Förslag till beslut" option (box before `Det rapporterade utgjorde …`).
    Option,
}

impl From<Kind> for crate::model::MarkKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Area => crate::model::MarkKind::Area,
            Kind::Law => crate::model::MarkKind::Law,
            Kind::Option => crate::model::MarkKind::Option,
        }
    }
}

/// A label found on the page.
#[derive(Debug, Clone)]
struct Found {
    label: String,
    kind: Kind,
    line: usize,
    /// Indexes of the label's first and last words in its line.
    first: usize,
    last: usize,
    rect: Rect,
    /// The label's first and last words (where a box stands).
    head: Rect,
    tail: Rect,
}

/// A box bound to a label, before the list's decision.
#[derive(Debug, Clone)]
struct Bound {
    mark: Option<Mark>,
    /// Why no box was bound.
    why: Option<String>,
}

impl Bound {
    fn to(img: &GrayImage, c: Option<(Rect, f32)>) -> Bound {
        match c {
            Some((rect, outline)) => Bound {
                mark: Some(selection_marks::measure(img, rect, outline)),
                why: None,
            },
            None => Bound::none("no box found beside the label"),
        }
    }

    fn none(why: &str) -> Bound {
        Bound {
            mark: None,
            why: Some(why.to_string()),
        }
    }
}

/// Read every checkbox label's box, and drop from `lines` the words
/// Tesseract made of the boxes.
pub fn read_boxes(lines: &mut [Vec<Word>], img: &GrayImage) -> Vec<BoxDecision> {
    split_sol_lss(lines);
    let mut found = area_labels(lines);
    found.extend(sol_lss_labels(lines));
    found.extend(option_labels(lines));
    for f in &mut found {
        if f.kind == Kind::Area {
            (f.head, f.tail) = ends(&lines[f.line], f);
        }
        f.head = selection_marks::tighten(img, f.head);
        f.tail = selection_marks::tighten(img, f.tail);
        f.rect = selection_marks::tighten(img, f.rect);
    }
    let mut bound: Vec<Bound> = Vec::with_capacity(found.len());
    let mut k = 0;
    while k < found.len() {
        if found[k].kind == Kind::Law && found.get(k + 1).is_some_and(|f| f.kind == Kind::Law) {
            let (a, b) = bind_pair(img, &found[k], &found[k + 1]);
            bound.push(a);
            bound.push(b);
            k += 2;
        } else {
            bound.push(bind_one(img, &found[k]));
            k += 1;
        }
    }
    let verdicts = decide_groups(&found, &bound);
    let decisions: Vec<BoxDecision> = found
        .iter()
        .zip(&bound)
        .zip(verdicts)
        .map(|((f, b), v)| BoxDecision {
            label: f.label.clone(),
            state: b.mark.map(|_| v.state),
            confidence: if b.mark.is_some() { v.confidence } else { 0.0 },
            ink: b.mark.map(|m| m.ink),
            rect: b.mark.map(|m| m.rect),
            label_rect: f.rect,
            reason: b.why.clone().or(v.reason),
            kind: Some(f.kind.into()),
            line: None,
        })
        .collect();
    for f in found.iter().filter(|f| f.kind != Kind::Option) {
        spell_label(&mut lines[f.line], f);
    }
    drop_box_words(lines, &decisions);
    let rows = super::ocr_words::rendered_rows(lines);
    found
        .iter()
        .zip(decisions)
        .map(|(f, d)| BoxDecision {
            line: rows.get(f.line).copied().flatten(),
            ..d
        })
        .collect()
}

/// `SoLLSS` (the two labels read as one word) → `SoL` `LSS`, each with its
/// share of the word's box.
fn split_sol_lss(lines: &mut [Vec<Word>]) {
    for line in lines.iter_mut() {
        let Some(i) = line.iter().position(|w| {
            let n = norm(&w.text);
            n.starts_with("sollss") && n.chars().count() <= 7
        }) else {
            continue;
        };
        let w = line[i].clone();
        let n = w.text.chars().count();
        let lss = Word {
            rect: letters_of(w.rect, 3, n, n),
            text: w.text.chars().skip(3).collect(),
            ..w.clone()
        };
        line[i] = Word {
            rect: letters_of(w.rect, 0, 3, n),
            text: "SoL".into(),
            ..w
        };
        line.insert(i + 1, lss);
    }
}

/// Write a label's first word as printed when Tesseract misread it or
/// glued a box onto it (`LSSE` → `LSS`, `Funktionsnedsänning` →
/// `Funktionsnedsättning`), so the extractor's label patterns find it.
fn spell_label(line: &mut [Word], f: &Found) {
    let (printed, spelled) = match f.kind {
        Kind::Law => (f.label.as_str(), norm(&f.label)),
        _ => {
            let words = crate::vocab::AREAS
                .iter()
                .find(|a| a.2 == f.label)
                .map_or(&[][..], |a| a.3);
            let first = f.label.split_whitespace().next().unwrap_or("");
            (first, words.concat())
        }
    };
    let w = &mut line[f.first];
    let n = norm(&w.text);
    let as_printed = match f.kind {
        Kind::Law => n == spelled,
        _ => !n.is_empty() && spelled.starts_with(&n),
    };
    if !as_printed {
        w.text = printed.to_string();
    }
}

/// The label's first and last words, where its box may stand: on a skewed
/// scan a label of several words is taller than its letters, and the box's
/// size is judged by its neighbour word.
fn ends(line: &[Word], f: &Found) -> (Rect, Rect) {
    let a = line[f.first].rect;
    let head = Rect {
        x: f.rect.x,
        w: a.right() - f.rect.x,
        ..a
    };
    (head, line[f.last].rect)
}

fn bind_one(img: &GrayImage, f: &Found) -> Bound {
    let sides: &[Side] = match f.kind {
        Kind::Area => &[Side::Left, Side::Right],
        Kind::Option => &[Side::Left],
        Kind::Law => &[Side::Right, Side::Below],
    };
    let best = sides
        .iter()
        .filter_map(|&side| {
            let near = if side == Side::Left { f.head } else { f.tail };
            let c = selection_marks::candidates(img, near, side, 1);
            selection_marks::best_candidate(&c)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some(c) => Bound::to(img, Some(c)),
        None => Bound::none("no box found beside the label"),
    }
}

/// The `SoL`/`LSS` boxes: `SoL ☒ LSS ☐` (each after its label), `SoL LSS
/// ☒ ☐` (both after `LSS`, in order) or a `SoL LSS` header with a box under
/// each label.
fn bind_pair(img: &GrayImage, sol: &Found, lss: &Found) -> (Bound, Bound) {
    let between: Vec<(Rect, f32)> = selection_marks::candidates(img, sol.rect, Side::Right, 1)
        .into_iter()
        .filter(|(r, _)| r.right() <= lss.rect.x)
        .collect();
    let after = selection_marks::candidates(img, lss.rect, Side::Right, 2);
    let to = |c: Option<(Rect, f32)>| Bound::to(img, c);
    if let Some(&s) = between.first() {
        return (to(Some(s)), to(after.first().copied()));
    }
    if after.len() >= 2 {
        return (to(Some(after[0])), to(Some(after[1])));
    }
    let below = |f: &Found| {
        selection_marks::best_candidate(&selection_marks::candidates(img, f.rect, Side::Below, 1))
    };
    let (bs, bl) = (below(sol), below(lss));
    if bs.is_some() && bs.map(|c| c.0) == bl.map(|c| c.0) {
        let why = "one box under both labels: whose it is cannot be told";
        return (Bound::none(why), Bound::none(why));
    }
    if bs.is_some() || bl.is_some() {
        return (to(bs), to(bl));
    }
    if after.len() == 1 {
        let why = "one box after `SoL LSS`: whose it is cannot be told";
        return (Bound::none(why), Bound::none(why));
    }
    (to(None), to(None))
}

/// Decide each list's boxes together: the areas of one list, a SoL/LSS
/// pair, the options of one "Förslag till beslut".
fn decide_groups(found: &[Found], bound: &[Bound]) -> Vec<selection_marks::Verdict> {
    let mut out: Vec<Option<selection_marks::Verdict>> = vec![None; found.len()];
    let mut k = 0;
    while k < found.len() {
        let mut end = k + 1;
        while end < found.len() && same_group(&found[end - 1], &found[end]) {
            end += 1;
        }
        let idx: Vec<usize> = (k..end).filter(|&i| bound[i].mark.is_some()).collect();
        let marks: Vec<Mark> = idx.iter().filter_map(|&i| bound[i].mark).collect();
        let kind = if found[k].kind == Kind::Law {
            selection_marks::RowKind::Pair
        } else {
            selection_marks::RowKind::List
        };
        for (i, v) in idx.iter().zip(selection_marks::decide_row(&marks, kind)) {
            out[*i] = Some(v);
        }
        k = end;
    }
    out.into_iter()
        .map(|v| v.unwrap_or_else(selection_marks::Verdict::none))
        .collect()
}

/// Consecutive labels of one list: same kind, lines close together.
fn same_group(a: &Found, b: &Found) -> bool {
    if a.kind != b.kind {
        return false;
    }
    let gap = b.rect.y - a.rect.bottom();
    match a.kind {
        Kind::Law => a.line == b.line,
        _ => gap >= -a.rect.h && gap <= 4 * a.rect.h.max(b.rect.h).max(8),
    }
}

/// Lower-case letters of a word (`Vuxen/` → `vuxen`, `m.fl.` → `mfl`).
fn norm(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A word Tesseract made of a box (`C`, `O`, `0`, `CO`, `[]`, `~`, `X`):
/// short, and no lower-case letter but `l` (`Cl`).
fn box_debris(w: &Word) -> bool {
    let t = w.text.as_str();
    t.chars().count() <= 3 && !t.chars().any(|c| c.is_lowercase() && c != 'l')
}

/// Area labels at the start of a line (after what a box was read as):
/// the longest run of words that spells a prefix of the label, at least
/// its first word.
fn area_labels(lines: &[Vec<Word>]) -> Vec<Found> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let skip = line.iter().take(2).take_while(|w| box_debris(w)).count();
        // The report form's area labels as printed, and their words.
        for (_, _, label, words) in &crate::vocab::AREAS {
            if let Some((last, rect)) = match_prefix(&line[skip..], words) {
                out.push(Found {
                    label: label.to_string(),
                    kind: Kind::Area,
                    line: li,
                    first: skip,
                    last: skip + last,
                    rect,
                    head: rect,
                    tail: rect,
                });
                break;
            }
        }
    }
    out
}

/// The last word of `line` that is part of `words` read from the line's
/// start, if the first label word is all there, and the label's box. Up to
/// two letters a box was read as, glued before the label (`OÄldreomsorg`),
/// are cut off the box by their share of the word's letters.
fn match_prefix(line: &[Word], words: &[&str]) -> Option<(usize, Rect)> {
    let target: String = words.concat();
    let first = words.first()?;
    let mut acc = String::new();
    let mut last = None;
    let mut lead_cut = 0usize;
    for (i, w) in line.iter().enumerate() {
        let mut letters = norm(&w.text);
        if i == 0 && !target.starts_with(&letters) {
            lead_cut = (1..=2)
                .find(|&k| {
                    let rest: String = letters.chars().skip(k).collect();
                    rest.len() >= first.len() && target.starts_with(&rest)
                })
                .unwrap_or(0);
            if lead_cut == 0 {
                // A long first word misread by a letter or two
                // (`Funktionsnedsänning`) still names its label.
                let n = first.chars().count();
                if n >= 7 && strsim::levenshtein(&letters, first) <= n / 7 {
                    acc = first.to_string();
                    last = Some(0);
                    continue;
                }
                break;
            }
            letters = letters.chars().skip(lead_cut).collect();
        }
        let next = format!("{acc}{letters}");
        if letters.is_empty() || !target.starts_with(&next) {
            break;
        }
        acc = next;
        if acc.len() >= first.len() {
            last = Some(i);
        }
    }
    let last = last?;
    let mut rect = line[..=last]
        .iter()
        .fold(line[0].rect, |r, w| r.union(&w.rect));
    if lead_cut > 0 {
        let n = line[0].text.chars().count().max(1) as i32;
        let cut = line[0].rect.w * lead_cut as i32 / n;
        rect.x += cut;
        rect.w -= cut;
    }
    Some((last, rect))
}

/// The part of a word's box that holds its letters `from..to` of `n`.
fn letters_of(r: Rect, from: usize, to: usize, n: usize) -> Rect {
    let n = n.max(1) as i32;
    let (a, b) = (r.w * from as i32 / n, r.w * to as i32 / n);
    Rect {
        x: r.x + a,
        w: b - a,
        ..r
    }
}

/// `SoL` and `LSS` side by side in a line that is no law reference: as two
/// words, with box debris between them, or with a box glued on (`LSSE`).
fn sol_lss_labels(lines: &[Vec<Word>]) -> Vec<Found> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        if line
            .iter()
            .any(|w| w.text.contains('§') || norm(&w.text) == "kap")
        {
            continue;
        }
        let is_sol = |w: &Word| {
            let n = norm(&w.text);
            n.starts_with("sol") && n.chars().count() <= 5
        };
        // After `SoL`, `LSS` may come with a box read onto it or a letter
        // lost (`LSSE`, `SSE`, `USST`, `LSSÅO`).
        let is_lss = |w: &Word| {
            let n = norm(&w.text);
            n == "lss" || ((3..=5).contains(&n.chars().count()) && n.contains("ss"))
        };
        // A label's own place when a box was read onto its word: its start,
        // so the search for the box begins inside the word.
        let own = |w: &Word, label: &str| {
            if norm(&w.text) == label {
                w.rect
            } else {
                Rect {
                    w: w.rect.w.min(w.rect.h / 2),
                    ..w.rect
                }
            }
        };
        let mut hit = None;
        for i in 0..line.len() {
            if !is_sol(&line[i]) {
                continue;
            }
            let j = (i + 1..line.len().min(i + 3))
                .find(|&j| is_lss(&line[j]))
                .filter(|&j| (i + 1..j).all(|m| box_debris(&line[m])));
            if let Some(j) = j {
                hit = Some((i, j, own(&line[i], "sol"), own(&line[j], "lss")));
                break;
            }
        }
        let Some((i, j, sol, lss)) = hit else {
            continue;
        };
        for (label, k, rect) in [("SoL", i, sol), ("LSS", j, lss)] {
            out.push(Found {
                label: label.to_string(),
                kind: Kind::Law,
                line: li,
                first: k,
                last: k,
                rect,
                head: rect,
                tail: rect,
            });
        }
    }
    out
}

/// The "Förslag till beslut" options: a line that starts (after box
/// debris) with `Det rapporterade`; the label is the line's text.
fn option_labels(lines: &[Vec<Word>]) -> Vec<Found> {
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        let skip = line.iter().take(2).take_while(|w| box_debris(w)).count();
        let words: Vec<String> = line[skip..].iter().take(2).map(|w| norm(&w.text)).collect();
        let lead = words
            .first()
            .is_some_and(|w| w.ends_with("det") && w.chars().count() <= 5);
        if !(lead && words.get(1).is_some_and(|w| w == "rapporterade")) {
            continue;
        }
        let first = &line[skip];
        let n = first.text.chars().count();
        // Debris glued before `Det`: keep its last three letters' share.
        let rect = letters_of(first.rect, n.saturating_sub(3), n, n);
        let text: Vec<&str> = line[skip..].iter().map(|w| w.text.as_str()).collect();
        out.push(Found {
            label: text.join(" "),
            kind: Kind::Option,
            line: li,
            first: skip,
            last: skip,
            rect,
            head: rect,
            tail: rect,
        });
    }
    out
}

/// Drop the words Tesseract made of the boxes found, decided or not (a
/// word mostly over a box: `O`, `[]`, a `C` before a label), so neither a
/// decided box nor an undecided one leaves a misreading in the text.
fn drop_box_words(lines: &mut [Vec<Word>], decisions: &[BoxDecision]) {
    let boxes: Vec<Rect> = decisions.iter().filter_map(|d| d.rect).collect();
    for line in lines.iter_mut() {
        line.retain(|w| {
            !boxes
                .iter()
                .any(|b| 10 * b.overlap(&w.rect) >= 3 * w.rect.area().max(1))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::ocr_words::{lines, parse_tsv, render};
    use super::*;

    /// A row of words: line key `n`, `y`, and (text, x) for each word.
    type Row<'a> = (u32, i32, &'a [(&'a str, i32)]);

    /// A TSV line of words: (text, x) at row `y`, line key `n`.
    fn tsv(rows: &[Row]) -> String {
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

    /// The boxes are decided and the words Tesseract made of them (`CI`,
    /// `Od`) dropped; no glyph is written into the text, and each decision
    /// names its label's line in it.
    #[test]
    fn box_words_go_and_no_glyph_is_written() {
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
            "Äldreomsorg\nJobbtorg\nEnhet Jobbtorg Stockholm\nDatum SoL LSS\n190628\n"
        );
        let rows: Vec<Option<u32>> = d.iter().map(|d| d.line).collect();
        assert_eq!(rows, [Some(0), Some(1), Some(3), Some(3)]);
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
        let areas = area_labels(&ls);
        let found: Vec<(&str, usize)> = areas.iter().map(|f| (f.label.as_str(), f.last)).collect();
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

    /// A page with word rows and drawn boxes: (x, y, tick) where tick is
    /// 0 empty, 1 an X, 2 a faint smudge.
    fn page(rows: &[Row], boxes: &[(i32, i32, u8)]) -> (GrayImage, Vec<Vec<Word>>) {
        let words = parse_tsv(&tsv(rows));
        let mut img = GrayImage::filled(1400, 900, 225);
        let debris = |w: &Word| {
            boxes
                .iter()
                .any(|&(x, y, _)| (w.rect.x - x).abs() < 30 && (w.rect.y - y).abs() < 30)
        };
        let inked: Vec<Word> = words.iter().filter(|w| !debris(w)).cloned().collect();
        ink_words(&mut img, &inked);
        for &(x, y, _) in boxes {
            // A word a box was glued onto has no letters over the box.
            for py in y - 8..y + 44 {
                for px in x - 8..x + 44 {
                    img.set(px, py, 225);
                }
            }
        }
        for &(x, y, tick) in boxes {
            square(&mut img, x, y, tick == 1);
            if tick == 2 {
                for i in 12..24 {
                    for j in 12..22 {
                        img.set(x + i, y + j, 150);
                    }
                }
            }
        }
        (img, lines(&words))
    }

    #[test]
    fn layouts_bind_as_the_image_shows() {
        use MarkState::*;
        type Case<'a> = (
            &'a str,
            &'a [Row<'a>],
            &'a [(i32, i32, u8)],
            &'a [(&'a str, Option<MarkState>)],
            &'a str,
        );
        let cases: &[Case] = &[
            (
                "boxes before the areas, one read as `C`",
                &[
                    (1, 100, &[("Äldreomsorg", 150)]),
                    (2, 170, &[("C", 100), ("Funktionsnedsättning", 150)]),
                    (3, 240, &[("Jobbtorg", 150)]),
                ],
                &[(102, 102, 1), (102, 172, 0), (102, 242, 0)],
                &[
                    ("Äldreomsorg", Some(Ticked)),
                    ("Funktionsnedsättning", Some(Empty)),
                    ("Jobbtorg", Some(Empty)),
                ],
                "Äldreomsorg\nFunktionsnedsättning\nJobbtorg\n",
            ),
            (
                "`SoL LSS ☒ ☐`: both boxes after LSS",
                &[(1, 100, &[("Datum", 100), ("SoL", 400), ("LSS", 480)])],
                &[(550, 102, 1), (600, 102, 0)],
                &[("SoL", Some(Ticked)), ("LSS", Some(Empty))],
                "Datum SoL LSS\n",
            ),
            (
                "`SoL LSS ☐ ☒`",
                &[(1, 100, &[("SoL", 400), ("LSS", 480)])],
                &[(550, 102, 0), (600, 102, 1)],
                &[("SoL", Some(Empty)), ("LSS", Some(Ticked))],
                "SoL LSS\n",
            ),
            (
                "`SoL ☒ LSS ☐` with the box glued onto LSS (`LSSE`) and one read as `X`",
                &[(1, 100, &[("SoL", 400), ("X", 470), ("LSSE", 560)])],
                &[(466, 102, 1), (622, 102, 0)],
                &[("SoL", Some(Ticked)), ("LSS", Some(Empty))],
                "SoL LSS\n",
            ),
            (
                "`SoLLSS` read as one word",
                &[(1, 100, &[("SoLLSS", 400)])],
                &[(520, 102, 0), (570, 102, 1)],
                &[("SoL", Some(Empty)), ("LSS", Some(Ticked))],
                "SoL LSS\n",
            ),
            (
                "one box after `SoL LSS`: whose is it?",
                &[(1, 100, &[("SoL", 400), ("LSS", 480)])],
                &[(550, 102, 1)],
                &[("SoL", None), ("LSS", None)],
                "SoL LSS\n",
            ),
            (
                "outcome options, the box before each, one misread `2`",
                &[
                    (
                        1,
                        100,
                        &[
                            ("Det", 150),
                            ("rapporterade", 220),
                            ("utgjorde", 460),
                            ("ett", 620),
                            ("missförhållande", 690),
                        ],
                    ),
                    (
                        2,
                        170,
                        &[
                            ("2", 100),
                            ("Det", 150),
                            ("rapporterade", 220),
                            ("utgjorde", 460),
                            ("inte", 620),
                            ("ett", 710),
                            ("missförhållande", 780),
                        ],
                    ),
                    (
                        3,
                        240,
                        &[
                            ("Det", 150),
                            ("rapporterade", 220),
                            ("utgjorde", 460),
                            ("ett", 620),
                            ("allvarligt", 690),
                            ("missförhållande", 890),
                        ],
                    ),
                ],
                &[(102, 102, 0), (102, 172, 1), (102, 242, 0)],
                &[
                    ("Det rapporterade utgjorde ett missförhållande", Some(Empty)),
                    (
                        "Det rapporterade utgjorde inte ett missförhållande",
                        Some(Ticked),
                    ),
                    (
                        "Det rapporterade utgjorde ett allvarligt missförhållande",
                        Some(Empty),
                    ),
                ],
                "Det rapporterade utgjorde ett missförhållande\nDet rapporterade utgjorde inte ett missförhållande\nDet rapporterade utgjorde ett allvarligt missförhållande\n",
            ),
            (
                "a smudge that neither stands out nor matches: undecided, no glyph, debris gone",
                &[
                    (1, 100, &[("Äldreomsorg", 150)]),
                    (2, 170, &[("O", 100), ("Socialpsykiatri", 150)]),
                    (3, 240, &[("Jobbtorg", 150)]),
                ],
                &[(102, 102, 0), (102, 172, 2), (102, 242, 0)],
                &[
                    ("Äldreomsorg", Some(Empty)),
                    ("Socialpsykiatri", Some(Undecided)),
                    ("Jobbtorg", Some(Empty)),
                ],
                "Äldreomsorg\nSocialpsykiatri\nJobbtorg\n",
            ),
            (
                "a misread label is written as printed",
                &[
                    (1, 100, &[("|Funktionsnedsänning", 150)]),
                    (2, 170, &[("Jobbtorg", 150)]),
                ],
                &[(522, 102, 1), (306, 172, 0)],
                &[
                    ("Funktionsnedsättning", Some(Ticked)),
                    ("Jobbtorg", Some(Empty)),
                ],
                "Funktionsnedsättning\nJobbtorg\n",
            ),
        ];
        for (what, rows, boxes, want, text) in cases {
            let (img, mut ls) = page(rows, boxes);
            let d = read_boxes(&mut ls, &img);
            let got: Vec<(&str, Option<MarkState>)> =
                d.iter().map(|d| (d.label.as_str(), d.state)).collect();
            assert_eq!(&got, want, "{what}: {d:#?}");
            let rendered = render(&ls);
            assert_eq!(rendered, *text, "{what}");
            for d in &d {
                // The decision's line in the text is its label's.
                let row = d.line.and_then(|r| rendered.lines().nth(r as usize));
                let first = d.label.split_whitespace().next().unwrap_or("");
                assert!(
                    row.is_some_and(|r| r.contains(first)),
                    "{what}: {:?} on line {:?} ({row:?})",
                    d.label,
                    d.line
                );
                let decided = matches!(d.state, Some(Ticked | Empty));
                assert_eq!(
                    d.reason.is_none(),
                    decided,
                    "{what}: a reason exactly when undecided: {d:?}"
                );
            }
        }
    }

    /// Where a crop is pasted on a page of its own paper level.
    const AT: (i32, i32) = (200, 100);

    fn on_paper(bytes: &[u8]) -> GrayImage {
        let crop = crate::ingest::pgm::parse(bytes).expect("fixture");
        let mut px = crop.pixels.clone();
        px.sort_unstable();
        let mut img = GrayImage::filled(crop.width + 400, crop.height + 200, px[px.len() / 2]);
        for y in 0..crop.height as i32 {
            for x in 0..crop.width as i32 {
                img.set(AT.0 + x, AT.1 + y, crop.get(x, y));
            }
        }
        img
    }

    /// A word at crop coordinates.
    fn word(line: u32, text: &str, x: i32, y: i32, w: i32, h: i32) -> Word {
        Word {
            line: (1, 1, line),
            rect: Rect {
                x: x + AT.0,
                y: y + AT.1,
                w,
                h,
            },
            conf: 90.0,
            text: text.into(),
        }
    }

    /// Crops of a real 150 dpi scan (grain, dust, 20–80 % grey range, JPEG
    /// quality 42, rendered at 300 dpi as the pipeline does), each pasted on
    /// a page of its own paper, with the words Tesseract gave there in crop
    /// coordinates: `SoLLSS` with two boxes after it, and two outcome
    /// options whose boxes Tesseract read as `0` and `2`, their words 64 and
    /// 89 pixels tall on 30-pixel letters.
    #[test]
    fn crops_of_a_poor_scan_are_read() {
        use MarkState::*;
        let img = on_paper(include_bytes!("testdata/scan150-sollss-boxes.pgm"));
        let mut ls = vec![vec![word(1, "SoLLSS", -134, 8, 157, 34)]];
        let d = read_boxes(&mut ls, &img);
        let got: Vec<(&str, Option<MarkState>)> =
            d.iter().map(|d| (d.label.as_str(), d.state)).collect();
        assert_eq!(got, [("SoL", Some(Empty)), ("LSS", Some(Ticked))], "{d:#?}");
        assert_eq!(render(&ls), "SoL LSS\n");

        let img = on_paper(include_bytes!("testdata/scan150-options.pgm"));
        let row = |n: u32, y: i32, h: i32, debris: &str, rest: &[&str]| {
            let mut v = vec![
                word(n, debris, 11, y + 4, 24, 36),
                word(n, "Det", 59, y, 56, h),
            ];
            v.extend(
                rest.iter()
                    .enumerate()
                    .map(|(i, t)| word(n, t, 140 + 150 * i as i32, y, 140, h)),
            );
            v
        };
        let mut ls = vec![
            row(
                1,
                3,
                64,
                "0",
                &["rapporterade", "utgjorde", "ett", "missförhållande"],
            ),
            row(
                2,
                69,
                89,
                "2",
                &[
                    "rapporterade",
                    "utgjorde",
                    "ett",
                    "allvarligt",
                    "missförhållande",
                ],
            ),
        ];
        let d = read_boxes(&mut ls, &img);
        let got: Vec<Option<MarkState>> = d.iter().map(|d| d.state).collect();
        assert_eq!(got, [Some(Empty), Some(Ticked)], "{d:#?}");
        assert_eq!(
            render(&ls),
            "Det rapporterade utgjorde ett missförhållande\nDet rapporterade utgjorde ett allvarligt missförhållande\n"
        );
    }
}
