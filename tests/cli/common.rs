//! A hermetic test environment: a temporary git repository, a pinned clock and identity.
//!
//! Every esc and git process gets the same pinned environment: `ESC_NOW`, a fixed author
//! and committer, no global or system git config, `HOME` inside the temp dir, no editor, no
//! colours. Nothing from the machine running the tests can leak into the results.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The clock every esc call sees unless a test says otherwise.
pub const NOW: &str = "2026-11-25T09:30:00Z";
/// The shard folder a ticket opened at [`NOW`] lands in.
pub const NOW_SHARD: &str = "tickets/2026/11";
pub const NAME: &str = "Ana Lima";
pub const EMAIL: &str = "ana@example.com";
/// How esc records the identity above (`by:`, `reporter:`).
pub const IDENTITY: &str = "Ana Lima <ana@example.com>";

/// Variables removed from every process: they would make results depend on the machine.
const REMOVED_VARS: &[&str] = &[
    "EDITOR",
    "GIT_EDITOR",
    "ESC_NO_CACHE",
    "VISUAL",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_CEILING_DIRECTORIES",
    "XDG_CONFIG_HOME",
];
const IDENTITY_VARS: &[&str] =
    &["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"];

/// The outcome of one process.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(self, code: i32, what: &str) -> Run {
        assert_eq!(
            self.code, code,
            "{what}: expected exit code {code}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts an esc error: exit 2 and an `error:` line on stderr, and nothing on stdout.
    pub fn expect_error(self, what: &str) -> Run {
        let run = self.expect_code(2, what);
        assert!(run.stderr.starts_with("error: "), "{what}: stderr should start with 'error: ':\n{}", run.stderr);
        assert!(run.stdout.is_empty(), "{what}: an error prints no data on stdout:\n{}", run.stdout);
        run
    }

    /// The `hint:` line on stderr, if any.
    pub fn hint(&self) -> Option<&str> {
        self.stderr.lines().find_map(|l| l.strip_prefix("hint: "))
    }
}

/// A temporary home folder holding a git repository (`repo/`) to run esc in.
pub struct TestEnv {
    _temp: std::rc::Rc<tempfile::TempDir>,
    /// The temp dir itself, used as `HOME`.
    pub home: PathBuf,
    /// The git repository's working tree (and the esc root unless a test uses a subfolder).
    pub repo: PathBuf,
}

impl TestEnv {
    /// A fresh repository made by the real `git init -q -b main`, with no commits yet.
    pub fn new() -> TestEnv {
        let env = TestEnv::without_git();
        env.git(&["init", "-q", "-b", "main"]);
        env
    }

    /// An empty `repo/` folder that is not (yet) a git repository.
    pub fn without_git() -> TestEnv {
        let temp = tempfile::Builder::new().prefix("esc-test-").tempdir().expect("create a temp dir");
        let home = temp.path().canonicalize().expect("canonical temp dir");
        let repo = home.join("repo");
        std::fs::create_dir(&repo).expect("create repo dir");
        TestEnv { _temp: std::rc::Rc::new(temp), home, repo }
    }

    /// The same home and environment, working in another folder below it (another clone).
    pub fn in_dir(&self, name: &str) -> TestEnv {
        TestEnv { _temp: self._temp.clone(), home: self.home.clone(), repo: self.home.join(name) }
    }

    /// A repository with `esc init` already run and committed.
    pub fn initialised() -> TestEnv {
        let env = TestEnv::new();
        env.esc(&["init"]).expect_code(0, "esc init");
        env
    }

