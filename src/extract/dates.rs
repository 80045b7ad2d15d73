//! Date mentions in one line of clean Swedish case text.
//!
//! Input: a line of text (NFC, markup removed; tabs allowed). Output:
//! `DateHit`s in position order, each with its byte span, its raw text and
//! every valid calendar reading (year left open when not written). Accepted
//! forms, each with its grammar above its reader:
//!
//! - numeric, year first: ISO `2019-11-22`, `2015-3-3`, `2019 -11- 25`,
//!   `2019.06.12`, `YYYYMMDD`, `YYMMDD`, `YY-MM-DD` (`08-03-17`);
//! - numeric, day first: `12.06.2019`, `12.06.19`, `25-04-2019`, slashes
//!   `17/6`, `11/10/19`, `3/11-19`, `22/2 2019`, and `25-4` (day and month
//!   with a hyphen, only where it cannot be a range, a count or a clock);
//! - a month name: `D[:e|.] månad [YYYY]` (`1. mars`, `15-jun`,
//!   `12 januari, 2016`, `12 juni -19`), month first `februari 15`, and
//!   ordinal words `den förste mars`, `tjugoandra juni`;
//! - ranges and lists: `22-26:e februari`, `13 till 15 juli`,
//!   `mellan den 12 och 14 juni`, `2019-02-22--26`, `190612-190614`, two
//!   dates joined by a dash or `till`/`t.o.m.` (`8 aug - 12 aug`,
//!   `12 juni–3 juli 2019`, `fr.o.m. 12 juni t.o.m. 30 juni 2019`), and
//!   day lists `den 3 och 4 juni 2019` (one hit per day);
//! - garbled stamps `2019-12-k` (kept as `Unparsed`).
//!
//! Phone numbers, postcodes, law references, clock times, fractions and
//! quantities (`6 1/4 %`, `1/2 timme`), version and section numbers and
//! diarienummer are not dates.
//!
//! A two-digit year is written, not inferred, but its century is open:
//! `PartialDate::century_open` is set and `year` holds the pivot's reading
//! (`90`-`99` → 19xx, else 20xx) until the timeline settles it with the
//! case's other dates. Year inference against the document's own date is
//! `infer_year`; clock times are `find_time`; weekday names are
//! `find_weekday`. Swedish month, ordinal and weekday names live in
//! `vocab`; jiff does the calendar.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

pub use crate::vocab::weekday_from_swedish;
use crate::vocab::{MONTHS, ORDINALS};
use jiff::civil::{Date, Weekday};
use regex::{CaptureLocations, Captures, Regex};

/// A calendar day whose year may not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The written year; for a two-digit year, the pivot's reading.
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
    /// The year was written with two digits (`08-03-17`, `31/10/99`,
    /// `990612`): its century is to be settled from the case's context.
    pub century_open: bool,
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

/// Written years accepted in four-digit form.
const YEARS: Range<i32> = 1900..2100;

/// Two-digit years from this one on are read as 19xx until the case's
/// context says otherwise; the others as 20xx.
const PIVOT: i16 = 90;

/// Words before a number that make `D-M` a clock span, a count or a
/// reference rather than a date (`kl 22-7`, `natt 21-7`, `rum 14-2`).
const NOT_DATE_BEFORE: [&str; 24] = [
    "kl",
    "kl.",
    "klockan",
    "mellan",
    "natt",
    "natten",
    "nattpass",
    "pass",
    "passet",
    "skift",
    "tid",
    "tiden",
    "arbetstid",
    "tel",
    "tel.",
    "tfn",
    "telefon",
    "nr",
    "nr.",
    "rum",
    "bilaga",
    "avsnitt",
    "kap.",
    "sidan",
];

/// Words that make the number after them an hour (`klockan 3 och 4 juni`).
const CLOCK_WORDS: [&str; 3] = ["kl", "kl.", "klockan"];

/// Words before dotted numbers that make them a version (`v. 12.01.13`).
const VERSION_WORDS: [&str; 4] = ["v", "v.", "ver.", "version"];

// Separators that, with a digit on their far side, glue a number to the one
// next to it (`1.2.2/286`, `08-190612`, `190612-1234`, `2011:5`).
const ISO_LEFT: &str = "./:,";
const NUMBER_RIGHT: &str = "-+./:,";
const COMPACT_LEFT: &str = "-+./:,";
const DAY_LEFT: &str = "-./:,";
const SLASH_LEFT: &str = "./:,";
const SLASH_RIGHT: &str = "/.:,";
const YEAR_RIGHT: &str = "-./:,";

/// Blanks between the words of a date.
const BLANKS: [char; 3] = [' ', '\t', '\u{a0}'];

/// The month names, longest first so `mars` wins over `mar` and `sept`
/// over `sep`, as one alternation.
fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|m| m.0).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.join("|")
}

/// The numeric date shapes, each read by one reader below. A shape starts at
/// a run of ASCII digits; the run's length and the character after it say
/// which shapes may start there (`forms_at`), tried in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Iso,
    Garbled,
    DottedIso,
    Compact,
    DayFirstHyphens,
    ShortIso,
    Dotted,
    /// One day and a month name (`24 oktober`): the list pattern would read
    /// the same, at twice the cost.
    NamedDay,
    /// A list or range of days and a month name (`22-26 februari`).
    Named,
    Slashed,
    DayMonth,
}

/// Every shape, in `Form` order.
const FORM_LIST: [Form; FORMS] = [
    Form::Iso,
    Form::Garbled,
    Form::DottedIso,
    Form::Compact,
    Form::DayFirstHyphens,
    Form::ShortIso,
    Form::Dotted,
    Form::NamedDay,
    Form::Named,
    Form::Slashed,
    Form::DayMonth,
];
const FORMS: usize = 11;

impl Form {
    /// The shape's pattern, anchored at the start of the digit run, and its
    /// group names by index (a short list: a scan beats hashing the name).
    fn regex(self) -> &'static (Regex, Vec<Option<String>>) {
        static PATTERNS: LazyLock<[(Regex, Vec<Option<String>>); FORMS]> = LazyLock::new(|| {
            [
                r"(?P<iy>[0-9]{4})\x20?-\x20?(?P<im>[0-9]{1,2})\x20?-\x20?(?P<id>[0-9]{1,2})
                  (?:(?:--|\x20*[\x{2013}\x{2014}]\x20*)(?P<id2>[0-9]{1,2}))?",
                r"(?P<gy>[0-9]{4})\x20?-\x20?(?P<gm>[0-9]{2})\x20?-",
                r"(?P<py>[0-9]{4})\.(?P<pm>[0-9]{1,2})\.(?P<pd>[0-9]{1,2})",
                r"(?P<c8>[0-9]{8})(?:[-\x{2013}](?P<c8b>[0-9]{8}))?
                  |(?P<c6>[0-9]{6})(?:[-\x{2013}](?P<c6b>[0-9]{6}))?",
                r"(?P<hd>[0-9]{1,2})-(?P<hm>[0-9]{1,2})-(?P<hy>[0-9]{4})",
                r"(?P<ey>[0-9]{2})-(?P<em>[0-9]{2})-(?P<ed>[0-9]{2})",
                r"(?P<td>[0-9]{1,2})\.(?P<tm>[0-9]{1,2})\.(?P<ty>[0-9]{4}|[0-9]{2})",
                r"(?P<days>DAY)NAMED",
                r"(?P<days>DAY(?:SEP DAY)*)NAMED",
                r"(?P<sa>[0-9]{1,2})/(?P<sb>[0-9]{1,2})
                  (?:(?:[/-]|\x20-)(?P<sy>[0-9]{4}|[0-9]{2})|WS(?P<sy4>[0-9]{4}))?",
                r"(?P<ha>[0-9]{1,2})-(?P<hb>[0-9]{1,2})(?:WS(?P<hy4>[0-9]{4}))?",
            ]
            .map(|pattern| {
                let pattern = pattern
                    .replace(
                        "NAMED",
                        r"(?:WS+|-)(?P<mon>(?i-u:MONTHS))(?P<dot>\.)?
                          (?:,?WS+(?P<my>[0-9]{4})|\x20?[-'\x{2019}](?P<my2>[0-9]{2}))?",
                    )
                    .replace("DAY", r"[0-9]{1,2}(?::?[ae]|\.)?")
                    .replace(
                        "SEP",
                        r"(?:WS*[-\x{2013}\x{2014}]WS*|WS*,WS*
                          |WS+(?i-u:och|samt|till\x20och\x20med|till|t\.\x20?o\.\x20?m\.?|tom)(?:WS+den)?WS+)",
                    )
                    .replace("WS", r"[\x20\t\x{a0}]")
                    .replace("MONTHS", &month_alternation());
                let regex = Regex::new(&format!("^(?x:{pattern})"))
                    .expect("the date grammar is a fixed pattern covered by tests");
                assert!(regex.captures_len() <= MAX_GROUPS);
                let names = regex.capture_names().map(|n| n.map(str::to_string)).collect();
                (regex, names)
            })
        });
        &PATTERNS[self as usize]
    }
}

