//! `esc review`: write, refresh and publish the post-incident review of a resolved ticket,
//! and track its action items (optionally as linked follow-up tickets).

use crate::clock::{Now, Timestamp};
use crate::error::{Diagnostic, Error, Result};
use crate::ops::open::{OpenRequest, new_ticket, open_hook};
use crate::ops::permit::{permit, with_override};
use crate::ops::retry;
use crate::policy::calendar::SlaDuration;
use crate::policy::{Config, Deed, Judged};
use crate::repo::commit_message::commit_message;
use crate::repo::git::{Expected, FileChange};
use crate::repo::{LoadedTicket, Workspace};
use crate::review::rules::{publish_problems, review_due};
use crate::review::timeline::timeline;
use crate::review::{ActionItem, ActionKind, ActionStatus, Review, ReviewFile, ReviewStatus, new_body};
use crate::text::check_single_line;
use crate::ticket::file::TicketFile;
use crate::ticket::{Field, FieldValue, Link, Override, Ticket};

/// The link a follow-up ticket carries to the reviewed one, and the one back.
pub const FOLLOW_UP_OF: &str = "follow-up-of";
pub const FOLLOW_UP: &str = "follow-up";

/// What to change besides creating or refreshing the review.
#[derive(Debug, Default, Clone)]
pub struct ReviewRequest {
    /// The review's owner (on a new review: the ticket's assignee, else whoever runs it).
    pub owner: Option<String>,
    pub reviewers: Vec<String>,
    pub action: Option<NewActionItem>,
    /// Changes to an existing action item.
    pub edit: Option<ActionItemEdit>,
    /// Action item ids to mark done.
    pub done: Vec<String>,
    /// A body section to write: its heading and the text that goes under it.
    pub section: Option<(String, String)>,
    pub publish: bool,
    /// `--override REASON` for a publication the permission rules forbid.
    pub override_reason: Option<String>,
}

/// An action item to add.
#[derive(Debug, Clone)]
pub struct NewActionItem {
    pub title: String,
    pub kind: ActionKind,
    pub owner: Option<String>,
    /// Unset: the policy's `reviews.action_due` for the ticket's priority.
    pub due: Option<Due>,
    /// Also open a follow-up ticket, linked both ways.
    pub open_ticket: bool,
}

/// New values for an existing action item; `None` keeps a value.
#[derive(Debug, Clone)]
pub struct ActionItemEdit {
    /// `A1`, case-insensitive.
    pub id: String,
    pub owner: Option<String>,
    pub due: Option<Due>,
    pub kind: Option<ActionKind>,
}

/// When something is due: after a duration (in the review calendar) or at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    After(SlaDuration),
    At(Timestamp),
}

impl Due {
    /// `7d`, `4h` (ahead, in the review calendar), or an absolute time as the shared time
    /// parser reads it ([`TimeInput`](crate::clock::TimeInput)): an RFC 3339 time, or a date
    /// (the end of that day, UTC). Times relative to now (`today`, `2d ago`) are refused: a
    /// due time looks ahead.
    pub fn parse(text: &str) -> std::result::Result<Due, String> {
        use crate::clock::TimeInput;
        let text = text.trim();
        let wrong = || {
            format!("'{text}' is not a due time: give a duration (10d, 4h), a date (2026-12-15) or an RFC 3339 time")
        };
        let duration = match SlaDuration::parse(text) {
            Ok(duration) => return Ok(Due::After(duration)),
            Err(e) if e.contains(crate::error::OUT_OF_RANGE) => return Err(e),
            Err(e) => e,
        };
        match TimeInput::parse(text) {
            Ok(TimeInput::At(at)) => Ok(Due::At(at)),
            Ok(TimeInput::Date(date)) => Ok(Due::At(date.and_hms_opt(23, 59, 59).expect("a valid time").and_utc())),
            Ok(_) => Err(wrong()),
            Err(e) if e.contains(crate::error::OUT_OF_RANGE) => Err(e),
            Err(_) if duration.contains(crate::error::OUT_OF_RANGE) => Err(duration),
            Err(_) => Err(wrong()),
        }
    }
}

/// What `esc review` did.
#[derive(Debug)]
pub struct ReviewOutcome {
    /// The review file, relative to the esc root.
    pub path: String,
    pub review: Review,
    /// What changed, for people (`created`, `timeline refreshed`, `added A2`, `published`);
    /// empty when the review was already up to date and nothing was committed.
    pub changes: Vec<String>,
    /// What still stands in the way of publishing it (`path:line: problem`).
    pub unready: Vec<Diagnostic>,
    /// The follow-up ticket `--open` created.
    pub follow_up: Option<LoadedTicket>,
    pub warnings: Vec<String>,
}

