//! The in-memory SWF execution engine: domains, types, executions and their
//! histories, task lists, timers and timeouts, all behind one clock.
//!
//! Three layers, each module's doc says what it owns:
//! - **Concepts**, one file each: a struct with private fields and a small API that
//!   knows no other concept's fields. `domains`, `types`, `executions` (each run, with
//!   what it was started with, `run_spec`, and its history, `event_log`),
//!   `decision_tasks`, `activity_tasks`, `timers`, `children`, `cancels`; and what they
//!   need: `task_lists`, `by_execution` (what an execution holds open), `deadlines` (the
//!   deadline index and the world's time), `input` (the reply, common faults, paging),
//!   `pollers` (the long polls waiting, counted for a state dump).
//! - **The coordinating layer**, `world/`: the world holds the concepts and carries
//!   out what spans several of them, one file per flow (a decision list, a run that
//!   begins, closing and its effects, deadlines firing, polls, signals and cancels);
//!   its dispatcher (`world/dispatch.rs`) routes each operation's typed input
//!   ([`crate::wire::typed::Input`], read once from the validated request) to the
//!   concepts it touches.
//! - **The faces**: [`Store`] (the endpoint's: one lock, long polls, the deadline
//!   driver), [`Engine`] (no HTTP, a manual clock), and the read-only [`View`] both give.
//!
//! One lock guards the world; long polls wait outside it. Deadlines (timers,
//! activity, decision task and execution timeouts, the end of a closed execution's
//! retention) sit in one ordered index: a single driver task sleeps until the
//! earliest, and every request first brings the world up to the clock's time, so an
//! idle endpoint costs nothing and a test that advances a manual clock sees the
//! effects at once.

mod activity_tasks;
mod by_execution;
mod cancels;
mod children;
pub mod clock;
mod deadlines;
mod decision_tasks;
mod domains;
mod engine;
mod event_log;
mod executions;
mod input;
mod pollers;
mod run_spec;
mod shared;
mod task_lists;
mod timers;
mod types;
mod view;
mod world;

pub use activity_tasks::Activity;
pub use decision_tasks::DecisionState;
pub use domains::Domain;
pub use engine::Engine;
pub use executions::CloseStatus;
pub use input::Reply;
pub use pollers::PollKey;
pub use shared::Store;
pub use timers::Timer;
pub use types::TypeKind;
pub use view::{ExecutionKey, ExecutionView, TypeView, View};
pub use world::empty_task;
