//! `index.html`: the queue at the instant, the weekly trends, escalation paths, reviews and
//! every ticket, each id linking to its page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::Duration;

use esc::ops::check::{CheckedTicket, ReviewProblem};
use esc::ops::report::ReportData;
use esc::stats::{Figures, Ratio, Week};
use esc::text::{display_name, format_duration};

use super::page::escape;
use super::svg::{Chart, Series, Unit, bars, horizontal_bars, lines};
use super::ticket_link;
use crate::cli::views::sla::{clock_name, over_text, short};

/// The body of `index.html`.
pub fn index_body(data: &ReportData) -> String {
    let period = &data.stats.report.period;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<header>\n<h1>Escalation report</h1>\n<p class=\"lead\">The queue at {} UTC; trends per ISO week from {} to {} UTC.</p>\n</header>",
        short(Some(&data.now)),
        short(Some(&period.since)),
        short(Some(&period.until)),
    );
    out.push_str(
        "<nav><p><a href=\"#queue\">The queue now</a> · <a href=\"#trends\">Trends</a> · <a href=\"#escalations\">Escalations</a> · <a href=\"#reviews\">Reviews</a> · <a href=\"#csat\">Customer satisfaction</a> · <a href=\"#tickets\">Every ticket</a></p></nav>\n",
    );
    queue(&mut out, data);
    trends(&mut out, data);
    escalations(&mut out, &data.stats.report.total);
    reviews(&mut out, data);
    csat(&mut out, data);
    every_ticket(&mut out, data);
    out
}

