//! `esc init --json`.

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;

/// Keys in alphabetical order, as this output has always printed them.
#[derive(Serialize, JsonSchema)]
pub struct InitView<'a> {
    pub already_initialised: bool,
    pub root: &'a Path,
}
