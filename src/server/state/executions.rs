//! The executions concept: every run (open, or closed within its domain's retention),
//! found by workflowId and runId; what it was started with, its history, and how and
//! when it closed. What a run holds open (tasks, timers, children) is the other concepts'.

use super::event_log::EventLog;
use super::input::timeout;
use super::run_spec::RunSpec;
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};

pub use crate::wire::typed::CloseStatus;

/// The UnknownResourceFault for an execution that is not there (or not open).
pub fn unknown_execution(workflow_id: &str, run_id: Option<&str>) -> Fault {
    let message = match run_id {
        Some(run) => {
            format!("Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={run}]")
        }
        None => format!("Unknown execution, workflowId = {workflow_id}"),
    };
    Fault::swf(SwfFault::UnknownResource, message)
}

/// A new runId in the live service's form (SWF-WIRE.md §11: "Real run ids are 46-character
/// base64 strings starting with "23""; §7 shows one): `23` and the 32 random bytes of two v4
/// uuids in standard base64, so a runId holds `+`, `/` and a closing `=` as the service's do.
fn new_run_id() -> String {
    use base64::Engine as _;
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    format!(
        "23{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// One workflow execution (one run).
#[derive(Debug, Clone)]
pub struct Execution {
    spec: RunSpec,
    run_id: String,
    started: f64,
    closed: Option<(f64, CloseStatus)>,
    retention_days: f64,
    log: EventLog,
}

impl Execution {
    /// What it was started with.
    pub fn spec(&self) -> &RunSpec {
        &self.spec
    }

    /// Its runId.
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// When it started.
    pub fn started(&self) -> f64 {
        self.started
    }

    /// When and how it closed.
    pub fn closed(&self) -> Option<(f64, CloseStatus)> {
        self.closed
    }

    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// `{"workflowId", "runId"}`.
    pub fn reference(&self) -> Json {
        json!({"workflowId": self.spec.workflow_id(), "runId": self.run_id})
    }

    /// Its history.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// When its start-to-close timeout falls, if it has one.
    pub fn timeout_at(&self) -> Option<f64> {
        timeout(self.spec.execution_timeout()).map(|s| self.started + s)
    }

    /// For a closed execution, when its retention ends.
    pub fn retention_end(&self) -> Option<f64> {
        self.closed
            .map(|(closed_at, _)| closed_at + self.retention_days * 86_400.0)
    }

    /// WorkflowExecutionInfo as the model shapes it (`cancel_requested` is the cancels
    /// concept's).
    pub fn info(&self, cancel_requested: bool) -> Json {
        let mut info = json!({
            "execution": self.reference(),
            "workflowType": self.spec.workflow_type(),
            "startTimestamp": self.started,
            "executionStatus": if self.is_open() { "OPEN" } else { "CLOSED" },
            "cancelRequested": cancel_requested,
        });
        if let Some((t, status)) = self.closed {
            info["closeTimestamp"] = json!(t);
            info["closeStatus"] = json!(status.as_str());
        }
        if let Some(p) = self.spec.parent() {
            info["parent"] = p.reference.clone();
        }
        if !self.spec.tag_list().is_empty() {
            info["tagList"] = json!(self.spec.tag_list());
        }
        info
    }
}

/// Every execution, by the number it was started under (start order).
#[derive(Default)]
pub struct Executions {
    last_id: u64,
    runs: BTreeMap<u64, Execution>,
    by_workflow_id: HashMap<(String, String), Vec<u64>>,
}

impl Executions {
    /// Begins a run at `now`: records WorkflowExecutionStarted; returns its number.
    pub fn start(&mut self, spec: RunSpec, now: f64, retention_days: f64) -> u64 {
        self.last_id += 1;
        let id = self.last_id;
        let attrs = spec.started_attributes();
        let key = (spec.domain().to_owned(), spec.workflow_id().to_owned());
        let mut ex = Execution {
            spec,
            run_id: new_run_id(),
            started: now,
            closed: None,
            retention_days,
            log: EventLog::new(now),
        };
        ex.log.record(now, "WorkflowExecutionStarted", attrs);
        self.by_workflow_id.entry(key).or_default().push(id);
        self.runs.insert(id, ex);
        id
    }

    /// Execution `id`, open or closed.
    pub fn get(&self, id: u64) -> Option<&Execution> {
        self.runs.get(&id)
    }

    /// Execution `id` if it is open.
    pub fn open(&self, id: u64) -> Option<&Execution> {
        self.runs.get(&id).filter(|e| e.is_open())
    }

    /// Every execution, in start order, with its number.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &Execution)> {
        self.runs.iter().map(|(id, e)| (*id, e))
    }

    /// How many executions there are (open, or closed within their retention).
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    fn runs_of(&self, domain: &str, workflow_id: &str) -> impl Iterator<Item = u64> + '_ {
        self.by_workflow_id
            .get(&(domain.to_owned(), workflow_id.to_owned()))
            .into_iter()
            .flatten()
            .copied()
    }

    /// The execution (domain, workflowId, runId), open or closed.
    pub fn find_run(&self, domain: &str, workflow_id: &str, run_id: &str) -> Option<u64> {
        self.runs_of(domain, workflow_id)
            .find(|i| self.runs.get(i).is_some_and(|e| e.run_id == run_id))
    }

    /// The open execution (domain, workflowId, runId); without a runId, the current open one.
    pub fn find_open_run(
        &self,
        domain: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Option<u64> {
        match run_id {
            Some(run) => self
                .find_run(domain, workflow_id, run)
                .filter(|i| self.open(*i).is_some()),
            None => self
                .runs_of(domain, workflow_id)
                .find(|i| self.open(*i).is_some()),
        }
    }

    /// Records an event in open execution `id` at `at`; a closed execution records
    /// nothing more (0).
    pub fn record(&mut self, id: u64, at: f64, event_type: &str, attributes: Json) -> i64 {
        match self.runs.get_mut(&id).filter(|e| e.is_open()) {
            Some(ex) => ex.log.record(at, event_type, attributes),
            None => 0,
        }
    }

    /// Records the closing event of open execution `id` and closes it with `status`
    /// at that event's time; returns the event's id (`None`: it was not open).
    pub fn close(
        &mut self,
        id: u64,
        at: f64,
        status: CloseStatus,
        event_type: &str,
        attributes: Json,
    ) -> Option<i64> {
        let ex = self.runs.get_mut(&id).filter(|e| e.is_open())?;
        let event = ex.log.record(at, event_type, attributes);
        ex.closed = Some((ex.log.last_time(), status));
        Some(event)
    }

    /// Forgets execution `id` (its retention ended): it is gone from every answer.
    pub fn purge(&mut self, id: u64) -> bool {
        let Some(ex) = self.runs.remove(&id) else {
            return false;
        };
        let key = (
            ex.spec.domain().to_owned(),
            ex.spec.workflow_id().to_owned(),
        );
        if let Some(runs) = self.by_workflow_id.get_mut(&key) {
            runs.retain(|r| *r != id);
            if runs.is_empty() {
                self.by_workflow_id.remove(&key);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn run_ids_have_the_live_services_form() {
        let (a, b) = (new_run_id(), new_run_id());
        assert_ne!(a, b);
        for id in [a, b] {
            assert_eq!((id.len(), &id[..2]), (46, "23"), "{id}");
            let decoded = base64::engine::general_purpose::STANDARD.decode(&id[2..]);
            assert_eq!(decoded.map(|d| d.len()).ok(), Some(32), "{id}");
        }
    }
}
