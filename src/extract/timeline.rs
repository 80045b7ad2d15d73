//! Timeline: every date mention of a case, resolved to calendar dates, and
//! which event each one dates.
//!
//! Mentions come from `dates::find_dates` on every line (diarienummer spans
//! masked). A missing year is taken from the case's own dates: the latest
//! year that does not put the date after the section was written. An
//! ambiguous slashed date keeps only the readings that fall within the
//! case's span of dates, and then those that agree with a weekday written
//! beside it.
//!
//! Roles (`Role`) come from the form's labels first — the report's
//! Datum/Veckodag/Klockslag block and signature, the investigation's
//! "Rapporten inkom" and "Utredningen inledd" cells and its answer to "När
//! och hur uppmärksammades …", the decision's signature date, the IVO form's
//! Datum and "Datum, veckodag samt klockslag för det inträffade" — and then
//! from running text ("inkom 191120", "inleddes 2019-11-27", "En lex
//! Sarah-anmälan till IVO gjordes den 15 januari"). `primary` picks, per
//! role, the mention of the section that owns that event.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

use super::dates::{self, DateHit, DateKind};
use super::{CaseView, Fields, Mention, Role};
use crate::model::SectionKind;

/// Which section's value wins for each role, most authoritative first.
fn precedence(role: Role) -> &'static [SectionKind] {
    use SectionKind::*;
    match role {
        Role::Observed => &[Report, IvoNotification, Investigation, BoardMemo, Decision],
        Role::Reported => &[Report, IvoNotification, Investigation, Decision, BoardMemo],
        Role::Received => &[Investigation, Report, Decision, IvoNotification, BoardMemo],
        Role::InvestigationStarted => {
            &[Investigation, Decision, IvoNotification, BoardMemo, Report]
        }
        Role::Decided => &[Decision, BoardMemo, IvoNotification, Investigation, Report],
        Role::IvoNotified => &[IvoNotification, BoardMemo, Decision, Investigation, Report],
    }
}

/// The mention that gives `role` its value.
pub fn primary(mentions: &[Mention], role: Role) -> Option<&Mention> {
    let order = precedence(role);
    mentions
        .iter()
        .filter(|m| m.role == Some(role))
        .min_by_key(|m| {
            let sec = m
                .section
                .and_then(|s| order.iter().position(|&o| o == s))
                .unwrap_or(order.len());
            (sec, !m.labelled, m.line)
        })
}

/// Mentions of the same role from other sections than the primary one.
pub fn role_mentions(mentions: &[Mention], role: Role) -> impl Iterator<Item = &Mention> {
    mentions.iter().filter(move |m| m.role == Some(role))
}

pub fn extract(view: &CaseView, f: &mut Fields) {
    let hits = collect_hits(view, f);
    let mut mentions = resolve(view, hits);
    assign_roles(view, &mut mentions);
    f.mentions = mentions;
    fill_observed(view, f);
}

/// Raw hits per line index, with diarienummer spans masked.
fn collect_hits(view: &CaseView, f: &Fields) -> Vec<(usize, DateHit)> {
    let mut out = Vec::new();
    for i in view.range() {
        let line = &view.lines[i];
        if !line.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut text = line.text.clone();
        for d in f.dnr_mentions.iter().filter(|d| d.line == line.no) {
            if let Some(pos) = text.find(&d.raw) {
                text.replace_range(pos..pos + d.raw.len(), &" ".repeat(d.raw.len()));
            }
        }
        for hit in dates::find_dates(&text) {
            if !is_quantity(&text, &hit) {
                out.push((i, hit));
            }
        }
    }
    out
}

/// A slashed number followed by a unit is a quantity, not a date
/// (`1/2 timme`, `3/4 dag`, `1/4 av personalen`).
fn is_quantity(text: &str, hit: &DateHit) -> bool {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:timm[ae]r?|tim\b|h\b|dag(?:ar)?\b|dygn|vecka|veckor|minut(?:er)?|min\b|procent|%|kg|liter|st\b|av\b|del(?:ar)?\b)")
            .expect("valid regex")
    });
    hit.raw.matches('/').count() == 1 && UNIT.is_match(&text[hit.span.end..])
}

