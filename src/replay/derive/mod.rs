//! From a recorded history to the [`Script`] that drives an endpoint through it again: the
//! types to register ([`types`]), the start, each decision task's decisions turned back from
//! the events that carry its `decisionTaskCompletedEventId` ([`decisions`]), the workers'
//! answers, the external requests, the children's outcomes and the deadlines.

pub mod deadlines;
pub mod decisions;
pub mod outside;
pub mod types;

use super::events::pick as copy;
use super::events::{attrs, id, kind, number, text};
use super::names::{Slot, Slotted};
use super::script::{ApiCall, Cue, CueKind, Script};
use decisions::is_decision_event;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A history the replay cannot drive an endpoint through (exit status 2).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {event} ({event_type}): {reason}")]
pub struct Unreplayable {
    /// The event.
    pub event: i64,
    /// Its type.
    pub event_type: String,
    /// Why, and what to do.
    pub reason: String,
}

/// The walk over a history that builds its script.
pub(crate) struct Walk<'a> {
    events: &'a [Json],
    script: Script,
    /// DecisionTaskCompleted id → the events of its decisions, in order.
    decided: HashMap<i64, Vec<&'a Json>>,
    /// Initiated event id → the type of the event that answered it.
    outcomes: HashMap<i64, String>,
    /// Workflows that exist on the endpoint when a decision names them.
    existing: HashSet<usize>,
    /// Workflows the replay starts only to be signaled or canceled.
    stand_ins: HashSet<usize>,
    stand_in_type: Option<usize>,
    /// The id of a decision's event that meets a deprecated type → the deprecation.
    deprecations: BTreeMap<i64, Vec<ApiCall>>,
}

/// The script of `events` (a history [`super::read::consistent`] accepted).
pub fn derive(events: &[Json]) -> Result<Script, Unreplayable> {
    let Some(first) = events.first() else {
        return Err(Unreplayable {
            event: 0,
            event_type: String::new(),
            reason: "no events".into(),
        });
    };
    if number(first, "parentInitiatedEventId") != 0
        || attrs(first).get("parentWorkflowExecution").is_some()
    {
        return Err(Unreplayable {
            event: 1,
            event_type: kind(first).into(),
            reason: "the history of a child execution (it has a parent): replay its parent's history, which drives the child".into(),
        });
    }
    let mut walk = Walk::new(events);
    walk.script.table.workflow(&own_workflow_id(events));
    let (setup, deprecations) = walk.registrations();
    walk.script.setup = setup;
    walk.deprecations = deprecations;
    for event in events {
        walk.cue(event)?;
    }
    Ok(walk.script)
}

/// The replayed execution's own workflowId, when the history shows it: a signal or cancel
/// request it sent to itself comes back naming it.
fn own_workflow_id(events: &[Json]) -> String {
    for e in events {
        let external = &attrs(e)["externalWorkflowExecution"]["workflowId"];
        let initiated = number(e, "externalInitiatedEventId");
        let Some(wid) = external.as_str() else {
            continue;
        };
        let sent = events
            .get((initiated as usize).wrapping_sub(1))
            .filter(|i| kind(i).ends_with("ExternalWorkflowExecutionInitiated"));
        if sent.is_some_and(|i| text(i, "workflowId") == Some(wid)) {
            return wid.to_owned();
        }
    }
    String::new()
}

impl<'a> Walk<'a> {
    fn new(events: &'a [Json]) -> Self {
        let mut decided: HashMap<i64, Vec<&Json>> = HashMap::new();
        let mut outcomes = HashMap::new();
        for e in events {
            if is_decision_event(e) {
                decided
                    .entry(number(e, "decisionTaskCompletedEventId"))
                    .or_default()
                    .push(e);
            }
            let initiated = number(e, "initiatedEventId");
            if initiated > 0 {
                outcomes.insert(initiated, kind(e).to_owned());
            }
        }
        Walk {
            events,
            script: Script::default(),
            decided,
            outcomes,
            existing: HashSet::from([0]),
            stand_ins: HashSet::new(),
            stand_in_type: None,
            deprecations: BTreeMap::new(),
        }
    }

