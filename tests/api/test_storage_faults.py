"""A full disk under a running node (issue 14, item 9), on a real small
filesystem: a tmpfs mounted for the test (root only; skipped, saying so,
where mounting is not permitted).

The rule: while the disk is full, writes (case creation, uploads) are
answered 503 problem+json with Retry-After and a detail naming the cause
(zh and en); reads go on; nothing acknowledged (201) before or during the
fault is lost or corrupt (PRAGMA integrity_check, `onestop audit-verify`);
each write of a batch is answered for itself (201 and kept, or 503 and not
kept); an upload cut short by the full disk leaves no partial file; the node
does not exit, and once space is freed the next write succeeds without a
restart. I/O errors, which no filesystem here can be made to produce, are
injected below SQLite by the test build (onestop-test, ONESTOP_TEST_IO_FAULT:
src/store/sqlite/faultvfs.c) and must be told apart from a full disk."""
import concurrent.futures
import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import requests

import dbkit
from casekit import PDF, case_body
from conftest import Server, TestServer, person_body, problem
from test_pg_faults import Cluster

CHUNK = 64 * 1024


def _mount(size):
    d = Path(tempfile.mkdtemp(prefix="onestop-tiny-"))
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "onestop-tiny", str(d)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        d.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or 'not root'}): the storage fault "
                    "tests need one")
    return d


def _umount(d):
    subprocess.run(["umount", "-l", str(d)], capture_output=True)
    with contextlib.suppress(OSError):
        d.rmdir()


@pytest.fixture
def tiny_disk():
    """mount(path, size) mounts a tmpfs at path (made if missing); all are unmounted at the end."""
    mounted = []

    def mount(size, at=None):
        if at is None:
            d = _mount(size)
        else:
            at.mkdir(parents=True, exist_ok=True)
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0750", "onestop-tiny",
                                str(at)], capture_output=True, text=True)
            if r.returncode != 0:
                pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or 'not root'})")
            d = at
        mounted.append((d, at is None))
        return d

    yield mount
    for d, made in reversed(mounted):
        if made:
            _umount(d)
        else:
            subprocess.run(["umount", "-l", str(d)], capture_output=True)


def fill(d, leave=0):
    """Fills the filesystem of d with ballast files until a write fails for
    lack of space, then removes enough of it to leave about `leave` bytes."""
    files, n = [], 0
    while True:
        p = d / f"ballast-{n:05d}"
        n += 1
        try:   # when the last file filled it exactly, even the next one's creation finds no room
            f = open(p, "wb", buffering=0)   # unbuffered: closing it has nothing left to write
        except OSError as e:
            assert e.errno == errno.ENOSPC, e
            break
        with f:
            files.append(p)
            try:
                f.write(b"\0" * CHUNK)
                f.flush()
                os.fsync(f.fileno())
            except OSError as e:
                assert e.errno == errno.ENOSPC, e
                break
    freed = 0
    while freed < leave and files:
        p = files.pop()
        freed += p.stat().st_size
        p.unlink()
    return files


def empty(files):
    for p in files:
        p.unlink()


def free_bytes(d):
    st = os.statvfs(d)
    return st.f_bavail * st.f_frsize


def storage_problem(r, zh=True, cause="full"):
    p = problem(r, 503, "unavailable")
    assert int(r.headers["Retry-After"]) > 0
    says = {("full", True): "存储空间已满", ("full", False): "storage is full",
            ("io", True): "读写出错", ("io", False): "I/O errors"}[(cause, zh)]
    assert says in p["detail"], p
    return p


def start_node_on(disk):
    """A node whose SQLite database and files directory are on `disk`."""
    s = Server(db_url=f"sqlite:{disk}/onestop.db")
    s.db_path = disk / "onestop.db"
    return s.start()


def truncate_wal(s):
    """Checkpoints the WAL into the database and truncates it to nothing, as
    `PRAGMA wal_checkpoint(TRUNCATE)` does: the next commit must then take
    new space on the disk (else a WAL file grown earlier would take it)."""
    c = s.db()
    try:
        busy, _, _ = c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        c.close()


