//! Property tests through the binary: whatever one-line text a user types comes back intact,
//! and never leaks into the commit's subject or trailers.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::{TestEnv, front_matter_value};

/// Printable text with YAML- and Markdown-significant characters, non-ASCII and odd spaces.
/// (Invisible formatting characters such as U+200B are rejected: see the test below.)
fn one_line_text() -> impl Strategy<Value = String> {
    "[ -~éü€日本\u{a0}]{1,60}".prop_filter("not blank", |t| !t.trim().is_empty())
}

#[test]
fn invisible_formatting_characters_are_rejected() {
    let env = TestEnv::initialised();
    for text in ["zero\u{200b}width", "line\u{2028}separator", "bidi\u{202e}override"] {
        let run = env.esc(&["open", "--", text]);
        assert_eq!(run.code, 2, "{text:?} should be rejected");
        assert!(run.stderr.contains("invisible formatting character"), "{}", run.stderr);
    }
    assert_eq!(env.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn titles_and_customers_round_trip_and_stay_out_of_the_trailers() {
    let env = TestEnv::initialised();
    let mut runner = TestRunner::new(Config { cases: 24, failure_persistence: None, ..Config::default() });
    runner
        .run(&(one_line_text(), one_line_text()), |(title, customer)| {
            // `--` so that a title starting with '-' is not taken for an option.
            let customer_flag = format!("--customer={customer}"); // a value may start with '-'
            let run = env.esc(&["--json", "open", &customer_flag, "--", &title]);
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            let shown: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
            let id = shown["id"].as_str().expect("an id").to_string();
            prop_assert_eq!(&shown["title"], title.trim());
            prop_assert_eq!(&shown["customer"], customer.as_str());

            let again: serde_json::Value = serde_json::from_str(&env.esc_ok(&["--json", "show", &id])).expect("JSON");
            prop_assert_eq!(&again["title"], title.trim());
            prop_assert_eq!(&again["customer"], customer.as_str());
            let text = env.read(shown["path"].as_str().expect("a path"));
            prop_assert_eq!(front_matter_value(&text, "id"), Some(id.clone()));

            let subject = env.git(&["log", "-1", "--format=%s"]);
            prop_assert!(subject.starts_with(&format!("esc: open {id}: ")), "{}", subject);
            prop_assert_eq!(subject.lines().count(), 1);
            let trailers = env.git(&["log", "-1", "--format=%(trailers:only,unfold)"]);
            prop_assert_eq!(trailers.trim_end(), format!("Esc-Ticket: {id}\nEsc-Action: open"));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    env.assert_clean();
    env.esc(&["lint"]).expect_code(0, "lint after random titles");
}
