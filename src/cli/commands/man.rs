use clap::CommandFactory;

use crate::cli::{Cli, Outcome, Ui};

/// Print the man page (roff), e.g. `esc man > esc.1`.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    ui.print(&String::from_utf8(page)?)?;
    Ok(Outcome::Success)
}
