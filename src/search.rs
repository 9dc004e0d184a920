//! Full-text search: ranks documents (tickets, reviews) against a query. Pure.
//!
//! A document is a list of weighted fields (title, resolution, root cause, body sections).
//! Documents matching more of the query's words rank first, then by the weighted count of
//! matches, so "webhook twice" finds the ticket that mentions both before one that only says
//! "webhook" many times.

/// Occurrences of a word counted per line, at most: a line repeating a word is not more
/// relevant for each repetition.
const MAX_PER_LINE: usize = 3;
/// How many matching lines a hit shows.
const SHOWN_LINES: usize = 3;

/// One searchable part of a document.
#[derive(Debug, Clone)]
pub struct Field {
    /// What it is: `title`, `resolution`, or a body section's heading.
    pub name: String,
    pub weight: u32,
    pub text: String,
    /// The file line of its first line.
    pub first_line: usize,
}

/// A line that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineMatch {
    pub field: String,
    pub line: usize,
    pub text: String,
}

/// How well a document matched.
#[derive(Debug, Clone)]
pub struct Score {
    /// Distinct query words found.
    pub words_matched: usize,
    pub points: u32,
    /// The best lines, most query words first.
    pub lines: Vec<LineMatch>,
}

/// The query's words, lower-case, without repeats.
pub fn words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// Splits a Markdown body into fields at its headings; sections whose heading names one of
/// `strong` (case-insensitive) weigh `strong_weight`.
pub fn markdown_fields(body: &str, first_line: usize, strong: &[&str], strong_weight: u32) -> Vec<Field> {
    let mut fields = vec![Field { name: "body".into(), weight: 1, text: String::new(), first_line }];
    for (i, line) in body.lines().enumerate() {
        if let Some(heading) = line.strip_prefix('#').map(|h| h.trim_start_matches('#').trim()) {
            let lower = heading.to_lowercase();
            let weight = if strong.iter().any(|s| lower.contains(s)) { strong_weight } else { 1 };
            fields.push(Field { name: lower, weight, text: String::new(), first_line: first_line + i });
        }
        let field = fields.last_mut().expect("one field at least");
        field.text.push_str(line);
        field.text.push('\n');
    }
    fields.retain(|f| !f.text.trim().is_empty());
    fields
}

/// How `fields` match `words`; `None` when no word occurs at all.
pub fn score(fields: &[Field], words: &[String]) -> Option<Score> {
    let mut found = vec![false; words.len()];
    let mut points = 0;
    let mut lines: Vec<(usize, u32, LineMatch)> = Vec::new();
    for field in fields {
        for (i, line) in field.text.lines().enumerate() {
            let lower = line.to_lowercase();
            let mut in_line = 0;
            for (w, word) in words.iter().enumerate() {
                let count = lower.matches(word.as_str()).count().min(MAX_PER_LINE);
                if count > 0 {
                    found[w] = true;
                    in_line += 1;
                    points += field.weight * count as u32;
                }
            }
            if in_line > 0 {
                let text = line.trim().to_string();
                let matched = LineMatch { field: field.name.clone(), line: field.first_line + i, text };
                lines.push((in_line, field.weight, matched));
            }
        }
    }
    let words_matched = found.iter().filter(|f| **f).count();
    if words_matched == 0 {
        return None;
    }
    lines.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.line.cmp(&b.2.line)));
    // The same words twice (a title and the history entry that set it) show once.
    let mut shown: Vec<LineMatch> = Vec::new();
    for (_, _, line) in lines {
        if shown.len() < SHOWN_LINES
            && !shown.iter().any(|s| s.text.ends_with(&line.text) || line.text.ends_with(&s.text))
        {
            shown.push(line);
        }
    }
    let lines = shown;
    Some(Score { words_matched, points, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, weight: u32, text: &str) -> Field {
        Field { name: name.into(), weight, text: text.into(), first_line: 10 }
    }

    #[test]
    fn more_words_beat_more_repetitions() {
        let query = words("Webhook delivered TWICE");
        assert_eq!(query, ["webhook", "delivered", "twice"]);
        let both = score(&[field("title", 5, "Webhook delivered twice")], &query).unwrap();
        let one = score(&[field("body", 1, "webhook webhook webhook\nwebhook")], &query).unwrap();
        assert_eq!((both.words_matched, one.words_matched), (3, 1));
        assert_eq!(
            both.lines[0],
            LineMatch { field: "title".into(), line: 10, text: "Webhook delivered twice".into() }
        );
        assert!(score(&[field("body", 1, "nothing here")], &query).is_none());
    }

    #[test]
    fn markdown_sections_become_weighted_fields_with_their_lines() {
        let body = "Intro line\n\n## Lessons learned\nRotate secrets before expiry\n## Timeline\n- 09:00 open\n";
        let fields = markdown_fields(body, 20, &["lesson"], 3);
        let names: Vec<(&str, u32, usize)> = fields.iter().map(|f| (f.name.as_str(), f.weight, f.first_line)).collect();
        assert_eq!(names, [("body", 1, 20), ("lessons learned", 3, 22), ("timeline", 1, 24)]);
        let hit = score(&fields, &words("secrets")).unwrap();
        assert_eq!((hit.points, hit.lines[0].line), (3, 23));
    }
}
