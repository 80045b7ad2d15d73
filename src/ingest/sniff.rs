//! What a file that is not what its name says holds, in words a person
//! reads: a printable summary of its first bytes (`binary data (ELF
//! executable)`, `text ("hello, not a pdf")`), never raw escapes.
//! Input: the file's bytes. Output: a short English phrase for messages.

/// Known file signatures: the bytes at the start, and what they are.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\0", "TIFF image"),
    (b"MM\0*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"PK\x03\x04", "ZIP archive, e.g. .docx, .xlsx or .odt"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "old Microsoft Office file, e.g. .doc or .xls",
    ),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"{\\rtf", "RTF document"),
    (b"%PDF-", "PDF"),
    (b"SQLite format 3\0", "SQLite database"),
];

/// How many characters of text are quoted.
const QUOTE: usize = 24;

/// A printable summary of what `bytes` hold.
pub fn describe(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "an empty file".into();
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return format!("binary data ({what})");
    }
    let head = &bytes[..bytes.len().min(256)];
    let text = match std::str::from_utf8(head) {
        Ok(s) => Some(s),
        // A multi-byte character cut at the sample's end is still text.
        Err(e) if e.valid_up_to() + 4 > head.len() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    };
    match text {
        Some(s) if s.chars().all(|c| !c.is_control() || c.is_whitespace()) => {
            let start = s.trim_start();
            if start.starts_with('<') {
                let lower = start.to_ascii_lowercase();
                if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
                    return "an HTML page".into();
                }
                if lower.starts_with("<?xml") {
                    return "an XML document".into();
                }
            }
            let quoted: String = start
                .chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .take(QUOTE)
                .collect();
            let more = if start.chars().count() > QUOTE {
                "…"
            } else {
                ""
            };
            format!("text (\"{}{more}\")", quoted.trim_end())
        }
        _ => "binary data of an unknown kind".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn describe_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "an empty file"),
            (b"\x7fELF\x02\x01\x01\0\0\0", "binary data (ELF executable)"),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data (PNG image)"),
            (
                b"PK\x03\x04\x14\0",
                "binary data (ZIP archive, e.g. .docx, .xlsx or .odt)",
            ),
            (b"\xff\xd8\xff\xe0", "binary data (JPEG image)"),
            (b"hello, not a pdf", "text (\"hello, not a pdf\")"),
            (
                b"Rapport enligt lex Sarah\ninkom 2019-03-04 till oss",
                "text (\"Rapport enligt lex Sarah…\")",
            ),
            ("Åtgärd\tbeslut".as_bytes(), "text (\"Åtgärd beslut\")"),
            (b"<!DOCTYPE html><html>", "an HTML page"),
            (b"<?xml version=\"1.0\"?>", "an XML document"),
            (
                b"\x00\x01\x02\x03\xfe\xfa",
                "binary data of an unknown kind",
            ),
            (b"abc\x01def", "binary data of an unknown kind"),
        ];
        for (bytes, want) in cases {
            let got = describe(bytes);
            assert_eq!(&got, want, "{bytes:?}");
            assert!(!got.contains("\\u{"), "no raw escapes: {got}");
        }
    }
}
