//! The cancels concept: which executions have had their cancellation requested (by
//! RequestCancelWorkflowExecution, another execution's decision, or a parent's
//! REQUEST_CANCEL child policy). The flag shows in the execution's info and in its
//! activities' heartbeats; it stays after the execution closes. Signals leave nothing
//! but events, so the signal and cancel flows (world/signals.rs) need no other state.

use std::collections::BTreeSet;

/// The executions whose cancellation was requested.
#[derive(Default)]
pub struct Cancels {
    requested: BTreeSet<u64>,
}

impl Cancels {
    /// Execution `id`'s cancellation is requested.
    pub fn request(&mut self, id: u64) {
        self.requested.insert(id);
    }

    /// Whether execution `id`'s cancellation was requested.
    pub fn is_requested(&self, id: u64) -> bool {
        self.requested.contains(&id)
    }

    /// Execution `id` is gone: it is forgotten.
    pub fn forget(&mut self, id: u64) {
        self.requested.remove(&id);
    }
}
