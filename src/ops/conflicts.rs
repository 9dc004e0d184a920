//! `esc conflicts [--fix]`: the tickets and reviews a merge left unresolved (a merge made
//! without esc's driver: a hosting service's merge button, a clone without esc), and their
//! repair by esc's merge.

use crate::error::Result;
use crate::ops::merge::merge_file;
use crate::repo::{Workspace, conflict_marker_line};

/// How a file is in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// Git's index holds its versions from both sides (a merge or rebase stopped on it).
    Unmerged,
    /// The file has conflict markers, from this line (perhaps committed that way).
    Markers { line: usize },
}

/// A file in conflict, by its path relative to the esc root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictedFile {
    pub path: String,
    pub conflict: Conflict,
}

/// What `--fix` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub path: String,
    /// What still conflicts after esc's merge (both sides changed the same body lines):
    /// markers are left in the file for a person, and it is not staged.
    pub remaining: Vec<String>,
}

/// Every ticket and review in conflict, unmerged ones first, each once.
pub fn conflicts(workspace: &Workspace) -> Result<Vec<ConflictedFile>> {
    let mut found: Vec<ConflictedFile> = workspace
        .git
        .unmerged(&workspace.repo_path(""))?
        .into_iter()
        .filter_map(|u| workspace.root_relative(&u.path))
        .filter(|path| is_esc_file(path))
        .map(|path| ConflictedFile { path, conflict: Conflict::Unmerged })
        .collect();
    let mut paths: Vec<String> = workspace.ticket_paths()?.into_iter().map(|t| workspace.relative(&t.path)).collect();
    paths.extend(workspace.review_paths()?.into_iter().map(|(relative, _)| relative));
    for path in paths {
        if found.iter().any(|f| f.path == path) {
            continue;
        }
        let Some(text) = workspace.read_file(&path)? else { continue };
        if let Some(line) = conflict_marker_line(&String::from_utf8_lossy(&text)) {
            found.push(ConflictedFile { path, conflict: Conflict::Markers { line } });
        }
    }
    Ok(found)
}

/// Merges every conflicted ticket and review with esc's merge, writes it and stages it
/// (`git add`) when nothing is left to resolve; committing, or continuing the rebase, is
/// left to the user.
pub fn fix_conflicts(workspace: &Workspace) -> Result<Vec<Fixed>> {
    let unmerged = workspace.git.unmerged(&workspace.repo_path(""))?;
    let mut fixed = Vec::new();
    for file in conflicts(workspace)? {
        let repo_path = workspace.repo_path(&file.path);
        let (base, ours, theirs) = match &file.conflict {
            Conflict::Unmerged => {
                let versions = unmerged.iter().find(|u| u.path == repo_path).expect("listed as unmerged");
                let text = |bytes: &Option<Vec<u8>>| bytes.as_deref().map(|b| String::from_utf8_lossy(b).into_owned());
                match (text(&versions.ours), text(&versions.theirs)) {
                    (Some(ours), Some(theirs)) => (text(&versions.base).unwrap_or_default(), ours, theirs),
                    // Deleted on one side, changed on the other: keep the changed file.
                    (Some(kept), None) | (None, Some(kept)) => (kept.clone(), kept.clone(), kept),
                    (None, None) => continue,
                }
            }
            Conflict::Markers { .. } => {
                let bytes = workspace.read_file(&file.path)?.unwrap_or_default();
                split_markers(&String::from_utf8_lossy(&bytes))
            }
        };
        let merged = merge_file(&repo_path, &base, &ours, &theirs);
        if merged.conflicts.is_empty() {
            workspace.git.stage_resolved(&repo_path, merged.text.as_bytes())?;
        } else {
            // Lines both sides changed need a person: write what merged, do not stage it.
            workspace.git.write_unstaged(&repo_path, merged.text.as_bytes())?;
        }
        fixed.push(Fixed { path: file.path, remaining: merged.conflicts });
    }
    Ok(fixed)
}

/// Whether `path` (relative to the root) is a ticket or a review.
fn is_esc_file(path: &str) -> bool {
    path.ends_with(".md") && (path.starts_with("tickets/") || path.starts_with("reviews/"))
}

/// The three versions inside a text with conflict markers: (base, ours, theirs). Lines
/// outside the markers are in all three; without a `|||||||` section the base has none of
/// the conflicting lines, so each side's are new.
pub fn split_markers(text: &str) -> (String, String, String) {
    #[derive(PartialEq)]
    enum Part {
        Shared,
        Ours,
        Base,
        Theirs,
    }
    let (mut base, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    let mut part = Part::Shared;
    for line in text.split_inclusive('\n') {
        match part {
            Part::Shared if line.starts_with("<<<<<<<") => part = Part::Ours,
            Part::Ours if line.starts_with("|||||||") => part = Part::Base,
            Part::Ours | Part::Base if line.starts_with("=======") => part = Part::Theirs,
            Part::Theirs if line.starts_with(">>>>>>>") => part = Part::Shared,
            Part::Shared => {
                base.push_str(line);
                ours.push_str(line);
                theirs.push_str(line);
            }
            Part::Ours => ours.push_str(line),
            Part::Base => base.push_str(line),
            Part::Theirs => theirs.push_str(line),
        }
    }
    (base, ours, theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_split_into_the_three_versions() {
        let text = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n";
        assert_eq!(split_markers(text), ("a\nc\ne\n".into(), "a\nb\ne\n".into(), "a\nd\ne\n".into()));
        let text = "a\n<<<<<<< HEAD\nb\n=======\nd\n>>>>>>> 1234abc (x)\n";
        assert_eq!(split_markers(text), ("a\n".into(), "a\nb\n".into(), "a\nd\n".into()));
    }
}