/// The shapes that may start at a run of `run` digits followed by `rest`.
fn forms_at(run: usize, rest: &[u8]) -> &'static [Form] {
    use Form::*;
    let digit_after_separator = rest.get(1).is_some_and(u8::is_ascii_digit);
    match (run, rest.first()) {
        (4, Some(b'-' | b' ')) => &[Iso, Garbled],
        (4, Some(b'.')) => &[DottedIso],
        (6 | 8, _) => &[Compact],
        // `22-26 februari` is a range of days; `15-jun` a day and a month.
        (1 | 2, Some(b'-')) if digit_after_separator => {
            &[DayFirstHyphens, ShortIso, Named, DayMonth]
        }
        (1 | 2, Some(b'.')) if digit_after_separator => &[Dotted],
        (1 | 2, Some(b'/')) => &[Slashed],
        // A day's suffix, a blank or a list or range separator (0xC2 starts
        // a no-break space, 0xE2 an en or em dash).
        (1 | 2, Some(b'-' | b'.' | b':' | b'a' | b'e' | b' ' | b'\t' | b',' | 0xC2 | 0xE2)) => {
            &[NamedDay, Named]
        }
        _ => &[],
    }
}

/// One capture group of a shape: its text and where it stands in the line.
#[derive(Debug, Clone, Copy)]
struct Group<'a> {
    start: usize,
    text: &'a str,
}

impl<'a> Group<'a> {
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
    fn range(&self) -> Range<usize> {
        self.start..self.end()
    }
    fn as_str(&self) -> &'a str {
        self.text
    }
    fn len(&self) -> usize {
        self.text.len()
    }
}

/// Most capture groups in one shape (group 0 included).
const MAX_GROUPS: usize = 8;

/// The captures of a shape matched in the line, in line positions.
struct Groups<'a> {
    line: &'a str,
    slots: [Option<(usize, usize)>; MAX_GROUPS],
    names: &'static [Option<String>],
}

impl<'a> Groups<'a> {
    /// Match `form`'s pattern at `base` in `line`, without allocating: the
    /// capture locations are kept per thread and shape.
    fn capture(form: Form, line: &'a str, base: usize) -> Option<Self> {
        thread_local! {
            static LOCATIONS: RefCell<Vec<CaptureLocations>> = RefCell::new(
                (0..FORMS).map(|i| FORM_LIST[i].regex().0.capture_locations()).collect(),
            );
        }
        let (regex, names) = form.regex();
        LOCATIONS.with_borrow_mut(|all| {
            let locations = &mut all[form as usize];
            regex.captures_read(locations, &line[base..])?;
            let mut slots = [None; MAX_GROUPS];
            for (i, slot) in slots.iter_mut().enumerate().take(locations.len()) {
                *slot = locations.get(i).map(|(s, e)| (base + s, base + e));
            }
            Some(Groups { line, slots, names })
        })
    }
    fn name(&self, name: &str) -> Option<Group<'a>> {
        let index = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        let (start, end) = self.slots.get(index).copied().flatten()?;
        Some(Group {
            start,
            text: &self.line[start..end],
        })
    }
    fn whole(&self) -> Range<usize> {
        let (start, end) = self.slots[0].expect("group 0 takes part in every match");
        start..end
    }
}

/// The three-letter stems of the month names in the cases they are written
/// in: the cheap literal test (one SIMD pass) for dates that start with a
/// word (`tredje mars`, `februari 15`).
static MONTH_STEM: LazyLock<Regex> = LazyLock::new(|| {
    let stems = [
        "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    let mut alternatives = Vec::with_capacity(stems.len() * 3);
    for stem in stems {
        alternatives.push(stem.to_string());
        alternatives.push(stem[..1].to_uppercase() + &stem[1..]);
        alternatives.push(stem.to_uppercase());
    }
    Regex::new(&alternatives.join("|")).expect("a fixed list of literals")
});

/// A unit or count after a slashed or hyphenated number: a quantity, not a
/// date (`1/2 timme`, `3/4 dag`, `1/4 av personalen`, `6 1/4 %`).
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\x20\t\x{a0}]*(?:timm[ae]r?|tim\b|h\b|dag(?:ar)?\b|dygn|vecka|veckor|minut(?:er)?|min\b|procent|%|kg|liter|st\b|av\b|del(?:ar)?\b|gång(?:er)?\b|personer\b|år\b|kr\b)",
    )
    .expect("the unit grammar is a fixed pattern covered by tests")
});

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
          (?P<full>(?:m[åa]n|tis|ons|tors|fre|l[öo]r|s[öo]n)dag(?:arna|ar|ens|en|s)?)
        | (?P<dotted>månd|tisd|onsd|torsd|lörd|sönd)\.
        | (?P<short>månd|mån|tisd|tis|onsd|ons|torsd|tors|tor|fred|fre|lörd|lör|sönd|sön)
          (?:[.,][\x20\t]*|[\x20\t]+)[0-9]",
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
    let mut hits = Vec::new();
    // Numeric shapes start with an ASCII digit: skip to the first one.
    if let Some(at) = first_digit(line.as_bytes()) {
        scan_numeric(line, at, &mut hits);
    }
    // Shapes that start with a word all hold a month name.
    let numeric = hits.len();
    for stem in MONTH_STEM.find_iter(line) {
        if let Some(hit) =
            read_ordinal(line, stem.start()).or_else(|| read_month_first(line, stem.start()))
        {
            hits.push(hit);
        }
    }
    if hits.len() > numeric {
        // A numeric hit wins over a word hit it overlaps (`3 mars 12`).
        hits.sort_by_key(|h| h.span.start);
        let mut kept: Vec<DateHit> = Vec::with_capacity(hits.len());
        for hit in hits {
            if kept.last().is_none_or(|k| k.span.end <= hit.span.start) {
                kept.push(hit);
            }
        }
        hits = kept;
    }
    merge_ranges(line, hits)
}

