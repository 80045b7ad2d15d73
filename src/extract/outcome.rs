//! Outcome: what the case concluded (classification) and whether it was
//! reported to IVO.
//!
//! The classification is read from what the decision, memo, IVO form or
//! investigation actually concludes ("Beslut: Inget missförhållande har
//! skett", "Förslag till beslut: Det rapporterade utgjorde …", "Händelsen
//! bedöms som ett allvarligt missförhållande"), never from the printed list
//! of all five options (three or more "Det rapporterade utgjorde …" lines
//! together), whose tick marks are lost in text dumps, nor from the report
//! form's printed "Ställningstagande" paragraph. Sentences are read over
//! paragraphs, so a conclusion wrapped over OCR lines is still one sentence.

use std::sync::LazyLock;

use regex::Regex;

use super::{CaseView, Fields, Role};
use crate::model::SectionKind;

pub const INGET: &str = "inget_missforhallande";
pub const RISK: &str = "risk_missforhallande";
pub const MISSFORHALLANDE: &str = "missforhallande";
pub const RISK_ALLVARLIGT: &str = "risk_allvarligt_missforhallande";
pub const ALLVARLIGT: &str = "allvarligt_missforhallande";

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid regex")
}

static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\b(?:inget|inte|ej|icke)\b[^.]{0,60}?missförhållande|\binte\s+(?:utgjorde|utgör)\b")
});
static RISK_SERIOUS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:påtaglig\s+)?risk\s+för\s+(?:ett\s+)?allvarligt\s+missförhållande")
});
static SERIOUS: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\ballvarligt\s+missförhållande"));
static RISK_PLAIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:påtaglig\s+)?risk\s+för\s+(?:ett\s+)?missförhållande"));
static PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:utgjorde|utgör|utgöra|bedöms\s+som|bedömdes\s+som|är|var|har\s+varit|anses\s+vara)\s+(?:ett\s+)?missförhållande",
    )
});
static OPTION_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\W*det\s+rapporterade\s+utgjorde"));
static BOILERPLATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)det\s+är\s+uppenbart\s+att\s+den\s+inkomna\s+rapporten"));
static CUE_DECISION: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\W*beslut\s*:"));
static CUE_PROPOSAL: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)förslag\s+till\s+beslut\s*:"));
static CUE_ASSESSMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bbedöm|\bkonstater"));
/// A printed form line whose date was never filled in ("… har skickats den").
static UNFILLED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bden\s*$"));
static IVO_DONE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)anmälan\s+(?:enligt\s+lex\s+sarah\s+)?till\s+ivo\s+(?:gjordes|har\s+gjorts|skickades|har\s+skickats|lämnades)|anmäldes\s+till\s+ivo|(?:ska|skall)\s+(?:skickas|anmälas)\s+till\s+(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg)|anmälan\s+enligt\s+lex\s+sarah\s+ska\s+skickas",
    )
});

/// The classification a sentence states, if any.
pub fn classify(sentence: &str) -> Option<&'static str> {
    if !sentence.to_lowercase().contains("missförhållande") {
        return None;
    }
    if NEGATED.is_match(sentence) {
        Some(INGET)
    } else if RISK_SERIOUS.is_match(sentence) {
        Some(RISK_ALLVARLIGT)
    } else if SERIOUS.is_match(sentence) {
        Some(ALLVARLIGT)
    } else if RISK_PLAIN.is_match(sentence) {
        Some(RISK)
    } else if PLAIN.is_match(sentence) {
        Some(MISSFORHALLANDE)
    } else {
        None
    }
}

/// A paragraph: consecutive non-empty lines joined, with its first line index.
struct Paragraph {
    idx: usize,
    text: String,
}

fn paragraphs(view: &CaseView, r: std::ops::Range<usize>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for i in r.clone() {
        let t = view.lines[i].text.trim();
        if t.is_empty() || printed_option(view, i, &r) {
            open = false;
            continue;
        }
        // A list item or a heading-like line starts a paragraph of its own.
        let starts = t.starts_with('-') || CUE_DECISION.is_match(t) || CUE_PROPOSAL.is_match(t);
        match out.last_mut() {
            Some(p) if open && !starts => {
                p.text.push(' ');
                p.text.push_str(t);
            }
            _ => out.push(Paragraph {
                idx: i,
                text: t.to_string(),
            }),
        }
        open = true;
    }
    out
}

/// Is line `i` one of the printed list of all outcomes?
fn printed_option(view: &CaseView, i: usize, r: &std::ops::Range<usize>) -> bool {
    if !OPTION_LINE.is_match(&view.lines[i].text) {
        return false;
    }
    let lo = i.saturating_sub(10).max(r.start);
    let hi = (i + 11).min(r.end);
    (lo..hi)
        .filter(|&j| OPTION_LINE.is_match(&view.lines[j].text))
        .count()
        >= 3
}

/// An outcome option whose box is ticked (`☒ Det rapporterade utgjorde …`,
/// the IVO form's `☒ ett allvarligt missförhållande`): the strongest cue.
fn ticked_option(view: &CaseView, r: std::ops::Range<usize>) -> Option<(u8, &'static str, usize)> {
    let mut found = None;
    for i in r {
        let t = &view.lines[i].text;
        let Some(pos) = t.find(['☒', '☑', '■', '▣']) else {
            continue;
        };
        let Some(class) = classify(&t[pos..]) else {
            continue;
        };
        if found.is_some() {
            return None; // several ticked: leave it to the text
        }
        found = Some((4, class, i));
    }
    found
}

