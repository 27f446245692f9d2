//! A check group: the expectations of one `[[case.check]]` table, which share a level
//! and a source and give one result (`<case id>` or `<case id>/<name>`).

use super::expectation::{Expectation, Needs};
use crate::outcome::Level;
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

    /// Whether the group lets the answer be a 2xx.
    pub fn allows_success(&self) -> bool {
        self.expectations.iter().any(Expectation::allows_success)
    }

    /// What the group reads after the request (history, describe), in order, once each.
    pub fn needs(&self) -> Vec<Needs> {
        let mut needs: Vec<Needs> = self.expectations.iter().filter_map(|e| e.needs()).collect();
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