    fn push(&mut self, event: i64, kind: CueKind) {
        self.script.cues.push(Cue { event, kind });
    }

    fn event(&self, n: i64) -> &'a Json {
        static NULL: Json = Json::Null;
        self.events
            .get((n as usize).wrapping_sub(1))
            .unwrap_or(&NULL)
    }

    /// The cues of one event (none for the events the endpoint writes by itself).
    fn cue(&mut self, e: &Json) -> Result<(), Unreplayable> {
        match kind(e) {
            "WorkflowExecutionStarted" => self.start(e),
            "DecisionTaskStarted" => self.poll_decision(e),
            "DecisionTaskCompleted" => self.decide(e),
            "ActivityTaskStarted" => self.poll_activity(e),
            "ActivityTaskCompleted" => self.answer(e, "RespondActivityTaskCompleted", &["result"]),
            "ActivityTaskFailed" => {
                self.answer(e, "RespondActivityTaskFailed", &["reason", "details"])
            }
            "ActivityTaskCanceled" if number(e, "startedEventId") > 0 => {
                self.answer(e, "RespondActivityTaskCanceled", &["details"])
            }
            "WorkflowExecutionSignaled"
            | "WorkflowExecutionCancelRequested"
            | "WorkflowExecutionTerminated" => return self.external(e),
            "ChildWorkflowExecutionTimedOut" => self.deadline(e),
            t if t.starts_with("ChildWorkflowExecution") => self.child(e),
            "LambdaFunctionTimedOut" => self.deadline(e),
            t if t.starts_with("LambdaFunction") || t == "StartLambdaFunctionFailed" => {
                self.script.note(
                    "the endpoint runs Lambda functions: their outcomes (LambdaFunctionStarted, Completed, Failed, StartLambdaFunctionFailed) are its own",
                );
            }
            _ => self.deadline(e),
        }
        Ok(())
    }

    fn poll_decision(&mut self, e: &Json) {
        let scheduled = self.event(number(e, "scheduledEventId"));
        let list = attrs(scheduled)["taskList"]["name"]
            .as_str()
            .unwrap_or_default();
        let task_list = self.script.table.task_list(list, "workflow 0");
        let identity = identity(attrs(e));
        let expect = copy(attrs(self.event(1)), &["workflowType"]);
        let cue = CueKind::PollDecision {
            workflow: 0,
            task_list,
            identity,
            expect,
        };
        self.push(id(e), cue);
    }

    fn poll_activity(&mut self, e: &Json) {
        let scheduled = self.event(number(e, "scheduledEventId"));
        let activity = text(scheduled, "activityId").unwrap_or_default().to_owned();
        let list = attrs(scheduled)["taskList"]["name"]
            .as_str()
            .unwrap_or_default();
        let owner = format!("activity {activity}");
        let task_list = self.script.table.task_list(list, &owner);
        let identity = identity(attrs(e));
        let expect = copy(attrs(scheduled), &["activityId", "activityType", "input"]);
        let cue = CueKind::PollActivity {
            activity,
            task_list,
            identity,
            expect,
        };
        self.push(id(e), cue);
    }

    fn start(&mut self, e: &Json) {
        let a = attrs(e);
        let members = [
            "input",
            "tagList",
            "executionStartToCloseTimeout",
            "taskStartToCloseTimeout",
            "childPolicy",
            "lambdaRole",
            "taskPriority",
            "workflowType",
        ];
        let mut body = Slotted::new(copy(a, &members))
            .with(&["domain"], Slot::Domain)
            .with(&["workflowId"], Slot::Workflow(0));
        if let Some(name) = a["workflowType"]["name"].as_str() {
            let t = self.script.table.type_name("workflow", name);
            body = body.with(&["workflowType", "name"], Slot::TypeName(t));
        }
        let list = a["taskList"]["name"].as_str().unwrap_or_default();
        let l = self.script.table.task_list(list, "workflow 0");
        body = body.with(&["taskList", "name"], Slot::TaskList(l));
        // A run continued from another: the replay starts a predecessor and continues it as
        // new with what event 1 shows, so that the replayed run is a continued one too.
        let continued = a.get("continuedExecutionRunId").is_some();
        let call = ApiCall {
            operation: "StartWorkflowExecution".into(),
            body,
            learns: (!continued).then_some(0),
        };
        self.push(id(e), CueKind::ApiCall(call));
        if continued {
            let decision = self.continue_as_new(a);
            self.push(
                id(e),
                CueKind::ContinueInto {
                    task_list: l,
                    decision,
                },
            );
        }
    }

    fn decide(&mut self, e: &Json) {
        let n = id(e);
        let events: Vec<&Json> = self.decided.get(&n).cloned().unwrap_or_default();
        let mut decisions = Vec::new();
        for d in events {
            for call in self.deprecations.remove(&id(d)).unwrap_or_default() {
                self.push(n, CueKind::ApiCall(call));
            }
            self.stand_in_for(d);
            if let Some(body) = self.decision_of(d) {
                decisions.push(body);
            }
            if kind(d) == "StartChildWorkflowExecutionInitiated" {
                let w = self
                    .script
                    .table
                    .workflow(text(d, "workflowId").unwrap_or_default());
                self.existing.insert(w);
            }
        }
        let context = text(e, "executionContext").map(str::to_owned);
        self.push(
            n,
            CueKind::Decide {
                workflow: 0,
                decisions,
                context,
            },
        );
    }

    fn answer(&mut self, e: &Json, operation: &str, members: &[&str]) {
        let scheduled = self.event(number(e, "scheduledEventId"));
        let activity = text(scheduled, "activityId").unwrap_or_default().to_owned();
        // A worker learns of a cancel request from a heartbeat's answer.
        let started = number(e, "startedEventId");
        let asked = self.events.iter().take_while(|x| id(x) < id(e)).any(|x| {
            kind(x) == "ActivityTaskCancelRequested"
                && id(x) > started
                && text(x, "activityId") == Some(activity.as_str())
        });
        if asked {
            self.push(
                id(e),
                CueKind::Heartbeat {
                    activity: activity.clone(),
                    details: None,
                },
            );
        }
        let body = copy(attrs(e), members);
        self.push(
            id(e),
            CueKind::Answer {
                activity,
                operation: operation.into(),
                body,
            },
        );
    }
}

