//! Integration tests: the built `esc` binary on temporary git repositories.

mod common;
