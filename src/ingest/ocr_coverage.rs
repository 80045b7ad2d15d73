//! How much of a page's ink a reading left unread: (page image, word boxes)
//! → the share of text-like ink cells no confident word covers.
//!
//! Tesseract's automatic layout (`--psm 3`) sometimes drops whole regions of
//! a poor scan (boxed paragraphs it takes for pictures) and reports nothing:
//! its words are as confident as on a good page, there are just fewer of
//! them. What gives it away is the image: ink where no word is. The page is
//! cut into cells of `CELL` pixels (about 3.4 mm at 300 dpi); a cell is
//! *inked* when it holds text-like ink (enough dark pixels spread over
//! enough pixel rows, so that a table rule or a box outline, a few rows
//! thick, is not), and *read* when a word of confidence `MIN_CONF` or more
//! overlaps it (its box widened by `MARGIN`). Measured on the development
//! scans (BENCHMARKS.md): ordinary pages leave 0–8 % of their inked cells
//! unread, pages where psm 3 dropped regions 17–70 %.

use super::ocr_words::Word;
use super::pgm::GrayImage;

/// Cell side in pixels (page images are rasterised at `ocr::DPI`).
pub const CELL: usize = 40;
/// A word this confident or more counts as having read its cells; junk read
/// over a picture or noise (Tesseract's confidence well below this) does not.
pub const MIN_CONF: f32 = 50.0;
/// How far around a word's box its cells count as read, in pixels.
const MARGIN: i32 = 10;

/// Inked and unread cells of one page reading.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Coverage {
    pub inked: usize,
    pub unread: usize,
}

impl Coverage {
    /// Share of the inked cells left unread (0 for a page without ink).
    pub fn unread_share(&self) -> f32 {
        if self.inked == 0 {
            0.0
        } else {
            self.unread as f32 / self.inked as f32
        }
    }
}

/// The inked cells of a page image, row-major (`cols` × `rows`).
#[derive(Debug, Clone)]
pub struct InkMap {
    cols: usize,
    rows: usize,
    inked: Vec<bool>,
}

impl InkMap {
    pub fn new(img: &GrayImage) -> Self {
        let (w, h) = (img.width as usize, img.height as usize);
        let cols = w.div_ceil(CELL);
        let rows = h.div_ceil(CELL);
        let threshold = dark_threshold(&img.pixels);
        // Per cell: dark pixels, and pixel rows with 3 or more dark pixels.
        let mut dark = vec![0u32; cols * rows];
        let mut dark_rows = vec![0u32; cols * rows];
        for y in 0..h {
            let row = &img.pixels[y * w..(y + 1) * w];
            let base = (y / CELL) * cols;
            for (cx, chunk) in row.chunks(CELL).enumerate() {
                let k = chunk.iter().filter(|&&p| p < threshold).count() as u32;
                if k > 0 {
                    dark[base + cx] += k;
                    if k >= 3 {
                        dark_rows[base + cx] += 1;
                    }
                }
            }
        }
        let area = (CELL * CELL) as f32;
        let inked = dark
            .iter()
            .zip(&dark_rows)
            .map(|(&d, &r)| {
                d as f32 >= 0.03 * area && r >= 8 && (d as f32) < 0.8 * CELL as f32 * r as f32
            })
            .collect();
        InkMap { cols, rows, inked }
    }

    /// How much of the ink the confident `words` cover.
    pub fn coverage<'a>(&self, words: impl IntoIterator<Item = &'a Word>) -> Coverage {
        let mut read = vec![false; self.inked.len()];
        let cell = CELL as i32;
        for w in words.into_iter().filter(|w| w.conf >= MIN_CONF) {
            let r = &w.rect;
            let x0 = ((r.x - MARGIN).max(0) / cell) as usize;
            let y0 = ((r.y - MARGIN).max(0) / cell) as usize;
            let x1 = (((r.right() + MARGIN).max(0) / cell) as usize).min(self.cols - 1);
            let y1 = (((r.bottom() + MARGIN).max(0) / cell) as usize).min(self.rows - 1);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    read[y * self.cols + x] = true;
                }
            }
        }
        let inked = self.inked.iter().filter(|&&i| i).count();
        let unread = self
            .inked
            .iter()
            .zip(&read)
            .filter(|&(&i, &r)| i && !r)
            .count();
        Coverage { inked, unread }
    }
}

/// Between the ink and the paper: halfway from the darkest pixels (0.5th
/// percentile) to the paper (95th), so a washed-out scan (grey 22–78 %) is
/// judged by its own range.
fn dark_threshold(pixels: &[u8]) -> u8 {
    let mut hist = [0usize; 256];
    for &p in pixels {
        hist[p as usize] += 1;
    }
    let n = pixels.len().max(1);
    let level = |q: f64| {
        let want = (n as f64 * q) as usize;
        let mut seen = 0;
        for (v, &c) in hist.iter().enumerate() {
            seen += c;
            if seen > want {
                return v as u32;
            }
        }
        255
    };
    let (lo, hi) = (level(0.005), level(0.95));
    ((lo + hi) / 2) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ocr_words::Rect;

    /// A page with two "paragraphs" of text-like ink (short dark strokes
    /// over many pixel rows) and one table rule.
    fn page() -> GrayImage {
        let mut img = GrayImage::filled(800, 800, 230);
        for (x0, y0) in [(40, 40), (40, 400)] {
            for y in (y0..y0 + 200).step_by(4) {
                for x in (x0..x0 + 400).step_by(6) {
                    img.set(x, y, 20);
                    img.set(x + 1, y, 20);
                    img.set(x, y + 1, 20);
                }
            }
        }
        // A rule two pixels thick across the page: no text.
        for x in 0..800 {
            img.set(x, 700, 10);
            img.set(x, 701, 10);
        }
        img
    }

    fn word(x: i32, y: i32, w: i32, h: i32, conf: f32) -> Word {
        Word {
            line: (1, 1, 1),
            rect: Rect { x, y, w, h },
            conf,
            text: "ord".into(),
        }
    }

    #[test]
    fn unread_ink_is_measured_by_cells() {
        let map = InkMap::new(&page());
        let none = map.coverage(&[]);
        assert!(none.inked >= 100, "{none:?}");
        assert_eq!(none.unread, none.inked, "the rule is no text: {none:?}");
        // The first paragraph read, the second not: about half unread.
        let half = map.coverage(&[word(40, 40, 400, 200, 90.0)]);
        let share = half.unread_share();
        assert!((0.4..0.6).contains(&share), "{half:?}");
        // Both read: nothing unread.
        let both = [word(40, 40, 400, 200, 90.0), word(40, 400, 400, 200, 90.0)];
        assert_eq!(map.coverage(&both).unread, 0);
        // A word too unsure to count reads nothing.
        let junk = [word(40, 40, 400, 200, 20.0), word(40, 400, 400, 200, 20.0)];
        assert_eq!(map.coverage(&junk), none);
        // A blank page has no ink and nothing unread.
        let blank = InkMap::new(&GrayImage::filled(300, 300, 240)).coverage(&[]);
        assert_eq!(blank, Coverage::default());
        assert_eq!(blank.unread_share(), 0.0);
    }
}
