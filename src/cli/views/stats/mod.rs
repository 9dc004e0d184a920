//! Views of `esc stats`: a period's figures and a weekly trend as JSON here, as CSV in
//! [`csv`] and as tables in [`text`]. docs/metrics.md documents every key and column;
//! change them together.

mod csv;
mod openmetrics;
mod text;

pub use csv::{report_csv, trend_csv};
pub use openmetrics::report_openmetrics;
pub use text::{report_text, trend_text};

use std::collections::BTreeMap;

use chrono::Duration;
use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::format_timestamp;
use esc::sla::ClockKind;
use esc::stats::{Compliance, Csat, Figures, Period, Ratio, Report, Spread, Week};

/// A rate as JSON and CSV give it: a fraction from 0 to 1, rounded to four decimals.
fn rate(ratio: Ratio) -> Option<f64> {
    ratio.rate().map(|r| (r * 10_000.0).round() / 10_000.0)
}

/// A mean rating as JSON and CSV give it: rounded to two decimals.
fn mean_score(csat: &Csat) -> Option<f64> {
    csat.mean().map(|m| (m * 100.0).round() / 100.0)
}

fn seconds(duration: Option<Duration>) -> Option<i64> {
    duration.map(|d| d.num_seconds())
}

fn compliance(figures: &Figures, kind: ClockKind) -> Compliance {
    figures.sla.get(&kind).copied().unwrap_or_default()
}

// JSON

/// `esc stats --json`.
#[derive(Serialize, JsonSchema)]
pub struct ReportView {
    period: PeriodView,
    by: Option<&'static str>,
    total: FiguresView,
    groups: Vec<GroupView>,
}

#[derive(Serialize, JsonSchema)]
struct PeriodView {
    since: String,
    until: String,
}

impl PeriodView {
    fn new(period: &Period) -> PeriodView {
        PeriodView { since: format_timestamp(&period.since), until: format_timestamp(&period.until) }
    }
}

#[derive(Serialize, JsonSchema)]
struct GroupView {
    group: String,
    #[serde(flatten)]
    figures: FiguresView,
}

#[derive(Serialize, JsonSchema)]
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
    csat: CsatView,
}

/// Satisfaction ratings of the tickets closed in the window.
#[derive(Serialize, JsonSchema)]
struct CsatView {
    /// Tickets closed in the window.
    closed: usize,
    /// Of those, rated.
    rated: usize,
    response_rate: Option<f64>,
    /// The mean score, 1 to 5, two decimals.
    mean: Option<f64>,
    /// Rated tickets per score, keys "1" to "5", all always present.
    scores: BTreeMap<String, usize>,
}

impl CsatView {
    fn new(csat: &Csat) -> CsatView {
        CsatView {
            closed: csat.response.whole,
            rated: csat.rated(),
            response_rate: rate(csat.response),
            mean: mean_score(csat),
            scores: csat.scores.iter().zip(1..).map(|(n, score): (&usize, u8)| (score.to_string(), *n)).collect(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct BacklogView {
    count: usize,
    age_p50_seconds: Option<i64>,
    age_p90_seconds: Option<i64>,
}

#[derive(Serialize, JsonSchema)]
struct TimeToView {
    count: usize,
    wall: SpreadView,
    business: SpreadView,
}

#[derive(Serialize, JsonSchema)]
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

#[derive(Serialize, JsonSchema)]
struct SlaView {
    ack: ComplianceView,
    update: ComplianceView,
    resolve: ComplianceView,
    level: ComplianceView,
}

#[derive(Serialize, JsonSchema)]
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

#[derive(Serialize, JsonSchema)]
struct EscalationView {
    tickets: usize,
    escalated: usize,
    rate: Option<f64>,
    events: usize,
    hierarchical: usize,
    by_reason: BTreeMap<String, usize>,
    by_path: BTreeMap<String, usize>,
}

#[derive(Serialize, JsonSchema)]
struct FirstContactView {
    tickets: usize,
    first_contact: usize,
    rate: Option<f64>,
}

#[derive(Serialize, JsonSchema)]
struct ReopenView {
    tickets: usize,
    reopened: usize,
    rate: Option<f64>,
}

#[derive(Serialize, JsonSchema)]
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
            csat: CsatView::new(&figures.csat),
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
#[derive(Serialize, JsonSchema)]
pub struct TrendView {
    period: PeriodView,
    trend: &'static str,
    weeks: Vec<WeekView>,
}

#[derive(Serialize, JsonSchema)]
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
    csat: CsatView,
}

#[derive(Serialize, JsonSchema)]
struct WeekComplianceView {
    met: usize,
    missed: usize,
    rate: Option<f64>,
}

#[derive(Serialize, JsonSchema)]
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
                    csat: CsatView::new(&week.csat),
                })
                .collect(),
        }
    }
}
