//! Inline SVG charts: one horizontal bar chart per table, labels on the
//! left, the value at the end of each bar. Input: a `Table`. Output: one
//! `<svg>` element, self-contained (no fonts, scripts or links), with a
//! `<title>` for screen readers.

use std::fmt::Write;

use super::{Table, format_number};
use crate::output::html::escape;

const WIDTH: f64 = 760.0;
const LABEL: f64 = 300.0;
const BAR: f64 = 16.0;
const GAP: f64 = 6.0;
const TOP: f64 = 8.0;
/// Room after the longest bar for its value.
const VALUE: f64 = 60.0;

/// Render `t` as a bar chart. Negative values (a median lead time out of
/// order) draw leftwards from a zero line; an unknown value draws no bar.
pub fn bar_chart(t: &Table) -> String {
    let n = t.rows.len().max(1) as f64;
    let height = TOP * 2.0 + n * (BAR + GAP);
    let values = t.rows.iter().map(|(_, v)| *v).filter(|v| v.is_finite());
    let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let scale = (WIDTH - LABEL - VALUE) / span;
    let zero = LABEL + (-min) * scale;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-{name}\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{title}</title>\n",
        name = t.name,
        title = escape(t.title),
    );
    let _ = writeln!(
        s,
        "<line x1=\"{zero:.1}\" y1=\"0\" x2=\"{zero:.1}\" y2=\"{height}\" stroke=\"#999\" />"
    );
    for (i, (key, v)) in t.rows.iter().enumerate() {
        let y = TOP + i as f64 * (BAR + GAP);
        let text_y = y + BAR - 4.0;
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{text_y:.1}\" text-anchor=\"end\">{}</text>",
            LABEL - 8.0,
            escape(key)
        );
        if !v.is_finite() {
            continue;
        }
        let w = (v.abs() * scale).max(0.0);
        let x = if *v < 0.0 { zero - w } else { zero };
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"#3b6ea5\"><title>{}: {}</title></rect>",
            escape(key),
            format_number(*v)
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{text_y:.1}\">{}</text>",
            zero.max(x + w) + 4.0,
            format_number(*v)
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_known_value() {
        let t = Table {
            name: "t",
            title: "A & B",
            rows: vec![
                ("a".into(), 3.0),
                ("<b>".into(), 0.0),
                ("c".into(), f64::NAN),
                ("d".into(), -2.0),
            ],
        };
        let svg = bar_chart(&t);
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("&lt;b&gt;"));
        assert!(!svg.contains("NaN"));
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }
}
