//! Hostile values and commits: durations and dates outside esc's bounds are parse errors
//! (and lint findings), never wrapped numbers or panics; trailers are read as git reads
//! them, and a commit is an esc action only when its change is the entry it claims.

use crate::common::TestEnv;

/// `0x1111111111111111` hours: times 60 it wraps to −4 minutes in 64 bits.
const WRAPPING_HOURS: &str = "1229782938247303441h";

#[test]
fn a_duration_that_would_wrap_is_an_error_and_a_lint_finding() {
    let env = TestEnv::initialised();
    let config = env.read(".esc/config.yaml");
    let line = config.lines().position(|l| l.trim() == "ack: 15m").expect("the P1 ack target") + 1;
    env.edit(".esc/config.yaml", "    ack: 15m", &format!("    ack: {WRAPPING_HOURS}"));

    let run = env.esc(&["lint"]).expect_code(1, "lint finds the target");
    assert!(
        run.stdout.contains(&format!(
            ".esc/config.yaml:{line}: priorities.P1.ack: '…' is outside the range esc accepts: durations under 100 years"
        )),
        "{}",
        run.stdout
    );

    let run = env.esc_rejects(&["list"]);
    assert!(run.stderr.starts_with(&format!("error: .esc/config.yaml:{line}: ")), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("under 100 years")), "{}", run.stderr);

    for long in ["36500d", "52560000m", "99999999999999999999h"] {
        env.edit(".esc/config.yaml", &format!("    ack: {WRAPPING_HOURS}"), &format!("    ack: {long}"));
        env.esc_rejects(&["list"]);
        env.edit(".esc/config.yaml", &format!("    ack: {long}"), &format!("    ack: {WRAPPING_HOURS}"));
    }
}

#[test]
fn a_ticket_created_in_year_minus_262143_is_an_error_not_a_panic() {
    let env = TestEnv::initialised();
    let id = env.open("Login fails", &[]);
    let path = env.ticket_path(&id);
    env.edit(&path, "created: 2026", "created: -262143");
    env.commit_by_hand("backdate the ticket");
    let line = env.read(&path).lines().position(|l| l.starts_with("created:")).unwrap() + 1;

    let problem =
        format!("{path}:{line}: created: -262143-11-25T09:30:00Z is outside the range esc accepts: years 1970 to 9999");
    // The trend is of the other tickets, and the report fails for the one left out.
    let run = env.esc(&["stats", "--trend", "week"]).expect_code(2, "stats leaves the ticket out and fails");
    assert!(run.stderr.contains(&problem) && run.stderr.contains("the report is incomplete"), "{}", run.stderr);
    let run = env.esc_rejects(&["show", &id]);
    assert!(run.stderr.starts_with(&format!("error: {problem}")), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("1970 to 9999")), "{}", run.stderr);
    let run = env.esc(&["lint"]).expect_code(1, "lint reports the date");
    assert!(run.stdout.contains(&format!("{path}:{line}: created: ")), "{}", run.stdout);
}

#[test]
fn history_times_out_of_range_are_errors() {
    let env = TestEnv::initialised();
    let id = env.open("Login fails", &[]);
    let path = env.ticket_path(&id);
    env.edit(&path, "- at: 2026", "- at: 1969");
    env.commit_by_hand("a history entry before 1970");
    let run = env.esc_rejects(&["show", &id]);
    assert!(run.stderr.contains("history[0].at: 1969-11-25T09:30:00Z is outside the range"), "{}", run.stderr);
    env.edit(&path, "- at: 1969", "- at: +10000");
    env.commit_by_hand("a history entry after 9999");
    let run = env.esc_rejects(&["show", &id]);
    assert!(run.stderr.contains("is outside the range esc accepts: years 1970 to 9999"), "{}", run.stderr);
}

#[test]
fn times_on_the_command_line_are_bounded_too() {
    let env = TestEnv::initialised();
    env.open("Login fails", &[]);
    let run = env.esc_rejects(&["stats", "--since", "1960-01-01"]);
    assert!(run.stderr.contains("outside the range esc accepts"), "{}", run.stderr);
    let commits = env.commit_count();
    let run = env.esc_at("0001-01-01T00:00:00Z", &["open", "Year one"]).expect_error("ESC_NOW in year 1");
    assert_eq!(env.commit_count(), commits);
    assert!(run.stderr.contains("outside the range esc accepts"), "{}", run.stderr);
    let run = env.esc(&["check", "--now", "1969-12-31T23:59:59Z"]).expect_code(2, "--now before 1970");
    assert!(run.stderr.contains("outside the range esc accepts"), "{}", run.stderr);
}

/// `git interpret-trailers --parse` of `message`, as `Key: value` lines.
fn git_trailers(env: &TestEnv, message: &str) -> String {
    env.write("message.txt", message);
    let out = env.git(&["interpret-trailers", "--parse", "message.txt"]);
    std::fs::remove_file(env.path("message.txt")).expect("remove message.txt");
    out
}

