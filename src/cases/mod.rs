//! Request generators built on the model: valid samples and structured
//! requests with a predicted verdict (the fuzz targets and property tests use both).

pub mod case;
pub mod coherent;
pub mod faults;
pub mod file;
pub mod generated;
pub mod lifecycle;
pub mod property;
pub mod sample;
pub mod structured;
pub mod template;

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
        cases.extend(generated::all());
        cases.extend(faults::all());
    }
    Ok(cases)
}
