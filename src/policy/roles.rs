//! Who may do what: the people of the team (by git identity), the teams they work in, the
//! roles they hold, and the permission rules that say which roles may take which actions on
//! which tickets.
//!
//! Pure: [`Config::refusals`] judges one action from the ticket before and after it, so
//! `esc` refuses a disallowed action before it is recorded and `esc audit` judges every
//! recorded entry against the policy of the commit that added it with the same code.
//! A policy without `permissions:` lets everyone do everything, as before roles existed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Config;
use crate::ticket::{Action, Event, Field, Ticket};

crate::named_enum! {
    /// What a permission rule can be about: every action esc records, and three facets of
    /// actions that teams restrict on their own.
    pub enum Deed as "permission action" {
        Open = "open",
        Classify = "classify",
        Triage = "triage",
        Ack = "ack",
        Assign = "assign",
        Escalate = "escalate",
        /// An escalation that alerts management and leaves the level as it is.
        EscalateHierarchical = "escalate-hierarchical",
        Deescalate = "deescalate",
        Update = "update",
        Note = "note",
        Wait = "wait",
        Resume = "resume",
        Resolve = "resolve",
        Confirm = "confirm",
        Reopen = "reopen",
        Edit = "edit",
        /// A classify or triage that sets a priority the impact × urgency matrix does not give.
        OverridePriority = "override-priority",
        /// `esc review --publish`.
        PublishReview = "publish-review",
    }
}

/// One person: the emails git knows them by, their teams and their roles.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// Every address they commit with (compared without regard to case).
    #[serde(default)]
    pub emails: Vec<String>,
    /// Teams they work in: names from `teams:` or a level's `team`.
    #[serde(default)]
    pub teams: Vec<String>,
    /// Roles they hold: names from `roles:`.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// One name or a list of names (`severity: sev1` or `severity: [sev1, sev2]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(name) => vec![name.as_str()],
            OneOrMany::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }

    fn is_empty(&self) -> bool {
        self.names().is_empty()
    }

    /// Whether `value` is one of the names (an empty list matches anything).
    fn admits(&self, value: Option<&str>) -> bool {
        self.is_empty() || value.is_some_and(|v| self.names().contains(&v))
    }
}

/// Which tickets a rule is about: every key given must match (a list matches any of its
/// names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketMatch {
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub severity: OneOrMany,
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub priority: OneOrMany,
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub level: OneOrMany,
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub team: OneOrMany,
    #[serde(rename = "type", default, skip_serializing_if = "OneOrMany::is_empty")]
    pub kind: OneOrMany,
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub category: OneOrMany,
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub customer: OneOrMany,
}

impl TicketMatch {
    fn matches(&self, ticket: &Ticket) -> bool {
        self.severity.admits(ticket.severity.as_deref())
            && self.priority.admits(ticket.priority.as_deref())
            && self.level.admits(Some(&ticket.level))
            && self.team.admits(ticket.team.as_deref())
            && self.kind.admits(ticket.kind.as_deref())
            && self.category.admits(ticket.category.as_deref())
            && self.customer.admits(ticket.customer.as_deref())
    }
}

/// `when: {severity: sev1}` or `when: [{priority: P1}, {severity: sev1}]` (any of them).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum When {
    One(TicketMatch),
    Any(Vec<TicketMatch>),
}

impl Default for When {
    fn default() -> Self {
        When::Any(Vec::new())
    }
}

impl When {
    pub fn alternatives(&self) -> &[TicketMatch] {
        match self {
            When::One(one) => std::slice::from_ref(one),
            When::Any(many) => many,
        }
    }

    fn is_always(&self) -> bool {
        self.alternatives().is_empty()
    }

    fn matches(&self, ticket: &Ticket) -> bool {
        self.is_always() || self.alternatives().iter().any(|m| m.matches(ticket))
    }
}

