//! A review in its Markdown file: the front matter ([`Review`]), the body of sections, and
//! the generated timeline block between two markers. Pure: the text in, the text out.

use crate::frontmatter::{Document, Limits, SyntaxError};

use super::{REVIEW_KEYS, Review};

/// The first line of the generated block; everything up to [`TIMELINE_END`] is esc's.
pub const TIMELINE_BEGIN: &str =
    "<!-- esc:timeline begin: generated from the ticket's history; `esc review` refreshes it, edit outside it -->";
pub const TIMELINE_END: &str = "<!-- esc:timeline end -->";

/// The body's sections: heading, then what a new review holds under it.
const SECTIONS: &[(&str, &str)] = &[
    ("Summary", "<!-- What happened, to whom, and how it ended, in two or three sentences. -->\n"),
    ("Impact", "<!-- Who was affected and how badly: customers, requests, money, how long. -->\n"),
    ("Timeline", "{timeline}"),
    (
        "Detection",
        "<!-- How and when we found out (monitoring, a customer, a colleague); how we could have known sooner. -->\n",
    ),
    (
        "Contributing factors",
        "<!-- What made this possible or worse. Blame systems and conditions, not people. -->\n\n\
         ### Five whys\n\n\
         1. Why? Because …\n\
         2. Why? Because …\n\
         3. Why? Because …\n\
         4. Why? Because …\n\
         5. Why? Because …\n",
    ),
    (
        "Resolution",
        "### Mitigation\n\n<!-- How service was restored, and when. -->\n\n\
         ### Permanent fix\n\n<!-- How the cause is removed for good, or why it is not. -->\n",
    ),
    ("What went well", "<!-- Keep doing these. -->\n"),
    ("What went poorly", "<!-- Where we lost time or made it worse. -->\n"),
    (
        "Action items",
        "<!-- Tracked in the front matter (action_items) so `esc check` chases overdue ones. Add one with\n     \
         esc review {id} --action \"…\" --type prevent --owner WHO --due 10d [--open]\n     \
         (types: prevent, detect, mitigate, repair, process). -->\n",
    ),
    (
        "Lessons learned",
        "<!-- What we now know that others should too. `esc search` finds it, so write it for the next person. -->\n",
    ),
];

/// The body of a new review for ticket `id` titled `title`, with the generated `timeline`.
pub fn new_body(id: &str, title: &str, timeline: &str) -> String {
    // The title is one line of plain text; `<` could open a comment or fake a marker.
    let title = title.replace('<', "&lt;");
    let mut body = format!("\n# Post-incident review: {id} {title}\n");
    for (heading, text) in SECTIONS {
        let text = text.replace("{timeline}", &timeline_block(timeline)).replace("{id}", id);
        body.push_str(&format!("\n## {heading}\n\n{text}"));
    }
    body
}

/// The generated block of a body (markers included), and the body without it (the block's
/// place kept by an empty marker line), when the markers are there.
pub(crate) fn cut_timeline(body: &str) -> Option<(String, String)> {
    let begin = line_offset(body, TIMELINE_BEGIN, 0)?;
    let end_line = line_offset(body, TIMELINE_END, begin)?;
    let end = end_line + TIMELINE_END.len() + usize::from(body[end_line + TIMELINE_END.len()..].starts_with('\n'));
    let block = body[begin..end].to_string();
    Some((block, format!("{}{TIMELINE_BEGIN}\n{}", &body[..begin], &body[end..])))
}

fn timeline_block(timeline: &str) -> String {
    let timeline = timeline.trim_end_matches('\n');
    format!("{TIMELINE_BEGIN}\n{timeline}\n{TIMELINE_END}\n")
}

/// A parsed review file.
#[derive(Debug, Clone)]
pub struct ReviewFile {
    pub review: Review,
    document: Document,
}

/// A `## heading` of the body and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    /// The heading's line in the file.
    pub line: usize,
    pub text: String,
}

impl ReviewFile {
    /// A review that has no file yet.
    pub fn new(review: Review, body: String) -> ReviewFile {
        ReviewFile { review, document: Document::with_body(body) }
    }

