//! Text dumps: bytes → a Rust string.
//!
//! A UTF-8 or UTF-16 byte-order mark is honoured; otherwise valid UTF-8 is
//! taken as is and anything else is decoded as Windows-1252 (encoding_rs),
//! the legacy encoding of Swedish office software (a superset of Latin-1 for
//! printable text). Line endings (CRLF, old Mac CR) become `\n`; NUL bytes are
//! dropped and noted. Data with more than 5 % control bytes is refused as binary.

use crate::error::IngestError;

/// A decoded text dump and notes for the file table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub notes: Vec<String>,
}

/// Bytes sampled to decide whether a file is binary.
const SNIFF_BYTES: usize = 8192;

pub fn decode(bytes: &[u8]) -> Result<Decoded, IngestError> {
    let mut notes = Vec::new();
    let (text, encoding) = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            notes.push(format!("invalid {} sequences replaced", enc.name()));
        }
        (cow.into_owned(), enc.name())
    } else {
        check_binary(bytes)?;
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), "UTF-8"),
            Err(_) => {
                let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                notes.push("not valid UTF-8; decoded as Windows-1252".to_string());
                (cow.into_owned(), "windows-1252")
            }
        }
    };
    let nuls = text.bytes().filter(|&b| b == 0).count();
    let mut text = if nuls > 0 {
        notes.push(format!(
            "{} removed",
            crate::plural::count(nuls, "NUL byte", "NUL bytes")
        ));
        text.replace('\0', "")
    } else {
        text
    };
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    Ok(Decoded {
        text,
        encoding,
        notes,
    })
}

/// Refuse data whose sample is mostly control bytes (not text in any of the
/// encodings read here). Tab, LF, CR, FF and NUL-padding do not count
/// against it, nor do NULs (removed later, so UTF-16 text without a BOM
/// still reads).
fn check_binary(bytes: &[u8]) -> Result<(), IngestError> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.is_empty() {
        return Ok(());
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, 0 | b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if control * 20 > sample.len() {
        let found = super::sniff::describe(bytes);
        return Err(IngestError::Binary {
            found: if found.starts_with("binary data") {
                found
            } else {
                "binary data".into()
            },
            control,
            sampled: sample.len(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        // (bytes, expected text, encoding)
        let cases: Vec<(Vec<u8>, &str, &str)> = vec![
            ("Äldreomsorg".as_bytes().to_vec(), "Äldreomsorg", "UTF-8"),
            (b"\xEF\xBB\xBFN\xC3\xA4mnd".to_vec(), "Nämnd", "UTF-8"),
            (
                b"N\xE4mnd f\xF6r \xE5r".to_vec(),
                "Nämnd för år",
                "windows-1252",
            ),
            (b"a\r\nb\rc".to_vec(), "a\nb\nc", "UTF-8"),
            (
                vec![0xFF, 0xFE, b'N', 0, 0xE4, 0, b'm', 0],
                "Näm",
                "UTF-16LE",
            ),
            (
                vec![0xFE, 0xFF, 0, b'N', 0, 0xE4, 0, b'm'],
                "Näm",
                "UTF-16BE",
            ),
            (
                b"\x93citat\x94".to_vec(),
                "\u{201c}citat\u{201d}",
                "windows-1252",
            ),
        ];
        for (bytes, want, enc) in cases {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.text, want, "{bytes:?}");
            assert_eq!(d.encoding, enc, "{bytes:?}");
        }
    }

    #[test]
    fn nul_bytes_are_removed_and_noted() {
        let cases: [(&[u8], &str, &str); 2] = [
            (b"Datum\x00 190612", "Datum 190612", "1 NUL byte removed"),
            (
                b"Da\x00tum\x00 1906\x0012",
                "Datum 190612",
                "3 NUL bytes removed",
            ),
        ];
        for (bytes, text, note) in cases {
            let d = decode(bytes).unwrap();
            assert_eq!(d.text, text);
            assert_eq!(d.notes, [note]);
        }
    }

    /// The refusal counts its bytes in their number.
    #[test]
    fn binary_messages_agree_with_their_numbers() {
        let cases: [(&[u8], &str); 2] = [
            (
                b"abc\x01defghijklmn",
                "binary data of an unknown kind, not text: 1 of the first 15 bytes is a control byte",
            ),
            (
                b"\x01\x02\x03",
                "binary data of an unknown kind, not text: 3 of the first 3 bytes are control bytes",
            ),
        ];
        for (bytes, want) in cases {
            let e = decode(bytes).unwrap_err();
            assert_eq!(e.to_string(), want, "{bytes:?}");
        }
    }

    #[test]
    fn random_bytes_are_binary() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect();
        assert!(matches!(decode(&bytes), Err(IngestError::Binary { .. })));
    }

    #[test]
    fn empty_is_empty_text() {
        assert_eq!(decode(b"").unwrap().text, "");
    }
}
