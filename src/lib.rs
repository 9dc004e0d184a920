//! esc: a support team's escalation process as plain-text tickets in a git repository.
//!
//! This library holds everything but the command line; it never prints. The map:
//!
//! | module | job |
//! |---|---|
//! | [`model`] | tickets, ids, statuses, history events: data, no I/O |
//! | [`frontmatter`] | splits and joins `---` YAML + Markdown, keeping unknown keys byte for byte; the only module naming the YAML crate |
//! | [`ticket_file`] | a [`model::Ticket`] read from and rendered into its file |
//! | [`config`] | the team's policy, `.esc/config.yaml` |
//! | [`review`] | a post-incident review file: front matter, action items, sections, the generated block |
//! | [`review_timeline`] | the generated part of a review: actions, time per level, SLA outcomes |
//! | [`search`] | ranks tickets and reviews against a query's words |
//! | [`sla`] | the SLA clocks of a ticket, from its history alone |
//! | [`stats`] | team metrics over a period: counts, MTTA/MTTR, SLA compliance, escalations, reviews |
//! | [`store`] | finds the esc root, ticket paths, ids and lookups, loading |
//! | [`git`] | the few gix operations esc needs: commit one change, a file's history |
//! | [`ops`] | one function per use case: load, decide, save, commit; returns data |
//! | [`calendar`] | business calendars and SLA durations: when time counts |
//! | [`clock`] | the only place that reads the time (`ESC_NOW`) |
//! | [`error`] | the failures a user can meet, with hints |
//!
//! The `esc` binary (`src/main.rs`, `src/cli/`) parses arguments, calls [`ops`] and renders.

#![forbid(unsafe_code)]

pub mod calendar;
pub mod clock;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod git;
pub mod hooks;
pub mod lifecycle;
pub mod model;
pub mod ops;
pub mod review;
pub mod review_timeline;
pub mod search;
pub mod sla;
pub mod stats;
pub mod store;
pub mod ticket_file;
