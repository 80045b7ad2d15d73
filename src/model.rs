//! The typed values that flow through the pipeline, stage by stage.
//!
//! `Document` (ingest) → `Line`s (clean) → `CaseSpan`s (segment) → `Fields`
//! (extract) → `Flag`s (validate) → `CaseRecord` and `FileRow` (output).
//! Everything that is serialized uses ordered containers so output is
//! deterministic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a document's text was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "pdf")]
    Pdf,
    #[serde(rename = "pdf+ocr")]
    PdfOcr,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Pdf => "pdf",
            Format::PdfOcr => "pdf+ocr",
        }
    }
}

/// A document as read from disk: its text, page by page.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    /// One entry per page; a text dump is one page.
    pub pages: Vec<String>,
    /// What the reading said of each page's quality (OCR words and boxes it
    /// was unsure of), one per page when known, else empty.
    pub signals: Vec<PageSignals>,
    /// How each page of a PDF was read and why (`text layer`, `OCR (no
    /// text layer)`), one per page; empty for a text dump.
    pub decisions: Vec<String>,
}

/// One line of clean text with its provenance. Line numbers count from 1
/// over the whole document (all pages), so evidence can point at them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: u32,
    pub page: u32,
    pub text: String,
}

impl Line {
    /// Lines numbered from 1 on page 1, one per text (for tests and fuzzing).
    pub fn numbered(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                no: i as u32 + 1,
                page: 1,
                text: t.to_string(),
            })
            .collect()
    }
}

/// The kinds of paper in a lex Sarah case, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Report,
    Investigation,
    Decision,
    IvoNotification,
    BoardMemo,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Report => "report",
            SectionKind::Investigation => "investigation",
            SectionKind::Decision => "decision",
            SectionKind::IvoNotification => "ivo_notification",
            SectionKind::BoardMemo => "board_memo",
        }
    }
}

/// A section: a half-open range of indices into the document's lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub start: usize,
    pub end: usize,
}

/// One case found in a document: its line range and its sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSpan {
    pub start: usize,
    pub end: usize,
    pub sections: Vec<Section>,
}

/// Where a value was read: line number, page and the raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub line: u32,
    pub page: u32,
    pub raw: String,
    /// Set when a correction (`--corrections`) gave the value: the value
    /// and the correction's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
}

impl Evidence {
    /// What was read on `line`, as `raw` (trimmed).
    pub fn read(line: &Line, raw: &str) -> Self {
        Evidence {
            line: line.no,
            page: line.page,
            raw: raw.trim().to_string(),
            corrected: None,
        }
    }
}

/// An area of activity (the report form's list), written as its name
/// (`Äldreomsorg`, `Vuxen/Missbruk`, …) in every output. Its language (the
/// patterns that find it, the form's printed label, the words OCR reads)
/// is in `vocab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Aldreomsorg,
    Funktionsnedsattning,
    Socialpsykiatri,
    VuxenMissbruk,
    BarnOchUngdom,
    EkonomisktBistand,
    Jobbtorg,
    Kvinnojoursverksamhet,
}

impl Area {
    /// In the form's order.
    pub const ALL: [Area; 8] = [
        Area::Aldreomsorg,
        Area::Funktionsnedsattning,
        Area::Socialpsykiatri,
        Area::VuxenMissbruk,
        Area::BarnOchUngdom,
        Area::EkonomisktBistand,
        Area::Jobbtorg,
        Area::Kvinnojoursverksamhet,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Area::Aldreomsorg => "Äldreomsorg",
            Area::Funktionsnedsattning => "Funktionsnedsättning",
            Area::Socialpsykiatri => "Socialpsykiatri",
            Area::VuxenMissbruk => "Vuxen/Missbruk",
            Area::BarnOchUngdom => "Barn och ungdom",
            Area::EkonomisktBistand => "Ekonomiskt bistånd",
            Area::Jobbtorg => "Jobbtorg",
            Area::Kvinnojoursverksamhet => "Kvinnojoursverksamhet",
        }
    }

    /// An area by its name, in any case, blanks around it ignored.
    pub fn from_name(name: &str) -> Option<Area> {
        let n = name.trim().to_lowercase();
        Area::ALL.into_iter().find(|a| a.name().to_lowercase() == n)
    }
}

