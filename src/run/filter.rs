//! Choosing which cases run: by operation, by case id glob, by level.

use crate::cases::case::{Case, Level};

/// A selection of cases; empty lists select everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Operation names.
    pub operations: Vec<String>,
    /// Glob patterns over case ids (`rcwe/domain/*`).
    pub case_globs: Vec<glob::Pattern>,
    /// Levels.
    pub levels: Vec<Level>,
}

impl Filter {
    /// Whether `case` is selected. A case is kept when it has a check of a selected level;
    /// checks of other levels are dropped by [`Filter::apply`].
    pub fn selects(&self, case: &Case) -> bool {
        (self.operations.is_empty() || self.operations.iter().any(|o| o == &case.operation))
            && (self.case_globs.is_empty() || self.case_globs.iter().any(|g| g.matches(&case.id)))
            && (self.levels.is_empty()
                || case
                    .checks
                    .iter()
                    .any(|c| self.levels.contains(&c.level_in(case))))
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
