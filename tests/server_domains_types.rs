//! The reference endpoint over HTTP: domains, tags, workflow and activity types.

mod common;

use common::server::endpoint;
use serde_json::json;

#[tokio::test]
async fn domains_register_describe_list_deprecate() {
    let e = endpoint().await;
    for name in ["d1", "d2", "d3"] {
        e.ok("RegisterDomain", json!({"name": name, "workflowExecutionRetentionPeriodInDays": "7", "description": "x"})).await;
    }
    let dup = e
        .call(
            "RegisterDomain",
            json!({"name": "d1", "workflowExecutionRetentionPeriodInDays": "7"}),
        )
        .await;
    assert_eq!(
        (dup.status, dup.fault()),
        (400, Some("DomainAlreadyExistsFault"))
    );
    let bad_days = e
        .call(
            "RegisterDomain",
            json!({"name": "d9", "workflowExecutionRetentionPeriodInDays": "91"}),
        )
        .await;
    assert_eq!(bad_days.status, 400);

    let d = e.ok("DescribeDomain", json!({"name": "d1"})).await;
    assert_eq!(d["domainInfo"]["status"], "REGISTERED");
    assert_eq!(
        d["configuration"]["workflowExecutionRetentionPeriodInDays"],
        "7"
    );
    let unknown = e.call("DescribeDomain", json!({"name": "nope"})).await;
    assert_eq!(unknown.fault(), Some("UnknownResourceFault"));
    assert_eq!(unknown.body["message"], "Unknown domain: nope");

    // Paging and order.
    let page1 = e
        .ok(
            "ListDomains",
            json!({"registrationStatus": "REGISTERED", "maximumPageSize": 2}),
        )
        .await;
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["domainInfos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&page1), ["d1", "d2"]);
    let token = page1["nextPageToken"].as_str().unwrap();
    let page2 = e.ok("ListDomains", json!({"registrationStatus": "REGISTERED", "maximumPageSize": 2, "nextPageToken": token})).await;
    assert_eq!(names(&page2), ["d3"]);
    assert!(page2.get("nextPageToken").is_none());
    let reversed = e
        .ok(
            "ListDomains",
            json!({"registrationStatus": "REGISTERED", "reverseOrder": true}),
        )
        .await;
    assert_eq!(names(&reversed), ["d3", "d2", "d1"]);

    e.ok("DeprecateDomain", json!({"name": "d2"})).await;
    let again = e.call("DeprecateDomain", json!({"name": "d2"})).await;
    assert_eq!(again.fault(), Some("DomainDeprecatedFault"));
    let deprecated = e
        .ok("ListDomains", json!({"registrationStatus": "DEPRECATED"}))
        .await;
    assert_eq!(names(&deprecated), ["d2"]);
    e.ok("UndeprecateDomain", json!({"name": "d2"})).await;
    let registered = e
        .ok("ListDomains", json!({"registrationStatus": "REGISTERED"}))
        .await;
    assert_eq!(names(&registered).len(), 3);
    e.server.shutdown().await;
}

#[tokio::test]
async fn tags_by_domain_arn() {
    let e = endpoint().await;
    e.ok("RegisterDomain", json!({"name": "t", "workflowExecutionRetentionPeriodInDays": "1", "tags": [{"key": "a", "value": "1"}]})).await;
    let arn = e.ok("DescribeDomain", json!({"name": "t"})).await["domainInfo"]["arn"]
        .as_str()
        .unwrap()
        .to_owned();
    e.ok(
        "TagResource",
        json!({"resourceArn": arn, "tags": [{"key": "b"}]}),
    )
    .await;
    let tags = e
        .ok("ListTagsForResource", json!({"resourceArn": arn}))
        .await;
    assert_eq!(
        tags["tags"],
        json!([{"key": "a", "value": "1"}, {"key": "b"}])
    );
    e.ok(
        "UntagResource",
        json!({"resourceArn": arn, "tagKeys": ["a"]}),
    )
    .await;
    let tags = e
        .ok("ListTagsForResource", json!({"resourceArn": arn}))
        .await;
    assert_eq!(tags["tags"], json!([{"key": "b"}]));
    let unknown = e
        .call(
            "ListTagsForResource",
            json!({"resourceArn": "arn:aws:swf:us-east-1:1:/domain/zzz"}),
        )
        .await;
    assert_eq!(unknown.fault(), Some("UnknownResourceFault"));
}

#[tokio::test]
async fn a_domain_has_at_most_fifty_tags_from_registration_on() {
    let e = endpoint().await;
    let tags = |n: usize| -> Vec<_> { (0..n).map(|i| json!({"key": format!("k{i}")})).collect() };
    let too_many = e
        .call(
            "RegisterDomain",
            json!({"name": "t51", "workflowExecutionRetentionPeriodInDays": "1", "tags": tags(51)}),
        )
        .await;
    assert_eq!(
        (too_many.status, too_many.fault()),
        (400, Some("TooManyTagsFault"))
    );
    let unknown = e.call("DescribeDomain", json!({"name": "t51"})).await;
    assert_eq!(
        unknown.fault(),
        Some("UnknownResourceFault"),
        "not registered"
    );
    e.ok(
        "RegisterDomain",
        json!({"name": "t50", "workflowExecutionRetentionPeriodInDays": "1", "tags": tags(50)}),
    )
    .await;
    let arn = e.ok("DescribeDomain", json!({"name": "t50"})).await["domainInfo"]["arn"].clone();
    let one_more = e
        .call(
            "TagResource",
            json!({"resourceArn": arn, "tags": [{"key": "k50"}]}),
        )
        .await;
    assert_eq!(one_more.fault(), Some("TooManyTagsFault"));
    e.ok(
        "TagResource",
        json!({"resourceArn": arn, "tags": [{"key": "k0", "value": "again"}]}),
    )
    .await;
    let listed = e
        .ok("ListTagsForResource", json!({"resourceArn": arn}))
        .await;
    assert_eq!(listed["tags"].as_array().map(Vec::len), Some(50));
}

#[tokio::test]
async fn types_register_describe_list_deprecate_delete() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let dup = e
        .call(
            "RegisterWorkflowType",
            json!({"domain": "d", "name": "wf", "version": "1"}),
        )
        .await;
    assert_eq!(dup.fault(), Some("TypeAlreadyExistsFault"));
    let t = e
        .ok(
            "DescribeWorkflowType",
            json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
        )
        .await;
    assert_eq!(t["typeInfo"]["status"], "REGISTERED");
    assert_eq!(t["configuration"]["defaultTaskList"], json!({"name": "tl"}));
    assert!(t["typeInfo"]["creationDate"].is_number());
    let a = e
        .ok(
            "DescribeActivityType",
            json!({"domain": "d", "activityType": {"name": "act", "version": "1"}}),
        )
        .await;
    assert_eq!(
        a["typeInfo"]["activityType"],
        json!({"name": "act", "version": "1"})
    );
    let list = e
        .ok(
            "ListActivityTypes",
            json!({"domain": "d", "registrationStatus": "REGISTERED"}),
        )
        .await;
    assert_eq!(list["typeInfos"].as_array().unwrap().len(), 1);

    let not_deprecated = e
        .call(
            "DeleteWorkflowType",
            json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
        )
        .await;
    assert_eq!(not_deprecated.fault(), Some("TypeNotDeprecatedFault"));
    e.ok(
        "DeprecateWorkflowType",
        json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
    )
    .await;
    let twice = e
        .call(
            "DeprecateWorkflowType",
            json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
        )
        .await;
    assert_eq!(twice.fault(), Some("TypeDeprecatedFault"));
    let start = e
        .call("StartWorkflowExecution", json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"}}))
        .await;
    assert_eq!(start.fault(), Some("TypeDeprecatedFault"));
    let deprecated = e
        .ok(
            "ListWorkflowTypes",
            json!({"domain": "d", "registrationStatus": "DEPRECATED"}),
        )
        .await;
    assert_eq!(deprecated["typeInfos"][0]["status"], "DEPRECATED");
    assert!(deprecated["typeInfos"][0]["deprecationDate"].is_number());
    e.ok(
        "UndeprecateWorkflowType",
        json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
    )
    .await;
    e.ok(
        "DeprecateActivityType",
        json!({"domain": "d", "activityType": {"name": "act", "version": "1"}}),
    )
    .await;
    e.ok(
        "DeleteActivityType",
        json!({"domain": "d", "activityType": {"name": "act", "version": "1"}}),
    )
    .await;
    let gone = e
        .call(
            "DescribeActivityType",
            json!({"domain": "d", "activityType": {"name": "act", "version": "1"}}),
        )
        .await;
    assert_eq!(gone.fault(), Some("UnknownResourceFault"));
}
