//! Ticket files other YAML readers agree with: strings stay strings to a YAML 1.1 reader
//! (PyYAML, as python-frontmatter uses it), YAML mistakes are reported at the line to fix
//! with a hint, and a byte-order mark is read and kept.

use crate::common::{TestEnv, json};

/// Strings a YAML 1.1 reader takes for a boolean, null, a number, a date, or a merge key
/// when they are written plain (labels, so no spaces).
const MISREAD: &[&str] = &[
    "yes",
    "No",
    "NO",
    "y",
    "n",
    "on",
    "OFF",
    "true",
    "~",
    "null",
    "12:30",
    "1:20:30",
    "0x1F",
    "017",
    "0b101",
    "1_000",
    ".inf",
    "-.5",
    ".NaN",
    "1.2.3",
    "2026-01-02",
    "=",
    "<<",
];

/// The front matter of the ticket file at `path`, as PyYAML's `safe_load` reads it, as JSON
/// (timestamps as `"datetime:…"`). PyYAML is required: `.ci/run` installs it.
fn read_with_pyyaml(env: &TestEnv, path: &str) -> serde_json::Value {
    const SCRIPT: &str = r#"
import json, sys, datetime
try:
    import yaml
except ImportError:
    sys.exit("PyYAML is missing: python3 -m pip install pyyaml (.ci/run does)")
text = open(sys.argv[1], encoding="utf-8-sig").read()
front = text.split("---\n", 2)[1]
data = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
print(json.dumps(data, default=lambda v: "datetime:" + v.isoformat()))
"#;
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(env.path(path))
        .output()
        .expect("python3 runs (it is needed for this test; .ci/run checks it is there)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "PyYAML could not read {path}: {stderr}");
    json(&String::from_utf8_lossy(&output.stdout))
}

/// Every scalar in `value` that is not a string, with where it is.
fn non_strings(value: &serde_json::Value, at: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(_) => {}
        serde_json::Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, item)| non_strings(item, &format!("{at}[{i}]"), found))
        }
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| non_strings(v, &format!("{at}.{k}"), found)),
        other => found.push(format!("{at} = {other}")),
    }
}

#[test]
fn strings_a_yaml_1_1_reader_would_misread_are_written_quoted() {
    let env = TestEnv::initialised();
    let labels: Vec<String> = MISREAD.iter().map(|label| format!("--label={label}")).collect();
    let mut open = vec!["--customer", "NO", "--reporter", "2026-01-02 10:00", "--body", "Body stays.\n"];
    open.extend(labels.iter().map(String::as_str));
    let id = env.open("yes", &open);
    env.esc_ok(&["assign", &id, "off"]);
    env.esc_ok(&["update", &id, "-m", "12:30"]);
    env.esc_ok(&["escalate", &id, "--reason", "2026-01-02", "-m", "~"]);
    let path = env.ticket_path(&id);

    let read = read_with_pyyaml(&env, &path);
    assert_eq!(read["title"], "yes");
    assert_eq!(read["customer"], "NO");
    assert_eq!((&read["assignee"], &read["reporter"]), (&"off".into(), &"2026-01-02 10:00".into()));
    assert_eq!(read["labels"], serde_json::json!(MISREAD));
    let history = read["history"].as_array().expect("a history list");
    let last = history.last().expect("an entry");
    assert_eq!((&last["reason"], &last["message"]), (&"2026-01-02".into(), &"~".into()), "{last}");
    assert!(history.iter().any(|e| e["message"] == "12:30"), "{read}");
    // esc's own times read as the instants they are; everything else is a string.
    assert!(read["created"].as_str().is_some_and(|t| t.starts_with("datetime:2026-11-25T09:30:00")), "{read}");
    let mut found = Vec::new();
    non_strings(&read, "", &mut found);
    assert!(found.is_empty(), "PyYAML reads these as other types: {found:?}\n{}", env.read(&path));

    // esc reads back the same strings, and the file has no plain `NO`.
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    assert_eq!((&shown["title"], &shown["customer"], &shown["assignee"]), (&"yes".into(), &"NO".into(), &"off".into()));
    assert_eq!(shown["labels"], serde_json::json!(MISREAD));
    let text = env.read(&path);
    assert!(text.contains("\ncustomer: 'NO'\n") && text.contains("\ntitle: 'yes'\n"), "{text}");
    assert!(text.contains("\ncreated: 2026-11-25T09:30:00Z\n"), "esc's times stay plain:\n{text}");
    assert!(text.ends_with("\n---\nBody stays.\n"), "{text}");
    env.esc(&["lint"]).expect_code(0, "lint");
}

