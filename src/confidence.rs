//! Confidence: how far each field's value can be trusted, from what the
//! tool knows of how it was read, with the reasons that lowered it.
//!
//! Input: a case's extracted `Fields` (with what the extractors doubt),
//! its flags, and what the reading of the file said of each page
//! (`PageSignals`: the words Tesseract was unsure of). Output: for every field
//! of `FIELDS` a number in [0, 1] and the reasons, in Swedish like the flag
//! messages.
//!
//! Every field starts at the trust of its medium (a text dump, a PDF's text
//! layer, an OCR reading) and each doubt caps it; the lowest cap wins, and
//! every cap that applied is listed. This module only combines: the doubts
//! an extractor knows come with its values (`Found::doubts`, a date's
//! `Mention::doubts`) or, for a value it did not find where the case should
//! give it, as a `Gap`, all kept in `Fields::doubts` under the field's key;
//! here are added only what no extractor can know (the medium, the flags,
//! Tesseract's word confidences) and what two fields say together.
//!
//! | doubt | cap | known by |
//! |---|---|---|
//! | an error flag on the field's evidence line (`date_mismatch`, …) | 0.5 | validate (here) |
//! | a warning flag on it (`weekday_mismatch`, `name_mismatch`, …) | 0.7 | validate (here) |
//! | OCR: a word of the evidence read with low confidence | 0.6 | ingest (here) |
//! | serious, and nothing said of a notification to IVO | 0.6 | here (two fields) |
//! | a date with two valid readings | 0.6 | `Mention::doubts` |
//! | a date's year taken from the case's other dates | 0.8 | `Mention::doubts` |
//! | a date read from running text, not from a form field | 0.92 | `Mention::doubts` |
//! | a date missing although the section that gives it is there | 0.6 | timeline (gap) |
//! | no registry number | 0.6 | diarienummer (gap) |
//! | a registry number written otherwise elsewhere in the case | 0.8 | diarienummer |
//! | OCR: a box of the field the page image left undecided | 0.4 | checkbox, outcome (the mark) |
//! | OCR: a box of the field decided with a narrow ink margin | 0.75 | checkbox, outcome (the mark) |
//! | a checkbox in the text with no readable mark | 0.9 | checkbox |
//! | no area ticked on the report's list | 0.6 | checkbox (gap) |
//! | the law read from the case's text, no box ticked | 0.85 | checkbox |
//! | a decision that does not say what the reported was | 0.6 | outcome (gap) |
//! | a reporter's name repaired from its other spellings | 0.8 | people |
//!
//! One agreement lifts: a date that another place of the case gives the
//! same starts at 0.98 even when read by OCR.
//!
//! The caps were set from what each doubt means (a flagged disagreement is
//! a coin toss between two values; an inferred year is usually right) and
//! checked against the development set's labels (`scripts/calibration.py`,
//! ACCURACY.md), not fitted to its documents.

use std::collections::BTreeMap;

use crate::extract::{Fields, Mention, Role};
use crate::model::{Flag, FlagCode, Format, Severity};

/// The fields that carry a confidence, as named in `cases.jsonl`.
pub const FIELDS: &[&str] = &[
    "diarienummer",
    "observed",
    "reported",
    "received",
    "investigation_started",
    "decided",
    "ivo_notified",
    "areas",
    "sol_lss",
    "classification",
    "reported_to_ivo",
    "reporter.name",
    "reporter.title",
    "investigator.name",
    "decision_maker.name",
];

// What a page's reading says of its own quality is a model type (ingest
// builds it, this module reads it): re-exported here where it is used.
pub use crate::model::{LOW_WORD_CONF, PageSignals};

/// A field's confidence and why it is not higher.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub value: f64,
    pub reasons: Vec<String>,
}

/// One doubt: the cap it puts on the field, and why.
struct Doubts {
    value: f64,
    reasons: Vec<String>,
}

impl Doubts {
    fn new(base: f64, why: Option<&str>) -> Self {
        Doubts {
            value: base,
            reasons: why.map(str::to_string).into_iter().collect(),
        }
    }

    fn cap(&mut self, cap: f64, why: String) {
        if !self.reasons.contains(&why) {
            self.reasons.push(why);
        }
        self.value = self.value.min(cap);
    }

    fn done(self) -> Assessment {
        Assessment {
            value: (self.value * 100.0).round() / 100.0,
            reasons: self.reasons,
        }
    }
}

