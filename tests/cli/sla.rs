//! `esc sla ID --json`: every clock of one ticket, measured from its history at `--now`.
//! Each action runs at a pinned instant, so every counted second, due instant and state below
//! is an exact golden value computed by hand from the default policy (see `sla_support`).

use serde_json::json;

use crate::common::{NOW, TestEnv, front_matter_value, json};
use crate::sla_support::{
    Golden, act, at, clock, clock_list, clocks_named, edit_config, expect_clock, expect_fields, fri, mon, open_at, p1,
    sat, sla,
};

#[test]
fn a_new_p1_ticket_runs_the_ack_resolve_and_level_clocks() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    let (open, ten_minutes) = (at("09:30"), at("09:40"));

    let report = sla(&env, &id, &ten_minutes);
    assert_eq!((&report["id"], &report["now"]), (&json!(id), &json!(ten_minutes)));
    assert_eq!(clock_list(&report), clocks_named(&[("ack", 1), ("resolve", 1), ("level", 1)]), "no update clock yet");
    let ack = Golden { counted: 600, due: Some(&at("09:45")), percent: 66, ..p1("ack", "15m", 900, &open) };
    expect_clock(clock(&report, "ack", 1), &ack);
    let resolve = Golden { counted: 600, due: Some(&at("13:30")), percent: 4, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    let level = Golden {
        level: Some("L1"),
        counted: 600,
        due: Some(&at("10:00")),
        percent: 33,
        ..p1("level", "30m", 1800, &open)
    };
    expect_clock(clock(&report, "level", 1), &level);

    // Without --now the clock is ESC_NOW; --now overrides it.
    let from_env = env.esc_at_ok(&ten_minutes, &["--json", "sla", &id]).stdout;
    assert_eq!(json(&from_env), report);
    let overridden = env.esc_at_ok(&at("15:00"), &["--json", "sla", &id, "--now", &ten_minutes]).stdout;
    assert_eq!(overridden, from_env);
}

#[test]
fn the_ack_clock_warns_from_75_percent_and_breaches_after_its_target() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    let ack_at = |time: &str| clock(&sla(&env, &id, &at(time)), "ack", 1).clone();
    let due = at("09:45");

    for (time, counted, percent, state) in [
        ("09:41", 660, 73, "running"),
        ("09:41:15", 675, 75, "warning"),
        ("09:45", 900, 100, "warning"),
        ("09:45:01", 901, 100, "breached"),
        ("09:50", 1200, 133, "breached"),
    ] {
        let ack = ack_at(time);
        expect_fields(
            &ack,
            json!({"counted_seconds": counted, "percent": percent, "state": state, "due": due,
                   "over_seconds": counted - 900, "stopped": null}),
        );
    }
}

#[test]
fn acknowledging_stops_the_ack_clock_and_starts_the_update_clock() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &["-m", "On it"]);
    let (open, acked) = (at("09:30"), at("09:35"));

    let report = sla(&env, &id, &at("10:00"));
    assert_eq!(clock_list(&report), clocks_named(&[("ack", 1), ("update", 1), ("resolve", 1), ("level", 1)]));
    let ack = Golden { stopped: Some(&acked), counted: 300, state: "met", percent: 33, ..p1("ack", "15m", 900, &open) };
    expect_clock(clock(&report, "ack", 1), &ack);
    let update = Golden { counted: 1500, due: Some(&at("10:35")), percent: 41, ..p1("update", "1h", 3600, &acked) };
    expect_clock(clock(&report, "update", 1), &update);
}

#[test]
fn an_ack_after_the_target_leaves_the_ack_clock_missed() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:50"), "ack", &id, &[]);
    let (open, acked) = (at("09:30"), at("09:50"));

    let ack = Golden {
        stopped: Some(&acked),
        counted: 1200,
        due: Some(&at("09:45")),
        state: "missed",
        percent: 133,
        ..p1("ack", "15m", 900, &open)
    };
    expect_clock(clock(&sla(&env, &id, &at("11:00")), "ack", 1), &ack);
}

