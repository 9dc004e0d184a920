//! Roles in the policy: who may take which action, refusals that name the rule and who may,
//! overrides recorded in the entry and the commit, and who a hierarchical escalation alerts.

use crate::common::{EMAIL, NAME, Run, TestEnv};

/// The team of these tests: Ana (agent, frontline; the default identity), Bo (lead,
/// frontline), Chen (expert, specialists), Mia (manager, no team).
pub const ROLES: &str = "
roles:
  agent: Support agent
  lead: Team lead
  expert: Subject-matter expert
  manager: Management
people:
  - name: Ana Lima
    emails: [ana@example.com]
    teams: [frontline]
    roles: [agent]
  - name: Bo Berg
    emails: [bo@example.com, bo.berg@home.example]
    teams: [frontline]
    roles: [lead]
  - name: Chen Wei
    emails: [chen@example.com]
    teams: [specialists]
    roles: [expert]
  - name: Mia Stone
    emails: [mia@example.com]
    roles: [manager]
permissions:
  - name: major-closure
    description: Only a lead or an expert resolves or de-escalates a P1 or sev1
    actions: [resolve, deescalate]
    when: [{priority: P1}, {severity: sev1}]
    roles: [lead, expert]
    override: true
  - name: priority-by-lead
    description: Only a lead overrides the priority matrix
    actions: [override-priority]
    roles: [lead]
  - name: own-queue-ack
    actions: [ack]
    roles: [agent, lead, expert]
    own_team: true
  - name: review-by-lead
    actions: [publish-review]
    roles: [lead]
  - name: no-opening-for-strangers
    actions: [open]
    roles: [agent, lead, expert, manager]
notify:
  hierarchical: [lead, manager]
";

/// A repository whose policy is the default one plus [`ROLES`], committed.
pub fn with_roles() -> TestEnv {
    let env = TestEnv::initialised();
    let config = env.read(".esc/config.yaml");
    env.write(".esc/config.yaml", &format!("{config}{ROLES}"));
    env.git(&["commit", "-qam", "Roles"]);
    env
}

/// Runs esc as `name <email>`.
pub fn esc_as(env: &TestEnv, name: &str, email: &str, args: &[&str]) -> Run {
    let mut command = env.esc_command();
    command
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .args(args);
    Run::from_output(command.output().expect("run esc"))
}

fn sev1(env: &TestEnv) -> String {
    env.open("Checkout is down", &["--severity", "sev1"])
}

