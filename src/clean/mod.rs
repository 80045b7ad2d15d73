//! Clean: a `Document` (pages of raw text) → numbered `Line`s of clean text.
//!
//! Line numbers are kept 1:1 with the raw text (a removed line becomes an
//! empty line) so every later value can point back at its source line.
//! Steps: Unicode NFC; converter markup (`**bold**`, `<i>`, `*k*`) removed;
//! `<input … type="checkbox"/>` tags turned into the tokens ☐ and ☒; table
//! rules and placeholders blanked; repeated page headers and template stamps
//! blanked; words hyphenated across a line end joined; OCR-damaged form labels
//! repaired (`ocr`).

pub mod headers;
pub mod ocr;

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::model::{Document, Line};

/// The token an empty checkbox becomes.
pub const BOX_EMPTY: char = '☐';
/// The token a ticked checkbox becomes.
pub const BOX_TICKED: char = '☒';

static CHECKBOX_TAG: LazyLock<Regex> = LazyLock::new(|| {
    // <input type="checkbox"/>, <input checked="" type="checkbox"/>,
    // <input type="checkbox" checked>, any attribute order.
    Regex::new(r#"(?i)<input\b[^>]*\btype\s*=\s*"?checkbox"?[^>]*>"#).expect("valid regex")
});
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:i|b|em|strong|u|span|p|br|div|sup|sub|font)\b[^>]*>")
        .expect("valid regex")
});
static EMPHASIS: LazyLock<Regex> = LazyLock::new(|| {
    // `*k*` (a single emphasised run with no inner asterisk): keep the text.
    Regex::new(r"\*([^*\s](?:[^*]*[^*\s])?)\*").expect("valid regex")
});
static RULE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s\-_=|+.]*$").expect("valid regex"));
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)klicka här för att ange (?:text|datum)\.?|ange diarienummer|_{3,}")
        .expect("valid regex")
});

/// Clean a whole document.
pub fn clean(doc: &Document) -> Vec<Line> {
    let mut lines = Vec::new();
    // Each line's label repair, decided with its cleaning (both are pure
    // functions of the raw line) and applied after the page headers are
    // blanked, as `ocr::repair` would: blanking only empties a line, and an
    // empty line needs no repair.
    let mut repairs: Vec<(usize, Box<str>)> = Vec::new();
    let mut no = 0u32;
    for (p, page) in doc.pages.iter().enumerate() {
        for raw in page.split('\n') {
            no += 1;
            let (text, repair) = cleaned_and_repaired(raw);
            if let Some(r) = repair {
                repairs.push((lines.len(), r));
            }
            lines.push(Line {
                no,
                page: p as u32 + 1,
                text,
            });
        }
    }
    headers::blank_repeated_headers(&mut lines);
    for (i, fixed) in repairs {
        if !lines[i].text.is_empty() {
            lines[i].text = fixed.into();
        }
    }
    join_hyphenated(&mut lines);
    lines
}

/// What one raw line cleans to, and the label repair of that (see
/// `ocr::repaired`). `None` text: the raw line is already clean.
#[derive(Clone)]
struct LineClean {
    text: Option<Box<str>>,
    repair: Option<Box<str>>,
}

/// `clean_line(raw)` and its label repair, remembered per line text (the
/// same form lines recur in every file: one memory lookup a line).
fn cleaned_and_repaired(raw: &str) -> (String, Option<Box<str>>) {
    crate::line_memo!(CLEANED, LineClean);
    let c = crate::memo::cached(&CLEANED, raw, |r| {
        let text = clean_line_of(r);
        let repair = ocr::repaired(&text);
        LineClean {
            text: (text != r).then(|| text.into_boxed_str()),
            repair,
        }
    });
    let text = match c.text {
        Some(t) => t.into(),
        None => raw.to_string(),
    };
    (text, c.repair)
}

/// Clean one line on its own (no context needed).
pub fn clean_line(raw: &str) -> String {
    cleaned_and_repaired(raw).0
}

