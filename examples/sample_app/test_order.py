"""The order workflow of order.py, tested against `swfcheck serve` with a manual clock: an hour
of waiting and a ten-minute timeout take no time at all."""

import order


def history(swf, execution):
    return [e["eventType"] for e in swf.get_workflow_execution_history(
        domain=order.DOMAIN, execution=execution)["events"]]


def test_an_order_ships_an_hour_after_its_payment(swf, serve):
    order.register(swf)
    execution = order.start(swf, 7, amount=42)
    assert order.decide_once(swf) == ["ScheduleActivityTask"]
    assert order.work_once(swf) == '{"charged": 42}'
    assert order.decide_once(swf) == ["StartTimer"]

    described = swf.describe_workflow_execution(domain=order.DOMAIN, execution=execution)
    assert described["openCounts"]["openTimers"] == 1
    serve.advance("59m")
    assert serve.dump()["openExecutions"][0]["openCounts"]["openTimers"] == 1
    serve.advance("1m")

    assert order.decide_once(swf) == ["CompleteWorkflowExecution"]
    info = swf.describe_workflow_execution(domain=order.DOMAIN, execution=execution)["executionInfo"]
    assert info["closeStatus"] == "COMPLETED"
    assert history(swf, execution)[-5:] == [
        "TimerFired", "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted",
        "WorkflowExecutionCompleted",
    ]


def test_an_order_nobody_charges_fails_after_ten_minutes(swf, serve):
    order.register(swf)
    execution = order.start(swf, 8, amount=5)
    assert order.decide_once(swf) == ["ScheduleActivityTask"]
    serve.advance("10m")  # the activity type's scheduleToStartTimeout is 600 s
    assert "ActivityTaskTimedOut" in history(swf, execution)
    assert order.decide_once(swf) == ["FailWorkflowExecution"]
    info = swf.describe_workflow_execution(domain=order.DOMAIN, execution=execution)["executionInfo"]
    assert info["closeStatus"] == "FAILED"


def test_each_test_starts_from_an_empty_endpoint(swf):
    assert swf.list_domains(registrationStatus="REGISTERED")["domainInfos"] == []
