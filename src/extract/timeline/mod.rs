//! Timeline: every date mention of a case, resolved to calendar dates, and
//! which event each one dates.
//!
//! Mentions come from `dates::find_dates` on every line (diarienummer spans
//! masked). A two-digit year (`08-03-17`, `31/10/99`, `990612`) gets the
//! century that puts it nearest the case's dates written with four digits,
//! or the grammar's pivot when there are none; it counts as written, not
//! inferred. A missing year is taken from the case's own dates: the latest
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

use jiff::civil::Date;

mod roles;

use super::dates::{self, DateHit, DateKind};
use super::{CaseView, DnrMention, Found, Gap, Mention, Role};
use crate::model::{Observed, SectionKind};

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

/// The case's dates: every mention with its readings and role, and the
/// observed event's block read from the primary observed mention.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    /// In the order the lines hold them.
    pub mentions: Vec<Mention>,
    pub observed: Option<Found<Observed>>,
    /// The dates the case's sections should give and do not.
    pub gaps: Vec<Gap>,
}

/// Date every mention of the case; the registry numbers `dnr` (a
/// `2019-11-22` may be one) are masked out of the lines first.
pub fn extract(view: &CaseView, dnr: &[DnrMention]) -> Timeline {
    let hits = collect_hits(view, dnr);
    let mut mentions = resolve(view, hits);
    roles::assign(view, &mut mentions);
    after_the_decision(&mut mentions);
    let observed = observed(view, &mentions);
    let gaps = gaps(view, &mentions, observed.as_ref());
    Timeline {
        mentions,
        observed,
        gaps,
    }
}

/// The dates missing although the section whose form gives them is there:
/// the report's date of the event, the report's signature date, the
/// investigation's start, the decision's date, the IVO form's date.
fn gaps(view: &CaseView, mentions: &[Mention], observed: Option<&Found<Observed>>) -> Vec<Gap> {
    let mut out = Vec::new();
    if observed.and_then(|o| o.value.date.as_ref()).is_none() && view.has(SectionKind::Report) {
        out.push(Gap::new(
            "observed",
            0.6,
            "rapporten ger inget datum för händelsen",
        ));
    }
    for role in Role::DATES {
        let dated = primary(mentions, role).is_some_and(|m| m.date().is_some());
        if let Some(s) = section_of(role).filter(|&s| !dated && view.has(s)) {
            out.push(Gap::new(
                role.as_str(),
                0.6,
                format!("{} finns men ger inget sådant datum", section_name(s)),
            ));
        }
    }
    out
}

/// The section whose form gives the date of `role`.
fn section_of(role: Role) -> Option<SectionKind> {
    match role {
        Role::Reported => Some(SectionKind::Report),
        Role::InvestigationStarted => Some(SectionKind::Investigation),
        Role::Decided => Some(SectionKind::Decision),
        Role::IvoNotified => Some(SectionKind::IvoNotification),
        Role::Observed | Role::Received => None,
    }
}

fn section_name(s: SectionKind) -> &'static str {
    match s {
        SectionKind::Report => "rapporten",
        SectionKind::Investigation => "utredningen",
        SectionKind::Decision => "beslutet",
        SectionKind::IvoNotification => "anmälan till IVO",
        SectionKind::BoardMemo => "tjänsteskrivelsen",
    }
}

/// Days after the case's latest written date that a year-less IVO
/// notification may still fall in.
const NOTIFICATION_GRACE_DAYS: i64 = 90;