#[test]
fn a_first_public_update_or_a_wait_also_acknowledges() {
    let env = TestEnv::initialised();
    let updated = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    let waited = open_at(&env, NOW, "Login is slow", &["--severity", "sev1"]);
    act(&env, &at("09:40"), "update", &updated, &["-m", "Looking at the load balancer"]);
    act(&env, &at("09:42"), "wait", &waited, &["--on", "customer", "-m", "Which browser?"]);

    let report = sla(&env, &updated, &at("10:00"));
    expect_fields(clock(&report, "ack", 1), json!({"state": "met", "stopped": at("09:40"), "counted_seconds": 600}));
    expect_fields(
        clock(&report, "update", 1),
        json!({"state": "running", "started": at("09:40"), "counted_seconds": 1200, "due": at("10:40")}),
    );

    let report = sla(&env, &waited, &at("10:00"));
    expect_fields(clock(&report, "ack", 1), json!({"state": "met", "stopped": at("09:42"), "counted_seconds": 720}));
    // The update clock starts at the acknowledgement, and waiting on the customer pauses it.
    expect_fields(
        clock(&report, "update", 1),
        json!({"state": "paused", "started": at("09:42"), "counted_seconds": 0, "paused_seconds": 1080, "due": null}),
    );
}

#[test]
fn public_updates_restart_the_update_clock_but_internal_notes_do_not() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &[]);
    act(&env, &at("10:00"), "update", &id, &["--internal", "-m", "Checked the logs, nothing yet"]);
    let acked = at("09:35");

    let update = Golden {
        counted: 2700,
        due: Some(&at("10:35")),
        state: "warning",
        percent: 75,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&sla(&env, &id, &at("10:20")), "update", 1), &update);

    act(&env, &at("10:30"), "update", &id, &["-m", "Found the faulty node"]);
    let updated = at("10:30");
    let update = Golden { counted: 900, due: Some(&at("11:30")), percent: 25, ..p1("update", "1h", 3600, &updated) };
    expect_clock(clock(&sla(&env, &id, &at("10:45")), "update", 1), &update);
}

#[test]
fn a_late_update_gap_is_counted_as_an_earlier_miss() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &[]);

    let acked = at("09:35");
    let late = Golden {
        counted: 4500,
        due: Some(&at("10:35")),
        state: "breached",
        percent: 125,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&sla(&env, &id, &at("10:50")), "update", 1), &late);

    act(&env, &at("11:00"), "update", &id, &["-m", "Still on it"]);
    let updated = at("11:00");
    let update = Golden {
        counted: 600,
        due: Some(&at("12:00")),
        percent: 16,
        earlier_misses: 1,
        ..p1("update", "1h", 3600, &updated)
    };
    expect_clock(clock(&sla(&env, &id, &at("11:10")), "update", 1), &update);
}

