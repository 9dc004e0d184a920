//! Refusals: invalid transitions and bad input exit 2 with an exact `error:` and `hint:`, and
//! write nothing (no commit, a clean `git status`, the ticket's bytes unchanged).

use crate::common::{NOW_SHARD, TestEnv, minutes_after_now};

/// A ticket opened at NOW; returns its id and path.
fn ticket(env: &TestEnv, title: &str) -> (String, String) {
    let id = env.open(title, &["--severity", "sev3"]);
    let path = format!("{NOW_SHARD}/{id}.md");
    (id, path)
}

/// `args` with the ticket id after the subcommand.
fn with_id<'a>(id: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![args[0], id];
    all.extend_from_slice(&args[1..]);
    all
}

/// Runs `args` (subcommand first, the id is inserted) and checks the exact refusal.
fn refused(env: &TestEnv, id: &str, path: &str, args: &[&str], reason: &str, hint: &str) {
    let all = with_id(id, args);
    let run = env.esc_rejects_keeping(path, &all);
    let hint = hint.replace("ID", id);
    assert_eq!(run.stderr, format!("error: cannot {} {id}: {reason}\nhint: {hint}\n", args[0]), "esc {all:?}");
}

/// Runs `args` (subcommand first, the id is inserted); it must succeed.
fn ok(env: &TestEnv, id: &str, args: &[&str]) {
    env.esc_ok(&with_id(id, args));
}

const REOPEN_FIRST: &str = "reopen it first: esc reopen ID --reason R";

#[test]
fn ack_wait_and_resume_refuse_what_does_not_fit_the_status() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Printer offline");
    refused(
        &env,
        &id,
        &path,
        &["resume"],
        "it is new, not waiting",
        "esc wait ID --on customer|vendor -m TEXT pauses a ticket",
    );
    ok(&env, &id, &["ack"]);
    refused(&env, &id, &path, &["ack"], "it is already acknowledged", "post progress with esc update ID -m TEXT");
    refused(
        &env,
        &id,
        &path,
        &["ack", "-m", "again"],
        "it is already acknowledged",
        "post progress with esc update ID -m TEXT",
    );
    refused(
        &env,
        &id,
        &path,
        &["resume"],
        "it is acknowledged, not waiting",
        "esc wait ID --on customer|vendor -m TEXT pauses a ticket",
    );
    ok(&env, &id, &["wait", "--on", "customer", "-m", "Which printer?"]);
    refused(
        &env,
        &id,
        &path,
        &["wait", "--on", "vendor", "-m", "Asked the vendor"],
        "it is already waiting",
        "esc resume ID when the answer arrives",
    );
    refused(&env, &id, &path, &["ack"], "it is already acknowledged", "post progress with esc update ID -m TEXT");
    ok(&env, &id, &["resume"]);
    refused(
        &env,
        &id,
        &path,
        &["resume"],
        "it is in_progress, not waiting",
        "esc wait ID --on customer|vendor -m TEXT pauses a ticket",
    );
}

#[test]
fn resolve_confirm_and_reopen_follow_the_resolve_cycle() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Wrong totals");
    let resolve_first = "resolve it first: esc resolve ID --resolution TEXT";
    let only_resolved = "only resolved or closed tickets can be reopened";
    refused(&env, &id, &path, &["confirm"], "it is new, not resolved", resolve_first);
    refused(&env, &id, &path, &["reopen", "--reason", "again"], "it is new, still open", only_resolved);
    ok(&env, &id, &["update", "-m", "Looking"]);
    refused(&env, &id, &path, &["confirm"], "it is in_progress, not resolved", resolve_first);
    refused(&env, &id, &path, &["reopen", "--reason", "again"], "it is in_progress, still open", only_resolved);
    ok(&env, &id, &["resolve", "--resolution", "Fixed the rounding"]);
    refused(
        &env,
        &id,
        &path,
        &["resolve", "--resolution", "Again"],
        "it is already resolved",
        "esc confirm ID closes it, esc reopen ID --reason R reopens it",
    );
    refused(
        &env,
        &id,
        &path,
        &["resume"],
        "it is resolved, not waiting",
        "esc wait ID --on customer|vendor -m TEXT pauses a ticket",
    );
    refused(&env, &id, &path, &["ack"], "it is resolved", REOPEN_FIRST);
    refused(&env, &id, &path, &["wait", "--on", "customer", "-m", "x"], "it is resolved", REOPEN_FIRST);
    ok(&env, &id, &["confirm"]);
    refused(
        &env,
        &id,
        &path,
        &["resolve", "--resolution", "Again"],
        "it is closed",
        "esc reopen ID --reason R, then resolve it again",
    );
    refused(&env, &id, &path, &["confirm"], "it is already closed", "nothing to do");
    refused(&env, &id, &path, &["ack"], "it is closed", REOPEN_FIRST);
}

