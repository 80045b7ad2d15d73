//! OCR repair: form labels damaged by OCR are matched against the known label
//! set of the lex Sarah forms (strsim) and restored, so the extractor finds
//! them. Only whole short lines that are close to a label (and not equal to
//! it) are replaced; running text is never touched.

use std::sync::LazyLock;

use crate::model::Line;

/// Labels and headings printed on the forms (report, investigation, decision,
/// IVO notification, board memo).
pub const KNOWN_LABELS: &[&str] = &[
    "Rapporten lämnas av",
    "Rapporten avser",
    "Underskrift av rapportören",
    "Rapporten inkom (datum)",
    "Utredningen inledd (datum)",
    "Rapportens diarienummer",
    "Utredare (namn, befattning)",
    "Nämnd som utreder rapporten",
    "Beslut enligt delegation",
    "Ärende och diarienummer",
    "Lex Sarah-utredning",
    "Lex Sarah-rapport",
    "RAPPORT enligt lex Sarah",
    "ANMÄLAN ENLIGT LEX SARAH",
    "Bakgrund, förslag till beslut och beslut",
    "Enhetens/ avdelningens namn",
    "Datum Veckodag Klockslag",
    "Förslag till beslut",
    "Underskrift av rapportören",
    "Uppgifter om rapporten och påbörjad utredning",
    "Avsändarens diarienummer",
    "Anmälan görs av",
    "Fortlöpande dokumentation av lex Sarah-utredningen",
    "Beslut enligt ärendegrupp i delegationsordningen:",
    "Namnförtydligande",
    "Tjänsteskrivelse",
    "Handlingstyp",
    "Diarienummer",
    "Handläggare",
    "Mottagare",
];

/// Smallest similarity (normalized Levenshtein) to count as the same label.
const MIN_SIMILARITY: f64 = 0.82;

/// One-word labels of the forms' cell rows, which OCR reads as a row
/// (`Kontakiperson Titel/funktion`, `Teleton (inkl. riktnr)`).
pub const LABEL_WORDS: &[&str] = &[
    "Kontaktperson",
    "Arbetsplats",
    "Utdelningsadress",
    "Postort",
    "Telefon",
    "Telefonnummer",
    "E-postadress",
    "Enhet/avdelning",
    "Gatuadress",
    "Veckodag",
    "Klockslag",
    "Namnförtydligande",
    "Befattning",
    "Underskrift",
];

/// Longest row that is read as a row of labels.
const MAX_LABEL_ROW_WORDS: usize = 6;

/// Every line's damaged labels repaired (`clean::clean` does the same,
/// with each line's repair remembered beside its cleaning).
pub fn repair(lines: &mut [Line]) {
    for line in lines.iter_mut() {
        if let Some(fixed) = repaired(&line.text) {
            line.text = fixed.into();
        }
    }
}

/// The line `text` repaired, if it needs repair.
pub(crate) fn repaired(text: &str) -> Option<Box<str>> {
    closest_label(text)
        .map(Box::from)
        .or_else(|| repair_label_row(text).map(String::into_boxed_str))
}

/// A short row whose words are OCR-damaged one-word labels, repaired.
pub fn repair_label_row(text: &str) -> Option<String> {
    // Running text has more words than a label row: out before collecting.
    if text.split_whitespace().nth(MAX_LABEL_ROW_WORDS).is_some()
        || text.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    // Most rows need no repair: find out before building a new one.
    let repairs: Vec<Option<&'static str>> = words.iter().map(|w| closest_word(w)).collect();
    if repairs.iter().all(Option::is_none) {
        return None;
    }
    let fixed: Vec<&str> = words
        .iter()
        .zip(&repairs)
        .map(|(w, r)| r.unwrap_or(w))
        .collect();
    Some(fixed.join(" "))
}

/// The label word `w` is a damaged copy of (same first letter, close).
fn closest_word(w: &str) -> Option<&'static str> {
    let n = w.chars().count();
    if n < 6
        || LABEL_WORDS.contains(&w)
        || !w.chars().all(|c| c.is_alphabetic() || c == '/' || c == '-')
    {
        return None;
    }
    let first = w.chars().next().and_then(|c| c.to_lowercase().next());
    // Similarity 0.8 allows at most a fifth of the letters to differ.
    let near = |l: &str, len: usize| l.chars().next() == first && n.abs_diff(len) * 5 <= n.max(len);
    if !LABEL_WORDS_LOWER.iter().any(|(_, l, len)| near(l, *len)) {
        return None;
    }
    let lw = w.to_lowercase();
    LABEL_WORDS_LOWER
        .iter()
        .filter(|(_, l, len)| near(l, *len))
        .map(|(label, l, _)| (*label, strsim::normalized_levenshtein(&lw, l)))
        .filter(|(_, s)| *s >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(l, _)| l)
}

/// `LABEL_WORDS` lowercased, with their lengths in chars: computed once.
static LABEL_WORDS_LOWER: LazyLock<Vec<(&'static str, String, usize)>> = LazyLock::new(|| {
    LABEL_WORDS
        .iter()
        .map(|&l| (l, l.to_lowercase(), l.chars().count()))
        .collect()
});

