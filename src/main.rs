//! The `swfcheck` command line: argument parsing only; the work is in the library.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::cases::Suite;
use swfcheck::cases::case::Level;
use swfcheck::report::ReportSpec;
use swfcheck::report::baseline::Baseline;
use swfcheck::run::RunConfig;
use swfcheck::run::filter::{Filter, Shard};
use swfcheck::snapshot::SnapshotConfig;
use swfcheck::wire::{self, verdict::Verdict};

/// Conformance harness and fuzzer for the Amazon SWF JSON API.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance suite against an endpoint (default: the embedded reference endpoint).
    ///
    /// Exit status: 0 every must and should check passed; 1 divergences; 2 the run could not
    /// happen (bad arguments or case files, unreachable endpoint, interrupted).
    Run(RunArgs),
    /// List the cases of the suite with their levels and sources.
    List(ListArgs),
    /// Send generated and mutated requests; report every answer that is not a documented one.
    ///
    /// A 5xx, an error body that is not a JSON fault, a hang or a dropped connection is a
    /// finding; findings are de-duplicated, shrunk and saved with a curl reproduction.
    /// Exit status: 0 no finding, 1 findings, 2 could not run.
    Fuzz(FuzzArgs),
    /// Property-based requests: valid and invalid requests for every operation from
    /// strategies over the model; a failure shrinks to a minimal request, printed with
    /// the seed that replays it.
    ///
    /// Exit status: 0 every property held; 1 a failure; 2 could not run.
    Prop(PropArgs),
    /// Stateful testing: random sequences of lifecycle transitions (start, signal, cancel
    /// with and without runId, terminate, decider complete/cancel, describe, history,
    /// count/list) compared with a model after each step; a divergence shrinks to a
    /// minimal sequence, printed as a runnable case file.
    ///
    /// Exit status: 0 the endpoint follows the model; 1 it departs; 2 could not run.
    State(StateArgs),
    /// Merge the JSON reports of the shards of one run (`run --shard i/n --report json=...`)
    /// into one, and write any report format from it.
    ///
    /// Exit status: 0 conformant (or matches --baseline); 1 divergences; 2 bad input
    /// (unreadable report, shards that overlap).
    Merge(MergeArgs),
    /// Serve the embedded reference endpoint (prints the bound address on the first line).
    Serve {
        /// Where to listen; 127.0.0.1:0 picks a free port.
        #[arg(long, default_value = swfcheck::server::DEFAULT_ADDR)]
        addr: String,
        /// How long a poll with no task waits before answering an empty task.
        #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
        poll_timeout: Duration,
        /// Answer requests without an Authorization header with MissingAuthenticationTokenException.
        #[arg(long)]
        require_auth: bool,
    },
    /// Say what the SWF model makes of one request: prints one JSON object.
    ///
    /// Exit status: 0 valid, 1 invalid (a fault), 2 usage error.
    Validate {
        /// The operation: a bare name (RequestCancelWorkflowExecution) or the
        /// full X-Amz-Target value (SimpleWorkflowService.RequestCancelWorkflowExecution).
        #[arg(long)]
        target: String,
        /// The request body as JSON text, or @FILE to read it from a file (@- reads stdin).
        #[arg(long)]
        body: String,
        /// The request's Content-Type header, if any.
        #[arg(long)]
        content_type: Option<String>,
    },
}

#[derive(Args)]
struct Selection {
    /// Case files: a .toml file or a directory of them (instead of the built-in suite).
    #[arg(long, value_name = "PATH", conflicts_with = "suite")]
    cases: Option<PathBuf>,
    /// The built-in cases to start from: all, cases (hand-written) or generated (from the model).
    #[arg(long, value_enum, default_value_t = Suite::All)]
    suite: Suite,
    /// Only cases of this operation (repeatable).
    #[arg(long = "operation", value_name = "OPERATION")]
    operations: Vec<String>,
    /// Only cases whose id matches this glob, e.g. 'rcwe/domain/*' (repeatable).
    #[arg(long = "case", value_name = "GLOB")]
    case_globs: Vec<String>,
    /// Only checks of this level: must, should, observe (repeatable).
    #[arg(long = "level", value_name = "LEVEL", value_parser = parse_level)]
    levels: Vec<Level>,
    /// Add N random requests from the property strategies (ids random/<operation>/<n>-...).
    #[arg(long, value_name = "N", default_value_t = 0)]
    random: usize,
    /// The seed of the random requests (default: from the clock, printed).
    #[arg(long, requires = "random")]
    seed: Option<u64>,
    /// Only the i-th of n deterministic parts of the selection, e.g. 2/4 (for CI matrices).
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
}

