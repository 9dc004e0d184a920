//! What a person at a terminal sees: tables that fit its width, colours by the usual
//! conventions, the pager for long output, times with their zone, and a sweep that reports as
//! it goes. A real pseudo-terminal comes from `script` (util-linux).

use std::path::Path;

use crate::common::{NOW, Run, TestEnv};
use crate::sla_support::{act, at, open_at};

/// A ticket repository with tickets whose titles are far wider than any terminal.
fn with_long_titles() -> (TestEnv, Vec<String>) {
    let env = TestEnv::initialised();
    let mut ids = Vec::new();
    for (n, severity) in ["sev1", "sev2", "sev3", "sev4", "sev2", "sev3", "sev1"].iter().enumerate() {
        let title = format!("Ticket {n}: checkout answers 502 for every merchant in the EU region since the deploy");
        ids.push(env.open(&title, &["--severity", severity, "--customer", "Initech"]));
    }
    // Wide characters take two columns each.
    ids.push(env.open("決済が全加盟店で失敗している：デプロイ以降のEUリージョン", &["--severity", "sev2"]));
    (env, ids)
}

/// Checks that no line of `text` is wider than `width` and that every id is shown whole.
fn assert_fits(text: &str, width: usize, ids: &[String]) {
    for line in text.lines() {
        let columns = unicode_width::UnicodeWidthStr::width(line);
        assert!(columns <= width, "{columns} columns, wider than {width}: {line:?}\n{text}");
    }
    for id in ids {
        let rows = text.lines().filter(|l| l.starts_with(id.as_str())).count();
        assert_eq!(rows, 1, "{id} whole on one row of its own:\n{text}");
    }
}