#[test]
fn a_closed_ticket_cannot_be_changed_until_reopened() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Done and dusted");
    ok(&env, &id, &["resolve", "--resolution", "Restarted the job"]);
    ok(&env, &id, &["confirm"]);
    for args in [
        &["classify", "--severity", "sev1"][..],
        &["triage", "--answer", "outage=yes"],
        &["assign", "Bo Berg <bo@example.com>"],
        &["take"],
        &["escalate", "--reason", "complexity"],
        &["escalate", "--reason", "vendor", "--vendor", "payments", "--ref", "PAY-1"],
        &["deescalate", "--to", "L1", "--reason", "x"],
        &["update", "-m", "Any news?"],
        &["wait", "--on", "customer", "-m", "x"],
    ] {
        let action = match args[0] {
            "take" => "assign",
            other => other,
        };
        let all = with_id(&id, args);
        let run = env.esc_rejects_keeping(&path, &all);
        assert_eq!(
            run.stderr,
            format!("error: cannot {action} {id}: it is closed\nhint: reopen it first: esc reopen {id} --reason R\n"),
            "esc {all:?}"
        );
    }
    // A resolved (not yet closed) ticket is just as frozen.
    ok(&env, &id, &["reopen", "--reason", "Back again"]);
    ok(&env, &id, &["resolve", "--resolution", "Restarted it again"]);
    refused(&env, &id, &path, &["escalate", "--reason", "complexity"], "it is resolved", REOPEN_FIRST);
    refused(&env, &id, &path, &["classify", "--severity", "sev1"], "it is resolved", REOPEN_FIRST);
}

#[test]
fn escalation_only_goes_up_and_deescalation_only_down() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Kernel panic on the workers");
    let hand_down = "esc deescalate ID --to LEVEL --reason R hands a ticket back down";
    let move_up = "esc escalate ID --to LEVEL --reason R moves a ticket up";
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--to", "L1", "--reason", "x"],
        "L1 is not above its current level L1",
        hand_down,
    );
    refused(
        &env,
        &id,
        &path,
        &["deescalate", "--to", "L1", "--reason", "x"],
        "L1 is not below its current level L1",
        move_up,
    );
    refused(
        &env,
        &id,
        &path,
        &["deescalate", "--to", "L2", "--reason", "x"],
        "L2 is not below its current level L1",
        move_up,
    );
    ok(&env, &id, &["escalate", "--reason", "complexity"]);
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--to", "L2", "--reason", "x"],
        "L2 is not above its current level L2",
        hand_down,
    );
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--to", "L1", "--reason", "x"],
        "L1 is not above its current level L2",
        hand_down,
    );
    refused(
        &env,
        &id,
        &path,
        &["deescalate", "--to", "L3", "--reason", "x"],
        "L3 is not below its current level L2",
        move_up,
    );
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--to", "specialists", "--reason", "x"],
        "team specialists already has it",
        "nothing to do",
    );
    ok(&env, &id, &["escalate", "--reason", "expertise"]);
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--reason", "complexity"],
        "it is already at the top level (L3)",
        "hand it to a team (--to TEAM) or a vendor (--vendor NAME --ref CASE), or alert management with --hierarchical",
    );
    refused(
        &env,
        &id,
        &path,
        &["escalate", "--to", "L3", "--reason", "x"],
        "L3 is not above its current level L3",
        hand_down,
    );
    // The ways out of the top level still work.
    ok(&env, &id, &["escalate", "--hierarchical", "--reason", "sla_risk"]);
    ok(&env, &id, &["escalate", "--to", "security", "--reason", "expertise"]);
    ok(&env, &id, &["deescalate", "--to", "L1", "--reason", "Known fix"]);
    env.esc(&["lint"]).expect_code(0, "lint after the moves");
}

// Input errors.

