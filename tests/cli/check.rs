//! `esc check`: the live clocks of every open ticket, for CI. Each output format, the exit
//! codes (0 clean, 1 findings, 2 config or data errors), filters, `--fail-on`, the order of
//! findings, and the same verdict from a depth-1 clone.

use serde_json::{Value, json};

use crate::common::{NOW, NOW_SHARD, TestEnv, json};
use crate::sla_support::{Golden, act, at, clock, edit_config, open_at, p1, sla};

/// The tickets of [`desk`], as opened.
struct Desk {
    /// P1 opened 09:20, never acknowledged.
    early: String,
    /// P1 opened 09:30, never acknowledged.
    outage: String,
    /// P2 opened 09:30, acknowledged 09:40.
    slow: String,
    /// P3 (business hours) opened 09:30.
    typo: String,
    /// P1 opened 09:30 and resolved at 09:50: not checked.
    old: String,
}

const EARLY: &str = "Payments API returns 500";
const OUTAGE: &str = "Checkout 100% down, EU: all cards";
const SLOW: &str = "Reports are slow";
const TYPO: &str = "Invoice shows \"<none>\" & no total";
/// When the desk is checked: early and outage are breached twice each, slow warns.
const CHECKED_AT: &str = "2026-11-25T10:15:00Z";

/// Five tickets on Wednesday morning; see [`Desk`].
fn desk(env: &TestEnv) -> Desk {
    // These tests are about clocks: the resolved sev1 needs no post-incident review here
    // (tests/cli/review.rs checks reviews).
    edit_config(env, "    severities: [sev1, sev2]\n", "    severities: []\n");
    let early = open_at(env, &at("09:20"), EARLY, &["--severity", "sev1"]);
    let outage = open_at(env, NOW, OUTAGE, &["--severity", "sev1"]);
    let slow = open_at(env, NOW, SLOW, &["--severity", "sev2"]);
    let typo = open_at(env, NOW, TYPO, &["--severity", "sev3"]);
    let old = open_at(env, NOW, "Old outage", &["--severity", "sev1"]);
    act(env, &at("09:40"), "ack", &slow, &[]);
    act(env, &at("09:50"), "resolve", &old, &["--resolution", "Restarted"]);
    Desk { early, outage, slow, typo, old }
}

fn path(id: &str) -> String {
    format!("{NOW_SHARD}/{id}.md")
}

/// A finding of `esc check --format json`: the ticket's fields, then its clock's.
fn finding(id: &str, title: &str, level: &str, team: &str, clock: &Golden) -> Value {
    let mut value = clock.to_json();
    for (key, field) in [
        ("id", json!(id)),
        ("title", json!(title)),
        ("path", json!(path(id))),
        ("level", json!(level)),
        ("team", json!(team)),
    ] {
        value[key] = field;
    }
    value
}

/// `esc check ARGS… --now NOW`: its exit code and JSON.
fn check_json(env: &TestEnv, now: &str, args: &[&str]) -> (i32, Value) {
    let run = env.esc(&[&["check", "--format", "json", "--now", now][..], args].concat());
    assert!(run.code == 0 || run.code == 1, "check should find, not fail:\n{}", run.stderr);
    assert_eq!(run.stderr, "", "the JSON format says nothing on stderr");
    (run.code, json(&run.stdout))
}

/// The findings' `(ticket, clock)` pairs.
fn found(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["id"].as_str().expect("id").to_string(), f["clock"].as_str().expect("clock").to_string()))
        .collect()
}

