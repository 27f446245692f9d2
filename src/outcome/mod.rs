//! The floor every stage above stands on: one exchange with the endpoint (the request
//! as sent, the answer or the transport error) and the facts of its answer, its evidence
//! with secrets replaced and the curl line that replays it, a check group's typed
//! assertions and evaluation, the result and the run report, and the one verdict
//! pipeline ([`verdicts`]: levels, retry, not implemented, strict, snapshots, baselines,
//! counting and the exit status).
//!
//! Checks evaluate exchanges into [`Evaluation`]s, [`verdicts`] turns them into results,
//! reports render results: none of them reaches into another for these types, and no
//! module but [`verdicts`] assigns a verdict.

pub mod answered;
pub mod assertion;
pub mod baseline;
pub mod compared;
pub mod curl;
pub mod evaluation;
pub mod evidence;
pub mod exchange;
pub mod level;
pub mod render;
pub mod result;
pub mod run_report;
pub mod secrets;
pub mod verdicts;

pub use answered::{Answered, BodyKind};
pub use assertion::{Actual, Assertion, Predicate, Query};
pub use compared::{Compared, Difference};
pub use evaluation::{AnswerState, Evaluation};
pub use evidence::Evidence;
pub use exchange::{Exchange, Outgoing, Received, Sent, TransportError};
pub use level::Level;
pub use result::{CaseResult, Cause, Subject, Variation, Verdict};
pub use run_report::RunReport;
