//! Working as a team: clones of one repository through a bare remote, each acting on the same
//! ticket, then merging with plain git. esc's merge driver (registered by the first esc
//! command in each clone) makes those merges conflict-free.

use crate::common::TestEnv;

/// A remote and two clones of it (`a` and `b`), both knowing the ticket `id`.
struct Team {
    seed: TestEnv,
    a: TestEnv,
    b: TestEnv,
    id: String,
    /// The ticket's file.
    path: String,
}

impl Team {
    fn new() -> Team {
        let seed = TestEnv::initialised();
        let remote = seed.home.join("remote.git");
        seed.git_in(&seed.home, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        seed.git(&["remote", "add", "origin", &remote.to_string_lossy()]);
        let id = seed.open("Checkout fails for Acme", &["--severity", "sev2", "--body", "The card form spins."]);
        seed.git(&["push", "-q", "-u", "origin", "main"]);
        let clone = |name: &str| {
            seed.git_in(&seed.home, &["clone", "-q", &remote.to_string_lossy(), name]);
            let env = seed.in_dir(name);
            env.git(&["config", "pull.rebase", "false"]);
            // The first esc command in a clone sets up the driver, and says so once.
            let first = env.esc(&["show", &id]).expect_code(0, "show in a fresh clone");
            assert!(first.stderr.contains("registered its merge driver"), "{}", first.stderr);
            env
        };
        let (a, b) = (clone("a"), clone("b"));
        let path = seed.ticket_path(&id);
        Team { seed, a, b, id, path }
    }

    fn path(&self) -> String {
        self.path.clone()
    }

    /// Both clones' copies of the ticket, after each pulled the other's work.
    fn sync_both(&self, pull: &[&str]) {
        self.a.git(&["push", "-q"]);
        let mut args = vec!["pull", "-q"];
        args.extend_from_slice(pull);
        self.b.git(&args);
        self.b.git(&["push", "-q"]);
        self.a.git(&["pull", "-q"]);
    }

    fn assert_same_and_healthy(&self) -> String {
        let path = self.path();
        let (in_a, in_b) = (self.a.read(&path), self.b.read(&path));
        assert_eq!(in_a, in_b, "both clones hold the same bytes");
        for env in [&self.a, &self.b] {
            env.assert_clean();
            env.assert_fsck();
            let lint = env.esc(&["lint"]).expect_code(0, "the merged ticket is what esc would have written");
            assert_eq!(lint.stdout, "");
        }
        in_a
    }
}

#[test]
fn the_same_ticket_changed_in_two_clones_merges_on_git_pull() {
    let team = Team::new();
    let id = &team.id;
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "Looking into the card API"]);
    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["assign", id, "Chen Wei <chen@example.com>"]);
    team.a.esc_at_ok("2026-11-25T09:50:00Z", &["escalate", id, "--reason", "needs-specialist"]);
    team.b.esc_at_ok("2026-11-25T09:45:00Z", &["classify", id, "--severity", "sev1"]);
    team.sync_both(&[]);
    let text = team.assert_same_and_healthy();

    // Every action of both sides is there once, in time order, and the state follows.
    let show: serde_json::Value = crate::common::json(&team.a.esc_ok(&["--json", "show", id]));
    let actions: Vec<&str> =
        show["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["open", "update", "assign", "classify", "escalate"], "{text}");
    assert_eq!(show["assignee"], "Chen Wei <chen@example.com>");
    assert_eq!(
        (show["level"].as_str(), show["severity"].as_str(), show["status"].as_str()),
        (Some("L2"), Some("sev1"), Some("in_progress"))
    );
    assert_eq!(show["priority"], "P1", "sev1 implies the P1 priority");
    let merge_parents = team.a.git(&["log", "-1", "--format=%P"]);
    assert_eq!(merge_parents.split_whitespace().count(), 2, "git made a merge commit, without conflict");
    drop(team.seed);
}

