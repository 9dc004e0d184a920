//! The team's policy, `.esc/config.yaml`: tiers, types, severities, priorities.
//!
//! Pure: parsing takes text, so the store decides where the file lives.

pub mod calendar;
mod classification;
mod holiday_files;
pub mod ical;
mod names;
pub mod roles;
pub(crate) mod validate;
mod working_days;

pub use classification::{Classification, Classified};
pub use names::Names;
pub use roles::{Deed, Judged, NotifyPolicy, PermissionRule, Person, Refusal, email_of};

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, Result};
use crate::frontmatter;
use calendar::{Calendar, SlaDuration};

use crate::ticket::WaitingOn;

/// The text `esc init` writes: the full default policy with comments.
pub const DEFAULT_CONFIG: &str = include_str!("default.yaml");

/// The parsed policy.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_prefix")]
    pub id_prefix: String,
    pub levels: Vec<LevelPolicy>,
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub impacts: BTreeMap<String, String>,
    #[serde(default)]
    pub urgencies: BTreeMap<String, String>,
    #[serde(default)]
    pub severities: BTreeMap<String, SeverityPolicy>,
    #[serde(default)]
    pub priorities: BTreeMap<String, PriorityPolicy>,
    /// impact → urgency → priority.
    #[serde(default)]
    pub priority_matrix: BTreeMap<String, BTreeMap<String, String>>,
    /// Named teams: name → description.
    #[serde(default)]
    pub teams: BTreeMap<String, String>,
    #[serde(default)]
    pub vendors: BTreeMap<String, VendorPolicy>,
    /// Reasons for escalating: name → description.
    #[serde(default)]
    pub escalation_reasons: BTreeMap<String, String>,
    /// Resolution codes: name → description.
    #[serde(default)]
    pub resolution_codes: BTreeMap<String, String>,
    #[serde(default)]
    pub routing: Vec<RoutingRule>,
    #[serde(default)]
    pub triage: Option<TriageTree>,
    /// Working-hours calendars by name; `24x7` is built in.
    #[serde(default)]
    pub calendars: BTreeMap<String, Calendar>,
    #[serde(default)]
    pub sla: SlaPolicy,
    #[serde(default)]
    pub reviews: ReviewPolicy,
    #[serde(default)]
    pub display: DisplayPolicy,
    /// Roles by name → what the role is for.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// The people of the team, by git identity.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Who may take which actions on which tickets; none: everyone may do everything.
    #[serde(default)]
    pub permissions: Vec<PermissionRule>,
    #[serde(default)]
    pub notify: NotifyPolicy,
    #[serde(default)]
    pub audit: AuditPolicy,
}

/// What `esc audit` looks at.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditPolicy {
    /// A commit whose history (it and everything before it) is accepted as it is: a
    /// repository that took esc up with tickets written by other means audits from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
}

/// How esc shows things to people; never what it stores.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DisplayPolicy {
    /// The zone times are shown in (history, log): an IANA name, `UTC` (the default) or
    /// `local`. `--local` overrides it.
    #[serde(default)]
    pub timezone: crate::clock::Zone,
}

/// When a resolved ticket needs a post-incident review, and by when.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewPolicy {
    #[serde(default)]
    pub required: ReviewRequirement,
    /// The calendar `due` and `action_due` count in; unset: `business` when it is defined,
    /// else `24x7`.
    #[serde(default)]
    pub calendar: Option<String>,
    /// From the (last) resolve to the review's due time.
    #[serde(default = "default_review_due")]
    pub due: SlaDuration,
    /// Priority → from the review's creation to an action item's due time, when
    /// `--due` is not given.
    #[serde(default)]
    pub action_due: BTreeMap<String, SlaDuration>,
    /// The body sections `esc review --publish` wants filled in.
    #[serde(default = "default_review_sections")]
    pub sections: Vec<String>,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            required: ReviewRequirement::default(),
            calendar: None,
            due: default_review_due(),
            action_due: BTreeMap::new(),
            sections: default_review_sections(),
        }
    }
}

