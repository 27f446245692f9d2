//! Checks on what a request left behind: the execution's history and its description.

use super::After;
use crate::cases::case::HistoryExpect;
use crate::cases::template::{TemplateError, Vars};
use serde_json::Value as Json;

use crate::model::event_attributes_key as attributes_key;

fn event_type(e: &Json) -> &str {
    e["eventType"].as_str().unwrap_or("?")
}

/// The value of a follow-up read, or a failed expectation saying why there is none.
fn read<'a, T>(
    slot: &'a Option<Result<T, String>>,
    what: &str,
    expect: &mut impl FnMut(String, bool, String),
) -> Option<&'a T> {
    match slot {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            expect(what.to_owned(), false, e.clone());
            None
        }
        None => {
            expect(what.to_owned(), false, "not read".into());
            None
        }
    }
}

/// Checks `want` against the history in `after`.
pub fn check_history(
    want: &HistoryExpect,
    vars: &Vars,
    after: &After,
    expect: &mut impl FnMut(String, bool, String),
) -> Result<(), TemplateError> {
    let Some(events) = read(&after.history, "a readable history", expect) else {
        return Ok(());
    };
    let types: Vec<&str> = events.iter().map(event_type).collect();
    if !want.ends_with.is_empty() {
        let n = want.ends_with.len();
        let tail = &types[types.len().saturating_sub(n)..];
        let ok = tail.len() == n && tail.iter().zip(&want.ends_with).all(|(a, b)| a == b);
        expect(
            format!("history ends with {}", want.ends_with.join(", ")),
            ok,
            format!("history {}", types.join(", ")),
        );
    }
    for (t, n) in &want.count {
        let got = types.iter().filter(|x| *x == t).count();
        expect(
            format!("{n} {t} event(s)"),
            got == *n as usize,
            got.to_string(),
        );
    }
    for (t, table) in &want.attributes {
        let wanted = vars.table_to_json(table)?;
        let key = attributes_key(t);
        let got = events
            .iter()
            .rev()
            .find(|e| event_type(e) == t)
            .map(|e| e[&key].clone());
        let shown = got
            .as_ref()
            .map_or("no such event".to_owned(), Json::to_string);
        expect(
            format!("{t} attributes {wanted}"),
            got.as_ref() == Some(&wanted),
            shown,
        );
    }
    if want.consecutive_ids {
        let ids: Vec<Option<i64>> = events.iter().map(|e| e["eventId"].as_i64()).collect();
        let ok = ids
            .iter()
            .enumerate()
            .all(|(i, id)| *id == Some(i as i64 + 1));
        let shown = ids
            .iter()
            .map(|i| i.map_or("?".to_owned(), |v| v.to_string()))
            .collect::<Vec<_>>()
            .join(",");
        expect("event ids 1, 2, 3, ...".into(), ok, shown);
    }
    Ok(())
}

/// Checks members of DescribeWorkflowExecution's `executionInfo`.
pub fn check_describe(
    want: &toml::Table,
    vars: &Vars,
    after: &After,
    expect: &mut impl FnMut(String, bool, String),
) -> Result<(), TemplateError> {
    let Some(info) = read(&after.describe, "a readable description", expect) else {
        return Ok(());
    };
    for (k, v) in want {
        let wanted = vars.to_json(v)?;
        let got = info.get(k).cloned().unwrap_or(Json::Null);
        expect(
            format!("executionInfo.{k} = {wanted}"),
            got == wanted,
            got.to_string(),
        );
    }
    Ok(())
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
mod subset_tests {
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
