//! `esc import FORMAT FILE` and `esc export`: every format from hand-written exports (each
//! with records esc cannot map), history backfilled at the source's times, a second import
//! that changes nothing, a later export that appends only what is new, dry runs, batches,
//! and an export that imports back into another repository.

use std::path::Path;

use crate::common::{IDENTITY, Run, TestEnv, front_matter_value, history_entries, json};

/// Copies `test-data/import/NAME` beside the repository (so `git status` stays clean) and
/// returns the path esc is given, relative to the repository.
fn fixture(env: &TestEnv, name: &str) -> String {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-data/import").join(name);
    std::fs::copy(&from, env.home.join(name)).unwrap_or_else(|e| panic!("copy {name}: {e}"));
    format!("../{name}")
}

fn import(env: &TestEnv, args: &[&str]) -> Run {
    env.esc(&[&["import"][..], args].concat())
}

/// The committed ticket file whose `source:` is `source`, and its text.
fn ticket_of(env: &TestEnv, source: &str) -> (String, String) {
    let found: Vec<(String, String)> = env
        .git(&["ls-files", "tickets"])
        .lines()
        .map(|path| (path.to_string(), env.read(path)))
        .filter(|(_, text)| front_matter_value(text, "source").as_deref() == Some(source))
        .collect();
    assert_eq!(found.len(), 1, "one ticket with source {source}: {found:?}");
    found.into_iter().next().expect("one")
}