fn identity(a: &Json) -> String {
    a["identity"]
        .as_str()
        .unwrap_or("swfcheck-replay")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fixture(name: &str) -> Vec<Json> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let path = dir.join("fixtures/histories/replays").join(name);
        crate::replay::read::read_file(&path).unwrap()
    }

    /// Each cue as `<event> <what>`, decisions by type.
    fn outline(script: &Script) -> Vec<String> {
        script
            .cues
            .iter()
            .map(|c| {
                let what = match &c.kind {
                    CueKind::ApiCall(call) => call.operation.clone(),
                    CueKind::PollDecision { .. } => "poll decision".into(),
                    CueKind::Decide { decisions, .. } => {
                        let types: Vec<&str> = decisions
                            .iter()
                            .map(|d| d.json["decisionType"].as_str().unwrap_or("?"))
                            .collect();
                        format!("decide {}", types.join(" "))
                    }
                    CueKind::PollActivity { activity, .. } => format!("poll activity {activity}"),
                    CueKind::Heartbeat { activity, .. } => format!("heartbeat {activity}"),
                    CueKind::Answer { operation, .. } => operation.clone(),
                    CueKind::CloseChild { decision, .. } => {
                        format!(
                            "close child {}",
                            decision.json["decisionType"].as_str().unwrap_or("?")
                        )
                    }
                    CueKind::ContinueInto { .. } => "continue into".into(),
                    CueKind::Await(d) => format!("await {}", d.event_type),
                };
                format!("{} {what}", c.event)
            })
            .collect()
    }

    #[test]
    fn a_worker_and_a_decider_from_their_events() {
        let script = derive(&fixture("activity-completed.json")).unwrap();
        assert_eq!(
            outline(&script),
            [
                "1 StartWorkflowExecution",
                "3 poll decision",
                "4 decide ScheduleActivityTask",
                "6 poll activity a",
                "7 RespondActivityTaskCompleted",
                "9 poll decision",
                "10 decide CompleteWorkflowExecution",
            ]
        );
        let ops: Vec<&str> = script.setup.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["RegisterWorkflowType", "RegisterActivityType"]);
        assert_eq!(
            script.setup[1].body.json["defaultTaskStartToCloseTimeout"],
            "60"
        );
        let CueKind::Answer { body, .. } = &script.cues[4].kind else {
            panic!("{:?}", script.cues[4]);
        };
        assert_eq!(body, &json!({"result": "paid"}));
        // The activity has a task list of its own, its decider another.
        let lists: Vec<&str> = script
            .table
            .task_lists
            .iter()
            .map(|(_, o)| o.as_str())
            .collect();
        assert!(
            lists.contains(&"activity a") && lists.contains(&"workflow 0"),
            "{lists:?}"
        );
    }

    #[test]
    fn failed_decisions_come_back_as_the_decisions_that_failed() {
        let script = derive(&fixture("decision-failures.json")).unwrap();
        assert!(outline(&script).contains(&"4 decide StartTimer StartTimer CancelTimer ScheduleActivityTask RequestCancelActivityTask".to_owned()));
        // The type the history shows does not exist is not registered.
        let names: Vec<&Json> = script.setup.iter().map(|c| &c.body.json["name"]).collect();
        assert!(!names.contains(&&json!("absent")), "{names:?}");
    }

    #[test]
    fn a_deprecated_type_is_deprecated_just_before_the_decision_that_meets_it() {
        let script = derive(&fixture("type-deprecated.json")).unwrap();
        let outline = outline(&script);
        let deprecate = outline
            .iter()
            .position(|c| c.ends_with("DeprecateActivityType"))
            .unwrap();
        assert_eq!(outline[deprecate + 1], "9 decide ScheduleActivityTask");
    }

    #[test]
    fn time_children_and_workers_hearing_of_a_cancel() {
        let timer = outline(&derive(&fixture("timer-fired.json")).unwrap());
        assert!(
            timer.contains(&"6 await TimerFired".to_owned()),
            "{timer:?}"
        );
        let child = outline(&derive(&fixture("child-failed.json")).unwrap());
        assert!(
            child.contains(&"10 close child FailWorkflowExecution".to_owned()),
            "{child:?}"
        );
        let terminated = outline(&derive(&fixture("child-terminated.json")).unwrap());
        assert!(
            terminated.contains(&"10 TerminateWorkflowExecution".to_owned()),
            "{terminated:?}"
        );
        let despite = outline(&derive(&fixture("activity-completed-despite-cancel.json")).unwrap());
        let at = despite
            .iter()
            .position(|c| c.ends_with("RespondActivityTaskCompleted"))
            .unwrap();
        assert!(despite[at - 1].ends_with("heartbeat a"), "{despite:?}");
        let beat = outline(&derive(&fixture("activity-heartbeat.json")).unwrap());
        assert!(
            beat.ends_with(&[] as &[String]) && beat.contains(&"7 heartbeat a".to_owned()),
            "{beat:?}"
        );
    }

    fn event(id: i64, t: &str, attrs: Json) -> Json {
        let key = crate::model::event_attributes_key(t);
        json!({"eventId": id, "eventType": t, key: attrs})
    }

    /// Started, a decision task, and a signal sent by the decider to `target`, which `outcome`
    /// answers.
    fn signal_to(target: &str, outcome: &str, outcome_attrs: Json) -> Vec<Json> {
        vec![
            event(
                1,
                "WorkflowExecutionStarted",
                json!({"taskList": {"name": "tl"}, "workflowType": {"name": "w", "version": "1"}, "childPolicy": "TERMINATE"}),
            ),
            event(
                2,
                "DecisionTaskScheduled",
                json!({"taskList": {"name": "tl"}}),
            ),
            event(3, "DecisionTaskStarted", json!({"scheduledEventId": 2})),
            event(
                4,
                "DecisionTaskCompleted",
                json!({"scheduledEventId": 2, "startedEventId": 3}),
            ),
            event(
                5,
                "SignalExternalWorkflowExecutionInitiated",
                json!({"workflowId": target, "signalName": "s", "decisionTaskCompletedEventId": 4}),
            ),
            event(6, outcome, outcome_attrs),
        ]
    }

    #[test]
    fn a_signal_to_an_execution_the_history_does_not_show_reaches_a_stand_in() {
        let reached = signal_to(
            "elsewhere",
            "ExternalWorkflowExecutionSignaled",
            json!({"initiatedEventId": 5, "workflowExecution": {"workflowId": "elsewhere", "runId": "R"}}),
        );
        let script = derive(&reached).unwrap();
        assert_eq!(
            outline(&script)[2],
            "5 StartWorkflowExecution",
            "{:?}",
            outline(&script)
        );
        assert!(
            script
                .setup
                .iter()
                .any(|c| c.body.json["defaultExecutionStartToCloseTimeout"] == "31536000")
        );
        let failed = signal_to(
            "nobody",
            "SignalExternalWorkflowExecutionFailed",
            json!({"initiatedEventId": 5, "workflowId": "nobody", "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", "decisionTaskCompletedEventId": 4}),
        );
        let script = derive(&failed).unwrap();
        assert!(
            !outline(&script).iter().any(|c| c.starts_with("5 ")),
            "{:?}",
            outline(&script)
        );
    }

    #[test]
    fn the_own_workflow_id_is_learned_from_a_signal_to_itself() {
        let mut events = signal_to(
            "me",
            "ExternalWorkflowExecutionSignaled",
            json!({"initiatedEventId": 5, "workflowExecution": {"workflowId": "me", "runId": "R"}}),
        );
        events.push(event(7, "WorkflowExecutionSignaled", json!({"signalName": "s", "externalInitiatedEventId": 5, "externalWorkflowExecution": {"workflowId": "me", "runId": "R"}})));
        let script = derive(&events).unwrap();
        assert_eq!(script.table.workflows[0], "me");
        // No stand-in, and no API signal: the decider's own signal brings event 7.
        assert_eq!(
            outline(&script),
            [
                "1 StartWorkflowExecution",
                "3 poll decision",
                "4 decide SignalExternalWorkflowExecution"
            ]
        );
    }

    /// Whatever a history holds (here: each fixture with one event dropped, or with its
    /// attributes emptied, checked or not), deriving its script never panics.
    #[test]
    fn no_history_makes_the_derivation_panic() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/replays");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if !path.is_file() {
                continue;
            }
            let events = crate::replay::read::read_file(&path).unwrap();
            for i in 0..events.len() {
                let mut dropped = events.clone();
                dropped.remove(i);
                let _ = derive(&dropped);
                let mut emptied = events.clone();
                let key = crate::model::event_attributes_key(kind(&emptied[i]));
                emptied[i][&key] = json!({"scheduledEventId": 99999, "startedEventId": -3, "initiatedEventId": "x"});
                let _ = derive(&emptied);
            }
        }
    }

    #[test]
    fn a_workflow_type_and_an_activity_type_may_share_a_name_and_a_version() {
        let mut events = signal_to("x", "ExternalWorkflowExecutionSignaled", json!({}));
        events.truncate(4);
        events.push(event(
            5,
            "ActivityTaskScheduled",
            json!({"activityId": "a",
            "activityType": {"name": "w", "version": "1"}, "taskList": {"name": "tl"},
            "decisionTaskCompletedEventId": 4}),
        ));
        let script = derive(&events).unwrap();
        let ops: Vec<&str> = script.setup.iter().map(|c| c.operation.as_str()).collect();
        assert_eq!(ops, ["RegisterWorkflowType", "RegisterActivityType"]);
    }

    #[test]
    fn a_childs_history_is_refused() {
        let mut events = fixture("marker.json");
        events[0]["workflowExecutionStartedEventAttributes"]["parentInitiatedEventId"] = json!(9);
        let e = derive(&events).unwrap_err();
        assert_eq!(
            (e.event, e.event_type.as_str()),
            (1, "WorkflowExecutionStarted")
        );
    }
}
