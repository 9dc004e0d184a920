//! `esc report`: the same bytes from the same commit, well-formed XHTML-compatible pages whose
//! every link resolves, nothing fetched and nothing run, hostile titles escaped, charts with
//! the bars and points a hand-computed fixture calls for, a safe `--out`, and the sample
//! repository's report rendered in headless Chromium (once: it is slow to start).
//!
//! The fixture runs on the default policy over two ISO weeks, W47 (Monday 2026-11-16) and W48
//! (Monday 2026-11-23), `--since 2026-11-16T00:00:00Z --until 2026-11-30T00:00:00Z`:
//!
//! | ticket | story |
//! |---|---|
//! | quick | opened Mon W47 10:00, acked, resolved 11:00 at L1: first contact |
//! | deep | opened Tue W47, acked, escalated L1→L2 (complexity), resolved Tue W48 |
//! | hostile | opened Tue W48 with a title made of markup, still open |

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{TestEnv, copy_dir};
use crate::sla_support::{act, open_at};

const SAMPLE_NOW: &str = "2026-11-24T10:15:00Z";
const HOSTILE: &str = "<script>alert(1)</script> \"onmouseover=alert(2) 'x";
const FIXTURE_NOW: &str = "2026-11-30T12:00:00Z";
const PERIOD: [&str; 4] = ["--since", "2026-11-16T00:00:00Z", "--until", "2026-11-30T00:00:00Z"];

fn sample_env() -> TestEnv {
    let env = TestEnv::new();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-repo"), &env.repo);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-q", "-m", "The sample ticket repository"]);
    env
}

fn fixture() -> TestEnv {
    let env = TestEnv::initialised();
    let quick = open_at(&env, "2026-11-16T10:00:00Z", "Password reset", &["--severity", "sev3"]);
    act(&env, "2026-11-16T10:05:00Z", "ack", &quick, &[]);
    act(&env, "2026-11-16T11:00:00Z", "resolve", &quick, &["--resolution", "Reset it"]);
    act(&env, "2026-11-16T12:00:00Z", "confirm", &quick, &["--csat", "4"]);
    let deep = open_at(&env, "2026-11-17T10:00:00Z", "Exports time out", &["--severity", "sev3"]);
    act(&env, "2026-11-17T10:05:00Z", "ack", &deep, &[]);
    act(&env, "2026-11-17T11:00:00Z", "escalate", &deep, &["--reason", "complexity"]);
    act(&env, "2026-11-24T11:00:00Z", "resolve", &deep, &["--resolution", "Added an index"]);
    act(&env, "2026-11-24T12:00:00Z", "confirm", &deep, &["--csat", "2"]);
    open_at(&env, "2026-11-24T10:00:00Z", HOSTILE, &["--severity", "sev3"]);
    env
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read the report folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn report(env: &TestEnv, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    let stdout = env.esc_ok(&all);
    assert_eq!(stdout, "report/index.html\n");
    files(&env.repo.join("report"))
}

/// The page without its doctype, as XML; panics with the parse error where it is not
/// well-formed.
fn parse<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    let body = text.strip_prefix("<!DOCTYPE html>\n").unwrap_or_else(|| panic!("{name} starts with its doctype"));
    roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"))
}

/// Well-formed, no script, nothing fetched, every link leading to a file of the report or to
/// an id of its own page.
fn validate(files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is UTF-8"));
        assert!(!text.to_lowercase().contains("<script"), "{name} has a script");
        assert!(!text.contains("url(http") && !text.contains("@import"), "{name} fetches a style");
        let doc = parse(name, text);
        let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(!matches!(tag, "script" | "link" | "img" | "iframe" | "object" | "embed"), "{name} has <{tag}>");
            for attribute in node.attributes() {
                let value = attribute.value();
                assert!(!attribute.name().starts_with("on"), "{name}: an event handler {}", attribute.name());
                if !matches!(attribute.name(), "href" | "src") {
                    continue;
                }
                assert!(!value.contains("://") && !value.starts_with("//"), "{name} links outside: {value}");
                if let Some(fragment) = value.strip_prefix('#') {
                    assert!(ids.contains(&fragment), "{name}: #{fragment} is no id of the page");
                    continue;
                }
                let folder = Path::new(name).parent().unwrap_or(Path::new(""));
                let target = normalise(&folder.join(value));
                assert!(files.contains_key(&target), "{name} links to {value}, which the report lacks");
            }
        }
    }
}

fn normalise(path: &Path) -> String {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.to_string_lossy().into_owned()
}

fn text<'a>(files: &'a BTreeMap<String, Vec<u8>>, name: &str) -> &'a str {
    std::str::from_utf8(&files[name]).unwrap()
}

