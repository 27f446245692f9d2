//! What the answer carries besides its JSON: an empty body on success, the
//! `x-amzn-RequestId` header, the Content-Type.

use super::{Answer, Tally};
use crate::outcome::exchange::media_type;

/// The body is empty (the seed's 200 of RequestCancelWorkflowExecution).
pub fn empty_body(a: &Answer<'_>, t: &mut Tally) {
    let body = &a.received.body;
    t.expect_lazily("an empty body".into(), body.is_empty(), || {
        let start = String::from_utf8_lossy(&body[..body.len().min(200)]);
        format!("{} bytes {start:?}", body.len())
    });
}

/// `x-amzn-RequestId` is present (`want`) or absent.
pub fn request_id(want: bool, a: &Answer<'_>, t: &mut Tally) {
    let has = a
        .received
        .header("x-amzn-requestid")
        .is_some_and(|v| !v.is_empty());
    t.expect(
        format!("x-amzn-RequestId present: {want}"),
        has == want,
        has.to_string(),
    );
}

/// The Content-Type's media type is one of `types`.
pub fn content_type(types: &[String], a: &Answer<'_>, t: &mut Tally) {
    let got = a
        .received
        .header("content-type")
        .map(media_type)
        .unwrap_or_default();
    let ok = types.iter().any(|ty| media_type(ty) == got);
    t.expect(
        format!("Content-Type one of {}", types.join(", ")),
        ok,
        format!("{got:?}"),
    );
}