/// Everything `assess` reads.
pub struct Inputs<'a> {
    pub fields: &'a Fields,
    pub flags: &'a [Flag],
    pub format: Format,
    /// Per page (index = page number - 1); may be empty for a text dump.
    pub pages: &'a [PageSignals],
}

impl Inputs<'_> {
    fn page(&self, page: u32) -> Option<&PageSignals> {
        self.pages.get((page as usize).checked_sub(1)?)
    }

    /// The trust of the medium the evidence on `page` was read from.
    fn base(&self, page: Option<u32>) -> Doubts {
        let ocr_page = page.and_then(|p| self.page(p)).is_some_and(|p| p.ocr);
        let ocr = ocr_page || (page.is_none() && self.format == Format::PdfOcr);
        match self.format {
            _ if ocr => Doubts::new(0.95, Some("läst med OCR")),
            Format::Pdf => Doubts::new(0.98, None),
            _ => Doubts::new(0.99, None),
        }
    }

    /// Caps for the flags about `field` whose evidence includes `line`.
    fn flags_on(&self, d: &mut Doubts, field: &str, line: u32) {
        for f in self
            .flags
            .iter()
            .filter(|f| f.lines.contains(&line) && flag_concerns(f.code, field))
        {
            match f.severity {
                Severity::Error => d.cap(0.5, format!("flagga {}: {}", f.code, f.message)),
                Severity::Warning => d.cap(0.7, format!("flagga {}: {}", f.code, f.message)),
                Severity::Info => {}
            }
        }
    }

    /// Caps for doubtful OCR words in `raw` (read on `page`).
    fn ocr_words(&self, d: &mut Doubts, page: u32, raw: &str) {
        let Some(p) = self.page(page) else { return };
        let lower = raw.to_lowercase();
        let tokens = |s: &str| -> Vec<String> {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let words = tokens(&lower);
        let unsure: Vec<String> = p
            .doubtful_words
            .iter()
            .filter(|(w, _)| {
                let t = tokens(w);
                !t.is_empty() && t.iter().all(|x| words.contains(x))
            })
            .map(|(w, c)| format!("{w} ({c:.0})"))
            .collect();
        if !unsure.is_empty() {
            d.cap(0.6, format!("OCR osäker på {}", unsure.join(", ")));
        }
    }
}

/// Does a flag with `code` say something of `field`? A date flag of the
/// dates, a name flag of the people, and so on: a signature line holding
/// a name and a date is not made doubtful in its name by its date.
pub fn flag_concerns(code: FlagCode, field: &str) -> bool {
    let dated = Role::from_field(field).is_some();
    match code {
        FlagCode::DateMismatch
        | FlagCode::WeekdayMismatch
        | FlagCode::Chronology
        | FlagCode::AmbiguousDate
        | FlagCode::UnparsedDate
        | FlagCode::YearInferred => dated,
        FlagCode::NameMismatch | FlagCode::NameVariant => field.ends_with(".name"),
        FlagCode::DiarienummerMismatch => field == "diarienummer",
        FlagCode::CheckboxConflict => field == "areas" || field == "sol_lss",
        FlagCode::MissingField => true,
    }
}

/// The confidence of every field of `FIELDS`.
pub fn assess(x: &Inputs) -> BTreeMap<&'static str, Assessment> {
    let f = x.fields;
    let mut out = BTreeMap::new();
    out.insert("diarienummer", diarienummer(x));
    out.insert("observed", observed(x));
    for role in Role::DATES {
        out.insert(role.as_str(), date(x, role));
    }
    out.insert("areas", areas(x));
    out.insert("sol_lss", sol_lss(x));
    out.insert("classification", classification(x));
    out.insert("reported_to_ivo", reported_to_ivo(x));
    for key in [
        "reporter.name",
        "reporter.title",
        "investigator.name",
        "decision_maker.name",
    ] {
        out.insert(key, person(x, key));
    }
    // A value a person checked is what it is.
    for (key, a) in out.iter_mut() {
        if let Some(note) = f.provenance.get(*key).and_then(|e| e.corrected.as_ref()) {
            *a = Assessment {
                value: 1.0,
                reasons: vec![format!("rättad för hand: {note}")],
            };
        }
    }
    out
}

/// Base, flags and OCR words of a field whose evidence is in `provenance`,
/// then what its extractor doubts of it.
fn from_provenance(x: &Inputs, key: &str) -> Doubts {
    let mut d = match x.fields.provenance.get(key) {
        Some(ev) => {
            let mut d = x.base(Some(ev.page));
            x.flags_on(&mut d, key, ev.line);
            x.ocr_words(&mut d, ev.page, &ev.raw);
            d
        }
        None => x.base(None),
    };
    extractor_doubts(x, &mut d, key);
    d
}

