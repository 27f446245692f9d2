//! The dispatcher: each operation's typed input to the concept that answers it alone, or
//! to the flow of this layer that makes several act together. One exhaustive match: an
//! operation of the model that nobody serves does not compile.

use super::World;
use super::polls::Poll;
use super::registry::NamesType;
use super::worker_answers::ActivityEnd;
use crate::server::state::input::Reply;
use crate::server::state::types::{TypeKind, TypeQuery};
use crate::server::state::world::visibility::Filters;
use crate::wire::typed::Input;

/// Applies one operation to the world.
pub fn apply(w: &mut World, input: Input) -> Reply {
    use TypeKind::{Activity, Workflow};
    match input {
        Input::RegisterDomain(i) => w.domains.register(&i),
        Input::DescribeDomain(i) => w.domains.describe(&i.name),
        Input::ListDomains(i) => w.domains.list(&i),
        Input::DeprecateDomain(i) => w.deprecate_domain(&i.name),
        Input::UndeprecateDomain(i) => w.domains.set_deprecated(&i.name, false),
        Input::TagResource(i) => w.domains.tag(&i),
        Input::UntagResource(i) => w.domains.untag(&i),
        Input::ListTagsForResource(i) => w.domains.list_tags(&i.resource_arn),
        Input::RegisterWorkflowType(i) => w.register_workflow_type(&i),
        Input::RegisterActivityType(i) => w.register_activity_type(&i),
        Input::DescribeWorkflowType(i) => w.describe_type(i.type_name()),
        Input::DescribeActivityType(i) => w.describe_type(i.type_name()),
        Input::ListWorkflowTypes(i) => w.list_types(Workflow, TypeQuery::of_workflows(&i)),
        Input::ListActivityTypes(i) => w.list_types(Activity, TypeQuery::of_activities(&i)),
        Input::DeprecateWorkflowType(i) => w.set_type_deprecated(i.type_name(), true),
        Input::DeprecateActivityType(i) => w.set_type_deprecated(i.type_name(), true),
        Input::UndeprecateWorkflowType(i) => w.set_type_deprecated(i.type_name(), false),
        Input::UndeprecateActivityType(i) => w.set_type_deprecated(i.type_name(), false),
        Input::DeleteWorkflowType(i) => w.delete_type(i.type_name()),
        Input::DeleteActivityType(i) => w.delete_type(i.type_name()),
        Input::StartWorkflowExecution(i) => w.start_execution(&i),
        Input::DescribeWorkflowExecution(i) => w.describe_execution(&i.domain, &i.execution),
        Input::GetWorkflowExecutionHistory(i) => w.history(&i),
        Input::ListOpenWorkflowExecutions(i) => w.list_executions(Filters::from(&i)),
        Input::ListClosedWorkflowExecutions(i) => w.list_executions(Filters::from(&i)),
        Input::CountOpenWorkflowExecutions(i) => w.count_executions(Filters::from(&i)),
        Input::CountClosedWorkflowExecutions(i) => w.count_executions(Filters::from(&i)),
        Input::SignalWorkflowExecution(i) => w.signal(&i),
        Input::TerminateWorkflowExecution(i) => w.terminate(&i),
        Input::RequestCancelWorkflowExecution(i) => w.request_cancel(&i),
        Input::RespondDecisionTaskCompleted(i) => w.respond_decisions(i),
        Input::CountPendingDecisionTasks(i) => w.count_pending_decisions(&i.domain, &i.task_list),
        Input::RecordActivityTaskHeartbeat(i) => w.heartbeat(&i),
        Input::RespondActivityTaskCompleted(i) => w.finish_activity(ActivityEnd::from(&i)),
        Input::RespondActivityTaskFailed(i) => w.finish_activity(ActivityEnd::from(&i)),
        Input::RespondActivityTaskCanceled(i) => w.finish_activity(ActivityEnd::from(&i)),
        Input::CountPendingActivityTasks(i) => w.count_pending_activities(&i.domain, &i.task_list),
        Input::PollForDecisionTask(i) => w.poll_now(Poll::Decision(&i)),
        Input::PollForActivityTask(i) => w.poll_now(Poll::Activity(&i)),
    }
}