/// A year-less IVO notification date is taken by default in the year that
/// puts it on or before the case's latest date; but the notification follows
/// the decision (often by days), so where that year puts it before the
/// decision, the next year does, if that stays within the grace after the
/// latest written date ("Beslut 2022-05-02 … anmälan till IVO gjordes den 3
/// maj" is 2022-05-03).
fn after_the_decision(ms: &mut [Mention]) {
    let written = |m: &Mention| !m.year_inferred && !m.unparsed;
    let decided = ms
        .iter()
        .filter(|m| m.role == Some(Role::Decided) && written(m))
        .filter_map(Mention::date)
        .max();
    let latest = ms
        .iter()
        .filter(|m| written(m))
        .filter_map(Mention::date)
        .max();
    let (Some(decided), Some(latest)) = (decided, latest) else {
        return;
    };
    let Some(limit) = latest
        .checked_add(jiff::Span::new().days(NOTIFICATION_GRACE_DAYS))
        .ok()
    else {
        return;
    };
    for m in ms
        .iter_mut()
        .filter(|m| m.role == Some(Role::IvoNotified) && m.year_inferred && m.readings.len() == 1)
    {
        let (start, end) = m.readings[0];
        if start >= decided {
            continue;
        }
        let Some(next) = start.checked_add(jiff::Span::new().years(1)).ok() else {
            continue;
        };
        if next >= decided && next <= limit {
            let end = end.and_then(|e| e.checked_add(jiff::Span::new().years(1)).ok());
            m.readings[0] = (next, end);
        }
    }
}

/// Raw hits per line index, with diarienummer spans masked.
fn collect_hits(view: &CaseView, dnr: &[DnrMention]) -> Vec<(usize, DateHit)> {
    let mut out = Vec::new();
    for i in view.range() {
        let line = &view.lines[i];
        if !line.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut text = line.text.clone();
        for d in dnr.iter().filter(|d| d.line == line.no) {
            if let Some(pos) = text.find(&d.raw) {
                text.replace_range(pos..pos + d.raw.len(), &" ".repeat(d.raw.len()));
            }
        }
        // Quantities (`1/2 timme`) are left out by the grammar itself.
        out.extend(dates::find_dates(&text).into_iter().map(|hit| (i, hit)));
    }
    out
}

