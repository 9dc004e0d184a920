//! Classifying a ticket: the values a person gives are checked against the policy, a
//! severity implies its impact and urgency, the impact × urgency matrix gives the priority
//! (an override needs a reason), and the routing rules say where the result goes. One
//! decision, used by `esc open` and by `esc classify`/`triage`.

use super::{Config, Names, RoutingRule};
use crate::error::{Error, Result};

/// Classification values; `None` means "not given" (or, for a ticket, "not set").
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Classification {
    pub kind: Option<String>,
    pub category: Option<String>,
    pub impact: Option<String>,
    pub urgency: Option<String>,
    pub severity: Option<String>,
    /// Overrides the matrix; needs a reason.
    pub priority: Option<String>,
}

/// What a ticket's classification becomes, and the routing rule that then applies.
#[derive(Debug, Clone)]
pub struct Classified<'a> {
    pub values: Classification,
    pub route: Option<&'a RoutingRule>,
}

impl Config {
    /// Applies `given` on top of `current` (a new ticket has none) for a ticket of
    /// `customer`. `reason` explains a priority that differs from the matrix.
    pub fn classify(
        &self,
        current: &Classification,
        given: &Classification,
        reason: Option<&str>,
        customer: Option<&str>,
    ) -> Result<Classified<'_>> {
        let checked = |list: Names, value: &Option<String>| -> Result<Option<String>> {
            if let Some(v) = value {
                self.check_value(list, v)?;
            }
            Ok(value.clone())
        };
        let kind = checked(Names::Type, &given.kind)?.or_else(|| current.kind.clone());
        let category = checked(Names::Category, &given.category)?.or_else(|| current.category.clone());
        let new_severity = checked(Names::Severity, &given.severity)?;
        let implied = new_severity.as_ref().and_then(|s| self.severities.get(s));
        let impact = checked(Names::Impact, &given.impact)?
            .or_else(|| implied.map(|s| s.impact.clone()))
            .or_else(|| current.impact.clone());
        let urgency = checked(Names::Urgency, &given.urgency)?
            .or_else(|| implied.map(|s| s.urgency.clone()))
            .or_else(|| current.urgency.clone());
        let severity = new_severity.or_else(|| current.severity.clone());
        let from_matrix = match (&impact, &urgency) {
            (Some(i), Some(u)) => self.priority_for(i, u).map(str::to_string),
            _ => None,
        };
        let priority = match checked(Names::Priority, &given.priority)? {
            Some(p) if Some(&p) != from_matrix.as_ref() && reason.is_none_or(|r| r.trim().is_empty()) => {
                return Err(Error::InvalidInput(format!(
                    "priority {p} overrides the matrix ({} for impact {} and urgency {}): give a --reason",
                    from_matrix.as_deref().unwrap_or("none"),
                    impact.as_deref().unwrap_or("-"),
                    urgency.as_deref().unwrap_or("-"),
                )));
            }
            Some(p) => Some(p),
            // An earlier override stays until impact or urgency change.
            None if impact == current.impact && urgency == current.urgency && current.priority.is_some() => {
                current.priority.clone()
            }
            None => from_matrix,
        };
        let route =
            self.route(kind.as_deref(), category.as_deref(), severity.as_deref(), priority.as_deref(), customer);
        Ok(Classified { values: Classification { kind, category, impact, urgency, severity, priority }, route })
    }
}
