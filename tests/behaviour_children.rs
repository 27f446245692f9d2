//! A child named as AWS's frameworks name children, `<parent runId>:<n>` (issue 22 item 2,
//! docs/practice.md §2): the case `lifecycles/child/workflow-id-with-colon` passes on the
//! reference endpoint and fails, alone, against an endpoint that refuses the `:` as the
//! documentation's letter says (tests/common/faulty/colons.rs).

mod common;

use common::faulty::Break;
use common::suite::{assert_fails, failing, run_against};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_workflow_id_with_a_colon_is_started() {
    let server = swfcheck::server::start_default().await.unwrap();
    let report = run_against(Some(format!("http://{}/", server.addr()))).await;
    server.shutdown().await;
    let failed = failing(&report);
    assert!(
        !failed
            .iter()
            .any(|id| id.contains("workflow-id-with-colon")),
        "{failed:?}"
    );
    assert!(
        report
            .results
            .iter()
            .any(|r| r.id == "lifecycles/child/workflow-id-with-colon"),
        "the case is in the suite"
    );
    assert_fails(
        Break::ChildColonRefused,
        &[
            "lifecycles/child/workflow-id-with-colon",
            "lifecycles/child/workflow-id-with-colon/history",
        ],
    )
    .await;
}
