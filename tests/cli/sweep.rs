//! `esc sweep`: the scheduled trigger. A passed level limit (or ack target, while
//! unacknowledged) moves a ticket up one level; other breached clocks are recorded once each;
//! one commit per ticket, the escalate and breach hooks, and nothing at all on a dry run.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{IDENTITY, NOW, Run, TestEnv, front_matter_value, history_entries, json, last_history_entry};
use crate::sla_support::{act, at, clock, edit_config, expect_fields, open_at, sla};

/// `esc sweep --now NOW ARGS…`, with the clock (`ESC_NOW`) at NOW too: a sweep does not
/// commit ahead of the clock.
fn sweep(env: &TestEnv, now: &str, args: &[&str]) -> Run {
    env.esc_at(now, &[&["sweep", "--now", now][..], args].concat())
}

/// `esc sweep --now NOW`; it must succeed. Returns stdout.
fn sweep_ok(env: &TestEnv, now: &str) -> String {
    sweep(env, now, &[]).expect_code(0, &format!("sweep at {now}")).stdout
}

/// The history entry an automatic escalation writes.
fn escalation_entry(now: &str, clock: &str, message: &str, to: &str, team: &str) -> String {
    format!(
        "- at: {now}\n  by: {IDENTITY}\n  action: escalate\n  reason: sla\n  message: {message}\n  automatic: true\n  clock: {clock}\n  set:\n    level: {to}\n    team: {team}"
    )
}

/// The history entry a recorded breach writes.
fn breach_entry(now: &str, clock: &str, message: &str) -> String {
    format!(
        "- at: {now}\n  by: {IDENTITY}\n  action: breach\n  message: {message}\n  automatic: true\n  clock: {clock}"
    )
}

/// The entries after the first `skip` of a ticket's history.
fn entries_after(env: &TestEnv, id: &str, skip: usize) -> Vec<String> {
    history_entries(&env.read(&env.ticket_path(id))).into_iter().skip(skip).collect()
}

/// The entries esc sweep wrote (`automatic: true`), in order.
fn automatic_entries(env: &TestEnv, id: &str) -> Vec<String> {
    history_entries(&env.read(&env.ticket_path(id)))
        .into_iter()
        .filter(|e| e.contains("\n  automatic: true\n"))
        .collect()
}

fn field(env: &TestEnv, id: &str, key: &str) -> Option<String> {
    front_matter_value(&env.read(&env.ticket_path(id)), key)
}

/// A P1 ticket opened at 09:30.
fn p1_ticket(env: &TestEnv, title: &str) -> String {
    open_at(env, NOW, title, &["--severity", "sev1"])
}

#[test]
fn a_passed_level_limit_escalates_to_the_next_level() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    act(&env, &at("09:35"), "ack", &id, &[]);
    let before = env.commit_count();

    let now = at("10:05");
    let run = sweep(&env, &now, &[]).expect_code(0, "sweep");
    assert_eq!(run.stdout, format!("{id}: L1 -> L2 (sla: level limit passed)\n"));
    assert_eq!(run.stderr, "sweep: changed 1 ticket at 2026-11-25T10:05:00Z\n");

    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(env.subject(), format!("esc: escalate {id}: L1 -> L2 (sla: level limit passed)"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: escalate\nEsc-Reason: sla"));
    assert_eq!(env.last_commit_paths(), [env.ticket_path(&id)]);
    assert_eq!(
        last_history_entry(&env.read(&env.ticket_path(&id))),
        escalation_entry(&now, "level", "L1 limit 30m for P1 passed at 2026-11-25T10:00:00Z", "L2", "specialists")
    );
    assert_eq!(
        (field(&env, &id, "level"), field(&env, &id, "team"), field(&env, &id, "status")),
        (Some("L2".into()), Some("specialists".into()), Some("acknowledged".into()))
    );
    // The new level's clock starts with the escalation.
    expect_fields(
        clock(&sla(&env, &id, &at("10:30")), "level", 1),
        json!({"level": "L2", "started": now, "counted_seconds": 1500, "due": at("12:05"), "state": "running"}),
    );
    env.assert_repository_healthy("a sweep");
}

#[test]
fn an_unacknowledged_ticket_escalates_once_on_its_ack_target() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");

    let now = at("09:50");
    assert_eq!(sweep_ok(&env, &now), format!("{id}: L1 -> L2 (sla: ack target passed)\n"));
    assert_eq!(env.subject(), format!("esc: escalate {id}: L1 -> L2 (sla: ack target passed)"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: escalate\nEsc-Reason: sla"));
    assert_eq!(
        entries_after(&env, &id, 1),
        [escalation_entry(&now, "ack", "ack target 15m for P1 passed at 2026-11-25T09:45:00Z", "L2", "specialists")]
    );

    // Still unacknowledged 40 minutes later, but that breach is recorded; L2's 2h has not passed.
    let before = env.commit_count();
    let run = sweep(&env, &at("10:30"), &[]).expect_code(0, "a later sweep");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", "sweep: changed 0 tickets at 2026-11-25T10:30:00Z\n"));
    assert_eq!(env.commit_count(), before);
    env.assert_repository_healthy("sweeps");
}

#[test]
fn a_second_sweep_at_the_same_instant_changes_nothing() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    let path = env.ticket_path(&id);
    sweep_ok(&env, &at("10:05"));
    let (count, bytes) = (env.commit_count(), env.read_bytes(&path));

    let run = sweep(&env, &at("10:05"), &[]).expect_code(0, "the same sweep again");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "sweep: changed 0 tickets at 2026-11-25T10:05:00Z\n");
    assert_eq!(env.commit_count(), count);
    assert_eq!(env.read_bytes(&path), bytes);
    env.assert_clean();
}

