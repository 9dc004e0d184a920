//! Source values (Jira's `Highest`, Zendesk's `pending`, a GitHub label `priority: high`)
//! turned into the policy's names: the user's `--value` first, then the policy's own name in
//! any case, then the format's defaults (when the policy has that name).

use crate::error::{Error, Result};
use crate::policy::{Config, Names};
use crate::suggest::closest;
use crate::ticket::{Status, WaitingOn};

use super::Format;

crate::named_enum! {
    /// The fields whose source values are mapped to names esc knows.
    pub enum MappedField as "mapped field" {
        Status = "status",
        Priority = "priority",
        Severity = "severity",
        Type = "type",
        Category = "category",
        Impact = "impact",
        Urgency = "urgency",
        Level = "level",
        Team = "team",
        ResolutionCode = "resolution_code",
    }
}

impl MappedField {
    /// The policy list a mapped value must come from (status is esc's own).
    fn names(self) -> Option<Names> {
        Some(match self {
            MappedField::Status => return None,
            MappedField::Priority => Names::Priority,
            MappedField::Severity => Names::Severity,
            MappedField::Type => Names::Type,
            MappedField::Category => Names::Category,
            MappedField::Impact => Names::Impact,
            MappedField::Urgency => Names::Urgency,
            MappedField::Level => Names::Level,
            MappedField::Team => Names::Team,
            MappedField::ResolutionCode => Names::ResolutionCode,
        })
    }
}

/// What a status can be mapped to: esc's statuses, and `waiting:customer` /
/// `waiting:vendor` for what a waiting ticket waits on (`waiting` alone is the customer).
pub const STATUS_TARGETS: &[&str] =
    &["new", "acknowledged", "in_progress", "waiting", "waiting:customer", "waiting:vendor", "resolved", "closed"];

/// One `--value FIELD:SOURCE=ESC`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueOverride {
    pub field: MappedField,
    pub from: String,
    pub to: String,
}

impl ValueOverride {
    /// Reads `FIELD:SOURCE=ESC`, checking ESC against the policy.
    pub fn parse(text: &str, config: &Config) -> Result<ValueOverride> {
        let usage = |message: String| {
            Error::Usage {
            message,
            hint: "write --value FIELD:SOURCE=ESC, for example --value priority:Blocker=P1 or --value status:'On Hold'=waiting:vendor".into(),
        }
        };
        let (field, rest) = text.split_once(':').ok_or_else(|| usage(format!("--value '{text}' has no FIELD:")))?;
        let (from, to) = rest.rsplit_once('=').ok_or_else(|| usage(format!("--value '{text}' has no =ESC")))?;
        let field: MappedField = field.trim().parse().map_err(|_| Error::Usage {
            message: format!("--value '{text}': '{}' is not a field values are mapped for", field.trim()),
            hint: format!("the fields are {}", MappedField::NAMES.join(", ")),
        })?;
        let (from, to) = (from.trim().to_string(), to.trim().to_string());
        if from.is_empty() || to.is_empty() {
            return Err(usage(format!("--value '{text}' needs a source value and esc's value")));
        }
        match field.names() {
            None if !STATUS_TARGETS.contains(&to.as_str()) => {
                return Err(Error::InvalidValue { field: "status", value: to, allowed: to_strings(STATUS_TARGETS) });
            }
            None => {}
            Some(list) => config.check_value(list, &to)?,
        }
        Ok(ValueOverride { field, from, to })
    }
}

fn to_strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// Why a source value could not be mapped, with the `--value` that would map it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmapped {
    pub message: String,
    pub hint: String,
}

/// Maps source values for one import.
pub struct ValueMap<'a> {
    pub format: Format,
    pub config: &'a Config,
    pub overrides: &'a [ValueOverride],
}

impl ValueMap<'_> {
    /// The policy's name for `value` of `field`.
    pub fn map(&self, field: MappedField, value: &str) -> Result<String, Unmapped> {
        let value = value.trim();
        let names = match field.names() {
            Some(list) => self.config.names(list).unwrap_or_default(),
            None => to_strings(STATUS_TARGETS),
        };
        if let Some(o) = self.overrides.iter().find(|o| o.field == field && o.from.eq_ignore_ascii_case(value)) {
            return Ok(o.to.clone());
        }
        // An optional list the policy leaves empty (teams, resolution codes) takes any name.
        let open_list = field.names().is_some_and(|list| self.config.names(list).is_none());
        if open_list {
            return Ok(value.to_string());
        }
        let same = |name: &str| names.iter().find(|n| n.eq_ignore_ascii_case(name)).cloned();
        if let Some(name) = same(value).or_else(|| same(&value.replace([' ', '-'], "_"))) {
            return Ok(name);
        }
        let lower = value.to_lowercase();
        if let Some(name) =
            defaults(self.format, field).iter().find(|(from, _)| *from == lower).and_then(|(_, to)| same(to))
        {
            return Ok(name);
        }
        let example = closest(value, names.iter().map(String::as_str)).or(names.first().map(String::as_str));
        let quoted = if value.contains([' ', '\'', '"']) { format!("'{value}'") } else { value.to_string() };
        Err(Unmapped {
            message: format!("unknown {field} '{value}'"),
            hint: format!(
                "map it with --value {field}:{quoted}={} (esc's {field} values: {})",
                example.unwrap_or("NAME"),
                names.join(", ")
            ),
        })
    }

    /// The status and, when waiting, what on, for a source status.
    pub fn status(&self, value: &str) -> Result<(Status, Option<WaitingOn>), Unmapped> {
        let mapped = self.map(MappedField::Status, value)?;
        Ok(match mapped.as_str() {
            "waiting" | "waiting:customer" => (Status::Waiting, Some(WaitingOn::Customer)),
            "waiting:vendor" => (Status::Waiting, Some(WaitingOn::Vendor)),
            other => (other.parse().unwrap_or(Status::New), None),
        })
    }
}

