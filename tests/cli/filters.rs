//! Filters a typo cannot get past, "did you mean", finding your own work, and a closed
//! stdout that keeps the verdict.

use crate::common::{EMAIL, TestEnv};

/// The ids in the first column of `esc list ARGS`.
fn listed(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend_from_slice(args);
    env.esc_ok(&all).lines().skip(1).map(|l| l.split_whitespace().next().expect("an id").to_string()).collect()
}

#[test]
fn a_filter_value_the_policy_does_not_know_is_an_error_with_the_closest_name() {
    let env = TestEnv::initialised();
    env.open("Something", &["--severity", "sev2"]);
    for (args, hint) in [
        (vec!["check", "--team", "nosuch"], "allowed values"),
        (vec!["check", "--team", "enginering"], "did you mean 'engineering'?"),
        (vec!["check", "--level", "L9"], "did you mean 'L1'?"),
        (vec!["check", "--priority", "P9"], "did you mean 'P1'?"),
        (vec!["list", "--severity", "sev9"], "did you mean 'sev1'?"),
        (vec!["list", "--priority", "P9"], "allowed values"),
        (vec!["list", "--type", "bogus"], "allowed values"),
        (vec!["list", "--category", "biling"], "did you mean 'billing'?"),
        (vec!["list", "--team", "nosuch"], "allowed values"),
        (vec!["list", "--status", "opne"], "allowed values"),
        (vec!["search", "x", "--type", "bogus"], "allowed values"),
        (vec!["search", "x", "--category", "nosuch"], "allowed values"),
        (vec!["kb", "--category", "nosuch"], "allowed values"),
        (vec!["kb", "--type", "bogus"], "allowed values"),
    ] {
        let run = env.esc_rejects(&args);
        assert!(run.stderr.starts_with("error: invalid "), "{args:?}: {}", run.stderr);
        assert!(run.hint().is_some_and(|h| h.contains(hint)), "{args:?}: {}", run.stderr);
    }
    // Case does not matter, as in the matching itself; `-` is kb's "no category".
    assert_eq!(listed(&env, &["--severity", "SEV2"]).len(), 1);
    env.esc(&["check", "--priority", "p2"]).expect_code(0, "a known priority in another case");
    env.esc(&["kb", "--category", "-"]).expect_code(0, "kb's no-category filter");
}

#[test]
fn a_mistyped_id_suggests_the_id_one_typo_away() {
    let env = TestEnv::initialised();
    let id = env.open("Something", &[]);
    let last = id.chars().last().expect("a character");
    let typo = format!("{}{}", &id[..id.len() - 1], if last == 'A' { 'B' } else { 'A' });
    let run = env.esc_rejects(&["show", &typo]);
    assert!(run.stderr.contains(&format!("no ticket matches '{typo}'")), "{}", run.stderr);
    assert_eq!(run.hint(), Some(format!("did you mean {id}? `esc list --all` shows every ticket").as_str()));
    let run = env.esc_rejects(&["show", "ESC-ZZZZZZZZ"]);
    assert_eq!(run.hint(), Some("`esc list --all` shows every ticket"), "no guess when nothing is close");
}

#[test]
fn lint_and_the_policy_name_the_key_a_typo_meant() {
    let env = TestEnv::initialised();
    let id = env.open("Something", &[]);
    let path = env.ticket_path(&id);
    env.edit(&path, "title:", "sevrity: sev1\nx-customer-tier: gold\ntitle:");
    env.commit_by_hand("a typo");
    let lint = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(lint.stdout.contains("unknown key 'sevrity': did you mean 'severity'?"), "{}", lint.stdout);
    assert!(!lint.stdout.contains("x-customer-tier"), "a key of the user's own is not a typo: {}", lint.stdout);
    env.edit(".esc/config.yaml", "severities:", "severites:");
    let run = env.esc(&["list"]).expect_error("a misspelt policy key");
    assert!(run.stderr.contains("unknown field `severites`"), "{}", run.stderr);
    assert_eq!(run.hint(), Some("did you mean `severities`?"), "{}", run.stderr);
}