fn default_review_due() -> SlaDuration {
    SlaDuration::parse("5d").expect("a valid duration")
}

fn default_review_sections() -> Vec<String> {
    ["Summary", "Impact", "Detection", "Contributing factors", "Resolution", "Lessons learned"]
        .map(String::from)
        .to_vec()
}

/// Which resolved tickets need a review.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequirement {
    /// Tickets of these severities.
    #[serde(default = "default_review_severities")]
    pub severities: Vec<String>,
    /// Tickets that missed their resolve target, in any cycle.
    #[serde(default = "yes")]
    pub resolve_missed: bool,
}

impl Default for ReviewRequirement {
    fn default() -> Self {
        ReviewRequirement { severities: default_review_severities(), resolve_missed: true }
    }
}

fn default_review_severities() -> Vec<String> {
    vec!["sev1".to_string(), "sev2".to_string()]
}

fn yes() -> bool {
    true
}

/// How the SLA clocks behave, beyond the targets set per priority and level.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// A running clock warns once it has used this share of its target.
    #[serde(default = "default_warn_at")]
    pub warn_at: Percent,
    /// Which kinds of waiting stop each clock.
    #[serde(default)]
    pub pause: PausePolicy,
    /// The priority whose targets apply to a ticket that has none yet; none: no clocks.
    #[serde(default)]
    pub unclassified: Option<String>,
    #[serde(default)]
    pub sweep: SweepPolicy,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            warn_at: default_warn_at(),
            pause: PausePolicy::default(),
            unclassified: None,
            sweep: SweepPolicy::default(),
        }
    }
}

fn default_warn_at() -> Percent {
    Percent(75)
}

/// A share of a target, written `75%` or `75`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "PercentText")]
pub struct Percent(pub u32);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("{}%", self.0))
    }
}

impl schemars::JsonSchema for Percent {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Percent".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A share of a target: 1 to 100, or a text like \"75%\".",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 100 },
                { "type": "string", "pattern": "^\\s*(100|[1-9][0-9]?)\\s*%?\\s*$" }
            ]
        })
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PercentText {
    Number(u32),
    Text(String),
}

impl TryFrom<PercentText> for Percent {
    type Error = String;
    fn try_from(value: PercentText) -> std::result::Result<Percent, String> {
        let number = match value {
            PercentText::Number(n) => Some(n),
            PercentText::Text(text) => text.trim().trim_end_matches('%').trim().parse().ok(),
        };
        match number {
            Some(n) if (1..=100).contains(&n) => Ok(Percent(n)),
            _ => Err("a warning threshold is a percentage from 1% to 100%".to_string()),
        }
    }
}

/// Per clock, the kinds of waiting that stop it.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PausePolicy {
    #[serde(default)]
    pub ack: Vec<WaitingOn>,
    #[serde(default = "customer_only")]
    pub update: Vec<WaitingOn>,
    #[serde(default = "customer_only")]
    pub resolve: Vec<WaitingOn>,
    #[serde(default)]
    pub level: Vec<WaitingOn>,
}

impl Default for PausePolicy {
    fn default() -> Self {
        PausePolicy { ack: Vec::new(), update: customer_only(), resolve: customer_only(), level: Vec::new() }
    }
}

fn customer_only() -> Vec<WaitingOn> {
    vec![WaitingOn::Customer]
}

/// What `esc sweep` escalates on.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepPolicy {
    #[serde(default = "default_escalate_on")]
    pub escalate_on: Vec<SweepTrigger>,
}

impl Default for SweepPolicy {
    fn default() -> Self {
        SweepPolicy { escalate_on: default_escalate_on() }
    }
}

fn default_escalate_on() -> Vec<SweepTrigger> {
    vec![SweepTrigger::Level, SweepTrigger::Ack]
}

/// A passed target that makes `esc sweep` move a ticket up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SweepTrigger {
    /// The time limit of the ticket's level.
    Level,
    /// The acknowledgement target, while nobody acknowledged.
    Ack,
}

