//! Merging `extract` shards: `cases.jsonl`, `cases.csv`, `flags.csv`,
//! `files.csv` and `review.csv` by copying each file's rows from its
//! shard in walk order (a JSON line, or a CSV record: up to a line end
//! outside quotes, as the csv crate writes them), and `review.html` by
//! reading its rows back and putting the page together again.
//!
//! Every shard file is hashed as it is read and compared with its
//! manifest at the end, before anything is renamed into place.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::Shards;
use crate::error::{MergeError, RunError};
use crate::output::AtomicFile;
use crate::shard::manifest::{FileCounts, FileDigest};

/// Merge the `extract` shards into `out`; the merged run's totals.
pub fn merge(s: &Shards, out: &Path) -> Result<crate::pipeline::Totals, RunError> {
    for name in crate::output::OUTPUT_FILES {
        crate::output::guard::ensure_ours(&out.join(name))?;
    }
    type Count = fn(&FileCounts) -> u64;
    let tables: [(&str, bool, Count); 5] = [
        ("cases.jsonl", false, |f| f.cases),
        ("cases.csv", true, |f| f.cases),
        ("flags.csv", true, |f| f.flags),
        ("files.csv", true, |_| 1),
        ("review.csv", true, |f| f.review),
    ];
    let mut done = Vec::new();
    for (name, csv, count) in tables {
        done.push(merge_table(s, out, name, csv, count)?);
    }
    done.push(merge_review_page(s, out)?);
    for f in done {
        f.commit()?;
    }
    crate::shard::manifest::remove_stale(out, crate::shard::manifest::EXTRACT)?;
    let mut totals = crate::pipeline::Totals::default();
    for m in &s.manifests {
        if let Some(c) = &m.totals {
            c.add_to(&mut totals);
        }
    }
    Ok(totals)
}

/// A reader that hashes what it reads.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The records of one shard's output file, as bytes, in order.
struct Records {
    r: std::io::BufReader<Hashing<std::fs::File>>,
    csv: bool,
    path: PathBuf,
}

impl Records {
    fn open(path: PathBuf, csv: bool) -> Result<Records, RunError> {
        let f = std::fs::File::open(&path).map_err(|source| RunError::Input {
            path: path.clone(),
            source,
        })?;
        let inner = Hashing {
            inner: f,
            hash: Sha256::new(),
            bytes: 0,
        };
        Ok(Records {
            r: std::io::BufReader::with_capacity(1 << 16, inner),
            csv,
            path,
        })
    }

    /// The next record with its line end; `None` at the end of the file.
    /// A CSV record ends at a line end outside quotes (a quote inside a
    /// quoted cell is doubled, so the count of quotes says which).
    fn next(&mut self) -> Result<Option<Vec<u8>>, RunError> {
        let mut rec = Vec::new();
        let mut quoted = false;
        loop {
            let start = rec.len();
            let n = self
                .r
                .read_until(b'\n', &mut rec)
                .map_err(|source| RunError::Input {
                    path: self.path.clone(),
                    source,
                })?;
            if n == 0 {
                return Ok((!rec.is_empty()).then_some(rec));
            }
            if self.csv {
                let quotes = rec[start..].iter().filter(|b| **b == b'"').count();
                quoted ^= quotes % 2 == 1;
            }
            if !quoted {
                return Ok(Some(rec));
            }
        }
    }

    /// At the end of the file: its size and digest, checked against the
    /// manifest's.
    fn finish(mut self, want: Option<&FileDigest>) -> Result<(), RunError> {
        if self.next()?.is_some() {
            return Err(changed(
                &self.path,
                "it holds more rows than its manifest counts",
            ));
        }
        let h = self.r.into_inner();
        check_digest(
            &self.path,
            h.bytes,
            &crate::shard::hex(&h.hash.finalize()),
            want,
        )
    }
}

fn changed(path: &Path, why: &str) -> RunError {
    MergeError::Changed {
        path: path.to_path_buf(),
        why: why.to_string(),
    }
    .into()
}

