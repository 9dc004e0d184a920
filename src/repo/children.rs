//! Child processes esc waits for (hooks, the git CLI): their output read on threads of its
//! own so no pipe fills up, and their stop as a terminal's signal would stop them.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;

/// Reads a child's output to its end on a thread of its own.
pub(super) fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Asks `child` to end with SIGTERM, and with it its process group when it leads one
/// (`group`: a hook's shell and whatever it started); kills it where that is not possible.
/// Sent through kill(1), as the library has no unsafe code.
pub(super) fn terminate(child: &mut Child, group: bool) {
    let target = if group { format!("-{}", child.id()) } else { child.id().to_string() };
    let asked = Command::new("kill")
        .args(["-s", "TERM", "--", &target])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !asked {
        let _ = child.kill();
    }
}
