//! esc commits only its own paths and leaves the user's index and working tree as they were.

use crate::common::{NOW_SHARD, TestEnv, show_field};

/// A repository with a committed `tracked.txt`, then esc initialised.
fn repo_with_user_files() -> TestEnv {
    let env = TestEnv::new();
    env.write("tracked.txt", "line one\n");
    env.commit_by_hand("user: add tracked.txt");
    env.esc_ok(&["init"]);
    env
}

#[test]
fn staged_and_unstaged_user_changes_stay_as_they_were() {
    let env = repo_with_user_files();
    env.write("other.txt", "staged content\n");
    env.git(&["add", "other.txt"]);
    env.write("tracked.txt", "line one\nunstaged edit\n");
    env.write("untracked.txt", "scratch\n");
    let status_before = env.status();
    assert_eq!(status_before, "A  other.txt\n M tracked.txt\n?? untracked.txt\n");
    let staged_before = env.git(&["diff", "--cached"]);
    let unstaged_before = env.git(&["diff"]);

    let id = env.open("Printer on fire", &["--severity", "sev1"]);

    // The commit holds the ticket and nothing else.
    let ticket = format!("{NOW_SHARD}/{id}.md");
    assert_eq!(env.last_commit_paths(), [ticket.as_str()]);
    let stat = env.git(&["show", "--stat", "--format=", "HEAD"]);
    assert!(!stat.contains("other.txt") && !stat.contains("tracked.txt"), "{stat}");
    assert_eq!(env.git(&["show", "HEAD:tracked.txt"]), "line one\n", "HEAD keeps the committed version");
    assert!(env.git(&["ls-tree", "-r", "--name-only", "HEAD"]).lines().all(|p| p != "other.txt"));

    // The user's work is exactly where it was: staged stays staged, unstaged stays unstaged.
    assert_eq!(env.status(), status_before, "the ticket itself is clean");
    assert_eq!(env.git(&["diff", "--cached"]), staged_before);
    assert_eq!(env.git(&["diff"]), unstaged_before);
    assert_eq!(env.read("tracked.txt"), "line one\nunstaged edit\n");
    assert_eq!(env.read("other.txt"), "staged content\n");
    assert_eq!(env.read("untracked.txt"), "scratch\n");
    env.assert_fsck();

    // And the user's next commit contains their staged file only.
    env.git(&["commit", "-q", "-m", "user: add other.txt"]);
    assert_eq!(env.last_commit_paths(), ["other.txt"]);
    assert_eq!(env.status(), " M tracked.txt\n?? untracked.txt\n");
}

#[test]
fn a_later_plain_git_commit_keeps_the_ticket() {
    // git's cached tree in the index would otherwise make this commit silently revert the
    // ticket: `git commit -am` writes the tree from the index.
    let env = repo_with_user_files();
    // A plain commit first, so the index carries a cached tree.
    env.write("tracked.txt", "line one\nline two\n");
    env.git(&["commit", "-q", "-am", "user: second line"]);
    let id = env.open("Cache tree trap", &[]);
    let ticket = format!("{NOW_SHARD}/{id}.md");
    let esc_blob = env.git(&["rev-parse", &format!("HEAD:{ticket}")]);
    env.assert_clean();

    env.write("tracked.txt", "line one\nline two\nline three\n");
    env.git(&["commit", "-q", "-am", "user: third line"]);
    assert_eq!(env.last_commit_paths(), ["tracked.txt"]);
    let stat = env.git(&["show", "--stat", "--format=", "HEAD"]);
    assert!(!stat.contains(&id), "the user's commit must not touch the ticket:\n{stat}");
    assert_eq!(env.git(&["rev-parse", &format!("HEAD:{ticket}")]), esc_blob, "HEAD still has esc's ticket");
    env.assert_clean();

    // Same with `git add -A` and a second esc action in between.
    let second = env.open("Second ticket", &[]);
    env.write("new.txt", "new\n");
    env.commit_by_hand("user: new file");
    assert_eq!(env.last_commit_paths(), ["new.txt"]);
    let tree = env.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(tree.contains(&format!("{second}.md")) && tree.contains(&format!("{id}.md")), "{tree}");
    env.assert_clean();
    env.assert_fsck();
}

#[test]
fn the_index_records_the_ticket_without_a_refresh() {
    let env = TestEnv::initialised();
    let id = env.open("Stat info", &[]);
    // diff-files does not refresh the index: a wrong stat would show the ticket as modified.
    assert_eq!(env.git(&["diff-files", "--name-only"]), "");
    assert_eq!(env.git(&["diff-index", "--cached", "--name-only", "HEAD"]), "");
    assert!(env.git(&["ls-files", "--stage"]).contains(&format!("{id}.md")));
}

#[test]
fn git_status_is_clean_after_every_esc_action() {
    let env = TestEnv::new();
    env.esc_ok(&["init"]);
    env.assert_clean();
    for i in 0..3 {
        env.open(&format!("ticket {i}"), &["--label", "x"]);
        env.assert_clean();
    }
    for args in [&["list"][..], &["lint"], &["list", "--all"]] {
        env.esc_ok(args);
        env.assert_clean();
    }
    assert_eq!(env.commit_count(), 4);
    env.assert_fsck();
}