    /// Reads a review from a file's text. Line numbers in errors are the file's.
    pub fn parse(text: &str) -> Result<ReviewFile, SyntaxError> {
        ReviewFile::parse_with(text, &Limits::DEFAULT)
    }

    /// [`ReviewFile::parse`] with other size and nesting limits.
    pub fn parse_with(text: &str, limits: &Limits) -> Result<ReviewFile, SyntaxError> {
        let document = Document::parse_with(text, limits)?;
        let review: Review = document.decode()?;
        Ok(ReviewFile { review, document })
    }

    /// The file text: esc's keys in their order, every other key, comment and the body
    /// as they were.
    ///
    /// The text is read again before it is returned: a text that would not read back as this
    /// review with this body is an error, never a file.
    pub fn render(&self) -> Result<String, SyntaxError> {
        self.document.render_verified(&self.review, REVIEW_KEYS, "review")
    }

    pub fn body(&self) -> &str {
        self.document.body()
    }

    /// The file's front matter and body as read (for merging).
    pub(crate) fn document(&self) -> &Document {
        &self.document
    }

    /// A review written into an existing document (unknown keys and body kept).
    pub(crate) fn from_parts(review: Review, document: Document) -> ReviewFile {
        ReviewFile { review, document }
    }

    /// The line of a front-matter key, for messages.
    pub fn line_of(&self, key: &str) -> usize {
        self.document.line_of(key).unwrap_or(1)
    }

    /// The body's `## ` sections, in order (text before the first one is not a section).
    pub fn sections(&self) -> Vec<Section> {
        let first_line = self.document.body_line();
        let mut sections: Vec<Section> = Vec::new();
        let mut in_fence = false;
        for (offset, line) in self.body().lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            match line.strip_prefix("## ") {
                Some(heading) if !in_fence => sections.push(Section {
                    heading: heading.trim().to_string(),
                    line: first_line + offset,
                    text: String::new(),
                }),
                _ => {
                    if let Some(section) = sections.last_mut() {
                        section.text.push_str(line);
                        section.text.push('\n');
                    }
                }
            }
        }
        sections
    }

    /// Writes `text` under the `## heading` section (found ignoring case), in place of what
    /// was there; the other sections and the timeline stay as they are. Whether it changed
    /// anything; `Err` with the headings there are when there is no such section.
    pub fn set_section(&mut self, heading: &str, text: &str) -> Result<bool, Vec<String>> {
        let body = self.body().to_string();
        let mut lines: Vec<&str> = body.split_inclusive('\n').collect();
        let mut in_fence = false;
        let mut headings = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            }
            if !in_fence && let Some(name) = line.strip_prefix("## ") {
                headings.push((i, name.trim().to_string()));
            }
        }
        let Some(at) = headings.iter().position(|(_, name)| name.eq_ignore_ascii_case(heading.trim())) else {
            return Err(headings.into_iter().map(|(_, name)| name).collect());
        };
        let start = headings[at].0 + 1;
        let end = headings.get(at + 1).map_or(lines.len(), |(i, _)| *i);
        let last = headings.get(at + 1).is_none();
        let written = format!("\n{}\n{}", text.trim_end(), if last { "" } else { "\n" });
        lines.splice(start..end, [written.as_str()]);
        let fresh: String = lines.concat();
        let changed = fresh != body;
        self.document.set_body(fresh);
        Ok(changed)
    }

    /// Replaces what lies between the timeline markers with `timeline`. `None` when the
    /// markers are gone (the user's text is then left alone).
    pub fn refresh_timeline(&mut self, timeline: &str) -> Option<bool> {
        let body = self.body();
        // Whole lines only, so text that quotes a marker cannot move the block.
        let begin = line_offset(body, TIMELINE_BEGIN, 0)?;
        let end_line = line_offset(body, TIMELINE_END, begin)?;
        let end = end_line + TIMELINE_END.len();
        let end = if body[end..].starts_with('\n') { end + 1 } else { end };
        let fresh = format!("{}{}{}", &body[..begin], timeline_block(timeline), &body[end..]);
        let changed = fresh != body;
        self.document.set_body(fresh);
        Some(changed)
    }
}

