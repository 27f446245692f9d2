//! What the endpoint issues during a case — the runIds of the executions its setup and
//! steps start, the ids and tokens of its steps' answers, the token of the activity task
//! its setup took — and binding them into a plan's text, where they stand as they are
//! written in case files (`${runId}`, `${previousRunId}`, `${runIdOf:ID}`,
//! `${answer:N:PATH}`; and `${dollar}` for `$`).

use crate::cases::template::{TemplateError, id_leaves, scan};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// An execution: its domain, workflowId and runId.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExecutionRef {
    /// The domain it runs in.
    pub domain: String,
    /// The workflowId.
    pub workflow_id: String,
    /// The runId.
    pub run_id: String,
}

/// The values the endpoint issued so far in a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Issued {
    /// The case's (current) execution, started by its setup.
    pub current: Option<ExecutionRef>,
    /// The earlier, closed execution of setup `rerun`.
    pub previous: Option<ExecutionRef>,
    /// The runId of the last execution a step started, by workflowId (`${runIdOf:ID}`).
    pub run_ids: BTreeMap<String, String>,
    /// Ids and tokens of the steps' answers, by `N:PATH` (`${answer:N:PATH}`).
    pub answers: BTreeMap<String, String>,
    /// The token of the task the setup took (`${taskToken}`; setups `open-activity`,
    /// `decision-task`, `activity-task` and their stale forms).
    pub task_token: Option<String>,
}

impl Issued {
    /// Keeps the ids, tokens and ARNs of step `step`'s answer for `${answer:N:PATH}`.
    pub fn keep_answer(&mut self, step: usize, answer: &Json) {
        let mut found = Vec::new();
        id_leaves(answer, "", &mut found);
        for (path, value) in found {
            self.answers.insert(format!("{step}:{path}"), value);
        }
    }

    /// The execution `current` or `previous` names, if the setup started it.
    pub fn execution(&self, previous: bool) -> Option<&ExecutionRef> {
        if previous {
            self.previous.as_ref()
        } else {
            self.current.as_ref()
        }
    }

    /// `text` with every issued value bound. A value not issued (yet) is bound as the
    /// placeholder a case file is checked with: `""` for the setup's runIds, `run` and
    /// `answer` for a step's.
    pub fn bind(&self, text: &str) -> String {
        if !text.contains("${") {
            return text.to_owned();
        }
        scan(text, &mut |name| Ok(self.lookup(name)))
            .unwrap_or_else(|_: TemplateError| text.to_owned())
    }

    /// Every string of `value`, object keys included, bound.
    pub fn bind_json(&self, value: &Json) -> Json {
        match value {
            Json::String(s) => Json::String(self.bind(s)),
            Json::Array(items) => Json::Array(items.iter().map(|v| self.bind_json(v)).collect()),
            Json::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (self.bind(k), self.bind_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn lookup(&self, name: &str) -> String {
        let run = |e: &Option<ExecutionRef>| e.as_ref().map_or(String::new(), |e| e.run_id.clone());
        match name {
            "dollar" => "$".to_owned(),
            "runId" => run(&self.current),
            "previousRunId" => run(&self.previous),
            "taskToken" => self.task_token.clone().unwrap_or_default(),
            _ => {
                if let Some(key) = name.strip_prefix("answer:") {
                    return self
                        .answers
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| "answer".into());
                }
                if let Some(id) = name.strip_prefix("runIdOf:") {
                    let id = self.bind(id);
                    return self
                        .run_ids
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| "run".into());
                }
                // Not a value a plan leaves: the text as written.
                format!("${{{name}}}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::template::Vars;

    #[test]
    fn issued_values_are_bound_after_the_known_ones_were_filled_in() {
        let vars = Vars::placeholder();
        let mut issued = Issued::default();
        issued.run_ids.insert("wf-1".into(), "R1".into());
        let plan_text = vars.expand("${runIdOf:${workflowId}-1}").unwrap();
        assert_eq!(issued.bind(&plan_text), "R1");
        issued.keep_answer(
            2,
            &serde_json::json!({"taskToken": "T", "events": [{"a": {"newExecutionRunId": "N"}}],
                "workflowId": "not an id"}),
        );
        assert_eq!(issued.bind("${answer:2:taskToken}"), "T");
        assert_eq!(issued.bind("${answer:2:events.0.a.newExecutionRunId}"), "N");
        assert_eq!(issued.answers.len(), 2);
        issued.keep_answer(
            3,
            &serde_json::json!({"domainInfo": {"name": "d", "arn": "arn:aws:swf::1:/domain/d"},
                "configuration": {"workflowExecutionRetentionPeriodInDays": "1"}}),
        );
        assert_eq!(
            issued.bind("${answer:3:domainInfo.arn}"),
            "arn:aws:swf::1:/domain/d"
        );
        assert_eq!(issued.answers.len(), 3);
        // `${dollar}` is a `$`, once: what it makes is never read again.
        let text = vars.expand("${dollar}{domain}").unwrap();
        assert_eq!(issued.bind(&text), "${domain}");
        let dollars = Vars {
            domain: "a$b${runId}".into(),
            ..Vars::placeholder()
        };
        assert_eq!(
            issued.bind(&dollars.expand("${domain}").unwrap()),
            "a$b${runId}"
        );
        // Unknown yet: the placeholders a file is checked with.
        assert_eq!(
            issued.bind("${runId}|${runIdOf:x}|${answer:9:t}"),
            "|run|answer"
        );
    }
}
