//! The binary's signal handler: the first SIGINT, SIGTERM or SIGHUP ends esc at once when
//! nothing it writes is in flight, and otherwise asks the library to stop at its next wait
//! (see [`esc::interrupt`]). A second one ends it wherever it is, as a kill would (the next
//! esc finishes or rolls back what was in flight). Either way esc exits with 128 + the
//! signal's number.

use signal_hook::consts::{SIGINT, SIGTERM};

/// The signals that stop esc.
#[cfg(unix)]
const STOP_SIGNALS: [i32; 3] = [SIGINT, SIGTERM, signal_hook::consts::SIGHUP];
#[cfg(not(unix))]
const STOP_SIGNALS: [i32; 2] = [SIGINT, SIGTERM];

/// Installs the handler; a system that refuses one leaves the default behaviour.
pub fn install() {
    for signal in STOP_SIGNALS {
        // SAFETY: the action only stores and loads atomics and calls `_exit`, all
        // async-signal-safe. Outside a critical stretch esc holds no lock and no temporary
        // file, so there is nothing to remove first.
        #[allow(unsafe_code)]
        let _ = unsafe {
            signal_hook::low_level::register(signal, move || {
                let again = esc::interrupt::requested().is_some();
                esc::interrupt::request(signal);
                if again || !esc::interrupt::in_critical() {
                    signal_hook::low_level::exit(exit_status(signal));
                }
            })
        };
    }
}

/// The status a shell reports for a command a signal ended: 128 + the signal's number.
pub fn exit_status(signal: i32) -> i32 {
    128 + signal
}
