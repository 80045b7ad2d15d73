//! STUB: people extraction (being written).

use super::{CaseView, Fields};

pub fn extract(_view: &CaseView, _f: &mut Fields) {}
