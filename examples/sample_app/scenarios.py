"""The workflows the sample application runs, each with what its history must show.
Expected details follow SWF-WIRE.md §5 §7 §8 and the model's documentation (botocore)."""

import json

NONZERO = bool  # an attribute that must be present and not 0


def run_of(event, key="workflowExecution"):
    return (event or {}).get(key) if event else None


def activities(app, x):
    e = app.start("activities")
    yield
    x.closed("activities", app.wait(e), "COMPLETED")
    h = x.history(app, e)
    x.order("activities", h, [
        ("WorkflowExecutionStarted", {}), ("DecisionTaskScheduled", {}), ("DecisionTaskStarted", {}),
        ("DecisionTaskCompleted", {}), ("MarkerRecorded", {"markerName": "begin"}),
        ("ActivityTaskScheduled", {"activityId": "a1"}),
        ("ScheduleActivityTaskFailed", {"activityId": "a2", "cause": "ACTIVITY_TYPE_DOES_NOT_EXIST"}),
        # No lambdaRole on the execution: scheduled, then it fails to start, as the live
        # service's histories show (docs/practice.md §6, SWF-WIRE.md §11).
        ("LambdaFunctionScheduled", {"id": "l1"}),
        ("StartLambdaFunctionFailed", {"cause": "ASSUME_ROLE_FAILED"})])
    # A failed decision schedules a decision task (SWF-WIRE.md §8); where it falls among the
    # task's other decision events is not documented.
    x.order("activities", h, [("ScheduleActivityTaskFailed", {}), ("DecisionTaskScheduled", {})])
    x.order("activities", h, [
        ("ActivityTaskScheduled", {"activityId": "a1"}), ("ActivityTaskStarted", {"identity": NONZERO}),
        ("ActivityTaskCompleted", {"result": "done a1"}),
        ("WorkflowExecutionCompleted", {"result": "done a1 StartLambdaFunctionFailed"})])


def failing(app, x):
    e = app.start("failing")
    yield
    x.closed("failing", app.wait(e), "FAILED")
    x.order("failing", x.history(app, e), [
        ("ActivityTaskScheduled", {"activityId": "f1"}), ("ActivityTaskStarted", {}),
        ("ActivityTaskFailed", {"reason": "card declined", "details": "the worker failed it on purpose"}),
        ("DecisionTaskCompleted", {}),
        ("WorkflowExecutionFailed", {"reason": "activity failed", "details": "card declined"})])


def timers(app, x):
    e = app.start("timers")
    yield
    x.closed("timers", app.wait(e), "COMPLETED")
    h = x.history(app, e)
    x.order("timers", h, [
        ("TimerStarted", {"timerId": "zero", "startToFireTimeout": "0"}),
        ("TimerStarted", {"timerId": "long", "startToFireTimeout": "60"}),
        ("StartTimerFailed", {"timerId": "long", "cause": "TIMER_ID_ALREADY_IN_USE"}),
        ("TimerCanceled", {"timerId": "long", "startedEventId": NONZERO}),
        ("CancelTimerFailed", {"timerId": "never-started", "cause": "TIMER_ID_UNKNOWN"}),
        ("TimerStarted", {"timerId": "one", "startToFireTimeout": "1"}),
        ("TimerFired", {"timerId": "one"}), ("WorkflowExecutionCompleted", {})])
    x.order("timers", h, [("TimerStarted", {"timerId": "zero"}), ("TimerFired", {"timerId": "zero"}),
                          ("TimerCanceled", {"timerId": "long"})])


def cancels(app, x):
    e = app.start("cancels")
    yield
    x.closed("cancels", app.wait(e), "COMPLETED")
    h = x.history(app, e)
    parked, busy, *_ = x.order("cancels", h, [
        ("ActivityTaskScheduled", {"activityId": "parked"}), ("ActivityTaskScheduled", {"activityId": "busy"}),
        ("ActivityTaskStarted", {}), ("WorkflowExecutionSignaled", {"signalName": "started"}),
        ("ActivityTaskCancelRequested", {"activityId": "parked"}),
        ("ActivityTaskCancelRequested", {"activityId": "busy"}),
        ("RequestCancelActivityTaskFailed", {"activityId": "no-such-activity", "cause": "ACTIVITY_ID_UNKNOWN"}),
        ("WorkflowExecutionCompleted", {"result": "both canceled"})])
    if parked and busy:
        # Never handed to a worker: canceled at once, without a started event.
        x.order("cancels", h, [("ActivityTaskCancelRequested", {"activityId": "parked"}),
                               ("ActivityTaskCanceled", {"scheduledEventId": parked["eventId"],
                                                         "startedEventId": 0})])
        x.order("cancels", h, [("ActivityTaskCancelRequested", {"activityId": "busy"}),
                               ("ActivityTaskCanceled", {"scheduledEventId": busy["eventId"],
                                                         "details": "canceled as asked"})])
    x.that(app.outcome(e, "busy") == "canceled",
           f"cancels: the worker saw cancelRequested in a heartbeat answer: {app.outcome(e, 'busy')}")


