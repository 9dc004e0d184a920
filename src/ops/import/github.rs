//! GitHub issues as `gh issue list --state all --json
//! number,title,body,state,createdAt,updatedAt,closedAt,author,assignees,labels,url` prints
//! them: keys become `github:OWNER/REPO#NUMBER` (from the issue's url). Labels such as `P1`,
//! `priority: high` or `severity: sev2` give the priority and severity, a label the type map
//! knows (`bug`) the type; the other labels stay labels.

use serde::Deserialize;

use crate::error::Result;

use super::dates::parse_source_time;
use super::{ImportRecord, Problem, Read, Stamp};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issue {
    number: u64,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    state_reason: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    closed_at: Option<String>,
    #[serde(default)]
    author: Option<User>,
    #[serde(default)]
    assignees: Vec<User>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Deserialize)]
struct User {
    #[serde(default)]
    login: String,
    #[serde(default)]
    name: Option<String>,
}

impl User {
    /// The person as esc records them: the name GitHub shows, else the login.
    fn person(&self) -> Option<String> {
        let name = self.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        name.or(Some(self.login.trim()).filter(|l| !l.is_empty())).map(str::to_string)
    }
}

#[derive(Deserialize)]
struct Label {
    name: String,
}

/// Reads the JSON array `gh issue list --json …` prints.
pub fn read(text: &str, file: &str) -> Result<Vec<Read>> {
    let items = super::zendesk::json_items(text, file, &[])?;
    Ok(items.into_iter().enumerate().map(|(i, item)| issue(item, &format!("{file}: record {}", i + 1))).collect())
}

fn issue(item: serde_json::Value, place: &str) -> Read {
    let issue: Issue = serde_json::from_value(item).map_err(|e| {
        Problem::new(place, None, format!("not a GitHub issue: {e}"))
            .with_hint("export with gh issue list --state all --json number,title,body,state,createdAt,updatedAt,closedAt,author,assignees,labels,url")
    })?;
    let repository = issue.url.as_deref().and_then(repository_of);
    let source = match repository {
        Some(repo) => format!("github:{repo}#{}", issue.number),
        None => format!("github:#{}", issue.number),
    };
    let time = |what: &str, text: &Option<String>| {
        text.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_source_time(t).map_err(|e| Problem::new(place, Some(&source), format!("{what}: {e}"))))
            .transpose()
    };
    let mut record = ImportRecord {
        place: place.to_string(),
        title: issue.title.clone(),
        body: issue.body.clone().unwrap_or_default(),
        created: time("createdAt", &issue.created_at)?,
        updated: time("updatedAt", &issue.updated_at)?,
        reporter: issue.author.as_ref().and_then(User::person),
        assignee: issue.assignees.first().and_then(User::person),
        status: issue.state.as_deref().map(str::to_lowercase),
        source: source.clone(),
        ..ImportRecord::default()
    };
    if let Some(at) = time("closedAt", &issue.closed_at)? {
        record.closed = Some(Stamp { at, by: None });
        if issue.state_reason.as_deref().is_some_and(|r| r.eq_ignore_ascii_case("not_planned")) {
            record.resolution = Some("closed as not planned on GitHub".into());
        }
    }
    for label in issue.labels.iter().map(|l| l.name.trim()) {
        match label_value(label) {
            Some(("priority", value)) => record.priority = Some(value.to_string()),
            Some(("severity", value)) => record.severity = Some(value.to_string()),
            Some(("type", value)) => record.kind = Some(value.to_string()),
            _ => record.labels.push(label.to_string()),
        }
    }
    Ok(record)
}

/// `owner/repo` from `https://github.com/owner/repo/issues/12`.
fn repository_of(url: &str) -> Option<String> {
    let path = url.split("://").nth(1)?.split_once('/')?.1;
    let mut parts = path.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    (!owner.is_empty() && !repo.is_empty()).then(|| format!("{owner}/{repo}"))
}

/// The field a label sets: `P1` and `priority: high` (or `priority/high`, `priority-high`)
/// a priority, `sev2` and `severity: …` a severity, `bug`, `question` and `support` a type.
fn label_value(label: &str) -> Option<(&'static str, &str)> {
    let lower = label.to_ascii_lowercase();
    for (prefix, field) in [("priority", "priority"), ("severity", "severity"), ("type", "type")] {
        let Some(rest) = lower.strip_prefix(prefix) else { continue };
        if rest.starts_with([':', '/', '-', ' ', '=']) {
            let value = label[prefix.len()..].trim_start_matches([':', '/', '-', ' ', '=']).trim();
            if !value.is_empty() {
                return Some((field, value));
            }
        }
    }
    let numbered = |letter: &str| {
        lower.strip_prefix(letter).is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    if numbered("p") {
        return Some(("priority", label));
    }
    if numbered("sev") {
        return Some(("severity", label));
    }
    matches!(lower.as_str(), "bug" | "question" | "support").then_some(("type", label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_name_a_field() {
        assert_eq!(label_value("P1"), Some(("priority", "P1")));
        assert_eq!(label_value("priority: high"), Some(("priority", "high")));
        assert_eq!(label_value("priority/low"), Some(("priority", "low")));
        assert_eq!(label_value("sev2"), Some(("severity", "sev2")));
        assert_eq!(label_value("bug"), Some(("type", "bug")));
        assert_eq!(label_value("priority"), None);
        assert_eq!(label_value("enhancement"), None);
        assert_eq!(label_value("pending"), None);
        assert_eq!(repository_of("https://github.com/acme/shop/issues/12").as_deref(), Some("acme/shop"));
    }
}
