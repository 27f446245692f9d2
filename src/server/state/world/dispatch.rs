//! The dispatcher: each operation name to the concept that answers it alone, or to the
//! flow of this layer that makes several act together.

use super::World;
use super::polls::empty_task;
use super::worker_answers::ActivityEnd;
use crate::server::state::input::Answer;
use crate::server::state::types::Kind;
use crate::wire::{Fault, FaultKind};
use serde_json::Value as Json;

/// Applies operation `op` to the world.
pub fn apply(w: &mut World, op: &str, input: &Json) -> Answer {
    registry(w, op, input)
        .or_else(|| executions(w, op, input))
        .or_else(|| tasks(w, op, input))
        .unwrap_or_else(|| {
            Err(Fault::new(
                FaultKind::UnknownOperation,
                format!("Unknown operation: {op}"),
            ))
        })
}

/// Domains, tags and types.
fn registry(w: &mut World, op: &str, input: &Json) -> Option<Answer> {
    use Kind::{Activity, Workflow};
    Some(match op {
        "RegisterDomain" => w.domains.register(input),
        "DescribeDomain" => w.domains.describe(input),
        "ListDomains" => w.domains.list(input),
        "DeprecateDomain" => w.deprecate_domain(input),
        "UndeprecateDomain" => w.domains.set_deprecated(input, false),
        "TagResource" => w.domains.tag(input),
        "UntagResource" => w.domains.untag(input),
        "ListTagsForResource" => w.domains.list_tags(input),
        "RegisterWorkflowType" => w.register_type(Workflow, input),
        "RegisterActivityType" => w.register_type(Activity, input),
        "DescribeWorkflowType" => w.describe_type(Workflow, input),
        "DescribeActivityType" => w.describe_type(Activity, input),
        "ListWorkflowTypes" => w.list_types(Workflow, input),
        "ListActivityTypes" => w.list_types(Activity, input),
        "DeprecateWorkflowType" => w.set_type_deprecated(Workflow, input, true),
        "DeprecateActivityType" => w.set_type_deprecated(Activity, input, true),
        "UndeprecateWorkflowType" => w.set_type_deprecated(Workflow, input, false),
        "UndeprecateActivityType" => w.set_type_deprecated(Activity, input, false),
        "DeleteWorkflowType" => w.delete_type(Workflow, input),
        "DeleteActivityType" => w.delete_type(Activity, input),
        _ => return None,
    })
}

/// Executions: start, read, list, count, signal, cancel, terminate.
fn executions(w: &mut World, op: &str, input: &Json) -> Option<Answer> {
    Some(match op {
        "StartWorkflowExecution" => w.start_execution(input),
        "DescribeWorkflowExecution" => w.describe_execution(input),
        "GetWorkflowExecutionHistory" => w.history(input),
        "ListOpenWorkflowExecutions" => w.list_executions(input, false),
        "ListClosedWorkflowExecutions" => w.list_executions(input, true),
        "CountOpenWorkflowExecutions" => w.count_executions(input, false),
        "CountClosedWorkflowExecutions" => w.count_executions(input, true),
        "SignalWorkflowExecution" => w.signal(input),
        "TerminateWorkflowExecution" => w.terminate(input),
        "RequestCancelWorkflowExecution" => w.request_cancel(input),
        _ => return None,
    })
}

/// Decision and activity tasks.
fn tasks(w: &mut World, op: &str, input: &Json) -> Option<Answer> {
    Some(match op {
        "RespondDecisionTaskCompleted" => w.respond_decisions(input),
        "CountPendingDecisionTasks" => w.count_pending_decisions(input),
        "RecordActivityTaskHeartbeat" => w.heartbeat(input),
        "RespondActivityTaskCompleted" => w.finish_activity(input, ActivityEnd::Completed),
        "RespondActivityTaskFailed" => w.finish_activity(input, ActivityEnd::Failed),
        "RespondActivityTaskCanceled" => w.finish_activity(input, ActivityEnd::Canceled),
        "CountPendingActivityTasks" => w.count_pending_activities(input),
        "PollForDecisionTask" | "PollForActivityTask" => {
            let now = w.now();
            w.take_task(now, op, input)
                .map(|t| Some(t.unwrap_or_else(|| empty_task(op))))
        }
        _ => return None,
    })
}
