//! "Did you mean …?": the known name closest to a mistyped one.

/// The candidate closest to `typed`, when one is close enough to be what was meant: the
/// same name in another case, a unique prefix, or a near spelling: a letter dropped, added,
/// changed or two swapped, one such edit per four letters (so not an unrelated word).
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == typed_lower) {
        return Some(same);
    }
    let prefixed: Vec<&&str> = candidates.iter().filter(|c| c.to_lowercase().starts_with(&typed_lower)).collect();
    if let [only] = prefixed.as_slice()
        && !typed.is_empty()
    {
        return Some(only);
    }
    // Edits allowed: one per four letters, at least one.
    let allowed = (typed.chars().count() / 4).max(1);
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&typed_lower, &c.to_lowercase()), *c))
        .filter(|(distance, _)| *distance <= allowed)
        // The first of equally close names, so the suggestion follows the policy's order.
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The id whose random part is one typo (a character changed, added, dropped or two
/// swapped) from `random`; ids are random, so anything further is no better than a guess.
pub fn closest_id<'a>(random: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let random = random.to_ascii_uppercase();
    ids.into_iter()
        .map(|id| (strsim::damerau_levenshtein(&random, id.rsplit('-').next().unwrap_or(id)), id))
        .find(|(distance, _)| *distance == 1)
        .map(|(_, id)| id)
}

/// ` (did you mean 'X'?)` for a message, or nothing.
pub fn did_you_mean<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, candidates).map(|c| format!("did you mean '{c}'? ")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn near_spellings_are_found_and_unrelated_words_are_not() {
        let names = ["sev1", "sev2", "sev3", "severity", "team", "level"];
        assert_eq!(closest("sevrity", names), Some("severity"));
        assert_eq!(closest("SEV1", names), Some("sev1"));
        assert_eq!(closest("tea", names), Some("team"));
        assert_eq!(closest("levle", names), Some("level"));
        assert_eq!(closest("sev9", names), Some("sev1"));
        assert_eq!(closest("nosuch", names), None);
        assert_eq!(closest("", names), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn an_id_one_typo_away_is_suggested() {
        let ids = ["ESC-7K2M9QXA", "ESC-W1K4PP5Y"];
        assert_eq!(super::closest_id("7K2M9QXB", ids), Some("ESC-7K2M9QXA"));
        assert_eq!(super::closest_id("w1k4p5y", ids), Some("ESC-W1K4PP5Y"));
        assert_eq!(super::closest_id("ZZZZZZZZ", ids), None);
    }

    #[test]
    fn triage_answers_a_typo_away_are_found() {
        assert_eq!(closest("outgae", ["outage", "scope"]), Some("outage"));
        assert_eq!(closest("YSE", ["no", "yes"]), Some("yes"));
        assert_eq!(closest("maybe", ["no", "yes"]), None);
        assert_eq!(closest("sope", ["outage", "scope", "workaround"]), Some("scope"));
    }
}
