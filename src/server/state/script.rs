//! A compact byte script of calls and clock moves against the [`Engine`], for the
//! `decisions` fuzz target: every byte string is a script (a tag byte and a few
//! operand bytes per step, read with `arbitrary`'s [`Unstructured`]), every step
//! goes through the wire's validation as a real request would, and after each step
//! the engine's invariants must hold and no answer may be a 5xx. [`seeds`] writes
//! the scenarios of the engine's tests as scripts (the target's seed corpus).

use super::Engine;
use crate::model::swf;
use crate::wire::parse_body;
use arbitrary::Unstructured;
use serde_json::{Value as Json, json};

/// Timeout values a script can pick: absent, NONE, a few lengths, and one the model
/// allows but that is no duration.
const DURATIONS: [Option<&str>; 6] = [
    None,
    Some("NONE"),
    Some("0"),
    Some("3"),
    Some("20"),
    Some("x"),
];
/// Clock moves a script can pick, in seconds.
const ADVANCES: [f64; 9] = [0.0, 1.0, 3.0, 5.0, 20.0, 60.0, 600.0, 3600.0, 86_400.0];
/// Workflow type versions: defaults (l0), defaults with short timeouts (l1), none, deprecated.
const WORKFLOW_VERSIONS: [&str; 4] = ["1", "2", "bare", "old"];
/// Activity type versions: defaults, none, deprecated.
const ACTIVITY_VERSIONS: [&str; 3] = ["1", "bare", "old"];
/// Child workflowIds: four fresh ones, one that may be running, one the model refuses.
const CHILD_IDS: [&str; 6] = ["c0", "c1", "c2", "c3", "w0", "c/x"];

/// One step: a tag byte and its operands (see [`Step::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step(pub Vec<u8>);

/// How many operand bytes each step tag takes (a Respond's decisions follow it).
const OPERANDS: [usize; 14] = [3, 2, 3, 1, 2, 2, 1, 1, 2, 1, 1, 1, 2, 1];
/// How many operand bytes each decision tag takes.
const DECISION_OPERANDS: [usize; 14] = [4, 1, 0, 0, 0, 1, 0, 2, 1, 2, 1, 2, 0, 1];

impl Step {
    /// Reads one step; `None` when the script is over.
    pub fn read(u: &mut Unstructured<'_>) -> Option<Step> {
        if u.is_empty() {
            return None;
        }
        let tag = u.arbitrary::<u8>().ok()? % OPERANDS.len() as u8;
        let mut bytes = vec![tag];
        for _ in 0..OPERANDS[tag as usize] {
            bytes.push(u.arbitrary::<u8>().unwrap_or(0));
        }
        if tag == 2 {
            for _ in 0..bytes[2] % 6 {
                let d = u.arbitrary::<u8>().unwrap_or(0) % DECISION_OPERANDS.len() as u8;
                bytes.push(d);
                for _ in 0..DECISION_OPERANDS[d as usize] {
                    bytes.push(u.arbitrary::<u8>().unwrap_or(0));
                }
            }
        }
        Some(Step(bytes))
    }
}

/// Runs a script on a fresh engine; the first broken invariant or 5xx is the error.
pub fn run(data: &[u8]) -> Result<usize, String> {
    run_engine(data).map(|(steps, _)| steps)
}

/// [`run`], keeping the engine for a look at what the script did.
fn run_engine(data: &[u8]) -> Result<(usize, Engine), String> {
    let mut u = Unstructured::new(data);
    let mut runner = Runner::new()?;
    let mut count = 0;
    while let Some(step) = Step::read(&mut u) {
        runner
            .step(&step)
            .map_err(|e| format!("step {count} {step:?}: {e}"))?;
        count += 1;
    }
    Ok((count, runner.engine))
}

/// The engine, and the task tokens and page tokens the script has been handed.
struct Runner {
    engine: Engine,
    decision_tokens: Vec<String>,
    activity_tokens: Vec<String>,
    pages: Vec<(String, String)>,
}

fn pick(tokens: &[String], b: u8) -> String {
    if tokens.is_empty() {
        return "no-such-token".into();
    }
    tokens[b as usize % tokens.len()].clone()
}

