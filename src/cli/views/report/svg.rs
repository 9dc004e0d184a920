//! Charts as inline SVG: grouped bars, lines and horizontal bars, with axes, labels and a
//! legend. Series differ by pattern and dash as well as shade, so a greyscale print still
//! tells them apart; each chart has a `<title>` and a `<desc>` listing its values for
//! screen readers. Every bar is a `rect.bar` and every point a `circle.point`, with
//! `data-series`, `data-category` and `data-value`, so the figures behind a mark can be
//! read back (the tests count them).

use std::fmt::Write as _;

use super::page::escape;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 36.0;
/// Gridlines above the zero line.
const TICKS: usize = 4;

/// How a chart's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// 0 to 100.
    Percent,
    Hours,
    /// A rating from 1 to 5 (the axis always runs to 5).
    Score,
}

impl Unit {
    fn format(self, value: f64) -> String {
        match self {
            Unit::Count => format!("{value:.0}"),
            Unit::Percent => format!("{value:.0}%"),
            Unit::Hours => format!("{value:.1}h"),
            Unit::Score => format!("{value:.1}"),
        }
    }

    fn axis_label(self) -> &'static str {
        match self {
            Unit::Count => "tickets",
            Unit::Percent => "percent",
            Unit::Hours => "working hours",
            Unit::Score => "score",
        }
    }
}

/// One named row of values, one per category; `None` where there is nothing to measure.
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A chart over categories (the weeks of the period).
pub struct Chart<'a> {
    /// Unique in the page: the prefix of the chart's element ids.
    pub id: &'a str,
    pub title: &'a str,
    /// One sentence on what is drawn; the values are appended for screen readers.
    pub summary: &'a str,
    pub categories: &'a [String],
    pub series: Vec<Series>,
    pub unit: Unit,
}

