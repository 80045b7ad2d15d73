//! Validate: extracted fields → flags (one rule, one function, one code).
//!
//! STUB: rules are being written (issue 4).

use crate::extract::{CaseView, Fields};
use crate::model::Flag;

pub fn validate(_view: &CaseView, _f: &Fields) -> Vec<Flag> {
    Vec::new()
}
