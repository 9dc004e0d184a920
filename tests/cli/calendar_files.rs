//! Holidays from iCalendar files (`holiday_files:` in a calendar): the Dutch public holidays
//! of test-data/holidays/nl.ics moving due times, events esc cannot use reported by lint,
//! and paths that leave the repository refused.

use serde_json::Value;

use crate::common::{TestEnv, json, line_number};
use crate::sla_support::{edit_config, open_at};

/// The Dutch public holidays 2024–2030, as a publisher writes them (CRLF, folded lines).
const NL_ICS: &str = include_str!("../../test-data/holidays/nl.ics");

/// A repository whose `business` calendar (Mon–Fri 09:00–17:00) is in Amsterdam and takes
/// its holidays from `files` (a YAML list).
fn office_with_holiday_files(files: &str) -> TestEnv {
    let env = TestEnv::initialised();
    env.write(".esc/holidays/nl.ics", NL_ICS);
    env.git(&["add", ".esc/holidays/nl.ics"]);
    env.edit(".esc/config.yaml", "    timezone: UTC\n", "    timezone: Europe/Amsterdam\n");
    edit_config(&env, "    holidays: []\n", &format!("    holidays: []\n    holiday_files: {files}\n"));
    env
}

fn dutch_office() -> TestEnv {
    office_with_holiday_files("[.esc/holidays/nl.ics]")
}

/// The due time of `clock` in `esc sla --json`.
fn due(env: &TestEnv, id: &str, clock: &str, now: &str) -> String {
    let report = json(&env.esc_ok(&["--json", "sla", id, "--now", now]));
    let clocks = report["clocks"].as_array().expect("clocks");
    let found = clocks.iter().find(|c| c["clock"] == clock).unwrap_or_else(|| panic!("no {clock} clock: {report}"));
    found["due"].as_str().expect("a due time").to_string()
}

#[test]
fn due_times_skip_koningsdag_and_easter_monday_from_the_file() {
    let env = dutch_office();
    // Monday 26 April 2027, 15:00 in Amsterdam (CEST): 2h that day, Tuesday is Koningsdag,
    // so the 4h ack target runs out on Wednesday at 11:00 (09:00 UTC), not Tuesday.
    let king = open_at(&env, "2027-04-26T13:00:00Z", "Export is slow", &["--severity", "sev3"]);
    assert_eq!(due(&env, &king, "ack", "2027-04-26T14:00:00Z"), "2027-04-28T09:00:00Z");
    // Thursday 25 March 2027, 15:00 CET: 2h; Friday is Goede Vrijdag, Monday Tweede
    // Paasdag; Tuesday 09:00-11:00 CEST (the clocks went forward on Sunday) ends at 09:00 UTC.
    let easter = open_at(&env, "2027-03-25T14:00:00Z", "Invoices missing", &["--severity", "sev3"]);
    assert_eq!(due(&env, &easter, "ack", "2027-03-25T15:00:00Z"), "2027-03-30T09:00:00Z");

    // esc check sees the same calendar: on Wednesday at 08:00 UTC the first ticket has used
    // 3h of 4h (a warning), due at 09:00 UTC.
    let run = env.esc(&["check", "--format", "json", "--now", "2027-04-28T08:00:00Z"]);
    let report = json(&run.stdout);
    let findings = report["findings"].as_array().expect("findings");
    let ack = findings.iter().find(|f| f["id"] == king.as_str() && f["clock"] == "ack").expect("the ack warning");
    assert_eq!((ack["state"].as_str(), ack["due"].as_str()), (Some("warning"), Some("2027-04-28T09:00:00Z")), "{ack}");
}

#[test]
fn the_yearly_rules_of_the_file_hold_in_any_year() {
    let env = dutch_office();
    // Tuesday 24 December 2041, 15:00 CET: Christmas (Wed) and Boxing Day (Thu) come from
    // the file's FREQ=YEARLY rules; the 4h run out on Friday at 11:00 CET.
    let id = open_at(&env, "2041-12-24T14:00:00Z", "Year-end export", &["--severity", "sev3"]);
    assert_eq!(due(&env, &id, "ack", "2041-12-24T15:00:00Z"), "2041-12-27T10:00:00Z");
}

