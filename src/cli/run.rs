//! `swfcheck run`: the conformance suite against one endpoint (or two, with `--compare`).

use super::{Selection, parse_duration, runtime, select};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::outcome::baseline::Baseline;
use swfcheck::report::ReportSpec;
use swfcheck::report::summary::SummaryFormat;
use swfcheck::report::terminal::Terminal;
use swfcheck::run::alone::OneAtATime;
use swfcheck::run::{RunConfig, RunError};
use swfcheck::snapshot::SnapshotConfig;

/// `swfcheck run`'s arguments.
#[derive(Args)]
pub struct RunArgs {
    /// The endpoint under test, e.g. http://127.0.0.1:5000 (default: start the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint (the run creates a domain and executions there).
    #[arg(long)]
    pub allow_aws: bool,
    #[command(flatten)]
    pub selection: Selection,
    /// Cases working at once (default: the number of cores). A case that did not pass beside
    /// others is run again alone before it is judged; once one gets other verdicts alone, the
    /// run goes one case at a time (its endpoint is not thread-safe).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Per-request timeout, e.g. 10s, 500ms.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// The run's domain: registered if absent, reused if present.
    #[arg(long, value_name = "NAME", default_value = "swfcheck-conformance")]
    pub domain: String,
    /// Write a report: json=PATH, junit=PATH or html=PATH (repeatable); PATH `-` is stdout
    /// (the run's own text then goes to stderr).
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub reports: Vec<ReportSpec>,
    /// Count observe-level differences as divergences too.
    #[arg(long)]
    pub strict: bool,
    /// Pass when the results match this baseline; list what got fixed and what newly broke.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record each check's verdict as a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// What the written baseline describes, e.g. "moto_server 5.2.1" (default: the endpoint URL).
    #[arg(long, value_name = "TEXT", requires = "write_baseline")]
    pub baseline_label: Option<String>,
    /// Print the full request and response of every check that did not pass, as it happens.
    #[arg(short, long)]
    pub verbose: bool,
    /// What the end of the run shows: groups (the divergences grouped by cause, largest first,
    /// each with an example and its curl reproduction), cases (a line per check that did not
    /// pass) or table (verdict counts per operation and level).
    #[arg(long, value_enum, default_value_t = SummaryFormat::Groups)]
    pub format: SummaryFormat,
    /// Also run every case against this second endpoint and report each case whose two
    /// answers differ (after the snapshot placeholders), whatever the checks say; exit 1 on
    /// any difference.
    #[arg(long, value_name = "URL2")]
    pub compare: Option<String>,
    /// Report a failing case as it first fails, without running it once more (by default a
    /// case that fails, then passes with a fresh setup, is `flaky` and does not fail the run).
    #[arg(long)]
    pub no_retry: bool,
    /// Compare each case's response with its accepted snapshot in DIR (<case id>.snap,
    /// `/` as `__`); a difference or a missing snapshot is a `snapshot-changed` result
    /// and writes <name>.snap.new for review.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// With --snapshots: accept every response as the new snapshot (creates DIR if needed).
    #[arg(long, requires = "snapshots")]
    pub update: bool,
}

/// Where the run's own text goes: stdout, or stderr when a report is written to stdout.
pub struct Out {
    stderr: bool,
}

impl Out {
    /// The run's text on stdout, unless a report takes it (`to_stdout`).
    pub fn new(report_to_stdout: bool) -> Self {
        Out {
            stderr: report_to_stdout,
        }
    }

    /// Prints `text` as is.
    pub fn print(&mut self, text: &str) {
        if self.stderr {
            eprint!("{text}");
        } else {
            // A reader that went away is no reason to fail a run that happened.
            let _ = super::stdout(text);
        }
    }
}

