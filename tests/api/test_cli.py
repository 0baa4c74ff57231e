"""The command line: migrate and seed are idempotent, every command has
--help, environment variables mirror the flags, bad arguments are refused
with a clear message and a non-zero exit."""
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import BIN


def run(*args, env=None, cwd=None):
    import os
    e = dict(os.environ, **(env or {}))
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, env=e, cwd=cwd)


def counts(db):
    c = sqlite3.connect(db)
    try:
        return {t: c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("regions", "departments", "accounts", "matters", "calendar_years", "slots", "audit_log")}
    finally:
        c.close()


def test_migrate_and_seed_are_idempotent(tmp_path):
    db = tmp_path / "x.db"
    r = run("migrate", "--db", f"sqlite:{db}")
    assert r.returncode == 0, r.stderr
    versions = sqlite3.connect(db).execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    # every migration file is applied, once (numbers may leave a gap for a change still under way)
    files = sorted(int(p.name[:4]) for p in (Path(__file__).resolve().parents[2] / "src/store/sql").glob("*.sql"))
    assert [v[0] for v in versions] == files and len(versions) >= 5
    assert run("migrate", "--db", f"sqlite:{db}").returncode == 0
    assert run("seed", "--demo", "--db", f"sqlite:{db}").returncode == 0
    first = counts(db)
    assert first["matters"] >= 30 and first["departments"] >= 8 and first["accounts"] >= 14
    assert first["calendar_years"] >= 1
    r = run("seed", "--demo", "--db", f"sqlite:{db}")
    assert r.returncode == 0, r.stderr
    assert counts(db) == first                       # nothing added twice, nothing audited twice
    r = run("audit-verify", "--db", f"sqlite:{db}")
    assert r.returncode == 0 and "intact" in r.stdout


def test_environment_mirrors_the_flags(tmp_path):
    db = tmp_path / "env.db"
    r = run("migrate", env={"ONESTOP_DB": f"sqlite:{db}"})
    assert r.returncode == 0, r.stderr
    assert db.exists()


@pytest.mark.parametrize("cmd", ["serve", "migrate", "seed", "audit-verify", "backup"])
def test_every_command_has_help(cmd):
    r = run(cmd, "--help")
    assert r.returncode == 0
    assert "usage: onestop " + cmd in r.stdout and "--db" in r.stdout


@pytest.mark.parametrize("args, needle", [
    (["fly"], "unknown command"),
    (["serve", "--listen", "nowhere"], "HOST:PORT"),
    (["serve", "--threads", "0"], "bad value"),
    (["migrate", "--db", "postgresql://onestop:hunter2@127.0.0.1:1/onestop"],
     "cannot connect to postgresql://onestop:***@127.0.0.1:1/onestop"),
    (["migrate", "--db", "mysql://x"], "unknown database URL"),
    (["migrate", "--demo"], "not accepted"),
    (["seed", "--db"], ""),
])
def test_bad_arguments_are_refused(tmp_path, args, needle):
    r = run(*args, cwd=tmp_path)
    assert r.returncode != 0
    assert needle in r.stderr
    assert "hunter2" not in r.stderr + r.stdout      # a password is never printed


def test_audit_verify_names_the_broken_entry(tmp_path):
    db = tmp_path / "a.db"
    assert run("seed", "--demo", "--db", f"sqlite:{db}").returncode == 0
    c = sqlite3.connect(db)
    with c:
        c.execute("UPDATE audit_log SET action = 'forged' WHERE seq = 3")
    c.close()
    r = run("audit-verify", "--db", f"sqlite:{db}")
    assert r.returncode == 3 and "entry 3" in r.stdout
