//! JSON values as the predicates compare them: the value at a dotted member path, and
//! whether one value includes another (objects member by member, recursively).

use serde_json::Value as Json;

/// The value at a dotted member path (`domainInfos`, `typeInfos.0.typeInfo`); array
/// elements are named by their index.
pub fn at<'a>(body: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(body, |v, k| match v {
        Json::Array(items) => k.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => v.get(k),
    })
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

/// Whether `element` includes every member of `want` ([`subset`]).
pub fn includes(element: &Json, want: &Json) -> bool {
    let mut differences = Vec::new();
    subset(want, element, "", &mut differences);
    differences.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let body = json!({"typeInfos": [{"v": "2"}, {"v": "1"}]});
        assert_eq!(at(&body, "typeInfos.1.v"), Some(&json!("1")));
        assert_eq!(at(&body, "typeInfos.2"), None);
    }
}
