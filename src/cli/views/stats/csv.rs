//! `esc stats --csv`: one row per group (or week), one column per figure.

use chrono::Duration;

use esc::clock::format_timestamp;
use esc::sla::ClockKind;
use esc::stats::{Figures, Ratio, Report, Week};
use esc::text::escape_line;

use super::{compliance, mean_score, rate, seconds};
/// A CSV column: its header and how to read it from one row's data.
pub(super) type Column<T> = (&'static str, fn(&T) -> String);

pub(super) fn count(n: usize) -> String {
    n.to_string()
}

pub(super) fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_seconds(duration: Option<Duration>) -> String {
    optional(seconds(duration))
}

fn csv_rate(ratio: Ratio) -> String {
    optional(rate(ratio))
}

/// The columns of `esc stats --csv` after `group`, in order.
const FIGURE_COLUMNS: &[Column<Figures>] = &[
    ("opened", |f| count(f.opened)),
    ("resolved", |f| count(f.resolved)),
    ("resolved_tickets", |f| count(f.resolved_tickets)),
    ("backlog", |f| count(f.backlog.count)),
    ("backlog_age_p50_seconds", |f| csv_seconds(f.backlog.age.p50)),
    ("backlog_age_p90_seconds", |f| csv_seconds(f.backlog.age.p90)),
    ("mtta_count", |f| count(f.mtta.wall.count)),
    ("mtta_wall_mean_seconds", |f| csv_seconds(f.mtta.wall.mean)),
    ("mtta_wall_p50_seconds", |f| csv_seconds(f.mtta.wall.p50)),
    ("mtta_wall_p90_seconds", |f| csv_seconds(f.mtta.wall.p90)),
    ("mtta_business_mean_seconds", |f| csv_seconds(f.mtta.business.mean)),
    ("mtta_business_p50_seconds", |f| csv_seconds(f.mtta.business.p50)),
    ("mtta_business_p90_seconds", |f| csv_seconds(f.mtta.business.p90)),
    ("mttr_count", |f| count(f.mttr.wall.count)),
    ("mttr_wall_mean_seconds", |f| csv_seconds(f.mttr.wall.mean)),
    ("mttr_wall_p50_seconds", |f| csv_seconds(f.mttr.wall.p50)),
    ("mttr_wall_p90_seconds", |f| csv_seconds(f.mttr.wall.p90)),
    ("mttr_business_mean_seconds", |f| csv_seconds(f.mttr.business.mean)),
    ("mttr_business_p50_seconds", |f| csv_seconds(f.mttr.business.p50)),
    ("mttr_business_p90_seconds", |f| csv_seconds(f.mttr.business.p90)),
    ("ack_met", |f| count(compliance(f, ClockKind::Ack).met)),
    ("ack_missed", |f| count(compliance(f, ClockKind::Ack).missed)),
    ("ack_rate", |f| csv_rate(compliance(f, ClockKind::Ack).ratio())),
    ("ack_breached_open", |f| count(compliance(f, ClockKind::Ack).breached_open)),
    ("update_met", |f| count(compliance(f, ClockKind::Update).met)),
    ("update_missed", |f| count(compliance(f, ClockKind::Update).missed)),
    ("update_rate", |f| csv_rate(compliance(f, ClockKind::Update).ratio())),
    ("update_breached_open", |f| count(compliance(f, ClockKind::Update).breached_open)),
    ("resolve_met", |f| count(compliance(f, ClockKind::Resolve).met)),
    ("resolve_missed", |f| count(compliance(f, ClockKind::Resolve).missed)),
    ("resolve_rate", |f| csv_rate(compliance(f, ClockKind::Resolve).ratio())),
    ("resolve_breached_open", |f| count(compliance(f, ClockKind::Resolve).breached_open)),
    ("level_met", |f| count(compliance(f, ClockKind::Level).met)),
    ("level_missed", |f| count(compliance(f, ClockKind::Level).missed)),
    ("level_rate", |f| csv_rate(compliance(f, ClockKind::Level).ratio())),
    ("level_breached_open", |f| count(compliance(f, ClockKind::Level).breached_open)),
    ("escalated", |f| count(f.escalation.tickets.part)),
    ("escalation_rate", |f| csv_rate(f.escalation.tickets)),
    ("escalations", |f| count(f.escalation.events)),
    ("hierarchical", |f| count(f.escalation.hierarchical)),
    ("fcr_tickets", |f| count(f.first_contact.whole)),
    ("fcr_first_contact", |f| count(f.first_contact.part)),
    ("fcr_rate", |f| csv_rate(f.first_contact)),
    ("reopened", |f| count(f.reopened.part)),
    ("reopen_rate", |f| csv_rate(f.reopened)),
    ("reviews_required", |f| count(f.reviews.required)),
    ("reviews_existing", |f| count(f.reviews.existing)),
    ("reviews_on_time", |f| count(f.reviews.published_on_time)),
    ("reviews_late", |f| count(f.reviews.published_late)),
    ("reviews_draft", |f| count(f.reviews.draft)),
    ("reviews_missing", |f| count(f.reviews.missing)),
    ("reviews_overdue", |f| count(f.reviews.overdue)),
    ("review_timeliness", |f| csv_rate(f.reviews.timeliness())),
    ("action_items_open", |f| count(f.reviews.action_items_open)),
    ("action_items_overdue", |f| count(f.reviews.action_items_overdue)),
    ("csat_closed", |f| count(f.csat.response.whole)),
    ("csat_rated", |f| count(f.csat.rated())),
    ("csat_response_rate", |f| csv_rate(f.csat.response)),
    ("csat_mean", |f| optional(mean_score(&f.csat))),
    ("csat_1", |f| count(f.csat.scores[0])),
    ("csat_2", |f| count(f.csat.scores[1])),
    ("csat_3", |f| count(f.csat.scores[2])),
    ("csat_4", |f| count(f.csat.scores[3])),
    ("csat_5", |f| count(f.csat.scores[4])),
];

/// The columns of `esc stats --trend week --csv`, in order.
const WEEK_COLUMNS: &[Column<Week>] = &[
    ("week", |w| w.name.clone()),
    ("since", |w| format_timestamp(&w.window.since)),
    ("until", |w| format_timestamp(&w.window.until)),
    ("opened", |w| count(w.opened)),
    ("resolved", |w| count(w.resolved)),
    ("backlog", |w| count(w.backlog)),
    ("mttr_business_p50_seconds", |w| csv_seconds(w.mttr_business_p50)),
    ("resolve_met", |w| count(w.resolve_sla.part)),
    ("resolve_missed", |w| count(w.resolve_sla.whole - w.resolve_sla.part)),
    ("resolve_rate", |w| csv_rate(w.resolve_sla)),
    ("escalated", |w| count(w.escalation.part)),
    ("escalation_rate", |w| csv_rate(w.escalation)),
    ("fcr_tickets", |w| count(w.first_contact.whole)),
    ("fcr_first_contact", |w| count(w.first_contact.part)),
    ("fcr_rate", |w| csv_rate(w.first_contact)),
    ("csat_closed", |w| count(w.csat.response.whole)),
    ("csat_rated", |w| count(w.csat.rated())),
    ("csat_response_rate", |w| csv_rate(w.csat.response)),
    ("csat_mean", |w| optional(mean_score(&w.csat))),
];

/// One CSV record: fields quoted as RFC 4180 says (when they hold a comma, a quote or a line
/// break, with quotes doubled), ending in a line feed.
fn csv_record(fields: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> =
        fields
            .into_iter()
            .map(|field| {
                if field.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", field.replace('"', "\"\""))
                } else {
                    field
                }
            })
            .collect();
    quoted.join(",") + "\n"
}

/// `esc stats --csv`: a header, one row per group, then the total (whose group is empty).
pub fn report_csv(report: &Report) -> String {
    let mut out = csv_record(std::iter::once("group".to_string()).chain(FIGURE_COLUMNS.iter().map(|c| c.0.into())));
    let rows = report.groups.iter().map(|(group, figures)| (group.as_str(), figures));
    for (group, figures) in rows.chain(std::iter::once(("", &report.total))) {
        // The CSV may well reach a terminal: control characters are escaped there too.
        let fields = FIGURE_COLUMNS.iter().map(|(_, read)| read(figures));
        out.push_str(&csv_record(std::iter::once(escape_line(group)).chain(fields)));
    }
    out
}

/// `esc stats --trend week --csv`: a header and one row per week.
pub fn trend_csv(weeks: &[Week]) -> String {
    let mut out = csv_record(WEEK_COLUMNS.iter().map(|c| c.0.to_string()));
    for week in weeks {
        out.push_str(&csv_record(WEEK_COLUMNS.iter().map(|(_, read)| read(week))));
    }
    out
}
