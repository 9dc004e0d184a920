//! `esc review`: the post-incident review of a resolved ticket (`reviews/<ID>.md`), its
//! generated timeline, publishing, action items and follow-up tickets; and what `esc check`
//! says about missing, unpublished and overdue reviews and action items.
//!
//! The default policy's numbers the golden values come from: sev1 and sev2 need a review, and
//! so does any ticket that missed its resolve target. Review due times count in the business
//! calendar (UTC, Monday to Friday 09:00-17:00, so `1d` is 8 working hours): a review is due
//! 5d after the last resolve, an action item `reviews.action_due` after it is added (P1 5d,
//! P2 10d, P3 20d, P4 30d). P1 (24x7): ack 15m, update 1h, resolve 4h, L1 limit 30m, L2 limit
//! 2h. P3 (business): resolve 3d.

use serde_json::{Value, json};

use crate::common::{IDENTITY, NOW_SHARD, Run, TestEnv, front_matter_value, json, line_number};
use crate::sla_support::{act, at, open_at};

const OUTAGE: &str = "Checkout down for EU cards";
const CHEN: &str = "Chen Wei <chen@example.com>";
const BEGIN: &str =
    "<!-- esc:timeline begin: generated from the ticket's history; `esc review` refreshes it, edit outside it -->";
const END: &str = "<!-- esc:timeline end -->";
const PUBLISH_HINT: &str =
    "hint: fill in the sections (comments do not count) and give every action item an owner and a due date\n";

/// Thursday 2026-11-26, the day after [`at`]'s Wednesday.
fn thu(time: &str) -> String {
    format!("2026-11-26T{time}:00Z")
}

/// An instant in December 2026 (the 1st is a Tuesday).
fn dec(day: u32, time: &str) -> String {
    format!("2026-12-{day:02}T{time}:00Z")
}

fn review_path(id: &str) -> String {
    format!("reviews/{id}.md")
}

fn ticket_path(id: &str) -> String {
    format!("{NOW_SHARD}/{id}.md")
}

/// `esc review ID ARGS…` at `now`.
fn review_at(env: &TestEnv, now: &str, id: &str, args: &[&str]) -> Run {
    env.esc_at(now, &[&["review", id][..], args].concat())
}

/// `esc review ID ARGS…` at `now`; it must succeed.
fn review_ok(env: &TestEnv, now: &str, id: &str, args: &[&str]) -> Run {
    review_at(env, now, id, args).expect_code(0, &format!("esc review {id} {args:?} at {now}"))
}

/// `esc review ID ARGS…` at `now`; it must fail with exit 2 and an `error:`, and change
/// nothing: neither the commit count, `git status` nor the review file's bytes.
fn review_rejected(env: &TestEnv, now: &str, id: &str, args: &[&str]) -> Run {
    let path = review_path(id);
    let bytes = env.path(&path).exists().then(|| env.read_bytes(&path));
    let before = (env.commit_count(), env.status());
    let run = review_at(env, now, id, args).expect_error(&format!("esc review {id} {args:?} at {now}"));
    assert_eq!((env.commit_count(), env.status()), before, "esc review {args:?} failed but changed the repository");
    assert_eq!(
        env.path(&path).exists().then(|| env.read_bytes(&path)),
        bytes,
        "esc review {args:?} failed but changed {path}"
    );
    run
}

/// The sev1 outage every review test looks back on, on Wednesday 2026-11-25 (P1, 24x7):
/// 09:30 opened, 09:35 assigned to Chen Wei, 09:40 acknowledged, 10:00 escalated L1 → L2,
/// 10:20 a public update, 10:50-11:20 waiting on the customer, 14:30 resolved (fixed).
fn outage(env: &TestEnv) -> String {
    let id =
        open_at(env, &at("09:30"), OUTAGE, &["--severity", "sev1", "--type", "technical", "--category", "integration"]);
    act(env, &at("09:35"), "assign", &id, &[CHEN]);
    act(env, &at("09:40"), "ack", &id, &["-m", "Looking into it"]);
    act(env, &at("10:00"), "escalate", &id, &["--reason", "complexity", "-m", "Needs the payments specialists"]);
    act(env, &at("10:20"), "update", &id, &["-m", "Card payments fail; a fix is under way"]);
    act(env, &at("10:50"), "wait", &id, &["--on", "customer", "-m", "Please send a failing order id"]);
    act(env, &at("11:20"), "resume", &id, &[]);
    act(
        env,
        &at("14:30"),
        "resolve",
        &id,
        &[
            "--resolution",
            "Rolled back the card API client",
            "--code",
            "fixed",
            "--root-cause",
            "A config push set a 1s timeout",
        ],
    );
    id
}

/// The generated block of [`outage`], hand-computed (people by name, without their email):
/// - levels: L1 09:30-10:00 = 30m; L2 10:00-14:30 = 4h 30m (wall time).
/// - ack: 09:30 → 09:40 = 10m of 15m: met, 5m to spare.
/// - update (starts at the ack): gaps 09:40-10:20 = 40m and 10:20-14:30 = 4h 10m, of which
///   30m waiting on the customer (paused): 3h 40m counted, the worst gap: missed by 2h 40m.
/// - resolve: 09:30-14:30 = 5h, less 30m paused = 4h 30m of 4h: missed by 30m.
/// - level L2 (waiting does not pause it): 10:00-14:30 = 4h 30m of 2h: missed by 2h 30m.
const OUTAGE_TIMELINE: &str = "\
**Actions** (times in UTC)

| time | by | level | action | details |
|---|---|---|---|---|
| 2026-11-25 09:30 | Ana Lima | L1 | open | severity sev1; priority P1; team frontline |
| 2026-11-25 09:35 | Ana Lima | L1 | assign | assignee Chen Wei |
| 2026-11-25 09:40 | Ana Lima | L1 | ack | “Looking into it” |
| 2026-11-25 10:00 | Ana Lima | L1 → L2 | escalate | reason: complexity; “Needs the payments specialists”; team specialists |
| 2026-11-25 10:20 | Ana Lima | L2 | update | “Card payments fail; a fix is under way” |
| 2026-11-25 10:50 | Ana Lima | L2 | wait | “Please send a failing order id”; waiting on customer |
| 2026-11-25 11:20 | Ana Lima | L2 | resume | waiting on cleared |
| 2026-11-25 14:30 | Ana Lima | L2 | resolve | resolution code fixed; “Rolled back the card API client” |

**Time at each level** (wall time): L1 30m · L2 4h 30m

**SLA outcomes**

| clock | target | counted | outcome |
|---|---|---|---|
| ack | ack target 15m (P1) | 10m | met, 5m to spare |
| update | update target 1h (P1) | 3h 40m | **missed** by 2h 40m; paused 30m |
| resolve | resolve target 4h (P1) | 4h 30m | **missed** by 30m; paused 30m |
| level L2 | L2 limit 2h (P1) | 4h 30m | **missed** by 2h 30m |

