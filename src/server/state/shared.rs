//! The world shared by every connection of the endpoint: one lock over it, long polls
//! that wait outside it (woken by a Notify on every change), and the one driver task
//! that sleeps until the earliest deadline and fires what is due.

use super::clock::Clock;
use super::input::Reply;
use super::pollers::{PollKey, Pollers};
use super::view::View;
use super::world::{Poll, World};
use crate::server::ServerConfig;
use crate::wire::typed::Input;
use crate::wire::{Fault, FaultKind, Request};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use tokio::sync::Notify;

/// The state shared by every connection.
pub struct Store {
    world: Mutex<World>,
    changed: Notify,
    rearm: Arc<Notify>,
    config: ServerConfig,
    pollers: Pollers,
    /// How many times the world was reset: a poll that began before a reset ends.
    resets: AtomicU64,
    /// The endpoint is stopping: polls answer the empty task at once.
    stopping: AtomicBool,
}

impl Store {
    /// An empty world on the configured clock. Inside a tokio runtime it also starts
    /// the one driver task that fires deadlines while nobody calls; the task ends
    /// when the store is dropped.
    pub fn new(config: ServerConfig) -> Arc<Self> {
        let store = Arc::new(Store {
            world: Mutex::new(World::default()),
            changed: Notify::new(),
            rearm: Arc::new(Notify::new()),
            config,
            pollers: Pollers::default(),
            resets: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
        });
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::spawn(drive(
                Arc::downgrade(&store),
                store.rearm.clone(),
                store.config.clock.clone(),
            ));
        }
        store
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A handler never panics while holding the lock; if one did, the data is still
        // consistent per request (each handler checks before it mutates), so keep serving.
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a validated request: its typed input, read once, goes to the world.
    pub async fn handle(&self, req: &Request) -> Reply {
        let input = read(req)?;
        match &input {
            Input::PollForDecisionTask(i) => return self.poll(Poll::Decision(i)).await,
            Input::PollForActivityTask(i) => return self.poll(Poll::Activity(i)).await,
            _ => {}
        }
        let now = self.config.clock.now();
        let (reply, earlier) = self.with_world(|w| w.call(now, input));
        self.after_change(earlier);
        reply
    }

