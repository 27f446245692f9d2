//! What can be wrong with one case of a case file, as data: the loader
//! ([`super::file`]) names the file and line around it.

use super::template::TemplateError;

/// Why a case of a case file is not a valid case.
#[derive(Debug, thiserror::Error)]
pub enum InvalidCase {
    /// The operation is not one of the model's.
    #[error("unknown operation {0:?} (hint: `swfcheck list` shows the operations)")]
    UnknownOperation(String),
    /// Both `request.body` and `request.raw`.
    #[error("request.body and request.raw are exclusive")]
    BodyAndRaw,
    /// A `${...}` value that does not exist or is malformed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A step is wrong.
    #[error("step {n}: {problem}")]
    Step {
        /// The step, from 1.
        n: usize,
        /// What is wrong with it.
        problem: Box<InvalidCase>,
    },
    /// A step is not exactly one of a request, a decider's answer or a wait.
    #[error("a step has either operation (with body), decide or wait")]
    StepKind,
    /// A decider's decision type the model does not have.
    #[error("decide.decision must be one of {known:?}")]
    UnknownDecision {
        /// The model's decision types.
        known: Vec<String>,
    },
    /// A wait that is not a duration, or longer than a minute.
    #[error("wait {text:?}: {why}")]
    Wait {
        /// The value as written.
        text: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// An `answer_shape` that is not JSON.
    #[error("answer_shape is not JSON: {0}")]
    AnswerShape(#[source] serde_json::Error),
    /// No check group.
    #[error("no checks: a case needs at least one (check = [{{ status = 200 }}])")]
    NoChecks,
    /// A check group is wrong.
    #[error("check {n}: {problem}")]
    Check {
        /// The group, from 1.
        n: usize,
        /// What is wrong with it.
        problem: Box<InvalidCase>,
    },
    /// Two groups of the case share a name (and so a result id).
    #[error("two checks share a name: give each group its own `name`")]
    DuplicateCheckName,
    /// A group with nothing to check at a level that counts.
    #[error("states no expectation (only observe checks may be empty)")]
    EmptyCheck,
    /// A group named after an output or meaning check the loader adds.
    #[error(
        "a check named {0:?} is one the loader adds (an output or meaning check); name yours otherwise"
    )]
    ReservedName(&'static str),
    /// A history or describe check on a case that starts no execution.
    #[error("history/describe checks need a setup that starts an execution")]
    NeedsExecution,
    /// `of = "previous"` without the setup that makes a previous execution.
    #[error("of = \"previous\" needs setup = \"rerun\"")]
    PreviousNeedsRerun,
    /// A heartbeat check without the heartbeat step.
    #[error("heartbeat_cancel_requested needs then = \"heartbeat\"")]
    HeartbeatNeedsThen,
    /// The heartbeat step without an activity task to heartbeat.
    #[error("then = \"heartbeat\" needs setup = \"open-activity\"")]
    ThenNeedsOpenActivity,
    /// A status class that is not of the form `4xx`.
    #[error("status_class {0:?} is not of the form \"4xx\"")]
    StatusClass(String),
    /// A `matches` predicate that is not a regular expression.
    #[error("matches {pattern:?} is not a regular expression: {why}")]
    Pattern {
        /// The pattern as written.
        pattern: String,
        /// What the regular expression parser said.
        why: String,
    },
}

impl InvalidCase {
    /// This problem, as the problem of step `n`.
    pub fn in_step(self, n: usize) -> Self {
        InvalidCase::Step {
            n,
            problem: Box::new(self),
        }
    }

    /// This problem, as the problem of check group `n`.
    pub fn in_check(self, n: usize) -> Self {
        InvalidCase::Check {
            n,
            problem: Box::new(self),
        }
    }
}
