//! The rules on dates, numbers, missing fields and checkboxes.

use crate::extract::checkbox::BoxState;
use crate::extract::diarienummer::same_number;
use crate::extract::{Mention, Role};
use crate::model::{Flag, FlagCode, SectionKind, Severity};

use super::Ctx;

const ROLES: [Role; 6] = Role::ALL;

fn section_sv(s: Option<SectionKind>) -> &'static str {
    match s {
        Some(SectionKind::Report) => "rapporten",
        Some(SectionKind::Investigation) => "utredningen",
        Some(SectionKind::Decision) => "beslutet",
        Some(SectionKind::IvoNotification) => "anmälan till IVO",
        Some(SectionKind::BoardMemo) => "tjänsteskrivelsen",
        None => "dokumentets början",
    }
}

fn readings_text(m: &Mention) -> String {
    m.readings
        .iter()
        .map(|r| r.0.to_string())
        .collect::<Vec<_>>()
        .join(" eller ")
}

/// Do two readings (a day or a range of days) share a day?
fn overlaps(
    a: (jiff::civil::Date, Option<jiff::civil::Date>),
    b: (jiff::civil::Date, Option<jiff::civil::Date>),
) -> bool {
    let (a0, a1) = (a.0, a.1.unwrap_or(a.0));
    let (b0, b1) = (b.0, b.1.unwrap_or(b.0));
    a0 <= b1 && b0 <= a1
}

/// Two readings of one event agree: the same day or range, or a day inside
/// the other's range (two different ranges disagree even where they overlap).
fn agrees(
    a: (jiff::civil::Date, Option<jiff::civil::Date>),
    b: (jiff::civil::Date, Option<jiff::civil::Date>),
) -> bool {
    match (a.1, b.1) {
        (Some(_), Some(_)) => a == b,
        _ => overlaps(a, b),
    }
}

/// `date_mismatch`: the primary date of an event disagrees with the same
/// event dated in another section (no reading in common).
pub fn date_mismatch(ctx: &Ctx) -> Vec<Flag> {
    let mut out = Vec::new();
    for role in ROLES {
        let Some(p) = ctx.fields.primary(role).filter(|p| !p.readings.is_empty()) else {
            continue;
        };
        let mut reported: Vec<(Option<SectionKind>, String)> = Vec::new();
        for m in ctx.fields.mentions.iter().filter(|m| {
            m.role == Some(role)
                && (m.section != p.section || (p.labelled && !m.labelled && m.idx != p.idx))
        }) {
            if m.readings.is_empty()
                || m.readings
                    .iter()
                    .any(|r| p.readings.iter().any(|q| agrees(*q, *r)))
            {
                continue;
            }
            let key = (m.section, readings_text(m));
            if reported.contains(&key) {
                continue;
            }
            reported.push(key);
            out.push(ctx.flag(
                FlagCode::DateMismatch,
                Severity::Error,
                format!(
                    "Datum då {} skiljer sig: {} i {} (rad {}) men {} i {} (rad {}).",
                    role.swedish(),
                    readings_text(p),
                    section_sv(p.section),
                    p.line,
                    readings_text(m),
                    section_sv(m.section),
                    m.line
                ),
                vec![p.line, m.line],
            ));
        }
    }
    out
}

/// `weekday_mismatch`: a weekday written beside a date fits none of its
/// readings. Only a line with one date is judged, so the weekday is that
/// date's.
pub fn weekday_mismatch(ctx: &Ctx) -> Vec<Flag> {
    let ms = &ctx.fields.mentions;
    ms.iter()
        .filter(|m| ms.iter().filter(|o| o.idx == m.idx).count() == 1)
        .filter_map(|m| {
            let (wd, written) = m.weekday.as_ref()?;
            if m.readings.is_empty() || m.readings.iter().any(|r| r.0.weekday() == *wd) {
                return None;
            }
            let each: Vec<String> = m
                .readings
                .iter()
                .map(|r| {
                    format!(
                        "{} är en {}",
                        r.0,
                        crate::vocab::weekday_name(r.0.weekday())
                    )
                })
                .collect();
            Some(ctx.flag(
                FlagCode::WeekdayMismatch,
                Severity::Warning,
                format!(
                    "Veckodagen \"{written}\" stämmer inte med datumet \"{}\": {}.",
                    m.raw,
                    each.join(", ")
                ),
                vec![m.line],
            ))
        })
        .collect()
}

/// `diarienummer_mismatch`: a number of the case's own registry that is not
/// the case's number (`diarienummer::same_number`: year, serial and, where
/// both write one, prefix and class). Noise (`-1 3`, `SN 2021 / 0019`, `2O22`)
/// and a suffix (`-1.3`, the document within the case) are not a mismatch;
/// another party's numbers (`Er referens`, `IVO:s dnr`) are never mentions.
/// One flag per other number.
pub fn diarienummer_mismatch(ctx: &Ctx) -> Vec<Flag> {
    let d = &ctx.fields.dnr_mentions;
    let Some(canon) = &ctx.fields.diarienummer else {
        return Vec::new();
    };
    let Some(first) = d.iter().find(|m| same_number(&m.canonical, canon)) else {
        return Vec::new();
    };
    let mut seen: Vec<&str> = Vec::new();
    d.iter()
        .filter(|m| !same_number(&m.canonical, canon))
        .filter_map(|m| {
            if seen.iter().any(|s| same_number(s, &m.canonical)) {
                return None;
            }
            seen.push(&m.canonical);
            Some(ctx.flag(
                FlagCode::DiarienummerMismatch,
                Severity::Error,
                format!(
                    "Olika diarienummer i samma ärende: {} (rad {}) och {} (rad {}).",
                    first.raw, first.line, m.raw, m.line
                ),
                vec![first.line, m.line],
            ))
        })
        .collect()
}

