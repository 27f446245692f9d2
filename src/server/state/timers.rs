//! The timers concept: each execution's started timers, when each fires, and the
//! causes a StartTimer decision fails with.

use super::by_execution::ByExecution;
use super::deadlines::{Due, Earliest};
use super::input::{allowed_id, seconds};

/// SWF's quota of open timers per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_TIMERS: usize = 1000;

/// A started timer.
#[derive(Debug, Clone)]
pub struct Timer {
    started_id: i64,
    fire_at: f64,
}

impl Timer {
    /// Its TimerStarted event.
    pub fn started_id(&self) -> i64 {
        self.started_id
    }

    /// When it fires.
    pub fn fire_at(&self) -> f64 {
        self.fire_at
    }
}

/// Every execution's started timers, by timerId.
#[derive(Default)]
pub struct Timers {
    open: ByExecution<String, Timer>,
}

impl Timers {
    /// How many timers execution `id` has started and not yet seen fire or canceled.
    pub fn count(&self, id: u64) -> usize {
        self.open.len(id)
    }

    /// Execution `id`'s timers, by timerId.
    pub fn of(&self, id: u64) -> impl Iterator<Item = (&String, &Timer)> {
        self.open.iter(id)
    }

    /// Why execution `id` cannot start timer `timer_id` firing after `fire_in`, if it
    /// cannot: TIMER_ID_ALREADY_IN_USE while one of that id is open, the quota, and
    /// OPERATION_NOT_PERMITTED for a value outside the constraints ("an integer greater
    /// than or equal to 0": no NONE for a timer).
    pub fn refusal(&self, id: u64, timer_id: &str, fire_in: &str) -> Option<&'static str> {
        if self.open.contains(id, timer_id) {
            Some("TIMER_ID_ALREADY_IN_USE")
        } else if self.open.len(id) >= MAX_OPEN_TIMERS {
            Some("OPEN_TIMERS_LIMIT_EXCEEDED")
        } else if !allowed_id(timer_id) || seconds(fire_in).flatten().is_none() {
            Some("OPERATION_NOT_PERMITTED")
        } else {
            None
        }
    }

    /// Starts timer `timer_id` of execution `id` (event `started_id`), firing at `fire_at`.
    pub fn start(&mut self, id: u64, timer_id: String, started_id: i64, fire_at: f64) {
        let timer = Timer {
            started_id,
            fire_at,
        };
        self.open.insert(id, timer_id, timer);
    }

    /// Takes timer `timer_id` of execution `id` (it fired or was canceled).
    pub fn remove(&mut self, id: u64, timer_id: &str) -> Option<Timer> {
        self.open.remove(id, timer_id)
    }

    /// Execution `id` closed: its timers are gone.
    pub fn close(&mut self, id: u64) {
        self.open.take_all(id);
    }

    /// Offers execution `id`'s timers, by timerId.
    pub fn offer_due(&self, id: u64, first: &mut Earliest) {
        for (timer_id, t) in self.open.iter(id) {
            first.offer(Some(t.fire_at), Due::Timer(timer_id.clone()));
        }
    }
}
