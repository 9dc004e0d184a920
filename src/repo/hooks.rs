//! Notifications: executables named in the clone's git config (`esc.hook.<event>`), given the
//! event as JSON on stdin.
//!
//! Hooks come only from git configuration, never from a file in the working tree, so a
//! cloned repository cannot run its code on your machine. A failing hook is reported back as
//! a warning; the action it reports on is already committed.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::repo::git::GitRepo;
use crate::ticket::{Event, Ticket};

crate::named_enum! {
    /// The events a hook can be configured for: `esc.hook.<name>`.
    pub enum Hook as "hook" {
        Open = "open",
        Classify = "classify",
        Escalate = "escalate",
        Breach = "breach",
        Resolve = "resolve",
        Reopen = "reopen",
    }
}

/// How long a hook may run before esc stops waiting for it.
const HOOK_TIMEOUT: Duration = Duration::from_secs(30);

/// What a hook receives on stdin.
#[derive(Debug, Serialize)]
pub struct HookPayload<'a> {
    pub event: Hook,
    pub ticket: HookTicket<'a>,
    /// The history entry that triggered the hook.
    pub action: &'a Event,
}

/// The ticket as a hook sees it.
#[derive(Debug, Serialize)]
pub struct HookTicket<'a> {
    pub id: String,
    pub title: &'a str,
    pub status: &'a str,
    pub severity: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub level: &'a str,
    pub team: Option<&'a str>,
    pub assignee: Option<&'a str>,
    pub vendor: Option<&'a str>,
    pub customer: Option<&'a str>,
    pub path: &'a str,
}

/// Runs the hook configured for `event`, if any. Returns warnings, never fails.
pub fn run_hook(git: &GitRepo, event: Hook, ticket: &Ticket, path: &str, action: &Event) -> Vec<String> {
    let Some(command) = git.config_value(&format!("esc.hook.{event}")).filter(|c| !c.trim().is_empty()) else {
        return Vec::new();
    };
    let payload = HookPayload {
        event,
        ticket: HookTicket {
            id: ticket.id.to_string(),
            title: &ticket.title,
            status: ticket.status.as_str(),
            severity: ticket.severity.as_deref(),
            priority: ticket.priority.as_deref(),
            level: &ticket.level,
            team: ticket.team.as_deref(),
            assignee: ticket.assignee.as_deref(),
            vendor: ticket.vendor.as_deref(),
            customer: ticket.customer.as_deref(),
            path,
        },
        action,
    };
    let json = serde_json::to_string(&payload).expect("hook payloads serialize");
    match run(git, &command, event.as_str(), &ticket.id.to_string(), &json) {
        Ok(()) => Vec::new(),
        Err(problem) => vec![format!("hook esc.hook.{event} ({command}): {problem}")],
    }
}

fn run(git: &GitRepo, command: &str, event: &str, id: &str, json: &str) -> Result<(), String> {
    // So a signal stops the hook with esc rather than leave it running alone.
    let _critical = crate::interrupt::Critical::enter().map_err(|_| "not run: esc was interrupted".to_string())?;
    // Like git aliases: the configured value is a shell command line.
    let mut hook = Command::new("sh");
    hook.arg("-c")
        .arg(command)
        .current_dir(git.workdir())
        .env("ESC_EVENT", event)
        .env("ESC_TICKET", id)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    // A group of its own, so that stopping the hook stops what its shell started too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut hook, 0);
    let mut child = hook.spawn().map_err(|e| format!("could not start: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let input = format!("{json}\n");
        // On a thread: a hook that never reads must not stall esc. One that closes the pipe
        // early ignores its input, which is its right.
        std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
    }
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(format!("failed ({status})")),
            // Asked to stop: the action is committed already, the hook is not waited for.
            Ok(None) if crate::interrupt::requested().is_some() => {
                stop(&mut child);
                return Err("stopped: esc was interrupted".into());
            }
            Ok(None) if started.elapsed() > HOOK_TIMEOUT => {
                stop(&mut child);
                return Err(format!("still running after {}s; stopped", HOOK_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Stops a hook and everything its shell started, and reaps it.
fn stop(child: &mut std::process::Child) {
    super::children::terminate(child, cfg!(unix));
    let _ = child.kill();
    let _ = child.wait();
}
