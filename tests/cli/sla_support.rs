//! Helpers shared by the SLA tests (`sla`, `check`, `sweep`): instants, actions at a given
//! time, `esc sla --json` lookups and policy edits.
//!
//! The default policy's numbers the golden values come from: P1 (24x7) ack 15m, update 1h,
//! resolve 4h; P2 (24x7) ack 30m, update 4h, resolve 8h; P3 (business) ack 4h, update 1d,
//! resolve 3d; P4 (business) ack 1d, update 5d, resolve 6d. Level limits: L1 P1 30m, P2 1h,
//! P3 1d, P4 2d; L2 P1 2h, P2 4h, P3 2d, P4 3d; L3 none. The business calendar is UTC
//! Monday to Friday 09:00-17:00, so `1d` is 8 working hours. Warnings from 75%.

use serde_json::Value;

use crate::common::{TestEnv, json};

/// An instant on Wednesday 2026-11-25, the day of [`crate::common::NOW`]: `at("10:05")` or
/// `at("09:41:15")`.
pub fn at(time: &str) -> String {
    match time.len() {
        5 => format!("2026-11-25T{time}:00Z"),
        8 => format!("2026-11-25T{time}Z"),
        _ => panic!("at() takes HH:MM or HH:MM:SS, not {time:?}"),
    }
}

/// Friday 2026-11-27 (business hours end at 17:00 UTC).
pub fn fri(time: &str) -> String {
    format!("2026-11-27T{time}:00Z")
}

/// Saturday 2026-11-28.
pub fn sat(time: &str) -> String {
    format!("2026-11-28T{time}:00Z")
}

/// Monday 2026-11-30.
pub fn mon(time: &str) -> String {
    format!("2026-11-30T{time}:00Z")
}

/// `esc open TITLE ARGS…` at `now`; returns the id.
pub fn open_at(env: &TestEnv, now: &str, title: &str, args: &[&str]) -> String {
    let mut all = vec!["open", title];
    all.extend_from_slice(args);
    let id = env.esc_at_ok(now, &all).stdout.trim().to_string();
    assert!(id.starts_with("ESC-"), "esc open should print the id, got {id:?}");
    id
}

/// Runs `esc COMMAND ID ARGS…` at `now`; it must succeed.
pub fn act(env: &TestEnv, now: &str, command: &str, id: &str, args: &[&str]) {
    let mut all = vec![command, id];
    all.extend_from_slice(args);
    env.esc_at_ok(now, &all);
}

/// `esc --json sla ID --now NOW` (with ESC_NOW left at its pinned value, which --now overrides).
pub fn sla(env: &TestEnv, id: &str, now: &str) -> Value {
    json(&env.esc_ok(&["--json", "sla", id, "--now", now]))
}

/// `(clock, cycle)` of every clock `esc sla --json` lists, in order.
pub fn clock_list(sla: &Value) -> Vec<(String, u64)> {
    sla["clocks"]
        .as_array()
        .unwrap_or_else(|| panic!("no clocks array: {sla}"))
        .iter()
        .map(|c| (c["clock"].as_str().expect("a clock name").to_string(), c["cycle"].as_u64().expect("a cycle")))
        .collect()
}

/// Turns `[("ack", 1), …]` into what [`clock_list`] returns.
pub fn clocks_named(names: &[(&str, u64)]) -> Vec<(String, u64)> {
    names.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

/// The clock `name` of resolve cycle `cycle` in `esc sla --json` output.
pub fn clock<'a>(sla: &'a Value, name: &str, cycle: u64) -> &'a Value {
    sla["clocks"]
        .as_array()
        .and_then(|clocks| clocks.iter().find(|c| c["clock"] == name && c["cycle"] == cycle))
        .unwrap_or_else(|| panic!("no {name} clock of cycle {cycle} in {sla:#}"))
}

/// Asserts every key of `want` (a JSON object) has exactly that value in `got`; `got` may
/// have more keys.
pub fn expect_fields(got: &Value, want: Value) {
    let want = want.as_object().expect("want is an object");
    for (key, value) in want {
        assert_eq!(&got[key], value, "{key} of {got:#}");
    }
}

/// The golden values of one clock (every key `esc sla --json` prints), for exact comparison.
pub struct Golden<'a> {
    pub clock: &'a str,
    pub cycle: u64,
    pub level: Option<&'a str>,
    pub priority: &'a str,
    pub assumed: bool,
    pub calendar: &'a str,
    pub target: &'a str,
    pub target_seconds: i64,
    pub started: &'a str,
    pub stopped: Option<&'a str>,
    pub counted: i64,
    pub paused: i64,
    pub outside: i64,
    pub due: Option<&'a str>,
    pub state: &'a str,
    pub percent: i64,
    pub earlier_misses: usize,
}

impl Golden<'_> {
    /// The exact JSON object `esc sla --json` prints for this clock.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "clock": self.clock,
            "cycle": self.cycle,
            "priority": self.priority,
            "priority_assumed": self.assumed,
            "calendar": self.calendar,
            "target": self.target,
            "target_seconds": self.target_seconds,
            "started": self.started,
            "stopped": self.stopped,
            "counted_seconds": self.counted,
            "paused_seconds": self.paused,
            "outside_hours_seconds": self.outside,
            "due": self.due,
            "state": self.state,
            "percent": self.percent,
            "over_seconds": self.counted - self.target_seconds,
            // Every key is always there: null or 0 when it does not apply.
            "level": self.level,
            "earlier_misses": self.earlier_misses,
        })
    }
}

/// Asserts `got` is exactly the clock `want` describes, key for key.
pub fn expect_clock(got: &Value, want: &Golden) {
    assert_eq!(got, &want.to_json(), "the {} clock of cycle {}", want.clock, want.cycle);
}

/// A P1 (24x7) clock with nothing paused and nothing outside hours: the common case.
pub fn p1<'a>(clock: &'a str, target: &'a str, target_seconds: i64, started: &'a str) -> Golden<'a> {
    Golden {
        clock,
        cycle: 1,
        level: None,
        priority: "P1",
        assumed: false,
        calendar: "24x7",
        target,
        target_seconds,
        started,
        stopped: None,
        counted: 0,
        paused: 0,
        outside: 0,
        due: None,
        state: "running",
        percent: 0,
        earlier_misses: 0,
    }
}

/// Replaces `from` with `to` in `.esc/config.yaml` and commits the change by hand.
pub fn edit_config(env: &TestEnv, from: &str, to: &str) {
    env.edit(".esc/config.yaml", from, to);
    env.commit_by_hand("policy change");
}
