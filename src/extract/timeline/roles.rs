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
    Regex::new(r"(?i)datum[,.]?\s+vec\S{2,5}\s+(?:samt|och)\s+klockslag\s+för\s+det\s+inträ\S+")
        .expect("valid regex")
});
static DATE_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Datum(?-u:\b):?").expect("valid regex"));
/// A bare `Datum` cell with its value (not `Datum då missförhållandet
/// uppmärksammades: …`).
static BARE_DATE_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*Datum:?(?:\s*$|\s*\t|\s+(?:den\s+)?[0-9])").expect("valid regex")
});
static DATE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*Datum:?\s*$").expect("valid regex"));

/// A clause saying a notification was not made (`har inte anmälts till IVO`,
/// `ej anmäld`).
static NOT_NOTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:inte|ej|icke|aldrig)\s+(?:\S+\s+)?anmäl").expect("valid regex")
});

/// Narrative cues: (pattern in the clause before the date, role).
static NARRATIVE: LazyLock<Vec<(Regex, Role)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).expect("valid regex");
    vec![
        (
            r(
                r"(?i)anmälan\s+(?:enligt\s+lex\s+sarah\s+)?till\s+(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg)\s+(?:gjordes|skickades|sändes|lämnades|har\s+gjorts|inkom)|anmäldes\s+(?:till\s+)?ivo|anmälan\s+till\s+ivo\s+har\s+(?:skickats|sänts|lämnats)|(?-u:\b)anmäl(?:ts|des|t|d)\s+(?:\S+\s+){0,2}?till\s+(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg)",
            ),
            Role::IvoNotified,
        ),
        (
            r(
                r"(?i)(?-u:\b)inkom(?:mit)?(?-u:\b)|(?-u:\b)kom\s+in(?-u:\b)|(?-u:\b)mottogs(?-u:\b)|(?-u:\b)togs\s+emot(?-u:\b)|(?-u:\b)registrerades(?-u:\b)",
            ),
            Role::Received,
        ),
        (
            r(
                r"(?i)(?-u:\b)beslut(?:et)?\s+(?:fattades|togs)(?-u:\b)|(?-u:\b)beslutade[s]?(?-u:\b)|(?-u:\b)beslöt(?-u:\b)|(?-u:\b)avslutades\s+genom\s+beslut",
            ),
            Role::Decided,
        ),
        (
            r(r"(?i)(?-u:\b)inled(?:des|d|de)(?-u:\b)|(?-u:\b)påbörjades(?-u:\b)"),
            Role::InvestigationStarted,
        ),
        (
            r(
                r"(?i)lämnade?s?\s+(?:en\s+)?lex\s+sarah?[- ]?rapport|lex\s+sarah?[- ]?rapport\s+lämnades|rapporterade\s+.*lex\s+sarah|(?-u:\b)rapport(?:en)?\s+(?:är\s+)?(?:daterad|skrevs|skriven|upprättades|undertecknades|lämnades)",
            ),
            Role::Reported,
        ),
        (
            r(
                r"(?i)(?-u:\b)uppmärksammades(?-u:\b)|(?-u:\b)inträffade(?-u:\b)|(?:^|\s)ägde\s+rum(?-u:\b)|(?-u:\b)upptäcktes(?-u:\b)|(?-u:\b)skedde(?-u:\b)|(?-u:\b)hände(?-u:\b)|(?-u:\b)pågick(?-u:\b)|(?-u:\b)under\s+perioden(?-u:\b)",
            ),
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
                    if let Some(i) = r
                        .clone()
                        .find(|&i| BARE_DATE_CELL.is_match(&view.lines[i].text))
                    {
                        label_cell(view, ms, i..r.end, &DATE_CELL, Role::Decided);
                    }
                }
            }
            SectionKind::IvoNotification => {
                label_cell(view, ms, r.clone(), &IVO_OBSERVED, Role::Observed);
                label_cell(view, ms, r.clone(), &DATE_LABEL, Role::IvoNotified);
            }
            SectionKind::BoardMemo => {}
        }
    }
    vocabulary_labels(view, ms);
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
    Regex::new(r"^[0-9][0-9 \-/.]{2,}[0-9]?\s*[^\s0-9]{0,3}\.?$").expect("valid regex")
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
            t.ends_with('?') || crate::vocab::heading_kind(t).is_some()
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
    let own_before = &text[clause_start..pos];
    let mut before = own_before;
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
    // A date that opens its sentence takes the verb right after it as its
    // cue ("Måndagen den 29 mars 2021 uppmärksammades att …").
    let opens = own_before.split_whitespace().count() <= 3
        && own_before.split_whitespace().all(|w| {
            matches!(w.to_lowercase().as_str(), "den" | "d." | "på" | "under")
                || dates::weekday_from_swedish(w).is_some()
        });
    let near_after: String = after
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    // "har inte anmälts till IVO": no notification, so no notification date.
    let cue = |re: &Regex, role: Role, clause: &str| {
        re.is_match(clause) && (role != Role::IvoNotified || !NOT_NOTIFIED.is_match(clause))
    };
    NARRATIVE
        .iter()
        .find(|(re, role)| cue(re, *role, before))
        .or_else(|| {
            NARRATIVE
                .iter()
                .find(|(re, role)| *role != Role::Observed && cue(re, *role, after))
        })
        .or_else(|| {
            NARRATIVE
                .iter()
                .find(|(re, role)| opens && *role == Role::Observed && re.is_match(&near_after))
        })
        .map(|(_, role)| *role)
        .or_else(|| {
            // OCR may put a paragraph's last line before the paragraph: a
            // line that opens in lower case (`förvaltningen 2017-06-12.`)
            // continues the unfinished sentence a few lines below (`…
            // Rapporten inkom till`).
            let head = before.trim_start();
            if clause_start != 0 || !head.chars().next().is_some_and(char::is_lowercase) {
                return None;
            }
            // The paragraph after it, and its last line.
            let lines = view.lines;
            let start = (m.idx + 1..(m.idx + 3).min(lines.len()))
                .find(|&j| !lines[j].text.trim().is_empty())?;
            let end = (start..(start + 8).min(lines.len()))
                .take_while(|&j| !lines[j].text.trim().is_empty())
                .last()?;
            let unfinished = lines[end].text.trim();
            if unfinished.ends_with(['.', '!', '?', ':', ';']) {
                return None;
            }
            let tail = unfinished
                .rfind(['.', '!', '?', ';'])
                .map_or(unfinished, |k| &unfinished[k + 1..]);
            let joined = format!("{tail} {head}");
            NARRATIVE
                .iter()
                .find(|(re, role)| *role != Role::Observed && re.is_match(&joined))
                .map(|(_, role)| *role)
        })
}

