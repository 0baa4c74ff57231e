"""`onestop backup` (a consistent copy of a live SQLite database) and
`onestop copy` (a whole database into an empty one, on either engine).

The source is always SQLite here, whatever engine the suite runs on: that is
the move the copy exists for. With ONESTOP_TEST_PG set, every copy also goes
into a fresh PostgreSQL database, and back."""
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest

import casekit
import dbkit
from conftest import BIN, DEMO_ACCOUNTS, PASSWORD, Server, person_body

TARGETS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    dbkit.ENGINE != "postgresql", reason="ONESTOP_TEST_PG is not set"))]


def run(*args, timeout=300):
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=timeout)


class SqliteServer(Server):
    """A server on a SQLite file even when the suite runs on PostgreSQL."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        if dbkit.ENGINE == "postgresql":
            dbkit.drop_database(self.db_url)
        self.db_url = f"sqlite:{self.db_path}"

    @property
    def db_target(self):
        return self.db_path

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.terminate()
        rc = self.proc.wait(timeout=60)
        self._log.close()
        return rc


class UrlServer(Server):
    """A server on a database named by URL (a copy's target); drops nothing."""

    def __init__(self, url):
        super().__init__(demo=False)
        if dbkit.ENGINE == "postgresql":
            dbkit.drop_database(self.db_url)
        self.db_url = url

    def stop(self):
        self.proc.terminate()
        rc = self.proc.wait(timeout=60)
        self._log.close()
        return rc


@pytest.fixture
def sqlite_server():
    started = []

    def make(demo=True):
        s = SqliteServer(demo=demo).start()
        started.append(s)
        return s

    yield make
    for s in started:
        assert s.stop() == 0, s.log_tail()
        s.tmp.cleanup()


@pytest.fixture
def target(request, tmp_path):
    """A URL of an empty database of the parametrized engine."""
    made = []

    def make(name="target.db"):
        if request.param == "postgresql":
            url = dbkit.new_database()
            made.append(url)
            return url
        return f"sqlite:{tmp_path / name}"

    yield make
    for url in made:
        dbkit.drop_database(url)


def tables_of(db_path):
    c = sqlite3.connect(db_path)
    try:
        return sorted(r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'"))
    finally:
        c.close()


def counts_of(target, tables):
    t = target[len("sqlite:"):] if target.startswith("sqlite:") else target
    c = dbkit.connect(t)
    try:
        return {name: c.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0] for name in tables}
    finally:
        c.close()


# ---------------------------------------------------------------- backup


def test_backup_of_a_live_server_taking_writes(sqlite_server, tmp_path):
    srv = sqlite_server()
    stop = threading.Event()
    made, errors = [], []

    def register():
        while not stop.is_set():
            r = srv.post("/api/v1/accounts", person_body())
            (made if r.status_code == 201 else errors).append(r.status_code)

    writers = [threading.Thread(target=register) for _ in range(2)]
    for w in writers:
        w.start()
    try:
        while len(made) < 5:
            time.sleep(0.05)
        dest = tmp_path / "backup.db"
        before = len(made)
        r = run("backup", "--db", srv.db_url, "--to", str(dest))
        assert r.returncode == 0, r.stderr
        after = len(made)
        while len(made) < after + 3:              # and the server goes on writing after it
            time.sleep(0.05)
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert not errors
    r = run("audit-verify", "--db", f"sqlite:{dest}")
    assert r.returncode == 0 and "intact" in r.stdout, r.stdout + r.stderr
    c = sqlite3.connect(dest)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = c.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
    finally:
        c.close()
    # the demo accounts, those registered before, at most those answered by its end (and one in
    # flight per writer): one consistent moment of a database that kept moving
    demo = len(DEMO_ACCOUNTS)
    assert demo + before <= n <= demo + after + len(writers)


def test_backup_never_overwrites(sqlite_server, tmp_path):
    srv = sqlite_server()
    dest = tmp_path / "exists.db"
    dest.write_bytes(b"precious")
    r = run("backup", "--db", srv.db_url, "--to", str(dest))
    assert r.returncode != 0
    assert "already exists" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert dest.read_bytes() == b"precious"


def test_backup_refuses_postgresql_and_names_its_tools(tmp_path):
    dest = tmp_path / "pg.db"
    r = run("backup", "--db", "postgresql://onestop:hunter2@127.0.0.1:1/onestop", "--to", str(dest))
    assert r.returncode != 0
    assert "pg_basebackup" in r.stderr
    assert "hunter2" not in r.stdout + r.stderr
    assert not dest.exists()


def test_backup_wants_an_existing_database_and_a_destination(tmp_path):
    r = run("backup", "--db", f"sqlite:{tmp_path / 'none.db'}", "--to", str(tmp_path / "b.db"))
    assert r.returncode != 0 and "no database" in r.stderr
    assert not (tmp_path / "none.db").exists()
    r = run("backup", "--db", f"sqlite:{tmp_path / 'none.db'}")
    assert r.returncode != 0 and "--to" in r.stderr


# ---------------------------------------------------------------- copy


def demo_with_cases(sqlite_server):
    srv = sqlite_server()
    cases = [casekit.file_case(srv, "xiaochi") for _ in range(2)]
    casekit.file_case(srv, "xiaochi", code=casekit.SEAL)
    srv.new_person()
    return srv, cases


@pytest.mark.parametrize("target", TARGETS, indirect=True)
def test_copy_demo_database(sqlite_server, target):
    srv, cases = demo_with_cases(sqlite_server)
    url = target()
    r = run("copy", "--from", srv.db_url, "--to", url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "audit chain intact" in r.stdout and "copied" in r.stdout
    tables = tables_of(srv.db_path)
    assert {"accounts", "cases", "case_events", "audit_log", "regions"} <= set(tables)
    source = counts_of(srv.db_url, tables)
    assert source["cases"] >= 3 and source["case_events"] >= 3
    copied = counts_of(url, tables)
    # the uploads' bytes: in the directory on SQLite, in the database on PostgreSQL
    blob_tables = ("blobs", "blob_chunks")
    assert {t: n for t, n in copied.items() if t not in blob_tables} == \
        {t: n for t, n in source.items() if t not in blob_tables}
    if url.startswith("postgresql://"):
        assert copied["blobs"] == dbkit.connect(srv.db_path).execute(
            "SELECT COUNT(DISTINCT sha256) FROM files").fetchone()[0] >= 1
    for t in tables:                              # one line per table with its count
        assert any(line.split()[:2] == [t, str(source[t])] for line in r.stdout.splitlines()), t
    r = run("audit-verify", "--db", url)
    assert r.returncode == 0 and "intact" in r.stdout, r.stdout + r.stderr

    # the target serves: a demo account logs in, a copied case reads back
    dst = UrlServer(url).start()
    dst.totp_key = srv.totp_key       # the copy holds the codes the original accepted
    try:
        dst.login("admin", PASSWORD)
        owner = dst.login("xiaochi", PASSWORD)
        got = casekit.get_case(owner, cases[0]["id"])
        assert got["number"] == cases[0]["number"] and got["status"] == cases[0]["status"]
        # the uploads' bytes moved with the rows (from the directory into the target's blob store)
        files = [m["file"]["id"] for m in cases[0]["materials"] if m["file"]]
        assert files
        for f in files:
            r = owner.get(dst.url(f"/api/v1/files/{f}"), timeout=30)
            assert r.status_code == 200 and r.content == casekit.PDF, r.status_code
        # ids generated after the copy come after the copied ones (identity sequences moved)
        before = counts_of(url, ["audit_log"])["audit_log"]
        dst.new_person()
        assert counts_of(url, ["audit_log"])["audit_log"] > before
    finally:
        assert dst.stop() == 0, dst.log_tail()
        dst.tmp.cleanup()
    assert run("audit-verify", "--db", url).returncode == 0


@pytest.mark.parametrize("target", TARGETS, indirect=True)
def test_copy_refuses_a_target_with_data(sqlite_server, target):
    srv, _ = demo_with_cases(sqlite_server)
    url = target()
    assert run("seed", "--db", url).returncode == 0      # reference data only
    tables = tables_of(srv.db_path) + ["schema_migrations"]
    before = counts_of(url, tables)
    r = run("copy", "--from", srv.db_url, "--to", url)
    assert r.returncode != 0
    assert "already holds data" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert counts_of(url, tables) == before


def test_copy_refuses_a_table_it_does_not_know(tmp_path):
    src = tmp_path / "src.db"
    assert run("seed", "--demo", "--db", f"sqlite:{src}").returncode == 0
    c = sqlite3.connect(src)
    with c:
        c.execute("CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO extra_notes (body) VALUES ('x')")
    c.close()
    r = run("copy", "--from", f"sqlite:{src}", "--to", f"sqlite:{tmp_path / 'dst.db'}")
    assert r.returncode != 0 and "extra_notes" in r.stderr


def test_copy_needs_both_ends_and_hides_passwords(tmp_path):
    r = run("copy", "--from", f"sqlite:{tmp_path / 'a.db'}")
    assert r.returncode != 0 and "--to" in r.stderr
    r = run("copy", "--from", f"sqlite:{tmp_path / 'missing.db'}", "--to", f"sqlite:{tmp_path / 'b.db'}")
    assert r.returncode != 0 and "no database" in r.stderr
    assert not (tmp_path / "missing.db").exists()
    src = tmp_path / "s.db"
    assert run("seed", "--db", f"sqlite:{src}").returncode == 0
    r = run("copy", "--from", f"sqlite:{src}", "--to", "postgresql://onestop:hunter2@127.0.0.1:1/onestop")
    assert r.returncode != 0 and "***" in r.stderr
    assert "hunter2" not in r.stdout + r.stderr
    r = run("copy", "--help")
    assert r.returncode == 0 and "usage: onestop copy" in r.stdout


# ---------------------------------------------------------------- 100k cases

N_CASES = 100_000


def synthetic(sqlite_server, tmp_path):
    """A SQLite database with N_CASES cases (and one event each), cloned
    with SQL from a case filed through the API."""
    srv = sqlite_server()
    casekit.file_case(srv, "xiaochi")
    assert srv.stop() == 0
    db = tmp_path / "big.db"
    shutil.copy(srv.db_path, db)
    shutil.copytree(srv.db_path.parent / "files", tmp_path / "files")   # the uploads go with the database
    c = sqlite3.connect(db)
    cols = [r[1] for r in c.execute("PRAGMA table_info(cases)")]
    ecols = [r[1] for r in c.execute("PRAGMA table_info(case_events)")]
    fresh = {"id": "printf('syn%08d', n)", "number": "printf('999999-20260101-%08d', n)"}
    with c:
        c.execute(f"""WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {N_CASES - 1})
            INSERT INTO cases ({', '.join(cols)})
            SELECT {', '.join(fresh.get(x, x) for x in cols)} FROM k, (SELECT * FROM cases LIMIT 1)""")
        c.execute(f"""INSERT INTO case_events ({', '.join(ecols)})
            SELECT {', '.join("c.id" if x == "case_id" else "e." + x for x in ecols)}
            FROM cases c, (SELECT * FROM case_events LIMIT 1) e WHERE c.id LIKE 'syn%'""")
    c.close()
    return db


@pytest.mark.parametrize("target", TARGETS, indirect=True)
def test_copy_100k_cases(sqlite_server, tmp_path, target):
    db = synthetic(sqlite_server, tmp_path)
    tables = tables_of(db)
    source = counts_of(f"sqlite:{db}", tables)
    assert source["cases"] == N_CASES and source["case_events"] >= N_CASES
    url = target("big-target.db")
    t0 = time.monotonic()
    r = run("copy", "--from", f"sqlite:{db}", "--to", url, timeout=900)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stdout + r.stderr
    print(f"\ncopy of {N_CASES} cases sqlite -> {url.split(':')[0]}: {took:.1f} s")
    copied = counts_of(url, tables)
    assert {t: n for t, n in copied.items() if not t.startswith("blob")} == \
        {t: n for t, n in source.items() if not t.startswith("blob")}