#[test]
fn a_reader_that_stops_early_does_not_turn_a_breach_into_success() {
    let env = TestEnv::initialised();
    env.open("Down", &["--severity", "sev1"]);
    let late = "2026-12-24T09:30:00Z";
    env.esc_at(late, &["check"]).expect_code(1, "a breach");
    let mut child = env
        .std_esc_command()
        .env("ESC_NOW", late)
        .arg("check")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start esc");
    drop(child.stdout.take()); // the reader is gone before esc writes a byte
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("error"), "a closed pipe is not an error");
}

#[test]
fn assignee_mine_customer_category_and_team_find_your_own_work() {
    let env = TestEnv::initialised();
    let mine = env.open("Mine", &["--customer", "Acme", "--category", "billing"]);
    let dana = env.open("Dana's", &["--customer", "Globex"]);
    let nobody = env.open("Nobody's", &[]);
    env.esc_ok(&["take", &mine]);
    env.esc_ok(&["assign", &dana, "Dana Kovac <dana@example.com>"]);
    assert_eq!(listed(&env, &["--mine"]), [mine.as_str()]);
    for who in ["ana", "ANA", "Lima", "Ana Lima", EMAIL] {
        assert_eq!(listed(&env, &["--assignee", who]), [mine.as_str()], "--assignee {who}");
    }
    assert_eq!(listed(&env, &["--assignee", "dana"]), [dana.as_str()], "'ana' is not a part of 'Dana'");
    assert_eq!(listed(&env, &["--customer", "acme"]), [mine.as_str()]);
    assert_eq!(listed(&env, &["--category", "billing"]), [mine.as_str()]);
    env.esc_ok(&["escalate", &nobody, "--to", "L2", "--reason", "complexity", "-m", "over to you"]);
    let team = env.esc_ok(&["--json", "show", &nobody]);
    let team: serde_json::Value = serde_json::from_str(&team).expect("JSON");
    let team = team["team"].as_str().expect("an escalated ticket has the level's team");
    assert_eq!(listed(&env, &["--team", team]), [nobody.as_str()]);
}

#[test]
fn list_sorts_by_due_age_and_update_and_stops_at_the_limit() {
    let env = TestEnv::initialised();
    let old_p3 = env.esc_at("2026-11-20T09:00:00Z", &["open", "Old minor", "--severity", "sev3"]).stdout;
    let old_p3 = old_p3.trim().to_string();
    let new_p1 = env.esc_at("2026-11-25T09:00:00Z", &["open", "New major", "--severity", "sev1"]).stdout;
    let new_p1 = new_p1.trim().to_string();
    let at = ["--now", "2026-11-25T09:30:00Z"];
    assert_eq!(listed(&env, &at), [new_p1.clone(), old_p3.clone()], "priority first by default");
    assert_eq!(listed(&env, &[&at[..], &["--sort", "age"]].concat()), [old_p3.clone(), new_p1.clone()]);
    // The old P3's acknowledgement came due days ago: it is the nearest (overdue) deadline.
    assert_eq!(listed(&env, &[&at[..], &["--sort", "due"]].concat()), [old_p3.clone(), new_p1.clone()]);
    env.esc_at("2026-11-25T09:20:00Z", &["update", &old_p3, "-m", "looking"]).expect_code(0, "update");
    assert_eq!(listed(&env, &[&at[..], &["--sort", "updated"]].concat()), [old_p3.clone(), new_p1.clone()]);
    let limited = env.esc(&["list", "--limit", "1"]).expect_code(0, "limit");
    assert_eq!(limited.stdout.lines().count(), 2, "a header and one row: {}", limited.stdout);
    assert!(limited.stderr.contains("1 more (--limit)"), "{}", limited.stderr);
    let table = env.esc_ok(&["list", "--now", "2026-11-25T09:30:00Z"]);
    let header = table.lines().next().expect("a header");
    assert!(header.contains(" DUE "), "{header}");
    assert!(table.contains("2026-11-20 "), "the overdue ack of the old ticket: {table}");
}
