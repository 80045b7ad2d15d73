//! Segment: clean lines → cases and their sections.
//!
//! A section starts at a heading (`vocab::heading`): a form title
//! (`RAPPORT enligt lex Sarah`, `Utredning av lex Sarah-rapport`, `Beslut
//! i lex Sarah-ärende`, `ANMÄLAN ENLIGT LEX SARAH`, `Tjänsteskrivelse`, …),
//! or, where a file has no title of that kind, a generic heading
//! (`Utredning`, `Bedömning och beslut`). Headings in a list of attachments
//! (`Bilagor:` above them) are not sections.
//!
//! The paper trail of one case runs report → investigation → decision →
//! IVO notification → board memo. A new case starts only where one begins:
//! at a title whose kind the current case already has, or that comes
//! earlier in that order than its last section, unless the registry number
//! written under it is the current case's own. A title of the same kind as
//! the last section (a page header, a memo's head block on its next page)
//! continues that section, unless a different registry number is written
//! right under it (a second decision of its own); a generic heading never
//! starts a case. A new case also takes the registry preamble written above
//! its first heading (`Till lex Sarah-ansvarig`, `Dnr`, a received stamp).

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{CaseSpan, Line, Section, SectionKind};
use crate::vocab::{self, HeadingStrength};

static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:till(?-u:\b).*|lex sarah-ansvarig.*|dnr(?-u:\b).*|diarienummer(?-u:\b).*|registraturet?.*|(?:(?:19|20)\d\d\s*-\s*\d\d\s*-\s*\d\d|\d{6})(?:\s+dnr(?-u:\b).*)?)\s*$",
    )
    .expect("valid regex")
});
/// The label above a list of attached documents.
static ATTACHMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:bilag[a-z]*|bifogade?\s+handlingar|bifogas|handlingar\s+i\s+ärendet)(?-u:\b)",
    )
    .expect("valid regex")
});
/// Label words of a registry number.
static DNR_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^a-zåäö])(?:dnr|diarienummer|diarienr|ärendenummer|ärendenr|ärende\s+nr)(?:$|[^a-zåäö0-9])")
        .expect("valid regex")
});

/// Headings of one kind this close together are one heading (a page header
/// above the form's own title).
const SAME_HEADING_WINDOW: usize = 6;
/// How far above a heading the registry preamble may reach.
const PREAMBLE_WINDOW: usize = 10;

pub use crate::vocab::heading_kind;

static LATER_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:[2-9]|[1-9][0-9])\s*\(\s*[0-9]{1,3}\s*\)").expect("valid regex")
});
static MEMO_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)tjänsteskrivelse(?-u:\b)").expect("valid regex"));

/// `tjänsteskrivelse` in lower or upper case (a literal test).
fn memo_stem(t: &str) -> bool {
    static L: LazyLock<crate::vocab::Literals> =
        LazyLock::new(|| crate::vocab::Literals::new(&["nsteskrivelse", "NSTESKRIVELSE"]));
    L.any_in(t)
}

/// A memo's head block read as rows (OCR): `Handläggare Handlingstyp Datum`
/// above `Åsa Tenggren Tjänsteskrivelse 2021-02-11`.
fn memo_header_row(lines: &[Line], i: usize) -> Option<SectionKind> {
    let t = &lines[i].text;
    if t.len() > 2 * vocab::MAX_HEADING_CHARS
        || !memo_stem(t)
        || t.chars().count() > vocab::MAX_HEADING_CHARS
        || !MEMO_WORD.is_match(t)
    {
        return None;
    }
    let near = |j: usize| lines.get(j).map_or("", |l| l.text.as_str());
    let above = (i.saturating_sub(3)..=i).any(|j| near(j).to_lowercase().contains("handlingstyp"));
    // The head block repeated on a later page carries its page mark (`2 (2)`).
    let later_page = (i.saturating_sub(2)..=i + 2).any(|j| LATER_PAGE.is_match(near(j)));
    (above && !later_page).then_some(SectionKind::BoardMemo)
}