/// P1, acknowledged at 09:35, waiting on `on` from 10:00.
fn waiting_ticket(env: &TestEnv, on: &str) -> String {
    let id = open_at(env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(env, &at("09:35"), "ack", &id, &[]);
    act(env, &at("10:00"), "wait", &id, &["--on", on, "-m", "Please send the HAR file"]);
    id
}

#[test]
fn waiting_on_the_customer_pauses_resolve_and_update_but_not_level() {
    let env = TestEnv::initialised();
    let id = waiting_ticket(&env, "customer");
    let (open, acked) = (at("09:30"), at("09:35"));

    // While waiting: resolve and update are paused (no due time), the level clock runs on.
    let report = sla(&env, &id, &at("10:30"));
    let resolve =
        Golden { counted: 1800, paused: 1800, state: "paused", percent: 12, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    let update =
        Golden { counted: 1500, paused: 1800, state: "paused", percent: 41, ..p1("update", "1h", 3600, &acked) };
    expect_clock(clock(&report, "update", 1), &update);
    let level = Golden {
        level: Some("L1"),
        counted: 3600,
        due: Some(&at("10:00")),
        state: "breached",
        percent: 200,
        ..p1("level", "30m", 1800, &open)
    };
    expect_clock(clock(&report, "level", 1), &level);
    expect_fields(clock(&report, "ack", 1), json!({"state": "met", "paused_seconds": 0}));

    // After the answer (11:00) they run again; the hour of waiting does not count.
    act(&env, &at("11:00"), "resume", &id, &[]);
    let report = sla(&env, &id, &at("12:00"));
    let resolve = Golden {
        counted: 5400,
        paused: 3600,
        due: Some(&at("14:30")),
        percent: 37,
        ..p1("resolve", "4h", 14400, &open)
    };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    let update = Golden {
        counted: 5100,
        paused: 3600,
        due: Some(&at("11:35")),
        state: "breached",
        percent: 141,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&report, "update", 1), &update);
    let level = Golden {
        level: Some("L1"),
        counted: 9000,
        due: Some(&at("10:00")),
        state: "breached",
        percent: 500,
        ..p1("level", "30m", 1800, &open)
    };
    expect_clock(clock(&report, "level", 1), &level);
}

#[test]
fn waiting_on_a_vendor_pauses_nothing_by_default() {
    let env = TestEnv::initialised();
    let id = waiting_ticket(&env, "vendor");
    let (open, acked) = (at("09:30"), at("09:35"));

    let report = sla(&env, &id, &at("10:30"));
    let resolve = Golden { counted: 3600, due: Some(&at("13:30")), percent: 25, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    let update = Golden {
        counted: 3300,
        due: Some(&at("10:35")),
        state: "warning",
        percent: 91,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&report, "update", 1), &update);
}

#[test]
fn a_policy_can_make_vendor_waits_pause_the_resolve_clock() {
    let env = TestEnv::initialised();
    edit_config(&env, "    resolve: [customer]\n", "    resolve: [customer, vendor]\n");
    let id = waiting_ticket(&env, "vendor");
    let (open, acked) = (at("09:30"), at("09:35"));

    let report = sla(&env, &id, &at("10:30"));
    let resolve =
        Golden { counted: 1800, paused: 1800, state: "paused", percent: 12, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    // The update clock still pauses only for the customer.
    let update = Golden {
        counted: 3300,
        due: Some(&at("10:35")),
        state: "warning",
        percent: 91,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&report, "update", 1), &update);
}

#[test]
fn a_reopen_starts_a_second_resolve_cycle() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &[]);
    act(&env, &at("11:30"), "resolve", &id, &["--resolution", "Restarted the payment workers"]);
    act(&env, &at("12:00"), "reopen", &id, &["--reason", "Failing again"]);
    let (open, acked, resolved, reopened) = (at("09:30"), at("09:35"), at("11:30"), at("12:00"));

    let report = sla(&env, &id, &at("13:30"));
    assert_eq!(
        clock_list(&report),
        clocks_named(&[("ack", 1), ("update", 1), ("resolve", 1), ("update", 2), ("resolve", 2), ("level", 2)])
    );
    expect_clock(
        clock(&report, "ack", 1),
        &Golden { stopped: Some(&acked), counted: 300, state: "met", percent: 33, ..p1("ack", "15m", 900, &open) },
    );
    // The first cycle's clocks stopped at the resolve; its one update gap ran late.
    let update1 = Golden {
        stopped: Some(&resolved),
        counted: 6900,
        due: Some(&at("10:35")),
        state: "missed",
        percent: 191,
        ..p1("update", "1h", 3600, &acked)
    };
    expect_clock(clock(&report, "update", 1), &update1);
    let resolve1 = Golden {
        stopped: Some(&resolved),
        counted: 7200,
        state: "met",
        percent: 50,
        ..p1("resolve", "4h", 14400, &open)
    };
    expect_clock(clock(&report, "resolve", 1), &resolve1);
    // The second cycle starts at the reopen: update, resolve and the level stint.
    let update2 = Golden {
        cycle: 2,
        counted: 5400,
        due: Some(&at("13:00")),
        state: "breached",
        percent: 150,
        ..p1("update", "1h", 3600, &reopened)
    };
    expect_clock(clock(&report, "update", 2), &update2);
    let resolve2 = Golden {
        cycle: 2,
        counted: 5400,
        due: Some(&at("16:00")),
        percent: 37,
        ..p1("resolve", "4h", 14400, &reopened)
    };
    expect_clock(clock(&report, "resolve", 2), &resolve2);
    let level2 = Golden {
        cycle: 2,
        level: Some("L1"),
        counted: 5400,
        due: Some(&at("12:30")),
        state: "breached",
        percent: 300,
        ..p1("level", "30m", 1800, &reopened)
    };
    expect_clock(clock(&report, "level", 2), &level2);
}

