//! Views of `esc stats`: tables, JSON and CSV of a period's figures and of a weekly trend.
//! docs/metrics.md documents every key and column; change them together.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Duration;
use comfy_table::Cell;
use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::sla::ClockKind;
use esc::stats::{Compliance, Figures, Period, Ratio, Report, Spread, Week};
use esc::text::{format_duration, format_working_duration};

use crate::cli::Ui;
use crate::cli::ui::{new_table, trim_lines};
use esc::text::escape_line;

const CLOCK_KINDS: [ClockKind; 4] = [ClockKind::Ack, ClockKind::Update, ClockKind::Resolve, ClockKind::Level];

/// A rate as JSON and CSV give it: a fraction from 0 to 1, rounded to four decimals.
fn rate(ratio: Ratio) -> Option<f64> {
    ratio.rate().map(|r| (r * 10_000.0).round() / 10_000.0)
}

fn seconds(duration: Option<Duration>) -> Option<i64> {
    duration.map(|d| d.num_seconds())
}

fn compliance(figures: &Figures, kind: ClockKind) -> Compliance {
    figures.sla.get(&kind).copied().unwrap_or_default()
}

// JSON

/// `esc stats --json`.
#[derive(Serialize)]
pub struct ReportView {
    period: PeriodView,
    by: Option<&'static str>,
    total: FiguresView,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct PeriodView {
    since: String,
    until: String,
}

impl PeriodView {
    fn new(period: &Period) -> PeriodView {
        PeriodView { since: format_timestamp(&period.since), until: format_timestamp(&period.until) }
    }
}

#[derive(Serialize)]
struct GroupView {
    group: String,
    #[serde(flatten)]
    figures: FiguresView,
}

#[derive(Serialize)]
struct FiguresView {
    opened: usize,
    resolved: usize,
    resolved_tickets: usize,
    backlog: BacklogView,
    mtta: TimeToView,
    mttr: TimeToView,
    sla: SlaView,
    escalation: EscalationView,
    first_contact_resolution: FirstContactView,
    reopen: ReopenView,
    reviews: ReviewsView,
}

#[derive(Serialize)]
struct BacklogView {
    count: usize,
    age_p50_seconds: Option<i64>,
    age_p90_seconds: Option<i64>,
}

#[derive(Serialize)]
struct TimeToView {
    count: usize,
    wall: SpreadView,
    business: SpreadView,
}

#[derive(Serialize)]
struct SpreadView {
    mean_seconds: Option<i64>,
    p50_seconds: Option<i64>,
    p90_seconds: Option<i64>,
}

impl SpreadView {
    fn new(spread: &Spread) -> SpreadView {
        SpreadView {
            mean_seconds: seconds(spread.mean),
            p50_seconds: seconds(spread.p50),
            p90_seconds: seconds(spread.p90),
        }
    }
}

#[derive(Serialize)]
struct SlaView {
    ack: ComplianceView,
    update: ComplianceView,
    resolve: ComplianceView,
    level: ComplianceView,
}

#[derive(Serialize)]
struct ComplianceView {
    met: usize,
    missed: usize,
    rate: Option<f64>,
    breached_open: usize,
}

impl ComplianceView {
    fn new(compliance: Compliance) -> ComplianceView {
        ComplianceView {
            met: compliance.met,
            missed: compliance.missed,
            rate: rate(compliance.ratio()),
            breached_open: compliance.breached_open,
        }
    }
}

#[derive(Serialize)]
struct EscalationView {
    tickets: usize,
    escalated: usize,
    rate: Option<f64>,
    events: usize,
    hierarchical: usize,
    by_reason: BTreeMap<String, usize>,
    by_path: BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct FirstContactView {
    tickets: usize,
    first_contact: usize,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct ReopenView {
    tickets: usize,
    reopened: usize,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct ReviewsView {
    required: usize,
    existing: usize,
    published_on_time: usize,
    published_late: usize,
    draft: usize,
    missing: usize,
    overdue: usize,
    timeliness: Option<f64>,
    action_items_open: usize,
    action_items_overdue: usize,
}

impl FiguresView {
    fn new(figures: &Figures) -> FiguresView {
        let time_to = |t: &esc::stats::TimeTo| TimeToView {
            count: t.wall.count,
            wall: SpreadView::new(&t.wall),
            business: SpreadView::new(&t.business),
        };
        let escalation = &figures.escalation;
        let reviews = &figures.reviews;
        FiguresView {
            opened: figures.opened,
            resolved: figures.resolved,
            resolved_tickets: figures.resolved_tickets,
            backlog: BacklogView {
                count: figures.backlog.count,
                age_p50_seconds: seconds(figures.backlog.age.p50),
                age_p90_seconds: seconds(figures.backlog.age.p90),
            },
            mtta: time_to(&figures.mtta),
            mttr: time_to(&figures.mttr),
            sla: SlaView {
                ack: ComplianceView::new(compliance(figures, ClockKind::Ack)),
                update: ComplianceView::new(compliance(figures, ClockKind::Update)),
                resolve: ComplianceView::new(compliance(figures, ClockKind::Resolve)),
                level: ComplianceView::new(compliance(figures, ClockKind::Level)),
            },
            escalation: EscalationView {
                tickets: escalation.tickets.whole,
                escalated: escalation.tickets.part,
                rate: rate(escalation.tickets),
                events: escalation.events,
                hierarchical: escalation.hierarchical,
                by_reason: escalation.by_reason.clone(),
                by_path: escalation.by_path.clone(),
            },
            first_contact_resolution: FirstContactView {
                tickets: figures.first_contact.whole,
                first_contact: figures.first_contact.part,
                rate: rate(figures.first_contact),
            },
            reopen: ReopenView {
                tickets: figures.reopened.whole,
                reopened: figures.reopened.part,
                rate: rate(figures.reopened),
            },
            reviews: ReviewsView {
                required: reviews.required,
                existing: reviews.existing,
                published_on_time: reviews.published_on_time,
                published_late: reviews.published_late,
                draft: reviews.draft,
                missing: reviews.missing,
                overdue: reviews.overdue,
                timeliness: rate(reviews.timeliness()),
                action_items_open: reviews.action_items_open,
                action_items_overdue: reviews.action_items_overdue,
            },
        }
    }
}

impl ReportView {
    pub fn new(report: &Report) -> ReportView {
        ReportView {
            period: PeriodView::new(&report.period),
            by: report.by.map(|by| by.field().as_str()),
            total: FiguresView::new(&report.total),
            groups: report
                .groups
                .iter()
                .map(|(group, figures)| GroupView { group: group.clone(), figures: FiguresView::new(figures) })
                .collect(),
        }
    }
}

/// `esc stats --trend week --json`.
#[derive(Serialize)]
pub struct TrendView {
    period: PeriodView,
    trend: &'static str,
    weeks: Vec<WeekView>,
}

#[derive(Serialize)]
struct WeekView {
    week: String,
    since: String,
    until: String,
    opened: usize,
    resolved: usize,
    backlog: usize,
    mttr_business_p50_seconds: Option<i64>,
    resolve_sla: WeekComplianceView,
    escalation: WeekEscalationView,
    first_contact_resolution: FirstContactView,
}

#[derive(Serialize)]
struct WeekComplianceView {
    met: usize,
    missed: usize,
    rate: Option<f64>,
}

#[derive(Serialize)]
struct WeekEscalationView {
    tickets: usize,
    escalated: usize,
    rate: Option<f64>,
}

impl TrendView {
    pub fn new(period: &Period, weeks: &[Week]) -> TrendView {
        TrendView {
            period: PeriodView::new(period),
            trend: "week",
            weeks: weeks
                .iter()
                .map(|week| WeekView {
                    week: week.name.clone(),
                    since: format_timestamp(&week.window.since),
                    until: format_timestamp(&week.window.until),
                    opened: week.opened,
                    resolved: week.resolved,
                    backlog: week.backlog,
                    mttr_business_p50_seconds: seconds(week.mttr_business_p50),
                    resolve_sla: WeekComplianceView {
                        met: week.resolve_sla.part,
                        missed: week.resolve_sla.whole - week.resolve_sla.part,
                        rate: rate(week.resolve_sla),
                    },
                    escalation: WeekEscalationView {
                        tickets: week.escalation.whole,
                        escalated: week.escalation.part,
                        rate: rate(week.escalation),
                    },
                    first_contact_resolution: FirstContactView {
                        tickets: week.first_contact.whole,
                        first_contact: week.first_contact.part,
                        rate: rate(week.first_contact),
                    },
                })
                .collect(),
        }
    }
}

// CSV

/// A CSV column: its header and how to read it from one row's data.
type Column<T> = (&'static str, fn(&T) -> String);

fn count(n: usize) -> String {
    n.to_string()
}

fn optional<T: ToString>(value: Option<T>) -> String {
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

// Human tables

fn percent(ratio: Ratio) -> String {
    ratio.rate().map_or_else(|| "-".to_string(), |r| format!("{}%", (r * 100.0).round()))
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
        for kind in CLOCK_KINDS {
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
    out
}

/// The `esc stats --trend week` table: one row per week.
pub fn trend_text(ui: &Ui, period: &Period, weeks: &[Week]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} to {} UTC, by ISO week", short(&period.since), short(&period.until));
    let headers =
        ["WEEK", "FROM", "UNTIL", "OPENED", "RESOLVED", "BACKLOG", "MTTR P50", "RESOLVE SLA", "ESCALATED", "FCR"];
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
        ]);
    }
    out.push_str(&trim_lines(&table.to_string()));
    let _ = writeln!(out, "MTTR: working time; BACKLOG: open at the end of the week");
    out
}
