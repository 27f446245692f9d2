//! Every element of a listing meets the request's filters: the executions of
//! List{Open,Closed}WorkflowExecutions their status, time windows, workflowId, type, tag
//! and close status; the domains of ListDomains and the types of List*Types their
//! registration status and name.

use super::{Observed, answer, items, seconds};
use serde_json::Value as Json;

/// What the check rests on.
pub const SOURCE: &str = "doc: ExecutionTimeFilter, \"Each parameter, if specified, defines a rule that must be satisfied by each returned query result.\"; \
doc: ListClosedWorkflowExecutionsInput.closeStatusFilter, \"If specified, only workflow executions that match this close status are listed.\"; \
doc: ListOpenWorkflowExecutionsInput.executionFilter, \"If specified, only workflow executions matching the workflow ID specified in the filter are returned.\"; \
doc: WorkflowTypeFilter, \"Each parameter, if specified, defines a rule that must be satisfied by each returned result.\"; \
doc: ListOpenWorkflowExecutionsInput.tagFilter, \"If specified, only executions that have the matching tag are listed.\"; \
doc: ListOpenWorkflowExecutions, \"Returns a list of open workflow executions\" (ListClosedWorkflowExecutions: closed); \
doc: ListDomainsInput.registrationStatus, \"Specifies the registration status of the domains to list.\" (List*TypesInput.registrationStatus likewise); \
doc: ListActivityTypesInput.name, \"If specified, only lists the activity types that have this name.\" (ListWorkflowTypesInput.name likewise)";

/// How far a timestamp may lie outside a window and still be in it: the documentation
/// writes time filters in seconds, endpoints keep milliseconds.
const SLACK: f64 = 0.001;

/// Where the elements of a 2xx listing depart from the request's filters, as
/// `<element path>: <what>` (none for another operation or answer).
pub fn departures(a: &Observed<'_>) -> Vec<String> {
    let Some(body) = answer(a) else {
        return Vec::new();
    };
    let request = a.request;
    match a.operation {
        "ListOpenWorkflowExecutions" => executions(request, body, "OPEN"),
        "ListClosedWorkflowExecutions" => executions(request, body, "CLOSED"),
        "ListDomains" => registration(request, body, "domainInfos", None),
        "ListActivityTypes" => registration(request, body, "typeInfos", Some("activityType")),
        "ListWorkflowTypes" => registration(request, body, "typeInfos", Some("workflowType")),
        _ => Vec::new(),
    }
}

/// The executions of a listing of `status` executions against the request's filters.
fn executions(request: &Json, body: &Json, status: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, info) in items(body, "executionInfos").iter().enumerate() {
        let mut say = |what: String| out.push(format!("executionInfos.{i}: {what}"));
        if let Some(s) = info["executionStatus"].as_str().filter(|s| *s != status) {
            say(format!(
                "executionStatus {s} in a listing of {status} executions"
            ));
        }
        for (filter, member) in [
            ("startTimeFilter", "startTimestamp"),
            ("closeTimeFilter", "closeTimestamp"),
        ] {
            if let Some(why) = outside(&request[filter], &info[member]) {
                say(format!("{member} {} {why} of the {filter}", info[member]));
            }
        }
        let wanted = |path: &[&str]| text_at(request, path);
        let had = |path: &[&str]| text_at(info, path);
        let mut same = |what: &str, want: Option<&str>, got: Option<&str>, filter: &str| {
            if let Some(w) = want.filter(|w| got != Some(*w)) {
                let got = got.map_or("absent".to_owned(), |g| format!("{g:?}"));
                say(format!("{what} {got}, the {filter} asks for {w:?}"));
            }
        };
        same(
            "workflowId",
            wanted(&["executionFilter", "workflowId"]),
            had(&["execution", "workflowId"]),
            "executionFilter",
        );
        same(
            "workflowType.name",
            wanted(&["typeFilter", "name"]),
            had(&["workflowType", "name"]),
            "typeFilter",
        );
        same(
            "workflowType.version",
            wanted(&["typeFilter", "version"]),
            had(&["workflowType", "version"]),
            "typeFilter",
        );
        same(
            "closeStatus",
            wanted(&["closeStatusFilter", "status"]),
            had(&["closeStatus"]),
            "closeStatusFilter",
        );
        if let Some(tag) = wanted(&["tagFilter", "tag"]) {
            let tags = items(info, "tagList");
            if !tags.iter().any(|t| t.as_str() == Some(tag)) {
                say(format!(
                    "tagList {} lacks the tagFilter's tag {tag:?}",
                    Json::from(tags.to_vec())
                ));
            }
        }
    }
    out
}

/// Why `at` lies outside the time filter `filter` (`before the oldestDate`), if it does.
fn outside(filter: &Json, at: &Json) -> Option<&'static str> {
    if !filter.is_object() {
        return None;
    }
    let t = seconds(at)?;
    if seconds(&filter["oldestDate"]).is_some_and(|o| t < o - SLACK) {
        return Some("before the oldestDate");
    }
    if seconds(&filter["latestDate"]).is_some_and(|l| t > l + SLACK) {
        return Some("after the latestDate");
    }
    None
}

