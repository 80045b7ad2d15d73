//! Which event each date mention dates: form labels first (the report's
//! Datum/Veckodag/Klockslag block and signature, the investigation's cells
//! and its answer to "När och hur uppmärksammades …", the decision's
//! signature date, the IVO form's Datum and event cells), then running text
//! ("inkom 191120", "inleddes 2019-11-27", "anmälan till IVO gjordes den 15
//! januari"), then what a memo tells in its own words.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{CaseView, Mention, Role, dates};
use crate::model::SectionKind;

static OBSERVED_Q_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)när\s+har\s+missförhållandet|^\s*datum\s+veckodag\s+klockslag")
        .expect("valid regex")
});
static SIGNATURE_REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)underskrift\s+av\s+rapportören").expect("valid regex"));
static RECEIVED_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)rapporten\s+inkom(?:\s*\(datum\))?").expect("valid regex"));
static STARTED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)utredningen\s+inledd(?:\s*\(datum\))?").expect("valid regex")
});
static OBSERVED_Q_INV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)när\s+och\s+hur\s+uppmärksammades").expect("valid regex"));
static DECISION_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)delegationsordningen:?|^\s*beslutsdatum:?|^\s*datum\s+för\s+beslut:?")
        .expect("valid regex")
});
static IVO_OBSERVED: LazyLock<Regex> = LazyLock::new(|| {
    // OCR damages small print: `Datum. veckadag samt klockslag för det inträftade`.
    Regex::new(
        r"(?i)datum[,.]?\s+vec\p{L}{2,5}\s+(?:samt|och)\s+klockslag\s+för\s+det\s+inträ\p{L}+",
    )
    .expect("valid regex")
});
static DATE_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Datum\b:?").expect("valid regex"));
static DATE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Datum:?\s*$").expect("valid regex"));

/// Narrative cues: (pattern in the clause before the date, role).
static NARRATIVE: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).expect("valid regex");
    vec![
        (
            r(
                r"(?i)anmälan\s+(?:enligt\s+lex\s+sarah\s+)?till\s+ivo\s+(?:gjordes|skickades|lämnades|har\s+gjorts|inkom)|anmäldes\s+(?:till\s+)?ivo|anmälan\s+till\s+ivo\s+har\s+skickats",
            ),
            Role::IvoNotified,
        ),
        (r(r"(?i)\binkom(?:mit)?\b|\bkom\s+in\b"), Role::Received),
        (
            r(r"(?i)\binled(?:des|d|de)\b|\bpåbörjades\b"),
            Role::InvestigationStarted,
        ),
        (
            r(
                r"(?i)lämnade?s?\s+(?:en\s+)?lex\s+sarah[- ]?rapport|lex\s+sarah[- ]?rapport\s+lämnades|rapporterade\s+.*lex\s+sarah",
            ),
            Role::Reported,
        ),
        (
            r(r"(?i)\buppmärksammades\b|\binträffade\b|\bägde\s+rum\b"),
            Role::Observed,
        ),
    ]
});

pub(super) fn assign(view: &CaseView, ms: &mut Vec<Mention>) {
    for sec in view.span.sections.iter() {
        let r = sec.start..sec.end;
        match sec.kind {
            SectionKind::Report => {
                label_block(view, ms, r.clone(), &OBSERVED_Q_REPORT, 8, Role::Observed);
                label_block(view, ms, r.clone(), &SIGNATURE_REPORT, 6, Role::Reported);
            }
            SectionKind::Investigation => {
                label_cell(view, ms, r.clone(), &RECEIVED_LABEL, Role::Received);
                label_cell(
                    view,
                    ms,
                    r.clone(),
                    &STARTED_LABEL,
                    Role::InvestigationStarted,
                );
                answer_block(view, ms, r.clone(), &OBSERVED_Q_INV, Role::Observed);
            }
            SectionKind::Decision => {
                label_cell(view, ms, r.clone(), &DECISION_DATE, Role::Decided);
                if !ms
                    .iter()
                    .any(|m| m.role == Some(Role::Decided) && r.contains(&m.idx))
                {
                    unparsed_cell(view, ms, r.clone(), &DECISION_DATE, Role::Decided);
                }
                if !ms
                    .iter()
                    .any(|m| m.role == Some(Role::Decided) && r.contains(&m.idx))
                {
                    // A decision form without the delegation line: its Datum cell.
                    label_cell(view, ms, r.clone(), &DATE_CELL, Role::Decided);
                }
            }
            SectionKind::IvoNotification => {
                label_cell(view, ms, r.clone(), &IVO_OBSERVED, Role::Observed);
                label_cell(view, ms, r.clone(), &DATE_LABEL, Role::IvoNotified);
            }
            SectionKind::BoardMemo => {}
        }
    }
    observed_cells(view, ms);
    ivo_form_date(view, ms);
    narrative(view, ms);
    memo_observed(view, ms);
}

