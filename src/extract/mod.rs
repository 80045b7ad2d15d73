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

use crate::model::{CaseSpan, Evidence, Line, Observed, Official, Reporter, SectionKind};

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

/// A value an extractor found, with where it was read: the evidence a flag
/// or a confidence points at, and what `provenance` records for its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    pub evidence: Evidence,
}

impl<T> Found<T> {
    /// `value`, read on `line` as `raw` (kept trimmed).
    pub fn at(line: &Line, raw: &str, value: T) -> Self {
        Found {
            value,
            evidence: Evidence::read(line, raw),
        }
    }
}

impl Found<String> {
    /// A text value read on `line` as written: its own evidence.
    pub fn written(line: &Line, value: String) -> Self {
        Found {
            evidence: Evidence::read(line, &value),
            value,
        }
    }
}

/// The lines of one case with its sections, as extractors see them.
pub struct CaseView<'a> {
    pub lines: &'a [Line],
    pub span: &'a CaseSpan,
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    let view = CaseView { lines, span };
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
