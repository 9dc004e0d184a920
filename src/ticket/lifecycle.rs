//! The state machine: which action is allowed in which status, and where it leads. Pure.
//!
//! Statuses: `new` → `acknowledged` → `in_progress` ⇄ `waiting` → `resolved` → `closed`;
//! `reopen` goes back to `in_progress`. Escalation is not a status: it moves the level, the
//! team or the vendor, and is allowed while the ticket is open.

use crate::clock::Timestamp;
use crate::ticket::{Action, Field, Status, Ticket};

/// Why an action is not allowed now, and what is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: String,
    pub hint: String,
}

/// The status after `action` on a ticket in `status`, or why it is refused.
///
/// `None` in the result means the status does not change.
pub fn transition(status: Status, action: Action) -> Result<Option<Status>, Refusal> {
    use Action as A;
    use Status as S;
    let refuse = |reason: &str, hint: &str| Err(Refusal { reason: reason.to_string(), hint: hint.to_string() });
    let open = status.is_open();
    match action {
        // Recorded by esc itself, or only read from old files: never taken on request.
        A::Open | A::Breach | A::Close => {
            refuse(&format!("'{action}' is not an action you can take on a ticket"), "esc --help lists the actions")
        }
        A::Classify | A::Triage | A::Assign | A::Escalate | A::Deescalate if !open => {
            refuse(&format!("it is {status}"), "reopen it first: esc reopen ID --reason R")
        }
        A::Classify | A::Triage | A::Assign | A::Escalate | A::Deescalate | A::Note | A::Edit => Ok(None),
        A::Ack => match status {
            S::New => Ok(Some(S::Acknowledged)),
            _ if open => refuse("it is already acknowledged", "post progress with esc update ID -m TEXT"),
            _ => refuse(&format!("it is {status}"), "reopen it first: esc reopen ID --reason R"),
        },
        // A first public update also acknowledges; while waiting, an update is a reminder.
        A::Update => match status {
            S::New | S::Acknowledged => Ok(Some(S::InProgress)),
            S::InProgress | S::Waiting => Ok(None),
            _ => refuse(&format!("it is {status}"), "reopen it first: esc reopen ID --reason R"),
        },
        A::Wait => match status {
            S::New | S::Acknowledged | S::InProgress => Ok(Some(S::Waiting)),
            S::Waiting => refuse("it is already waiting", "esc resume ID when the answer arrives"),
            _ => refuse(&format!("it is {status}"), "reopen it first: esc reopen ID --reason R"),
        },
        A::Resume => match status {
            S::Waiting => Ok(Some(S::InProgress)),
            _ => refuse(
                &format!("it is {status}, not waiting"),
                "esc wait ID --on customer|vendor -m TEXT pauses a ticket",
            ),
        },
        A::Resolve => match status {
            S::Resolved => {
                refuse("it is already resolved", "esc confirm ID closes it, esc reopen ID --reason R reopens it")
            }
            S::Closed => refuse("it is closed", "esc reopen ID --reason R, then resolve it again"),
            _ => Ok(Some(S::Resolved)),
        },
        A::Confirm => match status {
            S::Resolved => Ok(Some(S::Closed)),
            S::Closed => refuse("it is already closed", "nothing to do"),
            _ => refuse(&format!("it is {status}, not resolved"), "resolve it first: esc resolve ID --resolution TEXT"),
        },
        A::Reopen => match status {
            S::Resolved | S::Closed => Ok(Some(S::InProgress)),
            _ => refuse(&format!("it is {status}, still open"), "only resolved or closed tickets can be reopened"),
        },
    }
}

/// `confirm` with a satisfaction rating: as [`transition`] on a resolved ticket (it closes),
/// and on a closed one a late rating, recorded without a change of status (requesters often
/// answer a survey after the ticket closed).
pub fn rating_transition(status: Status) -> Result<Option<Status>, Refusal> {
    match status {
        Status::Closed => Ok(None),
        _ => transition(status, Action::Confirm),
    }
}

/// A stretch of time a ticket spent at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelSpan {
    pub level: String,
    pub from: Timestamp,
    /// `None` while the ticket is still there.
    pub until: Option<Timestamp>,
}

impl LevelSpan {
    /// How long it lasted, up to `now` for the current level.
    pub fn duration(&self, now: Timestamp) -> chrono::Duration {
        self.until.unwrap_or(now) - self.from
    }
}

/// The levels a ticket went through, from its history. A resolved or closed ticket's last
/// span ends at the last resolve.
pub fn level_spans(ticket: &Ticket) -> Vec<LevelSpan> {
    let mut spans: Vec<LevelSpan> = Vec::new();
    for event in &ticket.history {
        if let Some(level) = event.text(Field::Level)
            && spans.last().is_none_or(|s| s.level != level)
        {
            if let Some(last) = spans.last_mut() {
                last.until = Some(event.at);
            }
            spans.push(LevelSpan { level: level.to_string(), from: event.at, until: None });
        }
        match event.text(Field::Status) {
            Some("resolved") => {
                if let Some(last) = spans.last_mut() {
                    last.until = Some(event.at);
                }
            }
            Some("in_progress") if event.action.is(Action::Reopen) => {
                if let Some(last) = spans.last().cloned() {
                    spans.push(LevelSpan { level: last.level, from: event.at, until: None });
                }
            }
            _ => {}
        }
    }
    spans
}