fn narrative(view: &CaseView, ms: &mut [Mention]) {
    for m in ms.iter_mut().filter(|m| m.role.is_none() && !m.unparsed) {
        m.role = narrative_role(view, m);
    }
}

/// A board memo tells the event in its own words: without a cue, the first
/// date of its text that is earlier than the memo is when it happened. In
/// any other case without an observed date, the first date of running text
/// earlier than every dated step of the paper trail (reported, received,
/// investigation started) is the incident's ("… efter ett sjukhusbesök
/// måndagen den 2 november 2020").
fn memo_observed(view: &CaseView, ms: &mut [Mention]) {
    if ms.iter().any(|m| m.role == Some(Role::Observed)) {
        return;
    }
    let first_step = ms
        .iter()
        .filter(|m| {
            matches!(
                m.role,
                Some(Role::Reported | Role::Received | Role::InvestigationStarted)
            )
        })
        .filter_map(Mention::date)
        .min();
    if let Some(first_step) = first_step
        && !view.has(SectionKind::BoardMemo)
    {
        if let Some(m) = ms.iter_mut().find(|m| {
            m.role.is_none()
                && !m.unparsed
                && m.date().is_some_and(|d| d < first_step)
                && running_text(view, m.idx)
        }) {
            m.role = Some(Role::Observed);
        }
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

/// Cells of a line: split at tabs, at runs of two or more spaces, and after
/// a sentence end; (start byte, text) of each.
fn cells(text: &str) -> Vec<(usize, &str)> {
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\t|\s{3,}|[.;]\s+").expect("valid regex"));
    let mut out = Vec::new();
    let mut at = 0;
    for m in SPLIT.find_iter(text) {
        out.push((at, &text[at..m.start()]));
        at = m.end();
    }
    out.push((at, &text[at..]));
    out
}

/// Words that sign a form: a `Datum` beside them is the signature's date.
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)underskrift|namnförtydligande|signatur|undertecknad").expect("valid regex")
});