/// Each format's usual values, lower case, and the name they mean in esc's default policy.
fn defaults(format: Format, field: MappedField) -> &'static [(&'static str, &'static str)] {
    use MappedField as F;
    match (format, field) {
        (Format::Jira, F::Status) => &[
            ("open", "new"),
            ("to do", "new"),
            ("backlog", "new"),
            ("waiting for support", "new"),
            ("reopened", "in_progress"),
            ("in progress", "in_progress"),
            ("work in progress", "in_progress"),
            ("in review", "in_progress"),
            ("escalated", "in_progress"),
            ("waiting for customer", "waiting:customer"),
            ("pending", "waiting:customer"),
            ("waiting for vendor", "waiting:vendor"),
            ("on hold", "waiting:vendor"),
            ("done", "resolved"),
            ("cancelled", "closed"),
            ("canceled", "closed"),
            ("declined", "closed"),
        ],
        (Format::Jira, F::Priority) => {
            &[("highest", "P1"), ("high", "P2"), ("medium", "P3"), ("low", "P4"), ("lowest", "P4")]
        }
        (Format::Jira, F::Type) => &[
            ("bug", "technical"),
            ("incident", "technical"),
            ("problem", "technical"),
            ("service request", "customer"),
            ("question", "customer"),
            ("support", "customer"),
            ("task", "internal"),
            ("change", "internal"),
        ],
        (Format::Zendesk, F::Status) => &[
            ("open", "in_progress"),
            ("pending", "waiting:customer"),
            ("hold", "waiting:vendor"),
            ("solved", "resolved"),
        ],
        (Format::Zendesk, F::Priority) => &[("urgent", "P1"), ("high", "P2"), ("normal", "P3"), ("low", "P4")],
        (Format::Zendesk, F::Type) => {
            &[("incident", "technical"), ("problem", "technical"), ("question", "customer"), ("task", "internal")]
        }
        (Format::Github, F::Status) => &[("open", "new"), ("closed", "closed")],
        (Format::Github, F::Priority) => {
            &[("critical", "P1"), ("urgent", "P1"), ("high", "P2"), ("medium", "P3"), ("normal", "P3"), ("low", "P4")]
        }
        (Format::Github, F::Type) => &[("bug", "technical"), ("question", "customer"), ("support", "customer")],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(format: Format, overrides: &[ValueOverride], field: MappedField, value: &str) -> Result<String, Unmapped> {
        let config = Config::default_policy();
        ValueMap { format, config: &config, overrides }.map(field, value)
    }

    #[test]
    fn policy_names_then_defaults_then_overrides() {
        let config = Config::default_policy();
        assert_eq!(map(Format::Jira, &[], MappedField::Priority, "p2"), Ok("P2".into()));
        assert_eq!(map(Format::Jira, &[], MappedField::Priority, "Highest"), Ok("P1".into()));
        assert_eq!(map(Format::Zendesk, &[], MappedField::Priority, "normal"), Ok("P3".into()));
        assert_eq!(map(Format::Jira, &[], MappedField::Status, "In Progress"), Ok("in_progress".into()));
        let unknown = map(Format::Jira, &[], MappedField::Priority, "Blocker").unwrap_err();
        assert_eq!(unknown.message, "unknown priority 'Blocker'");
        assert!(unknown.hint.starts_with("map it with --value priority:Blocker=P1"), "{}", unknown.hint);
        let blocker = ValueOverride::parse("priority:Blocker=P1", &config).unwrap();
        assert_eq!(map(Format::Jira, &[blocker], MappedField::Priority, "blocker"), Ok("P1".into()));
        assert!(ValueOverride::parse("priority:Blocker=P9", &config).is_err());
        assert!(ValueOverride::parse("colour:red=P1", &config).is_err());
        let hold = ValueOverride::parse("status:On Hold=waiting:vendor", &config).unwrap();
        assert_eq!(hold.from, "On Hold");
    }
}