def timeouts(app, x):
    e = app.start("timeouts")
    yield
    x.closed("timeouts", app.wait(e), "COMPLETED")
    h = x.history(app, e)
    slow, silent, unpolled = x.order("timeouts", h, [
        ("ActivityTaskScheduled", {"activityId": "slow"}), ("ActivityTaskScheduled", {"activityId": "silent"}),
        ("ActivityTaskScheduled", {"activityId": "unpolled", "scheduleToStartTimeout": "2"})])
    x.order("timeouts", h, [
        ("ActivityTaskTimedOut", {"timeoutType": "SCHEDULE_TO_START",
                                  "scheduledEventId": (unpolled or {}).get("eventId")})])
    x.order("timeouts", h, [
        ("ActivityTaskTimedOut", {"timeoutType": "START_TO_CLOSE",
                                  "scheduledEventId": (slow or {}).get("eventId"), "startedEventId": NONZERO})])
    x.order("timeouts", h, [
        ("ActivityTaskTimedOut", {"timeoutType": "HEARTBEAT", "details": "last words",
                                  "scheduledEventId": (silent or {}).get("eventId")}),
        ("WorkflowExecutionCompleted", {"result": "HEARTBEAT SCHEDULE_TO_START START_TO_CLOSE"})])
    for activity in ("slow", "silent"):
        got = app.outcome(e, activity, wait=5)
        x.that(got == "UnknownResourceFault",
               f"timeouts: the late answer for {activity} after its timeout: {got}, expected UnknownResourceFault")


def deadline(app, x):
    e = app.start("deadline", executionStartToCloseTimeout="2")
    yield
    x.closed("deadline", app.wait(e), "TIMED_OUT")
    x.order("deadline", x.history(app, e), [
        ("TimerStarted", {"timerId": "forever"}),
        ("WorkflowExecutionTimedOut", {"timeoutType": "START_TO_CLOSE", "childPolicy": "TERMINATE"})])


def sleepy(app, x):
    e = app.start("sleepy", taskStartToCloseTimeout="2")
    yield
    x.closed("sleepy", app.wait(e), "COMPLETED")
    x.order("sleepy", x.history(app, e), [
        ("DecisionTaskScheduled", {"startToCloseTimeout": "2"}), ("DecisionTaskStarted", {"scheduledEventId": 2}),
        ("DecisionTaskTimedOut", {"timeoutType": "START_TO_CLOSE", "scheduledEventId": 2, "startedEventId": 3}),
        ("DecisionTaskScheduled", {}), ("DecisionTaskStarted", {}), ("DecisionTaskCompleted", {}),
        ("WorkflowExecutionCompleted", {"result": "woke up"})])


def parent(app, x):
    e = app.start("parent")
    wid = e["workflowId"]
    yield
    x.closed("parent", app.wait(e), "COMPLETED")
    h = x.history(app, e)
    ok, _, _ = x.order("parent", h, [
        ("StartChildWorkflowExecutionInitiated", {"workflowId": wid + "-ok"}),
        ("StartChildWorkflowExecutionInitiated", {"workflowId": wid + "-fail"}),
        # initiatedEventId is 0 unless the cause is WORKFLOW_ALREADY_RUNNING (model docs).
        ("StartChildWorkflowExecutionFailed", {"workflowId": wid + "-ghost", "initiatedEventId": 0,
                                               "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST"})])
    _, started_ok = x.order("parent", h, [
        ("StartChildWorkflowExecutionInitiated", {"workflowId": wid + "-ok"}),
        ("ChildWorkflowExecutionStarted", {"initiatedEventId": (ok or {}).get("eventId"),
                                           "workflowExecution": lambda w: (w or {}).get("workflowId") == wid + "-ok"})])
    x.order("parent", h, [
        ("ChildWorkflowExecutionCompleted", {"result": f"child {wid}-ok"}),
        ("WorkflowExecutionCompleted", {"result": "children done"})])
    x.order("parent", h, [("ChildWorkflowExecutionFailed", {"reason": "child failed", "details": "as asked"})])
    child = run_of(started_ok and started_ok["childWorkflowExecutionStartedEventAttributes"])
    if child and ok:
        info = app.wait(child)
        x.closed("parent's child", info, "COMPLETED")
        x.that(info.get("parent") == e, f"parent: the child's description names its parent: {info.get('parent')}")
        x.order("parent's child", x.history(app, child), [
            ("WorkflowExecutionStarted", {"parentWorkflowExecution": e, "parentInitiatedEventId": ok["eventId"]})])


