//! Time and lifecycles (issue 21; the `time/`, `lifecycles/` and `documented/` cases in
//! fixtures/cases/tasks.toml, executions.toml and behaviour.toml): each check is seen failing
//! against an endpoint that breaks the behaviour it rests on, and only those checks
//! (tests/common/faulty/time.rs).

mod common;

use common::faulty::Break;
use common::suite::assert_fails;

/// A timer fires after its delay (TimerFired, then a decision task), a canceled one never does, nor
/// one still open when its execution closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timers_fire_when_due_and_only_then() {
    assert_fails(
        Break::DropTimerFired,
        &[
            "time/timer/canceled-before-firing/never-fires",
            "time/timer/closed-execution-never-fires",
            "time/timer/fires",
            "time/timer/fires/decision-task",
            "time/timer/canceled-before-firing/meaning-history-seen",
            "time/timer/closed-execution-never-fires/meaning-history-seen",
            "time/timer/fires/meaning-history-seen",
        ],
    )
    .await;
    assert_fails(
        Break::TimerNeverFires,
        &[
            "time/activity/start-to-close-despite-heartbeats",
            "time/activity/start-to-close-despite-heartbeats/decision-task",
            "time/activity/start-to-close-despite-heartbeats/history",
            "time/timer/canceled-before-firing",
            "time/timer/canceled-before-firing/never-fires",
            "time/timer/closed-execution-never-fires",
            "time/timer/fires",
            "time/timer/fires/decision-task",
            "time/timer/fires/long-poll",
        ],
    )
    .await;
    assert_fails(
        Break::ClosedExecutionTimerFires,
        // Nothing follows the close in a history (meaning-history-seen).
        &[
            "time/timer/closed-execution-never-fires/never-fires",
            "time/timer/closed-execution-never-fires/meaning-history-seen",
        ],
    )
    .await;
}

/// Every timeout is recorded with its event and timeoutType, then a decision task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_timeout_is_recorded_with_its_type() {
    assert_fails(
        Break::OtherTimeoutType,
        &[
            "tasks/record-activity-task-heartbeat/details-reach-the-timeout/history",
            "time/activity/registered-heartbeat-timeout",
            "time/activity/registered-start-to-close-timeout",
            "time/activity/schedule-to-close/history",
            "time/activity/schedule-to-start",
            "time/activity/start-to-close-despite-heartbeats/history",
            "time/decision-task/start-to-close",
            "time/execution/start-to-close",
            "time/execution/start-to-close/output-constraints",
            "time/execution/start-to-close/parent",
            "time/activity/schedule-to-start/meaning-history",
        ],
    )
    .await;
    assert_fails(
        Break::DropTimedOut,
        // Without their timeouts, histories break the seen invariants (a decision task with
        // no cause, an execution closed by nothing: meaning-history-seen,
        // meaning-execution-history).
        &[
            "tasks/record-activity-task-heartbeat/details-reach-the-timeout/history",
            "tasks/record-activity-task-heartbeat/details-reach-the-timeout/meaning-history-seen",
            "time/activity/registered-heartbeat-timeout",
            "time/activity/registered-heartbeat-timeout/meaning-history-seen",
            "time/activity/registered-start-to-close-timeout",
            "time/activity/registered-start-to-close-timeout/meaning-history-seen",
            "time/activity/schedule-to-close/decision-task",
            "time/activity/schedule-to-close/history",
            "time/activity/schedule-to-start",
            "time/activity/schedule-to-start/decision-task",
            "time/activity/schedule-to-start/meaning-history-seen",
            "time/activity/start-to-close-despite-heartbeats/decision-task",
            "time/activity/start-to-close-despite-heartbeats/history",
            "time/decision-task/start-to-close",
            "time/decision-task/start-to-close/meaning-history-seen",
            "time/execution/closes-timed-out/meaning-execution-history",
            "time/execution/start-to-close",
            "time/execution/start-to-close/meaning-history-seen",
            "time/execution/start-to-close/parent",
            "time/execution/start-to-close/parent-decision-task",
        ],
    )
    .await;
}

/// An execution that timed out closes TIMED_OUT, one continued as new CONTINUED_AS_NEW.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_and_continued_executions_close_as_such() {
    assert_fails(
        Break::NewCloseStatusesRewritten,
        &[
            "behaviour/decisions/continue-as-new",
            "lifecycles/continue-as-new/new-run/old-run",
            "time/execution/closes-timed-out",
            "behaviour/decisions/continue-as-new/meaning-execution-history",
            "time/execution/closes-timed-out/meaning-execution-history",
        ],
    )
    .await;
}

