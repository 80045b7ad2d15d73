//! Repairs for what Tesseract prints on these forms: raw OCR page text →
//! page text with the misreads the later stages trip on put right.
//!
//! - an empty checkbox read as `CI`, `Cl`, `C3`, `Cd`, `0`, `O`, `03` at the
//!   start of a line, before a label → `☐`; likewise at the end of a line
//!   after an area label of the report form (`Äldreomsorg CI`);
//! - `§` read as `8`, `5` or `$` after a chapter number (`14 kap 3 8 SoL`);
//! - `@` read as `Q` or `(Q` in e-mail addresses;
//! - `l`, `I`, `O` inside the digit runs of dates → `1`, `1`, `0`.
//!
//! Each rule is narrow: it needs the surrounding shape (line start and a
//! capitalised label; `kap` or `SoL`/`LSS`; a mail domain; a date's digits),
//! so running text is left alone.

use std::sync::LazyLock;

use regex::{Captures, Regex};

static BOX_AT_LINE_START: LazyLock<Regex> = LazyLock::new(|| {
    // Line start, a box misread, a space, then a label word (capital letter).
    Regex::new(&format!(
        r"(?m)^[ \t]*(?:{})[ \t]+(\p{{Lu}}\p{{Ll}})",
        crate::vocab::BOX_EMPTY_READINGS.join("|")
    ))
    .expect("valid regex")
});
static BOX_AFTER_AREA: LazyLock<Regex> = LazyLock::new(|| {
    // The report form's area list puts the box after the label:
    // `Äldreomsorg CI`, `Socialpsykiatri DI`, `Vuxen/ Missbruk Cd`.
    // Each area's printed label up to its comma (`Kvinnojoursverksamhet`).
    let labels: Vec<String> = crate::vocab::AREAS
        .iter()
        .map(|a| regex::escape(a.2.split(',').next().unwrap_or(a.2)))
        .collect();
    let readings: Vec<&str> = crate::vocab::BOX_EMPTY_READINGS_AFTER
        .iter()
        .chain(&crate::vocab::BOX_EMPTY_READINGS)
        .copied()
        .collect();
    Regex::new(&format!(
        r"(?m)^([ \t]*(?:{})[^\n]*?)[ \t]+(?:{})[ \t]*$",
        labels.join("|"),
        readings.join("|")
    ))
    .expect("valid regex")
});
static PARAGRAPH_AFTER_KAP: LazyLock<Regex> = LazyLock::new(|| {
    // `14 kap 3 8`, `14 kap. 7 5`, `14 kap 3 $`: kap, a number, then the misread.
    Regex::new(r"(\bkap\.?[ \t]+\d+[ \t]*(?:\p{Ll}[ \t]+)?)[85$]([ \t]|$)").expect("valid regex")
});
static PARAGRAPH_BEFORE_LAW: LazyLock<Regex> = LazyLock::new(|| {
    // `24 f 8 LSS`, `3 $ SoL`: a section number, then the misread, then the law.
    Regex::new(r"(\b\d+[ \t]+(?:\p{Ll}[ \t]+)?)[85$]([ \t]+(?:SoL|LSS)\b)").expect("valid regex")
});
static MAIL_AT: LazyLock<Regex> = LazyLock::new(|| {
    // local part, `Q` or `(Q` (maybe a space after), then a domain.
    Regex::new(r"\b([\p{Ll}\d][\p{Ll}\d._-]*?)(?:\(?QW?|&)[ \t]?(\p{Ll}[\p{Ll}\d-]*(?:\.[\p{Ll}\d-]+)*\.(?:se|nu|com|org|net|eu))\b")
        .expect("valid regex")
});
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    // 2019-11-25, 2O19-1l-25, 19O612, 11/1O/19: digit runs with separators,
    // or a 6 or 8 character run, made of digits and l/I/O.
    Regex::new(r"\b(?:[\dlIO]{2,4}[-/.][\dlIO]{1,2}[-/.][\dlIO]{2,4}|[\dlIO]{6}|[\dlIO]{8})\b")
        .expect("valid regex")
});