/// Turn hits into mentions: years inferred, implausible readings dropped.
fn resolve(view: &CaseView, hits: Vec<(usize, DateHit)>) -> Vec<Mention> {
    let full = |sec: Option<SectionKind>| -> Vec<Date> {
        hits.iter()
            .filter(|(i, _)| sec.is_none() || view.section_of(*i) == sec)
            .filter_map(|(_, h)| match &h.kind {
                DateKind::Parsed(r) if r.len() == 1 => {
                    let p = r[0].start;
                    p.year.and_then(|y| Date::new(y, p.month, p.day).ok())
                }
                _ => None,
            })
            .collect()
    };
    let case_dates = full(None);
    let mut out = Vec::new();
    for (i, hit) in &hits {
        let line = &view.lines[*i];
        let section = view.section_of(*i);
        let sec_dates = full(section);
        // The paper trail is complete by the case's latest date: no date written
        // without a year falls after it.
        let reference = sec_dates.iter().chain(&case_dates).copied().max();
        let mut m = Mention {
            raw: hit.raw.clone(),
            line: line.no,
            page: line.page,
            idx: *i,
            col: hit.span.start,
            readings: Vec::new(),
            year_inferred: false,
            unparsed: matches!(hit.kind, DateKind::Unparsed),
            role: None,
            section,
            labelled: false,
            weekday: dates::find_weekday(&line.text).map(|(r, w)| (w, line.text[r].to_string())),
        };
        if let DateKind::Parsed(readings) = &hit.kind {
            for r in readings {
                let Some((start, inferred)) = calendar(r.start, reference) else {
                    continue;
                };
                let end = r.end.and_then(|e| range_end(e, start));
                m.year_inferred |= inferred;
                m.readings.push((start, end));
            }
            narrow(&mut m, &case_dates, reference);
            if m.readings.is_empty() {
                m.unparsed = true;
            }
        }
        out.push(m);
    }
    out
}

/// The end of a range whose start is `start`: its own year if written, else
/// the start's year, or the next one when the range crosses New Year.
fn range_end(e: dates::PartialDate, start: Date) -> Option<Date> {
    if let Some(y) = e.year {
        return Date::new(y, e.month, e.day).ok();
    }
    let same = Date::new(start.year(), e.month, e.day).ok()?;
    if same >= start {
        Some(same)
    } else {
        Date::new(start.year() + 1, e.month, e.day).ok()
    }
}

/// A partial date on the calendar: (date, whether the year was inferred).
fn calendar(p: dates::PartialDate, reference: Option<Date>) -> Option<(Date, bool)> {
    match p.year {
        Some(y) => Date::new(y, p.month, p.day).ok().map(|d| (d, false)),
        None => {
            let reference = reference?;
            dates::infer_year(p, reference).map(|d| {
                // A range end before its start rolls into the start's year.
                (d, true)
            })
        }
    }
}

/// Keep, of several readings, those inside the case's span of dates, then
/// those that agree with the weekday written beside the mention.
fn narrow(m: &mut Mention, case_dates: &[Date], reference: Option<Date>) {
    if m.readings.len() < 2 {
        return;
    }
    if let (Some(lo), Some(hi)) = (case_dates.iter().min(), reference) {
        let lo = lo.checked_sub(jiff::Span::new().days(60)).unwrap_or(*lo);
        let inside: Vec<_> = m
            .readings
            .iter()
            .copied()
            .filter(|r| r.0 >= lo && r.0 <= hi)
            .collect();
        if !inside.is_empty() {
            m.readings = inside;
        }
    }
    if let Some((wd, _)) = m.weekday {
        let agree: Vec<_> = m
            .readings
            .iter()
            .copied()
            .filter(|r| r.0.weekday() == wd)
            .collect();
        if !agree.is_empty() {
            m.readings = agree;
        }
    }
}

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

