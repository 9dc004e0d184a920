//! The `esc` binary: parse, run, map the result to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::signals::install();
    cli::main()
}