#[test]
fn pull_rebase_waits_and_resolves_merge_too() {
    let team = Team::new();
    let id = &team.id;
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["wait", id, "--on", "customer", "-m", "Which card?"]);
    team.b.esc_at_ok("2026-11-25T09:42:00Z", &["update", id, "-m", "Reproduced on staging", "--internal"]);
    team.a.esc_at_ok("2026-11-25T10:00:00Z", &["resume", id]);
    team.a.esc_at_ok("2026-11-25T10:10:00Z", &["resolve", id, "--resolution", "Rotated the API key"]);
    team.b.esc_at_ok("2026-11-25T10:05:00Z", &["escalate", id, "--reason", "needs-specialist"]);
    team.sync_both(&["--rebase"]);
    team.assert_same_and_healthy();
    let show: serde_json::Value = crate::common::json(&team.b.esc_ok(&["--json", "show", id]));
    assert_eq!((show["status"].as_str(), show["level"].as_str()), (Some("resolved"), Some("L2")));
    assert_eq!(team.b.git(&["log", "-1", "--format=%P"]).split_whitespace().count(), 1, "rebased, no merge commit");

    // Reopened on one side, noted on the other: still one story.
    team.a.esc_at_ok("2026-11-25T11:00:00Z", &["reopen", id, "--reason", "It is back"]);
    team.b.esc_at_ok("2026-11-25T11:01:00Z", &["update", id, "-m", "Customer says it is back", "--internal"]);
    team.sync_both(&[]);
    team.assert_same_and_healthy();
}

#[test]
fn notes_both_sides_add_to_the_body_are_both_kept() {
    let team = Team::new();
    let path = team.path();
    let note = |env: &TestEnv, text: &str| {
        let body = env.read(&path) + text;
        env.write(&path, &body);
        env.commit_by_hand("a note");
    };
    note(&team.a, "\nAna: the customer uses Firefox.\n");
    note(&team.b, "\nBen: it also fails on mobile.\n");
    team.sync_both(&[]);
    let text = team.assert_same_and_healthy();
    assert!(
        text.contains("Ana: the customer uses Firefox.") && text.contains("Ben: it also fails on mobile."),
        "{text}"
    );
    assert!(!text.contains("<<<<<<<"), "{text}");
}

/// A merge made without esc's driver (forced here with `.git/info/attributes`, as a hosting
/// service's merge button or a clone without esc would): every command names the conflict,
/// and `esc conflicts --fix` repairs it.
#[test]
fn a_driverless_merge_conflict_is_named_and_repaired() {
    let team = Team::new();
    let (id, path) = (&team.id, team.path());
    std::fs::write(team.b.repo.join(".git/info/attributes"), "tickets/** merge=text\n").unwrap();
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "Looking into it"]);
    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["assign", id, "Chen Wei <chen@example.com>"]);
    team.a.git(&["push", "-q"]);
    let mut git_pull = std::process::Command::new("git");
    git_pull.current_dir(&team.b.repo).args(["pull", "-q"]);
    let merged = team.b.git_status_of(git_pull);
    assert_ne!(merged, 0, "git's line merge conflicts inside history:");
    assert!(team.b.read(&path).contains("<<<<<<<"));

    let list = team.b.esc(&["list"]).expect_code(0, "list still lists the rest");
    assert!(list.stderr.contains(&format!("warning: skipped {path}:")), "{}", list.stderr);
    assert!(
        list.stderr.contains("unresolved merge conflict") && list.stderr.contains("esc conflicts --fix"),
        "{}",
        list.stderr
    );
    let check = team.b.esc(&["check"]).expect_code(2, "check cannot judge a conflicted ticket");
    assert!(check.stderr.contains("unresolved merge conflict"), "{}", check.stderr);
    assert!(check.hint().is_some_and(|h| h.contains("esc conflicts --fix")), "{}", check.stderr);
    let lint = team.b.esc(&["lint"]).expect_code(1, "lint reports it");
    assert!(
        lint.stdout.contains(&format!("{path}:")) && lint.stdout.contains("unresolved merge conflict"),
        "{}",
        lint.stdout
    );
    let listed = team.b.esc(&["conflicts"]).expect_code(1, "conflicts lists it");
    assert_eq!(listed.stdout, format!("{path}: unmerged (git stopped on it)\n"));

    let fixed = team.b.esc(&["conflicts", "--fix"]).expect_code(0, "the fix merges by meaning");
    assert_eq!(fixed.stdout, format!("{path}: merged and staged\n"));
    assert!(fixed.stderr.contains("git commit"), "{}", fixed.stderr);
    team.b.git(&["commit", "-q", "--no-edit"]);
    team.b.esc(&["conflicts"]).expect_code(0, "none left");
    team.b.git(&["push", "-q"]);
    team.a.git(&["pull", "-q"]);
    let text = team.assert_same_and_healthy();
    assert!(text.contains("action: update") && text.contains("action: assign"), "{text}");
}

