//! `esc sync [REMOTE] [--rebase]`: fetch, merge (or rebase onto) what came in, push; again
//! when the remote moved meanwhile. Tickets merge with esc's merge driver, which every esc
//! command registers in the clone.

use crate::error::{Error, Result};
use crate::repo::Workspace;
use crate::repo::remote::GitCli;

/// How often sync fetches, merges and pushes again when someone pushed in between.
const ROUNDS: usize = 5;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct SyncRequest {
    /// The remote; the branch's upstream remote when `None`.
    pub remote: Option<String>,
    /// Rebase local commits onto what came in instead of merging.
    pub rebase: bool,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    pub remote: String,
    pub branch: String,
    /// Commits that came in, and the tickets and reviews they changed (paths in the
    /// repository).
    pub incoming: usize,
    pub changed: Vec<String>,
    /// Commits pushed.
    pub outgoing: usize,
    /// Rounds of fetch, merge and push it took (more than one when the remote moved).
    pub rounds: usize,
}

/// Syncs the current branch with its remote.
pub fn sync(workspace: &Workspace, request: &SyncRequest) -> Result<SyncOutcome> {
    let git = GitCli::new(workspace.git.workdir());
    let branch = current_branch(&git)?;
    let remote = remote_for(&git, &branch, request.remote.as_deref())?;
    refuse_unfinished_work(workspace, &git)?;
    let upstream = format!("refs/remotes/{remote}/{branch}");
    let mut outcome = SyncOutcome {
        remote: remote.clone(),
        branch: branch.clone(),
        incoming: 0,
        changed: Vec::new(),
        outgoing: 0,
        rounds: 0,
    };
    while outcome.rounds < ROUNDS {
        outcome.rounds += 1;
        let fetched = git.run(&["fetch", "--quiet", &remote])?;
        if !fetched.ok {
            return Err(stopped(
                format!("git fetch {remote} failed: {}", fetched.stderr),
                "check the remote's URL and your access to it",
            ));
        }
        let has_upstream = git.run(&["rev-parse", "--verify", "--quiet", &upstream])?.ok;
        if has_upstream {
            let incoming = git.count(&format!("HEAD..{upstream}"))?;
            if incoming > 0 {
                outcome.changed.extend(changed_files(workspace, &git, &upstream)?);
                integrate(&git, &upstream, request.rebase)?;
                outcome.incoming += incoming;
            }
        }
        let outgoing = if has_upstream { git.count(&format!("{upstream}..HEAD"))? } else { git.count("HEAD")? };
        if outgoing == 0 {
            break;
        }
        let pushed = git.run(&["push", "--quiet", &remote, &format!("HEAD:refs/heads/{branch}")])?;
        if pushed.ok {
            outcome.outgoing += outgoing;
            break;
        }
        let moved = ["rejected", "fetch first", "non-fast-forward"].iter().any(|w| pushed.stderr.contains(w));
        if !moved {
            return Err(stopped(
                format!("git push {remote} failed: {}", pushed.stderr),
                "check your access to the remote",
            ));
        }
        if outcome.rounds == ROUNDS {
            return Err(Error::Conflict(format!("{remote} kept moving while esc synced {branch} ({ROUNDS} rounds)")));
        }
    }
    outcome.changed.sort();
    outcome.changed.dedup();
    Ok(outcome)
}

fn stopped(what: String, hint: &str) -> Error {
    Error::Stopped { what, hint: hint.to_string() }
}

