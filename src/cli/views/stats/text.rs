//! `esc stats` for people: tables of the figures, by group or by week.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Duration;
use comfy_table::Cell;

use esc::clock::Timestamp;
use esc::sla::ClockKind;
use esc::stats::{Csat, Figures, Period, Ratio, Report, Week};
use esc::text::{escape_line, format_duration, format_working_duration};

use super::compliance;
use super::csv::{Column, count};
use crate::cli::Ui;
use crate::cli::ui::{new_table, trim_lines};
fn percent(ratio: Ratio) -> String {
    ratio.rate().map_or_else(|| "-".to_string(), |r| format!("{}%", (r * 100.0).round()))
}

/// A mean rating with one decimal, `-` without ratings.
fn score(csat: &Csat) -> String {
    csat.mean().map_or_else(|| "-".to_string(), |m| format!("{m:.1}"))
}

fn wall(duration: Option<Duration>) -> String {
    duration.map_or_else(|| "-".to_string(), format_duration)
}

/// Working time in hours: a working day is not 24 hours long.
fn working(duration: Option<Duration>) -> String {
    duration.map_or_else(|| "-".to_string(), format_working_duration)
}

/// The columns of the main table, after the group.
const SUMMARY_COLUMNS: &[Column<Figures>] = &[
    ("OPENED", |f| count(f.opened)),
    ("RESOLVED", |f| count(f.resolved)),
    ("BACKLOG", |f| count(f.backlog.count)),
    ("AGE P50", |f| wall(f.backlog.age.p50)),
    ("AGE P90", |f| wall(f.backlog.age.p90)),
    ("MTTA P50", |f| working(f.mtta.business.p50)),
    ("MTTR P50", |f| working(f.mttr.business.p50)),
    ("MTTR P90", |f| working(f.mttr.business.p90)),
    ("RESOLVE SLA", |f| percent(compliance(f, ClockKind::Resolve).ratio())),
    ("ESCALATED", |f| percent(f.escalation.tickets)),
    ("FCR", |f| percent(f.first_contact)),
    ("REOPENED", |f| percent(f.reopened)),
    ("CSAT", |f| score(&f.csat)),
];

/// The rows of a grouped view: each group, then the total (alone when not grouped).
fn rows(report: &Report) -> Vec<(String, &Figures)> {
    let mut rows: Vec<(String, &Figures)> = report.groups.iter().map(|(g, f)| (escape_line(g), f)).collect();
    rows.push(("total".to_string(), &report.total));
    rows
}

/// A table with a GROUP column first when the report is grouped.
struct Section {
    grouped: bool,
    table: comfy_table::Table,
}

impl Section {
    fn new(ui: &Ui, report: &Report, header: &[&str]) -> Section {
        let grouped = report.by.is_some();
        let mut columns = if grouped { vec!["GROUP"] } else { Vec::new() };
        columns.extend_from_slice(header);
        Section { grouped, table: new_table(ui, &columns) }
    }

    fn add(&mut self, group: &str, cells: Vec<String>) {
        let mut row = if self.grouped { vec![group.to_string()] } else { Vec::new() };
        row.extend(cells);
        self.table.add_row(row.into_iter().map(Cell::new));
    }

    fn render(&self) -> String {
        trim_lines(&self.table.to_string())
    }
}

