//! The terminal while a run goes: on a terminal, a progress bar with rate and ETA; without
//! one (CI, a pipe), a plain line at each quarter of the run. Both on stderr, so stdout holds
//! only the end of the run (or a report written to `-`). With `-v`, every result that did not
//! pass, with its full request and response, as it happens. Both say what the run waits for
//! when long polls the endpoint holds are all that is left ("4 long polls waiting, up to
//! 60 s"), and when the run goes one case at a time.

use crate::outcome::{CaseResult, Evidence, Verdict};
use crate::run::Progress;
use crate::run::alone::OneAtATime;
use crate::run::slots::HeldPolls;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The progress bar on a terminal: elapsed, bar, cases done of all, rate, ETA.
const BAR: &str =
    "{prefix}{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} cases, {per_sec}, ETA {eta} {msg}";

/// Progress on stderr.
pub struct Terminal {
    bar: ProgressBar,
    verbose: bool,
    plain: Option<Plain>,
    /// Said after `swfcheck: ` on each plain line: empty, or which run of two it is.
    label: &'static str,
    /// When and why the run went one case at a time.
    one_at_a_time: Mutex<Option<OneAtATime>>,
}

/// The plain lines of a run without a terminal: one at each quarter.
struct Plain {
    started: Instant,
    total: AtomicU64,
    done: AtomicU64,
    /// How many waiting long polls the last waiting line named.
    said_waiting: AtomicU64,
    /// The long polls waiting at the last change, and when that was.
    waiting: Mutex<Option<(HeldPolls, Instant)>>,
}

impl Terminal {
    /// A progress display: the bar when stderr is a terminal, plain lines otherwise.
    pub fn new(verbose: bool) -> Self {
        Self::with(verbose, std::io::stderr().is_terminal())
    }

    /// A progress display drawn as a bar (`tty`) or as plain lines.
    pub fn with(verbose: bool, tty: bool) -> Self {
        let bar = tty.then(|| ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()));
        Self::of(bar, verbose, "")
    }

    /// The displays of two runs at the same time (`run --compare`): two bars one above the
    /// other, or plain lines, the second run's marked `--compare:`.
    pub fn side_by_side(verbose: bool) -> (Self, Self) {
        if !std::io::stderr().is_terminal() {
            return (
                Self::of(None, verbose, ""),
                Self::of(None, false, "--compare: "),
            );
        }
        let multi = indicatif::MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let first = multi.add(ProgressBar::new(0));
        let second = multi.add(ProgressBar::new(0));
        second.set_prefix("--compare:");
        (
            Self::of(Some(first), verbose, ""),
            Self::of(Some(second), false, "--compare: "),
        )
    }

    fn of(bar: Option<ProgressBar>, verbose: bool, label: &'static str) -> Self {
        let plain = bar.is_none().then(|| Plain {
            started: Instant::now(),
            total: AtomicU64::new(0),
            done: AtomicU64::new(0),
            said_waiting: AtomicU64::new(0),
            waiting: Mutex::new(None),
        });
        let bar = bar.unwrap_or_else(ProgressBar::hidden);
        if let Ok(style) = ProgressStyle::with_template(BAR) {
            bar.set_style(style);
        }
        Terminal {
            bar,
            verbose,
            plain,
            label,
            one_at_a_time: Mutex::new(None),
        }
    }

    /// The plain line that says what the run waits for, once only long polls are left.
    fn say_waiting(&self, p: &Plain) {
        let Some(waiting) = p.waiting.lock().ok().and_then(|w| *w) else {
            return;
        };
        let (mut w, at) = waiting;
        w.up_to = w.up_to.saturating_sub(at.elapsed());
        let total = p.total.load(Ordering::Relaxed);
        let left = total.saturating_sub(p.done.load(Ordering::Relaxed));
        let said = p.said_waiting.load(Ordering::Relaxed);
        if let Some(line) = waiting_line(Some(w), left, said) {
            p.said_waiting.store(w.polls as u64, Ordering::Relaxed);
            self.say(&line);
        }
    }

    /// A plain line: `swfcheck: ` and the label, then `text`.
    fn say(&self, text: &str) {
        let text = text.strip_prefix("swfcheck: ").unwrap_or(text);
        eprintln!("swfcheck: {}{text}", self.label);
    }

    /// When and why the run went one case at a time, if it did.
    pub fn went_one_at_a_time(&self) -> Option<OneAtATime> {
        self.one_at_a_time.lock().ok()?.clone()
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

/// The plain line when the long polls the endpoint holds are all the run still waits for
/// (`left` cases not done) and the last such line named `said` polls.
pub fn waiting_line(waiting: Option<HeldPolls>, left: u64, said: u64) -> Option<String> {
    let w = waiting?;
    let polls = w.polls as u64;
    (polls >= left && polls != said).then(|| format!("swfcheck: {}", w.line()))
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
            self.say(&format!("running {total} cases"));
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
                self.say(&line);
            }
            self.say_waiting(p);
        }
    }

    fn cleaning_up(&self) {
        self.bar.finish_and_clear();
    }

    fn note(&self, text: &str) {
        self.line(&format!("swfcheck: {}{text}", self.label));
    }

    fn waiting(&self, waiting: Option<HeldPolls>) {
        match waiting {
            Some(w) => {
                self.bar.set_message(w.line());
                self.bar
                    .enable_steady_tick(std::time::Duration::from_secs(1));
            }
            None => {
                self.bar.set_message("");
                self.bar.disable_steady_tick();
            }
        }
        if let Some(p) = &self.plain {
            if let Ok(mut last) = p.waiting.lock() {
                *last = waiting.map(|w| (w, Instant::now()));
            }
            self.say_waiting(p);
        }
    }

    fn one_at_a_time(&self, why: &OneAtATime) {
        self.line(&format!("swfcheck: {}{}", self.label, why.line()));
        if let Ok(mut found) = self.one_at_a_time.lock() {
            *found = Some(why.clone());
        }
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
    fn a_plain_line_says_what_the_run_waits_for_once_only_polls_are_left() {
        let w = |polls| {
            Some(HeldPolls {
                polls,
                up_to: Duration::from_secs(58),
            })
        };
        assert_eq!(waiting_line(w(2), 10, 0), None, "other cases still work");
        assert_eq!(
            waiting_line(w(4), 4, 0).as_deref(),
            Some("swfcheck: 4 long polls waiting, up to 58 s")
        );
        assert_eq!(waiting_line(w(4), 4, 4), None, "said once");
        assert!(waiting_line(w(3), 3, 4).is_some(), "one came back");
        assert_eq!(waiting_line(None, 0, 4), None);
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