/// Creates or refreshes the review of the ticket `query` names, applies `request`, and
/// commits the result (with any follow-up ticket and the link back) as one commit.
pub fn review(
    workspace: &Workspace,
    query: &str,
    request: &ReviewRequest,
    run_hooks: bool,
    now: Now,
) -> Result<ReviewOutcome> {
    let mut outcome = retry(|| apply(workspace, query, request, now))?;
    if run_hooks && let Some(follow_up) = &outcome.follow_up {
        outcome.warnings.extend(open_hook(workspace, &follow_up.file, &follow_up.relative_path));
    }
    Ok(outcome)
}

/// What one run of `esc review` works on, and what it has done so far.
struct Work<'a> {
    workspace: &'a Workspace,
    config: &'a Config,
    /// The reviewed ticket's id.
    id: String,
    /// The review file, relative to the root.
    relative_path: String,
    now: Timestamp,
    changes: Vec<String>,
    warnings: Vec<String>,
}

fn apply(workspace: &Workspace, query: &str, request: &ReviewRequest, now: Now) -> Result<ReviewOutcome> {
    if request.override_reason.is_some() && !request.publish {
        return Err(Error::InvalidInput("--override only applies to esc review --publish".into()));
    }
    let (mut loaded, ticket_bytes) = workspace.load_by_query_with_bytes(query)?;
    let ticket = &loaded.file.ticket;
    ticket.check_in_order(now.at)?;
    let id = ticket.id.to_string();
    let mut work = Work {
        workspace,
        config: &workspace.config,
        relative_path: Workspace::review_relative_path(&id),
        id,
        now: now.at,
        changes: Vec::new(),
        warnings: Vec::new(),
    };
    let (mut file, expected) = work.open_review(ticket, request)?;
    work.edit_front_matter(&mut file.review, request)?;
    if let Some((heading, text)) = &request.section {
        work.write_section(&mut file, heading, text)?;
    }
    let mut follow_up = None;
    if let Some(action) = &request.action {
        follow_up = work.add_action_item(&mut file.review, &mut loaded.file.ticket, action)?;
    }

    // Problems are looked for in the file as it will be written, so lines are right.
    let path = work.relative_path.clone();
    let mut review_text = render(file.render(), &path)?;
    if request.publish && file.review.status != ReviewStatus::Published {
        let problems = publish_problems(work.config, &reparse(&review_text, &path)?, &path);
        if !problems.is_empty() {
            return Err(Error::NotReady { what: format!("cannot publish {path}"), problems });
        }
        let by = workspace.git.identity()?.to_string();
        let reviewed = &loaded.file.ticket;
        let judged = Judged { deeds: vec![Deed::PublishReview], before: reviewed, after: reviewed };
        file.review.overridden =
            permit(work.config, &by, &judged, "publish the review of", request.override_reason.as_deref())?;
        file.review.status = ReviewStatus::Published;
        file.review.published = Some(work.now);
        work.changes.push("published".into());
        review_text = render(file.render(), &path)?;
    }
    let unready = publish_problems(work.config, &reparse(&review_text, &path)?, &path);

    if !work.changes.is_empty() {
        let ticket_change = follow_up.as_ref().map(|_| (&loaded, ticket_bytes.as_slice()));
        let overridden = file.review.overridden.clone().filter(|_| request.publish);
        work.commit(&review_text, expected, ticket_change, follow_up.as_ref(), overridden.as_ref(), now.commit_time())?;
    }
    let follow_up = follow_up.map(|(file, relative_path)| LoadedTicket {
        path: workspace.root.join(&relative_path),
        file,
        relative_path,
    });
    let Work { changes, warnings, .. } = work;
    Ok(ReviewOutcome { path, review: file.review, changes, unready, follow_up, warnings })
}

