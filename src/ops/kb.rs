//! `esc kb`: the knowledge base, what the team learned by category: published reviews (with
//! their first lesson) and the resolutions of resolved and closed tickets.

use std::collections::{BTreeMap, HashMap};

use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::ops::query::matches;
use crate::repo::Workspace;
use crate::review::rules::resolved_at;
use crate::review::{ReviewStatus, first_paragraph};

/// The section whose first line a review shows.
const LESSONS_SECTION: &str = "Lessons learned";
/// A category for tickets that have none.
pub const NO_CATEGORY: &str = "-";

/// Which entries to list. Empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct KbFilter {
    pub categories: Vec<String>,
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Review,
    Resolution,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Review => "review",
            EntryKind::Resolution => "resolution",
        }
    }
}

/// One thing learned: a published review or a ticket's resolution.
#[derive(Debug, Clone)]
pub struct KbEntry {
    pub kind: EntryKind,
    pub id: String,
    pub title: String,
    /// The ticket's last resolve.
    pub resolved: Option<Timestamp>,
    /// The resolution code (`fixed`, `workaround`, …).
    pub code: Option<String>,
    /// The resolution, or the review's first lesson.
    pub text: Option<String>,
    /// The file to read, relative to the esc root.
    pub path: String,
}

/// Entries by category (sorted by name): reviews first, then the most recent.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub categories: BTreeMap<String, Vec<KbEntry>>,
    pub unreadable: Vec<Error>,
}

pub fn kb(workspace: &Workspace, filter: &KbFilter) -> Result<KnowledgeBase> {
    let mut categories: BTreeMap<String, Vec<KbEntry>> = BTreeMap::new();
    let mut unreadable = Vec::new();
    let mut tickets = HashMap::new();
    for loaded in workspace.load_all()? {
        match loaded {
            Ok(loaded) => {
                tickets.insert(loaded.file.ticket.id.to_string(), loaded);
            }
            Err(e) => unreadable.push(e),
        }
    }
    let accepts = |category: Option<&str>, kind: Option<&str>| {
        matches(&filter.categories, Some(category.unwrap_or(NO_CATEGORY))) && matches(&filter.kinds, kind)
    };
    let far_future = Timestamp::MAX_UTC;

    for loaded in tickets.values() {
        let ticket = &loaded.file.ticket;
        if ticket.status.is_open()
            || ticket.resolution.is_none()
            || !accepts(ticket.category.as_deref(), ticket.kind.as_deref())
        {
            continue;
        }
        categories.entry(category_name(ticket.category.as_deref())).or_default().push(KbEntry {
            kind: EntryKind::Resolution,
            id: ticket.id.to_string(),
            title: ticket.title.clone(),
            resolved: resolved_at(ticket, far_future),
            code: ticket.resolution_code.clone(),
            text: ticket.resolution.clone(),
            path: loaded.relative_path.clone(),
        });
    }
    for review in workspace.load_reviews()? {
        let review = match review {
            Ok(review) => review,
            Err(e) => {
                unreadable.push(e);
                continue;
            }
        };
        let head = &review.file.review;
        if head.status != ReviewStatus::Published {
            continue;
        }
        let ticket = tickets.get(&head.ticket).map(|loaded| &loaded.file.ticket);
        let category = ticket.and_then(|t| t.category.as_deref());
        if !accepts(category, ticket.and_then(|t| t.kind.as_deref())) {
            continue;
        }
        let lesson = review
            .file
            .sections()
            .iter()
            .find(|s| s.heading.eq_ignore_ascii_case(LESSONS_SECTION))
            .and_then(first_paragraph);
        categories.entry(category_name(category)).or_default().push(KbEntry {
            kind: EntryKind::Review,
            id: head.ticket.clone(),
            title: head.title.clone(),
            resolved: ticket.and_then(|t| resolved_at(t, far_future)),
            code: ticket.and_then(|t| t.resolution_code.clone()),
            text: lesson,
            path: review.relative_path.clone(),
        });
    }
    for entries in categories.values_mut() {
        entries.sort_by(|a, b| {
            (a.kind == EntryKind::Resolution)
                .cmp(&(b.kind == EntryKind::Resolution))
                .then_with(|| b.resolved.cmp(&a.resolved))
                .then_with(|| a.id.cmp(&b.id))
        });
    }
    Ok(KnowledgeBase { categories, unreadable })
}

fn category_name(category: Option<&str>) -> String {
    category.unwrap_or(NO_CATEGORY).to_string()
}