/// Is what was read (`bytes`, `sha256`) what the manifest recorded?
pub fn check_digest(
    path: &Path,
    bytes: u64,
    sha256: &str,
    want: Option<&FileDigest>,
) -> Result<(), RunError> {
    match want {
        None => Err(changed(path, "its manifest does not name it")),
        Some(w) if w.bytes != bytes => Err(changed(
            path,
            &format!("{bytes} bytes, the manifest says {}", w.bytes),
        )),
        Some(w) if w.sha256 != sha256 => Err(changed(path, "its SHA-256 is not the manifest's")),
        Some(_) => Ok(()),
    }
}

/// One table: the first shard's header, then each file's rows from its
/// shard, in walk order.
fn merge_table(
    s: &Shards,
    out: &Path,
    name: &str,
    csv: bool,
    count: fn(&FileCounts) -> u64,
) -> Result<AtomicFile, RunError> {
    let target = out.join(name);
    let io = |source| RunError::Output {
        path: target.clone(),
        source,
    };
    let mut readers = s
        .dirs
        .iter()
        .map(|d| Records::open(d.join(name), csv))
        .collect::<Result<Vec<_>, _>>()?;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, AtomicFile::create(&target)?);
    if csv {
        let mut header: Option<Vec<u8>> = None;
        for r in &mut readers {
            let h = r
                .next()?
                .ok_or_else(|| changed(&r.path, "it has no header row"))?;
            match &header {
                Some(first) if *first != h => {
                    return Err(changed(&r.path, "its header row is not the first shard's"));
                }
                Some(_) => {}
                None => header = Some(h),
            }
        }
        w.write_all(&header.unwrap_or_default()).map_err(io)?;
    }
    for (shard, f) in &s.plan {
        let r = &mut readers[*shard];
        for _ in 0..count(f) {
            let rec = r
                .next()?
                .ok_or_else(|| changed(&r.path, "it holds fewer rows than its manifest counts"))?;
            w.write_all(&rec).map_err(io)?;
        }
    }
    for (r, m) in readers.into_iter().zip(&s.manifests) {
        r.finish(m.outputs.get(name))?;
    }
    w.into_inner().map_err(|e| io(e.into_error()))
}

/// `review.html`: each shard's page read back into its rows, the rows put
/// in walk order, and the page made again from them (its counts, its
/// sections and its limit of crops as one run's page has them).
fn merge_review_page(s: &Shards, out: &Path) -> Result<AtomicFile, RunError> {
    const NAME: &str = "review.html";
    let mut pages = Vec::with_capacity(s.dirs.len());
    for (d, m) in s.dirs.iter().zip(&s.manifests) {
        let path = d.join(NAME);
        let bytes = std::fs::read(&path).map_err(|source| RunError::Input {
            path: path.clone(),
            source,
        })?;
        let sha = crate::shard::hex(&Sha256::digest(&bytes));
        check_digest(&path, bytes.len() as u64, &sha, m.outputs.get(NAME))?;
        let text = String::from_utf8(bytes).map_err(|_| changed(&path, "it is not UTF-8"))?;
        pages.push((path, text));
    }
    let mut rows = Vec::with_capacity(pages.len());
    for (path, text) in &pages {
        let read = crate::output::review_html::page_rows(text)
            .map_err(|why| changed(path, &format!("not a review page lexsarah wrote: {why}")))?;
        rows.push(read.into_iter());
    }
    let mut page = crate::output::review_html::PageBuilder::default();
    for (shard, f) in &s.plan {
        for _ in 0..f.review {
            let (heading, row) = rows[*shard].next().ok_or_else(|| {
                changed(
                    &pages[*shard].0,
                    "it holds fewer rows than its manifest counts",
                )
            })?;
            page.push_read(heading, row)
                .map_err(|source| RunError::Output {
                    path: out.join(NAME),
                    source,
                })?;
        }
    }
    for (i, r) in rows.iter_mut().enumerate() {
        if r.next().is_some() {
            return Err(changed(
                &pages[i].0,
                "it holds more rows than its manifest counts",
            ));
        }
    }
    let below: f64 = s.manifests[0]
        .settings
        .get("review_below")
        .and_then(|v| v.parse().ok())
        .unwrap_or(crate::output::review::DEFAULT_REVIEW_BELOW);
    let target = out.join(NAME);
    let mut f = std::io::BufWriter::new(AtomicFile::create(&target)?);
    let io = |source| RunError::Output {
        path: target.clone(),
        source,
    };
    page.finish_into(below, &mut f).map_err(io)?;
    f.into_inner().map_err(|e| io(e.into_error()))
}
