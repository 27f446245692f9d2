//! What the reference follows from histories the live service wrote (SWF-WIRE.md §11, open
//! issue 29) where the documentation says otherwise, held at should: a ScheduleLambdaFunction
//! without a lambdaRole records LambdaFunctionScheduled then StartLambdaFunctionFailed
//! (docs/practice.md §6), and a parent that completes applies its child policy (§5). Each case
//! passes on the reference endpoint and fails, alone, against an endpoint whose histories look
//! as the documentation's letter says (tests/common/faulty/live.rs); the cancel request of the
//! REQUEST_CANCEL policy fails under the breaks of cancel requests (tests/harness_suite.rs).

mod common;

use common::faulty::Break;
use common::suite::{assert_fails, failing, run_against};

const CASES: [&str; 3] = [
    "decision-failures/schedule-lambda-function/no-lambda-role",
    "lifecycles/complete/child-policy-terminates",
    "lifecycles/complete/child-policy-requests-cancel",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_follows_the_live_service_and_the_documented_form_fails() {
    let server = swfcheck::server::start_default().await.unwrap();
    let report = run_against(Some(format!("http://{}/", server.addr()))).await;
    server.shutdown().await;
    let failed = failing(&report);
    for case in CASES {
        assert!(
            report.results.iter().any(|r| r.id == case),
            "{case} is in the suite"
        );
        assert!(!failed.iter().any(|id| id.starts_with(case)), "{failed:?}");
    }
    assert_fails(
        Break::DropLambdaEvents,
        &[
            "decision-failures/schedule-lambda-function/no-lambda-role/decision-task",
            "decision-failures/schedule-lambda-function/no-lambda-role/history",
            "decision-failures/schedule-lambda-function/no-lambda-role/meaning-history-seen",
        ],
    )
    .await;
    assert_fails(
        Break::DropChildPolicyTerminations,
        // A child described as terminated whose history lacks the termination disagrees
        // with it (meaning-execution-history).
        &[
            "lifecycles/complete/child-policy-terminates",
            "executions/terminate/child-policy-terminate/meaning-execution-history",
            "lifecycles/terminate/type-child-policy-applies/meaning-execution-history",
        ],
    )
    .await;
}