impl Work<'_> {
    /// The review as it is (its generated timeline refreshed), or a new one; with what its
    /// file must hold before it is written.
    fn open_review(&mut self, ticket: &Ticket, request: &ReviewRequest) -> Result<(ReviewFile, Expected)> {
        let (config, id, now) = (self.config, self.id.clone(), self.now);
        let existing = self.workspace.load_review(&self.relative_path)?;
        // A review is written for a resolved ticket; once written, its action items can
        // still be tracked while the ticket is open again.
        if ticket.status.is_open() && existing.is_none() {
            return Err(Error::NotAllowed {
                action: "review".into(),
                id: id.clone(),
                reason: format!("it is {}; a review looks back on a resolved ticket", ticket.status),
                hint: format!("resolve it first: esc resolve {id} --resolution TEXT"),
            });
        }
        let generated = timeline(config, ticket, now);
        let Some((existing, bytes)) = existing else {
            let by = self.workspace.git.identity()?.to_string();
            let owner = request.owner.clone().or_else(|| ticket.assignee.clone()).unwrap_or(by);
            let review = Review {
                ticket: id.clone(),
                title: ticket.title.clone(),
                severity: ticket.severity.clone(),
                priority: ticket.priority.clone(),
                owner: Some(owner),
                reviewers: Vec::new(),
                status: ReviewStatus::Draft,
                created: now,
                due: review_due(config, ticket, now),
                published: None,
                action_items: Vec::new(),
                overridden: None,
            };
            self.changes.push("created".to_string());
            return Ok((ReviewFile::new(review, new_body(&id, &ticket.title, &generated)), Expected::Absent));
        };
        let mut file = existing.file;
        if file.review.ticket != id {
            return Err(Error::BadFile(Diagnostic::new(
                &self.relative_path,
                file.line_of("ticket"),
                format!("this review names ticket '{}', not {id}", file.review.ticket),
            )));
        }
        if ticket.status.is_open() {
            self.warnings
                .push(format!("{id} is {} again; its timeline is refreshed once it is resolved", ticket.status));
        } else {
            match file.refresh_timeline(&generated) {
                Some(true) => self.changes.push("timeline refreshed".into()),
                Some(false) => {}
                None => self.warnings.push(format!(
                    "{}: the timeline markers are gone, so the timeline was not refreshed (put them back to get it)",
                    self.relative_path
                )),
            }
        }
        Ok((file, Expected::Committed(self.workspace.git.blob_id_of(&bytes))))
    }

    /// Writes one body section from text given on the command line.
    fn write_section(&mut self, file: &mut ReviewFile, heading: &str, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            return Err(Error::InvalidInput(format!("the text for section '{heading}' is empty")));
        }
        match file.set_section(heading, text) {
            Ok(true) => self.changes.push(format!("wrote section '{}'", heading.trim())),
            Ok(false) => {}
            Err(headings) => {
                return Err(Error::InvalidValue {
                    field: "review section",
                    value: heading.to_string(),
                    allowed: headings,
                });
            }
        }
        Ok(())
    }

    /// The owner, reviewers, an action item's owner, due time or type, and items done.
    fn edit_front_matter(&mut self, review: &mut Review, request: &ReviewRequest) -> Result<()> {
        if let Some(edit) = &request.edit {
            let item = self.action_item(review, &edit.id)?;
            let before = item.clone();
            if let Some(owner) = &edit.owner {
                check_single_line("owner", owner)?;
                item.owner = Some(owner.clone());
            }
            if let Some(due) = edit.due {
                item.due = Some(due_time(self.config, self.now, due)?);
            }
            if let Some(kind) = edit.kind {
                item.kind = kind;
            }
            if *item != before {
                let change = format!("{} updated", item.id);
                self.changes.push(change);
            }
        }
        if let Some(owner) = &request.owner {
            check_single_line("owner", owner)?;
            if review.owner.as_ref() != Some(owner) {
                review.owner = Some(owner.clone());
                self.changes.push(format!("owner {owner}"));
            }
        }
        for reviewer in &request.reviewers {
            check_single_line("reviewer", reviewer)?;
            if !review.reviewers.contains(reviewer) {
                review.reviewers.push(reviewer.clone());
                self.changes.push(format!("reviewer {reviewer}"));
            }
        }
        for wanted in &request.done {
            let now = self.now;
            let item = self.action_item(review, wanted)?;
            if item.status == ActionStatus::Open {
                item.status = ActionStatus::Done;
                item.done = Some(now);
                let change = format!("{} done", item.id);
                self.changes.push(change);
            }
        }
        Ok(())
    }

    /// The action item `wanted` names (case-insensitive), or an error listing the others.
    fn action_item<'r>(&self, review: &'r mut Review, wanted: &str) -> Result<&'r mut ActionItem> {
        let known = names(review.action_items.iter().map(|a| a.id.as_str()));
        review.action_items.iter_mut().find(|a| a.id.eq_ignore_ascii_case(wanted)).ok_or_else(|| {
            Error::InvalidInput(format!("{} has no action item '{wanted}' (it has: {known})", self.relative_path))
        })
    }

    /// Adds the action item, and with `--open` a follow-up ticket linked both ways (the link
    /// back goes into `ticket`); returns the follow-up and its path.
    fn add_action_item(
        &mut self,
        review: &mut Review,
        ticket: &mut Ticket,
        action: &NewActionItem,
    ) -> Result<Option<(TicketFile, String)>> {
        let (config, now) = (self.config, self.now);
        let title = action.title.trim().to_string();
        check_single_line("action item", &title)?;
        if let Some(owner) = &action.owner {
            check_single_line("owner", owner)?;
        }
        let due = match action.due {
            Some(due) => Some(due_time(config, now, due)?),
            None => ticket.priority.as_ref().and_then(|p| config.reviews.action_due.get(p)).and_then(|d| {
                let calendar = config.review_calendar();
                calendar.add_working(now, d.in_calendar(calendar))
            }),
        };
        let item_id = format!("A{}", next_item_number(&review.action_items));
        let mut item = ActionItem {
            id: item_id.clone(),
            title: title.clone(),
            kind: action.kind,
            owner: action.owner.clone(),
            due,
            status: ActionStatus::Open,
            done: None,
            ticket: None,
        };
        let mut follow_up = None;
        if action.open_ticket {
            let (id, path) = (&self.id, &self.relative_path);
            let request = OpenRequest {
                title: title.clone(),
                kind: ticket.kind.clone(),
                category: ticket.category.clone(),
                customer: ticket.customer.clone(),
                body: format!("Follow-up of {id}: action item {item_id} of its post-incident review ({path}).\n"),
                ..OpenRequest::default()
            };
            let (mut new_file, new_path) =
                new_ticket(self.workspace, request, vec![Link { rel: FOLLOW_UP_OF.into(), id: id.clone() }], now)?;
            if let Some(owner) = &action.owner {
                new_file.ticket.assignee = Some(owner.clone());
                if let Some(open) = new_file.ticket.history.first_mut() {
                    open.record(Field::Assignee, FieldValue::Text(owner.clone()));
                }
            }
            let new_id = new_file.ticket.id.to_string();
            item.ticket = Some(new_id.clone());
            ticket.links.push(Link { rel: FOLLOW_UP.into(), id: new_id.clone() });
            self.changes.push(format!("added {item_id} with follow-up {new_id}: {title}"));
            follow_up = Some((new_file, new_path));
        } else {
            self.changes.push(format!("added {item_id}: {title}"));
        }
        review.action_items.push(item);
        Ok(follow_up)
    }

    /// One commit: the review, and with a follow-up also the reviewed ticket (checked
    /// against the bytes it was read from) and the new ticket.
    fn commit(
        &self,
        review_text: &str,
        expected: Expected,
        ticket: Option<(&LoadedTicket, &[u8])>,
        follow_up: Option<&(TicketFile, String)>,
        overridden: Option<&Override>,
        commit_time: Option<Timestamp>,
    ) -> Result<()> {
        let workspace = self.workspace;
        let review_path = workspace.repo_path(&self.relative_path);
        let mut texts = vec![(review_path, review_text.to_string(), expected)];
        if let Some((loaded, bytes)) = ticket {
            let text = render(loaded.file.render(), &loaded.relative_path)?;
            let expected = Expected::Committed(workspace.git.blob_id_of(bytes));
            texts.push((workspace.repo_path(&loaded.relative_path), text, expected));
        }
        if let Some((new_file, new_path)) = follow_up {
            let text = render(new_file.render(), new_path)?;
            texts.push((workspace.repo_path(new_path), text, Expected::Absent));
        }
        let files: Vec<FileChange> = texts
            .iter()
            .map(|(path, text, expected)| FileChange { path, contents: text.as_bytes(), expected: *expected })
            .collect();
        let mut message = commit_message("review", &self.id, &self.changes.join(", "), None);
        if let Some(overridden) = overridden {
            message = with_override(message, overridden);
        }
        workspace.git.commit_files(&files, &message, commit_time)?;
        Ok(())
    }
}

fn render(text: std::result::Result<String, crate::frontmatter::SyntaxError>, path: &str) -> Result<String> {
    text.map_err(|e| Error::in_file(path, e))
}

fn reparse(text: &str, path: &str) -> Result<ReviewFile> {
    ReviewFile::parse(text).map_err(|e| Error::in_file(path, e))
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = items.collect();
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// One more than the highest `A<n>` in use, so ids stay unique even after hand edits.
fn next_item_number(items: &[ActionItem]) -> usize {
    items.iter().filter_map(|a| a.id.strip_prefix(['A', 'a'])?.parse::<usize>().ok()).max().unwrap_or(0) + 1
}

fn due_time(config: &Config, now: Timestamp, due: Due) -> Result<Timestamp> {
    match due {
        Due::At(at) => Ok(at),
        Due::After(length) => {
            let calendar = config.review_calendar();
            calendar.add_working(now, length.in_calendar(calendar)).ok_or_else(|| {
                Error::InvalidInput("the review calendar has no working time in the next five years".into())
            })
        }
    }
}
