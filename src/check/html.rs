//! `report.html`: one self-contained page (no external assets) for the
//! person who opens it in the morning: totals, failed files, then a table
//! per rule with each flag's case, message and evidence lines. Written as
//! well-formed XHTML-compatible HTML so any parser reads it.

use std::fmt::Write;

use super::Report;

pub use crate::output::html::escape;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eee}.error{color:#a00;font-weight:bold}.warning{color:#a60}.info{color:#555}pre{margin:0;white-space:pre-wrap;font-size:90%}";

pub fn render(r: &Report) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\" />\n<title>lexsarah: datakvalitet</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Datakvalitet, lex Sarah-ärenden</h1>\n"
    );
    let _ = write!(
        h,
        "<table id=\"totals\">\n<tr><th>Filer</th><th>Lästa</th><th>Oförändrade</th><th>Misslyckade</th><th>Ärenden</th><th>Fel</th><th>Varningar</th><th>Info</th><th>Nya</th><th>Åtgärdade</th></tr>\n<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n</table>\n",
        r.files,
        r.files_parsed,
        r.files_unchanged,
        r.files_failed.len(),
        r.cases,
        r.by_severity["error"],
        r.by_severity["warning"],
        r.by_severity["info"],
        r.new_flags,
        r.resolved_flags
    );
    if !r.files_failed.is_empty() {
        h.push_str("<h2>Filer som inte kunde läsas</h2>\n<table id=\"failed\">\n<tr><th>Fil</th><th>Status</th><th>Meddelande</th></tr>\n");
        for f in &r.files_failed {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&f.path),
                f.status.as_str(),
                escape(&f.message)
            );
        }
        h.push_str("</table>\n");
    }
    for (code, n) in &r.rules {
        let _ = writeln!(h, "<h2 id=\"rule-{code}\">{code} ({n})</h2>");
        if *n == 0 {
            h.push_str("<p>Inga flaggor.</p>\n");
            continue;
        }
        let _ = writeln!(
            h,
            "<table class=\"rule\" data-rule=\"{code}\">\n<tr><th>Ärende</th><th>Allvar</th><th>Meddelande</th><th>Rader</th></tr>"
        );
        for f in r.flags.iter().filter(|f| &f.code == code) {
            let mut ev = String::new();
            for e in &f.evidence {
                let _ = writeln!(ev, "{}: {}", e.line, escape(&e.text));
            }
            let _ = writeln!(
                h,
                "<tr class=\"flag\"><td>{}</td><td class=\"{sev}\">{sev}</td><td>{}</td><td><pre>{}</pre></td></tr>",
                escape(&f.case_id),
                escape(&f.message),
                ev.trim_end(),
                sev = escape(&f.severity)
            );
        }
        h.push_str("</table>\n");
    }
    let _ = write!(
        h,
        "<p>Regelversion {}</p>\n</body>\n</html>\n",
        escape(&r.rules_version)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_table() {
        let cases = [
            ("a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"),
            ("Äldre", "Äldre"),
            ("x\u{1}y", "x y"),
        ];
        for (s, want) in cases {
            assert_eq!(escape(s), want);
        }
    }
}
