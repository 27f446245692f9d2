//! Cleanup terminates what the run started, including executions whose start was
//! never recorded (interrupted before the answer came), found by the run's prefix.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use swfcheck::credentials::Credentials;
use swfcheck::run::client::Client;
use swfcheck::run::context::RunContext;
use swfcheck::run::swf::Swf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_finds_unrecorded_executions_by_prefix() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = reqwest::Url::parse(&format!("http://{}/", server.addr())).unwrap();
    let client = Client::new(
        url,
        "us-east-1".into(),
        "swf".into(),
        Credentials::dummy(),
        Duration::from_secs(5),
    )
    .unwrap();
    let ctx = RunContext {
        swf: Swf::new(client),
        domain: "cleanup-test".into(),
        prefix: "swfcheck-abcd1234".into(),
        workflow: ("wf".into(), "1".into()),
        activity: ("act".into(), "1".into()),
        started: Arc::new(Mutex::new(Vec::new())),
        created: Arc::new(Mutex::new(Vec::new())),
        deprecated_domain: Default::default(),
    };
    ctx.prepare_run().await.unwrap();
    // One recorded by a case, one started behind the run's back with its prefix, one of someone else.
    let recorded = ctx
        .prepare_case(0, swfcheck::cases::case::Setup::Open)
        .await
        .unwrap();
    assert!(recorded.current.is_some());
    let unrecorded = ctx
        .swf
        .start(
            "cleanup-test",
            "swfcheck-abcd1234-lost",
            &ctx.workflow,
            "tl",
        )
        .await
        .unwrap();
    let foreign = ctx
        .swf
        .start("cleanup-test", "someone-else", &ctx.workflow, "tl")
        .await
        .unwrap();
    let (terminated, errors) = ctx.cleanup(2).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(terminated, 2);
    for (ex, open) in [(&unrecorded, "CLOSED"), (&foreign, "OPEN")] {
        let info = ctx.swf.describe(ex).await.unwrap();
        assert_eq!(info["executionStatus"], open, "{}", ex.workflow_id);
    }
    server.shutdown().await;
}

/// A generated case whose valid request registers a domain or a type leaves nothing
/// active behind: cleanup deprecates what the cases' own requests registered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_deprecates_what_generated_cases_registered() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let cases: Vec<_> = swfcheck::generate::from_model::all()
        .into_iter()
        .filter(|c| {
            c.id == "RegisterDomain/name/len-256" || c.id == "RegisterWorkflowType/name/len-256"
        })
        .collect();
    assert_eq!(cases.len(), 2);
    let config = swfcheck::run::RunConfig {
        endpoint: Some(url.clone()),
        domain: "cleanup-generated".into(),
        ..Default::default()
    };
    let (_tx, stop) = tokio::sync::watch::channel(false);
    let report = swfcheck::run::run(&config, cases, &swfcheck::run::Silent, stop)
        .await
        .unwrap();
    assert!(report.conformant(), "{:?}", report.results);
    assert_eq!(report.cleaned_up, 2, "{:?}", report.cleanup_errors);
    let client = Client::new(
        reqwest::Url::parse(&url).unwrap(),
        "us-east-1".into(),
        "swf".into(),
        Credentials::dummy(),
        Duration::from_secs(5),
    )
    .unwrap();
    let swf = Swf::new(client);
    let domains = swf
        .call(
            "ListDomains",
            serde_json::json!({"registrationStatus": "REGISTERED"}),
        )
        .await
        .unwrap();
    let names: Vec<&str> = domains["domainInfos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["cleanup-generated", "cleanup-generated-generated"],
        "only the run's own domains stay registered"
    );
    let types = swf
        .call(
            "ListWorkflowTypes",
            serde_json::json!({"domain": "cleanup-generated-generated", "registrationStatus": "REGISTERED"}),
        )
        .await
        .unwrap();
    let types: Vec<&str> = types["typeInfos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["workflowType"]["name"].as_str())
        .collect();
    assert_eq!(
        types,
        ["swfcheck-workflow"],
        "the generated type is deprecated"
    );
    server.shutdown().await;
}
