//! The fault's message: exactly, its start, or parts it contains (wording is held at
//! should where only the service's practice says it, SWF-WIRE.md §3).

use super::{Answer, Tally};

/// The message is exactly `want`.
pub fn exact(want: &str, a: &Answer<'_>, t: &mut Tally) {
    let got = a.message();
    t.expect_lazily(format!("message {want:?}"), got == want, || {
        format!("{got:?}")
    });
}

/// The message starts with `want`.
pub fn starts_with(want: &str, a: &Answer<'_>, t: &mut Tally) {
    let got = a.message();
    t.expect_lazily(
        format!("message starting {want:?}"),
        got.starts_with(want),
        || format!("{got:?}"),
    );
}

/// The message contains each of `parts`.
pub fn contains(parts: &[String], a: &Answer<'_>, t: &mut Tally) {
    let got = a.message();
    for want in parts {
        t.expect_lazily(
            format!("message containing {want:?}"),
            got.contains(want.as_str()),
            || format!("{got:?}"),
        );
    }
}
