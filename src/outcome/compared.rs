//! What a differential run (`run --compare URL2`) found; computed by
//! [`crate::snapshot::compare`], rendered by the reports.

/// A differential run (`run --compare URL2`): the same cases against a second endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Compared {
    /// The second endpoint's URL.
    pub endpoint: String,
    /// How many cases were compared.
    pub cases: usize,
    /// Every case whose two answers differ once the snapshot placeholders are in.
    pub differences: Vec<Difference>,
}

/// One case answered differently by the two endpoints.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Difference {
    /// The case id.
    pub case: String,
    /// The operation.
    pub operation: String,
    /// The first endpoint's answer, as a snapshot (placeholders for run-specific values).
    pub first: String,
    /// The second endpoint's answer, the same way.
    pub second: String,
    /// A unified diff, first → second.
    pub diff: String,
}
