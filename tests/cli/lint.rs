//! `esc lint`: `path:line: message` findings, exit 1, and nothing written.

use crate::common::{NOW_SHARD, TestEnv, line_number};

#[test]
fn a_clean_repository_has_no_findings() {
    let env = TestEnv::initialised();
    env.open("Fine", &["--severity", "sev2", "--label", "a"]);
    let run = env.esc(&["lint"]).expect_code(0, "lint");
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no findings"), "{}", run.stderr);
    assert_eq!(
        crate::common::json(&env.esc_ok(&["--json", "lint"])),
        serde_json::json!({"schema_version": 1, "findings": []})
    );
}

#[test]
fn a_hand_edited_severity_is_drift_at_its_line() {
    let env = TestEnv::initialised();
    let id = env.open("Drifting", &["--severity", "sev3"]);
    env.open("Not drifting", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.edit(&path, "\nseverity: sev3\n", "\nseverity: sev1\n");
    env.commit_by_hand("escalate by hand, without esc");
    let (count, status) = (env.commit_count(), env.status());
    let line = line_number(&env.read(&path), "severity: ");

    let run = env.esc(&["lint"]).expect_code(1, "drift is a finding");
    assert_eq!(run.stdout, format!("{path}:{line}: severity is 'sev1' but the history says 'sev3'\n"));
    assert!(run.stderr.contains("1 finding"), "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&env.esc(&["--json", "lint"]).stdout).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({"schema_version": 1, "findings": [{
            "rule": "drift", "path": path, "line": line, "message": "severity is 'sev1' but the history says 'sev3'"
        }]})
    );
    assert_eq!((env.commit_count(), env.status()), (count, status), "lint writes nothing");
}

#[test]
fn a_bad_config_value_is_reported_in_the_config() {
    let env = TestEnv::initialised();
    env.open("Fine", &[]);
    let config = env.read(".esc/config.yaml");
    let sev3 = line_number(&config, "  sev3:");
    env.edit(".esc/config.yaml", "    impact: medium\n", "    impact: enormous\n");
    let bad = line_number(&env.read(".esc/config.yaml"), "    impact: enormous");
    assert!(bad > sev3 && bad < sev3 + 4, "the edit is in sev3's block");
    let status = env.status();

    let run = env.esc(&["lint"]).expect_code(1, "lint with a bad config");
    let finding = run.stdout.lines().next().expect("a finding");
    let (place, message) = finding.split_once(": ").expect("path:line: message");
    let (file, line) = place.split_once(':').expect("path:line");
    assert_eq!(file, ".esc/config.yaml");
    let line: usize = line.parse().expect("a line number");
    assert!((sev3..=bad).contains(&line), "line {line} should point into sev3 ({sev3}..={bad}): {finding}");
    assert!(message.contains("severities.sev3.impact: 'enormous'"), "{finding}");
    assert_eq!(env.status(), status);
}

#[test]
fn yaml_errors_in_the_config_carry_the_file_line() {
    let env = TestEnv::initialised();
    env.edit(".esc/config.yaml", "id_prefix: ESC\n", "id_prefix: ESC\nseverites: {}\n");
    let line = line_number(&env.read(".esc/config.yaml"), "severites:");
    let run = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(run.stdout.starts_with(&format!(".esc/config.yaml:{line}: unknown field `severites`")), "{}", run.stdout);
}

#[test]
fn a_ticket_in_the_wrong_folder_is_reported() {
    let env = TestEnv::initialised();
    let id = env.open("Moved", &[]);
    let from = format!("{NOW_SHARD}/{id}.md");
    let to = format!("tickets/2020/01/{id}.md");
    std::fs::create_dir_all(env.path("tickets/2020/01")).expect("mkdir");
    env.git(&["mv", &from, &to]);
    env.git(&["commit", "-q", "-m", "move"]);
    let run = env.esc(&["lint"]).expect_code(1, "lint");
    assert_eq!(run.stdout, format!("{to}:2: ticket {id} should be stored as {from}\n"));
}

#[test]
fn a_duplicated_id_is_reported() {
    let env = TestEnv::initialised();
    let id = env.open("Original", &[]);
    let from = format!("{NOW_SHARD}/{id}.md");
    let copy = format!("{NOW_SHARD}/ESC-00000000.md");
    std::fs::copy(env.path(&from), env.path(&copy)).expect("copy");
    let run = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(
        run.stdout.contains(&format!("{from}:2: id {id} is also used by {copy}"))
            || run.stdout.contains(&format!("{copy}:2: id {id} is also used by {from}")),
        "{}",
        run.stdout
    );
}

/// A history entry written by hand (or by a later esc) with an action esc does not know:
/// lint names it, and esc's next action keeps it byte for byte.
#[test]
fn an_unknown_action_is_reported_and_survives_the_next_action() {
    let env = TestEnv::initialised();
    let id = env.open("Printer jams", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let text = env.read(&path);
    let entry = "- at: 2026-11-25T09:30:00Z\n  by: Ana Lima <ana@example.com>\n  action: page-oncall\n  message: paged by the phone tree\n";
    env.write(&path, &text.replacen("\n---\n", &format!("\n{entry}---\n"), 1));
    env.commit_by_hand("record a page by hand");
    let line = line_number(&env.read(&path), "history:");

    let run = env.esc(&["lint"]).expect_code(1, "an unknown action is a finding");
    assert_eq!(run.stdout, format!("{path}:{line}: history entry 2: unknown action 'page-oncall'\n"));

    env.esc_ok(&["update", &id, "-m", "Looking into it"]);
    let after = env.read(&path);
    assert!(after.contains(entry), "the hand-written entry is kept as it was:\n{after}");
    assert!(after.contains("action: update"), "{after}");
    assert!(env.esc_ok(&["show", &id]).contains("page-oncall"));
    env.assert_clean();
}

/// A misspelt status filter is an error naming the known statuses, in `list` and `search`.
#[test]
fn a_misspelt_status_filter_is_an_error_not_an_empty_result() {
    let env = TestEnv::initialised();
    env.open("Webhook retries", &[]);
    for command in [&["list", "--status", "resovled"][..], &["search", "webhook", "--status", "resovled"]] {
        let run = env.esc_rejects(command);
        assert!(run.stderr.contains("invalid status 'resovled'"), "{command:?}: {}", run.stderr);
        assert!(run.hint().is_some_and(|h| h.contains("resolved")), "{command:?}: {}", run.stderr);
    }
    assert_eq!(
        env.esc(&["search", "webhook", "--status", "new"]).expect_code(0, "a known status").stdout.lines().count(),
        2
    );
}
