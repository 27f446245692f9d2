//! Job slots, and the long polls that give theirs back.
//!
//! A case holds a slot of its lane while it works (`--jobs` of them; the cases that wait on
//! time have a lane of their own). A long poll that has had no answer after [`PARK_AFTER`]
//! is one the endpoint holds: a poll of an empty task list waits up to the documented 60 s
//! on the service and on `swfcheck serve`. Against an endpoint swfcheck did not start, which
//! cases will sit in such a poll is not known beforehand (it depends on the endpoint's poll
//! timeout and on whether a task comes); so it is found as it happens: the case gives its
//! slot back and is *parked* until the answer comes, then takes a slot again before its next
//! request. A parked case does not hold up its wave either ([`super::schedule`]): a run
//! waits for its empty polls once, side by side, not once per case or per wave.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// How long a long poll may go unanswered before its case gives its slot back: longer than
/// any answer an endpoint works out (moto sleeps 1 s before it answers an empty poll), far
/// shorter than a held poll's 60 s.
pub const PARK_AFTER: Duration = Duration::from_secs(2);

/// How long an empty long poll waits on the service (PollForDecisionTask's documentation:
/// "If no decision task is available in the specified task list before the timeout of 60
/// seconds expires, an empty result is returned").
pub const DOCUMENTED_POLL: Duration = Duration::from_secs(60);

/// The run's parked long polls, for the scheduler (a parked case does not hold its wave) and
/// the progress display ("4 long polls waiting, up to 60 s").
#[derive(Debug)]
pub struct Parking {
    /// How long a long poll may go unanswered before its case parks ([`PARK_AFTER`]).
    after: Duration,
    /// When each parked poll was sent.
    since: Mutex<Vec<Instant>>,
    /// Woken whenever a case parks or its answer comes.
    changed: Notify,
}

impl Default for Parking {
    fn default() -> Self {
        Parking::after(PARK_AFTER)
    }
}

/// What the run is waiting for: its parked long polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldPolls {
    /// How many long polls the endpoint holds.
    pub polls: usize,
    /// The longest any of them may still wait, if the endpoint holds them the documented 60 s.
    pub up_to: Duration,
}

impl HeldPolls {
    /// In words: `4 long polls waiting, up to 60 s`.
    pub fn line(&self) -> String {
        let s = if self.polls == 1 { "" } else { "s" };
        format!(
            "{} long poll{s} waiting, up to {} s",
            self.polls,
            self.up_to.as_secs_f64().ceil()
        )
    }
}

impl Parking {
    /// Parking for the polls unanswered after `after` (tests: shorter than [`PARK_AFTER`]).
    pub fn after(after: Duration) -> Self {
        Parking {
            after,
            since: Mutex::new(Vec::new()),
            changed: Notify::new(),
        }
    }

    /// The parked polls now; `None` when there are none.
    pub fn waiting(&self) -> Option<HeldPolls> {
        let since = self.since.lock().ok()?;
        let newest = since.iter().max()?;
        Some(HeldPolls {
            polls: since.len(),
            up_to: (*newest + DOCUMENTED_POLL).saturating_duration_since(Instant::now()),
        })
    }

    /// Resolves at the next change (a case parked or its answer came).
    pub async fn changed(&self) {
        self.changed.notified().await;
    }

    fn add(&self, at: Instant) {
        if let Ok(mut since) = self.since.lock() {
            since.push(at);
        }
        self.changed.notify_one();
    }

    fn remove(&self, at: Instant) {
        if let Ok(mut since) = self.since.lock() {
            if let Some(i) = since.iter().position(|s| *s == at) {
                since.remove(i);
            }
        }
        self.changed.notify_one();
    }
}

/// The slot one case task holds, and whether it is parked.
#[derive(Debug)]
pub struct Holder {
    lane: Arc<Semaphore>,
    permit: Mutex<Option<OwnedSemaphorePermit>>,
    parked: AtomicBool,
    /// Whether it ever parked.
    waited: AtomicBool,
    parking: Arc<Parking>,
}

impl Holder {
    /// A holder of `permit`, a slot of `lane`.
    pub fn new(lane: Arc<Semaphore>, permit: OwnedSemaphorePermit, parking: Arc<Parking>) -> Self {
        Holder {
            lane,
            permit: Mutex::new(Some(permit)),
            parked: AtomicBool::new(false),
            waited: AtomicBool::new(false),
            parking,
        }
    }

    /// Whether the case waits in a long poll the endpoint holds (and holds no slot).
    pub fn is_parked(&self) -> bool {
        self.parked.load(Ordering::SeqCst)
    }

    /// Whether the case ever waited in a long poll the endpoint held.
    pub fn waited(&self) -> bool {
        self.waited.load(Ordering::SeqCst)
    }

    /// Runs `work` as this holder's case: a long poll in it ([`long_poll`]) finds the holder.
    /// The slot is given back as soon as `work` ends (the scheduler may hold the holder
    /// longer, until it takes the case's results).
    pub async fn scope<F: Future>(self: Arc<Self>, work: F) -> F::Output {
        let out = HOLDER.scope(self.clone(), work).await;
        let permit = self.permit.lock().ok().and_then(|mut p| p.take());
        drop(permit);
        out
    }

    /// Gives the slot back; the guard counts the poll as parked until it is dropped.
    fn park(self: &Arc<Self>, sent: Instant) -> Parked {
        let permit = self.permit.lock().ok().and_then(|mut p| p.take());
        drop(permit);
        self.parked.store(true, Ordering::SeqCst);
        self.waited.store(true, Ordering::SeqCst);
        self.parking.add(sent);
        Parked {
            holder: self.clone(),
            sent,
        }
    }

