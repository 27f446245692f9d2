//! One clock for the whole engine: the server reads the real one, tests and the
//! `decisions` fuzz target drive a manual one (no sleeping to reach a timeout).

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;
use tokio::sync::futures::Notified;

/// Where the engine's "now" comes from.
#[derive(Clone, Default)]
pub enum Clock {
    /// The system clock (`swfcheck serve`, `swfcheck run`).
    #[default]
    System,
    /// A clock that moves only when told to.
    Manual(Arc<ManualClock>),
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clock::System => f.write_str("Clock::System"),
            Clock::Manual(m) => write!(f, "Clock::Manual({})", m.now()),
        }
    }
}

/// A clock that a test advances by hand; advancing wakes the timer driver.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<f64>,
    advanced: Notify,
}

impl ManualClock {
    /// A manual clock standing at `start` (epoch seconds).
    pub fn new(start: f64) -> Arc<Self> {
        Arc::new(ManualClock {
            now: Mutex::new(start),
            advanced: Notify::new(),
        })
    }

    /// The time it shows.
    pub fn now(&self) -> f64 {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves it forward by `seconds` (a negative or non-finite step is ignored).
    pub fn advance(&self, seconds: f64) {
        if seconds.is_finite() && seconds > 0.0 {
            *self.now.lock().unwrap_or_else(|p| p.into_inner()) += seconds;
            self.advanced.notify_waiters();
        }
    }
}

impl ManualClock {
    /// Completes at the next advance. Enable it (`Notified::enable`) before reading the
    /// time, so that an advance in between is not missed.
    pub fn advanced(&self) -> Notified<'_> {
        self.advanced.notified()
    }
}

/// Seconds since the epoch from the system clock, to the millisecond.
pub fn system_now() -> f64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_millis() as f64) / 1000.0
}

impl Clock {
    /// Seconds since the epoch, as SWF writes timestamps.
    pub fn now(&self) -> f64 {
        match self {
            Clock::System => system_now(),
            Clock::Manual(m) => m.now(),
        }
    }

    /// For a manual clock, what completes at its next advance (`None`: the system clock,
    /// which moves by itself).
    pub fn advanced(&self) -> Option<Notified<'_>> {
        match self {
            Clock::System => None,
            Clock::Manual(m) => Some(m.advanced()),
        }
    }

    /// Returns once `deadline` may have passed: at the deadline on the system clock,
    /// at the next advance on a manual one; never for no deadline.
    pub async fn wait_until(&self, deadline: Option<f64>) {
        match (self, deadline) {
            (Clock::Manual(m), _) => m.advanced.notified().await,
            (Clock::System, None) => std::future::pending().await,
            (Clock::System, Some(t)) => {
                let left = (t - system_now()).max(0.0);
                // A few milliseconds late rather than early: timestamps are in milliseconds.
                tokio::time::sleep(
                    Duration::from_secs_f64(left.min(1e9)) + Duration::from_millis(1),
                )
                .await;
            }
        }
    }
}
