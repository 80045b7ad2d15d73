//! Segment: clean lines → cases and their sections.
//!
//! A section starts at a form heading (`RAPPORT enligt lex Sarah`,
//! `Lex Sarah-utredning`, `Beslut enligt delegation`, `ANMÄLAN ENLIGT LEX
//! SARAH`, `Tjänsteskrivelse`). The paper trail of one case runs report →
//! investigation → decision → IVO notification → board memo; a heading whose
//! kind was already seen in the current case, or that comes earlier in that
//! order than the last section, starts a new case. A new case also takes the
//! registry preamble written above its first heading (`Till lex
//! Sarah-ansvarig`, `Dnr`, a received stamp).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{CaseSpan, Line, Section, SectionKind};

static REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:rapport\s+enligt\s+lex\s+sarah|lex\s+sarah-?\s?rapport)\s*$")
        .expect("valid regex")
});
static INVESTIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:lex\s+sarah-\s?utredning|utredning\s+enligt\s+lex\s+sarah)\s*$")
        .expect("valid regex")
});
static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)beslut\s+enligt\s+delegation\s*$").expect("valid regex")
});
static IVO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*anmälan\s+(?:till\s+ivo\s+)?enligt\s+lex\s+sarah\s*$")
        .expect("valid regex")
});
static MEMO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:handlingstyp\s+)?tjänsteskrivelse\s*$").expect("valid regex")
});
static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:till\b.*|lex sarah-ansvarig.*|dnr\b.*|diarienummer\b.*|registraturet?.*|(?:19|20)\d\d\s*-\s*\d\d\s*-\s*\d\d|\d{6})\s*$",
    )
    .expect("valid regex")
});

/// Longest heading line; longer lines are running text.
const MAX_HEADING_CHARS: usize = 90;
/// Headings of one kind this close together are one heading (a page header
/// above the form's own title).
const SAME_HEADING_WINDOW: usize = 6;
/// How far above a heading the registry preamble may reach.
const PREAMBLE_WINDOW: usize = 10;

/// The section kind a line is a heading of, if any.
pub fn heading_kind(text: &str) -> Option<SectionKind> {
    if text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    if INVESTIGATION.is_match(text) {
        Some(SectionKind::Investigation)
    } else if IVO.is_match(text) {
        Some(SectionKind::IvoNotification)
    } else if REPORT.is_match(text) {
        Some(SectionKind::Report)
    } else if DECISION.is_match(text) {
        Some(SectionKind::Decision)
    } else if MEMO.is_match(text) {
        Some(SectionKind::BoardMemo)
    } else {
        None
    }
}

static LATER_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:[2-9]|[1-9][0-9])\s*\(\s*[0-9]{1,3}\s*\)").expect("valid regex")
});
static MEMO_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\btjänsteskrivelse\b").expect("valid regex"));

/// A memo's head block read as rows (OCR): `Handläggare Handlingstyp Datum`
/// above `Åsa Tenggren Tjänsteskrivelse 2021-02-11`.
fn memo_header_row(lines: &[Line], i: usize) -> Option<SectionKind> {
    let t = &lines[i].text;
    if t.chars().count() > MAX_HEADING_CHARS || !MEMO_WORD.is_match(t) {
        return None;
    }
    let near = |j: usize| lines.get(j).map_or("", |l| l.text.as_str());
    let above = (i.saturating_sub(3)..=i).any(|j| near(j).to_lowercase().contains("handlingstyp"));
    // The head block repeated on a later page carries its page mark (`2 (2)`).
    let later_page = (i.saturating_sub(2)..=i + 2).any(|j| LATER_PAGE.is_match(near(j)));
    (above && !later_page).then_some(SectionKind::BoardMemo)
}

/// Split a document's lines into cases.
pub fn segment(lines: &[Line]) -> Vec<CaseSpan> {
    let mut headings: Vec<(usize, SectionKind)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(kind) = heading_kind(&l.text).or_else(|| memo_header_row(lines, i)) {
            let repeat = headings
                .last()
                .is_some_and(|&(j, k)| k == kind && i - j <= SAME_HEADING_WINDOW);
            if !repeat {
                headings.push((i, kind));
            }
        }
    }
    let mut cases: Vec<CaseSpan> = Vec::new();
    for (i, kind) in headings {
        let starts_new = match cases.last() {
            None => true,
            Some(c) => {
                let last = c.sections.last().map(|s| s.kind);
                c.sections.iter().any(|s| s.kind == kind) || last.is_some_and(|l| kind < l)
            }
        };
        if starts_new {
            let start = if cases.is_empty() {
                0
            } else {
                preamble_start(lines, i)
            };
            if let Some(prev) = cases.last_mut() {
                prev.end = start;
                if let Some(s) = prev.sections.last_mut() {
                    s.end = start;
                }
            }
            cases.push(CaseSpan {
                start,
                end: lines.len(),
                sections: Vec::new(),
            });
        }
        let case = cases.last_mut().expect("a case was pushed above");
        if let Some(s) = case.sections.last_mut() {
            s.end = i;
        }
        case.sections.push(Section {
            kind,
            start: i,
            end: lines.len(),
        });
    }
    if let Some(last) = cases.last_mut() {
        last.end = lines.len();
    }
    cases
}

