//! `swfcheck state`: random sequences of lifecycle transitions (the model in
//! [`crate::generate::lifecycle`]) against an endpoint, compared with the model after
//! each step. A divergence shrinks to a minimal sequence, printed as a case file.

use super::{RunConfig, RunError, Session, journey};
use crate::cases::case::Setup;
use crate::cases::template::Vars;
use crate::check::{self, After};
use crate::generate::lifecycle::{self, Lifecycle, Probe, Transition};
use crate::outcome::{Answered, render};
use crate::plan::Issued;
use proptest::strategy::{Strategy, ValueTree};
use proptest_state_machine::ReferenceStateMachine;
use std::sync::Arc;

/// How to run the sequences.
#[derive(Debug, Clone)]
pub struct StateConfig {
    /// Endpoint, timeout, domain.
    pub run: RunConfig,
    /// How many sequences.
    pub sequences: u32,
    /// At most this many transitions per sequence.
    pub max_steps: usize,
    /// The seed; the same seed runs the same sequences.
    pub seed: u64,
    /// At most this many sequences re-run while shrinking.
    pub max_shrink_runs: u32,
}

/// A sequence on which the endpoint departs from the model, shrunk.
#[derive(Debug, Clone)]
pub struct StateFailure {
    /// The transitions, in order.
    pub transitions: Vec<Transition>,
    /// The first departure.
    pub why: String,
    /// The sequence as a runnable case file.
    pub case_file: String,
    /// Sequences re-run while shrinking.
    pub shrink_runs: u32,
}

/// What a state run found.
#[derive(Debug, Clone)]
pub struct StateReport {
    /// The endpoint.
    pub endpoint: String,
    /// The seed.
    pub seed: u64,
    /// Sequences run (shrinking included).
    pub sequences: u32,
    /// Transitions applied (shrinking included).
    pub transitions: u64,
    /// The first failing sequence, shrunk.
    pub failure: Option<StateFailure>,
}

/// Where a sequence departed from the model.
#[derive(Debug, Clone)]
struct Departure {
    /// The probes sent, the failing one last.
    probes: Vec<Probe>,
    /// What departed.
    why: String,
    /// Transitions played, the one that departed included.
    played: usize,
}

/// Whether every transition's preconditions hold in the state the ones before it leave.
fn valid(transitions: &[Transition]) -> bool {
    let mut state = lifecycle::LifecycleModel::new();
    for t in transitions {
        if !Lifecycle::preconditions(&state, t) {
            return false;
        }
        state = Lifecycle::apply(state, t);
    }
    true
}

/// Runs sequences until one departs from the model or `sequences` have passed.
pub async fn run(config: &StateConfig, progress: &dyn Fn(u64)) -> Result<StateReport, RunError> {
    let session = Session::open_prepared(&config.run).await?;
    let mut report = StateReport {
        endpoint: session.endpoint.url.to_string(),
        seed: config.seed,
        sequences: 0,
        transitions: 0,
        failure: None,
    };
    let strategy = Lifecycle::sequential_strategy(1..=config.max_steps.max(1));
    let mut runner = crate::generate::strategies::runner(config.seed, config.sequences);
    let mut index = 0usize;
    for _ in 0..config.sequences {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            break;
        };
        let (_, mut transitions, _) = tree.current();
        index += 1;
        report.sequences += 1;
        report.transitions += transitions.len() as u64;
        progress(u64::from(report.sequences));
        let Err(mut departure) = play(&session, index, &transitions).await else {
            continue;
        };
        // Shrink: what came after the departure goes; then transitions are dropped one at
        // a time while the sequence stays valid (preconditions) and still departs.
        transitions.truncate(departure.played);
        let mut runs = 0;
        'shrink: loop {
            for i in 0..transitions.len() {
                let mut candidate = transitions.clone();
                candidate.remove(i);
                if candidate.is_empty() || !valid(&candidate) {
                    continue;
                }
                if runs >= config.max_shrink_runs {
                    break 'shrink;
                }
                index += 1;
                runs += 1;
                report.transitions += candidate.len() as u64;
                if let Err(found) = play(&session, index, &candidate).await {
                    candidate.truncate(found.played);
                    (transitions, departure) = (candidate, found);
                    continue 'shrink;
                }
            }
            break;
        }
        report.sequences += runs;
        let id = format!("state/seed-{}", config.seed);
        report.failure = Some(StateFailure {
            case_file: lifecycle::case_file(&id, config.seed, &departure.probes),
            transitions,
            why: departure.why,
            shrink_runs: runs,
        });
        break;
    }
    session.close(config.run.jobs).await;
    Ok(report)
}

