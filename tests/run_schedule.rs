//! The scheduler against endpoints that make it work: one that is not thread-safe (a case
//! that did not pass beside others is run again alone, and the run goes one case at a time
//! once that changes a verdict), one that holds empty long polls (a case waiting in one gives
//! its job slot back and does not hold up its wave), one slow to deprecate a domain (the
//! cases on the deprecated domain keep apart), and the flags a baseline records.

mod common;

use common::faulty::{self, Break};
use common::suite::failing;
use common::temp::TempDir;
use std::sync::Mutex;
use std::time::Duration;
use swfcheck::cases::case::Case;
use swfcheck::outcome::{CaseResult, RunReport};
use swfcheck::run::alone::OneAtATime;
use swfcheck::run::slots::HeldPolls;
use swfcheck::run::{Progress, RunConfig};

/// What a run showed its progress sink.
#[derive(Default)]
struct Seen {
    done: Mutex<Vec<String>>,
    most_waiting: Mutex<usize>,
    one_at_a_time: Mutex<Option<OneAtATime>>,
}

impl Progress for Seen {
    fn start(&self, _: usize) {}

    fn case_done(&self, results: &[CaseResult]) {
        if let Some(r) = results.first() {
            self.done.lock().unwrap().push(r.case_id.clone());
        }
    }

    fn waiting(&self, waiting: Option<HeldPolls>) {
        let mut most = self.most_waiting.lock().unwrap();
        *most = (*most).max(waiting.map_or(0, |w| w.polls));
    }

    fn one_at_a_time(&self, why: &OneAtATime) {
        *self.one_at_a_time.lock().unwrap() = Some(why.clone());
    }
}

fn builtin(keep: impl Fn(&Case) -> bool) -> Vec<Case> {
    let all = swfcheck::cases::file::builtin().unwrap();
    all.into_iter().filter(|c| keep(c)).collect()
}

async fn run(config: RunConfig, cases: Vec<Case>) -> (RunReport, Seen) {
    let seen = Seen::default();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let report = swfcheck::run::run(&config, cases, &seen, rx).await.unwrap();
    (report, seen)
}

fn against(url: String, jobs: usize) -> RunConfig {
    RunConfig {
        endpoint: Some(url),
        jobs,
        ..RunConfig::default()
    }
}

/// Beside other cases, the endpoint crashes on many requests; each case that did not pass
/// then is run again alone, the first that passes alone sends the run one case at a time,
/// and the verdicts are those of a run one case at a time: every check passes. A thread-safe
/// endpoint that diverges keeps its failures alone: the same as one case at a time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_is_not_thread_safe_gets_the_verdicts_of_one_case_at_a_time() {
    let server = swfcheck::server::start_default().await.unwrap();
    let upstream = format!("http://{}/", server.addr());
    let cases = builtin(|c| c.id.starts_with("rcwe/"));
    let not_thread_safe = common::overlap::start(upstream.clone()).await;

    let (report, seen) = run(against(not_thread_safe.endpoint.url(), 8), cases.clone()).await;
    let crashed = not_thread_safe
        .crashed
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(crashed > 0, "the cases collided at 8 jobs");
    assert!(report.conformant(), "{:?}", failing(&report));
    let found = seen.one_at_a_time.lock().unwrap().clone();
    let found = found.expect("the run went one case at a time");
    let line = found.line();
    assert!(line.contains("beside other cases and pass alone"), "{line}");
    assert!(
        line.starts_with("the run went one case at a time after "),
        "{line}"
    );

    // A thread-safe endpoint that diverges: its cases fail alone too, as one at a time.
    let diverging = faulty::start(Break::Messages, upstream).await;
    let (report, _) = run(against(diverging.url(), 8), cases.clone()).await;
    let (one_at_a_time, _) = run(against(diverging.url(), 1), cases).await;
    assert!(!failing(&report).is_empty(), "messages are reworded");
    assert_eq!(failing(&report), failing(&one_at_a_time));
    drop((not_thread_safe, diverging));
    server.shutdown().await;
}