/// Grouped vertical bars: one group per category, one bar per series (zero-height bars
/// included, so every category × series has its bar).
pub fn bars(chart: &Chart) -> String {
    let top = scale_top(chart);
    let mut out = open(chart, top);
    let plot_width = WIDTH - LEFT - RIGHT;
    let group = plot_width / chart.categories.len().max(1) as f64;
    let bar = group * 0.8 / chart.series.len().max(1) as f64;
    for (i, series) in chart.series.iter().enumerate() {
        for (c, category) in chart.categories.iter().enumerate() {
            let value = series.values.get(c).copied().flatten().unwrap_or(0.0);
            let height = value / top * plot_height();
            let x = LEFT + group * c as f64 + group * 0.1 + bar * i as f64;
            let _ = writeln!(
                out,
                "<rect class=\"bar\" data-series=\"{s}\" data-category=\"{cat}\" data-value=\"{v}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"url(#{id}-p{i})\" stroke=\"#222\" stroke-width=\"0.8\"><title>{s}, {cat}: {text}</title></rect>",
                s = escape(&series.name),
                cat = escape(category),
                v = number(value),
                y = baseline() - height,
                w = bar,
                h = height,
                id = chart.id,
                i = i % PATTERNS,
                text = chart.unit.format(value),
            );
        }
    }
    out.push_str(&x_labels(chart.categories));
    out.push_str(&legend(chart, true));
    out.push_str("</svg>\n");
    out
}

/// One line per series, a point per measured value; gaps where there is no value.
pub fn lines(chart: &Chart) -> String {
    let top = scale_top(chart);
    let mut out = open(chart, top);
    let step = (WIDTH - LEFT - RIGHT) / chart.categories.len().max(1) as f64;
    let x_of = |c: usize| LEFT + step * (c as f64 + 0.5);
    let y_of = |value: f64| baseline() - value / top * plot_height();
    for (i, series) in chart.series.iter().enumerate() {
        let mut path = String::new();
        let mut pen_down = false;
        for (c, value) in series.values.iter().enumerate() {
            match value {
                Some(value) => {
                    let _ = write!(path, "{}{:.1},{:.1} ", if pen_down { "L" } else { "M" }, x_of(c), y_of(*value));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let name = escape(&series.name);
        let _ = writeln!(
            out,
            "<path class=\"line\" data-series=\"{name}\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/>",
            path.trim_end(),
            SHADES[i % SHADES.len()],
            DASHES[i % DASHES.len()],
        );
        for (c, value) in series.values.iter().enumerate() {
            let Some(value) = value else { continue };
            let category = escape(&chart.categories[c]);
            let _ = writeln!(
                out,
                "<circle class=\"point\" data-series=\"{name}\" data-category=\"{category}\" data-value=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\" stroke=\"#111\" stroke-width=\"1.2\"><title>{name}, {category}: {}</title></circle>",
                number(*value),
                x_of(c),
                y_of(*value),
                MARKER_FILLS[i % MARKER_FILLS.len()],
                chart.unit.format(*value),
            );
        }
    }
    out.push_str(&x_labels(chart.categories));
    out.push_str(&legend(chart, false));
    out.push_str("</svg>\n");
    out
}

/// Horizontal bars with their counts: one per item, in the order given.
pub fn horizontal_bars(id: &str, title: &str, summary: &str, items: &[(String, usize)]) -> String {
    const ROW: f64 = 24.0;
    const LABEL: f64 = 200.0;
    let height = TOP / 2.0 + ROW * items.len().max(1) as f64 + 8.0;
    let max = items.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1) as f64;
    let values: Vec<String> = items.iter().map(|(name, n)| format!("{name}: {n}")).collect();
    let mut out = svg_open(id, title, &describe(summary, &values), height);
    let _ = writeln!(out, "<defs>{}</defs>", patterns(id));
    if items.is_empty() {
        let _ = writeln!(out, "<text x=\"{LEFT}\" y=\"{:.1}\">none in the period</text>", TOP / 2.0 + 14.0);
    }
    let width = WIDTH - LABEL - 60.0;
    for (row, (name, count)) in items.iter().enumerate() {
        let y = TOP / 2.0 + ROW * row as f64;
        let length = *count as f64 / max * width;
        let name = escape(name);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{name}</text>",
            LABEL - 6.0,
            y + ROW * 0.6
        );
        let _ = writeln!(
            out,
            "<rect class=\"bar\" data-series=\"{id}\" data-category=\"{name}\" data-value=\"{count}\" x=\"{LABEL:.1}\" y=\"{:.1}\" width=\"{length:.1}\" height=\"{:.1}\" fill=\"url(#{id}-p1)\" stroke=\"#222\" stroke-width=\"0.8\"><title>{name}: {count}</title></rect>",
            y + 3.0,
            ROW - 8.0,
        );
        let _ = writeln!(out, "<text x=\"{:.1}\" y=\"{:.1}\">{count}</text>", LABEL + length + 6.0, y + ROW * 0.6);
    }
    out.push_str("</svg>\n");
    out
}

/// Fills told apart without colour: solid, hatched, dotted, cross-hatched.
const PATTERNS: usize = 4;
const SHADES: [&str; 4] = ["#222", "#555", "#333", "#777"];
const DASHES: [&str; 4] = ["none", "7 4", "2 3", "10 3 2 3"];
const MARKER_FILLS: [&str; 4] = ["#222", "#fff", "#888", "#fff"];

fn patterns(id: &str) -> String {
    format!(
        "<pattern id=\"{id}-p0\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#333\"/></pattern>\
<pattern id=\"{id}-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ddd\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#333\" stroke-width=\"2.5\"/></pattern>\
<pattern id=\"{id}-p2\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"#333\"/></pattern>\
<pattern id=\"{id}-p3\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#999\"/><path d=\"M0,3 H6 M3,0 V6\" stroke=\"#111\" stroke-width=\"1\"/></pattern>"
    )
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

fn baseline() -> f64 {
    HEIGHT - BOTTOM
}

/// The value at the top of the axis: 100 for percentages, else the largest value rounded
/// up to a multiple of the gridline count (at least one per line), so gridlines fall on
/// whole numbers.
fn scale_top(chart: &Chart) -> f64 {
    match chart.unit {
        Unit::Percent => return 100.0,
        Unit::Score => return 5.0,
        _ => {}
    }
    let max = chart.series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |a, &b| a.max(b));
    let ticks = TICKS as f64;
    ((max / ticks).ceil() * ticks).max(ticks)
}

/// `3`, `2.5`: a value as `data-value` carries it.
fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded}") }
}

fn describe(summary: &str, values: &[String]) -> String {
    if values.is_empty() { format!("{summary} No values.") } else { format!("{summary} {}.", values.join("; ")) }
}

