//! `esc stats --format openmetrics`: the output parses under a strict reading of the
//! OpenMetrics text format, and its values are the hand-computed figures of the `stats`
//! fixture (tests/cli/stats.rs explains each one).

use std::collections::{BTreeMap, BTreeSet};

use crate::stats::{PERIOD, STATS_NOW, fixture, stats, with_period};

/// One sample: its family, its labels as written (escapes kept) and its value.
type Samples = BTreeMap<(String, String), f64>;

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// Reads `{a="x",b="y\"z"}` up to its closing brace: label names must be valid and unique,
/// values quoted with only `\\`, `\"` and `\n` escaped. Returns the labels and the rest.
fn labels(text: &str) -> (String, &str) {
    let mut names = BTreeSet::new();
    let mut rest = text.strip_prefix('{').expect("labels open with {");
    loop {
        let (name, after) = rest.split_once("=\"").expect("name=\"value\"");
        assert!(is_name(name) && !name.contains(':'), "label name {name:?}");
        assert!(names.insert(name.to_string()), "label {name} twice in {text}");
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().expect("a closed label value") {
                (_, '\\') => assert!(matches!(chars.next(), Some((_, '\\' | '"' | 'n'))), "bad escape in {text}"),
                (i, '"') => break i,
                (_, c) => assert!(c != '\n', "a raw line feed in a label value"),
            }
        };
        rest = &after[end + 1..];
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else {
            let close = rest.strip_prefix('}').expect("labels close with }");
            return (text[..text.len() - close.len()].to_string(), close);
        }
    }
}

/// A strict OpenMetrics reader for what esc writes: every sample's family has a TYPE line
/// before it, families are contiguous and never repeated, UNIT is the name's suffix, names
/// match `[a-zA-Z_:][a-zA-Z0-9_:]*`, no sample is repeated, and the text ends in one `# EOF`.
fn parse(text: &str) -> Samples {
    assert!(text.ends_with("# EOF\n"), "ends in # EOF and a line feed: {text}");
    assert_eq!(text.matches("# EOF").count(), 1, "one # EOF");
    let mut samples = Samples::new();
    let mut families: BTreeMap<String, &str> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines().take_while(|line| *line != "# EOF") {
        if let Some(descriptor) = line.strip_prefix("# ") {
            let mut words = descriptor.splitn(3, ' ');
            let (kind, name, rest) = (words.next().unwrap(), words.next().expect("a name"), words.next());
            assert!(is_name(name), "family name {name:?}");
            match kind {
                "TYPE" => {
                    let kind = rest.expect("a type");
                    assert!(["gauge", "counter", "info", "stateset", "unknown"].contains(&kind), "type {kind}");
                    assert!(families.insert(name.to_string(), kind).is_none(), "family {name} twice");
                    current = Some(name.to_string());
                }
                "UNIT" | "HELP" => {
                    assert_eq!(current.as_deref(), Some(name), "{kind} of {name} after its TYPE");
                    if kind == "UNIT" {
                        let unit = rest.expect("a unit");
                        assert!(name.ends_with(&format!("_{unit}")), "{name} ends in its unit {unit}");
                    }
                }
                other => panic!("unknown descriptor {other}: {line}"),
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).expect("a value");
        let name = &line[..name_end];
        assert_eq!(current.as_deref(), Some(name), "sample {line:?} belongs to the family above it");
        let (labels, rest) = if line[name_end..].starts_with('{') {
            labels(&line[name_end..])
        } else {
            (String::new(), &line[name_end..])
        };
        let value = rest.strip_prefix(' ').expect("a space before the value");
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("a number, no timestamp: {line}"));
        assert!(value.is_finite(), "no NaN or infinity: {line}");
        assert!(samples.insert((name.to_string(), labels), value).is_none(), "sample twice: {line}");
    }
    samples
}

fn value(samples: &Samples, name: &str, labels: &str) -> f64 {
    *samples.get(&(name.to_string(), labels.to_string())).unwrap_or_else(|| panic!("no {name}{labels} in {samples:#?}"))
}

