#!/usr/bin/env bash
# The AWS CLI v1 against an SWF endpoint: the lifecycle (register, start, signal, cancel, decide,
# describe, history read two events a page) and two faults, each reported by the CLI under its
# own name. Usage: tests/clients/cli.sh AWS_BINARY ENDPOINT_URL
set -euo pipefail
aws="$1"
url="$2"
export AWS_ACCESS_KEY_ID=swfcheck-test AWS_SECRET_ACCESS_KEY=swfcheck-test AWS_DEFAULT_REGION=us-east-1
export AWS_MAX_ATTEMPTS=1 AWS_PAGER=""
# The CLI parses every timestamp and prints it in ISO 8601 (v1 prints the raw number by default).
config=$(mktemp)
trap 'rm -f "$config"' EXIT
printf '[default]\ncli_timestamp_format = iso8601\n' >"$config"
export AWS_CONFIG_FILE="$config"
swf() { "$aws" swf --endpoint-url "$url" --output json "$@"; }
fail() { echo "clients/cli.sh: FAILED: $*" >&2; exit 1; }
domain="cli-$(date +%s%N)"
exec_json='{"workflowId": "w1", "runId": "'
swf register-domain --name "$domain" --workflow-execution-retention-period-in-days 1
swf register-workflow-type --domain "$domain" --name wf --workflow-version 1 \
    --default-task-list name=tl --default-task-start-to-close-timeout 60 \
    --default-execution-start-to-close-timeout 600 --default-child-policy TERMINATE
run_id=$(swf start-workflow-execution --domain "$domain" --workflow-id w1 \
    --workflow-type name=wf,version=1 --tag-list t --query runId --output text)
[ -n "$run_id" ] || fail "no runId"
execution="workflowId=w1,runId=$run_id"
swf signal-workflow-execution --domain "$domain" --workflow-id w1 --run-id "$run_id" --signal-name go --input payload
swf request-cancel-workflow-execution --domain "$domain" --workflow-id w1

requested=$(swf describe-workflow-execution --domain "$domain" --execution "$execution" \
    --query 'executionInfo.[cancelRequested, executionStatus, startTimestamp]' --output text)
[[ "$requested" == True$'\t'OPEN$'\t'20* ]] || fail "describe after the cancel: $requested"

# The CLI follows nextPageToken itself: two events a page must give the same history as one page.
paged=$(swf get-workflow-execution-history --domain "$domain" --execution "$execution" --page-size 2 \
    --query 'events[].[eventId, eventType]' --output json)
whole=$(swf get-workflow-execution-history --domain "$domain" --execution "$execution" \
    --query 'events[].[eventId, eventType]' --output json)
[ "$paged" = "$whole" ] || fail "paged history $paged differs from $whole"
[[ "$whole" == *WorkflowExecutionSignaled*WorkflowExecutionCancelRequested* ]] || fail "history: $whole"
attrs=$(swf get-workflow-execution-history --domain "$domain" --execution "$execution" \
    --query "events[?eventType=='WorkflowExecutionCancelRequested'].workflowExecutionCancelRequestedEventAttributes.externalInitiatedEventId" --output text)
[ "$attrs" = 0 ] || fail "externalInitiatedEventId: $attrs"

token=$(swf poll-for-decision-task --domain "$domain" --task-list name=tl --identity decider \
    --query taskToken --output text)
[ -n "$token" ] && [ "$token" != None ] || fail "no decision task"
swf respond-decision-task-completed --task-token "$token" \
    --decisions '[{"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {"details": "canceled"}}]'
closed=$(swf describe-workflow-execution --domain "$domain" --execution "$execution" \
    --query 'executionInfo.[executionStatus, closeStatus, closeTimestamp]' --output text)
[[ "$closed" == CLOSED$'\t'CANCELED$'\t'20* ]] || fail "describe after the decision: $closed"
count=$(swf list-closed-workflow-executions --domain "$domain" --start-time-filter oldestDate=0 \
    --query 'length(executionInfos)')
[ "$count" = 1 ] || fail "closed executions: $count"

# Faults: the CLI names the service's error code; exit status 255 (v1) is a service error.
expect_fault() {
    local name="$1"; shift
    local err status=0
    err=$(swf request-cancel-workflow-execution "$@" 2>&1 >/dev/null) || status=$?
    [ "$status" = 255 ] || fail "$name: exit status $status ($err)"
    [[ "$err" == *"An error occurred ($name) when calling the RequestCancelWorkflowExecution operation"* ]] ||
        fail "expected $name, the CLI said: $err"
}
expect_fault UnknownResourceFault --domain "no-such-$domain" --workflow-id w1
expect_fault ValidationException --domain "$(printf 'd%.0s' $(seq 1 257))" --workflow-id w1
echo "clients/cli.sh: aws-cli $("$aws" --version 2>&1 | cut -d' ' -f1) lifecycle and faults OK"
