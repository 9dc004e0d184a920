//! `esc edit` and `esc link`: descriptive fields, links and body changed as one recorded
//! entry, by flags or in the editor.

use crate::common::TestEnv;
use crate::compose::{on_a_terminal, script_editor};

#[test]
fn flags_change_the_title_labels_customer_and_body_as_one_entry_lint_accepts() {
    let env = TestEnv::initialised();
    let id = env.open("Chekout fails", &["--label", "triage", "--body", "First report."]);
    let path = env.ticket_path(&id);
    env.edit(&path, "\ntitle: ", "\nx-tier: gold   # kept\ntitle: ");
    env.commit_by_hand("a key of our own");
    let before = env.commit_count();
    env.write("../notes.md", "Second, better description.\n");
    let notes = env.path("../notes.md").display().to_string();
    let args = ["edit", &id, "--title", "Checkout fails", "--add-label", "payments", "--remove-label", "triage"];
    let run = env.esc(&[&args[..], &["--customer", "Globex", "--body-file", &notes, "-m", "typo"]].concat());
    run.expect_code(0, "edit");
    assert_eq!(env.commit_count(), before + 1, "one commit");
    assert!(
        env.subject().starts_with(&format!("esc: edit {id}: edited title, customer, labels, body")),
        "{}",
        env.subject()
    );
    let text = env.read(&path);
    assert!(text.contains("\nx-tier: gold   # kept\n"), "unknown keys survive: {text}");
    assert!(text.ends_with("---\nSecond, better description.\n"), "{text}");
    let shown: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "show", &id])).expect("JSON");
    assert_eq!(shown["title"], "Checkout fails");
    assert_eq!(shown["customer"], "Globex");
    assert_eq!(shown["labels"], serde_json::json!(["payments"]));
    assert!(text.contains("action: edit\n  reason: typo\n  message: body edited\n"), "{text}");
    assert!(env.trailers().contains("Esc-Reason: typo"), "{}", env.trailers());
    env.esc(&["lint"]).expect_code(0, "an edit recorded by esc is not drift");
    env.assert_clean();

    // The same title fixed by hand is drift, as before.
    env.edit(&path, "title: Checkout fails", "title: Checkout fails!");
    env.commit_by_hand("by hand");
    env.esc(&["lint"]).expect_code(1, "a hand edit of the title");
}

#[test]
fn an_edit_that_changes_nothing_or_breaks_a_rule_writes_nothing() {
    let env = TestEnv::initialised();
    let id = env.open("Slow", &["--category", "billing"]);
    for (args, says) in [
        (vec!["edit", id.as_str(), "--title", "Slow"], "nothing to change"),
        (vec!["edit", id.as_str()], "nothing to change"),
        (vec!["edit", id.as_str(), "--title", "  "], "the title is empty"),
        (vec!["edit", id.as_str(), "--category", "biling"], "invalid category"),
        (vec!["edit", id.as_str(), "--title", "two\nlines"], "title"),
    ] {
        let run = env.esc_rejects(&args);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    env.esc_ok(&["edit", &id, "--category", ""]);
    let shown: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "show", &id])).expect("JSON");
    assert!(shown["category"].is_null(), "an empty value clears: {shown}");
}

#[test]
fn the_whole_ticket_in_the_editor_is_checked_before_it_is_committed() {
    let env = TestEnv::initialised();
    let id = env.open("Tpyo here", &["--body", "Old body."]);
    let path = env.ticket_path(&id);
    let fix = script_editor(
        &env,
        "fix",
        "sed -i -e 's/^title: Tpyo here/title: Typo here/' -e 's/^Old body./New body./' \"$1\"",
    );
    let out = on_a_terminal(&env, &["edit", &id], &[("GIT_EDITOR", &fix)]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let text = env.read(&path);
    assert!(text.contains("title: Typo here\n") && text.ends_with("New body.\n"), "{text}");
    env.esc(&["lint"]).expect_code(0, "lint");

    let before = (env.commit_count(), env.read(&path));
    for (name, commands, says) in [
        ("status", "sed -i 's/^status: new/status: closed/' \"$1\"", "only the title"),
        ("broken", "printf -- '---\\ntitle: [\\n---\\n' > \"$1\"", "does not read"),
        ("same", "true", "unchanged"),
    ] {
        let editor = script_editor(&env, name, commands);
        let out = on_a_terminal(&env, &["edit", &id], &[("GIT_EDITOR", &editor)]);
        assert_eq!(out.code, 2, "{name}: {}", out.stdout);
        assert!(out.stdout.contains(says), "{name}: {}", out.stdout);
        assert_eq!((env.commit_count(), env.read(&path)), before, "{name}: nothing written");
    }
    env.assert_clean();
}

#[test]
fn link_records_a_relation_and_remove_takes_it_back() {
    let env = TestEnv::initialised();
    let a = env.open("Duplicate", &[]);
    let b = env.open("Original", &[]);
    let b_prefix = &b[4..9];
    env.esc_ok(&["link", &a, b_prefix, "--rel", "duplicate-of"]);
    let text = env.read(&env.ticket_path(&a));
    assert!(text.contains(&format!("links:\n- rel: duplicate-of\n  id: {b}\n")), "{text}");
    assert!(env.subject().contains(&format!("linked duplicate-of {b}")), "{}", env.subject());
    env.esc_ok(&["link", &a, &b]);
    assert!(env.read(&env.ticket_path(&a)).contains("- rel: relates\n"), "relates by default");
    env.esc_ok(&["link", &a, &b, "--remove"]);
    assert!(!env.read(&env.ticket_path(&a)).contains("links:"), "both links to it removed");
    env.esc_rejects(&["link", &a, &a]);
    env.esc_rejects(&["link", &a, "ESC-ZZZZZZZZ"]);
    let run = env.esc(&["link", &a, &b, "--rel", "friend-of"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    env.esc(&["lint"]).expect_code(0, "lint");
    env.assert_clean();
}
