//! The post-incident reviews: every ticket `esc check` says needs one gets one, written by its
//! assignee, filled in from the ticket and the story's texts, given an action item and
//! published.

use anyhow::{Context, Result, anyhow};
use chrono::Duration;
use esc::clock::{Timestamp, format_timestamp};
use esc::review::ReviewFile;
use esc::ticket::{Action, Ticket};

use super::player::Player;
use super::read_ticket;
use super::story::Story;

/// Who owns a review whose ticket has no assignee the story knows.
const FALLBACK_OWNER: &str = "eli";

impl Player<'_> {
    /// Writes, fills and publishes the missing reviews; returns their paths (`reviews/ID.md`).
    pub fn write_reviews(&mut self) -> Result<Vec<String>> {
        let mut written = Vec::new();
        for (n, id) in self.missing_reviews()?.into_iter().enumerate() {
            self.review(n + 1, &id).with_context(|| format!("the review of {id}"))?;
            written.push(format!("reviews/{id}.md"));
        }
        Ok(written)
    }

    /// Tickets whose review `esc check` reports missing, in its order.
    fn missing_reviews(&self) -> Result<Vec<String>> {
        // Asked an hour before the cutoff, after the last ticket action.
        let at = format_timestamp(&(self.story.cutoff - Duration::hours(1)));
        let output = self.runner.esc_output(&self.runner.repo, &["check", "--now", &at, "--format", "json"])?;
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).context("esc check printed no JSON")?;
        let reviews = report["reviews"].as_array().map(Vec::as_slice).unwrap_or_default();
        Ok(reviews
            .iter()
            .filter(|r| r["problem"] == "missing")
            .filter_map(|r| r["id"].as_str().map(str::to_string))
            .collect())
    }

    /// The `n`th review: drafted, filled in and committed, an action item, published, and
    /// for older incidents the action item done.
    fn review(&mut self, n: usize, id: &str) -> Result<()> {
        let ticket = read_ticket(&self.ticket_file(id)?)?;
        let resolved = ticket.history.iter().rev().find(|e| e.action.is(Action::Resolve)).context("never resolved")?.at;
        let last = ticket.history.last().context("no history")?.at;
        let owner = self.owner_of(&ticket);
        let cutoff = self.story.cutoff;

        // Written one or two working days after the resolve, after the ticket's last event.
        self.now = self.office.add(resolved, self.rng.between(240, 900));
        if self.now <= last {
            self.now = last + Duration::hours(1);
        }
        self.now = self.now.min(cutoff - Duration::days(1));
        if self.now <= last {
            self.now = last + Duration::minutes(10);
        }
        self.esc(&owner, &strings(&["review", id]))?;
        self.fill_in(id, &ticket)?;
        self.now += Duration::minutes(30);
        let identity = self.story.agent(&owner).identity.clone();
        self.runner
            .git(Some((&identity, self.now)), &["commit", "-q", "-am", &format!("Review of {id}: first draft")])?;

        let texts = &self.story.reviews;
        let (kind, title) = texts.actions[self.pick(texts.actions.len())].clone();
        let item_owner = self.story.agents[self.pick(self.story.agents.len())].key.clone();
        self.now += Duration::minutes(10);
        let item_identity = self.story.agent(&item_owner).identity.clone();
        let args = ["review", id, "--action", &title, "--type", &kind, "--owner", &item_identity, "--due", "10d"];
        self.esc(&owner, &strings(&args))?;

        // Published within the due time, except every fourth, which is a day or two late.
        self.now = if n.is_multiple_of(4) {
            let due = self.review_due(id)?;
            self.office.add(due, self.rng.between(480, 960))
        } else {
            self.office.add(self.now, self.rng.between(60, 600))
        };
        self.now = self.now.min(cutoff - Duration::hours(1));
        self.esc(&owner, &strings(&["review", id, "--publish"]))?;

        // The action items of incidents older than four weeks are done.
        if resolved < cutoff - Duration::days(28) {
            self.now = self.office.add(self.now, self.rng.between(1200, 3600));
            self.now = self.now.min(cutoff - Duration::minutes(10));
            self.esc(&item_owner, &strings(&["review", id, "--done", "A1"]))?;
        }
        Ok(())
    }

    /// Fills the review's sections from the ticket and the story's texts.
    fn fill_in(&mut self, id: &str, ticket: &Ticket) -> Result<()> {
        let path = self.runner.repo.join(format!("reviews/{id}.md"));
        let mut text = std::fs::read_to_string(&path)?;
        let resolution = ticket.resolution.as_deref();
        let cause = ticket.root_cause.as_deref().unwrap_or("the change behind it had no test for this case.");
        let severity = ticket.severity.as_deref().unwrap_or("unclassified");
        let affected = match &ticket.customer {
            Some(customer) => format!("{severity} for {customer}"),
            None => format!("{severity}, reported internally"),
        };
        let texts = &self.story.reviews;
        let detection = texts.detections[self.pick(texts.detections.len())].clone();
        fill(&mut text, "## Summary", &format!("{}. {}", ticket.title, resolution.unwrap_or("Resolved.")));
        fill(&mut text, "## Impact", &format!("- {affected}; see the timeline for how long.\n- No data was lost."));
        fill(&mut text, "## Detection", &detection);
        replace_line(&mut text, "1. Why? Because …", &format!("1. Why did it happen? Because {cause}"));
        replace_line(
            &mut text,
            "2. Why? Because …",
            "2. Why was it not caught before release? Because no test covered this case.",
        );
        fill(
            &mut text,
            "## Contributing factors",
            "The root cause recorded on the ticket, and a gap in our checks that let it through.",
        );
        fill(&mut text, "### Mitigation", resolution.unwrap_or("See the ticket."));
        fill(&mut text, "### Permanent fix", "Tracked as the action items below.");
        let went_well = texts.went_well[self.pick(texts.went_well.len())].clone();
        fill(&mut text, "## What went well", &went_well);
        let went_poorly = texts.went_poorly[self.pick(texts.went_poorly.len())].clone();
        fill(&mut text, "## What went poorly", &went_poorly);
        let lesson = ticket.category.as_ref().and_then(|c| texts.lessons.get(c)).unwrap_or(&texts.lessons["*"]);
        fill(&mut text, "## Lessons learned", lesson);
        std::fs::write(&path, text)?;
        Ok(())
    }

    /// An index in `0..len`, from the story's random sequence.
    fn pick(&mut self, len: usize) -> usize {
        self.rng.between(0, len as u32 - 1) as usize
    }

    /// The agent the ticket is assigned to.
    fn owner_of(&self, ticket: &Ticket) -> String {
        let story: &Story = self.story;
        let agent = story.agents.iter().find(|a| ticket.assignee.as_deref() == Some(a.identity.as_str()));
        agent.map_or(FALLBACK_OWNER, |a| a.key.as_str()).to_string()
    }

    fn review_due(&self, id: &str) -> Result<Timestamp> {
        let text = std::fs::read_to_string(self.runner.repo.join(format!("reviews/{id}.md")))?;
        let review = ReviewFile::parse(&text).map_err(|e| anyhow!("reviews/{id}.md:{}: {}", e.line, e.message))?;
        review.review.due.context("the review has no due time")
    }
}

/// Puts `content` under `heading`, after the comment that explains the section.
fn fill(text: &mut String, heading: &str, content: &str) {
    let mut out = String::with_capacity(text.len() + content.len() + 2);
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        inside |= line.trim_end_matches('\n') == heading;
        out.push_str(line);
        if inside && line.trim_end_matches('\n').ends_with("-->") {
            out.push_str(&format!("\n{content}\n"));
            inside = false;
        }
    }
    *text = out;
}

/// Replaces every line that is exactly `line`.
fn replace_line(text: &mut String, line: &str, with: &str) {
    let lines: Vec<&str> = text.split('\n').map(|l| if l == line { with } else { l }).collect();
    *text = lines.join("\n");
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_goes_under_the_heading_after_its_comment() {
        let mut text = "## A\n\n<!-- a -->\n\n## B\n\n<!-- b -->\n".to_string();
        fill(&mut text, "## B", "x\ny");
        assert_eq!(text, "## A\n\n<!-- a -->\n\n## B\n\n<!-- b -->\n\nx\ny\n");
    }
}
