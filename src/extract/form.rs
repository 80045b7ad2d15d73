//! Form cells: the value written after (or under) a printed label.
//!
//! The forms print a label and leave a cell for the value. Text dumps put the
//! value on the label's line (`Namn Merike Kaugesaar\tTitel/ funktion …`),
//! cells separated by tabs; OCR and PDF text often put it on the next line.
//! `value_after` reads either: the rest of the cell on the label's line, cut
//! at a tab or the next known label, else the next non-empty line that is not
//! itself a label.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::model::Line;

/// Every label printed in a value cell row of the forms: a value stops where
/// the next label starts.
pub static ANY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|\s)(?:Namn(?:förtydligande)?|Titel\s*/\s*funktion|Arbetsplats|Telefonnummer|Telefon\s*\(inkl\.\s*riktnr\)|Telefon|E-postadress|Datum|Veckodag|Klockslag|Rapportens\s+diarienummer|Rapporten\s+inkom|Utredningen\s+inledd|Utredare\s*\(namn|Nämnd\s+som\s+utreder\s+rapporten|SoL\s+LSS|Kontaktperson|Utdelningsadress|Postnr|Postort|Enhet\s*/\s*avdelning|Typ\s+av\s+verksamhet|Gatuadress|Underskrift|Befattning)\b",
    )
    .expect("valid regex")
});

/// A value read from a cell, with the index of the line it stood on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub idx: usize,
    pub value: String,
}

/// The first line in `range` where `label` matches, and the match's end.
pub fn find_label(lines: &[Line], range: Range<usize>, label: &Regex) -> Option<(usize, usize)> {
    range
        .into_iter()
        .find_map(|i| label.find(&lines[i].text).map(|m| (i, m.end())))
}

/// The value of the first cell labelled `label` in `range`.
pub fn value_after(lines: &[Line], range: Range<usize>, label: &Regex) -> Option<Cell> {
    let end = range.end;
    let (i, at) = find_label(lines, range, label)?;
    value_at(lines, i, at, end)
}

/// The value of the cell whose label ends at byte `at` of line `i`.
pub fn value_at(lines: &[Line], i: usize, at: usize, end: usize) -> Option<Cell> {
    let same = cut_cell(&lines[i].text[at..]);
    if !same.is_empty() {
        return Some(Cell {
            idx: i,
            value: same,
        });
    }
    let mut seen = 0;
    for (j, line) in lines.iter().enumerate().take(end).skip(i + 1) {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        if seen > 2 || starts_with_label(t) || crate::vocab::heading_kind(t).is_some() {
            return None;
        }
        let v = cut_cell(t);
        if !v.is_empty() {
            return Some(Cell { idx: j, value: v });
        }
    }
    None
}

/// Does `text` start with a known label?
pub fn starts_with_label(text: &str) -> bool {
    ANY_LABEL
        .find(text)
        .is_some_and(|m| text[..m.start()].trim().is_empty())
}

/// The cell's own text: up to a tab or the next label, trimmed of separators.
pub fn cut_cell(text: &str) -> String {
    let t = text.trim_start_matches([' ', ':', '·', '.']);
    let t = t.trim_start();
    let mut end = t.find('\t').unwrap_or(t.len());
    if let Some(m) = ANY_LABEL.find(&t[..end]) {
        end = m.start();
    }
    t[..end]
        .trim()
        .trim_end_matches([',', ';'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Line> {
        Line::numbered(texts)
    }

    #[test]
    fn values_on_the_same_line_and_below() {
        let re = |s: &str| Regex::new(s).unwrap();
        let ls = lines(&[
            "Namn Merike Kaugesaar\tTitel/ funktion Biträdande enhetschef",
            "Telefonnummer 08-508 35 497\tE-postadress merike.kaugesaar@stockholm.se",
            "Rapportens diarienummer",
            "",
            "2020-0428_Lex Sara_200324 ",
            "Kontaktperson Carin Nyh\tTitel/funktion Utvecklingsledare\t",
            "Nämnd som utreder rapporten",
            "Utredare (namn, befattning)",
        ]);
        let cases = [
            (r"^Namn\b", Some((0, "Merike Kaugesaar"))),
            (r"Titel/ funktion", Some((0, "Biträdande enhetschef"))),
            (r"Telefonnummer", Some((1, "08-508 35 497"))),
            (r"E-postadress", Some((1, "merike.kaugesaar@stockholm.se"))),
            (
                r"Rapportens diarienummer",
                Some((4, "2020-0428_Lex Sara_200324")),
            ),
            (r"Titel/funktion", Some((5, "Utvecklingsledare"))),
            (r"Nämnd som utreder rapporten", None),
        ];
        for (label, want) in cases {
            let got = value_after(&ls, 0..ls.len(), &re(label));
            assert_eq!(
                got.map(|c| (c.idx, c.value)),
                want.map(|(i, v)| (i, v.to_string())),
                "{label}"
            );
        }
    }
}
