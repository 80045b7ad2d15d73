//! Identifiers found by their shape: Swedish personnummer and
//! samordningsnummer (checked with the Luhn digit), e-mail addresses and
//! Swedish phone numbers. Input: any text. Output: the text with each one
//! replaced by a fixed mask (`[personnummer]`, `[samordningsnummer]`,
//! `[e-post]`, `[telefon]`).
//!
//! Diarienummer (`AMN 2019-0289-1.3`, `SN 2021/0142`) and dates
//! (`2019-03-05`, `20190305`) are never touched: a personnummer needs ten or
//! twelve digits with a valid birth date and check digit, a phone number
//! nine or ten digits starting with 0 (or +46) and nothing glued to it.

use std::sync::LazyLock;

use regex::{Captures, Regex};

pub const PERSONNUMMER: &str = "[personnummer]";
pub const SAMORDNINGSNUMMER: &str = "[samordningsnummer]";
pub const EMAIL: &str = "[e-post]";
pub const PHONE: &str = "[telefon]";

// Grammar: (YYYY|YY) MM DD [-+]? NNNN, not inside a longer digit run.
static PNR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{2})?(\d{6})([-+ ]?)(\d{4})").expect("valid regex"));
static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}")
        .expect("valid regex")
});
// Grammar: (+46|0046) [(0)]? digit groups, or 0 area [-/ ] digit groups,
// or ten contiguous digits 0NNNNNNNNN. Digit count is checked after.
static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\+46|0046)[ \-]?(?:\(0\)[ \-]?)?\d{1,3}(?:[ \-]?\d{2,5}){1,4}|\(?0\d{1,3}\)?(?: ?[\-–/] ?| )\d{2,5}(?:[ \-]?\d{2,5}){0,3}|0\d{8,9}",
    )
    .expect("valid regex")
});

/// What a ten-digit number is, by its day of month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Personnummer,
    Samordningsnummer,
}