#[test]
fn a_forbidden_resolve_is_refused_with_the_rule_and_who_may() {
    let env = with_roles();
    let id = sev1(&env);
    let run = env.esc_rejects(&["resolve", &id, "-m", "restarted"]);
    assert!(
        run.stderr.contains(&format!(
            "error: cannot resolve {id}: {NAME} <{EMAIL}> is not a lead or expert (permission rule major-closure: Only a lead or an expert resolves or de-escalates a P1 or sev1)"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.hint(),
        Some(
            "a lead or expert may: ask Bo Berg or Chen Wei; if it cannot wait, --override REASON does it anyway (recorded, and reported by esc audit)"
        )
    );
    // A lead may, under any of their emails; a ticket that is neither P1 nor sev1 is anyone's.
    esc_as(&env, "Bo Berg", "BO.BERG@home.example", &["resolve", &id, "-m", "restarted"])
        .expect_code(0, "lead resolves");
    let minor = env.open("Typo on the invoice", &["--severity", "sev4"]);
    env.esc_ok(&["resolve", &minor, "-m", "fixed the template"]);
    env.assert_clean();
}

#[test]
fn an_override_is_recorded_in_the_entry_and_the_commit() {
    let env = with_roles();
    let id = sev1(&env);
    env.esc_ok(&["resolve", &id, "-m", "restarted", "--override", "Bo and Chen unreachable at 3 am"]);
    let message = env.last_message();
    assert!(message.contains("\nEsc-Override: major-closure: Bo and Chen unreachable at 3 am\n"), "{message}");
    let file = env.read(&env.ticket_path(&id));
    assert!(
        file.contains("  override:\n    rules:\n    - major-closure\n    reason: Bo and Chen unreachable at 3 am\n"),
        "{file}"
    );
    let json = env.esc_ok(&["show", &id, "--json"]);
    let ticket: serde_json::Value = serde_json::from_str(&json).unwrap();
    let last = ticket["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["override"]["rules"], serde_json::json!(["major-closure"]));
    assert!(env.esc_ok(&["show", &id]).contains("override of major-closure: Bo and Chen unreachable at 3 am"));
    env.assert_clean();
}

#[test]
fn a_rule_without_override_refuses_even_with_one_and_an_override_needs_a_refusal() {
    let env = with_roles();
    let id = env.open("Export is slow", &["--severity", "sev3"]);
    let run = env.esc_rejects(&["classify", &id, "--priority", "P1", "--reason", "big customer", "--override", "x"]);
    assert!(run.stderr.contains("permission rule priority-by-lead"), "{}", run.stderr);
    assert!(run.hint().unwrap().ends_with("the rule allows no override"), "{:?}", run.hint());
    let run = env.esc_rejects(&["update", &id, "-m", "looking", "--override", "just in case"]);
    assert!(run.stderr.contains("no permission rule forbids it"), "{}", run.stderr);
    let run = env.esc_rejects(&["list", "--override", "x"]);
    assert!(run.stderr.contains("--override applies to actions on a ticket"), "{}", run.stderr);
    // The lead may set the priority the matrix would not give.
    esc_as(&env, "Bo Berg", "bo@example.com", &["classify", &id, "--priority", "P1", "--reason", "big customer"])
        .expect_code(0, "lead overrides the matrix");
}

#[test]
fn an_own_team_rule_wants_the_role_in_the_team_that_has_the_ticket() {
    let env = with_roles();
    let id = env.open("Webhook retries", &["--severity", "sev3"]);
    env.esc_ok(&["escalate", &id, "--reason", "needs a specialist"]);
    let run = env.esc_rejects(&["ack", &id]);
    assert!(
        run.stderr.contains("is not an agent, lead or expert of specialists (permission rule own-queue-ack)"),
        "{}",
        run.stderr
    );
    assert!(
        run.hint().unwrap().starts_with("an agent, lead or expert of specialists may: ask Chen Wei;"),
        "{:?}",
        run.hint()
    );
    esc_as(&env, "Chen Wei", "chen@example.com", &["ack", &id]).expect_code(0, "the specialist acks");
}

#[test]
fn someone_the_policy_does_not_list_holds_no_role() {
    let env = with_roles();
    let run = esc_as(&env, "Eve Stranger", "eve@example.com", &["open", "Hello"]);
    run.clone().expect_error("a stranger opens");
    assert!(
        run.stderr.contains("Eve Stranger <eve@example.com> is not an agent, lead, expert or manager"),
        "{}",
        run.stderr
    );
    assert_eq!(env.commit_count(), 2);
}

#[test]
fn only_a_lead_publishes_a_review() {
    let env = with_roles();
    let id = env.open("Payments down", &["--severity", "sev2"]);
    env.esc_ok(&["resolve", &id, "-m", "rolled back"]);
    env.esc_ok(&["review", &id]);
    for section in ["Summary", "Impact", "Detection", "Contributing factors", "Resolution", "Lessons learned"] {
        env.esc_ok(&["review", &id, "--section", section, "-m", "Written."]);
    }
    let run = env.esc_rejects(&["review", &id, "--publish"]);
    assert!(run.stderr.contains("permission rule review-by-lead"), "{}", run.stderr);
    esc_as(&env, "Bo Berg", "bo@example.com", &["review", &id, "--publish"]).expect_code(0, "the lead publishes");
    assert!(env.read(&format!("reviews/{id}.md")).contains("status: published"));
}

#[test]
fn a_hierarchical_escalation_records_and_tells_whom_it_alerts() {
    let env = with_roles();
    let id = sev1(&env);
    let hook = env.home.join("hook.json");
    env.git(&["config", "esc.hook.escalate", &format!("cat > {}", hook.display())]);
    let run = env.esc(&["escalate", &id, "--hierarchical", "--reason", "every merchant is down"]);
    run.clone().expect_code(0, "hierarchical escalation");
    assert!(run.stderr.contains(&format!("{id}: hierarchical: alerted Bo Berg, Mia Stone")), "{}", run.stderr);
    let file = env.read(&env.ticket_path(&id));
    assert!(file.contains("  notified:\n  - Bo Berg <bo@example.com>\n  - Mia Stone <mia@example.com>\n"), "{file}");
    let payload: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(hook).unwrap()).unwrap();
    assert_eq!(
        payload["action"]["notified"],
        serde_json::json!(["Bo Berg <bo@example.com>", "Mia Stone <mia@example.com>"])
    );
}

#[test]
fn a_policy_naming_unknown_roles_or_teams_is_a_config_error_with_its_line() {
    let env = TestEnv::initialised();
    let config = env.read(".esc/config.yaml");
    let text = format!(
        "{config}roles: {{lead: Lead}}\npeople:\n  - name: Ana\n    emails: [ana@example.com]\n    roles: [boss]\n"
    );
    env.write(".esc/config.yaml", &text);
    let line = text.lines().position(|l| l == "  - name: Ana").unwrap() + 1;
    let run = env.esc(&["list"]).expect_error("bad roles");
    assert!(
        run.stderr.contains(&format!(".esc/config.yaml:{line}: people.Ana: role 'boss' is not one of roles")),
        "{}",
        run.stderr
    );
}

#[test]
fn without_permissions_everyone_may_do_everything() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout is down", &["--severity", "sev1"]);
    env.esc_ok(&["resolve", &id, "-m", "restarted"]);
}
