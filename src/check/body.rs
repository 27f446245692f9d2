//! The answer's body: members it contains, the shape of a recorded answer, the length of
//! its arrays, the events of a history page.

use super::{Answer, Tally};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The body contains `want`'s members with their values ([`subset`]).
pub fn contains(want: &Json, a: &Answer<'_>, t: &mut Tally) {
    let mut differences = Vec::new();
    subset(want, a.body, "", &mut differences);
    t.expect(
        format!("a body containing {want}"),
        differences.is_empty(),
        differences.join(", "),
    );
}

/// The body has the members and JSON types of a recorded answer (JSON `text`,
/// [`super::recorded_shape`]).
pub fn answer_shape(text: &str, a: &Answer<'_>, t: &mut Tally) {
    let (ok, got) = match serde_json::from_str::<Json>(text) {
        Ok(want) => {
            let departures = super::recorded_shape::mismatches(&want, a.body);
            (departures.is_empty(), departures.join("; "))
        }
        Err(e) => (false, format!("answer_shape is not JSON: {e}")),
    };
    t.expect(
        "the recorded answer's members and JSON types".into(),
        ok,
        got,
    );
}

/// The array at each dotted member path has its number of elements.
pub fn array_lengths(lengths: &BTreeMap<String, u32>, a: &Answer<'_>, t: &mut Tally) {
    for (path, n) in lengths {
        let got = path
            .split('.')
            .try_fold(a.body, |v, k| v.get(k))
            .and_then(Json::as_array)
            .map(Vec::len);
        t.expect(
            format!("{path} holding {n} element(s)"),
            got == Some(*n as usize),
            got.map_or("no array".into(), |g| g.to_string()),
        );
    }
}

/// The answer's `events` hold this many events of each type.
pub fn event_counts(counts: &BTreeMap<String, u32>, a: &Answer<'_>, t: &mut Tally) {
    let events = a.body["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    for (kind, n) in counts {
        let got = events.iter().filter(|e| e["eventType"] == **kind).count();
        t.expect(
            format!("{n} {kind} event(s)"),
            got == *n as usize,
            got.to_string(),
        );
    }
}

/// Collects where `got` departs from `want`: every member of a `want` object must be in
/// `got` with a matching value (objects recursively, anything else equal).
pub fn subset(want: &Json, got: &Json, path: &str, differences: &mut Vec<String>) {
    match (want, got) {
        (Json::Object(w), Json::Object(g)) => {
            for (k, v) in w {
                let at = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match g.get(k) {
                    Some(gv) => subset(v, gv, &at, differences),
                    None => differences.push(format!("{at} missing")),
                }
            }
        }
        _ if want == got => {}
        _ => differences.push(format!("{path} = {got}")),
    }
}

#[cfg(test)]
mod tests {
    use super::subset;
    use serde_json::json;

    #[test]
    fn objects_match_member_by_member() {
        let got =
            json!({"executionInfo": {"executionStatus": "OPEN", "cancelRequested": false}, "x": 1});
        let mut d = Vec::new();
        subset(
            &json!({"executionInfo": {"executionStatus": "OPEN"}}),
            &got,
            "",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        subset(
            &json!({"executionInfo": {"cancelRequested": true, "closeStatus": "CANCELED"}}),
            &got,
            "",
            &mut d,
        );
        assert_eq!(
            d,
            [
                "executionInfo.cancelRequested = false",
                "executionInfo.closeStatus missing"
            ]
        );
    }
}
