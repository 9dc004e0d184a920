//! A stop asked for by a signal, and the stretches of work a signal must not cut short.
//!
//! The binary's signal handler calls [`request`]. Outside a [`Critical`] stretch the binary
//! may end at once (nothing esc writes is in flight); inside one, the handler only records the
//! request, and the library sees it where it waits (a lock, a hook, git) and stops there with
//! [`Error::Interrupted`], or finishes the step it is publishing. Atomics only, so the
//! handler may call into this module.

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

use crate::error::{Error, Result};

static REQUESTED: AtomicI32 = AtomicI32::new(0);
static CRITICAL: AtomicUsize = AtomicUsize::new(0);

/// Records that signal `signal` asked esc to stop. Safe to call from a signal handler.
pub fn request(signal: i32) {
    REQUESTED.store(signal, Ordering::SeqCst);
}

/// The signal that asked esc to stop, if one did.
pub fn requested() -> Option<i32> {
    match REQUESTED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Whether a [`Critical`] stretch is running (the handler must then not end the process).
pub fn in_critical() -> bool {
    CRITICAL.load(Ordering::SeqCst) > 0
}

/// `Err(Interrupted)` once a stop was asked for: for loops that wait.
pub fn check() -> Result<()> {
    match requested() {
        Some(_) => Err(Error::Interrupted),
        None => Ok(()),
    }
}

/// While alive, a signal is recorded rather than acted on at once: what esc writes in this
/// stretch is finished or rolled back by esc itself, never cut in the middle.
#[must_use = "the stretch ends when the guard is dropped"]
pub struct Critical(());

impl Critical {
    /// Starts a stretch; refused when a stop was already asked for, before anything is
    /// written. (Counted first, then checked, while the handler records first, then
    /// checks the count: one of the two always sees the other.)
    pub fn enter() -> Result<Critical> {
        CRITICAL.fetch_add(1, Ordering::SeqCst);
        let guard = Critical(());
        check()?;
        Ok(guard)
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        CRITICAL.fetch_sub(1, Ordering::SeqCst);
    }
}
