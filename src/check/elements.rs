//! Expectations on the elements of an answer's arrays, and on members it must not have:
//! a listing shows (or does not show) an item among others it cannot know
//! (`array_holds`, `array_lacks`), a page holds exactly these items in this order
//! (`array_elements`), a last page carries no `nextPageToken` (`absent`).
//! Elements are compared member by member, as `body_contains` compares a body.

use super::history::subset;
use crate::cases::case::Check;
use crate::cases::template::{TemplateError, Vars};
use serde_json::Value as Json;

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

/// Judges the check's element and absence expectations against `body`.
pub fn expectations(
    check: &Check,
    vars: &Vars,
    body: &Json,
    expect: &mut impl FnMut(String, bool, String),
) -> Result<(), TemplateError> {
    let array = |path: &str| at(body, path).and_then(Json::as_array);
    for (path, table) in check.array_holds.iter().flatten() {
        let want = vars.table_to_json(table)?;
        let got = array(path);
        let ok = got.is_some_and(|items| items.iter().any(|e| contains(e, &want)));
        let actual = match got {
            None => "no array".to_owned(),
            Some(items) if !ok => format!("{} element(s), none containing it", items.len()),
            Some(_) => String::new(),
        };
        expect(
            format!("{path} holding an element containing {want}"),
            ok,
            actual,
        );
    }
    for (path, table) in check.array_lacks.iter().flatten() {
        let want = vars.table_to_json(table)?;
        let got = array(path);
        let found = got.and_then(|items| items.iter().position(|e| contains(e, &want)));
        let ok = got.is_some() && found.is_none();
        let actual = match (got, found) {
            (None, _) => "no array".to_owned(),
            (Some(_), Some(i)) => format!("element {i}: {}", got.map_or(&Json::Null, |g| &g[i])),
            (Some(_), None) => String::new(),
        };
        expect(
            format!("{path} holding no element containing {want}"),
            ok,
            actual,
        );
    }
    for (path, tables) in check.array_elements.iter().flatten() {
        let want: Vec<Json> = tables
            .iter()
            .map(|t| vars.table_to_json(t))
            .collect::<Result<_, _>>()?;
        let got = array(path);
        let mut departures = Vec::new();
        match got {
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
        expect(
            format!("{path} holding exactly, in order: {}", list.join(", ")),
            departures.is_empty(),
            departures.join(", "),
        );
    }
    for path in check.absent.iter().flatten() {
        let got = at(body, path);
        expect(
            format!("no member {path}"),
            got.is_none(),
            got.map(Json::to_string).unwrap_or_default(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn judged(check: &str, body: Json) -> Vec<String> {
        let check: Check = toml::from_str(check).unwrap();
        let mut failures = Vec::new();
        expectations(&check, &Vars::placeholder(), &body, &mut |what, ok, got| {
            if !ok {
                failures.push(format!("{what}: got {got}"));
            }
        })
        .unwrap();
        failures
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
    }
}
