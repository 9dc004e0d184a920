//! Notification hooks: commands from the clone's own git config (`esc.hook.<event>`), given the
//! event as JSON on stdin; never anything from the committed tree.

use std::path::{Path, PathBuf};

use crate::common::{IDENTITY, NOW, NOW_SHARD, TestEnv, json};

/// A folder outside the repository for hooks to write to.
fn outside() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("esc-hook-out-").tempdir().expect("create a temp dir")
}

/// A shell word for `path` (single-quoted).
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Configures `esc.hook.<event>` to save its stdin to `<dir>/<event>.json`; returns that path.
fn save_payload(env: &TestEnv, dir: &Path, event: &str) -> PathBuf {
    let file = dir.join(format!("{event}.json"));
    env.git(&["config", &format!("esc.hook.{event}"), &format!("cat > {}", quoted(&file))]);
    file
}

fn read_json(path: &Path) -> serde_json::Value {
    json(
        &std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("the hook should have written {}: {e}", path.display())),
    )
}

#[test]
fn the_escalate_hook_gets_the_event_as_json() {
    let env = TestEnv::initialised();
    let out = outside();
    let id = env.open("Checkout fails", &["--severity", "sev2", "--customer", "Acme"]);
    let payload = save_payload(&env, out.path(), "escalate");
    let run =
        env.esc(&["escalate", &id, "--reason", "complexity", "-m", "Needs a specialist"]).expect_code(0, "escalate");
    assert_eq!(run.stderr, format!("{id}: L1 -> L2 (complexity)\n"), "no warning from a working hook");

    let text = std::fs::read_to_string(&payload).expect("the hook ran");
    assert!(text.contains("\"event\":\"escalate\""), "{text}");
    let event = json(&text);
    assert_eq!(event["event"], "escalate");
    let ticket = &event["ticket"];
    assert_eq!(ticket["id"], id.as_str());
    assert_eq!(ticket["level"], "L2");
    assert_eq!(ticket["team"], "specialists");
    assert_eq!(ticket["priority"], "P2");
    assert_eq!(ticket["customer"], "Acme");
    assert_eq!(ticket["path"], format!("{NOW_SHARD}/{id}.md").as_str());
    let action = &event["action"];
    assert_eq!(action["action"], "escalate");
    assert_eq!(action["reason"], "complexity");
    assert_eq!(action["message"], "Needs a specialist");
    assert_eq!(action["at"], NOW);
    assert_eq!(action["by"], IDENTITY);
    assert_eq!(action["set"], serde_json::json!({"level": "L2", "team": "specialists"}));
    assert_eq!(env.subject(), format!("esc: escalate {id}: L1 -> L2 (complexity)"));
    env.assert_clean();

    // The hook also learns the event and ticket from its environment.
    let env_file = out.path().join("env.txt");
    env.git(&[
        "config",
        "esc.hook.escalate",
        &format!("printf '%s %s' \"$ESC_EVENT\" \"$ESC_TICKET\" > {}", quoted(&env_file)),
    ]);
    env.esc_ok(&["escalate", &id, "--reason", "expertise"]);
    assert_eq!(std::fs::read_to_string(&env_file).expect("the hook ran"), format!("escalate {id}"));
}

#[test]
fn no_hooks_skips_the_hook() {
    let env = TestEnv::initialised();
    let out = outside();
    let id = env.open("Checkout fails", &[]);
    let payload = save_payload(&env, out.path(), "escalate");
    let before = env.commit_count();
    let run = env.esc(&["--no-hooks", "escalate", &id, "--reason", "complexity"]).expect_code(0, "escalate --no-hooks");
    assert_eq!(run.stderr, format!("{id}: L1 -> L2 (complexity)\n"));
    assert!(!payload.exists(), "--no-hooks must not run the hook");
    assert_eq!(env.commit_count(), before + 1, "the action itself is committed");
    // The flag is global: after the subcommand works too.
    env.esc(&["escalate", &id, "--reason", "expertise", "--no-hooks"])
        .expect_code(0, "--no-hooks after the subcommand");
    assert!(!payload.exists());
    // And without it the hook runs.
    env.esc_ok(&["escalate", &id, "--to", "security", "--reason", "expertise"]);
    assert_eq!(read_json(&payload)["ticket"]["team"], "security");
}

