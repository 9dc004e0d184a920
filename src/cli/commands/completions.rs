use clap::CommandFactory;

use crate::cli::{Cli, Outcome, Ui};

/// Print a shell completion script (see --help for completions that know ids).
///
/// A static script, e.g. `esc completions bash > ~/.local/share/bash-completion/completions/esc`,
/// completes commands and flags. For completions that also know this repository's ticket
/// ids, levels, teams, severities and priorities, let esc answer the shell itself:
/// `source <(COMPLETE=bash esc)` in ~/.bashrc (zsh: `source <(COMPLETE=zsh esc)`, fish:
/// `COMPLETE=fish esc | source`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write the script for.
    shell: clap_complete::Shell,
}

pub fn run(args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "esc", &mut script);
    ui.print(&String::from_utf8(script)?)?;
    Ok(Outcome::Success)
}
