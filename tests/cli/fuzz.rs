//! A fuzz harness on stable Rust: arbitrary bytes and structure-aware mutations of real
//! tickets, reviews and policies through the front-matter splitter and editor, the ticket,
//! review and policy loaders and the ticket merge.
//!
//! Invariants: no panic; bounded time per input; no value of the file in an error message;
//! and for inputs a loader accepts, "read, apply an action's edit, render, read" gives what
//! the edit meant, with the body and every unknown key byte for byte. A render may refuse
//! (an unsupported layout), never write what does not read back.
//!
//! `ESC_FUZZ_CASES` sets the number of inputs per target (a few hundred by default, so the
//! suite stays fast); long runs: `ESC_FUZZ_CASES=250000 cargo test --release --test cli fuzz`.

use std::path::Path;
use std::time::{Duration, Instant};

use esc::clock::parse_timestamp;
use esc::frontmatter::{Document, Limits};
use esc::policy::Config;
use esc::review::file::{ReviewFile, new_body};
use esc::review::{REVIEW_KEYS, Review, ReviewStatus};
use esc::ticket::file::TicketFile;
use esc::ticket::merge::merge_ticket;
use esc::ticket::{Event, TICKET_KEYS};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};

use crate::common::{NOW_SHARD, TestEnv};

/// A value no error message may ever show.
const SECRET: &str = "tok-hunter2secret";

/// The per-input time bound (debug builds are slow; the limits keep every input far below).
const SLOW: Duration = Duration::from_secs(3);

fn cases(default: u32) -> u32 {
    std::env::var("ESC_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runner(default: u32) -> TestRunner {
    TestRunner::new(RunnerConfig { cases: cases(default), failure_persistence: None, ..RunnerConfig::default() })
}

const TICKET: &str = "---
id: ESC-SV5TC1QJ
title: VPN drops
status: in_progress
severity: sev2
impact: high
urgency: medium
priority: P2
level: L1
team: frontline
reporter: Ana Lima <ana@example.com>
customer: tok-hunter2secret
x-custom:   {a: [1, 2], b: 'kept'}   # mine
labels:
- vpn
created: 2026-11-25T09:30:00Z
# a comment about the history
history:
- at: 2026-11-25T09:30:00Z
  by: Ana Lima <ana@example.com>
  action: open
  set:
    customer: Acme
    labels:
    - vpn
    level: L1
    severity: sev2
    status: new
    title: VPN drops
- at: 2026-11-25T09:31:00Z
  by: Ana Lima <ana@example.com>
  action: ack
  set:
    status: acknowledged
- at: 2026-11-25T09:32:00Z
  by: Ana Lima <ana@example.com>
  action: update
  message: |
    called back
    twice
  set:
    status: in_progress
x-notes: >
  folded
  text
---
First report.

## Notes
Customer called twice.
";

/// What a mutation inserts: YAML-significant tokens, odd line breaks, a BOM, extreme dates.
const TOKENS: &[&str] = &[
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\n  ",
    "\n- ",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "&a ",
    "*a",
    "!tag ",
    "!!str ",
    "!!int ",
    "? ",
    ": ",
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    " #",
    "'",
    "\"",
    "\\",
    "|",
    "|+",
    ">-",
    "---",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "<<: *a\n",
    "-262143-01-01T00:00:00Z",
    "+262143-12-31T23:59:59Z",
    "9999999999999999999999",
    ".nan",
    "~",
    "null",
    "",
    "\u{0}",
    "\u{1b}[31m",
    "<<<<<<< ours\n",
    "é",
    "日本",
    "x-k: v\n",
    "title: again\n",
    "status: resolved\n",
    "history: []\n",
    "  - at: 2026-11-25T09:30:00Z\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    InsertText(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Mutation::Insert(at, t)),
        1 => (any::<usize>(), "[ -~\t\n]{0,8}").prop_map(|(at, s)| Mutation::InsertText(at, s)),
        1 => (any::<usize>(), 0usize..12).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(seed: &str, mutations: &[Mutation]) -> String {
    let mut text = seed.to_string();
    for m in mutations {
        match m {
            Mutation::Insert(at, t) => text.insert_str(boundary(&text, *at), TOKENS[*t]),
            Mutation::InsertText(at, s) => text.insert_str(boundary(&text, *at), s),
            Mutation::Delete(at, n) => {
                let start = boundary(&text, *at);
                let end = boundary(&text, (start + n).min(text.len()));
                if end > start {
                    text.replace_range(start..end, "");
                }
            }
            Mutation::DuplicateLine(at) => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                if !lines.is_empty() {
                    let i = at % lines.len();
                    let line = lines[i].to_string();
                    let offset: usize = lines[..i].iter().map(|l| l.len()).sum();
                    text.insert_str(offset, &line);
                }
            }
        }
    }
    text
}

/// Mutated real files, or arbitrary bytes read as UTF-8 the way a lossy reader would.
fn input(seed: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::collection::vec(mutation(), 1..6).prop_map(move |m| mutate(seed, &m)),
        1 => proptest::collection::vec(any::<u8>(), 0..400).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(move |b| {
            let mut bytes = seed.as_bytes().to_vec();
            let at = b.first().map_or(0, |x| usize::from(*x) * bytes.len() / 256);
            bytes.splice(at..at, b);
            String::from_utf8_lossy(&bytes).into_owned()
        }),
    ]
}