/// A permission rule: these actions, on tickets that match `when`, only by people holding
/// one of `roles` (and, with `own_team`, working in the ticket's team).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionRule {
    /// How refusals and `esc audit` name the rule.
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub actions: Vec<Deed>,
    /// The tickets it is about, before or after the action; none: every ticket.
    #[serde(default, skip_serializing_if = "When::is_always")]
    pub when: When,
    /// Who may: anyone holding one of these roles.
    pub roles: Vec<String>,
    /// Who may must also work in the team that has the ticket when they act.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub own_team: bool,
    /// Whether `--override REASON` may set the rule aside (recorded, reported by `esc audit`).
    #[serde(default, rename = "override", skip_serializing_if = "std::ops::Not::not")]
    pub overridable: bool,
}

/// Who a hierarchical escalation alerts.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotifyPolicy {
    /// Roles alerted by `esc escalate --hierarchical`: the holders in the ticket's team, and
    /// holders who work in no team (management above the teams).
    #[serde(default = "default_hierarchical")]
    pub hierarchical: Vec<String>,
}

impl Default for NotifyPolicy {
    fn default() -> Self {
        NotifyPolicy { hierarchical: default_hierarchical() }
    }
}

fn default_hierarchical() -> Vec<String> {
    vec!["lead".to_string(), "manager".to_string()]
}

/// One action to judge: what it is, and the ticket before and after it.
pub struct Judged<'a> {
    pub deeds: Vec<Deed>,
    pub before: &'a Ticket,
    pub after: &'a Ticket,
}

impl<'a> Judged<'a> {
    /// The history entry `event`, taken on `before`, giving `after`. The entry alone says
    /// what it is: its action, whether it escalated hierarchically, and whether it set a
    /// priority the matrix would not give.
    pub fn entry(config: &Config, event: &Event, before: &'a Ticket, after: &'a Ticket) -> Judged<'a> {
        let mut deeds = Vec::new();
        if let Some(action) = event.action.known() {
            deeds.extend(deed_of(action, event.hierarchical));
        }
        let sets_priority = event.fields().any(|(field, _)| field == Field::Priority);
        if sets_priority && let Some(priority) = after.priority.as_deref() {
            let implied = match (after.impact.as_deref(), after.urgency.as_deref()) {
                (Some(i), Some(u)) => config.priority_for(i, u),
                _ => None,
            };
            if implied.is_some_and(|p| p != priority) {
                deeds.push(Deed::OverridePriority);
            }
        }
        Judged { deeds, before, after }
    }
}

fn deed_of(action: Action, hierarchical: bool) -> Option<Deed> {
    Some(match action {
        Action::Open => Deed::Open,
        Action::Classify => Deed::Classify,
        Action::Triage => Deed::Triage,
        Action::Ack => Deed::Ack,
        Action::Assign => Deed::Assign,
        Action::Escalate if hierarchical => Deed::EscalateHierarchical,
        Action::Escalate => Deed::Escalate,
        Action::Deescalate => Deed::Deescalate,
        Action::Update => Deed::Update,
        Action::Note => Deed::Note,
        Action::Wait => Deed::Wait,
        Action::Resume => Deed::Resume,
        Action::Resolve => Deed::Resolve,
        Action::Confirm | Action::Close => Deed::Confirm,
        Action::Reopen => Deed::Reopen,
        Action::Edit => Deed::Edit,
        Action::Breach => return None,
    })
}

/// A rule that forbids an action, with who it would allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: String,
    pub description: String,
    /// The action of the rule that applied.
    pub deed: Deed,
    pub roles: Vec<String>,
    /// The team they must work in (`own_team`).
    pub team: Option<String>,
    /// Everyone the rule would allow, by name.
    pub allowed: Vec<String>,
    pub overridable: bool,
}

impl Refusal {
    /// Why `by` may not: "Ana <…> is not a lead or expert (permission rule major-closure: …)".
    pub fn explain(&self, by: &str) -> String {
        let about = if self.description.is_empty() { String::new() } else { format!(": {}", self.description) };
        format!("{by} is not {} (permission rule {}{about})", self.who_may(), self.rule)
    }

