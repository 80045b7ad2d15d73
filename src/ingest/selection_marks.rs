//! Selection marks read from the page image: (grey page, a label's word box,
//! which side of the label to look) → the checkbox beside it, its ink and
//! how sure the reading is; and the boxes of one list decided together.
//!
//! Finding a box. The label's box from Tesseract is first tightened to the
//! rows that hold its letters (a word box of a poor scan can span two
//! lines). Near the label, `ink` is the darkest few per cent of the
//! label's pixels and `paper` the median of the search region. Pixels
//! darker than halfway between (after a 3×3 mean, which flattens grain and
//! dust, and growing by one pixel, which bridges a broken outline) form
//! connected components; a component is a box when its bounding square is
//! about the label's height (0.55–1.6 of it: a list bullet is smaller), not
//! touching the region's edge, and every side of the square is inked along
//! most of its length and its four corners are inked (letters such as `O`,
//! `D`, `n` and rings are not).
//!
//! Reading a box. Its ink is measured against its own levels, not the
//! page's: `paper` is the median of a ring around the box and `ink` the
//! median darkness of its outline's stroke (the darkest 3-pixel mean across
//! each side). The interior (an inset of a fifth of the side, so the
//! outline is left out) is then the mean darkness on that scale: 0 is
//! paper, 1 is as dark as the outline. An X drawn with the outline's pen
//! comes out the same at 150 and 300 dpi, blurred or not, washed out or
//! not (about 0.4–0.9 on the development scans; empty boxes 0.00–0.05).
//!
//! Deciding. `decide_row` compares the boxes of one list (the areas, the
//! outcome options) or pair (SoL/LSS): the row's empty level is the median
//! of the list or the lighter of the pair; a box is ticked when it stands
//! out from that level by `STANDS_OUT` (and clears `EMPTY_BELOW`), empty
//! when it is within `EMPTY_SPREAD` of it (and below `TICKED_ABOVE`), and else
//! undecided, with the reason. A lone box, or a row too dark to have an
//! empty level, is judged by the absolute thresholds alone. The confidence
//! is the margin, capped by the outline's quality.

use serde::{Deserialize, Serialize};

use super::ocr_words::Rect;
use super::pgm::GrayImage;

/// What a box holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkState {
    Ticked,
    Empty,
    /// A box was found, but its ink is between the thresholds.
    Undecided,
}

/// Where a label's box stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// In the same row, after the label (`Jobbtorg ☒`).
    Right,
    /// Under the label, left-aligned with it (the `SoL LSS` cell).
    Below,
    /// In the same row, before the label (`☒ Äldreomsorg`, `☐ Det rapporterade …`).
    Left,
}

/// A box found beside a label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub rect: Rect,
    pub state: MarkState,
    /// 0 (a guess) to 1 (clear).
    pub confidence: f32,
    /// Interior darkness, 0 paper to 1 ink.
    pub ink: f32,
    /// Share of the outline's sides that is inked (the weakest side).
    pub outline: f32,
}

/// Interior darkness below this is an empty box; also the margin past a
/// threshold that counts as full confidence.
pub const EMPTY_BELOW: f32 = 0.08;
/// Interior darkness above this is a ticked box.
pub const TICKED_ABOVE: f32 = 0.16;
/// Weakest-side coverage a square outline needs.
const MIN_OUTLINE: f32 = 0.8;
/// Levels closer than this (of 255) leave nothing to measure.
const MIN_CONTRAST: f32 = 24.0;

/// Look for the box on `side` of the label at `label` and read it alone
/// (against the page's levels only; `decide_row` then compares it with its
/// neighbours).
pub fn find_mark(img: &GrayImage, label: Rect, side: Side) -> Option<Mark> {
    let (rect, outline) = best_candidate(&candidates(img, label, side, 1))?;
    Some(measure(img, rect, outline))
}

