//! The long polls waiting at a moment: how many per (kind, domain, task list), for a state
//! dump. A poll holds a [`Waiting`] while it waits; dropping it (the poll answered, timed
//! out, or its client went away) takes it off the count.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// (operation, domain, task list name).
pub type PollKey = (String, String, String);

/// The waiting polls, counted per key.
#[derive(Default)]
pub struct Pollers {
    waiting: Arc<Mutex<BTreeMap<PollKey, usize>>>,
}

/// One poll's place in the count; dropping it leaves.
pub struct Waiting {
    key: PollKey,
    waiting: Arc<Mutex<BTreeMap<PollKey, usize>>>,
}

fn lock(m: &Mutex<BTreeMap<PollKey, usize>>) -> MutexGuard<'_, BTreeMap<PollKey, usize>> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Pollers {
    /// Counts one more poll waiting on `key` until the [`Waiting`] is dropped.
    pub fn enter(&self, key: PollKey) -> Waiting {
        *lock(&self.waiting).entry(key.clone()).or_default() += 1;
        Waiting {
            key,
            waiting: self.waiting.clone(),
        }
    }

    /// The keys with polls waiting, and how many.
    pub fn counts(&self) -> Vec<(PollKey, usize)> {
        lock(&self.waiting)
            .iter()
            .map(|(k, n)| (k.clone(), *n))
            .collect()
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let mut waiting = lock(&self.waiting);
        if let Some(n) = waiting.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                waiting.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poll_counts_while_it_waits() {
        let pollers = Pollers::default();
        let key = |l: &str| ("PollForDecisionTask".into(), "d".into(), l.to_owned());
        let a = pollers.enter(key("a"));
        let b = pollers.enter(key("a"));
        let c = pollers.enter(key("b"));
        assert_eq!(pollers.counts(), [(key("a"), 2), (key("b"), 1)]);
        drop((a, c));
        assert_eq!(pollers.counts(), [(key("a"), 1)]);
        drop(b);
        assert!(pollers.counts().is_empty());
    }
}
