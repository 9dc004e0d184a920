//! Running the esc binary and git in the generated repository, one process per action, as
//! the agent who takes it and at the story's time.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use anyhow::{Context, Result, bail, ensure};
use esc::clock::{Timestamp, format_timestamp};

/// Runs commands in one repository.
pub struct Runner {
    pub esc: PathBuf,
    pub repo: PathBuf,
}

impl Runner {
    /// `esc -C REPO --no-hooks ARGS` as `who` (`Name <email>`) at `at`; its stdout, trimmed.
    pub fn esc_as<S: AsRef<OsStr>>(&self, who: &str, at: Timestamp, args: &[S]) -> Result<String> {
        let mut command = self.command(&self.esc);
        command.arg("-C").arg(&self.repo).arg("--no-hooks").args(args);
        as_author(&mut command, who, None);
        command.env("ESC_NOW", format_timestamp(&at));
        Ok(String::from_utf8_lossy(&checked(command)?.stdout).trim().to_string())
    }

    /// `esc -C DIR ARGS` with the system clock, whatever its exit status.
    pub fn esc_output<S: AsRef<OsStr>>(&self, dir: &Path, args: &[S]) -> Result<Output> {
        let mut command = self.command(&self.esc);
        command.arg("-C").arg(dir).args(args);
        command.output().with_context(|| format!("cannot run {}", self.esc.display()))
    }

    /// `git -C REPO ARGS`; with `by`, committed as that identity at that time.
    pub fn git<S: AsRef<OsStr>>(&self, by: Option<(&str, Timestamp)>, args: &[S]) -> Result<()> {
        let mut command = self.command(Path::new("git"));
        command.arg("-C").arg(&self.repo).args(args);
        if let Some((who, at)) = by {
            as_author(&mut command, who, Some(at));
        }
        checked(command).map(|_| ())
    }

    /// A command that sees only the repository's own git configuration (no global hooks,
    /// signing or templates) and prints no colours.
    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("NO_COLOR", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("ESC_NOW");
        command
    }
}

/// Author and committer: `who`, and with `at` the commit dates too.
fn as_author(command: &mut Command, who: &str, at: Option<Timestamp>) {
    let (name, email) = split_identity(who);
    command
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email);
    if let Some(at) = at {
        let at = format_timestamp(&at);
        command.env("GIT_AUTHOR_DATE", &at).env("GIT_COMMITTER_DATE", &at);
    }
}

/// `("Ana Lima", "ana@northwind.example")` from `Ana Lima <ana@northwind.example>`.
pub fn split_identity(who: &str) -> (&str, &str) {
    match who.split_once(" <") {
        Some((name, email)) => (name, email.trim_end_matches('>')),
        None => (who, ""),
    }
}

/// Runs `command`; a failure carries its stderr.
fn checked(mut command: Command) -> Result<Output> {
    let output = command.output().with_context(|| format!("cannot run {:?}", command.get_program()))?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr).trim_end());
    }
    Ok(output)
}

/// The esc binary to drive: `$ESC` if set, else `cargo build --bin esc` (debug) in `root`.
pub fn binary(root: &Path) -> Result<PathBuf> {
    if let Some(esc) = std::env::var_os("ESC").filter(|v| !v.is_empty()) {
        let esc = PathBuf::from(esc);
        let path = if esc.components().count() > 1 { std::path::absolute(&esc)? } else { on_path(&esc)? };
        ensure!(path.is_file(), "no esc binary at {} (ESC={})", path.display(), esc.display());
        return Ok(path);
    }
    build(root)
}

/// A bare program name, looked up on `PATH`.
fn on_path(name: &Path) -> Result<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .with_context(|| format!("ESC={} is not on PATH", name.display()))
}

/// Builds the esc binary and returns where cargo put it.
fn build(root: &Path) -> Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building esc (cargo build --bin esc); set ESC=/path/to/esc to use another binary");
    let output = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--quiet", "--package", "esc", "--bin", "esc", "--message-format=json-render-diagnostics"])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    ensure!(output.status.success(), "cargo build --bin esc failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let executable = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact" && message["target"]["name"] == "esc")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from));
    executable.context("cargo built no esc executable")
}