/// The position of the first ASCII digit, a chunk at a time so the test
/// vectorises.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    let mut base = 0;
    for chunk in bytes.chunks(32) {
        if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            return chunk.iter().position(u8::is_ascii_digit).map(|i| base + i);
        }
        base += chunk.len();
    }
    None
}

/// Numeric shapes from `from` on: each starts at a run of digits that is
/// not glued to a letter or digit before it (every reader would refuse
/// such a start). The first shape whose pattern matches decides; when its
/// reader refuses, the scan goes on after the run.
fn scan_numeric(line: &str, from: usize, hits: &mut Vec<DateHit>) {
    let bytes = line.as_bytes();
    let mut at = from;
    while let Some(start) = first_digit(&bytes[at..]).map(|d| at + d) {
        let run = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        at = start + run;
        if prev_char(line, start).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let forms = forms_at(run, &bytes[at..]);
        // Where several shapes are candidates most fail: a search without
        // captures (a DFA) tells first.
        let Some((form, groups)) = forms
            .iter()
            .filter(|form| forms.len() == 1 || form.regex().0.is_match(&line[start..]))
            .find_map(|&form| Some((form, Groups::capture(form, line, start)?)))
        else {
            continue;
        };
        let before = hits.len();
        read_form(line, form, &groups, hits);
        if let Some(hit) = hits.get(before..).and_then(<[DateHit]>::last) {
            at = at.max(hit.span.end);
        }
    }
}

fn read_form(line: &str, form: Form, caps: &Groups, hits: &mut Vec<DateHit>) {
    let hit = match form {
        Form::Iso => read_iso(line, caps),
        Form::Garbled => read_garbled(line, caps),
        Form::DottedIso => read_dotted_iso(line, caps),
        Form::Compact => read_compact(line, caps),
        Form::DayFirstHyphens => read_day_first_hyphens(line, caps),
        Form::ShortIso => read_short_iso(line, caps),
        Form::Dotted => read_dotted(line, caps),
        Form::NamedDay | Form::Named => {
            read_named(line, caps, hits);
            return;
        }
        Form::Slashed => read_slashed(line, caps),
        Form::DayMonth => read_day_month(line, caps),
    };
    hits.extend(hit);
}

// Grammar: YYYY ␠? - ␠? M[M] ␠? - ␠? D[D] ( (-- | ␠* (–|—) ␠*) D2 )?,
// 1900 ≤ YYYY ≤ 2099, M 1-12 (`2015-3-3` needs no zero). A real month with
// an impossible day (`2019-02-30`) is Unparsed. The tail is a day range in
// the same month (`2019-02-22--26`, D < D2); a tail that runs on into more
// digits (`2019-11-20–2019-11-22`) is left to `merge_ranges`.
fn read_iso(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, ISO_LEFT) {
        return None;
    }
    let day = caps.name("id")?;
    let year = year4(number(caps, "iy")?)?;
    let month = number(caps, "im")?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let d1: i8 = day.as_str().parse().ok()?;
    let tail = caps
        .name("id2")
        .filter(|t| !glued_after(line, t.end(), NUMBER_RIGHT))
        .and_then(|t| {
            let d2: i8 = t.as_str().parse().ok()?;
            let end = valid(Some(year), false, month, d2).filter(|_| d2 > d1)?;
            Some((end, t.end()))
        });
    let end = tail.map_or(day.end(), |(_, e)| e);
    if glued_after(line, end, NUMBER_RIGHT) {
        return None;
    }
    let kind = match valid(Some(year), false, month, d1) {
        Some(start) => DateKind::Parsed(vec![Reading {
            start,
            end: tail.map(|(e, _)| e),
        }]),
        None => DateKind::Unparsed,
    };
    Some(make_hit(line, span.start..end, kind))
}

// Grammar: YYYY ␠? - ␠? MM ␠? - TAIL, TAIL = up to three letters or `?`
// (`2019-12-k`, `2019-12-Kk`, `2019-12-??`, `2019-12-`), no digit after.
// A tail that runs on into a word is left out of the raw text.
fn read_garbled(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, ISO_LEFT) {
        return None;
    }
    year4(number(caps, "gy")?)?;
    if !(1..=12).contains(&number::<i8>(caps, "gm")?) {
        return None;
    }
    // The tail is read here, not in the pattern: a Unicode letter class costs
    // a millisecond to compile.
    let tail_end = line[span.end..]
        .chars()
        .take(3)
        .take_while(|&c| c.is_alphabetic() || c == '?')
        .fold(span.end, |end, c| end + c.len_utf8());
    let end = if next_char(line, tail_end).is_some_and(char::is_alphabetic) {
        span.end
    } else {
        tail_end
    };
    if next_char(line, end).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(make_hit(line, span.start..end, DateKind::Unparsed))
}

// Grammar: YYYY . M[M] . D[D] (`2019.06.12`), 1900 ≤ YYYY ≤ 2099, a whole
// number run (not `1.2019.06.12`, not `2019.06.12.3`).
fn read_dotted_iso(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, ISO_LEFT) || glued_after(line, span.end, NUMBER_RIGHT) {
        return None;
    }
    let year = year4(number(caps, "py")?)?;
    let p = valid(Some(year), false, number(caps, "pm")?, number(caps, "pd")?)?;
    Some(make_hit(line, span, single(p)))
}

// Grammar: D[D] - M[M] - YYYY (`25-04-2019`), day first, 1900 ≤ YYYY ≤ 2099,
// a whole number run.
fn read_day_first_hyphens(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, COMPACT_LEFT) || glued_after(line, span.end, NUMBER_RIGHT) {
        return None;
    }
    let year = year4(number(caps, "hy")?)?;
    let p = valid(Some(year), false, number(caps, "hm")?, number(caps, "hd")?)?;
    Some(make_hit(line, span, single(p)))
}

// Grammar: YY - MM - DD (`08-03-17` is 17 March 2008), the Swedish short
// form of ISO: year first, two digits each, the century open. A whole
// number run not glued to letters (`08-03-17-4`, `070-08-03-17` are not
// dates).
fn read_short_iso(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, COMPACT_LEFT)
        || glued_after(line, span.end, NUMBER_RIGHT)
        || next_char(line, span.end).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let year = two_digit_year(number(caps, "ey")?);
    let p = valid(Some(year), true, number(caps, "em")?, number(caps, "ed")?)?;
    Some(make_hit(line, span, single(p)))
}

// Grammar: D[D] . M[M] . YYYY | DD . MM . YY (`12.06.2019`, `1.2.2019`,
// `12.06.19`), day first; a two-digit year only after a two-digit day and
// month, its century open. A whole number run (`1.2.2/286-2019` is a
// section number), not after `v.`/`version` (`v. 12.01.13`).
fn read_dotted(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, DAY_LEFT)
        || glued_after(line, span.end, NUMBER_RIGHT)
        || next_char(line, span.end).is_some_and(char::is_alphanumeric)
        || is_one_of(word_ending(line, span.start), &VERSION_WORDS)
    {
        return None;
    }
    let (d, m, y) = (caps.name("td")?, caps.name("tm")?, caps.name("ty")?);
    let (year, open) = match y.as_str().len() {
        4 => (year4(y.as_str().parse().ok()?)?, false),
        _ if d.len() == 2 && m.len() == 2 => (two_digit_year(y.as_str().parse().ok()?), true),
        _ => return None,
    };
    let p = valid(
        Some(year),
        open,
        m.as_str().parse().ok()?,
        d.as_str().parse().ok()?,
    )?;
    Some(make_hit(line, span, single(p)))
}