/// Each history entry's `at` and `action`, in order.
fn steps(text: &str) -> Vec<(String, String)> {
    history_entries(text)
        .iter()
        .map(|entry| {
            let value = |key: &str| {
                entry.lines().find_map(|l| l.trim_start_matches("- ").trim().strip_prefix(key).map(str::to_string))
            };
            (value("at: ").expect("at"), value("action: ").expect("action"))
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// After an import: a clean work tree, `git fsck` clean and `esc lint` without findings
/// (no drift: the state is what the backfilled history says).
fn assert_healthy(env: &TestEnv) {
    env.assert_clean();
    env.assert_fsck();
    env.esc(&["lint"]).expect_code(0, "lint after the import");
}

#[test]
fn jira_records_become_tickets_with_the_source_times_and_a_second_import_changes_nothing() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "jira-export.csv");
    let before = env.commit_count();
    let run = import(&env, &["jira", &file]).expect_code(2, "three records cannot be mapped");
    assert_eq!(env.commit_count(), before + 4, "one commit per imported ticket:\n{}", run.stderr);
    assert_healthy(&env);
    // One line per record that was skipped: file and line, key, what is wrong, how to fix it.
    for line in [
        "skipped ../jira-export.csv:7 jira:SUP-104: unknown priority 'Blocker'; map it with --value priority:Blocker=P1 (esc's priority values: P1, P2, P3, P4)",
        "skipped ../jira-export.csv:8 jira:SUP-105: no title; give every record a title",
        "skipped ../jira-export.csv:9 jira:SUP-106: created: 'next Tuesday' is not a time esc reads",
    ] {
        assert!(run.stderr.lines().any(|l| l.starts_with(line)), "{line}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("imported 4 new, 0 updated, 0 unchanged; 3 records skipped (4 commits)\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error: 3 records of ../jira-export.csv could not be imported"), "{}", run.stderr);

    // The history is the source's: opened and resolved at Jira's times, by its people.
    let (path, text) = ticket_of(&env, "jira:SUP-101");
    assert_eq!(steps(&text), pairs(&[("2026-11-12T09:41:00Z", "open"), ("2026-11-12T13:30:00Z", "resolve")]));
    assert!(text.contains("\n  by: Pat Doe\n  action: open\n"), "{text}");
    for (key, value) in [
        ("status", "resolved"),
        ("priority", "P1"),
        ("type", "technical"),
        ("assignee", "Chen Wei"),
        ("reporter", "Pat Doe"),
        ("resolution", "Fixed"),
        ("created", "2026-11-12T09:41:00Z"),
    ] {
        assert_eq!(front_matter_value(&text, key).as_deref(), Some(value), "{key}:\n{text}");
    }
    assert!(text.contains("labels:\n- sso\n- okta\n"), "repeated Labels columns: {text}");
    assert!(text.ends_with(
        "---\nUsers of the Okta tenant are sent back to the sign-in page.\n\nStarted after the 09:00 deploy.\n"
    ));
    assert!(path.starts_with("tickets/2026/11/"), "sharded by the month it was opened: {path}");
    let id = front_matter_value(&text, "id").expect("an id");
    let log = env.git(&["log", "--format=%s%n%(trailers:only,unfold)", "--", &path]);
    assert_eq!(
        log.trim_end(),
        format!(
            "esc: import {id}: SSO login loops back to the sign-in page\nEsc-Ticket: {id}\nEsc-Action: import\nEsc-Source: jira:SUP-101"
        )
    );
    assert_eq!(env.git(&["log", "-1", "--format=%an <%ae>", "--", &path]).trim(), IDENTITY, "the committer runs esc");
    let esc_log = env.esc_ok(&["log", &id]);
    assert!(esc_log.contains(" import ") && !esc_log.contains("plain git"), "{esc_log}");

    let (_, text) = ticket_of(&env, "jira:SUP-102");
    assert_eq!(steps(&text), pairs(&[("2026-11-13T10:00:00Z", "open"), ("2026-11-14T11:15:00Z", "update")]));
    let (_, text) = ticket_of(&env, "jira:SUP-103");
    assert_eq!(front_matter_value(&text, "waiting_on").as_deref(), Some("customer"), "{text}");
    let (_, text) = ticket_of(&env, "jira:SUP-107");
    assert_eq!(
        steps(&text),
        pairs(&[
            ("2026-11-17T13:00:00Z", "open"),
            ("2026-11-18T17:00:00Z", "resolve"),
            ("2026-11-19T09:00:00Z", "confirm")
        ])
    );

    // Again: nothing changes, and the summary says so.
    let files = env.git(&["ls-files", "-s", "tickets"]);
    let commits = env.commit_count();
    let again = import(&env, &["jira", &file]).expect_code(2, "the same three records are skipped");
    assert_eq!(env.commit_count(), commits, "a second import commits nothing:\n{}", again.stderr);
    assert_eq!(env.git(&["ls-files", "-s", "tickets"]), files);
    assert!(
        again.stderr.contains("imported 0 new, 0 updated, 4 unchanged; 3 records skipped (0 commits)"),
        "{}",
        again.stderr
    );
    assert_eq!(again.stdout, "", "nothing imported, nothing listed");
    assert_healthy(&env);

    // Mapped, the Blocker record is imported; the rest stays as it was.
    let mapped = import(&env, &["jira", &file, "--value", "priority:Blocker=P1"]).expect_code(2, "two left");
    assert!(
        mapped.stderr.contains("imported 1 new, 0 updated, 4 unchanged; 2 records skipped (1 commit)"),
        "{}",
        mapped.stderr
    );
    assert_eq!(front_matter_value(&ticket_of(&env, "jira:SUP-104").1, "priority").as_deref(), Some("P1"));
}

#[test]
fn a_later_export_appends_only_the_new_entries_and_refuses_to_move_a_ticket_back() {
    let env = TestEnv::initialised();
    let first = fixture(&env, "jira-export.csv");
    let later = fixture(&env, "jira-export-later.csv");
    import(&env, &["jira", &first, "--value", "priority:Blocker=P1"]).expect_code(2, "two bad records");
    let (path, before) = ticket_of(&env, "jira:SUP-102");
    let untouched = ticket_of(&env, "jira:SUP-101");
    let commits = env.commit_count();

    let run = import(&env, &["jira", &later, "--value", "priority:Blocker=P1"]).expect_code(2, "SUP-103 went back");
    assert_eq!(env.commit_count(), commits + 1, "only SUP-102 moved on:\n{}", run.stderr);
    assert!(
        run.stderr.contains("imported 0 new, 1 updated, 3 unchanged; 3 records skipped (1 commit)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped ../jira-export-later.csv:6 jira:SUP-103: status 'Open' goes back from where ESC-"),
        "{}",
        run.stderr
    );
    assert_eq!(ticket_of(&env, "jira:SUP-101"), untouched, "an unchanged record leaves its file alone");

    let after = env.read(&path);
    let (old, new) = (history_entries(&before), history_entries(&after));
    assert_eq!(new[..old.len()], old[..], "the entries already there stay byte for byte");
    assert_eq!(
        steps(&after)[old.len()..],
        pairs(&[("2026-11-21T15:30:00Z", "resolve"), ("2026-11-21T16:00:00Z", "edit")])
    );
    assert!(
        new[old.len() + 1].contains(&format!("\n  by: {IDENTITY}\n")),
        "the edit is the importer's: {}",
        new[old.len() + 1]
    );
    for (key, value) in [
        ("status", "resolved"),
        ("title", "Invoice PDF shows the wrong VAT rate (reduced rate)"),
        ("priority", "P2"),
        ("resolution", "Fixed"),
    ] {
        assert_eq!(front_matter_value(&after, key).as_deref(), Some(value), "{key}:\n{after}");
    }
    assert!(after.contains("labels:\n- billing\n- vat\n"), "{after}");
    let id = front_matter_value(&after, "id").expect("an id");
    assert!(env.last_message().contains(&format!("esc: import {id}: updated from source: resolve, edit\n")));
    let log = json(&env.esc_ok(&["--json", "log", &id]));
    assert_eq!(log["entries"][0]["action"], "import");
    assert_eq!(log["entries"][0]["by_esc"], true);
    assert_eq!(log["entries"][0]["history_rewritten"], false);
    assert_eq!(log["entries"][0]["history_added"], 2);
    assert_healthy(&env);

    let commits = env.commit_count();
    import(&env, &["jira", &later, "--value", "priority:Blocker=P1"]).expect_code(2, "SUP-103 still goes back");
    assert_eq!(env.commit_count(), commits, "the later export twice: nothing the second time");
}

#[test]
fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "zendesk-tickets.json");
    let (commits, status) = (env.commit_count(), env.status());
    let run = import(&env, &["zendesk", &file, "--dry-run"]).expect_code(2, "one record cannot be mapped");
    assert_eq!((env.commit_count(), env.status()), (commits, status));
    assert!(!env.path("tickets").exists(), "no ticket file written");
    assert!(
        run.stdout.contains("would import zendesk:4711: Cannot add a second admin (open, resolve)\n"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("would import 4 new, 0 updated, 0 unchanged; 1 record skipped\n"), "{}", run.stderr);

    let plan = json(&import(&env, &["--json", "zendesk", &file, "--dry-run"]).stdout);
    assert_eq!(plan["schema_version"], 1);
    assert_eq!(
        (plan["dry_run"].clone(), plan["new"].clone(), plan["skipped"].clone()),
        (true.into(), 4.into(), 1.into())
    );
    let skipped = &plan["records"][3];
    assert_eq!(skipped["outcome"], "skipped");
    assert_eq!(skipped["source"], "zendesk:4714");
    assert_eq!(skipped["problem"], "unknown priority 'critical'");
    assert_eq!(plan["records"][0]["events"][1]["action"], "resolve");
    assert_eq!(env.commit_count(), commits);
    let schema = json(&env.esc_ok(&["schema", "import"]));
    let keys: Vec<&str> = schema["required"].as_array().expect("keys").iter().filter_map(|k| k.as_str()).collect();
    for key in plan.as_object().expect("an object").keys() {
        assert!(keys.contains(&key.as_str()), "esc schema import names {key}: {keys:?}");
    }
}

#[test]
fn batch_makes_one_commit_for_the_whole_import() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "zendesk-tickets.json");
    let commits = env.commit_count();
    import(&env, &["zendesk", &file, "--batch", "--value", "priority:critical=P1"]).expect_code(0, "all mapped");
    assert_eq!(env.commit_count(), commits + 1);
    assert_eq!(env.subject(), "esc: import: 5 new, 0 updated from zendesk (../zendesk-tickets.json)");
    assert_eq!(env.trailers(), "Esc-Action: import");
    assert_eq!(env.last_commit_paths().len(), 5);
    assert_healthy(&env);
    let (_, text) = ticket_of(&env, "zendesk:4711");
    let id = front_matter_value(&text, "id").expect("an id");
    assert!(env.last_message().contains(&format!("new {id} zendesk:4711\n")), "{}", env.last_message());
    assert!(env.esc_ok(&["log", &id]).contains(" import "), "esc log counts a batch import as esc's");
    import(&env, &["zendesk", &file, "--batch", "--value", "priority:critical=P1"]).expect_code(0, "again");
    assert_eq!(env.commit_count(), commits + 1, "nothing to commit the second time");
}

