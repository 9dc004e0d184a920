//! The JSON vocabulary: every `--json` output is an object with `schema_version`, matches
//! the schema `esc schema COMMAND` prints (every key present, of its type, and no key the
//! schema does not name), and carries what the ticket file has. Also `list --fields` and
//! the reports `esc check` writes beside its table.

use std::path::Path;

use serde_json::Value;

use crate::common::{TestEnv, copy_dir, json};

/// The instant the sample repository's README examples check at.
const SAMPLE_NOW: &str = "2026-11-24T10:15:00Z";

/// A copy of the project's sample ticket repository, committed as a repository of its own.
fn sample_env() -> TestEnv {
    let env = TestEnv::new();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-repo"), &env.repo);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", "The sample ticket repository"]);
    // The first command registers the merge driver and says so; the tests compare later outputs.
    env.esc_ok(&["list"]);
    env
}

/// Where `value` breaks `schema` (resolved against `root`), if anywhere: a missing or
/// undeclared key, or a value of another type. Knows what esc's schemas use: `$ref` into
/// `$defs`, `anyOf`, `type` (one or several), `properties`/`required`,
/// `additionalProperties`, `items` and `enum`.
fn violation(root: &Value, schema: &Value, value: &Value, at: &str) -> Option<String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/$defs/").expect("a reference into $defs");
        return violation(root, &root["$defs"][name], value, at);
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        let problems: Vec<String> = options.iter().filter_map(|o| violation(root, o, value, at)).collect();
        if problems.len() == options.len() {
            return Some(format!("{at}: matches none of anyOf: {}", problems.join("; ")));
        }
    }
    if let Some(names) = schema.get("enum").and_then(Value::as_array)
        && !names.contains(value)
    {
        return Some(format!("{at}: {value} is none of {}", Value::Array(names.clone())));
    }
    if let Some(kinds) = schema.get("type") {
        let kinds: Vec<&str> = match kinds {
            Value::String(kind) => vec![kind],
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            other => panic!("{at}: unexpected type {other}"),
        };
        let is = |kind: &str| match kind {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("{at}: unknown type {other}"),
        };
        if !kinds.iter().any(|k| is(k)) {
            return Some(format!("{at}: {value} is not {}", kinds.join(" or ")));
        }
    }
    if let (Some(object), Some(properties)) = (value.as_object(), schema.get("properties").and_then(Value::as_object)) {
        for key in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !object.contains_key(key) {
                return Some(format!("{at}: key '{key}' is missing"));
            }
        }
        for (key, item) in object {
            let Some(property) = properties.get(key) else {
                return Some(format!("{at}: key '{key}' is not in the schema"));
            };
            if let Some(problem) = violation(root, property, item, &format!("{at}.{key}")) {
                return Some(problem);
            }
        }
    }
    if let (Some(object), Some(each)) = (value.as_object(), schema.get("additionalProperties"))
        && each.is_object()
    {
        for (key, item) in object {
            if let Some(problem) = violation(root, each, item, &format!("{at}.{key}")) {
                return Some(problem);
            }
        }
    }
    if let (Some(items), Some(each)) = (value.as_array(), schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            if let Some(problem) = violation(root, each, item, &format!("{at}[{i}]")) {
                return Some(problem);
            }
        }
    }
    None
}

/// Asserts that `output` (the stdout of `esc … --json`) matches `esc schema command`.
fn assert_matches_schema(env: &TestEnv, command: &str, output: &str) {
    let schema = json(&env.esc_ok(&["schema", command]));
    assert_eq!(schema["title"], format!("esc {command} --json"));
    let value = json(output);
    assert_eq!(value["schema_version"], 1, "esc {command} --json: {output}");
    if let Some(problem) = violation(&schema, &schema, &value, command) {
        panic!("esc {command} --json does not match its schema: {problem}\n{output}");
    }
}