/// Areas as the CSV and SQLite columns write them: names joined by `|`.
pub fn join_areas(areas: &[Area]) -> String {
    areas.iter().map(|a| a.name()).collect::<Vec<_>>().join("|")
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Area {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl PartialEq<&str> for Area {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// The law the activity is under (the form's SoL/LSS boxes), written as
/// today's strings `SoL` and `LSS` in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Law {
    /// Socialtjänstlagen.
    SoL,
    /// Lagen om stöd och service till vissa funktionshindrade.
    Lss,
}

impl Law {
    pub const fn as_str(self) -> &'static str {
        match self {
            Law::SoL => "SoL",
            Law::Lss => "LSS",
        }
    }

    /// A box label or a value typed by hand, in any case.
    pub fn from_label(label: &str) -> Option<Law> {
        if label.eq_ignore_ascii_case("sol") {
            Some(Law::SoL)
        } else if label.eq_ignore_ascii_case("lss") {
            Some(Law::Lss)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Law {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Law {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Law {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What the decision found the reported matter to be (the outcome
/// options of the forms), written as its code in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classification {
    /// Inget missförhållande.
    Inget,
    /// Risk för missförhållande.
    Risk,
    /// Missförhållande.
    Missforhallande,
    /// Risk för allvarligt missförhållande.
    RiskAllvarligt,
    /// Allvarligt missförhållande.
    Allvarligt,
}

impl Classification {
    pub const ALL: [Classification; 5] = [
        Classification::Inget,
        Classification::Risk,
        Classification::Missforhallande,
        Classification::RiskAllvarligt,
        Classification::Allvarligt,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Classification::Inget => "inget_missforhallande",
            Classification::Risk => "risk_missforhallande",
            Classification::Missforhallande => "missforhallande",
            Classification::RiskAllvarligt => "risk_allvarligt_missforhallande",
            Classification::Allvarligt => "allvarligt_missforhallande",
        }
    }

    /// Serious (allvarligt or its risk): reported to IVO.
    pub const fn serious(self) -> bool {
        matches!(
            self,
            Classification::RiskAllvarligt | Classification::Allvarligt
        )
    }

    pub fn from_code(code: &str) -> Option<Classification> {
        Classification::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

impl std::fmt::Display for Classification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Classification {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Classification {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The code of a flag: one per rule of `validate`, written as its
/// snake_case name in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagCode {
    DateMismatch,
    WeekdayMismatch,
    Chronology,
    DiarienummerMismatch,
    NameMismatch,
    NameVariant,
    AmbiguousDate,
    YearInferred,
    UnparsedDate,
    MissingField,
    CheckboxConflict,
}

impl FlagCode {
    /// Every code, in the order the rules run.
    pub const ALL: [FlagCode; 11] = [
        FlagCode::DateMismatch,
        FlagCode::WeekdayMismatch,
        FlagCode::Chronology,
        FlagCode::DiarienummerMismatch,
        FlagCode::NameMismatch,
        FlagCode::NameVariant,
        FlagCode::AmbiguousDate,
        FlagCode::YearInferred,
        FlagCode::UnparsedDate,
        FlagCode::MissingField,
        FlagCode::CheckboxConflict,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            FlagCode::DateMismatch => "date_mismatch",
            FlagCode::WeekdayMismatch => "weekday_mismatch",
            FlagCode::Chronology => "chronology",
            FlagCode::DiarienummerMismatch => "diarienummer_mismatch",
            FlagCode::NameMismatch => "name_mismatch",
            FlagCode::NameVariant => "name_variant",
            FlagCode::AmbiguousDate => "ambiguous_date",
            FlagCode::YearInferred => "year_inferred",
            FlagCode::UnparsedDate => "unparsed_date",
            FlagCode::MissingField => "missing_field",
            FlagCode::CheckboxConflict => "checkbox_conflict",
        }
    }
}

impl std::fmt::Display for FlagCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FlagCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for FlagCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// An inconsistency or doubt about a record, with the lines to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub code: FlagCode,
    pub severity: Severity,
    pub message: String,
    pub lines: Vec<u32>,
    /// The raw text of each evidence line, in the order of `lines`.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reporter {
    pub name: Option<String>,
    pub title: Option<String>,
    pub workplace: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Official {
    pub name: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observed {
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub weekday: Option<String>,
    pub time: Option<String>,
    pub raw: Option<String>,
}

/// One date mention as written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateOut {
    pub raw: String,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub line: u32,
    pub year_inferred: bool,
    pub ambiguous: bool,
    /// Every valid reading of an ambiguous date (ISO), preferred first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
    pub unparsed: bool,
    /// The event this mention dates, when the form says so.
    pub role: Option<&'static str>,
    pub section: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub format: Format,
    pub pages: u32,
    pub line_start: u32,
    pub line_end: u32,
}

/// The output contract: one JSON object per case in `cases.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseRecord {
    pub id: String,
    pub source: Source,
    pub sections: Vec<SectionKind>,
    pub diarienummer: Option<String>,
    pub diarienummer_variants: Vec<String>,
    pub board: Option<String>,
    pub unit: Option<String>,
    pub reporter: Reporter,
    pub investigator: Official,
    pub decision_maker: Official,
    pub areas: Vec<Area>,
    pub area_other: Option<String>,
    pub observed: Observed,
    pub reported: Option<String>,
    pub received: Option<String>,
    pub investigation_started: Option<String>,
    pub decided: Option<String>,
    pub ivo_notified: Option<String>,
    pub sol_lss: Option<Law>,
    pub classification: Option<Classification>,
    pub reported_to_ivo: Option<bool>,
    pub dates: Vec<DateOut>,
    pub flags: Vec<Flag>,
    /// Where each field was read: field name → evidence.
    pub provenance: BTreeMap<String, Evidence>,
    /// How far each field can be trusted, 0 to 1 (see `confidence`).
    pub confidence: BTreeMap<String, f64>,
    /// Why each field's confidence is not higher (empty when nothing
    /// lowered it).
    pub confidence_reasons: BTreeMap<String, Vec<String>>,
    /// The first and last line number of each page of the file (index =
    /// page - 1), to place a line on its page; not written out.
    #[serde(skip)]
    pub page_lines: Vec<(u32, u32)>,
}

/// Status of one input entry in `files.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Ok,
    Error,
    Skipped,
    NeedsOcr,
}

impl FileStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Ok => "ok",
            FileStatus::Error => "error",
            FileStatus::Skipped => "skipped",
            FileStatus::NeedsOcr => "needs_ocr",
        }
    }
}

/// One row of `files.csv`: every entry seen under the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRow {
    pub path: String,
    pub sha256: Option<String>,
    pub format: Option<Format>,
    pub pages: Option<u32>,
    pub cases: u32,
    pub status: FileStatus,
    pub message: String,
}

/// What the reading of one page says of its own quality.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSignals {
    /// Read by OCR (not from a text layer or a text dump).
    pub ocr: bool,
    /// The page image at `ingest::ocr::THUMB_DPI`, as a binary PGM, when
    /// this process read it by OCR (not from the cache): the review page's
    /// crops come from it.
    pub thumb: Option<std::sync::Arc<[u8]>>,
    /// Words Tesseract read with a confidence below `LOW_WORD_CONF`,
    /// lower-cased, with that confidence (0 to 100).
    pub doubtful_words: Vec<(String, f32)>,
    /// The checkboxes found on the page image (decided or not), as values:
    /// the only way extract learns of them, as OCR's text carries no glyph
    /// for them.
    pub marks: Vec<PageMark>,
}

/// What a checkbox read from a page image belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// The report form's list of areas of activity.
    Area,
    /// The investigation's `SoL LSS` pair.
    Law,
    /// A "Förslag till beslut" option.
    Option,
}

