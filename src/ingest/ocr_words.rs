//! Tesseract's word boxes: TSV output (`tesseract IMG - tsv`) → `Word`s
//! with their line and pixel box, and the page text rendered back from them.
//!
//! The text is what `tesseract IMG -` prints, up to blank lines: the words of
//! a line joined by one space, lines in reading order, a blank line where a
//! paragraph or block ends. Working from the words lets later steps find a
//! checkbox's label and drop a box misread as a word.

/// A rectangle in page pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Rect {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }

    /// Area shared with `o`.
    pub fn overlap(&self, o: &Rect) -> i64 {
        let w = (self.right().min(o.right()) - self.x.max(o.x)).max(0) as i64;
        let h = (self.bottom().min(o.bottom()) - self.y.max(o.y)).max(0) as i64;
        w * h
    }

    pub fn area(&self) -> i64 {
        self.w.max(0) as i64 * self.h.max(0) as i64
    }
}

/// One recognized word.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// (block, paragraph, line): equal for the words of one line.
    pub line: (u32, u32, u32),
    pub rect: Rect,
    pub conf: f32,
    pub text: String,
}

/// Parse TSV output: the word rows (level 5) with non-blank text, in order.
///
/// Grammar: a header line, then rows of 12 tab-separated fields `level page
/// block par line word left top width height conf text`; rows of another
/// shape are skipped.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    tsv.lines().skip(1).filter_map(parse_row).collect()
}

fn parse_row(row: &str) -> Option<Word> {
    let f: Vec<&str> = row.splitn(12, '\t').collect();
    if f.len() != 12 || f[0] != "5" || f[11].trim().is_empty() {
        return None;
    }
    let n = |i: usize| f[i].trim().parse::<i32>().ok();
    Some(Word {
        line: (n(2)? as u32, n(3)? as u32, n(4)? as u32),
        rect: Rect {
            x: n(6)?,
            y: n(7)?,
            w: n(8)?,
            h: n(9)?,
        },
        conf: f[10].trim().parse().unwrap_or(-1.0),
        text: f[11].trim().to_string(),
    })
}

/// Group words into lines (consecutive words with the same line key).
pub fn lines(words: &[Word]) -> Vec<Vec<Word>> {
    let mut out: Vec<Vec<Word>> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(l) if l[0].line == w.line => l.push(w.clone()),
            _ => out.push(vec![w.clone()]),
        }
    }
    out
}

/// The page text: one line per line, a blank line between paragraphs.
pub fn render(lines: &[Vec<Word>]) -> String {
    let mut out = String::new();
    let mut prev: Option<(u32, u32)> = None;
    for l in lines.iter().filter(|l| !l.is_empty()) {
        let par = (l[0].line.0, l[0].line.1);
        if prev.is_some_and(|p| p != par) {
            out.push('\n');
        }
        let texts: Vec<&str> = l.iter().map(|w| w.text.as_str()).collect();
        out.push_str(&texts.join(" "));
        out.push('\n');
        prev = Some(par);
    }
    out
}

/// For each of `lines`, the index (from 0) of its line in `render`'s text;
/// `None` for an empty line, which `render` skips.
pub fn rendered_rows(lines: &[Vec<Word>]) -> Vec<Option<u32>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut row = 0u32;
    let mut prev: Option<(u32, u32)> = None;
    for l in lines {
        let Some(first) = l.first() else {
            out.push(None);
            continue;
        };
        let par = (first.line.0, first.line.1);
        if prev.is_some_and(|p| p != par) {
            row += 1;
        }
        out.push(Some(row));
        row += 1;
        prev = Some(par);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2479\t3508\t-1\t
4\t1\t14\t1\t1\t0\t260\t1564\t284\t47\t-1\t
5\t1\t14\t1\t1\t1\t260\t1564\t233\t47\t96.29\tÄldreomsorg
5\t1\t14\t1\t1\t2\t510\t1568\t34\t35\t39.06\tCI
5\t1\t14\t1\t2\t1\t260\t1624\t160\t41\t96.6\tJobbtorg
5\t1\t14\t1\t3\t1\t229\t2236\t5\t92\t95.0\t 
5\t1\t15\t1\t1\t1\t252\t2255\t192\t42\t96.6\tUppgifter
5\t1\t15\t1\t1\t2\tx\t2265\t63\t25\t93.3\tom
";

    #[test]
    fn words_parse_and_render_as_tesseract_prints_them() {
        let words = parse_tsv(TSV);
        assert_eq!(words.len(), 4, "blank and malformed rows skipped");
        assert_eq!(
            words[1].rect,
            Rect {
                x: 510,
                y: 1568,
                w: 34,
                h: 35
            }
        );
        let text = render(&lines(&words));
        assert_eq!(text, "Äldreomsorg CI\nJobbtorg\n\nUppgifter\n");
    }

    #[test]
    fn rectangles_overlap_and_unite() {
        let a = Rect {
            x: 0,
            y: 0,
            w: 10,
            h: 10,
        };
        let b = Rect {
            x: 5,
            y: 5,
            w: 10,
            h: 10,
        };
        assert_eq!(a.overlap(&b), 25);
        assert_eq!(
            a.union(&b),
            Rect {
                x: 0,
                y: 0,
                w: 15,
                h: 15
            }
        );
        assert_eq!(a.overlap(&Rect { x: 20, ..b }), 0);
    }
}