#[test]
fn an_unborn_branch_gets_esc_as_its_first_commits() {
    let env = TestEnv::new();
    env.git(&["symbolic-ref", "HEAD", "refs/heads/trunk"]);
    assert_eq!(env.commit_count(), 0);
    env.esc_ok(&["init"]);
    assert_eq!(env.commit_count(), 1);
    assert_eq!(env.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "trunk");
    assert_eq!(env.git(&["log", "-1", "--format=%P"]).trim(), "", "a root commit");
    let mut files = env.last_commit_paths();
    files.sort();
    assert_eq!(files, [".esc/config.yaml", ".gitattributes"]);
    assert_eq!(env.last_message(), "esc: init: ticket repository with the default policy\n\nEsc-Action: init\n\n");
    env.assert_clean();
    env.open("First", &[]);
    assert_eq!(env.commit_count(), 2);
    assert_eq!(env.git(&["branch", "--format=%(refname:short)"]).trim(), "trunk", "no other branch appears");
    env.assert_fsck();
}

#[test]
fn an_esc_root_in_a_subfolder_commits_only_below_it() {
    let env = TestEnv::new();
    env.write("README.md", "project\n");
    env.commit_by_hand("user: readme");
    std::fs::create_dir(env.path("support")).expect("mkdir support");
    env.esc_ok(&["-C", "support", "init"]);
    let mut files = env.last_commit_paths();
    files.sort();
    assert_eq!(files, ["support/.esc/config.yaml", "support/.gitattributes"]);
    assert!(!env.path(".esc").exists() && !env.path(".gitattributes").exists());

    let id = env.esc_ok(&["-C", "support", "open", "In a subfolder"]).trim().to_string();
    assert_eq!(env.last_commit_paths(), [format!("support/{NOW_SHARD}/{id}.md")]);
    env.assert_clean();
    // Paths shown to users are relative to the esc root.
    let show = env.esc_ok(&["-C", "support", "show", &id]);
    assert_eq!(show_field(&show, "file"), Some(format!("{NOW_SHARD}/{id}.md").as_str()), "{show}");
    let log = env.esc_ok(&["-C", "support", "log", &id]);
    let head = env.git(&["rev-parse", "--short=8", "HEAD"]);
    assert!(log.starts_with(&format!("{}  ", head.trim())) && log.contains("open"), "{log}");
    env.esc(&["-C", "support", "lint"]).expect_code(0, "lint in a subfolder root");
    // esc finds the root from any folder below it, and not from above it.
    let deep =
        crate::common::run(env.esc_command().current_dir(env.path(&format!("support/{NOW_SHARD}"))).args(["list"]))
            .expect_code(0, "list from a ticket folder");
    assert!(deep.stdout.contains(&id));
    let above = env.esc(&["list"]).expect_error("list above the esc root");
    assert!(above.hint().is_some_and(|h| h.contains("esc init")), "{}", above.stderr);
    env.assert_fsck();
}

#[test]
fn dash_c_works_from_another_directory() {
    let env = TestEnv::initialised();
    let elsewhere = env.home.join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let repo = env.repo.to_str().expect("utf-8 path");
    let run =
        crate::common::run(env.esc_command().current_dir(&elsewhere).args(["-C", repo, "open", "Remote control"]))
            .expect_code(0, "open -C");
    let id = run.stdout.trim();
    assert_eq!(env.ticket_path(id), format!("{NOW_SHARD}/{id}.md"));
    assert!(std::fs::read_dir(&elsewhere).expect("read dir").next().is_none(), "nothing written in the cwd");
    let show = crate::common::run(env.esc_command().current_dir(&elsewhere).args(["show", id, "-C", repo]))
        .expect_code(0, "show");
    assert!(show.stdout.starts_with(id));
    // A relative -C is relative to the current directory.
    let relative = crate::common::run(env.esc_command().current_dir(&env.home).args(["-C", "repo", "show", id]))
        .expect_code(0, "relative -C");
    assert!(relative.stdout.starts_with(id));
    env.assert_clean();

    let missing = env.esc(&["-C", "no/such/dir", "list"]).expect_error("-C to a missing folder");
    assert!(missing.stderr.contains("no/such/dir"), "{}", missing.stderr);
}

#[test]
fn a_linked_worktree_commits_on_its_own_branch() {
    let env = TestEnv::initialised();
    let worktree = env.home.join("feature-worktree");
    env.git(&["worktree", "add", "-q", "-b", "feature", worktree.to_str().expect("utf-8 path")]);
    let run = crate::common::run(env.esc_command().current_dir(&worktree).args(["open", "From a worktree"]))
        .expect_code(0, "open in a linked worktree");
    let id = run.stdout.trim();
    assert_eq!(env.git(&["rev-list", "--count", "main"]).trim(), "1", "main did not move");
    assert_eq!(env.git(&["rev-list", "--count", "feature"]).trim(), "2");
    assert_eq!(env.git(&["show", "--name-only", "--format=", "feature"]).trim(), format!("{NOW_SHARD}/{id}.md"));
    assert_eq!(env.git_in(&worktree, &["status", "--porcelain"]), "");
    env.assert_clean();
    env.assert_fsck();
}

#[test]
fn paths_with_spaces_and_unicode_work() {
    let env = TestEnv::new();
    let folder = "support desk \u{e9}\u{fc}";
    std::fs::create_dir(env.path(folder)).expect("mkdir");
    env.esc_ok(&["-C", folder, "init"]);
    let id = env.esc_ok(&["-C", folder, "open", "Spaces"]).trim().to_string();
    assert_eq!(
        env.git(&["-c", "core.quotepath=false", "show", "--name-only", "--format=", "HEAD"]).trim(),
        format!("{folder}/{NOW_SHARD}/{id}.md")
    );
    env.assert_clean();
    assert!(env.esc_ok(&["-C", folder, "show", &id]).contains("Spaces"));
}