    /// Brings the world to the clock's time (as every request does: what fell due
    /// fires, and the pollers are woken), then shows it to `f` under the lock: the one
    /// way to read the whole state of a running endpoint (e.g. for a state dump).
    /// `f` runs under the lock that every request takes: keep it short.
    pub fn inspect<T>(&self, f: impl FnOnce(View<'_>) -> T) -> T {
        let now = self.config.clock.now();
        let (out, earlier) = self.with_world(|w| {
            w.advance(now);
            w.settle();
            f(View::new(w))
        });
        self.after_change(earlier);
        out
    }

    /// The long polls waiting now: (operation, domain, task list) and how many.
    pub fn pollers(&self) -> Vec<(PollKey, usize)> {
        self.pollers.counts()
    }

    /// Forgets everything (domains, types, executions, tasks, timers) and starts again
    /// from an empty world at the clock's time. Every long poll waiting is answered at
    /// once with the empty task, as at its timeout: what it waited on is gone.
    pub fn reset(&self) {
        let now = self.config.clock.now();
        {
            let mut world = self.lock();
            *world = World::default();
            world.advance(now);
            self.resets.fetch_add(1, Ordering::SeqCst);
        }
        self.changed.notify_waiters();
        self.rearm.notify_one();
    }

    /// Runs `f` on the locked world; also says whether the earliest deadline moved earlier.
    fn with_world<T>(&self, f: impl FnOnce(&mut World) -> T) -> (T, bool) {
        let mut world = self.lock();
        let before = world.next_deadline();
        let out = f(&mut world);
        let after = world.next_deadline();
        (out, after.is_some_and(|a| before.is_none_or(|b| a < b)))
    }

    /// Wakes the pollers; re-arms the deadline driver when a deadline came earlier
    /// than the one it sleeps until.
    fn after_change(&self, earlier_deadline: bool) {
        self.changed.notify_waiters();
        if earlier_deadline {
            self.rearm.notify_one();
        }
    }

    /// Answers every long poll waiting now with the empty task, and every poll that comes
    /// later at once, without a task: the endpoint is stopping (`swfcheck serve` on SIGINT
    /// or SIGTERM, [`crate::server::RunningServer::shutdown`]), so nobody waits on it.
    pub fn stop_polls(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.changed.notify_waiters();
    }

    /// A long poll: takes a task now, or waits for a change up to the poll timeout, then
    /// answers the empty task. The timeout runs on real time and on the engine's clock: a
    /// manual clock advanced past it ends the poll as well. A reset or a stop ends it at
    /// once. A task is taken and answered with no await between, so a poll whose client
    /// closes its connection while it waits (hyper then drops this future) never holds one:
    /// the task goes to the next poller (tests/serve_polls.rs).
    async fn poll(&self, poll: Poll<'_>) -> Reply {
        let clock = &self.config.clock;
        let deadline = tokio::time::Instant::now() + self.config.poll_timeout;
        let clock_deadline = clock.now() + self.config.poll_timeout.as_secs_f64();
        let resets = self.resets.load(Ordering::SeqCst);
        let key = (
            poll.operation().to_owned(),
            poll.domain().to_owned(),
            poll.task_list().to_owned(),
        );
        let _waiting = self.pollers.enter(key);
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let advanced = clock.advanced();
            tokio::pin!(advanced);
            if let Some(a) = advanced.as_mut().as_pin_mut() {
                a.enable();
            }
            if let Some(reply) = self.try_take(poll, resets) {
                return reply;
            }
            if clock.now() >= clock_deadline {
                return Ok(Some(poll.empty()));
            }
            let advance = async {
                match advanced.as_pin_mut() {
                    Some(a) => a.await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = changed => {}
                _ = advance => {}
                _ = tokio::time::sleep_until(deadline) => return Ok(Some(poll.empty())),
            }
        }
    }

    /// One attempt of a poll: the empty task when the world was reset since the poll
    /// began or the endpoint is stopping, a task if one is there, else nothing yet.
    fn try_take(&self, poll: Poll<'_>, resets: u64) -> Option<Reply> {
        let now = self.config.clock.now();
        let (taken, earlier) = self.with_world(|w| {
            let gone = self.resets.load(Ordering::SeqCst) != resets;
            if gone || self.stopping.load(Ordering::SeqCst) {
                return Ok(Some(poll.empty()));
            }
            w.take_task(now, poll)
        });
        match taken {
            Ok(None) => None,
            Ok(Some(task)) => {
                self.after_change(earlier);
                Some(Ok(Some(task)))
            }
            Err(fault) => Some(Err(fault)),
        }
    }
}

/// The typed input of a validated request; a struct that disagrees with the model (a
/// defect, which tests/typed.rs guards against) is answered as a fault, never a panic.
pub(super) fn read(req: &Request) -> Result<Input, Fault> {
    req.read()
        .map_err(|e| Fault::new(FaultKind::Serialization, e.to_string()))
}

impl Drop for Store {
    fn drop(&mut self) {
        self.rearm.notify_one();
    }
}

/// The deadline driver: sleeps until the earliest deadline (or a re-arm), fires what
/// is due, wakes the pollers. Holds the store only while it works.
async fn drive(store: Weak<Store>, rearm: Arc<Notify>, clock: Clock) {
    loop {
        let next = match store.upgrade() {
            Some(s) => s.lock().next_deadline(),
            None => return,
        };
        tokio::select! {
            _ = clock.wait_until(next) => {}
            _ = rearm.notified() => {}
        }
        let Some(s) = store.upgrade() else { return };
        let fired = s.lock().advance(clock.now());
        if fired {
            s.changed.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;
    use crate::server::state::clock::ManualClock;
    use crate::wire::parse_body;

    #[tokio::test]
    async fn inspect_shows_the_world_brought_up_to_the_clock() {
        let clock = ManualClock::new(1_000_000.0);
        let store = Store::new(ServerConfig {
            clock: Clock::Manual(clock.clone()),
            ..ServerConfig::default()
        });
        let body = br#"{"name": "d", "workflowExecutionRetentionPeriodInDays": "1"}"#;
        let req = parse_body(swf().operation("RegisterDomain").unwrap(), body).unwrap();
        store.handle(&req).await.unwrap();
        clock.advance(5.0);
        let (now, names) = store.inspect(|view| {
            let names: Vec<String> = view.domains().map(|d| d.name().to_owned()).collect();
            (view.now(), names)
        });
        assert_eq!((now, names), (1_000_005.0, vec!["d".to_owned()]));
    }
}
