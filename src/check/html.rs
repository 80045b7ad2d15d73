//! `report.html`: one self-contained page (no external assets) for the
//! person who opens it in the morning: the run (time, inputs, rules
//! version), totals, failed files, then a table per rule and severity
//! (errors first) with each flag's case, message and evidence lines, the
//! flags new since the last run marked. Written as
//! well-formed XHTML-compatible HTML so any parser reads it.

use std::fmt::Write;

use super::{Report, ReportedFlag};
use crate::output::labels;

pub use crate::output::html::escape;

const STYLE: &str = "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:2em;width:100%}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eee}.error{color:#a00;font-weight:bold}.warning{color:#a60}.info{color:#555}pre{margin:0;white-space:pre-wrap;font-size:90%}code{color:#555;font-size:90%}#run{color:#444}#run li{margin:.1em 0}.new{background:#fff3bf}.new-mark{display:inline-block;background:#e8590c;color:#fff;font-size:80%;font-weight:bold;padding:0 .4em;border-radius:3px;margin-right:.4em}p.empty{color:#555}";

/// What the page says of the run itself: when it ran and over what.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// When the run started, as shown (local time).
    pub started: String,
    /// The inputs as given (paths, or a note that they are hidden).
    pub inputs: Vec<String>,
}

/// The page: the run (time, inputs, rules version), totals, failed files,
/// then one table per rule and severity, errors first, then warnings, then
/// info; rules without flags in one line at the end. Labels are Swedish,
/// with each code beside its label; flags new since the last run (with a
/// `--state` that remembered some) are marked.
pub fn render(r: &Report, run: &RunInfo) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\" />\n<title>lexsarah: datakvalitet</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>Datakvalitet, lex Sarah-ärenden</h1>\n"
    );
    run_header(&mut h, r, run);
    totals(&mut h, r);
    failed_files(&mut h, r);
    for (sev, _) in labels::SEVERITIES {
        for (code, flags) in rules_of(r, sev) {
            rule_table(&mut h, r, code, sev, &flags);
        }
    }
    let empty: Vec<&String> = r
        .rules
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(c, _)| c)
        .collect();
    if !empty.is_empty() {
        let list: Vec<String> = empty
            .iter()
            .map(|c| format!("{} (<code>{}</code>)", escape(labels::rule(c)), escape(c)))
            .collect();
        let _ = writeln!(
            h,
            "<p class=\"empty\" id=\"no-flags\">Regler utan flaggor: {}.</p>",
            list.join(", ")
        );
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn run_header(h: &mut String, r: &Report, run: &RunInfo) {
    let inputs: Vec<String> = run
        .inputs
        .iter()
        .map(|i| format!("<code>{}</code>", escape(i)))
        .collect();
    let _ = writeln!(
        h,
        "<ul id=\"run\">\n<li>Körning: <time>{}</time></li>\n<li>Indata: {}</li>\n<li>Regelversion: <code>{}</code></li>\n</ul>",
        escape(&run.started),
        inputs.join(", "),
        escape(&r.rules_version)
    );
}

fn totals(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        "<table id=\"totals\">\n<tr><th>Filer</th><th>Lästa</th><th>Oförändrade</th><th>Misslyckade</th><th>Ärenden</th><th>Fel</th><th>Varningar</th><th>Information</th><th>Nya</th><th>Åtgärdade</th></tr>\n<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n</table>\n",
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
}

fn failed_files(h: &mut String, r: &Report) {
    if r.files_failed.is_empty() {
        return;
    }
    h.push_str("<h2>Filer som inte kunde läsas</h2>\n<table id=\"failed\">\n<tr><th>Fil</th><th>Status</th><th>Meddelande</th></tr>\n");
    for f in &r.files_failed {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{} (<code>{}</code>)</td><td>{}</td></tr>",
            escape(&f.path),
            labels::file_status(f.status.as_str()),
            f.status.as_str(),
            escape(&f.message)
        );
    }
    h.push_str("</table>\n");
}