#[test]
fn a_priority_override_keeps_the_counted_time_and_switches_the_target() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is slow", &["--severity", "sev2"]);
    let open = at("09:30");

    let before = sla(&env, &id, &at("09:45"));
    let ack =
        Golden { priority: "P2", counted: 900, due: Some(&at("10:00")), percent: 50, ..p1("ack", "30m", 1800, &open) };
    expect_clock(clock(&before, "ack", 1), &ack);

    act(&env, &at("09:50"), "classify", &id, &["--priority", "P1", "--reason", "Enterprise customer"]);
    let after = sla(&env, &id, &at("09:55"));
    // 25 minutes counted against P1's 15m: breached since 09:45.
    let ack = Golden {
        counted: 1500,
        due: Some(&at("09:45")),
        state: "breached",
        percent: 166,
        ..p1("ack", "15m", 900, &open)
    };
    expect_clock(clock(&after, "ack", 1), &ack);
    let resolve = Golden { counted: 1500, due: Some(&at("13:30")), percent: 10, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&after, "resolve", 1), &resolve);
    let level = Golden {
        level: Some("L1"),
        counted: 1500,
        due: Some(&at("10:00")),
        state: "warning",
        percent: 83,
        ..p1("level", "30m", 1800, &open)
    };
    expect_clock(clock(&after, "level", 1), &level);
}

#[test]
fn a_severity_change_from_business_hours_to_24x7_keeps_the_counted_time() {
    let env = TestEnv::initialised();
    // P4 counts in business hours (Wednesday 09:30 is inside them); sev1 makes it P1 (24x7).
    let id = open_at(&env, NOW, "Typo on the invoice", &["--severity", "sev4"]);
    let open = at("09:30");
    let ack = Golden {
        priority: "P4",
        calendar: "business",
        counted: 1800,
        due: Some("2026-11-26T09:30:00Z"),
        percent: 6,
        ..p1("ack", "1d", 28800, &open)
    };
    expect_clock(clock(&sla(&env, &id, &at("10:00")), "ack", 1), &ack);

    act(&env, &at("10:00"), "classify", &id, &["--severity", "sev1"]);
    let report = sla(&env, &id, &at("10:10"));
    let ack = Golden {
        counted: 2400,
        due: Some(&at("09:45")),
        state: "breached",
        percent: 266,
        ..p1("ack", "15m", 900, &open)
    };
    expect_clock(clock(&report, "ack", 1), &ack);
    let resolve = Golden { counted: 2400, due: Some(&at("13:30")), percent: 16, ..p1("resolve", "4h", 14400, &open) };
    expect_clock(clock(&report, "resolve", 1), &resolve);
}

/// A P3 clock in the business calendar, opened Friday 15:00.
fn p3<'a>(clock: &'a str, target: &'a str, target_seconds: i64, started: &'a str) -> Golden<'a> {
    Golden { priority: "P3", calendar: "business", ..p1(clock, target, target_seconds, started) }
}

#[test]
fn business_hours_priorities_count_no_time_over_the_weekend() {
    let env = TestEnv::initialised();
    let open = fri("15:00");
    let id = open_at(&env, &open, "Export is slow", &["--severity", "sev3"]);

    // Friday 15:00-17:00 and Monday 09:00-10:00 count; the 64 hours between do not.
    let report = sla(&env, &id, &mon("10:00"));
    assert_eq!(clock_list(&report), clocks_named(&[("ack", 1), ("resolve", 1), ("level", 1)]));
    let ack = Golden {
        counted: 10800,
        outside: 230400,
        due: Some(&mon("11:00")),
        state: "warning",
        percent: 75,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&report, "ack", 1), &ack);
    // 3d is three 8-hour working days: 21 hours left from Monday 10:00 end Wednesday 15:00.
    let resolve = Golden {
        counted: 10800,
        outside: 230400,
        due: Some("2026-12-02T15:00:00Z"),
        percent: 12,
        ..p3("resolve", "3d", 86400, &open)
    };
    expect_clock(clock(&report, "resolve", 1), &resolve);
    let level = Golden {
        level: Some("L1"),
        counted: 10800,
        outside: 230400,
        due: Some(&mon("15:00")),
        percent: 37,
        ..p3("level", "1d", 28800, &open)
    };
    expect_clock(clock(&report, "level", 1), &level);

    // On Saturday nothing has counted since Friday 17:00.
    let ack = Golden {
        counted: 7200,
        outside: 68400,
        due: Some(&mon("11:00")),
        percent: 50,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&sla(&env, &id, &sat("12:00")), "ack", 1), &ack);
}

#[test]
fn a_ticket_opened_on_a_saturday_starts_counting_on_monday_morning() {
    let env = TestEnv::initialised();
    let open = sat("10:00");
    let id = open_at(&env, &open, "Export is slow", &["--severity", "sev3"]);
    let ack = Golden { outside: 169200, due: Some(&mon("13:00")), ..p3("ack", "4h", 14400, &open) };
    expect_clock(clock(&sla(&env, &id, &mon("09:00")), "ack", 1), &ack);
}