/// `(data-series, data-category, data-value)` of the `class` marks (`bar` or `point`) in the
/// chart with id `chart`.
fn marks(index: &str, chart: &str, class: &str) -> Vec<(String, String, String)> {
    let doc = parse("index.html", index);
    let svg =
        doc.descendants().find(|n| n.attribute("id") == Some(chart)).unwrap_or_else(|| panic!("no chart {chart}"));
    assert_eq!(svg.attribute("role"), Some("img"), "{chart} is an image to screen readers");
    let labelled = svg.attribute("aria-labelledby").unwrap_or_default();
    for part in ["title", "desc"] {
        let id = format!("{chart}-{part}");
        assert!(labelled.contains(&id), "{chart} is labelled by its {part}");
        assert!(svg.descendants().any(|n| n.attribute("id") == Some(&id) && n.tag_name().name() == part));
    }
    svg.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .map(|n| {
            let attribute = |name| n.attribute(name).unwrap_or_else(|| panic!("a {class} without {name}")).to_string();
            (attribute("data-series"), attribute("data-category"), attribute("data-value"))
        })
        .collect()
}

fn triples(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

#[test]
fn the_sample_report_is_the_same_twice_valid_and_renders_in_chromium() {
    let env = sample_env();
    let first = report(&env, &["--now", SAMPLE_NOW]);
    let second = report(&env, &["--now", SAMPLE_NOW]);
    assert!(first == second, "two runs on one commit wrote different bytes");
    assert!(first.len() > 50, "a page per ticket: {} files", first.len());
    validate(&first);
    let index = text(&first, "index.html");
    let head = env.git(&["rev-parse", "HEAD"]);
    assert!(index.contains(&format!("commit {}", head.trim())), "the footer names the commit");
    assert!(index.contains(&format!("the instant {SAMPLE_NOW}")), "the footer names the instant");
    assert!(index.contains(&format!("esc {}", env!("CARGO_PKG_VERSION"))), "the footer names the version");
    assert!(index.contains("No ratings yet ("), "the sample repository has no ratings yet");
    // Breached clocks link to their ticket's page, which explains its clocks.
    assert!(index.contains("<a class=\"ticket\" href=\"tickets/ESC-R8NGHWTF.html\">ESC-R8NGHWTF</a>"));
    let page = text(&first, "tickets/ESC-R8NGHWTF.html");
    assert!(page.contains("<h2>SLA clocks</h2>") && page.contains("<h2>History</h2>"));

    let index_path = env.repo.join("report/index.html");
    let (dom, dom_log) = chromium(&env, &["--dump-dom"], &index_path);
    assert!(dom.contains("Escalation report") && dom.contains("</html>"), "Chromium returned the DOM:\n{dom_log}");
    let screenshot = env.home.join("report.png");
    let (_, shot_log) =
        chromium(&env, &[&format!("--screenshot={}", screenshot.display()), "--window-size=1280,2000"], &index_path);
    let png = std::fs::read(&screenshot).unwrap_or_else(|_| panic!("no screenshot:\n{shot_log}"));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "the screenshot is an image: {} bytes", png.len());
}

/// Runs headless Chromium on `page`, with logging to stderr; fails on a console error.
/// Returns stdout and stderr. Chromium must be installed (`.ci/run` installs it).
fn chromium(env: &TestEnv, args: &[&str], page: &Path) -> (String, String) {
    let binary = ["chromium", "chromium-browser"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join(name)).find(|p| p.is_file())
        })
        .expect("Chromium is not installed: `apt-get install chromium` (.ci/run installs it)");
    let profile = tempfile::tempdir_in(&env.home).unwrap();
    let output = std::process::Command::new("timeout")
        .arg("120")
        .arg(binary)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .env("HOME", &env.home)
        .output()
        .expect("run Chromium");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "Chromium failed ({}):\n{stderr}", output.status);
    for sign in ["Uncaught", "ERROR:CONSOLE", ":CONSOLE(", "Refused to", "net::ERR_"] {
        assert!(!stderr.contains(sign), "Chromium reported {sign}:\n{stderr}");
    }
    (stdout, stderr)
}