/// Dates labelled in any template's words (`vocab::date_label`): the label
/// ends the mention's own cell (`Rapport mottagen: 30 mars 2021`,
/// `Utredning påbörjad 08-03-25`), or is the cell before it (`Mottagen av`
/// / `Enhetschef Jonas Ring, 2021-04-14`), or the line above a date that
/// stands alone on its line. A bare `Datum` beside a signature in a report
/// is the report's date.
fn vocabulary_labels(view: &CaseView, ms: &mut [Mention]) {
    for k in 0..ms.len() {
        if ms[k].role.is_some() {
            continue;
        }
        let m = &ms[k];
        let text = &view.lines[m.idx].text;
        let Some(prefix) = text.get(..m.col) else {
            continue;
        };
        let cs = cells(prefix);
        let (own_start, own) = *cs.last().expect("cells are never empty");
        let mut role = crate::vocab::date_label(own);
        let mut generic_date = is_generic_date(own);
        if role.is_none() && !generic_date && own.trim().is_empty() && cs.len() >= 2 {
            // The label is the cell before, and no date stands between.
            let (_, before) = cs[cs.len() - 2];
            role = crate::vocab::date_label(before);
            generic_date = is_generic_date(before);
        }
        if role.is_none()
            && !generic_date
            && cs.len() >= 2
            && !own.bytes().any(|b| b.is_ascii_digit())
            && ms[..k].iter().all(|p| p.idx != m.idx || p.col < own_start)
        {
            let (_, before) = cs[cs.len() - 2];
            role = crate::vocab::date_label(before);
        }
        if role.is_none() && !generic_date {
            // A table: the value row's cell takes the header row's label.
            if let Some(header) = column_header(view, m.idx, m.col) {
                role = crate::vocab::date_label(header);
                generic_date = role.is_none() && is_generic_date(header);
            }
        }
        if role.is_none()
            && !generic_date
            && prefix.len() < 40
            && crate::vocab::normalise_label(prefix).is_empty()
        {
            // A date alone on its line: the label may stand above it.
            if let Some(above) = (m.idx.saturating_sub(2)..m.idx)
                .rev()
                .map(|j| view.lines[j].text.trim())
                .find(|t| !t.is_empty())
            {
                role = crate::vocab::date_label(above);
                generic_date = is_generic_date(above);
            }
        }
        // A letterhead above the first title belongs to that document.
        let section = m.section.or_else(|| {
            view.span
                .sections
                .first()
                .filter(|s| m.idx < s.start)
                .map(|s| s.kind)
        });
        if role.is_none() && generic_date && section == Some(SectionKind::Report) {
            let lo = m.idx.saturating_sub(2);
            let hi = (m.idx + 3).min(view.lines.len());
            let place = crate::vocab::normalise_label(own).starts_with("ort och datum");
            if place || (lo..hi).any(|j| SIGNATURE.is_match(&view.lines[j].text)) {
                role = Some(Role::Reported);
            }
        }
        if role.is_none() && generic_date && section == Some(SectionKind::Decision) {
            role = Some(Role::Decided);
        }
        // A signature's place and date (`Sandviken 2021-02-09`) on a line of
        // its own: the date the document was signed.
        if role.is_none() && PLACE_DATE.is_match(prefix) && rest_is_empty(text, m) {
            role = match section {
                Some(SectionKind::Decision) => Some(Role::Decided),
                Some(SectionKind::Report) => Some(Role::Reported),
                _ => None,
            };
        }
        if let Some(role) = role {
            ms[k].role = Some(role);
            ms[k].labelled = true;
        }
    }
}

