//! A read-only view of the engine's state, concept by concept: domains, types,
//! executions (each with its history, decision task, activity tasks, timers and
//! children), the task tokens in hand. The `decisions` fuzz target's invariants read it
//! ([`crate::engine_fuzz`]), and a state dump can be built on it: take one
//! with [`super::Store::inspect`] (the endpoint) or [`super::Engine::view`] (no HTTP).
//!
//! ```
//! use swfcheck::server::state::Engine;
//! use serde_json::json;
//!
//! let engine = Engine::new(1_000_000.0);
//! let view = engine.view();
//! let dump = json!({
//!     "now": view.now(),
//!     "domains": view.domains().map(|d| d.info()).collect::<Vec<_>>(),
//!     "types": view.types().map(|t| t.info()).collect::<Vec<_>>(),
//!     "openExecutions": view.executions().filter(|e| e.is_open())
//!         .map(|e| json!({"info": e.info(), "openCounts": e.open_counts()}))
//!         .collect::<Vec<_>>(),
//! });
//! assert_eq!(dump["domains"], json!([]));
//! ```

use super::activity_tasks::Activity;
use super::decision_tasks::DecisionState;
use super::domains::Domain;
use super::executions::{CloseStatus, Execution};
use super::timers::Timer;
use super::types::{TypeKind, TypeRecord};
use super::world::World;
use crate::wire::typed::WorkflowType;
use serde_json::Value as Json;

/// The engine's own number for an execution (one per run, in start order; never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExecutionKey(u64);

/// The state of the engine at one moment, read only.
#[derive(Clone, Copy)]
pub struct View<'a> {
    world: &'a World,
}

impl<'a> View<'a> {
    /// A view of `world`.
    pub(crate) fn new(world: &'a World) -> Self {
        View { world }
    }

    /// The engine's time (epoch seconds).
    pub fn now(&self) -> f64 {
        self.world.now()
    }

    /// Every registered domain, by name.
    pub fn domains(&self) -> impl Iterator<Item = &'a Domain> + 'a {
        self.world.domains().iter()
    }

    /// Every registered type, by kind, domain, name and version.
    pub fn types(&self) -> impl Iterator<Item = TypeView<'a>> + 'a {
        self.world
            .types()
            .iter()
            .map(|(kind, domain, name, version, record)| TypeView {
                kind,
                domain,
                name,
                version,
                record,
            })
    }

    /// Every execution the engine holds (open, or closed within its retention), in
    /// start order.
    pub fn executions(&self) -> impl Iterator<Item = ExecutionView<'a>> + 'a {
        let world = self.world;
        world
            .executions()
            .iter()
            .map(move |(id, ex)| ExecutionView { world, id, ex })
    }

    /// The execution `key`, if the engine still holds it.
    pub fn execution(&self, key: ExecutionKey) -> Option<ExecutionView<'a>> {
        let ex = self.world.executions().get(key.0)?;
        Some(ExecutionView {
            world: self.world,
            id: key.0,
            ex,
        })
    }

    /// Every decision task token in a decider's hand, with the execution it names.
    pub fn decision_tokens(&self) -> impl Iterator<Item = (&'a str, ExecutionKey)> + 'a {
        self.world
            .decisions()
            .tokens()
            .map(|(t, id)| (t, ExecutionKey(id)))
    }

    /// Every activity task token in a worker's hand, with the execution and activityId
    /// it names.
    pub fn activity_tokens(&self) -> impl Iterator<Item = (&'a str, ExecutionKey, &'a str)> + 'a {
        self.world
            .activities()
            .tokens()
            .map(|(t, id, a)| (t, ExecutionKey(id), a))
    }
}

/// One registered type.
#[derive(Clone, Copy)]
pub struct TypeView<'a> {
    kind: TypeKind,
    domain: &'a str,
    name: &'a str,
    version: &'a str,
    record: &'a TypeRecord,
}

impl<'a> TypeView<'a> {
    /// Workflow or activity type.
    pub fn kind(&self) -> TypeKind {
        self.kind
    }

