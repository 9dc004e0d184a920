//! Jira's CSV export ("Export Excel CSV (all fields)"): its column names, repeated `Labels`
//! columns, dates like `12/Nov/26 9:41 AM`; keys become `jira:KEY`.

use crate::error::Result;

use super::Format;
use super::Read;
use super::csv::{Column, Layout, read_table};

const JIRA: Layout = Layout {
    format: Format::Jira,
    defaults: &[
        (Column::Key, "Issue key"),
        (Column::Title, "Summary"),
        (Column::Body, "Description"),
        (Column::Status, "Status"),
        (Column::Priority, "Priority"),
        (Column::Type, "Issue Type"),
        (Column::Created, "Created"),
        (Column::Updated, "Updated"),
        (Column::Resolved, "Resolved"),
        (Column::Resolution, "Resolution"),
        (Column::Assignee, "Assignee"),
        (Column::Reporter, "Reporter"),
        (Column::Labels, "Labels"),
        (Column::Customer, "Customer"),
        (Column::Category, "Category"),
        (Column::Severity, "Severity"),
        (Column::Level, "Level"),
        (Column::Team, "Team"),
        (Column::Acknowledged, "Acknowledged"),
        (Column::Escalated, "Escalated"),
        (Column::Closed, "Closed"),
    ],
    required: &[Column::Key, Column::Title, Column::Created, Column::Status],
};

/// Reads a Jira CSV export; `map` names other columns (`--map customer="Organizations"`).
pub fn read(text: &str, file: &str, map: &[(String, String)]) -> Result<Vec<Read>> {
    read_table(&JIRA, text, file, map)
}