#[test]
fn zendesk_tickets_name_their_people_and_wait_on_customer_or_vendor() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "zendesk-tickets.json");
    let run = import(&env, &["zendesk", &file]).expect_code(2, "critical is no Zendesk priority");
    assert!(
        run.stderr.contains("skipped ../zendesk-tickets.json: record 4 zendesk:4714: unknown priority 'critical'; map it with --value priority:critical=P1"),
        "{}",
        run.stderr
    );
    let (_, solved) = ticket_of(&env, "zendesk:4711");
    assert_eq!(front_matter_value(&solved, "reporter").as_deref(), Some("Pat Doe <pat@globex.example>"));
    assert_eq!(front_matter_value(&solved, "priority").as_deref(), Some("P2"));
    assert_eq!(front_matter_value(&solved, "type").as_deref(), Some("technical"));
    assert_eq!(steps(&solved), pairs(&[("2026-11-10T09:00:00Z", "open"), ("2026-11-11T16:00:00Z", "resolve")]));
    assert!(solved.contains("  by: Ben Okafor <ben@northwind.example>\n  action: resolve\n"), "{solved}");
    let (_, pending) = ticket_of(&env, "zendesk:4712");
    assert_eq!(front_matter_value(&pending, "waiting_on").as_deref(), Some("customer"));
    let (_, hold) = ticket_of(&env, "zendesk:4713");
    assert_eq!(front_matter_value(&hold, "waiting_on").as_deref(), Some("vendor"));
    let (_, closed) = ticket_of(&env, "zendesk:4715");
    assert_eq!(front_matter_value(&closed, "reporter").as_deref(), Some("Zendesk user 999"), "a user not in users");
    assert_eq!(
        steps(&closed),
        pairs(&[
            ("2026-11-01T10:00:00Z", "open"),
            ("2026-11-03T10:00:00Z", "resolve"),
            ("2026-11-05T10:00:00Z", "confirm")
        ])
    );
    assert_healthy(&env);
    // SLA and stats read the backfilled history.
    let id = front_matter_value(&solved, "id").expect("an id");
    let sla = json(&env.esc_ok(&["--json", "sla", &id]));
    let resolve = sla["clocks"].as_array().expect("clocks").iter().find(|c| c["clock"] == "resolve").expect("resolve");
    assert_eq!(resolve["started"], "2026-11-10T09:00:00Z");
    assert_eq!(resolve["stopped"], "2026-11-11T16:00:00Z");
}

