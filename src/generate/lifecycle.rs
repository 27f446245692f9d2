//! The execution lifecycle as a reference state machine (proptest-state-machine):
//! two workflowIds, each with its runs; start, signal, request cancel with and
//! without runId, terminate, a decider completing or cancelling, and the reads
//! (describe, history, count open, list closed). Each transition becomes a
//! request [`Probe`] whose expected answer the model gives (SWF-WIRE.md §2, §5;
//! the seed). A failing sequence is printed as a case file with `[[case.step]]`s.

use crate::cases::case::{Case, Decide, Level, RequestSpec, Setup, Step};
use crate::check::{CheckGroup, Expectation};
use proptest::prelude::*;
use proptest_state_machine::ReferenceStateMachine;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// How many workflowIds a sequence uses.
pub const SLOTS: usize = 2;

/// The workflow type the run registers (see `RunContext`).
/// The run's workflow type, registered in every domain of the run.
pub(crate) const WORKFLOW_TYPE: (&str, &str) = ("swfcheck-workflow", "1");

/// One run (execution) of a workflowId, as the model sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Still open.
    pub open: bool,
    /// A cancel request was recorded.
    pub cancel_requested: bool,
    /// COMPLETED, CANCELED or TERMINATED once closed.
    pub close_status: Option<&'static str>,
    /// Signals recorded.
    pub signals: u32,
}

/// The model: the runs of each workflowId, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LifecycleModel {
    /// Per slot, its runs.
    pub slots: Vec<Vec<Run>>,
}

impl Default for LifecycleModel {
    fn default() -> Self {
        LifecycleModel::new()
    }
}

impl LifecycleModel {
    /// No execution yet, in any slot.
    pub fn new() -> Self {
        LifecycleModel {
            slots: vec![Vec::new(); SLOTS],
        }
    }

    fn latest(&self, slot: usize) -> Option<&Run> {
        self.slots.get(slot).and_then(|runs| runs.last())
    }

    fn open(&self, slot: usize) -> Option<&Run> {
        self.latest(slot).filter(|r| r.open)
    }

    fn open_mut(&mut self, slot: usize) -> Option<&mut Run> {
        self.slots
            .get_mut(slot)
            .and_then(|runs| runs.last_mut())
            .filter(|r| r.open)
    }
}

/// One step of a sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// StartWorkflowExecution.
    Start(usize),
    /// SignalWorkflowExecution by workflowId.
    Signal(usize),
    /// RequestCancelWorkflowExecution, with the latest runId or none.
    Cancel {
        /// The slot.
        slot: usize,
        /// Whether the request names the latest run's runId.
        run_id: bool,
    },
    /// TerminateWorkflowExecution, with the latest runId or none.
    Terminate {
        /// The slot.
        slot: usize,
        /// Whether the request names the latest run's runId.
        run_id: bool,
    },
    /// A decider answers CompleteWorkflowExecution.
    DeciderCompletes(usize),
    /// A decider answers CancelWorkflowExecution (after a cancel request).
    DeciderCancels(usize),
    /// DescribeWorkflowExecution of the latest run.
    Describe(usize),
    /// GetWorkflowExecutionHistory of the latest run.
    History(usize),
    /// CountOpenWorkflowExecutions for the workflowId.
    CountOpen(usize),
    /// ListClosedWorkflowExecutions for the workflowId.
    ListClosed(usize),
}

/// The reference state machine.
pub struct Lifecycle;

impl ReferenceStateMachine for Lifecycle {
    type State = LifecycleModel;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<LifecycleModel> {
        Just(LifecycleModel::new()).boxed()
    }

