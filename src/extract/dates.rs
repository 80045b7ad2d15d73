//! Date mentions in one line of clean Swedish case text.
//!
//! Input: a line of text (NFC, markup removed; tabs allowed). Output:
//! `DateHit`s in position order, each with its byte span, its raw text and
//! every valid calendar reading (year left open when not written). Accepted
//! forms: ISO `2019-11-22` (stray spaces allowed), `YYYYMMDD`, `YYMMDD`,
//! `D[:e] månad [YYYY]` and day ranges `22-26:e februari`, day-first slashes
//! `17/6`, `11/10/19`, ISO ranges `2019-11-20 -- 2019-11-22`, and garbled
//! stamps `2019-12-k` (kept as `Unparsed`). Phone numbers, postcodes, law
//! references, clock times and diarienummer are not dates.
//!
//! Year inference against the document's own date is `infer_year`; clock
//! times are `find_time`; weekday names are `find_weekday`. Swedish month and
//! weekday names live in the tables below; jiff does the calendar.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex};

/// A calendar day whose year may not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
}

/// One reading of a mention: a day, or a range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateKind {
    /// Valid readings, preferred (Swedish, day-first) first; more than one
    /// means the mention is ambiguous.
    Parsed(Vec<Reading>),
    /// Looks like a date but cannot be read (`2019-12-k`): never invent a day.
    Unparsed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    pub span: Range<usize>,
    pub raw: String,
    pub kind: DateKind,
}

/// Swedish month names after a day number: (name, month, is abbreviation).
/// `maj` is only ever the full name; `sep` and `sept` are both in use.
const MONTHS: [(&str, i8, bool); 24] = [
    ("januari", 1, false),
    ("februari", 2, false),
    ("mars", 3, false),
    ("april", 4, false),
    ("maj", 5, false),
    ("juni", 6, false),
    ("juli", 7, false),
    ("augusti", 8, false),
    ("september", 9, false),
    ("oktober", 10, false),
    ("november", 11, false),
    ("december", 12, false),
    ("jan", 1, true),
    ("feb", 2, true),
    ("mar", 3, true),
    ("apr", 4, true),
    ("jun", 6, true),
    ("jul", 7, true),
    ("aug", 8, true),
    ("sept", 9, true),
    ("sep", 9, true),
    ("okt", 10, true),
    ("nov", 11, true),
    ("dec", 12, true),
];

/// Swedish weekday names; each is a three-letter stem plus `dag`.
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("måndag", Weekday::Monday),
    ("tisdag", Weekday::Tuesday),
    ("onsdag", Weekday::Wednesday),
    ("torsdag", Weekday::Thursday),
    ("fredag", Weekday::Friday),
    ("lördag", Weekday::Saturday),
    ("söndag", Weekday::Sunday),
];

/// Short weekday forms, as written in schedules (`mån 4/11`, `tors.`).
const WEEKDAY_ABBREVIATIONS: [(&str, Weekday); 8] = [
    ("mån", Weekday::Monday),
    ("tis", Weekday::Tuesday),
    ("ons", Weekday::Wednesday),
    ("tor", Weekday::Thursday),
    ("tors", Weekday::Thursday),
    ("fre", Weekday::Friday),
    ("lör", Weekday::Saturday),
    ("sön", Weekday::Sunday),
];

/// Endings of a weekday name: definite, genitive, plural (`måndagen`,
/// `i måndags`, `måndagarna`).
const WEEKDAY_ENDINGS: [&str; 6] = ["", "en", "ens", "ar", "arna", "s"];

/// Written years accepted in four-digit form.
const YEARS: Range<i32> = 1900..2100;

// Separators that, with a digit on their far side, glue a number to the one
// next to it (`1.2.2/286`, `08-190612`, `190612-1234`, `2011:5`).
const ISO_LEFT: &str = "./:,";
const NUMBER_RIGHT: &str = "-+./:,";
const COMPACT_LEFT: &str = "-+./:,";
const DAY_LEFT: &str = "-./:,";
const SLASH_LEFT: &str = "./:,";
const SLASH_RIGHT: &str = "/.:,";
const YEAR_RIGHT: &str = "-./:,";