/// The header cell above byte `col` of line `i` when the line is a value
/// row of a table: the topmost of the rows above it (no blank between,
/// except where a rule row was) with the same number of tab-separated
/// cells.
fn column_header<'a>(view: &'a CaseView, i: usize, col: usize) -> Option<&'a str> {
    let text = &view.lines[i].text;
    let n = text.split('\t').count();
    if n < 2 {
        // Columns aligned with spaces need a wide gap on the line.
        return if text.contains("   ") {
            aligned_header(view, i, col)
        } else {
            None
        };
    }
    let k = text.get(..col)?.matches('\t').count();
    let mut header = None;
    let mut j = i;
    let mut blanks = 0;
    while j > view.span.start {
        j -= 1;
        let t = &view.lines[j].text;
        if t.trim().is_empty() {
            blanks += 1;
            if blanks > 1 {
                break;
            }
            continue;
        }
        if t.split('\t').count() != n {
            break;
        }
        blanks = 0;
        header = Some(j);
    }
    view.lines[header?].text.split('\t').nth(k)
}

/// A layout of columns aligned with spaces (a letterhead flattened to text:
/// `Kommunstyrelsen      Datum        Beteckning` over `…      1. april
/// 2019      KS 2019.123`): the header cell of the line just above (a blank
/// line between allowed) that starts at the value's column, give or take
/// two characters.
fn aligned_header<'a>(view: &'a CaseView, i: usize, col: usize) -> Option<&'a str> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{3,}").expect("valid regex"));
    let text = &view.lines[i].text;
    let at = text.get(..col)?.chars().count();
    // The value must stand in a column: after a wide gap, or at the start.
    let before = text.get(..col)?;
    if !(before.trim().is_empty()
        || before.ends_with("   ")
        || GAP.find_iter(before).last().is_some_and(|g| g.end() == col))
    {
        return None;
    }
    let j = (i.saturating_sub(2).max(view.span.start)..i)
        .rev()
        .find(|&j| !view.lines[j].text.trim().is_empty())?;
    let above = &view.lines[j].text;
    if !GAP.is_match(above) {
        return None;
    }
    // Cells as (start byte, end byte): the text between the gaps.
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for g in GAP.find_iter(above) {
        bounds.push((start, g.start()));
        start = g.end();
    }
    bounds.push((start, above.len()));
    bounds.into_iter().find_map(|(a, b)| {
        let cell = &above[a..b];
        let lead = cell.len() - cell.trim_start().len();
        let c = above[..a + lead].chars().count();
        (!cell.trim().is_empty() && c.abs_diff(at) <= 2).then_some(cell.trim())
    })
}

/// A place name before a signature date: one capitalised word (or two,
/// `Upplands Väsby`), optionally `den`, and nothing else on the line before.
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[A-ZÅÄÖÉÜ][^\s0-9]+(?:\s[A-ZÅÄÖÉÜ][^\s0-9]+)?(?:\s+den)?\s+$")
        .expect("valid regex")
});

/// Nothing but a short signature mark (`/IS`) or punctuation after the
/// mention.
fn rest_is_empty(text: &str, m: &Mention) -> bool {
    text.get(m.col + m.raw.len()..).is_some_and(|r| {
        let r = r.trim();
        r.len() <= 6
            && r.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '.' | ',' | '/' | ' '))
    })
}

/// A bare `Datum` label, or `Ort och datum` (with the place written after
/// it): what it dates depends on the form around it.
fn is_generic_date(cell: &str) -> bool {
    if cell.len() > 80 || !(cell.contains("atum") || cell.contains("ATUM")) {
        return false;
    }
    let t = crate::vocab::normalise_label(cell);
    t == "datum"
        || t == "ort och datum"
        || (t.starts_with("ort och datum") && t.split_whitespace().count() <= 5)
}

/// Is line `i` running text (a sentence, or part of a paragraph of them),
/// not a form cell or a stamp?
fn running_text(view: &CaseView, i: usize) -> bool {
    let t = view.lines[i].text.trim();
    let words = t.split_whitespace().count();
    if words >= 8 {
        return true;
    }
    let neighbour_long = |j: usize| {
        view.lines
            .get(j)
            .is_some_and(|l| l.text.split_whitespace().count() >= 8)
    };
    words >= 3 && (neighbour_long(i.wrapping_sub(1)) || neighbour_long(i + 1))
}
