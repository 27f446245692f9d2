//! The steps of a script, by tag byte: each one's name (as the seed file writes it),
//! how many operand bytes it takes, and the request (or clock move) it makes of them.
//! `b` is the whole step: `b[0]` the tag, `b[1]..` the operands.

use super::decision_bytes::decisions;
use super::picks::{ACTIVITY_VERSIONS, WORKFLOW_VERSIONS, duration};
use super::runner::Runner;
use serde_json::{Value as Json, json};

/// What a step does with its bytes.
type Run = fn(&mut Runner, &[u8]) -> Result<(), String>;

/// One kind of step.
pub struct StepKind {
    /// Its name in the seed file.
    pub name: &'static str,
    /// How many operand bytes follow its tag (a `respond` step's decisions follow them).
    pub operands: usize,
    /// What it does.
    pub run: Run,
}

const fn kind(name: &'static str, operands: usize, run: Run) -> StepKind {
    StepKind {
        name,
        operands,
        run,
    }
}

/// The tag of the step that answers a decision task (its decisions follow its operands).
pub const RESPOND: u8 = 2;

/// Every step, by tag.
pub const STEPS: [StepKind; 14] = [
    kind("start", 3, start),
    kind("poll-decision", 2, poll_decision),
    kind("respond", 3, respond),
    kind("poll-activity", 1, poll_activity),
    kind("answer-activity", 2, answer_activity),
    kind("heartbeat", 2, heartbeat),
    kind("signal", 1, signal),
    kind("cancel", 1, cancel),
    kind("terminate", 2, terminate),
    kind("advance", 1, advance),
    kind("domain-status", 1, domain_status),
    kind("type-status", 1, type_status),
    kind("next-page", 2, next_page),
    kind("visibility", 1, visibility),
];

/// Clock moves a script can pick, in seconds.
const ADVANCES: [f64; 9] = [0.0, 1.0, 3.0, 5.0, 20.0, 60.0, 600.0, 3600.0, 86_400.0];

/// The workflowId byte `b` picks.
fn workflow_id(b: u8) -> String {
    format!("w{}", b % 4)
}

/// The token byte `b` picks of those handed out.
fn pick(tokens: &[String], b: u8) -> String {
    if tokens.is_empty() {
        return "no-such-token".into();
    }
    tokens[b as usize % tokens.len()].clone()
}

