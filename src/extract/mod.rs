//! Extract: one case's lines and sections → `Fields`.
//!
//! Each concept has its own module: `dates` (the date grammar), `timeline`
//! (which date is which event), `checkbox` (box renderings and binding),
//! `diarienummer`, `people`, `outcome` (classification and IVO), and `form`
//! (reading label/value cells of the printed forms). Every value keeps the
//! line it was read from.
//!
//! Each extractor is a function of the case's `CaseView` and of what it
//! needs from another extractor, passed to it, returning its own values as
//! `Found` (the value with its `Evidence`): `diarienummer` → `Registry`,
//! `timeline` (given the registry numbers) → `Timeline`, `checkbox` →
//! `Boxes`, `people` → `People`, `outcome` (given the timeline's mentions)
//! → `Outcome`. `compose` is the one place that builds a case's `Fields`
//! from them and its `provenance` from their evidence.

pub mod checkbox;
mod compose;
pub mod dates;
pub mod diarienummer;
pub mod form;
pub mod names;
pub mod outcome;
pub mod people;
pub mod timeline;

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};

use crate::model::{
    CaseSpan, Evidence, Line, Observed, Official, PageMark, PageSignals, Reporter, SectionKind,
};

pub use compose::compose;

pub use crate::model::Role;

/// One date mention in a case, resolved to calendar dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub raw: String,
    pub line: u32,
    pub page: u32,
    /// Index of the line in the document's lines.
    pub idx: usize,
    /// Byte offset of the mention in its line (0 for a cell read whole).
    pub col: usize,
    /// Valid readings (start, end), preferred first. Empty when unparsed or
    /// when a missing year could not be inferred.
    pub readings: Vec<(Date, Option<Date>)>,
    pub year_inferred: bool,
    pub unparsed: bool,
    pub role: Option<Role>,
    pub section: Option<SectionKind>,
    /// The role was read from a form label (not from running text).
    pub labelled: bool,
    /// A weekday written beside the date, as written.
    pub weekday: Option<(Weekday, String)>,
}

impl Mention {
    pub fn date(&self) -> Option<Date> {
        self.readings.first().map(|r| r.0)
    }
    pub fn ambiguous(&self) -> bool {
        self.readings.len() > 1
    }

    /// What the reading of the mention itself doubts: two valid readings,
    /// a year taken from the case's other dates, a role read from running
    /// text rather than a form's label.
    pub fn doubts(&self) -> Vec<Doubt> {
        let mut out = Vec::new();
        if self.ambiguous() {
            out.push(Doubt {
                cap: 0.6,
                why: format!("datumet {} kan läsas på två sätt", self.raw),
            });
        }
        if self.year_inferred {
            out.push(Doubt {
                cap: 0.8,
                why: format!("året saknas i {}; taget ur ärendets andra datum", self.raw),
            });
        }
        if !self.labelled {
            out.push(Doubt {
                cap: 0.92,
                why: "läst ur löptext, inte ur ett formulärfält".into(),
            });
        }
        out
    }
}

/// A diarienummer as written, with its canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnrMention {
    pub raw: String,
    pub canonical: String,
    pub line: u32,
    pub section: Option<SectionKind>,
}

/// A person's name as signed or written in one place, for name checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    pub role: &'static str,
    pub name: String,
    pub line: u32,
}

/// A checkbox as read: its label, state and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxRead {
    pub label: String,
    pub state: checkbox::BoxState,
    pub line: u32,
}

/// Everything extracted from one case, as `compose` builds it from the
/// extractors' values (and `--corrections` may amend it): what validate,
/// confidence and the record read.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub sections: Vec<SectionKind>,
    pub diarienummer: Option<String>,
    pub dnr_mentions: Vec<DnrMention>,
    pub board: Option<String>,
    pub unit: Option<String>,
    pub reporter: Reporter,
    pub investigator: Official,
    pub decision_maker: Official,
    pub names: Vec<NameUse>,
    /// Names repaired from their other occurrences (as written → repaired).
    pub name_repairs: Vec<(NameUse, String)>,
    pub areas: Vec<crate::model::Area>,
    pub area_other: Option<String>,
    pub area_boxes: Vec<BoxRead>,
    pub sol_lss: Option<crate::model::Law>,
    pub sol_lss_boxes: Vec<BoxRead>,
    pub observed: Observed,
    pub mentions: Vec<Mention>,
    pub classification: Option<crate::model::Classification>,
    pub reported_to_ivo: Option<bool>,
    pub provenance: BTreeMap<String, Evidence>,
    /// What the extractors doubt of a value, under its `provenance` key
    /// (only values with doubts), and of a value they did not find where
    /// the case should give it (`Gap`), under the field's key; the box
    /// lists' doubts are under `areas` and `sol_lss`. A found date's doubts
    /// are its mention's.
    pub doubts: BTreeMap<String, Vec<Doubt>>,
}