    /// "a lead or expert (of frontline)".
    pub fn who_may(&self) -> String {
        let article = |role: &str| if role.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        let roles = match self.roles.as_slice() {
            [] => "nobody".to_string(),
            [one] => format!("{} {one}", article(one)),
            [first, rest @ ..] => {
                let (last, middle) = rest.split_last().expect("two or more");
                let middle: String = middle.iter().map(|r| format!(", {r}")).collect();
                format!("{} {first}{middle} or {last}", article(first))
            }
        };
        match &self.team {
            Some(team) => format!("{roles} of {team}"),
            None => roles,
        }
    }
}

impl Config {
    /// The person `by` ("Name <email>", an email, or a name) is, if the policy lists them:
    /// by email, else by name when `by` carries no email.
    pub fn person(&self, by: &str) -> Option<&Person> {
        match email_of(by) {
            Some(email) => self.people.iter().find(|p| p.emails.iter().any(|e| e.eq_ignore_ascii_case(email))),
            None => self.people.iter().find(|p| p.name == by.trim()),
        }
    }

    /// Every rule that forbids `by` the action `judged`. Automatic entries (`esc sweep`)
    /// are the policy's own doing and never refused.
    pub fn refusals(&self, by: &str, judged: &Judged) -> Vec<Refusal> {
        let person = self.person(by);
        let mut refusals = Vec::new();
        for rule in &self.permissions {
            let Some(&deed) = judged.deeds.iter().find(|d| rule.actions.contains(d)) else { continue };
            if !(rule.when.matches(judged.before) || rule.when.matches(judged.after)) {
                continue;
            }
            let team = rule.own_team.then(|| judged.before.team.clone()).flatten();
            let may = |p: &Person| {
                p.roles.iter().any(|r| rule.roles.contains(r))
                    && (!rule.own_team || team.as_ref().is_some_and(|t| p.teams.contains(t)))
            };
            if person.is_some_and(may) {
                continue;
            }
            let allowed = self.people.iter().filter(|p| may(p)).map(|p| p.name.clone()).collect();
            refusals.push(Refusal {
                rule: rule.name.clone(),
                description: rule.description.clone(),
                deed,
                roles: rule.roles.clone(),
                team,
                allowed,
                overridable: rule.overridable,
            });
        }
        refusals
    }

    /// Who a hierarchical escalation of `ticket` alerts: "Name <email>" of the holders of
    /// `notify.hierarchical` roles in its team, and of those in no team.
    pub fn hierarchical_recipients(&self, ticket: &Ticket) -> Vec<String> {
        let roles = &self.notify.hierarchical;
        self.people
            .iter()
            .filter(|p| p.roles.iter().any(|r| roles.contains(r)))
            .filter(|p| p.teams.is_empty() || ticket.team.as_ref().is_some_and(|t| p.teams.contains(t)))
            .map(|p| match p.emails.first() {
                Some(email) => format!("{} <{email}>", p.name),
                None => p.name.clone(),
            })
            .collect()
    }