fn pairs(list: &[(&String, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(id, clock)| (id.to_string(), clock.to_string())).collect()
}

/// The cells of a table row (columns are separated by two or more spaces).
fn cells(row: &str) -> Vec<&str> {
    row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

#[test]
fn the_table_lists_breached_and_warning_clocks_furthest_over_first() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    let run = env.esc(&["check", "--now", CHECKED_AT]).expect_code(1, "breached clocks fail the check");
    assert_eq!(run.stderr, "check: 4 breached, 1 warning across 4 open tickets at 2026-11-25T10:15:00Z\n");
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(cells).collect();
    assert_eq!(
        rows,
        [
            vec!["TICKET", "PRI", "LEVEL", "CLOCK", "STATE", "DUE (UTC)", "TITLE"],
            vec![&d.early, "P1", "L1", "ack", "breached", "2026-11-25 09:35", "40m over", EARLY],
            vec![&d.outage, "P1", "L1", "ack", "breached", "2026-11-25 09:45", "30m over", OUTAGE],
            vec![&d.early, "P1", "L1", "level L1", "breached", "2026-11-25 09:50", "25m over", EARLY],
            vec![&d.outage, "P1", "L1", "level L1", "breached", "2026-11-25 10:00", "15m over", OUTAGE],
            vec![&d.slow, "P2", "L1", "level L1", "warning", "2026-11-25 10:30", "15m left", SLOW],
        ]
    );
}

#[test]
fn the_json_report_has_every_finding_with_its_clock() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    let (code, report) = check_json(&env, CHECKED_AT, &[]);
    assert_eq!(code, 1);
    let (early, open) = (at("09:20"), at("09:30"));
    let findings = [
        finding(
            &d.early,
            EARLY,
            "L1",
            "frontline",
            &Golden {
                counted: 3300,
                due: Some(&at("09:35")),
                state: "breached",
                percent: 366,
                ..p1("ack", "15m", 900, &early)
            },
        ),
        finding(
            &d.outage,
            OUTAGE,
            "L1",
            "frontline",
            &Golden {
                counted: 2700,
                due: Some(&at("09:45")),
                state: "breached",
                percent: 300,
                ..p1("ack", "15m", 900, &open)
            },
        ),
        finding(
            &d.early,
            EARLY,
            "L1",
            "frontline",
            &Golden {
                level: Some("L1"),
                counted: 3300,
                due: Some(&at("09:50")),
                state: "breached",
                percent: 183,
                ..p1("level", "30m", 1800, &early)
            },
        ),
        finding(
            &d.outage,
            OUTAGE,
            "L1",
            "frontline",
            &Golden {
                level: Some("L1"),
                counted: 2700,
                due: Some(&at("10:00")),
                state: "breached",
                percent: 150,
                ..p1("level", "30m", 1800, &open)
            },
        ),
        finding(
            &d.slow,
            SLOW,
            "L1",
            "frontline",
            &Golden {
                level: Some("L1"),
                priority: "P2",
                counted: 2700,
                due: Some(&at("10:30")),
                state: "warning",
                percent: 75,
                ..p1("level", "1h", 3600, &open)
            },
        ),
    ];
    assert_eq!(
        report,
        json!({
            "schema_version": 1,
            "now": CHECKED_AT,
            "checked": 4,
            "breached": 4,
            "warnings": 1,
            "failed": true,
            "findings": findings,
            "reviews": [],
        })
    );
    assert!(!report.to_string().contains(&d.old) && !report.to_string().contains(&d.typo));
}

#[test]

fn a_json_finding_names_each_key_once() {
    let env = TestEnv::initialised();
    desk(&env);
    let stdout = env.esc(&["check", "--format", "json", "--now", CHECKED_AT]).expect_code(1, "check").stdout;
    // Each finding is one object of the pretty-printed array; count its top-level keys.
    let objects: Vec<&str> = stdout.split("\n    {\n").skip(1).collect();
    assert_eq!(objects.len(), 5, "{stdout}");
    for object in objects {
        let mut keys: Vec<&str> = object
            .lines()
            .filter_map(|line| {
                line.strip_prefix("      \"").and_then(|rest| rest.split_once("\":")).map(|(key, _)| key)
            })
            .collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "a key appears twice in a finding:\n{object}");
    }
}