#[test]
fn every_json_output_matches_the_schema_esc_schema_prints() {
    let env = sample_env();
    let at = |args: &[&str]| env.esc_at(SAMPLE_NOW, args).stdout;
    assert_matches_schema(&env, "list", &env.esc_ok(&["--json", "list", "--all"]));
    assert_matches_schema(&env, "show", &env.esc_ok(&["--json", "show", "ESC-8XNF39Z6"]));
    assert_matches_schema(&env, "log", &env.esc_ok(&["--json", "log", "ESC-8XNF39Z6"]));
    assert_matches_schema(&env, "check", &at(&["--json", "check"]));
    // The copy's one commit added every ticket by hand: findings with every key filled in.
    let audit = env.esc(&["--json", "audit"]);
    assert_eq!(audit.code, 1, "{}", audit.stderr);
    assert_matches_schema(&env, "audit", &audit.stdout);
    assert_matches_schema(&env, "sla", &at(&["--json", "sla", "ESC-G2SKMA1H"]));
    assert_matches_schema(&env, "search", &env.esc_ok(&["--json", "search", "webhook"]));
    assert_matches_schema(&env, "kb", &env.esc_ok(&["--json", "kb"]));
    assert_matches_schema(&env, "stats", &at(&["--json", "stats", "--by", "level"]));
    assert_matches_schema(&env, "stats", &at(&["--json", "stats", "--trend", "week"]));
    assert_matches_schema(&env, "sweep", &at(&["--json", "sweep", "--now", SAMPLE_NOW, "--dry-run"]));
    assert_matches_schema(&env, "conflicts", &env.esc_ok(&["--json", "conflicts"]));
    assert_matches_schema(&env, "conflicts", &env.esc_ok(&["--json", "conflicts", "--fix"]));
    assert_matches_schema(&env, "init", &env.esc_ok(&["--json", "init"]));
    assert_matches_schema(&env, "review", &env.esc_ok(&["--json", "review", "ESC-8XNF39Z6"]));
    assert_matches_schema(&env, "escalate", &at(&["--json", "escalate", "r8", "--reason", "expertise"]));
    let export = "id,title,created,status\nK-1,Printer jams,2026-11-02 08:00,acknowledged\nK-2,,2026-11-02 09:00,new\n";
    std::fs::write(env.home.join("import.csv"), export).expect("write the export");
    let import = env.esc(&["--json", "import", "csv", "../import.csv", "--dry-run"]).expect_code(2, "K-2 has no title");
    assert_matches_schema(&env, "import", &import.stdout);

    // A finding of every kind of value: lint reports a hand edit as drift.
    let path = env.ticket_path("ESC-R8NGHWTF");
    env.edit(&path, "severity: sev3", "severity: sev1");
    env.commit_by_hand("a hand edit");
    let lint = env.esc(&["--json", "lint"]).expect_code(1, "lint finds the drift").stdout;
    assert_matches_schema(&env, "lint", &lint);
}

#[test]
fn show_json_carries_every_field_of_the_history_entries() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout down", &["--severity", "sev1"]);
    env.esc_ok(&["escalate", &id, "--hierarchical", "--reason", "sla_risk"]);
    // An hour later the P1 ack target (15m) has passed: the sweep escalates and records it.
    env.esc_at("2026-11-25T10:30:00Z", &["sweep", "--now", "2026-11-25T10:30:00Z"]).expect_code(0, "sweep");
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    let history = shown["history"].as_array().expect("a history");
    let hierarchical = history.iter().find(|e| e["hierarchical"] == true).expect("the hierarchical escalation");
    assert_eq!(
        (hierarchical["action"].as_str(), hierarchical["reason"].as_str()),
        (Some("escalate"), Some("sla_risk"))
    );
    let automatic: Vec<&Value> = history.iter().filter(|e| e["automatic"] == true).collect();
    assert!(!automatic.is_empty(), "the sweep's entries: {shown}");
    assert!(automatic.iter().all(|e| e["clock"].is_string()), "each names its clock: {shown}");
    // The file says the same.
    let file = env.read(&env.ticket_path(&id));
    assert!(file.contains("hierarchical: true") && file.contains("automatic: true") && file.contains("clock: "));
    // One rule for empty values: every key is there, null when empty.
    let open = &history[0];
    for key in ["at", "by", "action", "reason", "message", "hierarchical", "automatic", "clock", "csat", "set"] {
        assert!(open.get(key).is_some(), "the open entry has '{key}': {open}");
    }
    assert_eq!(
        (&open["reason"], &open["clock"], &open["automatic"]),
        (&Value::Null, &Value::Null, &Value::Bool(false))
    );
    assert_eq!(shown["vendor"], Value::Null);
}

