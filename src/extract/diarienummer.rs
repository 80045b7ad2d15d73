//! Diarienummer: registry numbers of a case, read by one grammar of the
//! shapes Swedish registries write, found where a label asks for them and,
//! anywhere in the case, in an unmistakable shape. One canonical form per
//! case; every form as written is kept.
//!
//! Grammar (`parse_in`), whitespace-tolerant where the comment says so:
//!
//! ```text
//! dnr       := prefixed | serial_first | year_first | classed | bare
//! prefixed  := prefix join year ysep serial [suffix]   AMN 2019-0289-1.3, FSN-2023-77,
//!                                                      AT-LS-2020-117, SN 2021/0019,
//!                                                      KS 2019.123, ON.2019.0421, SOC/2020:45
//! serial_first := prefix SP serial ("/" | "-") year4    SN 123/2019 (the serial not a year)
//! year_first := year4 ("/" | "-") prefix (SP | "-") serial [suffix]   2021/ASN 0026
//! classed   := class [SP] "/" [SP] serial "-" year4     1.2.2/286-2019
//!            | class "-" serial [SP] "/" [SP] year4     1.2.5-533/2021
//! bare      := year ysep serial [suffix]                2020-0428, 21/0045
//! prefix    := word ("-" word){0,2}                     AMN, EÅV, ÄO, AT-LS
//! word      := CAP (CAP | DIGIT){1,5}                   CAP: A–Z Å Ä Ö É Ü
//! join      := SP | [SP] ("-" | "/" | "_") [SP] | "." [SP] | ""   (glued: AMN2019-0289)
//! year      := 19dd | 20dd | dd  (two digits only before "/" and a serial of 3+
//!                                 digits that is not a year: 21/0045, never 12/2019)
//! ysep      := [SP] ("-" | "/") [SP] | "." | ":" | "_"
//! serial    := DIGIT{1,7}
//! suffix    := ("-" | ".") d{1,2} (("." | SP) d{1,2}){0,3}    -1.3, -1 3 (a dot lost), .77, -3
//!            | SP "nr" SP d{1,3}                               nr 3
//! class     := d{1,2} ("." d{1,2}){1,4}, a lost dot read as a space after the first
//! ```
//!
//! A digit run may hold `O` for `0` (`2O22`) when it has more real digits;
//! every dash (`–`, `—`, `−`) is a hyphen. A number starts and ends at a word
//! boundary and never starts inside a run joined by `-`, `/`, `.` to digits
//! (`19121212-1212`, the `2019` of `286-2019`).
//!
//! Where a candidate stands (`Context`) decides what it may be:
//! - `Free` (no label): only an unmistakable shape, a board prefix with a
//!   year and a serial (`prefixed`, `serial_first`, `year_first`); bare and
//!   classed numbers need a label. A complete calendar date (`IVO
//!   2021-02-17`), a year and month (`DATUM 2019-11`, `APT 12/2019`; a
//!   hyphen-joined prefix, `FSN-2021-07`, or a `/`, `SN 2020/12`, is a
//!   number), a span of years (`SARAH 2019/2020`) and `PREFIX YYYY:N` with a
//!   space (how statutes are cited, `KS 2019:12` too) are not numbers; nor is
//!   the party a case was reported to (`Anmält till IVO 2021-0217`).
//! - `Labelled` (a labelled cell after other words, or the line under a
//!   label): every shape, but a complete date is still a date (`Diarienummer`
//!   over a line `2019-11-22` is a date: a layout that puts a label row over
//!   a value row must not turn the Datum cell into a number).
//! - `Inline` (the first thing in the cell after a label on its line, `Dnr:
//!   2019-11-22`): every shape; the label says it is a number, so a
//!   date-shaped one is one (rare; it is then masked from the dates).
//!
//! Statute series (`…FS`, EU law: `SFS 2001:453`, `HSLF-FS 2017:40`, `EU
//! 2016/679`) are never numbers.
//!
//! Canonical form: the number as written with its noise removed: spaces
//! around `/` and `-` go, dashes are hyphens, O in a digit run is 0, a lost
//! dot in a suffix or class is restored (`-1 3` → `-1.3`), a stray leading
//! `I ` is not part of the match. The prefix keeps its join (`FSN-2023-77`,
//! `SN 2021/0019`); no prefix is ever added. Two forms are the same number
//! (`same_number`) when year, serial (as a number: `0019` is `19`) and,
//! where both write one, prefix (without its joins) and class agree; a
//! number written without its prefix (`2020-0428` in a form cell) is the
//! prefixed one, and a suffix (`-1.3`, the document within the case) never
//! makes two numbers differ.
//!
//! Label vocabulary (`labels`): `diarienummer`, `diarienr`, `diarie nr`,
//! `dnr`, `ärendenummer`, `ärendenr`, `ärende nr`, `beteckning`, and
//! `referens` only with an owner (`Vår referens`, `Er referens`). The word
//! before the label says whose number it is: `er`, `ert`, `era`,
//! `mottagarens`, `inspektionens` and an authority's abbreviation (`IVO:s
//! dnr`, `IVO dnr`), or a parenthesis after the label (`Diarienummer (IVO)`,
//! `Dnr (fylls i av IVO)`), name another party's registry, whose numbers are
//! not the case's and never make a mismatch; anything else (`Rapportens`,
//! `Ärende och`, `Avsändarens` — on the IVO form the sender is the case's
//! own board —, `Vårt`) is the case's own. A plain `Dnr` is the case's own
//! wherever it stands: a board's own letter to IVO carries its own `Dnr`. A label's value is its cell: after the
//! label's `:`/`.`/`·` and at most one cell boundary (tab, `|`), up to the
//! next one; else the next non-empty line. Another party's numbers are not
//! mentions at all (not counted, not masked from the dates).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{CaseView, DnrMention, Found, Gap};

