//! `esc stats --format openmetrics`: the figures of the period as OpenMetrics text, for a
//! Prometheus node-exporter textfile collector. Every family is a gauge (these are figures
//! of a period as read now, not counters a scraper could rate); a figure with nothing to
//! divide leaves its sample out rather than write NaN. docs/metrics.md lists the families.

use std::fmt::Write as _;

use chrono::Duration;

use esc::sla::ClockKind;
use esc::stats::{Figures, Ratio, Report, Spread};

use super::compliance;

/// One metric family while it is being written: its descriptor lines, then its samples.
struct Family {
    name: &'static str,
    unit: Option<&'static str>,
    help: &'static str,
    samples: Vec<(Vec<(&'static str, String)>, f64)>,
}

impl Family {
    fn new(name: &'static str, unit: Option<&'static str>, help: &'static str) -> Family {
        debug_assert!(unit.is_none_or(|unit| name.ends_with(&format!("_{unit}"))), "{name} ends in its unit");
        Family { name, unit, help, samples: Vec::new() }
    }

    fn sample(&mut self, labels: Vec<(&'static str, String)>, value: f64) {
        self.samples.push((labels, value));
    }

    fn write(&self, out: &mut String) {
        let _ = writeln!(out, "# TYPE {} gauge", self.name);
        if let Some(unit) = self.unit {
            let _ = writeln!(out, "# UNIT {} {unit}", self.name);
        }
        let _ = writeln!(out, "# HELP {} {}", self.name, escape(self.help));
        for (labels, value) in &self.samples {
            out.push_str(self.name);
            if !labels.is_empty() {
                let pairs: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{}\"", escape(v))).collect();
                let _ = write!(out, "{{{}}}", pairs.join(","));
            }
            let _ = writeln!(out, " {value}");
        }
    }
}

/// Label values and help text: a backslash, a double quote and a line feed are escaped.
fn escape(text: &str) -> String {
    text.replace('\\', r"\\").replace('"', "\\\"").replace('\n', r"\n")
}

fn seconds(duration: Option<Duration>) -> Option<f64> {
    duration.map(|d| d.num_seconds() as f64)
}

/// The figures each family is written for: every group (labelled with the `--by` field),
/// or the total alone. Not both: a sum over the groups would count every ticket twice.
fn rows(report: &Report) -> Vec<(Vec<(&'static str, String)>, &Figures)> {
    match report.by {
        Some(by) => {
            report.groups.iter().map(|(group, figures)| (vec![(by.field().as_str(), group.clone())], figures)).collect()
        }
        None => vec![(Vec::new(), &report.total)],
    }
}

fn with(labels: &[(&'static str, String)], more: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut labels = labels.to_vec();
    labels.extend(more.iter().map(|(k, v)| (*k, v.to_string())));
    labels
}

/// One family with a sample per row, read by `value` (left out where it gives `None`).
fn per_row(
    rows: &[(Vec<(&'static str, String)>, &Figures)],
    family: (&'static str, Option<&'static str>, &'static str),
    value: impl Fn(&Figures) -> Option<f64>,
) -> Family {
    let mut out = Family::new(family.0, family.1, family.2);
    for (labels, figures) in rows {
        if let Some(value) = value(figures) {
            out.sample(labels.clone(), value);
        }
    }
    out
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn ratio(ratio: Ratio) -> Option<f64> {
    ratio.rate()
}

/// p50 and p90 of a time, on the wall clock and in working time.
fn time_to(
    rows: &[(Vec<(&'static str, String)>, &Figures)],
    name: &'static str,
    help: &'static str,
    pick: fn(&Figures) -> &esc::stats::TimeTo,
) -> Family {
    let mut family = Family::new(name, Some("seconds"), help);
    for (labels, figures) in rows {
        let time = pick(figures);
        let spreads: [(&str, &Spread); 2] = [("wall", &time.wall), ("business", &time.business)];
        for (clock, spread) in spreads {
            for (percentile, value) in [("50", spread.p50), ("90", spread.p90)] {
                if let Some(value) = seconds(value) {
                    family.sample(with(labels, &[("time", clock), ("percentile", percentile)]), value);
                }
            }
        }
    }
    family
}

/// The whole exposition, ending in `# EOF`.
pub fn report_openmetrics(report: &Report) -> String {
    let rows = rows(report);
    let mut families = Vec::new();

    let mut period = Family::new(
        "esc_period_timestamp_seconds",
        Some("seconds"),
        "Start (inclusive) and end (exclusive) of the period the figures are of, in Unix time",
    );
    period.sample(vec![("edge", "start".into())], report.period.since.timestamp() as f64);
    period.sample(vec![("edge", "end".into())], report.period.until.timestamp() as f64);
    families.push(period);

    let mut open =
        Family::new("esc_open_tickets", None, "Tickets open at the end of the period, by level, team and priority");
    for (place, n) in &report.open {
        let labels =
            vec![("level", place.level.clone()), ("team", place.team.clone()), ("priority", place.priority.clone())];
        open.sample(labels, *n as f64);
    }
    families.push(open);

    let mut breached = Family::new(
        "esc_sla_breached_clocks",
        None,
        "SLA clocks still running past their target at the end of the period, per clock",
    );
    for (labels, figures) in &rows {
        for &kind in ClockKind::ALL {
            breached.sample(with(labels, &[("clock", kind.as_str())]), compliance(figures, kind).breached_open as f64);
        }
    }
    families.push(breached);

    families.push(per_row(&rows, ("esc_opened_tickets", None, "Tickets opened in the period"), |f| count(f.opened)));
    families.push(per_row(&rows, ("esc_resolved_tickets", None, "Tickets resolved in the period"), |f| {
        count(f.resolved_tickets)
    }));
    families.push(per_row(&rows, ("esc_backlog_tickets", None, "Tickets open at the end of the period"), |f| {
        count(f.backlog.count)
    }));
    families.push(time_to(
        &rows,
        "esc_mtta_seconds",
        "Time to acknowledge of the ack clocks that stopped in the period (nearest-rank percentile)",
        |f| &f.mtta,
    ));
    families.push(time_to(
        &rows,
        "esc_mttr_seconds",
        "Time to resolve of the resolve cycles that ended in the period (nearest-rank percentile)",
        |f| &f.mttr,
    ));

    let mut sla = Family::new(
        "esc_sla_compliance_ratio",
        Some("ratio"),
        "SLA clocks that stopped in the period within their target, of those that stopped, per clock",
    );
    for (labels, figures) in &rows {
        for &kind in ClockKind::ALL {
            if let Some(rate) = compliance(figures, kind).ratio().rate() {
                sla.sample(with(labels, &[("clock", kind.as_str())]), rate);
            }
        }
    }
    families.push(sla);

    families.push(per_row(
        &rows,
        ("esc_escalation_ratio", Some("ratio"), "Tickets opened in the period that were escalated, of those opened"),
        |f| ratio(f.escalation.tickets),
    ));
    families.push(per_row(
        &rows,
        (
            "esc_first_contact_resolution_ratio",
            Some("ratio"),
            "Tickets first resolved in the period at the first level and never escalated, of those first resolved",
        ),
        |f| ratio(f.first_contact),
    ));
    families.push(per_row(
        &rows,
        (
            "esc_reopen_ratio",
            Some("ratio"),
            "Tickets resolved in the period that were reopened after, of those resolved",
        ),
        |f| ratio(f.reopened),
    ));
    families.push(per_row(
        &rows,
        ("esc_csat_mean", None, "Mean satisfaction rating, 1 to 5, of the tickets closed in the period"),
        |f| f.csat.mean(),
    ));
    let mut scores =
        Family::new("esc_csat_ratings", None, "Rated tickets closed in the period, per satisfaction score (1 to 5)");
    for (labels, figures) in &rows {
        for (n, score) in figures.csat.scores.iter().zip(["1", "2", "3", "4", "5"]) {
            scores.sample(with(labels, &[("score", score)]), *n as f64);
        }
    }
    families.push(scores);
    families.push(per_row(
        &rows,
        ("esc_csat_response_ratio", Some("ratio"), "Rated tickets, of the tickets closed in the period"),
        |f| ratio(f.csat.response),
    ));

    let mut out = String::new();
    for family in &families {
        family.write(&mut out);
    }
    out.push_str("# EOF\n");
    out
}