/// Every heading of the document: (line index, kind, strength), with
/// attachment lists left out and, per kind, generic headings only where no
/// title of that kind exists.
fn headings(lines: &[Line]) -> Vec<(usize, SectionKind, HeadingStrength)> {
    let mut found: Vec<(usize, SectionKind, HeadingStrength)> = Vec::new();
    let mut in_list = false;
    let mut prev_heading = false;
    let mut prev_nonempty: Option<&str> = None;
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        let h = vocab::heading(t)
            .or_else(|| memo_header_row(lines, i).map(|k| (k, HeadingStrength::Title)));
        match h {
            Some((kind, strength)) => {
                // An attachment list: the label above, or the item above.
                let listed = prev_nonempty.is_some_and(|p| ATTACHMENTS.is_match(p)) || in_list;
                if listed {
                    in_list = true;
                } else if !prev_heading {
                    found.push((i, kind, strength));
                }
                // A title right under a title is its subtitle (`ANMÄLAN
                // ENLIGT 71 a § SOCIALTJÄNSTLAGEN` over `Anmälan om allvarligt
                // missförhållande …`), not a section of its own.
                prev_heading = !listed;
            }
            None => {
                in_list = false;
                prev_heading = false;
            }
        }
        prev_nonempty = Some(t);
    }
    let titled = |k: SectionKind| {
        found
            .iter()
            .any(|&(_, fk, s)| fk == k && s == HeadingStrength::Title)
    };
    let keep: Vec<bool> = found
        .iter()
        .map(|&(_, k, s)| s == HeadingStrength::Title || !titled(k))
        .collect();
    let mut out: Vec<(usize, SectionKind, HeadingStrength)> = Vec::new();
    for (h, keep) in found.into_iter().zip(keep) {
        if !keep {
            continue;
        }
        let repeat = out
            .last()
            .is_some_and(|&(j, k, _)| k == h.1 && h.0 - j <= SAME_HEADING_WINDOW);
        if !repeat {
            out.push(h);
        }
    }
    out
}

/// The registry number written on each line, as a comparison key (letters
/// and digits, upper case): labelled ones (the label on the line or the one
/// above), and unlabelled ones of a prefixed shape.
fn line_keys(lines: &[Line], registry: RegistryGrammar) -> Vec<Option<String>> {
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let text = &l.text;
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            out.push(None);
            continue;
        }
        // A label word holds `nr` or `ummer` (dnr, diarienummer, ärendenr):
        // a literal search before the label pattern.
        static STEMS: LazyLock<crate::vocab::Literals> =
            LazyLock::new(|| crate::vocab::Literals::new(&["nr", "NR", "ummer", "UMMER"]));
        let label = |t: &str| STEMS.any_in(t) && DNR_LABEL.is_match(t);
        let labelled = label(text) || (i > 0 && label(&lines[i - 1].text));
        let key = registry(text)
            .filter(|canonical| labelled || canonical.chars().any(char::is_alphabetic))
            .map(|canonical| {
                canonical
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_uppercase)
                    .collect()
            });
        out.push(key);
    }
    out
}

/// The distinct keys of the lines in `range`.
fn registry_keys(keys: &[Option<String>], range: std::ops::Range<usize>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for k in keys[range].iter().flatten() {
        if !out.contains(&k.as_str()) {
            out.push(k);
        }
    }
    out
}

/// Lines a document writes its own registry number in under its title: the
/// next four non-empty lines, up to the first line of running text.
const TITLE_BLOCK_LINES: usize = 4;

/// The end of the title block under the heading at `i`.
fn title_block_end(lines: &[Line], i: usize, limit: usize) -> usize {
    let mut seen = 0;
    for (j, l) in lines.iter().enumerate().take(limit).skip(i + 1) {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if t.split_whitespace().count() >= 6 || t.ends_with('.') {
            return j;
        }
        seen += 1;
        if seen == TITLE_BLOCK_LINES {
            return j + 1;
        }
    }
    limit
}

/// The registry grammar cases are told apart by: the registry number a
/// line writes, in its canonical form (`extract::diarienummer::canonical`).
/// The caller passes it, so that this stage, which runs before extraction,
/// does not import it.
pub type RegistryGrammar = fn(&str) -> Option<String>;

