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
    let update = ["update", id.as_str(), "-m", "Still on it"];
    let open = ["open", "Printer on fire", "--severity", "sev3"];
    for lock in [".git/index.lock", ".git/HEAD.lock", ".git/refs/heads/main.lock"] {
        for command in [&update[..], &open[..]] {
            std::fs::write(env.repo.join(lock), "").unwrap();
            let (count, status) = (env.commit_count(), env.status());
            let started = Instant::now();
            let run = env.esc_rejects(command);
            let took = started.elapsed();
            assert!(took < Duration::from_secs(5), "{lock}: gave up after {took:?}");
            let path = env.repo.join(lock);
            assert!(run.stderr.contains(&format!("git's lock {} is held", path.display())), "{lock}: {}", run.stderr);
            assert!(run.hint().is_some_and(|h| h.contains("remove it") && h.contains(lock)), "{lock}: {}", run.stderr);
            assert_eq!((env.commit_count(), env.status()), (count, status), "{lock}: nothing changed");
            std::fs::remove_file(env.repo.join(lock)).unwrap();
        }
    }
    env.esc_ok(&["update", &id, "-m", "Once the locks are gone"]);
    env.assert_clean();
}

/// A lock claimed by a process on another machine is never taken for dead: its process id
/// means nothing here.
#[test]
fn a_lock_claimed_on_another_machine_is_only_waited_for() {
    use std::os::unix::fs::MetadataExt;
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.git(&["config", "esc.lockTimeout", "1"]);
    let lock = env.repo.join(".git/index.lock");
    std::fs::write(&lock, "").unwrap();
    let inode = std::fs::metadata(&lock).unwrap().ino();
    let claim = env.repo.join(".git/esc-tmp/some-other-machine.999999.index-claim");
    std::fs::write(&claim, inode.to_string()).unwrap();
    let run = env.esc_rejects(&["update", &id, "-m", "Still on it"]);
    assert!(run.stderr.contains("index.lock is held"), "{}", run.stderr);
    assert!(lock.exists() && claim.exists(), "neither is esc's to remove");
    // The same claim made on this machine, by a process that is gone, is recovered.
    std::fs::remove_file(&claim).unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let host: String =
        host.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    std::fs::write(env.repo.join(format!(".git/esc-tmp/{host}.999999.index-claim")), inode.to_string()).unwrap();
    env.esc_ok(&["update", &id, "-m", "The dead esc's lock is gone"]);
    assert!(!lock.exists());
}

/// esc's temporary files live under `.git/esc-tmp/`, where git never shows them; leftovers
/// of a crashed esc there are removed by the next action.
#[test]
fn temporary_files_never_show_in_the_work_tree_and_leftovers_are_removed() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let temps = env.repo.join(".git/esc-tmp");
    assert!(temps.is_dir(), "esc writes its temporary files there");
    let leftover = temps.join("99999.ESC-OLD.md.tmp");
    std::fs::write(&leftover, "half a ticket").unwrap();
    let touched = std::process::Command::new("touch").args(["-d", "2 hours ago"]).arg(&leftover).status().unwrap();
    assert!(touched.success());
    let fresh = temps.join("99998.ESC-NEW.md.tmp");
    std::fs::write(&fresh, "another esc is writing this").unwrap();
    env.esc_ok(&["update", &id, "-m", "Still on it"]);
    assert!(!leftover.exists(), "an old leftover is removed");
    assert!(fresh.exists(), "a recent one may belong to a running esc");
    env.assert_clean();
}

/// On a detached HEAD a commit would be lost at the next checkout: esc refuses to record one.
#[test]
fn a_detached_head_is_refused_with_a_hint() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.git(&["checkout", "-q", "--detach"]);
    let count = env.commit_count();
    let run = env.esc_rejects(&["update", &id, "-m", "Lost?"]);
    assert!(run.stderr.contains("HEAD is detached"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("git switch")), "{}", run.stderr);
    assert_eq!(env.commit_count(), count);
    env.assert_clean();
}

/// The first SIGTERM, SIGINT or SIGHUP ends an esc that is waiting on a lock at once, with
/// 128 + the signal's number, nothing written and nothing left behind.
#[test]
fn a_signal_ends_an_esc_waiting_on_a_lock() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.git(&["config", "esc.lockTimeout", "30"]);
    std::fs::write(env.repo.join(".git/index.lock"), "").unwrap();
    let (count, status) = (env.commit_count(), env.status());
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let child = env.spawn_esc(&["update", &id, "-m", "Waiting"]);
        std::thread::sleep(Duration::from_millis(500));
        let sent = Instant::now();
        assert!(env.signal(&child, signal));
        let output = child.wait_with_output().unwrap();
        assert!(sent.elapsed() < Duration::from_secs(2), "SIG{signal}: stopped after {:?}", sent.elapsed());
        assert_eq!(output.status.code(), Some(code), "SIG{signal}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains("interrupted"));
        assert_eq!((env.commit_count(), env.status()), (count, status.clone()), "SIG{signal}: nothing written");
    }
    assert!(env.repo.join(".git/index.lock").exists(), "the other process's lock is not esc's to remove");
}

/// A signal while a notification hook runs ends esc within a second: the action was
/// committed before the hook started, the hook is stopped with it, and nothing is left behind.
#[test]
fn a_signal_while_a_hook_runs_stops_both() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.git(&["config", "esc.hook.escalate", "sleep 30"]);
    let count = env.commit_count();
    let child = env.spawn_esc(&["escalate", &id, "--reason", "expertise"]);
    // The hook starts once the commit is made.
    let started = Instant::now();
    while env.commit_count() == count && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let sent = Instant::now();
    assert!(env.signal(&child, "TERM"));
    let output = child.wait_with_output().unwrap();
    assert!(sent.elapsed() < Duration::from_secs(2), "stopped after {:?}", sent.elapsed());
    assert_eq!(output.status.code(), Some(143), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(env.commit_count(), count + 1, "the escalation was committed before the hook ran");
    env.assert_repository_healthy("a signal during a hook");
}