/// A parsed number: canonical form and the byte span as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub canonical: String,
    pub start: usize,
    pub end: usize,
}

/// Where a candidate stands; decides which shapes it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The first thing after a label on its line (`Dnr: 2019-11-22`).
    Inline,
    /// In a labelled cell after other words (`Mailutskick, AMN …`), or on
    /// the line under a label.
    Labelled,
    /// Anywhere else: only a prefix with a year and a serial.
    Free,
}

/// The parts that identify a number (see `same_number`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    /// Letters and digits of the prefix, without its joins.
    prefix: Option<String>,
    class: Option<String>,
    year: u16,
    serial: u64,
}

impl Key {
    fn same(&self, o: &Key) -> bool {
        let agree = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.year == o.year
            && self.serial == o.serial
            && agree(&self.prefix, &o.prefix)
            && agree(&self.class, &o.class)
    }
}

/// One number read at a position: its canonical form, end and key.
struct Number {
    canonical: String,
    end: usize,
    key: Key,
}

// ---------------------------------------------------------------------------
// Characters and runs
// ---------------------------------------------------------------------------

/// A capital letter of a board prefix.
fn is_cap(c: char) -> bool {
    c.is_ascii_uppercase() || matches!(c, 'Å' | 'Ä' | 'Ö' | 'É' | 'Ü')
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}'
}

/// A joining character, dashes read as a hyphen.
fn join_char(c: char) -> Option<char> {
    match c {
        '-' | '–' | '—' | '‐' | '‑' | '−' => Some('-'),
        '/' | '.' | ':' | '_' => Some(c),
        _ => None,
    }
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

/// End of the run of letters and digits starting at `i`.
fn run_end(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(k, _)| i + k)
}

/// Skip up to two spaces.
fn spaces(s: &str, mut i: usize) -> (usize, usize) {
    let mut n = 0;
    while n < 2
        && let Some(c) = char_at(s, i).filter(|&c| is_space(c))
    {
        i += c.len_utf8();
        n += 1;
    }
    (i, n)
}

/// digits := a whole run of digits, `O`/`o` read as 0 (`2O22`) when the run
/// has more real digits; at most `max` long.
fn digits(s: &str, i: usize, max: usize) -> Option<(Cow<'_, str>, usize)> {
    let end = run_end(s, i);
    let run = &s[i..end];
    if run.is_empty() || run.len() > max {
        return None;
    }
    let (mut d, mut o) = (0, 0);
    for b in run.bytes() {
        match b {
            b'0'..=b'9' => d += 1,
            b'O' | b'o' => o += 1,
            _ => return None,
        }
    }
    if d <= o {
        return None;
    }
    let text = if o == 0 {
        Cow::Borrowed(run)
    } else {
        Cow::Owned(run.replace(['O', 'o'], "0"))
    };
    Some((text, end))
}

/// year := 19dd | 20dd (four digits) | dd (two, when `short` is allowed)
fn year(s: &str, i: usize, short: bool) -> Option<(Cow<'_, str>, usize)> {
    let (d, end) = digits(s, i, 4)?;
    let ok = match d.len() {
        4 => d.starts_with("19") || d.starts_with("20"),
        2 => short,
        _ => false,
    };
    ok.then_some((d, end))
}

/// A two-digit year stands only before `/` and a serial of three or more
/// digits that is not itself a year (`21/0045`, never `12/3` or `12/2019`).
fn short_year_fits(y: &str, sep: char, serial: &str) -> bool {
    y.len() == 4 || (sep == '/' && serial.len() >= 3 && year(serial, 0, false).is_none())
}

fn year_value(y: &str) -> u16 {
    let v: u16 = y.parse().unwrap_or(0);
    match y.len() {
        2 if v < 70 => 2000 + v,
        2 => 1900 + v,
        _ => v,
    }
}

/// Laws written in mixed case, never a board's prefix.
const LAW_NAMES: [&str; 4] = ["SoL", "PuL", "LoV", "KvL"];