/// The string at `path` of `v`, if there is one.
fn text_at<'a>(v: &'a Json, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

/// The elements at `key` against the request's `registrationStatus` and (for types, whose
/// name is under `type_member`) its `name`.
fn registration(request: &Json, body: &Json, key: &str, type_member: Option<&str>) -> Vec<String> {
    let status = request["registrationStatus"].as_str();
    let name = type_member.and(request["name"].as_str());
    let mut out = Vec::new();
    for (i, info) in items(body, key).iter().enumerate() {
        if let Some(s) = status.filter(|s| info["status"].as_str() != Some(*s)) {
            out.push(format!(
                "{key}.{i}: status {}, the request lists {s}",
                info["status"]
            ));
        }
        let member = type_member.unwrap_or_default();
        if let Some(n) = name.filter(|n| info[member]["name"].as_str() != Some(*n)) {
            out.push(format!(
                "{key}.{i}: {member}.name {}, the request lists {n:?}",
                info[member]["name"]
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::After;
    use serde_json::json;

    fn held(operation: &str, request: Json, body: Json) -> Vec<String> {
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let after = After::default();
        let a = Observed {
            operation,
            received: &received,
            body: &body,
            fault: None,
            after: &after,
            request: &request,
            window: None,
        };
        departures(&a)
    }

    fn info(status: &str, close: Option<&str>, start: f64) -> Json {
        json!({"execution": {"workflowId": "w", "runId": "r"},
            "workflowType": {"name": "t", "version": "1"}, "executionStatus": status,
            "closeStatus": close, "startTimestamp": start, "closeTimestamp": start + 1.0,
            "tagList": ["a"]})
    }

    #[test]
    fn a_closed_listing_holds_only_what_its_filters_ask_for() {
        let list = json!({"executionInfos": [info("CLOSED", Some("COMPLETED"), 10.0)]});
        let by_status = json!({"domain": "d", "startTimeFilter": {"oldestDate": 0},
            "closeStatusFilter": {"status": "TERMINATED"}});
        let found = held("ListClosedWorkflowExecutions", by_status, list.clone());
        assert_eq!(
            found,
            [
                "executionInfos.0: closeStatus \"COMPLETED\", the closeStatusFilter asks for \"TERMINATED\""
            ]
        );
        let window =
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 11, "latestDate": 20}});
        let found = held("ListClosedWorkflowExecutions", window, list.clone());
        assert!(found[0].contains("before the oldestDate"), "{found:?}");
        let close =
            json!({"domain": "d", "closeTimeFilter": {"oldestDate": 0, "latestDate": 10.5}});
        assert!(
            held("ListClosedWorkflowExecutions", close, list.clone())[0].contains("closeTimestamp")
        );
        for request in [
            json!({"executionFilter": {"workflowId": "x"}}),
            json!({"typeFilter": {"name": "t", "version": "2"}}),
            json!({"tagFilter": {"tag": "b"}}),
        ] {
            assert_eq!(
                held("ListClosedWorkflowExecutions", request, list.clone()).len(),
                1
            );
        }
        let ok = json!({"executionFilter": {"workflowId": "w"}, "typeFilter": {"name": "t"},
            "tagFilter": {"tag": "a"}, "startTimeFilter": {"oldestDate": 10, "latestDate": 10}});
        assert!(held("ListClosedWorkflowExecutions", ok, list.clone()).is_empty());
        let open = held("ListOpenWorkflowExecutions", json!({}), list);
        assert_eq!(
            open,
            ["executionInfos.0: executionStatus CLOSED in a listing of OPEN executions"]
        );
    }

    #[test]
    fn domains_and_types_keep_their_registration_status_and_name() {
        let domains = json!({"domainInfos": [{"name": "a", "status": "DEPRECATED"}]});
        let request = json!({"registrationStatus": "REGISTERED"});
        assert_eq!(held("ListDomains", request.clone(), domains).len(), 1);
        let types = json!({"typeInfos": [{"workflowType": {"name": "b", "version": "1"}, "status": "REGISTERED"}]});
        assert!(held("ListWorkflowTypes", request.clone(), types.clone()).is_empty());
        let named = json!({"registrationStatus": "REGISTERED", "name": "c"});
        assert_eq!(
            held("ListWorkflowTypes", named.clone(), types.clone()).len(),
            1
        );
        let other = held("ListActivityTypes", named, types);
        assert_eq!(
            other.len(),
            1,
            "no activityType.name is not the name asked for"
        );
    }

    #[test]
    fn a_fault_or_another_operation_has_nothing_to_meet() {
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let mut fault = received.clone();
        fault.status = 400;
        let after = After::default();
        let body = json!({"executionInfos": [info("OPEN", None, 1.0)]});
        let request = json!({"executionFilter": {"workflowId": "x"}});
        let a = Observed {
            operation: "ListOpenWorkflowExecutions",
            received: &fault,
            body: &body,
            fault: None,
            after: &after,
            request: &request,
            window: None,
        };
        assert!(departures(&a).is_empty());
        assert!(held("DescribeDomain", request, body).is_empty());
    }
}