/// A checkbox's state as the page image showed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tick {
    Ticked,
    Empty,
    Undecided,
}

/// One checkbox read from a page image, as a value: where (its line within
/// the page's text), which label, what the image showed and how surely.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMark {
    pub kind: MarkKind,
    /// The label as printed (`Jobbtorg`, `SoL`).
    pub label: String,
    pub state: Tick,
    /// Interior darkness of the box, 0 paper to 1 ink.
    pub ink: Option<f32>,
    /// The reader's margin, 0 to 1 (0 when undecided).
    pub confidence: f32,
    /// Index (from 0) of the label's line within the page's text.
    pub line: u32,
}

/// A review row's crop as PNG, cut from its page's OCR image: the row is
/// named by page and line.
#[derive(Debug, Clone, PartialEq)]
pub struct Crop {
    pub page: u32,
    pub line: u32,
    pub png: std::sync::Arc<[u8]>,
}

/// A box decided with a confidence (its ink's margin from the thresholds,
/// 0 to 1) below this is a narrow call.
pub const WEAK_BOX: f32 = 0.5;

/// Tesseract word confidence (0–100) below which a word is doubtful.
pub const LOW_WORD_CONF: f32 = 60.0;

/// The event a date mention stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Observed,
    Reported,
    Received,
    InvestigationStarted,
    Decided,
    IvoNotified,
}