/// Runs the suite; exit 0 conformant (or matching --baseline, and no --compare difference),
/// 1 divergences, 2 the run could not happen.
pub fn run(mut args: RunArgs) -> Result<ExitCode> {
    // Signals are handled before anything else: one that comes while the cases load still
    // leaves a report.
    let runtime = runtime()?;
    let signals = super::signals::Signals::listen(&runtime)?;
    if args.selection.random > 0 && args.selection.seed.is_none() {
        // Drawn here, so that reproductions can name it.
        args.selection.seed = Some(super::seed_or_clock(None));
    }
    let cases = cases_for(&args)?;
    check_outputs(&args)?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let snapshots = args
        .snapshots
        .as_ref()
        .map(|dir| SnapshotConfig::new(dir, args.update, &args.domain));
    if let Some(s) = &snapshots {
        s.check()?;
    }
    let (mut report, one_at_a_time) =
        match execute(&args, &config_of(&args), cases, &runtime, &signals) {
            Ok(ran) => ran,
            Err(e) => return could_not_happen(e),
        };
    report.notes.extend(signals.note());
    report.replay_args = replay_args(&args);
    let differs = report
        .compared
        .as_ref()
        .is_some_and(|c| !c.differences.is_empty());
    let mut snapshot_summary = None;
    let decision = swfcheck::outcome::verdicts::finish(
        &mut report,
        args.strict,
        |report| {
            if let Some(s) = &snapshots {
                // The domain the run used (a fresh one when --domain's stayed deprecated).
                let s = SnapshotConfig {
                    domain: report.domain.clone(),
                    ..s.clone()
                };
                snapshot_summary = Some(swfcheck::snapshot::apply(report, &s)?);
            }
            Ok::<_, swfcheck::snapshot::SnapshotError>(())
        },
        baseline.as_ref(),
        differs,
    )?;
    for spec in &args.reports {
        spec.write(&report)?;
    }
    let mut out = Out::new(args.reports.iter().any(ReportSpec::is_stdout));
    let one_at_a_time = one_at_a_time.map(|o| o.line());
    if let Some(why) = &one_at_a_time {
        // Said again at the end (the run said it when it happened), on stderr: stdout is the
        // end block of --format.
        eprintln!("swfcheck: {why}");
    }
    let flags = verdict_flags(&args);
    if let Some(b) = &baseline {
        // Before the groups, so that the run's last sentence stays its conclusion.
        out.print(&b.flags_note(&flags));
    }
    print_end(&args, &report, decision.comparison.as_ref(), &mut out);
    if let Some(summary) = &snapshot_summary {
        out.print(&format!("{}\n", summary.line()));
    }
    if let Some(path) = &args.write_baseline {
        write_baseline(&args, &report, path, (flags, one_at_a_time), &mut out)?;
    }
    if let Some(why) = &report.aborted {
        out.print(&format!("swfcheck: the run could not happen: {why}\n"));
    }
    Ok(ExitCode::from(decision.exit))
}

/// `--write-baseline PATH`: the run's verdicts, with the flags it was made with and when it
/// went one case at a time (`made_with`).
fn write_baseline(
    args: &RunArgs,
    report: &RunReport,
    path: &std::path::Path,
    (flags, one_at_a_time): (Vec<String>, Option<String>),
    out: &mut Out,
) -> Result<()> {
    let label = args.baseline_label.as_deref().unwrap_or(&report.endpoint);
    let text = swfcheck::outcome::baseline::flags_text(&flags);
    Baseline::of(report, label)
        .made_with(flags, one_at_a_time)
        .write(path)?;
    out.print(&format!(
        "swfcheck: baseline written to {} (made with {text})\n",
        path.display()
    ));
    Ok(())
}