    fn pin_environment(&self, command: &mut std::process::Command, identity: bool) {
        for var in REMOVED_VARS {
            command.env_remove(var);
        }
        command
            .current_dir(&self.repo)
            .env("ESC_NOW", NOW)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "200")
            .env("LC_ALL", "C")
            .env("TZ", "UTC");
        if identity {
            command
                .env("GIT_AUTHOR_NAME", NAME)
                .env("GIT_AUTHOR_EMAIL", EMAIL)
                .env("GIT_COMMITTER_NAME", NAME)
                .env("GIT_COMMITTER_EMAIL", EMAIL)
                .env("GIT_AUTHOR_DATE", "2026-11-25T10:00:00Z")
                .env("GIT_COMMITTER_DATE", "2026-11-25T10:00:00Z");
        } else {
            for var in IDENTITY_VARS {
                command.env_remove(var);
            }
        }
    }

    /// The built `esc` binary with the pinned environment, run in `repo/`. Add `.env("ESC_NOW", …)`
    /// to move the clock for one call.
    pub fn esc_command(&self) -> assert_cmd::Command {
        let mut command = self.std_esc_command();
        command.stdin(std::process::Stdio::null());
        assert_cmd::Command::from_std(command)
    }

    /// Starts esc with `args` in the background (no stdin, output captured), to signal or
    /// kill it while it runs.
    pub fn spawn_esc(&self, args: &[&str]) -> std::process::Child {
        use std::process::Stdio;
        self.std_esc_command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start esc")
    }

    /// Sends `signal` (`TERM`, `KILL`, …) to a running process; false when it had ended.
    pub fn signal(&self, child: &std::process::Child, signal: &str) -> bool {
        let sent = std::process::Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
        sent.is_ok_and(|status| status.success())
    }

    /// Like [`TestEnv::esc_command`], as a plain `std::process::Command` (to spawn many at once).
    /// Starts one esc process per argument list before waiting for any, so they really run
    /// at once; returns each one's output, in order.
    pub fn esc_in_parallel(&self, runs: &[Vec<String>]) -> Vec<std::process::Output> {
        let children: Vec<_> =
            runs.iter().map(|args| self.spawn_esc(&args.iter().map(String::as_str).collect::<Vec<_>>())).collect();
        children.into_iter().map(|child| child.wait_with_output().expect("wait for esc")).collect()
    }

    pub fn std_esc_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(esc_program());
        self.pin_environment(&mut command, true);
        command
    }

    /// esc with no identity at all: no `GIT_AUTHOR_*`, `GIT_COMMITTER_*` or `EMAIL`, and no
    /// global config to find one in.
    #[must_use = "check the exit code and output of the run"]
    pub fn esc_without_identity(&self, args: &[&str]) -> Run {
        let mut command = std::process::Command::new(esc_program());
        self.pin_environment(&mut command, false);
        command.args(args).stdin(std::process::Stdio::null());
        Run::from_output(command.output().expect("run esc"))
    }

    /// Runs esc with `args` with a terminal on stdin (through util-linux `script`), typing
    /// `input` into it; the output is all the terminal showed (the input echoed, stderr and
    /// stdout together, with `\r\n` line ends made `\n`).
    #[must_use = "check the exit code and output of the run"]
    pub fn esc_on_terminal(&self, args: &[&str], input: &str) -> Run {
        self.esc_on_terminal_with(args, input, &[])
    }

    /// [`TestEnv::esc_on_terminal`] with `envs` added (an editor, say).
    #[must_use = "check the exit code and output of the run"]
    pub fn esc_on_terminal_with(&self, args: &[&str], input: &str, envs: &[(&str, &str)]) -> Run {
        use std::io::Write;
        let esc = self.std_esc_command();
        let quote = |word: &str| format!("'{}'", word.replace('\'', "'\\''"));
        let mut line = quote(&esc.get_program().to_string_lossy());
        for arg in args {
            line.push(' ');
            line.push_str(&quote(arg));
        }
        let mut command = std::process::Command::new("script");
        self.pin_environment(&mut command, true);
        command
            .args(["-q", "-e", "-c", &line, "/dev/null"])
            .env("PAGER", "cat")
            .envs(envs.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("util-linux `script` runs (these tests need a terminal)");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("type the input");
        let mut run = Run::from_output(child.wait_with_output().expect("wait for script"));
        run.stdout = run.stdout.replace("\r\n", "\n");
        run
    }

    /// Runs esc with `args`.
    /// After a burst of esc processes: a clean tree, fsck clean, no leftover lock, lint clean.
    pub fn assert_repository_healthy(&self, after: &str) {
        self.assert_clean();
        self.assert_fsck();
        assert!(!self.path(".git/index.lock").exists(), "index.lock left behind after {after}");
        self.esc(&["lint"]).expect_code(0, &format!("lint after {after}"));
    }

    #[must_use = "check the exit code and output of the run"]
    pub fn esc(&self, args: &[&str]) -> Run {
        run(self.esc_command().args(args))
    }

    /// Runs esc with `args` and the clock at `now`.
    #[must_use = "check the exit code and output of the run"]
    pub fn esc_at(&self, now: &str, args: &[&str]) -> Run {
        run(self.esc_command().env("ESC_NOW", now).args(args))
    }

    /// Runs esc with `args`; it must succeed. Returns stdout.
    pub fn esc_ok(&self, args: &[&str]) -> String {
        self.esc(args).expect_code(0, &format!("esc {}", args.join(" "))).stdout
    }

    /// Runs esc with `args`; it must fail with exit 2, an `error:` and change nothing in git:
    /// neither the commit count nor `git status`.
    pub fn esc_rejects(&self, args: &[&str]) -> Run {
        let before = (self.commit_count(), self.status());
        let run = self.esc(args).expect_error(&format!("esc {args:?}"));
        assert_eq!((self.commit_count(), self.status()), before, "esc {args:?} failed but changed the repository");
        run
    }

    /// `esc open TITLE ARGS…`; returns the new id.
    pub fn open(&self, title: &str, args: &[&str]) -> String {
        let mut all = vec!["open", title];
        all.extend_from_slice(args);
        let id = self.esc_ok(&all).trim().to_string();
        assert!(id.contains('-') && !id.contains(char::is_whitespace), "esc open should print the id, got {id:?}");
        id
    }

    /// Runs git in `repo/` with the pinned environment; it must succeed. Returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.repo, args)
    }

    /// Runs git in `dir` with the pinned environment; it must succeed. Returns stdout.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let mut command = std::process::Command::new("git");
        self.pin_environment(&mut command, true);
        command.current_dir(dir).args(args);
        let output = command.output().expect("run git");
        let run = Run::from_output(output);
        assert_eq!(run.code, 0, "git {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
        run.stdout
    }

    /// Runs a prepared git `command` with the pinned environment; returns its exit code
    /// (for commands expected to fail, such as a conflicting merge).
    pub fn git_status_of(&self, mut command: std::process::Command) -> i32 {
        self.pin_environment(&mut command, true);
        let dir = command.get_current_dir().map(Path::to_path_buf).unwrap_or_else(|| self.repo.clone());
        command.current_dir(dir);
        command.output().expect("run git").status.code().unwrap_or(-1)
    }

    /// `git status --porcelain` (untracked files included).
    pub fn status(&self) -> String {
        self.git(&["status", "--porcelain"])
    }

    /// Asserts `git status --porcelain` is empty.
    pub fn assert_clean(&self) {
        assert_eq!(self.status(), "", "git status should be clean");
    }

    /// Commits on the current branch (`git rev-list --count HEAD`; 0 on an unborn branch).
    pub fn commit_count(&self) -> usize {
        let mut command = std::process::Command::new("git");
        self.pin_environment(&mut command, true);
        let has_head =
            command.args(["rev-parse", "-q", "--verify", "HEAD"]).output().expect("run git").status.success();
        if !has_head {
            return 0;
        }
        self.git(&["rev-list", "--count", "HEAD"]).trim().parse().expect("a count")
    }

    /// `git fsck --strict` must find nothing wrong.
    pub fn assert_fsck(&self) {
        let mut command = std::process::Command::new("git");
        self.pin_environment(&mut command, true);
        let run = Run::from_output(command.args(["fsck", "--strict", "--no-dangling"]).output().expect("run git"));
        assert_eq!(run.code, 0, "git fsck failed:\n{}\n{}", run.stdout, run.stderr);
        assert!(
            !run.stdout.contains("error") && !run.stderr.contains("error"),
            "git fsck: {}{}",
            run.stdout,
            run.stderr
        );
    }

    /// The full message of the last commit.
    pub fn last_message(&self) -> String {
        self.git(&["log", "-1", "--format=%B"])
    }

    /// The subject of the last commit (`git log -1 --format=%s`).
    pub fn subject(&self) -> String {
        self.git(&["log", "-1", "--format=%s"]).trim_end_matches('\n').to_string()
    }

    /// The trailers of the last commit, one per line (`git log -1 --format=%(trailers:only,unfold)`).
    pub fn trailers(&self) -> String {
        self.git(&["log", "-1", "--format=%(trailers:only,unfold)"]).trim_end().to_string()
    }

    /// Runs esc with `args` and the clock at `now`; it must succeed.
    pub fn esc_at_ok(&self, now: &str, args: &[&str]) -> Run {
        self.esc_at(now, args).expect_code(0, &format!("esc {} (at {now})", args.join(" ")))
    }

    /// Like [`TestEnv::esc_rejects`], and the file at `relative` keeps its bytes.
    pub fn esc_rejects_keeping(&self, relative: &str, args: &[&str]) -> Run {
        let bytes = self.read_bytes(relative);
        let run = self.esc_rejects(args);
        assert_eq!(self.read_bytes(relative), bytes, "esc {args:?} failed but changed {relative}");
        run
    }

    /// The paths the last commit changed.
    pub fn last_commit_paths(&self) -> Vec<String> {
        self.git(&["show", "--name-only", "--format=", "HEAD"]).lines().map(str::to_string).collect()
    }

    /// The path of a ticket's file relative to `repo/`, as git tracks it (exactly one must exist).
    pub fn ticket_path(&self, id: &str) -> String {
        let found: Vec<String> = self
            .git(&["ls-files", "--", "*.md"])
            .lines()
            .filter(|p| p.ends_with(&format!("/{id}.md")))
            .map(str::to_string)
            .collect();
        assert_eq!(found.len(), 1, "exactly one committed file for {id}: {found:?}");
        found.into_iter().next().expect("one path")
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.repo.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    pub fn read_bytes(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {relative}: {e}"));
    }

    /// Replaces the first `from` in a file with `to`; `from` must be there.
    pub fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} should contain {from:?}:\n{text}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// Stages everything and commits it with plain git, as a person would.
    pub fn commit_by_hand(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Every ticket file under `dir` (relative to `repo/`), recursively.
    pub fn ticket_files(&self, dir: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut pending = vec![self.path(dir)];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    found.push(path);
                }
            }
        }
        found.sort();
        found
    }
}

