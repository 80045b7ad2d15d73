//! `chronology`: the events of a case in their necessary order.
//!
//! Order: observed ≤ reported ≤ received ≤ investigation_started ≤ decided,
//! and ivo_notified on or after observed. Each known event is compared with
//! the latest earlier event that is known. Tolerances:
//! - an event up to `TOLERANCE_DAYS` (7) days before the one it must follow
//!   is only unusual (a clerical slip, a date signed before registration):
//!   **warning**;
//! - more than that is impossible (a decision dated eight years before the
//!   report): **error**;
//! - a gap of more than `LONG_GAP_DAYS` (730) between two consecutive events
//!   is unusual: **warning**.
//!
//! For a range (`22-26:e februari`) the start is the observed date.

use jiff::civil::Date;

use crate::extract::Role;
use crate::model::{Flag, FlagCode, Severity};

use super::Ctx;

pub const TOLERANCE_DAYS: i32 = 7;
pub const LONG_GAP_DAYS: i32 = 730;

const ORDER: [Role; 5] = [
    Role::Observed,
    Role::Reported,
    Role::Received,
    Role::InvestigationStarted,
    Role::Decided,
];

fn days(a: Date, b: Date) -> i32 {
    (b - a).get_days()
}

pub fn chronology(ctx: &Ctx) -> Vec<Flag> {
    let f = ctx.fields;
    let known = |role: Role| {
        f.primary(role)
            .and_then(|m| m.date().map(|d| (role, d, m.line)))
    };
    let mut out = Vec::new();
    let mut prev: Option<(Role, Date, u32)> = None;
    for role in ORDER {
        let Some(cur) = known(role) else { continue };
        if let Some(p) = prev
            && let Some(flag) = compare(ctx, p, cur)
        {
            out.push(flag);
        }
        if prev.is_none_or(|p| cur.1 >= p.1) {
            prev = Some(cur);
        }
    }
    // An IVO notification long after the event is not unusual: only its order counts.
    if let (Some(obs), Some(ivo)) = (known(Role::Observed), known(Role::IvoNotified))
        && let Some(flag) =
            compare(ctx, obs, ivo).filter(|fl| fl.severity != Severity::Warning || ivo.1 < obs.1)
    {
        out.push(flag);
    }
    out.extend(log_before_start(ctx));
    out
}

/// The investigation's running log (`Fortlöpande dokumentation av lex
/// Sarah-utredningen`: date, note, attachment, signature) records what the
/// investigation did: an entry dated before the investigation started is out
/// of order, with the same tolerances.
fn log_before_start(ctx: &Ctx) -> Vec<Flag> {
    let f = ctx.fields;
    let Some(start) = f
        .primary(Role::InvestigationStarted)
        .and_then(|m| m.date().map(|d| (Role::InvestigationStarted, d, m.line)))
    else {
        return Vec::new();
    };
    let view = ctx.view;
    let Some(log) = view
        .range()
        .find(|&i| crate::vocab::is_investigation_log_heading(&view.lines[i].text))
    else {
        return Vec::new();
    };
    let end = view
        .span
        .sections
        .iter()
        .find(|s| (s.start..s.end).contains(&log))
        .map_or(view.span.end, |s| s.end);
    let mut out = Vec::new();
    for m in f.mentions.iter().filter(|m| {
        (log..end).contains(&m.idx) && m.role.is_none() && !m.year_inferred && m.readings.len() == 1
    }) {
        let Some(d) = m.date() else { continue };
        if d < start.1
            && let Some(mut flag) = compare(ctx, start, (Role::InvestigationStarted, d, m.line))
        {
            flag.message = format!(
                "Anteckningen i utredningens fortlöpande dokumentation ({d}) är daterad {} före datum då {} ({}).",
                days_sv(days(d, start.1)),
                Role::InvestigationStarted.swedish(),
                start.1
            );
            out.push(flag);
            break;
        }
    }
    out
}

/// Judge `later`, which must not come before `earlier`.
fn compare(ctx: &Ctx, earlier: (Role, Date, u32), later: (Role, Date, u32)) -> Option<Flag> {
    let gap = days(earlier.1, later.1);
    let (severity, what, why) = if gap < -TOLERANCE_DAYS {
        (Severity::Error, "före", String::new())
    } else if gap < 0 {
        (Severity::Warning, "före", String::new())
    } else if gap > LONG_GAP_DAYS {
        let why = format!(": ovanligt lång tid (mer än {})", days_sv(LONG_GAP_DAYS));
        (Severity::Warning, "efter", why)
    } else {
        return None;
    };
    Some(ctx.flag(
        FlagCode::Chronology,
        severity,
        format!(
            "Datum då {} ({}) ligger {} {what} datum då {} ({}){why}.",
            later.0.swedish(),
            later.1,
            days_sv(gap),
            earlier.0.swedish(),
            earlier.1
        ),
        vec![earlier.2, later.2],
    ))
}

/// A number of days in Swedish, its sign dropped: `1 dag`, `8 dagar`.
fn days_sv(n: i32) -> String {
    crate::plural::count(n.unsigned_abs() as usize, "dag", "dagar")
}
