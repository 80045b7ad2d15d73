//! A page reading completed from a reading of its unread regions: (the
//! page's word lines, the lines read in one region) → the page's lines with
//! the region's put in, in reading order.
//!
//! The region pass (`ocr::Tesseract`) reads, with another page segmentation
//! mode, only the parts of the page the first reading left unread
//! (`ocr_coverage::InkMap::unread_regions`). A region is a rectangle round
//! unread ink, so it may take in the edge of a line the first reading has:
//! a region word is kept only where no confident word of the page stands
//! (the two readings are chosen between by confidence, not by how many
//! words they give), a line of the region only when one of its words is
//! confident (junk read over noise or a picture is not), and an unsure page
//! word a kept region word lies over gives way to it. The region's lines go
//! in as one block, after the nearest page line above them in their
//! column.

use super::ocr_coverage::MIN_CONF;
use super::ocr_words::{Rect, Word};

/// Two word boxes are the same word when they share this much of the
/// smaller one's area.
const SAME_WORD: f64 = 0.3;

/// Put the lines of one region's reading into `page`; its blocks are
/// numbered from `block_base` (so that they stay paragraphs of their own).
/// Returns how many words were put in.
pub fn merge(page: &mut Vec<Vec<Word>>, region: Vec<Vec<Word>>, block_base: u32) -> usize {
    let sure: Vec<Rect> = page
        .iter()
        .flatten()
        .filter(|w| w.conf >= MIN_CONF)
        .map(|w| w.rect)
        .collect();
    let mut lines: Vec<Vec<Word>> = region
        .into_iter()
        .map(|l| {
            l.into_iter()
                .filter(|w| !w.text.trim().is_empty() && !sure.iter().any(|s| same_word(s, &w.rect)))
                .map(|w| Word {
                    line: (block_base + w.line.0, w.line.1, w.line.2),
                    ..w
                })
                .collect::<Vec<Word>>()
        })
        .filter(|l| l.iter().any(|w| w.conf >= MIN_CONF))
        .collect();
    if lines.is_empty() {
        return 0;
    }
    let added: Vec<Rect> = lines
        .iter()
        .flatten()
        .filter(|w| w.conf >= MIN_CONF)
        .map(|w| w.rect)
        .collect();
    for l in page.iter_mut() {
        l.retain(|w| w.conf >= MIN_CONF || !added.iter().any(|a| same_word(a, &w.rect)));
    }
    page.retain(|l| !l.is_empty());
    let n = lines.iter().map(Vec::len).sum();
    let block = lines
        .iter()
        .flatten()
        .map(|w| w.rect)
        .reduce(|a, b| a.union(&b))
        .unwrap_or_default();
    let at = insert_at(page, &block);
    page.splice(at..at, lines.drain(..));
    n
}

/// How far right of a block's left edge a line may start and still be of
/// its column, in pixels (a line indented by a few characters).
const COLUMN_SLACK: i32 = 60;

fn same_word(a: &Rect, b: &Rect) -> bool {
    let smaller = a.area().min(b.area()).max(1) as f64;
    a.overlap(b) as f64 >= SAME_WORD * smaller
}

/// Where a block of lines covering `block` goes in the page's lines:
/// after the nearest line above it in its column (a line over the block's
/// left edge, starting above its top; the lowest such, the later in
/// reading order on a tie); else before the first line starting below its
/// top; else at the end. The left edge, not the block's width: a block that
/// runs on into the next column still belongs to the one it starts in.
fn insert_at(page: &[Vec<Word>], block: &Rect) -> usize {
    let span = |l: &[Word]| l.iter().map(|w| w.rect).reduce(|a, b| a.union(&b));
    let same_column = |r: &Rect| r.x <= block.x + COLUMN_SLACK && block.x < r.right();
    let spans: Vec<Option<Rect>> = page.iter().map(|l| span(l)).collect();
    let above = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.filter(|r| same_column(r) && r.y < block.y).map(|r| (r.y, i)))
        .max();
    if let Some((_, i)) = above {
        return i + 1;
    }
    spans
        .iter()
        .position(|s| s.is_some_and(|r| r.y > block.y))
        .unwrap_or(page.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(line: (u32, u32, u32), text: &str, x: i32, y: i32, conf: f32) -> Word {
        Word {
            line,
            rect: Rect {
                x,
                y,
                w: 100,
                h: 30,
            },
            conf,
            text: text.into(),
        }
    }

    fn texts(lines: &[Vec<Word>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// A page read in two columns (left, then right), with a gap in the
    /// left column between y 100 and 300.
    fn page() -> Vec<Vec<Word>> {
        vec![
            vec![word((1, 1, 1), "vänster", 0, 0, 95.0)],
            vec![word((1, 1, 2), "nere", 0, 300, 95.0)],
            vec![word((2, 1, 1), "höger", 600, 0, 95.0)],
            vec![word((2, 1, 2), "xx", 600, 200, 20.0)],
        ]
    }

    #[test]
    fn region_lines_go_where_they_stand() {
        type Case = (&'static str, Vec<Vec<Word>>, Vec<&'static str>, usize);
        let cases: [Case; 5] = [
            (
                "into the left column's gap",
                vec![vec![word((1, 1, 1), "mitt", 0, 150, 90.0)]],
                vec!["vänster", "mitt", "nere", "höger", "xx"],
                1,
            ),
            (
                "below everything in the right column",
                vec![vec![word((1, 1, 1), "sist", 600, 500, 90.0)]],
                vec!["vänster", "nere", "höger", "xx", "sist"],
                1,
            ),
            (
                "a word the page has already is not read twice",
                vec![vec![
                    word((1, 1, 1), "vanster", 10, 5, 80.0),
                    word((1, 1, 1), "ny", 150, 0, 80.0),
                ]],
                vec!["vänster", "ny", "nere", "höger", "xx"],
                1,
            ),
            (
                "a line of unsure words is junk",
                vec![vec![word((1, 1, 1), "~~", 0, 150, 30.0)]],
                vec!["vänster", "nere", "höger", "xx"],
                0,
            ),
            (
                "a sure word replaces the unsure one it lies over",
                vec![vec![word((1, 1, 1), "ord", 600, 200, 90.0)]],
                vec!["vänster", "nere", "höger", "ord"],
                1,
            ),
        ];
        for (what, region, want, n) in cases {
            let mut p = page();
            assert_eq!(merge(&mut p, region, 1000), n, "{what}");
            assert_eq!(texts(&p), want, "{what}");
        }
    }

    #[test]
    fn region_blocks_are_numbered_apart() {
        let mut p = page();
        merge(
            &mut p,
            vec![vec![word((1, 1, 1), "mitt", 0, 150, 90.0)]],
            1000,
        );
        assert_eq!(p[1][0].line, (1001, 1, 1));
        // So the rendered text keeps it a paragraph of its own.
        let text = super::super::ocr_words::render(&p);
        assert!(text.starts_with("vänster\n\nmitt\n\nnere\n"), "{text:?}");
    }
}
