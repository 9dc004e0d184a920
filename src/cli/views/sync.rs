//! `esc sync`: what came in and what went out.

use esc::ops::sync::SyncOutcome;
use esc::text::{escape_line, plural};

/// Lines for stderr: the counts, then each ticket or review that came in changed.
pub fn sync_report(outcome: &SyncOutcome) -> Vec<String> {
    let mut lines = vec![format!(
        "sync: {} commit{} in, {} out ({}/{}{})",
        outcome.incoming,
        plural(outcome.incoming),
        outcome.outgoing,
        escape_line(&outcome.remote),
        escape_line(&outcome.branch),
        if outcome.rounds > 1 {
            format!(", {} rounds: the remote moved meanwhile", outcome.rounds)
        } else {
            String::new()
        }
    )];
    lines.extend(outcome.changed.iter().map(|path| format!("  changed: {}", escape_line(path))));
    lines
}