/// The IVO form's own date when OCR lost its `Datum` label: the first full
/// date written above the sender block ("Anmälan görs av").
fn ivo_form_date(view: &CaseView, ms: &mut [Mention]) {
    if !view.has(SectionKind::IvoNotification)
        || ms.iter().any(|m| m.role == Some(Role::IvoNotified))
    {
        return;
    }
    let sender = view.range().find(|&i| {
        view.lines[i]
            .text
            .to_lowercase()
            .contains("anmälan görs av")
    });
    let limit = sender.unwrap_or(view.span.start + 15);
    if let Some(m) = ms
        .iter_mut()
        .find(|m| m.idx < limit && m.role.is_none() && !m.year_inferred && m.date().is_some())
    {
        m.role = Some(Role::IvoNotified);
        m.labelled = true;
    }
}

/// Give `role` to the first unassigned mention at or after the line matching
/// `label`, within `window` lines.
fn label_block(
    view: &CaseView,
    ms: &mut [Mention],
    r: Range<usize>,
    label: &Regex,
    window: usize,
    role: Role,
) {
    let Some(i) = r.clone().find(|&i| label.is_match(&view.lines[i].text)) else {
        return;
    };
    let hi = (i + window + 1).min(r.end);
    if let Some(m) = ms
        .iter_mut()
        .find(|m| (i..hi).contains(&m.idx) && m.role.is_none())
    {
        m.role = Some(role);
        m.labelled = true;
    }
}

/// Give `role` to the mention in the cell after `label` (same line after the
/// label, or the next non-empty line); a cell with digits that holds no
/// readable date becomes an unparsed mention.
fn label_cell(view: &CaseView, ms: &mut [Mention], r: Range<usize>, label: &Regex, role: Role) {
    let Some((i, at)) = crate::extract::form::find_label(view.lines, r.clone(), label) else {
        return;
    };
    let same = ms
        .iter()
        .position(|m| m.idx == i && m.role.is_none() && label_before(view, m, at));
    let idx = same.or_else(|| {
        let j = (i + 1..r.end.min(i + 5)).find(|&j| !view.lines[j].text.trim().is_empty())?;
        ms.iter().position(|m| m.idx == j && m.role.is_none())
    });
    if let Some(k) = idx {
        ms[k].role = Some(role);
        ms[k].labelled = true;
    }
}

static STAMP_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9][0-9 \-/.]{2,}[0-9]?\s*\p{L}{0,3}\.?$").expect("valid regex")
});

/// A date cell written by hand that holds digits but no readable date
/// (`1912 R`): an unparsed mention of `role`, never an invented day.
fn unparsed_cell(
    view: &CaseView,
    ms: &mut Vec<Mention>,
    r: Range<usize>,
    label: &Regex,
    role: Role,
) {
    let Some((i, at)) = crate::extract::form::find_label(view.lines, r.clone(), label) else {
        return;
    };
    let Some(cell) = crate::extract::form::value_at(view.lines, i, at, r.end) else {
        return;
    };
    let raw = cell.value.trim();
    if !STAMP_LIKE.is_match(raw) || ms.iter().any(|m| m.idx == cell.idx) {
        return;
    }
    let line = &view.lines[cell.idx];
    let m = Mention {
        raw: raw.to_string(),
        line: line.no,
        page: line.page,
        idx: cell.idx,
        col: line.text.find(raw).unwrap_or(0),
        readings: Vec::new(),
        year_inferred: false,
        unparsed: true,
        role: Some(role),
        section: view.section_of(cell.idx),
        labelled: true,
        weekday: None,
    };
    let pos = ms.iter().position(|x| x.idx > cell.idx).unwrap_or(ms.len());
    ms.insert(pos, m);
}

/// Is the mention after byte `at` of its line (to the right of the label)?
fn label_before(view: &CaseView, m: &Mention, at: usize) -> bool {
    view.lines[m.idx]
        .text
        .get(at..)
        .is_some_and(|rest| rest.contains(m.raw.as_str()))
}

