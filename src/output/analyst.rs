//! The analyst's columns of `cases.csv`, written after the contract columns
//! so their positions never move: the observed date's year and month, lead
//! times in days between the case's steps, one 0/1 column per area, and the
//! number of flags by severity.
//!
//! Input: a `CaseRecord`. Output: one cell per column of `ANALYST_COLUMNS`.
//! A cell that needs a missing date is empty, never zero. The same numbers
//! feed `lexsarah stats`, so the page and the CSV cannot disagree.

use jiff::civil::Date;

use crate::model::Area;
use crate::model::{CaseRecord, Severity};

/// One lead time: its column, the two steps it spans.
pub struct LeadTime {
    pub column: &'static str,
    pub from: fn(&CaseRecord) -> Option<&str>,
    pub to: fn(&CaseRecord) -> Option<&str>,
}

/// The lead times analysts ask for, in the order of the case's steps.
pub const LEAD_TIMES: &[LeadTime] = &[
    LeadTime {
        column: "days_observed_to_reported",
        from: |r| r.observed.date.as_deref(),
        to: |r| r.reported.as_deref(),
    },
    LeadTime {
        column: "days_reported_to_received",
        from: |r| r.reported.as_deref(),
        to: |r| r.received.as_deref(),
    },
    LeadTime {
        column: "days_received_to_investigation_started",
        from: |r| r.received.as_deref(),
        to: |r| r.investigation_started.as_deref(),
    },
    LeadTime {
        column: "days_received_to_decided",
        from: |r| r.received.as_deref(),
        to: |r| r.decided.as_deref(),
    },
    LeadTime {
        column: "days_decided_to_ivo_notified",
        from: |r| r.decided.as_deref(),
        to: |r| r.ivo_notified.as_deref(),
    },
];

/// One column per area of `model::Area::ALL`, in the same order.
pub const AREA_COLUMNS: &[&str] = &[
    "area_aldreomsorg",
    "area_funktionsnedsattning",
    "area_socialpsykiatri",
    "area_vuxen_missbruk",
    "area_barn_och_ungdom",
    "area_ekonomiskt_bistand",
    "area_jobbtorg",
    "area_kvinnojoursverksamhet",
];

const SEVERITY_COLUMNS: &[(&str, Severity)] = &[
    ("flags_error", Severity::Error),
    ("flags_warning", Severity::Warning),
    ("flags_info", Severity::Info),
];

/// The analyst's column names, in order.
pub fn columns() -> Vec<&'static str> {
    let mut c = vec!["observed_year", "observed_month"];
    c.extend(LEAD_TIMES.iter().map(|l| l.column));
    c.extend(AREA_COLUMNS);
    c.extend(SEVERITY_COLUMNS.iter().map(|(c, _)| *c));
    c
}

/// Days from `from` to `to` (negative when out of order); None when either
/// date is missing or not an ISO date.
pub fn days_between(from: Option<&str>, to: Option<&str>) -> Option<i64> {
    let from: Date = from?.parse().ok()?;
    let to: Date = to?.parse().ok()?;
    to.since(from).ok().map(|s| i64::from(s.get_days()))
}

/// Year and month (1–12) of the observed date.
pub fn observed_year_month(r: &CaseRecord) -> Option<(i16, i8)> {
    let d: Date = r.observed.date.as_deref()?.parse().ok()?;
    Some((d.year(), d.month()))
}

/// The analyst's cells for one record, in the order of `columns()`.
pub fn cells(r: &CaseRecord) -> Vec<String> {
    let mut out = Vec::with_capacity(columns().len());
    let ym = observed_year_month(r);
    out.push(ym.map(|(y, _)| y.to_string()).unwrap_or_default());
    out.push(ym.map(|(_, m)| m.to_string()).unwrap_or_default());
    for l in LEAD_TIMES {
        let days = days_between((l.from)(r), (l.to)(r));
        out.push(days.map(|d| d.to_string()).unwrap_or_default());
    }
    for area in Area::ALL {
        let ticked = r.areas.contains(&area);
        out.push(super::tables::bool_cell(Some(ticked)));
    }
    for (_, sev) in SEVERITY_COLUMNS {
        let n = r.flags.iter().filter(|f| f.severity == *sev).count();
        out.push(n.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_area_column_per_area() {
        assert_eq!(AREA_COLUMNS.len(), Area::ALL.len());
        for (col, area) in AREA_COLUMNS.iter().zip(Area::ALL) {
            let slug: String = area
                .name()
                .to_lowercase()
                .chars()
                .map(|c| match c {
                    'å' | 'ä' => 'a',
                    'ö' => 'o',
                    c if c.is_alphanumeric() => c,
                    _ => '_',
                })
                .collect();
            assert_eq!(*col, format!("area_{slug}"));
        }
    }

    #[test]
    fn days_between_table() {
        let cases = [
            (Some("2019-03-01"), Some("2019-03-05"), Some(4)),
            (Some("2019-12-31"), Some("2020-01-01"), Some(1)),
            (Some("2020-02-28"), Some("2020-03-01"), Some(2)),
            (Some("2019-03-05"), Some("2019-03-01"), Some(-4)),
            (None, Some("2019-03-01"), None),
            (Some("2019-03-01"), None, None),
            (Some("2019-12-k"), Some("2019-12-01"), None),
        ];
        for (a, b, want) in cases {
            assert_eq!(days_between(a, b), want, "{a:?} → {b:?}");
        }
    }
}
