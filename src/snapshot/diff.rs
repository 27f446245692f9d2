//! The difference between an accepted snapshot and the actual one, as a unified
//! diff a person reads in a terminal or a report.

use similar::TextDiff;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// A unified diff from `accepted` to `actual` (`-` accepted, `+` actual), with the
/// file names in the `---`/`+++` header. Empty when the two are equal.
pub fn unified(accepted: &str, actual: &str, accepted_name: &str, actual_name: &str) -> String {
    let (accepted, actual) = (with_newline(accepted), with_newline(actual));
    TextDiff::from_lines(accepted.as_str(), actual.as_str())
        .unified_diff()
        .context_radius(CONTEXT)
        .header(accepted_name, actual_name)
        .to_string()
}

/// Every line ends with a newline, so that the last line never shows as a change
/// of its own ("no newline at end of file").
fn with_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_line_is_one_minus_and_one_plus() {
        let d = unified("a\nb\nc", "a\nB\nc\n", "x.snap", "x.snap.new");
        assert_eq!(
            d,
            "--- x.snap\n+++ x.snap.new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        assert_eq!(unified("same\n", "same", "a", "b"), "");
    }
}
