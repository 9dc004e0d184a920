//! `esc audit` on repositories built to hold each kind of finding: a forged `by`, an entry
//! added by hand, a rewritten and a removed entry, a forbidden resolve, an override, a policy
//! that does not parse; and on ones that hold none (two clones merging, a rule added after
//! the fact, a shallow clone).

use crate::common::{EMAIL, NAME, TestEnv};
use crate::roles::{esc_as, with_roles};

/// `esc audit --json`: exit code and findings as (kind, ticket, entry, rules).
fn audit(env: &TestEnv, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["audit", "--json"];
    all.extend_from_slice(args);
    let run = env.esc(&all);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run.code, json["findings"].as_array().unwrap().clone())
}

fn kinds(findings: &[serde_json::Value]) -> Vec<String> {
    findings.iter().map(|f| f["kind"].as_str().unwrap().to_string()).collect()
}

/// Appends a history entry to the ticket file by hand (before the closing `---`).
fn append_entry(env: &TestEnv, id: &str, entry: &str) {
    let path = env.ticket_path(id);
    let text = env.read(&path);
    let end = text[3..].find("\n---\n").unwrap() + 3;
    env.write(&path, &format!("{}\n{}{}", &text[..end], entry.trim_end(), &text[end..]));
}

/// A ticket, and a note recorded as Bo's added to it by hand in a commit of Ana's; its id.
fn forged_note(env: &TestEnv) -> String {
    let id = env.open("Checkout is down", &["--severity", "sev3"]);
    append_entry(
        env,
        &id,
        "- at: 2026-11-25T09:40:00Z\n  by: Bo Berg <bo@example.com>\n  action: note\n  message: All fine\n",
    );
    env.git(&["commit", "-qam", "a note"]);
    id
}

#[test]
fn a_history_made_by_esc_within_the_rules_is_clean() {
    let env = with_roles();
    let id = env.open("Checkout is down", &["--severity", "sev1"]);
    env.esc_ok(&["ack", &id]);
    env.esc_ok(&["update", &id, "-m", "Looking into it"]);
    esc_as(&env, "Bo Berg", "bo@example.com", &["resolve", &id, "-m", "restarted"]).expect_code(0, "lead resolves");
    let run = env.esc(&["audit"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    assert!(run.stderr.contains("audit: 6 commits, 4 entries judged: no findings"), "{}", run.stderr);
}

#[test]
fn a_forged_entry_shows_up_with_the_commit_that_made_it() {
    let env = with_roles();
    let id = forged_note(&env);
    let commit = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let (code, findings) = audit(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&findings), ["hand-entry", "forged-by"]);
    for finding in &findings {
        assert_eq!(finding["commit"], commit.as_str());
        assert_eq!(finding["id"], id.as_str());
        assert_eq!(finding["entry"], 2);
        assert_eq!(finding["by"], "Bo Berg <bo@example.com>");
        assert_eq!(finding["author"], format!("{NAME} <{EMAIL}>").as_str());
    }
    assert_eq!(
        findings[1]["message"],
        format!("recorded as by Bo Berg <bo@example.com> in a commit by {NAME} <{EMAIL}>").as_str()
    );
}

#[test]
fn a_disallowed_resolve_and_an_override_show_up_with_their_commits() {
    let env = with_roles();
    let id = env.open("Checkout is down", &["--severity", "sev1"]);
    // A resolve written by hand with esc's trailers: esc never made it, the rules forbid it.
    append_entry(
        &env,
        &id,
        &format!(
            "- at: 2026-11-25T09:40:00Z\n  by: {NAME} <{EMAIL}>\n  action: resolve\n  set:\n    resolution: restarted\n    status: resolved\n"
        ),
    );
    let path = env.ticket_path(&id);
    env.write(&path, &env.read(&path).replacen("status: new", "status: resolved", 1));
    env.git(&["commit", "-qam", &format!("esc: resolve {id}: resolved\n\nEsc-Ticket: {id}\nEsc-Action: resolve")]);
    let forbidden_commit = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    env.esc_at("2026-11-25T09:50:00Z", &["reopen", &id, "--reason", "still down"]).expect_code(0, "reopen");
    env.esc_at("2026-11-25T10:00:00Z", &["resolve", &id, "-m", "failed over", "--override", "nobody answers"])
        .expect_code(0, "override");
    let override_commit = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let (code, findings) = audit(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&findings), ["forbidden", "override"]);
    assert_eq!(findings[0]["commit"], forbidden_commit.as_str());
    assert_eq!(findings[0]["rules"], serde_json::json!(["major-closure"]));
    assert_eq!(findings[0]["entry"], 2);
    assert_eq!(findings[0]["action"], "resolve");
    assert_eq!(findings[1]["commit"], override_commit.as_str());
    assert_eq!(findings[1]["entry"], 4);
    assert_eq!(findings[1]["message"], format!("{NAME} <{EMAIL}> overrode major-closure: nobody answers").as_str());
    // The same in the other formats.
    let github = env.esc(&["audit", "--format", "github"]);
    assert_eq!(github.code, 1);
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with(&format!("::error file={path},title=esc audit%3A forbidden {id} entry 2::")),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::warning "), "{}", lines[1]);
    let junit = env.esc(&["audit", "--format", "junit"]).stdout;
    assert!(junit.contains("failures=\"2\""), "{junit}");
    assert!(junit.contains("<failure type=\"forbidden\""), "{junit}");
    let human = env.esc(&["audit"]);
    assert!(
        human.stdout.starts_with(&format!(
            "forbidden  {id} entry 2 resolve [major-closure]  commit {}",
            &forbidden_commit[..10]
        )),
        "{}",
        human.stdout
    );
}

