//! The language of the documents: what a heading or a label means, whatever
//! the municipality's own wording.
//!
//! Every municipality writes its own report, investigation and decision
//! templates from the list in SOSFS 2011:5 (5 kap.), so the same concept has
//! many names: the investigation's "Rapporten inkom" is elsewhere "Rapport
//! mottagen", "Mottagen", "Inkom"; the report's "När har missförhållandet …
//! uppmärksammats?" block is "Händelsedatum", "Datum då missförhållandet
//! upptäcktes", "Datum för upptäckt". This module holds those vocabularies as
//! tables (a concept and its synonyms), and the grammar of a section
//! heading; the stages ask it what a line means instead of matching one
//! template's exact words.

use std::sync::LazyLock;

use jiff::civil::Weekday;
use regex::Regex;

use crate::model::{Area, SectionKind};

/// How sure a heading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeadingStrength {
    /// A bare generic heading (`Utredning`, `Beslut`, `Bedömning och
    /// beslut`): a section inside a case, only where the file has no full
    /// title of that kind, and never the start of a new case.
    Weak,
    /// A form title (`RAPPORT enligt lex Sarah`, `Utredning av lex
    /// Sarah-rapport`, `Beslut i lex Sarah-ärende`, `ANMÄLAN ENLIGT LEX
    /// SARAH`, `Tjänsteskrivelse`).
    Title,
}

/// Longest heading line; longer lines are running text.
pub const MAX_HEADING_CHARS: usize = 90;
/// Most words a title has (`Rapport om missförhållande eller påtaglig risk
/// för missförhållande enligt lex Sarah` has 10).
const MAX_HEADING_WORDS: usize = 12;

/// What stands before a title on its line: the registry's address lines and
/// a letterhead (`Till lex Sarah-ansvarig Lex Sarah-rapport`, `Registraturet
/// RAPPORT enligt lex Sarah`, `Arbetsmarknadsförvaltningen Beslut enligt
/// delegation`, `Spånga-Tensta stadsdelsförvaltning Beslut enligt
/// delegation`).
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            t[^\s]{2,3}\s+lex\s+sarah-?\s?ansvar\S*
          | registraturet?
          | dnr[.:·\s]*
          | (?:[A-ZÅÄÖÉÜ][^\s]*\s+){0,3}\S*(?:förvaltning|förvaltningen|nämnd|nämnden|kommun|stad|region|AB)
        )\s+",
    )
    .expect("valid regex")
});

/// Numbering and markup before a heading (`1.`, `2)`, `A.`, `#`, `§ 3`).
static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:#+\s*|(?:[0-9]{1,2}|[A-Z])(?:\.[0-9]{1,2})*[.)]\s+)").expect("valid regex")
});

/// The kind words a title begins with (after its prefix), and the kind.
/// `lex Sarah-` before the word is part of the title (`Lex Sarah-rapport`).
static TITLE: LazyLock<Vec<(Regex, SectionKind)>> = LazyLock::new(|| {
    use SectionKind::*;
    let r = |p: &str| {
        Regex::new(&format!(
            r"(?i)^(?:lex\s*sarah\s*[-–—]?\s*)?(?:{p})(?:$|[\s:–—-])"
        ))
        .expect("valid regex")
    };
    vec![
        (
            r(r"rapport|rapportering|lex\s*sarah-?\s?rapport|anmälan\s+enligt\s+71\s*a\s*§.*"),
            Report,
        ),
        (r(r"utredning|utredningsrapport"), Investigation),
        (r(r"beslut"), Decision),
        (r(r"anmälan|lex\s*sarah-?\s?anmälan"), IvoNotification),
        (
            r(
                r"tjänsteskrivelse|information\s+(?:till\s+\S+\s+)?om\s+(?:\S+\s+){0,3}?(?:enligt\s+)?lex\s*sarah",
            ),
            BoardMemo,
        ),
    ]
});

/// Titles that do not name lex Sarah but only appear as form titles.
static TITLE_WITHOUT_LEX_SARAH: LazyLock<Vec<(Regex, SectionKind)>> = LazyLock::new(|| {
    use SectionKind::*;
    let r = |p: &str| Regex::new(&format!("(?i)^(?:{p})$")).expect("valid regex");
    vec![
        (r(r"beslut\s+enligt\s+delegation"), Decision),
        (r(r"(?:handlingstyp\s+)?tjänsteskrivelse"), BoardMemo),
        (
            r(r"rapport(?:ering)?\s+(?:om|av)\s+(?:ett\s+)?(?:missförhållande|påtaglig\s+risk).*"),
            Report,
        ),
        (
            r(
                r"utredning\s+(?:om|av)\s+(?:ett\s+)?(?:missförhållande|påtaglig\s+risk|rapporterat\s+missförhållande).*",
            ),
            Investigation,
        ),
        (
            r(
                r"anmälan\s+(?:om|av)\s+(?:ett\s+)?(?:allvarligt\s+missförhållande|påtaglig\s+risk\s+för\s+ett\s+allvarligt).*|anmälan\s+till\s+(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg).*",
            ),
            IvoNotification,
        ),
    ]
});

