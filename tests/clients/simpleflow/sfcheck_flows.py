"""Workflows of our own, in simpleflow's API (simpleflow==0.36.0), that scripts/simpleflow.sh runs
with `simpleflow standalone` against `swfcheck serve`: one per feature of SWF that simpleflow drives
(activities, a timer, markers, continue-as-new, a child workflow, signals, a failing activity).

Each workflow checks what it sees (an `assert` fails the workflow, so it closes FAILED instead of
COMPLETED) and returns a result the script does not need: the close status, read through the SWF
API afterwards (close_status.py), is the verdict. The activities' task list is replaced by
`simpleflow standalone` with the one its worker polls.
"""

from __future__ import annotations

from simpleflow import Workflow, activity, futures
from simpleflow.canvas import Chain

LIST = "sfcheck"
VERSION = "1"


@activity.with_attributes(task_list=LIST, version=VERSION)
def square(x):
    return x * x


@activity.with_attributes(task_list=LIST, version=VERSION)
def total(*numbers):
    return sum(numbers)


@activity.with_attributes(task_list=LIST, version=VERSION)
def shout(text):
    return text.upper()


@activity.with_attributes(task_list=LIST, version=VERSION, raises_on_failure=True)
def refuse(reason):
    raise RuntimeError(f"refused on purpose: {reason}")


class Fanout(Workflow):
    """Activities: three squares in parallel, then their sum."""

    name = "sfcheck-activities"
    version = VERSION
    task_list = LIST

    def run(self, n=3):
        squares = [self.submit(square, i) for i in range(1, n + 1)]
        futures.wait(*squares)
        result = self.submit(total, *[s.result for s in squares]).result
        assert result == sum(i * i for i in range(1, n + 1)), result
        return result


class Nap(Workflow):
    """A timer: waits one second, then runs an activity."""

    name = "sfcheck-timer"
    version = VERSION
    task_list = LIST

    def run(self, seconds=1):
        futures.wait(self.submit(self.start_timer("nap", seconds)))
        return self.submit(shout, "awake").result


class Bookmarks(Workflow):
    """Markers: two recorded (one twice), then read back from the history."""

    name = "sfcheck-marker"
    version = VERSION
    task_list = LIST

    def run(self):
        chain = Chain(
            self.record_marker("page", {"at": 1}),
            self.record_marker("page", {"at": 2}),
            self.record_marker("chapter", "two"),
        )
        futures.wait(self.submit(chain))
        latest = {m.name: m.details for m in self.list_markers()}
        assert latest == {"page": {"at": 2}, "chapter": "two"}, latest
        assert len(self.list_markers(all=True)) == 3
        return sorted(latest)


class Relay(Workflow):
    """Continue-as-new: each run hands on to the next until the last, which runs an activity."""

    name = "sfcheck-continue-as-new"
    version = VERSION
    task_list = LIST

    def run(self, hop=0, last=2):
        if hop < last:
            futures.wait(self.submit(self.continue_as_new(hop=hop + 1, last=last)))
            return None
        return self.submit(square, hop).result


class Leaf(Workflow):
    """The child of Tree: one activity on what its parent gave."""

    name = "sfcheck-child"
    version = VERSION
    task_list = LIST

    def run(self, word):
        return self.submit(shout, word).result


class Tree(Workflow):
    """A child workflow: its result flows into the parent's activity."""

    name = "sfcheck-parent"
    version = VERSION
    task_list = LIST

    def run(self):
        child = self.submit(Leaf, "leaf")
        futures.wait(child)
        assert child.result == "LEAF", child.result
        return self.submit(total, len(child.result), 1).result


class Doorbell(Workflow):
    """Signals: the workflow rings itself (SignalExternalWorkflowExecution) and waits for the ring."""

    name = "sfcheck-signals"
    version = VERSION
    task_list = LIST

    def run(self):
        waiting = self.submit(self.wait_signal("ring"))
        ringing = self.submit(self.signal("ring", word="ding", propagate=False))
        futures.wait(waiting, ringing)
        heard = self.get_event_details("signal", "ring")
        assert heard is not None, "no WorkflowExecutionSignaled for ring"
        return self.submit(shout, "heard").result


class Doomed(Workflow):
    """A failing activity (raises_on_failure): the workflow fails with it."""

    name = "sfcheck-failing"
    version = VERSION
    task_list = LIST

    def run(self):
        self.submit(refuse, "no").result
        return "unreachable"
