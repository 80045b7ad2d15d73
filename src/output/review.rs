//! The review list: the fields a person should look at, one row each.
//!
//! Input: a finished `CaseRecord`. Output: a row for every field whose
//! confidence is below the cut (`--review-below`, default 0.9) or whose
//! evidence line an error flag names, with where to look (page, line), the
//! value, the confidence, its reasons and the evidence text. Written to
//! `OUT/review.csv`, the SQLite table `review`, and `OUT/review.html`.

use crate::model::{CaseRecord, Severity};

/// The default cut below which a field goes to review.
pub const DEFAULT_REVIEW_BELOW: f64 = 0.9;

/// The index of `confidence` in `REVIEW_COLUMNS` (a decimal number).
pub const CONFIDENCE_COLUMN: usize = 6;

pub const REVIEW_COLUMNS: &[&str] = &[
    "case_id",
    "file",
    "page",
    "line",
    "field",
    "value",
    "confidence",
    "reasons",
    "evidence",
];

/// One field to review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub case_id: String,
    pub file: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
    pub field: String,
    pub value: String,
    pub confidence: f64,
    pub reasons: Vec<String>,
    pub evidence: String,
}

impl ReviewRow {
    pub fn cells(&self) -> Vec<String> {
        let opt = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        vec![
            self.case_id.clone(),
            self.file.clone(),
            opt(self.page),
            opt(self.line),
            self.field.clone(),
            self.value.clone(),
            format!("{:.2}", self.confidence),
            self.reasons.join("; "),
            self.evidence.clone(),
        ]
    }
}

/// A field's value as text, as the correction file takes it: a string as
/// is, a list joined with `|`, an observed range `a/b`, a yes/no as the
/// CSV files write it (`1`/`0`), null empty.
pub fn field_value(rec: &CaseRecord, field: &str) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    match field {
        "diarienummer" => opt(&rec.diarienummer),
        "observed" => match (&rec.observed.date, &rec.observed.end_date) {
            (Some(d), Some(e)) if e != d => format!("{d}/{e}"),
            (d, _) => opt(d),
        },
        "reported" => opt(&rec.reported),
        "received" => opt(&rec.received),
        "investigation_started" => opt(&rec.investigation_started),
        "decided" => opt(&rec.decided),
        "ivo_notified" => opt(&rec.ivo_notified),
        "areas" => crate::model::join_areas(&rec.areas),
        "sol_lss" => rec
            .sol_lss
            .map(|l| l.as_str())
            .unwrap_or_default()
            .to_string(),
        "classification" => rec
            .classification
            .map(|c| c.as_str())
            .unwrap_or_default()
            .to_string(),
        "reported_to_ivo" => super::tables::bool_cell(rec.reported_to_ivo),
        "reporter.name" => opt(&rec.reporter.name),
        "reporter.title" => opt(&rec.reporter.title),
        "investigator.name" => opt(&rec.investigator.name),
        "decision_maker.name" => opt(&rec.decision_maker.name),
        _ => String::new(),
    }
}

/// The rows of `rec` to review at cut `below`, in the order of its fields.
pub fn rows(rec: &CaseRecord, below: f64) -> Vec<ReviewRow> {
    let mut out = Vec::new();
    for (field, &confidence) in &rec.confidence {
        let ev = rec.provenance.get(field);
        let error_flag = ev.is_some_and(|e| {
            rec.flags.iter().any(|f| {
                f.severity == Severity::Error
                    && f.lines.contains(&e.line)
                    && crate::confidence::flag_concerns(f.code, field)
            })
        });
        if confidence >= below && !error_flag {
            continue;
        }
        out.push(ReviewRow {
            case_id: rec.id.clone(),
            file: rec.source.path.clone(),
            page: ev.map(|e| e.page),
            line: ev.map(|e| e.line),
            field: field.clone(),
            value: field_value(rec, field),
            confidence,
            reasons: rec
                .confidence_reasons
                .get(field)
                .cloned()
                .unwrap_or_default(),
            evidence: ev.map(|e| e.raw.clone()).unwrap_or_default(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of the confidence list has a text value, as the JSON
    /// record writes it.
    #[test]
    fn values_as_text() {
        let mut f = crate::extract::Fields {
            diarienummer: Some("SN 2019/12".into()),
            areas: vec![
                crate::model::Area::Jobbtorg,
                crate::model::Area::Aldreomsorg,
            ],
            reported_to_ivo: Some(false),
            classification: Some(crate::model::Classification::Risk),
            ..Default::default()
        };
        f.observed.date = Some("2019-03-01".into());
        f.observed.end_date = Some("2019-03-04".into());
        f.reporter.name = Some("Eva Grahn".into());
        let info = crate::output::record::FileInfo {
            rel: "a.txt",
            path: "a.txt",
            sha256: "0",
            format: crate::model::Format::Text,
            pages: 1,
            signals: &[],
            page_lines: &[],
        };
        let rec = crate::output::record::build(&info, 1, 1, 1, f, vec![]);
        let cases = [
            ("diarienummer", "SN 2019/12"),
            ("areas", "Jobbtorg|Äldreomsorg"),
            ("observed", "2019-03-01/2019-03-04"),
            ("reported", ""),
            ("received", ""),
            ("reported_to_ivo", "0"),
            ("reporter.name", "Eva Grahn"),
            ("classification", "risk_missforhallande"),
        ];
        for (field, want) in cases {
            assert_eq!(field_value(&rec, field), want, "{field}");
        }
        for field in crate::confidence::FIELDS {
            let _ = field_value(&rec, field);
        }
    }
}

/// A review row with what its crop needs: the source PDF and where on the
/// page the evidence line sits (a fraction of the page's lines).
#[derive(Debug, Clone)]
pub struct Placed {
    pub row: ReviewRow,
    pub scan: Option<(std::path::PathBuf, f64)>,
}

/// The rows of `rec` to review, each placed on its page when the page was
/// read by OCR (its crop comes from the page image).
pub fn placed(rec: &CaseRecord, below: f64) -> Vec<Placed> {
    rows(rec, below)
        .into_iter()
        .map(|row| {
            let scan = (rec.source.format == crate::model::Format::PdfOcr)
                .then(|| {
                    let (page, line) = (row.page?, row.line?);
                    let &(first, last) = rec.page_lines.get((page as usize).checked_sub(1)?)?;
                    let span = f64::from(last.saturating_sub(first) + 1);
                    let at = f64::from(line.saturating_sub(first)) / span;
                    Some((std::path::PathBuf::from(&rec.source.path), at))
                })
                .flatten();
            Placed { row, scan }
        })
        .collect()
}