/// Generic headings: a section inside a case where the file has no title of
/// that kind.
static WEAK: LazyLock<Vec<(Regex, SectionKind)>> = LazyLock::new(|| {
    use SectionKind::*;
    let r = |p: &str| Regex::new(&format!("(?i)^(?:{p})$")).expect("valid regex");
    vec![
        (
            r(r"utredning(?:en)?|utredning\s+och\s+analys"),
            Investigation,
        ),
        (
            r(
                r"beslut(?:et)?|bedömning\s+och\s+beslut|beslut\s+och\s+(?:bedömning|motivering)|ställningstagande\s+och\s+beslut",
            ),
            Decision,
        ),
        (r(r"anmälan\s+till\s+ivo"), IvoNotification),
    ]
});

/// Does `line` hold a cell boundary (a tab, or three spaces)? One pass
/// over the bytes.
fn has_cell_gap(line: &str) -> bool {
    let mut run = 0;
    for &b in line.as_bytes() {
        match b {
            b'\t' => return true,
            b' ' => {
                run += 1;
                if run == 3 {
                    return true;
                }
            }
            _ => run = 0,
        }
    }
    false
}

/// The words a heading may open with (lower case prefixes): the kinds, `lex
/// Sarah`, and the generic headings' first words.
const KIND_WORDS: [&str; 10] = [
    "rapport",
    "utredning",
    "beslut",
    "anmälan",
    "tjänsteskrivelse",
    "information",
    "lex",
    "handlingstyp",
    "bedömning",
    "ställningstagande",
];

/// Does `t` open with a word a heading opens with? (No copy: the first
/// word is compared char by char, in lower case.)
fn opens_with_kind_word(t: &str) -> bool {
    let t = t.trim_start_matches(|c: char| !c.is_alphabetic());
    // Every kind word starts with one of these letters: most lines are out
    // on their first byte.
    if !t.bytes().next().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'r' | b'u' | b'b' | b'a' | b't' | b'i' | b'l' | b'h' | b's'
        )
    }) {
        return false;
    }
    KIND_WORDS.iter().any(|k| {
        let mut word = t.chars().flat_map(char::to_lowercase);
        k.chars().all(|kc| word.next() == Some(kc))
    })
}

/// A letterhead's document type in its right-hand column (`BOLLNÄS KOMMUN
/// <spaces> TJÄNSTESKRIVELSE`, `ÅSELE KOMMUN <spaces> BESLUT`): the last cell
/// of a row, when it names the kind of document by itself.
fn letterhead_type(line: &str) -> Option<(SectionKind, HeadingStrength)> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\t|\s{3,}").expect("valid regex"));
    let t = line.trim();
    if t.chars().count() > 2 * MAX_HEADING_CHARS {
        return None;
    }
    let last = GAP.split(t).last()?.trim();
    if last.is_empty() || last.len() == t.len() || last.split_whitespace().count() > 3 {
        return None;
    }
    TITLE_WITHOUT_LEX_SARAH
        .iter()
        .find(|(re, _)| re.is_match(last))
        .map(|(_, k)| (*k, HeadingStrength::Title))
        .or_else(|| {
            WEAK.iter()
                .find(|(re, _)| re.is_match(last))
                .map(|(_, k)| (*k, HeadingStrength::Weak))
        })
}

/// A line stripped to what a heading says: markup, numbering, a trailing
/// colon and dashes normalised.
fn heading_text(line: &str) -> Option<String> {
    let t = line
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim();
    if t.is_empty() || t.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    // A list item, a parenthesis or a sentence is not a heading; nor is a
    // cell of a row with others beside it (a letterhead's `Ärende` cell:
    // `Rapport enligt lex Sarah om …      Karin Nordmark`).
    if t.starts_with(['-', '•', '–', '(', '*', '·']) || t.ends_with(['.', '?', ',', ';']) {
        return None;
    }
    if t.contains('\t') || t.contains("   ") {
        return None;
    }
    let t = if t.starts_with(|c: char| c.is_ascii_digit() || c == '#' || c.is_ascii_uppercase()) {
        NUMBERING.replace(t, "")
    } else {
        std::borrow::Cow::Borrowed(t)
    };
    let t = t.trim().trim_end_matches(':').trim();
    if t.split_whitespace().count() > MAX_HEADING_WORDS {
        return None;
    }
    Some(if t.contains(['–', '—']) {
        t.replace(['–', '—'], "-")
    } else {
        t.to_string()
    })
}

/// Every heading names its kind with one of these stems: most lines are
/// out on one literal search.
static KIND_STEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)rapport|utredning|beslut|anmälan|tjänsteskrivelse|information")
        .expect("valid regex")
});

/// The section kind a line is a form title of, if any.
pub fn heading_kind(text: &str) -> Option<SectionKind> {
    heading(text)
        .filter(|(_, s)| *s == HeadingStrength::Title)
        .map(|(k, _)| k)
}

/// The section kind a line is a heading of, and how sure that is.
pub fn heading(line: &str) -> Option<(SectionKind, HeadingStrength)> {
    crate::line_memo!(HEADING, Option<(SectionKind, HeadingStrength)>);
    crate::memo::cached(&HEADING, line, heading_of)
}