#[derive(Args)]
struct RunArgs {
    /// The endpoint under test, e.g. http://127.0.0.1:5000 (default: start the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint (the run creates a domain and executions there).
    #[arg(long)]
    allow_aws: bool,
    #[command(flatten)]
    selection: Selection,
    /// Cases in flight at once (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// Per-request timeout, e.g. 10s, 500ms.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// The run's domain: registered if absent, reused if present.
    #[arg(long, value_name = "NAME", default_value = "swfcheck-conformance")]
    domain: String,
    /// Write a report: json=PATH, junit=PATH or html=PATH (repeatable).
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    reports: Vec<ReportSpec>,
    /// Count observe-level differences as divergences too.
    #[arg(long)]
    strict: bool,
    /// Pass when the results match this baseline; list what got fixed and what newly broke.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record each check's verdict as a baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// What the written baseline describes, e.g. "moto_server 5.2.1" (default: the endpoint URL).
    #[arg(long, value_name = "TEXT", requires = "write_baseline")]
    baseline_label: Option<String>,
    /// Print the full request and response of every check that did not pass.
    #[arg(short, long)]
    verbose: bool,
    /// Compare each case's response with its accepted snapshot in DIR (<case id>.snap,
    /// `/` as `__`); a difference or a missing snapshot is a `snapshot-changed` result
    /// and writes <name>.snap.new for review.
    #[arg(long, value_name = "DIR")]
    snapshots: Option<PathBuf>,
    /// With --snapshots: accept every response as the new snapshot (creates DIR if needed).
    #[arg(long, requires = "snapshots")]
    update: bool,
}

#[derive(Args)]
struct FuzzArgs {
    /// The endpoint under test (default: the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint.
    #[arg(long)]
    allow_aws: bool,
    /// How long to fuzz, e.g. 60s, 10m.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    time: Duration,
    /// At most this many requests (besides shrinking).
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    max_requests: u64,
    /// The seed (default: from the clock, printed); the same seed sends the same requests.
    #[arg(long)]
    seed: Option<u64>,
    /// Per-request timeout: no answer within it is a hang.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// Where findings are written, one JSON file each.
    #[arg(long, value_name = "DIR", default_value = "swfcheck-findings")]
    out: PathBuf,
}

/// The endpoint a tester talks to, and how.
#[derive(Args)]
struct Target {
    /// The endpoint under test (default: the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint.
    #[arg(long)]
    allow_aws: bool,
    /// Per-request timeout.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    timeout: Duration,
    /// The run's domain: registered if absent, reused if present.
    #[arg(long, value_name = "NAME", default_value = "swfcheck-conformance")]
    domain: String,
}

impl Target {
    fn config(self) -> RunConfig {
        RunConfig {
            endpoint: self.endpoint,
            allow_aws: self.allow_aws,
            timeout: self.timeout,
            domain: self.domain,
            ..RunConfig::default()
        }
    }
}

#[derive(Args)]
struct PropArgs {
    #[command(flatten)]
    target: Target,
    /// Only this operation (repeatable; default: all but the two long polls).
    #[arg(long = "operation", value_name = "OPERATION")]
    operations: Vec<String>,
    /// Requests per operation.
    #[arg(long, value_name = "N", default_value_t = 64)]
    cases: u32,
    /// The seed (default: from the clock, printed); the same seed sends the same requests.
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Args)]
struct StateArgs {
    #[command(flatten)]
    target: Target,
    /// How many sequences.
    #[arg(long, value_name = "N", default_value_t = 32)]
    sequences: u32,
    /// At most this many transitions per sequence.
    #[arg(long, value_name = "N", default_value_t = 12)]
    steps: usize,
    /// The seed (default: from the clock, printed); the same seed runs the same sequences.
    #[arg(long)]
    seed: Option<u64>,
    /// Also write the failing sequence's case file here.
    #[arg(long, value_name = "PATH")]
    case_file: Option<PathBuf>,
}

