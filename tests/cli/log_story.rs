//! `esc log` tells the whole story: a hand commit's subject and what it changed, an
//! action's reason and message, and with `--patch` the diff of the ticket file per commit,
//! as `git log -p -- path` shows it.

use crate::common::{TestEnv, json};

/// A ticket escalated with a reason and message, then edited by hand: its customer, a key
/// of the team's own, the body and a history entry written by hand.
fn story(env: &TestEnv) -> (String, String) {
    let id = env.open("Invoices stuck in 'sending'", &["--customer", "Globex", "--body", "Since 09:10.\n"]);
    env.esc_ok(&["escalate", &id, "--reason", "expertise", "-m", "Queue workers look wedged"]);
    let path = env.ticket_path(&id);
    env.edit(&path, "customer: Globex\n", "customer: Globex Logistics\nx-account: G-1042\n");
    let text = env.read(&path);
    env.write(&path, &format!("{text}Affected: invoices 7781 and 7790.\n"));
    env.commit_by_hand("Customer's full name, account and affected invoices\u{1b}[31m\n\nFrom the call with Globex.");
    (id, path)
}

#[test]
fn a_hand_commit_shows_its_subject_and_what_it_changed() {
    let env = TestEnv::initialised();
    let (id, path) = story(&env);
    let log = env.esc_ok(&["log", &id]);
    let newest: Vec<&str> = log.lines().take_while(|l| !l.contains("  escalate  ")).collect();
    assert!(newest[0].contains("  edit  ") && newest[0].ends_with("(plain git)"), "{log}");
    assert_eq!(
        &newest[1..],
        [
            "    subject: Customer's full name, account and affected invoices\\u{1b}[31m",
            "    customer: Globex -> Globex Logistics",
            "    other key: x-account",
            "    body edited",
        ],
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "control characters are escaped");
    let entries = json(&env.esc_ok(&["--json", "log", &id]))["entries"].clone();
    let hand = &entries[0];
    assert_eq!(hand["subject"], "Customer's full name, account and affected invoices\u{1b}[31m");
    assert_eq!((&hand["other_keys"], &hand["body_changed"]), (&serde_json::json!(["x-account"]), &true.into()));
    assert!(hand["patch"].is_null(), "no patch unless asked (null, as every empty key): {hand}");

    // A history entry added by hand is told apart from one changed or removed.
    let text = env.read(&path);
    let note =
        "- at: 2026-11-25T09:45:00Z\n  by: Ana Lima <ana@example.com>\n  action: note\n  message: called them\n---\n";
    env.write(&path, &text.replacen("---\nSince", &format!("{note}Since"), 1));
    env.commit_by_hand("A note I forgot to record");
    let log = env.esc_ok(&["log", &id]);
    assert!(log.contains("    subject: A note I forgot to record\n    history: 1 entry added\n"), "{log}");
    env.edit(&path, "  message: called them\n", "  message: called them twice\n");
    env.commit_by_hand("Reword my note");
    let log = env.esc_ok(&["log", &id]);
    assert!(log.contains("    subject: Reword my note\n    history: entries changed or removed\n"), "{log}");
}

#[test]
fn an_action_shows_its_reason_and_message() {
    let env = TestEnv::initialised();
    let (id, _) = story(&env);
    env.esc_ok(&["update", &id, "-m", "Our provider is investigating"]);
    let log = env.esc_ok(&["log", &id]);
    assert!(
        log.contains(
            "  escalate    Ana Lima <ana@example.com>\n    level: L1 -> L2\n    team: frontline -> specialists\n    \
             reason: expertise\n    message: Queue workers look wedged\n"
        ),
        "{log}"
    );
    assert!(log.contains("    message: Our provider is investigating\n"), "{log}");
    assert!(!log.contains("subject: esc:"), "esc's own subjects are not repeated:\n{log}");
    let entries = json(&env.esc_ok(&["--json", "log", &id]))["entries"].clone();
    let escalation = entries.as_array().expect("a list").iter().find(|e| e["action"] == "escalate").expect("one");
    assert_eq!(
        (&escalation["reason"], &escalation["message"]),
        (&"expertise".into(), &"Queue workers look wedged".into())
    );
}

/// The `+`, `-` and context lines of a unified diff, from its first hunk on, with hunk
/// headers cut after their ranges (git adds a function-context line there).
fn hunks(patch: &str) -> Vec<String> {
    patch
        .lines()
        .skip_while(|l| !l.starts_with("@@"))
        .map(|l| match l.strip_prefix("@@ ").and_then(|rest| rest.split_once(" @@")) {
            Some((ranges, _)) => format!("@@ {ranges} @@"),
            None => l.to_string(),
        })
        .collect()
}

#[test]
fn patch_shows_each_commits_diff_of_the_ticket_file_as_git_does() {
    let env = TestEnv::initialised();
    let (id, path) = story(&env);
    let entries = json(&env.esc_ok(&["--json", "log", &id, "--patch"]))["entries"].clone();
    let entries = entries.as_array().expect("a list");
    assert_eq!(entries.len(), 3, "open, escalate, the hand edit");
    for entry in entries {
        let commit = entry["commit"].as_str().expect("a commit id");
        let patch = entry["patch"].as_str().expect("a patch for every commit");
        let git = env.git(&["show", "--format=", commit, "--", &path]);
        assert_eq!(hunks(patch), hunks(&git), "{commit}:\n{patch}\n--- git:\n{git}");
        assert!(patch.starts_with(&format!("diff --git a/{path} b/{path}\n")), "{patch}");
    }
    // The ticket's first commit adds the file.
    let first = entries.last().expect("the open")["patch"].as_str().expect("a patch");
    assert!(first.contains(&format!("--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,")), "{first}");

    let log = env.esc_ok(&["log", "-p", &id]);
    let hand = format!("    body edited\n\ndiff --git a/{path} b/{path}\n--- a/{path}\n+++ b/{path}\n@@ ");
    assert!(log.contains(&hand), "{log}");
    assert!(log.contains("+customer: Globex Logistics\n+x-account: G-1042\n"), "{log}");
    assert!(log.contains("+Affected: invoices 7781 and 7790.\n"), "{log}");
}
