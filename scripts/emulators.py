#!/usr/bin/env python3
"""Writes docs/emulators.md from the JSON reports of a panel run (scripts/panel.sh).

Usage: scripts/emulators.py [--out docs/emulators.md] [--groups N] REPORT.json|NAME=REPORT.json ...

Each report is what `swfcheck run --endpoint URL --report json=REPORT.json` wrote (the contract in
README.md, "The JSON report"). Beside it, scripts/panel.sh writes REPORT.meta.json: the endpoint's
name, a label (its version), the run's exit status, or why there is no report. Both are read
tolerantly: members this script does not know are ignored, members it knows may be missing (a
report written before `groups` existed, or one that gains fields such as the failing step of a
group or a list of operations the endpoint does not implement).

The page holds one table, endpoint x operation family, each cell counting the endpoint's checks
(result ids) in three classes:

- conformant: verdict `pass` or `noted` (an observe-level difference, never counted),
- divergent: a counting result (`counts` true) other than not-implemented (`fail`, `error`, a
  5xx or HTML answer at any level, `snapshot-changed`),
- not implemented: verdict `not-implemented`, or the operation is listed by the report as not
  implemented (`not_implemented` / `not_implemented_operations`, names or {"operation": name}).

`flaky` and `skipped` results are in none of the three; the totals say how many there were.
Then each endpoint's largest groups of divergences (the report's own `groups`, largest first).
Values that change from run to run (the endpoint's port, the run prefix) are written as
placeholders, so that the same endpoint versions give the same page.
"""

import argparse
import json
import os
import re
import sys

# The one mapping from a result to its operation family: a result of category `protocol` (the
# envelope, the target header, content types, signing) is "protocol" whatever its operation, and
# so is one whose operation is none of SWF's 39; every other result takes the family of its
# operation.
FAMILIES = [
    ("domains", ["RegisterDomain", "DeprecateDomain", "UndeprecateDomain", "DescribeDomain", "ListDomains"]),
    (
        "types",
        [
            f"{verb}{kind}Type"
            for kind in ("Activity", "Workflow")
            for verb in ("Register", "Deprecate", "Undeprecate", "Delete", "Describe")
        ]
        + ["ListActivityTypes", "ListWorkflowTypes"],
    ),
    (
        "executions",
        [
            "StartWorkflowExecution",
            "DescribeWorkflowExecution",
            "GetWorkflowExecutionHistory",
            "SignalWorkflowExecution",
            "RequestCancelWorkflowExecution",
            "TerminateWorkflowExecution",
        ],
    ),
    ("decisions", ["PollForDecisionTask", "RespondDecisionTaskCompleted", "CountPendingDecisionTasks"]),
    (
        "activity tasks",
        [
            "PollForActivityTask",
            "RecordActivityTaskHeartbeat",
            "RespondActivityTaskCompleted",
            "RespondActivityTaskFailed",
            "RespondActivityTaskCanceled",
            "CountPendingActivityTasks",
        ],
    ),
    (
        "visibility",
        [
            "ListOpenWorkflowExecutions",
            "ListClosedWorkflowExecutions",
            "CountOpenWorkflowExecutions",
            "CountClosedWorkflowExecutions",
        ],
    ),
    ("tags", ["TagResource", "UntagResource", "ListTagsForResource"]),
    ("protocol", []),
]
FAMILY_OF = {op: family for family, ops in FAMILIES for op in ops}
FAMILY_NAMES = [family for family, _ in FAMILIES]

CONFORMANT = {"pass", "noted"}
NOT_IMPLEMENTED = "not-implemented"


def family(result):
    if result.get("category") == "protocol":
        return "protocol"
    return FAMILY_OF.get(result.get("operation") or "", "protocol")


