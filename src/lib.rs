//! esc: a support team's escalation process as plain-text tickets in a git repository.
//!
//! This library holds everything but the command line: it never prints and never names
//! clap. The folders are the architecture; each layer uses only the layers above it in
//! this list, so the tree tells a newcomer where a change belongs.
//!
//! | layer | modules | job |
//! |---|---|---|
//! | foundation | [`error`], [`clock`], [`interrupt`], [`text`], [`suggest`], [`names`], [`frontmatter`], [`search`] | failures and [`error::Diagnostic`]s; the one read of the clock, times as people type and read them; a stop asked for by a signal; one-line and terminal-safe text; "did you mean"; enums named in files; byte-preserving YAML front matter, its limits and value-free errors (the only module naming the YAML crate); ranking |
//! | [`ticket`] | `id`, `event`, `lifecycle`, `file`, `merge` | what a ticket is: ids, the typed history ([`ticket::Action`], [`ticket::Field`]), which action is allowed when, [`ticket::Ticket::apply`] folding history into state, the Markdown file, its merge by meaning |
//! | [`policy`] | `validate`, `names`, `classification`, `calendar`, `working_days`, `default.yaml` | `.esc/config.yaml`: the schema and its lookups, its checks, classification and routing, business calendars and durations |
//! | [`sla`] | `timeline` | SLA clocks from a ticket's history alone |
//! | [`review`] | `file`, `timeline`, `rules`, `merge` | post-incident reviews: the model, the file, the generated block, when one is required, due or publishable, the merge |
//! | [`stats`] | `facts` | team metrics over a period |
//! | [`repo`] | `git`, `commit_message`, `hooks`, `remote`, `merge_driver`, `intent`, `lock`, `fsync`, `safe_path`, `children`, `history_index` | disk, git and other processes: the workspace (root, paths, lookup, loading), committing exactly these files, commit messages written and parsed, notification hooks, the git CLI for fetch and push, the record that lets a killed action be finished or rolled back, the index lock's claim, durability as `core.fsync` says, paths that stay inside the repository, child processes, what each commit changed |
//! | [`ops`] | one file per use case | load, decide, save, commit; returns data to the CLI |
//!
//! The `esc` binary (`src/main.rs`, `src/cli/`) parses arguments, reads the clock once,
//! calls [`ops`] and renders: `cli/commands/` has one file per subcommand, `cli/views/` one
//! per subject for every human, JSON, CSV, JUnit and GitHub output.

#![forbid(unsafe_code)]

pub mod clock;
pub mod error;
pub mod frontmatter;
pub mod interrupt;
pub mod names;
pub mod ops;
pub mod policy;
pub mod repo;
pub mod review;
pub mod search;
pub mod sla;
pub mod stats;
pub mod suggest;
pub mod text;
pub mod ticket;
