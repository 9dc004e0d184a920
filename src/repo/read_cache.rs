//! Parsed tickets kept in `.git/esc-read-cache`, so the commands that read every ticket skip
//! the YAML parser for files git itself would call unchanged.
//!
//! A record is keyed by the blob id of the file it was parsed from. A work-tree file is taken
//! to be the blob its index entry names only when git would: the entry's stat data match the
//! file's (`core.trustCTime`, `core.checkStat` honoured; nanoseconds compared too) and the
//! entry is not racy (changed in the second the index was written or later). Any other file
//! is read and hashed, and a record of that blob used if there is one. So a hand edit is seen
//! at once, and the cache never trusts a file further than `git status` does.
//!
//! The file is one header line (format, esc version, a fingerprint of the record layout, the
//! parser's limits), then per record a line `<blob id> <checksum> <lengths>` followed by the
//! ticket as JSON and the text it was parsed from, and an `end <count>` line. A file with
//! another header or without its end line (truncated) is ignored whole, a record whose
//! checksum fails alone; either is rebuilt. The file is replaced by rename, so a concurrent
//! esc reads the old file or the new one, never half of one. The ticket is JSON (serde_json,
//! already a dependency) because its serde uses untagged and optional fields that the compact
//! binary formats cannot read back; the document is not stored but cut again from the text
//! when something asks for it (only a few readers do).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::git::{GitRepo, ObjectId, TEMP_DIR};
use crate::frontmatter::Limits;
use crate::ticket::Ticket;
use crate::ticket::file::TicketFile;

const CACHE_FILE: &str = "esc-read-cache";
/// Raised whenever a record's meaning changes in a way the fingerprint cannot see.
const FORMAT: u32 = 2;

/// The records of a cache file, read whole; each is checked and decoded only when asked for.
pub(crate) struct ReadCache {
    // An `Arc<String>`, not `Arc<str>`: made from the file's text without copying it.
    text: std::sync::Arc<String>,
    records: HashMap<ObjectId, Place>,
}

/// Where one record lies in the cache file.
struct Place {
    /// The whole record after its blob id, to carry into the next file unchanged.
    record: Range<usize>,
    checksum: u64,
    /// The ticket's JSON.
    json: Range<usize>,
    /// The text it was parsed from.
    text: Range<usize>,
    body_start: usize,
}

/// One record to write: the blob it was parsed from and the record after the id.
pub(crate) struct Entry {
    pub blob: ObjectId,
    pub record: String,
}

impl ReadCache {
    /// An empty cache (nothing on disk, or the cache is not to be used).
    pub(crate) fn empty() -> ReadCache {
        ReadCache { text: Default::default(), records: HashMap::new() }
    }

    /// The cache of `git`'s repository for files read with `limits`; empty when there is
    /// none or it is foreign, truncated or garbage.
    pub(crate) fn read(git: &GitRepo, limits: &Limits) -> ReadCache {
        let Ok(text) = std::fs::read_to_string(cache_path(git)) else { return ReadCache::empty() };
        let Some(records) = index_records(&text, &header(limits)) else { return ReadCache::empty() };
        ReadCache { text: std::sync::Arc::new(text), records }
    }

    /// The ticket parsed from `blob`, read with `limits`, if the cache has an intact record of it.
    pub(crate) fn get(&self, blob: &ObjectId, limits: &Limits) -> Option<TicketFile> {
        let place = self.records.get(blob)?;
        let (json, text) = (self.text.get(place.json.clone())?, self.text.get(place.text.clone())?);
        if checksum(json, text) != place.checksum {
            return None;
        }
        let ticket: Ticket = serde_json::from_str(json).ok()?;
        TicketFile::cached(ticket, &self.text, place.text.clone(), place.body_start, *limits)
    }

    /// The record of `blob` as stored, to carry into the next cache file unchanged.
    pub(crate) fn record(&self, blob: &ObjectId) -> Option<&str> {
        self.records.get(blob).and_then(|place| self.text.get(place.record.clone()))
    }

    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }
}