#[test]
fn one_name_per_concept_across_commands() {
    let env = sample_env();
    // A ticket's id is `id`, in check's findings and reviews as in list and show.
    let check = json(&env.esc_at(SAMPLE_NOW, &["--json", "check"]).stdout);
    assert!(check["findings"][0]["id"].is_string() && check["findings"][0].get("ticket").is_none(), "{check}");
    assert!(check["reviews"][0]["id"].is_string() && check["reviews"][0].get("ticket").is_none(), "{check}");
    // An instant is `at` and a person `by`, in log entries as in history entries.
    let log = json(&env.esc_ok(&["--json", "log", "ESC-8XNF39Z6"]));
    assert_eq!(log["id"], "ESC-8XNF39Z6");
    let entry = &log["entries"][0];
    assert!(entry["at"].is_string() && entry["by"].is_string(), "{entry}");
    assert!(entry.get("time").is_none() && entry.get("author").is_none(), "{entry}");
    // A resolution code is `resolution_code`, in kb as on the ticket.
    let kb = json(&env.esc_ok(&["--json", "kb"]));
    let entries =
        kb["categories"].as_array().expect("categories").iter().flat_map(|c| c["entries"].as_array().unwrap());
    let codes: Vec<&Value> = entries.map(|e| &e["resolution_code"]).collect();
    assert!(codes.iter().any(|c| c.is_string()), "{kb}");
}

#[test]
fn lint_json_names_the_rule_of_each_finding() {
    let env = TestEnv::initialised();
    let id = env.open("Login fails", &["--severity", "sev3"]);
    let path = env.ticket_path(&id);
    env.edit(&path, "severity: sev3", "severity: sev9");
    env.commit_by_hand("a hand edit");
    let lint = json(&env.esc(&["--json", "lint"]).expect_code(1, "lint").stdout);
    let rules: Vec<&str> = lint["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["unknown-value", "drift"], "{lint}");
}

#[test]
fn docs_json_lists_every_lint_rule() {
    let env = TestEnv::new();
    let schema = json(&env.esc_ok(&["schema", "lint"]));
    let rules = schema["$defs"]["FindingView"]["properties"]["rule"]["enum"].as_array().expect("the rule ids").clone();
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md")).unwrap();
    let section = doc.split("## `esc lint`").nth(1).and_then(|s| s.split("\n## ").next()).expect("the lint section");
    let documented: Vec<Value> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `")?.split_once('`').map(|(rule, _)| Value::from(rule)))
        .collect();
    assert_eq!(documented, rules, "docs/json.md lists the rules in the order esc declares them");
}

#[test]
fn list_fields_keeps_only_those_keys_in_that_order() {
    let env = sample_env();
    let whole = env.esc_ok(&["--json", "list", "--all"]);
    let some = env.esc_ok(&["--json", "list", "--all", "--fields", "title,id,priority"]);
    let (whole_json, some_json) = (json(&whole), json(&some));
    let tickets = some_json["tickets"].as_array().expect("tickets");
    assert_eq!(tickets.len(), whole_json["tickets"].as_array().unwrap().len());
    for (ticket, full) in tickets.iter().zip(whole_json["tickets"].as_array().unwrap()) {
        let mut keys: Vec<&String> = ticket.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["id", "priority", "title"], "{ticket}");
        assert_eq!((&ticket["id"], &ticket["title"]), (&full["id"], &full["title"]));
    }
    let raw_keys: Vec<&str> = some.lines().filter_map(|l| l.trim().split_once("\":")).map(|(k, _)| k).collect();
    assert_eq!(
        &raw_keys[..5],
        ["\"schema_version", "\"tickets", "\"title", "\"id", "\"priority"],
        "in the order asked:\n{some}"
    );
    assert!(some.len() * 10 < whole.len(), "without bodies and histories: {} vs {} bytes", some.len(), whole.len());
    assert_eq!(some_json["schema_version"], 1);
}