/// What a reproduction gives `swfcheck run` beside `--case ID` to find a case of this run
/// again where it ran ([`swfcheck::outcome::RunReport::replay_args`]).
fn replay_args(args: &RunArgs) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut pair = |flag: &str, value: String| out.extend([flag.to_owned(), value]);
    if let Some(url) = &args.endpoint {
        pair("--endpoint", url.clone());
    }
    if let Some(path) = &args.selection.cases {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        pair("--cases", path.display().to_string());
    }
    if let (n @ 1.., Some(seed)) = (args.selection.random, args.selection.seed) {
        pair("--random", n.to_string());
        pair("--seed", seed.to_string());
    }
    if args.domain != RunConfig::default().domain {
        pair("--domain", args.domain.clone());
    }
    if args.timeout != RunConfig::default().timeout {
        pair(
            "--timeout",
            humantime::format_duration(args.timeout).to_string(),
        );
    }
    if args.allow_aws {
        out.push("--allow-aws".into());
    }
    out
}

/// Every file the run will write, checked before it starts: each report and the baseline
/// can be written, and no two of them are one file (a 7-minute run must not end in "cannot
/// write").
fn check_outputs(args: &RunArgs) -> Result<()> {
    ReportSpec::check_all(&args.reports)?;
    if let Some(path) = &args.write_baseline {
        if let Some(report) = args
            .reports
            .iter()
            .find(|r| swfcheck::report::same_file(r.path(), path))
        {
            anyhow::bail!(
                "--write-baseline {} is also --report's {}: give each file a path of its own",
                path.display(),
                report.path().display()
            );
        }
        swfcheck::report::probe(path).with_context(|| {
            format!(
                "cannot write the baseline to {} (hint: check the directory exists and is writable)",
                path.display()
            )
        })?;
    }
    Ok(())
}

/// A run that could not happen because the endpoint cannot run the suite (its own setup
/// failed): the cause on stdout (where the run's result goes), exit 2. Any other error goes
/// up (stderr, exit 2).
fn could_not_happen(e: RunError) -> Result<ExitCode> {
    match e {
        RunError::SetupFailed { .. } => {
            println!("swfcheck: {e}");
            Ok(ExitCode::from(2))
        }
        other => Err(other.into()),
    }
}

/// The selected cases; against a real account (`--allow-aws`) without those that register
/// a domain of their own, unless `--new-domains`.
fn cases_for(args: &RunArgs) -> Result<Vec<swfcheck::cases::case::Case>> {
    let mut cases = select(&args.selection)?;
    if args.allow_aws && !args.selection.new_domains {
        let before = cases.len();
        cases.retain(|c| !c.registers_domain());
        let left_out = before - cases.len();
        if left_out > 0 {
            eprintln!(
                "swfcheck: left out {left_out} case(s) that register a domain of their own: SWF never deletes a domain and an account's domains are limited (--new-domains runs them)"
            );
        }
        if cases.is_empty() {
            anyhow::bail!(
                "no case matches the filters once those that register a domain are left out"
            );
        }
    }
    Ok(cases)
}

/// The flags that decide which checks a run has and how they are judged, as a baseline
/// records them (`--shard` is not one: a shard is compared with the whole run's baseline).
fn verdict_flags(args: &RunArgs) -> Vec<String> {
    let s = &args.selection;
    let quote = |v: &str| format!("'{}'", v.replace('\'', r"'\''"));
    let mut flags = Vec::new();
    if let Some(path) = &s.cases {
        flags.push(format!("--cases {}", quote(&path.display().to_string())));
    }
    if let Some(suite) = clap::ValueEnum::to_possible_value(&s.suite)
        .filter(|_| s.suite != swfcheck::generate::Suite::All)
    {
        flags.push(format!("--suite {}", suite.get_name()));
    }
    let each = [
        ("--operation", &s.operations),
        ("--case", &s.case_globs),
        ("--skip", &s.skip_globs),
    ];
    for (flag, values) in each {
        flags.extend(values.iter().map(|v| format!("{flag} {}", quote(v))));
    }
    flags.extend(s.levels.iter().map(|l| format!("--level {l}")));
    if s.random > 0 {
        flags.push(format!("--random {}", s.random));
        flags.extend(s.seed.map(|seed| format!("--seed {seed}")));
    }
    let switches = [
        (s.no_new_domains, "--no-new-domains"),
        (s.new_domains, "--new-domains"),
        (s.slow, "--slow"),
        (args.no_retry, "--no-retry"),
        (args.strict, "--strict"),
        (args.snapshots.is_some(), "--snapshots"),
    ];
    flags.extend(
        switches
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, f)| f.to_string()),
    );
    flags.extend(args.jobs.map(|j| format!("--jobs {j}")));
    if args.timeout != Duration::from_secs(10) {
        flags.push(format!(
            "--timeout {}",
            humantime::format_duration(args.timeout)
        ));
    }
    flags
}

