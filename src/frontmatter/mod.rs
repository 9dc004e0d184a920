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

mod emit;
mod errors;
mod limits;
mod yaml11;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// Any value as a YAML document (for showing data, such as the effective policy).
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

#[cfg(test)]
use errors::without_values;
use errors::yaml_error;
pub use errors::{SyntaxError, parse_yaml, parse_yaml_with, syntax_hint};
pub use limits::Limits;

/// A file of front matter and body, remembering the original text of every key.
///
/// Serializable as it is, for the read cache (which stores what was read, not a new text).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Document {
    blocks: Vec<Block>,
    /// Comments and blank lines after the last key.
    trailer: String,
    body: String,
    /// What it was read with; what it renders must read back with them.
    limits: Limits,
    /// The file began with a UTF-8 byte-order mark (some editors write one); it is kept.
    #[serde(default)]
    byte_order_mark: bool,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            blocks: Vec::new(),
            trailer: String::new(),
            body: String::new(),
            limits: Limits::DEFAULT,
            byte_order_mark: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
        let map: Mapping = serde_yaml::from_str(&self.text).map_err(|e| yaml_error(&e, &self.text, self.line - 1))?;
        let mut entries = map.into_iter();
        match (entries.next(), entries.next()) {
            (Some((Value::String(key), value)), None) if key == self.key => Ok(value),
            _ => Err(unsupported(self.line)),
        }
    }
}

const DELIMITER: &str = "---";
const BYTE_ORDER_MARK: char = '\u{feff}';

/// The error for front matter whose keys esc cannot find by lines alone.
fn unsupported(line: usize) -> SyntaxError {
    SyntaxError::new(
        line,
        "unsupported front matter layout: esc edits only one plain `key: value` per top-level line \
         (no anchors, aliases, tags, `?` keys, flow mappings or unusual line breaks around keys); \
         rewrite this key in that style",
    )
}

impl Document {
    /// Splits `text` into front matter and body and checks the YAML.
    ///
    /// Only the layout is checked here; the YAML is parsed by [`Document::decode`], once, so
    /// reading many tickets costs one YAML parse each.
    pub fn parse(text: &str) -> Result<Document, SyntaxError> {
        Document::parse_with(text, &Limits::DEFAULT)
    }

