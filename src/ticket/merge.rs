//! A three-way merge of a ticket file by meaning, so two clones acting on one ticket never
//! conflict: the history is the union of both sides' entries in time order, the state is
//! the fold of that history ([`Ticket::apply`]), keys esc does not know merge per key, and the
//! Markdown body merges line by line. Pure: three texts in, one text out.
//!
//! The result does not depend on which side is "ours": merging A into B and B into A give
//! the same bytes, and merging a side with itself gives it back.

use super::file::TicketFile;
use super::{Event, Field, FieldValue, Link, TICKET_KEYS, Ticket};
use crate::frontmatter::{Document, SyntaxError};

/// What a merge gives: the text to write, and what both sides changed differently (empty
/// when the merge is clean).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// `body`, or the front-matter keys that both sides changed differently.
    pub conflicts: Vec<String>,
}

/// Merges `ours` and `theirs`, two versions of one ticket file that grew from `base`
/// (`None` when both sides added the file). Fails when the file does not parse on a side, or
/// when the two are different tickets (their `open` entries differ: an id drawn twice).
pub fn merge_ticket(base: Option<&str>, ours: &str, theirs: &str) -> Result<Merged, SyntaxError> {
    let ours = TicketFile::parse(ours)?;
    let theirs = TicketFile::parse(theirs)?;
    // Two tickets that drew the same id in two clones are not one story to merge.
    if ours.ticket.history.first() != theirs.ticket.history.first() {
        return Err(SyntaxError::new(1, "two different tickets carry this id: they were opened apart"));
    }
    // A base that does not parse (or is absent) is treated as empty: everything is new.
    let base = base.and_then(|text| TicketFile::parse(text).ok());

    let history = merge_histories(&ours.ticket.history, &theirs.ticket.history);
    let ticket = merge_state(base.as_ref().map(|b| &b.ticket), &ours.ticket, &theirs.ticket, history);

    let mut conflicts = Vec::new();
    let base_document = base.as_ref().map(TicketFile::document);
    let document =
        merge_documents(base_document, ours.document(), theirs.document(), TICKET_KEYS, merge_body, &mut conflicts);
    let text = TicketFile::from_parts(ticket, document).render()?;
    Ok(Merged { text, conflicts })
}

/// The document esc's keys are then rendered into: the keys it does not own merged per key,
/// and the body merged with `merge_body`; what conflicts is added to `conflicts`.
pub(crate) fn merge_documents(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
    owned: &[&str],
    merge_body: fn(&str, &str, &str) -> Result<String, String>,
    conflicts: &mut Vec<String>,
) -> Document {
    let empty = Document::default();
    let base = base.unwrap_or(&empty);
    let (mut document, key_conflicts) = Document::merge_other_keys(base, ours, theirs, owned);
    conflicts.extend(key_conflicts);
    let body = merge_body(base.body(), ours.body(), theirs.body()).unwrap_or_else(|with_markers| {
        conflicts.push("body".to_string());
        with_markers
    });
    document.set_body(body);
    document
}

/// The body merged line by line; `Err` holds the text with conflict markers. Notes both
/// sides only appended are both kept (in a fixed order), since that is what two people
/// adding to a ticket at once mean.
pub fn merge_body(base: &str, ours: &str, theirs: &str) -> Result<String, String> {
    if let (Some(ours_added), Some(theirs_added)) = (ours.strip_prefix(base), theirs.strip_prefix(base))
        && !ours_added.is_empty()
        && !theirs_added.is_empty()
        && ours_added != theirs_added
    {
        let (first, second) =
            if ours_added <= theirs_added { (ours_added, theirs_added) } else { (theirs_added, ours_added) };
        let separator = if first.ends_with('\n') { "" } else { "\n" };
        return Ok(format!("{base}{first}{separator}{second}"));
    }
    diffy::merge(base, ours, theirs)
}