#[test]
fn escalate_needs_a_reason_and_a_known_target() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Payment webhook lost");

    let run = env.esc_rejects_keeping(&path, &["escalate", &id]);
    assert!(
        run.stderr.starts_with("error: the following required arguments were not provided:\n  --reason <R>\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Usage: esc escalate"), "{}", run.stderr);
    let run = env.esc_rejects_keeping(&path, &["escalate", &id, "--reason", "   "]);
    assert_eq!(run.stderr, "error: the reason is empty\n");

    let run =
        env.esc_rejects_keeping(&path, &["escalate", &id, "--reason", "vendor", "--vendor", "acme", "--ref", "A-1"]);
    assert_eq!(
        run.stderr,
        "error: invalid vendor 'acme'\nhint: allowed values (from .esc/config.yaml): cloud-provider, payments\n"
    );
    let run = env.esc_rejects_keeping(&path, &["escalate", &id, "--reason", "vendor", "--vendor", "payments"]);
    assert!(
        run.stderr.starts_with("error: the following required arguments were not provided:\n  --ref <CASE>\n"),
        "{}",
        run.stderr
    );
    let run = env.esc_rejects_keeping(&path, &["escalate", &id, "--reason", "vendor", "--ref", "PAY-1"]);
    assert!(run.stderr.contains("--vendor <NAME>"), "{}", run.stderr);

    for (target, meant) in [("L9", "did you mean 'L1'? "), ("dbas", ""), ("l2", "did you mean 'L2'? ")] {
        let run = env.esc_rejects_keeping(&path, &["escalate", &id, "--reason", "x", "--to", target]);
        assert_eq!(
            run.stderr,
            format!(
                "error: invalid level or team '{target}'\nhint: {meant}allowed values (from .esc/config.yaml): L1, L2, L3, database, engineering, frontline, security, specialists\n"
            )
        );
    }
    let run = env.esc_rejects_keeping(&path, &["deescalate", &id, "--to", "L0", "--reason", "x"]);
    assert_eq!(
        run.stderr,
        "error: invalid level 'L0'\nhint: did you mean 'L1'? allowed values (from .esc/config.yaml): L1, L2, L3\n"
    );
}

#[test]
fn classify_refuses_an_unexplained_override_and_a_change_of_nothing() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Search is slow");
    let run = env.esc_rejects_keeping(&path, &["classify", &id, "--priority", "P1"]);
    assert_eq!(
        run.stderr,
        "error: priority P1 overrides the matrix (P3 for impact medium and urgency medium): give a --reason\n"
    );
    let run = env.esc_rejects_keeping(&path, &["classify", &id, "--priority", "P1", "--reason", " "]);
    assert!(run.stderr.contains("give a --reason"), "{}", run.stderr);
    let nothing = format!("error: nothing to change: {id} already has these values\n");
    for args in
        [&["--severity", "sev3"][..], &["--priority", "P3"], &["--impact", "medium", "--urgency", "medium"], &[]]
    {
        let all = [&["classify", id.as_str()][..], args].concat();
        assert_eq!(env.esc_rejects_keeping(&path, &all).stderr, nothing, "esc {all:?}");
    }
    let run = env.esc_rejects_keeping(&path, &["classify", &id, "--priority", "P9", "--reason", "x"]);
    assert_eq!(
        run.stderr,
        "error: invalid priority 'P9'\nhint: did you mean 'P1'? allowed values (from .esc/config.yaml): P1, P2, P3, P4\n"
    );
}

#[test]
fn resolve_refuses_an_unknown_code() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Typo on the invoice");
    let run = env.esc_rejects_keeping(&path, &["resolve", &id, "--resolution", "Fixed it", "--code", "solved"]);
    assert_eq!(
        run.stderr,
        "error: invalid resolution code 'solved'\nhint: allowed values (from .esc/config.yaml): duplicate, fixed, no_fault, wont_fix, workaround\n"
    );
    let run = env.esc_rejects_keeping(&path, &["resolve", &id, "--resolution", " "]);
    assert_eq!(run.stderr, "error: the resolution is empty\n");
    let run = env.esc_rejects_keeping(&path, &["update", &id, "-m", ""]);
    assert_eq!(run.stderr, "error: the message is empty\n");
}

#[test]
fn triage_without_a_terminal_needs_every_answer() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Unclear impact");
    // The test harness gives esc no terminal on stdin.
    let run = env.esc_rejects_keeping(&path, &["triage", &id]);
    assert_eq!(
        run.stderr,
        "error: triage question 'outage' has no answer: Is the service down, or is data lost or at risk? (--answer outage=no|yes)\n"
    );
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outage=no"]);
    assert_eq!(
        run.stderr,
        "error: triage question 'scope' has no answer: Are many customers, or a critical business function, affected? (--answer scope=no|yes)\n"
    );
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outage=maybe"]);
    assert_eq!(
        run.stderr,
        "error: invalid triage answer 'outage=maybe'\nhint: allowed values (from .esc/config.yaml): outage=no, outage=yes\n"
    );
    let run = env.esc_rejects_keeping(&path, &["triage", &id, "--answer", "outage"]);
    assert_eq!(run.stderr, "error: --answer outage: write QUESTION=ANSWER, e.g. outage=no\n");
    // Answers that lead to what the ticket already says change nothing.
    let run = env.esc_rejects_keeping(
        &path,
        &["triage", &id, "--answer", "outage=no", "--answer", "scope=no", "--answer", "workaround=no"],
    );
    assert_eq!(run.stderr, format!("error: nothing to change: {id} already has these values\n"));
}

