//! The meaning checks (issue 28 item 1): each is seen failing against an endpoint whose
//! answers stop meaning what they say, one way at a time (tests/common/faulty/meaning.rs),
//! while the reference passes them all (tests/harness_suite.rs runs it whole). Where a break
//! touches many answers, the test asserts that only the broken check fails, and that it
//! fails in the cases named (those that catch moto 5.2.6's bug of the same kind).

mod common;

use common::faulty::Break;
use common::suite::{assert_fails, failing, run_cases, run_under};
use swfcheck::outcome::RunReport;

/// The operations whose generated cases check one member's value.
const VALUE_OPERATIONS: [&str; 4] = [
    "RegisterDomain",
    "RegisterWorkflowType",
    "RegisterActivityType",
    "StartWorkflowExecution",
];

/// Runs the cases generated for [`VALUE_OPERATIONS`] through a proxy that breaks `mode`.
async fn run_generated_under(mode: Break) -> RunReport {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = common::faulty::start(mode, format!("http://{}/", server.addr())).await;
    let cases = swfcheck::generate::suite(swfcheck::generate::Suite::Generated)
        .unwrap()
        .into_iter()
        .filter(|c| VALUE_OPERATIONS.contains(&c.operation.as_str()))
        .collect();
    let report = run_cases(Some(proxy.url()), cases).await;
    drop(proxy);
    server.shutdown().await;
    report
}

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

/// Asserts that in `report` (a run under `mode`) only results whose id starts with one of
/// `prefixes` fail, among them `named`.
fn only_cases_fail(report: &RunReport, mode: Break, prefixes: &[&str], named: &[&str]) {
    let failed = failing(report);
    let other: Vec<&String> = failed
        .iter()
        .filter(|id| !prefixes.iter().any(|p| id.starts_with(p)))
        .collect();
    assert!(
        other.is_empty(),
        "{mode:?} fails more than {prefixes:?}: {other:?}"
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
async fn names_durations_and_retention_are_checked_with_every_other_member_existing() {
    let report = run_generated_under(Break::ValuesUnchecked).await;
    only_cases_fail(
        &report,
        Break::ValuesUnchecked,
        &[
            "RegisterDomain/",
            "RegisterWorkflowType/",
            "RegisterActivityType/",
            "StartWorkflowExecution/",
        ],
        &[
            "StartWorkflowExecution/workflowId/slash",
            "StartWorkflowExecution/workflowId/vertical-bar",
            "StartWorkflowExecution/workflowId/control",
            "StartWorkflowExecution/workflowId/arn",
            "StartWorkflowExecution/executionStartToCloseTimeout/none",
            "StartWorkflowExecution/taskStartToCloseTimeout/not-a-number",
            "RegisterDomain/workflowExecutionRetentionPeriodInDays/days-91",
            "RegisterDomain/workflowExecutionRetentionPeriodInDays/not-a-number",
            "RegisterDomain/name/leading-space",
            "RegisterWorkflowType/name/colon",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workflow_id_s_length_is_checked_where_the_type_exists() {
    let report = run_generated_under(Break::StartIdLengthUnchecked).await;
    let expected = [
        "StartWorkflowExecution/workflowId/len-0",
        "StartWorkflowExecution/workflowId/len-0/validation",
        "StartWorkflowExecution/workflowId/len-257",
        "StartWorkflowExecution/workflowId/len-257/validation",
        "StartWorkflowExecution/workflowId/len-257-multibyte",
        "StartWorkflowExecution/workflowId/len-257-multibyte/validation",
    ];
    assert_eq!(failing(&report), common::suite::ids(&expected));
    assert!(!report.conformant());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_misspelled_event_type_breaks_the_history() {
    let report = run_under(Break::MisspelledTimerCanceled).await;
    only_cases_fail(
        &report,
        Break::MisspelledTimerCanceled,
        &["time/timer/canceled-before-firing"],
        &[
            "time/timer/canceled-before-firing",
            "time/timer/canceled-before-firing/meaning-history",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_id_naming_the_wrong_event_breaks_the_history() {
    // The decision task's own output check and the seen invariants (one decision task at a
    // time, its events together) see the misdirected id too.
    only_checks_fail(
        Break::MisdirectedEventId,
        &[
            "/meaning-history",
            "/meaning-history-seen",
            "/output",
            // Its new decision task is told apart from the old one by the started event.
            "time/decision-task/start-to-close/new-decision-task",
        ],
        &[
            "responses/get-workflow-execution-history/activity/meaning-history",
            "responses/poll-for-decision-task/task/meaning-history",
        ],
    )
    .await;
}

/// Asserts that under `mode` only results of the checks ending with one of `suffixes` fail,
/// among them `named`.
async fn only_checks_fail(mode: Break, suffixes: &[&str], named: &[&str]) {
    let report = run_under(mode).await;
    let failed = failing(&report);
    let other: Vec<&String> = failed
        .iter()
        .filter(|id| !suffixes.iter().any(|s| id.ends_with(s)))
        .collect();
    assert!(
        other.is_empty(),
        "{mode:?} fails more than {suffixes:?}: {other:?}"
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
async fn an_ignored_tag_filter_lists_what_it_should_not() {
    only_checks_fail(
        Break::IgnoreTagFilter,
        &[
            "/meaning-filters",
            "behaviour/list-open-workflow-executions/by-tag",
        ],
        &["behaviour/list-open-workflow-executions/by-tag/meaning-filters"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_count_that_disagrees_with_its_listing_is_caught() {
    only_checks_fail(
        Break::CountOneTooMany,
        &[
            "/meaning-counts",
            "behaviour/count-open-workflow-executions/after-terminate",
            "responses/count-open-workflow-executions/by-workflow-id",
        ],
        &["responses/count-open-workflow-executions/by-workflow-id/meaning-counts"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_whose_time_goes_back_is_caught() {
    only_checks_fail(
        Break::HistoryTimeGoesBack,
        // A description's latestActivityTaskTimestamp no longer agrees with the history.
        &[
            "/meaning-time",
            "/meaning-history-seen",
            "/meaning-execution-history",
        ],
        &[
            "responses/get-workflow-execution-history/activity/meaning-time",
            "responses/get-workflow-execution-history/activity/meaning-history-seen",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_that_skips_an_event_id_is_caught() {
    only_checks_fail(
        Break::EventIdSkipped,
        &[
            "/meaning-history-seen",
            // Cases that read event ids of their own.
            "documented/undeprecate-activity-type/allows-new-tasks",
            "lifecycles/complete/child-policy-requests-cancel",
            "lifecycles/complete/child-policy-terminates",
            "paging/get-workflow-execution-history/default-order",
            "paging/get-workflow-execution-history/next-page",
            "paging/get-workflow-execution-history/reverse-order",
            "rcwe/lifecycle/schedules-decision-task/event-ids",
            "time/decision-task/start-to-close/new-decision-task",
        ],
        &["responses/get-workflow-execution-history/activity/meaning-history-seen"],
    )
    .await;
}
