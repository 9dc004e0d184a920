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
//! The file is a header line (format, esc version, a fingerprint of the record layout, the
//! parser's limits), an index (a count, then per record its blob id, checksum and lengths),
//! the records (each the ticket as JSON and the text it was parsed from) and an `end` line.
//! Only the index is read up front; a record is read when its ticket is wanted, so memory
//! does not grow with the cache. A file with another header, or whose length does not match
//! its index (truncated, garbage), is ignored whole, a record whose checksum fails alone;
//! either is rebuilt. The file is replaced by rename, and a reader keeps the file it opened,
//! so a concurrent esc reads the old cache or the new one, never half of one. The document
//! (unknown keys, comments, line numbers) is not stored but cut again from the text when
//! something asks for it: only a few readers do. Why JSON: docs/performance.md.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::git::{GitRepo, ObjectId, TEMP_DIR};
use crate::frontmatter::Limits;
use crate::ticket::Ticket;
use crate::ticket::file::TicketFile;

const CACHE_FILE: &str = "esc-read-cache";
/// Raised whenever a record's meaning changes in a way the fingerprint cannot see.
const FORMAT: u32 = 3;
const END: &[u8] = b"end\n";

/// A cache file's index, and the file, from which records are read when asked for.
pub(crate) struct ReadCache {
    file: Option<std::fs::File>,
    /// Where the records start in the file.
    data_start: u64,
    records: HashMap<ObjectId, Place>,
}

/// One record's index line: where it is (from the start of the records) and what it holds.
#[derive(Clone, Copy)]
struct Place {
    offset: u64,
    checksum: u64,
    json_len: usize,
    text_len: usize,
    /// Where the body starts in the text.
    body_start: usize,
}

/// A record made by this run, to write into the next cache.
pub(crate) struct Entry {
    pub blob: ObjectId,
    place: Place,
    json: String,
    text: String,
}

impl ReadCache {
    /// An empty cache (nothing on disk, or the cache is not to be used).
    fn empty() -> ReadCache {
        ReadCache { file: None, data_start: 0, records: HashMap::new() }
    }

    /// The cache of `git`'s repository for files read with `limits`; empty when there is
    /// none or it is foreign, truncated or garbage.
    pub(crate) fn read(git: &GitRepo, limits: &Limits) -> ReadCache {
        let Ok(file) = std::fs::File::open(cache_path(git)) else { return ReadCache::empty() };
        match read_index(&file, &header(limits)) {
            Some((data_start, records)) => ReadCache { file: Some(file), data_start, records },
            None => ReadCache::empty(),
        }
    }

    /// The ticket parsed from `blob`, read with `limits`, if the cache has an intact record of it.
    pub(crate) fn get(&self, blob: &ObjectId, limits: &Limits) -> Option<TicketFile> {
        let place = *self.records.get(blob)?;
        let json = self.read_at(place.offset, place.json_len)?;
        let text = String::from_utf8(self.read_at(place.offset + place.json_len as u64, place.text_len)?).ok()?;
        if checksum(&json, text.as_bytes()) != place.checksum {
            return None;
        }
        let ticket: Ticket = serde_json::from_slice(&json).ok()?;
        TicketFile::cached(ticket, text, place.body_start, *limits)
    }

    /// The bytes of the record of `blob`, as stored.
    fn read_record(&self, blob: &ObjectId) -> Option<Vec<u8>> {
        let place = self.records.get(blob)?;
        self.read_at(place.offset, place.json_len.checked_add(place.text_len)?)
    }

    /// `len` bytes at `offset` from the start of the records.
    fn read_at(&self, offset: u64, len: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0; len];
        self.file.as_ref()?.read_exact_at(&mut bytes, self.data_start.checked_add(offset)?).ok()?;
        Some(bytes)
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
    let checksum = checksum(json.as_bytes(), text.as_bytes());
    let place = Place { offset: 0, checksum, json_len: json.len(), text_len: text.len(), body_start };
    Some(Entry { blob, place, json, text })
}

/// One record of the next cache: carried from the current one, or new.
pub(crate) enum Keep<'a> {
    Carried(ObjectId),
    New(&'a Entry),
}

