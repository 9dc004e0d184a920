//! YAML text for the values esc writes, read alike by YAML 1.2 and YAML 1.1 readers.
//!
//! serde_yaml writes a string plain whenever YAML 1.2 reads it back as that string, so
//! `customer: NO` comes back as `false` from PyYAML. serde_yaml cannot be asked to quote a
//! scalar, so the strings a YAML 1.1 reader would misread are swapped for placeholder words
//! before serializing and for their single-quoted form after: everything else is serde_yaml's
//! text exactly as before, and the result is checked by reading it back like every render.

use serde_yaml::{Mapping, Value};

use super::errors::SyntaxError;
use super::yaml11::{is_rfc3339_time, resolves_to_non_string};

/// `value` as YAML, every string a YAML 1.1 reader would take for another type quoted.
pub(super) fn to_yaml(value: &Value) -> Result<String, SyntaxError> {
    let stem = placeholder_stem(value);
    let mut swapped = value.clone();
    let mut quoted = Vec::new();
    swap(&mut swapped, &stem, &mut quoted);
    let mut text = serde_yaml::to_string(&swapped).map_err(|e| SyntaxError::new(1, e.to_string()))?;
    for (index, original) in quoted.iter().enumerate() {
        let placeholder = placeholder(&stem, index);
        // Each placeholder is one plain scalar, once: anything else would be a wrong text.
        if text.matches(&placeholder).count() != 1 {
            return Err(SyntaxError::new(1, "esc could not write a value in quotes; nothing was written"));
        }
        text = text.replacen(&placeholder, &single_quoted(original), 1);
    }
    Ok(text)
}

/// Whether `text` must be quoted: YAML 1.1 reads it as something else, and it is not one of
/// esc's own times (those a YAML 1.1 reader reads as the instant they are).
fn needs_quotes(text: &str) -> bool {
    resolves_to_non_string(text) && !is_rfc3339_time(text)
}

fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The placeholder for the `index`th quoted string; the trailing `x` keeps `…1x` from being
/// part of `…10x`.
fn placeholder(stem: &str, index: usize) -> String {
    format!("{stem}{index}x")
}

/// A word no string in `value` contains, so placeholders cannot meet the user's text.
fn placeholder_stem(value: &Value) -> String {
    (0u64..)
        .map(|n| format!("escquoted{n}n"))
        .find(|stem| !any_string(value, &|text| text.contains(stem.as_str())))
        .expect("some stem is free")
}

fn any_string(value: &Value, test: &dyn Fn(&str) -> bool) -> bool {
    match value {
        Value::String(text) => test(text),
        Value::Sequence(items) => items.iter().any(|item| any_string(item, test)),
        Value::Mapping(map) => map.iter().any(|(k, v)| any_string(k, test) || any_string(v, test)),
        Value::Tagged(tagged) => any_string(&tagged.value, test),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Replaces, keys included, every string that needs quotes by its placeholder, remembering
/// the string in `quoted` (the placeholder's index).
fn swap(value: &mut Value, stem: &str, quoted: &mut Vec<String>) {
    match value {
        Value::String(text) if needs_quotes(text) => {
            let placeholder = placeholder(stem, quoted.len());
            quoted.push(std::mem::replace(text, placeholder));
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| swap(item, stem, quoted)),
        Value::Mapping(map) => {
            let entries = std::mem::take(map);
            *map = entries
                .into_iter()
                .map(|(mut key, mut value)| {
                    swap(&mut key, stem, quoted);
                    swap(&mut value, stem, quoted);
                    (key, value)
                })
                .collect::<Mapping>();
        }
        Value::Tagged(tagged) => swap(&mut tagged.value, stem, quoted),
        Value::String(_) | Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn strings_yaml_1_1_misreads_are_quoted_and_read_back_the_same() {
        let value = yaml(
            "title: 'yes'\ncustomer: 'NO'\nlabels: ['12:30', on, '2026-01-02', plain]\nat: 2026-11-25T09:30:00Z\n\
             'off': '<<'\nn: '1_000'\nquote: \"it's\"\n",
        );
        let text = to_yaml(&value).unwrap();
        assert_eq!(
            text,
            "title: 'yes'\ncustomer: 'NO'\nlabels:\n- '12:30'\n- 'on'\n- '2026-01-02'\n- plain\n\
             at: 2026-11-25T09:30:00Z\n'off': '<<'\n'n': '1_000'\nquote: it's\n"
        );
        assert_eq!(yaml(&text), value);
    }

    #[test]
    fn placeholders_never_meet_the_users_text() {
        let value = yaml("a: escquoted0n0x\nb: 'yes'\nc: escquoted1n\n");
        let text = to_yaml(&value).unwrap();
        assert_eq!(text, "a: escquoted0n0x\nb: 'yes'\nc: escquoted1n\n");
        assert_eq!(yaml(&text), value);
    }
}
