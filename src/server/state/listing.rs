//! Listing and counting executions: ListOpen/Closed and CountOpen/Closed with their filters.

use super::execution::Execution;
use super::{Answer, World, opt_text, page, text};
use crate::wire::Fault;
use serde_json::{Value as Json, json};

impl World {
    /// The executions of the input's domain, open or closed, that pass every filter given.
    fn matching(&self, input: &Json, closed: bool) -> Result<Vec<&Execution>, Fault> {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let in_range = |t: Option<f64>, filter: &Json| match (t, filter.is_object()) {
            (_, false) => true,
            (None, true) => false,
            (Some(t), true) => {
                filter["oldestDate"].as_f64().is_none_or(|o| t >= o)
                    && filter["latestDate"].as_f64().is_none_or(|l| t <= l)
            }
        };
        let mut found: Vec<&Execution> = self
            .executions
            .values()
            .filter(|e| e.spec.domain == domain && e.is_open() != closed)
            .filter(|e| in_range(Some(e.started), &input["startTimeFilter"]))
            .filter(|e| in_range(e.closed.map(|c| c.0), &input["closeTimeFilter"]))
            .filter(|e| {
                opt_text(&input["executionFilter"], "workflowId")
                    .is_none_or(|w| w == e.spec.workflow_id)
            })
            .filter(|e| {
                let f = &input["typeFilter"];
                opt_text(f, "name").is_none_or(|n| n == e.spec.workflow_type["name"])
                    && opt_text(f, "version").is_none_or(|v| v == e.spec.workflow_type["version"])
            })
            .filter(|e| {
                opt_text(&input["tagFilter"], "tag")
                    .is_none_or(|t| e.spec.tag_list.iter().any(|x| x.as_deref() == Some(t)))
            })
            .filter(|e| {
                opt_text(&input["closeStatusFilter"], "status")
                    .is_none_or(|s| e.closed.is_some_and(|c| c.1.as_str() == s))
            })
            .collect();
        // Newest first, as the service lists them; executions started in the same
        // millisecond, the later started first (ids grow with each start).
        found.reverse();
        found.sort_by(|a, b| b.started.total_cmp(&a.started));
        Ok(found)
    }

    pub(super) fn list_executions(&self, input: &Json, closed: bool) -> Answer {
        let infos = self
            .matching(input, closed)?
            .iter()
            .map(|e| e.info())
            .collect();
        page(infos, input, "executionInfos").map(Some)
    }

    pub(super) fn count_executions(&self, input: &Json, closed: bool) -> Answer {
        let count = self.matching(input, closed)?.len();
        Ok(Some(json!({"count": count, "truncated": false})))
    }
}
