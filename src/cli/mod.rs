//! The command line: one file per command with its arguments and the thin call into the
//! library; what several commands share (case selection, the endpoint, durations) is here.

pub mod check_history;
pub mod control;
pub mod explain;
pub mod fuzz;
pub mod list;
pub mod merge;
pub mod prop;
pub mod record;
pub mod replay;
pub mod run;
pub mod serve;
pub mod signals;
pub mod stateful;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::cases::case::Level;
use swfcheck::generate::Suite;
use swfcheck::run::RunConfig;
use swfcheck::run::filter::{Filter, Shard};

/// Conformance harness and fuzzer for the Amazon SWF JSON API.
#[derive(Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance suite against an endpoint (default: the embedded reference endpoint).
    ///
    /// Exit status: 0 every must and should check passed; 1 divergences; 2 the run could not
    /// happen (bad arguments or case files, unreachable endpoint, interrupted).
    Run(run::RunArgs),
    /// List the cases of the suite with their levels and sources.
    List(list::ListArgs),
    /// Send generated and mutated requests; report every answer that is not a documented one.
    ///
    /// A 5xx, an error body that is not a JSON fault, a hang or a dropped connection is a
    /// finding; findings are de-duplicated, shrunk and saved with a curl reproduction.
    /// Exit status: 0 no finding, 1 findings, 2 could not run.
    Fuzz(fuzz::FuzzArgs),
    /// Property-based requests: valid and invalid requests for every operation from
    /// strategies over the model; a failure shrinks to a minimal request, printed with
    /// the seed that replays it.
    ///
    /// Exit status: 0 every property held; 1 a failure; 2 could not run.
    Prop(prop::PropArgs),
    /// Stateful testing: random sequences of lifecycle transitions (start, signal, cancel
    /// with and without runId, terminate, decider complete/cancel, describe, history,
    /// count/list) compared with a model after each step; a divergence shrinks to a
    /// minimal sequence, printed as a runnable case file.
    ///
    /// Exit status: 0 the endpoint follows the model; 1 it departs; 2 could not run.
    State(stateful::StateArgs),
    /// Merge the JSON reports of the shards of one run (`run --shard i/n --report json=...`)
    /// into one, and write any report format from it.
    ///
    /// Exit status: 0 conformant (or matches --baseline); 1 divergences; 2 bad input
    /// (unreadable report, shards that overlap).
    Merge(merge::MergeArgs),
    /// Show one case: its definition, the sentence it cites, its checks with their levels,
    /// and a curl line that sends its request to an endpoint.
    Explain(explain::ExplainArgs),
    /// Record traffic: a proxy that forwards each request to the upstream and writes the
    /// exchanges as one replayable case file when stopped (Ctrl-C).
    ///
    /// Exit status: 0 the case file was written; 2 it could not be (nothing recorded,
    /// upstream refused, address in use).
    Record(record::RecordArgs),
    /// Turn recordings made elsewhere (HAR 1.2, VCR cassettes, swfcheck JSON reports,
    /// record journals) into case files: DIR/<file stem>.toml each.
    ///
    /// Exit status: 0 written; 2 a recording is malformed (file and line said) or unwritable.
    Import {
        /// The recordings.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The directory the case files are written to.
        #[arg(long)]
        out: PathBuf,
    },
    /// Replay recorded histories: drive an endpoint (default: the embedded reference, manual
    /// clock) through the workflow each history describes and compare the history it writes,
    /// event by event.
    ///
    /// Exit status: 0 every history the same; 1 a difference; 2 a history that could not be
    /// replayed (unreadable, not self-consistent: the event and why) or an unusable endpoint.
    Replay(replay::ReplayArgs),
    /// Serve the embedded reference endpoint (prints the bound address on the first line).
    ///
    /// Beside the SWF API (POST /), loopback peers reach an admin interface: GET
    /// /_swfcheck/clock, POST /_swfcheck/clock/advance, POST /_swfcheck/reset, GET
    /// /_swfcheck/dump (the `clock`, `reset` and `dump` commands use it).
    Serve(serve::ServeArgs),
    /// The clock of a `swfcheck serve --clock manual`: show it, or move it forward.
    Clock(control::ClockArgs),
    /// Forget every domain, type, execution and task of a `swfcheck serve` (waiting polls
    /// answer the empty task); prints the answer.
    Reset(control::EndpointArg),
    /// Print the state of a `swfcheck serve` as JSON: domains, types, open executions, open
    /// decision and activity tasks, waiting polls per task list, the clock.
    Dump(control::EndpointArg),
    /// Hold history files to the history invariants (ids, references, names, decision
    /// tasks, the close), each with its level and the sentence it rests on.
    ///
    /// A file holds what GetWorkflowExecutionHistory answers, {"events": [...]}; the pages
    /// of one execution as an array of such objects, or one after another. Exit status: 0
    /// every invariant holds; 1 a must or should violation; 2 a file cannot be read.
    CheckHistory(check_history::CheckHistoryArgs),
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
pub struct Selection {
    /// Case files: a .toml file or a directory of them (instead of the built-in suite).
    #[arg(long, value_name = "PATH", conflicts_with = "suite")]
    pub cases: Option<PathBuf>,
    /// The built-in cases to start from: all, cases (hand-written) or generated (from the model).
    #[arg(long, value_enum, default_value_t = Suite::All)]
    pub suite: Suite,
    /// Only cases of this operation (repeatable).
    #[arg(long = "operation", value_name = "OPERATION")]
    pub operations: Vec<String>,
    /// Only cases whose id matches this glob, e.g. 'rcwe/domain/*' (repeatable).
    #[arg(long = "case", value_name = "GLOB")]
    pub case_globs: Vec<String>,
    /// Leave out the cases whose id matches this glob, e.g. 'paging/*' (repeatable).
    #[arg(long = "skip", value_name = "GLOB")]
    pub skip_globs: Vec<String>,
    /// Leave out the cases that register a domain: SWF never deletes one, so against a real
    /// account each run would leave them behind (deprecated) for good. The default with
    /// --allow-aws.
    #[arg(long)]
    pub no_new_domains: bool,
    /// With --allow-aws, run the cases that register a domain all the same.
    #[arg(long, conflicts_with = "no_new_domains")]
    pub new_domains: bool,
    /// Only checks of this level: must, should, observe (repeatable).
    #[arg(long = "level", value_name = "LEVEL", value_parser = parse_level)]
    pub levels: Vec<Level>,
    /// Add N random requests from the property strategies (ids random/<operation>/<n>-...).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub random: usize,
    /// The seed of the random requests (default: from the clock, printed).
    #[arg(long, requires = "random")]
    pub seed: Option<u64>,
    /// Only the i-th of n deterministic parts of the selection, e.g. 2/4 (for CI matrices).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Also run the slow cases (category `slow`, about a minute each: a long poll's
    /// documented 60 s); a --case glob that names one runs it too.
    #[arg(long)]
    pub slow: bool,
}

