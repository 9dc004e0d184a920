//! Help, man pages and completions that know this repository.

use crate::common::TestEnv;

#[test]
fn help_shows_examples_global_options_and_one_line_per_command() {
    let env = TestEnv::initialised();
    for command in ["open", "list", "escalate", "update", "check", "sweep", "stats", "sync", "edit", "config"] {
        let help = env.esc_ok(&[command, "--help"]);
        assert!(help.contains("\nExamples:\n  esc "), "esc {command} --help has examples:\n{help}");
        assert!(help.contains("\nGlobal options:\n  -C <DIR>"), "esc {command} --help: {help}");
    }
    let help = env.esc_ok(&["--help"]);
    let list = help.split("Commands:\n").nth(1).and_then(|rest| rest.split("\n\n").next()).expect("commands");
    assert!(list.lines().all(|line| !line.starts_with("   ")), "one line per command:\n{list}");
    assert!(list.contains("\n  edit ") && list.contains("\n  config ") && list.contains("\n  man "), "{list}");
}

#[test]
fn man_writes_one_page_per_command() {
    let env = TestEnv::initialised();
    let dir = tempfile::tempdir().expect("a folder");
    let out = dir.path().join("man1");
    let run = env.esc(&["man", "--dir", &out.display().to_string()]).expect_code(0, "man --dir");
    for page in ["esc.1", "esc-list.1", "esc-escalate.1", "esc-edit.1", "esc-config.1"] {
        let text = std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("{page}: {}", run.stderr));
        assert!(text.starts_with(".ie \\n(.g .ds Aq") || text.contains(".TH"), "{page} is roff");
    }
    assert!(env.esc_ok(&["man"]).contains(".TH esc 1"), "the main page on stdout");
}

/// What esc offers for the last word of `words` (as the fish shell asks for it).
fn completions(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "esc"];
    args.extend_from_slice(words);
    let out = env.esc_command().env("COMPLETE", "fish").args(&args).output().expect("run esc");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().map(|line| line.split('\t').next().unwrap_or_default().to_string()).collect()
}

#[test]
fn dynamic_completions_offer_ticket_ids_and_the_policys_names() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &[]);
    assert_eq!(completions(&env, &["show", &id[..6]]), [id.as_str()]);
    assert!(completions(&env, &["escalate", &id, "--to", ""]).contains(&"database".to_string()));
    assert_eq!(completions(&env, &["list", "--level", ""]), ["L1", "L2", "L3"]);
    assert!(completions(&env, &["list", "--severity", "sev"]).contains(&"sev1".to_string()));
    assert!(completions(&env, &["escalate", &id, "--reason", "comp"]).contains(&"complexity".to_string()));
    let script = env.esc_command().env("COMPLETE", "bash").output().expect("run esc");
    assert!(String::from_utf8_lossy(&script.stdout).contains("complete"), "a registration script for bash");
}
