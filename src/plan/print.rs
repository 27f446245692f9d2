//! A plan in words: as a case file whose values are filled in, for `swfcheck explain`
//! (beside the script that sends its requests, [`super::script`]).

use super::{Action, Body, Call, Plan, PlanContext, Role};
use crate::cases::case::{Case, Decide, RequestSpec, Step};
use crate::cases::check_table::to_toml;
use serde_json::{Value as Json, json};

impl PlanContext {
    /// The context `swfcheck explain` shows a case in: the default run domain, a prefix
    /// of `x`s.
    pub fn example() -> PlanContext {
        let domain = "swfcheck-conformance".to_owned();
        PlanContext {
            generated_domain: format!("{domain}-generated"),
            domain,
            deprecated_domain: "swfcheck-deprecated".into(),
            prefix: "swfcheck-xxxxxxxx".into(),
            workflow: ("swfcheck-workflow".into(), "1".into()),
            activity: ("swfcheck-activity".into(), "1".into()),
        }
    }
}

impl Plan<'_> {
    /// The case in words: its definition, the sentence it cites, each check group with its
    /// level and what it expects, the case file of its plan, and the script that sends its
    /// requests against `url` ([`Plan::script`]).
    pub fn explain(&self, ctx: &PlanContext, url: &str, region: &str) -> String {
        let case = self.case;
        let mut out = format!(
            "case {}\noperation: {}\nsetup: {:?}\n",
            case.id, case.operation, case.setup
        );
        if !case.origin.is_empty() {
            out.push_str(&format!("defined at: {}\n", case.origin));
        }
        out.push_str(&format!("cites: {}\n\nchecks:\n", case.source));
        for group in &self.checks {
            out.push_str(&format!(
                "  {} [{}]: expects {}\n",
                group.id_in(&case.id),
                group.level_or(case.level),
                group.expected_text()
            ));
            if group.source.is_some() {
                out.push_str(&format!("    cites: {}\n", group.source_or(&case.source)));
            }
        }
        out.push_str("  (and at every level: a 2xx/4xx answer with an empty or JSON body; a 5xx, HTML or no answer is never documented)\n");
        out.push_str(&format!(
            "\ndefinition (case file form, values filled in):\n{}\n",
            self.case_file()
        ));
        out.push_str(&format!(
            "reproduce: a bash script (curl and jq) that sends the case's requests in order, its run's setup \
             first, with what the endpoint issues (runIds, task tokens) taken from its answers; \
             `swfcheck explain {} --endpoint URL --script | bash` runs it, `run --case {} -v` prints a run's exchanges:\n",
            case.id, case.id
        ));
        out.push_str(&self.script(ctx, url, region));
        out
    }

    /// The case as a case file, its known values filled in (what the endpoint issues stays
    /// as written, `${runId}` say).
    pub fn case_file(&self) -> String {
        /// A case file holding the one case.
        #[derive(serde::Serialize)]
        struct One {
            case: [Case; 1],
        }
        let case = self.as_case();
        toml::to_string(&One { case: [case] })
            .unwrap_or_else(|e| format!("# (cannot be written as TOML: {e})\n"))
    }

    /// The case with its values filled in.
    fn as_case(&self) -> Case {
        let c = self.case;
        let mut request = RequestSpec {
            omit_headers: c.request.omit_headers.clone(),
            unsigned: c.request.unsigned,
            ..RequestSpec::default()
        };
        match &self.request.body {
            Body::Json(json) => match to_toml(json) {
                Some(toml::Value::Table(t)) => request.body = Some(t),
                _ => request.raw = Some(json.to_string()),
            },
            Body::Raw(text) => request.raw = Some(text.clone()),
        }
        let header = |name: &str| {
            self.request
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        request.target = c
            .request
            .target
            .as_ref()
            .and_then(|_| header("X-Amz-Target"));
        request.headers = c
            .request
            .headers
            .keys()
            .filter_map(|k| Some((k.clone(), header(k)?)))
            .collect();
        let steps = self
            .steps
            .iter()
            .filter(|s| matches!(s.role, Role::Step(_)))
            .map(|s| step_of(&s.action))
            .collect();
        Case {
            request,
            steps,
            checks: self.checks.clone(),
            ..c.clone()
        }
    }
}

/// The body of a poll of `task_list` by `identity`.
pub fn poll(domain: &str, task_list: &str, identity: &str) -> Json {
    json!({"domain": domain, "taskList": {"name": task_list}, "identity": identity})
}

/// A case step as a case file writes it.
fn step_of(action: &Action) -> Step {
    let table = |v: &Json| match to_toml(v) {
        Some(toml::Value::Table(t)) => Some(t),
        _ => None,
    };
    match action {
        Action::Call(Call {
            operation,
            body,
            target,
            check,
            ..
        }) => {
            let (status, fault, answer_shape) = check.as_step_answer();
            let or_fault = check.expectations().iter().find_map(|e| match e {
                crate::check::Expectation::SuccessOrFault(f) => f.first().cloned(),
                _ => None,
            });
            Step {
                operation: Some(operation.clone()),
                body: table(body),
                status: Some(status),
                fault,
                or_fault,
                answer_shape,
                target: target.clone(),
                decide: None,
                wait: None,
            }
        }
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => {
            let first = &decisions[0];
            let decision = first["decisionType"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let key = crate::model::decision_attributes_key(&decision);
            Step {
                decide: Some(Decide {
                    domain: domain.clone(),
                    task_list: task_list.clone(),
                    decision,
                    attributes: table(&first[&key]),
                }),
                ..Step::default()
            }
        }
        Action::TakeActivity { .. } | Action::TakeDecision { .. } => Step::default(),
        Action::Wait(d) => Step {
            wait: Some(humantime::format_duration(*d).to_string()),
            ..Step::default()
        },
    }
}
