//! Visibility: ListOpen/ClosedWorkflowExecutions and CountOpen/ClosedWorkflowExecutions
//! with their filters.

use super::World;
use crate::server::state::executions::Execution;
use crate::server::state::input::{Paged, Paging, Reply, count, page};
use crate::wire::Fault;
use crate::wire::typed::{
    CloseStatus, CountClosedWorkflowExecutionsInput, CountOpenWorkflowExecutionsInput,
    ExecutionTimeFilter, ListClosedWorkflowExecutionsInput, ListOpenWorkflowExecutionsInput,
    WorkflowTypeFilter,
};

/// What the four visibility operations ask for: open or closed executions of a domain,
/// the filters given, and (List) the page.
#[derive(Debug, Clone, Copy)]
pub struct Filters<'a> {
    domain: &'a str,
    closed: bool,
    start: Option<&'a ExecutionTimeFilter>,
    close: Option<&'a ExecutionTimeFilter>,
    workflow_id: Option<&'a str>,
    workflow_type: Option<&'a WorkflowTypeFilter>,
    tag: Option<&'a str>,
    status: Option<CloseStatus>,
    paging: Paging<'a>,
}

impl<'a> From<&'a ListOpenWorkflowExecutionsInput> for Filters<'a> {
    fn from(i: &'a ListOpenWorkflowExecutionsInput) -> Self {
        Filters {
            domain: &i.domain,
            closed: false,
            start: Some(&i.start_time_filter),
            close: None,
            workflow_id: i.execution_filter.as_ref().map(|f| f.workflow_id.as_str()),
            workflow_type: i.type_filter.as_ref(),
            tag: i.tag_filter.as_ref().map(|f| f.tag.as_str()),
            status: None,
            paging: i.paging(),
        }
    }
}

impl<'a> From<&'a ListClosedWorkflowExecutionsInput> for Filters<'a> {
    fn from(i: &'a ListClosedWorkflowExecutionsInput) -> Self {
        Filters {
            domain: &i.domain,
            closed: true,
            start: i.start_time_filter.as_ref(),
            close: i.close_time_filter.as_ref(),
            workflow_id: i.execution_filter.as_ref().map(|f| f.workflow_id.as_str()),
            workflow_type: i.type_filter.as_ref(),
            tag: i.tag_filter.as_ref().map(|f| f.tag.as_str()),
            status: i.close_status_filter.as_ref().map(|f| f.status),
            paging: i.paging(),
        }
    }
}

impl<'a> From<&'a CountOpenWorkflowExecutionsInput> for Filters<'a> {
    fn from(i: &'a CountOpenWorkflowExecutionsInput) -> Self {
        Filters {
            domain: &i.domain,
            closed: false,
            start: Some(&i.start_time_filter),
            close: None,
            workflow_id: i.execution_filter.as_ref().map(|f| f.workflow_id.as_str()),
            workflow_type: i.type_filter.as_ref(),
            tag: i.tag_filter.as_ref().map(|f| f.tag.as_str()),
            status: None,
            paging: Paging::default(),
        }
    }
}

impl<'a> From<&'a CountClosedWorkflowExecutionsInput> for Filters<'a> {
    fn from(i: &'a CountClosedWorkflowExecutionsInput) -> Self {
        Filters {
            domain: &i.domain,
            closed: true,
            start: i.start_time_filter.as_ref(),
            close: i.close_time_filter.as_ref(),
            workflow_id: i.execution_filter.as_ref().map(|f| f.workflow_id.as_str()),
            workflow_type: i.type_filter.as_ref(),
            tag: i.tag_filter.as_ref().map(|f| f.tag.as_str()),
            status: i.close_status_filter.as_ref().map(|f| f.status),
            paging: Paging::default(),
        }
    }
}

/// Whether time `t` passes a time filter (absent: everything passes; a filter on a time
/// that is not there, such as the close time of an open execution: nothing).
fn in_range(t: Option<f64>, filter: Option<&ExecutionTimeFilter>) -> bool {
    match (t, filter) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(t), Some(f)) => t >= f.oldest_date && f.latest_date.is_none_or(|l| t <= l),
    }
}

impl Filters<'_> {
    /// Whether execution `e` passes every filter but the domain and status.
    fn passes(&self, e: &Execution) -> bool {
        let spec = e.spec();
        let t = spec.workflow_type();
        in_range(Some(e.started()), self.start)
            && in_range(e.closed().map(|c| c.0), self.close)
            && self.workflow_id.is_none_or(|w| w == spec.workflow_id())
            && self.workflow_type.is_none_or(|f| {
                f.name == t.name && f.version.as_ref().is_none_or(|v| *v == t.version)
            })
            && self
                .tag
                .is_none_or(|tag| spec.tag_list().iter().any(|x| x.as_deref() == Some(tag)))
            && self
                .status
                .is_none_or(|s| e.closed().is_some_and(|c| c.1 == s))
    }
}

impl World {
    /// The executions of the filters' domain, open or closed, that pass every filter given.
    fn matching(&self, filters: &Filters<'_>) -> Result<Vec<(u64, &Execution)>, Fault> {
        self.domains.get(filters.domain)?;
        let mut found: Vec<(u64, &Execution)> = self
            .executions
            .iter()
            .filter(|(_, e)| e.spec().domain() == filters.domain && e.is_open() != filters.closed)
            .filter(|(_, e)| filters.passes(e))
            .collect();
        // Newest first, as the service lists them; executions started in the same
        // millisecond, the later started first (ids grow with each start).
        found.reverse();
        found.sort_by(|a, b| b.1.started().total_cmp(&a.1.started()));
        Ok(found)
    }

    /// ListOpenWorkflowExecutions / ListClosedWorkflowExecutions.
    pub(super) fn list_executions(&self, filters: Filters<'_>) -> Reply {
        let infos = self
            .matching(&filters)?
            .iter()
            .map(|(id, e)| e.info(self.cancels.is_requested(*id)))
            .collect();
        page(infos, filters.paging, "executionInfos").map(Some)
    }

    /// CountOpenWorkflowExecutions / CountClosedWorkflowExecutions.
    pub(super) fn count_executions(&self, filters: Filters<'_>) -> Reply {
        Ok(Some(count(self.matching(&filters)?.len())))
    }
}