/// The rows of `label` that hold its letters: Tesseract's box of a word
/// can span two lines of a poor scan (a 113-pixel word on 35-pixel text),
/// and the box search is sized and placed by the label. The label's rows
/// with ink (after a 3×3 mean, at least 3 dark pixels; gaps of up to two
/// rows bridged) form runs; the run with the most ink that is taller than
/// a rule is kept, when it is clearly shorter than the word's box.
pub fn tighten(img: &GrayImage, label: Rect) -> Rect {
    let Some(lv) = levels(img, label, label) else {
        return label;
    };
    let thr = lv.threshold();
    let counts: Vec<usize> = (label.y..label.bottom())
        .map(|y| {
            (label.x..label.right())
                .filter(|&x| mean3(img, x, y) < thr)
                .count()
        })
        .collect();
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // start, end (excl.), ink
    let mut i = 0;
    while i < counts.len() {
        if counts[i] < 3 {
            i += 1;
            continue;
        }
        let (start, mut end, mut ink) = (i, i + 1, counts[i]);
        let mut j = i + 1;
        while j < counts.len() {
            if counts[j] >= 3 {
                ink += counts[j];
                end = j + 1;
            } else if j - end >= 2 {
                break;
            }
            j += 1;
        }
        runs.push((start, end, ink));
        i = end.max(i + 1);
    }
    let Some(&(start, end, _)) = runs
        .iter()
        .filter(|(a, b, _)| b - a > 6)
        .max_by_key(|(_, _, ink)| *ink)
    else {
        return label;
    };
    let h = (end - start) as i32;
    if h * 10 >= label.h * 8 {
        return label;
    }
    Rect {
        y: label.y + start as i32,
        h,
        ..label
    }
}

/// Box-like components in the search region on `side` of the label,
/// with their outline scores, nearest the label first. `reach` widens the
/// region along the row (2: room for two boxes, as in `SoL LSS ☒ ☐`).
pub fn candidates(img: &GrayImage, label: Rect, side: Side, reach: i32) -> Vec<(Rect, f32)> {
    let region = search_region(label, side, reach);
    let Some(lv) = levels(img, label, region) else {
        return Vec::new();
    };
    let mask = Mask::new(img, region, lv.threshold());
    let size = label.h.max(8) as f32;
    let mut out: Vec<(Rect, f32)> = mask
        .components()
        .into_iter()
        .filter(|r| square_sized(r, size))
        .map(|r| (r, mask.outline_score(&r)))
        .filter(|(_, o)| *o >= MIN_OUTLINE)
        .collect();
    out.sort_by_key(|(r, _)| distance(r, label, side));
    out
}

/// The candidate with the best outline, the nearer one on a tie.
pub fn best_candidate(c: &[(Rect, f32)]) -> Option<(Rect, f32)> {
    c.iter()
        .copied()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.1.total_cmp(&b.1).then(j.cmp(i)))
        .map(|(_, c)| c)
}

/// Read the box at `rect` against its own levels: the paper around it and
/// the ink of its own outline, so contrast, blur and resolution cancel out.
pub fn measure(img: &GrayImage, rect: Rect, outline: f32) -> Mark {
    match box_levels(img, rect) {
        Some(lv) => judge(rect, interior_ink(img, rect, lv), outline),
        None => Mark {
            rect,
            state: MarkState::Undecided,
            confidence: 0.0,
            ink: 0.0,
            outline,
        },
    }
}

/// Decide from interior ink and outline quality.
pub fn judge(rect: Rect, ink: f32, outline: f32) -> Mark {
    let (state, margin) = if ink < EMPTY_BELOW {
        (MarkState::Empty, (EMPTY_BELOW - ink) / EMPTY_BELOW)
    } else if ink > TICKED_ABOVE {
        (MarkState::Ticked, (ink - TICKED_ABOVE) / EMPTY_BELOW)
    } else {
        (MarkState::Undecided, 0.0)
    };
    Mark {
        rect,
        state,
        confidence: margin.clamp(0.0, 1.0).min(shape(outline)),
        ink,
        outline,
    }
}

/// How the boxes of a row or list relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A list (areas, outcome options): most boxes are empty, and a ticked
    /// one stands out from the rest.
    List,
    /// Two boxes (`SoL`/`LSS`): a ticked one stands out from the other.
    Pair,
}

/// The decision on one box of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub state: MarkState,
    /// 0 (a guess) to 1 (clear).
    pub confidence: f32,
    /// Why the box was left undecided.
    pub reason: Option<String>,
}

impl Verdict {
    /// No box to decide.
    pub fn none() -> Self {
        Verdict {
            state: MarkState::Undecided,
            confidence: 0.0,
            reason: None,
        }
    }
}

