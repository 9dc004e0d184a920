//! `esc triage`: walk the config's decision tree to a consistent severity, type or category.

use crate::error::{Error, Result};
use crate::policy::Classification;
use crate::policy::{Config, TriageQuestion};
use crate::suggest::closest;

/// A question on the way, for whoever answers it (a person at a terminal, or `--answer`).
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub key: &'a str,
    pub ask: &'a str,
    pub answers: Vec<&'a str>,
}

/// The longest walk before esc calls the tree circular.
const MAX_QUESTIONS: usize = 64;

/// What a typed reply to a question means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<'a> {
    /// One of the answers: typed in full or as a prefix of no other, in any case.
    Answer(&'a str),
    /// The start of several answers.
    Ambiguous(Vec<&'a str>),
    /// No answer starts so; the closest one if it looks like a typo of it.
    Unknown(Option<&'a str>),
}

impl<'a> Question<'a> {
    /// Reads `typed` as one of this question's answers (`y` for `yes`, `NO` for `no`); an
    /// answer typed in full wins over longer ones it starts (`no` with `no` and `none`).
    pub fn interpret(&self, typed: &str) -> Reply<'a> {
        let typed = typed.trim().to_lowercase();
        if typed.is_empty() {
            return Reply::Unknown(None);
        }
        if let Some(exact) = self.answers.iter().find(|a| a.to_lowercase() == typed) {
            return Reply::Answer(exact);
        }
        let starting: Vec<&'a str> =
            self.answers.iter().copied().filter(|a| a.to_lowercase().starts_with(&typed)).collect();
        match starting.as_slice() {
            [one] => Reply::Answer(one),
            [] => Reply::Unknown(closest(&typed, self.answers.iter().copied())),
            _ => Reply::Ambiguous(starting),
        }
    }

    /// The answer `typed` means, or the error saying why it is none.
    pub fn answer(&self, typed: &str) -> Result<&'a str> {
        let pairs = |answers: &[&str]| answers.iter().map(|a| format!("{}={a}", self.key)).collect::<Vec<_>>();
        match self.interpret(typed) {
            Reply::Answer(answer) => Ok(answer),
            Reply::Ambiguous(several) => Err(Error::UnknownChoice {
                message: format!(
                    "ambiguous triage answer '{}={}': it starts {}",
                    self.key,
                    typed.trim(),
                    several.join(" and ")
                ),
                suggestion: None,
                allowed: pairs(&several),
            }),
            Reply::Unknown(suggestion) => Err(Error::UnknownChoice {
                message: format!("invalid triage answer '{}={}'", self.key, typed.trim()),
                suggestion: suggestion.map(|s| format!("{}={s}", self.key)),
                allowed: pairs(&self.answers),
            }),
        }
    }
}

/// Checks that every question named in `keys` (from `--answer KEY=…`) is in the tree, so a
/// misspelt one is an error rather than an answer silently never used.
pub fn check_questions<'a>(config: &Config, keys: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let tree = config.triage.as_ref().ok_or_else(no_tree)?;
    for key in keys {
        if !tree.questions.contains_key(key) {
            let known = tree.questions.keys().map(String::as_str);
            return Err(Error::UnknownChoice {
                message: format!("invalid triage question '{key}' (in --answer {key}=…)"),
                suggestion: closest(key, known.clone()).map(str::to_string),
                allowed: known.map(str::to_string).collect(),
            });
        }
    }
    Ok(())
}

fn no_tree() -> Error {
    Error::InvalidInput(
        "the config has no triage tree (add a triage: tree to .esc/config.yaml; `esc config schema` describes it)"
            .into(),
    )
}

