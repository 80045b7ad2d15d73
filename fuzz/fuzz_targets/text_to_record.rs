//! Fuzz the whole text path as `pipeline::process_bytes` runs it for a text
//! dump: bytes → `ingest::text::decode` → `clean::clean` →
//! `segment::segment` → `extract::extract` → `validate::validate`.
//! Checked: no panic; spans lie within the lines and in order.
#![no_main]

use lexsarah::extract::{self, CaseView};
use lexsarah::ingest::text;
use lexsarah::model::{Document, Format};
use lexsarah::{clean, segment, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = text::decode(data) else {
        return;
    };
    let doc = Document {
        format: Format::Text,
        pages: vec![decoded.text],
    };
    let lines = clean::clean(&doc);
    let spans = segment::segment(&lines);
    let mut end = 0;
    for span in &spans {
        assert!(end <= span.start && span.start <= span.end && span.end <= lines.len());
        end = span.end;
        let fields = extract::extract(&lines, span);
        let view = CaseView {
            lines: &lines,
            span,
            marks: &[],
        };
        let _ = validate::validate(&view, &fields);
    }
});