/// The cases on the harness's deprecated domain, three copies of each at 8 jobs, through an
/// endpoint slow to deprecate: each setup undeprecates the domain for a moment, and no other
/// case's request is sent in that moment (DeprecateDomain expecting DomainDeprecatedFault
/// would get 200, StartWorkflowExecution would start). Every check passes beside the others,
/// none needs a run alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_on_the_deprecated_domain_do_not_undeprecate_it_under_each_other() {
    let server = swfcheck::server::start_default().await.unwrap();
    let slow = faulty::start(
        Break::SlowDeprecateDomain,
        format!("http://{}/", server.addr()),
    )
    .await;
    let on_it = builtin(|c| c.setup == swfcheck::cases::case::Setup::DeprecatedDomain);
    assert!(on_it.len() >= 5, "{} cases", on_it.len());
    let copies: Vec<Case> = (0..3)
        .flat_map(|n| {
            on_it.iter().map(move |c| Case {
                id: format!("{}/copy-{n}", c.id),
                ..c.clone()
            })
        })
        .collect();
    let (report, seen) = run(against(slow.url(), 8), copies).await;
    assert!(report.conformant(), "{:?}", failing(&report));
    assert!(seen.one_at_a_time.lock().unwrap().is_none());
    drop(slow);
    server.shutdown().await;
}

/// With one job, two cases that poll an empty task list (held 8 s here) are both waiting at
/// once, and the cases of the next wave (the generated ones) end while they wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_in_a_held_long_poll_gives_its_slot_back_and_does_not_hold_its_wave() {
    let polls = [
        "behaviour/poll-for-decision-task/empty",
        "behaviour/poll-for-activity-task/empty",
    ];
    let mut cases = builtin(|c| polls.contains(&c.id.as_str()));
    let generated = swfcheck::generate::suite(swfcheck::generate::Suite::Generated).unwrap();
    let next_wave: Vec<Case> = generated
        .into_iter()
        .filter(|c| c.operation == "DescribeDomain")
        .take(6)
        .collect();
    let later: Vec<String> = next_wave.iter().map(|c| c.id.clone()).collect();
    cases.extend(next_wave);
    let config = RunConfig {
        jobs: 1,
        embedded_poll_timeout: Duration::from_secs(8),
        ..RunConfig::default()
    };
    let (report, seen) = run(config, cases).await;
    assert!(report.conformant(), "{:?}", failing(&report));
    assert_eq!(
        *seen.most_waiting.lock().unwrap(),
        2,
        "both polls wait at once"
    );
    let done = seen.done.lock().unwrap().clone();
    assert_eq!(done.len(), 8, "{done:?}");
    assert_eq!(&done[..6], &later[..], "the next wave ends first: {done:?}");
}

/// A baseline records the flags its run was made with; a run compared with it prints them,
/// and says so when its own differ.
#[test]
fn a_baseline_records_its_flags_and_a_run_with_other_flags_is_told() {
    let tmp = TempDir::new("schedule");
    let cases = tmp.join("cases.toml");
    std::fs::write(
        &cases,
        r#"[[case]]
id = "b/right"
operation = "RequestCancelWorkflowExecution"
source = "s"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 400 }]
"#,
    )
    .unwrap();
    let (cases, baseline) = (cases.display().to_string(), tmp.join("baseline.json"));
    let baseline = baseline.display().to_string();
    let made = ["run", "--cases", &cases, "--jobs", "1", "--skip", "x/*"];
    let written = common::cli::swfcheck(&[&made[..], &["--write-baseline", &baseline]].concat());
    let stdout = String::from_utf8_lossy(&written.stdout);
    assert_eq!(written.status.code(), Some(0), "{stdout}");
    let flags = format!("--cases '{cases}' --skip 'x/*' --jobs 1");
    assert!(stdout.contains(&format!("(made with {flags})")), "{stdout}");
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let expected = [
        format!("--cases '{cases}'"),
        "--skip 'x/*'".into(),
        "--jobs 1".into(),
    ];
    assert_eq!(recorded["flags"], serde_json::json!(expected));

    let same = common::cli::swfcheck(&[&made[..], &["--baseline", &baseline]].concat());
    let stdout = String::from_utf8_lossy(&same.stdout);
    assert!(
        stdout.contains(&format!("baseline: recorded with {flags}\n")),
        "{stdout}"
    );
    assert!(!stdout.contains("differ"), "{stdout}");

    let other = common::cli::swfcheck(&["run", "--cases", &cases, "--baseline", &baseline]);
    let stdout = String::from_utf8_lossy(&other.stdout);
    assert_eq!(
        other.status.code(),
        Some(0),
        "the verdicts still match: {stdout}"
    );
    let differ = format!("baseline: this run's flags differ (--cases '{cases}')");
    assert!(stdout.contains(&differ), "{stdout}");
}
