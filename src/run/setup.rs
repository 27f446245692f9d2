//! Isolation and setup: the run's domain and types, and the executions each
//! case needs, all named after the run's prefix; every execution started is
//! recorded so that cleanup can terminate it.

use super::swf::{CallError, Execution, Swf};
use crate::cases::case::{Setup, Then};
use crate::cases::template::Vars;
use serde_json::json;
use std::sync::{Arc, Mutex};

/// The fixed name of the domain used for the deprecated-domain case (a
/// deprecated domain cannot be deleted on the real service, so it is reused).
pub const DEPRECATED_DOMAIN: &str = "swfcheck-deprecated";

/// What every case of one run shares.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// The SWF driver.
    pub swf: Swf,
    /// The run's domain.
    pub domain: String,
    /// The run's prefix, `swfcheck-<hex>`: every workflowId and task list starts with it.
    pub prefix: String,
    /// The workflow type (name, version).
    pub workflow: (String, String),
    /// The activity type (name, version).
    pub activity: (String, String),
    /// Every execution started so far.
    pub started: Arc<Mutex<Vec<Execution>>>,
    /// Domains and types a case's request registered (deprecated by cleanup).
    pub created: Arc<Mutex<Vec<Created>>>,
    /// Held while a `deprecated-domain` setup undeprecates the harness's deprecated domain,
    /// starts its execution there and deprecates it again: two such setups at once would
    /// deprecate the domain under each other.
    pub deprecated_domain: Arc<tokio::sync::Mutex<()>>,
}

/// A resource a case's own request registered: cleanup deprecates it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Created {
    /// RegisterDomain succeeded for this name.
    Domain(String),
    /// RegisterWorkflowType / RegisterActivityType succeeded.
    Type {
        /// `workflowType` or `activityType`.
        member: &'static str,
        /// The domain.
        domain: String,
        /// The type's name.
        name: String,
        /// The type's version.
        version: String,
    },
}

/// The state a case's request runs against.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The template values.
    pub vars: Vars,
    /// The case's (current) execution.
    pub current: Option<Execution>,
    /// The earlier execution of setup `rerun`.
    pub previous: Option<Execution>,
    /// The decision task list of the case.
    pub task_list: String,
    /// The token of the started activity task (setup `open-activity`).
    pub activity_token: Option<String>,
}

impl RunContext {
    /// Registers the run's domain and types (reused when present).
    pub async fn prepare_run(&self) -> Result<(), CallError> {
        self.swf.ensure_domain(&self.domain).await?;
        self.swf
            .ensure_types(&self.domain, &self.workflow, &self.activity)
            .await
    }

    /// The domain of `setup = "domain"` cases (generated, random, stateful): `<domain>-generated`,
    /// apart from the hand-written cases' executions, so that what a listing sees does not
    /// depend on which other cases run beside it.
    pub fn generated_domain(&self) -> String {
        format!("{}-generated", self.domain)
    }

    /// Registers the generated cases' domain with the run's types (reused when present), and
    /// leaves the harness's deprecated domain deprecated whichever hand-written cases run, so
    /// that ListDomains answers the same in every shard.
    pub async fn prepare_generated(&self) -> Result<(), CallError> {
        self.swf.ensure_domain(DEPRECATED_DOMAIN).await?;
        self.swf.deprecate_domain(DEPRECATED_DOMAIN).await?;
        let domain = self.generated_domain();
        self.swf.ensure_domain(&domain).await?;
        self.swf
            .ensure_types(&domain, &self.workflow, &self.activity)
            .await
    }

    fn record(&self, ex: &Execution) {
        if let Ok(mut list) = self.started.lock() {
            list.push(ex.clone());
        }
    }

    async fn start(
        &self,
        domain: &str,
        workflow_id: &str,
        task_list: &str,
    ) -> Result<Execution, CallError> {
        let ex = self
            .swf
            .start(domain, workflow_id, &self.workflow, task_list)
            .await?;
        self.record(&ex);
        Ok(ex)
    }

