//! `esc init`: the files it writes, its one commit, and running it again.

use crate::common::TestEnv;

#[test]
fn init_commits_the_policy_and_attributes() {
    let env = TestEnv::new();
    let run = env.esc(&["init"]).expect_code(0, "init");
    assert!(run.stderr.contains("initialised esc in"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let config = env.read(".esc/config.yaml");
    assert!(config.starts_with('#') && config.contains("\nid_prefix: ESC\n") && config.contains("\nseverities:\n"));
    assert!(env.read(".gitattributes").contains("tickets/**/*.md text eol=lf"));
    assert_eq!(env.commit_count(), 1);
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim(), "esc: init: ticket repository with the default policy");
    assert_eq!(env.git(&["log", "-1", "--format=%(trailers:only,unfold)"]).trim(), "Esc-Action: init");
    assert_eq!(env.git(&["show", "HEAD:.esc/config.yaml"]), config);
    env.assert_clean();
    env.assert_fsck();
    env.esc(&["lint"]).expect_code(0, "the default policy is clean");
}

#[test]
fn init_twice_changes_nothing() {
    let env = TestEnv::initialised();
    env.open("Before the second init", &[]);
    let head = env.git(&["rev-parse", "HEAD"]);
    let config = env.read(".esc/config.yaml");
    for args in [&["init"][..], &["init", "--prefix", "OPS"]] {
        let run = env.esc(args).expect_code(0, "second init");
        assert!(run.stderr.contains("already initialised"), "{}", run.stderr);
        assert_eq!(env.git(&["rev-parse", "HEAD"]), head, "no new commit");
        assert_eq!(env.read(".esc/config.yaml"), config);
        env.assert_clean();
    }
    let json: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "init"])).expect("JSON");
    assert_eq!(json["already_initialised"], true);
    assert_eq!(json["root"], env.repo.to_str().expect("utf-8 path"));
    // From a folder below the root, too.
    let below = crate::common::run(env.esc_command().current_dir(env.path(".esc")).arg("init"))
        .expect_code(0, "init below the root");
    assert!(below.stderr.contains("already initialised"), "{}", below.stderr);
    assert_eq!(env.git(&["rev-parse", "HEAD"]), head);
}

#[test]
fn init_outside_git_creates_the_repository() {
    let env = TestEnv::without_git();
    assert!(!env.path(".git").exists());
    let run = env.esc(&["init"]).expect_code(0, "init without a repository");
    assert!(run.stderr.contains("created a git repository"), "{}", run.stderr);
    assert!(env.path(".git").is_dir());
    assert_eq!(env.commit_count(), 1);
    let mut files = env.last_commit_paths();
    files.sort();
    assert_eq!(files, [".esc/config.yaml", ".gitattributes"]);
    env.assert_clean();
    env.assert_fsck();
    let id = env.open("Works right away", &[]);
    assert_eq!(env.commit_count(), 2);
    assert!(env.esc_ok(&["show", &id]).contains("Works right away"));
    env.assert_clean();
}

#[test]
fn init_keeps_the_users_gitattributes_and_staged_work() {
    let env = TestEnv::new();
    env.write(".gitattributes", "*.png binary\n");
    env.commit_by_hand("user: attributes");
    env.write("staged.txt", "mine\n");
    env.git(&["add", "staged.txt"]);
    env.esc_ok(&["init"]);
    assert_eq!(env.last_commit_paths(), [".esc/config.yaml"]);
    assert_eq!(env.read(".gitattributes"), "*.png binary\n");
    assert_eq!(env.status(), "A  staged.txt\n");
}

#[test]
fn init_rejects_a_bad_prefix() {
    let env = TestEnv::new();
    for prefix in ["1ABC", "A-B", "", "ÉSC", "a b"] {
        let run = env.esc(&["init", "--prefix", prefix]).expect_error("bad prefix");
        assert!(run.stderr.contains("cannot prefix ticket ids"), "{prefix:?}: {}", run.stderr);
    }
    assert!(!env.path(".esc").exists());
    assert_eq!(env.commit_count(), 0);
}

/// A git repository inside a ticket repository is a repository of its own: esc does not look
/// past its top for a `.esc/` (as git stops at its own `.git`).
#[test]
fn a_repository_inside_a_ticket_repository_is_its_own() {
    let env = TestEnv::initialised();
    let inner = env.repo.join("inner");
    std::fs::create_dir(&inner).unwrap();
    env.git_in(&inner, &["init", "-q", "-b", "main"]);
    let nested = env.in_dir("repo/inner");
    nested.esc(&["list"]).expect_error("not a ticket repository yet");
    let run = nested.esc(&["init"]).expect_code(0, "init makes it one");
    assert!(!run.stderr.contains("already initialised"), "{}", run.stderr);
    assert!(inner.join(".esc/config.yaml").is_file());
    nested.esc(&["list"]).expect_code(0, "now it is");
}
