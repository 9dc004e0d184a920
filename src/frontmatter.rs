//! Split and join `---` YAML front matter and a Markdown body.
//!
//! This is the only module that names the YAML crate, so switching to a maintained fork is a
//! one-file change.
//!
//! Byte-for-byte preservation works by keeping the front matter as a list of top-level key
//! blocks (the key line, its indented continuation lines, and the comments above it). When
//! esc writes a document back, a block whose value did not change keeps its original text, a
//! list that only grew gets the new items appended in the original indentation, and keys esc
//! does not own are never touched. Only the values esc changed are re-rendered.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

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
    serde_yaml::from_str(text).map_err(|e| yaml_error(&e, 0))
}

fn yaml_error(error: &serde_yaml::Error, line_offset: usize) -> SyntaxError {
    let line = error.location().map_or(1, |l| l.line());
    // serde_yaml appends " at line L column C" to its messages; the caller prints the line.
    SyntaxError::new(line + line_offset, without_location(&error.to_string()))
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

/// A file of front matter and body, remembering the original text of every key.
#[derive(Debug, Clone, Default)]
pub struct Document {
    blocks: Vec<Block>,
    /// Comments and blank lines after the last key.
    trailer: String,
    body: String,
}

#[derive(Debug, Clone)]
struct Block {
    /// Comment and blank lines above the key, kept with it.
    leading: String,
    key: String,
    /// The key line and its continuation lines, each ending in a newline.
    text: String,
    /// The file line of the key, for errors.
    line: usize,
}

impl Block {
    /// The block's value, parsed on demand (only writes need it).
    fn value(&self) -> Result<Value, SyntaxError> {
        let map: Mapping = serde_yaml::from_str(&self.text).map_err(|e| yaml_error(&e, self.line - 1))?;
        let mut entries = map.into_iter();
        match (entries.next(), entries.next()) {
            (Some((_, value)), None) => Ok(value),
            _ => Err(SyntaxError::new(
                self.line,
                "unsupported front matter layout: write one top-level key per line (block style)",
            )),
        }
    }
}

const DELIMITER: &str = "---";

impl Document {
    /// Splits `text` into front matter and body and checks the YAML.
    ///
    /// Only the layout is checked here; the YAML is parsed by [`Document::decode`], once, so
    /// reading many tickets costs one YAML parse each.
    pub fn parse(text: &str) -> Result<Document, SyntaxError> {
        let (front, body) = split(text)?;
        let (blocks, trailer) = segment(front)?;
        Ok(Document { blocks, trailer, body: body.to_string() })
    }

    /// A document with no front matter yet, and the given body.
    pub fn with_body(body: impl Into<String>) -> Document {
        Document { body: body.into(), ..Document::default() }
    }

    /// The Markdown after the front matter, exactly as in the file.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// Replaces the body; the front matter is untouched.
    pub fn set_body(&mut self, body: String) {
        self.body = body;
    }

    /// The keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().map(|b| b.key.as_str())
    }

    /// The 1-based file line of `key`, for error messages.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let mut line = 2; // the opening `---` is line 1
        for block in &self.blocks {
            line += block.leading.lines().count();
            if block.key == key {
                return Some(line);
            }
            line += block.text.lines().count();
        }
        None
    }

    /// The text of `key`'s block exactly as in the file, and the line it starts on.
    pub fn raw_block(&self, key: &str) -> Option<(usize, &str)> {
        let line = self.line_of(key)?;
        self.blocks.iter().find(|b| b.key == key).map(|b| (line, b.text.as_str()))
    }

    /// The 1-based file line where the body starts (after the closing `---`).
    pub fn body_line(&self) -> usize {
        let front: usize = self.blocks.iter().map(|b| b.leading.lines().count() + b.text.lines().count()).sum();
        2 + front + self.trailer.lines().count() + 1
    }

    /// Deserializes the front matter into `T` (keys `T` does not know are ignored).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, SyntaxError> {
        let front = self.front_text();
        serde_yaml::from_str(&front).map_err(|e| yaml_error(&e, 1))
    }

    fn front_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            out.push_str(&block.leading);
            out.push_str(&block.text);
        }
        out.push_str(&self.trailer);
        out
    }

    /// Merges three versions of the keys not in `owned` (esc's keys merge by meaning, not
    /// here): a key only one side changed, added or removed takes that side's text; a key
    /// both changed alike is kept; a key both changed differently keeps the smaller text (so
    /// the result does not depend on which side is "ours") and is returned as a conflict.
    /// The body, the trailer and the owned keys are `ours`'.
    pub fn merge_other_keys(
        base: &Document,
        ours: &Document,
        theirs: &Document,
        owned: &[&str],
    ) -> (Document, Vec<String>) {
        let text = |doc: &Document, key: &str| {
            doc.blocks.iter().find(|b| b.key == key).map(|b| format!("{}{}", b.leading, b.text))
        };
        let mut merged = ours.clone();
        let mut conflicts = Vec::new();
        let mut keys: Vec<&str> = ours.keys().collect();
        keys.extend(theirs.keys().filter(|k| !ours.blocks.iter().any(|b| b.key == *k)));
        for key in keys.into_iter().filter(|k| !owned.contains(k)) {
            let (b, o, t) = (text(base, key), text(ours, key), text(theirs, key));
            let wanted = if o == t || t == b {
                continue;
            } else if o == b {
                t
            } else {
                conflicts.push(key.to_string());
                o.min(t)
            };
            let position = merged.blocks.iter().position(|block| block.key == key);
            match (position, &wanted) {
                (Some(i), None) => {
                    merged.blocks.remove(i);
                }
                (_, Some(_)) => {
                    let from = if wanted_from(theirs, key, &wanted) { theirs } else { ours };
                    let block = from.blocks.iter().find(|b| b.key == key).expect("the key is there").clone();
                    match position {
                        Some(i) => merged.blocks[i] = block,
                        None => {
                            // After the key that comes before it on the side it came from.
                            let before = from.blocks.iter().take_while(|b| b.key != key).last().map(|b| b.key.clone());
                            let at = before
                                .and_then(|k| merged.blocks.iter().position(|b| b.key == k))
                                .map_or(merged.blocks.len(), |i| i + 1);
                            merged.blocks.insert(at, block);
                        }
                    }
                }
                (None, None) => {}
            }
        }
        (merged, conflicts)
    }

    /// Renders `value`'s keys into this document and returns the whole file text.
    ///
    /// Keys listed in `owned_keys` belong to esc: they are updated, added at their place in
    /// that order, or removed when `value` no longer has them. Every other key, the comments
    /// and the body are kept as they were.
    pub fn render<T: Serialize>(&self, value: &T, owned_keys: &[&str]) -> Result<String, SyntaxError> {
        let fresh = match serde_yaml::to_value(value).map_err(|e| SyntaxError::new(1, e.to_string()))? {
            Value::Mapping(map) => map,
            _ => return Err(SyntaxError::new(1, "front matter must serialize to a mapping")),
        };
        let mut out_blocks: Vec<(Option<usize>, String)> = Vec::new(); // (owned-key rank, text)
        let mut emitted: Vec<&str> = Vec::new();
        let rank = |key: &str| owned_keys.iter().position(|k| *k == key);

        for block in &self.blocks {
            match fresh.get(block.key.as_str()) {
                Some(new_value) => {
                    let text = updated_block_text(block, &block.value()?, new_value)?;
                    out_blocks.push((rank(&block.key), format!("{}{}", block.leading, text)));
                    emitted.push(&block.key);
                }
                // An owned key that is gone now: drop it, keep the comments above it.
                None if rank(&block.key).is_some() => out_blocks.push((None, block.leading.clone())),
                None => out_blocks.push((None, format!("{}{}", block.leading, block.text))),
            }
        }

        for (key, new_value) in &fresh {
            let Some(key) = key.as_str() else { continue };
            if emitted.contains(&key) {
                continue;
            }
            let key_rank = rank(key);
            let text = render_block(key, new_value)?;
            // After the last owned key that comes before it; first if there is none.
            let position = match key_rank {
                Some(r) => out_blocks.iter().rposition(|(other, _)| other.is_some_and(|o| o < r)).map_or(0, |i| i + 1),
                None => out_blocks.len(),
            };
            out_blocks.insert(position, (key_rank, text));
        }

        let mut out = String::with_capacity(self.body.len() + 1024);
        out.push_str(DELIMITER);
        out.push('\n');
        for (_, text) in &out_blocks {
            out.push_str(text);
        }
        out.push_str(&self.trailer);
        out.push_str(DELIMITER);
        out.push('\n');
        out.push_str(&self.body);
        Ok(out)
    }
}