#[test]
fn github_labels_give_priority_and_type_and_a_closed_issue_is_closed_at_its_time() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "github-issues.json");
    let run = import(&env, &["github", &file]).expect_code(2, "two bad issues");
    for line in [
        "skipped ../github-issues.json: record 3 github:northwind/shop#16: unknown priority 'someday'; map it with --value priority:someday=",
        "skipped ../github-issues.json: record 4 github:northwind/shop#17: createdAt: '2026-11-19T xx' is not a time esc reads",
    ] {
        assert!(run.stderr.lines().any(|l| l.starts_with(line)), "{line}\n{}", run.stderr);
    }
    let (_, open) = ticket_of(&env, "github:northwind/shop#12");
    for (key, value) in [
        ("status", "new"),
        ("priority", "P2"),
        ("type", "technical"),
        ("assignee", "Chen Wei"),
        ("reporter", "Pat Doe"),
    ] {
        assert_eq!(front_matter_value(&open, key).as_deref(), Some(value), "{key}:\n{open}");
    }
    assert!(
        open.contains("labels:\n- safari\ncreated:"),
        "priority and type labels are fields, the rest labels: {open}"
    );
    let (_, closed) = ticket_of(&env, "github:northwind/shop#15");
    assert_eq!(front_matter_value(&closed, "reporter").as_deref(), Some("ivy-chen"), "the login without a name");
    assert_eq!(front_matter_value(&closed, "priority").as_deref(), Some("P4"));
    assert_eq!(
        steps(&closed),
        pairs(&[
            ("2026-11-16T10:00:00Z", "open"),
            ("2026-11-17T11:30:00Z", "resolve"),
            ("2026-11-17T11:30:00Z", "confirm")
        ])
    );
    assert!(closed.contains("- good-first-issue\n"), "spaces in labels become dashes: {closed}");
    assert_healthy(&env);

    // From standard input, as `gh issue list --json … | esc import github -`.
    let text = std::fs::read_to_string(env.home.join("github-issues.json")).expect("the fixture");
    let commits = env.commit_count();
    let piped = crate::common::run(env.esc_command().args(["import", "github", "-"]).write_stdin(text));
    let piped = piped.expect_code(2, "the same two bad issues");
    assert!(piped.stderr.contains("skipped -: record 3 github:northwind/shop#16"), "{}", piped.stderr);
    assert!(piped.stderr.contains("imported 0 new, 0 updated, 2 unchanged"), "{}", piped.stderr);
    assert_eq!(env.commit_count(), commits);
}

