//! Numbers and the words that agree with them, for every message a person
//! reads: English on the command line and in `files.csv` (`1 file`,
//! `2 files`, `page 2 has`, `pages 2 and 3 have`), Swedish in flag messages,
//! confidence reasons and on the pages (`1 dag`, `3 dagar`, `1 ruta`,
//! `2 rutor`, `1 ny`, `2 nya`).
//!
//! Input: a count and a word's two forms. Output: the form that agrees.
//! Both languages take the singular for exactly one and the plural for
//! every other count, zero included (`0 files`, `0 ärenden`); each caller
//! names both forms, as Swedish plurals follow no one rule.

/// The form of a word that agrees with `n`: `one` for 1, `many` otherwise
/// (`has`/`have`, `is`/`are`, `was`/`were`; `ny`/`nya`).
pub fn agree<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// `n` and the noun in its number: `1 file`, `2 files`, `0 files`;
/// `1 dag`, `8 dagar`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", agree(n, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_takes_the_singular_for_one_only() {
        let cases = [
            (0, "has", "have", "have"),
            (1, "has", "have", "has"),
            (2, "has", "have", "have"),
            (21, "is", "are", "are"),
            (1, "ny", "nya", "ny"),
            (0, "ny", "nya", "nya"),
            (3, "ny", "nya", "nya"),
        ];
        for (n, one, many, want) in cases {
            assert_eq!(agree(n, one, many), want, "{n} {one}/{many}");
        }
    }

    #[test]
    fn count_writes_the_number_and_the_noun_in_its_number() {
        let cases = [
            (0, "file", "files", "0 files"),
            (1, "file", "files", "1 file"),
            (2, "file", "files", "2 files"),
            (1, "page", "pages", "1 page"),
            (12, "page", "pages", "12 pages"),
            (1, "byte", "bytes", "1 byte"),
            (1, "dag", "dagar", "1 dag"),
            (2892, "dag", "dagar", "2892 dagar"),
            (1, "ruta", "rutor", "1 ruta"),
            (2, "ruta", "rutor", "2 rutor"),
            (1, "sida", "sidor", "1 sida"),
            (2, "sida", "sidor", "2 sidor"),
            (1, "ärende", "ärenden", "1 ärende"),
            (0, "ärende", "ärenden", "0 ärenden"),
            (1, "flagga", "flaggor", "1 flagga"),
            (5, "flagga", "flaggor", "5 flaggor"),
        ];
        for (n, one, many, want) in cases {
            assert_eq!(count(n, one, many), want);
        }
    }
}