/// Asks questions from the tree's start until an answer leads nowhere further, and returns
/// the values collected (later answers win) and the answers given. A reply may be any
/// unique prefix of an answer, in any case ([`Question::interpret`]); the answer recorded is
/// the one it means.
pub fn walk(
    config: &Config,
    mut answer: impl FnMut(&Question<'_>) -> Result<String>,
) -> Result<(Classification, Vec<(String, String)>)> {
    let tree = config.triage.as_ref().ok_or_else(no_tree)?;
    let mut values = Classification::default();
    let mut given = Vec::new();
    let mut key = tree.start.clone();
    for _ in 0..MAX_QUESTIONS {
        let question: &TriageQuestion = tree
            .questions
            .get(&key)
            .ok_or_else(|| Error::InvalidInput(format!("triage question '{key}' is not in the config")))?;
        let asked =
            Question { key: &key, ask: &question.ask, answers: question.answers.keys().map(String::as_str).collect() };
        let reply = answer(&asked)?;
        let chosen = asked.answer(&reply)?.to_string();
        let outcome = &question.answers[&chosen];
        given.push((key.clone(), chosen));
        if outcome.severity.is_some() {
            values.severity = outcome.severity.clone();
        }
        if outcome.kind.is_some() {
            values.kind = outcome.kind.clone();
        }
        if outcome.category.is_some() {
            values.category = outcome.category.clone();
        }
        match &outcome.next {
            Some(next) => key = next.clone(),
            None => return Ok((values, given)),
        }
    }
    Err(Error::InvalidInput("the triage tree goes round in circles; check triage: in the config".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tree_reaches_every_severity() {
        let config = Config::default_policy();
        let cases: [(&[&str], &str); 4] = [
            (&["yes"], "sev1"),
            (&["no", "yes"], "sev2"),
            (&["no", "no", "no"], "sev3"),
            (&["no", "no", "yes"], "sev4"),
        ];
        for (replies, severity) in cases {
            let mut next = replies.iter();
            let (values, given) = walk(&config, |_| Ok(next.next().unwrap().to_string())).unwrap();
            assert_eq!(values.severity.as_deref(), Some(severity));
            // Every reply was asked for, in order, and recorded with its question.
            let answers: Vec<&str> = given.iter().map(|(_, answer)| answer.as_str()).collect();
            assert_eq!(answers, replies, "answers recorded for {severity}");
            assert_eq!(given[0].0, "outage", "the walk starts at the tree's start");
        }
    }

    #[test]
    fn an_unknown_answer_lists_the_allowed_ones() {
        let config = Config::default_policy();
        let err = walk(&config, |_| Ok("maybe".into())).unwrap_err();
        assert!(matches!(err, Error::UnknownChoice { ref allowed, .. } if allowed.contains(&"outage=yes".to_string())));
    }

    #[test]
    fn replies_are_read_by_unique_prefix_in_any_case() {
        let question = Question { key: "q", ask: "?", answers: vec!["no", "none", "yes", "yesterday"] };
        let cases = [
            ("y", Reply::Ambiguous(vec!["yes", "yesterday"])),
            ("Y", Reply::Ambiguous(vec!["yes", "yesterday"])),
            ("yes", Reply::Answer("yes")),
            (" YES ", Reply::Answer("yes")),
            ("yest", Reply::Answer("yesterday")),
            ("no", Reply::Answer("no")),
            ("non", Reply::Answer("none")),
            ("n", Reply::Ambiguous(vec!["no", "none"])),
            ("nope", Reply::Unknown(Some("none"))),
            ("maybe", Reply::Unknown(None)),
            ("", Reply::Unknown(None)),
        ];
        for (typed, meant) in cases {
            assert_eq!(question.interpret(typed), meant, "{typed:?}");
        }
        let yes_no = Question { key: "q", ask: "?", answers: vec!["no", "yes"] };
        assert_eq!(yes_no.interpret("y"), Reply::Answer("yes"));
        assert_eq!(yes_no.interpret("N"), Reply::Answer("no"));
        assert_eq!(yes_no.interpret("yse"), Reply::Unknown(Some("yes")));
    }
}
