//! `esc report`: the static HTML report, rendered from [`ReportData`]: `index.html` and one
//! page per ticket under `tickets/`. No templates: each page is a few functions writing
//! escaped text, so what reaches the HTML is visible in one place.

mod index;
mod page;
mod svg;
mod ticket;

use esc::clock::format_timestamp;
use esc::ops::report::ReportData;

pub use page::escape;
use page::{Footer, document};

/// The folder the ticket pages are in, inside the report's folder.
pub const TICKETS: &str = "tickets";

/// Every file of the report: its path inside the report's folder, and its contents.
pub fn render(data: &ReportData, version: &str) -> Vec<(String, String)> {
    let period = &data.stats.report.period;
    let (now, since, until) =
        (format_timestamp(&data.now), format_timestamp(&period.since), format_timestamp(&period.until));
    let footer = Footer { now: &now, since: &since, until: &until, commit: data.commit.as_deref(), version };
    use rayon::prelude::*;
    let mut files = vec![("index.html".to_string(), document("Escalation report", &index::index_body(data), &footer))];
    // Thousands of pages at a large repository: rendered on every core, in id order.
    files.par_extend(data.tickets.par_iter().filter_map(|page| {
        let name = page_name(&page.id)?;
        let title = format!("{} {}", page.id, page.title);
        Some((format!("{TICKETS}/{name}"), document(&title, &ticket::ticket_body(page), &footer)))
    }));
    files
}

/// `ESC-8XNF39Z6.html`; `None` for an id that is not a plain file name (esc's ids always
/// are; a hand-written one must not lead a page out of the folder).
fn page_name(id: &str) -> Option<String> {
    let plain = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    plain.then(|| format!("{id}.html"))
}

/// A link from `index.html` to a ticket's page, or the bare id when it has none (a ticket
/// that could not be read): every link the report holds leads to a page it wrote.
fn ticket_link(data: &ReportData, id: &str) -> String {
    let has_page = data.tickets.binary_search_by(|page| page.id.as_str().cmp(id)).is_ok();
    match page_name(id).filter(|_| has_page) {
        Some(name) => format!("<a class=\"ticket\" href=\"{TICKETS}/{name}\">{}</a>", escape(id)),
        None => escape(id),
    }
}
