//! A ticket file: the [`Ticket`] read from its front matter, plus everything else in the file
//! (unknown keys, comments, the Markdown body), kept so that a rewrite changes only what esc
//! changed.

use std::sync::OnceLock;

use crate::frontmatter::{Document, Limits, SyntaxError};
use crate::ticket::{TICKET_KEYS, Ticket};

/// A parsed ticket file.
#[derive(Debug, Clone)]
pub struct TicketFile {
    pub ticket: Ticket,
    /// Set at once when the file is parsed; for a ticket from the read cache, cut from
    /// `source` the first time something asks for it (most readers only want the ticket).
    document: OnceLock<Document>,
    source: Option<Box<Source>>,
}

/// The text a cached ticket was parsed from, kept to rebuild its [`Document`] on demand.
#[derive(Debug, Clone)]
struct Source {
    text: String,
    /// Where the body starts in the text.
    body_start: usize,
    limits: Limits,
}

impl TicketFile {
    /// A ticket that has no file yet.
    pub fn new(ticket: Ticket, body: &str) -> TicketFile {
        let body = if body.is_empty() || body.ends_with('\n') { body.to_string() } else { format!("{body}\n") };
        TicketFile::from_parts(ticket, Document::with_body(body))
    }

    /// A ticket the read cache kept: `text` is what it was parsed from (with `limits`), its
    /// body starting `body_start` bytes in; `None` when no character starts there.
    pub(crate) fn cached(ticket: Ticket, text: String, body_start: usize, limits: Limits) -> Option<TicketFile> {
        text.is_char_boundary(body_start).then(|| TicketFile {
            ticket,
            document: OnceLock::new(),
            source: Some(Box::new(Source { text, body_start, limits })),
        })
    }

    /// Reads a ticket from a file's text. Line numbers in errors are the file's.
    pub fn parse(text: &str) -> Result<TicketFile, SyntaxError> {
        TicketFile::parse_with(text, &Limits::DEFAULT)
    }

    /// [`TicketFile::parse`] with other size and nesting limits.
    pub fn parse_with(text: &str, limits: &Limits) -> Result<TicketFile, SyntaxError> {
        let document = Document::parse_with(text, limits)?;
        let ticket: Ticket = document.decode()?;
        Ok(TicketFile::from_parts(ticket, document))
    }

    /// The file text: esc's keys in their stable order, the rest as it was.
    ///
    /// Fails only for front matter whose layout cannot be edited in place (the error names
    /// the line).
    ///
    /// The text is read again before it is returned: a text that would not read back as this
    /// ticket with this body is an error, never a file.
    pub fn render(&self) -> Result<String, SyntaxError> {
        self.document().render_verified(&self.ticket, TICKET_KEYS, "ticket")
    }

    /// The Markdown body, exactly as in the file.
    pub fn body(&self) -> &str {
        match (&self.source, self.document.get()) {
            (Some(source), None) => &source.text[source.body_start..],
            _ => self.document().body(),
        }
    }

    /// Replaces the Markdown body; the front matter is untouched.
    pub fn set_body(&mut self, body: &str) {
        self.document();
        self.source = None;
        if let Some(document) = self.document.get_mut() {
            document.set_body(body.to_string());
        }
    }

    /// The file's front matter and body as read (for merging).
    pub(crate) fn document(&self) -> &Document {
        self.document.get_or_init(|| {
            // The text parsed when it was cached, with these limits; a cache damaged in a way
            // its checksums missed at worst loses the unknown keys of this in-memory copy.
            let source = self.source.as_ref().expect("a ticket without a document has its source");
            Document::parse_with(&source.text, &source.limits).unwrap_or_default()
        })
    }

    /// A ticket written into an existing document (unknown keys and body kept).
    pub(crate) fn from_parts(ticket: Ticket, document: Document) -> TicketFile {
        TicketFile { ticket, document: OnceLock::from(document), source: None }
    }

    /// The line of a front-matter key, for messages.
    pub fn line_of(&self, key: &str) -> usize {
        self.document().line_of(key).unwrap_or(1)
    }

    /// The text of a front-matter key's block as in the file, and its first line.
    pub fn raw_block(&self, key: &str) -> Option<(usize, &str)> {
        self.document().raw_block(key)
    }

    /// The file line where the body starts.
    pub fn body_line(&self) -> usize {
        self.document().body_line()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::clock::parse_timestamp;
    use crate::ticket::{Event, Field, FieldValue, Status, TicketId};

    fn text_strategy() -> impl Strategy<Value = String> {
        // Printable text including YAML-significant characters and non-ASCII.
        "[ -~éü€#:'\"\\-]{1,40}"
    }

    prop_compose! {
        fn ticket_strategy()(
            bits in 0u64..(1 << 40),
            title in text_strategy(),
            severity in proptest::option::of(prop_oneof!["sev1", "sev2", "sev3", "sev4"]),
            customer in proptest::option::of(text_strategy()),
            labels in proptest::collection::vec("[a-z][a-z0-9-]{0,10}", 0..4),
            messages in proptest::collection::vec(proptest::option::of(text_strategy()), 1..5),
            seconds in 1_700_000_000i64..1_900_000_000,
        ) -> Ticket {
            let at = parse_timestamp("2026-01-01T00:00:00Z").unwrap() + chrono::Duration::seconds(seconds - 1_700_000_000);
            let history = messages.into_iter().enumerate().map(|(i, message)| {
                let mut event = Event::new(at + chrono::Duration::minutes(i as i64), "Ana Lima <ana@example.com>", if i == 0 { "open" } else { "update" });
                event.message = message;
                if i == 0 { event.with(Field::Status, FieldValue::Text("new".into())) } else { event }
            }).collect();
            Ticket {
                id: TicketId::from_random_bits("ESC", bits),
                title, status: Status::New, kind: None, category: None, severity,
                impact: None, urgency: None, priority: None, level: "L1".into(), team: None,
                assignee: None, vendor: None, vendor_ref: None, waiting_on: None, reporter: None, customer,
                labels, links: vec![], created: at, resolution: None, root_cause: None,
                resolution_code: None, history,
            }
        }
    }

    proptest! {
        #[test]
        fn files_esc_writes_round_trip(ticket in ticket_strategy(), body in "[ -~\n]{0,200}") {
            let text = TicketFile::new(ticket.clone(), &body).render().unwrap();
            let parsed = TicketFile::parse(&text).unwrap();
            prop_assert_eq!(&parsed.ticket, &ticket);
            // The read cache keeps tickets as JSON: they must come back equal.
            let json = serde_json::to_string(&ticket).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Ticket>(&json).unwrap(), &ticket);
            prop_assert_eq!(parsed.render().unwrap(), text);
        }

        #[test]
        fn unknown_keys_and_body_survive_changes(ticket in ticket_strategy(), body in "[ -~\n]{0,200}", extra in text_strategy()) {
            let text = TicketFile::new(ticket, &body).render().unwrap();
            let custom = format!("x-custom:   {:?}   # kept\n", extra);
            let text = text.replacen("title:", &format!("{custom}title:"), 1);
            let mut file = TicketFile::parse(&text).unwrap();
            file.ticket.severity = Some("sev1".into());
            file.ticket.labels.push("added".into());
            let out = file.render().unwrap();
            prop_assert!(out.contains(&custom));
            let tail = format!("---\n{}", file.body());
            prop_assert!(out.ends_with(&tail));
            prop_assert_eq!(TicketFile::parse(&out).unwrap().ticket, file.ticket);
        }
    }
}