/// The answer to a question of the investigation form: the lines after it
/// up to the next question or heading. Dates there that the text says are
/// something else ("rapport inkom 191122") are left to `narrative`.
fn answer_block(view: &CaseView, ms: &mut [Mention], r: Range<usize>, q: &Regex, role: Role) {
    let Some(i) = r.clone().find(|&i| q.is_match(&view.lines[i].text)) else {
        return;
    };
    let end = (i + 1..r.end)
        .find(|&j| {
            let t = view.lines[j].text.trim();
            t.ends_with('?') || crate::segment::heading_kind(t).is_some()
        })
        .unwrap_or(r.end);
    for m in ms
        .iter_mut()
        .filter(|m| (i..end).contains(&m.idx) && m.role.is_none())
    {
        if narrative_role(view, m).is_some_and(|nr| nr != role) {
            continue;
        }
        m.role = Some(role);
        m.labelled = true;
        break;
    }
}

/// The role running text gives a mention: a cue in its clause before it.
fn narrative_role(view: &CaseView, m: &Mention) -> Option<Role> {
    let text = &view.lines[m.idx].text;
    let pos = m.col.min(text.len());
    if !text.is_char_boundary(pos) {
        return None;
    }
    // The clause before the date, back to a sentence end or an earlier number;
    // after it, up to the next sentence end or number.
    let clause_start = text[..pos].rfind(['.', '!', '?', ';']).map_or(0, |k| k + 1);
    let wrapped;
    let mut before = &text[clause_start..pos];
    if clause_start == 0 {
        // The sentence may have begun on the line above (PDF and OCR wrap).
        if let Some(prev) = (m.idx.saturating_sub(2)..m.idx)
            .rev()
            .map(|j| view.lines[j].text.trim())
            .find(|t| !t.is_empty())
        {
            let tail = prev
                .rfind(['.', '!', '?', ';'])
                .map_or(prev, |k| &prev[k + 1..]);
            wrapped = format!("{tail} {before}");
            before = &wrapped;
        }
    }
    if let Some(k) = before.rfind(|c: char| c.is_ascii_digit()) {
        before = &before[k + 1..];
    }
    let rest = text.get(pos + m.raw.len()..).unwrap_or("");
    let after_end = rest
        .find(|c: char| matches!(c, '.' | '!' | '?' | ';') || c.is_ascii_digit())
        .unwrap_or(rest.len());
    let after = &rest[..after_end];
    NARRATIVE
        .iter()
        .find(|(re, _)| re.is_match(before))
        .or_else(|| {
            NARRATIVE
                .iter()
                .find(|(re, role)| *role != Role::Observed && re.is_match(after))
        })
        .map(|(_, role)| *role)
}

fn narrative(view: &CaseView, ms: &mut [Mention]) {
    for m in ms.iter_mut().filter(|m| m.role.is_none() && !m.unparsed) {
        m.role = narrative_role(view, m);
    }
}

/// A board memo tells the event in its own words: without a cue, the first
/// date of its text that is earlier than the memo is when it happened.
fn memo_observed(view: &CaseView, ms: &mut [Mention]) {
    if ms.iter().any(|m| m.role == Some(Role::Observed)) {
        return;
    }
    for r in view.section_ranges(SectionKind::BoardMemo) {
        let memo_date = ms
            .iter()
            .filter(|m| r.contains(&m.idx))
            .find_map(Mention::date);
        let cand = ms
            .iter_mut()
            .filter(|m| r.contains(&m.idx) && m.role.is_none() && !m.unparsed)
            .find(|m| {
                let text = &view.lines[m.idx].text;
                text.len() > 60 && m.date().zip(memo_date).is_some_and(|(d, md)| d < md)
            });
        if let Some(m) = cand {
            m.role = Some(Role::Observed);
        }
    }
}

/// A labelled observed date without a weekday on its line takes the one
/// written in its cell block (`Veckodag` / `onsdag`).
fn observed_cells(view: &CaseView, ms: &mut [Mention]) {
    for m in ms
        .iter_mut()
        .filter(|m| m.role == Some(Role::Observed) && m.labelled && m.weekday.is_none())
    {
        m.weekday = super::cell_neighbours(view, m)
            .find_map(|t| dates::find_weekday(t).map(|(r, w)| (w, t[r].to_string())));
    }
}