fn current_branch(git: &GitCli) -> Result<String> {
    let run = git.run(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
    if !run.ok {
        return Err(stopped(
            "HEAD is detached: esc sync syncs a branch".into(),
            "check out the branch to sync first: git switch main",
        ));
    }
    Ok(run.stdout)
}

/// The remote to sync with: the one asked for, else the branch's upstream remote, else
/// the only remote there is.
fn remote_for(git: &GitCli, branch: &str, asked: Option<&str>) -> Result<String> {
    let remotes: Vec<String> = git.output(&["remote"])?.lines().map(str::to_string).collect();
    if remotes.is_empty() {
        return Err(stopped(
            "this clone has no remote to sync with".into(),
            "add the team's shared repository: git remote add origin URL",
        ));
    }
    if let Some(remote) = asked {
        if !remotes.iter().any(|r| r == remote) {
            return Err(stopped(
                format!("there is no remote '{remote}' (remotes: {})", remotes.join(", ")),
                "git remote -v lists them",
            ));
        }
        return Ok(remote.to_string());
    }
    let configured = git.run(&["config", "--get", &format!("branch.{branch}.remote")])?;
    if configured.ok && !configured.stdout.is_empty() {
        return Ok(configured.stdout);
    }
    Err(stopped(
        format!("branch {branch} has no upstream, so esc does not know where to sync it"),
        &format!("name the remote (esc sync {}), or set one: git push -u {} {branch}", remotes[0], remotes[0]),
    ))
}

/// Refuses to sync over a merge or rebase in progress, or over uncommitted ticket edits.
fn refuse_unfinished_work(workspace: &Workspace, git: &GitCli) -> Result<()> {
    let git_dir = workspace.git.git_dir();
    if git_dir.join("MERGE_HEAD").exists() {
        return Err(stopped(
            "a merge is in progress".into(),
            "finish it (esc conflicts --fix, then git commit) or abort it (git merge --abort)",
        ));
    }
    if git_dir.join("rebase-merge").exists() || git_dir.join("rebase-apply").exists() {
        return Err(stopped(
            "a rebase is in progress".into(),
            "finish it (esc conflicts --fix, then git rebase --continue) or abort it (git rebase --abort)",
        ));
    }
    let paths = [workspace.repo_path("tickets"), workspace.repo_path("reviews")];
    let status = git.output(&["status", "--porcelain", "--", &paths[0], &paths[1]])?;
    if !status.is_empty() {
        let files: Vec<&str> = status.lines().map(|l| l.get(3..).unwrap_or(l)).collect();
        return Err(stopped(
            format!("tickets or reviews have uncommitted changes: {}", files.join(", ")),
            "commit them (git commit) or put them aside (git stash) first",
        ));
    }
    Ok(())
}

/// The tickets and reviews that `upstream` changes relative to HEAD.
fn changed_files(workspace: &Workspace, git: &GitCli, upstream: &str) -> Result<Vec<String>> {
    let paths = [workspace.repo_path("tickets"), workspace.repo_path("reviews")];
    let text = git.output(&["diff", "--name-only", &format!("HEAD...{upstream}"), "--", &paths[0], &paths[1]])?;
    Ok(text.lines().map(str::to_string).collect())
}

/// Merges `upstream` into the branch, or rebases the branch onto it. A stop leaves git's
/// state as it is and says how to go on.
fn integrate(git: &GitCli, upstream: &str, rebase: bool) -> Result<()> {
    let run = if rebase {
        git.run(&["rebase", "--quiet", upstream])?
    } else {
        git.run(&["merge", "--quiet", "--no-edit", upstream])?
    };
    if run.ok {
        return Ok(());
    }
    let unmerged = git.output(&["diff", "--name-only", "--diff-filter=U"])?;
    let (go_on, abort) =
        if rebase { ("git rebase --continue", "git rebase --abort") } else { ("git commit", "git merge --abort") };
    if unmerged.is_empty() {
        return Err(stopped(
            format!("git could not {}: {}", if rebase { "rebase" } else { "merge" }, run.stderr),
            &format!("see git status; {abort} goes back"),
        ));
    }
    let files: Vec<&str> = unmerged.lines().collect();
    Err(stopped(
        format!("the merge stopped on conflicts in {}", files.join(", ")),
        &format!(
            "esc conflicts --fix repairs tickets and reviews; resolve other files by hand, then {go_on}; or {abort}"
        ),
    ))
}