/// Is `digits` (a compact date) followed by a space and the four last
/// digits of a personnummer or samordningsnummer (`850312 1238`: valid
/// check digit)? Then it is that number, not a date.
fn personnummer_with_space(digits: &str, rest: &str) -> bool {
    let Some(tail) = rest.strip_prefix(' ') else {
        return false;
    };
    let four = tail.as_bytes().get(..4);
    if !four.is_some_and(|f| f.iter().all(u8::is_ascii_digit))
        || tail.as_bytes().get(4).is_some_and(u8::is_ascii_digit)
    {
        return false;
    }
    let d = digits.as_bytes();
    let mut ten = [0u8; 10];
    for (t, b) in ten
        .iter_mut()
        .zip(d[d.len() - 6..].iter().chain(&tail.as_bytes()[..4]))
    {
        *t = b - b'0';
    }
    crate::redact::patterns::classify(&ten).is_some()
}

// Grammar: YYYYMMDD (1900 ≤ YYYY ≤ 2099) | YYMMDD (century open), a whole
// digit run not glued to letters, a phone prefix (`08-190612`) or a
// personnummer suffix (`190612-1234`); optionally `-` or `–` and a second
// of the same shape, not before the first: a range (`190612-190614`).
fn read_compact(line: &str, caps: &Groups) -> Option<DateHit> {
    let first = caps.name("c8").or_else(|| caps.name("c6"))?;
    let second = caps.name("c8b").or_else(|| caps.name("c6b"));
    let end = second.map_or(first.end(), |s| s.end());
    if glued_before(line, first.start(), COMPACT_LEFT)
        || glued_after(line, end, NUMBER_RIGHT)
        || next_char(line, end).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    if second.is_none() && personnummer_with_space(first.as_str(), &line[end..]) {
        return None;
    }
    let start = compact_date(first.as_str())?;
    let end_date = match second {
        Some(s) => {
            let e = compact_date(s.as_str())?;
            if calendar_day(e)? < calendar_day(start)? {
                return None;
            }
            Some(e)
        }
        None => None,
    };
    let reading = Reading {
        start,
        end: end_date,
    };
    Some(make_hit(
        line,
        first.start()..end,
        DateKind::Parsed(vec![reading]),
    ))
}

/// `20190612` or `190612` as a date; the match is 6 or 8 ASCII digits, so
/// every split is on a boundary.
fn compact_date(digits: &str) -> Option<PartialDate> {
    let (year, month_day) = digits.split_at(digits.len() - 4);
    let (year, open) = match year.len() {
        4 => (year4(year.parse().ok()?)?, false),
        _ => (two_digit_year(year.parse().ok()?), true),
    };
    let (month, day) = month_day.split_at(2);
    valid(Some(year), open, month.parse().ok()?, day.parse().ok()?)
}

// Grammar: DAYS (␠+ | -) MONTH [.] ( ,? ␠+ YYYY | ␠? (-|'|’) YY )?
//   DAYS = DAY ( SEP DAY )*, DAY = D [ :?[ae] | . ]  (`18:e`, `1:a`, `1.`)
//   SEP  = ␠* (-|–|—) ␠* | ␠* , ␠* | ␠+ (och|samt|till|t.o.m.|tom|till och med) (␠+ den)? ␠+
// MONTH is a name from MONTHS, whole word (`15-jun` too); the dot belongs
// to an abbreviation only. A day after `kl`/`klockan` is an hour. A year glued to more digits, outside 1900-2099,
// or (two digits) followed by a month name (`12 juni -19 juli`) is left
// out: the span ends at the month. DAYS joined by a dash, `till` or
// `t.o.m.` make a range (D < D2); after `mellan [den]`, `D och D2` is a
// range too. Otherwise `,` `och` `samt` make a list, one hit per item
// (`den 3 och 4 juni 2019`), every item with the month and year written
// after the last; a list with commas ends in `och`/`samt`.
fn read_named(line: &str, caps: &Groups, hits: &mut Vec<DateHit>) -> Option<()> {
    let days = caps.name("days")?;
    let mon = caps.name("mon")?;
    let (_, month, abbreviated) = month_entry(mon.as_str())?;
    let dot = caps.name("dot");
    if glued_before(line, days.start(), DAY_LEFT)
        || (dot.is_none() && next_char(line, mon.end()).is_some_and(char::is_alphabetic))
        || is_one_of(word_ending(line, days.start()), &CLOCK_WORDS)
    {
        return None;
    }
    let name_end = match dot {
        Some(d) if abbreviated => d.end(),
        _ => mon.end(),
    };
    let year_allowed = dot.is_none() || abbreviated;
    let four = caps
        .name("my")
        .filter(|y| year_allowed && !glued_after(line, y.end(), YEAR_RIGHT))
        .and_then(|y| Some((year4(y.as_str().parse().ok()?)?, false, y.end())));
    let two = || {
        caps.name("my2")
            .filter(|y| {
                year_allowed
                    && !glued_after(line, y.end(), YEAR_RIGHT)
                    && !month_follows(line, y.end())
            })
            .and_then(|y| Some((two_digit_year(y.as_str().parse().ok()?), true, y.end())))
    };
    let written = four.or_else(two);
    let (year, open) = (written.map(|w| w.0), written.is_some_and(|w| w.1));
    let last_end = written.map_or(name_end, |w| w.2);

    let (items, n) = day_items(line, days.range())?;
    let items = &items[..n];
    let mellan = n == 2 && items[1].sep == Some(Sep::And) && after_mellan(line, days.start());
    // Groups of items: (first item, last item); a range has two.
    let mut groups: [(usize, usize); MAX_DAYS] = [(0, 0); MAX_DAYS];
    let mut g = 0;
    let mut commas = false;
    let mut last_sep = None;
    for (k, item) in items.iter().enumerate() {
        match item.sep {
            Some(Sep::Range) | Some(Sep::And) if mellan || item.sep == Some(Sep::Range) => {
                let group = &mut groups[g - 1];
                if group.0 != group.1 {
                    return None;
                }
                group.1 = k;
            }
            sep => {
                commas |= sep == Some(Sep::Comma);
                if sep.is_some() {
                    last_sep = sep;
                }
                groups[g] = (k, k);
                g += 1;
            }
        }
    }
    if commas && last_sep != Some(Sep::And) {
        return None;
    }
    let mut out: [Option<DateHit>; MAX_DAYS] = Default::default();
    for (k, &(a, b)) in groups[..g].iter().enumerate() {
        let start = valid(year, open, month, items[a].day)?;
        let end = if b == a {
            None
        } else if items[b].day > items[a].day {
            Some(valid(year, open, month, items[b].day)?)
        } else {
            return None;
        };
        let span_end = if k + 1 == g {
            last_end
        } else {
            items[b].span.end
        };
        let kind = DateKind::Parsed(vec![Reading { start, end }]);
        out[k] = Some(make_hit(line, items[a].span.start..span_end, kind));
    }
    hits.extend(out.into_iter().flatten());
    Some(())
}

/// Most days in one list (`den 3, 4, 5 och 6 juni`).
const MAX_DAYS: usize = 7;

/// How a day in a list is joined to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `-`, `–`, `till`, `t.o.m.`: a range.
    Range,
    /// `,`: a list.
    Comma,
    /// `och`, `samt`: a list, or a range after `mellan`.
    And,
}

#[derive(Debug, Clone, Default)]
struct DayItem {
    span: Range<usize>,
    day: i8,
    sep: Option<Sep>,
}

