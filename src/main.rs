//! Thin binary: parse arguments, call the library, map the outcome to an
//! exit code. A broken pipe on stdout exits quietly.

use clap::Parser;
use lexsarah::cli::{self, Cli, Command};
use lexsarah::exit::Exit;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; a usage error of `check` is
            // "could not run" (3), of `extract` a usage error (2).
            let code = if !e.use_stderr() {
                Exit::Ok
            } else if std::env::args().nth(1).as_deref() == Some("check") {
                Exit::CouldNotRun
            } else {
                Exit::UsageOrOutput
            };
            let _ = e.print();
            std::process::exit(code.code());
        }
    };
    if matches!(
        cli.command,
        Command::Extract(_) | Command::Check(_) | Command::Stats(_)
    ) {
        lexsarah::interrupt::install();
    }
    let code = match cli.command {
        Command::Extract(args) => finish_batch(cli::run_extract(&args)),
        Command::Check(args) => match lexsarah::check::run_check(&args) {
            Ok(outcome) => {
                // A reader that has gone (`check … | head -1`) is not an
                // error of the run: the exit code still says what was found.
                use std::io::Write;
                let _ = std::io::stdout()
                    .lock()
                    .write_all(outcome.summary.as_bytes());
                lexsarah::check::exit_code(&outcome.report, args.fail_on)
            }
            Err(e) => {
                eprintln!("lexsarah: error: {e}");
                e.interrupted_exit().unwrap_or(Exit::CouldNotRun)
            }
        },
        Command::Stats(args) => finish_batch(lexsarah::stats::run_stats(&args)),
        Command::PdfWorker { file } => Exit::Raw(lexsarah::ingest::pdf_worker::worker_main(&file)),
        Command::Text(args) => match cli::run_text(&args) {
            Ok(true) => Exit::Ok,
            Ok(false) => Exit::SomeFailed,
            Err(e) => {
                eprintln!("lexsarah: error: {e}");
                Exit::UsageOrOutput
            }
        },
    };
    std::process::exit(code.code());
}

/// The summary line and exit code of a batch run (`extract`, `stats`).
fn finish_batch(result: Result<lexsarah::pipeline::Totals, lexsarah::error::RunError>) -> Exit {
    match result {
        Ok(totals) => {
            eprintln!("{}", cli::summary_line(&totals));
            cli::exit_code(&totals)
        }
        Err(e) => {
            eprintln!("lexsarah: error: {e}");
            e.interrupted_exit().unwrap_or(Exit::UsageOrOutput)
        }
    }
}
