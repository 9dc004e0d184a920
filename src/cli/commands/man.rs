use std::path::PathBuf;

use anyhow::Context as _;
use clap::CommandFactory;

use crate::cli::{Cli, Outcome, Ui};

/// Print the man page (roff), or write one page per command into a folder with --dir.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc man | man -l -
  esc man --dir ~/.local/share/man/man1     esc.1, esc-list.1, esc-escalate.1, …")]
pub struct Args {
    /// Write esc.1 and one page per command (esc-list.1, …) into this folder (created if needed).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let Some(dir) = args.dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page)?;
        ui.print(&String::from_utf8(page)?)?;
        return Ok(Outcome::Success);
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    clap_mangen::generate_to(Cli::command(), &dir)
        .with_context(|| format!("writing man pages into {}", dir.display()))?;
    let pages = std::fs::read_dir(&dir)?.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".1")).count();
    ui.status(&format!("man: {pages} pages in {}", dir.display()));
    Ok(Outcome::Success)
}