#[test]
fn list_fields_refuses_an_unknown_key_naming_the_known_ones() {
    let env = TestEnv::initialised();
    let run = env.esc_rejects(&["--json", "list", "--fields", "id,prio"]);
    assert!(run.stderr.contains("'prio'"), "{}", run.stderr);
    let hint = run.hint().expect("a hint");
    let mut named: Vec<&str> = hint.strip_prefix("the keys of a ticket: ").expect(hint).split(',').collect();
    named.sort_unstable();
    // Exactly the keys of the ticket object (its schema's, less the envelope's).
    let schema = json(&env.esc_ok(&["schema", "show"]));
    let mut keys: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| *k != "schema_version")
        .collect();
    keys.sort_unstable();
    assert_eq!(named, keys);
    let run = env.esc_rejects(&["list", "--fields", "id"]);
    assert!(run.hint().is_some_and(|h| h.contains("--json")), "{}", run.stderr);
}

#[test]
fn check_json_with_another_format_is_a_usage_error() {
    let env = sample_env();
    for format in ["junit", "github", "human"] {
        let run = env.esc_at(SAMPLE_NOW, &["--json", "check", "--format", format]).expect_error(format);
        assert!(run.stderr.contains(&format!("--format {format}")), "{}", run.stderr);
    }
    // The same output asked twice is no conflict.
    let run = env.esc_at(SAMPLE_NOW, &["--json", "check", "--format", "json"]).expect_code(1, "a breach");
    assert_eq!(json(&run.stdout)["failed"], true);
}

#[test]
fn check_writes_junit_and_a_github_summary_beside_the_table() {
    let env = sample_env();
    std::fs::create_dir(env.repo.join("reports")).unwrap();
    let table = env.esc_at(SAMPLE_NOW, &["check"]).expect_code(1, "the table alone");
    let run = env
        .esc_at(SAMPLE_NOW, &["check", "--junit", "reports/esc.xml", "--github-summary", "reports/summary.md"])
        .expect_code(1, "a breach still fails the check");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), (table.stdout.as_str(), table.stderr.as_str()));

    let junit = env.read("reports/esc.xml");
    let expected = env.esc_at(SAMPLE_NOW, &["check", "--format", "junit"]).stdout;
    assert_eq!(junit, expected, "the same report --format junit prints");
    roxmltree::Document::parse(&junit).expect("well-formed XML");

    let summary = env.read("reports/summary.md");
    assert!(summary.starts_with("## esc check\n\n**failed**: check: 7 breached, 1 warning"), "{summary}");
    assert!(
        summary.contains("| ESC-X5WVQMNV | P3 | L2 | resolve | breached | 2026-11-19 10:00 | 24h 15m over |"),
        "{summary}"
    );
    assert!(summary.contains("| ESC-FDBGN43S | draft | overdue |"), "{summary}");
    // No temporary file is left beside them.
    let mut names: Vec<String> = std::fs::read_dir(env.repo.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["esc.xml", "summary.md"]);

    // With the JSON on stdout, and relative to -C.
    let run = run_in_parent(&env, &["-C", "repo", "--json", "check", "--junit", "again.xml"]);
    assert_eq!(json(&run.stdout)["failed"], true);
    assert_eq!(env.read("again.xml"), expected);
}

fn run_in_parent(env: &TestEnv, args: &[&str]) -> crate::common::Run {
    let mut command = env.esc_command();
    command.current_dir(&env.home).env("ESC_NOW", SAMPLE_NOW).args(args);
    crate::common::run(&mut command).expect_code(1, "a breach")
}

#[test]
fn esc_schema_names_the_commands_it_knows() {
    let env = TestEnv::new();
    let run = env.esc(&["schema", "sync"]).expect_code(2, "sync prints no JSON");
    assert!(run.stderr.contains("possible values") && run.stderr.contains("list"), "{}", run.stderr);
    let schema = json(&env.esc_ok(&["schema", "show"]));
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}