/// Splits a file into its front-matter text and its body.
/// Whether `doc`'s block for `key` is the text `wanted`.
fn wanted_from(doc: &Document, key: &str, wanted: &Option<String>) -> bool {
    let found = doc.blocks.iter().find(|b| b.key == key).map(|b| format!("{}{}", b.leading, b.text));
    found == *wanted
}

fn split(text: &str) -> Result<(&str, &str), SyntaxError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != DELIMITER {
        return Err(SyntaxError::new(1, "a ticket file must start with a '---' line opening the YAML front matter"));
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        if line.trim_end() == DELIMITER {
            return Ok((&text[first_end..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(SyntaxError::new(1, "the front matter opened on line 1 is never closed by a '---' line"))
}

/// Cuts the front matter into top-level key blocks (no YAML parsing: see [`Block::value`]).
fn segment(front: &str) -> Result<(Vec<Block>, String), SyntaxError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut pending = String::new(); // blank and comment lines not yet placed
    for (index, line) in front.split_inclusive('\n').enumerate() {
        let line_number = index + 2;
        let trimmed = line.trim();
        if trimmed.is_empty() || line.starts_with('#') {
            pending.push_str(line);
        } else if !line.starts_with([' ', '\t', '-']) {
            blocks.push(Block {
                leading: std::mem::take(&mut pending),
                key: key_of_line(line),
                text: line.to_string(),
                line: line_number,
            });
        } else if let Some(block) = blocks.last_mut() {
            // Continuation: blank lines inside a block scalar belong to it.
            block.text.push_str(&std::mem::take(&mut pending));
            block.text.push_str(line);
        } else {
            return Err(SyntaxError::new(line_number, "the front matter must be a mapping of keys to values"));
        }
    }
    if let Some(block) = blocks.last_mut()
        && !block.text.ends_with('\n')
    {
        block.text.push('\n');
    }
    Ok((blocks, pending))
}

/// The key of a top-level `key: value` line, unquoted.
fn key_of_line(line: &str) -> String {
    let key = match line.find(": ").or_else(|| line.trim_end().strip_suffix(':').map(str::len)) {
        Some(end) => &line[..end],
        None => line.trim_end(),
    };
    key.trim().trim_matches(|c| c == '"' || c == '\'').to_string()
}

fn render_block(key: &str, value: &Value) -> Result<String, SyntaxError> {
    let mut map = Mapping::new();
    map.insert(Value::String(key.to_string()), value.clone());
    serde_yaml::to_string(&map).map_err(|e| SyntaxError::new(1, e.to_string()))
}

/// The text for `block` now that its value is `new_value`, changing as few bytes as possible.
fn updated_block_text(block: &Block, old_value: &Value, new_value: &Value) -> Result<String, SyntaxError> {
    if covers(old_value, new_value) {
        return Ok(block.text.clone());
    }
    if let (Value::Sequence(old), Value::Sequence(new)) = (old_value, new_value)
        && new.len() > old.len()
        && old.iter().zip(new).all(|(o, n)| covers(o, n))
        && let Some(indent) = item_indent(&block.text)
    {
        let added = render_block(&block.key, &Value::Sequence(new[old.len()..].to_vec()))?;
        let items = added.split_once('\n').map_or("", |(_, rest)| rest);
        let mut text = block.text.clone();
        for line in items.split_inclusive('\n') {
            text.push_str(&" ".repeat(indent));
            text.push_str(line);
        }
        return Ok(text);
    }
    render_block(&block.key, new_value)
}

/// The indentation of a block-style list's `- ` items, if the block holds one.
fn item_indent(text: &str) -> Option<usize> {
    text.lines().skip(1).find_map(|line| {
        let stripped = line.trim_start_matches(' ');
        (stripped.starts_with("- ") || stripped == "-").then(|| line.len() - stripped.len())
    })
}

/// Whether `old` already says everything `new` says. Mappings in `old` may carry extra keys
/// (written by a person or a newer esc); those are not a change.
fn covers(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Mapping(o), Value::Mapping(n)) => n.iter().all(|(k, nv)| o.get(k).is_some_and(|ov| covers(ov, nv))),
        (Value::Sequence(o), Value::Sequence(n)) => o.len() == n.len() && o.iter().zip(n).all(|(a, b)| covers(a, b)),
        _ => old == new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Serialize, Deserialize, PartialEq, Clone)]
    struct Small {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none", default)]
        severity: Option<String>,
        #[serde(default)]
        history: Vec<String>,
    }
    const KEYS: &[&str] = &["id", "severity", "history"];

    #[test]
    fn unchanged_values_keep_their_bytes() {
        let text = "---\nid:   X1   # mine\n# about severity\nseverity: 'sev3'\ncustom:\n  - {a: 1}\nhistory:\n  - one\n---\n\nBody *stays*.\n";
        let doc = Document::parse(text).unwrap();
        let value: Small = doc.decode().unwrap();
        assert_eq!(doc.render(&value, KEYS).unwrap(), text);
    }

    #[test]
    fn changes_touch_only_their_key_and_lists_grow_in_place() {
        let text = "---\nid: X1\nseverity: sev3\ncustom: [1, 2]   # keep me\nhistory:\n  - one\n---\nBody\n";
        let doc = Document::parse(text).unwrap();
        let mut value: Small = doc.decode().unwrap();
        value.severity = Some("sev1".into());
        value.history.push("two".into());
        let out = doc.render(&value, KEYS).unwrap();
        assert_eq!(
            out,
            "---\nid: X1\nseverity: sev1\ncustom: [1, 2]   # keep me\nhistory:\n  - one\n  - two\n---\nBody\n"
        );
    }

    #[test]
    fn new_owned_keys_go_to_their_place_and_removed_ones_vanish() {
        let text = "---\nid: X1\nzeta: 1\nhistory: []\n---\n";
        let doc = Document::parse(text).unwrap();
        let mut value: Small = doc.decode().unwrap();
        value.severity = Some("sev2".into());
        let out = doc.render(&value, KEYS).unwrap();
        assert_eq!(out, "---\nid: X1\nseverity: sev2\nzeta: 1\nhistory: []\n---\n");
        let doc = Document::parse(&out).unwrap();
        value.severity = None;
        assert_eq!(doc.render(&value, KEYS).unwrap(), text);
    }

    #[test]
    fn errors_carry_file_lines() {
        let err = Document::parse("---\nid: X1\nseverity: [unclosed\n---\n").unwrap().decode::<Small>().unwrap_err();
        assert!(err.line == 3 || err.line == 4, "{err:?}");
        assert!(!err.message.contains("at line"), "{err:?}");
        let err = Document::parse("no front matter\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = Document::parse("---\nid: X1\n").unwrap_err();
        assert!(err.message.contains("never closed"));
        let err = Document::parse("---\n- a\n---\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn block_scalars_with_blank_lines_stay_whole() {
        let text = "---\nid: X1\nnotes: |\n  first\n\n  second\n# trailing comment\n---\n";
        let doc = Document::parse(text).unwrap();
        assert_eq!(doc.keys().collect::<Vec<_>>(), ["id", "notes"]);
        let value: Small = doc.decode().unwrap();
        assert_eq!(
            doc.render(&value, KEYS).unwrap(),
            "---\nid: X1\nhistory: []\nnotes: |\n  first\n\n  second\n# trailing comment\n---\n"
        );
    }
}
