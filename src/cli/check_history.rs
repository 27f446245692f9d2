//! `swfcheck check-history FILE...`: the history invariants over histories users have.

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde_json::{Value as Json, json};
use std::path::PathBuf;
use std::process::ExitCode;
use swfcheck::history::{LoadedHistory, Violation, check, citation, read_path, render};
use swfcheck::outcome::Level;

/// `swfcheck check-history`'s arguments.
#[derive(Args)]
pub struct CheckHistoryArgs {
    /// History files: what GetWorkflowExecutionHistory answers (or `aws swf
    /// get-workflow-execution-history` prints), `{"events": [...]}`; the pages of one
    /// execution as a JSON array of such objects or one after another in one file. Each
    /// file is one execution. `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// How to print the result: text for people, json for machines (one JSON document).
    #[arg(long, value_enum, default_value_t = Shown::Text)]
    pub format: Shown,
}

/// The output formats.
#[derive(Clone, Copy, ValueEnum)]
pub enum Shown {
    /// One line per violation, with its level, invariant and source.
    Text,
    /// `{"files": [...], "summary": {...}}`.
    Json,
}

/// One file's outcome: its history and violations, or why it could not be read.
type Checked = (PathBuf, Result<(LoadedHistory, Vec<Violation>), String>);

/// Checks each file: exit 0 every invariant holds, 1 a must or should violation, 2 a file
/// could not be read (it wins over 1: the check is incomplete).
pub fn check_history(args: CheckHistoryArgs) -> Result<ExitCode> {
    let checked: Vec<Checked> = args
        .files
        .iter()
        .map(|path| {
            let outcome = read_path(path)
                .map(|h| {
                    let found = check(&h.events);
                    (h, found)
                })
                .map_err(|e| e.to_string());
            (path.clone(), outcome)
        })
        .collect();
    match args.format {
        Shown::Text => print!("{}", text(&checked)),
        Shown::Json => println!("{:#}", document(&checked)),
    }
    Ok(ExitCode::from(exit_code(&checked)))
}

fn failing(v: &Violation) -> bool {
    v.invariant.level() != Level::Observe
}

fn exit_code(checked: &[Checked]) -> u8 {
    if checked.iter().any(|(_, r)| r.is_err()) {
        2
    } else if checked
        .iter()
        .any(|(_, r)| r.as_ref().is_ok_and(|(_, vs)| vs.iter().any(failing)))
    {
        1
    } else {
        0
    }
}

/// The text report: per file a line, per violation two (the sentence, the source).
fn text(checked: &[Checked]) -> String {
    let mut out = String::new();
    let (mut failed, mut noted, mut unreadable) = (0, 0, 0);
    for (path, outcome) in checked {
        let name = path.display();
        match outcome {
            Err(e) => {
                unreadable += 1;
                eprintln!("swfcheck: error: {e}");
            }
            Ok((h, found)) => {
                let n = found.iter().filter(|v| failing(v)).count();
                failed += n;
                noted += found.len() - n;
                let verdict = if n == 0 { "holds" } else { "BREAKS" };
                out.push_str(&format!(
                    "{name}: {} events, {} page(s): {verdict} ({n} violation(s), {} noted)\n",
                    h.events.len(),
                    h.pages,
                    found.len() - n
                ));
                for v in found {
                    out.push_str(&format!(
                        "  [{}] {}: {}\n      source: {}\n",
                        v.invariant.level(),
                        v.invariant.name(),
                        render(v),
                        citation(v)
                    ));
                }
            }
        }
    }
    out.push_str(&format!(
        "swfcheck: {} file(s): {failed} violation(s), {noted} noted, {unreadable} unreadable\n",
        checked.len()
    ));
    out
}

/// The JSON report.
fn document(checked: &[Checked]) -> Json {
    let files: Vec<Json> = checked
        .iter()
        .map(|(path, outcome)| match outcome {
            Err(e) => json!({"file": path.display().to_string(), "error": e}),
            Ok((h, found)) => json!({
                "file": path.display().to_string(),
                "events": h.events.len(),
                "pages": h.pages,
                "holds": !found.iter().any(failing),
                "violations": found.iter().map(violation).collect::<Vec<_>>(),
            }),
        })
        .collect();
    let count = |f: &dyn Fn(&Violation) -> bool| {
        checked
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok())
            .map(|(_, vs)| vs.iter().filter(|v| f(v)).count())
            .sum::<usize>()
    };
    json!({
        "files": files,
        "summary": {
            "files": checked.len(),
            "violations": count(&failing),
            "noted": count(&|v| !failing(v)),
            "unreadable": checked.iter().filter(|(_, r)| r.is_err()).count(),
            "exit": exit_code(checked),
        },
    })
}

fn violation(v: &Violation) -> Json {
    let mut out = serde_json::to_value(v).unwrap_or(Json::Null);
    out["level"] = json!(v.invariant.level());
    out["source"] = json!(citation(v));
    out["sentence"] = json!(render(v));
    out
}
