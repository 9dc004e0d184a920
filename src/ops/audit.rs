//! `esc audit`: the history replayed against the policy, for CI.
//!
//! Every commit that changed a ticket or a review is looked at against each of its parents.
//! A history entry is *new* in a commit when no parent's version of the file has it; an entry
//! a parent had that the commit lost was *rewritten* (an entry with its time, author and
//! action is there, changed) or *removed*. Each new entry is judged with the permission rules
//! of the policy in that commit's own tree, so a rule added later does not condemn what was
//! allowed when it was done; its `by` must be the commit's author, and the commit must be
//! esc's (its `Esc-Action` trailer), not a hand edit. Entries brought in by `esc import`
//! carry the source's people and times and are judged neither by author nor by role.
//!
//! Git identities are what git says: a determined forger can set any author. Signed commits
//! are the defence against that; this audit makes every other deviation visible.

use std::collections::HashMap;
use std::rc::Rc;

use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::policy::{Config, Deed, Judged, Refusal, email_of};
use crate::repo::changes::{ChangedFile, CommitChanges};
use crate::repo::commit_message::{ACTION_TRAILER, trailer};
use crate::repo::git::ObjectId;
use crate::repo::{CONFIG_FILE, REVIEWS_DIR, TICKETS_DIR, Workspace};
use crate::review::ReviewStatus;
use crate::review::file::ReviewFile;
use crate::ticket::file::TicketFile;
use crate::ticket::{Event, Ticket};

crate::named_enum! {
    /// What an audit finding is about.
    pub enum FindingKind as "audit finding" {
        /// An action the permission rules in force did not allow.
        Forbidden = "forbidden",
        /// An action done with `--override`.
        Override = "override",
        /// An entry whose `by` is not the commit's author.
        ForgedBy = "forged-by",
        /// An entry (or a review publication) added by a commit esc did not make.
        HandEntry = "hand-entry",
        /// An entry changed after it was committed.
        Rewritten = "rewritten",
        /// An entry taken out after it was committed.
        Removed = "removed",
        /// A commit whose policy does not parse: its entries could not be judged.
        BadPolicy = "bad-policy",
        /// A commit after which a ticket file does not parse: its history could not be compared.
        Unreadable = "unreadable",
    }
}

/// Where the audit starts.
#[derive(Debug, Clone)]
pub enum Since {
    /// Commits after this revision.
    Revision(String),
    /// Commits made at or after this time.
    Time(Timestamp),
}

/// One thing the audit found.
#[derive(Debug, Clone)]
pub struct AuditFinding {
    pub kind: FindingKind,
    /// The ticket id (a review's ticket for a review).
    pub ticket: String,
    /// The file, relative to the esc root.
    pub path: String,
    /// The entry's place in the history (1 = the first), where it is about one.
    pub entry: Option<usize>,
    pub at: Option<Timestamp>,
    pub action: String,
    pub by: String,
    /// The commit that made the change.
    pub commit: ObjectId,
    pub author: String,
    /// The permission rules involved (forbidden, override).
    pub rules: Vec<String>,
    pub message: String,
}

/// What the audit looked at and found.
#[derive(Debug)]
pub struct AuditOutcome {
    pub findings: Vec<AuditFinding>,
    /// Commits replayed and history entries judged.
    pub commits: usize,
    pub entries: usize,
    /// A shallow clone's first commit, whose own changes could not be told.
    pub shallow_from: Option<ObjectId>,
    /// The policy's `audit.baseline`, when it cut the history.
    pub baseline: Option<ObjectId>,
    /// A baseline the policy names that this clone does not have (a shallow clone, a copy,
    /// a typo): the whole history was audited.
    pub missing_baseline: Option<String>,
}

