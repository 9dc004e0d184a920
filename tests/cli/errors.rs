//! Bad input: exit code 2, a clear `error:` (and a `hint:` where it helps), nothing written.

use crate::common::{NOW_SHARD, TestEnv, line_number};

#[test]
fn malformed_front_matter_names_the_file_and_line() {
    let env = TestEnv::initialised();
    let id = env.open("Will be broken", &["--severity", "sev3"]);
    let healthy = env.open("Stays healthy", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\nstatus: new\n", "\nstatus: new: oops\n");
    env.commit_by_hand("break the front matter");
    let line = line_number(&env.read(&path), "status: new: oops");

    let run = env.esc_rejects(&["show", &id]);
    assert!(run.stderr.starts_with(&format!("error: {path}:{line}: ")), "{}", run.stderr);
    let run = env.esc_rejects(&["log", &id]);
    assert!(run.stderr.starts_with(&format!("error: {path}:{line}: ")), "{}", run.stderr);

    let lint = env.esc(&["lint"]).expect_code(1, "lint reports the broken file");
    assert!(lint.stdout.starts_with(&format!("{path}:{line}: ")), "{}", lint.stdout);
    assert_eq!(lint.stdout.lines().count(), 1, "{}", lint.stdout);
    let json: serde_json::Value = serde_json::from_str(&env.esc(&["--json", "lint"]).stdout).expect("JSON");
    assert_eq!(json["findings"][0]["path"], path.as_str());
    assert_eq!(json["findings"][0]["line"], line);
    assert_eq!(json["findings"][0]["rule"], "unreadable");

    // The other tickets are still listed; the broken one is reported, not fatal.
    let list = env.esc(&["list"]).expect_code(0, "list skips the broken file");
    assert!(list.stdout.contains(&healthy) && !list.stdout.contains(&id), "{}", list.stdout);
    assert!(list.stderr.contains(&format!("{path}:{line}")), "{}", list.stderr);
    env.assert_clean();
}

#[test]
fn a_file_without_front_matter_is_reported_at_line_one() {
    let env = TestEnv::initialised();
    let id = env.open("Will lose its front matter", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.write(&path, "just some notes\n");
    env.commit_by_hand("oops");
    let run = env.esc_rejects(&["show", &id]);
    assert!(run.stderr.starts_with(&format!("error: {path}:1: ")), "{}", run.stderr);
    let lint = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(lint.stdout.starts_with(&format!("{path}:1: ")), "{}", lint.stdout);
}

#[test]
fn an_unknown_severity_lists_the_allowed_values() {
    let env = TestEnv::initialised();
    let run = env.esc_rejects(&["open", "Bad severity", "--severity", "sev9"]);
    assert!(run.stderr.contains("invalid severity 'sev9'"), "{}", run.stderr);
    assert_eq!(
        run.hint(),
        Some("did you mean 'sev1'? allowed values (from .esc/config.yaml): sev1, sev2, sev3, sev4"),
        "{}",
        run.stderr
    );
    for (flag, value) in [("--impact", "huge"), ("--urgency", "asap"), ("--type", "bug"), ("--category", "dns")] {
        let run = env.esc_rejects(&["open", "Bad value", flag, value]);
        assert!(run.stderr.contains(&format!("'{value}'")) && run.hint().is_some(), "{}", run.stderr);
    }
    assert!(env.ticket_files("tickets").is_empty());
}

#[test]
fn an_unknown_ticket_is_not_found() {
    let env = TestEnv::initialised();
    env.open("Exists", &[]);
    for command in ["show", "log"] {
        let run = env.esc_rejects(&[command, "ESC-ZZZZZZZZ"]);
        assert!(run.stderr.contains("no ticket matches 'ESC-ZZZZZZZZ'"), "{}", run.stderr);
        assert!(run.hint().is_some_and(|h| h.contains("esc list --all")), "{}", run.stderr);
    }
    // Missing argument altogether: a usage error, also exit 2.
    let run = env.esc(&["show"]).expect_code(2, "show without an id");
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn path_like_ids_are_rejected() {
    let env = TestEnv::initialised();
    env.open("Exists", &[]);
    // Something an id must never reach, were it used as a path.
    std::fs::write(env.home.join("x.md"), "---\nid: ESC-00000000\n---\n").expect("write decoy");
    for bad in ["../x", "../../etc/passwd", "/etc/passwd", "tickets/2026", "ESC-", "", "-", "a b", "ESC-ABC.md"] {
        for command in ["show", "log"] {
            let run = env.esc_rejects(&[command, "--", bad]);
            assert!(run.stderr.contains(&format!("'{bad}' is not a ticket id")), "{command} {bad:?}: {}", run.stderr);
        }
    }
}

#[test]
fn no_identity_is_a_clear_error_and_writes_nothing() {
    let env = TestEnv::initialised();
    let (count, status) = (env.commit_count(), env.status());
    let run = env.esc_without_identity(&["open", "Who am I", "--body", "text"]).expect_error("open without identity");
    assert!(run.stderr.contains("no git identity"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("git config user.name")), "{}", run.stderr);
    assert_eq!((env.commit_count(), env.status()), (count, status));
    assert!(!env.path("tickets").exists(), "no ticket file or folder was created");

    // Reading needs no identity.
    env.esc_without_identity(&["list"]).expect_code(0, "list without identity");
}

#[test]
fn init_without_identity_in_a_git_repository_writes_nothing() {
    let env = TestEnv::new();
    let run = env.esc_without_identity(&["init"]).expect_error("init without identity");
    assert!(run.hint().is_some_and(|h| h.contains("git config")), "{}", run.stderr);
    assert!(!env.path(".esc").exists() && !env.path(".gitattributes").exists());
    assert_eq!(env.commit_count(), 0);
    assert_eq!(env.status(), "");
}

#[test]
fn init_without_identity_outside_git_creates_no_repository() {
    let env = TestEnv::without_git();
    let run = env.esc_without_identity(&["init"]).expect_error("init without identity");
    assert!(run.hint().is_some_and(|h| h.contains("git config")), "{}", run.stderr);
    assert!(!env.path(".esc").exists());
    assert!(!env.path(".git").exists(), "a failed init should leave the folder as it was");
}

#[test]
fn control_characters_and_empty_titles_are_rejected() {
    let env = TestEnv::initialised();
    for title in ["bad\x1btitle", "line one\nline two", "tab\there", "bell\x07", "nul\u{7f}del"] {
        let run = env.esc_rejects(&["open", title]);
        assert!(run.stderr.contains("control character"), "{title:?}: {}", run.stderr);
        assert!(!run.stderr.contains('\x1b') && run.stderr.lines().count() <= 3, "stderr is escaped: {}", run.stderr);
    }
    for title in ["", "   "] {
        let run = env.esc_rejects(&["open", title]);
        assert!(run.stderr.contains("the title is empty"), "{}", run.stderr);
    }
    for (flag, value) in
        [("--customer", "Acme\x1b[31m"), ("--reporter", "Bob\nEsc-Action: close"), ("--label", "a\x01b")]
    {
        let run = env.esc_rejects(&["open", "Fine title", flag, value]);
        assert!(run.stderr.contains("control character"), "{flag}: {}", run.stderr);
    }
    for label in ["two words", "a,b"] {
        let run = env.esc_rejects(&["open", "Fine title", "--label", label]);
        assert!(run.stderr.contains("give each label its own --label"), "{}", run.stderr);
    }
    assert!(env.ticket_files("tickets").is_empty());
}

#[test]
fn outside_an_esc_repository_the_hint_says_esc_init() {
    let env = TestEnv::new();
    // A git repository without .esc/, and a folder that is not in any repository.
    let outside = env.home.join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    for dir in [env.repo.clone(), outside] {
        for args in [&["show", "ESC-7K2M9QXA"][..], &["list"], &["open", "Nowhere"], &["lint"], &["log", "7K2M"]] {
            let run = crate::common::run(env.esc_command().current_dir(&dir).args(args)).expect_error("no esc root");
            assert!(run.stderr.contains("not inside an esc ticket repository"), "{}", run.stderr);
            assert!(run.hint().is_some_and(|h| h.contains("esc init")), "{}", run.stderr);
        }
    }
    assert_eq!(env.commit_count(), 0);
    assert_eq!(env.status(), "");
}

#[test]
fn a_bad_esc_now_is_an_error() {
    let env = TestEnv::initialised();
    let count = env.commit_count();
    let run = env.esc_at("next tuesday", &["open", "When?"]).expect_error("bad ESC_NOW");
    assert!(run.stderr.contains("ESC_NOW"), "{}", run.stderr);
    assert_eq!(env.commit_count(), count);
    env.assert_clean();
}

#[test]
fn a_bad_config_stops_commands_that_need_it() {
    let env = TestEnv::initialised();
    env.edit(".esc/config.yaml", "    impact: medium\n", "    impact: enormous\n");
    env.commit_by_hand("break the config");
    for args in [&["open", "Blocked"][..], &["list"], &["show", "ESC-7K2M9QXA"]] {
        let run = env.esc_rejects(args);
        assert!(run.stderr.starts_with("error: .esc/config.yaml:"), "{}", run.stderr);
        assert!(run.stderr.contains("'enormous'"), "{}", run.stderr);
    }
}

#[test]
fn bad_list_filters_and_shells_are_usage_errors() {
    let env = TestEnv::initialised();
    let run = env.esc_rejects(&["list", "--status", "opened"]);
    assert!(run.stderr.contains("invalid status 'opened'"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("in_progress")), "{}", run.stderr);
    env.esc(&["completions", "tcsh-9000"]).expect_code(2, "unknown shell");
    env.esc(&["frobnicate"]).expect_code(2, "unknown command");
}
