//! The frame every report page shares: HTML escaping, the document, its inline style sheet
//! and the footer that makes two runs on one commit comparable byte for byte.
//!
//! Pages are XHTML-compatible HTML5 (every element closed, only XML's own entities), so a
//! test can parse them as XML; nothing is fetched and no script runs.

use std::fmt::Write as _;

use crate::cli::views::markup::escape_markup;

/// `text` safe in HTML text and in quoted attribute values: the five markup characters
/// become entities, and characters XML forbids (control characters other than tab and line
/// breaks) become U+FFFD, so a hostile ticket title can neither add markup nor break a page.
pub fn escape(text: &str) -> String {
    escape_markup(text, |c, out| match c {
        '\t' | '\n' | '\r' => out.push(c),
        c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
        c => out.push(c),
    })
}

/// What the footer of every page names.
pub struct Footer<'a> {
    pub now: &'a str,
    pub since: &'a str,
    pub until: &'a str,
    pub commit: Option<&'a str>,
    pub version: &'a str,
}

/// A whole page: `body` is already HTML; `title` is text.
pub fn document(title: &str, body: &str, footer: &Footer) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    out.push_str(body);
    let commit = footer.commit.map_or_else(|| "no commit yet".to_string(), |c| format!("commit {}", escape(c)));
    let _ = writeln!(
        out,
        "<footer><p>Made by esc {} for the instant {}, over the period {} to {}, from {commit}.</p></footer>",
        escape(footer.version),
        escape(footer.now),
        escape(footer.since),
        escape(footer.until),
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// Plain, printable, legible in greyscale: the charts carry their own patterns.
const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1a1a1a;
  background: #fff; margin: 0 auto; max-width: 1200px; padding: 1rem 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #333; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.grid { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.grid > * { flex: 1 1 300px; }
.grid > figure { flex-basis: 520px; }
figure { margin: 0.5rem 0 1.5rem; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; }
svg.chart text { fill: #1a1a1a; }
.state-breached, .state-missed, .overdue { font-weight: 700; }
.state-breached::before, .state-missed::before, .overdue::before { content: '\\26A0\\FE0E  '; }
.none { color: #555; font-style: italic; }
footer { margin-top: 3rem; border-top: 1px solid #999; color: #444; font-size: 0.85rem; }
a { color: #0645ad; }
a.ticket, time { white-space: nowrap; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_defuses_markup_and_attribute_breakouts() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("\"onmouseover=alert(1)"), "&quot;onmouseover=alert(1)");
        assert_eq!(escape("it's A&B"), "it&#39;s A&amp;B");
        assert_eq!(escape("bell\u{7} ok\tline\n"), "bell\u{FFFD} ok\tline\n");
        assert_eq!(escape("L1→L2 café"), "L1→L2 café");
    }
}
