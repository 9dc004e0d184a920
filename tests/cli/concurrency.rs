//! Many esc processes on one repository at once never lose an update.

use std::process::Stdio;

use crate::common::{NOW_SHARD, TestEnv};

/// Starts `n` `esc open` processes before waiting for any; all must succeed. Returns their ids,
/// the i-th titled `Parallel ticket i`.
fn open_in_parallel(env: &TestEnv, n: usize) -> Vec<String> {
    let runs: Vec<Vec<String>> = (0..n)
        .map(|i| vec!["open".into(), format!("Parallel ticket {i}"), "--label".into(), format!("n{i}")])
        .collect();
    let mut ids = Vec::new();
    for (i, output) in env.esc_in_parallel(&runs).into_iter().enumerate() {
        assert!(
            output.status.success(),
            "esc open #{i} failed ({:?}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        ids.push(String::from_utf8(output.stdout).expect("utf-8").trim().to_string());
    }
    ids
}

#[test]
fn twenty_parallel_opens_give_twenty_tickets_and_twenty_commits() {
    const N: usize = 20;
    let env = TestEnv::initialised();
    assert_eq!(env.commit_count(), 1);
    let ids = open_in_parallel(&env, N);

    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), N, "every process printed its own id: {ids:?}");
    assert_eq!(env.ticket_files("tickets").len(), N);
    assert_eq!(env.commit_count(), 1 + N, "one commit per ticket, none lost");
    assert_eq!(env.git(&["rev-list", "--count", "--merges", "HEAD"]).trim(), "0", "a straight line of commits");

    // Each commit adds exactly one ticket; together they add all of them.
    let mut committed = Vec::new();
    for commit in env.git(&["rev-list", "HEAD", "--max-count", &N.to_string()]).lines() {
        let paths = env.git(&["show", "--name-only", "--format=", commit]);
        let paths: Vec<&str> = paths.lines().collect();
        assert_eq!(paths.len(), 1, "commit {commit} changed {paths:?}");
        committed.push(paths[0].to_string());
    }
    committed.sort();
    let expected: Vec<String> = unique.iter().map(|id| format!("{NOW_SHARD}/{id}.md")).collect();
    assert_eq!(committed, expected);

    for (i, id) in ids.iter().enumerate() {
        let shown = env.esc_ok(&["show", id]);
        assert!(shown.contains(&format!("Parallel ticket {i}")), "{shown}");
    }
    env.assert_repository_healthy("the parallel opens");
}

#[test]
fn parallel_opens_keep_the_users_staged_work() {
    let env = TestEnv::initialised();
    env.write("staged.txt", "the user's staged work\n");
    env.git(&["add", "staged.txt"]);
    let ids = open_in_parallel(&env, 8);
    assert_eq!(env.commit_count(), 1 + ids.len());
    assert_eq!(env.status(), "A  staged.txt\n", "tickets clean, the user's file still staged");
    let tree = env.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(!tree.contains("staged.txt"), "{tree}");
    assert_eq!(env.git(&["diff", "--cached", "--name-only"]), "staged.txt\n");
}

#[test]
fn esc_waits_for_a_held_index_lock() {
    let env = TestEnv::initialised();
    // Another git process holds the index for a moment.
    let lock = env.path(".git/index.lock");
    std::fs::write(&lock, "").expect("take the lock");
    let child = env
        .std_esc_command()
        .args(["open", "Patient"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn esc");
    std::thread::sleep(std::time::Duration::from_millis(400));
    assert_eq!(env.commit_count(), 1, "nothing is committed while the index is locked");
    std::fs::remove_file(&lock).expect("release the lock");
    let output = child.wait_with_output().expect("wait for esc");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let id = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(env.last_commit_paths(), [format!("{NOW_SHARD}/{}.md", id.trim())]);
    env.assert_clean();
}

#[test]
fn parallel_updates_of_one_ticket_are_all_recorded_once() {
    let env = TestEnv::initialised();
    let id = env.open("Busy ticket", &[]);
    let before = env.commit_count();
    let runs: Vec<Vec<String>> = (0..12)
        .map(|i| vec!["update".into(), id.clone(), "-m".into(), format!("update {i}"), "--internal".into()])
        .collect();
    for output in env.esc_in_parallel(&runs) {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(env.commit_count(), before + 12, "one commit per update");
    let text = env.read(&format!("{NOW_SHARD}/{id}.md"));
    for i in 0..12 {
        assert_eq!(text.matches(&format!("message: update {i}\n")).count(), 1, "update {i} once:\n{text}");
    }
    env.assert_clean();
    env.assert_fsck();
}
