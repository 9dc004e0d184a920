//! `esc config`: the policy as esc reads it (every default filled in), one value of it by
//! its dotted key, and the JSON Schema editors use to complete `.esc/config.yaml`.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::policy::Config;

/// The effective policy: what esc uses, defaults included (keys sorted).
pub fn effective(config: &Config) -> Value {
    serde_json::to_value(config).unwrap_or(Value::Null)
}

/// The value at `key`, a dotted path such as `sla.warn_at`, `priorities.P1.ack` or
/// `levels.L2.limits` (a list is indexed by its items' `name`, or by number from 0). An
/// unknown part is an error naming the closest key there.
pub fn get(config: &Config, key: &str) -> Result<Value> {
    let mut value = effective(config);
    let mut path = Vec::new();
    for part in key.split('.') {
        let next = match &value {
            Value::Object(map) => map.get(part).cloned().ok_or_else(|| map.keys().cloned().collect()),
            Value::Array(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .or_else(|| items.iter().find(|item| item.get("name").and_then(Value::as_str) == Some(part)))
                .cloned()
                .ok_or_else(|| items.iter().filter_map(|i| i.get("name")?.as_str().map(str::to_string)).collect()),
            _ => Err(Vec::new()),
        };
        path.push(part);
        value = next.map_err(|allowed: Vec<String>| Error::InvalidValue {
            field: "config key",
            value: path.join("."),
            allowed: allowed.iter().map(|k| format!("{}{k}", prefix(&path))).collect(),
        })?;
    }
    Ok(value)
}

/// `a.b.` for the path `a.b.c`: where the keys a hint lists live.
fn prefix(path: &[&str]) -> String {
    path[..path.len() - 1].iter().map(|p| format!("{p}.")).collect()
}

/// The JSON Schema of `.esc/config.yaml`, from the same types esc parses it with.
pub fn schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Config)).unwrap_or(Value::Null);
    if let Some(map) = schema.as_object_mut() {
        map.insert("title".into(), Value::from("esc policy (.esc/config.yaml)"));
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_reach_maps_lists_and_scalars_and_a_typo_names_the_closest_key() {
        let config = Config::default_policy();
        assert_eq!(get(&config, "sla.warn_at").unwrap(), Value::from("75%"));
        assert_eq!(get(&config, "priorities.P1.ack").unwrap(), Value::from("15m"));
        assert_eq!(get(&config, "levels.0.name").unwrap(), Value::from("L1"));
        assert_eq!(get(&config, "levels.L2.name").unwrap(), Value::from("L2"));
        let err = get(&config, "sla.warnat").unwrap_err();
        assert_eq!(err.to_string(), "invalid config key 'sla.warnat'");
        assert!(err.hint().unwrap().starts_with("did you mean 'sla.warn_at'?"), "{:?}", err.hint());
    }

    #[test]
    fn the_schema_covers_every_top_level_key_and_refuses_unknown_ones() {
        let schema = schema();
        let properties = schema["properties"].as_object().expect("properties");
        for key in ["levels", "priorities", "calendars", "sla", "reviews", "triage", "routing"] {
            assert!(properties.contains_key(key), "{key}");
        }
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
    }
}
