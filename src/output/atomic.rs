//! Atomic file writes: write to a temporary file beside the target, fsync,
//! then rename over the target (tempfile's `persist`). Temporaries left by a
//! killed run are removed by the next run.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::RunError;

/// Prefix of temporary files, so stale ones can be recognised.
const TMP_PREFIX: &str = ".lexsarah-tmp-";

/// A file that appears at its path only when committed.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self, RunError> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let err = |source| RunError::Output {
            path: target.to_path_buf(),
            source,
        };
        // Ordinary permissions, as any program's output: 0666 less the
        // umask (tempfile's own default is 0600), or the permissions of the
        // file it replaces, so a `chmod` of an output stays.
        // Named for its target (`.lexsarah-tmp-n.state.XXXX`), so the
        // temporaries of one file can be swept without touching others'.
        let prefix = tmp_prefix_of(target);
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = b.tempfile_in(dir).map_err(err)?;
        if let Ok(meta) = std::fs::metadata(target)
            && meta.is_file()
        {
            std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(err)?;
        }
        Ok(AtomicFile {
            tmp,
            target: target.to_path_buf(),
        })
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> Result<(), RunError> {
        let err = |source| RunError::Output {
            path: self.target.clone(),
            source,
        };
        self.tmp.flush().map_err(err)?;
        self.tmp.as_file().sync_all().map_err(err)?;
        let target = self.target.clone();
        self.tmp.persist(&target).map_err(|e| RunError::Output {
            path: target,
            source: e.error,
        })?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// Write `bytes` to `target` atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), RunError> {
    let mut f = AtomicFile::create(target)?;
    f.write_all(bytes).map_err(|source| RunError::Output {
        path: target.to_path_buf(),
        source,
    })?;
    f.commit()
}

/// Can a file be written at `target`? Tried with a temporary beside it
/// (removed at once), so that a run stops before its work, not after.
pub fn check_writable(target: &Path) -> Result<(), RunError> {
    AtomicFile::create(target).map(drop)
}

fn tmp_prefix_of(target: &Path) -> std::ffi::OsString {
    let mut prefix = std::ffi::OsString::from(TMP_PREFIX);
    if let Some(name) = target.file_name() {
        prefix.push(name);
        prefix.push(".");
    }
    prefix
}

/// Remove the temporaries a killed run left for `target` (best effort).
pub fn remove_stale_temporaries_of(target: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = tmp_prefix_of(target);
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if e.file_name().as_bytes().starts_with(prefix.as_bytes()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Remove temporaries a killed run left in `dir` (best effort).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        if e.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn outputs_get_ordinary_permissions_and_keep_a_chmod() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("cases.csv");
        // A file any program creates here has 0666 less the umask.
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        write_atomic(&target, b"a").unwrap();
        let probe = dir.path().join("probe");
        std::fs::File::create(&probe).unwrap();
        assert_eq!(mode(&target), mode(&probe), "as any program's new file");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&target, b"b").unwrap();
        assert_eq!(mode(&target), 0o640, "a chmod is kept");
        assert_eq!(std::fs::read(&target).unwrap(), b"b");
    }

    #[test]
    fn uncommitted_file_leaves_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.csv");
        std::fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"new, half").unwrap();
            // dropped without commit, as a killed run would
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
