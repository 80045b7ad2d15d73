//! Child processes with a deadline: a `Command` (and optional stdin bytes) →
//! its exit status, stdout and stderr, or `ChildError::Timeout` after the
//! child was killed. Used for the PDF worker, pdftoppm and tesseract.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// What a finished child left.
#[derive(Debug)]
pub struct ChildOutput {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

#[derive(Debug)]
pub enum ChildError {
    /// The program could not be started (not installed, not executable).
    Spawn(std::io::Error),
    /// Still running at the deadline; it was killed.
    Timeout(Duration),
    /// Waiting on it failed.
    Wait(std::io::Error),
}

/// How often a running child is polled.
const POLL: Duration = Duration::from_millis(5);

/// The address space a child may take (RLIMIT_AS): 4 GiB, far above what
/// `pdftoppm` and `tesseract` need for a page at 300 dpi.
pub const MEMORY_LIMIT: libc::rlim_t = 4 << 30;

/// Run `cmd` to completion or until `timeout`, feeding it `stdin`.
pub fn run(
    mut cmd: Command,
    stdin: Option<&[u8]>,
    timeout: Duration,
) -> Result<ChildOutput, ChildError> {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    // Its own process group, so that a deadline kills what it started too
    // (a `tesseract` wrapper script and the real one under it), and a cap
    // on its address space, so that a decompression-bomb page cannot take
    // the machine's memory.
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
        // SAFETY: setrlimit is async-signal-safe and touches no memory of
        // the parent; it runs in the child between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let lim = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT,
                    rlim_max: MEMORY_LIMIT,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn().map_err(ChildError::Spawn)?;
    let group = child.id() as libc::pid_t;
    let kill_group = || {
        // SAFETY: kill(2) with a negative pid signals that process group,
        // the child's own (process_group(0) above).
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    };
    let input = child.stdin.take();
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    std::thread::scope(|s| {
        if let (Some(mut pipe), Some(bytes)) = (input, stdin) {
            // A child that exits early closes the pipe: the write error is
            // expected then and its exit status tells the story.
            s.spawn(move || {
                let _ = pipe.write_all(bytes);
            });
        }
        let out_reader = s.spawn(move || drain(out.as_mut()));
        let err_reader = s.spawn(move || drain(err.as_mut()));
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if start.elapsed() >= timeout => {
                    kill_group();
                    let _ = child.wait();
                    break Err(ChildError::Timeout(timeout));
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(e) => {
                    kill_group();
                    let _ = child.wait();
                    break Err(ChildError::Wait(e));
                }
            }
        };
        let stdout = out_reader.join().unwrap_or_default();
        let stderr = err_reader.join().unwrap_or_default();
        status.map(|status| ChildOutput {
            status,
            stdout,
            stderr,
        })
    })
}

fn drain<R: Read>(pipe: Option<&mut R>) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(p) = pipe {
        let _ = p.read_to_end(&mut buf);
    }
    buf
}

/// The last line of a child's stderr, for messages.
pub fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .chars()
        .take(300)
        .collect()
}

/// A readable account of how a child ended badly.
pub fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(6)) => "killed by signal 6 (abort; a stack overflow ends this way)".into(),
        (None, Some(11)) => "killed by signal 11 (segmentation fault)".into(),
        (None, Some(9)) => "killed by signal 9 (out of memory?)".into(),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        (None, None) => "ended without an exit code".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_past_its_deadline_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let start = Instant::now();
        let got = run(cmd, None, Duration::from_millis(100));
        assert!(matches!(got, Err(ChildError::Timeout(_))), "{got:?}");
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_deadline_kills_the_grandchildren_too() {
        // A wrapper script that runs the real program as its child and
        // holds the pipes open, as distributions' wrappers do.
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30; echo done"]);
        let start = Instant::now();
        let got = run(cmd, None, Duration::from_millis(200));
        assert!(matches!(got, Err(ChildError::Timeout(_))), "{got:?}");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn a_child_cannot_take_more_memory_than_the_limit() {
        // Asking for twice the limit fails in the child, not the machine.
        let mut cmd = Command::new("python3");
        cmd.args([
            "-c",
            &format!("b = bytearray({}); print('got it')", 2 * MEMORY_LIMIT),
        ]);
        if let Ok(out) = run(cmd, None, Duration::from_secs(20)) {
            assert!(!out.status.success(), "the limit did not hold");
            assert!(!String::from_utf8_lossy(&out.stdout).contains("got it"));
        }
    }

    #[test]
    fn stdin_reaches_the_child_and_stdout_comes_back() {
        let got = run(Command::new("cat"), Some(b"hej"), Duration::from_secs(5));
        let out = got.expect("cat runs");
        assert!(out.status.success());
        assert_eq!(out.stdout, b"hej");
    }

    #[test]
    fn a_missing_program_is_a_spawn_error() {
        let got = run(
            Command::new("/nonexistent/lexsarah-no-such-tool"),
            None,
            Duration::from_secs(1),
        );
        assert!(matches!(got, Err(ChildError::Spawn(_))));
    }
}
