//! What the follow-up reads of the execution and its task say: the members of
//! DescribeWorkflowExecution's `executionInfo`, and the `cancelRequested` of the
//! heartbeat a worker records after the request (`then = "heartbeat"`).

use super::history::read;
use super::{Answer, Tally};
use serde_json::Value as Json;

/// Each member of `executionInfo` named in `want` has its value.
pub fn execution_info(want: &serde_json::Map<String, Json>, a: &Answer<'_>, t: &mut Tally) {
    let Some(info) = read(&a.after.describe, "a readable description", t) else {
        return;
    };
    for (k, wanted) in want {
        let got = info.get(k).cloned().unwrap_or(Json::Null);
        t.expect(
            format!("executionInfo.{k} = {wanted}"),
            got == *wanted,
            got.to_string(),
        );
    }
}

/// The heartbeat answered `cancelRequested: want`.
pub fn heartbeat(want: bool, a: &Answer<'_>, t: &mut Tally) {
    let got = match &a.after.heartbeat {
        Some(Ok(v)) => format!("{v:?}"),
        Some(Err(e)) => e.clone(),
        None => "no heartbeat".into(),
    };
    let ok = matches!(&a.after.heartbeat, Some(Ok(Some(v))) if *v == want);
    t.expect(format!("heartbeat cancelRequested {want}"), ok, got);
}
