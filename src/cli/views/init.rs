//! `esc init --json`.

use std::path::Path;

use serde::Serialize;

#[derive(Serialize)]
pub struct InitView<'a> {
    pub root: &'a Path,
    pub already_initialised: bool,
}
