//! The lifecycle end to end: one ticket from open to a second resolve, every step checked in
//! the file, the history, the commit and the audit trail; classification and routing; parallel
//! actions on one ticket; and hand-written keys and bodies that outlive every action.

use std::collections::BTreeMap;

use crate::common::{
    IDENTITY, NOW, NOW_SHARD, TestEnv, front_matter, front_matter_value, history_entries, json, last_history_entry,
    minutes_after_now, state_fields,
};

/// The esc keys of a ticket's front matter, in the order esc writes them.
const KEY_ORDER: &[&str] = &[
    "id",
    "title",
    "status",
    "type",
    "category",
    "severity",
    "impact",
    "urgency",
    "priority",
    "level",
    "team",
    "assignee",
    "vendor",
    "vendor_ref",
    "waiting_on",
    "reporter",
    "customer",
    "labels",
    "links",
    "created",
    "resolution",
    "root_cause",
    "resolution_code",
    "history",
];

/// One action of the walkthrough and everything it must leave behind.
struct Step {
    /// Minutes after [`NOW`] (the open).
    minutes: u32,
    /// Print the ticket as JSON instead of the summary line.
    json: bool,
    /// The subcommand; the ticket id follows it.
    command: &'static str,
    args: &'static [&'static str],
    /// The recorded action (history, `Esc-Action`).
    action: &'static str,
    /// The summary on stderr and (unless `subject` says otherwise) in the commit subject.
    summary: &'static str,
    /// The subject's summary when esc shortens a long one.
    subject: Option<&'static str>,
    reason: Option<&'static str>,
    /// The `message:` line's value as YAML writes it.
    message: Option<&'static str>,
    /// The entry's `set:` values in file order; `None` is a cleared field (`null`).
    set: &'static [(&'static str, Option<&'static str>)],
}

const TITLE: &str = "Card payments fail at checkout";

/// open → triage → ack → escalate L2 → escalate to a vendor → update → wait → resume →
/// resolve → confirm → reopen → resolve.
const WALKTHROUGH: &[Step] = &[
    Step {
        minutes: 5,
        json: false,
        command: "triage",
        args: &["--answer", "outage=no", "--answer", "scope=yes"],
        action: "triage",
        summary: "severity sev3 -> sev2, impact medium -> high, priority P3 -> P2",
        subject: Some("severity sev3 -> sev2, impact medium -> high,…"),
        reason: None,
        message: Some("'answers: outage=no, scope=yes'"),
        set: &[("impact", Some("high")), ("priority", Some("P2")), ("severity", Some("sev2"))],
    },
    Step {
        minutes: 9,
        json: false,
        command: "ack",
        args: &["-m", "Looking into it"],
        action: "ack",
        summary: "acknowledged",
        subject: None,
        reason: None,
        message: Some("Looking into it"),
        set: &[("status", Some("acknowledged"))],
    },
    Step {
        minutes: 14,
        json: false,
        command: "escalate",
        args: &["--reason", "complexity", "-m", "Needs a payments specialist"],
        action: "escalate",
        summary: "L1 -> L2 (complexity)",
        subject: None,
        reason: Some("complexity"),
        message: Some("Needs a payments specialist"),
        set: &[("level", Some("L2")), ("team", Some("specialists"))],
    },
    Step {
        minutes: 20,
        json: false,
        command: "escalate",
        args: &["--vendor", "payments", "--ref", "PAY-4711", "--reason", "vendor"],
        action: "escalate",
        summary: "to vendor payments (case PAY-4711) (vendor)",
        subject: None,
        reason: Some("vendor"),
        message: None,
        set: &[("vendor", Some("payments")), ("vendor_ref", Some("PAY-4711"))],
    },
    Step {
        minutes: 27,
        json: false,
        command: "update",
        args: &["-m", "The payments provider is investigating"],
        action: "update",
        summary: "update: The payments provider is investigating",
        subject: None,
        reason: None,
        message: Some("The payments provider is investigating"),
        set: &[("status", Some("in_progress"))],
    },
    Step {
        minutes: 31,
        json: true,
        command: "wait",
        args: &["--on", "vendor", "-m", "Asked the provider for an ETA"],
        action: "wait",
        summary: "waiting on vendor",
        subject: None,
        reason: None,
        message: Some("Asked the provider for an ETA"),
        set: &[("status", Some("waiting")), ("waiting_on", Some("vendor"))],
    },
    Step {
        minutes: 38,
        json: false,
        command: "resume",
        args: &[],
        action: "resume",
        summary: "resumed",
        subject: None,
        reason: None,
        message: None,
        set: &[("status", Some("in_progress")), ("waiting_on", None)],
    },
    Step {
        minutes: 44,
        json: false,
        command: "resolve",
        args: &[
            "--resolution",
            "Provider rotated its certificate",
            "--root-cause",
            "Expired TLS certificate",
            "--code",
            "fixed",
        ],
        action: "resolve",
        summary: "resolved (fixed)",
        subject: None,
        reason: None,
        message: None,
        set: &[
            ("resolution", Some("Provider rotated its certificate")),
            ("resolution_code", Some("fixed")),
            ("root_cause", Some("Expired TLS certificate")),
            ("status", Some("resolved")),
        ],
    },
    Step {
        minutes: 50,
        json: false,
        command: "confirm",
        args: &[],
        action: "confirm",
        summary: "confirmed by the requester, closed",
        subject: None,
        reason: None,
        message: None,
        set: &[("status", Some("closed"))],
    },
    Step {
        minutes: 57,
        json: false,
        command: "reopen",
        args: &["--reason", "Failing again for EU cards"],
        action: "reopen",
        summary: "reopened",
        subject: None,
        reason: Some("Failing again for EU cards"),
        message: None,
        set: &[("resolution", None), ("resolution_code", None), ("root_cause", None), ("status", Some("in_progress"))],
    },
    Step {
        minutes: 63,
        json: false,
        command: "resolve",
        args: &["--resolution", "Pinned the new certificate chain", "--code", "workaround"],
        action: "resolve",
        summary: "resolved (workaround)",
        subject: None,
        reason: None,
        message: None,
        set: &[
            ("resolution", Some("Pinned the new certificate chain")),
            ("resolution_code", Some("workaround")),
            ("status", Some("resolved")),
        ],
    },
];

