//! Post-incident reviews, `reviews/<ID>.md`: the front matter as data (who owns it, when it
//! is due, the action items). The file is [`file`](mod@file), the generated block [`timeline`], the
//! policy's rules [`rules`].

pub mod file;
pub mod merge;
pub mod rules;
pub mod timeline;

pub use file::{ReviewFile, Section, TIMELINE_BEGIN, TIMELINE_END, first_paragraph, is_filled, new_body};

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

/// A review's front matter.
///
/// Field order here is the order of keys in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The reviewed ticket's id.
    pub ticket: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Who drives the review to publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewers: Vec<String>,
    pub status: ReviewStatus,
    #[serde(deserialize_with = "crate::clock::bounded")]
    pub created: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::clock::bounded_option")]
    pub due: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::clock::bounded_option")]
    pub published: Option<Timestamp>,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    /// The permission rules `--override` set aside to publish it, and why.
    #[serde(rename = "override", default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<crate::ticket::Override>,
}

/// The front-matter keys esc owns, in file order.
pub const REVIEW_KEYS: &[&str] = &[
    "ticket",
    "title",
    "severity",
    "priority",
    "owner",
    "reviewers",
    "status",
    "created",
    "due",
    "published",
    "action_items",
    "override",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    Draft,
    Published,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Published => "published",
        }
    }
}

impl fmt::Display for ReviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the team will do so it does not happen again, or hurts less.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// `A1`, `A2`, … in order of creation.
    pub id: String,
    pub title: String,
    #[serde(rename = "type")]
    pub kind: ActionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::clock::bounded_option")]
    pub due: Option<Timestamp>,
    pub status: ActionStatus,
    /// When it was marked done.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::clock::bounded_option")]
    pub done: Option<Timestamp>,
    /// The follow-up ticket that tracks the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

impl ActionItem {
    /// Open and past its due time at `now`.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.status == ActionStatus::Open && self.due.is_some_and(|due| due < now)
    }
}

/// What an action item does about the incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActionKind {
    /// Stops it from happening again.
    Prevent,
    /// Finds it sooner.
    Detect,
    /// Makes it hurt less when it happens.
    Mitigate,
    /// Repairs the damage it did.
    Repair,
    /// Changes how the team works.
    Process,
}

impl ActionKind {
    pub const ALL: [ActionKind; 5] =
        [ActionKind::Prevent, ActionKind::Detect, ActionKind::Mitigate, ActionKind::Repair, ActionKind::Process];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Prevent => "prevent",
            ActionKind::Detect => "detect",
            ActionKind::Mitigate => "mitigate",
            ActionKind::Repair => "repair",
            ActionKind::Process => "process",
        }
    }
}

impl std::str::FromStr for ActionKind {
    type Err = String;
    fn from_str(text: &str) -> Result<ActionKind, String> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == text).ok_or_else(|| {
            format!(
                "'{text}' is not an action item type (known: {})",
                ActionKind::ALL.map(ActionKind::as_str).join(", ")
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
}

impl ActionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
        }
    }
}
