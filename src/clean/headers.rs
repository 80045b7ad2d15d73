//! Page headers, footers and template stamps: blanked so they are neither
//! sections nor dates.
//!
//! Two shapes are recognised from the forms, not from any one file:
//! - a repeated page-header block around a page marker `Sida 2 (2)` (or a
//!   bare `2 (2)` under a `Sida` label): its lines that already stood earlier
//!   in the document (Handlingstyp, Datum, Diarienummer and their values) are
//!   blanked, with the marker itself;
//! - template and version stamps (`Utredningsmall lex Sarah 2014-02-19`):
//!   a line naming a template (…mall, version, utgåva, rev.) with a date.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::Line;

/// A page mark on a line of its own: `Sida 2 (3)`, `2 (3)`, `Sida 2 av 3`.
static PAGE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:sida\s*)?(\d{1,3})\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3})\s*$")
        .expect("valid regex")
});
/// A template or form stamp (`Utredningsmall lex Sarah 2014-02-19`,
/// `Blankett SF 112 Rapport lex Sarah, fastställd 2019-03-28`), a page mark
/// after it allowed.
static TEMPLATE_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\S*(?:mall|blankett|version|utgåva|rev\.?)\b[^\n]{0,80}?\b(?:19|20)\d\d-\d\d-\d\d\s*(?:sida\s+\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|av\s+\d{1,3}))?\s*$")
        .expect("valid regex")
});

/// How far from a page marker a repeated header line may stand.
const HEADER_WINDOW: usize = 10;

/// The page number of a page marker line (`Sida 2 (3)`, `2 (3)`).
fn page_marker(text: &str) -> Option<u32> {
    // Every marker holds `(` or `av`: most lines are out without a regex
    // search.
    if text.trim().len() > 40 || (!text.contains('(') && !text.contains("av")) {
        return None;
    }
    let c = PAGE_MARKER.captures(text)?;
    c[1].parse().ok()
}

pub fn blank_repeated_headers(lines: &mut [Line]) {
    for line in lines.iter_mut() {
        // Every stamp ends in an ISO date: no `-`, no stamp.
        // And it holds `19` or `20` (the year) and the stem of its kind word
        // (`mall`, `blan…`, `ver…`, `rev`, `utg…`: letters without case folds
        // outside ASCII), tested on the bytes before the pattern, whose
        // bounded gap makes its lazy DFA slow.
        if line.text.contains('-')
            && (line.text.contains("19") || line.text.contains("20"))
            && ["mall", "blan", "ver", "rev", "utg"]
                .iter()
                .any(|w| crate::vocab::has_ascii_ci(&line.text, w))
            && TEMPLATE_STAMP.is_match(&line.text)
        {
            line.text.clear();
        }
    }
    let markers: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((i, page_marker(&l.text)?)))
        .collect();
    // One document's pages: a run of markers whose page numbers rise.
    let mut groups: Vec<Vec<(usize, u32)>> = Vec::new();
    for &(i, page) in &markers {
        match groups.last_mut() {
            Some(g) if page > g.last().map_or(0, |l| l.1) && page != 1 => g.push((i, page)),
            _ => groups.push(vec![(i, page)]),
        }
    }
    let n = lines.len();
    let window = |i: usize| i.saturating_sub(HEADER_WINDOW)..(i + HEADER_WINDOW + 1).min(n);
    let mut blank: Vec<usize> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        // Where each page's header stands: around its marker; a document
        // whose first page has no marker has its header at its top.
        let mut regions: Vec<std::ops::Range<usize>> =
            group.iter().map(|&(i, _)| window(i)).collect();
        if group.first().is_some_and(|f| f.1 != 1) {
            let top = if g == 0 {
                0
            } else {
                groups[g - 1].last().map_or(0, |l| l.0 + 1)
            };
            regions.insert(0, top..(top + 2 * HEADER_WINDOW).min(group[0].0));
        }
        // Where each text stands, per region: text → line indices.
        let texts: Vec<HashMap<&str, Vec<usize>>> = regions
            .iter()
            .map(|r| {
                let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
                for i in r.clone() {
                    let t = lines[i].text.trim();
                    if !t.is_empty() {
                        at.entry(t).or_default().push(i);
                    }
                }
                at
            })
            .collect();
        for &(m, _) in group.iter().filter(|(_, p)| *p >= 2) {
            blank.push(m);
            let r = window(m);
            // A form's own title (a second report, investigation, decision
            // or IVO form starting on the next page) is no page header: it
            // and what follows it stay.
            let form_start = (m + 1..r.end).find(|&i| is_form_title(&lines[i].text));
            let stop = form_start.unwrap_or(r.end);
            for (i, line) in lines.iter().enumerate().take(stop).skip(r.start) {
                let t = line.text.trim();
                if t.is_empty() || is_form_title(t) {
                    continue;
                }
                // A page header repeats on most pages of its document, not
                // once as a form label does: count the other pages' headers
                // that hold it on a line of their own (windows of short pages
                // overlap).
                let seen = 1 + texts
                    .iter()
                    .filter(|region| {
                        region
                            .get(t)
                            .is_some_and(|at| at.iter().any(|j| !r.contains(j)))
                    })
                    .count();
                if seen >= 2 && 2 * seen > regions.len() {
                    blank.push(i);
                }
            }
            // A `Sida` label standing alone just above the bare marker.
            if m > 0 && lines[m - 1].text.trim().eq_ignore_ascii_case("sida") {
                blank.push(m - 1);
            }
        }
    }
    for i in blank {
        lines[i].text.clear();
    }
}