/// word := CAP (CAP | DIGIT){1,5}: a whole run; a run of capitals glued to a
/// year (`AMN2019`) gives its letters. Returns the word's end.
fn word(s: &str, i: usize) -> Option<usize> {
    // Most capitals start a word in lower case (`Den`): out at once, unless
    // the word is a board's mixed-case abbreviation (`BoU`, `SoN`, `OmsN`:
    // two capitals or more, at most five letters).
    let mut head = s[i..].chars();
    if !head.next().is_some_and(is_cap) {
        return None;
    }
    let second = head.next();
    let end = run_end(s, i);
    let run = &s[i..end];
    let mixed = || {
        let n = run.chars().count();
        !LAW_NAMES.contains(&run)
            && (3..=5).contains(&n)
            && run.chars().all(char::is_alphabetic)
            && run.chars().filter(|&c| is_cap(c)).count() >= 2
            && run.chars().last().is_some_and(is_cap)
    };
    if !second.is_some_and(|c| is_cap(c) || c.is_ascii_digit()) {
        return mixed().then_some(end);
    }
    if !run.chars().next().is_some_and(is_cap)
        || !run.chars().all(|c| is_cap(c) || c.is_ascii_digit())
    {
        return None;
    }
    let letters = run.find(|c: char| c.is_ascii_digit()).unwrap_or(run.len());
    let tail = &run[letters..];
    if tail.len() == 4 && run[..letters].chars().count() >= 2 && year(tail, 0, false).is_some() {
        return Some(i + letters);
    }
    (2..=6).contains(&run.chars().count()).then_some(end)
}

/// prefix := word ("-" word){0,2}: as written, dashes read as hyphens.
fn prefix(s: &str, i: usize) -> Option<(String, usize)> {
    let mut end = word(s, i)?;
    let mut out = s[i..end].to_string();
    // A word glued to its year (`AMN2019`) ends the prefix.
    let mut glued = end < run_end(s, i);
    for _ in 0..2 {
        if glued {
            break;
        }
        let Some(c) = char_at(s, end).filter(|&c| join_char(c) == Some('-')) else {
            break;
        };
        let j = end + c.len_utf8();
        let Some(e) = word(s, j) else { break };
        out.push('-');
        out.push_str(&s[j..e]);
        glued = e < run_end(s, j);
        end = e;
    }
    Some((out, end))
}

/// join := SP | [SP] ("-" | "/" | "_") [SP] | "." [SP] | "" (glued):
/// canonical `-`, `/`, `.` (a dot right before the year) or a space.
fn join(s: &str, i: usize) -> Option<(&'static str, usize)> {
    if char_at(s, i).is_some_and(|c| c.is_ascii_digit()) {
        return Some(("", i));
    }
    let (j, sp) = spaces(s, i);
    let c = char_at(s, j)?;
    match join_char(c) {
        Some('-') => Some(("-", spaces(s, j + c.len_utf8()).0)),
        Some('/') => Some(("/", spaces(s, j + 1).0)),
        Some('_') => Some((" ", spaces(s, j + 1).0)),
        Some('.') if sp == 0 => {
            let (k, n) = spaces(s, j + 1);
            Some((if n == 0 { "." } else { " " }, k))
        }
        _ if sp > 0 => Some((" ", j)),
        _ => None,
    }
}

/// ysep := [SP] ("-" | "/") [SP] | "." | ":" | "_": canonical character.
fn ysep(s: &str, i: usize) -> Option<(char, usize)> {
    let (j, sp) = spaces(s, i);
    let c = char_at(s, j)?;
    match join_char(c)? {
        k @ ('-' | '/') => Some((k, spaces(s, j + c.len_utf8()).0)),
        k if sp == 0 => Some((k, j + 1)),
        _ => None,
    }
}

/// serial := DIGIT{1,7}
fn serial(s: &str, i: usize) -> Option<(Cow<'_, str>, usize)> {
    digits(s, i, 7)
}

/// One or two digits, a whole run.
fn small(s: &str, i: usize) -> Option<(Cow<'_, str>, usize)> {
    digits(s, i, 2)
}

/// suffix := ("-" | ".") d{1,2} (("." | SP) d{1,2}){0,3} | SP "nr" SP d{1,3}:
/// canonical (`-1 3` → `-1.3`), end.
fn suffix(s: &str, i: usize) -> Option<(String, usize)> {
    let c = char_at(s, i)?;
    if let Some(lead @ ('-' | '.')) = join_char(c) {
        let (first, mut end) = small(s, i + c.len_utf8())?;
        let mut out = format!("{lead}{first}");
        for _ in 0..3 {
            let Some(c) = char_at(s, end).filter(|&c| c == '.' || is_space(c)) else {
                break;
            };
            let Some((d, e)) = small(s, end + c.len_utf8()) else {
                break;
            };
            out.push('.');
            out.push_str(&d);
            end = e;
        }
        return Some((out, end));
    }
    let (j, n) = spaces(s, i);
    if n == 0
        || !s[j..]
            .get(..2)
            .is_some_and(|w| w.eq_ignore_ascii_case("nr"))
    {
        return None;
    }
    let (k, m) = spaces(s, j + 2);
    let (d, end) = digits(s, k, 3).filter(|_| m > 0)?;
    Some((format!(" nr {d}"), end))
}

/// class := d{1,2} ("." d{1,2}){1,4}, a space for a lost dot after the first
/// dot (`1.6 2`): canonical with dots, end.
fn class(s: &str, i: usize) -> Option<(String, usize)> {
    let (first, mut end) = small(s, i)?;
    let mut out = first.into_owned();
    let mut dots = 0;
    for _ in 0..4 {
        let Some(c) = char_at(s, end).filter(|&c| c == '.' || (dots > 0 && is_space(c))) else {
            break;
        };
        let Some((d, e)) = small(s, end + c.len_utf8()) else {
            break;
        };
        dots += usize::from(c == '.');
        out.push('.');
        out.push_str(&d);
        end = e;
    }
    (dots > 0).then_some((out, end))
}