/// The margin by which a ticked box's ink stands above the empty ones'
/// level of its row (a share of the outline's own ink).
pub const STANDS_OUT: f32 = 0.12;
/// How far above the row's empty level an empty box may be: grain, dust
/// and JPEG blocks of a 150 dpi scan put empty boxes 0.00–0.10 apart.
pub const EMPTY_SPREAD: f32 = 0.07;
/// A row's empty level above this is no empty level: the row is too dark
/// (or smudged) to tell a tick from its neighbours.
const EMPTY_LEVEL_MAX: f32 = 0.12;

/// Decide the boxes of one row or list together: each box's interior ink
/// against the level of the row's empty boxes (the median of the list,
/// the lighter of a pair). A ticked box stands out by `STANDS_OUT` and
/// clears `EMPTY_BELOW`; an empty one is within `EMPTY_SPREAD` of the
/// level and below `TICKED_ABOVE`; anything else is undecided, with the
/// reason. A lone box is judged by the absolute thresholds.
pub fn decide_row(marks: &[Mark], kind: RowKind) -> Vec<Verdict> {
    let alone = |m: &Mark, why: &str| Verdict {
        state: m.state,
        confidence: m.confidence,
        reason: (m.state == MarkState::Undecided)
            .then(|| format!("ink {:.2} between the thresholds{why}", m.ink)),
    };
    if marks.len() < 2 {
        return marks.iter().map(|m| alone(m, "")).collect();
    }
    let mut inks: Vec<f32> = marks.iter().map(|m| m.ink).collect();
    inks.sort_by(f32::total_cmp);
    let level = match kind {
        RowKind::Pair => inks[0],
        RowKind::List => inks[(inks.len() - 1) / 2],
    };
    if level > EMPTY_LEVEL_MAX {
        let why = format!("; the row's empty level {level:.2} is too dark to compare");
        return marks.iter().map(|m| alone(m, &why)).collect();
    }
    marks
        .iter()
        .map(|m| {
            let above = m.ink - level;
            let shape = shape(m.outline);
            if above >= STANDS_OUT && m.ink > EMPTY_BELOW {
                let margin = ((above - STANDS_OUT) / STANDS_OUT + 0.5).min(1.0);
                Verdict {
                    state: MarkState::Ticked,
                    confidence: margin.min(shape),
                    reason: None,
                }
            } else if above <= EMPTY_SPREAD && m.ink < TICKED_ABOVE {
                let margin = (1.0 - above.max(0.0) / EMPTY_SPREAD).clamp(0.0, 1.0);
                Verdict {
                    state: MarkState::Empty,
                    confidence: (0.5 + margin / 2.0).min(shape),
                    reason: None,
                }
            } else {
                Verdict {
                    state: MarkState::Undecided,
                    confidence: 0.0,
                    reason: Some(format!(
                        "ink {:.2} is {above:.2} above the row's empty level {level:.2}: \
                         too little for a tick, too much for an empty box",
                        m.ink
                    )),
                }
            }
        })
        .collect()
}

fn shape(outline: f32) -> f32 {
    ((outline - 0.7) / 0.3).clamp(0.0, 1.0)
}

fn search_region(l: Rect, side: Side, reach: i32) -> Rect {
    let h = l.h.max(8);
    match side {
        Side::Right => Rect {
            x: l.right() + 1,
            y: l.y - h * 2 / 5,
            w: h * 3 * reach.max(1),
            h: h + h * 4 / 5,
        },
        Side::Left => Rect {
            x: l.x - h * 3 * reach.max(1) - 1,
            y: l.y - h * 2 / 5,
            w: h * 3 * reach.max(1),
            h: h + h * 4 / 5,
        },
        Side::Below => Rect {
            x: l.x - h / 2,
            y: l.bottom() + 1,
            w: h * 5 / 2,
            h: h * 5 / 2,
        },
    }
}

fn square_sized(r: &Rect, size: f32) -> bool {
    let (w, h) = (r.w as f32, r.h as f32);
    let ok = |v: f32| v >= 0.55 * size && v <= 1.6 * size && v >= 8.0;
    ok(w) && ok(h) && w.max(h) / w.min(h) <= 1.35
}

fn distance(r: &Rect, label: Rect, side: Side) -> i32 {
    match side {
        Side::Right => (r.x - label.right()).abs() + (r.y - label.y).abs(),
        Side::Left => (label.x - r.right()).abs() + (r.y - label.y).abs(),
        Side::Below => (r.x - label.x).abs() + (r.y - label.bottom()).abs(),
    }
}

/// The page's paper and ink levels near a label.
#[derive(Debug, Clone, Copy)]
struct Levels {
    paper: f32,
    ink: f32,
}

