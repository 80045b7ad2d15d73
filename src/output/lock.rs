//! One run at a time per output folder and per state file: an advisory lock
//! (`std::fs::File::lock`, flock(2) on Unix) on a lock file beside what the
//! run writes, held until the run ends (the kernel releases it when the
//! process dies, however it dies). The lock file holds the holder's process
//! id, so a second run can name the first.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::RunError;

/// A held lock; released on drop.
#[derive(Debug)]
pub struct RunLock {
    _file: std::fs::File,
}

/// The lock file that guards `target` (an output folder or a state file).
pub fn lock_path(target: &Path, is_folder: bool) -> PathBuf {
    if is_folder {
        target.join(".lexsarah.lock")
    } else {
        let mut name = target.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }
}

impl RunLock {
    /// Take the lock at `path`; with `wait`, wait for another run to end,
    /// otherwise fail at once with a message naming it.
    pub fn acquire(path: &Path, guards: &Path, wait: bool) -> Result<RunLock, RunError> {
        let io = |source| RunError::Output {
            path: path.to_path_buf(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(io)?;
        if wait {
            file.lock().map_err(io)?;
        } else {
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let who = holder.trim();
                    return Err(RunError::Locked {
                        path: guards.to_path_buf(),
                        holder: if who.is_empty() {
                            "another lexsarah run".to_string()
                        } else {
                            format!("another lexsarah run (process {who})")
                        },
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(RunLock { _file: file })
    }

    /// Take a shared lock at `path` (read-only), so that no run holds it
    /// while a folder it guards is read: with `wait`, wait for a run that
    /// does, otherwise fail at once naming it. `None` where no run ever
    /// took the lock (there is no lock file).
    pub fn shared(path: &Path, guards: &Path, wait: bool) -> Result<Option<RunLock>, RunError> {
        let io = |source| RunError::Input {
            path: path.to_path_buf(),
            source,
        };
        let mut file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(e)),
        };
        if wait {
            file.lock_shared().map_err(io)?;
            return Ok(Some(RunLock { _file: file }));
        }
        match file.try_lock_shared() {
            Ok(()) => Ok(Some(RunLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                Err(RunError::Locked {
                    path: guards.to_path_buf(),
                    holder: match holder.trim() {
                        "" => "another lexsarah run".to_string(),
                        who => format!("another lexsarah run (process {who})"),
                    },
                })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let p = lock_path(dir.path(), true);
        let first = RunLock::acquire(&p, dir.path(), false).unwrap();
        match RunLock::acquire(&p, dir.path(), false) {
            Err(RunError::Locked { holder, .. }) => {
                assert!(holder.contains(&std::process::id().to_string()), "{holder}")
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        RunLock::acquire(&p, dir.path(), false).unwrap();
        assert_eq!(
            lock_path(Path::new("/a/n.state"), false),
            Path::new("/a/n.state.lock")
        );
    }
}
