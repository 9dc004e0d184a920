//! `esc stats`: every figure checked against a value computed by hand from a small fixture of
//! hand-written tickets and reviews (docs/metrics.md has the definitions).
//!
//! The fixture runs on the default policy (see `sla_support` for its targets): P1 and P2 count
//! 24x7, P3 and P4 count business hours (UTC, Monday to Friday 09:00-17:00, so `1d` is 8
//! working hours); waiting on the customer pauses the update and resolve clocks; reviews are
//! required for sev1/sev2 and for tickets that missed a resolve target, due 5 working days
//! after the resolve.
//!
//! The period is Monday 2026-11-16 00:00 to Monday 2026-11-30 00:00 UTC (`--since 2026-11-16
//! --until 2026-11-29`), two ISO weeks: W47 (16-22) and W48 (23-29).
//!
//! | ticket | story | team / priority at the end |
//! |---|---|---|
//! | A | P1 sev1, escalated L1→L2 (expertise) then to vendor payments (vendor), management alerted; resolved in 2h30m; review published on time | specialists / P1 |
//! | B | P2 sev2, waits 4h on the customer, resolved, reopened, resolved again, confirmed; never escalated; review a draft, overdue | frontline / P2 |
//! | C | P3 (business hours), opened Friday before the period, acked and resolved in it | frontline / P3 |
//! | D | P2, escalated to L2 by `esc sweep` (sla), then to team database (free text: other); misses its resolve target; review published late | database / P2 |
//! | E | P1, opened Friday 22:00 in W48, never acknowledged | frontline / P1 |
//! | F | P4 (business), opened at exactly `--since`, resolved at exactly `--until` (so: still open) | frontline / P4 |
//! | G | P3, opened and escalated twice before the period (the second escalation one second before `--since`), resolved one second before `--until`; review missing, not yet due | engineering / P3 |
//! | H | no priority (`sla.unclassified`: P3), a question answered in W48 | frontline / - |

use serde_json::{Value, json};

use crate::common::{IDENTITY, TestEnv, json};

/// The clock for every `esc stats` call: after the period, so `--until` decides.
pub(crate) const STATS_NOW: &str = "2026-12-02T12:00:00Z";
pub(crate) const PERIOD: [&str; 4] = ["--since", "2026-11-16", "--until", "2026-11-29"];

/// (id, title, history): one event per line, `TIME ACTION key=value…`. `reason`, `message`,
/// `automatic`, `hierarchical` and `clock` are the event's own keys, anything else goes in
/// its `set` (`-` clears a field); `'…'` quotes a value with spaces.
const TICKETS: &[(&str, &str, &str)] = &[
    (
        "ESC-0000000A",
        "Checkout is down",
        "2026-11-16T10:00 open status=new level=L1 team=frontline priority=P1 severity=sev1 customer='Acme \"EU\"'
         2026-11-16T10:10 ack status=acknowledged
         2026-11-16T10:20 escalate reason=expertise level=L2 team=specialists
         2026-11-16T10:40 escalate reason=vendor vendor=payments vendor_ref=CASE-1
         2026-11-16T10:45 escalate reason=customer_expectations hierarchical=true
         2026-11-16T11:00 update message='Payments provider is on it'
         2026-11-16T12:30 resolve status=resolved",
    ),
    (
        "ESC-0000000B",
        "Invoice PDF shows the wrong VAT",
        "2026-11-17T09:00 open status=new level=L1 team=frontline priority=P2 severity=sev2 customer=Globex
         2026-11-17T09:20 ack status=acknowledged
         2026-11-17T10:00 wait status=waiting waiting_on=customer message='Which invoice?'
         2026-11-17T14:00 resume status=in_progress waiting_on=-
         2026-11-17T15:00 update message='Found it'
         2026-11-17T16:00 resolve status=resolved
         2026-11-18T09:00 reopen status=in_progress reason='Still wrong on credit notes'
         2026-11-18T11:00 resolve status=resolved
         2026-11-19T09:00 confirm status=closed csat=4 message='Fixed, thanks'",
    ),
    (
        "ESC-0000000C",
        "CSV export is slow",
        "2026-11-13T15:00 open status=new level=L1 team=frontline priority=P3 severity=sev3 category=performance customer='Acme \"EU\"'
         2026-11-16T10:00 ack status=acknowledged
         2026-11-16T15:00 update message='Reproduced'
         2026-11-17T11:00 resolve status=resolved
         2026-11-20T09:00 confirm status=closed",
    ),
    (
        "ESC-0000000D",
        "Login loops back to the sign-in page",
        "2026-11-18T08:00 open status=new level=L1 team=frontline priority=P2 customer=Globex
         2026-11-18T09:05 escalate reason=sla automatic=true clock=level level=L2 team=specialists
         2026-11-18T09:10 ack status=acknowledged
         2026-11-18T09:30 escalate reason='needs a DBA' team=database
         2026-11-18T13:00 update message='Session table is locked'
         2026-11-18T17:30 resolve status=resolved",
    ),
    (
        "ESC-0000000E",
        "Checkout is down again",
        "2026-11-27T22:00 open status=new level=L1 team=frontline priority=P1 severity=sev1 customer='Acme \"EU\"'",
    ),
    (
        "ESC-0000000F",
        "Export invoices to the accounting system",
        "2026-11-16T00:00 open status=new level=L1 team=frontline priority=P4 category=billing customer=Globex
         2026-11-16T09:30 ack status=acknowledged
         2026-11-20T16:00 update message='Waiting for the next release'
         2026-11-30T00:00 resolve status=resolved",
    ),
    (
        "ESC-0000000G",
        "Reports time out for large accounts",
        "2026-11-10T09:00 open status=new level=L1 team=frontline priority=P3 severity=sev3 category=database customer='Initech, Inc.'
         2026-11-10T09:30 ack status=acknowledged
         2026-11-10T10:00 escalate reason=complexity level=L2 team=specialists
         2026-11-12T10:00 update message='Query plan changed'
         2026-11-15T23:59:59 escalate reason=complexity level=L3 team=engineering
         2026-11-17T09:00 update message='Fix in review'
         2026-11-29T23:59:59 resolve status=resolved",
    ),
    (
        "ESC-0000000H",
        "How do I export invoices?",
        "2026-11-24T10:00 open status=new level=L1 team=frontline type=customer customer='Initech, Inc.'
         2026-11-24T11:30 update status=in_progress message='Settings, then Export'
         2026-11-24T12:00 resolve status=resolved
         2026-11-25T09:00 confirm status=closed
         2026-11-26T10:00 confirm csat=2 message='Took a while'",
    ),
];