/// A number ends where its run ends (`2019-11-22kl` is not one).
fn ends_here(s: &str, end: usize) -> bool {
    !char_at(s, end).is_some_and(char::is_alphanumeric)
}

// ---------------------------------------------------------------------------
// What a number must not be
// ---------------------------------------------------------------------------

/// A statute series: a författningssamling (`SFS`, `SOSFS`, `HSLF-FS`) or EU
/// law (`EU 2016/679`, `EG`).
fn statute_series(prefix: &str) -> bool {
    prefix.ends_with("FS") || matches!(prefix, "EU" | "EG" | "EEG")
}

/// Does the word before `i` name a statute series (`SOSFS 2011:5`)?
fn after_statute(s: &str, i: usize) -> bool {
    let before = s[..i].trim_end();
    let w = before
        .rsplit(|c: char| !(is_cap(c) || c == '-'))
        .next()
        .unwrap_or("");
    !w.is_empty() && statute_series(w)
}

/// `year ysep serial` with a serial of 1–12 reads as a month; followed at
/// `end` by the same separator and a day it reads as a calendar day
/// (`2021-02-17`, `2019 -11- 22`, `2019.11.22`), and followed by that
/// separator and no number as a garbled date stamp (`2019-12-k`, `2019-12-`).
/// `2019-12-1.3` is a serial and its suffix. Returns (month, day).
fn month_day(s: &str, sep: char, serial: &str, end: usize) -> (bool, bool) {
    let month = serial.len() <= 2 && matches!(serial.parse::<u8>(), Ok(1..=12));
    if !month {
        return (false, false);
    }
    let (j, _) = spaces(s, end);
    let Some(c) = char_at(s, j).filter(|&c| join_char(c) == Some(sep)) else {
        return (true, false);
    };
    let k = spaces(s, j + c.len_utf8()).0;
    let day = match small(s, k) {
        Some((d, e)) => {
            let suffix_goes_on =
                char_at(s, e) == Some('.') && char_at(s, e + 1).is_some_and(|c| c.is_ascii_digit());
            matches!(d.parse::<u8>(), Ok(1..=31)) && !suffix_goes_on
        }
        // A garbled day (`k`, `??`, nothing) or one run into letters (`22kl`).
        None => {
            let lead = s[k..].bytes().take_while(u8::is_ascii_digit).count();
            lead == 0 || (lead <= 2 && matches!(s[k..k + lead].parse::<u8>(), Ok(1..=31)))
        }
    };
    (true, day)
}

/// Is a `year ysep serial` reading admissible in `ctx`?
///
/// - a complete day or a garbled date stamp only `Inline`;
/// - no span of years (`2019/2020`) but `Inline`, or with a prefix that is
///   not `Free`;
/// - in `Free` text: no month (unless the prefix is hyphen-joined,
///   `FSN-2021-07`, or the separator a `/`), no `PREFIX YYYY:N` with a space
///   (the citation form of statutes).
#[allow(clippy::too_many_arguments)]
fn admissible(
    s: &str,
    ctx: Context,
    join: &str,
    year: &str,
    sep: char,
    serial: &str,
    serial_end: usize,
    has_suffix: bool,
) -> bool {
    let (month, day) = if matches!(sep, '-' | '/' | '.') {
        month_day(s, sep, serial, serial_end)
    } else {
        (false, false)
    };
    if day && ctx != Context::Inline {
        return false;
    }
    if ctx == Context::Inline {
        return true;
    }
    let y = year_value(year) as u64;
    let span = serial.len() == 4
        && matches!(sep, '/' | '-')
        && serial.parse::<u64>().is_ok_and(|n| n > y && n <= y + 10);
    if span && (ctx == Context::Free || join.is_empty()) {
        return false;
    }
    if ctx != Context::Free {
        return true;
    }
    if month && !day && !has_suffix && sep != '/' && join != "-" {
        return false;
    }
    !(sep == ':' && matches!(join, " " | ""))
}

// ---------------------------------------------------------------------------
// The shapes
// ---------------------------------------------------------------------------

