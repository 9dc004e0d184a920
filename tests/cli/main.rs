//! Integration tests: the built `esc` binary on temporary git repositories.
//!
//! Every test runs esc in a hermetic [`common::TestEnv`] and checks the results with the real
//! `git` CLI (log, status, fsck, show), not just exit codes.

mod common;
mod compose;

mod audit;
mod calendar_files;
mod check;
mod concurrency;
mod config;
mod crash;
mod csat;
mod doc_examples;
mod edit;
mod errors;
mod filters;
mod fuzz;
mod git_safety;
mod hand_edits;
mod help;
mod hooks;
mod hostile_repo;
mod hostile_values;
mod import;
mod init;
mod integrity;
mod json;
mod lifecycle;
mod lint;
mod list;
mod log_story;
mod lookup;
mod open;
mod openmetrics;
mod output;
mod properties;
mod read_cache;
mod report;
mod review;
mod roles;
mod search;
mod sla;
mod sla_support;
mod stats;
mod sweep;
mod team;
mod terminal;
mod transitions;
mod triage;
mod yaml_readers;