    /// Problems in `roles`, `people`, `permissions` and `notify`: (key path, message).
    pub(super) fn role_problems(&self) -> Vec<(Vec<String>, String)> {
        let mut problems = Vec::new();
        let mut report = |path: &[&str], message: String| {
            problems.push((path.iter().map(|s| s.to_string()).collect(), message));
        };
        let teams: Vec<&str> =
            self.teams.keys().map(String::as_str).chain(self.levels.iter().filter_map(|l| l.team.as_deref())).collect();
        let mut owners: BTreeMap<String, &str> = BTreeMap::new();
        for person in &self.people {
            let at = ["people", person.name.as_str()];
            if person.name.trim().is_empty() {
                report(&["people"], "people: every person needs a name".into());
            }
            for email in &person.emails {
                if !email.contains('@') || email.contains(['<', '>', ' ']) {
                    report(&at, format!("people.{}: '{email}' is not an email address", person.name));
                } else if let Some(other) = owners.insert(email.to_ascii_lowercase(), &person.name) {
                    report(&at, format!("people.{}: {email} also belongs to {other}", person.name));
                }
            }
            for team in &person.teams {
                if !teams.contains(&team.as_str()) {
                    report(&at, format!("people.{}: team '{team}' is not one of teams or a level's team", person.name));
                }
            }
            for role in &person.roles {
                if !self.roles.contains_key(role) {
                    report(&at, format!("people.{}: role '{role}' is not one of roles", person.name));
                }
            }
        }
        for (i, rule) in self.permissions.iter().enumerate() {
            let at = ["permissions", rule.name.as_str()];
            if self.permissions[..i].iter().any(|r| r.name == rule.name) {
                report(&at, format!("permissions: '{}' is listed twice", rule.name));
            }
            if rule.actions.is_empty() {
                report(&at, format!("permissions.{}: actions: name at least one action", rule.name));
            }
            if rule.roles.is_empty() {
                report(&at, format!("permissions.{}: roles: name the roles that may", rule.name));
            }
            for role in &rule.roles {
                if !self.roles.contains_key(role) {
                    report(&at, format!("permissions.{}: role '{role}' is not one of roles", rule.name));
                }
            }
            for matching in rule.when.alternatives() {
                for (list, values) in [
                    (super::Names::Severity, &matching.severity),
                    (super::Names::Priority, &matching.priority),
                    (super::Names::Level, &matching.level),
                    (super::Names::Type, &matching.kind),
                    (super::Names::Category, &matching.category),
                ] {
                    for value in values.names() {
                        if self.check_value(list, value).is_err() {
                            report(
                                &at,
                                format!(
                                    "permissions.{}: when: {list} '{value}' is not one the policy defines",
                                    rule.name
                                ),
                            );
                        }
                    }
                }
                for team in matching.team.names() {
                    if !teams.contains(&team) {
                        report(&at, format!("permissions.{}: when: team '{team}' is not one of teams", rule.name));
                    }
                }
            }
        }
        for role in &self.notify.hierarchical {
            if !self.roles.is_empty() && !self.roles.contains_key(role) && !default_hierarchical().contains(role) {
                report(&["notify", "hierarchical"], format!("notify.hierarchical: role '{role}' is not one of roles"));
            }
        }
        problems
    }
}