/// An outside vendor tickets can be handed to.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VendorPolicy {
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub contract: String,
}

/// Sends tickets that match `when` to a team, level or assignee.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    pub when: RoutingMatch,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
}

/// What a routing rule tests; every given field must match.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingMatch {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub customer: Option<String>,
}

/// The triage decision tree.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageTree {
    pub start: String,
    pub questions: BTreeMap<String, TriageQuestion>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageQuestion {
    pub ask: String,
    pub answers: BTreeMap<String, TriageOutcome>,
}

/// Where an answer leads: another question, or values for the ticket.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageOutcome {
    #[serde(default)]
    pub next: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
}

/// One support tier.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelPolicy {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub team: Option<String>,
    /// Priority → the longest a ticket may stay at this level before it must move up.
    #[serde(default)]
    pub limits: BTreeMap<String, SlaDuration>,
}

/// A severity and the impact and urgency it implies.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityPolicy {
    #[serde(default)]
    pub description: String,
    pub impact: String,
    pub urgency: String,
}

/// A priority and its SLA targets.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityPolicy {
    #[serde(default)]
    pub description: String,
    /// The calendar its targets count in: `24x7` or a name from `calendars`.
    #[serde(default = "always")]
    pub calendar: String,
    /// Time to the first acknowledgement or public update.
    #[serde(default)]
    pub ack: Option<SlaDuration>,
    /// Longest gap between public updates while open.
    #[serde(default)]
    pub update: Option<SlaDuration>,
    /// Time to resolve, per resolve cycle.
    #[serde(default)]
    pub resolve: Option<SlaDuration>,
    /// Overrides `sla.warn_at` for this priority.
    #[serde(default)]
    pub warn_at: Option<Percent>,
}

fn always() -> String {
    calendar::ALWAYS.to_string()
}

fn default_prefix() -> String {
    "ESC".to_string()
}

