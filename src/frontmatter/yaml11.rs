//! Which plain scalars a YAML 1.1 reader takes for something other than a string.
//!
//! esc reads YAML 1.2 (serde_yaml), where `NO`, `on`, `12:30` and `2026-01-02` are strings.
//! Many readers of the same files still follow YAML 1.1 (PyYAML, python-frontmatter, Ruby's
//! Psych, editors' front-matter plugins): to them a customer named `NO` is `false`, a label
//! `12:30` is the number 750 and a title `2026-01-02` is a date. esc quotes every string
//! such a reader would resolve otherwise, so every reader agrees it is a string.
//!
//! The rules are YAML 1.1's implicit types (<https://yaml.org/type/>) as PyYAML applies them,
//! widened where the spec or other readers are wider (`y`/`n`, `1.2.3`, dates with a time
//! and no seconds): quoting a string that needed none costs two characters, the other way
//! round a reader gets the wrong value.

/// Whether a YAML 1.1 reader resolves `text`, written as a plain scalar, to a non-string:
/// null, a boolean, an integer, a float, a timestamp, a merge key (`<<`) or a value key (`=`).
pub fn resolves_to_non_string(text: &str) -> bool {
    is_null(text) || is_bool(text) || is_int(text) || is_float(text) || is_timestamp(text) || matches!(text, "=" | "<<")
}

