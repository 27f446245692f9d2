#!/usr/bin/env python3
"""The sample SWF application: a decider and an activity worker (boto3, real poll loops in
threads) run workflows that together make every decision type, then each execution is checked
on its close status and its history.

Usage: main.py ENDPOINT_URL [--only NAME,...] [--seconds N] [--domain NAME]
       main.py --real-service --region us-east-1 ...   (credentials from the environment)
Exit status: 0 every check held, 1 a check failed (each difference is printed), 2 bad usage.
"""

import argparse
import json
import sys
import threading
import time
import uuid

from botocore.exceptions import ClientError

import scenarios
from decider import Decider
from expect import Expect
from swfapp import ACTIVITY_TYPE, VERSION, WORKFLOW_TYPES, Stop, client, decision, fetch_history
from worker import Worker


class App:
    """What the decider, the worker and the scenarios share: the client, the domain, this run's
    task lists (new names each run, so tasks left by an earlier run are never picked up)."""

    def __init__(self, swf, domain, seconds):
        self.swf = swf
        self.domain = domain
        self.run = uuid.uuid4().hex[:8]
        self.decisions = "decisions-" + self.run
        self.activities = "activities-" + self.run
        self.stop = Stop(seconds)
        self.errors = []
        self.outcomes = {}
        self.lock = threading.Lock()

    def register(self):
        """Domain and types; on a long-lived endpoint they may exist already."""
        ignore(lambda: self.swf.register_domain(name=self.domain, workflowExecutionRetentionPeriodInDays="1"))
        for name in WORKFLOW_TYPES:
            ignore(lambda n=name: self.swf.register_workflow_type(
                domain=self.domain, name=n, version=VERSION, defaultTaskList={"name": "unused"},
                defaultTaskStartToCloseTimeout="10", defaultExecutionStartToCloseTimeout="60",
                defaultChildPolicy="TERMINATE"))
        ignore(lambda: self.swf.register_activity_type(
            domain=self.domain, name=ACTIVITY_TYPE, version=VERSION, defaultTaskList={"name": "unused"},
            defaultTaskHeartbeatTimeout="NONE", defaultTaskScheduleToStartTimeout="30",
            defaultTaskScheduleToCloseTimeout="40", defaultTaskStartToCloseTimeout="30"))

    def start(self, kind, input=None, suffix="", **overrides):
        """Starts a workflow of type KIND; returns its execution {workflowId, runId}."""
        wid = f"{kind}{suffix}-{self.run}"
        params = dict(domain=self.domain, workflowId=wid, workflowType={"name": kind, "version": VERSION},
                      taskList={"name": self.decisions}, input=json.dumps(input or {}),
                      executionStartToCloseTimeout="60", taskStartToCloseTimeout="10",
                      childPolicy="TERMINATE")
        params.update(overrides)
        return {"workflowId": wid, "runId": self.swf.start_workflow_execution(**params)["runId"]}

    def schedule(self, activity_id, input, name=ACTIVITY_TYPE, task_list=None, **timeouts):
        """A ScheduleActivityTask decision on this run's activity task list."""
        values = dict(scheduleToStartTimeout="30", scheduleToCloseTimeout="40",
                      startToCloseTimeout="30", heartbeatTimeout="NONE")
        values.update(timeouts)
        return decision("ScheduleActivityTask", activityId=activity_id,
                        activityType={"name": name, "version": VERSION}, input=json.dumps(input),
                        taskList={"name": task_list or self.activities}, **values)

    def child(self, workflow_id, input, name="child"):
        """A StartChildWorkflowExecution decision on this run's decision task list."""
        return decision("StartChildWorkflowExecution", workflowId=workflow_id,
                        workflowType={"name": name, "version": VERSION}, input=json.dumps(input),
                        taskList={"name": self.decisions}, executionStartToCloseTimeout="60",
                        taskStartToCloseTimeout="10", childPolicy="TERMINATE")

    def record(self, task, outcome):
        with self.lock:
            self.outcomes[(task["workflowExecution"]["workflowId"], task["activityId"])] = outcome

    def outcome(self, execution, activity_id, wait=0):
        """What the worker recorded for an activity, waiting up to WAIT seconds for it."""
        until = time.monotonic() + wait
        while True:
            with self.lock:
                got = self.outcomes.get((execution["workflowId"], activity_id))
            if got or time.monotonic() >= until or self.stop.stopped():
                return got
            time.sleep(0.1)

    def wait(self, execution):
        """executionInfo once the execution is closed, or its last answer at the deadline."""
        while True:
            info = self.swf.describe_workflow_execution(domain=self.domain, execution=execution)["executionInfo"]
            if info["executionStatus"] == "CLOSED" or self.stop.stopped():
                return info
            time.sleep(0.2)

    def history(self, execution):
        return fetch_history(self.swf, self.domain, execution)


