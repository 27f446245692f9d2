//! The checks every 2xx JSON answer gets: its operation's output shape (must) and the
//! members the model does not document (observe; SWF-WIRE.md §7).

use super::case::{Check, Level};

/// The source of the output shape check.
pub const SOURCE_OUTPUT: &str = "model: the operation's output shape (botocore swf 2012-01-25); \
     SWF-WIRE.md §5.6, §7: timestamps are JSON numbers";
/// The source of the undocumented-members note.
pub const SOURCE_UNDOCUMENTED: &str =
    "SWF-WIRE.md §7: real answers carry members the model does not document (noted, never failed)";

/// The two checks of a 2xx JSON answer: its output shape (must) and members the model
/// does not document (observe).
pub fn output_checks() -> [Check; 2] {
    [
        Check {
            name: Some("output".into()),
            level: Some(Level::Must),
            source: Some(SOURCE_OUTPUT.into()),
            output_shape: Some(true),
            ..Check::default()
        },
        Check {
            name: Some("output-undocumented".into()),
            level: Some(Level::Observe),
            source: Some(SOURCE_UNDOCUMENTED.into()),
            output_documented: Some(true),
            ..Check::default()
        },
    ]
}
