//! `esc triage`: walk the config's decision tree to a consistent severity, type or category.

use crate::error::{Error, Result};
use crate::policy::Classification;
use crate::policy::{Config, TriageQuestion};

/// A question on the way, for whoever answers it (a person at a terminal, or `--answer`).
#[derive(Debug, Clone)]
pub struct Question<'a> {
    pub key: &'a str,
    pub ask: &'a str,
    pub answers: Vec<&'a str>,
}

/// The longest walk before esc calls the tree circular.
const MAX_QUESTIONS: usize = 64;

/// Asks questions from the tree's start until an answer leads nowhere further, and returns
/// the values collected (later answers win) and the answers given.
pub fn walk(
    config: &Config,
    mut answer: impl FnMut(&Question<'_>) -> Result<String>,
) -> Result<(Classification, Vec<(String, String)>)> {
    let tree = config.triage.as_ref().ok_or_else(|| {
        Error::InvalidInput(
            "the config has no triage tree (add a triage: tree to .esc/config.yaml; `esc config schema` describes it)"
                .into(),
        )
    })?;
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
        let reply = reply.trim();
        let outcome = question.answers.get(reply).ok_or_else(|| Error::InvalidValue {
            field: "triage answer",
            value: format!("{key}={reply}"),
            allowed: question.answers.keys().map(|a| format!("{key}={a}")).collect(),
        })?;
        given.push((key.clone(), reply.to_string()));
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
        assert!(matches!(err, Error::InvalidValue { ref allowed, .. } if allowed.contains(&"outage=yes".to_string())));
    }
}