#[test]
fn a_passed_level_limit_and_ack_target_escalate_once_and_record_the_ack_breach() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    let before = env.commit_count();

    let now = at("10:05");
    assert_eq!(sweep_ok(&env, &now), format!("{id}: L1 -> L2 (sla: level limit passed); SLA breached: ack\n"));
    assert_eq!(env.commit_count(), before + 1, "one commit per ticket");
    // The subject is cut at 72 characters.
    assert_eq!(env.subject(), format!("esc: escalate {id}: L1 -> L2 (sla: level limit passed); SLA bre…"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: escalate\nEsc-Reason: sla"));
    assert_eq!(
        entries_after(&env, &id, 1),
        [
            breach_entry(&now, "ack", "ack target 15m for P1 passed at 2026-11-25T09:45:00Z"),
            escalation_entry(&now, "level", "L1 limit 30m for P1 passed at 2026-11-25T10:00:00Z", "L2", "specialists"),
        ]
    );
    assert_eq!(field(&env, &id, "status"), Some("new".into()), "a sweep acknowledges nothing");
    env.assert_repository_healthy("a sweep");
}

#[test]
fn other_breached_clocks_are_recorded_once_per_stretch() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    act(&env, &at("09:35"), "ack", &id, &[]);
    act(&env, &at("09:40"), "escalate", &id, &["--to", "L3", "--reason", "complexity"]);
    let recorded = history_entries(&env.read(&env.ticket_path(&id))).len();

    // 10:35: the update gap since the ack passed 1h.
    let first = at("10:40");
    assert_eq!(sweep_ok(&env, &first), format!("{id}: SLA breached: update\n"));
    assert_eq!(env.subject(), format!("esc: breach {id}: SLA breached: update"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: breach"));
    let update_breach = breach_entry(&first, "update", "update target 1h for P1 passed at 2026-11-25T10:35:00Z");
    assert_eq!(entries_after(&env, &id, recorded), std::slice::from_ref(&update_breach));

    // Recorded once: the next sweep finds it and does nothing.
    let count = env.commit_count();
    assert_eq!(sweep_ok(&env, &at("11:00")), "");
    assert_eq!(env.commit_count(), count);

    // A public update starts a new gap, which can be breached (and recorded) again.
    act(&env, &at("11:10"), "update", &id, &["-m", "Still investigating"]);
    let second = at("12:20");
    assert_eq!(sweep_ok(&env, &second), format!("{id}: SLA breached: update\n"));
    // 13:30: the 4h resolve target; the second update breach is already recorded.
    let third = at("13:40");
    assert_eq!(sweep_ok(&env, &third), format!("{id}: SLA breached: resolve\n"));
    assert_eq!(env.subject(), format!("esc: breach {id}: SLA breached: resolve"));
    assert_eq!(
        automatic_entries(&env, &id),
        [
            update_breach,
            breach_entry(&second, "update", "update target 1h for P1 passed at 2026-11-25T12:10:00Z"),
            breach_entry(&third, "resolve", "resolve target 4h for P1 passed at 2026-11-25T13:30:00Z"),
        ]
    );
    assert_eq!(field(&env, &id, "level"), Some("L3".into()), "nothing above L3");
    env.assert_repository_healthy("sweeps");
}

#[test]
fn at_the_top_level_a_passed_ack_target_is_only_recorded() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    act(&env, &at("09:35"), "escalate", &id, &["--to", "L3", "--reason", "complexity"]);

    let now = at("09:50");
    assert_eq!(sweep_ok(&env, &now), format!("{id}: SLA breached: ack\n"));
    assert_eq!(env.subject(), format!("esc: breach {id}: SLA breached: ack"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: breach"));
    assert_eq!(
        entries_after(&env, &id, 2),
        [breach_entry(&now, "ack", "ack target 15m for P1 passed at 2026-11-25T09:45:00Z")]
    );
    assert_eq!((field(&env, &id, "level"), field(&env, &id, "team")), (Some("L3".into()), Some("engineering".into())));
    env.assert_repository_healthy("a sweep");
}

#[test]
fn escalation_climbs_one_level_per_passed_limit() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    sweep_ok(&env, &at("09:50")); // ack target: L1 -> L2

    // L2's 2h limit for P1 passes at 11:50.
    assert_eq!(sweep_ok(&env, &at("11:49")), "");
    let now = at("11:55");
    assert_eq!(sweep_ok(&env, &now), format!("{id}: L2 -> L3 (sla: level limit passed)\n"));
    assert_eq!(env.subject(), format!("esc: escalate {id}: L2 -> L3 (sla: level limit passed)"));
    assert_eq!(
        last_history_entry(&env.read(&env.ticket_path(&id))),
        escalation_entry(&now, "level", "L2 limit 2h for P1 passed at 2026-11-25T11:50:00Z", "L3", "engineering")
    );
    env.assert_repository_healthy("sweeps");
}

#[test]
fn escalate_on_level_alone_only_records_a_passed_ack_target() {
    let env = TestEnv::initialised();
    edit_config(&env, "    escalate_on: [level, ack]\n", "    escalate_on: [level]\n");
    let id = p1_ticket(&env, "Checkout is down");

    let first = at("09:50");
    assert_eq!(sweep_ok(&env, &first), format!("{id}: SLA breached: ack\n"));
    assert_eq!(env.subject(), format!("esc: breach {id}: SLA breached: ack"));
    assert_eq!(field(&env, &id, "level"), Some("L1".into()));

    // The level limit still escalates; the ack breach is not recorded twice.
    let second = at("10:05");
    assert_eq!(sweep_ok(&env, &second), format!("{id}: L1 -> L2 (sla: level limit passed)\n"));
    assert_eq!(
        entries_after(&env, &id, 1),
        [
            breach_entry(&first, "ack", "ack target 15m for P1 passed at 2026-11-25T09:45:00Z"),
            escalation_entry(
                &second,
                "level",
                "L1 limit 30m for P1 passed at 2026-11-25T10:00:00Z",
                "L2",
                "specialists"
            ),
        ]
    );
    env.assert_repository_healthy("sweeps");
}

#[test]
fn waiting_on_the_customer_does_not_hold_back_a_level_escalation() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    act(&env, &at("09:35"), "ack", &id, &[]);
    act(&env, &at("09:40"), "wait", &id, &["--on", "customer", "-m", "Which card network?"]);

    // Update and resolve are paused; the level clock is not.
    assert_eq!(sweep_ok(&env, &at("12:00")), format!("{id}: L1 -> L2 (sla: level limit passed)\n"));
    assert_eq!(field(&env, &id, "status"), Some("waiting".into()));
}

#[test]
fn resolved_tickets_are_not_swept() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    act(&env, &at("11:00"), "resolve", &id, &["--resolution", "Restarted"]);
    let count = env.commit_count();
    let run = sweep(&env, &at("15:00"), &[]).expect_code(0, "sweep");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", "sweep: changed 0 tickets at 2026-11-25T15:00:00Z\n"));
    assert_eq!(env.commit_count(), count);
}

