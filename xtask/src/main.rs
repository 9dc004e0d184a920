//! esc's development tasks, run as `cargo xtask TASK` (the alias is in `.cargo/config.toml`):
//!
//! - `sample-history` plays Northwind Cloud's escalation history through the esc binary and
//!   copies the tickets and reviews into `sample-repo/` (see `test-data/README.md`);
//! - `bench-repo` writes a large ticket repository for the benchmarks (`bench/run.sh`);
//! - `bench-history` adds a long history of commits to one.

mod bench_history;
mod bench_repo;
mod sample_history;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "esc's development tasks", disable_help_subcommand = true)]
enum Task {
    /// Generate the sample repository's ticket history (test-data/README.md).
    SampleHistory(sample_history::Options),
    /// Write N ticket files into an esc root, for benchmarks (bench/run.sh).
    BenchRepo(bench_repo::Options),
    /// Add N commits, each changing one ticket, on top of a benchmark repository.
    BenchHistory(bench_history::Options),
}

fn main() -> ExitCode {
    let result = match Task::parse() {
        Task::SampleHistory(options) => sample_history::run(&project_root(), &options),
        Task::BenchRepo(options) => bench_repo::run(&options),
        Task::BenchHistory(options) => bench_history::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// The repository root: the xtask package lives in `<root>/xtask`.
fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