/// The Luhn check over the ten digits YYMMDDNNNN.
pub fn luhn_ok(ten: &[u8; 10]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Classify the digits of a candidate: ten digits YYMMDDNNNN with a valid
/// month, a day 1–31 (personnummer) or 61–91 (samordningsnummer), and a
/// valid check digit.
pub fn classify(ten: &[u8; 10]) -> Option<IdKind> {
    let month = ten[2] * 10 + ten[3];
    let day = ten[4] * 10 + ten[5];
    if !(1..=12).contains(&month) || !luhn_ok(ten) {
        return None;
    }
    match day {
        1..=31 => Some(IdKind::Personnummer),
        61..=91 => Some(IdKind::Samordningsnummer),
        _ => None,
    }
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// True when the match at `start..end` touches another digit or letter, or
/// continues a number (`2019-0712-0710`, `1.5`), so it is part of something
/// longer.
fn glued(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let touches = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let continues = |c: Option<char>, rest: Option<char>| {
        matches!(c, Some('-' | '/' | '.' | '+')) && rest.is_some_and(|r| r.is_ascii_digit())
    };
    let before2 = text[..start].chars().rev().nth(1);
    let after2 = text[end..].chars().nth(1);
    touches(before) || touches(after) || continues(before, before2) || continues(after, after2)
}

/// Every valid personnummer or samordningsnummer in `text`, as byte ranges.
pub fn find_ids(text: &str) -> Vec<(std::ops::Range<usize>, IdKind)> {
    let mut out = Vec::new();
    for c in PNR_RE.captures_iter(text) {
        let m = c.get(0).expect("group 0 always matches");
        if glued(text, m.start(), m.end()) {
            continue;
        }
        if let Some(kind) = id_kind(&c) {
            out.push((m.range(), kind));
        }
    }
    out
}

fn id_kind(c: &Captures) -> Option<IdKind> {
    if let Some(century) = c.get(1) {
        // Twelve digits: the century must be 18, 19 or 20.
        if !matches!(century.as_str(), "18" | "19" | "20") {
            return None;
        }
    }
    let digits = digits_of(&format!("{}{}", &c[2], &c[4]));
    let ten: [u8; 10] = digits.try_into().ok()?;
    classify(&ten)
}

/// True when `s` has the digits of a Swedish phone number: 9 or 10 digits
/// starting with 0, or +46 / 0046 followed by 7 to 9 digits.
fn phone_digits_ok(s: &str) -> bool {
    let d = digits_of(s);
    let international = s.starts_with('+') || s.starts_with("0046");
    if international {
        let rest = if s.starts_with('+') { 2 } else { 4 };
        let n = d
            .len()
            .saturating_sub(rest + usize::from(s.contains("(0)")));
        (7..=9).contains(&n)
    } else {
        d.first() == Some(&0) && (9..=10).contains(&d.len())
    }
}

/// Mask personnummer, samordningsnummer, e-mail addresses and phone
/// numbers in `text`.
pub fn mask(text: &str) -> String {
    let mut s = mask_ids(text);
    if s.contains('@') {
        s = EMAIL_RE.replace_all(&s, EMAIL).into_owned();
    }
    mask_phones(&s)
}

fn mask_ids(text: &str) -> String {
    let ids = find_ids(text);
    if ids.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, kind) in ids {
        out.push_str(&text[at..r.start]);
        out.push_str(match kind {
            IdKind::Personnummer => PERSONNUMMER,
            IdKind::Samordningsnummer => SAMORDNINGSNUMMER,
        });
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

fn mask_phones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut at, mut pos) = (0, 0);
    while let Some(m) = PHONE_RE.find_at(text, pos) {
        match phone_end(text, m.start(), m.as_str()) {
            Some(end) => {
                out.push_str(&text[at..m.start()]);
                out.push_str(PHONE);
                (at, pos) = (end, end);
            }
            None => {
                let step = text[m.start()..].chars().next().map_or(1, char::len_utf8);
                pos = m.start() + step;
            }
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The end of the phone number that starts a regex candidate: the longest
/// prefix, cut at a group separator, with the digits of a phone number and
/// nothing glued to it. The regex is greedy, so a candidate may run into
/// the next number (`070-412 88 35 2019`).
fn phone_end(text: &str, start: usize, cand: &str) -> Option<usize> {
    let mut ends: Vec<usize> = cand
        .char_indices()
        .filter(|&(i, c)| {
            (c == ' ' || c == '-') && cand[i + 1..].starts_with(|d: char| d.is_ascii_digit())
        })
        .map(|(i, _)| i)
        .collect();
    ends.push(cand.len());
    ends.into_iter()
        .rev()
        .map(|e| cand[..e].trim_end())
        .find(|p| phone_digits_ok(p) && !glued(text, start, start + p.len()))
        .map(|p| start + p.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_identifiers() {
        let cases = [
            // personnummer, 10 and 12 digits, with - and + and without
            ("pnr 811218-9876 x", "pnr [personnummer] x"),
            ("pnr 8112189876.", "pnr [personnummer]."),
            ("pnr 19811218-9876", "pnr [personnummer]"),
            ("pnr 198112189876", "pnr [personnummer]"),
            ("född 121212+1212", "född [personnummer]"),
            ("(19121212-1212)", "([personnummer])"),
            // samordningsnummer: day + 60
            ("snr 701063-2391", "snr [samordningsnummer]"),
            ("snr 19701063-2391", "snr [samordningsnummer]"),
            // e-mail, phone numbers
            ("Sofia.Berglund@vallby.se", "[e-post]"),
            ("Tel 08-508 35 497 dir", "Tel [telefon] dir"),
            ("072-593 70 86", "[telefon]"),
            ("0761235845", "[telefon]"),
            ("0224-74 50 12", "[telefon]"),
            ("08-508 24018", "[telefon]"),
            ("+46 8 508 35 497", "[telefon]"),
            ("+46 (0)70-412 88 35", "[telefon]"),
            ("070-412 88 35, 08-508 18 342", "[telefon], [telefon]"),
            ("070-412 88 35 08-508 18 342", "[telefon] [telefon]"),
            ("ring 070-412 88 35 2019", "ring [telefon] 2019"),
            ("(08) 508 35 497", "[telefon]"),
        ];
        for (text, want) in cases {
            assert_eq!(mask(text), want, "{text}");
        }
    }

    #[test]
    fn leaves_dates_and_diarienummer() {
        let cases = [
            "811218-9877",       // wrong check digit
            "811318-9876",       // month 13
            "19811218-9877",     // wrong check digit, 12 digits
            "AMN 2019-0289-1.3", // diarienummer
            "SN 2021/0142",      // diarienummer
            "ÄN 2019/0712-0710", // diarienummer with a range
            "2019-0712-0710-ofredande",
            "2019-03-05", // date
            "20190305",   // date
            "den 7 juni 2021 kl. 08.30",
            "05 03 2019", // date with spaces: eight digits
            "Postnr 73521 Box 410",
            "SFS 2001:453",
            "sha 0f5c9e1cf709f5e8f52d941fec39b87713d979dfe83eb2540e58614f2a8d53e5",
            "1.2.3 och 0,5 procent",
        ];
        for text in cases {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    fn luhn_table() {
        let ok = |s: &str| {
            let d: [u8; 10] = digits_of(s).try_into().unwrap();
            luhn_ok(&d)
        };
        assert!(ok("8112189876"));
        assert!(ok("1212121212"));
        assert!(!ok("8112189877"));
    }
}