#[test]
fn nothing_breached_exits_0() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, SLOW, &["--severity", "sev2"]);
    let run = env.esc(&["check", "--now", &at("09:40")]).expect_code(0, "a clean check");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "check: 0 breached, 0 warnings across 1 open ticket at 2026-11-25T09:40:00Z\n");
    let (code, report) = check_json(&env, &at("09:40"), &[]);
    assert_eq!(code, 0);
    assert_eq!(
        report,
        json!({"schema_version": 1, "now": at("09:40"), "checked": 1, "breached": 0, "warnings": 0, "failed": false, "findings": [], "reviews": []})
    );
    // Warnings alone pass, unless --fail-on warning: P2's 30m ack target is 80% used at 09:54.
    let (code, report) = check_json(&env, &at("09:54"), &[]);
    assert_eq!((code, &report["warnings"], &report["failed"]), (0, &json!(1), &json!(false)));
    assert_eq!(found(&report), pairs(&[(&id, "ack")]));
    let (code, report) = check_json(&env, &at("09:54"), &["--fail-on", "warning"]);
    assert_eq!((code, &report["warnings"], &report["failed"]), (1, &json!(1), &json!(true)));
    env.esc(&["check", "--now", &at("09:54"), "--fail-on", "breach"]).expect_code(0, "--fail-on breach");
    env.esc(&["check", "--now", &at("09:54"), "--fail-on", "warning"]).expect_code(1, "--fail-on warning");
}

#[test]
fn only_the_live_clocks_of_open_tickets_are_checked() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Old outage", &["--severity", "sev1"]);
    act(&env, &at("11:00"), "ack", &id, &["-m", "Late, sorry"]);
    // The missed ack is stopped: only the running update, resolve and level clocks count.
    let (code, report) = check_json(&env, &at("11:10"), &[]);
    assert_eq!((code, &report["checked"], found(&report)), (1, &json!(1), pairs(&[(&id, "level")])));
    act(&env, &at("11:20"), "resolve", &id, &["--resolution", "Restarted"]);
    let (code, report) = check_json(&env, &at("12:00"), &[]);
    assert_eq!((code, &report["checked"], &report["findings"]), (0, &json!(0), &json!([])));
}

#[test]
fn now_overrides_esc_now() {
    let env = TestEnv::initialised();
    open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
    env.esc_at(&at("11:00"), &["check"]).expect_code(1, "at 11:00 the ack is breached");
    let run = env.esc_at(&at("11:00"), &["check", "--now", &at("09:35")]).expect_code(0, "--now wins");
    assert_eq!(run.stderr, "check: 0 breached, 0 warnings across 1 open ticket at 2026-11-25T09:35:00Z\n");
}

#[test]
fn ties_are_ordered_by_ticket_id() {
    let env = TestEnv::initialised();
    let mut ids = [
        open_at(&env, NOW, "First", &["--severity", "sev1"]),
        open_at(&env, NOW, "Second", &["--severity", "sev1"]),
        open_at(&env, NOW, "Third", &["--severity", "sev1"]),
    ];
    ids.sort();
    let (_, report) = check_json(&env, &at("10:00"), &[]);
    // Each ack is 15m over; each level clock is exactly at its limit (a warning).
    let want: Vec<(&String, &str)> =
        ids.iter().map(|id| (id, "ack")).chain(ids.iter().map(|id| (id, "level"))).collect();
    assert_eq!(found(&report), pairs(&want));
}

