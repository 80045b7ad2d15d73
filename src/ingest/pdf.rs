//! PDFs: bytes → pages of text (text layer, or OCR for scanned pages).
//!
//! STUB: the text-layer reader and OCR are being written (issue 5). Until
//! then every PDF is an error row that says so.

use std::path::{Path, PathBuf};

use crate::error::{IngestError, Stage};
use crate::model::Document;

/// When to run OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OcrMode {
    /// OCR pages whose text layer is missing or not language.
    #[default]
    Auto,
    /// OCR every page.
    Always,
    /// Never OCR; scanned pages give `needs_ocr`.
    Never,
}

#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    pub ocr: OcrMode,
    /// Where OCR results are cached by page content hash.
    pub ocr_cache: Option<PathBuf>,
}

pub fn read_pdf(
    _path: &Path,
    bytes: &[u8],
    _opts: &PdfOptions,
) -> Result<(Document, Vec<String>), (Stage, IngestError)> {
    if !bytes.starts_with(b"%PDF-") {
        let found = String::from_utf8_lossy(&bytes[..bytes.len().min(8)]).into_owned();
        return Err((Stage::Pdf, IngestError::NotPdf { found }));
    }
    Err((
        Stage::Pdf,
        IngestError::PdfParse("PDF reading is not implemented yet".into()),
    ))
}