**Resolution recorded** (fixed): Rolled back the card API client

**Root cause recorded**: A config push set a 1s timeout
";

/// What lies between the timeline markers, each on a line of its own (the marker lines left
/// out).
fn generated_block(text: &str) -> &str {
    let begin =
        text.find(&format!("\n{BEGIN}\n")).unwrap_or_else(|| panic!("no begin marker:\n{text}")) + BEGIN.len() + 2;
    let end = begin + text[begin..].find(&format!("{END}\n")).unwrap_or_else(|| panic!("no end marker:\n{text}"));
    &text[begin..end]
}

/// Adds `text` as the first line under `## heading` (after its blank line) and commits by hand.
fn write_under(env: &TestEnv, id: &str, heading: &str, text: &str) {
    let path = review_path(id);
    env.edit(&path, &format!("\n## {heading}\n\n"), &format!("\n## {heading}\n\n{text}\n"));
    env.commit_by_hand(&format!("review: {heading}"));
}

/// Fills in every section `reviews.sections` requires, as a person would, in one commit.
fn fill_required_sections(env: &TestEnv, id: &str) {
    let path = review_path(id);
    for (heading, text) in [
        ("Summary", "EU card payments failed for five hours after a config push."),
        ("Impact", "All EU shops lost card checkout from 09:30 to 14:30 UTC."),
        ("Detection", "A customer called; no alert fired."),
        ("Contributing factors", "The card API client timeout lived in two config files."),
        ("Resolution", "Rolled back the client, then raised the timeout to 5s."),
        ("Lessons learned", "Hold a canary window for every config push."),
    ] {
        env.edit(&path, &format!("\n## {heading}\n\n"), &format!("\n## {heading}\n\n{text}\n"));
    }
    env.commit_by_hand("review written");
}

/// The `action_items:` part of a review's front matter (up to the closing `---`).
fn action_items(text: &str) -> &str {
    let start = text.find("\naction_items:").unwrap_or_else(|| panic!("no action_items:\n{text}")) + 1;
    let end = start + text[start..].find("\n---\n").expect("the end of the front matter") + 1;
    &text[start..end]
}

// The generated review.

#[test]
fn a_new_review_has_the_tickets_front_matter_and_is_due_five_working_days_after_the_resolve() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let run = review_ok(&env, &thu("10:00"), &id, &[]);
    assert_eq!(run.stdout, format!("reviews/{id}.md\n"));
    let text = env.read(&review_path(&id));
    // Resolved Wednesday 14:30; 5d = 40 working hours: Wed 2h 30m (to 17:00) + Thu, Fri, Mon,
    // Tue 8h each = 34h 30m, then 5h 30m on Wednesday 2026-12-02 from 09:00: 14:30.
    // The owner is the ticket's assignee.
    assert!(
        text.starts_with(&format!(
            "---\nticket: {id}\ntitle: {OUTAGE}\nseverity: sev1\npriority: P1\nowner: {CHEN}\nstatus: draft\n\
             created: 2026-11-26T10:00:00Z\ndue: 2026-12-02T14:30:00Z\naction_items: []\n---\n\n\
             # Post-incident review: {id} {OUTAGE}\n\n## Summary\n"
        )),
        "{text}"
    );
    let stderr: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        stderr[..3],
        [
            format!("{id}: review created"),
            format!("reviews/{id}.md: draft, due 2026-12-02 14:30 UTC, 0 action items (0 open)"),
            "before it can be published:".to_string(),
        ]
    );
}

#[test]
fn the_generated_timeline_has_every_action_the_time_at_each_level_and_the_sla_outcomes() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let text = env.read(&review_path(&id));
    assert_eq!(generated_block(&text), OUTAGE_TIMELINE);
    assert!(text.contains(&format!("\n## Timeline\n\n{BEGIN}\n{OUTAGE_TIMELINE}{END}\n\n## Detection\n")), "{text}");
}

#[test]
fn without_an_assignee_the_owner_is_whoever_writes_the_review() {
    let env = TestEnv::initialised();
    let id = open_at(&env, &at("09:30"), "Payments API returns 500", &["--severity", "sev2"]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Restarted the API"]);
    // Closed (confirmed by the requester) is as good as resolved.
    act(&env, &at("11:00"), "confirm", &id, &[]);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let text = env.read(&review_path(&id));
    assert_eq!(front_matter_value(&text, "owner").as_deref(), Some(IDENTITY));
    // sev2 is P2 (24x7, no root cause, no code): the resolution line has no code.
    assert!(generated_block(&text).ends_with("\n**Resolution recorded**: Restarted the API\n"), "{text}");
}

#[test]
fn each_run_is_one_commit_of_the_review_file_alone() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let before = env.commit_count();
    review_ok(&env, &thu("10:00"), &id, &[]);
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(env.subject(), format!("esc: review {id}: created"));
    assert_eq!(env.trailers(), format!("Esc-Ticket: {id}\nEsc-Action: review"));
    assert_eq!(env.last_commit_paths(), [review_path(&id)]);
    env.assert_clean();
    env.assert_fsck();
}

#[test]
fn the_printed_path_is_relative_to_the_esc_root() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("desk")).expect("mkdir");
    env.esc_ok(&["-C", "desk", "init"]);
    let id = env.esc_at_ok(&at("09:30"), &["-C", "desk", "open", OUTAGE, "--severity", "sev1"]).stdout;
    let id = id.trim();
    env.esc_at_ok(&at("10:30"), &["-C", "desk", "resolve", id, "--resolution", "Restarted"]);
    let run = env.esc_at_ok(&thu("10:00"), &["-C", "desk", "review", id]);
    assert_eq!(run.stdout, format!("reviews/{id}.md\n"));
    assert_eq!(env.last_commit_paths(), [format!("desk/reviews/{id}.md")]);
}

// Refreshing.

