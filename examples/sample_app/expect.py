"""Checks on a closed execution: its close status, its events in order, and the invariants
every history keeps. Each check adds a readable problem instead of raising, so one run
reports every difference at once."""

from swfapp import attrs


class Expect:
    """The problems found for one scenario."""

    def __init__(self):
        self.problems = []

    def that(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition

    def closed(self, what, info, status):
        """INFO (DescribeWorkflowExecution's executionInfo) is closed with STATUS."""
        got = (info or {}).get("closeStatus", (info or {}).get("executionStatus", "no answer"))
        return self.that(got == status, f"{what}: closeStatus {got}, expected {status}")

    def order(self, what, events, steps):
        """STEPS ((eventType, {attribute: value}) pairs) appear in EVENTS in this order, other
        events between them allowed. Returns the matched events (None where missing)."""
        found, at = [], 0
        for kind, match in steps:
            hit = next((i for i in range(at, len(events)) if matches(events[i], kind, match)), None)
            if hit is None:
                # The first missing step says it all; the later ones would only repeat it.
                shown = {k: ("present" if v is bool else v) for k, v in match.items() if not callable(v) or v is bool}
                self.problems.append(
                    f"{what}: no {kind} {shown or ''} after event {events[at - 1]['eventId'] if at else 0}; "
                    f"history: {summary(events)}")
                return found + [None] * (len(steps) - len(found))
            found.append(events[hit])
            at = hit + 1
        return found

    def history(self, app, execution):
        """The execution's whole history, its invariants checked."""
        events = app.history(execution)
        self.invariants(execution["workflowId"], events)
        return events

    def invariants(self, what, events):
        """Event ids run 1, 2, 3, ... and every *EventId attribute names an earlier event
        (but externalInitiatedEventId and parentInitiatedEventId, which name an event of
        another execution's history)."""
        for index, event in enumerate(events):
            self.that(event["eventId"] == index + 1,
                      f"{what}: event {index + 1} has eventId {event['eventId']}")
            for key, value in attrs(event).items():
                if key in ("externalInitiatedEventId", "parentInitiatedEventId"):
                    continue
                if key.endswith("EventId") and isinstance(value, int) and value:
                    self.that(0 < value < event["eventId"],
                              f"{what}: {event['eventType']} {event['eventId']} has {key} {value}")


def matches(event, kind, match):
    if event["eventType"] != kind:
        return False
    got = attrs(event)
    return all(value(got.get(key)) if callable(value) else got.get(key) == value
               for key, value in match.items())


def summary(events):
    """`1 WorkflowExecutionStarted, 2 DecisionTaskScheduled, ...` with a few telling attributes."""
    parts = []
    for event in events:
        a = attrs(event)
        tell = a.get("cause") or a.get("timerId") or a.get("activityId") or a.get("signalName") or ""
        parts.append(f"{event['eventId']} {event['eventType']}" + (f"({tell})" if tell else ""))
    return ", ".join(parts)
