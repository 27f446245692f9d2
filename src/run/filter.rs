//! Choosing which cases run: by operation, by case id glob, by level.

use crate::cases::case::{Case, Level};

/// A selection of cases; empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Operation names.
    pub operations: Vec<String>,
    /// Glob patterns over case ids (`rcwe/domain/*`).
    pub case_globs: Vec<glob::Pattern>,
    /// Glob patterns over case ids to leave out.
    pub skip_globs: Vec<glob::Pattern>,
    /// Leave out the cases that register a domain ([`Case::registers_domain`]).
    pub no_new_domains: bool,
    /// Levels.
    pub levels: Vec<Level>,
    /// Run the slow cases too (category `slow`: a long poll's documented 60 s, say); without
    /// it they run only when a `--case` glob names them.
    pub slow: bool,
}

/// The category of the cases that take a minute or more of real time each: left out of a
/// run unless asked for (`--slow`, or a `--case` glob that matches them).
pub const SLOW: &str = "slow";

/// The category of the cases that wait on real time for seconds (timers, timeouts): they run
/// beside the others, many at a time (their time is spent waiting).
pub const TIME: &str = "time";

/// Whether a case is one of the slow ones (a long poll's documented 60 s).
pub fn is_slow(case: &Case) -> bool {
    case.category.as_deref() == Some(SLOW)
}

/// Whether a case waits on real time (category `time` or `slow`). A case that sits in a
/// long poll the endpoint holds is found as it waits (`run::slots`).
pub fn waits(case: &Case) -> bool {
    matches!(case.category.as_deref(), Some(TIME | SLOW))
}

/// The ids of a case's results, as runs and reports print them: `<case id>` or `<case
/// id>/<check name>` for each check group, and `<case id>/snapshot`.
pub fn result_ids(case: &Case) -> impl Iterator<Item = String> + '_ {
    let checks = case.checks.iter().map(|k| k.id_in(&case.id));
    checks.chain(std::iter::once(format!("{}/snapshot", case.id)))
}

/// Whether `glob` names `case`: its id, or the id of one of its results (a group's
/// one-line example, a failing check's line), so that every id printed anywhere selects
/// the case that gave it.
pub fn names(glob: &glob::Pattern, case: &Case) -> bool {
    glob.matches(&case.id) || result_ids(case).any(|id| glob.matches(&id))
}

impl Filter {
    /// Whether `case` is selected. A case is kept when it has a check of a selected level;
    /// checks of other levels are dropped by [`Filter::apply`].
    pub fn selects(&self, case: &Case) -> bool {
        let slow = is_slow(case);
        let named = self.case_globs.iter().any(|g| names(g, case));
        (self.operations.is_empty() || self.operations.iter().any(|o| o == &case.operation))
            && (self.case_globs.is_empty() || named)
            && (!slow || self.slow || named)
            && !self.skip_globs.iter().any(|g| g.matches(&case.id))
            && !(self.no_new_domains && case.registers_domain())
            && (self.levels.is_empty()
                || case
                    .checks
                    .iter()
                    .any(|c| self.levels.contains(&c.level_or(case.level))))
    }

    /// The selected cases, each with only the checks of the selected levels.
    pub fn apply(&self, cases: Vec<Case>) -> Vec<Case> {
        cases
            .into_iter()
            .filter(|c| self.selects(c))
            .map(|mut c| {
                if !self.levels.is_empty() {
                    let level = c.level;
                    c.checks
                        .retain(|k| self.levels.contains(&k.level.unwrap_or(level)));
                }
                c
            })
            .collect()
    }
}

/// FNV-1a's usual starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits) of `bytes`, starting from `start`: a stable hash, the same on every
/// machine and release (shards and seeds must not move).
pub fn fnv1a(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `--shard i/n`: the i-th of n disjoint parts of a suite (1-based), chosen by a
/// hash of each case id, so that a case stays in its shard when others are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which part, 1..=count.
    pub index: u32,
    /// How many parts.
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a shard: expected i/n with 1 <= i <= n, e.g. 2/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the case with this id belongs to this shard (FNV-1a of the id, mod n).
    pub fn holds(&self, id: &str) -> bool {
        let hash = fnv1a(FNV_OFFSET, id.as_bytes());
        hash % u64::from(self.count.max(1)) == u64::from(self.index.saturating_sub(1))
    }

    /// The cases of this shard, in their order.
    pub fn apply(&self, cases: Vec<Case>) -> Vec<Case> {
        cases.into_iter().filter(|c| self.holds(&c.id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_reject_nonsense() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["0/4", "5/4", "1/0", "x/2", "3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_cover_every_case_exactly_once() {
        let ids: Vec<String> = crate::generate::from_model::all()
            .into_iter()
            .map(|c| c.id)
            .collect();
        for count in [1, 2, 3, 7] {
            let mut seen = std::collections::BTreeMap::<&str, u32>::new();
            for index in 1..=count {
                let shard = Shard { index, count };
                for id in ids.iter().filter(|id| shard.holds(id)) {
                    *seen.entry(id).or_default() += 1;
                }
            }
            assert_eq!(seen.len(), ids.len(), "{count} shards miss cases");
            assert!(seen.values().all(|&n| n == 1), "{count} shards overlap");
        }
    }
}
