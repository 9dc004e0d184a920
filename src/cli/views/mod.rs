//! Every view of esc's data: human tables and text, JSON, CSV, JUnit, GitHub annotations.
//! One file per subject; commands build their output only through these.

pub mod audit;
pub mod check;
pub mod conflicts;
pub mod export;
pub mod import;
pub mod init;
pub mod kb;
pub mod lint;
pub mod log;
pub mod markup;
pub mod report;
pub mod review;
pub mod schema;
pub mod search;
pub mod sla;
pub mod stats;
pub mod sweep;
pub mod sync;
pub mod ticket;
