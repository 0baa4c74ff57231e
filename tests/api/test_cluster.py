"""Several onestop nodes on one PostgreSQL database, behind a load balancer
(nginx on 127.0.0.1): they start and migrate at the same moment, share
sessions and writes, settle racing approvals with exactly one winner, run
each background job once, and lose no acknowledged submission — nor make
one twice — when a node is killed with SIGKILL at random moments.
PostgreSQL only: a SQLite database is one process's."""
import os
import random
import shutil
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests

import dbkit
from casekit import FOOD, case_body, food_form
from conftest import BIN, TestServer, free_port

pytestmark = [pytest.mark.skipif(dbkit.ENGINE != "postgresql", reason="several nodes share a PostgreSQL database"),
              # an assertion in a load thread fails the test, not just warns
              pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Balancer:
    """nginx in front of the nodes: round robin; a node that refuses
    connections is skipped for a second. POSTs are never retried by the
    balancer (nginx's default): the client retries them with its
    Idempotency-Key."""

    def __init__(self, ports, root):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = Path(root)
        servers = "\n".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=1s;" for p in ports)
        temp = " ".join(f"{k}_temp_path {self.dir}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.dir / "nginx.conf").write_text(f"""
worker_processes 1;
daemon off;
{"user root;" if os.getuid() == 0 else ""}
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  {temp}
  upstream nodes {{ {servers} keepalive 16; }}
  server {{
    listen 127.0.0.1:{self.port};
    client_max_body_size 25m;
    location / {{
      proxy_pass http://nodes;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_read_timeout 30s;
    }}
  }}
}}
""")
        self.proc = subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start: " + (self.dir / "error.log").read_text(errors="replace"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


class Node(TestServer):
    __test__ = False

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._log.close()

    def restart(self):
        self._launch() or pytest.fail(f"node on {self.port} could not restart:\n{self.log_tail()}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    url = dbkit.new_database()
    # the load below files hundreds of cases from one account: the abuse limit is lifted for it
    nodes = [Node(["--limit", "cases=0/day"], db_url=url), Node(["--limit", "cases=0/day"], db_url=url)]
    # both start at once: each migrates and seeds the same empty database
    threads = [threading.Thread(target=n.start) for n in nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n in nodes:
        assert n.proc and n.proc.poll() is None, n.log_tail()
    lb = Balancer([n.port for n in nodes], tmp_path_factory.mktemp("nginx"))
    yield nodes, lb, url
    lb.stop()
    for n in nodes:
        n.stop()
    dbkit.drop_database(url)


def session_on(base, token):
    s = requests.Session()
    s.headers["Authorization"] = "Bearer " + token
    return s


def login(base, username, password="Demo2026!", otp=None):
    body = {"username": username, "password": password, **({"otp": otp} if otp else {})}
    r = requests.post(base + "/api/v1/session", json=body, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["token"]


def audit_verifies(url):
    r = subprocess.run([str(BIN), "audit-verify", "--db", url], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_both_nodes_migrated_once_and_serve_one_database(cluster):
    (a, b), lb, url = cluster
    with dbkit.connect(url) as c:
        versions = [v for (v,) in c.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        assert versions == sorted(set(versions)) and len(versions) >= 9
        # the demo was seeded once although both nodes seeded it
        assert c.execute("SELECT COUNT(*) FROM accounts WHERE username = 'xiaochi'").fetchone()[0] == 1
    # a session made on one node is honoured by the other (sessions are rows)
    token = login(a.base, "xiaochi")
    assert session_on(b.base, token).get(b.base + "/api/v1/cases", timeout=30).status_code == 200
    audit_verifies(url)


def test_racing_approvals_on_two_nodes_exactly_one_wins(cluster):
    (a, b), lb, url = cluster
    applicant = a.as_user("xiaochi")
    clerk_token = login(a.base, "amr_clerk", otp=a.otp("amr_clerk"))
    for _ in range(6):
        body = case_body(a, applicant)
        case = applicant.post_json("/api/v1/cases", body).json()
        barrier = threading.Barrier(2)
        codes = []

        def accept(node):
            s = session_on(node.base, clerk_token)
            barrier.wait()
            r = s.post(node.base + f"/api/v1/cases/{case['id']}/actions/accept", json={},
                       headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
            codes.append(r.status_code)

        ts = [threading.Thread(target=accept, args=(n,)) for n in (a, b)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert sorted(codes) == [200, 409], codes
        with dbkit.connect(url) as c:
            n = c.execute("SELECT COUNT(*) FROM case_events WHERE case_id = ? AND action = 'accept'",
                          (case["id"],)).fetchone()[0]
        assert n == 1
    audit_verifies(url)


def test_each_job_runs_once_when_both_nodes_run_it(cluster):
    (a, b), lb, url = cluster
    applicant = a.as_user("xiaochi")
    cases = [applicant.post_json("/api/v1/cases", case_body(a, applicant)).json() for _ in range(5)]
    # past the intake limit on both nodes' clocks, then both run their jobs at the same moment
    for n in (a, b):
        n.set_clock(days=12)
    barrier = threading.Barrier(2)

    def run(node):
        barrier.wait()
        node.run_jobs()

    ts = [threading.Thread(target=run, args=(n,)) for n in (a, b)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for n in (a, b):
        n.set_clock(days=0)
    with dbkit.connect(url) as c:
        for case in cases:
            actions = [x for (x,) in c.execute("SELECT action FROM case_events WHERE case_id = ? ORDER BY seq",
                                               (case["id"],)).fetchall()]
            deemed = [x for x in actions if "deem" in x]
            assert len(deemed) == 1, actions
    audit_verifies(url)


def test_no_acknowledged_submission_is_lost_or_doubled_when_nodes_die(cluster):
    (a, b), lb, url = cluster
    token = login(lb.base, "xiaochi")
    s = session_on(lb.base, token)
    s.url = lambda p: lb.base + p
    s.post_json = lambda p, body=None, **kw: s.post(lb.base + p, json=body, timeout=30, **kw)
    body = case_body(a, a.as_user("xiaochi"), form=food_form(shop_name="集群测试小馆"))
    acked = {}                      # Idempotency-Key -> case id, for every 201
    retries = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def submitter():
        sess = session_on(lb.base, token)
        while not stop.is_set():
            key = uuid.uuid4().hex
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    r = sess.post(lb.base + "/api/v1/cases", json=body, headers={"Idempotency-Key": key}, timeout=10)
                except requests.RequestException:
                    r = None
                if r is not None and r.status_code == 201:
                    with lock:
                        acked[key] = r.json()["id"]
                    break
                assert r is None or r.status_code in (502, 503, 504), (r.status_code, r.text[:300])
                with lock:
                    retries[0] += 1
                time.sleep(0.1)     # the same key again, through whichever node answers
            else:
                pytest.fail("a submission found no live node for 60 s")

    workers = [threading.Thread(target=submitter) for _ in range(4)]
    for w in workers:
        w.start()
    rng = random.Random()
    kills = 0
    try:
        for _ in range(4):
            time.sleep(rng.uniform(0.4, 1.5))
            victim = rng.choice((a, b))
            victim.kill()
            kills += 1
            time.sleep(rng.uniform(0.2, 0.8))
            victim.restart()
        time.sleep(0.5)
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert kills == 4 and len(acked) >= 20, (kills, len(acked))
    with dbkit.connect(url) as c:
        # every acknowledged case is there, once
        ids = list(acked.values())
        found = c.execute("SELECT COUNT(*) FROM cases WHERE id = ANY(?)", (ids,)).fetchone()[0]
        assert found == len(ids) == len(set(ids))
        # and nothing else was made: one case per key, even when a 201 was lost
        # with its node and the key was retried through the other one
        made = c.execute("SELECT COUNT(*) FROM cases WHERE form LIKE ?", ("%集群测试小馆%",)).fetchone()[0]
        keys = c.execute("SELECT COUNT(*) FROM idempotency WHERE key = ANY(?)", (list(acked),)).fetchone()[0]
        assert keys == len(acked)
        assert made == len(acked), (made, len(acked))
    out = audit_verifies(url)
    assert "intact" in out


def test_a_node_never_serves_a_cached_body_older_than_another_nodes_write(cluster):
    (a, b), lb, url = cluster
    from test_catalog_admin import matter_doc
    admin = a.login("admin")
    doc = matter_doc()
    assert admin.post_json("/api/v1/matters", doc).status_code == 201
    code = doc["code"]
    for version in (2, 3, 4):
        # node B reads (and caches) the current version ...
        for _ in range(2):
            assert requests.get(b.url(f"/api/v1/matters/{code}"), timeout=30).json()["version"] == version - 1
        # ... node A writes the next one; the answer is the acknowledgement ...
        new = dict(doc, name={"zh": f"修订{version}", "en": f"revision {version}"})
        r = admin.put_json(f"/api/v1/matters/{code}", new, headers={"If-Match": f'"{version - 1}"'})
        assert r.status_code == 200, r.text
        # ... and node B's very next read shows it
        got = requests.get(b.url(f"/api/v1/matters/{code}"), timeout=30).json()
        assert got["version"] == version and got["name"]["en"] == f"revision {version}"
        listed = requests.get(b.url("/api/v1/matters"), params={"department": doc["department"], "limit": 100},
                              timeout=30).json()["items"]
        assert [i["version"] for i in listed if i["code"] == code] == [version]
