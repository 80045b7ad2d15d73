//! Names of people in free text. Input: the names a file's records hold in
//! their people fields (and the names the name rules quote), each with its
//! pseudonym. Output: text where every occurrence of such a name, of one of
//! its words (`Berglund`, `Sofia`), or of an OCR-sized variant of a word
//! (`Uddén` read as `Udden`) is replaced by the person's pseudonym.
//!
//! Full names match in any letter case and with any white space between
//! their words. A single word matches as written, capitalised, or in
//! capitals, never in lower case, so the word `per` in `per dag` stays
//! while the name `Per` goes.

use std::collections::BTreeMap;

use regex::Regex;

/// Words of a name shorter than this are not matched alone (initials).
const MIN_WORD: usize = 2;
/// Words at least this long also match at edit distance 1 (OCR misreads).
const MIN_FUZZY: usize = 5;

/// The names of one file, compiled once for all its text.
pub struct NameMasker {
    re: Option<Regex>,
    /// Lower-case full name or word → pseudonym.
    pseudonyms: BTreeMap<String, String>,
    /// Lower-case words long enough for fuzzy matching, with pseudonyms.
    fuzzy: Vec<(String, String)>,
}

static WORD_RE: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| Regex::new(r"\b\p{Lu}[\p{L}]{3,}\b").expect("valid regex"));

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The words of a name: split at white space and hyphens (`Per-Olof`
/// gives `Per-Olof`, `Per` and `Olof`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in name.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        out.push(w.to_string());
        if w.contains('-') {
            out.extend(w.split('-').map(str::to_string));
        }
    }
    out.retain(|w| w.chars().count() >= MIN_WORD);
    out
}

fn capitalised(w: &str) -> String {
    let lower = w.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl NameMasker {
    /// Compile the names (each with its pseudonym), first name first: a
    /// word shared by two names takes the first name's pseudonym.
    pub fn new(names: &[(String, String)]) -> NameMasker {
        let mut pseudonyms = BTreeMap::new();
        let mut full = Vec::new();
        let mut single = Vec::new();
        for (name, pseudo) in names {
            let n = normalise(name);
            if n.is_empty() {
                continue;
            }
            pseudonyms
                .entry(n.clone())
                .or_insert_with(|| pseudo.clone());
            let ws: Vec<String> = n.split(' ').map(regex::escape).collect();
            full.push(ws.join(r"\s+"));
            for w in words(name) {
                pseudonyms
                    .entry(w.to_lowercase())
                    .or_insert_with(|| pseudo.clone());
                for v in [w.clone(), capitalised(&w), w.to_uppercase()] {
                    single.push(regex::escape(&v));
                }
            }
        }
        let fuzzy = pseudonyms
            .iter()
            .filter(|(w, _)| !w.contains(' ') && w.chars().count() >= MIN_FUZZY)
            .map(|(w, p)| (w.clone(), p.clone()))
            .collect();
        // Longest first, so a full name wins over its words.
        full.sort_by_key(|p| std::cmp::Reverse(p.len()));
        full.dedup();
        single.sort_by_key(|p| std::cmp::Reverse(p.len()));
        single.dedup();
        let re = (!full.is_empty()).then(|| {
            let pattern = format!(r"\b(?:(?i:{})|{})\b", full.join("|"), single.join("|"));
            Regex::new(&pattern).expect("escaped names form a valid regex")
        });
        NameMasker {
            re,
            pseudonyms,
            fuzzy,
        }
    }

    /// Replace every name, name word and OCR variant of one in `text`.
    pub fn mask(&self, text: &str) -> String {
        let Some(re) = &self.re else {
            return text.to_string();
        };
        let exact = re.replace_all(text, |c: &regex::Captures| {
            let m = normalise(&c[0]);
            self.pseudonyms
                .get(&m)
                .cloned()
                .unwrap_or_else(|| c[0].to_string())
        });
        if self.fuzzy.is_empty() {
            return exact.into_owned();
        }
        let fuzzy = WORD_RE.replace_all(&exact, |c: &regex::Captures| {
            self.fuzzy_pseudonym(&c[0])
                .unwrap_or_else(|| c[0].to_string())
        });
        self.collapse(fuzzy.into_owned())
    }

    /// One pseudonym for a name whose words were replaced one by one
    /// (`Karina Udden` → `P P` → `P`).
    fn collapse(&self, mut text: String) -> String {
        for p in self.fuzzy.iter().map(|(_, p)| p) {
            let twice = format!("{p} {p}");
            while text.contains(&twice) {
                text = text.replace(&twice, p);
            }
        }
        text
    }

    fn fuzzy_pseudonym(&self, word: &str) -> Option<String> {
        let w = word.to_lowercase();
        if w.chars().count() < MIN_FUZZY {
            return None;
        }
        self.fuzzy
            .iter()
            .find(|(n, _)| strsim::levenshtein(n, &w) <= 1)
            .map(|(_, p)| p.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masker() -> NameMasker {
        NameMasker::new(&[
            ("Sofia Berglund".into(), "P1".into()),
            ("Per-Olof Haraldsson".into(), "P2".into()),
            ("KARINA UDDÉN".into(), "P3".into()),
            ("Stefan Ek".into(), "P4".into()),
        ])
    }

    #[test]
    fn masks_names_words_and_variants() {
        let m = masker();
        let cases = [
            (
                "Kontaktperson Sofia Berglund, Titel",
                "Kontaktperson P1, Titel",
            ),
            ("SOFIA  BERGLUND", "P1"),
            ("sofia berglund", "P1"),
            ("Berglund skriver", "P1 skriver"),
            ("Per-Olof Haraldsson och Olof", "P2 och P2"),
            ("Karina Uddén", "P3"),
            ("\"Karina Udden\" (rad 40)", "\"P3\" (rad 40)"),
            ("Uddén", "P3"),
            ("Ek", "P4"),
        ];
        for (text, want) in cases {
            assert_eq!(m.mask(text), want, "{text}");
        }
    }

    #[test]
    fn leaves_ordinary_words() {
        let m = masker();
        for text in [
            "en gång per dag",
            "ek och björk",
            "Bergslagen",
            "Sofiamottagningen",
        ] {
            assert_eq!(m.mask(text), text);
        }
    }

    #[test]
    fn no_names_no_change() {
        let m = NameMasker::new(&[]);
        assert_eq!(m.mask("Sofia Berglund"), "Sofia Berglund");
    }
}
