//! The terminal while a run goes: on a terminal, a progress bar with rate and ETA; without
//! one (CI, a pipe), a plain line at each quarter of the run. Both on stderr, so stdout holds
//! only the end of the run (or a report written to `-`). With `-v`, every result that did not
//! pass, with its full request and response, as it happens.

use crate::outcome::{CaseResult, Evidence, Verdict};
use crate::run::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The progress bar on a terminal: elapsed, bar, cases done of all, rate, ETA.
const BAR: &str =
    "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} cases, {per_sec}, ETA {eta} {msg}";

/// Progress on stderr.
pub struct Terminal {
    bar: ProgressBar,
    verbose: bool,
    plain: Option<Plain>,
}

/// The plain lines of a run without a terminal: one at each quarter.
struct Plain {
    started: Instant,
    total: AtomicU64,
    done: AtomicU64,
}

impl Terminal {
    /// A progress display: the bar when stderr is a terminal, plain lines otherwise.
    pub fn new(verbose: bool) -> Self {
        Self::with(verbose, std::io::stderr().is_terminal())
    }

    /// A progress display drawn as a bar (`tty`) or as plain lines.
    pub fn with(verbose: bool, tty: bool) -> Self {
        if tty {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(BAR) {
                bar.set_style(style);
            }
            Terminal {
                bar,
                verbose,
                plain: None,
            }
        } else {
            Terminal {
                bar: ProgressBar::hidden(),
                verbose,
                plain: Some(Plain {
                    started: Instant::now(),
                    total: AtomicU64::new(0),
                    done: AtomicU64::new(0),
                }),
            }
        }
    }

    fn line(&self, text: &str) {
        if self.bar.is_hidden() {
            eprintln!("{text}");
        } else {
            self.bar.println(text);
        }
    }
}

/// The plain progress line after `done` of `total` cases, when `done` just crossed a quarter.
pub fn quarter_line(done: u64, total: u64, elapsed: std::time::Duration) -> Option<String> {
    if total < 8 || done == total {
        return None;
    }
    let quarter = |n: u64| n * 4 / total;
    if quarter(done) == quarter(done - 1) {
        return None;
    }
    let secs = elapsed.as_secs_f64().max(0.001);
    let rate = done as f64 / secs;
    let eta = (total - done) as f64 / rate.max(0.001);
    Some(format!(
        "swfcheck: {done}/{total} cases ({}%), {rate:.0} cases/s, about {eta:.0} s left",
        done * 100 / total
    ))
}

/// One line for a result that did not pass.
pub fn failure_line(r: &CaseResult) -> String {
    let tag = match r.verdict {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::Noted => "NOTED",
        Verdict::Flaky => "FLAKY",
        Verdict::NotImplemented => "NOT-IMPL",
        Verdict::Error => "ERROR",
        Verdict::Skipped => "SKIP",
        Verdict::SnapshotChanged => "SNAPSHOT",
    };
    // One line, whatever the answer held (a message may span lines; HTML is never shown).
    let shorten = crate::outcome::evidence::shorten;
    format!(
        "{tag:<8} [{}] {}: expected {}; {}",
        r.level,
        r.id,
        shorten(&r.expected, 400),
        shorten(&r.actual, 400)
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
            if crate::outcome::evidence::is_html(&e.response_body) {
                // Never raw HTML on a terminal, but its error line, which is the cause (a
                // traceback's last line); the JSON report keeps the page.
                out.push_str(&format!(
                    "      (an HTML page of {} bytes; its error line: {}; --report json=PATH keeps the page)\n",
                    e.response_body.len(),
                    crate::outcome::answered::page_cause(&e.response_body)
                ));
            } else {
                out.push_str(&format!("      {}\n", e.response_body));
            }
        }
        None => out.push_str("    response: none\n"),
    }
    out.push_str(&format!(
        "    reproduce: {}\n",
        crate::outcome::curl::command(e)
    ));
    out
}

impl Terminal {
    /// `-v`: each check that did not pass, then every exchange of its case in order (its
    /// setup's, its steps', its own, its reads), each with its curl line; without them, the
    /// exchange the result rests on.
    fn verbose_case(&self, results: &[CaseResult]) {
        let failing: Vec<&CaseResult> = results
            .iter()
            .filter(|r| r.verdict != Verdict::Pass)
            .collect();
        for r in &failing {
            self.line(&failure_line(r));
            if let Some(e) = &r.first_attempt {
                self.line("    first attempt (failed):");
                self.line(&evidence_block(e));
            }
        }
        let journey = failing
            .iter()
            .find_map(|r| r.cause.as_ref().filter(|c| !c.exchanges.is_empty()));
        match journey {
            Some(cause) => {
                if let Some(step) = &cause.step {
                    self.line(&format!(
                        "    stopped at {step}; every exchange of the case:"
                    ));
                } else {
                    self.line("    every exchange of the case:");
                }
                for (label, e) in &cause.exchanges {
                    self.line(&format!("  -- {label}: {}", e.answer_line()));
                    self.line(&evidence_block(e));
                }
            }
            None => {
                if let Some(e) = failing.iter().find_map(|r| r.evidence.as_deref()) {
                    self.line(&evidence_block(e));
                }
            }
        }
    }
}

impl Progress for Terminal {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
        if let Some(p) = &self.plain {
            p.total.store(total as u64, Ordering::Relaxed);
            eprintln!("swfcheck: running {total} cases");
        }
    }

    fn case_done(&self, results: &[CaseResult]) {
        if self.verbose {
            self.verbose_case(results);
        }
        self.bar.inc(1);
        if let Some(p) = &self.plain {
            let done = p.done.fetch_add(1, Ordering::Relaxed) + 1;
            let total = p.total.load(Ordering::Relaxed);
            if let Some(line) = quarter_line(done, total, p.started.elapsed()) {
                eprintln!("{line}");
            }
        }
    }

    fn cleaning_up(&self) {
        self.bar.finish_and_clear();
    }

    fn note(&self, text: &str) {
        self.line(&format!("swfcheck: {text}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_bar_shows_rate_and_eta() {
        assert!(ProgressStyle::with_template(BAR).is_ok());
        assert!(BAR.contains("{per_sec}") && BAR.contains("{eta}"));
    }

    #[test]
    fn without_a_terminal_progress_is_three_lines() {
        let lines: Vec<String> = (1..=100)
            .filter_map(|n| quarter_line(n, 100, Duration::from_secs(10)))
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(
            lines[0],
            "swfcheck: 25/100 cases (25%), 2 cases/s, about 30 s left"
        );
        assert!((1..=5).all(|n| quarter_line(n, 5, Duration::from_secs(1)).is_none()));
    }
}