/// prefixed := prefix join year ysep serial [suffix]
/// serial_first := prefix SP serial ("/" | "-") year4
fn prefixed(s: &str, i: usize, ctx: Context) -> Option<Number> {
    let (p, pend) = prefix(s, i)?;
    if statute_series(&p) {
        return None;
    }
    let (j, yi) = join(s, pend)?;
    let key_prefix: String = p.chars().filter(|c| *c != '-').collect();
    // year ysep serial [suffix]
    // A two-digit year with a hyphen (`NA-LS 22-031`) only under a label.
    let short_hyphen = |y: &str, sep: char, n: &str| {
        ctx != Context::Free && y.len() == 2 && sep == '-' && n.len() >= 3
    };
    if let Some((y, yend)) = year(s, yi, true)
        && let Some((sep, si)) = ysep(s, yend)
        && let Some((n, nend)) = serial(s, si)
        && (short_year_fits(&y, sep, &n) || short_hyphen(&y, sep, &n))
    {
        let (suf, end) = suffix(s, nend).unwrap_or_default();
        let end = if suf.is_empty() { nend } else { end };
        if ends_here(s, end)
            && (!j.is_empty() || y.len() == 4)
            && admissible(s, ctx, j, &y, sep, &n, nend, !suf.is_empty())
        {
            return Some(Number {
                canonical: format!("{p}{j}{y}{sep}{n}{suf}"),
                end,
                key: Key {
                    prefix: Some(key_prefix),
                    class: None,
                    year: year_value(&y),
                    serial: n.parse().unwrap_or(0),
                },
            });
        }
    }
    // serial ("/" | "-") year4, the serial not itself a year (`2019/2020`);
    // under a label also a prefix joined by a hyphen and a two-digit year
    // after a slash (`N167-0318/23`).
    let labelled = ctx != Context::Free;
    if (j == " " || (labelled && j == "-"))
        && year(s, yi, false).is_none()
        && let Some((n, nend)) = serial(s, yi)
        && let Some(c) = char_at(s, nend).filter(|&c| matches!(join_char(c), Some('/' | '-')))
        && let Some((y, end)) = year(s, nend + c.len_utf8(), labelled && c == '/' && n.len() >= 3)
        && ends_here(s, end)
    {
        let month = n.len() <= 2 && matches!(n.parse::<u8>(), Ok(1..=12));
        if ctx == Context::Free && month {
            return None;
        }
        let sep = join_char(c)?;
        return Some(Number {
            canonical: format!("{p}{j}{n}{sep}{y}"),
            end,
            key: Key {
                prefix: Some(key_prefix),
                class: None,
                year: year_value(&y),
                serial: n.parse().unwrap_or(0),
            },
        });
    }
    None
}

/// year_first := year4 ("/" | "-") prefix (SP | "-") serial [suffix]
/// bare := year ysep serial [suffix]          (labelled only)
fn year_first(s: &str, i: usize, ctx: Context) -> Option<Number> {
    let (y, yend) = year(s, i, true)?;
    let (sep, si) = ysep(s, yend)?;
    if y.len() == 4
        && matches!(sep, '/' | '-')
        && let Some((p, pend)) = prefix(s, si)
        && !statute_series(&p)
        && let Some(c) = char_at(s, pend).filter(|&c| is_space(c) || join_char(c) == Some('-'))
        && let Some((n, nend)) = serial(s, spaces(s, pend + c.len_utf8()).0)
    {
        let (suf, end) = suffix(s, nend).unwrap_or_default();
        let end = if suf.is_empty() { nend } else { end };
        if ends_here(s, end) {
            let pj = if is_space(c) { ' ' } else { '-' };
            return Some(Number {
                canonical: format!("{y}{sep}{p}{pj}{n}{suf}"),
                end,
                key: Key {
                    prefix: Some(p.chars().filter(|c| *c != '-').collect()),
                    class: None,
                    year: year_value(&y),
                    serial: n.parse().unwrap_or(0),
                },
            });
        }
    }
    if ctx == Context::Free {
        return None;
    }
    let (n, nend) = serial(s, si)?;
    if !short_year_fits(&y, sep, &n) || after_statute(s, i) {
        return None;
    }
    // `YYYY:N` is how statutes are cited (`SFS 2001:453`).
    if sep == ':' && ctx != Context::Inline {
        return None;
    }
    let (suf, end) = suffix(s, nend).unwrap_or_default();
    let end = if suf.is_empty() { nend } else { end };
    if !ends_here(s, end) || !admissible(s, ctx, "", &y, sep, &n, nend, !suf.is_empty()) {
        return None;
    }
    Some(Number {
        canonical: format!("{y}{sep}{n}{suf}"),
        end,
        key: Key {
            prefix: None,
            class: None,
            year: year_value(&y),
            serial: n.parse().unwrap_or(0),
        },
    })
}

/// classed := class [SP] "/" [SP] serial "-" year4
///          | class "-" serial [SP] "/" [SP] year4       (labelled only)
fn classed(s: &str, i: usize, ctx: Context) -> Option<Number> {
    if ctx == Context::Free {
        return None;
    }
    let (c, cend) = class(s, i)?;
    let (first, si) = ysep(s, cend).filter(|(k, _)| matches!(k, '/' | '-'))?;
    let (n, nend) = serial(s, si)?;
    let (second, yi) = ysep(s, nend)?;
    let (y, end) = year(s, yi, false)?;
    let ok = matches!((first, second), ('/', '-') | ('-', '/'));
    (ok && ends_here(s, end)).then(|| Number {
        canonical: format!("{c}{first}{n}{second}{y}"),
        end,
        key: Key {
            prefix: None,
            class: Some(c.clone()),
            year: year_value(&y),
            serial: n.parse().unwrap_or(0),
        },
    })
}