/// Reviews of A (published on time), B (a draft past due, three open action items) and D
/// (published late). G's required review is missing.
const REVIEWS: &[(&str, &str)] = &[
    (
        "ESC-0000000A",
        "---
ticket: ESC-0000000A
title: Checkout is down
severity: sev1
status: published
created: 2026-11-19T10:00:00Z
due: 2026-11-23T12:30:00Z
published: 2026-11-20T15:00:00Z
action_items:
- id: A1
  title: Alert on the payment error rate
  type: detect
  status: done
  done: 2026-11-20T16:00:00Z
- id: A2
  title: Retry failed payments
  type: prevent
  status: open
  due: 2026-12-15T00:00:00Z
---

## Summary

The payments provider rejected every card for two hours.
",
    ),
    (
        "ESC-0000000B",
        "---
ticket: ESC-0000000B
title: Invoice PDF shows the wrong VAT
severity: sev2
status: draft
created: 2026-11-19T10:00:00Z
due: 2026-11-25T11:00:00Z
action_items:
- id: A1
  title: Test VAT on credit notes
  type: prevent
  status: open
  due: 2026-11-27T00:00:00Z
- id: A2
  title: Document the VAT rules
  type: process
  status: open
- id: A3
  title: Correct the affected invoices
  type: repair
  status: done
  due: 2026-12-10T00:00:00Z
  done: 2026-12-01T09:00:00Z
---
",
    ),
    (
        "ESC-0000000D",
        "---
ticket: ESC-0000000D
title: Login loops back to the sign-in page
status: published
created: 2026-11-20T10:00:00Z
due: 2026-11-25T17:00:00Z
published: 2026-11-26T10:00:00Z
action_items:
- id: A1
  title: Alert on lock waits
  type: detect
  status: done
  done: 2026-11-27T10:00:00Z
---
",
    ),
];

/// The keys an event carries itself; every other `key=value` goes in its `set`.
const EVENT_KEYS: &[&str] = &["reason", "message", "automatic", "hierarchical", "clock", "csat"];
/// The state fields written to the front matter, in esc's order.
const STATE_KEYS: &[&str] = &[
    "status",
    "type",
    "category",
    "severity",
    "priority",
    "level",
    "team",
    "vendor",
    "vendor_ref",
    "waiting_on",
    "customer",
];

/// Splits `key='a b' c=d` on spaces outside single quotes, dropping the quotes.
fn words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn rfc3339(time: &str) -> String {
    if time.len() == 16 { format!("{time}:00Z") } else { format!("{time}Z") }
}

/// A YAML scalar: JSON strings are YAML too, and keep quotes and commas intact.
fn scalar(value: &str) -> String {
    match value {
        "-" => "null".to_string(),
        "true" => "true".to_string(),
        _ => serde_json::to_string(value).expect("a string"),
    }
}

/// The ticket file for `history`, with the state fields its events project to.
fn ticket_text(id: &str, title: &str, history: &str) -> (String, String) {
    let mut state: Vec<(String, String)> = Vec::new();
    let mut events = String::new();
    let mut created = String::new();
    for line in history.lines().map(str::trim) {
        let words = words(line);
        let at = rfc3339(&words[0]);
        if created.is_empty() {
            created = at.clone();
        }
        events.push_str(&format!("- at: {at}\n  by: {IDENTITY}\n  action: {}\n", words[1]));
        let pairs: Vec<(&str, &str)> = words[2..].iter().map(|w| w.split_once('=').expect("key=value")).collect();
        for (key, value) in pairs.iter().filter(|(k, _)| EVENT_KEYS.contains(k)) {
            let value = if *key == "csat" { value.to_string() } else { scalar(value) };
            events.push_str(&format!("  {key}: {value}\n"));
        }
        let mut set: Vec<&(&str, &str)> = pairs.iter().filter(|(k, _)| !EVENT_KEYS.contains(k)).collect();
        let opening = ("title", title);
        if words[1] == "open" {
            set.push(&opening);
        }
        if !set.is_empty() {
            events.push_str("  set:\n");
        }
        for (key, value) in set {
            events.push_str(&format!("    {key}: {}\n", scalar(value)));
            state.retain(|(k, _)| k != key);
            if *value != "-" && *key != "title" {
                state.push((key.to_string(), value.to_string()));
            }
        }
    }
    let mut text = format!("---\nid: {id}\ntitle: {}\n", scalar(title));
    for key in STATE_KEYS {
        if let Some((_, value)) = state.iter().find(|(k, _)| k == key) {
            text.push_str(&format!("{key}: {}\n", scalar(value)));
        }
    }
    text.push_str(&format!("created: {created}\nhistory:\n{events}---\n{title}.\n"));
    let path = format!("tickets/{}/{}/{id}.md", &created[..4], &created[5..7]);
    (path, text)
}

/// A repository holding the fixture, committed by hand.
pub(crate) fn fixture() -> TestEnv {
    let env = TestEnv::initialised();
    for (id, title, history) in TICKETS {
        let (path, text) = ticket_text(id, title, history);
        env.write(&path, &text);
    }
    for (id, text) in REVIEWS {
        env.write(&format!("reviews/{id}.md"), text);
    }
    env.commit_by_hand("hand-written tickets and reviews");
    env.esc(&["lint"]).expect_code(0, "the fixture is consistent");
    env
}

