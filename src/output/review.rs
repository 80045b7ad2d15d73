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

/// A confidence as the Swedish page writes it: two decimals after a
/// comma (`0,60`).
pub(crate) fn decimal_comma(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::review_html::html;

    /// A record of an OCR-read file with one field to review, on page 2
    /// line 15 of a file whose page 2 holds lines 11 to 20.
    fn ocr_record() -> CaseRecord {
        let info = crate::output::record::FileInfo {
            rel: "skanning.pdf",
            path: "/nowhere/skanning.pdf",
            sha256: "0",
            format: crate::model::Format::PdfOcr,
            pages: 2,
            signals: &[],
            page_lines: &[(1, 10), (11, 20)],
        };
        let mut rec = crate::output::record::build(
            &info,
            1,
            1,
            20,
            crate::extract::Fields::default(),
            vec![],
        );
        rec.confidence.insert("diarienummer".into(), 0.5);
        rec.provenance.insert(
            "diarienummer".into(),
            crate::model::Evidence {
                line: 15,
                page: 2,
                raw: "Dnr SN 2019/12".into(),
                corrected: None,
            },
        );
        rec
    }

    #[test]
    fn crops_are_cut_from_the_page_images_this_run_read() {
        let rec = ocr_record();
        // Page 2's image: white above its middle, black below.
        let mut page = crate::ingest::pgm::GrayImage::filled(10, 100, 255);
        for y in 50..100 {
            for x in 0..10 {
                page.set(x, y, 0);
            }
        }
        let signals = |thumb: Option<crate::ingest::pgm::GrayImage>| {
            vec![
                crate::model::PageSignals::default(),
                crate::model::PageSignals {
                    ocr: true,
                    thumb: thumb.map(|t| t.to_pgm().into()),
                    ..Default::default()
                },
            ]
        };
        let got = crops(
            std::slice::from_ref(&rec),
            &signals(Some(page.clone())),
            0.9,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].page, got[0].line), (2, 15));
        // Line 15 is the fifth of page 2's ten lines (at 0.4): the band
        // from 0.32 to 0.52.
        let want = page.band(0.32, 0.52).to_png().unwrap();
        assert_eq!(&got[0].png[..], &want[..]);
        // Nothing to review above the threshold, no image from a cache hit.
        assert!(crops(std::slice::from_ref(&rec), &signals(Some(page)), 0.4).is_empty());
        assert!(crops(std::slice::from_ref(&rec), &signals(None), 0.9).is_empty());
    }

    #[test]
    fn the_page_uses_a_cut_crop_without_rasterising() {
        let rec = ocr_record();
        let mut rows = placed(&rec, 0.9);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].scan.is_some(), "placed on its page");
        // The PDF does not exist: only a crop already cut can be shown.
        let without = html(&rows, 0.9);
        assert!(without.contains("ingen bild"), "{without}");
        rows[0].crop = Some(std::sync::Arc::from(&b"\x89PNG-bytes"[..]));
        let with = html(&rows, 0.9);
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG-bytes");
        assert!(
            with.contains(&format!("data:image/png;base64,{b64}")),
            "{with}"
        );
        assert!(!with.contains("ingen bild"));
    }

    /// The page is Swedish: files counted in their number, decimal commas.
    #[test]
    fn the_page_counts_files_and_writes_decimal_commas() {
        let row = |file: &str| Placed {
            row: ReviewRow {
                case_id: format!("{file}#1"),
                file: file.into(),
                page: None,
                line: Some(3),
                field: "decided".into(),
                value: "2019-03-04".into(),
                confidence: 0.6,
                reasons: vec!["läst med OCR".into()],
                evidence: "Beslut 2019-03-04".into(),
            },
            scan: None,
            crop: None,
        };
        let cases = [
            (
                vec![row("a.txt")],
                "<p>1 fält i 1 fil: konfidens under 0,90 ",
            ),
            (
                vec![row("a.txt"), row("b.txt")],
                "<p>2 fält i 2 filer: konfidens under 0,90 ",
            ),
        ];
        for (rows, want) in cases {
            let page = html(&rows, 0.9);
            assert!(page.contains(want), "{want}");
            assert!(page.contains("<td class=\"conf\">0,60</td>"));
        }
    }

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
    /// The crop, when it was cut from the page image as the file was read
    /// (else `html` rasterises it from the PDF).
    pub crop: Option<std::sync::Arc<[u8]>>,
}

pub use crate::model::Crop;

use super::review_html::MAX_CROPS;

/// Where the band of a crop starts and ends, as fractions of the page
/// height, around the place `at` of its evidence line.
pub(crate) fn band(at: f64) -> (f64, f64) {
    (at - 0.08, at + 0.12)
}

/// The crops of the review rows (below `below`) of `records` whose pages
/// were read by OCR in this process (`signals` carry their images), one per
/// page and line; at most `MAX_CROPS`.
pub fn crops(
    records: &[CaseRecord],
    signals: &[crate::model::PageSignals],
    below: f64,
) -> Vec<Crop> {
    let mut out: Vec<Crop> = Vec::new();
    if signals.iter().all(|s| s.thumb.is_none()) {
        return out;
    }
    for rec in records {
        for p in placed(rec, below) {
            let (Some((_, at)), Some(page), Some(line)) = (p.scan, p.row.page, p.row.line) else {
                continue;
            };
            if out.len() >= MAX_CROPS || out.iter().any(|c| c.page == page && c.line == line) {
                continue;
            }
            let Some(thumb) = signals
                .get((page as usize).wrapping_sub(1))
                .and_then(|s| s.thumb.as_ref())
                .and_then(|pgm| crate::ingest::pgm::parse(pgm).ok())
            else {
                continue;
            };
            let (top, bottom) = band(at);
            if let Ok(png) = thumb.band(top, bottom).to_png() {
                out.push(Crop {
                    page,
                    line,
                    png: png.into(),
                });
            }
        }
    }
    out
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
            Placed {
                row,
                scan,
                crop: None,
            }
        })
        .collect()
}