    fn transitions(_: &LifecycleModel) -> BoxedStrategy<Transition> {
        let slot = 0..SLOTS;
        prop_oneof![
            3 => slot.clone().prop_map(Transition::Start),
            1 => slot.clone().prop_map(Transition::Signal),
            3 => (slot.clone(), any::<bool>()).prop_map(|(slot, run_id)| Transition::Cancel { slot, run_id }),
            1 => (slot.clone(), any::<bool>()).prop_map(|(slot, run_id)| Transition::Terminate { slot, run_id }),
            1 => slot.clone().prop_map(Transition::DeciderCompletes),
            2 => slot.clone().prop_map(Transition::DeciderCancels),
            1 => slot.clone().prop_map(Transition::Describe),
            1 => slot.clone().prop_map(Transition::History),
            1 => slot.clone().prop_map(Transition::CountOpen),
            1 => slot.prop_map(Transition::ListClosed),
        ]
        .boxed()
    }

    fn preconditions(state: &LifecycleModel, t: &Transition) -> bool {
        match *t {
            // A second cancel of one execution is an open question (SWF-WIRE.md §5): not judged.
            Transition::Cancel { slot, run_id } => {
                let latest = state.latest(slot);
                (!run_id || latest.is_some())
                    && !latest.is_some_and(|r| r.open && r.cancel_requested)
            }
            Transition::Terminate { slot, run_id } => !run_id || state.latest(slot).is_some(),
            Transition::DeciderCompletes(slot) => state.open(slot).is_some(),
            Transition::DeciderCancels(slot) => {
                state.open(slot).is_some_and(|r| r.cancel_requested)
            }
            Transition::Describe(slot) | Transition::History(slot) => state.latest(slot).is_some(),
            _ => true,
        }
    }

    fn apply(mut state: LifecycleModel, t: &Transition) -> LifecycleModel {
        match *t {
            Transition::Start(slot) if state.open(slot).is_none() => {
                state.slots[slot].push(Run {
                    open: true,
                    cancel_requested: false,
                    close_status: None,
                    signals: 0,
                });
            }
            Transition::Signal(slot) => {
                if let Some(r) = state.open_mut(slot) {
                    r.signals += 1;
                }
            }
            Transition::Cancel { slot, .. } => {
                if let Some(r) = state.open_mut(slot) {
                    r.cancel_requested = true;
                }
            }
            Transition::Terminate { slot, .. } => close(&mut state, slot, "TERMINATED"),
            Transition::DeciderCompletes(slot) => close(&mut state, slot, "COMPLETED"),
            Transition::DeciderCancels(slot) => close(&mut state, slot, "CANCELED"),
            _ => {}
        }
        state
    }
}

fn close(state: &mut LifecycleModel, slot: usize, status: &'static str) {
    if let Some(r) = state.open_mut(slot) {
        r.open = false;
        r.close_status = Some(status);
    }
}

/// A request of a sequence with the answer the model expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// The request (or decider step) with its expected status and fault.
    pub step: Step,
    /// Members the answer must contain.
    pub contains: Option<Json>,
    /// Arrays of the answer and their expected lengths.
    pub lengths: BTreeMap<String, u32>,
    /// Event types and their expected counts in a history answer.
    pub events: BTreeMap<String, u32>,
    /// The fact the expectation rests on.
    pub source: &'static str,
}

const SRC_START: &str = "model: StartWorkflowExecution declares WorkflowExecutionAlreadyStartedFault (an open execution has the workflowId)";
const SRC_CANCEL: &str = "seed: RequestCancelWorkflowExecution on an open execution records a cancel request; UnknownResourceFault for an unknown or closed one (SWF-WIRE.md §5.5)";
const SRC_SIGNAL: &str = "model: SignalWorkflowExecution / TerminateWorkflowExecution target the open execution of the workflowId; UnknownResourceFault otherwise";
const SRC_DESCRIBE: &str = "SWF-WIRE.md §5.2, §5.3 (seen): executionStatus, closeStatus and cancelRequested follow the lifecycle";
const SRC_HISTORY: &str = "SWF-WIRE.md §5 (seen): each signal and cancel request is an event; the close is the last event";
const SRC_COUNT: &str = "model: counts and lists of executions follow their open/closed status";

