//! Ingest: paths on the command line → sorted input entries → documents.
//!
//! `discover` walks files and folders (walkdir, links followed, loops and
//! dangling links reported) and classifies every entry it meets, so nothing
//! under the inputs is dropped silently. `read_document` turns one entry into
//! a `Document` (pages of raw text): text dumps here, PDFs in `pdf` (text
//! layer in `pdf_text`, isolation in `pdf_worker`, OCR in `ocr`).

pub mod child;
pub mod ocr;
pub mod ocr_boxes;
pub mod ocr_cache;
pub mod ocr_clean;
pub mod ocr_words;
pub mod pdf;
pub mod pdf_text;
pub mod pdf_worker;
pub mod pgm;
pub mod selection_marks;
pub mod text;

use std::path::{Path, PathBuf};

use crate::error::{IngestError, Stage};
use crate::model::Document;

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What an entry under the inputs is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    TextDump,
    Pdf,
    /// Seen but not a document: the reason says why.
    Skipped(String),
    /// Could not even be looked at (loop, dangling link, permission).
    Broken(String),
}

/// One entry seen under the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path as reachable from the working directory.
    pub path: PathBuf,
    /// The path relative to the input root it was found under (the file name
    /// when the input itself is a file), with `/` separators.
    pub rel: String,
    pub kind: EntryKind,
}

/// Walk every input path and classify what is found, lazily: entries come
/// in walkdir's order, file names sorted within each folder, roots in their
/// command-line order. Memory does not grow with the number of inputs.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Entry> + '_ {
    roots.iter().flat_map(|root| {
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(move |item| entry(root, item))
    })
}

/// Every entry under the inputs, in `walk` order.
pub fn discover(roots: &[PathBuf]) -> Vec<Entry> {
    walk(roots).collect()
}

/// One walked item as an entry; folders are not entries.
fn entry(root: &Path, item: walkdir::Result<walkdir::DirEntry>) -> Option<Entry> {
    match item {
        Ok(de) => {
            if de.file_type().is_dir() {
                return None;
            }
            let path = de.path().to_path_buf();
            let rel = rel_path(root, &path);
            let kind = classify(&path, de.file_type());
            Some(Entry { path, rel, kind })
        }
        Err(err) => {
            let path = err
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| root.to_path_buf());
            let rel = rel_path(root, &path);
            Some(Entry {
                path,
                rel,
                kind: EntryKind::Broken(walk_error_message(&err)),
            })
        }
    }
}

fn walk_error_message(err: &walkdir::Error) -> String {
    if let Some(ancestor) = err.loop_ancestor() {
        return format!(
            "symbolic link loop: points back to {}; not followed",
            ancestor.display()
        );
    }
    match err.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "dangling symbolic link: its target does not exist".to_string()
        }
        Some(io) => format!("cannot be read: {io}"),
        None => err.to_string(),
    }
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(root) {
        Ok(r) if !r.as_os_str().is_empty() => r.to_path_buf(),
        _ => path
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| path.to_path_buf()),
    };
    rel.to_string_lossy().replace('\\', "/")
}

fn classify(path: &Path, ft: std::fs::FileType) -> EntryKind {
    use std::os::unix::fs::FileTypeExt;
    if !ft.is_file() {
        let what = if ft.is_fifo() {
            "a FIFO (named pipe)"
        } else if ft.is_char_device() {
            "a character device"
        } else if ft.is_block_device() {
            "a block device"
        } else if ft.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        };
        return EntryKind::Skipped(format!("{what}, not a document; not opened"));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" => EntryKind::TextDump,
        "pdf" => EntryKind::Pdf,
        ocr_cache::EXT => EntryKind::Skipped(
            "an OCR cache entry (the text of a scanned page), not a document".into(),
        ),
        "" => EntryKind::Skipped("no file extension; not a document (.txt or .pdf)".into()),
        other => EntryKind::Skipped(format!(
            "extension .{other} is not a document type read here (.txt or .pdf)"
        )),
    }
}

/// Options for reading documents.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub pdf: pdf::PdfOptions,
}

impl ReadOptions {
    /// The options golden tests run with (defaults).
    pub fn for_tests() -> Self {
        Self::default()
    }
}

/// Read one entry's bytes, bounded in size.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut buf = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size: buf.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(buf)
}

/// Turn one entry's bytes into a document. The stage is returned with an
/// error so the file table can say where it failed.
pub fn read_document(
    entry: &Entry,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Document, Vec<String>), (Stage, IngestError)> {
    match &entry.kind {
        EntryKind::TextDump => {
            let decoded = text::decode(bytes).map_err(|e| (Stage::Decode, e))?;
            let notes = decoded.notes;
            Ok((
                Document {
                    format: crate::model::Format::Text,
                    pages: vec![decoded.text],
                },
                notes,
            ))
        }
        EntryKind::Pdf => pdf::read_pdf(&entry.path, bytes, &opts.pdf),
        EntryKind::Skipped(why) | EntryKind::Broken(why) => Err((
            Stage::Read,
            IngestError::Io(std::io::Error::other(why.clone())),
        )),
    }
}
