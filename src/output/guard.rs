//! Nothing the tool did not write is overwritten: before an output file is
//! replaced, what stands at its path must look like the tool's own (its
//! header, its first key, its title), or be empty. Anything else is refused
//! and left as it is.

use std::io::Read;
use std::path::Path;

use crate::error::RunError;

/// The first bytes of each kind of output, enough to recognise it.
const SNIFF: usize = 512;

/// Refuse to replace `target` unless it is absent, empty, or one of ours.
pub fn ensure_ours(target: &Path) -> Result<(), RunError> {
    let Ok(mut f) = std::fs::File::open(target) else {
        return Ok(()); // absent (or unreadable: the write will say so)
    };
    if !f.metadata().is_ok_and(|m| m.is_file()) {
        return Err(RunError::NotOurs {
            path: target.to_path_buf(),
            what: "a file (it is a folder or a device)",
        });
    }
    let mut head = Vec::with_capacity(SNIFF);
    let _ = f.by_ref().take(SNIFF as u64).read_to_end(&mut head);
    if head.iter().all(u8::is_ascii_whitespace) || looks_ours(target, &head) {
        return Ok(());
    }
    Err(RunError::NotOurs {
        path: target.to_path_buf(),
        what: "a file lexsarah wrote",
    })
}

fn looks_ours(target: &Path, head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    match target.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => text.starts_with("{\"id\":"),
        Some("json") => text.starts_with('{') && text.contains("\"rules_version\""),
        Some("html") => text.contains("<title>lexsarah:"),
        Some("csv") => {
            let first = text.split(['\r', '\n']).next().unwrap_or("");
            let cell = first.split([',', ';']).next().unwrap_or("");
            matches!(cell, "id" | "case_id" | "path" | "table")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_outputs_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let cases: &[(&str, &[u8], bool)] = &[
            ("cases.csv", b"id,source_path,x\r\n", true),
            ("cases.csv", b"\xef\xbb\xbfid;source_path\r\n", true),
            ("flags.csv", b"case_id,code\r\n", true),
            ("files.csv", b"path,sha256\r\n", true),
            ("s.csv", b"table,key,value\r\n", true),
            ("cases.jsonl", b"{\"id\":\"a#1\"}\n", true),
            ("report.json", b"{\n  \"rules_version\": \"x\"", true),
            (
                "report.html",
                b"<!DOCTYPE html>\n<title>lexsarah: datakvalitet</title>",
                true,
            ),
            ("cases.csv", b"", true),
            ("cases.csv", b"Namn,Belopp\r\nAnna,12\r\n", false),
            ("cases.jsonl", b"{\"name\": 1}\n", false),
            ("report.json", b"{\"budget\": 1}", false),
            ("report.html", b"<html><title>Min sida</title>", false),
            ("arkiv.db", b"SQLite format 3\0", false),
        ];
        for (name, bytes, ok) in cases {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            assert_eq!(ensure_ours(&p).is_ok(), *ok, "{name} {bytes:?}");
            assert_eq!(&std::fs::read(&p).unwrap(), bytes);
        }
        assert!(ensure_ours(&dir.path().join("absent.csv")).is_ok());
        assert!(ensure_ours(dir.path()).is_err(), "a folder");
    }
}
