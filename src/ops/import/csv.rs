//! A CSV with a header row: `--map FIELD=COLUMN` says which column holds which field. The
//! default columns are the ones `esc export --format csv` writes, so an export imports back
//! as it is. Jira's CSV export is read by the same code with Jira's column names.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::text::escape_line;

use super::dates::parse_source_time;
use super::{Format, ImportRecord, Problem, Read, Stamp};

crate::named_enum! {
    /// What a column can hold (the names `--map` takes).
    pub enum Column as "import field" {
        Key = "key",
        Source = "source",
        Title = "title",
        Body = "body",
        Created = "created",
        Updated = "updated",
        Reporter = "reporter",
        Assignee = "assignee",
        Status = "status",
        WaitingOn = "waiting_on",
        Priority = "priority",
        Severity = "severity",
        Type = "type",
        Category = "category",
        Impact = "impact",
        Urgency = "urgency",
        Labels = "labels",
        Customer = "customer",
        Level = "level",
        Team = "team",
        Acknowledged = "acknowledged",
        AcknowledgedBy = "acknowledged_by",
        Escalated = "escalated",
        EscalatedBy = "escalated_by",
        Resolved = "resolved",
        ResolvedBy = "resolved_by",
        Closed = "closed",
        ClosedBy = "closed_by",
        Resolution = "resolution",
        RootCause = "root_cause",
        ResolutionCode = "resolution_code",
    }
}

/// How a table format names its columns and its keys.
pub(crate) struct Layout {
    pub format: Format,
    /// Each field's column when `--map` does not name one.
    pub defaults: &'static [(Column, &'static str)],
    /// Columns that must be there (from `defaults` or `--map`).
    pub required: &'static [Column],
}

/// The columns `esc export --format csv` writes, and so what `esc import csv` reads.
pub const EXPORT_COLUMNS: &[(Column, &str)] = &[
    (Column::Key, "id"),
    (Column::Title, "title"),
    (Column::Status, "status"),
    (Column::WaitingOn, "waiting_on"),
    (Column::Type, "type"),
    (Column::Category, "category"),
    (Column::Severity, "severity"),
    (Column::Impact, "impact"),
    (Column::Urgency, "urgency"),
    (Column::Priority, "priority"),
    (Column::Level, "level"),
    (Column::Team, "team"),
    (Column::Assignee, "assignee"),
    (Column::Reporter, "reporter"),
    (Column::Customer, "customer"),
    (Column::Labels, "labels"),
    (Column::Created, "created"),
    (Column::Updated, "updated"),
    (Column::Acknowledged, "acknowledged"),
    (Column::AcknowledgedBy, "acknowledged_by"),
    (Column::Escalated, "escalated"),
    (Column::EscalatedBy, "escalated_by"),
    (Column::Resolved, "resolved"),
    (Column::ResolvedBy, "resolved_by"),
    (Column::Closed, "closed"),
    (Column::ClosedBy, "closed_by"),
    (Column::Resolution, "resolution"),
    (Column::RootCause, "root_cause"),
    (Column::ResolutionCode, "resolution_code"),
    (Column::Source, "source"),
    (Column::Body, "body"),
];

const CSV: Layout =
    Layout { format: Format::Csv, defaults: EXPORT_COLUMNS, required: &[Column::Key, Column::Title, Column::Created] };

/// Reads a generic CSV export.
pub fn read(text: &str, file: &str, map: &[(String, String)]) -> Result<Vec<Read>> {
    read_table(&CSV, text, file, map)
}

/// Parses `--map title=Summary,created=Created` (the flag may also be repeated).
pub fn parse_map(text: &str) -> Result<Vec<(String, String)>> {
    text.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (field, column) = pair.split_once('=').ok_or_else(|| Error::Usage {
                message: format!("--map '{pair}' is not FIELD=COLUMN"),
                hint: "for example --map title=Summary,created=Created".into(),
            })?;
            let field = field.trim();
            field.parse::<Column>().map_err(|_| Error::Usage {
                message: format!("--map '{pair}': '{field}' is not a field"),
                hint: format!("the fields are {}", Column::NAMES.join(", ")),
            })?;
            Ok((field.to_string(), column.trim().to_string()))
        })
        .collect()
}