impl Fields {
    /// The mention that gives `role` its value: the first with that role in
    /// the order of precedence chosen by `timeline`.
    pub fn primary(&self, role: Role) -> Option<&Mention> {
        timeline::primary(&self.mentions, role)
    }

    pub fn date_of(&self, role: Role) -> Option<Date> {
        self.primary(role).and_then(Mention::date)
    }
}

/// A value an extractor found, with where it was read (the evidence a flag
/// or a confidence points at, and what `provenance` records for its field)
/// and what the extractor itself doubts of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub evidence: Evidence,
    pub doubts: Vec<Doubt>,
}

impl<T> Found<T> {
    /// `value`, read on `line` as `raw` (kept trimmed).
    pub fn at(line: &Line, raw: &str, value: T) -> Self {
        Found {
            value,
            evidence: Evidence::read(line, raw),
            doubts: Vec::new(),
        }
    }

    /// The same value, doubted for `why` down to `cap`.
    pub fn doubted(mut self, cap: f64, why: String) -> Self {
        self.doubts.push(Doubt { cap, why });
        self
    }
}

impl Found<String> {
    /// A text value read on `line` as written: its own evidence.
    pub fn written(line: &Line, value: String) -> Self {
        Found {
            evidence: Evidence::read(line, &value),
            value,
            doubts: Vec::new(),
        }
    }
}

/// What an extractor knows lowers its trust in a value it found: the
/// confidence (in [0, 1]) the value is capped at, and why, in Swedish as
/// the confidence reasons are. `confidence` adds what the extractor cannot
/// know (the medium, the flags, the OCR's own doubts).
#[derive(Debug, Clone, PartialEq)]
pub struct Doubt {
    pub cap: f64,
    pub why: String,
}

impl Doubt {
    pub fn new(cap: f64, why: impl Into<String>) -> Self {
        Doubt {
            cap,
            why: why.into(),
        }
    }
}

/// A value an extractor looked for where the case should give it, and did
/// not find (no registry number, a decision that gives no date): the doubt
/// the absence casts, under the field's key, as a found value carries its
/// own.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub key: &'static str,
    pub doubt: Doubt,
}

impl Gap {
    pub fn new(key: &'static str, cap: f64, why: impl Into<String>) -> Self {
        Gap {
            key,
            doubt: Doubt::new(cap, why),
        }
    }
}

/// The lines of one case with its sections, as extractors see them.
pub struct CaseView<'a> {
    pub lines: &'a [Line],
    pub span: &'a CaseSpan,
    /// The checkboxes read from the page images, on the document's lines.
    pub marks: &'a [LineMark],
}

/// A checkbox read from a page image, placed on the document's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LineMark {
    /// Index of the label's line in the document's lines.
    pub idx: usize,
    pub mark: PageMark,
}

/// The page images' marks (`signals`, one per page) on `lines`, which
/// clean keeps one to one with each page's text.
pub fn marks_on_lines(signals: &[PageSignals], lines: &[Line]) -> Vec<LineMark> {
    let mut out = Vec::new();
    for (p, s) in signals.iter().enumerate() {
        let page = p as u32 + 1;
        let Some(start) = lines.iter().position(|l| l.page == page) else {
            continue;
        };
        for m in &s.marks {
            let idx = start + m.line as usize;
            if lines.get(idx).is_some_and(|l| l.page == page) {
                out.push(LineMark {
                    idx,
                    mark: m.clone(),
                });
            }
        }
    }
    out
}

impl<'a> CaseView<'a> {
    /// Line indices of every section of `kind`.
    pub fn section_ranges(
        &self,
        kind: SectionKind,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.span
            .sections
            .iter()
            .filter(move |s| s.kind == kind)
            .map(|s| s.start..s.end)
    }

    /// The section a line index belongs to.
    pub fn section_of(&self, idx: usize) -> Option<SectionKind> {
        self.span
            .sections
            .iter()
            .find(|s| (s.start..s.end).contains(&idx))
            .map(|s| s.kind)
    }

