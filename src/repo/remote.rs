//! The git CLI, for what gix cannot do: fetch and push (gix has no push, and the CLI brings
//! the user's credentials, ssh configuration and remotes), and the merge or rebase of what
//! came in, so that git runs esc's merge driver for tickets and its own merge for the rest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::children::{drain, terminate};
use crate::error::{Error, Result};
use crate::interrupt::Critical;

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
    ///
    /// A signal to esc is passed on to git as SIGTERM (git then removes its own lock and
    /// temporary files) and esc stops with [`Error::Interrupted`] once git has ended.
    pub fn run(&self, args: &[&str]) -> Result<GitRun> {
        let _critical = Critical::enter()?;
        let mut child = Command::new("git")
            .args(args)
            .current_dir(&self.workdir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::Git(format!("cannot run git (is it installed?): {e}")))?;
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let mut passed_on: Option<Instant> = None;
        let status = loop {
            if let Some(status) = child.try_wait().map_err(|e| Error::Git(format!("waiting for git: {e}")))? {
                break status;
            }
            match passed_on {
                None if crate::interrupt::requested().is_some() => {
                    terminate(&mut child, false);
                    passed_on = Some(Instant::now());
                }
                // A git that ignores SIGTERM is not waited for past a second.
                Some(since) if since.elapsed() > Duration::from_secs(1) => {
                    let _ = child.kill();
                }
                _ => {}
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if passed_on.is_some() {
            return Err(Error::Interrupted);
        }
        Ok(GitRun {
            ok: status.success(),
            stdout: String::from_utf8_lossy(&stdout.join().unwrap_or_default()).trim_end().to_string(),
            stderr: String::from_utf8_lossy(&stderr.join().unwrap_or_default()).trim_end().to_string(),
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