@pytest.mark.skipif(dbkit.ENGINE != "sqlite", reason="the database file on a tmpfs: SQLite")
def test_a_full_disk_is_503_reads_go_on_nothing_acknowledged_is_lost_and_it_recovers(tiny_disk):
    disk = tiny_disk("48m")
    node = start_node_on(disk)
    try:
        s = node.login("xiaochi")
        kept = [s.post_json("/api/v1/cases", case_body(node, s)) for _ in range(3)]
        assert [r.status_code for r in kept] == [201] * 3
        kept_ids = [r.json()["id"] for r in kept]
        waiting = [case_body(node, s) for _ in range(3)]    # their materials uploaded while there is room
        truncate_wal(node)
        ballast = fill(disk)

        # writes: 503 naming the full disk, in Chinese and in English
        r = s.post_json("/api/v1/cases", waiting[0])
        storage_problem(r)
        r = s.post_json("/api/v1/cases", waiting[0], headers={"Accept-Language": "en"})
        storage_problem(r, zh=False)
        r = s.post(s.url("/api/v1/files"), files={"file": ("m.pdf", PDF + b"%" * 200_000, "application/pdf")},
                   timeout=30)
        storage_problem(r)
        assert not list((disk / "files" / "tmp").glob("upload-*")), "a partial upload was left behind"

        # reads go on
        r = s.get_json("/api/v1/cases")
        assert r.status_code == 200, r.text
        listed = {c["id"] for c in r.json()["items"]}
        assert set(kept_ids) <= listed
        assert s.get_json(f"/api/v1/cases/{kept_ids[0]}").status_code == 200
        assert node.get("/api/v1/matters").status_code == 200

        assert node.proc.poll() is None, "the node exited on a full disk"
        assert "storage fault: disk full" in node.log_text()
        assert 'onestop_storage_fault{kind="disk_full"} 1' in node.metrics()

        # space returns: the next write succeeds, without a restart
        empty(ballast)
        r = s.post_json("/api/v1/cases", waiting[1])
        assert r.status_code == 201, r.text
        kept_ids.append(r.json()["id"])
        assert "storage fault cleared" in node.log_text()
        assert 'onestop_storage_fault{kind="disk_full"} 0' in node.metrics()
        r = s.post(s.url("/api/v1/files"), files={"file": ("m.pdf", PDF, "application/pdf")}, timeout=30)
        assert r.status_code == 201, r.text
    finally:
        rc = node.stop()
    assert rc == 0, node.log_tail()
    # nothing acknowledged is lost or corrupt
    assert node.scalar("PRAGMA integrity_check") == "ok"
    assert {row[0] for row in node.query("SELECT id FROM cases")} >= set(kept_ids)
    r = node.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr
    node.tmp.cleanup()


@pytest.mark.skipif(dbkit.ENGINE != "sqlite", reason="the database file on a tmpfs: SQLite")
def test_writes_racing_a_full_disk_are_each_answered_for_themselves(tiny_disk):
    """Concurrent case creations (the writer commits them in batches) while
    the disk runs out: each is 201 and kept, or 503 and not kept."""
    disk = tiny_disk("48m")
    node = start_node_on(disk)
    try:
        s = node.login("xiaochi")
        bodies = [case_body(node, s) for _ in range(24)]
        before = node.scalar("SELECT COUNT(*) FROM cases")
        truncate_wal(node)
        ballast = fill(disk, leave=96 * 1024)
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda b: s.post_json("/api/v1/cases", b), bodies))
        statuses = sorted(r.status_code for r in answers)
        assert set(statuses) <= {201, 503}, statuses
        for r in answers:
            if r.status_code == 503:
                storage_problem(r)
        acked = {r.json()["id"] for r in answers if r.status_code == 201}
        assert 503 in statuses, "the disk never ran out: the test proves nothing"
        empty(ballast)
        after = {row[0] for row in node.query("SELECT id FROM cases")}
        assert acked <= after
        assert node.scalar("SELECT COUNT(*) FROM cases") == before + len(acked), "a 503'd case was kept"
    finally:
        rc = node.stop()
    assert rc == 0, node.log_tail()
    assert node.scalar("PRAGMA integrity_check") == "ok"
    r = node.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr
    node.tmp.cleanup()


def test_an_upload_cut_short_by_a_full_files_directory_is_503_and_leaves_nothing(tiny_disk):
    """Only the files directory is small (on both engines: on PostgreSQL it
    is where uploads stream before they are stored): the disk fills in the
    middle of the upload."""
    s = Server()
    files_dir = s.dir / ("files" if dbkit.ENGINE == "sqlite" else "var/files")
    disk = tiny_disk("4m", at=files_dir)
    node = s.start()
    try:
        xc = node.login("xiaochi")
        ballast = fill(disk, leave=256 * 1024)
        room = free_bytes(disk)
        body = PDF + b"%" * (1024 * 1024)
        r = xc.post(xc.url("/api/v1/files"), files={"file": ("big.pdf", body, "application/pdf")}, timeout=30)
        storage_problem(r)
        assert not list((files_dir / "tmp").glob("upload-*")), "the partial file was left behind"
        assert free_bytes(disk) == room, "the partial file's space was not given back"
        assert "No space left on device" in node.log_text()
        assert node.proc.poll() is None
        empty(ballast)
        r = xc.post(xc.url("/api/v1/files"), files={"file": ("big.pdf", body, "application/pdf")}, timeout=30)
        assert r.status_code == 201, r.text
        f = r.json()
        assert xc.get_json(f"/api/v1/files/{f['id']}").content == body
    finally:
        rc = node.stop()
    assert rc == 0, node.log_tail()