pub(crate) fn stats(env: &TestEnv, args: &[&str]) -> String {
    let mut all = vec!["stats"];
    all.extend_from_slice(args);
    let run = env.esc_at(STATS_NOW, &all).expect_code(0, &format!("esc {}", all.join(" ")));
    assert_eq!(run.stderr, "", "esc stats prints data only");
    run.stdout
}

fn stats_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    json(&stats(env, &all))
}

pub(crate) fn with_period<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = PERIOD.to_vec();
    all.extend_from_slice(args);
    all
}

/// Mean, p50 and p90 in seconds.
fn spread(mean: i64, p50: i64, p90: i64) -> Value {
    json!({"mean_seconds": mean, "p50_seconds": p50, "p90_seconds": p90})
}

/// The same duration for every statistic (one sample).
fn one(seconds: i64) -> Value {
    spread(seconds, seconds, seconds)
}

fn none() -> Value {
    json!({"mean_seconds": null, "p50_seconds": null, "p90_seconds": null})
}

fn clock(met: u64, missed: u64, rate: Option<f64>, breached_open: u64) -> Value {
    json!({"met": met, "missed": missed, "rate": rate, "breached_open": breached_open})
}

/// The whole period, all tickets. Every number is derived in the comments.
fn total() -> Value {
    let mut total = json!({
        // Created in [11-16 00:00, 11-30 00:00): A, B, D, E, F (at exactly --since), H.
        // C (11-13) and G (11-10) were opened before.
        "opened": 6,
        // Resolves in the period: A, B twice (again after the reopen), C, D, G (23:59:59 on
        // the 29th), H. F's resolve at exactly --until belongs to the next period.
        "resolved": 7,
        "resolved_tickets": 6,
        // Open at the end: E (50h old: Fri 22:00 to Mon 00:00) and F (14 days).
        // p50 = rank ⌈0.5 × 2⌉ = 1st, p90 = rank ⌈1.8⌉ = 2nd.
        "backlog": {"count": 2, "age_p50_seconds": 180000, "age_p90_seconds": 1209600},
        // Ack clocks that stopped in the period (G's stopped before it; E's still runs):
        //   A 10m; B 20m; D 70m (wall = business: 24x7);
        //   C Fri 15:00 -> Mon 10:00: wall 67h = 241200, business Fri 2h + Mon 1h = 10800;
        //   F Mon 00:00 -> 09:30: wall 34200, business 30m = 1800;
        //   H 1h30m inside working hours = 5400.
        // wall sorted [600, 1200, 4200, 5400, 34200, 241200]: sum 286800 / 6 = 47800,
        //   p50 rank 3 = 4200, p90 rank ⌈5.4⌉ = 6 = 241200.
        // business sorted [600, 1200, 1800, 4200, 5400, 10800]: sum 24000 / 6 = 4000,
        //   p50 = 1800, p90 = 10800.
        "mtta": {"count": 6, "wall": spread(47800, 4200, 241200), "business": spread(4000, 1800, 10800)},
        // Resolve cycles that ended in the period:
        //   A 2h30m = 9000;
        //   B#1 09:00 -> 16:00 = 25200 wall, minus 4h waiting on the customer = 10800;
        //   B#2 reopen 09:00 -> 11:00 = 7200;
        //   C Fri 15:00 -> Tue 11:00 = 92h = 331200 wall; 2h + 8h + 2h = 43200 business;
        //   D 08:00 -> 17:30 = 34200;
        //   G 11-10 09:00 -> 11-29 23:59:59 = 19d + 53999s = 1695599 wall; business: four days
        //     of the first week, then two full weeks: (4 + 5 + 5) × 8h = 112h = 403200;
        //   H 2h = 7200.
        // wall sorted [7200, 7200, 9000, 25200, 34200, 331200, 1695599]: sum 2109599 / 7 =
        //   301371 (rounded down), p50 rank ⌈3.5⌉ = 4 = 25200, p90 rank ⌈6.3⌉ = 7 = 1695599.
        // business sorted [7200, 7200, 9000, 10800, 34200, 43200, 403200]: sum 514800 / 7 =
        //   73542, p50 = 10800, p90 = 403200.
        "mttr": {"count": 7, "wall": spread(301371, 25200, 1695599), "business": spread(73542, 10800, 403200)},
        "sla": {
            // A 10m ≤ 15m, B 20m ≤ 30m, C 3h ≤ 4h, F 30m ≤ 8h, H 1h30m ≤ 4h met; D 70m > 30m
            // missed. E (P1, never acknowledged) is breached at the end.
            "ack": clock(5, 1, Some(0.8333), 1),
            // Every gap between public updates that ended in the period:
            //   A 10:10-11:00 50m ≤ 1h met, 11:00-12:30 90m missed;
            //   B#1 09:20-15:00 1h40m counted (4h paused) met, 15:00-16:00 met; B#2 2h met;
            //   C Mon 10:00-15:00 5h ≤ 8h met, Mon 15:00-Tue 11:00 4h met;
            //   D 09:10-13:00 3h50m ≤ 4h met, 13:00-17:30 4h30m missed;
            //   F Mon 09:30-Fri 16:00 7.5 + 8 + 8 + 8 + 7 = 38.5h ≤ 40h met;
            //   G 11-12 10:00-11-17 09:00 23h missed, 11-17 09:00-11-29 72h missed
            //     (its first gap ended before the period);
            //   H 11:30-12:00 met.
            // 9 met, 4 missed: 0.6923. F's live gap since Fri 20 16:00 is 1h + 40h > 40h.
            "update": clock(9, 4, Some(0.6923), 1),
            // A, B#1, B#2, C, H met; D 9h30m > 8h and G 112h > 24h missed. E and F breached.
            "resolve": clock(5, 2, Some(0.7143), 2),
            // Every stay at a level that ended in the period:
            //   A L1 20m ≤ 30m met, L2 2h10m > 2h missed (the vendor hand-off stays at L2);
            //   B L1 7h > 1h and 2h > 1h missed (level time does not pause);
            //   C L1 12h > 8h missed; D L1 65m > 1h and L2 8h25m > 4h missed;
            //   H L1 2h ≤ 8h met. G's L1 and L2 stays ended before; L3 has no limit.
            // E and F are still at L1, past its limit.
            "level": clock(2, 6, Some(0.25), 2),
        },
        "escalation": {
            // Opened in the period: A, B, D, E, F, H; escalated: A and D.
            "tickets": 6,
            "escalated": 2,
            "rate": 0.3333,
            // In the period: A L1→L2 (expertise), A → vendor payments (vendor), D L1→L2 by
            // esc sweep (sla), D → team database ("needs a DBA": not a configured reason,
            // so other). G's two escalations came before --since. A's management alert is
            // hierarchical and counted apart.
            "events": 4,
            "hierarchical": 1,
            "by_reason": {"expertise": 1, "other": 1, "sla": 1, "vendor": 1},
            "by_path": {"L1→L2": 2, "L2→team:database": 1, "L2→vendor:payments": 1},
        },
        // First resolved in the period: A, B, C, D, G, H. B (reopened later, but first
        // resolved at L1 without escalation), C and H qualify; A, D and G were escalated.
        "first_contact_resolution": {"tickets": 6, "first_contact": 3, "rate": 0.5},
        // Resolved in the period: A, B, C, D, G, H; B was reopened after its resolve.
        "reopen": {"tickets": 6, "reopened": 1, "rate": 0.1667},
        "reviews": {
            // Required: A (sev1), B (sev2), D and G (missed their resolve target). C and H
            // met their targets and are sev3 or unclassified.
            "required": 4,
            "existing": 3,
            // A published 11-20 ≤ due 11-23; D published 11-26 10:00 > due 11-25 17:00.
            "published_on_time": 1,
            "published_late": 1,
            "draft": 1,
            // G's review is missing but due only on Fri 12-04 17:00 (5 working days after
            // Sun 11-29 23:59:59); B's draft was due 11-25: overdue.
            "missing": 1,
            "overdue": 1,
            "timeliness": 0.25,
            // A: A2 open. B: A1 and A2 open, A3 done only after the period. D: A1 done.
            // Overdue: B's A1 (due 11-27).
            "action_items_open": 4,
            "action_items_overdue": 1,
        },
    });
    // Closed in the period: B (rated 4 with its confirm), C (never rated) and H (rated 2 a
    // day after it closed): 2 of 3 rated, mean (4 + 2) / 2 = 3.
    total["csat"] = csat(3, Some(0.6667), Some(3.0), [0, 1, 0, 1, 0]);
    total
}

