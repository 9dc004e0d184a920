//! `esc sla`: one ticket's clocks, explained.

use crate::clock::Timestamp;
use crate::error::Result;
use crate::ops::check::check_priority;
use crate::repo::{LoadedTicket, Workspace};
use crate::sla::{self, Clock};

/// One ticket's clocks at `now`, including stopped ones and earlier cycles.
pub fn ticket_clocks(workspace: &Workspace, query: &str, now: Timestamp) -> Result<(LoadedTicket, Vec<Clock>)> {
    let loaded = workspace.load_by_query(query)?;
    check_priority(&workspace.config, &loaded)?;
    let clocks = sla::clocks(&workspace.config, &loaded.file.ticket, now);
    Ok((loaded, clocks))
}