/// Plays one sequence with fresh workflowIds, comparing each answer with the model.
async fn play(
    session: &Session,
    index: usize,
    transitions: &[Transition],
) -> Result<(), Departure> {
    let ctx = &session.ctx;
    let unknown_run_id = uuid::Uuid::new_v4().to_string();
    let vars = crate::plan::vars(&ctx.plan_context(), Setup::Domain, index, unknown_run_id);
    let mut issued = Issued::default();
    let mut state = lifecycle::LifecycleModel::new();
    let mut sent = Vec::new();
    for (played, t) in transitions.iter().enumerate() {
        let p = lifecycle::probe(&state, t);
        state = Lifecycle::apply(state, t);
        let after = lifecycle::observation(&state, t);
        for probe in std::iter::once(p).chain(after) {
            sent.push(probe.clone());
            if let Some(why) = judge(session, sent.len() - 1, &probe, &vars, &mut issued).await {
                let why = format!("after {t:?}: {why}");
                return Err(Departure {
                    probes: sent,
                    why: crate::outcome::secrets::text(&why, &session.secrets),
                    played: played + 1,
                });
            }
        }
    }
    Ok(())
}

/// Sends a probe; what departs from its expectation, if anything.
async fn judge(
    session: &Session,
    i: usize,
    probe: &Probe,
    vars: &Vars,
    issued: &mut Issued,
) -> Option<String> {
    let step = match crate::plan::planned_step(&probe.step, i + 1, vars) {
        Ok(step) => step,
        Err(e) => return Some(e.to_string()),
    };
    let log = crate::run::swf::Log::default();
    let received = match journey::send_step(&session.ctx, &log, &step, issued).await {
        Ok(Some(r)) => r,
        Ok(None) => return None,
        Err(f) => return Some(f.why),
    };
    let operation = probe.step.operation.clone().unwrap_or_default();
    let groups: Vec<_> = lifecycle::checks(probe).into_iter().map(Arc::new).collect();
    let groups = match crate::plan::fill_checks(&groups, vars) {
        Ok(g) => g,
        Err(e) => return Some(e.to_string()),
    };
    let answered = Answered::of_body(operation.clone(), received.status, &received.body);
    let response = Ok(received);
    for group in &groups {
        let group = crate::plan::bind_group(group, issued);
        let after = After::default();
        let o = check::evaluate_answer(
            &group,
            &operation,
            &response,
            &after,
            answered.clone(),
            &check::Asked::default(),
        );
        if !o.holds() {
            let got: Vec<String> = o
                .failures()
                .map(|a| format!("{}: got {}", render::expected(a), render::found(a)))
                .collect();
            return Some(format!(
                "{operation}: expected {}; {}",
                group.expected_text(),
                got.join("; ")
            ));
        }
    }
    None
}

/// The report for a terminal.
pub fn render(report: &StateReport) -> String {
    let mut out = String::new();
    if let Some(f) = &report.failure {
        out.push_str(&format!(
            "swfcheck state: the endpoint departs from the lifecycle model; minimal sequence after {} shrink run(s):\n",
            f.shrink_runs
        ));
        for (i, t) in f.transitions.iter().enumerate() {
            out.push_str(&format!("  {}. {t:?}\n", i + 1));
        }
        out.push_str(&format!(
            "  {}\n  replay: swfcheck state --seed {}\n",
            f.why, report.seed
        ));
        out.push_str("--- runnable case file ---\n");
        out.push_str(&f.case_file);
        out.push_str("--- end ---\n");
    }
    out.push_str(&format!(
        "swfcheck state: {} sequence(s), {} transition(s), seed {}: {}\n",
        report.sequences,
        report.transitions,
        report.seed,
        if report.failure.is_some() {
            "the endpoint departs from the model"
        } else {
            "the endpoint follows the model"
        }
    ));
    out
}