/// What `esc sweep --json` lists for a P1 ticket opened at 09:30, never acknowledged, swept
/// at 10:05.
fn swept_json(id: &str, path: &str) -> Value {
    json!({
        "id": id,
        "path": path,
        "summary": "L1 -> L2 (sla: level limit passed); SLA breached: ack",
        "escalated": {"from": "L1", "to": "L2"},
        "events": [
            {
                "at": at("10:05"),
                "by": IDENTITY,
                "action": "breach",
                "reason": null,
                "message": "ack target 15m for P1 passed at 2026-11-25T09:45:00Z",
                "hierarchical": false,
                "automatic": true,
                "clock": "ack",
                "csat": null,
                "notified": [],
                "override": null,
                "set": {},
            },
            {
                "at": at("10:05"),
                "by": IDENTITY,
                "action": "escalate",
                "reason": "sla",
                "message": "L1 limit 30m for P1 passed at 2026-11-25T10:00:00Z",
                "hierarchical": false,
                "automatic": true,
                "clock": "level",
                "csat": null,
                "notified": [],
                "override": null,
                "set": {"level": "L2", "team": "specialists"},
            },
        ],
    })
}

#[test]
fn a_dry_run_says_what_it_would_do_and_changes_nothing() {
    let env = TestEnv::initialised();
    let id = p1_ticket(&env, "Checkout is down");
    let path = env.ticket_path(&id);
    let (count, bytes) = (env.commit_count(), env.read_bytes(&path));

    let run = sweep(&env, &at("10:05"), &["--dry-run"]).expect_code(0, "dry run");
    assert_eq!(run.stdout, format!("{id}: would L1 -> L2 (sla: level limit passed); SLA breached: ack\n"));
    assert_eq!(run.stderr, "sweep: would change 1 ticket at 2026-11-25T10:05:00Z\n");
    let run = env.esc(&["--json", "sweep", "--dry-run", "--now", &at("10:05")]).expect_code(0, "dry run --json");
    assert_eq!(
        json(&run.stdout),
        json!({"schema_version": 1, "now": at("10:05"), "dry_run": true, "swept": [swept_json(&id, &path)], "failed": []})
    );
    assert_eq!(env.commit_count(), count);
    assert_eq!(env.read_bytes(&path), bytes);
    env.assert_clean();

    // The real sweep does what the dry run said.
    let run = env.esc_at(&at("10:05"), &["--json", "sweep", "--now", &at("10:05")]).expect_code(0, "sweep --json");
    assert_eq!(
        json(&run.stdout),
        json!({"schema_version": 1, "now": at("10:05"), "dry_run": false, "swept": [swept_json(&id, &path)], "failed": []})
    );
    assert_eq!(env.commit_count(), count + 1);
}

