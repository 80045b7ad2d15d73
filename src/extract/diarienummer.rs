//! Diarienummer: registry numbers of a case, found where the forms ask for
//! them (`Rapportens diarienummer`, `Ärende och diarienummer`, `Dnr`,
//! `Avsändarens diarienummer`, `Diarienummer`) and, anywhere in the case, in
//! the unmistakable shape `PREFIX YYYY-NNNN`. One canonical form per case;
//! every form as written is kept.
//!
//! Grammar (`parse`), whitespace-tolerant, placeholders (`Dnr.....`, `Ange
//! diarienummer`, an empty `DNR:`) never match:
//!
//! ```text
//! dnr    := [prefix] year sep serial [class]      AMN 2019-0289-1.3, 2020-0428
//!         | year "/" prefix serial                2021/ASN 0026
//!         | class "/" serial "-" year             1.2.2/286-2019
//!         | prefix serial "/" year                SN 123/2019
//!         | class "-" serial "/" year             1.2.5-533/2021
//! prefix := 2–6 capital letters (Å Ä Ö too), optionally dotted (KS.)
//! year   := 19xx | 20xx
//! sep    := "-" | "/" | "."
//! serial := 1–6 digits
//! class  := ("-" | ".") d{1,2} ((" " | ".") d{1,2}){0,3}    -1.3, -1 3 (a dot lost)
//! ```

use std::sync::LazyLock;

use regex::Regex;

use super::{CaseView, DnrMention, Fields};

/// A parsed number: canonical form and the byte span as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub canonical: String,
    pub start: usize,
    pub end: usize,
}

static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?P<p>[A-ZÅÄÖ]{2,6})\.?[ ]?(?P<y>(?:19|20)[0-9]{2})[ ]?(?P<s1>[-/.])[ ]?(?P<n>[0-9]{1,6})(?P<c>[-.][0-9]{1,2}(?:[. ][0-9]{1,2}){0,3})?(?-u:\b)",
    )
    .expect("valid regex")
});
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?P<y>(?:19|20)[0-9]{2})(?P<s1>[-/])(?P<n>[0-9]{3,6})(?P<c>-[0-9]{1,2}(?:[. ][0-9]{1,2}){0,3})?(?-u:\b)",
    )
    .expect("valid regex")
});
static YEAR_SLASH_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<y>(?:19|20)[0-9]{2})[ ]?/[ ]?(?P<p>[A-ZÅÄÖ]{2,6})[ ]?(?P<n>[0-9]{1,6})(?-u:\b)")
        .expect("valid regex")
});
static CLASS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<c>[0-9]{1,2}(?:\.[0-9]{1,2}){1,4})/(?P<n>[0-9]{1,6})-(?P<y>(?:19|20)[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});
static CLASS_SERIAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<c>[0-9]{1,2}(?:\.[0-9]{1,2}){1,4})-(?P<n>[0-9]{1,6})/(?P<y>(?:19|20)[0-9]{2})(?-u:\b)")
        .expect("valid regex")
});
static SERIAL_SLASH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?P<p>[A-ZÅÄÖ]{2,6})[ ]?(?P<n>[0-9]{1,6})/(?P<y>(?:19|20)[0-9]{2})(?-u:\b)",
    )
    .expect("valid regex")
});
static LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:diarienummer|\bdnr\b)[:.·]*").expect("valid regex"));

/// Normalise a class code: its leading separator is kept, any space or dot
/// between its numbers is a dot (`-1 3` → `-1.3`).
fn class_code(c: &str) -> String {
    let (sep, rest) = c.split_at(1);
    let digits: Vec<&str> = rest.split([' ', '.']).filter(|s| !s.is_empty()).collect();
    format!("{sep}{}", digits.join("."))
}

