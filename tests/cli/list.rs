//! `esc list`: most urgent first, and filters.

use crate::common::{NOW_SHARD, TestEnv};

/// The ids in `esc list ARGS` output, in order.
fn listed(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["list"];
    all.extend_from_slice(args);
    let out = env.esc_ok(&all);
    out.lines().skip(1).map(|l| l.split_whitespace().next().expect("an id column").to_string()).collect()
}

fn listed_json(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--json", "list"];
    all.extend_from_slice(args);
    let json: serde_json::Value = serde_json::from_str(&env.esc_ok(&all)).expect("JSON");
    json["tickets"].as_array().expect("an array").iter().map(|t| t["id"].as_str().expect("an id").to_string()).collect()
}

struct Fixture {
    env: TestEnv,
    unprioritised: String,
    p3: String,
    p1: String,
    p2_no_severity: String,
    p2_sev2: String,
    p2_older: String,
}

/// Tickets opened in an order that is not the order they must be listed in.
fn fixture() -> Fixture {
    let env = TestEnv::initialised();
    let open = |now: &str, title: &str, args: &[&str]| {
        let mut all = vec!["open", title];
        all.extend_from_slice(args);
        env.esc_at(now, &all).expect_code(0, title).stdout.trim().to_string()
    };
    let unprioritised = open("2026-11-25T08:00:00Z", "No priority", &["--label", "db"]);
    let p3 = open("2026-11-25T08:10:00Z", "Minor", &["--severity", "sev3", "--type", "customer"]);
    let p1 = open("2026-11-25T08:20:00Z", "Down", &["--severity", "sev1", "--label", "db", "--label", "prod"]);
    let p2_no_severity = open("2026-11-25T08:30:00Z", "Impact only", &["--impact", "high", "--urgency", "medium"]);
    let p2_sev2 = open("2026-11-25T08:40:00Z", "Major newer", &["--severity", "sev2", "--label", "prod"]);
    let p2_older = open("2026-11-25T07:00:00Z", "Major older", &["--severity", "sev2"]);
    Fixture { env, unprioritised, p3, p1, p2_no_severity, p2_sev2, p2_older }
}

#[test]
fn most_urgent_first() {
    let f = fixture();
    let expected = [
        f.p1.as_str(),
        f.p2_older.as_str(),
        f.p2_sev2.as_str(),
        f.p2_no_severity.as_str(),
        f.p3.as_str(),
        f.unprioritised.as_str(),
    ];
    assert_eq!(listed(&f.env, &[]), expected, "priority, then severity, then the oldest");
    assert_eq!(listed_json(&f.env, &[]), expected);
    let table = f.env.esc_ok(&["list"]);
    assert!(table.starts_with("ID  "), "{table}");
    assert!(table.lines().all(|l| l == l.trim_end()), "no trailing blanks:\n{table}");
}

#[test]
fn filters_combine() {
    let f = fixture();
    let env = &f.env;
    assert_eq!(listed(env, &["--severity", "sev1"]), [f.p1.as_str()]);
    assert_eq!(listed(env, &["--severity", "SEV1"]), [f.p1.as_str()], "case-insensitive");
    assert_eq!(listed(env, &["--severity", "sev1", "--severity", "sev3"]), [f.p1.as_str(), f.p3.as_str()]);
    assert_eq!(
        listed(env, &["--priority", "P2"]),
        [f.p2_older.as_str(), f.p2_sev2.as_str(), f.p2_no_severity.as_str()]
    );
    assert_eq!(listed(env, &["--label", "db"]), [f.p1.as_str(), f.unprioritised.as_str()]);
    assert_eq!(listed(env, &["--label", "db", "--label", "prod"]), [f.p1.as_str()], "every label must match");
    assert_eq!(listed(env, &["--type", "customer"]), [f.p3.as_str()]);
    assert_eq!(listed(env, &["--level", "L1"]).len(), 6);
    assert_eq!(listed(env, &["--status", "new"]).len(), 6);
    assert_eq!(listed_json(env, &["--severity", "sev2", "--label", "prod"]), [f.p2_sev2.as_str()]);

    for args in [&["--status", "resolved"][..], &["--level", "L2"], &["--assignee", "nobody"], &["--label", "none"]] {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        let run = env.esc(&all).expect_code(0, "an empty list is not an error");
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "says so on stderr");
        assert_eq!(listed_json(env, args), Vec::<String>::new());
    }
}

#[test]
fn resolved_tickets_need_all_or_status() {
    let f = fixture();
    let env = &f.env;
    // No resolve command yet: mark one resolved by hand.
    let path = format!("{NOW_SHARD}/{}.md", f.p3);
    env.edit(&path, "\nstatus: new\n", "\nstatus: resolved\n");
    env.commit_by_hand("resolved by hand");
    assert!(!listed(env, &[]).contains(&f.p3));
    assert_eq!(listed(env, &["--all"]).len(), 6);
    assert!(listed(env, &["-a"]).contains(&f.p3));
    assert_eq!(listed(env, &["--status", "resolved"]), [f.p3.as_str()]);
    assert_eq!(listed(env, &["--all", "--severity", "sev3"]), [f.p3.as_str()]);
    env.assert_clean();
}