/// The best-cued classification in a section: (strength, class, line index).
fn conclude(view: &CaseView, r: std::ops::Range<usize>) -> Option<(u8, &'static str, usize)> {
    if let Some(ticked) = ticked_option(view, r.clone()) {
        return Some(ticked);
    }
    let mut best: Option<(u8, &'static str, usize)> = None;
    let mut inherited = 0u8;
    for p in paragraphs(view, r) {
        let cue = if CUE_DECISION.is_match(&p.text) {
            3
        } else if CUE_PROPOSAL.is_match(&p.text) {
            2
        } else {
            0
        };
        let para_cue = cue.max(inherited);
        inherited = if cue > 0 && p.text.trim_end().ends_with(':') {
            cue
        } else {
            0
        };
        for sentence in p.text.split_inclusive(['.', '!', '?']) {
            if BOILERPLATE.is_match(sentence) {
                continue;
            }
            let Some(class) = classify(sentence) else {
                continue;
            };
            let strength = if para_cue > 0 {
                para_cue
            } else if CUE_ASSESSMENT.is_match(sentence) {
                1
            } else {
                0
            };
            if best.is_none_or(|(s, _, _)| strength > s) {
                best = Some((strength, class, p.idx));
            }
        }
    }
    best
}

pub fn extract(view: &CaseView, f: &mut Fields) {
    let order = [
        SectionKind::Decision,
        SectionKind::BoardMemo,
        SectionKind::IvoNotification,
        SectionKind::Investigation,
    ];
    'outer: for kind in order {
        for r in view.section_ranges(kind).collect::<Vec<_>>() {
            if let Some((strength, class, idx)) = conclude(view, r) {
                // A bare mention in an investigation is not a conclusion.
                if kind == SectionKind::Investigation && strength == 0 {
                    continue;
                }
                f.classification = Some(class);
                let line = view.lines[idx].clone();
                f.note("classification", &line, &line.text);
                break 'outer;
            }
        }
    }
    reported_to_ivo(view, f);
}

fn reported_to_ivo(view: &CaseView, f: &mut Fields) {
    let notified = view.has(SectionKind::IvoNotification)
        || f.mentions.iter().any(|m| m.role == Some(Role::IvoNotified));
    let said = view.range().find(|&i| {
        let t = &view.lines[i].text;
        IVO_DONE.is_match(t) && !OPTION_LINE.is_match(t) && !UNFILLED.is_match(t)
    });
    if notified || said.is_some() {
        f.reported_to_ivo = Some(true);
        if let Some(i) = said {
            let line = view.lines[i].clone();
            f.note("reported_to_ivo", &line, &line.text);
        }
    } else if matches!(f.classification, Some(INGET | RISK | MISSFORHALLANDE)) {
        // Not serious: no duty to notify IVO, and nothing says it was done.
        f.reported_to_ivo = Some(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticked_option_is_the_outcome() {
        use crate::model::{Document, Format};
        let text = "Beslut enligt delegation\nFörslag till beslut\n☐ Det rapporterade utgjorde en påtaglig risk för missförhållande\n☒ Det rapporterade utgjorde ett missförhållande\n☐ Det rapporterade utgjorde ett allvarligt missförhållande (anmäls till IVO)*\n";
        let doc = Document {
            format: Format::Text,
            pages: vec![text.to_string()],
        };
        let lines = crate::clean::clean(&doc);
        let spans = crate::segment::segment(&lines);
        let f = crate::extract::extract(&lines, &spans[0]);
        assert_eq!(f.classification, Some(MISSFORHALLANDE));
    }

    #[test]
    fn classify_table() {
        let cases = [
            (
                "Förslag till beslut: Det rapporterade utgjorde en påtaglig risk för missförhållande.",
                Some(RISK),
            ),
            (
                "Det rapporterade utgjorde ett missförhållande enligt bestämmelserna om lex Sarah",
                Some(MISSFORHALLANDE),
            ),
            (
                "Inget missförhållande har skett och det får ej heller anses har funnits risk",
                Some(INGET),
            ),
            (
                "Händelsen bedöms som ett allvarligt missförhållande med motivering att",
                Some(ALLVARLIGT),
            ),
            (
                "det inträffade utgjorde en påtaglig risk för ett allvarligt missförhållande och att",
                Some(RISK_ALLVARLIGT),
            ),
            (
                "Det får därför inte anses ha skett något missförhållande eller varit risk för missförhållande.",
                Some(INGET),
            ),
            (
                "Det rapporterade utgjorde inte ett missförhållande eller allvarlig risk för missförhållande",
                Some(INGET),
            ),
            (
                "Utredningens bedömning är att det rapporterade utgjorde ett missförhållande enligt Lex Sarah.",
                Some(MISSFORHALLANDE),
            ),
            ("Enheten har inte gjort en riskanalys.", None),
            ("Lex Sarah syftar till att säkerställa god kvalitet.", None),
        ];
        for (s, want) in cases {
            assert_eq!(classify(s), want, "{s:?}");
        }
    }
}
