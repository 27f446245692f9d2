//! The terminal: a progress bar on a TTY, a line per failure as it happens,
//! and with `-v` the full request and response of each failure.

use crate::check::{CaseResult, Evidence, Verdict};
use crate::run::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Progress on stderr.
pub struct Terminal {
    bar: ProgressBar,
    verbose: bool,
}

impl Terminal {
    /// A progress display; the bar only shows when stderr is a terminal.
    pub fn new(verbose: bool) -> Self {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} cases {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        Terminal { bar, verbose }
    }

    fn line(&self, text: &str) {
        if self.bar.is_hidden() {
            eprintln!("{text}");
        } else {
            self.bar.println(text);
        }
    }
}

/// One line for a result that did not pass.
pub fn failure_line(r: &CaseResult) -> String {
    let tag = match r.verdict {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::NotImplemented => "NOT-IMPL",
        Verdict::Error => "ERROR",
        Verdict::Skipped => "SKIP",
        Verdict::SnapshotChanged => "SNAPSHOT",
    };
    format!(
        "{tag:<8} [{}] {}: expected {}; {}",
        r.level, r.id, r.expected, r.actual
    )
}

/// The request and response of a result, for `-v`.
pub fn evidence_block(e: &Evidence) -> String {
    let mut out = String::from("    request:\n");
    for (k, v) in &e.request_headers {
        out.push_str(&format!("      {k}: {v}\n"));
    }
    out.push_str(&format!("      {}\n", e.request_body));
    match e.status {
        Some(status) => {
            out.push_str(&format!("    response: HTTP {status}\n"));
            for (k, v) in &e.response_headers {
                out.push_str(&format!("      {k}: {v}\n"));
            }
            out.push_str(&format!("      {}\n", e.response_body));
        }
        None => out.push_str("    response: none\n"),
    }
    out.push_str(&format!("    reproduce: {}\n", super::curl::command(e)));
    out
}

impl Progress for Terminal {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    fn case_done(&self, results: &[CaseResult]) {
        for r in results.iter().filter(|r| r.verdict != Verdict::Pass) {
            if r.counts || self.verbose {
                self.line(&failure_line(r));
                if self.verbose {
                    if let Some(e) = &r.evidence {
                        self.line(&evidence_block(e));
                    }
                }
            }
        }
        self.bar.inc(1);
    }

    fn cleaning_up(&self) {
        self.bar.finish_and_clear();
    }
}