#[test]
fn a_csv_with_its_own_columns_is_read_through_map() {
    let env = TestEnv::initialised();
    let file = fixture(&env, "tickets.csv");
    let map = "key=Ref,title=Subject,created=Opened,status=State,priority=Prio,assignee=Owner,customer=Customer,labels=Tags,resolved=Solved,body=Notes";
    let run = import(&env, &["csv", &file, "--map", map]).expect_code(2, "two bad rows");
    for line in [
        "skipped ../tickets.csv:4 csv:HD-3: unknown priority 'urgent-ish'; map it with --value priority:urgent-ish=",
        "skipped ../tickets.csv:6 csv:HD-5: resolved (2026-11-05T09:00:00Z) is before created (2026-11-06T10:00:00Z)",
    ] {
        assert!(run.stderr.lines().any(|l| l.starts_with(line)), "{line}\n{}", run.stderr);
    }
    let (_, closed) = ticket_of(&env, "csv:HD-1");
    assert_eq!(front_matter_value(&closed, "customer").as_deref(), Some("Acme Retail"));
    assert!(closed.contains("labels:\n- vpn\n- network\n"), "{closed}");
    assert_eq!(
        steps(&closed),
        pairs(&[
            ("2026-11-02T08:00:00Z", "open"),
            ("2026-11-03T12:00:00Z", "resolve"),
            ("2026-11-03T12:00:00Z", "confirm")
        ])
    );
    assert!(closed.ends_with("---\nHappens on the Windows client only.\n"), "{closed}");
    let (_, acknowledged) = ticket_of(&env, "csv:HD-2");
    assert_eq!(steps(&acknowledged), pairs(&[("2026-11-04T09:30:00Z", "open"), ("2026-11-04T09:30:00Z", "ack")]));
    assert_healthy(&env);
}