/// The endpoint a tester talks to, and how.
#[derive(Args)]
pub struct Target {
    /// The endpoint under test (default: the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint.
    #[arg(long)]
    pub allow_aws: bool,
    /// Per-request timeout.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// The run's domain: registered if absent, reused if present.
    #[arg(long, value_name = "NAME", default_value = "swfcheck-conformance")]
    pub domain: String,
}

impl Target {
    /// The run configuration for this endpoint.
    pub fn config(self) -> RunConfig {
        RunConfig {
            endpoint: self.endpoint,
            allow_aws: self.allow_aws,
            timeout: self.timeout,
            domain: self.domain,
            ..RunConfig::default()
        }
    }
}

pub fn parse_level(s: &str) -> Result<Level, String> {
    match s {
        "must" => Ok(Level::Must),
        "should" => Ok(Level::Should),
        "observe" => Ok(Level::Observe),
        _ => Err(format!("{s:?} is not a level: use must, should or observe")),
    }
}

pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s).map_err(|e| format!("{e} (hint: 10s, 500ms, 2m)"))?;
    if d.is_zero() {
        return Err("the duration must be more than zero".into());
    }
    Ok(d)
}

/// The error and its causes, each said once (library errors already name their cause).
pub fn chain(e: &anyhow::Error) -> String {
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

/// Runs the command.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::List(args) => list::list(args),
        Command::Fuzz(args) => fuzz::fuzz(args),
        Command::Merge(args) => merge::merge(args),
        Command::Prop(args) => prop::prop(args),
        Command::State(args) => stateful::state(args),
        Command::Explain(args) => explain::explain(args),
        Command::Record(args) => record::record(args),
        Command::Import { files, out } => record::import(&files, &out),
        Command::Replay(args) => replay::replay(args),
        Command::Serve(args) => serve::serve(args),
        Command::Clock(args) => control::clock(args),
        Command::Reset(args) => control::reset(args),
        Command::Dump(args) => control::dump(args),
        Command::CheckHistory(args) => check_history::check_history(args),
        Command::Validate {
            target,
            body,
            content_type,
        } => serve::validate(&target, &body, content_type.as_deref()),
    }
}

pub fn select(sel: &Selection) -> Result<Vec<swfcheck::cases::case::Case>> {
    let mut cases = match &sel.cases {
        Some(path) => swfcheck::cases::file::load_path(path)?,
        None => swfcheck::generate::suite(sel.suite)?,
    };
    if sel.random > 0 {
        let seed = seed_or_clock(sel.seed);
        eprintln!(
            "swfcheck: {} random requests, seed {seed} (replay with --random {} --seed {seed})",
            sel.random, sel.random
        );
        let ops = &sel.operations;
        cases.extend(swfcheck::generate::strategies::sample_cases(
            sel.random, seed, ops,
        ));
    }
    check_operations(&sel.operations)?;
    let case_globs = sel
        .case_globs
        .iter()
        .map(|g| glob::Pattern::new(g).with_context(|| format!("--case {g:?} is not a valid glob")))
        .collect::<Result<Vec<_>>>()?;
    let skip_globs = sel
        .skip_globs
        .iter()
        .map(|g| glob::Pattern::new(g).with_context(|| format!("--skip {g:?} is not a valid glob")))
        .collect::<Result<Vec<_>>>()?;
    let filter = Filter {
        operations: sel.operations.clone(),
        case_globs,
        skip_globs,
        no_new_domains: sel.no_new_domains,
        levels: sel.levels.clone(),
        slow: sel.slow,
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

pub fn seed_or_clock(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.map_or(0, |d| d.as_nanos() as u64)
    })
}

pub fn check_operations(operations: &[String]) -> Result<()> {
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
pub struct Ticker {
    what: &'static str,
    tty: bool,
}

impl Ticker {
    /// A ticker of `what`.
    pub fn new(what: &'static str) -> Self {
        let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Ticker { what, tty }
    }

    /// Shows `n`.
    pub fn tick(&self, n: u64) {
        if self.tty {
            eprint!("\rswfcheck: {n} {}   ", self.what);
        }
    }

    /// Ends the line.
    pub fn done(&self) {
        if self.tty {
            eprintln!();
        }
    }
}

/// Writes `text` to stdout. A reader that went away (`swfcheck list | head`) is not an
/// error: the rest is dropped, quietly, and the command ends as it would have.
pub fn stdout(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(()),
    }
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Runtime::new().context("starting the async runtime")
}
