//! A case's journey, expanded once before anything is sent: the [`Plan`].
//!
//! A [`Case`] (what a case file says) and the run's values (its prefix, domain and types,
//! the case's index) make a plan: the setup's requests and the case's steps in order, the
//! case's own request, the follow-up (a decider, a heartbeat), the reads after it (history,
//! describe), and the check groups, every template filled in. What the endpoint issues
//! while the case runs (runIds, task tokens, the ids of a step's answer) stays in the text
//! as case files write it, and [`Issued::bind`] fills it in once known: the runner
//! (`run`) sends plans and collects their exchanges, the checks (`check`) judge concrete
//! values; neither expands a template.
//!
//! A plan prints itself: as a case file with its values ([`Plan::case_file`]), or as the
//! bash script that sends its requests in order ([`Plan::script`]). `swfcheck explain` shows both.

pub mod issued;
pub mod print;
pub mod script;
pub mod setup;

pub use issued::{ExecutionRef, Issued};

use crate::cases::case::{Case, Setup, Step, Then};
use crate::cases::template::{TemplateError, Vars};
use crate::check::{CheckGroup, Needs, Which};
use crate::outcome::Outgoing;
use serde_json::{Value as Json, json};
use std::sync::Arc;

/// What a plan is made in: the run's names and types.
#[derive(Debug, Clone)]
pub struct PlanContext {
    /// The run's domain.
    pub domain: String,
    /// The domain of `setup = "domain"` cases (generated, random, stateful).
    pub generated_domain: String,
    /// The domain the `deprecated-domain` setup deprecates (reused: SWF never deletes one).
    pub deprecated_domain: String,
    /// The run's prefix, `swfcheck-<hex>`.
    pub prefix: String,
    /// The run's workflow type (name, version).
    pub workflow: (String, String),
    /// The run's activity type (name, version).
    pub activity: (String, String),
}

/// Who a step is for: the case's setup, or the case's own step `n` (1-based, as
/// `${answer:N:PATH}` counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A request of the named setup.
    Setup(Setup),
    /// The case's step `n`.
    Step(usize),
}

/// What a request's answer gives the rest of the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing.
    Nothing,
    /// The started execution is the case's current one (`${runId}`).
    Current,
    /// The started execution is the case's previous one (`${previousRunId}`).
    Previous,
    /// The answer's ids and tokens are step `n`'s (`${answer:N:PATH}`, `${runIdOf:ID}`).
    Answer(usize),
}

/// One request of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The operation.
    pub operation: String,
    /// The body (may hold issued values).
    pub body: Json,
    /// Another X-Amz-Target value.
    pub target: Option<String>,
    /// What its answer must hold: a setup's needs, or what the case file states.
    pub check: Arc<CheckGroup>,
    /// What its answer gives the rest of the case.
    pub keep: Keep,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Sends one request.
    Call(Call),
    /// A decider polls `task_list` and answers the task with `decisions`.
    Decide {
        /// The domain.
        domain: String,
        /// The decision task list.
        task_list: String,
        /// The decisions (may hold issued values).
        decisions: Json,
    },
    /// A worker polls `task_list`; the task's token is the case's ([`Issued::task_token`]).
    TakeActivity {
        /// The domain.
        domain: String,
        /// The activity task list.
        task_list: String,
    },
    /// A decider polls `task_list` and keeps the task's token ([`Issued::task_token`])
    /// without answering it.
    TakeDecision {
        /// The domain.
        domain: String,
        /// The decision task list.
        task_list: String,
    },
    /// A pause.
    Wait(std::time::Duration),
}

/// A step of a plan: what it does and whom it is for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedStep {
    /// The setup's, or the case's own.
    pub role: Role,
    /// What it does.
    pub action: Action,
}

/// The body of the case's own request.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A JSON body (its strings may hold issued values).
    Json(Json),
    /// Raw text, sent as it is once bound (malformed JSON, say).
    Raw(String),
}

/// The case's own request, its values filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    /// Header name/value pairs before signing (values may hold issued values).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Whether it is signed.
    pub signed: bool,
}

