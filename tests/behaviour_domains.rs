//! Domains, tags and paging (issue 13): each break of a documented behaviour of a
//! domain, its tags or a listing's pages makes exactly the cases that check it fail.

mod common;

use common::faulty::Break;
use common::suite::assert_fails;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_that_stays_deprecated_is_caught() {
    assert_fails(
        Break::UndeprecateDoesNothing,
        &[
            "domains/undeprecate-domain/allows-new-executions",
            "domains/undeprecate-domain/allows-new-types",
            "domains/undeprecate-domain/described-as-registered",
            "domains/undeprecate-domain/listed-as-registered",
            // It answers 200 for a domain that is not deprecated too.
            "faults/undeprecate-domain/domain-already-exists",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_filter_that_lists_everything_is_caught() {
    assert_fails(
        Break::ListDomainsIgnoresStatus,
        &[
            "domains/deprecate-domain/no-longer-listed-as-registered",
            "domains/list-domains/deprecated-omits-a-registered-one",
            "domains/deprecate-domain/listed-as-deprecated/meaning-filters",
            "domains/deprecate-domain/no-longer-listed-as-registered/meaning-filters",
            "domains/list-domains/deprecated-omits-a-registered-one/meaning-filters",
            "domains/list-domains/registered-lists-it/meaning-filters",
            "domains/undeprecate-domain/listed-as-registered/meaning-filters",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_execution_started_in_a_deprecated_domain_is_caught() {
    assert_fails(
        Break::StartInDeprecatedDomain,
        &[
            "domains/deprecate-domain/refuses-new-executions",
            "domains/deprecate-domain/refuses-new-executions/fault",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_left_registered_in_a_deprecated_domain_are_caught() {
    assert_fails(
        Break::DomainTypesStayRegistered,
        &[
            "domains/deprecate-domain/deprecates-its-activity-types",
            "domains/deprecate-domain/deprecates-its-workflow-types",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_that_are_not_added_or_not_removed_are_caught() {
    assert_fails(
        Break::TagDoesNothing,
        &[
            "tags/tag-resource/fifty-tags-kept",
            "tags/tag-resource/listed",
            // Nothing is refused: neither the 51st tag nor an unknown ARN.
            "tags/tag-resource/too-many-tags",
            "tags/tag-resource/unknown-domain-arn",
        ],
    )
    .await;
    assert_fails(
        Break::UntagDoesNothing,
        &[
            "tags/untag-resource/no-longer-listed",
            "tags/untag-resource/unknown-domain-arn",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_tag_limit_is_caught() {
    assert_fails(
        Break::NoTagLimit,
        &[
            "tags/register-domain/too-many-tags",
            "tags/tag-resource/too-many-tags",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_that_never_page_are_caught() {
    assert_fails(
        Break::NoPaging,
        &[
            "behaviour/get-workflow-execution-history/pages",
            "paging/get-workflow-execution-history/first-page",
            "paging/get-workflow-execution-history/next-page",
            "paging/list-activity-types/first-page",
            "paging/list-activity-types/next-page",
            "paging/list-closed-workflow-executions/first-page",
            "paging/list-closed-workflow-executions/next-page",
            "paging/list-domains/first-page",
            "paging/list-open-workflow-executions/first-page",
            "paging/list-open-workflow-executions/next-page",
            "paging/list-workflow-types/first-page",
            "paging/list-workflow-types/next-page",
            "documented/list-activity-types/type-infos",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_that_ignore_reverse_order_are_caught() {
    assert_fails(
        Break::ReverseOrderIgnored,
        &[
            "paging/get-workflow-execution-history/reverse-order",
            "paging/list-activity-types/reverse-order",
            "paging/list-closed-workflow-executions/reverse-order",
            "paging/list-open-workflow-executions/reverse-order",
            "paging/list-workflow-types/reverse-order",
            "paging/get-workflow-execution-history/reverse-order/meaning-history-seen",
        ],
    )
    .await;
}
