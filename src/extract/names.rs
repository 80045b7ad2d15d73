//! Names of people and their job titles, as the forms write them: what
//! looks like a person's name, what is a title, a name followed by a title in
//! one cell, and the cells of a signature row.

use std::sync::LazyLock;

use regex::Regex;

fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid regex")
}

static NAME_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){1,3}$").expect("valid regex")
});
static TITLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:direktör|chef|ledare|handläggare|sekreterare|strateg|samordnare|coach|utredare|ansvarig|controller|jurist|specialist|kurator|assistent|administratör|skötare|sköterska|pedagog|ombud|medarbetare|konsulent|behandlare|biträde|rådgivare|registrator|stödjare|stödjerska|vårdare|arbetare|lärare|terapeut|psykolog|läkare|handledare|föreståndare|inspektör|ekonom|analytiker|utvecklare|vägledare|personal)$",
    )
    .expect("valid regex")
});
static NOT_A_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)förvaltning|nämnd|stad\b|kommun|registrat|box\b|globen|enhet|verksamhet|jobbtorg|insatser|underskrift|datum|befattning|namnförtydligande|stöd\b|avdelning|sarah|rapport")
        .expect("valid regex")
});
/// Words that open a job title ("Biträdande enhetschef", "Tf. avdelningschef").
static TITLE_MODIFIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:biträdande|bitr\.?|tf\.?|t\.f\.|tillförordnad|ställföreträdande|vikarierande|administrativ|medicinskt|socialt|områdes\p{L}*|verksamhets\p{L}*|enhets\p{L}*|avdelnings\p{L}*)$",
    )
});

/// A person's name in a signature line, with labels and dates removed.
pub fn name_in(text: &str) -> Option<String> {
    names_in(text).into_iter().next()
}

/// Every distinct name in a signature line's cells (signed, then printed).
pub fn names_in(text: &str) -> Vec<String> {
    static LABELS: LazyLock<Regex> = LazyLock::new(|| {
        // The months' full names, from the calendar's vocabulary.
        let months: Vec<&str> = crate::vocab::MONTHS
            .iter()
            .filter(|m| !m.2)
            .map(|m| m.0)
            .collect();
        re(&format!(
            r"(?i)namnförtydligande|namnunderskrift|underskrift|datum|namn|befattning|\b(?:{})\b|[0-9][0-9 :./-]*|[,:]",
            months.join("|")
        ))
    });
    let mut out: Vec<String> = Vec::new();
    for cell in text.split('\t') {
        let c = LABELS
            .replace_all(cell, " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if is_name(&c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

pub fn is_name(s: &str) -> bool {
    crate::line_memo!(IS_NAME, bool);
    crate::memo::cached(&IS_NAME, s, is_name_of)
}

fn is_name_of(s: &str) -> bool {
    NAME_LIKE.is_match(s) && !NOT_A_NAME.is_match(s) && !is_title(s)
}

/// A job title: at most five words, one of them a title word
/// ("Biträdande enhetschef", "Avdelningschef individ- och familjeomsorg").
pub fn is_title(s: &str) -> bool {
    let s = s.trim();
    s.split_whitespace().count() <= 5
        && !s.chars().any(|c| c.is_ascii_digit())
        && s.split_whitespace()
            .any(|w| TITLE_WORD.is_match(w.trim_end_matches([',', '.'])))
}

/// A cell holding a name followed by a title ("Mats Lindahl Avdelningschef
/// individ- och familjeomsorg"): the shortest name that leaves a title.
pub fn name_then_title(words: &[&str]) -> Option<(String, String)> {
    (2..words.len().min(5)).find_map(|k| {
        let (n, t) = (words[..k].join(" "), words[k..].join(" "));
        let starts_title = TITLE_WORD.is_match(words[k]) || TITLE_MODIFIER.is_match(words[k]);
        (is_name(&n) && is_title(&t) && starts_title).then_some((n, t))
    })
}

/// The cells of a signature row: split at tabs and at the printed labels,
/// so `2011-07-28 Underskrift Karina Uddén` (OCR) and `UnderskriftKarina
/// Uddén` (a converter's glue) both give the name as a cell of its own.
pub fn signature_cells(text: &str) -> Vec<String> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?:Underskrift|Namnförtydligande|Befattning|Datum):?(?:\s|$|\p{Lu})")
    });
    let mut out = Vec::new();
    for part in text.split('\t') {
        let mut last = 0;
        for m in LABEL.find_iter(part) {
            // Keep a capital letter the label was glued to.
            let glued = m.as_str().chars().last().filter(|c| c.is_uppercase());
            let end = m.end() - glued.map_or(0, char::len_utf8);
            out.push(part[last..m.start()].trim().to_string());
            last = end;
        }
        out.push(part[last..].trim().to_string());
    }
    for c in &mut out {
        *c = c.trim_start_matches([':', '.', ' ']).trim().to_string();
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Do two names have the same words, ignoring case and middle initials?
pub fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .filter(|w| w.chars().count() > 1)
            .map(str::to_lowercase)
            .collect()
    };
    words(a) == words(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_titles() {
        let cases = [
            ("Merike Kaugesaar", true, false),
            ("JASMIN MELIN", true, false),
            ("Cajsa Augustsson Werr", true, false),
            ("Biträdande enhetschef", false, true),
            ("Arbetsmarknadsdirektör", false, true),
            ("Arbetsmarknadsförvaltningen", false, false),
            ("Stockholm-Globen", false, false),
            ("Enhet Stöd/ Jobbtorg Stockholm", false, false),
            ("Projektcoach", false, true),
        ];
        for (s, name, title) in cases {
            assert_eq!(is_name(s), name, "{s:?} name");
            assert_eq!(is_title(s), title, "{s:?} title");
        }
    }

    #[test]
    fn signature_rows_split_into_cells() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Datum\t2011-07-28\tUnderskrift\tKarina Uddén",
                &["2011-07-28", "Karina Uddén"],
            ),
            ("UnderskriftKarina Uddén", &["Karina Uddén"]),
            ("Namnförtydligande: Maria Sund", &["Maria Sund"]),
            (
                "2011-07-28 Underskrift Karina Uddén",
                &["2011-07-28", "Karina Uddén"],
            ),
            (
                "FE Namnförtydligande Karina Uddén Arbetsmarknadsdirektör",
                &["FE", "Karina Uddén Arbetsmarknadsdirektör"],
            ),
            (
                "\t\tNamnförtydligande\tKarina Uddén Arbetsmarknadsdirektör",
                &["Karina Uddén Arbetsmarknadsdirektör"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(signature_cells(text), *want, "{text:?}");
        }
    }

    #[test]
    fn signature_names() {
        let cases = [
            (
                "190619\t Merike Kaugesaar Namnförtydligande",
                Some("Merike Kaugesaar"),
            ),
            (
                "Datum, namnunderskrift \tNamnförtydligande JASMIN MATIC",
                Some("JASMIN MATIC"),
            ),
            (
                "Datum: 200324 Namn Merike Kaugesaar",
                Some("Merike Kaugesaar"),
            ),
            (
                "22 november 2019\t Cecilia Broberg Namnförtydligande",
                Some("Cecilia Broberg"),
            ),
            ("Datum\tNamn", None),
        ];
        for (s, want) in cases {
            assert_eq!(name_in(s).as_deref(), want, "{s:?}");
        }
    }
}