#[test]
fn trailers_are_read_as_git_reads_them() {
    let env = TestEnv::initialised();
    let messages = [
        "esc: close ESC-1: done\n\nEsc-Ticket: ESC-1\nEsc-Action: close\n",
        "Squash merge\n\n* esc: close ESC-1\n\nEsc-Ticket: ESC-1\nEsc-Action: close\n\nFixed by hand.\n",
        "subject\n\nbody line\nEsc-Ticket: ESC-1\nEsc-Action: close\n",
        "subject\n\nEsc-Reason: a long\n  reason\nEsc-Action : close\n# a comment\n\n",
        "Esc-Action: close\n",
        "subject\n\nsome words\nSigned-off-by: Ana <ana@example.com>\nEsc-Action: close\n",
        "subject\n\nEsc-Action: close\n---\nEsc-Action: open\n",
        "subject\n\n  Esc-Action: indented\nEsc-Ticket: ESC-1\n",
        "subject\n\nnot a: trailer line\nEsc-Action: close\n",
    ];
    for message in messages {
        let ours = esc_trailers(message);
        assert_eq!(ours, git_trailers(&env, message), "trailers of {message:?}");
    }
}

/// The trailers esc's library reads from `message`, in the same form.
fn esc_trailers(message: &str) -> String {
    esc::repo::commit_message::trailers(message).iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
}

#[test]
fn a_hand_commit_with_forged_or_quoted_trailers_is_shown_as_a_hand_commit() {
    let env = TestEnv::initialised();
    let id = env.open("Login fails", &["--severity", "sev3"]);
    env.esc_ok(&["ack", &id]);
    let path = env.ticket_path(&id);

    // Forged: the trailers claim an esc close, the change is a hand edit of the severity.
    env.edit(&path, "severity: sev3", "severity: sev1");
    env.commit_by_hand(&format!("esc: close {id}: done\n\nEsc-Ticket: {id}\nEsc-Action: close\n"));
    // Quoted: a squash message that quotes an esc commit's trailers in its body.
    env.edit(&path, "severity: sev1", "severity: sev2");
    env.commit_by_hand(&format!(
        "Squash of the week's fixes\n\n* esc: resolve {id}: fixed\n\nEsc-Ticket: {id}\nEsc-Action: resolve\n\nReviewed by Ana.\n"
    ));

    let json = env.esc_ok(&["log", &id, "--json"]);
    let log: serde_json::Value = serde_json::from_str(&json).expect("esc log --json");
    let entries = &log["entries"];
    let summary: Vec<(String, bool)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_string(), e["by_esc"].as_bool().unwrap()))
        .collect();
    let expected = [("edit", false), ("edit", false), ("ack", true), ("open", true)];
    assert_eq!(summary, expected.map(|(a, b)| (a.to_string(), b)), "{json}");
    assert_eq!(entries[1]["claimed_action"], "close", "{json}");
    assert!(entries[0]["claimed_action"].is_null(), "quoted trailers are no claim: {json}");

    let human = env.esc_ok(&["log", &id]);
    assert!(human.contains("(plain git; its trailers claim esc close, which is not what it changed)"), "{human}");
    assert!(human.contains("severity: sev1 -> sev2"), "{human}");
}

#[test]
fn trailers_naming_another_ticket_or_action_are_not_an_esc_action() {
    let env = TestEnv::initialised();
    let first = env.open("Login fails", &[]);
    let other = env.open("Checkout slow", &[]);
    let path = env.ticket_path(&first);
    // A real ack entry, copied by hand, claimed for the other ticket: not esc's commit.
    env.esc_ok(&["ack", &other]);
    let other_path = env.ticket_path(&other);
    let other_text = env.read(&other_path);
    let ack_entry = &other_text[other_text.rfind("- at:").unwrap()..other_text.rfind("\n---").unwrap() + 1];
    let text = env.read(&path);
    let end = text.rfind("\n---").unwrap() + 1;
    env.write(&path, &format!("{}{ack_entry}{}", &text[..end], &text[end..]));
    env.commit_by_hand(&format!("esc: ack {other}: hand\n\nEsc-Ticket: {other}\nEsc-Action: ack\n"));
    let human = env.esc_ok(&["log", &first]);
    assert!(human.lines().next().unwrap().contains("(plain git; its trailers claim esc ack"), "{human}");
    // The same entry, claimed for this ticket but as another action: not esc's commit either.
    env.edit(&path, "  action: ack\n", "  action: ack\n  message: again\n");
    env.commit_by_hand(&format!("esc: note {first}: hand\n\nEsc-Ticket: {first}\nEsc-Action: note\n"));
    let human = env.esc_ok(&["log", &first]);
    assert!(human.lines().next().unwrap().contains("(plain git; its trailers claim esc note"), "{human}");
}