/// The rules with flags of severity `sev`, most flags first (then by code),
/// each with those flags in report order.
fn rules_of<'a>(r: &'a Report, sev: &str) -> Vec<(&'a str, Vec<&'a ReportedFlag>)> {
    let mut by: std::collections::BTreeMap<&str, Vec<&ReportedFlag>> = Default::default();
    for f in r.flags.iter().filter(|f| f.severity == sev) {
        by.entry(f.code.as_str()).or_default().push(f);
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    v
}

fn rule_table(h: &mut String, r: &Report, code: &str, sev: &str, flags: &[&ReportedFlag]) {
    let new = flags.iter().filter(|f| r.is_new(f)).count();
    let new_note = if new > 0 {
        format!(", varav {new} {}", crate::plural::agree(new, "ny", "nya"))
    } else {
        String::new()
    };
    let _ = writeln!(
        h,
        "<h2 id=\"rule-{code}-{sev}\"><span class=\"{sev}\">{}</span>: {} <code>{code}</code> ({}{new_note})</h2>",
        labels::severity(sev),
        escape(labels::rule(code)),
        crate::plural::count(flags.len(), "flagga", "flaggor"),
        code = escape(code),
        sev = escape(sev),
    );
    let _ = writeln!(
        h,
        "<table class=\"rule\" data-rule=\"{}\" data-severity=\"{}\">\n<tr><th>Ärende</th><th>Allvar</th><th>Meddelande</th><th>Rader</th></tr>",
        escape(code),
        escape(sev)
    );
    for f in flags {
        let mut ev = String::new();
        for e in &f.evidence {
            let _ = writeln!(ev, "{}: {}", e.line, escape(&e.text));
        }
        let (class, mark) = if r.is_new(f) {
            ("flag new", "<span class=\"new-mark\">NY</span>")
        } else {
            ("flag", "")
        };
        let _ = writeln!(
            h,
            "<tr class=\"{class}\"><td>{mark}{}</td><td class=\"{sev}\">{}</td><td>{}</td><td><pre>{}</pre></td></tr>",
            escape(&f.case_id),
            labels::severity(&f.severity),
            escape(&f.message),
            ev.trim_end(),
            sev = escape(&f.severity)
        );
    }
    h.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(case: &str, code: &str, line: u32) -> ReportedFlag {
        ReportedFlag {
            case_id: case.into(),
            file: "a.txt".into(),
            code: code.into(),
            severity: "warning".into(),
            message: "Diarienummer saknas.".into(),
            lines: vec![line],
            evidence: Vec::new(),
        }
    }

    /// Each rule's heading counts its flags and the new ones in their
    /// number (`1 flagga`, `3 flaggor, varav 1 ny`, `varav 2 nya`); a file
    /// that could not be read shows its status in Swedish, the code beside.
    #[test]
    fn headings_agree_with_their_numbers() {
        let flags = vec![
            flag("a#1", "missing_field", 1),
            flag("a#1", "missing_field", 2),
            flag("a#1", "missing_field", 3),
            flag("a#1", "ambiguous_date", 4),
            flag("a#1", "unparsed_date", 5),
            flag("a#1", "unparsed_date", 6),
        ];
        let key = |f: &ReportedFlag| (f.case_id.clone(), f.code.clone(), f.lines.clone());
        let new_keys = [0, 4, 5].iter().map(|&i| key(&flags[i])).collect();
        let mut rules = std::collections::BTreeMap::new();
        for f in &flags {
            *rules.entry(f.code.clone()).or_insert(0) += 1;
        }
        let r = Report {
            rules_version: "v".into(),
            files: 2,
            files_parsed: 1,
            files_unchanged: 0,
            files_failed: vec![crate::model::FileRow {
                path: "b.pdf".into(),
                sha256: None,
                format: None,
                pages: None,
                cases: 0,
                status: crate::model::FileStatus::Error,
                message: "pdf: not a PDF".into(),
            }],
            cases: 1,
            by_severity: [("error", 0), ("warning", 6), ("info", 0)]
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            rules,
            new_flags: 3,
            resolved_flags: 0,
            flags,
            new_keys,
        };
        let run = RunInfo {
            started: "2024-01-01 00:00:00 CET".into(),
            inputs: vec!["in".into()],
        };
        let page = render(&r, &run);
        for want in [
            "<code>missing_field</code> (3 flaggor, varav 1 ny)</h2>",
            "<code>unparsed_date</code> (2 flaggor, varav 2 nya)</h2>",
            "<code>ambiguous_date</code> (1 flagga)</h2>",
            "<td>Kunde inte läsas (<code>error</code>)</td>",
        ] {
            assert!(page.contains(want), "{want} not in the page");
        }
    }
}