fn duration(b: u8) -> Option<&'static str> {
    DURATIONS[b as usize % DURATIONS.len()]
}

impl Runner {
    fn new() -> Result<Runner, String> {
        let mut r = Runner {
            engine: Engine::new(1_000_000.0),
            decision_tokens: Vec::new(),
            activity_tokens: Vec::new(),
            pages: Vec::new(),
        };
        let defaults = |list: &str, task: &str, exec: &str| {
            json!({"defaultTaskList": {"name": list}, "defaultTaskStartToCloseTimeout": task,
                "defaultExecutionStartToCloseTimeout": exec, "defaultChildPolicy": "TERMINATE"})
        };
        let mut setup = vec![(
            "RegisterDomain",
            json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1"}),
        )];
        for (version, config) in [
            ("1", defaults("l0", "60", "3600")),
            ("2", defaults("l1", "5", "50")),
            ("bare", json!({})),
            ("old", defaults("l0", "60", "3600")),
        ] {
            let mut body = json!({"domain": "d", "name": "wf", "version": version});
            merge(&mut body, config);
            setup.push(("RegisterWorkflowType", body));
        }
        for version in ACTIVITY_VERSIONS {
            let mut body = json!({"domain": "d", "name": "act", "version": version});
            if version != "bare" {
                merge(
                    &mut body,
                    json!({"defaultTaskList": {"name": "a0"}, "defaultTaskStartToCloseTimeout": "10",
                    "defaultTaskScheduleToStartTimeout": "10", "defaultTaskScheduleToCloseTimeout": "30",
                    "defaultTaskHeartbeatTimeout": "NONE"}),
                );
            }
            setup.push(("RegisterActivityType", body));
        }
        setup.push((
            "DeprecateWorkflowType",
            json!({"domain": "d", "workflowType": {"name": "wf", "version": "old"}}),
        ));
        setup.push((
            "DeprecateActivityType",
            json!({"domain": "d", "activityType": {"name": "act", "version": "old"}}),
        ));
        for (op, body) in setup {
            r.call(op, body)?;
        }
        Ok(r)
    }