/// Every date shape in one pattern; alternatives sharing a start are tried in
/// order. Each begins with an ASCII digit so the scan stays on literals.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|m| m.0).collect();
    // Longest first, so `mars` wins over `mar` and `sept` over `sep`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let pattern = format!(
        r"(?x)
          (?P<iy>[0-9]{{4}})\x20?-\x20?(?P<im>[0-9]{{2}})\x20?-\x20?(?P<id>[0-9]{{2}})
        | (?P<gy>[0-9]{{4}})\x20?-\x20?(?P<gm>[0-9]{{2}})\x20?-(?P<gt>[\p{{L}}?]{{0,3}})
        | (?P<c8>[0-9]{{8}})
        | (?P<c6>[0-9]{{6}})
        | (?P<d1>[0-9]{{1,2}})(?::?[ae])?
          (?:[\x20\t]*[-\x{{2013}}\x{{2014}}][\x20\t]*(?P<d2>[0-9]{{1,2}})(?::?[ae])?)?
          [\x20\t\x{{a0}}]+(?P<mon>(?i-u:{names}))(?P<dot>\.)?
          (?:[\x20\t\x{{a0}}]+(?P<my>[0-9]{{4}}))?
        | (?P<sa>[0-9]{{1,2}})/(?P<sb>[0-9]{{1,2}})(?:[/-](?P<sy>[0-9]{{4}}|[0-9]{{2}}))?",
        names = names.join("|")
    );
    Regex::new(&pattern).expect("the date grammar is a fixed pattern covered by tests")
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
          (?P<full>(?:m[åa]n|tis|ons|tors|fre|l[öo]r|s[öo]n)dag(?:arna|ar|ens|en|s)?)
        | (?P<short>mån|tis|ons|tors|tor|fre|lör|sön)(?:\.[\x20\t]*|[\x20\t]+)[0-9]",
    )
    .expect("the weekday grammar is a fixed pattern covered by tests")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?i:klockan|kl)\.?[\x20\t]*(?P<kh>[0-9]{1,2})(?:[.:](?P<km>[0-9]{2}))?
        | (?P<h>[0-9]{1,2})[.:](?P<m>[0-9]{2})",
    )
    .expect("the clock-time grammar is a fixed pattern covered by tests")
});

/// Every date mention in `line`, in order of position.
pub fn find_dates(line: &str) -> Vec<DateHit> {
    // Every date starts with an ASCII digit: skip to the first one (or out).
    let Some(mut at) = line.bytes().position(|b| b.is_ascii_digit()) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    while let Some(caps) = DATE.captures_at(line, at) {
        let whole = caps.get(0).expect("group 0 takes part in every match");
        match read_date(line, &caps) {
            Some(hit) => {
                at = hit.span.end;
                hits.push(hit);
            }
            // Every alternative starts with an ASCII digit: start + 1 is a
            // char boundary, and a shorter reading may start there.
            None => at = whole.start() + 1,
        }
    }
    merge_ranges(line, hits)
}

fn read_date(line: &str, caps: &Captures) -> Option<DateHit> {
    if caps.name("iy").is_some() {
        read_iso(line, caps)
    } else if caps.name("gy").is_some() {
        read_garbled(line, caps)
    } else if caps.name("d1").is_some() {
        read_named(line, caps)
    } else if caps.name("sa").is_some() {
        read_slashed(line, caps)
    } else {
        read_compact(line, caps)
    }
}

// Grammar: YYYY ␠? - ␠? MM ␠? - ␠? DD, 1900 ≤ YYYY ≤ 2099, MM 01-12.
// A real month with an impossible day (`2019-02-30`) is Unparsed.
fn read_iso(line: &str, caps: &Captures) -> Option<DateHit> {
    let span = whole(caps);
    if glued_before(line, span.start, ISO_LEFT) || glued_after(line, span.end, NUMBER_RIGHT) {
        return None;
    }
    let year = year4(number(caps, "iy")?)?;
    let month = number(caps, "im")?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let kind = match valid(Some(year), month, number(caps, "id")?) {
        Some(p) => single(p),
        None => DateKind::Unparsed,
    };
    Some(make_hit(line, span, kind))
}

// Grammar: YYYY ␠? - ␠? MM ␠? - TAIL, TAIL = up to three letters or `?`
// (`2019-12-k`, `2019-12-Kk`, `2019-12-??`, `2019-12-`), no digit after.
// A tail that runs on into a word is left out of the raw text.
fn read_garbled(line: &str, caps: &Captures) -> Option<DateHit> {
    let span = whole(caps);
    if glued_before(line, span.start, ISO_LEFT) {
        return None;
    }
    year4(number(caps, "gy")?)?;
    if !(1..=12).contains(&number::<i8>(caps, "gm")?) {
        return None;
    }
    let tail = caps.name("gt")?;
    let end = if next_char(line, tail.end()).is_some_and(char::is_alphabetic) {
        tail.start()
    } else {
        tail.end()
    };
    if next_char(line, end).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(make_hit(line, span.start..end, DateKind::Unparsed))
}

// Grammar: YYYYMMDD (1900 ≤ YYYY ≤ 2099) | YYMMDD (year 20YY), a whole
// digit run not glued to letters, a phone prefix (`08-190612`) or a
// personnummer suffix (`190612-1234`).
fn read_compact(line: &str, caps: &Captures) -> Option<DateHit> {
    let span = whole(caps);
    if glued_before(line, span.start, COMPACT_LEFT)
        || glued_after(line, span.end, NUMBER_RIGHT)
        || next_char(line, span.end).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    // The match is 6 or 8 ASCII digits, so every split below is on a boundary.
    let digits = &line[span.clone()];
    let (year, month_day) = digits.split_at(digits.len() - 4);
    let year = match year.len() {
        4 => year4(year.parse().ok()?)?,
        _ => 2000 + year.parse::<i16>().ok()?,
    };
    let (month, day) = month_day.split_at(2);
    let p = valid(Some(year), month.parse().ok()?, day.parse().ok()?)?;
    Some(make_hit(line, span, single(p)))
}