impl Role {
    /// Every event, in the order of a case.
    pub const ALL: [Role; 6] = [
        Role::Observed,
        Role::Reported,
        Role::Received,
        Role::InvestigationStarted,
        Role::Decided,
        Role::IvoNotified,
    ];

    /// The events whose record field is one ISO date (`observed` is an
    /// object of its own).
    pub const DATES: [Role; 5] = [
        Role::Reported,
        Role::Received,
        Role::InvestigationStarted,
        Role::Decided,
        Role::IvoNotified,
    ];

    /// The event a record field names (`decided` → `Decided`).
    pub fn from_field(field: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == field)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Observed => "observed",
            Role::Reported => "reported",
            Role::Received => "received",
            Role::InvestigationStarted => "investigation_started",
            Role::Decided => "decided",
            Role::IvoNotified => "ivo_notified",
        }
    }
    /// Swedish name of the event, for flag messages.
    pub fn swedish(self) -> &'static str {
        match self {
            Role::Observed => "händelsen uppmärksammades",
            Role::Reported => "rapporten skrevs",
            Role::Received => "rapporten inkom",
            Role::InvestigationStarted => "utredningen inleddes",
            Role::Decided => "beslutet fattades",
            Role::IvoNotified => "anmälan till IVO gjordes",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn law_codes() {
        let cases = [
            ("SoL", Some(Law::SoL)),
            ("sol", Some(Law::SoL)),
            ("SOL", Some(Law::SoL)),
            ("LSS", Some(Law::Lss)),
            ("lss", Some(Law::Lss)),
            ("HSL", None),
            ("", None),
            ("SoL LSS", None),
        ];
        for (label, want) in cases {
            assert_eq!(Law::from_label(label), want, "{label:?}");
        }
        // Written as today's strings.
        assert_eq!(
            serde_json::to_string(&vec![Area::Jobbtorg, Area::VuxenMissbruk]).unwrap(),
            "[\"Jobbtorg\",\"Vuxen/Missbruk\"]"
        );
        assert_eq!(
            Area::from_name(" vuxen/missbruk "),
            Some(Area::VuxenMissbruk)
        );
        assert_eq!(Area::from_name("ÄLDREOMSORG"), Some(Area::Aldreomsorg));
        assert_eq!(Area::from_name("Hemtjänst"), None);
        assert_eq!(serde_json::to_string(&Law::Lss).unwrap(), "\"LSS\"");
        assert_eq!(serde_json::to_string(&Some(Law::SoL)).unwrap(), "\"SoL\"");
        assert_eq!(Law::SoL.to_string(), "SoL");
        assert!(Law::Lss == "LSS");
    }
}