/// How the arguments ask to run.
fn config_of(args: &RunArgs) -> RunConfig {
    let shows_passing = args
        .reports
        .iter()
        .any(|r| matches!(r, ReportSpec::Json(_) | ReportSpec::Html(_)));
    let mut config = RunConfig {
        keep_passing_evidence: shows_passing || args.snapshots.is_some() || args.compare.is_some(),
        endpoint: args.endpoint.clone(),
        allow_aws: args.allow_aws,
        timeout: args.timeout,
        domain: args.domain.clone(),
        retry: !args.no_retry,
        ..RunConfig::default()
    };
    if let Some(jobs) = args.jobs {
        config.jobs = usize::from(jobs);
    }
    config
}

/// Runs `cases` (the first signal stops the run: see [`super::signals`]), and with
/// `--compare` against the second endpoint at the same time (each run then waits for its
/// long polls once, side by side). Also when and why the (first) run went one case at a time.
fn execute(
    args: &RunArgs,
    config: &RunConfig,
    cases: Vec<swfcheck::cases::case::Case>,
    runtime: &tokio::runtime::Runtime,
    signals: &super::signals::Signals,
) -> Result<(RunReport, Option<OneAtATime>), RunError> {
    let stop_rx = signals.stop();
    let second = args.compare.as_ref().map(|url| {
        let config = RunConfig {
            endpoint: Some(url.clone()),
            ..config.clone()
        };
        (url, config, cases.clone())
    });
    let (first_terminal, second_terminal) = Terminal::side_by_side(args.verbose);
    let (report, second) = runtime.block_on(async {
        let first = swfcheck::run::run(config, cases, &first_terminal, stop_rx.clone());
        match &second {
            Some((url, config, cases)) => {
                eprintln!("swfcheck: the same cases against {url} at the same time (--compare)");
                let second = swfcheck::run::run(config, cases.clone(), &second_terminal, stop_rx);
                let (first, second) = tokio::join!(first, second);
                (first, Some(second))
            }
            None => (first.await, None),
        }
    });
    let mut report = report?;
    if let Some(second) = second {
        let second = second?;
        report.interrupted |= second.interrupted;
        let domain = report.domain.clone();
        report.compared = Some(swfcheck::snapshot::compare::compare(
            &report,
            &second,
            &domain,
            &[],
        ));
    }
    Ok((report, first_terminal.went_one_at_a_time()))
}

/// The end of the run on the terminal: changed snapshots (stderr), the flaky checks, the
/// groups (or `--format`'s block), and the `--compare` differences.
fn print_end(
    args: &RunArgs,
    report: &RunReport,
    baseline: Option<&swfcheck::outcome::baseline::Comparison>,
    out: &mut Out,
) {
    if args.format == SummaryFormat::Groups {
        let changed = report
            .results
            .iter()
            .filter(|r| r.verdict == Verdict::SnapshotChanged);
        for r in changed {
            eprintln!("{}", swfcheck::report::terminal::failure_line(r));
        }
    }
    let summary = swfcheck::report::summary::render_against(report, args.format, baseline);
    out.print(&summary);
    if let Some(compared) = &report.compared {
        out.print(&swfcheck::report::summary::compared(compared));
    }
}
