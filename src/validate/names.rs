//! `name_mismatch` and `name_variant`: one role written or signed with
//! different names.
//!
//! Names of the same role are compared word by word: same given name and a
//! surname that differs by an OCR-sized amount (normalized Levenshtein ≥
//! `VARIANT_SIMILARITY`) is a variant (info; the extractor repaired it when
//! another occurrence confirms it); a different surname is a mismatch
//! (warning). Names are never merged here.

use crate::model::{Flag, FlagCode, Severity};

use super::Ctx;

pub const VARIANT_SIMILARITY: f64 = 0.7;

/// Which name uses are the same role.
const SAME_ROLE: &[(&str, &str)] = &[("reporter", "reporter_signature")];

fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_lowercase()
}

pub fn name_mismatch(ctx: &Ctx) -> Vec<Flag> {
    let f = ctx.fields;
    let mut out = Vec::new();
    for (a, b) in SAME_ROLE {
        let Some(x) = f.names.iter().find(|n| n.role == *a) else {
            continue;
        };
        for y in f.names.iter().filter(|n| n.role == *b) {
            if x.name.to_lowercase() == y.name.to_lowercase() {
                continue;
            }
            let sim = strsim::normalized_levenshtein(&surname(&x.name), &surname(&y.name));
            let (code, severity, msg) = if sim >= VARIANT_SIMILARITY {
                (
                    FlagCode::NameVariant,
                    Severity::Info,
                    format!(
                        "Namnet skrivs \"{}\" (rad {}) och \"{}\" (rad {}): troligen samma person (läsfel).",
                        x.name, x.line, y.name, y.line
                    ),
                )
            } else {
                (
                    FlagCode::NameMismatch,
                    Severity::Warning,
                    format!(
                        "Rapportören heter \"{}\" (rad {}) men har skrivit under som \"{}\" (rad {}).",
                        x.name, x.line, y.name, y.line
                    ),
                )
            };
            out.push(ctx.flag(code, severity, msg, vec![x.line, y.line]));
        }
    }
    out
}
