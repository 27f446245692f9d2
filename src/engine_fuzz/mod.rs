//! The execution engine under byte scripts: the library side of the `decisions`
//! cargo-fuzz target (fuzz/fuzz_targets/decisions.rs). Any bytes are a script of calls
//! and clock moves ([`script`] reads them: its steps in `step_bytes.rs`, a decision list's
//! decisions in `decision_bytes.rs`, the values both pick in `picks.rs`), run on the engine
//! without HTTP ([`Engine`](crate::server::state::Engine)) through `runner.rs`; after every
//! step the [`invariants`] must hold, read through the engine's read-only view. The seed
//! scripts are data (`fixtures/fuzz/decisions.txt`, read by `seeds.rs`).
//!
//! It is a module of its own rather than part of the engine: the engine knows nothing of
//! fuzzing, and this module uses only the engine's public faces.

mod decision_bytes;
pub mod invariants;
mod picks;
mod runner;
pub mod script;
mod seeds;
mod step_bytes;