/// Turn hits into mentions: centuries settled, years inferred, implausible
/// readings dropped.
fn resolve(view: &CaseView, mut hits: Vec<(usize, DateHit)>) -> Vec<Mention> {
    settle_centuries(&mut hits);
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

/// Give every two-digit year the century that puts it nearest the years of
/// the case's dates written with four digits (`08-03-17` beside
/// `2008-04-22` is 2008, `31/10/99` beside `1999-11-02` is 1999); with no
/// such date the grammar's pivot reading stands.
fn settle_centuries(hits: &mut [(usize, DateHit)]) {
    let anchors: Vec<i16> = hits
        .iter()
        .filter_map(|(_, h)| match &h.kind {
            DateKind::Parsed(r) => Some(r),
            DateKind::Unparsed => None,
        })
        .flatten()
        .flat_map(|r| std::iter::once(r.start).chain(r.end))
        .filter(|p| !p.century_open)
        .filter_map(|p| p.year)
        .collect();
    if anchors.is_empty() {
        return;
    }
    for (_, hit) in hits.iter_mut() {
        if let DateKind::Parsed(readings) = &mut hit.kind {
            for r in readings.iter_mut() {
                r.start = settle_century(r.start, &anchors);
                r.end = r.end.map(|e| settle_century(e, &anchors));
            }
        }
    }
}

/// `p` with its two-digit year in the century nearest `anchors` (the pivot's
/// reading on a tie, or when no century gives a real day).
fn settle_century(p: dates::PartialDate, anchors: &[i16]) -> dates::PartialDate {
    let Some(year) = p.year.filter(|_| p.century_open) else {
        return p;
    };
    let yy = year.rem_euclid(100);
    let distance = |y: i16| anchors.iter().map(|a| (a - y).abs()).min();
    let best = [1900 + yy, 2000 + yy]
        .into_iter()
        .filter(|&y| Date::new(y, p.month, p.day).is_ok())
        .min_by_key(|&y| (distance(y), y != year))
        .unwrap_or(year);
    dates::PartialDate {
        year: Some(best),
        ..p
    }
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

/// The `observed` block (date, end, weekday, time, raw) of the primary
/// observed mention, with its line as evidence.
fn observed(view: &CaseView, mentions: &[Mention]) -> Option<Found<Observed>> {
    let m = primary(mentions, Role::Observed)?;
    let line = &view.lines[m.idx];
    let mut o = Observed {
        raw: Some(m.raw.clone()),
        ..Observed::default()
    };
    if let Some((start, end)) = m.readings.first() {
        o.date = Some(start.to_string());
        o.end_date = end.map(|e| e.to_string());
    }
    // The event dated by a list of days (`den 3 och 4 juni 2020`, `3, 4 och
    // 5 juni`) spans them: its first day to its last.
    if o.end_date.is_none()
        && let Some((last, raw)) = day_list_end(mentions, m, &line.text)
    {
        o.end_date = Some(last.to_string());
        o.raw = Some(raw);
    }
    if let Some((_, written)) = &m.weekday {
        o.weekday = Some(written.to_lowercase());
    }
    if let Some((h, min)) = block_time(view, m) {
        o.time = Some(format!("{h:02}:{min:02}"));
    }
    Some(Found::at(line, &line.text, o))
}

/// The last day of a list of days that `m` opens on its line (the next
/// mentions joined to it by `,` or `och`, each a single later day), with the
/// list's text.
fn day_list_end(ms: &[Mention], m: &Mention, text: &str) -> Option<(Date, String)> {
    let mut last: Option<&Mention> = None;
    let mut prev = m;
    for next in ms.iter().filter(|n| n.idx == m.idx && n.col > m.col) {
        let gap = text.get(prev.col + prev.raw.len()..next.col)?.trim();
        let joined = matches!(gap, "," | "och" | "och den" | "samt" | "&");
        let later = next.date().zip(prev.date()).is_some_and(|(a, b)| a > b);
        if !joined || !later || next.readings.len() != 1 || next.readings[0].1.is_some() {
            break;
        }
        last = Some(next);
        prev = next;
    }
    let last = last?;
    let raw = text.get(m.col..last.col + last.raw.len())?.to_string();
    Some((last.date()?, raw))
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
            signals: Vec::new(),
            decisions: Vec::new(),
            format: Format::Text,
            pages: vec![text.to_string()],
        };
        let lines = clean::clean(&doc);
        let spans = segment::segment(&lines, crate::extract::diarienummer::canonical);
        extract::extract(&lines, &spans[0]).mentions
    }

    /// Running text dating the notification to IVO: (sentence, the role
    /// its date gets).
    #[test]
    fn narrative_ivo_notification_dates() {
        use super::Role::IvoNotified;
        let cases: &[(&str, Option<super::Role>)] = &[
            (
                "Ärendet har anmälts till IVO den 12 juni 2023.",
                Some(IvoNotified),
            ),
            (
                "Händelsen anmäldes till IVO den 12 juni 2023.",
                Some(IvoNotified),
            ),
            (
                "Förvaltningen har anmält händelsen till IVO den 12 juni 2023.",
                Some(IvoNotified),
            ),
            (
                "Anmälan till IVO gjordes den 12 juni 2023.",
                Some(IvoNotified),
            ),
            (
                "Anmälan till Inspektionen för vård och omsorg skickades 2023-06-12.",
                Some(IvoNotified),
            ),
            (
                "Den 12 juni 2023 anmäldes ärendet till IVO.",
                Some(IvoNotified),
            ),
            // Not a notification, so not its date.
            ("Ärendet har inte anmälts till IVO den 12 juni 2023.", None),
            (
                "Händelsen ska anmälas till IVO, beslut den 12 juni 2023.",
                None,
            ),
        ];
        for (sentence, want) in cases {
            let text = format!("Beslut enligt delegation\nBeslutsdatum 2023-06-09\n\n{sentence}\n");
            let ms = mentions(&text);
            let m = ms
                .iter()
                .find(|m| m.raw.contains("12 juni 2023") || m.raw.contains("2023-06-12"))
                .unwrap_or_else(|| panic!("no mention in {sentence:?}: {ms:?}"));
            assert_eq!(m.role, *want, "{sentence}");
        }
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

    /// (raw, first reading, year inferred) of every mention.
    fn resolved(text: &str) -> Vec<(String, String, bool)> {
        mentions(text)
            .iter()
            .map(|m| {
                let first = m.readings.first().map(|r| match r.1 {
                    Some(e) => format!("{}..{e}", r.0),
                    None => r.0.to_string(),
                });
                (m.raw.clone(), first.unwrap_or_default(), m.year_inferred)
            })
            .collect()
    }

    fn has(got: &[(String, String, bool)], raw: &str, date: &str) -> bool {
        got.iter()
            .any(|(r, d, inferred)| r == raw && d == date && !inferred)
    }

    #[test]
    fn two_digit_years_take_the_century_of_the_case() {
        // A 2008 case in a short template: YY-MM-DD beside a full decision date.
        let got = resolved(
            "Rapport enligt Lex Sarah\n\nDatum för händelsen: 08-03-17\nMottagen: 08-03-18\nUtredning påbörjad 08-03-25.\n\nBeslut 2008-04-22\n",
        );
        assert!(has(&got, "08-03-17", "2008-03-17"), "{got:?}");
        assert!(has(&got, "08-03-25", "2008-03-25"), "{got:?}");
        // A 1999 case: 31/10/99 is 1999, never 2099; so is a compact 991102.
        let got = resolved(
            "ANMÄLAN ENLIGT LEX SARAH\nDatum\n31/10/99\nRapporten skrevs 991102.\nBeslut 1999-11-15\n",
        );
        assert!(has(&got, "31/10/99", "1999-10-31"), "{got:?}");
        assert!(has(&got, "991102", "1999-11-02"), "{got:?}");
        // The case's four-digit years overrule the pivot both ways: 89 beside
        // 1989 is 1989 (the pivot alone says 2089), 05 beside 1999 is 2005.
        let got = resolved("ANMÄLAN ENLIGT LEX SARAH\nDatum\n89-03-17\nBeslut 1989-04-22\n");
        assert!(has(&got, "89-03-17", "1989-03-17"), "{got:?}");
        let got = resolved(
            "ANMÄLAN ENLIGT LEX SARAH\nDatum 1999-12-20\nUppföljning 050317 och 12/6 -19.\n",
        );
        assert!(has(&got, "050317", "2005-03-17"), "{got:?}");
        assert!(has(&got, "12/6 -19", "2019-06-12"), "{got:?}");
    }

    #[test]
    fn two_digit_years_without_context_use_the_pivot() {
        let got = resolved("ANMÄLAN ENLIGT LEX SARAH\nDatum\n990612\nInkom 08-03-18\n");
        // 90-99 are 19xx, the rest 20xx; with only two-digit years the pivot
        // stands (neither is a four-digit anchor).
        assert!(has(&got, "990612", "1999-06-12"), "{got:?}");
        assert!(has(&got, "08-03-18", "2008-03-18"), "{got:?}");
    }

    #[test]
    fn settles_a_century_nearest_the_anchors() {
        let p = |year, century_open| super::dates::PartialDate {
            year: Some(year),
            month: 2,
            day: 29,
            century_open,
        };
        let year = |q: super::dates::PartialDate| q.year;
        // 29 February 2000 is a day, 1900 is not: the pivot reading stays.
        assert_eq!(
            year(super::settle_century(p(2000, true), &[1901])),
            Some(2000)
        );
        assert_eq!(
            year(super::settle_century(p(2004, true), &[1903])),
            Some(1904)
        );
        assert_eq!(
            year(super::settle_century(p(1999, true), &[2020])),
            Some(1999)
        );
        assert_eq!(
            year(super::settle_century(p(2096, true), &[2095])),
            Some(2096)
        );
        // A four-digit year is never moved.
        assert_eq!(
            year(super::settle_century(p(2004, false), &[1903])),
            Some(2004)
        );
        // A tie keeps the pivot's reading.
        assert_eq!(
            year(super::settle_century(p(2000, true), &[1950])),
            Some(2000)
        );
    }

    #[test]
    fn ranges_and_day_lists_resolve() {
        let got = resolved(
            "ANMÄLAN ENLIGT LEX SARAH\nDatum 2019-07-01\nHändelserna skedde den 3 och 4 juni samt 8 aug - 12 aug och 28 dec - 3 jan.\n",
        );
        assert!(
            got.iter().any(|g| g.0 == "3" && g.1 == "2019-06-03" && g.2),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.0 == "4 juni" && g.1 == "2019-06-04"),
            "{got:?}"
        );
        // Crossing New Year without a year: the start is the latest before the case's date.
        assert!(
            got.iter()
                .any(|g| g.0 == "28 dec - 3 jan." && g.1 == "2018-12-28..2019-01-03"),
            "{got:?}"
        );
    }
}
