use std::path::Path;

use esc::ops::conflicts::{conflicts, fix_conflicts};

use crate::cli::commands::workspace;
use crate::cli::views::conflicts::{
    ConflictView, ConflictsView, FixedListView, FixedView, conflict_lines, fixed_lines,
};
use crate::cli::{Outcome, Ui};

/// List, or repair with --fix, the tickets and reviews a merge left in conflict.
///
/// List tickets and reviews a merge left in conflict (a merge made without esc's merge driver,
/// such as a hosting service's merge button), or repair them with --fix. Exits 1 when it
/// lists any.
///
/// --fix merges each file by meaning (from git's index, or from the two sides inside the
/// conflict markers), writes it and stages it. Then `git commit` (or `git rebase --continue`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Merge each conflicted file with esc's merge, write it and stage it.
    #[arg(long)]
    fix: bool,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    if !args.fix {
        let found = conflicts(&workspace)?;
        if ui.json {
            ui.print_json(&ConflictsView { conflicts: found.iter().map(ConflictView::new).collect() })?;
        } else {
            ui.print(&conflict_lines(&found))?;
        }
        if found.is_empty() {
            ui.status("conflicts: none");
            return Ok(Outcome::Success);
        }
        ui.status("hint: `esc conflicts --fix` merges them by meaning and stages them");
        return Ok(Outcome::Findings);
    }
    let fixed = fix_conflicts(&workspace)?;
    if ui.json {
        ui.print_json(&FixedListView { fixed: fixed.iter().map(FixedView::new).collect() })?;
    } else {
        ui.print(&fixed_lines(&fixed))?;
    }
    if fixed.is_empty() {
        ui.status("conflicts: none to fix");
    } else {
        let git_dir = workspace.git.git_dir();
        let next = if git_dir.join("rebase-merge").exists() || git_dir.join("rebase-apply").exists() {
            "git rebase --continue"
        } else {
            "git commit"
        };
        ui.status(&format!("conflicts: the merged files are staged; finish with `{next}`"));
    }
    let unresolved = fixed.iter().any(|f| !f.remaining.is_empty());
    Ok(if unresolved { Outcome::Findings } else { Outcome::Success })
}
