//! Build the output contract's `CaseRecord` from extracted fields and flags.

use crate::extract::{Fields, Role};
use crate::model::{CaseRecord, DateOut, Flag, Format, Source};

/// What the pipeline knows about the file a case came from.
pub struct FileInfo<'a> {
    pub rel: &'a str,
    pub path: &'a str,
    pub sha256: &'a str,
    pub format: Format,
    pub pages: u32,
    /// What the reading said of each page (for confidence).
    pub signals: &'a [crate::model::PageSignals],
    /// First and last line number of each page.
    pub page_lines: &'a [(u32, u32)],
}

/// A case's id: its file's path under the input root and its number.
pub fn case_id(rel: &str, n: usize) -> String {
    format!("{rel}#{n}")
}

pub fn build(
    file: &FileInfo,
    n: usize,
    line_start: u32,
    line_end: u32,
    mut f: Fields,
    flags: Vec<Flag>,
) -> CaseRecord {
    // Every dated field has its evidence, as the other fields do.
    for role in Role::DATES {
        if let Some(m) = f.primary(role).filter(|m| m.date().is_some()) {
            let ev = crate::model::Evidence {
                line: m.line,
                page: m.page,
                raw: m.raw.trim().to_string(),
                corrected: None,
            };
            f.provenance.entry(role.as_str().to_string()).or_insert(ev);
        }
    }
    let assessed = crate::confidence::assess(&crate::confidence::Inputs {
        fields: &f,
        flags: &flags,
        format: file.format,
        pages: file.signals,
    });
    let confidence = assessed
        .iter()
        .map(|(k, a)| (k.to_string(), a.value))
        .collect();
    let confidence_reasons = assessed
        .into_iter()
        .map(|(k, a)| (k.to_string(), a.reasons))
        .collect();
    let iso = |role: Role| f.date_of(role).map(|d| d.to_string());
    let (reported, received, investigation_started, decided, ivo_notified) = (
        iso(Role::Reported),
        iso(Role::Received),
        iso(Role::InvestigationStarted),
        iso(Role::Decided),
        iso(Role::IvoNotified),
    );
    let dates = f
        .mentions
        .iter()
        .map(|m| DateOut {
            raw: m.raw.clone(),
            date: m.readings.first().map(|r| r.0.to_string()),
            end_date: m.readings.first().and_then(|r| r.1).map(|d| d.to_string()),
            line: m.line,
            year_inferred: m.year_inferred,
            ambiguous: m.ambiguous(),
            readings: if m.ambiguous() {
                m.readings.iter().map(|r| r.0.to_string()).collect()
            } else {
                Vec::new()
            },
            unparsed: m.unparsed,
            role: m.role.map(Role::as_str),
            section: m.section.map(|s| s.as_str()),
        })
        .collect();
    let mut variants: Vec<String> = Vec::new();
    for d in &f.dnr_mentions {
        if !variants.contains(&d.raw) {
            variants.push(d.raw.clone());
        }
    }
    // The record takes the extracted values over: nothing is read from
    // `f` after this point.
    CaseRecord {
        id: case_id(file.rel, n),
        source: Source {
            path: file.path.to_string(),
            sha256: file.sha256.to_string(),
            format: file.format,
            pages: file.pages,
            line_start,
            line_end,
        },
        sections: f.sections,
        diarienummer: f.diarienummer,
        diarienummer_variants: variants,
        board: f.board,
        unit: f.unit,
        reporter: f.reporter,
        investigator: f.investigator,
        decision_maker: f.decision_maker,
        areas: f.areas,
        area_other: f.area_other,
        observed: f.observed,
        reported,
        received,
        investigation_started,
        decided,
        ivo_notified,
        sol_lss: f.sol_lss,
        classification: f.classification,
        reported_to_ivo: f.reported_to_ivo,
        dates,
        flags,
        provenance: f.provenance,
        confidence,
        confidence_reasons,
        page_lines: file.page_lines.to_vec(),
    }
}