/// Conflict markers committed as they were (a merge button that commits anyway): `--fix`
/// merges the two sides inside the markers.
#[test]
fn committed_conflict_markers_are_repaired_from_the_two_sides() {
    let team = Team::new();
    let (id, path) = (&team.id, team.path());
    std::fs::write(team.b.repo.join(".git/info/attributes"), "tickets/** merge=text\n").unwrap();
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["escalate", id, "--reason", "needs-specialist"]);
    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["ack", id]);
    team.a.git(&["push", "-q"]);
    let mut git_pull = std::process::Command::new("git");
    git_pull.current_dir(&team.b.repo).args(["pull", "-q"]);
    assert_ne!(team.b.git_status_of(git_pull), 0);
    team.b.git(&["add", &path]);
    team.b.git(&["commit", "-q", "--no-edit"]);
    let listed = team.b.esc(&["conflicts"]).expect_code(1, "committed markers");
    assert!(
        listed.stdout.starts_with(&format!("{path}:")) && listed.stdout.contains("conflict markers"),
        "{}",
        listed.stdout
    );
    team.b.esc(&["conflicts", "--fix"]).expect_code(0, "fixed");
    team.b.git(&["commit", "-q", "-m", "Repair the ticket merged with markers"]);
    team.b.assert_clean();
    team.b.esc(&["lint"]).expect_code(0, "lint is clean again");
    let show: serde_json::Value = crate::common::json(&team.b.esc_ok(&["--json", "show", id]));
    assert_eq!((show["level"].as_str(), show["status"].as_str()), (Some("L2"), Some("acknowledged")));
}

/// CI often works in a depth-1 clone: the clocks come from the ticket alone, so `esc check`
/// gives the same verdicts, and `esc log` shows what history the clone has.
#[test]
fn a_depth_one_clone_gives_the_same_verdicts_and_a_log() {
    let team = Team::new();
    let id = &team.id;
    team.a.esc_at_ok("2026-11-25T09:35:00Z", &["ack", id]);
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "Looking into it"]);
    team.a.git(&["push", "-q"]);
    let remote = format!("file://{}", team.seed.home.join("remote.git").display());
    team.seed.git_in(&team.seed.home, &["clone", "-q", "--depth", "1", &remote, "ci"]);
    let ci = team.seed.in_dir("ci");
    assert_eq!(ci.git(&["rev-list", "--count", "HEAD"]).trim(), "1", "a shallow clone");
    for format in ["json", "human", "github"] {
        let args = ["check", "--format", format, "--now", "2026-11-25T18:00:00Z"];
        let (full, shallow) = (team.a.esc(&args), ci.esc(&args));
        assert_eq!((full.code, &full.stdout), (shallow.code, &shallow.stdout), "check --format {format}");
    }
    let log = ci.esc(&["log", id]).expect_code(0, "log in a shallow clone");
    assert!(log.stdout.contains("update") && log.stdout.contains("earlier history is not here"), "{}", log.stdout);
}

