"""Backup and restore on PostgreSQL: a pg_basebackup taken while three
clients file cases restores to a cluster on which every acknowledged case
the backup covers is present and `onestop audit-verify` finds the chain
intact.

Which acknowledged cases a base backup must hold is a matter of WAL
positions, not of clocks: the backup holds the WAL up to its end position
(the End-LSN of its backup_manifest), and a case acknowledged before the
backup stopped can still commit after that position (pg_basebackup fsyncs
the copy and writes the manifest after the server has stopped the backup).
So each client reads pg_current_wal_insert_lsn() right after its 201: the
case's commit record ends at or before that position, and every case whose
position is at or before the backup's end must be in the restored cluster.
Every case acknowledged before pg_basebackup started is such a case, and so
is at least one filed while it ran (the backup is taken under load).

The test has a throwaway cluster of its own (scripts/pg.sh, as
test_pg_faults.py) and restores onto a second postmaster on the copy."""
import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

import dbkit
from casekit import case_body
from conftest import BIN, Server, free_port
from test_pg_faults import PGBIN, Cluster

pytestmark = pytest.mark.skipif(dbkit.ENGINE != "postgresql", reason="PostgreSQL backup and restore")

CLIENTS = 3


def as_postgres():
    """The command prefix that runs a PostgreSQL tool as the owner of the clusters."""
    root = subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() == "0"
    return ["runuser", "-u", "postgres", "--"] if root else []


def lsn(text):
    """An LSN ("16/B374D848") as a number."""
    hi, lo = text.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)


class Load:
    """CLIENTS threads filing cases with one body until stopped; each
    acknowledged case is kept as (id, time of the 201, WAL insert position
    read after it)."""

    def __init__(self, node, session, body, admin_url):
        self.node, self.session, self.body, self.admin_url = node, session, body, admin_url
        self.acked = []
        self.errors = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.work, daemon=True) for _ in range(CLIENTS)]

    def work(self):
        import psycopg2
        http = self.node.session()    # a connection of its own
        http.headers["Authorization"] = self.session.headers["Authorization"]
        db = psycopg2.connect(self.admin_url)
        db.autocommit = True
        try:
            while not self.stop.is_set():
                r = http.post(self.node.url("/api/v1/cases"), json=self.body, timeout=60)
                if r.status_code != 201:
                    raise AssertionError(f"POST /api/v1/cases: {r.status_code} {r.text[:300]}")
                at = time.monotonic()
                cur = db.cursor()
                cur.execute("SELECT pg_current_wal_insert_lsn()")
                pos = lsn(cur.fetchone()[0])
                with self.lock:
                    self.acked.append((r.json()["id"], at, pos))
        except Exception as e:  # noqa: BLE001 - reported by finish()
            self.errors.append(e)
        finally:
            db.close()
            http.close()

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(90)
        assert all(not t.is_alive() for t in self.threads), "a request hung"
        assert not self.errors, self.errors


def start_restored(data, sockdir):
    """A postmaster on the restored copy, on a free port and its own socket
    directory (the copied postgresql.conf names the original's): its port."""
    (Path(data) / "postmaster.pid").unlink(missing_ok=True)
    for _ in range(5):
        port = free_port()
        r = subprocess.run(as_postgres() + [f"{PGBIN}/pg_ctl", "-D", data, "-o", f"-p {port} -k {sockdir}",
                                            "-l", f"{sockdir}/restored.log", "-w", "-t", "120", "start"],
                           capture_output=True, text=True, timeout=180)
        if r.returncode == 0:
            return port
    log = Path(sockdir, "restored.log")
    pytest.fail("the restored cluster did not start:\n" + (log.read_text(errors="replace")[-3000:]
                                                           if log.exists() else r.stderr))


def test_base_backup_under_load_restores_every_acknowledged_case_and_an_intact_chain():
    cluster = Cluster()
    work = tempfile.mkdtemp(prefix="onestop-pgbackup-")
    if as_postgres():
        shutil.chown(work, "postgres")
    base = f"{work}/base"
    node = load = None
    restored = False
    try:
        subprocess.run([f"{PGBIN}/psql", "-q", cluster.url, "-c", "CREATE DATABASE node"], check=True,
                       capture_output=True, timeout=60)
        # a load test files hundreds of cases from one account: the abuse limit is lifted, and says so
        node = Server(["--limit", "cases=0/day"], db_url=cluster.url.rsplit("/", 1)[0] + "/node").start()
        s = node.login("xiaochi")
        load = Load(node, s, case_body(node, s), cluster.url)
        load.start()
        time.sleep(1.0)                   # cases before the backup, and the load in full swing
        began = time.monotonic()
        r = subprocess.run(as_postgres() + [f"{PGBIN}/pg_basebackup", "-D", base, "-X", "stream", "-c", "fast",
                                            "-h", "127.0.0.1", "-p", cluster.port, "-U", "postgres"],
                           capture_output=True, text=True, timeout=300)
        ended = time.monotonic()
        assert r.returncode == 0, r.stderr
        time.sleep(0.5)                   # cases after the backup: they may or may not be in it
        load.finish()
        assert node.stop() == 0, node.log_tail()

        ranges = json.loads(Path(base, "backup_manifest").read_text())["WAL-Ranges"]
        start_lsn, end_lsn = lsn(ranges[0]["Start-LSN"]), lsn(ranges[-1]["End-LSN"])
        covered = {cid for cid, _, pos in load.acked if pos <= end_lsn}
        before = {cid for cid, at, _ in load.acked if at < began}
        during = {cid for cid, at, pos in load.acked if began <= at <= ended and pos <= end_lsn}
        window = sum(1 for _, at, _ in load.acked if began <= at <= ended)
        print(f"\nacknowledged {len(load.acked)} cases: {len(before)} before pg_basebackup, {window} while it ran "
              f"({ended - began:.1f} s; {len(during)} of them inside the backup), "
              f"{len(load.acked) - len(before) - window} after; the backup covers {len(covered)} "
              f"(WAL {ranges[0]['Start-LSN']} .. {ranges[-1]['End-LSN']})")
        assert before, "no case was acknowledged before the backup"
        assert before <= covered, "a case acknowledged before the backup began lies past its end"
        assert during, "no case acknowledged while pg_basebackup ran is inside the backup: not under load"
        assert start_lsn < end_lsn

        port = start_restored(base, work)
        restored = True
        url = f"postgresql://postgres@127.0.0.1:{port}/node"
        c = dbkit.connect(url)
        try:
            present = {row[0] for row in c.execute("SELECT id FROM cases").fetchall()}
        finally:
            c.close()
        missing = covered - present
        assert not missing, f"{len(missing)} acknowledged cases missing after the restore: {sorted(missing)[:5]}"
        assert len(present) >= len(covered)
        late = {cid for cid, at, _ in load.acked if at <= ended} - present
        print(f"restored {len(present)} cases; {len(late)} acknowledged before pg_basebackup returned are not "
              f"in it (committed past the backup's end)")

        v = subprocess.run([str(BIN), "audit-verify", "--db", url], capture_output=True, text=True, timeout=120)
        assert v.returncode == 0, v.stdout + v.stderr
        assert "intact" in v.stdout, v.stdout
    finally:
        if load is not None:
            load.stop.set()
            for t in load.threads:
                t.join(60)
        if node is not None:
            node.stop()
            node.tmp.cleanup()
        if restored or Path(base, "postmaster.pid").exists():
            subprocess.run(as_postgres() + [f"{PGBIN}/pg_ctl", "-D", base, "-m", "immediate", "-w", "stop"],
                           capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)
        cluster.remove()