/// Split a document's lines into cases; `registry` reads the registry
/// numbers that tell one case from the next.
pub fn segment(lines: &[Line], registry: RegistryGrammar) -> Vec<CaseSpan> {
    let heads = headings(lines);
    // Registry numbers are read only where a case boundary is in question.
    let keys_cell: std::cell::OnceCell<Vec<Option<String>>> = std::cell::OnceCell::new();
    let keys = || keys_cell.get_or_init(|| line_keys(lines, registry));
    let mut cases: Vec<CaseSpan> = Vec::new();
    for (n, &(i, kind, strength)) in heads.iter().enumerate() {
        let block_end = heads.get(n + 1).map_or(lines.len(), |h| h.0);
        let starts_new = match cases.last() {
            None => true,
            Some(_) if strength == HeadingStrength::Weak => false,
            Some(c) => {
                let last = c.sections.last().map(|s| s.kind);
                if last == Some(kind) {
                    let case_keys = registry_keys(keys(), c.start..i);
                    // A page header, or the title under a letterhead: a
                    // number that differs somewhere below is a flag, not a
                    // new case. Only a different number written right under
                    // the title (a second decision of its own) starts one.
                    let head_keys = registry_keys(keys(), i..title_block_end(lines, i, block_end));
                    !head_keys.is_empty()
                        && !case_keys.is_empty()
                        && !head_keys.iter().any(|k| case_keys.contains(k))
                } else if c.sections.iter().any(|s| s.kind == kind)
                    || last.is_some_and(|l| kind < l)
                {
                    let case_keys = registry_keys(keys(), c.start..i);
                    let block_keys = registry_keys(keys(), i..block_end);
                    !block_keys.iter().any(|k| case_keys.contains(k))
                } else {
                    false
                }
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
        if case.sections.last().is_some_and(|s| s.kind == kind) {
            // The same kind again (a page header): one section.
            continue;
        }
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
        if let Some(s) = last.sections.last_mut() {
            s.end = lines.len();
        }
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
        let cases = segment(&ls, crate::extract::diarienummer::canonical);
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
        let cases = segment(&ls, crate::extract::diarienummer::canonical);
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

    fn kinds(c: &CaseSpan) -> Vec<SectionKind> {
        c.sections.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_case_splits_only_where_a_new_one_starts() {
        use SectionKind::*;
        // (lines, sections of each case found)
        let cases: &[(&[&str], &[&[SectionKind]])] = &[
            // A page header repeats the decision's title inside it.
            (
                &[
                    "Beslut enligt delegation",
                    "Dnr SN 2020/0045",
                    "a",
                    "b",
                    "c",
                    "d",
                    "e",
                    "f",
                    "Arbetsmarknadsförvaltningen Beslut enligt delegation",
                    "Sida 2 (2)",
                    "g",
                ],
                &[&[Decision]],
            ),
            // Two decisions of their own, each with its number under its title.
            (
                &[
                    "Beslut i lex Sarah-ärende",
                    "Ärendenummer: SN 2020/0045",
                    "a",
                    "b",
                    "c",
                    "d",
                    "e",
                    "f",
                    "Beslut i lex Sarah-ärende",
                    "Ärendenummer: SN 2020/0051",
                    "g",
                ],
                &[&[Decision], &[Decision]],
            ),
            // A memo's head block on its next page, a number written differently
            // far below the title: one case (the mismatch is a flag).
            (
                &[
                    "Tjänsteskrivelse",
                    "Diarienummer",
                    "2023/SN 0214",
                    "a",
                    "b",
                    "c",
                    "d",
                    "e",
                    "Information om lex Sarah-anmälan ekonomiskt bistånd",
                    "x",
                    "y",
                    "z",
                    "w",
                    "Diarienummer",
                    "2023/SN 0225",
                ],
                &[&[BoardMemo]],
            ),
            // An investigation after a decision of the same number: one case.
            (
                &[
                    "Beslut enligt delegation",
                    "Dnr SN 2020/0045",
                    "a",
                    "Lex Sarah-utredning",
                    "Rapportens diarienummer SN 2020/0045",
                    "b",
                ],
                &[&[Decision, Investigation]],
            ),
            // A new report after a decision: a new case.
            (
                &[
                    "RAPPORT enligt lex Sarah",
                    "a",
                    "Beslut enligt delegation",
                    "b",
                    "Lex Sarah-rapport",
                    "c",
                ],
                &[&[Report, Decision], &[Report]],
            ),
            // An attachment list names the documents: not sections.
            (
                &[
                    "Beslut i lex Sarah-ärende",
                    "a",
                    "Bilagor:",
                    "Lex Sarah-rapport",
                    "Lex Sarah-utredning",
                    "",
                    "b",
                ],
                &[&[Decision]],
            ),
            // Generic headings make sections where no title of that kind exists.
            (
                &[
                    "Lex Sarah – rapportering av missförhållande",
                    "a",
                    "Utredning",
                    "b",
                    "Bedömning och beslut",
                    "c",
                ],
                &[&[Report, Investigation, Decision]],
            ),
        ];
        let mut failures = Vec::new();
        for (texts, want) in cases {
            let got: Vec<Vec<SectionKind>> =
                segment(&lines(texts), crate::extract::diarienummer::canonical)
                    .iter()
                    .map(kinds)
                    .collect();
            let want: Vec<Vec<SectionKind>> = want.iter().map(|k| k.to_vec()).collect();
            if got != want {
                failures.push(format!("{texts:?}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn no_heading_no_case() {
        assert!(
            segment(
                &lines(&["hej", "då"]),
                crate::extract::diarienummer::canonical
            )
            .is_empty()
        );
    }
}