/// Replaces the cache with `records` (best effort: a cache that cannot be written only costs
/// time next run).
fn write(git: &GitRepo, limits: &Limits, old: &ReadCache, records: &[Keep]) {
    let temps = git.git_dir().join(TEMP_DIR);
    let temp = temps.join(format!("{}.read-cache.tmp", std::process::id()));
    let written = std::fs::create_dir_all(&temps)
        .and_then(|()| write_to(&temp, limits, old, records))
        .and_then(|()| std::fs::rename(&temp, cache_path(git)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

fn write_to(path: &Path, limits: &Limits, old: &ReadCache, records: &[Keep]) -> std::io::Result<()> {
    let lost = || std::io::Error::other("a record of the old cache could not be read");
    let mut places = Vec::with_capacity(records.len());
    let mut offset = 0;
    for record in records {
        let mut place = match record {
            Keep::Carried(blob) => *old.records.get(blob).ok_or_else(lost)?,
            Keep::New(entry) => entry.place,
        };
        place.offset = offset;
        offset += (place.json_len + place.text_len) as u64;
        places.push(place);
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "{}", header(limits))?;
    writeln!(out, "index {} {offset}", records.len())?;
    for (record, place) in records.iter().zip(&places) {
        let blob = match record {
            Keep::Carried(blob) => blob,
            Keep::New(entry) => &entry.blob,
        };
        writeln!(out, "{blob} {:016x} {} {} {}", place.checksum, place.json_len, place.text_len, place.body_start)?;
    }
    for record in records {
        match record {
            Keep::Carried(blob) => out.write_all(&old.read_record(blob).ok_or_else(lost)?)?,
            Keep::New(entry) => {
                out.write_all(entry.json.as_bytes())?;
                out.write_all(entry.text.as_bytes())?;
            }
        }
    }
    out.write_all(END)?;
    // Not flushed to disk: after a crash a short or damaged cache is found and rebuilt.
    out.flush()
}

fn cache_path(git: &GitRepo) -> PathBuf {
    git.git_dir().join(CACHE_FILE)
}

/// A record's checksum, so a damaged record is dropped rather than misread.
fn checksum(json: &[u8], text: &[u8]) -> u64 {
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

/// Where the records start and where each one is; `None` unless the header is `expected`,
/// every index line reads, and the file is exactly as long as its index says, ending in the
/// end line.
fn read_index(file: &std::fs::File, expected: &str) -> Option<(u64, HashMap<ObjectId, Place>)> {
    let length = file.metadata().ok()?.len();
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut line = String::new();
    let mut consumed = 0u64;
    let mut next_line = |line: &mut String| -> Option<()> {
        line.clear();
        let n = reader.read_line(line).ok()?;
        consumed += n as u64;
        line.pop().filter(|c| *c == '\n').map(|_| ())
    };
    next_line(&mut line)?;
    if line != expected {
        return None;
    }
    next_line(&mut line)?;
    let (count, data_len) = line.strip_prefix("index ")?.split_once(' ')?;
    let (count, data_len): (usize, u64) = (count.parse().ok()?, data_len.parse().ok()?);
    // An index line is more than 50 bytes: a count the file cannot hold is garbage.
    if count as u64 > length / 50 {
        return None;
    }
    let mut records = HashMap::with_capacity(count);
    let mut offset = 0u64;
    for _ in 0..count {
        next_line(&mut line)?;
        let mut fields = line.split(' ');
        let blob: ObjectId = fields.next()?.parse().ok()?;
        let checksum = u64::from_str_radix(fields.next()?, 16).ok()?;
        let mut number = || fields.next()?.parse::<usize>().ok();
        let (json_len, text_len, body_start) = (number()?, number()?, number()?);
        records.insert(blob, Place { offset, checksum, json_len, text_len, body_start });
        offset = offset.checked_add(json_len.checked_add(text_len)? as u64)?;
    }
    let data_start = consumed;
    let mut end = [0; END.len()];
    let whole = offset == data_len
        && data_start.checked_add(data_len)?.checked_add(END.len() as u64)? == length
        && file.read_exact_at(&mut end, length - END.len() as u64).is_ok()
        && end == END;
    whole.then_some((data_start, records))
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
  csat: 4
  notified: [m <m@example.com>]
  override:
    rules: [r]
    reason: o
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
    /// What the files are parsed with; a cache made with other limits is not read.
    limits: Limits,
    index: Option<gix::index::File>,
    stat_options: gix::index::entry::stat::Options,
    hash_kind: gix::hash::Kind,
}

impl Lookup {
    /// The cache and index of `git`'s repository, for files read with `limits`.
    pub(crate) fn new(git: &GitRepo, limits: Limits) -> Lookup {
        Lookup {
            cache: ReadCache::read(git, &limits),
            limits,
            index: git.index_for_reading(),
            stat_options: git.stat_options(),
            hash_kind: git.object_hash(),
        }
    }

    /// The limits tickets are parsed with.
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The ticket parsed from `blob`, if the cache has it.
    pub(crate) fn get(&self, blob: &ObjectId) -> Option<TicketFile> {
        self.cache.get(blob, &self.limits)
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
    pub(crate) fn refresh<'a>(&self, git: &GitRepo, found: impl Iterator<Item = &'a Found>) {
        let mut seen = std::collections::HashSet::new();
        let mut records = Vec::new();
        let mut fresh = false;
        for found in found {
            let (blob, keep) = match found {
                Found::Cached(blob) => (*blob, Keep::Carried(*blob)),
                Found::Fresh(entry) => {
                    fresh = true;
                    (entry.blob, Keep::New(entry))
                }
                Found::Nothing => continue,
            };
            if seen.insert(blob) {
                records.push(keep);
            }
        }
        if fresh || records.len() != self.cache.len() {
            write(git, &self.limits, &self.cache, &records);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample ticket, and a cache file of its one record written in `dir`.
    fn one_record_cache(dir: &Path) -> (TicketFile, ObjectId, PathBuf) {
        let file = TicketFile::parse(LAYOUT_SAMPLE).unwrap();
        let blob = ObjectId::null(gix::hash::Kind::Sha1);
        let entry = encode(blob, &file, LAYOUT_SAMPLE.as_bytes()).expect("the sample has a record");
        let path = dir.join("cache");
        write_to(&path, &Limits::DEFAULT, &ReadCache::empty(), &[Keep::New(&entry)]).unwrap();
        (file, blob, path)
    }

    fn open(path: &Path, limits: &Limits) -> Option<ReadCache> {
        let file = std::fs::File::open(path).ok()?;
        let (data_start, records) = read_index(&file, &header(limits))?;
        Some(ReadCache { file: Some(file), data_start, records })
    }

    #[test]
    fn the_layout_sample_sets_every_field_and_survives_a_record() {
        let dir = tempfile::tempdir().unwrap();
        let (file, blob, path) = one_record_cache(dir.path());
        let json = serde_json::to_value(&file.ticket).unwrap();
        let event = &json["history"][0];
        for key in ["reason", "message", "hierarchical", "automatic", "clock", "csat", "set"] {
            assert!(event.get(key).is_some(), "the sample's history entry has no {key}");
        }
        let ticket_keys = json.as_object().unwrap().len();
        assert_eq!(ticket_keys, crate::ticket::TICKET_KEYS.len(), "every ticket key is in the sample");
        assert_ne!(layout_fingerprint(), 0);

        let cache = open(&path, &Limits::DEFAULT).expect("the cache reads");
        let back = cache.get(&blob, &Limits::DEFAULT).expect("the record reads");
        assert_eq!(back.ticket, file.ticket);
        assert_eq!(back.body(), "body\n");
        assert_eq!(back.line_of("history"), file.line_of("history"));
        assert_eq!(back.render().unwrap(), LAYOUT_SAMPLE);

        // Carried into a new cache unchanged.
        let next = dir.path().join("next");
        write_to(&next, &Limits::DEFAULT, &cache, &[Keep::Carried(blob)]).unwrap();
        assert_eq!(std::fs::read(&next).unwrap(), std::fs::read(&path).unwrap());
    }

    #[test]
    fn only_a_whole_intact_cache_of_this_layout_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let (_, blob, path) = one_record_cache(dir.path());
        let good = std::fs::read(&path).unwrap();
        let with = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            open(&path, &Limits::DEFAULT)
        };
        assert!(with(&good).is_some());
        assert!(with(&good[..good.len() - 1]).is_none(), "truncated");
        assert!(with(&good[..good.len() / 2]).is_none(), "truncated in a record");
        assert!(with(&[good.as_slice(), b"more\n"].concat()).is_none(), "something after the end");
        assert!(with(b"garbage").is_none());
        assert!(with(b"").is_none());
        std::fs::write(&path, &good).unwrap();
        assert!(open(&path, &Limits { max_bytes: 1, ..Limits::DEFAULT }).is_none(), "other limits");
        // A flipped byte inside a record: the record is dropped, not misread.
        let mut damaged = good.clone();
        let at = damaged.windows(8).position(|w| w == b"title: t").unwrap();
        damaged[at + 7] = b'T';
        let cache = with(&damaged).expect("the index still reads");
        assert!(cache.get(&blob, &Limits::DEFAULT).is_none());
    }
}
