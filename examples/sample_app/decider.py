"""The decider: a PollForDecisionTask loop that reads each task's full history (every page)
and answers with the decisions of the workflow type's handler. Handlers start work on the
events that are new to them and close the execution once the whole history says it is done;
a closing decision refused with UNHANDLED_DECISION is simply made again on the next task."""

import json
import time

from swfapp import VERSION, History, attrs, decision

LAMBDA_OUTCOMES = ["ScheduleLambdaFunctionFailed", "StartLambdaFunctionFailed",
                   "LambdaFunctionCompleted", "LambdaFunctionFailed", "LambdaFunctionTimedOut"]


class Decider:
    """Polls APP's decision task list until APP.stop says so; PAGE is maximumPageSize (small,
    so that most histories span several pages)."""

    def __init__(self, app, identity, page=10):
        self.app = app
        self.identity = identity
        self.page = page
        self.handled = 0
        self.pages = 0  # pages read after a task's first (nextPageToken)

    def run(self):
        swf, app = self.app.swf, self.app
        while not app.stop.stopped():
            started = time.monotonic()
            task = swf.poll_for_decision_task(
                domain=app.domain, taskList={"name": app.decisions}, identity=self.identity,
                maximumPageSize=self.page)
            if not task.get("taskToken"):
                # moto answers an empty poll at once: do not spin on it.
                if time.monotonic() - started < 0.5:
                    app.stop.event.wait(0.1)
                continue
            events = list(task["events"])
            token = task.get("nextPageToken")
            while token:
                more = swf.poll_for_decision_task(
                    domain=app.domain, taskList={"name": app.decisions}, identity=self.identity,
                    maximumPageSize=self.page, nextPageToken=token)
                events.extend(more["events"])
                self.pages += 1
                token = more.get("nextPageToken")
            history = History(task, events)
            decisions = HANDLERS[history.type_name](history, app)
            if decisions is None:
                continue  # the handler lets this task time out
            swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)
            self.handled += 1


def complete(result):
    return decision("CompleteWorkflowExecution", result=result)


def activities(h, app):
    """A marker, an activity that completes, one of an unregistered type and a Lambda function
    (no Lambda on the reference endpoint): completes once each has its outcome."""
    if h.new("WorkflowExecutionStarted"):
        return [decision("RecordMarker", markerName="begin", details=h.execution["workflowId"]),
                app.schedule("a1", {"mode": "ok"}),
                app.schedule("a2", {"mode": "ok"}, name="no-such-activity"),
                decision("ScheduleLambdaFunction", id="l1", name="sample-app-function", input="{}")]
    done = h.all("ActivityTaskCompleted")
    lambda_outcome = [e["eventType"] for e in h.events if e["eventType"] in LAMBDA_OUTCOMES]
    if done and h.has("ScheduleActivityTaskFailed") and lambda_outcome:
        return [complete(f"{attrs(done[0]).get('result')} {lambda_outcome[0]}")]
    return []


def failing(h, app):
    """An activity the worker fails: the workflow fails with its reason."""
    if h.new("WorkflowExecutionStarted"):
        return [app.schedule("f1", {"mode": "fail"})]
    failed = h.new("ActivityTaskFailed")
    if failed:
        return [decision("FailWorkflowExecution", reason="activity failed",
                         details=attrs(failed[0]).get("reason"))]
    return []


def timers(h, app):
    """A timer of 0 s fires at once; then the long one is canceled, a cancel of an unknown
    timer fails, a 1 s timer fires and the workflow completes. The second StartTimer of
    "long" fails: its id is in use."""
    decisions = []
    if h.new("WorkflowExecutionStarted"):
        decisions += [decision("StartTimer", timerId="zero", startToFireTimeout="0"),
                      decision("StartTimer", timerId="long", startToFireTimeout="60"),
                      decision("StartTimer", timerId="long", startToFireTimeout="60")]
    for fired in h.new("TimerFired"):
        if attrs(fired)["timerId"] == "zero":
            decisions += [decision("CancelTimer", timerId="long"),
                          decision("CancelTimer", timerId="never-started"),
                          decision("StartTimer", timerId="one", startToFireTimeout="1")]
    if h.has("TimerFired", timerId="one"):
        decisions.append(complete("timers done"))
    return decisions


def cancels(h, app):
    """Cancels an activity nobody has picked up (canceled at once), one the worker runs (it
    learns of it from its heartbeat; it signals "started" so the decider knows it runs), and an
    unknown activity id (RequestCancelActivityTaskFailed)."""
    if h.new("WorkflowExecutionStarted"):
        return [app.schedule("parked", {"mode": "ok"}, task_list=app.activities + "-parked"),
                app.schedule("busy", {"mode": "wait-cancel"})]
    if any(attrs(s)["signalName"] == "started" for s in h.new("WorkflowExecutionSignaled")):
        return [decision("RequestCancelActivityTask", activityId=a)
                for a in ("parked", "busy", "no-such-activity")]
    if len(h.all("ActivityTaskCanceled")) == 2:
        return [complete("both canceled")]
    return []


