//! The stats page: one self-contained HTML file (no external assets), a
//! section per table with its SVG chart and, beside it, the same numbers
//! as a table. Labels are Swedish (classifications, lead times, rules,
//! with the code beside), numbers have decimal commas. The time chart has
//! a column per month for up to `MAX_MONTHS` months, per quarter beyond
//! (for up to six years), per year for a longer span.
//! Written as well-formed XHTML-compatible HTML so any parser reads it.
//! Input: the `Table`s and the number of cases. Output: the page.

use std::fmt::Write;

use super::{Table, UNKNOWN, format_number_sv, svg};
use crate::output::html::escape;
use crate::output::labels;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}section{margin-bottom:2.5em}.pair{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}code{color:#666;font-size:85%}p.note{color:#555}";

/// The longest span drawn month by month; a longer one is drawn by quarter.
pub const MAX_MONTHS: usize = 24;
/// The longest span drawn by quarter (six years); a longer one by year.
pub const MAX_QUARTERS: usize = 24;

pub fn render(tables: &[Table], cases: usize) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\" />\n<title>lexsarah: statistik</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Lex Sarah-ärenden: statistik</h1>\n<p id=\"cases\">{}.</p>\n",
        crate::plural::count(cases, "ärende", "ärenden")
    );
    for t in tables {
        section(&mut h, t);
    }
    let _ = write!(
        h,
        "<p>Regelversion {}. Samma siffror finns som CSV (table, key, value), med månaderna var för sig.</p>\n</body>\n</html>\n",
        escape(crate::RULES_VERSION)
    );
    h
}

/// The periods of the time chart and what they are: the months as they
/// are for up to `MAX_MONTHS`, else quarters (`2019 kv. 1`) for up to
/// `MAX_QUARTERS`, else years; and the cases without a date, which get no
/// column.
pub fn periods(month_rows: &[(String, f64)]) -> (Vec<(String, f64)>, &'static str, f64) {
    let unknown = month_rows
        .iter()
        .filter(|(k, _)| k == UNKNOWN)
        .map(|(_, v)| *v)
        .sum();
    let months: Vec<&(String, f64)> = month_rows.iter().filter(|(k, _)| k != UNKNOWN).collect();
    if months.len() <= MAX_MONTHS {
        let rows = months.into_iter().cloned().collect();
        return (rows, "Månad (då händelsen uppmärksammades)", unknown);
    }
    let quarters = group(&months, |y, m| format!("{y} kv. {}", m.div_ceil(3)));
    if quarters.len() <= MAX_QUARTERS {
        return (quarters, "Kvartal (då händelsen uppmärksammades)", unknown);
    }
    let years = group(&months, |y, _| y.to_string());
    (years, "År (då händelsen uppmärksammades)", unknown)
}

/// Month rows (`YYYY-MM`, in order) summed into consecutive periods named
/// by `period(year, month)`; a key of another form stays alone.
fn group(months: &[&(String, f64)], period: impl Fn(&str, u32) -> String) -> Vec<(String, f64)> {
    let mut rows: Vec<(String, f64)> = Vec::new();
    for (k, v) in months {
        let p = match (k.get(..4), k.get(5..7).and_then(|m| m.parse::<u32>().ok())) {
            (Some(y), Some(m)) => period(y, m),
            _ => k.clone(),
        };
        match rows.last_mut() {
            Some((last, n)) if *last == p => *n += v,
            _ => rows.push((p, *v)),
        }
    }
    rows
}

/// A key's label on the page and its code, when it has one of its own.
fn label(table: &str, key: &str) -> (String, Option<String>) {
    let l = match table {
        "cases_per_classification" => labels::classification(key),
        "median_lead_time_days" | "lead_time_cases" => labels::lead_time(key),
        "flags_per_rule" => labels::rule(key),
        _ => key,
    };
    let code = (l != key).then(|| key.to_string());
    (l.to_string(), code)
}

/// What a table's values count, for its value axis.
fn value_axis(table: &str) -> &'static str {
    match table {
        "median_lead_time_days" => "Dagar (median)",
        "flags_per_rule" => "Antal flaggor",
        _ => "Antal ärenden",
    }
}

