//! Timeline: every date mention of a case, resolved to calendar dates, and
//! which event each one dates.
//!
//! Mentions come from `dates::find_dates` on every line (diarienummer spans
//! masked). A missing year is taken from the case's own dates: the latest
//! year that does not put the date after the case's latest date. An
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

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

mod roles;

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

pub fn extract(view: &CaseView, f: &mut Fields) {
    let hits = collect_hits(view, f);
    let mut mentions = resolve(view, hits);
    roles::assign(view, &mut mentions);
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
pub(super) fn cell_neighbours<'a>(
    view: &'a CaseView,
    m: &Mention,
) -> impl Iterator<Item = &'a str> + 'a {
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
