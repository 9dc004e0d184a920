//! The crash suite: esc actions on a repository of a few thousand tickets stopped at random
//! instants by SIGKILL, SIGTERM or SIGINT, and plain `git commit`s racing esc. After each
//! stop: the next esc command works, `git status --porcelain` is clean, `git fsck` is
//! clean, no lock is left, the ticket equals HEAD, the action's history entry is there at
//! most once (exactly once when esc said it succeeded), and a plain `git commit` afterwards
//! reverts nothing.
//!
//! A short run by default; `ESC_CRASH_KILLS=200` for a long one, `ESC_CRASH_SEED` to replay
//! one (the seed is printed). `bench/crash.sh` is the same outside the test harness.

use std::process::Stdio;
use std::time::Duration;

use crate::common::TestEnv;

/// A small, seeded random sequence (xorshift), so a failing run can be replayed.
struct Random(u64);

impl Random {
    fn from_env() -> Random {
        let seed = std::env::var("ESC_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
        });
        eprintln!("crash suite seed: ESC_CRASH_SEED={seed}");
        Random(seed.max(1))
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn kills() -> usize {
    std::env::var("ESC_CRASH_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(12)
}

/// Adds `count` committed tickets, copies of one esc opened, each with its own id; returns
/// their ids.
fn many_tickets(env: &TestEnv, count: usize) -> Vec<String> {
    let first = env.open("Printer on fire", &["--severity", "sev3"]);
    let path = env.ticket_path(&first);
    let text = env.read(&path);
    let folder = path.rsplit_once('/').expect("tickets live in folders").0.to_string();
    let alphabet = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut ids = vec![first.clone()];
    for n in 1..count {
        let random: String = (0..8).map(|i| alphabet[(n >> (i * 5)) & 31] as char).rev().collect();
        let id = format!("ESC-Z{}", &random[1..]);
        env.write(&format!("{folder}/{id}.md"), &text.replace(&first, &id));
        ids.push(id);
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", "many tickets"]);
    ids
}

/// The locks a stopped esc must not leave behind.
fn locks_left(env: &TestEnv) -> Vec<String> {
    [".git/index.lock", ".git/HEAD.lock", ".git/refs/heads/main.lock"]
        .into_iter()
        .filter(|lock| env.path(lock).exists())
        .map(str::to_string)
        .collect()
}

/// The repository is whole after a stop: see the module's description.
fn assert_whole(env: &TestEnv, id: &str, path: &str, entry: &str, succeeded: bool, what: &str) {
    let next = env.esc(&["show", id]);
    assert_eq!(next.code, 0, "{what}: the next command works: {}", next.stderr);
    assert_eq!(env.status(), "", "{what}: git status is clean (esc said: {})", next.stderr);
    assert!(locks_left(env).is_empty(), "{what}: locks left: {:?}", locks_left(env));
    let text = env.read(path);
    assert_eq!(text, env.git(&["show", &format!("HEAD:{path}")]), "{what}: the ticket equals HEAD");
    let found = text.matches(entry).count();
    assert!(found <= 1, "{what}: the entry is there {found} times");
    if succeeded {
        assert_eq!(found, 1, "{what}: esc said it succeeded, so the entry must be there");
    }
}

#[test]
fn actions_stopped_at_random_instants_leave_the_repository_whole() {
    let env = TestEnv::initialised();
    let ids = many_tickets(&env, 2000);
    let mut random = Random::from_env();
    let signals = [("KILL", 9), ("TERM", 15), ("INT", 2)];
    let (mut stopped, mut finished) = (0, 0);
    for kill in 0..kills() {
        let id = &ids[random.below(ids.len() as u64) as usize];
        let path = env.ticket_path(id);
        let message = format!("crash-{kill}-end");
        let (signal, number) = signals[random.below(3) as usize];
        let child = env.spawn_esc(&["update", id, "--internal", "-m", &message]);
        std::thread::sleep(Duration::from_millis(random.below(80)));
        env.signal(&child, signal);
        let status = child.wait_with_output().expect("wait for esc").status;
        let what = format!("stop {kill} (SIG{signal})");
        // Ended by the signal itself (SIGKILL), by esc on the signal (128 + n), or done first.
        let code = status.code();
        assert!(code.is_none() || code == Some(0) || code == Some(128 + number), "{what}: esc exited with {status:?}");
        if status.success() {
            finished += 1;
        } else {
            stopped += 1;
        }
        assert_whole(&env, id, &path, &format!("message: {message}\n"), status.success(), &what);
        if kill % 3 == 0 {
            env.assert_fsck();
            // A plain commit of other work afterwards takes nothing away.
            env.write("notes.txt", &format!("after stop {kill}\n"));
            env.git(&["add", "notes.txt"]);
            env.git(&["commit", "-q", "-m", "unrelated work"]);
            assert_eq!(env.last_commit_paths(), ["notes.txt"], "{what}: the plain commit holds only its file");
        }
    }
    env.assert_fsck();
    eprintln!("crash suite: {} stops; {stopped} ended esc mid-action, {finished} came after it finished", kills());
}

#[test]
fn plain_git_commits_racing_esc_revert_nothing() {
    let env = TestEnv::initialised();
    let ids = many_tickets(&env, 200);
    let updates = 24;
    let done = std::sync::atomic::AtomicBool::new(false);
    let repo = env.repo.clone();
    let succeeded = std::thread::scope(|scope| {
        let committer = scope.spawn(|| {
            let git = |args: &[&str]| {
                // It may fail while esc holds the index lock: that is what git does then.
                let _ = std::process::Command::new("git")
                    .current_dir(&repo)
                    .args(args)
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_AUTHOR_NAME", "Plain")
                    .env("GIT_AUTHOR_EMAIL", "plain@example.com")
                    .env("GIT_COMMITTER_NAME", "Plain")
                    .env("GIT_COMMITTER_EMAIL", "plain@example.com")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            };
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                std::fs::write(repo.join("notes.txt"), format!("note {n}\n")).unwrap();
                git(&["add", "notes.txt"]);
                git(if n % 2 == 0 { &["commit", "-q", "-m", "note"] } else { &["commit", "-q", "-a", "-m", "note"] });
            }
        });
        let mut succeeded = Vec::new();
        for n in 0..updates {
            let id = &ids[n % ids.len()];
            let message = format!("race-{n}-end");
            let run = env.esc(&["update", id, "--internal", "-m", &message]);
            if run.code == 0 {
                succeeded.push((id.clone(), message));
            }
        }
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        committer.join().unwrap();
        succeeded
    });
    assert!(succeeded.len() * 2 >= updates, "most updates get through: {} of {updates}", succeeded.len());
    for (id, message) in &succeeded {
        let path = env.ticket_path(id);
        let committed = env.git(&["show", &format!("HEAD:{path}")]);
        assert!(committed.contains(&format!("message: {message}\n")), "{id}: {message} was reverted by a plain commit");
    }
    let status = env.status();
    assert!(
        status.lines().all(|line| line.ends_with("notes.txt")),
        "only the racing notes may be uncommitted: {status}"
    );
    env.assert_fsck();
}