    pub fn has(&self, kind: SectionKind) -> bool {
        self.span.sections.iter().any(|s| s.kind == kind)
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.span.start..self.span.end
    }
}

/// What each extractor found in one case, before composition.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parts {
    pub registry: diarienummer::Registry,
    pub timeline: timeline::Timeline,
    pub boxes: checkbox::Boxes,
    pub people: people::People,
    pub outcome: outcome::Outcome,
}

/// Extract every field of one case: each extractor reads the view and what
/// it needs of another's values (timeline the registry numbers it masks,
/// outcome the timeline's IVO dates), and `compose` builds the `Fields`.
pub fn extract(lines: &[Line], span: &CaseSpan) -> Fields {
    extract_marked(lines, span, &[])
}

/// Extract one case, reading the checkboxes of `marks` (read from the page
/// images) as values before the glyphs of the text.
pub fn extract_marked(lines: &[Line], span: &CaseSpan, marks: &[LineMark]) -> Fields {
    let view = CaseView { lines, span, marks };
    let registry = diarienummer::extract(&view);
    let timeline = timeline::extract(&view, &registry.mentions);
    let outcome = outcome::extract(&view, &timeline.mentions);
    compose(
        span,
        Parts {
            registry,
            timeline,
            boxes: checkbox::extract(&view),
            people: people::extract(&view),
            outcome,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mention's own doubts: (readings, year inferred, labelled) → caps.
    #[test]
    fn a_mention_doubts_its_readings_year_and_source() {
        type Case = (usize, bool, bool, &'static [f64]);
        let cases: &[Case] = &[
            (1, false, true, &[]),
            (1, false, false, &[0.92]),
            (2, false, true, &[0.6]),
            (1, true, true, &[0.8]),
            (2, true, false, &[0.6, 0.8, 0.92]),
        ];
        let day = jiff::civil::date(2019, 3, 4);
        for &(readings, year_inferred, labelled, caps) in cases {
            let m = Mention {
                raw: "4/3".into(),
                line: 1,
                page: 1,
                idx: 0,
                col: 0,
                readings: (0..readings)
                    .map(|i| (day + jiff::Span::new().days(i as i64), None))
                    .collect(),
                year_inferred,
                unparsed: false,
                role: Some(Role::Decided),
                section: None,
                labelled,
                weekday: None,
            };
            let got: Vec<f64> = m.doubts().iter().map(|d| d.cap).collect();
            assert_eq!(got, caps, "{readings} {year_inferred} {labelled}");
        }
    }

    /// What each extractor finds missing where the case's sections should
    /// give it reaches `Fields::doubts` under the field's key: (document,
    /// the keys with a gap).
    #[test]
    fn gaps_of_the_sections_reach_the_fields() {
        use crate::model::{Document, Format};
        let cases: &[(&str, &[&str])] = &[
            (
                "Beslut enligt delegation\nHär står inget.\n",
                &["classification", "decided", "diarienummer"],
            ),
            (
                "Beslut enligt delegation\nDnr AMN 2019-0289\nBeslut: Inget missförhållande har skett.\nDatum 2021-07-01\n",
                &[],
            ),
            (
                "RAPPORT enligt lex Sarah\nDnr AMN 2019-0289\nVerksamhetsområde där missförhållandet har uppmärksammats\nÄldreomsorg ☐\nJobbtorg ☐\nUppgifter om missförhållandet\n",
                &["areas", "observed", "reported"],
            ),
            (
                "RAPPORT enligt lex Sarah\nDnr AMN 2019-0289\nVerksamhetsområde där missförhållandet har uppmärksammats\nÄldreomsorg ☐\nJobbtorg ☒\nUppgifter om missförhållandet\n",
                &["observed", "reported"],
            ),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let doc = Document {
                signals: Vec::new(),
                decisions: Vec::new(),
                format: Format::Text,
                pages: vec![text.to_string()],
            };
            let lines = crate::clean::clean(&doc);
            let spans = crate::segment::segment(&lines, diarienummer::canonical);
            let f = extract(&lines, &spans[0]);
            // No value found here carries a doubt of its own: every doubt
            // is a gap, at 0.6.
            let got: Vec<&str> = f.doubts.keys().map(String::as_str).collect();
            assert!(
                f.doubts.values().flatten().all(|d| d.cap == 0.6),
                "{text:?}: {:?}",
                f.doubts
            );
            if got != *want {
                failures.push(format!(
                    "{text:?}: expected {want:?}, got {got:?} ({:?})",
                    f.doubts
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