#[derive(Args)]
struct MergeArgs {
    /// The JSON reports of the shards.
    #[arg(required = true, value_name = "REPORT.json")]
    inputs: Vec<PathBuf>,
    /// Write the merged report: json=PATH, junit=PATH or html=PATH (repeatable).
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    reports: Vec<ReportSpec>,
    /// Pass when the merged results match this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

#[derive(Args)]
struct ListArgs {
    #[command(flatten)]
    selection: Selection,
}

fn parse_level(s: &str) -> Result<Level, String> {
    match s {
        "must" => Ok(Level::Must),
        "should" => Ok(Level::Should),
        "observe" => Ok(Level::Observe),
        _ => Err(format!("{s:?} is not a level: use must, should or observe")),
    }
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("{e} (hint: 10s, 500ms, 2m)"))?;
    if d.is_zero() {
        return Err("the duration must be more than zero".into());
    }
    Ok(d)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("swfcheck: error: {}", chain(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once (library errors already name their cause).
fn chain(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::List(args) => list(args),
        Command::Fuzz(args) => fuzz(args),
        Command::Merge(args) => merge(args),
        Command::Prop(args) => prop(args),
        Command::State(args) => state(args),
        Command::Serve {
            addr,
            poll_timeout,
            require_auth,
        } => serve(&addr, poll_timeout, require_auth),
        Command::Validate {
            target,
            body,
            content_type,
        } => {
            let bytes = read_body(&body)?;
            let target = full_target(&target);
            let outcome = wire::parse_request(Some(&target), content_type.as_deref(), &bytes);
            let verdict = Verdict::of(&outcome);
            println!("{}", verdict.to_json_line());
            Ok(ExitCode::from(if verdict.is_valid() { 0 } else { 1 }))
        }
    }
}

fn select(sel: &Selection) -> Result<Vec<swfcheck::cases::case::Case>> {
    let mut cases = match &sel.cases {
        Some(path) => swfcheck::cases::file::load_path(path)?,
        None => swfcheck::cases::suite(sel.suite)?,
    };
    if sel.random > 0 {
        let seed = seed_or_clock(sel.seed);
        eprintln!(
            "swfcheck: {} random requests, seed {seed} (replay with --random {} --seed {seed})",
            sel.random, sel.random
        );
        let ops = &sel.operations;
        cases.extend(swfcheck::cases::property::sample_cases(
            sel.random, seed, ops,
        ));
    }
    check_operations(&sel.operations)?;
    let case_globs = sel
        .case_globs
        .iter()
        .map(|g| glob::Pattern::new(g).with_context(|| format!("--case {g:?} is not a valid glob")))
        .collect::<Result<Vec<_>>>()?;
    let filter = Filter {
        operations: sel.operations.clone(),
        case_globs,
        levels: sel.levels.clone(),
    };
    let mut selected = filter.apply(cases);
    if let Some(shard) = &sel.shard {
        selected = shard.apply(selected);
    }
    if selected.is_empty() {
        bail!("no case matches the filters");
    }
    Ok(selected)
}

fn list(args: ListArgs) -> Result<ExitCode> {
    let cases = select(&args.selection)?;
    let mut per_op = std::collections::BTreeMap::<&str, usize>::new();
    for case in &cases {
        for check in &case.checks {
            println!(
                "{:<52} {:<8} {}",
                check.id_in(case),
                check.level_in(case),
                check.source_in(case)
            );
        }
        *per_op.entry(&case.operation).or_default() += 1;
    }
    let total: usize = per_op.values().sum();
    let operations = per_op.len();
    for (op, n) in per_op {
        println!("{op}: {n} cases");
    }
    println!("{total} cases in {operations} operations");
    Ok(ExitCode::SUCCESS)
}

fn run(args: RunArgs) -> Result<ExitCode> {
    let cases = select(&args.selection)?;
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
    let shows_passing = args
        .reports
        .iter()
        .any(|r| matches!(r, ReportSpec::Json(_) | ReportSpec::Html(_)));
    let mut config = RunConfig {
        keep_passing_evidence: shows_passing || args.snapshots.is_some(),
        endpoint: args.endpoint.clone(),
        allow_aws: args.allow_aws,
        timeout: args.timeout,
        domain: args.domain.clone(),
        ..RunConfig::default()
    };
    if let Some(jobs) = args.jobs {
        config.jobs = usize::from(jobs);
    }
    let runtime = runtime()?;
    let mut report = runtime.block_on(async {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
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
        swfcheck::run::run(&config, cases, &terminal, stop_rx).await
    })?;
    if args.strict {
        for r in &mut report.results {
            r.counts |= r.verdict != swfcheck::check::Verdict::Pass;
        }
    }
    let snapshot_summary = snapshots
        .as_ref()
        .map(|s| swfcheck::snapshot::apply(&mut report, s))
        .transpose()?;
    for spec in &args.reports {
        spec.write(&report)?;
    }
    let changed = swfcheck::check::Verdict::SnapshotChanged;
    for r in report.results.iter().filter(|r| r.verdict == changed) {
        eprintln!("{}", swfcheck::report::terminal::failure_line(r));
    }
    print!("{}", swfcheck::report::summary::render(&report));
    if let Some(summary) = &snapshot_summary {
        println!("{}", summary.line());
    }
    if let Some(path) = &args.write_baseline {
        let label = args.baseline_label.as_deref().unwrap_or(&report.endpoint);
        Baseline::of(&report, label).write(path)?;
        println!("swfcheck: baseline written to {}", path.display());
    }
    Ok(verdict_code(&report, baseline.as_ref()))
}

/// 2 interrupted; else 0 when the report matches the baseline (or, without one, is conformant).
fn verdict_code(report: &swfcheck::run::RunReport, baseline: Option<&Baseline>) -> ExitCode {
    let ok = match baseline {
        Some(b) => {
            let comparison = b.compare(report);
            print!("{}", comparison.render());
            comparison.broken.is_empty()
        }
        None => report.conformant(),
    };
    ExitCode::from(if report.interrupted {
        2
    } else if ok {
        0
    } else {
        1
    })
}

fn seed_or_clock(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.map_or(0, |d| d.as_nanos() as u64)
    })
}