/// The first line of the registry preamble above heading `i`.
fn preamble_start(lines: &[Line], i: usize) -> usize {
    let mut start = i;
    let lo = i.saturating_sub(PREAMBLE_WINDOW);
    let mut j = i;
    while j > lo {
        j -= 1;
        let t = lines[j].text.trim();
        if t.is_empty() {
            continue;
        }
        if PREAMBLE.is_match(t) {
            start = j;
        } else {
            break;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_kinds() {
        let cases = [
            ("RAPPORT enligt lex Sarah", Some(SectionKind::Report)),
            (
                "Registraturet RAPPORT enligt lex Sarah",
                Some(SectionKind::Report),
            ),
            (
                "Till lex Sarah-ansvarig Lex Sarah-rapport",
                Some(SectionKind::Report),
            ),
            ("Lex Sarah-rapport", Some(SectionKind::Report)),
            ("Lex Sarah-utredning", Some(SectionKind::Investigation)),
            ("Lex Sarah-utredning ", Some(SectionKind::Investigation)),
            ("Beslut enligt delegation", Some(SectionKind::Decision)),
            (
                "Arbetsmarknadsförvaltningen Beslut enligt delegation",
                Some(SectionKind::Decision),
            ),
            (
                "ANMÄLAN ENLIGT LEX SARAH",
                Some(SectionKind::IvoNotification),
            ),
            ("Tjänsteskrivelse", Some(SectionKind::BoardMemo)),
            (
                "En Lex Sarah rapport inkom 191122 där det uppmärksammades",
                None,
            ),
            ("Beslut enligt ärendegrupp i delegationsordningen:", None),
            ("Fortlöpande dokumentation av lex Sarah-utredningen", None),
            ("- Lex-Sarah-rapporten ska biläggas utredningen", None),
            ("En lex Sarah-utredning inleddes 190628.", None),
        ];
        for (text, want) in cases {
            assert_eq!(heading_kind(text), want, "{text:?}");
        }
    }

    fn lines(texts: &[&str]) -> Vec<Line> {
        Line::numbered(texts)
    }

    #[test]
    fn two_cases_split_with_preamble() {
        let ls = lines(&[
            "RAPPORT enligt lex Sarah",
            "a",
            "Lex Sarah-utredning",
            "b",
            "Beslut enligt delegation",
            "c",
            "121 26 Stockholm-Globen",
            "2019 -11- 25",
            "DNR:",
            "Till lex Sarah-ansvarig",
            "Lex Sarah-rapport",
            "d",
            "Lex Sarah-utredning",
            "e",
        ]);
        let cases = segment(&ls);
        assert_eq!(cases.len(), 2);
        assert_eq!((cases[0].start, cases[0].end), (0, 7));
        assert_eq!((cases[1].start, cases[1].end), (7, 14));
        let kinds: Vec<_> = cases[0].sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Report,
                SectionKind::Investigation,
                SectionKind::Decision
            ]
        );
        assert_eq!(cases[1].sections[0].start, 10);
    }

    #[test]
    fn repeated_heading_is_one_section_and_ivo_joins_the_case() {
        let ls = lines(&[
            "Lex Sarah-utredning",
            "x",
            "Arbetsmarknadsförvaltningen Beslut enligt delegation",
            "Sida 1 (2)",
            "",
            "Beslut enligt delegation",
            "y",
            "ANMÄLAN ENLIGT LEX SARAH",
            "z",
        ]);
        let cases = segment(&ls);
        assert_eq!(cases.len(), 1);
        let kinds: Vec<_> = cases[0].sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Investigation,
                SectionKind::Decision,
                SectionKind::IvoNotification
            ]
        );
    }

    #[test]
    fn no_heading_no_case() {
        assert!(segment(&lines(&["hej", "då"])).is_empty());
    }
}