    /// Takes a slot again (after the cases already waiting for one).
    async fn take_slot(&self) {
        if let Ok(permit) = self.lane.clone().acquire_owned().await {
            if let Ok(mut p) = self.permit.lock() {
                *p = Some(permit);
            }
        }
    }
}

/// A parked poll: counted until dropped (also when its case is cancelled mid-poll).
struct Parked {
    holder: Arc<Holder>,
    sent: Instant,
}

impl Drop for Parked {
    fn drop(&mut self) {
        self.holder.parked.store(false, Ordering::SeqCst);
        self.holder.parking.remove(self.sent);
    }
}

tokio::task_local! {
    static HOLDER: Arc<Holder>;
}

/// Sends a long poll (`send`): when it has no answer after [`PARK_AFTER`], its case gives its
/// slot back until the answer comes, then takes one again. Outside a case task (run setup,
/// cleanup, `swfcheck prop`), `send` as it is.
pub async fn long_poll<F: Future>(send: F) -> F::Output {
    let Ok(holder) = HOLDER.try_with(Arc::clone) else {
        return send.await;
    };
    let sent = Instant::now();
    tokio::pin!(send);
    if let Ok(answer) = tokio::time::timeout(holder.parking.after, &mut send).await {
        return answer;
    }
    let parked = holder.park(sent);
    let answer = send.await;
    drop(parked);
    holder.take_slot().await;
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    const AFTER: Duration = Duration::from_millis(50);

    fn holder(lane: &Arc<Semaphore>, parking: &Arc<Parking>) -> Arc<Holder> {
        let permit = lane.clone().try_acquire_owned().unwrap();
        Arc::new(Holder::new(lane.clone(), permit, parking.clone()))
    }

    /// Waits (at most 10 s) until `holder` is parked as `want` says.
    async fn until_parked(holder: &Holder, want: bool) {
        for _ in 0..1000 {
            if holder.is_parked() == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("never parked={want}");
    }

    #[tokio::test]
    async fn a_poll_held_past_the_limit_gives_its_slot_back_until_its_answer_comes() {
        let lane = Arc::new(Semaphore::new(1));
        let parking = Arc::new(Parking::after(AFTER));
        let h = holder(&lane, &parking);
        let (answer, held) = tokio::sync::oneshot::channel::<&str>();
        let inside = lane.clone();
        let poll = tokio::spawn(h.clone().scope(async move {
            let answer = long_poll(async { held.await.unwrap() }).await;
            (answer, inside.available_permits())
        }));
        until_parked(&h, true).await;
        assert_eq!(
            lane.available_permits(),
            1,
            "its slot is free for another case"
        );
        let w = parking.waiting().unwrap();
        assert_eq!(w.polls, 1);
        assert!(w.up_to <= DOCUMENTED_POLL && w.up_to > Duration::from_secs(50));
        assert!(
            w.line().starts_with("1 long poll waiting, up to "),
            "{}",
            w.line()
        );
        // Another case takes the slot meanwhile: the answer waits for it to be given back.
        let other = lane.clone().try_acquire_owned().unwrap();
        answer.send("empty").unwrap();
        until_parked(&h, false).await;
        assert!(parking.waiting().is_none() && h.waited());
        assert!(
            !poll.is_finished(),
            "the case waits for a slot before it goes on"
        );
        drop(other);
        let (answer, free) = poll.await.unwrap();
        assert_eq!(answer, "empty");
        assert_eq!(free, 0, "the slot is taken again before the case goes on");
        assert_eq!(lane.available_permits(), 1, "and given back when it ends");
    }

    #[tokio::test]
    async fn a_quick_answer_keeps_the_slot_and_outside_a_case_a_poll_is_a_poll() {
        let lane = Arc::new(Semaphore::new(1));
        let parking = Arc::new(Parking::after(Duration::from_secs(600)));
        let h = holder(&lane, &parking);
        let inside = lane.clone();
        let work = async move { (long_poll(async { 7 }).await, inside.available_permits()) };
        assert_eq!(h.clone().scope(work).await, (7, 0), "the slot was kept");
        assert!(!h.is_parked());
        assert_eq!(long_poll(async { 8 }).await, 8);
    }

    #[tokio::test]
    async fn the_slot_is_free_as_soon_as_the_work_ends_though_the_holder_is_kept() {
        let lane = Arc::new(Semaphore::new(1));
        let h = holder(&lane, &Arc::new(Parking::default()));
        h.clone().scope(async {}).await;
        assert_eq!(lane.available_permits(), 1);
        drop(h);
    }

    #[tokio::test]
    async fn a_case_cancelled_while_parked_is_no_longer_counted() {
        let lane = Arc::new(Semaphore::new(1));
        let parking = Arc::new(Parking::after(AFTER));
        let h = holder(&lane, &parking);
        let poll = tokio::spawn(h.clone().scope(long_poll(std::future::pending::<()>())));
        until_parked(&h, true).await;
        assert_eq!(parking.waiting().map(|w| w.polls), Some(1));
        poll.abort();
        let _ = poll.await;
        assert!(parking.waiting().is_none());
    }

    #[test]
    fn waiting_in_words() {
        let w = HeldPolls {
            polls: 4,
            up_to: Duration::from_millis(59_200),
        };
        assert_eq!(w.line(), "4 long polls waiting, up to 60 s");
    }
}
