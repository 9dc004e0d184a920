//! The lists of names a policy defines (types, severities, levels, teams, …) and the check
//! that a value comes from one.

use std::collections::BTreeMap;

use super::Config;
use crate::error::{Error, Result};

crate::named_enum! {
    /// The lists of names the policy defines, which ticket values must come from. The name
    /// is what messages call a value of the list.
    pub enum Names as "policy list" {
        Type = "type",
        Category = "category",
        Severity = "severity",
        Impact = "impact",
        Urgency = "urgency",
        Priority = "priority",
        Level = "level",
        Team = "team",
        Vendor = "vendor",
        ResolutionCode = "resolution code",
    }
}

impl Config {
    /// The names the policy defines for `list`; `None` when any name is accepted (an
    /// optional list the policy leaves empty).
    pub fn names(&self, list: Names) -> Option<Vec<String>> {
        let keys = |map: &BTreeMap<String, _>| map.keys().cloned().collect::<Vec<String>>();
        Some(match list {
            Names::Type => self.types.keys().cloned().collect(),
            Names::Category => self.categories.clone(),
            Names::Severity => self.severities.keys().cloned().collect(),
            Names::Impact => self.impacts.keys().cloned().collect(),
            Names::Urgency => self.urgencies.keys().cloned().collect(),
            Names::Priority => self.priorities.keys().cloned().collect(),
            Names::Level => self.level_names(),
            Names::Team if self.teams.is_empty() => return None,
            Names::Team => keys(&self.teams),
            Names::Vendor if self.vendors.is_empty() => return None,
            Names::Vendor => self.vendors.keys().cloned().collect(),
            Names::ResolutionCode if self.resolution_codes.is_empty() => return None,
            Names::ResolutionCode => keys(&self.resolution_codes),
        })
    }

    /// Checks the values of a filter flag against the names the policy defines for `list`,
    /// ignoring case as the filters do: a typo must fail, not silently match nothing.
    pub fn check_filter(&self, list: Names, values: &[String]) -> Result<()> {
        let Some(allowed) = self.names(list).filter(|names| !names.is_empty()) else { return Ok(()) };
        match values.iter().find(|v| !allowed.iter().any(|a| a.eq_ignore_ascii_case(v))) {
            Some(value) => Err(Error::InvalidValue { field: list.as_str(), value: value.clone(), allowed }),
            None => Ok(()),
        }
    }

    /// Checks `value` against the names the policy defines for `list`.
    pub fn check_value(&self, list: Names, value: &str) -> Result<()> {
        match self.names(list) {
            Some(allowed) if !allowed.iter().any(|a| a == value) => {
                Err(Error::InvalidValue { field: list.as_str(), value: value.to_string(), allowed })
            }
            _ => Ok(()),
        }
    }
}