#[test]
fn filters_select_tickets_by_team_level_and_priority() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    act(&env, &at("09:45"), "escalate", &d.slow, &["--reason", "complexity"]);
    let checked = |args: &[&str]| {
        let (code, report) = check_json(&env, CHECKED_AT, args);
        (code, report["checked"].as_u64().expect("checked"), found(&report))
    };
    let outage_and_early = pairs(&[(&d.early, "ack"), (&d.outage, "ack"), (&d.early, "level"), (&d.outage, "level")]);

    // slow is now at L2 with the specialists: 30 minutes of its 4h limit used.
    assert_eq!(checked(&["--team", "specialists"]), (0, 1, vec![]));
    assert_eq!(checked(&["--level", "L2"]), (0, 1, vec![]));
    assert_eq!(checked(&["--team", "frontline"]), (1, 3, outage_and_early.clone()));
    assert_eq!(checked(&["--team", "FRONTLINE"]), (1, 3, outage_and_early.clone()), "case-insensitive");
    assert_eq!(checked(&["--level", "L1"]), (1, 3, outage_and_early.clone()));
    assert_eq!(checked(&["--priority", "P1"]), (1, 2, outage_and_early));
    assert_eq!(checked(&["--priority", "P2", "--priority", "P3"]), (0, 2, vec![]));
    assert_eq!(checked(&["--level", "L1", "--priority", "P2"]), (0, 0, vec![]));
    assert_eq!(checked(&["--team", "frontline", "--priority", "P1", "--level", "L1"]).1, 2);
    assert_eq!(checked(&["--team", "engineering"]), (0, 0, vec![]));
}

#[test]
fn github_annotations_are_errors_for_breaches_and_warnings_for_the_rest() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    let run = env.esc(&["check", "--format", "github", "--now", CHECKED_AT]).expect_code(1, "github format");
    let (early, outage, slow) = (path(&d.early), path(&d.outage), path(&d.slow));
    let outage_title = "Checkout 100%25 down, EU: all cards";
    let lines = [
        format!(
            "::error file={early},line=1,title=SLA breached%3A {} ack::{} ack target 15m (P1) breached: 40m over, due 2026-11-25T09:35:00Z - {EARLY}",
            d.early, d.early
        ),
        format!(
            "::error file={outage},line=1,title=SLA breached%3A {} ack::{} ack target 15m (P1) breached: 30m over, due 2026-11-25T09:45:00Z - {outage_title}",
            d.outage, d.outage
        ),
        format!(
            "::error file={early},line=1,title=SLA breached%3A {} level L1::{} L1 limit 30m (P1) breached: 25m over, due 2026-11-25T09:50:00Z - {EARLY}",
            d.early, d.early
        ),
        format!(
            "::error file={outage},line=1,title=SLA breached%3A {} level L1::{} L1 limit 30m (P1) breached: 15m over, due 2026-11-25T10:00:00Z - {outage_title}",
            d.outage, d.outage
        ),
        format!(
            "::warning file={slow},line=1,title=SLA warning%3A {} level L1::{} L1 limit 1h (P2) warning: 15m left, due 2026-11-25T10:30:00Z - {SLOW}",
            d.slow, d.slow
        ),
    ];
    assert_eq!(run.stdout, format!("{}\n", lines.join("\n")));
    assert_eq!(run.stderr, "check: 4 breached, 1 warning across 4 open tickets at 2026-11-25T10:15:00Z\n");
    for line in run.stdout.lines() {
        assert_annotation_syntax(line);
    }

    // With --fail-on warning the warning is an error too.
    let run = env
        .esc(&["check", "--format", "github", "--fail-on", "warning", "--now", CHECKED_AT])
        .expect_code(1, "github format, --fail-on warning");
    let last = run.stdout.lines().last().expect("annotations");
    assert_eq!(last, lines[4].replacen("::warning ", "::error ", 1));
    assert!(run.stdout.lines().all(|l| l.starts_with("::error file=")), "{}", run.stdout);
}