@pytest.mark.skipif(dbkit.ENGINE != "postgresql", reason="a PostgreSQL tablespace on a tmpfs")
def test_a_full_postgresql_tablespace_is_503_and_recovers(tiny_disk):
    """The node's database lives in a tablespace on a small tmpfs: when it is
    full, PostgreSQL answers SQLSTATE 53100 (could not extend file), which is
    the same 503 as on SQLite; the registrations acknowledged are all kept.
    The tablespace is on a throwaway cluster of its own: a full tablespace
    fails that cluster's checkpoints (its dirty pages cannot be written), and
    on the cluster the other tests share, that failed their CREATE DATABASE."""
    disk = tiny_disk("32m")
    space = disk / "pg"
    space.mkdir()
    shutil.chown(space, "postgres", "postgres")
    cluster = Cluster()
    name = "ts_" + uuid.uuid4().hex[:12]
    dbkit.admin(f"CREATE TABLESPACE {name} LOCATION '{space}'", cluster.url)
    dbkit.admin(f"CREATE DATABASE {name} TABLESPACE {name}", cluster.url)
    url = cluster.url.rsplit("/", 1)[0] + "/" + name
    try:
        node = Server(["--limit", "registrations=0/hour"], db_url=url).start()
    except BaseException:
        cluster.remove()
        raise
    try:
        ballast = fill(disk)
        acked, refused = [], None
        for _ in range(400):
            body = person_body()
            try:
                r = node.post("/api/v1/accounts", body)
            except requests.ConnectionError as e:
                pytest.fail(f"{e}: the node: {node.proc.poll()}\n{node.log_tail()}")
            if r.status_code == 503:
                refused = r
                break
            assert r.status_code == 201, r.text
            acked.append(body["username"])
        assert refused is not None, "the tablespace never filled: the test proves nothing"
        storage_problem(refused)
        assert "SQLSTATE 53100" in node.log_text() and "storage fault: disk full" in node.log_text(), \
            node.log_tail()
        assert node.get("/api/v1/matters").status_code == 200, node.log_tail()      # reads go on
        assert node.get("/readyz").status_code == 200, node.log_tail()               # the database answers
        assert node.proc.poll() is None
        empty(ballast)
        body = person_body()
        again = node.post("/api/v1/accounts", body)
        assert again.status_code == 201, (again.text, node.log_tail())
        acked.append(body["username"])
        kept = {row[0] for row in node.query("SELECT username FROM accounts")}
        assert set(acked) <= kept
    finally:
        rc = node.stop()
        cluster.remove()
    assert rc == 0, node.log_tail()


@pytest.mark.skipif(dbkit.ENGINE != "sqlite", reason="I/O errors injected below SQLite")
def test_io_errors_are_503_named_apart_from_a_full_disk_and_recover(tmp_path):
    flag = tmp_path / "io-error"
    node = TestServer(env={"ONESTOP_TEST_IO_FAULT": str(flag)}).start()
    try:
        s = node.login("xiaochi")
        kept = s.post_json("/api/v1/cases", case_body(node, s))
        assert kept.status_code == 201, kept.text
        waiting = case_body(node, s)
        flag.touch()                                   # from now on every write to the database fails
        storage_problem(s.post_json("/api/v1/cases", waiting), cause="io")
        storage_problem(s.post_json("/api/v1/cases", waiting, headers={"Accept-Language": "en"}), zh=False,
                        cause="io")
        assert s.get_json(f"/api/v1/cases/{kept.json()['id']}").status_code == 200     # reads go on
        log = node.log_text()
        assert "storage fault: I/O error" in log and "disk I/O error" in log
        assert "storage fault: disk full" not in log
        assert 'onestop_storage_fault{kind="io_error"} 1' in node.metrics()
        assert node.proc.poll() is None
        flag.unlink()
        r = s.post_json("/api/v1/cases", waiting)
        assert r.status_code == 201, r.text
        assert "storage fault cleared (I/O error)" in node.log_text()
        assert 'onestop_storage_fault{kind="io_error"} 0' in node.metrics()
    finally:
        rc = node.stop()
    assert rc == 0, node.log_tail()
    assert node.scalar("PRAGMA integrity_check") == "ok"
    assert {kept.json()["id"], r.json()["id"]} <= {row[0] for row in node.query("SELECT id FROM cases")}
    assert node.cli("audit-verify").returncode == 0
    node.tmp.cleanup()