fn no_secret(message: &str, text: &str) -> Result<(), TestCaseError> {
    // The secret may become a key or a tag by mutation; only as a value must it stay hidden.
    if text.contains(&format!("customer: {SECRET}\n")) || text.contains(&format!("priorities: \"{SECRET}\"")) {
        prop_assert!(!message.contains(SECRET), "the error echoes a value: {message}");
    }
    Ok(())
}

/// Every key esc does not own, with its text as in the file.
fn unknown_blocks(text: &str, owned: &[&str]) -> Vec<(String, String)> {
    let Ok(doc) = Document::parse(text) else { return Vec::new() };
    let keys: Vec<String> = doc.keys().filter(|k| !owned.contains(k)).map(str::to_string).collect();
    keys.into_iter().filter_map(|k| doc.raw_block(&k).map(|(_, t)| (k.clone(), t.to_string()))).collect()
}

fn check_document(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    if let Ok(doc) = Document::parse(text) {
        let _ = doc.body_line();
        let _ = doc.decode::<serde_json::Value>();
        let _ = doc.decode::<std::collections::BTreeMap<String, String>>();
    }
    prop_assert!(started.elapsed() < SLOW, "slow input: {:?}", started.elapsed());
    Ok(())
}

fn check_ticket(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let file = match TicketFile::parse(text) {
        Ok(file) => file,
        Err(e) => {
            prop_assert!(e.line >= 1);
            return no_secret(&e.message, text);
        }
    };
    if let Ok(out) = file.render() {
        prop_assert_eq!(&TicketFile::parse(&out).expect("esc reads what it writes").ticket, &file.ticket);
    }
    // An action's edit: a history entry, a changed field, a grown list.
    let mut edited = file.clone();
    let at = parse_timestamp("2026-11-26T10:00:00Z").unwrap();
    let mut event = Event::new(at, "Fuzz Tester <fuzz@example.com>", "update");
    event.message = Some("fuzzed: {[&*!".to_string());
    edited.ticket.history.push(event);
    edited.ticket.severity = Some("sev1".to_string());
    edited.ticket.labels.push("fuzzed".to_string());
    match edited.render() {
        Ok(out) => {
            let again = TicketFile::parse(&out);
            prop_assert!(again.is_ok(), "esc wrote what it cannot read: {:?}\n{out}", again.err());
            let again = again.unwrap();
            prop_assert_eq!(&again.ticket, &edited.ticket);
            prop_assert_eq!(again.body(), file.body());
            prop_assert_eq!(unknown_blocks(&out, TICKET_KEYS), unknown_blocks(text, TICKET_KEYS));
        }
        Err(e) => prop_assert!(e.line >= 1),
    }
    prop_assert!(started.elapsed() < SLOW, "slow input: {:?}", started.elapsed());
    Ok(())
}

fn review_seed() -> &'static str {
    static SEED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        let review = Review {
            ticket: "ESC-SV5TC1QJ".into(),
            title: "VPN drops".into(),
            severity: Some("sev2".into()),
            priority: Some("P2".into()),
            owner: Some(SECRET.into()),
            reviewers: vec!["Bo".into()],
            status: ReviewStatus::Draft,
            created: parse_timestamp("2026-11-25T10:00:00Z").unwrap(),
            due: None,
            published: None,
            action_items: vec![],
            overridden: None,
        };
        let text = ReviewFile::new(review, new_body("ESC-SV5TC1QJ", "VPN drops", "| a | b |")).render().unwrap();
        text.replacen("\ncreated:", "\nx-team-note: 'kept'   # mine\ncreated:", 1)
    })
}

fn check_review(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let file = match ReviewFile::parse(text) {
        Ok(file) => file,
        Err(e) => {
            prop_assert!(e.line >= 1);
            return Ok(());
        }
    };
    let _ = file.sections();
    let mut edited = file.clone();
    edited.review.reviewers.push("Fuzz".into());
    edited.review.owner = Some("Someone Else".into());
    let _ = edited.refresh_timeline("| new | row |");
    match edited.render() {
        Ok(out) => {
            let again = ReviewFile::parse(&out);
            prop_assert!(again.is_ok(), "esc wrote what it cannot read: {:?}\n{out}", again.err());
            let again = again.unwrap();
            prop_assert_eq!(&again.review, &edited.review);
            prop_assert_eq!(again.body(), edited.body());
            prop_assert_eq!(unknown_blocks(&out, REVIEW_KEYS), unknown_blocks(text, REVIEW_KEYS));
        }
        Err(e) => prop_assert!(e.line >= 1),
    }
    prop_assert!(started.elapsed() < SLOW, "slow input: {:?}", started.elapsed());
    Ok(())
}

const POLICY: &str = include_str!("../../src/policy/default.yaml");

