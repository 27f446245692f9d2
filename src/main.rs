//! The `swfcheck` command line: argument parsing and dispatch (`src/cli/`, one file per
//! command); the work is in the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::dispatch(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("swfcheck: error: {}", cli::chain(&e));
            ExitCode::from(2)
        }
    }
}