/// The path of the built `esc` binary.
fn esc_program() -> std::ffi::OsString {
    assert_cmd::Command::cargo_bin("esc").expect("the esc binary is built").get_program().to_owned()
}

/// Runs a prepared command and collects its output.
#[must_use = "check the exit code and output of the run"]
pub fn run(command: &mut assert_cmd::Command) -> Run {
    Run::from_output(command.output().expect("run esc"))
}

/// The value of `key: value` in the front matter text (first match, top level only).
pub fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let front = text.strip_prefix("---\n")?.split("\n---\n").next()?;
    front.lines().find_map(|line| line.strip_prefix(&format!("{key}: ")).map(|v| v.trim().to_string()))
}

/// The 1-based line of the first line starting with `prefix`.
pub fn line_number(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line starts with {prefix:?}")) + 1
}

/// The value on `key`'s line of `esc show`'s details (`  key   value`), whatever the padding.
pub fn show_field<'a>(show: &'a str, key: &str) -> Option<&'a str> {
    show.lines().find_map(|line| {
        let rest = line.strip_prefix("  ")?.strip_prefix(key)?;
        rest.starts_with(' ').then(|| rest.trim())
    })
}

/// A time `minutes` after [`NOW`], in RFC 3339 as esc records it.
pub fn minutes_after_now(minutes: u32) -> String {
    let (hours, minutes) = (9 + (30 + minutes) / 60, (30 + minutes) % 60);
    assert!(hours < 24, "stay within the day of NOW");
    format!("2026-11-25T{hours:02}:{minutes:02}:00Z")
}

