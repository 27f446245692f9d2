//! Visibility: ListOpen/ClosedWorkflowExecutions and CountOpen/ClosedWorkflowExecutions
//! with their filters.

use super::World;
use crate::server::state::executions::Execution;
use crate::server::state::input::Answer;
use crate::server::state::input::{count, opt_text, page, text};
use crate::wire::Fault;
use serde_json::Value as Json;

/// Whether time `t` passes a `{oldestDate, latestDate}` filter (absent: everything passes).
fn in_range(t: Option<f64>, filter: &Json) -> bool {
    match (t, filter.is_object()) {
        (_, false) => true,
        (None, true) => false,
        (Some(t), true) => {
            filter["oldestDate"].as_f64().is_none_or(|o| t >= o)
                && filter["latestDate"].as_f64().is_none_or(|l| t <= l)
        }
    }
}

/// Whether execution `e` passes every filter of `input` but the domain and status.
fn passes(e: &Execution, input: &Json) -> bool {
    let spec = e.spec();
    let f = &input["typeFilter"];
    in_range(Some(e.started()), &input["startTimeFilter"])
        && in_range(e.closed().map(|c| c.0), &input["closeTimeFilter"])
        && opt_text(&input["executionFilter"], "workflowId").is_none_or(|w| w == spec.workflow_id())
        && opt_text(f, "name").is_none_or(|n| n == spec.workflow_type()["name"])
        && opt_text(f, "version").is_none_or(|v| v == spec.workflow_type()["version"])
        && opt_text(&input["tagFilter"], "tag")
            .is_none_or(|t| spec.tag_list().iter().any(|x| x.as_deref() == Some(t)))
        && opt_text(&input["closeStatusFilter"], "status")
            .is_none_or(|s| e.closed().is_some_and(|c| c.1.as_str() == s))
}

impl World {
    /// The executions of the input's domain, open or closed, that pass every filter given.
    fn matching(&self, input: &Json, closed: bool) -> Result<Vec<(u64, &Execution)>, Fault> {
        let domain = text(input, "domain");
        self.domains.get(domain)?;
        let mut found: Vec<(u64, &Execution)> = self
            .executions
            .iter()
            .filter(|(_, e)| e.spec().domain() == domain && e.is_open() != closed)
            .filter(|(_, e)| passes(e, input))
            .collect();
        // Newest first, as the service lists them; executions started in the same
        // millisecond, the later started first (ids grow with each start).
        found.reverse();
        found.sort_by(|a, b| b.1.started().total_cmp(&a.1.started()));
        Ok(found)
    }

    /// ListOpenWorkflowExecutions (`closed` false) / ListClosedWorkflowExecutions.
    pub(super) fn list_executions(&self, input: &Json, closed: bool) -> Answer {
        let infos = self
            .matching(input, closed)?
            .iter()
            .map(|(id, e)| e.info(self.cancels.is_requested(*id)))
            .collect();
        page(infos, input, "executionInfos").map(Some)
    }

    /// CountOpenWorkflowExecutions / CountClosedWorkflowExecutions.
    pub(super) fn count_executions(&self, input: &Json, closed: bool) -> Answer {
        Ok(Some(count(self.matching(input, closed)?.len())))
    }
}