/// What runs after the request, before the reads.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    /// A decider answers the execution's next decision task with these decisions.
    Decide {
        /// The domain.
        domain: String,
        /// The decision task list.
        task_list: String,
        /// The decisions.
        decisions: Json,
    },
    /// The worker of the setup's activity task records a heartbeat.
    Heartbeat,
}

/// A read of one of the case's executions after the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// History or description.
    pub what: Needs,
    /// Which execution.
    pub of: Which,
}

/// A case expanded for one run: everything it sends and checks, in order.
#[derive(Debug, Clone)]
pub struct Plan<'a> {
    /// The case.
    pub case: &'a Case,
    /// The known values its templates were filled with.
    pub vars: Vars,
    /// The case's decision task list (its setup's executions run on it).
    pub task_list: String,
    /// Whether the journey (setup, steps, request, reads) runs holding the run's lock on the
    /// deprecated domain.
    pub exclusive: bool,
    /// The setup's requests, then the case's steps.
    pub steps: Vec<PlannedStep>,
    /// The case's own request.
    pub request: PlannedRequest,
    /// What runs after it.
    pub follow_up: Option<FollowUp>,
    /// What is read after it, in order.
    pub reads: Vec<Read>,
    /// The check groups, their values filled in (issued ones are bound after the reads).
    pub checks: Vec<Arc<CheckGroup>>,
}

impl<'a> Plan<'a> {
    /// Expands `case` as the case at `index` of a run in `ctx` (its names are
    /// `<prefix>-<index>`); `unknown_run_id` is a runId no execution has.
    pub fn new(
        case: &'a Case,
        ctx: &PlanContext,
        index: usize,
        unknown_run_id: String,
    ) -> Result<Plan<'a>, TemplateError> {
        let vars = vars(ctx, case.setup, index, unknown_run_id);
        let name = vars.workflow_id.clone();
        let mut steps = setup::steps(case.setup, ctx, &name);
        for (i, step) in case.steps.iter().enumerate() {
            steps.push(planned_step(step, i + 1, &vars)?);
        }
        Ok(Plan {
            request: request(case, &vars)?,
            follow_up: follow_up(case, ctx, &name),
            reads: reads(&case.checks),
            checks: fill_checks(&case.checks, &vars)?,
            exclusive: case.setup == Setup::DeprecatedDomain,
            task_list: name,
            case,
            vars,
            steps,
        })
    }

    /// The request as it goes on the wire, its issued values bound.
    pub fn outgoing(&self, issued: &Issued) -> Outgoing {
        let r = &self.request;
        let body = match &r.body {
            Body::Json(json) => serde_json::to_vec(&issued.bind_json(json)).unwrap_or_default(),
            Body::Raw(text) => issued.bind(text).into_bytes(),
        };
        Outgoing {
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), issued.bind(v)))
                .collect(),
            body,
            signed: r.signed,
        }
    }

    /// The check groups with the issued values bound.
    pub fn bound_checks(&self, issued: &Issued) -> Vec<Arc<CheckGroup>> {
        self.checks.iter().map(|g| bind_group(g, issued)).collect()
    }
}

/// `group` with the issued values bound (shared as it is where none holds one).
pub fn bind_group(group: &Arc<CheckGroup>, issued: &Issued) -> Arc<CheckGroup> {
    map_group(group, &mut |s| -> Result<String, TemplateError> {
        Ok(issued.bind(s))
    })
    .unwrap_or_else(|_| group.clone())
}

/// `group` with every value of its expectations mapped through `f`; a group none of whose
/// values holds a `${` is shared as it is.
fn map_group(
    group: &Arc<CheckGroup>,
    f: &mut dyn FnMut(&str) -> Result<String, TemplateError>,
) -> Result<Arc<CheckGroup>, TemplateError> {
    let mut mapped: Option<CheckGroup> = None;
    for (i, e) in group.expectations().iter().enumerate() {
        let mut copy = e.clone();
        let mut templated = false;
        copy.map_values(&mut |s| {
            templated |= s.contains("${");
            f(s)
        })?;
        if templated {
            mapped
                .get_or_insert_with(|| (**group).clone())
                .expectations_mut()[i] = copy;
        }
    }
    Ok(mapped.map_or_else(|| group.clone(), Arc::new))
}

