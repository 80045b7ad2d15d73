//! Swedish labels for the codes the outputs carry (flag rules, severities,
//! classifications, lead times), for the pages a person reads
//! (`report.html`, the stats page). The codes stay the contract of the
//! machine-readable outputs; a page shows the label with the code beside it.
//! Input: a code. Output: its label, or the code itself when it has none.

/// Each flag rule's code and what it means, in Swedish.
pub const RULES: &[(&str, &str)] = &[
    ("date_mismatch", "Datum som inte stämmer överens"),
    ("weekday_mismatch", "Veckodag som inte passar datumet"),
    ("chronology", "Händelser i fel ordning"),
    ("diarienummer_mismatch", "Olika diarienummer i samma ärende"),
    ("name_mismatch", "Namn som inte stämmer överens"),
    ("name_variant", "Stavningsvariant av ett namn"),
    ("ambiguous_date", "Datum som kan läsas på två sätt"),
    ("year_inferred", "Årtal saknas och har antagits"),
    ("unparsed_date", "Datum som inte kan läsas"),
    ("missing_field", "Uppgift som saknas"),
    ("checkbox_conflict", "Kryssrutor som motsäger varandra"),
];

/// Severity codes, most serious first, with their Swedish names (singular).
pub const SEVERITIES: &[(&str, &str)] = &[
    ("error", "Fel"),
    ("warning", "Varning"),
    ("info", "Information"),
];

/// File table statuses (`files.csv`'s `status`) and what each means.
pub const FILE_STATUSES: &[(&str, &str)] = &[
    ("ok", "Läst"),
    ("error", "Kunde inte läsas"),
    ("needs_ocr", "Behöver OCR"),
    ("skipped", "Inget dokument, hoppades över"),
];

/// Classification codes and how the law's text names them.
pub const CLASSIFICATIONS: &[(&str, &str)] = &[
    ("allvarligt_missforhallande", "Allvarligt missförhållande"),
    (
        "risk_allvarligt_missforhallande",
        "Påtaglig risk för allvarligt missförhållande",
    ),
    ("missforhallande", "Missförhållande"),
    ("risk_missforhallande", "Risk för missförhållande"),
    ("inget_missforhallande", "Inget missförhållande"),
];

/// The analyst's lead-time columns and what each measures.
pub const LEAD_TIMES: &[(&str, &str)] = &[
    ("days_observed_to_reported", "Från händelsen till rapporten"),
    (
        "days_reported_to_received",
        "Från rapporten till att den inkom",
    ),
    (
        "days_received_to_investigation_started",
        "Från inkommen rapport till utredningsstart",
    ),
    (
        "days_received_to_decided",
        "Från inkommen rapport till beslut",
    ),
    (
        "days_decided_to_ivo_notified",
        "Från beslut till anmälan till IVO",
    ),
];

fn find(table: &[(&str, &'static str)], code: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// The Swedish label of a rule code (the code itself if unknown).
pub fn rule(code: &str) -> &str {
    find(RULES, code).unwrap_or(code)
}

/// The Swedish name of a severity code (the code itself if unknown).
pub fn severity(code: &str) -> &str {
    find(SEVERITIES, code).unwrap_or(code)
}

/// The Swedish label of a file status code (the code itself if unknown).
pub fn file_status(code: &str) -> &str {
    find(FILE_STATUSES, code).unwrap_or(code)
}

/// The rank of a severity: 0 for errors, 1 warnings, 2 info, 3 unknown.
pub fn severity_rank(code: &str) -> usize {
    SEVERITIES
        .iter()
        .position(|(c, _)| *c == code)
        .unwrap_or(SEVERITIES.len())
}

/// The label of a classification code (the code itself if unknown).
pub fn classification(code: &str) -> &str {
    find(CLASSIFICATIONS, code).unwrap_or(code)
}

/// The label of a lead-time column (the column itself if unknown).
pub fn lead_time(column: &str) -> &str {
    find(LEAD_TIMES, column).unwrap_or(column)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code the tool writes has a label: a new rule, classification
    /// or lead time without one fails here.
    #[test]
    fn every_code_has_a_label() {
        for code in crate::validate::CODES {
            assert_ne!(rule(code), code, "rule {code} has no Swedish label");
        }
        for c in crate::model::Classification::ALL {
            assert_ne!(classification(c.as_str()), c.as_str(), "{c:?}");
        }
        for l in crate::output::analyst::LEAD_TIMES {
            assert_ne!(lead_time(l.column), l.column, "{}", l.column);
        }
        use crate::model::FileStatus;
        for s in [
            FileStatus::Ok,
            FileStatus::Error,
            FileStatus::NeedsOcr,
            FileStatus::Skipped,
        ] {
            assert_ne!(file_status(s.as_str()), s.as_str(), "{s:?}");
        }
        let cases = [
            (file_status("needs_ocr"), "Behöver OCR"),
            (file_status("other"), "other"),
            (severity("error"), "Fel"),
            (severity("warning"), "Varning"),
            (severity("info"), "Information"),
            (severity("other"), "other"),
            (rule("no_such_rule"), "no_such_rule"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        assert!(severity_rank("error") < severity_rank("warning"));
        assert!(severity_rank("warning") < severity_rank("info"));
        assert_eq!(severity_rank("x"), 3);
    }
}
