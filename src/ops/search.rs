//! `esc search`: find earlier tickets and reviews by their words, so frontline staff see how a
//! similar problem was fixed before escalating it.

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::frontmatter::Document;
use crate::ops::query::matches;
use crate::repo::{LoadedTicket, Workspace};
use crate::search::{Field, Score, markdown_fields, score, words};
use crate::ticket::{Status, Ticket};

/// Body sections that say how something was fixed or what was learned weigh more.
const TELLING_SECTIONS: &[&str] = &["resolution", "fix", "workaround", "root cause", "lesson", "contributing"];

/// Which documents a search may return. Empty lists match everything; a review matches
/// through the ticket it reviews.
#[derive(Debug, Default, Clone)]
pub struct SearchFilter {
    pub kinds: Vec<String>,
    pub categories: Vec<String>,
    pub statuses: Vec<Status>,
}

impl SearchFilter {
    fn accepts(&self, ticket: Option<&Ticket>) -> bool {
        if self.kinds.is_empty() && self.categories.is_empty() && self.statuses.is_empty() {
            return true;
        }
        ticket.is_some_and(|t| {
            matches(&self.kinds, t.kind.as_deref())
                && matches(&self.categories, t.category.as_deref())
                && (self.statuses.is_empty() || self.statuses.contains(&t.status))
        })
    }
}

/// What kind of document matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    Ticket,
    Review,
}

impl HitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Ticket => "ticket",
            HitKind::Review => "review",
        }
    }
}

/// One matching document.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: HitKind,
    /// The ticket's id (for a review, the ticket it reviews, if it says).
    pub id: String,
    pub title: String,
    /// The file, relative to the esc root.
    pub path: String,
    /// The ticket's status (for a review, its own `status:`).
    pub status: Option<String>,
    pub category: Option<String>,
    pub score: Score,
}

/// What a search found, best first, and the files it could not read.
#[derive(Debug)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    pub unreadable: Vec<Error>,
}

/// Searches every ticket and review for `query`.
pub fn search(workspace: &Workspace, query: &str, filter: &SearchFilter) -> Result<SearchOutcome> {
    let query = words(query);
    if query.is_empty() {
        return Err(Error::InvalidInput("the search has no words to look for".into()));
    }
    let mut unreadable = Vec::new();
    let mut tickets: Vec<LoadedTicket> = Vec::new();
    for loaded in workspace.load_all()? {
        match loaded {
            Ok(loaded) => tickets.push(loaded),
            Err(e) => unreadable.push(e),
        }
    }
    let mut hits: Vec<Hit> = tickets
        .iter()
        .filter(|loaded| filter.accepts(Some(&loaded.file.ticket)))
        .filter_map(|loaded| ticket_hit(loaded, &query))
        .collect();

    let by_id: HashMap<String, &Ticket> =
        tickets.iter().map(|l| (l.file.ticket.id.to_string(), &l.file.ticket)).collect();
    for (path, text) in review_files(workspace, &mut unreadable)? {
        let document = match Document::parse(&text) {
            Ok(document) => document,
            Err(e) => {
                unreadable.push(Error::in_file(&path, e));
                continue;
            }
        };
        let head: ReviewHead = document.decode().unwrap_or_default();
        let ticket = head.ticket.as_deref().and_then(|id| by_id.get(id).copied());
        if !filter.accepts(ticket) {
            continue;
        }
        let mut fields = Vec::new();
        if let Some(title) = &head.title {
            fields.push(Field {
                name: "title".into(),
                weight: 5,
                text: title.clone(),
                first_line: line(&document, "title"),
            });
        }
        fields.extend(markdown_fields(document.body(), document.body_line(), TELLING_SECTIONS, 3));
        if let Some(score) = score(&fields, &query) {
            hits.push(Hit {
                kind: HitKind::Review,
                id: head.ticket.clone().unwrap_or_default(),
                title: head.title.or_else(|| ticket.map(|t| t.title.clone())).unwrap_or_else(|| path.clone()),
                path,
                status: head.status,
                category: ticket.and_then(|t| t.category.clone()),
                score,
            });
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .words_matched
            .cmp(&a.score.words_matched)
            .then(b.score.points.cmp(&a.score.points))
            .then(a.path.cmp(&b.path))
    });
    Ok(SearchOutcome { hits, unreadable })
}

/// The few front-matter keys search reads from a review.
#[derive(Debug, Default, Deserialize)]
struct ReviewHead {
    #[serde(default)]
    ticket: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    status: Option<String>,
}

fn line(document: &Document, key: &str) -> usize {
    document.line_of(key).unwrap_or(1)
}

fn ticket_hit(loaded: &LoadedTicket, query: &[String]) -> Option<Hit> {
    let ticket = &loaded.file.ticket;
    let file = &loaded.file;
    let mut fields =
        vec![Field { name: "title".into(), weight: 5, text: ticket.title.clone(), first_line: file.line_of("title") }];
    for (name, value) in [("resolution", &ticket.resolution), ("root cause", &ticket.root_cause)] {
        if let Some(text) = value {
            let key = if name == "root cause" { "root_cause" } else { name };
            fields.push(Field { name: name.into(), weight: 3, text: text.clone(), first_line: file.line_of(key) });
        }
    }
    fields.extend(markdown_fields(file.body(), file.body_line(), TELLING_SECTIONS, 2));
    // The history as written, so matched lines (updates, reasons) carry their real line.
    if let Some((first_line, text)) = file.raw_block("history") {
        fields.push(Field { name: "history".into(), weight: 1, text: text.to_string(), first_line });
    }
    let score = score(&fields, query)?;
    Some(Hit {
        kind: HitKind::Ticket,
        id: ticket.id.to_string(),
        title: ticket.title.clone(),
        path: loaded.relative_path.clone(),
        status: Some(ticket.status.to_string()),
        category: ticket.category.clone(),
        score,
    })
}

/// Every review file's text, by relative path. Search reads them leniently (a review
/// missing keys is still searched), so it does not use the strict review parser.
fn review_files(workspace: &Workspace, unreadable: &mut Vec<Error>) -> Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for (relative_path, path) in workspace.review_paths()? {
        match workspace.read_file(&relative_path) {
            Ok(Some(bytes)) => files.push((relative_path, String::from_utf8_lossy(&bytes).into_owned())),
            Ok(None) => unreadable.push(Error::io(&path, std::io::ErrorKind::NotFound.into())),
            Err(e) => unreadable.push(e),
        }
    }
    Ok(files)
}
