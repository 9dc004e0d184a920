//! `esc confirm --csat`: the requester's rating in the confirm entry of the history, a late
//! rating on a closed ticket as an entry of its own, and refusals that write nothing.

use crate::common::{NOW_SHARD, TestEnv, front_matter_value, json, last_history_entry};

/// A resolved ticket; returns its id and path.
fn resolved(env: &TestEnv, title: &str) -> (String, String) {
    let id = env.open(title, &["--severity", "sev3"]);
    env.esc_ok(&["resolve", &id, "--resolution", "Cleared the cache"]);
    (id.clone(), format!("{NOW_SHARD}/{id}.md"))
}

#[test]
fn a_rating_with_the_confirm_closes_the_ticket_and_is_in_its_history() {
    let env = TestEnv::initialised();
    let (id, path) = resolved(&env, "Dashboard is blank");
    env.esc_ok(&["confirm", &id, "--csat", "4", "--comment", "Quick fix, thanks"]);
    let text = env.read(&path);
    assert_eq!(front_matter_value(&text, "status").as_deref(), Some("closed"));
    let entry = last_history_entry(&text);
    assert!(entry.contains("action: confirm"), "{entry}");
    assert!(entry.contains("message: Quick fix, thanks"), "the comment is the entry's message: {entry}");
    assert!(entry.lines().any(|l| l.trim() == "csat: 4"), "an integer, not a string: {entry}");
    let subject = env.subject();
    assert!(subject.starts_with(&format!("esc: confirm {id}: confirmed by the requester, rated 4 of 5")), "{subject}");
    env.assert_clean();
    // --json shows it; the human view says it.
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    let history = shown["history"].as_array().expect("history");
    assert_eq!(history.last().unwrap()["csat"], 4);
    assert_eq!(history[0]["csat"], serde_json::Value::Null, "every entry has the key");
    assert!(env.esc_ok(&["show", &id]).contains("satisfaction: 4 of 5"));
}

#[test]
fn a_late_rating_on_a_closed_ticket_is_its_own_entry_and_changes_no_status() {
    let env = TestEnv::initialised();
    let (id, path) = resolved(&env, "Export times out");
    env.esc_ok(&["confirm", &id]);
    let commits = env.commit_count();
    env.esc_ok(&["confirm", &id, "--csat", "2", "-m", "Took three days"]);
    assert_eq!(env.commit_count(), commits + 1, "one commit");
    let text = env.read(&path);
    assert_eq!(front_matter_value(&text, "status").as_deref(), Some("closed"));
    let entry = last_history_entry(&text);
    assert!(entry.lines().any(|l| l.trim() == "csat: 2") && !entry.contains("set:"), "a rating, nothing set: {entry}");
    assert_eq!(env.subject(), format!("esc: confirm {id}: rated 2 of 5 by the requester"));
    // Without a rating there is still nothing to confirm.
    let run = env.esc_rejects(&["confirm", &id]);
    assert!(run.stderr.contains("it is already closed"), "{}", run.stderr);
}

#[test]
fn ratings_outside_one_to_five_and_ratings_of_open_tickets_are_refused() {
    let env = TestEnv::initialised();
    let (id, path) = resolved(&env, "Wrong invoice total");
    for bad in ["0", "6", "four", "4.5"] {
        let run = env.esc_rejects_keeping(&path, &["confirm", &id, "--csat", bad]);
        assert!(run.stderr.contains("--csat"), "--csat {bad}: {}", run.stderr);
    }
    let open = env.open("Still broken", &[]);
    let run = env.esc_rejects(&["confirm", &open, "--csat", "5"]);
    assert!(run.stderr.contains("not resolved"), "{}", run.stderr);
}

#[test]
fn a_hand_written_rating_out_of_range_still_reads_and_is_not_counted() {
    let env = TestEnv::initialised();
    let (id, path) = resolved(&env, "Login slow");
    env.esc_ok(&["confirm", &id, "--csat", "5"]);
    env.edit(&path, "csat: 5", "csat: 9");
    env.commit_by_hand("a hand edit");
    // The next day: the close at now is known only after now.
    let report = json(&env.esc_at("2026-11-26T09:30:00Z", &["--json", "stats"]).expect_code(0, "stats").stdout);
    let csat = &report["total"]["csat"];
    assert_eq!((&csat["closed"], &csat["rated"], &csat["mean"]), (&1.into(), &0.into(), &serde_json::Value::Null));
}
