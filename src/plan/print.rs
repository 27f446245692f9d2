//! A plan in words: as a case file whose values are filled in, and as the curl lines of
//! its requests in order (setup, steps, the case's request), for `swfcheck explain` and
//! for reproducing a case by hand.

use super::{Action, Body, Call, Issued, Plan, PlanContext, Role};
use crate::cases::case::{Case, Decide, RequestSpec, Step};
use crate::cases::check_table::to_toml;
use crate::outcome::{Evidence, Outgoing, curl};
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
    /// level and what it expects, the case file of its plan and the curl lines of its
    /// requests against `url` (what the endpoint issues stands as `${runId}` and the like).
    pub fn explain(&self, url: &str, region: &str) -> String {
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
        let issued = Issued {
            current: Some(placeholder_execution("${runId}")),
            previous: Some(placeholder_execution("${previousRunId}")),
            ..Issued::default()
        };
        out.push_str(&format!(
            "reproduce (the requests in order; what the endpoint issues, such as runIds and task tokens, \
             stands as ${{runId}} and the like: `run --case {} -v` prints the exact exchanges):\n",
            case.id
        ));
        for line in self.curl_lines(url, region, &issued) {
            out.push_str(&line);
            out.push('\n');
        }
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

    /// One curl line per request, in the order the case sends them: the setup's and the
    /// steps', then the case's own. A decider's answer names the token its poll got as
    /// `$TASK_TOKEN`; values the endpoint issues are bound from `issued` (as the case saw
    /// them, or the placeholders of an unrun case).
    pub fn curl_lines(&self, url: &str, region: &str, issued: &Issued) -> Vec<String> {
        let line = |out: &Outgoing| {
            curl::command(&Evidence {
                url: url.to_owned(),
                signed_region: out.signed.then(|| region.to_owned()),
                request_headers: out.headers.clone(),
                request_body: String::from_utf8_lossy(&out.body).into_owned(),
                ..Evidence::default()
            })
        };
        let prefix = &crate::model::swf().target_prefix;
        let call = |op: &str, body: &Json| {
            let bytes = serde_json::to_vec(&issued.bind_json(body)).unwrap_or_default();
            line(&Outgoing::operation(prefix, op, bytes))
        };
        let mut out = Vec::new();
        for step in &self.steps {
            match &step.action {
                Action::Call(c) => {
                    let mut o = Outgoing::operation(
                        prefix,
                        &c.operation,
                        serde_json::to_vec(&issued.bind_json(&c.body)).unwrap_or_default(),
                    );
                    if let Some(t) = &c.target {
                        o.headers.retain(|(k, _)| k != "X-Amz-Target");
                        o.headers.push(("X-Amz-Target".into(), t.clone()));
                    }
                    out.push(line(&o));
                }
                Action::Decide {
                    domain,
                    task_list,
                    decisions,
                } => {
                    out.push(call(
                        "PollForDecisionTask",
                        &poll(domain, task_list, "swfcheck-decider"),
                    ));
                    let respond = json!({"taskToken": "$TASK_TOKEN", "decisions": decisions});
                    out.push(call("RespondDecisionTaskCompleted", &respond));
                }
                Action::TakeActivity { domain, task_list } => {
                    out.push(call(
                        "PollForActivityTask",
                        &poll(domain, task_list, "swfcheck-worker"),
                    ));
                }
                Action::TakeDecision { domain, task_list } => out.push(call(
                    "PollForDecisionTask",
                    &poll(domain, task_list, "swfcheck-decider"),
                )),
                Action::Wait(d) => out.push(format!("sleep {}", d.as_secs_f64())),
            }
        }
        out.push(line(&self.outgoing(issued)));
        out
    }
}

fn placeholder_execution(run_id: &str) -> super::ExecutionRef {
    super::ExecutionRef {
        run_id: run_id.to_owned(),
        ..super::ExecutionRef::default()
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
            Step {
                operation: Some(operation.clone()),
                body: table(body),
                status: Some(status),
                fault,
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
