//! The deadline index and the engine's time: one ordered set of (time, execution) over
//! every execution's next due item, the executions changed since it was last brought
//! up to date, and the world's "now" (which never goes back). What falls due is the
//! concepts' (each offers its own deadlines); firing it is the coordinating layer's.

use std::collections::{BTreeSet, HashMap};

/// Something of an execution that falls due at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Due {
    /// The execution's start-to-close timeout.
    Execution,
    /// The started decision task's start-to-close timeout.
    DecisionTask,
    /// A timer fires.
    Timer(String),
    /// An activity task times out (the model's ActivityTaskTimeoutType).
    Activity(String, &'static str),
    /// A closed execution's retention period ends.
    Purge,
}

/// The earliest of the deadlines offered; of equal ones, the first offered.
#[derive(Debug, Default)]
pub struct Earliest(Option<(f64, Due)>);

impl Earliest {
    /// Offers `due` at `at` (`None`: no deadline).
    pub fn offer(&mut self, at: Option<f64>, due: Due) {
        if let Some(at) = at {
            if self.0.as_ref().is_none_or(|(b, _)| at < *b) {
                self.0 = Some((at, due));
            }
        }
    }

    /// The earliest one.
    pub fn first(self) -> Option<(f64, Due)> {
        self.0
    }
}

/// Milliseconds, the index's unit (timestamps are written to the millisecond).
pub fn ms(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

/// The index of every execution's next deadline, and the time.
#[derive(Default)]
pub struct Deadlines {
    now: f64,
    index: BTreeSet<(i64, u64)>,
    indexed: HashMap<u64, i64>,
    dirty: BTreeSet<u64>,
}

impl Deadlines {
    /// The world's time.
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Sets the world's time (the caller keeps it from going back).
    pub fn set_now(&mut self, now: f64) {
        self.now = now;
    }

    /// Marks execution `id` for re-indexing: something of it changed.
    pub fn touch(&mut self, id: u64) {
        self.dirty.insert(id);
    }

    /// The executions changed since the last time, to re-index.
    pub fn take_dirty(&mut self) -> BTreeSet<u64> {
        std::mem::take(&mut self.dirty)
    }

    /// Indexes execution `id` under its next deadline (`None`: none).
    pub fn index(&mut self, id: u64, at: Option<f64>) {
        if let Some(old) = self.indexed.remove(&id) {
            self.index.remove(&(old, id));
        }
        if let Some(at) = at {
            self.indexed.insert(id, ms(at));
            self.index.insert((ms(at), id));
        }
    }

    /// When the earliest deadline falls, if any.
    pub fn next(&self) -> Option<f64> {
        self.index.first().map(|(t, _)| *t as f64 / 1000.0)
    }

    /// Takes the execution of the earliest deadline if it falls by `now`.
    pub fn pop_due(&mut self, now: f64) -> Option<u64> {
        let &(t, id) = self.index.first()?;
        if t > ms(now) {
            return None;
        }
        self.index.pop_first();
        self.indexed.remove(&id);
        Some(id)
    }
}
