//! Fuzz the date grammar on one line of text: `find_dates`, `find_time`,
//! `find_weekday`. Input: any bytes (non-UTF-8 is skipped). Checked: no
//! panic, and every span is a char-boundary range of the line whose text is
//! the hit's raw text, hits in position order.
#![no_main]

use lexsarah::extract::dates::{find_dates, find_time, find_weekday};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let hits = find_dates(line);
    let mut end = 0;
    for h in &hits {
        assert!(h.span.start >= end, "hits overlap or are out of order");
        assert_eq!(line.get(h.span.clone()), Some(h.raw.as_str()));
        end = h.span.end;
    }
    if let Some((span, h, m)) = find_time(line) {
        assert!(line.get(span).is_some());
        assert!(h < 24 && m < 60, "{h}:{m}");
    }
    if let Some((span, _)) = find_weekday(line) {
        assert!(line.get(span).is_some());
    }
});