/// A form title other than a memo's head block.
fn is_form_title(text: &str) -> bool {
    crate::vocab::heading_kind(text).is_some_and(|k| k != crate::model::SectionKind::BoardMemo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        Line::numbered(texts)
    }

    #[test]
    fn repeated_header_block_is_blanked() {
        let mut ls = lines(&[
            "Handlingstyp",
            "Tjänsteskrivelse",
            "Datum",
            "2021-02-11",
            "Sida",
            "1 (2)",
            "text",
            "text2",
            "text3",
            "text4",
            "text5",
            "text6",
            "text7",
            "text8",
            "text9",
            "t10",
            "t11",
            "Handlingstyp",
            "Tjänsteskrivelse",
            "Sida",
            "2 (2)",
            "Datum",
            "2021-02-11",
            "ny text",
        ]);
        blank_repeated_headers(&mut ls);
        let kept: Vec<&str> = ls[17..].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(kept, ["", "", "", "", "", "", "ny text"]);
        assert_eq!(ls[0].text, "Handlingstyp");
        assert_eq!(ls[5].text, "1 (2)");
    }

    #[test]
    fn a_second_form_after_a_page_marker_is_kept() {
        // A two-case file: the second report starts on the page after a
        // footer, with the same title and labels as the first.
        let form = [
            "Till",
            "lex Sarah-ansvarig",
            "Registraturet RAPPORT enligt lex Sarah",
            "- om ett missförhållande i verksamheten",
            "Rapporten lämnas av",
            "Namn",
        ];
        let mut texts = form.to_vec();
        texts.extend(std::iter::repeat_n("text", 30));
        texts.push("Sida 7 (12)");
        texts.extend(form);
        let mut ls = lines(&texts);
        blank_repeated_headers(&mut ls);
        let kept: Vec<&str> = ls[37..].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "",
                "",
                "Registraturet RAPPORT enligt lex Sarah",
                "- om ett missförhållande i verksamheten",
                "Rapporten lämnas av",
                "Namn"
            ]
        );
    }

    #[test]
    fn template_stamps_blanked_but_not_dates() {
        let cases = [
            (" Utredningsmall lex Sarah 2014-02-19 ", ""),
            ("Blankett version 2018-01-01", ""),
            (
                "Blankett SF 112 Rapport lex Sarah, fastställd 2019-03-28          Sida 1 av 1",
                "",
            ),
            (
                "Rapporten inkom (datum) 2019-11-22",
                "Rapporten inkom (datum) 2019-11-22",
            ),
            ("Datum 2021-02-11", "Datum 2021-02-11"),
        ];
        for (raw, want) in cases {
            let mut ls = lines(&[raw]);
            blank_repeated_headers(&mut ls);
            assert_eq!(ls[0].text, want, "{raw:?}");
        }
    }
}