fn queue(out: &mut String, data: &ReportData) {
    let open = &data.check.tickets;
    let _ = writeln!(out, "<section id=\"queue\">\n<h2>The queue now</h2>");
    let _ = writeln!(out, "<p>{} open ticket{}.</p>", open.len(), if open.len() == 1 { "" } else { "s" });
    out.push_str("<div class=\"grid\">\n");
    let count = |value: fn(&CheckedTicket) -> Option<&str>| {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for ticket in open {
            *counts.entry(value(ticket).unwrap_or("-").to_string()).or_default() += 1;
        }
        counts
    };
    for (heading, counts) in [
        ("By level", count(|t| Some(&t.level))),
        ("By team", count(|t| t.team.as_deref())),
        ("By priority", count(|t| t.priority.as_deref())),
    ] {
        let _ = writeln!(out, "<div>\n<h3>{heading}</h3>");
        if counts.is_empty() {
            out.push_str("<p class=\"none\">none open</p>\n</div>\n");
            continue;
        }
        out.push_str("<table class=\"counts\">\n<tr><th>Value</th><th class=\"num\">Open</th></tr>\n");
        for (value, n) in counts {
            let _ = writeln!(out, "<tr><td>{}</td><td class=\"num\">{n}</td></tr>", escape(&value));
        }
        out.push_str("</table>\n</div>\n");
    }
    out.push_str("</div>\n<h3>Breached or about to be</h3>\n");
    let findings = data.check.findings();
    if findings.is_empty() {
        out.push_str("<p class=\"none\">No clock is breached or in warning.</p>\n");
    } else {
        out.push_str("<table class=\"findings\">\n<tr><th>Ticket</th><th>Priority</th><th>Level</th><th>Clock</th><th>State</th><th>Due (UTC)</th><th></th><th>Title</th></tr>\n");
        for finding in findings {
            let (ticket, clock) = (finding.ticket, finding.clock);
            let state = clock.state.as_str();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"state-{state}\">{state}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ticket_link(data, &ticket.id),
                escape(&clock.priority),
                escape(&ticket.level),
                escape(&clock_name(clock)),
                short(clock.due.as_ref()),
                escape(&over_text(clock)),
                escape(&ticket.title),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h3>Open tickets</h3>\n");
    if !open.is_empty() {
        out.push_str("<table class=\"open\">\n<tr><th>Ticket</th><th>Priority</th><th>Level</th><th>Team</th><th>Title</th></tr>\n");
        let mut open: Vec<&CheckedTicket> = open.iter().collect();
        open.sort_by(|a, b| (&a.priority, &a.id).cmp(&(&b.priority, &b.id)));
        for ticket in open {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                ticket_link(data, &ticket.id),
                escape(ticket.priority.as_deref().unwrap_or("-")),
                escape(&ticket.level),
                escape(ticket.team.as_deref().unwrap_or("-")),
                escape(&ticket.title),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// Hours of a duration, for the charts.
fn hours(duration: Option<Duration>) -> Option<f64> {
    duration.map(|d| d.num_seconds() as f64 / 3600.0)
}

fn percent(ratio: Ratio) -> Option<f64> {
    ratio.rate().map(|rate| rate * 100.0)
}

fn series(name: &str, weeks: &[Week], value: impl Fn(&Week) -> Option<f64>) -> Series {
    Series { name: name.to_string(), values: weeks.iter().map(value).collect() }
}

fn trends(out: &mut String, data: &ReportData) {
    let weeks = &data.stats.weeks;
    let names: Vec<String> = weeks.iter().map(|w| w.name.clone()).collect();
    let _ = writeln!(out, "<section id=\"trends\">\n<h2>Trends per week</h2>");
    period_table(out, &data.stats.report.total);
    let count = |n: usize| Some(n as f64);
    let charts = [
        bars(&Chart {
            id: "opened-resolved",
            title: "Opened and resolved per week",
            summary: "Tickets opened and resolves per ISO week.",
            categories: &names,
            series: vec![
                series("opened", weeks, |w| count(w.opened)),
                series("resolved", weeks, |w| count(w.resolved)),
            ],
            unit: Unit::Count,
        }),
        lines(&Chart {
            id: "backlog",
            title: "Backlog at the end of each week",
            summary: "Tickets open at the end of each ISO week.",
            categories: &names,
            series: vec![series("backlog", weeks, |w| count(w.backlog))],
            unit: Unit::Count,
        }),
        lines(&Chart {
            id: "mtta-mttr",
            title: "Time to acknowledge and to resolve (working time)",
            summary: "MTTA and MTTR per ISO week, median and 90th percentile, in working hours.",
            categories: &names,
            series: vec![
                series("MTTA p50", weeks, |w| hours(w.figures.mtta.business.p50)),
                series("MTTA p90", weeks, |w| hours(w.figures.mtta.business.p90)),
                series("MTTR p50", weeks, |w| hours(w.figures.mttr.business.p50)),
                series("MTTR p90", weeks, |w| hours(w.figures.mttr.business.p90)),
            ],
            unit: Unit::Hours,
        }),
        lines(&Chart {
            id: "sla",
            title: "SLA compliance per clock",
            summary: "Per ISO week, the share of stopped clocks that met their target.",
            categories: &names,
            series: sla_kinds(weeks)
                .into_iter()
                .map(|kind| {
                    series(kind.as_str(), weeks, |w| {
                        w.figures.sla.get(&kind).and_then(|compliance| percent(compliance.ratio()))
                    })
                })
                .collect(),
            unit: Unit::Percent,
        }),
        lines(&Chart {
            id: "rates",
            title: "Escalation, first-contact resolution and reopen rates",
            summary: "Per ISO week: tickets opened that were escalated, tickets first resolved at the first level without escalation, tickets resolved that were reopened.",
            categories: &names,
            series: vec![
                series("escalated", weeks, |w| percent(w.escalation)),
                series("first contact", weeks, |w| percent(w.first_contact)),
                series("reopened", weeks, |w| percent(w.figures.reopened)),
            ],
            unit: Unit::Percent,
        }),
    ];
    out.push_str("<div class=\"grid\">\n");
    for chart in charts {
        let _ = write!(out, "<figure>\n{chart}</figure>\n");
    }
    out.push_str("</div>\n</section>\n");
}

/// The clock kinds every week lists (all four: the figures always carry them).
fn sla_kinds(weeks: &[Week]) -> Vec<esc::sla::ClockKind> {
    weeks.first().map(|w| w.figures.sla.keys().copied().collect()).unwrap_or_default()
}

/// The period's totals, as `esc stats` prints them.
fn period_table(out: &mut String, total: &Figures) {
    let rate = |ratio: Ratio| {
        ratio
            .rate()
            .map_or_else(|| "-".to_string(), |rate| format!("{:.0}% ({} of {})", rate * 100.0, ratio.part, ratio.whole))
    };
    let time = |d: Option<Duration>| d.map_or_else(|| "-".to_string(), format_duration);
    let mut rows: Vec<(String, String)> = vec![
        ("Opened".into(), total.opened.to_string()),
        ("Resolved".into(), total.resolved.to_string()),
        ("Backlog at the end".into(), total.backlog.count.to_string()),
        (
            "MTTA p50 / p90 (working time)".into(),
            format!("{} / {}", time(total.mtta.business.p50), time(total.mtta.business.p90)),
        ),
        (
            "MTTR p50 / p90 (working time)".into(),
            format!("{} / {}", time(total.mttr.business.p50), time(total.mttr.business.p90)),
        ),
    ];
    for (kind, compliance) in &total.sla {
        rows.push((format!("SLA met: {kind}"), rate(compliance.ratio())));
    }
    rows.push(("Escalation rate".into(), rate(total.escalation.tickets)));
    rows.push(("First-contact resolution".into(), rate(total.first_contact)));
    rows.push(("Reopen rate".into(), rate(total.reopened)));
    out.push_str("<h3>The whole period</h3>\n<table class=\"period\">\n");
    for (name, value) in rows {
        let _ = writeln!(out, "<tr><th>{}</th><td class=\"num\">{}</td></tr>", escape(&name), escape(&value));
    }
    out.push_str("</table>\n");
}

/// Most first, then by name.
fn ranked(counts: &BTreeMap<String, usize>, top: usize) -> Vec<(String, usize)> {
    let mut items: Vec<(String, usize)> = counts.iter().map(|(name, n)| (name.clone(), *n)).collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items.truncate(top);
    items
}

fn escalations(out: &mut String, total: &Figures) {
    let escalation = &total.escalation;
    let _ = writeln!(
        out,
        "<section id=\"escalations\">\n<h2>Escalations</h2>\n<p>{} escalation{} in the period ({} hierarchical).</p>\n<div class=\"grid\">",
        escalation.events,
        if escalation.events == 1 { "" } else { "s" },
        escalation.hierarchical,
    );
    let paths = horizontal_bars(
        "paths",
        "Escalation paths",
        "Escalations in the period by where they went: level to level, to a team, to a vendor.",
        &ranked(&escalation.by_path, usize::MAX),
    );
    let reasons = horizontal_bars(
        "reasons",
        "Top escalation reasons",
        "The five most frequent reasons for escalating in the period.",
        &ranked(&escalation.by_reason, 5),
    );
    let _ = write!(out, "<figure>\n{paths}</figure>\n<figure>\n{reasons}</figure>\n</div>\n</section>\n");
}

fn reviews(out: &mut String, data: &ReportData) {
    let reviews = &data.stats.report.total.reviews;
    let _ = writeln!(out, "<section id=\"reviews\">\n<h2>Post-incident reviews</h2>");
    out.push_str("<table class=\"review-figures\">\n");
    for (name, value) in [
        ("Required (tickets resolved in the period)", reviews.required),
        ("Published on time", reviews.published_on_time),
        ("Published late", reviews.published_late),
        ("Draft", reviews.draft),
        ("Missing", reviews.missing),
        ("Overdue", reviews.overdue),
        ("Open action items", reviews.action_items_open),
        ("Overdue action items", reviews.action_items_overdue),
    ] {
        let _ = writeln!(out, "<tr><th>{name}</th><td class=\"num\">{value}</td></tr>");
    }
    out.push_str("</table>\n<h3>Reviews to write or publish</h3>\n");
    let pending: Vec<_> =
        data.check.reviews.iter().filter(|r| !matches!(r.problem, ReviewProblem::ActionItem { .. })).collect();
    if pending.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n");
    } else {
        out.push_str("<table class=\"pending-reviews\">\n<tr><th>Ticket</th><th>Review</th><th>Due (UTC)</th><th>State</th><th>Title</th></tr>\n");
        for finding in pending {
            let problem = match &finding.problem {
                ReviewProblem::Missing { why } => format!("missing ({why})"),
                _ => "draft".to_string(),
            };
            let (class, state) = if finding.overdue { ("overdue", "overdue") } else { ("due", "due") };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{state}</td><td>{}</td></tr>",
                ticket_link(data, &finding.ticket),
                escape(&problem),
                short(finding.due.as_ref()),
                escape(&finding.title),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h3>Open action items by owner</h3>\n");
    if data.action_items.is_empty() {
        out.push_str("<p class=\"none\">None.</p>\n");
    } else {
        out.push_str("<table class=\"action-items\">\n<tr><th>Owner</th><th>Due (UTC)</th><th>Ticket</th><th>Item</th><th>State</th></tr>\n");
        for item in &data.action_items {
            let (class, state) = if item.overdue { ("overdue", "overdue") } else { ("open", "open") };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td class=\"{class}\">{state}</td></tr>",
                escape(item.owner.as_deref().map_or("no owner", display_name)),
                short(item.due.as_ref()),
                ticket_link(data, &item.ticket),
                escape(&item.id),
                escape(&item.title),
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// CSAT over the period (docs/metrics.md): the mean, the response rate and the spread of
/// scores, then the weekly mean; as `esc stats` counts them.
fn csat(out: &mut String, data: &ReportData) {
    let csat = &data.stats.report.total.csat;
    out.push_str("<section id=\"csat\">\n<h2>Customer satisfaction</h2>\n");
    if csat.rated() == 0 {
        let _ = writeln!(
            out,
            "<p class=\"none\">No ratings yet ({} ticket{} closed in the period; <code>esc confirm ID --csat 1-5</code> records one).</p>\n</section>",
            csat.response.whole,
            if csat.response.whole == 1 { "" } else { "s" },
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p>Mean {:.1} of 5 from {} rating{}; {} of {} closed tickets rated ({:.0}%).</p>",
        csat.mean().unwrap_or_default(),
        csat.rated(),
        if csat.rated() == 1 { "" } else { "s" },
        csat.response.part,
        csat.response.whole,
        percent(csat.response).unwrap_or_default(),
    );
    let scores: Vec<(String, usize)> =
        (1..=5).rev().map(|score| (format!("{score} of 5"), csat.scores[score - 1])).collect();
    let spread = horizontal_bars("csat-scores", "Ratings by score", "How many closed tickets got each score.", &scores);
    let weeks = &data.stats.weeks;
    let names: Vec<String> = weeks.iter().map(|w| w.name.clone()).collect();
    let trend = lines(&Chart {
        id: "csat-mean",
        title: "CSAT mean per week",
        summary: "The mean rating of the tickets closed each week, from 1 to 5.",
        categories: &names,
        series: vec![series("CSAT mean", weeks, |w| w.csat.mean())],
        unit: Unit::Score,
    });
    let _ = write!(
        out,
        "<div class=\"grid\">\n<figure>\n{spread}</figure>\n<figure>\n{trend}</figure>\n</div>\n</section>\n"
    );
}

fn every_ticket(out: &mut String, data: &ReportData) {
    let _ = writeln!(out, "<section id=\"tickets\">\n<h2>Every ticket</h2>");
    if data.tickets.is_empty() {
        out.push_str("<p class=\"none\">No tickets yet.</p>\n</section>\n");
        return;
    }
    out.push_str("<table class=\"tickets\">\n<tr><th>Ticket</th><th>Status</th><th>Priority</th><th>Level</th><th>Created (UTC)</th><th>Title</th></tr>\n");
    for page in &data.tickets {
        let field = |name: esc::ticket::Field| page.state.get(&name).map_or_else(|| "-".to_string(), |v| v.to_string());
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ticket_link(data, &page.id),
            escape(&field(esc::ticket::Field::Status)),
            escape(&field(esc::ticket::Field::Priority)),
            escape(&field(esc::ticket::Field::Level)),
            short(Some(&page.created)),
            escape(&page.title),
        );
    }
    out.push_str("</table>\n</section>\n");
}