/// The front matter of a ticket file's text (between the `---` lines, without them).
pub fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("no front matter:\n{text}"));
    rest.split_once("\n---\n").map_or(rest, |(front, _)| front)
}

/// The top-level `key: value` lines before `history:`, in file order (list keys such as
/// `labels:` have no value on their line and are left out).
pub fn state_fields(text: &str) -> Vec<(String, String)> {
    front_matter(text)
        .lines()
        .take_while(|line| *line != "history:")
        .filter(|line| !line.starts_with([' ', '-', '#']))
        .filter_map(|line| line.split_once(": ").map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

/// The entries of a ticket's `history:` list, each as its exact text (lines joined by `\n`).
pub fn history_entries(text: &str) -> Vec<String> {
    let front = front_matter(text);
    let (_, history) = front.split_once("\nhistory:\n").unwrap_or_else(|| panic!("no history:\n{text}"));
    let mut entries: Vec<Vec<&str>> = Vec::new();
    for line in history.lines() {
        if line.starts_with("- ") {
            entries.push(vec![line]);
        } else if line.starts_with("  ") && !entries.is_empty() {
            entries.last_mut().expect("an entry").push(line);
        } else {
            break; // a key after history (kept as the user wrote it)
        }
    }
    entries.into_iter().map(|lines| lines.join("\n")).collect()
}

/// The newest history entry of a ticket file's text.
pub fn last_history_entry(text: &str) -> String {
    history_entries(text).pop().unwrap_or_else(|| panic!("an empty history:\n{text}"))
}

/// The JSON on an esc command's stdout.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// An RFC 3339 time, for tests that compute instants.
pub fn parse_time(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text).expect("an RFC 3339 time").with_timezone(&chrono::Utc)
}

/// Copies the folder `from` to `to`, recursively (`to` is created).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}
