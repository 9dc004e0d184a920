//! `esc config`: the effective policy, one value by key, the file's path, a check, and a
//! JSON Schema that really describes the files esc accepts.

use serde_json::Value;

use crate::common::TestEnv;

#[test]
fn show_and_get_print_the_policy_with_its_defaults_filled_in() {
    let env = TestEnv::initialised();
    let shown = env.esc_ok(&["config"]);
    assert!(shown.starts_with("id_prefix: ESC\nlevels:\n- name: L1\n"), "{shown}");
    assert_eq!(env.esc_ok(&["config", "get", "priorities.P1.ack"]), "15m\n");
    assert_eq!(env.esc_ok(&["config", "get", "levels.L2.name"]), "L2\n");
    assert_eq!(env.esc_ok(&["config", "get", "levels.1.name"]), "L2\n");
    let subtree = env.esc_ok(&["config", "get", "sla.sweep"]);
    assert_eq!(subtree, "escalate_on:\n- level\n- ack\n");
    let json: Value = serde_json::from_str(&env.esc_ok(&["--json", "config", "get", "sla"])).expect("JSON");
    assert_eq!(json["warn_at"], "75%");

    // A policy that leaves `sla:` out gets the defaults.
    let text = env.read(".esc/config.yaml");
    let start = text.find("\nsla:").expect("an sla section") + 1;
    let end = start + text[start..].find("\n\n").expect("a blank line after it");
    env.write(".esc/config.yaml", &format!("{}{}", &text[..start], &text[end + 2..]));
    assert_eq!(env.esc_ok(&["config", "get", "sla.warn_at"]), "75%\n");

    let run = env.esc(&["config", "get", "sla.warnat"]).expect_error("a typo");
    assert!(run.stderr.contains("invalid config key 'sla.warnat'"), "{}", run.stderr);
    assert!(run.hint().is_some_and(|h| h.starts_with("did you mean 'sla.warn_at'?")), "{}", run.stderr);
    env.esc(&["config", "get", "levels.L9"]).expect_error("no such level");
}

#[test]
fn path_and_check_tell_where_the_policy_is_and_whether_it_is_sound() {
    let env = TestEnv::initialised();
    let path = env.esc_ok(&["config", "path"]);
    assert!(path.trim_end().ends_with(".esc/config.yaml") && std::path::Path::new(path.trim_end()).is_file());
    let run = env.esc(&["config", "check"]).expect_code(0, "the default policy");
    assert!(run.stderr.contains("no findings"), "{}", run.stderr);
    env.edit(".esc/config.yaml", "\nlevels:", "\nlevels_typo: 1\nlevels:");
    let run = env.esc(&["config", "check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with(".esc/config.yaml:"), "{}", run.stdout);
}

#[test]
fn the_generated_policy_names_no_file_the_user_does_not_have() {
    let env = TestEnv::initialised();
    let text = env.read(".esc/config.yaml");
    assert!(!text.contains("docs/"), "the user's repository has no docs/ of esc's");
    assert!(text.contains("esc config --help"), "{}", &text[..300]);
}

/// A small JSON Schema checker: type, enum, properties, required, additionalProperties,
/// items, `$ref` to `$defs`, anyOf and oneOf. Returns the first problem found.
fn check(value: &Value, schema: &Value, root: &Value, at: &str) -> Result<(), String> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return check(value, &root["$defs"][name], root, at);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array)
            && !options.iter().any(|option| check(value, option, root, at).is_ok())
        {
            return Err(format!("{at}: matches none of {key}"));
        }
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !types.iter().any(|t| *t == actual || (*t == "number" && actual == "integer")) {
            return Err(format!("{at}: {actual}, expected {types:?}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let Value::Object(map) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !map.contains_key(required.as_str().unwrap_or_default()) {
                return Err(format!("{at}: {required} is missing"));
            }
        }
        for (key, item) in map {
            let here = format!("{at}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(property) => check(item, property, root, &here)?,
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => return Err(format!("{here}: not allowed")),
                    Some(extra @ Value::Object(_)) => check(item, extra, root, &here)?,
                    _ => {}
                },
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(item, item_schema, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn yaml_as_json(text: &str) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
    serde_json::to_value(yaml).expect("as JSON")
}

#[test]
fn the_schema_accepts_the_policies_esc_accepts_and_refuses_a_misspelt_key() {
    let env = TestEnv::initialised();
    let schema: Value = serde_json::from_str(&env.esc_ok(&["config", "schema"])).expect("a JSON schema");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let default = yaml_as_json(&env.read(".esc/config.yaml"));
    check(&default, &schema, &schema, "config").expect("the default policy fits the schema");
    let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-repo/.esc/config.yaml"))
        .expect("the sample policy");
    check(&yaml_as_json(&sample), &schema, &schema, "config").expect("the sample policy fits the schema");
    let typo = yaml_as_json(&env.read(".esc/config.yaml").replace("\nseverities:", "\nseverites:"));
    let problem = check(&typo, &schema, &schema, "config").expect_err("a misspelt key");
    assert!(problem.contains("severites"), "{problem}");
    let effective: Value = serde_json::from_str(&env.esc_ok(&["--json", "config"])).expect("JSON");
    check(&effective, &schema, &schema, "config").expect("the effective policy fits the schema too");
}