/// A holiday file with one usable event, a half day and a weekly rule.
const EXTRA_ICS: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Northwind Cloud//Office//EN\r\n\
BEGIN:VEVENT\r\n\
UID:dag-van-de-support@northwind.example\r\n\
DTSTART;VALUE=DATE:20270614\r\n\
SUMMARY:Dag van de support\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:sinterklaas@northwind.example\r\n\
SUMMARY:Sinterklaasavond\r\n\
DTSTART;TZID=Europe/Amsterdam:20271205T120000\r\n\
DTEND;TZID=Europe/Amsterdam:20271205T170000\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:vrijdagmiddag@northwind.example\r\n\
SUMMARY:Vrije vrijdag\r\n\
DTSTART;VALUE=DATE:20270108\r\n\
RRULE:FREQ=WEEKLY;BYDAY=FR\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn lint_reports_the_events_it_cannot_use_and_the_rest_still_count() {
    let env = office_with_holiday_files("[.esc/holidays/nl.ics, .esc/holidays/extra.ics]");
    env.write(".esc/holidays/extra.ics", EXTRA_ICS);
    env.git(&["add", "-A"]);
    env.commit_by_hand("office days");

    let lint = env.esc(&["lint"]).expect_code(1, "esc lint finds the unusable events");
    let timed = line_number(EXTRA_ICS, "DTSTART;TZID");
    let weekly = line_number(EXTRA_ICS, "RRULE:FREQ=WEEKLY");
    assert!(
        lint.stdout.contains(&format!(
            ".esc/holidays/extra.ics:{timed}: 'Sinterklaasavond' skipped: DTSTART 20271205T120000 has a time of day"
        )),
        "{}",
        lint.stdout
    );
    assert!(
        lint.stdout.contains(&format!(
            ".esc/holidays/extra.ics:{weekly}: 'Vrije vrijdag' skipped: RRULE FREQ=WEEKLY;BYDAY=FR: FREQ=WEEKLY"
        )),
        "{}",
        lint.stdout
    );
    let report = json(&env.esc(&["--json", "lint"]).expect_code(1, "esc lint --json").stdout);
    let rules: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(rules, vec![("unusable-holiday", timed as u64), ("unusable-holiday", weekly as u64)]);
    // The policy part of lint says the same.
    let check = env.esc(&["config", "check"]).expect_code(1, "esc config check");
    assert_eq!(check.stdout, lint.stdout);

    // The other commands work, and the usable event is a holiday: Friday 11 June 2027, 15:00
    // CEST, 2h; Monday 14 June is the file's day off; Tuesday 09:00-11:00 CEST.
    let id = open_at(&env, "2027-06-11T13:00:00Z", "Export is slow", &["--severity", "sev3"]);
    assert_eq!(due(&env, &id, "ack", "2027-06-11T14:00:00Z"), "2027-06-15T09:00:00Z");
}

#[test]
fn a_path_outside_the_repository_or_a_missing_file_is_an_error_at_the_config_line() {
    for (path, says) in [
        ("../x.ics", "'../x.ics' is not a path inside the repository"),
        ("/etc/holidays.ics", "'/etc/holidays.ics' is not a path inside the repository"),
        (".esc/holidays/be.ics", "'.esc/holidays/be.ics' does not exist"),
    ] {
        let env = office_with_holiday_files(&format!("\n      - .esc/holidays/nl.ics\n      - {path}"));
        let line = line_number(&env.read(".esc/config.yaml"), &format!("      - {path}"));
        let run = env.esc(&["list"]).expect_error(path);
        assert!(
            run.stderr
                .starts_with(&format!("error: .esc/config.yaml:{line}: calendars.business.holiday_files: {says}")),
            "{path}: {}",
            run.stderr
        );
        assert!(run.hint().is_some_and(|hint| hint.contains("named from the esc root")), "{}", run.stderr);
        // lint reports it as a policy finding, and checks the tickets all the same.
        let lint = env.esc(&["lint"]).expect_code(1, "lint");
        assert!(
            lint.stdout.contains(&format!(".esc/config.yaml:{line}: calendars.business.holiday_files")),
            "{}",
            lint.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_repository_is_refused() {
    let env = office_with_holiday_files("[.esc/holidays/outside.ics]");
    std::fs::write(env.home.join("outside.ics"), NL_ICS).unwrap();
    std::os::unix::fs::symlink(env.home.join("outside.ics"), env.path(".esc/holidays/outside.ics")).unwrap();
    let line = line_number(&env.read(".esc/config.yaml"), "    holiday_files:");
    let run = env.esc(&["check"]).expect_error("a linked holiday file");
    assert!(
        run.stderr.starts_with(&format!("error: .esc/config.yaml:{line}: calendars.business.holiday_files: .esc/holidays/outside.ics: is a symbolic link")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_icalendar_is_an_error_naming_its_line() {
    let env = office_with_holiday_files("[.esc/holidays/nl.ics]");
    env.write(".esc/holidays/nl.ics", &NL_ICS.replacen("DTSTART;VALUE=DATE:20241225", "DTSTART 20241225", 1));
    let line = line_number(&env.read(".esc/holidays/nl.ics"), "DTSTART 20241225");
    let run = env.esc(&["list"]).expect_error("a broken holiday file");
    assert!(
        run.stderr
            .starts_with(&format!("error: .esc/holidays/nl.ics:{line}: 'DTSTART 20241225' is not an iCalendar line")),
        "{}",
        run.stderr
    );
    env.write(".esc/holidays/nl.ics", "Nieuwjaarsdag,2027-01-01\n");
    let run = env.esc(&["list"]).expect_error("not iCalendar at all");
    assert!(run.stderr.starts_with("error: .esc/holidays/nl.ics:1: not an iCalendar file"), "{}", run.stderr);
}

#[test]
fn esc_config_shows_the_holiday_files() {
    let env = dutch_office();
    let effective: Value = json(&env.esc_ok(&["--json", "config"]));
    assert_eq!(effective["calendars"]["business"]["holiday_files"], serde_json::json!([".esc/holidays/nl.ics"]));
    let shown = env.esc_ok(&["config", "get", "calendars.business"]);
    assert!(shown.contains("holiday_files:\n- .esc/holidays/nl.ics"), "{shown}");
    env.esc(&["config", "check"]).expect_code(0, "the Dutch file has nothing esc cannot use");
}

#[test]
fn the_sample_repository_uses_the_same_dutch_file() {
    let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-repo/.esc/holidays/nl.ics"))
        .expect("the sample's holiday file");
    assert_eq!(sample, NL_ICS, "sample-repo/.esc/holidays/nl.ics is a copy of test-data/holidays/nl.ics");
    assert!(NL_ICS.contains("\r\n "), "a folded line, as publishers write them");
}