/// The state fields right after the walkthrough's `esc open`.
fn opened_state(id: &str) -> BTreeMap<String, String> {
    [
        ("id", id),
        ("title", TITLE),
        ("status", "new"),
        ("severity", "sev3"),
        ("impact", "medium"),
        ("urgency", "medium"),
        ("priority", "P3"),
        ("level", "L1"),
        ("team", "frontline"),
        ("reporter", IDENTITY),
        ("customer", "Acme"),
        ("created", NOW),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The exact history entry a step records.
fn expected_entry(
    at: &str,
    action: &str,
    reason: Option<&str>,
    message: Option<&str>,
    set: &[(&str, Option<&str>)],
) -> String {
    let mut entry = format!("- at: {at}\n  by: {IDENTITY}\n  action: {action}");
    if let Some(reason) = reason {
        entry.push_str(&format!("\n  reason: {reason}"));
    }
    if let Some(message) = message {
        entry.push_str(&format!("\n  message: {message}"));
    }
    if !set.is_empty() {
        entry.push_str("\n  set:");
        for (key, value) in set {
            entry.push_str(&format!("\n    {key}: {}", value.unwrap_or("null")));
        }
    }
    entry
}

/// Checks that the file's esc keys hold exactly `state`, in esc's order (`x-` keys are the
/// user's and are skipped).
fn assert_state(text: &str, state: &BTreeMap<String, String>, what: &str) {
    let fields: Vec<(String, String)> = state_fields(text).into_iter().filter(|(k, _)| !k.starts_with("x-")).collect();
    let found: BTreeMap<String, String> = fields.iter().cloned().collect();
    assert_eq!(&found, state, "{what}: state fields in\n{text}");
    let order: Vec<usize> =
        fields.iter().map(|(k, _)| KEY_ORDER.iter().position(|o| o == k).expect("an esc key")).collect();
    assert!(order.is_sorted(), "{what}: keys out of order in\n{text}");
}

/// Checks the last commit: one commit more than `count_before`, only `path`, the exact
/// subject, message and trailers, author and committer time `at`, a clean working tree.
pub fn assert_action_commit(
    env: &TestEnv,
    count_before: usize,
    path: &str,
    (id, action, subject_summary, reason): (&str, &str, &str, Option<&str>),
    at: &str,
) {
    let subject = format!("esc: {action} {id}: {subject_summary}");
    assert_eq!(env.commit_count(), count_before + 1, "{subject}: one commit");
    assert_eq!(env.last_commit_paths(), [path], "{subject}: only the ticket");
    assert_eq!(env.subject(), subject);
    let mut trailers = format!("Esc-Ticket: {id}\nEsc-Action: {action}");
    if let Some(reason) = reason {
        trailers.push_str(&format!("\nEsc-Reason: {reason}"));
    }
    assert_eq!(env.trailers(), trailers, "{subject}: trailers");
    assert_eq!(env.last_message(), format!("{subject}\n\n{trailers}\n\n"), "{subject}: the whole message");
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>|%aI|%cI"]).trim_end(),
        format!("{IDENTITY}|{IDENTITY}|{at}|{at}"),
        "{subject}: author, committer, ESC_NOW"
    );
    assert_eq!(env.git(&["show", &format!("HEAD:{path}")]), env.read(path), "{subject}: committed as on disk");
    env.assert_clean();
}

/// Opens the walkthrough's ticket at [`NOW`] and checks it; returns its id.
fn open_walkthrough_ticket(env: &TestEnv) -> String {
    let before = env.commit_count();
    let id = env.open(TITLE, &["--severity", "sev3", "--customer", "Acme", "--body", "Customers see error 502."]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let text = env.read(&path);
    assert_state(&text, &opened_state(&id), "open");
    let open_set = [
        ("customer", Some("Acme")),
        ("impact", Some("medium")),
        ("level", Some("L1")),
        ("priority", Some("P3")),
        ("reporter", Some(IDENTITY)),
        ("severity", Some("sev3")),
        ("status", Some("new")),
        ("team", Some("frontline")),
        ("title", Some(TITLE)),
        ("urgency", Some("medium")),
    ];
    assert_eq!(history_entries(&text), [expected_entry(NOW, "open", None, None, &open_set)]);
    assert_action_commit(env, before, &path, (&id, "open", TITLE, None), NOW);
    id
}

/// Runs [`WALKTHROUGH`] on `id` (opened by [`open_walkthrough_ticket`]), checking every step;
/// `after_each` adds checks of its own.
fn run_walkthrough(env: &TestEnv, id: &str, after_each: &dyn Fn(&Step)) {
    let path = format!("{NOW_SHARD}/{id}.md");
    let mut state = opened_state(id);
    let mut entries = history_entries(&env.read(&path)).len();
    for step in WALKTHROUGH {
        let at = minutes_after_now(step.minutes);
        let before = env.commit_count();
        let mut args = Vec::new();
        if step.json {
            args.push("--json");
        }
        args.extend([step.command, id]);
        args.extend_from_slice(step.args);
        let run = env.esc_at_ok(&at, &args);
        let what = format!("esc {}", args.join(" "));

        for (key, value) in step.set {
            match value {
                Some(value) => state.insert(key.to_string(), value.to_string()),
                None => state.remove(*key),
            };
        }
        let text = env.read(&path);
        assert_state(&text, &state, &what);
        entries += 1;
        assert_eq!(history_entries(&text).len(), entries, "{what}: one new history entry");
        assert_eq!(
            last_history_entry(&text),
            expected_entry(&at, step.action, step.reason, step.message, step.set),
            "{what}: the newest history entry"
        );
        if step.json {
            assert_eq!(run.stderr, "", "{what}: --json prints no summary line");
            let shown = json(&run.stdout);
            assert_eq!(shown["id"], id);
            assert_eq!(shown["path"], path.as_str());
            for (key, value) in &state {
                assert_eq!(shown[key.as_str()], value.as_str(), "{what}: {key} in the JSON");
            }
            let last = &shown["history"][entries - 1];
            assert_eq!(
                (&last["action"], &last["at"], &last["by"]),
                (&step.action.into(), &at.clone().into(), &IDENTITY.into())
            );
        } else {
            assert_eq!(run.stdout, "", "{what}: no data on stdout");
            assert_eq!(run.stderr, format!("{id}: {}\n", step.summary), "{what}: the summary line");
        }
        let subject = step.subject.unwrap_or(step.summary);
        assert_action_commit(env, before, &path, (id, step.action, subject, step.reason), &at);
        after_each(step);
    }
}

#[test]
fn one_ticket_through_the_whole_lifecycle() {
    let env = TestEnv::initialised();
    let id = open_walkthrough_ticket(&env);
    run_walkthrough(&env, &id, &|_| {});

    assert_eq!(env.commit_count(), 2 + WALKTHROUGH.len(), "init, open and one commit per step");
    assert_eq!(env.git(&["rev-list", "--count", "HEAD"]).trim(), (2 + WALKTHROUGH.len()).to_string());
    env.assert_fsck();
    let lint = env.esc(&["lint"]).expect_code(0, "no drift between the state and the history");
    assert_eq!((lint.stdout.as_str(), lint.stderr.as_str()), ("", "lint: no findings\n"));
    let text = env.read(&format!("{NOW_SHARD}/{id}.md"));
    assert!(text.ends_with("\n---\nCustomers see error 502.\n"), "the body is untouched:\n{text}");

    // The audit trail from git shows each action and the fields it changed.
    let log = env.esc_ok(&["log", &id]);
    let actions: Vec<&str> =
        log.lines().filter(|l| !l.starts_with(' ')).map(|l| l.split_whitespace().nth(4).expect("an action")).collect();
    let mut expected: Vec<&str> = WALKTHROUGH.iter().rev().map(|s| s.action).collect();
    expected.push("open");
    assert_eq!(actions, expected, "newest first:\n{log}");
    for line in [
        "    severity: sev3 -> sev2",
        "    status: new -> acknowledged",
        "    level: L1 -> L2",
        "    team: frontline -> specialists",
        "    vendor: - -> payments",
        "    vendor_ref: - -> PAY-4711",
        "    status: acknowledged -> in_progress",
        "    waiting_on: - -> vendor",
        "    waiting_on: vendor -> -",
        "    root_cause: - -> Expired TLS certificate",
        "    status: resolved -> closed",
        "    status: closed -> in_progress",
        "    resolution: Provider rotated its certificate -> -",
        "    status: in_progress -> resolved",
    ] {
        assert!(log.lines().any(|l| l == line), "esc log should show {line:?}:\n{log}");
    }
    assert!(!log.contains("(plain git)"), "{log}");
}

#[test]
fn the_log_shows_a_reopen_of_a_resolved_ticket() {
    let env = TestEnv::initialised();
    let id = env.open("Exports time out", &["--severity", "sev3"]);
    env.esc_at_ok(&minutes_after_now(1), &["resolve", &id, "--resolution", "Raised the timeout"]);
    env.esc_at_ok(&minutes_after_now(2), &["reopen", &id, "--reason", "Still timing out"]);
    let log = env.esc_ok(&["log", &id]);
    let newest: Vec<&str> = log.lines().take_while(|l| !l.contains("  resolve  ")).collect();
    assert!(newest[0].contains("  reopen  "), "{log}");
    assert_eq!(
        &newest[1..],
        [
            "    status: resolved -> in_progress",
            "    resolution: Raised the timeout -> -",
            "    reason: Still timing out"
        ],
        "{log}"
    );
    let text = env.read(&format!("{NOW_SHARD}/{id}.md"));
    assert_eq!(front_matter_value_of(&text, "status"), "in_progress");
    assert!(!state_fields(&text).iter().any(|(k, _)| k == "resolution"), "the resolution is cleared:\n{text}");
}

/// The value of a top-level key; it must be there.
fn front_matter_value_of(text: &str, key: &str) -> String {
    front_matter_value(text, key).unwrap_or_else(|| panic!("no {key}:\n{text}"))
}

/// Minutes after NOW, the command line, the recorded action, the summary, the reason, and the
/// history entry's lines after `action:`.
type OtherStep<'a> = (u32, &'a [&'a str], &'a str, &'a str, Option<&'a str>, &'a str);

#[test]
fn assign_take_deescalate_notes_and_other_escalations() {
    let env = TestEnv::initialised();
    let id = env.open("Reports are slow", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let steps: [OtherStep<'_>; 9] = [
        (
            1,
            &["assign", &id, "Bo Berg <bo@example.com>"],
            "assign",
            "assigned to Bo Berg <bo@example.com>",
            None,
            "  set:\n    assignee: Bo Berg <bo@example.com>",
        ),
        (
            2,
            &["take", &id],
            "assign",
            "assigned to Ana Lima <ana@example.com>",
            None,
            "  set:\n    assignee: Ana Lima <ana@example.com>",
        ),
        (
            3,
            &["update", &id, "-m", "Only seen by us", "--internal"],
            "note",
            "internal note",
            None,
            "  message: Only seen by us",
        ),
        (
            4,
            &["escalate", &id, "--to", "L3", "--reason", "expertise"],
            "escalate",
            "L1 -> L3 (expertise)",
            Some("expertise"),
            "  reason: expertise\n  set:\n    level: L3\n    team: engineering",
        ),
        (
            5,
            &["deescalate", &id, "--to", "L2", "--reason", "Configuration issue"],
            "deescalate",
            "L3 -> L2",
            Some("Configuration issue"),
            "  reason: Configuration issue\n  set:\n    level: L2\n    team: specialists",
        ),
        (
            6,
            &["escalate", &id, "--to", "database", "--reason", "expertise"],
            "escalate",
            "to team database (expertise)",
            Some("expertise"),
            "  reason: expertise\n  set:\n    team: database",
        ),
        (
            7,
            &["escalate", &id, "--hierarchical", "--reason", "sla_risk"],
            "escalate",
            "hierarchical: management alerted (sla_risk)",
            Some("sla_risk"),
            "  reason: sla_risk\n  hierarchical: true",
        ),
        (
            8,
            &["wait", &id, "--on", "customer", "-m", "Which report?"],
            "wait",
            "waiting on customer",
            None,
            "  message: Which report?\n  set:\n    status: waiting\n    waiting_on: customer",
        ),
        (
            9,
            &["resolve", &id, "--resolution", "Added an index"],
            "resolve",
            "resolved",
            None,
            "  set:\n    resolution: Added an index\n    status: resolved\n    waiting_on: null",
        ),
    ];
    for (minutes, args, action, summary, reason, lines) in steps {
        let at = minutes_after_now(minutes);
        let before = env.commit_count();
        let run = env.esc_at_ok(&at, args);
        assert_eq!(run.stderr, format!("{id}: {summary}\n"), "{args:?}");
        let entry = last_history_entry(&env.read(&path));
        assert_eq!(entry, format!("- at: {at}\n  by: {IDENTITY}\n  action: {action}\n{lines}"), "{args:?}");
        assert_action_commit(&env, before, &path, (&id, action, summary, reason), &at);
    }
    let text = env.read(&path);
    for (key, value) in [("status", "resolved"), ("level", "L2"), ("team", "database"), ("assignee", IDENTITY)] {
        assert_eq!(front_matter_value_of(&text, key), value, "{key}");
    }
    env.esc(&["lint"]).expect_code(0, "lint after the other actions");
}

#[test]
fn an_update_while_waiting_keeps_waiting_and_a_note_on_a_closed_ticket_is_allowed() {
    let env = TestEnv::initialised();
    let id = env.open("Invoice missing", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.esc_ok(&["wait", &id, "--on", "customer", "-m", "Which invoice?"]);
    env.esc_ok(&["update", &id, "-m", "Reminder sent"]);
    let text = env.read(&path);
    assert_eq!(front_matter_value_of(&text, "status"), "waiting");
    assert_eq!(
        last_history_entry(&text),
        format!("- at: {NOW}\n  by: {IDENTITY}\n  action: update\n  message: Reminder sent")
    );
    env.esc_ok(&["resolve", &id, "--resolution", "Resent it"]);
    env.esc_ok(&["confirm", &id]);
    let run = env
        .esc(&["update", &id, "-m", "Filed under billing", "--internal"])
        .expect_code(0, "a note on a closed ticket");
    assert_eq!(run.stderr, format!("{id}: internal note\n"));
    let text = env.read(&path);
    assert_eq!(front_matter_value_of(&text, "status"), "closed");
    assert_eq!(env.subject(), format!("esc: note {id}: internal note"));
}

#[test]
fn an_action_commits_only_its_ticket_and_keeps_the_users_other_work() {
    let env = TestEnv::initialised();
    let id = env.open("Acted on", &[]);
    let staged = env.open("Staged by the user", &[]);
    let unstaged = env.open("Edited by the user", &[]);
    let (staged_path, unstaged_path) = (format!("{NOW_SHARD}/{staged}.md"), format!("{NOW_SHARD}/{unstaged}.md"));
    env.edit(&staged_path, "\nstatus: new\n", "\nstatus: new\nx-staged: yes\n");
    env.git(&["add", &staged_path]);
    env.edit(&unstaged_path, "\nstatus: new\n", "\nstatus: new\nx-unstaged: yes\n");
    env.write("notes.txt", "untracked\n");
    let status = env.status();
    let before = env.commit_count();
    env.esc_ok(&["ack", &id]);
    env.esc_ok(&["escalate", &id, "--reason", "complexity"]);
    assert_eq!(env.commit_count(), before + 2);
    assert_eq!(env.last_commit_paths(), [format!("{NOW_SHARD}/{id}.md")]);
    assert_eq!(env.status(), status, "the user's staged, unstaged and untracked work is as it was");
    assert_eq!(env.git(&["diff", "--cached", "--name-only"]), format!("{staged_path}\n"));
    assert!(env.read(&unstaged_path).contains("x-unstaged: yes"));
}

#[test]
fn escalating_to_the_vendor_that_already_has_the_case_is_refused() {
    let env = TestEnv::initialised();
    let id = env.open("Card payments fail", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    env.esc_ok(&["escalate", &id, "--vendor", "payments", "--ref", "PAY-1", "--reason", "vendor"]);
    let run = env
        .esc_rejects_keeping(&path, &["escalate", &id, "--vendor", "payments", "--ref", "PAY-1", "--reason", "vendor"]);
    assert!(run.stderr.starts_with(&format!("error: cannot escalate {id}: ")), "{}", run.stderr);
    // A new case with the same vendor is a real change.
    env.esc_ok(&["escalate", &id, "--vendor", "payments", "--ref", "PAY-2", "--reason", "vendor"]);
}

// Classification and routing.

#[test]
fn a_severity_sets_impact_urgency_and_priority() {
    let env = TestEnv::initialised();
    let id = env.open("Everything is down", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let before = env.commit_count();
    let run = env.esc_at_ok(&minutes_after_now(2), &["classify", &id, "--severity", "sev1"]);
    let summary = "severity - -> sev1, impact - -> high, urgency - -> high, priority - -> P1";
    assert_eq!(run.stderr, format!("{id}: {summary}\n"));
    let text = env.read(&path);
    for (key, value) in
        [("severity", "sev1"), ("impact", "high"), ("urgency", "high"), ("priority", "P1"), ("level", "L1")]
    {
        assert_eq!(front_matter_value_of(&text, key), value, "{key}");
    }
    assert_eq!(
        last_history_entry(&text),
        format!(
            "- at: {}\n  by: {IDENTITY}\n  action: classify\n  set:\n    impact: high\n    priority: P1\n    severity: sev1\n    urgency: high",
            minutes_after_now(2)
        )
    );
    assert_eq!(env.commit_count(), before + 1);
    assert!(env.subject().starts_with(&format!("esc: classify {id}: severity - -> sev1, ")), "{}", env.subject());
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: classify"));
    env.assert_clean();
    // An explicit impact wins over the severity's.
    let other = env.open("One user cannot log in", &[]);
    env.esc_ok(&["classify", &other, "--severity", "sev1", "--impact", "low"]);
    let text = env.read(&format!("{NOW_SHARD}/{other}.md"));
    assert_eq!(
        (front_matter_value_of(&text, "impact"), front_matter_value_of(&text, "priority")),
        ("low".into(), "P3".into())
    );
}

#[test]
fn opening_a_critical_database_ticket_routes_it_to_the_dbas_at_l2() {
    let env = TestEnv::initialised();
    let id = env.open("Primary database down", &["--category", "database", "--severity", "sev1"]);
    let text = env.read(&format!("{NOW_SHARD}/{id}.md"));
    for (key, value) in [("team", "database"), ("level", "L2"), ("priority", "P1"), ("status", "new")] {
        assert_eq!(front_matter_value_of(&text, key), value, "{key}:\n{text}");
    }
    let open = last_history_entry(&text);
    assert!(open.contains("\n    level: L2\n") && open.contains("\n    team: database\n"), "{open}");
    env.esc(&["lint"]).expect_code(0, "the routed values are in the open event");

    // An internal ticket goes to engineering, at the first level.
    let internal = env.open("VPN access for the new hire", &["--type", "internal"]);
    let text = env.read(&format!("{NOW_SHARD}/{internal}.md"));
    assert_eq!(
        (front_matter_value_of(&text, "team"), front_matter_value_of(&text, "level")),
        ("engineering".into(), "L1".into())
    );
}

#[test]
fn classifying_re_routes_a_ticket() {
    let env = TestEnv::initialised();
    let id = env.open("Replication lag", &[]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let run = env.esc_at_ok(&minutes_after_now(1), &["classify", &id, "--category", "database", "--severity", "sev1"]);
    assert_eq!(
        run.stderr,
        format!(
            "{id}: category - -> database, severity - -> sev1, impact - -> high, urgency - -> high, priority - -> P1, team frontline -> database, level L1 -> L2\n"
        )
    );
    let text = env.read(&path);
    assert_eq!(
        (front_matter_value_of(&text, "team"), front_matter_value_of(&text, "level")),
        ("database".into(), "L2".into())
    );
    assert!(
        last_history_entry(&text)
            .ends_with("\n    level: L2\n    priority: P1\n    severity: sev1\n    team: database\n    urgency: high")
    );
    env.assert_clean();

    let internal = env.open("Laptop for the new hire", &[]);
    let run = env.esc_at_ok(&minutes_after_now(2), &["classify", &internal, "--type", "internal"]);
    assert_eq!(run.stderr, format!("{internal}: type - -> internal, team frontline -> engineering\n"));
    let text = env.read(&format!("{NOW_SHARD}/{internal}.md"));
    assert_eq!(
        (front_matter_value_of(&text, "team"), front_matter_value_of(&text, "level")),
        ("engineering".into(), "L1".into())
    );

    // Routing never lowers a level: at L3 the ticket stays at L3.
    let high = env.open("Corrupt index", &[]);
    env.esc_at_ok(&minutes_after_now(3), &["escalate", &high, "--to", "L3", "--reason", "complexity"]);
    env.esc_at_ok(&minutes_after_now(4), &["classify", &high, "--category", "database", "--severity", "sev1"]);
    let text = env.read(&format!("{NOW_SHARD}/{high}.md"));
    assert_eq!(
        (front_matter_value_of(&text, "team"), front_matter_value_of(&text, "level")),
        ("database".into(), "L3".into())
    );
    env.esc(&["lint"]).expect_code(0, "lint after re-routing");
}

#[test]
fn a_priority_override_needs_a_reason_and_stays_until_impact_or_urgency_change() {
    let env = TestEnv::initialised();
    let id = env.open("Slow search for a key account", &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    let run = env.esc_rejects_keeping(&path, &["classify", &id, "--priority", "P1"]);
    assert_eq!(
        run.stderr,
        "error: priority P1 overrides the matrix (P3 for impact medium and urgency medium): give a --reason\n"
    );

    let before = env.commit_count();
    let at = minutes_after_now(1);
    let run = env.esc_at_ok(&at, &["classify", &id, "--priority", "P1", "--reason", "Key account renewal"]);
    assert_eq!(run.stderr, format!("{id}: priority P3 -> P1\n"));
    assert_eq!(
        last_history_entry(&env.read(&path)),
        format!(
            "- at: {at}\n  by: {IDENTITY}\n  action: classify\n  reason: Key account renewal\n  set:\n    priority: P1"
        )
    );
    assert_action_commit(&env, before, &path, (&id, "classify", "priority P3 -> P1", Some("Key account renewal")), &at);

    // Another change that leaves impact and urgency alone keeps the override ...
    env.esc_at_ok(&minutes_after_now(2), &["classify", &id, "--category", "performance"]);
    assert_eq!(front_matter_value_of(&env.read(&path), "priority"), "P1");
    // ... and a new urgency brings the matrix back.
    env.esc_at_ok(&minutes_after_now(3), &["classify", &id, "--urgency", "high"]);
    assert_eq!(front_matter_value_of(&env.read(&path), "priority"), "P2");
    env.esc(&["lint"]).expect_code(0, "lint after overrides");
}

#[test]
fn triage_answers_lead_to_each_severity() {
    let env = TestEnv::initialised();
    let cases: [(&[&str], &str, &str); 4] = [
        (&["outage=yes"], "sev1", "answers: outage=yes"),
        (&["outage=no", "scope=yes"], "sev2", "answers: outage=no, scope=yes"),
        (&["outage=no", "scope=no", "workaround=no"], "sev3", "answers: outage=no, scope=no, workaround=no"),
        (&["outage=no", "scope=no", "workaround=yes"], "sev4", "answers: outage=no, scope=no, workaround=yes"),
    ];
    for (answers, severity, message) in cases {
        let id = env.open(&format!("Needs triage to {severity}"), &[]);
        let mut args = vec!["triage", id.as_str()];
        for answer in answers {
            args.extend(["--answer", answer]);
        }
        let shown = json(&env.esc_ok(&[&["--json"], args.as_slice()].concat()));
        assert_eq!(shown["severity"], severity, "{answers:?}");
        let last = &shown["history"].as_array().expect("history").last().expect("an entry").clone();
        assert_eq!((&last["action"], &last["message"]), (&"triage".into(), &message.into()), "{answers:?}");
        if severity == "sev1" {
            assert_eq!((&shown["type"], &shown["priority"]), (&"technical".into(), &"P1".into()));
        }
        assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: triage"));
    }
    env.assert_clean();
}

// Parallel actions on one ticket.

/// Starts `n` processes `esc update ID -m <tag>n<i>` before waiting for any; returns each
/// process's (exit code, stderr).
fn update_in_parallel(env: &TestEnv, id: &str, tag: &str, n: usize) -> Vec<(i32, String)> {
    let runs: Vec<Vec<String>> =
        (0..n).map(|i| vec!["update".into(), id.to_string(), "-m".into(), format!("{tag}n{i}")]).collect();
    env.esc_in_parallel(&runs)
        .into_iter()
        .map(|output| (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned()))
        .collect()
}

/// Checks that `n` parallel updates all succeeded, one commit and one history entry each.
fn assert_parallel_updates_kept(env: &TestEnv, id: &str, results: &[(i32, String)], before: usize) {
    let n = results.len();
    for (i, (code, stderr)) in results.iter().enumerate() {
        assert_eq!(*code, 0, "esc update #{i} failed:\n{stderr}");
        assert_eq!(stderr, &format!("{id}: update: n{i}\n"));
    }
    let path = format!("{NOW_SHARD}/{id}.md");
    assert_eq!(env.commit_count(), before + n, "one commit per update");
    let text = env.read(&path);
    let mut messages: Vec<String> = history_entries(&text)
        .iter()
        .filter(|e| e.contains("\n  action: update"))
        .filter_map(|e| e.lines().find_map(|l| l.strip_prefix("  message: ")).map(str::to_string))
        .collect();
    messages.sort();
    let mut expected: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
    expected.sort();
    assert_eq!(messages, expected, "every update is in the history, none lost");
    for commit in env.git(&["rev-list", "HEAD", "--max-count", &n.to_string()]).lines() {
        assert_eq!(env.git(&["show", "--name-only", "--format=", commit]).trim(), path, "commit {commit}");
    }
    assert_eq!(env.git(&["rev-list", "--count", "--merges", "HEAD"]).trim(), "0");
    env.assert_repository_healthy("the parallel updates");
}

#[test]
fn eight_parallel_updates_on_one_ticket_are_all_kept() {
    let env = TestEnv::initialised();
    let id = env.open("Busy ticket", &["--severity", "sev2"]);
    let before = env.commit_count();
    let results = update_in_parallel(&env, &id, "", 8);
    assert_parallel_updates_kept(&env, &id, &results, before);
    assert_eq!(front_matter_value_of(&env.read(&format!("{NOW_SHARD}/{id}.md")), "status"), "in_progress");
}

#[test]
fn eight_parallel_updates_on_a_long_ticket_are_all_kept() {
    let env = TestEnv::initialised();
    let id = env.open("Long-running ticket", &["--severity", "sev2"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    // A long history makes reading the ticket take a while, as on a ticket open for months.
    let text = env.read(&path);
    let (front, body) = text.split_at(text.rfind("\n---\n").expect("the closing line") + 1);
    let notes: String = (0..3000)
        .map(|i| {
            format!("- at: {NOW}\n  by: {IDENTITY}\n  action: note\n  message: note number {i} from the old system\n")
        })
        .collect();
    env.write(&path, &format!("{front}{notes}{body}"));
    env.commit_by_hand("import the notes from the old system");
    env.esc(&["lint"]).expect_code(0, "the imported notes are a valid history");
    // A few rounds, since the race does not strike every time.
    let (mut lost, mut gave_up) = (Vec::new(), Vec::new());
    for round in 0..3 {
        let before = env.commit_count();
        let tag = format!("r{round}");
        let results = update_in_parallel(&env, &id, &tag, 8);
        let succeeded: Vec<String> =
            results.iter().enumerate().filter(|(_, (code, _))| *code == 0).map(|(i, _)| format!("{tag}n{i}")).collect();
        assert_eq!(env.commit_count(), before + succeeded.len(), "round {round}: one commit per successful update");
        let text = env.read(&path);
        lost.extend(succeeded.into_iter().filter(|m| !text.contains(&format!("\n  action: update\n  message: {m}\n"))));
        gave_up.extend(results.into_iter().filter(|(code, _)| *code != 0).map(|(_, stderr)| stderr));
    }
    // First: every update that reported success (and made a commit) is in the ticket.
    assert!(lost.is_empty(), "updates committed but lost from the ticket: {lost:?}");
    // Then: none gave up.
    assert!(gave_up.is_empty(), "{} updates gave up:\n{}", gave_up.len(), gave_up.concat());
    env.assert_clean();
    env.assert_fsck();
    env.esc(&["lint"]).expect_code(0, "lint after the parallel updates");
}

// Hand-written keys and bodies.

#[test]
fn unknown_keys_and_the_body_survive_every_action_byte_for_byte() {
    let env = TestEnv::initialised();
    let id = open_walkthrough_ticket(&env);
    let path = format!("{NOW_SHARD}/{id}.md");
    let custom = "x-custom: keep me   # comment";
    let second = "x-account-owner:  \"Dana\"  # who to call";
    env.edit(&path, "\ntitle: ", &format!("\n{custom}\ntitle: "));
    env.edit(&path, "\nlevel: L1\n", &format!("\nlevel: L1\n{second}\n"));
    let body =
        "Customers see error 502.\n\n## Notes\n\n- Acme says: *all* cards fail   \n\tindented, with trailing space \n";
    let text = env.read(&path);
    let front_end = text.rfind("\n---\n").expect("the closing line") + "\n---\n".len();
    env.write(&path, &format!("{}{body}", &text[..front_end]));
    env.commit_by_hand("notes from the call");
    env.esc(&["lint"]).expect_code(0, "lint accepts the hand edits");

    let esc_keys: Vec<String> = KEY_ORDER.iter().filter(|k| **k != "history").map(|k| format!("{k}:")).collect();
    run_walkthrough(&env, &id, &|step| {
        let what = format!("esc {}", step.command);
        let text = env.read(&path);
        let front = front_matter(&text);
        assert_eq!(front.lines().filter(|l| *l == custom).count(), 1, "{what}: {custom:?} kept in\n{text}");
        assert_eq!(front.lines().filter(|l| *l == second).count(), 1, "{what}: {second:?} kept in\n{text}");
        assert!(text.ends_with(&format!("\n---\n{body}")), "{what}: the body is kept byte for byte:\n{text}");
        assert!(
            front.contains(&format!("id: {id}\n{custom}\ntitle: {TITLE}\n")),
            "{what}: the key stays in place:\n{text}"
        );

        // The commit touches esc's state keys and appends to the history, nothing else.
        let diff = env.git(&["show", "--format=", "-U0", "HEAD"]);
        let changed: Vec<&str> = diff
            .lines()
            .filter(|l| (l.starts_with('+') || l.starts_with('-')) && !l.starts_with("+++") && !l.starts_with("---"))
            .collect();
        assert!(!changed.is_empty(), "{what}: {diff}");
        let mut in_history = false;
        for line in changed {
            let (sign, content) = line.split_at(1);
            let esc_key = esc_keys.iter().any(|k| content.starts_with(k.as_str()));
            if sign == "-" {
                assert!(esc_key, "{what}: removes a line that is not an esc key: {line:?}\n{diff}");
                continue;
            }
            in_history |= content.starts_with("- at: ");
            let history_line = in_history && (content.starts_with("- ") || content.starts_with("  "));
            assert!(
                esc_key || history_line,
                "{what}: adds a line that is neither an esc key nor history: {line:?}\n{diff}"
            );
            assert!(!content.starts_with("x-") && !body.contains(content), "{what}: {line:?}\n{diff}");
        }
    });
    env.assert_fsck();
    env.esc(&["lint"]).expect_code(0, "lint after the walkthrough on a hand-edited ticket");
    assert_eq!(env.commit_count(), 3 + WALKTHROUGH.len());
}