#[test]
fn a_rerun_refreshes_only_the_generated_block_and_keeps_the_hand_written_text() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    env.edit(&path, "\n## Summary\n\n", "\n## Summary\n\nEU card payments failed for five hours.\n");
    env.edit(&path, "\n## Impact\n\n", "\n## Impact\n\nAll EU shops, no card checkout.\n");
    env.edit(&path, &format!("\n{BEGIN}\n"), &format!("\nRight before the block, by hand.\n{BEGIN}\n"));
    env.edit(&path, &format!("\n{END}\n"), &format!("\n{END}\nRight after the block, by hand.\n"));
    env.commit_by_hand("review: first notes");
    let before = env.read(&path);

    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "Still failing for Visa cards"]);
    act(
        &env,
        &thu("11:50"),
        "resolve",
        &id,
        &[
            "--resolution",
            "Raised the client timeout to 5s",
            "--code",
            "fixed",
            "--root-cause",
            "The timeout was set in two places",
        ],
    );
    let count = env.commit_count();
    review_ok(&env, &thu("13:00"), &id, &[]);
    assert_eq!(env.commit_count(), count + 1);
    assert_eq!(env.subject(), format!("esc: review {id}: timeline refreshed"));
    assert_eq!(env.last_commit_paths(), std::slice::from_ref(&path));
    env.assert_clean();

    // Cycle 2 runs from the reopen (Thu 11:00) to the resolve (11:50): 50m, with no public
    // update. update #2: 50m of 1h, 10m to spare; resolve #2: 50m of 4h, 3h 10m to spare;
    // level L2 #2 (since the reopen): 50m of 2h, 1h 10m to spare. L2 in all: 4h 30m + 50m.
    // The reopen cleared the root cause; the second resolve recorded a new one.
    let refreshed = OUTAGE_TIMELINE
        .replace(
            "“Rolled back the card API client” |\n",
            "“Rolled back the card API client” |\n\
             | 2026-11-26 11:00 | Ana Lima | L2 | reopen | reason: Still failing for Visa cards; resolution code cleared |\n\
             | 2026-11-26 11:50 | Ana Lima | L2 | resolve | resolution code fixed; “Raised the client timeout to 5s” |\n",
        )
        .replace("L2 4h 30m\n", "L2 5h 20m\n")
        .replace(
            "| level L2 | L2 limit 2h (P1) | 4h 30m | **missed** by 2h 30m |\n",
            "| update #2 | update target 1h (P1) | 50m | met, 10m to spare |\n\
             | resolve #2 | resolve target 4h (P1) | 50m | met, 3h 10m to spare |\n\
             | level L2 #2 | L2 limit 2h (P1) | 50m | met, 1h 10m to spare |\n",
        )
        .replace("(fixed): Rolled back the card API client", "(fixed): Raised the client timeout to 5s")
        .replace("A config push set a 1s timeout", "The timeout was set in two places");
    let after = env.read(&path);
    assert_eq!(generated_block(&after), refreshed);
    // Everything outside the block, byte for byte.
    assert_eq!(after, before.replacen(OUTAGE_TIMELINE, &refreshed, 1));
}

#[test]
fn a_rerun_with_nothing_new_commits_nothing() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let (count, bytes) = (env.commit_count(), env.read_bytes(&review_path(&id)));
    // A day later: the ticket's clocks all stopped at the resolve, so the block is the same.
    let run = review_ok(&env, &dec(1, "10:00"), &id, &[]);
    assert_eq!(run.stdout, format!("reviews/{id}.md\n"));
    assert_eq!(run.stderr.lines().next(), Some(format!("{id}: review up to date").as_str()), "{}", run.stderr);
    assert_eq!(env.commit_count(), count);
    assert_eq!(env.read_bytes(&review_path(&id)), bytes);
    env.assert_clean();
}

#[test]
fn deleted_markers_leave_the_file_alone_with_a_warning() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    env.edit(&path, &format!("{BEGIN}\n{OUTAGE_TIMELINE}{END}\n"), "See the ticket's history.\n");
    env.commit_by_hand("review: my own timeline");
    // The history grows, so a refresh would change the block if it were there.
    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "Still failing"]);
    act(&env, &thu("11:30"), "resolve", &id, &["--resolution", "Fixed for good"]);
    let (count, bytes) = (env.commit_count(), env.read_bytes(&path));
    let run = review_ok(&env, &thu("13:00"), &id, &[]);
    assert_eq!(run.stdout, format!("{path}\n"));
    assert!(
        run.stderr.starts_with(&format!(
            "warning: {path}: the timeline markers are gone, so the timeline was not refreshed (put them back to get it)\n{id}: review up to date\n"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(env.read_bytes(&path), bytes, "the file is the user's");
    assert_eq!(env.commit_count(), count);
    env.assert_clean();
}

#[test]
fn markup_in_the_history_cannot_fake_the_end_of_the_generated_block() {
    let env = TestEnv::initialised();
    let id = open_at(&env, &at("09:30"), PAYMENTS, &["--severity", "sev2"]);
    act(&env, &at("09:40"), "update", &id, &["-m", "Step 2 | retry <!-- esc:timeline end --> now"]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Restarted the API"]);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let text = env.read(&path);
    // A table cell: `|` escaped, `<` as an entity, so the end marker appears once.
    assert!(
        generated_block(&text).contains(
            "| 2026-11-25 09:40 | Ana Lima | L1 | update | “Step 2 \\| retry &lt;!-- esc:timeline end --> now” |\n"
        ),
        "{text}"
    );
    assert_eq!(text.matches(END).count(), 1, "{text}");
    write_under(&env, &id, "Detection", "Our own alert fired at 09:35.");
    let before = env.read(&path);

    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "Still failing"]);
    act(&env, &thu("11:30"), "resolve", &id, &["--resolution", "Fixed for good"]);
    review_ok(&env, &thu("12:00"), &id, &[]);
    let after = env.read(&path);
    assert!(generated_block(&after).contains(" | reopen | reason: Still failing |\n"), "{after}");
    assert_eq!(after, before.replacen(generated_block(&before), generated_block(&after), 1));
}

#[test]
fn a_title_quoting_the_begin_marker_does_not_move_the_generated_block() {
    let env = TestEnv::initialised();
    // A ticket about a page that shows esc's own marker as text: the title lands in the
    // review's heading, above the real block.
    let title = format!("Docs page shows {BEGIN} as text");
    let id = open_at(&env, &at("09:30"), &title, &["--severity", "sev2"]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Escaped the comment"]);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    write_under(&env, &id, "Summary", "The docs renderer printed our HTML comments.");
    let before = env.read(&path);
    // In the heading `<` is an entity, so the title cannot open a comment or fake a marker.
    let heading_title = title.replace('<', "&lt;");
    assert!(before.contains(&format!("\n# Post-incident review: {id} {heading_title}\n\n## Summary\n")), "{before}");

    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "Still visible"]);
    act(&env, &thu("11:30"), "resolve", &id, &["--resolution", "Escaped it everywhere"]);
    review_ok(&env, &thu("12:00"), &id, &[]);
    let after = env.read(&path);
    assert!(
        after.contains(&format!(
            "\n# Post-incident review: {id} {heading_title}\n\n## Summary\n\nThe docs renderer printed our HTML comments.\n"
        )),
        "the heading and the hand-written summary must survive the refresh:\n{after}"
    );
    assert_eq!(after, before.replacen(generated_block(&before), generated_block(&after), 1));
}

// Publishing.