/// `ambiguous_date`: a slashed date that reads two ways even after the case's
/// other dates and a written weekday were consulted.
pub fn ambiguous_date(ctx: &Ctx) -> Vec<Flag> {
    ctx.fields
        .mentions
        .iter()
        .filter(|m| m.ambiguous())
        .map(|m| {
            ctx.flag(
                FlagCode::AmbiguousDate,
                Severity::Warning,
                format!(
                    "Datumet \"{}\" kan läsas på två sätt: {}; dag först ({}) har valts.",
                    m.raw,
                    readings_text(m),
                    m.readings[0].0
                ),
                vec![m.line],
            )
        })
        .collect()
}

/// `year_inferred`: a date written without a year got one from the case.
pub fn year_inferred(ctx: &Ctx) -> Vec<Flag> {
    ctx.fields
        .mentions
        .iter()
        .filter(|m| m.year_inferred && !m.readings.is_empty())
        .map(|m| {
            ctx.flag(
                FlagCode::YearInferred,
                Severity::Info,
                format!(
                    "Året saknas i \"{}\"; tolkat som {} utifrån ärendets övriga datum.",
                    m.raw, m.readings[0].0
                ),
                vec![m.line],
            )
        })
        .collect()
}

/// `unparsed_date`: a date stamp that cannot be read; no day is invented.
pub fn unparsed_date(ctx: &Ctx) -> Vec<Flag> {
    ctx.fields
        .mentions
        .iter()
        .filter(|m| m.unparsed)
        .map(|m| {
            let what = m
                .role
                .map_or(String::new(), |r| format!(" (datum då {})", r.swedish()));
            ctx.flag(
                FlagCode::UnparsedDate,
                Severity::Warning,
                format!(
                    "Datumet \"{}\"{what} går inte att läsa; inget datum har gissats.",
                    m.raw
                ),
                vec![m.line],
            )
        })
        .collect()
}

/// `missing_field`: no diarienummer; no observed date; no classification in
/// a case with a decision.
pub fn missing_field(ctx: &Ctx) -> Vec<Flag> {
    let f = ctx.fields;
    let first = ctx.view.lines.get(ctx.view.span.start).map_or(1, |l| l.no);
    let mut out = Vec::new();
    if f.diarienummer.is_none() {
        out.push(ctx.flag(
            FlagCode::MissingField,
            Severity::Warning,
            "Diarienummer saknas.".into(),
            vec![first],
        ));
    }
    if f.observed.date.is_none() {
        let line = f.primary(Role::Observed).map_or(first, |m| m.line);
        out.push(ctx.flag(
            FlagCode::MissingField,
            Severity::Warning,
            format!("Datum då {} saknas.", Role::Observed.swedish()),
            vec![line],
        ));
    }
    let decided = f.sections.contains(&SectionKind::Decision);
    if decided && f.classification.is_none() {
        let line = ctx
            .view
            .section_ranges(SectionKind::Decision)
            .next()
            .and_then(|r| ctx.view.lines.get(r.start))
            .map_or(first, |l| l.no);
        out.push(ctx.flag(
            FlagCode::MissingField,
            Severity::Warning,
            "Ärendet har ett beslut men ingen bedömning (klassificering) kunde läsas.".into(),
            vec![line],
        ));
    }
    out
}

/// `checkbox_conflict`: the report's area boxes name no area or several;
/// SoL and LSS both ticked.
pub fn checkbox_conflict(ctx: &Ctx) -> Vec<Flag> {
    let f = ctx.fields;
    let mut out = Vec::new();
    let boxes = &f.area_boxes;
    if !boxes.is_empty() {
        let ticked: Vec<_> = boxes
            .iter()
            .filter(|b| b.state == BoxState::Ticked)
            .collect();
        let lines = |v: &[&crate::extract::BoxRead]| v.iter().map(|b| b.line).collect::<Vec<_>>();
        if ticked.len() > 1 {
            let names: Vec<&str> = ticked.iter().map(|b| b.label.as_str()).collect();
            out.push(ctx.flag(
                FlagCode::CheckboxConflict,
                Severity::Warning,
                format!(
                    "Flera verksamhetsområden är ikryssade: {}.",
                    names.join(", ")
                ),
                lines(&ticked),
            ));
        } else if ticked.is_empty() {
            let all: Vec<_> = boxes.iter().collect();
            let undecided = boxes
                .iter()
                .filter(|b| b.state == BoxState::Undecided)
                .count();
            let msg = if undecided > 0 {
                format!(
                    "Inget verksamhetsområde kan läsas som ikryssat ({} går inte att avgöra ur texten).",
                    crate::plural::count(undecided, "ruta", "rutor")
                )
            } else {
                "Inget verksamhetsområde är ikryssat.".to_string()
            };
            out.push(ctx.flag(
                FlagCode::CheckboxConflict,
                Severity::Warning,
                msg,
                lines(&all),
            ));
        }
    }
    let both: Vec<u32> = f
        .sol_lss_boxes
        .iter()
        .filter(|b| b.state == BoxState::Ticked)
        .map(|b| b.line)
        .collect();
    if both.len() > 1 {
        out.push(ctx.flag(
            FlagCode::CheckboxConflict,
            Severity::Warning,
            "Både SoL och LSS är ikryssade.".into(),
            both,
        ));
    }
    out
}