/// A known label lowercased, with what the cheap tests need: computed once.
struct Known {
    label: &'static str,
    lower: String,
    /// The first two chars of `lower`: OCR damage that leaves neither in
    /// place is more than the similarity bound allows on these labels.
    head: [Option<char>; 2],
    /// Length in chars of `label` (the length-gap test).
    chars: usize,
    /// Length in chars of `lower` (the Levenshtein normalisation).
    lower_chars: usize,
    counts: CharCounts,
}

static KNOWN: LazyLock<Vec<Known>> = LazyLock::new(|| {
    KNOWN_LABELS
        .iter()
        .map(|&label| {
            let lower = label.to_lowercase();
            let mut h = lower.chars();
            Known {
                label,
                head: [h.next(), h.next()],
                chars: label.chars().count(),
                lower_chars: lower.chars().count(),
                counts: CharCounts::of(&lower),
                lower,
            }
        })
        .collect()
});

/// Buckets of a char histogram: ASCII by itself, other chars folded.
const BUCKETS: usize = 192;

/// How often each char (bucket) occurs in a string. Half the summed
/// difference of two histograms is a lower bound of their Levenshtein
/// distance: one edit changes the sum by at most two, and folding chars into
/// one bucket can only lower it.
struct CharCounts([u8; BUCKETS]);

impl CharCounts {
    fn of(s: &str) -> Self {
        let mut counts = [0u8; BUCKETS];
        for c in s.chars() {
            let c = c as usize;
            let b = if c < 128 {
                c
            } else {
                128 + c % (BUCKETS - 128)
            };
            counts[b] = counts[b].saturating_add(1);
        }
        CharCounts(counts)
    }

    fn distance_bound(&self, other: &CharCounts) -> usize {
        let sum: usize = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.abs_diff(*b) as usize)
            .sum();
        sum / 2
    }
}

/// The known label `text` is a damaged copy of, if any.
pub fn closest_label(text: &str) -> Option<&'static str> {
    let t = text.trim();
    // A line with digits holds a value beside its label: never rewrite it.
    if t.len() < 8 || t.len() > 70 || t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let chars = t.chars().count();
    let mut h = t.chars().flat_map(char::to_lowercase);
    let head = [h.next(), h.next()];
    // The cheapest tests first, before any copy: the length gap and the
    // first two chars.
    let candidate =
        |k: &Known| chars.abs_diff(k.chars) <= 3 && (head[0] == k.head[0] || head[1] == k.head[1]);
    if KNOWN.iter().any(|k| k.label == t) || !KNOWN.iter().any(candidate) {
        return None;
    }
    let lower = t.to_lowercase();
    let lower_chars = lower.chars().count();
    let counts = CharCounts::of(&lower);
    let mut best: Option<(&'static str, f64)> = None;
    for k in KNOWN.iter() {
        // Levenshtein only for a pair that can pass.
        if !candidate(k) {
            continue;
        }
        let longest = lower_chars.max(k.lower_chars) as f64;
        let bound = counts.distance_bound(&k.counts) as f64;
        if 1.0 - bound / longest < MIN_SIMILARITY {
            continue;
        }
        let sim = strsim::normalized_levenshtein(&lower, &k.lower);
        if sim >= MIN_SIMILARITY && best.is_none_or(|(_, s)| sim > s) {
            best = Some((k.label, sim));
        }
    }
    // Case differences alone are not damage.
    best.filter(|(label, _)| !label.eq_ignore_ascii_case(t) && label.to_lowercase() != lower)
        .map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_label_rows_are_repaired() {
        let cases = [
            (
                "Kontakiperson Titel/funktion",
                Some("Kontaktperson Titel/funktion"),
            ),
            (
                "Enhevavdelning Typ av verksamhet",
                Some("Enhet/avdelning Typ av verksamhet"),
            ),
            (
                "Teleton Inkl. nian E-postadress",
                Some("Telefon Inkl. nian E-postadress"),
            ),
            ("Telefonnummer E-postadress", None),
            ("Utredare (namn, befattning)", None),
            ("Carin Nyh Utvecklingsledare", None),
            ("08-508 24018 carin.nyh@stockholm.se", None),
        ];
        for (text, want) in cases {
            assert_eq!(repair_label_row(text).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn damaged_labels_are_repaired() {
        let cases = [
            (
                "Bakgrund, förslau till beslut och beslut",
                Some("Bakgrund, förslag till beslut och beslut"),
            ),
            ("Rapporten inkorn (datum)", Some("Rapporten inkom (datum)")),
            (
                "Utredningen inIedd (datum)",
                Some("Utredningen inledd (datum)"),
            ),
            ("Beslut enligt delegation", None),
            ("Lex Sarah-utredning ", None),
            ("En lex Sarah-rapport inkom 2019-06-27 angående", None),
            ("Namn", None),
            ("rapporten lämnas av", None),
            (
                "Beslut enligt ärendegrupp i delegationsordningen:1912 R",
                None,
            ),
            (
                "Beslut enligt ärendegrupp i delegationsordningen: Karin",
                None,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(closest_label(text), want, "{text:?}");
        }
    }
}