/// The known values of the case at `index` with `setup` in a run of `ctx`: its workflowId
/// and task list are `<prefix>-<index>`; `unknown_run_id` is a runId no execution has.
pub fn vars(ctx: &PlanContext, setup: Setup, index: usize, unknown_run_id: String) -> Vars {
    Vars {
        domain: match setup.in_generated_domain() {
            true => ctx.generated_domain.clone(),
            false => ctx.domain.clone(),
        },
        workflow_id: format!("{}-{index}", ctx.prefix),
        unknown_domain: format!("{}-no-such-domain", ctx.prefix),
        other_domain: match setup.in_generated_domain() {
            true => ctx.domain.clone(),
            false => ctx.generated_domain.clone(),
        },
        unknown_workflow_id: format!("{}-no-such-workflow", ctx.prefix),
        unknown_run_id,
        deprecated_domain: ctx.deprecated_domain.clone(),
        prefix: ctx.prefix.clone(),
    }
}

/// A case file's step `n` (1-based) as a plan step, its known values filled in.
pub fn planned_step(step: &Step, n: usize, vars: &Vars) -> Result<PlannedStep, TemplateError> {
    let action = match (&step.operation, &step.decide) {
        _ if step.wait.is_some() => {
            let wait = step.wait.as_deref().unwrap_or_default();
            Action::Wait(crate::cases::case::wait_of(wait).unwrap_or_default())
        }
        (_, Some(d)) => {
            let key = crate::model::decision_attributes_key(&d.decision);
            let attributes = match &d.attributes {
                Some(t) => vars.table_to_json(t)?,
                None => json!({}),
            };
            Action::Decide {
                domain: vars.expand(&d.domain)?,
                task_list: vars.expand(&d.task_list)?,
                decisions: json!([{"decisionType": d.decision, key: attributes}]),
            }
        }
        (operation, None) => Action::Call(Call {
            operation: operation.clone().unwrap_or_default(),
            body: match &step.body {
                Some(t) => vars.table_to_json(t)?,
                None => json!({}),
            },
            target: step.target.clone(),
            check: Arc::new(match &step.or_fault {
                Some(fault) => CheckGroup::success_or(fault),
                None => CheckGroup::answer(
                    step.status.unwrap_or(200),
                    step.fault.as_deref(),
                    step.answer_shape.as_deref(),
                ),
            }),
            keep: Keep::Answer(n),
        }),
    };
    Ok(PlannedStep {
        role: Role::Step(n),
        action,
    })
}

/// The case's own request, its templates filled in.
fn request(case: &Case, vars: &Vars) -> Result<PlannedRequest, TemplateError> {
    let req = &case.request;
    let body = match (&req.body, &req.raw) {
        _ if req.json.is_some() => {
            let json = req.json.as_ref().map(|j| j.value()).unwrap_or_default();
            Body::Json(vars.expand_json(&json)?)
        }
        (_, Some(raw)) => Body::Raw(vars.expand(raw)?),
        (Some(table), None) => Body::Json(vars.table_to_json(table)?),
        (None, None) => Body::Raw("{}".into()),
    };
    let model = crate::model::swf();
    let mut headers =
        Outgoing::operation(&model.target_prefix, &case.operation, Vec::new()).headers;
    if let Some(target) = &req.target {
        set_header(&mut headers, "X-Amz-Target", vars.expand(target)?);
    }
    for (k, v) in &req.headers {
        set_header(&mut headers, k, vars.expand(v)?);
    }
    headers.retain(|(k, _)| !req.omit_headers.iter().any(|o| o.eq_ignore_ascii_case(k)));
    Ok(PlannedRequest {
        headers,
        body,
        signed: !req.unsigned,
    })
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}

/// What runs after the request: a decider on the execution's domain (the run's, when
/// the setup started none), or a heartbeat.
fn follow_up(case: &Case, ctx: &PlanContext, task_list: &str) -> Option<FollowUp> {
    Some(match case.then? {
        Then::DeciderCancels => FollowUp::Decide {
            domain: setup::execution_domain(case.setup, ctx).to_owned(),
            task_list: task_list.to_owned(),
            decisions: setup::cancel_decision(),
        },
        Then::Heartbeat => FollowUp::Heartbeat,
    })
}