#[test]
fn the_charts_have_a_bar_or_point_per_week_and_series() {
    let env = fixture();
    let mut args = vec!["--now", FIXTURE_NOW];
    args.extend_from_slice(&PERIOD);
    let files = report(&env, &args);
    validate(&files);
    let index = text(&files, "index.html");
    // quick and deep opened in W47, hostile in W48; quick resolved in W47, deep in W48.
    assert_eq!(
        marks(index, "opened-resolved", "bar"),
        triples(&[
            ("opened", "2026-W47", "2"),
            ("opened", "2026-W48", "1"),
            ("resolved", "2026-W47", "1"),
            ("resolved", "2026-W48", "1"),
        ])
    );
    // Open at the end of W47: deep; of W48: hostile.
    assert_eq!(
        marks(index, "backlog", "point"),
        triples(&[("backlog", "2026-W47", "1"), ("backlog", "2026-W48", "1")])
    );
    // Escalated of opened: 1 of 2, 0 of 1. First contact of first resolved: quick (1 of 1),
    // deep was escalated (0 of 1). Reopened of resolved: 0 of 1 each week.
    assert_eq!(
        marks(index, "rates", "point"),
        triples(&[
            ("escalated", "2026-W47", "50"),
            ("escalated", "2026-W48", "0"),
            ("first contact", "2026-W47", "100"),
            ("first contact", "2026-W48", "0"),
            ("reopened", "2026-W47", "0"),
            ("reopened", "2026-W48", "0"),
        ])
    );
    assert_eq!(marks(index, "paths", "bar"), triples(&[("paths", "L1→L2", "1")]));
    assert_eq!(marks(index, "reasons", "bar"), triples(&[("reasons", "complexity", "1")]));
    // Four series of two weeks, a point where a clock stopped: acks in W47 only, resolves
    // one a week.
    let times = marks(index, "mtta-mttr", "point");
    let weeks_of =
        |series: &str| times.iter().filter(|(s, _, _)| s == series).map(|(_, w, _)| w.as_str()).collect::<Vec<_>>();
    assert_eq!(weeks_of("MTTA p50"), ["2026-W47"]);
    assert_eq!(weeks_of("MTTR p90"), ["2026-W47", "2026-W48"]);
    assert_eq!(marks(index, "sla", "point").len(), 2 * 4 - weeks_without_stopped_clocks(index));
    // quick rated 4 when confirmed in W47, deep 2 in W48: mean 3 over two ratings.
    assert_eq!(
        marks(index, "csat-scores", "bar"),
        triples(&[
            ("csat-scores", "5 of 5", "0"),
            ("csat-scores", "4 of 5", "1"),
            ("csat-scores", "3 of 5", "0"),
            ("csat-scores", "2 of 5", "1"),
            ("csat-scores", "1 of 5", "0"),
        ])
    );
    assert_eq!(
        marks(index, "csat-mean", "point"),
        triples(&[("CSAT mean", "2026-W47", "4"), ("CSAT mean", "2026-W48", "2")])
    );
    assert!(index.contains("Mean 3.0 of 5 from 2 ratings; 2 of 2 closed tickets rated (100%)."), "{index}");
}

/// Points missing from the SLA chart: a week where a clock kind stopped no clock has none.
fn weeks_without_stopped_clocks(index: &str) -> usize {
    let doc = parse("index.html", index);
    let desc = doc.descendants().find(|n| n.attribute("id") == Some("sla-desc")).and_then(|n| n.text()).unwrap();
    desc.matches(" none").count()
}

#[test]
fn hostile_titles_are_text_not_markup() {
    let env = fixture();
    let files = report(&env, &["--now", FIXTURE_NOW]);
    validate(&files);
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(2) &#39;x";
    let index = text(&files, "index.html");
    assert!(index.contains(escaped), "the title is escaped in the index");
    let page = files
        .iter()
        .find(|(name, bytes)| name.starts_with("tickets/") && std::str::from_utf8(bytes).unwrap().contains(escaped));
    assert!(page.is_some(), "the ticket's page shows the escaped title");
    for (name, bytes) in &files {
        let doc = parse(name, std::str::from_utf8(bytes).unwrap());
        assert!(doc.descendants().all(|n| n.attribute("onmouseover").is_none()), "{name}");
        let titles: Vec<&str> = doc.descendants().filter_map(|n| n.text()).filter(|t| t.contains("alert(1)")).collect();
        assert!(titles.iter().all(|t| t.contains(HOSTILE) || t.contains("<script>")), "{name}: {titles:?}");
    }
}

#[test]
fn out_is_replaced_whole_and_never_among_tickets_or_over_other_files() {
    let env = fixture();
    env.esc_ok(&["report", "--now", FIXTURE_NOW, "--out", "public"]);
    let before = files(&env.repo.join("public"));
    assert!(before.contains_key("index.html"));
    // A page of a ticket that no longer exists goes with the earlier report.
    std::fs::write(env.repo.join("public/tickets/ESC-GONE0000.html"), "old").unwrap();
    let stdout = env.esc_ok(&["report", "--now", FIXTURE_NOW, "--out", "public"]);
    assert_eq!(stdout, "public/index.html\n");
    assert_eq!(files(&env.repo.join("public")), before, "the folder was replaced whole");
    let leftovers: Vec<_> = std::fs::read_dir(&env.repo)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".esc-report"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");

    let status = env.status();
    let run = env.esc(&["report", "--out", "tickets/report"]).expect_code(2, "--out inside tickets/");
    assert!(run.stderr.contains("inside tickets/"), "{}", run.stderr);
    let run = env.esc(&["report", "--out", "."]).expect_code(2, "--out over the project");
    assert!(run.stderr.contains("not part of a report"), "{}", run.stderr);
    assert_eq!(env.status(), status, "a refused report writes nothing");
    assert!(env.repo.join(".esc").is_dir());
}

#[test]
fn a_closed_ticket_untouched_in_the_period_gets_no_page() {
    let env = fixture();
    let files =
        report(&env, &["--now", FIXTURE_NOW, "--since", "2026-11-23T00:00:00Z", "--until", "2026-11-30T00:00:00Z"]);
    validate(&files);
    let pages: Vec<&String> = files.keys().filter(|path| path.starts_with("tickets/")).collect();
    // quick was resolved and confirmed in W47; deep changed in W48; the hostile one is open.
    assert_eq!(pages.len(), 2, "{pages:?}");
    let index = text(&files, "index.html");
    assert!(!index.contains("Password reset"), "quick is neither open nor changed in the period");
    assert!(index.contains("Exports time out"));
}