    /// Sends one request through the wire's validation; a refused one is not applied.
    fn call(&mut self, op: &str, body: Json) -> Result<Option<Json>, String> {
        let operation = swf()
            .operation(op)
            .ok_or_else(|| format!("no operation {op}"))?;
        let bytes = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
        let Ok(req) = parse_body(operation, &bytes) else {
            return Ok(None);
        };
        match self.engine.call(&req) {
            Ok(answer) => Ok(answer),
            Err(f) if f.status() >= 500 => Err(format!(
                "{op} {body}: a {} answer: {}",
                f.status(),
                f.message
            )),
            Err(_) => Ok(None),
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), String> {
        let b = &step.0;
        let wf = |i: usize| format!("w{}", b[i] % 4);
        match b[0] {
            0 => {
                let mut body = json!({"domain": "d", "workflowId": wf(1),
                    "workflowType": {"name": "wf", "version": WORKFLOW_VERSIONS[b[2] as usize % 4]}});
                if b[3] & 1 != 0 {
                    body["taskList"] = json!({"name": format!("l{}", (b[3] >> 1) & 1)});
                }
                if let Some(t) = duration(b[3] >> 2) {
                    body["executionStartToCloseTimeout"] = json!(t);
                }
                if let Some(t) = duration(b[3] >> 5) {
                    body["taskStartToCloseTimeout"] = json!(t);
                }
                self.call("StartWorkflowExecution", body)?;
            }
            1 => {
                let mut body = json!({"domain": "d", "taskList": {"name": format!("l{}", b[1] % 2)}, "identity": "fuzz"});
                if b[2] % 5 != 0 {
                    body["maximumPageSize"] = json!(b[2] % 5);
                }
                self.take_decision_task(body)?;
            }
            2 => {
                let decisions: Vec<Json> = decisions(&b[4..]);
                let mut body =
                    json!({"taskToken": pick(&self.decision_tokens, b[1]), "decisions": decisions});
                if b[3] % 2 == 1 {
                    body["executionContext"] = json!("ctx");
                }
                self.call("RespondDecisionTaskCompleted", body)?;
            }
            3 => {
                let body = json!({"domain": "d", "taskList": {"name": format!("a{}", b[1] % 2)}, "identity": "fuzz"});
                if let Some(task) = self.call("PollForActivityTask", body)? {
                    if let Some(t) = task["taskToken"].as_str().filter(|t| !t.is_empty()) {
                        self.activity_tokens.push(t.to_owned());
                    }
                }
            }
            4 => {
                let op = [
                    "RespondActivityTaskCompleted",
                    "RespondActivityTaskFailed",
                    "RespondActivityTaskCanceled",
                ][b[2] as usize % 3];
                self.call(
                    op,
                    json!({"taskToken": pick(&self.activity_tokens, b[1]), "details": "d"}),
                )?;
            }
            5 => {
                let body = json!({"taskToken": pick(&self.activity_tokens, b[1]), "details": format!("{}", b[2])});
                self.call("RecordActivityTaskHeartbeat", body)?;
            }
            6 => {
                self.call(
                    "SignalWorkflowExecution",
                    json!({"domain": "d", "workflowId": wf(1), "signalName": "s", "input": "i"}),
                )?;
            }
            7 => {
                self.call(
                    "RequestCancelWorkflowExecution",
                    json!({"domain": "d", "workflowId": wf(1)}),
                )?;
            }
            8 => {
                let mut body = json!({"domain": "d", "workflowId": wf(1), "reason": "r"});
                if let Some(p) = [
                    None,
                    Some("TERMINATE"),
                    Some("REQUEST_CANCEL"),
                    Some("ABANDON"),
                ][b[2] as usize % 4]
                {
                    body["childPolicy"] = json!(p);
                }
                self.call("TerminateWorkflowExecution", body)?;
            }
            9 => self
                .engine
                .advance(ADVANCES[b[1] as usize % ADVANCES.len()]),
            10 => {
                let op = if b[1] % 2 == 0 {
                    "DeprecateDomain"
                } else {
                    "UndeprecateDomain"
                };
                self.call(op, json!({"name": "d"}))?;
            }
            11 => {
                let (op, member, version) = if b[1] % 2 == 0 {
                    (
                        "DeprecateWorkflowType",
                        "workflowType",
                        WORKFLOW_VERSIONS[(b[1] as usize / 2) % 4],
                    )
                } else {
                    (
                        "DeprecateActivityType",
                        "activityType",
                        ACTIVITY_VERSIONS[(b[1] as usize / 2) % 3],
                    )
                };
                let name = if member == "workflowType" {
                    "wf"
                } else {
                    "act"
                };
                self.call(
                    op,
                    json!({"domain": "d", member: {"name": name, "version": version}}),
                )?;
            }
            12 => {
                if !self.pages.is_empty() {
                    let (list, next) = self.pages[b[1] as usize % self.pages.len()].clone();
                    let body = json!({"domain": "d", "taskList": {"name": list}, "nextPageToken": next,
                        "maximumPageSize": b[2] % 4 + 1});
                    self.take_decision_task(body)?;
                }
            }
            _ => {
                let body = json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}, "executionFilter": {"workflowId": wf(1)}});
                self.call("CountOpenWorkflowExecutions", body.clone())?;
                self.call("ListClosedWorkflowExecutions", body)?;
            }
        }
        self.engine.check()
    }

    fn take_decision_task(&mut self, body: Json) -> Result<(), String> {
        let list = body["taskList"]["name"].as_str().unwrap_or("").to_owned();
        if let Some(task) = self.call("PollForDecisionTask", body)? {
            if let Some(t) = task["taskToken"].as_str().filter(|t| !t.is_empty()) {
                if !self.decision_tokens.iter().any(|x| x == t) {
                    self.decision_tokens.push(t.to_owned());
                }
            }
            if let Some(next) = task["nextPageToken"].as_str() {
                self.pages.push((list, next.to_owned()));
            }
        }
        Ok(())
    }
}

