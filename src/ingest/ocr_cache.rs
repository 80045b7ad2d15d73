//! The OCR cache: (engine id, page content key) → what the engine read on
//! that page (`PageOcr`: raw text, without the words Tesseract made of the
//! boxes, and the box decisions with their labels' lines),
//! as JSON in `<sha256>.ocr` files.
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

use super::ocr::PageOcr;
use super::pdf::PdfOptions;
use super::pdf_text::hex;

/// Name of a shipped, read-only cache folder.
pub const SHIPPED_DIR: &str = "ocr-cache";
/// Extension of a cache entry (not `.txt`, so a walk never reads it as a
/// document).
pub const EXT: &str = "ocr";
/// Bumped when what is cached changes meaning.
const VERSION: &str = "lexsarah-ocr-cache-v3";

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

    /// The cached reading, from the writable cache first; an entry that
    /// does not parse is a miss.
    pub fn get(&self, engine_id: &str, page_key: &str) -> Option<PageOcr> {
        let name = format!("{}.{EXT}", entry_key(engine_id, page_key));
        self.write
            .iter()
            .chain(&self.read_only)
            .filter_map(|dir| std::fs::read(dir.join(&name)).ok())
            .find_map(|bytes| serde_json::from_slice(&bytes).ok())
    }

    /// The writable cache's folder (`--ocr-cache`), if there is one.
    pub fn folder(&self) -> Option<&Path> {
        self.write.as_deref()
    }

    /// Store a result in the writable cache, if there is one.
    pub fn put(&self, engine_id: &str, page_key: &str, page: &PageOcr) -> std::io::Result<()> {
        let Some(dir) = &self.write else {
            return Ok(());
        };
        std::fs::create_dir_all(dir)?;
        let name = format!("{}.{EXT}", entry_key(engine_id, page_key));
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        let json = serde_json::to_vec_pretty(page).map_err(std::io::Error::other)?;
        tmp.write_all(&json)?;
        tmp.persist(dir.join(name)).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> PageOcr {
        PageOcr {
            text: text.into(),
            boxes: Vec::new(),
            doubtful: vec![("x".into(), 12.0)],
            passes: 1,
            unread: 0.0,
            turned: 0,
            thumb: None,
        }
    }

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
            .put("e1", "k", &page("Rapporten lämnas av"))
            .expect("written");
        assert_eq!(cache.get("e1", "k"), Some(page("Rapporten lämnas av")));
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
            serde_json::to_string(&page("text")).expect("serializes"),
        )
        .expect("write");
        std::fs::write(
            shipped.join(format!("{}.{EXT}", entry_key("e", "old"))),
            "v1 plain text",
        )
        .expect("write");
        let pdf = dir.path().join("pdf").join("a.pdf");
        let cache = OcrCache::for_pdf(&pdf, &PdfOptions::default());
        assert_eq!(cache.get("e", "k"), Some(page("text")));
        assert_eq!(
            cache.get("e", "old"),
            None,
            "an entry that does not parse is a miss"
        );
        cache
            .put("e", "other", &page("x"))
            .expect("no writable cache: nothing to do");
        assert_eq!(cache.get("e", "other"), None);
    }
}
