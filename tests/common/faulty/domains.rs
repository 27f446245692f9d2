//! The breaks of the domain, tag and paging cases (branch `domains`, issue 13):
//! fixtures/cases/domains.toml and paging.toml, asserted in tests/behaviour_domains.rs.

use super::{Break, Proxy};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

/// The harness's own deprecated domain, reused by the `deprecated-domain` setup: left alone.
const HARNESS_DEPRECATED_DOMAIN: &str = "swfcheck-deprecated";

impl Proxy {
    /// An answer made up instead of forwarding the request, if the mode makes one.
    pub(super) async fn domains_instead(
        &self,
        op: &str,
        headers: &HeaderMap,
        request: &Json,
    ) -> Option<Response> {
        let done =
            || Some((StatusCode::OK, [("x-amzn-RequestId", "did-nothing")], "").into_response());
        match (self.mode, op) {
            (Break::UndeprecateDoesNothing, "UndeprecateDomain")
                if request["name"] != HARNESS_DEPRECATED_DOMAIN =>
            {
                done()
            }
            (Break::TagDoesNothing, "TagResource") | (Break::UntagDoesNothing, "UntagResource") => {
                done()
            }
            // One page of both lists: a request that pages is passed through.
            (Break::ListDomainsIgnoresStatus, "ListDomains")
                if request.get("maximumPageSize").is_none()
                    && request.get("nextPageToken").is_none() =>
            {
                let mut infos = Vec::new();
                for status in ["REGISTERED", "DEPRECATED"] {
                    let mut body = request.clone();
                    body["registrationStatus"] = json!(status);
                    let mut req = self.http.post(&self.upstream).body(body.to_string());
                    for (k, v) in headers {
                        if k != "host" && k != "content-length" {
                            req = req.header(k, v);
                        }
                    }
                    let page: Json = req.send().await.ok()?.json().await.ok()?;
                    infos.extend(page["domainInfos"].as_array().cloned().unwrap_or_default());
                }
                let body = json!({ "domainInfos": infos }).to_string();
                let headers = [
                    ("content-type", "application/x-amz-json-1.0"),
                    ("x-amzn-RequestId", "all"),
                ];
                Some((StatusCode::OK, headers, body).into_response())
            }
            _ => None,
        }
    }

    /// Drops the paging member the mode ignores.
    pub(super) fn domains_request(&self, op: &str, body: &mut Json) {
        let paged = op.starts_with("List") || op == "GetWorkflowExecutionHistory";
        let member = match self.mode {
            Break::NoPaging if paged => "maximumPageSize",
            Break::ReverseOrderIgnored if paged => "reverseOrder",
            _ => return,
        };
        body.as_object_mut().map(|o| o.remove(member));
    }

    /// Rewrites an upstream answer (Json::Null for an empty body) as the mode does.
    pub(super) fn domains_answer(
        &self,
        op: &str,
        request: &Json,
        status: &mut StatusCode,
        body: &mut Json,
    ) {
        let fault = body["__type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .to_owned();
        let name = request["name"].as_str().unwrap_or_default().to_owned();
        match self.mode {
            Break::StartInDeprecatedDomain
                if op == "StartWorkflowExecution"
                    && fault == "UnknownResourceFault"
                    && body["message"]
                        .as_str()
                        .is_some_and(|m| m.starts_with("Domain is deprecated")) =>
            {
                *status = StatusCode::OK;
                *body = json!({"runId": "made-up-run-in-a-deprecated-domain"});
            }
            Break::NoTagLimit if fault == "TooManyTagsFault" => {
                *status = StatusCode::OK;
                *body = json!({});
            }
            Break::DomainTypesStayRegistered if *status == StatusCode::OK => {
                let mut deprecated = self.deprecated.lock().unwrap();
                match op {
                    "DeprecateDomain" if name != HARNESS_DEPRECATED_DOMAIN => {
                        deprecated.insert(name);
                    }
                    "UndeprecateDomain" => {
                        deprecated.remove(&name);
                    }
                    "DescribeWorkflowType" | "DescribeActivityType"
                        if request["domain"]
                            .as_str()
                            .is_some_and(|d| deprecated.contains(d))
                            && body["typeInfo"]["status"] == "DEPRECATED" =>
                    {
                        body["typeInfo"]["status"] = json!("REGISTERED");
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}