// Grammar: D [:]?[ae]? ( ␠* (-|–|—) ␠* D2 [:]?[ae]? )? ␠+ MONTH [.] ( ␠+ YYYY )?
// MONTH is a name from MONTHS, whole word; the dot belongs to an
// abbreviation only. A year glued to more digits or outside 1900-2099 is
// left out (the span ends at the month). A range needs D < D2.
fn read_named(line: &str, caps: &Captures) -> Option<DateHit> {
    let span = whole(caps);
    let mon = caps.name("mon")?;
    let (_, month, abbreviated) = month_entry(mon.as_str())?;
    let dot = caps.name("dot");
    if glued_before(line, span.start, DAY_LEFT)
        || (dot.is_none() && next_char(line, mon.end()).is_some_and(char::is_alphabetic))
    {
        return None;
    }
    let name_end = match dot {
        Some(d) if abbreviated => d.end(),
        _ => mon.end(),
    };
    let written_year = caps
        .name("my")
        .filter(|y| (dot.is_none() || abbreviated) && !glued_after(line, y.end(), YEAR_RIGHT))
        .and_then(|y| Some((year4(y.as_str().parse().ok()?)?, y.end())));
    let year = written_year.map(|(y, _)| y);
    let d1: i8 = number(caps, "d1")?;
    let start = valid(year, month, d1)?;
    let end = match number::<i8>(caps, "d2") {
        Some(d2) if d2 > d1 => Some(valid(year, month, d2)?),
        Some(_) => return None,
        None => None,
    };
    let span = span.start..written_year.map_or(name_end, |(_, e)| e);
    Some(make_hit(
        line,
        span,
        DateKind::Parsed(vec![Reading { start, end }]),
    ))
}

// Grammar: D/M ( (/|-) (YY|YYYY) )?, written day first. Both readings D/M
// and M/D are kept when valid, day-first first. A year glued to more digits
// is left out; `24/7` (around the clock) is not a date.
fn read_slashed(line: &str, caps: &Captures) -> Option<DateHit> {
    let span = whole(caps);
    if glued_before(line, span.start, SLASH_LEFT) {
        return None;
    }
    let (a, b): (i8, i8) = (number(caps, "sa")?, number(caps, "sb")?);
    let written_year = caps
        .name("sy")
        .filter(|y| !glued_after(line, y.end(), YEAR_RIGHT))
        .and_then(|y| Some((slash_year(y.as_str())?, y.end())));
    let end = written_year.map_or(caps.name("sb")?.end(), |(_, e)| e);
    if written_year.is_none() && (glued_after(line, end, SLASH_RIGHT) || (a, b) == (24, 7)) {
        return None;
    }
    let year = written_year.map(|(y, _)| y);
    let mut readings: Vec<Reading> = Vec::with_capacity(2);
    for (day, month) in [(a, b), (b, a)] {
        if let Some(start) = valid(year, month, day) {
            let reading = Reading { start, end: None };
            if !readings.contains(&reading) {
                readings.push(reading);
            }
        }
    }
    if readings.is_empty() {
        return None;
    }
    Some(make_hit(line, span.start..end, DateKind::Parsed(readings)))
}

// Grammar: YY (20YY) | YYYY (1900-2099).
fn slash_year(text: &str) -> Option<i16> {
    match text.len() {
        2 => Some(2000 + text.parse::<i16>().ok()?),
        _ => year4(text.parse().ok()?),
    }
}

// Grammar: DATE ␠* (- | -- | – | —) ␠* DATE, both single dates with a
// written year, the first not after the second: the pair becomes one range.
fn merge_ranges(line: &str, hits: Vec<DateHit>) -> Vec<DateHit> {
    let mut out: Vec<DateHit> = Vec::with_capacity(hits.len());
    for hit in hits {
        if let Some(prev) = out.last_mut()
            && let Some(range) = join_range(line, prev, &hit)
        {
            *prev = range;
            continue;
        }
        out.push(hit);
    }
    out
}

fn join_range(line: &str, first: &DateHit, second: &DateHit) -> Option<DateHit> {
    let gap = line.get(first.span.end..second.span.start)?;
    if !matches!(
        gap.trim_matches([' ', '\t']),
        "-" | "--" | "\u{2013}" | "\u{2014}"
    ) {
        return None;
    }
    let (start, from) = full_single(first)?;
    let (end, to) = full_single(second)?;
    if to < from {
        return None;
    }
    let span = first.span.start..second.span.end;
    let reading = Reading {
        start,
        end: Some(end),
    };
    Some(make_hit(line, span, DateKind::Parsed(vec![reading])))
}

/// The one reading of `hit` when it is a single day with a written year.
fn full_single(hit: &DateHit) -> Option<(PartialDate, Date)> {
    match &hit.kind {
        DateKind::Parsed(readings) => match readings.as_slice() {
            [Reading { start, end: None }] => {
                Some((*start, Date::new(start.year?, start.month, start.day).ok()?))
            }
            _ => None,
        },
        DateKind::Unparsed => None,
    }
}