/// Parse the first diarienummer in `text`.
pub fn parse(text: &str) -> Option<Parsed> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // `_` joins words in exported file names (`2020-0428_Lex Sara`); it is a
    // separator here. Same byte length, so spans stay valid.
    let owned;
    let text = if text.contains('_') {
        owned = text.replace('_', " ");
        owned.as_str()
    } else {
        text
    };
    let mut found: Vec<Parsed> = Vec::new();
    // The shapes whose canonical form is their parts, reassembled.
    type Shape = (&'static LazyLock<Regex>, fn(&regex::Captures) -> String);
    let shapes: [Shape; 4] = [
        (&YEAR_SLASH_PREFIX, |c| {
            format!("{}/{} {}", &c["y"], &c["p"], &c["n"])
        }),
        (&CLASS_FIRST, |c| {
            format!("{}/{}-{}", &c["c"], &c["n"], &c["y"])
        }),
        (&CLASS_SERIAL_YEAR, |c| {
            format!("{}-{}/{}", &c["c"], &c["n"], &c["y"])
        }),
        (&SERIAL_SLASH_YEAR, |c| {
            format!("{} {}/{}", &c["p"], &c["n"], &c["y"])
        }),
    ];
    for (re, canonical) in shapes {
        if let Some(c) = re.captures(text) {
            let m = c.get(0).expect("group 0 always exists");
            found.push(Parsed {
                canonical: canonical(&c),
                start: m.start(),
                end: m.end(),
            });
        }
    }
    if let Some(c) = PREFIXED.captures(text)
        && let Some(m) = c
            .get(0)
            .filter(|m| !text[..m.start()].ends_with(char::is_alphanumeric))
    {
        let class = c
            .name("c")
            .map(|c| class_code(c.as_str()))
            .unwrap_or_default();
        found.push(Parsed {
            canonical: format!("{} {}{}{}{}", &c["p"], &c["y"], &c["s1"], &c["n"], class),
            start: m.start(),
            end: m.end(),
        });
    }
    if found.is_empty()
        && let Some(c) = YEAR_FIRST.captures(text)
    {
        let m = c.get(0).expect("group 0 always exists");
        let class = c
            .name("c")
            .map(|c| class_code(c.as_str()))
            .unwrap_or_default();
        found.push(Parsed {
            canonical: format!("{}{}{}{}", &c["y"], &c["s1"], &c["n"], class),
            start: m.start(),
            end: m.end(),
        });
    }
    found
        .into_iter()
        .min_by_key(|p| (p.start, std::cmp::Reverse(p.end)))
}

/// Find the case's diarienummer mentions and choose the canonical one.
pub fn extract(view: &CaseView, f: &mut Fields) {
    for i in view.range() {
        let Some((j, p)) = mention_at(view, i) else {
            continue;
        };
        let l = &view.lines[j];
        let raw = l.text[p.start..p.end].trim().to_string();
        if f.dnr_mentions
            .iter()
            .any(|d| d.line == l.no && d.raw == raw)
        {
            continue;
        }
        f.dnr_mentions.push(DnrMention {
            raw,
            canonical: p.canonical,
            line: l.no,
            section: view.section_of(j),
        });
    }
    f.dnr_mentions.sort_by_key(|d| d.line);
    choose(view, f);
}

/// The number labelled on line `i` (on that line or the next), or an
/// unlabelled one of the unmistakable prefixed shape; with the index of the
/// line it stands on and its span there.
fn mention_at(view: &CaseView, i: usize) -> Option<(usize, Parsed)> {
    let text = &view.lines[i].text;
    // `LABEL` only when a label word is there: those letters fold to ASCII
    // only, so an ASCII case-insensitive test is exact, and far cheaper
    // than the Unicode `\b` search on every line.
    let label = if has_label_word(text) {
        LABEL.find(text)
    } else {
        None
    };
    match label {
        Some(m) => {
            if let Some(mut p) = parse(&text[m.end()..]) {
                p.start += m.end();
                p.end += m.end();
                return Some((i, p));
            }
            let (j, _) = next_value(view, i)?;
            parse(&view.lines[j].text).map(|p| (j, p))
        }
        None => parse(text)
            .filter(|p| p.canonical.contains(' ') && !p.canonical.starts_with(char::is_numeric))
            .map(|p| (i, p)),
    }
}

/// Does `text` hold `dnr` or `diarienummer`, in any case?
fn has_label_word(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |k: usize, word: &[u8]| {
        b[k..]
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    // `| 0x20` lowercases an ASCII letter and maps no other byte to `d`.
    (0..b.len()).any(|k| b[k] | 0x20 == b'd' && (at(k, b"dnr") || at(k, b"diarienummer")))
}

fn next_value<'a>(view: &'a CaseView<'a>, i: usize) -> Option<(usize, &'a str)> {
    let end = (i + 4).min(view.span.end);
    (i + 1..end)
        .map(|j| (j, view.lines[j].text.trim()))
        .find(|(_, t)| !t.is_empty())
}