/// The workflowId of a slot in a case (`${workflowId}` is unique per case).
pub fn workflow_id(slot: usize) -> String {
    format!("${{workflowId}}-{slot}")
}

fn table(json: Json) -> Option<toml::Table> {
    toml::Table::try_from(json).ok()
}

fn request(operation: &str, body: Json, status: u16, fault: Option<&str>) -> Step {
    Step {
        operation: Some(operation.into()),
        body: table(body),
        decide: None,
        status: Some(status),
        fault: fault.map(str::to_owned),
        or_fault: None,
        answer_shape: None,
        target: None,
        wait: None,
    }
}

fn execution(slot: usize) -> Json {
    let id = workflow_id(slot);
    json!({"workflowId": id, "runId": format!("${{runIdOf:{id}}}")})
}

/// The probe of `t` in `state` (the model before the transition).
pub fn probe(state: &LifecycleModel, t: &Transition) -> Probe {
    match *t {
        Transition::Start(slot) => start(state, slot),
        Transition::Signal(slot) => {
            let (status, fault) = unknown(state.open(slot).is_some());
            let body = json!({"domain": DOMAIN, "workflowId": workflow_id(slot), "signalName": "swfcheck"});
            Probe::new(
                request("SignalWorkflowExecution", body, status, fault),
                SRC_SIGNAL,
            )
        }
        Transition::Cancel { slot, run_id } => {
            let body = target(slot, run_id);
            let (status, fault) = unknown(target_open(state, slot, run_id));
            let step = request("RequestCancelWorkflowExecution", body, status, fault);
            Probe::new(step, SRC_CANCEL)
        }
        Transition::Terminate { slot, run_id } => {
            let mut body = target(slot, run_id);
            body["reason"] = json!("swfcheck state");
            let (status, fault) = unknown(target_open(state, slot, run_id));
            let step = request("TerminateWorkflowExecution", body, status, fault);
            Probe::new(step, SRC_SIGNAL)
        }
        Transition::DeciderCompletes(slot) => decider(slot, "CompleteWorkflowExecution"),
        Transition::DeciderCancels(slot) => decider(slot, "CancelWorkflowExecution"),
        Transition::Describe(slot) => describe(state, slot),
        Transition::History(slot) => history(state, slot),
        Transition::CountOpen(slot) => {
            let open = u32::from(state.open(slot).is_some());
            let step = request(
                "CountOpenWorkflowExecutions",
                by_workflow_id(slot),
                200,
                None,
            );
            let mut p = Probe::new(step, SRC_COUNT);
            p.contains = Some(json!({"count": open}));
            p
        }
        Transition::ListClosed(slot) => {
            let runs = state.slots.get(slot).map(Vec::as_slice).unwrap_or_default();
            let closed = runs.iter().filter(|r| !r.open).count() as u32;
            let step = request(
                "ListClosedWorkflowExecutions",
                by_workflow_id(slot),
                200,
                None,
            );
            let mut p = Probe::new(step, SRC_COUNT);
            p.lengths.insert("executionInfos".into(), closed);
            p
        }
    }
}

/// The domain of every probe: the case's.
const DOMAIN: &str = "${domain}";

impl Probe {
    fn new(step: Step, source: &'static str) -> Self {
        Probe {
            step,
            contains: None,
            lengths: BTreeMap::new(),
            events: BTreeMap::new(),
            source,
        }
    }
}

/// 200 when the target is open, else UnknownResourceFault.
fn unknown(ok: bool) -> (u16, Option<&'static str>) {
    if ok {
        (200, None)
    } else {
        (400, Some("UnknownResourceFault"))
    }
}

/// Whether a cancel or terminate of `slot` (by its latest runId, or by workflowId alone)
/// reaches an open execution.
fn target_open(state: &LifecycleModel, slot: usize, run_id: bool) -> bool {
    if run_id {
        state.latest(slot).is_some_and(|r| r.open)
    } else {
        state.open(slot).is_some()
    }
}