#[test]
fn assigning_the_current_assignee_is_refused() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Password reset mail missing");
    ok(&env, &id, &["assign", "Bo Berg <bo@example.com>"]);
    refused(
        &env,
        &id,
        &path,
        &["assign", "Bo Berg <bo@example.com>"],
        "it is already assigned to Bo Berg <bo@example.com>",
        "nothing to do",
    );
    ok(&env, &id, &["take"]);
    let run = env.esc_rejects_keeping(&path, &["take", &id]);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot assign {id}: it is already assigned to Ana Lima <ana@example.com>\nhint: nothing to do\n"
        )
    );
}

#[test]
fn an_action_dated_before_the_last_event_is_refused() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Clock skew");
    env.esc_at_ok(&minutes_after_now(10), &["ack", &id]);
    let before = (env.commit_count(), env.status(), env.read_bytes(&path));
    let run =
        env.esc_at(&minutes_after_now(9), &["update", &id, "-m", "From the past"]).expect_error("an earlier ESC_NOW");
    assert_eq!(
        run.stderr,
        format!(
            "error: the time now ({}) is before {id}'s last event ({}); the history must stay in order\n\
             hint: that is history entry 2 (ack by {}); act at {} or later: unset ESC_NOW (or --now) to use the clock, or give a later time\n",
            minutes_after_now(9),
            minutes_after_now(10),
            crate::common::NAME,
            minutes_after_now(10)
        )
    );
    assert_eq!((env.commit_count(), env.status(), env.read_bytes(&path)), before);
    // The same second as the last event is fine.
    env.esc_at_ok(&minutes_after_now(10), &["update", &id, "-m", "Same minute"]);
}

// Uncommitted edits.

fn assert_uncommitted_refusal(env: &TestEnv, path: &str, run: &crate::common::Run) {
    assert_eq!(
        run.stderr,
        format!(
            "error: {} has uncommitted changes; esc will not overwrite them\nhint: commit or discard your edits first (git add/commit, or git restore)\n",
            env.path(path).display()
        )
    );
}

#[test]
fn ack_refuses_a_ticket_with_unstaged_edits() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Half-edited");
    env.edit(&path, "\ncreated: ", "\nx-draft: true\ncreated: ");
    let text = env.read(&path) + "More notes, not committed yet.\n";
    env.write(&path, &text);
    let status = env.status();
    assert_eq!(status, format!(" M {path}\n"));
    let run = env.esc_rejects_keeping(&path, &["ack", &id]);
    assert_uncommitted_refusal(&env, &path, &run);
    assert_eq!(env.read(&path), text, "the user's edit, byte for byte");
    assert_eq!(env.status(), status);

    // Once the user commits the edit, esc builds on it.
    env.commit_by_hand("draft flag and notes");
    env.esc_ok(&["ack", &id]);
    let after = env.read(&path);
    assert!(after.contains("\nx-draft: true\n") && after.ends_with("More notes, not committed yet.\n"), "{after}");
    env.assert_clean();
}

#[test]
fn ack_refuses_a_ticket_with_staged_edits() {
    let env = TestEnv::initialised();
    let (id, path) = ticket(&env, "Staged edit");
    env.edit(&path, "\nseverity: sev3\n", "\nseverity: sev2\n");
    env.git(&["add", &path]);
    let edited = env.read_bytes(&path);
    let status = env.status();
    assert_eq!(status, format!("M  {path}\n"));
    let run = env.esc_rejects_keeping(&path, &["ack", &id]);
    assert_uncommitted_refusal(&env, &path, &run);
    assert_eq!(env.read_bytes(&path), edited);
    assert_eq!(env.status(), status, "still staged, nothing else");
    assert_eq!(env.git(&["diff", "--cached", "--name-only"]), format!("{path}\n"));

    // Staged, with the working tree changed back to the committed text: the index still differs.
    env.write(&path, &env.git(&["show", &format!("HEAD:{path}")]));
    assert_eq!(env.status(), format!("MM {path}\n"));
    let run = env.esc_rejects_keeping(&path, &["ack", &id]);
    assert_uncommitted_refusal(&env, &path, &run);
    assert_eq!(env.status(), format!("MM {path}\n"));
}
