"""The activity worker: a PollForActivityTask loop. What each task does comes from its input's
"mode"; tasks that must outlive a timeout or wait for a cancel run in their own thread so the
loop keeps polling. Late answers that the service must refuse are recorded for the checks."""

import json
import threading
import time

from botocore.exceptions import ClientError


class Worker:
    """Polls APP's activity task list until APP.stop says so."""

    def __init__(self, app, identity):
        self.app = app
        self.identity = identity
        self.threads = []

    def run(self):
        swf, app = self.app.swf, self.app
        while not app.stop.stopped():
            started = time.monotonic()
            task = swf.poll_for_activity_task(
                domain=app.domain, taskList={"name": app.activities}, identity=self.identity)
            if not task.get("taskToken"):
                if time.monotonic() - started < 0.5:
                    app.stop.event.wait(0.1)
                continue
            mode = json.loads(task.get("input") or "{}").get("mode")
            if mode in ("sleep", "silent", "wait-cancel"):
                thread = threading.Thread(target=self.guarded, args=(mode, task), daemon=True)
                thread.start()
                self.threads.append(thread)
            else:
                self.handle(mode, task)

    def guarded(self, mode, task):
        try:
            self.handle(mode, task)
        except Exception as error:  # reported by the checks as a missing outcome
            self.app.record(task, f"worker error: {error}")

    def handle(self, mode, task):
        swf, token = self.app.swf, task["taskToken"]
        if mode == "ok":
            swf.record_activity_task_heartbeat(taskToken=token, details="working")
            swf.respond_activity_task_completed(taskToken=token, result="done " + task["activityId"])
        elif mode == "fail":
            swf.respond_activity_task_failed(taskToken=token, reason="card declined",
                                             details="the worker failed it on purpose")
        elif mode == "sleep":
            # Outlives its 2 s START_TO_CLOSE timeout; the late completion must be refused.
            self.app.stop.event.wait(3)
            self.app.record(task, refused(lambda: swf.respond_activity_task_completed(
                taskToken=token, result="too late")))
        elif mode == "silent":
            # One heartbeat, then silence past its 2 s HEARTBEAT timeout.
            swf.record_activity_task_heartbeat(taskToken=token, details="last words")
            self.app.stop.event.wait(3)
            self.app.record(task, refused(lambda: swf.record_activity_task_heartbeat(
                taskToken=token, details="too late")))
        elif mode == "wait-cancel":
            self.wait_cancel(task)

    def wait_cancel(self, task):
        """Tells the workflow it runs, then heartbeats until the answer says cancelRequested."""
        swf, app, token = self.app.swf, self.app, task["taskToken"]
        execution = task["workflowExecution"]
        swf.signal_workflow_execution(domain=app.domain, workflowId=execution["workflowId"],
                                      runId=execution["runId"], signalName="started")
        while not app.stop.stopped():
            if swf.record_activity_task_heartbeat(taskToken=token)["cancelRequested"]:
                swf.respond_activity_task_canceled(taskToken=token, details="canceled as asked")
                app.record(task, "canceled")
                return
            app.stop.event.wait(0.2)


def refused(call):
    """The fault code a call answered, or "accepted"."""
    try:
        call()
        return "accepted"
    except ClientError as error:
        return error.response["Error"]["Code"]
