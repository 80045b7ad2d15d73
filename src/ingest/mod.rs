//! Ingest: paths on the command line → sorted input entries → documents.
//!
//! `discover` walks files and folders (walkdir, links followed, loops and
//! dangling links reported) and classifies every entry it meets, so nothing
//! under the inputs is dropped silently. `read_document` turns one entry into
//! a `Document` (pages of raw text): text dumps here, PDFs in `pdf` (text
//! layer in `pdf_text`, form fields in `acroform`, isolation in
//! `pdf_worker`, OCR in `ocr`).

pub mod acroform;
pub mod child;
pub mod ocr;
pub mod ocr_boxes;
pub mod ocr_cache;
pub mod ocr_capi;
pub mod ocr_clean;
pub mod ocr_coverage;
pub mod ocr_words;
pub mod pdf;
pub mod pdf_paint;
pub mod pdf_string;
pub mod pdf_text;
pub mod pdf_worker;
pub mod pgm;
pub mod poppler;
pub mod selection_marks;
pub mod sniff;
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
///
/// With one root, an entry's `rel` is its path under that root. With
/// several, it is its path under the roots' common folder (`ark/2019` and
/// `ark/2020/rapport.txt` give `2019/rapport.txt` and
/// `2020/rapport.txt`), so two files never share a case id; a root inside
/// another root is walked once, as part of the outer one.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Entry> + '_ {
    let abs: Vec<PathBuf> = roots.iter().map(|r| absolute(r)).collect();
    let base = rel_base(roots);
    // Each root is asked once whether it is a folder, and only folders are
    // compared with the others, so a long `--files-from` list of files
    // costs no more than its length.
    let dirs: Vec<usize> = (0..roots.len()).filter(|&j| abs[j].is_dir()).collect();
    let keep: Vec<bool> = (0..roots.len())
        .map(|i| {
            !dirs
                .iter()
                .any(|&j| j != i && abs[i].starts_with(&abs[j]) && (abs[i] != abs[j] || j < i))
        })
        .collect();
    roots
        .iter()
        .zip(abs)
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .flat_map(move |((root, abs_root), _)| {
            let base = base.clone();
            walkdir::WalkDir::new(root)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_map(move |item| {
                    let mut e = entry(root, item)?;
                    if let Some(b) = &base {
                        let full = match e.path.strip_prefix(root) {
                            Ok(r) if !r.as_os_str().is_empty() => abs_root.join(r),
                            _ => abs_root.clone(),
                        };
                        if let Ok(r) = full.strip_prefix(b)
                            && !r.as_os_str().is_empty()
                        {
                            e.rel = path_text(r);
                        }
                    }
                    Some(e)
                })
        })
}

/// The folder that entries' `rel` is relative to when there are several
/// roots (their common folder, absolute); `None` for one root, where
/// `rel` is the path under it.
pub fn rel_base(roots: &[PathBuf]) -> Option<PathBuf> {
    let abs: Vec<PathBuf> = roots.iter().map(|r| absolute(r)).collect();
    (roots.len() > 1).then(|| common_folder(&abs))
}

/// `p` made absolute without touching the file system.
pub fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The deepest folder holding every one of `abs` (a file's folder for a
/// file).
fn common_folder(abs: &[PathBuf]) -> PathBuf {
    let folder = |p: &PathBuf| {
        if p.is_dir() {
            p.clone()
        } else {
            p.parent().map_or_else(|| p.clone(), Path::to_path_buf)
        }
    };
    let mut base = folder(&abs[0]);
    for p in &abs[1..] {
        let f = folder(p);
        while !f.starts_with(&base) {
            if !base.pop() {
                break;
            }
        }
    }
    base
}

/// A path as text, losslessly: bytes that are not UTF-8 are written `\xE5`,
/// a backslash `\\`; everything else as it is. Two different paths never
/// give the same text (`r-\xE5.txt` and `r-\xC5.txt` stay two files).
pub fn path_text(p: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = p.as_os_str().as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
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
            let is_link = err
                .path()
                .and_then(|p| std::fs::symlink_metadata(p).ok())
                .is_some_and(|m| m.file_type().is_symlink());
            if is_link {
                "dangling symbolic link: its target does not exist".to_string()
            } else {
                "no such file or folder".to_string()
            }
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
    path_text(&rel)
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
    /// Values checked by hand, applied before the rules run.
    pub corrections: Option<std::sync::Arc<crate::corrections::Corrections>>,
    /// Cut the review page's crops from the OCR page images, for the rows
    /// below this confidence (None: no review page, or no crops on it).
    pub crops_below: Option<f64>,
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
                    signals: Vec::new(),
                    decisions: Vec::new(),
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