/// The body naming `slot`'s execution: by its latest runId, or by workflowId alone.
fn target(slot: usize, run_id: bool) -> Json {
    if run_id {
        let mut e = execution(slot);
        e["domain"] = json!(DOMAIN);
        e
    } else {
        json!({"domain": DOMAIN, "workflowId": workflow_id(slot)})
    }
}

/// A visibility request for `slot`'s workflowId, at any start time.
fn by_workflow_id(slot: usize) -> Json {
    json!({"domain": DOMAIN, "startTimeFilter": {"oldestDate": 0},
        "executionFilter": {"workflowId": workflow_id(slot)}})
}

fn start(state: &LifecycleModel, slot: usize) -> Probe {
    let (status, fault) = if state.open(slot).is_some() {
        (400, Some("WorkflowExecutionAlreadyStartedFault"))
    } else {
        (200, None)
    };
    let body = json!({"domain": DOMAIN, "workflowId": workflow_id(slot),
        "workflowType": {"name": WORKFLOW_TYPE.0, "version": WORKFLOW_TYPE.1},
        "taskList": {"name": workflow_id(slot)},
        "executionStartToCloseTimeout": "3600", "taskStartToCloseTimeout": "600",
        "childPolicy": "TERMINATE"});
    Probe::new(
        request("StartWorkflowExecution", body, status, fault),
        SRC_START,
    )
}

fn decider(slot: usize, decision: &str) -> Probe {
    let step = Step {
        decide: Some(Decide {
            domain: DOMAIN.into(),
            task_list: workflow_id(slot),
            decision: decision.into(),
            attributes: None,
        }),
        ..Step::default()
    };
    Probe::new(step, SRC_DESCRIBE)
}

fn describe(state: &LifecycleModel, slot: usize) -> Probe {
    let body = json!({"domain": DOMAIN, "execution": execution(slot)});
    let mut p = Probe::new(
        request("DescribeWorkflowExecution", body, 200, None),
        SRC_DESCRIBE,
    );
    if let Some(r) = state.latest(slot) {
        let mut info = json!({
            "executionStatus": if r.open { "OPEN" } else { "CLOSED" },
            "cancelRequested": r.cancel_requested,
        });
        if let Some(close) = r.close_status {
            info["closeStatus"] = json!(close);
        }
        p.contains = Some(json!({"executionInfo": info}));
    }
    p
}

fn history(state: &LifecycleModel, slot: usize) -> Probe {
    let body = json!({"domain": DOMAIN, "execution": execution(slot)});
    let mut p = Probe::new(
        request("GetWorkflowExecutionHistory", body, 200, None),
        SRC_HISTORY,
    );
    if let Some(r) = state.latest(slot) {
        p.events
            .insert("WorkflowExecutionSignaled".into(), r.signals);
        p.events.insert(
            "WorkflowExecutionCancelRequested".into(),
            u32::from(r.cancel_requested),
        );
        let closes = [
            ("COMPLETED", "WorkflowExecutionCompleted"),
            ("CANCELED", "WorkflowExecutionCanceled"),
            ("TERMINATED", "WorkflowExecutionTerminated"),
        ];
        for (status, event) in closes {
            p.events
                .insert(event.into(), u32::from(r.close_status == Some(status)));
        }
    }
    p
}

/// What the model expects to read after `t`: the latest run of the slot it touched.
pub fn observation(state: &LifecycleModel, t: &Transition) -> Option<Probe> {
    let slot = match *t {
        Transition::Start(s)
        | Transition::Signal(s)
        | Transition::DeciderCompletes(s)
        | Transition::DeciderCancels(s) => s,
        Transition::Cancel { slot, .. } | Transition::Terminate { slot, .. } => slot,
        _ => return None,
    };
    state.latest(slot)?;
    Some(probe(state, &Transition::Describe(slot)))
}