fn clean_line_of(raw: &str) -> String {
    // Most lines are already NFC: the quick check says so without building
    // a normalised copy char by char.
    let mut s: String = if raw.is_ascii()
        || unicode_normalization::is_nfc_quick(raw.chars()) == IsNormalized::Yes
    {
        raw.to_string()
    } else {
        raw.nfc().collect()
    };
    if s.contains('<') {
        s = CHECKBOX_TAG
            .replace_all(&s, |c: &regex::Captures| {
                if c[0].to_ascii_lowercase().contains("checked") {
                    BOX_TICKED.to_string()
                } else {
                    BOX_EMPTY.to_string()
                }
            })
            .into_owned();
        s = HTML_TAG.replace_all(&s, "").into_owned();
    }
    if s.contains('*') {
        s = s.replace("**", " ");
        s = EMPHASIS.replace_all(&s, "$1").into_owned();
    }
    // No-break spaces become spaces, zero-width characters go, and the Latin
    // ligatures (U+FB00–FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) become their letters (their
    // NFKC, and only theirs: NFKC would also fold ½, ² and the like). All
    // of them are encoded with a lead byte C2, E2 or EF, which Swedish
    // letters are not: a byte scan finds the lines to look at.
    if s.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xEF))
        && s.contains(|c: char| {
            is_blank_like(c) || is_ligature(c) || matches!(c, '\u{200b}' | '\u{feff}')
        })
    {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '\u{200b}' | '\u{feff}' => {}
                c if is_blank_like(c) => out.push(' '),
                c if is_ligature(c) => out.extend(c.nfkc()),
                c => out.push(c),
            }
        }
        s = out;
    }
    if s.trim_start().starts_with('|') {
        s = table_row(&s);
    }
    if s.starts_with('#') {
        s = s.trim_start_matches('#').trim_start().to_string();
    }
    // Every placeholder holds `ange` (letters without non-ASCII case folds)
    // or `___`: a byte test before the pattern.
    if (s.contains("___") || crate::vocab::has_ascii_ci(&s, "ange")) && PLACEHOLDER.is_match(&s) {
        s = PLACEHOLDER.replace_all(&s, "").into_owned();
    }
    // `RULE_LINE` (`^[\s\-_=|+.]*$`) by hand: `\s` is Unicode White_Space,
    // as `char::is_whitespace`.
    if s.chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '_' | '=' | '|' | '+' | '.'))
    {
        debug_assert!(RULE_LINE.is_match(&s));
        return String::new();
    }
    let end = s.trim_end().len();
    s.truncate(end);
    s
}

/// The no-break spaces a converter leaves.
fn is_blank_like(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The Latin ligatures of Unicode's Alphabetic Presentation Forms.
fn is_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb06}').contains(&c)
}

/// A converter's markdown table row (`| Rapportör | Sara Wikström |`) as the
/// forms' tab-separated cells (`Rapportör\tSara Wikström`); a rule row
/// (`|---|---|`) becomes empty.
fn table_row(s: &str) -> String {
    let inner = s.trim().trim_start_matches('|').trim_end_matches('|');
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ' | '=')))
    {
        return String::new();
    }
    cells.join("\t")
}

static HYPHEN_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Ll}{2,})-$").expect("valid regex"));

/// Words that follow a real hyphen in a compound list ("Arbetsmarknads- och").
const KEEP_HYPHEN_BEFORE: &[&str] = &["och", "eller", "samt", "resp", "respektive", "till", "som"];

/// Words of the language written with a hyphen whose joined form is no word
/// (`two-thirds`, `e-tjänst`): from Tesseract's Swedish and English word
/// lists (`dawg2wordlist` of `swe`/`eng.traineddata`, Apache-2.0), the
/// entries of two lower-case parts whose joined form the lists lack.
static HYPHENATED_WORDS: LazyLock<std::collections::HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/hyphenated-words.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// Is `head-tail` a word of the language kept with its hyphen (the joined
/// `headtail` is not one)? The last word of `head` is what the hyphen follows.
fn is_hyphenated_word(head: &str, tail: &str) -> bool {
    let w = format!("{}-{}", head.to_lowercase(), tail.to_lowercase());
    HYPHENATED_WORDS.contains(w.as_str())
}