/// The `csat` object: tickets closed, response rate, mean and the count per score 1 to 5.
fn csat(closed: u64, response_rate: Option<f64>, mean: Option<f64>, scores: [u64; 5]) -> Value {
    let [one, two, three, four, five] = scores;
    json!({
        "closed": closed, "rated": one + two + three + four + five, "response_rate": response_rate, "mean": mean,
        "scores": {"1": one, "2": two, "3": three, "4": four, "5": five},
    })
}

/// `--by team`: the team at the end of the period.
fn teams() -> Value {
    let mut teams = json!([
        {
            // D: escalated twice, acked late, missed update, resolve and both level stays.
            "group": "database",
            "opened": 1, "resolved": 1, "resolved_tickets": 1,
            "backlog": {"count": 0, "age_p50_seconds": null, "age_p90_seconds": null},
            "mtta": {"count": 1, "wall": one(4200), "business": one(4200)},
            "mttr": {"count": 1, "wall": one(34200), "business": one(34200)},
            "sla": {
                "ack": clock(0, 1, Some(0.0), 0),
                "update": clock(1, 1, Some(0.5), 0),
                "resolve": clock(0, 1, Some(0.0), 0),
                "level": clock(0, 2, Some(0.0), 0),
            },
            "escalation": {
                "tickets": 1, "escalated": 1, "rate": 1.0, "events": 2, "hierarchical": 0,
                "by_reason": {"other": 1, "sla": 1},
                "by_path": {"L1→L2": 1, "L2→team:database": 1},
            },
            "first_contact_resolution": {"tickets": 1, "first_contact": 0, "rate": 0.0},
            "reopen": {"tickets": 1, "reopened": 0, "rate": 0.0},
            "reviews": {
                "required": 1, "existing": 1, "published_on_time": 0, "published_late": 1, "draft": 0,
                "missing": 0, "overdue": 0, "timeliness": 0.0, "action_items_open": 0, "action_items_overdue": 0,
            },
        },
        {
            // G: only its resolve and its last two update gaps fall in the period.
            "group": "engineering",
            "opened": 0, "resolved": 1, "resolved_tickets": 1,
            "backlog": {"count": 0, "age_p50_seconds": null, "age_p90_seconds": null},
            "mtta": {"count": 0, "wall": none(), "business": none()},
            "mttr": {"count": 1, "wall": one(1695599), "business": one(403200)},
            "sla": {
                "ack": clock(0, 0, None, 0),
                "update": clock(0, 2, Some(0.0), 0),
                "resolve": clock(0, 1, Some(0.0), 0),
                "level": clock(0, 0, None, 0),
            },
            "escalation": {
                "tickets": 0, "escalated": 0, "rate": null, "events": 0, "hierarchical": 0,
                "by_reason": {}, "by_path": {},
            },
            "first_contact_resolution": {"tickets": 1, "first_contact": 0, "rate": 0.0},
            "reopen": {"tickets": 1, "reopened": 0, "rate": 0.0},
            "reviews": {
                "required": 1, "existing": 0, "published_on_time": 0, "published_late": 0, "draft": 0,
                "missing": 1, "overdue": 0, "timeliness": 0.0, "action_items_open": 0, "action_items_overdue": 0,
            },
        },
        {
            // B, C, E, F, H. Opened: B, E, F, H. Resolves: B twice, C, H.
            "group": "frontline",
            "opened": 4, "resolved": 4, "resolved_tickets": 3,
            "backlog": {"count": 2, "age_p50_seconds": 180000, "age_p90_seconds": 1209600},
            // wall [1200, 5400, 34200, 241200]: 282000 / 4 = 70500, p50 rank 2, p90 rank 4;
            // business [1200, 1800, 5400, 10800]: 19200 / 4 = 4800.
            "mtta": {"count": 4, "wall": spread(70500, 5400, 241200), "business": spread(4800, 1800, 10800)},
            // wall [7200, 7200, 25200, 331200]: 370800 / 4 = 92700;
            // business [7200, 7200, 10800, 43200]: 68400 / 4 = 17100.
            "mttr": {"count": 4, "wall": spread(92700, 7200, 331200), "business": spread(17100, 7200, 43200)},
            "sla": {
                "ack": clock(4, 0, Some(1.0), 1),
                "update": clock(7, 0, Some(1.0), 1),
                "resolve": clock(4, 0, Some(1.0), 2),
                // B twice and C missed, H met; E and F past the L1 limit.
                "level": clock(1, 3, Some(0.25), 2),
            },
            "escalation": {
                "tickets": 4, "escalated": 0, "rate": 0.0, "events": 0, "hierarchical": 0,
                "by_reason": {}, "by_path": {},
            },
            "first_contact_resolution": {"tickets": 3, "first_contact": 3, "rate": 1.0},
            "reopen": {"tickets": 3, "reopened": 1, "rate": 0.3333},
            "reviews": {
                "required": 1, "existing": 1, "published_on_time": 0, "published_late": 0, "draft": 1,
                "missing": 0, "overdue": 1, "timeliness": 0.0, "action_items_open": 3, "action_items_overdue": 1,
            },
        },
        {
            // A: the vendor hand-off kept the team (specialists) and the level (L2).
            "group": "specialists",
            "opened": 1, "resolved": 1, "resolved_tickets": 1,
            "backlog": {"count": 0, "age_p50_seconds": null, "age_p90_seconds": null},
            "mtta": {"count": 1, "wall": one(600), "business": one(600)},
            "mttr": {"count": 1, "wall": one(9000), "business": one(9000)},
            "sla": {
                "ack": clock(1, 0, Some(1.0), 0),
                "update": clock(1, 1, Some(0.5), 0),
                "resolve": clock(1, 0, Some(1.0), 0),
                "level": clock(1, 1, Some(0.5), 0),
            },
            "escalation": {
                "tickets": 1, "escalated": 1, "rate": 1.0, "events": 2, "hierarchical": 1,
                "by_reason": {"expertise": 1, "vendor": 1},
                "by_path": {"L1→L2": 1, "L2→vendor:payments": 1},
            },
            "first_contact_resolution": {"tickets": 1, "first_contact": 0, "rate": 0.0},
            "reopen": {"tickets": 1, "reopened": 0, "rate": 0.0},
            "reviews": {
                "required": 1, "existing": 1, "published_on_time": 1, "published_late": 0, "draft": 0,
                "missing": 0, "overdue": 0, "timeliness": 1.0, "action_items_open": 1, "action_items_overdue": 0,
            },
        },
    ]);
    // B, C and H are all frontline's; no other team closed a ticket.
    for team in teams.as_array_mut().expect("groups") {
        let frontline = team["group"] == "frontline";
        team["csat"] = if frontline { total()["csat"].clone() } else { csat(0, None, None, [0; 5]) };
    }
    teams
}