/// `p` when it is a real day; with the year open, any year will do (so
/// 29 February stands).
fn valid(year: Option<i16>, month: i8, day: i8) -> Option<PartialDate> {
    // 2000 is a leap year: an open year accepts every day some year has.
    Date::new(year.unwrap_or(2000), month, day).ok()?;
    Some(PartialDate { year, month, day })
}

fn year4(n: i32) -> Option<i16> {
    if YEARS.contains(&n) {
        i16::try_from(n).ok()
    } else {
        None
    }
}

fn number<T: std::str::FromStr>(caps: &Captures, name: &str) -> Option<T> {
    caps.name(name)?.as_str().parse().ok()
}

fn single(p: PartialDate) -> DateKind {
    DateKind::Parsed(vec![Reading {
        start: p,
        end: None,
    }])
}

fn whole(caps: &Captures) -> Range<usize> {
    caps.get(0)
        .expect("group 0 takes part in every match")
        .range()
}

fn make_hit(line: &str, span: Range<usize>, kind: DateKind) -> DateHit {
    DateHit {
        raw: line[span.clone()].to_string(),
        span,
        kind,
    }
}

fn next_char(line: &str, at: usize) -> Option<char> {
    line.get(at..)?.chars().next()
}

/// True when the text just before `start` is a letter or digit, or one of
/// `seps` with a digit before it.
fn glued_before(line: &str, start: usize, seps: &str) -> bool {
    let mut before = line.get(..start).unwrap_or("").chars().rev();
    match before.next() {
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if seps.contains(c) => before.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// True when the text at `end` is a digit, or one of `seps` with a digit
/// after it.
fn glued_after(line: &str, end: usize, seps: &str) -> bool {
    let mut after = line.get(end..).unwrap_or("").chars();
    match after.next() {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if seps.contains(c) => after.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// `oktober`, `OKT`, `okt.` → 10. `maj` has no abbreviation.
pub fn month_from_swedish(word: &str) -> Option<i8> {
    month_entry(word.strip_suffix('.').unwrap_or(word)).map(|m| m.1)
}

fn month_entry(name: &str) -> Option<(&'static str, i8, bool)> {
    MONTHS
        .iter()
        .copied()
        .find(|m| m.0.eq_ignore_ascii_case(name))
}

/// The date for `p` given the date the document was written: the written year
/// when there is one, otherwise the latest year that is not after `reference`.
pub fn infer_year(p: PartialDate, reference: Date) -> Option<Date> {
    if let Some(year) = p.year {
        return Date::new(year, p.month, p.day).ok();
    }
    // Eight years back always reach a leap year (29 February) in 1901-2099.
    (0..=8)
        .filter_map(|back| reference.year().checked_sub(back))
        .filter_map(|year| Date::new(year, p.month, p.day).ok())
        .find(|date| *date <= reference)
}

/// `måndag`, `MÅNDAG`, `måndagen`, `mandag` (OCR), `mån` → Monday.
// Grammar: NAME ENDING? | ABBREVIATION, any case, one trailing dot allowed.
// NAME may lose its ring or dots (`lordag`); abbreviations may not, since
// `man`, `son` and `lor` are other words.
pub fn weekday_from_swedish(word: &str) -> Option<Weekday> {
    let lower = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    if let Some(&(_, day)) = WEEKDAY_ABBREVIATIONS.iter().find(|(a, _)| *a == lower) {
        return Some(day);
    }
    let folded = fold_diacritics(&lower);
    WEEKDAYS
        .iter()
        .find(|(name, _)| {
            folded
                .strip_prefix(fold_diacritics(name).as_str())
                .is_some_and(|ending| WEEKDAY_ENDINGS.contains(&ending))
        })
        .map(|&(_, day)| day)
}

fn fold_diacritics(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c => c,
        })
        .collect()
}

/// The first Swedish weekday name in `line` (whole word). Short forms
/// (`mån`, `tis.`) count only before a number (`mån 4/11`): `mån om` is not
/// a weekday.
pub fn find_weekday(line: &str) -> Option<(Range<usize>, Weekday)> {
    let mut at = 0;
    while let Some(caps) = WEEKDAY.captures_at(line, at) {
        let whole = caps.get(0).expect("group 0 takes part in every match");
        let word = caps.name("full").or_else(|| caps.name("short"))?;
        let before = line.get(..word.start()).unwrap_or("").chars().next_back();
        let after_full = caps.name("full").and_then(|w| next_char(line, w.end()));
        if !before.is_some_and(char::is_alphabetic)
            && !after_full.is_some_and(char::is_alphabetic)
            && let Some(day) = weekday_from_swedish(word.as_str())
        {
            return Some((word.range(), day));
        }
        at = whole.start() + next_char(line, whole.start()).map_or(1, char::len_utf8);
    }
    None
}

/// The first clock time in `line` (`14:00`, `13.00`, `kl.15.00`, `kl 9`).
pub fn find_time(line: &str) -> Option<(Range<usize>, i8, i8)> {
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut at = 0;
    while let Some(caps) = TIME.captures_at(line, at) {
        if let Some(time) = read_time(line, &caps) {
            return Some(time);
        }
        let start = whole(&caps).start;
        at = start + next_char(line, start).map_or(1, char::len_utf8);
    }
    None
}

// Grammar: (kl | klockan) [.] ␠* H[H] ( (.|:) MM )?  |  H[H] (.|:) MM
// with H 0-23 and MM 0-59. A bare time is a whole number pair: not part of a
// date (`22.11.2019`), a law reference (`SOSFS 2011:5`) or a longer number.
fn read_time(line: &str, caps: &Captures) -> Option<(Range<usize>, i8, i8)> {
    let span = whole(caps);
    let (hour, minute) = match caps.name("kh") {
        Some(kh) => {
            let before = line.get(..span.start).unwrap_or("").chars().next_back();
            if before.is_some_and(char::is_alphanumeric) {
                return None;
            }
            (kh, caps.name("km"))
        }
        None => {
            if glued_before(line, span.start, ".:,/-") {
                return None;
            }
            (caps.name("h")?, caps.name("m"))
        }
    };
    let end = minute.map_or(hour.end(), |m| m.end());
    if glued_after(line, end, ".:,/") {
        return None;
    }
    let h: i8 = hour.as_str().parse().ok()?;
    let m: i8 = minute.map_or(Some(0), |m| m.as_str().parse().ok())?;
    ((0..=23).contains(&h) && (0..=59).contains(&m)).then_some((span.start..end, h, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn show(p: PartialDate) -> String {
        match p.year {
            Some(y) => format!("{y:04}-{:02}-{:02}", p.month, p.day),
            None => format!("????-{:02}-{:02}", p.month, p.day),
        }
    }

    /// `raw => reading|reading; raw => ?`, checking spans against raws.
    fn render(line: &str) -> String {
        let hits = find_dates(line);
        for hit in &hits {
            assert_eq!(
                &line[hit.span.clone()],
                hit.raw,
                "span of {hit:?} in {line:?}"
            );
        }
        let shown: Vec<String> = hits
            .iter()
            .map(|hit| {
                let what = match &hit.kind {
                    DateKind::Unparsed => "?".to_string(),
                    DateKind::Parsed(readings) => readings
                        .iter()
                        .map(|r| match r.end {
                            Some(end) => format!("{}..{}", show(r.start), show(end)),
                            None => show(r.start),
                        })
                        .collect::<Vec<_>>()
                        .join("|"),
                };
                format!("{} => {what}", hit.raw)
            })
            .collect();
        shown.join("; ")
    }

    #[test]
    fn finds_dates() {
        let cases = [
            // Numeric.
            ("190612", "190612 => 2019-06-12"),
            ("Händelsen 20190418.", "20190418 => 2019-04-18"),
            ("Datum: 2019-11-22", "2019-11-22 => 2019-11-22"),
            ("Inkom 2019 -11- 25 till", "2019 -11- 25 => 2019-11-25"),
            ("2020-0428_Lex Sara_200324", "200324 => 2020-03-24"),
            ("(2019-06-12)", "2019-06-12 => 2019-06-12"),
            // Day and month name.
            ("den 24 oktober", "24 oktober => ????-10-24"),
            ("22 november 2019", "22 november 2019 => 2019-11-22"),
            ("den 4 november skedde", "4 november => ????-11-04"),
            ("18:e mars", "18:e mars => ????-03-18"),
            ("den 4:e maj", "4:e maj => ????-05-04"),
            ("1:a april", "1:a april => ????-04-01"),
            ("2:a juni", "2:a juni => ????-06-02"),
            ("3 jan", "3 jan => ????-01-03"),
            ("5 feb.", "5 feb. => ????-02-05"),
            ("7 mar", "7 mar => ????-03-07"),
            ("8 apr", "8 apr => ????-04-08"),
            ("9 jun", "9 jun => ????-06-09"),
            ("10 jul", "10 jul => ????-07-10"),
            ("11 aug.", "11 aug. => ????-08-11"),
            ("12 sep", "12 sep => ????-09-12"),
            ("13 sept.", "13 sept. => ????-09-13"),
            ("14 okt.", "14 okt. => ????-10-14"),
            ("15 nov", "15 nov => ????-11-15"),
            ("16 dec", "16 dec => ????-12-16"),
            ("24 OKTOBER", "24 OKTOBER => ????-10-24"),
            ("24 Oktober 2019", "24 Oktober 2019 => 2019-10-24"),
            ("4 nov. 2019", "4 nov. 2019 => 2019-11-04"),
            ("24\toktober", "24\toktober => ????-10-24"),
            ("den 24 oktober.", "24 oktober => ????-10-24"),
            ("29 februari 2020", "29 februari 2020 => 2020-02-29"),
            ("22 november 20190", "22 november => ????-11-22"),
            // Slashed, day first.
            ("17/6", "17/6 => ????-06-17"),
            ("11/3", "11/3 => ????-03-11|????-11-03"),
            ("11/10/19", "11/10/19 => 2019-10-11|2019-11-10"),
            ("11/10/2019", "11/10/2019 => 2019-10-11|2019-11-10"),
            ("3/11-19", "3/11-19 => 2019-11-03|2019-03-11"),
            ("5/5", "5/5 => ????-05-05"),
            ("29/2", "29/2 => ????-02-29"),
            (
                "3/11-15/11",
                "3/11 => ????-11-03|????-03-11; 15/11 => ????-11-15",
            ),
            // Ranges.
            (
                "22-26:e februari 2019",
                "22-26:e februari 2019 => 2019-02-22..2019-02-26",
            ),
            ("den 11-12:e mars", "11-12:e mars => ????-03-11..????-03-12"),
            ("22–26 februari", "22–26 februari => ????-02-22..????-02-26"),
            (
                "2019-11-20 -- 2019-11-22",
                "2019-11-20 -- 2019-11-22 => 2019-11-20..2019-11-22",
            ),
            (
                "2019-11-20–2019-11-22",
                "2019-11-20–2019-11-22 => 2019-11-20..2019-11-22",
            ),
            (
                "2019-11-22 - 2019-11-20",
                "2019-11-22 => 2019-11-22; 2019-11-20 => 2019-11-20",
            ),
            // Garbled stamps.
            ("2019-12-k", "2019-12-k => ?"),
            ("Datum 2019-12-k.", "2019-12-k => ?"),
            ("2019-12-Kk", "2019-12-Kk => ?"),
            ("2019-12-??", "2019-12-?? => ?"),
            ("2019-12-", "2019-12- => ?"),
            ("2019-12-kommunen", "2019-12- => ?"),
            ("2019-02-30", "2019-02-30 => ?"),
            // Several in a line.
            (
                "Anmälan 2019-11-22 avser 24 oktober och 17/6.",
                "2019-11-22 => 2019-11-22; 24 oktober => ????-10-24; 17/6 => ????-06-17",
            ),
            ("kl 14:00 den 3 mars", "3 mars => ????-03-03"),
            ("Lex_Sarah_190612.pdf", "190612 => 2019-06-12"),
            (
                "den 4 november 2019 kl. 14.00",
                "4 november 2019 => 2019-11-04",
            ),
            ("den 4\u{a0}nov 2019", "4\u{a0}nov 2019 => 2019-11-04"),
            ("2019-11-22kl", "2019-11-22 => 2019-11-22"),
            (
                "22 november 2019 – 3 december 2019",
                "22 november 2019 – 3 december 2019 => 2019-11-22..2019-12-03",
            ),
            ("212000-0142", ""),
            ("2019/12/05", ""),
            ("dnr 2019/123", ""),
            // Not dates: phones, postcodes, law, times, diarienummer, counts.
            ("08-508 35 497", ""),
            ("072-593 70 86", ""),
            ("0761235845", ""),
            ("08-508 24018", ""),
            ("08-508 24 000", ""),
            ("08-190612", ""),
            ("12748", ""),
            ("121 26 Stockholm", ""),
            ("14 kap 3 §", ""),
            ("14 kap. 7 § SoL", ""),
            ("24 b § LSS", ""),
            ("26 kap § 1", ""),
            ("SOSFS 2011:5", ""),
            ("14:00", ""),
            ("13.00", ""),
            ("kl.15.00", ""),
            ("11:44", ""),
            ("AMN 2019-0289-1.3", ""),
            ("2019-0712", ""),
            ("2021/ASN 0026", ""),
            ("1.2.2/286-2019", ""),
            ("2020-0428", ""),
            ("2019", ""),
            ("20XX-XX-XX", ""),
            ("2019-XX-XX", ""),
            ("ÅÅÅÅ-MM-DD", ""),
            ("ÅÅMMDD", ""),
            ("730 anställda", ""),
            ("23 av dessa", ""),
            ("Box 10014", ""),
            ("1 (2)", ""),
            ("1.3", ""),
            ("1) att", ""),
            ("190612-1234", ""),
            ("2019-13-01", ""),
            ("32 januari", ""),
            ("29 februari 2019", ""),
            ("31/31", ""),
            ("0/0", ""),
            ("24/7", ""),
            ("1/2/3", ""),
            ("4 majoritet", ""),
            ("2 decimaler", ""),
            ("26-22 februari", ""),
        ];
        let mut failures = Vec::new();
        for (input, expected) in cases {
            let got = render(input);
            if got != expected {
                failures.push(format!("{input:?}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn formatted_dates_parse_back() {
        let mut day = date(2000, 1, 1);
        let mut checked = 0;
        while day < date(2031, 1, 1) {
            let (y, m, d) = (day.year(), day.month(), day.day());
            let name = MONTHS[usize::try_from(m - 1).expect("months are 1-12")].0;
            let forms = [
                format!("{y:04}-{m:02}-{d:02}"),
                format!("{:02}{m:02}{d:02}", y % 100),
                format!("{y:04}{m:02}{d:02}"),
                format!("{d} {name} {y}"),
                format!("den {d}:e {} {y}", name.to_uppercase()),
                format!("{d}/{m}/{y}"),
            ];
            let want = PartialDate {
                year: Some(y),
                month: m,
                day: d,
            };
            for form in forms {
                let hits = find_dates(&form);
                let [hit] = hits.as_slice() else {
                    panic!("{form:?}: {hits:?}")
                };
                let DateKind::Parsed(readings) = &hit.kind else {
                    panic!("{form:?}: {hit:?}")
                };
                assert_eq!(
                    readings[0],
                    Reading {
                        start: want,
                        end: None
                    },
                    "{form:?}"
                );
                assert_eq!(infer_year(readings[0].start, day), Some(day));
                checked += 1;
            }
            day = day.saturating_add(jiff::Span::new().days(13));
        }
        assert!(checked > 4000);
    }

    #[test]
    fn infers_years() {
        let p = |month, day| PartialDate {
            year: None,
            month,
            day,
        };
        let cases = [
            (p(10, 24), date(2019, 11, 22), Some(date(2019, 10, 24))),
            (p(1, 15), date(2021, 2, 11), Some(date(2021, 1, 15))),
            (p(11, 3), date(2019, 4, 18), Some(date(2018, 11, 3))),
            (p(4, 18), date(2019, 4, 18), Some(date(2019, 4, 18))),
            (p(2, 29), date(2021, 3, 1), Some(date(2020, 2, 29))),
            (p(2, 29), date(2020, 2, 28), Some(date(2016, 2, 29))),
            (p(2, 30), date(2020, 3, 1), None),
            (p(13, 1), date(2020, 3, 1), None),
            (
                PartialDate {
                    year: Some(2018),
                    month: 5,
                    day: 6,
                },
                date(2020, 1, 1),
                Some(date(2018, 5, 6)),
            ),
            (
                PartialDate {
                    year: Some(2019),
                    month: 2,
                    day: 29,
                },
                date(2020, 1, 1),
                None,
            ),
        ];
        for (partial, reference, expected) in cases {
            assert_eq!(
                infer_year(partial, reference),
                expected,
                "{partial:?} {reference}"
            );
        }
        // The far ends of jiff's range do not overflow.
        assert_eq!(infer_year(p(2, 29), Date::MIN), None);
        assert!(infer_year(p(1, 1), Date::MAX).is_some());
    }

    #[test]
    fn reads_weekday_words() {
        use Weekday::*;
        let cases = [
            ("måndag", Some(Monday)),
            ("MÅNDAG", Some(Monday)),
            ("Måndagen", Some(Monday)),
            ("måndagarna", Some(Monday)),
            ("måndags", Some(Monday)),
            ("mandag", Some(Monday)),
            ("tisdag", Some(Tuesday)),
            ("onsdagen", Some(Wednesday)),
            ("torsdag", Some(Thursday)),
            ("fredag", Some(Friday)),
            ("lördag", Some(Saturday)),
            ("lordag", Some(Saturday)),
            ("söndag", Some(Sunday)),
            ("sondag", Some(Sunday)),
            ("mån", Some(Monday)),
            ("tis", Some(Tuesday)),
            ("ons", Some(Wednesday)),
            ("tor", Some(Thursday)),
            ("tors.", Some(Thursday)),
            ("fre", Some(Friday)),
            ("lör", Some(Saturday)),
            ("sön", Some(Sunday)),
            ("man", None),
            ("son", None),
            ("dag", None),
            ("måndagsmöte", None),
            ("", None),
        ];
        for (word, expected) in cases {
            assert_eq!(weekday_from_swedish(word), expected, "{word:?}");
        }
    }

    #[test]
    fn finds_weekdays() {
        use Weekday::*;
        let cases = [
            ("Måndag 4 november", Some(("Måndag", Monday))),
            ("MÅNDAG", Some(("MÅNDAG", Monday))),
            ("på tisdagen kom", Some(("tisdagen", Tuesday))),
            ("i torsdags", Some(("torsdags", Thursday))),
            ("fredag/lördag", Some(("fredag", Friday))),
            ("Sondag (OCR)", Some(("Sondag", Sunday))),
            ("mån 4/11", Some(("mån", Monday))),
            ("tis. 5 mars", Some(("tis", Tuesday))),
            ("personalen är mån om", None),
            ("ett måndagsmöte", None),
            ("Han är son till", None),
            ("ingen dag", None),
            ("", None),
        ];
        for (line, expected) in cases {
            let got = find_weekday(line).map(|(r, d)| (&line[r], d));
            assert_eq!(got, expected, "{line:?}");
        }
    }

    #[test]
    fn finds_times() {
        let cases = [
            ("Mötet började 14:00", Some(("14:00", 14, 0))),
            ("13.00", Some(("13.00", 13, 0))),
            ("kl.15.00", Some(("kl.15.00", 15, 0))),
            ("kl 15.00", Some(("kl 15.00", 15, 0))),
            ("kl. 9", Some(("kl. 9", 9, 0))),
            ("11:44", Some(("11:44", 11, 44))),
            ("klockan 14", Some(("klockan 14", 14, 0))),
            ("Klockan 7.30.", Some(("Klockan 7.30", 7, 30))),
            ("2019-11-22 kl 14:00", Some(("kl 14:00", 14, 0))),
            ("13.00-14.00", Some(("13.00", 13, 0))),
            ("2019-11-22", None),
            ("1.2.2/286-2019", None),
            ("SOSFS 2011:5", None),
            ("SOSFS 2014:12", None),
            ("113.00", None),
            ("13.000", None),
            ("14", None),
            ("25.00", None),
            ("kl 24", None),
            ("12.61", None),
            ("22.11.2019", None),
            ("enkl 5", None),
        ];
        for (line, expected) in cases {
            let got = find_time(line).map(|(r, h, m)| (&line[r], h, m));
            assert_eq!(got, expected, "{line:?}");
        }
    }

    #[test]
    fn month_names_from_table() {
        let cases = [
            ("oktober", Some(10)),
            ("OKT.", Some(10)),
            ("maj", Some(5)),
            ("sept", Some(9)),
        ];
        for (word, expected) in cases {
            assert_eq!(month_from_swedish(word), expected, "{word:?}");
        }
        assert_eq!(month_from_swedish("majo"), None);
    }

    /// Checks every answer on `line` for well-formed spans; never panics.
    fn check_no_panic(line: &str) {
        let hits = find_dates(line);
        let mut last_end = 0;
        for hit in &hits {
            assert!(
                hit.span.start >= last_end && hit.span.start < hit.span.end,
                "{line:?}"
            );
            assert_eq!(
                line.get(hit.span.clone()),
                Some(hit.raw.as_str()),
                "{line:?}"
            );
            if let DateKind::Parsed(readings) = &hit.kind {
                assert!(!readings.is_empty());
            }
            last_end = hit.span.end;
        }
        if let Some((r, _)) = find_weekday(line) {
            assert!(line.get(r).is_some());
        }
        if let Some((r, _, _)) = find_time(line) {
            assert!(line.get(r).is_some());
        }
    }

    #[test]
    fn tricky_inputs_do_not_panic() {
        let long = "1".repeat(10_000);
        let fixed = [
            "",
            "0",
            "00000000",
            "ä1/2",
            "12/",
            "/3",
            "2019-1",
            "2019-",
            "-2019-12-",
            "31/31",
            "29/2",
            "0/0",
            "99/99/99",
            "2019-12-ä",
            "2019-12-ää",
            "1:e",
            "den :e maj",
            "kl",
            "kl.",
            "klockan",
            "k\u{212a}l 9",
            "ſöndag",
            "1–",
            "22–",
            "–26 februari",
            "\u{a0}1 jan",
            "😀1/2😀",
            "12😀/3",
            "2019-11-20 -- ",
            " -- 2019-11-22",
            "9999-99-99",
            "0000-00-00",
            "1 januari 99999",
            "mån.",
            "mån. ",
            "tis.5",
            "\t\t",
        ];
        for line in fixed.iter().copied().chain([long.as_str()]) {
            check_no_panic(line);
        }
        assert_eq!(render("29/2"), "29/2 => ????-02-29");
        // Random lines from pieces that meet at awkward places.
        let pieces = [
            "1", "2", "9", "0", "/", "-", "–", ":", ".", "ä", "å", " ", "k", "kl", "e", "mars",
            "\t", "?", "é", "😀", "den ", "3", "okt", "dag", "mån", "2019-", "\u{a0}",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..(seed >> 60) + 1 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                // The index is taken modulo the table length, so it is in range.
                line.push_str(pieces[usize::try_from(seed >> 33).unwrap_or(0) % pieces.len()]);
            }
            check_no_panic(&line);
        }
    }

    #[test]
    #[ignore = "throughput check; run with --release -- --ignored"]
    fn scans_fast_enough() {
        let lines = [
            "Anmälan om missförhållande enligt 14 kap. 3 § SoL inkom den 22 november 2019.",
            "Händelsen inträffade på boendet under kvällen och personalen larmade direkt.",
            "Kontakta handläggaren på telefon 08-508 35 497 eller via e-post till förvaltningen.",
            "Utredningen avslutades 2019-12-04 och beslut fattades av nämnden, dnr AMN 2019-0289-1.3.",
            "Brukaren hade vid tillfället inte fått sin medicin enligt ordination kl. 15.00.",
            "Verksamheten har 730 anställda fördelade på tolv enheter i stadsdelen.",
            "Tel 08-508 35 497, fax 08-508 24 000, org.nr 212000-0142, Box 10014, 121 26 Sthlm",
        ];
        let text: Vec<&str> = lines.iter().copied().cycle().take(200_000).collect();
        let bytes: usize = text.iter().map(|l| l.len()).sum();
        let started = std::time::Instant::now();
        let found: usize = text.iter().map(|l| find_dates(l).len()).sum();
        let seconds = started.elapsed().as_secs_f64();
        let rate = bytes as f64 / seconds / 1e6;
        // One date in each line naming 2019, none elsewhere.
        assert_eq!(found, text.iter().filter(|l| l.contains("2019")).count());
        assert!(rate > 50.0, "{rate:.1} MB/s");
        eprintln!("find_dates: {rate:.1} MB/s");
    }
}
