//! The envelope every `--json` output shares, and the JSON Schema of each one.
//!
//! One rule for all of them: the output is one JSON object with `schema_version` first; every
//! key a view declares is always present, `null` when it has no value and `[]` or `{}` when
//! it is an empty list or map. docs/json.md documents each command's keys; `esc schema`
//! prints what is derived here, so the two cannot drift apart from the code.

use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde_json::Value;

/// The version of the JSON vocabulary: raised when a key is renamed or removed, or changes
/// its type (new keys do not raise it).
pub const SCHEMA_VERSION: u32 = 1;

// A view with `schema_version` in front of its own keys. (Not a doc comment: a schema
// describes the view, not this wrapper.)
#[derive(Serialize, JsonSchema)]
pub struct Versioned<T> {
    /// The version of this output's vocabulary (docs/json.md).
    schema_version: u32,
    #[serde(flatten)]
    data: T,
}

impl<T> Versioned<T> {
    pub fn new(data: T) -> Versioned<T> {
        Versioned { schema_version: SCHEMA_VERSION, data }
    }
}

/// A value a history entry gave a field, as a schema sees it: a text, a list of texts, or
/// `null` (cleared). The file model's own type serializes to exactly this.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // a shape for the schema only
pub enum FieldValueShape {
    Text(String),
    List(Vec<String>),
}

/// What the `set` of a history entry looks like: field name to value.
pub type SetShape = BTreeMap<String, Option<FieldValueShape>>;

/// The JSON Schema of `T` wrapped in the envelope, titled after the command that prints it.
pub fn schema_of<T: JsonSchema>(title: &str) -> Value {
    let mut schema = finish(schemars::schema_for!(Versioned<T>), title);
    if let (Value::Object(map), Some(description)) = (&mut schema, schemars::schema_for!(T).get("description")) {
        map.insert("description".into(), description.clone());
    }
    schema
}

/// The schema of an output that is one of two shapes (`esc stats` with or without
/// `--trend`, `esc conflicts` with or without `--fix`).
pub fn schema_of_either<A: JsonSchema, B: JsonSchema>(title: &str) -> Value {
    #[derive(JsonSchema)]
    #[serde(untagged)]
    #[allow(dead_code)] // a shape for the schema only
    enum Either<A, B> {
        A(Versioned<A>),
        B(Versioned<B>),
    }
    finish(schemars::schema_for!(Either<A, B>), title)
}

fn finish(schema: Schema, title: &str) -> Value {
    let mut value = schema.to_value();
    every_key_required(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert("title".into(), Value::String(title.into()));
    }
    value
}

/// Every key is always present (the one rule above), so every object schema requires all
/// of its properties, `Option` fields included.
fn every_key_required(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get("properties") {
                let keys: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
                map.insert("required".into(), Value::Array(keys));
            }
            map.values_mut().for_each(every_key_required);
        }
        Value::Array(items) => items.iter_mut().for_each(every_key_required),
        _ => {}
    }
}