fn svg_open(id: &str, title: &str, desc: &str, height: f64) -> String {
    format!(
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(desc),
    )
}

/// The SVG element, its title and description, patterns, gridlines and the value axis.
fn open(chart: &Chart, top: f64) -> String {
    let values: Vec<String> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            let row: Vec<String> = chart
                .series
                .iter()
                .map(|s| {
                    let value = s.values.get(c).copied().flatten();
                    format!("{} {}", s.name, value.map_or_else(|| "none".to_string(), |v| chart.unit.format(v)))
                })
                .collect();
            format!("{category}: {}", row.join(", "))
        })
        .collect();
    let mut out = svg_open(chart.id, chart.title, &describe(chart.summary, &values), HEIGHT);
    let _ = writeln!(out, "<defs>{}</defs>", patterns(chart.id));
    let _ = writeln!(out, "<text x=\"4\" y=\"{:.1}\" font-size=\"11\">{}</text>", TOP - 22.0, chart.unit.axis_label());
    for tick in 0..=TICKS {
        let value = top * tick as f64 / TICKS as f64;
        let y = baseline() - plot_height() * tick as f64 / TICKS as f64;
        let (stroke, dash) = if tick == 0 { ("#222", "none") } else { ("#bbb", "3 3") };
        let _ = writeln!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\" stroke-dasharray=\"{dash}\"/>",
            WIDTH - RIGHT
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            y + 4.0,
            chart.unit.format(value)
        );
    }
    let _ = writeln!(out, "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{:.1}\" stroke=\"#222\"/>", baseline());
    out
}

/// Category names under the axis; on a long period only every few, so they stay legible.
fn x_labels(categories: &[String]) -> String {
    let mut out = String::new();
    let step = (WIDTH - LEFT - RIGHT) / categories.len().max(1) as f64;
    let every = categories.len().div_ceil(10).max(1);
    for (c, category) in categories.iter().enumerate().filter(|(c, _)| c % every == 0) {
        // `2026-W47` reads as `W47` under the axis; the year is in the title and the desc.
        let short = category.rsplit('-').next().unwrap_or(category);
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            LEFT + step * (c as f64 + 0.5),
            baseline() + 16.0,
            escape(short)
        );
    }
    out
}

/// Swatches (bars) or line samples with markers (lines), one per series, above the plot.
fn legend(chart: &Chart, bars: bool) -> String {
    let mut out = String::from("<g class=\"legend\">\n");
    let mut x = LEFT;
    for (i, series) in chart.series.iter().enumerate() {
        let name = escape(&series.name);
        if bars {
            let _ = writeln!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" fill=\"url(#{}-p{})\" stroke=\"#222\" stroke-width=\"0.8\"/>",
                TOP - 20.0,
                chart.id,
                i % PATTERNS
            );
        } else {
            let y = TOP - 15.0;
            let _ = writeln!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"{}\"/><circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{}\" stroke=\"#111\" stroke-width=\"1.2\"/>",
                x + 22.0,
                SHADES[i % SHADES.len()],
                DASHES[i % DASHES.len()],
                x + 11.0,
                MARKER_FILLS[i % MARKER_FILLS.len()],
            );
        }
        let label_x = x + if bars { 18.0 } else { 26.0 };
        let _ = writeln!(out, "<text x=\"{label_x:.1}\" y=\"{:.1}\">{name}</text>", TOP - 11.0);
        x = label_x + 7.0 * series.name.chars().count() as f64 + 18.0;
    }
    out.push_str("</g>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stable_and_short() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
    }

    #[test]
    fn the_axis_top_is_a_whole_multiple_of_the_gridlines() {
        let categories = vec!["2026-W01".to_string()];
        let chart = |max: f64, unit| Chart {
            id: "c",
            title: "t",
            summary: "s",
            categories: &categories,
            series: vec![Series { name: "a".into(), values: vec![Some(max)] }],
            unit,
        };
        assert_eq!(scale_top(&chart(0.0, Unit::Count)), 4.0);
        assert_eq!(scale_top(&chart(5.0, Unit::Count)), 8.0);
        assert_eq!(scale_top(&chart(5.0, Unit::Percent)), 100.0);
    }
}
