//! The shell examples in README.md and docs/*.md, run for real.
//!
//! **What runs.** Every ```` ```sh ```` block, and every ```` ```console ````, ```` ```text ````
//! or untagged block whose first line is a `$ ` prompt (each `$ ` line is one command, the
//! lines after it its output). A document's examples run in order in one `bash` process with
//! `set -e -o pipefail`, so variables and `cd` carry over from one block to the next, as for a
//! reader following along. Each document gets its own [`TestEnv`]: the pinned clock, identity
//! and git configuration, `HOME` in a temp dir, and the built esc first on `PATH`.
//!
//! **Where.** The temp dir holds a copy of `sample-repo/`, made a git repository of its own
//! where esc has already run once (so its one-time merge driver notice is not in the outputs).
//! README.md starts next to it (as at the project root); docs/*.md start inside it, since their
//! examples use its tickets (`ESC-8XNF39Z6`, `ESC-R8NGHWTF`). `cargo run [--release] --`
//! becomes `esc`, and `-C sample-repo` names the copy wherever the reader has gone.
//!
//! **Skips.** A block is not run when its first word is `cargo` (installing, testing: they
//! build the project) or starts with `bench/` (minutes of benchmarks), or when the line before
//! it is `<!-- not run: REASON -->`.
//!
//! **Conventions in the docs.** `<!-- setup: COMMANDS -->` before a block runs COMMANDS first,
//! unseen by readers (say, a remote to sync with). A command ending in `# exit N` must exit
//! with N (`esc check` exits 1 on a breach). Output shown right after an `sh` block (an
//! untagged or `text` block), or after a `$ ` command, is compared with what it printed (stdout
//! and stderr, as a terminal shows them), line by line with trailing spaces ignored; a line `…` stands for any
//! number of lines. `<!-- output not compared: REASON -->` before the output block shows it to
//! readers only (random ids, commit hashes).

use std::path::{Path, PathBuf};

use crate::common::{TestEnv, copy_dir};

const NOT_RUN: &str = "<!-- not run:";
const SETUP: &str = "<!-- setup:";
const NOT_COMPARED: &str = "<!-- output not compared:";

/// One thing to run: a whole `sh` block, or one `$ ` command of a console block.
#[derive(Debug)]
struct Step {
    /// The 1-based line of the block's opening fence, or of the `$ ` command.
    line: usize,
    /// The doc line of the code's first line.
    code_line: usize,
    setup: Option<String>,
    code: String,
    /// The output shown in the doc, and its first line.
    expected: Option<(usize, String)>,
}

#[derive(Debug, Default)]
struct Extracted {
    steps: Vec<Step>,
    /// `(line, reason)` of each block not run.
    skipped: Vec<(usize, String)>,
}

/// A fenced block: its info string, the line of its opening fence, its text, and the comment
/// line right before it (blank lines between are allowed).
struct Fence {
    info: String,
    line: usize,
    /// The line of the closing fence.
    end: usize,
    text: String,
    marker: Option<String>,
}

fn fences(doc: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut lines = doc.lines().enumerate();
    let mut last_text_line: Option<&str> = None;
    while let Some((index, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            if !line.trim().is_empty() {
                last_text_line = Some(line.trim());
            }
            continue;
        };
        let mut text = String::new();
        let mut end = index + 1;
        for (body_index, body) in lines.by_ref() {
            end = body_index + 1;
            if body.trim_end() == "```" {
                break;
            }
            text.push_str(body);
            text.push('\n');
        }
        let marker = last_text_line.filter(|l| l.starts_with("<!--")).map(str::to_string);
        found.push(Fence { info: info.trim().to_string(), line: index + 1, end, text, marker });
        last_text_line = Some("```");
    }
    found
}

/// The reason in `<!-- KIND REASON -->`, if `marker` is that comment.
fn marker_text<'a>(marker: &'a Option<String>, kind: &str) -> Option<&'a str> {
    let rest = marker.as_deref()?.strip_prefix(kind)?.strip_suffix("-->")?;
    Some(rest.trim())
}

/// Why a block is not run, if it is not.
fn skip_reason(fence: &Fence, code: &str) -> Option<String> {
    if let Some(reason) = marker_text(&fence.marker, NOT_RUN) {
        return Some(reason.to_string());
    }
    let first = code.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let word = first.split_whitespace().next()?;
    if word == "cargo" {
        return Some("`cargo` builds, installs or tests the project".to_string());
    }
    if word.starts_with("bench/") {
        return Some(format!("`{word}` is a benchmark"));
    }
    None
}