/// A child's end reaches its parent as what it was; a signal or cancel request sent to another
/// execution is confirmed in the sender's history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn children_and_external_executions_report_back() {
    assert_fails(
        Break::ChildCompletedAsFailed,
        &[
            "lifecycles/child/completed",
            "lifecycles/child/completed/decision-task",
        ],
    )
    .await;
    assert_fails(
        Break::DropExternalEvents,
        &[
            "lifecycles/request-cancel-external/delivered/sender",
            "lifecycles/request-cancel-external/delivered/sender-decision-task",
            "lifecycles/signal-external/delivered/sender",
            "lifecycles/signal-external/delivered/sender-decision-task",
            "lifecycles/request-cancel-external/delivered/meaning-history-seen",
            "lifecycles/signal-external/delivered/meaning-history-seen",
        ],
    )
    .await;
}

/// A poll waits for a task; a task goes to one poller; any execution's task comes from its list;
/// a task's history is paged; the task names its type.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decision_tasks_are_long_polled_once_each() {
    assert_fails(
        Break::PollAnsweredAtOnce,
        &[
            "tasks/record-activity-task-heartbeat/details-reach-the-timeout",
            "tasks/record-activity-task-heartbeat/details-reach-the-timeout/history",
            "time/activity/registered-heartbeat-timeout",
            "time/activity/registered-start-to-close-timeout",
            "time/activity/schedule-to-close",
            "time/activity/schedule-to-close/decision-task",
            "time/activity/schedule-to-close/history",
            "time/activity/schedule-to-start",
            "time/activity/schedule-to-start/decision-task",
            "time/activity/start-to-close-despite-heartbeats",
            "time/activity/start-to-close-despite-heartbeats/decision-task",
            "time/activity/start-to-close-despite-heartbeats/history",
            "time/decision-task/start-to-close",
            "time/decision-task/start-to-close/new-decision-task",
            "time/decision-task/start-to-close/stale-answer",
            "time/execution/child-policy-applied",
            "time/execution/closes-timed-out",
            "time/execution/start-to-close",
            "time/execution/start-to-close/parent",
            "time/execution/start-to-close/parent-decision-task",
            "time/timer/canceled-before-firing",
            "time/timer/canceled-before-firing/never-fires",
            "time/timer/closed-execution-never-fires",
            "time/timer/fires",
            "time/timer/fires/decision-task",
            "time/timer/fires/long-poll",
        ],
    )
    .await;
    assert_fails(
        Break::TaskToTwoPollers,
        &[
            "documented/poll-for-decision-task/one-poller-per-task",
            "time/decision-task/start-to-close",
            "time/decision-task/start-to-close/new-decision-task",
            "time/decision-task/start-to-close/stale-answer",
        ],
    )
    .await;
    assert_fails(
        Break::OneExecutionPerTaskList,
        &[
            "documented/poll-for-decision-task/any-execution-on-the-list",
            "documented/poll-for-decision-task/one-poller-per-task",
        ],
    )
    .await;
    assert_fails(
        Break::PollIgnoresPaging,
        &[
            "documented/poll-for-decision-task/first-page",
            "documented/poll-for-decision-task/next-page",
            "documented/poll-for-decision-task/next-page/same-task",
        ],
    )
    .await;
    assert_fails(
        Break::PollWrongType,
        &["documented/poll-for-decision-task/first-page/type-and-history"],
    )
    .await;
}

/// RespondDecisionTaskCompleted answers an empty 200 and records its executionContext.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_task_answer_is_recorded_with_its_context() {
    assert_fails(
        Break::DecisionContextLost,
        &[
            "documented/respond-decision-task-completed/records-the-decisions",
            "documented/respond-decision-task-completed/records-the-decisions/completed-event",
        ],
    )
    .await;
}

/// Deprecating or deleting a type or a domain leaves what already started running, and
/// visibility actions still see them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retired_types_and_domains_keep_what_they_started() {
    assert_fails(
        Break::RetiredTypesStopRunning,
        &[
            "documented/delete-activity-type/started-tasks-continue",
            "documented/delete-activity-type/started-tasks-continue/history",
            "documented/delete-workflow-type/started-executions-continue",
            "documented/deprecate-activity-type/scheduled-tasks-continue",
            "documented/deprecate-domain/started-executions-continue",
            "documented/deprecate-workflow-type/started-executions-continue",
        ],
    )
    .await;
    assert_fails(
        Break::RetiredInvisible,
        &[
            "documented/deprecate-domain/visibility-actions",
            "documented/deprecate-workflow-type/visibility",
        ],
    )
    .await;
}

