//! The `esc` binary: parse, run, map the result to an exit code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A Ctrl-C mid-commit must not leave git's lock files behind.
    let _interrupt = gix::interrupt::init_handler_default(1);
    cli::main()
}
