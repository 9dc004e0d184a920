//! `esc init`: make a folder a ticket repository.

use std::path::{Path, PathBuf};

use crate::clock::Now;
use crate::error::{Error, Result};
use crate::policy::{Config, DEFAULT_CONFIG};
use crate::repo::commit_message::repository_message;
use crate::repo::git::{Expected, FileChange, GitRepo, ObjectId};
use crate::repo::{CONFIG_FILE, Workspace, find_root};
use crate::ticket::is_valid_id_prefix;

/// Line endings stay LF everywhere: esc writes blobs unfiltered.
const GITATTRIBUTES: &str = "\
# Written by esc init: tickets, reviews and the policy are LF text on every platform, and
# tickets and reviews merge with esc's merge driver (each clone's .git/config says what runs).
tickets/**/*.md text eol=lf merge=esc
reviews/*.md text eol=lf merge=esc
.esc/*.yaml text eol=lf
";

/// What `esc init` did.
#[derive(Debug)]
pub enum InitOutcome {
    Created { root: PathBuf, created_git_repository: bool, commit: Option<ObjectId> },
    AlreadyInitialised { root: PathBuf },
}

/// Writes `.esc/config.yaml` and `.gitattributes` in `dir` and commits them.
pub fn init(dir: &Path, prefix: Option<&str>, now: Now) -> Result<InitOutcome> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if let Ok(root) = find_root(dir) {
        return Ok(InitOutcome::AlreadyInitialised { root });
    }
    let prefix = prefix.map(str::to_ascii_uppercase);
    if let Some(p) = &prefix
        && !is_valid_id_prefix(p)
    {
        return Err(Error::InvalidInput(format!(
            "'{p}' cannot prefix ticket ids: use a letter followed by letters or digits, like ESC or OPS"
        )));
    }
    let (git, created_git_repository) = match GitRepo::discover(dir) {
        Ok(git) => (git, false),
        Err(Error::NotAGitRepository { .. }) => (GitRepo::init(dir)?, true),
        Err(e) => return Err(e),
    };
    // Before writing anything: a repository esc just created is removed again.
    if let Err(e) = git.identity() {
        if created_git_repository {
            let _ = std::fs::remove_dir_all(dir.join(".git"));
        }
        return Err(e);
    }

    let config_text = match &prefix {
        Some(p) => DEFAULT_CONFIG.replacen("id_prefix: ESC", &format!("id_prefix: {p}"), 1),
        None => DEFAULT_CONFIG.to_string(),
    };
    let root = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    let config = Config::parse(&config_text, Path::new(CONFIG_FILE))?;
    let workspace = Workspace::new(root.clone(), git, config)?;

    let config_path = workspace.repo_path(CONFIG_FILE);
    let attributes_path = workspace.repo_path(".gitattributes");
    let mut changes =
        vec![FileChange { path: &config_path, contents: config_text.as_bytes(), expected: Expected::Absent }];
    // A .gitattributes the user already has is theirs; esc does not edit it.
    if !root.join(".gitattributes").exists() {
        changes.push(FileChange {
            path: &attributes_path,
            contents: GITATTRIBUTES.as_bytes(),
            expected: Expected::Absent,
        });
    }
    let message = repository_message("init", "ticket repository with the default policy");
    let commit = workspace.git.commit_files(&changes, &message, now.commit_time())?;
    Ok(InitOutcome::Created { root, created_git_repository, commit })
}
