//! A repository cloned from somewhere else, or edited by other tools: esc never reads or
//! writes outside it, never prints a file from outside it, never lets raw control characters
//! reach a terminal, and one bad file never stops the others.

use crate::common::TestEnv;

/// A folder outside the repository (beside it, in the test's home), with a file in it.
fn elsewhere(env: &TestEnv) -> std::path::PathBuf {
    let dir = env.home.join("elsewhere");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret.txt"), "password: hunter2-very-secret\n").unwrap();
    dir
}

/// Every file below `dir`, as paths relative to it.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                found.push(entry.path().strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

fn symlink(target: &std::path::Path, link: &std::path::Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn a_linked_ticket_folder_is_never_written_through() {
    let env = TestEnv::initialised();
    let outside = elsewhere(&env);
    let id = env.open("VPN drops", &[]);
    let path = env.ticket_path(&id);
    let month = path.rsplit_once('/').unwrap().0.to_string(); // tickets/2026/11
    // A clone whose month folder is a link out of the repository.
    std::fs::rename(env.path(&month), outside.join("moved")).unwrap();
    symlink(&outside.join("moved"), &env.path(&month));
    env.git(&["add", "-A"]);
    env.commit_by_hand("the month is a link now");
    let before = files_in(&outside);
    let count = env.commit_count();

    let open = env.esc(&["open", "Printer on fire"]).expect_error("open through a link");
    assert!(open.stderr.contains(&format!("{month}: is a symbolic link")), "{}", open.stderr);
    assert!(open.hint().is_some_and(|h| h.contains("regular files")), "{}", open.stderr);
    env.esc(&["update", &id, "-m", "x"]).expect_code(2, "the linked ticket is not found, so not written");
    assert_eq!(files_in(&outside), before, "nothing written outside the repository");
    assert_eq!(env.commit_count(), count);
    let lint = env.esc(&["lint"]).expect_code(1, "lint names the link");
    assert!(lint.stdout.contains(&format!("{month}:1: is a symbolic link")), "{}", lint.stdout);
}

#[test]
fn a_linked_tickets_or_reviews_folder_is_refused() {
    for folder in ["tickets", "reviews"] {
        let env = TestEnv::initialised();
        let outside = elsewhere(&env);
        let id = env.open("VPN drops", &["--severity", "sev1"]);
        env.esc_ok(&["resolve", &id, "--resolution", "restarted the gateway"]);
        if env.path(folder).exists() {
            std::fs::rename(env.path(folder), outside.join(folder)).unwrap();
        } else {
            std::fs::create_dir(outside.join(folder)).unwrap();
        }
        symlink(&outside.join(folder), &env.path(folder));
        let before = files_in(&outside);
        let run = if folder == "tickets" { env.esc(&["list"]) } else { env.esc(&["review", &id]) };
        assert_eq!(run.code, 2, "{folder}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("error: {folder}: is a symbolic link")), "{folder}: {}", run.stderr);
        assert_eq!(files_in(&outside), before, "{folder}: nothing written outside");
        let lint = env.esc(&["lint"]).expect_code(1, "lint names the link, exit 1 not 2");
        assert!(lint.stdout.contains(&format!("{folder}:1: is a symbolic link")), "{}", lint.stdout);
    }
}

#[test]
fn a_folder_committed_as_a_link_is_never_written_through() {
    let env = TestEnv::initialised();
    let outside = elsewhere(&env);
    let id = env.open("VPN drops", &[]);
    let month = env.ticket_path(&id).rsplit_once('/').unwrap().0.to_string();
    // HEAD holds the month as a link; the work tree has a real folder there again.
    std::fs::rename(env.path(&month), outside.join("moved")).unwrap();
    symlink(&outside, &env.path(&month));
    env.git(&["add", "-A"]);
    env.commit_by_hand("a link in HEAD");
    std::fs::remove_file(env.path(&month)).unwrap();
    std::fs::rename(outside.join("moved"), env.path(&month)).unwrap();
    let run = env.esc(&["update", &id, "-m", "through the link?"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("committed as a symbolic link"), "{}", run.stderr);
    assert!(!outside.join(format!("{id}.md")).exists());
}

#[test]
fn a_linked_policy_is_refused_without_printing_what_it_points_to() {
    let env = TestEnv::initialised();
    let outside = elsewhere(&env);
    std::fs::remove_file(env.path(".esc/config.yaml")).unwrap();
    symlink(&outside.join("secret.txt"), &env.path(".esc/config.yaml"));
    for args in [&["check"][..], &["list"][..], &["lint"][..]] {
        let run = env.esc(args);
        assert!(run.code >= 1, "{args:?}");
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("hunter2"), "{args:?} printed the target: {all}");
        assert!(all.contains(".esc/config.yaml") && all.contains("symbolic link"), "{args:?}: {all}");
    }
}

#[test]
fn a_linked_ticket_file_is_skipped_and_named_by_lint() {
    let env = TestEnv::initialised();
    let outside = elsewhere(&env);
    let id = env.open("VPN drops", &[]);
    let month = env.ticket_path(&id).rsplit_once('/').unwrap().0.to_string();
    let link = format!("{month}/ESC-LINKED00.md");
    symlink(&outside.join("secret.txt"), &env.path(&link));
    let list = env.esc(&["list", "--all"]).expect_code(0, "list the others");
    assert!(list.stdout.contains(&id) && !list.stdout.contains("hunter2"), "{}", list.stdout);
    let lint = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(lint.stdout.contains(&format!("{link}:1: is a symbolic link")), "{}", lint.stdout);
    assert!(!lint.stdout.contains("hunter2"));
}

#[test]
fn a_file_over_the_size_limit_is_left_out_and_named() {
    let env = TestEnv::initialised();
    let small = env.open("VPN drops", &[]);
    let big = env.open("Printer on fire", &[]);
    let path = env.ticket_path(&big);
    let text = env.read(&path);
    env.write(&path, &format!("{text}\n{}\n", "padding ".repeat(2_000)));
    env.commit_by_hand("a long body");
    env.git(&["config", "esc.maxFileBytes", "8000"]);
    let list = env.esc(&["list"]).expect_code(0, "the others are listed");
    assert!(list.stdout.contains(&small) && !list.stdout.contains(&big), "{}", list.stdout);
    assert!(list.stderr.contains(&format!("{path}: larger than 8000 bytes")), "{}", list.stderr);
    let lint = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(lint.stdout.contains(&format!("{path}:1: larger than 8000 bytes")), "{}", lint.stdout);
    let check = env.esc(&["check"]).expect_code(2, "the check is incomplete");
    assert!(check.stderr.contains("the check is incomplete"), "{}", check.stderr);
    // Past the default (4 MiB) only when the clone says so.
    env.write(&path, &format!("{text}\n{}\n", "padding ".repeat(600_000)));
    env.commit_by_hand("a very long body");
    env.git(&["config", "--unset", "esc.maxFileBytes"]);
    let list = env.esc(&["list"]).expect_code(0, "the others are listed");
    assert!(!list.stdout.contains(&big) && list.stderr.contains("larger than 4194304 bytes"), "{}", list.stderr);
    env.git(&["config", "esc.maxFileBytes", "8000000"]);
    let list = env.esc(&["list"]).expect_code(0, "a raised limit reads it");
    assert!(list.stdout.contains(&big), "{}{}", list.stdout, list.stderr);
}

#[test]
fn a_ticket_that_does_not_parse_never_stops_a_sweep() {
    let env = TestEnv::initialised();
    let open = "2026-11-24T09:00:00Z";
    let id = crate::common::run(env.esc_command().env("ESC_NOW", open).args([
        "open",
        "Checkout down",
        "--severity",
        "sev1",
    ]))
    .expect_code(0, "open")
    .stdout
    .trim()
    .to_string();
    // Sorted before every real id.
    let month = env.ticket_path(&id).rsplit_once('/').unwrap().0.to_string();
    env.write(&format!("{month}/ESC-00000000.md"), "---\nid: ESC-00000000\ntitle: [broken\n---\n");
    env.commit_by_hand("a broken ticket");
    let sweep = env.esc(&["sweep"]);
    assert_eq!(sweep.code, 2, "the broken ticket fails the sweep: {}", sweep.stderr);
    assert!(sweep.stderr.contains("ESC-00000000"), "{}", sweep.stderr);
    let path = env.ticket_path(&id);
    assert!(env.read(&path).contains("automatic: true"), "the overdue ticket was still swept: {}", env.read(&path));
}

#[test]
fn no_raw_control_character_reaches_the_terminal() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let month = env.ticket_path(&id).rsplit_once('/').unwrap().0.to_string();
    env.write(&format!("{month}/ESC-BAD\u{1b}[31mX\n.md"), "---\nid: x\n---\n");
    // A team whose name writes to the clipboard (OSC 52) when printed raw.
    env.edit(".esc/config.yaml", "  security: Security response\n", "  \"sec\\e]52;c;aGk=\\a\": Security response\n");
    env.commit_by_hand("hostile names");
    for args in
        [&["list"][..], &["lint"][..], &["show", &id][..], &["escalate", &id, "--to", "nosuch", "--reason", "x"][..]]
    {
        let run = env.esc(args);
        for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{args:?} {stream}: {text:?}");
        }
    }
    let lint = env.esc(&["lint"]).expect_code(1, "lint");
    assert!(lint.stdout.contains("the name has control characters: esc skips the file"), "{}", lint.stdout);
    assert!(lint.stdout.contains(".esc/config.yaml") && lint.stdout.contains("control characters"), "{}", lint.stdout);
}