#[test]
fn esc_sync_fetches_merges_and_pushes() {
    let team = Team::new();
    let (id, path) = (&team.id, team.path());
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "Looking into it"]);
    let first = team.a.esc(&["sync"]).expect_code(0, "a pushes");
    assert!(first.stderr.contains("sync: 0 commits in, 1 out (origin/main)"), "{}", first.stderr);

    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["assign", id, "Chen Wei <chen@example.com>"]);
    let second = team.b.esc(&["sync", "origin"]).expect_code(0, "b merges and pushes");
    assert!(second.stderr.contains("sync: 1 commit in, 2 out (origin/main)"), "{}", second.stderr);
    assert!(second.stderr.contains(&format!("  changed: {path}")), "{}", second.stderr);

    team.a.esc_at_ok("2026-11-25T09:50:00Z", &["escalate", id, "--reason", "needs-specialist"]);
    let third = team.a.esc(&["sync", "--rebase"]).expect_code(0, "a rebases its escalation onto b's work");
    assert!(third.stderr.contains("2 commits in, 1 out"), "{}", third.stderr);
    team.b.esc(&["sync"]).expect_code(0, "b catches up");
    team.assert_same_and_healthy();
    let remote_head = team.a.git(&["rev-parse", "origin/main"]);
    assert_eq!(team.a.git(&["rev-parse", "HEAD"]), remote_head);
    assert_eq!(team.b.git(&["rev-parse", "HEAD"]), remote_head);
}

#[test]
fn esc_sync_refuses_what_it_cannot_sync_with_a_hint() {
    let team = Team::new();
    let path = team.path();
    team.a.edit(&path, "The card form spins.", "The card form spins forever.");
    let dirty = team.a.esc_rejects(&["sync"]);
    assert!(dirty.stderr.contains("uncommitted changes") && dirty.stderr.contains(&path), "{}", dirty.stderr);
    assert!(dirty.hint().is_some_and(|h| h.contains("git stash")), "{}", dirty.stderr);
    team.a.git(&["checkout", "--", &path]);

    let unknown = team.a.esc_rejects(&["sync", "upstream"]);
    assert!(unknown.stderr.contains("there is no remote 'upstream'"), "{}", unknown.stderr);

    team.a.git(&["checkout", "-q", "--detach"]);
    let detached = team.a.esc_rejects(&["sync"]);
    assert!(detached.stderr.contains("HEAD is detached"), "{}", detached.stderr);

    let alone = TestEnv::initialised();
    let no_remote = alone.esc_rejects(&["sync"]);
    assert!(
        no_remote.stderr.contains("no remote") && no_remote.hint().is_some_and(|h| h.contains("git remote add")),
        "{}",
        no_remote.stderr
    );
}

/// The review of a ticket, worked on in two clones: an action item marked done on one side
/// and one added on the other both survive the merge.
#[test]
fn a_review_edited_in_two_clones_merges_its_action_items() {
    let team = Team::new();
    let id = &team.id;
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["resolve", id, "--resolution", "Rotated the API key"]);
    team.a.esc_at_ok(
        "2026-11-25T10:00:00Z",
        &["review", id, "--action", "Alert on card API errors", "--owner", "Chen Wei", "--due", "5d"],
    );
    team.a.esc(&["sync"]).expect_code(0, "a shares the review");
    team.b.esc(&["sync"]).expect_code(0, "b gets it");

    team.a.esc_at_ok("2026-11-26T10:00:00Z", &["review", id, "--done", "A1"]);
    team.b.esc_at_ok(
        "2026-11-26T11:00:00Z",
        &["review", id, "--action", "Rotate keys on a schedule", "--owner", "Dana Kovac", "--due", "10d"],
    );
    team.b.esc_at_ok("2026-11-26T11:05:00Z", &["review", id, "--reviewer", "Eli Ramos"]);
    team.a.esc(&["sync"]).expect_code(0, "a pushes");
    team.b.esc(&["sync"]).expect_code(0, "b merges the review by meaning");
    team.a.esc(&["sync"]).expect_code(0, "a catches up");
    let path = format!("reviews/{id}.md");
    let (in_a, in_b) = (team.a.read(&path), team.b.read(&path));
    assert_eq!(in_a, in_b);
    assert!(!in_a.contains("<<<<<<<"), "{in_a}");
    let front = crate::common::front_matter(&in_a);
    let items: Vec<&str> = front.lines().filter(|l| l.starts_with("- id: A") || l.starts_with("  status: ")).collect();
    assert_eq!(items, ["- id: A1", "  status: done", "- id: A2", "  status: open"], "{in_a}");
    assert!(front.contains("reviewers:\n- Eli Ramos\n"), "{in_a}");
    team.assert_same_and_healthy();
}