/// Reads a CSV with a header as `layout` says, `map` overriding its columns.
pub(crate) fn read_table(layout: &Layout, text: &str, file: &str, map: &[(String, String)]) -> Result<Vec<Read>> {
    let shown = escape_line(file);
    let bad = |line: u64, message: String, hint: &str| Error::Stopped {
        what: format!("{shown}:{line}: {message}"),
        hint: hint.to_string(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(1, format!("cannot read the header row: {e}"), "the first row must name the columns"))?
        .clone();
    // Each field's columns: all of the same name (Jira repeats `Labels`).
    let mut columns: HashMap<Column, Vec<usize>> = HashMap::new();
    for &(field, default) in layout.defaults {
        let given = map.iter().rev().find(|(f, _)| f == field.as_str()).map(|(_, c)| c.as_str());
        let name = given.unwrap_or(default);
        let found: Vec<usize> =
            headers.iter().enumerate().filter(|(_, h)| h.trim().eq_ignore_ascii_case(name)).map(|(i, _)| i).collect();
        if found.is_empty() && (given.is_some() || layout.required.contains(&field)) {
            let names: Vec<&str> = headers.iter().collect();
            return Err(bad(
                1,
                format!("no column '{name}' for the {field}"),
                &format!(
                    "name the column with --map {field}=COLUMN; the columns are: {}",
                    escape_line(&names.join(", "))
                ),
            ));
        }
        columns.insert(field, found);
    }
    for (field, column) in map {
        if !layout.defaults.iter().any(|(f, _)| f.as_str() == field) {
            return Err(Error::Usage {
                message: format!("--map {field}={column}: the {} format has no {field}", layout.format),
                hint: "esc import --help lists the fields".into(),
            });
        }
    }
    let mut records = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad(line, format!("not a CSV row: {e}"), "check the quotes on that line")
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let place = format!("{file}:{line}");
        let cells = |field: Column| -> Vec<String> {
            columns
                .get(&field)
                .into_iter()
                .flatten()
                .filter_map(|&i| row.get(i))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        };
        let cell = |field: Column| cells(field).into_iter().next();
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        records.push(record(layout.format, &place, &cell, &cells));
    }
    Ok(records)
}

fn record(
    format: Format,
    place: &str,
    cell: &dyn Fn(Column) -> Option<String>,
    cells: &dyn Fn(Column) -> Vec<String>,
) -> Read {
    let Some(key) = cell(Column::Key) else {
        return Err(Problem::new(place, None, "no key")
            .with_hint("every record needs the key it has in the source (--map key=COLUMN)"));
    };
    // An esc export carries where its tickets came from: they keep it.
    let source = match (format, cell(Column::Source)) {
        (Format::Csv, Some(source)) => source,
        _ => format!("{format}:{key}"),
    };
    let time = |field: Column| -> std::result::Result<Option<crate::clock::Timestamp>, Problem> {
        cell(field)
            .map(|text| {
                parse_source_time(&text).map_err(|e| {
                    Problem::new(place, Some(&source), format!("{field}: {e}"))
                        .with_hint("fix it in the source, or map another column with --map")
                })
            })
            .transpose()
    };
    let stamp = |at: Column, by: Column| -> std::result::Result<Option<Stamp>, Problem> {
        Ok(time(at)?.map(|at| Stamp { at, by: cell(by) }))
    };
    let labels = cells(Column::Labels)
        .iter()
        .flat_map(|cell| cell.split([',', ';', ' ']).map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.is_empty())
        .collect();
    Ok(ImportRecord {
        place: place.to_string(),
        title: cell(Column::Title),
        body: cell(Column::Body).unwrap_or_default(),
        created: time(Column::Created)?,
        updated: time(Column::Updated)?,
        reporter: cell(Column::Reporter),
        assignee: cell(Column::Assignee),
        status: cell(Column::Status),
        waiting_on: cell(Column::WaitingOn),
        priority: cell(Column::Priority),
        severity: cell(Column::Severity),
        kind: cell(Column::Type),
        category: cell(Column::Category),
        impact: cell(Column::Impact),
        urgency: cell(Column::Urgency),
        labels,
        customer: cell(Column::Customer),
        level: cell(Column::Level),
        team: cell(Column::Team),
        acknowledged: stamp(Column::Acknowledged, Column::AcknowledgedBy)?,
        escalated: stamp(Column::Escalated, Column::EscalatedBy)?,
        resolved: stamp(Column::Resolved, Column::ResolvedBy)?,
        closed: stamp(Column::Closed, Column::ClosedBy)?,
        resolution: cell(Column::Resolution),
        root_cause: cell(Column::RootCause),
        resolution_code: cell(Column::ResolutionCode),
        source,
    })
}
