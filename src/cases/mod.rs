//! Request generators built on the model: valid samples and structured
//! requests with a predicted verdict (the fuzz targets and property tests use both).

pub mod case;
pub mod file;
pub mod sample;
pub mod structured;
pub mod template;
