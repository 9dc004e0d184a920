//! `esc open` and the way back: show, list, log, and what lands in git.

use crate::common::{IDENTITY, NOW, NOW_SHARD, TestEnv, front_matter_value, show_field};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn open_show_list_log_round_trip() {
    let env = TestEnv::initialised();
    let commits_before = env.commit_count();
    let id = env.open(
        "Login fails for Acme",
        &["--severity", "sev2", "--customer", "Acme Corp", "--label", "auth", "--body", "Users see a 500."],
    );

    // The file: sharded by the month of ESC_NOW, esc's keys in order, the body after.
    let path = format!("{NOW_SHARD}/{id}.md");
    assert_eq!(env.ticket_path(&id), path);
    let text = env.read(&path);
    assert!(text.starts_with("---\n"), "{text}");
    for (key, value) in [
        ("id", id.as_str()),
        ("title", "Login fails for Acme"),
        ("status", "new"),
        ("severity", "sev2"),
        ("impact", "high"),
        ("urgency", "medium"),
        ("priority", "P2"),
        ("level", "L1"),
        ("team", "frontline"),
        ("reporter", IDENTITY),
        ("customer", "Acme Corp"),
        ("created", NOW),
    ] {
        assert_eq!(front_matter_value(&text, key).as_deref(), Some(value), "{key} in\n{text}");
    }
    assert!(text.contains("\nlabels:\n- auth\n"), "{text}");
    assert!(
        text.contains(&format!("\nhistory:\n- at: {NOW}\n  by: {IDENTITY}\n  action: open\n")),
        "the open event records when and who:\n{text}"
    );
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .filter(|l| !l.starts_with([' ', '-']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    assert_eq!(
        keys,
        [
            "id", "title", "status", "severity", "impact", "urgency", "priority", "level", "team", "reporter",
            "customer", "labels", "created", "history"
        ],
        "keys in a stable order"
    );
    assert!(text.ends_with("\n---\nUsers see a 500.\n"), "{text}");

    // One commit, only this file, with the documented message and trailers.
    assert_eq!(env.commit_count(), commits_before + 1);
    assert_eq!(env.last_commit_paths(), [path.as_str()]);
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim_end(), format!("esc: open {id}: Login fails for Acme"));
    assert_eq!(
        env.last_message(),
        format!("esc: open {id}: Login fails for Acme\n\nEsc-Ticket: {id}\nEsc-Action: open\n\n")
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%(trailers:only,unfold)"]).trim_end(),
        format!("Esc-Ticket: {id}\nEsc-Action: open")
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>|%aI|%cI"]).trim_end(),
        format!("{IDENTITY}|{IDENTITY}|2026-11-25T09:30:00Z|2026-11-25T09:30:00Z"),
        "author, committer and the pinned clock"
    );
    assert_eq!(env.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "main");
    assert_eq!(env.git(&["show", &format!("HEAD:{path}")]), text, "the committed blob is the file on disk");
    env.assert_clean();
    assert_eq!(env.git(&["diff", "--cached", "--name-only"]), "", "nothing left staged");
    env.assert_fsck();

    // show / list / log, human and JSON.
    let show = env.esc_ok(&["show", &id]);
    assert!(show.starts_with(&format!("{id}  Login fails for Acme\n")), "{show}");
    for (key, value) in [
        ("status", "new"),
        ("priority", "P2"),
        ("severity", "sev2"),
        ("customer", "Acme Corp"),
        ("labels", "auth"),
        ("reporter", IDENTITY),
        ("file", path.as_str()),
    ] {
        assert_eq!(show_field(&show, key), Some(value), "{key} in\n{show}");
    }
    assert!(show.contains("\nUsers see a 500.\n"), "{show}");
    let list = env.esc_ok(&["list"]);
    assert!(list.starts_with("ID "), "{list}");
    let row = list.lines().find(|l| l.starts_with(&id)).unwrap_or_else(|| panic!("{id} missing from\n{list}"));
    assert!(row.contains("P2") && row.contains("sev2") && row.ends_with("Login fails for Acme"), "{row}");
    let log = env.esc_ok(&["log", &id]);
    let head = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    assert!(log.starts_with(&format!("{}  2026-11-25 09:30 UTC  open", &head[..8])), "{log}");
    assert!(log.contains(IDENTITY) && !log.contains("plain git"), "{log}");
    assert!(log.contains("severity: - -> sev2"), "{log}");

    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["title"], "Login fails for Acme");
    assert_eq!(shown["status"], "new");
    assert_eq!(shown["severity"], "sev2");
    assert_eq!(shown["priority"], "P2");
    assert_eq!(shown["level"], "L1");
    assert_eq!(shown["assignee"], serde_json::Value::Null);
    assert_eq!(shown["path"], path.as_str());
    assert_eq!(shown["labels"], serde_json::json!(["auth"]));
    assert_eq!(shown["body"], "Users see a 500.\n");
    assert_eq!(shown["history"][0]["action"], "open");
    assert_eq!(shown["history"][0]["by"], IDENTITY);
    assert_eq!(shown["history"][0]["at"], NOW);
    let listed = json(&env.esc_ok(&["--json", "list"]));
    assert_eq!(listed["tickets"].as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed["tickets"][0]["id"], id.as_str());
    let logged = json(&env.esc_ok(&["--json", "log", &id]));
    assert_eq!(logged["id"], id.as_str());
    let logged = &logged["entries"];
    assert_eq!(logged[0]["commit"], head.as_str());
    assert_eq!(logged[0]["action"], "open");
    assert_eq!(logged[0]["by_esc"], true);
    assert_eq!(logged[0]["subject"], format!("esc: open {id}: Login fails for Acme"));

    // Reading changed nothing.
    assert_eq!(env.commit_count(), commits_before + 1);
    env.assert_clean();
}

