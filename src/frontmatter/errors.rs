//! Errors from the YAML parser as esc reports them: a line and a message that quotes no
//! value from the file.

use serde::de::DeserializeOwned;

use super::limits::Limits;

/// A YAML or layout problem, with the 1-based line of the file it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

impl SyntaxError {
    /// A problem at `line` of the file.
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        SyntaxError { line, message: message.into() }
    }
}

/// Parses a whole YAML document (such as the config) into `T`, with line numbers on errors.
pub fn parse_yaml<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    parse_yaml_with(text, &Limits::DEFAULT)
}

/// [`parse_yaml`] with other [`Limits`].
pub fn parse_yaml_with<T: DeserializeOwned>(text: &str, limits: &Limits) -> Result<T, SyntaxError> {
    limits.check(text, 0)?;
    serde_yaml::from_str(text).map_err(|e| yaml_error(&e, text, 0))
}

/// The project's error for one of serde_yaml's about `source` (whose first line is file
/// line `line_offset + 1`).
pub(super) fn yaml_error(error: &serde_yaml::Error, source: &str, line_offset: usize) -> SyntaxError {
    let raw = error.to_string();
    let line = construct_line(&raw).or_else(|| error.location().map(|l| l.line())).unwrap_or(1);
    // serde_yaml appends " at line L column C" to its messages; the caller prints the line.
    SyntaxError::new(line + line_offset, without_values(&without_location(&raw), source))
}

/// What the parser was reading when it failed, when the fix belongs where that began: a
/// quote never closed is found only at the end of the front matter, an unclosed `[` or `{`
/// at the next key.
const CONSTRUCTS_TO_BLAME: &[&str] = &[
    "while scanning a quoted scalar at line ",
    "while parsing a flow sequence at line ",
    "while parsing a flow mapping at line ",
];

/// The line (of the YAML given to the parser) where an unfinished construct began, from
/// the `, while … at line L column C` libyaml adds to its message.
fn construct_line(message: &str) -> Option<usize> {
    CONSTRUCTS_TO_BLAME.iter().find_map(|construct| {
        let rest = &message[message.find(construct)? + construct.len()..];
        rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())].parse().ok()
    })
}

/// How to fix a YAML problem, by what the message (one of this module's) says.
pub fn syntax_hint(message: &str) -> Option<&'static str> {
    const HINTS: &[(&str, &str)] = &[
        ("quoted scalar", "close the quote that starts on this line (inside '…' a ' is written '')"),
        ("tab character", "indent with spaces: YAML does not allow tabs in indentation"),
        ("given twice", "keep one of the two, or rename one"),
        ("flow sequence", "close the '[' that starts on this line with a ']'"),
        ("flow mapping", "close the '{' that starts on this line with a '}'"),
        (
            "mapping values are not allowed",
            "indent this line like the keys around it, or put the value in quotes if it holds ': '",
        ),
        (
            "did not find expected key",
            "every front-matter line is `key: value`, a list item `- …`, or indented under the key above it",
        ),
        ("while scanning", "the front matter is YAML between the two '---' lines; see docs/format.md"),
        ("while parsing", "the front matter is YAML between the two '---' lines; see docs/format.md"),
    ];
    HINTS.iter().find(|(found, _)| message.contains(found)).map(|(_, hint)| *hint)
}

/// serde_yaml's message without the values it quotes from the file (a value may be a secret
/// and the message ends up in terminals, CI logs and bug reports): `invalid type: string
/// "tok-…", expected a map` becomes `invalid type: a string, expected a map`. What comes
/// after `, expected ` is the schema's and is kept; every other quoted text is replaced by
/// `…`, except short punctuation such as the parser's `':'`, the name of an unknown key
/// (a name, not a value), and plain text that is not in `source` (an example the message
/// gives, like `'4 business hours'`).
pub(super) fn without_values(message: &str, source: &str) -> String {
    const KINDS: &[(&str, &str)] = &[
        ("string \"", "a string"),
        ("integer `", "an integer"),
        ("floating point `", "a number"),
        ("boolean `", "a boolean"),
        ("character `", "a character"),
    ];
    const EXPECTED: &str = ", expected ";
    // Messages that name a value without quotes.
    for (start, replacement) in [
        ("duplicate entry with key", "duplicate entry: a key is given twice"),
        ("duplicate entry in YAML map", "duplicate entry: a key is given twice"),
        ("duplicate field", "duplicate field: a key is given twice"),
        ("deserializing nested enum in", "deserializing a nested enum from YAML is not supported"),
    ] {
        if let Some(at) = message.find(start) {
            return format!("{}{replacement}", without_values(&message[..at], source));
        }
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut quoted_before = false;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with(EXPECTED) || rest.starts_with("missing field `") {
            out.push_str(rest);
            break;
        }
        if let Some((prefix, kind)) = KINDS.iter().find(|(prefix, _)| rest.starts_with(prefix)) {
            let quote = prefix.chars().last().expect("a quote");
            out.push_str(kind);
            rest = after_quoted(&rest[prefix.len()..], quote);
            continue;
        }
        if matches!(c, '"' | '\'' | '`') {
            let after = if c == '\'' { after_value_quote(&rest[1..]) } else { after_quoted(&rest[1..], c) };
            let inner = rest[1..rest.len() - after.len()].trim_end_matches(c);
            let plain = !inner.is_empty() && inner.chars().all(|c| c.is_ascii_graphic() || c == ' ');
            let punctuation = inner.chars().count() <= 3 && inner.chars().all(|c| c.is_ascii_punctuation());
            let key = out.ends_with("unknown field ") && inner.len() <= 40 && !inner.contains(' ');
            // An example the message gives comes after the value and is not in the file (the
            // file's text compared with its whitespace folded, as YAML folds it).
            let folded = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            let example = quoted_before && !folded(source).contains(&folded(inner));
            if plain && (punctuation || key || example) {
                out.push_str(&rest[..rest.len() - after.len()]);
            } else {
                out.push(c);
                out.push('…');
                out.push(c);
            }
            quoted_before = true;
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// What follows the closing quote of esc's own `'{value}' is not …` messages, whose value
/// may hold quotes itself: the last `'` that is followed by the message's verb.
fn after_value_quote(text: &str) -> &str {
    let closing =
        ["' is ", "' ends ", "' needs ", "' overlaps ", "' matches "].iter().filter_map(|verb| text.rfind(verb)).max();
    match closing {
        Some(at) => &text[at + 1..],
        None => after_quoted(text, '\''),
    }
}

/// What follows the closing `quote` of a quoted text whose opening quote was just before
/// `text` (a `\` escapes the next character inside `"…"`); nothing when it is never closed.
fn after_quoted(text: &str, quote: char) -> &str {
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            return &text[i + c.len_utf8()..];
        }
    }
    ""
}

/// Drops serde_yaml's " at line L column C" (its lines count from the YAML, not the file).
fn without_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else { return message.to_string() };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut end = start + " at line ".len() + digits(rest);
    if let Some(column) = message[end..].strip_prefix(" column ") {
        end += " column ".len() + digits(column);
    }
    without_location(&format!("{}{}", &message[..start], &message[end..]))
}
