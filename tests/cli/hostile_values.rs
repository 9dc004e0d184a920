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
            ".esc/config.yaml:{line}: priorities.P1.ack: '{WRAPPING_HOURS}' is outside the range esc accepts: durations under 100 years"
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

    let run = env.esc_rejects(&["stats", "--trend", "week"]);
    assert!(
        run.stderr.starts_with(&format!(
            "error: {path}:{line}: created: -262143-11-25T09:30:00Z is outside the range esc accepts: years 1970 to 9999"
        )),
        "{}",
        run.stderr
    );
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
