//! `esc search`: tickets and reviews found by their words, ranked, with `path:line` of the
//! matching lines.

use crate::common::{NOW_SHARD, TestEnv, json};

/// Three tickets: one resolved with a telling resolution, two open.
fn desk(env: &TestEnv) -> (String, String, String) {
    let fixed = env.open("Webhook delivered twice", &["--type", "technical", "--category", "integration"]);
    env.esc_ok(&[
        "resolve",
        &fixed,
        "--resolution",
        "De-duplicate on the event id; redeliveries follow a timeout",
        "--root-cause",
        "Endpoint answered after the 10s delivery timeout",
    ]);
    let login = env.open("Login loops after SSO change", &["--type", "technical", "--category", "authentication"]);
    let noisy = env.open("Webhook webhook webhook", &["--type", "customer", "--category", "integration"]);
    (fixed, login, noisy)
}

#[test]
fn more_of_the_words_rank_first_and_the_matching_lines_show_with_their_file_line() {
    let env = TestEnv::initialised();
    let (fixed, _, noisy) = desk(&env);
    let out = env.esc_ok(&["search", "webhook", "timeout"]);
    let blocks: Vec<&str> = out.split_inclusive('\n').filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        blocks,
        [format!("{fixed}  resolved  Webhook delivered twice\n"), format!("{noisy}  new  Webhook webhook webhook\n")]
    );
    let path = format!("{NOW_SHARD}/{fixed}.md");
    let text = env.read(&path);
    let resolution_line = text.lines().position(|l| l.starts_with("resolution:")).unwrap() + 1;
    assert!(
        out.contains(&format!(
            "    {path}:{resolution_line}: De-duplicate on the event id; redeliveries follow a timeout\n"
        )),
        "{out}"
    );
}

#[test]
fn filters_narrow_by_type_category_and_status() {
    let env = TestEnv::initialised();
    let (fixed, login, noisy) = desk(&env);
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--json", "search"];
        all.extend_from_slice(args);
        json(&env.esc_ok(&all))["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["webhook"]), [noisy.as_str(), fixed.as_str()], "more repetitions, same words: more points");
    assert_eq!(ids(&["webhook", "--status", "resolved"]), [fixed]);
    assert_eq!(ids(&["webhook", "--type", "customer"]), [noisy]);
    assert_eq!(ids(&["loops", "--category", "authentication"]), [login]);
    assert!(ids(&["loops", "--category", "integration"]).is_empty());
}

#[test]
fn a_review_is_found_by_a_word_from_its_lessons() {
    let env = TestEnv::initialised();
    let (fixed, _, _) = desk(&env);
    let review = format!(
        "---\nticket: {fixed}\ntitle: Duplicate webhooks\nstatus: published\n---\n\n## Summary\nDuplicates.\n\n## Lessons learned\nAlways treat idempotency keys as mandatory.\n"
    );
    env.write(&format!("reviews/{fixed}.md"), &review);
    env.git(&["add", "-A"]);
    env.commit_by_hand("review");
    let hits = json(&env.esc_ok(&["--json", "search", "idempotency"]))["hits"].clone();
    let hit = &hits[0];
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!((hit["kind"].as_str(), hit["id"].as_str()), (Some("review"), Some(fixed.as_str())));
    assert_eq!(hit["path"], format!("reviews/{fixed}.md"));
    assert_eq!(hit["lines"][0]["field"], "lessons learned");
    assert_eq!(hit["lines"][0]["line"], 11);
    assert_eq!(hit["lines"][0]["text"], "Always treat idempotency keys as mandatory.");
    // Filters reach a review through its ticket.
    assert_eq!(
        json(&env.esc_ok(&["--json", "search", "idempotency", "--status", "new"]))["hits"].as_array().unwrap().len(),
        0
    );
    let human = env.esc_ok(&["search", "idempotency"]);
    assert!(human.starts_with(&format!("review of {fixed}  published  Duplicate webhooks\n")), "{human}");
}

#[test]
fn nothing_found_is_not_an_error_but_no_words_is() {
    let env = TestEnv::initialised();
    desk(&env);
    let run = env.esc(&["search", "kubernetes"]).expect_code(0, "no hits");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", "search: nothing found\n"));
    env.esc_rejects(&["search", "--", "!!"]);
}

#[test]
fn limit_cuts_the_list_and_says_how_many_more() {
    let env = TestEnv::initialised();
    desk(&env);
    let run = env.esc(&["search", "webhook", "--limit", "1"]).expect_code(0, "limit");
    assert_eq!(run.stdout.lines().filter(|l| !l.starts_with(' ')).count(), 1);
    assert_eq!(run.stderr, "search: 1 more result (--limit)\n");
}
