//! The `esc` binary: parse, run, map the result to an exit code.

mod cli;

use std::process::ExitCode;

/// Reading every ticket makes millions of small allocations; mimalloc halves their cost
/// against the system allocator (measured in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::signals::install();
    cli::main()
}