#[test]
fn every_figure_of_the_period_matches_the_hand_computed_value() {
    let env = fixture();
    let report = stats_json(&env, &PERIOD);
    let expected = json!({
        "schema_version": 1,
        "period": {"since": "2026-11-16T00:00:00Z", "until": "2026-11-30T00:00:00Z"},
        "by": null,
        "total": total(),
        "groups": [],
    });
    assert_eq!(report, expected, "got:\n{report:#}");
}

#[test]
fn grouped_by_team_every_group_and_the_total_match() {
    let env = fixture();
    let report = stats_json(&env, &with_period(&["--by", "team"]));
    let expected = json!({
        "schema_version": 1,
        "period": {"since": "2026-11-16T00:00:00Z", "until": "2026-11-30T00:00:00Z"},
        "by": "team",
        "total": total(),
        "groups": teams(),
    });
    assert_eq!(report, expected, "got:\n{report:#}");
}

#[test]
fn grouped_by_priority_tickets_without_one_come_last() {
    let env = fixture();
    let report = stats_json(&env, &with_period(&["--by", "priority"]));
    assert_eq!(report["by"], "priority");
    // (group, opened, resolved, backlog, MTTR p50 business, resolve compliance, escalation
    // rate, first-contact rate)
    let rows: Vec<Value> = report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            json!([
                g["group"],
                g["opened"],
                g["resolved"],
                g["backlog"]["count"],
                g["mttr"]["business"]["p50_seconds"],
                g["sla"]["resolve"]["rate"],
                g["escalation"]["rate"],
                g["first_contact_resolution"]["rate"]
            ])
        })
        .collect();
    let expected = [
        // A and E. A resolved in 9000s; E is the backlog. A escalated, E not.
        json!(["P1", 2, 1, 1, 9000, 1.0, 0.5, 0.0]),
        // B (two resolves) and D. MTTR [7200, 10800, 34200]: p50 rank ⌈1.5⌉ = 2 = 10800.
        // Resolve: B met twice, D missed = 0.6667. D escalated, B not. B first-contact.
        json!(["P2", 2, 3, 0, 10800, 0.6667, 0.5, 0.5]),
        // C and G, both opened before the period: no escalation rate. MTTR [43200, 403200].
        json!(["P3", 0, 2, 0, 43200, 0.5, null, 0.5]),
        // F: open at the end, nothing resolved.
        json!(["P4", 1, 0, 1, null, null, 0.0, null]),
        // H has no priority: its clocks ran as sla.unclassified (P3), it groups under "-".
        json!(["-", 1, 1, 0, 7200, 1.0, 0.0, 1.0]),
    ];
    assert_eq!(rows, expected);
    assert_eq!(report["total"], total(), "grouping does not change the total");
}

