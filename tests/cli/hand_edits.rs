//! Tickets edited by hand with plain git: esc reads them, keeps them byte for byte, and shows
//! the hand commits in the audit trail.

use crate::common::{IDENTITY, NOW_SHARD, TestEnv};

#[test]
fn hand_edits_and_unknown_keys_survive_esc() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops every hour", &["--severity", "sev3", "--body", "First report."]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\ntitle: ", "\nx-custom: keep me   # comment\ntitle: ");
    let text = env.read(&path) + "\n## Notes\n\nCustomer called twice;  *twice*.\n";
    env.write(&path, &text);
    env.commit_by_hand("notes from the call");
    let hand_commit = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let bytes = env.read_bytes(&path);

    // Reading works and finds nothing wrong with unknown keys or a longer body.
    let show = env.esc_ok(&["show", &id]);
    assert!(show.contains("VPN drops every hour") && show.contains("Customer called twice;  *twice*."), "{show}");
    assert!(env.esc_ok(&["list"]).contains(&id));
    let lint = env.esc(&["lint"]).expect_code(0, "lint accepts unknown keys and hand-written bodies");
    assert_eq!(lint.stdout, "");
    let shown: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "show", &id])).expect("JSON");
    assert_eq!(shown["body"], "First report.\n\n## Notes\n\nCustomer called twice;  *twice*.\n");

    // The audit trail shows the hand commit, marked as such.
    let log = env.esc_ok(&["log", &id]);
    let first = log.lines().next().expect("a log line");
    assert!(first.starts_with(&hand_commit[..8]), "newest first:\n{log}");
    assert!(first.contains("edit") && first.contains(IDENTITY) && first.ends_with("(plain git)"), "{first}");
    assert!(log.contains("    body edited"), "{log}");
    assert!(log.lines().any(|l| l.contains("  open  ") && !l.contains("plain git")), "{log}");
    let logged: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "log", &id])).expect("JSON");
    let logged = &logged["entries"];
    assert_eq!(logged.as_array().map(Vec::len), Some(2));
    assert_eq!(logged[0]["action"], "edit");
    assert_eq!(logged[0]["by_esc"], false);
    assert_eq!(logged[0]["body_changed"], true);
    assert_eq!(logged[0]["subject"], "notes from the call");
    assert_eq!(logged[0]["changes"], serde_json::json!([]), "no state field changed");

    // Another esc action (the only mutating one today is open) leaves the file alone.
    env.open("Unrelated", &[]);
    assert_eq!(env.read_bytes(&path), bytes, "the hand-edited file is unchanged");
    assert_eq!(env.git(&["rev-list", "-1", "HEAD", "--", &path]).trim(), hand_commit);
    env.assert_clean();
    env.assert_fsck();
}

#[test]
fn a_hand_commit_that_changes_a_field_shows_in_the_log() {
    let env = TestEnv::initialised();
    let id = env.open("Slow reports", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\nseverity: sev3\n", "\nseverity: sev1\n");
    env.commit_by_hand("bump severity by hand");
    let log = env.esc_ok(&["log", &id]);
    let hand_entry: Vec<&str> = log.lines().take_while(|l| !l.contains("  open  ")).collect();
    assert!(hand_entry[0].ends_with("(plain git)"), "{log}");
    assert!(hand_entry.contains(&"    severity: sev3 -> sev1"), "{log}");
    assert!(!hand_entry.contains(&"    body edited"), "{log}");
}

#[test]
fn uncommitted_edits_to_a_ticket_are_left_alone() {
    let env = TestEnv::initialised();
    let id = env.open("Half-edited", &["--severity", "sev2"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\ncreated: ", "\nx-draft: true\ncreated: ");
    let edited = env.read_bytes(&path);
    let status = env.status();
    assert_eq!(status, format!(" M {path}\n"));

    // Reading commands see the working tree and do not crash or write.
    assert!(env.esc_ok(&["show", &id]).contains("Half-edited"));
    assert!(env.esc_ok(&["list"]).contains(&id));
    env.esc(&["lint"]).expect_code(0, "an extra key is not a finding");
    // The one mutating command that exists commits another file and leaves this one as it is.
    let other = env.open("Meanwhile", &[]);
    assert_eq!(env.last_commit_paths(), [format!("{NOW_SHARD}/{other}.md")]);
    assert_eq!(env.read_bytes(&path), edited);
    assert_eq!(env.status(), status, "the edit is still uncommitted, and only that");
    assert!(!env.git(&["show", &format!("HEAD:{path}")]).contains("x-draft"));
}

#[test]
fn a_ticket_with_uncommitted_edits_is_never_overwritten() {
    // Every command that rewrites a ticket refuses to touch a file with uncommitted edits.
    let env = TestEnv::initialised();
    let id = env.open("Half-edited", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\ncreated: ", "\nx-draft: true\ncreated: ");
    let edited = env.read_bytes(&path);
    let (count, status) = (env.commit_count(), env.status());
    let run = env.esc(&["classify", &id, "--severity", "sev1"]).expect_error("classify over uncommitted edits");
    assert!(run.stderr.contains("uncommitted changes"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("commit or discard")), "{}", run.stderr);
    assert_eq!(env.read_bytes(&path), edited);
    assert_eq!((env.commit_count(), env.status()), (count, status.clone()));

    // Every other action refuses just the same.
    for args in [
        &["ack", &id][..],
        &["assign", &id, "Bo Berg <bo@example.com>"],
        &["escalate", &id, "--reason", "complexity"],
        &["update", &id, "-m", "news"],
        &["update", &id, "-m", "note", "--internal"],
        &["wait", &id, "--on", "customer", "-m", "question"],
        &["resolve", &id, "--resolution", "done"],
        &["triage", &id, "--answer", "outage=yes"],
    ] {
        let run = env.esc(args).expect_error(&format!("esc {args:?} over uncommitted edits"));
        assert!(run.stderr.contains("has uncommitted changes"), "{args:?}: {}", run.stderr);
        assert_eq!(env.read_bytes(&path), edited, "{args:?}");
        assert_eq!((env.commit_count(), env.status()), (count, status.clone()), "{args:?}");
    }

    // Staged but uncommitted counts too.
    env.git(&["add", &path]);
    let run = env.esc(&["classify", &id, "--severity", "sev1"]).expect_error("classify over staged edits");
    assert!(run.stderr.contains("uncommitted changes"), "{}", run.stderr);
    assert_eq!(env.read_bytes(&path), edited);
    assert_eq!(env.commit_count(), count);

    // Committed, the edit is the new base: esc keeps it and changes only its own keys.
    env.commit_by_hand("draft flag");
    env.esc_ok(&["classify", &id, "--severity", "sev1"]);
    let text = env.read(&path);
    assert!(text.contains("\nx-draft: true\ncreated: "), "{text}");
    env.assert_clean();
}