    /// [`Document::parse`] with other [`Limits`] (which its renders are then checked with).
    pub fn parse_with(text: &str, limits: &Limits) -> Result<Document, SyntaxError> {
        limits.check_size(text)?;
        let (byte_order_mark, text) = match text.strip_prefix(BYTE_ORDER_MARK) {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (front, body) = split(text)?;
        limits.check_depth(front, 1)?;
        let (blocks, trailer) = segment(front)?;
        Ok(Document { blocks, trailer, body: body.to_string(), limits: *limits, byte_order_mark })
    }

    /// The parser's error about the front matter, at the line to fix: a top-level key
    /// given twice is blamed on its second line (the parser names only the mapping's first).
    fn front_error(&self, error: &serde_yaml::Error, front: &str) -> SyntaxError {
        let found = yaml_error(error, front, 1);
        if !found.message.contains("given twice") {
            return found;
        }
        let repeated = self.blocks.iter().enumerate().find_map(|(index, block)| {
            self.blocks[..index].iter().find(|b| b.key == block.key).map(|first| (first, block))
        });
        match repeated {
            Some((first, again)) => {
                let name = if again.key.len() <= 40 && !again.key.contains(char::is_whitespace) {
                    format!("'{}'", again.key)
                } else {
                    "a key".to_string()
                };
                SyntaxError::new(again.line, format!("the key {name} is given twice (first on line {})", first.line))
            }
            None => match repeated_nested_key(front, found.line - 1) {
                Some((first, again)) => {
                    SyntaxError::new(again + 1, format!("{} (first on line {})", found.message, first + 1))
                }
                None => found,
            },
        }
    }

    /// The limits this document was read with.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The values of the keys, one per block, after checking that the YAML parser sees the
    /// same keys in the same places as the line-based blocks do; otherwise an edit could
    /// write a file that no longer reads (a tab after `key:`, an anchor used elsewhere, a
    /// key hidden behind a `\r` or U+0085 line break, a `? ` key, a flow mapping).
    fn checked_values(&self) -> Result<Vec<Value>, SyntaxError> {
        let front = self.front_text();
        let whole: Value = serde_yaml::from_str(&front).map_err(|e| self.front_error(&e, &front))?;
        let map = match whole {
            Value::Mapping(map) => map,
            Value::Null if self.blocks.is_empty() => Mapping::new(),
            _ => return Err(unsupported(self.blocks.first().map_or(2, |b| b.line))),
        };
        let mut values = Vec::with_capacity(self.blocks.len());
        let mut entries = map.into_iter();
        for block in &self.blocks {
            let Some((Value::String(key), whole_value)) = entries.next() else { return Err(unsupported(block.line)) };
            // A block that does not parse alone leans on another (an alias of its anchor).
            if key != block.key || block.value().ok() != Some(whole_value.clone()) {
                return Err(unsupported(block.line));
            }
            values.push(whole_value);
        }
        if entries.next().is_some() {
            return Err(unsupported(self.blocks.last().map_or(2, |b| b.line)));
        }
        Ok(values)
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
        serde_yaml::from_str(&front).map_err(|e| self.front_error(&e, &front))
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

    /// [`Document::render`], then the text read again with the same limits: it must decode
    /// to `value` with the same body, or it is an error saying a `what` (ticket, review)
    /// would not read back, and nothing is written.
    pub fn render_verified<T: Serialize + DeserializeOwned + PartialEq>(
        &self,
        value: &T,
        owned_keys: &[&str],
        what: &str,
    ) -> Result<String, SyntaxError> {
        let text = self.render(value, owned_keys)?;
        let again = Document::parse_with(&text, &self.limits)?;
        if again.decode::<T>()? != *value || again.body() != self.body() {
            return Err(SyntaxError::new(
                1,
                format!("esc would write a {what} that does not read back as meant; nothing was written"),
            ));
        }
        Ok(text)
    }

    /// Renders `value`'s keys into this document and returns the whole file text.
    ///
    /// Keys listed in `owned_keys` belong to esc: they are updated, added at their place in
    /// that order, or removed when `value` no longer has them. Every other key, the comments
    /// and the body are kept as they were.
    ///
    /// Fails, writing nothing, when the front matter's layout cannot be edited in place or
    /// when the text would not read back as `value` with every other key and the body intact.
    pub fn render<T: Serialize>(&self, value: &T, owned_keys: &[&str]) -> Result<String, SyntaxError> {
        let old_values = self.checked_values()?;
        let fresh = match serde_yaml::to_value(value).map_err(|e| SyntaxError::new(1, e.to_string()))? {
            Value::Mapping(map) => map,
            _ => return Err(SyntaxError::new(1, "front matter must serialize to a mapping")),
        };
        let mut out_blocks: Vec<(Option<usize>, String)> = Vec::new(); // (owned-key rank, text)
        let mut emitted: Vec<&str> = Vec::new();
        let rank = |key: &str| owned_keys.iter().position(|k| *k == key);

        for (block, old_value) in self.blocks.iter().zip(&old_values) {
            match fresh.get(block.key.as_str()) {
                Some(new_value) => {
                    let text = updated_block_text(block, old_value, new_value)?;
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
        if self.byte_order_mark {
            out.push(BYTE_ORDER_MARK);
        }
        out.push_str(DELIMITER);
        out.push('\n');
        for (_, text) in &out_blocks {
            out.push_str(text);
        }
        out.push_str(&self.trailer);
        out.push_str(DELIMITER);
        out.push('\n');
        out.push_str(&self.body);
        self.check_rendered(&out, &fresh, owned_keys, &old_values)?;
        Ok(out)
    }

    /// Reads `out` back and checks it says what was meant: `fresh`'s values, every other key
    /// with its bytes and value unchanged, and the body byte for byte.
    fn check_rendered(
        &self,
        out: &str,
        fresh: &Mapping,
        owned_keys: &[&str],
        old_values: &[Value],
    ) -> Result<(), SyntaxError> {
        let wrong = |line: usize, what: &str| {
            SyntaxError::new(
                line,
                format!("esc would write a file it cannot read back as meant ({what}); nothing was written"),
            )
        };
        let again = Document::parse_with(out, &self.limits)?;
        let values = again.checked_values()?;
        if again.body != self.body {
            return Err(wrong(self.body_line(), "the body changed"));
        }
        let find = |key: &str| again.blocks.iter().position(|b| b.key == key);
        for (key, meant) in fresh {
            let Some(key) = key.as_str() else { continue };
            match find(key) {
                Some(i) if covers(&values[i], meant) => {}
                _ => return Err(wrong(self.line_of(key).unwrap_or(1), &format!("key {key}"))),
            }
        }
        for (block, old) in self.blocks.iter().zip(old_values) {
            if owned_keys.contains(&block.key.as_str()) {
                continue;
            }
            match find(&block.key) {
                Some(i) if again.blocks[i].text == block.text && values[i] == *old => {}
                _ => return Err(wrong(block.line, &format!("key {}", block.key))),
            }
        }
        let expected = fresh.len() + self.blocks.iter().filter(|b| !owned_keys.contains(&b.key.as_str())).count();
        if again.blocks.len() != expected {
            return Err(wrong(2, "the number of keys changed"));
        }
        Ok(())
    }
}

/// In the YAML mapping that starts on line `start` of `front` (1-based, as the parser counts;
/// a `- key: value` item or a `key: value` line), the 1-based lines of the first key given
/// twice: where it was first and where again.
fn repeated_nested_key(front: &str, start: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = front.lines().collect();
    let first = *lines.get(start.checked_sub(1)?)?;
    let spaces = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let item = first.trim_start_matches(' ').starts_with("- ");
    let indent = spaces(first) + if item { 2 } else { 0 };
    fn key_of(line: &str, indent: usize) -> Option<&str> {
        line.get(indent..).and_then(|rest| rest.split_once(':')).map(|(key, _)| key.trim_end())
    }
    let mut seen: Vec<(&str, usize)> = vec![(key_of(first, indent)?, start)];
    for (index, line) in lines.iter().enumerate().skip(start) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let at = spaces(line);
        if at < indent {
            return None; // the mapping ended, or the next list item began
        }
        if at == indent
            && let Some(key) = key_of(line, indent)
        {
            if let Some(&(_, earlier)) = seen.iter().find(|(k, _)| *k == key) {
                return Some((earlier, index + 1));
            }
            seen.push((key, index + 1));
        }
    }
    None
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
    emit::to_yaml(&Value::Mapping(map))
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
        assert_eq!(err.line, 3, "where the '[' opens: {err:?}");
        let err =
            Document::parse("---\nid: X1\ntitle: 'open\nseverity: sev1\n---\n").unwrap().decode::<Small>().unwrap_err();
        assert_eq!(err.line, 3, "where the quote opens: {err:?}");
        assert!(syntax_hint(&err.message).is_some_and(|hint| hint.contains("close the quote")), "{err:?}");
        assert!(!err.message.contains("at line"), "{err:?}");
        let err = Document::parse("no front matter\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = Document::parse("---\nid: X1\n").unwrap_err();
        assert!(err.message.contains("never closed"));
        let err = Document::parse("---\n- a\n---\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    /// A hand edit the parser reads but the line-based blocks would misplace.
    const HOSTILE: &[(&str, usize)] = &[
        ("---\nid: X1\nseverity:\tsev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\nseverity:\r  sev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\n&a severity: sev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\n!!str severity: sev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\n? severity\n: sev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\nx: 1\u{85}severity: sev3\nhistory: []\n---\n", 3),
        ("---\nid: X1\nx: &a sev3\nseverity: *a\nhistory: []\n---\n", 4),
        ("---\nid: X1\nseverity: &a sev3\nx: *a\nhistory: []\n---\n", 4),
        ("---\nid: X1\n\"severity: x\": sev3\nhistory: []\n---\n", 3),
        ("---\n{id: X1, history: []}\n---\n", 2),
        ("---\nid: X1\nhistory: []\n...\n---\n", 4),
    ];

    #[test]
    fn layouts_the_parser_reads_differently_are_refused_not_written() {
        for (text, line) in HOSTILE {
            let doc = Document::parse(text).unwrap();
            let Ok(mut value) = doc.decode::<Small>() else { continue };
            value.severity = Some("sev1".into());
            value.history.push("two".into());
            match doc.render(&value, KEYS) {
                Ok(out) => {
                    // Only when the result reads back as meant, every other key kept.
                    let again = Document::parse(&out).unwrap();
                    assert_eq!(again.decode::<Small>().unwrap(), value, "{text:?} -> {out:?}");
                }
                Err(err) => {
                    assert_eq!(err.line, *line, "{text:?}: {err:?}");
                    assert!(err.message.contains("unsupported front matter layout"), "{text:?}: {err:?}");
                }
            }
        }
    }

    #[test]
    fn size_and_nesting_are_limited_before_parsing() {
        let deep = format!("---\nid: X1\nx: {}1{}\n---\n", "{a: ".repeat(100_000), "}".repeat(100_000));
        let started = std::time::Instant::now();
        let err = Document::parse(&deep).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(err.line, 3);
        assert!(err.message.contains("nests deeper than esc reads (64 levels"), "{err:?}");
        let block = (0..70).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>();
        assert!(Document::parse(&format!("---\n{block}---\n")).is_err());
        let big = format!("---\nid: X1\n---\n{}", "x".repeat(Limits::DEFAULT.max_bytes));
        assert!(Document::parse(&big).unwrap_err().message.contains("larger than esc reads"));
        let small = Limits { max_bytes: 20, max_depth: 2 };
        assert!(Document::parse_with("---\nid: X1\n---\nlonger body\n", &small).is_err());
        assert!(Document::parse_with("---\nid: [[1]]\n---\n", &small).is_err());
        assert!(Document::parse_with("---\nid: [1]\n---\n", &small).is_ok());
        assert!(parse_yaml_with::<Value>("a: [[1]]", &small).is_err());
        // Brackets in quotes, comments, plain text and block scalars are not nesting.
        let deep_text = "[".repeat(200);
        let fine = format!(
            "---\nid: X1\ntitle: a {deep_text}\nq: '{deep_text}'\nd: \"{deep_text}\"\n# {deep_text}\nb: |\n  {deep_text}\n---\n"
        );
        Document::parse(&fine).unwrap();
    }

    #[test]
    fn messages_quote_no_value() {
        let err = parse_yaml::<std::collections::BTreeMap<String, Mapping>>("a: \"tok-hunter2secret\"\n").unwrap_err();
        assert_eq!(err.message, "a: invalid type: a string, expected a YAML mapping");
        let err = parse_yaml::<Small>("id: [hunter2]\n").unwrap_err();
        assert!(!err.message.contains("hunter2"), "{err:?}");
        // A value with quotes of its own (found by the fuzz harness).
        let message =
            without_values("'a' b: tok-hunter2secret {x: ' is not a ticket id", "a' b: tok-hunter2secret {x: ");
        assert_eq!(message, "'…' is not a ticket id");
        let err = parse_yaml::<Value>("a: 1\na: 2\n").unwrap_err();
        assert!(err.message.contains("a key is given twice"), "{err:?}");
        let err = parse_yaml::<Value>("a: [1\n").unwrap_err();
        assert!(err.message.contains("','"), "punctuation stays: {err:?}");
    }

    #[test]
    fn a_byte_order_mark_is_read_and_kept() {
        let text = "\u{feff}---\nid: X1\nhistory: []\n---\nBody\n";
        let doc = Document::parse(text).unwrap();
        let mut value: Small = doc.decode().unwrap();
        assert_eq!((value.id.as_str(), doc.body()), ("X1", "Body\n"));
        value.severity = Some("sev1".into());
        assert_eq!(doc.render(&value, KEYS).unwrap(), "\u{feff}---\nid: X1\nseverity: sev1\nhistory: []\n---\nBody\n");
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
