//! Inline SVG charts, self-contained (no fonts, scripts or links), each
//! with a `<title>` for screen readers and axis titles: horizontal bars
//! for a table of categories (labels on the left, the value at the end of
//! each bar), and columns for a time series (one per month or quarter).
//! Input: labelled values and the axis titles. Output: one `<svg>` element.

use std::fmt::Write;

use super::format_number_sv;
use crate::output::html::escape;

const WIDTH: f64 = 760.0;
const LABEL: f64 = 300.0;
const BAR: f64 = 16.0;
const GAP: f64 = 6.0;
const TOP: f64 = 8.0;
/// Room after the longest bar for its value.
const VALUE: f64 = 60.0;
/// Room under the bars for the value axis' title.
const AXIS: f64 = 30.0;

/// One chart: an id, its title, the value axis' title and the rows
/// (label, value) in order.
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub value_axis: &'a str,
    pub rows: &'a [(String, f64)],
}

/// Render as horizontal bars. Negative values (a median lead time out of
/// order) draw leftwards from a zero line; an unknown value draws no bar.
pub fn bar_chart(c: &Chart) -> String {
    let n = c.rows.len().max(1) as f64;
    let plot = n * (BAR + GAP);
    let height = TOP * 2.0 + plot + AXIS;
    let values = c.rows.iter().map(|(_, v)| *v).filter(|v| v.is_finite());
    let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let scale = (WIDTH - LABEL - VALUE) / span;
    let zero = LABEL + (-min) * scale;
    let mut s = open(c, WIDTH, height);
    let _ = writeln!(
        s,
        "<line x1=\"{zero:.1}\" y1=\"0\" x2=\"{zero:.1}\" y2=\"{:.1}\" stroke=\"#999\" />",
        TOP + plot
    );
    for (i, (key, v)) in c.rows.iter().enumerate() {
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
            format_number_sv(*v)
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{text_y:.1}\">{}</text>",
            zero.max(x + w) + 4.0,
            format_number_sv(*v)
        );
    }
    let _ = writeln!(
        s,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        LABEL + (WIDTH - LABEL - VALUE) / 2.0,
        height - 8.0,
        escape(c.value_axis)
    );
    s.push_str("</svg>\n");
    s
}

const LEFT: f64 = 64.0;
const PLOT_H: f64 = 200.0;
const COL_TOP: f64 = 24.0;
/// Room under the columns for the (slanted) period labels and the axis title.
const BOTTOM: f64 = 86.0;

/// Render a time series as columns, one per period (`time_axis` names the
/// periods), with a value axis of three ticks.
pub fn column_chart(c: &Chart, time_axis: &str) -> String {
    let n = c.rows.len().max(1) as f64;
    let step = (680.0 / n).clamp(14.0, 48.0);
    let width = (LEFT + n * step + 24.0).max(360.0);
    let height = COL_TOP + PLOT_H + BOTTOM;
    let max = c
        .rows
        .iter()
        .map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let top = nice_ceiling(max);
    let base = COL_TOP + PLOT_H;
    let mut s = open(c, width, height);
    for t in [0.0, top / 2.0, top] {
        let y = base - t / top * PLOT_H;
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\" />\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            width - 16.0,
            LEFT - 6.0,
            y + 4.0,
            format_number_sv(t)
        );
    }
    for (i, (key, v)) in c.rows.iter().enumerate() {
        let x = LEFT + i as f64 * step + step * 0.15;
        let w = step * 0.7;
        let h = if v.is_finite() { v / top * PLOT_H } else { 0.0 };
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"#3b6ea5\"><title>{}: {}</title></rect>",
            base - h,
            escape(key),
            format_number_sv(*v)
        );
        if *v > 0.0 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                x + w / 2.0,
                base - h - 3.0,
                format_number_sv(*v)
            );
        }
        let (lx, ly) = (x + w / 2.0, base + 12.0);
        let _ = writeln!(
            s,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"end\" font-size=\"10\" transform=\"rotate(-45 {lx:.1} {ly:.1})\">{}</text>",
            escape(key)
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"#999\" />",
        width - 16.0
    );
    let _ = writeln!(
        s,
        "<text class=\"axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        LEFT + (width - LEFT) / 2.0,
        height - 6.0,
        escape(time_axis)
    );
    let (tx, ty) = (16.0, COL_TOP + PLOT_H / 2.0);
    let _ = writeln!(
        s,
        "<text class=\"axis-title\" x=\"{tx}\" y=\"{ty}\" text-anchor=\"middle\" font-weight=\"bold\" transform=\"rotate(-90 {tx} {ty})\">{}</text>",
        escape(c.value_axis)
    );
    s.push_str("</svg>\n");
    s
}

fn open(c: &Chart, width: f64, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-{id}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>{title}</title>\n",
        id = c.id,
        title = escape(c.title),
    )
}

/// The top of a value axis: the smallest of 1, 2, 5 × 10^k (and 2 at
/// least, so the middle tick is a whole number) not below `max`.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 2.0 {
        return 2.0;
    }
    let mag = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|t| *t >= max)
        .unwrap_or(10.0 * mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(&str, f64)]) -> Vec<(String, f64)> {
        v.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn one_bar_per_known_value() {
        let r = rows(&[("a", 3.0), ("<b>", 0.0), ("c", f64::NAN), ("d", -2.5)]);
        let svg = bar_chart(&Chart {
            id: "t",
            title: "A & B",
            value_axis: "Antal ärenden",
            rows: &r,
        });
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("A &amp; B"));
        assert!(svg.contains("&lt;b&gt;"));
        assert!(svg.contains("-2,5"), "a decimal comma on the page");
        assert!(svg.contains("Antal ärenden"), "the axis title");
        assert!(!svg.contains("NaN"));
        roxmltree::Document::parse(&svg).expect("well-formed SVG");
    }

    #[test]
    fn columns_have_axis_titles_and_fit_the_page() {
        let r: Vec<(String, f64)> = (1..=24)
            .map(|m| (format!("m{m}"), f64::from(m % 5)))
            .collect();
        let svg = column_chart(
            &Chart {
                id: "t",
                title: "T",
                value_axis: "Antal ärenden",
                rows: &r,
            },
            "Månad",
        );
        assert_eq!(svg.matches("<rect").count(), 24);
        assert!(svg.contains(">Månad</text>") && svg.contains(">Antal ärenden</text>"));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let w: f64 = doc
            .root_element()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap();
        let h: f64 = doc
            .root_element()
            .attribute("height")
            .unwrap()
            .parse()
            .unwrap();
        assert!(w <= 800.0 && h <= 320.0, "{w} x {h}");
    }

    #[test]
    fn nice_ceilings() {
        for (max, want) in [
            (0.0, 2.0),
            (1.0, 2.0),
            (3.0, 5.0),
            (7.0, 10.0),
            (12.0, 20.0),
            (50.0, 50.0),
            (51.0, 100.0),
        ] {
            assert_eq!(nice_ceiling(max), want, "{max}");
        }
    }
}
