//! How a command ended: one type for the exit codes of every command, so
//! `main` maps outcomes to codes in one place.
//!
//! | code | `extract`, `stats`, `text` | `check` |
//! |---|---|---|
//! | 0 | every input read | clean (nothing at the `--fail-on` level) |
//! | 1 | some inputs failed (error or needs_ocr rows) | warnings |
//! | 2 | bad usage, or an output could not be written | errors |
//! | 3 | — | could not run (usage, state, missing archive) |
//! | 130 / 143 | stopped by SIGINT / SIGTERM | the same |

/// The end of a run, as its exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: every input read; for `check`, nothing at the fail-on level.
    Ok,
    /// 1 (`extract`, `stats`, `text`): some inputs could not be read.
    SomeFailed,
    /// 2 (`extract`, `stats`, `text`): bad usage, or an output not written.
    UsageOrOutput,
    /// 1 (`check`): warnings found.
    Warnings,
    /// 2 (`check`): errors found.
    Errors,
    /// 3 (`check`): it could not run.
    CouldNotRun,
    /// 128 + the signal that stopped it.
    Signal(i32),
    /// A code passed through as it is (the PDF worker's own protocol).
    Raw(i32),
}

impl Exit {
    pub const fn code(self) -> i32 {
        match self {
            Exit::Ok => 0,
            Exit::SomeFailed | Exit::Warnings => 1,
            Exit::UsageOrOutput | Exit::Errors => 2,
            Exit::CouldNotRun => 3,
            Exit::Signal(signal) => 128 + signal,
            Exit::Raw(code) => code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn codes() {
        let table = [
            (Exit::Ok, 0),
            (Exit::SomeFailed, 1),
            (Exit::Warnings, 1),
            (Exit::UsageOrOutput, 2),
            (Exit::Errors, 2),
            (Exit::CouldNotRun, 3),
            (Exit::Signal(2), 130),
            (Exit::Signal(15), 143),
            (Exit::Raw(7), 7),
        ];
        for (exit, code) in table {
            assert_eq!(exit.code(), code, "{exit:?}");
        }
    }
}