/// A front-matter line that breaks the YAML, the line to blame (the opening `---` is line
/// 1) and a word the message has.
const MALFORMED: &[(&str, &str, usize, &str)] = &[
    ("unterminated single quote", "title: 'Checkout fails\n", 3, "quoted scalar"),
    ("unterminated double quote", "title: \"Checkout fails\n", 3, "quoted scalar"),
    ("bad indentation", "title: Checkout fails\n  status: new\n", 4, "mapping values"),
    ("tab indentation", "title: Checkout fails\n\tstatus: new\n", 4, "tab"),
    ("duplicate key", "title: Checkout fails\nlevel: L1\ntitle: again\n", 5, "given twice"),
    ("a bare colon", "title: Checkout fails\n: new\n", 4, "expected key"),
    ("unclosed flow sequence", "title: Checkout fails\nlabels: [a, b\nlevel: L1\n", 4, "flow sequence"),
    ("unclosed flow mapping", "title: Checkout fails\nx-custom: {a: b\nlevel: L1\n", 4, "flow mapping"),
];

#[test]
fn yaml_mistakes_are_reported_at_their_line_with_a_hint() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout fails", &["--body", "Body.\n"]);
    let path = env.ticket_path(&id);
    let good = env.read(&path);
    let (_, after_title) = good.split_once("\ntitle: Checkout fails\n").expect("a title line");
    for (what, lines, line, says) in MALFORMED {
        // `---` and `id:` come first, so the case starts on line 3.
        let text = format!("---\nid: {id}\n{lines}{after_title}");
        env.write(&path, &text);
        let run = env.esc(&["show", &id]).expect_error(what);
        let first = run.stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("error: {path}:{line}: ")), "{what}: expected line {line}:\n{}", run.stderr);
        assert!(first.contains(says), "{what}: {}", run.stderr);
        assert!(run.hint().is_some_and(|hint| !hint.is_empty()), "{what}: a hint:\n{}", run.stderr);
        let lint = env.esc(&["lint"]).expect_code(1, what);
        assert!(lint.stdout.contains(&format!("{path}:{line}: ")), "{what}: lint names line {line}:\n{}", lint.stdout);
    }
    env.write(&path, &good);
    env.assert_clean();
}

#[test]
fn a_byte_order_mark_is_read_and_kept() {
    let env = TestEnv::initialised();
    let id = env.open("Saved by an editor that writes a BOM", &["--body", "Body.\n"]);
    let path = env.ticket_path(&id);
    let text = env.read(&path);
    env.write(&path, &format!("\u{feff}{text}"));
    env.commit_by_hand("saved with a byte-order mark");
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    assert_eq!(shown["title"], "Saved by an editor that writes a BOM");
    env.esc_ok(&["ack", &id]);
    let after = env.read_bytes(&path);
    assert!(after.starts_with("\u{feff}---\n".as_bytes()), "the mark stays first: {:?}", &after[..8]);
    let after = String::from_utf8(after).expect("utf-8");
    assert!(after.contains("\nstatus: acknowledged\n") && after.ends_with("\n---\nBody.\n"), "{after}");
    // Only the acknowledgement changed: the mark and everything else kept their bytes.
    let diff = env.git(&["diff", "-U0", "HEAD~1", "HEAD", "--", &path]);
    assert!(!diff.lines().any(|l| l.starts_with("-\u{feff}") || l == "----"), "{diff}");
    env.esc(&["lint"]).expect_code(0, "lint reads it");
    env.assert_clean();
}