/// May a number start at `i`? At a word boundary, and not inside a run joined
/// to digits (`19121212-1212`, the `2019` of `286-2019`, the `2` of `1.2.2`).
fn starts_here(s: &str, i: usize) -> bool {
    let mut before = s[..i].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if c != '_' && join_char(c).is_some() => {
            !before.next().is_some_and(|c| c.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Is the prefix at `i` the party a case was reported to (`Anmält till IVO
/// 2021-0217`, `anmälan … till IVO`)? Then what follows is its date.
fn reported_to(s: &str, i: usize) -> bool {
    let before = s[..i].trim_end();
    let Some(head) = before
        .len()
        .checked_sub(4)
        .and_then(|k| before.get(k..))
        .filter(|w| w.eq_ignore_ascii_case("till"))
        .map(|_| &before[..before.len() - 4])
    else {
        return false;
    };
    if head.chars().next_back().is_some_and(char::is_alphanumeric) {
        return false;
    }
    let lower = head.to_lowercase();
    ["anmä", "anmal", "underrätt"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The number starting at `i`, if one does.
fn number_at(s: &str, i: usize, ctx: Context) -> Option<Number> {
    let c = char_at(s, i)?;
    if is_cap(c) {
        return prefixed(s, i, ctx).filter(|_| ctx != Context::Free || !reported_to(s, i));
    }
    if !c.is_ascii_digit() {
        return None;
    }
    year_first(s, i, ctx).or_else(|| classed(s, i, ctx))
}

/// How far before its first digit a number may start (`AT-LS-` and a join,
/// capitals of two bytes).
const PREFIX_REACH: usize = 64;

/// Parse the first diarienummer in `text` as a labelled cell's value: every
/// shape, a complete date excluded (see `parse_in`).
pub fn parse(text: &str) -> Option<Parsed> {
    parse_in(text, Context::Labelled)
}

/// The canonical form of the registry number `parse` finds in `text`: the
/// grammar `segment` tells cases apart by.
pub fn canonical(text: &str) -> Option<String> {
    parse(text).map(|p| p.canonical)
}

/// Parse the first diarienummer in `text` read in `ctx`. With
/// `Context::Inline` only a number at the start of `text` (after spaces) is
/// inline; later ones are `Labelled`.
pub fn parse_in(text: &str, ctx: Context) -> Option<Parsed> {
    let b = text.as_bytes();
    let digit_from = |k: usize| b[k..].iter().position(u8::is_ascii_digit).map(|d| k + d);
    let mut next_digit = digit_from(0)?;
    let lead = text.len() - text.trim_start().len();
    let mut i = 0;
    while i < b.len() {
        if next_digit < i {
            let Some(d) = digit_from(i) else { break };
            next_digit = d;
        }
        // Every number holds a digit: jump to where one can start.
        if next_digit > i + PREFIX_REACH {
            i = next_digit - PREFIX_REACH;
            while !text.is_char_boundary(i) {
                i += 1;
            }
            continue;
        }
        // Digits, ASCII capitals and the lead byte of Å Ä Ö É Ü; never a
        // continuation byte, so `i` is a char boundary.
        let c = b[i];
        if (c.is_ascii_digit() || c.is_ascii_uppercase() || c == 0xC3) && starts_here(text, i) {
            let here = if ctx == Context::Inline && i != lead {
                Context::Labelled
            } else {
                ctx
            };
            if let Some(n) = number_at(text, i, here) {
                return Some(Parsed {
                    canonical: n.canonical,
                    start: i,
                    end: n.end,
                });
            }
        }
        i += 1;
    }
    None
}

/// The identifying parts of a canonical form.
fn key(canonical: &str) -> Option<Key> {
    let lead = canonical.len() - canonical.trim_start().len();
    number_at(canonical, lead, Context::Inline).map(|n| n.key)
}

/// Are two canonical forms the same number? Year and serial (as numbers)
/// agree and, where both write one, prefix and class; the suffix does not
/// count. Forms that do not parse are compared as strings.
pub fn same_number(a: &str, b: &str) -> bool {
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.same(&y),
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------

/// Whose registry a labelled number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    /// The case's own board (`Dnr`, `Rapportens diarienummer`, `Avsändarens
    /// diarienummer`, `Vårt dnr`).
    Own,
    /// Another party's (`Er referens`, `Ert dnr`, `IVO:s dnr`).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Label {
    /// Byte offset where the label ends.
    end: usize,
    party: Party,
}

/// The label words. The word before one (its owner) is read by hand.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)diarienummer|diarienr|diarie[ ]?nr|dnr|ärendenummer|ärendenr|ärende[ ]?nr|ärende|beteckning|referens",
    )
    .expect("valid regex")
});

/// Owner words naming another party.
const OTHER_OWNERS: [&str; 6] = [
    "er",
    "ert",
    "era",
    "mottagarens",
    "inspektionens",
    "motpartens",
];

/// The word right before byte `at` (spaces between), with a genitive `:s`
/// (`IVO:s`).
fn owner_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end_matches([' ', '\u{a0}']);
    if before.len() == at {
        return None;
    }
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic() || c == ':')
        .last()
        .map(|(k, _)| k)?;
    let w = &before[start..];
    // A colon is only the genitive's (`IVO:s`); `Dnr: SN` has none.
    let ok = match w.find(':') {
        None => true,
        Some(k) => k > 0 && w[k..].eq_ignore_ascii_case(":s"),
    };
    ok.then_some(w)
}

