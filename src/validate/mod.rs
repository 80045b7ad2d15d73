//! Validate: extracted fields → flags. One rule, one function, one stable
//! code; each flag carries a severity, a message in Swedish (the archivist's
//! language) and the lines of evidence with their text.
//!
//! | code | severity | fires when |
//! |---|---|---|
//! | `date_mismatch` | error | one event is dated differently in two sections |
//! | `weekday_mismatch` | warning | a written weekday fits no reading of its date |
//! | `chronology` | error / warning | events out of order (see `chronology`) |
//! | `diarienummer_mismatch` | error | two different numbers after normalisation |
//! | `name_mismatch` | warning | one role signed with another surname |
//! | `name_variant` | info | an OCR-sized difference in a name (repaired) |
//! | `ambiguous_date` | warning | a slashed date with two valid readings left |
//! | `year_inferred` | info | a date's year taken from the case's other dates |
//! | `unparsed_date` | warning | a date stamp that cannot be read |
//! | `missing_field` | warning | no diarienummer, no observed date, no outcome in a decided case |
//! | `checkbox_conflict` | warning | no area or several ticked; SoL and LSS both ticked |

mod chronology;
mod names;
mod rules;
#[cfg(test)]
mod tests;

use crate::extract::{CaseView, Fields};
use crate::model::{Flag, FlagCode, Severity};

/// What a rule sees: the case's lines and its extracted fields.
pub struct Ctx<'a> {
    pub view: &'a CaseView<'a>,
    pub fields: &'a Fields,
}

impl Ctx<'_> {
    /// A flag with the text of its evidence lines.
    pub fn flag(
        &self,
        code: FlagCode,
        severity: Severity,
        message: String,
        mut lines: Vec<u32>,
    ) -> Flag {
        lines.sort_unstable();
        lines.dedup();
        let evidence = lines
            .iter()
            .map(|&no| {
                self.view
                    .lines
                    .get(no as usize - 1)
                    .filter(|l| l.no == no)
                    .or_else(|| self.view.lines.iter().find(|l| l.no == no))
                    .map(|l| l.text.trim().to_string())
                    .unwrap_or_default()
            })
            .collect();
        Flag {
            code,
            severity,
            message,
            lines,
            evidence,
        }
    }
}

/// Every rule, in the order their flags are listed.
const RULES: &[fn(&Ctx) -> Vec<Flag>] = &[
    rules::date_mismatch,
    rules::weekday_mismatch,
    chronology::chronology,
    rules::diarienummer_mismatch,
    names::name_mismatch,
    rules::ambiguous_date,
    rules::year_inferred,
    rules::unparsed_date,
    rules::missing_field,
    rules::checkbox_conflict,
];

/// All codes, for reports that list every rule.
pub const CODES: [&str; FlagCode::ALL.len()] = {
    let mut out = [""; FlagCode::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = FlagCode::ALL[i].as_str();
        i += 1;
    }
    out
};

pub fn validate(view: &CaseView, f: &Fields) -> Vec<Flag> {
    let ctx = Ctx { view, fields: f };
    RULES.iter().flat_map(|rule| rule(&ctx)).collect()
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Build a case from text for rule tests.
    use crate::model::{Document, Format};
    use crate::{clean, extract, segment};

    pub fn flags_of(text: &str) -> Vec<crate::model::Flag> {
        let doc = Document {
            signals: Vec::new(),
            decisions: Vec::new(),
            format: Format::Text,
            pages: vec![text.to_string()],
        };
        let lines = clean::clean(&doc);
        let spans = segment::segment(&lines, crate::extract::diarienummer::canonical);
        let span = spans.first().expect("the test text holds a case");
        let fields = extract::extract(&lines, span);
        let view = extract::CaseView {
            lines: &lines,
            span,
            marks: &[],
        };
        super::validate(&view, &fields)
    }

    pub fn codes(text: &str) -> Vec<&'static str> {
        flags_of(text).iter().map(|f| f.code.as_str()).collect()
    }
}
