//! A check group: the expectations of one `[[case.check]]` table, which share a level
//! and a source and give one result (`<case id>` or `<case id>/<name>`).

use super::expectation::{Expectation, Needs};
use crate::outcome::{Assertion, Level, Predicate, Query};
use serde::{Deserialize, Serialize};

/// Which of the case's executions the history and describe expectations read.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// The case's execution (`${workflowId}` / `${runId}`).
    #[default]
    Current,
    /// The earlier, closed execution of setup `rerun` (`${previousRunId}`).
    Previous,
}

/// One group of expectations sharing a level and a source; each group is a result line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckGroup {
    /// Suffix of the result id (`<case id>/<name>`); the first group may omit it.
    pub name: Option<String>,
    /// must, should or observe (default: the case's).
    pub level: Option<Level>,
    /// The sentence or fact this group rests on (default: the case's).
    pub source: Option<String>,
    /// Which execution `history` and `describe` read.
    pub of: Which,
    expectations: Vec<Expectation>,
}

impl CheckGroup {
    /// A group of `expectations`, kept in the order they are judged ([`Expectation::rank`]).
    pub fn new(mut expectations: Vec<Expectation>) -> Self {
        expectations.sort_by_key(Expectation::rank);
        CheckGroup {
            expectations,
            ..CheckGroup::default()
        }
    }

    /// A 200: what a setup's request needs.
    pub fn success() -> Self {
        CheckGroup::new(vec![Expectation::Status(200)])
    }

    /// A 2xx or the fault `fault` (registering what may exist already, say).
    pub fn success_or(fault: &str) -> Self {
        CheckGroup::new(vec![Expectation::SuccessOrFault(vec![fault.to_owned()])])
    }

    /// A 200 that hands out a task (a poll of a decider or a worker that must find one).
    pub fn task_handed_out() -> Self {
        CheckGroup::new(vec![
            Expectation::Status(200),
            Expectation::Assert(vec![super::Assert {
                query: Query::Member("taskToken".into()),
                predicate: Predicate::Exists,
            }]),
        ])
    }

    /// What a case file states of a step's answer: its status, its fault, the members and
    /// JSON types of a recorded answer.
    pub fn answer(status: u16, fault: Option<&str>, answer_shape: Option<&str>) -> Self {
        let mut e = vec![Expectation::Status(status)];
        e.extend(fault.map(|f| Expectation::Fault(f.to_owned())));
        e.extend(answer_shape.map(|t| Expectation::AnswerShape(t.to_owned())));
        CheckGroup::new(e)
    }

    /// The status, fault and recorded shape the group states of an answer, as a case file's
    /// step writes them (a group that states no status stands for a 200).
    pub fn as_step_answer(&self) -> (u16, Option<String>, Option<String>) {
        let mut out = (200, None, None);
        for e in &self.expectations {
            match e {
                Expectation::Status(s) => out.0 = *s,
                Expectation::Fault(f) => out.1 = Some(f.clone()),
                Expectation::AnswerShape(t) => out.2 = Some(t.clone()),
                _ => {}
            }
        }
        out
    }

    /// The group named `name` (its result id is `<case id>/<name>`).
    pub fn named(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// The group at `level`, resting on `source`.
    pub fn citing(mut self, level: Level, source: &str) -> Self {
        self.level = Some(level);
        self.source = Some(source.to_owned());
        self
    }

    /// The expectations, in the order they are judged.
    pub fn expectations(&self) -> &[Expectation] {
        &self.expectations
    }

    /// The expectations to change (their values filled in, say); the order stays.
    pub fn expectations_mut(&mut self) -> &mut [Expectation] {
        &mut self.expectations
    }

    /// The fault the group expects by name, if it names one.
    pub fn fault(&self) -> Option<&str> {
        self.expectations.iter().find_map(|e| match e {
            Expectation::Fault(f) => Some(f.as_str()),
            _ => None,
        })
    }

    /// Every (query, predicate) pair of the group's expectations, in the order judged.
    pub fn assertions(&self) -> Vec<(Query, Predicate)> {
        self.expectations
            .iter()
            .flat_map(Expectation::assertions)
            .collect()
    }

    /// Whether the group states the status the answer must have.
    pub fn states_status(&self) -> bool {
        self.expectations.iter().any(Expectation::states_status)
    }

    /// What the group expects, in words (`status 400; fault UnknownResourceFault`).
    pub fn expected_text(&self) -> String {
        self.assertions()
            .into_iter()
            .map(|(query, predicate)| {
                crate::outcome::render::expected(&Assertion::held(query, predicate))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Whether the group lets the answer be a 2xx.
    pub fn allows_success(&self) -> bool {
        self.expectations.iter().any(Expectation::allows_success)
    }

    /// What the group reads after the request (history, describe), in order, once each.
    pub fn needs(&self) -> Vec<Needs> {
        let mut needs: Vec<Needs> = self.expectations.iter().flat_map(|e| e.needs()).collect();
        needs.sort();
        needs.dedup();
        needs
    }

    /// The level of this group: its own or `default` (the case's).
    pub fn level_or(&self, default: Level) -> Level {
        self.level.unwrap_or(default)
    }

    /// The result id of this group in the case `case_id`.
    pub fn id_in(&self, case_id: &str) -> String {
        match &self.name {
            Some(name) => format!("{case_id}/{name}"),
            None => case_id.to_owned(),
        }
    }

    /// The source of this group: its own or `default` (the case's).
    pub fn source_or<'a>(&'a self, default: &'a str) -> &'a str {
        self.source.as_deref().unwrap_or(default)
    }
}