/// A complete RFC 3339 time as esc writes its own (`2026-11-25T09:30:00Z`): a YAML 1.1
/// reader reads it as that instant, which is what it means, so it stays plain.
pub fn is_rfc3339_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.as_bytes().get(10) == Some(&b'T')
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn is_bool(text: &str) -> bool {
    matches!(
        text,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

fn unsigned(text: &str) -> &str {
    text.strip_prefix(['-', '+']).unwrap_or(text)
}

/// Digits of `radix` and `_`, at least one character.
fn digits(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.chars().all(|c| c == '_' || c.is_digit(radix))
}

/// `[1-9][0-9_]*(:[0-5]?[0-9])+`'s tail: one or more `:` groups of one or two base-60 digits.
fn sexagesimal_tail(groups: &str) -> bool {
    groups.split(':').all(|group| {
        let bytes = group.as_bytes();
        match bytes {
            [d] => d.is_ascii_digit(),
            [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
            _ => false,
        }
    })
}

/// `0b1010`, `0x1F`, `017` (octal), `0`, `1_000`, `1:20:30` (base 60), each with a sign.
fn is_int(text: &str) -> bool {
    let body = unsigned(text);
    if let Some(rest) = body.strip_prefix("0b") {
        return digits(rest, 2);
    }
    if let Some(rest) = body.strip_prefix("0x") {
        return digits(rest, 16);
    }
    if let Some(rest) = body.strip_prefix("0o") {
        return digits(rest, 8);
    }
    if let Some(rest) = body.strip_prefix('0') {
        return rest.is_empty() || digits(rest, 8);
    }
    if let Some((head, groups)) = body.split_once(':') {
        return body.starts_with(|c: char| c.is_ascii_digit()) && digits(head, 10) && sexagesimal_tail(groups);
    }
    body.starts_with(|c: char| c.is_ascii_digit()) && digits(body, 10)
}

/// `1.5`, `.5`, `1.`, `1_000.5`, `1.2.3`, `6.8523015e+5`, `190:20:30.15` (base 60), `.inf`,
/// `-.Inf`, `.NaN`.
fn is_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let body = unsigned(text);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let mantissa = match body.find(['e', 'E']) {
        Some(at) => {
            let exponent = &body[at + 1..];
            let exponent_digits = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
            if exponent_digits.is_empty() || !exponent_digits.chars().all(|c| c.is_ascii_digit()) {
                return false;
            }
            &body[..at]
        }
        None => body,
    };
    if !mantissa.contains('.') || !mantissa.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if let Some((whole, fraction)) = mantissa.split_once('.')
        && let Some((head, groups)) = whole.split_once(':')
    {
        return digits(head, 10) && sexagesimal_tail(groups) && (fraction.is_empty() || digits(fraction, 10));
    }
    !mantissa.starts_with('_') && mantissa.chars().all(|c| c.is_ascii_digit() || c == '_' || c == '.')
}

/// `2026-01-02`, and a date followed by a time in any of the forms readers accept
/// (`2026-01-02T10:00:00Z`, `2026-1-2 10:00:00.5 +01:00`, `2026-01-02 10:00`).
fn is_timestamp(text: &str) -> bool {
    let mut parts = text.splitn(3, '-');
    let (Some(year), Some(month), Some(rest)) = (parts.next(), parts.next(), parts.next()) else { return false };
    let number = |s: &str, lengths: &[usize]| lengths.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    if !number(year, &[4]) || !number(month, &[1, 2]) {
        return false;
    }
    let day_len = rest.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return false;
    }
    let time = &rest[day_len..];
    if time.is_empty() {
        return true;
    }
    let Some(time) = time.strip_prefix(['T', 't']).or_else(|| time.strip_prefix([' ', '\t'])) else { return false };
    let time = time.trim_start_matches([' ', '\t']);
    time.starts_with(|c: char| c.is_ascii_digit())
        && time.contains(':')
        && time.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'Z' | 'z' | ' ' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_yaml_1_1_reads_as_something_else() {
        let non_strings = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "y",
            "Y",
            "yes",
            "Yes",
            "YES",
            "n",
            "N",
            "no",
            "No",
            "NO",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "on",
            "On",
            "ON",
            "off",
            "Off",
            "OFF",
            "0",
            "12",
            "-12",
            "+12",
            "1_000",
            "017",
            "0o17",
            "0x1F",
            "0x_1f",
            "0b1010",
            "-0b1",
            "12:30",
            "1:20:30",
            "190:20:30",
            "1.5",
            ".5",
            "1.",
            "-1.5",
            "1_000.5",
            "1.2.3",
            "6.8523015e+5",
            "685.230_15e+03",
            "190:20:30.15",
            ".inf",
            "-.inf",
            "+.Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            "2026-01-02",
            "2026-1-2",
            "2026-01-02T10:00:00Z",
            "2026-01-02t10:00:00",
            "2026-01-02 10:00",
            "2026-01-02 10:00:00.5 +01:00",
            "2026-01-02\t10:00:00",
            "=",
            "<<",
        ];
        for text in non_strings {
            assert!(resolves_to_non_string(text), "{text:?} should be quoted");
        }
    }

    #[test]
    fn what_stays_a_string() {
        let strings = [
            "yess",
            "nope",
            "Off-by-one",
            "y2k",
            "ESC-7K2M9QXA",
            "sev1",
            "P2",
            "L1",
            "12:60",
            "12:3a",
            "1:2:3:",
            "0x",
            "0b2",
            "089",
            "_1",
            "1e3",
            "1.5x",
            "v1.2",
            "...",
            ".",
            "2026-01",
            "2026-01-02x",
            "2026-01-02 noon",
            "a=b",
            "<<<",
            "-",
            "+",
            "Acme Retail",
            "Ana Lima <ana@example.com>",
            "NOT",
            "inf",
            "nan",
            ".info",
        ];
        for text in strings {
            assert!(!resolves_to_non_string(text), "{text:?} is a string to a YAML 1.1 reader");
        }
    }

    #[test]
    fn esc_times_are_told_apart() {
        assert!(is_rfc3339_time("2026-11-25T09:30:00Z"));
        assert!(is_rfc3339_time("2026-11-25T09:30:00.25+01:00"));
        assert!(!is_rfc3339_time("2026-11-25 09:30:00Z"));
        assert!(!is_rfc3339_time("2026-11-25"));
        assert!(!is_rfc3339_time("2026-11-25T09:30"));
    }
}
