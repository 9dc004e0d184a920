//! Whether the policy's permission rules let someone take an action: the one check
//! `open`, every lifecycle action and `review --publish` make before they write, and the
//! override `--override REASON` records when a rule that allows one forbids it.

use crate::error::{Error, Result};
use crate::policy::{Config, Judged, Refusal};
use crate::repo::commit_message::OVERRIDE_TRAILER;
use crate::ticket::Override;

/// Whether the policy's permission rules let `by` do `judged` (the command `action`):
/// `None` when they do, the override when `--override` set aside rules that may be, else the
/// refusal naming the rule and who may.
pub fn permit(
    config: &Config,
    by: &str,
    judged: &Judged,
    action: &str,
    override_reason: Option<&str>,
) -> Result<Option<Override>> {
    let refusals = config.refusals(by, judged);
    let id = judged.before.id.to_string();
    let action = action.to_string();
    let reason = override_reason.map(str::trim);
    if refusals.is_empty() {
        return match reason {
            Some(_) => Err(Error::NotAllowed {
                action,
                id,
                reason: "--override: no permission rule forbids it, so there is nothing to override".into(),
                hint: "leave --override out".into(),
            }),
            None => Ok(None),
        };
    }
    match reason {
        Some("") => Err(Error::InvalidInput("the --override reason is empty".into())),
        Some(reason) if refusals.iter().all(|r| r.overridable) => {
            Ok(Some(Override { rules: refusals.iter().map(|r| r.rule.clone()).collect(), reason: reason.to_string() }))
        }
        _ => Err(refused(&refusals, by, action, id, reason.is_some())),
    }
}

/// The error for an action the permission rules forbid: the first rule that does, who may,
/// and whether an override would do.
fn refused(refusals: &[Refusal], by: &str, action: String, id: String, tried_override: bool) -> Error {
    let first = refusals.iter().find(|r| !r.overridable || !tried_override).unwrap_or(&refusals[0]);
    let mut reason = first.explain(by);
    if refusals.len() > 1 {
        let others: Vec<&str> = refusals.iter().filter(|r| r.rule != first.rule).map(|r| r.rule.as_str()).collect();
        reason.push_str(&format!("; also forbidden by {}", others.join(", ")));
    }
    let who = match first.allowed.as_slice() {
        [] => "nobody the policy lists holds that role (people: in .esc/config.yaml)".to_string(),
        names => format!("{} may: ask {}", first.who_may(), names.join(" or ")),
    };
    let hint = if !first.overridable {
        format!("{who}; the rule allows no override")
    } else {
        format!("{who}; if it cannot wait, --override REASON does it anyway (recorded, and reported by esc audit)")
    };
    Error::NotAllowed { action, id, reason, hint }
}

/// `message` with the trailer recording an override.
pub fn with_override(message: String, overridden: &Override) -> String {
    let value = format!("{}: {}", overridden.rules.join(", "), overridden.reason);
    format!("{message}{OVERRIDE_TRAILER}: {}\n", crate::text::one_line(&value))
}