/// The day numbers in `range` of `line` (matched by DAYS), with their spans
/// (suffix included) and what joins each to the one before.
fn day_items(line: &str, range: Range<usize>) -> Option<([DayItem; MAX_DAYS], usize)> {
    let bytes = line.as_bytes();
    let mut items: [DayItem; MAX_DAYS] = Default::default();
    let (mut i, mut n, mut sep) = (range.start, 0, None);
    while i < range.end {
        let start = i;
        while i < range.end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || n == MAX_DAYS {
            return None;
        }
        let day = line[start..i].parse().ok()?;
        if bytes.get(i) == Some(&b':') {
            i += 1;
        }
        if i < range.end && matches!(bytes[i], b'a' | b'e' | b'.') {
            i += 1;
        }
        items[n] = DayItem {
            span: start..i,
            day,
            sep,
        };
        n += 1;
        let gap = i;
        while i < range.end && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        // The gap ends at an ASCII digit or at the end of the range.
        let gap = &line[gap..i];
        sep = Some(if gap.contains(['-', '\u{2013}', '\u{2014}']) {
            Sep::Range
        } else if gap.contains(',') {
            Sep::Comma
        } else if ["och", "samt"]
            .iter()
            .any(|w| gap.trim_matches(BLANKS).eq_ignore_ascii_case(w))
        {
            Sep::And
        } else {
            Sep::Range
        });
    }
    Some((items, n))
}

/// True when `start` follows `mellan` or `mellan den`.
fn after_mellan(line: &str, start: usize) -> bool {
    let Some((word, at)) = word_before(line, start) else {
        return false;
    };
    let word = if word.eq_ignore_ascii_case("den") {
        match word_before(line, at) {
            Some((w, _)) => w,
            None => return false,
        }
    } else {
        word
    };
    word.eq_ignore_ascii_case("mellan")
}

/// True when a month name (after an optional `:e`) follows `at`.
fn month_follows(line: &str, at: usize) -> bool {
    let rest = line.get(at..).unwrap_or("");
    let rest = rest
        .strip_prefix(":e")
        .or_else(|| rest.strip_prefix(":a"))
        .unwrap_or(rest)
        .trim_start_matches(BLANKS);
    let word_end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    month_entry(&rest[..word_end]).is_some()
}