fn merge(body: &mut Json, extra: Json) {
    if let (Some(b), Json::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
}

/// The decisions a Respond step's bytes encode (see `DECISION_OPERANDS`).
fn decisions(mut b: &[u8]) -> Vec<Json> {
    let mut out = Vec::new();
    while let Some((&tag, rest)) = b.split_first() {
        let n = DECISION_OPERANDS[tag as usize % DECISION_OPERANDS.len()].min(rest.len());
        let (ops, rest) = rest.split_at(n);
        out.push(decision(tag, ops));
        b = rest;
    }
    out
}

fn decision(tag: u8, ops: &[u8]) -> Json {
    let op = |i: usize| ops.get(i).copied().unwrap_or(0);
    let (t, attrs) = match tag {
        0 => {
            let mut a = json!({"activityType": {"name": "act", "version": ACTIVITY_VERSIONS[op(1) as usize % 3]},
                "activityId": format!("a{}", op(0) % 4), "input": "in"});
            if op(2) % 3 != 0 {
                a["taskList"] = json!({"name": format!("a{}", op(2) % 3 - 1)});
            }
            for (i, member) in [
                "scheduleToStartTimeout",
                "scheduleToCloseTimeout",
                "startToCloseTimeout",
                "heartbeatTimeout",
            ]
            .iter()
            .enumerate()
            {
                if let Some(t) = duration(op(3).rotate_right(2 * i as u32)) {
                    a[*member] = json!(t);
                }
            }
            ("ScheduleActivityTask", a)
        }
        1 => (
            "RequestCancelActivityTask",
            json!({"activityId": format!("a{}", op(0) % 5)}),
        ),
        2 => ("CompleteWorkflowExecution", json!({"result": "done"})),
        3 => (
            "FailWorkflowExecution",
            json!({"reason": "r", "details": "d"}),
        ),
        4 => ("CancelWorkflowExecution", json!({"details": "d"})),
        5 => (
            "ContinueAsNewWorkflowExecution",
            json!({"input": "again", "workflowTypeVersion": WORKFLOW_VERSIONS[op(0) as usize % 4]}),
        ),
        6 => ("RecordMarker", json!({"markerName": "m"})),
        7 => {
            let mut a = json!({"timerId": format!("t{}", op(0) % 4)});
            if let Some(t) = duration(op(1)) {
                a["startToFireTimeout"] = json!(t);
            }
            ("StartTimer", a)
        }
        8 => ("CancelTimer", json!({"timerId": format!("t{}", op(0) % 5)})),
        9 => (
            "SignalExternalWorkflowExecution",
            json!({"workflowId": format!("{}{}", ["w", "c"][op(1) as usize % 2], op(0) % 5), "signalName": "s"}),
        ),
        10 => (
            "RequestCancelExternalWorkflowExecution",
            json!({"workflowId": format!("w{}", op(0) % 5)}),
        ),
        11 => (
            "StartChildWorkflowExecution",
            json!({"workflowType": {"name": "wf", "version": WORKFLOW_VERSIONS[op(1) as usize % 4]},
            "workflowId": CHILD_IDS[op(0) as usize % CHILD_IDS.len()]}),
        ),
        12 => ("ScheduleLambdaFunction", json!({"id": "l", "name": "f"})),
        // A decision without its attributes: the whole list is refused.
        _ => {
            let t = ["StartTimer", "ScheduleActivityTask", "RecordMarker"][op(0) as usize % 3];
            return json!({ "decisionType": t });
        }
    };
    json!({"decisionType": t, crate::model::decision_attributes_key(t): attrs})
}

/// The engine tests' scenarios as scripts, by name: the seed corpus of the target.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let start = |wf: u8, version: u8| vec![0, wf, version, 0];
    let poll = |list: u8| vec![1, list, 0];
    let respond = |task: u8, ds: &[&[u8]]| {
        let mut b = vec![2, task, ds.len() as u8, 0];
        for d in ds {
            b.extend_from_slice(d);
        }
        b
    };
    let advance = |i: u8| vec![9, i];
    let scripts: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "activity-completes",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 0, 0, 0, 0]]),
                vec![3, 0],
                vec![4, 0, 0],
                poll(0),
                respond(1, &[&[2]]),
            ],
        ),
        (
            "activity-fails-then-fail",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 1, 0, 0, 0]]),
                vec![3, 0],
                vec![4, 0, 1],
                poll(0),
                respond(1, &[&[3]]),
            ],
        ),
        (
            "activity-times-out",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 0, 0, 0, 0]]),
                vec![3, 0],
                vec![5, 0, 1],
                advance(5),
                poll(0),
                respond(1, &[&[4]]),
            ],
        ),
        (
            "timers",
            vec![
                start(1, 0),
                poll(0),
                respond(0, &[&[7, 0, 3], &[7, 1, 2], &[7, 0, 3], &[8, 3]]),
                advance(3),
                poll(0),
                respond(1, &[&[8, 0]]),
            ],
        ),
        (
            "children",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[11, 0, 0], &[11, 4, 0], &[11, 1, 2]]),
                poll(0),
                respond(1, &[&[2]]),
                poll(0),
                respond(2, &[&[9, 0, 0], &[10, 1]]),
            ],
        ),
        (
            "continue-as-new",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[5, 1]]),
                poll(1),
                respond(1, &[&[5, 2]]),
                poll(1),
            ],
        ),
        (
            "unhandled-decision",
            vec![
                start(0, 0),
                poll(0),
                vec![6, 0],
                respond(0, &[&[2]]),
                poll(0),
                respond(1, &[&[2]]),
            ],
        ),
        (
            "cancel-lifecycle",
            vec![start(0, 0), vec![7, 0], poll(0), respond(0, &[&[4]])],
        ),
        (
            "terminate-with-children",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[11, 0, 0], &[11, 1, 0]]),
                vec![8, 0, 2],
                advance(8),
            ],
        ),
        (
            "decision-timeout",
            vec![
                start(0, 1),
                poll(1),
                advance(3),
                advance(3),
                poll(1),
                respond(1, &[&[12], &[6]]),
            ],
        ),
        (
            "deprecations-and-paging",
            vec![
                start(0, 0),
                vec![10, 0],
                vec![11, 1],
                poll(0),
                respond(0, &[&[6], &[6], &[6], &[0, 0, 1, 0, 0]]),
                vec![6, 0],
                vec![1, 0, 2],
                vec![12, 0, 1],
                vec![13, 0],
            ],
        ),
        (
            "malformed-list",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[2], &[6]]),
                respond(0, &[&[13, 0]]),
                respond(0, &[&[6]]),
            ],
        ),
    ];
    scripts
        .into_iter()
        .map(|(name, steps)| (name, steps.concat()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event type each seed must record somewhere: the seed does what it is named for.
    const REACHES: [(&str, &str); 12] = [
        ("activity-completes", "WorkflowExecutionCompleted"),
        ("activity-fails-then-fail", "WorkflowExecutionFailed"),
        ("activity-times-out", "ActivityTaskTimedOut"),
        ("timers", "TimerFired"),
        ("children", "ExternalWorkflowExecutionSignaled"),
        ("continue-as-new", "WorkflowExecutionContinuedAsNew"),
        ("unhandled-decision", "CompleteWorkflowExecutionFailed"),
        ("cancel-lifecycle", "WorkflowExecutionCanceled"),
        (
            "terminate-with-children",
            "WorkflowExecutionCancelRequested",
        ),
        ("decision-timeout", "ScheduleLambdaFunctionFailed"),
        ("deprecations-and-paging", "ScheduleActivityTaskFailed"),
        ("malformed-list", "MarkerRecorded"),
    ];

    #[test]
    fn every_seed_runs_whole_keeps_the_invariants_and_reaches_its_event() {
        for (name, script) in seeds() {
            let (steps, engine) = run_engine(&script).unwrap_or_else(|e| panic!("{name}: {e}"));
            let reach = REACHES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .unwrap();
            let seen = engine
                .world
                .executions
                .values()
                .flat_map(|e| &e.events)
                .any(|e| e["eventType"] == reach);
            assert!(seen, "{name} never records {reach}");
            let mut u = Unstructured::new(&script);
            let mut read = 0;
            while Step::read(&mut u).is_some() {
                read += 1;
            }
            assert_eq!(steps, read, "{name}");
            assert!(steps >= 4, "{name}: {steps} steps");
        }
    }

    #[test]
    fn any_bytes_are_a_script() {
        for data in [
            &b""[..],
            b"\xff",
            b"\x02\x00\x05\x01\x0d\x00\x07",
            &[7u8; 64],
            &[2u8; 300],
        ] {
            run(data).unwrap();
        }
    }
}
