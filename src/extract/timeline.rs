//! STUB: timeline extraction (being written).

use super::{CaseView, Fields};

pub fn extract(_view: &CaseView, _f: &mut Fields) {}

pub fn primary(mentions: &[super::Mention], role: super::Role) -> Option<&super::Mention> {
    mentions.iter().find(|m| m.role == Some(role))
}