#[test]
fn lint_reports_what_the_other_commands_skip() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let month = env.ticket_path(&id).rsplit_once('/').unwrap().0.to_string();
    let temp = format!("{month}/.{id}.md.4242.tmp");
    env.write(&temp, "half a ticket");
    let fifo = format!("{month}/ESC-FIF00000.md");
    assert!(std::process::Command::new("mkfifo").arg(env.path(&fifo)).status().unwrap().success());
    env.edit(".esc/config.yaml", "    holidays: []\n", "    holidays: [1970-01-01..2199-12-31 Closed for good]\n");
    env.edit(".esc/config.yaml", "        \"no\": { severity: sev3 }\n", "        \"no\": { next: outage }\n");
    let lint = env.esc(&["lint"]).expect_code(1, "findings, not an error");
    let out = &lint.stdout;
    assert!(out.contains(&format!("{temp}:1: a temporary file left by an interrupted esc")), "{out}");
    assert!(out.contains(&format!("{fifo}:1: is not a regular file")), "{out}");
    assert!(out.contains("calendars.business: no working time"), "{out}");
    assert!(out.contains("triage would never end"), "{out}");
    // A binary policy is a finding too; the tickets are still linted.
    std::fs::write(env.path(".esc/config.yaml"), b"\x00\x01\xff\xfe").unwrap();
    let lint = env.esc(&["lint"]).expect_code(1, "a binary policy is a finding");
    assert!(lint.stdout.contains(".esc/config.yaml:1: the file is not UTF-8 text"), "{}", lint.stdout);
}

#[test]
fn a_file_where_the_tickets_folder_belongs_is_named() {
    let env = TestEnv::initialised();
    env.write("tickets", "not a folder\n");
    let open = env.esc(&["open", "Printer on fire"]).expect_error("open");
    assert!(open.stderr.contains("error: tickets: is not a folder"), "{}", open.stderr);
    let lint = env.esc(&["lint"]).expect_code(1, "lint names it");
    assert!(lint.stdout.contains("tickets:1: should be a folder"), "{}", lint.stdout);
}