fn check_policy(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    if let Err(e) = Config::parse(text, Path::new(".esc/config.yaml")) {
        no_secret(&e.to_string(), text)?;
    }
    prop_assert!(started.elapsed() < SLOW, "slow input: {:?}", started.elapsed());
    Ok(())
}

fn check_merge(base: &str, ours: &str, theirs: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    if let Ok(merged) = merge_ticket(Some(base), ours, theirs) {
        let again = TicketFile::parse(&merged.text);
        prop_assert!(again.is_ok(), "a merge esc cannot read: {:?}\n{}", again.err(), merged.text);
    }
    let _ = merge_ticket(None, theirs, ours);
    prop_assert!(started.elapsed() < SLOW, "slow input: {:?}", started.elapsed());
    Ok(())
}

#[test]
fn fuzz_frontmatter_splitter_and_editor() {
    runner(300).run(&input(TICKET), |text| check_document(&text)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_ticket_loader_and_edit_round_trip() {
    runner(300).run(&input(TICKET), |text| check_ticket(&text)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_review_loader_and_edit_round_trip() {
    let strategy = proptest::collection::vec(mutation(), 1..6).prop_map(|m| mutate(review_seed(), &m));
    runner(200).run(&strategy, |text| check_review(&text)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_policy_loader() {
    let seed = POLICY.replacen("id_prefix: ESC", &format!("id_prefix: ESC\npriorities: \"{SECRET}\""), 1);
    let seed: &'static str = Box::leak(seed.into_boxed_str());
    runner(100).run(&input(POLICY), |text| check_policy(&text)).unwrap_or_else(|e| panic!("{e}"));
    runner(50).run(&input(seed), |text| check_policy(&text)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn fuzz_ticket_merge() {
    let ours = {
        let mut file = TicketFile::parse(TICKET).unwrap();
        let at = parse_timestamp("2026-11-26T10:00:00Z").unwrap();
        file.ticket.history.push(Event::new(at, "Bo <bo@example.com>", "update"));
        file.render().unwrap()
    };
    let ours: &'static str = Box::leak(ours.into_boxed_str());
    runner(150)
        .run(&(input(TICKET), input(ours)), |(theirs, ours)| check_merge(TICKET, &ours, &theirs))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn limits_bound_the_cost_of_hostile_files() {
    let deep = format!("---\nid: X\nx: {}1{}\n---\n", "{a: ".repeat(125_000), "}".repeat(125_000));
    let started = Instant::now();
    assert!(TicketFile::parse(&deep).is_err());
    assert!(ReviewFile::parse(&deep).is_err());
    assert!(Config::parse(&deep[4..], Path::new("c.yaml")).is_err());
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    let huge = format!("---\nid: X\nx: '{}'\n---\n", "a".repeat(Limits::DEFAULT.max_bytes));
    let err = TicketFile::parse(&huge).unwrap_err();
    assert!(err.message.contains("larger than esc reads"), "{err:?}");
}

/// Hand edits that `esc show` reads but the line-based editor would misplace: an action on
/// the ticket either writes a file that reads back, or fails with exit 2 writing nothing.
#[test]
fn hostile_hand_edits_never_become_unreadable_commits() {
    let env = TestEnv::initialised();
    let edits: &[(&str, &str)] = &[
        ("\nseverity: sev3\n", "\nseverity:\tsev3\n"),
        ("\nseverity: sev3\n", "\nseverity:\r  sev3\n"),
        ("\nseverity: sev3\n", "\n&s severity: sev3\n"),
        ("\nseverity: sev3\n", "\n!!str severity: sev3\n"),
        ("\nseverity: sev3\n", "\n? severity\n: sev3\n"),
        ("\nseverity: sev3\n", "\nx-a: 1\u{85}severity: sev3\n"),
        ("\nseverity: sev3\n", "\nseverity: &s sev3\nx-copy: *s\n"),
        ("\nseverity: sev3\n", "\nx-base: &s sev3\nseverity: *s\n"),
    ];
    for (from, to) in edits {
        let id = env.open("Hostile edit", &["--severity", "sev3"]);
        let path = format!("{NOW_SHARD}/{id}.md");
        env.edit(&path, from, to);
        env.commit_by_hand("hand edit");
        if env.esc(&["show", &id]).code != 0 {
            continue; // the reader refuses it too: nothing to write
        }
        let before = env.commit_count();
        let bytes = env.read_bytes(&path);
        for args in [vec!["update", id.as_str(), "-m", "x"], vec!["ack", id.as_str()]] {
            let run = env.esc(&args);
            if run.code == 0 {
                assert_eq!(env.esc(&["show", &id]).code, 0, "{to:?}: esc wrote what it cannot read");
            } else {
                assert_eq!(run.code, 2, "{to:?}: {}", run.stderr);
                assert!(run.stderr.contains(&path) && run.stderr.contains("unsupported"), "{to:?}: {}", run.stderr);
                assert_eq!(env.commit_count(), before, "{to:?}: nothing committed");
                assert_eq!(env.read_bytes(&path), bytes, "{to:?}: nothing written");
            }
        }
        assert_ne!(env.esc(&["check"]).code, 2, "{to:?}: the repository still reads");
    }
    env.assert_clean();
}