#[test]
fn the_figures_of_the_period_parse_strictly_and_match_the_hand_computed_values() {
    let env = fixture();
    let text = stats(&env, &with_period(&["--format", "openmetrics"]));
    let samples = parse(&text);
    // The period: Mon 2026-11-16 00:00 to Mon 2026-11-30 00:00 UTC.
    assert_eq!(value(&samples, "esc_period_timestamp_seconds", "{edge=\"start\"}"), 1_794_787_200.0);
    assert_eq!(value(&samples, "esc_period_timestamp_seconds", "{edge=\"end\"}"), 1_795_996_800.0);
    // Open at the end: E (P1) and F (P4), both at L1 with frontline.
    let open: Vec<(&String, &f64)> =
        samples.iter().filter(|((name, _), _)| name == "esc_open_tickets").map(|((_, l), v)| (l, v)).collect();
    assert_eq!(
        open,
        [
            (&"{level=\"L1\",team=\"frontline\",priority=\"P1\"}".to_string(), &1.0),
            (&"{level=\"L1\",team=\"frontline\",priority=\"P4\"}".to_string(), &1.0)
        ]
    );
    assert_eq!(value(&samples, "esc_backlog_tickets", ""), 2.0);
    assert_eq!(value(&samples, "esc_opened_tickets", ""), 6.0);
    assert_eq!(value(&samples, "esc_resolved_tickets", ""), 6.0);
    // Breached at the end: ack 1 (E), resolve 2 (E and F).
    assert_eq!(value(&samples, "esc_sla_breached_clocks", "{clock=\"ack\"}"), 1.0);
    assert_eq!(value(&samples, "esc_sla_breached_clocks", "{clock=\"resolve\"}"), 2.0);
    // MTTR business [7200, 7200, 9000, 10800, 34200, 43200, 403200]: p50 rank 4, p90 rank 7.
    assert_eq!(value(&samples, "esc_mttr_seconds", "{time=\"business\",percentile=\"50\"}"), 10800.0);
    assert_eq!(value(&samples, "esc_mttr_seconds", "{time=\"business\",percentile=\"90\"}"), 403_200.0);
    assert_eq!(value(&samples, "esc_mtta_seconds", "{time=\"business\",percentile=\"50\"}"), 1800.0);
    // Resolve: 5 met of 7 stopped; level: 2 of 8.
    assert_eq!(value(&samples, "esc_sla_compliance_ratio", "{clock=\"resolve\"}"), 5.0 / 7.0);
    assert_eq!(value(&samples, "esc_sla_compliance_ratio", "{clock=\"level\"}"), 0.25);
    assert_eq!(value(&samples, "esc_escalation_ratio", ""), 2.0 / 6.0);
    assert_eq!(value(&samples, "esc_first_contact_resolution_ratio", ""), 0.5);
    assert_eq!(value(&samples, "esc_reopen_ratio", ""), 1.0 / 6.0);
    // CSAT: B rated 4, H rated 2 (late), C closed unrated.
    assert_eq!(value(&samples, "esc_csat_mean", ""), 3.0);
    assert_eq!(value(&samples, "esc_csat_ratings", "{score=\"4\"}"), 1.0);
    assert_eq!(value(&samples, "esc_csat_ratings", "{score=\"2\"}"), 1.0);
    assert_eq!(value(&samples, "esc_csat_ratings", "{score=\"5\"}"), 0.0);
    assert_eq!(value(&samples, "esc_csat_response_ratio", ""), 2.0 / 3.0);
    assert!(text.contains("# TYPE esc_csat_mean gauge\n# HELP esc_csat_mean "), "{text}");
    assert!(text.contains("# UNIT esc_mttr_seconds seconds\n"), "{text}");
}

#[test]
fn groups_become_labels_and_label_values_are_escaped() {
    let env = fixture();
    let samples = parse(&stats(&env, &with_period(&["--by", "team", "--format", "openmetrics"])));
    assert_eq!(value(&samples, "esc_backlog_tickets", "{team=\"frontline\"}"), 2.0);
    assert_eq!(value(&samples, "esc_csat_mean", "{team=\"frontline\"}"), 3.0);
    assert_eq!(value(&samples, "esc_sla_breached_clocks", "{team=\"frontline\",clock=\"resolve\"}"), 2.0);
    // Groups, not the total as well: a sum over teams must not count tickets twice.
    assert!(!samples.contains_key(&("esc_backlog_tickets".to_string(), String::new())));
    // No mean without ratings: the sample is left out rather than NaN.
    assert!(!samples.contains_key(&("esc_csat_mean".to_string(), "{team=\"database\"}".to_string())));

    let samples = parse(&stats(&env, &with_period(&["--by", "customer", "--format", "openmetrics"])));
    // Acme "EU" opened A and E in the period.
    assert_eq!(value(&samples, "esc_opened_tickets", "{customer=\"Acme \\\"EU\\\"\"}"), 2.0);
}

#[test]
fn out_replaces_the_file_whole_and_leaves_no_temporary_file() {
    let env = fixture();
    std::fs::create_dir(env.path("metrics")).unwrap();
    env.write("metrics/esc.prom", "half a file from before");
    let args =
        ["stats", PERIOD[0], PERIOD[1], PERIOD[2], PERIOD[3], "--format", "openmetrics", "--out", "metrics/esc.prom"];
    let run = env.esc_at(STATS_NOW, &args).expect_code(0, "stats --out");
    assert_eq!(run.stdout, "", "the text goes to the file, not stdout");
    let written = env.read("metrics/esc.prom");
    assert_eq!(written, stats(&env, &with_period(&["--format", "openmetrics"])), "the same text as on stdout");
    parse(&written);
    let names: Vec<String> = std::fs::read_dir(env.path("metrics"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["esc.prom"], "no temporary file is left beside it");
}

#[test]
fn formats_that_ask_for_two_outputs_are_usage_errors() {
    let env = fixture();
    for (args, says) in [
        (&["--json", "stats", "--format", "openmetrics"][..], "--json and --format openmetrics ask for two outputs"),
        (&["stats", "--csv", "--format", "openmetrics"][..], "--csv and --format openmetrics"),
        (&["stats", "--trend", "week", "--format", "openmetrics"][..], "not a trend"),
        (&["stats", "--out", "x.txt"][..], "--out writes CSV or OpenMetrics text, not human"),
    ] {
        let run = env.esc_at(STATS_NOW, args).expect_error(&format!("esc {args:?}"));
        assert!(run.stderr.contains(says), "esc {args:?} should say {says:?}:\n{}", run.stderr);
    }
    assert!(!env.path("x.txt").exists());
    // --format csv is --csv.
    assert_eq!(stats(&env, &with_period(&["--format", "csv"])), stats(&env, &with_period(&["--csv"])));
}
