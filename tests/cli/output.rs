//! What reaches the terminal: escaped control characters, completions, streams.

use crate::common::{NOW_SHARD, TestEnv, show_field};

#[test]
fn completions_print_a_script() {
    let env = TestEnv::without_git();
    let bash = env.esc_ok(&["completions", "bash"]);
    assert!(bash.contains("_esc()") && bash.contains("complete -F _esc"), "{bash}");
    // Each subcommand is a case of the script's dispatch, not just a word somewhere in it.
    for command in ["init", "open", "show", "list", "log", "lint", "review", "sweep"] {
        assert!(bash.contains(&format!("esc,{command})")), "bash completion knows {command}");
    }
    let zsh = env.esc_ok(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef esc"), "{zsh}");
    assert!(zsh.contains("'log:") && zsh.contains("'sweep:"), "zsh completion lists the subcommands");
    let fish = env.esc_ok(&["completions", "fish"]);
    assert!(fish.contains("complete -c esc") && fish.contains("-a \"log\""), "fish completion lists log:\n{fish}");
    assert!(std::fs::read_dir(&env.repo).expect("read dir").next().is_none(), "nothing written");
}

#[test]
fn control_characters_in_ticket_text_are_escaped() {
    let env = TestEnv::initialised();
    // esc refuses them on the command line...
    let run = env.esc_rejects(&["open", "Fine", "--customer", "Evil\x1b[31mCorp"]);
    assert!(!run.stderr.contains('\x1b'), "the error itself is escaped: {:?}", run.stderr);

    // ...but a hand-edited file can carry them anywhere.
    let id = env.open("Innocent", &["--customer", "Acme", "--label", "x"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\ncustomer: Acme\n", "\ncustomer: \"Evil\\e[31mCorp\\a\\rX\"\n");
    env.edit(&path, "\ntitle: Innocent\n", "\ntitle: \"Inno\\e]0;pwned\\acent\\nEsc-Action: forged\"\n");
    let text = env.read(&path) + "Body with \x1b[2J a clear-screen and a \x07 bell.\n";
    env.write(&path, &text);
    env.commit_by_hand("hostile edits");

    let show = env.esc(&["show", &id]).expect_code(0, "show");
    assert!(!show.stdout.bytes().any(|b| b == 0x1b || b == 0x07 || b == b'\r'), "{:?}", show.stdout);
    assert_eq!(show_field(&show.stdout, "customer"), Some("Evil\\u{1b}[31mCorp\\u{7}\\rX"), "{}", show.stdout);
    assert!(show.stdout.contains("Inno\\u{1b}]0;pwned\\u{7}cent\\nEsc-Action: forged"), "{}", show.stdout);
    assert!(show.stdout.contains("Body with \\u{1b}[2J a clear-screen"), "{}", show.stdout);

    let list = env.esc(&["list"]).expect_code(0, "list");
    assert!(!list.stdout.bytes().any(|b| b == 0x1b || b == 0x07), "{:?}", list.stdout);
    assert_eq!(list.stdout.lines().count(), 2, "one row, the newline escaped:\n{}", list.stdout);

    let log = env.esc(&["log", &id]).expect_code(0, "log");
    assert!(!log.stdout.bytes().any(|b| b == 0x1b || b == 0x07 || b == b'\r'), "{:?}", log.stdout);

    let lint = env.esc(&["lint"]).expect_code(1, "the hand edits drift from the history");
    assert!(!lint.stdout.bytes().any(|b| b == 0x1b || b == 0x07 || b == b'\r'), "{:?}", lint.stdout);
    assert!(lint.stdout.contains("the title contains control characters"), "{}", lint.stdout);

    // JSON escapes them its own way and stays parseable.
    let json = env.esc_ok(&["--json", "show", &id]);
    assert!(!json.bytes().any(|b| b == 0x1b));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["customer"], "Evil\x1b[31mCorp\x07\rX");
}

#[test]
fn data_goes_to_stdout_and_messages_to_stderr() {
    let env = TestEnv::initialised();
    let run = env.esc(&["open", "Streams"]).expect_code(0, "open");
    let id = run.stdout.trim();
    assert_eq!(run.stdout, format!("{id}\n"), "only the id on stdout");
    let lint = env.esc(&["lint"]).expect_code(0, "lint");
    assert_eq!(lint.stdout, "");
    assert!(lint.stderr.contains("no findings"));
    let show = env.esc(&["show", id]).expect_code(0, "show");
    assert_eq!(show.stderr, "");
    assert!(!show.stdout.contains('\x1b'), "NO_COLOR and no terminal: no colours");
}

#[test]
fn help_and_version_work() {
    let env = TestEnv::without_git();
    let help = env.esc_ok(&["--help"]);
    // The commands section lists each as `  NAME  description`; the words alone appear in
    // the prose too ("git log").
    for command in ["init", "open", "show", "list", "log", "lint", "completions"] {
        assert!(help.lines().any(|l| l.starts_with(&format!("  {command} "))), "--help lists {command}:\n{help}");
    }
    assert!(env.esc_ok(&["open", "--help"]).contains("--body-file"));
    assert!(env.esc_ok(&["--version"]).starts_with("esc "));
}
