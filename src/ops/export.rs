//! `esc export`: every ticket (or those in some statuses) as rows a spreadsheet or another
//! tool reads, with the times of the lifecycle steps read from the history. The CSV's
//! columns are the ones `esc import csv` reads by default, so an export imports back.

use crate::clock::Timestamp;
use crate::error::Result;
use crate::ops::import::source_of;
use crate::repo::{LoadedTicket, Workspace};
use crate::ticket::{Action, Event, Status};

/// One exported ticket: the ticket, where it came from, and its lifecycle times.
pub struct ExportedTicket {
    pub ticket: LoadedTicket,
    /// `source:` of an imported ticket.
    pub source: Option<String>,
    /// The last history entry's time.
    pub updated: Timestamp,
    /// The first acknowledgement (an `ack`, or a first public update).
    pub acknowledged: Option<Moment>,
    /// The first escalation to another level or team.
    pub escalated: Option<Moment>,
    /// The last resolve, while resolved or closed.
    pub resolved: Option<Moment>,
    /// The confirmation that closed it, while closed.
    pub closed: Option<Moment>,
}

/// When a step happened and who took it.
pub struct Moment {
    pub at: Timestamp,
    pub by: String,
}

impl Moment {
    fn of(event: &Event) -> Moment {
        Moment { at: event.at, by: event.by.clone() }
    }
}

/// The tickets to export, in id order: all of them, or those in `statuses`. Files that do
/// not read come back as errors, for the caller to report.
pub fn export(workspace: &Workspace, statuses: &[Status]) -> Result<(Vec<ExportedTicket>, Vec<crate::error::Error>)> {
    let mut tickets = Vec::new();
    let mut unreadable = Vec::new();
    for loaded in workspace.load_all()? {
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(e) => {
                unreadable.push(e);
                continue;
            }
        };
        if !statuses.is_empty() && !statuses.contains(&loaded.file.ticket.status) {
            continue;
        }
        tickets.push(exported(loaded));
    }
    Ok((tickets, unreadable))
}

fn exported(ticket: LoadedTicket) -> ExportedTicket {
    let t = &ticket.file.ticket;
    let history = &t.history;
    let first = |wanted: &dyn Fn(&Event) -> bool| history.iter().find(|e| wanted(e)).map(Moment::of);
    let last = |action: Action| history.iter().rev().find(|e| e.action.is(action)).map(Moment::of);
    let status = t.status;
    ExportedTicket {
        source: source_of(&ticket.file),
        updated: history.last().map_or(t.created, |e| e.at),
        acknowledged: first(&|e| e.action.is(Action::Ack) || e.action.is(Action::Update)),
        escalated: first(&|e| e.action.is(Action::Escalate) && !e.hierarchical),
        resolved: if matches!(status, Status::Resolved | Status::Closed) { last(Action::Resolve) } else { None },
        closed: if status == Status::Closed {
            history.iter().rev().find(|e| e.text(crate::ticket::Field::Status) == Some("closed")).map(Moment::of)
        } else {
            None
        },
        ticket,
    }
}
