//! `esc review`: the review as `--json` shows it, and the report of what changed and what is
//! left to do before publishing.

use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::format_timestamp;
use esc::ops::review::ReviewOutcome;
use esc::review::{ActionItem, ActionStatus, Review, ReviewStatus};
use esc::text::{escape_line, plural};

use crate::cli::views::ticket::TicketView;

/// `esc review --json`: the path, the front matter, what changed and what blocks publishing.
#[derive(Serialize, JsonSchema)]
pub struct ReviewView<'a> {
    path: &'a str,
    /// The reviewed ticket's id.
    id: &'a str,
    title: &'a str,
    severity: Option<&'a str>,
    priority: Option<&'a str>,
    owner: Option<&'a str>,
    reviewers: &'a [String],
    status: &'a str,
    created: String,
    due: Option<String>,
    published: Option<String>,
    action_items: Vec<ActionItemView<'a>>,
    /// What this run changed in the file (`created`, `timeline refreshed`, …).
    changes: &'a [String],
    /// What keeps the review from being published, as `path:line: message`.
    unready: Vec<String>,
    /// The follow-up ticket `--open` just opened; `null` otherwise.
    follow_up: Option<TicketView<'a>>,
}

/// An action item of the review.
#[derive(Serialize, JsonSchema)]
struct ActionItemView<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
    status: &'a str,
    done: Option<String>,
    /// The id of the follow-up ticket opened for it.
    ticket_id: Option<&'a str>,
}

impl<'a> ReviewView<'a> {
    pub fn new(outcome: &'a ReviewOutcome) -> ReviewView<'a> {
        let review: &Review = &outcome.review;
        ReviewView {
            path: &outcome.path,
            id: &review.ticket,
            title: &review.title,
            severity: review.severity.as_deref(),
            priority: review.priority.as_deref(),
            owner: review.owner.as_deref(),
            reviewers: &review.reviewers,
            status: review.status.as_str(),
            created: format_timestamp(&review.created),
            due: review.due.as_ref().map(format_timestamp),
            published: review.published.as_ref().map(format_timestamp),
            action_items: review.action_items.iter().map(ActionItemView::new).collect(),
            changes: &outcome.changes,
            unready: outcome.unready.iter().map(ToString::to_string).collect(),
            follow_up: outcome.follow_up.as_ref().map(TicketView::new),
        }
    }
}

impl<'a> ActionItemView<'a> {
    fn new(item: &'a ActionItem) -> ActionItemView<'a> {
        ActionItemView {
            id: &item.id,
            title: &item.title,
            kind: item.kind.as_str(),
            owner: item.owner.as_deref(),
            due: item.due.as_ref().map(format_timestamp),
            status: item.status.as_str(),
            done: item.done.as_ref().map(format_timestamp),
            ticket_id: item.ticket.as_deref(),
        }
    }
}

/// What happened and what is left to do, as lines for stderr.
pub fn report(outcome: &ReviewOutcome) -> Vec<String> {
    let review = &outcome.review;
    let mut lines = Vec::new();
    let what = if outcome.changes.is_empty() { "up to date".to_string() } else { outcome.changes.join(", ") };
    lines.push(format!("{}: review {what}", review.ticket));
    if let Some(follow_up) = &outcome.follow_up {
        lines.push(format!("{}: opened as a follow-up of {}", follow_up.file.ticket.id, review.ticket));
    }
    let due = review.due.map(|d| format!(", due {}", d.format("%Y-%m-%d %H:%M UTC"))).unwrap_or_default();
    let open_items = review.action_items.iter().filter(|a| a.status == ActionStatus::Open).count();
    lines.push(format!(
        "{}: {}{due}, {} action item{} ({open_items} open)",
        outcome.path,
        review.status,
        review.action_items.len(),
        plural(review.action_items.len())
    ));
    if review.status == ReviewStatus::Draft && !outcome.unready.is_empty() {
        lines.push("before it can be published:".to_string());
        lines.extend(outcome.unready.iter().map(|problem| format!("  {}", escape_line(&problem.to_string()))));
    }
    lines
}
