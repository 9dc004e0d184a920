//! Integrity beside crashes and plain git: stale locks are refused fast and by name.

use std::time::{Duration, Instant};

use crate::common::TestEnv;

/// A lock left by a crashed process costs at most the lock wait (`esc.lockTimeout`), names
/// the file, hints as git does, and changes nothing.
#[test]
fn a_stale_lock_is_refused_fast_and_by_name() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.git(&["config", "esc.lockTimeout", "1"]);
    for lock in [".git/index.lock", ".git/refs/heads/main.lock"] {
        std::fs::write(env.repo.join(lock), "").unwrap();
        let (count, status) = (env.commit_count(), env.status());
        let started = Instant::now();
        let run = env.esc_rejects(&["update", &id, "-m", "Still on it"]);
        let took = started.elapsed();
        assert!(took < Duration::from_secs(5), "{lock}: gave up after {took:?}");
        let path = env.repo.join(lock);
        assert!(run.stderr.contains(&format!("git's lock {} is held", path.display())), "{lock}: {}", run.stderr);
        assert!(run.hint().is_some_and(|h| h.contains("remove it") && h.contains(lock)), "{lock}: {}", run.stderr);
        assert_eq!((env.commit_count(), env.status()), (count, status), "{lock}: nothing changed");
        std::fs::remove_file(env.repo.join(lock)).unwrap();
    }
    env.esc_ok(&["update", &id, "-m", "Once the locks are gone"]);
    env.assert_clean();
}