#[test]
fn rewritten_and_removed_entries_are_reported() {
    let env = TestEnv::initialised();
    let id = env.open("Login loops", &["--severity", "sev3"]);
    env.esc_ok(&["update", &id, "-m", "We are on it"]);
    env.esc_ok(&["update", &id, "-m", "Still on it"]);
    let path = env.ticket_path(&id);
    env.write(&path, &env.read(&path).replace("message: We are on it", "message: We fixed it"));
    env.git(&["commit", "-qam", "wording"]);
    let rewrite = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let text = env.read(&path);
    let start = text
        .find("- at: 2026-11-25T09:30:00Z\n  by: Ana Lima <ana@example.com>\n  action: update\n  message: Still on it")
        .unwrap();
    let end = start + text[start..].find("\n---").unwrap();
    env.write(&path, &format!("{}{}", &text[..start].trim_end_matches('\n'), &text[end..]));
    env.git(&["commit", "-qam", "tidy"]);
    let removal = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let (code, findings) = audit(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&findings), ["rewritten", "removed"]);
    assert_eq!(findings[0]["commit"], rewrite.as_str());
    assert_eq!(findings[0]["entry"], 2);
    assert_eq!(findings.last().unwrap()["commit"], removal.as_str());
    assert_eq!(findings.last().unwrap()["entry"], 3);
}

#[test]
fn two_clones_merged_by_esc_audit_clean() {
    let env = with_roles();
    let id = env.open("Checkout is down", &["--severity", "sev3"]);
    let remote = env.home.join("remote.git");
    env.git(&["init", "-q", "--bare", "-b", "main", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "-u", "origin", "main"]);
    let other = env.in_dir("other");
    env.git_in(&env.home, &["clone", "-q", remote.to_str().unwrap(), "other"]);
    other.esc_ok(&["update", &id, "-m", "From the other clone"]);
    other.esc_ok(&["sync"]);
    env.esc_at("2026-11-25T09:35:00Z", &["ack", &id]).expect_code(0, "ack");
    env.esc_ok(&["sync"]);
    assert!(env.git(&["log", "--merges", "--oneline"]).lines().count() >= 1, "the sync merged");
    let (code, findings) = audit(&env, &[]);
    assert_eq!((code, kinds(&findings)), (0, Vec::<String>::new()), "{findings:?}");
}

#[test]
fn the_policy_in_force_when_an_entry_was_made_judges_it() {
    // A sev1 resolved by an agent before the rule existed is not a finding afterwards.
    let env = TestEnv::initialised();
    let id = env.open("Checkout is down", &["--severity", "sev1"]);
    env.esc_ok(&["resolve", &id, "-m", "restarted"]);
    let config = env.read(".esc/config.yaml");
    env.write(".esc/config.yaml", &format!("{config}{}", crate::roles::ROLES));
    env.git(&["commit", "-qam", "Roles"]);
    let (code, findings) = audit(&env, &[]);
    assert_eq!((code, kinds(&findings)), (0, Vec::<String>::new()));
    // An entry made while the policy did not parse is reported as not judged.
    env.write(".esc/config.yaml", "levels: [\n");
    env.git(&["commit", "-qam", "broken policy"]);
    let path = env.ticket_path(&id);
    env.write(&path, &format!("{}More detail.\n", env.read(&path)));
    env.git(&["commit", "-qam", "body"]);
    env.write(".esc/config.yaml", &format!("{config}{}", crate::roles::ROLES));
    env.git(&["commit", "-qam", "fixed policy"]);
    let (code, findings) = audit(&env, &[]);
    assert_eq!((code, kinds(&findings)), (1, vec!["bad-policy".to_string()]));
}

#[test]
fn since_a_revision_or_a_time_audits_only_what_came_after() {
    let env = with_roles();
    let id = forged_note(&env);
    let tip = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    env.esc_at("2026-11-25T10:00:00Z", &["ack", &id]).expect_code(0, "ack");
    assert_eq!(audit(&env, &["--since", &tip]), (0, Vec::new()));
    assert_eq!(audit(&env, &["--since", "HEAD~1"]).0, 0);
    assert_eq!(audit(&env, &["--since", "HEAD~2"]).0, 1);
    // Commits are dated by GIT_AUTHOR_DATE in these tests (2026-11-25T10:00): all of them.
    assert_eq!(audit(&env, &["--since", "2026-11-25"]).0, 1);
    assert_eq!(audit(&env, &["--since", "2026-11-26"]), (0, Vec::new()));
    let run = env.esc(&["audit", "--since", "no-such-branch"]).expect_error("unknown revision");
    assert!(run.stderr.contains("--since no-such-branch: no such commit"), "{}", run.stderr);
}

