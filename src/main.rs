//! Thin binary: parse arguments, call the library, map the outcome to an
//! exit code. A broken pipe on stdout exits quietly.

use clap::Parser;
use lexsarah::cli::{self, Cli, Command};
use lexsarah::exit::Exit;

fn main() {
    // SAFETY: first thing in main, before any thread is started.
    unsafe { lexsarah::ingest::ocr_capi::limit_openmp_threads() };
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; a usage error of `check` is
            // "could not run" (3), of `extract` a usage error (2).
            let code = if !e.use_stderr() {
                Exit::Ok
            } else if matches!(std::env::args().nth(1).as_deref(), Some("check" | "merge")) {
                Exit::CouldNotRun
            } else {
                Exit::UsageOrOutput
            };
            let _ = e.print();
            std::process::exit(code.code());
        }
    };
    let is_check = matches!(cli.command, Command::Check(_));
    if let Some(input) = cli.command.input_mut()
        && let Err(e) = input.load_files_from()
    {
        eprintln!("lexsarah: error: {e}");
        let code = if is_check {
            Exit::CouldNotRun
        } else {
            Exit::UsageOrOutput
        };
        std::process::exit(code.code());
    }
    if matches!(
        cli.command,
        Command::Extract(_) | Command::Check(_) | Command::Stats(_)
    ) {
        lexsarah::interrupt::install();
    }
    let code = match cli.command {
        Command::Extract(args) => {
            cli::finish_batch(cli::run_extract(&args), args.input.quiet, args.json)
        }
        Command::Check(args) => match lexsarah::check::run_check(&args) {
            Ok(outcome) => lexsarah::check::finish(&outcome, &args),
            Err(e) => {
                eprintln!("lexsarah: error: {e}");
                e.interrupted_exit().unwrap_or(Exit::CouldNotRun)
            }
        },
        Command::Stats(args) => {
            cli::finish_batch(lexsarah::stats::run_stats(&args), args.input.quiet, false)
        }
        Command::Merge(args) => cli::merge_command(&args),
        Command::PdfWorker { file } => Exit::Raw(lexsarah::ingest::pdf_worker::worker_main(&file)),
        Command::Completions { shell } => {
            cli::write_completions(shell, &mut std::io::stdout().lock());
            Exit::Ok
        }
        Command::Man { command } => {
            match cli::write_man(command.as_deref(), &mut std::io::stdout().lock()) {
                Ok(()) => Exit::Ok,
                Err(e) => {
                    eprintln!("lexsarah: error: {e}");
                    Exit::UsageOrOutput
                }
            }
        }
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
