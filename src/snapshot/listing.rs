//! Listings in snapshots: only the asking case's own executions and types.

/// A listing keeps only the executions and types of the case that asked
/// (`<prefix>-<case index>` in its request): an endpoint that ignores a filter also lists
/// what other cases have at that moment, which differs between a full run and a shard. A
/// request that names no case of its own (a generated case's) keeps none.
pub(super) fn own_executions_only(answer: &mut serde_json::Value, request: &str, prefix: &str) {
    let digits: String = request
        .find(&format!("{prefix}-"))
        .map(|at| {
            request[at + prefix.len() + 1..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect()
        })
        .unwrap_or_default();
    let own = format!("{prefix}-{digits}");
    let mine =
        |name: &str| !digits.is_empty() && (name == own || name.starts_with(&format!("{own}-")));
    let name_of = |info: &serde_json::Value| -> String {
        let named = [
            &info["execution"]["workflowId"],
            &info["workflowType"]["name"],
            &info["activityType"]["name"],
        ];
        named
            .iter()
            .find_map(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    for listing in ["executionInfos", "typeInfos"] {
        if let Some(infos) = answer
            .get_mut(listing)
            .and_then(serde_json::Value::as_array_mut)
        {
            infos.retain(|info| mine(&name_of(info)));
        }
    }
}

/// ListDomains lists every domain of the account, and no member of its request names the
/// asking case: its snapshot keeps the run's domain only. The others come and go with what
/// else runs at that moment (the domains cases register, the harness's deprecated domain the
/// `deprecated-domain` setup undeprecates for a moment) or with the account.
pub(super) fn run_domain_only(answer: &mut serde_json::Value, domain: &str) {
    if let Some(infos) = answer
        .get_mut("domainInfos")
        .and_then(serde_json::Value::as_array_mut)
    {
        infos.retain(|info| info["name"] == domain);
    }
}

#[cfg(test)]
mod own_executions {
    use super::own_executions_only;
    use serde_json::json;

    #[test]
    fn a_listing_keeps_the_asking_cases_executions() {
        let info = |id: &str| json!({"execution": {"workflowId": id, "runId": "r"}});
        let mut answer = json!({"executionInfos": [info("swfcheck-ab-7"), info("swfcheck-ab-70"),
            info("swfcheck-ab-7-0"), info("swfcheck-ab-8")]});
        let request = r#"{"domain":"d","executionFilter":{"workflowId":"swfcheck-ab-7"}}"#;
        own_executions_only(&mut answer, request, "swfcheck-ab");
        assert_eq!(
            answer["executionInfos"],
            json!([info("swfcheck-ab-7"), info("swfcheck-ab-7-0")])
        );
        let ty = |name: &str| json!({"workflowType": {"name": name, "version": "1"}});
        let mut types = json!({"typeInfos": [ty("swfcheck-ab-7-t"), ty("swfcheck-ab-9-t")]});
        own_executions_only(&mut types, r#"{"name":"swfcheck-ab-7-t"}"#, "swfcheck-ab");
        assert_eq!(types["typeInfos"], json!([ty("swfcheck-ab-7-t")]));
        // A request that names no case (a generated one: an endpoint that ignores its
        // filter lists whatever other cases left) keeps nothing.
        let mut all = json!({"executionInfos": [info("swfcheck-ab-7-0"), info("swfcheck-ab-8")]});
        own_executions_only(
            &mut all,
            r#"{"domain":"d","startTimeFilter":[]}"#,
            "swfcheck-ab",
        );
        assert_eq!(all["executionInfos"], json!([]));
        let domain = |name: &str| json!({"name": name, "status": "REGISTERED"});
        let mut domains = json!({"domainInfos": [domain("swfcheck-ab-7-own-domain"),
            domain("swfcheck-conformance"), domain("swfcheck-conformance-generated")]});
        super::run_domain_only(&mut domains, "swfcheck-conformance");
        assert_eq!(
            domains["domainInfos"],
            json!([domain("swfcheck-conformance")])
        );
    }
}