#[test]
fn open_with_json_prints_the_new_ticket() {
    let env = TestEnv::initialised();
    let out =
        env.esc_ok(&["--json", "open", "Disk full", "--impact", "low", "--urgency", "high", "--type", "technical"]);
    let ticket = json(&out);
    let id = ticket["id"].as_str().expect("an id").to_string();
    assert_eq!(ticket["priority"], "P3", "low impact x high urgency");
    assert_eq!(ticket["severity"], serde_json::Value::Null);
    assert_eq!(ticket["type"], "technical");
    assert_eq!(ticket["path"], format!("{NOW_SHARD}/{id}.md"));
    assert_eq!(env.ticket_path(&id), format!("{NOW_SHARD}/{id}.md"));
}

#[test]
fn ids_are_the_prefix_and_eight_crockford_characters() {
    let env = TestEnv::initialised();
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(env.open(&format!("ticket {i}"), &[]));
    }
    for id in &ids {
        let random = id.strip_prefix("ESC-").unwrap_or_else(|| panic!("{id} should start with ESC-"));
        assert_eq!(random.len(), 8, "{id}");
        assert!(random.chars().all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{id} is not Crockford base32");
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");
}

#[test]
fn init_prefix_names_the_ids() {
    let env = TestEnv::new();
    env.esc_ok(&["init", "--prefix", "ops"]);
    assert!(env.read(".esc/config.yaml").contains("\nid_prefix: OPS\n"));
    let id = env.open("Pager storm", &[]);
    let random = id.strip_prefix("OPS-").unwrap_or_else(|| panic!("{id} should start with OPS-"));
    assert_eq!(random.len(), 8);
    assert_eq!(env.ticket_path(&id), format!("{NOW_SHARD}/{id}.md"));
    assert!(env.last_message().starts_with(&format!("esc: open {id}: Pager storm\n")));
    // The short forms work with the new prefix too.
    assert!(env.esc_ok(&["show", &random[..4].to_ascii_lowercase()]).starts_with(&id));
    assert!(env.esc_ok(&["show", &format!("ops-{}", &random[..3])]).starts_with(&id));
}

#[test]
fn the_shard_is_the_utc_month_of_esc_now() {
    let env = TestEnv::initialised();
    // 23:30 on 31 January in New York is 1 February in UTC.
    let id = env.esc_at("2027-01-31T23:30:00-05:00", &["open", "Late night"]).expect_code(0, "open").stdout;
    let id = id.trim();
    let path = env.ticket_path(id);
    assert_eq!(path, format!("tickets/2027/02/{id}.md"));
    assert_eq!(front_matter_value(&env.read(&path), "created").as_deref(), Some("2027-02-01T04:30:00Z"));
    assert_eq!(env.git(&["log", "-1", "--format=%aI"]).trim(), "2027-02-01T04:30:00Z");
    env.esc(&["lint"]).expect_code(0, "lint agrees with the path");
}

#[test]
fn body_file_dash_reads_stdin() {
    let env = TestEnv::initialised();
    let body = "Steps:\n\n1. log in\n2. see `500`\n\n---\nnot front matter\n";
    let run = crate::common::run(env.esc_command().args(["open", "From stdin", "--body-file", "-"]).write_stdin(body))
        .expect_code(0, "open --body-file -");
    let id = run.stdout.trim();
    let text = env.read(&env.ticket_path(id));
    assert!(text.ends_with(&format!("\n---\n{body}")), "{text}");
    assert!(env.esc_ok(&["--json", "show", id]).contains("not front matter"));
    assert!(env.esc_ok(&["show", id]).contains("2. see `500`"));
    env.assert_clean();
}

#[test]
fn body_file_path_is_read() {
    let env = TestEnv::initialised();
    std::fs::write(env.home.join("body.md"), "From a file.\nSecond line.").expect("write body");
    let body_path = env.home.join("body.md");
    let id = env.open("From a file", &["--body-file", body_path.to_str().expect("utf-8 path")]);
    let text = env.read(&env.ticket_path(&id));
    assert!(text.ends_with("\n---\nFrom a file.\nSecond line.\n"), "a final newline is added:\n{text}");
    env.assert_clean();

    let missing = env.home.join("missing.md");
    let run = env.esc_rejects(&["open", "No body", "--body-file", missing.to_str().expect("utf-8 path")]);
    assert!(run.stderr.contains("missing.md"), "{}", run.stderr);
    env.esc_rejects(&["open", "Both", "--body", "x", "--body-file", body_path.to_str().expect("utf-8 path")]);
}

#[test]
fn titles_are_trimmed_and_long_subjects_are_cut() {
    let env = TestEnv::initialised();
    let id = env.open("   padded title  ", &[]);
    assert_eq!(front_matter_value(&env.read(&env.ticket_path(&id)), "title").as_deref(), Some("padded title"));

    let long = "word ".repeat(39) + "end"; // 198 characters
    let id = env.open(&long, &[]);
    let subject = env.git(&["log", "-1", "--format=%s"]).trim_end().to_string();
    assert!(subject.starts_with(&format!("esc: open {id}: word word")), "{subject}");
    assert!(subject.chars().count() <= 72 && subject.ends_with('…'), "{subject}");
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    assert_eq!(shown["title"], long.as_str(), "the file keeps the whole title");

    let too_long = "x".repeat(201);
    env.esc_rejects(&["open", &too_long]);
}

#[test]
fn user_text_cannot_forge_trailers() {
    let env = TestEnv::initialised();
    let id = env.open("Esc-Action: close", &["--customer", "Esc-Ticket: ESC-00000000"]);
    assert_eq!(
        env.git(&["log", "-1", "--format=%(trailers:only,unfold)"]).trim_end(),
        format!("Esc-Ticket: {id}\nEsc-Action: open")
    );
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim_end(), format!("esc: open {id}: Esc-Action: close"));
}