impl Levels {
    fn threshold(&self) -> f32 {
        (self.paper + self.ink) / 2.0
    }

    /// 0 for paper, 1 for ink (unclamped, so noise averages out).
    fn darkness(&self, v: u8) -> f32 {
        (self.paper - v as f32) / (self.paper - self.ink)
    }
}

fn levels(img: &GrayImage, label: Rect, region: Rect) -> Option<Levels> {
    let ink = percentile(&mut pixels(img, label), 0.03)?;
    let paper = percentile(&mut pixels(img, region), 0.5)?;
    (paper - ink >= MIN_CONTRAST).then_some(Levels { paper, ink })
}

/// A box's own levels: `paper` the median of a ring around it, `ink` the
/// median over its outline of the darkest (3-pixel mean along the side)
/// value across each side's stroke.
fn box_levels(img: &GrayImage, r: Rect) -> Option<Levels> {
    let s = r.w.min(r.h);
    if s < 6 {
        return None;
    }
    let m = (s / 2).max(3);
    let mut ring = Vec::new();
    for y in r.y - m..r.bottom() + m {
        for x in r.x - m..r.right() + m {
            let inside = x >= r.x - 1 && x <= r.right() && y >= r.y - 1 && y <= r.bottom();
            if !inside {
                ring.push(img.get(x, y));
            }
        }
    }
    let paper = percentile(&mut ring, 0.5)?;
    let band = (s / 8).max(2) + 1;
    let mut stroke = Vec::new();
    let mean3 = |x: i32, y: i32, horizontal: bool| -> f32 {
        let (dx, dy) = if horizontal { (1, 0) } else { (0, 1) };
        (img.get(x - dx, y - dy) as f32 + img.get(x, y) as f32 + img.get(x + dx, y + dy) as f32)
            / 3.0
    };
    let darkest = |vals: &mut dyn Iterator<Item = f32>| vals.fold(f32::MAX, f32::min);
    for t in (r.w / 5)..(r.w - r.w / 5) {
        let x = r.x + t;
        stroke.push(darkest(&mut (-1..band).map(|d| mean3(x, r.y + d, true))));
        stroke.push(darkest(
            &mut (-1..band).map(|d| mean3(x, r.bottom() - 1 - d, true)),
        ));
    }
    for t in (r.h / 5)..(r.h - r.h / 5) {
        let y = r.y + t;
        stroke.push(darkest(&mut (-1..band).map(|d| mean3(r.x + d, y, false))));
        stroke.push(darkest(
            &mut (-1..band).map(|d| mean3(r.right() - 1 - d, y, false)),
        ));
    }
    stroke.sort_by(f32::total_cmp);
    let ink = *stroke.get(stroke.len() / 2)?;
    (paper - ink >= MIN_CONTRAST).then_some(Levels { paper, ink })
}

fn pixels(img: &GrayImage, r: Rect) -> Vec<u8> {
    let mut out = Vec::with_capacity(r.area().max(0) as usize);
    for y in r.y..r.bottom() {
        for x in r.x..r.right() {
            out.push(img.get(x, y));
        }
    }
    out
}

fn percentile(v: &mut [u8], p: f32) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    let k = ((v.len() - 1) as f32 * p) as usize;
    Some(*v.select_nth_unstable(k).1 as f32)
}

/// Mean darkness of the box's interior, the outline left out.
fn interior_ink(img: &GrayImage, r: Rect, lv: Levels) -> f32 {
    let inset = ((r.w.min(r.h) as f32) * 0.2).round().max(2.0) as i32;
    let inner = Rect {
        x: r.x + inset,
        y: r.y + inset,
        w: r.w - 2 * inset,
        h: r.h - 2 * inset,
    };
    let px = pixels(img, inner);
    if px.is_empty() {
        return 0.0;
    }
    let sum: f32 = px.iter().map(|&v| lv.darkness(v)).sum();
    (sum / px.len() as f32).clamp(0.0, 1.0)
}

/// Dark pixels of a region: smoothed, thresholded, grown by one pixel.
struct Mask {
    region: Rect,
    dark: Vec<bool>,
}

