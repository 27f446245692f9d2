//! Scoping (issue 20): executions, task lists and types are reachable only through their own
//! domain, and a refused request changes nothing. Each break makes exactly the cases that check
//! it fail (fixtures/cases/behaviour.toml `scoping/...`, fixtures/cases/domains.toml).

mod common;

use common::faulty::Break;
use common::suite::assert_fails;

/// fakecloud-swf 0.51.0's bug: a request naming another existing domain reaches the execution.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executions_and_task_lists_of_another_domain_are_caught() {
    assert_fails(
        Break::ExecutionsAcrossDomains,
        &[
            "scoping/describe-workflow-execution/other-domain",
            "scoping/get-workflow-execution-history/other-domain",
            // The task is handed out (a task, not an empty result) and started in its domain.
            "scoping/poll-for-activity-task/other-domain",
            "scoping/poll-for-activity-task/other-domain/history",
            "scoping/poll-for-decision-task/other-domain",
            "scoping/poll-for-decision-task/other-domain/history",
            "scoping/request-cancel-workflow-execution/other-domain",
            "scoping/request-cancel-workflow-execution/other-domain/history",
            "scoping/signal-workflow-execution/other-domain",
            "scoping/signal-workflow-execution/other-domain/history",
            "scoping/terminate-workflow-execution/other-domain",
            "scoping/terminate-workflow-execution/other-domain-no-run-id",
            "scoping/terminate-workflow-execution/other-domain-no-run-id/describe",
            "scoping/terminate-workflow-execution/other-domain/describe",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_of_another_domain_are_caught() {
    assert_fails(
        Break::TypesAcrossDomains,
        &[
            "scoping/describe-activity-type/registered-in-another-domain",
            "scoping/describe-workflow-type/registered-in-another-domain",
            "scoping/start-workflow-execution/type-registered-in-another-domain",
        ],
    )
    .await;
}

/// The answers are the documented ones; only what the requests did afterwards tells.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_that_does_what_it_refused_is_caught() {
    assert_fails(
        Break::RefusedButApplied,
        &[
            "domains/register-domain/refused-wrong-type-registers-nothing",
            "scoping/poll-for-activity-task/other-domain/history",
            "scoping/poll-for-decision-task/other-domain/history",
            "scoping/request-cancel-workflow-execution/other-domain/history",
            "scoping/signal-workflow-execution/other-domain/history",
            "scoping/terminate-workflow-execution/other-domain-no-run-id/describe",
            "scoping/terminate-workflow-execution/other-domain/describe",
        ],
    )
    .await;
}

/// An empty result hands out no task, whatever form its taskToken has (docs/practice.md §1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_poll_that_names_an_execution_is_caught() {
    assert_fails(
        Break::EmptyPollCarriesATask,
        &[
            "behaviour/poll-for-activity-task/empty",
            "behaviour/poll-for-decision-task/empty",
            "scoping/poll-for-activity-task/other-domain",
            "scoping/poll-for-decision-task/other-domain",
            // Named an execution, the answer is no empty result: a task's required members
            // are due, and the output shape says they are missing.
            "behaviour/poll-for-activity-task/empty/output",
            "behaviour/poll-for-decision-task/empty/output",
            "scoping/poll-for-activity-task/other-domain/output",
            "scoping/poll-for-decision-task/other-domain/output",
        ],
    )
    .await;
}