fn heading_of(line: &str) -> Option<(SectionKind, HeadingStrength)> {
    // A title is short; a letterhead row with its type in a column of its
    // own holds a wide gap.
    // The cheap tests first, in this order, on every line of a document:
    // length, then the first word or a named title, before any pattern.
    if line.len() > 2 * MAX_HEADING_CHARS {
        return None;
    }
    let gap = has_cell_gap(line);
    if gap {
        // A row of cells is no title; its last cell may name the document.
        return KIND_STEM
            .is_match(line)
            .then(|| letterhead_type(line))
            .flatten();
    }
    // A sentence or a long line is no title (`heading_text` says the same,
    // later): out before the word tests.
    let trimmed = line.trim();
    if trimmed.len() > 2 * MAX_HEADING_CHARS
        || trimmed.ends_with(['.', '?', ',', ';'])
        || trimmed.bytes().filter(|&b| b == b' ').count() > 2 * MAX_HEADING_WORDS
    {
        return None;
    }
    // One pattern for both ways a title can open: a kind word first, or a
    // prefix before a title that names lex Sarah, a delegation or a memo.
    static GATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^[^a-zåäö]*(?:rapport|utredning|beslut|anmälan|tjänsteskrivelse|information|lex|handlingstyp|bedömning|ställningstagande)|lex[ -]sarah|delegation|tjänsteskrivelse",
        )
        .expect("valid regex")
    });
    if !GATE.is_match(trimmed) {
        return None;
    }
    let t = heading_text(line)?;
    // Every title and generic heading opens with a kind word (or `lex
    // Sarah`), after a letterhead or registry prefix at most: test the first
    // word before any pattern.
    let body = if opens_with_kind_word(&t) {
        t.as_str()
    } else {
        match PREFIX.find(&t) {
            Some(m) if !t[m.end()..].trim().is_empty() && opens_with_kind_word(&t[m.end()..]) => {
                &t[m.end()..]
            }
            _ => return None,
        }
    };
    let body_lower = body.to_lowercase();
    if (body_lower.contains("lex sarah") || body_lower.contains("lex-sarah"))
        && let Some(kind) = TITLE
            .iter()
            .find(|(re, _)| re.is_match(body))
            .map(|(_, k)| *k)
    {
        return Some((kind, HeadingStrength::Title));
    }
    if let Some(kind) = TITLE_WITHOUT_LEX_SARAH
        .iter()
        .find(|(re, _)| re.is_match(body))
        .map(|(_, k)| *k)
    {
        return Some((kind, HeadingStrength::Title));
    }
    WEAK.iter()
        .find(|(re, _)| re.is_match(&t))
        .map(|(_, k)| (*k, HeadingStrength::Weak))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_in_the_forms_order() {
        let order: Vec<Area> = AREAS.iter().map(|a| a.0).collect();
        assert_eq!(order, Area::ALL);
    }

    #[test]
    fn ascii_case_insensitive_gate() {
        let cases = [
            ("Klicka här för att ange text.", "ange", true),
            ("ANGE DIARIENUMMER", "ange", true),
            ("An ge", "ange", false),
            ("Ett allvarligt MISSFÖRHÅLLANDE", "lland", true),
            ("missförhållnde", "lland", false),
            ("", "lland", false),
            ("lan", "lland", false),
            ("x", "", true),
            // A first letter at the end of the text with no room for the rest.
            ("sista l", "lland", false),
        ];
        for (hay, needle, want) in cases {
            assert_eq!(has_ascii_ci(hay, needle), want, "{hay:?} {needle:?}");
        }
    }

    #[test]
    fn headings() {
        use HeadingStrength::*;
        use SectionKind::*;
        let cases: &[(&str, Option<(SectionKind, HeadingStrength)>)] = &[
            // Stockholm's and IVO's forms.
            ("RAPPORT enligt lex Sarah", Some((Report, Title))),
            (
                "Registraturet RAPPORT enligt lex Sarah",
                Some((Report, Title)),
            ),
            (
                "Till lex Sarah-ansvarig Lex Sarah-rapport",
                Some((Report, Title)),
            ),
            ("Lex Sarah-rapport", Some((Report, Title))),
            (
                "TiIl lex Sarah-ansvarlg Lex Sarah-rapport",
                Some((Report, Title)),
            ),
            ("LEX SARAH-RAPPORT", Some((Report, Title))),
            ("Lex Sarah-utredning", Some((Investigation, Title))),
            ("Lex Sarah-utredning ", Some((Investigation, Title))),
            ("Utredning enligt lex Sarah", Some((Investigation, Title))),
            ("Beslut enligt delegation", Some((Decision, Title))),
            (
                "Arbetsmarknadsförvaltningen Beslut enligt delegation",
                Some((Decision, Title)),
            ),
            (
                "Spånga-Tensta stadsdelsförvaltning Beslut enligt delegation",
                Some((Decision, Title)),
            ),
            ("ANMÄLAN ENLIGT LEX SARAH", Some((IvoNotification, Title))),
            (
                "Anmälan till IVO enligt lex Sarah",
                Some((IvoNotification, Title)),
            ),
            ("Tjänsteskrivelse", Some((BoardMemo, Title))),
            ("Handlingstyp Tjänsteskrivelse", Some((BoardMemo, Title))),
            (
                "Information om lex Sarah-anmälan socialpsykiatri",
                Some((BoardMemo, Title)),
            ),
            // Other municipalities' titles.
            (
                "Rapport om missförhållande enligt lex Sarah",
                Some((Report, Title)),
            ),
            (
                "Lex Sarah – rapportering av missförhållande",
                Some((Report, Title)),
            ),
            (
                "**Lex Sarah – rapportering av missförhållande**",
                Some((Report, Title)),
            ),
            ("Rapport enligt Lex Sarah", Some((Report, Title))),
            (
                "Rapport om missförhållande eller påtaglig risk för missförhållande",
                Some((Report, Title)),
            ),
            (
                "Utredning av lex Sarah-rapport",
                Some((Investigation, Title)),
            ),
            (
                "Utredning av missförhållande enligt lex Sarah",
                Some((Investigation, Title)),
            ),
            ("Beslut i lex Sarah-ärende", Some((Decision, Title))),
            ("Beslut i ärende enligt lex Sarah", Some((Decision, Title))),
            ("1. Beslut enligt lex Sarah", Some((Decision, Title))),
            (
                "Anmälan om allvarligt missförhållande",
                Some((IvoNotification, Title)),
            ),
            // Generic headings.
            ("Utredning", Some((Investigation, Weak))),
            ("**Utredning**", Some((Investigation, Weak))),
            ("Bedömning och beslut", Some((Decision, Weak))),
            ("Beslut", Some((Decision, Weak))),
            ("3. Beslut", Some((Decision, Weak))),
            ("Beslut:", Some((Decision, Weak))),
            // Not headings.
            (
                "En Lex Sarah rapport inkom 191122 där det uppmärksammades",
                None,
            ),
            ("Beslut enligt ärendegrupp i delegationsordningen:", None),
            ("Fortlöpande dokumentation av lex Sarah-utredningen", None),
            ("- Lex-Sarah-rapporten ska biläggas utredningen", None),
            ("En lex Sarah-utredning inleddes 190628.", None),
            ("Utredningsmall lex Sarah 2014-02-19", None),
            ("Till lex Sarah-ansvarig", None),
            ("Lex Sarah-ansvarig", None),
            ("Rapporten lämnas av", None),
            ("Rapportens diarienummer AMN 2019-0289-1.3", None),
            ("Utredning av bakomliggande orsaker", None),
            ("Bedömning:", None),
            ("- Lex Sarah-rapport", None),
            ("Bilaga: Lex Sarah-rapport", None),
            ("Beslutet i original skickas till registrator:", None),
            ("Det rapporterade utgjorde ett missförhållande", None),
            ("Anmält till IVO 2021-02-17", None),
            (
                "Rapport enligt lex Sarah om uteblivet ledsagningsuppdrag    Karin Nordmark",
                None,
            ),
            ("Lex Sarah-rapport\tDnr 2019-0289", None),
            (
                "BOLLNÄS KOMMUN                                  TJÄNSTESKRIVELSE",
                Some((BoardMemo, Title)),
            ),
            ("ÅSELE KOMMUN                BESLUT", Some((Decision, Weak))),
            (
                "Information om anmälan enligt lex Sarah – Solbackens särskilda boende",
                Some((BoardMemo, Title)),
            ),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let got = heading(text);
            if got != *want {
                failures.push(format!("{text:?}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

// The calendar's words: months, ordinal days, weekdays (the date grammar in
// `extract::dates` reads them; the rules write weekday names with them).

/// Swedish month names after a day number: (name, month, is abbreviation).
/// `maj` is only ever the full name; `sep` and `sept` are both in use.
pub const MONTHS: [(&str, i8, bool); 24] = [
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

/// Ordinal words for the day of the month (`den förste mars`, `tredje mars
/// 2015`, `tjugoandra juni`): (word, day). The `-a` and `-e` forms of the
/// first and second are both in use.
pub const ORDINALS: [(&str, i8); 36] = [
    ("första", 1),
    ("förste", 1),
    ("andra", 2),
    ("andre", 2),
    ("tredje", 3),
    ("fjärde", 4),
    ("femte", 5),
    ("sjätte", 6),
    ("sjunde", 7),
    ("åttonde", 8),
    ("nionde", 9),
    ("tionde", 10),
    ("elfte", 11),
    ("tolfte", 12),
    ("trettonde", 13),
    ("fjortonde", 14),
    ("femtonde", 15),
    ("sextonde", 16),
    ("sjuttonde", 17),
    ("artonde", 18),
    ("nittonde", 19),
    ("tjugonde", 20),
    ("tjugoförsta", 21),
    ("tjugoförste", 21),
    ("tjugoandra", 22),
    ("tjugoandre", 22),
    ("tjugotredje", 23),
    ("tjugofjärde", 24),
    ("tjugofemte", 25),
    ("tjugosjätte", 26),
    ("tjugosjunde", 27),
    ("tjugoåttonde", 28),
    ("tjugonionde", 29),
    ("trettionde", 30),
    ("trettioförsta", 31),
    ("trettioförste", 31),
];

/// Swedish weekday names; each is a three-letter stem plus `dag`.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("måndag", Weekday::Monday),
    ("tisdag", Weekday::Tuesday),
    ("onsdag", Weekday::Wednesday),
    ("torsdag", Weekday::Thursday),
    ("fredag", Weekday::Friday),
    ("lördag", Weekday::Saturday),
    ("söndag", Weekday::Sunday),
];

/// Short weekday forms, as written in schedules (`mån 4/11`, `tors.`,
/// `Mån, 18 februari`, `tisd.`).
pub const WEEKDAY_ABBREVIATIONS: [(&str, Weekday); 15] = [
    ("mån", Weekday::Monday),
    ("månd", Weekday::Monday),
    ("tis", Weekday::Tuesday),
    ("tisd", Weekday::Tuesday),
    ("ons", Weekday::Wednesday),
    ("onsd", Weekday::Wednesday),
    ("tor", Weekday::Thursday),
    ("tors", Weekday::Thursday),
    ("torsd", Weekday::Thursday),
    ("fre", Weekday::Friday),
    ("fred", Weekday::Friday),
    ("lör", Weekday::Saturday),
    ("lörd", Weekday::Saturday),
    ("sön", Weekday::Sunday),
    ("sönd", Weekday::Sunday),
];

/// Endings of a weekday name: definite, genitive, plural (`måndagen`,
/// `i måndags`, `måndagarna`).
pub const WEEKDAY_ENDINGS: [&str; 6] = ["", "en", "ens", "ar", "arna", "s"];

/// A weekday's full Swedish name (`måndag`).
pub fn weekday_name(w: Weekday) -> &'static str {
    WEEKDAYS[w.to_monday_zero_offset() as usize].0
}

/// What OCR reads an empty checkbox as, at a row's start or end (`CI
/// Jobbtorg`, `Äldreomsorg Cd`).
pub const BOX_EMPTY_READINGS: [&str; 7] = ["CI", "Cl", "C3", "Cd", "03", "0", "O"];
/// The same after a label, where the box's right edge is read too.
pub const BOX_EMPTY_READINGS_AFTER: [&str; 2] = ["DI", "Dl"];
/// What OCR reads a ticked checkbox as.
pub const BOX_TICKED_READINGS: [&str; 3] = ["~", "X", "x"];

/// The language of each area of activity: the pattern that finds its label
/// in text (case-insensitive), the label as the report form prints it, and
/// its words as OCR matches them (lower case, letters only; a run of words
/// may be read as one).
pub const AREAS: [(Area, &str, &str, &[&str]); 8] = [
    (
        Area::Aldreomsorg,
        r"äldreomsorg(?:en)?",
        "Äldreomsorg",
        &["äldreomsorg"],
    ),
    (
        Area::Funktionsnedsattning,
        r"funktionsneds[äa]ttning",
        "Funktionsnedsättning",
        &["funktionsnedsättning"],
    ),
    (
        Area::Socialpsykiatri,
        r"socialpsykiatri",
        "Socialpsykiatri",
        &["socialpsykiatri"],
    ),
    (
        Area::VuxenMissbruk,
        r"vuxen\s*/\s*missbruk",
        "Vuxen/ Missbruk",
        &["vuxen", "missbruk"],
    ),
    (
        Area::BarnOchUngdom,
        r"barn\s+och\s+ungdom(?:\s|$|,)",
        "Barn och ungdom",
        &["barn", "och", "ungdom"],
    ),
    (
        Area::EkonomisktBistand,
        r"ekonomiskt\s+bist[åa]nd",
        "Ekonomiskt bistånd",
        &["ekonomiskt", "bistånd"],
    ),
    (
        Area::Jobbtorg,
        r"jobbtorg(?:\s|$|,)",
        "Jobbtorg",
        &["jobbtorg"],
    ),
    (
        Area::Kvinnojoursverksamhet,
        r"kvinnojoursverksamhet(?:,\s*härbärgen\s+m\.\s?fl\.?)?",
        "Kvinnojoursverksamhet, härbärgen m.fl.",
        &["kvinnojoursverksamhet", "härbärgen", "mfl"],
    ),
];

/// A literal gate: does a line hold any of a few fixed strings (a word's
/// stem in lower and upper case, say)? The same answer as `contains` of
/// each in turn, from searchers built once (`memchr::memmem`, vectorised)
/// instead of a new substring searcher for every line and string.
pub struct Literals(Vec<memchr::memmem::Finder<'static>>);

impl Literals {
    pub fn new(needles: &[&'static str]) -> Literals {
        Literals(
            needles
                .iter()
                .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
                .collect(),
        )
    }

    /// Is any of the strings in `hay`?
    pub fn any_in(&self, hay: &str) -> bool {
        self.0.iter().any(|f| f.find(hay.as_bytes()).is_some())
    }
}

/// Does `hay` hold `needle` (ASCII, lowercase) in any ASCII case? A
/// necessary test before a `(?i)` pattern whose literal letters have no
/// case fold outside ASCII (not `k`, `s`, `å`: Kelvin sign, long s, Ångström
/// sign), so the gate never turns away a line the pattern would match.
pub fn has_ascii_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    debug_assert!(n.iter().all(|b| !b.is_ascii_uppercase()));
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    // Candidates from a vectorised search for the first letter in either
    // case, then the rest compared.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), h).any(|i| {
        h.get(i + 1..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// The heading of the investigation's running log (`Fortlöpande
/// dokumentation av lex Sarah-utredningen`, `Dokumentation under
/// utredningen`, `Utredningslogg`).
pub fn is_investigation_log_heading(line: &str) -> bool {
    static STEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)dokumentation|logg|journal").expect("valid regex"));
    // Each heading opens with F, D, U or J.
    let first = line
        .trim_start()
        .bytes()
        .next()
        .map(|b| b.to_ascii_lowercase());
    if line.len() > 2 * MAX_HEADING_CHARS
        || !matches!(first, Some(b'f' | b'd' | b'u' | b'j'))
        || !STEM.is_match(line)
    {
        return false;
    }
    static LOG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:fortlöpande\s+dokumentation|dokumentation\s+under\s+utredningen|utredningslogg|journal\s+över\s+utredningen)")
            .expect("valid regex")
    });
    LOG.is_match(line)
}

/// Whose name a person label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonRole {
    Reporter,
    Investigator,
    DecisionMaker,
}

/// Labels of a person field in any template (`Rapportör:`, `Uppgiftslämnare`,
/// `Ansvarig utredare:`, `Beslutsfattare:`), the label ending where its
/// value (`Namn Efternamn, titel`) begins.
static PERSON_LABELS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(?:
            (?P<r>rapportör|rapportören|rapporterad\s+av|rapporten\s+lämnad\s+av|rapport\s+lämnad\s+av|uppgiftslämnare|anmälare|anmäld\s+av|namn\s+på\s+rapportör(?:en)?)
          | (?P<i>(?:ansvarig\s+)?utredare|utredningen\s+(?:genomförd|gjord)\s+av|utredd\s+av|utredningsansvarig)
          | (?P<d>beslutsfattare|beslut\s+fattat\s+av|beslutet\s+fattat\s+av|beslutande|beslutad\s+av)
        )\s*(?::\s*|$)",
    )
    .expect("valid regex")
});