def not_implemented_operations(report):
    names = set()
    for key in ("not_implemented", "not_implemented_operations"):
        value = report.get(key)
        if isinstance(value, dict):
            value = list(value)
        for item in value if isinstance(value, list) else []:
            if isinstance(item, str):
                names.add(item)
            elif isinstance(item, dict) and isinstance(item.get("operation"), str):
                names.add(item["operation"])
    return names


def classify(result, missing_ops):
    verdict = result.get("verdict")
    if verdict == NOT_IMPLEMENTED or result.get("operation") in missing_ops:
        return "n"
    if result.get("counts"):
        return "d"
    if verdict in CONFORMANT:
        return "c"
    return None


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def stable(text, endpoint):
    text = str(text)
    if endpoint:
        text = text.replace(endpoint, "http://127.0.0.1:PORT/").replace(endpoint.rstrip("/"), "http://127.0.0.1:PORT")
    text = re.sub(r"http://127\.0\.0\.1:\d+", "http://127.0.0.1:PORT", text)
    return re.sub(r"swfcheck-[0-9a-f]{8}", "swfcheck-RUNPREFIX", text)


def cause(group):
    answer = group.get("answer") or "?"
    expected = group.get("expected") or ""
    if not expected:
        return f"{answer} to every request"
    return f"{answer} where {expected} is documented"


def where(group):
    # A group keyed on its failing exchange (issue 20) may name that step; older reports name the
    # operations of the cases' own requests.
    for key in ("failing_step", "step", "failing_operation"):
        value = group.get(key)
        if isinstance(value, dict):
            value = value.get("operation") or value.get("name")
        if value:
            return str(value)
    ops = group.get("operations") or []
    if len(ops) == 1:
        return ops[0]
    return f"{len(ops)} operations" if ops else "?"


def load(arg):
    name, _, path = arg.rpartition("=") if "=" in arg else ("", "", arg)
    stem = os.path.basename(path)
    stem = stem[: -len(".json")] if stem.endswith(".json") else stem
    meta = {}
    meta_path = (path[: -len(".json")] if path.endswith(".json") else path) + ".meta.json"
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    report = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            try:
                report = json.load(f)
            except json.JSONDecodeError as error:
                sys.exit(f"emulators.py: {path} is not JSON: {error}")
        if not isinstance(report, dict) or not isinstance(report.get("cases"), list):
            sys.exit(f"emulators.py: {path} is not a swfcheck JSON report (no `cases`)")
    elif not meta:
        sys.exit(f"emulators.py: no report {path} (and no {meta_path} saying why)")
    return {"name": name or meta.get("name") or stem, "meta": meta, "report": report}


def tally(report):
    missing_ops = not_implemented_operations(report)
    counts = {f: {"c": 0, "d": 0, "n": 0} for f in FAMILY_NAMES}
    total = {"c": 0, "d": 0, "n": 0, "other": 0}
    for result in report.get("cases", []):
        if not isinstance(result, dict):
            continue
        k = classify(result, missing_ops)
        if k is None:
            total["other"] += 1
            continue
        counts[family(result)][k] += 1
        total[k] += 1
    return counts, total


def fmt(c):
    return f"{c['c']} · {c['d']} · {c['n']}" if any(c[k] for k in "cdn") else "–"