/// The byte offset of the first line at or after `from` that is exactly `line`.
fn line_offset(text: &str, line: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for candidate in text[from..].split_inclusive('\n') {
        if candidate.trim_end_matches(['\n', '\r']) == line && (offset == 0 || text.as_bytes()[offset - 1] == b'\n') {
            return Some(offset);
        }
        offset += candidate.len();
    }
    None
}

/// Whether a section says anything: what is left after dropping comments, headings, the
/// generated block and the lines a new review puts there.
pub fn is_filled(section: &Section) -> bool {
    let template = SECTIONS
        .iter()
        .find(|(heading, _)| heading.eq_ignore_ascii_case(&section.heading))
        .map_or("", |(_, text)| *text);
    let placeholders: Vec<&str> = template.lines().map(str::trim).collect();
    meaningful_lines(&section.text).any(|line| !placeholders.contains(&line))
}

/// The first paragraph a person wrote in a section, on one line (comments, headings and the
/// generated block left out), for listings.
pub fn first_paragraph(section: &Section) -> Option<String> {
    section.text.split("\n\n").find_map(|paragraph| {
        let lines: Vec<&str> =
            meaningful_lines(paragraph).map(|line| line.trim_start_matches(['-', '*', ' '])).collect();
        (!lines.is_empty()).then(|| lines.join(" "))
    })
}

fn meaningful_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut in_comment = false;
    let mut in_generated = false;
    text.lines().map(str::trim).filter(move |line| {
        if *line == TIMELINE_BEGIN {
            in_generated = true;
        }
        if in_generated {
            in_generated = *line != TIMELINE_END;
            return false;
        }
        let mut rest = *line;
        let mut kept = String::new();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(i) => {
                        in_comment = false;
                        rest = &rest[i + 3..];
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        kept.push_str(&rest[..i]);
                        in_comment = true;
                        rest = &rest[i + 4..];
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        let kept = kept.trim();
        !kept.is_empty() && !kept.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::ReviewStatus;

    fn review() -> Review {
        Review {
            ticket: "ESC-1".into(),
            title: "Checkout down".into(),
            severity: Some("sev1".into()),
            priority: Some("P1".into()),
            owner: None,
            reviewers: vec![],
            status: ReviewStatus::Draft,
            created: crate::clock::parse_timestamp("2026-11-25T10:00:00Z").unwrap(),
            due: None,
            published: None,
            action_items: vec![],
            overridden: None,
        }
    }

    fn file(body: &str) -> ReviewFile {
        let text = ReviewFile::new(review(), body.to_string()).render().unwrap();
        ReviewFile::parse(&text).unwrap()
    }

    #[test]
    fn a_new_review_has_every_section_and_none_is_filled() {
        let file = file(&new_body("ESC-1", "Checkout down", "| a | b |"));
        let headings: Vec<String> = file.sections().iter().map(|s| s.heading.clone()).collect();
        let expected: Vec<&str> = SECTIONS.iter().map(|(h, _)| *h).collect();
        assert_eq!(headings, expected);
        assert!(file.sections().iter().all(|s| !is_filled(s)), "{:?}", file.sections());
    }

    #[test]
    fn text_outside_comments_fills_a_section() {
        let body = new_body("ESC-1", "Checkout down", "x")
            .replace("1. Why? Because …", "1. Why did checkout fail? Because the card API timed out.");
        let file = file(&body);
        let contributing = file.sections().into_iter().find(|s| s.heading == "Contributing factors").unwrap();
        assert!(is_filled(&contributing));
    }

    #[test]
    fn refreshing_the_timeline_keeps_everything_else() {
        let body = new_body("ESC-1", "Checkout down", "old").replace("## Impact\n", "## Impact\n\nAll EU shops.\n");
        let mut file = file(&body);
        assert_eq!(file.refresh_timeline("old"), Some(false));
        assert_eq!(file.refresh_timeline("new\nlines"), Some(true));
        assert_eq!(
            file.body(),
            body.replace(&format!("{TIMELINE_BEGIN}\nold\n"), &format!("{TIMELINE_BEGIN}\nnew\nlines\n"))
        );
        let mut gone = self::file("## Summary\n\nno markers\n");
        assert_eq!(gone.refresh_timeline("x"), None);
        assert_eq!(gone.body(), "## Summary\n\nno markers\n");
    }
}
