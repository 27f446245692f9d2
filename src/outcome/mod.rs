//! The floor every stage above stands on: one exchange with the endpoint (the request
//! as sent, the answer or the transport error), its evidence with secrets replaced and
//! the curl line that replays it, a check group's result and verdict, and the verdict
//! policy (levels, counting, `--strict`, conformance, the exit status).
//!
//! Checks judge exchanges into results, reports render results, the CLI asks
//! [`policy`] for the exit status: none of them reaches into another for these types.

pub mod compared;
pub mod curl;
pub mod evidence;
pub mod exchange;
pub mod level;
pub mod policy;
pub mod result;
pub mod run_report;
pub mod secrets;

pub use compared::{Compared, Difference};
pub use evidence::Evidence;
pub use exchange::{Exchange, Outgoing, Received, Sent, TransportError};
pub use level::Level;
pub use result::{CaseResult, Cause, Verdict};
pub use run_report::RunReport;
