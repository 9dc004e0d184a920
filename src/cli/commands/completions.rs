use clap::CommandFactory;

use crate::cli::{Cli, Outcome, Ui};

/// Print a shell completion script, e.g. `esc completions bash > ~/.local/share/bash-completion/completions/esc`.
#[derive(Debug, clap::Args)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "esc", &mut script);
    ui.print(&String::from_utf8(script)?)?;
    Ok(Outcome::Success)
}