    /// Records what a successful request of `operation` created, so that cleanup
    /// leaves nothing behind: executions to terminate, domains and types to deprecate.
    pub fn note_success(&self, operation: &str, request: &[u8], response: &[u8]) {
        let Ok(req) = serde_json::from_slice::<serde_json::Value>(request) else {
            return;
        };
        let text =
            |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        let domain = text(&req, "domain").unwrap_or_default();
        // Register*Type name the type with top-level `name` and `version`.
        let registered = |member: &'static str| {
            Some(Created::Type {
                member,
                domain: domain.clone(),
                name: text(&req, "name")?,
                version: text(&req, "version")?,
            })
        };
        let created = match operation {
            "RegisterDomain" => text(&req, "name").map(Created::Domain),
            "RegisterWorkflowType" => registered("workflowType"),
            "RegisterActivityType" => registered("activityType"),
            "StartWorkflowExecution" => {
                let run_id = serde_json::from_slice::<serde_json::Value>(response)
                    .ok()
                    .and_then(|r| text(&r, "runId"));
                if let (Some(workflow_id), Some(run_id)) = (text(&req, "workflowId"), run_id) {
                    self.record(&Execution {
                        domain,
                        workflow_id,
                        run_id,
                    });
                }
                None
            }
            _ => None,
        };
        if let (Some(c), Ok(mut list)) = (created, self.created.lock()) {
            list.push(c);
        }
    }

    /// Deprecates the types, then the domains, that cases registered.
    async fn deprecate_created(&self) -> (usize, Vec<CallError>) {
        let mut created = self.created.lock().map(|l| l.clone()).unwrap_or_default();
        created.sort();
        created.dedup();
        // Types sort after domains: deprecate them first, while their domain is active.
        created.reverse();
        let (mut done, mut errors) = (0, Vec::new());
        for c in created {
            let (op, input) = match &c {
                Created::Domain(name) => ("DeprecateDomain", json!({"name": name})),
                Created::Type {
                    member,
                    domain,
                    name,
                    version,
                } => {
                    let op = if *member == "workflowType" {
                        "DeprecateWorkflowType"
                    } else {
                        "DeprecateActivityType"
                    };
                    (
                        op,
                        json!({"domain": domain, *member: {"name": name, "version": version}}),
                    )
                }
            };
            match self.swf.call(op, input).await {
                Ok(_) => done += 1,
                Err(e)
                    if matches!(
                        e.fault(),
                        Some(
                            "UnknownResourceFault"
                                | "DomainDeprecatedFault"
                                | "TypeDeprecatedFault"
                        )
                    ) => {}
                Err(e) => errors.push(e),
            }
        }
        (done, errors)
    }

    /// Polls the case's task list and answers with `decisions`.
    async fn decide(
        &self,
        domain: &str,
        task_list: &str,
        decisions: serde_json::Value,
    ) -> Result<(), CallError> {
        let task = self
            .swf
            .poll_decision(domain, task_list)
            .await?
            .ok_or_else(|| CallError::Unexpected {
                operation: "PollForDecisionTask".into(),
                detail: format!("no decision task on {task_list}"),
            })?;
        self.swf.respond_decisions(&task.token, decisions).await
    }

    /// Creates what `setup` asks for, for the case at `index`.
    pub async fn prepare_case(&self, index: usize, setup: Setup) -> Result<Prepared, CallError> {
        let workflow_id = format!("{}-{index}", self.prefix);
        let task_list = format!("{}-{index}", self.prefix);
        let mut p = Prepared {
            vars: Vars {
                domain: self.domain.clone(),
                workflow_id: workflow_id.clone(),
                unknown_domain: format!("{}-no-such-domain", self.prefix),
                unknown_workflow_id: format!("{}-no-such-workflow", self.prefix),
                unknown_run_id: uuid::Uuid::new_v4().to_string(),
                deprecated_domain: DEPRECATED_DOMAIN.into(),
                prefix: self.prefix.clone(),
                ..Vars::default()
            },
            task_list: task_list.clone(),
            ..Prepared::default()
        };
        let d = self.domain.as_str();
        let complete = json!([{"decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {"result": "done"}}]);
        let current = match setup {
            Setup::None | Setup::Domain => None,
            Setup::Open => Some(self.start(d, &workflow_id, &task_list).await?),
            Setup::OpenIdle => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                self.decide(d, &task_list, json!([])).await?;
                Some(ex)
            }
            Setup::OpenActivity => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                let activity_list = format!("{task_list}-activities");
                let schedule = json!([{"decisionType": "ScheduleActivityTask",
                    "scheduleActivityTaskDecisionAttributes": {
                        "activityType": {"name": self.activity.0, "version": self.activity.1},
                        "activityId": "swfcheck-activity-1",
                        "taskList": {"name": activity_list}}}]);
                self.decide(d, &task_list, schedule).await?;
                let task = self
                    .swf
                    .poll_activity(d, &activity_list)
                    .await?
                    .ok_or_else(|| CallError::Unexpected {
                        operation: "PollForActivityTask".into(),
                        detail: format!("no activity task on {activity_list}"),
                    })?;
                p.activity_token = Some(task.token);
                Some(ex)
            }
            Setup::Completed => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                self.decide(d, &task_list, complete).await?;
                Some(ex)
            }
            Setup::Terminated => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                self.swf.terminate(&ex, "swfcheck setup").await?;
                Some(ex)
            }
            Setup::Canceled => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                self.swf.request_cancel(&ex).await?;
                self.decide(d, &task_list, cancel_decision()).await?;
                Some(ex)
            }
            Setup::Rerun => {
                let first = self.start(d, &workflow_id, &task_list).await?;
                self.decide(d, &task_list, complete).await?;
                p.vars.previous_run_id = first.run_id.clone();
                p.previous = Some(first);
                Some(self.start(d, &workflow_id, &task_list).await?)
            }
            Setup::CancelRequested => {
                let ex = self.start(d, &workflow_id, &task_list).await?;
                self.swf.request_cancel(&ex).await?;
                Some(ex)
            }
            Setup::DeprecatedDomain => {
                let _only_one = self.deprecated_domain.lock().await;
                self.swf.ensure_domain(DEPRECATED_DOMAIN).await?;
                self.swf.undeprecate_domain(DEPRECATED_DOMAIN).await?;
                self.swf
                    .ensure_types(DEPRECATED_DOMAIN, &self.workflow, &self.activity)
                    .await?;
                // Deprecating a domain deprecates its types (SWF-WIRE.md §8): bring them back.
                self.swf
                    .undeprecate_types(DEPRECATED_DOMAIN, &self.workflow, &self.activity)
                    .await?;
                let ex = self
                    .start(DEPRECATED_DOMAIN, &workflow_id, &task_list)
                    .await?;
                self.swf.deprecate_domain(DEPRECATED_DOMAIN).await?;
                Some(ex)
            }
        };
        if setup == Setup::Domain {
            p.vars.domain = self.generated_domain();
        }
        if let Some(ex) = &current {
            p.vars.run_id = ex.run_id.clone();
        }
        p.current = current;
        Ok(p)
    }

    /// Runs a case's follow-up step; a heartbeat gives its `cancelRequested`.
    pub async fn then(&self, step: Then, p: &Prepared) -> Result<Option<bool>, CallError> {
        match step {
            Then::DeciderCancels => {
                let domain = p
                    .current
                    .as_ref()
                    .map_or(self.domain.as_str(), |e| e.domain.as_str());
                self.decide(domain, &p.task_list, cancel_decision()).await?;
                Ok(None)
            }
            Then::Heartbeat => match &p.activity_token {
                Some(token) => self.swf.heartbeat(token).await,
                None => Err(CallError::Unexpected {
                    operation: "RecordActivityTaskHeartbeat".into(),
                    detail: "no activity task was started".into(),
                }),
            },
        }
    }

    /// Terminates every execution this run started that is still open, `jobs` at a time:
    /// those it recorded, and those the endpoint lists under the run's prefix (a start
    /// interrupted before its answer arrived is never recorded).
    /// Returns how many were terminated and the errors other than "already closed".
    pub async fn cleanup(&self, jobs: usize) -> (usize, Vec<CallError>) {
        let mut started: Vec<Execution> =
            self.started.lock().map(|l| l.clone()).unwrap_or_default();
        let generated = self.generated_domain();
        for domain in [self.domain.as_str(), DEPRECATED_DOMAIN, generated.as_str()] {
            // Listing is a safety net: an endpoint that cannot list still gets the recorded ones.
            if let Ok(listed) = self.swf.open_with_prefix(domain, &self.prefix).await {
                started.extend(listed);
            }
        }
        started.sort_by(|a, b| {
            (&a.domain, &a.workflow_id, &a.run_id).cmp(&(&b.domain, &b.workflow_id, &b.run_id))
        });
        started.dedup();
        let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(jobs.max(1)));
        let mut set = tokio::task::JoinSet::new();
        for ex in started {
            let (swf, sem) = (self.swf.clone(), semaphore.clone());
            set.spawn(async move {
                let _permit = sem.acquire_owned().await;
                swf.terminate(&ex, "swfcheck cleanup").await
            });
        }
        let mut terminated = 0;
        let mut errors = Vec::new();
        while let Some(joined) = set.join_next().await {
            match joined {
                Ok(Ok(())) => terminated += 1,
                Ok(Err(e)) if e.fault() == Some("UnknownResourceFault") => {}
                Ok(Err(e)) => errors.push(e),
                Err(e) => errors.push(CallError::Unexpected {
                    operation: "TerminateWorkflowExecution".into(),
                    detail: e.to_string(),
                }),
            }
        }
        let (deprecated, more) = self.deprecate_created().await;
        errors.extend(more);
        (terminated + deprecated, errors)
    }
}

fn cancel_decision() -> serde_json::Value {
    json!([{"decisionType": "CancelWorkflowExecution",
        "cancelWorkflowExecutionDecisionAttributes": {"details": "swfcheck"}}])
}