/// The canonical number: the most frequent canonical form, earliest first.
fn choose(view: &CaseView, f: &mut Fields) {
    let mut best: Option<(&DnrMention, usize)> = None;
    for d in &f.dnr_mentions {
        let n = f
            .dnr_mentions
            .iter()
            .filter(|e| e.canonical == d.canonical)
            .count();
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((d, n));
        }
    }
    if let Some((d, _)) = best {
        let (canonical, line_no, raw) = (d.canonical.clone(), d.line, d.raw.clone());
        f.diarienummer = Some(canonical);
        if let Some(line) = view.lines.iter().find(|l| l.no == line_no) {
            let line = line.clone();
            f.note("diarienummer", &line, &raw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "AMN 2019-0289-1.3",
                Some(("AMN 2019-0289-1.3", "AMN 2019-0289-1.3")),
            ),
            (
                "Mailutskick, AMN 2019-0289-1 3",
                Some(("AMN 2019-0289-1.3", "AMN 2019-0289-1 3")),
            ),
            (
                "Dnr: AMN 2019-0710-1.3",
                Some(("AMN 2019-0710-1.3", "AMN 2019-0710-1.3")),
            ),
            (
                "Ofredande, AMN 2019-0712",
                Some(("AMN 2019-0712", "AMN 2019-0712")),
            ),
            ("2021/ASN 0026", Some(("2021/ASN 0026", "2021/ASN 0026"))),
            ("1.2.2/286-2019", Some(("1.2.2/286-2019", "1.2.2/286-2019"))),
            ("12.2/286-2019", Some(("12.2/286-2019", "12.2/286-2019"))),
            (
                "2020-0428_Lex Sara_200324",
                Some(("2020-0428", "2020-0428")),
            ),
            (
                "I 2020-0428 Lex Sara 200324",
                Some(("2020-0428", "2020-0428")),
            ),
            ("SDN 2018/1234", Some(("SDN 2018/1234", "SDN 2018/1234"))),
            ("SN 123/2019", Some(("SN 123/2019", "SN 123/2019"))),
            (
                "Uteblivet stöd 1.2.5-533/2021",
                Some(("1.2.5-533/2021", "1.2.5-533/2021")),
            ),
            ("ÄN 2020-17.2", Some(("ÄN 2020-17.2", "ÄN 2020-17.2"))),
            ("KS 2017/0456", Some(("KS 2017/0456", "KS 2017/0456"))),
            ("Dnr.....", None),
            ("DNR:", None),
            ("Ange diarienummer", None),
            ("Telefon 08-508 35 500", None),
            ("2019-11-22", None),
            ("190612", None),
            ("14 kap 3 § SoL", None),
            ("SOSFS 2011:5", None),
        ];
        for (text, want) in cases {
            let got = parse(text).map(|p| (p.canonical.clone(), text[p.start..p.end].to_string()));
            let want = want.map(|(c, r)| (c.to_string(), r.to_string()));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn lost_dot_variant_normalises_to_the_same_number() {
        let a = parse("AMN 2019-0289-1.3").unwrap().canonical;
        let b = parse("AMN 2019-0289-1 3").unwrap().canonical;
        assert_eq!(a, b);
    }

    #[test]
    fn label_word_test_agrees_with_the_label_regex() {
        // The cheap test may say yes where LABEL finds nothing (`Ådnr`), never
        // no where it finds a label.
        let cases = [
            "Dnr: AMN 2019-0289",
            "DNR.",
            "Rapportens diarienummer",
            "DIARIENUMMER· ",
            "ärende och Diarienummer",
            "Ådnr 12",
            "ingen etikett här 2019-0289",
            "",
            "d",
        ];
        for text in cases {
            if LABEL.is_match(text) {
                assert!(has_label_word(text), "{text:?}");
            }
        }
        assert!(!has_label_word("ingen etikett här 2019-0289"));
        assert!(has_label_word("Ådnr 12"));
    }
}