#[test]
fn a_failing_hook_warns_but_the_action_stands() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout fails", &[]);
    env.git(&["config", "esc.hook.escalate", "echo 'hook noise' >&2; exit 3"]);
    let before = env.commit_count();
    let run = env.esc(&["escalate", &id, "--reason", "complexity"]).expect_code(0, "a failing hook is only a warning");
    assert_eq!(run.stdout, "");
    let warning =
        run.stderr.lines().find(|l| l.starts_with("warning: ")).unwrap_or_else(|| panic!("a warning:\n{}", run.stderr));
    assert!(
        warning.starts_with("warning: hook esc.hook.escalate (") && warning.contains("exit status: 3"),
        "{warning}"
    );
    assert!(run.stderr.ends_with(&format!("{id}: L1 -> L2 (complexity)\n")), "{}", run.stderr);
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(env.subject(), format!("esc: escalate {id}: L1 -> L2 (complexity)"));
    assert!(env.read(&format!("{NOW_SHARD}/{id}.md")).contains("\nlevel: L2\n"));
    env.assert_clean();

    // A hook that cannot be found is a warning too, and with --json stdout stays pure JSON.
    env.git(&["config", "esc.hook.escalate", "echo 'not JSON'; /nonexistent/notify"]);
    let run = env.esc(&["--json", "escalate", &id, "--reason", "expertise"]).expect_code(0, "a missing hook");
    assert_eq!(json(&run.stdout)["level"], "L3", "hook output never reaches stdout");
    assert!(run.stderr.contains("warning: hook esc.hook.escalate"), "{}", run.stderr);
}

#[test]
fn open_classify_resolve_and_reopen_fire_their_hooks() {
    let env = TestEnv::initialised();
    let out = outside();
    let files: Vec<(&str, PathBuf)> =
        ["open", "classify", "resolve", "reopen"].into_iter().map(|e| (e, save_payload(&env, out.path(), e))).collect();
    let fired = || -> Vec<&str> { files.iter().filter(|(_, f)| f.exists()).map(|(e, _)| *e).collect() };
    let clear = || {
        for (_, file) in &files {
            let _ = std::fs::remove_file(file);
        }
    };

    let id = env.open("Checkout fails", &["--severity", "sev3"]);
    assert_eq!(fired(), ["open"]);
    let event = read_json(&files[0].1);
    assert_eq!(
        (&event["event"], &event["ticket"]["id"], &event["ticket"]["status"]),
        (&"open".into(), &id.as_str().into(), &"new".into())
    );
    assert_eq!(event["action"]["action"], "open");
    clear();

    // Actions without an event fire nothing.
    env.esc_ok(&["ack", &id]);
    env.esc_ok(&["update", &id, "-m", "Looking"]);
    env.esc_ok(&["escalate", &id, "--reason", "complexity"]);
    assert_eq!(fired(), Vec::<&str>::new());

    env.esc_ok(&["classify", &id, "--severity", "sev1"]);
    assert_eq!(fired(), ["classify"]);
    let event = read_json(&files[1].1);
    assert_eq!((&event["event"], &event["ticket"]["priority"]), (&"classify".into(), &"P1".into()));
    clear();
    env.esc_ok(&["triage", &id, "--answer", "outage=no", "--answer", "scope=yes"]);
    assert_eq!(fired(), ["classify"], "triage classifies");
    assert_eq!(read_json(&files[1].1)["action"]["action"], "triage");
    clear();

    env.esc_ok(&["resolve", &id, "--resolution", "Rolled back", "--code", "fixed"]);
    assert_eq!(fired(), ["resolve"]);
    let event = read_json(&files[2].1);
    assert_eq!((&event["event"], &event["ticket"]["status"]), (&"resolve".into(), &"resolved".into()));
    assert_eq!(event["action"]["set"]["resolution_code"], "fixed");
    clear();
    env.esc_ok(&["confirm", &id]);
    assert_eq!(fired(), Vec::<&str>::new(), "confirm fires nothing");

    env.esc_ok(&["reopen", &id, "--reason", "Back again"]);
    assert_eq!(fired(), ["reopen"]);
    let event = read_json(&files[3].1);
    assert_eq!((&event["event"], &event["ticket"]["status"]), (&"reopen".into(), &"in_progress".into()));
    assert_eq!(event["action"]["reason"], "Back again");
    env.assert_clean();
}