/// 200 rounds of concurrent edits of one ticket in two clones, each merged with `esc sync`:
/// no conflict, no history entry lost or doubled, identical files. About a minute, so not
/// in the default run: `cargo test --test cli -- --ignored two_hundred`.
#[test]
#[ignore = "long: run by hand"]
fn two_hundred_concurrent_edit_pairs_merge_cleanly() {
    let team = Team::new();
    let id = team.id.clone();
    let actions: Vec<Vec<String>> = [
        "update {id} -m progress",
        "update {id} -m note --internal",
        "assign {id} Chen",
        "assign {id} Dana",
        "escalate {id} --reason needs-specialist",
        "deescalate {id} --to L1 --reason back",
        "wait {id} --on customer -m question",
        "resume {id}",
        "resolve {id} --resolution fixed",
        "reopen {id} --reason again",
        "classify {id} --urgency low",
        "classify {id} --urgency high",
    ]
    .iter()
    .map(|a| a.replace("{id}", &id).split(' ').map(str::to_string).collect())
    .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    let start = crate::common::parse_time("2026-11-25T10:00:00Z");
    let mut recorded = 1; // the open entry
    for round in 0..200 {
        for (env, offset) in [(&team.a, 0), (&team.b, 1)] {
            let at = (start + chrono::Duration::minutes(2 * round + offset)).to_rfc3339();
            let action = &actions[next() % actions.len()];
            let args: Vec<&str> = action.iter().map(String::as_str).collect();
            let run = env.esc_at(&at, &args);
            assert!(run.code == 0 || run.code == 2, "round {round}: {args:?}: {}", run.stderr);
            if run.code == 2 {
                // Not allowed in the ticket's state now: an internal note always is, so every
                // round is a pair of concurrent changes.
                env.esc_at_ok(&at, &["update", &id, "-m", "note", "--internal"]);
            }
            recorded += 1;
        }
        team.a.esc(&["sync"]).expect_code(0, &format!("round {round}: a syncs"));
        team.b.esc(&["sync"]).expect_code(0, &format!("round {round}: b merges"));
        team.a.esc(&["sync"]).expect_code(0, &format!("round {round}: a catches up"));
        let (in_a, in_b) = (team.a.read(&team.path), team.b.read(&team.path));
        assert_eq!(in_a, in_b, "round {round}: identical files");
        assert_eq!(in_a.matches("\n- at: ").count(), recorded, "round {round}: every entry once");
    }
    team.assert_same_and_healthy();
    eprintln!("200 rounds of concurrent pairs: {recorded} history entries, 0 conflicts, identical files");
}

#[test]
fn three_clones_and_a_cherry_pick_merge_without_conflict() {
    let team = Team::new();
    let id = &team.id;
    let c = {
        let remote = team.seed.home.join("remote.git");
        team.seed.git_in(&team.seed.home, &["clone", "-q", &remote.to_string_lossy(), "c"]);
        team.seed.in_dir("c")
    };
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "From a"]);
    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["update", id, "-m", "From b", "--internal"]);
    c.esc_at_ok("2026-11-25T09:42:00Z", &["assign", id, "Eli Ramos"]);
    for env in [&team.a, &team.b, &c, &team.a, &team.b] {
        env.esc(&["sync"]).expect_code(0, "sync");
    }
    let path = team.path();
    assert_eq!(team.a.read(&path), c.read(&path));
    team.assert_same_and_healthy();

    // A change cherry-picked from a side branch merges by meaning too.
    team.a.git(&["switch", "-q", "-c", "side"]);
    team.a.esc_at_ok("2026-11-25T10:00:00Z", &["escalate", id, "--reason", "needs-specialist"]);
    let picked = team.a.git(&["rev-parse", "HEAD"]);
    team.a.git(&["switch", "-q", "main"]);
    team.a.esc_at_ok("2026-11-25T10:01:00Z", &["update", id, "-m", "Still on it"]);
    team.a.git(&["cherry-pick", picked.trim()]);
    let text = team.a.read(&path);
    assert!(text.contains("action: escalate") && text.contains("Still on it") && !text.contains("<<<<<<<"), "{text}");
    team.a.esc(&["lint"]).expect_code(0, "the picked ticket is consistent");
}

