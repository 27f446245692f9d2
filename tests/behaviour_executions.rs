//! The visibility filters and TerminateWorkflowExecution's child policy
//! (fixtures/cases/executions.toml): each check is seen failing against an endpoint
//! that ignores what it checks.

mod common;

use common::faulty::Break;
use common::suite::assert_fails;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_windows_are_checked() {
    assert_fails(
        Break::IgnoreTimeWindows,
        &[
            "executions/count-closed/closed-before-the-window",
            "executions/list-open/started-after-the-window",
            "executions/list-open/started-before-the-window",
            "executions/list-open/started-after-the-window/meaning-filters",
            "executions/list-open/started-before-the-window/meaning-filters",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_status_filters_are_checked() {
    assert_fails(
        Break::IgnoreCloseStatus,
        &[
            "executions/count-closed/close-status-canceled",
            "executions/count-closed/close-status-terminated",
            "executions/list-closed/close-status-completed",
            "executions/list-closed/close-status-terminated",
            // Without its closeStatusFilter, the request holds one filter only.
            "executions/list-closed/two-filters",
            "executions/list-closed/close-status-completed/meaning-filters",
            "executions/list-closed/close-status-terminated/meaning-filters",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_that_exclude_each_other_are_refused() {
    assert_fails(
        Break::AcceptExclusiveFilters,
        &[
            "executions/count-closed/no-time-filter",
            "executions/count-closed/start-and-close-time",
            "executions/list-closed/two-filters",
            "executions/list-open/two-filters",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_terminate_applies_the_child_policy_it_names() {
    assert_fails(
        Break::IgnoreChildPolicy,
        &[
            "executions/terminate/child-policy-recorded",
            "executions/terminate/child-policy-request-cancel",
            "executions/terminate/child-policy-terminate",
        ],
    )
    .await;
}
