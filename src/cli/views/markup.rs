//! Escaping text for the markup esc writes: JUnit XML and the HTML report.

/// `text` with the five markup characters as entities (`&#39;` for the apostrophe, which
/// HTML and XML both read), and every other character as `other` writes it: the caller
/// decides what becomes of line breaks and of characters XML forbids.
pub fn escape_markup(text: &str, other: impl Fn(char, &mut String)) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => other(c, &mut out),
        }
    }
    out
}
