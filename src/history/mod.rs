//! Histories users already have: read them from files, and hold them to the invariants
//! every history the service writes keeps.
//!
//! A history file is what GetWorkflowExecutionHistory answers (or PollForDecisionTask, or
//! `aws swf get-workflow-execution-history` prints): `{"events": [...]}`, other members
//! ignored; several pages of one execution are one file ([`read`] says how). The one entry
//! function is [`check`]: the events in, the [`Violation`]s out, each typed data (which
//! [`Invariant`], the event ids, the expected and the actual values as JSON) that
//! [`render()`] turns into a sentence.
//!
//! ```
//! use serde_json::json;
//! use swfcheck::history::{Invariant, check, render};
//!
//! let events = [
//!     json!({"eventId": 1, "eventType": "WorkflowExecutionStarted",
//!            "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE",
//!              "taskList": {"name": "tl"}, "workflowType": {"name": "wf", "version": "1"}}}),
//!     json!({"eventId": 3, "eventType": "DecisionTaskScheduled",
//!            "decisionTaskScheduledEventAttributes": {"taskList": {"name": "tl"}}}),
//! ];
//! let found = check(&events);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].invariant, Invariant::IdsConsecutive);
//! assert_eq!(found[0].events, [3]);
//! assert_eq!(
//!     render(&found[0]),
//!     "event 3 (DecisionTaskScheduled): event ids are 1, 2, 3, ... in the order of the \
//!      history: expected eventId 2, found 3"
//! );
//! ```

pub mod invariants;
pub mod read;
pub mod render;

pub use invariants::{Invariant, Violation, check};
pub use read::{HistoryFileError, LoadedHistory, parse, read_path};
pub use render::{citation, render};