fn check_operations(operations: &[String]) -> Result<()> {
    let model = swfcheck::model::swf();
    for op in operations {
        if model.operation(op).is_none() {
            bail!(
                "--operation {op:?} is not an SWF operation (hint: `swfcheck list` shows the cases and their operations)"
            );
        }
    }
    Ok(())
}

/// A count shown in place on a terminal (nothing when stderr is not one).
struct Ticker {
    what: &'static str,
    tty: bool,
}

impl Ticker {
    fn new(what: &'static str) -> Self {
        let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Ticker { what, tty }
    }

    fn tick(&self, n: u64) {
        if self.tty {
            eprint!("\rswfcheck: {n} {}   ", self.what);
        }
    }

    fn done(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("starting the async runtime")
}

fn prop(args: PropArgs) -> Result<ExitCode> {
    check_operations(&args.operations)?;
    if args.cases == 0 {
        bail!("--cases must be at least 1");
    }
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck prop: seed {seed} (replay with --seed {seed})");
    let config = swfcheck::run::prop::PropConfig {
        run: args.target.config(),
        cases: args.cases,
        seed,
        operations: args.operations,
        max_shrink_requests: 512,
    };
    let ticker = Ticker::new("requests");
    let report = runtime()?.block_on(swfcheck::run::prop::run(&config, &|n| ticker.tick(n)))?;
    ticker.done();
    print!("{}", swfcheck::run::prop::render(&report, args.cases));
    Ok(ExitCode::from(if report.failures.is_empty() {
        0
    } else {
        1
    }))
}

fn state(args: StateArgs) -> Result<ExitCode> {
    if args.sequences == 0 || args.steps == 0 {
        bail!("--sequences and --steps must be at least 1");
    }
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck state: seed {seed} (replay with --seed {seed})");
    let config = swfcheck::run::lifecycle::StateConfig {
        run: args.target.config(),
        sequences: args.sequences,
        max_steps: args.steps,
        seed,
        max_shrink_runs: 256,
    };
    let ticker = Ticker::new("sequences");
    let report =
        runtime()?.block_on(swfcheck::run::lifecycle::run(&config, &|n| ticker.tick(n)))?;
    ticker.done();
    print!("{}", swfcheck::run::lifecycle::render(&report));
    if let (Some(path), Some(f)) = (&args.case_file, &report.failure) {
        std::fs::write(path, &f.case_file)
            .with_context(|| format!("writing the case file {}", path.display()))?;
        println!("swfcheck state: case file written to {}", path.display());
    }
    Ok(ExitCode::from(if report.failure.is_none() { 0 } else { 1 }))
}

fn merge(args: MergeArgs) -> Result<ExitCode> {
    for spec in &args.reports {
        spec.check_writable()?;
    }
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    let mut shards = Vec::new();
    for path in &args.inputs {
        let report = swfcheck::report::json::read(path)?;
        shards.push((path.display().to_string(), report));
    }
    let merged = swfcheck::report::merge::merge(shards)?;
    for spec in &args.reports {
        spec.write(&merged)?;
    }
    print!("{}", swfcheck::report::summary::render(&merged));
    Ok(verdict_code(&merged, baseline.as_ref()))
}

fn fuzz(args: FuzzArgs) -> Result<ExitCode> {
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck fuzz: seed {seed} (reproduce with --seed {seed})");
    let config = swfcheck::fuzz::FuzzConfig {
        run: RunConfig {
            endpoint: args.endpoint,
            allow_aws: args.allow_aws,
            timeout: args.timeout,
            ..RunConfig::default()
        },
        time: args.time,
        max_requests: args.max_requests,
        seed,
        out: Some(args.out),
    };
    let runtime = runtime()?;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = |requests: u64, findings: usize| {
        if tty {
            eprint!("\rswfcheck fuzz: {requests} requests, {findings} finding(s)   ");
        }
    };
    let report = runtime.block_on(swfcheck::fuzz::run(&config, &progress))?;
    if tty {
        eprintln!();
    }
    print!("{}", swfcheck::fuzz::render(&report));
    Ok(ExitCode::from(if report.findings.is_empty() {
        0
    } else {
        1
    }))
}

fn serve(addr: &str, poll_timeout: Duration, require_auth: bool) -> Result<ExitCode> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let config = swfcheck::server::ServerConfig {
            poll_timeout,
            require_auth,
            ..Default::default()
        };
        let server = swfcheck::server::start(addr, config).await?;
        println!("{}", server.addr());
        eprintln!(
            "swfcheck: serving the SWF reference endpoint on http://{} (Ctrl-C stops)",
            server.addr()
        );
        tokio::select! {
            _ = tokio::signal::ctrl_c() => server.shutdown().await,
            _ = std::future::pending::<()>() => {}
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `--target` accepts the bare operation name as well as the header value.
fn full_target(target: &str) -> String {
    let prefix = &swfcheck::model::swf().target_prefix;
    if target.contains('.') {
        target.to_owned()
    } else {
        format!("{prefix}.{target}")
    }
}

fn read_body(arg: &str) -> Result<Vec<u8>> {
    match arg.strip_prefix('@') {
        Some("-") => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .context("reading the body from stdin")?;
            Ok(buf)
        }
        Some(path) => std::fs::read(path).with_context(|| format!("reading the body from {path}")),
        None => Ok(arg.as_bytes().to_vec()),
    }
}