#[test]
fn the_period_boundaries_are_since_inclusive_and_until_exclusive() {
    let env = fixture();
    let figures = |args: &[&str]| {
        let t = &stats_json(&env, args)["total"];
        json!([t["opened"], t["resolved"], t["backlog"]["count"], t["escalation"]["events"]])
    };
    // The reference: F opened at exactly --since counts, G's resolve one second before
    // --until counts, F's resolve at exactly --until does not.
    assert_eq!(figures(&PERIOD), json!([6, 7, 2, 4]));
    // A date as --until is the end of that day.
    let as_instants = ["--since", "2026-11-16T00:00:00Z", "--until", "2026-11-30T00:00:00Z"];
    assert_eq!(stats_json(&env, &as_instants), stats_json(&env, &PERIOD));
    // One second later F is not opened in the period any more.
    assert_eq!(figures(&["--since", "2026-11-16T00:00:01Z", "--until", "2026-11-29"]), json!([5, 7, 2, 4]));
    // One second before the start G's escalation to L3 (at 23:59:59) joins in.
    assert_eq!(figures(&["--since", "2026-11-15T23:59:59Z", "--until", "2026-11-29"]), json!([6, 7, 2, 5]));
    // Ending a second later takes in F's resolve: 8 resolves, only E left open.
    assert_eq!(figures(&["--since", "2026-11-16", "--until", "2026-11-30T00:00:01Z"]), json!([6, 8, 1, 4]));
    // Ending a second earlier leaves out G's resolve: G is in the backlog.
    assert_eq!(figures(&["--since", "2026-11-16", "--until", "2026-11-29T23:59:59Z"]), json!([6, 6, 3, 4]));
}

#[test]
fn the_period_defaults_to_all_history_until_now() {
    let env = fixture();
    let report = env.esc_at("2026-11-25T12:00:00Z", &["--json", "stats"]).expect_code(0, "stats").stdout;
    let report = json(&report);
    // From G's creation, the earliest, to now; events after now (E, F's resolve) are unknown.
    assert_eq!(report["period"], json!({"since": "2026-11-10T09:00:00Z", "until": "2026-11-25T12:00:00Z"}));
    // All but E (not yet opened); open: F and G.
    assert_eq!((&report["total"]["opened"], &report["total"]["backlog"]["count"]), (&json!(7), &json!(2)));
    // An --until in the future stops at now too.
    let future = env.esc_at("2026-11-25T12:00:00Z", &["--json", "stats", "--until", "2027-01-01"]).stdout;
    assert_eq!(json(&future), report);
}

#[test]
fn csv_has_one_row_per_group_then_the_total() {
    let env = fixture();
    let csv = stats(&env, &with_period(&["--by", "team", "--csv"]));
    let expected = concat!(
        "group,opened,resolved,resolved_tickets,backlog,backlog_age_p50_seconds,backlog_age_p90_seconds,",
        "mtta_count,mtta_wall_mean_seconds,mtta_wall_p50_seconds,mtta_wall_p90_seconds,",
        "mtta_business_mean_seconds,mtta_business_p50_seconds,mtta_business_p90_seconds,",
        "mttr_count,mttr_wall_mean_seconds,mttr_wall_p50_seconds,mttr_wall_p90_seconds,",
        "mttr_business_mean_seconds,mttr_business_p50_seconds,mttr_business_p90_seconds,",
        "ack_met,ack_missed,ack_rate,ack_breached_open,update_met,update_missed,update_rate,update_breached_open,",
        "resolve_met,resolve_missed,resolve_rate,resolve_breached_open,level_met,level_missed,level_rate,level_breached_open,",
        "escalated,escalation_rate,escalations,hierarchical,fcr_tickets,fcr_first_contact,fcr_rate,reopened,reopen_rate,",
        "reviews_required,reviews_existing,reviews_on_time,reviews_late,reviews_draft,reviews_missing,reviews_overdue,",
        "review_timeliness,action_items_open,action_items_overdue,",
        "csat_closed,csat_rated,csat_response_rate,csat_mean,csat_1,csat_2,csat_3,csat_4,csat_5\n",
        // The same numbers as the JSON golden values above; empty where JSON has null.
        "database,1,1,1,0,,,1,4200,4200,4200,4200,4200,4200,1,34200,34200,34200,34200,34200,34200,",
        "0,1,0,0,1,1,0.5,0,0,1,0,0,0,2,0,0,1,1,2,0,1,0,0,0,0,1,1,0,1,0,0,0,0,0,0,0,0,,,0,0,0,0,0\n",
        "engineering,0,1,1,0,,,0,,,,,,,1,1695599,1695599,1695599,403200,403200,403200,",
        "0,0,,0,0,2,0,0,0,1,0,0,0,0,,0,0,,0,0,1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,0,0,,,0,0,0,0,0\n",
        "frontline,4,4,3,2,180000,1209600,4,70500,5400,241200,4800,1800,10800,4,92700,7200,331200,17100,7200,43200,",
        "4,0,1,1,7,0,1,1,4,0,1,2,1,3,0.25,2,0,0,0,0,3,3,1,1,0.3333,1,1,0,0,1,0,1,0,3,1,3,2,0.6667,3,0,1,0,1,0\n",
        "specialists,1,1,1,0,,,1,600,600,600,600,600,600,1,9000,9000,9000,9000,9000,9000,",
        "1,0,1,0,1,1,0.5,0,1,0,1,0,1,1,0.5,0,1,1,2,1,1,0,0,0,0,1,1,1,0,0,0,0,1,1,0,0,0,,,0,0,0,0,0\n",
        // The total's group is empty.
        ",6,7,6,2,180000,1209600,6,47800,4200,241200,4000,1800,10800,7,301371,25200,1695599,73542,10800,403200,",
        "5,1,0.8333,1,9,4,0.6923,1,5,2,0.7143,2,2,6,0.25,2,2,0.3333,4,1,6,3,0.5,1,0.1667,4,3,1,1,1,1,1,0.25,4,1,3,2,0.6667,3,0,1,0,1,0\n",
    );
    assert_eq!(csv, expected);
}

