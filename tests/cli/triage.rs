//! `esc triage`: asking on a terminal (again after a reply that is no answer, taking a
//! unique start of an answer) and `--answer` for scripts (unknown questions and answers are
//! errors).

use crate::common::{TestEnv, json};

fn ticket(env: &TestEnv) -> (String, String) {
    let id = env.open("Exports time out for some customers", &[]);
    let path = env.ticket_path(&id);
    (id, path)
}

fn severity(env: &TestEnv, id: &str) -> serde_json::Value {
    json(&env.esc_ok(&["--json", "show", id]))["severity"].clone()
}

const OUTAGE: &str = "Is the service down, or is data lost or at risk? [no/yes] ";
const SCOPE: &str = "Are many customers, or a critical business function, affected? [no/yes] ";

#[test]
fn a_terminal_is_asked_again_after_a_wrong_reply_and_takes_a_unique_start() {
    let env = TestEnv::initialised();
    let (id, _) = ticket(&env);
    let commits = env.commit_count();
    // "maybe" is no answer, "yse" is a typo of one, then "N" (no) and "y" (yes) are taken.
    let run = env.esc_on_terminal(&["triage", &id], "maybe\nyse\nN\ny\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    let asked_outage = run.stdout.matches(OUTAGE).count();
    assert_eq!(asked_outage, 3, "asked again after each wrong reply:\n{}", run.stdout);
    assert!(run.stdout.contains("'maybe' is not an answer: no, yes\n"), "{}", run.stdout);
    assert!(run.stdout.contains("'yse' is not an answer; did you mean yes?\n"), "{}", run.stdout);
    assert_eq!(run.stdout.matches(SCOPE).count(), 1, "{}", run.stdout);
    assert_eq!(env.commit_count(), commits + 1);
    assert_eq!(severity(&env, &id), "sev2");
    // The answers recorded are the ones meant, not what was typed.
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    let last = shown["history"].as_array().and_then(|h| h.last()).cloned().expect("an entry");
    assert_eq!(last["action"], "triage");
    assert_eq!(last["message"], "answers: outage=no, scope=yes", "{last}");
}

#[test]
fn a_terminal_gives_up_after_three_wrong_replies_or_the_end_of_input() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env);
    let before = (env.commit_count(), env.read(&path));
    let run = env.esc_on_terminal(&["triage", &id], "maybe\nperhaps\ndunno\nyes\n");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout.matches(OUTAGE).count(), 3, "{}", run.stdout);
    assert!(
        run.stdout.contains("error: triage question 'outage' got no answer in 3 tries; nothing was written"),
        "{}",
        run.stdout
    );
    let run = env.esc_on_terminal(&["triage", &id], "no\n");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains(SCOPE), "{}", run.stdout);
    assert!(run.stdout.contains("error: triage question 'scope' got no answer: the input ended"), "{}", run.stdout);
    assert_eq!((env.commit_count(), env.read(&path)), before, "nothing was written");
    env.assert_clean();
}

#[test]
fn an_ambiguous_start_is_asked_again_naming_the_answers_it_could_be() {
    let env = TestEnv::initialised();
    env.edit(
        ".esc/config.yaml",
        "        \"no\": { next: scope }\n",
        "        \"no\": { next: scope }\n        \"not sure\": { severity: sev3 }\n",
    );
    env.commit_by_hand("a third answer to the first question");
    let (id, _) = ticket(&env);
    let run = env.esc_on_terminal(&["triage", &id], "n\nnot\n");
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("'n' could be no or not sure: type more of it\n"), "{}", run.stdout);
    assert_eq!(severity(&env, &id), "sev3");
    // "no" in full is "no", though it starts "not sure" too.
    let id = ticket(&env).0;
    env.esc_ok(&["triage", &id, "--answer", "outage=no", "--answer", "scope=yes"]);
    assert_eq!(severity(&env, &id), "sev2");
}

#[test]
fn answers_may_be_a_unique_start_in_any_case() {
    let env = TestEnv::initialised();
    let (id, _) = ticket(&env);
    env.esc_ok(&["triage", &id, "--answer", "outage=N", "--answer", "scope=n", "--answer", "workaround=Y"]);
    assert_eq!(severity(&env, &id), "sev4");
    let shown = json(&env.esc_ok(&["--json", "show", &id]));
    let last = shown["history"].as_array().and_then(|h| h.last()).cloned().expect("an entry");
    assert_eq!(last["message"], "answers: outage=no, scope=no, workaround=yes", "{last}");
}

#[test]
fn an_unknown_question_or_answer_is_an_error_that_suggests_the_closest() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env);
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outgae=yes"]);
    assert_eq!(
        run.stderr,
        "error: invalid triage question 'outgae' (in --answer outgae=…)\n\
         hint: did you mean outage? allowed values (from .esc/config.yaml): outage, scope, workaround\n"
    );
    // A misspelt question is an error even when the walk would never ask it.
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outage=yes", "--answer", "scoep=no"]);
    assert!(run.stderr.starts_with("error: invalid triage question 'scoep'"), "{}", run.stderr);
    assert_eq!(
        run.hint(),
        Some("did you mean scope? allowed values (from .esc/config.yaml): outage, scope, workaround")
    );
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outage=yse"]);
    assert_eq!(
        run.stderr,
        "error: invalid triage answer 'outage=yse'\n\
         hint: did you mean outage=yes? allowed values (from .esc/config.yaml): outage=no, outage=yes\n"
    );
}
