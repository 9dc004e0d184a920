//! The figures printed after a run: tickets by month, status, severity and level.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use esc::ticket::{Action, Status};

use super::read_ticket;

/// The summary of the ticket files `tickets` (`tickets/YYYY/MM/ID.md`, relative to `dir`).
pub fn summary(dir: &Path, tickets: &[String]) -> Result<String> {
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let (mut escalations, mut reopens) = (0, 0);
    for path in tickets {
        let month: Vec<&str> = path.split('/').skip(1).take(2).collect();
        *months.entry(month.join("-")).or_default() += 1;
        let ticket = read_ticket(&dir.join(path))?;
        *counts.entry(format!("status {}", ticket.status)).or_default() += 1;
        if let Some(severity) = &ticket.severity {
            *counts.entry(format!("severity {severity}")).or_default() += 1;
        }
        *counts.entry(format!("level {}", ticket.level)).or_default() += 1;
        escalations += ticket.history.iter().filter(|e| e.action.is(Action::Escalate)).count();
        reopens += ticket.history.iter().filter(|e| e.action.is(Action::Reopen)).count();
    }
    let by_month: Vec<String> = months.iter().map(|(month, n)| format!(" {month} {n}")).collect();
    let mut out = format!("{} tickets by month:{}\n", tickets.len(), by_month.concat());
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    for (group, values) in [
        ("status", statuses.as_slice()),
        ("severity", &["sev1", "sev2", "sev3", "sev4"]),
        ("level", &["L1", "L2", "L3"]),
    ] {
        out.push_str(&format!("{group}:"));
        for value in values {
            if let Some(n) = counts.get(&format!("{group} {value}")) {
                out.push_str(&format!(" {value} {n}"));
            }
        }
        out.push('\n');
    }
    out.push_str(&format!("escalate actions: {escalations}, reopens: {reopens}\n"));
    Ok(out)
}
