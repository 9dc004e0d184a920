//! The failures a user can meet, each with a message and, where it helps, a hint.
//!
//! Every variant but [`Error::Moved`] is a user-facing failure (exit code 2). Findings
//! (`esc lint`, `esc check`) are data, not errors, and never pass through here.

use std::path::PathBuf;

/// The words every "value out of range" message carries (a time outside the years esc
/// accepts, a duration of 100 years or more), so the error can say how to fix it.
pub const OUT_OF_RANGE: &str = "outside the range esc accepts";

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem at a place in a file, shown as `path:line: message`, the form editors and CI
/// annotate. The path is relative to the esc root. Lint findings, parse errors, policy
/// problems and what keeps a review from being published are all diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<String>, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic { path: path.into(), line, message: message.into() }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Paths and messages come from the repository: never raw control characters.
        let (path, message) = (crate::text::escape_line(&self.path), crate::text::escape_line(&self.message));
        write!(f, "{path}:{}: {message}", self.line)
    }
}

/// What moved underneath an operation: a signal to decide it again, not a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved(pub String);

impl std::fmt::Display for Moved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything that can stop an esc operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not inside an esc ticket repository (no .esc/ folder found from {0})")]
    NotInitialized(PathBuf),

    #[error("{path} is not inside a git repository with a working tree")]
    NotAGitRepository { path: PathBuf },

    #[error("no ticket matches '{query}'")]
    TicketNotFound { query: String, closest: Option<String> },

    #[error("'{query}' matches several tickets: {}", candidates.join(", "))]
    AmbiguousId { query: String, candidates: Vec<String> },

    #[error("'{0}' is not a ticket id: ids look like ESC-7K2M9QXA (letters and digits only)")]
    InvalidId(String),

    /// A ticket or review file esc cannot use as it is.
    #[error("{0}")]
    BadFile(Diagnostic),

    /// The policy, `.esc/config.yaml`.
    #[error("{0}")]
    BadConfig(Diagnostic),

    /// A ticket or review with git's conflict markers: a merge made without esc's driver.
    #[error("{0}")]
    MergeConflict(Diagnostic),

    #[error("invalid {field} '{value}'")]
    InvalidValue { field: &'static str, value: String, allowed: Vec<String> },

    #[error("{0}")]
    InvalidInput(String),

    /// A command line that cannot work as given: flags that do not go together, a key or
    /// name the command does not know. The hint says what would.
    #[error("{message}")]
    Usage { message: String, hint: String },

    /// A choice the policy does not offer (a triage answer, a triage question), with the
    /// closest one when it looks like a typo of it.
    #[error("{message}")]
    UnknownChoice { message: String, suggestion: Option<String>, allowed: Vec<String> },

    #[error("{path} has uncommitted changes; esc will not overwrite them")]
    UncommittedChanges { path: PathBuf },

    #[error("no git identity configured: esc records who did what")]
    NoIdentity,

    #[error("cannot {action} {id}: {reason}")]
    NotAllowed { action: String, id: String, reason: String, hint: String },

    #[error("{what}: {} problem{}", problems.len(), crate::text::plural(problems.len()))]
    NotReady { what: String, problems: Vec<Diagnostic> },

    #[error("{0}")]
    Conflict(String),

    /// A signal (SIGINT, SIGTERM, SIGHUP) asked esc to stop while it waited; nothing was
    /// written.
    #[error("interrupted: stopped before writing anything")]
    Interrupted,

    /// A path esc would read or write is not a regular file in real folders inside the
    /// repository (a symlink on the way, a folder or device where a file belongs).
    #[error("{}: {reason}", crate::text::escape_line(&path.display().to_string()))]
    UnsafePath { path: PathBuf, reason: String },

    /// A file larger than esc reads (`esc.maxFileBytes`), read no further.
    #[error("{}: {}", crate::text::escape_line(&path.display().to_string()), too_large(*limit))]
    TooLarge { path: PathBuf, limit: u64 },

    /// A git lock file stayed in place longer than esc waits for one.
    #[error("git's lock {} is held: another git or esc process is using the repository", path.display())]
    Locked { path: PathBuf },

    /// Something outside esc (git, the remote) stopped the operation; the hint says how to
    /// go on.
    #[error("{what}")]
    Stopped { what: String, hint: String },

    /// The ticket or the branch moved while esc worked on it. Internal: the operation is
    /// decided again on the new version, and only if that keeps happening does the user see
    /// a [`Error::Conflict`].
    #[error("{0}")]
    Moved(Moved),

    #[error("git: {0}")]
    Git(String),

    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl Error {
    /// A short suggestion for the user, printed as `hint: …` under the error.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NotInitialized(_) => Some("run `esc init` in your repository, or pass -C DIR".into()),
            Error::TicketNotFound { closest: Some(id), .. } => {
                Some(format!("did you mean {id}? `esc list --all` shows every ticket"))
            }
            Error::TicketNotFound { closest: None, .. } => Some("`esc list --all` shows every ticket".into()),
            Error::AmbiguousId { .. } => Some("type more characters of the id".into()),
            Error::InvalidValue { allowed, value, .. } if !allowed.is_empty() => Some(format!(
                "{}allowed values (from .esc/config.yaml): {}",
                crate::suggest::did_you_mean(value, allowed.iter().map(String::as_str)),
                allowed.join(", ")
            )),
            Error::BadConfig(problem) if problem.message.contains("unknown field `") => {
                unknown_field_hint(&problem.message)
            }
            Error::BadConfig(problem)
                if problem.message.contains("holiday_files: ") || problem.message.contains("iCalendar") =>
            {
                Some(
                    "a calendar's holiday_files are iCalendar (.ics) files committed in the repository, named from \
                     the esc root (the folder holding .esc/), like .esc/holidays/nl.ics"
                        .into(),
                )
            }
            Error::UnknownChoice { suggestion, allowed, .. } => {
                let allowed = format!("allowed values (from .esc/config.yaml): {}", allowed.join(", "));
                Some(match suggestion {
                    Some(suggestion) => format!("did you mean {suggestion}? {allowed}"),
                    None => allowed,
                })
            }
            Error::UncommittedChanges { .. } => {
                Some("commit or discard your edits first (git add/commit, or git restore)".into())
            }
            Error::NoIdentity => Some(
                "set one with `git config user.name \"Your Name\"` and `git config user.email you@example.com`".into(),
            ),
            Error::Conflict(_) => Some("run the command again".into()),
            Error::Locked { path } => Some(format!(
                "wait for that process to finish; if no git or esc process is running, the lock is left from a crash: remove it (rm '{}')",
                path.display()
            )),
            Error::UnsafePath { .. } => Some(
                "esc reads and writes only regular files in real folders inside the repository: put the real \
                 folder or file where this one is (git rm it, then add the real one)"
                    .into(),
            ),
            Error::TooLarge { .. } => {
                Some("split the file, or raise the limit for this clone: git config esc.maxFileBytes N".into())
            }
            Error::MergeConflict(_) => Some(
                "`esc conflicts --fix` merges it by meaning; then `git commit` (or `git rebase --continue`)".into(),
            ),
            Error::NotAllowed { hint, .. } | Error::Stopped { hint, .. } | Error::Usage { hint, .. } => {
                Some(hint.clone())
            }
            Error::BadFile(problem) | Error::BadConfig(problem) if problem.message.contains(OUT_OF_RANGE) => {
                Some(if problem.message.contains("100 years") {
                    "give a duration under 100 years, like 4h, 3d or 2 business days".into()
                } else {
                    "times and dates must fall in the years 1970 to 9999: correct the value (git log -p shows who wrote it)".into()
                })
            }
            Error::BadFile(problem) | Error::BadConfig(problem)
                if crate::frontmatter::syntax_hint(&problem.message).is_some() =>
            {
                crate::frontmatter::syntax_hint(&problem.message).map(str::to_string)
            }
            Error::NotReady { .. } => Some(
                "fill in the sections (comments do not count) and give every action item an owner and a due date"
                    .into(),
            ),
            _ => None,
        }
    }

    /// The problem as a finding at its file, for an error about one file (it does not parse,
    /// holds conflict markers, is refused as unsafe or is too large).
    pub fn in_one_file(&self) -> Option<Diagnostic> {
        match self {
            Error::BadFile(problem) | Error::MergeConflict(problem) => Some(problem.clone()),
            Error::UnsafePath { path, reason } => Some(Diagnostic::new(path.display().to_string(), 1, reason.clone())),
            Error::TooLarge { path, limit } => Some(Diagnostic::new(path.display().to_string(), 1, too_large(*limit))),
            _ => None,
        }
    }

    /// Lines that explain the error in full, printed under it (one problem per line).
    pub fn details(&self) -> Vec<String> {
        match self {
            Error::NotReady { problems, .. } => problems.iter().map(Diagnostic::to_string).collect(),
            _ => Vec::new(),
        }
    }

    /// A front-matter problem in the file at `path` (relative to the esc root).
    pub(crate) fn in_file(path: &str, e: crate::frontmatter::SyntaxError) -> Self {
        Error::BadFile(Diagnostic::new(path, e.line, e.message))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    pub(crate) fn git(err: impl std::fmt::Display) -> Self {
        Error::Git(err.to_string())
    }
}

fn too_large(limit: u64) -> String {
    format!("larger than {limit} bytes, the most esc reads from one file")
}

/// "did you mean …" for serde's `unknown field `severites`, expected one of `a`, `b``.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (typed, expected) = rest.split_once('`')?;
    let names = expected.split('`').skip(1).step_by(2);
    crate::suggest::closest(typed, names).map(|meant| format!("did you mean `{meant}`?"))
}