/// What Register, Describe, Deprecate, Undeprecate, Delete and List*Types do to a type.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_are_described_deprecated_undeprecated_deleted_and_listed() {
    assert_fails(
        Break::TypeConfigurationDropped,
        &[
            "behaviour/describe-workflow-type/defaults",
            "documented/register-activity-type/configuration-is-fixed",
            "documented/register-activity-type/described",
            "documented/register-workflow-type/configuration-is-fixed",
            "documented/register-workflow-type/described",
        ],
    )
    .await;
    assert_fails(
        Break::DeprecatedActivityShownRegistered,
        &[
            "documented/deprecate-activity-type/described-as-deprecated",
            "domains/deprecate-domain/deprecates-its-activity-types",
        ],
    )
    .await;
    assert_fails(
        Break::UndeprecateTypeDoesNothing,
        &[
            "behaviour/undeprecate-workflow-type/allows-new-executions",
            "documented/undeprecate-activity-type/allows-new-tasks",
            "documented/undeprecate-activity-type/described-as-registered",
            "documented/undeprecate-workflow-type/described-as-registered",
            "faults/undeprecate-activity-type/type-already-exists",
            "faults/undeprecate-workflow-type/type-already-exists",
        ],
    )
    .await;
    assert_fails(
        Break::DeletedTypesStayUsable,
        &[
            "behaviour/delete-workflow-type/refuses-new-executions",
            "documented/delete-activity-type/no-longer-described",
            "documented/delete-activity-type/refuses-new-tasks",
            "documented/delete-workflow-type/no-longer-described",
            "faults/delete-activity-type/type-not-deprecated",
            "faults/delete-workflow-type/type-not-deprecated",
        ],
    )
    .await;
    assert_fails(
        Break::ListTypesIgnoreName,
        &[
            "behaviour/list-workflow-types/by-name",
            "behaviour/list-workflow-types/deprecated",
            "documented/list-activity-types/by-name-and-status",
            "documented/list-activity-types/type-infos",
            "behaviour/list-workflow-types/by-name/meaning-filters",
            "behaviour/list-workflow-types/deprecated/meaning-filters",
            "documented/list-activity-types/by-name-and-status/meaning-filters",
            "documented/list-activity-types/type-infos/meaning-filters",
        ],
    )
    .await;
}

/// A worker told of a cancel request may complete its task all the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_may_ignore_a_cancel_request() {
    assert_fails(
        Break::CancelRequestedTasksRefuseCompletion,
        &[
            "documented/record-activity-task-heartbeat/cancel-ignored",
            "documented/record-activity-task-heartbeat/cancel-ignored/history",
        ],
    )
    .await;
}

/// A signal without runId is recorded in the open run, not in a closed one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_without_run_id_goes_to_the_open_run_only() {
    assert_fails(
        Break::SignalEveryRun,
        &["documented/signal-workflow-execution/no-run-id/not-the-closed-run"],
    )
    .await;
}

/// The slow cases (a long poll held for its documented 60 s; a task arriving during a poll goes
/// to it at once) pass on the reference endpoint holding polls for 60 s, and fail on an endpoint
/// that answers a poll of an empty task list at once. The three runs go side by side: about a
/// minute in all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_polls_wait_their_documented_minute() {
    use common::suite::{failing, ids, run_cases};
    use swfcheck::run::filter::is_slow;
    let slow: Vec<_> = swfcheck::cases::file::builtin()
        .unwrap()
        .into_iter()
        .filter(is_slow)
        .collect();
    let upstream = swfcheck::server::start_local(std::time::Duration::from_secs(60))
        .await
        .unwrap();
    let url = format!("http://{}/", upstream.addr());
    let decisions = common::faulty::start(Break::PollAnsweredAtOnce, url.clone()).await;
    let activities = common::faulty::start(Break::ActivityPollAnsweredAtOnce, url.clone()).await;
    let (reference, at_once, activity_at_once) = tokio::join!(
        run_cases(Some(url), slow.clone()),
        run_cases(Some(decisions.url()), slow.clone()),
        run_cases(Some(activities.url()), slow),
    );
    assert!(reference.conformant(), "{:?}", failing(&reference));
    assert_eq!(
        failing(&at_once),
        ids(&[
            "slow/poll-for-decision-task/empty-after-60s",
            "slow/poll-for-decision-task/task-arrives-during-poll",
        ])
    );
    assert_eq!(
        failing(&activity_at_once),
        ids(&["slow/poll-for-activity-task/empty-after-60s"])
    );
    drop((decisions, activities));
    upstream.shutdown().await;
}
