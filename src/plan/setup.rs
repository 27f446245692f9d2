//! What each setup sends, as plan steps, and the bodies the harness's own requests share
//! with the run's setup and cleanup (`run::swf`): registering the run's domain and types,
//! starting an execution, the decisions its deciders answer with.

use super::{Action, Call, Keep, PlanContext, PlannedStep, Role};
use crate::cases::case::Setup;
use crate::check::CheckGroup;
use serde_json::{Value as Json, json};
use std::sync::Arc;

/// The body that registers the harness's domain `name`.
pub fn register_domain(name: &str) -> Json {
    json!({"name": name, "workflowExecutionRetentionPeriodInDays": "1",
        "description": "swfcheck conformance runs"})
}

/// The bodies that register the harness's workflow and activity types in `domain`.
pub fn register_types(
    domain: &str,
    workflow: &(String, String),
    activity: &(String, String),
) -> [(&'static str, Json); 2] {
    [
        (
            "RegisterWorkflowType",
            json!({"domain": domain, "name": workflow.0, "version": workflow.1,
                "defaultTaskStartToCloseTimeout": "300", "defaultExecutionStartToCloseTimeout": "3600",
                "defaultTaskList": {"name": "swfcheck-default"}, "defaultChildPolicy": "TERMINATE"}),
        ),
        (
            "RegisterActivityType",
            json!({"domain": domain, "name": activity.0, "version": activity.1,
                "defaultTaskStartToCloseTimeout": "300", "defaultTaskHeartbeatTimeout": "NONE",
                "defaultTaskScheduleToStartTimeout": "300", "defaultTaskScheduleToCloseTimeout": "600",
                "defaultTaskList": {"name": "swfcheck-default"}}),
        ),
    ]
}

/// The bodies that undeprecate the two types (a registered one answers TypeAlreadyExistsFault).
pub fn undeprecate_types(
    domain: &str,
    workflow: &(String, String),
    activity: &(String, String),
) -> [(&'static str, Json); 2] {
    let body = |member: &str, (name, version): &(String, String)| json!({"domain": domain, member: {"name": name, "version": version}});
    [
        ("UndeprecateWorkflowType", body("workflowType", workflow)),
        ("UndeprecateActivityType", body("activityType", activity)),
    ]
}

/// The body that starts an execution of `workflow` on `task_list`.
pub fn start(
    domain: &str,
    workflow_id: &str,
    workflow: &(String, String),
    task_list: &str,
) -> Json {
    json!({"domain": domain, "workflowId": workflow_id,
        "workflowType": {"name": workflow.0, "version": workflow.1},
        "taskList": {"name": task_list}, "executionStartToCloseTimeout": "3600",
        "taskStartToCloseTimeout": "300", "childPolicy": "TERMINATE"})
}

/// A decider's answer that cancels the execution.
pub fn cancel_decision() -> Json {
    json!([{"decisionType": "CancelWorkflowExecution",
        "cancelWorkflowExecutionDecisionAttributes": {"details": "swfcheck"}}])
}

/// A decider's answer that completes the execution.
pub fn complete_decision() -> Json {
    json!([{"decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": "done"}}])
}

/// The domain the setup starts the case's execution in.
pub fn execution_domain(setup: Setup, ctx: &PlanContext) -> &str {
    match setup {
        Setup::DeprecatedDomain => &ctx.deprecated_domain,
        s if s.in_generated_domain() => &ctx.generated_domain,
        _ => &ctx.domain,
    }
}

/// The steps of `setup` for the case whose workflowId and task list are `name`.
pub fn steps(setup: Setup, ctx: &PlanContext, name: &str) -> Vec<PlannedStep> {
    let d = execution_domain(setup, ctx);
    let s = Steps {
        setup,
        ctx,
        name,
        d,
    };
    let start = s.start(Keep::Current);
    match setup {
        Setup::None | Setup::Domain => Vec::new(),
        Setup::Open | Setup::Execution => vec![start],
        Setup::Types => s.own_types(),
        Setup::OpenIdle => vec![start, s.decide(json!([]))],
        Setup::OpenActivity | Setup::ActivityTask => s.activity_task(start),
        Setup::StaleActivityTask => {
            let mut steps = s.activity_task(start);
            let done = json!({"taskToken": "${taskToken}", "result": "done"});
            let expect = CheckGroup::success();
            steps.push(s.call("RespondActivityTaskCompleted", done, expect, Keep::Nothing));
            steps
        }
        Setup::DecisionTask => vec![start, s.take_decision()],
        Setup::StaleDecisionTask => {
            let done = json!({"taskToken": "${taskToken}", "decisions": []});
            let respond = s.call(
                "RespondDecisionTaskCompleted",
                done,
                CheckGroup::success(),
                Keep::Nothing,
            );
            vec![start, s.take_decision(), respond]
        }
        Setup::Completed => vec![start, s.decide(complete_decision())],
        Setup::Terminated => vec![start, s.on_execution("TerminateWorkflowExecution")],
        Setup::Canceled => vec![
            start,
            s.on_execution("RequestCancelWorkflowExecution"),
            s.decide(cancel_decision()),
        ],
        Setup::Rerun => vec![
            s.start(Keep::Previous),
            s.decide(complete_decision()),
            start,
        ],
        Setup::CancelRequested => vec![start, s.on_execution("RequestCancelWorkflowExecution")],
        Setup::DeprecatedDomain => s.deprecated_domain(start),
    }
}

/// The setup's context, for building its steps.
struct Steps<'a> {
    setup: Setup,
    ctx: &'a PlanContext,
    name: &'a str,
    d: &'a str,
}

