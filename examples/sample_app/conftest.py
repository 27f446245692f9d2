"""pytest fixtures that give each test a fresh `swfcheck serve` with a clock the test moves.

    def test_something(swf, serve):      # swf: a boto3 SWF client; serve: the endpoint
        ...
        serve.advance("1h")              # timers and timeouts due within the hour fire now

One `swfcheck serve --clock manual` runs for the whole session on a free port (the first line it
prints is its address); before each test it is reset (every domain, type, execution and task
forgotten), so tests never see each other's state. The binary is $SWFCHECK, else `swfcheck` on
the PATH, else this repository's target/release or target/debug build.
"""

import json
import os
import shutil
import subprocess
import threading
import urllib.request
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]


def swfcheck_binary():
    for candidate in (os.environ.get("SWFCHECK"), shutil.which("swfcheck"),
                      ROOT / "target/release/swfcheck", ROOT / "target/debug/swfcheck"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    pytest.exit("no swfcheck binary: set SWFCHECK, put swfcheck on the PATH or cargo build", 2)


class Serve:
    """A running `swfcheck serve` and its admin interface (answered to loopback peers only)."""

    def __init__(self, url):
        self.url = url

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/_swfcheck/{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def reset(self):
        """Forget everything; the clock stays where it is."""
        return self.admin("POST", "reset")

    def advance(self, duration):
        """Move the manual clock forward ("90s", "1h", "1d"); what falls due fires first."""
        return self.admin("POST", "clock/advance", {"duration": duration})

    def clock(self):
        return self.admin("GET", "clock")

    def dump(self):
        """The state: domains, types, open executions (with their timers), open tasks."""
        return self.admin("GET", "dump")


@pytest.fixture(scope="session")
def serve():
    # An empty poll answers after 1 s instead of SWF's 60 s, so a test that polls an empty
    # task list does not wait a minute.
    process = subprocess.Popen(
        [swfcheck_binary(), "serve", "--addr", "127.0.0.1:0", "--clock", "manual", "--poll-timeout", "1s"],
        stdout=subprocess.PIPE, text=True)
    address = process.stdout.readline().strip()
    if not address:
        process.kill()
        pytest.exit("swfcheck serve printed no address", 2)
    # Whatever else it prints is read and dropped, so that it never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    yield Serve(f"http://{address}")
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def swf(serve):
    serve.reset()
    return boto3.client("swf", endpoint_url=serve.url, region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="x")
