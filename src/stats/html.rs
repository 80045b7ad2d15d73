//! The stats page: one self-contained HTML file (no external assets), a
//! section per table with its SVG chart and the same numbers as a table.
//! Written as well-formed XHTML-compatible HTML so any parser reads it.
//! Input: the `Table`s and the number of cases. Output: the page.

use std::fmt::Write;

use super::{Table, format_number, svg};
use crate::output::html::escape;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}section{margin-bottom:2.5em}table{border-collapse:collapse;margin-top:.5em}th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}details{margin-top:.5em}";

pub fn render(tables: &[Table], cases: usize) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\" />\n<title>lexsarah: statistik</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Lex Sarah-ärenden: statistik</h1>\n<p id=\"cases\">{cases} ärenden.</p>\n"
    );
    for t in tables {
        section(&mut h, t);
    }
    let _ = write!(
        h,
        "<p>Regelversion {}. Samma siffror finns som CSV (table, key, value).</p>\n</body>\n</html>\n",
        escape(crate::RULES_VERSION)
    );
    h
}

fn section(h: &mut String, t: &Table) {
    let _ = writeln!(
        h,
        "<section class=\"chart\" id=\"{name}\">\n<h2>{title}</h2>",
        name = t.name,
        title = escape(t.title)
    );
    h.push_str(&svg::bar_chart(t));
    let _ = writeln!(
        h,
        "<details><summary>Siffror</summary>\n<table data-table=\"{}\">\n<tr><th>Nyckel</th><th>Värde</th></tr>",
        t.name
    );
    for (k, v) in &t.rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(k),
            format_number(*v)
        );
    }
    h.push_str("</table></details>\n</section>\n");
}
