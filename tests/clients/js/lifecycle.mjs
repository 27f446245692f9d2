// The JavaScript SDK v3 (@aws-sdk/client-swf) against an SWF endpoint: the lifecycle (register,
// start, signal, cancel, decide, describe, history read page by page) and two faults, each
// surfacing as the SDK's own error. Usage: node lifecycle.mjs ENDPOINT_URL
import {
  SWFClient, RegisterDomainCommand, RegisterWorkflowTypeCommand, StartWorkflowExecutionCommand,
  SignalWorkflowExecutionCommand, RequestCancelWorkflowExecutionCommand,
  DescribeWorkflowExecutionCommand, PollForDecisionTaskCommand, RespondDecisionTaskCompletedCommand,
  ListClosedWorkflowExecutionsCommand, UnknownResourceFault, SWFServiceException,
  paginateGetWorkflowExecutionHistory,
} from "@aws-sdk/client-swf";

function check(ok, what) {
  if (!ok) {
    console.error(`clients/js: FAILED: ${what}`);
    process.exit(1);
  }
}

async function history(client, domain, execution) {
  // Two events a page: the SDK must follow nextPageToken to the end.
  const events = [];
  let pages = 0;
  for await (const page of paginateGetWorkflowExecutionHistory(
    { client, pageSize: 2 }, { domain, execution })) {
    events.push(...page.events);
    pages += 1;
  }
  check(pages > 1, `history read in ${pages} page(s)`);
  return events;
}

async function expectFault(client, input, check_error, what) {
  try {
    await client.send(new RequestCancelWorkflowExecutionCommand(input));
  } catch (err) {
    check(check_error(err), `${what}, got ${err.name}: ${err.message}`);
    return;
  }
  check(false, `${what}: the call succeeded`);
}

async function main(url) {
  const client = new SWFClient({
    endpoint: url, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "swfcheck-test", secretAccessKey: "swfcheck-test" },
  });
  const domain = `js-${Date.now()}`;
  await client.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: "1" }));
  await client.send(new RegisterWorkflowTypeCommand({
    domain, name: "wf", version: "1", defaultTaskList: { name: "tl" },
    defaultTaskStartToCloseTimeout: "60", defaultExecutionStartToCloseTimeout: "600",
    defaultChildPolicy: "TERMINATE",
  }));
  const { runId } = await client.send(new StartWorkflowExecutionCommand({
    domain, workflowId: "w1", workflowType: { name: "wf", version: "1" }, tagList: ["t"],
  }));
  const execution = { workflowId: "w1", runId };
  await client.send(new SignalWorkflowExecutionCommand({ domain, workflowId: "w1", runId, signalName: "go", input: "payload" }));
  await client.send(new RequestCancelWorkflowExecutionCommand({ domain, workflowId: "w1" }));

  let info = (await client.send(new DescribeWorkflowExecutionCommand({ domain, execution }))).executionInfo;
  check(info.cancelRequested === true, "cancelRequested after the cancel");
  check(info.executionStatus === "OPEN", "still open");
  check(info.startTimestamp instanceof Date && info.startTimestamp.getTime() > 1.5e12, `startTimestamp parsed: ${info.startTimestamp}`);

  let events = await history(client, domain, execution);
  check(events.every((e, i) => e.eventId === i + 1), "consecutive event ids");
  check(events.every((e) => e.eventTimestamp instanceof Date), "event timestamps parsed");
  const cancel = events.find((e) => e.eventType === "WorkflowExecutionCancelRequested");
  check(cancel && cancel.workflowExecutionCancelRequestedEventAttributes.externalInitiatedEventId === 0,
    "WorkflowExecutionCancelRequested with externalInitiatedEventId 0");
  check(events.some((e) => e.eventType === "WorkflowExecutionSignaled"), "a WorkflowExecutionSignaled event");

  const task = await client.send(new PollForDecisionTaskCommand({ domain, taskList: { name: "tl" }, identity: "decider" }));
  check(task.taskToken, "a decision task");
  check(task.events.some((e) => e.eventType === "WorkflowExecutionCancelRequested"), "the decider sees the cancel request");
  await client.send(new RespondDecisionTaskCompletedCommand({
    taskToken: task.taskToken,
    decisions: [{ decisionType: "CancelWorkflowExecution", cancelWorkflowExecutionDecisionAttributes: { details: "canceled" } }],
  }));

  info = (await client.send(new DescribeWorkflowExecutionCommand({ domain, execution }))).executionInfo;
  check(info.executionStatus === "CLOSED" && info.closeStatus === "CANCELED", `closed as CANCELED: ${JSON.stringify(info)}`);
  check(info.closeTimestamp instanceof Date, "closeTimestamp parsed");
  events = await history(client, domain, execution);
  check(events.at(-1).eventType === "WorkflowExecutionCanceled", "the history ends with WorkflowExecutionCanceled");
  const closed = await client.send(new ListClosedWorkflowExecutionsCommand({ domain, startTimeFilter: { oldestDate: new Date(0) } }));
  check(closed.executionInfos.length === 1, "one closed execution listed");

  // UnknownResourceFault: the SDK's own modeled error class.
  await expectFault(client, { domain: `no-such-${domain}`, workflowId: "w1" },
    (err) => err instanceof UnknownResourceFault && err.name === "UnknownResourceFault", "UnknownResourceFault");
  // ValidationException is not in the operation's model: the SDK's service exception with its name.
  await expectFault(client, { domain: "d".repeat(257), workflowId: "w1" },
    (err) => err instanceof SWFServiceException && err.name === "ValidationException" && err.$metadata.httpStatusCode === 400,
    "ValidationException");
  console.log("clients/js: @aws-sdk/client-swf lifecycle and faults OK");
}

main(process.argv[2]).catch((err) => {
  console.error(`clients/js: FAILED: ${err.name}: ${err.message}`);
  process.exit(1);
});