/// Apply every repair to one page of OCR text.
pub fn clean(raw: &str) -> String {
    let text = raw.replace("\r\n", "\n");
    let text = BOX_AT_LINE_START.replace_all(&text, "☐ $1");
    let text = BOX_AFTER_AREA.replace_all(&text, "$1 ☐");
    let text = PARAGRAPH_AFTER_KAP.replace_all(&text, "$1§$2");
    let text = PARAGRAPH_BEFORE_LAW.replace_all(&text, "$1§$2");
    let text = MAIL_AT.replace_all(&text, "$1@$2");
    let text = DATE_LIKE.replace_all(&text, |c: &Captures| fix_date_digits(&c[0]));
    text.trim_end().to_string()
}

/// `l`/`I` → `1`, `O` → `0` in a date-like token that has at least four real
/// digits (so `OIII` or `lllOll` stay words).
fn fix_date_digits(token: &str) -> String {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    if digits < 4 || digits == token.chars().filter(|c| c.is_alphanumeric()).count() {
        return token.to_string();
    }
    token
        .chars()
        .map(|c| match c {
            'l' | 'I' => '1',
            'O' => '0',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misreads_are_repaired() {
        let cases = [
            // empty boxes at line start before a label
            ("CI Äldreomsorg", "☐ Äldreomsorg"),
            ("Cl Funktionsnedsättning", "☐ Funktionsnedsättning"),
            ("C3 Socialpsykiatri", "☐ Socialpsykiatri"),
            ("Cd Barn och ungdom", "☐ Barn och ungdom"),
            ("0 Ekonomiskt bistånd", "☐ Ekonomiskt bistånd"),
            ("O Kvinnojoursverksamhet", "☐ Kvinnojoursverksamhet"),
            ("03 Vuxen/ Missbruk", "☐ Vuxen/ Missbruk"),
            ("Jobbtorg\nCI Annat", "Jobbtorg\n☐ Annat"),
            ("Äldreomsorg CI", "Äldreomsorg ☐"),
            ("Socialpsykiatri DI", "Socialpsykiatri ☐"),
            ("Vuxen/ Missbruk Cd", "Vuxen/ Missbruk ☐"),
            (
                "Kvinnojoursverksamhet, härbärgen m.fl. 0",
                "Kvinnojoursverksamhet, härbärgen m.fl. ☐",
            ),
            // § after kap numbers and before the law
            ("14 kap 3 8 SoL", "14 kap 3 § SoL"),
            (
                "enligt 14 kap. 7 5 SoL eller 24 f 8 LSS",
                "enligt 14 kap. 7 § SoL eller 24 f § LSS",
            ),
            ("14 kap 3 $ SoL", "14 kap 3 § SoL"),
            // @ read as Q
            (
                "merike.kaugesaar(Qstockholm.se",
                "merike.kaugesaar@stockholm.se",
            ),
            ("info.amfQ stockholm.se", "info.amf@stockholm.se"),
            ("carin.nyhQstockholm.se", "carin.nyh@stockholm.se"),
            (
                "merike.kaugesaar(QWstockholm.se",
                "merike.kaugesaar@stockholm.se",
            ),
            ("carin.nyh&stockholm.se", "carin.nyh@stockholm.se"),
            // letters in the digit runs of dates
            ("2O19-1l-25", "2019-11-25"),
            ("19O612", "190612"),
            ("2019-I2-03", "2019-12-03"),
            ("11/1O/19", "11/10/19"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn running_text_is_left_alone() {
        let cases = [
            "Om Olle kom hem",
            "Ordet CIA står här",
            "0 kr i bistånd",
            "Det var 8 personer och 5 barn",
            "Qvinnor och män",
            "Queen@stockholm.se",
            "OIII lllOll",
            "AMN 2019-0289-1.3",
            "Sida 1 (2)",
            "Tel 08-508 24018",
            "14 kap. 7 § SoL",
            "Jobbtorg",
        ];
        for raw in cases {
            assert_eq!(clean(raw), raw, "{raw:?}");
        }
    }

    #[test]
    fn cleaning_twice_equals_cleaning_once() {
        let raw = "CI Äldreomsorg\n14 kap 3 8 SoL\nanna(Qstockholm.se 2O19-1l-25";
        assert_eq!(clean(&clean(raw)), clean(raw));
    }
}