/// The record of `file`, parsed from `blob` whose contents are `bytes`; `None` when its text
/// does not end in its body as parsed (such a file is then simply parsed every time).
pub(crate) fn encode(blob: ObjectId, file: &TicketFile, bytes: &[u8]) -> Option<Entry> {
    let text = std::str::from_utf8(bytes).ok()?;
    // What was parsed: a file saved with CRLF is read as LF.
    let text = if text.contains("\r\n") { text.replace("\r\n", "\n") } else { text.to_string() };
    let body_start = text.len().checked_sub(file.body().len()).filter(|&start| text[start..] == *file.body())?;
    // That the JSON reads back as the same ticket is the property tests' job (ticket/file.rs):
    // checking it here made the first read of a large repository a fifth slower.
    let json = serde_json::to_string(&file.ticket).ok()?;
    let sum = checksum(&json, &text);
    let record = format!("{sum:016x} {} {} {body_start}\n{json}{text}\n", json.len(), text.len());
    Some(Entry { blob, record })
}

/// Replaces the cache with `entries`, (blob, record) pairs (best effort: a cache that cannot
/// be written only costs time next run).
pub(crate) fn write(git: &GitRepo, limits: &Limits, entries: &[(ObjectId, &str)]) {
    let mut text = String::with_capacity(entries.iter().map(|(_, record)| record.len() + 42).sum::<usize>() + 128);
    text.push_str(&header(limits));
    text.push('\n');
    for (blob, record) in entries {
        text.push_str(&blob.to_string());
        text.push(' ');
        text.push_str(record);
    }
    text.push_str(&format!("end {}\n", entries.len()));
    let temps = git.git_dir().join(TEMP_DIR);
    let temp = temps.join(format!("{}.read-cache.tmp", std::process::id()));
    let written = std::fs::create_dir_all(&temps)
        .and_then(|()| std::fs::write(&temp, text))
        .and_then(|()| std::fs::rename(&temp, cache_path(git)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

fn cache_path(git: &GitRepo) -> PathBuf {
    git.git_dir().join(CACHE_FILE)
}

/// A record's checksum, so a damaged record is dropped rather than misread.
fn checksum(json: &str, text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    json.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// The line a cache must start with to be read by this esc with these limits.
fn header(limits: &Limits) -> String {
    format!(
        "esc-read-cache {FORMAT} {} {:016x} {} {}",
        env!("CARGO_PKG_VERSION"),
        layout_fingerprint(),
        limits.max_bytes,
        limits.max_depth
    )
}

/// Where each record lies in `text`; `None` unless the header is `expected`, every record's
/// header reads and the end line counts the records.
fn index_records(text: &str, expected: &str) -> Option<HashMap<ObjectId, Place>> {
    let (first, _) = text.split_once('\n')?;
    if first != expected {
        return None;
    }
    let mut offset = first.len() + 1;
    let mut records = HashMap::new();
    loop {
        let line_end = offset + text.get(offset..)?.find('\n')?;
        let line = &text[offset..line_end];
        if let Some(count) = line.strip_prefix("end ") {
            return (line_end + 1 == text.len() && count.parse() == Ok(records.len())).then_some(records);
        }
        let mut fields = line.split(' ');
        let blob: ObjectId = fields.next()?.parse().ok()?;
        let checksum = u64::from_str_radix(fields.next()?, 16).ok()?;
        let mut number = || fields.next()?.parse::<usize>().ok();
        let (json_len, text_len, body_start) = (number()?, number()?, number()?);
        let json = line_end + 1..line_end + 1 + json_len;
        let source = json.end..json.end.checked_add(text_len)?;
        if text.as_bytes().get(source.end) != Some(&b'\n') {
            return None;
        }
        let record = offset + line.find(' ')? + 1..source.end + 1;
        offset = source.end + 1;
        records.insert(blob, Place { record, checksum, json, text: source, body_start });
    }
}

/// A hash of how a ticket with every field set is written as a record: a change to the
/// ticket's fields changes it, so an older cache is not misread.
fn layout_fingerprint() -> u64 {
    static FINGERPRINT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        // A sample that stopped parsing is caught by a test; here it only weakens the check.
        let json = TicketFile::parse(LAYOUT_SAMPLE)
            .ok()
            .and_then(|file| serde_json::to_string(&file.ticket).ok())
            .unwrap_or_default();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        json.hash(&mut hasher);
        hasher.finish()
    })
}

/// A ticket using every key esc reads.
const LAYOUT_SAMPLE: &str = "---
# a comment
id: ESC-AAAAAAAA
title: t
status: waiting
type: incident
category: c
severity: sev1
impact: high
urgency: high
priority: P1
level: L2
team: t
assignee: a <a@example.com>
vendor: v
vendor_ref: r
waiting_on: customer
reporter: r <r@example.com>
customer: c
labels: [a]
links:
- rel: relates
  id: ESC-BBBBBBBB
created: 2026-01-01T00:00:00Z
resolution: r
root_cause: r
resolution_code: fixed
x-other: kept
history:
- at: 2026-01-01T00:00:00Z
  by: a <a@example.com>
  action: escalate
  reason: r
  message: m
  hierarchical: true
  automatic: true
  clock: ack
  set:
    level: L2
    labels: [a]
    vendor: null
---
body
";

/// What one ticket's load found: its record in the cache, a record to add, or neither (a file
/// that does not parse, or whose record would not read back).
pub(crate) enum Found {
    Cached(ObjectId),
    Fresh(Entry),
    Nothing,
}

/// What a load of every ticket consults: the cache, and the index that vouches for files.
pub(crate) struct Lookup {
    cache: ReadCache,
    index: Option<gix::index::File>,
    stat_options: gix::index::entry::stat::Options,
    hash_kind: gix::hash::Kind,
}

impl Lookup {
    /// The cache and index of `git`'s repository, for files read with `limits`.
    pub(crate) fn new(git: &GitRepo, limits: &Limits) -> Lookup {
        Lookup {
            cache: ReadCache::read(git, limits),
            index: git.index_for_reading(),
            stat_options: git.stat_options(),
            hash_kind: git.object_hash(),
        }
    }

    /// The ticket parsed from `blob`, if the cache has it.
    pub(crate) fn get(&self, blob: &ObjectId, limits: &Limits) -> Option<TicketFile> {
        self.cache.get(blob, limits)
    }

    /// The blob id of a file's contents, as git would store them.
    pub(crate) fn blob_id_of(&self, contents: &[u8]) -> ObjectId {
        gix::objs::compute_hash(self.hash_kind, gix::objs::Kind::Blob, contents).expect("hashing does not fail")
    }

    /// The blob the index says the work-tree file at `path` (`repo_path` in the repository)
    /// holds, when git would trust that without reading it: a stage-0 entry whose stat data
    /// match the file's and that is not racy (changed no earlier than the second the index
    /// was written), for a regular file of at most `max_bytes`.
    pub(crate) fn unchanged_blob(&self, repo_path: &str, path: &Path, max_bytes: u64) -> Option<ObjectId> {
        use gix::bstr::ByteSlice;
        let index = self.index.as_ref()?;
        let entry =
            index.entry_by_path_and_stage(repo_path.as_bytes().as_bstr(), gix::index::entry::Stage::Unconflicted)?;
        let metadata = gix::index::fs::Metadata::from_path_no_follow(path).ok()?;
        if !metadata.is_file()
            || metadata.len() > max_bytes
            || !entry.mode.intersects(gix::index::entry::Mode::FILE | gix::index::entry::Mode::FILE_EXECUTABLE)
        {
            return None;
        }
        let stat = gix::index::entry::Stat::from_fs(&metadata).ok()?;
        // Stricter than git by default in two ways: nanoseconds count when the stat data are
        // compared (an edit within the second of the last one, its time set back, still shows),
        // and not when racy entries are found (a change in the index's own second counts).
        let compare = gix::index::entry::stat::Options { use_nsec: true, ..self.stat_options };
        let racy = gix::index::entry::stat::Options { use_nsec: false, ..self.stat_options };
        (entry.stat.matches(&stat, compare) && !entry.stat.is_racy(index.timestamp(), racy)).then_some(entry.id)
    }

    /// Rewrites the cache with the records this load used, when it found new ones or the
    /// cache holds records it no longer needs.
    pub(crate) fn refresh<'a>(&self, git: &GitRepo, limits: &Limits, found: impl Iterator<Item = &'a Found>) {
        let mut seen = std::collections::HashSet::new();
        let mut entries = Vec::new();
        let mut fresh = false;
        for found in found {
            let (blob, json) = match found {
                Found::Cached(blob) => match self.cache.record(blob) {
                    Some(record) => (*blob, record),
                    None => continue,
                },
                Found::Fresh(entry) => {
                    fresh = true;
                    (entry.blob, entry.record.as_str())
                }
                Found::Nothing => continue,
            };
            if seen.insert(blob) {
                entries.push((blob, json));
            }
        }
        if fresh || entries.len() != self.cache.len() {
            write(git, limits, &entries);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_sample_sets_every_field_and_survives_a_record() {
        let file = TicketFile::parse(LAYOUT_SAMPLE).unwrap();
        let json = serde_json::to_value(&file.ticket).unwrap();
        let event = &json["history"][0];
        for key in ["reason", "message", "hierarchical", "automatic", "clock", "set"] {
            assert!(event.get(key).is_some(), "the sample's history entry has no {key}");
        }
        let ticket_keys = json.as_object().unwrap().len();
        assert_eq!(ticket_keys, crate::ticket::TICKET_KEYS.len(), "every ticket key is in the sample");
        assert_ne!(layout_fingerprint(), 0);

        let blob = ObjectId::null(gix::hash::Kind::Sha1);
        let entry = encode(blob, &file, LAYOUT_SAMPLE.as_bytes()).expect("the sample reads back");
        let text = format!("{}\n{blob} {}end 1\n", header(&Limits::DEFAULT), entry.record);
        let cache = ReadCache { records: index_records(&text, &header(&Limits::DEFAULT)).unwrap(), text: std::sync::Arc::new(text) };
        let back = cache.get(&blob, &Limits::DEFAULT).expect("the record reads");
        assert_eq!(back.ticket, file.ticket);
        assert_eq!(back.body(), "body\n");
        assert_eq!(back.line_of("history"), file.line_of("history"));
        assert_eq!(back.render().unwrap(), LAYOUT_SAMPLE);
        assert_eq!(cache.record(&blob), Some(entry.record.as_str()));
    }

    #[test]
    fn only_a_whole_intact_cache_of_this_layout_is_read() {
        let file = TicketFile::parse(LAYOUT_SAMPLE).unwrap();
        let blob = ObjectId::null(gix::hash::Kind::Sha1);
        let head = header(&Limits::DEFAULT);
        let record = encode(blob, &file, LAYOUT_SAMPLE.as_bytes()).unwrap().record;
        let whole = format!("{head}\n{blob} {record}end 1\n");
        assert_eq!(index_records(&whole, &head).map(|r| r.len()), Some(1));
        assert!(index_records(&whole[..whole.len() - 3], &head).is_none(), "truncated");
        assert!(index_records(&whole[..whole.len() - 40], &head).is_none(), "truncated in a record");
        assert!(index_records(&whole.replace("end 1", "end 2"), &head).is_none(), "miscounted");
        assert!(index_records(&format!("{whole}more\n"), &head).is_none(), "something after the end");
        assert!(index_records(&whole, &header(&Limits { max_bytes: 1, ..Limits::DEFAULT })).is_none(), "other limits");
        assert!(index_records("garbage", &head).is_none());
        // A flipped byte inside a record: the record is dropped, not misread.
        let damaged = whole.replacen("title: t", "title: T", 1);
        let cache = ReadCache { records: index_records(&damaged, &head).unwrap(), text: std::sync::Arc::new(damaged) };
        assert!(cache.get(&blob, &Limits::DEFAULT).is_none());
    }
}
