//! Expectations on the elements of an answer's arrays, and on members it must not have:
//! a listing shows (or does not show) an item among others it cannot know
//! (`array_holds`, `array_lacks`), a page holds exactly these items in this order
//! (`array_elements`), a last page carries no `nextPageToken` (`absent`).
//! Elements are compared member by member, as `body_contains` compares a body.

use super::body::subset;
use super::{Answer, Tally};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// The value at a dotted member path (`domainInfos`, `typeInfos.0.typeInfo`); array
/// elements are named by their index.
pub fn at<'a>(body: &'a Json, path: &str) -> Option<&'a Json> {
    path.split('.').try_fold(body, |v, k| match v {
        Json::Array(items) => k.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => v.get(k),
    })
}

fn contains(element: &Json, want: &Json) -> bool {
    let mut differences = Vec::new();
    subset(want, element, "", &mut differences);
    differences.is_empty()
}

fn array<'a>(a: &'a Answer<'_>, path: &str) -> Option<&'a Vec<Json>> {
    at(a.body, path).and_then(Json::as_array)
}

/// The array at each path holds an element containing its object.
pub fn holds(wanted: &BTreeMap<String, Json>, a: &Answer<'_>, t: &mut Tally) {
    for (path, want) in wanted {
        let got = array(a, path);
        let ok = got.is_some_and(|items| items.iter().any(|e| contains(e, want)));
        let actual = match got {
            None => "no array".to_owned(),
            Some(items) if !ok => format!("{} element(s), none containing it", items.len()),
            Some(_) => String::new(),
        };
        t.expect(
            format!("{path} holding an element containing {want}"),
            ok,
            actual,
        );
    }
}

/// The array at each path holds no element containing its object.
pub fn lacks(unwanted: &BTreeMap<String, Json>, a: &Answer<'_>, t: &mut Tally) {
    for (path, want) in unwanted {
        let got = array(a, path);
        let found = got.and_then(|items| items.iter().position(|e| contains(e, want)));
        let ok = got.is_some() && found.is_none();
        let actual = match (got, found) {
            (None, _) => "no array".to_owned(),
            (Some(items), Some(i)) => format!("element {i}: {}", items[i]),
            (Some(_), None) => String::new(),
        };
        t.expect(
            format!("{path} holding no element containing {want}"),
            ok,
            actual,
        );
    }
}

/// The array at each path holds exactly its elements, in order.
pub fn exactly(wanted: &BTreeMap<String, Vec<Json>>, a: &Answer<'_>, t: &mut Tally) {
    for (path, want) in wanted {
        let mut departures = Vec::new();
        match array(a, path) {
            None => departures.push("no array".to_owned()),
            Some(items) if items.len() != want.len() => {
                departures.push(format!("{} element(s)", items.len()));
            }
            Some(items) => {
                for (i, (w, g)) in want.iter().zip(items).enumerate() {
                    subset(w, g, &format!("{path}.{i}"), &mut departures);
                }
            }
        }
        let list = want.iter().map(Json::to_string).collect::<Vec<_>>();
        t.expect(
            format!("{path} holding exactly, in order: {}", list.join(", ")),
            departures.is_empty(),
            departures.join(", "),
        );
    }
}

/// Each of these member paths is absent, `null` or an empty string.
pub fn empty_or_absent(paths: &[String], a: &Answer<'_>, t: &mut Tally) {
    for path in paths {
        let got = at(a.body, path);
        let ok = got.is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        t.expect(
            format!("{path} absent or empty"),
            ok,
            got.map(Json::to_string).unwrap_or_default(),
        );
    }
}

/// None of these member paths is in the answer.
pub fn absent(paths: &[String], a: &Answer<'_>, t: &mut Tally) {
    for path in paths {
        let got = at(a.body, path);
        t.expect(
            format!("no member {path}"),
            got.is_none(),
            got.map(Json::to_string).unwrap_or_default(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judged(check: &str, body: Json) -> Vec<String> {
        let group = crate::check::fixtures::group(check);
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let after = crate::check::After::default();
        let a = Answer {
            operation: "ListDomains",
            received: &received,
            body: &body,
            fault: None,
            after: &after,
        };
        let mut t = Tally::default();
        for e in group.expectations() {
            e.judge(&a, &mut t);
        }
        t.failures
    }

    #[test]
    fn holds_and_lacks_look_for_one_element_among_others() {
        let body = json!({"domainInfos": [
            {"name": "a", "status": "REGISTERED"}, {"name": "domain", "status": "REGISTERED"}]});
        let holds = "array_holds = { domainInfos = { name = \"${domain}\" } }";
        assert!(judged(holds, body.clone()).is_empty());
        let lacks = "array_lacks = { domainInfos = { name = \"${domain}\" } }";
        let failed = judged(lacks, body.clone());
        assert!(failed[0].contains("element 1"), "{failed:?}");
        assert!(
            judged(
                "array_lacks = { domainInfos = { name = \"b\" } }",
                body.clone()
            )
            .is_empty()
        );
        assert_eq!(
            judged("array_holds = { domainInfos = { name = \"b\" } }", body).len(),
            1
        );
        assert_eq!(
            judged(holds, json!({})),
            ["domainInfos holding an element containing {\"name\":\"domain\"}: got no array"]
        );
        assert_eq!(judged(lacks, json!({})).len(), 1, "no array is no answer");
    }

    #[test]
    fn elements_are_compared_in_order_and_absent_members_must_be_missing() {
        let body = json!({"typeInfos": [{"v": "2", "x": 1}, {"v": "1"}], "nextPageToken": "t"});
        let two = "array_elements = { typeInfos = [{ v = \"2\" }, { v = \"1\" }] }";
        assert!(judged(two, body.clone()).is_empty());
        let reversed = "array_elements = { typeInfos = [{ v = \"1\" }, { v = \"2\" }] }";
        assert_eq!(judged(reversed, body.clone()).len(), 1);
        let one = "array_elements = { typeInfos = [{ v = \"2\" }] }";
        assert!(judged(one, body.clone())[0].ends_with("got 2 element(s)"));
        assert_eq!(
            judged("absent = [\"nextPageToken\"]", body.clone()).len(),
            1
        );
        assert!(judged("absent = [\"typeInfos.2\", \"other\"]", body.clone()).is_empty());
        assert_eq!(at(&body, "typeInfos.1.v"), Some(&json!("1")));
        let empty = "empty_or_absent = [\"a\", \"b\", \"c\"]";
        assert!(judged(empty, json!({"a": "", "b": null})).is_empty());
        assert_eq!(
            judged(empty, json!({"c": "token"})),
            ["c absent or empty: got \"token\""]
        );
    }
}