#[test]
fn a_file_that_cannot_be_read_at_all_writes_nothing() {
    let env = TestEnv::initialised();
    std::fs::write(env.home.join("broken.json"), "[\n  {\"number\": 1,\n  \"title\": \"x\"\n").expect("write");
    let run = env.esc_rejects(&["import", "github", "../broken.json"]);
    assert!(run.stderr.starts_with("error: ../broken.json:4: not JSON: EOF while parsing"), "{}", run.stderr);
    let file = fixture(&env, "tickets.csv");
    let run = env.esc_rejects(&["import", "csv", &file]);
    assert!(run.stderr.starts_with("error: ../tickets.csv:1: no column 'id' for the key\n"), "{}", run.stderr);
    assert!(
        run.hint().is_some_and(|h| h.contains("--map key=COLUMN; the columns are: Ref, Subject")),
        "{}",
        run.stderr
    );
    let run = env.esc_rejects(&["import", "jira", &file]);
    assert!(run.stderr.starts_with("error: ../tickets.csv:1: no column 'Issue key' for the key\n"), "{}", run.stderr);
    let run = env.esc_rejects(&["import", "csv", &file, "--value", "priority:urgent=P9"]);
    assert!(run.stderr.starts_with("error: invalid priority 'P9'"), "{}", run.stderr);
    let run = env.esc_rejects(&["import", "csv", &file, "--map", "colour=Prio"]);
    assert!(run.stderr.contains("'colour' is not a field"), "{}", run.stderr);
    env.esc_rejects(&["import", "csv", "../no-such-file.csv"]);
}

/// A repository with one ticket of each kind of history, made with esc itself.
fn worked_repository() -> TestEnv {
    let env = TestEnv::initialised();
    let at = |now: &str, args: &[&str]| env.esc_at_ok(now, args).stdout.trim().to_string();
    let a = at(
        "2026-11-20T09:00:00Z",
        &["open", "Login fails", "--severity", "sev2", "--customer", "Acme Retail", "--label", "sso"],
    );
    at("2026-11-20T09:10:00Z", &["ack", &a]);
    at("2026-11-20T09:20:00Z", &["escalate", &a, "--reason", "expertise"]);
    at(
        "2026-11-20T11:00:00Z",
        &["resolve", &a, "--resolution", "Rotated the IdP certificate", "--root-cause", "expired certificate"],
    );
    at("2026-11-21T09:00:00Z", &["confirm", &a]);
    let b = at(
        "2026-11-22T10:00:00Z",
        &[
            "open",
            "Invoices missing",
            "--type",
            "customer",
            "--category",
            "billing",
            "--urgency",
            "low",
            "--impact",
            "low",
        ],
    );
    at("2026-11-22T10:30:00Z", &["update", &b, "-m", "Looking into it"]);
    at("2026-11-22T11:00:00Z", &["wait", &b, "--on", "customer", "-m", "Which account?"]);
    at("2026-11-23T08:00:00Z", &["open", "Slow search", "--severity", "sev3"]);
    env
}