/// The doc's commands as the test runs them: `cargo run` is the built esc, and
/// `-C sample-repo` the copy. A machine without jq (a fresh one has only Rust and git) runs
/// `… | jq FILTER` as `… > /dev/null`: the command before the pipe must still succeed.
fn rewrite(code: &str) -> String {
    let code = code
        .replace("cargo run --release -- ", "esc ")
        .replace("cargo run -- ", "esc ")
        .replace(" -C sample-repo ", " -C \"$SAMPLE_REPO\" ");
    if has_jq() {
        return code;
    }
    code.lines()
        .map(|line| match line.split_once(" | jq ") {
            Some((command, _)) => format!("{command} > /dev/null"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn has_jq() -> bool {
    std::process::Command::new("jq").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn extract(doc: &str) -> Extracted {
    let fences = fences(doc);
    let mut extracted = Extracted::default();
    for (i, fence) in fences.iter().enumerate() {
        let is_output = |f: &Fence| f.info.is_empty() || f.info == "text";
        if fence.info == "sh" {
            let code = rewrite(&fence.text);
            if let Some(reason) = skip_reason(fence, &code) {
                extracted.skipped.push((fence.line, reason));
                continue;
            }
            // The output block right after this one: nothing but blank lines (and its marker) between.
            let expected = fences.get(i + 1).filter(|next| {
                let between = doc.lines().skip(fence.end).take(next.line - 1 - fence.end);
                is_output(next) && between.map(str::trim).all(|l| l.is_empty() || l.starts_with(NOT_COMPARED))
            });
            let expected = expected
                .filter(|next| marker_text(&next.marker, NOT_COMPARED).is_none())
                .map(|next| (next.line + 1, next.text.clone()));
            let setup = marker_text(&fence.marker, SETUP).map(str::to_string);
            extracted.steps.push(Step { line: fence.line, code_line: fence.line + 1, setup, code, expected });
        } else if (is_output(fence) || fence.info == "console") && fence.text.starts_with("$ ") {
            if let Some(reason) = marker_text(&fence.marker, NOT_RUN) {
                extracted.skipped.push((fence.line, reason.to_string()));
                continue;
            }
            let mut setup = marker_text(&fence.marker, SETUP).map(str::to_string);
            let compare = marker_text(&fence.marker, NOT_COMPARED).is_none();
            for (offset, line) in fence.text.lines().enumerate() {
                if let Some(command) = line.strip_prefix("$ ") {
                    let line = fence.line + 1 + offset;
                    let code = rewrite(&format!("{command}\n"));
                    let expected = compare.then(|| (line + 1, String::new()));
                    extracted.steps.push(Step { line, code_line: line, setup: setup.take(), code, expected });
                } else if let Some(Step { expected: Some((_, text)), .. }) = extracted.steps.last_mut() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    extracted
}

/// The step's commands, each checked: `set -e` ignores a failure inside `a && b && c`, so every
/// command line (with its `\` continuations) must succeed, or exit with N when it ends in
/// `# exit N`. `first_line` is the doc line of the step's first line, to name the one that failed.
fn checked(code: &str, first_line: usize) -> String {
    let mut script = String::new();
    let mut command = String::new();
    let mut command_line = first_line;
    for (offset, line) in code.lines().enumerate() {
        if command.is_empty() {
            command_line = first_line + offset;
        }
        command.push_str(line);
        command.push('\n');
        if line.ends_with('\\') {
            continue; // the command goes on
        }
        let whole = std::mem::take(&mut command);
        if whole.trim().is_empty() || whole.trim_start().starts_with('#') {
            continue;
        }
        let wanted = match whole.split_once(" # exit ") {
            Some((_, rest)) => {
                let code: String = rest.chars().take_while(char::is_ascii_digit).collect();
                assert!(!code.is_empty(), "`# exit` needs a number: {whole}");
                code
            }
            None => "0".to_string(),
        };
        script.push_str(&format!(
            "__rc=0; {{ {whole}}} || __rc=$?\n[ \"$__rc\" = {wanted} ] || __failed {command_line} $__rc {wanted}\n"
        ));
    }
    script
}

/// Does `actual` match the doc's `expected` output (`…` lines match any lines)?
fn output_matches(expected: &str, actual: &str) -> bool {
    fn matches(expected: &[&str], actual: &[&str]) -> bool {
        match expected.split_first() {
            None => actual.is_empty(),
            Some((first, rest)) if first.trim() == "…" => {
                (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
            }
            Some((first, rest)) => {
                actual.first().is_some_and(|line| line.trim_end() == first.trim_end()) && matches(rest, &actual[1..])
            }
        }
    }
    let lines = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    };
    let (expected, actual) = (lines(expected), lines(actual));
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    let actual: Vec<&str> = actual.iter().map(String::as_str).collect();
    matches(&expected, &actual)
}

/// Runs one document's steps; returns its failures (empty when every step passed).
fn run_document(name: &str, extracted: &Extracted) -> Vec<String> {
    let env = TestEnv::without_git();
    let sample = env.repo.join("sample-repo");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-repo"), &sample);
    if !sample.join(".git").exists() {
        env.git_in(&sample, &["init", "-q", "-b", "main"]);
        env.git_in(&sample, &["add", "-A"]);
        env.git_in(&sample, &["commit", "-q", "-m", "The sample ticket repository"]);
    }
    env.esc_command().current_dir(&sample).arg("list").assert().success();
    let start = if name == "README.md" { env.repo.clone() } else { sample.clone() };

    let state = tempfile::tempdir().expect("a temp dir for the outputs");
    let mut script = String::from(
        "set -o pipefail\n\
         __step() { printf '%s\\n' \"$1\" > \"$ESC_DOC_STATE/current\"; exec >\"$ESC_DOC_STATE/$1.out\" 2>&1; }\n\
         __failed() { echo \"line $1 exited with $2, expected $3\" > \"$ESC_DOC_STATE/failed\"; exit 1; }\n",
    );
    for step in &extracted.steps {
        script.push_str(&format!("__step {}\n", step.line));
        if let Some(setup) = &step.setup {
            script.push_str(setup);
            script.push('\n');
        }
        script.push_str(&checked(&step.code, step.code_line));
    }
    script.push_str("__step done\n");
    let script_path = state.path().join("examples.sh");
    std::fs::write(&script_path, &script).expect("write the script");

    let esc = env.std_esc_command();
    let esc_dir = PathBuf::from(esc.get_program()).parent().expect("the esc binary's folder").to_path_buf();
    let mut bash = std::process::Command::new("bash");
    for (key, value) in esc.get_envs() {
        match value {
            Some(value) => bash.env(key, value),
            None => bash.env_remove(key),
        };
    }
    let path = std::env::join_paths(
        std::iter::once(esc_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("a PATH");
    let output = bash
        .arg("-e")
        .arg(&script_path)
        .current_dir(&start)
        .env("PATH", path)
        .env("SAMPLE_REPO", &sample)
        .env("ESC_DOC_STATE", state.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run bash");

    let read = |file: String| std::fs::read_to_string(state.path().join(file)).unwrap_or_default();
    let mut failures = Vec::new();
    let current = read("current".to_string()).trim().to_string();
    if !output.status.success() || current != "done" {
        let step = extracted.steps.iter().find(|s| s.line.to_string() == current);
        failures.push(format!(
            "{name}:{current}: the example failed ({})\n--- example ---\n{}--- output ---\n{}{}",
            read("failed".to_string()).trim(),
            step.map_or("", |s| s.code.as_str()),
            read(format!("{current}.out")),
            String::from_utf8_lossy(&output.stderr),
        ));
    }
    for step in &extracted.steps {
        let Some((line, expected)) = &step.expected else { continue };
        let stdout_file = state.path().join(format!("{}.out", step.line));
        if !stdout_file.exists() {
            continue; // not reached
        }
        let actual = read(format!("{}.out", step.line));
        if !output_matches(expected, &actual) {
            failures.push(format!(
                "{name}:{line}: the output shown differs from what the example at line {} printed\n\
                 --- shown ---\n{expected}--- printed ---\n{actual}",
                step.line
            ));
        }
    }
    failures
}

fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["README.md".to_string()];
    let mut docs: Vec<String> = std::fs::read_dir(root.join("docs"))
        .expect("read docs/")
        .map(|e| e.expect("a docs/ entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| format!("docs/{n}"))
        .collect();
    docs.sort();
    names.extend(docs);
    names
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(root.join(&name)).unwrap_or_else(|e| panic!("read {name}: {e}"));
            (name, text)
        })
        .collect()
}

#[test]
fn doc_examples_run_as_written() {
    let documents = documents();
    let results: Vec<(String, Extracted, Vec<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = documents
            .iter()
            .map(|(name, text)| {
                scope.spawn(move || {
                    let extracted = extract(text);
                    let failures = if extracted.steps.is_empty() { Vec::new() } else { run_document(name, &extracted) };
                    (name.clone(), extracted, failures)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a document's thread")).collect()
    });
    let mut failures = Vec::new();
    for (name, extracted, failed) in &results {
        let compared = extracted.steps.iter().filter(|s| s.expected.is_some()).count();
        eprintln!(
            "{name}: {} run ({compared} with output compared), {} skipped",
            extracted.steps.len(),
            extracted.skipped.len()
        );
        for (line, reason) in &extracted.skipped {
            eprintln!("  {name}:{line}: not run: {reason}");
        }
        failures.extend(failed.iter().cloned());
    }
    let run: usize = results.iter().map(|(_, e, _)| e.steps.len()).sum();
    assert!(run >= 10, "expected the docs to hold runnable examples, found {run}");
    assert!(failures.is_empty(), "{} doc example(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn extraction_finds_blocks_markers_and_outputs() {
    let doc = "text\n\n```sh\nesc list\n```\n\n```\nTICKET\n…\n```\n\n<!-- not run: needs a terminal -->\n```sh\nesc triage x\n```\n\n\
               ```sh\ncargo install --path .\n```\n\n```\n$ esc show a\nA\n$ esc show b\n```\n";
    let extracted = extract(doc);
    let lines: Vec<usize> = extracted.steps.iter().map(|s| s.line).collect();
    assert_eq!(lines, [3, 22, 24]);
    assert_eq!(extracted.steps[0].expected, Some((8, "TICKET\n…\n".to_string())));
    assert_eq!(extracted.steps[1].expected, Some((23, "A\n".to_string())));
    assert_eq!(extracted.skipped.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [13, 17]);
    assert!(output_matches("a\n…\nz\n", "a\nb\nc\nz\n"));
    assert!(!output_matches("a\nz\n", "a\nb\nz\n"));
    assert!(output_matches("a  \n", "a\n\n"));
}
