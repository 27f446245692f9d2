//! Cleanup terminates what the run started, including executions whose start was
//! never recorded (interrupted before the answer came), found by the run's prefix.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use swfcheck::run::client::Client;
use swfcheck::run::credentials::Credentials;
use swfcheck::run::setup::RunContext;
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