impl Config {
    /// Parses and checks the policy; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let path = path.to_string_lossy();
        let config: Config = frontmatter::parse_yaml(text)
            .map_err(|e| Error::BadConfig(Diagnostic::new(path.as_ref(), e.line, e.message)))?;
        if let Some(problem) = config.problems(text, &path).into_iter().next() {
            return Err(Error::BadConfig(problem));
        }
        Ok(config)
    }

    /// The built-in default policy.
    pub fn default_policy() -> Config {
        frontmatter::parse_yaml(DEFAULT_CONFIG).expect("the default config parses")
    }

    /// When a review is due for a ticket resolved at `resolved`: `reviews.due` later.
    pub fn review_due_after(&self, resolved: crate::clock::Timestamp) -> Option<crate::clock::Timestamp> {
        let calendar = self.review_calendar();
        calendar.add_working(resolved, self.reviews.due.in_calendar(calendar))
    }

    /// The calendar review and action-item due times count in.
    pub fn review_calendar(&self) -> &Calendar {
        let name = self.reviews.calendar.as_deref().unwrap_or("business");
        self.calendars.get(name).unwrap_or_else(|| Calendar::always_ref())
    }

    /// The calendar a priority's targets count in (24x7 for an unknown priority).
    pub fn calendar_for(&self, priority: &str) -> &Calendar {
        self.priorities
            .get(priority)
            .and_then(|p| self.calendars.get(&p.calendar))
            .unwrap_or_else(|| Calendar::always_ref())
    }

    /// The level after `level`, if there is one.
    pub fn next_level(&self, level: &str) -> Option<&LevelPolicy> {
        let index = self.levels.iter().position(|l| l.name == level)?;
        self.levels.get(index + 1)
    }

    /// The routing rule that applies to a ticket with these values, if any.
    pub fn route(
        &self,
        kind: Option<&str>,
        category: Option<&str>,
        severity: Option<&str>,
        priority: Option<&str>,
        customer: Option<&str>,
    ) -> Option<&RoutingRule> {
        let fits = |wanted: &Option<String>, actual: Option<&str>| wanted.as_deref().is_none_or(|w| Some(w) == actual);
        self.routing.iter().find(|rule| {
            fits(&rule.when.kind, kind)
                && fits(&rule.when.category, category)
                && fits(&rule.when.severity, severity)
                && fits(&rule.when.priority, priority)
                && fits(&rule.when.customer, customer)
        })
    }

    pub fn level_names(&self) -> Vec<String> {
        self.levels.iter().map(|l| l.name.clone()).collect()
    }

    /// Where new tickets start.
    pub fn first_level(&self) -> &LevelPolicy {
        &self.levels[0]
    }

    pub fn level(&self, name: &str) -> Option<&LevelPolicy> {
        self.levels.iter().find(|l| l.name == name)
    }

    /// The priority the matrix gives an impact and urgency.
    pub fn priority_for(&self, impact: &str, urgency: &str) -> Option<&str> {
        self.priority_matrix.get(impact)?.get(urgency).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_consistent() {
        let config = Config::parse(DEFAULT_CONFIG, Path::new("config.yaml")).unwrap();
        assert_eq!(config.level_names(), ["L1", "L2", "L3"]);
        assert_eq!(config.priority_for("high", "high"), Some("P1"));
        assert_eq!(config.priority_for("low", "low"), Some("P4"));
        assert!(config.check_value(Names::Severity, "sev9").is_err());
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let text = DEFAULT_CONFIG.replace("    impact: medium\n", "    impact: enormous\n");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(err.contains("severities.sev3.impact: 'enormous'"), "{err}");
        let line = DEFAULT_CONFIG.lines().position(|l| l.contains("impact: medium")).unwrap() + 1;
        assert!(err.starts_with(&format!("c.yaml:{line}:")), "{err}");

        let text = DEFAULT_CONFIG.replace("id_prefix: ESC", "id_prefix: ESC\nseverites: {}");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        let line = text.lines().position(|l| l.starts_with("severites")).unwrap() + 1;
        assert!(err.contains(&format!("c.yaml:{line}: unknown field `severites`")), "{err}");

        let text = DEFAULT_CONFIG.replace("    team: specialists\n", "    team: specialists\n    colour: red\n");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        let line = text.lines().position(|l| l.contains("colour")).unwrap() + 1;
        assert!(err.contains(&format!("c.yaml:{line}: levels[1]: unknown field `colour`")), "{err}");
    }

    #[test]
    fn parse_errors_never_echo_a_value() {
        let text = "id_prefix: ESC\npriorities: \"tok-hunter2secret\"\n";
        let err = Config::parse(text, Path::new(".esc/config.yaml")).unwrap_err().to_string();
        assert_eq!(err, ".esc/config.yaml:2: priorities: invalid type: a string, expected a map");
        let text = "id_prefix: ESC\nlevels: [{name: L1, team: 12345678}]\nsla: {warn_at: hunter2}\n";
        let err = Config::parse(text, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(!err.contains("hunter2") && !err.contains("12345678"), "{err}");
    }

    #[test]
    fn sla_policy_problems_name_the_line() {
        let text = DEFAULT_CONFIG.replace("    calendar: business\n    ack: 4h", "    calendar: office\n    ack: 4h");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        let line = text.lines().position(|l| l.contains("calendar: office")).unwrap() + 1;
        assert!(err.contains(&format!("c.yaml:{line}: priorities.P3.calendar: 'office' is not defined")), "{err}");

        let text = DEFAULT_CONFIG.replace("ack: 15m", "ack: 15 fortnights");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(err.contains("'…' is not a duration like 15m"), "{err}");
        assert!(!err.contains("fortnights"), "the value is not echoed: {err}");

        let text = DEFAULT_CONFIG.replace("timezone: UTC", "timezone: Europe/Atlantis");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(err.contains("not an IANA time zone"), "{err}");

        let text = DEFAULT_CONFIG.replace("{ P1: 2h,", "{ P0: 2h,");
        let err = Config::parse(&text, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(err.contains("levels.L2.limits: 'P0' is not one of priorities"), "{err}");
    }
}