#[test]
fn csv_quotes_values_with_commas_and_quotes() {
    let env = fixture();
    let csv = stats(&env, &with_period(&["--by", "customer", "--csv"]));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "three customers and the total:\n{csv}");
    // RFC 4180: a field with a quote or a comma is quoted, its quotes doubled. Opened: A and
    // E for Acme (C came before), B, D and F for Globex, H for Initech (G came before).
    for (row, start) in rows.iter().zip(["\"Acme \"\"EU\"\"\",2,", "Globex,3,", "\"Initech, Inc.\",1,", ",6,7,6,"]) {
        assert!(row.starts_with(start), "{row:?} should start with {start:?}");
    }
}

fn week(name: &str, since: &str, until: &str, counts: [u64; 3], mttr_p50: Option<i64>, rates: [Value; 4]) -> Value {
    let [opened, resolved, backlog] = counts;
    let [resolve_sla, escalation, first_contact, csat] = rates;
    json!({
        "week": name, "since": since, "until": until,
        "opened": opened, "resolved": resolved, "backlog": backlog,
        "mttr_business_p50_seconds": mttr_p50,
        "resolve_sla": resolve_sla, "escalation": escalation, "first_contact_resolution": first_contact,
        "csat": csat,
    })
}

#[test]
fn the_weekly_trend_has_one_row_per_iso_week() {
    let env = fixture();
    let trend = stats_json(&env, &with_period(&["--trend", "week"]));
    let expected = json!({
        "schema_version": 1,
        "period": {"since": "2026-11-16T00:00:00Z", "until": "2026-11-30T00:00:00Z"},
        "trend": "week",
        "weeks": [
            // W47: opened A, B, D, F; resolves A, B twice, C, D; open at Mon 11-23 00:00: F, G.
            // MTTR business [7200, 9000, 10800, 34200, 43200]: p50 rank ⌈2.5⌉ = 3 = 10800.
            // Resolve: D missed, 4 met. Escalated: A, D of 4. First contact: B, C of A, B, C, D.
            week("2026-W47", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z", [4, 5, 2], Some(10800), [
                json!({"met": 4, "missed": 1, "rate": 0.8}),
                json!({"tickets": 4, "escalated": 2, "rate": 0.5}),
                json!({"tickets": 4, "first_contact": 2, "rate": 0.5}),
                // Closed: B (rated 4) and C (not rated).
                csat(2, Some(0.5), Some(4.0), [0, 0, 0, 1, 0]),
            ]),
            // W48: opened E, H; resolves H, G; open at the end: E, F. MTTR [7200, 403200]:
            // p50 rank 1. H met, G missed. Neither E nor H escalated. H first contact, G not.
            week("2026-W48", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", [2, 2, 2], Some(7200), [
                json!({"met": 1, "missed": 1, "rate": 0.5}),
                json!({"tickets": 2, "escalated": 0, "rate": 0.0}),
                json!({"tickets": 2, "first_contact": 1, "rate": 0.5}),
                // Closed: H, rated 2 the next day: the rating counts for the week it closed.
                csat(1, Some(1.0), Some(2.0), [0, 1, 0, 0, 0]),
            ]),
        ],
    });
    assert_eq!(trend, expected, "got:\n{trend:#}");
}

#[test]
fn a_trend_cuts_its_first_and_last_weeks_to_the_period() {
    let env = fixture();
    let csv = stats(&env, &["--since", "2026-11-18", "--until", "2026-11-24", "--trend", "week", "--csv"]);
    let expected = concat!(
        "week,since,until,opened,resolved,backlog,mttr_business_p50_seconds,resolve_met,resolve_missed,resolve_rate,",
        "escalated,escalation_rate,fcr_tickets,fcr_first_contact,fcr_rate,csat_closed,csat_rated,csat_response_rate,csat_mean\n",
        // Wed 11-18 to Mon 11-23: opened D; resolves B#2 (met, 7200) and D (missed, 34200),
        // MTTR p50 rank 1 of 2 = 7200; D escalated; first resolved: D only, not first contact.
        // Open at 11-23 00:00: F and G. Closed: B (rated 4), C (not rated).
        "2026-W47,2026-11-18T00:00:00Z,2026-11-23T00:00:00Z,1,2,2,7200,1,1,0.5,1,1,1,0,0,2,1,0.5,4\n",
        // Mon 11-23 to Wed 11-25 00:00 (the end of the 24th): H opened and answered at L1.
        // H closes only on the 25th: nothing closed, no rate, no mean.
        "2026-W48,2026-11-23T00:00:00Z,2026-11-25T00:00:00Z,1,1,2,7200,1,0,1,0,0,1,1,1,0,0,,\n",
    );
    assert_eq!(csv, expected);
}

