"""The access log of a serving node as `onestop serve` starts it (ONESTOP_LOG_FLUSH unset): the lines
of answered requests wait in memory and go out together, many to one write, while the node runs; none
is lost when it stops. The other suites read each line at once (conftest sets ONESTOP_LOG_FLUSH=0)."""
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import requests


def log_counts(server):
    text = server.metrics()
    lines = int(re.search(r"^onestop_log_lines_total (\d+)$", text, re.M).group(1))
    writes = int(re.search(r"^onestop_log_writes_total (\d+)$", text, re.M).group(1))
    return lines, writes


def ask(server, ids):
    """GET /healthz once per request id, four at a time, each answered 200."""
    def one(rid):
        r = requests.get(server.url("/healthz"), headers={"X-Request-Id": rid}, timeout=30)
        assert r.status_code == 200 and r.headers["X-Request-Id"] == rid
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, ids))


def logged(server, ids):
    """The request ids among `ids` whose access line is in the log."""
    found = set()
    for text in server.log_text().splitlines():
        if text.startswith("{") and '"logbuf-' in text:
            entry = json.loads(text)
            if entry.get("req") in ids and entry.get("route") == "/healthz" and entry["status"] == 200:
                found.add(entry["req"])
    return found


def request_ids(n):
    tag = os.urandom(4).hex()
    return [f"logbuf-{tag}-{i:04d}" for i in range(n)]


def test_lines_reach_the_log_while_the_node_runs_many_to_one_write(make_server):
    server = make_server(env={"ONESTOP_LOG_FLUSH": ""})
    # a few requests alone: their lines go out on the flusher's own time, not only once many wait
    few = request_ids(5)
    ask(server, few)
    deadline = time.monotonic() + 30
    while logged(server, set(few)) != set(few) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logged(server, set(few)) == set(few), "the lines of answered requests never reached the log"
    # many: far fewer writes than lines
    lines0, writes0 = log_counts(server)
    many = request_ids(400)
    ask(server, many)
    deadline = time.monotonic() + 30
    while logged(server, set(many)) != set(many) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logged(server, set(many)) == set(many)
    lines1, writes1 = log_counts(server)
    assert lines1 - lines0 >= len(many)
    assert (writes1 - writes0) * 4 <= lines1 - lines0, (lines1 - lines0, writes1 - writes0)
    # every line whole: one JSON object each
    for text in server.log_text().splitlines():
        if text.startswith("{"):
            json.loads(text)


def test_no_line_is_lost_when_the_node_stops(make_server):
    server = make_server(env={"ONESTOP_LOG_FLUSH": "1000"})
    ids = request_ids(60)
    ask(server, ids)
    assert server.stop() == 0
    assert logged(server, set(ids)) == set(ids)
    # and they come before the node's last words
    text = server.log_text()
    assert text.rindex('"logbuf-') < text.index("stopped; closing the database")


def test_each_line_at_once_when_asked(make_server):
    server = make_server(env={"ONESTOP_LOG_FLUSH": "0"})
    lines0, writes0 = log_counts(server)
    for rid in request_ids(20):
        ask(server, [rid])
        assert logged(server, {rid}) == {rid}      # already there when the answer is
    lines1, writes1 = log_counts(server)
    assert writes1 - writes0 >= 20 and lines1 - lines0 >= 20


def test_a_bad_interval_is_refused(make_server, tmp_path):
    import subprocess
    from conftest import BIN
    for bad in ("-1", "1001", "1e2", "abc"):
        p = subprocess.run([str(BIN), "serve", "--log-flush", bad, "--db", f"sqlite:{tmp_path}/x.db"],
                           capture_output=True, text=True, timeout=30)
        assert p.returncode == 2, (bad, p.returncode, p.stderr)
        assert not (tmp_path / "x.db").exists()