    /// Its domain.
    pub fn domain(&self) -> &'a str {
        self.domain
    }

    /// Its name and version.
    pub fn name_version(&self) -> (&'a str, &'a str) {
        (self.name, self.version)
    }

    /// Whether it is deprecated.
    pub fn deprecated(&self) -> bool {
        self.record.deprecated()
    }

    /// WorkflowTypeInfo or ActivityTypeInfo as the model shapes it.
    pub fn info(&self) -> Json {
        self.record.info(self.kind, self.name, self.version)
    }

    /// Its configuration (the `default*` members registered) as Describe shows it.
    pub fn configuration(&self) -> Json {
        self.record.defaults().to_json()
    }
}

/// One execution, with what it holds open.
#[derive(Clone, Copy)]
pub struct ExecutionView<'a> {
    world: &'a World,
    id: u64,
    ex: &'a Execution,
}

impl<'a> ExecutionView<'a> {
    /// The engine's number for it.
    pub fn key(&self) -> ExecutionKey {
        ExecutionKey(self.id)
    }

    /// Its domain.
    pub fn domain(&self) -> &'a str {
        self.ex.spec().domain()
    }

    /// Its workflowId.
    pub fn workflow_id(&self) -> &'a str {
        self.ex.spec().workflow_id()
    }

    /// Its runId.
    pub fn run_id(&self) -> &'a str {
        self.ex.run_id()
    }

    /// `{"workflowId", "runId"}`.
    pub fn reference(&self) -> Json {
        self.ex.reference()
    }

    /// Its workflow type.
    pub fn workflow_type(&self) -> &'a WorkflowType {
        self.ex.spec().workflow_type()
    }

    /// Its decision task list.
    pub fn task_list(&self) -> &'a str {
        self.ex.spec().task_list()
    }

    /// When it started (epoch seconds).
    pub fn started(&self) -> f64 {
        self.ex.started()
    }

    /// Its parent's `{"workflowId", "runId"}`, for a child.
    pub fn parent(&self) -> Option<&'a Json> {
        self.ex.spec().parent().map(|p| &p.reference)
    }

    /// Whether its cancellation was requested.
    pub fn cancel_requested(&self) -> bool {
        self.world.cancels().is_requested(self.id)
    }

    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.ex.is_open()
    }

    /// When and how it closed, if it did.
    pub fn closed(&self) -> Option<(f64, CloseStatus)> {
        self.ex.closed()
    }

    /// WorkflowExecutionInfo as the model shapes it.
    pub fn info(&self) -> Json {
        self.ex.info(self.world.cancels().is_requested(self.id))
    }

    /// WorkflowExecutionConfiguration as DescribeWorkflowExecution shows it.
    pub fn configuration(&self) -> Json {
        self.ex.spec().configuration()
    }

    /// WorkflowExecutionOpenCounts as DescribeWorkflowExecution shows it.
    pub fn open_counts(&self) -> Json {
        self.world.open_counts(self.id)
    }

    /// Its history, oldest event first.
    pub fn events(&self) -> &'a [Json] {
        self.ex.log().events()
    }

    /// Where its decision task is.
    pub fn decision_task(&self) -> &'a DecisionState {
        self.world.decisions().state(self.id)
    }

    /// Its open activity tasks, by activityId.
    pub fn activity_tasks(&self) -> impl Iterator<Item = (&'a str, &'a Activity)> + 'a {
        self.world
            .activities()
            .of(self.id)
            .map(|(id, a)| (id.as_str(), a))
    }

    /// Its started timers, by timerId.
    pub fn timers(&self) -> impl Iterator<Item = (&'a str, &'a Timer)> + 'a {
        self.world
            .timers()
            .of(self.id)
            .map(|(id, t)| (id.as_str(), t))
    }

    /// Its open children: its StartChildWorkflowExecutionInitiated event and the child.
    pub fn children(&self) -> impl Iterator<Item = (i64, ExecutionKey)> + 'a {
        self.world
            .children()
            .of(self.id)
            .map(|(initiated, c)| (initiated, ExecutionKey(c.execution())))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Engine;
    use super::*;
    use crate::model::swf;
    use crate::wire::parse_body;
    use serde_json::json;

    fn call(engine: &mut Engine, op: &str, body: Json) -> Option<Json> {
        let req = parse_body(swf().operation(op).unwrap(), body.to_string().as_bytes()).unwrap();
        engine.call(&req).unwrap()
    }

    /// A domain, two types, and an execution holding a decision task, an activity in a
    /// worker's hand, a timer and a child.
    fn engine() -> Engine {
        let mut e = Engine::new(1_000_000.0);
        call(
            &mut e,
            "RegisterDomain",
            json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1", "description": "a domain"}),
        );
        call(
            &mut e,
            "RegisterWorkflowType",
            json!({"domain": "d", "name": "wf", "version": "1", "defaultTaskList": {"name": "l"},
            "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"}),
        );
        call(
            &mut e,
            "RegisterActivityType",
            json!({"domain": "d", "name": "a", "version": "1", "defaultTaskList": {"name": "work"},
            "defaultTaskStartToCloseTimeout": "60", "defaultTaskScheduleToStartTimeout": "60",
            "defaultTaskScheduleToCloseTimeout": "60", "defaultTaskHeartbeatTimeout": "NONE"}),
        );
        let wf = json!({"name": "wf", "version": "1"});
        call(
            &mut e,
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "workflowType": wf}),
        );
        let task = call(
            &mut e,
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "l"}}),
        )
        .unwrap();
        call(
            &mut e,
            "RespondDecisionTaskCompleted",
            json!({"taskToken": task["taskToken"], "decisions": [
            {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {"activityType": {"name": "a", "version": "1"}, "activityId": "x"}},
            {"decisionType": "StartTimer", "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "5"}},
            {"decisionType": "StartChildWorkflowExecution", "startChildWorkflowExecutionDecisionAttributes": {"workflowType": wf, "workflowId": "c"}}]}),
        );
        call(
            &mut e,
            "PollForActivityTask",
            json!({"domain": "d", "taskList": {"name": "work"}}),
        );
        e
    }

    #[test]
    fn each_concept_reads_as_a_state_dump_needs_it() {
        let e = engine();
        let view = e.view();
        assert_eq!(view.now(), 1_000_000.0);
        let domains: Vec<_> = view
            .domains()
            .map(|d| (d.name(), d.retention(), d.description()))
            .collect();
        assert_eq!(domains, [("d", "1", Some("a domain"))]);
        let types: Vec<_> = view.types().map(|t| (t.kind(), t.name_version())).collect();
        assert_eq!(
            types,
            [
                (TypeKind::Workflow, ("wf", "1")),
                (TypeKind::Activity, ("a", "1"))
            ]
        );
        assert_eq!(
            view.types().nth(1).unwrap().configuration()["defaultTaskList"]["name"],
            "work"
        );

        let mut executions = view.executions();
        let (parent, child) = (executions.next().unwrap(), executions.next().unwrap());
        assert!(executions.next().is_none());
        assert_eq!((parent.workflow_id(), parent.task_list()), ("w", "l"));
        assert!(parent.is_open() && parent.closed().is_none() && !parent.cancel_requested());
        assert_eq!(parent.info()["execution"], parent.reference());
        assert_eq!(child.parent(), Some(&parent.reference()));
        assert_eq!(parent.children().collect::<Vec<_>>(), [(7, child.key())]);
        assert_eq!(
            view.execution(child.key()).unwrap().run_id(),
            child.run_id()
        );
        // The child's result came in during the list: a new decision task is scheduled.
        assert!(matches!(
            parent.decision_task(),
            DecisionState::Scheduled { .. }
        ));
        assert_eq!(parent.open_counts()["openDecisionTasks"], 1);

        let (id, activity) = parent.activity_tasks().next().unwrap();
        assert_eq!(
            (id, activity.task_list(), activity.scheduled_id()),
            ("x", "work", 5)
        );
        let token = activity.token().unwrap();
        assert_eq!(
            view.activity_tokens().collect::<Vec<_>>(),
            [(token, parent.key(), "x")]
        );
        assert_eq!(view.decision_tokens().count(), 0);
        let timers: Vec<_> = parent.timers().map(|(id, t)| (id, t.fire_at())).collect();
        assert_eq!(timers, [("t", 1_000_005.0)]);
        assert_eq!(parent.events().len(), activity.started_id() as usize);
    }
}
