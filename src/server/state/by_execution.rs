//! A table of things an execution holds open (activities by activityId, timers by
//! timerId, children by initiated event), kept per execution so that one execution's
//! things are found, counted and dropped together, each in its key's order.

use std::borrow::Borrow;
use std::collections::BTreeMap;

/// Values of type `V` by execution, then by key `K`.
pub struct ByExecution<K, V> {
    rows: BTreeMap<u64, BTreeMap<K, V>>,
}

impl<K, V> Default for ByExecution<K, V> {
    fn default() -> Self {
        ByExecution {
            rows: BTreeMap::new(),
        }
    }
}

impl<K: Ord, V> ByExecution<K, V> {
    /// Execution `id`'s value under `key`.
    pub fn get<Q: Ord + ?Sized>(&self, id: u64, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.rows.get(&id)?.get(key)
    }

    /// Execution `id`'s value under `key`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, id: u64, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.rows.get_mut(&id)?.get_mut(key)
    }

    /// Whether execution `id` holds `key`.
    pub fn contains<Q: Ord + ?Sized>(&self, id: u64, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.get(id, key).is_some()
    }

    /// How many values execution `id` holds.
    pub fn len(&self, id: u64) -> usize {
        self.rows.get(&id).map_or(0, BTreeMap::len)
    }

    /// Puts `value` under `key` for execution `id`.
    pub fn insert(&mut self, id: u64, key: K, value: V) {
        self.rows.entry(id).or_default().insert(key, value);
    }

    /// Takes execution `id`'s value under `key`.
    pub fn remove<Q: Ord + ?Sized>(&mut self, id: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let row = self.rows.get_mut(&id)?;
        let value = row.remove(key);
        if row.is_empty() {
            self.rows.remove(&id);
        }
        value
    }

    /// Takes every value of execution `id`, in key order.
    pub fn take_all(&mut self, id: u64) -> BTreeMap<K, V> {
        self.rows.remove(&id).unwrap_or_default()
    }

    /// Execution `id`'s keys and values, in key order.
    pub fn iter(&self, id: u64) -> impl Iterator<Item = (&K, &V)> {
        self.rows.get(&id).into_iter().flatten()
    }
}
