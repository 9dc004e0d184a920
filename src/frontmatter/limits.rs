//! What esc reads at most, checked before the YAML parser sees a text: its size and how
//! deep its collections nest (a linear scan that finds tokens as the parser does).

use super::errors::SyntaxError;

/// What esc reads at most, checked before the YAML parser sees the text, so that no file
/// can make a command slow or large: the parser's time grows with the square of the flow
/// nesting depth, and its memory with the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// The largest file, in bytes.
    pub max_bytes: usize,
    /// The deepest nesting of collections (block and flow levels together).
    pub max_depth: usize,
}

impl Limits {
    /// 4 MiB and 64 levels.
    pub const DEFAULT: Limits = Limits { max_bytes: 4 << 20, max_depth: 64 };

    /// An error when `text` is larger or deeper than these limits; `line_offset` is added to
    /// the line numbers (the text's first line is file line `line_offset + 1`).
    pub(super) fn check(&self, text: &str, line_offset: usize) -> Result<(), SyntaxError> {
        self.check_size(text)?;
        self.check_depth(text, line_offset)
    }

    pub(super) fn check_size(&self, text: &str) -> Result<(), SyntaxError> {
        if text.len() > self.max_bytes {
            let line = 1 + text.as_bytes()[..self.max_bytes].iter().filter(|b| **b == b'\n').count();
            return Err(SyntaxError::new(
                line,
                format!("the file is larger than esc reads ({} bytes at most)", self.max_bytes),
            ));
        }
        Ok(())
    }

