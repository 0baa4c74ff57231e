"""An acknowledged submission survives the server being killed (SIGKILL).

Four clients file cases without pause while the one node is killed at random
moments, four times, and started again on the same database. Each client
retries a submission whose answer it did not get with the same
Idempotency-Key. At the end every case acknowledged with a 201 is in the
database, once, and nothing else was made: a 201 is sent only after the
commit, and a retry after a lost answer replays the case instead of filing it
twice. On SQLite (the suite's first run) and on PostgreSQL (its second); the
cluster test (test_cluster.py) does the same with two nodes.
"""
import random
import signal
import threading
import time
import uuid

import requests

import dbkit
from casekit import case_body, food_form


def kill(node):
    node.proc.send_signal(signal.SIGKILL)
    node.proc.wait()
    node._log.close()


def test_no_acknowledged_submission_is_lost_or_doubled_when_the_server_is_killed(make_server):
    node = make_server("--limit", "cases=0/day")     # one account files hundreds of cases here
    me = node.login("xiaochi")
    token = me.headers["Authorization"]
    body = case_body(node, me, form=food_form(shop_name="断电测试小馆"))
    before = node.scalar("SELECT COUNT(*) FROM cases WHERE created_by = (SELECT id FROM accounts WHERE username = ?)",
                         "xiaochi")
    acked, errors, lock, stop = {}, [], threading.Lock(), threading.Event()

    def submitter():
        try:
            submit()
        except BaseException as e:    # a thread's failure is the test's
            errors.append(repr(e))
            stop.set()

    def submit():
        s = requests.Session()
        s.headers.update({"Authorization": token, "Prefer": "return=minimal"})
        while not stop.is_set():
            key = uuid.uuid4().hex
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    r = s.post(node.url("/api/v1/cases"), json=body, headers={"Idempotency-Key": key}, timeout=10)
                except requests.RequestException:
                    r = None        # killed under it: the answer is lost, the key is tried again
                if r is not None and r.status_code == 201:
                    with lock:
                        acked[key] = r.json()["id"]
                    break
                assert r is None or r.status_code == 503, (r.status_code, r.text[:300])
                time.sleep(0.05)
            else:
                raise AssertionError("the server did not come back for 90 s")

    workers = [threading.Thread(target=submitter) for _ in range(4)]
    for w in workers:
        w.start()
    rng = random.Random()
    try:
        for _ in range(4):
            time.sleep(rng.uniform(0.5, 1.5))
            kill(node)
            time.sleep(rng.uniform(0.1, 0.5))
            assert node._launch(), "the killed server could not start again on its database"
        time.sleep(0.5)
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert not errors, errors
    assert len(acked) >= 20, len(acked)
    ids = list(acked.values())
    assert len(set(ids)) == len(ids), "two keys acknowledged with one case"
    with dbkit.connect(node.db_target) as c:
        marks = ",".join("?" * len(ids))
        found = c.execute(f"SELECT COUNT(*) FROM cases WHERE id IN ({marks})", ids).fetchone()[0]
        assert found == len(ids), f"{len(ids) - found} acknowledged case(s) lost"
        made = c.execute("SELECT COUNT(*) FROM cases WHERE created_by = "
                         "(SELECT id FROM accounts WHERE username = ?)", ("xiaochi",)).fetchone()[0] - before
        keys = list(acked)
        marks = ",".join("?" * len(keys))
        assert c.execute(f"SELECT COUNT(*) FROM idempotency WHERE key IN ({marks})", keys).fetchone()[0] == len(keys)
    # nothing filed but what was acknowledged: a lost 201 retried is the same case
    assert made == len(acked), (made, len(acked))
    r = node.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr
