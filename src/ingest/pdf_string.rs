//! PDF text strings (PDF 32000-1, 7.9.2.2) and names → Rust strings: the
//! field names and values of forms (`acroform`).

use lopdf::Object;

/// A PDF text string's bytes as text: UTF-16BE or UTF-8 by their byte
/// order mark, else PDFDocEncoding (lopdf's decoders; a broken UTF-16 pair
/// or UTF-8 sequence becomes U+FFFD). Bytes without a mark that are UTF-8
/// with letters beyond ASCII are taken for UTF-8, as some producers write
/// them (in PDFDocEncoding they would read `Ã¤`). UTF-16's language
/// escapes (`ESC lang ESC`) are dropped, and control characters but tab
/// and line breaks.
pub fn decode_text(bytes: &[u8]) -> String {
    let text = if bytes.starts_with(b"\xFE\xFF") {
        let obj = Object::String(bytes.to_vec(), lopdf::StringFormat::Literal);
        lopdf::decode_text_string(&obj).unwrap_or_else(|_| {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect();
            String::from_utf16_lossy(&units)
        })
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if !bytes.is_ascii()
        && let Ok(utf8) = std::str::from_utf8(bytes)
    {
        utf8.to_string()
    } else {
        pdf_doc_encoding(bytes)
    };
    let mut out = String::with_capacity(text.len());
    let mut in_escape = false;
    for c in text.chars() {
        match c {
            '\u{1b}' => in_escape = !in_escape,
            _ if in_escape => {}
            '\t' | '\n' | '\r' => out.push(c),
            '\u{feff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// PDFDocEncoding: lopdf's table, with the tab and line breaks its table
/// leaves out (PDF 32000-1, D.2).
fn pdf_doc_encoding(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for run in bytes.split_inclusive(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        let (body, end) = match run.split_last() {
            Some((&b, body)) if matches!(b, b'\t' | b'\n' | b'\r') => (body, Some(b as char)),
            _ => (run, None),
        };
        let obj = Object::String(body.to_vec(), lopdf::StringFormat::Literal);
        out.push_str(&lopdf::decode_text_string(&obj).unwrap_or_default());
        out.extend(end);
    }
    out
}

/// A name's bytes as text: UTF-8 when they are, else PDFDocEncoding.
pub fn name_text(n: &[u8]) -> String {
    match std::str::from_utf8(n) {
        Ok(s) => s.to_string(),
        Err(_) => decode_text(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_every_encoding() {
        let cases: &[(&[u8], &str)] = &[
            (b"Anna", "Anna"),
            (b"\xC5sa \xD6berg \xE4r h\xE4r", "Åsa Öberg är här"),
            // PDFDocEncoding's own codes: 0x80 is a bullet, 0x85 an ellipsis.
            (b"\x80 punkt\x83", "• punkt…"),
            (b"\xFE\xFF\x00H\x00\xE4\x00j", "Häj"),
            (b"\xEF\xBB\xBFH\xC3\xA4j", "Häj"),
            // A language escape (ESC sv ESC) is not text.
            (
                b"\xFE\xFF\x00\x1B\x00s\x00v\x00\x1B\x00H\x00\xE4\x00j",
                "Häj",
            ),
            // An unpaired surrogate, an odd byte: kept as far as it goes.
            (b"\xFE\xFF\xD8\x00\x00H", "\u{fffd}H"),
            (b"\xFE\xFF\x00H\x00", "H"),
            // UTF-8 without its mark (a producer's shortcut).
            (b"\xc3\x84ldreomsorg", "Äldreomsorg"),
            (b"Rad ett\r\nRad tv\xE5\tslut", "Rad ett\r\nRad två\tslut"),
            (b"\xEF\xBB\xBF\xFFok", "\u{fffd}ok"),
            (b"a\x01b\tc", "ab\tc"),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode_text(bytes), *want, "{bytes:?}");
        }
    }
}