#[test]
fn export_writes_csv_and_json_lines_and_the_csv_imports_back_with_the_same_fields() {
    let env = worked_repository();
    let csv = env.esc_ok(&["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
    assert_eq!(&header[..4], ["id", "title", "status", "waiting_on"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 3);
    let column =
        |row: &csv::StringRecord, name: &str| row[header.iter().position(|h| h == name).expect(name)].to_string();
    let login = rows.iter().find(|r| column(r, "title") == "Login fails").expect("the login ticket");
    for (name, value) in [
        ("status", "closed"),
        ("severity", "sev2"),
        ("priority", "P2"),
        ("level", "L2"),
        ("team", "specialists"),
        ("customer", "Acme Retail"),
        ("labels", "sso"),
        ("created", "2026-11-20T09:00:00Z"),
        ("acknowledged", "2026-11-20T09:10:00Z"),
        ("acknowledged_by", IDENTITY),
        ("escalated", "2026-11-20T09:20:00Z"),
        ("resolved", "2026-11-20T11:00:00Z"),
        ("closed", "2026-11-21T09:00:00Z"),
        ("resolution", "Rotated the IdP certificate"),
        ("root_cause", "expired certificate"),
        ("source", ""),
    ] {
        assert_eq!(column(login, name), value, "{name}");
    }

    let jsonl = env.esc_ok(&["export", "--format", "jsonl", "--status", "waiting"]);
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), 1, "--status keeps the waiting ticket: {jsonl}");
    let line = json(lines[0]);
    let shown = json(&env.esc_ok(&["--json", "show", line["id"].as_str().expect("an id")]));
    assert_eq!(line, shown, "a line is the object esc show --json prints");

    env.esc_ok(&["export", "--out", "../tickets.csv"]);
    assert_eq!(std::fs::read_to_string(env.home.join("tickets.csv")).expect("the export"), csv);

    // Into a fresh repository: the same tickets, field for field.
    let other = env.in_dir("other");
    std::fs::create_dir(&other.repo).expect("a folder");
    other.git(&["init", "-q", "-b", "main"]);
    other.esc(&["init"]).expect_code(0, "init");
    import(&other, &["csv", "../tickets.csv"]).expect_code(0, "an export imports as it is");
    assert_healthy(&other);
    let again = other.esc_ok(&["export"]);
    let mut reader = csv::Reader::from_reader(again.as_bytes());
    let imported: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(imported.len(), 3);
    let same = [
        "title",
        "status",
        "waiting_on",
        "type",
        "category",
        "severity",
        "impact",
        "urgency",
        "priority",
        "level",
        "team",
        "assignee",
        "reporter",
        "customer",
        "labels",
        "created",
        "acknowledged",
        "escalated",
        "resolved",
        "closed",
        "resolution",
        "root_cause",
        "resolution_code",
        "body",
    ];
    for row in &rows {
        let twin = imported.iter().find(|r| column(r, "title") == column(row, "title")).expect("imported");
        for name in same {
            assert_eq!(column(twin, name), column(row, name), "{name} of {}", column(row, "title"));
        }
        assert_eq!(column(twin, "source"), format!("csv:{}", column(row, "id")), "the original id is the key");
    }
    let commits = other.commit_count();
    import(&other, &["csv", "../tickets.csv"]).expect_code(0, "again");
    assert_eq!(other.commit_count(), commits, "the round trip twice: nothing the second time");
}

#[test]
fn a_ticket_with_uncommitted_edits_is_skipped_and_the_others_are_imported() {
    let env = TestEnv::initialised();
    let first = fixture(&env, "jira-export.csv");
    let later = fixture(&env, "jira-export-later.csv");
    import(&env, &["jira", &first, "--value", "priority:Blocker=P1"]).expect_code(2, "two bad records");
    let (path, _) = ticket_of(&env, "jira:SUP-102");
    env.edit(&path, "The German invoices", "The German PDF invoices");
    let edited = env.read(&path);
    let commits = env.commit_count();
    let run =
        import(&env, &["jira", &later, "--value", "priority:Blocker=P1"]).expect_code(2, "SUP-102 is being edited");
    let line = run.stderr.lines().find(|l| l.starts_with("skipped ../jira-export-later.csv:5 jira:SUP-102: "));
    assert!(
        line.is_some_and(|l| l.contains(&format!("{path} has uncommitted changes; esc will not overwrite them"))),
        "{}",
        run.stderr
    );
    assert_eq!(env.read(&path), edited, "the edit is kept");
    assert_eq!(env.commit_count(), commits);
    assert!(
        run.stderr.contains("imported 0 new, 0 updated, 3 unchanged; 4 records skipped (0 commits)"),
        "{}",
        run.stderr
    );
}