/// Join a word broken by a hyphen at the end of a line with its rest on the
/// next line ("miss-\nförhållande"), keeping real hyphens ("IT-staben",
/// "barn- och ungdom", "two-\nthirds": a word of the language with its
/// hyphen and none without). The rest moves up; line numbers stay.
fn join_hyphenated(lines: &mut [Line]) {
    for i in 0..lines.len().saturating_sub(1) {
        if !lines[i].text.ends_with('-') {
            continue;
        }
        let Some(m) = HYPHEN_END.captures(&lines[i].text) else {
            continue;
        };
        let cut = m.get(0).expect("group 0 always exists").end() - 1;
        let Some(j) = (i + 1..lines.len().min(i + 3)).find(|&j| !lines[j].text.trim().is_empty())
        else {
            continue;
        };
        let next = lines[j].text.trim_start().to_string();
        let word_end = next
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(next.len());
        let word = &next[..word_end];
        if word.is_empty()
            || !word.chars().next().is_some_and(char::is_lowercase)
            || KEEP_HYPHEN_BEFORE.contains(&word)
            || is_hyphenated_word(&m[1], word)
        {
            continue;
        }
        let rest = next[word_end..].trim_start().to_string();
        let mut joined = lines[i].text[..cut].to_string();
        joined.push_str(word);
        lines[i].text = joined;
        lines[j].text = rest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_table() {
        let cases = [
            (
                "Jobbtorg <input checked=\"\" type=\"checkbox\"/>\t",
                "Jobbtorg ☒",
            ),
            ("Äldreomsorg <input type=\"checkbox\"/>", "Äldreomsorg ☐"),
            (
                "SoL LSS <input checked=\"\" type=\"checkbox\"/> <input type=\"checkbox\"/>",
                "SoL LSS ☒ ☐",
            ),
            (
                "Datum\t<i>2011-07-28</i>\tUnderskrift",
                "Datum\t2011-07-28\tUnderskrift",
            ),
            (
                "Registraturet**RAPPORT enligt lex Sarah**",
                "Registraturet RAPPORT enligt lex Sarah",
            ),
            ("2019-12-*k*", "2019-12-k"),
            ("1912 *R*", "1912 R"),
            ("(anmäls till IVO)*", "(anmäls till IVO)*"),
            ("-----------------\t--------------------", ""),
            (
                "□ Äldreomsorg Klicka här för att ange text.",
                "□ Äldreomsorg",
            ),
            ("Diarienummer· Ange diarienummer", "Diarienummer·"),
            // NFD (a + combining ring) becomes NFC å.
            ("Ha\u{0308}ndla\u{030a}", "Händlå"),
            ("_____\t_____", ""),
            (
                "| Rapportör | Sara Wikström, sjuksköterska |",
                "Rapportör\tSara Wikström, sjuksköterska",
            ),
            ("|---|---|", ""),
            ("| :--- | ---: |", ""),
            ("## Beslut", "Beslut"),
            // Rule lines by the hand test, Unicode blanks included.
            ("\u{2003}-- . + = |\u{3000}", ""),
            ("--- a", "--- a"),
            ("Ange diarienummer", ""),
            ("Anges i beslutet", "Anges i beslutet"),
            // Ligatures to their letters; other compatibility forms kept.
            ("ﬁnansiering och ﬂyttning", "finansiering och flyttning"),
            ("e\u{fb03}cient \u{fb00} \u{fb06}", "efficient ff st"),
            ("½ timme, m²", "½ timme, m²"),
            ("a\u{a0}b\u{200b}c", "a bc"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean_line(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn cleaning_twice_equals_cleaning_once() {
        let samples = [
            "Jobbtorg <input checked=\"\" type=\"checkbox\"/>\tAnnat stöd",
            "Registraturet**RAPPORT enligt lex Sarah**",
            "2019-12-*k*",
            "Datum 190612\tVeckodag onsdag\tKlockslag 14:00",
        ];
        for s in samples {
            let once = clean_line(s);
            assert_eq!(clean_line(&once), once);
        }
    }

    fn doc(text: &str) -> Document {
        Document {
            signals: Vec::new(),
            decisions: Vec::new(),
            format: crate::model::Format::Text,
            pages: vec![text.to_string()],
        }
    }

    #[test]
    fn hyphenation_joined_but_real_hyphens_kept() {
        let lines = clean(&doc(
            "ett miss-\nförhållande har\nArbetsmarknads-\noch socialnämnden\nIT-\nstaben",
        ));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "ett missförhållande",
                "har",
                "Arbetsmarknads-",
                "och socialnämnden",
                "IT-",
                "staben"
            ]
        );
        // A word of the language with its hyphen stays hyphenated; one
        // broken at the line end only is joined.
        let lines = clean(&doc("about two-\nthirds of the\nmissförhål-\nlandet"));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["about two-", "thirds of the", "missförhållandet", ""]
        );
    }

    #[test]
    fn line_numbers_are_kept() {
        let lines = clean(&doc("a\n\n-----\nb"));
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3].no, 4);
        assert_eq!(lines[2].text, "");
    }
}
