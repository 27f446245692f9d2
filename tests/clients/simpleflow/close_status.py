"""The SWF side of scripts/simpleflow.sh, through boto3 (the endpoint from AWS_ENDPOINT_URL_SWF):

    close_status.py domain NAME
        registers domain NAME unless it exists.
    close_status.py check DOMAIN WORKFLOW_ID STATUS [--wait SECONDS] [--runs N] [--children K]
        first waits (up to SECONDS, default 0) until WORKFLOW_ID has a closed run and none open;
        then holds when no run of WORKFLOW_ID is open, there are N runs (default 1), every run but
        the last closed CONTINUED_AS_NEW and the last closed STATUS, and K child executions of its runs
        (default 0) closed COMPLETED. Prints what it read; exit 1 when it does not hold.
"""

from __future__ import annotations

import sys
import time

import boto3

EPOCH = {"oldestDate": 0}


def client():
    return boto3.client("swf")


def register(name: str) -> None:
    swf = client()
    try:
        swf.describe_domain(name=name)
    except swf.exceptions.UnknownResourceFault:
        swf.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")


def executions(swf, domain: str, closed: bool, **filters) -> list[dict]:
    call = swf.list_closed_workflow_executions if closed else swf.list_open_workflow_executions
    infos, token = [], None
    while True:
        page = call(domain=domain, startTimeFilter=EPOCH, **filters, **({"nextPageToken": token} if token else {}))
        infos.extend(page["executionInfos"])
        token = page.get("nextPageToken")
        if not token:
            return infos


def wait_closed(swf, domain: str, workflow_id: str, seconds: float) -> None:
    """Until WORKFLOW_ID has a closed run and none open (a chain of continued runs is over), or seconds pass."""
    wanted = {"executionFilter": {"workflowId": workflow_id}}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if executions(swf, domain, True, **wanted) and not executions(swf, domain, False, **wanted):
            return
        time.sleep(0.5)


def check(domain: str, workflow_id: str, status: str, options: dict[str, str]) -> list[str]:
    swf = client()
    wait_closed(swf, domain, workflow_id, float(options.get("--wait", "0")))
    runs, children = int(options.get("--runs", "1")), int(options.get("--children", "0"))
    wanted = {"executionFilter": {"workflowId": workflow_id}}
    open_runs = executions(swf, domain, False, **wanted)
    closed = sorted(executions(swf, domain, True, **wanted), key=lambda i: i["startTimestamp"])
    seen = [i.get("closeStatus", "?") for i in closed]
    print(f"  {workflow_id}: {len(open_runs)} open, closed {seen}")
    problems = []
    if open_runs:
        problems.append(f"{len(open_runs)} run(s) of {workflow_id} still open")
    expected = ["CONTINUED_AS_NEW"] * (runs - 1) + [status]
    if seen != expected:
        problems.append(f"{workflow_id} closed {seen}, expected {expected}")
    if children:
        ids = {i["execution"]["runId"] for i in closed}
        kids = [i for i in executions(swf, domain, True) if i.get("parent", {}).get("runId") in ids]
        kid_status = [i.get("closeStatus", "?") for i in kids]
        print(f"  its children: closed {kid_status}")
        if kid_status != ["COMPLETED"] * children:
            problems.append(f"children closed {kid_status}, expected {children} COMPLETED")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "domain":
        register(argv[1])
        return 0
    if len(argv) >= 4 and argv[0] == "check":
        domain, workflow_id, status = argv[1:4]
        rest = argv[4:]
        options = dict(zip(rest[::2], rest[1::2]))
        problems = check(domain, workflow_id, status, options)
        for p in problems:
            print(f"  FAILED: {p}")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