#[test]
fn publishing_a_fresh_review_lists_every_unfilled_section_with_its_line() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let run = review_rejected(&env, &thu("15:00"), &id, &["--publish"]);
    // Lines: 1-11 front matter (9 keys between two ---), 12 blank, 13 the title, 14 blank,
    // 15 ## Summary, 17 its comment, 19 ## Impact, 23 ## Timeline, 25 the begin marker, 26-52
    // the 27 lines of the block, 53 the end marker, 55 ## Detection, 59 ## Contributing
    // factors (61 comment, 63 ### Five whys, 65-69 the whys), 71 ## Resolution (73 ###
    // Mitigation, 77 ### Permanent fix), 81 ## What went well, 85 ## What went poorly,
    // 89 ## Action items (a 3-line comment at 91-93), 95 ## Lessons learned.
    assert_eq!(OUTAGE_TIMELINE.lines().count(), 27);
    let text = env.read(&path);
    for (heading, line) in [
        ("Summary", 15),
        ("Impact", 19),
        ("Detection", 55),
        ("Contributing factors", 59),
        ("Resolution", 71),
        ("Lessons learned", 95),
    ] {
        assert_eq!(line_number(&text, &format!("## {heading}")), line, "{heading}");
    }
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot publish {path}: 6 problems\n  \
             {path}:15: section 'Summary' is not filled in\n  \
             {path}:19: section 'Impact' is not filled in\n  \
             {path}:55: section 'Detection' is not filled in\n  \
             {path}:59: section 'Contributing factors' is not filled in\n  \
             {path}:71: section 'Resolution' is not filled in\n  \
             {path}:95: section 'Lessons learned' is not filled in\n{PUBLISH_HINT}"
        )
    );
}

#[test]
fn comments_headings_and_the_untouched_five_whys_do_not_fill_a_section() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    // Take back Summary and Contributing factors: a comment, a heading, the placeholders.
    env.edit(
        &path,
        "EU card payments failed for five hours after a config push.\n",
        "<!-- to do: ask Chen -->\n### Draft\n",
    );
    env.edit(&path, "The card API client timeout lived in two config files.\n", "");
    env.commit_by_hand("review: not so fast");
    let text = env.read(&path);
    let whys: String = (1..=5).map(|n| format!("{n}. Why? Because …\n")).collect();
    assert!(text.contains(&format!("### Five whys\n\n{whys}")), "{text}");
    let (summary, factors) = (line_number(&text, "## Summary"), line_number(&text, "## Contributing factors"));
    let run = review_rejected(&env, &thu("15:00"), &id, &["--publish"]);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot publish {path}: 2 problems\n  \
             {path}:{summary}: section 'Summary' is not filled in\n  \
             {path}:{factors}: section 'Contributing factors' is not filled in\n{PUBLISH_HINT}"
        )
    );

    // One answered why fills Contributing factors; a sentence fills the summary.
    env.edit(&path, "1. Why? Because …\n", "1. Why did checkout fail? Because the client gave up after 1s.\n");
    env.edit(&path, "### Draft\n", "### Draft\n\nEU card payments failed for five hours.\n");
    env.commit_by_hand("review: done");
    review_ok(&env, &thu("16:00"), &id, &["--publish"]);
    assert_eq!(front_matter_value(&env.read(&path), "status").as_deref(), Some("published"));
}

#[test]
fn publishing_needs_an_owner_on_every_action_item_then_sets_status_and_time() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    review_ok(&env, &thu("11:00"), &id, &["--action", "Alert on card API timeouts", "--type", "detect"]);

    // Line 10 is action_items: (after ---, ticket, title, severity, priority, owner, status,
    // created, due).
    let run = review_rejected(&env, &thu("11:10"), &id, &["--publish"]);
    assert_eq!(
        run.stderr,
        format!("error: cannot publish {path}: 1 problem\n  {path}:10: action item A1 has no owner\n{PUBLISH_HINT}")
    );
    assert_eq!(line_number(&env.read(&path), "action_items:"), 10);

    review_ok(&env, &thu("11:30"), &id, &["--item", "A1", "--owner", CHEN]);
    assert_eq!(env.subject(), format!("esc: review {id}: A1 updated"));
    assert!(action_items(&env.read(&path)).contains(&format!("\n  owner: {CHEN}\n")), "{}", env.read(&path));

    let count = env.commit_count();
    let run = review_ok(&env, &thu("16:00"), &id, &["--publish"]);
    assert_eq!(env.commit_count(), count + 1);
    assert_eq!(env.subject(), format!("esc: review {id}: published"));
    assert_eq!(env.last_commit_paths(), std::slice::from_ref(&path));
    assert!(
        run.stderr.contains(&format!("{path}: published, due 2026-12-02 14:30 UTC, 1 action item (1 open)\n")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("before it can be published"), "{}", run.stderr);
    let text = env.read(&path);
    assert_eq!(front_matter_value(&text, "status").as_deref(), Some("published"));
    assert_eq!(front_matter_value(&text, "published").as_deref(), Some("2026-11-26T16:00:00Z"));
    assert!(text.contains("\ndue: 2026-12-02T14:30:00Z\npublished: 2026-11-26T16:00:00Z\naction_items:\n"), "{text}");

    // Publishing again changes nothing.
    let run = review_ok(&env, &thu("17:00"), &id, &["--publish"]);
    assert_eq!(run.stderr.lines().next(), Some(format!("{id}: review up to date").as_str()));
    assert_eq!(env.commit_count(), count + 1);
    assert_eq!(front_matter_value(&env.read(&path), "published").as_deref(), Some("2026-11-26T16:00:00Z"));
    env.assert_clean();
}

#[test]
fn a_required_section_that_is_gone_is_named_on_the_ticket_line() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    env.edit(&path, "\n## Lessons learned\n\nHold a canary window for every config push.\n", "\n");
    env.commit_by_hand("review: no lessons");
    let run = review_rejected(&env, &thu("15:00"), &id, &["--publish"]);
    // Line 2 is `ticket:`.
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot publish {path}: 1 problem\n  {path}:2: there is no '## Lessons learned' section\n{PUBLISH_HINT}"
        )
    );
}

// Action items.

#[test]
fn action_items_get_the_next_id_and_a_due_time_in_the_business_calendar() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);

    // Added Thursday 13:05; 10d = 80 working hours: Thu 3h 55m, then Fri 27, Mon 30, Tue 1,
    // Wed 2, Thu 3, Fri 4, Mon 7, Tue 8, Wed 9 (72h) = 75h 55m; 4h 05m on Thursday
    // 2026-12-10 from 09:00: 13:05.
    review_ok(
        &env,
        &thu("13:05"),
        &id,
        &["--action", "Alert on card API timeouts", "--type", "detect", "--owner", CHEN, "--due", "10d"],
    );
    assert_eq!(env.subject(), format!("esc: review {id}: added A1: Alert on card API timeouts"));
    assert_eq!(env.last_commit_paths(), std::slice::from_ref(&path));
    // A date is the end of that day, UTC; the type defaults to prevent.
    review_ok(&env, &thu("13:10"), &id, &["--action", "One place for client timeouts", "--due", "2026-12-15"]);
    // No --due: P1's action_due, 5d = 40 working hours from Thursday 13:20: Thu 3h 40m,
    // Fri 27, Mon 30, Tue 1, Wed 2 (32h) = 35h 40m; 4h 20m on Thursday 2026-12-03: 13:20.
    review_ok(&env, &thu("13:20"), &id, &["--action", "Practise rollbacks", "--type", "process", "--owner", "Bo Berg"]);
    assert_eq!(
        action_items(&env.read(&path)),
        format!(
            "action_items:\n\
             - id: A1\n  title: Alert on card API timeouts\n  type: detect\n  owner: {CHEN}\n  due: 2026-12-10T13:05:00Z\n  status: open\n\
             - id: A2\n  title: One place for client timeouts\n  type: prevent\n  due: 2026-12-15T23:59:59Z\n  status: open\n\
             - id: A3\n  title: Practise rollbacks\n  type: process\n  owner: Bo Berg\n  due: 2026-12-03T13:20:00Z\n  status: open\n"
        )
    );
    env.assert_clean();
    env.assert_fsck();
}