#[test]
fn a_target_that_ends_with_the_working_day_is_due_at_its_close() {
    let env = TestEnv::initialised();
    let open = fri("13:00");
    let id = open_at(&env, &open, "Export is slow", &["--severity", "sev3"]);
    let due = fri("17:00");

    let ack =
        Golden { counted: 10800, due: Some(&due), state: "warning", percent: 75, ..p3("ack", "4h", 14400, &open) };
    expect_clock(clock(&sla(&env, &id, &fri("16:00")), "ack", 1), &ack);
    // Monday 09:00: exactly the target, not over it yet.
    let ack = Golden {
        counted: 14400,
        outside: 230400,
        due: Some(&due),
        state: "warning",
        percent: 100,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&sla(&env, &id, &mon("09:00")), "ack", 1), &ack);
    let ack = Golden {
        counted: 16200,
        outside: 230400,
        due: Some(&due),
        state: "breached",
        percent: 112,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&sla(&env, &id, &mon("09:30")), "ack", 1), &ack);
}

#[test]
fn an_unclassified_ticket_counts_as_the_unclassified_priority() {
    let env = TestEnv::initialised();
    let open = fri("15:00");
    let id = open_at(&env, &open, "A question about invoices", &[]);
    let path = env.ticket_path(&id);
    assert_eq!(front_matter_value(&env.read(&path), "priority"), None, "no priority yet");

    let report = sla(&env, &id, &mon("10:00"));
    let ack = Golden {
        assumed: true,
        counted: 10800,
        outside: 230400,
        due: Some(&mon("11:00")),
        state: "warning",
        percent: 75,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&report, "ack", 1), &ack);
    expect_fields(clock(&report, "level", 1), json!({"priority": "P3", "priority_assumed": true, "due": mon("15:00")}));

    // Classifying it keeps the three working hours and applies P2's 30m (24x7) target.
    act(&env, &mon("10:00"), "classify", &id, &["--severity", "sev2"]);
    let ack = Golden {
        priority: "P2",
        counted: 11400,
        outside: 230400,
        due: Some(&fri("15:30")),
        state: "breached",
        percent: 633,
        ..p1("ack", "30m", 1800, &open)
    };
    expect_clock(clock(&sla(&env, &id, &mon("10:10")), "ack", 1), &ack);
}

#[test]
fn events_after_now_are_ignored() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &[]);
    act(&env, &at("10:00"), "update", &id, &["-m", "Rolling back"]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Rolled back"]);
    let open = at("09:30");

    // Before the ack: no update clock, the ack clock still running.
    let report = sla(&env, &id, &at("09:33"));
    assert_eq!(report["now"], at("09:33"));
    assert_eq!(clock_list(&report), clocks_named(&[("ack", 1), ("resolve", 1), ("level", 1)]));
    let ack = Golden { counted: 180, due: Some(&at("09:45")), percent: 20, ..p1("ack", "15m", 900, &open) };
    expect_clock(clock(&report, "ack", 1), &ack);

    // Before the update and the resolve: the gap since the ack, and resolve still running.
    let report = sla(&env, &id, &at("09:50"));
    expect_fields(
        clock(&report, "update", 1),
        json!({"started": at("09:35"), "counted_seconds": 900, "due": at("10:35"), "state": "running"}),
    );
    expect_fields(
        clock(&report, "resolve", 1),
        json!({"stopped": null, "counted_seconds": 1200, "due": at("13:30"), "state": "running"}),
    );

    // After the resolve everything has stopped.
    let report = sla(&env, &id, &at("11:00"));
    expect_fields(
        clock(&report, "resolve", 1),
        json!({"stopped": at("10:30"), "counted_seconds": 3600, "due": null, "state": "met"}),
    );
    expect_fields(
        clock(&report, "level", 1),
        json!({"stopped": at("10:30"), "counted_seconds": 3600, "due": at("10:00"), "state": "missed"}),
    );
}