/// Total time at each level, in order of first arrival.
pub fn time_per_level(ticket: &Ticket, now: Timestamp) -> Vec<(String, chrono::Duration)> {
    let mut totals: Vec<(String, chrono::Duration)> = Vec::new();
    for span in level_spans(ticket) {
        let took = span.duration(now);
        match totals.iter_mut().find(|(level, _)| *level == span.level) {
            Some((_, total)) => *total += took,
            None => totals.push((span.level, took)),
        }
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Status as S;

    /// Every (status, action) pair: `Some(to)`, `Stay`, or refused.
    #[test]
    fn every_status_and_action() {
        #[derive(Debug, PartialEq)]
        enum Want {
            To(Status),
            Stay,
            No,
        }
        use Want::{No, Stay, To};
        let table: [(Action, [Want; 6]); 17] = [
            (A::Open, [No, No, No, No, No, No]),
            //           new                acknowledged      in_progress       waiting           resolved          closed
            (A::Classify, [Stay, Stay, Stay, Stay, No, No]),
            (A::Triage, [Stay, Stay, Stay, Stay, No, No]),
            (A::Ack, [To(S::Acknowledged), No, No, No, No, No]),
            (A::Assign, [Stay, Stay, Stay, Stay, No, No]),
            (A::Escalate, [Stay, Stay, Stay, Stay, No, No]),
            (A::Deescalate, [Stay, Stay, Stay, Stay, No, No]),
            (A::Update, [To(S::InProgress), To(S::InProgress), Stay, Stay, No, No]),
            (A::Note, [Stay, Stay, Stay, Stay, Stay, Stay]),
            (A::Wait, [To(S::Waiting), To(S::Waiting), To(S::Waiting), No, No, No]),
            (A::Resume, [No, No, No, To(S::InProgress), No, No]),
            (A::Resolve, [To(S::Resolved), To(S::Resolved), To(S::Resolved), To(S::Resolved), No, No]),
            (A::Confirm, [No, No, No, No, To(S::Closed), No]),
            (A::Reopen, [No, No, No, No, To(S::InProgress), To(S::InProgress)]),
            (A::Close, [No, No, No, No, No, No]),
            (A::Breach, [No, No, No, No, No, No]),
            (A::Edit, [Stay, Stay, Stay, Stay, Stay, Stay]),
        ];
        assert_eq!(table.len(), Action::ALL.len());
        for (action, row) in table {
            for (status, want) in Status::ALL.iter().copied().zip(row) {
                let got = match transition(status, action) {
                    Ok(Some(to)) => To(to),
                    Ok(None) => Stay,
                    Err(refusal) => {
                        assert!(!refusal.hint.is_empty(), "{action} from {status} needs a hint");
                        No
                    }
                };
                assert_eq!(got, want, "{action} from {status}");
            }
        }
    }

    #[test]
    fn a_rating_closes_a_resolved_ticket_or_comes_late_on_a_closed_one() {
        assert_eq!(rating_transition(S::Resolved), Ok(Some(S::Closed)));
        assert_eq!(rating_transition(S::Closed), Ok(None));
        for status in [S::New, S::Acknowledged, S::InProgress, S::Waiting] {
            assert!(rating_transition(status).is_err(), "{status}");
        }
    }

    #[test]
    fn time_per_level_stops_while_resolved_and_restarts_on_reopen() {
        use crate::clock::parse_timestamp;
        use crate::ticket::{Event, FieldValue, TicketId};
        let at = |t: &str| parse_timestamp(&format!("2026-11-25T{t}:00Z")).unwrap();
        let event = |time: &str, action: &str, set: &[(&str, &str)]| {
            set.iter().fold(Event::new(at(time), "A <a@x>", action), |event, (k, v)| {
                event.with(k.parse().unwrap(), FieldValue::Text(v.to_string()))
            })
        };
        let history = vec![
            event("09:00", "open", &[("level", "L1"), ("status", "new")]),
            event("09:30", "escalate", &[("level", "L2")]),
            event("10:00", "resolve", &[("status", "resolved")]),
            event("11:00", "reopen", &[("status", "in_progress")]),
            event("11:15", "escalate", &[("level", "L3")]),
        ];
        let text =
            "---\nid: ESC-00000000\ntitle: t\nstatus: in_progress\nlevel: L3\ncreated: 2026-11-25T09:00:00Z\n---\n";
        let mut ticket = crate::ticket::file::TicketFile::parse(text).unwrap().ticket;
        ticket.id = TicketId::from_random_bits("ESC", 0);
        ticket.history = history;
        let totals = time_per_level(&ticket, at("12:15"));
        let minutes: Vec<(String, i64)> = totals.into_iter().map(|(l, d)| (l, d.num_minutes())).collect();
        assert_eq!(minutes, [("L1".to_string(), 30), ("L2".to_string(), 30 + 15), ("L3".to_string(), 60)]);
    }
}
