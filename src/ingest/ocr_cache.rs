//! The OCR cache: (engine id, page content key) → the engine's raw text for
//! that page, in `<sha256>.ocr` files.
//!
//! The key hashes the page's PDF content (see `pdf_text::PageText::key`), not
//! its raster, so a hit needs neither pdftoppm nor tesseract. Lookups go to
//! the writable cache (`PdfOptions::ocr_cache`), then to read-only shipped
//! caches: every folder named `ocr-cache` in the PDF's folder or one of its
//! ancestors (`samples/ocr-cache/` serves `samples/pdf/*.scan.pdf`). Only the
//! writable cache is written, atomically (temp file, then rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::pdf::PdfOptions;
use super::pdf_text::hex;

/// Name of a shipped, read-only cache folder.
pub const SHIPPED_DIR: &str = "ocr-cache";
/// Extension of a cache entry (not `.txt`, so a walk never reads it as a
/// document).
pub const EXT: &str = "ocr";
/// Bumped when what is cached changes meaning.
const VERSION: &str = "lexsarah-ocr-cache-v1";

#[derive(Debug, Clone, Default)]
pub struct OcrCache {
    write: Option<PathBuf>,
    read_only: Vec<PathBuf>,
}

/// The file name stem of an entry.
pub fn entry_key(engine_id: &str, page_key: &str) -> String {
    let mut h = Sha256::new();
    for part in [VERSION, engine_id, page_key] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex(&h.finalize())
}

impl OcrCache {
    pub fn for_pdf(pdf: &Path, opts: &PdfOptions) -> Self {
        let mut read_only = Vec::new();
        if opts.shipped_ocr_cache {
            let abs = std::fs::canonicalize(pdf).unwrap_or_else(|_| pdf.to_path_buf());
            for dir in abs.ancestors().skip(1) {
                let candidate = dir.join(SHIPPED_DIR);
                if candidate.is_dir() {
                    read_only.push(candidate);
                }
            }
        }
        OcrCache {
            write: opts.ocr_cache.clone(),
            read_only,
        }
    }

    /// The cached text, from the writable cache first.
    pub fn get(&self, engine_id: &str, page_key: &str) -> Option<String> {
        let name = format!("{}.{EXT}", entry_key(engine_id, page_key));
        self.write
            .iter()
            .chain(&self.read_only)
            .find_map(|dir| std::fs::read_to_string(dir.join(&name)).ok())
    }

    /// Store a result in the writable cache, if there is one.
    pub fn put(&self, engine_id: &str, page_key: &str, text: &str) -> std::io::Result<()> {
        let Some(dir) = &self.write else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        let name = format!("{}.{EXT}", entry_key(engine_id, page_key));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.persist(dir.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_is_found_again_and_keys_separate_engines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let opts = PdfOptions {
            ocr_cache: Some(dir.path().join("c")),
            shipped_ocr_cache: false,
            ..PdfOptions::default()
        };
        let cache = OcrCache::for_pdf(Path::new("x.pdf"), &opts);
        assert_eq!(cache.get("e1", "k"), None);
        cache
            .put("e1", "k", "Rapporten lämnas av")
            .expect("written");
        assert_eq!(cache.get("e1", "k").as_deref(), Some("Rapporten lämnas av"));
        assert_eq!(cache.get("e2", "k"), None);
        assert_eq!(cache.get("e1", "k2"), None);
    }

    #[test]
    fn shipped_caches_are_found_in_ancestors_and_never_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let shipped = dir.path().join(SHIPPED_DIR);
        std::fs::create_dir_all(&shipped).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("pdf")).expect("mkdir");
        std::fs::write(
            shipped.join(format!("{}.{EXT}", entry_key("e", "k"))),
            "text",
        )
        .expect("write");
        let pdf = dir.path().join("pdf").join("a.pdf");
        let cache = OcrCache::for_pdf(&pdf, &PdfOptions::default());
        assert_eq!(cache.get("e", "k").as_deref(), Some("text"));
        cache
            .put("e", "other", "x")
            .expect("no writable cache: nothing to do");
        assert_eq!(cache.get("e", "other"), None);
    }
}
