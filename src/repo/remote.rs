//! The git CLI, for what gix cannot do: fetch and push (gix has no push, and the CLI brings
//! the user's credentials, ssh configuration and remotes), and the merge or rebase of what
//! came in, so that git runs esc's merge driver for tickets and its own merge for the rest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// `git` run in one working tree.
pub struct GitCli {
    workdir: PathBuf,
}

/// What one git command did.
#[derive(Debug)]
pub struct GitRun {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl GitCli {
    pub fn new(workdir: &Path) -> GitCli {
        GitCli { workdir: workdir.to_path_buf() }
    }

    /// Runs `git ARGS`; a git that cannot be started is an error, a failing one is not.
    pub fn run(&self, args: &[&str]) -> Result<GitRun> {
        let output = Command::new("git")
            .args(args)
            .current_dir(&self.workdir)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error::Git(format!("cannot run git (is it installed?): {e}")))?;
        Ok(GitRun {
            ok: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).trim_end().to_string(),
            stderr: String::from_utf8_lossy(&output.stderr).trim_end().to_string(),
        })
    }

    /// Runs `git ARGS`, which must succeed; returns its output.
    pub fn output(&self, args: &[&str]) -> Result<String> {
        let run = self.run(args)?;
        if !run.ok {
            return Err(Error::Git(format!("git {} failed: {}", args.join(" "), run.stderr)));
        }
        Ok(run.stdout)
    }

    /// The number of commits in `range` (`A..B`).
    pub fn count(&self, range: &str) -> Result<usize> {
        let text = self.output(&["rev-list", "--count", range])?;
        text.trim().parse().map_err(|_| Error::Git(format!("git rev-list --count {range}: {text}")))
    }
}