/// A repository whose `.gitattributes` is the user's own (esc init leaves it alone) still
/// merges tickets with esc: the clone's `.git/info/attributes` names the driver.
#[test]
fn a_users_own_gitattributes_gets_the_driver_through_info_attributes() {
    let env = TestEnv::new();
    env.write(".gitattributes", "*.png binary\n");
    env.git(&["add", ".gitattributes"]);
    env.git(&["commit", "-q", "-m", "attributes"]);
    let init = env.esc(&["init"]).expect_code(0, "init");
    assert_eq!(env.read(".gitattributes"), "*.png binary\n", "the user's file is untouched");
    assert!(init.stderr.contains(".git/info/attributes"), "{}", init.stderr);
    let info = std::fs::read_to_string(env.repo.join(".git/info/attributes")).unwrap();
    assert!(info.contains("tickets/**/*.md merge=esc") && info.contains("reviews/*.md merge=esc"), "{info}");
    let path = format!("{}/x.md", crate::common::NOW_SHARD);
    let attr = env.git(&["check-attr", "merge", "--", &path]);
    assert_eq!(attr.trim(), format!("{path}: merge: esc"));
    let again = env.esc(&["list"]).expect_code(0, "list");
    assert!(
        !again.stderr.contains("merge driver") && !again.stderr.contains("attributes"),
        "said once: {}",
        again.stderr
    );
}

/// Both sides rewrote the same body line: `--fix` merges the history, leaves markers only in
/// the body, and does not stage the file, so nobody commits the markers by accident.
#[test]
fn fix_leaves_a_real_body_conflict_to_a_person_unstaged() {
    let team = Team::new();
    let (id, path) = (&team.id, team.path());
    std::fs::write(team.b.repo.join(".git/info/attributes"), "tickets/** merge=text\n").unwrap();
    team.a.esc_at_ok("2026-11-25T09:40:00Z", &["update", id, "-m", "From a"]);
    team.a.edit(&path, "The card form spins.", "The card form spins on Firefox.");
    team.a.commit_by_hand("a's reading");
    team.b.esc_at_ok("2026-11-25T09:41:00Z", &["update", id, "-m", "From b"]);
    team.b.edit(&path, "The card form spins.", "The card form spins on mobile.");
    team.b.commit_by_hand("b's reading");
    team.a.git(&["push", "-q"]);
    let mut git_pull = std::process::Command::new("git");
    git_pull.current_dir(&team.b.repo).args(["pull", "-q"]);
    assert_ne!(team.b.git_status_of(git_pull), 0);

    let fixed = team.b.esc(&["conflicts", "--fix"]).expect_code(1, "the body needs a person");
    assert!(fixed.stdout.contains("merged, not staged") && fixed.stdout.contains("body"), "{}", fixed.stdout);
    let text = team.b.read(&path);
    let front = crate::common::front_matter(&text);
    assert!(!front.contains("<<<<<<<") && front.contains("From a") && front.contains("From b"), "{text}");
    assert!(text.contains("<<<<<<<") && text.contains("on Firefox") && text.contains("on mobile"), "{text}");
    assert!(team.b.git(&["diff", "--name-only", "--diff-filter=U"]).contains(&path), "still unmerged");
}