fn diarienummer(x: &Inputs) -> Assessment {
    let f = x.fields;
    // With its extractor's doubts: another number written in the case, or
    // none found.
    let mut d = from_provenance(x, "diarienummer");
    if f.diarienummer.is_some() {
        for m in &f.dnr_mentions {
            x.flags_on(&mut d, "diarienummer", m.line);
        }
    }
    d.done()
}

/// What the extractors doubt of the field `key` (its value's doubts, or
/// why its absence is doubtful).
fn extractor_doubts(x: &Inputs, d: &mut Doubts, key: &str) {
    for doubt in x.fields.doubts.get(key).into_iter().flatten() {
        d.cap(doubt.cap, doubt.why.clone());
    }
}

/// Caps of a date mention: its flags, OCR words, then what its reading
/// doubts (readings, year, source).
fn mention_doubts(x: &Inputs, d: &mut Doubts, m: &Mention) {
    x.flags_on(d, "observed", m.line);
    x.ocr_words(d, m.page, &m.raw);
    for doubt in m.doubts() {
        d.cap(doubt.cap, doubt.why);
    }
}

fn observed(x: &Inputs) -> Assessment {
    let f = x.fields;
    let ev = f.provenance.get("observed");
    let mut d = x.base(ev.map(|e| e.page));
    match f.primary(Role::Observed) {
        Some(m) => mention_doubts(x, &mut d, m),
        None => {
            if let Some(ev) = ev {
                x.flags_on(&mut d, "observed", ev.line);
                x.ocr_words(&mut d, ev.page, &ev.raw);
            }
        }
    }
    // The report's missing date of the event (timeline's gap).
    extractor_doubts(x, &mut d, "observed");
    d.done()
}

fn date(x: &Inputs, role: Role) -> Assessment {
    let f = x.fields;
    match f.primary(role).filter(|m| m.date().is_some()) {
        Some(m) => {
            let mut d = x.base(Some(m.page));
            // A second reading in another place that gives the same date
            // is what an OCR reading lacks.
            let agrees = f
                .mentions
                .iter()
                .any(|o| o.role == Some(role) && o.line != m.line && o.date() == m.date());
            if agrees && d.value < 0.98 {
                d.value = 0.98;
                d.reasons.push("ett annat avsnitt ger samma datum".into());
            }
            mention_doubts(x, &mut d, m);
            extractor_doubts(x, &mut d, role.as_str());
            d.done()
        }
        None => {
            // A section that should give the date and does not (timeline's
            // gap).
            let mut d = x.base(None);
            extractor_doubts(x, &mut d, role.as_str());
            d.done()
        }
    }
}

fn areas(x: &Inputs) -> Assessment {
    let f = x.fields;
    let first = f
        .provenance
        .iter()
        .find(|(k, _)| k.starts_with("areas."))
        .map(|(_, e)| e.clone());
    let mut d = x.base(first.as_ref().map(|e| e.page));
    for (_, ev) in f.provenance.iter().filter(|(k, _)| k.starts_with("areas.")) {
        x.flags_on(&mut d, "areas", ev.line);
    }
    for b in &f.area_boxes {
        x.flags_on(&mut d, "areas", b.line);
    }
    // The list's boxes (unreadable in the text, undecided or narrow on the
    // page image), then none ticked: checkbox's doubts.
    extractor_doubts(x, &mut d, "areas");
    d.done()
}

fn sol_lss(x: &Inputs) -> Assessment {
    let f = x.fields;
    let ev = f.provenance.get("sol_lss");
    let mut d = x.base(ev.map(|e| e.page));
    if let Some(ev) = ev {
        x.flags_on(&mut d, "sol_lss", ev.line);
        x.ocr_words(&mut d, ev.page, &ev.raw);
    }
    for b in &f.sol_lss_boxes {
        x.flags_on(&mut d, "sol_lss", b.line);
    }
    // The boxes' doubts, then the law's own (read from the text, no box
    // ticked): checkbox's.
    extractor_doubts(x, &mut d, "sol_lss");
    d.done()
}

fn classification(x: &Inputs) -> Assessment {
    // With outcome's doubts: the option boxes, or a decision that does not
    // say.
    from_provenance(x, "classification").done()
}

fn reported_to_ivo(x: &Inputs) -> Assessment {
    let f = x.fields;
    let mut d = from_provenance(x, "reported_to_ivo");
    if f.reported_to_ivo.is_none()
        && f.classification
            .is_some_and(crate::model::Classification::serious)
    {
        d.cap(0.6, "allvarligt men inget sägs om anmälan till IVO".into());
    }
    d.done()
}

