#![forbid(unsafe_code)]
pub mod clock;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod git;
pub mod model;
pub mod ops;
pub mod store;
pub mod ticket_file;
