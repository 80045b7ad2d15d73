//! Fuzz the checkbox reader: tokenising and binding over every line of a
//! text (`checkbox::read_boxes`). Input: any bytes (non-UTF-8 is skipped).
//! Checked: no panic, and every box is on a line of the input.
#![no_main]

use lexsarah::extract::checkbox::read_boxes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count() as u32;
    for (_, _, line, _) in read_boxes(text) {
        assert!((1..=lines).contains(&line));
    }
});