#[test]
fn done_marks_an_item_done_with_the_time() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    review_ok(&env, &thu("13:05"), &id, &["--action", "Alert on card API timeouts", "--owner", CHEN, "--due", "10d"]);
    review_ok(&env, &thu("13:10"), &id, &["--action", "Practise rollbacks", "--owner", CHEN, "--due", "2026-12-15"]);

    let run = review_rejected(&env, &thu("15:00"), &id, &["--done", "A9"]);
    assert_eq!(
        run.stderr.lines().next(),
        Some(format!("error: {path} has no action item 'A9' (it has: A1, A2)").as_str()),
        "{}",
        run.stderr
    );

    let run = review_ok(&env, &dec(1, "10:00"), &id, &["--done", "A1"]);
    assert_eq!(env.subject(), format!("esc: review {id}: A1 done"));
    assert!(
        run.stderr.contains(&format!("{path}: draft, due 2026-12-02 14:30 UTC, 2 action items (1 open)\n")),
        "{}",
        run.stderr
    );
    assert!(
        action_items(&env.read(&path)).starts_with(&format!(
            "action_items:\n- id: A1\n  title: Alert on card API timeouts\n  type: prevent\n  owner: {CHEN}\n  \
             due: 2026-12-10T13:05:00Z\n  status: done\n  done: 2026-12-01T10:00:00Z\n- id: A2\n"
        )),
        "{}",
        env.read(&path)
    );
    // Done twice is nothing new.
    let count = env.commit_count();
    review_ok(&env, &dec(1, "11:00"), &id, &["--done", "a1"]);
    assert_eq!(env.commit_count(), count);
    env.assert_clean();
}

#[test]
fn bad_action_item_options_are_refused_and_change_nothing() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);

    let run = review_rejected(&env, &thu("15:00"), &id, &["--action", "Alert", "--type", "bogus"]);
    assert!(
        run.stderr.starts_with(
            "error: invalid value 'bogus' for '--type <TYPE>': 'bogus' is not an action item type (known: prevent, detect, mitigate, repair, process)\n"
        ),
        "{}",
        run.stderr
    );
    for args in [&["--type", "detect"][..], &["--due", "10d"], &["--type", "repair", "--due", "2026-12-15"]] {
        let run = review_rejected(&env, &thu("15:00"), &id, args);
        assert_eq!(
            run.stderr, "error: --type and --due describe an action item: use them with --action or --item\n",
            "{args:?}"
        );
    }
    let run = review_rejected(&env, &thu("15:00"), &id, &["--action", "Alert", "--due", "soon"]);
    assert!(run.stderr.contains("'soon' is not a due time"), "{}", run.stderr);
    let run = review_rejected(&env, &thu("15:00"), &id, &["--item", "A1", "--owner", CHEN]);
    assert!(
        run.stderr.starts_with(&format!("error: {path} has no action item 'A1' (it has: none)\n")),
        "{}",
        run.stderr
    );
}

#[test]
fn the_review_owner_and_reviewers_are_set_without_an_action() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    review_ok(&env, &thu("10:30"), &id, &["--owner", "Bo Berg", "--reviewer", "Eli Ramos"]);
    assert_eq!(env.subject(), format!("esc: review {id}: owner Bo Berg, reviewer Eli Ramos"));
    review_ok(&env, &thu("10:35"), &id, &["--reviewer", "Dana Ito"]);
    assert_eq!(env.subject(), format!("esc: review {id}: reviewer Dana Ito"));
    let text = env.read(&path);
    assert!(text.contains("\nowner: Bo Berg\nreviewers:\n- Eli Ramos\n- Dana Ito\nstatus: draft\n"), "{text}");
    // The same again changes nothing.
    let count = env.commit_count();
    review_ok(&env, &thu("10:40"), &id, &["--owner", "Bo Berg", "--reviewer", "Dana Ito", "--reviewer", "Eli Ramos"]);
    assert_eq!(env.commit_count(), count);
    assert_eq!(env.read(&path), text);
}

#[test]
fn without_a_priority_an_action_item_has_no_default_due_and_blocks_publishing() {
    let env = TestEnv::initialised();
    let id = open_at(&env, &at("09:30"), "Question about invoices", &[]);
    act(&env, &at("10:30"), "resolve", &id, &["--resolution", "Answered"]);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    review_ok(&env, &thu("11:00"), &id, &["--action", "Write an FAQ entry", "--owner", CHEN]);
    assert_eq!(
        action_items(&env.read(&path)),
        format!(
            "action_items:\n- id: A1\n  title: Write an FAQ entry\n  type: prevent\n  owner: {CHEN}\n  status: open\n"
        )
    );
    // No severity, no priority: action_items: is line 8 (---, ticket, title, owner, status,
    // created, due).
    let run = review_rejected(&env, &thu("11:10"), &id, &["--publish"]);
    assert_eq!(
        run.stderr,
        format!("error: cannot publish {path}: 1 problem\n  {path}:8: action item A1 has no due date\n{PUBLISH_HINT}")
    );
    // 5d from Thursday 11:30: Thu 5h 30m, Fri, Mon, Tue, Wed (32h) = 37h 30m; 2h 30m on
    // Thursday 2026-12-03: 11:30.
    review_ok(&env, &thu("11:30"), &id, &["--item", "A1", "--due", "5d"]);
    assert!(action_items(&env.read(&path)).contains("\n  due: 2026-12-03T11:30:00Z\n"), "{}", env.read(&path));
    review_ok(&env, &thu("12:00"), &id, &["--publish"]);
}

