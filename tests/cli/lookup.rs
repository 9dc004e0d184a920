//! Finding a ticket from what a user types: full ids and unique, case-insensitive prefixes.

use crate::common::TestEnv;

fn random_part(id: &str) -> &str {
    id.split_once('-').map(|(_, r)| r).expect("an id has a dash")
}

#[test]
fn unique_prefixes_are_case_insensitive() {
    let env = TestEnv::initialised();
    let id = env.open("Find me", &[]);
    let other = env.open("Someone else", &[]);
    let random = random_part(&id);
    let lower = random.to_ascii_lowercase();
    let mut queries = vec![id.clone(), id.to_ascii_lowercase(), lower.clone(), format!("esc-{lower}")];
    // The shortest prefix that tells the two apart, and every longer one.
    let common = random.chars().zip(random_part(&other).chars()).take_while(|(a, b)| a == b).count();
    for len in common + 1..=random.len() {
        queries.push(random[..len].to_string());
        queries.push(lower[..len].to_string());
    }
    // The commit that opened this ticket, not the other one: what its log must list.
    let path = env.ticket_path(&id);
    let opened_by = env.git(&["log", "--format=%H", "--", &path]).trim().to_string();
    for query in &queries {
        let shown = env.esc_ok(&["show", query]);
        assert!(shown.starts_with(&format!("{id}  Find me\n")), "esc show {query}:\n{shown}");
        let log = env.esc_ok(&["log", query]);
        assert_eq!(log.lines().filter(|l| !l.starts_with(' ')).count(), 1, "esc log {query}: one commit\n{log}");
        assert!(log.starts_with(&opened_by[..8]), "esc log {query} names {id}'s commit {opened_by}:\n{log}");
    }
    // The wrong prefix, or a random part that is too long, matches nothing.
    env.esc_rejects(&["show", &format!("OPS-{random}")]);
    env.esc_rejects(&["show", &format!("{random}0")]);
    env.assert_clean();
}

#[test]
fn an_ambiguous_prefix_lists_the_candidates() {
    let env = TestEnv::initialised();
    // Ids are random: open tickets until two share their first character (at most 33 by the
    // pigeonhole principle, since the alphabet has 32 characters).
    let mut ids: Vec<String> = Vec::new();
    let clash = loop {
        assert!(ids.len() <= 32, "33 ids cannot all start differently: {ids:?}");
        let id = env.open(&format!("Ticket {}", ids.len()), &[]);
        let first = random_part(&id).chars().next().expect("a random part");
        if ids.iter().any(|other| random_part(other).starts_with(first)) {
            ids.push(id);
            break first;
        }
        ids.push(id);
    };
    let candidates: Vec<&String> = ids.iter().filter(|id| random_part(id).starts_with(clash)).collect();
    assert_eq!(candidates.len(), 2);

    for query in [clash.to_string(), clash.to_ascii_lowercase().to_string(), format!("ESC-{clash}")] {
        let run = env.esc_rejects(&["show", &query]);
        assert!(run.stderr.contains(&format!("'{query}' matches several tickets")), "{}", run.stderr);
        for candidate in &candidates {
            assert!(run.stderr.contains(candidate.as_str()), "{candidate} missing from: {}", run.stderr);
        }
        assert_eq!(run.hint(), Some("type more characters of the id"));
        env.esc_rejects(&["log", &query]);
    }
    // Each full id still finds exactly its ticket.
    for candidate in candidates {
        assert!(env.esc_ok(&["show", candidate]).starts_with(candidate.as_str()));
    }
}

/// A full id is found in its month folder without walking every ticket, and still found by
/// the walk when a ticket was filed somewhere else by hand.
#[test]
fn a_full_id_is_found_in_its_month_or_anywhere_else() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    let filed = env.ticket_path(&id);
    env.esc(&["show", &id]).expect_code(0, "in its month");
    let moved = format!("tickets/by-hand/{id}.md");
    std::fs::create_dir_all(env.path("tickets/by-hand")).unwrap();
    env.git(&["mv", &filed, &moved]);
    env.commit_by_hand("filed elsewhere");
    let show = env.esc(&["show", &id]).expect_code(0, "found by the walk");
    assert!(show.stdout.contains(&moved), "{}", show.stdout);
    // A copy in its month folder is the one a full id names; lint reports the two.
    env.write(&filed, &env.read(&moved));
    env.commit_by_hand("a copy");
    let show = env.esc(&["show", &id]).expect_code(0, "the filed one");
    assert!(show.stdout.contains(&filed), "{}", show.stdout);
    let lint = env.esc(&["lint"]).expect_code(1, "the duplicate id is a finding");
    assert!(lint.stdout.contains(&format!("id {id} is also used by")), "{}", lint.stdout);
}

/// `esc log` keeps an index of what each commit changed under `.git/` and extends it with
/// new commits only; a broken index, or history rewritten under it, never changes what it
/// shows.
#[test]
fn the_history_index_never_changes_what_log_shows() {
    let env = TestEnv::initialised();
    let id = env.open("VPN drops", &[]);
    env.esc_ok(&["update", &id, "-m", "First look"]);
    let first = env.esc_ok(&["log", &id]);
    let index = env.path(".git/esc-history-index");
    assert!(index.is_file(), "the index lives in .git");
    env.assert_clean();

    // New commits, by esc and by hand, are added to it.
    env.esc_ok(&["update", &id, "-m", "Second look"]);
    let path = env.ticket_path(&id);
    env.write(&path, &format!("{}\nA note by hand.\n", env.read(&path)));
    env.commit_by_hand("a note by hand");
    let later = env.esc_ok(&["log", &id]);
    let head = |env: &TestEnv| env.git(&["rev-parse", "--short=8", "HEAD"]).trim().to_string();
    assert!(later.starts_with(&head(&env)) && later.contains("body edited"), "the hand commit comes first: {later}");
    assert!(later.ends_with(&first), "the earlier history is still there, after the new commits:\n{later}");

    // Garbage in the index is ignored and replaced.
    std::fs::write(&index, "not an index\x00\u{1b}").unwrap();
    assert_eq!(env.esc_ok(&["log", &id]), later);
    // History rewritten under it (the last commit amended): what is there now is shown.
    let before = head(&env);
    env.git(&["commit", "-q", "--amend", "-m", "the note, reworded"]);
    let rewritten = env.esc_ok(&["log", &id]);
    assert!(rewritten.starts_with(&head(&env)) && !rewritten.contains(&before), "{rewritten}");
    std::fs::remove_file(&index).unwrap();
    assert_eq!(env.esc_ok(&["log", &id]), rewritten, "the same without an index");
}
