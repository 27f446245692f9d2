//! A check group held against an answer, as data and without a verdict: its assertions,
//! whether the answer was an answer at all, and what the endpoint says it lacks. The
//! checks (`check::evaluate`) produce it, for a case's own request and for each of its
//! steps alike; the verdict pipeline ([`super::verdicts`]) alone turns it into a verdict.

use super::answered::Answered;
use super::assertion::Assertion;
use serde::{Deserialize, Serialize};

/// Whether an answer came, and whether it was of a documented kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerState {
    /// An answer of a documented kind (a 2xx or 4xx, its body empty or JSON).
    Documented,
    /// An answer of no documented kind: a 5xx, an HTML page, a body that is not JSON.
    Broken,
    /// No answer: the connection failed (`timeout`: none came in time).
    NoAnswer {
        /// Whether the request timed out (a hang, which counts at any level).
        timeout: bool,
    },
}

/// One check group evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Every assertion, in the order judged; when the answer was no documented kind of
    /// answer, the built-in one that says so (`the answer` / `documented`) comes first.
    pub assertions: Vec<Assertion>,
    /// Whether an answer came and was of a documented kind.
    pub state: AnswerState,
    /// What the answer says the endpoint does not implement (an operation, or
    /// `<operation> <decision type>`), when an assertion failed because of it.
    pub missing: Option<String>,
    /// The facts of the answer the group was held against.
    pub answered: Answered,
}

impl Evaluation {
    /// Whether every assertion held (and the answer was of a documented kind).
    pub fn holds(&self) -> bool {
        self.state == AnswerState::Documented && self.assertions.iter().all(|a| a.holds)
    }

    /// The assertions that did not hold.
    pub fn failures(&self) -> impl Iterator<Item = &Assertion> {
        self.assertions.iter().filter(|a| !a.holds)
    }
}
