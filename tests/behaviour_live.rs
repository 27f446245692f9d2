//! What the reference follows from histories the live service wrote (SWF-WIRE.md §11, open
//! issue 29) where the documentation says otherwise, held at should: a ScheduleLambdaFunction
//! without a lambdaRole records LambdaFunctionScheduled then StartLambdaFunctionFailed
//! (docs/practice.md §6), a parent that completes applies its child policy (§5), a decision
//! task is scheduled at once when an event arrives while one is started (§4), an empty tagList
//! is kept (§8), an API signal shows externalInitiatedEventId 0 (§9) and DecisionTaskScheduled
//! scheduleToStartTimeout "NONE" (§10). Each case passes on the reference endpoint and fails,
//! alone, against an endpoint whose histories look as the documentation's letter (or the
//! reference before, for §4 and §8-§10) says (tests/common/faulty/live.rs); the cancel request
//! of the REQUEST_CANCEL policy fails under the breaks of cancel requests
//! (tests/harness_suite.rs).

mod common;

use common::faulty::Break;
use common::suite::{assert_fails, failing, run_against};

const CASES: [&str; 9] = [
    "decision-failures/schedule-lambda-function/no-lambda-role",
    "lifecycles/complete/child-policy-terminates",
    "lifecycles/complete/child-policy-requests-cancel",
    "behaviour/signal/records-the-event-and-a-decision-task",
    "behaviour/start-workflow-execution/empty-tag-list",
    "decision-failures/complete-workflow-execution/unhandled-decision",
    "decision-failures/fail-workflow-execution/unhandled-decision",
    "decision-failures/cancel-workflow-execution/unhandled-decision",
    "decision-failures/continue-as-new-workflow-execution/unhandled-decision",
];

const SIGNAL: &str = "behaviour/signal/records-the-event-and-a-decision-task";

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_four_differences_replay_found_fail_in_the_reference_s_former_form() {
    assert_fails(
        Break::DropEmptyTagList,
        &["behaviour/start-workflow-execution/empty-tag-list/tag-list"],
    )
    .await;
    assert_fails(
        Break::DropApiSignalOrigin,
        &[&format!("{SIGNAL}/external-initiated-event-id")],
    )
    .await;
    assert_fails(
        Break::DropDecisionScheduleToStart,
        &[&format!("{SIGNAL}/schedule-to-start-timeout")],
    )
    .await;
    let unhandled = ["complete", "fail", "cancel", "continue-as-new"].map(|d| {
        format!("decision-failures/{d}-workflow-execution/unhandled-decision/decision-task")
    });
    assert_fails(
        Break::ScheduleDecisionOnCompletion,
        &unhandled.each_ref().map(String::as_str),
    )
    .await;
}
