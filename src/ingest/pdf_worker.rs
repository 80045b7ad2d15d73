//! Keeping a bad PDF from taking the run down: PDF bytes → the text layer's
//! pages and form fields, or a typed error, within a time bound.
//!
//! pdf-extract panics by design on malformed files and can loop or recurse
//! without end. Two ways to contain it:
//! - `in_child`: the parse runs in a child process of the same binary
//!   (`lexsarah __pdf-worker -`, bytes on stdin, one JSON `WorkerReply` on
//!   stdout). A hang is killed at the deadline; a stack overflow or abort only
//!   ends the child. This is what the CLI uses.
//! - `in_thread`: the parse runs on a thread with a large stack behind
//!   `catch_unwind`; at the deadline the thread is abandoned (it cannot be
//!   killed) and `Timeout` is returned. For library callers without the
//!   binary.

use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::child::{self, ChildError};
use super::pdf_text::{self, TextLayer};
use crate::error::IngestError;

/// The hidden subcommand that runs the worker.
pub const WORKER_SUBCOMMAND: &str = "__pdf-worker";
/// Stack for the in-process parse thread; pdf-extract recurses on nested forms.
const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// What the worker prints on stdout: one JSON value.
#[derive(Debug, Serialize, Deserialize)]
pub enum WorkerReply {
    Pages(TextLayer),
    Encrypted,
    Parse(String),
    Panic(String),
}

impl WorkerReply {
    fn into_result(self) -> Result<TextLayer, IngestError> {
        match self {
            WorkerReply::Pages(p) => Ok(p),
            WorkerReply::Encrypted => Err(IngestError::Encrypted),
            WorkerReply::Parse(m) => Err(IngestError::PdfParse(m)),
            WorkerReply::Panic(m) => Err(IngestError::PdfPanic(m)),
        }
    }

    fn from_result(r: Result<TextLayer, IngestError>) -> WorkerReply {
        match r {
            Ok(p) => WorkerReply::Pages(p),
            Err(IngestError::Encrypted) => WorkerReply::Encrypted,
            Err(IngestError::PdfPanic(m)) => WorkerReply::Panic(m),
            Err(IngestError::PdfParse(m)) => WorkerReply::Parse(m),
            Err(e) => WorkerReply::Parse(e.full_message()),
        }
    }
}

/// Parse in this thread, turning a panic into `PdfPanic`.
pub fn catching(bytes: &[u8]) -> Result<TextLayer, IngestError> {
    match catch_unwind(AssertUnwindSafe(|| pdf_text::read_pages(bytes))) {
        Ok(r) => r,
        Err(panic) => Err(IngestError::PdfPanic(crate::error::panic_message(&panic))),
    }
}

/// The worker's main: read the PDF from `input` (`-` is stdin), print one
/// `WorkerReply` as JSON. Returns the process exit code.
pub fn worker_main(input: &Path) -> i32 {
    // The parent reports the panic from the reply; the default hook's
    // message on stderr would only repeat it.
    std::panic::set_hook(Box::new(|_| {}));
    let mut bytes = Vec::new();
    let read = if input == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(input).map(|b| bytes = b)
    };
    let reply = match read {
        Ok(()) => WorkerReply::from_result(catching(&bytes)),
        Err(e) => WorkerReply::Parse(format!("the worker could not read its input: {e}")),
    };
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &reply)
        .and_then(|()| out.flush().map_err(serde_json::Error::io))
    {
        Ok(()) => 0,
        Err(_) => 3,
    }
}

/// Parse in a child process of `exe` (the lexsarah binary), killed at `timeout`.
pub fn in_child(exe: &Path, bytes: &[u8], timeout: Duration) -> Result<TextLayer, IngestError> {
    let mut cmd = Command::new(exe);
    cmd.arg(WORKER_SUBCOMMAND)
        .arg("-")
        .env("RUST_BACKTRACE", "0");
    let out = match child::run(cmd, Some(bytes), timeout) {
        Ok(o) => o,
        Err(ChildError::Timeout(d)) => {
            return Err(IngestError::Timeout {
                seconds: d.as_secs().max(1),
            });
        }
        Err(ChildError::Spawn(e)) => {
            return Err(IngestError::PdfParse(format!(
                "could not start the PDF worker {} {WORKER_SUBCOMMAND}: {e}",
                exe.display()
            )));
        }
        Err(ChildError::Wait(e)) => {
            return Err(IngestError::PdfParse(format!("lost the PDF worker: {e}")));
        }
    };
    if !out.status.success() {
        let tail = child::stderr_tail(&out.stderr);
        let how = child::describe_status(out.status);
        let msg = if tail.is_empty() {
            format!("the PDF worker died: {how}")
        } else {
            format!("the PDF worker died: {how}: {tail}")
        };
        return Err(IngestError::PdfPanic(msg));
    }
    match serde_json::from_slice::<WorkerReply>(&out.stdout) {
        Ok(reply) => reply.into_result(),
        Err(e) => Err(IngestError::PdfPanic(format!(
            "the PDF worker's reply is not valid JSON: {e}"
        ))),
    }
}

/// Parse on a large-stack thread of this process; abandon it at `timeout`.
pub fn in_thread(bytes: &[u8], timeout: Duration) -> Result<TextLayer, IngestError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = bytes.to_vec();
    let spawned = std::thread::Builder::new()
        .name("lexsarah-pdf".into())
        .stack_size(PARSE_STACK_BYTES)
        .spawn(move || {
            let _ = tx.send(catching(&owned));
        });
    if let Err(e) = spawned {
        return Err(IngestError::PdfParse(format!(
            "cannot start the PDF thread: {e}"
        )));
    }
    match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(IngestError::Timeout {
            seconds: timeout.as_secs().max(1),
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(IngestError::PdfPanic(
            "the PDF thread ended without an answer".into(),
        )),
    }
}
