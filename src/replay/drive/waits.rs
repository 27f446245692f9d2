//! Meeting a deadline: the admin clock moved to it, or real time waited (within the budget),
//! and the event it brings looked for in the written history.

use super::{DriveError, Driver, Flow};
use crate::replay::events::kind;
use crate::replay::script::Deadline;
use crate::replay::time::{ReplayClock, Waited, due_at, step_to};
use std::time::{Duration, Instant};

impl Driver<'_> {
    /// How many events of `event_type` the recorded history holds up to event `n`.
    pub(super) fn recorded_count(&self, n: i64, event_type: &str) -> usize {
        self.recorded
            .iter()
            .take(n.max(0) as usize)
            .filter(|e| kind(e) == event_type)
            .count()
    }

    /// Whether the written history holds the recorded event `n` of `event_type` by now.
    pub(super) async fn arrived(&self, n: i64, event_type: &str) -> Result<bool, DriveError> {
        let want = self.recorded_count(n, event_type);
        let written = self.written().await?;
        Ok(written.iter().filter(|e| kind(e) == event_type).count() >= want)
    }

    /// Brings the endpoint to `deadline`: the admin clock moved, or real time waited.
    pub(super) async fn wait(&mut self, n: i64, deadline: &Deadline) -> Flow {
        let written = self.written().await?;
        let due = due_at(deadline, &written, &self.heartbeats);
        let how = match (&self.clock, due) {
            (_, None) => "not waited: no deadline can be computed (NONE, or the written history lacks the event it counts from)".to_owned(),
            (ReplayClock::Admin { .. }, Some(due)) => self.advance(n, deadline, due).await?,
            (ReplayClock::Real { .. }, Some(due)) => self.wait_real(n, deadline, due).await?,
        };
        self.journal.waited.push(Waited {
            event: n,
            what: deadline.what.clone(),
            how,
        });
        Ok(None)
    }

    pub(super) async fn advance(
        &mut self,
        n: i64,
        deadline: &Deadline,
        due: f64,
    ) -> Result<String, DriveError> {
        let now = self.clock.now().await.unwrap_or(due);
        let mut how = match step_to(due, now) {
            Some(step) => {
                self.clock.advance(step).await?;
                format!("advanced the clock {step} s")
            }
            None => "due already".to_owned(),
        };
        if !self.arrived(n, &deadline.event_type).await? {
            how.push_str(&format!("; no {} was written", deadline.event_type));
        }
        Ok(how)
    }

    pub(super) async fn wait_real(
        &mut self,
        n: i64,
        deadline: &Deadline,
        due: f64,
    ) -> Result<String, DriveError> {
        let now = self.clock.now().await.unwrap_or(due);
        let needed = (due - now).max(0.0);
        let ReplayClock::Real { budget } = self.clock else {
            return Ok(String::new());
        };
        let fits = Duration::try_from_secs_f64(needed).is_ok_and(|d| d <= budget);
        if !fits {
            return Ok(format!(
                "not waited: {needed:.1} s is more than the {:.1} s of --max-wait left",
                budget.as_secs_f64()
            ));
        }
        let started = Instant::now();
        // The deadline, and a grace of 2 s for the endpoint to write the event.
        let limit = Duration::try_from_secs_f64(needed + 2.0).map_or(budget, |d| d.min(budget));
        let mut found = false;
        while started.elapsed() < limit {
            if self.arrived(n, &deadline.event_type).await? {
                found = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let spent = started.elapsed();
        self.clock.spend(spent);
        let mut how = format!("waited {:.1} s", spent.as_secs_f64());
        if !found {
            how.push_str(&format!("; no {} was written", deadline.event_type));
        }
        Ok(how)
    }
}
