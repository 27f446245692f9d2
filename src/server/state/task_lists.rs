//! Task lists: the scheduled tasks of one kind for each (domain, task list), highest
//! priority first, then oldest first. Entries are checked when taken, so a task that
//! timed out or whose execution closed is simply skipped.

use std::collections::{BTreeMap, HashMap};

/// (domain, task list name).
pub type ListKey = (String, String);

/// (-priority, sequence): the order in which a list hands out tasks.
type Slot = (i64, u64);

/// Every task list of one kind of task (decision or activity).
pub struct TaskLists<T> {
    seq: u64,
    lists: HashMap<ListKey, BTreeMap<Slot, T>>,
}

impl<T> Default for TaskLists<T> {
    fn default() -> Self {
        TaskLists {
            seq: 0,
            lists: HashMap::new(),
        }
    }
}

impl<T> TaskLists<T> {
    /// Queues `task` on `key` with `priority`.
    pub fn push(&mut self, key: ListKey, priority: i64, task: T) {
        self.seq += 1;
        let slot = (priority.saturating_neg(), self.seq);
        self.lists.entry(key).or_default().insert(slot, task);
    }

    /// Takes the first task of `key` that `valid` accepts, dropping stale ones.
    pub fn take(&mut self, key: &ListKey, valid: impl Fn(&T) -> bool) -> Option<T> {
        let queue = self.lists.get_mut(key)?;
        let mut found = None;
        while let Some((_, task)) = queue.pop_first() {
            if valid(&task) {
                found = Some(task);
                break;
            }
        }
        if queue.is_empty() {
            self.lists.remove(key);
        }
        found
    }

    /// How many tasks of `key` `valid` accepts.
    pub fn count(&self, key: &ListKey, valid: impl Fn(&T) -> bool) -> usize {
        self.lists
            .get(key)
            .map_or(0, |q| q.values().filter(|t| valid(t)).count())
    }
}

/// A task priority as a number (absent or unreadable: 0, the service's default).
pub fn priority_of(priority: Option<&str>) -> i64 {
    priority.and_then(|p| p.parse().ok()).unwrap_or(0)
}
