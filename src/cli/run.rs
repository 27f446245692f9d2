//! `swfcheck run`: the conformance suite against one endpoint (or two, with `--compare`).

use super::{Selection, parse_duration, select};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::outcome::baseline::Baseline;
use swfcheck::report::ReportSpec;
use swfcheck::report::summary::SummaryFormat;
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
    /// Cases in flight at once (default: the number of cores).
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
            print!("{text}");
        }
    }
}

/// Runs the suite; exit 0 conformant (or matching --baseline, and no --compare difference),
/// 1 divergences, 2 the run could not happen.
pub fn run(args: RunArgs) -> Result<ExitCode> {
    let cases = cases_for(&args)?;
    for spec in &args.reports {
        spec.check_writable()?;
    }
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let snapshots = args
        .snapshots
        .as_ref()
        .map(|dir| SnapshotConfig::new(dir, args.update, &args.domain));
    if let Some(s) = &snapshots {
        s.check()?;
    }
    let mut report = match execute(&args, &config_of(&args), cases) {
        Ok(report) => report,
        Err(e) => return could_not_happen(e),
    };
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
                snapshot_summary = Some(swfcheck::snapshot::apply(report, s)?);
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
    print_end(&args, &report, &mut out);
    if let Some(summary) = &snapshot_summary {
        out.print(&format!("{}\n", summary.line()));
    }
    if let Some(path) = &args.write_baseline {
        let label = args.baseline_label.as_deref().unwrap_or(&report.endpoint);
        Baseline::of(&report, label).write(path)?;
        out.print(&format!(
            "swfcheck: baseline written to {}\n",
            path.display()
        ));
    }
    if let Some(why) = &report.aborted {
        out.print(&format!("swfcheck: the run could not happen: {why}\n"));
    }
    if let Some(comparison) = &decision.comparison {
        out.print(&comparison.render());
    }
    Ok(ExitCode::from(decision.exit))
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

/// Runs `cases` (Ctrl-C stops the run, a second Ctrl-C aborts), and with `--compare`
/// once more against the second endpoint.
fn execute(
    args: &RunArgs,
    config: &RunConfig,
    cases: Vec<swfcheck::cases::case::Case>,
) -> Result<RunReport, RunError> {
    let runtime = tokio::runtime::Runtime::new().map_err(RunError::Runtime)?;
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let second_cases = args.compare.as_ref().map(|_| cases.clone());
    let mut report = runtime.block_on(async {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("swfcheck: interrupted: stopping, cleaning up, writing reports (Ctrl-C again to abort)");
                let _ = stop_tx.send(true);
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
        let terminal = swfcheck::report::terminal::Terminal::new(args.verbose);
        swfcheck::run::run(config, cases, &terminal, stop_rx.clone()).await
    })?;
    if let (Some(url), Some(cases)) = (&args.compare, second_cases) {
        let second_config = RunConfig {
            endpoint: Some(url.clone()),
            ..config.clone()
        };
        eprintln!("swfcheck: the same cases against {url} (--compare)");
        let second = runtime.block_on(async {
            let terminal = swfcheck::report::terminal::Terminal::new(false);
            swfcheck::run::run(&second_config, cases, &terminal, stop_rx).await
        })?;
        report.interrupted |= second.interrupted;
        report.compared = Some(swfcheck::snapshot::compare::compare(
            &report,
            &second,
            &args.domain,
            &[],
        ));
    }
    Ok(report)
}

/// The end of the run on the terminal: changed snapshots (stderr), the flaky checks, the
/// groups (or `--format`'s block), and the `--compare` differences.
fn print_end(args: &RunArgs, report: &RunReport, out: &mut Out) {
    if args.format == SummaryFormat::Groups {
        let changed = report
            .results
            .iter()
            .filter(|r| r.verdict == Verdict::SnapshotChanged);
        for r in changed {
            eprintln!("{}", swfcheck::report::terminal::failure_line(r));
        }
    }
    out.print(&swfcheck::report::summary::render(report, args.format));
    if let Some(compared) = &report.compared {
        out.print(&swfcheck::report::summary::compared(compared));
    }
}