#[test]
fn the_grouped_human_view_has_a_group_column_in_every_section() {
    let env = fixture();
    let text = stats(&env, &with_period(&["--by", "team"]));
    let expected = "\
2026-11-16 00:00 to 2026-11-30 00:00 UTC
GROUP        OPENED  RESOLVED  BACKLOG  AGE P50  AGE P90  MTTA P50  MTTR P50  MTTR P90  RESOLVE SLA  ESCALATED  FCR   REOPENED  CSAT
database     1       1         0        -        -        1h 10m    9h 30m    9h 30m    0%           100%       0%    0%        -
engineering  0       1         0        -        -        -         112h      112h      0%           -          0%    0%        -
frontline    4       4         2        2d 2h    14d      30m       2h        12h       100%         0%         100%  33%       3.0
specialists  1       1         0        -        -        10m       2h 30m    2h 30m    100%         100%       0%    0%        -
total        6       7         2        2d 2h    14d      30m       3h        112h      71%          33%        50%   17%       3.0
MTTA and MTTR: working time (business hours of each ticket's calendar); wall-clock time in --json and --csv
";
    assert!(text.starts_with(expected), "got:\n{text}");
    for section in [
        "\nSLA compliance: clocks that stopped in the period; BREACHED: running past target at the end\n\
         GROUP        CLOCK    MET  MISSED  RATE  BREACHED\n",
        "total        ack      5    1       83%   1\n",
        "total        level    2    6       25%   2\n",
        "\nEscalations: 4 in the period; 2 of 6 opened tickets escalated; 1 hierarchical (management alerted)\n",
        "specialists  L2→vendor:payments  1\n",
        "database     other      1\n",
        "\nReviews of the tickets resolved in the period, and their open action items\n",
        "total        4         1        1     1      1        1        25%         4           1\n",
        "\nSatisfaction (CSAT) of the tickets closed in the period: ratings from 1 to 5\n",
        "frontline    3       2      67%       3.0   0  1  0  1  0\n",
        "database     0       0      -         -     0  0  0  0  0\n",
    ] {
        assert!(text.contains(section), "missing {section:?} in:\n{text}");
    }
}

#[test]
fn a_repository_without_tickets_has_empty_figures() {
    let env = TestEnv::initialised();
    let report = json(&env.esc_ok(&["--json", "stats"]));
    assert_eq!(report["period"], json!({"since": crate::common::NOW, "until": crate::common::NOW}));
    assert_eq!(report["total"]["opened"], 0);
    assert_eq!(report["total"]["mttr"]["wall"], none());
    assert_eq!(report["total"]["sla"]["resolve"], clock(0, 0, None, 0));
    env.esc_ok(&["stats", "--trend", "week"]);
}

#[test]
fn bad_input_is_refused_with_exit_code_2() {
    let env = fixture();
    for (args, says) in [
        (&["stats", "--since", "2026-11-30", "--until", "2026-11-29"][..], "the period is empty"),
        (&["stats", "--since", "2026-12-05"][..], "is not before now"),
        (&["stats", "--since", "2026-11-31"][..], "'2026-11-31' is not a time: give an RFC 3339 time"),
        (&["stats", "--until", "last tuesday"][..], "'last tuesday' is not a time"),
        (&["stats", "--by", "severity"][..], "invalid value 'severity'"),
        (&["stats", "--trend", "month"][..], "invalid value 'month'"),
        (&["stats", "--trend", "week", "--by", "team"][..], "cannot be used with"),
        (&["--json", "stats", "--csv"][..], "--csv and --json cannot be combined"),
    ] {
        let run = env.esc_at(STATS_NOW, args).expect_error(&format!("esc {args:?}"));
        assert!(run.stderr.contains(says), "esc {args:?} should say {says:?}:\n{}", run.stderr);
    }
}

#[test]
fn a_ticket_that_does_not_parse_is_named_and_fails_the_report() {
    let env = fixture();
    env.write("tickets/2026/11/ESC-0000000J.md", "---\nid: ESC-0000000J\ntitle: [broken\n---\n");
    let run = env.esc_at(STATS_NOW, &["stats"]).expect_code(2, "stats over a broken ticket");
    assert!(run.stderr.contains("tickets/2026/11/ESC-0000000J.md:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("error: the report is incomplete"), "{}", run.stderr);
    assert!(run.stdout.contains("opened"), "the figures of the other tickets: {}", run.stdout);
}

#[test]
fn the_human_view_without_groups_in_full() {
    let env = fixture();
    let text = stats(&env, &PERIOD);
    // The golden values of the JSON above, as people read them: 180000s = 2d 2h, MTTA p50
    // 1800s = 30m, MTTR p50 10800s = 3h and p90 403200s = 112h of working time, resolve 5 of
    // 7 = 71%, escalated 2 of 6 = 33%, first contact 3 of 6, reopened 1 of 6 = 17%.
    let expected = "\
2026-11-16 00:00 to 2026-11-30 00:00 UTC
OPENED  RESOLVED  BACKLOG  AGE P50  AGE P90  MTTA P50  MTTR P50  MTTR P90  RESOLVE SLA  ESCALATED  FCR  REOPENED  CSAT
6       7         2        2d 2h    14d      30m       3h        112h      71%          33%        50%  17%       3.0
MTTA and MTTR: working time (business hours of each ticket's calendar); wall-clock time in --json and --csv

SLA compliance: clocks that stopped in the period; BREACHED: running past target at the end
CLOCK    MET  MISSED  RATE  BREACHED
ack      5    1       83%   1
update   9    4       69%   1
resolve  5    2       71%   2
level    2    6       25%   2

Escalations: 4 in the period; 2 of 6 opened tickets escalated; 1 hierarchical (management alerted)

REASON     COUNT
expertise  1
other      1
sla        1
vendor     1

PATH                COUNT
L1→L2               2
L2→team:database    1
L2→vendor:payments  1

Reviews of the tickets resolved in the period, and their open action items
REQUIRED  ON TIME  LATE  DRAFT  MISSING  OVERDUE  TIMELINESS  OPEN ITEMS  OVERDUE ITEMS
4         1        1     1      1        1        25%         4           1

Satisfaction (CSAT) of the tickets closed in the period: ratings from 1 to 5
CLOSED  RATED  RESPONSE  MEAN  1  2  3  4  5
3       2      67%       3.0   0  1  0  1  0
";
    assert_eq!(text, expected, "got:\n{text}");
}

#[test]
fn the_human_trend_has_one_line_per_week() {
    let env = fixture();
    let text = stats(&env, &["--since", "2026-11-18", "--until", "2026-11-24", "--trend", "week"]);
    // The CSV rows of the test above; MTTR p50 7200s is 2h of working time.
    let expected = "\
2026-11-18 00:00 to 2026-11-25 00:00 UTC, by ISO week
WEEK      FROM              UNTIL             OPENED  RESOLVED  BACKLOG  MTTR P50  RESOLVE SLA  ESCALATED  FCR   CSAT
2026-W47  2026-11-18 00:00  2026-11-23 00:00  1       2         2        2h        50%          100%       0%    4.0
2026-W48  2026-11-23 00:00  2026-11-25 00:00  1       1         2        2h        100%         0%         100%  -
MTTR: working time; BACKLOG: open at the end of the week; CSAT: mean rating (1-5) of the tickets closed
";
    assert_eq!(text, expected, "got:\n{text}");
}