#[test]
fn titles_with_yaml_syntax_round_trip() {
    let env = TestEnv::initialised();
    let titles = [
        "null",
        "123",
        "true",
        "no",
        "~",
        "x: y # z",
        "it's \"quoted\"",
        "*star",
        "&anchor",
        "!tag",
        "%pct",
        "@at",
        "[a, b]",
        "{a: 1}",
        "|",
        "2026-11-25",
        "é ü € 日本",
        "#hash",
        "a\\b",
    ];
    for title in titles {
        let id = env.open(title, &[]);
        let shown = json(&env.esc_ok(&["--json", "show", &id]));
        assert_eq!(shown["title"], title, "title {title:?} did not round-trip");
    }
    env.esc(&["lint"]).expect_code(0, "lint after tricky titles");
    env.assert_fsck();
}

#[test]
fn the_identity_can_come_from_the_repository_config() {
    let env = TestEnv::initialised();
    env.git(&["config", "user.name", "Local Person"]);
    env.git(&["config", "user.email", "local@example.com"]);
    let run = env.esc_without_identity(&["open", "Configured locally"]).expect_code(0, "open with local config");
    let id = run.stdout.trim();
    assert_eq!(env.git(&["log", "-1", "--format=%an <%ae>"]).trim(), "Local Person <local@example.com>");
    let text = env.read(&env.ticket_path(id));
    assert_eq!(front_matter_value(&text, "reporter").as_deref(), Some("Local Person <local@example.com>"));
}

#[test]
fn the_committer_comes_from_git_committer_variables() {
    let env = TestEnv::initialised();
    let run = crate::common::run(
        env.esc_command()
            .env("GIT_COMMITTER_NAME", "CI Bot")
            .env("GIT_COMMITTER_EMAIL", "bot@example.com")
            .args(["open", "Committed by a bot"]),
    )
    .expect_code(0, "open");
    assert!(!run.stdout.is_empty());
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>"]).trim(),
        format!("{IDENTITY}|CI Bot <bot@example.com>"),
        "git records GIT_COMMITTER_* as the committer"
    );
}