/// The checks of a probe, for a case whose request is the probe's.
pub fn checks(p: &Probe) -> Vec<CheckGroup> {
    let mut expect: Vec<Expectation> = p.step.status.map(Expectation::Status).into_iter().collect();
    expect.extend(p.step.fault.clone().map(Expectation::Fault));
    if let Some(c) = &p.contains {
        expect.push(Expectation::BodyContains(c.clone()));
    }
    if !p.lengths.is_empty() {
        expect.push(Expectation::ArrayLengths(p.lengths.clone()));
    }
    if !p.events.is_empty() {
        expect.push(Expectation::EventCounts(p.events.clone()));
    }
    vec![CheckGroup::new(expect)]
}

/// A runnable case file: every probe but the last as a `[[case.step]]`, the last as the request.
pub fn case_file(id: &str, seed: u64, probes: &[Probe]) -> String {
    let Some((last, before)) = probes.split_last() else {
        return String::new();
    };
    let (operation, body) = match (&last.step.operation, &last.step.body) {
        (Some(op), body) => (op.clone(), body.clone()),
        // A failing decider step: replay it as a step, then read the execution.
        (None, _) => ("DescribeWorkflowExecution".into(), None),
    };
    let mut steps: Vec<Step> = before.iter().map(|p| p.step.clone()).collect();
    if last.step.operation.is_none() {
        steps.push(last.step.clone());
    }
    let mut checks = checks(last);
    if last.step.operation.is_none() {
        checks = vec![CheckGroup::new(vec![Expectation::Status(200)])];
    }
    let case = Case {
        id: id.into(),
        operation,
        level: Level::Must,
        source: format!("{} (swfcheck state --seed {seed}, shrunk)", last.source),
        setup: Setup::Domain,
        request: RequestSpec {
            body,
            ..RequestSpec::default()
        },
        steps,
        then: None,
        checks: checks.into_iter().map(std::sync::Arc::new).collect(),
        category: Some("lifecycle".into()),
        origin: String::new(),
        variation: None,
        member: None,
    };
    #[derive(serde::Serialize)]
    struct File<'a> {
        case: [&'a Case; 1],
    }
    let header = "# A lifecycle sequence on which the endpoint departs from the model, shrunk.\n\
                  # Run it: swfcheck run --endpoint URL --cases THIS_FILE\n";
    header.to_owned() + &toml::to_string(&File { case: [&case] }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::file::parse;

    #[test]
    fn the_model_follows_the_cancel_lifecycle() {
        let mut m = LifecycleModel::new();
        for t in [
            Transition::Start(0),
            Transition::Cancel {
                slot: 0,
                run_id: false,
            },
            Transition::DeciderCancels(0),
        ] {
            assert!(Lifecycle::preconditions(&m, &t), "{t:?}");
            m = Lifecycle::apply(m, &t);
        }
        let run = m.latest(0).unwrap();
        assert_eq!(run.close_status, Some("CANCELED"));
        assert!(run.cancel_requested);
        let again = probe(
            &m,
            &Transition::Cancel {
                slot: 0,
                run_id: true,
            },
        );
        assert_eq!(again.step.fault.as_deref(), Some("UnknownResourceFault"));
        let start = probe(&m, &Transition::Start(0));
        assert_eq!(start.step.status, Some(200));
    }

    #[test]
    fn a_printed_sequence_is_a_valid_case_file() {
        let m = LifecycleModel::new();
        let first = probe(&m, &Transition::Start(1));
        let m = Lifecycle::apply(m, &Transition::Start(1));
        let second = probe(
            &m,
            &Transition::Cancel {
                slot: 1,
                run_id: true,
            },
        );
        let m = Lifecycle::apply(
            m,
            &Transition::Cancel {
                slot: 1,
                run_id: true,
            },
        );
        let third = probe(&m, &Transition::Describe(1));
        let text = case_file("state/seed-1", 1, &[first, second, third]);
        let cases = parse("printed.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(cases.len(), 1);
        assert_eq!(cases[0].steps.len(), 2);
        assert_eq!(cases[0].operation, "DescribeWorkflowExecution");
        assert!(text.contains("cancelRequested = true"), "{text}");
    }
}
