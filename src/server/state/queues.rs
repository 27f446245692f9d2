//! Task lists: the scheduled decision and activity tasks of each (domain, task list),
//! highest priority first, then oldest first. Entries are checked when taken, so a
//! task that timed out or whose execution closed is simply skipped.

use std::collections::{BTreeMap, HashMap};

/// (domain, task list name).
pub type ListKey = (String, String);

/// (-priority, sequence): the order in which a list hands out tasks.
type Slot = (i64, u64);

/// A scheduled activity task: execution, activityId, ActivityTaskScheduled event id.
pub type ActivityRef = (u64, String, i64);

/// Every task list of the endpoint.
#[derive(Default)]
pub struct Queues {
    seq: u64,
    decisions: HashMap<ListKey, BTreeMap<Slot, (u64, i64)>>,
    activities: HashMap<ListKey, BTreeMap<Slot, ActivityRef>>,
}

impl Queues {
    fn slot(&mut self, priority: i64) -> Slot {
        self.seq += 1;
        (priority.saturating_neg(), self.seq)
    }

    /// Queues execution `id`'s decision task scheduled as event `scheduled_id`.
    pub fn push_decision(&mut self, key: ListKey, priority: i64, id: u64, scheduled_id: i64) {
        let slot = self.slot(priority);
        self.decisions
            .entry(key)
            .or_default()
            .insert(slot, (id, scheduled_id));
    }

    /// Queues an activity task.
    pub fn push_activity(&mut self, key: ListKey, priority: i64, task: ActivityRef) {
        let slot = self.slot(priority);
        self.activities.entry(key).or_default().insert(slot, task);
    }

    /// Takes the first decision task of `key` that `valid` accepts, dropping stale ones.
    pub fn take_decision(
        &mut self,
        key: &ListKey,
        valid: impl Fn(u64, i64) -> bool,
    ) -> Option<(u64, i64)> {
        take(&mut self.decisions, key, |(id, s)| valid(*id, *s))
    }

    /// Takes the first activity task of `key` that `valid` accepts, dropping stale ones.
    pub fn take_activity(
        &mut self,
        key: &ListKey,
        valid: impl Fn(&ActivityRef) -> bool,
    ) -> Option<ActivityRef> {
        take(&mut self.activities, key, valid)
    }

    /// How many decision tasks of `key` are still valid.
    pub fn count_decisions(&self, key: &ListKey, valid: impl Fn(u64, i64) -> bool) -> usize {
        self.decisions
            .get(key)
            .map_or(0, |q| q.values().filter(|(id, s)| valid(*id, *s)).count())
    }

    /// How many activity tasks of `key` are still valid.
    pub fn count_activities(&self, key: &ListKey, valid: impl Fn(&ActivityRef) -> bool) -> usize {
        self.activities
            .get(key)
            .map_or(0, |q| q.values().filter(|t| valid(t)).count())
    }
}

fn take<T>(
    lists: &mut HashMap<ListKey, BTreeMap<Slot, T>>,
    key: &ListKey,
    valid: impl Fn(&T) -> bool,
) -> Option<T> {
    let queue = lists.get_mut(key)?;
    let mut found = None;
    while let Some((_, task)) = queue.pop_first() {
        if valid(&task) {
            found = Some(task);
            break;
        }
    }
    if queue.is_empty() {
        lists.remove(key);
    }
    found
}
