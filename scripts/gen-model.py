#!/usr/bin/env python3
"""Derive swfcheck's SWF model from botocore's published service model.

Reads botocore/data/swf/2012-01-25/service-2.json.gz from the installed
`botocore` package (pinned in scripts/requirements.txt) and writes
fixtures/model/swf.json: every operation with its input and output shapes
inlined as trees (member order kept as botocore declares it), every
constraint the model states (required members, string/list min/max length,
integer ranges, enums) and each operation's declared errors; and
fixtures/model/docs.json: the model's documentation as sentences, by subject
(an operation, a shape, or `Shape.member`), the text cases cite as
`doc: <subject>, "<sentence>"`.

The output is deterministic: running the script twice with the same
botocore version yields the same bytes. Usage:

    python3 scripts/gen-model.py [--out fixtures/model/swf.json] [--check]

--check exits 1 (and writes nothing) when the file on disk differs from
what the script would write, so CI can prove the committed model is derived.
"""

import argparse
import gzip
import html
import json
import os
import re
import sys

import botocore

MODEL_PATH = os.path.join("data", "swf", "2012-01-25", "service-2.json.gz")
# botocore shape types -> the JSON type a request member must carry on the wire.
JSON_TYPES = {
    "string": "string",
    "integer": "number",
    "long": "number",
    "double": "number",
    "float": "number",
    "timestamp": "number",
    "boolean": "boolean",
    "blob": "string",
    "list": "array",
    "map": "object",
    "structure": "object",
}
# Constraint keys that are copied through unchanged when a shape states them.
CONSTRAINT_KEYS = ("min", "max", "enum", "pattern")


def load_service():
    path = os.path.join(os.path.dirname(botocore.__file__), MODEL_PATH)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def shape_tree(shapes, name, stack=()):
    """Inline the botocore shape `name` as a tree node."""
    if name in stack:
        raise SystemExit(f"recursive shape {name!r}: the tree form cannot express it")
    shape = shapes[name]
    kind = shape["type"]
    if kind not in JSON_TYPES:
        raise SystemExit(f"shape {name!r} has type {kind!r}, unknown to this script")
    node = {"shape": name, "type": kind, "json": JSON_TYPES[kind]}
    for key in CONSTRAINT_KEYS:
        if key in shape:
            node[key] = shape[key]
    stack = stack + (name,)
    if kind == "structure":
        required = set(shape.get("required", []))
        unknown = required - set(shape["members"])
        if unknown:
            raise SystemExit(f"shape {name!r} requires undeclared members {sorted(unknown)}")
        node["members"] = [
            {
                "name": member,
                "required": member in required,
                "value": shape_tree(shapes, ref["shape"], stack),
            }
            for member, ref in shape["members"].items()
        ]
    elif kind == "list":
        node["member"] = shape_tree(shapes, shape["member"]["shape"], stack)
    elif kind == "map":
        node["key"] = shape_tree(shapes, shape["key"]["shape"], stack)
        node["value"] = shape_tree(shapes, shape["value"]["shape"], stack)
    return node


def build(service):
    shapes = service["shapes"]
    meta = service["metadata"]
    operations = []
    for name in sorted(service["operations"]):
        op = service["operations"][name]
        operations.append(
            {
                "name": name,
                "input": shape_tree(shapes, op["input"]["shape"]),
                "output": shape_tree(shapes, op["output"]["shape"]) if "output" in op else None,
                "errors": sorted(e["shape"] for e in op.get("errors", [])),
            }
        )
    faults = sorted(n for n, s in shapes.items() if s.get("exception"))
    return {
        "source": {
            "package": "botocore",
            "version": botocore.__version__,
            "file": "botocore/" + MODEL_PATH.replace(os.sep, "/"),
        },
        "apiVersion": meta["apiVersion"],
        "jsonVersion": meta["jsonVersion"],
        "targetPrefix": meta["targetPrefix"],
        "signingName": meta.get("signingName", meta["endpointPrefix"]),
        "faults": faults,
        "operations": operations,
    }


# A sentence ends at . ! or ? followed by a space and a capital letter (or a quote or digit);
# abbreviations the documentation uses are not ends.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"(])")
NOT_AN_END = ("e.g.", "i.e.", "etc.", "vs.")


def sentences(doc):
    """The documentation `doc` (HTML) as plain sentences."""
    # Inline tags go without a trace ("<a>X</a>." is "X."), block tags become a space.
    text = re.sub(r"</?(a|code|i|b|em|strong)\b[^>]*>", "", doc or "")
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(re.sub(r"\s+", " ", text)).strip()
    out = []
    for part in SENTENCE_END.split(text):
        part = part.strip()
        if not part:
            continue
        if out and out[-1].endswith(NOT_AN_END):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def build_docs(service):
    """Every documented subject's sentences: operations, shapes and `Shape.member`."""
    subjects = {}
    for name in sorted(service["operations"]):
        subjects[name] = sentences(service["operations"][name].get("documentation"))
    for name in sorted(service["shapes"]):
        shape = service["shapes"][name]
        if shape.get("documentation"):
            subjects[name] = sentences(shape["documentation"])
        for member, ref in shape.get("members", {}).items():
            if ref.get("documentation"):
                subjects[f"{name}.{member}"] = sentences(ref["documentation"])
    return {
        "source": f"botocore {botocore.__version__}, " + MODEL_PATH.replace(os.sep, "/"),
        "subjects": {k: v for k, v in subjects.items() if v},
    }


def render(data):
    return json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def write_or_check(path, text, check):
    """Writes `text` to `path`, or (check) says whether the file on disk is it; 0 when fine."""
    if check:
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except OSError as e:
            print(f"gen-model: cannot read {path}: {e}", file=sys.stderr)
            return 1
        if current != text:
            print(f"gen-model: {path} is stale; run scripts/gen-model.py", file=sys.stderr)
            return 1
        print(f"gen-model: {path} matches botocore {botocore.__version__}")
        return 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"gen-model: wrote {path} from botocore {botocore.__version__}")
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "fixtures", "model", "swf.json")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=default_out)
    parser.add_argument("--check", action="store_true", help="fail if the file on disk is stale")
    args = parser.parse_args()
    service = load_service()
    docs_out = os.path.join(os.path.dirname(args.out), "docs.json")
    failed = write_or_check(args.out, render(build(service)), args.check)
    failed |= write_or_check(docs_out, render(build_docs(service)), args.check)
    return failed


if __name__ == "__main__":
    sys.exit(main())