/// Replays the history of `workspace` from `since` (else from the start, or the policy's
/// `audit.baseline`).
pub fn audit(workspace: &Workspace, since: Option<&Since>) -> Result<AuditOutcome> {
    let git = &workspace.git;
    let mut hidden = Vec::new();
    if let Some(Since::Revision(rev)) = since {
        let id = git.resolve_commit(rev).ok_or_else(|| Error::Usage {
            message: format!("--since {rev}: no such commit"),
            hint: "give a commit, branch or tag (git log --oneline shows them), or a time like 2026-11-01 or 7d".into(),
        })?;
        hidden.push(id);
    }
    let named = workspace.config.audit.baseline.as_deref();
    let baseline = named.and_then(|rev| git.resolve_commit(rev));
    let missing_baseline = named.filter(|_| baseline.is_none()).map(str::to_string);
    hidden.extend(baseline);
    let folders = [workspace.repo_path(&format!("{TICKETS_DIR}/")), workspace.repo_path(&format!("{REVIEWS_DIR}/"))];
    let from = match since {
        Some(Since::Time(from)) => Some(*from),
        _ => None,
    };
    let commits = git.changes_under(&folders, &hidden, from)?;
    let mut replay =
        Replay { workspace, policies: HashMap::new(), ticket_paths: None, findings: Vec::new(), entries: 0 };
    let mut shallow_from = None;
    let mut audited = 0;
    for commit in &commits {
        if commit.boundary {
            shallow_from = Some(commit.id);
            continue;
        }
        audited += 1;
        replay.commit(commit)?;
    }
    let Replay { findings, entries, .. } = replay;
    Ok(AuditOutcome { findings, commits: audited, entries, shallow_from, baseline, missing_baseline })
}

/// The state of one replay.
struct Replay<'a> {
    workspace: &'a Workspace,
    /// The policy by its blob (`None`: it did not parse).
    policies: HashMap<Option<ObjectId>, Option<Rc<Config>>>,
    /// A ticket id → its file in the repository (ticket files never move), read from the
    /// work tree when a review publication first needs it.
    ticket_paths: Option<HashMap<String, String>>,
    findings: Vec<AuditFinding>,
    entries: usize,
}

/// What is known about the commit being replayed.
struct InCommit<'c> {
    commit: &'c CommitChanges,
    /// The action its `Esc-Action` trailer names; `None`: not esc's.
    action: Option<String>,
    policy: Option<Rc<Config>>,
}

impl InCommit<'_> {
    fn is_import(&self) -> bool {
        self.action.as_deref() == Some("import")
    }
}

