//! Cases and requests made by program, from the model: a sample of every shape
//! ([`sample`], [`bodies`]), the generated cases of every operation and member
//! ([`from_model`]: boundaries, missing members, wrong types) and each operation's
//! UnknownResourceFault ([`faults`]), coherent decision lists ([`coherent`]), structured
//! requests with a predicted verdict for the fuzz targets ([`structured`]), property
//! strategies with shrinking ([`strategies`]), and the execution lifecycle as a
//! reference state machine ([`lifecycle`]). [`suite`] joins them with the hand-written
//! cases.

pub mod bodies;
pub mod coherent;
pub mod expected;
pub mod faults;
pub mod from_model;
pub mod lifecycle;
pub mod sample;
pub mod strategies;
pub mod structured;
mod value_cases;

use crate::cases::{case, file};

/// Which cases a run or listing starts from (before filters and shards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Suite {
    /// The hand-written cases and the generated ones.
    #[default]
    All,
    /// The hand-written cases (`fixtures/cases/*.toml`).
    Cases,
    /// The cases generated from the model, for every operation.
    Generated,
}

/// The cases of `suite`: hand-written first, then generated, in model order.
pub fn suite(suite: Suite) -> Result<Vec<case::Case>, file::LoadError> {
    let mut cases = match suite {
        Suite::Generated => Vec::new(),
        Suite::All | Suite::Cases => file::builtin()?,
    };
    if suite != Suite::Cases {
        cases.extend(from_model::all());
        cases.extend(faults::all());
    }
    Ok(cases)
}