#[test]
fn open_creates_a_follow_up_ticket_linked_both_ways_in_one_commit() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let count = env.commit_count();
    let run = env.esc_at_ok(
        &thu("13:00"),
        &["--json", "review", &id, "--action", "Alert on timeouts", "--type", "detect", "--owner", CHEN, "--open"],
    );
    let out = json(&run.stdout);
    let new = out["follow_up"]["id"].as_str().unwrap_or_else(|| panic!("no follow_up.id: {out:#}")).to_string();
    assert!(new.starts_with("ESC-") && new != id, "{new}");
    assert_eq!(out["path"], path);
    assert_eq!(out["changes"], json!([format!("added A1 with follow-up {new}: Alert on timeouts")]));
    assert_eq!(out["follow_up"]["path"], ticket_path(&new));
    assert_eq!(out["follow_up"]["assignee"], CHEN);
    assert_eq!(out["follow_up"]["links"], json!([{"rel": "follow-up-of", "id": id}]));
    assert_eq!(out["action_items"][0]["ticket_id"], new.as_str());

    // One commit with all three files. The subject is cut at 72 characters: 26 for
    // "esc: review ESC-XXXXXXXX: ", so 45 of the summary and an ellipsis.
    assert_eq!(env.commit_count(), count + 1);
    let mut paths = vec![path.clone(), ticket_path(&id), ticket_path(&new)];
    paths.sort();
    assert_eq!(env.last_commit_paths(), paths);
    assert_eq!(env.subject(), format!("esc: review {id}: added A1 with follow-up {new}: Alert o…"));
    env.assert_clean();
    env.assert_fsck();

    // The item points at the new ticket, which the owner works on; the links go both ways.
    assert!(
        action_items(&env.read(&path)).ends_with(&format!(
            "- id: A1\n  title: Alert on timeouts\n  type: detect\n  owner: {CHEN}\n  due: 2026-12-03T13:00:00Z\n  \
             status: open\n  ticket: {new}\n"
        )),
        "{}",
        env.read(&path)
    );
    let follow_up = env.read(&ticket_path(&new));
    assert!(follow_up.contains(&format!("\nlinks:\n- rel: follow-up-of\n  id: {id}\n")), "{follow_up}");
    assert_eq!(front_matter_value(&follow_up, "assignee").as_deref(), Some(CHEN));
    assert_eq!(front_matter_value(&follow_up, "type").as_deref(), Some("technical"));
    assert_eq!(front_matter_value(&follow_up, "category").as_deref(), Some("integration"));
    assert_eq!(front_matter_value(&follow_up, "created").as_deref(), Some("2026-11-26T13:00:00Z"));
    let parent = env.read(&ticket_path(&id));
    assert!(parent.contains(&format!("\nlinks:\n- rel: follow-up\n  id: {new}\n")), "{parent}");
    env.esc(&["lint"]).expect_code(0, "lint after --open");
}

// Refusals.

#[test]
fn a_ticket_that_is_still_open_cannot_be_reviewed() {
    let env = TestEnv::initialised();
    let id = open_at(&env, &at("09:30"), OUTAGE, &["--severity", "sev1"]);
    let run = env.esc_rejects(&["review", &id]);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot review {id}: it is new; a review looks back on a resolved ticket\n\
             hint: resolve it first: esc resolve {id} --resolution TEXT\n"
        )
    );
    assert!(!env.path("reviews").exists());
}

#[test]
fn an_unknown_id_is_refused() {
    let env = TestEnv::initialised();
    outage(&env);
    let run = env.esc_rejects(&["review", "ESC-ZZZZZZZZ"]);
    assert_eq!(run.stderr, "error: no ticket matches 'ESC-ZZZZZZZZ'\nhint: `esc list --all` shows every ticket\n");
}

#[test]
fn a_review_with_uncommitted_edits_is_never_overwritten() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    env.edit(&path, "\n## Summary\n\n", "\n## Summary\n\nNot committed yet.\n");
    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "Still failing"]);
    act(&env, &thu("11:30"), "resolve", &id, &["--resolution", "Fixed for good"]);
    let status = env.status();
    assert_eq!(status, format!(" M {path}\n"));
    let refusal = format!(
        "error: {} has uncommitted changes; esc will not overwrite them\n\
         hint: commit or discard your edits first (git add/commit, or git restore)\n",
        env.path(&path).display()
    );
    // The timeline has grown since, so each of these would write the file.
    let writes: [&[&str]; 2] = [&[], &["--action", "Alert on timeouts", "--owner", CHEN]];
    for args in writes {
        let run = review_rejected(&env, &thu("15:00"), &id, args);
        assert_eq!(run.stderr, refusal, "{args:?}");
        assert_eq!(env.status(), status, "{args:?}");
    }
    review_rejected(&env, &thu("15:00"), &id, &["--publish"]);
    assert_eq!(env.status(), status);

    // Committed, the edit is the base the refresh builds on.
    env.commit_by_hand("review: summary");
    review_ok(&env, &thu("16:00"), &id, &[]);
    assert_eq!(env.subject(), format!("esc: review {id}: timeline refreshed"));
    assert!(env.read(&path).contains("\n## Summary\n\nNot committed yet.\n"));
    env.assert_clean();
}

#[test]
fn a_control_character_in_an_action_item_title_is_refused() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    review_ok(&env, &thu("10:00"), &id, &[]);
    let run = review_rejected(&env, &thu("15:00"), &id, &["--action", "Alert\u{7} on timeouts"]);
    assert_eq!(
        run.stderr,
        "error: the action item contains a control character or an invisible formatting character (\\u{7}); it must be one line of plain text\n"
    );
    let run = review_rejected(&env, &thu("15:00"), &id, &["--action", "Two\nlines"]);
    assert!(run.stderr.starts_with("error: the action item contains a control character"), "{}", run.stderr);
}

// esc check.

const PAYMENTS: &str = "Payments API returns 500";

/// A sev1 opened Wednesday 09:30 and resolved at 10:30, with no review. Due 5d later:
/// Wed 6h 30m + Thu, Fri, Mon, Tue 8h each = 38h 30m; 1h 30m on Wednesday 2026-12-02: 10:30.
fn resolved_sev1(env: &TestEnv) -> String {
    let id = open_at(env, &at("09:30"), PAYMENTS, &["--severity", "sev1"]);
    act(env, &at("10:30"), "resolve", &id, &["--resolution", "Restarted the API"]);
    id
}

/// `esc check --format json --now NOW ARGS…`: its exit code and the `reviews` list, each
/// finding without its null keys (every key is there: checked here).
fn check_reviews(env: &TestEnv, now: &str, args: &[&str]) -> (i32, Value) {
    const KEYS: [&str; 11] = [
        "id",
        "title",
        "path",
        "problem",
        "required_because",
        "item",
        "item_title",
        "owner",
        "due",
        "overdue",
        "over_seconds",
    ];
    let run = env.esc(&[&["check", "--format", "json", "--now", now][..], args].concat());
    assert!(run.code == 0 || run.code == 1, "check should find, not fail:\n{}", run.stderr);
    let mut report = json(&run.stdout);
    for finding in report["reviews"].as_array_mut().expect("a list") {
        let finding = finding.as_object_mut().expect("an object");
        assert_eq!(finding.keys().collect::<Vec<_>>().len(), KEYS.len(), "{finding:?}");
        assert!(KEYS.iter().all(|k| finding.contains_key(*k)), "{finding:?}");
        finding.retain(|_, v| !v.is_null());
    }
    (run.code, report["reviews"].clone())
}

/// The cells of a table row (columns are separated by two or more spaces).
fn cells(row: &str) -> Vec<&str> {
    row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
}

const REVIEW_HEADERS: [&str; 5] = ["TICKET", "REVIEW", "STATE", "DUE (UTC)", "TITLE"];