def signals(app, x):
    woken = app.start("waiter", suffix="-woken")
    canceled = app.start("waiter", suffix="-canceled")
    s = app.start("signaller", input={"signal": woken["workflowId"], "cancel": canceled["workflowId"]})
    yield
    x.closed("signaller", app.wait(s), "COMPLETED")
    h = x.history(app, s)
    signal, cancel = x.order("signaller", h, [
        ("SignalExternalWorkflowExecutionInitiated", {"workflowId": woken["workflowId"], "signalName": "wake"}),
        ("RequestCancelExternalWorkflowExecutionInitiated", {"workflowId": canceled["workflowId"]})])
    ghost = s["workflowId"] + "-nobody"
    for kind, target, initiated in [("ExternalWorkflowExecutionSignaled", woken, signal),
                                    ("ExternalWorkflowExecutionCancelRequested", canceled, cancel)]:
        x.order("signaller", h, [(kind, {"workflowExecution": target,
                                         "initiatedEventId": (initiated or {}).get("eventId")})])
    for kind in ("SignalExternalWorkflowExecutionFailed", "RequestCancelExternalWorkflowExecutionFailed"):
        x.order("signaller", h, [(kind, {"workflowId": ghost, "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
                                         "initiatedEventId": NONZERO})])
    x.closed("waiter (signalled)", app.wait(woken), "COMPLETED")
    x.order("waiter (signalled)", x.history(app, woken), [
        ("WorkflowExecutionSignaled", {"signalName": "wake", "input": "from signaller", "externalWorkflowExecution": s,
                                       "externalInitiatedEventId": (signal or {}).get("eventId")}),
        ("WorkflowExecutionCompleted", {"result": "from signaller"})])
    x.closed("waiter (canceled)", app.wait(canceled), "CANCELED")
    x.order("waiter (canceled)", x.history(app, canceled), [
        ("WorkflowExecutionCancelRequested", {"externalWorkflowExecution": s,
                                              "externalInitiatedEventId": (cancel or {}).get("eventId")}),
        ("WorkflowExecutionCanceled", {"details": "asked to"})])


def unhandled(app, x):
    e = app.start("unhandled")
    yield
    x.closed("unhandled", app.wait(e), "COMPLETED")
    x.order("unhandled", x.history(app, e), [
        ("DecisionTaskStarted", {}), ("WorkflowExecutionSignaled", {"signalName": "poke"}),
        ("DecisionTaskCompleted", {}), ("CompleteWorkflowExecutionFailed", {"cause": "UNHANDLED_DECISION"}),
        ("DecisionTaskStarted", {}), ("DecisionTaskCompleted", {}),
        ("WorkflowExecutionCompleted", {"result": "after 1 signal"})])


def counter(app, x):
    e = app.start("counter", input={"count": 0})
    yield
    run, previous = e, None
    for count in range(3):
        info = app.wait(run)
        h = x.history(app, run)
        if previous:
            x.order(f"counter run {count}", h, [("WorkflowExecutionStarted", {
                "continuedExecutionRunId": previous["runId"], "input": json.dumps({"count": count})})])
        if count == 2:
            x.closed(f"counter run {count}", info, "COMPLETED")
            x.order(f"counter run {count}", h, [("WorkflowExecutionCompleted", {"result": "count 2"})])
            return
        if not x.closed(f"counter run {count}", info, "CONTINUED_AS_NEW"):
            return
        (moved,) = x.order(f"counter run {count}", h, [("WorkflowExecutionContinuedAsNew", {
            "newExecutionRunId": NONZERO, "input": json.dumps({"count": count + 1})})])
        if not moved:
            return
        previous, run = run, {"workflowId": e["workflowId"],
                              "runId": moved["workflowExecutionContinuedAsNewEventAttributes"]["newExecutionRunId"]}


SCENARIOS = {f.__name__: f for f in [activities, failing, timers, cancels, timeouts, deadline, sleepy,
                                     parent, signals, unhandled, counter]}