/// Could `line` hold a person label? A literal search for the labels'
/// stems.
pub fn may_hold_person_label(line: &str) -> bool {
    static STEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)rapport|uppgiftslämn|anmäl|utred|beslut").expect("valid regex")
    });
    STEM.is_match(line)
}

/// A person label at the start of `cell` and the byte where its value
/// starts.
pub fn person_label(cell: &str) -> Option<(PersonRole, usize)> {
    let c = PERSON_LABELS.captures(cell)?;
    let role = if c.name("r").is_some() {
        PersonRole::Reporter
    } else if c.name("i").is_some() {
        PersonRole::Investigator
    } else {
        PersonRole::DecisionMaker
    };
    Some((role, c.get(0)?.end()))
}

/// Labels of a date field, by the event the date is of. A label is the
/// whole cell before its value (`Händelsedatum 2021-04-12`, `Rapport
/// mottagen: 30 mars 2021`, `| Mottagen av | … 2021-04-14 |`), matched after
/// `normalise_label`.
static DATE_LABELS: LazyLock<Vec<(Regex, crate::model::Role)>> = LazyLock::new(|| {
    use crate::model::Role::*;
    let r = |p: &str| Regex::new(&format!("^(?:{p})$")).expect("valid regex");
    vec![
        (
            r(
                r"(?:datum|tidpunkt|dag)\s+(?:och\s+tid\s+)?(?:då|när)\s+(?:missförhållandet|händelsen|det\s+inträffade|incidenten|bristen|risken)(?:\s+\S+){0,6}\s+(?:upptäcktes|uppmärksammades|inträffade|ägde\s+rum|skedde|började)|(?:datum|tidpunkt|dag)\s+(?:och\s+tid\s+)?för\s+(?:händelsen|händelse|upptäckt|upptäckten|det\s+inträffade|incidenten|missförhållandet|inträffandet|iakttagelsen)|händelsedatum|händelsedag|incidentdatum|när\s+(?:inträffade|uppmärksammades|upptäcktes)\s+(?:händelsen|missförhållandet|det)|händelsen\s+(?:inträffade|uppmärksammades|upptäcktes)|(?:upptäckt|uppmärksammat|inträffat)\s+(?:den|datum)|datum,?\s+veckodag\s+(?:samt|och)\s+klockslag(?:\s+för\s+det\s+inträffade)?|inträffade|upptäcktes|uppmärksammades",
            ),
            Observed,
        ),
        (
            r(
                r"(?:rapporten|rapport)\s+(?:lämnad|lämnades|skriven|skrevs|upprättad|upprättades|daterad|inlämnad|inskickad|avgiven)|(?:datum\s+för\s+)?rapport(?:ering)?(?:sdatum|datum)|datum\s+för\s+(?:rapporten|rapport|rapportering|underskrift)|rapporterad(?:\s+den)?|rapporterat(?:\s+den)?|inlämnad|undertecknad|datum\s+och\s+(?:namn)?underskrift|(?:namn)?underskrift\s+och\s+datum|datum,?\s+namnunderskrift|rapportörens\s+underskrift(?:\s+och\s+datum)?",
            ),
            Reported,
        ),
        (
            r(
                r"(?:rapporten|rapport|anmälan|ärendet)\s+(?:inkom|inkommen|inkommit|mottagen|mottogs|registrerad|registrerades|ankom)(?:\s+till\s+\S+)?(?:\s+(?:av|hos)(?-u:\b).*)?|inkom(?:men|mit)?|mottagen(?:\s+av(?-u:\b).*)?|mottagningsdatum|ankomstdatum|inkomstdatum|inkommen\s+datum|datum\s+för\s+(?:mottagande|inkomst|registrering)|ink\.?",
            ),
            Received,
        ),
        (
            r(
                r"utredning(?:en)?\s+(?:inledd|inleddes|påbörjad|påbörjades|startad|startade|öppnad|öppnades|initierad)|utredningsstart|startdatum\s+för\s+utredning(?:en)?|datum\s+för\s+utredningens\s+(?:start|början|inledande)",
            ),
            InvestigationStarted,
        ),
        (
            r(
                r"beslut|beslutsdatum|beslutsdag|beslutad|beslutat|datum\s+för\s+beslut(?:et)?|beslut(?:et)?\s+(?:fattat|fattades|taget|togs|daterat)|beslutet\s+fattat\s+den",
            ),
            Decided,
        ),
        (
            r(
                r"(?:anmält|anmäld|anmälan|anmälan\s+skickad|anmälan\s+gjord|anmälan\s+gjordes|anmälan\s+skickades|anmälan\s+inskickad|ärendet\s+anmält|anmälts)\s+till\s+(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg(?:\s+\(ivo\))?)|(?:datum\s+för\s+)?(?:anmälan|ivo-anmälan)\s+till\s+ivo(?:\s+(?:skickad|skickades|gjord|gjordes|inskickad|sänd|sändes|inlämnad))?|datum\s+för\s+(?:ivo-anmälan|anmälan)|ivo-anmälan(?:\s+(?:skickad|skickades|gjord|gjordes|inskickad|sänd|sändes|inlämnad|registrerad))?|anmälningsdatum|anmäld\s+till\s+ivo\s+den|(?:skickad|skickat|inskickad|sänd|översänd)\s+till\s+ivo|underrättelse\s+till\s+ivo|(?:datum\s+då\s+)?(?:ivo|inspektionen\s+för\s+vård\s+och\s+omsorg)\s+(?:underrättad|underrättades|informerad|informerades)",
            ),
            IvoNotified,
        ),
    ]
});