/// `entry` without its null, false and empty-map keys.
fn without_empty(entry: &Value) -> Value {
    let mut entry = entry.clone();
    let empty = |v: &Value| v.is_null() || *v == json!(false) || *v == json!({}) || *v == json!([]);
    entry.as_object_mut().unwrap().retain(|_, v| !empty(v));
    entry
}

/// Configures `esc.hook.<event>` to append its stdin to `<dir>/<event>.jsonl`.
fn log_payloads(env: &TestEnv, dir: &Path, event: &str) -> std::path::PathBuf {
    let file = dir.join(format!("{event}.jsonl"));
    let quoted = format!("'{}'", file.display().to_string().replace('\'', r"'\''"));
    env.git(&["config", &format!("esc.hook.{event}"), &format!("cat >> {quoted}")]);
    file
}

/// The payloads a hook logged, one JSON document a line (none if it never ran).
fn payloads(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file).map(|text| text.lines().map(json).collect()).unwrap_or_default()
}

#[test]
fn the_escalate_and_breach_hooks_fire() {
    let env = TestEnv::initialised();
    let out = tempfile::Builder::new().prefix("esc-hook-out-").tempdir().expect("a temp dir");
    let escalate_log = log_payloads(&env, out.path(), "escalate");
    let breach_log = log_payloads(&env, out.path(), "breach");
    let id = p1_ticket(&env, "Checkout is down");

    // Neither a dry run nor --no-hooks runs them.
    sweep(&env, &at("10:05"), &["--dry-run"]).expect_code(0, "dry run");
    assert!(!escalate_log.exists() && !breach_log.exists());

    let run = sweep(&env, &at("10:05"), &[]).expect_code(0, "sweep");
    assert_eq!(run.stderr, "sweep: changed 1 ticket at 2026-11-25T10:05:00Z\n", "no hook warnings");
    let path = env.ticket_path(&id);
    // A hook's entry leaves out what is empty, as the file does; `--json` has every key.
    let events: Vec<Value> = swept_json(&id, &path)["events"].as_array().unwrap().iter().map(without_empty).collect();

    let escalations = payloads(&escalate_log);
    assert_eq!(escalations.len(), 1, "{escalations:?}");
    assert_eq!(escalations[0]["event"], "escalate");
    assert_eq!(escalations[0]["action"], events[1]);
    let ticket = &escalations[0]["ticket"];
    assert_eq!(
        (&ticket["id"], &ticket["level"], &ticket["team"], &ticket["status"], &ticket["path"]),
        (&json!(id), &json!("L2"), &json!("specialists"), &json!("new"), &json!(path))
    );
    // The breach hook hears of every breached clock, the one that escalated included.
    let breaches = payloads(&breach_log);
    assert_eq!(breaches.iter().map(|p| &p["event"]).collect::<Vec<_>>(), [&json!("breach"), &json!("breach")]);
    assert_eq!(breaches.iter().map(|p| &p["action"]).collect::<Vec<_>>(), [&events[0], &events[1]]);

    // Nothing new, nothing fired.
    sweep(&env, &at("10:05"), &[]).expect_code(0, "sweep again");
    assert_eq!((payloads(&escalate_log).len(), payloads(&breach_log).len()), (1, 2));

    let other = open_at(&env, &at("10:10"), "Login is down", &["--severity", "sev1"]);
    env.esc_at(&at("10:30"), &["--no-hooks", "sweep", "--now", &at("10:30")]).expect_code(0, "sweep --no-hooks");
    assert_eq!(field(&env, &other, "level"), Some("L2".into()), "swept");
    assert_eq!((payloads(&escalate_log).len(), payloads(&breach_log).len()), (1, 2), "--no-hooks");
}

