//! How much a check counts: must, should, observe (SWF-WIRE.md decides the level of each
//! fact; [`super::verdicts`] decides what each level means for a run).

use serde::{Deserialize, Serialize};
use std::fmt;

/// How much a check counts (SWF-WIRE.md decides the level of each fact).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Documented (the seed, the model): a failure is a divergence.
    #[default]
    Must,
    /// Seen on the real service: a failure is a divergence too.
    Should,
    /// Undocumented: recorded, never fails a run.
    Observe,
}

impl Level {
    /// The level as written in case files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "must",
            Level::Should => "should",
            Level::Observe => "observe",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