#[test]
fn escalating_starts_the_next_levels_clock_and_the_top_level_has_none() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:40"), "escalate", &id, &["--reason", "complexity"]);
    let moved = at("09:40");

    let level = Golden {
        level: Some("L2"),
        counted: 1200,
        due: Some(&at("11:40")),
        percent: 16,
        ..p1("level", "2h", 7200, &moved)
    };
    expect_clock(clock(&sla(&env, &id, &at("10:00")), "level", 1), &level);

    act(&env, &at("10:00"), "escalate", &id, &["--reason", "expertise"]);
    let report = sla(&env, &id, &at("10:10"));
    assert_eq!(clock_list(&report), clocks_named(&[("ack", 1), ("resolve", 1)]), "L3 has no limit");

    act(&env, &at("10:30"), "deescalate", &id, &["--to", "L2", "--reason", "Fix found, L2 deploys it"]);
    let back = at("10:30");
    let level = Golden {
        level: Some("L2"),
        counted: 600,
        due: Some(&at("12:30")),
        percent: 8,
        ..p1("level", "2h", 7200, &back)
    };
    expect_clock(clock(&sla(&env, &id, &at("10:40")), "level", 1), &level);
}

#[test]
fn sla_of_an_unknown_ticket_is_an_error() {
    let env = TestEnv::initialised();
    open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    env.esc_rejects(&["sla", "ESC-ZZZZZZZZ"]);
}

#[test]
fn a_stopped_clock_keeps_the_priority_in_force_when_it_stopped() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is slow", &["--severity", "sev2"]);
    act(&env, &at("09:50"), "ack", &id, &[]);
    act(&env, &at("10:00"), "classify", &id, &["--priority", "P1", "--reason", "Enterprise customer"]);
    let (open, acked) = (at("09:30"), at("09:50"));

    // Acknowledged after 20 minutes: within P2's 30m, so met, even though it is P1 now.
    let report = sla(&env, &id, &at("10:10"));
    let ack = Golden {
        priority: "P2",
        stopped: Some(&acked),
        counted: 1200,
        state: "met",
        percent: 66,
        ..p1("ack", "30m", 1800, &open)
    };
    expect_clock(clock(&report, "ack", 1), &ack);
    // The running update clock switched to P1's 1h.
    let update = Golden { counted: 1200, due: Some(&at("10:50")), percent: 33, ..p1("update", "1h", 3600, &acked) };
    expect_clock(clock(&report, "update", 1), &update);
}

#[test]
fn a_holiday_in_the_business_calendar_counts_nothing() {
    let env = TestEnv::initialised();
    edit_config(&env, "    holidays: []\n", "    holidays: [2026-11-30 Office closed]\n");
    let open = fri("15:00");
    let id = open_at(&env, &open, "Export is slow", &["--severity", "sev3"]);

    // Friday 15:00-17:00 and Tuesday 09:00-10:00: Monday is a holiday.
    let ack = Golden {
        counted: 10800,
        outside: 316800,
        due: Some("2026-12-01T11:00:00Z"),
        state: "warning",
        percent: 75,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&sla(&env, &id, "2026-12-01T10:00:00Z"), "ack", 1), &ack);
}

#[test]
fn business_hours_follow_the_calendars_time_zone() {
    let env = TestEnv::initialised();
    // 09:00-17:00 in Berlin is 08:00-16:00 UTC in November.
    edit_config(&env, "    timezone: UTC\n", "    timezone: Europe/Berlin\n");
    let open = at("15:30");
    let id = open_at(&env, &open, "Export is slow", &["--severity", "sev3"]);

    // Wednesday 15:30-16:00 UTC and Thursday 08:00-09:00 UTC count.
    let ack = Golden {
        counted: 5400,
        outside: 57600,
        due: Some("2026-11-26T11:30:00Z"),
        percent: 37,
        ..p3("ack", "4h", 14400, &open)
    };
    expect_clock(clock(&sla(&env, &id, "2026-11-26T09:00:00Z"), "ack", 1), &ack);
}

#[test]
fn a_reminder_while_waiting_restarts_the_update_gap_which_stays_paused() {
    let env = TestEnv::initialised();
    let id = waiting_ticket(&env, "customer");
    act(&env, &at("10:30"), "update", &id, &["-m", "Reminder: we still need the HAR file"]);
    act(&env, &at("11:00"), "resume", &id, &[]);
    let reminded = at("10:30");

    let update = Golden {
        counted: 1800,
        paused: 1800,
        due: Some(&at("12:00")),
        percent: 50,
        ..p1("update", "1h", 3600, &reminded)
    };
    expect_clock(clock(&sla(&env, &id, &at("11:30")), "update", 1), &update);
}