/// Does owner word `o` of label `word` name another party: `er`, `ert`,
/// `mottagarens`, …, a genitive after an abbreviation (`IVO:s`) or an
/// authority's abbreviation (`IVO dnr`, 2–4 capitals)?
fn names_other_party(o: &str, word: &str) -> bool {
    o.ends_with(":s")
        || o.ends_with(":S")
        || ((2..=4).contains(&o.chars().count())
            && o.chars().all(is_cap)
            && !o.eq_ignore_ascii_case(word))
        || OTHER_OWNERS.iter().any(|x| x.eq_ignore_ascii_case(o))
}

/// A short parenthesis right after byte `at` (spaces between): its inside
/// and the byte after `)`.
fn parenthesis_after(text: &str, at: usize) -> Option<(&str, usize)> {
    let (j, _) = spaces(text, at);
    if char_at(text, j) != Some('(') {
        return None;
    }
    let close = text[j..].find(')').filter(|&k| k <= 40)?;
    Some((&text[j + 1..j + close], j + close + 1))
}

/// Every label on a line, in order.
fn labels(text: &str) -> Vec<Label> {
    let mut out = Vec::new();
    for w in LABEL.find_iter(text) {
        // A label word is a whole word, or glued after a lowercase letter
        // (`ansvarigDnr`, two cells run together) or before its number
        // (`Dnr2021-0428`).
        let glued = |prev: char| {
            prev.is_lowercase() && w.as_str().chars().next().is_some_and(char::is_uppercase)
        };
        if text[..w.start()]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_alphanumeric() && !glued(p))
            || char_at(text, w.end()).is_some_and(char::is_alphabetic)
        {
            continue;
        }
        let word = w.as_str();
        // `Ärende` names the case's number only as a field label (`Ärende:
        // VN 2021/00034-3`, a table cell); in running text it is a word.
        if word.to_lowercase() == "ärende" {
            let after = text[w.end()..].trim_start_matches([' ', '\u{a0}']);
            if !(after.starts_with([':', '\t', '|']) || after.is_empty()) {
                continue;
            }
        }
        // An owner in parentheses after the label: `Diarienummer (IVO)`,
        // `Dnr (fylls i av IVO)`.
        if let Some((inside, end)) = parenthesis_after(text, w.end()) {
            let lower = inside.to_lowercase();
            let other = lower.contains("fylls i av")
                || inside
                    .split(|c: char| !(c.is_alphanumeric() || c == ':'))
                    .any(|o| names_other_party(o, word));
            out.push(Label {
                end,
                party: if other { Party::Other } else { Party::Own },
            });
            continue;
        }
        let party = match owner_before(text, w.start()) {
            Some(o) if names_other_party(o, word) => Party::Other,
            Some(_) => Party::Own,
            None if word.eq_ignore_ascii_case("referens") => continue,
            None => Party::Own,
        };
        out.push(Label {
            end: w.end(),
            party,
        });
    }
    out
}

/// The value cell after a label ending at `end`: its punctuation (`:`, `.`,
/// `·`) and at most one cell boundary (a tab, a `|`) skipped, up to the next
/// cell boundary.
fn value_region(text: &str, end: usize) -> Range<usize> {
    let skip = |mut k: usize| {
        while let Some(c) =
            char_at(text, k).filter(|&c| is_space(c) || matches!(c, ':' | '.' | '·'))
        {
            k += c.len_utf8();
        }
        k
    };
    let mut k = skip(end);
    if matches!(char_at(text, k), Some('\t' | '|')) {
        k = skip(k + 1);
    }
    let stop = text[k..].find(['\t', '|']).map_or(text.len(), |p| k + p);
    k..stop
}

/// Does `text` hold a label word (`dnr`, `diarie…`, `ärendenr`, `ärende
/// nr`, `ärendenummer`, `referens`, `beteckning`) in lower case, capitalised
/// or upper case? A literal search, far cheaper than `labels` on every
/// line; it may say yes where `labels` finds none, and no only for a label in
/// mixed case (`dNr`).
fn has_label_word(text: &str) -> bool {
    static HINT: LazyLock<Regex> = LazyLock::new(|| {
        let words = [
            "dnr",
            "diarie",
            "rendenr",
            "rende nr",
            "rendenummer",
            "rende:",
            "rende\t",
            "referens",
            "beteckning",
        ];
        let mut alts: Vec<String> = Vec::new();
        for w in words {
            let mut cap = w.to_string();
            cap[..1].make_ascii_uppercase();
            alts.extend([w.to_string(), cap, w.to_ascii_uppercase()]);
        }
        Regex::new(&alts.join("|")).expect("valid regex")
    });
    HINT.is_match(text)
}

// ---------------------------------------------------------------------------
// Mentions in a case
// ---------------------------------------------------------------------------

/// The case's registry numbers: every mention of its own number, and the
/// one chosen as canonical with the line it was read on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registry {
    /// In line order; one per line and spelling.
    pub mentions: Vec<DnrMention>,
    pub number: Option<Found<String>>,
    /// No number found.
    pub gaps: Vec<Gap>,
}