def timeouts(h, app):
    """One activity outlives its 2 s START_TO_CLOSE, another stops heartbeating for longer
    than its 2 s HEARTBEAT timeout, a third waits on a list nobody polls past its 2 s
    SCHEDULE_TO_START: completes once the three timed out."""
    if h.new("WorkflowExecutionStarted"):
        return [app.schedule("slow", {"mode": "sleep"}, startToCloseTimeout="2"),
                app.schedule("silent", {"mode": "silent"}, heartbeatTimeout="2"),
                app.schedule("unpolled", {"mode": "ok"}, task_list=app.activities + "-parked",
                             scheduleToStartTimeout="2")]
    kinds = sorted(attrs(e)["timeoutType"] for e in h.all("ActivityTaskTimedOut"))
    if len(kinds) == 3:
        return [complete(" ".join(kinds))]
    return []


def deadline(h, app):
    """Waits on a 60 s timer: the execution's own 2 s timeout closes it first."""
    if h.new("WorkflowExecutionStarted"):
        return [decision("StartTimer", timerId="forever", startToFireTimeout="60")]
    return []


def sleepy(h, app):
    """Leaves its first decision task unanswered past the 2 s taskStartToCloseTimeout, then
    completes in the task scheduled after DecisionTaskTimedOut."""
    if not h.has("DecisionTaskTimedOut"):
        return None
    return [complete("woke up")]


def parent(h, app):
    """Two children (one completes, one fails) and one of an unregistered type."""
    if h.new("WorkflowExecutionStarted"):
        wid = h.execution["workflowId"]
        return [app.child(wid + "-ok", {"mode": "ok"}), app.child(wid + "-fail", {"mode": "fail"}),
                app.child(wid + "-ghost", {}, name="no-such-workflow")]
    if h.has("ChildWorkflowExecutionCompleted") and h.has("ChildWorkflowExecutionFailed"):
        return [complete("children done")]
    return []


def child(h, app):
    if h.input.get("mode") == "fail":
        return [decision("FailWorkflowExecution", reason="child failed", details="as asked")]
    return [complete("child " + h.execution["workflowId"])]


def signaller(h, app):
    """Signals one waiter, asks another to cancel, and tries both on an unknown workflowId."""
    if h.new("WorkflowExecutionStarted"):
        ghost = h.execution["workflowId"] + "-nobody"
        return [decision("SignalExternalWorkflowExecution", workflowId=h.input["signal"],
                         signalName="wake", input="from signaller"),
                decision("RequestCancelExternalWorkflowExecution", workflowId=h.input["cancel"]),
                decision("SignalExternalWorkflowExecution", workflowId=ghost, signalName="wake"),
                decision("RequestCancelExternalWorkflowExecution", workflowId=ghost)]
    outcomes = ["ExternalWorkflowExecutionSignaled", "ExternalWorkflowExecutionCancelRequested",
                "SignalExternalWorkflowExecutionFailed",
                "RequestCancelExternalWorkflowExecutionFailed"]
    if all(h.has(kind) for kind in outcomes):
        return [complete("signalled")]
    return []


def waiter(h, app):
    """Completes on the signal "wake"; cancels itself when asked to."""
    if h.has("WorkflowExecutionCancelRequested"):
        return [decision("CancelWorkflowExecution", details="asked to")]
    for signal in h.all("WorkflowExecutionSignaled", signalName="wake"):
        return [complete(attrs(signal).get("input", ""))]
    return []


def unhandled(h, app):
    """Signals its own execution while it holds the decision task, then tries to complete:
    the signal arrived during the task, so CompleteWorkflowExecution fails (UNHANDLED_DECISION)
    and the next task completes."""
    if h.new("WorkflowExecutionStarted"):
        app.swf.signal_workflow_execution(
            domain=app.domain, workflowId=h.execution["workflowId"],
            runId=h.execution["runId"], signalName="poke", input="during the task")
    return [complete("after " + str(len(h.all("WorkflowExecutionSignaled"))) + " signal")]


def counter(h, app):
    """Continues as new with count + 1 until the count reaches 2."""
    count = h.input.get("count", 0)
    if count >= 2:
        return [complete(f"count {count}")]
    return [decision("ContinueAsNewWorkflowExecution", input=json.dumps({"count": count + 1}),
                     taskList={"name": app.decisions}, executionStartToCloseTimeout="60",
                     taskStartToCloseTimeout="10", childPolicy="TERMINATE",
                     workflowTypeVersion=VERSION)]


HANDLERS = {f.__name__: f for f in [activities, failing, timers, cancels, timeouts, deadline, sleepy,
                                    parent, child, signaller, waiter, unhandled, counter]}
