use std::path::PathBuf;

use anyhow::Context as _;

use esc::ops::merge::merge_file;

use crate::cli::{Outcome, Ui};

/// The merge driver git runs for ticket and review files (`merge=esc` in .gitattributes;
/// esc registers the command in the clone's .git/config). Writes the merge into OURS; exits 0
/// when it is clean, 1 when both sides changed the same body lines (conflict markers are
/// left there for you).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (git's %O; empty when both sides added the file).
    base: PathBuf,
    /// Our version (%A), overwritten with the result.
    ours: PathBuf,
    /// Their version (%B).
    theirs: PathBuf,
    /// The file's path in the repository (%P).
    path: String,
}

pub fn run(args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let read = |path: &PathBuf| std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()));
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let merged = merge_file(&args.path, &base, &ours, &theirs);
    // Beside the file and renamed over it, so an interrupted driver leaves git's copy whole.
    let temp = args.ours.with_extension("esc-merge.tmp");
    std::fs::write(&temp, &merged.text).with_context(|| format!("writing {}", temp.display()))?;
    std::fs::rename(&temp, &args.ours).with_context(|| format!("writing {}", args.ours.display()))?;
    if merged.conflicts.is_empty() {
        return Ok(Outcome::Success);
    }
    let what = merged.conflicts.join(", ");
    ui.status(&format!("esc merge: {}: both sides changed the same {what}; see the conflict markers", args.path));
    Ok(Outcome::Findings)
}
