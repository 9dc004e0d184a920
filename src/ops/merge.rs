//! `esc merge-driver`: what git runs to merge a file esc owns (registered by
//! [`crate::repo::git::GitRepo::register_merge_driver`], named by `.gitattributes`).
//!
//! Tickets and reviews merge by meaning ([`crate::ticket::merge`], [`crate::review::merge`]);
//! any other file, or one that does not parse on a side, merges line by line as git would.

use std::path::Path;

use crate::error::{Error, Result};
use crate::repo::ATTRIBUTES_FILE;
use crate::repo::git::GitRepo;
use crate::review::merge::merge_review;
use crate::ticket::merge::{merge_body, merge_ticket};

/// The merged text and what conflicted (empty when the merge is clean).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMerge {
    pub text: String,
    pub conflicts: Vec<String>,
}

/// Merges the three versions of the file at `path` (relative to the repository; it decides
/// how the file is read). `base` is empty when both sides added the file.
pub fn merge_file(path: &str, base: &str, ours: &str, theirs: &str) -> FileMerge {
    let in_folder = |folder: &str| path.ends_with(".md") && path.split('/').any(|part| part == folder);
    let base_text = (!base.is_empty()).then_some(base);
    let by_meaning = if in_folder("tickets") {
        merge_ticket(base_text, ours, theirs).ok()
    } else if in_folder("reviews") {
        merge_review(base_text, ours, theirs).ok()
    } else {
        None
    };
    if let Some(merged) = by_meaning {
        return FileMerge { text: merged.text, conflicts: merged.conflicts };
    }
    match merge_body(base, ours, theirs) {
        Ok(text) => FileMerge { text, conflicts: Vec::new() },
        Err(text) => FileMerge { text, conflicts: vec!["lines".to_string()] },
    }
}

/// What [`ensure_merge_driver`] set up in the clone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DriverSetup {
    /// The driver command was written to `.git/config`.
    pub registered: bool,
    /// `merge=esc` was written to `.git/info/attributes`, because the committed
    /// `.gitattributes` (the user's own) does not name the driver.
    pub attributes: bool,
}

/// Makes sure git merges the tickets of the esc root `root` with esc: the driver is
/// registered in the clone's `.git/config` running `program`, and ticket and review files
/// are marked `merge=esc`.
pub fn ensure_merge_driver(git: &GitRepo, root: &Path, program: &Path) -> Result<DriverSetup> {
    let registered = git.register_merge_driver(program)?;
    let attributes = mark_merge_attributes(git, root)?;
    Ok(DriverSetup { registered, attributes })
}

/// Adds `merge=esc` lines to the clone's `.git/info/attributes` when neither the committed
/// `.gitattributes` nor that file says how tickets merge (a repository whose
/// `.gitattributes` predates esc, or is the user's own).
fn mark_merge_attributes(git: &GitRepo, root: &Path) -> Result<bool> {
    let says_merge = |path: &Path| std::fs::read_to_string(path).is_ok_and(|text| text.contains("merge="));
    let info = git.git_dir().join("info").join("attributes");
    if says_merge(&root.join(ATTRIBUTES_FILE)) || says_merge(&info) {
        return Ok(false);
    }
    let prefix = root.strip_prefix(git.workdir()).unwrap_or(Path::new("")).to_string_lossy().replace('\\', "/");
    let prefix = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
    let mut text = std::fs::read_to_string(&info).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("# Added by esc: merge tickets and reviews by meaning.\n{prefix}tickets/**/*.md merge=esc\n{prefix}reviews/*.md merge=esc\n"));
    let dir = info.parent().expect("info/attributes has a folder");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let _critical = crate::interrupt::Critical::enter()?;
    let temp = info.with_extension("esc.tmp");
    std::fs::write(&temp, text).map_err(|e| Error::io(&temp, e))?;
    std::fs::rename(&temp, &info).map_err(|e| Error::io(&info, e))?;
    Ok(true)
}