/// The email in "Name <email>", or `by` itself when it is a bare address.
pub fn email_of(by: &str) -> Option<&str> {
    let by = by.trim();
    if let (Some(open), Some(close)) = (by.rfind('<'), by.rfind('>'))
        && open < close
    {
        return Some(by[open + 1..close].trim());
    }
    by.contains('@').then_some(by)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_timestamp;
    use crate::ticket::TicketId;

    const POLICY: &str = "
roles:
  agent: Support agent
  lead: Team lead
  expert: Expert
  manager: Management
people:
  - name: Ana Lima
    emails: [ana@example.com, ana.lima@home.example]
    teams: [frontline]
    roles: [agent]
  - name: Bo Berg
    emails: [bo@example.com]
    teams: [frontline]
    roles: [lead]
  - name: Chen Wei
    emails: [chen@example.com]
    teams: [specialists]
    roles: [expert, lead]
  - name: Mia Stone
    emails: [mia@example.com]
    roles: [manager]
permissions:
  - name: major-closure
    description: Only a lead or an expert resolves or de-escalates a P1 or sev1
    actions: [resolve, deescalate]
    when: [{priority: P1}, {severity: sev1}]
    roles: [lead, expert]
    override: true
  - name: own-queue
    actions: [ack]
    roles: [agent, lead]
    own_team: true
  - name: priority-by-lead
    actions: [override-priority]
    roles: [lead]
";

    fn config() -> Config {
        let text = format!("{}{POLICY}", crate::policy::DEFAULT_CONFIG);
        Config::parse(&text, std::path::Path::new("c.yaml")).unwrap()
    }

    fn ticket(priority: &str, severity: &str, team: &str) -> Ticket {
        let mut t =
            Ticket::blank(TicketId::from_random_bits("ESC", 1), parse_timestamp("2026-11-02T09:00:00Z").unwrap());
        t.priority = Some(priority.into());
        t.severity = Some(severity.into());
        t.team = Some(team.into());
        t
    }

    fn refused(config: &Config, by: &str, deed: Deed, before: &Ticket, after: &Ticket) -> Vec<String> {
        let judged = Judged { deeds: vec![deed], before, after };
        config.refusals(by, &judged).into_iter().map(|r| r.rule).collect()
    }

    #[test]
    fn a_rule_applies_to_its_actions_on_matching_tickets_and_lets_its_roles_through() {
        let c = config();
        let p1 = ticket("P1", "sev2", "frontline");
        let p3 = ticket("P3", "sev3", "frontline");
        let sev1 = ticket("P2", "sev1", "frontline");
        assert_eq!(refused(&c, "Ana Lima <ana@example.com>", Deed::Resolve, &p1, &p1), ["major-closure"]);
        assert_eq!(refused(&c, "Ana Lima <ANA.LIMA@home.example>", Deed::Deescalate, &sev1, &sev1), ["major-closure"]);
        assert!(refused(&c, "Ana Lima <ana@example.com>", Deed::Resolve, &p3, &p3).is_empty());
        assert!(refused(&c, "Ana Lima <ana@example.com>", Deed::Update, &p1, &p1).is_empty());
        assert!(refused(&c, "Bo Berg <bo@example.com>", Deed::Resolve, &p1, &p1).is_empty());
        assert!(refused(&c, "Chen Wei <chen@example.com>", Deed::Resolve, &sev1, &sev1).is_empty());
        // Someone the policy does not list holds no role.
        assert_eq!(refused(&c, "Eve <eve@example.com>", Deed::Resolve, &p1, &p1), ["major-closure"]);
        // The ticket after the action counts too: lowering a sev1 is about a sev1.
        assert_eq!(refused(&c, "Ana Lima <ana@example.com>", Deed::Resolve, &p3, &sev1), ["major-closure"]);
    }

    #[test]
    fn own_team_rules_want_the_role_in_the_tickets_team() {
        let c = config();
        let frontline = ticket("P3", "sev3", "frontline");
        let specialists = ticket("P3", "sev3", "specialists");
        assert!(refused(&c, "ana@example.com", Deed::Ack, &frontline, &frontline).is_empty());
        assert_eq!(refused(&c, "ana@example.com", Deed::Ack, &specialists, &specialists), ["own-queue"]);
        assert!(refused(&c, "chen@example.com", Deed::Ack, &specialists, &specialists).is_empty());
        let judged = Judged { deeds: vec![Deed::Ack], before: &specialists, after: &specialists };
        let refusal = c.refusals("ana@example.com", &judged).remove(0);
        assert_eq!(refusal.who_may(), "an agent or lead of specialists");
        assert_eq!(refusal.allowed, ["Chen Wei"]);
        assert!(!refusal.overridable);
    }

    #[test]
    fn a_priority_other_than_the_matrix_gives_is_an_override_of_it() {
        let c = config();
        let before = ticket("P3", "sev3", "frontline");
        let mut after = before.clone();
        after.impact = Some("high".into());
        after.urgency = Some("high".into());
        after.priority = Some("P3".into());
        let mut event = Event::new(before.created, "ana@example.com", Action::Classify);
        event.record(Field::Priority, crate::ticket::FieldValue::text(Some("P3")));
        let judged = Judged::entry(&c, &event, &before, &after);
        assert_eq!(judged.deeds, [Deed::Classify, Deed::OverridePriority]);
        assert_eq!(c.refusals("ana@example.com", &judged)[0].rule, "priority-by-lead");
        after.priority = Some("P1".into());
        assert_eq!(Judged::entry(&c, &event, &before, &after).deeds, [Deed::Classify]);
    }

    #[test]
    fn hierarchical_escalation_alerts_the_teams_leads_and_management() {
        let c = config();
        assert_eq!(
            c.hierarchical_recipients(&ticket("P1", "sev1", "frontline")),
            ["Bo Berg <bo@example.com>", "Mia Stone <mia@example.com>"]
        );
        assert_eq!(
            c.hierarchical_recipients(&ticket("P1", "sev1", "specialists")),
            ["Chen Wei <chen@example.com>", "Mia Stone <mia@example.com>"]
        );
    }

    #[test]
    fn every_when_key_narrows_a_rule_to_its_tickets() {
        let base = config();
        let mut ticket = ticket("P3", "sev3", "frontline");
        ticket.level = "L2".into();
        ticket.kind = Some("technical".into());
        ticket.category = Some("network".into());
        ticket.customer = Some("Acme".into());
        let other = |field: &str| {
            let mut t = ticket.clone();
            match field {
                "level" => t.level = "L1".into(),
                "team" => t.team = Some("specialists".into()),
                "type" => t.kind = None,
                "category" => t.category = Some("billing".into()),
                "customer" => t.customer = Some("Globex".into()),
                _ => unreachable!(),
            }
            t
        };
        for (key, value) in [
            ("level", "L2"),
            ("team", "frontline"),
            ("type", "technical"),
            ("category", "network"),
            ("customer", "Acme"),
        ] {
            let mut c = base.clone();
            let rule = format!("name: r\nactions: [note]\nwhen: {{{key}: [{value}]}}\nroles: [lead]\n");
            c.permissions = vec![crate::frontmatter::parse_yaml(&rule).unwrap()];
            assert_eq!(refused(&c, "ana@example.com", Deed::Note, &ticket, &ticket), ["r"], "{key}");
            let away = other(key);
            assert!(refused(&c, "ana@example.com", Deed::Note, &away, &away).is_empty(), "{key}");
            assert!(refused(&c, "bo@example.com", Deed::Note, &ticket, &ticket).is_empty(), "{key}");
        }
    }

    #[test]
    fn an_entry_is_the_deed_of_its_action() {
        let c = config();
        let t = ticket("P3", "sev3", "frontline");
        let deeds = |action: Action, hierarchical: bool| {
            let mut event = Event::new(t.created, "ana@example.com", action);
            event.hierarchical = hierarchical;
            Judged::entry(&c, &event, &t, &t).deeds
        };
        assert_eq!(deeds(Action::Escalate, false), [Deed::Escalate]);
        assert_eq!(deeds(Action::Escalate, true), [Deed::EscalateHierarchical]);
        assert_eq!(deeds(Action::Note, false), [Deed::Note]);
        assert_eq!(deeds(Action::Close, false), [Deed::Confirm]);
        assert!(deeds(Action::Breach, false).is_empty());
        // Every deed but the three facets is an action of the same name.
        for deed in Deed::ALL {
            if ![Deed::EscalateHierarchical, Deed::OverridePriority, Deed::PublishReview].contains(deed) {
                let action: Action = deed.as_str().parse().unwrap();
                assert_eq!(deeds(action, false), [*deed]);
            }
        }
    }

    #[test]
    fn no_permissions_means_no_refusals() {
        let c = Config::default_policy();
        let t = ticket("P1", "sev1", "frontline");
        assert!(refused(&c, "anyone@example.com", Deed::Resolve, &t, &t).is_empty());
    }

    #[test]
    fn unknown_names_in_roles_are_problems_with_their_line() {
        let text = format!(
            "{}{}",
            crate::policy::DEFAULT_CONFIG,
            "roles: {lead: Lead}\npeople:\n  - name: Ana\n    emails: [ana@x.example]\n    teams: [nowhere]\n    roles: [boss]\npermissions:\n  - name: r\n    actions: [resolve]\n    when: {severity: sev9}\n    roles: [chief]\n"
        );
        let config: Config = crate::frontmatter::parse_yaml(&text).unwrap();
        let problems: Vec<String> = config.problems(&text, "c.yaml").iter().map(|p| p.to_string()).collect();
        let line = |key: &str| text.lines().position(|l| l.contains(key)).unwrap() + 1;
        assert_eq!(
            problems,
            [
                format!(
                    "c.yaml:{}: people.Ana: team 'nowhere' is not one of teams or a level's team",
                    line("- name: Ana")
                ),
                format!("c.yaml:{}: people.Ana: role 'boss' is not one of roles", line("- name: Ana")),
                format!("c.yaml:{}: permissions.r: role 'chief' is not one of roles", line("- name: r")),
                format!(
                    "c.yaml:{}: permissions.r: when: severity 'sev9' is not one the policy defines",
                    line("- name: r")
                ),
            ]
        );
    }
}