#[test]
fn check_warns_of_a_missing_review_before_its_due_time_and_fails_after() {
    let env = TestEnv::initialised();
    let id = resolved_sev1(&env);

    // Tuesday 10:30, a day before it is due.
    let run = env.esc(&["check", "--now", &dec(1, "10:30")]).expect_code(0, "a due review is a warning");
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(cells).collect();
    assert_eq!(
        rows,
        [
            REVIEW_HEADERS.to_vec(),
            vec![id.as_str(), "missing (severity sev1)", "due", "2026-12-02 10:30", "1d left", PAYMENTS]
        ]
    );
    assert_eq!(
        run.stderr,
        "check: 0 breached, 0 warnings across 0 open tickets; reviews: 0 overdue, 1 due at 2026-12-01T10:30:00Z\n"
    );
    env.esc(&["check", "--now", &dec(1, "10:30"), "--fail-on", "warning"]).expect_code(1, "--fail-on warning");

    // Wednesday 12:00: 1h 30m past due.
    let run = env.esc(&["check", "--now", &dec(2, "12:00")]).expect_code(1, "an overdue review fails");
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(cells).collect();
    assert_eq!(
        rows,
        [
            REVIEW_HEADERS.to_vec(),
            vec![id.as_str(), "missing (severity sev1)", "overdue", "2026-12-02 10:30", "1h 30m over", PAYMENTS]
        ]
    );
    assert_eq!(
        run.stderr,
        "check: 0 breached, 0 warnings across 0 open tickets; reviews: 1 overdue, 0 due at 2026-12-02T12:00:00Z\n"
    );
    let (code, reviews) = check_reviews(&env, &dec(2, "12:00"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        reviews,
        json!([{
            "id": id,
            "title": PAYMENTS,
            "path": ticket_path(&id),
            "problem": "missing",
            "required_because": "severity sev1",
            "due": "2026-12-02T10:30:00Z",
            "overdue": true,
            "over_seconds": 5400,
        }])
    );

    // A draft written past the due time still fails, now as unpublished (same due time).
    review_ok(&env, &dec(2, "12:00"), &id, &[]);
    assert_eq!(front_matter_value(&env.read(&review_path(&id)), "due").as_deref(), Some("2026-12-02T10:30:00Z"));
    let run = env.esc(&["check", "--now", &dec(2, "12:30")]).expect_code(1, "a draft past due fails");
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(cells).collect();
    assert_eq!(rows[1], [id.as_str(), "draft", "overdue", "2026-12-02 10:30", "2h over", PAYMENTS]);
    let (_, reviews) = check_reviews(&env, &dec(2, "12:30"), &[]);
    assert_eq!(
        reviews,
        json!([{
            "id": id,
            "title": PAYMENTS,
            "path": review_path(&id),
            "problem": "unpublished",
            "due": "2026-12-02T10:30:00Z",
            "overdue": true,
            "over_seconds": 7200,
        }])
    );

    // Filled in and published: the check passes.
    fill_required_sections(&env, &id);
    review_ok(&env, &dec(2, "13:00"), &id, &["--publish"]);
    let run = env.esc(&["check", "--now", &dec(2, "13:30")]).expect_code(0, "a published review");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "check: 0 breached, 0 warnings across 0 open tickets at 2026-12-02T13:30:00Z\n");
    assert_eq!(check_reviews(&env, &dec(2, "13:30"), &[]), (0, json!([])));
}

#[test]
fn a_sev3_ticket_needs_a_review_only_when_it_missed_its_resolve_target() {
    let env = TestEnv::initialised();
    // P3 counts in the business calendar; resolve target 3d = 24 working hours.
    // On time: Wednesday 09:30 → 10:30, 1h.
    let quick = open_at(&env, &at("09:30"), "Export button greyed out", &["--severity", "sev3"]);
    act(&env, &at("10:30"), "resolve", &quick, &["--resolution", "Cleared the cache"]);
    // Late: Wednesday 09:30 → Monday 12:00: Wed 7h 30m + Thu 8h + Fri 8h + Mon 3h = 26h 30m.
    let slow = open_at(&env, &at("09:30"), "Reports time out", &["--severity", "sev3"]);
    act(&env, "2026-11-30T12:00:00Z", "resolve", &slow, &["--resolution", "Added an index"]);

    // Due 5d after Monday 12:00: Mon 5h + Tue to Fri 32h = 37h; 3h on Monday 2026-12-07: 12:00.
    // Checked Tuesday 2026-12-01 09:00: 6d 3h = 147h = 529200s before that.
    let (code, reviews) = check_reviews(&env, &dec(1, "09:00"), &[]);
    assert_eq!(code, 0, "not due yet");
    assert_eq!(
        reviews,
        json!([{
            "id": slow,
            "title": "Reports time out",
            "path": ticket_path(&slow),
            "problem": "missing",
            "required_because": "missed its resolve target",
            "due": "2026-12-07T12:00:00Z",
            "overdue": false,
            "over_seconds": -529200,
        }])
    );
}

#[test]
fn an_open_action_item_past_its_due_time_fails_the_check_until_it_is_done() {
    let env = TestEnv::initialised();
    let id = resolved_sev1(&env);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    review_ok(&env, &thu("11:00"), &id, &["--publish"]);
    review_ok(&env, &thu("11:30"), &id, &["--action", "Alert on 500s", "--owner", CHEN, "--due", "2026-12-04"]);

    // Not yet due on Friday 2026-12-04 at noon: no finding.
    assert_eq!(check_reviews(&env, &dec(4, "12:00"), &[]), (0, json!([])));

    // Monday 2026-12-07 09:00 is 2d 9h 0m 1s after Friday 23:59:59: 57h = 205200s, plus 1s.
    let (code, reviews) = check_reviews(&env, &dec(7, "09:00"), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        reviews,
        json!([{
            "id": id,
            "title": PAYMENTS,
            "path": review_path(&id),
            "problem": "action_item",
            "item": "A1",
            "item_title": "Alert on 500s",
            "owner": CHEN,
            "due": "2026-12-04T23:59:59Z",
            "overdue": true,
            "over_seconds": 205201,
        }])
    );
    let run = env.esc(&["check", "--now", &dec(7, "09:00")]).expect_code(1, "an overdue action item");
    // The table names the owner without the email.
    let rows: Vec<Vec<&str>> = run.stdout.lines().map(cells).collect();
    assert_eq!(rows[1], [id.as_str(), "action A1 (Chen Wei)", "overdue", "2026-12-04 23:59", "2d 9h over", PAYMENTS]);

    review_ok(&env, &dec(7, "09:05"), &id, &["--done", "A1"]);
    assert_eq!(check_reviews(&env, &dec(7, "09:10"), &[]), (0, json!([])));
}

