//! The read cache (`.git/esc-read-cache`): the same answers with it, without it and with a
//! broken one; a file is only taken from it where git's index vouches for the file.

use std::os::unix::fs::MetadataExt;

use crate::common::TestEnv;

const CACHE: &str = ".git/esc-read-cache";

/// What the reading commands print, each run with and without the cache.
const READS: &[&[&str]] = &[
    &["list", "--all"],
    &["--json", "list", "--all"],
    &["check", "--format", "json"],
    &["stats", "--by", "team"],
    &["search", "timeout"],
    &["lint"],
];

/// A repository with tickets in several states and a hand-written body and unknown key.
fn team_repository() -> (TestEnv, Vec<String>) {
    let env = TestEnv::initialised();
    let mut ids = Vec::new();
    for n in 0..12 {
        let severity = ["sev1", "sev2", "sev3", "sev4"][n % 4];
        let body = format!("Export fails with a timeout, case {n}.");
        ids.push(env.open(&format!("Ticket {n}"), &["--severity", severity, "--body", &body]));
    }
    env.esc_ok(&["ack", &ids[0]]);
    env.esc_ok(&["escalate", &ids[1], "--to", "L2", "--reason", "needs a specialist"]);
    env.esc_ok(&["resolve", &ids[2], "--code", "fixed", "--resolution", "restarted the export"]);
    let path = env.ticket_path(&ids[3]);
    env.edit(&path, "\ntitle: ", "\nx-custom: kept   # a comment\ntitle: ");
    env.commit_by_hand("a key of our own");
    (env, ids)
}

/// Each read's exit code and output: with the cache as it is, then with `ESC_NO_CACHE=1`;
/// asserts they agree.
fn assert_same_answers(env: &TestEnv, when: &str) {
    for args in READS {
        let cached = env.esc(args);
        let uncached = env.esc_command().env("ESC_NO_CACHE", "1").args(*args).output().expect("run esc");
        let what = format!("esc {} {when}", args.join(" "));
        assert_eq!(cached.code, uncached.status.code().unwrap_or(-1), "{what}: exit code");
        assert_eq!(cached.stdout, String::from_utf8_lossy(&uncached.stdout), "{what}: output");
    }
}

/// The cache file's inode and bytes, to tell whether a run rewrote it.
fn cache_state(env: &TestEnv) -> (u64, Vec<u8>) {
    let path = env.path(CACHE);
    (std::fs::metadata(&path).expect("a cache file").ino(), std::fs::read(&path).expect("read the cache"))
}

/// Makes every ticket's index entry one git trusts without reading the file: files dated in
/// the past, staged again, so the index is written seconds after them (not racy).
fn settle_index(env: &TestEnv) {
    let mut touch = std::process::Command::new("touch");
    touch.arg("-d").arg("2026-01-01 00:00:00").args(env.ticket_files("tickets"));
    assert!(touch.status().expect("touch").success());
    env.git(&["add", "-A", "tickets"]);
    env.assert_clean();
}

#[test]
fn reads_give_the_same_answers_with_and_without_the_cache() {
    let (env, ids) = team_repository();
    assert!(!env.path(CACHE).exists(), "no cache before a read of every ticket");
    env.esc_command().env("ESC_NO_CACHE", "1").args(["list", "--all"]).assert().success();
    env.esc_ok(&["--no-cache", "list", "--all"]);
    assert!(!env.path(CACHE).exists(), "--no-cache and ESC_NO_CACHE neither read nor write it");

    assert_same_answers(&env, "building the cache");
    assert!(env.path(CACHE).exists(), "a read of every ticket leaves a cache");
    settle_index(&env);
    env.esc_ok(&["list", "--all"]);
    let before = cache_state(&env);
    assert_same_answers(&env, "from a warm cache");
    assert_eq!(cache_state(&env), before, "a cache that served every ticket is not rewritten");

    // An action changes one ticket: the next read sees it and records it.
    env.esc_ok(&["update", &ids[4], "-m", "still looking"]);
    assert_same_answers(&env, "after an action");
    assert!(env.esc_ok(&["show", &ids[4]]).contains("still looking"));
    assert_ne!(cache_state(&env).1, before.1, "the changed ticket is in the new cache");
    env.assert_clean();
    assert!(env.git(&["ls-files", "--others", "--ignored", "--exclude-standard"]).is_empty());
}