impl Steps<'_> {
    fn step(&self, action: Action) -> PlannedStep {
        PlannedStep {
            role: Role::Setup(self.setup),
            action,
        }
    }

    fn call(&self, operation: &str, body: Json, check: CheckGroup, keep: Keep) -> PlannedStep {
        self.step(Action::Call(Call {
            operation: operation.to_owned(),
            body,
            target: None,
            check: Arc::new(check),
            keep,
        }))
    }

    fn start(&self, keep: Keep) -> PlannedStep {
        let body = start(self.d, self.name, &self.ctx.workflow, self.name);
        self.call("StartWorkflowExecution", body, CheckGroup::success(), keep)
    }

    /// The execution started, an activity scheduled by its decider, the task taken by a worker.
    fn activity_task(&self, start: PlannedStep) -> Vec<PlannedStep> {
        let (ctx, name) = (self.ctx, self.name);
        let activities = format!("{name}-activities");
        let schedule = json!([{"decisionType": "ScheduleActivityTask",
            "scheduleActivityTaskDecisionAttributes": {
                "activityType": {"name": ctx.activity.0, "version": ctx.activity.1},
                "activityId": "swfcheck-activity-1",
                "taskList": {"name": activities}}}]);
        let take = Action::TakeActivity {
            domain: self.d.to_owned(),
            task_list: activities,
        };
        vec![start, self.decide(schedule), self.step(take)]
    }

    /// A workflow type and an activity type named after the case, version `1`.
    fn own_types(&self) -> Vec<PlannedStep> {
        let own = (self.name.to_owned(), "1".to_owned());
        register_types(self.d, &own, &own)
            .into_iter()
            .map(|(op, body)| self.call(op, body, CheckGroup::success(), Keep::Nothing))
            .collect()
    }

    /// A decider takes the execution's decision task and keeps its token.
    fn take_decision(&self) -> PlannedStep {
        self.step(Action::TakeDecision {
            domain: self.d.to_owned(),
            task_list: self.name.to_owned(),
        })
    }

    fn decide(&self, decisions: Json) -> PlannedStep {
        self.step(Action::Decide {
            domain: self.d.to_owned(),
            task_list: self.name.to_owned(),
            decisions,
        })
    }

    /// TerminateWorkflowExecution or RequestCancelWorkflowExecution of the case's execution.
    fn on_execution(&self, operation: &str) -> PlannedStep {
        let mut body = json!({"domain": self.d, "workflowId": self.name, "runId": "${runId}"});
        if operation == "TerminateWorkflowExecution" {
            body["reason"] = json!("swfcheck setup");
        }
        self.call(operation, body, CheckGroup::success(), Keep::Nothing)
    }

    /// The deprecated domain made usable, the execution started in it, the domain
    /// deprecated again (under the run's lock: two at once would deprecate it under each
    /// other). Deprecating a domain deprecates its types (SWF-WIRE.md §8): they are
    /// undeprecated first.
    fn deprecated_domain(&self, start: PlannedStep) -> Vec<PlannedStep> {
        let (ctx, d) = (self.ctx, self.d);
        let mut out = vec![
            self.call(
                "RegisterDomain",
                register_domain(d),
                CheckGroup::success_or("DomainAlreadyExistsFault"),
                Keep::Nothing,
            ),
            self.call(
                "UndeprecateDomain",
                json!({"name": d}),
                CheckGroup::success_or("DomainAlreadyExistsFault"),
                Keep::Nothing,
            ),
        ];
        for (op, body) in register_types(d, &ctx.workflow, &ctx.activity) {
            let expect = CheckGroup::success_or("TypeAlreadyExistsFault");
            out.push(self.call(op, body, expect, Keep::Nothing));
        }
        for (op, body) in undeprecate_types(d, &ctx.workflow, &ctx.activity) {
            let expect = CheckGroup::success_or("TypeAlreadyExistsFault");
            out.push(self.call(op, body, expect, Keep::Nothing));
        }
        out.push(start);
        out.push(self.call(
            "DeprecateDomain",
            json!({"name": d}),
            CheckGroup::success_or("DomainDeprecatedFault"),
            Keep::Nothing,
        ));
        out
    }
}
