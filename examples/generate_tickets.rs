//! Writes N realistic ticket files into an esc root, for benchmarks:
//! `cargo run --release --example generate_tickets -- DIR N`.
//!
//! Files are rendered by the library itself, so they are exactly what `esc open` writes.

use std::path::PathBuf;

use chrono::Duration;
use esc::clock::parse_timestamp;
use esc::repo::Workspace;
use esc::ticket::file::TicketFile;
use esc::ticket::{Action, Event, Field, FieldValue, Status, Ticket, TicketId};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next().and_then(|n| n.parse::<u64>().ok())) else {
        eprintln!("usage: generate_tickets DIR N");
        std::process::exit(2);
    };
    let root = PathBuf::from(dir);
    let start = parse_timestamp("2024-01-01T08:00:00Z").expect("valid time");
    let severities = ["sev1", "sev2", "sev3", "sev4"];
    let priorities = ["P1", "P2", "P3", "P4"];
    let statuses = [Status::New, Status::Acknowledged, Status::InProgress, Status::Resolved, Status::Closed];
    // A fixed linear congruential sequence: ids look random but runs are reproducible.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for n in 0..count {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let created = start + Duration::minutes((n * 1051 % (3 * 365 * 24 * 60)) as i64);
        let k = (state >> 33) as usize;
        let mut ticket = Ticket {
            id: TicketId::from_random_bits("ESC", state >> 24),
            title: format!("Customer {} reports failing invoice export #{n}", k % 500),
            status: statuses[k % statuses.len()],
            kind: Some("technical".into()),
            category: Some("billing".into()),
            severity: Some(severities[k % 4].into()),
            impact: Some("medium".into()),
            urgency: Some("medium".into()),
            priority: Some(priorities[k % 4].into()),
            level: ["L1", "L2", "L3"][k % 3].into(),
            team: Some("frontline".into()),
            assignee: None,
            vendor: None,
            vendor_ref: None,
            waiting_on: None,
            reporter: Some("Ana Lima <ana@example.com>".into()),
            customer: Some(format!("Customer {}", k % 500)),
            labels: vec!["export".into()],
            links: vec![],
            created,
            resolution: None,
            root_cause: None,
            resolution_code: None,
            history: vec![],
        };
        let mut open = Event::new(created, "Ana Lima <ana@example.com>", Action::Open);
        for &field in Field::ALL {
            let value = ticket.field(field);
            if value != FieldValue::Null {
                open.record(field, value);
            }
        }
        ticket.history.push(open);
        let relative = Workspace::ticket_relative_path(&ticket.id, &created);
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("create folder");
        let body =
            "The nightly export to the accounting system fails with a timeout.\n\nSteps: open Billing > Export.\n";
        std::fs::write(&path, TicketFile::new(ticket, body).render().expect("renders")).expect("write ticket");
    }
}