#[test]
fn a_hand_edit_of_the_same_size_and_time_is_seen_at_once() {
    let (env, ids) = team_repository();
    settle_index(&env);
    let path = env.ticket_path(&ids[5]);
    assert!(env.esc_ok(&["list", "--all"]).contains("Ticket 5"));
    let (size, mtime) = {
        let metadata = std::fs::metadata(env.path(&path)).unwrap();
        (metadata.len(), (metadata.mtime(), metadata.mtime_nsec()))
    };

    env.edit(&path, "title: Ticket 5", "title: Ticket X");
    let mut touch = std::process::Command::new("touch");
    assert!(touch.args(["-d", "2026-01-01 00:00:00"]).arg(env.path(&path)).status().unwrap().success());
    let metadata = std::fs::metadata(env.path(&path)).unwrap();
    assert_eq!((metadata.len(), (metadata.mtime(), metadata.mtime_nsec())), (size, mtime), "same size and time");

    // (git itself, comparing whole seconds, may take this file for unchanged; esc compares
    // the nanoseconds git records too.)
    let list = env.esc_ok(&["list", "--all"]);
    assert!(list.contains("Ticket X") && !list.contains("Ticket 5"), "{list}");
    assert_same_answers(&env, "after a hand edit");

    // A ticket written by hand and never staged is read too.
    let copy = env.read(&path).replace(&ids[5], "ESC-HANDMADE").replace("Ticket X", "Made by hand");
    env.write("tickets/2026/11/ESC-HANDMADE.md", &copy);
    assert!(env.esc_ok(&["list", "--all"]).contains("Made by hand"));
}

#[test]
fn another_branch_checked_out_is_read_as_it_is() {
    let (env, ids) = team_repository();
    env.esc_ok(&["list", "--all"]);
    env.git(&["checkout", "-q", "-b", "other"]);
    env.esc_ok(&["escalate", &ids[6], "--to", "L3", "--reason", "on the other branch"]);
    env.esc_ok(&["list", "--all"]);
    env.git(&["checkout", "-q", "main"]);
    assert_same_answers(&env, "back on main");
    let show = env.esc_ok(&["--json", "list", "--all"]);
    assert!(!show.contains("on the other branch"), "main's ticket, not the other branch's");
    env.git(&["checkout", "-q", "other"]);
    assert_same_answers(&env, "on the other branch");
    assert!(env.esc_ok(&["--json", "list", "--all"]).contains("on the other branch"));
}

#[test]
fn a_broken_cache_is_ignored_and_rebuilt() {
    let (env, _) = team_repository();
    env.esc_ok(&["list", "--all"]);
    let good = std::fs::read(env.path(CACHE)).unwrap();
    let truncated = good[..good.len() / 2].to_vec();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    let foreign = String::from_utf8_lossy(&good).replacen("esc-read-cache ", "esc-read-cache 999", 1);
    let broken: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\xff garbage \n\n".to_vec()),
        ("empty", Vec::new()),
        ("truncated", truncated),
        ("a flipped byte", flipped),
        ("another version", foreign.into_bytes()),
    ];
    for (what, bytes) in broken {
        std::fs::write(env.path(CACHE), &bytes).unwrap();
        assert_same_answers(&env, &format!("with a cache that is {what}"));
        let rebuilt = std::fs::read(env.path(CACHE)).unwrap();
        assert!(rebuilt.starts_with(b"esc-read-cache ") && rebuilt.ends_with(b"\n"), "{what}: rebuilt");
    }
    // A folder where the file should be: nothing to read, nothing written, answers unchanged.
    std::fs::remove_file(env.path(CACHE)).unwrap();
    std::fs::create_dir(env.path(CACHE)).unwrap();
    assert_same_answers(&env, "with a folder in the cache's place");
    env.assert_clean();
}

#[test]
fn processes_reading_and_writing_at_once_all_see_whole_caches() {
    let (env, ids) = team_repository();
    let expected = env.esc_command().env("ESC_NO_CACHE", "1").args(["--json", "list", "--all"]).output().unwrap();
    let reads: Vec<Vec<String>> = (0..6).map(|_| vec!["--json".into(), "list".into(), "--all".into()]).collect();
    for output in env.esc_in_parallel(&reads) {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.stdout, expected.stdout, "a reader racing the first cache writes");
    }
    // Readers while tickets change: each sees some whole state (every ticket reads).
    let mut runs: Vec<Vec<String>> = Vec::new();
    for (n, id) in ids.iter().enumerate().skip(4).take(4) {
        runs.push(vec!["update".into(), id.clone(), "-m".into(), format!("update {n}")]);
        runs.push(vec!["--json".into(), "list".into(), "--all".into()]);
    }
    for output in env.esc_in_parallel(&runs) {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_same_answers(&env, "after readers and writers raced");
    assert!(
        std::fs::read_dir(env.path(".git/esc-tmp"))
            .map_or(true, |dir| dir.flatten().all(|entry| !entry.file_name().to_string_lossy().contains("read-cache")))
    );
    env.assert_repository_healthy("readers and writers at once");
}