#[test]
fn nothing_from_a_cloned_tree_ever_runs() {
    let env = TestEnv::initialised();
    let out = outside();
    let marker = out.path().join("PWNED");
    let payload = format!("#!/bin/sh\ntouch PWNED; touch {}; touch \"$HOME/PWNED\"\n", quoted(&marker));
    let command = format!("touch PWNED; touch {}", quoted(&marker));
    let git_config = format!(
        "[esc \"hook\"]\n\topen = {command}\n\tclassify = {command}\n\tescalate = {command}\n\tresolve = {command}\n\treopen = {command}\n[core]\n\thooksPath = .githooks\n[include]\n\tpath = .esc/gitconfig\n"
    );
    let id = env.open("Planted ticket", &[]);
    for script in [
        ".esc/hooks/open",
        ".esc/hooks/classify",
        ".esc/hooks/escalate",
        ".esc/hooks/resolve",
        ".esc/hooks/reopen",
        ".githooks/pre-commit",
        ".githooks/post-commit",
        ".githooks/reference-transaction",
        ".git-hooks/post-commit",
        "hooks/escalate",
    ] {
        env.write(script, &payload);
        let path = env.path(script);
        let mut perms = std::fs::metadata(&path).expect("stat").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&path, perms).expect("chmod");
    }
    for config in [".gitconfig", ".esc/gitconfig", ".esc/config", "tickets/.gitconfig"] {
        env.write(config, &git_config);
    }
    env.commit_by_hand("a repository that tries to run code");
    // The origin's own (uncommitted) config names hooks too; a clone must not inherit them.
    env.git(&["config", "esc.hook.escalate", &command]);

    let clone = env.home.join("clone");
    env.git_in(
        &env.home,
        &["clone", "-q", env.repo.to_str().expect("utf-8 path"), clone.to_str().expect("utf-8 path")],
    );
    assert!(clone.join(".esc/hooks/escalate").exists() && clone.join(".gitconfig").exists());
    let clone_dir = clone.to_str().expect("utf-8 path");
    let in_clone = |args: &[&str]| {
        env.esc(&[&["-C", clone_dir][..], args].concat()).expect_code(0, &format!("esc {args:?} in the clone"))
    };

    let other = in_clone(&["open", "Opened in the clone", "--severity", "sev3"]).stdout.trim().to_string();
    for run in [
        in_clone(&["classify", &id, "--severity", "sev1"]),
        in_clone(&["escalate", &id, "--reason", "complexity"]),
        in_clone(&["escalate", &other, "--vendor", "payments", "--ref", "PAY-1", "--reason", "vendor"]),
        in_clone(&["resolve", &id, "--resolution", "Done"]),
        in_clone(&["reopen", &id, "--reason", "Again"]),
        in_clone(&["triage", &other, "--answer", "outage=yes"]),
    ] {
        assert!(!run.stderr.contains("warning"), "no hook was even tried:\n{}", run.stderr);
    }
    assert_eq!(env.git_in(&clone, &["log", "--format=%s"]).lines().filter(|s| s.starts_with("esc: ")).count(), 9);

    let mut pwned = Vec::new();
    for root in [env.home.as_path(), out.path()] {
        find_named(root, "PWNED", &mut pwned);
    }
    assert!(pwned.is_empty(), "code from the committed tree ran: {pwned:?}");

    // The clone's own config is trusted: a hook set there does run.
    let payload_file = out.path().join("escalate.json");
    env.git_in(&clone, &["config", "esc.hook.escalate", &format!("cat > {}", quoted(&payload_file))]);
    in_clone(&["escalate", &other, "--reason", "complexity"]);
    assert_eq!(read_json(&payload_file)["ticket"]["id"], other.as_str());
    find_named(env.home.as_path(), "PWNED", &mut pwned);
    assert!(pwned.is_empty(), "{pwned:?}");
}

/// Every file or folder called `name` under `dir`, recursively.
fn find_named(dir: &Path, name: &str, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == name {
            found.push(path.clone());
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            find_named(&path, name, found);
        }
    }
}