#[test]
fn github_property_values_escape_colons_and_commas() {
    let env = TestEnv::new();
    let root = "desk: east,west";
    std::fs::create_dir(env.path(root)).expect("mkdir");
    env.esc_ok(&["-C", root, "init"]);
    let id = env.esc_at_ok(NOW, &["-C", root, "open", "Down", "--severity", "sev1"]).stdout.trim().to_string();
    let run = env.esc(&["-C", root, "check", "--format", "github", "--now", &at("09:50")]).expect_code(1, "check");
    // The file is relative to the repository root, not the esc root.
    assert_eq!(
        run.stdout,
        format!(
            "::error file=desk%3A east%2Cwest/{NOW_SHARD}/{id}.md,line=1,title=SLA breached%3A {id} ack::{id} ack target 15m (P1) breached: 5m over, due 2026-11-25T09:45:00Z - Down\n"
        )
    );
}

/// The `<testcase>` elements of a JUnit document: `(classname, name, failure type)`.
fn junit_cases(doc: &roxmltree::Document) -> Vec<(String, String, Option<String>)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failure = case.children().find(|c| c.has_tag_name("failure"));
            (
                case.attribute("classname").expect("classname").to_string(),
                case.attribute("name").expect("name").to_string(),
                failure.map(|f| f.attribute("type").expect("failure type").to_string()),
            )
        })
        .collect()
}

#[test]
fn junit_xml_has_a_test_case_per_live_clock_and_fails_breached_ones() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    let run = env.esc(&["check", "--format", "junit", "--now", CHECKED_AT]).expect_code(1, "junit");
    assert_eq!(run.stderr, "");
    let doc = roxmltree::Document::parse(&run.stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{}", run.stdout));
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    assert_eq!((suites.attribute("tests"), suites.attribute("failures")), (Some("12"), Some("4")));
    let suite = suites.children().find(|n| n.has_tag_name("testsuite")).expect("a testsuite");
    assert_eq!(
        (suite.attribute("tests"), suite.attribute("failures"), suite.attribute("timestamp")),
        (Some("12"), Some("4"), Some(CHECKED_AT))
    );

    let cases = junit_cases(&doc);
    assert_eq!(cases.len(), 12, "early, outage, slow and typo have three live clocks each");
    let failed: Vec<(&str, &str)> =
        cases.iter().filter(|c| c.2.is_some()).map(|(id, name, _)| (id.as_str(), name.as_str())).collect();
    let mut want = vec![
        (d.early.as_str(), format!("ack - {EARLY}")),
        (d.early.as_str(), format!("level L1 - {EARLY}")),
        (d.outage.as_str(), format!("ack - {OUTAGE}")),
        (d.outage.as_str(), format!("level L1 - {OUTAGE}")),
    ];
    want.sort();
    let mut failed: Vec<(&str, String)> = failed.into_iter().map(|(id, name)| (id, name.to_string())).collect();
    failed.sort();
    assert_eq!(failed, want);
    assert!(cases.iter().filter(|c| c.2.is_some()).all(|c| c.2.as_deref() == Some("breached")));
    // Titles with markup characters survive escaping.
    assert!(cases.contains(&(d.typo.clone(), format!("ack - {TYPO}"), None)), "{cases:?}");

    // A failure says what was missed; the warning is passed, with its message as output.
    let failure = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("failure") && n.parent().and_then(|p| p.attribute("classname")) == Some(d.outage.as_str())
        })
        .expect("outage's failure");
    assert_eq!(
        failure.attribute("message"),
        Some(format!("{} ack target 15m (P1) breached: 30m over, due 2026-11-25T09:45:00Z", d.outage).as_str())
    );
    let warning = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("classname") == Some(d.slow.as_str()) && n.has_children())
        .expect("slow's warning case");
    assert_eq!(
        warning.children().find(|c| c.has_tag_name("system-out")).and_then(|c| c.text()),
        Some(format!("{} L1 limit 1h (P2) warning: 15m left, due 2026-11-25T10:30:00Z", d.slow).as_str())
    );
    assert!(warning.attribute("name").is_some_and(|n| n == format!("level L1 - {SLOW}")));

    // --fail-on warning fails the warning too.
    let run =
        env.esc(&["check", "--format", "junit", "--fail-on", "warning", "--now", CHECKED_AT]).expect_code(1, "junit");
    let doc = roxmltree::Document::parse(&run.stdout).expect("XML");
    assert_eq!(doc.root_element().attribute("failures"), Some("5"));
    let mut types: Vec<String> = junit_cases(&doc).into_iter().filter_map(|c| c.2).collect();
    types.sort();
    assert_eq!(types, ["breached", "breached", "breached", "breached", "warning"]);
}

