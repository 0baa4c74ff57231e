"""PostgreSQL faults a node must survive: the database down when the node
starts (a clear error, exit non-zero), down while it serves (503 problem+json
with Retry-After, then recovery by itself), and a wrong password or host
(the failure named, the password never printed). Each test has a throwaway
cluster of its own (scripts/pg.sh), because it stops the server under it."""
import subprocess
import time

import pytest
import requests

import dbkit
from conftest import BIN, REPO, Server, person_body, problem

pytestmark = pytest.mark.skipif(dbkit.ENGINE != "postgresql", reason="PostgreSQL faults")

PGBIN = "/usr/lib/postgresql/15/bin"


class Cluster:
    def __init__(self):
        out = subprocess.run(["bash", str(REPO / "scripts/pg.sh"), "start"], capture_output=True, text=True,
                             check=True).stdout.split()
        self.dir, self.url = out[0], out[1]
        self.port = self.url.rsplit(":", 1)[1].split("/")[0]

    def pg_ctl(self, *args):
        cmd = [f"{PGBIN}/pg_ctl", "-D", f"{self.dir}/data", *args]
        runner = ["runuser", "-u", "postgres", "--"] if subprocess.run(["id", "-u"], capture_output=True,
                                                                        text=True).stdout.strip() == "0" else []
        subprocess.run(runner + cmd, check=True, capture_output=True, timeout=120)

    def stop_server(self):
        self.pg_ctl("-m", "fast", "-w", "stop")

    def start_server(self):
        self.pg_ctl("-l", f"{self.dir}/server.log", "-o", f"-p {self.port}", "-w", "start")

    def remove(self):
        subprocess.run(["bash", str(REPO / "scripts/pg.sh"), "stop", self.dir], capture_output=True)


@pytest.fixture
def cluster():
    c = Cluster()
    yield c
    c.remove()


def test_database_down_at_start_is_a_clear_error(cluster):
    url = cluster.url
    cluster.stop_server()
    r = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:0", "--db", url], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    assert "cannot connect to" in r.stderr and "127.0.0.1" in r.stderr, r.stderr
    assert "Segmentation" not in r.stderr


def test_database_down_while_serving_is_503_then_recovers(cluster):
    admin = cluster.url
    subprocess.run([f"{PGBIN}/psql", "-q", admin, "-c", "CREATE DATABASE node"], check=True, capture_output=True)
    node = Server(db_url=admin.rsplit("/", 1)[0] + "/node").start()
    try:
        token = node.login("xiaochi")
        assert token.get(node.url("/api/v1/cases"), timeout=30).status_code == 200
        cluster.stop_server()
        for path, s in (("/api/v1/cases", token), ("/api/v1/matters", requests)):
            r = s.get(node.url(path), timeout=30)
            p = problem(r, 503, "unavailable")
            assert r.headers.get("Retry-After") == "5"
            assert p["detail"]
        r = requests.get(node.url("/readyz"), timeout=30)
        assert r.status_code == 503
        assert requests.get(node.url("/healthz"), timeout=30).status_code == 200   # alive, not ready
        cluster.start_server()
        deadline = time.monotonic() + 30
        while requests.get(node.url("/readyz"), timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the node did not recover"
            time.sleep(0.2)
        # the same session works again: nothing was lost with the connections
        assert token.get(node.url("/api/v1/cases"), timeout=30).status_code == 200
        assert node.register(person_body()).status_code == 201
    finally:
        assert node.stop() == 0, node.log_tail()
        node.tmp.cleanup()


def test_a_thread_that_cannot_connect_answers_503_and_the_node_lives_on():
    """Each worker thread connects on its first API request. When PostgreSQL
    refuses that connection (here: the database stops accepting connections;
    in a busy cluster: max_connections reached) the request is 503, not a
    crash, and the thread connects once the database accepts again."""
    url = dbkit.new_database()
    name = url.rsplit("/", 1)[1]
    node = Server(["--threads", "8"], db_url=url).start()
    try:
        dbkit.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        codes = [requests.get(node.url("/api/v1/matters"), timeout=30).status_code for _ in range(40)]
        assert set(codes) <= {200, 503}, codes
        assert 503 in codes, "every thread had connected before: the test proves nothing"
        r = requests.get(node.url("/api/v1/matters"), headers={"Accept-Language": "en"}, timeout=30)
        if r.status_code == 503:
            assert problem(r, 503, "unavailable")["detail"]
        assert node.proc.poll() is None, node.log_tail()
        dbkit.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        deadline = time.monotonic() + 30
        while {requests.get(node.url("/api/v1/matters"), timeout=30).status_code for _ in range(20)} != {200}:
            assert time.monotonic() < deadline, "the threads did not connect again"
            time.sleep(0.2)
        assert node.register(person_body()).status_code == 201
    finally:
        rc = node.stop()
        dbkit.drop_database(url)
    assert rc == 0, node.log_tail()


@pytest.mark.parametrize("url, named", [
    ("postgresql://onestop:hunter2@127.0.0.1:{port}/postgres", "password authentication failed"),
    ("postgresql://onestop:hunter2@no-such-host.invalid:5432/postgres", "no-such-host.invalid"),
])
def test_wrong_password_or_host_is_named_and_the_password_never_printed(cluster, url, named):
    url = url.format(port=cluster.port)
    for cmd in (["migrate", "--db", url], ["serve", "--listen", "127.0.0.1:0", "--db", url]):
        r = subprocess.run([str(BIN), *cmd], capture_output=True, text=True, timeout=60)
        assert r.returncode != 0
        assert named in r.stderr, r.stderr
        assert "hunter2" not in r.stdout + r.stderr
        assert "onestop:***@" in r.stderr