fn assign_roles(view: &CaseView, ms: &mut Vec<Mention>) {
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
    let Some((i, at)) = super::form::find_label(view.lines, r.clone(), label) else {
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
    let Some((i, at)) = super::form::find_label(view.lines, r.clone(), label) else {
        return;
    };
    let Some(cell) = super::form::value_at(view.lines, i, at, r.end) else {
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
    for k in 0..ms.len() {
        if ms[k].role.is_some() || ms[k].unparsed {
            continue;
        }
        ms[k].role = narrative_role(view, &ms[k]);
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

/// Fill the `observed` block (date, end, weekday, time, raw) from the
/// primary observed mention.
fn fill_observed(view: &CaseView, f: &mut Fields) {
    let Some(m) = primary(&f.mentions, Role::Observed).cloned() else {
        return;
    };
    let line = view.lines[m.idx].clone();
    f.observed.raw = Some(m.raw.clone());
    if let Some((start, end)) = m.readings.first() {
        f.observed.date = Some(start.to_string());
        f.observed.end_date = end.map(|e| e.to_string());
    }
    if let Some((_, written)) = &m.weekday {
        f.observed.weekday = Some(written.to_lowercase());
    }
    if let Some((h, min)) = block_time(view, &m) {
        f.observed.time = Some(format!("{h:02}:{min:02}"));
    }
    f.note("observed", &line, &line.text);
}

/// Lines a form cell's neighbours may stand on: the mention's line first,
/// then the short lines around it in the same section (a PDF or OCR layout
/// puts `Datum` / `190612` / `Veckodag` / `onsdag` on lines of their own).
fn cell_neighbours<'a>(view: &'a CaseView, m: &Mention) -> impl Iterator<Item = &'a str> + 'a {
    let sec = view.section_of(m.idx);
    let lo = m.idx.saturating_sub(3).max(view.span.start);
    let hi = (m.idx + 5).min(view.span.end);
    let idx = m.idx;
    std::iter::once(view.lines[idx].text.as_str()).chain(
        (lo..hi)
            .filter(move |&j| j != idx && view.section_of(j) == sec)
            .map(move |j| view.lines[j].text.as_str())
            .filter(|t| t.chars().count() <= 40 && !t.trim_end().ends_with(['.', '?', ':'])),
    )
}

/// The clock time written with the observed date, on its line or in its cell block.
fn block_time(view: &CaseView, m: &Mention) -> Option<(i8, i8)> {
    cell_neighbours(view, m).find_map(|t| dates::find_time(t).map(|(_, h, min)| (h, min)))
}

/// A labelled observed date without a weekday on its line takes the one
/// written in its cell block (`Veckodag` / `onsdag`).
fn observed_cells(view: &CaseView, ms: &mut [Mention]) {
    for k in 0..ms.len() {
        if ms[k].role != Some(Role::Observed) || !ms[k].labelled || ms[k].weekday.is_some() {
            continue;
        }
        let found = cell_neighbours(view, &ms[k])
            .find_map(|t| dates::find_weekday(t).map(|(r, w)| (w, t[r].to_string())));
        ms[k].weekday = found;
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Document, Format};
    use crate::{clean, extract, segment};

    fn mentions(text: &str) -> Vec<super::Mention> {
        let doc = Document {
            format: Format::Text,
            pages: vec![text.to_string()],
        };
        let lines = clean::clean(&doc);
        let spans = segment::segment(&lines);
        extract::extract(&lines, &spans[0]).mentions
    }

    #[test]
    fn ranges_without_a_year_end_in_the_start_year() {
        let text = "ANMÄLAN ENLIGT LEX SARAH\nDatum\n20190418\nIncidenten pågick under den 22-26:e februari.\nMellan 30/12 och den 28-2:e januari.\n";
        let ms = mentions(text);
        let got: Vec<String> = ms
            .iter()
            .map(|m| {
                format!(
                    "{} {:?}",
                    m.raw,
                    m.readings
                        .first()
                        .map(|r| (r.0.to_string(), r.1.map(|e| e.to_string())))
                )
            })
            .collect();
        assert!(
            got.contains(
                &"22-26:e februari Some((\"2019-02-22\", Some(\"2019-02-26\")))".to_string()
            ),
            "{got:?}"
        );
    }

    #[test]
    fn quantities_are_not_dates() {
        let ms = mentions(
            "Beslut enligt delegation\nPersonalen var 1/2 timme sen, 3/4 dag, och 1/4 av personalen saknades den 17/6.\nDatum 2021-07-01\n",
        );
        let raws: Vec<&str> = ms.iter().map(|m| m.raw.as_str()).collect();
        assert_eq!(raws, ["17/6", "2021-07-01"]);
    }

    #[test]
    fn unreadable_handwritten_decision_date_is_an_unparsed_mention() {
        let text = "Beslut enligt delegation\n\nBeslut enligt ärendegrupp i delegationsordningen:1912 *R*\nDatum\nUnderskriftKarina Uddén\n";
        let ms = mentions(text);
        let d: Vec<_> = ms
            .iter()
            .filter(|m| m.role == Some(super::Role::Decided))
            .collect();
        assert_eq!(d.len(), 1, "{ms:?}");
        assert!(d[0].unparsed);
        assert_eq!(d[0].raw, "1912 R");
    }
}