#[test]
fn junit_xml_of_a_clean_check_has_no_failures() {
    let env = TestEnv::initialised();
    open_at(&env, NOW, SLOW, &["--severity", "sev2"]);
    let run = env.esc(&["check", "--format", "junit", "--now", &at("09:40")]).expect_code(0, "junit");
    let doc = roxmltree::Document::parse(&run.stdout).expect("XML");
    assert_eq!(
        (doc.root_element().attribute("tests"), doc.root_element().attribute("failures")),
        (Some("3"), Some("0"))
    );
    assert!(!doc.descendants().any(|n| n.has_tag_name("failure")));
}

#[test]
fn a_ticket_file_with_malformed_yaml_fails_the_check_and_the_others_are_still_checked() {
    let env = TestEnv::initialised();
    let d = desk(&env);
    let broken = path(&d.typo);
    let text = env.read(&broken);
    let title = text.lines().find(|l| l.starts_with("title: ")).expect("a title line");
    env.write(&broken, &text.replacen(title, "title: \"unterminated", 1));
    env.commit_by_hand("a bad hand edit");
    for format in ["human", "json", "github", "junit"] {
        let run = env.esc(&["check", "--format", format, "--now", CHECKED_AT]).expect_code(2, format);
        assert!(run.stderr.contains(&format!("{broken}:")), "{format}: {}", run.stderr);
        assert!(run.stderr.contains("error: the check is incomplete: 1 file"), "{format}: {}", run.stderr);
        assert!(!run.stdout.is_empty(), "{format}: the other tickets are still checked");
    }
}

#[test]
fn a_config_naming_an_unknown_calendar_is_an_error() {
    let env = TestEnv::initialised();
    open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
    edit_config(&env, "    calendar: 24x7\n", "    calendar: office\n");
    let run = env.esc(&["check", "--now", CHECKED_AT]).expect_error("an unknown calendar");
    assert!(run.stderr.starts_with("error: .esc/config.yaml:") && run.stderr.contains("'office'"), "{}", run.stderr);
    env.esc(&["check", "--format", "json", "--now", CHECKED_AT]).expect_error("json");
}

#[test]
fn a_depth_1_clone_gives_the_same_verdict() {
    let env = TestEnv::initialised();
    desk(&env);
    let clone = env.home.join("shallow");
    let url = format!("file://{}", env.repo.display());
    env.git_in(&env.home, &["clone", "-q", "--depth", "1", &url, clone.to_str().expect("utf-8 path")]);
    assert_eq!(env.git_in(&clone, &["rev-list", "--count", "HEAD"]).trim(), "1", "a shallow clone");
    let clone = clone.to_str().expect("utf-8 path");

    for (now, code) in [(CHECKED_AT, 1), ("2026-11-25T09:33:00Z", 0)] {
        for format in ["json", "github", "junit"] {
            let here = env.esc(&["check", "--format", format, "--now", now]).expect_code(code, format);
            let there = env.esc(&["-C", clone, "check", "--format", format, "--now", now]).expect_code(code, format);
            assert_eq!(there.stdout, here.stdout, "{format} at {now}");
        }
    }
}

