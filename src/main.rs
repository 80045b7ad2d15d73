//! Thin binary: parse arguments, call the library, map the outcome to an
//! exit code. A broken pipe on stdout exits quietly.

use clap::Parser;
use lexsarah::cli::{self, Cli, Command, exit};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Extract(args) => match cli::run_extract(&args) {
            Ok(totals) => {
                eprintln!("{}", cli::summary_line(&totals));
                cli::exit_code(&totals)
            }
            Err(e) => {
                eprintln!("lexsarah: error: {e}");
                exit::USAGE_OR_OUTPUT
            }
        },
        Command::PdfWorker { file } => lexsarah::ingest::pdf_worker::worker_main(&file),
    };
    std::process::exit(code);
}
