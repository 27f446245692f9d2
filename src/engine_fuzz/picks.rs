//! The values a byte picks that the setup, the steps and the decisions share: the type
//! versions a script starts with and the durations it gives.

/// Workflow type versions: defaults (l0), defaults with short timeouts (l1), none, deprecated.
pub const WORKFLOW_VERSIONS: [&str; 4] = ["1", "2", "bare", "old"];
/// Activity type versions: defaults, none, deprecated.
pub const ACTIVITY_VERSIONS: [&str; 3] = ["1", "bare", "old"];

/// Timeout values a script can pick: absent, NONE, a few lengths, and one the model
/// allows but that is no duration.
const DURATIONS: [Option<&str>; 6] = [
    None,
    Some("NONE"),
    Some("0"),
    Some("3"),
    Some("20"),
    Some("x"),
];

/// The duration byte `b` picks.
pub fn duration(b: u8) -> Option<&'static str> {
    DURATIONS[b as usize % DURATIONS.len()]
}