/// Find the case's diarienummer mentions and choose the canonical one.
pub fn extract(view: &CaseView) -> Registry {
    // Lines holding another party's number, under its label.
    let mut theirs: Vec<usize> = Vec::new();
    let mut mentions: Vec<DnrMention> = Vec::new();
    for i in view.range() {
        let Some((j, p)) = mention_at(view, i, &mut theirs) else {
            continue;
        };
        let l = &view.lines[j];
        let raw = l.text[p.start..p.end].trim().to_string();
        if mentions.iter().any(|d| d.line == l.no && d.raw == raw) {
            continue;
        }
        mentions.push(DnrMention {
            raw,
            canonical: p.canonical,
            line: l.no,
            section: view.section_of(j),
        });
    }
    mentions.sort_by_key(|d| d.line);
    let number = choose(&mentions).map(|d| {
        let line = view
            .lines
            .iter()
            .find(|l| l.no == d.line)
            .expect("a mention's line number is one of the view's lines");
        let found = Found::at(line, &d.raw, d.canonical.clone());
        match other_number(&mentions, &d.canonical) {
            Some(o) => found.doubted(0.8, format!("annat nummer i ärendet: {o}")),
            None => found,
        }
    });
    let gaps = match number {
        None => vec![Gap::new("diarienummer", 0.6, "inget diarienummer hittat")],
        Some(_) => Vec::new(),
    };
    Registry {
        mentions,
        number,
        gaps,
    }
}

/// The case's own number labelled on line `i` (on that line or the next), or
/// an unlabelled one of an unmistakable shape; with the index of the line it
/// stands on and its span there. Another party's labelled number is never
/// one; the line under such a label is noted in `theirs`.
fn mention_at(view: &CaseView, i: usize, theirs: &mut Vec<usize>) -> Option<(usize, Parsed)> {
    let text = &view.lines[i].text;
    let labels = if has_label_word(text) {
        labels(text)
    } else {
        Vec::new()
    };
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut own_empty = false;
    for l in &labels {
        let r = value_region(text, l.end);
        match l.party {
            Party::Own => {
                if let Some(mut p) = parse_in(&text[r.clone()], Context::Inline) {
                    p.start += r.start;
                    p.end += r.start;
                    return Some((i, p));
                }
                own_empty = true;
            }
            Party::Other => {
                if text[r.clone()].trim().is_empty()
                    && let Some((j, _)) = next_value(view, i)
                {
                    theirs.push(j);
                }
                blank.push(r);
            }
        }
    }
    if own_empty
        && let Some((j, _)) = next_value(view, i)
        && !theirs.contains(&j)
        && let Some(p) = parse_in(&view.lines[j].text, Context::Labelled)
    {
        return Some((j, p));
    }
    if theirs.contains(&i) {
        return None;
    }
    if blank.is_empty() {
        return parse_in(text, Context::Free).map(|p| (i, p));
    }
    let mut own = text.clone();
    for r in blank {
        own.replace_range(r.clone(), &" ".repeat(r.len()));
    }
    parse_in(&own, Context::Free).map(|p| (i, p))
}

/// The first line with text among the three under line `i` (a markdown
/// table's `|---|---|` row is not text).
fn next_value<'a>(view: &'a CaseView<'a>, i: usize) -> Option<(usize, &'a str)> {
    let end = (i + 4).min(view.span.end);
    (i + 1..end)
        .map(|j| (j, view.lines[j].text.trim()))
        .find(|(_, t)| !t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
}

/// The first mention, as written, of a number other than `number` (both
/// compared by their letters and digits, as written and canonical).
fn other_number<'a>(mentions: &'a [DnrMention], number: &str) -> Option<&'a str> {
    let canon = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_uppercase)
            .collect::<String>()
    };
    let own = canon(number);
    mentions
        .iter()
        .find(|m| canon(&m.canonical) != own && canon(&m.raw) != own)
        .map(|m| m.raw.as_str())
}

/// The canonical number: the number written most often (forms that are the
/// same number counted together), earliest first; of its forms the most
/// frequent, then the fullest (prefix, suffix), then the earliest.
fn choose(ms: &[DnrMention]) -> Option<&DnrMention> {
    let keys: Vec<Option<Key>> = ms.iter().map(|d| key(&d.canonical)).collect();
    let same = |a: usize, b: usize| match (&keys[a], &keys[b]) {
        (Some(x), Some(y)) => x.same(y),
        _ => ms[a].canonical == ms[b].canonical,
    };
    let mut best: Option<(usize, usize)> = None;
    for a in 0..ms.len() {
        let n = (0..ms.len()).filter(|&b| same(a, b)).count();
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((a, n));
        }
    }
    let (a, _) = best?;
    let group: Vec<usize> = (0..ms.len()).filter(|&b| same(a, b)).collect();
    let fullness = |b: usize| {
        keys[b]
            .as_ref()
            .map_or(0, |k| usize::from(k.prefix.is_some()))
            + ms[b].canonical.len()
    };
    group
        .iter()
        .copied()
        .max_by_key(|&b| {
            let n = group
                .iter()
                .filter(|&&c| ms[c].canonical == ms[b].canonical)
                .count();
            (n, fullness(b), std::cmp::Reverse(b))
        })
        .map(|b| &ms[b])
}

#[cfg(test)]
mod tests;
