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

/// A field's value as text: a string as is, a list joined with `|`, null
/// empty, anything else as JSON.
pub fn field_value(rec: &serde_json::Value, field: &str) -> String {
    let pointer = format!("/{}", field.replace('.', "/"));
    match rec.pointer(&pointer) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("|"),
        Some(serde_json::Value::Object(o)) => o
            .get("date")
            .and_then(|d| d.as_str())
            .map(|d| match o.get("end_date").and_then(|e| e.as_str()) {
                Some(e) if e != d => format!("{d}/{e}"),
                _ => d.to_string(),
            })
            .unwrap_or_default(),
        Some(v) => v.to_string(),
    }
}

/// The rows of `rec` to review at cut `below`, in the order of its fields.
pub fn rows(rec: &CaseRecord, below: f64) -> Vec<ReviewRow> {
    let json = serde_json::to_value(rec).expect("a record always serializes");
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
            value: field_value(&json, field),
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

    #[test]
    fn values_as_text() {
        let rec = serde_json::json!({
            "diarienummer": "SN 2019/12",
            "areas": ["Jobbtorg", "Äldreomsorg"],
            "observed": {"date": "2019-03-01", "end_date": "2019-03-04"},
            "reported": null,
            "reported_to_ivo": false,
            "reporter": {"name": "Eva Grahn"},
        });
        let cases = [
            ("diarienummer", "SN 2019/12"),
            ("areas", "Jobbtorg|Äldreomsorg"),
            ("observed", "2019-03-01/2019-03-04"),
            ("reported", ""),
            ("received", ""),
            ("reported_to_ivo", "false"),
            ("reporter.name", "Eva Grahn"),
        ];
        for (field, want) in cases {
            assert_eq!(field_value(&rec, field), want, "{field}");
        }
    }
}