/// Both sides' entries once each, in time order: the shared past as it is, then the new
/// entries of both sides interleaved by time (ties broken by the entry's text, so the order
/// does not depend on the side).
pub fn merge_histories(ours: &[Event], theirs: &[Event]) -> Vec<Event> {
    let shared = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let ours_new = &ours[shared..];
    let theirs_new: Vec<&Event> = theirs[shared..].iter().filter(|e| !ours_new.contains(e)).collect();
    let key = |event: &Event| (event.at, serde_json::to_string(event).unwrap_or_default());
    let mut merged: Vec<Event> = ours[..shared].to_vec();
    let (mut a, mut b) = (ours_new.iter().peekable(), theirs_new.into_iter().peekable());
    loop {
        let take_ours = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => key(x) <= key(y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_ours { a.next() } else { b.next() };
        merged.extend(next.cloned());
    }
    merged
}

/// The state of the merged ticket: each field as the merged history folds it, except
///
/// - a field no history entry sets (a file older than the history, a hand edit) merges its
///   values three-way, and
/// - a side's hand edit of a field (its value differs from its own history's fold) is kept
///   when the other side left the field as it was.
fn merge_state(base: Option<&Ticket>, ours: &Ticket, theirs: &Ticket, history: Vec<Event>) -> Ticket {
    let mut merged = ours.clone();
    merged.history = history;
    let folded = merged.folded();
    let (ours_folded, theirs_folded) = (ours.folded(), theirs.folded());
    let value = |ticket: Option<&Ticket>, field: Field| ticket.map_or(FieldValue::Null, |t| t.field(field));
    for &field in Field::ALL {
        let (b, o, t) = (value(base, field), ours.field(field), theirs.field(field));
        let recorded = merged.history.iter().any(|e| e.value(field).is_some());
        let chosen = if !recorded {
            three_way(b, o, t)
        } else if o != ours_folded.field(field) && t == b {
            o
        } else if t != theirs_folded.field(field) && o == b {
            t
        } else {
            folded.field(field)
        };
        merged.set_field(field, chosen);
    }
    merged.links = merge_links(base.map_or(&[][..], |b| &b.links), &ours.links, &theirs.links);
    merged
}

/// One value from three: the side that changed it, or (both changed it) the larger text, so
/// the choice does not depend on the side.
fn three_way(base: FieldValue, ours: FieldValue, theirs: FieldValue) -> FieldValue {
    if ours == theirs || theirs == base {
        ours
    } else if ours == base {
        theirs
    } else {
        std::cmp::max_by_key(ours, theirs, |v| v.to_string())
    }
}

/// The links of both sides: one side's list when only it changed; else the base's links
/// neither side removed, then every added link once, in a fixed order.
fn merge_links(base: &[Link], ours: &[Link], theirs: &[Link]) -> Vec<Link> {
    if ours == theirs || theirs == base {
        return ours.to_vec();
    }
    if ours == base {
        return theirs.to_vec();
    }
    let kept = base.iter().filter(|l| ours.contains(l) && theirs.contains(l));
    let mut added: Vec<&Link> = ours.iter().chain(theirs).filter(|l| !base.contains(l)).collect();
    added.sort_by(|a, b| (&a.rel, &a.id).cmp(&(&b.rel, &b.id)));
    added.dedup();
    kept.chain(added).cloned().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::clock::{Timestamp, parse_timestamp};
    use crate::ticket::lifecycle::transition;
    use crate::ticket::{Action, Status, TicketId};

    fn at(minutes: i64) -> Timestamp {
        parse_timestamp("2026-11-25T09:00:00Z").unwrap() + chrono::Duration::minutes(minutes)
    }

    /// A new ticket as `esc open` writes it, with an unknown key and a body.
    fn opened() -> TicketFile {
        let mut ticket = Ticket::blank(TicketId::from_random_bits("ESC", 7), at(0));
        ticket.title = "Checkout fails".into();
        ticket.level = "L1".into();
        ticket.severity = Some("sev2".into());
        ticket.history.push(ticket.opening_event("Ana Lima <ana@example.com>"));
        let text = TicketFile::new(ticket, "The card form spins.\n").render().unwrap();
        TicketFile::parse(&text.replacen("title:", "x-customer-tier: gold\ntitle:", 1)).unwrap()
    }

    /// One action as esc records it: allowed by the lifecycle, recording only what changed.
    #[derive(Debug, Clone)]
    enum Step {
        Act(Action, Option<(Field, &'static str)>),
        Body(&'static str),
    }

    fn step() -> impl Strategy<Value = Step> {
        let people = prop_oneof![Just("Chen Wei"), Just("Dana Kovac"), Just("Eli Ramos")];
        let levels = prop_oneof![Just("L1"), Just("L2"), Just("L3")];
        prop_oneof![
            Just(Step::Act(Action::Ack, None)),
            Just(Step::Act(Action::Update, None)),
            Just(Step::Act(Action::Note, None)),
            people.prop_map(|p| Step::Act(Action::Assign, Some((Field::Assignee, p)))),
            levels.prop_map(|l| Step::Act(Action::Escalate, Some((Field::Level, l)))),
            Just(Step::Act(Action::Wait, Some((Field::WaitingOn, "customer")))),
            Just(Step::Act(Action::Resume, None)),
            Just(Step::Act(Action::Resolve, Some((Field::Resolution, "Restarted the worker")))),
            Just(Step::Act(Action::Reopen, None)),
            Just(Step::Body("Customer called again.\n")),
        ]
    }

    /// Plays `steps` on `file`, one minute apart from `start` (a step the lifecycle refuses
    /// is skipped); a body step appends to the body, once.
    fn play(file: &TicketFile, steps: &[Step], start: i64, by: &str) -> String {
        let mut ticket = file.ticket.clone();
        let mut body = file.body().to_string();
        for (i, step) in steps.iter().enumerate() {
            match step {
                Step::Body(line) if !body.ends_with(line) => body.push_str(&format!("\n{by}: {line}")),
                Step::Body(_) => {}
                Step::Act(action, change) => {
                    let Ok(status) = transition(ticket.status, *action) else { continue };
                    let mut event = Event::new(at(start + i as i64), by, *action);
                    event.message = Some(format!("{by} step {i}"));
                    let mut changes: Vec<(Field, FieldValue)> =
                        change.iter().map(|(f, v)| (*f, FieldValue::Text(v.to_string()))).collect();
                    if *action == Action::Resume || *action == Action::Resolve {
                        changes.push((Field::WaitingOn, FieldValue::Null));
                    }
                    changes.extend(status.map(|s| (Field::Status, FieldValue::Text(s.to_string()))));
                    ticket.record_changes(&mut event, changes);
                    ticket.history.push(event);
                }
            }
        }
        let mut document = file.document().clone();
        document.set_body(body);
        TicketFile::from_parts(ticket, document).render().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn concurrent_actions_merge_without_conflict(
            shared in proptest::collection::vec(step(), 0..4),
            ours in proptest::collection::vec(step(), 0..8),
            theirs in proptest::collection::vec(step(), 0..8),
            offset in 0i64..3,
        ) {
            let base_text = play(&opened(), &shared, 1, "Ana Lima <ana@example.com>");
            let base = TicketFile::parse(&base_text).unwrap();
            let ours_text = play(&base, &ours, 10, "Ben Okafor <ben@example.com>");
            let theirs_text = play(&base, &theirs, 10 + offset, "Chen Wei <chen@example.com>");

            let merged = merge_ticket(Some(&base_text), &ours_text, &theirs_text).unwrap();
            // Notes both sides appended are both kept: no conflict at all.
            prop_assert!(merged.conflicts.is_empty(), "conflicts: {:?}\n{}", merged.conflicts, merged.text);

            // Symmetric, and idempotent.
            let swapped = merge_ticket(Some(&base_text), &theirs_text, &ours_text).unwrap();
            prop_assert_eq!(&merged.text, &swapped.text);
            prop_assert_eq!(&merge_ticket(Some(&base_text), &ours_text, &ours_text).unwrap().text, &ours_text);
            prop_assert_eq!(&merge_ticket(Some(&ours_text), &merged.text, &ours_text).unwrap().text, &merged.text);

            // No entry lost, none doubled, and the state is the fold of the history.
            let result = TicketFile::parse(&merged.text).unwrap();
            let (o, t) = (TicketFile::parse(&ours_text).unwrap(), TicketFile::parse(&theirs_text).unwrap());
            for event in o.ticket.history.iter().chain(&t.ticket.history) {
                prop_assert!(result.ticket.history.contains(event), "lost {:?}", event);
            }
            let mut distinct = o.ticket.history.clone();
            distinct.extend(t.ticket.history.iter().filter(|e| !o.ticket.history.contains(e)).cloned());
            prop_assert_eq!(result.ticket.history.len(), distinct.len());
            prop_assert!(result.ticket.history.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
            prop_assert_eq!(&result.ticket.folded(), &result.ticket);
            prop_assert!(merged.text.contains("x-customer-tier: gold\n"), "unknown keys survive");
        }
    }

    #[test]
    fn a_one_sided_body_edit_and_unknown_key_are_taken() {
        let base = opened().render().unwrap();
        let ours = base.replace("The card form spins.\n", "The card form spins.\n\nAlso on mobile.\n");
        let theirs = base.replace("x-customer-tier: gold", "x-customer-tier: platinum");
        let merged = merge_ticket(Some(&base), &ours, &theirs).unwrap();
        assert!(merged.conflicts.is_empty());
        assert!(merged.text.contains("x-customer-tier: platinum\n") && merged.text.ends_with("Also on mobile.\n"));
        // Both changing the same body line is a conflict, with markers in the body only.
        let theirs = base.replace("The card form spins.\n", "The card form hangs.\n");
        let ours = base.replace("The card form spins.\n", "The card form crashes.\n");
        let merged = merge_ticket(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(merged.conflicts, ["body"]);
        assert!(merged.text.contains("<<<<<<<") && TicketFile::parse(&merged.text).is_ok(), "{}", merged.text);
    }

    #[test]
    fn a_hand_edited_field_survives_when_the_other_side_left_it() {
        let base = opened().render().unwrap();
        // The state line only (the first): a hand edit that bypasses the history.
        let ours = base.replacen("severity: sev2", "severity: sev1", 1);
        let theirs = play(&TicketFile::parse(&base).unwrap(), &[Step::Act(Action::Ack, None)], 5, "B <b@x>");
        let merged = merge_ticket(Some(&base), &ours, &theirs).unwrap();
        let ticket = TicketFile::parse(&merged.text).unwrap().ticket;
        assert_eq!((ticket.severity.as_deref(), ticket.status), (Some("sev1"), Status::Acknowledged));
    }
}