fn short(t: &Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Escalations per reason or per path.
type Breakdown = fn(&Figures) -> &BTreeMap<String, usize>;

/// The `esc stats` view: the main table, then SLA compliance per clock, escalation reasons
/// and paths, and reviews.
pub fn report_text(ui: &Ui, report: &Report) -> String {
    let mut out = String::new();
    let period = &report.period;
    let _ = writeln!(out, "{} to {} UTC", short(&period.since), short(&period.until));
    let rows = rows(report);

    let headers: Vec<&str> = SUMMARY_COLUMNS.iter().map(|c| c.0).collect();
    let mut summary = Section::new(ui, report, &headers);
    for (group, figures) in &rows {
        summary.add(group, SUMMARY_COLUMNS.iter().map(|(_, read)| read(figures)).collect());
    }
    out.push_str(&summary.render());
    let _ = writeln!(
        out,
        "MTTA and MTTR: working time (business hours of each ticket's calendar); wall-clock time in --json and --csv"
    );

    let _ =
        writeln!(out, "\nSLA compliance: clocks that stopped in the period; BREACHED: running past target at the end");
    let mut sla = Section::new(ui, report, &["CLOCK", "MET", "MISSED", "RATE", "BREACHED"]);
    for (group, figures) in &rows {
        for &kind in ClockKind::ALL {
            let c = compliance(figures, kind);
            let cells =
                vec![kind.to_string(), count(c.met), count(c.missed), percent(c.ratio()), count(c.breached_open)];
            sla.add(group, cells);
        }
    }
    out.push_str(&sla.render());

    let total = &report.total.escalation;
    let _ = writeln!(
        out,
        "\nEscalations: {} in the period; {} of {} opened tickets escalated; {} hierarchical (management alerted)",
        total.events, total.tickets.part, total.tickets.whole, total.hierarchical
    );
    let breakdowns: [(&str, Breakdown); 2] =
        [("REASON", |f| &f.escalation.by_reason), ("PATH", |f| &f.escalation.by_path)];
    for (title, pick) in breakdowns.into_iter().filter(|_| total.events > 0) {
        let mut section = Section::new(ui, report, &[title, "COUNT"]);
        for (group, figures) in &rows {
            for (name, n) in pick(figures) {
                section.add(group, vec![escape_line(name), count(*n)]);
            }
        }
        out.push('\n');
        out.push_str(&section.render());
    }

    let _ = writeln!(out, "\nReviews of the tickets resolved in the period, and their open action items");
    let headers =
        ["REQUIRED", "ON TIME", "LATE", "DRAFT", "MISSING", "OVERDUE", "TIMELINESS", "OPEN ITEMS", "OVERDUE ITEMS"];
    let mut reviews = Section::new(ui, report, &headers);
    for (group, figures) in &rows {
        let r = &figures.reviews;
        let cells = [r.required, r.published_on_time, r.published_late, r.draft, r.missing, r.overdue];
        let mut cells: Vec<String> = cells.into_iter().map(count).collect();
        cells.extend([percent(r.timeliness()), count(r.action_items_open), count(r.action_items_overdue)]);
        reviews.add(group, cells);
    }
    out.push_str(&reviews.render());

    let _ = writeln!(out, "\nSatisfaction (CSAT) of the tickets closed in the period: ratings from 1 to 5");
    let headers = ["CLOSED", "RATED", "RESPONSE", "MEAN", "1", "2", "3", "4", "5"];
    let mut csat = Section::new(ui, report, &headers);
    for (group, figures) in &rows {
        let c = &figures.csat;
        let mut cells = vec![count(c.response.whole), count(c.rated()), percent(c.response), score(c)];
        cells.extend(c.scores.iter().map(|n| count(*n)));
        csat.add(group, cells);
    }
    out.push_str(&csat.render());
    out
}

/// The `esc stats --trend week` table: one row per week.
pub fn trend_text(ui: &Ui, period: &Period, weeks: &[Week]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} to {} UTC, by ISO week", short(&period.since), short(&period.until));
    let headers = [
        "WEEK",
        "FROM",
        "UNTIL",
        "OPENED",
        "RESOLVED",
        "BACKLOG",
        "MTTR P50",
        "RESOLVE SLA",
        "ESCALATED",
        "FCR",
        "CSAT",
    ];
    let mut table = new_table(ui, &headers);
    for week in weeks {
        table.add_row(vec![
            week.name.clone(),
            short(&week.window.since),
            short(&week.window.until),
            count(week.opened),
            count(week.resolved),
            count(week.backlog),
            working(week.mttr_business_p50),
            percent(week.resolve_sla),
            percent(week.escalation),
            percent(week.first_contact),
            score(&week.csat),
        ]);
    }
    out.push_str(&trim_lines(&table.to_string()));
    let _ = writeln!(
        out,
        "MTTR: working time; BACKLOG: open at the end of the week; CSAT: mean rating (1-5) of the tickets closed"
    );
    out
}
