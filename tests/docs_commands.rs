//! The commands the documentation shows are run, and what they print is what it shows.
//!
//! Every ```` ```console ```` block of README.md, the top-level documents, docs/ (the book)
//! and examples/ is a run: each `$ command` runs in bash, in order, in a temporary directory
//! of its document (tests/docs_support/session.rs), with `swfcheck` on the PATH; its stdout,
//! once ports, run prefixes and times are redacted, must match the lines below it (`[..]`
//! any text in a line, `...` any lines), and it must exit 0 (a command whose failure is the
//! point shows it: `...; echo "exit $?"`). A command ending in ` &` is a server started
//! for the rest of its document on a free port that stands in for the one it names.
//!
//! After a deliberate change of output: `SWFCHECK_DOCS_UPDATE=1 cargo test --test
//! docs_commands` writes what the commands print now into the documents (review the diff).

mod docs_support;

use docs_support::console::{self, Command};
use docs_support::matching::{line_matches, matches, redact};
use docs_support::session::Session;
use docs_support::{Block, blocks, documents, shown};
use std::path::{Path, PathBuf};

/// How many documented commands the documents must hold at least (issue 30).
const AT_LEAST: usize = 20;

/// One command that did not print what its document shows.
struct Mismatch {
    doc: PathBuf,
    command: Command,
    actual: Vec<String>,
    why: String,
}

/// The `console` blocks of a document.
fn console_blocks(doc: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(doc).unwrap();
    blocks(&text)
        .into_iter()
        .filter(|b| b.language() == "console")
        .collect()
}

/// Whether a block needs Python with boto3 and pytest (` ```console python `), and whether it
/// can have them: `$SWFCHECK_DOCS_PYTHON` names the directory of such a `python3` (CI's venv,
/// scripts/requirements.txt). Without one such blocks are left out, said on stderr; in CI
/// (`CI` set) that is a failure.
fn python_for(block: &Block) -> Result<Option<String>, String> {
    if !block.info.split_whitespace().any(|w| w == "python") {
        return Ok(None);
    }
    match std::env::var("SWFCHECK_DOCS_PYTHON") {
        Ok(dir) if !dir.is_empty() => Ok(Some(dir)),
        _ if std::env::var_os("CI").is_some() => Err(
            "a `console python` block needs SWFCHECK_DOCS_PYTHON (a venv's bin with boto3 and pytest) in CI".into(),
        ),
        _ => Err(String::new()),
    }
}

/// Runs every command of one document; the mismatches, and how many commands ran.
fn run_document(doc: &Path) -> (Vec<Mismatch>, usize) {
    let mut session = Session::new();
    let mut out = Vec::new();
    let mut ran = 0;
    for block in console_blocks(doc) {
        session.python = match python_for(&block) {
            Ok(python) => python,
            Err(why) if why.is_empty() => {
                eprintln!(
                    "{}:{}: left out (needs SWFCHECK_DOCS_PYTHON)",
                    shown(doc),
                    block.line
                );
                continue;
            }
            Err(why) => {
                let command = console::commands(&block).remove(0);
                let actual = vec![];
                let doc = doc.to_owned();
                out.push(Mismatch {
                    doc,
                    command,
                    actual,
                    why,
                });
                continue;
            }
        };
        for command in console::commands(&block) {
            ran += 1;
            if let Some(m) = run_command(&mut session, doc, command) {
                out.push(m);
            }
        }
    }
    (out, ran)
}

