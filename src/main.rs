//! Thin binary: parse arguments, call the library, map the outcome to an
//! exit code. A broken pipe on stdout exits quietly.

use clap::Parser;
use lexsarah::cli::{self, Cli, Command, exit};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; a usage error of `check` is
            // "could not run" (3), of `extract` a usage error (2).
            let code = if !e.use_stderr() {
                0
            } else if std::env::args().nth(1).as_deref() == Some("check") {
                lexsarah::check::exit::COULD_NOT_RUN
            } else {
                exit::USAGE_OR_OUTPUT
            };
            let _ = e.print();
            std::process::exit(code);
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
                e.interrupted_code()
                    .unwrap_or(lexsarah::check::exit::COULD_NOT_RUN)
            }
        },
        Command::Stats(args) => finish_batch(lexsarah::stats::run_stats(&args)),
        Command::PdfWorker { file } => lexsarah::ingest::pdf_worker::worker_main(&file),
        Command::Text(args) => match cli::run_text(&args) {
            Ok(true) => exit::OK,
            Ok(false) => exit::SOME_FAILED,
            Err(e) => {
                eprintln!("lexsarah: error: {e}");
                exit::USAGE_OR_OUTPUT
            }
        },
    };
    std::process::exit(code);
}

/// The summary line and exit code of a batch run (`extract`, `stats`).
fn finish_batch(result: Result<lexsarah::pipeline::Totals, lexsarah::error::RunError>) -> i32 {
    match result {
        Ok(totals) => {
            eprintln!("{}", cli::summary_line(&totals));
            cli::exit_code(&totals)
        }
        Err(e) => {
            eprintln!("lexsarah: error: {e}");
            e.interrupted_code().unwrap_or(exit::USAGE_OR_OUTPUT)
        }
    }
}
