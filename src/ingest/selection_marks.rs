//! Selection marks read from the page image: (grey page, a label's word box,
//! which side of the label to look) → the checkbox beside it, its state
//! (ticked, empty, undecided) and how sure the reading is.
//!
//! Method. The page's own levels are measured near the label: `ink` is the
//! darkest few per cent of the label's pixels, `paper` the median of the
//! search region (mostly paper: an upper percentile would sit in the grain). Pixels darker than halfway between (after a
//! 3×3 mean, which flattens grain and dust, and growing by one pixel, which
//! bridges a broken outline) form connected components; a component is a
//! box when its bounding square is about the label's height, not touching
//! the region's edge, and every side of the square is inked along most of
//! its length and its four corners
//! are inked (letters such as `O`, `D`, `n` and rings are not). The box's interior
//! (an inset of a fifth of its side, so the outline is left out) is then
//! measured as mean darkness relative to the levels: 0 is paper, 1 is ink.
//! An empty box stays near 0, an X or a fill well above. The confidence is
//! the margin from the nearer threshold, scaled, capped by the outline's
//! quality.

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

/// Look for the box on `side` of the label at `label` and read it.
pub fn find_mark(img: &GrayImage, label: Rect, side: Side) -> Option<Mark> {
    let region = search_region(label, side);
    let lv = levels(img, label, region)?;
    let mask = Mask::new(img, region, lv.threshold());
    let size = label.h.max(8) as f32;
    let (rect, outline) = mask
        .components()
        .into_iter()
        .filter(|r| square_sized(r, size))
        .map(|r| (r, mask.outline_score(&r)))
        .filter(|(_, o)| *o >= MIN_OUTLINE)
        .max_by(|a, b| {
            a.1.total_cmp(&b.1)
                .then(distance(&b.0, label).cmp(&distance(&a.0, label)))
        })?;
    let ink = interior_ink(img, rect, lv);
    Some(judge(rect, ink, outline))
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
    let shape = ((outline - 0.7) / 0.3).clamp(0.0, 1.0);
    Mark {
        rect,
        state,
        confidence: margin.clamp(0.0, 1.0).min(shape),
        ink,
        outline,
    }
}

fn search_region(l: Rect, side: Side) -> Rect {
    let h = l.h.max(8);
    match side {
        Side::Right => Rect {
            x: l.right() + 1,
            y: l.y - h * 2 / 5,
            w: h * 3,
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
    let ok = |v: f32| v >= 0.45 * size && v <= 1.6 * size && v >= 8.0;
    ok(w) && ok(h) && w.max(h) / w.min(h) <= 1.35
}

fn distance(r: &Rect, label: Rect) -> i32 {
    (r.x - label.right()).abs() + (r.y - label.y).abs()
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
