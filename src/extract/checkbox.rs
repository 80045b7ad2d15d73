//! STUB: checkbox extraction (being written).

use super::{CaseView, Fields};

pub fn extract(_view: &CaseView, _f: &mut Fields) {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxState {
    Ticked,
    Empty,
    Undecided,
}
