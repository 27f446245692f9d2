//! Isolation and setup: the run's domain and types, and the executions each
//! case needs, all named after the run's prefix; every execution started is
//! recorded so that cleanup can terminate it.

use super::swf::{CallError, Swf};
use crate::plan::{ExecutionRef, PlanContext};
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
    pub started: Arc<Mutex<Vec<ExecutionRef>>>,
    /// Domains and types a case registered or undeprecated (deprecated by cleanup); never the
    /// run's own ([`RunContext::is_own`]).
    pub created: Arc<Mutex<Vec<Created>>>,
    /// Held through the journey of a `deprecated-domain` case: its setup undeprecates the
    /// harness's deprecated domain, starts its execution there and deprecates it again, so
    /// another such case's request sent meanwhile would find the domain registered.
    pub deprecated_domain: Arc<tokio::sync::Mutex<()>>,
}

/// A resource a case's own request registered or undeprecated: cleanup deprecates it.
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

impl Created {
    /// What a successful `operation` with `request` registers: a domain or a type.
    pub fn of(operation: &str, request: &serde_json::Value) -> Option<Created> {
        let text = |k: &str| request.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        // Register*Type name the type with top-level `name` and `version`.
        let registered = |member: &'static str| {
            Some(Created::Type {
                member,
                domain: text("domain").unwrap_or_default(),
                name: text("name")?,
                version: text("version")?,
            })
        };
        match operation {
            "RegisterDomain" => text("name").map(Created::Domain),
            "RegisterWorkflowType" => registered("workflowType"),
            "RegisterActivityType" => registered("activityType"),
            _ => None,
        }
    }

    /// What a successful Undeprecate* `operation` with `request` made active again: it was
    /// deprecated before the run, so cleanup deprecates it again (a run leaves what it
    /// found as it found it, and the next run's answers do not depend on this one's).
    pub fn reopened(operation: &str, request: &serde_json::Value) -> Option<Created> {
        let text = |v: &serde_json::Value, k: &str| v.get(k)?.as_str().map(str::to_owned);
        let reopened_type = |member: &'static str| {
            let t = request.get(member)?;
            Some(Created::Type {
                member,
                domain: text(request, "domain").unwrap_or_default(),
                name: text(t, "name")?,
                version: text(t, "version")?,
            })
        };
        match operation {
            "UndeprecateDomain" => text(request, "name").map(Created::Domain),
            "UndeprecateWorkflowType" => reopened_type("workflowType"),
            "UndeprecateActivityType" => reopened_type("activityType"),
            _ => None,
        }
    }
}

impl RunContext {
    /// The domain of `setup = "domain"` cases (generated, random, stateful): `<domain>-generated`,
    /// apart from the hand-written cases' executions, so that what a listing sees does not
    /// depend on which other cases run beside it.
    pub fn generated_domain(&self) -> String {
        format!("{}-generated", self.domain)
    }

    /// The names and types a plan of this run is made with.
    pub fn plan_context(&self) -> PlanContext {
        PlanContext {
            domain: self.domain.clone(),
            generated_domain: self.generated_domain(),
            deprecated_domain: DEPRECATED_DOMAIN.into(),
            prefix: self.prefix.clone(),
            workflow: self.workflow.clone(),
            activity: self.activity.clone(),
        }
    }

    /// Records an execution the run started, for cleanup to terminate.
    pub fn record(&self, ex: &ExecutionRef) {
        if let Ok(mut list) = self.started.lock() {
            list.push(ex.clone());
        }
    }

    /// Records what a successful request of `operation` created or made active again, so
    /// that cleanup leaves nothing behind: executions to terminate, domains and types to
    /// deprecate.
    pub fn note_success(&self, operation: &str, request: &[u8], response: &[u8]) {
        let Ok(req) = serde_json::from_slice::<serde_json::Value>(request) else {
            return;
        };
        let text =
            |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        if operation == "StartWorkflowExecution" {
            let run_id = serde_json::from_slice::<serde_json::Value>(response)
                .ok()
                .and_then(|r| text(&r, "runId"));
            if let (Some(workflow_id), Some(run_id)) = (text(&req, "workflowId"), run_id) {
                self.record(&ExecutionRef {
                    domain: text(&req, "domain").unwrap_or_default(),
                    workflow_id,
                    run_id,
                });
            }
        }
        let created = Created::of(operation, &req).or_else(|| Created::reopened(operation, &req));
        // The run's own domains and types existed before any case asked: not the case's.
        let created = created.filter(|c| !self.is_own(c));
        if let (Some(c), Ok(mut list)) = (created, self.created.lock()) {
            list.push(c);
        }
    }

    /// Deprecates the types, then the domains, that cases registered (never the run's own,
    /// which it found or registered for itself and leaves as they are).
    async fn deprecate_created(&self) -> (usize, Vec<CallError>) {
        let mut created = self.created.lock().map(|l| l.clone()).unwrap_or_default();
        created.retain(|c| !self.is_own(c));
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

    /// Terminates every execution this run started that is still open, `jobs` at a time:
    /// those it recorded, and those the endpoint lists under the run's prefix (a start
    /// interrupted before its answer arrived is never recorded).
    /// Returns how many were terminated and the errors other than "already closed".
    pub async fn cleanup(&self, jobs: usize) -> (usize, Vec<CallError>) {
        let mut started: Vec<ExecutionRef> =
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