/// Runs `command` (a shell command line, `esc` being the built binary) in a pseudo-terminal
/// made by `script`, with the test's pinned environment less `unset`, plus `extra`.
fn in_terminal(env: &TestEnv, command: &str, unset: &[&str], extra: &[(&str, &str)]) -> Run {
    let esc = env.std_esc_command();
    let mut script = std::process::Command::new("script");
    for (key, value) in esc.get_envs() {
        match value {
            Some(value) => script.env(key, value),
            None => script.env_remove(key),
        };
    }
    for key in unset {
        script.env_remove(key);
    }
    script.envs(extra.iter().copied());
    let program = Path::new(esc.get_program()).parent().expect("the binary's folder").to_path_buf();
    let path = format!("{}:{}", program.display(), std::env::var("PATH").unwrap_or_default());
    script.env("PATH", path).current_dir(&env.repo).args(["-qec", command, "/dev/null"]);
    let output = script.stdin(std::process::Stdio::null()).output().expect("run script");
    Run {
        code: output.status.code().unwrap_or(-1),
        // A terminal ends its lines with \r\n.
        stdout: String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn list_fits_columns_with_ids_whole_and_titles_cut() {
    let (env, ids) = with_long_titles();
    for width in [80, 40] {
        let run = env.esc_command().env("COLUMNS", width.to_string()).args(["list"]).output().expect("run esc");
        let text = String::from_utf8_lossy(&run.stdout).into_owned();
        assert_fits(&text, width, &ids);
        assert!(text.contains('…'), "titles are cut with …:\n{text}");
        assert_eq!(text.lines().count(), ids.len() + 1, "one line a ticket:\n{text}");
        let first = text.lines().nth(1).expect("a row");
        assert!(first.contains(" P1 ") || first.contains(" P2 "), "the priority stays: {first}");
    }
    // At 80 columns every column still has room; at 40, the least needed ones went.
    let wide = env.esc_command().env("COLUMNS", "80").args(["list"]).output().expect("run esc");
    let header = String::from_utf8_lossy(&wide.stdout).lines().next().unwrap_or_default().to_string();
    assert!(header.contains("LEVEL") && header.contains("DUE") && header.contains("TITLE"), "{header}");
    // Not a terminal and no COLUMNS: whole lines, for scripts.
    let piped = env.esc_command().env_remove("COLUMNS").args(["list"]).output().expect("run esc");
    let piped = String::from_utf8_lossy(&piped.stdout).into_owned();
    assert!(piped.contains("since the deploy") && !piped.contains('…'), "{piped}");
}

#[test]
fn a_terminal_of_unknown_size_gets_80_columns_also_in_colour() {
    let (env, ids) = with_long_titles();
    let zero = in_terminal(&env, "stty cols 0 rows 0; esc list --no-pager", &["COLUMNS"], &[]);
    assert_eq!(zero.code, 0, "{zero:?}");
    assert_fits(&zero.stdout, 80, &ids);
    // With colour on, the width is still the terminal's: ids and priorities never wrap.
    let colour = in_terminal(&env, "stty cols 80 rows 50; esc list", &["COLUMNS", "NO_COLOR"], &[]);
    assert!(colour.stdout.contains('\x1b'), "colours on a terminal: {:?}", colour.stdout);
    let plain = strip_ansi(&colour.stdout);
    assert_fits(&plain, 80, &ids);
    assert_eq!(plain.lines().count(), ids.len() + 1, "{plain}");
}

/// The text without ANSI colour sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    let (env, _) = with_long_titles();
    let list = |args: &[&str], set: &[(&str, &str)], unset: &[&str]| {
        let mut command = env.esc_command();
        for key in unset {
            command.env_remove(key);
        }
        let output = command.envs(set.iter().copied()).args(args).output().expect("run esc");
        String::from_utf8_lossy(&output.stdout).contains('\x1b')
    };
    assert!(!list(&["list"], &[], &[]), "piped: no colour");
    assert!(list(&["list", "--color", "always"], &[], &[]), "--color always beats NO_COLOR");
    assert!(list(&["list"], &[("CLICOLOR_FORCE", "1")], &["NO_COLOR"]), "CLICOLOR_FORCE colours a pipe");
    assert!(!list(&["--color", "never", "list"], &[("CLICOLOR_FORCE", "1")], &["NO_COLOR"]), "--color never");
    assert!(!list(&["list"], &[("CLICOLOR_FORCE", "1")], &[]), "NO_COLOR wins over CLICOLOR_FORCE");

    let terminal = |set: &[(&str, &str)]| {
        let run = in_terminal(&env, "stty cols 120 rows 50; esc list", &["NO_COLOR"], set);
        run.stdout.contains('\x1b')
    };
    assert!(terminal(&[]), "a terminal gets colour");
    assert!(!terminal(&[("TERM", "dumb")]), "TERM=dumb");
    assert!(!terminal(&[("CLICOLOR", "0")]), "CLICOLOR=0");
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager() {
    let (env, ids) = with_long_titles();
    let seen = env.home.join("paged.txt");
    let pager = format!("cat > '{}'", seen.display());
    let list = "stty cols 100 rows 5; esc list";
    let run = in_terminal(&env, list, &[], &[("PAGER", &pager)]);
    assert_eq!(run.code, 0, "{run:?}");
    let paged = std::fs::read_to_string(&seen).expect("the pager got the list");
    assert!(ids.iter().all(|id| paged.contains(id.as_str())), "{paged}");
    assert!(!run.stdout.contains(ids[0].as_str()), "only through the pager: {}", run.stdout);
    std::fs::remove_file(&seen).expect("remove");

    // ESC_PAGER comes first; --no-pager, PAGER=cat and a screen it fits on mean none.
    let run = in_terminal(&env, list, &[], &[("PAGER", "false"), ("ESC_PAGER", &pager)]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(seen.exists(), "ESC_PAGER was used");
    std::fs::remove_file(&seen).expect("remove");
    for (command, pager_var) in [
        ("stty cols 100 rows 5; esc list --no-pager", pager.as_str()),
        ("stty cols 100 rows 50; esc list", pager.as_str()),
        (list, "cat"),
    ] {
        let run = in_terminal(&env, command, &[], &[("PAGER", pager_var)]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(!seen.exists(), "no pager for {command} with PAGER={pager_var}");
        assert!(run.stdout.contains(ids[0].as_str()), "{}", run.stdout);
    }
    // Piped, never: scripts read stdout.
    let piped = env.esc_command().env("PAGER", &pager).args(["list"]).output().expect("run esc");
    assert!(!seen.exists() && String::from_utf8_lossy(&piped.stdout).contains(ids[0].as_str()));

    // A pager that quits at once (q in less) is neither an error nor a failure.
    let run = in_terminal(&env, &format!("{list}; echo \"exit=$?\""), &[], &[("PAGER", "true")]);
    assert!(run.stdout.contains("exit=0"), "{run:?}");
    assert!(!run.stdout.contains("error"), "{run:?}");
    // show, log and search page too.
    for command in [format!("esc show {}", ids[0]), format!("esc log {}", ids[0]), "esc search checkout".into()] {
        let run = in_terminal(&env, &format!("stty cols 100 rows 3; {command}"), &[], &[("PAGER", &pager)]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(seen.exists(), "{command} went through the pager");
        std::fs::remove_file(&seen).expect("remove");
    }
}

#[test]
fn times_show_their_zone_the_configured_one_or_the_local_one() {
    let env = TestEnv::initialised();
    let id = env.open("Checkout is down", &["--severity", "sev1"]);
    let show = env.esc_ok(&["show", &id]);
    assert!(show.contains("  2026-11-25 09:30 UTC  open"), "{show}");
    let log = env.esc_ok(&["log", &id]);
    assert!(log.contains("  2026-11-25 09:30 UTC  open"), "{log}");

    let local = env.esc_command().env("TZ", "Asia/Tokyo").args(["--local", "show", &id]).output().expect("esc");
    let local = String::from_utf8_lossy(&local.stdout).into_owned();
    assert!(local.contains("  2026-11-25 18:30 +09:00  open"), "{local}");

    let config = env.read(".esc/config.yaml") + "display:\n  timezone: Europe/Berlin\n";
    env.write(".esc/config.yaml", &config);
    assert!(env.esc_ok(&["show", &id]).contains("  2026-11-25 10:30 +01:00  open"));
    assert!(env.esc_ok(&["log", &id]).contains("  2026-11-25 10:30 +01:00  open"));
    // JSON is for machines: RFC 3339 UTC whatever the zone.
    assert!(env.esc_ok(&["show", &id, "--json"]).contains("\"at\": \"2026-11-25T09:30:00Z\""));
    // Dates and days on the command line are counted in the display zone: Berlin's
    // 25 November starts at 23:00 UTC the day before.
    let stats = crate::common::json(&env.esc_ok(&["stats", "--since", "today", "--json"]));
    assert_eq!(stats["period"]["since"], "2026-11-24T23:00:00Z", "{stats}");

    for (bad, says) in [("display:\n  timezone: Mars/Olympus\n", "IANA"), ("display:\n  colour: red\n", "colour")] {
        let config = env.read(".esc/config.yaml").replace("display:\n  timezone: Europe/Berlin\n", bad);
        env.write(".esc/config.yaml", &config);
        let run = env.esc(&["show", &id]).expect_error("a bad display setting");
        assert!(run.stderr.contains(says), "{}", run.stderr);
        env.write(".esc/config.yaml", &config.replace(bad, "display:\n  timezone: Europe/Berlin\n"));
    }
}

#[test]
fn time_flags_take_dates_days_and_how_long_ago() {
    let env = TestEnv::initialised();
    env.open("Checkout is down", &["--severity", "sev1"]);
    let period = |args: &[&str]| {
        let stats = crate::common::json(&env.esc_ok(&[&["stats", "--json"][..], args].concat()));
        (
            stats["period"]["since"].as_str().unwrap_or("?").to_string(),
            stats["period"]["until"].as_str().unwrap_or("?").to_string(),
        )
    };
    // The clock is pinned at 2026-11-25T09:30:00Z.
    assert_eq!(period(&["--since", "7d"]).0, "2026-11-18T09:30:00Z");
    assert_eq!(period(&["--since", "2 weeks ago"]).0, "2026-11-11T09:30:00Z");
    assert_eq!(
        period(&["--since", "yesterday", "--until", "yesterday"]),
        ("2026-11-24T00:00:00Z".into(), "2026-11-25T00:00:00Z".into())
    );
    assert_eq!(
        period(&["--since", "2026-11-01", "--until", "3h ago"]),
        ("2026-11-01T00:00:00Z".into(), "2026-11-25T06:30:00Z".into())
    );
    // check and sla take the same forms.
    let check =
        crate::common::json(&env.esc(&["check", "--now", "2026-11-26", "--json"]).expect_code(1, "breached").stdout);
    assert_eq!(check["now"], "2026-11-26T00:00:00Z", "{check}");
    let run = env.esc_rejects(&["check", "--now", "soonish"]);
    assert!(run.stderr.contains("today, yesterday, now, or how long ago (7d, 2w ago"), "{}", run.stderr);
    // A relative --now counts back from the real clock, not the pinned one.
    let check = crate::common::json(&env.esc(&["check", "--now", "1h ago", "--json"]).stdout);
    assert_ne!(check["now"].as_str().unwrap_or_default(), NOW, "{check}");
}

#[test]
fn sweep_prints_each_ticket_as_its_commit_lands() {
    let env = TestEnv::initialised();
    let first = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    let second = open_at(&env, NOW, "Payments are down", &["--severity", "sev1"]);
    for id in [&first, &second] {
        act(&env, &at("09:35"), "ack", id, &[]);
    }
    // Each escalate hook copies what stdout had so far: the second sees the first line.
    let out = env.home.join("sweep-out.txt");
    let seen = env.home.join("seen");
    std::fs::create_dir(&seen).expect("mkdir");
    env.git(&["config", "esc.hook.escalate", &format!("cp '{}' \"{}/$ESC_TICKET\"", out.display(), seen.display())]);
    let now = at("10:05");
    let status = env
        .std_esc_command()
        .env("ESC_NOW", &now)
        .args(["sweep", "--now", &now])
        .stdout(std::fs::File::create(&out).expect("create"))
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run esc");
    assert!(status.success());
    let order = std::fs::read_to_string(&out).expect("stdout");
    let (earlier, later) = if order.starts_with(first.as_str()) { (&first, &second) } else { (&second, &first) };
    assert_eq!(std::fs::read_to_string(seen.join(earlier)).expect("hook ran"), "");
    let at_second = std::fs::read_to_string(seen.join(later)).expect("hook ran");
    assert_eq!(at_second, format!("{earlier}: L1 -> L2 (sla: level limit passed)\n"));
}

#[test]
fn a_stopped_sweep_says_what_it_committed() {
    let env = TestEnv::initialised();
    let ids: Vec<String> =
        (0..3).map(|n| open_at(&env, NOW, &format!("Outage {n}"), &["--severity", "sev1"])).collect();
    for id in &ids {
        act(&env, &at("09:35"), "ack", id, &[]);
    }
    let before = env.commit_count();
    // Ctrl-C while the first ticket's hook runs: that commit stands, the rest are not made.
    env.git(&["config", "esc.hook.escalate", "kill -INT $PPID"]);
    let now = at("10:05");
    let run = env.esc_at(&now, &["sweep", "--now", &now]).expect_code(130, "a sweep stopped by Ctrl-C");
    assert_eq!(env.commit_count(), before + 1, "{run:?}");
    let committed = run.stdout.lines().next().and_then(|l| l.split(':').next()).expect("a line").to_string();
    assert!(ids.contains(&committed), "{run:?}");
    assert!(
        run.stderr.contains(&format!("sweep: stopped after 1 of 3 commits; committed: {committed}\n")),
        "{}",
        run.stderr
    );
    // The next sweep does the rest.
    env.git(&["config", "--unset", "esc.hook.escalate"]);
    let run = env.esc_at(&now, &["sweep", "--now", &now]).expect_code(0, "the rest");
    assert_eq!(run.stdout.lines().count(), 2, "{run:?}");
}

#[test]
fn sweep_stats_and_check_on_a_terminal_draw_and_clear_their_progress() {
    let env = TestEnv::initialised();
    let id = open_at(&env, NOW, "Checkout is down", &["--severity", "sev1"]);
    act(&env, &at("09:35"), "ack", &id, &[]);
    let now = at("10:05");
    let sweep = in_terminal(&env, &format!("esc sweep --now {now}"), &[], &[("ESC_NOW", &now)]);
    assert_eq!(sweep.code, 0, "{sweep:?}");
    assert!(sweep.stdout.contains(&format!("{id}: L1 -> L2 (sla: level limit passed)")), "{sweep:?}");
    for command in ["esc stats", "esc check"] {
        let run = in_terminal(&env, command, &[], &[]);
        assert!(run.code == 0 || run.code == 1, "{run:?}");
    }
    // Off a terminal, stderr has no progress at all.
    let run = env.esc(&["check"]);
    assert!(!run.stderr.contains('\x1b') && !run.stderr.contains('\r'), "{run:?}");
}