#[test]
fn a_ticket_with_uncommitted_edits_is_reported_while_the_others_are_swept() {
    let env = TestEnv::initialised();
    let dirty = p1_ticket(&env, "Checkout is down");
    let clean = p1_ticket(&env, "Login is down");
    let dirty_path = env.ticket_path(&dirty);
    let edited = format!("{}\nA note typed by hand, not committed yet.\n", env.read(&dirty_path));
    env.write(&dirty_path, &edited);
    let count = env.commit_count();

    let run = sweep(&env, &at("10:05"), &[]).expect_code(2, "a sweep with a dirty ticket");
    assert_eq!(run.stdout, format!("{clean}: L1 -> L2 (sla: level limit passed); SLA breached: ack\n"));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert_eq!(lines[0], "sweep: changed 1 ticket at 2026-11-25T10:05:00Z");
    assert!(
        lines[1].starts_with(&format!("error: {dirty}: ")) && lines[1].contains("has uncommitted changes"),
        "{}",
        run.stderr
    );
    assert_eq!(lines[2], format!("error: sweep could not handle 1 ticket(s), starting with {dirty}"));

    assert_eq!(env.commit_count(), count + 1);
    assert_eq!(env.last_commit_paths(), [env.ticket_path(&clean)]);
    assert_eq!(field(&env, &clean, "level"), Some("L2".into()));
    assert_eq!(env.read(&dirty_path), edited, "the hand edit is kept as it was");
    assert_eq!(env.status(), format!(" M {dirty_path}\n"));
}

