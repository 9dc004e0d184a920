//! Text for actions from `-m`, `-m -`, `-F FILE` and, on a terminal, the editor git would
//! choose; an empty text aborts with nothing written.

use crate::common::{Run, TestEnv};

/// Runs esc with `args` on a pseudo-terminal, with `envs` added and nothing typed.
pub(crate) fn on_a_terminal(env: &TestEnv, args: &[&str], envs: &[(&str, &str)]) -> Run {
    env.esc_on_terminal_with(args, "", envs)
}

/// An editor (a shell script in the test's folder) that writes `text` into the file it is
/// given and records that it ran in `ran-NAME`.
fn editor(env: &TestEnv, name: &str, text: &str) -> String {
    script_editor(env, name, &format!("printf '%s' '{text}' > \"$1\""))
}

/// An editor that runs the shell `commands` on the file (`$1`), and records that it ran.
pub(crate) fn script_editor(env: &TestEnv, name: &str, commands: &str) -> String {
    let path = env.path(&format!("../{name}.sh"));
    let ran = env.path(&format!("../ran-{name}"));
    let script = format!("#!/bin/sh\ntouch '{}'\n{commands}\n", ran.display());
    std::fs::write(&path, script).expect("write the editor");
    std::process::Command::new("chmod").arg("+x").arg(&path).status().expect("chmod");
    path.display().to_string()
}

fn ran(env: &TestEnv, name: &str) -> bool {
    env.path(&format!("../ran-{name}")).exists()
}

fn last_history_line(env: &TestEnv, id: &str) -> String {
    let text = env.read(&env.ticket_path(id));
    text.lines().rfind(|l| l.trim_start().starts_with("message:")).unwrap_or_default().to_string()
}

#[test]
fn dash_reads_stdin_and_a_file_is_read_relative_to_dash_c() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &[]);
    let run = crate::common::run(env.esc_command().args(["update", &id, "-m", "-"]).write_stdin("From stdin\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(last_history_line(&env, &id).contains("From stdin"), "{}", env.read(&env.ticket_path(&id)));
    assert!(!last_history_line(&env, &id).ends_with("'-'"), "never the literal dash");
    env.write("notes.md", "From a file\n");
    env.git(&["add", "notes.md"]);
    env.git(&["commit", "-qm", "notes"]);
    let repo = env.path("");
    let elsewhere = tempfile::tempdir().expect("a folder");
    let run = crate::common::run(env.esc_command().current_dir(elsewhere.path()).args([
        "-C",
        &repo.display().to_string(),
        "update",
        &id,
        "-F",
        "notes.md",
    ]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(last_history_line(&env, &id).contains("From a file"));
    let run = crate::common::run(env.esc_command().args(["resolve", &id, "-F", "-"]).write_stdin("Restarted\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.read(&env.ticket_path(&id)).contains("resolution: Restarted"));
    env.assert_clean();
}

#[test]
fn no_text_and_no_terminal_is_an_error_that_writes_nothing() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &[]);
    for args in [
        vec!["update", &id],
        vec!["wait", &id, "--on", "customer"],
        vec!["resolve", &id],
        vec!["update", &id, "-m", "   "],
    ] {
        let run = env.esc_rejects(&args);
        assert!(run.stderr.starts_with("error: no ") || run.stderr.contains("is empty"), "{args:?}: {}", run.stderr);
    }
    // An escalation's detail is optional: without a terminal none is asked for.
    env.esc_ok(&["escalate", &id, "--reason", "complexity"]);
}

#[test]
fn on_a_terminal_the_editor_git_would_choose_writes_the_text() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &[]);
    let core = editor(&env, "core", "Written in core.editor\n# a help line\n");
    let visual = editor(&env, "visual", "Written in VISUAL");
    env.git(&["config", "core.editor", &core]);
    let out = on_a_terminal(&env, &["update", &id], &[("VISUAL", &visual), ("EDITOR", &visual)]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(ran(&env, "core") && !ran(&env, "visual"), "core.editor comes before VISUAL and EDITOR");
    let line = last_history_line(&env, &id);
    assert!(line.contains("Written in core.editor") && !line.contains("help line"), "{line}");
    let git_editor = editor(&env, "git", "Written in GIT_EDITOR");
    let out = on_a_terminal(&env, &["reopen", &id], &[("GIT_EDITOR", &git_editor)]);
    assert_ne!(out.code, 0, "an open ticket cannot be reopened");
    let out = on_a_terminal(&env, &["update", &id], &[("GIT_EDITOR", &git_editor)]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(last_history_line(&env, &id).contains("Written in GIT_EDITOR"));
    env.assert_clean();
}

#[test]
fn an_empty_editor_aborts_and_nothing_is_written() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &[]);
    let before = env.commit_count();
    let empty = editor(&env, "empty", "# only a help line\n\n");
    for args in [vec!["update", id.as_str()], vec!["open", "A new problem"]] {
        let out = on_a_terminal(&env, &args, &[("GIT_EDITOR", &empty)]);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stdout);
        assert!(out.stdout.contains("aborted"), "{}", out.stdout);
    }
    assert_eq!(env.commit_count(), before, "nothing was committed");
    env.assert_clean();
}