impl Mask {
    fn new(img: &GrayImage, region: Rect, thr: f32) -> Self {
        let (w, h) = (region.w.max(0), region.h.max(0));
        let mut raw = vec![false; (w * h) as usize];
        for y in 0..h {
            for x in 0..w {
                let mean = mean3(img, region.x + x, region.y + y);
                raw[(y * w + x) as usize] = mean < thr;
            }
        }
        let mut dark = raw.clone();
        for y in 0..h {
            for x in 0..w {
                let near = |dx: i32, dy: i32| {
                    let (nx, ny) = (x + dx, y + dy);
                    nx >= 0 && ny >= 0 && nx < w && ny < h && raw[(ny * w + nx) as usize]
                };
                dark[(y * w + x) as usize] = (-1..=1).any(|dy| (-1..=1).any(|dx| near(dx, dy)));
            }
        }
        Mask { region, dark }
    }

    fn at(&self, x: i32, y: i32) -> bool {
        let (w, h) = (self.region.w, self.region.h);
        x >= 0 && y >= 0 && x < w && y < h && self.dark[(y * w + x) as usize]
    }

    /// Bounding boxes (page coordinates, the grown pixel taken
    /// off) of the 8-connected components not touching the region's edge.
    fn components(&self) -> Vec<Rect> {
        let (w, h) = (self.region.w, self.region.h);
        let mut seen = vec![false; self.dark.len()];
        let mut out = Vec::new();
        for start in 0..self.dark.len() {
            if seen[start] || !self.dark[start] {
                continue;
            }
            let (x0, y0, x1, y1) = self.flood(start as i32, &mut seen);
            if x0 > 0 && y0 > 0 && x1 < w - 1 && y1 < h - 1 {
                out.push(Rect {
                    x: self.region.x + x0 + 1,
                    y: self.region.y + y0 + 1,
                    w: x1 - x0 - 1,
                    h: y1 - y0 - 1,
                });
            }
        }
        out
    }

    /// Fill the component at `start`; its bounds (x0, y0, x1, y1) inclusive.
    fn flood(&self, start: i32, seen: &mut [bool]) -> (i32, i32, i32, i32) {
        let w = self.region.w;
        let mut stack = vec![start];
        seen[start as usize] = true;
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            for (dx, dy) in NEIGHBOURS {
                let (nx, ny) = (x + dx, y + dy);
                let j = ny * w + nx;
                if self.at(nx, ny) && !seen[j as usize] {
                    seen[j as usize] = true;
                    stack.push(j);
                }
            }
        }
        (x0, y0, x1, y1)
    }

    /// The weakest side's inked share: along each side, the share of
    /// positions with a dark pixel within a band inward; 0 when a corner is
    /// blank (a ring or a round letter inks its sides' middles only).
    fn outline_score(&self, r: &Rect) -> f32 {
        let (x0, y0) = (r.x - self.region.x, r.y - self.region.y);
        let band = (r.w.min(r.h) / 8).max(2);
        let (x1, y1) = (x0 + r.w - 1, y0 + r.h - 1);
        let corner = |cx: i32, cy: i32, sx: i32, sy: i32| {
            (0..band).any(|i| (0..band).any(|j| self.at(cx + sx * i, cy + sy * j)))
        };
        if !(corner(x0, y0, 1, 1)
            && corner(x1, y0, -1, 1)
            && corner(x0, y1, 1, -1)
            && corner(x1, y1, -1, -1))
        {
            return 0.0;
        }
        let side = |len: i32, hit: &dyn Fn(i32, i32) -> bool| {
            let n = (1..len - 1)
                .filter(|&t| (0..band).any(|d| hit(t, d)))
                .count();
            n as f32 / (len - 2).max(1) as f32
        };
        let top = side(r.w, &|t, d| self.at(x0 + t, y0 + d));
        let bottom = side(r.w, &|t, d| self.at(x0 + t, y1 - d));
        let left = side(r.h, &|t, d| self.at(x0 + d, y0 + t));
        let right = side(r.h, &|t, d| self.at(x1 - d, y0 + t));
        top.min(bottom).min(left).min(right)
    }
}

const NEIGHBOURS: [(i32, i32); 8] = [
    (-1, -1),
    (0, -1),
    (1, -1),
    (-1, 0),
    (1, 0),
    (-1, 1),
    (0, 1),
    (1, 1),
];

fn mean3(img: &GrayImage, x: i32, y: i32) -> f32 {
    let mut sum = 0u32;
    for dy in -1..=1 {
        for dx in -1..=1 {
            sum += img.get(x + dx, y + dy) as u32;
        }
    }
    sum as f32 / 9.0
}

#[cfg(test)]
#[path = "selection_marks_tests.rs"]
mod tests;