impl Replay<'_> {
    fn commit(&mut self, commit: &CommitChanges) -> Result<()> {
        let action = trailer(&commit.message, ACTION_TRAILER);
        let policy = self.policy_at(commit)?;
        let here = InCommit { commit, action, policy };
        for file in &commit.files {
            let Some(relative) = self.workspace.root_relative(&file.path) else { continue };
            if !relative.ends_with(".md") {
                continue;
            }
            if relative.starts_with(&format!("{TICKETS_DIR}/")) {
                self.ticket_file(&here, file, &relative)?;
            } else if relative.starts_with(&format!("{REVIEWS_DIR}/")) {
                self.review_file(&here, file, &relative)?;
            }
        }
        Ok(())
    }

    /// The repository path of ticket `id`'s file.
    fn ticket_path(&mut self, id: &str) -> Result<Option<String>> {
        if self.ticket_paths.is_none() {
            let workspace = self.workspace;
            let paths = workspace.ticket_paths()?.into_iter();
            let paths = paths.map(|found| (found.id, workspace.repo_path(&workspace.relative(&found.path))));
            self.ticket_paths = Some(paths.collect());
        }
        Ok(self.ticket_paths.as_ref().and_then(|paths| paths.get(id)).cloned())
    }

    /// The policy in `commit`'s tree, parsed once per version; a finding when it does not
    /// parse (and `None`, so its entries are not judged by role).
    fn policy_at(&mut self, commit: &CommitChanges) -> Result<Option<Rc<Config>>> {
        let git = &self.workspace.git;
        let blob = git.blob_at(commit.id, &self.workspace.repo_path(CONFIG_FILE))?;
        if let Some(known) = self.policies.get(&blob) {
            return Ok(known.clone());
        }
        let parsed = match blob {
            None => Err("there is no .esc/config.yaml".to_string()),
            Some(id) => {
                let bytes = git.read_blob(id)?;
                String::from_utf8(bytes)
                    .map_err(|_| "the policy is not UTF-8 text".to_string())
                    .and_then(|text| Config::parse(&text, std::path::Path::new(CONFIG_FILE)).map_err(|e| e.to_string()))
            }
        };
        let policy = match parsed {
            Ok(config) => Some(Rc::new(config)),
            Err(problem) => {
                self.findings.push(AuditFinding {
                    kind: FindingKind::BadPolicy,
                    ticket: String::new(),
                    path: CONFIG_FILE.to_string(),
                    entry: None,
                    at: None,
                    action: String::new(),
                    by: String::new(),
                    commit: commit.id,
                    author: commit.author.to_string(),
                    rules: Vec::new(),
                    message: format!(
                        "the policy of this commit cannot be read, so its actions were not judged: {problem}"
                    ),
                });
                None
            }
        };
        self.policies.insert(blob, policy.clone());
        Ok(policy)
    }

    /// A version of a file as text; `None` when there is none or it is not UTF-8.
    fn text_of(&self, blob: Option<ObjectId>) -> Result<Option<String>> {
        let Some(blob) = blob else { return Ok(None) };
        Ok(String::from_utf8(self.workspace.git.read_blob(blob)?).ok())
    }

    /// A version of a ticket file; `None` also when it does not parse (lint reports that).
    fn parse_ticket(&self, blob: Option<ObjectId>) -> Result<Option<TicketFile>> {
        Ok(self.text_of(blob)?.and_then(|text| TicketFile::parse(&text).ok()))
    }

    fn ticket_file(&mut self, here: &InCommit, file: &ChangedFile, relative: &str) -> Result<()> {
        let after = self.parse_ticket(file.after)?;
        let mut befores = Vec::new();
        for blob in &file.befores {
            befores.push(self.parse_ticket(*blob)?);
        }
        let id = after
            .as_ref()
            .or(befores.iter().flatten().next())
            .map(|f| f.ticket.id.to_string())
            .unwrap_or_else(|| relative.rsplit('/').next().unwrap_or(relative).trim_end_matches(".md").to_string());
        let history: &[Event] = after.as_ref().map_or(&[], |f| &f.ticket.history);
        let finding = |kind, entry: Option<(usize, &Event)>, rules: Vec<String>, message: String| AuditFinding {
            kind,
            ticket: id.clone(),
            path: relative.to_string(),
            entry: entry.map(|(i, _)| i + 1),
            at: entry.map(|(_, e)| e.at),
            action: entry.map(|(_, e)| e.action.as_str().to_string()).unwrap_or_default(),
            by: entry.map(|(_, e)| e.by.clone()).unwrap_or_default(),
            commit: here.commit.id,
            author: here.commit.author.to_string(),
            rules,
            message,
        };

        // A version that does not parse cannot be compared: the commit that broke the file
        // is reported, and the one that mends it is not judged (esc lint says what is wrong).
        if file.after.is_some() && after.is_none() {
            let message = "the ticket file does not parse after this commit, so its history could not be compared (esc lint says why)";
            self.findings.push(finding(FindingKind::Unreadable, None, Vec::new(), message.to_string()));
            return Ok(());
        }
        if file.befores.iter().zip(&befores).any(|(blob, parsed)| blob.is_some() && parsed.is_none()) {
            return Ok(());
        }

        // What a parent had and the commit lost.
        let mut lost: Vec<(usize, &Event)> = Vec::new();
        for before in befores.iter().flatten() {
            for (i, event) in before.ticket.history.iter().enumerate() {
                if !history.contains(event) && !lost.iter().any(|(_, e)| *e == event) {
                    lost.push((i, event));
                }
            }
        }
        let is_new =
            |event: &Event| befores.iter().all(|b| b.as_ref().is_none_or(|b| !b.ticket.history.contains(event)));
        let mut rewritten_into: Vec<&Event> = Vec::new();
        for (i, event) in &lost {
            let replacement = history
                .iter()
                .enumerate()
                .find(|(_, e)| e.at == event.at && e.action == event.action && is_new(e) && !taken(&rewritten_into, e));
            let (kind, what, at) = match replacement {
                Some((j, changed)) => {
                    rewritten_into.push(changed);
                    (FindingKind::Rewritten, "changed", (j, changed))
                }
                None => (FindingKind::Removed, "removed", (*i, *event)),
            };
            let message = format!(
                "history entry {} ({} by {}) was {what} after it was committed",
                i + 1,
                event.action.as_str(),
                event.by
            );
            self.findings.push(finding(kind, Some(at), Vec::new(), message));
        }

        // What the commit added, judged in order on the ticket as it stood.
        let Some(after) = &after else { return Ok(()) };
        let mut state = Ticket::blank(after.ticket.id.clone(), after.ticket.created);
        for (i, event) in history.iter().enumerate() {
            let before_state = state.clone();
            state.apply(event);
            if !is_new(event) || taken(&rewritten_into, event) {
                continue;
            }
            self.entries += 1;
            let at = Some((i, event));
            if here.action.is_none() {
                self.findings.push(finding(
                    FindingKind::HandEntry,
                    at,
                    Vec::new(),
                    format!("added by a commit esc did not make: {}", subject(&here.commit.message)),
                ));
            }
            if here.is_import() {
                continue;
            }
            if !same_person(&event.by, &here.commit.author) {
                self.findings.push(finding(
                    FindingKind::ForgedBy,
                    at,
                    Vec::new(),
                    format!("recorded as by {} in a commit by {}", event.by, here.commit.author),
                ));
            }
            let Some(policy) = &here.policy else { continue };
            let refusals = if event.automatic {
                Vec::new()
            } else {
                policy.refusals(&event.by, &Judged::entry(policy, event, &before_state, &state))
            };
            self.judge(refusals, event.overridden.as_ref(), &event.by, |kind, rules, message| {
                finding(kind, at, rules, message)
            });
        }
        Ok(())
    }

    /// Findings for an action the rules refused (`refusals`), given the override recorded
    /// with it.
    fn judge(
        &mut self,
        refusals: Vec<Refusal>,
        overridden: Option<&crate::ticket::Override>,
        by: &str,
        finding: impl Fn(FindingKind, Vec<String>, String) -> AuditFinding,
    ) {
        let covered = |rule: &Refusal| rule.overridable && overridden.is_some_and(|o| o.rules.contains(&rule.rule));
        for refusal in refusals.iter().filter(|r| !covered(r)) {
            let overridden =
                if overridden.is_some() && !refusal.overridable { "; the rule allows no override" } else { "" };
            self.findings.push(finding(
                FindingKind::Forbidden,
                vec![refusal.rule.clone()],
                format!("{}{overridden}", refusal.explain(by)),
            ));
        }
        if let Some(overridden) = overridden {
            self.findings.push(finding(
                FindingKind::Override,
                overridden.rules.clone(),
                format!("{by} overrode {}: {}", overridden.rules.join(", "), overridden.reason),
            ));
        }
    }

    fn review_file(&mut self, here: &InCommit, file: &ChangedFile, relative: &str) -> Result<()> {
        let parse = |blob: Option<ObjectId>| -> Result<Option<ReviewFile>> {
            Ok(self.text_of(blob)?.and_then(|text| ReviewFile::parse(&text).ok()))
        };
        let Some(after) = parse(file.after)? else { return Ok(()) };
        let published = |r: &Option<ReviewFile>| r.as_ref().is_some_and(|r| r.review.status == ReviewStatus::Published);
        let mut was_published = false;
        for blob in &file.befores {
            was_published |= published(&parse(*blob)?);
        }
        if after.review.status != ReviewStatus::Published || was_published {
            return Ok(());
        }
        self.entries += 1;
        let id = after.review.ticket.clone();
        let author = here.commit.author.to_string();
        let finding = |kind, rules: Vec<String>, message: String| AuditFinding {
            kind,
            ticket: id.clone(),
            path: relative.to_string(),
            entry: None,
            at: after.review.published,
            action: "publish-review".into(),
            by: author.clone(),
            commit: here.commit.id,
            author: author.clone(),
            rules,
            message,
        };
        if here.action.is_none() {
            let message = format!("published by a commit esc did not make: {}", subject(&here.commit.message));
            self.findings.push(finding(FindingKind::HandEntry, Vec::new(), message));
        }
        let Some(policy) = here.policy.clone() else { return Ok(()) };
        // The reviewed ticket as it was in this commit.
        let ticket = match self.ticket_path(&id)? {
            Some(path) => self.parse_ticket(self.workspace.git.blob_at(here.commit.id, &path)?)?,
            None => None,
        };
        let Some(ticket) = ticket else { return Ok(()) };
        let judged = Judged { deeds: vec![Deed::PublishReview], before: &ticket.ticket, after: &ticket.ticket };
        let refusals = policy.refusals(&author, &judged);
        self.judge(refusals, after.review.overridden.as_ref(), &author, finding);
        Ok(())
    }
}

/// Whether the entry's `by` names the commit's author: the same email, or (without one)
/// the same name.
fn same_person(by: &str, author: &crate::repo::git::Identity) -> bool {
    match email_of(by) {
        Some(email) => email.eq_ignore_ascii_case(author.email.trim()),
        None => by.trim() == author.name.trim(),
    }
}

/// Whether `event` is one of `events` (the very entry, not an equal one).
fn taken(events: &[&Event], event: &Event) -> bool {
    events.iter().any(|e| std::ptr::eq(*e, event))
}

fn subject(message: &str) -> String {
    crate::text::one_line(message.lines().next().unwrap_or(""))
}