// Grammar: D/M ( (/|-|␠-) (YY|YYYY) | ␠ YYYY )?, written day first
// (`17/6`, `11/10/19`, `3/11-19`, `12/6 -19`, `22/2 2019`). Both readings
// D/M and M/D are kept when valid, day-first first. A year glued to more
// digits is left out; a two-digit year's century is open. `24/7` (around
// the clock) is not a date, nor a fraction: a slash before a unit
// (`1/2 timme`, `1/4 av`, `3/4 %`) or after a whole number (`6 1/4`).
fn read_slashed(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    if glued_before(line, span.start, SLASH_LEFT) {
        return None;
    }
    let (a, b): (i8, i8) = (number(caps, "sa")?, number(caps, "sb")?);
    let written_year = caps
        .name("sy")
        .filter(|y| !glued_after(line, y.end(), YEAR_RIGHT))
        .and_then(|y| Some((slash_year(y.as_str())?, y.end())))
        .or_else(|| {
            caps.name("sy4")
                .filter(|y| !glued_after(line, y.end(), YEAR_RIGHT))
                .and_then(|y| Some(((year4(y.as_str().parse().ok()?)?, false), y.end())))
        });
    let end = written_year.map_or(caps.name("sb")?.end(), |(_, e)| e);
    if written_year.is_none()
        && (glued_after(line, end, SLASH_RIGHT)
            || (a, b) == (24, 7)
            || UNIT.is_match(&line[end..])
            || (a < b && after_whole_number(line, span.start)))
    {
        return None;
    }
    let (year, open) = match written_year {
        Some(((y, open), _)) => (Some(y), open),
        None => (None, false),
    };
    let mut readings: Vec<Reading> = Vec::with_capacity(2);
    for (day, month) in [(a, b), (b, a)] {
        if let Some(start) = valid(year, open, month, day) {
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

/// True when a whole number and one blank stand just before `start`
/// (`6 1/4`: a mixed fraction).
fn after_whole_number(line: &str, start: usize) -> bool {
    let mut before = line.get(..start).unwrap_or("").chars().rev();
    before.next() == Some(' ') && before.next().is_some_and(|c| c.is_ascii_digit())
}

// Grammar: YY (century open) | YYYY (1900-2099): (year, century open).
fn slash_year(text: &str) -> Option<(i16, bool)> {
    match text.len() {
        2 => Some((two_digit_year(text.parse().ok()?), true)),
        _ => Some((year4(text.parse().ok()?)?, false)),
    }
}

// Grammar: D - M ( ␠ YYYY )?, day first (`25-4`, `25-4 2019`), only where it
// cannot be anything else: 13 ≤ D ≤ 31 (so not a range `3-4`, a count
// `1-2` or a month-first `03-17`), 1 ≤ M ≤ 12, a whole number pair with no
// number after (`08-12 34 56` is a phone number), no unit after
// (`15-20 personer`), not an evening-to-morning clock span (`21-07`: a
// zero-padded month after an hour) and not after a clock or reference word
// (`kl 22-7`, `rum 14-2`).
fn read_day_month(line: &str, caps: &Groups) -> Option<DateHit> {
    let span = caps.whole();
    let (d, m) = (caps.name("ha")?, caps.name("hb")?);
    let (day, month): (i8, i8) = (d.as_str().parse().ok()?, m.as_str().parse().ok()?);
    if !(13..=31).contains(&day)
        || !(1..=12).contains(&month)
        || ((18..=24).contains(&day) && m.as_str().starts_with('0'))
        || glued_before(line, span.start, COMPACT_LEFT)
        || is_one_of(word_ending(line, span.start), &NOT_DATE_BEFORE)
    {
        return None;
    }
    let year = caps
        .name("hy4")
        .filter(|y| !glued_after(line, y.end(), YEAR_RIGHT) && !number_follows(line, y.end()))
        .and_then(|y| Some((year4(y.as_str().parse().ok()?)?, y.end())));
    let end = year.map_or(m.end(), |(_, e)| e);
    if glued_after(line, end, NUMBER_RIGHT)
        || next_char(line, end).is_some_and(char::is_alphanumeric)
        || (year.is_none() && (number_follows(line, end) || UNIT.is_match(&line[end..])))
    {
        return None;
    }
    let p = valid(year.map(|(y, _)| y), false, month, day)?;
    Some(make_hit(line, span.start..end, single(p)))
}

/// True when blanks and then a digit follow `at` (`08-12 34 56`).
fn number_follows(line: &str, at: usize) -> bool {
    let rest = line.get(at..).unwrap_or("");
    rest.starts_with(BLANKS)
        && rest
            .trim_start_matches(BLANKS)
            .starts_with(|c: char| c.is_ascii_digit())
}

// Grammar: ORDINAL ␠+ MONTH [.] ( ,? ␠+ YYYY )?, ORDINAL a word from
// ORDINALS, any case (`den förste mars`, `Tredje mars 2015`,
// `tjugoandra juni`); both words whole. `at` is where the month's stem
// starts.
fn read_ordinal(line: &str, at: usize) -> Option<DateHit> {
    let (word, start) = word_before(line, at)?;
    let day = ORDINALS
        .iter()
        .find(|(w, _)| eq_ignore_case(w, word))
        .map(|&(_, d)| d)?;
    let m = month_word(line, at)?;
    let name_end = m.name_end();
    let year = year_after(line, m.end + usize::from(m.dot))
        .filter(|y| (!m.dot || m.abbreviated) && !glued_after(line, y.end, YEAR_RIGHT))
        .and_then(|y| Some((year4(line[y.clone()].parse().ok()?)?, y.end)));
    let month = m.month;
    let p = valid(year.map(|y| y.0), false, month, day)?;
    let end = year.map_or(name_end, |y| y.1);
    Some(make_hit(line, start..end, single(p)))
}

// Grammar: MONTH [.] ␠+ D[D] [:?[ae]] ( ,? ␠+ YYYY )?, the month first
// (`februari 15`, `feb. 15, 2019`); the month a whole word, a dot only
// after an abbreviation. Without a year the day is a whole number that no
// word follows but `kl`/`klockan` (`mars 12 brukare`, `mars 2019` and
// `november 18.00` are not dates).
fn read_month_first(line: &str, at: usize) -> Option<DateHit> {
    if prev_char(line, at).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let m = month_word(line, at)?;
    if m.dot && !m.abbreviated {
        return None;
    }
    let after = m.end + usize::from(m.dot);
    let rest = &line[after..];
    let trimmed = rest.trim_start_matches(BLANKS);
    let day_start = after + (rest.len() - trimmed.len());
    let digits = trimmed
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count()
        .min(2);
    if day_start == after || digits == 0 {
        return None;
    }
    let day = &line[day_start..day_start + digits];
    let bytes = line.as_bytes();
    let mut day_end = day_start + digits;
    if bytes.get(day_end) == Some(&b':') && matches!(bytes.get(day_end + 1), Some(b'a' | b'e')) {
        day_end += 2;
    } else if matches!(bytes.get(day_end), Some(b'a' | b'e')) {
        day_end += 1;
    }
    let year = year_after(line, day_end)
        .filter(|y| !glued_after(line, y.end, YEAR_RIGHT))
        .and_then(|y| Some((year4(line[y.clone()].parse().ok()?)?, y.end)));
    let end = match year {
        Some((_, e)) => e,
        None if glued_after(line, day_end, NUMBER_RIGHT) || word_follows(line, day_end) => {
            return None;
        }
        None => day_end,
    };
    let month = m.month;
    let p = valid(year.map(|y| y.0), false, month, day.parse().ok()?)?;
    Some(make_hit(line, at..end, single(p)))
}

/// A month name written at `at`: the whole run of ASCII letters there, not
/// glued to another letter.
struct MonthWord {
    month: i8,
    abbreviated: bool,
    /// Where the name ends.
    end: usize,
    /// A dot follows the name.
    dot: bool,
}

impl MonthWord {
    /// The end of the name with its dot, which belongs to an abbreviation
    /// only.
    fn name_end(&self) -> usize {
        self.end + usize::from(self.dot && self.abbreviated)
    }
}

fn month_word(line: &str, at: usize) -> Option<MonthWord> {
    let bytes = line.as_bytes();
    let end = at
        + bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
    if next_char(line, end).is_some_and(char::is_alphabetic) {
        return None;
    }
    let (_, month, abbreviated) = month_entry(&line[at..end])?;
    Some(MonthWord {
        month,
        abbreviated,
        end,
        dot: bytes.get(end) == Some(&b'.'),
    })
}

/// The four digits of a year written at `at` after an optional comma and
/// blanks (`, 2019`, ` 2019`); more digits may follow (the caller checks).
fn year_after(line: &str, at: usize) -> Option<Range<usize>> {
    let rest = line.get(at..)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let trimmed = rest.trim_start_matches(BLANKS);
    if trimmed.len() == rest.len() || trimmed.bytes().take_while(u8::is_ascii_digit).count() < 4 {
        return None;
    }
    let start = line.len() - trimmed.len();
    Some(start..start + 4)
}

/// True when, after blanks, a word that is not `kl`/`klockan` follows `at`.
fn word_follows(line: &str, at: usize) -> bool {
    let rest = line.get(at..).unwrap_or("").trim_start_matches(BLANKS);
    let word_end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    let word = &rest[..word_end];
    !word.is_empty() && !is_one_of(word, &["kl", "klockan"])
}

// Grammar: DATE GAP DATE, both single days (the preferred reading of each),
// GAP = ␠* (- | -- | – | —) ␠* | ␠+ (till | till och med | t.o.m. | tom) ␠+,
// `den` allowed after the word, or `och` after `mellan [den]`. The range
// needs the first not after the second (`2019-11-22 - 2019-11-20` is two
// dates). A year written only on the second is the first's too, or the
// year before when the range crosses New Year (`28 dec - 3 jan 2020`);
// without years a range may cross New Year only from the autumn to the
// spring.
fn merge_ranges(line: &str, hits: Vec<DateHit>) -> Vec<DateHit> {
    if hits.len() < 2 {
        return hits;
    }
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
    if !range_gap(line, gap, first.span.start) {
        return None;
    }
    let mut start = preferred_single(first)?;
    let end = preferred_single(second)?;
    match (start.year, end.year) {
        (Some(_), Some(_)) => {
            if calendar_day(end)? < calendar_day(start)? {
                return None;
            }
        }
        (None, Some(y)) => {
            start.century_open = end.century_open;
            start.year = Some(y);
            if calendar_day(start).is_none_or(|s| calendar_day(end).is_some_and(|e| s > e)) {
                if !crosses_new_year(start, end) {
                    return None;
                }
                start.year = Some(y - 1);
            }
            calendar_day(start)?;
        }
        _ => {
            if (end.month, end.day) < (start.month, start.day) && !crosses_new_year(start, end) {
                return None;
            }
        }
    }
    let span = first.span.start..second.span.end;
    let reading = Reading {
        start,
        end: Some(end),
    };
    Some(make_hit(line, span, DateKind::Parsed(vec![reading])))
}

/// A range from the autumn into the spring (`28/12 - 3/1`).
fn crosses_new_year(start: PartialDate, end: PartialDate) -> bool {
    start.month >= 9 && end.month <= 4
}

/// True when `gap` (between two dates) makes them a range.
fn range_gap(line: &str, gap: &str, first_start: usize) -> bool {
    let g = gap.trim_matches(BLANKS);
    if matches!(g, "-" | "--" | "\u{2013}" | "\u{2014}") {
        return true;
    }
    // Words need blanks around them.
    if g.len() == gap.len() || !gap.starts_with(BLANKS) || !gap.ends_with(BLANKS) {
        return false;
    }
    let g = match g.len().checked_sub(3) {
        Some(cut)
            if g.is_char_boundary(cut)
                && g[cut..].eq_ignore_ascii_case("den")
                && g[..cut].ends_with(BLANKS) =>
        {
            g[..cut].trim_end_matches(BLANKS)
        }
        _ => g,
    };
    ["till", "till och med", "t.o.m.", "t.o.m", "t. o. m.", "tom"]
        .iter()
        .any(|w| g.eq_ignore_ascii_case(w))
        || (g.eq_ignore_ascii_case("och") && after_mellan(line, first_start))
}

/// The preferred reading of `hit` when it is a single day.
fn preferred_single(hit: &DateHit) -> Option<PartialDate> {
    match &hit.kind {
        DateKind::Parsed(readings) => match readings.first() {
            Some(Reading { start, end: None }) => Some(*start),
            _ => None,
        },
        DateKind::Unparsed => None,
    }
}

/// The calendar day of `p` when its year is written.
fn calendar_day(p: PartialDate) -> Option<Date> {
    Date::new(p.year?, p.month, p.day).ok()
}

/// `p` when it is a real day; with the year open, any year will do (so
/// 29 February stands).
fn valid(year: Option<i16>, century_open: bool, month: i8, day: i8) -> Option<PartialDate> {
    // 2000 is a leap year: an open year accepts every day some year has.
    Date::new(year.unwrap_or(2000), month, day).ok()?;
    Some(PartialDate {
        year,
        month,
        day,
        century_open: century_open && year.is_some(),
    })
}

fn year4(n: i32) -> Option<i16> {
    if YEARS.contains(&n) {
        i16::try_from(n).ok()
    } else {
        None
    }
}

/// The pivot's reading of a two-digit year: 90-99 → 19xx, 00-89 → 20xx.
fn two_digit_year(yy: i16) -> i16 {
    if yy >= PIVOT { 1900 + yy } else { 2000 + yy }
}

fn number<T: std::str::FromStr>(caps: &Groups, name: &str) -> Option<T> {
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

fn prev_char(line: &str, at: usize) -> Option<char> {
    line.get(..at)?.chars().next_back()
}

/// The word (letters and dots) that ends, after blanks, just before `at`,
/// and where it starts.
fn word_before(line: &str, at: usize) -> Option<(&str, usize)> {
    let head = line.get(..at)?.trim_end_matches(BLANKS);
    if head.len() == at {
        return None;
    }
    let word = trailing_word(head);
    (!word.is_empty()).then(|| (word, head.len() - word.len()))
}

/// The word (letters and dots) that ends just before `at`, blanks between
/// allowed or not (`kl 22-7`, `kl.22-7`); empty when there is none.
fn word_ending(line: &str, at: usize) -> &str {
    trailing_word(line.get(..at).unwrap_or("").trim_end_matches(BLANKS))
}

fn trailing_word(head: &str) -> &str {
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == '.')
        .last()
        .map_or(head.len(), |(i, _)| i);
    &head[start..]
}

/// True when `word` is one of `words`, ignoring case.
fn is_one_of(word: &str, words: &[&str]) -> bool {
    words.iter().any(|w| eq_ignore_case(w, word))
}

/// Case-insensitive equality that folds Swedish letters too (`FÖRSTA`).
/// Å, Ä and Ö keep their UTF-8 length in either case, so words of another
/// length are other words.
fn eq_ignore_case(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
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

/// The first Swedish weekday name in `line` (whole word). Short forms
/// (`mån`, `tis.`, `Mån,`) count only before a number (`mån 4/11`,
/// `Mån, 18 februari`): `mån om` is not a weekday. The four- and five-letter
/// forms with a dot (`tisd.`, `torsd.`) are no other word and count anywhere.
pub fn find_weekday(line: &str) -> Option<(Range<usize>, Weekday)> {
    let mut at = 0;
    while let Some(caps) = WEEKDAY.captures_at(line, at) {
        let whole = caps.get(0).expect("group 0 takes part in every match");
        let word = caps
            .name("full")
            .or_else(|| caps.name("dotted"))
            .or_else(|| caps.name("short"))?;
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

    /// `2019-06-12`, `????-06-12`, or `[20]19-06-12` for a two-digit year
    /// (the pivot's century in brackets).
    fn show(p: PartialDate) -> String {
        match p.year {
            Some(y) if p.century_open => {
                format!("[{}]{:02}-{:02}-{:02}", y / 100, y % 100, p.month, p.day)
            }
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
            ("190612", "190612 => [20]19-06-12"),
            ("Händelsen 20190418.", "20190418 => 2019-04-18"),
            ("Datum: 2019-11-22", "2019-11-22 => 2019-11-22"),
            ("Inkom 2019 -11- 25 till", "2019 -11- 25 => 2019-11-25"),
            ("2020-0428_Lex Sara_200324", "200324 => [20]20-03-24"),
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
            ("11/10/19", "11/10/19 => [20]19-10-11|[20]19-11-10"),
            ("11/10/2019", "11/10/2019 => 2019-10-11|2019-11-10"),
            ("3/11-19", "3/11-19 => [20]19-11-03|[20]19-03-11"),
            ("5/5", "5/5 => ????-05-05"),
            ("29/2", "29/2 => ????-02-29"),
            // Two slashed days with a dash are a range, day first.
            ("3/11-15/11", "3/11-15/11 => ????-11-03..????-11-15"),
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
            ("Lex_Sarah_190612.pdf", "190612 => [20]19-06-12"),
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
            // --- Forms added for the issue "every Swedish way to write a date". ---
            // Ranges in words and with two month names.
            (
                "13 till 15 juli",
                "13 till 15 juli => ????-07-13..????-07-15",
            ),
            (
                "den 13 t.o.m. 15 juli 2019",
                "13 t.o.m. 15 juli 2019 => 2019-07-13..2019-07-15",
            ),
            ("8 aug - 12 aug", "8 aug - 12 aug => ????-08-08..????-08-12"),
            (
                "12 juni–3 juli 2019",
                "12 juni–3 juli 2019 => 2019-06-12..2019-07-03",
            ),
            (
                "fr.o.m. 12 juni t.o.m. 30 juni 2019",
                "12 juni t.o.m. 30 juni 2019 => 2019-06-12..2019-06-30",
            ),
            (
                "mellan den 12 och 14 juni",
                "12 och 14 juni => ????-06-12..????-06-14",
            ),
            (
                "Mellan 12 och 14 juni 2019",
                "12 och 14 juni 2019 => 2019-06-12..2019-06-14",
            ),
            (
                "mellan den 12 juni och den 14 juni",
                "12 juni och den 14 juni => ????-06-12..????-06-14",
            ),
            (
                "28 dec - 3 jan 2020",
                "28 dec - 3 jan 2020 => 2019-12-28..2020-01-03",
            ),
            (
                "från 2019-03-01 till 2019-03-05",
                "2019-03-01 till 2019-03-05 => 2019-03-01..2019-03-05",
            ),
            ("17/6-20/6", "17/6-20/6 => ????-06-17..????-06-20"),
            (
                "12 juni-19 juli",
                "12 juni-19 juli => ????-06-12..????-07-19",
            ),
            // Numeric ranges.
            (
                "190612-190614",
                "190612-190614 => [20]19-06-12..[20]19-06-14",
            ),
            (
                "20190612-20190614",
                "20190612-20190614 => 2019-06-12..2019-06-14",
            ),
            ("2019-02-22--26", "2019-02-22--26 => 2019-02-22..2019-02-26"),
            (
                "2019-02-22 – 26",
                "2019-02-22 – 26 => 2019-02-22..2019-02-26",
            ),
            // Day lists: one hit per day, each with the month and year.
            (
                "den 3 och 4 juni 2019",
                "3 => 2019-06-03; 4 juni 2019 => 2019-06-04",
            ),
            (
                "3, 4 och 5 juni",
                "3 => ????-06-03; 4 => ????-06-04; 5 juni => ????-06-05",
            ),
            (
                "den 3-5 och 8 juni",
                "3-5 => ????-06-03..????-06-05; 8 juni => ????-06-08",
            ),
            (
                "den 3:e och 4:e maj",
                "3:e => ????-05-03; 4:e maj => ????-05-04",
            ),
            // A day with a full stop; dotted dates.
            ("1. mars", "1. mars => ????-03-01"),
            ("16. nov. 2016", "16. nov. 2016 => 2016-11-16"),
            ("12.06.2019", "12.06.2019 => 2019-06-12"),
            ("2019.06.12", "2019.06.12 => 2019-06-12"),
            ("1.2.2019", "1.2.2019 => 2019-02-01"),
            ("12.06.19", "12.06.19 => [20]19-06-12"),
            // A year after a comma, a slashed day or a dash.
            ("12 januari, 2016", "12 januari, 2016 => 2016-01-12"),
            ("22/2 2019", "22/2 2019 => 2019-02-22"),
            ("Datum: 9/9 2020 Underskrift", "9/9 2020 => 2020-09-09"),
            ("12 juni -19", "12 juni -19 => [20]19-06-12"),
            ("12/6 -19", "12/6 -19 => [20]19-06-12|[20]19-12-06"),
            // ISO without zero padding; day first with hyphens.
            ("2015-3-3", "2015-3-3 => 2015-03-03"),
            ("2015-03-3", "2015-03-3 => 2015-03-03"),
            ("25-04-2019", "25-04-2019 => 2019-04-25"),
            // Day and month with a hyphen.
            ("25-4", "25-4 => ????-04-25"),
            ("den 25-4 2019", "25-4 2019 => 2019-04-25"),
            ("15-jun", "15-jun => ????-06-15"),
            ("15-jun 2019", "15-jun 2019 => 2019-06-15"),
            // Ordinal words.
            ("den förste mars", "förste mars => ????-03-01"),
            ("tredje mars 2015", "tredje mars 2015 => 2015-03-03"),
            ("tjugoandra juni", "tjugoandra juni => ????-06-22"),
            (
                "Den TRETTIOFÖRSTA december 2019",
                "TRETTIOFÖRSTA december 2019 => 2019-12-31",
            ),
            ("första maj", "första maj => ????-05-01"),
            ("åttonde mars kl 14", "åttonde mars => ????-03-08"),
            // The month first.
            ("februari 15", "februari 15 => ????-02-15"),
            (
                "Datum: februari 15, 2019.",
                "februari 15, 2019 => 2019-02-15",
            ),
            ("feb. 15", "feb. 15 => ????-02-15"),
            ("oktober 3 kl 14", "oktober 3 => ????-10-03"),
            // Weekdays around a date are not part of it.
            ("Mån, 18 februari", "18 februari => ????-02-18"),
            (
                "tisdagen den 8 september 2020",
                "8 september 2020 => 2020-09-08",
            ),
            ("Måndagen den 29 mars 2021", "29 mars 2021 => 2021-03-29"),
            // Two-digit years: written, the century open (pivot in brackets).
            ("31/10/99", "31/10/99 => [19]99-10-31"),
            ("990612", "990612 => [19]99-06-12"),
            ("Datum för händelsen: 08-03-17", "08-03-17 => [20]08-03-17"),
            ("Utredning påbörjad 08-03-25.", "08-03-25 => [20]08-03-25"),
            // Still not dates, one or more for each new form.
            ("08-25-4", ""),
            ("15-20 personer", ""),
            ("1-2 gånger", ""),
            ("3-4 dagar", ""),
            ("08-12 34 56", ""),
            ("6 1/4 %", ""),
            // A personnummer or samordningsnummer, with a hyphen or a space.
            ("850312-1231", ""),
            ("Personnr 850312 1231", ""),
            ("19850312 1231", ""),
            ("samordningsnummer 850372 1238", ""),
            // Not one (the check digit fails): a date, then a number.
            ("850312 1232", "850312 => [20]85-03-12"),
            ("1/2 timme", ""),
            ("1/4 av personalen", ""),
            ("SFS 2001:453", ""),
            ("14 kap. 7 §", ""),
            ("5.3 miljoner", ""),
            ("v. 2.1.3", ""),
            ("version 12.01.13", ""),
            ("3 och 4 timmar", ""),
            ("12.5 %", ""),
            ("12.30", ""),
            ("kl 22-7", ""),
            ("arbetstid 21-07", ""),
            ("nattpass 22-7", ""),
            ("Rum 14-2", ""),
            ("mars 2019", ""),
            ("i mars 12 brukare", ""),
            ("november 18.00", ""),
            ("de andra majoriteten", ""),
            ("andra gången", ""),
            ("2019.13.01", ""),
            ("12.13.2019", ""),
            ("1.000.000 kr", ""),
            ("08-03-17-4", ""),
            ("070-08-03-17", ""),
            ("08-13-17", ""),
            ("190614-190612", ""),
            // Near misses that keep only what is a date.
            ("5, 12 mars", "12 mars => ????-03-12"),
            (
                "den 3 mars - 2 mars",
                "3 mars => ????-03-03; 2 mars => ????-03-02",
            ),
            (
                "12 aug och 14 aug",
                "12 aug => ????-08-12; 14 aug => ????-08-14",
            ),
            ("den 3 mars 12", "3 mars => ????-03-03"),
            ("mellan klockan 3 och 4 juni", "4 juni => ????-06-04"),
            ("kl. 14 den 3 juni", "3 juni => ????-06-03"),
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
            let yy = y % 100;
            let ordinal = ORDINALS
                .iter()
                .find(|o| o.1 == d)
                .expect("every day has an ordinal word")
                .0;
            // (form, whether the year is written with two digits)
            let forms = [
                (format!("{y:04}-{m:02}-{d:02}"), false),
                (format!("{yy:02}{m:02}{d:02}"), true),
                (format!("{y:04}{m:02}{d:02}"), false),
                (format!("{d} {name} {y}"), false),
                (format!("den {d}:e {} {y}", name.to_uppercase()), false),
                (format!("{d}/{m}/{y}"), false),
                (format!("{y}-{m}-{d}"), false),
                (format!("{y}.{m:02}.{d:02}"), false),
                (format!("{d:02}.{m:02}.{y}"), false),
                (format!("{d:02}.{m:02}.{yy:02}"), true),
                (format!("{d}-{m:02}-{y}"), false),
                (format!("{yy:02}-{m:02}-{d:02}"), true),
                (format!("{d}/{m} {y}"), false),
                (format!("{d}/{m}/{yy:02}"), true),
                (format!("{d}. {name} {y}"), false),
                (format!("{d} {name}, {y}"), false),
                (format!("{d} {name} -{yy:02}"), true),
                (format!("{name} {d}, {y}"), false),
                (format!("den {ordinal} {name} {y}"), false),
            ];
            for (form, century_open) in forms {
                let want = PartialDate {
                    year: Some(y),
                    month: m,
                    day: d,
                    century_open,
                };
                let hits = find_dates(&form);
                let [hit] = hits.as_slice() else {
                    panic!("{form:?}: {hits:?}")
                };
                assert_eq!(hit.raw, form.trim_start_matches("den "), "{form:?}");
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
        assert!(checked > 16_000);
    }

    #[test]
    fn infers_years() {
        let p = |month, day| PartialDate {
            year: None,
            month,
            day,
            century_open: false,
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
                    century_open: false,
                },
                date(2020, 1, 1),
                Some(date(2018, 5, 6)),
            ),
            (
                PartialDate {
                    year: Some(2019),
                    month: 2,
                    day: 29,
                    century_open: false,
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
    fn shape_table_is_in_form_order() {
        for (i, form) in FORM_LIST.iter().enumerate() {
            assert_eq!(*form as usize, i, "{form:?}");
            // Every pattern compiles and fits the capture slots.
            assert!(form.regex().0.captures_len() <= MAX_GROUPS);
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