/// StartWorkflowExecution: workflowId, type version, and a byte of optional members
/// (task list, execution and task timeouts).
fn start(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let mut body = json!({"domain": "d", "workflowId": workflow_id(b[1]),
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
    r.call("StartWorkflowExecution", body).map(drop)
}

/// PollForDecisionTask: the list, and a page size (0: none).
fn poll_decision(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let mut body =
        json!({"domain": "d", "taskList": {"name": format!("l{}", b[1] % 2)}, "identity": "fuzz"});
    if b[2] % 5 != 0 {
        body["maximumPageSize"] = json!(b[2] % 5);
    }
    take_decision_task(r, body)
}

/// RespondDecisionTaskCompleted: the token, the number of decisions, whether an
/// execution context goes with them; then the decisions.
fn respond(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let decisions: Vec<Json> = decisions(&b[4..]);
    let mut body = json!({"taskToken": pick(&r.decision_tokens, b[1]), "decisions": decisions});
    if b[3] % 2 == 1 {
        body["executionContext"] = json!("ctx");
    }
    r.call("RespondDecisionTaskCompleted", body).map(drop)
}

/// PollForActivityTask: the list.
fn poll_activity(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let body =
        json!({"domain": "d", "taskList": {"name": format!("a{}", b[1] % 2)}, "identity": "fuzz"});
    if let Some(task) = r.call("PollForActivityTask", body)? {
        if let Some(t) = task["taskToken"].as_str().filter(|t| !t.is_empty()) {
            r.activity_tokens.push(t.to_owned());
        }
    }
    Ok(())
}

/// RespondActivityTaskCompleted / Failed / Canceled: the token, which answer.
fn answer_activity(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let op = [
        "RespondActivityTaskCompleted",
        "RespondActivityTaskFailed",
        "RespondActivityTaskCanceled",
    ][b[2] as usize % 3];
    let body = json!({"taskToken": pick(&r.activity_tokens, b[1]), "details": "d"});
    r.call(op, body).map(drop)
}

/// RecordActivityTaskHeartbeat: the token, the details.
fn heartbeat(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let body = json!({"taskToken": pick(&r.activity_tokens, b[1]), "details": format!("{}", b[2])});
    r.call("RecordActivityTaskHeartbeat", body).map(drop)
}

/// SignalWorkflowExecution: the workflowId.
fn signal(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let body =
        json!({"domain": "d", "workflowId": workflow_id(b[1]), "signalName": "s", "input": "i"});
    r.call("SignalWorkflowExecution", body).map(drop)
}

/// RequestCancelWorkflowExecution: the workflowId.
fn cancel(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let body = json!({"domain": "d", "workflowId": workflow_id(b[1])});
    r.call("RequestCancelWorkflowExecution", body).map(drop)
}

/// TerminateWorkflowExecution: the workflowId, the child policy (none or one of three).
fn terminate(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let mut body = json!({"domain": "d", "workflowId": workflow_id(b[1]), "reason": "r"});
    let policies = [
        None,
        Some("TERMINATE"),
        Some("REQUEST_CANCEL"),
        Some("ABANDON"),
    ];
    if let Some(p) = policies[b[2] as usize % 4] {
        body["childPolicy"] = json!(p);
    }
    r.call("TerminateWorkflowExecution", body).map(drop)
}

/// A clock move: which of [`ADVANCES`].
fn advance(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    r.advance(ADVANCES[b[1] as usize % ADVANCES.len()]);
    Ok(())
}

/// DeprecateDomain (even) or UndeprecateDomain (odd).
fn domain_status(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let op = if b[1] % 2 == 0 {
        "DeprecateDomain"
    } else {
        "UndeprecateDomain"
    };
    r.call(op, json!({"name": "d"})).map(drop)
}

/// DeprecateWorkflowType (even) or DeprecateActivityType (odd), the version in the
/// other bits.
fn type_status(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let (op, member, name, version) = if b[1] % 2 == 0 {
        let version = WORKFLOW_VERSIONS[(b[1] as usize / 2) % 4];
        ("DeprecateWorkflowType", "workflowType", "wf", version)
    } else {
        let version = ACTIVITY_VERSIONS[(b[1] as usize / 2) % 3];
        ("DeprecateActivityType", "activityType", "act", version)
    };
    let body = json!({"domain": "d", member: {"name": name, "version": version}});
    r.call(op, body).map(drop)
}

/// A later page of a decision task handed out: which page token, the page size.
fn next_page(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    if r.pages.is_empty() {
        return Ok(());
    }
    let (list, next) = r.pages[b[1] as usize % r.pages.len()].clone();
    let body = json!({"domain": "d", "taskList": {"name": list}, "nextPageToken": next,
        "maximumPageSize": b[2] % 4 + 1});
    take_decision_task(r, body)
}

/// CountOpenWorkflowExecutions and ListClosedWorkflowExecutions of a workflowId.
fn visibility(r: &mut Runner, b: &[u8]) -> Result<(), String> {
    let body = json!({"domain": "d", "startTimeFilter": {"oldestDate": 0},
        "executionFilter": {"workflowId": workflow_id(b[1])}});
    r.call("CountOpenWorkflowExecutions", body.clone())?;
    r.call("ListClosedWorkflowExecutions", body).map(drop)
}

/// Polls for a decision task (or a later page); keeps its token and page token.
fn take_decision_task(r: &mut Runner, body: Json) -> Result<(), String> {
    let list = body["taskList"]["name"].as_str().unwrap_or("").to_owned();
    if let Some(task) = r.call("PollForDecisionTask", body)? {
        if let Some(t) = task["taskToken"].as_str().filter(|t| !t.is_empty()) {
            if !r.decision_tokens.iter().any(|x| x == t) {
                r.decision_tokens.push(t.to_owned());
            }
        }
        if let Some(next) = task["nextPageToken"].as_str() {
            r.pages.push((list, next.to_owned()));
        }
    }
    Ok(())
}