def run_line(entry):
    meta, report = entry["meta"], entry["report"]
    parts = []
    if "exit" in meta:
        parts.append(f"exit {meta['exit']}")
    if report is None:
        parts.append(meta.get("error") or "no report")
        return "; ".join(parts)
    summary = report.get("summary") or {}
    shown = ", ".join(f"{v} {k}" for k, v in summary.items() if isinstance(v, int) and v)
    parts.append(shown or "no results")
    parts.append("conformant" if report.get("conformant") else "not conformant")
    if report.get("interrupted"):
        parts.append("interrupted")
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", help="REPORT.json or NAME=REPORT.json, in table order")
    parser.add_argument("--out", default="-", help="where to write the page (default: stdout)")
    parser.add_argument("--groups", type=int, default=8, help="largest groups shown per endpoint (default 8)")
    parser.add_argument(
        "--regenerate",
        default="scripts/panel.sh",
        help="the command the page names as the one that regenerates it",
    )
    args = parser.parse_args()
    entries = [load(a) for a in args.reports]

    out = []
    w = out.append
    w("# The panel: swfcheck against SWF endpoints nobody here wrote\n")
    w(
        "Generated by `scripts/emulators.py` from the JSON reports of `swfcheck run --endpoint URL "
        "--report json=...` against each endpoint (`scripts/emulators/`); do not edit by hand. "
        f"Regenerate everything with `{args.regenerate}` (it starts each endpoint in turn, runs swfcheck "
        "against it, stops it, and calls the generator), or the page alone from existing reports with "
        "`scripts/emulators.py --out docs/emulators.md target/panel/*.json`.\n"
    )
    w(
        "Each cell counts checks (result ids) as **conformant · divergent · not implemented**: conformant "
        "is a pass or an observe-level note; divergent is every result that makes the run not "
        "conformant (a failed must or should check, an error, a 5xx or HTML answer at any level); "
        "not implemented is a result swfcheck labelled `not-implemented`. These are swfcheck's "
        "verdicts as the reports hold them, not a judgement of this page: where the verdicts are "
        "wrong (issue 20), the counts are too until the verdicts change and the page is regenerated.\n"
    )
    header = ["endpoint"] + FAMILY_NAMES + ["all checks", "flaky, skipped"]
    w("| " + " | ".join(header) + " |")
    w("|" + "---|" * len(header))
    for e in entries:
        label = e["meta"].get("label") or e["name"]
        if e["report"] is None:
            w(f"| {cell(label)} | " + " | ".join(["–"] * len(FAMILY_NAMES)) + f" | {cell(run_line(e))} | – |")
            continue
        counts, total = tally(e["report"])
        row = [cell(label)] + [fmt(counts[f]) for f in FAMILY_NAMES] + [fmt(total), str(total["other"])]
        w("| " + " | ".join(row) + " |")
    w("")
    w("Operation families (one mapping, `FAMILIES` in `scripts/emulators.py`): a result of category "
      "`protocol` counts under protocol whatever its operation; every other result under its operation's family.\n")
    w("| family | operations |")
    w("|---|---|")
    for name, ops in FAMILIES:
        w(f"| {name} | {', '.join(ops) if ops else 'results of category protocol (envelope, target, content type, signing), and any operation SWF does not have'} |")

    for e in entries:
        label = e["meta"].get("label") or e["name"]
        w(f"\n## {cell(label)}\n")
        if e["meta"].get("start"):
            w(f"Started with `{cell(e['meta']['start'])}`.\n")
        w(f"Run: {cell(run_line(e))}.\n")
        report = e["report"]
        if report is None:
            continue
        groups = report.get("groups")
        if not isinstance(groups, list):
            w("The report has no `groups` (written by a swfcheck that did not group divergences).")
            continue
        if not groups:
            w("No divergences.")
            continue
        endpoint = report.get("endpoint") or ""
        shown = groups[: max(args.groups, 0)]
        diverging = sum(g.get("checks", 0) for g in groups if isinstance(g, dict))
        w(
            f"{diverging} divergent checks in {len(groups)} groups by cause; the {len(shown)} largest "
            "(`swfcheck run --endpoint URL` prints them all, with a reproduction each):\n"
        )
        w("| checks | cases | where | kind of case | cause | example |")
        w("|---|---|---|---|---|---|")
        for g in shown:
            if not isinstance(g, dict):
                continue
            w(
                f"| {g.get('checks', '?')} | {g.get('cases', '?')} | {cell(stable(where(g), endpoint))} | "
                f"{cell(stable(g.get('kind', ''), endpoint))} | {cell(stable(cause(g), endpoint))} | "
                f"`{cell(stable(g.get('example', ''), endpoint))}` |"
            )
    text = "\n".join(out) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