#[test]
fn lint_stays_clean_after_escalations_and_breaches() {
    let env = TestEnv::initialised();
    let a = p1_ticket(&env, "Checkout is down");
    let b = open_at(&env, NOW, "Reports are slow", &["--severity", "sev2"]);
    act(&env, &at("09:35"), "ack", &b, &[]);
    let c = open_at(&env, &at("09:40"), "Typo on the invoice", &["--severity", "sev4"]);
    for now in ["09:50", "10:05", "11:55", "14:00", "15:00"] {
        sweep_ok(&env, &at(now));
    }
    // a (P1): ack target -> L2 at 09:50, L2's 2h -> L3 at 11:55, resolve breached at 14:00.
    // b (P2): L1's 1h -> L2 at 11:55, update gap breached at 14:00. c (P4): nothing due yet.
    assert_eq!(
        [field(&env, &a, "level"), field(&env, &b, "level"), field(&env, &c, "level")],
        [Some("L3".into()), Some("L2".into()), Some("L1".into())]
    );
    let run = env.esc(&["lint"]).expect_code(0, "lint after sweeps");
    assert_eq!(run.stdout, "");
    env.assert_repository_healthy("sweeps");
}

#[test]
fn each_swept_ticket_gets_its_own_commit() {
    let env = TestEnv::initialised();
    let first = p1_ticket(&env, "Checkout is down");
    let second = p1_ticket(&env, "Login is down");
    let calm = open_at(&env, NOW, "Typo on the invoice", &["--severity", "sev4"]);
    let count = env.commit_count();

    let run = sweep(&env, &at("09:50"), &[]).expect_code(0, "sweep");
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    lines.sort_unstable();
    let mut want =
        [first.clone(), second.clone()].map(|id| format!("{id}: L1 -> L2 (sla: ack target passed)")).to_vec();
    want.sort();
    assert_eq!(lines, want);
    assert_eq!(run.stderr, "sweep: changed 2 tickets at 2026-11-25T09:50:00Z\n");

    assert_eq!(env.commit_count(), count + 2);
    let mut subjects: Vec<String> = env.git(&["log", "-2", "--format=%s"]).lines().map(str::to_string).collect();
    subjects.sort();
    let mut want: Vec<String> =
        [&first, &second].map(|id| format!("esc: escalate {id}: L1 -> L2 (sla: ack target passed)")).to_vec();
    want.sort();
    assert_eq!(subjects, want);
    for commit in ["HEAD", "HEAD~1"] {
        let paths = env.git(&["show", "--name-only", "--format=", commit]);
        assert_eq!(paths.lines().count(), 1, "one ticket per commit: {paths}");
    }
    assert_eq!(field(&env, &calm, "level"), Some("L1".into()));
    env.assert_repository_healthy("a sweep");
}

#[test]

fn a_dry_run_predicts_the_real_sweeps_outcome() {
    let env = TestEnv::initialised();
    let due = p1_ticket(&env, "Checkout is down");
    // Opened after the sweep's instant: nothing of it is due then.
    open_at(&env, &at("10:30"), "Login is slow", &["--severity", "sev3"]);

    let dry = env.esc(&["--json", "sweep", "--dry-run", "--now", &at("10:05")]);
    let real = env.esc_at(&at("10:05"), &["--json", "sweep", "--now", &at("10:05")]);
    assert_eq!(json(&real.stdout)["swept"][0]["id"], json!(due));
    assert_eq!(
        (real.code, &json(&real.stdout)["failed"]),
        (dry.code, &json(&dry.stdout)["failed"]),
        "dry run:\n{}\nreal run:\n{}{}",
        dry.stdout,
        real.stdout,
        real.stderr
    );
}

/// A long sweep reports each ticket as its commit lands, not all at the end.
#[test]
fn a_sweep_prints_each_ticket_as_it_is_committed() {
    use std::io::BufRead;
    let env = TestEnv::initialised();
    for title in ["Checkout down", "Login down"] {
        let opened =
            env.esc_command().env("ESC_NOW", "2026-11-24T09:00:00Z").args(["open", title, "--severity", "sev1"]).ok();
        assert!(opened.is_ok(), "{opened:?}");
    }
    // Each escalation's hook takes a while: the first line must come before the sweep ends.
    env.git(&["config", "esc.hook.escalate", "cat > /dev/null; sleep 1"]);
    let mut child = env.spawn_esc(&["sweep"]);
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let first_at = std::time::Instant::now();
    assert!(first.contains("ESC-"), "{first}");
    assert!(child.wait().unwrap().success());
    // The second ticket's hook (one second) ran after the first line was out.
    let before_end = first_at.elapsed();
    assert!(before_end >= std::time::Duration::from_millis(800), "the first line came {before_end:?} before the end");
    assert_eq!(lines.count(), 1, "one line per ticket");
}
