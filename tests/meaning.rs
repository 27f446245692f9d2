//! The meaning checks (issue 28 item 1): each is seen failing against an endpoint whose
//! answers stop meaning what they say, one way at a time (tests/common/faulty/meaning.rs),
//! while the reference passes them all (tests/harness_suite.rs runs it whole). Where a break
//! touches many answers, the test asserts that only the broken check fails, and that it
//! fails in the cases named (those that catch moto 5.2.6's bug of the same kind).

mod common;

use common::faulty::Break;
use common::suite::{assert_fails, failing, run_under};

/// Asserts that under `mode` only results of the check `suffix` fail, among them `named`.
async fn only_check_fails(mode: Break, suffix: &str, named: &[&str]) {
    let report = run_under(mode).await;
    let failed = failing(&report);
    let other: Vec<&String> = failed.iter().filter(|id| !id.ends_with(suffix)).collect();
    assert!(
        other.is_empty(),
        "{mode:?} fails more than {suffix}: {other:?}"
    );
    for id in named {
        assert!(
            failed.contains(*id),
            "{mode:?}: {id} passes; failing: {failed:?}"
        );
    }
    assert!(!report.conformant(), "{mode:?} must make the run fail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_start_timestamp_is_out_of_the_run() {
    only_check_fails(
        Break::FrozenTimestamps,
        "/meaning-time",
        &[
            "responses/describe-workflow-execution/open/meaning-time",
            "responses/describe-workflow-execution/completed/meaning-time",
            "executions/list-closed/close-status-terminated/meaning-time",
            "behaviour/describe-workflow-type/defaults/meaning-time",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_ahead_answers_from_the_future() {
    only_check_fails(
        Break::ClockAhead,
        "/meaning-time",
        &[
            "paging/get-workflow-execution-history/first-page/meaning-time",
            "responses/poll-for-decision-task/task/meaning-time",
            "paging/list-activity-types/first-page/meaning-time",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_open_timers_disagree_with_the_history() {
    assert_fails(
        Break::StaleOpenTimers,
        &[
            "responses/describe-workflow-execution/open-timer",
            "responses/describe-workflow-execution/open-timer/meaning-execution-history",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_execution_has_its_close_timestamp() {
    assert_fails(
        Break::TerminatedWithoutCloseTimestamp,
        &[
            "executions/list-closed/close-status-terminated/meaning-executions",
            "executions/terminate/child-policy-terminate/meaning-executions",
            "lifecycles/terminate/type-child-policy-applies/meaning-executions",
            "paging/list-closed-workflow-executions/default-order/meaning-executions",
            "paging/list-closed-workflow-executions/first-page/meaning-executions",
            "paging/list-closed-workflow-executions/next-page/meaning-executions",
            "paging/list-closed-workflow-executions/reverse-order/meaning-executions",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_pending_once_the_case_s_executions_closed() {
    assert_fails(
        Break::PendingDecisionsStay,
        &[
            "behaviour/count-pending-decision-tasks/after-terminate",
            "behaviour/count-pending-decision-tasks/after-terminate/meaning-counts",
            "behaviour/count-pending-decision-tasks/never-used",
            "behaviour/count-pending-decision-tasks/never-used/meaning-counts",
        ],
    )
    .await;
}