fn run_command(session: &mut Session, doc: &Path, command: Command) -> Option<Mismatch> {
    let mismatch = |actual: Vec<String>, why: String| Mismatch {
        doc: doc.to_owned(),
        command: command.clone(),
        actual,
        why,
    };
    if command.background {
        return match session.start(&command.line) {
            Ok(()) if command.expected.is_empty() => None,
            Ok(()) => Some(mismatch(
                vec![],
                "a background command shows no output".into(),
            )),
            Err(why) => Some(mismatch(vec![], why)),
        };
    }
    let printed = session.run(&command.line);
    let stdout = redact(&printed.stdout, &session.ports);
    let actual: Vec<&str> = stdout.lines().collect();
    let owned = || actual.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    if printed.status != Some(0) {
        let why = format!(
            "exit status {:?} (show it: `; echo \"exit $?\"`); stderr:\n{}",
            printed.status,
            tail(&printed.stderr)
        );
        return Some(mismatch(owned(), why));
    }
    match matches(&command.expected, &actual) {
        true => None,
        false => Some(mismatch(
            owned(),
            format!("stderr:\n{}", tail(&printed.stderr)),
        )),
    }
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// Writes what the commands printed into their documents, in place of what they showed.
fn update(mismatches: &[Mismatch]) {
    let mut docs: Vec<&PathBuf> = mismatches.iter().map(|m| &m.doc).collect();
    docs.dedup();
    for doc in docs {
        let text = std::fs::read_to_string(doc).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut here: Vec<&Mismatch> = mismatches.iter().filter(|m| &m.doc == doc).collect();
        here.sort_by_key(|m| std::cmp::Reverse(m.command.first_output));
        for m in here {
            let from = m.command.first_output - 1;
            let to = from + m.command.expected.len();
            lines.splice(from..to, m.actual.iter().cloned());
        }
        std::fs::write(doc, lines.join("\n") + "\n").unwrap();
    }
}

fn report(m: &Mismatch) -> String {
    format!(
        "{}:{}: $ {}\n  shown:\n    {}\n  printed (redacted):\n    {}\n  {}",
        shown(&m.doc),
        m.command.at,
        m.command.line,
        m.command.expected.join("\n    "),
        m.actual.join("\n    "),
        m.why.replace('\n', "\n    ")
    )
}

#[test]
fn every_documented_command_prints_what_its_document_shows() {
    let docs: Vec<PathBuf> = documents()
        .into_iter()
        .filter(|d| !console_blocks(d).is_empty())
        .collect();
    // Two documents at a time: each command is a process of its own, and the machine is shared.
    let results: Vec<(Vec<Mismatch>, usize)> = docs
        .chunks(2)
        .flat_map(|pair| {
            std::thread::scope(|s| {
                let running: Vec<_> = pair
                    .iter()
                    .map(|d| s.spawn(move || run_document(d)))
                    .collect();
                running
                    .into_iter()
                    .map(|h| h.join().unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let ran: usize = results.iter().map(|r| r.1).sum();
    let mismatches: Vec<Mismatch> = results.into_iter().flat_map(|r| r.0).collect();
    if std::env::var_os("SWFCHECK_DOCS_UPDATE").is_some() {
        update(&mismatches);
        return;
    }
    assert!(
        mismatches.is_empty(),
        "{} of {ran} documented commands do not print what their documents show \
         (after a deliberate change: SWFCHECK_DOCS_UPDATE=1 cargo test --test docs_commands):\n\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .map(report)
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(
        ran >= AT_LEAST,
        "only {ran} documented commands are run; at least {AT_LEAST} should be"
    );
}

#[test]
fn blocks_are_found_with_their_info_string_and_line() {
    let text = "# t\n\n```console\n$ swfcheck list\nx\n```\ntext\n````sh\n```\n````\n";
    let found = blocks(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].language(), "console");
    assert_eq!(found[0].line, 3);
    assert_eq!(found[0].lines, ["$ swfcheck list", "x"]);
    assert_eq!(found[1].info, "sh");
    assert_eq!(found[1].lines, ["```"]);
}

#[test]
fn a_console_block_is_commands_each_with_its_output_lines() {
    let text = "```console\n$ swfcheck a \\\n    --b\none\ntwo\n$ swfcheck serve --addr 127.0.0.1:5070 &\n$ c\n```\n";
    let block = &blocks(text)[0];
    let commands = console::commands(block);
    assert_eq!(commands.len(), 3);
    assert_eq!(commands[0].line, "swfcheck a \\\n    --b");
    assert_eq!((commands[0].at, commands[0].first_output), (2, 4));
    assert_eq!(commands[0].expected, ["one", "two"]);
    assert!(commands[1].background);
    assert_eq!(commands[1].line, "swfcheck serve --addr 127.0.0.1:5070");
    assert!(!commands[2].background && commands[2].expected.is_empty());
}

#[test]
fn wildcards_match_within_a_line_and_across_lines_and_nothing_else() {
    let shown = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(line_matches("a [..] c", "a bb c"));
    assert!(line_matches("[..]x[..]x", "axbxcx"));
    assert!(!line_matches("a [..] c", "a bb d"));
    assert!(!line_matches("a", "ab"));
    assert!(matches(&shown(&["a", "...", "z"]), &["a", "b", "c", "z"]));
    assert!(matches(&shown(&["a", "...", "z"]), &["a", "z"]));
    assert!(!matches(&shown(&["a", "...", "z"]), &["a", "b"]));
    assert!(!matches(&shown(&["a"]), &["a", "b"]));
    assert!(!matches(&shown(&["a", "b"]), &["a"]));
}

#[test]
fn run_specific_values_are_redacted_and_a_started_server_keeps_its_documented_port() {
    let printed = "http://127.0.0.1:40215/ swfcheck-0a1b2c3d-7 at 2026-12-02T05:12:46.289Z \
                   (1796188366.289) 127.0.0.1:41000 in 0.03 s (1080/s), 2 s";
    assert_eq!(
        redact(printed, &[(5070, 41000)]),
        "http://127.0.0.1:[PORT]/ [PREFIX]-7 at [TIME] ([EPOCH]) 127.0.0.1:5070 in [ELAPSED] \
         ([RATE]), 2 s"
    );
    let case_file = docs_support::root().join("examples/cases/signal-mistaken.toml");
    let printed = format!("--cases '{}'", case_file.display());
    assert_eq!(
        redact(&printed, &[]),
        "--cases '[CLONE]/examples/cases/signal-mistaken.toml'"
    );
}

#[test]
fn a_command_that_prints_something_else_than_shown_is_a_mismatch() {
    let mut session = Session::new();
    let doc = Path::new("doctored.md");
    let block = &blocks("```console\n$ swfcheck --version\nswfcheck 9.9.9\n```\n")[0];
    let command = console::commands(block).remove(0);
    let m = run_command(&mut session, doc, command).expect("a doctored output must not match");
    assert_eq!(
        m.actual,
        [format!("swfcheck {}", env!("CARGO_PKG_VERSION"))]
    );
    let block = &blocks("```console\n$ swfcheck validate --target X --body '{}'\n```\n")[0];
    let failing = console::commands(block).remove(0);
    let m = run_command(&mut session, doc, failing).expect("exit 1 must not pass unseen");
    assert!(m.why.starts_with("exit status Some(1)"), "{}", m.why);
}