/// An edit saved to a ticket after esc was killed mid-action (its commit made, its file not
/// yet in place) is kept by the recovery: the commit stands, the edit shows as a change.
#[test]
fn recovery_never_writes_over_an_edit_saved_after_the_kill() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let path = env.ticket_path(&id);
    let killed = crate::common::run(env.esc_command().env("ESC_TEST_CRASH", "after-branch").args([
        "update",
        &id,
        "-m",
        "Killed midway",
    ]));
    assert_ne!(killed.code, 0);
    let edited = format!("{}\nA note saved by hand.\n", env.read(&path));
    env.write(&path, &edited);
    let next = env.esc(&["list"]).expect_code(0, "the next command works");
    assert!(next.stderr.contains("finished an action"), "{}", next.stderr);
    assert_eq!(env.read(&path), edited, "the hand edit is kept");
    assert!(env.git(&["show", &format!("HEAD:{path}")]).contains("message: Killed midway"), "the commit stands");
    assert_eq!(env.status().trim_end(), format!(" M {path}"), "the edit shows as an uncommitted change");
    env.assert_fsck();
}

/// A sweep does not commit history dated after the clock, unless asked to backfill.
#[test]
fn a_sweep_ahead_of_the_clock_is_refused_unless_asked_for() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout down", &["--severity", "sev1"]);
    let ahead = "2026-11-26T09:30:00Z"; // a day after the pinned clock
    let count = env.commit_count();
    let run = env.esc_rejects(&["sweep", "--now", ahead]);
    assert!(run.stderr.contains("is later than the clock"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.contains("--allow-future") && h.contains("--dry-run")), "{}", run.stderr);
    assert_eq!(env.commit_count(), count, "nothing committed");
    let dry = env.esc(&["sweep", "--now", ahead, "--dry-run"]).expect_code(0, "looking ahead is fine");
    assert!(dry.stdout.contains(&id), "{}", dry.stdout);
    env.esc(&["sweep", "--now", ahead, "--allow-future"]).expect_code(0, "a deliberate backfill");
    assert!(env.commit_count() > count);
}

/// A ticket saved with CRLF line ends (git stores it as LF through `eol=lf`, so to git it
/// is unchanged) is unchanged to esc too: the next action works and writes LF.
#[test]
fn a_ticket_saved_with_crlf_is_as_committed() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let path = env.ticket_path(&id);
    let text = env.read(&path).replace('\n', "\r\n");
    env.write(&path, &text);
    env.git(&["add", &path]); // nothing to commit: git stores it as LF, as it was
    env.assert_clean();
    env.esc_ok(&["update", &id, "-m", "Still on it"]);
    let after = env.read(&path);
    assert!(!after.contains('\r') && after.contains("action: update"), "{after}");
    env.assert_clean();
    env.assert_fsck();
}

/// Killed at each step of committing an action (the process aborts there, as SIGKILL would),
/// the next esc command finds the repository as it was before the action or as it is after
/// it, says which, and a plain `git commit` afterwards reverts nothing.
#[test]
fn an_action_killed_at_any_step_is_finished_or_rolled_back_by_the_next_command() {
    // (where, what the next command says: finished, rolled back, or nothing as nothing was written)
    let points = [
        ("index-locked", None),
        ("index-claimed", None),
        ("before-branch", Some(false)),
        ("after-branch", Some(true)),
        ("after-file", Some(true)),
    ];
    for (point, finished) in points {
        let env = TestEnv::initialised();
        let id = env.open("VPN drops", &[]);
        let path = env.ticket_path(&id);
        let (before_count, before_text) = (env.commit_count(), env.read(&path));
        let killed = crate::common::run(env.esc_command().env("ESC_TEST_CRASH", point).args([
            "update",
            &id,
            "-m",
            "Killed midway",
        ]));
        assert_ne!(killed.code, 0, "{point}: the process died");

        let next = env.esc(&["show", &id]).expect_code(0, &format!("{point}: the next command works"));
        match finished {
            Some(finished) => {
                let said = if finished { "finished an action a kill interrupted" } else { "rolled back an action" };
                assert!(next.stderr.contains(said) && next.stderr.contains(&path), "{point}: {}", next.stderr);
            }
            None => assert!(next.stderr.is_empty(), "{point}: {}", next.stderr),
        }
        env.assert_clean();
        env.assert_fsck();
        assert!(!env.repo.join(".git/index.lock").exists(), "{point}: the dead esc's lock is gone");
        let text = env.read(&path);
        if finished == Some(true) {
            assert_eq!(env.commit_count(), before_count + 1, "{point}");
            assert!(text.contains("message: Killed midway"), "{point}: {text}");
        } else {
            assert_eq!((env.commit_count(), text.as_str()), (before_count, before_text.as_str()), "{point}");
        }
        // A plain commit of other work afterwards takes nothing away.
        env.write("notes.txt", "unrelated\n");
        env.git(&["add", "notes.txt"]);
        env.git(&["commit", "-q", "-m", "unrelated work"]);
        assert_eq!(env.git(&["show", "--name-only", "--format=", "HEAD"]).trim(), "notes.txt", "{point}");
        assert_eq!(env.read(&path), text, "{point}: the ticket is as committed");
        env.esc_ok(&["update", &id, "-m", "And on we go"]);
        env.assert_clean();
    }
}