    pub(super) fn check_depth(&self, text: &str, line_offset: usize) -> Result<(), SyntaxError> {
        match nesting_exceeds(text, self.max_depth) {
            Some(line) => Err(SyntaxError::new(
                line + line_offset,
                format!("the YAML nests deeper than esc reads ({} levels at most)", self.max_depth),
            )),
            None => Ok(()),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The 1-based line (counting `\n`) of `text` on which its YAML nests deeper than `max`
/// levels, if it does.
///
/// A small model of libyaml's scanner: it finds tokens where libyaml finds them (quoted,
/// plain and block scalars, comments, indicators, flow brackets, the indentation that opens
/// block collections), so brackets inside quotes, comments or block text do not count and
/// no bracket the parser counts is missed. It is linear in the text and allocates only the
/// stack of open indentations.
fn nesting_exceeds(text: &str, max: usize) -> Option<usize> {
    Scanner { b: text.as_bytes(), i: 0, line: 1, column: 0, flow: 0, indents: Vec::new(), max }.run()
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    /// In characters, as libyaml counts.
    column: usize,
    flow: usize,
    /// The columns of the open block collections.
    indents: Vec<usize>,
    max: usize,
}

impl Scanner<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn eof(&self) -> bool {
        self.i >= self.b.len()
    }

    /// The length of the line break at `k`, 0 if there is none (libyaml's: LF, CR, CRLF,
    /// NEL, LS, PS).
    fn break_len(&self, k: usize) -> usize {
        match self.at(k) {
            b'\r' if self.at(k + 1) == b'\n' => 2,
            b'\r' | b'\n' => 1,
            0xC2 if self.at(k + 1) == 0x85 => 2,
            0xE2 if self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9) => 3,
            _ => 0,
        }
    }

    fn blankz(&self, k: usize) -> bool {
        self.i + k >= self.b.len() || matches!(self.at(k), b' ' | b'\t') || self.break_len(k) > 0
    }

    /// Moves over one character that is not a line break.
    fn advance(&mut self) {
        let len = match self.b[self.i] {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
        self.i = (self.i + len).min(self.b.len());
        self.column += 1;
    }

    /// Moves over a line break, if there is one there.
    fn skip_break(&mut self) -> bool {
        let len = self.break_len(0);
        if len == 0 {
            return false;
        }
        if self.b[self.i + len - 1] == b'\n' {
            self.line += 1;
        }
        self.i += len;
        self.column = 0;
        true
    }

    fn skip_to_break(&mut self) {
        while !self.eof() && self.break_len(0) == 0 {
            self.advance();
        }
    }

    fn document_indicator(&self) -> bool {
        self.column == 0
            && (self.b[self.i..].starts_with(b"---") || self.b[self.i..].starts_with(b"..."))
            && self.blankz(3)
    }

    fn too_deep(&self) -> bool {
        self.flow + self.indents.len() > self.max
    }

    /// A block collection opening at `column` (libyaml's roll_indent).
    fn roll(&mut self, column: usize) -> bool {
        if self.flow == 0 && self.indents.last().is_none_or(|&top| column > top) {
            self.indents.push(column);
        }
        self.too_deep()
    }

    fn run(&mut self) -> Option<usize> {
        let mut key_column: Option<usize> = None;
        loop {
            loop {
                match self.at(0) {
                    _ if self.eof() => return None,
                    b' ' | b'\t' => self.advance(),
                    b'#' => self.skip_to_break(),
                    _ if self.skip_break() => key_column = None,
                    _ => break,
                }
            }
            let column = self.column;
            if self.flow == 0 {
                while self.indents.last().is_some_and(|&top| top > column) {
                    self.indents.pop();
                }
            }
            if column == 0 && self.at(0) == b'%' {
                self.skip_to_break();
                continue;
            }
            if self.document_indicator() {
                self.indents.clear();
                self.advance();
                self.advance();
                self.advance();
                continue;
            }
            let mut starts_key = |flow: usize| {
                if flow == 0 && key_column.is_none() {
                    key_column = Some(column);
                }
            };
            match self.at(0) {
                b'[' | b'{' => {
                    starts_key(self.flow);
                    self.flow += 1;
                    self.advance();
                    if self.too_deep() {
                        return Some(self.line);
                    }
                }
                b']' | b'}' => {
                    self.flow = self.flow.saturating_sub(1);
                    self.advance();
                }
                b',' => self.advance(),
                b'-' if self.blankz(1) => {
                    key_column = None;
                    if self.roll(column) {
                        return Some(self.line);
                    }
                    self.advance();
                }
                b'?' if self.flow > 0 || self.blankz(1) => {
                    key_column = None;
                    if self.roll(column) {
                        return Some(self.line);
                    }
                    self.advance();
                }
                b':' if self.flow > 0 || self.blankz(1) => {
                    if let Some(key) = key_column.take()
                        && self.roll(key)
                    {
                        return Some(self.line);
                    }
                    self.advance();
                }
                b'*' | b'&' => {
                    starts_key(self.flow);
                    self.advance();
                    while self.at(0).is_ascii_alphanumeric() || matches!(self.at(0), b'-' | b'_') {
                        self.advance();
                    }
                }
                b'!' => {
                    starts_key(self.flow);
                    while !self.blankz(0) {
                        self.advance();
                    }
                }
                b'|' | b'>' if self.flow == 0 => self.block_scalar(),
                quote @ (b'\'' | b'"') => {
                    starts_key(self.flow);
                    self.quoted(quote);
                }
                b'@' | b'`' => return None, // reserved: the parser stops here
                _ => {
                    starts_key(self.flow);
                    self.plain();
                }
            }
        }
    }

    fn block_scalar(&mut self) {
        let parent = self.indents.last().map_or(-1, |&top| top as isize);
        self.advance();
        let mut width: Option<usize> = None;
        while matches!(self.at(0), b'+' | b'-' | b'0'..=b'9') {
            if self.at(0).is_ascii_digit() {
                width = Some(usize::from(self.at(0) - b'0'));
            }
            self.advance();
        }
        self.skip_to_break();
        let mut indent: Option<usize> = width.map(|w| (parent.max(0) as usize) + w);
        loop {
            if !self.skip_break() {
                return;
            }
            let spaces = self.b[self.i..].iter().take_while(|b| **b == b' ').count();
            let blank = self.i + spaces >= self.b.len() || self.break_len(spaces) > 0;
            if !blank {
                let needed = indent.unwrap_or((parent + 1) as usize);
                if spaces < needed {
                    return; // the line is the next token's
                }
                indent.get_or_insert(spaces);
            }
            self.skip_to_break();
        }
    }

    fn quoted(&mut self, quote: u8) {
        self.advance();
        while !self.eof() {
            if self.skip_break() {
                continue;
            }
            match self.at(0) {
                b'\'' if quote == b'\'' && self.at(1) == b'\'' => {
                    self.advance();
                    self.advance();
                }
                b'\\' if quote == b'"' => {
                    self.advance();
                    if !self.skip_break() && !self.eof() {
                        self.advance();
                    }
                }
                c if c == quote => {
                    self.advance();
                    return;
                }
                _ => self.advance(),
            }
        }
    }

    fn plain(&mut self) {
        let needed = self.indents.last().map_or(0, |&top| top + 1);
        loop {
            if self.document_indicator() || self.at(0) == b'#' {
                return;
            }
            while !self.blankz(0) {
                let c = self.at(0);
                if (c == b':' && self.blankz(1)) || (self.flow > 0 && matches!(c, b',' | b'[' | b']' | b'{' | b'}')) {
                    return;
                }
                if self.flow > 0 && c == b':' && matches!(self.at(1), b',' | b'?' | b'[' | b']' | b'{' | b'}') {
                    return;
                }
                self.advance();
            }
            if self.eof() {
                return;
            }
            let mut crossed = false;
            while !self.eof() && (matches!(self.at(0), b' ' | b'\t') || self.break_len(0) > 0) {
                if self.skip_break() {
                    crossed = true;
                } else {
                    self.advance();
                }
            }
            if self.flow == 0 && crossed && self.column < needed {
                return;
            }
        }
    }
}