def ignore(call):
    try:
        call()
    except ClientError as error:
        if error.response["Error"]["Code"] not in ("DomainAlreadyExistsFault", "TypeAlreadyExistsFault"):
            raise


def loop(app, name, body):
    """Runs a poll loop until the stop; an error is reported and the loop polls on."""
    while not app.stop.stopped():
        try:
            body()
        except Exception as error:
            with app.lock:
                app.errors.append(f"{name}: {error}")
            app.stop.event.wait(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("endpoint", nargs="?", help="endpoint URL (omit with --real-service)")
    parser.add_argument("--real-service", action="store_true", help="the real SWF of --region")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--domain", default="swfcheck-sample-app")
    parser.add_argument("--only", help="comma-separated scenarios: " + ",".join(scenarios.SCENARIOS))
    parser.add_argument("--seconds", type=float, default=50, help="bound on the whole run")
    args = parser.parse_args()
    if bool(args.endpoint) == args.real_service:
        parser.error("give an ENDPOINT_URL or --real-service")
    names = args.only.split(",") if args.only else list(scenarios.SCENARIOS)
    unknown = [n for n in names if n not in scenarios.SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {unknown}; known: {list(scenarios.SCENARIOS)}")

    began = time.monotonic()
    app = App(client(args.endpoint, args.region), args.domain, args.seconds)
    app.register()
    deciders = [Decider(app, f"decider-{i}") for i in range(2)]
    threads = [threading.Thread(target=loop, args=(app, d.identity, d.run)) for d in deciders]
    threads += [threading.Thread(target=loop, args=(app, f"worker {i}", Worker(app, f"worker-{i}").run))
                for i in range(2)]
    for thread in threads:
        thread.start()
    failed = 0
    try:
        checks = {}
        for name in names:
            x = Expect()
            steps = scenarios.SCENARIOS[name](app, x)
            checks[name] = (steps, x)
            try:
                next(steps)
            except Exception as error:
                x.problems.append(f"{name}: could not start: {error}")
        for name in names:
            steps, x = checks[name]
            if not x.problems:
                try:
                    next(steps, None)
                except Exception as error:
                    x.problems.append(f"{name}: {type(error).__name__}: {error}")
            print(("PASS " if not x.problems else "FAIL ") + name, flush=True)
            for problem in x.problems:
                print("     " + problem, flush=True)
            failed += bool(x.problems)
    finally:
        app.stop.event.set()
        for thread in threads:
            thread.join(timeout=75)
    for error in app.errors[:20]:
        print("poll loop error: " + error)
    stuck = sum(thread.is_alive() for thread in threads)
    print(f"deciders: {sum(d.handled for d in deciders)} decision tasks, "
          f"{sum(d.pages for d in deciders)} further history pages read through nextPageToken")
    print(f"sample app: {len(names) - failed} of {len(names)} scenarios passed in "
          f"{time.monotonic() - began:.1f} s; {stuck} poll loops still running")
    return 1 if failed or stuck else 0


if __name__ == "__main__":
    sys.exit(main())