/// What the groups read after the request: the current execution's history, then its
/// description, then the previous execution's.
fn reads(groups: &[Arc<CheckGroup>]) -> Vec<Read> {
    let mut out = Vec::new();
    for of in [Which::Current, Which::Previous] {
        for what in [Needs::History, Needs::Describe] {
            if groups
                .iter()
                .any(|g| g.of == of && g.needs().contains(&what))
            {
                out.push(Read { what, of });
            }
        }
    }
    out
}

/// The groups with their known values filled in; a group with no template is shared.
pub fn fill_checks(
    groups: &[Arc<CheckGroup>],
    vars: &Vars,
) -> Result<Vec<Arc<CheckGroup>>, TemplateError> {
    groups
        .iter()
        .map(|group| map_group(group, &mut |s| vars.expand(s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::file::parse;

    fn ctx() -> PlanContext {
        PlanContext {
            generated_domain: "d-generated".into(),
            domain: "d".into(),
            deprecated_domain: "dep".into(),
            prefix: "swfcheck-0000abcd".into(),
            workflow: ("w".into(), "1".into()),
            activity: ("a".into(), "1".into()),
        }
    }

    fn case(setup: &str, body: &str, check: &str) -> Case {
        let text = format!(
            "[[case]]\nid = \"c\"\noperation = \"DescribeWorkflowExecution\"\nsource = \"s\"\nsetup = \"{setup}\"\nrequest.body = {body}\n[[case.check]]\n{check}\n"
        );
        parse("t.toml", &text).unwrap().remove(0)
    }

    #[test]
    fn known_values_are_filled_in_and_issued_ones_bound_later() {
        let c = case(
            "rerun",
            "{ domain = \"${otherDomain}\", execution = { workflowId = \"${workflowId}\", runId = \"${previousRunId}\" } }",
            "message = \"run ${runId} of ${workflowId}\"",
        );
        let plan = Plan::new(&c, &ctx(), 7, "u".into()).unwrap();
        let kinds: Vec<Keep> = plan
            .steps
            .iter()
            .filter_map(|s| match &s.action {
                Action::Call(call) => Some(call.keep),
                _ => None,
            })
            .collect();
        assert_eq!(kinds, [Keep::Previous, Keep::Current], "rerun: two starts");
        let Body::Json(body) = &plan.request.body else {
            panic!("a JSON body")
        };
        assert_eq!(
            body["domain"], "d-generated",
            "a hand-written case's other domain"
        );
        assert_eq!(body["execution"]["workflowId"], "swfcheck-0000abcd-7");
        assert_eq!(body["execution"]["runId"], "${previousRunId}");
        let run = |id: &str| ExecutionRef {
            run_id: id.into(),
            ..ExecutionRef::default()
        };
        let issued = Issued {
            current: Some(run("R2")),
            previous: Some(run("R1")),
            ..Issued::default()
        };
        let sent: Json = serde_json::from_slice(&plan.outgoing(&issued).body).unwrap();
        assert_eq!(sent["execution"]["runId"], "R1");
        let bound = plan.bound_checks(&issued);
        assert_eq!(
            bound[0].expectations(),
            [crate::check::Expectation::Message(
                "run R2 of swfcheck-0000abcd-7".into()
            )]
        );
        assert!(
            !Arc::ptr_eq(&plan.checks[0], &c.checks[0]),
            "a templated group is filled in for the plan"
        );
    }

    #[test]
    fn a_generated_case_runs_in_the_generated_domain_and_names_the_run_domain_other() {
        let c = case(
            "domain",
            "{ domain = \"${domain}|${otherDomain}\" }",
            "status = 200",
        );
        let plan = Plan::new(&c, &ctx(), 0, "u".into()).unwrap();
        let Body::Json(body) = &plan.request.body else {
            panic!("a JSON body")
        };
        assert_eq!(body["domain"], "d-generated|d");
        assert!(plan.steps.is_empty());
        assert!(
            Arc::ptr_eq(&plan.checks[0], &c.checks[0]),
            "nothing to fill: shared"
        );
        assert!(c.mentions("${otherDomain}") && !c.mentions("${unknownDomain}"));
    }
}