fn person(x: &Inputs, key: &str) -> Assessment {
    // With people's doubts: a name repaired from its other spellings.
    from_provenance(x, key).done()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Doubt, Mention, checkbox::BoxState};
    use crate::model::{Evidence, SectionKind};

    /// `fields` with what an extractor doubts of `key`.
    fn doubted(mut fields: Fields, key: &str, cap: f64, why: &str) -> Fields {
        fields
            .doubts
            .entry(key.to_string())
            .or_default()
            .push(Doubt::new(cap, why));
        fields
    }

    fn mention(line: u32, year_inferred: bool, labelled: bool, readings: usize) -> Mention {
        let d = jiff::civil::date(2019, 3, 4);
        Mention {
            raw: "4 mars".into(),
            line,
            page: 1,
            idx: line as usize - 1,
            col: 0,
            readings: (0..readings)
                .map(|i| (d + jiff::Span::new().days(i as i64), None))
                .collect(),
            year_inferred,
            unparsed: false,
            role: Some(Role::Decided),
            section: Some(SectionKind::Decision),
            labelled,
            weekday: None,
        }
    }

    fn flag(code: FlagCode, severity: Severity, line: u32) -> Flag {
        Flag {
            code,
            severity,
            message: "m".into(),
            lines: vec![line],
            evidence: vec![],
        }
    }

    /// One row per doubt: the fields, flags and pages, the field looked at,
    /// the confidence and a reason it must give.
    #[test]
    fn each_doubt_caps_its_field() {
        let decided = |m: Mention| Fields {
            sections: vec![SectionKind::Decision],
            mentions: vec![m],
            ..Fields::default()
        };
        let with_dnr = Fields {
            diarienummer: Some("SN 2019/12".into()),
            provenance: [(
                "diarienummer".to_string(),
                Evidence {
                    line: 3,
                    page: 1,
                    raw: "Dnr SN 2019/12".into(),
                    corrected: None,
                },
            )]
            .into(),
            ..Fields::default()
        };
        let doubtful = vec![PageSignals {
            ocr: true,
            doubtful_words: vec![("2019/12".into(), 31.0)],
            ..PageSignals::default()
        }];
        let boxes = Fields {
            sections: vec![SectionKind::Report],
            areas: vec![crate::model::Area::Jobbtorg],
            area_boxes: vec![crate::extract::BoxRead {
                label: "Jobbtorg".into(),
                state: BoxState::Ticked,
                line: 7,
            }],
            ..Fields::default()
        };
        let ocr = || {
            vec![PageSignals {
                ocr: true,
                ..PageSignals::default()
            }]
        };
        let weak = doubted(
            boxes.clone(),
            "areas",
            0.75,
            "verksamhetsområde: rutan Jobbtorg avgjord med liten marginal (0,20)",
        );
        let undecided = doubted(
            boxes.clone(),
            "areas",
            0.4,
            "verksamhetsområde: rutan Jobbtorg gick inte att avgöra på bilden",
        );
        let reporter = Fields {
            reporter: crate::model::Reporter {
                name: Some("Anna Berg".into()),
                title: Some("undersköterska".into()),
                ..Default::default()
            },
            ..Fields::default()
        };
        let repaired = doubted(
            reporter,
            "reporter.name",
            0.8,
            "namnet rättat efter dess andra stavningar",
        );
        type Row<'a> = (
            &'a str,
            Fields,
            Vec<Flag>,
            Format,
            Vec<PageSignals>,
            &'a str,
            f64,
            &'a str,
        );
        #[rustfmt::skip]
        let rows: Vec<Row> = vec![
            ("clean label", decided(mention(5, false, true, 1)), vec![], Format::Text, vec![], "decided", 0.99, ""),
            ("text layer", decided(mention(5, false, true, 1)), vec![], Format::Pdf, vec![], "decided", 0.98, ""),
            ("running text", decided(mention(5, false, false, 1)), vec![], Format::Text, vec![], "decided", 0.92, "löptext"),
            ("inferred year", decided(mention(5, true, true, 1)), vec![], Format::Text, vec![], "decided", 0.8, "året saknas"),
            ("two readings", decided(mention(5, false, true, 2)), vec![], Format::Text, vec![], "decided", 0.6, "två sätt"),
            ("error flag", decided(mention(5, false, true, 1)), vec![flag(FlagCode::DateMismatch, Severity::Error, 5)], Format::Text, vec![], "decided", 0.5, "date_mismatch"),
            ("warning flag", decided(mention(5, false, true, 1)), vec![flag(FlagCode::WeekdayMismatch, Severity::Warning, 5)], Format::Text, vec![], "decided", 0.7, "weekday_mismatch"),
            ("flag elsewhere", decided(mention(5, false, true, 1)), vec![flag(FlagCode::DateMismatch, Severity::Error, 9)], Format::Text, vec![], "decided", 0.99, ""),
            ("a name flag on a date's line", decided(mention(5, false, true, 1)), vec![flag(FlagCode::NameMismatch, Severity::Warning, 5)], Format::Text, vec![], "decided", 0.99, ""),
            ("info flag", decided(mention(5, false, true, 1)), vec![flag(FlagCode::YearInferred, Severity::Info, 5)], Format::Text, vec![], "decided", 0.99, ""),
            ("section without its date", doubted(Fields { sections: vec![SectionKind::Decision], ..Fields::default() }, "decided", 0.6, "beslutet finns men ger inget sådant datum"), vec![], Format::Text, vec![], "decided", 0.6, "beslutet finns"),
            ("a found date takes its field's doubts too", doubted(decided(mention(5, false, true, 1)), "decided", 0.7, "x"), vec![], Format::Text, vec![], "decided", 0.7, "x"),
            ("not stated, no section", Fields::default(), vec![], Format::Text, vec![], "decided", 0.99, ""),
            ("no registry number", doubted(Fields::default(), "diarienummer", 0.6, "inget diarienummer hittat"), vec![], Format::Text, vec![], "diarienummer", 0.6, "inget diarienummer"),
            ("no registry number, no doubt given", Fields::default(), vec![], Format::Text, vec![], "diarienummer", 0.99, ""),
            ("registry number", with_dnr.clone(), vec![], Format::Text, vec![], "diarienummer", 0.99, ""),
            ("OCR reading", with_dnr.clone(), vec![], Format::PdfOcr, vec![PageSignals { ocr: true, ..PageSignals::default() }], "diarienummer", 0.95, "OCR"),
            ("OCR unsure of a word", with_dnr, vec![], Format::PdfOcr, doubtful, "diarienummer", 0.6, "2019/12 (31)"),
            ("a box read clearly", boxes.clone(), vec![], Format::Text, vec![], "areas", 0.99, ""),
            ("a narrow box", weak, vec![], Format::PdfOcr, ocr(), "areas", 0.75, "liten marginal (0,20)"),
            ("an undecided box", undecided, vec![], Format::PdfOcr, ocr(), "areas", 0.4, "gick inte att avgöra"),
            ("no area ticked", doubted(Fields { sections: vec![SectionKind::Report], ..Fields::default() }, "areas", 0.6, "inget verksamhetsområde markerat"), vec![], Format::Text, vec![], "areas", 0.6, "inget verksamhetsområde"),
            ("the law read from the text", doubted(Fields { sol_lss: Some(crate::model::Law::Lss), ..Fields::default() }, "sol_lss", 0.85, "lagen läst ur ärendets text, ingen ruta ikryssad"), vec![], Format::Text, vec![], "sol_lss", 0.85, "ärendets text"),
            ("a repaired name", repaired.clone(), vec![], Format::Text, vec![], "reporter.name", 0.8, "namnet rättat"),
            ("a repaired name leaves the title alone", repaired, vec![], Format::Text, vec![], "reporter.title", 0.99, ""),
            ("a decision without a classification", doubted(Fields { sections: vec![SectionKind::Decision], ..Fields::default() }, "classification", 0.6, "beslutet säger inte vad det rapporterade utgjorde"), vec![], Format::Text, vec![], "classification", 0.6, "beslutet säger inte"),
            ("serious, nothing said of IVO", Fields { classification: Some(crate::model::Classification::Allvarligt), ..Fields::default() }, vec![], Format::Text, vec![], "reported_to_ivo", 0.6, "inget sägs om anmälan"),
        ];
        for (what, fields, flags, format, pages, field, want, why) in rows {
            let got = assess(&Inputs {
                fields: &fields,
                flags: &flags,
                format,
                pages: &pages,
            });
            let a = &got[field];
            assert_eq!(a.value, want, "{what}: {a:?}");
            assert!(
                why.is_empty() || a.reasons.iter().any(|r| r.contains(why)),
                "{what}: {a:?}"
            );
            assert_eq!(got.len(), FIELDS.len(), "{what}");
        }
    }
}