#[test]
fn an_action_item_of_a_reopened_ticket_can_still_be_marked_done() {
    let env = TestEnv::initialised();
    let id = resolved_sev1(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    review_ok(&env, &thu("10:10"), &id, &["--action", "Alert on 500s", "--owner", CHEN, "--due", "2026-11-30"]);
    act(&env, &thu("11:00"), "reopen", &id, &["--reason", "The 500s are back"]);

    // esc check chases the item while the ticket is open again: Tuesday 10:00 is 10h 0m 1s
    // after Monday 23:59:59 = 36001s.
    let (_, reviews) = check_reviews(&env, &dec(1, "10:00"), &[]);
    assert_eq!(
        reviews,
        json!([{
            "id": id,
            "title": PAYMENTS,
            "path": path,
            "problem": "action_item",
            "item": "A1",
            "item_title": "Alert on 500s",
            "owner": CHEN,
            "due": "2026-11-30T23:59:59Z",
            "overdue": true,
            "over_seconds": 36001,
        }])
    );
    // So its owner must be able to mark it done with esc.
    review_ok(&env, &dec(1, "10:05"), &id, &["--done", "A1"]);
    assert!(
        action_items(&env.read(&path)).contains("\n  status: done\n  done: 2026-12-01T10:05:00Z\n"),
        "{}",
        env.read(&path)
    );
    assert_eq!(check_reviews(&env, &dec(1, "10:10"), &[]).1, json!([]));
}

#[test]
fn an_overdue_review_is_a_github_error_and_a_failed_junit_test_case() {
    let env = TestEnv::initialised();
    let id = resolved_sev1(&env);
    let file = ticket_path(&id);

    let run = env.esc(&["check", "--format", "github", "--now", &dec(1, "10:30")]).expect_code(0, "due");
    assert_eq!(
        run.stdout,
        format!(
            "::warning file={file},line=1,title=Review due%3A {id}::{id} review missing (severity sev1): due 2026-12-02T10:30:00Z, 1d left - {PAYMENTS}\n"
        )
    );
    let run = env.esc(&["check", "--format", "github", "--now", &dec(2, "12:00")]).expect_code(1, "overdue");
    assert_eq!(
        run.stdout,
        format!(
            "::error file={file},line=1,title=Review overdue%3A {id}::{id} review missing (severity sev1): due 2026-12-02T10:30:00Z, 1h 30m over - {PAYMENTS}\n"
        )
    );

    let run = env.esc(&["check", "--format", "junit", "--now", &dec(2, "12:00")]).expect_code(1, "junit");
    let doc = roxmltree::Document::parse(&run.stdout).unwrap_or_else(|e| panic!("not XML ({e}):\n{}", run.stdout));
    let suites = doc.root_element();
    assert_eq!((suites.attribute("tests"), suites.attribute("failures")), (Some("1"), Some("1")));
    let cases: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 1);
    let case = cases[0];
    assert_eq!(
        (case.attribute("classname"), case.attribute("name"), case.attribute("file")),
        (Some(id.as_str()), Some(format!("review - {PAYMENTS}").as_str()), Some(file.as_str()))
    );
    let failure = case.children().find(|c| c.has_tag_name("failure")).expect("a failure");
    let message = format!("{id} review missing (severity sev1): due 2026-12-02T10:30:00Z, 1h 30m over");
    assert_eq!(failure.attribute("type"), Some("review overdue"));
    assert_eq!(failure.attribute("message"), Some(message.as_str()));
    assert_eq!(failure.text(), Some(format!("{message}\n{PAYMENTS}").as_str()));

    // Before its due time the case passes, with the message as output.
    let run = env.esc(&["check", "--format", "junit", "--now", &dec(1, "10:30")]).expect_code(0, "junit, due");
    let doc = roxmltree::Document::parse(&run.stdout).expect("XML");
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert!(!doc.descendants().any(|n| n.has_tag_name("failure")));
}

// esc search.

#[test]
fn search_finds_a_published_review_by_a_word_from_its_lessons() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    let path = review_path(&id);
    review_ok(&env, &thu("10:00"), &id, &[]);
    fill_required_sections(&env, &id);
    review_ok(&env, &thu("11:00"), &id, &["--publish"]);
    let text = env.read(&path);
    let line = line_number(&text, "Hold a canary window");
    assert_eq!(line, line_number(&text, "## Lessons learned") + 2);

    let hits = json(&env.esc_ok(&["--json", "search", "canary"]))["hits"].clone();
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits:#}");
    let hit = &hits[0];
    assert_eq!((hit["kind"].as_str(), hit["id"].as_str()), (Some("review"), Some(id.as_str())));
    assert_eq!(hit["path"], path);
    assert_eq!(hit["lines"][0]["field"], "lessons learned");
    assert_eq!(hit["lines"][0]["line"], line);
    assert_eq!(hit["lines"][0]["text"], "Hold a canary window for every config push.");
    let human = env.esc_ok(&["search", "canary"]);
    assert!(human.starts_with(&format!("review of {id}  published  {OUTAGE}\n")), "{human}");
    assert!(human.contains(&format!("{path}:{line}: Hold a canary window for every config push.\n")), "{human}");
}

#[test]
fn sections_are_written_from_a_flag_a_file_or_stdin_and_then_the_review_publishes() {
    let env = TestEnv::initialised();
    let id = outage(&env);
    review_ok(&env, &thu("09:00"), &id, &[]);
    let path = review_path(id.as_str());
    let before = env.commit_count();
    review_ok(&env, &thu("09:10"), &id, &["--section", "summary", "-m", "EU card payments failed for five hours."]);
    assert_eq!(env.commit_count(), before + 1, "one commit");
    let text = env.read(&path);
    assert!(text.contains("\n## Summary\n\nEU card payments failed for five hours.\n\n## "), "{text}");
    assert!(text.contains(BEGIN) && text.contains(END), "the timeline stays");
    env.write("../impact.md", "All EU shops lost card checkout.\n");
    let impact = env.path("../impact.md").display().to_string();
    review_ok(&env, &thu("09:20"), &id, &["--section", "Impact", "-F", &impact]);
    let run = crate::common::run(
        env.esc_command()
            .env("ESC_NOW", thu("09:30"))
            .args(["review", &id, "--section", "Lessons learned", "-m", "-"])
            .write_stdin("Hold a canary window for every config push.\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = env.read(&path);
    assert!(text.contains("\n## Impact\n\nAll EU shops lost card checkout.\n\n## "), "{text}");
    assert!(text.ends_with("## Lessons learned\n\nHold a canary window for every config push.\n"), "{text}");
    // Writing the same text again changes nothing and makes no commit.
    let count = env.commit_count();
    review_ok(&env, &thu("09:40"), &id, &["--section", "Impact", "-F", &impact]);
    assert_eq!(env.commit_count(), count);
    let run = review_rejected(&env, &thu("09:50"), &id, &["--section", "Sumary", "-m", "x"]);
    assert!(run.hint().is_some_and(|h| h.contains("did you mean 'Summary'?")), "{}", run.stderr);
    review_rejected(&env, &thu("09:50"), &id, &["--section", "Summary"]);
    env.assert_clean();
}
