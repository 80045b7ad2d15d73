//! The fallback reader: a PDF the parser rejects (a broken cross-reference
//! table, a bad trailer, an unsupported CMap, encryption with an owner
//! password only) → page texts from poppler's `pdftotext`, which rebuilds
//! broken files and opens any PDF that needs no user password.
//!
//! `pdfinfo` gives the page count (and says whether a user password is
//! needed); `pdftotext -raw` the text of every page, pages split at form
//! feeds. Pages whose text is not language are OCRed after, as for parsed
//! PDFs: `pdftoppm` rasterises them from the same file. A page's key (for
//! the OCR cache) hashes the file and the page number, since the page's own
//! content streams are not at hand.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::child;
use super::pdf_text::{PageText, hex};
use crate::error::IngestError;

/// What poppler made of a file, or why it could not.
pub fn read_pages(path: &Path, bytes: &[u8], timeout: Duration) -> Result<Vec<PageText>, String> {
    let pages = page_count(path, timeout)?;
    if pages == 0 {
        return Err("pdfinfo: the document has no pages".into());
    }
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-raw", "-enc", "UTF-8"]).arg(path).arg("-");
    let out = run(cmd, "pdftotext", timeout)?;
    let text = String::from_utf8_lossy(&out);
    let with_images = pages_with_images(path, timeout);
    let file_key = hex(&Sha256::digest(bytes));
    let mut texts: Vec<&str> = text.split('\u{c}').collect();
    // pdftotext ends every page with a form feed: the last piece is empty.
    if texts.len() > pages as usize {
        texts.truncate(pages as usize);
    }
    texts.resize(pages as usize, "");
    let pages: Vec<PageText> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| PageText {
            text: t.trim_end_matches('\n').to_string(),
            key: hex(&Sha256::digest(format!("poppler/{file_key}/{}", i + 1))),
            // When pdfimages cannot tell, a page may be a scan: offered to OCR.
            has_images: with_images
                .as_ref()
                .is_none_or(|pages| pages.contains(&(i as u32 + 1))),
            // What a page paints needs its content stream, which the
            // parser could not give.
            draws: false,
        })
        .collect();
    if pages
        .iter()
        .all(|p| p.text.trim().is_empty() && !p.has_images)
    {
        return Err(format!(
            "it opened the file but found neither text nor images on its {}",
            crate::plural::count(pages.len(), "page", "pages")
        ));
    }
    Ok(pages)
}

/// The pages (1-based) that draw an image, from `pdfimages -list`; `None`
/// when it cannot tell.
fn pages_with_images(path: &Path, timeout: Duration) -> Option<Vec<u32>> {
    let mut cmd = Command::new("pdfimages");
    cmd.arg("-list").arg(path);
    let out = run(cmd, "pdfimages", timeout).ok()?;
    let list = String::from_utf8_lossy(&out);
    let mut pages: Vec<u32> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    pages.dedup();
    Some(pages)
}

/// `Pages:` of `pdfinfo`; an error says what poppler said (a user password
/// needed, a file it cannot rebuild either).
fn page_count(path: &Path, timeout: Duration) -> Result<u32, String> {
    let mut cmd = Command::new("pdfinfo");
    cmd.arg(path);
    let out = run(cmd, "pdfinfo", timeout)?;
    let info = String::from_utf8_lossy(&out);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or_else(|| "pdfinfo gave no page count".to_string())
}

fn run(cmd: Command, name: &str, timeout: Duration) -> Result<Vec<u8>, String> {
    match child::run(cmd, None, timeout) {
        Ok(o) if o.status.success() => Ok(o.stdout),
        Ok(o) => {
            let why = child::stderr_tail(&o.stderr);
            if why.contains("Incorrect password") {
                Err(format!("{name}: a user password is needed to open it"))
            } else {
                Err(format!("{name} failed: {why}"))
            }
        }
        Err(child::ChildError::Spawn(_)) => Err(format!(
            "{name} (poppler-utils) is not installed; install with: apt-get install -y poppler-utils"
        )),
        Err(child::ChildError::Timeout(d)) => {
            Err(format!("{name} was stopped after {} s", d.as_secs()))
        }
        Err(child::ChildError::Wait(e)) => Err(format!("lost {name}: {e}")),
    }
}

/// Should a parser failure be retried with poppler? Everything but a
/// timeout (poppler would meet the same pathological file) and a file that
/// is no PDF at all.
pub fn worth_retrying(e: &IngestError) -> bool {
    matches!(
        e,
        IngestError::PdfParse(_) | IngestError::PdfPanic(_) | IngestError::Encrypted
    )
}