/// Words between a label and its date that do not change the label
/// (`Datum för upptäckt: tisdagen den 8 september`).
fn is_filler(word: &str) -> bool {
    if matches!(
        word,
        "den" | "d." | "kl" | "kl." | "ca" | "ca." | "cirka" | "omkring" | "-" | "–"
    ) {
        return true;
    }
    // A weekday (`tisdagen`, `mån.`) starts with one of these letters and is
    // at least three long: most words are out before the weekday reader.
    word.len() >= 3
        && word.starts_with(['m', 't', 'o', 'f', 'l', 's', 'M', 'T', 'O', 'F', 'L', 'S'])
        && weekday_from_swedish(word.trim_end_matches(',')).is_some()
}

/// A part of the day written before a date (`natten mot den 12 mars`,
/// `på morgonen den 5 oktober`, `kvällen den 4`): never a label's word.
fn is_part_of_day(word: &str) -> bool {
    matches!(
        word,
        "natten"
            | "natt"
            | "kvällen"
            | "kväll"
            | "morgonen"
            | "morgon"
            | "förmiddagen"
            | "förmiddag"
            | "eftermiddagen"
            | "eftermiddag"
            | "lunchen"
    )
}

/// A label cell as the vocabulary reads it: lower case, single spaces, no
/// trailing colon, `(datum)`, dashes or filler words.
pub fn normalise_label(cell: &str) -> String {
    let lower = cell.to_lowercase().replace("(datum)", " ");
    let mut words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == '|' || c == '*'))
        .filter(|w| !w.is_empty())
        .collect();
    while let Some(&last) = words.last() {
        let trimmed = last.trim_end_matches([':', ',', '.', '-', '–', '?']);
        if trimmed.is_empty() || is_filler(last) || is_filler(trimmed) {
            words.pop();
        } else if is_part_of_day(trimmed) {
            // `… natten`, `… på morgonen`, `… under kvällen` (the date follows).
            words.pop();
            if words.last().is_some_and(|w| matches!(*w, "på" | "under")) {
                words.pop();
            }
        } else if matches!(trimmed, "mot" | "till")
            && words.len() >= 2
            && is_part_of_day(words[words.len() - 2])
        {
            // `natten mot den 12 mars`, `natten till den 3 juni`.
            words.truncate(words.len() - 2);
        } else {
            *words.last_mut().expect("a last word") = trimmed;
            break;
        }
    }
    // A leading bullet or number (`- Inkom`, `3. Beslut`).
    while words
        .first()
        .is_some_and(|w| w.chars().all(|c| !c.is_alphabetic()))
    {
        words.remove(0);
    }
    words.join(" ")
}

