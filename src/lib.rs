//! esc: a support team's escalation process as plain-text tickets in a git repository.
//!
//! This library holds everything but the command line; it never prints.

#![forbid(unsafe_code)]

pub mod clock;
pub mod error;
pub mod frontmatter;
pub mod names;
pub mod ops;
pub mod policy;
pub mod repo;
pub mod review;
pub mod search;
pub mod sla;
pub mod stats;
pub mod text;
pub mod ticket;