#[test]
fn a_shallow_clone_is_audited_from_its_first_commit() {
    let env = with_roles();
    let id = forged_note(&env);
    env.esc_at("2026-11-25T10:00:00Z", &["ack", &id]).expect_code(0, "ack");
    let url = format!("file://{}", env.repo.display());
    env.git_in(&env.home, &["clone", "-q", "--depth", "2", &url, "shallow"]);
    let shallow = env.in_dir("shallow");
    let run = shallow.esc(&["audit"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("note: this clone is shallow"), "{}", run.stderr);
    assert!(run.stderr.contains("audit: 1 commit, 1 entry judged: no findings"), "{}", run.stderr);
}

#[test]
fn a_baseline_accepts_the_history_up_to_a_commit() {
    let env = with_roles();
    let id = forged_note(&env);
    assert_eq!(audit(&env, &[]).0, 1);
    let tip = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    let config = env.read(".esc/config.yaml");
    // A baseline this clone does not have accepts nothing, and says so.
    env.write(".esc/config.yaml", &format!("{config}audit:\n  baseline: 0123456789abcdef0123456789abcdef01234567\n"));
    env.git(&["commit", "-qam", "a baseline from elsewhere"]);
    let run = env.esc(&["audit"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("note: audit.baseline 0123456789abcdef0123456789abcdef01234567 is not a commit of this clone"),
        "{}",
        run.stderr
    );
    env.write(".esc/config.yaml", &format!("{config}audit:\n  baseline: {tip}\n"));
    env.git(&["commit", "-qam", "baseline"]);
    let run = env.esc(&["audit"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("accepted as it is"), "{}", run.stderr);
    // What comes after the baseline is audited.
    append_entry(
        &env,
        &id,
        "- at: 2026-11-25T09:50:00Z\n  by: Bo Berg <bo@example.com>\n  action: note\n  message: y\n",
    );
    env.git(&["commit", "-qam", "another note"]);
    assert_eq!(kinds(&audit(&env, &[]).1), ["hand-entry", "forged-by"]);
}

#[test]
fn every_action_in_the_sample_repository_keeps_its_roles() {
    // Copied into a repository of its own in one commit by a lead, every entry is a hand
    // entry by someone other than the author; but none breaks the sample's permission rules,
    // and the publications are a lead's.
    let env = TestEnv::new();
    crate::common::copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-repo"), &env.repo);
    let mut config = env.read(".esc/config.yaml");
    // The baseline names a commit of the project's own history, which this copy lacks.
    assert!(config.contains("\naudit:\n  baseline: "), "the sample accepts its copied history");
    config.truncate(config.find("\naudit:\n").unwrap());
    env.write(".esc/config.yaml", &config);
    env.git(&["add", "-A"]);
    env.git(&[
        "-c",
        "user.name=Dana Kovac",
        "-c",
        "user.email=dana@northwind.example",
        "commit",
        "-q",
        "--author",
        "Dana Kovac <dana@northwind.example>",
        "-m",
        "The sample",
    ]);
    let (code, findings) = audit(&env, &[]);
    assert_eq!(code, 1);
    let mut seen: Vec<String> = kinds(&findings);
    seen.sort();
    seen.dedup();
    assert_eq!(seen, ["forged-by", "hand-entry"]);
    assert!(findings.len() > 1000, "{}", findings.len());
}

#[test]
fn imported_history_keeps_its_sources_people_and_audits_clean() {
    // The entries carry the source's people and times, not the importer's: an import is not a
    // forgery, and the source's people are not judged by this policy's roles.
    let env = with_roles();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-data/import/jira-export.csv");
    let import = env.esc(&["import", "jira", fixture.to_str().unwrap()]);
    assert!(env.commit_count() > 3, "{}", import.stderr);
    let before = env.commit_count();
    let batch =
        env.esc(&["import", "--batch", "github", &fixture.with_file_name("github-issues.json").to_string_lossy()]);
    assert_eq!(env.commit_count(), before + 1, "{}", batch.stderr);
    let run = env.esc(&["audit"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("no findings"), "{}", run.stderr);
}

#[test]
fn a_commit_that_breaks_a_ticket_file_is_reported_once_and_its_repair_is_not_judged() {
    let env = TestEnv::initialised();
    let id = env.open("Login loops", &["--severity", "sev3"]);
    let path = env.ticket_path(&id);
    let good = env.read(&path);
    env.write(&path, &good.replacen("title:", "<<<<<<< ours\ntitle:", 1));
    env.git(&["commit", "-qam", "broken"]);
    let broke = env.git(&["rev-parse", "HEAD"]).trim().to_string();
    env.write(&path, &good);
    env.git(&["commit", "-qam", "mended"]);
    let (code, findings) = audit(&env, &[]);
    assert_eq!((code, kinds(&findings)), (1, vec!["unreadable".to_string()]));
    assert_eq!(findings[0]["commit"], broke.as_str());
    assert_eq!(findings[0]["path"], path.as_str());
}
