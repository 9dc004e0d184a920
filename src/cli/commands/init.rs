use std::path::Path;

use esc::ops::init::{InitOutcome, init};

use crate::cli::views::init::InitView;
use crate::cli::{Outcome, Ui};

/// Make this folder a ticket repository (policy, attributes, first commit).
///
/// Make this folder a ticket repository: writes .esc/config.yaml (the team's policy, with
/// commented defaults) and .gitattributes, and commits them. Creates the git repository if
/// there is none. Running it again changes nothing.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id prefix (ids look like PREFIX-7K2M9QXA).
    #[arg(long, value_name = "P")]
    prefix: Option<String>,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let outcome = init(dir, args.prefix.as_deref(), esc::clock::now(None)?)?;
    let (root, already) = match &outcome {
        InitOutcome::Created { root, created_git_repository, .. } => {
            if *created_git_repository {
                ui.status(&format!("created a git repository in {}", root.display()));
            }
            ui.status(&format!("initialised esc in {}: edit .esc/config.yaml to match your team", root.display()));
            (root, false)
        }
        InitOutcome::AlreadyInitialised { root } => {
            ui.status(&format!("already initialised: {} holds .esc/ (nothing changed)", root.display()));
            (root, true)
        }
    };
    if ui.json {
        ui.print_json(&InitView { root, already_initialised: already })?;
    }
    Ok(Outcome::Success)
}