fn section(h: &mut String, t: &Table) {
    let time = (t.name == "cases_per_month").then(|| periods(&t.rows));
    // The time chart's heading says the period it is drawn by.
    let title = match &time {
        Some((_, axis, _)) => format!(
            "Ärenden per {} (då händelsen uppmärksammades)",
            axis.split(' ').next().unwrap_or("månad").to_lowercase()
        ),
        None => t.title.to_string(),
    };
    let _ = writeln!(
        h,
        "<section class=\"chart\" id=\"{name}\">\n<h2>{title}</h2>\n<div class=\"pair\">",
        name = t.name,
        title = escape(&title)
    );
    let (rows, unknown): (Vec<(String, f64)>, Option<f64>) =
        if let Some((rows, axis, unknown)) = time {
            let chart = svg::Chart {
                id: t.name,
                title: &title,
                value_axis: value_axis(t.name),
                rows: &rows,
            };
            h.push_str(&svg::column_chart(&chart, axis));
            (rows, Some(unknown))
        } else {
            let shown: Vec<(String, f64)> = t
                .rows
                .iter()
                .map(|(k, v)| (label(t.name, k).0, *v))
                .collect();
            let chart = svg::Chart {
                id: t.name,
                title: t.title,
                value_axis: value_axis(t.name),
                rows: &shown,
            };
            h.push_str(&svg::bar_chart(&chart));
            (t.rows.clone(), None)
        };
    let _ = writeln!(
        h,
        "<table data-table=\"{}\">\n<tr><th>{}</th><th>{}</th></tr>",
        t.name,
        if t.name == "cases_per_month" {
            "Period"
        } else {
            "Vad"
        },
        escape(value_axis(t.name))
    );
    for (k, v) in &rows {
        let (l, code) = label(t.name, k);
        let code = code.map_or(String::new(), |c| {
            format!("<br /><code>{}</code>", escape(&c))
        });
        let _ = writeln!(
            h,
            "<tr><td>{}{code}</td><td class=\"n\">{}</td></tr>",
            escape(&l),
            format_number_sv(*v)
        );
    }
    if let Some(u) = unknown {
        let _ = writeln!(
            h,
            "<tr><td>{UNKNOWN} (utan datum)</td><td class=\"n\">{}</td></tr>",
            format_number_sv(u)
        );
    }
    h.push_str("</table>\n</div>\n");
    if let Some(u) = unknown.filter(|u| *u > 0.0) {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} utan datum för händelsen visas inte i diagrammet.</p>",
            // A count of cases: a whole number.
            crate::plural::count(u.round() as usize, "ärende", "ärenden")
        );
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(first_year: i32, n: usize) -> Vec<(String, f64)> {
        let mut v: Vec<(String, f64)> = (0..n)
            .map(|i| {
                let (y, m) = (first_year + (i / 12) as i32, i % 12 + 1);
                (format!("{y:04}-{m:02}"), 1.0)
            })
            .collect();
        v.push((UNKNOWN.into(), 3.0));
        v
    }

    #[test]
    fn months_up_to_two_years_then_quarters() {
        let (rows, axis, unknown) = periods(&months(2019, 24));
        assert_eq!(rows.len(), 24);
        assert!(axis.starts_with("Månad"));
        assert_eq!(unknown, 3.0);
        // 71 months (six years) become 24 quarters, the cases kept.
        let (rows, axis, _) = periods(&months(2014, 71));
        assert!(axis.starts_with("Kvartal"));
        assert_eq!(rows.len(), 24);
        assert_eq!(rows[0], ("2014 kv. 1".to_string(), 3.0));
        assert_eq!(rows.iter().map(|r| r.1).sum::<f64>(), 71.0);
        assert_eq!(rows.last().unwrap().0, "2019 kv. 4");
        // A span starting mid-quarter starts with a part quarter.
        let mut m = months(2018, 30);
        m.remove(0);
        let (rows, _, _) = periods(&m);
        assert_eq!(rows[0], ("2018 kv. 1".to_string(), 2.0));
        // 25 years (a 1999 case among today's) are drawn by year.
        let (rows, axis, _) = periods(&months(1999, 300));
        assert!(axis.starts_with("År"));
        assert_eq!(rows.len(), 25);
        assert_eq!(rows[0], ("1999".to_string(), 12.0));
    }

    /// The page counts cases in their number: `1 ärende`, `3 ärenden`.
    #[test]
    fn case_counts_agree_with_their_numbers() {
        let month = |unknown: f64| Table {
            name: "cases_per_month",
            title: "Ärenden per månad",
            rows: vec![("2019-01".into(), 1.0), (UNKNOWN.into(), unknown)],
        };
        let cases = [
            (
                1,
                1.0,
                "<p id=\"cases\">1 ärende.</p>",
                "1 ärende utan datum",
            ),
            (
                5,
                3.0,
                "<p id=\"cases\">5 ärenden.</p>",
                "3 ärenden utan datum",
            ),
        ];
        for (n, unknown, head, note) in cases {
            let page = render(&[month(unknown)], n);
            assert!(page.contains(head), "{head}");
            assert!(
                page.contains(&format!(
                    "<p class=\"note\">{note} för händelsen visas inte"
                )),
                "{note}"
            );
        }
    }

    #[test]
    fn labels_are_swedish_with_the_code_beside() {
        assert_eq!(
            label(
                "cases_per_classification",
                "risk_allvarligt_missforhallande"
            ),
            (
                "Påtaglig risk för allvarligt missförhållande".to_string(),
                Some("risk_allvarligt_missforhallande".to_string())
            )
        );
        assert_eq!(
            label("cases_per_classification", UNKNOWN),
            (UNKNOWN.to_string(), None)
        );
        assert_eq!(
            label("cases_per_area", "Jobbtorg"),
            ("Jobbtorg".to_string(), None)
        );
        assert_eq!(
            label("median_lead_time_days", "days_received_to_decided").0,
            "Från inkommen rapport till beslut"
        );
    }
}