#[test]
fn a_bad_sla_policy_is_an_error() {
    for (from, to, names) in [
        ("  unclassified: P3\n", "  unclassified: P7\n", "sla.unclassified"),
        ("limits: { P1: 30m, P2: 1h,", "limits: { P8: 1h, P1: 30m, P2: 1h,", "levels.L1.limits"),
        ("  warn_at: 75%\n", "  warn_at: 175%\n", "warning threshold"),
        ("    escalate_on: [level, ack]\n", "    escalate_on: [level, resolve]\n", "sla.sweep.escalate_on"),
        ("    resolve: [customer]\n", "    resolve: [customer, boss]\n", "sla.pause.resolve"),
    ] {
        let env = TestEnv::initialised();
        open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
        edit_config(&env, from, to);
        let run = env.esc(&["check", "--now", CHECKED_AT]).expect_error(to);
        assert!(
            run.stderr.starts_with("error: .esc/config.yaml:") && run.stderr.contains(names),
            "{to}: {}",
            run.stderr
        );
    }
}

#[test]

fn a_ticket_with_an_undefined_priority_fails_the_check() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
    let path = path(&id);
    // Both the state and the history say P9, so only the config disagrees.
    env.edit(&path, "\npriority: P1\n", "\npriority: P9\n");
    env.edit(&path, "\n    priority: P1\n", "\n    priority: P9\n");
    env.commit_by_hand("a priority typed by hand");
    // Unacknowledged for 45 minutes: whatever P9 means, the verdict must not be a silent pass.
    let run = env.esc(&["check", "--now", CHECKED_AT]).expect_code(2, "an undefined priority");
    assert!(run.stderr.contains(&path) && run.stderr.contains("P9"), "{}", run.stderr);
    assert!(run.stderr.contains("error: the check is incomplete"), "{}", run.stderr);
}

#[test]
fn a_check_at_an_earlier_instant_ignores_later_events() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
    act(&env, &at("10:30"), "ack", &id, &[]);
    // At 10:15 the ack (10:30) has not happened yet.
    let (code, report) = check_json(&env, CHECKED_AT, &[]);
    assert_eq!((code, found(&report)), (1, pairs(&[(&id, "ack"), (&id, "level")])));
    assert_eq!(report["findings"][0]["stopped"], json!(null));
    let (code, report) = check_json(&env, &at("10:45"), &[]);
    assert_eq!((code, found(&report)), (1, pairs(&[(&id, "level")])));
}

#[test]

fn a_check_at_an_earlier_instant_sees_the_tickets_open_then() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, OUTAGE, &["--severity", "sev1"]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Restarted"]);
    assert_eq!(clock(&sla(&env, &id, CHECKED_AT), "ack", 1)["state"], "breached", "live at 10:15");

    let (code, report) = check_json(&env, CHECKED_AT, &[]);
    assert_eq!((code, &report["checked"]), (1, &json!(1)));
    assert_eq!(found(&report), pairs(&[(&id, "ack"), (&id, "level")]));
}

/// A GitHub workflow command: `::error|warning PROPS::MESSAGE`, where PROPS are
/// comma-separated `file=`, `line=`, `title=` with `:` and `,` escaped in values, and
/// neither part holds a raw line break.
fn assert_annotation_syntax(line: &str) {
    let rest = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
        .unwrap_or_else(|| panic!("an annotation starts with ::error or ::warning: {line}"));
    let (properties, message) = rest.split_once("::").unwrap_or_else(|| panic!("no ::message in {line}"));
    assert!(!message.is_empty() && !message.contains(['\r', '\n']), "{line}");
    for property in properties.split(',') {
        let (key, value) = property.split_once('=').unwrap_or_else(|| panic!("{property} is not key=value in {line}"));
        assert!(["file", "line", "title", "col", "endLine", "endColumn"].contains(&key), "unknown key {key} in {line}");
        assert!(!value.contains(':'), "an unescaped ':' in {key} of {line}");
        if key == "line" {
            assert!(value.parse::<u32>().is_ok(), "line must be a number in {line}");
        }
    }
}