/// The event a date labelled by `cell` is of.
pub fn date_label(cell: &str) -> Option<crate::model::Role> {
    crate::line_memo!(DATE_LABEL, Option<crate::model::Role>);
    crate::memo::cached(&DATE_LABEL, cell, date_label_of)
}

fn date_label_of(cell: &str) -> Option<crate::model::Role> {
    // Labels are short: a long cell is running text, out before any copy
    // (the longest label with its filler words has 12 words).
    if cell.len() > 160 || cell.split_whitespace().nth(12).is_some() {
        return None;
    }
    let t = normalise_label(cell);
    if t.is_empty() || t.len() > 120 {
        return None;
    }
    DATE_LABELS
        .iter()
        .find(|(re, _)| re.is_match(&t))
        .map(|(_, role)| *role)
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::model::Role::*;

    #[test]
    fn date_labels() {
        let cases = [
            ("Datum då missförhållandet upptäcktes", Some(Observed)),
            ("Datum då missförhållandet uppmärksammades:", Some(Observed)),
            ("Händelsedatum", Some(Observed)),
            ("Händelsedatum:", Some(Observed)),
            ("Datum för händelsen:", Some(Observed)),
            ("Datum för upptäckt: tisdagen den", Some(Observed)),
            ("Datum och tid för händelsen", Some(Observed)),
            ("Tidpunkt för händelsen: natten mot den", Some(Observed)),
            ("Tidpunkt för händelsen: natten till den", Some(Observed)),
            ("Datum för händelsen: på morgonen den", Some(Observed)),
            ("Datum för händelsen, under kvällen", Some(Observed)),
            ("Natten mot den", None),
            ("Rapporten mottagen av enhetschef:", Some(Received)),
            ("Rapport mottagen hos verksamhetschefen", Some(Received)),
            ("IVO-anmälan skickad:", Some(IvoNotified)),
            ("IVO-anmälan gjord den", Some(IvoNotified)),
            ("Skickad till IVO:", Some(IvoNotified)),
            ("Underrättelse till IVO", Some(IvoNotified)),
            ("Datum då IVO underrättades", Some(IvoNotified)),
            (
                "Inspektionen för vård och omsorg informerades",
                Some(IvoNotified),
            ),
            ("När inträffade händelsen?", Some(Observed)),
            ("Rapporten lämnad", Some(Reported)),
            ("Rapporten skriven:", Some(Reported)),
            ("Rapportdatum", Some(Reported)),
            ("Datum för rapporten", Some(Reported)),
            ("Rapport mottagen:", Some(Received)),
            ("Mottagen:", Some(Received)),
            ("Mottagen av", Some(Received)),
            ("Mottagen av verksamhetschef:", Some(Received)),
            ("Rapporten inkom (datum)", Some(Received)),
            ("Inkom", Some(Received)),
            ("Ankomstdatum", Some(Received)),
            ("Utredning påbörjad:", Some(InvestigationStarted)),
            ("Utredningen inledd (datum)", Some(InvestigationStarted)),
            ("Utredning påbörjad", Some(InvestigationStarted)),
            ("Beslut", Some(Decided)),
            ("Beslutsdatum:", Some(Decided)),
            ("Datum för beslut", Some(Decided)),
            ("Anmält till IVO", Some(IvoNotified)),
            ("Anmälan till IVO skickad:", Some(IvoNotified)),
            ("Datum för anmälan till IVO", Some(IvoNotified)),
            // Not date labels.
            ("Rapportör", None),
            ("Rapporterad av", None),
            ("Datum", None),
            ("En Lex Sarah rapport inkom", None),
            ("Beslutet i original skickas till registrator", None),
            ("Diarienummer", None),
            ("", None),
        ];
        let mut failures = Vec::new();
        for (cell, want) in cases {
            let got = date_label(cell);
            if got != want {
                failures.push(format!("{cell:?}: expected {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[cfg(test)]
mod literal_tests {
    use super::Literals;

    #[test]
    fn literals_answer_as_contains_does() {
        let gate = Literals::new(&["nmäl", "NMÄL"]);
        let cases = [
            ("Händelsen anmäls till IVO", true),
            ("ANMÄLAN TILL IVO", true),
            ("Anmälan", true),
            // Mixed case is not one of the two strings, as with `contains`.
            ("AnMÄlan", false),
            ("anmal utan prickar", false),
            ("", false),
            ("nmä", false),
        ];
        for (hay, want) in cases {
            assert_eq!(gate.any_in(hay), want, "{hay:?}");
            assert_eq!(
                hay.contains("nmäl") || hay.contains("NMÄL"),
                want,
                "{hay:?}"
            );
        }
        assert!(!Literals::new(&[]).any_in("anything"));
    }
}
