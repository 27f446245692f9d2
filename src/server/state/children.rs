//! The children concept: each parent's open child executions, by the parent's
//! StartChildWorkflowExecutionInitiated event. A child's link to its parent is part
//! of what the child was started with (its RunSpec).

use super::by_execution::ByExecution;

/// SWF's quota of open child executions per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_CHILDREN: usize = 1000;

/// An open child execution.
#[derive(Debug, Clone, Copy)]
pub struct Child {
    execution: u64,
    started_id: i64,
}

impl Child {
    /// The child execution (its current run).
    pub fn execution(&self) -> u64 {
        self.execution
    }

    /// The parent's ChildWorkflowExecutionStarted event.
    pub fn started_id(&self) -> i64 {
        self.started_id
    }
}

/// Every parent's open children.
#[derive(Default)]
pub struct Children {
    open: ByExecution<i64, Child>,
}

impl Children {
    /// How many children execution `parent` has open.
    pub fn count(&self, parent: u64) -> usize {
        self.open.len(parent)
    }

    /// Execution `parent`'s open children, by initiated event.
    pub fn of(&self, parent: u64) -> impl Iterator<Item = (i64, &Child)> {
        self.open.iter(parent).map(|(i, c)| (*i, c))
    }

    /// `child` started for `parent`'s initiated event `initiated` (the parent's
    /// ChildWorkflowExecutionStarted is `started_id`).
    pub fn add(&mut self, parent: u64, initiated: i64, child: u64, started_id: i64) {
        let child = Child {
            execution: child,
            started_id,
        };
        self.open.insert(parent, initiated, child);
    }

    /// The child of `parent`'s `initiated` event continued as `new_run`.
    pub fn continued(&mut self, parent: u64, initiated: i64, new_run: u64) {
        if let Some(child) = self.open.get_mut(parent, &initiated) {
            child.execution = new_run;
        }
    }

    /// The child of `parent`'s `initiated` event closed: it leaves the open children.
    pub fn remove(&mut self, parent: u64, initiated: i64) -> Option<Child> {
        self.open.remove(parent, &initiated)
    }

    /// Takes every open child of `parent` (a child policy applies to them), in
    /// initiated order.
    pub fn take_all(&mut self, parent: u64) -> Vec<u64> {
        self.open
            .take_all(parent)
            .into_values()
            .map(|c| c.execution)
            .collect()
    }
}
